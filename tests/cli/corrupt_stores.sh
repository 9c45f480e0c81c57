#!/usr/bin/env bash
# `welfare info`, `welfare compare` and `welfare report` on damaged stores (truncated at several
# offsets, not HDF5, HDF5 but not a store, a newer format, a run missing a dataset or an
# attribute, datasets of the wrong shape or type; made by tests/store/make_corrupt_stores.py):
# each exits 2 within its time limit, with a message naming the file and the run and dataset
# where there is one, writes no report and never crashes. The whole store reads (exit 0) first.
#   corrupt_stores.sh WELFARE TEST_DATA MAKE_CORRUPT_STORES
set -euo pipefail
welfare=$1
data=$2
make_corrupt=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "corrupt_stores: FAIL: $*" >&2; exit 1; }

# Two scenarios of two replicates each on the two-zone test territory.
"$welfare" run -q "$data/cli/tiny.yaml" --replicates 2 -o "$tmp/whole.h5"
"$welfare" run -q "$data/cli/tiny.yaml" --replicates 2 --set scenario.name=tiny-b -o "$tmp/whole.h5"

commands() {  # the commands each store is read with, one a line, the store as STORE
  cat <<'EOF'
info STORE
compare STORE --baseline tiny
compare STORE --baseline tiny --json
report STORE --baseline tiny -o OUT/report.html
EOF
}

mkdir -p "$tmp/out"
while read -r cmd; do
  cmd=${cmd//STORE/$tmp/whole.h5}
  # shellcheck disable=SC2086
  timeout 60 "$welfare" $cmd -q > /dev/null 2> "$tmp/err" || fail "whole store: welfare $cmd: $(cat "$tmp/err")"
done < <(commands | sed "s|OUT|$tmp/out|")
[ -s "$tmp/out/report.html" ] || fail "whole store: no report written"
rm -f "$tmp/out/report.html"

/usr/bin/python3 "$make_corrupt" "$tmp/whole.h5" "$tmp/corrupt"
cases=0
while IFS=$'\t' read -r -a fields; do
  name=${fields[0]}
  store=$tmp/corrupt/$name
  while read -r cmd; do
    cmd=${cmd//STORE/$store}
    set +e
    # shellcheck disable=SC2086
    timeout 60 "$welfare" $cmd > "$tmp/out.txt" 2> "$tmp/err"
    rc=$?
    set -e
    err=$(cat "$tmp/err")
    [ "$rc" = 2 ] || fail "$name: welfare $cmd: exit $rc, expected 2: $err"
    grep -qF "$store" "$tmp/err" || fail "$name: welfare $cmd: the message does not name the file: $err"
    for phrase in "${fields[@]:1}"; do
      grep -qF -- "$phrase" "$tmp/err" || fail "$name: welfare $cmd: no '$phrase' in: $err"
    done
    [ "$(wc -l < "$tmp/err")" -le 2 ] || fail "$name: welfare $cmd: more than a message: $err"
    if grep -qiE "terminate called|segmentation|aborted|HDF5-DIAG|sanitizer" "$tmp/err"; then
      fail "$name: welfare $cmd: $err"
    fi
    [ -z "$(ls -A "$tmp/out")" ] || fail "$name: welfare $cmd wrote $(ls "$tmp/out")"
    [ ! -e "$store.journal" ] || fail "$name: a journal was left beside the store"
  done < <(commands | sed "s|OUT|$tmp/out|")
  echo "$name: $(head -n 1 "$tmp/err")"
  cases=$((cases + 1))
done < "$tmp/corrupt/cases.tsv"
[ "$cases" -ge 15 ] || fail "only $cases damaged stores were made"
echo "corrupt_stores: ok ($cases damaged stores, 4 commands each)"
