# The flow log attaches through a module output written with `try` (terraform-aws-vpc):
# the VPC's unknown ID keeps its edge, it does not fall through to null.
module "vpc" {
  source = "./modules/vpc"
}

resource "aws_flow_log" "this" {
  vpc_id               = module.vpc.vpc_id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}
