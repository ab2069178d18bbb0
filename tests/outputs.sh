#!/bin/sh
# Outputs that never lie or destroy, and nothing left behind whatever stops
# a run: devices, FIFOs, /dev/stdout and - written in place; an output
# naming the scenario refused; a full disk (a tiny tmpfs when we can mount
# one, and the output layer's test hook always) gives exit 3 with the
# reason and keeps the old file; all of a run's outputs or none; SIGINT,
# SIGTERM, SIGHUP, SIGPIPE and SIGKILL at any phase leave no file; gnuplot
# dies with us; PDF and SVG are the same bytes on every run.  TAP output.
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}"
set -u
. "$(dirname "$0")/tap.sh"
# A failed test must not leave the tiny filesystem mounted.
trap 'umount "$tmp/full" 2>/dev/null; rm -rf "$tmp"' EXIT
echo "1..69"

scn="$SCENARIOS_DIR/syn-lost.scn"
run () { "$TCPSIM" run "$@"; }
# In the background, as the process itself (so that $! is tcpsim's pid).
run_bg () { exec "$TCPSIM" run "$@"; }
# no_stray DIR: nothing of ours but the named files (no .X.tmp-*)
no_stray () { ! ls -a "$1" | grep -q 'tmp-'; }
have_gnuplot=false
command -v gnuplot > /dev/null 2>&1 && have_gnuplot=true
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# A long run: far longer than any signal's delay.
printf 'host a 10.0.0.1\nhost b 10.0.0.2\nlink a <-> b delay 1ms\ngen G a -> b:80 count 100000000 interval 1ms\nrun until 100000s\n' > "$tmp/huge.scn"

# ---- not regular files: written in place, never replaced -----------------
run "$scn" -q --trace "$tmp/ref.tsv" --log "$tmp/ref.log" --pcap "$tmp/ref.pcap"
check "a reference run exits 0" test $? -eq 0
if [ "$(id -u)" = 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
  run "$scn" -q --log "$tmp/null" --trace "$tmp/null2" > /dev/null 2>&1
  check "--log on a device node (as root) leaves a character device" test -c "$tmp/null"
  if [ -c "$tmp/null" ]; then
    run "$scn" -q --log /dev/null --pcap /dev/null > "$tmp/out" 2>&1
    check "--log /dev/null (as root) exits 0" test $? -eq 0
    check "... and /dev/null is still a character device" test -c /dev/null
  else
    notok "--log /dev/null not tried: a device node was replaced"
    notok "... and /dev/null is still a character device"
  fi
else
  skip "--log on a device node leaves a character device" "not root"
  skip "--log /dev/null exits 0" "not root"
  skip "... and /dev/null is still a character device" "not root"
fi
run "$scn" -q --trace /dev/stdout > "$tmp/stdout.tsv" 2> "$tmp/err"
check "--trace /dev/stdout into a file exits 0" test $? -eq 0
check "... and holds the trace" cmp "$tmp/ref.tsv" "$tmp/stdout.tsv"
run "$scn" -q --trace /dev/stdout | cat > "$tmp/pipe.tsv"
check "--trace /dev/stdout into a pipe holds the trace" cmp "$tmp/ref.tsv" "$tmp/pipe.tsv"
run "$scn" -q --trace - --log /dev/stderr > "$tmp/dash.tsv" 2> "$tmp/dash.log"
check "--trace - writes the trace on standard output" cmp "$tmp/ref.tsv" "$tmp/dash.tsv"
check "--log /dev/stderr writes the log on standard error" cmp "$tmp/ref.log" "$tmp/dash.log"
run "$scn" --trace - > "$tmp/both" 2> "$tmp/err"
check "--trace - with the log on standard output is refused (exit 2)" \
  sh -c "test $? -eq 2 && grep -q 'standard output already carries the log; add -q' '$tmp/err'"
mkfifo "$tmp/fifo"
cat "$tmp/fifo" > "$tmp/fifo.tsv" &
reader=$!
run "$scn" -q --trace "$tmp/fifo"
status=$?
wait $reader
check "--trace into a FIFO exits 0" test $status -eq 0
check "... the reader gets the trace" cmp "$tmp/ref.tsv" "$tmp/fifo.tsv"
check "... and the FIFO stays a FIFO" test -p "$tmp/fifo"
# A symbolic link is kept; the file it names is replaced.
echo old > "$tmp/real.tsv"
ln -s real.tsv "$tmp/link.tsv"
run "$scn" -q --trace "$tmp/link.tsv"
check "an output through a symbolic link keeps the link" test -L "$tmp/link.tsv"
check "... and replaces the file it names" cmp "$tmp/ref.tsv" "$tmp/real.tsv"

# ---- an output that names an input ---------------------------------------
mkdir "$tmp/in"
cp "$scn" "$tmp/in/s.scn"
ln "$tmp/in/s.scn" "$tmp/in/hard.scn"
for spec in "--trace s.scn" "--log ./s.scn" "--pcap hard.scn" "--trace ../in/s.scn"; do
  # shellcheck disable=SC2086
  (cd "$tmp/in" && "$TCPSIM" run s.scn -q $spec) > "$tmp/err" 2>&1
  check "$spec naming the scenario exits 2" \
    sh -c "test $? -eq 2 && grep -q 'that is the scenario file; an output never replaces an input' '$tmp/err'"
done
check "... and the scenario is intact" cmp "$scn" "$tmp/in/s.scn"
run "$scn" -q --trace "$tmp/same" --log "$tmp/same" > "$tmp/err" 2>&1
check "two outputs naming one file exit 2" \
  sh -c "test $? -eq 2 && grep -q -- '--trace .*same and --log .*same are the same file' '$tmp/err' && test ! -e '$tmp/same'"

# ---- a full disk -------------------------------------------------------------
# The test hook of the output layer: each output takes 100 bytes, then
# ENOSPC.  Every kind: exit 3, the reason naming the file, the old file.
for kind in trace log pcap timeline; do
  case $kind in timeline) f="$tmp/old.svg" ;; *) f="$tmp/old.$kind" ;; esac
  if [ $kind = timeline ] && ! $have_gnuplot; then
    skip "a full disk for --timeline" "gnuplot is not installed"; skip "..."; skip "..."; continue
  fi
  echo old > "$f"
  TCPSIM_TEST_WRITE_LIMIT=100 "$TCPSIM" run "$scn" -q --$kind "$f" > "$tmp/err" 2>&1
  check "a full disk (test hook) for --$kind exits 3" test $? -eq 3
  check "... with the reason, naming the file" grep -q "error: $f: No space left on device" "$tmp/err"
  check "... the old file intact, nothing stray" sh -c "grep -qx old '$f' && ! ls -a '$tmp' | grep -q tmp-"
