# IAM010 with a policy rendered from a template file: the finding stands inside the
# template (listed in policy.json.tpl.expect, since JSON cannot carry comments).

resource "aws_iam_policy" "feature_store" {
  name = "feature-store-access"
  policy = templatefile("${path.module}/policy.json.tpl", {
    feature_group = "customer-churn"
    account_id    = "111122223333"
  })
}
