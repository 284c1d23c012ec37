#!/usr/bin/env bash
# The loader benchmark (issue 15): warm `due --week`, `check` and `stats` against
# `git status` and `find` on the same tree, cold `check --no-cache` against
# yaml-cpp's bare event parse, peak RSS of every run, `add` and `show` on one
# case; the ratios beside the figures. bench/run.py says what and how.
#
# usage: bench/run.sh BUILD_DIR [SIZE…]      (default sizes: 10000 100000)
# BUILD_DIR is a Release build:
#   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2
# BENCH_DIR (default /tmp/mestring-bench) holds the generated repositories,
# reused between runs (100k cases are ~330 MB, and their git copy as much
# again); BENCH_CLEAN=1 removes it afterwards. BENCH_JOBS pins the threads
# (default: all); BENCH_RUNS and BENCH_COLD_RUNS the repetitions (default 3);
# BENCH_QUIET=SECONDS waits up to that long for a quiet machine before each size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: bench/run.sh BUILD_DIR [SIZE…]" >&2; exit 2; }
exec python3 -B "$here/run.py" "$@"
