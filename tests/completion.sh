#!/bin/bash
# Tab completion as bash-completion runs it: subcommands, options read from
# each subcommand's --help, profile names, scenario files.  TAP; skipped
# when bash-completion is not installed.  The driver may start it with sh.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
: "${TCPSIM:=./tcpsim}" "${SRCDIR:=.}"
set -u
bc=/usr/share/bash-completion/bash_completion
if [ ! -r "$bc" ]; then
  echo "1..0 # SKIP bash-completion is not installed"
  exit 0
fi
. "$(dirname "$0")/tap.sh"
echo "1..12"
# shellcheck disable=SC1090
. "$bc"
. "$SRCDIR/completion/tcpsim.bash"
tcpsim () { "$TCPSIM" "$@"; }
complete_line () { # complete_line WORD… : COMPREPLY for the last word
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _tcpsim tcpsim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sort
}
has () { printf '%s\n' "$1" | grep -qx -- "$2"; }

r=$(complete_line tcpsim s)
check "subcommands: 'tcpsim s' offers sweep" has "$r" sweep
r=$(complete_line tcpsim run --ti)
check "run's options come from its --help: --timeline" has "$r" --timeline
r=$(complete_line tcpsim sweep --va)
check "sweep's options: --vary" has "$r" --vary
r=$(complete_line tcpsim profiles rfc)
check "profile names: rfc793 and rfc9293" sh -c "printf '%s\n' '$r' | tr '\n' ' ' | grep -qx 'rfc793 rfc9293 '"
mkdir "$tmp/s" && touch "$tmp/s/a.scn" "$tmp/s/b.txt" && cd "$tmp/s" || exit 1
r=$(complete_line tcpsim run "")
check "scenario files: a.scn, not b.txt" sh -c "printf '%s\n' '$r' | grep -qx a.scn && ! printf '%s\n' '$r' | grep -q b.txt"
touch t.png t.tsv
r=$(complete_line tcpsim run a.scn --timeline "")
check "--timeline offers pictures" has "$r" t.png
r=$(complete_line tcpsim run a.scn --capture "")
check "--capture offers its capture points" test "$(echo $r)" = "both receiver sender"
touch t.pcapng
r=$(complete_line tcpsim run a.scn --seqplot "")
check "--seqplot offers pictures, not captures" sh -c "printf '%s\n' '$r' | grep -qx t.png && ! printf '%s\n' '$r' | grep -q pcapng"
r=$(complete_line tcpsim p)
check "subcommands: 'tcpsim p' offers plot" has "$r" plot
r=$(complete_line tcpsim plot "")
check "plot offers traces: t.tsv, not a.scn" sh -c "printf '%s\n' '$r' | grep -qx t.tsv && ! printf '%s\n' '$r' | grep -q a.scn"
touch t.csv
r=$(complete_line tcpsim run a.scn --summary "")
check "--summary offers CSV files" has "$r" t.csv
# Every option that --help lists is offered.
for sub in run check plot sweep model profiles packetdrill; do
  for opt in $("$TCPSIM" "$sub" --help | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'); do
    r=$(complete_line tcpsim "$sub" "$opt")
    has "$r" "$opt" || echo "$sub $opt" >> "$tmp/missing"
  done
done
check "every option of every subcommand completes" test ! -e "$tmp/missing"
exit 0
