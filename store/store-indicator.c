/*
 * terrish: the indicator catalogue and the import of indicator values.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Rows written between two progress reports of an import. */
#define IMPORT_PROGRESS_ROWS 5000

static const char *const indicator_levels[] = {
    [LEVEL_REGION] = "region",
    [LEVEL_DEPARTEMENT] = "departement",
    [LEVEL_EPCI] = "epci",
    [LEVEL_COMMUNE] = "commune",
};

int
indicator_level_parse(const char *name, enum territory_level *level)
{
    enum territory_level i;

    for (i = LEVEL_REGION; i <= LEVEL_COMMUNE; i++) {
        if (strcmp(name, indicator_levels[i]) == 0) {
            *level = i;
            return 0;
        }
    }
    return -1;
}

void
indicator_clear(struct indicator *indicator)
{
    size_t i;

    free(indicator->id);
    free(indicator->name_fr);
    free(indicator->name_en);
    free(indicator->theme);
    free(indicator->unit);
    free(indicator->source);
    free(indicator->licence);
    free(indicator->url);
    free(indicator->native_level);
    free(indicator->numerator);
    free(indicator->numerator_category);
    free(indicator->denominator);
    free(indicator->weight);
    free(indicator->years);
    for (i = 0; i < indicator->category_count; i++)
        free(indicator->categories[i]);
    free(indicator->categories);
    memset(indicator, 0, sizeof *indicator);
}

/* Copy a text column, or NULL when it is NULL. */
static char *
column_dup(sqlite3_stmt *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(stmt, column);

    return text != NULL ? xstrdup((const char *)text) : NULL;
}

/* Read the years and categories of an indicator into out. */
static int
indicator_read_lists(struct store *store, struct indicator *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT year FROM indicator_year"
                           " WHERE indicator_id = ? ORDER BY year",
                           -1, &stmt, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(stmt, 1, out->id, -1, SQLITE_STATIC);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        out->years = xrealloc(out->years,
                              (out->year_count + 1) * sizeof *out->years);
        out->years[out->year_count++] = sqlite3_column_int(stmt, 0);
    }
    sqlite3_finalize(stmt);
    stmt = NULL;

    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT id FROM indicator_category"
                           " WHERE indicator_id = ? ORDER BY position",
                           -1, &stmt, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(stmt, 1, out->id, -1, SQLITE_STATIC);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        out->categories =
            xrealloc(out->categories,
                     (out->category_count + 1) * sizeof *out->categories);
        out->categories[out->category_count++] = column_dup(stmt, 0);
    }
    rc = 0;
    goto out;

fail:
    store_set_db_error(store, "reading an indicator failed");
out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_indicator_get(struct store *store, const char *id,
                    struct indicator *out)
{
    sqlite3_stmt *stmt = NULL;
    const char *rule;
    int step;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT id, name_fr, name_en, theme, unit, source,"
                           " licence, url, native_level, aggregation,"
                           " numerator, numerator_category, denominator,"
                           " denominator_year, factor, weight, partial,"
                           " published FROM indicator WHERE id = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "reading an indicator failed");
        goto out;
    }
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = 1;
        goto out;
    }
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "reading an indicator failed");
        goto out;
    }

    out->id = column_dup(stmt, 0);
    out->name_fr = column_dup(stmt, 1);
    out->name_en = column_dup(stmt, 2);
    out->theme = column_dup(stmt, 3);
    out->unit = column_dup(stmt, 4);
    out->source = column_dup(stmt, 5);
    out->licence = column_dup(stmt, 6);
    out->url = column_dup(stmt, 7);
    out->native_level = column_dup(stmt, 8);
    rule = (const char *)sqlite3_column_text(stmt, 9);
    out->rule = strcmp(rule, "ratio") == 0           ? AGGREGATION_RATIO
                : strcmp(rule, "weighted_mean") == 0 ? AGGREGATION_WEIGHTED_MEAN
                                                     : AGGREGATION_SUM;
    out->numerator = column_dup(stmt, 10);
    out->numerator_category = column_dup(stmt, 11);
    out->denominator = column_dup(stmt, 12);
    out->denominator_year = sqlite3_column_int(stmt, 13);
    out->factor = sqlite3_column_type(stmt, 14) == SQLITE_NULL
                      ? 1
                      : sqlite3_column_double(stmt, 14);
    out->weight = column_dup(stmt, 15);
    out->partial = sqlite3_column_int(stmt, 16);
    out->published = sqlite3_column_int(stmt, 17);
    rc = indicator_read_lists(store, out);

