/* libwiretap, loaded when a pcapng is first written rather than by the
 * dynamic loader at every start, as trace_pcap_dl.c does for libpcap:
 * libwiretap and libwsutil bring a dozen more libraries (zlib, lz4,
 * zstd, gcrypt, …) that a run without --pcap OUT.pcapng never uses.  The
 * functions trace_pcapng.c calls are defined here with the library's
 * signatures (wiretap/wtap.h, wiretap/wtap_opttypes.h, wsutil/wslog.h)
 * and forward to it, opened through GModule by its SONAME (found by
 * configure).  The handle is loaded once under g_once and never changed,
 * so runs in parallel threads share it safely. */
#include "config.h"

#include <gmodule.h>
#include <string.h>

#include "trace/trace_pcapng.h"
#include <wiretap/wtap.h>
#include <wsutil/wslog.h>

typedef struct
{
  enum ws_log_level (*log_set_level) (enum ws_log_level);
  void (*init) (gboolean);
  int (*pcapng_file_type_subtype) (void);
  wtap_dumper *(*dump_fdopen) (int, int, wtap_compression_type, const wtap_dump_params *,
                               int *, gchar **);
  void (*dump_params_init) (wtap_dump_params *, wtap *);
  gboolean (*dump) (wtap_dumper *, const wtap_rec *, const guint8 *, int *, gchar **);
  gboolean (*dump_add_idb) (wtap_dumper *, wtap_block_t, int *, gchar **);
  gboolean (*dump_set_addrinfo_list) (wtap_dumper *, addrinfo_lists_t *);
  gboolean (*dump_close) (wtap_dumper *, gboolean *, int *, gchar **);
  const char *(*strerror) (int);
  void (*rec_init) (wtap_rec *);
  void (*rec_cleanup) (wtap_rec *);
  wtap_block_t (*block_create) (wtap_block_type_t);
  void (*block_unref) (wtap_block_t);
  void (*block_array_free) (GArray *);
  void *(*block_get_mandatory_data) (wtap_block_t);
  wtap_opttype_return_val (*block_add_string_option) (wtap_block_t, guint, const char *, gsize);
  wtap_opttype_return_val (*block_add_uint8_option) (wtap_block_t, guint, guint8);
} WtapApi;

#define SYM(m, name, field) g_module_symbol ((m), (name), (gpointer *) &(field))

/* The library's functions, or NULL when it cannot be loaded. */
static const WtapApi *
wtap_api (void)
{
  static gsize once;
  static WtapApi api;
  static gboolean ok;
  if (g_once_init_enter (&once))
    {
      GModule *m = g_module_open (WIRETAP_SONAME, G_MODULE_BIND_LOCAL);
      /* libwsutil comes in with libwiretap; a symbol looked up through
       * libwiretap's handle is found in it. */
      ok = m != NULL && SYM (m, "ws_log_set_level", api.log_set_level)
           && SYM (m, "wtap_init", api.init)
           && SYM (m, "wtap_pcapng_file_type_subtype", api.pcapng_file_type_subtype)
           && SYM (m, "wtap_dump_fdopen", api.dump_fdopen)
           && SYM (m, "wtap_dump_params_init", api.dump_params_init)
           && SYM (m, "wtap_dump", api.dump) && SYM (m, "wtap_dump_add_idb", api.dump_add_idb)
           && SYM (m, "wtap_dump_set_addrinfo_list", api.dump_set_addrinfo_list)
           && SYM (m, "wtap_dump_close", api.dump_close)
           && SYM (m, "wtap_strerror", api.strerror) && SYM (m, "wtap_rec_init", api.rec_init)
           && SYM (m, "wtap_rec_cleanup", api.rec_cleanup)
           && SYM (m, "wtap_block_create", api.block_create)
           && SYM (m, "wtap_block_unref", api.block_unref)
           && SYM (m, "wtap_block_array_free", api.block_array_free)
           && SYM (m, "wtap_block_get_mandatory_data", api.block_get_mandatory_data)
           && SYM (m, "wtap_block_add_string_option", api.block_add_string_option)
           && SYM (m, "wtap_block_add_uint8_option", api.block_add_uint8_option);
      if (m != NULL)
        g_module_make_resident (m);
      g_once_init_leave (&once, 1);
    }
  return ok ? &api : NULL;
}

gboolean
trace_pcapng_loadable (GError **error)
{
  if (wtap_api () != NULL)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "pcapng needs libwiretap (%s), which could not be loaded: %s", WIRETAP_SONAME,
               g_module_error () != NULL ? g_module_error () : "a symbol is missing");
  return FALSE;
}

