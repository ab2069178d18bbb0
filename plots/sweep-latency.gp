# Mean handshake time and failure probability along a sweep: one curve per
# group value (profile, say) against one varied parameter (loss, say), the
# simulation with its 95% confidence interval beside the exact model and
# Cardwell, Savage and Anderson's approximation.
#
# Called by `tcpsim sweep … --plot OUT` (and by hand) as
#   gnuplot -e "csv='results.csv'; x='loss'; group='profile'; outfile='OUT'; fmt='png'; title='…'" sweep-latency.gp
# Every variable but csv is optional:
#   csv      results.csv of `tcpsim sweep` (default 'results.csv')
#   x        the parameter column on the x axis (default: the first one)
#   group    the parameter column with one curve per value ('' = none, the default)
#   measure  hs_client (default), hs_server, close_client or close_server
#   outfile  default 'sweep-latency.png';  fmt  png (default), svg or pdf
#   title    above the picture (default '': none)
#   logfail  'auto' (default), 'log' or 'linear': the scale of the failure panel
# results.csv has a header line and one row per point:
#   point, the varied parameters (values as written: 0.05, 10%, 10ms, linux),
#   runs, conns, completed, failed, fail_p, fail_lo, fail_hi, then per measure M
#   M_n, M_mean, M_sd, M_ci_lo, M_ci_hi, …, and model_mean, model_fail,
#   csa_mean among others; an empty field is a value not available.
# A parameter of numbers is drawn on a numeric axis; of durations (ns, us,
# ms, s, min) on a numeric axis in ms or s; of anything else (profile names)
# as evenly spaced categories.  If parameters other than x and group vary
# too, each combination of their values gets its own curve.  Points are
# joined in the order of the file, that is in the order of the --vary values.
#
# Values from the file are only ever used as strings (titles, tic labels),
# never as commands, so a value may hold any character but the comma.

if (!exists("csv")) csv = "results.csv"
if (!exists("x")) x = ""
if (!exists("group")) group = ""
if (!exists("measure")) measure = "hs_client"
if (!exists("outfile")) outfile = "sweep-latency.png"
if (!exists("fmt")) fmt = "png"
if (!exists("title")) title = ""
if (!exists("logfail")) logfail = "auto"

set datafile separator comma
set datafile columnheaders

# ---- lists of strings: items each followed by SEP (a character no CSV
# field written by tcpsim holds) ----------------------------------------------
SEP = "\037"
nth(L, i) = i <= 1 ? substr(L, 1, strstrt(L, SEP) - 1) : nth(substr(L, strstrt(L, SEP) + 1, strlen(L)), i - 1)
count(L) = strstrt(L, SEP) ? 1 + count(substr(L, strstrt(L, SEP) + 1, strlen(L))) : 0
lpos(L, s) = strstrt(SEP . L, SEP . s . SEP)
index(L, s) = lpos(L, s) ? count(substr(SEP . L, 1, lpos(L, s))) : 0
add(L, s) = index(L, s) ? L : L . s . SEP

# ---- what a value is: a number, a percentage, a duration, or a word ----------
allin(s, set) = strlen(s) == 0 ? 1 : (strstrt(set, s[1:1]) > 0 && allin(s[2:], set))
hasdigit(s) = strlen(s) == 0 ? 0 : (strstrt("0123456789", s[1:1]) > 0 || hasdigit(s[2:]))
isnum(s) = hasdigit(s) && allin(s, "0123456789.eE+-")
ends(s, u) = strlen(s) > strlen(u) && substr(s, strlen(s) - strlen(u) + 1, strlen(s)) eq u
chop(s, n) = substr(s, 1, strlen(s) - n)
ispct(s) = ends(s, "%") && isnum(chop(s, 1))
ulen(s) = ends(s, "min") ? 3 : (ends(s, "ns") || ends(s, "us") || ends(s, "ms")) ? 2 : ends(s, "s") ? 1 : 0
ufac(s) = ends(s, "min") ? 60 : ends(s, "ns") ? 1e-9 : ends(s, "us") ? 1e-6 : ends(s, "ms") ? 1e-3 : 1
isdur(s) = s eq "0" || (ulen(s) > 0 && isnum(chop(s, ulen(s))))
dursec(s) = s eq "0" ? 0 : tonum(chop(s, ulen(s))) * ufac(s)
# gnuplot's own conversion of a string rejects some exponents ("1e-3")
epos(s) = strstrt(s, "e") ? strstrt(s, "e") : strstrt(s, "E")
tonum(s) = epos(s) ? (substr(s, 1, epos(s) - 1) + 0) * 10.0 ** (substr(s, epos(s) + 1, strlen(s)) + 0) : s + 0
isword(s) = !isnum(s) && !ispct(s) && !isdur(s)

