#!/usr/bin/env bash
# `cpack -G DEB` and the package it builds, read with dpkg-deb: its control
# fields (Depends computed from the libraries the binary links), and its files
# at their Debian places, man pages gzipped. Skips without dpkg-dev.
# usage: deb.sh BUILD_DIR VERSION
set -eu
build=$1 version=$2
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v $tool >/dev/null || { echo "$tool is not installed (dpkg-dev): skipped"; exit 77; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log"; exit 1; }
deb=$(ls "$scratch"/mestring_"$version"_*.deb 2>/dev/null) || { echo "no mestring_${version}_*.deb"; ls "$scratch"; exit 1; }
fail=0
field() { dpkg-deb -f "$deb" "$1"; }
expect() { # expect FIELD PATTERN
  if ! field "$1" | grep -Eq "$2"; then echo "$1: \"$(field "$1")\" does not match $2"; fail=1; fi
}
expect Package '^mestring$'
expect Version "^$version$"
expect Section '^utils$'
expect Maintainer '^mestring developers <dev@mestring.invalid>$'
expect Depends 'libyaml-cpp0\.7'
expect Depends 'libfmt9'
expect Description 'coping-guidance'
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/mestring ./usr/share/man/man1/mestring.1.gz ./usr/share/man/man5/mestring.5.gz \
         ./usr/share/bash-completion/completions/mestring ./usr/share/zsh/vendor-completions/_mestring \
         ./usr/share/fish/vendor_completions.d/mestring.fish; do
  grep -qx "$f" <<<"$files" || { echo "the package lacks $f"; fail=1; }
done
if grep -E '/man/man[0-9]/[^/]+\.[0-9]$' <<<"$files"; then echo "man pages above are not gzipped"; fail=1; fi
if grep -Ev '^\./usr(/|$)' <<<"$files"; then echo "files above are outside /usr"; fail=1; fi
dpkg-deb -x "$deb" "$scratch/root"
"$scratch/root/usr/bin/mestring" --version | grep -qx "mestring $version" || { echo "the packaged mestring does not run"; fail=1; }
exit $fail
