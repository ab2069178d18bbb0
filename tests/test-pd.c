/* Tests of the packetdrill reader (src/pd/): every construct of the
 * dialect tcpsim runs, read into exact values, and bad scripts diagnosed
 * at FILE:LINE:COL with nothing returned. */
#include <glib.h>
#include <string.h>

#include "pd/pd_parse.h"
#include "pd/pd_sysctl.h"

static PdScript *
parse_ok (const char *text, const char *const *defines)
{
  g_autoptr (GError) error = NULL;
  PdScript *s = pd_parse ("t.pkt", text, strlen (text), defines, &error);
  if (s == NULL)
    g_test_message ("unexpected error: %s", error->message);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static void
assert_error (const char *text, const char *message)
{
  g_autoptr (GError) error = NULL;
  PdScript *s = pd_parse ("t.pkt", text, strlen (text), NULL, &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, message);
}

static PdLine *
line_at (PdScript *s, guint i)
{
  g_assert_cmpuint (i, <, s->lines->len);
  return g_ptr_array_index (s->lines, i);
}

static void
test_settings_and_times (void)
{
  g_autoptr (PdScript) s = parse_ok ("--ip_version=ipv4\n"
                                     "--tolerance_usecs=75000\n"
                                     "// a comment\n"
                                     " 0.00 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                                     "+0.1 close(3) = 0\n"
                                     "+.25 close(3) = -1 EBADF (Bad file descriptor)\n"
                                     "* > F. 1:1(0) ack 1\n"
                                     "1.5~2.0 > . 2:2(0) ack 2\n"
                                     "+0...0.3 accept(3, ..., ...) = 4\n",
                                     NULL);
  g_assert_cmpstr (pd_script_setting (s, "ip_version"), ==, "ipv4");
  g_assert_cmpstr (pd_script_setting (s, "tolerance_usecs"), ==, "75000");
  g_assert_null (pd_script_setting (s, "nonexistent"));
  g_assert_cmpuint (s->lines->len, ==, 6);

  PdLine *l = line_at (s, 0);
  g_assert_cmpint (l->kind, ==, PD_LINE_SYSCALL);
  g_assert_cmpint (l->time.kind, ==, PD_TIME_ABSOLUTE);
  g_assert_cmpint (l->time.t, ==, 0);
  g_assert_cmpuint (l->pos.line, ==, 4);
  g_assert_cmpuint (l->pos.col, ==, 2);
  g_assert_cmpuint (l->what.col, ==, 7);

  l = line_at (s, 1);
  g_assert_cmpint (l->time.kind, ==, PD_TIME_RELATIVE);
  g_assert_cmpint (l->time.t, ==, 100 * SIM_MS);

  l = line_at (s, 2);
  g_assert_cmpint (l->time.t, ==, 250 * SIM_MS);
  g_assert_cmpint (l->call.result->kind, ==, PD_EXPR_INT);
  g_assert_cmpint (l->call.result->i, ==, -1);
  g_assert_cmpstr (l->call.errno_name, ==, "EBADF");
  g_assert_cmpstr (l->call.note, ==, "Bad file descriptor");

  l = line_at (s, 3);
  g_assert_cmpint (l->time.kind, ==, PD_TIME_ANY);
  g_assert_cmpint (l->kind, ==, PD_LINE_OUTBOUND);

  l = line_at (s, 4);
  g_assert_true (l->time.has_range);
  g_assert_cmpint (l->time.t, ==, 1500 * SIM_MS);
  g_assert_cmpint (l->time.end, ==, 2 * SIM_S);
  g_assert_cmpint (l->time.end_kind, ==, PD_TIME_ABSOLUTE);

  l = line_at (s, 5);
  g_assert_true (l->time.blocking);
  g_assert_cmpint (l->time.kind, ==, PD_TIME_RELATIVE);
  g_assert_cmpint (l->time.t, ==, 0);
  g_assert_cmpint (l->time.end, ==, 300 * SIM_MS);
}

static void
test_segments (void)
{
  g_autoptr (PdScript) s = parse_ok (
    "0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <...>\n"
    "+0 < . 1:1001(1000) ack 1 win 257 <nop,nop,TS val 100 ecr 200>\n"
    "+0 > . 1:1(0) ack 1001 <nop,nop,sack 1:1001 2001:3001>\n"
    "+0 < RP. 5:5(0) ack 1 win 0\n"
    "+0 < SFWE 0:0(0) win 10\n"
    "+0 > F. 1:1(0) ack 1\n"
    "+0 > R. ...(0) ack 7\n"
    "+0 %{ assert tcpi_state == TCPI_SYN_RECEIVED }%\n",
    NULL);
  g_assert_cmpuint (s->lines->len, ==, 9);
  PdLine *l = line_at (s, 0);
  g_assert_cmpint (l->kind, ==, PD_LINE_INBOUND);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_SYN);
  g_assert_cmpuint (l->seg.seq, ==, 0);
  g_assert_cmpuint (l->seg.len, ==, 0);
  g_assert_false (l->seg.has_ack);
  g_assert_true (l->seg.has_win);
  g_assert_cmpuint (l->seg.win, ==, 32792);
  g_assert_cmpuint (l->seg.options->len, ==, 6);
  PdOption *o = &g_array_index (l->seg.options, PdOption, 0);
  g_assert_cmpint (o->kind, ==, PD_OPT_MSS);
  g_assert_cmpuint (o->a, ==, 1000);
  g_assert_cmpint (g_array_index (l->seg.options, PdOption, 1).kind, ==, PD_OPT_SACK_OK);
  g_assert_cmpint (g_array_index (l->seg.options, PdOption, 4).kind, ==, PD_OPT_NOP);
  o = &g_array_index (l->seg.options, PdOption, 5);
  g_assert_cmpint (o->kind, ==, PD_OPT_WSCALE);
  g_assert_cmpuint (o->a, ==, 7);

  l = line_at (s, 1);
  g_assert_cmpint (l->kind, ==, PD_LINE_OUTBOUND);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_SYN | PD_FLAG_ACK);
  g_assert_true (l->seg.has_ack);
  g_assert_cmpuint (l->seg.ack, ==, 1);
  g_assert_true (l->seg.any_options);
  g_assert_false (l->seg.has_win);

  l = line_at (s, 2);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_ACK);
  g_assert_cmpuint (l->seg.seq, ==, 1);
  g_assert_cmpuint (l->seg.seq_end, ==, 1001);
  g_assert_cmpuint (l->seg.len, ==, 1000);
  o = &g_array_index (l->seg.options, PdOption, 2);
  g_assert_cmpint (o->kind, ==, PD_OPT_TIMESTAMP);
  g_assert_cmpuint (o->a, ==, 100);
  g_assert_cmpuint (o->b, ==, 200);

  l = line_at (s, 3);
  o = &g_array_index (l->seg.options, PdOption, 2);
  g_assert_cmpint (o->kind, ==, PD_OPT_SACK);
  g_assert_cmpuint (o->blocks->len, ==, 4);
  g_assert_cmpuint (g_array_index (o->blocks, guint32, 0), ==, 1);
  g_assert_cmpuint (g_array_index (o->blocks, guint32, 1), ==, 1001);
  g_assert_cmpuint (g_array_index (o->blocks, guint32, 2), ==, 2001);
  g_assert_cmpuint (g_array_index (o->blocks, guint32, 3), ==, 3001);

  l = line_at (s, 4);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_RST | PD_FLAG_PSH | PD_FLAG_ACK);
  g_assert_cmpuint (l->seg.win, ==, 0);
  g_assert_cmpuint (l->seg.options->len, ==, 0);

  l = line_at (s, 5);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_SYN | PD_FLAG_FIN | PD_FLAG_CWR | PD_FLAG_ECE);

  l = line_at (s, 6);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_FIN | PD_FLAG_ACK);

  l = line_at (s, 7);
  g_assert_true (l->seg.any_seq);
  g_assert_cmpuint (l->seg.flags, ==, PD_FLAG_RST | PD_FLAG_ACK);
  g_assert_cmpuint (l->seg.ack, ==, 7);

  l = line_at (s, 8);
  g_assert_cmpint (l->kind, ==, PD_LINE_STATE);
  g_assert_cmpstr (l->shell, ==, "SYN_RECEIVED");
}

