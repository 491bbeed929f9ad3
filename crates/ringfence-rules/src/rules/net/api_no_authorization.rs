use crate::prelude::*;

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
            let what = op.resource.lang.pick(
                if op.resource.rtype.starts_with("aws_apigatewayv2") { "route" } else { "method" },
                if op.resource.rtype.starts_with("AWS::ApiGatewayV2") { "route" } else { "method" },
            );
            match op.authorization {
                Setting::Unset => {
                    let attribute = match op.resource.rtype.as_str() {
                        "aws_api_gateway_method" => "authorization",
                        "aws_apigatewayv2_route" => "authorization_type",
                        _ => "AuthorizationType",
                    };
                    c.report_missing(op.resource, format!("API {what} has no authorization: `{attribute}` defaults to NONE"));
                }
                Setting::Known(v) if v.as_str().is_some_and(|s| s.trim().eq_ignore_ascii_case("NONE")) => {
                    c.report(op.resource, v, format!("API {what} has authorization NONE: anyone who finds the URL can call it"));
                }
                _ => {}
            }
        }
    }
}
