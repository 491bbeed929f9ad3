variable "name" {
  type = string
}

variable "create_key" {
  type    = bool
  default = false
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_access_key" "this" { # expect: IAM009
  count = var.create_key ? 1 : 0
  user  = aws_iam_user.this.name
}
