# Sourced by the bench scripts (from the repository's top): `bin` is the binary to
# measure. RINGFENCE_BIN=path measures that binary instead of building this checkout
# (to compare two builds on the same machine, under the same load).
if [ -n "${RINGFENCE_BIN:-}" ]; then
  bin=$(realpath "$RINGFENCE_BIN")
else
  cargo build --release --quiet
  bin=$PWD/target/release/ringfence
fi
