# Policies read from files: findings are located in those files.
resource "aws_iam_policy" "from_file" {
  name   = "from-file"
  policy = file("${path.module}/policy.json")
}

resource "aws_iam_role_policy" "from_template" {
  name = "from-template"
  role = "sagemaker-training"
  policy = templatefile("${path.module}/policy.json.tpl", {
    action = "*"
  })
}
