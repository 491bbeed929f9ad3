//! VPCs and what is attached to them: subnets, endpoints, flow logs, and the AI
//! resources they host.

use crate::views::network::IngressRule;
use crate::{Attribute, Model, Resource, ResourceId, Setting, Value, UNKNOWN_MARK};
use std::net::Ipv4Addr;

const VPC_TYPES: &[&str] = &["aws_vpc", "AWS::EC2::VPC"];
const SUBNET_TYPES: &[&str] = &["aws_subnet", "AWS::EC2::Subnet"];
const GROUP_TYPES: &[&str] = &["aws_security_group", "AWS::EC2::SecurityGroup"];

/// Which VPC a value places a resource in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A VPC of the model.
    Vpc(ResourceId),
    /// A VPC outside the model (a literal ID) or no VPC.
    Elsewhere,
    /// Cannot be known (a variable without default, a data source).
    Unknown,
}

/// An AI resource hosted in a VPC.
pub struct Hosted<'m> {
    pub resource: &'m Resource,
    /// The value placing it (VPC ID or subnet).
    pub value: &'m Value,
    /// `true` for Bedrock, `false` for SageMaker.
    pub bedrock: bool,
}

/// AI resources with a VPC placement: type, path, Bedrock or not.
const HOSTING: &[(&str, &str, bool)] = &[
    ("aws_sagemaker_domain", "vpc_id", false),
    ("AWS::SageMaker::Domain", "VpcId", false),
    ("aws_sagemaker_notebook_instance", "subnet_id", false),
    ("AWS::SageMaker::NotebookInstance", "SubnetId", false),
    ("aws_sagemaker_model", "vpc_config.subnets", false),
    ("AWS::SageMaker::Model", "VpcConfig.Subnets", false),
    ("aws_bedrock_custom_model", "vpc_config.subnet_ids", true),
];

/// Endpoint services (PrivateLink services someone runs behind a load balancer).
const ENDPOINT_SERVICE_TYPES: &[&str] = &["aws_vpc_endpoint_service", "AWS::EC2::VPCEndpointService"];

/// A VPC endpoint.
pub struct Endpoint<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub placement: Placement,
    pub service_name: Setting<'m>,
    /// `Gateway` when unset.
    pub endpoint_type: Setting<'m>,
    pub security_groups: Vec<&'m Value>,
}

impl Endpoint<'_> {
    pub fn is_interface(&self) -> Option<bool> {
        match self.endpoint_type {
            Setting::Unset => Some(false),
            Setting::Unknown(_) => None,
            Setting::Known(v) => Some(v.as_str()?.eq_ignore_ascii_case("Interface")),
        }
    }

    /// The AWS service the endpoint reaches (`s3`, `sagemaker.api`, `bedrock-runtime`),
    /// from `com.amazonaws.<region>.<service>`, also when the region is unknown.
    /// `None` when the service part cannot be known.
    pub fn service(&self) -> Option<String> {
        let value = match self.service_name {
            Setting::Known(v) | Setting::Unknown(v) => v,
            Setting::Unset => return None,
        };
        service_of(value.text()?)
    }
}

impl Endpoint<'_> {
    /// Whether the endpoint reaches an AWS service (`com.amazonaws.<region>.<service>`,
    /// `aws.sagemaker.<region>.notebook`) rather than an endpoint service someone runs
    /// (`com.amazonaws.vpce.<region>.vpce-svc-…`, a partner's PrivateLink service).
    /// `None` when the name cannot be known.
    pub fn reaches_aws_service(&self, model: &Model) -> Option<bool> {
        let value = match self.service_name {
            Setting::Known(v) | Setting::Unknown(v) => v,
            Setting::Unset => return None,
        };
        // The name of an endpoint service this configuration defines.
        let defined_here = model
            .referenced_by(self.resource, value)
            .into_iter()
            .any(|id| ENDPOINT_SERVICE_TYPES.contains(&model.resource(id).rtype.as_str()));
        if defined_here {
            return Some(false);
        }
        let name = value.text()?.trim();
        if name.starts_with("com.amazonaws.vpce.") || name.contains("vpce-svc-") {
            return Some(false);
        }
        if name.starts_with("com.amazonaws.") || name.starts_with("aws.") {
            return Some(true);
        }
        // Written whole and of another form: not one of AWS's own services.
        (!name.contains(UNKNOWN_MARK) && !name.is_empty()).then_some(false)
    }
}

