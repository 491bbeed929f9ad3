use crate::prelude::*;

declare_rule! {
    /// A notebook instance whose users get root access.
    pub struct NotebookRootAccess {
        code: "DATA005",
        name: "notebook-root-access",
        severity: Medium,
        default_enabled: true,
        fix: true,
    }
}

impl Check for NotebookRootAccess {
    fn check(&self, c: &mut Checker<'_>) {
        for notebook in c.model.notebook_instances() {
            c.require(notebook.root_access)
                .when_unset(|name| format!("notebook instance users get root access: `{name}` defaults to Enabled"))
                .when(is_text("Enabled"), |_| "notebook instance users get root access".into())
                .fix(FixValue::Text("Disabled"));
        }
    }
}
