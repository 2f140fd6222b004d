/*
 * terrish: dashboards: creating, reading, rights, sharing, copying and
 * removing them. Versioned edits are in store-dashboard-edit.c.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Marks a message for xgettext without translating it here: the server and
 * the screens show it through gettext(). */
#define N_(msgid) (msgid)

/* Characters of a share code: upper case and digits without 0, 1, I, O. */
static const char share_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* Share codes drawn before giving up on collisions with existing ones. */
#define SHARE_ATTEMPTS 8

/* Names of the widget kinds as stored in widget.kind. */
/* clang-format off */
static const char *const widget_kind_names[] = {
    [WIDGET_KPI] = "kpi",
    [WIDGET_BARS] = "bars",
    [WIDGET_SERIES] = "series",
    [WIDGET_MINIMAP] = "minimap",
    [WIDGET_RANKING] = "ranking",
    [WIDGET_MODAL_SPLIT] = "modal_split",
    [WIDGET_FLOWS] = "flows",
    [WIDGET_GAUGE] = "gauge",
};
/* clang-format on */

_Static_assert(sizeof widget_kind_names / sizeof widget_kind_names[0] ==
                   WIDGET_KIND_COUNT,
               "one name per widget kind");

/* Columns that dashboard_read expects, in order, from d and owner o. */
#define DASHBOARD_COLUMNS                                                      \
    "d.id, d.name, d.description, o.name, d.territory_id, d.public,"           \
    " d.share_code, d.version, d.updated_at"

/* Columns that widget_read expects, in order, from table alias w. */
#define WIDGET_COLUMNS                                                         \
    "w.id, w.dashboard_id, w.position, w.indicator_id, w.category,"            \
    " w.territory_id, w.kind, w.title, w.width, w.height, w.target,"           \
    " w.version"

void
dashboard_clear(struct dashboard *dashboard)
{
    free(dashboard->name);
    free(dashboard->description);
    free(dashboard->updated_at);
    memset(dashboard, 0, sizeof *dashboard);
}

void
widget_clear(struct widget *widget)
{
    free(widget->indicator_id);
    free(widget->category);
    free(widget->title);
    memset(widget, 0, sizeof *widget);
}

void
dashboard_change_clear(struct dashboard_change *change)
{
    free(change->at);
    free(change->field);
    free(change->before);
    free(change->after);
    memset(change, 0, sizeof *change);
}

const char *
widget_kind_name(enum widget_kind kind)
{
    if ((size_t)kind >= WIDGET_KIND_COUNT)
        return "unknown";
    return widget_kind_names[kind];
}

int
widget_kind_parse(const char *name, enum widget_kind *kind)
{
    size_t i;

    for (i = 0; i < WIDGET_KIND_COUNT; i++) {
        if (strcmp(name, widget_kind_names[i]) == 0) {
            *kind = (enum widget_kind)i;
            return 0;
        }
    }
    return -1;
}

/* Return the name of an access level for messages. */
static const char *
access_name(enum dashboard_access access)
{
    switch (access) {
    case ACCESS_VIEW:
        return N_("view");
    case ACCESS_EDIT:
        return N_("edit");
    case ACCESS_OWNER:
        return N_("owner");
    case ACCESS_NONE:
        break;
    }
    return N_("no");
}

