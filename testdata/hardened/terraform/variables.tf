variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_id" {
  type    = string
  default = "111122223333"
}

variable "name_prefix" {
  type    = string
  default = "acme-ml"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "private_subnet_cidrs" {
  type    = list(string)
  default = ["10.40.1.0/24", "10.40.2.0/24"]
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "interface_endpoints" {
  description = "Interface VPC endpoints the private subnets need (S3 has a gateway endpoint)."
  type        = list(string)
  default = [
    "sagemaker.api",
    "sagemaker.runtime",
    "bedrock-runtime",
    "bedrock-agent-runtime",
    "sts",
    "logs",
    "ecr.api",
    "ecr.dkr",
  ]
}

variable "notebook_admin_cidrs" {
  description = "Who may reach Jupyter on the notebook security group."
  type        = list(string)
  default     = []
}

variable "studio_network_access_type" {
  type    = string
  default = "VpcOnly"
}

variable "notebook_root_access" {
  type    = string
  default = "Disabled"
}

variable "model_network_isolation" {
  type    = bool
  default = true
}

variable "model_image_tag" {
  type    = string
  default = "1.4.2"
}

variable "model_version" {
  type    = string
  default = "2024-11-18"
}

variable "foundation_model_id" {
  type    = string
  default = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

variable "embedding_model_id" {
  type    = string
  default = "amazon.titan-embed-text-v2:0"
}

variable "labeling_vendor_account_id" {
  type    = string
  default = "444455556666"
}

variable "labeling_vendor_external_id" {
  description = "External ID agreed with the labeling vendor (a confused-deputy guard, not a secret)."
  type        = string
  default     = "acme-ml-labeling-7f3c"
}

variable "github_repository" {
  type    = string
  default = "acme/ml-models"
}

variable "enable_guardduty" {
  type    = bool
  default = true
}

variable "log_retention_days" {
  type    = number
  default = 365
}
