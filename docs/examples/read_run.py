#!/usr/bin/python3
"""Read a welfare run store with h5py and numpy.

Usage:
    /usr/bin/python3 docs/examples/read_run.py STORE            # list the runs
    /usr/bin/python3 docs/examples/read_run.py STORE RUN_ID     # one run in detail

The layout is described in docs/output-format.md. Every indicator is a float32 dataset of
shape (weeks, zones) under /runs/<id>/indicators/, with dimension scales attached: dims[0] is
the week axis, dims[1] the zone axis (zone_id, zone_name and zone_district scales).

The functions can be imported, e.g. from a notebook:

    import sys; sys.path.insert(0, "docs/examples")
    import read_run
    with read_run.open_store("results/bologna.h5") as store:
        table = read_run.indicator(store, "000001", "population")
        table.values        # numpy array (weeks, zones)
        table.weeks         # numpy array (weeks,)
        table.zone_names    # list of str
"""

import os
import sys
from dataclasses import dataclass

import h5py
import numpy as np

FORMAT_NAME = "welfare-runs"
READABLE_MAJOR = 1  # the format major version this script understands


class StoreFormatError(Exception):
    """The file is not a welfare run store this script can read."""


def open_store(path):
    """Opens a store read-only after checking its format attributes; returns an h5py.File.

    Use it as a context manager: h5py holds HDF5's shared file lock while the file is open,
    and a welfare writer waits for it before appending.
    """
    if os.path.exists(path + ".journal"):
        raise StoreFormatError(
            f"{path}: an append was interrupted and has not been rolled back yet; "
            f"run `welfare info {path}` once to roll it back, then try again")
    store = h5py.File(path, "r")
    try:
        fmt = store.attrs.get("format")
        if fmt != FORMAT_NAME:
            raise StoreFormatError(f"{path}: not a welfare run store (format is {fmt!r})")
        version = store.attrs["format_version"]
        major = int(version.split(".")[0])
        if major > READABLE_MAJOR:
            raise StoreFormatError(
                f"{path}: store format version {version} is newer than this script reads "
                f"({READABLE_MAJOR}.x)")
    except Exception:
        store.close()
        raise
    return store


def list_runs(store):
    """One dict per run, in sequence order, from attributes only (no indicator data read)."""
    runs = []
    for run_id in sorted(store["runs"], key=lambda name: (len(name), name)):
        group = store["runs"][run_id]
        attrs = group.attrs
        runs.append({
            "id": run_id,
            "scenario": attrs["scenario_name"],
            "territory": attrs["territory_name"],
            "seed": int(attrs["seed"]),
            "replicate": int(attrs["replicate"]),
            "weeks": int(attrs["weeks"]),
            "zones": int(attrs["zone_count"]),
            "created": attrs["created_utc"],
            "indicators": list(group["indicators"]),
        })
    return runs


@dataclass
class IndicatorTable:
    name: str
    units: str
    description: str
    values: np.ndarray   # float32, shape (weeks, zones)
    weeks: np.ndarray    # int32, shape (weeks,)
    zone_ids: list
    zone_names: list
    labels: tuple        # the dimension labels, ("week", "zone")


def indicator(store, run_id, name):
    """Reads one indicator with its axes, taken from the dataset's dimension scales."""
    ds = store["runs"][run_id]["indicators"][name]
    return IndicatorTable(
        name=name,
        units=ds.attrs["units"],
        description=ds.attrs["description"],
        values=ds[()],
        weeks=ds.dims[0][0][()],                      # the first scale of dim 0: 'week'
        zone_ids=list(ds.dims[1][0].asstr()[()]),     # the first scale of dim 1: 'zone_id'
        zone_names=list(ds.dims[1]["zone_name"].asstr()[()]),  # or a scale by its name
        labels=tuple(dim.label for dim in ds.dims),
    )


def print_runs(path, store):
    runs = list_runs(store)
    print(f"{path}: welfare run store, format {store.attrs['format_version']}, "
          f"{len(runs)} run{'s' if len(runs) != 1 else ''}")
    if not runs:
        return
    columns = ["id", "scenario", "territory", "seed", "replicate", "weeks", "zones", "created"]
    rows = [[str(run[c]) for c in columns] for run in runs]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    print("indicators of run", runs[0]["id"] + ":", ", ".join(runs[0]["indicators"]))


def print_run(store, run_id):
    if run_id not in store["runs"]:
        raise StoreFormatError(f"no run {run_id!r}; the store has: {', '.join(store['runs'])}")
    group = store["runs"][run_id]
    attrs = group.attrs
    print(f"run {run_id}: scenario {attrs['scenario_name']}, territory {attrs['territory_name']}, "
          f"seed {int(attrs['seed'])}, replicate {int(attrs['replicate'])}, "
          f"{int(attrs['weeks'])} weeks, {int(attrs['zone_count'])} zones")
    print("indicators:")
    names = list(group["indicators"])
    name_width = max((len(name) for name in names), default=0)
    units_width = max((len(group["indicators"][name].attrs["units"]) for name in names), default=0)
    for name in names:
        ds = group["indicators"][name]
        print(f"  {name:<{name_width}}  {ds.attrs['units']:<{units_width}}  shape {ds.shape}  "
              f"{ds.attrs['description']}")
    if not names:
        return

    shown = "population" if "population" in names else names[0]
    table = indicator(store, run_id, shown)
    scales = [scale.name.rsplit("/", 1)[-1] for dim in
              store["runs"][run_id]["indicators"][shown].dims for scale in dim.values()]
    print(f"\n{shown} ({table.units}) in week {table.weeks[-1]}, the last one; "
          f"dimensions {' x '.join(table.labels)}, scales {', '.join(scales)}:")
    last_week = table.values[-1, :]
    id_width = max(len("zone_id"), *(len(z) for z in table.zone_ids))
    name_width = max(len("zone_name"), *(len(z) for z in table.zone_names))
    print(f"  {'zone_id':<{id_width}}  {'zone_name':<{name_width}}  {shown}")
    for zone_id, zone_name, value in zip(table.zone_ids, table.zone_names, last_week):
        print(f"  {zone_id:<{id_width}}  {zone_name:<{name_width}}  {value:g}")
    print(f"  {'total':<{id_width + name_width + 2}}  {float(np.sum(last_week, dtype=np.float64)):g}")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with open_store(path) as store:
            if len(argv) == 2:
                print_runs(path, store)
            else:
                print_run(store, argv[2])
    except (StoreFormatError, OSError, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