/// The service part of an endpoint service name.
pub fn service_of(name: &str) -> Option<String> {
    let rest = name.trim().strip_prefix("com.amazonaws.")?;
    let (_region, service) = rest.split_once('.')?;
    (!service.is_empty() && !service.contains(UNKNOWN_MARK)).then(|| service.to_string())
}

/// An IPv4 CIDR as (network, prefix length).
pub fn parse_ipv4_cidr(text: &str) -> Option<(u32, u8)> {
    let (addr, len) = text.trim().split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 32)?;
    Some((u32::from(addr), len))
}

/// Whether IPv4 CIDR `inner` lies inside `outer`.
pub fn cidr_within(inner: (u32, u8), outer: (u32, u8)) -> bool {
    let mask = |len: u8| if len == 0 { 0 } else { u32::MAX << (32 - len) };
    inner.1 >= outer.1 && (inner.0 & mask(outer.1)) == (outer.0 & mask(outer.1))
}

impl Model {
    pub fn vpcs(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.of_type(VPC_TYPES)
    }

    /// The VPC a value (a VPC ID or subnet) places a resource of `from` in.
    pub fn placement(&self, from: &Resource, value: &Value) -> Placement {
        for target in self.referenced_by(from, value) {
            let r = self.resource(target);
            if VPC_TYPES.contains(&r.rtype.as_str()) {
                return Placement::Vpc(target);
            }
            if SUBNET_TYPES.contains(&r.rtype.as_str()) {
                return match Attribute::new("vpc_id", "VpcId").get(&r.attrs, r.lang) {
                    Some(vpc) => match self
                        .referenced_by(r, vpc)
                        .into_iter()
                        .find(|id| VPC_TYPES.contains(&self.resource(*id).rtype.as_str()))
                    {
                        Some(id) => Placement::Vpc(id),
                        None if vpc.is_unknown() => Placement::Unknown,
                        None => Placement::Elsewhere,
                    },
                    None => Placement::Unknown,
                };
            }
        }
        if value.is_unknown() || value.rendered.is_some() {
            Placement::Unknown
        } else {
            Placement::Elsewhere
        }
    }

    /// The IPv4 CIDR blocks of every VPC: its primary block and associated ones. `None`
    /// for a VPC where one of them cannot be known (an IPAM pool, a variable without
    /// default). Built in one pass over the model.
    pub fn vpc_cidrs(&self) -> std::collections::HashMap<ResourceId, Option<Vec<(u32, u8)>>> {
        let mut values: std::collections::HashMap<ResourceId, Vec<Option<&Value>>> = std::collections::HashMap::new();
        for (id, r) in self.vpcs() {
            values.entry(id).or_default().push(Attribute::new("cidr_block", "CidrBlock").get(&r.attrs, r.lang));
        }
        for (_, assoc) in self.of_type(&["aws_vpc_ipv4_cidr_block_association", "AWS::EC2::VPCCidrBlock"]) {
            let Some(vpc) = Attribute::new("vpc_id", "VpcId").get(&assoc.attrs, assoc.lang) else { continue };
            for id in self.referenced_by(assoc, vpc) {
                if let Some(list) = values.get_mut(&id) {
                    list.push(Attribute::new("cidr_block", "CidrBlock").get(&assoc.attrs, assoc.lang));
                }
            }
        }
        values
            .into_iter()
            .map(|(id, list)| {
                let cidrs: Option<Vec<(u32, u8)>> =
                    list.into_iter().map(|v| v.and_then(Value::as_str).and_then(parse_ipv4_cidr)).collect();
                (id, cidrs)
            })
            .collect()
    }

