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
            c.require(repo.tag_mutability)
                .when_unset(|name| format!("ECR repository tags can be overwritten: `{name}` defaults to MUTABLE"))
                .when(is_text("MUTABLE"), |_| "ECR repository tags can be overwritten (MUTABLE)".into())
                .fix(FixValue::Text("IMMUTABLE"));
        }
    }
}
