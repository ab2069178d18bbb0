#!/usr/bin/env python3
"""Compares what tshark reads from a capture with the TSV trace of the same
run (tests/pcap.sh).  Usage:

  pcap-compare.py TRACE.tsv FRAMES.txt CAPTURE [ng]

FRAMES.txt is tshark's fields output (-E separator=/t -E aggregator='|')
of the columns FIELDS below, CAPTURE is sender, receiver or both, and "ng"
says the capture is pcapng (comments, interfaces).  Prints one line per
disagreement and exits 1 if there is any; prints a summary of the
analysis flags checked on stdout otherwise.

What is compared, frame by frame with the trace's sends (sender), arrivals
(receiver) or both in trace order (both):
  - time to the nanosecond, addresses, ports, flags, seq, ack, length,
    window; no frame is malformed (_ws.malformed);
  - pcapng: the interface is the host that sent (or received) it, and the
    packet carries "lost on link A->B (reason)" exactly when the trace
    drops it;
  - Wireshark's analysis against the trace's why (sender captures), by the
    rules in check_analysis below.
"""
import sys

FIELDS = [
    "frame.time_epoch", "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport", "tcp.flags",
    "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.window_size_value", "frame.interface_name",
    "frame.comment", "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
    "tcp.analysis.spurious_retransmission", "tcp.analysis.keep_alive", "_ws.malformed",
]

FLAG_BITS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10}

# The trace's why, from the comment trace_pcap.c writes for it (from the
# segment's SegTag.why, the same source as the TSV's why column).
COMMENT_WHY = {
    "retransmission: SYN retry": "syn-retry",
    "retransmission: SYN-ACK retry": "syn-retry",
    "SYN cookie (RFC 4987): a stateless SYN-ACK": "syncookie",
    "retransmission: RTO": "rto",
    "retransmission: fast retransmit": "fast-rexmit",
    "retransmission: TLP": "tlp-rexmit",
    "retransmission: data sent before, sent again": "data-again",
    "tail loss probe (new data)": "tlp",
    "keepalive probe": "keepalive",
    "zero-window probe": "window-probe",
    "challenge ACK (RFC 5961)": "challenge-ack",
    "reset answering a stray segment": "reply-rst",
}

REXMIT = {"syn-retry", "rto", "fast-rexmit", "tlp-rexmit", "data-again"}


# The TSV's why column (docs/trace-format.md, trace_why_name's words): the
# family each word belongs to, to check that the trace and the capture's
# comments tell the same story.  Unknown words are reported.
WHY_FAMILY = {
    "syn": "plain", "syn-retry": "rexmit", "syncookie": "plain", "new": "plain", "ack": "plain",
    "rto": "rexmit", "fast-rexmit": "rexmit", "tlp": "tlp", "keepalive": "keepalive",
    "window-probe": "window-probe", "challenge-ack": "plain", "reset": "plain",
    "reply-rst": "plain", "none": "plain",
}
COMMENT_FAMILY = {"syn-retry": "rexmit", "rto": "rexmit", "fast-rexmit": "rexmit",
                  "tlp-rexmit": "tlp", "tlp": "tlp", "keepalive": "keepalive",
                  "window-probe": "window-probe", "data-again": "plain"}


def why_family_agrees(tsv_why, comment_why):
    """Whether the TSV's why and the comment's agree (a resend of old data
    is "data" in the trace: its why is the window, not a timer)."""
    t = tsv_why.strip().lower().replace(" ", "-").replace("_", "-")
    fam = WHY_FAMILY.get(t)
    if fam is None:
        return False
    want = COMMENT_FAMILY.get(comment_why, "plain")
    if fam == "probe":
        return want in ("keepalive", "window-probe")
    return fam == want


def read_trace(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]
    return header, rows


