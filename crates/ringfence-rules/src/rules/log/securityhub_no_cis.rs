use crate::prelude::*;

declare_rule! {
    /// Security Hub enabled without the CIS AWS Foundations Benchmark standard.
    pub struct SecurityhubNoCis {
        code: "LOG004",
        name: "securityhub-no-cis",
        severity: Low,
        default_enabled: false,
    }
}

impl Check for SecurityhubNoCis {
    fn check(&self, c: &mut Checker<'_>) {
        let (hubs, standards) = c.model.security_hub();
        let cis = |v: &&Value| v.text().is_some_and(|t| t.contains("cis-aws-foundations-benchmark"));
        // A subscription whose standard cannot be known may be the CIS one.
        if standards.iter().any(cis) {
            for hub in &hubs {
                c.examined(hub.resource);
            }
            return;
        }
        if let Some(unknown) = standards.iter().find(|v| v.as_str().is_none() && v.rendered.is_none()) {
            for hub in &hubs {
                c.undecided(hub.resource, unknown.span, "a subscribed standard is not known");
            }
            return;
        }
        for hub in hubs {
            c.require(hub.default_standards).when(is_false, |name| {
                format!(
                    "Security Hub is enabled without the CIS AWS Foundations Benchmark: \
                     `{name}` is off and no CIS standard is subscribed"
                )
            });
        }
    }
}
