/*
 * terrish: versioned edits of a dashboard: the values of its fields,
 * changing a field, adding and removing widgets, each with its history
 * rows. Undo and revert (store-dashboard-history.c) write through the same
 * edits.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every edit runs in one BEGIN IMMEDIATE transaction. It checks the right,
 * reads the dashboard's version and checks for a conflict. It then writes
 * the new values, one dashboard_change row per field with the JSON text of
 * the value before and after, and the new version. SQLite gives the write lock
 * to one connection at a time (the others wait up to the busy timeout of
 * store.c), so two processes never compute the same version or miss each
 * other's change.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"
#include "store/store.h"

/* Kinds of value a field holds, which decide how it is parsed and checked. */
enum field_type {
    FIELD_NAME,             /* dashboard name */
    FIELD_DESCRIPTION,      /* dashboard description, "\n" allowed */
    FIELD_TITLE,            /* widget title, "" for the indicator's name */
    FIELD_TERRITORY,        /* territory id */
    FIELD_WIDGET_TERRITORY, /* territory id, or null for the dashboard's */
    FIELD_INDICATOR,        /* indicator id */
    FIELD_CATEGORY,         /* category id, or null for the total */
    FIELD_KIND,             /* widget kind name */
    FIELD_SIZE,             /* 1 to DASHBOARD_GRID_COLUMNS */
    FIELD_POSITION,         /* 0 or more */
    FIELD_TARGET,           /* number, or null */
};

struct field {
    /* In the API and in the history; N_() because a bare "%s" of a store
     * message writes it, translated. */
    const char *name;
    const char *column; /* of table dashboard or widget */
    enum field_type type;
};

static const struct field dashboard_fields[] = {
    {N_("name"), "name", FIELD_NAME},
    {N_("description"), "description", FIELD_DESCRIPTION},
    {N_("territory"), "territory_id", FIELD_TERRITORY},
};

/* In the order of the keys of a widget's JSON object. */
static const struct field widget_fields[] = {
    {N_("position"), "position", FIELD_POSITION},
    {N_("indicator"), "indicator_id", FIELD_INDICATOR},
    {N_("category"), "category", FIELD_CATEGORY},
    {N_("territory"), "territory_id", FIELD_WIDGET_TERRITORY},
    {N_("kind"), "kind", FIELD_KIND},
    {N_("title"), "title", FIELD_TITLE},
    {N_("width"), "width", FIELD_SIZE},
    {N_("height"), "height", FIELD_SIZE},
    {N_("target"), "target", FIELD_TARGET},
};

#define DASHBOARD_FIELD_COUNT                                                  \
    (sizeof dashboard_fields / sizeof *dashboard_fields)
#define WIDGET_FIELD_COUNT (sizeof widget_fields / sizeof *widget_fields)

/* Field name of the rows that record a widget added or removed. */
#define FIELD_WIDGET "widget"

/* Return the field of that name, or NULL. */
static const struct field *
field_find(int widget, const char *name)
{
    const struct field *fields = widget ? widget_fields : dashboard_fields;
    size_t count = widget ? WIDGET_FIELD_COUNT : DASHBOARD_FIELD_COUNT;
    size_t i;

    for (i = 0; i < count; i++) {
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    }
    return NULL;
}

/* Dump a value as the compact JSON text of the history. */
static char *
json_text(const json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);

    TERRISH_ASSERT(text != NULL);
    return text;
}

/* Convert one column of the current row to a JSON value. Text that
 * another program wrote as invalid UTF-8 gets U+FFFD in place of its
 * invalid bytes, so that a rename can still replace it. */
static json_t *
json_from_column(sqlite3_stmt *stmt, int column)
{
    const char *text;
    char *clean;
    json_t *value;

    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        return json_integer(sqlite3_column_int64(stmt, column));
    case SQLITE_FLOAT:
        return json_real(sqlite3_column_double(stmt, column));
    case SQLITE_TEXT:
        text = (const char *)sqlite3_column_text(stmt, column);
        if (text_utf8_valid(text, strlen(text)))
            return json_string(text);
        clean = request_text_clean(text, 1);
        value = json_string(clean);
        free(clean);
        return value;
    default:
        return json_null();
    }
}

/* Bind a JSON scalar to a statement parameter. */
static void
json_bind(sqlite3_stmt *stmt, int index, const json_t *value)
{
    if (json_is_integer(value))
        sqlite3_bind_int64(stmt, index, json_integer_value(value));
    else if (json_is_real(value))
        sqlite3_bind_double(stmt, index, json_real_value(value));
    else if (json_is_string(value))
        sqlite3_bind_text(stmt, index, json_string_value(value), -1,
                          SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, index);
}