def main():
    tsv, frames_path, capture = sys.argv[1:4]
    ng = len(sys.argv) > 4 and sys.argv[4] == "ng"
    header, rows = read_trace(tsv)
    has_why = "why" in header
    has_rexmit = "rexmit" in header
    with open(frames_path) as f:
        frames = [dict(zip(FIELDS, line.rstrip("\n").split("\t"))) for line in f if line.strip()]

    kinds = {"sender": ("send",), "receiver": ("recv",), "both": ("send", "recv")}[capture]
    events = []
    for i, r in enumerate(rows):
        if r["event"] not in kinds:
            continue
        lost = None
        if r["event"] == "send" and i + 1 < len(rows) and rows[i + 1]["event"] == "drop":
            lost = rows[i + 1]
        events.append((r, lost))

    errors = []
    if len(frames) != len(events):
        errors.append("%d frames, %d %s events in the trace" % (len(frames), len(events), "/".join(kinds)))
    for n, ((r, lost), fr) in enumerate(zip(events, frames), 1):
        where = "frame %d (%s %s %s)" % (n, r["time"], r["event"], r["host"])
        flags = 0
        for c in r["flags"]:
            flags |= FLAG_BITS[c]
        want = [r["time"], r["src"], r["sport"], r["dst"], r["dport"], "0x%04x" % flags,
                r["seq"], r["ack"], r["len"], r["win"]]
        got = [fr.get(k, "") for k in FIELDS[:10]]
        if got != want:
            errors.append("%s: tshark %s, trace %s" % (where, got, want))
        if fr.get("_ws.malformed"):
            errors.append("%s: malformed" % where)
        comments = [c for c in fr.get("frame.comment", "").split("|") if c]
        if ng:
            if fr.get("frame.interface_name") != r["host"]:
                errors.append("%s: interface %r" % (where, fr.get("frame.interface_name")))
            lost_comments = [c for c in comments if c.startswith("lost on link")]
            if lost is not None:
                want_c = "lost on link %s->%s (%s)" % (r["host"], r["peer"],
                                                       "queue full" if lost["detail"] == "queue" else lost["detail"])
                if lost_comments != [want_c]:
                    errors.append("%s: comments %s, want %r" % (where, comments, want_c))
            elif lost_comments:
                errors.append("%s: says %s but the trace has no drop" % (where, lost_comments))
        if capture == "sender":
            # Why it was sent: the comment trace_pcap.c writes from the
            # segment's tag (SegTag.why), checked against the TSV's why
            # column when the trace has one.
            why = next((COMMENT_WHY[c] for c in comments if c in COMMENT_WHY), "plain")
            if has_why and not why_family_agrees(r["why"], why):
                errors.append("%s: the trace's why %r, the capture's comment says %s"
                              % (where, r["why"], why))
            # The rexmit column and the comment agree on what a
            # retransmission is (both trace_segment_is_retransmission); a
            # zero-window probe may carry a byte sent before and says
            # only that it is a probe.
            if has_rexmit and why != "window-probe" and (r["rexmit"] == "1") != (why in REXMIT):
                errors.append("%s: the trace's rexmit %r, the capture's comment says %s"
                              % (where, r["rexmit"], why))
            r["_why"] = why
            fr["_n"] = n
    if capture == "sender" and not errors:
        errors += check_analysis(events, frames)
    for e in errors[:40]:
        print(e)
    if len(errors) > 40:
        print("... and %d more" % (len(errors) - 40))
    return 1 if errors else 0


