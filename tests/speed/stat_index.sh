#!/usr/bin/env bash
# The stat index's promises, end to end: a warm run over files that have not
# changed opens none of them, and nothing that makes stat data lie gives a
# stale answer. After an edit that keeps size and mtime (touch -r), a rename,
# touch, times in the future, a clock stepped back, a tree restored from a
# copy and a damaged index, every output equals the one without the cache,
# on 1 and 2 threads.
# usage: stat_index.sh MESTRING PROJECT_DIR
set -u
bin=$(realpath "$1") project=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache # never the real home
fail=0
dir=$work/repo

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
same_opts=("-j 1" "-j 2" "-j 2" "-j 1")
every_command() {
  same check --min-severity info
  same due --week
  same due --month --format json
  same stats
}
# The case files a run of "$@" opens (strace), one per line.
opened() {
  (cd "$dir" && strace -f -qq -e trace=open,openat -o "$work/trace" "$bin" --as-of 2025-11-26 "$@" >/dev/null 2>&1)
  grep -o '"cases/[^"]*"' "$work/trace" | sort -u
}
# Breaks the start date of $1 ("2022-05-26" becomes "2022-05-2X": a data
# finding) keeping the size, the mtime and the atime: only the ctime tells.
edit_keeping_times() {
  cp -p "$1" "$work/times"
  python3 - "$1" <<'PY' # in place: the same inode (sed -i would make a new file)
import re, sys
with open(sys.argv[1], 'r+b') as f:
    at = re.search(rb'start: \d{4}-\d\d-\d\d', f.read()).end() - 1
    f.seek(at)
    f.write(b'X')
PY
  touch -r "$work/times" "$1"
}
# Fails unless check, with the cache, reports the broken date in $1.
seen() {
  grep -q "$1:.*error\[date\]" <(run check) || {
    echo "FAIL ($step): the edit of $1 was not seen"
    fail=1
  }
}

python3 "$project/bench/gen_repo.py" "$dir" 200 11 || exit 1
"$bin" --version >/dev/null || exit 1
# Stat data is trusted only for files older than the racy window (3 s).
sleep 4

step="cold and warm"
every_command
# What the cache keeps of the rules holds for one as-of date: a warm run on
# another date, and back, gives what a run without the cache gives.
step="another as-of date"
for date in 2025-12-03 2026-06-30 2025-11-26; do
  as_of=$date same check --min-severity info
  as_of=$date same due --month --format json
  as_of=$date same stats
done
if command -v strace >/dev/null && strace -f -qq -o /dev/null true 2>/dev/null; then
  run check >/dev/null
  n=$(opened check | wc -l)
  if [ "$n" != 0 ]; then
    echo "FAIL: a warm check over unchanged, settled files opened $n case files"
    fail=1
  fi
  touch "$dir/cases/B000007.yaml"
  if [ "$(opened check)" != '"cases/B000007.yaml"' ]; then
    echo "FAIL: after touching one file, a warm check did not open exactly that one"
    fail=1
  fi
fi

step="an edit keeping size and mtime"
run check >/dev/null
edit_keeping_times "$dir/cases/B000042.yaml"
seen B000042.yaml
same check --min-severity info
same due --month --format json

step="a rename"
mv "$dir/cases/B000043.yaml" "$dir/cases/B000043-moved.yaml"
every_command
mv "$dir/cases/B000043-moved.yaml" "$dir/cases/B000043.yaml"
same check --min-severity info

step="touch"
touch "$dir"/cases/*.yaml
every_command

step="times in the future"
touch -d '+1 day' "$dir"/cases/B00001*.yaml
every_command
edit_keeping_times "$dir/cases/B000011.yaml"
seen B000011.yaml
every_command

# Fails unless there is a cache file to damage.
caches() {
  ls "$XDG_CACHE_HOME"/mestring/cases-*.bin >/dev/null 2>&1 || {
    echo "FAIL ($step): no cache file"
    fail=1
  }
}

# The clock went back since the cache was written: the snapshot in its
# trailer lies in the future, so no stat data is trusted.
step="a clock stepped back"
sleep 4
run check >/dev/null
caches
for c in "$XDG_CACHE_HOME"/mestring/cases-*.bin; do
  python3 - "$c" <<'PY'
import hashlib, struct, sys, time
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
t = len(data) - 64
fields = list(struct.unpack_from('<4Qq', data, t))
fields[4] = int((time.time() + 86400) * 1e9)  # the writer's clock: a day ahead of ours
struct.pack_into('<4Qq', data, t, *fields)
checksum = hashlib.blake2b(bytes(data[:64]) + bytes(data[t:t + 48]), digest_size=32).digest()[:8]
data[t + 48:t + 56] = checksum
open(path, 'wb').write(data)
PY
done
edit_keeping_times "$dir/cases/B000044.yaml"
seen B000044.yaml
same check --min-severity info
same due --week

step="a tree restored from a copy"
sleep 4
run check >/dev/null
cp -a "$dir" "$work/copy"
edit_keeping_times "$work/copy/cases/B000045.yaml"
rm -rf "$dir" && mv "$work/copy" "$dir"
seen B000045.yaml
every_command

step="a damaged index"
sleep 4
run check >/dev/null
caches
for c in "$XDG_CACHE_HOME"/mestring/cases-*.bin; do
  python3 - "$c" <<'PY'
import struct, sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
index_at, count, paths_at, _ = struct.unpack_from('<4Q', data, len(data) - 64)
for i in range(count):  # every slot points at its neighbour's entry
    j = (i + 1) % count
    data[index_at + 24 * i:index_at + 24 * i + 8] = data[index_at + 24 * j:index_at + 24 * j + 8]
data[paths_at + 3] ^= 1  # and one path is misspelt
open(path, 'wb').write(data)
PY
done
every_command

[ $fail = 0 ] && echo "all outputs agree"
exit $fail
