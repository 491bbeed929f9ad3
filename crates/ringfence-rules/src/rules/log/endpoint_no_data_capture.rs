use crate::prelude::*;

declare_rule! {
    /// A SageMaker endpoint configuration without data capture.
    pub struct EndpointNoDataCapture {
        code: "LOG006",
        name: "endpoint-no-data-capture",
        severity: Low,
        default_enabled: true,
    }
}

impl Check for EndpointNoDataCapture {
    fn check(&self, c: &mut Checker<'_>) {
        for config in c.model.endpoint_configs() {
            c.require(config.data_capture).when_unset(|name| {
                format!(
                    "endpoint configuration has no data capture (`{name}`): \
                     requests and predictions are neither audited nor monitored for drift"
                )
            });
            if config.data_capture.known().is_none() {
                continue;
            }
            let capture =
                c.require(config.enable_capture).when(is_false, |_| "endpoint data capture is turned off".into());
            if config.capture_off_when_unset() {
                capture.when_unset(|name| {
                    format!("endpoint data capture is off: `{name}` defaults to false in the Terraform AWS provider")
                });
            }
        }
    }
}
