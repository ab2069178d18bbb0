#!/bin/sh
# `tcpsim sweep` as a user meets it: the same bytes for any -j (and under
# MPI when built with it), one replication rerun alone, a campaign that
# resumes and grows and refuses another scenario, Ctrl-C, and bad input
# with exit 2 (3 for outputs) and no file created.  TAP output.
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}" "${MPIRUN:=}"
set -u
. "$(dirname "$0")/tap.sh"
echo "1..44"

scn="$SCENARIOS_DIR/handshake-loss.scn"
sweep () { "$TCPSIM" sweep "$scn" -q "$@"; }

# The same bytes whatever the threads and blocks.
sweep --vary loss=0:0.3:0.1 --vary profile=linux,rfc9293 --runs 300 -j 1 -o "$tmp/r1.csv" --samples "$tmp/s1.csv"
check "sweep -j 1 exits 0" test $? -eq 0
sweep --vary loss=0:0.3:0.1 --vary profile=linux,rfc9293 --runs 300 -j 2 --block 7 -o "$tmp/r2.csv" --samples "$tmp/s2.csv"
check "-j 2 gives the same results CSV" cmp "$tmp/r1.csv" "$tmp/r2.csv"
check "-j 2 gives the same samples CSV" cmp "$tmp/s1.csv" "$tmp/s2.csv"
sweep --vary loss=0:0.3:0.1 --vary profile=linux,rfc9293 --runs 300 -j 3 --block 1 -o "$tmp/r3.csv"
check "-j 3 with blocks of 1 gives the same results" cmp "$tmp/r1.csv" "$tmp/r3.csv"
# The same on Linux's timer wheel: each host's jiffies phase comes from its
# own stream, so the samples do not depend on threads either.
sweep -D timers=wheel --vary loss=0.2,0.3 --runs 300 -j 1 --samples "$tmp/w1.csv"
sweep -D timers=wheel --vary loss=0.2,0.3 --runs 300 -j 3 --block 7 --samples "$tmp/w3.csv"
check "timers wheel: -j 3 gives the same samples as -j 1, and times off the 0.1 + k s grid" \
  sh -c "cmp -s '$tmp/w1.csv' '$tmp/w3.csv' && awk -F, 'NR > 1 && \$5 == \"completed\" && \$6 != 0.1 && \$6 != 1.1 && \$6 != 2.1 { n++ } END { exit !(n > 50) }' '$tmp/w1.csv'"
check "8 points and a header" test "$(wc -l < "$tmp/r1.csv")" -eq 9
check "2400 samples and a header" test "$(wc -l < "$tmp/s1.csv")" -eq 2401
check "point 0 is loss 0 with linux, every handshake one RTT" \
  grep -q '^0,0,linux,300,300,300,0,0,0,[0-9.e-]*,300,0.1,0,0.1,0.1,0.1,0.1,0.1,0.1,' "$tmp/r1.csv"
check "the first varied parameter changes slowest" \
  sh -c "cut -d, -f2,3 '$tmp/r1.csv' | tr '\n' ' ' | grep -q '^loss,profile 0,linux 0,rfc9293 0.1,linux 0.1,rfc9293 0.2,linux'"
check "lossy points have retransmitted SYNs" \
  awk -F, 'NR > 1 && $2 == 0.3 && $47 > 0.2 { found = 1 } END { exit !found }' "$tmp/r1.csv"

# The peer simulators' profiles beside Linux (docs/profiles.md): the model
# knows their schedules and duplicate-SYN answers.
sweep --vary profile=linux,ns3,inet --vary loss=0.3 --runs 300 -o "$tmp/sims.csv"
check "sweep --vary profile=linux,ns3,inet gives 3 points" test "$(wc -l < "$tmp/sims.csv")" -eq 4
check "... each with the model's mean" \
  awk -F, 'NR > 1 && $2 ~ /^(linux|ns3|inet)$/ && $61 > 0.5 { n++ } END { exit n != 3 }' "$tmp/sims.csv"

# The scenario's own sweep lines and runs.
sweep --runs 50 -o "$tmp/own.csv"
check "the scenario's sweep lines give 11 x 2 points" test "$(wc -l < "$tmp/own.csv")" -eq 23

# One replication alone: its sample row matches `run --replication`.
row=$(awk -F, '$2 == "0.3" && $3 == "linux" && $5 == 0 && $11 > 0 { print; exit }' "$tmp/s1.csv")
r=$(echo "$row" | cut -d, -f4)
hs=$(echo "$row" | cut -d, -f7)
"$TCPSIM" run "$scn" -D loss=0.3 -D profile=linux --replication "$r" > "$tmp/alone" 2>&1
# Exit 1: the file's expectations are for loss 0.
check "replication $r rerun alone runs (its loss-0 expectations fail: exit 1)" test $? -eq 1
want=$(awk -v h="$hs" 'BEGIN { printf "%.3f ms", h * 1000 }')
check "replication $r rerun alone has the same handshake ($want)" grep -q "handshake  mean $want" "$tmp/alone"
"$TCPSIM" run "$scn" -D profile=linux -D loss=0.3 --replication "$r" > "$tmp/alone2" 2>&1
check "-D order does not change the replication" cmp "$tmp/alone" "$tmp/alone2"

