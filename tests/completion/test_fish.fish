# fish: the generated script installed in a vendor completions folder (what
# the package does) and real completions asked with `complete -C`. Run by run.sh.
mkdir -p $HOME/completions
cp $SCRIPT $HOME/completions/mestring.fish
set -p fish_complete_path $HOME/completions

set -g fail 0
function check -a line want
    set -l got (complete -C"$line" | string replace -r '\t.*' '' | sort -u | string join ' ')
    if test "$got" != "$want"
        echo "FAIL: \"$line\" completes to \"$got\", expected \"$want\""
        set -g fail 1
    end
end

for entry in (string match -rv '^(#|$)' < $CASES)
    set -l parts (string split -m1 '|' -- $entry)
    # fish lists the files themselves.
    check $parts[1] (string replace -r '^FILES ?' '' -- $parts[2])
end

# fish keeps --format=j one token; the candidates carry the option.
check "mestring due --format=" "--format=csv --format=html --format=ics --format=json --format=markdown --format=text"
check "mestring due --format=j" "--format=json"
check "mestring --format=json due --format=c" "--format=csv"
cd $ELSEWHERE
check "mestring --config $REPO/mestring.yaml show 2024-01" "2024-0114"
check "mestring --config=$REPO/mestring.yaml add contact 2024-01" "2024-0114"
check "mestring show 2024-01" ""
exit $fail
