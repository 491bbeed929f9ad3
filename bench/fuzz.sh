#!/usr/bin/env bash
# The fuzzer, long: a release build of examples/fuzz run for SECONDS (default 600), at a
# low priority so that it shares the machine. Crashes are saved in tests/fuzz-regressions/
# (see docs/fuzzing.md); the exit code is 1 when there is one.
#
#   bench/fuzz.sh [SECONDS] [fuzzer arguments: --seed S --threads N --memory MIB ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
cargo build --release --locked --quiet --example fuzz
exec nice -n 10 target/release/examples/fuzz --seconds "$seconds" "$@"
