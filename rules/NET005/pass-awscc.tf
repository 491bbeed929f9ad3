resource "awscc_sagemaker_model" "cc_isolated" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/cc-inference"
  enable_network_isolation = true
  primary_container = {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1"
    model_data_url = "s3://cc-models/fraud/model.tar.gz"
  }
  vpc_config = {
    security_group_ids = ["sg-0123456789abcdef0"]
    subnets            = ["subnet-0123456789abcdef0"]
  }
}
