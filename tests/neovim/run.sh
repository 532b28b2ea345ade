#!/usr/bin/env bash
# Builds a real repository with the git CLI, then runs hover.lua in headless Neovim against
# `aexy lsp` ($AEXY_BIN). Exits non-zero when Neovim reports a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo/src"
git -C "$repo" init -q -b main
commit() { # name email date message
  git -C "$repo" add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" \
  GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3" \
    git -C "$repo" -c commit.gpgsign=false commit -q -m "$4"
}
printf 'fn one() {}\nfn two() {}\nfn three() {}\n' > "$repo/src/lib.rs"
commit 'Alice Liddell' alice@example.com "$(date -u -d '30 days ago' +%Y-%m-%dT10:00:00+02:00)" 'Start the library'
printf 'fn one() {}\nfn two() { 2 }\nfn three() {}\n' > "$repo/src/lib.rs"
commit 'Bob Stone' bob@example.com "$(date -u -d '3 days ago' +%Y-%m-%dT16:30:00-05:00)" 'Two returns two'
export AEXY_TEST_REPO="$repo" AEXY_DATA_DIR="$work/data" AEXY_TEST_COMMIT
AEXY_TEST_COMMIT="$(git -C "$repo" rev-parse HEAD)"
timeout 60 nvim --clean --headless -l "$here/hover.lua"
