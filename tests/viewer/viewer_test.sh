#!/usr/bin/env bash
# The real viewer under Xvfb (Mesa's software OpenGL): a store of the Bologna comparison is made
# with `welfare batch`, then welfare-viewer renders each panel (map, difference map, time series,
# comparison, presenter mode, a live run) to a PNG with --screenshot. Each image is checked:
# the size asked, many colours (not blank), and where the viewer says it drew the map, pixels in
# the map's colour scale covering most of the rectangle, with several distinct colours (zones
# coloured by value), every zone drawn. Bad input exits 2 naming the place; damaged stores
# keep the viewer up with their error shown (in the image and in the .json beside it).
#   viewer_test.sh WELFARE VIEWER PNG_PROBE SOURCE_DIR [KEEP_DIR]
# KEEP_DIR (optional) keeps the screenshots, for looking at them.
set -euo pipefail
welfare=$1
viewer=$2
probe=$3
src=$4
keep=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "viewer_test: $*" >&2; exit 1; }

"$welfare" batch "$src/tests/data/analysis/bologna_compare.yaml" -o "$tmp/store.h5" >/dev/null
views=$src/tests/data/viewer/bologna_views.yaml
size=1280x800

shot() {  # name, then viewer arguments
  local name=$1
  shift
  xvfb-run -a -s "-screen 0 1600x1000x24" "$viewer" --size $size --screenshot "$tmp/$name.png" \
    "$@" > "$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log" >&2; fail "$name: viewer failed"; }
  [ -s "$tmp/$name.png" ] || fail "$name: no screenshot"
  [ -z "$keep" ] || cp "$tmp/$name.png" "$keep/$name.png"
}
field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" <<< "$1"; }
json_field() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }

check_image() {  # name, minimum colours
  local out
  out=$("$probe" "$tmp/$1.png")
  [ "$(field "$out" width)" = 1280 ] && [ "$(field "$out" height)" = 800 ] ||
    fail "$1: image is not 1280x800: $out"
  [ "$(field "$out" colours)" -ge "$2" ] || fail "$1: too few colours (blank?): $out"
  echo "$1: $out"
}

check_map() {  # name, scale (sequential|diverging), zones expected
  local name=$1 mode=$2 zones=$3 rect out
  rect=$(json_field "$tmp/$name.png.json" \
    "' '.join(str(int(d['map'][k])) for k in ('x0','y0','x1','y1'))")
  [ "$(json_field "$tmp/$name.png.json" "d['zones_drawn']")" = "$zones" ] ||
    fail "$name: not every zone drawn ($(cat "$tmp/$name.png.json"))"
  # shellcheck disable=SC2086
  out=$("$probe" "$tmp/$name.png" $rect "$mode")
  /usr/bin/python3 - "$out" "$name" <<'EOF' || fail "$name: map colours: $out"
import sys
kv = dict(p.split("=") for p in sys.argv[1].split())
# Voronoi cells fill the map, centred in its rectangle with their shape kept (so a wide
# rectangle is partly empty), but for padding and outlines.
assert float(kv["scale_share"]) >= 0.35, "too little of the map in the colour scale"
assert int(kv["scale_colours"]) >= 4, "zones not coloured by value"
EOF
  echo "$name map: $out"
}

# The map of unmet need per 1,000 residents by quartiere (sequential scale).
shot map "$tmp/store.h5" --view "$views" --view-index 0 --frames 4
check_image map 200
check_map map sequential 6

# The difference map (diverging scale).
shot difference "$tmp/store.h5" --view "$views" --view-index 1 --frames 4
check_image difference 200
check_map difference diverging 6

# Time series with bands, comparison table (English), presenter mode.
shot series "$tmp/store.h5" --view "$views" --view-index 2 --frames 4
check_image series 200
shot compare "$tmp/store.h5" --view "$views" --view-index 3 --frames 40
check_image compare 100
shot presenter "$tmp/store.h5" --view "$views" --view-index 0 --presenter --frames 4
check_image presenter 200
check_map presenter sequential 6

# A live run of Bologna at 5% with its baseline alongside, ten weeks played.
shot live --live "$src/scenarios/bologna/community_managers.yaml" --set scenario.scale=0.05 \
  --set scenario.weeks=20 --play --live-weeks 10 --frames 3
check_image live 150
check_map live sequential 6

# Bad input: a view file naming a measure that does not exist, a store that is not one.
set +e
xvfb-run -a "$viewer" "$tmp/store.h5" --view "$src/tests/data/viewer/bad_views.yaml" \
  --screenshot "$tmp/bad.png" > "$tmp/bad.log" 2>&1
rc=$?
set -e
[ $rc = 2 ] || fail "bad view file: exit $rc, expected 2"
grep -q "bad_views.yaml:4:" "$tmp/bad.log" || fail "bad view file: no file:line in: $(cat "$tmp/bad.log")"
[ ! -e "$tmp/bad.png" ] || fail "bad view file: a screenshot was written"
echo "bad view file: $(cat "$tmp/bad.log")"

echo "not a store" > "$tmp/not_a_store.h5"
shot not_a_store "$tmp/not_a_store.h5" --frames 3
check_image not_a_store 20

# Damaged stores (tests/store/make_corrupt_stores.py): the viewer stays up (exit 0 from
# --screenshot) and shows an error naming the store, and the run and dataset where there is
# one. The errors shown are listed in the screenshot's .json; their red text is in the image.
/usr/bin/python3 "$src/tests/store/make_corrupt_stores.py" "$tmp/store.h5" "$tmp/corrupt"
damaged=0
while IFS=$'\t' read -r -a fields; do
  name=corrupt_${fields[0]%.h5}
  store=$tmp/corrupt/${fields[0]}
  shot "$name" "$store" --frames 3
  out=$("$probe" "$tmp/$name.png")
  [ "$(field "$out" error_red)" -ge 100 ] || fail "$name: no error drawn in red: $out"
  /usr/bin/python3 - "$tmp/$name.png.json" "$store" "${fields[@]:1}" <<'EOF' ||
import json, sys
errors = json.load(open(sys.argv[1]))["errors"]
assert errors, "no error shown"
assert any(sys.argv[2] in e for e in errors), "no error names the store"
for phrase in sys.argv[3:]:
    assert any(phrase in e for e in errors), "no error says %r" % phrase
EOF
    fail "$name: $(cat "$tmp/$name.png.json")"
  echo "$name: error_red=$(field "$out" error_red): $(json_field "$tmp/$name.png.json" "d['errors'][0]")"
  damaged=$((damaged + 1))
done < "$tmp/corrupt/cases.tsv"
[ "$damaged" -ge 15 ] || fail "only $damaged damaged stores were tried"
# A whole store shows no error.
[ "$(json_field "$tmp/map.png.json" "len(d['errors'])")" = 0 ] || fail "map: errors shown: $(cat "$tmp/map.png.json")"
[ "$(field "$("$probe" "$tmp/map.png")" error_red)" = 0 ] || fail "map: red error text in the image"
echo "viewer_test: ok"
