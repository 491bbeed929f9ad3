#!/usr/bin/env bash
# One Terraform module of N lines, evaluated cold: resources that reference each other
# (a key, buckets named through locals, encryption and policies reading the bucket,
# `count`-expanded objects indexed by `count.index`). Generated into bench/out/module,
# never stored. Prints lines, median wall and CPU seconds of the runs, peak RSS, for each N.
#
#   bench/module.sh [--lines "5000 10000 20000"] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="5000 10000 20000"
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/module.sh [--lines \"N ...\"] [--runs N]" >&2; exit 2 ;;
  esac
done

. bench/binary.sh
out=bench/out/module
mkdir -p "$out"

for lines in $sizes; do
  dir=$out/$lines
  rm -rf "$dir" && mkdir -p "$dir"
  python3 - "$dir/main.tf" "$lines" <<'EOF'
import sys
path, target = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    written = 0
    def w(text):
        global written
        f.write(text)
        written += text.count("\n")
    w('locals {\n  prefix = "bench"\n  tags   = { team = "ml", env = "prod" }\n}\n')
    w('resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n')
    n = 0
    while written < target:
        # A local per group, read by the bucket; the previous group's bucket is read too,
        # so references cross the whole module.
        prev = f"aws_s3_bucket.b{n - 1}.arn" if n else "aws_kms_key.k.arn"
        w(f'locals {{\n  name{n} = "${{local.prefix}}-{n}"\n}}\n')
        w(f'resource "aws_s3_bucket" "b{n}" {{\n  bucket = local.name{n}\n  tags   = merge(local.tags, {{ prev = {prev} }})\n}}\n')
        if n % 10 != 0:  # every tenth bucket unencrypted: a finding each
            w(f'resource "aws_s3_bucket_server_side_encryption_configuration" "e{n}" {{\n'
              f'  bucket = aws_s3_bucket.b{n}.id\n  rule {{\n    apply_server_side_encryption_by_default {{\n'
              f'      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.k.arn\n    }}\n  }}\n}}\n')
        w(f'resource "aws_s3_bucket_object" "o{n}" {{\n  count  = 2\n  bucket = aws_s3_bucket.b{n}.id\n'
          f'  key    = "obj-${{count.index}}"\n}}\n')
        w(f'resource "aws_s3_bucket_policy" "p{n}" {{\n  bucket = aws_s3_bucket.b{n}.id\n'
          f'  policy = jsonencode({{\n    Version = "2012-10-17"\n    Statement = [{{\n'
          f'      Effect = "Deny", Principal = "*", Action = "s3:*"\n'
          f'      Resource = ["${{aws_s3_bucket.b{n}.arn}}/*", aws_s3_bucket_object.o{n}[1].arn]\n'
          f'      Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }}\n    }}]\n  }})\n}}\n')
        n += 1
EOF
  actual=$(wc -l <"$dir/main.tf")
  times=() cpus=() rss=0
  for _ in $(seq 1 "$runs"); do
    # Wall time from the shell's microsecond clock (time's %e has 10 ms steps); RSS from time.
    start=$EPOCHREALTIME
    /usr/bin/time -f '%M %U %S' -o "$out/time.txt" "$bin" check --format concise "$dir" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    read -r kb user sys < <(tail -n 1 "$out/time.txt")
    times+=("$(echo "$end - $start" | bc -l)")
    # CPU seconds too: steadier than wall time on a loaded machine.
    cpus+=("$(echo "$user + $sys" | bc -l)")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%7d lines  %6.3f s  %6.2f s cpu  %7.1f MB peak\n' "$actual" "$median" "$cpu" "$(echo "$rss / 1024" | bc -l)"
done
