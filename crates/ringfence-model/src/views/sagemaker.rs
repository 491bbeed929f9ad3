use crate::{Model, Resource, ResourceId, Setting};

/// A SageMaker Studio domain.
pub struct SagemakerDomain<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// `PublicInternetOnly` (the default) or `VpcOnly`.
    pub app_network_access_type: Setting<'m>,
    pub kms_key: Setting<'m>,
}

/// A SageMaker notebook instance.
pub struct NotebookInstance<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub kms_key: Setting<'m>,
    /// `Enabled` (the default) or `Disabled`.
    pub direct_internet_access: Setting<'m>,
    /// `Enabled` (the default) or `Disabled`.
    pub root_access: Setting<'m>,
    pub subnet: Setting<'m>,
}

/// A SageMaker endpoint configuration.
pub struct EndpointConfig<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// The key that encrypts the ML storage volumes of the endpoint's instances.
    pub kms_key: Setting<'m>,
}

impl Model {
    pub fn sagemaker_domains(&self) -> impl Iterator<Item = SagemakerDomain<'_>> {
        self.of_type(&["aws_sagemaker_domain", "AWS::SageMaker::Domain"]).map(|(id, r)| SagemakerDomain {
            id,
            resource: r,
            app_network_access_type: Setting::attr(r, "app_network_access_type", "AppNetworkAccessType"),
            kms_key: Setting::attr(r, "kms_key_id", "KmsKeyId"),
        })
    }

    pub fn notebook_instances(&self) -> impl Iterator<Item = NotebookInstance<'_>> {
        self.of_type(&["aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"]).map(|(id, r)| {
            NotebookInstance {
                id,
                resource: r,
                kms_key: Setting::attr(r, "kms_key_id", "KmsKeyId"),
                direct_internet_access: Setting::attr(r, "direct_internet_access", "DirectInternetAccess"),
                root_access: Setting::attr(r, "root_access", "RootAccess"),
                subnet: Setting::attr(r, "subnet_id", "SubnetId"),
            }
        })
    }

    pub fn endpoint_configs(&self) -> impl Iterator<Item = EndpointConfig<'_>> {
        self.of_type(&["aws_sagemaker_endpoint_configuration", "AWS::SageMaker::EndpointConfig"])
            .map(|(id, r)| EndpointConfig { id, resource: r, kms_key: Setting::attr(r, "kms_key_arn", "KmsKeyId") })
    }
}
