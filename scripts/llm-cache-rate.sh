#!/usr/bin/env bash
# The LLM cache's hit rate on repeated explains, on a scratch clone of a repository: 4 ranges in
# each of 5 files explained (pass 1), again at the same HEAD (pass 2), after an unrelated commit
# (pass 3), and after a commit that edits line 5 of the first file (pass 4: one range changed). The model is the editors'
# replayed OpenAI-compatible server (the cache does not depend on what the model says).
# Usage: scripts/llm-cache-rate.sh REPO FILE...   (five files of REPO, each over 80 lines)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repo="$1"; shift
aexy="${AEXY_BIN:-$root/target/debug/aexy}"
work="$(mktemp -d)"
replay=""
trap '[ -n "$replay" ] && kill $replay 2>/dev/null; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/repo"
python3 "$root/editors/test-support/llm-replay.py" "$work/port" & replay=$!
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
export AEXY_LLM=openai:replayed AEXY_LLM_BASE_URL="http://127.0.0.1:$(cat "$work/port")"
export AEXY_DATA_DIR="$work/data" AEXY_CONFIG="$work/none.toml"
cd "$work/repo"
"$aexy" index >/dev/null 2>&1
pass() {
  for f in "$@"; do
    for start in 1 21 41 61; do
      "$aexy" explain "$f" -L "$start,$((start + 19))" --json >/dev/null
    done
  done
  "$aexy" llm usage --json | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["requests"], r["cacheHits"])'
}
read -r q1 h1 < <(pass "$@")
read -r q2 h2 < <(pass "$@")
echo "unrelated" >> "$work/repo/UNRELATED.txt" && git add -A && git -c user.name=x -c user.email=x@example.com commit -qm unrelated
read -r q3 h3 < <(pass "$@")
sed -i '5s/$/ \/\/ edited/' "$1" && git add -A && git -c user.name=x -c user.email=x@example.com commit -qm "edit $1"
read -r q4 h4 < <(pass "$@")
n=$(( 4 * $# ))
echo "pass 1 (first time):            $((h1)) of $n from the cache"
echo "pass 2 (same HEAD):             $((h2 - h1)) of $n"
echo "pass 3 (after an unrelated commit): $((h3 - h2)) of $n"
echo "pass 4 (after a commit to line 5 of $1): $((h4 - h3)) of $n"
echo "repeats answered from the cache: $((h4 - h1)) of $((3 * n)) ($(( 100 * (h4 - h1) / (3 * n) ))%); requests sent in all: $q4"