out:
    sqlite3_finalize(stmt);
    if (rc < 0)
        indicator_clear(out);
    return rc;
}

int
store_indicator_ids(struct store *store, char ***ids, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    *ids = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT id FROM indicator ORDER BY position, id",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "listing the indicators failed");
        goto out;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        *ids = xrealloc(*ids, (*count + 1) * sizeof **ids);
        (*ids)[(*count)++] = column_dup(stmt, 0);
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_has_indicators(struct store *store)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT EXISTS (SELECT 1 FROM indicator)", -1,
                           &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading the indicators failed");
        goto out;
    }
    rc = sqlite3_column_int(stmt, 0);

out:
    sqlite3_finalize(stmt);
    return rc;
}

/*
 * Catalogue entries: reading one into the columns of the indicator table.
 */

/* Fields of a catalogue entry, borrowed from its JSON object. */
struct indicator_meta {
    const char *id;
    const char *name[2]; /* fr, en */
    const char *theme;
    const char *unit;
    const char *description[2];
    const char *source;
    const char *licence;
    const char *url;
    const char *native_level;
    const char *rule;
    const char *numerator;
    const char *numerator_category;
    const char *denominator;
    json_int_t denominator_year;
    double factor;
    const char *weight;
    const char *confidentiality;
    const char *confidentiality_note[2];
    const char *representation;
    const char *file;
    int partial;
    const char *partial_note[2];
};

/* Read a string member. A missing or null member is an error if required. */
static int
meta_text(struct store *store, const char *where, json_t *object,
          const char *key, int required, const char **out)
{
    json_t *value = json_object_get(object, key);

    *out = NULL;
    if (value == NULL || json_is_null(value)) {
        if (!required)
            return 0;
        store_set_error(store, "%s: missing key \"%s\"", where, key);
        return -1;
    }
    if (!json_is_string(value) || json_string_length(value) == 0) {
        store_set_error(store, "%s: \"%s\" must be a non-empty string",
                        where, key);
        return -1;
    }
    *out = json_string_value(value);
    return 0;
}

/* Read a {"fr": ..., "en": ...} member into out[0] and out[1]. */
static int
meta_names(struct store *store, const char *where, json_t *object,
           const char *key, int required, const char **out)
{
    json_t *value = json_object_get(object, key);

    out[0] = NULL;
    out[1] = NULL;
    if (value == NULL && !required)
        return 0;
    if (value == NULL) {
        store_set_error(store, "%s: missing key \"%s\"", where, key);
        return -1;
    }
    if (!json_is_object(value)) {
        store_set_error(store, "%s: \"%s\" must be an object with \"fr\" "
                        "and \"en\"", where, key);
        return -1;
    }
    if (meta_text(store, where, value, "fr", 1, &out[0]) < 0 ||
        meta_text(store, where, value, "en", 1, &out[1]) < 0)
        return -1;
    return 0;
}

/* Return 1 when s is one of the NULL-terminated words. */
static int
meta_one_of(const char *s, const char *const *words)
{
    for (; *words != NULL; words++) {
        if (strcmp(s, *words) == 0)
            return 1;
    }
    return 0;
}

/* Read the aggregation object of an entry. */
static int
meta_aggregation(struct store *store, const char *where, json_t *entry,
                 struct indicator_meta *meta)
{
    static const char *const rules[] = {"sum", "ratio", "weighted_mean",
                                        NULL};
    json_t *aggregation = json_object_get(entry, "aggregation");
    json_t *value = NULL;

