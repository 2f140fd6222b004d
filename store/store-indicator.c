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
    free(indicator->theme_en);
    free(indicator->unit_en);
    free(indicator->source);
    free(indicator->licence);
    free(indicator->url);
    free(indicator->native_level);
    free(indicator->numerator);
    free(indicator->numerator_category);
    free(indicator->denominator);
    free(indicator->weight);
    free(indicator->years);
    for (i = 0; i < indicator->category_count; i++) {
        free(indicator->categories[i]);
        free(indicator->category_names_fr[i]);
        free(indicator->category_names_en[i]);
    }
    free(indicator->categories);
    free(indicator->category_names_fr);
    free(indicator->category_names_en);
    free(indicator->description_fr);
    free(indicator->description_en);
    free(indicator->confidentiality);
    free(indicator->confidentiality_note_fr);
    free(indicator->confidentiality_note_en);
    free(indicator->partial_note_fr);
    free(indicator->partial_note_en);
    free(indicator->representation);
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

    stmt = store_statement(store, "SELECT year FROM indicator_year"
                                  " WHERE indicator_id = ?1"
                                  " AND (published OR ?2 = 0)"
                                  " ORDER BY year");
    if (stmt == NULL)
        goto fail;
    sqlite3_bind_text(stmt, 1, out->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, store_published_only(store));
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        out->years = xrealloc(out->years,
                              (out->year_count + 1) * sizeof *out->years);
        out->years[out->year_count++] = sqlite3_column_int(stmt, 0);
    }
    store_statement_done(stmt);

    stmt = store_statement(store, "SELECT id, name_fr, name_en"
                                  " FROM indicator_category"
                                  " WHERE indicator_id = ? ORDER BY position");
    if (stmt == NULL)
        goto fail;
    sqlite3_bind_text(stmt, 1, out->id, -1, SQLITE_STATIC);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        size_t n = out->category_count + 1;

        out->categories = xrealloc(out->categories, n * sizeof(char *));
        out->category_names_fr =
            xrealloc(out->category_names_fr, n * sizeof(char *));
        out->category_names_en =
            xrealloc(out->category_names_en, n * sizeof(char *));
        out->categories[n - 1] = column_dup(stmt, 0);
        out->category_names_fr[n - 1] = column_dup(stmt, 1);
        out->category_names_en[n - 1] = column_dup(stmt, 2);
        out->category_count = n;
    }
    rc = 0;
    goto out;

fail:
    store_set_db_error(store, "reading an indicator failed");
out:
    store_statement_done(stmt);
    return rc;
}

int
store_theme_english(struct store *store, const char *theme, char **english)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    *english = NULL;
    stmt = store_statement(store, "SELECT theme_en FROM indicator"
                                  " WHERE theme = ?1 AND theme_en IS NOT NULL"
                                  " AND theme_en != '' ORDER BY position"
                                  " LIMIT 1");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the catalogue failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, theme, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        *english = xstrdup((const char *)sqlite3_column_text(stmt, 0));
    store_statement_done(stmt);
    if (step == SQLITE_ROW)
        return 0;
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the catalogue failed");
        return -1;
    }
    return 1;
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
    stmt = store_statement(store,
                           "SELECT id, name_fr, name_en, theme, unit, source,"
                           " licence, url, native_level, aggregation,"
                           " numerator, numerator_category, denominator,"
                           " denominator_year, factor, weight, partial,"
                           " published, description_fr, description_en,"
                           " confidentiality, confidentiality_note_fr,"
                           " confidentiality_note_en, partial_note_fr,"
                           " partial_note_en, representation, theme_en,"
                           " unit_en"
                           " FROM indicator WHERE id = ?");
    if (stmt == NULL) {
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
    out->description_fr = column_dup(stmt, 18);
    out->description_en = column_dup(stmt, 19);
    out->confidentiality = column_dup(stmt, 20);
    out->confidentiality_note_fr = column_dup(stmt, 21);
    out->confidentiality_note_en = column_dup(stmt, 22);
    out->partial_note_fr = column_dup(stmt, 23);
    out->partial_note_en = column_dup(stmt, 24);
    out->representation = column_dup(stmt, 25);
    out->theme_en = column_dup(stmt, 26);
    out->unit_en = column_dup(stmt, 27);
    store_statement_done(stmt);
    stmt = NULL;
    rc = indicator_read_lists(store, out);

out:
    store_statement_done(stmt);
    if (rc < 0)
        indicator_clear(out);
    return rc;
}

