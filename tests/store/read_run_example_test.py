#!/usr/bin/python3
"""Tests docs/examples/read_run.py against a store written by the C++ store.

Usage: read_run_example_test.py MAKE_EXAMPLE_STORE READ_RUN_PY

MAKE_EXAMPLE_STORE (tests/store/make_example_store.cpp) writes two runs of 10 weeks over 4
zones where population[week][zone] = 1000 * (zone + 1) + week + 0.5 * (replicate - 1).
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.dont_write_bytecode = True  # importing the example must not litter docs/examples/

MAKE_STORE, EXAMPLE = sys.argv[1], sys.argv[2]
PYTHON = "/usr/bin/python3"  # the interpreter that sees Debian's h5py
WEEKS, ZONES = 10, 4


def load_example():
    spec = importlib.util.spec_from_file_location("read_run", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ReadRunExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="welfare-example-")
        cls.store = os.path.join(cls.dir, "example.h5")
        made = subprocess.run([MAKE_STORE, cls.store], capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        assert made.stdout.split() == ["000001", "000002"], made.stdout
        cls.example = load_example()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def run_example(self, *args):
        return subprocess.run([PYTHON, EXAMPLE, *args], capture_output=True, text=True)

    def test_lists_runs(self):
        result = self.run_example(self.store)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("welfare run store, format 1.1, 2 runs", result.stdout)
        self.assertIn("000001", result.stdout)
        self.assertIn("000002", result.stdout)
        self.assertIn("Forlì-Cesena", result.stdout)
        self.assertIn("population, home_care_requests", result.stdout)

    def test_prints_one_run(self):
        result = self.run_example(self.store, "000002")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        self.assertRegex(out, r"population\s+persons\s+shape \(10, 4\)")
        self.assertRegex(out, r"home_care_requests\s+requests\s+shape \(10, 4\)")
        self.assertIn("dimensions week x zone", out)
        self.assertIn("scales week, zone_id, zone_name, zone_district", out)
        # Last week (index 9) of run 2: 1000 * (zone + 1) + 9 + 0.5.
        self.assertRegex(out, r"040012\s+Forlì\s+1009\.5")
        self.assertRegex(out, r"040015\s+Bertinoro\s+4009\.5")
        self.assertRegex(out, r"total\s+10038")

    def test_unknown_run_is_an_error(self):
        result = self.run_example(self.store, "000042")
        self.assertEqual(result.returncode, 1)
        self.assertIn("000042", result.stderr)

    def test_functions_give_numpy_arrays_and_axes(self):
        with self.example.open_store(self.store) as store:
            runs = self.example.list_runs(store)
            self.assertEqual([r["id"] for r in runs], ["000001", "000002"])
            self.assertEqual(runs[1]["replicate"], 2)
            self.assertEqual(runs[1]["zones"], ZONES)
            table = self.example.indicator(store, "000002", "population")
            self.assertEqual(table.values.shape, (WEEKS, ZONES))
            self.assertEqual(table.values.dtype, np.float32)
            self.assertEqual(table.units, "persons")
            np.testing.assert_array_equal(table.weeks, np.arange(1, WEEKS + 1, dtype=np.int32))
            self.assertEqual(table.zone_ids, ["040012", "040013", "040014", "040015"])
            self.assertEqual(table.zone_names, ["Forlì", "Cesena", "Cesenatico", "Bertinoro"])
            self.assertEqual(table.labels, ("week", "zone"))
            expected = (1000.0 * (np.arange(ZONES) + 1)[None, :] +
                        np.arange(WEEKS)[:, None] + 0.5).astype(np.float32)
            np.testing.assert_array_equal(table.values, expected)

            ds = store["runs/000002/indicators/population"]
            self.assertEqual(ds.dims[0][0].name, "/runs/000002/week")
            self.assertEqual([s.name for s in ds.dims[1].values()],
                             ["/runs/000002/zone_id", "/runs/000002/zone_name",
                              "/runs/000002/zone_district"])
            self.assertEqual(list(ds.dims[1].keys()), ["zone_id", "zone_name", "zone_district"])
            self.assertEqual(ds.chunks, (WEEKS, ZONES))
            self.assertEqual(ds.compression, "gzip")
            self.assertTrue(ds.shuffle)

    def test_interrupted_append_is_pointed_out(self):
        copy = os.path.join(self.dir, "interrupted.h5")
        shutil.copy(self.store, copy)
        with open(copy + ".journal", "wb") as journal:
            journal.write(b"WELFJNL1")
        result = self.run_example(copy)
        self.assertEqual(result.returncode, 1)
        self.assertIn("welfare info", result.stderr)

    def test_not_a_store_is_refused(self):
        other = os.path.join(self.dir, "other.h5")
        import h5py
        with h5py.File(other, "w") as f:
            f.attrs["format"] = "something-else"
        result = self.run_example(other)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not a welfare run store", result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