# ---- the header: which column is which --------------------------------------
colof(name, i) = i > 999 ? 0 : columnhead(i) eq "" ? 0 : columnhead(i) eq name ? i : colof(name, i + 1)
pnames(i) = i >= RC ? "" : columnhead(i) . SEP . pnames(i + 1)
RC = 0
# The bottom panel shows connect failures (hs_fail_*: never established at
# the client), which is what the model's failure probability predicts;
# failures later in a connection are in fail_p.  A CSV without them
# (an older tcpsim) falls back to fail_p.
FAIL = "hs_fail"
stats csv every ::0::0 using (FAIL = (colof("hs_fail_p", 1) ? "hs_fail" : "fail"), 0) nooutput
stats csv every ::0::0 using (RC = colof("runs", 1), PN = (RC > 2 ? pnames(2) : ""), \
    XC = (x eq "" ? 2 : colof(x, 1)), GC = (group eq "" ? 0 : colof(group, 1)), \
    C_MEAN = colof(measure . "_mean", 1), C_LO = colof(measure . "_ci_lo", 1), \
    C_HI = colof(measure . "_ci_hi", 1), C_MM = colof("model_mean", 1), \
    C_CSA = colof("csa_mean", 1), C_FP = colof(FAIL . "_p", 1), C_FLO = colof(FAIL . "_lo", 1), \
    C_FHI = colof(FAIL . "_hi", 1), C_MF = colof("model_fail", 1), 0) nooutput
if (RC < 3) { print csv . ": no 'runs' column after the parameters: not a results.csv of tcpsim sweep"; exit status 1 }
if (x eq "") x = nth(PN, 1)
if (XC < 2 || XC >= RC) { print csv . ": '" . x . "' is not a parameter column (they are: " . PN . ")"; exit status 1 }
if (group ne "" && (GC < 2 || GC >= RC || GC == XC)) { print csv . ": group '" . group . "' is not another parameter column"; exit status 1 }
if (C_MEAN * C_LO * C_HI * C_MM * C_CSA * C_FP * C_FLO * C_FHI * C_MF == 0) { print csv . ": no columns for measure '" . measure . "' (or for fail_p, model_mean …)"; exit status 1 }

# ---- the rows: x values, curves and their labels ----------------------------
# Which parameters change at all: a flag per parameter column, '1' = varies.
first1(i) = i >= RC ? "" : strcol(i) . SEP . first1(i + 1)
diff1(i) = i >= RC ? "" : (strcol(i) eq nth(FIRST, i - 1) ? "0" : "1") . diff1(i + 1)
or1(a, b) = strlen(a) == 0 ? "" : ((a[1:1] eq "1" || b[1:1] eq "1") ? "1" : "0") . or1(a[2:], b[2:])
stats csv every ::0::0 using (FIRST = first1(2), 0) nooutput
VF = ""
stats csv using (d = diff1(2), VF = (VF eq "" ? d : or1(VF, d)), 0) nooutput
varies(i) = substr(VF, i - 1, i - 1) eq "1"
# A curve is a value of the group column and of every other varying parameter
# but x; the parameters that keep one value are named once in the key.
other(i) = i != XC && i != GC && varies(i)
key1(i) = i >= RC ? "" : (other(i) ? strcol(i) . "\036" : "") . key1(i + 1)
ckey(dummy) = (GC ? strcol(GC) . "\036" : "") . key1(2)
nv(i) = isword(strcol(i)) ? strcol(i) : columnhead(i) . "=" . strcol(i)
lab1(i) = i >= RC ? "" : (other(i) ? ", " . nv(i) : "") . lab1(i + 1)
clabel(dummy) = GC ? nv(GC) . lab1(2) : substr(lab1(2), 3, 9999)
fixed1(i) = i >= RC ? "" : (i != XC && i != GC && !varies(i) ? ", " . columnhead(i) . " " . nth(FIRST, i - 1) : "") . fixed1(i + 1)
stats csv every ::0::0 using (FIXED = substr(fixed1(2), 3, 9999), 0) nooutput
XS = ""; CK = ""; CL = ""; ALLNUM = 1; ALLPCT = 1; ALLDUR = 1; MAXSEC = 0
stats csv using (s = strcol(XC), XS = add(XS, s), ALLNUM = ALLNUM && isnum(s), \
    ALLPCT = ALLPCT && ispct(s), ALLDUR = ALLDUR && isdur(s), \
    MAXSEC = (isdur(s) && dursec(s) > MAXSEC) ? dursec(s) : MAXSEC, \
    k = ckey(0), CL = (index(CK, k) ? CL : CL . clabel(0) . SEP), CK = add(CK, k), 0) nooutput