def check_analysis(events, frames):
    """Wireshark's tcp.analysis flags against the trace's why.

    The rules, and where Wireshark legitimately disagrees:
      R1  a keepalive probe is tcp.analysis.keep_alive and never a
          retransmission (tcpsim sends SND.UNA - 1 with no data, as Linux
          tcp_xmit_probe_skb; Wireshark's rule: length <= 1 and seq ==
          next expected - 1).
      R2  a fast retransmit is tcp.analysis.fast_retransmission, or a plain
          tcp.analysis.retransmission when Wireshark's window for it has
          passed: Wireshark wants >= 2 duplicate ACKs in the reverse
          direction, the last captured less than 20 ms before.  A sender
          capture records the duplicate ACKs when the receiver sent them,
          one link delay before the sender saw them, so on links of 20 ms
          or more the label is "retransmission".  The test checks that
          the gap is indeed >= 20 ms.
      R3  an RTO, SYN or SYN-ACK retry or TLP retransmission, or data sent
          again after a timeout pulled SND.NXT back (the trace's why says
          "data" for those, with the retransmit tag: the comment says
          "data sent before, sent again"), is flagged
          as some retransmission (plain, fast or spurious), and never as a
          keep-alive.
      R4  a segment sent for any other reason (new data, an ACK, a first
          SYN, a SYN cookie, a reset, a challenge ACK, a zero-window probe)
          is not flagged as a retransmission, a fast retransmission or a
          keep-alive, with these exceptions, each checked:
          R4a  a SYN-ACK that answers a retried SYN with the same
               initial sequence number as an earlier SYN-ACK of the same
               connection (Linux answers a duplicate SYN in SYN-RECEIVED
               with a fresh SYN-ACK, and a SYN cookie is the same ISN for
               the same SYN in the same 64 s): on the wire it is a
               repeat of the same sequence number, Wireshark calls it a
               retransmission.  The trace's why says syn-retry for a
               repeat from the SYN queue, syncookie for a cookie.
          R4b  Wireshark cannot tell a port reused by a new connection
               (another SYN with the same addresses and ports) from the
               old one: a first SYN on a 4-tuple seen before may be
               flagged.
          R4c  a zero-window probe of Linux's kind (an ACK at SND.UNA - 1
               without data, tcp_xmit_probe_skb, the profile's `zwp ack`)
               has a keep-alive's shape exactly: Wireshark calls it a
               keep-alive, and never a retransmission.
      R3a data sent again whose first byte went out before only as a
          one-byte zero-window probe (`zwp data`): Wireshark marks the
          probe "zero window probe" and does not count its byte as sent,
          so the later segment is not flagged.
    """
    errors = []
    counts = {}
    last_seen = {}   # (src, sport, dst, dport) -> list of (time, flags, seq, ack, len)
    synack_isn = {}  # 4-tuple -> set of SYN-ACK ISNs already sent
    last_probe = {}  # 4-tuple -> list of (time, flags, why, seq, len) of window probes
    for (r, _), fr in zip(events, frames):
        why = r["_why"]
        key = (r["src"], r["sport"], r["dst"], r["dport"])
        rkey = (r["dst"], r["dport"], r["src"], r["sport"])
        rx = bool(fr.get("tcp.analysis.retransmission"))
        fast = bool(fr.get("tcp.analysis.fast_retransmission"))
        spur = bool(fr.get("tcp.analysis.spurious_retransmission"))
        ka = bool(fr.get("tcp.analysis.keep_alive"))
        t = float(r["time"])
        where = "frame %d (%s %s why=%s)" % (fr["_n"], r["time"], r["flags"], why)
        rule = None
        if why == "keepalive":
            rule = "R1"
            if not ka or rx or fast:
                errors.append("%s: R1 wants keep_alive only; tshark rx=%s fast=%s ka=%s" % (where, rx, fast, ka))
        elif why == "fast-rexmit":
            if fast:
                rule = "R2"
            else:
                acks = [a for a in last_seen.get(rkey, []) if a[1] & 0x10]
                gap = t - acks[-1][0] if acks else None
                rule = "R2 (>= 20 ms)"
                if not rx or gap is None or gap < 0.020:
                    errors.append("%s: R2: tshark rx=%s fast=%s, last reverse ACK %s s before"
                                  % (where, rx, fast, gap))
        elif why in REXMIT and not (rx or fast or spur or ka) and any(
                p[2] == "window-probe" and p[3] == int(r["seq"]) and p[4] == 1
                for p in last_probe.get(key, [])):
            rule = "R3a"
        elif why in REXMIT:
            rule = "R3"
            if not (rx or fast or spur) or ka:
                errors.append("%s: R3 wants a retransmission flag; tshark rx=%s fast=%s spur=%s ka=%s"
                              % (where, rx, fast, spur, ka))
        else:
            rule = "R4"
            if ka and why == "window-probe" and r["flags"] == "A" and int(r["len"]) == 0 and not (rx or fast):
                rule = "R4c"
            elif ka:
                errors.append("%s: R4: tshark calls it a keep-alive" % where)
            elif rx or fast:
                flags = r["flags"]
                seq = int(r["seq"])
                if "S" in flags and "A" in flags and seq in synack_isn.get(key, set()):
                    rule = "R4a"
                elif "S" in flags and "A" not in flags and key in last_seen:
                    rule = "R4b"
                else:
                    errors.append("%s: R4: tshark rx=%s fast=%s" % (where, rx, fast))
        if "S" in r["flags"] and "A" in r["flags"]:
            synack_isn.setdefault(key, set()).add(int(r["seq"]))
        if why == "window-probe":
            last_probe.setdefault(key, []).append((t, r["flags"], why, int(r["seq"]), int(r["len"])))
        fl = 0
        for c in r["flags"]:
            fl |= FLAG_BITS[c]
        last_seen.setdefault(key, []).append((t, fl))
        counts[rule] = counts.get(rule, 0) + 1
    print("analysis: " + ", ".join("%s %d" % (k, v) for k, v in sorted(counts.items())))
    return errors


if __name__ == "__main__":
    sys.exit(main())
