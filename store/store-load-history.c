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
#include <sys/types.h>

#include "common/common.h"
#include "store/store.h"

#define HISTORY_PATH "territories/commune-history.tsv"
#define HISTORY_HEADER "# old_code\tcurrent_code\tkind"

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

/* Split a line into exactly three tab-separated fields. */
static int
history_split(char *line, char **fields)
{
    char *tab = NULL;
    size_t i;

    for (i = 0; i < 3; i++) {
        fields[i] = line;
        tab = strchr(line, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return i == 2 && tab == NULL ? 0 : -1;
}

/*
 * Check one line and insert it. Returns 0, or -1 with the message naming
 * path and line.
 */
static int
history_insert(struct store *store, sqlite3_stmt *insert, const char *path,
               long line_number, char *line)
{
    char *fields[3];
    int step;

    if (history_split(line, fields) < 0) {
        store_set_error(store, "%s:%ld: expected 3 tab-separated columns",
                        path, line_number);
        return -1;
    }
    if (!history_code_valid(fields[0]) || !history_code_valid(fields[1]) ||
        (strcmp(fields[2], "merged") != 0 &&
         strcmp(fields[2], "arrondissement") != 0)) {
        store_set_error(store, "%s:%ld: invalid line \"%s %s %s\"; expected "
                        "two commune codes and \"merged\" or "
                        "\"arrondissement\"",
                        path, line_number, fields[0], fields[1], fields[2]);
        return -1;
    }
    sqlite3_bind_text(insert, 1, fields[0], -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, fields[1], -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, fields[2], -1, SQLITE_STATIC);
    step = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (step == SQLITE_DONE && sqlite3_changes(store_db(store)) == 1)
        return 0;
    if (step == SQLITE_DONE)
        store_set_error(store, "%s:%ld: column 1 (old_code): \"%s\" is a "
                        "current commune, or column 2 (current_code): \"%s\" "
                        "is not one",
                        path, line_number, fields[0], fields[1]);
    else
        store_set_error(store, "%s:%ld: column 1 (old_code): duplicate or "
                        "invalid code \"%s\": %s",
                        path, line_number, fields[0],
                        sqlite3_errmsg(store_db(store)));
    return -1;
}

/* Read the whole file through the prepared insert. */
static int
history_read(struct store *store, sqlite3_stmt *insert, const char *path,
             FILE *stream)
{
    char *line = NULL;
    size_t capacity = 0;
    long line_number = 0;
    ssize_t len;
    int rc = -1;

    while ((len = getline(&line, &capacity, stream)) >= 0) {
        line_number++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line_number == 1 && strcmp(line, HISTORY_HEADER) != 0) {
            store_set_error(store, "%s:1: the first line must name the "
                            "columns \"%s\"", path, HISTORY_HEADER);
            goto out;
        }
        if (line[0] == '#' || len == 0)
            continue;
        if (history_insert(store, insert, path, line_number, line) < 0)
            goto out;
    }
    rc = 0;

out:
    free(line);
    return rc;
}

int
store_load_history(struct store *store, const char *data_dir)
{
    sqlite3_stmt *insert = NULL;
    char *path = xasprintf("%s/%s", data_dir, HISTORY_PATH);
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
    rc = history_read(store, insert, path, stream);

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
