/*
 * terrish: opening and closing the SQLite store, and its error message.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Milliseconds a statement waits for another connection's lock. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* Prepared statements kept by store_statement(), at most this many. */
#define STORE_STATEMENT_CACHE 64

struct store_cached_statement {
    char *sql;
    sqlite3_stmt *stmt;
};

struct store {
    sqlite3 *db;
    char *path;
    char *error; /* last failure, or NULL */
    struct store_message *message; /* the same, taken apart, or NULL */
    char *translated; /* returned by store_error_translated() */
    struct store_cached_statement cache[STORE_STATEMENT_CACHE];
    size_t cache_next; /* slot replaced when the cache is full */
    int published_only; /* see store_set_published_only() */
};

sqlite3_stmt *
store_statement(struct store *store, const char *sql)
{
    struct store_cached_statement *slot = NULL;
    sqlite3_stmt *stmt = NULL;
    size_t i;

    for (i = 0; i < STORE_STATEMENT_CACHE; i++) {
        slot = &store->cache[i];
        if (slot->sql != NULL && strcmp(slot->sql, sql) == 0) {
            sqlite3_reset(slot->stmt);
            sqlite3_clear_bindings(slot->stmt);
            return slot->stmt;
        }
    }
    if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    for (i = 0; i < STORE_STATEMENT_CACHE && store->cache[i].sql != NULL; i++)
        ;
    if (i == STORE_STATEMENT_CACHE) {
        i = store->cache_next;
        store->cache_next = (store->cache_next + 1) % STORE_STATEMENT_CACHE;
        free(store->cache[i].sql);
        sqlite3_finalize(store->cache[i].stmt);
    }
    store->cache[i].sql = xstrdup(sql);
    store->cache[i].stmt = stmt;
    return stmt;
}

