use crate::{Model, Resource, ResourceId, Setting};

/// An ECR repository: where model and inference images live.
pub struct EcrRepository<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Scan images when they are pushed (off when unset).
    pub scan_on_push: Setting<'m>,
    /// `MUTABLE` (the default) or `IMMUTABLE`.
    pub tag_mutability: Setting<'m>,
}

impl Model {
    pub fn ecr_repositories(&self) -> impl Iterator<Item = EcrRepository<'_>> {
        self.of_type(&["aws_ecr_repository", "AWS::ECR::Repository"]).map(|(id, r)| EcrRepository {
            id,
            resource: r,
            scan_on_push: Setting::attr(
                r,
                "image_scanning_configuration.scan_on_push",
                "ImageScanningConfiguration.ScanOnPush",
            ),
            tag_mutability: Setting::attr(r, "image_tag_mutability", "ImageTagMutability"),
        })
    }
}
