# Timeline diagram of a tcpsim run: one lifeline per host, time going down,
# an arrow per segment, lost segments ending in a cross, states, timers,
# calls and errors beside the lifelines, long quiet gaps compressed.
#
# Called by `tcpsim run --timeline OUT` as
#   gnuplot -e "datadir='DIR'; outfile='OUT'; fmt='png|svg|pdf'" timeline.gp
# DIR holds the data that tcpsim wrote:
#   params.gp      NHOSTS, YMAX, TITLE, xtics (host names), ytics (times)
#   lifelines.dat  host y_from y_to dotted(0|1)
#   segments.dat   x y dx dy "label" label_x label_y lost(0|1)
#   marks.dat      x y "label" kind side   kind: 0 state, 1 timer,
#                  2 call, 3 error, 4 compressed gap; side: -1 left, 1 right

if (!exists("datadir")) datadir = "."
if (!exists("outfile")) outfile = "timeline.png"
if (!exists("fmt")) fmt = "png"

load datadir."/params.gp"

# About 38 pixels per unit of time (one link delay), at least 480 high.
W = 360 + 300 * NHOSTS
H = 160 + 38 * YMAX
if (H < 480) H = 480

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

set title TITLE font ",13"
set xrange [-1.05 : NHOSTS - 1 + 1.05]
set yrange [YMAX : -0.9]
set x2range [-1.05 : NHOSTS - 1 + 1.05]
set x2tics scale 0 font ",12,Bold" offset 0, -0.5
unset xtics
set tics scale 0
unset xtics
set ytics font ",8" nomirror
set ylabel "time (s)"
unset key
unset border
set border 2 lw 0.5 lc rgb "#999999"
set lmargin 9
set rmargin 2

set style textbox opaque noborder margins 0.5, 0.5
set style arrow 1 head filled size screen 0.010, 20 lw 1.4 lc rgb "#1f4e9c"
set style arrow 2 head filled size screen 0.010, 20 lw 1.4 lc rgb "#c0392b" dt 2

col_state = "#111111"
col_timer = "#b35900"
col_call  = "#2e7d32"
col_error = "#c0392b"

plot \
    datadir."/lifelines.dat" using 1:($4 == 0 ? $2 : NaN):(0):($3-$2) \
        with vectors nohead lw 2.5 lc rgb "#555555", \
    "" using 1:($4 == 1 ? $2 : NaN):(0):($3-$2) \
        with vectors nohead lw 1.5 lc rgb "#555555" dt 3, \
    datadir."/segments.dat" using 1:($8 == 0 ? $2 : NaN):3:4 with vectors arrowstyle 1, \
    "" using 1:($8 == 1 ? $2 : NaN):3:4 with vectors nohead lw 1.4 lc rgb "#c0392b" dt 2, \
    "" using ($1+$3):($8 == 1 ? $2+$4 : NaN) with points pt 2 ps 2.2 lw 2.5 lc rgb "#c0392b", \
    "" using 6:7:5 with labels font ",8" boxed tc rgb "#1f4e9c", \
    datadir."/marks.dat" \
        using ($1 + $5 * 0.06):(($4 == 0 && $5 < 0) ? $2 : NaN):3 \
        with labels right font ",9,Bold" tc rgb col_state, \
    "" using ($1 + $5 * 0.06):(($4 == 0 && $5 > 0) ? $2 : NaN):3 \
        with labels left font ",9,Bold" tc rgb col_state, \
    "" using ($1 + $5 * 0.06):(($4 == 1 && $5 < 0) ? $2 : NaN):3 \
        with labels right font ",8" tc rgb col_timer, \
    "" using ($1 + $5 * 0.06):(($4 == 1 && $5 > 0) ? $2 : NaN):3 \
        with labels left font ",8" tc rgb col_timer, \
    "" using 1:(($4 == 1) ? $2 : NaN) with points pt 7 ps 0.8 lc rgb col_timer, \
    "" using ($1 + $5 * 0.06):(($4 == 2 && $5 < 0) ? $2 : NaN):3 \
        with labels right font ",8,Italic" tc rgb col_call, \
    "" using ($1 + $5 * 0.06):(($4 == 2 && $5 > 0) ? $2 : NaN):3 \
        with labels left font ",8,Italic" tc rgb col_call, \
    "" using ($1 + $5 * 0.06):(($4 == 3 && $5 < 0) ? $2 : NaN):3 \
        with labels right font ",10,Bold" tc rgb col_error, \
    "" using ($1 + $5 * 0.06):(($4 == 3 && $5 > 0) ? $2 : NaN):3 \
        with labels left font ",10,Bold" tc rgb col_error, \
    "" using 1:(($4 == 4) ? $2 : NaN):3 with labels font ",9,Italic" boxed tc rgb "#666666"
