# IAM009 long-lived-access-key: IAM access keys created in the configuration. The
# finding stands on the resource header.

resource "aws_iam_user" "training_pipeline" {
  name = "training-pipeline"
}

resource "aws_iam_access_key" "training_pipeline" { # expect: IAM009
  user = aws_iam_user.training_pipeline.name
}

# Encrypting the secret with a PGP key does not make the key short-lived.
resource "aws_iam_access_key" "notebook_sync" { # expect: IAM009
  user    = "notebook-sync"
  pgp_key = "keybase:ml-platform"
}

# One key per external labelling vendor: one finding per instance.
resource "aws_iam_user" "labelling_vendor" {
  for_each = toset(["vendor-a", "vendor-b"])
  name     = "labelling-${each.key}"
}

resource "aws_iam_access_key" "labelling_vendor" { # expect: IAM009
  for_each = aws_iam_user.labelling_vendor
  user     = each.value.name
}

# Created unless a var file turns it off: the default keeps it.
variable "create_inference_client_key" {
  type    = bool
  default = true
}

resource "aws_iam_access_key" "inference_client" { # expect: IAM009
  count = var.create_inference_client_key ? 1 : 0
  user  = "inference-client"

  # An inactive key is still a standing credential that can be switched back on.
  status = "Inactive"
}
