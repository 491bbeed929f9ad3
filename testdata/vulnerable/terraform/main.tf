# ML platform with seeded security problems: every line ringfence reports ends with a
# "seed" comment naming the rule codes it triggers. Some problems live in the module but
# come from values set here, in variables.tf or in terraform.tfvars: ringfence reports
# them where the module uses the value, with a label at the place it was set.
# Scan it with: ringfence check testdata/vulnerable --select ALL,LOG004,LOG005

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80"
    }
  }
}

# The deploy user's keys are read from terraform.tfvars (see there).
provider "aws" {
  region              = var.region
  access_key          = var.deploy_access_key_id
  secret_key          = var.deploy_secret_access_key
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

  studio_network_access_type = var.studio_network_access_type
  notebook_root_access       = var.notebook_root_access
  model_network_isolation    = var.model_network_isolation
  model_image_tag            = var.model_image_tag
  model_version              = var.model_version
  foundation_model_id        = var.foundation_model_id
  embedding_model_id         = var.embedding_model_id
  labeling_vendor_account_id = var.labeling_vendor_account_id

  enable_guardduty   = var.enable_guardduty
  log_retention_days = var.log_retention_days
}

output "inference_api_url" {
  value = module.ml_platform.inference_api_url
}

output "studio_domain_id" {
  value = module.ml_platform.studio_domain_id
}
