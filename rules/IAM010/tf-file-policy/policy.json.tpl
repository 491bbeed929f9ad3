{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "sagemaker:DescribeFeatureGroup",
        "sagemaker:GetRecord",
        "sagemaker:PutRecords"
      ],
      "Resource": "arn:aws:sagemaker:eu-west-1:${account_id}:feature-group/${feature_group}"
    }
  ]
}
