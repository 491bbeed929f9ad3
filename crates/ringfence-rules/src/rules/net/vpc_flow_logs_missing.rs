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
        let mut uncertain_units = std::collections::HashMap::new();
        for (flow_log, target) in model.flow_log_targets() {
            match target {
                Placement::Vpc(v) => {
                    covered.insert(v);
                }
                Placement::Unknown => {
                    uncertain_units.entry(flow_log.unit).or_insert(flow_log);
                }
                Placement::Elsewhere => {}
            }
        }
        for (id, vpc) in model.vpcs() {
            c.examined(vpc);
            if covered.contains(&id) {
                continue;
            }
            match uncertain_units.get(&vpc.unit) {
                Some(flow_log) => {
                    let target =
                        ["vpc_id", "ResourceId", "resource_id"].into_iter().filter_map(|k| flow_log.attrs.get(k));
                    c.undecided_among(vpc, target, format!("the VPC of flow log `{}` is not known", flow_log.address));
                }
                None => {
                    c.report_missing(vpc, "VPC has no flow log: traffic in and out of it is not recorded, so exfiltration and scanning leave no trace");
                }
            }
        }
    }
}
