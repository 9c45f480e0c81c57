#!/usr/bin/env bash
# Kills `welfare batch` with SIGKILL at several points (each after a different number of
# stored runs, so during a simulation or during an append), resumes it with the same
# command, and checks that the store then holds exactly the runs of an uninterrupted batch.
#   resume_test.sh WELFARE EXPERIMENT [MPIRUN...]
# With an MPI launcher command after the experiment, both batches run under it.
set -euo pipefail
welfare=$1
experiment=$2
shift 2
launch=("$@")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

stored() {  # runs stored so far in $1 (0 while the file does not exist yet)
  [ -s "$1" ] || { echo 0; return; }
  "$welfare" info "$1" 2>/dev/null | sed -n 's/.*: welfare run store, format [0-9.]*, \([0-9]*\) runs\?$/\1/p' || echo 0
}

"$welfare" batch -q "$experiment" -o "$dir/reference.h5"
planned=$(stored "$dir/reference.h5")
echo "uninterrupted: $planned runs"

for after in 1 $((planned / 4)) $((planned / 2)); do
  out="$dir/killed-after-$after.h5"
  # In a session of its own, so that the kill takes every process of it at once (an MPI
  # launcher's ranks too), as a crash of the machine or the end of an allocation would.
  setsid "${launch[@]}" "$welfare" batch -q "$experiment" -o "$out" &
  pid=$!
  while [ "$(stored "$out")" -lt "$after" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: the batch ended before it could be killed"; exit 1; }
    sleep 0.05
  done
  # A little later, to land anywhere in the next run or append.
  sleep "0.$((RANDOM % 3))$((RANDOM % 10))"
  kill -9 -- "-$pid"
  wait "$pid" 2>/dev/null || true
  while pgrep -s "$pid" >/dev/null; do sleep 0.05; done  # every process of the session gone
  got=$(stored "$out")
  sleep 0.5
  [ "$(stored "$out")" = "$got" ] || { echo "FAIL: runs were still being stored after the kill"; exit 1; }
  echo "killed after at least $after runs: $got of $planned stored"
  if [ "$got" -ge "$planned" ]; then
    echo "FAIL: the batch finished before the kill; the test proves nothing"
    exit 1
  fi
  "${launch[@]}" "$welfare" batch -q "$experiment" -o "$out"
  "$welfare" diff "$dir/reference.h5" "$out"
done
echo "PASS"
