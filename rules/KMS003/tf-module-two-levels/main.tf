# A notebook two module levels down; the key input is dropped on the way.
module "ml" {
  source      = "./modules/ml"
  environment = "research"
}
