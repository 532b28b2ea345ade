#!/usr/bin/env bash
# LSP end-to-end suite: a Node client on vscode-jsonrpc / vscode-languageserver-protocol drives
# the real `aexy lsp` binary over stdio on generated repositories (tests/lsp/*.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v node >/dev/null || { apt-get install -y nodejs npm >/dev/null; }
cargo build -p aexy --locked --quiet
cd tests/lsp
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
export AEXY_BIN="${AEXY_BIN:-$PWD/../../target/debug/aexy}"
node --test --test-concurrency=1
