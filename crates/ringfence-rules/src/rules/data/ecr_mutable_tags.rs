use crate::prelude::*;

declare_rule! {
    /// An ECR repository whose image tags can be overwritten.
    pub struct EcrMutableTags {
        code: "DATA009",
        name: "ecr-mutable-tags",
        severity: Low,
        default_enabled: true,
        fix: true,
    }
}

impl Check for EcrMutableTags {
    fn check(&self, c: &mut Checker<'_>) {
        for repo in c.model.ecr_repositories() {
            let attribute = repo.resource.lang.pick("image_tag_mutability", "ImageTagMutability");
            match repo.tag_mutability {
                Setting::Unset => {
                    c.report_missing(repo.resource, format!("ECR repository tags can be overwritten: `{attribute}` defaults to MUTABLE"))
                        .fix_set(repo.resource, &["image_tag_mutability"], &["ImageTagMutability"], FixValue::Text("IMMUTABLE"), None);
                }
                Setting::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("MUTABLE")) => {
                    c.report(repo.resource, v, "ECR repository tags can be overwritten (MUTABLE)").fix_set(
                        repo.resource,
                        &["image_tag_mutability"],
                        &["ImageTagMutability"],
                        FixValue::Text("IMMUTABLE"),
                        Some(v),
                    );
                }
                _ => {}
            }
        }
    }
}
