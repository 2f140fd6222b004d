/*
 * terrish: loading the bundled indicator catalogue, its value files and its
 * point layers into the store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * data/indicators/catalogue.json lists the indicators. Each entry with a
 * "file" names a tab-separated UTF-8 file, relative to the data folder,
 * whose first line names its columns. That line selects the format: values
 * by territory, origin-destination flows, or one of the three point layers.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/common.h"
#include "store/store.h"

#define CATALOGUE_PATH "indicators/catalogue.json"

struct indicator_load;

/* Stores one data line, split into its fields. Returns 0 or -1. */
typedef int (*format_row_fn)(struct indicator_load *load, char **fields);

struct file_format {
    const char *columns[STORE_TSV_MAX_COLUMNS + 1]; /* NULL-terminated */
    format_row_fn row;
};

/* A territory code and its id, in a table sorted by code. */
struct code_id {
    char code[16];
    int64_t id;
};

struct code_table {
    struct code_id *items;
    size_t count;
};

/* One file to load, with the catalogue entry that names it. */
struct load_entry {
    json_t *entry;
    const char *id;
    const char *path;    /* relative to the data folder */
    enum territory_level level;
    const char *unit;
    int *years;
    size_t year_count;
    const char **categories;
    size_t category_count;
    size_t size;
};

struct indicator_load {
    struct store *store;
    char *data_dir;
    json_t *catalogue;
    struct load_entry *entries;
    size_t entry_count;
    struct code_table codes[LEVEL_COMMUNE + 1]; /* indexed by level */
    locale_t c_locale;

    /* The file being read. */
    const struct load_entry *current;
    const struct file_format *format;
    struct store_tsv tsv;

    sqlite3_stmt *insert_value;
    sqlite3_stmt *insert_flow;
    sqlite3_stmt *insert_point;
};

static int format_values(struct indicator_load *load, char **fields);
static int format_flows(struct indicator_load *load, char **fields);
static int format_eu_ets(struct indicator_load *load, char **fields);
static int format_irep(struct indicator_load *load, char **fields);
static int format_irve(struct indicator_load *load, char **fields);

static const struct file_format file_formats[] = {
    {{"code", "year", "category", "value", "flag", NULL}, format_values},
    {{"origin", "destination", "mode", "weight", NULL}, format_flows},
    {{"id", "name", "postal_code", "commune", "lon", "lat", "sector", "year",
      "value", NULL},
     format_eu_ets},
    {{"id", "name", "commune", "lon", "lat", "year", "medium", "pollutant",
      "value", "unit", NULL},
     format_irep},
    {{"lon", "lat", "departement", "year", "value", NULL}, format_irve},
};

#define FILE_FORMAT_COUNT (sizeof file_formats / sizeof file_formats[0])

/* Set the message to the current file and line, then the formatted cause. */
static int __attribute__((format(printf, 2, 3)))
load_fail(struct indicator_load *load, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    store_tsv_vfail(&load->tsv, fmt, ap);
    va_end(ap);
    return -1;
}

/* Fail on field column (0-based) of the current line, quoting its value. */
static int
load_fail_field(struct indicator_load *load, size_t column, const char *what,
                const char *value)
{
    return store_tsv_fail_field(&load->tsv, column, what, value);
}

/* Compare two code_id entries, for qsort and bsearch. */
static int
code_id_compare(const void *a, const void *b)
{
    return strcmp(((const struct code_id *)a)->code,
                  ((const struct code_id *)b)->code);
}

