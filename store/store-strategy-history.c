/*
 * terrish: the history of strategies: one row per change, written by the
 * functions of store-strategy.c in their own transaction, and read back
 * newest first.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * A save sends the whole content of a strategy, so the rows of a save
 * come from comparing it with the stored content: the name, the actions
 * added or removed, each parameter target that changed, and each
 * baseline override, coefficient and goal set, changed or cleared.
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

void
strategy_change_clear(struct strategy_change *change)
{
    free(change->at);
    free(change->field);
    free(change->item);
    free(change->before);
    free(change->after);
    memset(change, 0, sizeof *change);
}

void
strategy_changes_free(struct strategy_change *changes, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        strategy_change_clear(&changes[i]);
    free(changes);
}

void *
strategy_item_json(const struct strategy_item *item)
{
    json_t *targets = json_array();
    size_t i;

    for (i = 0; i < item->param_count; i++) {
        const struct strategy_target *target = &item->params[i];

        json_array_append_new(
            targets,
            json_pack("{s:s, s:b, s:i, s:i, s:f}", "param", target->param,
                      "set", target->set, "start", target->start_year, "target",
                      target->target_year, "value", target->value));
    }
    return json_pack("{s:s, s:s, s:o}", "action", item->action, "choice",
                     item->choice, "targets", targets);
}

/* JSON text of a value, "null" for NULL. The caller frees it. */
static char *
json_text(const json_t *value)
{
    char *text;

    if (value == NULL)
        return xstrdup("null");
    text = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    TERRISH_ASSERT(text != NULL);
    return text;
}

