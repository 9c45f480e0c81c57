#!/usr/bin/python3
"""Damaged copies of a run store, for the tests of the programs that read stores.

    make_corrupt_stores.py STORE OUT_DIR

STORE must hold at least two runs (000001 and 000002). Writes one file per kind of damage
into OUT_DIR and OUT_DIR/cases.tsv: per line the file's name and the phrases (tab-separated)
that an error about it must contain, besides the file's path.
"""
import os
import shutil
import sys

import h5py
import numpy as np


def main():
    store, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    whole = open(store, "rb").read()
    cases = []

    def add(name, *phrases):
        cases.append((name,) + phrases)

    def copy(name):
        path = os.path.join(out, name)
        shutil.copyfile(store, path)
        return path

    # Truncated at several offsets: in the superblock, in the metadata, in the data, at the end.
    for cut in (0, 7, 100, 1000, len(whole) // 3, len(whole) // 2, len(whole) - 1):
        name = "truncated_%d.h5" % cut
        with open(os.path.join(out, name), "wb") as f:
            f.write(whole[:cut])
        add(name, "empty" if cut == 0 else "")

    with open(os.path.join(out, "text.h5"), "w") as f:
        f.write("run,scenario,value\n1,baseline,3.5\n")
    add("text.h5", "not a welfare run store (not an HDF5 file)")

    with open(os.path.join(out, "random.h5"), "wb") as f:
        f.write(np.random.default_rng(20261124).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    add("random.h5", "not a welfare run store")

    with h5py.File(os.path.join(out, "other_hdf5.h5"), "w") as f:
        f["temperature"] = np.arange(10.0)
    add("other_hdf5.h5", "not a welfare run store", "'format'")

    with h5py.File(copy("newer_version.h5"), "r+") as f:
        f.attrs["format_version"] = "2.0"
    add("newer_version.h5", "store format version 2.0 is newer than this program reads")

    with h5py.File(copy("missing_indicator.h5"), "r+") as f:
        del f["runs/000002/indicators/population"]
    add("missing_indicator.h5", "run 000002", "missing dataset 'indicators/population'")

    with h5py.File(copy("missing_axis.h5"), "r+") as f:
        del f["runs/000002/zone_name"]
    add("missing_axis.h5", "run 000002", "missing dataset 'zone_name'")

    with h5py.File(copy("missing_attribute.h5"), "r+") as f:
        del f["runs/000001"].attrs["scenario_yaml"]
    add("missing_attribute.h5", "run 000001", "missing attribute 'scenario_yaml'")

    def replace(f, path, data):
        attrs = dict(f[path].attrs)
        del f[path]
        f[path] = data
        for key in ("units", "description"):
            if key in attrs:
                f[path].attrs[key] = attrs[key]

    with h5py.File(copy("flat_indicator.h5"), "r+") as f:
        values = f["runs/000002/indicators/population"][()]
        replace(f, "runs/000002/indicators/population", values.reshape(-1))
    add("flat_indicator.h5", "run 000002", "'indicators/population' is not (week, zone)")

    with h5py.File(copy("transposed_indicator.h5"), "r+") as f:
        values = f["runs/000001/indicators/population"][()]
        replace(f, "runs/000001/indicators/population", np.ascontiguousarray(values.T))
    add("transposed_indicator.h5", "run 000001", "'indicators/population' has shape",
        "expected (weeks, zones)")

    with h5py.File(copy("text_indicator.h5"), "r+") as f:
        shape = f["runs/000002/indicators/population"].shape
        replace(f, "runs/000002/indicators/population",
                np.full(shape, "many", dtype=h5py.string_dtype()))
    add("text_indicator.h5", "run 000002", "'indicators/population' is not floating point")

    with h5py.File(copy("float_weeks.h5"), "r+") as f:
        weeks = f["runs/000001/week"][()]
        del f["runs/000001/week"]
        f["runs/000001/week"] = weeks.astype(np.float64)
    add("float_weeks.h5", "run 000001", "dataset 'week' does not hold integers")

    with h5py.File(copy("short_weeks.h5"), "r+") as f:
        weeks = f["runs/000002/week"][()]
        del f["runs/000002/week"]
        f["runs/000002/week"] = weeks[:-1]
    add("short_weeks.h5", "run 000002", "dataset 'week' has")

    with open(os.path.join(out, "cases.tsv"), "w") as f:
        for case in cases:
            f.write("\t".join(p for p in case if p) + "\n")


if __name__ == "__main__":
    main()
