#!/usr/bin/env bash
# Sources against real recorded GitHub traffic, fetched at test time into a cache (never copied
# into the repository): PyGithub's replay data (its PyPI sdist, LGPL-3.0), @octokit/fixtures and
# @octokit/openapi (npm, MIT); and aexy's GitHub GraphQL query validated against GitHub's
# published schema (@octokit/graphql-schema). Downloads once, with stamp files; then well
# under a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${AEXY_SOURCES_CACHE:-$HOME/.cache/aexy-sources}/v1"
mkdir -p "$cache"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

PYGITHUB=2.10.0
FIXTURES=23.1.2
OPENAPI=23.0.2
SCHEMA=15.26.1

# npm_extract NAME VERSION DEST [PATHS…]: `npm pack` once, unpack into DEST.
npm_extract() {
  local name="$1" version="$2" dest="$3"; shift 3
  local stamp="$cache/.stamp-${name//\//_}-$version"
  [ -f "$stamp" ] && return 0
  log "npm pack $name@$version"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  rm -rf "$dest"; mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1 "$@"
  rm -rf "$tmp"
  touch "$stamp"
}

npm_extract @octokit/fixtures "$FIXTURES" "$cache/octokit-fixtures" package/scenarios
npm_extract @octokit/openapi "$OPENAPI" "$cache/openapi" package/generated/api.github.com.json package/generated/ghes-3.19.json

if [ ! -f "$cache/.stamp-pygithub-$PYGITHUB" ]; then
  log "pip download PyGithub==$PYGITHUB (sdist)"
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --no-binary :all: "PyGithub==$PYGITHUB" -d "$tmp" >/dev/null
  rm -rf "$cache/pygithub"; mkdir -p "$cache/pygithub"
  tar -xzf "$tmp"/*.tar.gz -C "$cache/pygithub" --strip-components=2 "pygithub-$PYGITHUB/tests/ReplayData"
  rm -rf "$tmp"
  touch "$cache/.stamp-pygithub-$PYGITHUB"
fi

if [ ! -f "$cache/.stamp-graphql-schema-$SCHEMA" ]; then
  log "npm install @octokit/graphql-schema@$SCHEMA"
  mkdir -p "$cache/graphql-schema"
  [ -f "$cache/graphql-schema/package.json" ] || echo '{"name":"aexy-graphql-schema","private":true}' >"$cache/graphql-schema/package.json"
  (cd "$cache/graphql-schema" && npm install --silent --no-save --no-audit --no-fund "@octokit/graphql-schema@$SCHEMA" >/dev/null)
  touch "$cache/.stamp-graphql-schema-$SCHEMA"
fi

echo "== GitHub GraphQL query against GitHub's published schema"
python3 - "$root/daemon/src/sources/github/graphql.rs" >"$cache/pulls.graphql" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
print(re.search(r'PULLS_QUERY: &str = r#"(.*?)"#;', src, re.S).group(1))
PY
(cd "$cache/graphql-schema" && node --input-type=module -e '
import { validate } from "@octokit/graphql-schema";
import { readFileSync } from "node:fs";
const query = readFileSync(process.argv[1], "utf8");
const errors = validate(query);
if (errors.length) { for (const e of errors) console.error(e.message); console.log("# fail 1"); process.exit(1); }
console.log("GitHub schema: the pull-request query is valid");
console.log("# pass 1");
' "$cache/pulls.graphql")

echo "== recorded traffic through the sources (cargo test --test sources -- --ignored recorded)"
cd "$root"
AEXY_RECORDED_DIR="$cache" cargo test --locked -p aexy --test sources -- --ignored recorded 2>&1
