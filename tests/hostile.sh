#!/bin/sh
# Hostile scenarios: each must be refused with exit status 2, its exact
# first error ("FILE:LINE:COL: error: …"), within 2 s, and no output file.
# The files of tests/hostile/ say what they expect in "# expect: " lines
# (the first error line, then any "in file included from" lines); the
# inputs too big or too odd to commit (100,000 hosts, an include fan-out,
# a million lines, 17 MiB, NUL bytes, invalid UTF-8, a FIFO, a device)
# are made here.  One TAP test per input, plus checks that a file that is
# not a scenario shows nothing of itself.  TAP output.
: "${TCPSIM:=./tcpsim}" "${SRCDIR:=.}"
set -u
. "$(dirname "$0")/tap.sh"
hostile_dir="$SRCDIR/tests/hostile"
tcpsim=$(cd "$(dirname "$TCPSIM")" && pwd)/$(basename "$TCPSIM")

now_ms () { date +%s%3N; }

# refused NAME DIR FILE EXPECTED-FIRST-LINE [MORE-EXPECTED-LINES…]: runs
# `tcpsim run FILE` in DIR with a trace output and checks it all.
refused () {
  name=$1 dir=$2 file=$3 first=$4
  shift 4
  rm -f "$tmp/out.tsv"
  t0=$(now_ms)
  # timeout(1) only catches a hang: speed is measured in `make bench`,
  # never here (a loaded CI machine must not fail a correct program).
  (cd "$dir" && timeout 120 "$tcpsim" run "$file" -q --trace "$tmp/out.tsv" > /dev/null 2> "$tmp/err")
  rc=$?
  ms=$(($(now_ms) - t0))
  got=$(head -n 1 "$tmp/err")
  why=""
  [ "$rc" -eq 2 ] || why="exit status $rc, not 2"
  [ "$got" = "$first" ] || why="${why:+$why; }first line '$got', not '$first'"
  [ ! -e "$tmp/out.tsv" ] || why="${why:+$why; }an output file was created"
  [ "$rc" -ne 124 ] || why="${why:+$why; }did not finish within 120 s (a hang)"
  for line in "$@"; do
    grep -qxF -- "$line" "$tmp/err" || why="${why:+$why; }no line '$line'"
  done
  if [ -z "$why" ]; then
    ok "$name ($ms ms)"
  else
    notok "$name" "$why" "stderr:" "$(head -n 8 "$tmp/err")"
  fi
}

