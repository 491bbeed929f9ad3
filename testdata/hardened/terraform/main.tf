# ML platform, hardened: the same platform as testdata/vulnerable with every problem fixed.
# Scan it with: ringfence check testdata/hardened --select ALL,LOG004,LOG005

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80"
    }
  }
}

# Credentials come from the environment (SSO or the CI's OIDC role), never from files.
provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project   = var.name_prefix
      ManagedBy = "terraform"
    }
  }
}

module "ml_platform" {
  source = "./modules/ml-platform"

  name_prefix = var.name_prefix
  environment = var.environment
  region      = var.region
  account_id  = var.account_id

  vpc_cidr             = var.vpc_cidr
  private_subnet_cidrs = var.private_subnet_cidrs
  availability_zones   = var.availability_zones
  interface_endpoints  = var.interface_endpoints
  notebook_admin_cidrs = var.notebook_admin_cidrs

  studio_network_access_type  = var.studio_network_access_type
  notebook_root_access        = var.notebook_root_access
  model_network_isolation     = var.model_network_isolation
  model_image_tag             = var.model_image_tag
  model_version               = var.model_version
  foundation_model_id         = var.foundation_model_id
  embedding_model_id          = var.embedding_model_id
  labeling_vendor_account_id  = var.labeling_vendor_account_id
  labeling_vendor_external_id = var.labeling_vendor_external_id
  github_repository           = var.github_repository

  enable_guardduty   = var.enable_guardduty
  log_retention_days = var.log_retention_days
}

output "inference_api_url" {
  value = module.ml_platform.inference_api_url
}

output "studio_domain_id" {
  value = module.ml_platform.studio_domain_id
}