/* Set an error on an invalid value of field and return -1. */
static int
field_invalid(struct store *store, const struct field *field,
              const char *problem)
{
    store_set_error(store, "invalid %s: %s", field->name, problem);
    return -1;
}

/* Check that a territory id exists. */
static int
territory_exists(struct store *store, const struct field *field, int64_t id)
{
    int64_t found;
    int rc;

    rc = dashboard_query_int(store, "SELECT id FROM territory WHERE id = ?1",
                             id, NULL, NULL, &found);
    if (rc == 1) {
        store_set_error(store, "invalid %s: no territory has id %lld",
                        field->name, (long long)id);
    }
    return rc == 0 ? 0 : -1;
}

/* Check a text value against the limits of its field. */
static int
field_check_text(struct store *store, const struct field *field,
                 const char *text)
{
    const char *problem = NULL;
    size_t max = field->type == FIELD_DESCRIPTION ? DASHBOARD_DESCRIPTION_MAX
                 : field->type == FIELD_TITLE     ? WIDGET_TITLE_MAX
                                                  : DASHBOARD_NAME_MAX;

    problem =
        dashboard_text_problem(text, max, field->type == FIELD_DESCRIPTION);
    if (problem == NULL && field->type == FIELD_NAME &&
        text_blank(text))
        problem = N_("empty");
    if (problem == NULL)
        return 0;
    if (field->type == FIELD_DESCRIPTION)
        store_set_error(store,
                        "invalid %s: %s (use up to %zu bytes of UTF-8 text, "
                        "lines separated by \"\\n\")",
                        field->name, problem, max);
    else
        store_set_error(store,
                        "invalid %s: %s (use up to %zu bytes of UTF-8 text "
                        "on one line)",
                        field->name, problem, max);
    return -1;
}

/*
 * Check a value of field as the JSON type and range it must have, and the
 * indicator or territory it names. A category is not checked against the
 * indicator here (see widget_category_check).
 */
static int
field_check(struct store *store, const struct field *field, const json_t *value)
{
    enum widget_kind kind;
    int64_t found;
    json_int_t number;

    switch (field->type) {
    case FIELD_NAME:
    case FIELD_DESCRIPTION:
    case FIELD_TITLE:
        if (!json_is_string(value))
            return field_invalid(store, field, N_("not a text"));
        return field_check_text(store, field, json_string_value(value));
    case FIELD_WIDGET_TERRITORY:
        if (json_is_null(value))
            return 0;
        /* FALLTHROUGH */
    case FIELD_TERRITORY:
        if (!json_is_integer(value))
            return field_invalid(store, field, N_("not a territory id"));
        return territory_exists(store, field, json_integer_value(value));
    case FIELD_INDICATOR:
        if (!json_is_string(value) ||
            dashboard_query_int(store, "SELECT 1 FROM indicator WHERE id = ?2",
                                0, json_string_value(value), NULL,
                                &found) != 0) {
            store_set_error(store, "invalid indicator: \"%s\" not found",
                            json_is_string(value) ? json_string_value(value)
                                                  : "");
            return -1;
        }
        return 0;
    case FIELD_CATEGORY:
        if (json_is_null(value) || json_is_string(value))
            return 0;
        return field_invalid(store, field, N_("not a category id"));
    case FIELD_KIND:
        if (!json_is_string(value) ||
            widget_kind_parse(json_string_value(value), &kind) < 0)
            return field_invalid(store, field,
                                 N_("use kpi, bars, series, minimap, ranking, "
                                    "modal_split, flows or gauge"));
        return 0;
    case FIELD_SIZE:
        number = json_is_integer(value) ? json_integer_value(value) : 0;
        if (number < 1 || number > DASHBOARD_GRID_COLUMNS)
            return field_invalid(store, field,
                                 N_("use a whole number from 1 to 4"));
        return 0;
    case FIELD_POSITION:
        number = json_is_integer(value) ? json_integer_value(value) : -1;
        if (number < 0 || number > INT_MAX)
            return field_invalid(store, field, N_("use a whole number >= 0"));
        return 0;
    case FIELD_TARGET:
        if (json_is_null(value) ||
            (json_is_number(value) && isfinite(json_number_value(value))))
            return 0;
        return field_invalid(store, field, N_("not a number"));
    }
    return field_invalid(store, field, N_("unknown field type"));
}

/* Parse a whole number of text into *out. Returns 0, or -1. */
static int
parse_integer(const char *text, long long *out)
{
    char *end = NULL;

    if (text[0] == '\0' || text[0] == ' ')
        return -1;
    errno = 0;
    *out = strtoll(text, &end, 10);
    return errno == 0 && *end == '\0' ? 0 : -1;
}

