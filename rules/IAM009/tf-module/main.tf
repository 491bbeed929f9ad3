# IAM009 through a module: each instance of the module creates a key, so the key's
# header in the module fires once per instance. The third instance asks for no key.

module "service_user" {
  for_each = {
    feature-store = true
    model-monitor = true
    batch-scoring = false
  }
  source = "./modules/service_user"

  name       = each.key
  create_key = each.value
}