done
echo old > "$tmp/old.csv"
TCPSIM_TEST_WRITE_LIMIT=100 "$TCPSIM" sweep "$SCENARIOS_DIR/handshake-loss.scn" -q --runs 5 \
  --vary loss=0,0.1 -o "$tmp/old.csv" > "$tmp/err" 2>&1
check "a full disk for the sweep's CSV exits 3 with the reason, the old file intact" \
  sh -c "test $? -eq 3 && grep -q 'old.csv: No space left on device' '$tmp/err' && grep -qx old '$tmp/old.csv'"
run "$scn" -q --pcap /dev/full > "$tmp/err" 2>&1
check "--pcap /dev/full exits 3 with the reason" \
  sh -c "test $? -eq 3 && grep -q '/dev/full: No space left on device' '$tmp/err'"
# A real full filesystem, where we may mount one (root in CI).
mkdir "$tmp/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$tmp/full" 2>/dev/null; then
  for kind in trace log pcap timeline; do
    case $kind in timeline) f="$tmp/full/t.svg" ;; *) f="$tmp/full/t.$kind" ;; esac
    echo old > "$f"
  done
  # Fill it, leaving less room than any output needs.
  head -c 60000 /dev/zero > "$tmp/full/filler" 2>/dev/null
  for kind in trace log pcap timeline; do
    case $kind in timeline) f="$tmp/full/t.svg" ;; *) f="$tmp/full/t.$kind" ;; esac
    if [ $kind = timeline ] && ! $have_gnuplot; then
      skip "a full tmpfs for --timeline" "gnuplot is not installed"; continue
    fi
    run "$scn" -q --$kind "$f" > "$tmp/err" 2>&1
    check "a full tmpfs for --$kind: exit 3, the reason, the old file" \
      sh -c "test $? -eq 3 && grep -q '$f: No space left on device' '$tmp/err' && grep -qx old '$f'"
  done
  check "... and nothing stray on it" no_stray "$tmp/full"
  umount "$tmp/full"
else
  for kind in trace log pcap timeline stray; do skip "a full tmpfs ($kind)" "cannot mount a tmpfs"; done
fi

