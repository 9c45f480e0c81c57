#!/usr/bin/env bash
# Interrupted writes: `welfare run --replicates N -o F` and `welfare batch EXPERIMENT -o F` are
# killed with SIGKILL at fixed fractions of their uninterrupted duration (measured first, so
# the kills spread over set-up, simulation and appends whatever the machine's speed). After
# each kill the store opens (an interrupted append is rolled back, no journal is left), and
# every run it holds is bit for bit the run of the same key in the uninterrupted store
# (`welfare diff`); a killed batch, run again with the same command, completes to exactly the
# uninterrupted batch.
#   interrupted_writes.sh WELFARE RUN_SCENARIO REPLICATES EXPERIMENT [KILLS]
set -euo pipefail
welfare=$1
scenario=$2
replicates=$3
experiment=$4
kills=${5:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "interrupted_writes: FAIL: $*" >&2; exit 1; }

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# Runs stored in $1: 0 for a store never completed (absent, or emptied by rolling back the
# first append); fails if the store cannot be read or keeps a journal.
stored() {
  local store=$1 out
  if [ ! -e "$store" ]; then
    echo 0
    return
  fi
  if ! out=$("$welfare" info "$store" 2>&1); then
    if grep -q "the file is empty" <<< "$out"; then
      echo 0
      return
    fi
    fail "$store does not open after the kill: $out"
  fi
  [ ! -e "$store.journal" ] || fail "$store: the journal is still there after opening it"
  sed -n 's/.*: welfare run store, format [0-9.]*, \([0-9]*\) runs\?$/\1/p' <<< "$out" | head -n 1
}

# Every run of $2 is identical to the run of the same (scenario, point, replicate) in $1.
runs_match() {
  local reference=$1 store=$2 out
  [ -s "$store" ] || return 0
  out=$("$welfare" diff "$reference" "$store" 2>&1) || true
  local problems
  problems=$(sed '$d' <<< "$out" | grep -vF ": only in $reference" || true)
  [ -z "$problems" ] || fail "$store: runs differ from the uninterrupted ones: $problems"
  grep -qE "^[0-9]+ of [0-9]+ runs? identical" <<< "$(tail -n 1 <<< "$out")" ||
    fail "$store: welfare diff: $out"
}

# kill_at COMMAND_NAME SECONDS STORE ARGS...: starts welfare ARGS, kills it after SECONDS.
kill_at() {
  local name=$1 delay=$2 store=$3
  shift 3
  "$welfare" "$@" -q -o "$store" > /dev/null 2>&1 &
  local pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# --- welfare run ------------------------------------------------------------------------------
start=$(now)
"$welfare" run -q "$scenario" --replicates "$replicates" -o "$tmp/run_reference.h5"
run_seconds=$(seconds "$start" "$(now)")
[ "$(stored "$tmp/run_reference.h5")" = "$replicates" ] || fail "the reference run is incomplete"
echo "welfare run: $replicates replicates in $run_seconds s"

partial=0
for k in $(seq 1 "$kills"); do
  delay=$(awk -v t="$run_seconds" -v k="$k" -v n="$kills" 'BEGIN { printf "%.3f", t * k / (n + 1) }')
  store=$tmp/run_killed_$k.h5
  kill_at run "$delay" "$store" run "$scenario" --replicates "$replicates"
  journal=""
  [ ! -e "$store.journal" ] || journal=" (an interrupted append rolled back)"
  got=$(stored "$store")
  runs_match "$tmp/run_reference.h5" "$store"
  echo "welfare run killed at $delay s: $got of $replicates runs stored, each identical$journal"
  if [ "$got" -gt 0 ] && [ "$got" -lt "$replicates" ]; then partial=$((partial + 1)); fi
done
[ "$partial" -ge 2 ] || fail "only $partial kills of welfare run landed part-way; the test proves little"

# --- welfare batch ----------------------------------------------------------------------------
start=$(now)
"$welfare" batch -q "$experiment" -o "$tmp/batch_reference.h5"
batch_seconds=$(seconds "$start" "$(now)")
planned=$(stored "$tmp/batch_reference.h5")
echo "welfare batch: $planned runs in $batch_seconds s"

partial=0
batch_kills=$(( (kills + 1) / 2 ))
for k in $(seq 1 "$batch_kills"); do
  delay=$(awk -v t="$batch_seconds" -v k="$k" -v n="$batch_kills" \
    'BEGIN { printf "%.3f", t * k / (n + 1) }')
  store=$tmp/batch_killed_$k.h5
  kill_at batch "$delay" "$store" batch "$experiment"
  [ ! -e "$store.journal" ] || echo "(an interrupted append is rolled back)"
  got=$(stored "$store")
  runs_match "$tmp/batch_reference.h5" "$store"
  if [ "$got" -gt 0 ] && [ "$got" -lt "$planned" ]; then partial=$((partial + 1)); fi
  "$welfare" batch -q "$experiment" -o "$store" || fail "the resumed batch failed"
  "$welfare" diff -q "$tmp/batch_reference.h5" "$store" ||
    fail "the resumed batch differs from the uninterrupted one: $("$welfare" diff "$tmp/batch_reference.h5" "$store")"
  echo "welfare batch killed at $delay s: $got of $planned runs stored, each identical; resumed to all $planned"
done
[ "$partial" -ge 1 ] || fail "no kill of welfare batch landed part-way; the test proves little"
echo "interrupted_writes: ok"
