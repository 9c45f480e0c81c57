#!/usr/bin/env bash
# Output paths that cannot be written (a directory that does not exist, a path under a regular
# file, a directory where the file should be, a read-only file or directory) are reported by
# `welfare run`, `welfare batch`, `welfare report -o`, `welfare compare --csv` and
# `welfare sensitivity --csv` before any work (no simulation, no analysis): exit 2, a message
# naming the path, nothing written and existing files untouched. The permission cases are
# skipped when running as root, whom permission bits do not stop.
#   output_paths.sh WELFARE TEST_DATA SOURCE_DIR
set -euo pipefail
welfare=$(realpath "$1")
data=$2
src=$3
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "output_paths: FAIL: $*" >&2; exit 1; }

# Milan over three years: minutes of simulation, so a quick exit means none was done.
milan=$src/scenarios/milano/baseline.yaml
experiment=$data/batch/bologna_resume.yaml
tiny=$data/cli/tiny.yaml

"$welfare" run -q "$tiny" --replicates 2 -o "$tmp/store.h5"
"$welfare" run -q "$tiny" --replicates 2 --set scenario.name=tiny-b -o "$tmp/store.h5"
cp "$tmp/store.h5" "$tmp/store.pristine"
echo "not a directory" > "$tmp/plain.txt"
mkdir "$tmp/adir"
touch "$tmp/adir/keep"

# expect_refused NAME PHRASE welfare-arguments...: exit 2 within 20 s, PHRASE in the message,
# nothing on stdout (no progress, no summary).
expect_refused() {
  local name=$1 phrase=$2 rc
  shift 2
  local start=$SECONDS
  set +e
  timeout 60 "$welfare" "$@" > "$tmp/out.txt" 2> "$tmp/err"
  rc=$?
  set -e
  local err
  err=$(cat "$tmp/err")
  [ "$rc" = 2 ] || fail "$name: exit $rc, expected 2: $err"
  grep -qF -- "$phrase" "$tmp/err" || fail "$name: no '$phrase' in: $err"
  [ ! -s "$tmp/out.txt" ] || fail "$name: work was done: $(head -c 500 "$tmp/out.txt")"
  [ $((SECONDS - start)) -le 20 ] || fail "$name: took $((SECONDS - start)) s; was work done first?"
  [ "$(ls -A "$tmp/adir")" = keep ] || fail "$name: wrote into $tmp/adir"
  cmp -s "$tmp/store.h5" "$tmp/store.pristine" || fail "$name: the existing store changed"
  [ "$(cat "$tmp/plain.txt")" = "not a directory" ] || fail "$name: plain.txt changed"
  echo "$name: $(head -n 1 "$tmp/err")"
}

# welfare run and welfare batch.
for cmd in "run $milan" "batch $experiment"; do
  # shellcheck disable=SC2086
  set -- $cmd
  expect_refused "$1: missing directory" "does not exist" "$@" -o "$tmp/no/such/dir/out.h5"
  expect_refused "$1: under a regular file" "is not a directory" "$@" -o "$tmp/plain.txt/out.h5"
  expect_refused "$1: a directory in place of the file" "is a directory" "$@" -o "$tmp/adir"
  expect_refused "$1: a file that is not a store" "not a welfare run store" "$@" -o "$tmp/plain.txt"
done
[ ! -e "$tmp/no" ] || fail "a missing directory was created"

# The default output of welfare run, results/<name>.h5, when results is a regular file.
echo "not a directory" > "$tmp/results"
set +e
(cd "$tmp" && timeout 60 "$welfare" run "$milan" > "$tmp/out.txt" 2> "$tmp/err")
rc=$?
set -e
[ "$rc" = 2 ] || fail "run with results a regular file: exit $rc: $(cat "$tmp/err")"
grep -qF "results" "$tmp/err" || fail "run with results a regular file: $(cat "$tmp/err")"
echo "run: results is a regular file: $(head -n 1 "$tmp/err")"

# welfare report -o and welfare compare --csv, sensitivity --csv.
report=(report "$tmp/store.h5" --baseline tiny -o)
expect_refused "report: missing directory" "does not exist" "${report[@]}" "$tmp/no/such/r.html"
expect_refused "report: under a regular file" "is not a directory" "${report[@]}" "$tmp/plain.txt/r.html"
expect_refused "report: a directory in place of the file" "is a directory" "${report[@]}" "$tmp/adir"
# Checked before the store is read: a bad path is reported even for a store that is not one.
expect_refused "report: the path before the store" "-o $tmp/adir" report "$tmp/plain.txt" --baseline tiny -o "$tmp/adir"
compare=(compare "$tmp/store.h5" --baseline tiny --csv)
expect_refused "compare --csv: under a regular file" "is not a directory" "${compare[@]}" "$tmp/plain.txt/csv"
expect_refused "compare --csv: a regular file" "exists and is not a directory" "${compare[@]}" "$tmp/plain.txt"
mkdir -p "$tmp/csv/comparison.csv"
echo "earlier" > "$tmp/csv/equity.csv"
expect_refused "compare --csv: a directory in place of a file" "comparison.csv is a directory" "${compare[@]}" "$tmp/csv"
[ "$(cat "$tmp/csv/equity.csv")" = earlier ] || fail "compare --csv: equity.csv was overwritten"
expect_refused "sensitivity --csv: under a regular file" "is not a directory" sensitivity "$tmp/store.h5" --csv "$tmp/plain.txt/s.csv"

if [ "$(id -u)" != 0 ]; then
  cp "$tmp/store.h5" "$tmp/readonly.h5"
  chmod a-w "$tmp/readonly.h5"
  expect_refused "run: a read-only store" "not writable" run "$milan" -o "$tmp/readonly.h5"
  cmp -s "$tmp/readonly.h5" "$tmp/store.h5" || fail "the read-only store changed"
  echo "<p>earlier</p>" > "$tmp/readonly.html"
  chmod a-w "$tmp/readonly.html"
  expect_refused "report: a read-only file" "not writable" "${report[@]}" "$tmp/readonly.html"
  [ "$(cat "$tmp/readonly.html")" = "<p>earlier</p>" ] || fail "the read-only report changed"
  mkdir "$tmp/locked"
  chmod a-w "$tmp/locked"
  expect_refused "run: a read-only directory" "not writable" run "$milan" -o "$tmp/locked/out.h5"
  expect_refused "batch: a read-only directory" "not writable" batch "$experiment" -o "$tmp/locked/out.h5"
  expect_refused "report: a read-only directory" "not writable" "${report[@]}" "$tmp/locked/r.html"
  expect_refused "compare --csv: a read-only directory" "not writable" "${compare[@]}" "$tmp/locked/csv"
else
  echo "output_paths: running as root: the permission cases are skipped"
fi

# The same commands with a writable path succeed (the checks refuse only what cannot work).
"$welfare" report -q "$tmp/store.h5" --baseline tiny -o "$tmp/ok.html" && [ -s "$tmp/ok.html" ] ||
  fail "report to a writable path"
"$welfare" compare -q "$tmp/store.h5" --baseline tiny --csv "$tmp/new/csv" &&
  [ -s "$tmp/new/csv/comparison.csv" ] || fail "compare --csv to a new directory"
echo "output_paths: ok"
