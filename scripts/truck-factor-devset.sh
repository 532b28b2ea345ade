#!/usr/bin/env bash
# Truck-factor agreement on the reference dev set (data/truck_factor_dev.csv: repo, snapshot, published value).
# Usage: scripts/truck-factor-devset.sh CSV CLONES_DIR [AEXY]
#   CLONES_DIR/<name> must be a clone of each repository (name = the part after the slash); this
#   script checks out each snapshot, indexes it into a scratch data dir, runs `aexy team --json`
#   and prints value, developers and the coverage trace (Avelino's method), then the maintainers'
#   truck factor (aexy's maintainer model, for comparison only; agreement counts Avelino's). It
#   needs no network and changes nothing but the clones' checked-out commit.
set -euo pipefail
csv=${1:?CSV}; clones=${2:?CLONES_DIR}; aexy=${3:-aexy}
data=$(mktemp -d); trap 'rm -rf "$data"' EXIT
agree=0; total=0
printf '%-22s %9s %5s %5s  %s\n' repo published aexy maint 'developers | coverage after each removal'
while IFS=, read -r repo snap _date published; do
  published=${published%$'\r'}
  [ "$repo" = repo ] && continue
  dir="$clones/${repo#*/}"
  git -C "$dir" checkout -q --detach "$snap"
  (cd "$dir" && AEXY_DATA_DIR="$data" "$aexy" index --json >/dev/null)
  json=$(cd "$dir" && AEXY_DATA_DIR="$data" "$aexy" team --json)
  line=$(printf '%s' "$json" | python3 -c '
import json, sys
j = json.load(sys.stdin)
t = j["truckFactor"]
devs = "; ".join("%s (%d)" % (d["name"], d["authoredFiles"]) for d in t["developers"])
cov = " -> ".join("%.1f%%" % (c * 100) for c in t["coverage"])
print(t["value"], j["maintainersTruckFactor"]["value"], devs, "|", cov)')
  value=${line%% *}; rest=${line#* }; maint=${rest%% *}
  total=$((total + 1)); [ "$value" = "$published" ] && agree=$((agree + 1))
  printf '%-22s %9s %5s %5s  %s\n' "$repo" "$published" "$value" "$maint" "${rest#* }"
done < "$csv"
echo "agreement: $agree/$total"