int
store_indicator_hidden(struct store *store, const char *id, int year)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = 0;

    if (!store_published_only(store))
        return 0;
    stmt = store_statement(store,
                           "SELECT NOT i.published OR coalesce("
                           " (SELECT NOT y.published FROM indicator_year y"
                           " WHERE y.indicator_id = i.id AND y.year = ?2), 0)"
                           " FROM indicator i WHERE i.id = ?1");
    if (stmt == NULL) {
        store_set_db_error(store, "reading an indicator failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, year);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        rc = sqlite3_column_int(stmt, 0) != 0;
    } else if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading an indicator failed");
        rc = -1;
    }
    store_statement_done(stmt);
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
    const char *theme_en;
    const char *unit_en;
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
        meta_text(store, where, entry, "theme_en", 0, &meta->theme_en) < 0 ||
        meta_text(store, where, entry, "unit_en", 0, &meta->unit_en) < 0 ||
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
        meta->theme_en,
        meta->unit_en,
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
            " partial_note_en, theme_en, unit_en, denominator_year, factor,"
            " partial, position)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
            " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?27, ?28, ?24,"
            " ?25, ?26, (SELECT coalesce(max(position), 0) + 1 FROM indicator))"
            " ON CONFLICT (id) DO UPDATE SET name_fr = ?2, name_en = ?3,"
            " theme = ?4, unit = ?5, description_fr = ?6,"
            " description_en = ?7, source = ?8, licence = ?9, url = ?10,"
            " native_level = ?11, aggregation = ?12, numerator = ?13,"
            " numerator_category = ?14, denominator = ?15, weight = ?16,"
            " confidentiality = ?17, confidentiality_note_fr = ?18,"
            " confidentiality_note_en = ?19, representation = ?20,"
            " file = ?21, partial_note_fr = ?22, partial_note_en = ?23,"
            " denominator_year = ?24, factor = ?25, partial = ?26,"
            " theme_en = ?27, unit_en = ?28",
            -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "writing an indicator failed");
        goto out;
    }
    /* texts binds ?1 to ?23 and, after the numbers ?24 to ?26, ?27 and
     * ?28. */
    for (i = 0; i < 23; i++)
        bind_text_or_null(stmt, i + 1, texts[i]);
    bind_text_or_null(stmt, 27, texts[23]);
    bind_text_or_null(stmt, 28, texts[24]);
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

/* Fail an import on one row, naming the source file, line and value.
 * what is a N_() message, or a store message already written. */
static int
import_fail_row(struct store *store, const struct import_batch *batch,
                const struct import_row *row, const char *what)
{
    const char *source =
        batch->source_name != NULL ? batch->source_name : "import";

    if (row->category != NULL)
        store_set_error(store, "%s:%ld: %s \"%s\" (year %d, category \"%s\")",
                        source, row->line, what, row->code, row->year,
                        row->category);
    else
        store_set_error(store, "%s:%ld: %s \"%s\" (year %d)", source,
                        row->line, what, row->code, row->year);
    return -1;
}

/*
 * Run sql, with the batch's indicator id bound to ?1 and a year to ?2,
 * once for each year the batch contains. Rows of one year usually come
 * together, so a year equal to the previous row's is skipped.
 */
