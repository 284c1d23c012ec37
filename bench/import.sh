#!/usr/bin/env bash
# The import benchmark (issue 12): Danish-Excel sheets of cases and events
# imported into a new repository at each size, each import checked and
# timed, with rows per second and the growth between sizes (1.0 = linear).
# bench/import_bench.py says what and how.
#
# usage: bench/import.sh BUILD_DIR [ROWS…]    (default rows: 1000 10000 100000)
# BENCH_BUDGET (seconds, default 300) bounds each import and skips sizes
# predicted to pass it; BENCH_DIR (default /tmp/mestring-bench) holds the
# scratch repositories, removed after each size unless BENCH_KEEP=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: bench/import.sh BUILD_DIR [ROWS…]" >&2; exit 2; }
exec python3 -B "$here/import_bench.py" "$@"
