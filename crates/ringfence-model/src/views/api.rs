//! API Gateway methods (REST APIs) and routes (HTTP and WebSocket APIs).

use crate::{Model, Resource, Setting};

/// A method or route and how callers are authorized.
pub struct ApiOperation<'m> {
    pub resource: &'m Resource,
    /// `NONE` when unset on a route; required on a method.
    pub authorization: Setting<'m>,
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
            let method = Setting::attr(r, "http_method", "HttpMethod")
                .known()
                .and_then(|v| v.as_str())
                .map(str::to_ascii_uppercase);
            out.push(ApiOperation {
                resource: r,
                authorization: Setting::attr(r, "authorization", "AuthorizationType"),
                method,
                authorizable: true,
            });
        }
        for (_, r) in self.of_type(&["aws_apigatewayv2_route", "AWS::ApiGatewayV2::Route"]) {
            let key = Setting::attr(r, "route_key", "RouteKey");
            let Some(key) = key.known().and_then(|v| v.as_str()) else { continue };
            let key = key.trim();
            // `$default` exists in both HTTP and WebSocket APIs; only HTTP routes and a
            // WebSocket API's `$connect` take an authorizer.
            let protocol = r
                .attrs
                .get(r.lang.pick("api_id", "ApiId"))
                .into_iter()
                .flat_map(|v| self.referenced_by(r, v))
                .map(|id| self.resource(id))
                .find(|api| matches!(api.rtype.as_str(), "aws_apigatewayv2_api" | "AWS::ApiGatewayV2::Api"))
                .and_then(|api| Setting::attr(api, "protocol_type", "ProtocolType").known()?.as_str())
                .map(str::to_ascii_uppercase);
            let (method, authorizable) = match key.split_once(' ') {
                Some((method, _)) => (method.to_ascii_uppercase(), true),
                None if key == "$connect" => (key.to_string(), true),
                None if key == "$default" => (key.to_string(), protocol.as_deref() == Some("HTTP")),
                None => (key.to_string(), false),
            };
            out.push(ApiOperation {
                resource: r,
                authorization: Setting::attr(r, "authorization_type", "AuthorizationType"),
                method: Some(method),
                authorizable,
            });
        }
        out.sort_by_key(|o| (o.resource.file, o.resource.header.start));
        out
    }
}