NX = count(XS); NC = count(CK)

# x: 1 numbers, 2 percentages (drawn as probabilities), 3 durations, 0 words
XKIND = ALLNUM ? 1 : ALLPCT ? 2 : ALLDUR ? 3 : 0
DUNIT = MAXSEC < 2 ? 1e-3 : 1
xval(s) = XKIND == 1 ? tonum(s) : XKIND == 2 ? tonum(chop(s, 1)) / 100.0 : \
          XKIND == 3 ? dursec(s) / DUNIT : index(XS, s)
xpos(dummy) = xval(strcol(XC))
num(k) = valid(k) ? column(k) : NaN

# One table, the rows of curve 1, then of curve 2 …:
#  1 curve  2 x  3 mean  4 ci_lo  5 ci_hi  6 model_mean  7 csa_mean
#  8 fail_p  9 fail_lo  10 fail_hi  11 model_fail
set table $T separator comma
plot for [c = 1 : NC] csv using (c):(xpos(0)):(num(C_MEAN)):(num(C_LO)):(num(C_HI)):(num(C_MM)):\
    (num(C_CSA)):(num(C_FP)):(num(C_FLO)):(num(C_FHI)):(num(C_MF)) \
    with table if (ckey(0) eq nth(CK, c))
unset table
set datafile nocolumnheaders

# ---- ranges ------------------------------------------------------------------
# Times run from one RTT (0.1 s, say) to many seconds once SYNs are lost twice
# and more: a logarithmic axis keeps the low-loss points, where the stacks
# differ little, apart, and shows a doubling timeout as a straight slope.
pos(a) = a > 0 ? a : NaN
lo(a, b) = (b == b && b < a) ? b : a
hi(a, b) = (b == b && b > a) ? b : a
# (an empty field, NaN in the table, would drop the whole row from stats)
v(k) = valid(k) ? column(k) : NaN
XMIN = 1e300; XMAX = -1e300; YMIN = 1e300; YMAX = 0
FMAX = 0; FPOSMIN = 1e300; FHIMAX = 0; FHIMIN = 1e300; FLOMIN = 1e300; NMM = 0; NCSA = 0; NMF = 0
stats $T using (XMIN = lo(XMIN, v(2)), XMAX = hi(XMAX, v(2)), \
    YMIN = lo(lo(lo(YMIN, pos(v(3))), pos(v(4))), pos(v(6))), YMAX = hi(hi(hi(YMAX, v(3)), v(5)), v(6)), \
    FMAX = hi(FMAX, v(8)), FPOSMIN = lo(FPOSMIN, pos(v(8))), FLOMIN = lo(FLOMIN, pos(v(9))), \
    FHIMAX = hi(FHIMAX, v(10)), FHIMIN = lo(FHIMIN, pos(v(10))), \
    NMM = NMM + valid(6), NCSA = NCSA + valid(7), NMF = NMF + valid(11), 0) nooutput
# No point with a finished handshake (a scenario that only fails): an
# empty panel with a note, not an error.
NOMEAN = (YMAX <= 0 || YMIN >= 1e300)
if (NOMEAN) { YMIN = 0.1; YMAX = 1 }
YMIN = YMIN / 1.3; YMAX = YMAX * 1.3
if (YMAX / YMIN < 3) { YMID = sqrt(YMAX * YMIN); YMIN = YMID / 1.8; YMAX = YMID * 1.8 }
FLOG = FPOSMIN < 1e300 && (logfail eq "log" || (logfail eq "auto" && FMAX / FPOSMIN >= 20))

# Numbers from 0 (a loss probability) stay linear; positive values over more
# than a factor 20 (delays 10 ms … 1 s) go on a log axis.
XLOG = XKIND != 0 && XMIN > 0 && XMAX / XMIN >= 20

# ---- terminal and common settings ---------------------------------------------
W = 1150; H = 800
if (fmt eq "svg") {
    set terminal svg size W, H font "Helvetica,13" noenhanced background rgb "white"
} else {
    if (fmt eq "pdf") {
        set terminal pdfcairo size W/96.0, H/96.0 font "Helvetica,10" noenhanced
    } else {
        set terminal pngcairo size W, H font "Helvetica,12" noenhanced background rgb "white"
    }
}
set output outfile