static void
test_syscall_values (void)
{
  g_autoptr (PdScript) s = parse_ok (
    "0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0\n"
    "+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)\n"
    "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0\n"
    "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n"
    "+0 poll([{fd=4, events=POLLIN, revents=POLLIN}], 1, 0) = 1\n"
    "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
    "+0 bind(3, htons(8080), \"x y\") = 0\n",
    NULL);
  PdLine *l = line_at (s, 0);
  g_assert_cmpstr (l->call.name, ==, "fcntl");
  g_assert_cmpuint (l->call.args->len, ==, 3);
  PdExpr *e = g_ptr_array_index (l->call.args, 2);
  g_assert_cmpint (e->kind, ==, PD_EXPR_OR);
  g_assert_cmpuint (e->items->len, ==, 2);
  g_assert_cmpstr (((PdExpr *) g_ptr_array_index (e->items, 1))->name, ==, "O_NONBLOCK");

  l = line_at (s, 1);
  g_assert_cmpint (l->call.result->i, ==, 2);
  g_assert_null (l->call.errno_name);
  g_assert_cmpstr (l->call.note, ==, "flags O_RDWR");

  l = line_at (s, 2);
  e = g_ptr_array_index (l->call.args, 3);
  g_assert_cmpint (e->kind, ==, PD_EXPR_STRUCT);
  g_assert_cmpuint (e->items->len, ==, 2);
  PdExpr *f = g_ptr_array_index (e->items, 1);
  g_assert_cmpint (f->kind, ==, PD_EXPR_FIELD);
  g_assert_cmpstr (f->name, ==, "l_linger");
  g_assert_cmpint (((PdExpr *) g_ptr_array_index (f->items, 0))->i, ==, 0);

  l = line_at (s, 3);
  e = g_ptr_array_index (l->call.args, 3);
  g_assert_cmpint (e->kind, ==, PD_EXPR_ARRAY);
  g_assert_cmpstr (((PdExpr *) g_ptr_array_index (e->items, 0))->name, ==, "ECONNREFUSED");

  l = line_at (s, 4);
  e = g_ptr_array_index (l->call.args, 0);
  g_assert_cmpint (e->kind, ==, PD_EXPR_ARRAY);
  e = g_ptr_array_index (e->items, 0);
  g_assert_cmpint (e->kind, ==, PD_EXPR_STRUCT);
  g_assert_cmpuint (e->items->len, ==, 3);

  l = line_at (s, 5);
  g_assert_cmpint (((PdExpr *) g_ptr_array_index (l->call.args, 1))->kind, ==, PD_EXPR_ELLIPSIS);
  g_assert_cmpint (l->call.result->i, ==, -1);
  g_assert_cmpstr (l->call.errno_name, ==, "EINPROGRESS");

  l = line_at (s, 6);
  e = g_ptr_array_index (l->call.args, 1);
  g_assert_cmpint (e->kind, ==, PD_EXPR_CALL);
  g_assert_cmpstr (e->name, ==, "htons");
  g_assert_cmpint (((PdExpr *) g_ptr_array_index (e->items, 0))->i, ==, 8080);
  e = g_ptr_array_index (l->call.args, 2);
  g_assert_cmpint (e->kind, ==, PD_EXPR_STRING);
  g_assert_cmpstr (e->name, ==, "x y");
}

