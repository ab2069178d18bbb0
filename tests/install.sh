#!/bin/sh
# `make install DESTDIR=…` puts every file where a user (and man, and
# bash-completion) looks for it, and the installed tcpsim runs from another
# folder with the installed scripts, scenarios and pages.  TAP.
: "${BUILDDIR:=.}" "${MAKE:=make}"
set -u
. "$(dirname "$0")/tap.sh"
echo "1..9"
dest="$tmp/root"
$MAKE -C "$BUILDDIR" install DESTDIR="$dest" > "$tmp/install.log" 2>&1
check "make install DESTDIR=… succeeds" test $? -eq 0
prefix=$(sed -n 's/^prefix = //p' "$BUILDDIR/Makefile")
datadir=$(sed -n 's/^datarootdir = //p' "$BUILDDIR/Makefile" | sed "s|\${prefix}|$prefix|")
root="$dest$prefix"
share="$dest$datadir"
check "the program in \$(bindir)" test -x "$root/bin/tcpsim"
check "the gnuplot scripts, scenarios and pages" sh -c "test -f '$share/tcpsim/plots/timeline.gp' \
  && test -f '$share/tcpsim/plots/sweep-latency.gp' && test -f '$share/tcpsim/scenarios/syn-lost.scn' \
  && test -f '$share/doc/tcpsim/scenario-language.md'"
check "the manual pages in man1 and man5" sh -c "test -f '$share/man/man1/tcpsim.1' && test -f '$share/man/man5/tcpsim-scenario.5'"
check "the completion where bash-completion looks for it" test -f "$share/bash-completion/completions/tcpsim"
# Run the installed copy from elsewhere, pointed at its installed data
# (DESTDIR moves the files, not the paths compiled into the program).
mkdir "$tmp/elsewhere"
(cd "$tmp/elsewhere" && TCPSIM_PLOTS_DIR="$share/tcpsim/plots" "$root/bin/tcpsim" run \
   "$share/tcpsim/scenarios/syn-lost.scn" -q --timeline t.png) > "$tmp/run.log" 2>&1
check "the installed tcpsim draws an installed scenario" test -s "$tmp/elsewhere/t.png"
TCPSIM_DOCS_DIR="$share/doc/tcpsim" "$root/bin/tcpsim" help sweep > "$tmp/help" 2>&1
check "tcpsim help reads the installed pages" grep -q '^# Studies: `tcpsim sweep`' "$tmp/help"
if command -v man > /dev/null 2>&1; then
  LC_ALL=C MANWIDTH=80 man -l "$share/man/man1/tcpsim.1" > "$tmp/man" 2>&1
  check "man -l reads the installed page" grep -q 'tcpsim - simulate TCP connection lifecycles' "$tmp/man"
else
  ok "# SKIP man is not installed"
fi
$MAKE -C "$BUILDDIR" uninstall DESTDIR="$dest" > "$tmp/uninstall.log" 2>&1
check "make uninstall removes every file" sh -c "test -z \"\$(find '$dest' -type f)\""
exit 0
