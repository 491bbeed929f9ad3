use crate::prelude::*;

declare_rule! {
    /// A log group that keeps logs fewer than 90 days.
    pub struct LogRetentionShort {
        code: "LOG007",
        name: "log-retention-short",
        severity: Low,
        default_enabled: true,
    }
}

/// Shortest retention that still covers a quarter of investigation.
const MINIMUM_DAYS: f64 = 90.0;

impl Check for LogRetentionShort {
    fn check(&self, c: &mut Checker<'_>) {
        for group in c.model.log_groups() {
            // Unset (or 0 in Terraform) keeps logs forever.
            c.examined(group.resource);
            let v = match group.retention_days.setting {
                Setting::Known(v) => v,
                Setting::Unknown(v) => {
                    c.undecided(group.resource, v.span, format!("`{}` is not known", group.retention_days.name()));
                    continue;
                }
                Setting::Unset => continue,
            };
            let Some(days) = v.as_f64() else { continue };
            if days > 0.0 && days < MINIMUM_DAYS {
                c.report(
                    group.resource,
                    v,
                    format!("log group keeps logs only {days} days, fewer than {MINIMUM_DAYS}"),
                );
            }
        }
    }
}
