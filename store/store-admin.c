/*
 * terrish: administration of accounts (role, removal) and of dashboards
 * (the list of every one, the public mark), with their audit rows.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Commit when rc is 0, else roll back; returns rc, or -1 when the commit
 * fails. */
static int
admin_end(struct store *store, int rc)
{
    if (rc == 0 && store_exec(store, "COMMIT") == 0)
        return 0;
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc != 0 ? rc : -1;
}

int
store_account_set_role(struct store *store, const char *name,
                       enum user_role role, const char *region,
                       const struct audit_actor *actor)
{
    struct user before;
    json_t *detail = NULL;
    char *target = NULL;
    int rc;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    rc = store_user_find(store, name, &before);
    if (rc == 1)
        store_set_error(store, "account \"%s\" not found", name);
    if (rc == 0)
        rc = store_user_set_role(store, name, role, region);
    if (rc == 0) {
        target = xasprintf("account:%s", name);
        detail = json_pack("{s:s, s:s, s:s, s:s}", "before",
                           user_role_name(before.role), "before_region",
                           before.region, "after", user_role_name(role),
                           "after_region",
                           role == ROLE_REGIONAL_ADMIN && region != NULL
                               ? region
                               : "");
        rc = store_audit(store, actor, "account.role", target, detail);
    }
    user_clear(&before);
    json_decref(detail);
    free(target);
    return admin_end(store, rc);
}

int
store_account_remove(struct store *store, const char *name,
                     const struct audit_actor *actor)
{
    char *target = NULL;
    int rc;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    rc = store_user_remove(store, name);
    if (rc == 1)
        store_set_error(store, "account \"%s\" not found", name);
    if (rc == 0) {
        target = xasprintf("account:%s", name);
        rc = store_audit(store, actor, "account.remove", target, NULL);
    }
    free(target);
    return admin_end(store, rc);
}

/* Check that name may be given to an account by a rename. Returns 0, or
 * -1 with a message. */
static int
account_rename_check(struct store *store, const char *name)
{
    struct user taken;
    int rc;

    if (!user_name_valid(name)) {
        store_set_error(store,
                        "invalid account name \"%s\": use up to 32 "
                        "lower-case letters, digits, '_', '.' or '-', "
                        "starting with a letter or '_'",
                        name);
        return -1;
    }
    if (user_name_reserved(name)) {
        store_set_error(store,
                        "the account name \"%s\" is reserved: logging in "
                        "as it opens the account request form",
                        name);
        return -1;
    }
    memset(&taken, 0, sizeof taken);
    rc = store_user_find(store, name, &taken);
    user_clear(&taken);
    if (rc == 0) {
        store_set_error(store, "an account is already named \"%s\"", name);
        return -1;
    }
    return rc == 1 ? 0 : -1;
}

/* Run one UPDATE of a rename with ?1 the new name and ?2 the old one. */
static int
account_rename_run(struct store *store, const char *sql, const char *name,
                   const char *new_name)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    int step;

    if (stmt == NULL) {
        store_set_db_error(store, "renaming an account failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, new_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "renaming an account failed");
        return -1;
    }
    return 0;
}

int
store_account_rename(struct store *store, const char *name,
                     const char *new_name, const struct audit_actor *actor)
{
    struct user before;
    json_t *detail = NULL;
    char *target = NULL;
    int rc;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    memset(&before, 0, sizeof before);
    rc = store_user_find(store, name, &before);
    user_clear(&before);
    if (rc == 1)
        store_set_error(store, "account \"%s\" not found", name);
    if (rc == 0)
        rc = account_rename_check(store, new_name);
    if (rc == 0)
        rc = account_rename_run(store,
                                "UPDATE account SET name = ?1 WHERE name = ?2",
                                name, new_name);
    /* Undo finds an account's own changes by the name in the history. */
    if (rc == 0)
        rc = account_rename_run(store,
                                "UPDATE dashboard_change SET account = ?1"
                                " WHERE account = ?2",
                                name, new_name);
    if (rc == 0) {
        target = xasprintf("account:%s", new_name);
        detail = json_pack("{s:s}", "before", name);
        rc = store_audit(store, actor, "account.rename", target, detail);
    }
    json_decref(detail);
    free(target);
    return admin_end(store, rc);
}

int
store_account_reserved_exists(struct store *store)
{
    struct user user;
    int rc;

    memset(&user, 0, sizeof user);
    rc = store_user_find(store, REQUEST_ACCOUNT, &user);
    user_clear(&user);
    if (rc < 0)
        return -1;
    return rc == 0 ? 1 : 0;
}

int
store_dashboard_list_all(struct store *store, struct dashboard **out,
                         size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int64_t *ids = NULL;
    size_t id_count = 0;
    size_t i;
    int step;
    int rc = 0;

    *out = NULL;
    *count = 0;
    stmt = store_statement(store, "SELECT id FROM dashboard"
                                  " ORDER BY name, id");
    if (stmt == NULL) {
        store_set_db_error(store, "listing the dashboards failed");
        return -1;
    }
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        ids = xrealloc(ids, (id_count + 1) * sizeof *ids);
        ids[id_count++] = sqlite3_column_int64(stmt, 0);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "listing the dashboards failed");
        free(ids);
        return -1;
    }
    /* store_dashboard_get() reads each one as every other listing does. */
    *out = xcalloc(id_count > 0 ? id_count : 1, sizeof **out);
    for (i = 0; i < id_count && rc >= 0; i++) {
        rc = store_dashboard_get(store, ids[i], &(*out)[*count]);
        if (rc == 0)
            (*count)++;
    }
    free(ids);
    if (rc < 0) {
        while (*count > 0)
            dashboard_clear(&(*out)[--*count]);
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int
store_dashboard_mark_public(struct store *store, int64_t id, int public)
{
    sqlite3_stmt *stmt = store_statement(
        store, "UPDATE dashboard SET public = ?2 WHERE id = ?1");
    int rc = -1;

    if (stmt == NULL) {
        store_set_db_error(store, "changing the public mark failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int(stmt, 2, public != 0);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        store_set_db_error(store, "changing the public mark failed");
    else
        rc = sqlite3_changes(store_db(store)) == 0 ? 1 : 0;
    store_statement_done(stmt);
    if (rc == 1)
        store_set_error(store, "no dashboard has the number %lld",
                        (long long)id);
    return rc;
}
