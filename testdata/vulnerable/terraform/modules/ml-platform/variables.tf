variable "name_prefix" {
  type = string
}

variable "environment" {
  type = string
}

variable "region" {
  type = string
}

variable "account_id" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "private_subnet_cidrs" {
  type = list(string)
}

variable "availability_zones" {
  type = list(string)
}

variable "interface_endpoints" {
  type = list(string)
}

variable "notebook_admin_cidrs" {
  type = list(string)
}

variable "studio_network_access_type" {
  type = string
}

variable "notebook_root_access" {
  type = string
}

variable "model_network_isolation" {
  type = bool
}

variable "model_image_tag" {
  type = string
}

variable "model_version" {
  type = string
}

variable "foundation_model_id" {
  type = string
}

variable "embedding_model_id" {
  type = string
}

variable "labeling_vendor_account_id" {
  type = string
}

variable "enable_guardduty" {
  type = bool
}

variable "log_retention_days" {
  type = number
}