int
store_import_run_per_year(struct store *store, const struct import_batch *batch,
                          const char *sql, const char *what)
{
    sqlite3_stmt *stmt = NULL;
    size_t i;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, NULL) !=
        SQLITE_OK) {
        store_set_db_error(store, what);
        goto out;
    }
    for (i = 0; i < batch->count; i++) {
        if (i > 0 && batch->rows[i].year == batch->rows[i - 1].year)
            continue;
        sqlite3_bind_text(stmt, 1, batch->indicator_id, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 2, batch->rows[i].year);
        if (step_once(store, stmt, what) < 0)
            goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Mapping of a row's code to its territory. */
enum import_target_kind {
    TARGET_CURRENT = 0,        /* the code is a current territory */
    TARGET_MERGED = 1,         /* a former commune, added to its successor */
    TARGET_ARRONDISSEMENT = 2, /* a part of Paris, Marseille or Lyon */
};

/* Statements of one import, prepared once. */
struct import_statements {
    sqlite3_stmt *find;
    sqlite3_stmt *history;
    sqlite3_stmt *insert;
    sqlite3_stmt *combine;
};

static void
import_statements_finalize(struct import_statements *stmts)
{
    sqlite3_finalize(stmts->find);
    sqlite3_finalize(stmts->history);
    sqlite3_finalize(stmts->insert);
    sqlite3_finalize(stmts->combine);
}

/*
 * Prepare the statements. combine adds a row to the one already stored for
 * the same cell: the values given are summed, a secret part makes the sum
 * secret, and otherwise a not-estimated part makes it not estimated.
 */
static int
import_statements_prepare(struct store *store, struct import_statements *stmts)
{
    sqlite3 *db = store_db(store);

    memset(stmts, 0, sizeof *stmts);
    if (sqlite3_prepare_v2(db,
                           "SELECT id FROM territory WHERE level = ?"
                           " AND code = ?",
                           -1, &stmts->find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT commune_id, kind FROM commune_history"
                           " WHERE old_code = ?",
                           -1, &stmts->history, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO indicator_value (indicator_id,"
                           " territory_id, year, category, value, flag)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &stmts->insert, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO indicator_value (indicator_id,"
                           " territory_id, year, category, value, flag)"
                           " VALUES (?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (indicator_id, territory_id, year,"
                           " category) DO UPDATE SET"
                           " value = CASE WHEN value IS NULL"
                           " AND excluded.value IS NULL THEN NULL"
                           " ELSE coalesce(value, 0)"
                           " + coalesce(excluded.value, 0) END,"
                           " flag = CASE WHEN flag = 1 OR excluded.flag = 1"
                           " THEN 1 WHEN flag = 2 OR excluded.flag = 2"
                           " THEN 2 ELSE 0 END",
                           -1, &stmts->combine, NULL) != SQLITE_OK) {
        store_set_db_error(store, "preparing the import failed");
        import_statements_finalize(stmts);
        return -1;
    }
    return 0;
}

/*
 * Find the territory of a row: a current territory of the batch's level,
 * or for a commune code, the current commune that the commune history
 * maps it to. Returns 0, 1 for an unknown code, -1 on a database failure.
 */
static int
import_resolve(struct store *store, const struct import_statements *stmts,
               const struct import_batch *batch, const struct import_row *row,
               int64_t *id, enum import_target_kind *kind)
{
    const char *history_kind;
    int step;

    sqlite3_bind_int(stmts->find, 1, batch->level);
    sqlite3_bind_text(stmts->find, 2, row->code, -1, SQLITE_STATIC);
    step = sqlite3_step(stmts->find);
    *id = step == SQLITE_ROW ? sqlite3_column_int64(stmts->find, 0) : 0;
    *kind = TARGET_CURRENT;
    sqlite3_reset(stmts->find);
    if (step == SQLITE_ROW)
        return 0;
    if (step != SQLITE_DONE || batch->level != LEVEL_COMMUNE)
        goto done;

    sqlite3_bind_text(stmts->history, 1, row->code, -1, SQLITE_STATIC);
    step = sqlite3_step(stmts->history);
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(stmts->history, 0);
        history_kind = (const char *)sqlite3_column_text(stmts->history, 1);
        *kind = strcmp(history_kind, "arrondissement") == 0
                    ? TARGET_ARRONDISSEMENT
                    : TARGET_MERGED;
    }
    sqlite3_reset(stmts->history);
    if (step == SQLITE_ROW)
        return 0;

done:
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "looking up a territory failed");
        return -1;
    }
    import_fail_row(store, batch, row, N_("unknown territory code"));
    return 1;
}

/* Write one row with insert (a new cell) or combine (added to a cell). */
static int
import_write_row(struct store *store, const struct import_batch *batch,
                 const struct import_row *row, int64_t id, sqlite3_stmt *stmt)
{
    int step;

    sqlite3_bind_text(stmt, 1, batch->indicator_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, id);
    sqlite3_bind_int(stmt, 3, row->year);
    sqlite3_bind_text(stmt, 4, row->category != NULL ? row->category : "",
                      -1, SQLITE_STATIC);
    if (row->flag == VALUE_PRESENT)
        sqlite3_bind_double(stmt, 5, row->value);
    else
        sqlite3_bind_null(stmt, 5);
    sqlite3_bind_int(stmt, 6, row->flag);
    step = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (step == SQLITE_CONSTRAINT_PRIMARYKEY) {
        import_fail_row(store, batch, row, N_("duplicate value for"));
        return 1;
    }
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "inserting a value failed");
        import_fail_row(store, batch, row, store_error(store));
        return -1;
    }
    return 0;
}