const char *
dashboard_text_problem(const char *text, size_t max, int multiline)
{
    size_t len = strlen(text);
    const unsigned char *p;

    if (len > max)
        return N_("too long");
    if (!text_utf8_valid(text, len))
        return N_("not valid UTF-8");
    for (p = (const unsigned char *)text; *p != '\0'; p++) {
        if (*p == '\n' && multiline)
            continue;
        if (*p < 0x20 || *p == 0x7f)
            return N_("contains a control character");
        /* U+0080 to U+009F are C1 controls, such as U+009B (CSI). */
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return N_("contains a control character");
        /* U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069 change
         * the direction in which the rest of a line is drawn. */
        if (*p == 0xe2 && p[1] == 0x80 &&
            (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
            return N_("contains a text direction control");
        if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
            return N_("contains a text direction control");
    }
    return NULL;
}

/* Check a dashboard name: 1 to DASHBOARD_NAME_MAX bytes, not all blank. */
static int
dashboard_name_check(struct store *store, const char *name)
{
    const char *problem = dashboard_text_problem(name, DASHBOARD_NAME_MAX, 0);

    if (problem == NULL && text_blank(name))
        problem = N_("empty");
    if (problem != NULL) {
        store_set_error(store,
                        "invalid dashboard name: %s (use 1 to %d bytes of "
                        "UTF-8 text on one line)",
                        problem, DASHBOARD_NAME_MAX);
        return -1;
    }
    return 0;
}

int
dashboard_begin(struct store *store)
{
    return store_exec(store, "BEGIN IMMEDIATE");
}

int
dashboard_end(struct store *store, int rc)
{
    if (rc == 0 && store_exec(store, "COMMIT") == 0)
        return 0;
    if (rc == 0)
        rc = -1;
    /* A failed COMMIT leaves the transaction open, so roll it back too.
     * An error of the ROLLBACK itself is ignored to keep the first one. */
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int
dashboard_query_int(struct store *store, const char *sql, int64_t id,
                    const char *text, const char *text2, int64_t *value)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    int parameters;
    int step;

    if (stmt == NULL) {
        store_set_db_error(store, "reading a dashboard failed");
        return -1;
    }
    parameters = sqlite3_bind_parameter_count(stmt);
    sqlite3_bind_int64(stmt, 1, id);
    if (parameters >= 2)
        sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
    if (parameters >= 3)
        sqlite3_bind_text(stmt, 3, text2, -1, SQLITE_STATIC);

    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        *value = sqlite3_column_int64(stmt, 0);
    store_statement_done(stmt);
    if (step == SQLITE_DONE)
        return 1;
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "reading a dashboard failed");
        return -1;
    }
    return 0;
}

/* Find an account's id. Returns 0, or -1 with a message when missing. */
static int
dashboard_account_id(struct store *store, const char *account, int64_t *id)
{
    int rc;

    rc = dashboard_query_int(store, "SELECT id FROM account WHERE name = ?2", 0,
                             account, NULL, id);
    if (rc == 1)
        store_set_error(store, "account \"%s\" not found", account);
    return rc == 0 ? 0 : -1;
}

/* Check that a territory exists. Returns 0, or -1 with a message. */
static int
dashboard_territory_check(struct store *store, int64_t territory_id)
{
    int64_t found;
    int rc;

    rc = dashboard_query_int(store, "SELECT id FROM territory WHERE id = ?1",
                             territory_id, NULL, NULL, &found);
    if (rc == 1) {
        store_set_error(store, "no territory has id %lld",
                        (long long)territory_id);
    }
    return rc == 0 ? 0 : -1;
}

int
store_dashboard_access(struct store *store, int64_t id, const char *account,
                       enum dashboard_access *out)
{
    sqlite3_stmt *stmt = NULL;
    const char *role;
    int step;

    *out = ACCESS_NONE;
    stmt = store_statement(store,
                           "SELECT d.public, a.id IS NOT NULL AND"
                           " (a.id = d.owner_id OR a.role = 'admin'), r.role"
                           " FROM dashboard d"
                           " LEFT JOIN account a ON a.name = ?2"
                           " LEFT JOIN dashboard_right r"
                           " ON r.dashboard_id = d.id AND r.account_id = a.id"
                           " WHERE d.id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the rights of a dashboard failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, account, -1, SQLITE_STATIC);

    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        role = (const char *)sqlite3_column_text(stmt, 2);
        if (sqlite3_column_int(stmt, 1))
            *out = ACCESS_OWNER;
        else if (role != NULL && strcmp(role, "editor") == 0)
            *out = ACCESS_EDIT;
        else if (role != NULL || sqlite3_column_int(stmt, 0))
            *out = ACCESS_VIEW;
    }
    store_statement_done(stmt);
    if (step == SQLITE_DONE)
        return 1;
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "reading the rights of a dashboard failed");
        return -1;
    }
    return 0;
}

int
dashboard_access_check(struct store *store, const char *account, int64_t id,
                       enum dashboard_access need, const char *action)
{
    enum dashboard_access access;
    int rc;

