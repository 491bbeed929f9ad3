use crate::prelude::*;
use ringfence_model::views::network::Ports;
use ringfence_model::views::vpc::{cidr_within, parse_ipv4_cidr, Placement};

declare_rule! {
    /// A security group of an interface VPC endpoint of an AWS service admits sources
    /// outside the VPC or ports other than 443.
    pub struct EndpointIngressTooBroad {
        code: "NET002",
        name: "endpoint-ingress-too-broad",
        severity: High,
        default_enabled: true,
    }
}

/// No VPC has an IPv6 block larger than a /44 (Amazon assigns /56; BYOIP allows /44).
const WIDEST_VPC_IPV6_PREFIX: u8 = 44;
/// No VPC has an IPv4 block larger than a /16.
const WIDEST_VPC_IPV4_PREFIX: u8 = 16;

impl Check for EndpointIngressTooBroad {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        // Each group once, with the endpoint (and its VPC) it protects.
        let endpoints = model.vpc_endpoints();
        let mut groups = std::collections::HashMap::new();
        for endpoint in &endpoints {
            // Endpoints of services someone runs (PrivateLink) carry whatever that
            // service needs; only endpoints of AWS services are held to 443 from the VPC.
            if endpoint.is_interface() != Some(true) || endpoint.reaches_aws_service(model) == Some(false) {
                continue;
            }
            for group in model.groups_named(endpoint.resource, &endpoint.security_groups) {
                groups.entry(group).or_insert(endpoint);
            }
        }
        if groups.is_empty() {
            return;
        }
        for group in groups.keys() {
            c.examined(model.resource(*group));
        }
        let cidrs = model.vpc_cidrs();
        for rule in model.ingress_rules() {
            let Some(group) = model.group_of(&rule) else { continue };
            let Some(endpoint) = groups.get(&group) else { continue };
            c.examined(rule.resource);
            let vpc_cidrs = match endpoint.placement {
                Placement::Vpc(vpc) => cidrs.get(&vpc).cloned().flatten(),
                _ => None,
            };
            let outside = rule.sources.iter().find(|source| {
                let Some(text) = source.as_str() else { return false };
                if let Some(cidr) = parse_ipv4_cidr(text) {
                    // Wider than any VPC is outside it, whether its CIDR is known or not.
                    return cidr.1 < WIDEST_VPC_IPV4_PREFIX
                        || vpc_cidrs.as_ref().is_some_and(|vpc| !vpc.iter().any(|block| cidr_within(cidr, *block)));
                }
                // An IPv6 range wider than any VPC's is outside it, whatever the VPC.
                text.split_once('/')
                    .and_then(|(_, len)| len.trim().parse::<u8>().ok())
                    .is_some_and(|len| text.contains(':') && len < WIDEST_VPC_IPV6_PREFIX)
            });
            let bad_ports = match rule.ports() {
                Ports::All => Some("every port".to_string()),
                Ports::Range(443, 443) | Ports::Icmp | Ports::Unknown => None,
                Ports::Range(from, to) if from == to => Some(format!("port {from}")),
                Ports::Range(from, to) => Some(format!("ports {from}-{to}")),
            };
            let endpoint_name = &endpoint.resource.address;
            let finding = match (outside, &bad_ports) {
                (Some(source), ports) => {
                    let mut message = format!(
                        "security group of interface endpoint `{endpoint_name}` admits `{}`, outside the VPC",
                        source.as_str().unwrap_or_default()
                    );
                    if let Some(ports) = ports {
                        message.push_str(&format!(", on {ports} (endpoints need only 443)"));
                    }
                    c.report(rule.resource, *source, message)
                }
                (None, Some(ports)) => {
                    let at = rule.from_port.known().or(rule.protocol.known());
                    let message = format!("security group of interface endpoint `{endpoint_name}` admits {ports}; endpoints need only 443");
                    match at {
                        Some(v) => c.report(rule.resource, v, message),
                        None => c.report(rule.resource, rule.span, message),
                    }
                }
                (None, None) => {
                    // A source or port range that cannot be known may be the broad one;
                    // so may a source inside a /16 when the VPC's CIDR is not known.
                    let source = rule.sources.iter().copied().find(|v| v.is_unknown());
                    let port = match rule.ports() {
                        Ports::Unknown => {
                            [rule.protocol, rule.from_port, rule.to_port].into_iter().find_map(|s| match s {
                                Setting::Unknown(v) => Some(v),
                                _ => None,
                            })
                        }
                        _ => None,
                    };
                    let within = || {
                        let cidr = |s: &&Value| s.as_str().and_then(parse_ipv4_cidr).is_some();
                        rule.sources.iter().copied().find(cidr).filter(|_| vpc_cidrs.is_none())
                    };
                    if let Some(v) = source {
                        c.undecided(rule.resource, v.span, "an ingress source is not known");
                    } else if let Some(v) = port {
                        c.undecided(rule.resource, v.span, "the ingress ports are not known");
                    } else if let Some(v) = within() {
                        c.undecided(rule.resource, v.span, "the CIDR of the endpoint's VPC is not known");
                    }
                    continue;
                }
            };
            finding.label(endpoint.resource.header, "interface endpoint using this security group");
        }
    }
}