/* Read every territory code into the table of its level. */
static int
load_codes(struct indicator_load *load)
{
    sqlite3_stmt *stmt = NULL;
    struct code_table *table = NULL;
    int level;

    if (sqlite3_prepare_v2(store_db(load->store),
                           "SELECT level, code, id FROM territory", -1, &stmt,
                           NULL) != SQLITE_OK) {
        store_set_db_error(load->store, "reading the territories failed");
        return -1;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        level = sqlite3_column_int(stmt, 0);
        if (level < LEVEL_REGION || level > LEVEL_COMMUNE)
            continue;
        table = &load->codes[level];
        table->items = xrealloc(table->items,
                                (table->count + 1) * sizeof *table->items);
        snprintf(table->items[table->count].code,
                 sizeof table->items[table->count].code, "%s",
                 (const char *)sqlite3_column_text(stmt, 1));
        table->items[table->count++].id = sqlite3_column_int64(stmt, 2);
    }
    sqlite3_finalize(stmt);
    for (level = LEVEL_REGION; level <= LEVEL_COMMUNE; level++) {
        table = &load->codes[level];
        if (table->count > 0)
            qsort(table->items, table->count, sizeof *table->items,
                  code_id_compare);
    }
    return 0;
}

/* Return the id of the territory with code at level, or 0 when none. */
static int64_t
load_code_find(struct indicator_load *load, enum territory_level level,
               const char *code)
{
    struct code_table *table = &load->codes[level];
    struct code_id key;
    struct code_id *found = NULL;

    if (strlen(code) >= sizeof key.code || table->count == 0)
        return 0;
    snprintf(key.code, sizeof key.code, "%s", code);
    found = bsearch(&key, table->items, table->count, sizeof *table->items,
                    code_id_compare);
    return found != NULL ? found->id : 0;
}

/*
 * Parse a decimal number written with a "." point ("12", "-3.5"). strtod_l
 * with the C locale ignores LC_NUMERIC, which may want a decimal comma.
 */
static int
load_number(struct indicator_load *load, size_t column, const char *text,
            double *value)
{
    char *end = NULL;
    size_t digits = strspn(text, "0123456789");

    if (*text == '-')
        digits = strspn(text + 1, "0123456789");
    if (*text == '\0' || digits == 0 ||
        strspn(text, "-0123456789.") != strlen(text))
        return load_fail_field(load, column, "invalid number", text);
    errno = 0;
    *value = strtod_l(text, &end, load->c_locale);
    if (*end != '\0' || errno != 0)
        return load_fail_field(load, column, "invalid number", text);
    return 0;
}

/* Parse a year that the catalogue entry lists. */
static int
load_year(struct indicator_load *load, size_t column, const char *text,
          int *year)
{
    size_t i;

    if (strlen(text) != 4 || strspn(text, "0123456789") != 4)
        return load_fail_field(load, column, "invalid year", text);
    *year = atoi(text);
    for (i = 0; i < load->current->year_count; i++) {
        if (load->current->years[i] == *year)
            return 0;
    }
    return load_fail_field(load, column, "year not in the catalogue's years",
                           text);
}

/* Check a category against the catalogue entry ("" when it has none). */
static int
load_category(struct indicator_load *load, size_t column, const char *text)
{
    size_t i;

    if (load->current->category_count == 0 && *text == '\0')
        return 0;
    for (i = 0; i < load->current->category_count; i++) {
        if (strcmp(load->current->categories[i], text) == 0)
            return 0;
    }
    return load_fail_field(load, column,
                           load->current->category_count == 0
                               ? "category given but the indicator has none"
                               : "unknown category",
                           text);
}

/* Find the territory of a code at level, failing when it is unknown. */
static int
load_territory(struct indicator_load *load, size_t column,
               enum territory_level level, const char *code, int64_t *id)
{
    *id = load_code_find(load, level, code);
    if (*id == 0)
        return load_fail_field(load, column, "unknown territory code", code);
    return 0;
}

/* Run an insert statement, naming the duplicate key on a conflict. */
static int
load_step(struct indicator_load *load, sqlite3_stmt *stmt)
{
    int step = sqlite3_step(stmt);
    int rc = 0;

    if (step == SQLITE_CONSTRAINT_PRIMARYKEY)
        rc = load_fail(load, "duplicate row");
    else if (step != SQLITE_DONE)
        rc = load_fail(load, "inserting failed: %s",
                       sqlite3_errmsg(store_db(load->store)));
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc;
}

