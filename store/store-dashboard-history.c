/*
 * terrish: undo and revert of a dashboard, computed from its history.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Both write new changes through the edits of store-dashboard-edit.c, all
 * under one new version, and never change or delete a history row. An
 * undo writes back the before values of one version. A revert starts from
 * the current content and applies the before value of every change after
 * the target version, newest first, which gives the content at that
 * version. It then writes the fields that differ.
 */
#include "config.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Field name of the rows that record a widget added or removed. */
#define FIELD_WIDGET "widget"

/* One history row, with its JSON values parsed. */
struct change_row {
    int64_t widget_id;
    char *field;
    json_t *before;
    json_t *after;
};

static void
change_rows_free(struct change_row *rows, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        free(rows[i].field);
        json_decref(rows[i].before);
        json_decref(rows[i].after);
    }
    free(rows);
}

/* Parse the JSON text of one column of a history row. */
static json_t *
change_json(struct store *store, sqlite3_stmt *stmt, int column)
{
    json_error_t error;
    json_t *value;

    value = json_loads((const char *)sqlite3_column_text(stmt, column),
                       JSON_DECODE_ANY, &error);
    if (value == NULL)
        store_set_error(store, "invalid JSON in the history: %s", error.text);
    return value;
}

/*
 * Read the rows (widget_id, field, before, after) that sql selects with
 * the dashboard id bound to ?1 and number to ?2.
 */
static int
change_rows_read(struct store *store, const char *sql, int64_t dashboard_id,
                 int64_t number, struct change_row **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    struct change_row *row;
    size_t capacity = 0;
    int step = SQLITE_DONE;
    int rc = 0;

    *out = NULL;
    *count = 0;
    stmt = store_statement(store, sql);
    if (stmt == NULL) {
        store_set_db_error(store, "reading the history failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, dashboard_id);
    sqlite3_bind_int64(stmt, 2, number);
    while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 8 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        row = &(*out)[(*count)++];
        row->widget_id = sqlite3_column_int64(stmt, 0);
        row->field = xstrdup((const char *)sqlite3_column_text(stmt, 1));
        row->before = change_json(store, stmt, 2);
        row->after = change_json(store, stmt, 3);
        if (row->before == NULL || row->after == NULL)
            rc = -1;
    }
    if (rc == 0 && step != SQLITE_DONE) {
        store_set_db_error(store, "reading the history failed");
        rc = -1;
    }
    store_statement_done(stmt);
    if (rc < 0) {
        change_rows_free(*out, *count);
        *out = NULL;
        *count = 0;
    }
    return rc;
}

/*
 * Returns 1 when the change of row is still in effect: its field (or, for
 * a "widget" row, the widget's presence) has the value it set and its
 * widget is not removed. Returns 0 when not, -1 on error.
 */
static int
undo_in_effect(struct dashboard_edit *edit, const struct change_row *row)
{
    json_t *current = NULL;
    json_t *widget = NULL;
    int in_effect;

    if (row->widget_id != 0) {
        widget = dashboard_edit_get(edit, row->widget_id, FIELD_WIDGET);
        if (widget == NULL)
            return -1;
        if (strcmp(row->field, FIELD_WIDGET) == 0) {
            in_effect = json_is_null(widget) == json_is_null(row->after);
        } else {
            in_effect =
                json_is_object(widget) &&
                json_equal(json_object_get(widget, row->field), row->after);
        }
        json_decref(widget);
        return in_effect;
    }
    current = dashboard_edit_get(edit, 0, row->field);
    if (current == NULL)
        return -1;
    in_effect = json_equal(current, row->after);
    json_decref(current);
    return in_effect;
}

/*
 * Read the versions that an undo by edit->account may reverse: its
 * versions that are not an undo and not undone yet, newest first.
 */
static int
undo_candidates(struct dashboard_edit *edit, int64_t **versions, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int step = SQLITE_DONE;

    *versions = NULL;
    *count = 0;
    stmt = store_statement(edit->store,
                           "SELECT DISTINCT c.version FROM dashboard_change c"
                           " WHERE c.dashboard_id = ?1 AND c.account = ?2"
                           " AND c.undo_of IS NULL AND NOT EXISTS"
                           " (SELECT 1 FROM dashboard_change u"
                           "  WHERE u.dashboard_id = ?1"
                           "  AND u.undo_of = c.version)"
                           " ORDER BY c.version DESC");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "reading the history failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, edit->dashboard_id);
    sqlite3_bind_text(stmt, 2, edit->account, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 8 : capacity * 2;
            *versions = xrealloc(*versions, capacity * sizeof **versions);
        }
        (*versions)[(*count)++] = sqlite3_column_int64(stmt, 0);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(edit->store, "reading the history failed");
        free(*versions);
        *versions = NULL;
        *count = 0;
        return -1;
    }
    return 0;
}