    rc = store_dashboard_access(store, id, account, &access);
    if (rc == 1)
        store_set_error(store, "no dashboard has id %lld", (long long)id);
    if (rc != 0)
        return rc;
    if (access < need) {
        store_set_error(store,
                        "account \"%s\" may not %s dashboard %lld: that "
                        "needs %s access and it has %s access",
                        account, action, (long long)id, access_name(need),
                        access_name(access));
        return STORE_FORBIDDEN;
    }
    return 0;
}

/* Copy the DASHBOARD_COLUMNS of the current row into out. */
static void
dashboard_read(sqlite3_stmt *stmt, struct dashboard *out)
{
    const char *code = (const char *)sqlite3_column_text(stmt, 6);

    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(stmt, 0);
    out->name = xstrdup((const char *)sqlite3_column_text(stmt, 1));
    out->description = xstrdup((const char *)sqlite3_column_text(stmt, 2));
    snprintf(out->owner, sizeof out->owner, "%s",
             (const char *)sqlite3_column_text(stmt, 3));
    out->territory_id = sqlite3_column_int64(stmt, 4);
    out->public = sqlite3_column_int(stmt, 5);
    snprintf(out->share_code, sizeof out->share_code, "%s",
             code != NULL ? code : "");
    out->version = sqlite3_column_int64(stmt, 7);
    out->updated_at = xstrdup((const char *)sqlite3_column_text(stmt, 8));
}

/* Read the one dashboard that sql selects with id or text bound to ?1. */
static int
dashboard_fetch(struct store *store, const char *sql, int64_t id,
                const char *text, struct dashboard *out)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    memset(out, 0, sizeof *out);
    stmt = store_statement(store, sql);
    if (stmt == NULL) {
        store_set_db_error(store, "reading a dashboard failed");
        return -1;
    }
    if (text != NULL)
        sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(stmt, 1, id);

    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        dashboard_read(stmt, out);
    store_statement_done(stmt);
    if (step == SQLITE_DONE)
        return 1;
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "reading a dashboard failed");
        return -1;
    }
    return 0;
}

int
store_dashboard_get(struct store *store, int64_t id, struct dashboard *out)
{
    return dashboard_fetch(store,
                           "SELECT " DASHBOARD_COLUMNS " FROM dashboard d"
                           " JOIN account o ON o.id = d.owner_id"
                           " WHERE d.id = ?1",
                           id, NULL, out);
}

int
store_dashboard_by_code(struct store *store, const char *code,
                        struct dashboard *out)
{
    char upper[DASHBOARD_CODE_LENGTH + 1];
    size_t len = strlen(code);
    size_t i;

    memset(out, 0, sizeof *out);
    if (len != DASHBOARD_CODE_LENGTH) {
        store_set_error(store, "a share code has %d characters",
                        DASHBOARD_CODE_LENGTH);
        return 1;
    }
    for (i = 0; i < len; i++) {
        upper[i] = code[i] >= 'a' && code[i] <= 'z'
                       ? (char)(code[i] - 'a' + 'A')
                       : code[i];
    }
    upper[len] = '\0';
    return dashboard_fetch(store,
                           "SELECT " DASHBOARD_COLUMNS " FROM dashboard d"
                           " JOIN account o ON o.id = d.owner_id"
                           " WHERE d.share_code = ?1",
                           0, upper, out);
}

