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
            let r = notebook.resource;
            let (subnet, access) = (r.lang.pick("subnet_id", "SubnetId"), r.lang.pick("direct_internet_access", "DirectInternetAccess"));
            // Without a subnet the notebook runs in SageMaker's own network, online.
            if notebook.subnet.is_unset() {
                c.report_missing(r, format!("notebook instance has no `{subnet}`: it runs outside your VPC with direct internet access"));
                continue;
            }
            match notebook.direct_internet_access {
                Setting::Unset => {
                    c.report_missing(r, format!("notebook instance has direct internet access: `{access}` defaults to Enabled"))
                        .fix_set(r, &["direct_internet_access"], &["DirectInternetAccess"], FixValue::Text("Disabled"), None);
                }
                Setting::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Enabled")) => {
                    c.report(r, v, "notebook instance has direct internet access enabled").fix_set(
                        r,
                        &["direct_internet_access"],
                        &["DirectInternetAccess"],
                        FixValue::Text("Disabled"),
                        Some(v),
                    );
                }
                _ => {}
            }
        }
    }
}
