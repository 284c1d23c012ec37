#!/usr/bin/env bash
# `cmake --install` into a scratch DESTDIR, as the README says
# (--prefix /usr/local): every file where it belongs, the man pages gzipped
# and readable, the completion scripts the same as the binary prints (in
# English, as the build makes them).
# usage: install.sh BUILD_DIR
set -eu
build=$1
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
"$root/bin/mestring" --version | grep -q '^[0-9]' || { echo "the installed mestring does not run"; exit 1; }
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
exit $fail
