variable "environment" {}

module "notebook" {
  source = "./modules/notebook"
  name   = "${var.environment}-notebook"
}

module "encrypted_notebook" {
  source  = "./modules/notebook"
  name    = "${var.environment}-encrypted"
  kms_key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
