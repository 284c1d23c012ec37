#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz and runs each for
# SECONDS (default 60), seeded with the examples and the test fixtures (copied
# into a scratch folder: nothing the fuzzer writes is kept in the tree, except
# a crashing input, saved in build-fuzz/artifacts/). Prints the executions and
# the time of each target; exits 1 on any crash, leak or timeout.
#   fuzz/run.sh [SECONDS]
# A crash found becomes a regression test: copy its input to
# fuzz/regressions/TARGET/ (the unit test `fuzz regressions` replays them).
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DMESTRING_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j2 --target fuzz_targets

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=build-fuzz/artifacts
mkdir -p "$artifacts"

# Seeds: what each reader meets in real use, plus the inputs that once broke it.
seed() { # TARGET FILE...
  local dir="$work/seeds-$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; done
  return 0
}
shopt -s nullglob
seed case_loader examples/cases/*.yaml tests/fixtures/*/cases/*.yaml fuzz/regressions/case_loader/*
seed config examples/mestring.yaml tests/fixtures/*/mestring.yaml src/core/default_config.yaml fuzz/regressions/config/*
seed csv tests/fixtures/sheets/*.csv fuzz/regressions/csv/*
seed import tests/fixtures/sheets/*.csv fuzz/regressions/import/*
seed journal fuzz/regressions/journal/*
seed cache fuzz/regressions/cache/*
mkdir -p "$work/seeds-date"
i=0
for s in 2025-11-26 2024-02-29 31-12-2025 1.2.2025 01/02/2025 45000 "6 months" "10 working days" \
         "2 months 15 days" 010190-1234 0101901234; do
  printf '%s' "$s" > "$work/seeds-date/seed$((i++))"
done
for f in fuzz/regressions/date/*; do cp "$f" "$work/seeds-date/"; done

status=0
printf '%-12s %12s %8s  %s\n' target executions seconds result
for target in case_loader config csv import date journal cache; do
  mkdir -p "$work/corpus-$target"
  log="$work/$target.log"
  start=$(date +%s)
  if build-fuzz/fuzz_$target "$work/corpus-$target" "$work/seeds-$target" \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="$artifacts/$target-" -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see below)"
    status=1
  fi
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-12s %12s %8s  %s\n' "$target" "${runs:-?}" "$elapsed" "$result"
  if [ "$result" != ok ]; then
    grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -20
    tail -40 "$log"
  fi
done
exit $status
