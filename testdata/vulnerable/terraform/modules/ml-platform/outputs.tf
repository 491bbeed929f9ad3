output "inference_api_url" {
  value = "${aws_api_gateway_stage.live.invoke_url}/invocations"
}

output "studio_domain_id" {
  value = aws_sagemaker_domain.studio.id
}

output "endpoint_name" {
  value = aws_sagemaker_endpoint.inference.name
}
