# zsh: the generated script installed as _mestring in $fpath and autoloaded
# the way compinit does, then _mestring called with words and CURRENT set.
# The completion system's builtins only work inside a completion widget, so
# compadd, _describe, _files and compset are stand-ins that collect what
# would be offered and filter it by PREFIX as zsh would. Run by run.sh.
setopt extendedglob
mkdir -p $HOME/zfunc && cp $SCRIPT $HOME/zfunc/_mestring
fpath=($HOME/zfunc $fpath)
autoload -Uz _mestring
head -1 $HOME/zfunc/_mestring | grep -qx '#compdef mestring' || { print "no #compdef line"; exit 1 }

typeset -a got
compadd() {
  while (($#)) && [[ $1 != -- ]]; do shift; done
  shift
  got+=(${(M)@:#${PREFIX}*})
}
_describe() { local -a items=(${(P)4}); compadd -- ${items%%:*} }
_files() { got+=(FILES); compadd -- ${PREFIX}*(N) }
compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=} }

integer fail=0
check() {
  words=(${(s: :)1})
  [[ $1 == *' ' ]] && words+=('')
  CURRENT=$#words PREFIX=$words[-1] got=()
  _mestring
  local have=${(j: :)${(ou)got}}
  if [[ $have != $2 ]]; then
    print -r -- "FAIL: \"$1\" completes to \"$have\", expected \"$2\""
    fail=1
  fi
}

while IFS='|' read -r line want; do
  [[ -z $line || $line == \#* ]] && continue
  check $line $want
done < $CASES

# zsh keeps --format=j one word; the script moves the prefix past the =.
check "mestring due --format=" "csv html ics json markdown text"
check "mestring due --format=j" "json"
check "mestring --format=json due --format=c" "csv"
cd $ELSEWHERE
check "mestring --config $REPO/mestring.yaml show 2024-01" "2024-0114"
check "mestring --config=$REPO/mestring.yaml add contact 2024-01" "2024-0114"
check "mestring show 2024-01" ""
exit $fail
