# Distribution of the handshake time along a sweep: the empirical CDF of
# every connection of a point, one curve per point, coloured along the x
# parameter; one panel per group value; the exact model's CDF dashed.
#
# Called by `tcpsim sweep … --cdf OUT` (and by hand) as
#   gnuplot -e "samples='samples.csv'; modelcdf='modelcdf.csv'; x='loss'; group='profile'; outfile='OUT'; fmt='png'; title='…'" sweep-cdf.gp
# Every variable but samples is optional:
#   samples    samples.csv of `tcpsim sweep --samples` (default 'samples.csv')
#   modelcdf   the model's distribution ('' = none, the default)
#   csv        results.csv of the same sweep ('' = none): its model_fail
#              scales the model's CDF to one over all connections
#   x          the parameter along which curves change colour (default: the first)
#   group      the parameter with one panel per value ('' = one panel, the default)
#   measure    the time column of samples.csv (default 'hs_client'; the model
#              is of hs_client only and is drawn only for it)
#   maxcurves  at most this many points per panel, evenly spread (default 7)
#   outfile    default 'sweep-cdf.png';  fmt  png (default), svg or pdf
#   title      above the picture (default '': none)
# samples.csv: point, the parameters, replication, conn, outcome, hs_client, …
# (a time is empty when it was not reached: a failed handshake).
# modelcdf.csv: point, the parameters, hs_client, cdf: one row per atom, the
# cumulative probability given success, sorted by time within a point.
#
# The empirical CDF is over ALL connections of a point, failed ones included:
# a point whose handshakes sometimes fail levels off below 1 (by the failure
# probability).  The model's CDF is given success; with csv it is multiplied
# by 1 - model_fail to match, without it the key says it is given success.
#
# Values from the files are only ever used as strings, never as commands.

if (!exists("samples")) samples = "samples.csv"
if (!exists("modelcdf")) modelcdf = ""
if (!exists("csv")) csv = ""
if (!exists("x")) x = ""
if (!exists("group")) group = ""
if (!exists("measure")) measure = "hs_client"
if (!exists("maxcurves")) maxcurves = 7
if (!exists("outfile")) outfile = "sweep-cdf.png"
if (!exists("fmt")) fmt = "png"
if (!exists("title")) title = ""
maxcurves = int(maxcurves) < 2 ? 2 : int(maxcurves)

set datafile separator comma
set datafile columnheaders

# ---- lists of strings: items each followed by SEP (as in sweep-latency.gp) ----
SEP = "\037"
nth(L, i) = i <= 1 ? substr(L, 1, strstrt(L, SEP) - 1) : nth(substr(L, strstrt(L, SEP) + 1, strlen(L)), i - 1)
count(L) = strstrt(L, SEP) ? 1 + count(substr(L, strstrt(L, SEP) + 1, strlen(L))) : 0
lpos(L, s) = strstrt(SEP . L, SEP . s . SEP)
index(L, s) = lpos(L, s) ? count(substr(SEP . L, 1, lpos(L, s))) : 0
add(L, s) = index(L, s) ? L : L . s . SEP

# ---- what a value is: a number or duration (name=value) or a word ------------
allin(s, set) = strlen(s) == 0 ? 1 : (strstrt(set, s[1:1]) > 0 && allin(s[2:], set))
hasdigit(s) = strlen(s) == 0 ? 0 : (strstrt("0123456789", s[1:1]) > 0 || hasdigit(s[2:]))
isword(s) = !hasdigit(s)
# gnuplot's own conversion of a string rejects some exponents ("1e-3")
epos(s) = strstrt(s, "e") ? strstrt(s, "e") : strstrt(s, "E")
tonum(s) = epos(s) ? (substr(s, 1, epos(s) - 1) + 0) * 10.0 ** (substr(s, epos(s) + 1, strlen(s)) + 0) : s + 0
nv(i) = isword(strcol(i)) ? strcol(i) : columnhead(i) . "=" . strcol(i)

