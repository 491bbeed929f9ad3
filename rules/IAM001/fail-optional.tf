# `optional(list(string))` left out is null and `effect` defaults to "Allow": a wildcard Allow.
variable "statements" {
  type = map(object({
    effect      = optional(string, "Allow")
    actions     = optional(list(string))
    not_actions = optional(list(string))
    resources   = optional(list(string))
  }))
  default = {
    Admin = { actions = ["*"], resources = ["*"] }
  }
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid         = statement.key
      effect      = statement.value.effect
      actions     = statement.value.actions # expect: IAM001
      not_actions = statement.value.not_actions
      resources   = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "this" {
  name   = "admin"
  policy = data.aws_iam_policy_document.this.json
}