# The campaign: grows, resumes, refuses another scenario.
sweep --vary loss=0,0.2 --runs 100 --db "$tmp/c.sqlite" -o "$tmp/c100.csv"
check "a campaign is created" test -s "$tmp/c.sqlite"
sweep --vary loss=0,0.2 --runs 300 --db "$tmp/c.sqlite" -o "$tmp/c300.csv"
sweep --vary loss=0,0.2 --runs 300 -o "$tmp/fresh300.csv"
check "--runs 300 after --runs 100 equals a fresh --runs 300" cmp "$tmp/c300.csv" "$tmp/fresh300.csv"
check "the campaign holds 600 replications" \
  test "$(sqlite3 "$tmp/c.sqlite" 'SELECT COUNT(*) FROM replication')" = 600
sweep --vary loss=0,0.2 --runs 300 --db "$tmp/c.sqlite" -o "$tmp/again.csv" -j 1
check "running it again runs nothing new and gives the same bytes" cmp "$tmp/again.csv" "$tmp/fresh300.csv"
sed 's/delay 50ms/delay 60ms/' "$scn" > "$tmp/other.scn"
"$TCPSIM" sweep "$tmp/other.scn" -q --vary loss=0,0.2 --runs 10 --db "$tmp/c.sqlite" -o "$tmp/o.csv" > "$tmp/err" 2>&1
check "a campaign from another scenario is refused with exit 2" test $? -eq 2
check "... saying so" grep -q 'another scenario' "$tmp/err"
check "... and writing nothing" test ! -e "$tmp/o.csv"

# Ctrl-C: exit 130, no output, and the campaign resumes to the same bytes.
"$TCPSIM" sweep "$scn" -q --vary loss=0:0.3:0.05 --runs 40000 -j 2 --block 64 --db "$tmp/i.sqlite" \
  -o "$tmp/i.csv" > /dev/null 2>&1 &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
check "an interrupted sweep exits 130" test $? -eq 130
check "... and writes no output" test ! -e "$tmp/i.csv"
done_before=$(sqlite3 "$tmp/i.sqlite" 'SELECT COUNT(*) FROM replication')
check "... and the campaign kept part of the work ($done_before of 280000)" \
  test "$done_before" -gt 0 -a "$done_before" -lt 280000
sweep --vary loss=0:0.3:0.05 --runs 40000 -j 2 --db "$tmp/i.sqlite" -o "$tmp/i.csv"
sweep --vary loss=0:0.3:0.05 --runs 40000 -j 2 -o "$tmp/u.csv"
check "the resumed campaign equals an uninterrupted sweep" cmp "$tmp/i.csv" "$tmp/u.csv"

# --precision: blocks of --runs until the interval is narrow; any -j.
sweep --vary loss=0.1,0.2 --runs 200 --precision 5% -j 1 -o "$tmp/p1.csv"
sweep --vary loss=0.1,0.2 --runs 200 --precision 5% -j 2 --block 3 -o "$tmp/p2.csv"
check "--precision gives the same bytes for any -j" cmp "$tmp/p1.csv" "$tmp/p2.csv"
check "--precision reaches 5% at every point" \
  awk -F, 'NR > 1 { if (($15 - $12) > 0.05 * $12) bad = 1; n++ } END { exit bad || n != 2 }' "$tmp/p1.csv"

# Bad input: exit 2 and no file; an unwritable output: exit 3.
bad () { # bad NAME EXIT PATTERN ARGS…
  name=$1 want=$2 pat=$3; shift 3
  rm -f "$tmp/bad.csv"
  "$TCPSIM" sweep "$@" -o "$tmp/bad.csv" > "$tmp/err" 2>&1
  st=$?
  if [ $st -eq "$want" ] && grep -q -- "$pat" "$tmp/err" && [ ! -e "$tmp/bad.csv" ]; then
    ok "$name"
  else
    notok "$name" "exit $st, wanted $want and /$pat/: $(head -3 "$tmp/err")"
  fi
}
bad "--vary of no parameter" 2 "the scenario has no parameter 'los'" "$scn" --vary los=0,1 --runs 1
bad "an empty range" 2 "the range is empty" "$scn" --vary loss=0.3:0:0.1 --runs 1
bad "a step of 0" 2 "STEP is 0" "$scn" --vary loss=0:0.3:0 --runs 1
bad "--runs 0" 2 "runs" "$scn" --vary loss=0,1 --runs 0
bad "a point that does not parse" 2 "point 1 (loss=0 profile=bsd)" "$scn" --vary profile=linux,bsd --vary loss=0 --runs 1
bad "a bad --precision" 2 "precision" "$scn" --runs 1 --precision 0%
bad "a picture name without a known extension" 2 "use a .png" "$scn" --runs 1 --plot "$tmp/x.gif"
"$TCPSIM" sweep "$scn" -q --runs 1 -o "$tmp/no/such/dir/r.csv" > "$tmp/err" 2>&1
check "an unwritable output exits 3" test $? -eq 3

