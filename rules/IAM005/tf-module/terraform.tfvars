team_policies = [
  "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
  "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
]
