#!/bin/sh
# The packetdrill front end (docs/packetdrill.md), one TAP test each:
# - every script in tests/packetdrill/ passes under each profile its first
#   line names ("// profiles: linux freebsd");
# - each bad script in tests/packetdrill-bad/ exits 2 with exactly the
#   message its first line gives ("// error: FILE:LINE:COL: error: …") and
#   runs nothing;
# - a script whose expectation is wrong fails (exit 1) at its line, with
#   the expected and the actual segment, and the outputs still appear;
# - an IPv6 script is skipped (exit 77), not failed.
: "${TCPSIM:=./tcpsim}" "${SRCDIR:=.}"
set -u
. "$SRCDIR/tests/tap.sh"
dir="$SRCDIR/tests/packetdrill"
for f in "$dir"/*.pkt; do
  name=$(basename "$f")
  profiles=$(sed -n '1s|^// profiles: ||p' "$f")
  if [ -z "$profiles" ]; then
    notok "$name names its profiles" "first line: // profiles: NAME…"
    continue
  fi
  for p in $profiles; do
    if out=$("$TCPSIM" packetdrill -q --profile "$p" "$f" 2>&1); then
      ok "$name under $p"
    else
      notok "$name under $p"
      echo "$out" | sed 's/^/# /'
    fi
  done
done

# The examples of docs/packetdrill.md (```pkt blocks) run as they are.
: "${DOCS_DIR:=$SRCDIR/docs}"
awk -v dir="$tmp" '
  /^```pkt$/ { k++; f = sprintf("%s/doc%02d.pkt", dir, k); inblock = 1; next }
  /^```$/ && inblock { inblock = 0; close(f); next }
  inblock { print > f }
' "$DOCS_DIR/packetdrill.md"
for f in "$tmp"/doc*.pkt; do
  [ -e "$f" ] || { notok "docs/packetdrill.md has examples"; break; }
  for p in $(sed -n '1s|^// profiles: ||p' "$f"); do
    if out=$("$TCPSIM" packetdrill -q --profile "$p" "$f" 2>&1); then
      ok "docs/packetdrill.md example $(basename "$f" .pkt) under $p"
    else
      notok "docs/packetdrill.md example $(basename "$f" .pkt) under $p"
      echo "$out" | sed 's/^/# /'
    fi
  done
done

for f in "$SRCDIR"/tests/packetdrill-bad/*.pkt; do
  name=$(basename "$f")
  want=$(sed -n '1s|^// error: ||p' "$f")
  cp "$f" "$tmp/$name"
  out=$(cd "$tmp" && "$TCPSIM" packetdrill "$name" 2>&1 >/dev/null); st=$?
  if [ "$st" = 2 ] && [ "$out" = "$want" ]; then
    ok "bad script $name: exit 2 at its line"
  else
    notok "bad script $name: exit 2 at its line" "exit $st" "got:  $out" "want: $want"
  fi
done

# The outputs of run: a timeline, a summary and a pcapng of a script.
(cd "$tmp" && "$TCPSIM" packetdrill -q --profile freebsd "$dir/est-rst-inwindow.pkt" \
   --timeline pd.png --summary pd.csv --pcap pd.pcapng --trace pd.tsv > /dev/null 2>&1); st=$?
check "a script's timeline, summary, pcapng and trace are written" \
  sh -c "test $st = 0 && test -s '$tmp/pd.png' && test -s '$tmp/pd.pcapng' && grep -q 'challenge-ack' '$tmp/pd.tsv' && test \$(wc -l < '$tmp/pd.csv') = 2"

# A wrong expectation: the ACK of the data is expected with the wrong ack.
cat > "$tmp/wrong.pkt" <<'PKT'
--tolerance_usecs=10000
0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0    bind(3, ..., ...) = 0
+0    listen(3, 1) = 0
+0    < S 0:0(0) win 65535 <mss 1460>
+0    > S. 0:0(0) ack 1 <...>
+.1   < . 1:1(0) ack 1 win 512
+0    accept(3, ..., ...) = 4
+0    < P. 1:101(100) ack 1 win 512
+0    > . 1:1(0) ack 100
PKT
out=$(cd "$tmp" && "$TCPSIM" packetdrill --profile linux wrong.pkt -t wrong.tsv -l wrong.log 2>&1); st=$?
first=$(echo "$out" | head -1)
check "a wrong ack fails with exit 1" [ "$st" = 1 ]
check "the failure names the line, the field and the time" \
  [ "$first" = "wrong.pkt:10:7: error: outbound segment at 0.100000 s: ack differs: expected 100, got 101" ]
check "the failure shows the expected and the actual segment" \
  sh -c "echo '$out' | grep -q '^  expected: \. 1:1(0) ack 100\$' && echo '$out' | grep -q '^  actual:   \. 1:1(0) ack 101 win '"
check "the trace of a failing script is written" test -s "$tmp/wrong.tsv"
check "the log of a failing script is written" grep -q 'stack.8080 > script.40000: \[\.\]' "$tmp/wrong.log"

# No segment where one is expected.
cat > "$tmp/none.pkt" <<'PKT'
0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0    bind(3, ..., ...) = 0
+0    listen(3, 1) = 0
+1    > S. 0:0(0) ack 1 <...>
PKT
out=$(cd "$tmp" && "$TCPSIM" packetdrill none.pkt 2>&1); st=$?
check "a missing segment fails with exit 1" [ "$st" = 1 ]
check "and says none was sent by the tolerance" \
  [ "$(echo "$out" | head -1)" = "none.pkt:4:7: error: expected an outbound segment at 1.000000 s (tolerance 4000 us), but the stack sent none" ]

# An IPv6 script is skipped.
printf -- '--ip_version=ipv6\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n' > "$tmp/v6.pkt"
(cd "$tmp" && "$TCPSIM" packetdrill v6.pkt >/dev/null 2>&1); st=$?
check "an IPv6 script is skipped with exit 77" [ "$st" = 77 ]

# A sysctl tcpsim does not know is reported and skipped; one it knows applies.
cat > "$tmp/sysctl.pkt" <<'PKT'
0     `sysctl -w net.inet.tcp.frobnicate=1`
+0    `sysctl -w net.inet.tcp.rfc1323=0`
+0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0    fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0    connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0    > S 0:0(0) win 65535 <mss 1460,sackOK>
PKT
out=$(cd "$tmp" && "$TCPSIM" packetdrill --profile freebsd sysctl.pkt 2>&1); st=$?
check "rfc1323=0 takes the timestamps and the window scale off the SYN" [ "$st" = 0 ]
check "an unknown sysctl is reported" \
  sh -c "echo '$out' | grep -q '^sysctl.pkt:1:7: note: net.inet.tcp.frobnicate: not a sysctl tcpsim knows; skipped\$'"

# Several scripts: a summary line, the worst status.
out=$("$TCPSIM" packetdrill -q --profile freebsd "$dir/listen-syn.pkt" "$dir/listen-ack.pkt" 2>&1); st=$?
check "two scripts: exit 0 and a summary" \
  [ "$st" = 0 ] && [ "$out" = "2 of 2 scripts passed, 0 skipped (profile freebsd)" ]

echo "1..$n"
[ "$fails" = 0 ]
