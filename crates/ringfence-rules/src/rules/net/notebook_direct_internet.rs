use crate::prelude::*;

declare_rule! {
    /// A notebook instance with direct internet access, or outside any VPC subnet.
    pub struct NotebookDirectInternet {
        code: "NET004",
        name: "notebook-direct-internet",
        severity: High,
        default_enabled: true,
        fix: true,
    }
}

impl Check for NotebookDirectInternet {
    fn check(&self, c: &mut Checker<'_>) {
        for notebook in c.model.notebook_instances() {
            // Without a subnet the notebook runs in SageMaker's own network, online.
            let subnet = notebook.subnet.name();
            if notebook.subnet.is_unset() {
                let message = format!(
                    "notebook instance has no `{subnet}`: \
                     it runs outside your VPC with direct internet access"
                );
                // At an explicit `Enabled` when there is one (no fix: `Disabled` needs a subnet).
                match notebook.direct_internet_access.known().filter(|v| is_text("Enabled")(v)) {
                    Some(enabled) => c.report(
                        notebook.resource,
                        enabled,
                        format!(
                            "notebook instance has direct internet access enabled and no `{subnet}`: \
                             it runs outside your VPC"
                        ),
                    ),
                    None => c.report_missing(notebook.resource, message),
                };
                continue;
            }
            c.require(notebook.direct_internet_access)
                .when_unset(|name| {
                    format!("notebook instance has direct internet access: `{name}` defaults to Enabled")
                })
                .when(is_text("Enabled"), |_| "notebook instance has direct internet access enabled".into())
                .fix(FixValue::Text("Disabled"));
        }
    }
}
