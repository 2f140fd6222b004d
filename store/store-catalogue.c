/*
 * terrish: administration of the indicator catalogue: its texts, and the
 * publication of an indicator or of one of its years.
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

/* A text column an administrator may edit, and how long it may be. */
struct catalogue_field {
    const char *name;
    /* Name of the field in messages. It is marked N_() because a bare
     * "%s" of a store message writes it translated. */
    const char *label;
    size_t max;
    int multiline;
    int required; /* may not be empty */
};

static const struct catalogue_field catalogue_fields[] = {
    {"name_fr", N_("the French name"), REQUEST_TEXT_MAX, 0, 1},
    {"name_en", N_("the English name"), REQUEST_TEXT_MAX, 0, 1},
    {"description_fr", N_("the French description"), REQUEST_REASON_MAX, 1,
     0},
    {"description_en", N_("the English description"), REQUEST_REASON_MAX, 1,
     0},
    {"theme", N_("the theme"), REQUEST_TEXT_MAX, 0, 1},
    {"unit", N_("the unit"), REQUEST_TEXT_MAX, 0, 1},
    {"source", N_("the source"), REQUEST_TEXT_MAX, 0, 1},
    {"licence", N_("the licence"), REQUEST_TEXT_MAX, 0, 1},
    {"confidentiality", N_("the confidentiality rule"), REQUEST_TEXT_MAX, 0,
     1},
};

#define CATALOGUE_FIELD_COUNT                                                  \
    (sizeof catalogue_fields / sizeof catalogue_fields[0])

static const struct catalogue_field *
catalogue_field_find(const char *name)
{
    size_t i;

    for (i = 0; i < CATALOGUE_FIELD_COUNT; i++) {
        if (strcmp(catalogue_fields[i].name, name) == 0)
            return &catalogue_fields[i];
    }
    return NULL;
}

/* Check a new value of field; returns 0, or -1 with a message. */
static int
catalogue_check_value(struct store *store, const struct catalogue_field *field,
                      const char *value)
{
    char *clean = NULL;
    int same;

    if (strcmp(field->name, "confidentiality") == 0) {
        if (strcmp(value, "none") == 0 ||
            strcmp(value, "blank_is_secret") == 0 ||
            strcmp(value, "blank_not_estimated") == 0)
            return 0;
        store_set_error(store, "invalid confidentiality rule \"%.40s\": use "
                               "none, blank_is_secret or "
                               "blank_not_estimated",
                        value);
        return -1;
    }
    if (strlen(value) > field->max) {
        store_set_error(store, "%s is longer than %zu bytes", field->label,
                        field->max);
        return -1;
    }
    if (field->required && value[strspn(value, " ")] == '\0') {
        store_set_error(store, "%s may not be empty", field->label);
        return -1;
    }
    /* A value that cleaning changes has invalid UTF-8 or a control
     * character, which could reach the terminal of every user. */
    clean = request_text_clean(value, field->multiline);
    same = strcmp(clean, value) == 0;
    free(clean);
    if (!same) {
        store_set_error(store, "%s contains invalid UTF-8 or a control "
                               "character",
                        field->label);
        return -1;
    }
    return 0;
}

/* Read the current text of a field; 0, 1 when no such indicator, -1. */
static int
catalogue_read_text(struct store *store, const char *sql, const char *id,
                    char **value)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    int step;

    *value = NULL;
    if (stmt == NULL) {
        store_set_db_error(store, "reading an indicator failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(stmt, 0);

        *value = xstrdup(text != NULL ? (const char *)text : "");
    } else if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading an indicator failed");
    }
    store_statement_done(stmt);
    if (step == SQLITE_ROW)
        return 0;
    return step == SQLITE_DONE ? 1 : -1;
}

