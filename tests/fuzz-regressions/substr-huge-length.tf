# substr's end offset (start + length) overflowed with a length of 1e20.
resource "aws_s3_bucket" "b" {
  bucket = substr("ml-artifacts", 1, 1e20)
}
