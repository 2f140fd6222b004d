/*
 * terrish: loading the commune code history (territories/commune-history.tsv)
 * and looking codes up in it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The file maps INSEE codes that are no longer current communes to the
 * current commune that covers them, so that an import of an older file can
 * put each value on today's map. Its lines are "old_code\tcurrent_code\tkind"
 * after the header "# old_code\tcurrent_code\tkind", with kind "merged" or
 * "arrondissement".
 */
#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

#define HISTORY_PATH "territories/commune-history.tsv"

static const char *const history_columns[] = {"old_code", "current_code",
                                              "kind", NULL};

/* Return 1 when code has the form of a commune's INSEE code. */
static int
history_code_valid(const char *code)
{
    size_t digits = strspn(code, "0123456789");

    if (strlen(code) != 5)
        return 0;
    if (code[0] == '2' && (code[1] == 'A' || code[1] == 'B'))
        return strspn(code + 2, "0123456789") == 3;
    return digits == 5;
}

/* Check one line and insert it through the statement in tsv->arg. */
static int
history_insert(struct store_tsv *tsv, char **fields)
{
    struct store *store = tsv->store;
    sqlite3_stmt *insert = tsv->arg;
    int step;

    if (!history_code_valid(fields[0]) || !history_code_valid(fields[1]) ||
        (strcmp(fields[2], "merged") != 0 &&
         strcmp(fields[2], "arrondissement") != 0)) {
        return store_tsv_fail(tsv, "invalid line \"%s %s %s\"; expected "
                              "two commune codes and \"merged\" or "
                              "\"arrondissement\"",
                              fields[0], fields[1], fields[2]);
    }
    sqlite3_bind_text(insert, 1, fields[0], -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, fields[1], -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, fields[2], -1, SQLITE_STATIC);
    step = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (step == SQLITE_DONE && sqlite3_changes(store_db(store)) == 1)
        return 0;
    if (step == SQLITE_DONE)
        return store_tsv_fail(tsv, "column 1 (old_code): \"%s\" is a "
                              "current commune, or column 2 (current_code): "
                              "\"%s\" is not one",
                              fields[0], fields[1]);
    return store_tsv_fail(tsv, "column 1 (old_code): duplicate or "
                          "invalid code \"%s\": %s",
                          fields[0], sqlite3_errmsg(store_db(store)));
}

int
store_load_history(struct store *store, const char *data_dir)
{
    sqlite3_stmt *insert = NULL;
    char *path = xasprintf("%s/%s", data_dir, HISTORY_PATH);
    struct store_tsv tsv = {
        .store = store,
        .path = path,
        .column_names = history_columns,
        .row = history_insert,
    };
    FILE *stream = NULL;
    int rc = -1;

    stream = fopen(path, "r");
    if (stream == NULL && errno == ENOENT) {
        rc = 1;
        goto out;
    }
    if (stream == NULL) {
        store_set_error(store, "%s: %s", path, strerror(errno));
        goto out;
    }
    /* The SELECT yields no row when the old code is a current commune or
     * the current code is not one, which history_insert reports. */
    if (sqlite3_prepare_v2(store_db(store),
                           "INSERT INTO commune_history (old_code,"
                           " commune_id, kind) SELECT ?1, t.id, ?3"
                           " FROM territory t WHERE t.level = 4"
                           " AND t.code = ?2 AND NOT EXISTS (SELECT 1"
                           " FROM territory o WHERE o.level = 4"
                           " AND o.code = ?1)",
                           -1, &insert, NULL) != SQLITE_OK) {
        store_set_db_error(store, "loading the commune history failed");
        goto out;
    }
    tsv.arg = insert;
    rc = store_tsv_read(&tsv, stream);

out:
    sqlite3_finalize(insert);
    if (stream != NULL)
        fclose(stream);
    free(path);
    return rc;
}

int
store_history_is_empty(struct store *store)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT NOT EXISTS (SELECT 1 FROM commune_history)",
                           -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading the commune history failed");
        goto out;
    }
    rc = sqlite3_column_int(stmt, 0);

out:
    sqlite3_finalize(stmt);
    return rc;
}