# ---- all or nothing ------------------------------------------------------------
if $have_gnuplot; then
  mkdir "$tmp/badplots"
  echo 'print undefined_variable_here' > "$tmp/badplots/timeline.gp"
  TCPSIM_PLOTS_DIR="$tmp/badplots" run "$scn" -q --trace "$tmp/aon.tsv" --pcap "$tmp/aon.pcap" \
    --timeline "$tmp/aon.png" > "$tmp/err" 2>&1
  check "a picture that fails exits 3" test $? -eq 3
  check "... and no other output of the run is written" \
    sh -c "test ! -e '$tmp/aon.tsv' && test ! -e '$tmp/aon.pcap' && test ! -e '$tmp/aon.png'"
  run "$SCENARIOS_DIR/syn-flood.scn" -q --trace "$tmp/tall.tsv" --timeline "$tmp/tall.png" > "$tmp/err" 2>&1
  check "a run too big to draw whole draws one connection and says which and how to choose" \
    sh -c "test $? -eq 0 && grep -q 'drawing connection 1, the first that lost a segment; choose with --conn' '$tmp/err' && test -s '$tmp/tall.png'"
  TCPSIM_PLOTS_DIR="$tmp/nowhere" run "$scn" -q --trace "$tmp/np.tsv" --timeline "$tmp/np.png" > "$tmp/err" 2>&1
  check "TCPSIM_PLOTS_DIR without the script: exit 3 before the run, naming the variable" \
    sh -c "test $? -eq 3 && grep -q 'TCPSIM_PLOTS_DIR=' '$tmp/err' && test ! -e '$tmp/np.tsv'"
else
  for i in 1 2 3 4; do skip "all or nothing with a picture" "gnuplot is not installed"; done
fi

# ---- reproducible pictures -------------------------------------------------------
if $have_gnuplot; then
  run "$scn" -q --timeline "$tmp/a.pdf" && run "$scn" -q --timeline "$tmp/a.svg"
  sleep 1.1 # a clock's date would differ now
  run "$scn" -q --timeline "$tmp/b.pdf" && run "$scn" -q --timeline "$tmp/b.svg"
  check "two runs give the same PDF bytes" cmp "$tmp/a.pdf" "$tmp/b.pdf"
  check "two runs give the same SVG bytes" cmp "$tmp/a.svg" "$tmp/b.svg"
  check "the PDF is a PDF" sh -c "head -c 5 '$tmp/a.pdf' | grep -q '%PDF-'"
else
  for i in 1 2 3; do skip "reproducible pictures" "gnuplot is not installed"; done
fi

# ---- signals at every phase --------------------------------------------------------
mkdir "$tmp/sig"
for sig in INT TERM HUP; do
  case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
  run_bg "$tmp/huge.scn" -q --max-events 0 --trace "$tmp/sig/t.tsv" --pcap "$tmp/sig/t.pcap" \
    --log "$tmp/sig/t.log" > "$tmp/err" 2>&1 &
  pid=$!
  sleep 0.5
  kill -$sig $pid
  wait $pid
  check "SIG$sig during a run exits $want" test $? -eq $want
  check "... and leaves no file" sh -c "test -z \"\$(ls -A '$tmp/sig')\""
done
# The reader of standard output leaves: SIGPIPE.
(run "$tmp/huge.scn" --max-events 0 --trace "$tmp/sig/t.tsv"; echo $? > "$tmp/pipe.status") | head -1 > /dev/null
check "SIGPIPE (| head -1) exits 141" test "$(cat "$tmp/pipe.status")" = 141
check "... and leaves no file" sh -c "test -z \"\$(ls -A '$tmp/sig')\""
# While parsing (a long file) or right after: whichever phase, no file.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "host h%d 11.%d.%d.%d\n", i, int(i / 62500) % 250, int(i / 250) % 250, i % 250 + 1 }' > "$tmp/big.scn"
cat "$tmp/huge.scn" >> "$tmp/big.scn"
run_bg "$tmp/big.scn" -q --max-events 0 --trace "$tmp/sig/t.tsv" > /dev/null 2>&1 &
pid=$!
sleep 0.3
kill -INT $pid
wait $pid
check "SIGINT early (parsing or running) exits 130 and leaves no file" \
  sh -c "test $? -eq 130 && test -z \"\$(ls -A '$tmp/sig')\""