static void
test_shell_and_comments (void)
{
  g_autoptr (PdScript) s = parse_ok ("/* a block\n"
                                     "   comment over lines */ 0 `sysctl -w net.inet.tcp.rfc1323=1`\n"
                                     "+0 `echo // not a comment` // a comment\n"
                                     "+0 close(3) /* inline */ = 0\n",
                                     NULL);
  g_assert_cmpuint (s->lines->len, ==, 3);
  PdLine *l = line_at (s, 0);
  g_assert_cmpint (l->kind, ==, PD_LINE_SHELL);
  g_assert_cmpstr (l->shell, ==, "sysctl -w net.inet.tcp.rfc1323=1");
  g_assert_cmpuint (l->pos.line, ==, 2);
  g_assert_cmpuint (l->pos.col, ==, 26);
  l = line_at (s, 1);
  g_assert_cmpstr (l->shell, ==, "echo // not a comment");
  l = line_at (s, 2);
  g_assert_cmpstr (l->call.name, ==, "close");
}

static void
test_ifdef (void)
{
  const char *text = "0 close(1) = 0\n"
                     "#ifdef FreeBSD\n"
                     "+0 close(2) = 0\n"
                     "#ifndef Linux\n"
                     "+0 close(3) = 0\n"
                     "#endif\n"
                     "#else\n"
                     "+0 close(4) = 0\n"
                     "#endif\n"
                     "#ifdef NEVER\n"
                     "#define ignored in a skipped section\n"
                     "#endif\n"
                     "+0 close(5) = 0\n";
  const char *const freebsd[] = { "FreeBSD", NULL };
  g_autoptr (PdScript) a = parse_ok (text, freebsd);
  g_assert_cmpuint (a->lines->len, ==, 4);
  g_assert_cmpint (((PdExpr *) g_ptr_array_index (line_at (a, 1)->call.args, 0))->i, ==, 2);
  g_assert_cmpint (((PdExpr *) g_ptr_array_index (line_at (a, 2)->call.args, 0))->i, ==, 3);
  g_assert_cmpuint (line_at (a, 3)->pos.line, ==, 13);

  g_autoptr (PdScript) b = parse_ok (text, NULL);
  g_assert_cmpuint (b->lines->len, ==, 3);
  g_assert_cmpint (((PdExpr *) g_ptr_array_index (line_at (b, 1)->call.args, 0))->i, ==, 4);
}

