#!/usr/bin/env bash
# `welfare validate` and `welfare run -o OUT` on every malformed scenario of
# tests/data/malformed (see its README.md), on inputs too large to keep there, and with
# command-line values out of range: each exits 2 within its time limit, printing
# FILE:LINE:COL: error: (only a file that holds nothing has no line), never crashes, writes no
# store, and leaves an existing store byte for byte as it was.
#   malformed_inputs.sh WELFARE TEST_DATA
set -euo pipefail
welfare=$1
data=$2
corpus=$data/malformed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "malformed_inputs: FAIL: $*" >&2; exit 1; }

# Files with nothing in them to point at.
no_line=" empty.yaml whitespace_only.yaml comments_only.yaml "

"$welfare" run -q "$data/cli/tiny.yaml" -o "$tmp/existing.h5"
cp "$tmp/existing.h5" "$tmp/pristine.h5"
"$welfare" validate -q "$corpus/valid.yaml" || fail "valid.yaml does not validate"

# expect_bad NAME PLACE_PATTERN welfare-arguments...: exit 2, the message's place, nothing written.
expect_bad() {
  local name=$1 place=$2 rc
  shift 2
  set +e
  timeout 60 "$welfare" "$@" > "$tmp/out.txt" 2> "$tmp/err"
  rc=$?
  set -e
  local err
  err=$(head -c 2000 "$tmp/err")
  [ "$rc" = 2 ] || fail "$name: welfare $1: exit $rc, expected 2: $err"
  grep -qE "^$place: error: ." "$tmp/err" || fail "$name: welfare $1: no '$place: error:' in: $err"
  if grep -qiE "terminate called|segmentation|aborted|sanitizer" "$tmp/err"; then
    fail "$name: welfare $1: $err"
  fi
  [ ! -e "$tmp/new.h5" ] || fail "$name: welfare $1 created the store"
  [ ! -e "$tmp/new.h5.journal" ] || fail "$name: welfare $1 left a journal"
  cmp -s "$tmp/existing.h5" "$tmp/pristine.h5" || fail "$name: welfare $1 changed the existing store"
}

count=0
for file in "$corpus"/*.yaml; do
  name=$(basename "$file")
  case $name in territory.yaml | t_*.yaml | valid.yaml) continue ;; esac
  if [[ $no_line == *" $name "* ]]; then
    place="$corpus/$name"
  else
    # The scenario or a territory it uses, with line and column.
    place="$corpus/[^:]+\\.yaml:[0-9]+:[0-9]+"
  fi
  expect_bad "$name" "$place" validate "$file"
  expect_bad "$name" "$place" run "$file" -o "$tmp/new.h5"
  expect_bad "$name" "$place" run "$file" -o "$tmp/existing.h5"
  echo "$name: $(head -n 1 "$tmp/err" | cut -c1-160)"
  count=$((count + 1))
done
[ "$count" -ge 60 ] || fail "only $count malformed files found in $corpus"

# Too large to keep in the corpus: a file over the 16 MiB limit, a million levels of nesting.
cp "$corpus/territory.yaml" "$tmp/territory.yaml"
{
  printf 'scenario:\n  name: s\n  territory: territory.yaml\n# '
  head -c 17000000 /dev/zero | tr '\0' x
  printf '\n'
} > "$tmp/huge.yaml"
expect_bad huge.yaml "$tmp/huge.yaml" validate "$tmp/huge.yaml"
expect_bad huge.yaml "$tmp/huge.yaml" run "$tmp/huge.yaml" -o "$tmp/new.h5"
grep -q "limit for an input file" "$tmp/err" || fail "huge.yaml: $(cat "$tmp/err")"
/usr/bin/python3 -c "
import sys
n = 1000000
open(sys.argv[1], 'w').write('scenario:\n  name: s\n  territory: territory.yaml\n  description: ' + '[' * n + ']' * n + '\n')
" "$tmp/deep.yaml"
expect_bad deep.yaml "$tmp/deep.yaml:[0-9]+:[0-9]+" validate "$tmp/deep.yaml"
expect_bad deep.yaml "$tmp/deep.yaml:[0-9]+:[0-9]+" run "$tmp/deep.yaml" -o "$tmp/existing.h5"
grep -q "nested more than 64 levels" "$tmp/err" || fail "deep.yaml: $(cat "$tmp/err")"

# Command-line values: checked like the file's (as --set), or refused by the parser when they
# do not fit its type; never a run.
tiny=$data/cli/tiny.yaml
for value in 0 -1 1000000000; do
  expect_bad "--weeks $value" "--set scenario.weeks=$value" run "$tiny" --weeks "$value" -o "$tmp/new.h5"
  expect_bad "--replicates $value" "--set scenario.replicates=$value" run "$tiny" --replicates "$value" -o "$tmp/existing.h5"
done
for option in --weeks --replicates --seed; do
  for value in 99999999999999999999 18446744073709551616 -1 1e3x nan; do
    [ "$option $value" != "--weeks -1" ] && [ "$option $value" != "--replicates -1" ] || continue
    set +e
    timeout 60 "$welfare" run "$tiny" "$option" "$value" -o "$tmp/new.h5" > /dev/null 2> "$tmp/err"
    rc=$?
    set -e
    [ "$rc" = 2 ] || fail "$option $value: exit $rc, expected 2: $(cat "$tmp/err")"
    grep -qF -- "$option" "$tmp/err" || fail "$option $value: the option is not named: $(cat "$tmp/err")"
    [ ! -e "$tmp/new.h5" ] || fail "$option $value: a store was written"
  done
done
expect_bad "--set scenario.weeks=.inf" "--set scenario.weeks=.inf" validate "$tiny" --set scenario.weeks=.inf
echo "malformed_inputs: ok ($count corpus files, each with validate, run to a new store and run to an existing one)"
