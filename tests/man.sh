#!/bin/sh
# The manual pages: they render without warnings (man -l), tcpsim(1) names
# every option each subcommand's --help lists, and tcpsim-scenario(5) every
# statement the parser knows.  TAP; skipped without man.
: "${TCPSIM:=./tcpsim}" "${DOCS_DIR:=docs}" "${SRCDIR:=.}"
set -u
if ! command -v man >/dev/null 2>&1; then
  echo "1..0 # SKIP man is not installed"
  exit 0
fi
. "$(dirname "$0")/tap.sh"
echo "1..12"
for page in tcpsim.1 tcpsim-scenario.5; do
  LC_ALL=C MANWIDTH=80 man --warnings -l "$DOCS_DIR/$page" > "$tmp/$page.txt" 2> "$tmp/$page.err"
  st=$?
  if [ $st -eq 0 ] && [ ! -s "$tmp/$page.err" ] && [ -s "$tmp/$page.txt" ]; then
    ok "man -l $page renders without a warning"
  else
    notok "man -l $page renders without a warning" "exit $st" "$(head -3 "$tmp/$page.err")"
  fi
done
for sub in run check plot sweep model profiles packetdrill; do
  missing=""
  for opt in $("$TCPSIM" "$sub" --help | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'); do
    grep -q -- "$opt" "$tmp/tcpsim.1.txt" || missing="$missing $opt"
  done
  if [ -z "$missing" ]; then
    ok "tcpsim(1) names every option of '$sub --help'"
  else
    notok "tcpsim(1) names every option of '$sub --help'" "missing:$missing"
  fi
done
opts=$("$TCPSIM" --help | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p')
missing=""
for opt in $opts; do grep -q -- "$opt" "$tmp/tcpsim.1.txt" || missing="$missing $opt"; done
check "tcpsim(1) names tcpsim's own options ($(echo $opts))" test -z "$missing"
# The statements, from the parser's own list (its "unknown statement" hint).
printf 'frobnicate\n' > "$tmp/x.scn"
stmts=$("$TCPSIM" check --syntax "$tmp/x.scn" 2>&1 | sed -n 's/.*expected one of: \(.*\))$/\1/p' | tr -d ',')
missing=""
for s in $stmts; do grep -q "^       $s\b" "$tmp/tcpsim-scenario.5.txt" || missing="$missing $s"; done
check "tcpsim-scenario(5) describes every statement ($(echo $stmts | wc -w) of them)" \
  sh -c "test -n '$stmts' && test -z '$missing'"
# Every option the code declares (a GOptionEntry's long name in src/cli/)
# is in some subcommand's --help and in tcpsim(1).
for sub in run check plot sweep model profiles packetdrill; do "$TCPSIM" "$sub" --help; done > "$tmp/allhelp" 2>&1
"$TCPSIM" --help >> "$tmp/allhelp" 2>&1
declared=$(sed -n "s/^ *{ \"\\([a-z][a-z0-9-]*\\)\", \\('.'\\|0\\), .*/\\1/p" "$SRCDIR"/src/cli/*.c | sort -u)
missing=""
for o in $declared; do
  grep -q -- "--$o" "$tmp/allhelp" && grep -q -- "--$o" "$tmp/tcpsim.1.txt" || missing="$missing --$o"
done
check "every option declared in src/cli/ ($(echo $declared | wc -w)) is in --help and in tcpsim(1)" \
  sh -c "test $(echo $declared | wc -w) -ge 30 && test -z '$missing'"
exit 0