    pub fn vpc_endpoints(&self) -> Vec<Endpoint<'_>> {
        self.of_type(&["aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"])
            .map(|(id, r)| {
                let placement = match Attribute::new("vpc_id", "VpcId").get(&r.attrs, r.lang) {
                    Some(v) => self.placement(r, v),
                    None => Placement::Unknown,
                };
                Endpoint {
                    id,
                    resource: r,
                    placement,
                    service_name: Attribute::new("service_name", "ServiceName").read(r).setting,
                    endpoint_type: Attribute::new("vpc_endpoint_type", "VpcEndpointType").read(r).setting,
                    security_groups: Attribute::new("security_group_ids", "SecurityGroupIds")
                        .get(&r.attrs, r.lang)
                        .map(|v| v.items().iter().collect())
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    /// The flow logs of the model: the VPC each is attached to.
    pub fn flow_log_targets(&self) -> Vec<(&Resource, Placement)> {
        let mut out = Vec::new();
        for (_, r) in self.of_type(&["aws_flow_log", "AWS::EC2::FlowLog"]) {
            let target = match r.lang {
                ringfence_eval::Lang::Terraform => match r.attrs.get("vpc_id") {
                    Some(v) => self.placement(r, v),
                    None => continue, // a subnet or interface flow log
                },
                ringfence_eval::Lang::CloudFormation | ringfence_eval::Lang::Awscc => {
                    match Attribute::new("", "ResourceType").read(r).setting {
                        Setting::Known(t) if !t.as_str().is_some_and(|t| t.eq_ignore_ascii_case("VPC")) => continue,
                        _ => {}
                    }
                    match Attribute::new("", "ResourceId").get(&r.attrs, r.lang) {
                        Some(v) => self.placement(r, v),
                        None => Placement::Unknown,
                    }
                }
            };
            out.push((r, target));
        }
        out
    }

    /// AI resources hosted in each VPC of the model, and the AI resources whose VPC
    /// cannot be known.
    pub fn ai_hosting(&self) -> Vec<(Placement, Hosted<'_>)> {
        let mut out = Vec::new();
        for (rtype, path, bedrock) in HOSTING {
            for (_, r, values) in self.values_at(rtype, path) {
                for value in values.items() {
                    out.push((self.placement(r, value), Hosted { resource: r, value, bedrock: *bedrock }));
                }
            }
        }
        out
    }

    /// The security group an ingress rule belongs to: the group itself for inline
    /// rules, the group a separate rule resource names otherwise.
    pub fn group_of(&self, rule: &IngressRule<'_>) -> Option<ResourceId> {
        let r = rule.resource;
        if GROUP_TYPES.contains(&r.rtype.as_str()) {
            return Some(rule.id);
        }
        let value = Attribute::new("security_group_id", "GroupId").get(&r.attrs, r.lang)?;
        self.referenced_by(r, value).into_iter().find(|id| GROUP_TYPES.contains(&self.resource(*id).rtype.as_str()))
    }

    /// The security groups of the model a list of group IDs names.
    pub fn groups_named(&self, from: &Resource, values: &[&Value]) -> Vec<ResourceId> {
        let mut out: Vec<ResourceId> = values
            .iter()
            .flat_map(|v| self.referenced_by(from, v))
            .filter(|id| GROUP_TYPES.contains(&self.resource(*id).rtype.as_str()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The units (configurations) that deploy any Bedrock resource.
    pub fn bedrock_units(&self) -> std::collections::HashSet<ringfence_eval::UnitId> {
        self.resources()
            .filter(|(_, r)| r.mode == crate::Mode::Managed && is_bedrock_type(&r.rtype))
            .map(|(_, r)| r.unit)
            .collect()
    }
}

/// A Bedrock resource type in either language (model invocation logging excluded: it
/// configures the account, not a workload).
pub(crate) fn is_bedrock_type(rtype: &str) -> bool {
    (rtype.starts_with("aws_bedrock") && rtype != "aws_bedrock_model_invocation_logging_configuration")
        || rtype.starts_with("AWS::Bedrock::")
        || rtype.starts_with("AWS::BedrockAgentCore::")
}
