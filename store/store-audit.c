/*
 * terrish: the audit log of sensitive actions (who, from where, what, on
 * what), written once and read newest first.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

const struct audit_actor audit_local_actor = {
    AUDIT_LOCAL_ACCOUNT,
    AUDIT_LOCAL_ADDRESS,
};

const char *const audit_action_names[] = {
    "account.request",
    "account.accept",
    "account.refuse",
    "account.add",
    "account.remove",
    "account.role",
    "account.key",
    "account.password",
    "account.rename",
    "indicator.import",
    "indicator.edit",
    "indicator.publish",
    "indicator.withdraw",
    "group.add",
    "group.remove",
    "dashboard.public",
    "dashboard.share",
    "dashboard.grant",
    "dashboard.import",
    "dashboard.remove",
    "strategy.grant",
    "strategy.public",
    "strategy.remove",
    NULL,
};

int
audit_action_valid(const char *action)
{
    size_t i;

    for (i = 0; audit_action_names[i] != NULL; i++) {
        if (strcmp(audit_action_names[i], action) == 0)
            return 1;
    }
    return 0;
}

int
store_audit(struct store *store, const struct audit_actor *actor,
            const char *action, const char *target, const void *detail)
{
    sqlite3_stmt *stmt = NULL;
    char *text = NULL;
    int rc = -1;

    if (!audit_action_valid(action)) {
        store_set_error(store, "unknown audit action \"%s\"", action);
        return -1;
    }
    if (detail != NULL && !json_is_object((const json_t *)detail)) {
        store_set_error(store, "the detail of an audit row must be a JSON "
                               "object");
        return -1;
    }
    text = detail != NULL ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS)
                          : xstrdup("{}");
    if (text == NULL) {
        store_set_error(store, "the detail of an audit row cannot be "
                               "written as JSON (invalid UTF-8?)");
        return -1;
    }
    stmt = store_statement(store,
                           "INSERT INTO audit_log (at, account, address,"
                           " action, target, detail) VALUES"
                           " (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " ?1, ?2, ?3, ?4, ?5)");
    if (stmt == NULL) {
        store_set_db_error(store, "writing the audit log failed");
        goto out;
    }
    sqlite3_bind_text(stmt, 1, actor->account, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, actor->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, target != NULL ? target : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, text, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "writing the audit log failed");
        goto out;
    }
    rc = 0;
    log_info("audit account=%s from=%s action=%s target=%s",
             actor->account, actor->address, action,
             target != NULL ? target : "");
out:
    store_statement_done(stmt);
    free(text);
    return rc;
}

static char *
column_dup(sqlite3_stmt *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(stmt, column);

    return xstrdup(text != NULL ? (const char *)text : "");
}

/* The rows of a regional administrator's view: decisions on the requests
 * of the région ?4. */
#define AUDIT_REGION_SQL                                                       \
    " AND action IN ('account.request', 'account.accept',"                    \
    " 'account.refuse') AND target IN (SELECT 'request:' || r.id"             \
    " FROM account_request r WHERE"                                            \
    STORE_IN_REGION_SQL("r.territory_id", "?4") ")"

int
store_audit_list(struct store *store, const struct audit_filter *filter,
                 struct audit_entry **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t limit = filter->limit;
    size_t capacity = 0;
    int step;
    int rc = -1;

    *out = NULL;
    *count = 0;
    if (limit == 0 || limit > AUDIT_PAGE_MAX)
        limit = AUDIT_PAGE_MAX;
    stmt = store_statement(
        store,
        filter->region != NULL
            ? "SELECT id, at, account, address, action, target, detail"
              " FROM audit_log WHERE (?1 IS NULL OR account = ?1)"
              " AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR at >= ?3)"
              " AND (?5 = 0 OR id < ?5)" AUDIT_REGION_SQL
              " ORDER BY id DESC LIMIT ?6"
            : "SELECT id, at, account, address, action, target, detail"
              " FROM audit_log WHERE (?1 IS NULL OR account = ?1)"
              " AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR at >= ?3)"
              " AND (?5 = 0 OR id < ?5) ORDER BY id DESC LIMIT ?6");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the audit log failed");
        return -1;
    }
    if (filter->account != NULL)
        sqlite3_bind_text(stmt, 1, filter->account, -1, SQLITE_STATIC);
    if (filter->action != NULL)
        sqlite3_bind_text(stmt, 2, filter->action, -1, SQLITE_STATIC);
    if (filter->since != NULL)
        sqlite3_bind_text(stmt, 3, filter->since, -1, SQLITE_STATIC);
    if (filter->region != NULL)
        sqlite3_bind_text(stmt, 4, filter->region, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 5, filter->before_id);
    sqlite3_bind_int64(stmt, 6, (sqlite3_int64)limit);

    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct audit_entry *entry;

        if (*count == capacity) {
            capacity = capacity == 0 ? 32 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        entry = &(*out)[(*count)++];
        entry->id = sqlite3_column_int64(stmt, 0);
        entry->at = column_dup(stmt, 1);
        entry->account = column_dup(stmt, 2);
        entry->address = column_dup(stmt, 3);
        entry->action = column_dup(stmt, 4);
        entry->target = column_dup(stmt, 5);
        entry->detail = column_dup(stmt, 6);
    }
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the audit log failed");
        audit_entries_free(*out, *count);
        *out = NULL;
        *count = 0;
        goto out;
    }
    rc = 0;
out:
    store_statement_done(stmt);
    return rc;
}

void
audit_entries_free(struct audit_entry *entries, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        free(entries[i].at);
        free(entries[i].account);
        free(entries[i].address);
        free(entries[i].action);
        free(entries[i].target);
        free(entries[i].detail);
    }
    free(entries);
}
