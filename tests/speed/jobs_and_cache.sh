#!/usr/bin/env bash
# The loader's promises, end to end: the output is the same on 1 and 2
# threads, with the cache cold or warm and without it; and a changed byte, a
# changed config or a damaged cache never gives a stale result.
# usage: jobs_and_cache.sh MESTRING PROJECT_DIR
set -u
bin=$1 project=$2
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache # never the real home
fail=0

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# Each command without the cache, then with it twice (cold, then warm), on 1
# and 2 threads: all six must agree.
same_opts=("--no-cache -j 2" "-j 1" "-j 2" "-j 2" "-j 1")
every_command() {
  same check --min-severity info
  same check --format json
  same due --week
  same due --month --format json
  same stats
}

cp -r "$project/examples" "$work/examples"
python3 "$project/bench/gen_repo.py" "$work/generated" 300 7 || exit 1
for dir in "$work/examples" "$work/generated"; do
  every_command
done

# The cache holds CPR numbers and notes: only its owner may read it.
for f in "$XDG_CACHE_HOME"/mestring "$XDG_CACHE_HOME"/mestring/*.bin; do
  mode=$(stat -c %a "$f")
  case $f in *.bin) want=600 ;; *) want=700 ;; esac
  if [ "$mode" != "$want" ]; then echo "FAIL: $f has mode $mode, not $want"; fail=1; fi
done

dir=$work/generated
# One changed byte in one file: a date moves a day.
f=$dir/cases/B000150.yaml
sed -i '0,/start: \(....-..-\)\(.\)\(.\)/s//start: \1\2X\3/' "$f" # a broken date: a data finding
same check
grep -q "B000150.yaml:.*error\[date\]" <(run check) || { echo "FAIL: the edited file's finding is missing"; fail=1; }
sed -i 's/start: \(....-..-.\)X/start: \1/' "$f"
same check

# A changed config: a programme "99" made known turns a schema error into a case.
sed -i 's/^paragraph: .*/paragraph: "99"/' "$f"
same check
grep -q 'B000150.yaml:.*"99" is not a programme' <(run check) || { echo "FAIL: the unknown programme is missing"; fail=1; }
printf 'cases: cases\nlanguage: en\nprogrammes: [82a, 82b, 85, mestringsforloeb, "99"]\n' >"$dir/mestring.yaml"
same check
if grep -q 'is not a programme' <(run check); then echo "FAIL: the config change was not seen"; fail=1; fi
printf 'cases: cases\nlanguage: da\n' >"$dir/mestring.yaml"
same check
same due --week

# A damaged cache: every cache file truncated, then overwritten with noise.
run check >/dev/null
for c in "$XDG_CACHE_HOME"/mestring/*.bin; do head -c 5000 "$c" >"$c.x" && mv "$c.x" "$c"; done
same check
for c in "$XDG_CACHE_HOME"/mestring/*.bin; do
  size=$(stat -c %s "$c")
  printf 'garbage' | dd of="$c" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
done
same check
for c in "$XDG_CACHE_HOME"/mestring/*.bin; do head -c 100000 /dev/urandom >"$c"; done
same check

# A cache folder that cannot be written: no cache, no message.
rm -rf "$XDG_CACHE_HOME"
mkdir -p "$XDG_CACHE_HOME" && chmod a-w "$XDG_CACHE_HOME"
if [ "$(id -u)" != 0 ]; then same check; fi
export XDG_CACHE_HOME=/proc/no-such-folder
same check

[ $fail = 0 ] && echo "all outputs agree"
exit $fail