/* Parse a territory given as its id or as "LEVEL:CODE" into a JSON id. */
static json_t *
parse_territory(struct store *store, const struct field *field,
                const char *text)
{
    struct territory territory;
    enum territory_level level;
    const char *colon = strchr(text, ':');
    char *level_name = NULL;
    long long id;
    json_t *value = NULL;

    if (parse_integer(text, &id) == 0)
        return json_integer(id);
    if (colon != NULL) {
        level_name = xstrndup(text, (size_t)(colon - text));
        if (indicator_level_parse(level_name, &level) == 0 &&
            store_territory_get(store, level, colon + 1, &territory) == 0) {
            value = json_integer(territory.id);
            territory_clear(&territory);
        }
        free(level_name);
    }
    if (value == NULL) {
        store_set_error(store,
                        "invalid %s \"%s\": give a territory id or "
                        "LEVEL:CODE, such as commune:69123",
                        field->name, text);
    }
    return value;
}

/* Parse the text form of a value of field. Returns NULL with a message. */
static json_t *
field_parse(struct store *store, const struct field *field, const char *text)
{
    const char *reason = NULL;
    long long number;
    double real;

    if (!text_utf8_valid(text, strlen(text))) {
        field_invalid(store, field, N_("not valid UTF-8"));
        return NULL;
    }
    switch (field->type) {
    case FIELD_WIDGET_TERRITORY:
        if (text[0] == '\0')
            return json_null();
        /* FALLTHROUGH */
    case FIELD_TERRITORY:
        return parse_territory(store, field, text);
    case FIELD_CATEGORY:
        return text[0] == '\0' ? json_null() : json_string(text);
    case FIELD_SIZE:
    case FIELD_POSITION:
        if (parse_integer(text, &number) < 0) {
            field_invalid(store, field, N_("not a whole number"));
            return NULL;
        }
        return json_integer(number);
    case FIELD_TARGET:
        if (text[0] == '\0')
            return json_null();
        if (csv_parse_number(text, &real, &reason) < 0) {
            field_invalid(store, field, reason);
            return NULL;
        }
        return json_real(real);
    case FIELD_NAME:
    case FIELD_DESCRIPTION:
    case FIELD_TITLE:
    case FIELD_INDICATOR:
    case FIELD_KIND:
        break;
    }
    return json_string(text);
}

/*
 * Read the current value of a field of the dashboard (widget_id 0) or of a
 * widget. Returns NULL with a message when it cannot be read.
 */
static json_t *
field_get(struct dashboard_edit *edit, int64_t widget_id,
          const struct field *field)
{
    char sql[128];
    sqlite3_stmt *stmt = NULL;
    json_t *value = NULL;

    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?1", field->column,
             widget_id != 0 ? "widget" : "dashboard");
    stmt = store_statement(edit->store, sql);
    if (stmt == NULL) {
        store_set_db_error(edit->store, "reading a dashboard failed");
        return NULL;
    }
    sqlite3_bind_int64(stmt, 1,
                       widget_id != 0 ? widget_id : edit->dashboard_id);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        value = json_from_column(stmt, 0);
    else
        store_set_db_error(edit->store, "reading a dashboard failed");
    store_statement_done(stmt);
    return value;
}

/*
 * Read a widget as the JSON object of the history, or JSON null when it is
 * removed. Returns NULL with a message when there is no such widget.
 */
static json_t *
widget_get(struct dashboard_edit *edit, int64_t widget_id)
{
    sqlite3_stmt *stmt = NULL;
    json_t *object = NULL;
    size_t i;

    stmt = store_statement(edit->store,
                           "SELECT removed, position, indicator_id, category,"
                           " territory_id, kind, title, width, height, target"
                           " FROM widget WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "reading a widget failed");
        return NULL;
    }
    sqlite3_bind_int64(stmt, 1, widget_id);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_error(edit->store, "widget %lld not found",
                        (long long)widget_id);
    } else if (sqlite3_column_int(stmt, 0)) {
        object = json_null();
    } else {
        object = json_object();
        for (i = 0; i < WIDGET_FIELD_COUNT; i++) {
            json_object_set_new(object, widget_fields[i].name,
                                json_from_column(stmt, (int)i + 1));
        }
    }
    store_statement_done(stmt);
    return object;
}

/* Build the JSON object of a widget given as a struct. */
static json_t *
widget_to_json(const struct widget *widget)
{
    json_t *object = json_object();

    json_object_set_new(object, "position", json_integer(widget->position));
    json_object_set_new(object, "indicator",
                        widget->indicator_id != NULL
                            ? json_string(widget->indicator_id)
                            : json_null());
    json_object_set_new(object, "category",
                        widget->category != NULL ? json_string(widget->category)
                                                 : json_null());
    json_object_set_new(object, "territory",
                        widget->territory_id != 0
                            ? json_integer(widget->territory_id)
                            : json_null());
    json_object_set_new(object, "kind",
                        json_string(widget_kind_name(widget->kind)));
    json_object_set_new(
        object, "title",
        json_string(widget->title != NULL ? widget->title : ""));
    json_object_set_new(object, "width", json_integer(widget->width));
    json_object_set_new(object, "height", json_integer(widget->height));
    json_object_set_new(object, "target",
                        widget->has_target ? json_real(widget->target)
                                           : json_null());
    return object;
}

