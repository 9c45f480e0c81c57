#!/usr/bin/env bash
# The analysis commands end to end on a store made by `welfare batch`: compare (table, CSV,
# JSON, bad input), report (rendered in headless Chromium, numbers checked against the raw runs
# with h5py), sensitivity on a Morris batch.
#   analysis_cli_test.sh WELFARE TEST_DATA RENDER_HTML REPORT_NUMBERS OUT_DIR
set -euo pipefail
welfare=$1
data=$2
render=$3
numbers=$4
out=$5
mkdir -p "$out"
store=$out/compare.h5
rm -f "$store" "$out"/report.html "$out"/report.png
rm -rf "$out"/csv

fail() { echo "FAIL: $*" >&2; exit 1; }

"$welfare" batch "$data/analysis/bologna_compare.yaml" -o "$store" -q

# The table, in the territory's language (Italian) and in English.
"$welfare" compare "$store" --baseline bologna-baseline > "$out/table_it.txt"
grep -q "PROTEZIONE" "$out/table_it.txt" || fail "no Italian table"
grep -q "Bisogni non soddisfatti" "$out/table_it.txt" || fail "no Italian labels"
"$welfare" compare "$store" --baseline bologna-baseline --lang en --zones "Navile" > "$out/table_en.txt"
grep -q "PROTECTION" "$out/table_en.txt" || fail "no English table"
grep -q "Navile" "$out/table_en.txt" || fail "the zone asked for is missing"

# CSV and JSON.
"$welfare" compare "$store" --baseline bologna-baseline --csv "$out/csv" -q
for f in comparison equity costs scenarios; do
  [ -s "$out/csv/$f.csv" ] || fail "no $f.csv"
done
/usr/bin/python3 - "$out/csv/comparison.csv" <<'PY'
import sys, pandas as pd
df = pd.read_csv(sys.argv[1])
assert set(df.columns) >= {"scenario", "level", "area_id", "measure", "period", "statistic", "value"}, df.columns
assert not df.duplicated(["scenario", "level", "area_id", "measure", "period", "statistic"]).any()
wide = df.pivot_table(index=["level", "area_id", "measure", "period"], columns="statistic", values="value")
ok = wide.dropna()
assert ((ok["lower"] <= ok["difference"] + 1e-9) & (ok["difference"] <= ok["upper"] + 1e-9)).all()
PY
"$welfare" compare "$store" --baseline bologna-baseline --json | /usr/bin/python3 -c \
  'import json,sys; d=json.load(sys.stdin); assert d["baseline"]=="bologna-baseline"; assert d["scenarios"][0]["cells"]'

# Bad input: exit 2, a message naming what is wrong, nothing written.
set +e
"$welfare" compare "$store" --baseline bologna-nowhere --csv "$out/csv_bad" 2> "$out/err.txt"
rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown baseline: exit $rc, expected 2"
grep -q "bologna-nowhere" "$out/err.txt" || fail "the message does not name the scenario"
[ ! -e "$out/csv_bad" ] || fail "a refused comparison wrote files"
echo "<p>an earlier report</p>" > "$out/kept.html"
set +e
"$welfare" report "$store" --baseline bologna-baseline -o "$out/kept.html" --boundaries "$data/analysis/squares.geojson" 2> "$out/err.txt"
rc=$?
set -e
[ $rc -eq 2 ] || fail "boundaries of other zones: exit $rc, expected 2"
grep -q "an earlier report" "$out/kept.html" || fail "a refused report replaced the earlier one"

# The report: rendered in a real browser, its numbers against the raw runs.
"$welfare" report "$store" --baseline bologna-baseline -o "$out/report.html" -q
"$render" "$out/report.html" "$out/report.png"
/usr/bin/python3 "$numbers" "$store" "$out/report.html" bologna-baseline

# Sensitivity on a Morris batch.
"$welfare" batch "$data/analysis/bologna_morris_small.yaml" -o "$out/morris.h5" -q
"$welfare" sensitivity "$out/morris.h5" --lang en --csv "$out/morris.csv" > "$out/morris.txt"
grep -q "self_referral" "$out/morris.txt" || fail "no parameter in the sensitivity table"
[ "$(wc -l < "$out/morris.csv")" -eq $((1 + 5 * 2)) ] || fail "sensitivity CSV rows"
set +e
"$welfare" sensitivity "$store" 2> "$out/err.txt"
rc=$?
set -e
[ $rc -eq 2 ] || fail "sensitivity of a store without a sweep: exit $rc, expected 2"
echo "analysis commands: ok (screenshot $out/report.png)"
