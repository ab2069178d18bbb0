/* pcapng through libwiretap (trace_pcapng.h). */
#include "trace/trace_pcapng.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <wiretap/wtap.h>
#include <wsutil/wslog.h>

struct TracePcapng
{
  wtap_dumper *dumper;   /* opened with the first interface */
  int fd;
  char *scratch;         /* the file wiretap writes */
  wtap_dump_params params;
  GArray *shb;           /* the section header block */
  GArray *names;         /* hashipv4_t, for the name resolution block */
  GHashTable *named;     /* addresses named */
  guint ninterfaces;
  wtap_rec rec;
  int err;               /* wiretap's first error */
  char *err_info;
};

/* wiretap keeps its file types in a table of its own, filled once per
 * process; its log would otherwise print its debugging on stderr. */
/* Opens the dumper with the interfaces declared so far: wiretap invents an
 * unnamed interface for a file opened with none. */
static gboolean
dumper_open (TracePcapng *ng)
{
  if (ng->dumper != NULL || ng->err != 0)
    return ng->dumper != NULL;
  ng->dumper = wtap_dump_fdopen (ng->fd, wtap_pcapng_file_type_subtype (), WTAP_UNCOMPRESSED,
                                 &ng->params, &ng->err, &ng->err_info);
  if (ng->dumper == NULL && ng->err == 0)
    ng->err = EIO;
  return ng->dumper != NULL;
}

static gpointer
wiretap_init_once (gpointer unused)
{
  ws_log_set_level (LOG_LEVEL_WARNING);
  wtap_init (FALSE);
  return NULL;
}

TracePcapng *
trace_pcapng_new (const char *app, GError **error)
{
  if (!trace_pcapng_loadable (error))
    return NULL;
  static GOnce once = G_ONCE_INIT;
  g_once (&once, wiretap_init_once, NULL);

  TracePcapng *ng = g_new0 (TracePcapng, 1);
  int fd = g_file_open_tmp ("tcpsim-pcapng-XXXXXX", &ng->scratch, error);
  if (fd < 0)
    {
      g_free (ng);
      return NULL;
    }
  wtap_dump_params_init (&ng->params, NULL);
  ng->params.encap = WTAP_ENCAP_RAW_IP;
  ng->params.snaplen = 65535;
  ng->params.tsprec = WTAP_TSPREC_NSEC;
  /* Interfaces are added as capture points appear (wtap_dump_add_idb);
   * the dumper wants a list to start from. */
  ng->params.idb_inf = g_new0 (wtapng_iface_descriptions_t, 1);
  ng->params.idb_inf->interface_data = g_array_new (FALSE, FALSE, sizeof (wtap_block_t));
  ng->shb = g_array_new (FALSE, FALSE, sizeof (wtap_block_t));
  wtap_block_t shb = wtap_block_create (WTAP_BLOCK_SECTION);
  wtap_block_add_string_option (shb, OPT_SHB_USERAPPL, app, strlen (app));
  g_array_append_val (ng->shb, shb);
  ng->params.shb_hdrs = ng->shb;
  ng->fd = fd;
  ng->names = g_array_new (FALSE, TRUE, sizeof (hashipv4_t));
  ng->named = g_hash_table_new (g_direct_hash, g_direct_equal);
  wtap_rec_init (&ng->rec);
  return ng;
}

guint
trace_pcapng_add_interface (TracePcapng *ng, const char *name, const char *description)
{
  wtap_block_t idb = wtap_block_create (WTAP_BLOCK_IF_ID_AND_INFO);
  wtapng_if_descr_mandatory_t *m = wtap_block_get_mandatory_data (idb);
  m->wtap_encap = WTAP_ENCAP_RAW_IP;
  m->time_units_per_second = 1000000000;
  m->tsprecision = WTAP_TSPREC_NSEC;
  m->snap_len = 65535;
  wtap_block_add_string_option (idb, OPT_IDB_NAME, name, strlen (name));
  wtap_block_add_string_option (idb, OPT_IDB_DESCRIPTION, description, strlen (description));
  wtap_block_add_uint8_option (idb, OPT_IDB_TSRESOL, 9); /* 10^-9 s */
  if (ng->dumper == NULL)
    {
      /* The dumper's first interfaces come with its opening. */
      g_array_append_val (ng->params.idb_inf->interface_data, idb);
      return ng->ninterfaces++;
    }
  if (ng->err == 0 && !wtap_dump_add_idb (ng->dumper, idb, &ng->err, &ng->err_info) && ng->err == 0)
    ng->err = EIO;
  wtap_block_unref (idb);
  return ng->ninterfaces++;
}

