#!/usr/bin/env bash
# Coverage-guided fuzzing of aexy on stable Rust: the targets of fuzz/ (libfuzzer-sys) built
# with rustc's own SanitizerCoverage passes (-Cpasses=sancov-module: stable codegen options,
# no nightly, no cargo-fuzz) and run by libFuzzer.
#
#   scripts/fuzz.sh run [SECONDS] [TARGET…]   each target for SECONDS (default 60), starting from
#                                            fuzz/corpus/TARGET; new inputs go to
#                                            target/fuzz/found/TARGET, crashes to target/fuzz/crashes
#   scripts/fuzz.sh merge [TARGET…]          minimise found inputs into fuzz/corpus/TARGET
#   scripts/fuzz.sh build                    build only
#
# Prints one line per target: runs, executions, coverage, and "# pass N" / "# fail N" at the end.
# The instrumented build is cached under $AEXY_FUZZ_CACHE (default ~/.cache/aexy-fuzz);
# AEXY_FUZZ_SKIP_BUILD=1 runs what is built (a campaign over several invocations).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache="${AEXY_FUZZ_CACHE:-$HOME/.cache/aexy-fuzz}"
export CARGO_TARGET_DIR="$cache/target"
host=$(rustc -vV | sed -n 's/^host: //p')
all=(frames params attributes message blobs escape repository server deltas)
out="$root/target/fuzz"
mkdir -p "$out/found" "$out/crashes" "$cache"

build() {
  # --target makes RUSTFLAGS apply to the fuzzed code only, not to build scripts.
  RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing" \
    cargo build -p aexy-fuzz --features libfuzzer --bins --profile fuzz --target "$host" --locked --quiet
}

bin() { echo "$CARGO_TARGET_DIR/$host/fuzz/$1"; }

cmd="${1:-run}"
shift || true
case "$cmd" in
  build) build ;;
  run)
    seconds="${1:-60}"
    shift || true
    targets=("${@:-${all[@]}}")
    [ $# -gt 0 ] || targets=("${all[@]}")
    [ -n "${AEXY_FUZZ_SKIP_BUILD:-}" ] || build
    pass=0 fail=0
    for t in "${targets[@]}"; do
      mkdir -p "$out/found/$t"
      log="$out/$t.log"
      # -rss_limit_mb: memory must stay bounded; -timeout: no input may take 10 s.
      if "$(bin "$t")" "$out/found/$t" "$root/fuzz/corpus/$t" -max_total_time="$seconds" \
          -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
          -artifact_prefix="$out/crashes/$t-" >"$log" 2>&1; then
        pass=$((pass + 1))
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz $t: ok, $runs executions in ${seconds}s, $cov"
      else
        fail=$((fail + 1))
        echo "fuzz $t: FAILED (see $log)"
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -5
      fi
    done
    echo "# pass $pass"
    echo "# fail $fail"
    [ "$fail" -eq 0 ]
    ;;
  merge)
    targets=("$@")
    [ $# -gt 0 ] || targets=("${all[@]}")
    build
    for t in "${targets[@]}"; do
      [ -d "$out/found/$t" ] || continue
      "$(bin "$t")" -merge=1 -max_len=65536 -timeout=10 "$root/fuzz/corpus/$t" "$out/found/$t" 2>&1 | tail -1
    done
    ;;
  *) echo "usage: $0 run [SECONDS] [TARGET…] | merge [TARGET…] | build" >&2; exit 2 ;;
esac