/* Write the key of a cell (territory, year, category) into key. */
static void
import_cell_key(char *key, size_t size, int64_t id,
                const struct import_row *row)
{
    snprintf(key, size, "%lld\t%d\t%s", (long long)id, row->year,
             row->category != NULL ? row->category : "");
}

/*
 * Reject a row whose category the indicator's catalogue entry does not
 * list, when it lists categories. Returns 0 or 1.
 */
static int
import_check_category(struct store *store, const struct import_batch *batch,
                      const struct indicator *indicator,
                      const struct import_row *row)
{
    size_t i;

    if (indicator->category_count == 0)
        return 0;
    for (i = 0; row->category != NULL && i < indicator->category_count; i++) {
        if (strcmp(row->category, indicator->categories[i]) == 0)
            return 0;
    }
    store_set_error(store, "%s:%ld: category \"%s\" of code %s is not in "
                    "the catalogue entry of %s; expected one of its "
                    "\"categories\" ids",
                    batch->source_name != NULL ? batch->source_name
                                               : "import",
                    row->line, row->category != NULL ? row->category : "",
                    row->code, batch->indicator_id);
    return 1;
}

/*
 * Resolve every row to its territory, checking codes and categories
 * before anything is written. Returns 0, 1 for invalid input, -1.
 */
static int
import_resolve_all(struct store *store, const struct import_statements *stmts,
                   const struct import_batch *batch,
                   const struct indicator *indicator, int64_t *ids,
                   enum import_target_kind *kinds)
{
    size_t i;
    int rc;

