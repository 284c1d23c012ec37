#!/usr/bin/env bash
# Runs one end-to-end case: tests/cli/<name>/ holds
#   args             the arguments, as shell words (--as-of is always among them)
#   dir              optional: the working folder, relative to the project (default: examples)
#   expected_stdout  what mestring must print, byte for byte
#   expected_stderr  optional: what it must print on stderr
#   expected_exit    optional: the exit status (default 0)
# or, for commands that write, instead of args:
#   script           a bash script run in a scratch copy of `dir`, with
#                    `mestring` on PATH; its output is compared the same way
# A script that cannot run here (it needs root to mount a tmpfs, say) prints
# "SKIP: why" and exits 77; ctest then reports the test as skipped.
# MESTRING_WRAPPER, when set, runs the binary under it (tests/valgrind.sh).
# MESTRING_UPDATE_GOLDEN=1 rewrites the expectations instead; review them in the diff.
set -u
# The same output on every machine: English unless a test says otherwise, and
# no colour unless a test asks for it.
unset LC_ALL LC_MESSAGES LANG NO_COLOR
bin=$1 case_dir=$2 project=$3
dir=examples
[ -f "$case_dir/dir" ] && dir=$(cat "$case_dir/dir")
out=$(mktemp) err=$(mktemp) scratch=$(mktemp -d) tools=$(mktemp -d) cache=$(mktemp -d)
trap 'rm -rf "$out" "$err" "$scratch" "$tools" "$cache"' EXIT
export XDG_CACHE_HOME=$cache # the cache of loaded cases, never in a real home
if [ -f "$case_dir/script" ]; then
  cp -r "$project/$dir/." "$scratch/"
  if [ -n "${MESTRING_WRAPPER:-}" ]; then
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$MESTRING_WRAPPER" "$bin" >"$tools/mestring" && chmod +x "$tools/mestring"
  else
    ln -s "$bin" "$tools/mestring"
  fi
  (cd "$scratch" && PATH="$tools:$PATH" exec bash -e "$case_dir/script") >"$out" 2>"$err"
else
  args=$(cat "$case_dir/args")
  (cd "$project/$dir" && eval "exec ${MESTRING_WRAPPER:-} \"$bin\" $args") >"$out" 2>"$err"
fi
code=$?
if [ -f "$case_dir/script" ] && [ "$code" = 77 ] && grep -q '^SKIP: ' "$out"; then
  grep '^SKIP: ' "$out"; exit 77
fi
if [ "${MESTRING_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out" "$case_dir/expected_stdout"
  if [ -s "$err" ] || [ -f "$case_dir/expected_stderr" ]; then cp "$err" "$case_dir/expected_stderr"; fi
  if [ "$code" != 0 ]; then echo "$code" >"$case_dir/expected_exit"; else rm -f "$case_dir/expected_exit"; fi
  exit 0
fi
fail=0
want_code=0
[ -f "$case_dir/expected_exit" ] && want_code=$(cat "$case_dir/expected_exit")
if [ "$code" != "$want_code" ]; then
  echo "exit status $code, expected $want_code"; fail=1
fi
if ! diff -u "$case_dir/expected_stdout" "$out"; then
  echo "stdout differs (above: - expected, + actual)"; fail=1
fi
if [ -f "$case_dir/expected_stderr" ]; then
  if ! diff -u "$case_dir/expected_stderr" "$err"; then echo "stderr differs"; fail=1; fi
elif [ -s "$err" ]; then
  echo "unexpected stderr:"; cat "$err"; fail=1
fi
exit $fail
