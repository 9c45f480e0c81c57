#!/bin/bash
# Opens a local HTML page in headless Chromium with no network and checks that it renders:
#   render_html.sh PAGE.html SHOT.png [HEIGHT]
#
# 1. The page loads nothing from the network: no src/href/url()/@import to http(s) or "//".
#    (Chromium also runs with every host name unresolvable, so a miss here cannot reach out.)
# 2. The page's own script ran and passed: the DOM dumped after loading has
#    data-rendered="ok" on <html>. Pages set document.documentElement.dataset.rendered from an
#    inline script after checking their SVGs (analysis/svg.hpp: render_check_script), or set it
#    to what went wrong, which is printed.
# 3. Nothing reached the console. Chromium 156 logs every console message to stderr as
#    "INFO:CONSOLE:<line>] "<text>", source: <url> (<line>)" with --enable-logging=stderr
#    --v=0, at the same level whether it is console.log, console.error or an uncaught exception
#    ("Uncaught ReferenceError: ..."), so any console line fails the check: pages stay silent
#    when all is well.
# 4. A screenshot of 1280 x HEIGHT (default 1600) pixels is written to SHOT.png and is a PNG of
#    a plausible size (a blank page compresses to a few kilobytes).
#
# Environment: CHROMIUM (default /usr/bin/chromium), RENDER_TIMEOUT seconds per Chromium run
# (default 60). Works as root in a container (--no-sandbox). Exit 0 when all passes; otherwise
# prints each failure and exits 1 (2 for bad usage).
set -u

readonly WIDTH=1280
readonly DEFAULT_HEIGHT=1600
readonly MIN_PNG_BYTES=20000  # a blank 1280 x 1600 page is about 5 kB
readonly KILL_AFTER=5         # seconds between TERM and KILL when Chromium overruns
readonly VIRTUAL_TIME_MS=3000 # let timers and animation frames run before the dump

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 PAGE.html SHOT.png [HEIGHT]" >&2
  exit 2
fi
page=$1
shot=$2
height=${3:-$DEFAULT_HEIGHT}
chromium=${CHROMIUM:-/usr/bin/chromium}
limit=${RENDER_TIMEOUT:-60}

if [ ! -f "$page" ]; then
  echo "render_html: $page: no such file" >&2
  exit 1
fi
if ! command -v "$chromium" > /dev/null; then
  echo "render_html: $chromium not found (set CHROMIUM)" >&2
  exit 1
fi
case $height in
  '' | *[!0-9]*)
    echo "render_html: HEIGHT must be a number of pixels, not $height" >&2
    exit 2
    ;;
esac

url="file://$(realpath "$page")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "render_html: $page: $*" >&2
  failures=$((failures + 1))
}

# 1. No network resources.
if grep -Eino "(src|href|xlink:href)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*(https?:|//)[^\"' >]*|url\([[:space:]]*[\"']?(https?:|//)[^)]*\)|@import[[:space:]]+[\"'](https?:|//)[^\"']*" \
  "$page" > "$work/remote.txt"; then
  fail "loads resources from the network (it must open offline):"
  sed 's/^/  line /' "$work/remote.txt" | head -n 10 >&2
fi

# Chromium, headless, with a fresh profile, no network, logging to stderr.
run_chromium() {
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout -k "$KILL_AFTER" "$limit" "$chromium" --headless=new --no-sandbox --disable-gpu \
    --no-first-run --disable-extensions --disable-background-networking --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget="$VIRTUAL_TIME_MS" "$@" "$url"
}

# 2 and 3. The page's verdict and its console.
run_chromium --dump-dom > "$work/dom.html" 2> "$work/console.log"
rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
  fail "Chromium did not finish within ${limit}s (--dump-dom)"
elif [ $rc -ne 0 ]; then
  fail "Chromium exited with status $rc (--dump-dom); its log ends:"
  tail -n 5 "$work/console.log" >&2
fi
if ! grep -q 'data-rendered="ok"' "$work/dom.html"; then
  verdict=$(grep -o 'data-rendered="[^"]*"' "$work/dom.html" | head -n 1 |
    sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g')
  if [ -n "$verdict" ]; then
    fail "the page's check failed: $verdict"
  else
    fail "the page's script did not run or did not set data-rendered (no data-rendered=\"ok\" in the DOM)"
  fi
fi
if grep -E 'INFO:CONSOLE|Uncaught|SyntaxError' "$work/console.log" > "$work/errors.txt"; then
  fail "the console is not silent:"
  sed -E 's/^\[[^]]*\] ?/  /' "$work/errors.txt" | head -n 20 >&2
fi

# 4. The screenshot.
rm -f "$shot"
run_chromium --hide-scrollbars --window-size="$WIDTH,$height" --screenshot="$(realpath -m "$shot")" \
  > "$work/shot.out" 2> "$work/shot.log"
rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
  fail "Chromium did not finish within ${limit}s (--screenshot)"
elif [ $rc -ne 0 ]; then
  fail "Chromium exited with status $rc (--screenshot)"
fi
if [ ! -f "$shot" ]; then
  fail "no screenshot written to $shot"
else
  size=$(stat -c %s "$shot")
  if [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    fail "$shot is not a PNG"
  elif [ "$size" -lt "$MIN_PNG_BYTES" ]; then
    fail "$shot is only $size bytes: the page looks blank"
  fi
fi

if [ $failures -gt 0 ]; then
  echo "render_html: $page: FAILED ($failures problem(s))" >&2
  exit 1
fi
echo "render_html: $page: ok (screenshot $shot, $(stat -c %s "$shot") bytes)"
