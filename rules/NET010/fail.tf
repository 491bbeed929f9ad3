variable "summarize_authorization" {
  default = "NONE"
}

# REST API in front of a SageMaker endpoint.
resource "aws_api_gateway_rest_api" "inference" {
  name = "fraud-inference"
}

resource "aws_api_gateway_resource" "score" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  parent_id   = aws_api_gateway_rest_api.inference.root_resource_id
  path_part   = "score"
}

resource "aws_api_gateway_method" "score_post" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  resource_id   = aws_api_gateway_resource.score.id
  http_method   = "POST"
  authorization = "NONE" # expect: NET010
}

resource "aws_api_gateway_resource" "summarize" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  parent_id   = aws_api_gateway_rest_api.inference.root_resource_id
  path_part   = "summarize"
}

# An API key is for usage plans, not for authorization.
resource "aws_api_gateway_method" "summarize_post" {
  rest_api_id      = aws_api_gateway_rest_api.inference.id
  resource_id      = aws_api_gateway_resource.summarize.id
  http_method      = "POST"
  authorization    = var.summarize_authorization # expect: NET010
  api_key_required = true
}

# HTTP API in front of a Lambda function that calls Bedrock.
resource "aws_apigatewayv2_api" "chat" {
  name          = "chat"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "chat_post" { # expect: NET010
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "POST /chat"
  target    = "integrations/abc1234"
}

resource "aws_apigatewayv2_route" "chat_default" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "$default"
  authorization_type = "NONE" # expect: NET010
  target             = "integrations/abc1234"
}
