#!/usr/bin/env bash
# `cmake --install` into a scratch DESTDIR, as the README says
# (--prefix /usr/local): every file where it belongs, the man pages gzipped
# and readable, the completion scripts the same as the binary prints (in
# English, as the build makes them). Then the README's crontab, run as cron
# runs it, after an install to a scratch prefix.
# usage: install.sh BUILD_DIR [PROJECT_DIR]
set -eu
build=$1
project=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
DESTDIR=$scratch cmake --install "$build" --prefix /usr/local >/dev/null
root=$scratch/usr/local
fail=0
for f in bin/mestring share/man/man1/mestring.1.gz share/man/man5/mestring.5.gz \
         share/bash-completion/completions/mestring share/zsh/vendor-completions/_mestring \
         share/fish/vendor_completions.d/mestring.fish; do
  if [ ! -f "$root/$f" ]; then echo "missing: $f"; fail=1; fi
done
[ $fail = 0 ] || exit 1
[ -x "$root/bin/mestring" ] || { echo "bin/mestring is not executable"; exit 1; }
"$root/bin/mestring" --version | grep -q '^mestring [0-9]' || { echo "the installed mestring does not run"; exit 1; }
for page in man1/mestring.1.gz man5/mestring.5.gz; do
  gzip -t "$root/share/man/$page" || { echo "$page is not gzip"; fail=1; }
  if command -v mandoc >/dev/null && ! mandoc -T utf8 "$root/share/man/$page" | grep -q mestring; then
    echo "$page does not render"; fail=1
  fi
done
check_script() {
  if ! "$root/bin/mestring" --lang en completion "$1" | cmp -s - "$root/share/$2"; then
    echo "share/$2 differs from what mestring completion $1 prints"; fail=1
  fi
}
check_script bash bash-completion/completions/mestring
check_script zsh zsh/vendor-completions/_mestring
check_script fish fish/vendor_completions.d/mestring.fish
[ $fail = 0 ] || exit 1

# The crontab of the README (its ```crontab block), which the man page must
# show line for line, run as cron runs it: `env -i PATH=/usr/bin:/bin`, then
# the crontab's own variables (PATH=… among them), then `sh -c` on the
# command after the five time fields. /usr/local becomes a scratch prefix
# that cmake --install filled, /srv/mestring a copy of examples/ (no
# --as-of: the examples have missed deadlines whatever today is).
crontab=$(sed -n '/^```crontab$/,/^```$/p' "$project/README.md" | sed '1d;$d')
[ -n "$crontab" ] || { echo "README.md has no \`\`\`crontab block"; exit 1; }
while IFS= read -r line; do
  case $line in ''|'#'*) continue ;; esac
  grep -qxF -- "$line" "$project/man/mestring.1" || { echo "mestring.1 does not show the crontab line: $line"; fail=1; }
done <<<"$crontab"
prefix=$scratch/prefix repo=$scratch/srv-mestring
cmake --install "$build" --prefix "$prefix" >/dev/null
cp -r "$project/examples" "$repo"
vars=() jobs=()
while IFS= read -r line; do
  line=${line//\/usr\/local/$prefix}
  line=${line//\/srv\/mestring/$repo}
  case $line in
    ''|'#'*) ;;
    [A-Z]*=*) vars+=("$line") ;;
    *) jobs+=("$(echo "$line" | sed -E 's/^([^ ]+ +){5}//')") ;;
  esac
done <<<"$crontab"
[ ${#jobs[@]} = 2 ] || { echo "expected two jobs in the README's crontab, found ${#jobs[@]}"; exit 1; }
# (Its exit status is cron's business: 1 when something was found.)
cron() { env -i PATH=/usr/bin:/bin "${vars[@]}" sh -c "$1" >"$scratch/out" 2>"$scratch/err" || true; }
# Day 1: no kept findings yet, so everything is news, with a note.
cron "${jobs[0]}"
[ -s "$scratch/out" ] || { echo "day 1: the weekday job printed nothing"; cat "$scratch/err"; fail=1; }
grep -q 'does not exist yet; every finding is new' "$scratch/err" || { echo "day 1: no note on the missing baseline"; cat "$scratch/err"; fail=1; }
day1=$(cat "$scratch/out")
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["findings"]' "$repo/.mestring-last-check.json" ||
  { echo "day 1: the kept findings are not check's JSON"; fail=1; }
# Day 2, nothing changed: nothing to mail.
cron "${jobs[0]}"
if [ -s "$scratch/out" ] || [ -s "$scratch/err" ]; then echo "day 2: the weekday job printed something:"; cat "$scratch/out" "$scratch/err"; fail=1; fi
# Monday's full report: everything still missed, as day 1 had it.
cron "${jobs[1]}"
[ "$(cat "$scratch/out")" = "$day1" ] || { echo "the weekly job does not print every finding"; fail=1; }
# Without the crontab's PATH line cron would not find a /usr/local install.
if env -i PATH=/usr/bin:/bin sh -c "cd '$repo' && command -v mestring" | grep -q "^$prefix"; then
  echo "cron's own PATH finds the scratch install: the test proves nothing"; fail=1
fi
exit $fail
