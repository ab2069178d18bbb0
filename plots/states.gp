# State chart of a tcpsim run: a row per connection end (host and
# connection id), a bar per TCP state from the moment the end entered it
# to the moment it left (the last one to the end of the run, CLOSED not
# drawn), a red cross and the error's name where a connection failed.
#
# Called by `tcpsim run --states OUT` (and by hand) as
#   gnuplot -e "datadir='DIR'; outfile='OUT'; fmt='png|svg|pdf'" states.gp
# DIR holds the data tcpsim wrote (src/trace/trace_states.c):
#   params.gp   NROWS (rows drawn), TOTALROWS (rows in the run), TMAX (the
#               run's last event, s), TITLE, USED (the state indexes
#               drawn, a word list), HAS_ERRORS (0|1), and the ytics:
#               one label "HOST #CONN" per row
#   states.dat  row from_s to_s state_index     (one line per state visit)
#   errors.dat  row time_s "ERROR"              (connections that failed)
# State indexes: 0 LISTEN, 1 SYN-SENT, 2 SYN-RECEIVED, 3 ESTABLISHED,
# 4 FIN-WAIT-1, 5 FIN-WAIT-2, 6 CLOSE-WAIT, 7 CLOSING, 8 LAST-ACK,
# 9 TIME-WAIT, 10 CLOSED, 11 another name.
#
# Values from the files are only ever used as strings, never as commands.

if (!exists("datadir")) datadir = "."
if (!exists("outfile")) outfile = "states.png"
if (!exists("fmt")) fmt = "png"

load datadir."/params.gp"

NAMES = "LISTEN SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSE-WAIT CLOSING LAST-ACK TIME-WAIT CLOSED OTHER"
# One colour per state: the opening states blue-green, ESTABLISHED green,
# the active close orange to red, the passive close purple, TIME-WAIT grey.
COLOURS = "#8c564b #1f77b4 #17becf #2ca02c #ff7f0e #d62728 #9467bd #e377c2 #6a3d9a #7f7f7f #000000 #bcbd22"
colour(i) = word(COLOURS, int(i) + 1)
do for [i = 0:11] { set linetype (i + 1) lc rgb colour(i) }

# 22 pixels a row, at least 320 high.
W = 1000
H = 150 + 22 * (NROWS > 0 ? NROWS : 1)
if (H < 320) H = 320

if (fmt eq "svg") {
    set terminal svg size W, H font "Helvetica,11" background rgb "white"
} else {
    if (fmt eq "pdf") {
        set terminal pdfcairo size W/96.0, H/96.0 font "Helvetica,9"
    } else {
        set terminal pngcairo size W, H font "Helvetica,10" background rgb "white"
    }
}
set output outfile

if (TOTALROWS > NROWS) {
    set title sprintf("%s: states of the first %d of %d connection ends", TITLE, NROWS, TOTALROWS) noenhanced font ",13"
} else {
    set title sprintf("%s: connection states", TITLE) noenhanced font ",13"
}
set xlabel "time (s)"
# Room on the right for the names of errors.
set xrange [0 : (TMAX > 0 ? TMAX * (HAS_ERRORS ? 1.13 : 1.02) : 1)]
set grid xtics lc rgb "#dddddd"
set xtics nomirror
set rmargin at screen 0.82
set ytics nomirror scale 0 noenhanced font ",9"
set tics front
set border 3 lc rgb "#666666"
set key at screen 0.835, graph 1 top left vertical Left reverse noenhanced samplen 1.5 spacing 1.2 title "state" font ",9"
set style fill solid 1.0 noborder

if (NROWS == 0) {
    set yrange [-1 : 1]
    unset ytics
    set label 1 "no connection changed state" at graph 0.5, 0.5 center
    plot NaN notitle
} else {
    set yrange [NROWS - 0.5 : -0.5]
    if (HAS_ERRORS) {
        plot datadir."/states.dat" using (($2 + $3) / 2):1:(($3 - $2) / 2):(0.36):($4 + 1) \
                 with boxxyerror lc variable notitle, \
             for [s in USED] keyentry with boxes fc rgb colour(s) title word(NAMES, int(s) + 1), \
             datadir."/errors.dat" using 2:1 with points pt 2 ps 1.2 lw 2 lc rgb "#c00000" title "error", \
             datadir."/errors.dat" using 2:1:3 with labels left offset 0.8, 0 font ",8" tc rgb "#c00000" noenhanced notitle
    } else {
        plot datadir."/states.dat" using (($2 + $3) / 2):1:(($3 - $2) / 2):(0.36):($4 + 1) \
                 with boxxyerror lc variable notitle, \
             for [s in USED] keyentry with boxes fc rgb colour(s) title word(NAMES, int(s) + 1)
    }
}
