use crate::prelude::*;

declare_rule! {
    /// One role serving more than one AI workload.
    pub struct SharedAiRole {
        code: "IAM006",
        name: "shared-ai-role",
        severity: High,
        default_enabled: true,
    }
}

impl Check for SharedAiRole {
    fn check(&self, c: &mut Checker<'_>) {
        for role in c.model.ai_roles() {
            c.examined(role.resource);
            let mut workloads: Vec<&str> = role.users.iter().map(|u| u.workload.as_str()).collect();
            workloads.sort();
            workloads.dedup();
            let services: Vec<&str> = role.trusted_services.iter().filter_map(|s| s.as_str()).collect();
            let message = if workloads.len() > 1 {
                format!(
                    "one role serves several AI workloads ({}): give each its own least-privilege role",
                    workloads.join(", ")
                )
            } else if services.len() > 1 {
                format!("the trust policy lets several AI services assume this role ({})", services.join(", "))
            } else {
                continue;
            };
            let finding = c.report_missing(role.resource, message);
            for service in &role.trusted_services {
                finding.label(service.span, "trusted AI service");
            }
            for user in &role.users {
                finding.label(
                    user.value.span,
                    format!("used for {} by `{}`", user.workload.as_str(), user.resource.address),
                );
            }
        }
    }
}