/* A line "code year category value flag" at the entry's native level. */
static int
format_values(struct indicator_load *load, char **fields)
{
    sqlite3_stmt *stmt = load->insert_value;
    enum value_flag flag = VALUE_PRESENT;
    int64_t territory_id;
    double value = 0;
    int year;

    if (load->current->level == 0)
        return load_fail(load, "values need a territory native_level");
    if (load_territory(load, 0, load->current->level, fields[0],
                       &territory_id) < 0 ||
        load_year(load, 1, fields[1], &year) < 0 ||
        load_category(load, 2, fields[2]) < 0)
        return -1;
    if (strcmp(fields[4], "s") == 0)
        flag = VALUE_SECRET;
    else if (strcmp(fields[4], "nd") == 0)
        flag = VALUE_NOT_ESTIMATED;
    else if (fields[4][0] != '\0')
        return load_fail_field(load, 4, "invalid flag (use s or nd)",
                               fields[4]);
    if (fields[3][0] == '\0' && flag == VALUE_PRESENT)
        return load_fail_field(load, 3, "empty value without a flag", "");
    if (fields[3][0] != '\0' && load_number(load, 3, fields[3], &value) < 0)
        return -1;

    sqlite3_bind_text(stmt, 1, load->current->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, territory_id);
    sqlite3_bind_int(stmt, 3, year);
    sqlite3_bind_text(stmt, 4, fields[2], -1, SQLITE_STATIC);
    if (fields[3][0] != '\0')
        sqlite3_bind_double(stmt, 5, value);
    sqlite3_bind_int(stmt, 6, flag);
    return load_step(load, stmt);
}

/*
 * A line "origin destination mode weight" of a flow file. Flow files have
 * no year column, so the entry must list exactly one year.
 */
static int
format_flows(struct indicator_load *load, char **fields)
{
    sqlite3_stmt *stmt = load->insert_flow;
    int64_t origin;
    int64_t destination = 0;
    double weight;

    if (load->current->year_count != 1)
        return load_fail(load, "a flow file needs exactly one catalogue year");
    if (load_territory(load, 0, LEVEL_COMMUNE, fields[0], &origin) < 0)
        return -1;
    if (strcmp(fields[1], "99999") != 0 &&
        load_territory(load, 1, LEVEL_COMMUNE, fields[1], &destination) < 0)
        return -1;
    if (load_category(load, 2, fields[2]) < 0 ||
        load_number(load, 3, fields[3], &weight) < 0)
        return -1;

    sqlite3_bind_text(stmt, 1, load->current->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, origin);
    sqlite3_bind_text(stmt, 3, fields[1], -1, SQLITE_STATIC);
    if (destination != 0)
        sqlite3_bind_int64(stmt, 4, destination);
    sqlite3_bind_int(stmt, 5, load->current->years[0]);
    sqlite3_bind_text(stmt, 6, fields[2], -1, SQLITE_STATIC);
    sqlite3_bind_double(stmt, 7, weight);
    return load_step(load, stmt);
}

/* The fields of one point, by meaning, whatever the file's columns. */
struct point_fields {
    const char *source_id;
    const char *name;
    size_t commune_column; /* 0 when the format has none */
    size_t departement_column;
    size_t lon_column;
    size_t year_column;
    size_t value_column;
    const char *category;
    const char *medium;
    const char *unit;
};

