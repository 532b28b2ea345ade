#!/usr/bin/env bash
# A short coverage-guided run of every fuzz target (libFuzzer on stable Rust, scripts/fuzz.sh):
# AEXY_FUZZ_SECONDS each (default 5), from the checked-in corpora. The corpora themselves are
# replayed by `cargo test` (fuzz/tests/replay.rs); longer runs are in the README.
# The instrumented build is cached under ~/.cache/aexy-fuzz (a first build takes minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v g++ >/dev/null || apt-get install -y g++ >/dev/null   # libFuzzer's runtime is C++
exec scripts/fuzz.sh run "${AEXY_FUZZ_SECONDS:-5}"
