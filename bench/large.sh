#!/usr/bin/env bash
# Near the limits: one Terraform file of 50,000 resources (references between them,
# locals, `count`) and one CloudFormation template of about 100 MB (YAML and JSON).
# Generated here, never stored. Prints one line per input: size, seconds, peak RSS,
# exit code (1: findings; 2 would mean the input was refused).
#
#   bench/large.sh [--resources N] [--megabytes M]
set -euo pipefail
cd "$(dirname "$0")/.."
resources=50000
megabytes=100
while [ $# -gt 0 ]; do
  case "$1" in
    --resources) resources=$2; shift 2 ;;
    --megabytes) megabytes=$2; shift 2 ;;
    *) echo "usage: bench/large.sh [--resources N] [--megabytes M]" >&2; exit 2 ;;
  esac
done

. bench/binary.sh
out=bench/out/large
rm -rf "$out" && mkdir -p "$out/tf" "$out/yaml" "$out/json"

python3 - "$out" "$resources" "$megabytes" <<'EOF'
import json, sys
out, resources, megabytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

# Terraform: a key, then buckets that use it through a local, each with an
# encryption configuration and a policy that reads the bucket's ARN.
with open(f"{out}/tf/main.tf", "w") as f:
    f.write('locals {\n  prefix = "bench"\n  tags   = { team = "ml", env = "prod" }\n}\n')
    f.write('resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n')
    i = 0
    while i < resources:
        n = i // 3
        f.write(f'resource "aws_s3_bucket" "b{n}" {{\n  bucket = "${{local.prefix}}-{n}"\n  tags   = local.tags\n}}\n')
        # Every tenth bucket has no encryption configuration: a finding each.
        if n % 10 != 0:
            f.write(f'resource "aws_s3_bucket_server_side_encryption_configuration" "e{n}" {{\n'
                    f'  bucket = aws_s3_bucket.b{n}.id\n  rule {{\n    apply_server_side_encryption_by_default {{\n'
                    f'      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.k.arn\n    }}\n  }}\n}}\n')
        f.write(f'resource "aws_s3_bucket_policy" "p{n}" {{\n  bucket = aws_s3_bucket.b{n}.id\n'
                f'  policy = jsonencode({{\n    Version = "2012-10-17"\n    Statement = [{{\n'
                f'      Effect = "Deny", Principal = "*", Action = "s3:*"\n'
                f'      Resource = ["${{aws_s3_bucket.b{n}.arn}}/*"]\n'
                f'      Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }}\n    }}]\n  }})\n}}\n')
        i += 3

# CloudFormation: buckets with a parameter, a condition, Fn::Sub and Fn::GetAtt,
# until the text reaches the size asked for.
def resource(n):
    r = {
        f"Bucket{n}": {
            "Type": "AWS::S3::Bucket",
            "Condition": "Prod",
            "Properties": {
                "BucketName": {"Fn::Sub": "${Prefix}-" + str(n)},
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                       "KMSMasterKeyID": {"Fn::GetAtt": ["Key", "Arn"]}}}]},
                "Tags": [{"Key": "team", "Value": {"Ref": "Prefix"}}],
            },
        }
    }
    if n % 10 == 0:  # every tenth bucket unencrypted: a finding each
        del r[f"Bucket{n}"]["Properties"]["BucketEncryption"]
    return r

head = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {"Prefix": {"Type": "String", "Default": "bench"}, "Env": {"Type": "String", "Default": "prod"}},
    "Conditions": {"Prod": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
}
target = megabytes << 20
with open(f"{out}/json/template.json", "w") as j, open(f"{out}/yaml/template.yaml", "w") as y:
    j.write(json.dumps(head)[:-1] + ', "Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": true}}')
    y.write("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Prefix: {Type: String, Default: bench}\n"
            "  Env: {Type: String, Default: prod}\nConditions:\n  Prod: !Equals [!Ref Env, prod]\nResources:\n"
            "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n")
    n, size = 0, 0
    while size < target:
        text = json.dumps(resource(n))[1:-1]
        j.write(", " + text)
        size += len(text)
        encryption = ("" if n % 10 == 0 else
                      f"      BucketEncryption:\n"
                      f"        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n"
                      f"              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt Key.Arn\n")
        y.write(f"  Bucket{n}:\n    Type: AWS::S3::Bucket\n    Condition: Prod\n    Properties:\n"
                f"      BucketName: !Sub '${{Prefix}}-{n}'\n{encryption}"
                f"      Tags:\n        - Key: team\n          Value: !Ref Prefix\n")
        n += 1
    j.write("}}\n")
EOF

for input in tf yaml json; do
  dir=$out/$input
  bytes=$(du -sb "$dir" | cut -f1)
  set +e
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$bin" check "$dir" --format json >"$out/$input.json" 2>"$out/$input.err"
  code=$?
  set -e
  read -r secs kb < <(tail -n 1 "$out/time.txt")
  findings=$(grep -c '"code":' "$out/$input.json" || true)
  printf '%-5s %7.1f MB  %6.2f s  %6d MB peak  exit %d  %d findings\n' \
    "$input" "$(echo "$bytes / 1048576" | bc -l)" "$secs" "$((kb / 1024))" "$code" "$findings"
done