/*
 * Check that category is one of the indicator's categories, or NULL for
 * the total.
 */
static int
widget_category_check(struct store *store, const char *indicator_id,
                      const char *category)
{
    int64_t found;
    int rc;

    if (category == NULL)
        return 0;
    rc = dashboard_query_int(store,
                             "SELECT 1 FROM indicator_category"
                             " WHERE indicator_id = ?2 AND id = ?3",
                             0, indicator_id, category, &found);
    if (rc == 1) {
        store_set_error(store,
                        "invalid category: indicator \"%s\" has no "
                        "category \"%s\"",
                        indicator_id, category);
    }
    return rc == 0 ? 0 : -1;
}

int
dashboard_widget_check(struct store *store, const struct widget *widget)
{
    json_t *object = NULL;
    int rc = -1;
    size_t i;

    if (widget->title != NULL &&
        !text_utf8_valid(widget->title, strlen(widget->title))) {
        return field_invalid(store, field_find(1, "title"), "not valid UTF-8");
    }
    if ((widget->indicator_id != NULL &&
         !text_utf8_valid(widget->indicator_id,
                          strlen(widget->indicator_id))) ||
        (widget->category != NULL &&
         !text_utf8_valid(widget->category, strlen(widget->category)))) {
        store_set_error(store, "invalid widget: an id is not valid UTF-8");
        return -1;
    }
    if ((size_t)widget->kind >= WIDGET_KIND_COUNT)
        return field_invalid(store, field_find(1, "kind"), "unknown kind");

    object = widget_to_json(widget);
    for (i = 0; i < WIDGET_FIELD_COUNT; i++) {
        if (field_check(store, &widget_fields[i],
                        json_object_get(object, widget_fields[i].name)) < 0)
            goto out;
    }
    rc = widget_category_check(store, widget->indicator_id, widget->category);

out:
    json_decref(object);
    return rc;
}

int
dashboard_edit_open(struct dashboard_edit *edit, struct store *store,
                    const char *account, int64_t dashboard_id)
{
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    memset(edit, 0, sizeof *edit);
    edit->store = store;
    edit->account = account;
    edit->dashboard_id = dashboard_id;
    edit->revert_to = -1;
    rc = dashboard_access_check(store, account, dashboard_id, ACCESS_EDIT,
                                N_("change"));
    if (rc != 0)
        return rc;
    rc = dashboard_query_int(store,
                             "SELECT version FROM dashboard WHERE id = ?1",
                             dashboard_id, NULL, NULL, &edit->current);
    if (rc != 0)
        return -1;
    edit->version = edit->current + 1;
    gmtime_r(&now, &tm);
    strftime(edit->at, sizeof edit->at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

int
dashboard_edit_finish(struct dashboard_edit *edit, int rc, int64_t *version)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    if (rc == 0 && edit->rows > 0) {
        stmt = store_statement(edit->store, "UPDATE dashboard SET version = ?2,"
                                            " updated_at = ?3 WHERE id = ?1");
        if (stmt == NULL) {
            store_set_db_error(edit->store, "changing a dashboard failed");
            rc = -1;
        } else {
            sqlite3_bind_int64(stmt, 1, edit->dashboard_id);
            sqlite3_bind_int64(stmt, 2, edit->version);
            sqlite3_bind_text(stmt, 3, edit->at, -1, SQLITE_STATIC);
            step = sqlite3_step(stmt);
            store_statement_done(stmt);
            if (step != SQLITE_DONE) {
                store_set_db_error(edit->store, "changing a dashboard failed");
                rc = -1;
            }
        }
    }
    rc = dashboard_end(edit->store, rc);
    if (version != NULL)
        *version = rc == 0 && edit->rows > 0 ? edit->version : edit->current;
    if (rc == 0 && edit->rows > 0) {
        log_debug("%s: %s changed dashboard %lld to version %lld (%zu rows)",
                  __func__, edit->account, (long long)edit->dashboard_id,
                  (long long)edit->version, edit->rows);
    }
    return rc;
}

/* Append one history row of the edit. */
static int
edit_record(struct dashboard_edit *edit, int64_t widget_id, const char *field,
            const json_t *before, const json_t *after)
{
    sqlite3_stmt *stmt = NULL;
    char *before_text = json_text(before);
    char *after_text = json_text(after);
    int step;
    int rc = -1;

    stmt = store_statement(edit->store,
                           "INSERT INTO dashboard_change (dashboard_id,"
                           " version, account, at, widget_id, field, before,"
                           " after, undo_of, revert_to) VALUES (?1, ?2, ?3,"
                           " ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "recording a change failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, edit->dashboard_id);
    sqlite3_bind_int64(stmt, 2, edit->version);
    sqlite3_bind_text(stmt, 3, edit->account, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, edit->at, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 5, widget_id);
    sqlite3_bind_text(stmt, 6, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 7, before_text, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 8, after_text, -1, SQLITE_STATIC);
    if (edit->undo_of != 0)
        sqlite3_bind_int64(stmt, 9, edit->undo_of);
    if (edit->revert_to >= 0)
        sqlite3_bind_int64(stmt, 10, edit->revert_to);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(edit->store, "recording a change failed");
        goto out;
    }
    edit->rows++;
    rc = 0;

out:
    free(before_text);
    free(after_text);
    return rc;
}