void
trace_pcapng_packet (TracePcapng *ng, guint iface, gint64 ns, const guint8 *data, gsize len,
                     const char *const *comments)
{
  if (!dumper_open (ng))
    return;
  wtap_rec *rec = &ng->rec;
  rec->rec_type = REC_TYPE_PACKET;
  rec->presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN | WTAP_HAS_INTERFACE_ID;
  rec->ts.secs = (time_t) (ns / 1000000000);
  rec->ts.nsecs = (int) (ns % 1000000000);
  rec->tsprec = WTAP_TSPREC_NSEC;
  rec->rec_header.packet_header.caplen = (guint32) len;
  rec->rec_header.packet_header.len = (guint32) len;
  rec->rec_header.packet_header.pkt_encap = WTAP_ENCAP_RAW_IP;
  rec->rec_header.packet_header.interface_id = iface;
  rec->block = NULL;
  if (comments != NULL && comments[0] != NULL)
    {
      /* An Enhanced Packet Block's opt_comment, one per comment. */
      rec->block = wtap_block_create (WTAP_BLOCK_PACKET);
      for (gsize i = 0; comments[i] != NULL; i++)
        wtap_block_add_string_option (rec->block, OPT_COMMENT, comments[i], strlen (comments[i]));
    }
  if (!wtap_dump (ng->dumper, rec, data, &ng->err, &ng->err_info) && ng->err == 0)
    ng->err = EIO;
  if (rec->block != NULL)
    wtap_block_unref (rec->block);
  rec->block = NULL;
}

void
trace_pcapng_name (TracePcapng *ng, guint32 addr, const char *name)
{
  if (g_hash_table_contains (ng->named, GUINT_TO_POINTER (addr)))
    return;
  g_hash_table_add (ng->named, GUINT_TO_POINTER (addr));
  hashipv4_t h;
  memset (&h, 0, sizeof h);
  h.addr = g_htonl (addr); /* as on the wire */
  g_snprintf (h.ip, sizeof h.ip, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255,
              addr & 255);
  g_strlcpy (h.name, name, sizeof h.name);
  g_array_append_val (ng->names, h);
}

gboolean
trace_pcapng_close (TracePcapng *ng, FILE *out, GError **error)
{
  GList *list = NULL;
  for (guint i = ng->names->len; i-- > 0;)
    list = g_list_prepend (list, &g_array_index (ng->names, hashipv4_t, i));
  addrinfo_lists_t lists = { .ipv4_addr_list = list, .ipv6_addr_list = NULL };
  dumper_open (ng);
  if (list != NULL && ng->dumper != NULL)
    wtap_dump_set_addrinfo_list (ng->dumper, &lists);
  int err = 0;
  char *err_info = NULL;
  /* The name resolution block is written here, from lists. */
  if (ng->dumper == NULL)
    close (ng->fd);
  else if (!wtap_dump_close (ng->dumper, NULL, &err, &err_info) && ng->err == 0)
    {
      ng->err = err != 0 ? err : EIO;
      g_free (ng->err_info);
      ng->err_info = err_info;
      err_info = NULL;
    }
  g_free (err_info);
  /* wiretap takes the links it wrote off the list. */
  g_list_free (lists.ipv4_addr_list);

  gboolean ok = ng->err == 0;
  FILE *in = NULL;
  if (ok && (in = fopen (ng->scratch, "rb")) == NULL)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", ng->scratch,
                   g_strerror (e));
      ok = FALSE;
    }
  else if (!ok)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "writing the pcapng (libwiretap): %s%s%s",
                 ng->err > 0 ? g_strerror (ng->err) : wtap_strerror (ng->err),
                 ng->err_info ? ": " : "", ng->err_info ? ng->err_info : "");
  else
    {
      /* Its write errors are out's owner's. */
      char buf[65536];
      size_t n;
      while ((n = fread (buf, 1, sizeof buf, in)) > 0)
        fwrite (buf, 1, n, out);
      if (ferror (in))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: read error", ng->scratch);
          ok = FALSE;
        }
    }
  if (in != NULL)
    fclose (in);
  fclose (out);
  g_unlink (ng->scratch);
  g_free (ng->scratch);
  g_free (ng->err_info);
  wtap_rec_cleanup (&ng->rec);
  wtap_block_array_free (ng->shb);
  wtap_block_array_free (ng->params.idb_inf->interface_data);
  g_free (ng->params.idb_inf);
  g_array_free (ng->names, TRUE);
  g_hash_table_destroy (ng->named);
  g_free (ng);
  return ok;
}
