/* The campaign database (SQLite): what a sweep has run, so that running
 * the same sweep again runs only what is missing.
 *
 * It holds the scenario's text and its SHA-256, the seed, the tcpsim
 * version, every point (its key and parameters) and every replication's
 * per-connection records (study_record.h), with times as integer
 * nanoseconds so that results read back are exactly those computed.  A
 * database made from another scenario text or seed is refused.  The
 * schema is in docs/campaign.md; sqlite3 and pandas read it directly. */
#ifndef TCPSIM_STUDY_DB_H
#define TCPSIM_STUDY_DB_H

#include <glib.h>

#include "study/study_record.h"

typedef struct StudyDb StudyDb;

#define STUDY_DB_ERROR (study_db_error_quark ())
GQuark study_db_error_quark (void);

typedef enum
{
  STUDY_DB_ERROR_OPEN,     /* cannot open or create the file, or it is not a campaign */
  STUDY_DB_ERROR_MISMATCH, /* made from another scenario text or seed */
  STUDY_DB_ERROR_IO,       /* SQLite failed reading or writing */
} StudyDbError;

/* Opens path, creating the file and schema if it does not exist; an
 * existing campaign must have the same scenario text and seed (else
 * STUDY_DB_ERROR_MISMATCH, a message naming both hashes or seeds).
 * scenario_name is recorded for people, not compared.  A file that is not
 * SQLite, an SQLite file that is not a campaign (it is left untouched), a
 * campaign of another format, or a file that cannot be written:
 * STUDY_DB_ERROR_OPEN, with the path in the message.  One StudyDb is used
 * by one thread at a time. */
StudyDb *study_db_open (const char *path, const char *scenario_name, const char *scenario_text,
                        guint64 seed, GError **error);
/* Closing inside a transaction rolls it back.  NULL is accepted. */
void study_db_close (StudyDb *db);

/* The id of the point with this key, adding it (with its parameters, n
 * names and values in order) if it is new.  The key identifies a point
 * (study_grid.h): for a key already stored, names and values are not
 * looked at. */
gboolean study_db_point (StudyDb *db, const char *key, const char *const *names,
                         const char *const *values, guint n, gint64 *id, GError **error);

/* Calls fn for every stored replication r < runs of the point, in order
 * of r, with its records in order of conn (n may be 0: a replication
 * without connections is still done). */
typedef void (*StudyDbRepFn) (gpointer ctx, guint32 r, const StudyRecord *recs, guint n);
gboolean study_db_load_point (StudyDb *db, gint64 point, guint32 runs, StudyDbRepFn fn,
                              gpointer ctx, GError **error);

/* Writes go in transactions: a replication is stored whole or not at all,
 * and only committed replications survive a close or a crash.  A put that
 * fails undoes itself only; the transaction goes on. */
gboolean study_db_begin (StudyDb *db, GError **error);
gboolean study_db_commit (StudyDb *db, GError **error);
/* Stores replication r of a point; replacing one already stored is an error. */
gboolean study_db_put (StudyDb *db, gint64 point, guint32 r, const StudyRecord *recs, guint n,
                       guint64 events, GError **error);

#endif
