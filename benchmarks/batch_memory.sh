#!/usr/bin/env bash
# Peak memory and throughput of `welfare batch` as the number of runs grows: the Bologna
# baseline at 5% of its size over 26 weeks, with 10, 40 and 160 replicates (each batch into
# a fresh store). Memory should stay flat: a batch holds only the runs under way, each run's
# data is written to the store as it ends and then freed.
#
#   benchmarks/batch_memory.sh [WELFARE]      (default: build/bin/welfare)
#
# Prints: runs, wall seconds, runs per minute, peak resident memory (MB), store size (MB).
# Needs /usr/bin/time (Debian package `time`). Measured figures: docs/performance.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
welfare="${1:-$root/build/bin/welfare}"
[ -x "$welfare" ] || { echo "batch_memory.sh: no executable at $welfare" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "batch_memory.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

printf "%6s  %8s  %9s  %12s  %9s\n" runs "wall s" "runs/min" "peak RSS MB" "store MB"
for replicates in 10 40 160; do
  cat > "$tmp/experiment.yaml" <<YAML
experiment:
  name: memory-$replicates
  seed: 1
  replicates: $replicates
  weeks: 26
  scale: 0.05
scenarios:
  - $root/scenarios/bologna/baseline.yaml
YAML
  rm -f "$tmp/store.h5"
  /usr/bin/time -f "%e %M" -o "$tmp/time.txt" "$welfare" batch -q "$tmp/experiment.yaml" -o "$tmp/store.h5"
  read -r wall rss < "$tmp/time.txt"
  size=$(stat -c %s "$tmp/store.h5")
  awk -v n="$replicates" -v w="$wall" -v r="$rss" -v s="$size" \
    'BEGIN { printf "%6d  %8.2f  %9.1f  %12.1f  %9.1f\n", n, w, n * 60 / w, r / 1024, s / 1048576 }'
done
