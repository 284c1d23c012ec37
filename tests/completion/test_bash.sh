# bash: the generated script, sourced as bash-completion would, and _mestring
# called as bash calls it, with COMP_WORDS and COMP_CWORD set. Run by run.sh.
set -u
source "$SCRIPT"
complete -p mestring >/dev/null || { echo "the script does not register _mestring for mestring"; exit 1; }

files=0
compopt() { [[ "$*" == *"-o filenames"* ]] && files=1; return 0; }

fail=0
# check "WORD..." "EXPECTED": completes the last word, compares the sorted COMPREPLY.
check() {
  local -a words=($1)
  [[ $1 == *" " ]] && words+=("")
  COMP_WORDS=("${words[@]}") COMP_CWORD=$((${#words[@]} - 1)) COMPREPLY=() files=0
  _mestring
  local got
  got=$( ( ((files)) && echo FILES; printf '%s\n' "${COMPREPLY[@]}") | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
  got=${got% }
  if [[ $got != "$2" ]]; then
    echo "FAIL: \"$1\" completes to \"$got\", expected \"$2\""
    fail=1
  fi
}

while IFS='|' read -r line want; do
  [[ -z $line || $line == \#* ]] && continue
  check "$line" "$want"
done <"$CASES"

# Bash splits --format=j into --format, = and j (= is in COMP_WORDBREAKS).
check "mestring due --format = " "csv html ics json markdown text"
check "mestring due --format = j" "json"
check "mestring --format = json due --format = c" "csv"
check "mestring check --config = mestring.y" "FILES mestring.yaml"
# The case ids come from the repository the command line names, wherever the
# cursor is.
cd "$ELSEWHERE"
check "mestring --config $REPO/mestring.yaml show 2024-01" "2024-0114"
check "mestring --config = $REPO/mestring.yaml add contact 2024-01" "2024-0114"
check "mestring show --config $REPO/mestring.yaml 2024-01" "2024-0114"
check "mestring show 2024-01" ""
exit $fail
