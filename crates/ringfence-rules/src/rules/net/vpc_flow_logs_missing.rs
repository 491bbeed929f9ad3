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
        let mut covered = std::collections::HashSet::new();
        // A flow log whose VPC cannot be known may be any VPC of its configuration:
        // never report on what cannot be known.
        let mut uncertain_units = std::collections::HashSet::new();
        for (flow_log, target) in model.flow_log_targets() {
            match target {
                Placement::Vpc(v) => {
                    covered.insert(v);
                }
                Placement::Unknown => {
                    uncertain_units.insert(flow_log.unit);
                }
                Placement::Elsewhere => {}
            }
        }
        for (id, vpc) in model.vpcs() {
            if !covered.contains(&id) && !uncertain_units.contains(&vpc.unit) {
                c.report_missing(vpc, "VPC has no flow log: traffic in and out of it is not recorded, so exfiltration and scanning leave no trace");
            }
        }
    }
}
