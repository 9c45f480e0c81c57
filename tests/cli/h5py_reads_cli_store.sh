#!/usr/bin/env bash
# End to end: `welfare run` writes a store, `welfare info` lists it, and the documented
# Python example (h5py) reads the run into arrays with the expected shape and axes.
set -euo pipefail
welfare="$1"; data="$2"; example="$3"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
"$welfare" run "$data/cli/tiny.yaml" -o "$dir/runs.h5" --replicates 2 -q
info=$("$welfare" info "$dir/runs.h5")
grep -q "2 runs" <<<"$info"
/usr/bin/python3 - "$dir/runs.h5" "$example" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("read_run", sys.argv[2])
read_run = importlib.util.module_from_spec(spec); spec.loader.exec_module(read_run)
with read_run.open_store(sys.argv[1]) as store:
    t = read_run.indicator(store, "000002", "population")
    assert t.values.shape == (10, 2), t.values.shape
    assert list(t.weeks) == list(range(1, 11)), t.weeks
    assert t.zone_names == ["Alpha", "Beta"], t.zone_names
    # Residents change only by births and deaths: a few in ten weeks.
    assert abs(t.values[0, 0] - 1200) <= 12 and abs(t.values[0, 1] - 800) <= 8, t.values[0]
    assert store["runs/000002"].attrs["replicate"] == 1
print("h5py read the CLI's store")
PY
