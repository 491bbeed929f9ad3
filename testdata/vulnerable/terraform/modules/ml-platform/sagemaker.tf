# SageMaker: a Studio domain, a notebook instance, and a real-time endpoint.

resource "aws_sagemaker_domain" "studio" {
  domain_name = "${local.name}-studio"
  auth_mode   = "IAM"
  vpc_id      = aws_vpc.main.id
  subnet_ids  = aws_subnet.private[*].id
  # PublicInternetOnly, from the root module's variable default: Studio apps bypass the VPC.
  app_network_access_type = var.studio_network_access_type # seed: NET003
  kms_key_id              = aws_kms_key.workspace.arn

  default_user_settings {
    execution_role  = aws_iam_role.studio.arn
    security_groups = [aws_security_group.ml.id]
  }

  tags = local.tags
}

resource "aws_sagemaker_user_profile" "data_scientist" {
  domain_id         = aws_sagemaker_domain.studio.id
  user_profile_name = "data-scientist"

  user_settings {
    execution_role  = aws_iam_role.studio.arn
    security_groups = [aws_security_group.ml.id]
  }

  tags = local.tags
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "${local.name}-research"
  role_arn               = aws_iam_role.studio.arn
  instance_type          = "ml.t3.xlarge"
  platform_identifier    = "notebook-al2-v3"
  volume_size            = 50
  subnet_id              = aws_subnet.private[0].id
  security_groups        = [aws_security_group.ml.id]
  kms_key_id             = aws_kms_key.workspace.arn
  direct_internet_access = "Disabled"
  # "Enabled" in terraform.tfvars: users can install anything and read other users' files.
  root_access = var.notebook_root_access # seed: DATA005

  tags = local.tags
}

resource "aws_ecr_repository" "inference" {
  name                 = "${local.name}/inference"
  image_tag_mutability = "IMMUTABLE"

  # Images are never scanned for vulnerabilities when pushed.
  image_scanning_configuration {
    scan_on_push = false # seed: DATA004
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.artifacts.arn
  }

  tags = local.tags
}

# Mirror of the upstream base images (CUDA, Python) the inference image is built from.
# ringfence:ignore[DATA009] the nightly sync re-pushes upstream's moving tags; builds pin base images by digest until=2099-12-31
resource "aws_ecr_repository" "base_images" {
  name                 = "${local.name}/base-images"
  image_tag_mutability = "MUTABLE" # accepted: DATA009

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.artifacts.arn
  }

  tags = local.tags
}

resource "aws_sagemaker_model" "inference" {
  name               = "${local.name}-classifier"
  execution_role_arn = aws_iam_role.inference.arn

  primary_container {
    image          = "${aws_ecr_repository.inference.repository_url}:${var.model_image_tag}"
    model_data_url = "s3://${aws_s3_bucket.model_artifacts.bucket}/models/${var.model_version}/model.tar.gz"
  }

  vpc_config {
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.ml.id]
  }

  # false in terraform.tfvars: the serving container can call out to the internet.
  enable_network_isolation = var.model_network_isolation # seed: NET005

  tags = local.tags
}

resource "aws_sagemaker_endpoint_configuration" "inference" {
  name        = "${local.name}-classifier-${var.model_version}"
  kms_key_arn = aws_kms_key.artifacts.arn

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.inference.name
    initial_instance_count = 2
    instance_type          = "ml.g5.xlarge"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${aws_s3_bucket.data_capture.bucket}/endpoint-capture"
    kms_key_id                  = aws_kms_key.logs.arn

    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }

  tags = local.tags
}

resource "aws_sagemaker_endpoint" "inference" {
  name                 = local.endpoint_name
  endpoint_config_name = aws_sagemaker_endpoint_configuration.inference.name
  tags                 = local.tags
}

# 14 days (terraform.tfvars): too short to investigate an incident.
resource "aws_cloudwatch_log_group" "endpoint" {
  name              = "/aws/sagemaker/Endpoints/${local.endpoint_name}"
  retention_in_days = var.log_retention_days # seed: LOG007
  kms_key_id        = aws_kms_key.logs.arn
  tags              = local.tags
}
