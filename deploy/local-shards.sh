#!/usr/bin/env bash
# Runs shards as local worker processes against one org store — the same job the Kubernetes
# manifests and the CI matrix run, one process per shard list, all at once:
#   AEXY_ORG_STORE=postgres://… deploy/local-shards.sh shards/shard-*.txt
# Prints the shards that failed and how to re-run only those; exits non-zero if any did.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${WORK_ROOT:-${TMPDIR:-/tmp}/aexy-shards}"
pids=()
lists=()
for list in "$@"; do
  n=$(basename "$list" .txt)
  mkdir -p "$base/$n"
  SHARD_LIST="$list" WORK_DIR="$base/$n" sh "$here/shard-job.sh" > "$base/$n.log" 2>&1 &
  pids+=($!)
  lists+=("$list")
done
failed=()
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    failed+=("${lists[$i]}")
  fi
done
for i in "${!lists[@]}"; do
  echo "shard $(basename "${lists[$i]}" .txt): $(tail -n 1 "$base/$(basename "${lists[$i]}" .txt).log")"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed shards (re-run only these): $0 ${failed[*]}" >&2
  exit 1
fi
