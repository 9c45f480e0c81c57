#!/usr/bin/env bash
# Whole-process timing of the `welfare` binary on the Milan and Bologna baselines (156 weeks,
# the run store written to a temporary file), at 1 thread and at all cores. Builds nothing.
#
#   benchmarks/whole_run.sh [WELFARE] [RUNS]
#     WELFARE  the binary to time (default: build/bin/welfare)
#     RUNS     runs per scenario and thread count (default: 3); the median wall time is shown
#
# Prints one table: scenario, persons, weeks, threads, median wall seconds, agent-weeks
# (persons x weeks) per second, peak resident memory (the largest of the runs) and, on the
# rows at more than one thread, the speed-up over one thread. Needs /usr/bin/time (Debian
# package `time`). Targets and measured figures: docs/performance.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
welfare="${1:-$root/build/bin/welfare}"
runs="${2:-3}"

die() {
  echo "whole_run.sh: $*" >&2
  exit 1
}
[ -x "$welfare" ] || die "no executable at $welfare (build it first, or pass its path)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$runs'"

cores="$(nproc)"
thread_counts=(1)
[ "$cores" -gt 1 ] && thread_counts+=("$cores")

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Median of the numbers on stdin, one a line.
median() {
  sort -g | awk '{v[NR] = $1} END {
    if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rows=()
for name in milano bologna; do
  scenario="$root/scenarios/$name/baseline.yaml"
  info="$("$welfare" validate "$scenario")" || die "$scenario does not validate"
  # "  territory  Milano: 88 zones in 9 districts, 1,386,285 residents"
  persons="$(sed -n 's/.* \([0-9,]*\) residents$/\1/p' <<<"$info" | tr -d ,)"
  # "  run        156 weeks, seed 20261124, 1 replicate"
  weeks="$(sed -n 's/^ *run *\([0-9]*\) weeks.*/\1/p' <<<"$info")"
  if [ -z "$persons" ] || [ -z "$weeks" ]; then die "cannot read persons and weeks of $scenario"; fi

  one_thread_wall=""
  for threads in "${thread_counts[@]}"; do
    : >"$tmp/wall"
    : >"$tmp/rss"
    for ((i = 0; i < runs; i++)); do
      rm -f "$tmp/run.h5"
      if ! /usr/bin/time -v -o "$tmp/time" "$welfare" run "$scenario" -q --threads "$threads" \
        -o "$tmp/run.h5" >"$tmp/out" 2>&1; then
        cat "$tmp/out" >&2
        die "welfare run $scenario --threads $threads failed"
      fi
      # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
      awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k]; print s }' \
        "$tmp/time" >>"$tmp/wall"
      awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time" >>"$tmp/rss"
    done
    wall="$(median <"$tmp/wall")"
    rss_mb="$(sort -n "$tmp/rss" | tail -1 | awk '{printf "%.0f", $1 / 1024}')"
    rate="$(awk -v p="$persons" -v w="$weeks" -v s="$wall" \
      'BEGIN {r = 0; if (s > 0) r = p * w / s / 1e6; printf "%.1f", r}')"
    speedup="-"
    if [ "$threads" -eq 1 ]; then
      one_thread_wall="$wall"
    else
      speedup="$(awk -v a="$one_thread_wall" -v b="$wall" 'BEGIN {r = 0; if (b > 0) r = a / b; printf "%.2fx", r}')"
    fi
    rows+=("$name-baseline $persons $weeks $threads $wall $rate $rss_mb $speedup")
  done
done

{
  echo "scenario persons weeks threads median_wall_s M_agent-weeks/s peak_RSS_MB speed-up"
  printf '%s\n' "${rows[@]}"
} | column -t -R 2,3,4,5,6,7,8