# Okabe and Ito's colour-blind-safe palette (yellow left out: too pale on white).
PAL = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000"
col(c) = word(PAL, (c - 1) % 7 + 1)

xname = x eq "loss" ? "loss probability" : x eq "delay" ? "one-way delay" : x
xlabel = XKIND == 3 ? xname . (DUNIT < 1 ? " (ms)" : " (s)") : xname
mname = measure eq "hs_client" ? "mean handshake time, client (s)" : \
        measure eq "hs_server" ? "mean handshake time, server (s)" : \
        measure eq "close_client" ? "mean close time, client (s)" : \
        measure eq "close_server" ? "mean close time, server (s)" : "mean " . measure . " (s)"

if (XKIND == 0) {
    set xrange [0.5 : NX + 0.5]
    set xtics () scale 0
} else {
    if (XLOG) {
        set logscale x
        set xrange [XMIN / 1.15 : XMAX * 1.15]
    } else {
        XPAD = (XMAX - XMIN) * 0.04 + (XMAX == XMIN ? 1 : 0)
        set xrange [XMIN - XPAD : XMAX + XPAD]
    }
    # Tics at the swept values when they are few.
    if (NX <= 12) {
        set xtics () format "%g"
    } else {
        set xtics format "%g"
    }
}
# Tics at the categories, or at the swept values when they are few (the top
# panel's tics get no labels: they are the bottom panel's).
VALTICS = XKIND == 0 || NX <= 12
ticlabel(i, show) = !show ? "" : XKIND == 0 ? nth(XS, i) : sprintf("%g", xval(nth(XS, i)))

# Points of different curves at the same x are moved apart a little.
DODGE = XKIND == 0 ? 0.08 : XLOG ? 0.012 : 0.008 * (XMAX - XMIN + (XMAX == XMIN))
dx(v, c) = XKIND != 0 && XLOG ? v * (1 + DODGE) ** (c - (NC + 1) / 2.0) : v + DODGE * (c - (NC + 1) / 2.0)

set grid xtics ytics mytics lc rgb "#e4e4e4" lw 1, lc rgb "#f2f2f2" lw 1
set border 3 lc rgb "#444444"
set tics nomirror
set style fill transparent solid 0.16 noborder
set lmargin at screen 0.09
set rmargin at screen 0.64
set key at screen 0.665, screen 0.92 left top Left reverse spacing 1.25 samplen 3.2 width 1 box lc rgb "#cccccc"
# Key titles; a model absent from the whole file gets no entry.
simttl(c) = nth(CL, c) eq "" ? "simulation, 95% CI" : nth(CL, c) . " (sim, 95% CI)"
modttl(c) = NMM == 0 ? "" : nth(CL, c) eq "" ? "exact model" : nth(CL, c) . " (exact model)"
CSATTL = NCSA == 0 ? "" : "Cardwell et al. 2000 (doubling timeouts)"
NOMODEL = NMM == 0 ? "(no model values in the file)" : ""

if (title ne "") {
    set multiplot title title font ",15"
} else {
    set multiplot
}

# ---- top: mean time ----------------------------------------------------------
set tmargin at screen (title ne "" ? 0.92 : 0.96)
set bmargin at screen 0.42
set format x ""
if (VALTICS) { do for [i = 1 : NX] { set xtics add (ticlabel(i, 0) xval(nth(XS, i))) } }
unset xlabel
set ylabel mname
set logscale y
set yrange [YMIN : YMAX]
if (NOMEAN) { set label 91 "no connection was established at any point" at graph 0.5, graph 0.5 center font ",13" }
if (title eq "") { set key at screen 0.665, screen 0.96 }
set ytics (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) format "%g"
set mytics 10
FIXKEY = FIXED eq "" ? "" : "every point: " . FIXED
if (XKIND == 0) {
    plot for [c = 1 : NC] $T using (dx($2, c)):($1 == c ? $3 : NaN):(pos($4)):5 \
            with yerrorbars pt 7 ps 1.3 lw 2 lc rgb col(c) title simttl(c), \
         for [c = 1 : NC] $T using (dx($2, c)):($1 == c ? $6 : NaN) \
            with points pt 4 ps 2.2 lw 2 lc rgb col(c) title modttl(c), \
         $T using 2:7 with points pt 1 ps 2.5 lw 1 lc rgb "#444444" \
            title CSATTL, \
         keyentry with lines lc rgb "white" title NOMODEL, \
         keyentry with lines lc rgb "white" title FIXKEY
} else {
    plot for [c = 1 : NC] $T using 2:($1 == c ? pos($4) : NaN):5 with filledcurves \
            lc rgb col(c) notitle, \
         for [c = 1 : NC] $T using 2:($1 == c ? $3 : NaN) with linespoints \
            pt 7 ps 1.1 lw 2 lc rgb col(c) title simttl(c), \
         for [c = 1 : NC] $T using 2:($1 == c ? $6 : NaN) with lines \
            dt (10, 6) lw 2.5 lc rgb col(c) title modttl(c), \
         for [c = 1 : NC] $T using 2:($1 == c ? $7 : NaN) with lines \
            dt 3 lw 1.5 lc rgb "#444444" title (c == 1 ? CSATTL : ""), \
         keyentry with lines lc rgb "white" title NOMODEL, \
         keyentry with lines lc rgb "white" title FIXKEY
}