int
dashboard_edit_conflict(struct dashboard_edit *edit, int64_t widget_id,
                        const char *field, int64_t expected)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    stmt = store_statement(edit->store,
                           "SELECT account, version FROM dashboard_change"
                           " WHERE dashboard_id = ?1 AND widget_id = ?2"
                           " AND field = ?3 AND version > ?4"
                           " ORDER BY version DESC LIMIT 1");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "reading the history failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, edit->dashboard_id);
    sqlite3_bind_int64(stmt, 2, widget_id);
    sqlite3_bind_text(stmt, 3, field, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 4, expected);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        const char *account = (const char *)sqlite3_column_text(stmt, 0);
        long long version = (long long)sqlite3_column_int64(stmt, 1);

        if (widget_id == 0)
            store_set_error(edit->store,
                            "the %s of dashboard %lld was changed by %s at "
                            "version %lld, after version %lld that this "
                            "change was made against: read it again and "
                            "choose",
                            field, (long long)edit->dashboard_id, account,
                            version, (long long)expected);
        else
            store_set_error(edit->store,
                            "the %s of widget %lld was changed by %s at "
                            "version %lld, after version %lld that this "
                            "change was made against: read it again and "
                            "choose",
                            field, (long long)widget_id, account, version,
                            (long long)expected);
    }
    store_statement_done(stmt);
    if (step == SQLITE_ROW)
        return STORE_CONFLICT;
    if (step != SQLITE_DONE) {
        store_set_db_error(edit->store, "reading the history failed");
        return -1;
    }
    return 0;
}

/*
 * Write a checked value into a field and record the change. A value equal
 * to the current one writes nothing.
 */
static int
edit_put(struct dashboard_edit *edit, int64_t widget_id,
         const struct field *field, const json_t *value)
{
    char sql[160];
    sqlite3_stmt *stmt = NULL;
    json_t *before = NULL;
    int step;
    int rc = -1;

    if (field_check(edit->store, field, value) < 0)
        return -1;
    before = field_get(edit, widget_id, field);
    if (before == NULL)
        return -1;
    if (json_equal(before, value)) {
        rc = 0;
        goto out;
    }

    if (widget_id != 0) {
        snprintf(sql, sizeof sql,
                 "UPDATE widget SET %s = ?1, version = ?2 WHERE id = ?3",
                 field->column);
    } else {
        snprintf(sql, sizeof sql, "UPDATE dashboard SET %s = ?1 WHERE id = ?3",
                 field->column);
    }
    stmt = store_statement(edit->store, sql);
    if (stmt == NULL) {
        store_set_db_error(edit->store, "changing a dashboard failed");
        goto out;
    }
    json_bind(stmt, 1, value);
    if (widget_id != 0)
        sqlite3_bind_int64(stmt, 2, edit->version);
    sqlite3_bind_int64(stmt, 3,
                       widget_id != 0 ? widget_id : edit->dashboard_id);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(edit->store, "changing a dashboard failed");
        goto out;
    }
    rc = edit_record(edit, widget_id, field->name, before, value);

out:
    json_decref(before);
    return rc;
}

/* Mark a present widget removed and record it. */
static int
edit_remove_widget(struct dashboard_edit *edit, int64_t widget_id)
{
    sqlite3_stmt *stmt = NULL;
    json_t *before = widget_get(edit, widget_id);
    json_t *after = json_null();
    int step;
    int rc = -1;

    if (before == NULL || json_is_null(before))
        goto out;
    stmt = store_statement(edit->store,
                           "UPDATE widget SET removed = 1, version = ?2"
                           " WHERE id = ?1");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "removing a widget failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, widget_id);
    sqlite3_bind_int64(stmt, 2, edit->version);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(edit->store, "removing a widget failed");
        goto out;
    }
    rc = edit_record(edit, widget_id, FIELD_WIDGET, before, after);

out:
    json_decref(before);
    json_decref(after);
    return rc;
}

