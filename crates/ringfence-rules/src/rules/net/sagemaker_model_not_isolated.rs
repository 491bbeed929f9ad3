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
        for model in c.model.sagemaker_models() {
            c.examined(model.resource);
            let (vpc, isolation) = (model.vpc, model.network_isolation);
            let isolation_off = isolation.is_unset() || isolation.known().is_some_and(is_false);
            let mut problems = Vec::new();
            if vpc.is_unset() {
                problems.push(format!("no `{}` (its containers run outside your VPC)", vpc.name()));
            }
            if isolation_off {
                problems.push(format!("`{}` is off (its containers can reach the internet)", isolation.name()));
            }
            if problems.is_empty() {
                if let Setting::Unknown(v) = isolation.setting {
                    c.undecided(model.resource, v.span, format!("`{}` is not known", isolation.name()));
                }
                continue;
            }
            let message = format!("SageMaker model is not isolated: {}", problems.join(" and "));
            // One finding per model: at the explicit `false` when there is one.
            let finding = match isolation.known().filter(|_| isolation_off) {
                Some(v) => c.report(model.resource, v, message),
                None => c.report_missing(model.resource, message),
            };
            // Network isolation is the safe half to fix; a VPC needs subnets only the user knows.
            if isolation_off && !vpc.is_unset() {
                finding.fix(isolation, FixValue::Bool(true));
            }
        }
    }
}