int
store_dashboard_list(struct store *store, const char *account,
                     struct dashboard **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int step;

    *out = NULL;
    *count = 0;
    stmt =
        store_statement(store, "SELECT " DASHBOARD_COLUMNS " FROM dashboard d"
                               " JOIN account o ON o.id = d.owner_id"
                               " WHERE d.public = 1 OR o.name = ?1"
                               " OR EXISTS (SELECT 1 FROM dashboard_right r"
                               " JOIN account a ON a.id = r.account_id"
                               " WHERE r.dashboard_id = d.id AND a.name = ?1)"
                               " ORDER BY d.name, d.id");
    if (stmt == NULL) {
        store_set_db_error(store, "listing the dashboards failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, account, -1, SQLITE_STATIC);

    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 8 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        dashboard_read(stmt, &(*out)[(*count)++]);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "listing the dashboards failed");
        while (*count > 0)
            dashboard_clear(&(*out)[--*count]);
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* Copy the WIDGET_COLUMNS of the current row into out. */
static void
widget_read(sqlite3_stmt *stmt, struct widget *out)
{
    const char *category = (const char *)sqlite3_column_text(stmt, 4);

    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(stmt, 0);
    out->dashboard_id = sqlite3_column_int64(stmt, 1);
    out->position = sqlite3_column_int(stmt, 2);
    out->indicator_id = xstrdup((const char *)sqlite3_column_text(stmt, 3));
    out->category = category != NULL ? xstrdup(category) : NULL;
    out->territory_id = sqlite3_column_int64(stmt, 5);
    if (widget_kind_parse((const char *)sqlite3_column_text(stmt, 6),
                          &out->kind) < 0)
        out->kind = WIDGET_KPI;
    out->title = xstrdup((const char *)sqlite3_column_text(stmt, 7));
    out->width = sqlite3_column_int(stmt, 8);
    out->height = sqlite3_column_int(stmt, 9);
    out->has_target = sqlite3_column_type(stmt, 10) != SQLITE_NULL;
    out->target = sqlite3_column_double(stmt, 10);
    out->version = sqlite3_column_int64(stmt, 11);
}

int
store_dashboard_widgets(struct store *store, int64_t id, struct widget **out,
                        size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int step;

    *out = NULL;
    *count = 0;
    stmt = store_statement(store, "SELECT " WIDGET_COLUMNS " FROM widget w"
                                  " WHERE w.dashboard_id = ?1 AND w.removed = 0"
                                  " ORDER BY w.position, w.id");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the widgets failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);

    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 8 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        widget_read(stmt, &(*out)[(*count)++]);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the widgets failed");
        while (*count > 0)
            widget_clear(&(*out)[--*count]);
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int
store_dashboard_history(struct store *store, int64_t id, int64_t since,
                        struct dashboard_change **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    struct dashboard_change *change;
    size_t capacity = 0;
    int step;

    *out = NULL;
    *count = 0;
    stmt =
        store_statement(store, "SELECT version, account, at, widget_id, field,"
                               " before, after, coalesce(undo_of, 0),"
                               " coalesce(revert_to, -1) FROM dashboard_change"
                               " WHERE dashboard_id = ?1 AND version > ?2"
                               " ORDER BY version, id");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the history failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, since);

    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 16 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        change = &(*out)[(*count)++];
        change->version = sqlite3_column_int64(stmt, 0);
        snprintf(change->account, sizeof change->account, "%s",
                 (const char *)sqlite3_column_text(stmt, 1));
        change->at = xstrdup((const char *)sqlite3_column_text(stmt, 2));
        change->widget_id = sqlite3_column_int64(stmt, 3);
        change->field = xstrdup((const char *)sqlite3_column_text(stmt, 4));
        change->before = xstrdup((const char *)sqlite3_column_text(stmt, 5));
        change->after = xstrdup((const char *)sqlite3_column_text(stmt, 6));
        change->undo_of = sqlite3_column_int64(stmt, 7);
        change->revert_to = sqlite3_column_int64(stmt, 8);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the history failed");
        while (*count > 0)
            dashboard_change_clear(&(*out)[--*count]);
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int
dashboard_widget_insert(struct store *store, struct widget *widget,
                        int64_t version)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    stmt = store_statement(store, "INSERT INTO widget (dashboard_id, position,"
                                  " indicator_id, category, territory_id, kind,"
                                  " title, width, height, target, version)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                                  " ?10, ?11)");
    if (stmt == NULL) {
        store_set_db_error(store, "adding a widget failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, widget->dashboard_id);
    sqlite3_bind_int(stmt, 2, widget->position);
    sqlite3_bind_text(stmt, 3, widget->indicator_id, -1, SQLITE_STATIC);
    if (widget->category != NULL)
        sqlite3_bind_text(stmt, 4, widget->category, -1, SQLITE_STATIC);
    if (widget->territory_id != 0)
        sqlite3_bind_int64(stmt, 5, widget->territory_id);
    sqlite3_bind_text(stmt, 6, widget_kind_name(widget->kind), -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 7, widget->title != NULL ? widget->title : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(stmt, 8, widget->width);
    sqlite3_bind_int(stmt, 9, widget->height);
    if (widget->has_target)
        sqlite3_bind_double(stmt, 10, widget->target);
    sqlite3_bind_int64(stmt, 11, version);

    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "adding a widget failed");
        return -1;
    }
    widget->id = sqlite3_last_insert_rowid(store_db(store));
    widget->version = version;
    return 0;
}

/* Insert the dashboard row itself, at version 0, setting *id. */
static int
dashboard_insert(struct store *store, int64_t owner_id, const char *name,
                 const char *description, int64_t territory_id, int64_t *id)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    stmt = store_statement(store,
                           "INSERT INTO dashboard (name, description,"
                           " owner_id, territory_id, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4,"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    if (stmt == NULL) {
        store_set_db_error(store, "creating a dashboard failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, description, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, owner_id);
    sqlite3_bind_int64(stmt, 4, territory_id);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "creating a dashboard failed");
        return -1;
    }
    *id = sqlite3_last_insert_rowid(store_db(store));
    return 0;
}

/* Check and insert a dashboard with its widgets, inside a transaction. */
static int
dashboard_create_in(struct store *store, const char *account, const char *name,
                    int64_t territory_id, const struct widget *widgets,
                    size_t count, int64_t *id)
{
    struct widget widget;
    int64_t owner_id;
    size_t i;

    if (dashboard_account_id(store, account, &owner_id) < 0 ||
        dashboard_name_check(store, name) < 0 ||
        dashboard_territory_check(store, territory_id) < 0)
        return -1;
    for (i = 0; i < count; i++) {
        if (dashboard_widget_check(store, &widgets[i]) < 0)
            return -1;
    }
    if (dashboard_insert(store, owner_id, name, "", territory_id, id) < 0)
        return -1;

    for (i = 0; i < count; i++) {
        widget = widgets[i];
        widget.dashboard_id = *id;
        widget.position = (int)i;
        if (dashboard_widget_insert(store, &widget, 0) < 0)
            return -1;
    }
    return 0;
}

int
store_dashboard_create_with_widgets(struct store *store, const char *account,
                                    const char *name, int64_t territory_id,
                                    const struct widget *widgets, size_t count,
                                    int64_t *id)
{
    int rc;

    *id = 0;
    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_create_in(store, account, name, territory_id, widgets, count,
                             id);
    rc = dashboard_end(store, rc);
    if (rc != 0)
        *id = 0;
    return rc;
}

int
store_dashboard_create(struct store *store, const char *account,
                       const char *name, int64_t territory_id, int64_t *id)
{
    return store_dashboard_create_with_widgets(store, account, name,
                                               territory_id, NULL, 0, id);
}

/*
 * Return the default name of a copy: name followed by " (2)", with name
 * cut at a character boundary so that the result fits DASHBOARD_NAME_MAX.
 */
static char *
dashboard_copy_name(const char *name)
{
    static const char suffix[] = " (2)";
    size_t len = strlen(name);
    size_t max = DASHBOARD_NAME_MAX - (sizeof suffix - 1);

    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
            len--;
    }
    return xasprintf("%.*s%s", (int)len, name, suffix);
}

/* Copy dashboard source into a new one of account, inside a transaction. */
static int
dashboard_copy_in(struct store *store, const char *account, int64_t source,
                  const char *name, int64_t *new_id)
{
    struct dashboard original;
    sqlite3_stmt *stmt = NULL;
    char *copy_name = NULL;
    int64_t owner_id;
    int step;
    int rc = -1;

    memset(&original, 0, sizeof original);
    if (dashboard_account_id(store, account, &owner_id) < 0)
        goto out;
    rc = store_dashboard_get(store, source, &original);
    if (rc != 0)
        goto out;
    rc = -1;
    copy_name =
        name != NULL ? xstrdup(name) : dashboard_copy_name(original.name);
    if (dashboard_name_check(store, copy_name) < 0 ||
        dashboard_insert(store, owner_id, copy_name, original.description,
                         original.territory_id, new_id) < 0)
        goto out;

    stmt =
        store_statement(store, "INSERT INTO widget (dashboard_id, position,"
                               " indicator_id, category, territory_id, kind,"
                               " title, width, height, target, version)"
                               " SELECT ?2, position, indicator_id, category,"
                               " territory_id, kind, title, width, height,"
                               " target, 0 FROM widget"
                               " WHERE dashboard_id = ?1 AND removed = 0"
                               " ORDER BY position, id");
    if (stmt == NULL) {
        store_set_db_error(store, "copying the widgets failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, source);
    sqlite3_bind_int64(stmt, 2, *new_id);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "copying the widgets failed");
        goto out;
    }
    rc = 0;

out:
    free(copy_name);
    dashboard_clear(&original);
    return rc;
}

int
store_dashboard_copy_named(struct store *store, const char *account, int64_t id,
                           const char *name, int64_t *new_id)
{
    int rc;

    *new_id = 0;
    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_access_check(store, account, id, ACCESS_VIEW, N_("copy"));
    if (rc == 0)
        rc = dashboard_copy_in(store, account, id, name, new_id);
    rc = dashboard_end(store, rc);
    if (rc != 0)
        *new_id = 0;
    return rc;
}

int
store_dashboard_copy(struct store *store, const char *account, int64_t id,
                     int64_t *new_id)
{
    return store_dashboard_copy_named(store, account, id, NULL, new_id);
}

int
store_dashboard_copy_by_code(struct store *store, const char *account,
                             const char *code, const char *name,
                             int64_t *new_id)
{
    struct dashboard original;
    int rc;

    *new_id = 0;
    if (dashboard_begin(store) < 0)
        return -1;
    rc = store_dashboard_by_code(store, code, &original);
    if (rc == 1)
        store_set_error(store, "no dashboard has the share code \"%s\"", code);
    if (rc == 0)
        rc = dashboard_copy_in(store, account, original.id, name, new_id);
    dashboard_clear(&original);
    rc = dashboard_end(store, rc);
    if (rc != 0)
        *new_id = 0;
    return rc;
}

/*
 * Run one write statement on a dashboard, with id bound to ?1, text to ?2
 * and number to ?3 when sql has them. Returns 0, 1 when a UNIQUE
 * constraint fails, -1 on another failure.
 */
static int
dashboard_write(struct store *store, const char *sql, int64_t id,
                const char *text, int64_t number, const char *what)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    int parameters;
    int step;

    if (stmt == NULL) {
        store_set_db_error(store, what);
        return -1;
    }
    parameters = sqlite3_bind_parameter_count(stmt);
    sqlite3_bind_int64(stmt, 1, id);
    if (parameters >= 2 && text != NULL)
        sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
    if (parameters >= 3)
        sqlite3_bind_int64(stmt, 3, number);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, what);
        return step == SQLITE_CONSTRAINT_UNIQUE ? 1 : -1;
    }
    return 0;
}