/* Bring a removed widget back with the fields of object, and record it. */
static int
edit_restore_widget(struct dashboard_edit *edit, int64_t widget_id,
                    const json_t *object)
{
    sqlite3_stmt *stmt = NULL;
    json_t *before = json_null();
    int step;
    int rc = -1;
    size_t i;

    for (i = 0; i < WIDGET_FIELD_COUNT; i++) {
        if (field_check(edit->store, &widget_fields[i],
                        json_object_get(object, widget_fields[i].name)) < 0)
            goto out;
    }
    stmt = store_statement(edit->store,
                           "UPDATE widget SET position = ?1,"
                           " indicator_id = ?2, category = ?3,"
                           " territory_id = ?4, kind = ?5, title = ?6,"
                           " width = ?7, height = ?8, target = ?9,"
                           " removed = 0, version = ?10 WHERE id = ?11");
    if (stmt == NULL) {
        store_set_db_error(edit->store, "restoring a widget failed");
        goto out;
    }
    for (i = 0; i < WIDGET_FIELD_COUNT; i++) {
        json_bind(stmt, (int)i + 1,
                  json_object_get(object, widget_fields[i].name));
    }
    sqlite3_bind_int64(stmt, 10, edit->version);
    sqlite3_bind_int64(stmt, 11, widget_id);
    step = sqlite3_step(stmt);
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(edit->store, "restoring a widget failed");
        goto out;
    }
    rc = edit_record(edit, widget_id, FIELD_WIDGET, before, object);

out:
    json_decref(before);
    return rc;
}

/* Change one field of the dashboard itself inside an open edit. */
static int
dashboard_set_in(struct dashboard_edit *edit, const struct field *field,
                 const char *text, int64_t expected)
{
    json_t *parsed = NULL;
    json_t *current = NULL;
    int rc;

    parsed = field_parse(edit->store, field, text);
    rc = parsed != NULL ? field_check(edit->store, field, parsed) : -1;
    if (rc == 0) {
        current = field_get(edit, 0, field);
        rc = current != NULL ? 0 : -1;
    }
    if (rc == 0 && !json_equal(current, parsed)) {
        rc = dashboard_edit_conflict(edit, 0, field->name, expected);
        if (rc == 0)
            rc = edit_put(edit, 0, field, parsed);
    }
    json_decref(parsed);
    json_decref(current);
    return rc;
}

int
store_dashboard_set(struct store *store, const char *account,
                    int64_t dashboard_id, const char *field_name,
                    const char *value, int64_t expected, int64_t *version)
{
    const struct field *field = field_find(0, field_name);
    struct dashboard_edit edit;
    int rc;

    *version = 0;
    if (field == NULL) {
        store_set_error(store,
                        "unknown dashboard field \"%s\": use name, "
                        "description or territory",
                        field_name);
        return -1;
    }
    if (dashboard_begin(store) < 0)
        return -1;
    rc = dashboard_edit_open(&edit, store, account, dashboard_id);
    if (rc == 0)
        rc = dashboard_set_in(&edit, field, value, expected);
    return dashboard_edit_finish(&edit, rc, version);
}

/*
 * Find a widget's dashboard and whether it is removed. Returns 0, 1 with a
 * message when there is no such widget, -1.
 */
static int
widget_locate(struct store *store, int64_t widget_id, int64_t *dashboard_id,
              int *removed)
{
    int64_t flag = 0;
    int rc;

    rc = dashboard_query_int(store,
                             "SELECT dashboard_id FROM widget WHERE id = ?1",
                             widget_id, NULL, NULL, dashboard_id);
    if (rc == 0) {
        rc = dashboard_query_int(store,
                                 "SELECT removed FROM widget WHERE id = ?1",
                                 widget_id, NULL, NULL, &flag);
    }
    if (rc == 1)
        store_set_error(store, "no widget has id %lld", (long long)widget_id);
    *removed = flag != 0;
    return rc;
}

/*
 * For a change to a removed widget: STORE_CONFLICT when it was removed
 * after expected, else 1, both with a message.
 */
static int
widget_removed_result(struct dashboard_edit *edit, int64_t widget_id,
                      int64_t expected)
{
    int rc = dashboard_edit_conflict(edit, widget_id, FIELD_WIDGET, expected);

    if (rc == 0) {
        store_set_error(edit->store, "widget %lld was removed",
                        (long long)widget_id);
        rc = 1;
    }
    return rc;
}

/*
 * Change the indicator of a widget, clearing in the same version a
 * category that the new indicator lacks (which then must not conflict
 * either).
 */
