use crate::prelude::*;

declare_rule! {
    /// A SageMaker model without a VPC configuration or without network isolation.
    pub struct SagemakerModelNotIsolated {
        code: "NET005",
        name: "sagemaker-model-not-isolated",
        severity: Medium,
        default_enabled: true,
        fix: true,
    }
}

impl Check for SagemakerModelNotIsolated {
    fn check(&self, c: &mut Checker<'_>) {
        for (_, r) in c.model.of_type(&["aws_sagemaker_model", "AWS::SageMaker::Model"]) {
            let vpc = Setting::attr(r, "vpc_config", "VpcConfig");
            let isolation = Setting::attr(r, "enable_network_isolation", "EnableNetworkIsolation");
            let (vpc_attr, isolation_attr) = (r.lang.pick("vpc_config", "VpcConfig"), r.lang.pick("enable_network_isolation", "EnableNetworkIsolation"));
            let isolation_off = match isolation {
                Setting::Unset => Some(None),
                Setting::Known(v) if v.as_bool() == Some(false) => Some(Some(v)),
                _ => None,
            };
            let mut problems = Vec::new();
            if vpc.is_unset() {
                problems.push(format!("no `{vpc_attr}` (its containers run outside your VPC)"));
            }
            if isolation_off.is_some() {
                problems.push(format!("`{isolation_attr}` is off (its containers can reach the internet)"));
            }
            if problems.is_empty() {
                continue;
            }
            let message = format!("SageMaker model is not isolated: {}", problems.join(" and "));
            // One finding per model: at the explicit `false` when there is one.
            let finding = match isolation_off.flatten() {
                Some(v) => c.report(r, v, message),
                None => c.report_missing(r, message),
            };
            // Network isolation is the safe half to fix; a VPC needs subnets only the user knows.
            if let (Some(current), true) = (isolation_off, !vpc.is_unset()) {
                finding.fix_set(r, &["enable_network_isolation"], &["EnableNetworkIsolation"], FixValue::Bool(true), current);
            }
        }
    }
}
