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
            let r = config.resource;
            match Setting::attr(r, "data_capture_config", "DataCaptureConfig") {
                Setting::Unset => {
                    let attribute = r.lang.pick("data_capture_config", "DataCaptureConfig");
                    c.report_missing(r, format!("endpoint configuration has no data capture (`{attribute}`): requests and predictions are neither audited nor monitored for drift"));
                }
                Setting::Known(_) => match Setting::attr(r, "data_capture_config.enable_capture", "DataCaptureConfig.EnableCapture") {
                    Setting::Known(v) if v.as_bool() == Some(false) => {
                        c.report(r, v, "endpoint data capture is turned off");
                    }
                    // The AWS provider sends `false` when the block leaves it out;
                    // CloudFormation leaves it to the API, whose default is on.
                    Setting::Unset if r.lang == ringfence_model::Lang::Terraform => {
                        c.report_missing(r, "endpoint data capture is off: `enable_capture` defaults to false in the Terraform AWS provider");
                    }
                    _ => {}
                },
                Setting::Unknown(_) => {}
            }
        }
    }
}
