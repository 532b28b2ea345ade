#!/bin/sh
# One shard of an organisation: clone (or update) every repository its list names, then
# `aexy org sync` them into the shared org store. The same script runs as a Kubernetes Job's
# pod, a CI matrix job, or a local process (deploy/local-shards.sh).
#
#   AEXY_ORG_STORE  postgres://… (required; from a Secret)
#   SHARD_LIST      the shard's list: one clone URL or path a line, '#' comments
#                   (default /shards/shard-$JOB_COMPLETION_INDEX.txt: an Indexed Job's index)
#   WORK_DIR        where clones and indexes live (default /work: an emptyDir or a cache volume)
#   JOBS            repositories synced at once (default 2)
#   AEXY            the aexy binary (default: aexy on PATH)
#
# A repository that cannot be cloned or synced is reported and the others go on; the exit
# status is non-zero if any failed, so the scheduler retries this shard alone. Re-running a
# shard replaces its repositories' figures and skips those already synced at the same commit.
set -eu
: "${AEXY_ORG_STORE:?set AEXY_ORG_STORE to the org store (postgres://…)}"
list="${SHARD_LIST:-/shards/shard-${JOB_COMPLETION_INDEX:-0}.txt}"
work="${WORK_DIR:-/work}"
aexy="${AEXY:-aexy}"
export AEXY_DATA_DIR="${AEXY_DATA_DIR:-$work/indexes}"
mkdir -p "$work/repos"
local_list="$work/repos/shard.txt"
: > "$local_list"
failed=0
while IFS= read -r url || [ -n "$url" ]; do
  case "$url" in '' | '#'*) continue ;; esac
  # owner/name from the URL's last two path parts (https://host/owner/name.git, git@host:owner/name)
  name=$(printf '%s\n' "$url" | sed -e 's#/*$##' -e 's#\.git$##' | awk -F'[/:]' '{ print $(NF-1) "/" $NF }')
  dest="$work/repos/$name"
  # a clone of another URL, or one that no longer updates, is cloned again
  if [ -d "$dest/.git" ] && [ "$(git -C "$dest" remote get-url origin 2>/dev/null)" = "$url" ] \
     && git -C "$dest" pull -q --ff-only; then
    :
  else
    rm -rf "$dest"
    mkdir -p "$(dirname "$dest")"
    git clone -q "$url" "$dest" || { echo "shard: $name: clone failed" >&2; failed=1; continue; }
  fi
  echo "$name" >> "$local_list"
done < "$list"
if [ -s "$local_list" ]; then
  "$aexy" org sync --list "$local_list" --jobs "${JOBS:-2}" || failed=1
fi
exit "$failed"
