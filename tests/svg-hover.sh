#!/bin/sh
# The interactive SVG timeline in a browser: headless Chromium loads the
# SVG of syn-lost.scn, a mouse move over the dot of the retransmitted SYN
# shows its whole header (sent and received times, flags, absolute seq and
# ack, window, options, why it was sent) in gnuplot's hypertext box, and a
# screenshot is taken.  TAP; skipped without chromium or gnuplot.
: "${SCENARIOS_DIR:=scenarios}"
: "${TCPSIM:=./tcpsim}"
set -u
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "1..0 # SKIP chromium is not installed (apt-get install chromium)"
  exit 0
fi
if ! command -v gnuplot >/dev/null 2>&1; then
  echo "1..0 # SKIP gnuplot is not installed"
  exit 0
fi
. "$(dirname "$0")/tap.sh"
echo "1..5"

"$TCPSIM" run "$SCENARIOS_DIR/syn-lost.scn" -q --timeline "$tmp/t.svg" > /dev/null 2> "$tmp/err"
check "tcpsim draws the SVG" test -s "$tmp/t.svg"

# The page: the SVG with a script that, once gnuplot's own script has set
# up the hover boxes, moves the mouse over the second segment (the SYN
# sent again).  The targets are taken before that setup removes their
# inline handlers.
python3 - "$tmp/t.svg" "$tmp/hover.svg" <<'PY'
import sys
s = open(sys.argv[1]).read()
hook = '''<script type="text/javascript"><![CDATA[
var tcpsim_targets = document.querySelectorAll('g[onmousemove^="gnuplot_svg.showHypertext"]');
window.addEventListener('load', function () {
  setTimeout(function () {
    var g = tcpsim_targets[1];
    var r = g.getBoundingClientRect();
    g.dispatchEvent(new MouseEvent('mousemove', { bubbles: true,
      clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 }));
  }, 50);
});
]]></script>
</svg>'''
i = s.rindex('</svg>')
open(sys.argv[2], 'w').write(s[:i] + hook + s[i + 6:])
PY
browse () {
  "$chrome" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
    --virtual-time-budget=3000 "$@" "file://$tmp/hover.svg" 2> "$tmp/chrome.err"
}
browse --dump-dom > "$tmp/dom"
box=$(grep -o '<text id="hypertext"[^>]*visibility="visible".*</text>' "$tmp/dom" | head -1)
check "hovering shows the hypertext box" test -n "$box"
check "... with the segment, its times and why it was sent" sh -c "echo '$box' | grep -q 'SYN client.40164 &gt; server.80 (conn 1)' \
  && echo '$box' | grep -q 'sent 1.019561 s, received 1.069561 s' && echo '$box' | grep -q 'why: syn-retry (a retransmission)'"
check "... and its whole header, absolute numbers and options" sh -c "echo '$box' | grep -q 'flags S seq 2134901636 ack 0 len 0 win 64240' \
  && echo '$box' | grep -q 'options mss 1460 sackOK TS val'"
browse --window-size=820,520 --screenshot="$tmp/hover.png" > /dev/null
if [ -s "$tmp/hover.png" ] && head -c 8 "$tmp/hover.png" | od -An -c | grep -q 'P   N   G'; then
  ok "a screenshot of the hover"
  [ -n "${SVG_HOVER_SCREENSHOT:-}" ] && cp "$tmp/hover.png" "$SVG_HOVER_SCREENSHOT"
else
  notok "a screenshot of the hover" "$(cat "$tmp/chrome.err")"
fi
test $fails -eq 0
