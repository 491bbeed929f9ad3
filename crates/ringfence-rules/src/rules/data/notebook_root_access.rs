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
            let r = notebook.resource;
            let attribute = r.lang.pick("root_access", "RootAccess");
            match notebook.root_access {
                Setting::Unset => {
                    c.report_missing(r, format!("notebook instance users get root access: `{attribute}` defaults to Enabled"))
                        .fix_set(r, &["root_access"], &["RootAccess"], FixValue::Text("Disabled"), None);
                }
                Setting::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Enabled")) => {
                    c.report(r, v, "notebook instance users get root access").fix_set(
                        r,
                        &["root_access"],
                        &["RootAccess"],
                        FixValue::Text("Disabled"),
                        Some(v),
                    );
                }
                _ => {}
            }
        }
    }
}
