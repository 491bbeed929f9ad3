# examined: none -- the only interface endpoint is of an endpoint service someone runs, not an AWS service.
# Interface endpoints of endpoint services someone runs (PrivateLink to your own or a
# partner's service) carry whatever that service listens on: NET002 judges endpoints of
# AWS services only.
resource "aws_vpc" "apps" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_security_group" "partner" {
  name   = "partner-feed"
  vpc_id = aws_vpc.apps.id

  ingress {
    description = "the partner's feed listens on 9092"
    protocol    = "tcp"
    from_port   = 9092
    to_port     = 9092
    cidr_blocks = ["10.1.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "partner_feed" {
  vpc_id             = aws_vpc.apps.id
  service_name       = "com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f67890"
  vpc_endpoint_type  = "Interface"
  security_group_ids = [aws_security_group.partner.id]
}

resource "aws_security_group" "own_service" {
  name   = "billing-api"
  vpc_id = aws_vpc.apps.id

  ingress {
    protocol    = "tcp"
    from_port   = 8443
    to_port     = 8443
    cidr_blocks = ["10.1.0.0/16"]
  }
}

resource "aws_vpc_endpoint_service" "billing" {
  acceptance_required        = true
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/billing/0123456789abcdef"]
}

resource "aws_vpc_endpoint" "billing" {
  vpc_id             = aws_vpc.apps.id
  service_name       = aws_vpc_endpoint_service.billing.service_name
  vpc_endpoint_type  = "Interface"
  security_group_ids = [aws_security_group.own_service.id]
}