# ---- the header ---------------------------------------------------------------
colof(name, i) = i > 999 ? 0 : columnhead(i) eq "" ? 0 : columnhead(i) eq name ? i : colof(name, i + 1)
pnames(i) = i >= RC ? "" : columnhead(i) . SEP . pnames(i + 1)
RC = 0
stats samples every ::0::0 using (RC = colof("replication", 1), PN = (RC > 2 ? pnames(2) : ""), \
    XC = (x eq "" ? 2 : colof(x, 1)), GC = (group eq "" ? 0 : colof(group, 1)), \
    HC = colof(measure, 1), 0) nooutput
if (RC < 3) { print samples . ": no 'replication' column after the parameters: not a samples.csv of tcpsim sweep"; exit status 1 }
if (x eq "") x = nth(PN, 1)
if (XC < 2 || XC >= RC) { print samples . ": '" . x . "' is not a parameter column (they are: " . PN . ")"; exit status 1 }
if (group ne "" && (GC < 2 || GC >= RC || GC == XC)) { print samples . ": group '" . group . "' is not another parameter column"; exit status 1 }
if (HC == 0) { print samples . ": no column '" . measure . "'"; exit status 1 }

# ---- points, in file order: id, panel, label, colour --------------------------
# Which parameters change at all ('1' = varies): only those name a curve.
first1(i) = i >= RC ? "" : strcol(i) . SEP . first1(i + 1)
diff1(i) = i >= RC ? "" : (strcol(i) eq nth(FIRST, i - 1) ? "0" : "1") . diff1(i + 1)
or1(a, b) = strlen(a) == 0 ? "" : ((a[1:1] eq "1" || b[1:1] eq "1") ? "1" : "0") . or1(a[2:], b[2:])
stats samples every ::0::0 using (FIRST = first1(2), 0) nooutput
VF = ""
stats samples using (d = diff1(2), VF = (VF eq "" ? d : or1(VF, d)), 0) nooutput
varies(i) = substr(VF, i - 1, i - 1) eq "1"
other(i) = i != XC && i != GC && varies(i)
lab1(i) = i >= RC ? "" : (other(i) ? ", " . nv(i) : "") . lab1(i + 1)
plabel(dummy) = nv(XC) . lab1(2)
fixed1(i) = i >= RC ? "" : (i != XC && i != GC && !varies(i) ? ", " . columnhead(i) . " " . nth(FIRST, i - 1) : "") . fixed1(i + 1)
stats samples every ::0::0 using (FIXED = substr(fixed1(2), 3, 9999), 0) nooutput

PTS = ""; PP = ""; PL = ""; PX = ""; GV = ""; XS = ""
stats samples using (p = strcol(1), new = !index(PTS, p), \
    PP = new ? PP . (GC ? strcol(GC) : "") . SEP : PP, PL = new ? PL . plabel(0) . SEP : PL, \
    PX = new ? PX . strcol(XC) . SEP : PX, PTS = add(PTS, p), \
    GV = add(GV, GC ? strcol(GC) : ""), XS = add(XS, strcol(XC)), 0) nooutput
NP = count(PTS); NG = count(GV); NX = count(XS)

# Each panel gets at most maxcurves of its points, first and last included,
# evenly spread between.  SEL holds the chosen points, panel after panel;
# PSTART/PLEN index it per panel, PTOT counts the panel's points.
SEL = ""; NSEL = 0
array PSTART[NG]
array PLEN[NG]
array PTOT[NG]
do for [g = 1 : NG] {
    GP = ""
    do for [i = 1 : NP] { if (nth(PP, i) eq nth(GV, g)) { GP = GP . i . SEP } }
    m = count(GP)
    PSTART[g] = NSEL + 1; PTOT[g] = m
    k = m <= maxcurves ? m : maxcurves
    do for [j = 1 : k] {
        pick = k == m ? j : 1 + int(floor((j - 1) * (m - 1.0) / (k - 1) + 0.5))
        SEL = SEL . nth(GP, pick) . SEP
        NSEL = NSEL + 1
    }
    PLEN[g] = k
}