int
store_dashboard_remove(struct store *store, const char *account, int64_t id)
{
    int rc;

    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_access_check(store, account, id, ACCESS_OWNER, N_("remove"));
    if (rc == 0) {
        /* Widgets, rights and history cascade with it. */
        rc = dashboard_write(store, "DELETE FROM dashboard WHERE id = ?1", id,
                             NULL, 0, "removing a dashboard failed");
    }
    return dashboard_end(store, rc);
}

/* Grant or revoke inside a transaction, once the owner right is checked. */
static int
dashboard_grant_in(struct store *store, int64_t id, const char *grantee,
                   enum dashboard_access role)
{
    int64_t grantee_id;
    int64_t owner_id;

    if (role != ACCESS_NONE && role != ACCESS_VIEW && role != ACCESS_EDIT) {
        store_set_error(store,
                        "invalid right %d: grant view or edit access, or "
                        "none to revoke (ownership does not change)",
                        (int)role);
        return -1;
    }
    if (dashboard_account_id(store, grantee, &grantee_id) < 0 ||
        dashboard_query_int(store,
                            "SELECT owner_id FROM dashboard WHERE id = ?1", id,
                            NULL, NULL, &owner_id) != 0)
        return -1;
    if (grantee_id == owner_id) {
        store_set_error(store, "account \"%s\" owns dashboard %lld already",
                        grantee, (long long)id);
        return -1;
    }