# ---- the committed files -------------------------------------------------
for f in "$hostile_dir"/*.scn; do
  base=$(basename "$f")
  first=$(sed -n 's/^# expect: //p' "$f" | head -n 1)
  if [ -z "$first" ]; then
    notok "$base" "no '# expect: ' line"
    continue
  fi
  # Further expected lines, one argument each (they hold no newline).
  sed -n 's/^# expect: //p' "$f" | sed 1d > "$tmp/more"
  set --
  while IFS= read -r line; do set -- "$@" "$line"; done < "$tmp/more"
  refused "$base" "$hostile_dir" "$base" "$first" "$@"
done

# Nothing of a file that is not a scenario reaches the messages.
(cd "$hostile_dir" && "$tcpsim" run include-secret.scn -q) > "$tmp/err" 2>&1
check "include-secret.scn: none of the included file's text is shown" \
  sh -c "! grep -q -e SECRET -e hunter2 -e api_key '$tmp/err'"
(cd "$hostile_dir" && "$tcpsim" run include-etc-passwd.scn -q) > "$tmp/err" 2>&1
check "include-etc-passwd.scn: no line of /etc/passwd is shown" \
  sh -c "! grep -q -e 'root:' -e nologin '$tmp/err'"
check "include-etc-passwd.scn: one error, no echo of the file" test "$(wc -l < "$tmp/err")" -le 3

# ---- generated inputs ------------------------------------------------------
g="$tmp/gen"
mkdir -p "$g"

# 100,000 hosts with distinct names and addresses, then a duplicate: the
# parse reaches the last line (name lookups are hash tables).
awk 'BEGIN { for (i = 0; i < 100000; i++)
               printf "host h%d 10.%d.%d.%d\n", i, int(i / 65536), int(i / 256) % 256, i % 256
             print "host h5 10.200.0.1" }' > "$g/hosts.scn"
refused "100,000 hosts and a duplicate" "$g" hosts.scn \
  "hosts.scn:100001:6: error: host 'h5' is declared twice (first on line 6)"

# An include fan-out: every level includes the next ten times, 5 levels
# (10^5 inclusions if nothing stopped it): the 257th file stops the parse.
printf 'host a 10.0.0.1\n' > "$g/fan0.scn"
for i in 0 1 2 3 4; do
  for k in 1 2 3 4 5 6 7 8 9 10; do echo "include fan$((i + 1)).scn"; done >> "$g/fan$i.scn"
done
echo "seed 1" > "$g/fan5.scn"
refused "an include fan-out stops at 256 files" "$g" fan0.scn \
  "./fan4.scn:8:9: error: cannot include 'fan5.scn': the scenario already reads 256 files (the limit, counting each inclusion)" \
  "  in file included from ./fan3.scn:3:9" "  in file included from ./fan2.scn:3:9" \
  "  in file included from ./fan1.scn:1:9" "  in file included from fan0.scn:2:9"
check "... with one error only" test "$(grep -c ': error: ' "$tmp/err")" -eq 1

# The same sixteen levels deep (10^16 inclusions): the depth limit.
for i in $(seq 0 15); do
  printf 'seed 1\n' > "$g/deep$i.scn"
  for k in 1 2 3 4 5 6 7 8 9 10; do echo "include deep$((i + 1)).scn"; done >> "$g/deep$i.scn"
done
printf 'host a 10.0.0.1\n' >> "$g/deep0.scn"
echo "seed 1" > "$g/deep16.scn"
refused "a fan-out 16 deep stops at the depth limit" "$g" deep0.scn \
  "./deep15.scn:2:9: error: includes nested more than 16 deep" "  in file included from deep0.scn:2:9"

# A million and one lines (comments count: the bound is on the work).
awk 'BEGIN { print "host a 10.0.0.1"; for (i = 0; i < 1000000; i++) print "#" }' > "$g/lines.scn"
refused "more than 10^6 lines" "$g" lines.scn \
  "lines.scn:1000001:1: error: more than 1000000 lines in all (the limit, counting every included file)"

# 17 MiB: refused by its size, before reading it.
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' '#' > "$g/big.scn"
refused "a 17 MiB file" "$g" big.scn "big.scn:1:1: error: not a text file (larger than 16 MiB)"

# A top file that is a device: read with a bound, stopped at the first NUL.
refused "tcpsim run /dev/zero" "$g" /dev/zero "/dev/zero:1:1: error: not a text file (it contains NUL bytes)"

# A NUL byte at its line and column (after a character of two bytes).
printf 'host a 10.0.0.1\n# caf\303\251 x\000y\n' > "$g/nul.scn"
refused "a NUL byte at its place" "$g" nul.scn "nul.scn:2:9: error: not a text file (it contains NUL bytes)"

# Invalid UTF-8: "é" is one column, each invalid byte one; a stray
# continuation byte is counted (it used to be skipped, shifting what follows).
printf 'host a 10.0.0.1\n# caf\303\251 \200\n' > "$g/cont.scn"
refused "a stray continuation byte at its column" "$g" cont.scn "cont.scn:2:8: error: the file is not UTF-8 text"
printf 'host a 10.0.0.1\n# \351t\351\n' > "$g/latin1.scn"
refused "a Latin-1 byte at its column" "$g" latin1.scn "latin1.scn:2:3: error: the file is not UTF-8 text"

# A NUL byte inside an included file: at its place there, with the chain.
printf 'host b 10.0.0.2\nseed\000 1\n' > "$g/nul.inc"
printf 'host a 10.0.0.1\ninclude nul.inc\n' > "$g/inc-nul.scn"
refused "a NUL byte in an included file" "$g" inc-nul.scn \
  "./nul.inc:2:5: error: not a text file (it contains NUL bytes)" "  in file included from inc-nul.scn:2:9"

# A FIFO with no writer: include refuses it without opening it for good.
mkfifo "$g/fifo"
printf 'host a 10.0.0.1\ninclude fifo\n' > "$g/inc-fifo.scn"
refused "include of a FIFO does not hang" "$g" inc-fifo.scn \
  "inc-fifo.scn:2:9: error: cannot include 'fifo': not a regular file"

echo "1..$n"
echo "# $n tests, hostile inputs: $((n - 4))"
[ "$fails" -eq 0 ]
