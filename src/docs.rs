//! The rule reference under `docs/`, generated from the rules themselves (their
//! declarations and their `rules/CODE/README.md` pages), so it cannot drift: a test
//! fails when `docs/rules.md` differs from what this renders.

use ringfence_rules::{Framework, Registry};

/// `docs/rules.md`: the catalog, the compliance matrix, then every rule's page.
pub fn rules_reference() -> String {
    let mut out = String::from(
        "# Rule reference\n\n\
         <!-- Generated from rules/*/README.md and the rule declarations by\n\
         `ringfence rules --format markdown`; do not edit by hand. -->\n\n\
         Rules off by default run only when selected (`ringfence check --select LOG004`).\n\
         `ringfence check --compliance hipaa` runs only the rules mapped to a framework.\n\
         Resources of the awscc provider are checked as the CloudFormation type they are\n\
         (`awscc_kms_key` as `AWS::KMS::Key`, attributes in snake_case): each type of a page's\n\
         CloudFormation column covers its awscc resource where the provider has one (SageMaker\n\
         notebook instances and endpoint configurations have none; see docs/evaluation.md).\n\n\
         | Code | Name | Severity | Default | Frameworks | Summary |\n|---|---|---|---|---|---|\n",
    );
    let rules = Registry::builtin().rules();
    for m in rules {
        let frameworks: Vec<&str> = m.frameworks().iter().map(|f| f.id()).collect();
        out += &format!(
            "| [{code}](#{anchor}) | `{name}` | {severity} | {default} | {frameworks} | {summary} |\n",
            code = m.code,
            anchor = format!("{}-{}", m.code, m.name).to_ascii_lowercase(),
            name = m.name,
            severity = m.severity,
            default = if m.default_enabled { "on" } else { "off" },
            frameworks = frameworks.join(", "),
            summary = m.summary().replace('|', "\\|"),
        );
    }
    out += "\n## Compliance matrix\n\nThe controls each rule gives evidence for, by framework.\n";
    for framework in Framework::ALL {
        out += &format!(
            "\n### {} (`--compliance {}`)\n\n| Control | Rules |\n|---|---|\n",
            framework.title(),
            framework.id()
        );
        let mut controls: Vec<(&str, Vec<&str>)> = Vec::new();
        for rule in rules {
            for c in rule.controls().iter().filter(|c| c.framework == framework) {
                match controls.iter_mut().find(|(id, _)| *id == c.control) {
                    Some((_, codes)) => codes.push(&rule.code),
                    None => controls.push((&c.control, vec![&rule.code])),
                }
            }
        }
        controls.sort_by_key(|c| ringfence_rules::Control::sort_key(c.0));
        for (control, codes) in controls {
            out += &format!("| {control} | {} |\n", codes.join(", "));
        }
    }
    for rule in rules {
        out += "\n---\n\n";
        // Each page's headings go one level down under this document's title.
        for line in rule.doc().lines() {
            if line.starts_with('#') {
                out += "#";
            }
            out += line;
            out += "\n";
        }
    }
    out
}
