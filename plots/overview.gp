# Overview of every connection of a tcpsim run: one row per connection
# (as its first end saw it: usually the one that connected), a bar from
# its first state to CLOSED coloured by state, an orange tick at every
# retransmission (either end) and a red cross where it failed.
#
# Run by hand on the data that `tcpsim run … --overview OUT --timeline-data DIR`
# keeps:
#   gnuplot -e "datadir='DIR'; outfile='o.png'" plots/overview.gp
# Inputs (gnuplot variables):
#   datadir   the folder with the data (default ".")
#   outfile   the picture (default "overview.png")
#   fmt       png, svg or pdf (default: outfile's extension)
# Files in datadir:
#   overview-params.gp  NCONN, TMAX (s), W, H (pixels), ROWPX (pixels a
#                       row), TITLE, ytics (connection ids of some rows)
#   overview.dat        row t_from t_to state what
#                       what 0: the connection is in TcpState `state` from
#                       t_from to t_to (seconds); 1: a retransmission at
#                       t_from; 2: the connection failed at t_from

if (!exists("datadir")) datadir = "."
if (!exists("outfile")) outfile = "overview.png"
if (!exists("fmt")) fmt = (strlen(outfile) > 4) ? outfile[strlen(outfile)-2:strlen(outfile)] : "png"

load datadir."/overview-params.gp"

if (fmt eq "svg") {
    set terminal svg size W, H font "Helvetica,10" background rgb "white"
} else {
    if (fmt eq "pdf") {
        set terminal pdfcairo size W/96.0, H/96.0 font "Helvetica,7.5"
    } else {
        set terminal pngcairo size W, H font "Helvetica,10" background rgb "white"
    }
}
set output outfile
set termoption noenhanced

set lmargin at screen 70.0 / W
set rmargin at screen 1 - 20.0 / W
set tmargin at screen 1 - 50.0 / H
set bmargin at screen 120.0 / H
set title TITLE font ",12"
set xlabel "time (s)"
set ylabel "connection" offset 1, 0
set xrange [0 : TMAX * 1.02]
set yrange [NCONN - 0.5 : -0.5]
set ytics font ",8" nomirror scale 0
set xtics nomirror
set grid xtics lc rgb "#eeeeee"
set key outside bottom center horizontal maxrows 2 font ",9" samplen 1.5

# TcpState values (src/tcp/tcp.h order; gnuplot arrays count from 1): CLOSED 0, LISTEN 1, SYN-SENT 2,
# SYN-RECEIVED 3, ESTABLISHED 4, FIN-WAIT-1 5, FIN-WAIT-2 6, CLOSE-WAIT 7,
# CLOSING 8, LAST-ACK 9, TIME-WAIT 10.
array SN[11] = ["CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", \
                "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"]
array SC[11] = ["#ffffff", "#cccccc", "#f2c14e", "#f4a259", "#5b8e7d", "#7fb3d5", \
                "#2e86c1", "#bb8fce", "#8e44ad", "#a569bd", "#b0b0b0"]
LW = (ROWPX > 3) ? ROWPX * 0.75 : ROWPX

plot \
    for [s=2:10] datadir."/overview.dat" using 2:(($5 == 0 && $4 == s) ? $1 : NaN):($3-$2):(0) \
        with vectors nohead lw LW lc rgb SC[s+1] notitle, \
    for [s=2:10] keyentry with lines lw 6 lc rgb SC[s+1] title SN[s+1], \
    datadir."/overview.dat" using 2:($5 == 1 ? $1 : NaN) with points pt 7 ps 0.7 lc rgb "#a04000" \
        title "retransmission", \
    datadir."/overview.dat" using 2:($5 == 2 ? $1 : NaN) with points pt 2 ps 0.8 lw 2 lc rgb "#d62728" \
        title "failed"
