//! API Gateway methods (REST APIs) and routes (HTTP and WebSocket APIs).

use crate::{Attribute, Field, Model, Resource};

/// A method or route and how callers are authorized.
pub struct ApiOperation<'m> {
    pub resource: &'m Resource,
    /// `method` (REST APIs) or `route` (HTTP and WebSocket APIs), for messages.
    pub kind: &'static str,
    /// `NONE` when unset on a route; required on a method.
    pub authorization: Field<'m>,
    /// `GET`, `OPTIONS`, ...; for routes, the method of the route key (`$default` and
    /// `$connect` stand for themselves).
    pub method: Option<String>,
    /// Whether the operation can carry an authorizer at all (only `$connect` of a
    /// WebSocket API can; other WebSocket routes cannot).
    pub authorizable: bool,
}

impl Model {
    pub fn api_operations(&self) -> Vec<ApiOperation<'_>> {
        let mut out = Vec::new();
        for (_, r) in self.of_type(&["aws_api_gateway_method", "AWS::ApiGateway::Method"]) {
            let method = Attribute::new("http_method", "HttpMethod")
                .read(r)
                .known()
                .and_then(|v| v.as_str())
                .map(str::to_ascii_uppercase);
            out.push(ApiOperation {
                resource: r,
                kind: "method",
                authorization: Attribute::new("authorization", "AuthorizationType").read(r),
                method,
                authorizable: true,
            });
        }
        for (_, r) in self.of_type(&["aws_apigatewayv2_route", "AWS::ApiGatewayV2::Route"]) {
            let key = Attribute::new("route_key", "RouteKey").read(r);
            let Some(key) = key.known().and_then(|v| v.as_str()) else { continue };
            let key = key.trim();
            // `$default` exists in both HTTP and WebSocket APIs; only HTTP routes and a
            // WebSocket API's `$connect` take an authorizer.
            let protocol = Attribute::new("api_id", "ApiId")
                .value_in(&r.attrs, r.lang)
                .into_iter()
                .flat_map(|v| self.referenced_by(r, v))
                .map(|id| self.resource(id))
                .find(|api| matches!(api.rtype.as_str(), "aws_apigatewayv2_api" | "AWS::ApiGatewayV2::Api"))
                .and_then(|api| Attribute::new("protocol_type", "ProtocolType").read(api).known()?.as_str())
                .map(str::to_ascii_uppercase);
            let (method, authorizable) = match key.split_once(' ') {
                Some((method, _)) => (method.to_ascii_uppercase(), true),
                None if key == "$connect" => (key.to_string(), true),
                None if key == "$default" => (key.to_string(), protocol.as_deref() == Some("HTTP")),
                None => (key.to_string(), false),
            };
            out.push(ApiOperation {
                resource: r,
                kind: "route",
                authorization: Attribute::new("authorization_type", "AuthorizationType").read(r),
                method: Some(method),
                authorizable,
            });
        }
        out.sort_by_key(|o| (o.resource.file, o.resource.header.start));
        out
    }
}
