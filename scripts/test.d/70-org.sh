#!/usr/bin/env bash
# The org store on a real PostgreSQL: Debian's `postgresql` package (installed once by
# common.sh's apt_install), a throwaway cluster made by initdb and started by pg_ctl on a Unix socket in a temp
# dir (run as the `postgres` user when we are root, as CI is), then
#  - the Rust tests that need it (`cargo test --test org postgres_`): the same store and answers
#    as SQLite, a shard killed mid-sync and re-run giving the clean run's store;
#  - the local shard recipe (deploy/local-shards.sh): N worker processes, one per shard list,
#    syncing generated repositories into the one server.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../editors/test-support/common.sh
. editors/test-support/common.sh
apt_install postgresql # once: dpkg knows it is there the next time
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN="$(pg_bin)"
tmp="$(mktemp -d /tmp/aexy-pg.XXXXXX)"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
stop() {
  as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
as_pg "$PGBIN/initdb" -D "$tmp/data" -A trust -U aexy --no-sync -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
  -o "-k $tmp -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export AEXY_TEST_POSTGRES="postgres://aexy@localhost/postgres?host=$tmp"

cargo build -p aexy --locked --quiet
cargo test -p aexy --locked --test org postgres_ 2>&1

# the shard recipe, locally: three shards of generated repositories, three worker processes
work="$tmp/recipe"
mkdir -p "$work"
aexy="$PWD/target/debug/aexy"
"$aexy" org bench --generate 6 --into "$work/repos" --commits 60 --files 30 --people 20 --json
(cd "$work/repos" && ls -d synth-*) | awk -v d="$work" '{ print d "/repos/" $0 > (d "/shard-" (NR % 3) ".txt") }'
"$PGBIN/psql" -q -h "$tmp" -U aexy -d postgres -c "CREATE DATABASE recipe" >/dev/null
store="postgres://aexy@localhost/recipe?host=$tmp"
# the workers' clones from an earlier run (origin gone) are cloned again, not updated
mkdir -p "$work/shards/shard-1/repos/repos/synth-0000/.git" # synth-0000 is in shard 1
AEXY_DATA_DIR="$work/data" AEXY_ORG_STORE="$store" AEXY="$aexy" WORK_ROOT="$work/shards" \
  bash deploy/local-shards.sh "$work"/shard-*.txt
n=$(AEXY_ORG_STORE="$store" "$aexy" org risk --json --limit 100 \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["repositories"]))')
if [ "$n" = 6 ]; then
  echo "70-org: recipe: 3 worker processes synced 6 repositories into one PostgreSQL"
  echo "# pass 1"
else
  echo "70-org: recipe: expected 6 repositories in the store, found $n" >&2
  echo "# fail 1"
  exit 1
fi
