#!/usr/bin/python3
"""Read the store of a batch experiment with h5py and pandas.

Usage:
    /usr/bin/python3 docs/examples/read_batch.py STORE [INDICATOR]
        prints the experiment's design, the runs as a table (scenario, point, replicate and
        the sweep values of each run), and the indicator (default: ltc_waiting) summed over
        the zones at the final week, as mean and spread over replicates per scenario and point

    /usr/bin/python3 docs/examples/read_batch.py --self-test WELFARE EXPERIMENT
        runs `WELFARE batch EXPERIMENT` into a temporary store and checks what this script
        reads against the store and the experiment (used by the test suite)

The layout is described in docs/output-format.md: /experiment holds the design (scenario
names, swept parameters, the points table), and every run group under /runs carries its key
as attributes (scenario_name, point, replicate). pandas' read_hdf reads only PyTables files,
so the tables are built from h5py arrays.

From a notebook:

    import sys; sys.path.insert(0, "docs/examples")
    import read_batch
    with read_batch.open_store("results/sweep.h5") as store:
        runs = read_batch.runs_table(store)             # one row per run
        final = read_batch.final_week(store, runs, "ltc_waiting")
        final.groupby(["scenario", "point"])["value"].describe()
"""

import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

FORMAT_NAME = "welfare-runs"
READABLE_MAJOR = 1


def text(value):
    """h5py gives variable-length strings as str or bytes depending on the version."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def open_store(path):
    """Opens a store read-only after checking its format; use it as a context manager."""
    if os.path.exists(path + ".journal"):
        raise RuntimeError(f"{path}: an interrupted append must be rolled back first: "
                           f"run `welfare info {path}` once")
    store = h5py.File(path, "r")
    if text(store.attrs.get("format", "")) != FORMAT_NAME:
        store.close()
        raise RuntimeError(f"{path}: not a welfare run store")
    major = int(text(store.attrs["format_version"]).split(".")[0])
    if major > READABLE_MAJOR:
        store.close()
        raise RuntimeError(f"{path}: format {text(store.attrs['format_version'])} is newer "
                           f"than this script reads")
    return store


def design(store):
    """The experiment's sweep points as a DataFrame (one row per point, one column per swept
    parameter, plus the Morris trajectory and changed parameter), and its settings."""
    if "experiment" not in store:
        raise RuntimeError("the store was not made by `welfare batch` (no /experiment group)")
    e = store["experiment"]
    parameters = [text(p) for p in e["parameter"][()]]
    points = np.asarray(e["points"][()], dtype=float).reshape(-1, len(parameters))
    table = pd.DataFrame(points, columns=parameters)
    table.index.name = "point"
    table["trajectory"] = e["point_trajectory"][()]
    changed = e["point_changed"][()]
    table["changed"] = [parameters[c] if c >= 0 else "" for c in changed]
    settings = {
        "name": text(e.attrs["name"]),
        "design": text(e.attrs["design"]),
        "seed": int(e.attrs["seed"]),
        "replicates": int(e.attrs["replicates"]),
        "scenarios": [text(s) for s in e["scenario_name"][()]],
        "parameters": parameters,
    }
    return table, settings


def runs_table(store):
    """One row per run: its id, key and sweep values."""
    rows = []
    for run_id, group in store["runs"].items():
        rows.append({
            "run": run_id,
            "scenario": text(group.attrs["scenario_name"]),
            "point": int(group.attrs.get("point", 0)),
            "replicate": int(group.attrs["replicate"]),
            "weeks": int(group.attrs["weeks"]),
        })
    runs = pd.DataFrame(rows, columns=["run", "scenario", "point", "replicate", "weeks"])
    if "experiment" in store:
        points, _ = design(store)
        runs = runs.join(points.drop(columns=["trajectory", "changed"]), on="point")
    return runs.sort_values(["scenario", "point", "replicate"]).reset_index(drop=True)


def final_week(store, runs, indicator):
    """The indicator summed over the zones at each run's final week, one row per run."""
    values = []
    for run_id in runs["run"]:
        data = store["runs"][run_id]["indicators"][indicator]
        values.append(float(np.sum(data[-1, :], dtype=np.float64)))
    out = runs[["run", "scenario", "point", "replicate"]].copy()
    out["value"] = values
    return out


def summary(final):
    """Mean, standard deviation and replicate count per scenario and point."""
    return (final.groupby(["scenario", "point"])["value"]
            .agg(["mean", "std", "count"]).reset_index())


def show(path, indicator):
    with open_store(path) as store:
        points, settings = design(store)
        print(f"experiment {settings['name']}: design {settings['design']}, seed "
              f"{settings['seed']}, {settings['replicates']} replicates, scenarios "
              f"{', '.join(settings['scenarios'])}")
        print(points.to_string())
        runs = runs_table(store)
        print(f"\n{len(runs)} runs")
        print(runs.head(20).to_string())
        print(f"\n{indicator} at the final week, all zones: mean over replicates")
        print(summary(final_week(store, runs, indicator)).to_string(index=False))


def self_test(welfare, experiment):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "batch.h5")
        subprocess.run([welfare, "batch", "-q", experiment, "-o", path], check=True)
        info = subprocess.run([welfare, "info", experiment], check=True, capture_output=True,
                              text=True).stdout
        with open_store(path) as store:
            points, settings = design(store)
            runs = runs_table(store)
            expected = len(settings["scenarios"]) * len(points) * settings["replicates"]
            assert len(runs) == expected, (len(runs), expected)
            assert f"= {expected}" in info, info
            # Every (scenario, point, replicate) once.
            assert not runs.duplicated(["scenario", "point", "replicate"]).any()
            assert set(runs["scenario"]) == set(settings["scenarios"])
            # The sweep values of each run are those in its resolved scenario.
            for _, row in runs.iterrows():
                yaml = text(store["runs"][row["run"]].attrs["scenario_yaml"])
                for parameter in settings["parameters"]:
                    name = parameter.split(".", 1)[1]
                    assert f"{name}: {{value: {row[parameter]:g}" in yaml, (parameter, row)
            final = final_week(store, runs, "ltc_waiting")
            first = runs.iloc[0]
            raw = store["runs"][first["run"]]["indicators"]["ltc_waiting"][()]
            assert abs(final.iloc[0]["value"] - raw[-1].astype(np.float64).sum()) < 1e-9
            table = summary(final)
            assert len(table) == len(settings["scenarios"]) * len(points)
            assert (table["count"] == settings["replicates"]).all()
        show(path, "ltc_waiting")
    print("self-test passed")


def main(argv):
    if len(argv) == 4 and argv[1] == "--self-test":
        self_test(argv[2], argv[3])
        return 0
    if len(argv) in (2, 3):
        show(argv[1], argv[2] if len(argv) == 3 else "ltc_waiting")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
