/*
 * terrish: writing imported origin-destination flows (INSEE MOBPRO) into
 * indicator_flow, the table that the bundled flow files fill too.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* A commune code resolved to today's commune. */
struct flow_commune {
    int64_t id;
    char code[16];
    int mapped; /* 1 when found through the commune history */
};

/*
 * Find the current commune of code, directly or through the commune
 * history. Returns 0, 1 when unknown, -1 on a database failure.
 */
static int
flow_resolve(struct store *store, sqlite3_stmt *find, const char *code,
             struct flow_commune *out)
{
    int step;

    sqlite3_bind_text(find, 1, code, -1, SQLITE_STATIC);
    step = sqlite3_step(find);
    if (step == SQLITE_ROW) {
        out->id = sqlite3_column_int64(find, 0);
        snprintf(out->code, sizeof out->code, "%s",
                 (const char *)sqlite3_column_text(find, 1));
        out->mapped = sqlite3_column_int(find, 2);
    }
    sqlite3_reset(find);
    if (step == SQLITE_ROW)
        return 0;
    if (step == SQLITE_DONE)
        return 1;
    store_set_db_error(store, "looking up a commune failed");
    return -1;
}

/* Fail on a flow row, naming the source file and line. */
static int
flow_fail(struct store *store, const struct import_batch *batch,
          const struct import_row *row, const char *what, const char *value)
{
    store_set_error(store, "%s:%ld: %s \"%s\" (origin %s, year %d)",
                    batch->source_name != NULL ? batch->source_name
                                               : "import",
                    row->line, what, value, row->code, row->year);
    return 1;
}

/* Return 1 when mode is a category of the indicator, or it lists none. */
static int
flow_mode_known(const struct indicator *indicator, const char *mode)
{
    size_t i;

    if (indicator->category_count == 0)
        return 1;
    for (i = 0; i < indicator->category_count; i++) {
        if (strcmp(indicator->categories[i], mode) == 0)
            return 1;
    }
    return 0;
}

/* Resolve and write one flow row. Returns 0, 1 for invalid input, or -1. */
static int
flow_write(struct store *store, const struct import_batch *batch,
           const struct indicator *indicator, sqlite3_stmt *find,
           sqlite3_stmt *insert, const struct import_row *row,
           struct import_summary *summary)
{
    struct flow_commune origin;
    struct flow_commune destination;
    char destination_code[16];
    const char *colon = row->category != NULL ? strchr(row->category, ':')
                                              : NULL;
    int rc;

    if (colon == NULL || (size_t)(colon - row->category) >= sizeof
                                                               destination_code)
        return flow_fail(store, batch, row, N_("invalid flow category"),
                         row->category != NULL ? row->category : "");
    memcpy(destination_code, row->category, (size_t)(colon - row->category));
    destination_code[colon - row->category] = '\0';
    if (!flow_mode_known(indicator, colon + 1))
        return flow_fail(store, batch, row,
                         N_("transport mode not in the catalogue entry"),
                         colon + 1);
    rc = flow_resolve(store, find, row->code, &origin);
    if (rc == 1)
        return flow_fail(store, batch, row, N_("unknown territory code"),
                         row->code);
    memset(&destination, 0, sizeof destination);
    snprintf(destination.code, sizeof destination.code, "%s",
             destination_code);
    if (rc == 0 && strcmp(destination_code, "99999") != 0) {
        rc = flow_resolve(store, find, destination_code, &destination);
        if (rc == 1)
            return flow_fail(store, batch, row, N_("unknown destination code"),
                             destination_code);
    }
    if (rc != 0)
        return rc;
    summary->mapped += origin.mapped + destination.mapped;

    sqlite3_bind_text(insert, 1, batch->indicator_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert, 2, origin.id);
    sqlite3_bind_text(insert, 3, destination.code, -1, SQLITE_STATIC);
    if (destination.id != 0)
        sqlite3_bind_int64(insert, 4, destination.id);
    sqlite3_bind_int(insert, 5, row->year);
    sqlite3_bind_text(insert, 6, colon + 1, -1, SQLITE_STATIC);
    sqlite3_bind_double(insert, 7, row->value);
    rc = sqlite3_step(insert) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "inserting a flow failed");
    sqlite3_reset(insert);
    sqlite3_clear_bindings(insert);
    return rc;
}

int
store_import_flows(struct store *store, const struct import_batch *batch,
                   const struct indicator *indicator,
                   struct import_summary *summary)
{
    sqlite3_stmt *find = NULL;
    sqlite3_stmt *insert = NULL;
    size_t i;
    int rc = -1;

    if (store_import_run_per_year(store, batch,
                                  "DELETE FROM indicator_flow"
                                  " WHERE indicator_id = ?1 AND year = ?2",
                                  "replacing the flows failed") < 0)
        return -1;
    /* Flows of former communes add to those of their current commune, so
     * the insert sums a flow already stored. */
    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT id, code, 0 FROM territory WHERE level = 4"
                           " AND code = ?1 UNION ALL SELECT h.commune_id,"
                           " t.code, 1 FROM commune_history h JOIN territory t"
                           " ON t.id = h.commune_id WHERE h.old_code = ?1"
                           " LIMIT 1",
                           -1, &find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store_db(store),
                           "INSERT INTO indicator_flow (indicator_id,"
                           " origin_id, destination_code, destination_id,"
                           " year, category, value)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT DO UPDATE SET"
                           " value = value + excluded.value",
                           -1, &insert, NULL) != SQLITE_OK) {
        store_set_db_error(store, "preparing the flow import failed");
        goto out;
    }
    for (i = 0; i < batch->count; i++) {
        rc = flow_write(store, batch, indicator, find, insert,
                        &batch->rows[i], summary);
        if (rc != 0)
            goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(find);
    sqlite3_finalize(insert);
    return rc;
}