    if (!json_is_object(aggregation)) {
        store_set_error(store, "%s: \"aggregation\" must be an object", where);
        return -1;
    }
    if (meta_text(store, where, aggregation, "rule", 1, &meta->rule) < 0)
        return -1;
    if (!meta_one_of(meta->rule, rules)) {
        store_set_error(store, "%s: unknown aggregation rule \"%s\"", where,
                        meta->rule);
        return -1;
    }
    if (meta_text(store, where, aggregation, "numerator",
                  strcmp(meta->rule, "ratio") == 0, &meta->numerator) < 0 ||
        meta_text(store, where, aggregation, "denominator",
                  strcmp(meta->rule, "ratio") == 0, &meta->denominator) < 0 ||
        meta_text(store, where, aggregation, "numerator_category", 0,
                  &meta->numerator_category) < 0 ||
        meta_text(store, where, aggregation, "weight",
                  strcmp(meta->rule, "weighted_mean") == 0,
                  &meta->weight) < 0)
        return -1;

    meta->factor = 1;
    value = json_object_get(aggregation, "factor");
    if (value != NULL && !json_is_number(value)) {
        store_set_error(store, "%s: \"factor\" must be a number", where);
        return -1;
    }
    if (value != NULL)
        meta->factor = json_number_value(value);
    value = json_object_get(aggregation, "denominator_year");
    if (value != NULL && !json_is_integer(value)) {
        store_set_error(store, "%s: \"denominator_year\" must be a year",
                        where);
        return -1;
    }
    meta->denominator_year = value != NULL ? json_integer_value(value) : 0;
    return 0;
}

/* Read every field of a catalogue entry, checking types and values. */
static int
meta_read(struct store *store, const char *where, json_t *entry,
          struct indicator_meta *meta)
{
    static const char *const levels[] = {"commune", "epci", "departement",
                                         "region", "point", NULL};
    json_t *confidentiality = json_object_get(entry, "confidentiality");
    json_t *partial = json_object_get(entry, "partial");

    memset(meta, 0, sizeof *meta);
    if (!json_is_object(entry)) {
        store_set_error(store, "%s: an entry must be an object", where);
        return -1;
    }
    if (meta_text(store, where, entry, "id", 1, &meta->id) < 0 ||
        meta_names(store, where, entry, "name", 1, meta->name) < 0 ||
        meta_text(store, where, entry, "theme", 1, &meta->theme) < 0 ||
        meta_text(store, where, entry, "unit", 1, &meta->unit) < 0 ||
        meta_names(store, where, entry, "description", 0,
                   meta->description) < 0 ||
        meta_text(store, where, entry, "source", 1, &meta->source) < 0 ||
        meta_text(store, where, entry, "licence", 1, &meta->licence) < 0 ||
        meta_text(store, where, entry, "url", 0, &meta->url) < 0 ||
        meta_text(store, where, entry, "native_level", 1,
                  &meta->native_level) < 0 ||
        meta_text(store, where, entry, "representation", 0,
                  &meta->representation) < 0 ||
        meta_text(store, where, entry, "file", 0, &meta->file) < 0 ||
        meta_names(store, where, entry, "partial_note", 0,
                   meta->partial_note) < 0 ||
        meta_aggregation(store, where, entry, meta) < 0)
        return -1;
    if (strspn(meta->id, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
        strlen(meta->id)) {
        store_set_error(store, "%s: invalid id \"%s\" (use a-z, 0-9 and _)",
                        where, meta->id);
        return -1;
    }
    if (!meta_one_of(meta->native_level, levels)) {
        store_set_error(store, "%s: unknown native_level \"%s\"", where,
                        meta->native_level);
        return -1;
    }

    meta->confidentiality = "none";
    if (json_is_object(confidentiality) &&
        (meta_text(store, where, confidentiality, "rule", 1,
                   &meta->confidentiality) < 0 ||
         meta_names(store, where, confidentiality, "note", 0,
                    meta->confidentiality_note) < 0))
        return -1;
    meta->partial = json_is_true(partial);
    return 0;
}

/* Bind a possibly NULL text to parameter i. */
static void
bind_text_or_null(sqlite3_stmt *stmt, int i, const char *text)
{
    if (text != NULL)
        sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, i);
}

