#!/bin/sh
# Traces and summaries (docs/trace-format.md): for every scenario, the TSV
# read back by `tcpsim plot` gives the same trace, log, pcap and summary
# bytes; the JSON Lines trace parses line by line and equals the TSV row by
# row; the summary's exact rows on four scenarios; plot's timeline equals
# run's; plot's errors; the examples in docs/trace-format.md are what
# tcpsim prints.  TAP output.
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}" "${DOCS_DIR:=docs}"
set -u
. "$(dirname "$0")/tap.sh"
scns=$(ls "$SCENARIOS_DIR"/*.scn | sort)
nscn=$(echo "$scns" | wc -l)
echo "1..$((2 * nscn + 24))"

# python3 script: JSONL ($1) equals TSV ($2) row by row.
cat > "$tmp/same.py" <<'PY'
import json, sys
numeric = {"time", "conn", "sport", "dport", "seq", "ack", "len", "win", "rseq", "rack", "rexmit"}
jl = open(sys.argv[1], encoding="utf-8").read().split("\n")
tl = open(sys.argv[2], encoding="utf-8").read().split("\n")
head = tl[0].split("\t")
assert jl[-1] == "" and tl[-1] == "", "no final newline"
assert len(jl) == len(tl) - 1, "%d JSON lines for %d TSV rows" % (len(jl) - 1, len(tl) - 2)
for i, (j, t) in enumerate(zip(jl[:-1], tl[1:-1])):
    obj = json.loads(j)
    row = dict(zip(head, t.split("\t")))
    want = {k: v for k, v in row.items() if v != ""}
    assert set(obj) == set(want), "line %d: members %s, columns %s" % (i + 1, sorted(obj), sorted(want))
    for k, v in want.items():
        if k == "time":
            # nine decimals, literally, and the same number
            assert '"time":%s,' % v in j and obj[k] == float(v), "line %d: time" % (i + 1)
        elif k in numeric:
            assert obj[k] == int(v), "line %d: %s %r != %r" % (i + 1, k, obj[k], v)
        else:
            assert obj[k] == v, "line %d: %s %r != %r" % (i + 1, k, obj[k], v)
print(len(jl) - 1)
PY

for f in $scns; do
  s=$(basename "$f" .scn)
  rm -f "$tmp"/a.* "$tmp"/b.*
  if ! "$TCPSIM" run "$f" -q --trace "$tmp/a.tsv" --log "$tmp/a.log" --pcap "$tmp/a.pcap" \
       --summary "$tmp/a.csv" > /dev/null 2> "$tmp/err"; then
    notok "$s: run" "$(cat "$tmp/err")"
    notok "$s: JSONL"
    continue
  fi
  "$TCPSIM" plot "$tmp/a.tsv" --trace "$tmp/b.tsv" --log "$tmp/b.log" --pcap "$tmp/b.pcap" \
    --summary "$tmp/b.csv" 2> "$tmp/err"
  st=$?
  bad=""
  for e in tsv log pcap csv; do
    cmp -s "$tmp/a.$e" "$tmp/b.$e" || bad="$bad $e"
  done
  if [ $st -eq 0 ] && [ -z "$bad" ]; then
    ok "$s: run -> TSV -> plot gives the same trace, log, pcap and summary"
  else
    notok "$s: run -> TSV -> plot gives the same trace, log, pcap and summary" "exit $st, differs:$bad" "$(cat "$tmp/err")"
  fi
  "$TCPSIM" run "$f" -q --trace "$tmp/a.jsonl" > /dev/null 2>&1
  if out=$(python3 "$tmp/same.py" "$tmp/a.jsonl" "$tmp/a.tsv" 2>&1); then
    ok "$s: the JSONL parses line by line and equals the TSV ($out records)"
  else
    notok "$s: the JSONL parses line by line and equals the TSV" "$out"
  fi
done

# The summary, exactly.  syn-lost: the first SYN is lost (Karn: no sample
# from the SYN, one retry), five samples of one RTT; the handshake and the
# close as Linux's timer wheel (HZ 250, the profile's default) fires the
# SYN retry and the TIME-WAIT timer: late, never early.
summary () { "$TCPSIM" run "$SCENARIOS_DIR/$1.scn" -q --summary "$tmp/$1.csv" > /dev/null 2>&1; }
header='conn,client,client_port,server,server_port,start,handshake,close,rto,fast_rexmit,tlp,syn_retry,keepalive_probes,window_probes,rtt_samples,rtt_min,rtt_mean,rtt_max,client_state,server_state,outcome,error'
summary syn-lost
printf '%s\n%s\n' "$header" \
  '1,client,40164,server,80,0.000000000,1.119561389,60.696000000,0,0,0,1,0,0,5,0.100000000,0.100000000,0.100000000,CLOSED,CLOSED,ok,' > "$tmp/want"
check "summary of syn-lost: one SYN retry, handshake 1.1196 s (the wheel), five RTT samples of 100 ms" cmp "$tmp/want" "$tmp/syn-lost.csv"
summary fast-retransmit
printf '%s\n%s\n' "$header" \
  '1,client,40164,server,80,0.000000000,0.100000000,60.915561389,0,1,0,0,0,0,13,0.100000000,0.161538461,0.200000000,CLOSED,CLOSED,ok,' > "$tmp/want"
# fast-retransmit: segment 2 of ten is lost and sent again at 0.2 s: no
# sample from it; segments 3-10 wait for the hole's ACK at 0.3 s (eight
# samples of 200 ms); SYN, SYN-ACK, segment 1 and both FINs 100 ms each:
# 13 samples, mean 2.1 s / 13.
check "summary of fast-retransmit: one fast retransmission, no RTO, Karn's samples" cmp "$tmp/want" "$tmp/fast-retransmit.csv"
summary refused
printf '%s\n%s\n%s\n' "$header" \
  '1,client,40164,server,80,0.000000000,,,0,0,0,0,0,0,1,0.100000000,0.100000000,0.100000000,CLOSED,,failed,ECONNREFUSED' \
  '2,client,40165,server,81,0.100000000,0.100000000,,0,0,0,0,0,0,2,0.100000000,0.100000000,0.100000000,ESTABLISHED,ESTABLISHED,open,' > "$tmp/want"
check "summary of refused: the refused connection failed, the second still open" cmp "$tmp/want" "$tmp/refused.csv"
summary syn-timeout
printf '%s\n%s\n' "$header" \
  '1,client,40164,server,80,0.000000000,,,0,0,0,10,0,0,0,,,,CLOSED,,failed,ETIMEDOUT' > "$tmp/want"
check "summary of syn-timeout: ten SYN retries, ETIMEDOUT, no server end" cmp "$tmp/want" "$tmp/syn-timeout.csv"

# plot's timeline is run's: the same picture given the scenario's title
# (--title; run's timeline takes the scenario's 'title'), for scenarios
# whose segments arrive.
title_of () { sed -n 's/^title "\(.*\)"$/\1/p' "$SCENARIOS_DIR/$1.scn"; }
for s in syn-lost fast-retransmit; do
  mkdir -p "$tmp/tl"
  "$TCPSIM" run "$SCENARIOS_DIR/$s.scn" -q --trace "$tmp/tl/$s.scn" --timeline "$tmp/run.svg" > /dev/null 2>&1
  "$TCPSIM" plot "$tmp/tl/$s.scn" --title "$(title_of "$s")" --timeline "$tmp/plot.svg" > /dev/null 2>&1
  check "$s: plot --timeline draws what run --timeline drew" cmp "$tmp/run.svg" "$tmp/plot.svg"
done
# Every output option of run is plot's, and gives the same bytes: the
# timeline with its options, the overview, its data; pcapng captured at
# both ends; the charts (titled with the file name: the trace has the
# scenario's).
s=fast-retransmit
rm -rf "$tmp/o" && mkdir -p "$tmp/o"
o=$tmp/o
"$TCPSIM" run "$SCENARIOS_DIR/$s.scn" -q --trace "$o/$s.scn" --timeline "$o/r.svg" --conn 1 \
  --from 0.1s --to 0.5s --absolute --overview "$o/r-o.svg" --timeline-data "$o/rd" \
  --pcap "$o/r.pcapng" --capture both --states "$o/r-s.svg" --seqplot "$o/r-q.svg" \
  --seqplot-conn 1 > /dev/null 2>&1
"$TCPSIM" plot "$o/$s.scn" --title "$(title_of "$s")" --timeline "$o/p.svg" --conn 1 --from 0.1s \
  --to 0.5s --absolute --overview "$o/p-o.svg" --timeline-data "$o/pd" --pcap "$o/p.pcapng" \
  --capture both > /dev/null 2>&1
"$TCPSIM" plot "$o/$s.scn" --states "$o/p-s.svg" --seqplot "$o/p-q.svg" --seqplot-conn 1 > /dev/null 2>&1
check "$s: plot --timeline --conn --from --to --absolute and its --timeline-data are run's" \
  sh -c "cmp '$tmp/o/r.svg' '$tmp/o/p.svg' && diff -r '$tmp/o/rd' '$tmp/o/pd'"
check "$s: plot --overview draws what run --overview drew" cmp "$tmp/o/r-o.svg" "$tmp/o/p-o.svg"
check "$s: plot --pcap OUT.pcapng --capture both writes what run wrote" cmp "$tmp/o/r.pcapng" "$tmp/o/p.pcapng"
check "$s: plot --states and --seqplot draw what run drew" \
  sh -c "cmp '$tmp/o/r-s.svg' '$tmp/o/p-s.svg' && cmp '$tmp/o/r-q.svg' '$tmp/o/p-q.svg'"
"$TCPSIM" plot "$tmp/tl/syn-lost.scn" --timeline "$tmp/p.png" > /dev/null 2>&1
check "plot --timeline writes a PNG" sh -c "test \"\$(head -c 4 '$tmp/p.png' | od -An -c | tr -d ' ')\" = '211PNG'"

# Errors: exit 2 with FILE:LINE:COL, nothing written.
printf 'time\tevent\thost\tconn\tdetail\n1.000000000\tstate\tc\t1\t\n' > "$tmp/bad.tsv"
"$TCPSIM" plot "$tmp/bad.tsv" --log "$tmp/bad.log" > "$tmp/out" 2>&1
check "plot of a bad trace exits 2 with FILE:LINE:COL and writes nothing" sh -c "test $? -eq 2 \
  && test \"\$(cat '$tmp/out')\" = \"$tmp/bad.tsv:2:23: error: detail: a state row names it\" && test ! -e '$tmp/bad.log'"
"$TCPSIM" plot "$tmp/nosuch.tsv" --log "$tmp/x.log" > "$tmp/out" 2>&1
check "plot of a missing file exits 2" sh -c "test $? -eq 2 && grep -q 'nosuch.tsv' '$tmp/out'"
"$TCPSIM" plot "$tmp/a.tsv" > "$tmp/out" 2>&1
check "plot without an output exits 2 and says so" sh -c "test $? -eq 2 && grep -q 'name an output' '$tmp/out'"
cp "$tmp/a.tsv" "$tmp/keep.tsv"
"$TCPSIM" plot "$tmp/keep.tsv" --trace "$tmp/keep.tsv" > "$tmp/out" 2>&1
check "plot refuses to write over its trace" sh -c "test $? -eq 2 && grep -q 'that is the trace file' '$tmp/out' \
  && cmp -s '$tmp/a.tsv' '$tmp/keep.tsv'"
"$TCPSIM" plot "$tmp/a.jsonl" --log "$tmp/x.log" > "$tmp/out" 2>&1
check "plot of a JSONL trace says to use the TSV" sh -c "test $? -eq 2 && grep -q 'plot reads TSV traces' '$tmp/out'"
"$TCPSIM" plot - --log "$tmp/stdin.log" < "$tmp/a.tsv" > /dev/null 2>&1
check "plot - reads the trace from standard input" cmp "$tmp/a.log" "$tmp/stdin.log"
"$TCPSIM" help trace-format > "$tmp/help" 2>&1
check "tcpsim help trace-format prints docs/trace-format.md" cmp "$tmp/help" "$DOCS_DIR/trace-format.md"
"$TCPSIM" --help > "$tmp/help" 2>&1
check "tcpsim --help names plot" grep -q '^  plot TRACE.tsv ' "$tmp/help"
# A trace of the old fifteen-column schema reads: written again, its first
# fifteen columns are the same.
"$TCPSIM" run "$SCENARIOS_DIR/fast-retransmit.scn" -q --trace "$tmp/new.tsv" > /dev/null 2>&1
cut -f1-15 "$tmp/new.tsv" > "$tmp/old.tsv"
"$TCPSIM" plot "$tmp/old.tsv" --trace "$tmp/again.tsv" > /dev/null 2>&1
cut -f1-15 "$tmp/again.tsv" > "$tmp/again15.tsv"
check "a trace of the old 15-column schema reads and writes again the same 15 columns" \
  sh -c "test \$(wc -l < '$tmp/old.tsv') -gt 50 && cmp '$tmp/old.tsv' '$tmp/again15.tsv'"
head -c 3000 /dev/urandom > "$tmp/noise.tsv"
"$TCPSIM" plot "$tmp/noise.tsv" --log "$tmp/x.log" > "$tmp/out" 2>&1
check "plot of random bytes exits 2 with a located error" sh -c "test $? -eq 2 && grep -q '^$tmp/noise.tsv:[0-9]*:[0-9]*: error: ' '$tmp/out'"

# The examples in docs/trace-format.md: each ```tsv, ```jsonl and ```csv
# block is the start of what the command in the ```sh block before it
# prints (TAP tests for the three).
awk -v dir="$tmp" '
  /^```sh$/ { insh = 1; next }
  /^```(tsv|jsonl|csv)$/ { n++; f = sprintf("%s/doc%d.want", dir, n); inblk = 1; next }
  /^```$/ { if (inblk) close(f); inblk = 0; insh = 0; next }
  insh { cmd = $0; print > sprintf("%s/doc%d.cmd", dir, n + 1) }
  inblk { print > f }
' "$DOCS_DIR/trace-format.md"
for i in 1 2 3; do
  if [ ! -s "$tmp/doc$i.cmd" ] || [ ! -s "$tmp/doc$i.want" ]; then
    notok "docs/trace-format.md example $i" "no such example"
    continue
  fi
  cmd=$(sed 's/^\$ //' "$tmp/doc$i.cmd" | sed "s#scenarios/#$SCENARIOS_DIR/#g; s#^tcpsim #\"\$TCPSIM\" #")
  (cd "$tmp" && eval "$cmd") > "$tmp/doc$i.got" 2>&1
  lines=$(wc -l < "$tmp/doc$i.want")
  head -n "$lines" "$tmp/doc$i.got" > "$tmp/doc$i.head"
  check "docs/trace-format.md example $i: $(cat "$tmp/doc$i.cmd")" cmp "$tmp/doc$i.want" "$tmp/doc$i.head"
done
exit 0