static int
widget_set_indicator(struct dashboard_edit *edit, int64_t widget_id,
                     json_t *value, int64_t expected)
{
    const struct field *category_field = field_find(1, "category");
    json_t *category = field_get(edit, widget_id, category_field);
    json_t *none = json_null();
    int clear = 0;
    int rc = -1;

    if (category == NULL)
        goto out;
    if (json_is_string(category)) {
        clear = widget_category_check(edit->store, json_string_value(value),
                                      json_string_value(category)) < 0;
    }
    rc = dashboard_edit_conflict(edit, widget_id, "indicator", expected);
    if (rc == 0 && clear)
        rc = dashboard_edit_conflict(edit, widget_id, "category", expected);
    if (rc == 0)
        rc = edit_put(edit, widget_id, field_find(1, "indicator"), value);
    if (rc == 0 && clear)
        rc = edit_put(edit, widget_id, category_field, none);

out:
    json_decref(category);
    json_decref(none);
    return rc;
}

/* Change one field of a present widget inside an open edit. */
static int
widget_set_in(struct dashboard_edit *edit, int64_t widget_id,
              const struct field *field, const char *text, int64_t expected)
{
    json_t *parsed = NULL;
    json_t *current = NULL;
    json_t *indicator = NULL;
    int rc = -1;

    parsed = field_parse(edit->store, field, text);
    if (parsed == NULL || field_check(edit->store, field, parsed) < 0)
        goto out;
    current = field_get(edit, widget_id, field);
    if (current == NULL)
        goto out;
    rc = 0;
    if (json_equal(current, parsed))
        goto out;

    if (field->type == FIELD_INDICATOR) {
        rc = widget_set_indicator(edit, widget_id, parsed, expected);
        goto out;
    }
    if (field->type == FIELD_CATEGORY && json_is_string(parsed)) {
        indicator = field_get(edit, widget_id, field_find(1, "indicator"));
        rc = indicator == NULL
                 ? -1
                 : widget_category_check(edit->store,
                                         json_string_value(indicator),
                                         json_string_value(parsed));
    }
    if (rc == 0)
        rc = dashboard_edit_conflict(edit, widget_id, field->name, expected);
    if (rc == 0)
        rc = edit_put(edit, widget_id, field, parsed);

out:
    json_decref(parsed);
    json_decref(current);
    json_decref(indicator);
    return rc;
}

int
store_widget_set(struct store *store, const char *account, int64_t widget_id,
                 const char *field_name, const char *value, int64_t expected,
                 int64_t *version)
{
    const struct field *field = field_find(1, field_name);
    struct dashboard_edit edit;
    int64_t dashboard_id = 0;
    int removed = 0;
    int rc;

    *version = 0;
    memset(&edit, 0, sizeof edit);
    edit.store = store;
    if (field == NULL) {
        store_set_error(store,
                        "unknown widget field \"%s\": use title, indicator, "
                        "category, territory, kind, width, height, target "
                        "or position",
                        field_name);
        return -1;
    }
    if (dashboard_begin(store) < 0)
        return -1;
    rc = widget_locate(store, widget_id, &dashboard_id, &removed);
    if (rc == 0)
        rc = dashboard_edit_open(&edit, store, account, dashboard_id);
    if (rc == 0 && removed)
        rc = widget_removed_result(&edit, widget_id, expected);
    if (rc == 0)
        rc = widget_set_in(&edit, widget_id, field, value, expected);
    return dashboard_edit_finish(&edit, rc, version);
}

/*
 * The value is written against the version the edit read, so it cannot
 * conflict, and the rows of that version are then undone at the next
 * one. Both versions commit together, so no other connection ever reads
 * the value in place.
 */
int
store_dashboard_set_undone(struct store *store, const char *account,
                           int64_t dashboard_id, int64_t widget_id,
                           const char *field_name, const char *value,
                           int64_t *version)
{
    const struct field *field = field_find(widget_id != 0, field_name);
    struct dashboard_edit edit;
    int64_t owner = 0;
    int64_t written;
    int removed = 0;
    int rc = 0;

    *version = 0;
    memset(&edit, 0, sizeof edit);
    edit.store = store;
    if (field == NULL) {
        if (widget_id != 0)
            store_set_error(store, "unknown widget field \"%s\"",
                            field_name);
        else
            store_set_error(store, "unknown dashboard field \"%s\"",
                            field_name);
        return -1;
    }
    if (dashboard_begin(store) < 0)
        return -1;
    if (widget_id != 0)
        rc = widget_locate(store, widget_id, &owner, &removed);
    if (rc == 0 && widget_id != 0 && (owner != dashboard_id || removed)) {
        store_set_error(store, "widget %lld is not on dashboard %lld",
                        (long long)widget_id, (long long)dashboard_id);
        rc = 1;
    }
    if (rc == 0)
        rc = dashboard_edit_open(&edit, store, account, dashboard_id);
    if (rc == 0 && widget_id != 0)
        rc = widget_set_in(&edit, widget_id, field, value, edit.current);
    else if (rc == 0)
        rc = dashboard_set_in(&edit, field, value, edit.current);
    if (rc == 0 && edit.rows > 0) {
        written = edit.version;
        edit.version = written + 1;
        rc = dashboard_edit_undo(&edit, written);
    }
    return dashboard_edit_finish(&edit, rc, version);
}