    if (role == ACCESS_NONE) {
        return dashboard_write(store,
                               "DELETE FROM dashboard_right"
                               " WHERE dashboard_id = ?1 AND account_id = ?3",
                               id, NULL, grantee_id, "revoking a right failed");
    }
    return dashboard_write(store,
                           "INSERT INTO dashboard_right (dashboard_id, role,"
                           " account_id) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (dashboard_id, account_id)"
                           " DO UPDATE SET role = excluded.role",
                           id, role == ACCESS_EDIT ? "editor" : "viewer",
                           grantee_id, "granting a right failed");
}

int
store_dashboard_role(struct store *store, int64_t id, const char *grantee,
                     enum dashboard_access *role)
{
    return store_role_read(store,
                           "SELECT r.role FROM dashboard_right r"
                           " JOIN account a ON a.id = r.account_id"
                           " WHERE r.dashboard_id = ?1 AND a.name = ?2",
                           id, grantee, role);
}

int
store_dashboard_grants(struct store *store, int64_t id,
                       struct store_grant **out, size_t *count)
{
    return store_grants_read(store,
                             "SELECT a.name, r.role FROM dashboard_right r"
                             " JOIN account a ON a.id = r.account_id"
                             " WHERE r.dashboard_id = ?1 ORDER BY a.name",
                             id, out, count);
}