/* Read the rows of one version of the dashboard, the last written first. */
static int
version_rows_read(struct dashboard_edit *edit, int64_t version,
                  struct change_row **out, size_t *count)
{
    return change_rows_read(edit->store,
                            "SELECT widget_id, field, before, after"
                            " FROM dashboard_change"
                            " WHERE dashboard_id = ?1 AND version = ?2"
                            " ORDER BY id DESC",
                            edit->dashboard_id, version, out, count);
}

/*
 * Returns 1 when every row of version is still in effect, 0 when another
 * change has replaced at least one of them since, -1 on error.
 */
static int
undo_version_in_effect(struct dashboard_edit *edit, int64_t version)
{
    struct change_row *rows = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    rc = version_rows_read(edit, version, &rows, &count);
    if (rc < 0)
        return -1;
    rc = 1;
    for (i = 0; rc == 1 && i < count; i++)
        rc = undo_in_effect(edit, &rows[i]);
    change_rows_free(rows, count);
    return rc;
}

/*
 * Find the version that an undo by edit->account reverses: its latest
 * version that is not an undo, not undone yet, and still wholly in
 * effect. Versions that other changes have replaced since, even in part,
 * are passed over and stay in the history as they are. Returns 0; 1 with
 * a message when the account has no version left; STORE_CONFLICT with a
 * message when it has some but later changes replaced them all; -1.
 */
static int
undo_find(struct dashboard_edit *edit, int64_t *target)
{
    int64_t *versions = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    rc = undo_candidates(edit, &versions, &count);
    if (rc == 0 && count == 0) {
        store_set_error(edit->store,
                        "account \"%s\" has no change left to undo on "
                        "dashboard %lld",
                        edit->account, (long long)edit->dashboard_id);
        rc = 1;
    }
    for (i = 0; rc == 0 && i < count; i++) {
        rc = undo_version_in_effect(edit, versions[i]);
        if (rc == 1) {
            *target = versions[i];
            free(versions);
            return 0;
        }
    }
    if (rc == 0) {
        store_set_error(edit->store,
                        "account \"%s\" has no change left in effect on "
                        "dashboard %lld: later changes replaced the %zu "
                        "that remain",
                        edit->account, (long long)edit->dashboard_id, count);
        rc = STORE_CONFLICT;
    }
    free(versions);
    return rc;
}

/*
 * Set the message of an undo that a later change blocks, naming who made
 * it. Returns STORE_CONFLICT, or -1.
 */
static int
undo_conflict(struct dashboard_edit *edit, const struct change_row *row,
              int64_t version)
{
    int rc;

    rc = dashboard_edit_conflict(edit, row->widget_id, row->field, version);
    if (rc == 0 && row->widget_id != 0) {
        /* The field itself is unchanged, but its widget was removed. */
        rc = dashboard_edit_conflict(edit, row->widget_id, FIELD_WIDGET,
                                     version);
    }
    if (rc == STORE_CONFLICT) {
        store_set_error(edit->store, "cannot undo version %lld: %s",
                        (long long)version, store_error(edit->store));
    } else if (rc == 0) {
        store_set_error(edit->store,
                        "cannot undo version %lld: its %s has another "
                        "value now",
                        (long long)version, row->field);
        rc = STORE_CONFLICT;
    }
    return rc;
}

int
dashboard_edit_undo(struct dashboard_edit *edit, int64_t target)
{
    struct change_row *rows = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    rc = version_rows_read(edit, target, &rows, &count);
    for (i = 0; rc == 0 && i < count; i++) {
        rc = undo_in_effect(edit, &rows[i]);
        if (rc == 0)
            rc = undo_conflict(edit, &rows[i], target);
        else if (rc == 1)
            rc = 0;
    }

    edit->undo_of = target;
    for (i = 0; rc == 0 && i < count; i++) {
        rc = dashboard_edit_put(edit, rows[i].widget_id, rows[i].field,
                                rows[i].before);
    }
    change_rows_free(rows, count);
    return rc;
}

int
store_dashboard_undo(struct store *store, const char *account, int64_t id,
                     int64_t *version)
{
    struct dashboard_edit edit;
    int64_t target = 0;
    int rc;

    *version = 0;
    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_edit_open(&edit, store, account, id);
    if (rc == 0)
        rc = undo_find(&edit, &target);
    if (rc == 0)
        rc = dashboard_edit_undo(&edit, target);
    return dashboard_edit_finish(&edit, rc, version);
}

/*
 * The content of a dashboard as JSON: {"dashboard": {field: value},
 * "widgets": {"id": object, or null when removed}}, with every widget it
 * ever had.
 */
