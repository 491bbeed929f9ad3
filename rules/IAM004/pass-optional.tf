# `optional(list(string))` left out is null, "not set": no NotAction statement.
variable "statements" {
  type = map(object({
    effect      = optional(string, "Allow")
    actions     = optional(list(string))
    not_actions = optional(list(string))
    resources   = optional(list(string))
  }))
  default = {
    Read = { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::data/*"] }
  }
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid         = statement.key
      effect      = statement.value.effect
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "this" {
  name   = "read"
  policy = data.aws_iam_policy_document.this.json
}
