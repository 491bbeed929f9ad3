use crate::{Attribute, Field, Lang, Model, Resource, ResourceId};

/// A SageMaker Studio domain.
pub struct SagemakerDomain<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// `PublicInternetOnly` (the default) or `VpcOnly`.
    pub app_network_access_type: Field<'m>,
    pub kms_key: Field<'m>,
}

/// A SageMaker notebook instance.
pub struct NotebookInstance<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub kms_key: Field<'m>,
    /// `Enabled` (the default) or `Disabled`.
    pub direct_internet_access: Field<'m>,
    /// `Enabled` (the default) or `Disabled`.
    pub root_access: Field<'m>,
    pub subnet: Field<'m>,
}

/// A SageMaker endpoint configuration.
pub struct EndpointConfig<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// The key that encrypts the ML storage volumes of the endpoint's instances.
    pub kms_key: Field<'m>,
    /// The data capture block.
    pub data_capture: Field<'m>,
    /// Whether the data capture block captures.
    pub enable_capture: Field<'m>,
}

impl EndpointConfig<'_> {
    /// Whether a data capture block that leaves `enable_capture` out captures nothing:
    /// the Terraform AWS provider sends `false`; CloudFormation leaves it to the API,
    /// whose default is on.
    pub fn capture_off_when_unset(&self) -> bool {
        self.resource.lang == Lang::Terraform
    }
}

/// A SageMaker model: the containers endpoints run.
pub struct SagemakerModel<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub vpc: Field<'m>,
    /// Off when unset.
    pub network_isolation: Field<'m>,
}

impl Model {
    pub fn sagemaker_domains(&self) -> impl Iterator<Item = SagemakerDomain<'_>> {
        self.of_type(&["aws_sagemaker_domain", "AWS::SageMaker::Domain"]).map(|(id, r)| SagemakerDomain {
            id,
            resource: r,
            app_network_access_type: Attribute::new("app_network_access_type", "AppNetworkAccessType").read(r),
            kms_key: Attribute::new("kms_key_id", "KmsKeyId").read(r),
        })
    }

    pub fn notebook_instances(&self) -> impl Iterator<Item = NotebookInstance<'_>> {
        self.of_type(&["aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"]).map(|(id, r)| {
            NotebookInstance {
                id,
                resource: r,
                kms_key: Attribute::new("kms_key_id", "KmsKeyId").read(r),
                direct_internet_access: Attribute::new("direct_internet_access", "DirectInternetAccess").read(r),
                root_access: Attribute::new("root_access", "RootAccess").read(r),
                subnet: Attribute::new("subnet_id", "SubnetId").read(r),
            }
        })
    }

    pub fn endpoint_configs(&self) -> impl Iterator<Item = EndpointConfig<'_>> {
        self.of_type(&["aws_sagemaker_endpoint_configuration", "AWS::SageMaker::EndpointConfig"]).map(|(id, r)| {
            EndpointConfig {
                id,
                resource: r,
                kms_key: Attribute::new("kms_key_arn", "KmsKeyId").read(r),
                data_capture: Attribute::new("data_capture_config", "DataCaptureConfig").read(r),
                enable_capture: Attribute::new("data_capture_config.enable_capture", "DataCaptureConfig.EnableCapture")
                    .read(r),
            }
        })
    }

    pub fn sagemaker_models(&self) -> impl Iterator<Item = SagemakerModel<'_>> {
        self.of_type(&["aws_sagemaker_model", "AWS::SageMaker::Model"]).map(|(id, r)| SagemakerModel {
            id,
            resource: r,
            vpc: Attribute::new("vpc_config", "VpcConfig").read(r),
            network_isolation: Attribute::new("enable_network_isolation", "EnableNetworkIsolation").read(r),
        })
    }
}