/* Insert a point whose columns point_fields names. */
static int
load_point(struct indicator_load *load, char **fields,
           const struct point_fields *point)
{
    sqlite3_stmt *stmt = load->insert_point;
    int64_t commune = 0;
    int64_t departement = 0;
    double lon;
    double lat;
    double value;
    int year;

    if (point->commune_column > 0 && fields[point->commune_column][0] != '\0' &&
        load_territory(load, point->commune_column, LEVEL_COMMUNE,
                       fields[point->commune_column], &commune) < 0)
        return -1;
    if (point->departement_column > 0 &&
        load_territory(load, point->departement_column, LEVEL_DEPARTEMENT,
                       fields[point->departement_column], &departement) < 0)
        return -1;
    if (load_number(load, point->lon_column, fields[point->lon_column],
                    &lon) < 0 ||
        load_number(load, point->lon_column + 1,
                    fields[point->lon_column + 1], &lat) < 0 ||
        load_year(load, point->year_column, fields[point->year_column],
                  &year) < 0 ||
        load_number(load, point->value_column, fields[point->value_column],
                    &value) < 0)
        return -1;
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return load_fail(load, "position %g, %g is not a WGS84 longitude and "
                         "latitude", lon, lat);

    sqlite3_bind_text(stmt, 1, load->current->id, -1, SQLITE_STATIC);
    if (point->source_id != NULL)
        sqlite3_bind_text(stmt, 2, point->source_id, -1, SQLITE_STATIC);
    if (point->name != NULL)
        sqlite3_bind_text(stmt, 3, point->name, -1, SQLITE_STATIC);
    if (commune != 0)
        sqlite3_bind_int64(stmt, 4, commune);
    if (departement != 0)
        sqlite3_bind_int64(stmt, 5, departement);
    sqlite3_bind_double(stmt, 6, lon);
    sqlite3_bind_double(stmt, 7, lat);
    sqlite3_bind_int(stmt, 8, year);
    sqlite3_bind_text(stmt, 9, point->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 10, point->medium, -1, SQLITE_STATIC);
    sqlite3_bind_double(stmt, 11, value);
    sqlite3_bind_text(stmt, 12, point->unit, -1, SQLITE_STATIC);
    return load_step(load, stmt);
}

/* "id name postal_code commune lon lat sector year value" (t CO2e). */
static int
format_eu_ets(struct indicator_load *load, char **fields)
{
    struct point_fields point = {
        .source_id = fields[0],
        .name = fields[1],
        .commune_column = 3,
        .lon_column = 4,
        .year_column = 7,
        .value_column = 8,
        .category = fields[6],
        .medium = "",
        .unit = load->current->unit,
    };

    return load_point(load, fields, &point);
}

/* "id name commune lon lat year medium pollutant value unit". */
static int
format_irep(struct indicator_load *load, char **fields)
{
    struct point_fields point = {
        .source_id = fields[0],
        .name = fields[1],
        .commune_column = 2,
        .lon_column = 3,
        .year_column = 5,
        .value_column = 8,
        .category = fields[7],
        .medium = fields[6],
        .unit = fields[9],
    };

    if (fields[9][0] == '\0')
        return load_fail_field(load, 9, "empty unit", fields[9]);
    return load_point(load, fields, &point);
}

/* "lon lat departement year value": charging points at one location. */
static int
format_irve(struct indicator_load *load, char **fields)
{
    struct point_fields point = {
        .departement_column = 2,
        .lon_column = 0,
        .year_column = 3,
        .value_column = 4,
        .category = "",
        .medium = "",
        .unit = load->current->unit,
    };

    return load_point(load, fields, &point);
}

/* Choose the format whose column names the first line gives. */
static int
load_header(struct store_tsv *tsv, const char *line)
{
    struct indicator_load *load = tsv->arg;
    char expected[256];
    size_t i;
    size_t j;

    for (i = 0; i < FILE_FORMAT_COUNT; i++) {
        snprintf(expected, sizeof expected, "#");
        for (j = 0; file_formats[i].columns[j] != NULL; j++) {
            strcat(expected, j == 0 ? " " : "\t");
            strcat(expected, file_formats[i].columns[j]);
        }
        if (strcmp(line, expected) == 0) {
            load->format = &file_formats[i];
            tsv->column_names = file_formats[i].columns;
            return 0;
        }
    }
    return load_fail(load, "the first line must name the columns of a known "
                     "format, such as \"# code\\tyear\\tcategory\\tvalue\\t"
                     "flag\"");
}

