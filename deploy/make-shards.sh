#!/usr/bin/env bash
# Splits a list of repository URLs (one a line) into N shard lists, round robin, so shards get
# similar mixes of large and small repositories when the list is sorted by size:
#   deploy/make-shards.sh repos.txt 16 shards/   → shards/shard-0.txt … shard-15.txt
set -euo pipefail
list="$1"; n="$2"; out="$3"
mkdir -p "$out"
rm -f "$out"/shard-*.txt
grep -v -e '^#' -e '^[[:space:]]*$' "$list" \
  | awk -v n="$n" -v d="$out" '{ print > (d "/shard-" ((NR - 1) % n) ".txt") }'
ls "$out"/shard-*.txt
