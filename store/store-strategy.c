/*
 * terrish: storage of territorial strategies, their sharing, their JSON
 * document and the baseline the engine reads from the store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each change runs in one transaction with its history rows
 * (store-strategy-history.c), so that a change is never stored without
 * them.
 */
#include "config.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"

/* Year of the ADEME territorial inventory the emissions baseline uses. */
#define STRATEGY_GHG_YEAR 2016

static json_t *
values_to_json(const struct strategy_values *values)
{
    json_t *object = json_object();
    size_t i;

    for (i = 0; i < values->count; i++)
        json_object_set_new(object, values->items[i].key,
                            json_real(values->items[i].value));
    return object;
}

char *
strategy_to_json(const struct strategy *strategy)
{
    json_t *items = json_array();
    json_t *root;
    char *text;
    size_t i;

    for (i = 0; i < strategy->item_count; i++)
        json_array_append_new(items, strategy_item_json(&strategy->items[i]));
    root = json_pack("{s:o, s:o, s:o, s:o}", "items", items, "baselines",
                     values_to_json(&strategy->baselines), "coefficients",
                     values_to_json(&strategy->coefficients), "goals",
                     values_to_json(&strategy->goals));
    text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(root);
    TERRISH_ASSERT(text != NULL);
    return text;
}

static int
values_from_json(struct strategy_values *values, json_t *object,
                 const char *what, char *err, size_t err_size)
{
    const char *key;
    json_t *value;

    if (object == NULL)
        return 0;
    if (!json_is_object(object)) {
        snprintf(err, err_size, "\"%s\" must be an object", what);
        return -1;
    }
    json_object_foreach(object, key, value) {
        if (!json_is_number(value) || strlen(key) >= STRATEGY_KEY_MAX) {
            snprintf(err, err_size, "invalid %s entry \"%s\"", what, key);
            return -1;
        }
        strategy_values_set(values, key, json_number_value(value));
    }
    return 0;
}

static int
item_from_json(struct strategy_item *item, json_t *object, char *err,
               size_t err_size)
{
    const char *action = json_string_value(json_object_get(object, "action"));
    const char *choice = json_string_value(json_object_get(object, "choice"));
    json_t *targets = json_object_get(object, "targets");
    json_t *entry;
    size_t i;

    memset(item, 0, sizeof *item);
    if (action == NULL || strlen(action) >= STRATEGY_ID_MAX ||
        (choice != NULL && strlen(choice) >= STRATEGY_ID_MAX) ||
        !json_is_array(targets) ||
        json_array_size(targets) > STRATEGY_PARAMS_MAX) {
        snprintf(err, err_size, "invalid action entry");
        return -1;
    }
    snprintf(item->action, sizeof item->action, "%s", action);
    snprintf(item->choice, sizeof item->choice, "%s",
             choice != NULL ? choice : "");
    json_array_foreach(targets, i, entry) {
        struct strategy_target *target = &item->params[i];
        const char *param =
            json_string_value(json_object_get(entry, "param"));

        if (param == NULL || strlen(param) >= STRATEGY_ID_MAX) {
            snprintf(err, err_size, "invalid target of action %s", action);
            return -1;
        }
        snprintf(target->param, sizeof target->param, "%s", param);
        target->set = json_is_true(json_object_get(entry, "set"));
        target->start_year =
            (int)json_integer_value(json_object_get(entry, "start"));
        target->target_year =
            (int)json_integer_value(json_object_get(entry, "target"));
        target->value = json_number_value(json_object_get(entry, "value"));
        item->param_count++;
    }
    return 0;
}

int
strategy_from_json(struct strategy *strategy, const char *json, char *err,
                   size_t err_size)
{
    json_error_t error;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &error);
    json_t *items;
    json_t *entry;
    size_t i;
    int rc = -1;

    if (root == NULL) {
        snprintf(err, err_size, "invalid strategy document: %s", error.text);
        return -1;
    }
    items = json_object_get(root, "items");
    if (items != NULL && (!json_is_array(items) ||
                          json_array_size(items) > STRATEGY_ITEMS_MAX)) {
        snprintf(err, err_size, "\"items\" must be an array of at most %d",
                 STRATEGY_ITEMS_MAX);
        goto out;
    }
    strategy->item_count = 0;
    json_array_foreach(items, i, entry) {
        if (item_from_json(&strategy->items[i], entry, err, err_size) < 0)
            goto out;
        strategy->item_count++;
    }
    if (values_from_json(&strategy->baselines,
                         json_object_get(root, "baselines"), "baselines",
                         err, err_size) < 0 ||
        values_from_json(&strategy->coefficients,
                         json_object_get(root, "coefficients"),
                         "coefficients", err, err_size) < 0 ||
        values_from_json(&strategy->goals, json_object_get(root, "goals"),
                         "goals", err, err_size) < 0)
        goto out;
    rc = 0;

