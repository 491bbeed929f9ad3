#!/usr/bin/env bash
# What custom policies cost: `ringfence check` on testdata/ (copied N times) and on
# the shared corpora (copied N/4 times), without policies and with 20 (the
# examples/policies set, five times over under other codes). The budget is 20% more
# time with the 20 policies. Prints one line per input: the median CPU seconds (user +
# system: steadier than wall time on a shared machine) without and with, the overhead.
#
#   bench/policies.sh [--copies N] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=20
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/policies.sh [--copies N] [--runs N]" >&2; exit 2 ;;
  esac
done

. bench/binary.sh
out=bench/out/policies
rm -rf "$out" && mkdir -p "$out/policies" "$out/tree"

# 20 policies: the example set under ORG, ORGA, ORGB, ORGC and ORGD codes.
for family in ORG ORGA ORGB ORGC ORGD; do
  sed -e "s/code: ORG0/code: ${family}0/" -e "s/    name: \(.*\)/    name: \1-${family,,}/" \
    examples/policies/ai-platform.yaml >"$out/policies/$family.yaml"
done
"$bin" rules --no-config --policies "$out/policies" | grep -c '^ORG' | grep -qx 20

for i in $(seq 1 "$copies"); do cp -r testdata "$out/tree/copy-$i"; done

median() { # command... : the median CPU time of $runs runs, in seconds
  local times=()
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f '%U %S' -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
    times+=("$(tail -n 1 "$out/time.txt" | awk '{print $1 + $2}')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

measure() { # name, directory
  local without with
  without=$(median "$bin" check --no-config --format concise "$2")
  with=$(median "$bin" check --no-config --format concise --policies "$out/policies" "$2")
  awk -v n="$1" -v a="$without" -v b="$with" 'BEGIN {
    printf "%-36s %7.2f s without %7.2f s with 20 policies %+6.1f%%\n", n, a, b, (a > 0 ? (b - a) * 100 / a : 0) }'
}

measure "testdata ($copies copies)" "$out/tree"
corpora=../shared/corpora
if [ -d "$corpora" ]; then
  # Each corpus alone takes a few hundredths of a second: too little to time, so the
  # corpora are measured together, copied.
  mkdir -p "$out/corpora"
  for i in $(seq 1 $(( (copies + 3) / 4 ))); do cp -r "$corpora" "$out/corpora/copy-$i"; done
  measure "shared corpora ($(( (copies + 3) / 4 )) copies)" "$out/corpora"
fi
