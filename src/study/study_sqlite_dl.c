/* SQLite, loaded when a campaign database is first opened rather than by
 * the dynamic loader at every start (1.1 M of the instructions of a
 * one-connection run; see trace_pcap_dl.c for libpcap).  The functions
 * study_db.c calls are defined here with SQLite's signatures and forward
 * to the library, opened through GModule by its SONAME (found by
 * configure), once per process under g_once.  Without the library every
 * call fails as SQLite fails: sqlite3_open_v2() with SQLITE_CANTOPEN. */
#include "config.h"

#include <stdarg.h>

#include <gmodule.h>
#include <sqlite3.h>

/* name, return type, parameters, arguments, result without the library */
#define SQL_FUNCS(X)                                                                              \
  X (sqlite3_bind_double, int, (sqlite3_stmt * s, int i, double v), (s, i, v), SQLITE_MISUSE)    \
  X (sqlite3_bind_int64, int, (sqlite3_stmt * s, int i, sqlite3_int64 v), (s, i, v),             \
     SQLITE_MISUSE)                                                                               \
  X (sqlite3_bind_null, int, (sqlite3_stmt * s, int i), (s, i), SQLITE_MISUSE)                    \
  X (sqlite3_bind_text, int, (sqlite3_stmt * s, int i, const char *v, int n, void (*d) (void *)), \
     (s, i, v, n, d), SQLITE_MISUSE)                                                              \
  X (sqlite3_busy_timeout, int, (sqlite3 * db, int ms), (db, ms), SQLITE_MISUSE)                  \
  X (sqlite3_clear_bindings, int, (sqlite3_stmt * s), (s), SQLITE_MISUSE)                         \
  X (sqlite3_close, int, (sqlite3 * db), (db), SQLITE_OK)                                         \
  X (sqlite3_column_int64, sqlite3_int64, (sqlite3_stmt * s, int i), (s, i), 0)                   \
  X (sqlite3_column_text, const unsigned char *, (sqlite3_stmt * s, int i), (s, i), NULL)         \
  X (sqlite3_column_type, int, (sqlite3_stmt * s, int i), (s, i), SQLITE_NULL)                    \
  X (sqlite3_db_readonly, int, (sqlite3 * db, const char *name), (db, name), -1)                  \
  X (sqlite3_errmsg, const char *, (sqlite3 * db), (db), "cannot load " SQLITE_SONAME)            \
  X (sqlite3_exec, int,                                                                           \
     (sqlite3 * db, const char *sql, int (*cb) (void *, int, char **, char **), void *arg,        \
      char **err),                                                                                \
     (db, sql, cb, arg, err), SQLITE_MISUSE)                                                      \
  X (sqlite3_extended_errcode, int, (sqlite3 * db), (db), SQLITE_CANTOPEN)                        \
  X (sqlite3_finalize, int, (sqlite3_stmt * s), (s), SQLITE_OK)                                   \
  X (sqlite3_last_insert_rowid, sqlite3_int64, (sqlite3 * db), (db), 0)                           \
  X (sqlite3_open_v2, int, (const char *file, sqlite3 **db, int flags, const char *vfs),         \
     (file, db, flags, vfs), (*db = NULL, SQLITE_CANTOPEN))                                       \
  X (sqlite3_prepare_v2, int,                                                                     \
     (sqlite3 * db, const char *sql, int n, sqlite3_stmt **s, const char **tail),                \
     (db, sql, n, s, tail), SQLITE_MISUSE)                                                        \
  X (sqlite3_prepare_v3, int,                                                                     \
     (sqlite3 * db, const char *sql, int n, unsigned int f, sqlite3_stmt **s, const char **tail), \
     (db, sql, n, f, s, tail), SQLITE_MISUSE)                                                     \
  X (sqlite3_reset, int, (sqlite3_stmt * s), (s), SQLITE_MISUSE)                                  \
  X (sqlite3_step, int, (sqlite3_stmt * s), (s), SQLITE_MISUSE)

typedef struct
{
#define FIELD(name, ret, params, args, fail) ret (*name) params;
  SQL_FUNCS (FIELD)
#undef FIELD
  void (*sqlite3_free) (void *);
  char *(*sqlite3_vmprintf) (const char *, va_list);
} SqlApi;

static const SqlApi *
sql_api (void)
{
  static gsize once;
  static SqlApi api;
  static gboolean ok;
  if (g_once_init_enter (&once))
    {
      GModule *m = g_module_open (SQLITE_SONAME, G_MODULE_BIND_LOCAL);
      ok = m != NULL;
#define LOAD(name, ret, params, args, fail) \
  ok = ok && g_module_symbol (m, #name, (gpointer *) &api.name);
      SQL_FUNCS (LOAD)
#undef LOAD
      ok = ok && g_module_symbol (m, "sqlite3_free", (gpointer *) &api.sqlite3_free)
           && g_module_symbol (m, "sqlite3_vmprintf", (gpointer *) &api.sqlite3_vmprintf);
      if (m != NULL)
        g_module_make_resident (m);
      g_once_init_leave (&once, 1);
    }
  return ok ? &api : NULL;
}

#define FORWARD(name, ret, params, args, fail) \
  ret name params                              \
  {                                            \
    const SqlApi *a = sql_api ();              \
    return a != NULL ? a->name args : (fail);  \
  }
SQL_FUNCS (FORWARD)
#undef FORWARD

void
sqlite3_free (void *p)
{
  const SqlApi *a = sql_api ();
  if (a != NULL)
    a->sqlite3_free (p);
}

char *
sqlite3_mprintf (const char *fmt, ...)
{
  const SqlApi *a = sql_api ();
  if (a == NULL)
    return NULL;
  va_list ap;
  va_start (ap, fmt);
  char *s = a->sqlite3_vmprintf (fmt, ap);
  va_end (ap);
  return s;
}
