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
        let mut vpcs: Vec<ResourceId> =
            hosting.iter().filter_map(|(p, _)| if let Placement::Vpc(v) = p { Some(*v) } else { None }).collect();
        vpcs.sort();
        vpcs.dedup();
        for vpc_id in vpcs {
            let vpc = model.resource(vpc_id);
            let hosted: Vec<_> = hosting.iter().filter(|(p, _)| *p == Placement::Vpc(vpc_id)).map(|(_, h)| h).collect();
            let mut needed: Vec<&str> = vec![ALWAYS_NEEDS];
            if hosted.iter().any(|h| !h.bedrock) {
                needed.extend(SAGEMAKER_NEEDS);
            }
            if hosted.iter().any(|h| h.bedrock) || model.uses_bedrock(vpc.unit) {
                needed.push(BEDROCK_NEEDS);
            }
            let mut have = Vec::new();
            let mut uncertain = false;
            for endpoint in &endpoints {
                match endpoint.placement {
                    Placement::Vpc(v) if v == vpc_id => {}
                    Placement::Unknown if endpoint.resource.unit == vpc.unit => {}
                    _ => continue,
                }
                match endpoint.service() {
                    Some(service) if endpoint.placement == Placement::Vpc(vpc_id) => have.push(service),
                    Some(_) => {}
                    None => uncertain = true,
                }
                if endpoint.placement == Placement::Unknown {
                    uncertain = true;
                }
            }
            if uncertain {
                continue; // an endpoint we cannot read may be the missing one
            }
            let missing: Vec<&str> = needed.into_iter().filter(|n| !have.iter().any(|h| h == n)).collect();
            if missing.is_empty() {
                continue;
            }
            let finding = c.report_missing(
                vpc,
                format!("VPC hosts AI workloads but has no VPC endpoint for {}", missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
            );
            for h in hosted {
                finding.label(h.value.span, format!("`{}` runs in this VPC", h.resource.address));
            }
        }
    }
}
