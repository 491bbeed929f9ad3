//! API Gateway methods (REST APIs) and routes (HTTP and WebSocket APIs).

use crate::{Attribute, Field, Model, Resource, Setting};
use ringfence_eval::Value;

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

/// An API event of a SAM function (`Events: {X: {Type: Api | HttpApi, …}}`): SAM turns
/// it into a method (REST API) or route (HTTP API) of the function's API.
pub struct SamApiEvent<'m> {
    /// The function.
    pub resource: &'m Resource,
    /// The event's name.
    pub name: &'m str,
    /// `REST API` or `HTTP API`, for messages.
    pub api_kind: &'static str,
    pub authorization: SamAuthorization<'m>,
}

/// How a SAM API event is authorized, when it is not.
pub enum SamAuthorization<'m> {
    /// `Auth.Authorizer: NONE` on the event (or `NONE` as its API's default).
    None(&'m Value),
    /// No authorizer on the event, and none by default on its API: at the event's
    /// `Type`, with the API declared in the template (none: SAM's implicit API).
    Missing { at: &'m Value, api: Option<&'m Resource> },
}

impl Model {
    /// The API events of SAM functions that no authorizer protects. Passing: an
    /// authorizer on the event (a name, `AWS_IAM`), else its API's `DefaultAuthorizer`
    /// (SAM's `Globals` applied by evaluation); `OPTIONS` (CORS preflight). Not judged:
    /// an API read from an OpenAPI definition (`DefinitionBody`, `DefinitionUri`), one
    /// not in the template, or anything unknown.
    pub fn sam_api_events(&self) -> Vec<SamApiEvent<'_>> {
        let mut out = Vec::new();
        for (_, r) in self.of_type(&["AWS::Serverless::Function"]) {
            let Some(events) = r.attrs.get("Events") else { continue };
            for event in events.entries() {
                let Some(at) = event.value.get("Type") else { continue };
                let (api_kind, api_id, api_type) = match at.as_str() {
                    Some("Api") => ("REST API", "RestApiId", "AWS::Serverless::Api"),
                    Some("HttpApi") => ("HTTP API", "ApiId", "AWS::Serverless::HttpApi"),
                    _ => continue,
                };
                let properties = event.value.get("Properties");
                let property = |name: &str| properties.and_then(|p| p.get(name));
                let method = property("Method").map(|m| m.as_str().map(str::to_ascii_uppercase));
                if matches!(&method, Some(None)) || matches!(&method, Some(Some(m)) if m == "OPTIONS") {
                    continue; // unknown, or CORS preflight
                }
                let authorization = match Setting::of(property("Auth").and_then(|a| a.get("Authorizer"))) {
                    Setting::Known(v) if is_none(v) => SamAuthorization::None(v),
                    Setting::Known(_) | Setting::Unknown(_) => continue,
                    Setting::Unset => {
                        let api = match property(api_id) {
                            None => None,
                            Some(id) => {
                                let declared = self
                                    .referenced_by(r, id)
                                    .into_iter()
                                    .map(|i| self.resource(i))
                                    .find(|api| api.rtype == api_type);
                                let Some(api) = declared else { continue }; // not in the template
                                Some(api)
                            }
                        };
                        let auth = api.and_then(|a| a.attrs.get("Auth"));
                        match (api, Setting::of(auth.and_then(|a| a.get("DefaultAuthorizer")))) {
                            (_, Setting::Known(v)) if is_none(v) => SamAuthorization::None(v),
                            (_, Setting::Known(_) | Setting::Unknown(_)) => continue,
                            (Some(api), _)
                                if api.attrs.get("DefinitionBody").is_some()
                                    || api.attrs.get("DefinitionUri").is_some() =>
                            {
                                continue; // its OpenAPI definition may secure it
                            }
                            (_, Setting::Unset) => SamAuthorization::Missing { at, api },
                        }
                    }
                };
                out.push(SamApiEvent { resource: r, name: &event.key, api_kind, authorization });
            }
        }
        out
    }
}

fn is_none(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.trim().eq_ignore_ascii_case("NONE"))
}
