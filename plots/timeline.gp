# Timeline diagram of a tcpsim run: one lifeline per host, time going
# down, an arrow per segment (lost ones end at a cross halfway), states,
# timer events, calls and errors beside the lifelines, timers as brackets,
# long idle gaps cut and labelled with their true length.  The geometry
# (where every arrow, label and bracket goes) is computed by tcpsim
# (src/trace/trace_timeline_layout.c); this script only draws it.
#
# Run by hand on the data that `tcpsim run … --timeline OUT --timeline-data DIR`
# keeps:
#   gnuplot -e "datadir='DIR'; outfile='t.png'" plots/timeline.gp
# Inputs (gnuplot variables):
#   datadir   the folder with the data (default ".")
#   outfile   the picture (default "timeline.png")
#   fmt       png, svg or pdf (default: outfile's extension).  An SVG is
#             interactive: hovering over the dot in the middle of an arrow
#             shows the segment's whole header.
# Files in datadir (one record a line, strings in double quotes):
#   params.gp     NHOSTS, XLO, XHI, YLO, YMAX (ranges in data units: x is
#                 the host's column, y time going down), W, H (pixels),
#                 LEFT, RIGHT, TOP, BOTTOM (margins in pixels), TITLE,
#                 x2tics (host names) and ytics (times)
#   lifelines.dat column y_from y_to down   (solid pieces; down 1: the
#                 host is crashed there, drawn over in grey)
#   cuts.dat      y_from y_to x_mid y_mid "N s later"   (an idle gap cut)
#   segments.dat  x y dx dy style lost label_x label_y labelled mid_x mid_y
#                 "label" "hover"
#                 style: 0 segment, 1 retransmission, 2 keepalive or
#                 window probe, 3 challenge ACK, 4 reset; lost: 0, 1 (a
#                 cross at its end) or 2 (not received in what is drawn);
#                 labelled 0: no room for the label (hover shows it)
#   marks.dat     x y kind side label_x label_y "label"
#                 kind: 0 state, 1 timer event, 2 call, 3 error;
#                 side: -1 label left of the lifeline, 1 right
#   brackets.dat  x y_from y_to kind side
#                 kind: 0 retransmission timer, 1 TIME-WAIT or FIN-WAIT-2

if (!exists("datadir")) datadir = "."
if (!exists("outfile")) outfile = "timeline.png"
if (!exists("fmt")) fmt = (strlen(outfile) > 4) ? outfile[strlen(outfile)-2:strlen(outfile)] : "png"

load datadir."/params.gp"

if (fmt eq "svg") {
    set terminal svg size W, H mouse standalone font "Helvetica,10" fontscale 1.2 background rgb "white"
} else {
    if (fmt eq "pdf") {
        set terminal pdfcairo size W/96.0, H/96.0 font "Helvetica,7.5"
    } else {
        set terminal pngcairo size W, H font "Helvetica,10" background rgb "white"
    }
}
set output outfile
set termoption noenhanced

# The plot area is exactly as tcpsim laid it out: its pixels per unit.
set lmargin at screen LEFT * 1.0 / W
set rmargin at screen 1 - RIGHT * 1.0 / W
set tmargin at screen 1 - TOP * 1.0 / H
set bmargin at screen BOTTOM * 1.0 / H
PXX = (W - LEFT - RIGHT) / (XHI - XLO)
HEAD = 9.0 / PXX

set title TITLE font ",13" offset 0, -0.3
set xrange [XLO : XHI]
set x2range [XLO : XHI]
set yrange [YMAX : YLO]
set x2tics scale 0 font ",12,Bold" offset 0, -0.4
unset xtics
set ytics font ",8" nomirror scale 0.5
set ylabel "time (s)" offset 1, 0
unset border
set border 2 lw 0.5 lc rgb "#999999"
set key outside bottom center horizontal samplen 2.5 spacing 1.1 font ",9" width -1

set style textbox opaque fillcolor rgb "white" noborder margins 1.5, 1.0

c_seg   = "#1f4e9c"
c_rex   = "#d95f02"
c_probe = "#7b3294"
c_chal  = "#00897b"
c_rst   = "#b2182b"
c_lost  = "#d62728"
c_state = "#111111"
c_timer = "#b35900"
c_call  = "#2e7d32"
c_error = "#c0392b"
c_brk_r = "#e6a157"
c_brk_w = "#8c8c8c"

set style arrow 1 head filled size first HEAD, 20 fixed lw 1.3 lc rgb c_seg
set style arrow 2 head filled size first HEAD, 20 fixed lw 1.5 lc rgb c_rex dt (8, 4)
set style arrow 3 head filled size first HEAD, 20 fixed lw 1.3 lc rgb c_probe dt (3, 3)
set style arrow 4 head filled size first HEAD, 20 fixed lw 1.3 lc rgb c_chal dt (6, 2, 2, 2)
set style arrow 5 head filled size first HEAD, 20 fixed lw 1.3 lc rgb c_rst

S = datadir."/segments.dat"
M = datadir."/marks.dat"
B = datadir."/brackets.dat"
C = datadir."/cuts.dat"
L = datadir."/lifelines.dat"
scol(s) = (s == 0) ? c_seg : (s == 1) ? c_rex : (s == 2) ? c_probe : (s == 3) ? c_chal : c_rst
leader(y, ly) = (abs(ly - y) > 0.12) ? 1 : 0

# In an SVG, a dot in the middle of each arrow carries its header.
HOVER = (fmt eq "svg") ? ", S using 10:11:13 with labels hypertext point pt 7 ps 0.45 lc rgb '#888888' notitle" : ""

