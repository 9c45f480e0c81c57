#!/usr/bin/env bash
# A batch over two MPI processes stores the same run data as the same batch in one process,
# and both ranks take runs (dynamic load balancing).
#   mpi_test.sh WELFARE EXPERIMENT MPIRUN...
set -euo pipefail
welfare=$1
experiment=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$welfare" batch -q "$experiment" -o "$dir/one-process.h5"
"$@" "$welfare" batch "$experiment" -o "$dir/two-ranks.h5" | tee "$dir/out.txt"
grep -q "(2 ranks)" "$dir/out.txt" || { echo "FAIL: not run over 2 ranks"; exit 1; }
if grep -Eq "runs per rank: 0: 0 |1: 0 " "$dir/out.txt"; then
  echo "FAIL: a rank ran nothing"
  exit 1
fi
"$welfare" diff "$dir/one-process.h5" "$dir/two-ranks.h5"
echo "PASS"
