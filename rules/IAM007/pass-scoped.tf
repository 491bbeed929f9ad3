# Not escalation: service-linked roles (nobody attaches policies to them or passes
# them), PassRole on one named role, and deploying the code of one named function.
resource "aws_iam_policy" "fsx_csi" {
  name = "fsx-csi"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:CreateServiceLinkedRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"]
      Resource = ["arn:aws:iam::*:role/aws-service-role/fsx.amazonaws.com/*"]
    }]
  })
}

resource "aws_iam_policy" "one_function" {
  name = "deploy-api"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:CreateFunction", "lambda:InvokeFunction", "lambda:UpdateFunctionCode"]
        Resource = "arn:aws:lambda:eu-west-1:111122223333:function:api"
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "arn:aws:iam::111122223333:role/api-lambda"
      },
    ]
  })
}
