#!/usr/bin/env bash
# aexy.el (editors/emacs) in `emacs --batch' (Debian emacs-nox): ERT tests against the real
# daemon on two generated repositories: one daemon per project, eldoc, commands, showDocument.
set -euo pipefail
source "$(dirname "$0")/../../editors/test-support/common.sh"
apt_install emacs-nox git elpa-eglot python3-pylsp
AEXY_BIN="$(build_aexy)"
if ! aexy_has_lsp "$AEXY_BIN"; then
  echo "42-emacs: this aexy build has no 'lsp' subcommand" >&2
  exit 1
fi
work="$(mktemp -d)"
start_issue_server
trap 'rm -rf "$work"; kill "$ISSUE_SERVER_PID" 2>/dev/null || true' EXIT
bash "$AEXY_ROOT/editors/test-support/make-repo.sh" "$work/repo"
bash "$AEXY_ROOT/editors/test-support/make-repo.sh" "$work/repo2"
bash "$AEXY_ROOT/editors/test-support/add-python-tool.sh" "$work/repo2"   # for the eglot + pylsp test
bash "$AEXY_ROOT/editors/test-support/add-hostile-commit.sh" "$work/repo2"   # escapes and markup in a commit
# an OpenAI-compatible model replayed on 127.0.0.1, for the streamed aexy-explain buffer
python3 "$AEXY_ROOT/editors/test-support/llm-replay.py" "$work/llm-port" & replay=$!
trap 'kill $replay 2>/dev/null; kill "$ISSUE_SERVER_PID" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -s "$work/llm-port" ] && break; sleep 0.1; done
export AEXY_LLM="openai:replayed" AEXY_LLM_BASE_URL="http://127.0.0.1:$(cat "$work/llm-port")" AEXY_CONFIG="$work/no-config.toml"
export AEXY_BIN AEXY_REPO="$work/repo" AEXY_REPO2="$work/repo2" HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
cd "$AEXY_ROOT/editors/emacs"
# Byte-compile first: warnings are errors.
emacs --batch -L . --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile aexy-render.el aexy.el aexy-commands.el aexy-explain.el aexy-people.el
rm -f ./*.elc
set +e
timeout 600 emacs --batch -L . -L test -l test/aexy-test.el -f ert-run-tests-batch-and-exit 2>&1 | tee "$work/ert.log"
rc=${PIPESTATUS[0]}
set -e
# ERT's own summary, restated as the plain closing line.
if line=$(grep -E '^Ran [0-9]+ tests?, [0-9]+ results? as expected' "$work/ert.log" | tail -1); then
  ran=$(echo "$line" | sed -E 's/^Ran ([0-9]+) .*/\1/')
  ok=$(echo "$line" | sed -E 's/.*, ([0-9]+) results? as expected.*/\1/')
  bad=$(echo "$line" | sed -nE 's/.*, ([0-9]+) unexpected.*/\1/p'); bad=${bad:-0}
  skipped=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p'); skipped=${skipped:-0}
  printf '# pass %s\n# fail %s\n# skipped %s\n' "$ok" "$bad" "$skipped"
  echo "emacs: $ok passed, $bad failed, $skipped skipped (of $ran)"
fi
exit "$rc"
