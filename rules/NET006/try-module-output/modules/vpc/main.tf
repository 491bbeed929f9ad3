resource "aws_vpc" "this" {
  count      = 1
  cidr_block = "10.0.0.0/16"
}

# No VPC made here: the index fails, `try` gives null, and nothing is reported.
resource "aws_vpc" "none" {
  count      = 0
  cidr_block = "10.1.0.0/16"
}

output "vpc_id" {
  value = try(aws_vpc.this[0].id, null)
}

output "none_id" {
  value = try(aws_vpc.none[0].id, null)
}
