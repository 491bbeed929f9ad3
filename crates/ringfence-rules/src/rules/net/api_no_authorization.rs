use crate::prelude::*;
use ringfence_model::views::api::SamAuthorization;

declare_rule! {
    /// An API Gateway method or route that anyone can call.
    pub struct ApiNoAuthorization {
        code: "NET010",
        name: "api-no-authorization",
        severity: High,
        default_enabled: true,
    }
}

impl Check for ApiNoAuthorization {
    fn check(&self, c: &mut Checker<'_>) {
        for op in c.model.api_operations() {
            // CORS preflight requests carry no credentials by design.
            if !op.authorizable || op.method.as_deref() == Some("OPTIONS") {
                continue;
            }
            let what = op.kind;
            c.require(op.authorization)
                .when_unset(|name| format!("API {what} has no authorization: `{name}` defaults to NONE"))
                .when(
                    |v| v.as_str().is_some_and(|s| s.trim().eq_ignore_ascii_case("NONE")),
                    |_| format!("API {what} has authorization NONE: anyone who finds the URL can call it"),
                );
        }
        // SAM functions' API events, which SAM turns into methods and routes: each
        // function with one is judged (the view lists only the unprotected events).
        for (_, function) in c.model.of_type(&["AWS::Serverless::Function"]) {
            let events = function.attrs.get("Events").map(Value::entries).unwrap_or_default();
            let api = events
                .iter()
                .any(|e| e.value.get("Type").and_then(Value::as_str).is_some_and(|t| matches!(t, "Api" | "HttpApi")));
            if api {
                c.examined(function);
            }
        }
        for event in c.model.sam_api_events() {
            let (name, api) = (event.name, event.api_kind);
            match event.authorization {
                SamAuthorization::None(v) => {
                    c.report(
                        event.resource,
                        v,
                        format!("{api} event `{name}` has authorization NONE: anyone who finds the URL can call it"),
                    );
                }
                SamAuthorization::Missing { at, api: declared } => {
                    let finding = c.report(
                        event.resource,
                        at,
                        format!(
                            "{api} event `{name}` has no authorizer, and its API none by default: anyone who finds \
                             the URL can call it"
                        ),
                    );
                    if let Some(declared) = declared {
                        finding.label(declared.header, format!("API `{}` has no default authorizer", declared.name));
                    }
                }
            }
        }
    }
}
