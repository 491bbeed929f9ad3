use crate::prelude::*;
use ringfence_model::views::network::Ports;

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

const WORLD: &[&str] = &["0.0.0.0/0", "::/0"];

impl Check for OpenIngress {
    fn check(&self, c: &mut Checker<'_>) {
        for rule in c.model.ingress_rules() {
            let open: Vec<&Value> =
                rule.sources.iter().copied().filter(|v| v.as_str().is_some_and(|s| WORLD.contains(&s.trim()))).collect();
            let Some((first, others)) = open.split_first() else { continue };
            let cidr = first.as_str().unwrap_or_default().trim();
            let ports = rule.ports();
            let sensitive: Vec<String> =
                SENSITIVE_PORTS.iter().filter(|(p, _)| ports.contains(*p)).map(|(p, n)| format!("{p} ({n})")).collect();
            let (severity, what) = match ports {
                Ports::All => (Severity::Critical, "every port".to_string()),
                _ if !sensitive.is_empty() => (Severity::Critical, format!("port {}", sensitive.join(", "))),
                Ports::Range(from, to) if from == to => (Severity::High, format!("port {from}")),
                Ports::Range(from, to) => (Severity::High, format!("ports {from}-{to}")),
                Ports::Unknown => (Severity::High, "ports that cannot be known".to_string()),
            };
            let finding = c.report(rule.resource, *first, format!("ingress from {cidr} (the whole internet) to {what}"));
            finding.severity(severity);
            for other in others {
                finding.label(other.span, "also open to the internet");
            }
        }
    }
}