static void
test_errors (void)
{
  assert_error ("0 frobnicate(3) = 0\n",
                "t.pkt:1:3: error: unknown system call 'frobnicate' (tcpsim models socket, "
                "bind, listen, accept, connect, read, write, recv, send, shutdown, close, "
                "setsockopt, getsockopt, fcntl and poll)");
  assert_error ("0 < S 0:0 win 10\n",
                "t.pkt:1:11: error: expected '(' in START:END(LEN), found 'win'");
  assert_error ("0 < S 0:5(4)\n", "t.pkt:1:7: error: 0:5(4): the length is not END - START");
  assert_error ("0 < SX 0:0(0)\n",
                "t.pkt:1:6: error: unknown TCP flag 'X' (flags are S, F, R, P, U, E, W and "
                "'.' for ACK)");
  assert_error ("1.0 close(3) = 0\n0.5 close(4) = 0\n",
                "t.pkt:2:1: error: time goes backwards: 500ms after 1s");
  assert_error ("0 < S 0:0(0) <mss 1460,md5 1>\n",
                "t.pkt:1:24: error: unsupported TCP option 'md5' (tcpsim knows mss, wscale, "
                "sackOK, sack, TS, nop and eol)");
  assert_error ("0 < S 0:0(0) <mss 70000>\n",
                "t.pkt:1:19: error: the MSS 70000 is out of range (0 to 65535)");
  assert_error ("0 close(3) = 0\n#ifdef X\n", "t.pkt:2:1: error: #ifdef without #endif");
  assert_error ("#endif\n", "t.pkt:1:1: error: #endif without #ifdef");
  assert_error ("#include \"x\"\n",
                "t.pkt:1:1: error: unsupported preprocessor directive '#include' (tcpsim "
                "reads #ifdef, #ifndef, #else and #endif)");
  assert_error ("0 close(3) = 0 /* open\n", "t.pkt:1:16: error: unterminated /* comment");
  assert_error ("0 `sysctl\n", "t.pkt:1:3: error: unterminated `command`");
  assert_error ("0 close(3) = \n", "t.pkt:2:1: error: expected a value, found the end of the script");
  assert_error ("0 close(3) 0\n", "t.pkt:1:12: error: expected '=' and the expected result, found '0'");
  assert_error ("close(3) = 0\n", "t.pkt:1:1: error: expected a time in seconds, found 'close'");
  assert_error ("0 < S 0:0(0) win 70000\n", "t.pkt:1:14: error: win 70000 is out of range (0 to 65535)");
  assert_error ("0.0000000001 close(3) = 0\n",
                "t.pkt:1:1: error: time 0.0000000001 has more than nine decimals");
  assert_error ("99999999999 close(3) = 0\n",
                "t.pkt:1:1: error: time 99999999999 is out of range (0 to 10000000 s)");
  assert_error ("0 %{ print(1) }%\n",
                "t.pkt:1:3: error: %{ python }% blocks are not supported, except "
                "'%{ assert tcpi_state == TCPI_NAME }%'");
  assert_error ("0 %{ assert tcpi_state == TCPI_ }%\n",
                "t.pkt:1:3: error: %{ python }% blocks are not supported, except "
                "'%{ assert tcpi_state == TCPI_NAME }%'");
  assert_error ("0 < [ect0] S 0:0(0)\n",
                "t.pkt:1:5: error: IP-level fields ([ect0], [tos …]) are not supported");
  assert_error ("0 close(3) = 0 $\n", "t.pkt:1:16: error: unexpected character '$'");
  assert_error ("0 < S 0:0(0)\n+0...1 > S. 0:0(0)\n",
                "t.pkt:2:1: error: only a system call can block ('...')");
  assert_error ("2~1 close(3) = 0\n", "t.pkt:1:1: error: the time range ends before it starts");
  assert_error ("0 close(12abc) = 0\n", "t.pkt:1:9: error: malformed number '12a'");
  assert_error ("0 close(1 | [2]) = 0\n", "t.pkt:1:13: error: only names and integers can be or-ed");
}

