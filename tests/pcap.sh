#!/bin/sh
# Captures read back by Wireshark: for every scenario in scenarios/, the
# pcapng of the sender capture (the default) and the classic pcap of the
# receiver capture, read by tshark, equal the TSV trace of the same run
# (time to the nanosecond, addresses, ports, flags, seq, ack, length,
# window), have no malformed packet, and Wireshark's tcp.analysis flags
# agree with the trace's why (rules R1-R4 in tests/pcap-compare.py); the
# pcapng names each host's interface, carries the host names, and says
# "lost on link A->B (reason)" on exactly the packets the trace drops.
. "${SRCDIR:-.}/tests/tap.sh"
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}" "${TSHARK:=}"
set -u
cmp="${SRCDIR:-.}/tests/pcap-compare.py"
files=$(ls "$SCENARIOS_DIR"/*.scn | sort)
if [ -z "$TSHARK" ] || ! command -v python3 >/dev/null 2>&1; then
  echo "1..0 # SKIP tshark or python3 not installed"
  exit 0
fi
fields=$(python3 -c "import importlib.util,sys; s=importlib.util.spec_from_file_location('c','$cmp'); m=importlib.util.module_from_spec(s); s.loader.exec_module(m); print(' '.join('-e '+f for f in m.FIELDS))")
# read CAPTURE OUT: tshark's fields, two passes (names and analysis of the
# whole file), stderr kept apart.
read_capture () {
  case $1 in *.pcapng) two=-2 ;; *) two= ;; esac
  "$TSHARK" $two -n -r "$1" -T fields -E separator=/t -E aggregator='|' $fields > "$2" 2> "$2.err"
}
# compare NAME TSV CAPTUREFILE CAPTURE [ng]
compare () {
  name=$1; shift
  if ! read_capture "$2" "$tmp/frames"; then
    notok "$name" "tshark failed: $(head -3 "$tmp/frames.err")"
  elif out=$(python3 "$cmp" "$1" "$tmp/frames" "$3" ${4:-} 2>&1); then
    ok "$name${out:+ ($out)}"
  else
    notok "$name" "$(echo "$out" | head -20)"
  fi
}
echo "1..$(( $(echo "$files" | wc -l) * 2 + 4 ))"
for f in $files; do
  b=$(basename "$f" .scn)
  st=0
  "$TCPSIM" run "$f" -q --trace "$tmp/$b.tsv" --pcap "$tmp/$b.pcapng" > /dev/null 2> "$tmp/err" || st=$?
  "$TCPSIM" run "$f" -q --pcap "$tmp/$b.pcap" --capture receiver > /dev/null 2>> "$tmp/err" || st=$?
  if [ $st -gt 1 ]; then
    notok "$b: sender pcapng" "tcpsim exit $st: $(head -3 "$tmp/err")"
    notok "$b: receiver pcap" "tcpsim exit $st"
    continue
  fi
  compare "$b: sender pcapng equals the trace, analysis agrees" "$tmp/$b.tsv" "$tmp/$b.pcapng" sender ng
  compare "$b: receiver pcap equals the trace's arrivals" "$tmp/$b.tsv" "$tmp/$b.pcap" receiver
  rm -f "$tmp/$b.pcap" "$tmp/$b.pcapng"
done

# Both capture points in one pcapng: each host's interface holds what it
# sent and received, in trace order; a lost segment only on its sender's.
scn="$SCENARIOS_DIR/fast-retransmit.scn"
"$TCPSIM" run "$scn" -q --trace "$tmp/fr.tsv" --pcap "$tmp/fr.pcapng" --capture both
compare "fast-retransmit: --capture both" "$tmp/fr.tsv" "$tmp/fr.pcapng" both ng
"$TSHARK" -2 -N n -r "$tmp/fr.pcapng" -T fields -e ip.src_host -e ip.dst_host -e frame.comment \
  -Y 'frame.comment contains "lost"' > "$tmp/lost" 2>/dev/null
check "fast-retransmit: the lost segment appears once, named by host, with its comment" \
  test "$(cat "$tmp/lost")" = "$(printf 'client\tserver\tlost on link client->server (fault)')"
capinfos_ok=$("$TSHARK" -r "$tmp/fr.pcapng" -T fields -e frame.interface_name -e frame.interface_description 2>/dev/null | sort -u | tr '\t' ' ' | tr '\n' ';')
check "fast-retransmit: interfaces named after hosts, described" \
  test "$capinfos_ok" = "client segments client sent (lost ones too) and received;server segments server sent (lost ones too) and received;"
"$TSHARK" -r "$tmp/fr.pcapng" -Y 'tcp.analysis.fast_retransmission' -T fields -e frame.comment > "$tmp/fast" 2>/dev/null
check "fast-retransmit: in the both capture Wireshark calls the retransmission fast (the client's own view)" \
  grep -qx 'retransmission: fast retransmit' "$tmp/fast"
exit 0