/* Return the position after the last present widget of a dashboard. */
static int
widget_next_position(struct dashboard_edit *edit, int *position)
{
    int64_t value = 0;
    int rc;

    rc = dashboard_query_int(edit->store,
                             "SELECT coalesce(max(position) + 1, 0)"
                             " FROM widget WHERE dashboard_id = ?1"
                             " AND removed = 0",
                             edit->dashboard_id, NULL, NULL, &value);
    if (rc != 0 || value > INT_MAX) {
        if (rc == 0)
            store_set_error(edit->store, "no position left for a widget");
        return -1;
    }
    *position = (int)value;
    return 0;
}

int
store_widget_add(struct store *store, const char *account,
                 struct widget *widget, int64_t *version)
{
    struct dashboard_edit edit;
    json_t *before = json_null();
    json_t *after = NULL;
    int rc;

    *version = 0;
    memset(&edit, 0, sizeof edit);
    edit.store = store;
    if (dashboard_begin(store) < 0) {
        json_decref(before);
        return -1;
    }
    rc = dashboard_edit_open(&edit, store, account, widget->dashboard_id);
    if (rc == 0)
        rc = dashboard_widget_check(store, widget);
    if (rc == 0)
        rc = widget_next_position(&edit, &widget->position);
    if (rc == 0)
        rc = dashboard_widget_insert(store, widget, edit.version);
    if (rc == 0) {
        after = widget_to_json(widget);
        rc = edit_record(&edit, widget->id, FIELD_WIDGET, before, after);
    }
    json_decref(before);
    json_decref(after);
    rc = dashboard_edit_finish(&edit, rc, version);
    if (rc != 0) {
        widget->id = 0;
        widget->version = 0;
    }
    return rc;
}

int
store_widget_remove(struct store *store, const char *account, int64_t widget_id,
                    int64_t *version)
{
    struct dashboard_edit edit;
    int64_t dashboard_id = 0;
    int removed = 0;
    int rc;

    *version = 0;
    memset(&edit, 0, sizeof edit);
    edit.store = store;
    if (dashboard_begin(store) < 0)
        return -1;
    rc = widget_locate(store, widget_id, &dashboard_id, &removed);
    if (rc == 0)
        rc = dashboard_edit_open(&edit, store, account, dashboard_id);
    if (rc == 0 && removed) {
        store_set_error(store, "widget %lld was removed already",
                        (long long)widget_id);
        rc = 1;
    }
    if (rc == 0)
        rc = edit_remove_widget(&edit, widget_id);
    return dashboard_edit_finish(&edit, rc, version);
}

void *
dashboard_edit_get(struct dashboard_edit *edit, int64_t widget_id,
                   const char *name)
{
    const struct field *field = NULL;
    json_t *object = NULL;
    json_t *value = NULL;
    size_t i;

    if (widget_id != 0 && strcmp(name, FIELD_WIDGET) == 0)
        return widget_get(edit, widget_id);
    if (widget_id == 0 && name == NULL) {
        object = json_object();
        for (i = 0; i < DASHBOARD_FIELD_COUNT; i++) {
            value = field_get(edit, 0, &dashboard_fields[i]);
            if (value == NULL) {
                json_decref(object);
                return NULL;
            }
            json_object_set_new(object, dashboard_fields[i].name, value);
        }
        return object;
    }
    field = field_find(widget_id != 0, name);
    if (field == NULL) {
        store_set_error(edit->store, "unknown field \"%s\"", name);
        return NULL;
    }
    return field_get(edit, widget_id, field);
}

int
dashboard_edit_put(struct dashboard_edit *edit, int64_t widget_id,
                   const char *name, const void *opaque)
{
    const json_t *value = opaque;
    const struct field *field = NULL;
    json_t *current = NULL;
    int rc = 0;

    if (widget_id != 0 && strcmp(name, FIELD_WIDGET) == 0) {
        current = widget_get(edit, widget_id);
        if (current == NULL)
            return -1;
        if (json_is_null(value) && json_is_object(current))
            rc = edit_remove_widget(edit, widget_id);
        else if (json_is_object(value) && json_is_null(current))
            rc = edit_restore_widget(edit, widget_id, value);
        json_decref(current);
        return rc;
    }
    field = field_find(widget_id != 0, name);
    if (field == NULL) {
        store_set_error(edit->store, "unknown field \"%s\"", name);
        return -1;
    }
    return edit_put(edit, widget_id, field, value);
}
