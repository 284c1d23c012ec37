# What the speed tests share (sourced): running mestring in a repository and
# comparing its runs. The caller sets bin, dir, fail, and same_opts (the
# option sets to compare); step names what is being tried, for messages.

# Prints every output a run gives: stdout, stderr and the exit status. The
# as-of date is $as_of, else 2025-11-26.
run() { (cd "$dir" && "$bin" --as-of "${as_of:-2025-11-26}" "$@" 2>&1; echo "exit $?"); }

# Fails unless mestring "$@" gives with each option set of same_opts what it
# gives with --no-cache -j 1.
same() {
  local want got opts
  want=$(run --no-cache -j 1 "$@")
  for opts in "${same_opts[@]}"; do
    # shellcheck disable=SC2086
    got=$(run $opts "$@")
    if [ "$got" != "$want" ]; then
      echo "FAIL (${step:-$dir}): mestring --as-of ${as_of:-2025-11-26} $opts $* differs from --no-cache -j 1:"
      diff <(echo "$want") <(echo "$got") | head -20
      fail=1
    fi
  done
}
