use crate::{Attribute, Field, Model, Resource, ResourceId};

/// An ECR repository: where model and inference images live.
pub struct EcrRepository<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Scan images when they are pushed (off when unset).
    pub scan_on_push: Field<'m>,
    /// `MUTABLE` (the default) or `IMMUTABLE`.
    pub tag_mutability: Field<'m>,
}

impl Model {
    pub fn ecr_repositories(&self) -> impl Iterator<Item = EcrRepository<'_>> {
        self.of_type(&["aws_ecr_repository", "AWS::ECR::Repository"]).map(|(id, r)| EcrRepository {
            id,
            resource: r,
            scan_on_push: Attribute::new(
                "image_scanning_configuration.scan_on_push",
                "ImageScanningConfiguration.ScanOnPush",
            )
            .read(r),
            tag_mutability: Attribute::new("image_tag_mutability", "ImageTagMutability").read(r),
        })
    }
}
