# IAM005 through a module: the module is checked once per instance, so the attachment
# in the module fires once for each team. The tfvars file decides the policies.

variable "team_policies" {
  type = list(string)
}

module "team_role" {
  for_each = toset(["vision", "nlp"])
  source   = "./modules/ml_role"

  name     = "${each.key}-training"
  policies = var.team_policies
}