# Per chosen point: its id, its number of connections (all outcomes), its
# model failure probability (0 without csv), its colour along x.
array PID[NSEL]
array NCONN[NSEL]
array MFAIL[NSEL]
array FRAC[NSEL]
do for [s = 1 : NSEL] {
    i = nth(SEL, s) + 0
    PID[s] = nth(PTS, i) + 0
    stats samples using (column(1) == PID[s] ? 1 : 0) nooutput
    NCONN[s] = STATS_sum
    FRAC[s] = NX < 2 ? 0 : 0.85 * (index(XS, nth(PX, i)) - 1.0) / (NX - 1)
    MFAIL[s] = 0
}
MCOL = 0
if (csv ne "") {
    stats csv every ::0::0 using (MCOL = colof("model_fail", 1), 0) nooutput
    if (MCOL) {
        do for [s = 1 : NSEL] {
            MF = 0
            stats csv using (MF = (column(1) == PID[s] && valid(MCOL)) ? column(MCOL) : MF, 0) nooutput
            MFAIL[s] = MF
        }
    }
}
DRAWMODEL = modelcdf ne "" && measure eq "hs_client"
if (DRAWMODEL) {
    MHC = 0; MCDF = 0
    stats modelcdf every ::0::0 using (MHC = colof("hs_client", 1), MCDF = colof("cdf", 1), 0) nooutput
    # A header only: no point has a model (a scenario out of its reach).
    if (!exists("STATS_records") || STATS_records == 0) { DRAWMODEL = 0 } else {
        if (MHC * MCDF == 0) { print modelcdf . ": no hs_client and cdf columns"; exit status 1 }
    }
}

# ---- the curves: rows "s t F" of chosen point s, in $E (empirical) and $M
# (model) --------------------------------------------------------------------
# A failed connection has no time: it is counted in NCONN but adds nothing
# (it is put far right with weight 0: an undefined point would restart the
# sum), so the curve levels off below 1.  Each curve goes through $TMP and
# is copied with its number (gnuplot's own blocks vanish when a curve is
# empty).  `with steps` starts at the first point and stops at the last, so
# each curve starts with F = 0 at a time far left of the axis and ends at
# its last level far right: the rise from 0 and the final level (below 1
# when connections failed) show, and a curve is never empty.
FAR0 = 1e-12; FAR1 = 1e12
array E0X[NSEL]; array E0Y[NSEL]; array E1X[NSEL]; array E1Y[NSEL]; array NE[NSEL]
array M0X[NSEL]; array M0Y[NSEL]; array NM[NSEL]
set print $E
print "# s t F"
set print $M
print "# s t F"
unset print
do for [s = 1 : NSEL] {
    set datafile separator comma
    set datafile columnheaders
    set xrange [0 : 1e30]
    set yrange [-1 : 2]
    set table $TMP
    plot samples using (valid(HC) ? column(HC) : FAR1):(column(1) != PID[s] ? NaN : valid(HC) ? 1.0 / NCONN[s] : 0) \
        smooth cumulative
    unset table
    NE[s] = 0
    set print $E append
    print s, " ", FAR0, " 0"
    do for [i = 1 : |$TMP|] {
        L = $TMP[i]
        if (words(L) == 3 && (word(L, 3) eq "i" || word(L, 3) eq "o") && tonum(word(L, 1)) < FAR1) {
            print s, " ", word(L, 1), " ", word(L, 2)
            NE[s] = NE[s] + 1
            if (NE[s] == 1) { E0X[s] = tonum(word(L, 1)); E0Y[s] = tonum(word(L, 2)) }
            E1X[s] = tonum(word(L, 1)); E1Y[s] = tonum(word(L, 2))
        }
    }
    print s, " ", FAR1, " ", (NE[s] ? E1Y[s] : 0)
    unset print
    NM[s] = 0
    if (DRAWMODEL) {
        set table $TMP
        plot modelcdf using (column(MHC)):(column(MCDF) * (1 - MFAIL[s])) with table if (column(1) == PID[s])
        unset table
        set print $M append
        print s, " ", FAR0, " 0"
        do for [i = 1 : |$TMP|] {
            L = $TMP[i]
            if (words(L) == 2 && L[1:1] ne "#") {
                print s, " ", word(L, 1), " ", word(L, 2)
                NM[s] = NM[s] + 1
                if (NM[s] == 1) { M0X[s] = tonum(word(L, 1)); M0Y[s] = tonum(word(L, 2)) }
                M1Y = tonum(word(L, 2))
            }
        }
        print s, " ", FAR1, " ", (NM[s] ? M1Y : 0)
        unset print
    } else {
        set print $M append
        print s, " ", FAR1, " 0"
        print s, " ", FAR1 * 10, " 0"
        unset print
    }
}
set datafile separator whitespace
set datafile nocolumnheaders

