# A read-only policy made by a `dynamic` block: one statement per service, each with
# the same action templates. The statements a template makes are one finding at the
# template's line, naming every pattern there that matches nothing.
variable "services" {
  type    = list(string)
  default = ["s3", "sagemaker", "sagemakr", "dynamo"]
}

data "aws_iam_policy_document" "read_only" {
  dynamic "statement" {
    for_each = toset(var.services)
    content {
      actions = [
        "${statement.value}:List*", # expect: IAM010
        "${statement.value}:Get*",
        "${statement.value}:BatchGet*", # expect: IAM010
      ]
      resources = ["*"]
    }
  }
}

resource "aws_iam_policy" "read_only" {
  name   = "ml-read-only"
  policy = data.aws_iam_policy_document.read_only.json
}