int
strategy_change_write(struct store *store, int64_t id, const char *account,
                      const char *field, const char *item, void *before,
                      void *after)
{
    sqlite3_stmt *stmt;
    char *before_text = json_text(before);
    char *after_text = json_text(after);
    int rc = -1;

    json_decref(before);
    json_decref(after);
    stmt = store_statement(
        store, "INSERT INTO strategy_change (strategy_id, account, at,"
               " field, item, before, after) VALUES (?1, ?2,"
               " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3, ?4, ?5, ?6)");
    if (stmt == NULL) {
        store_set_db_error(store, "writing the history of a strategy failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, account != NULL ? account : AUDIT_LOCAL_ACCOUNT,
                      -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, item != NULL ? item : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, before_text, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 6, after_text, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_DONE)
        rc = 0;
    else
        store_set_db_error(store, "writing the history of a strategy failed");
    store_statement_done(stmt);
out:
    free(before_text);
    free(after_text);
    return rc;
}

/* The item text of an action: "action" or "action:choice". */
static void
action_key(const struct strategy_item *item, char *buf, size_t size)
{
    if (*item->choice == '\0')
        snprintf(buf, size, "%s", item->action);
    else
        snprintf(buf, size, "%s:%s", item->action, item->choice);
}

static int
targets_equal(const struct strategy_target *a, const struct strategy_target *b)
{
    return strcmp(a->param, b->param) == 0 && a->set == b->set &&
           a->start_year == b->start_year && a->target_year == b->target_year &&
           a->value == b->value;
}

static int
items_same_action(const struct strategy_item *a, const struct strategy_item *b)
{
    return strcmp(a->action, b->action) == 0 &&
           strcmp(a->choice, b->choice) == 0;
}

static int
items_equal(const struct strategy_item *a, const struct strategy_item *b)
{
    size_t i;

    if (!items_same_action(a, b) || a->param_count != b->param_count)
        return 0;
    for (i = 0; i < a->param_count; i++) {
        if (!targets_equal(&a->params[i], &b->params[i]))
            return 0;
    }
    return 1;
}

static json_t *
target_json(const struct strategy_target *target)
{
    return json_pack("{s:b, s:i, s:i, s:f}", "set", target->set, "start",
                     target->start_year, "target", target->target_year, "value",
                     target->value);
}

/* Write a "target" row for each parameter of after that differs in
 * before, the same action with the targets it had. */
static int
targets_diff_write(struct store *store, int64_t id, const char *account,
                   const struct strategy_item *before,
                   const struct strategy_item *after)
{
    char key[2 * STRATEGY_ID_MAX + 2];
    char item[sizeof key + STRATEGY_ID_MAX + 1];
    size_t i;
    size_t j;

    action_key(after, key, sizeof key);
    for (i = 0; i < after->param_count; i++) {
        const struct strategy_target *new_target = &after->params[i];
        const struct strategy_target *old_target = NULL;

        for (j = 0; j < before->param_count; j++) {
            if (strcmp(before->params[j].param, new_target->param) == 0)
                old_target = &before->params[j];
        }
        if (old_target != NULL && targets_equal(old_target, new_target))
            continue;
        snprintf(item, sizeof item, "%s/%s", key, new_target->param);
        if (strategy_change_write(store, id, account, "target", item,
                                  old_target != NULL ? target_json(old_target)
                                                     : NULL,
                                  target_json(new_target)) < 0)
            return -1;
    }
    return 0;
}

/*
 * Pair the actions of after with those of before: first those left as
 * they were, then the remaining ones of the same action and choice in
 * order, since a strategy may hold several reductions of one sector.
 * match[j] is the index in before of action j of after, or -1 for an
 * action added.
 */
static void
items_match(const struct strategy *before, const struct strategy *after,
            int match[STRATEGY_ITEMS_MAX], int used[STRATEGY_ITEMS_MAX])
{
    size_t i;
    size_t j;

    for (j = 0; j < STRATEGY_ITEMS_MAX; j++) {
        match[j] = -1;
        used[j] = 0;
    }
    for (j = 0; j < after->item_count; j++) {
        for (i = 0; i < before->item_count; i++) {
            if (!used[i] && items_equal(&before->items[i], &after->items[j])) {
                match[j] = (int)i;
                used[i] = 1;
                break;
            }
        }
    }
    for (j = 0; j < after->item_count; j++) {
        for (i = 0; match[j] < 0 && i < before->item_count; i++) {
            if (!used[i] &&
                items_same_action(&before->items[i], &after->items[j])) {
                match[j] = (int)i;
                used[i] = 1;
            }
        }
    }
}

static int
items_diff_write(struct store *store, int64_t id, const char *account,
                 const struct strategy *before, const struct strategy *after)
{
    int match[STRATEGY_ITEMS_MAX];
    int used[STRATEGY_ITEMS_MAX];
    char key[2 * STRATEGY_ID_MAX + 2];
    size_t i;
    size_t j;
    int rc = 0;

    items_match(before, after, match, used);
    for (i = 0; rc == 0 && i < before->item_count; i++) {
        if (used[i])
            continue;
        action_key(&before->items[i], key, sizeof key);
        rc = strategy_change_write(store, id, account, "action", key,
                                   strategy_item_json(&before->items[i]), NULL);
    }
    for (j = 0; rc == 0 && j < after->item_count; j++) {
        if (match[j] >= 0) {
            rc = targets_diff_write(store, id, account,
                                    &before->items[match[j]], &after->items[j]);
            continue;
        }
        action_key(&after->items[j], key, sizeof key);
        rc = strategy_change_write(store, id, account, "action", key, NULL,
                                   strategy_item_json(&after->items[j]));
    }
    return rc;
}

/* Write a row of field for each key set, changed or cleared. */
static int
values_diff_write(struct store *store, int64_t id, const char *account,
                  const char *field, const struct strategy_values *before,
                  const struct strategy_values *after)
{
    double value;
    size_t i;

    for (i = 0; i < before->count; i++) {
        const struct strategy_value *old_value = &before->items[i];

        if (strategy_values_get(after, old_value->key, &value) &&
            value == old_value->value)
            continue;
        if (strategy_change_write(
                store, id, account, field, old_value->key,
                json_real(old_value->value),
                strategy_values_get(after, old_value->key, &value)
                    ? json_real(value)
                    : NULL) < 0)
            return -1;
    }
    for (i = 0; i < after->count; i++) {
        const struct strategy_value *new_value = &after->items[i];

        if (strategy_values_get(before, new_value->key, &value))
            continue;
        if (strategy_change_write(store, id, account, field, new_value->key,
                                  NULL, json_real(new_value->value)) < 0)
            return -1;
    }
    return 0;
}

int
strategy_diff_write(struct store *store, int64_t id, const char *account,
                    const struct strategy *before, const struct strategy *after)
{
    const char *old_name = before->name != NULL ? before->name : "";
    const char *new_name = after->name != NULL ? after->name : "";

    if (strcmp(old_name, new_name) != 0 &&
        strategy_change_write(store, id, account, "name", "",
                              json_string(old_name), json_string(new_name)) < 0)
        return -1;
    if (items_diff_write(store, id, account, before, after) < 0 ||
        values_diff_write(store, id, account, "baseline", &before->baselines,
                          &after->baselines) < 0 ||
        values_diff_write(store, id, account, "coefficient",
                          &before->coefficients, &after->coefficients) < 0 ||
        values_diff_write(store, id, account, "goal", &before->goals,
                          &after->goals) < 0)
        return -1;
    return 0;
}

static char *
column_dup(sqlite3_stmt *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(stmt, column);

    return xstrdup(text != NULL ? (const char *)text : "");
}

int
store_strategy_history(struct store *store, const char *account, int64_t id,
                       struct strategy_change **out, size_t *count)
{
    enum dashboard_access access;
    sqlite3_stmt *stmt;
    size_t capacity = 0;
    int step;
    int rc;

    *out = NULL;
    *count = 0;
    rc = store_strategy_access(store, id, account, &access);
    if (rc != 0)
        return rc;
    if (access < ACCESS_VIEW) {
        store_set_error(store, "account \"%s\" may not read strategy %lld",
                        account != NULL ? account : AUDIT_LOCAL_ACCOUNT,
                        (long long)id);
        return STORE_FORBIDDEN;
    }
    stmt = store_statement(store,
                           "SELECT id, account, at, field, item, before, after"
                           " FROM strategy_change WHERE strategy_id = ?1"
                           " ORDER BY id DESC");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the history of a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct strategy_change *change;

        if (*count == capacity) {
            capacity = capacity == 0 ? 16 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        change = &(*out)[(*count)++];
        change->id = sqlite3_column_int64(stmt, 0);
        snprintf(change->account, sizeof change->account, "%s",
                 (const char *)sqlite3_column_text(stmt, 1));
        change->at = column_dup(stmt, 2);
        change->field = column_dup(stmt, 3);
        change->item = column_dup(stmt, 4);
        change->before = column_dup(stmt, 5);
        change->after = column_dup(stmt, 6);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the history of a strategy failed");
        strategy_changes_free(*out, *count);
        *out = NULL;
        *count = 0;
        return -1;
    }
    return 0;
}

int
store_strategy_history_complete(struct store *store, int64_t id)
{
    sqlite3_stmt *stmt = store_statement(
        store, "SELECT EXISTS (SELECT 1 FROM strategy_change"
               " WHERE strategy_id = ?1 AND field IN ('create', 'copy'))");
    int complete = -1;

    if (stmt == NULL) {
        store_set_db_error(store, "reading the history of a strategy failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        complete = sqlite3_column_int(stmt, 0);
    else
        store_set_db_error(store, "reading the history of a strategy failed");
    store_statement_done(stmt);
    return complete;
}
