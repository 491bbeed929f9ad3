#!/usr/bin/env bash
# Cold start: the time of a whole `ringfence` process, as a pre-commit hook or an
# editor's save hook runs it. Times `ringfence --version` (the floor: exec, dynamic
# loading, exit) and `ringfence check` of one generated Terraform file of about 200
# lines (buckets, a key, a security group, IAM roles with inline policies, so the IAM
# rules consult the action catalogue). Prints the median over N runs of each and
# their ratio.
#
#   bench/cold.sh [--runs N]
#
# RINGFENCE_BIN=path times that binary instead of building this checkout (every
# bench script: bench/binary.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/cold.sh [--runs N]" >&2; exit 2 ;;
  esac
done

. bench/binary.sh
out=bench/out/cold
rm -rf "$out" && mkdir -p "$out"

python3 - "$out/main.tf" <<'PY'
import sys
parts = ['locals {\n  prefix = "cold"\n}\n\n',
         'resource "aws_kms_key" "data" {\n  description         = "training data"\n  enable_key_rotation = true\n}\n\n']
for n in range(4):
    parts.append(f'''resource "aws_s3_bucket" "b{n}" {{
  bucket = "${{local.prefix}}-{n}"
}}

resource "aws_s3_bucket_public_access_block" "b{n}" {{
  bucket                  = aws_s3_bucket.b{n}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = {"false" if n == 0 else "true"}
}}

''')
parts.append('''resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

''')
for n in range(5):
    parts.append(f'''resource "aws_iam_role" "r{n}" {{
  name = "role-{n}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "sagemaker.amazonaws.com" }} }}]
  }})
}}

resource "aws_iam_role_policy" "r{n}" {{
  role = aws_iam_role.r{n}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = ["${{aws_s3_bucket.b{n}.arn}}", "${{aws_s3_bucket.b{n}.arn}}/*"]
      }},
      {{
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "logs:CreateLogStream", "logs:PutLogEvents", "sagemaker:Describe*"]
        Resource = "*"
      }},
    ]
  }})
}}

''')
text = "".join(parts)
open(sys.argv[1], "w").write(text)
print(f"{sys.argv[1]}: {text.count(chr(10))} lines", file=sys.stderr)
PY

python3 - "$bin" "$out/main.tf" "$runs" <<'PY'
import os, statistics, sys, time
bin, tf, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def median_ms(args):
    """Median wall and CPU (user + system) milliseconds of a whole process. CPU time
    is what the process itself spent: steadier than wall time on a busy machine."""
    wall, cpu = [], []
    for _ in range(runs + 2):
        start = time.perf_counter()
        pid = os.posix_spawn(args[0], args, os.environ, file_actions=[
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
        _, status, usage = os.wait4(pid, 0)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
        # Exit 1 means findings: expected for the check.
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"{args}: exit status {status}")
    # The first runs warm the page cache; the median of the rest.
    return statistics.median(wall[2:]), statistics.median(cpu[2:])

(version, version_cpu) = median_ms([bin, "--version"])
(check, check_cpu) = median_ms([bin, "check", tf])
lines = open(tf).read().count("\n")
print(f"ringfence --version              median {version:6.2f} ms wall, {version_cpu:6.2f} ms CPU over {runs} runs")
print(f"ringfence check ({lines} lines)      median {check:6.2f} ms wall, {check_cpu:6.2f} ms CPU over {runs} runs")
print(f"ratio check / --version          {check / version:6.2f}x wall, {check_cpu / max(version_cpu, 0.001):6.2f}x CPU")
PY
