use crate::prelude::*;
use ringfence_model::views::vpc::Placement;

declare_rule! {
    /// A VPC without a flow log.
    pub struct VpcFlowLogsMissing {
        code: "NET006",
        name: "vpc-flow-logs-missing",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for VpcFlowLogsMissing {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        let targets = model.flow_log_targets();
        for (id, vpc) in model.vpcs() {
            let covered = targets.iter().any(|(flow_log, target)| match target {
                Placement::Vpc(v) => *v == id,
                // A flow log of the same configuration whose VPC cannot be known may
                // be this VPC's: never report on what cannot be known.
                Placement::Unknown => flow_log.unit == vpc.unit,
                Placement::Elsewhere => false,
            });
            if !covered {
                c.report_missing(vpc, "VPC has no flow log: traffic in and out of it is not recorded, so exfiltration and scanning leave no trace");
            }
        }
    }
}
