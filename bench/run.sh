#!/usr/bin/env bash
# The loader benchmark: for each size, a generated repository (bench/gen_repo.py)
# under $BENCH_DIR, reused between runs; then, on 1 thread and on all:
#   floor  mestring_parse_floor: yaml-cpp's event parser alone on the same files
#   check  `mestring check`, cold (empty cache: parses and writes it) and warm
#   due    `mestring due --week`, cold and warm
# with wall time, the ratio to the floor and peak RSS (/usr/bin/time %M).
#
# usage: bench/run.sh BUILD_DIR [SIZE…]      (default sizes: 1000 10000 100000)
# BUILD_DIR is a Release build: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
# BENCH_DIR (default /tmp/mestring-bench) holds the repositories and a scratch
# cache; BENCH_CLEAN=1 removes them afterwards (100k cases are ~330 MB).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: bench/run.sh BUILD_DIR [SIZE…]}" && pwd)
shift
sizes=("${@:-1000}")
[ $# -eq 0 ] && sizes=(1000 10000 100000)
bench=${BENCH_DIR:-/tmp/mestring-bench}
mestring=$build/mestring floor=$build/mestring_parse_floor
all=$(nproc)
export XDG_CACHE_HOME=$bench/cache
mkdir -p "$bench"
[ "${BENCH_CLEAN:-}" = 1 ] && trap 'rm -rf "$bench"' EXIT

# Prints "seconds peak-MB" of one run of "$@" (output discarded).
measure() {
  /usr/bin/time -o "$bench/time" -f '%e %M' "$@" >/dev/null 2>&1 || true # check exits 1 on findings
  tail -1 "$bench/time" | awk '{printf "%.2f %.0f\n", $1, $2 / 1024}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "| cases | MB | threads | floor s | check cold s | ×floor | check warm s | due cold s | ×floor | due warm s | cold/warm (due) | peak RSS MB (cold / warm) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  repo=$bench/repo-$n
  if [ ! -f "$repo/.complete" ]; then
    rm -rf "$repo"
    python3 "$here/gen_repo.py" "$repo" "$n" 1
    touch "$repo/.complete"
  fi
  mb=$(du -sb --apparent-size "$repo/cases" | awk '{printf "%.1f", $1 / 1e6}')
  find "$repo/cases" -type f -exec cat {} + >/dev/null # the bytes in the page cache for every run alike
  for j in 1 "$all"; do
    read -r floor_s _ < <(measure "$floor" "$repo/cases" "$j")
    rss=""
    for cmd in check "due --week"; do
      rm -rf "$XDG_CACHE_HOME"
      # shellcheck disable=SC2086
      read -r cold_s cold_mb < <(cd "$repo" && measure "$mestring" --as-of 2025-11-26 -j "$j" $cmd)
      # shellcheck disable=SC2086
      read -r warm_s warm_mb < <(cd "$repo" && measure "$mestring" --as-of 2025-11-26 -j "$j" $cmd)
      eval "${cmd%% *}_cold=$cold_s ${cmd%% *}_warm=$warm_s"
      rss+="${rss:+, }${cmd%% *} $cold_mb / $warm_mb"
    done
    echo "| $n | $mb | $j | $floor_s | $check_cold | $(ratio "$check_cold" "$floor_s") | $check_warm" \
         "| $due_cold | $(ratio "$due_cold" "$floor_s") | $due_warm | $(ratio "$due_cold" "$due_warm") | $rss |"
  done
done
