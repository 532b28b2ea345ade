#!/usr/bin/env bash
# The whole test suite, from a fresh clone: Rust unit and end-to-end tests, then every suite
# under scripts/test.d/ in name order (each installs what it needs, idempotently). Ends with one
# line totalling every runner's counts: "total: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
logs=target/test-logs
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/*.failed

echo "== cargo test (workspace)"
cargo build --workspace --all-targets --locked
# every test binary runs even when one fails, and the suites below run too: the total says it all
if ! cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$logs/cargo.log"; then
  echo "!! cargo test failed"
  touch "$logs/cargo.failed"
fi

for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  name=$(basename "$suite" .sh)
  echo "== $suite"
  if ! bash "$suite" 2>&1 | tee "$logs/$name.log"; then
    echo "!! $suite failed"
    touch "$logs/$name.failed"
  fi
done

# Totals: cargo's "test result" lines, node's "# pass/# fail", and one count per suite that
# reports no numbers of its own (editor scripts), by its exit status; a suite that failed
# without a failing count (an install step, a crash) counts as one failure.
echo
python3 - "$logs" <<'PY'
import pathlib, re, sys
logs = pathlib.Path(sys.argv[1])
passed = failed = 0
for log in sorted(logs.glob("*.log")):
    suite_failed = log.with_suffix(".failed").exists()
    before = failed
    text = log.read_text(errors="replace")
    counted = False
    for p, f in re.findall(r"test result: \w+\. (\d+) passed; (\d+) failed", text):
        passed, failed, counted = passed + int(p), failed + int(f), True
    for kind, n in re.findall(r"^# (pass|fail) (\d+)$", text, re.M):
        counted = True
        if kind == "pass":
            passed += int(n)
        else:
            failed += int(n)
    if not counted and not suite_failed:
        passed += 1
    if suite_failed and failed == before:
        failed += 1
print(f"total: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