# ---- bottom: failure probability --------------------------------------------
unset label 91
unset logscale y
set mytics default
set tmargin at screen 0.36
set bmargin at screen 0.08
set format x "%g"
if (VALTICS) { do for [i = 1 : NX] { set xtics add (ticlabel(i, 1) xval(nth(XS, i))) } }
set xlabel xlabel
set ylabel (FAIL eq "hs_fail" ? "P(connect fails)" : "failure probability")
set ytics auto format "%g"
if (FLOG) {
    set logscale y
    set ytics (1e-6, 1e-5, 1e-4, 1e-3, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1) format "%g"
    # No log of 0: a point with no failure shows only its upper bound.
    FLOOR = lo(lo(FPOSMIN, FHIMIN), FLOMIN) / 2
    set yrange [FLOOR : (FHIMAX * 3 < 1.1 ? FHIMAX * 3 : 1.1)]
} else {
    set yrange [0 : (FHIMAX > FMAX ? FHIMAX : FMAX) * 1.15 + 1e-9]
}
# The colours are those of the top panel; this key says what the marks are.
set key at screen 0.665, screen 0.36 spacing 1.25
zero(v) = FLOG && v == 0
ZKEY = FLOG ? "no failure seen: 95% upper bound" : ""
if (XKIND == 0) {
    plot for [c = 1 : NC] $T using (dx($2, c)):($1 == c && (!FLOG || $8 > 0) ? $8 : NaN):(FLOG ? pos($9) : $9):10 \
            with yerrorbars pt 7 ps 1.2 lw 1.5 lc rgb col(c) notitle, \
         for [c = 1 : NC] $T using (dx($2, c)):($1 == c && zero($8) ? $10 : NaN) \
            with points pt 10 ps 1.6 lw 2 lc rgb col(c) notitle, \
         for [c = 1 : NC] $T using (dx($2, c)):($1 == c ? (FLOG ? pos($11) : $11) : NaN) \
            with points pt 4 ps 2.0 lw 2 lc rgb col(c) notitle, \
         keyentry with yerrorbars pt 7 ps 1.2 lw 1.5 lc rgb "#333333" title (FAIL eq "hs_fail" ? "connect failed / all (sim, Wilson 95% CI)" : "failed / all (sim, Wilson 95% CI)"), \
         keyentry with points pt 4 ps 2.0 lw 2 lc rgb "#333333" title (NMF ? "exact model" : ""), \
         keyentry with points pt 10 ps 1.6 lw 2 lc rgb "#333333" title ZKEY
} else {
    plot for [c = 1 : NC] $T using (dx($2, c)):($1 == c && (!FLOG || $8 > 0) ? $8 : NaN):(FLOG ? pos($9) : $9):10 \
            with yerrorbars pt 7 ps 1.0 lw 1 lc rgb col(c) notitle, \
         for [c = 1 : NC] $T using (dx($2, c)):($1 == c && zero($8) ? $10 : NaN) \
            with points pt 10 ps 1.4 lw 2 lc rgb col(c) notitle, \
         for [c = 1 : NC] $T using 2:($1 == c ? (FLOG ? pos($11) : $11) : NaN) with lines \
            dt (10, 6) lw 2.5 lc rgb col(c) notitle, \
         keyentry with yerrorbars pt 7 ps 1.0 lw 1 lc rgb "#333333" title (FAIL eq "hs_fail" ? "connect failed / all (sim, Wilson 95% CI)" : "failed / all (sim, Wilson 95% CI)"), \
         keyentry with lines dt (10, 6) lw 2.5 lc rgb "#333333" title (NMF ? "exact model" : ""), \
         keyentry with points pt 10 ps 1.4 lw 2 lc rgb "#333333" title ZKEY
}
unset multiplot
