#!/usr/bin/env bash
# The whole test suite, from a fresh clone: Rust unit and end-to-end tests, then every suite
# under scripts/test.d/ in name order (each installs what it needs, idempotently).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
echo "== cargo test (workspace)"
cargo build --workspace --all-targets --locked
cargo test --workspace --locked 2>&1 | tee target/cargo-test.log
for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
