#!/usr/bin/env bash
# Task-matching accuracy over several repositories, as one Markdown table (the README's).
# Usage: scripts/eval-matching.sh [-s SKIP] [-n HOLDOUT] [-a AEXY] CLONE...
#   Each CLONE is indexed into a scratch data dir, then `aexy eval match --json` replays its last
#   HOLDOUT (default 500) non-merge commits (after leaving out the newest SKIP, default 0: use
#   -s 500 to try settings on an earlier window without looking at the reported one; -n 2000 to
#   see whether a figure holds over a longer stretch of history). Prints Hit@5 / MRR of
#   aexy and the baselines and the share of mostActiveRecent's Hit@5 misses that aexy removes.
#   It needs no network and changes nothing in the clones.
set -euo pipefail
skip=0; holdout=500; aexy=aexy
while getopts s:n:a: opt; do
  case $opt in
    s) skip=$OPTARG ;;
    n) holdout=$OPTARG ;;
    a) aexy=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-s SKIP] [-n HOLDOUT] [-a AEXY] CLONE..." >&2; exit 2; }
data=$(mktemp -d); trap 'rm -rf "$data"' EXIT
echo '| repository (HEAD) | evaluated | candidates | aexy | mostActiveRecent | pathOracle | bm25Subjects | misses removed |'
echo '|---|---|---|---|---|---|---|---|'
for clone in "$@"; do
  db="$data/$(basename "$clone").sqlite"
  "$aexy" index "$clone" --db "$db" >/dev/null 2>&1
  "$aexy" eval match "$clone" --db "$db" --skip "$skip" --holdout "$holdout" --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = {m["method"]: m for m in d["results"]}
cell = lambda m: "%.3f / %.3f" % (r[m]["hit5"], r[m]["mrr"])
name = sys.argv[1].rstrip("/").split("/")[-1]
print("| %s (%s) | %d | %d | %s | %s | %s | %s | %.0f %% |" % (
    name, d["head"][:10], d["evaluated"], round(d["candidates"]), cell("aexy"),
    cell("mostActiveRecent"), cell("pathOracle"), cell("bm25Subjects"),
    100 * d["recentMissesRemoved"]))' "$clone"
done
