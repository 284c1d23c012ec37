#!/usr/bin/env bash
# Runs the end-to-end tests of check and import (and the hostile-input and
# privacy tests, which are check and import on bad input) under valgrind
# memcheck, with the normal build: any invalid read or write, use of an
# uninitialised value or leak fails the test (valgrind exits 99).
#   tests/valgrind.sh [BUILD_DIR]    (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export MESTRING_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --log-file=$logs/%p.log"
start=$(date +%s)
status=0
ctest --test-dir "$root/$build" -j2 --output-on-failure -R '^cli/(check|broken-check|import|hostile|privacy)' || status=1
# Quiet valgrind writes a log only when it has something to say.
for log in "$logs"/*.log; do
  if [ -s "$log" ]; then
    echo "== valgrind: $log"; cat "$log"; status=1
  fi
done
echo "valgrind: $(ls "$logs" | wc -l) runs of mestring, $(( $(date +%s) - start )) s, $([ $status = 0 ] && echo 'no errors' || echo 'ERRORS')"
exit $status