/* Store one data line with the row function of the file's format. */
static int
load_row(struct store_tsv *tsv, char **fields)
{
    struct indicator_load *load = tsv->arg;

    return load->format->row(load, fields);
}

/* Note the years, categories and native level of a catalogue entry. */
static int
load_entry_init(struct indicator_load *load, json_t *entry,
                struct load_entry *out)
{
    json_t *item = NULL;
    const char *level = NULL;
    size_t i;

    memset(out, 0, sizeof *out);
    out->entry = entry;
    out->id = json_string_value(json_object_get(entry, "id"));
    out->path = json_string_value(json_object_get(entry, "file"));
    out->unit = json_string_value(json_object_get(entry, "unit"));
    level = json_string_value(json_object_get(entry, "native_level"));
    if (level == NULL || indicator_level_parse(level, &out->level) < 0)
        out->level = 0;

    json_array_foreach(json_object_get(entry, "years"), i, item) {
        out->years = xrealloc(out->years, (i + 1) * sizeof *out->years);
        out->years[i] = (int)json_integer_value(item);
        out->year_count = i + 1;
    }
    json_array_foreach(json_object_get(entry, "categories"), i, item) {
        out->categories =
            xrealloc(out->categories, (i + 1) * sizeof *out->categories);
        out->categories[i] = json_string_value(json_object_get(item, "id"));
        out->category_count = i + 1;
    }
    if (out->path != NULL &&
        (strstr(out->path, "..") != NULL || out->path[0] == '/')) {
        store_set_error(load->store, "%s/%s: entry %s: file \"%s\" must lie "
                        "inside the data folder", load->data_dir,
                        CATALOGUE_PATH, out->id, out->path);
        return -1;
    }
    return 0;
}

