resource "awscc_apigatewayv2_api" "cc_inference" {
  name          = "cc-inference"
  protocol_type = "HTTP"
}

resource "awscc_apigatewayv2_route" "cc_predict" {
  api_id             = awscc_apigatewayv2_api.cc_inference.api_id
  route_key          = "POST /predict"
  authorization_type = "AWS_IAM"
}