/* trace_pcapng_new() checks trace_pcapng_loadable() first; the wrappers
 * below stay harmless without the library all the same: they report a missing
 * library (ws_log_set_level and wtap_init do nothing then, and
 * wtap_pcapng_file_type_subtype returns -1, which wtap_dump_fdopen refuses
 * with WTAP_ERR_UNWRITABLE_FILE_TYPE).  The others are reached only with a
 * dumper that one returned. */
enum ws_log_level
ws_log_set_level (enum ws_log_level level)
{
  const WtapApi *a = wtap_api ();
  return a != NULL ? a->log_set_level (level) : level;
}

void
wtap_init (gboolean load_wiretap_plugins)
{
  const WtapApi *a = wtap_api ();
  if (a != NULL)
    a->init (load_wiretap_plugins);
}

int
wtap_pcapng_file_type_subtype (void)
{
  const WtapApi *a = wtap_api ();
  return a != NULL ? a->pcapng_file_type_subtype () : -1;
}

wtap_dumper *
wtap_dump_fdopen (int fd, int file_type_subtype, wtap_compression_type compression_type,
                  const wtap_dump_params *params, int *err, gchar **err_info)
{
  const WtapApi *a = wtap_api ();
  if (a == NULL)
    {
      *err = WTAP_ERR_UNWRITABLE_FILE_TYPE;
      if (err_info != NULL)
        *err_info = g_strdup ("libwiretap (" WIRETAP_SONAME ") could not be loaded");
      return NULL;
    }
  return a->dump_fdopen (fd, file_type_subtype, compression_type, params, err, err_info);
}

void
wtap_dump_params_init (wtap_dump_params *params, wtap *wth)
{
  const WtapApi *a = wtap_api ();
  if (a != NULL)
    a->dump_params_init (params, wth);
  else
    memset (params, 0, sizeof *params);
}

const char *
wtap_strerror (int err)
{
  const WtapApi *a = wtap_api ();
  return a != NULL ? a->strerror (err) : "libwiretap could not be loaded";
}

/* Blocks and records are made before the dumper is opened, so these too
 * must work, harmlessly, without the library. */
void
wtap_rec_init (wtap_rec *rec)
{
  const WtapApi *a = wtap_api ();
  if (a != NULL)
    a->rec_init (rec);
  else
    memset (rec, 0, sizeof *rec);
}

void
wtap_rec_cleanup (wtap_rec *rec)
{
  const WtapApi *a = wtap_api ();
  if (a != NULL)
    a->rec_cleanup (rec);
}

wtap_block_t
wtap_block_create (wtap_block_type_t block_type)
{
  const WtapApi *a = wtap_api ();
  return a != NULL ? a->block_create (block_type) : NULL;
}

void
wtap_block_unref (wtap_block_t block)
{
  const WtapApi *a = wtap_api ();
  if (a != NULL && block != NULL)
    a->block_unref (block);
}

void
wtap_block_array_free (GArray *block_array)
{
  const WtapApi *a = wtap_api ();
  if (a != NULL && block_array != NULL)
    a->block_array_free (block_array);
}

void *
wtap_block_get_mandatory_data (wtap_block_t block)
{
  return wtap_api ()->block_get_mandatory_data (block);
}

wtap_opttype_return_val
wtap_block_add_string_option (wtap_block_t block, guint option_id, const char *value,
                              gsize value_length)
{
  return wtap_api ()->block_add_string_option (block, option_id, value, value_length);
}

wtap_opttype_return_val
wtap_block_add_uint8_option (wtap_block_t block, guint option_id, guint8 value)
{
  return wtap_api ()->block_add_uint8_option (block, option_id, value);
}

gboolean
wtap_dump (wtap_dumper *wdh, const wtap_rec *rec, const guint8 *pd, int *err, gchar **err_info)
{
  return wtap_api ()->dump (wdh, rec, pd, err, err_info);
}

gboolean
wtap_dump_add_idb (wtap_dumper *wdh, wtap_block_t idb, int *err, gchar **err_info)
{
  return wtap_api ()->dump_add_idb (wdh, idb, err, err_info);
}

gboolean
wtap_dump_set_addrinfo_list (wtap_dumper *wdh, addrinfo_lists_t *addrinfo_lists)
{
  return wtap_api ()->dump_set_addrinfo_list (wdh, addrinfo_lists);
}

gboolean
wtap_dump_close (wtap_dumper *wdh, gboolean *needs_reload, int *err, gchar **err_info)
{
  return wtap_api ()->dump_close (wdh, needs_reload, err, err_info);
}
