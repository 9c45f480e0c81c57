"""Checks the numbers of an HTML report against the raw runs of its store, with h5py alone.

Usage: /usr/bin/python3 tests/analysis/report_numbers.py STORE REPORT BASELINE

For every scenario of the report: the mean paired difference (scenario - baseline, replicate
by replicate) of unmet needs and of total spending, summed over every zone and week, must be
the report's, in its embedded data and in its comparison table; the baseline's own mean must be
the report's too. Exit 1 naming the first number that differs.
"""

import json
import re
import sys

import h5py
import numpy as np

DOMAINS = ["ltc", "disability", "family", "poverty", "mental", "loneliness"]
SPENDING = ["home_care", "day_centre", "nursing_home", "community_hub", "case_management",
            "income_support", "housing_support", "children_services", "budget_di_salute",
            "hospital", "placements", "homelessness", "policies"]
MEASURES = {
    "unmet_total": [f"{d}_{s}" for d in DOMAINS for s in ("hidden", "waiting")],
    "spending_total": [f"spending_{s}" for s in SPENDING],
}


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def runs_by_key(store):
    out = {}
    for run_id, group in store["runs"].items():
        key = (text(group.attrs["scenario_name"]), int(group.attrs["point"]),
               int(group.attrs["replicate"]))
        out[key] = run_id
    return out


def total(store, run_id, names):
    ind = store["runs"][run_id]["indicators"]
    return sum(float(np.sum(ind[n][()], dtype=np.float64)) for n in names)


def close(a, b, what):
    if not np.isclose(a, b, rtol=1e-6, atol=1e-6):
        sys.exit(f"{what}: report says {b}, the raw runs give {a}")


def main(store_path, report_path, baseline):
    html = open(report_path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="welfare-data">(.*?)</script>', html, re.S)
    if not m:
        sys.exit("the report embeds no data")
    doc = json.loads(m.group(1).replace("<\\/", "</"))
    if doc["baseline"] != baseline:
        sys.exit(f"baseline {doc['baseline']} is not {baseline}")
    with h5py.File(store_path, "r") as store:
        keys = runs_by_key(store)
        checked = 0
        for sc in doc["scenarios"]:
            name = sc["scenario"].split("@")[0]
            reps = sorted(r for (s, p, r) in keys if s == name)
            for measure, names in MEASURES.items():
                diffs, bases = [], []
                for r in reps:
                    b = keys[(baseline, 0, r)]
                    s = keys[(name, 0, r)]
                    bt = total(store, b, names)
                    bases.append(bt)
                    diffs.append(total(store, s, names) - bt)
                cell = next(c for c in sc["cells"]
                            if c["area"] == 0 and c["measure"] == measure
                            and c["period"] == "cumulated")
                close(np.mean(diffs), cell["difference"], f"{name} {measure} difference")
                close(np.mean(bases), cell["baseline"], f"{name} {measure} baseline")
                if len(diffs) > 1 and not (cell["lower"] <= cell["difference"] <= cell["upper"]):
                    sys.exit(f"{name} {measure}: the interval does not hold the difference")
                checked += 2
            # The comparison table shows the same difference.
            table = re.search(r'<table class="comparison" data-scenario="' + re.escape(sc["scenario"])
                              + r'".*?</table>', html, re.S)
            if not table:
                sys.exit(f"no comparison table for {sc['scenario']}")
            v = re.search(r'data-measure="unmet_total" data-value="([^"]+)"', table.group(0))
            cell = next(c for c in sc["cells"] if c["area"] == 0 and c["measure"] == "unmet_total"
                        and c["period"] == "cumulated")
            close(float(v.group(1)), cell["difference"], f"{name} table unmet_total")
            checked += 1
    print(f"{checked} numbers of the report match the raw runs")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
