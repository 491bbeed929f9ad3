use crate::prelude::*;
use ringfence_model::views::network::{is_whole_internet, Ports};

declare_rule! {
    /// An ingress rule that admits the whole internet.
    pub struct OpenIngress {
        code: "NET001",
        name: "open-ingress",
        severity: High,
        default_enabled: true,
    }
}

/// Administration and notebook ports: open to the world, they are critical.
const SENSITIVE_PORTS: &[(i64, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (8888, "Jupyter"),
    (8889, "Jupyter"),
    (6006, "TensorBoard"),
    (8265, "Ray dashboard"),
    (8501, "Streamlit"),
    (7860, "Gradio"),
    (5000, "MLflow"),
    (8080, "HTTP admin"),
    (9000, "admin console"),
];

impl Check for OpenIngress {
    fn check(&self, c: &mut Checker<'_>) {
        // Each security group is judged, also one admitting nothing; ingress rules a
        // `dynamic` block or a variable makes cannot be known.
        for (_, group) in c.model.of_type(&["aws_security_group", "AWS::EC2::SecurityGroup"]) {
            c.examined(group);
            let ingress = ["ingress", "SecurityGroupIngress", "security_group_ingress"].into_iter();
            let rules = ingress.filter_map(|k| group.attrs.get(k)).next();
            // What `ingress_rules` leaves out: the whole list, or an item, unknown.
            if let Some(unknown) = rules.and_then(|r| r.items().iter().find(|v| v.is_unknown())) {
                c.undecided(group, unknown.span, "an ingress rule is not known");
            }
        }
        for rule in c.model.ingress_rules() {
            c.examined(rule.resource);
            let open: Vec<&Value> =
                rule.sources.iter().copied().filter(|v| v.as_str().is_some_and(is_whole_internet)).collect();
            let Some((first, others)) = open.split_first() else {
                // A source that cannot be known may be the whole internet.
                if let Some(unknown) = rule.sources.iter().find(|v| v.is_unknown()) {
                    c.undecided(rule.resource, unknown.span, "an ingress source is not known");
                }
                continue;
            };
            let cidr = first.as_str().unwrap_or_default().trim();
            let ports = rule.ports();
            let sensitive: Vec<String> =
                SENSITIVE_PORTS.iter().filter(|(p, _)| ports.contains(*p)).map(|(p, n)| format!("{p} ({n})")).collect();
            let opened = match ports {
                Ports::All => "every port".to_string(),
                Ports::Range(from, to) if from == to => format!("port {from}"),
                Ports::Range(from, to) => format!("ports {from}-{to}"),
                Ports::Icmp => "ICMP".to_string(),
                Ports::Unknown => "ports that cannot be known".to_string(),
            };
            let (severity, what) = match (ports, sensitive.as_slice()) {
                (Ports::All, _) => (Severity::Critical, opened),
                (Ports::Range(from, to), [one]) if from == to => (Severity::Critical, format!("port {one}")),
                (_, []) => (Severity::High, opened),
                (_, _) => (Severity::Critical, format!("{opened}, including {}", sensitive.join(", "))),
            };
            let finding =
                c.report(rule.resource, *first, format!("ingress from {cidr} (the whole internet) to {what}"));
            finding.severity(severity);
            for other in others {
                finding.label(other.span, "also open to the internet");
            }
        }
    }
}