# SIGKILL: an anonymous (O_TMPFILE) output leaves nothing at all ...
run_bg "$tmp/huge.scn" -q --max-events 0 --trace "$tmp/sig/t.tsv" > /dev/null 2>&1 &
pid=$!
sleep 0.5
kill -KILL $pid
wait $pid 2>/dev/null
check "SIGKILL mid-write leaves nothing (O_TMPFILE)" sh -c "test -z \"\$(ls -A '$tmp/sig')\""
# ... and a temporary name (no O_TMPFILE) is removed by the next run.
TCPSIM_TEST_NO_TMPFILE=1 "$TCPSIM" run "$tmp/huge.scn" -q --max-events 0 --trace "$tmp/sig/t.tsv" > /dev/null 2>&1 &
pid=$!
sleep 0.5
kill -KILL $pid
wait $pid 2>/dev/null
check "SIGKILL with a temporary name leaves .t.tsv.tmp-XXXXXX" sh -c "ls -A '$tmp/sig' | grep -q '^\.t\.tsv\.tmp-......$'"
run "$scn" -q --trace "$tmp/sig/t.tsv" 2> "$tmp/err"
check "... which the next run removes" sh -c "test \"\$(ls -A '$tmp/sig')\" = t.tsv"
check "... with a note" grep -q "note: removed .*\.t\.tsv\.tmp-.*, left by a run that was killed" "$tmp/err"
# A temporary of a live run (locked) is not taken for a stale one.
TCPSIM_TEST_NO_TMPFILE=1 "$TCPSIM" run "$tmp/huge.scn" -q --max-events 0 --trace "$tmp/sig/u.tsv" > /dev/null 2>&1 &
pid=$!
sleep 0.5
run "$scn" -q --trace "$tmp/sig/u.tsv" 2> "$tmp/err"
check "a live run's temporary is left alone" sh -c "ls -A '$tmp/sig' | grep -q '^\.u\.tsv\.tmp-'"
kill -TERM $pid
wait $pid
rm -f "$tmp/sig/"* "$tmp/sig/".u.tsv.tmp-* 2>/dev/null
# While drawing: gnuplot (a script that waits) is killed with us.
if $have_gnuplot; then
  mkdir "$tmp/slow"
  echo 'pause 30' > "$tmp/slow/timeline.gp"
  TCPSIM_PLOTS_DIR="$tmp/slow" run_bg "$scn" -q --trace "$tmp/sig/t.tsv" --timeline "$tmp/sig/t.png" > "$tmp/err" 2>&1 &
  pid=$!
  sleep 1
  kill -INT $pid
  wait $pid
  check "SIGINT while drawing exits 130 and says so" \
    sh -c "test $? -eq 130 && grep -q 'interrupted while drawing; no output written' '$tmp/err'"
  check "... leaves no file" sh -c "test -z \"\$(ls -A '$tmp/sig')\""
  check "... and no gnuplot" sh -c "! pgrep -f '$tmp/slow/[t]imeline.gp'"
  TCPSIM_PLOTS_DIR="$tmp/slow" run_bg "$scn" -q --timeline "$tmp/sig/t.png" > /dev/null 2>&1 &
  pid=$!
  sleep 1
  kill -KILL $pid
  wait $pid 2>/dev/null
  sleep 0.3
  check "SIGKILL while drawing: gnuplot dies with us" sh -c "! pgrep -f '$tmp/slow/[t]imeline.gp' | xargs -r ps -o stat= -p | grep -qv Z"
else
  for i in 1 2 3 4; do skip "signals while drawing" "gnuplot is not installed"; done
fi

# ---- limits and progress -------------------------------------------------------------
run "$tmp/huge.scn" -q --max-events 0 --max-wall 500ms --trace "$tmp/sig/t.tsv" > "$tmp/err" 2>&1
check "--max-wall stops the run: exit 2, the reason" \
  sh -c "test $? -eq 2 && grep -q 'reached the wall-clock limit (--max-wall 500ms)' '$tmp/err'"
check "... and no file" sh -c "test -z \"\$(ls -A '$tmp/sig')\""
if command -v script > /dev/null 2>&1 && script -qc true /dev/null > /dev/null 2>&1; then
  script -qc "'$TCPSIM' run '$tmp/huge.scn' -q --max-events 0 --max-wall 1800ms" /dev/null > "$tmp/tty" 2>&1
  check "a long run on a terminal shows its progress" \
    grep -q 'simulated [0-9.]* s, [0-9.]* M events/s, [0-9]* connections done' "$tmp/tty"
else
  skip "a long run on a terminal shows its progress" "no script(1)"
fi
run "$tmp/huge.scn" -q --max-events 0 --max-wall 300ms 2> "$tmp/err"
check "... and none when standard error is not a terminal" sh -c "! grep -q 'events/s' '$tmp/err'"
exit 0