/* Insert or replace the indicator row of an entry. */
static int
meta_write_row(struct store *store, const struct indicator_meta *meta)
{
    const char *texts[] = {
        meta->id,
        meta->name[0],
        meta->name[1],
        meta->theme,
        meta->unit,
        meta->description[0] != NULL ? meta->description[0] : "",
        meta->description[1] != NULL ? meta->description[1] : "",
        meta->source,
        meta->licence,
        meta->url,
        meta->native_level,
        meta->rule,
        meta->numerator,
        meta->numerator_category,
        meta->denominator,
        meta->weight,
        meta->confidentiality,
        meta->confidentiality_note[0],
        meta->confidentiality_note[1],
        meta->representation != NULL ? meta->representation : "",
        meta->file,
        meta->partial_note[0],
        meta->partial_note[1],
    };
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    int i;

    if (sqlite3_prepare_v2(
            store_db(store),
            "INSERT INTO indicator (id, name_fr, name_en, theme, unit,"
            " description_fr, description_en, source, licence, url,"
            " native_level, aggregation, numerator, numerator_category,"
            " denominator, weight, confidentiality, confidentiality_note_fr,"
            " confidentiality_note_en, representation, file, partial_note_fr,"
            " partial_note_en, denominator_year, factor, partial, position)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
            " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,"
            " ?26, (SELECT coalesce(max(position), 0) + 1 FROM indicator))"
            " ON CONFLICT (id) DO UPDATE SET name_fr = ?2, name_en = ?3,"
            " theme = ?4, unit = ?5, description_fr = ?6,"
            " description_en = ?7, source = ?8, licence = ?9, url = ?10,"
            " native_level = ?11, aggregation = ?12, numerator = ?13,"
            " numerator_category = ?14, denominator = ?15, weight = ?16,"
            " confidentiality = ?17, confidentiality_note_fr = ?18,"
            " confidentiality_note_en = ?19, representation = ?20,"
            " file = ?21, partial_note_fr = ?22, partial_note_en = ?23,"
            " denominator_year = ?24, factor = ?25, partial = ?26",
            -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "writing an indicator failed");
        goto out;
    }
    for (i = 0; i < (int)(sizeof texts / sizeof texts[0]); i++)
        bind_text_or_null(stmt, i + 1, texts[i]);
    if (meta->denominator_year > 0)
        sqlite3_bind_int64(stmt, 24, meta->denominator_year);
    if (strcmp(meta->rule, "ratio") == 0)
        sqlite3_bind_double(stmt, 25, meta->factor);
    sqlite3_bind_int(stmt, 26, meta->partial);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "writing an indicator failed");
        goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Run a prepared statement once and reset it, failing with what. */
static int
step_once(struct store *store, sqlite3_stmt *stmt, const char *what)
{
    int rc = 0;

    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, what);
        rc = -1;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc;
}