static void
test_nul_and_depth (void)
{
  static const char text[] = "0 close(3)\0 = 0\n";
  g_autoptr (GError) error = NULL;
  PdScript *s = pd_parse ("t.pkt", text, sizeof text - 1, NULL, &error);
  g_assert_null (s);
  g_assert_cmpstr (error->message, ==, "t.pkt:1:11: error: a NUL byte in the script");

  GString *deep = g_string_new ("0 close(");
  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "1");
  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, ") = 0\n");
  g_clear_error (&error);
  s = pd_parse ("t.pkt", deep->str, deep->len, NULL, &error);
  g_assert_null (s);
  g_assert_cmpstr (error->message, ==, "t.pkt:1:41: error: values nested more than 32 deep");
  g_string_free (deep, TRUE);
}

static void
test_sysctl (void)
{
  TcpProfile p = *tcp_profile_lookup ("freebsd");
  char *what = NULL;
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.rfc1323=0", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_false (p.timestamps);
  g_assert_cmpuint (p.wscale, ==, 0xff);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.rfc1323=3", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_true (p.timestamps); /* 3: timestamps only */
  g_assert_cmpuint (p.wscale, ==, 0xff);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.msl=15000", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_cmpint (p.time_wait, ==, 30 * SIM_S);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.insecure_rst=1", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_false (p.rfc5961);
  g_assert_cmpstr (what, ==, "net.inet.tcp.insecure_rst=1: rfc5961 off (tcpsim has one switch "
                             "for RFC 5961's SYN and RST rules)");
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.blackhole=0", &what), ==,
                   PD_SYSCTL_NOOP);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.blackhole=2", &what), ==,
                   PD_SYSCTL_UNSUPPORTED);
  g_assert_cmpstr (what, ==, "net.inet.tcp.blackhole=2: tcpsim does not model this");
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.msl=abc", &what), ==,
                   PD_SYSCTL_BAD_VALUE);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sysctl -w net.inet.tcp.nope=1", &what), ==,
                   PD_SYSCTL_UNKNOWN);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&p, "sockstat -4", &what), ==, PD_SYSCTL_NOT_SYSCTL);
  g_free (what);

  TcpProfile l = *tcp_profile_lookup ("linux");
  g_assert_cmpint (pd_sysctl_apply (&l, "sysctl -q net.ipv4.tcp_syn_retries=2", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_cmpuint (l.syn_retries, ==, 2);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&l, "sysctl -q net.ipv4.tcp_fin_timeout=5", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_cmpint (l.fin_wait2_timeout, ==, 5 * SIM_S);
  g_free (what);
  g_assert_cmpint (pd_sysctl_apply (&l, "sysctl -q net.ipv4.tcp_orphan_retries=0", &what), ==,
                   PD_SYSCTL_APPLIED);
  g_assert_cmpuint (l.orphan_retries, ==, 8);
  g_free (what);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pd/settings-and-times", test_settings_and_times);
  g_test_add_func ("/pd/segments", test_segments);
  g_test_add_func ("/pd/syscall-values", test_syscall_values);
  g_test_add_func ("/pd/shell-and-comments", test_shell_and_comments);
  g_test_add_func ("/pd/ifdef", test_ifdef);
  g_test_add_func ("/pd/errors", test_errors);
  g_test_add_func ("/pd/nul-and-depth", test_nul_and_depth);
  g_test_add_func ("/pd/sysctl", test_sysctl);
  return g_test_run ();
}
