# Sequence plot of one direction of one connection, tcptrace-style, seen
# from its data sender: each segment sent as a vertical bar from its
# relative sequence number to seq + length, retransmissions in red,
# segments the link lost crossed out, the acknowledgements arriving as a
# green step line and the receiver's advertised window edge (ack + window)
# as a gold step line above it.
#
# Called by `tcpsim run --seqplot OUT` (and by hand) as
#   gnuplot -e "datadir='DIR'; outfile='OUT'; fmt='png|svg|pdf'" seqplot.gp
# DIR holds the data tcpsim wrote (src/trace/trace_seqplot.c):
#   params.gp    TITLE, SUBTITLE ("connection N: SENDER -> RECEIVER"),
#                NDATA, NREXMIT, NLOST, NACKS (the rows of each file),
#                TMIN, TMAX (the first and last time, s), SMAX (the highest
#                sequence number sent or acknowledged), WMAX (the highest
#                window edge)
#   data.dat     time_s seq_from seq_to     segments sent for the first time
#   rexmit.dat   time_s seq_from seq_to     segments sent again
#   lost.dat     time_s seq_from seq_to     segments the link lost
#   acks.dat     time_s ack window_edge     ACKs arriving at the sender
# Sequence numbers are relative to the sender's initial sequence number.
#
# Values from the files are only ever used as strings, never as commands.

if (!exists("datadir")) datadir = "."
if (!exists("outfile")) outfile = "seqplot.png"
if (!exists("fmt")) fmt = "png"

load datadir."/params.gp"

W = 1000
H = 640
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

set title sprintf("%s\n%s", TITLE, SUBTITLE) noenhanced font ",12"
set xlabel "time (s)"
set ylabel "relative sequence number (bytes)"
set grid lc rgb "#e4e4e4"
set rmargin at screen 0.74
set key at screen 0.755, graph 1 top left vertical Left reverse noenhanced font ",9" spacing 1.3
set border 3 lc rgb "#666666"
set tics nomirror
set format y "%.0f"
# The ranges from the data's extent: a single instant or a single value
# would make an empty range (a gnuplot warning).
dt = TMAX - TMIN
pad = dt > 0 ? dt * 0.04 : 0.05
set xrange [TMIN - pad : TMAX + pad]
# The sequence numbers fill the chart; a window edge far above them (a
# window that never limited the sender) is cut off, and the key says so.
YTOP = SMAX > 0 ? SMAX * 1.12 : 1
set yrange [0 : YTOP]
wtitle = WMAX > YTOP ? sprintf("window edge: above (max %.0f)", WMAX) \
                     : "window edge (ack + window)"

# A bar with flat ends, as tcptrace draws a segment.
set style arrow 1 heads size screen 0.004, 90 lw 1.6 lc rgb "#1f4e9c"
set style arrow 2 heads size screen 0.004, 90 lw 2.2 lc rgb "#d62728"

# The plot is built item by item: an empty file would make gnuplot warn.
cmd = ""
add(item) = (strlen(cmd) > 0 ? cmd.", " : "").item
if (NACKS > 0) {
    cmd = add("datadir.'/acks.dat' using 1:3 with steps lw 1.2 lc rgb '#c9a000' title wtitle")
    cmd = add("datadir.'/acks.dat' using 1:2 with steps lw 1.6 lc rgb '#2ca02c' title 'ACK'")
}
if (NDATA > 0) {
    cmd = add("datadir.'/data.dat' using 1:2:(0):($3 - $2) with vectors arrowstyle 1 title 'segment sent'")
}
if (NREXMIT > 0) {
    cmd = add("datadir.'/rexmit.dat' using 1:2:(0):($3 - $2) with vectors arrowstyle 2 title 'retransmission'")
    # A dot too, seen at any scale.
    cmd = add("datadir.'/rexmit.dat' using 1:2 with points pt 7 ps 0.7 lc rgb '#d62728' notitle")
}
if (NLOST > 0) {
    cmd = add("datadir.'/lost.dat' using 1:(($2 + $3) / 2) with points pt 2 ps 2 lw 2.5 lc rgb '#000000' title 'lost on the link'")
}
if (strlen(cmd) == 0) {
    set label 1 SUBTITLE at graph 0.5, 0.5 center noenhanced
    cmd = "NaN notitle"
}
eval("plot ".cmd)