int
store_dashboard_grant(struct store *store, const char *account, int64_t id,
                      const char *grantee, enum dashboard_access role)
{
    int rc;

    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_access_check(store, account, id, ACCESS_OWNER, N_("share"));
    if (rc == 0)
        rc = dashboard_grant_in(store, id, grantee, role);
    return dashboard_end(store, rc);
}

/* Draw a share code into code with libsodium's generator. */
static int
dashboard_draw_code(struct store *store, char code[DASHBOARD_CODE_LENGTH + 1])
{
    size_t i;

    if (sodium_init() < 0) {
        store_set_error(store, "initialising libsodium failed");
        return -1;
    }
    for (i = 0; i < DASHBOARD_CODE_LENGTH; i++) {
        code[i] = share_alphabet[randombytes_uniform(
            (uint32_t)(sizeof share_alphabet - 1))];
    }
    code[DASHBOARD_CODE_LENGTH] = '\0';
    return 0;
}

int
store_dashboard_share(struct store *store, const char *account, int64_t id,
                      char code[DASHBOARD_CODE_LENGTH + 1])
{
    int attempt;
    int rc;

    code[0] = '\0';
    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_access_check(store, account, id, ACCESS_OWNER, N_("share"));
    for (attempt = 0; rc == 0 && attempt < SHARE_ATTEMPTS; attempt++) {
        rc = dashboard_draw_code(store, code);
        if (rc == 0) {
            rc = dashboard_write(store,
                                 "UPDATE dashboard SET share_code = ?2"
                                 " WHERE id = ?1",
                                 id, code, 0, "setting a share code failed");
        }
        /* 1 means that another dashboard has that code: draw again. */
        if (rc != 1)
            break;
        rc = 0;
    }
    if (rc == 0 && attempt == SHARE_ATTEMPTS) {
        store_set_error(store, "no unused share code found in %d draws",
                        SHARE_ATTEMPTS);
        rc = -1;
    }
    rc = dashboard_end(store, rc);
    if (rc != 0)
        code[0] = '\0';
    return rc;
}

int
store_dashboard_unshare(struct store *store, const char *account, int64_t id)
{
    int rc;

    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_access_check(store, account, id, ACCESS_OWNER, N_("share"));
    if (rc == 0) {
        rc = dashboard_write(store,
                             "UPDATE dashboard SET share_code = NULL"
                             " WHERE id = ?1",
                             id, NULL, 0, "removing a share code failed");
    }
    return dashboard_end(store, rc);
}

int
store_dashboard_set_public(struct store *store, const char *account, int64_t id,
                           int public)
{
    int64_t admin = 0;
    int rc;

    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_access_check(store, account, id, ACCESS_NONE, N_("publish"));
    if (rc == 0) {
        rc = dashboard_query_int(store,
                                 "SELECT role = 'admin' FROM account"
                                 " WHERE name = ?2",
                                 0, account, NULL, &admin);
        if (rc == 1)
            rc = 0;
    }
    if (rc == 0 && !admin) {
        store_set_error(store,
                        "account \"%s\" may not make dashboard %lld public "
                        "or private: only an administrator may",
                        account, (long long)id);
        rc = STORE_FORBIDDEN;
    }
    if (rc == 0) {
        rc = dashboard_write(
            store, "UPDATE dashboard SET public = ?3 WHERE id = ?1", id, NULL,
            public != 0, "changing the public mark failed");
    }
    return dashboard_end(store, rc);
}
