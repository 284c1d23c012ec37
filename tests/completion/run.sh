#!/usr/bin/env bash
# Runs one shell's completion test: run.sh SHELL TEST BIN PROJECT
# The test runs in a copy of examples/ with `mestring` on PATH (the scripts
# run `mestring __ids` for the case ids, as they do for a user). A shell that
# is not installed skips the test (exit 77); CI installs all three.
set -eu
shell=$1 test=$2 bin=$3 project=$4
if ! command -v "$shell" >/dev/null; then
  echo "$shell is not installed: skipped"
  exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin" "$scratch/repo" "$scratch/elsewhere"
ln -s "$bin" "$scratch/bin/mestring"
cp -r "$project/examples/." "$scratch/repo/"
"$bin" completion "$shell" >"$scratch/script"
# The long options of the help (read in English: its headings follow LANG).
long_options() { "$bin" --lang en "$@" --help | awk '/^[^ ].*:$/ { opts = ($0 == "Options:") } opts && $1 ~ /^-/ { print $1 }' |
  tr ',' '\n' | grep '^--'; }
due_options=$( { long_options; long_options due; } | LC_ALL=C sort -u | tr '\n' ' ')
sed "s/@due-options/${due_options% }/" "$(dirname "$test")/cases.txt" >"$scratch/cases.txt"
cd "$scratch/repo"
export LC_ALL=C PATH="$scratch/bin:$PATH" HOME="$scratch" SCRIPT="$scratch/script" REPO="$scratch/repo"
export CASES="$scratch/cases.txt"
export ELSEWHERE="$scratch/elsewhere" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
case $shell in
  bash) exec bash --norc --noprofile "$test" ;;
  zsh) exec zsh -f "$test" ;;
  fish) exec fish --no-config "$test" ;;
esac