    for (i = 0; i < batch->count; i++) {
        rc = import_check_category(store, batch, indicator, &batch->rows[i]);
        if (rc != 0)
            return rc;
        /* Files list a code's categories or years together: reuse the
         * previous row's lookup for the same code. */
        if (i > 0 && strcmp(batch->rows[i].code, batch->rows[i - 1].code) ==
                         0) {
            ids[i] = ids[i - 1];
            kinds[i] = kinds[i - 1];
            continue;
        }
        rc = import_resolve(store, stmts, batch, &batch->rows[i], &ids[i],
                            &kinds[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/*
 * Insert the rows of a batch. Rows of current codes go first, so that a
 * duplicate among them is an error. Rows of former communes are then added
 * to their current commune's cell, and rows of municipal arrondissements
 * are added too unless the batch gives the commune's own cell, which
 * already contains them. Returns 0, 1 for an unknown code, a category not
 * in the catalogue or a duplicate row, -1 on a database failure.
 */
static int
import_rows(struct store *store, const struct import_batch *batch,
            const struct indicator *indicator, store_progress_fn progress,
            void *arg, struct import_summary *summary)
{
    struct import_statements stmts;
    struct import_index *direct = NULL;
    struct import_index *former = NULL;
    enum import_target_kind *kinds = NULL;
    int64_t *ids = NULL;
    const struct import_row *row = NULL;
    char key[128];
    size_t done = 0;
    size_t i;
    int arrondissements = 0;
    int pass;
    int rc = -1;

    if (import_statements_prepare(store, &stmts) < 0)
        return -1;
    ids = xcalloc(batch->count + 1, sizeof *ids);
    kinds = xcalloc(batch->count + 1, sizeof *kinds);
    direct = import_index_create();
    former = import_index_create();
    rc = import_resolve_all(store, &stmts, batch, indicator, ids, kinds);
    if (rc != 0)
        goto out;
    for (i = 0; i < batch->count && !arrondissements; i++)
        arrondissements = kinds[i] == TARGET_ARRONDISSEMENT;

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < batch->count; i++) {
            row = &batch->rows[i];
            if ((kinds[i] == TARGET_CURRENT) != (pass == 0))
                continue;
            /* The index of current cells serves only to skip the
             * arrondissements of a commune the batch also gives. */
            if (arrondissements || pass == 1)
                import_cell_key(key, sizeof key, ids[i], row);
            if (pass == 0) {
                if (arrondissements)
                    import_index_put(direct, key, 0);
            } else if (kinds[i] == TARGET_ARRONDISSEMENT &&
                       import_index_put(direct, key, 1) == 0) {
                /* The cell of a current code has 0; the first
                 * arrondissement of a cell without one stores 1. */
                summary->skipped++;
                goto next;
            } else {
                summary->mapped++;
                if (import_index_put(former, row->code, 0) < 0)
                    summary->mapped_codes++;
            }
            rc = import_write_row(store, batch, row, ids[i],
                                  pass == 0 ? stmts.insert : stmts.combine);
            if (rc != 0)
                goto out;
        next:
            done++;
            if (progress != NULL &&
                (done % IMPORT_PROGRESS_ROWS == 0 || done == batch->count))
                progress(batch->indicator_id, done, batch->count, arg);
        }
    }
    rc = 0;

out:
    import_statements_finalize(&stmts);
    import_index_free(direct);
    import_index_free(former);
    free(ids);
    free(kinds);
    return rc;
}

/*
 * Fail (1) when the batch names an indicator that neither it nor the store
 * has, or a ratio, which takes no values.
 */
static int
import_check_indicator(struct store *store, const struct import_batch *batch,
                       struct indicator *existing)
{
    int rc;

    rc = store_indicator_get(store, batch->indicator_id, existing);
    if (rc == 0 && existing->rule != AGGREGATION_SUM &&
        existing->rule != AGGREGATION_WEIGHTED_MEAN) {
        store_set_error(store, "%s: indicator %s is a ratio computed from "
                        "other indicators and takes no values",
                        batch->source_name, batch->indicator_id);
        rc = 1;
    } else if (rc == 1) {
        store_set_error(store, "%s: unknown indicator \"%s\": give its "
                        "catalogue entry with the values",
                        batch->source_name, batch->indicator_id);
    }
    return rc;
}

int
store_import_batch(struct store *store, const struct import_batch *batch,
                   store_progress_fn progress, void *arg,
                   struct import_summary *summary)
{
    struct import_summary unused;
    struct indicator indicator;
    char *where = NULL;
    int rc = -1;

    memset(&indicator, 0, sizeof indicator);
    if (summary == NULL)
        summary = &unused;
    memset(summary, 0, sizeof *summary);
    /* Every row's territory is looked up and the indicator checked before
     * anything is written, so SQLite's two foreign-key lookups per row
     * would only repeat those checks. */
    if (store_exec(store, "PRAGMA foreign_keys = OFF") < 0)
        return -1;
    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        goto restore;
    if (batch->meta != NULL) {
        where = xasprintf("%s: catalogue entry",
                          batch->source_name != NULL ? batch->source_name
                                                     : batch->indicator_id);
        if (store_indicator_write_meta(store, batch->meta, where) < 0) {
            rc = 1;
            goto fail;
        }
    }
    rc = import_check_indicator(store, batch, &indicator);
    if (rc != 0)
        goto fail;
    if (store_import_run_per_year(store, batch,
                                  "INSERT OR IGNORE INTO indicator_year"
                                  " (indicator_id, year) VALUES (?1, ?2)",
                                  "declaring the years failed") < 0)
        goto fail;
    if (batch->flows)
        rc = store_import_flows(store, batch, &indicator, summary);
    else if (store_import_run_per_year(store, batch,
                                       "DELETE FROM indicator_value"
                                       " WHERE indicator_id = ?1"
                                       " AND year = ?2",
                                       "replacing the values failed") < 0)
        goto fail;
    else
        rc = import_rows(store, batch, &indicator, progress, arg, summary);
    if (rc != 0 || store_exec(store, "COMMIT") < 0)
        goto fail;
    free(where);
    indicator_clear(&indicator);
    store_exec(store, "PRAGMA foreign_keys = ON");
    log_info("imported %zu values of indicator %s from %s (%zu rows of %zu "
             "former codes mapped, %zu arrondissement rows skipped)",
             batch->count, batch->indicator_id, batch->source_name,
             summary->mapped, summary->mapped_codes, summary->skipped);
    return 0;

fail:
    free(where);
    indicator_clear(&indicator);
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
restore:
    store_exec(store, "PRAGMA foreign_keys = ON");
    return rc != 0 ? rc : -1;
}