# Found in review: each of these failed before.
mkdir "$tmp/inc"
cp "$SCENARIOS_DIR/two-hosts.inc" "$tmp/inc/"
printf 'param d = 50ms\ninclude two-hosts.inc\nlink client <-> server delay $d\nat 0s server listen 80\nat 0s client connect server:80 as c\n' > "$tmp/inc/m.scn"
(cd "$tmp/inc" && "$TCPSIM" sweep m.scn -q --vary d=10ms --runs 1 -o two-hosts.inc) > "$tmp/err" 2>&1
check "an output that is an included file is refused, the file intact" sh -c "test $? -eq 2 \
  && cmp -s '$tmp/inc/two-hosts.inc' '$SCENARIOS_DIR/two-hosts.inc'"
printf 'param d = 10ms\nhost client 10.0.0.1\nhost server 10.0.0.2\nlink client <-> server delay $d\nat 0s client connect server:80 as c\n' > "$tmp/refused.scn"
"$TCPSIM" sweep "$tmp/refused.scn" -q --vary d=10ms,20ms --runs 10 --precision 5% -o "$tmp/pr.csv" --plot "$tmp/pr.png"
check "--precision gives up on points without a handshake; --plot draws them" \
  sh -c "test $? -eq 0 && test -s '$tmp/pr.png' && cut -d, -f3 '$tmp/pr.csv' | tail -2 | tr '\n' ' ' | grep -qx '10 10 '"
"$TCPSIM" sweep "$SCENARIOS_DIR/workload-w.scn" -q -D n=3 --vary loss=0.1,0.2 --runs 3 --cdf "$tmp/nm.png" -o "$tmp/nm.csv"
check "--cdf draws a scenario the model cannot take" sh -c "test $? -eq 0 && test -s '$tmp/nm.png' && test -s '$tmp/nm.csv'"
# The server's handshake starts at the SYN that made its end: here the
# first connection fills a backlog of 1, so the second's first SYN is
# dropped; its retransmission at 1 s makes the server's end.
printf 'param d = 50ms\nhost server 10.0.1.1 backlog 1 syncookies off timers exact\nhost att 10.0.1.2 timers exact\nhost client 10.0.1.3 timers exact\nlink att <-> server delay $d\nlink client <-> server delay $d\nfault server -> att drop any #1\nat 0s server listen 80\nat 0s att connect server:80 as a\nat 0.2s client connect server:80 as c\n' > "$tmp/bl.scn"
"$TCPSIM" sweep "$tmp/bl.scn" -q --vary d=50ms --runs 1 --samples "$tmp/bl.csv"
check "hs_server counts from the SYN that made the server's end (0.1 s, not 1.1 s)" \
  grep -q '^0,50ms,0,1,completed,1.1,0.1,' "$tmp/bl.csv"
"$TCPSIM" sweep "$tmp/refused.scn" --vary d=10ms --runs 2 > "$tmp/tab" 2>&1
check "the table of a point without a handshake says so" grep -q 'handshake none  connect failed 100.00%' "$tmp/tab"
printf 'param d = 10ms\nhost a 10.0.0.1\nhost b 10.0.0.2\nlink a <-> b delay $d\n' > "$tmp/empty.scn"
"$TCPSIM" sweep "$tmp/empty.scn" --vary d=10ms --runs 2 > "$tmp/tab2" 2>&1
check "the table of a point without connections says 'no connection', not 0%" grep -q '0 conns  handshake none  no connection$' "$tmp/tab2"

# Under MPI (when built with it): the same bytes as -j 1.
if [ -n "$MPIRUN" ]; then
  $MPIRUN --allow-run-as-root --oversubscribe -np 3 "$TCPSIM" sweep "$scn" -q \
    --vary loss=0:0.3:0.1 --vary profile=linux,rfc9293 --runs 300 -j 1 --block 16 \
    -o "$tmp/m.csv" --samples "$tmp/ms.csv" > "$tmp/mpi.log" 2>&1
  check "mpirun -np 3 gives the same results CSV as -j 1" cmp "$tmp/r1.csv" "$tmp/m.csv"
else
  ok "# SKIP mpirun -np 3 (not built with --with-mpi)"
fi
exit 0