# ---- time range: every time seen, on a log axis -------------------------------
# Handshake times run from one RTT to minutes, with steps at the SYN
# retransmission times: only a logarithmic axis shows 0.1 s and 60 s at once.
TMIN = 1e300; TMAX = 0
do for [s = 1 : NSEL] {
    if (NE[s] > 0) {
        TMIN = E0X[s] < TMIN ? E0X[s] : TMIN
        TMAX = E1X[s] > TMAX ? E1X[s] : TMAX
    }
    if (NM[s] > 0) { TMIN = M0X[s] < TMIN ? M0X[s] : TMIN }
}
if (TMAX <= 0) { TMIN = 0.1; TMAX = 1 }
TMIN = TMIN / 1.5; TMAX = TMAX * 1.5
if (TMAX / TMIN < 10) { TMAX = TMIN * 10 }

# ---- terminal and layout ------------------------------------------------------
NCOLS = NG <= 3 ? NG : 2
NROWS = int(ceil(NG * 1.0 / NCOLS))
W = 120 + 560 * NCOLS; H = (title ne "" ? 110 : 70) + 470 * NROWS
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

# Viridis (colour-blind safe, even in grey), its pale yellow end left out.
set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", 0.75 "#5ec962", 1 "#fde725")
unset colorbox
set cbrange [0 : 1]

sel(s) = $1 == s ? 1 : NaN
set logscale x
set xrange [TMIN : TMAX]
set xtics (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) format "%g"
set mxtics 10
set yrange [0 : 1.04]
set ytics 0, 0.2, 1 format "%g"
set mytics 2
set grid xtics ytics lc rgb "#e4e4e4" lw 1
set border 3 lc rgb "#444444"
set tics nomirror
mlabel = measure eq "hs_client" ? "handshake time at the client" : measure eq "hs_server" ? \
    "handshake time at the server" : measure
set xlabel mlabel . ", t (s)"
set ylabel "fraction of ALL connections done by t"
set key right bottom Left reverse opaque box lc rgb "#cccccc" spacing 1.15 samplen 2.5 width 1

note = "A curve ending below 1: the rest of the connections never finished (they failed)."
MTITLE = title eq "" ? note : title . "\n" . note
set multiplot layout NROWS, NCOLS title MTITLE font ",13"
do for [g = 1 : NG] {
    gname = nth(GV, g)
    set title (GC ? group . ": " . gname : "") font ",13"
    shown = PLEN[g] < PTOT[g] ? sprintf("%d of %d points, evenly spread", PLEN[g], PTOT[g]) : ""
    modelttl = !DRAWMODEL ? "" : (MCOL ? "exact model (dashed)" : "exact model given success (dashed)")
    a = PSTART[g]; b = PSTART[g] + PLEN[g] - 1
    plot 1 with lines dt 3 lw 1 lc rgb "#999999" notitle, \
         for [s = a : b] $E using 2:($3 * sel(s)) with steps lw 2.2 lc palette frac FRAC[s] \
            title nth(PL, nth(SEL, s) + 0), \
         for [s = a : b] $M using 2:($3 * sel(s)) with steps dt (9, 5) lw 1.8 lc palette frac FRAC[s] notitle, \
         keyentry with lines dt (9, 5) lw 1.8 lc rgb "#333333" title modelttl, \
         keyentry with lines lc rgb "white" title shown, \
         keyentry with lines lc rgb "white" title (g == 1 && FIXED ne "" ? "every point: " . FIXED : "")
}
unset multiplot
