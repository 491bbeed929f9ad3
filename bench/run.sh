#!/usr/bin/env bash
# Benchmark: generate a large tree from testdata/ and time `ringfence check` on it,
# then on the shared corpora when they are present. Optionally compare with checkov
# and cfn-lint (`--peers`, installs them into bench/.venv; never a runtime dependency),
# and with trivy and cfn-guard when they are on PATH (not installed here: trivy is a
# Go binary, cfn-guard needs a rule set; set CFN_GUARD_RULES to a directory of Guard
# rules, such as the AWS Guard Rules Registry, to time it).
#
#   bench/run.sh [--copies N] [--runs N] [--peers]
#
# Prints one line per measurement: files, MB, median seconds, peak RSS, MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=150
runs=3
peers=0
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --peers) peers=1; shift ;;
    *) echo "usage: bench/run.sh [--copies N] [--runs N] [--peers]" >&2; exit 2 ;;
  esac
done

. bench/binary.sh
out=bench/out
tree=$out/tree
rm -rf "$tree" && mkdir -p "$tree"

# One unit: the example stack plus every rule fixture, each fixture in its own
# directory (a Terraform module per file); the tree is that unit copied N times.
unit=$out/unit
rm -rf "$unit" && mkdir -p "$unit/stack"
cp -r testdata/vulnerable/. "$unit/stack/"
for f in rules/*/*.tf rules/*/*.yaml rules/*/*.json; do
  [ -e "$f" ] || continue
  d="$unit/fixtures/$(basename "$(dirname "$f")")-$(basename "$f" | tr . -)"
  mkdir -p "$d" && cp "$f" "$d/"
done
for i in $(seq 1 "$copies"); do cp -r "$unit" "$tree/copy-$i"; done

measure() { # name, scanned directory, command...
  local name=$1 dir=$2; shift 2
  local files bytes times=() rss=0
  files=$(find "$dir" -type f \( -name '*.tf' -o -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) | wc -l)
  bytes=$(find "$dir" -type f \( -name '*.tf' -o -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
    read -r secs kb < <(tail -n 1 "$out/time.txt")
    times+=("$secs")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  awk -v n="$name" -v f="$files" -v b="$bytes" -v s="$median" -v r="$rss" 'BEGIN {
    mb = b / 1048576; printf "%-44s %7d files %8.1f MB %8.2f s %8.1f MB peak %8.1f MB/s\n", n, f, mb, s, r / 1024, (s > 0 ? mb / s : 0) }'
}

measure "ringfence generated tree ($copies copies)" "$tree" "$bin" check --format concise "$tree"
# Where that time goes, stage by stage (one run; see docs/performance.md).
RINGFENCE_TIMINGS=1 "$bin" check --format concise "$tree" 2>&1 >/dev/null | grep '^ringfence timings' || true
corpora=../shared/corpora
if [ -d "$corpora" ]; then
  for c in terragoat terraform-aws-security-group aws-cloudformation-templates; do
    [ -d "$corpora/$c" ] && measure "ringfence $c" "$corpora/$c" "$bin" check --format concise "$corpora/$c"
  done
fi

if [ "$peers" = 1 ]; then
  [ -x bench/.venv/bin/checkov ] || { python3 -m venv bench/.venv && bench/.venv/bin/pip install -q checkov cfn-lint; }
  [ -d "$corpora/terragoat" ] && measure "checkov terragoat" "$corpora/terragoat" bench/.venv/bin/checkov --quiet --framework terraform -d "$corpora/terragoat"
  cfn=$corpora/aws-cloudformation-templates
  [ -d "$cfn" ] && measure "cfn-lint aws-cloudformation-templates" "$cfn" \
    bash -c "shopt -s globstar nullglob; bench/.venv/bin/cfn-lint $cfn/**/*.yaml $cfn/**/*.yml $cfn/**/*.json $cfn/**/*.template"
  if command -v trivy >/dev/null; then
    for c in terragoat aws-cloudformation-templates; do
      [ -d "$corpora/$c" ] && measure "trivy $c" "$corpora/$c" trivy config --quiet --skip-check-update "$corpora/$c"
    done
  else
    echo "trivy: not on PATH, not timed"
  fi
  if command -v cfn-guard >/dev/null && [ -n "${CFN_GUARD_RULES:-}" ]; then
    [ -d "$cfn" ] && measure "cfn-guard aws-cloudformation-templates" "$cfn" cfn-guard validate -d "$cfn" -r "$CFN_GUARD_RULES"
  else
    echo "cfn-guard: not on PATH or CFN_GUARD_RULES not set, not timed"
  fi
fi