static json_t *
state_read(struct dashboard_edit *edit)
{
    sqlite3_stmt *stmt = NULL;
    json_t *state = json_object();
    json_t *widgets = json_object();
    json_t *value = NULL;
    int64_t *ids = NULL;
    size_t count = 0;
    char key[32];
    size_t i;
    int ok;

    json_object_set_new(state, "widgets", widgets);
    value = dashboard_edit_get(edit, 0, NULL);
    ok = value != NULL;
    if (ok)
        json_object_set_new(state, "dashboard", value);

    stmt = store_statement(edit->store, "SELECT id FROM widget"
                                        " WHERE dashboard_id = ?1"
                                        " ORDER BY id");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "reading the widgets failed");
        ok = 0;
    } else {
        sqlite3_bind_int64(stmt, 1, edit->dashboard_id);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            ids = xrealloc(ids, (count + 1) * sizeof *ids);
            ids[count++] = sqlite3_column_int64(stmt, 0);
        }
        store_statement_done(stmt);
    }
    for (i = 0; ok && i < count; i++) {
        value = dashboard_edit_get(edit, ids[i], FIELD_WIDGET);
        ok = value != NULL;
        snprintf(key, sizeof key, "%lld", (long long)ids[i]);
        if (ok)
            json_object_set_new(widgets, key, value);
    }
    free(ids);
    if (!ok) {
        json_decref(state);
        return NULL;
    }
    return state;
}

/* Apply the before value of a history row to a state of state_read(). */
static void
state_step_back(json_t *state, const struct change_row *row)
{
    json_t *widgets = json_object_get(state, "widgets");
    json_t *widget = NULL;
    char key[32];

    if (row->widget_id == 0) {
        json_object_set(json_object_get(state, "dashboard"), row->field,
                        row->before);
        return;
    }
    snprintf(key, sizeof key, "%lld", (long long)row->widget_id);
    if (strcmp(row->field, FIELD_WIDGET) == 0) {
        json_object_set_new(widgets, key, json_deep_copy(row->before));
        return;
    }
    widget = json_object_get(widgets, key);
    if (json_is_object(widget))
        json_object_set(widget, row->field, row->before);
}

/* Write what differs between a widget now and its target state. */
static int
revert_widget(struct dashboard_edit *edit, int64_t widget_id, json_t *target)
{
    json_t *current = dashboard_edit_get(edit, widget_id, FIELD_WIDGET);
    const char *field;
    json_t *value;
    int rc = 0;

    if (current == NULL)
        return -1;
    if (json_is_null(target) || json_is_null(current)) {
        rc = dashboard_edit_put(edit, widget_id, FIELD_WIDGET, target);
    } else {
        json_object_foreach(target, field, value)
        {
            rc = dashboard_edit_put(edit, widget_id, field, value);
            if (rc != 0)
                break;
        }
    }
    json_decref(current);
    return rc;
}

/* Revert inside an open edit: rebuild the state at to_version, write it. */
static int
revert_in(struct dashboard_edit *edit, int64_t to_version)
{
    struct change_row *rows = NULL;
    json_t *state = NULL;
    json_t *value;
    const char *key;
    size_t count = 0;
    size_t i;
    int rc;

    if (to_version < 0 || to_version > edit->current) {
        store_set_error(edit->store,
                        "invalid version %lld: dashboard %lld has versions "
                        "0 to %lld",
                        (long long)to_version, (long long)edit->dashboard_id,
                        (long long)edit->current);
        return -1;
    }
    state = state_read(edit);
    if (state == NULL)
        return -1;
    rc = change_rows_read(edit->store,
                          "SELECT widget_id, field, before, after"
                          " FROM dashboard_change WHERE dashboard_id = ?1"
                          " AND version > ?2 ORDER BY version DESC, id DESC",
                          edit->dashboard_id, to_version, &rows, &count);
    for (i = 0; rc == 0 && i < count; i++)
        state_step_back(state, &rows[i]);

    edit->revert_to = to_version;
    json_object_foreach(json_object_get(state, "dashboard"), key, value)
    {
        if (rc != 0)
            break;
        rc = dashboard_edit_put(edit, 0, key, value);
    }
    json_object_foreach(json_object_get(state, "widgets"), key, value)
    {
        if (rc != 0)
            break;
        rc = revert_widget(edit, strtoll(key, NULL, 10), value);
    }
    change_rows_free(rows, count);
    json_decref(state);
    return rc;
}

int
store_dashboard_revert(struct store *store, const char *account, int64_t id,
                       int64_t to_version, int64_t *version)
{
    struct dashboard_edit edit;
    int rc;

    *version = 0;
    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_edit_open(&edit, store, account, id);
    if (rc == 0)
        rc = revert_in(&edit, to_version);
    return dashboard_edit_finish(&edit, rc, version);
}