void
store_statement_done(sqlite3_stmt *stmt)
{
    if (stmt == NULL)
        return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

void
store_set_published_only(struct store *store, int published_only)
{
    store->published_only = published_only != 0;
}

int
store_published_only(const struct store *store)
{
    return store->published_only;
}

struct sqlite3 *
store_db(struct store *store)
{
    return store->db;
}

const char *
store_error(const struct store *store)
{
    return store->error != NULL ? store->error : "";
}

const char *
store_error_translated(struct store *store,
                       const char *(*translate)(const char *msgid))
{
    char *text = store_message_translate(store->message, translate);

    if (text == NULL)
        return store_error(store);
    free(store->translated);
    store->translated = text;
    return text;
}

void
store_set_error(struct store *store, const char *fmt, ...)
{
    va_list ap;
    char *message = NULL;

    va_start(ap, fmt);
    message = xvasprintf(fmt, ap);
    va_end(ap);
    free(store->error);
    store->error = message;
    store_message_free(store->message);
    va_start(ap, fmt);
    store->message = store_message_new(fmt, ap);
    va_end(ap);
}

void
store_set_db_error(struct store *store, const char *what)
{
    store_set_error(store, "%s: %s", what, sqlite3_errmsg(store->db));
    /* A database failure is a fault, unlike the refusals of invalid
     * input that store_set_error() records, so it is logged here. */
    log_warn("store %s: %s", store->path != NULL ? store->path : "-",
             store->error);
}

int
store_grants_read(struct store *store, const char *sql, int64_t id,
                  struct store_grant **out, size_t *count)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    struct store_grant *grants = NULL;
    size_t n = 0;
    int step;

    *out = NULL;
    *count = 0;
    if (stmt == NULL) {
        store_set_db_error(store, "listing the roles failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        const char *role = (const char *)sqlite3_column_text(stmt, 1);

        grants = xrealloc(grants, (n + 1) * sizeof(*grants));
        snprintf(grants[n].account, sizeof(grants[n].account), "%s",
                 name != NULL ? name : "");
        grants[n].role = role != NULL && strcmp(role, "editor") == 0
                             ? ACCESS_EDIT
                             : ACCESS_VIEW;
        n++;
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        free(grants);
        store_set_db_error(store, "listing the roles failed");
        return -1;
    }
    *out = grants;
    *count = n;
    return 0;
}

int
store_role_read(struct store *store, const char *sql, int64_t id,
                const char *grantee, enum dashboard_access *role)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    const char *name;
    int step;

    *role = ACCESS_NONE;
    if (stmt == NULL) {
        store_set_db_error(store, "reading a role failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, grantee, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        name = (const char *)sqlite3_column_text(stmt, 0);
        if (name != NULL && strcmp(name, "editor") == 0)
            *role = ACCESS_EDIT;
        else if (name != NULL && strcmp(name, "viewer") == 0)
            *role = ACCESS_VIEW;
    }
    store_statement_done(stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        store_set_db_error(store, "reading a role failed");
        return -1;
    }
    return 0;
}

int
store_exec(struct store *store, const char *sql)
{
    char *message = NULL;
    int rc;

    rc = sqlite3_exec(store->db, sql, NULL, NULL, &message);
    if (rc != SQLITE_OK) {
        store_set_error(store, "%s: %s", sql,
                        message != NULL ? message : sqlite3_errstr(rc));
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

/*
 * Set the connection options. Reading the journal mode also makes SQLite
 * read the file header, so a file that is not a database fails here.
 */
static int
store_configure(struct store *store, enum store_open_mode mode)
{
    const char *sql = "PRAGMA journal_mode = WAL";
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    sqlite3_extended_result_codes(store->db, 1);
    sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
    if (mode == STORE_OPEN_READONLY)
        sql = "PRAGMA journal_mode";

    if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading the database failed");
        goto out;
    }
    if (mode != STORE_OPEN_READONLY && strcmp(store->path, ":memory:") != 0 &&
        strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") != 0) {
        log_warn("%s: WAL journal mode is not available, using %s", store->path,
                 sqlite3_column_text(stmt, 0));
    }

    if (store_exec(store, "PRAGMA foreign_keys = ON") < 0)
        goto out;
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_open(const char *path, enum store_open_mode mode,
           struct store **store_out, char **error)
{
    struct store *store = NULL;
    int flags;
    int rc = -1;

    *store_out = NULL;
    switch (mode) {
    case STORE_OPEN_EXISTING:
        flags = SQLITE_OPEN_READWRITE;
        break;
    case STORE_OPEN_CREATE:
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case STORE_OPEN_READONLY:
    default:
        flags = SQLITE_OPEN_READONLY;
        break;
    }

    store = xcalloc(1, sizeof *store);
    store->path = xstrdup(path);
    if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK) {
        *error = xasprintf("opening database %s failed: %s", path,
                           store->db != NULL ? sqlite3_errmsg(store->db)
                                             : "out of memory");
        goto out;
    }
    if (store_configure(store, mode) < 0) {
        *error = xasprintf("%s: %s", path, store_error(store));
        goto out;
    }

    *store_out = store;
    store = NULL;
    rc = 0;

out:
    store_close(store);
    return rc;
}

int
store_set_cache_kib(struct store *store, int kib)
{
    char sql[64];

    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
    return store_exec(store, sql);
}

void
store_close(struct store *store)
{
    size_t i;

    if (store == NULL)
        return;
    for (i = 0; i < STORE_STATEMENT_CACHE; i++) {
        free(store->cache[i].sql);
        sqlite3_finalize(store->cache[i].stmt);
    }
    if (sqlite3_close(store->db) != SQLITE_OK) {
        log_error("%s: closing the database failed: %s", store->path,
                  sqlite3_errmsg(store->db));
    }
    free(store->path);
    free(store->error);
    store_message_free(store->message);
    free(store->translated);
    free(store);
}

int
store_meta_get(struct store *store, const char *key, char **value)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    int step;

    *value = NULL;
    if (sqlite3_prepare_v2(store->db, "SELECT value FROM meta WHERE key = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "reading meta failed");
        goto out;
    }
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);

    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = 1;
    } else if (step == SQLITE_ROW) {
        *value = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        rc = 0;
    } else {
        store_set_db_error(store, "reading meta failed");
    }

out:
    sqlite3_finalize(stmt);
    return rc;
}
