use crate::prelude::*;
use ringfence_model::views::vpc::Placement;
use ringfence_model::ResourceId;

declare_rule! {
    /// A VPC hosting SageMaker or Bedrock without endpoints for the services they call.
    pub struct AiVpcMissingEndpoints {
        code: "NET007",
        name: "ai-vpc-missing-endpoints",
        severity: Medium,
        default_enabled: true,
    }
}

/// Every AI workload reads its data and artifacts from S3.
const ALWAYS_NEEDS: &str = "s3";
const SAGEMAKER_NEEDS: &[&str] = &["sagemaker.api", "sagemaker.runtime"];
const BEDROCK_NEEDS: &str = "bedrock-runtime";

impl Check for AiVpcMissingEndpoints {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        let hosting = model.ai_hosting();
        let endpoints = model.vpc_endpoints();
        let bedrock_units = model.bedrock_units();
        // Endpoints by the VPC they are in; those whose VPC is unknown, by unit.
        let mut in_vpc: std::collections::HashMap<ResourceId, Vec<&_>> = std::collections::HashMap::new();
        let mut unknown_units = std::collections::HashMap::new();
        for endpoint in &endpoints {
            match endpoint.placement {
                Placement::Vpc(v) => in_vpc.entry(v).or_default().push(endpoint),
                Placement::Unknown => {
                    unknown_units.entry(endpoint.resource.unit).or_insert(endpoint.resource);
                }
                Placement::Elsewhere => {}
            }
        }
        let mut hosted_in: std::collections::HashMap<ResourceId, Vec<_>> = std::collections::HashMap::new();
        for (placement, h) in &hosting {
            if let Placement::Vpc(v) = placement {
                hosted_in.entry(*v).or_default().push(h);
            }
        }
        let mut vpcs: Vec<ResourceId> =
            hosting.iter().filter_map(|(p, _)| if let Placement::Vpc(v) = p { Some(*v) } else { None }).collect();
        vpcs.sort();
        vpcs.dedup();
        for vpc_id in vpcs {
            let vpc = model.resource(vpc_id);
            c.examined(vpc);
            let hosted = hosted_in.get(&vpc_id).cloned().unwrap_or_default();
            let mut needed: Vec<&str> = vec![ALWAYS_NEEDS];
            if hosted.iter().any(|h| !h.bedrock) {
                needed.extend(SAGEMAKER_NEEDS);
            }
            if hosted.iter().any(|h| h.bedrock) || bedrock_units.contains(&vpc.unit) {
                needed.push(BEDROCK_NEEDS);
            }
            // An endpoint we cannot place or read may be the missing one.
            if let Some(endpoint) = unknown_units.get(&vpc.unit) {
                let placed = ["vpc_id", "VpcId"].into_iter().filter_map(|k| endpoint.attrs.get(k));
                c.undecided_among(vpc, placed, format!("the VPC of endpoint `{}` is not known", endpoint.address));
                continue;
            }
            let here = in_vpc.get(&vpc_id).map(Vec::as_slice).unwrap_or_default();
            let Some(have) = here.iter().map(|e| e.service()).collect::<Option<Vec<String>>>() else {
                if let Some(unknown) = here.iter().find(|e| e.service().is_none()) {
                    let name = unknown.service_name.written().into_iter();
                    c.undecided_among(
                        vpc,
                        name,
                        format!("the service of endpoint `{}` is not known", unknown.resource.address),
                    );
                }
                continue;
            };
            let missing: Vec<&str> = needed.into_iter().filter(|n| !have.iter().any(|h| h == n)).collect();
            if missing.is_empty() {
                continue;
            }
            let finding = c.report_missing(
                vpc,
                format!(
                    "VPC hosts AI workloads but has no VPC endpoint for {}",
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ),
            );
            for h in hosted {
                finding.label(h.value.span, format!("`{}` runs in this VPC", h.resource.address));
            }
        }
    }
}