/* Write a value with its audit row, inside the caller's transaction. */
static int
catalogue_write_text(struct store *store, const char *id,
                     const char *column, const char *value,
                     const struct audit_actor *actor)
{
    sqlite3_stmt *stmt = NULL;
    json_t *detail = NULL;
    char *before = NULL;
    char *select = NULL;
    char *update = NULL;
    char *target = NULL;
    int rc;

    /* column is one of catalogue_fields, never caller text. */
    select = xasprintf("SELECT %s FROM indicator WHERE id = ?1", column);
    update = xasprintf("UPDATE indicator SET %s = ?2 WHERE id = ?1", column);
    rc = catalogue_read_text(store, select, id, &before);
    if (rc != 0)
        goto out;
    rc = -1;
    stmt = store_statement(store, update);
    if (stmt == NULL) {
        store_set_db_error(store, "changing an indicator failed");
        goto out;
    }
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "changing an indicator failed");
        goto out;
    }
    target = xasprintf("indicator:%s", id);
    detail = json_pack("{s:s, s:s, s:s}", "field", column, "before", before,
                       "after", value);
    rc = store_audit(store, actor, "indicator.edit", target, detail);
out:
    store_statement_done(stmt);
    json_decref(detail);
    free(before);
    free(select);
    free(update);
    free(target);
    return rc;
}

/* Commit when rc is 0, else roll back; returns rc, or -1 when the commit
 * fails. */
static int
catalogue_end(struct store *store, int rc)
{
    if (rc == 0 && store_exec(store, "COMMIT") == 0)
        return 0;
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc != 0 ? rc : -1;
}

int
store_indicator_set_text(struct store *store, const char *id,
                         const char *field_name, const char *value,
                         const struct audit_actor *actor)
{
    const struct catalogue_field *field = catalogue_field_find(field_name);
    int rc;

    if (field == NULL) {
        store_set_error(store, "the field \"%.40s\" of an indicator cannot "
                               "be edited",
                        field_name);
        return -1;
    }
    if (catalogue_check_value(store, field, value) < 0)
        return -1;
    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    rc = catalogue_write_text(store, id, field->name, value, actor);
    if (rc == 1)
        store_set_error(store, "unknown indicator \"%s\"", id);
    return catalogue_end(store, rc);
}

/* Set the published flag of the indicator, or of one year; 0, 1, -1. */
static int
catalogue_write_published(struct store *store, const char *id, int year,
                          int published)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    stmt = store_statement(store,
                           year > 0 ? "UPDATE indicator_year SET published ="
                                      " ?3 WHERE indicator_id = ?1"
                                      " AND year = ?2"
                                    : "UPDATE indicator SET published = ?3"
                                      " WHERE id = ?1 AND ?2 = 0");
    if (stmt == NULL) {
        store_set_db_error(store, "changing the publication failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, year);
    sqlite3_bind_int(stmt, 3, published != 0);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        store_set_db_error(store, "changing the publication failed");
    else
        rc = sqlite3_changes(store_db(store)) == 0 ? 1 : 0;
    store_statement_done(stmt);
    if (rc == 1 && year > 0)
        store_set_error(store, "indicator \"%s\" has no year %d", id, year);
    else if (rc == 1)
        store_set_error(store, "unknown indicator \"%s\"", id);
    return rc;
}

int
store_indicator_set_published(struct store *store, const char *id, int year,
                              int published, const struct audit_actor *actor)
{
    json_t *detail = NULL;
    char *target = NULL;
    int rc;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    rc = catalogue_write_published(store, id, year, published);
    if (rc == 0) {
        target = xasprintf("indicator:%s", id);
        detail = year > 0 ? json_pack("{s:i}", "year", year) : json_object();
        rc = store_audit(store, actor,
                         published ? "indicator.publish"
                                   : "indicator.withdraw",
                         target, detail);
    }
    json_decref(detail);
    free(target);
    return catalogue_end(store, rc);
}

int
store_indicator_year_states(struct store *store, const char *id,
                            struct indicator_year_state **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    *out = NULL;
    *count = 0;
    stmt = store_statement(store, "SELECT year, published FROM indicator_year"
                                  " WHERE indicator_id = ?1 ORDER BY year");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the years failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        *out = xrealloc(*out, (*count + 1) * sizeof **out);
        (*out)[*count].year = sqlite3_column_int(stmt, 0);
        (*out)[*count].published = sqlite3_column_int(stmt, 1);
        (*count)++;
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the years failed");
        free(*out);
        *out = NULL;
        *count = 0;
        return -1;
    }
    return 0;
}