/* Add up the sizes of the files that the catalogue names. */
static int
load_sizes(struct indicator_load *load, size_t *bytes)
{
    struct stat st;
    char *path = NULL;
    size_t i;

    for (i = 0; i < load->entry_count; i++) {
        if (load->entries[i].path == NULL)
            continue;
        path = xasprintf("%s/%s", load->data_dir, load->entries[i].path);
        if (stat(path, &st) < 0) {
            store_set_error(load->store, "%s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        free(path);
        load->entries[i].size = (size_t)st.st_size;
        *bytes += (size_t)st.st_size;
    }
    return 0;
}

int
store_load_indicators_open(struct store *store, const char *data_dir,
                           struct indicator_load **out, size_t *bytes)
{
    struct indicator_load *load = NULL;
    json_error_t error;
    json_t *entry = NULL;
    char *path = NULL;
    struct stat st;
    size_t i;
    int rc = -1;

    *out = NULL;
    path = xasprintf("%s/%s", data_dir, CATALOGUE_PATH);
    if (stat(path, &st) < 0 && errno == ENOENT) {
        free(path);
        return 1;
    }
    load = xcalloc(1, sizeof *load);
    load->store = store;
    load->data_dir = xstrdup(data_dir);
    load->catalogue = json_load_file(path, JSON_REJECT_DUPLICATES, &error);
    if (load->catalogue == NULL) {
        store_set_error(store, "%s:%d:%d: %s", path, error.line, error.column,
                        error.text);
        goto out;
    }
    if (!json_is_array(load->catalogue)) {
        store_set_error(store, "%s: the catalogue must be a JSON array", path);
        goto out;
    }
    load->entries = xcalloc(json_array_size(load->catalogue) + 1,
                            sizeof *load->entries);
    json_array_foreach(load->catalogue, i, entry) {
        if (load_entry_init(load, entry, &load->entries[i]) < 0)
            goto out;
        load->entry_count = i + 1;
    }
    if (load_sizes(load, bytes) < 0)
        goto out;
    *out = load;
    load = NULL;
    rc = 0;

out:
    free(path);
    store_load_indicators_free(load);
    return rc;
}

/* Prepare the insert statements. */
static int
load_prepare(struct indicator_load *load)
{
    sqlite3 *db = store_db(load->store);

    if (sqlite3_prepare_v2(db,
                           "INSERT INTO indicator_value (indicator_id,"
                           " territory_id, year, category, value, flag)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &load->insert_value, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO indicator_flow (indicator_id,"
                           " origin_id, destination_code, destination_id,"
                           " year, category, value)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &load->insert_flow, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO point (layer, source_id, name,"
                           " commune_id, departement_id, lon, lat, year,"
                           " category, medium, value, unit)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &load->insert_point, NULL) != SQLITE_OK) {
        store_set_db_error(load->store, "preparing the indicator load failed");
        return -1;
    }
    return 0;
}

/* Write every catalogue entry, then check that ratio operands exist. */
static int
load_catalogue(struct indicator_load *load)
{
    sqlite3_stmt *stmt = NULL;
    char *where = NULL;
    size_t i;
    int rc = -1;

    for (i = 0; i < load->entry_count; i++) {
        where = xasprintf("%s/%s: entry %zu", load->data_dir, CATALOGUE_PATH,
                          i + 1);
        rc = store_indicator_write_meta(load->store, load->entries[i].entry,
                                        where);
        free(where);
        if (rc < 0)
            return -1;
    }
    if (sqlite3_prepare_v2(store_db(load->store),
                           "SELECT id FROM indicator WHERE coalesce(numerator,"
                           " denominator, weight) IS NOT NULL AND ("
                           " coalesce(numerator, id) NOT IN"
                           " (SELECT id FROM indicator) OR"
                           " coalesce(denominator, id) NOT IN"
                           " (SELECT id FROM indicator) OR"
                           " coalesce(weight, id) NOT IN"
                           " (SELECT id FROM indicator))",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(load->store, "checking the catalogue failed");
        return -1;
    }
    rc = 0;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        store_set_error(load->store, "%s/%s: indicator %s is computed from an "
                        "indicator that the catalogue does not list",
                        load->data_dir, CATALOGUE_PATH,
                        sqlite3_column_text(stmt, 0));
        rc = -1;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_load_indicators_run(struct indicator_load *load,
                          store_progress_fn progress, void *arg,
                          size_t *done, size_t total)
{
    char *path = NULL;
    FILE *stream = NULL;
    size_t i;
    int rc;

    load->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (load->c_locale == (locale_t)0) {
        store_set_error(load->store, "creating the C locale failed: %s",
                        strerror(errno));
        return -1;
    }
    if (load_codes(load) < 0 || load_prepare(load) < 0 ||
        load_catalogue(load) < 0)
        return -1;

    for (i = 0; i < load->entry_count; i++) {
        load->current = &load->entries[i];
        if (load->current->path == NULL)
            continue;
        path = xasprintf("%s/%s", load->data_dir, load->current->path);
        stream = fopen(path, "r");
        if (stream == NULL) {
            store_set_error(load->store, "%s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        load->tsv = (struct store_tsv){
            .store = load->store,
            .path = path,
            .header = load_header,
            .row = load_row,
            .arg = load,
        };
        rc = store_tsv_read(&load->tsv, stream);
        fclose(stream);
        free(path);
        load->tsv.path = NULL;
        if (rc < 0)
            return -1;
        *done += load->current->size;
        if (progress != NULL)
            progress(load->current->path, *done < total ? *done : total,
                     total, arg);
    }
    return 0;
}

void
store_load_indicators_free(struct indicator_load *load)
{
    size_t i;

    if (load == NULL)
        return;
    sqlite3_finalize(load->insert_value);
    sqlite3_finalize(load->insert_flow);
    sqlite3_finalize(load->insert_point);
    for (i = 0; i < load->entry_count; i++) {
        free(load->entries[i].years);
        free(load->entries[i].categories);
    }
    for (i = 0; i < sizeof load->codes / sizeof load->codes[0]; i++)
        free(load->codes[i].items);
    if (load->c_locale != (locale_t)0)
        freelocale(load->c_locale);
    free(load->entries);
    free(load->data_dir);
    json_decref(load->catalogue);
    free(load);
}
