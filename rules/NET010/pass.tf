# No default: the authorization type cannot be known.
variable "batch_authorization" {
  type = string
}

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
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_authorizer" "users" {
  name          = "users"
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = ["arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_EXAMPLE"]
}

resource "aws_api_gateway_method" "score_get" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  resource_id   = aws_api_gateway_resource.score.id
  http_method   = "GET"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.users.id
}

# CORS preflight requests carry no credentials.
resource "aws_api_gateway_method" "score_options" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  resource_id   = aws_api_gateway_resource.score.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_method" "batch_post" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  resource_id   = aws_api_gateway_resource.score.id
  http_method   = "PUT"
  authorization = var.batch_authorization
}

resource "aws_apigatewayv2_api" "chat" {
  name          = "chat"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.chat.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"

  jwt_configuration {
    audience = ["chat-client"]
    issuer   = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE"
  }
}

resource "aws_apigatewayv2_route" "chat_post" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "POST /chat"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
  target             = "integrations/abc1234"
}

# WebSocket API: only $connect can carry an authorizer; once the connection is
# authorized, the other routes cannot have one.
resource "aws_apigatewayv2_api" "stream" {
  name                       = "token-stream"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_route" "stream_connect" {
  api_id             = aws_apigatewayv2_api.stream.id
  route_key          = "$connect"
  authorization_type = "AWS_IAM"
  target             = "integrations/def5678"
}

resource "aws_apigatewayv2_route" "stream_generate" {
  api_id    = aws_apigatewayv2_api.stream.id
  route_key = "generate"
  target    = "integrations/def5678"
}

resource "aws_apigatewayv2_route" "stream_default" {
  api_id    = aws_apigatewayv2_api.stream.id
  route_key = "$default"
  target    = "integrations/def5678"
}

resource "aws_apigatewayv2_route" "stream_disconnect" {
  api_id    = aws_apigatewayv2_api.stream.id
  route_key = "$disconnect"
  target    = "integrations/def5678"
}