out:
    json_decref(root);
    return rc;
}

void
strategy_summary_clear(struct strategy_summary *summary)
{
    free(summary->name);
    free(summary->updated_at);
    memset(summary, 0, sizeof *summary);
}

/* The id and role of an account. Returns 0, or -1 (unknown account). */
static int
account_lookup(struct store *store, const char *name, int64_t *id,
               int *admin)
{
    sqlite3_stmt *stmt = store_statement(
        store, "SELECT id, role FROM account WHERE name = ?1");
    int rc = -1;

    if (stmt == NULL) {
        store_set_db_error(store, "reading an account failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, name != NULL ? name : "", -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        *id = sqlite3_column_int64(stmt, 0);
        *admin = strcmp((const char *)sqlite3_column_text(stmt, 1),
                        "admin") == 0;
        rc = 0;
    } else {
        store_set_error(store, "unknown account \"%s\"",
                        name != NULL ? name : "");
    }
    store_statement_done(stmt);
    return rc;
}

/* The id and role of the caller: an account, or NULL for the local command
 * line, which owns the whole store file and has every right (id 0). */
static int
caller_lookup(struct store *store, const char *account, int64_t *id,
              int *admin)
{
    if (account == NULL) {
        *id = 0;
        *admin = 1;
        return 0;
    }
    return account_lookup(store, account, id, admin);
}

int
store_strategy_access(struct store *store, int64_t id, const char *account,
                      enum dashboard_access *out)
{
    sqlite3_stmt *stmt;
    int64_t account_id;
    int admin;
    int step;

    *out = ACCESS_NONE;
    if (caller_lookup(store, account, &account_id, &admin) < 0)
        return -1;
    stmt = store_statement(
        store,
        "SELECT s.owner_id = ?2, s.public,"
        " (SELECT role FROM strategy_grant g"
        "  WHERE g.strategy_id = s.id AND g.account_id = ?2)"
        " FROM strategy s WHERE s.id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "reading a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, account_id);
    step = sqlite3_step(stmt);
    if (step != SQLITE_ROW) {
        store_statement_done(stmt);
        if (step != SQLITE_DONE) {
            store_set_db_error(store, "reading a strategy failed");
            return -1;
        }
        return 1;
    }
    if (admin || sqlite3_column_int(stmt, 0))
        *out = ACCESS_OWNER;
    else if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
        *out = strcmp((const char *)sqlite3_column_text(stmt, 2),
                      "editor") == 0
                   ? ACCESS_EDIT
                   : ACCESS_VIEW;
    else if (sqlite3_column_int(stmt, 1))
        *out = ACCESS_VIEW;
    store_statement_done(stmt);
    return 0;
}

/* Check that account has at least need on strategy id. */
static int
strategy_require(struct store *store, int64_t id, const char *account,
                 enum dashboard_access need)
{
    enum dashboard_access access;
    int rc = store_strategy_access(store, id, account, &access);

    if (rc != 0)
        return rc;
    if (access < need) {
        store_set_error(store, "account \"%s\" may not %s strategy %lld",
                        account != NULL ? account : AUDIT_LOCAL_ACCOUNT,
                        need >= ACCESS_OWNER  ? N_("manage")
                        : need == ACCESS_EDIT ? N_("change")
                                              : N_("read"),
                        (long long)id);
        return STORE_FORBIDDEN;
    }
    return 0;
}

/*
 * Start a BEGIN IMMEDIATE transaction, unless the caller has one open.
 * *owned records whether strategy_end() must end it. The transaction is
 * immediate so that two sessions saving at once wait for each other,
 * instead of failing when a write follows the read of the stored content.
 */
static int
strategy_begin(struct store *store, int *owned)
{
    *owned = sqlite3_get_autocommit(store_db(store));
    if (!*owned)
        return 0;
    return store_exec(store, "BEGIN IMMEDIATE");
}

/* Commit when rc is 0, else roll back keeping the message. Returns rc,
 * or -1 when the commit fails. */
static int
strategy_end(struct store *store, int owned, int rc)
{
    if (!owned)
        return rc;
    if (rc == 0 && store_exec(store, "COMMIT") == 0)
        return 0;
    if (rc == 0)
        rc = -1;
    /* A failed COMMIT leaves the transaction open. An error of the
     * ROLLBACK itself is ignored to keep the first message. */
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Check a strategy name as dashboard names are checked: 1 to
 * STRATEGY_NAME_MAX bytes of UTF-8 on one line, without control
 * characters, not all blank. Returns 0, or -1 with a message. */
static int
strategy_name_check(struct store *store, const char *name)
{
    const char *problem = NULL;

    if (name == NULL || text_blank(name))
        problem = N_("empty");
    else
        problem = dashboard_text_problem(name, STRATEGY_NAME_MAX, 0);
    if (problem != NULL) {
        store_set_error(store,
                        "invalid strategy name: %s (use 1 to %d bytes of "
                        "UTF-8 text on one line)",
                        problem, STRATEGY_NAME_MAX);
        return -1;
    }
    return 0;
}

/* Insert a strategy row with an empty document. */
static int
strategy_insert(struct store *store, int64_t owner_id, const char *name,
                int64_t territory_id, int64_t *id)
{
    sqlite3_stmt *stmt = store_statement(
        store, "INSERT INTO strategy (name, owner_id, territory_id, created_at,"
               " updated_at) VALUES (?1, ?2, ?3,"
               " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
               " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");

    if (stmt == NULL) {
        store_set_db_error(store, "creating a strategy failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, owner_id);
    sqlite3_bind_int64(stmt, 3, territory_id);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "creating a strategy failed");
        store_statement_done(stmt);
        return -1;
    }
    store_statement_done(stmt);
    *id = sqlite3_last_insert_rowid(store_db(store));
    return 0;
}

int
store_strategy_create(struct store *store, const char *account,
                      const char *name, int64_t territory_id, int64_t *id)
{
    int64_t account_id;
    int owned;
    int admin;
    int rc;

    if (strategy_name_check(store, name) < 0)
        return -1;
    if (strategy_begin(store, &owned) < 0)
        return -1;
    rc = account_lookup(store, account, &account_id, &admin);
    if (rc == 0)
        rc = strategy_insert(store, account_id, name, territory_id, id);
    if (rc == 0)
        rc = strategy_change_write(store, *id, account, "create", "", NULL,
                                   json_pack("{s:s, s:I}", "name", name,
                                             "territory",
                                             (json_int_t)territory_id));
    return strategy_end(store, owned, rc);
}

static char *
column_dup(sqlite3_stmt *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(stmt, column);

    return xstrdup(text != NULL ? (const char *)text : "");
}

int
store_strategy_get(struct store *store, const char *account, int64_t id,
                   struct strategy *out)
{
    char err[256];
    sqlite3_stmt *stmt;
    char *document = NULL;
    int rc;

    strategy_clear(out);
    rc = strategy_require(store, id, account, ACCESS_VIEW);
    if (rc != 0)
        return rc;
    stmt = store_statement(
        store, "SELECT s.name, a.name, s.territory_id, s.parent_id,"
               " s.public, s.updated_at, s.document"
               " FROM strategy s JOIN account a ON a.id = s.owner_id"
               " WHERE s.id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "reading a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        store_statement_done(stmt);
        return 1;
    }
    out->id = id;
    out->name = column_dup(stmt, 0);
    snprintf(out->owner, sizeof out->owner, "%s",
             (const char *)sqlite3_column_text(stmt, 1));
    out->territory_id = sqlite3_column_int64(stmt, 2);
    out->parent_id = sqlite3_column_int64(stmt, 3);
    out->public = sqlite3_column_int(stmt, 4);
    out->updated_at = column_dup(stmt, 5);
    document = column_dup(stmt, 6);
    store_statement_done(stmt);

    rc = strategy_from_json(out, document, err, sizeof err);
    free(document);
    if (rc < 0) {
        store_set_error(store, "strategy %lld: %s", (long long)id, err);
        return -1;
    }
    return 0;
}

/* Write the name and the document of a strategy. */
static int
strategy_write(struct store *store, const struct strategy *strategy)
{
    sqlite3_stmt *stmt;
    char *document;
    int rc;

    stmt = store_statement(
        store, "UPDATE strategy SET name = ?2, document = ?3,"
               " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
               " WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "saving a strategy failed");
        return -1;
    }
    document = strategy_to_json(strategy);
    sqlite3_bind_int64(stmt, 1, strategy->id);
    sqlite3_bind_text(stmt, 2, strategy->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, document, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "saving a strategy failed");
    store_statement_done(stmt);
    free(document);
    return rc;
}

int
store_strategy_save(struct store *store, const char *account,
                    const struct strategy *strategy)
{
    struct strategy stored;
    int owned;
    int rc;

    if (strategy_name_check(store, strategy->name) < 0)
        return -1;
    if (strategy_begin(store, &owned) < 0)
        return -1;
    strategy_init(&stored);
    rc = strategy_require(store, strategy->id, account, ACCESS_EDIT);
    if (rc == 0)
        rc = store_strategy_get(store, account, strategy->id, &stored);
    if (rc == 0)
        rc = strategy_write(store, strategy);
    if (rc == 0)
        rc = strategy_diff_write(store, strategy->id, account, &stored,
                                 strategy);
    strategy_clear(&stored);
    return strategy_end(store, owned, rc);
}

int
store_strategy_save_merged(struct store *store, const char *account,
                           const struct strategy *base,
                           const struct strategy *mine,
                           struct strategy *merged, size_t *replaced)
{
    struct strategy stored;
    size_t count = 0;
    int owned;
    int rc;

    if (strategy_name_check(store, mine->name) < 0)
        return -1;
    if (strategy_begin(store, &owned) < 0)
        return -1;
    strategy_init(&stored);
    rc = strategy_require(store, mine->id, account, ACCESS_EDIT);
    if (rc == 0)
        rc = store_strategy_get(store, account, mine->id, &stored);
    if (rc == 0) {
        strategy_copy(merged, &stored);
        count = strategy_merge(merged, base, mine);
        rc = strategy_write(store, merged);
    }
    if (rc == 0)
        rc = strategy_diff_write(store, mine->id, account, &stored, merged);
    strategy_clear(&stored);
    if (replaced != NULL)
        *replaced = rc == 0 ? count : 0;
    return strategy_end(store, owned, rc);
}

/* The rename inside a transaction, with its history row. */
static int
rename_in(struct store *store, const char *account, int64_t id,
          const char *name)
{
    sqlite3_stmt *stmt;
    char *before = NULL;
    int step;
    int rc;

    stmt = store_statement(store, "SELECT name FROM strategy WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "renaming a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        before = column_dup(stmt, 0);
    store_statement_done(stmt);
    if (step != SQLITE_ROW) {
        if (step == SQLITE_DONE)
            return 1;
        store_set_db_error(store, "renaming a strategy failed");
        return -1;
    }
    if (strcmp(before, name) == 0) {
        free(before);
        return 0;
    }
    stmt = store_statement(
        store, "UPDATE strategy SET name = ?2,"
               " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
               " WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "renaming a strategy failed");
        free(before);
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "renaming a strategy failed");
    store_statement_done(stmt);
    if (rc == 0)
        rc = strategy_change_write(store, id, account, "name", "",
                                   json_string(before), json_string(name));
    free(before);
    return rc;
}

int
store_strategy_rename(struct store *store, const char *account, int64_t id,
                      const char *name)
{
    int owned;
    int rc;

    if (strategy_name_check(store, name) < 0)
        return -1;
    if (strategy_begin(store, &owned) < 0)
        return -1;
    rc = strategy_require(store, id, account, ACCESS_EDIT);
    if (rc == 0)
        rc = rename_in(store, account, id, name);
    return strategy_end(store, owned, rc);
}

/* Record the strategy a copy was made from. */
static int
strategy_set_parent(struct store *store, int64_t id, int64_t parent_id)
{
    sqlite3_stmt *stmt = store_statement(
        store, "UPDATE strategy SET parent_id = ?2 WHERE id = ?1");
    int rc;

    if (stmt == NULL) {
        store_set_db_error(store, "copying a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, parent_id);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "copying a strategy failed");
    store_statement_done(stmt);
    return rc;
}

/* The copy inside a transaction: one "copy" row on the new strategy, and
 * no row for the content it starts with. */
static int
strategy_copy_in(struct store *store, const char *account, int64_t id,
                 const char *new_name, int64_t *new_id)
{
    struct strategy original;
    char *original_name = NULL;
    char item[32];
    int64_t account_id;
    int admin;
    int rc;

    strategy_init(&original);
    rc = store_strategy_get(store, account, id, &original);
    if (rc == 0)
        rc = account_lookup(store, account, &account_id, &admin);
    if (rc == 0)
        rc = strategy_insert(store, account_id, new_name, original.territory_id,
                             new_id);
    if (rc == 0) {
        original_name = original.name;
        original.name = xstrdup(new_name);
        original.id = *new_id;
        rc = strategy_write(store, &original);
    }
    if (rc == 0)
        rc = strategy_set_parent(store, *new_id, id);
    if (rc == 0) {
        snprintf(item, sizeof item, "%lld", (long long)id);
        rc = strategy_change_write(store, *new_id, account, "copy", item,
                                   json_string(original_name),
                                   json_string(new_name));
    }
    free(original_name);
    strategy_clear(&original);
    return rc;
}

int
store_strategy_copy(struct store *store, const char *account, int64_t id,
                    const char *new_name, int64_t *new_id)
{
    int owned;
    int rc;

    if (strategy_name_check(store, new_name) < 0)
        return -1;
    if (strategy_begin(store, &owned) < 0)
        return -1;
    rc = strategy_copy_in(store, account, id, new_name, new_id);
    return strategy_end(store, owned, rc);
}

int
store_strategy_remove(struct store *store, const char *account, int64_t id)
{
    sqlite3_stmt *stmt;
    int rc = strategy_require(store, id, account, ACCESS_OWNER);

    if (rc != 0)
        return rc;
    /* Grants and history cascade with it. */
    stmt = store_statement(store, "DELETE FROM strategy WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "removing a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "removing a strategy failed");
    store_statement_done(stmt);
    return rc;
}

/* Copy the role of grantee on strategy id ("viewer" or "editor") into
 * role, "" when it has none. Returns 0, or -1. */
static int
grant_read(struct store *store, int64_t id, int64_t grantee_id, char *role,
           size_t size)
{
    sqlite3_stmt *stmt =
        store_statement(store, "SELECT role FROM strategy_grant"
                               " WHERE strategy_id = ?1 AND account_id = ?2");
    int step;

    *role = '\0';
    if (stmt == NULL) {
        store_set_db_error(store, "reading the roles of a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, grantee_id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        snprintf(role, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
    store_statement_done(stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        store_set_db_error(store, "reading the roles of a strategy failed");
        return -1;
    }
    return 0;
}

/* Check the grantee, then write the grant and its history row. */
static int
grant_in(struct store *store, const char *account, int64_t id,
         const char *grantee, enum dashboard_access role)
{
    const char *name = role == ACCESS_EDIT   ? "editor"
                       : role == ACCESS_VIEW ? "viewer"
                                             : NULL;
    sqlite3_stmt *stmt;
    char before[16];
    int64_t grantee_id;
    int owner;
    int admin;
    int rc;

    if (role != ACCESS_NONE && role != ACCESS_VIEW && role != ACCESS_EDIT) {
        store_set_error(store,
                        "invalid role %d: a strategy is shared as "
                        "viewer or editor, or none to revoke",
                        (int)role);
        return -1;
    }
    if (account_lookup(store, grantee, &grantee_id, &admin) < 0)
        return -1;
    stmt = store_statement(store, "SELECT owner_id = ?2 FROM strategy"
                                  " WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "sharing a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, grantee_id);
    owner = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
    store_statement_done(stmt);
    if (owner) {
        store_set_error(store, "account \"%s\" owns strategy %lld already",
                        grantee, (long long)id);
        return -1;
    }
    if (grant_read(store, id, grantee_id, before, sizeof before) < 0)
        return -1;
    if (strcmp(before, name != NULL ? name : "") == 0)
        return 0;

    stmt = store_statement(
        store, name == NULL ? "DELETE FROM strategy_grant"
                              " WHERE strategy_id = ?1 AND account_id = ?2"
                            : "INSERT OR REPLACE INTO strategy_grant"
                              " (strategy_id, account_id, role)"
                              " VALUES (?1, ?2, ?3)");
    if (stmt == NULL) {
        store_set_db_error(store, "sharing a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, grantee_id);
    if (name != NULL)
        sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "sharing a strategy failed");
    store_statement_done(stmt);
    if (rc == 0)
        rc = strategy_change_write(store, id, account, "grant", grantee,
                                   *before != '\0' ? json_string(before) : NULL,
                                   name != NULL ? json_string(name) : NULL);
    return rc;
}

int
store_strategy_role(struct store *store, int64_t id, const char *grantee,
                    enum dashboard_access *role)
{
    return store_role_read(store,
                           "SELECT g.role FROM strategy_grant g"
                           " JOIN account a ON a.id = g.account_id"
                           " WHERE g.strategy_id = ?1 AND a.name = ?2",
                           id, grantee, role);
}

int
store_strategy_grants(struct store *store, int64_t id,
                      struct store_grant **out, size_t *count)
{
    return store_grants_read(store,
                             "SELECT a.name, g.role FROM strategy_grant g"
                             " JOIN account a ON a.id = g.account_id"
                             " WHERE g.strategy_id = ?1 ORDER BY a.name",
                             id, out, count);
}

int
store_strategy_grant(struct store *store, const char *account, int64_t id,
                     const char *grantee, enum dashboard_access role)
{
    int owned;
    int rc;

    if (strategy_begin(store, &owned) < 0)
        return -1;
    rc = strategy_require(store, id, account, ACCESS_OWNER);
    if (rc == 0)
        rc = grant_in(store, account, id, grantee, role);
    return strategy_end(store, owned, rc);
}

/* Set the public mark once the role is checked, with its history row. */
static int
public_in(struct store *store, const char *account, int64_t id, int public)
{
    sqlite3_stmt *stmt;
    int before;
    int step;
    int rc;

    stmt = store_statement(store, "SELECT public FROM strategy WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "publishing a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    step = sqlite3_step(stmt);
    before = step == SQLITE_ROW ? sqlite3_column_int(stmt, 0) != 0 : 0;
    store_statement_done(stmt);
    if (step == SQLITE_DONE)
        return 1;
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "publishing a strategy failed");
        return -1;
    }
    if (before == (public != 0))
        return 0;
    stmt = store_statement(store,
                           "UPDATE strategy SET public = ?2 WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "publishing a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int(stmt, 2, public != 0);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        store_set_db_error(store, "publishing a strategy failed");
    store_statement_done(stmt);
    if (rc == 0)
        rc = strategy_change_write(store, id, account, "public", "",
                                   json_boolean(before),
                                   json_boolean(public != 0));
    return rc;
}

int
store_strategy_set_public(struct store *store, const char *account, int64_t id,
                          int public)
{
    int64_t account_id;
    int owned;
    int admin;
    int rc;

    if (caller_lookup(store, account, &account_id, &admin) < 0)
        return -1;
    if (!admin) {
        store_set_error(store,
                        "account \"%s\" may not make strategy %lld "
                        "public or private: only an administrator "
                        "may",
                        account, (long long)id);
        return STORE_FORBIDDEN;
    }
    if (strategy_begin(store, &owned) < 0)
        return -1;
    rc = public_in(store, account, id, public);
    return strategy_end(store, owned, rc);
}

int
store_strategy_list(struct store *store, const char *account,
                    struct strategy_summary **out, size_t *count)
{
    struct strategy_summary *items = NULL;
    sqlite3_stmt *stmt;
    int64_t account_id;
    size_t n = 0;
    int admin;
    int step;

    *out = NULL;
    *count = 0;
    /* The local command line lists every strategy. */
    if (caller_lookup(store, account, &account_id, &admin) < 0)
        return -1;
    stmt = store_statement(
        store,
        "SELECT s.id, s.name, a.name, s.territory_id, s.public,"
        " s.updated_at, s.owner_id = ?1,"
        " (SELECT role FROM strategy_grant g"
        "  WHERE g.strategy_id = s.id AND g.account_id = ?1)"
        " FROM strategy s JOIN account a ON a.id = s.owner_id"
        " WHERE ?2 OR s.owner_id = ?1 OR s.public"
        " OR EXISTS (SELECT 1 FROM strategy_grant g"
        "  WHERE g.strategy_id = s.id AND g.account_id = ?1)"
        " ORDER BY s.name COLLATE NOCASE, s.id");
    if (stmt == NULL) {
        store_set_db_error(store, "listing strategies failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, account_id);
    sqlite3_bind_int(stmt, 2, admin);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct strategy_summary *item;

        items = xrealloc(items, (n + 1) * sizeof *items);
        item = &items[n++];
        memset(item, 0, sizeof *item);
        item->id = sqlite3_column_int64(stmt, 0);
        item->name = column_dup(stmt, 1);
        snprintf(item->owner, sizeof item->owner, "%s",
                 (const char *)sqlite3_column_text(stmt, 2));
        item->territory_id = sqlite3_column_int64(stmt, 3);
        item->public = sqlite3_column_int(stmt, 4);
        item->updated_at = column_dup(stmt, 5);
        if (admin || sqlite3_column_int(stmt, 6))
            item->access = ACCESS_OWNER;
        else if (sqlite3_column_type(stmt, 7) != SQLITE_NULL &&
                 strcmp((const char *)sqlite3_column_text(stmt, 7),
                        "editor") == 0)
            item->access = ACCESS_EDIT;
        else
            item->access = ACCESS_VIEW;
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "listing strategies failed");
        while (n > 0)
            strategy_summary_clear(&items[--n]);
        free(items);
        return -1;
    }
    *out = items;
    *count = n;
    return 0;
}

/* Read one indicator value into a baseline slot when it is complete. */
static int
baseline_read(struct store *store, const char *indicator, int64_t territory,
              int year, const char *category, double factor,
              struct strategy_baseline *out, int slot)
{
    struct indicator_result result;
    int rc = store_indicator_value(store, indicator, territory, year,
                                   category, &result);

    if (rc < 0)
        return -1;
    if (rc == 0 && (result.flag == RESULT_PRESENT ||
                    result.flag == RESULT_PARTIAL)) {
        out->value[slot] = result.value * factor;
        out->present[slot] = 1;
        out->year[slot] = result.year;
        if (result.flag == RESULT_PARTIAL)
            snprintf(out->origin[slot], sizeof out->origin[slot],
                     "partial");
    }
    return 0;
}

/* The plug-in share of cars: the territory's, else its département's. */
static int
baseline_ev_share(struct store *store, int64_t territory_id,
                  struct strategy_baseline *out)
{
    struct territory_list parents = {NULL, 0};
    size_t i;
    int rc;

    if (baseline_read(store, "cars_electric_share", territory_id, 2022, NULL,
                      1, out, BASELINE_EV_SHARE) < 0)
        return -1;
    if (out->present[BASELINE_EV_SHARE])
        return 0;
    rc = store_territory_parents(store, territory_id, &parents);
    if (rc < 0)
        return -1;
    for (i = 0; i < parents.count; i++) {
        if (parents.items[i].level != LEVEL_DEPARTEMENT)
            continue;
        rc = baseline_read(store, "cars_electric_share", parents.items[i].id,
                           2022, NULL, 1, out, BASELINE_EV_SHARE);
        if (rc == 0 && out->present[BASELINE_EV_SHARE])
            snprintf(out->origin[BASELINE_EV_SHARE],
                     sizeof out->origin[BASELINE_EV_SHARE], "departement %s",
                     parents.items[i].code);
        break;
    }
    territory_list_free(&parents);
    return rc < 0 ? -1 : 0;
}

int
store_strategy_baseline(struct store *store, int64_t territory_id,
                        struct strategy_baseline *out)
{
    struct territory territory;
    int rc;
    int s;

    memset(out, 0, sizeof *out);
    memset(&territory, 0, sizeof territory);
    rc = store_territory_get_by_id(store, territory_id, &territory);
    territory_clear(&territory);
    if (rc != 0)
        return rc;

    for (s = 0; s < STRATEGY_SECTORS; s++) {
        if (baseline_read(store, "ghg_emissions", territory_id,
                          STRATEGY_GHG_YEAR,
                          strategy_sector_id((enum strategy_sector)s), 1, out,
                          s) < 0)
            return -1;
    }
    /* MWh in the data, GWh in the engine. */
    if (baseline_read(store, "electricity_residential", territory_id, 2023,
                      NULL, 0.001, out, BASELINE_ELECTRICITY) < 0 ||
        baseline_ev_share(store, territory_id, out) < 0 ||
        baseline_read(store, "production_capacity", territory_id, 2020,
                      "photovoltaique", 1, out, BASELINE_PV_CAPACITY) < 0 ||
        baseline_read(store, "dwellings", territory_id, 2018, "principales",
                      1, out, BASELINE_DWELLINGS) < 0)
        return -1;
    return 0;
}
