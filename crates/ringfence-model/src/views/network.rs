use crate::{Kind, Lang, Model, Resource, ResourceId, Setting, Value};
use ringfence_syntax::Span;

/// One ingress rule of a security group, whichever of the six forms wrote it.
pub struct IngressRule<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Where the rule is written: its block or list item, or the rule resource.
    pub span: Span,
    /// Every source CIDR (IPv4 and IPv6), one value each; unknown ones included.
    pub sources: Vec<&'m Value>,
    pub protocol: Setting<'m>,
    pub from_port: Setting<'m>,
    pub to_port: Setting<'m>,
}

/// The ports an ingress rule opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ports {
    All,
    Range(i64, i64),
    /// ICMP: types and codes, no ports.
    Icmp,
    Unknown,
}

impl Ports {
    pub fn contains(&self, port: i64) -> bool {
        match self {
            Ports::All => true,
            Ports::Range(from, to) => (*from..=*to).contains(&port),
            Ports::Icmp | Ports::Unknown => false,
        }
    }
}

/// How each form names its fields: (source CIDR attributes, protocol, from, to).
struct Form {
    cidrs: &'static [&'static str],
    protocol: &'static str,
}

const TF_CLASSIC: Form = Form { cidrs: &["cidr_blocks", "ipv6_cidr_blocks"], protocol: "protocol" };
const TF_VPC_RULE: Form = Form { cidrs: &["cidr_ipv4", "cidr_ipv6"], protocol: "ip_protocol" };
const CFN: Form = Form { cidrs: &["CidrIp", "CidrIpv6"], protocol: "IpProtocol" };
/// CloudFormation's names in awscc's snake_case (`CidrIpv6` is `cidr_ipv_6`).
const AWSCC: Form = Form { cidrs: &["cidr_ip", "cidr_ipv_6"], protocol: "ip_protocol" };

/// Whether a CIDR admits every address: any `/0` (`0.0.0.0/0`, `::/0`, `::0/0`).
pub fn is_whole_internet(cidr: &str) -> bool {
    cidr.trim().split_once('/').is_some_and(|(addr, len)| len == "0" && addr.parse::<std::net::IpAddr>().is_ok())
}

impl<'m> IngressRule<'m> {
    fn new(id: ResourceId, resource: &'m Resource, rule: &'m Value, form: &Form) -> IngressRule<'m> {
        let sources = form
            .cidrs
            .iter()
            .filter_map(|attr| rule.get(attr))
            .flat_map(|v| match &v.kind {
                Kind::List(items) => items.iter().collect::<Vec<_>>(),
                Kind::Null => Vec::new(),
                _ => vec![v],
            })
            .collect();
        let (from, to) = match resource.lang {
            Lang::Terraform => ("from_port", "to_port"),
            Lang::CloudFormation => ("FromPort", "ToPort"),
            Lang::Awscc => ("from_port", "to_port"),
        };
        IngressRule {
            id,
            resource,
            span: rule.span,
            sources,
            protocol: Setting::of(rule.get(form.protocol)),
            from_port: Setting::of(rule.get(from)),
            to_port: Setting::of(rule.get(to)),
        }
    }

    pub fn ports(&self) -> Ports {
        let protocol = self.protocol.known().and_then(Value::to_text);
        if matches!(protocol.as_deref(), Some("-1" | "all" | "ALL")) {
            return Ports::All;
        }
        if self.protocol.is_unknown() {
            return Ports::Unknown;
        }
        if matches!(protocol.as_deref().map(str::to_ascii_lowercase).as_deref(), Some("icmp" | "1" | "icmpv6" | "58")) {
            return Ports::Icmp;
        }
        let port = |s: &Setting<'_>| s.known().and_then(Value::as_f64).map(|n| n as i64);
        match (port(&self.from_port), port(&self.to_port)) {
            (Some(from), Some(to)) if from <= 0 && to >= 65535 => Ports::All,
            (Some(-1), Some(-1)) => Ports::All,
            (Some(from), Some(to)) => Ports::Range(from, to),
            (Some(from), None) if self.to_port.is_unset() => Ports::Range(from, from),
            _ => Ports::Unknown,
        }
    }
}

impl Model {
    pub fn ingress_rules(&self) -> Vec<IngressRule<'_>> {
        let mut out = Vec::new();
        for (id, r) in self.resources() {
            match r.rtype.as_str() {
                "aws_security_group" => {
                    if let Some(ingress) = r.attrs.get("ingress") {
                        for rule in ingress.items().iter().filter(|v| !v.is_unknown()) {
                            out.push(IngressRule::new(id, r, rule, &TF_CLASSIC));
                        }
                    }
                }
                "aws_security_group_rule" if Setting::of(r.attrs.get("type")).is_str("ingress") => {
                    out.push(IngressRule::new(id, r, &r.attrs, &TF_CLASSIC));
                }
                "aws_vpc_security_group_ingress_rule" => out.push(IngressRule::new(id, r, &r.attrs, &TF_VPC_RULE)),
                "AWS::EC2::SecurityGroup" => {
                    let form = if r.lang == Lang::Awscc { &AWSCC } else { &CFN };
                    if let Some(ingress) = r.attrs.get(crate::awscc::named(r.lang, "SecurityGroupIngress")) {
                        for rule in ingress.items().iter().filter(|v| !v.is_unknown()) {
                            out.push(IngressRule::new(id, r, rule, form));
                        }
                    }
                }
                "AWS::EC2::SecurityGroupIngress" => {
                    let form = if r.lang == Lang::Awscc { &AWSCC } else { &CFN };
                    out.push(IngressRule::new(id, r, &r.attrs, form))
                }
                _ => {}
            }
        }
        out
    }
}