/* Replace the years of an entry by its "years" array. */
static int
meta_write_years(struct store *store, const char *where, json_t *entry,
                 const char *id)
{
    json_t *years = json_object_get(entry, "years");
    json_t *year = NULL;
    sqlite3_stmt *stmt = NULL;
    size_t i;
    int rc = -1;

    if (!json_is_array(years)) {
        store_set_error(store, "%s: \"years\" must be an array", where);
        return -1;
    }
    if (sqlite3_prepare_v2(store_db(store),
                           "INSERT OR IGNORE INTO indicator_year"
                           " (indicator_id, year) VALUES (?, ?)",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "writing the years failed");
        goto out;
    }
    json_array_foreach(years, i, year) {
        if (!json_is_integer(year) || json_integer_value(year) < 1800 ||
            json_integer_value(year) > 2200) {
            store_set_error(store, "%s: years[%zu] is not a year", where, i);
            goto out;
        }
        sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, json_integer_value(year));
        if (step_once(store, stmt, "writing the years failed") < 0)
            goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Replace the categories of an entry by its "categories" array. */
static int
meta_write_categories(struct store *store, const char *where, json_t *entry,
                      const char *id)
{
    json_t *categories = json_object_get(entry, "categories");
    json_t *category = NULL;
    sqlite3_stmt *stmt = NULL;
    const char *category_id = NULL;
    const char *names[2];
    size_t i;
    int rc = -1;

    if (categories != NULL && !json_is_array(categories)) {
        store_set_error(store, "%s: \"categories\" must be an array", where);
        return -1;
    }
    if (sqlite3_prepare_v2(store_db(store),
                           "INSERT INTO indicator_category (indicator_id, id,"
                           " name_fr, name_en, position)"
                           " VALUES (?, ?, ?, ?, ?)",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "writing the categories failed");
        goto out;
    }
    json_array_foreach(categories, i, category) {
        if (meta_text(store, where, category, "id", 1, &category_id) < 0 ||
            meta_names(store, where, category, "name", 1, names) < 0)
            goto out;
        sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, category_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, names[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 4, names[1], -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 5, (sqlite3_int64)i);
        if (step_once(store, stmt, "writing the categories failed") < 0) {
            store_set_error(store, "%s: category \"%s\": %s", where,
                            category_id, store_error(store));
            goto out;
        }
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_indicator_write_meta(struct store *store, const void *entry,
                           const char *where)
{
    struct indicator_meta meta;
    char *sql = NULL;
    int rc = -1;

    if (meta_read(store, where, (json_t *)entry, &meta) < 0 ||
        meta_write_row(store, &meta) < 0)
        return -1;
    sql = sqlite3_mprintf("DELETE FROM indicator_category"
                          " WHERE indicator_id = %Q",
                          meta.id);
    if (store_exec(store, sql) < 0)
        goto out;
    if (meta_write_years(store, where, (json_t *)entry, meta.id) < 0 ||
        meta_write_categories(store, where, (json_t *)entry, meta.id) < 0)
        goto out;
    rc = 0;

out:
    sqlite3_free(sql);
    return rc;
}

/*
 * Import of one batch of values.
 */

/* Fail an import on one row, naming the source file, line and value. */
static int
import_fail_row(struct store *store, const struct import_batch *batch,
                const struct import_row *row, const char *what)
{
    store_set_error(store, "%s:%ld: %s \"%s\" (year %d%s%s)",
                    batch->source_name != NULL ? batch->source_name : "import",
                    row->line, what, row->code, row->year,
                    row->category != NULL ? ", category " : "",
                    row->category != NULL ? row->category : "");
    return -1;
}

/* Delete the values of every year that the batch contains. */
static int
import_delete_years(struct store *store, const struct import_batch *batch)
{
    sqlite3_stmt *stmt = NULL;
    size_t i;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store),
                           "DELETE FROM indicator_value"
                           " WHERE indicator_id = ? AND year = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "replacing the values failed");
        goto out;
    }
    for (i = 0; i < batch->count; i++) {
        if (i > 0 && batch->rows[i].year == batch->rows[i - 1].year)
            continue;
        sqlite3_bind_text(stmt, 1, batch->indicator_id, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 2, batch->rows[i].year);
        if (step_once(store, stmt, "replacing the values failed") < 0)
            goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Declare every year of the batch for the indicator. */
static int
import_add_years(struct store *store, const struct import_batch *batch)
{
    char *sql = NULL;
    size_t i;
    int rc = 0;

    for (i = 0; i < batch->count && rc == 0; i++) {
        if (i > 0 && batch->rows[i].year == batch->rows[i - 1].year)
            continue;
        sql = sqlite3_mprintf("INSERT OR IGNORE INTO indicator_year"
                              " (indicator_id, year) VALUES (%Q, %d)",
                              batch->indicator_id, batch->rows[i].year);
        rc = store_exec(store, sql);
        sqlite3_free(sql);
    }
    return rc;
}

/*
 * Insert the rows of a batch, mapping codes to territories. Returns 0, 1
 * for an unknown code or a duplicate row, -1 on a database failure.
 */
static int
import_rows(struct store *store, const struct import_batch *batch,
            store_progress_fn progress, void *arg)
{
    sqlite3_stmt *find = NULL;
    sqlite3_stmt *insert = NULL;
    const struct import_row *row = NULL;
    size_t i;
    int step;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT id FROM territory WHERE level = ?"
                           " AND code = ?",
                           -1, &find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store_db(store),
                           "INSERT INTO indicator_value (indicator_id,"
                           " territory_id, year, category, value, flag)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &insert, NULL) != SQLITE_OK) {
        store_set_db_error(store, "preparing the import failed");
        goto out;
    }
    for (i = 0; i < batch->count; i++) {
        row = &batch->rows[i];
        sqlite3_bind_int(find, 1, batch->level);
        sqlite3_bind_text(find, 2, row->code, -1, SQLITE_STATIC);
        step = sqlite3_step(find);
        if (step != SQLITE_ROW) {
            sqlite3_reset(find);
            import_fail_row(store, batch, row, "unknown territory code");
            rc = 1;
            goto out;
        }
        sqlite3_bind_text(insert, 1, batch->indicator_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 2, sqlite3_column_int64(find, 0));
        sqlite3_reset(find);
        sqlite3_bind_int(insert, 3, row->year);
        sqlite3_bind_text(insert, 4, row->category != NULL ? row->category : "",
                          -1, SQLITE_STATIC);
        if (row->flag == VALUE_PRESENT)
            sqlite3_bind_double(insert, 5, row->value);
        sqlite3_bind_int(insert, 6, row->flag);
        step = sqlite3_step(insert);
        sqlite3_reset(insert);
        sqlite3_clear_bindings(insert);
        if (step == SQLITE_CONSTRAINT_PRIMARYKEY) {
            import_fail_row(store, batch, row, "duplicate value for");
            rc = 1;
            goto out;
        }
        if (step != SQLITE_DONE) {
            store_set_db_error(store, "inserting a value failed");
            import_fail_row(store, batch, row, store_error(store));
            goto out;
        }
        if (progress != NULL &&
            ((i + 1) % IMPORT_PROGRESS_ROWS == 0 || i + 1 == batch->count))
            progress(batch->indicator_id, i + 1, batch->count, arg);
    }
    rc = 0;

out:
    sqlite3_finalize(find);
    sqlite3_finalize(insert);
    return rc;
}

/*
 * Fail (1) when the batch names an indicator that neither it nor the store
 * has, or a ratio, which takes no values.
 */
static int
import_check_indicator(struct store *store, const struct import_batch *batch)
{
    struct indicator existing;
    int rc;

    rc = store_indicator_get(store, batch->indicator_id, &existing);
    if (rc == 0 && existing.rule != AGGREGATION_SUM &&
        existing.rule != AGGREGATION_WEIGHTED_MEAN) {
        store_set_error(store, "%s: indicator %s is a ratio computed from "
                        "other indicators and takes no values",
                        batch->source_name, batch->indicator_id);
        rc = 1;
    } else if (rc == 1) {
        store_set_error(store, "%s: unknown indicator \"%s\": give its "
                        "catalogue entry with the values",
                        batch->source_name, batch->indicator_id);
    }
    indicator_clear(&existing);
    return rc;
}

int
store_import_batch(struct store *store, const struct import_batch *batch,
                   store_progress_fn progress, void *arg)
{
    char *where = NULL;
    int rc = -1;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    if (batch->meta != NULL) {
        where = xasprintf("%s: catalogue entry",
                          batch->source_name != NULL ? batch->source_name
                                                     : batch->indicator_id);
        if (store_indicator_write_meta(store, batch->meta, where) < 0) {
            rc = 1;
            goto fail;
        }
    }
    rc = import_check_indicator(store, batch);
    if (rc != 0)
        goto fail;
    if (import_delete_years(store, batch) < 0 ||
        import_add_years(store, batch) < 0)
        goto fail;
    rc = import_rows(store, batch, progress, arg);
    if (rc != 0 || store_exec(store, "COMMIT") < 0)
        goto fail;
    free(where);
    log_info("imported %zu values of indicator %s from %s", batch->count,
             batch->indicator_id, batch->source_name);
    return 0;

fail:
    free(where);
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc != 0 ? rc : -1;
}