plot \
    L using 1:($4 == 0 ? $2 : NaN):(0):($3-$2) with vectors nohead lw 2 lc rgb "#555555" notitle, \
    L using 1:($4 == 1 ? $2 : NaN):(0):($3-$2) with vectors nohead lw 4 lc rgb "white" notitle, \
    L using 1:($4 == 1 ? $2 : NaN):(0):($3-$2) with vectors nohead lw 1 lc rgb "#bbbbbb" dt (2, 4) notitle, \
    for [h=0:NHOSTS-1] C using (h):1:(0):($2-$1) with vectors nohead lw 1 lc rgb "#999999" dt 3 notitle, \
    for [h=0:NHOSTS-1] C using (h-0.03):($1+0.06):(0.06):(-0.12) with vectors nohead lw 1.5 lc rgb "#555555" notitle, \
    for [h=0:NHOSTS-1] C using (h-0.03):($2+0.06):(0.06):(-0.12) with vectors nohead lw 1.5 lc rgb "#555555" notitle, \
    C using 3:4:5 with labels boxed font ",9,Italic" tc rgb "#555555" notitle, \
    B using 1:($4 == 0 ? $2 : NaN):(0):($3-$2) with vectors nohead lw 2 lc rgb c_brk_r notitle, \
    B using 1:($4 == 1 ? $2 : NaN):(0):($3-$2) with vectors nohead lw 2 lc rgb c_brk_w notitle, \
    B using 1:2:(-$5*0.012):(0) with vectors nohead lw 1.5 lc rgb "#999999" notitle, \
    B using 1:3:(-$5*0.012):(0) with vectors nohead lw 1.5 lc rgb "#999999" notitle, \
    for [s=0:4] S using 1:(($5 == s && $6 == 0) ? $2 : NaN):3:4 with vectors arrowstyle s+1 notitle, \
    for [s=0:4] S using 1:(($5 == s && $6 >= 1) ? $2 : NaN):3:4 with vectors nohead lw 1.5 lc rgb scol(s) dt (4, 3) notitle, \
    S using ($1+$3):($6 == 1 ? $2+$4 : NaN) with points pt 2 ps 1.6 lw 2.5 lc rgb c_lost notitle, \
    for [s=0:4] S using 7:(($5 == s && $9 == 1) ? $8 : NaN):12 with labels boxed font ",8" tc rgb scol(s) notitle, \
    M using 1:(leader($2, $6) ? $2 : NaN):($5-$1):($6-$2) with vectors nohead lw 0.6 lc rgb "#bbbbbb" notitle, \
    M using 1:($3 == 0 ? $2 : NaN):(0.012):(0) with vectors nohead lw 2 lc rgb c_state notitle, \
    M using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.5 lc rgb c_timer notitle, \
    M using 1:($3 == 2 ? $2 : NaN) with points pt 13 ps 0.6 lc rgb c_call notitle, \
    M using 1:($3 == 3 ? $2 : NaN) with points pt 5 ps 0.7 lc rgb c_error notitle, \
    M using 5:(($3 == 0 && $4 < 0) ? $6 : NaN):7 with labels right boxed font ",9,Bold" tc rgb c_state notitle, \
    M using 5:(($3 == 0 && $4 > 0) ? $6 : NaN):7 with labels left boxed font ",9,Bold" tc rgb c_state notitle, \
    M using 5:(($3 == 1 && $4 < 0) ? $6 : NaN):7 with labels right boxed font ",9" tc rgb c_timer notitle, \
    M using 5:(($3 == 1 && $4 > 0) ? $6 : NaN):7 with labels left boxed font ",9" tc rgb c_timer notitle, \
    M using 5:(($3 == 2 && $4 < 0) ? $6 : NaN):7 with labels right boxed font ",9,Italic" tc rgb c_call notitle, \
    M using 5:(($3 == 2 && $4 > 0) ? $6 : NaN):7 with labels left boxed font ",9,Italic" tc rgb c_call notitle, \
    M using 5:(($3 == 3 && $4 < 0) ? $6 : NaN):7 with labels right boxed font ",10,Bold" tc rgb c_error notitle, \
    M using 5:(($3 == 3 && $4 > 0) ? $6 : NaN):7 with labels left boxed font ",10,Bold" tc rgb c_error notitle @HOVER, \
    keyentry with lines lw 1.3 lc rgb c_seg title "segment", \
    keyentry with lines lw 1.5 lc rgb c_rex dt (8, 4) title "retransmission", \
    keyentry with lines lw 1.3 lc rgb c_probe dt (3, 3) title "probe", \
    keyentry with lines lw 1.3 lc rgb c_chal dt (6, 2, 2, 2) title "challenge ACK", \
    keyentry with lines lw 1.3 lc rgb c_rst title "reset", \
    keyentry with points pt 2 ps 1.2 lw 2.5 lc rgb c_lost title "lost", \
    keyentry with lines lw 3 lc rgb c_brk_r title "retransmission timer", \
    keyentry with lines lw 3 lc rgb c_brk_w title "TIME-WAIT / FIN-WAIT-2 timer", \
    keyentry with points pt 5 ps 0 lc rgb c_state title "STATE", \
    keyentry with points pt 7 ps 0.6 lc rgb c_timer title "timer event", \
    keyentry with points pt 13 ps 0.7 lc rgb c_call title "call", \
    keyentry with points pt 5 ps 0.7 lc rgb c_error title "error", \
    keyentry with lines lw 1 lc rgb "#bbbbbb" dt (2, 4) title "host down"
