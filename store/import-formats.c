/*
 * terrish: the indicator file formats that import reads, recognised by
 * their header line.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Column names after text_fold, as the producers spell them. */
static const char *const code_names[] = {
    "code", "code insee", "codgeo", "insee", "code commune",
    "insee commune", "depcom", "code geo", "code territoire", "siren",
    "code epci", "code departement", "code region", NULL,
};
static const char *const year_names[] = {"annee", "year", "an", NULL};
static const char *const value_names[] = {"valeur", "value", NULL};
static const char *const category_names[] = {"categorie", "category", NULL};
static const char *const flag_names[] = {"flag", "marqueur", NULL};
static const char *const label_names[] = {
    "commune", "nom", "nom commune", "libelle", "libgeo", "name", NULL,
};

/* A value column of a wide file: where it is, its category and year. */
struct import_value_column {
    size_t column;
    const char *category; /* owned by ctx->category_ids, or NULL */
    int year;             /* 0: the year column or the default year */
};

/* First column whose folded name is in names, or -1. */
static int
import_find_any(const struct import_context *ctx, const char *const *names)
{
    int column;

    for (; *names != NULL; names++) {
        column = import_column_find(ctx, *names);
        if (column >= 0)
            return column;
    }
    return -1;
}

/* Return 1 when the folded name is in names. */
static int
import_name_in(const char *folded, const char *const *names)
{
    for (; *names != NULL; names++) {
        if (strcmp(folded, *names) == 0)
            return 1;
    }
    return 0;
}

/* Return 1 when every column of a code;year;value file is a known one. */
static int
import_is_long(const struct import_context *ctx)
{
    size_t i;

    for (i = 0; i < ctx->column_count; i++) {
        if (!import_name_in(ctx->header_folded[i], code_names) &&
            !import_name_in(ctx->header_folded[i], year_names) &&
            !import_name_in(ctx->header_folded[i], value_names) &&
            !import_name_in(ctx->header_folded[i], category_names) &&
            !import_name_in(ctx->header_folded[i], flag_names))
            return 0;
    }
    return 1;
}

/*
 * Recognise the format from the header, in this order. MOBPRO has COMMUNE,
 * DCLT, TRANS and IPONDI. The comparateur starts with CODGEO. The ADEME
 * inventory starts with "INSEE commune". An observatory file has a code,
 * année, secteur and valeur. A long file has only code, year, value,
 * category and flag columns. Any other file with a code column is wide.
 */
static enum import_format
import_detect(const struct import_context *ctx)
{
    int code = import_find_any(ctx, code_names);
    int year = import_find_any(ctx, year_names);
    int value = import_find_any(ctx, value_names);

    if (import_column_find(ctx, "commune") >= 0 &&
        import_column_find(ctx, "dclt") >= 0 &&
        import_column_find(ctx, "trans") >= 0 &&
        import_column_find(ctx, "ipondi") >= 0)
        return IMPORT_FORMAT_MOBPRO;
    if (strcmp(ctx->header_folded[0], "codgeo") == 0 && year < 0 && value < 0)
        return IMPORT_FORMAT_COMPARATEUR;
    if (strcmp(ctx->header_folded[0], "insee commune") == 0)
        return IMPORT_FORMAT_ADEME;
    if (code >= 0 && year >= 0 && value >= 0 &&
        import_column_find(ctx, "secteur") >= 0)
        return IMPORT_FORMAT_OBSERVATORY;
    if (code >= 0 && year >= 0 && value >= 0 && import_is_long(ctx))
        return IMPORT_FORMAT_LONG;
    if (code >= 0)
        return IMPORT_FORMAT_WIDE;
    return IMPORT_FORMAT_AUTO;
}

/* Fail because a column the format needs is missing from the header. */
static int
import_missing_column(struct import_context *ctx, const char *format,
                      const char *column)
{
    return import_fail(ctx, "line 1: the %s format needs a column '%s', "
                            "which the header lacks",
                       format, column);
}

/* Read the flag column of a long file into *flag when it is set. */
static int
import_long_flag(struct import_context *ctx, int column,
                 enum value_flag *flag)
{
    if (column < 0)
        return 0;
    switch (csv_parse_marker(csv_field(ctx->csv, (size_t)column))) {
    case CSV_MARKER_EMPTY:
        return 0;
    case CSV_MARKER_SECRET:
        *flag = VALUE_SECRET;
        return 0;
    case CSV_MARKER_NOT_AVAILABLE:
        *flag = VALUE_NOT_ESTIMATED;
        return 0;
    case CSV_MARKER_NONE:
        break;
    }
    return import_fail(ctx,
                       "line %ld, column %d (%s): invalid flag '%s'; "
                       "expected empty, 's' (secret) or 'nd' (not "
                       "available)",
                       csv_line(ctx->csv), column + 1,
                       ctx->header[column],
                       csv_field(ctx->csv, (size_t)column));
}

/* Read a code;year;[category;]value[;flag] file. */
static int
import_long(struct import_context *ctx)
{
    int code_column = import_find_any(ctx, code_names);
    int year_column = import_find_any(ctx, year_names);
    int value_column = import_find_any(ctx, value_names);
    int category_column = import_find_any(ctx, category_names);
    int flag_column = import_find_any(ctx, flag_names);
    const char *category = NULL;
    const char *text;
    char code[16];
    enum value_flag flag;
    double value;
    int year;
    int rc;

    if (code_column < 0 || year_column < 0 || value_column < 0)
        return import_missing_column(ctx, "long",
                                     code_column < 0   ? "code"
                                     : year_column < 0 ? "year"
                                                       : "value");
    if (category_column < 0 &&
        json_array_size(json_object_get(ctx->batch->meta, "categories")) > 0)
        return import_missing_column(ctx, "long", "category");
    while ((rc = import_next(ctx)) == 1) {
        if (import_cell_code(ctx, (size_t)code_column, ctx->batch->level,
                             code) != 0 ||
            import_cell_year(ctx, (size_t)year_column, &year) != 0 ||
            import_cell_value(ctx, (size_t)value_column, &value, &flag) != 0 ||
            import_long_flag(ctx, flag_column, &flag) != 0)
            return -1;
        category = NULL;
        text = category_column >= 0
                   ? csv_field(ctx->csv, (size_t)category_column)
                   : "";
        if (category_column >= 0 &&
            (text[0] != '\0' ||
             json_array_size(json_object_get(ctx->batch->meta,
                                             "categories")) > 0)) {
            rc = import_category(ctx, (size_t)category_column, text,
                                 &category);
            if (rc != 0)
                return rc;
        }
        rc = import_add(ctx, code, year, category, value, flag);
        if (rc != 0)
            return rc;
    }
    return rc;
}

/* Append a column to the list of value columns. */
static void
import_value_column_add(struct import_value_column **columns, size_t *count,
                        size_t column, const char *category, int year)
{
    *columns = xrealloc(*columns, (*count + 1) * sizeof **columns);
    (*columns)[*count].column = column;
    (*columns)[*count].category = category;
    (*columns)[*count].year = year;
    (*count)++;
}

/* Find a header column by its exact or folded name. */
static int
import_column_named(struct import_context *ctx, const char *name)
{
    char *folded = text_fold(name);
    int column = -1;
    size_t i;

    for (i = 0; i < ctx->column_count && column < 0; i++) {
        if (strcmp(ctx->header[i], name) == 0 ||
            strcmp(ctx->header_folded[i], folded) == 0)
            column = (int)i;
    }
    free(folded);
    return column;
}

/* Value columns named by import.columns in the meta. */
static int
import_columns_from_meta(struct import_context *ctx, json_t *spec,
                         struct import_value_column **columns, size_t *count)
{
    const char *name;
    const char *category;
    json_t *entry;
    json_t *target;
    int column;
    int year;

    json_object_foreach(spec, name, entry) {
        column = import_column_named(ctx, name);
        if (column < 0)
            return import_fail(ctx, "line 1: the column '%s' named by "
                                    "import.columns is not in the header",
                               name);
        target = json_is_object(entry) ? json_object_get(entry, "category")
                                       : entry;
        year = (int)json_integer_value(json_object_get(entry, "year"));
        category = NULL;
        if (json_is_string(target) &&
            import_category(ctx, (size_t)column, json_string_value(target),
                            &category) != 0)
            return -1;
        import_value_column_add(columns, count, (size_t)column, category,
                                year);
    }
    return 0;
}

/* Note a header column that matches no category and is left out. */
static void
import_note_skipped(struct import_context *ctx, const char *column)
{
    char *note;

    if (ctx->warning == NULL)
        note = xasprintf("columns left out because they match no category "
                         "of the meta file: %s",
                         column);
    else
        note = xasprintf("%s, %s", ctx->warning, column);
    free(ctx->warning);
    ctx->warning = note;
}

/*
 * Value columns chosen from the header: every column other than the code,
 * year and label columns whose name matches a category of the meta. With no
 * category in the meta, the one remaining column, without a category.
 */
static int
import_columns_from_header(struct import_context *ctx, size_t skip_before,
                           struct import_value_column **columns,
                           size_t *count)
{
    json_t *categories = json_object_get(ctx->batch->meta, "categories");
    const char *category = NULL;
    size_t candidates = 0;
    size_t last = 0;
    size_t i;

    for (i = skip_before; i < ctx->column_count; i++) {
        if (import_name_in(ctx->header_folded[i], code_names) ||
            import_name_in(ctx->header_folded[i], year_names) ||
            import_name_in(ctx->header_folded[i], label_names))
            continue;
        candidates++;
        last = i;
        if (json_array_size(categories) == 0)
            continue;
        if (import_category(ctx, i, ctx->header[i], &category) != 0) {
            free(ctx->error);
            ctx->error = NULL;
            import_note_skipped(ctx, ctx->header[i]);
            continue;
        }
        import_value_column_add(columns, count, i, category, 0);
    }
    if (json_array_size(categories) == 0 && candidates == 1)
        import_value_column_add(columns, count, last, NULL, 0);
    if (*count == 0)
        return import_fail(ctx, "line 1: no column to import; name the "
                                "value columns in import.columns of the "
                                "meta file");
    return 0;
}

/* Read a file with one value column per category (or per year). */
static int
import_wide(struct import_context *ctx, const char *format, int code_column,
            int need_meta_columns)
{
    json_t *spec = json_object_get(json_object_get(ctx->batch->meta,
                                                   "import"),
                                   "columns");
    int year_column = import_find_any(ctx, year_names);
    struct import_value_column *columns = NULL;
    size_t count = 0;
    size_t i;
    char code[16];
    enum value_flag flag;
    double value;
    int year = 0;
    int rc;

    if (code_column < 0) {
        rc = import_missing_column(ctx, format, "code");
        goto out;
    }
    if (spec == NULL && need_meta_columns) {
        rc = import_fail(ctx, "the %s format needs import.columns in the "
                              "meta file to name the columns to import",
                         format);
        goto out;
    }
    rc = spec != NULL
             ? import_columns_from_meta(ctx, spec, &columns, &count)
             : import_columns_from_header(ctx, (size_t)code_column + 1,
                                          &columns, &count);
    if (rc != 0)
        goto out;
    for (i = 0; i < count; i++) {
        if (columns[i].year == 0 && year_column < 0 && ctx->year == 0) {
            rc = import_fail(ctx, "the file has no year column; set "
                                  "import.year in the meta file");
            goto out;
        }
    }

    while ((rc = import_next(ctx)) == 1) {
        rc = import_cell_code(ctx, (size_t)code_column, ctx->batch->level,
                              code);
        if (rc == 0 && year_column >= 0)
            rc = import_cell_year(ctx, (size_t)year_column, &year);
        for (i = 0; i < count && rc == 0; i++) {
            rc = import_cell_value(ctx, columns[i].column, &value, &flag);
            if (rc != 0)
                break;
            rc = import_add(ctx, code,
                            columns[i].year != 0 ? columns[i].year
                            : year_column >= 0   ? year
                                                 : ctx->year,
                            columns[i].category, value, flag);
        }
        if (rc != 0)
            goto out;
    }
out:
    free(columns);
    return rc;
}

/* Combine a part into an aggregated row: a secret part makes the total
 * secret, and a part that was not estimated is left out of it. */
static void
import_row_accumulate(struct import_row *row, double value,
                      enum value_flag flag)
{
    if (row->flag == VALUE_SECRET || flag == VALUE_NOT_ESTIMATED)
        return;
    if (flag == VALUE_SECRET) {
        row->flag = VALUE_SECRET;
        row->value = 0;
        return;
    }
    if (row->flag == VALUE_NOT_ESTIMATED) {
        row->flag = VALUE_PRESENT;
        row->value = 0;
    }
    row->value += value;
}

/* Add value to the row (code, year, category), creating it when new. */
static void
import_accumulate(struct import_context *ctx, struct import_index *rows,
                  const char *code, int year, const char *category,
                  double value, enum value_flag flag)
{
    struct import_batch *batch = ctx->batch;
    char key[256];
    long row;

    snprintf(key, sizeof key, "%s\t%d\t%s", code, year,
             category != NULL ? category : "");
    row = import_index_put(rows, key, (long)batch->count);
    if (row < 0) {
        import_batch_add(batch, code, year, category, value, flag,
                         csv_line(ctx->csv));
        return;
    }
    import_row_accumulate(&batch->rows[row], value, flag);
}

/* Columns of an observatory file that form the category, from the meta. */
static int
import_observatory_parts(struct import_context *ctx, int *parts,
                         size_t *count)
{
    json_t *options = json_object_get(ctx->batch->meta, "import");
    const char *spec = json_string_value(json_object_get(options,
                                                         "category"));
    char *copy = xstrdup(spec != NULL ? spec : "secteur");
    char *save = NULL;
    char *part;
    int rc = 0;

    *count = 0;
    for (part = strtok_r(copy, "/", &save); part != NULL;
         part = strtok_r(NULL, "/", &save)) {
        if (*count == 3) {
            rc = import_fail(ctx, "import.category names more than 3 "
                                  "columns");
            break;
        }
        parts[*count] = import_column_named(ctx, part);
        if (parts[*count] < 0) {
            rc = import_fail(ctx, "line 1: the column '%s' named by "
                                  "import.category is not in the header",
                             part);
            break;
        }
        (*count)++;
    }
    free(copy);
    return rc;
}

/* Build the key of a whole observatory record: every column but value. */
static void
import_observatory_key(struct import_context *ctx, size_t value_column,
                       char *key, size_t size)
{
    size_t len = 0;
    size_t i;

    key[0] = '\0';
    for (i = 0; i < ctx->column_count && len + 1 < size; i++) {
        if (i == value_column)
            continue;
        len += (size_t)snprintf(key + len, size - len, "%s\t",
                                csv_field(ctx->csv, i));
    }
}

/* Read one observatory record into the aggregated rows. */
static int
import_observatory_record(struct import_context *ctx,
                          struct import_index *rows, const int *columns,
                          const int *parts, size_t part_count)
{
    char text[1024];
    char key[2048];
    const char *category = NULL;
    char code[16];
    enum value_flag flag;
    double value;
    long first;
    size_t i;
    int year;

    if (import_cell_code(ctx, (size_t)columns[0], ctx->batch->level,
                         code) != 0 ||
        import_cell_year(ctx, (size_t)columns[1], &year) != 0 ||
        import_cell_value(ctx, (size_t)columns[2], &value, &flag) != 0)
        return -1;
    import_observatory_key(ctx, (size_t)columns[2], key, sizeof key);
    first = import_index_put(ctx->keys, key, csv_line(ctx->csv));
    if (first >= 0)
        return import_fail(ctx, "line %ld: the same code, year, sector, "
                                "energy and use were already given on "
                                "line %ld",
                           csv_line(ctx->csv), first);
    text[0] = '\0';
    for (i = 0; i < part_count; i++) {
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
                 i > 0 ? "/" : "", csv_field(ctx->csv, (size_t)parts[i]));
    }
    if (part_count > 0 &&
        import_category(ctx, (size_t)parts[0], text, &category) != 0)
        return -1;
    import_accumulate(ctx, rows, code, year, category, value, flag);
    return 0;
}

/*
 * Read a regional observatory file (code insee; année; secteur; énergie;
 * usage; valeur). Rows with the same category are summed, so that a
 * category "secteur" adds up the energies and uses of each sector.
 */
static int
import_observatory(struct import_context *ctx)
{
    struct import_index *rows = NULL;
    int columns[3];
    int parts[3];
    size_t part_count = 0;
    int rc;

    columns[0] = import_find_any(ctx, code_names);
    columns[1] = import_find_any(ctx, year_names);
    columns[2] = import_find_any(ctx, value_names);
    if (columns[0] < 0 || columns[1] < 0 || columns[2] < 0)
        return import_missing_column(ctx, "observatory",
                                     columns[0] < 0   ? "code insee"
                                     : columns[1] < 0 ? "année"
                                                      : "valeur");
    rc = import_observatory_parts(ctx, parts, &part_count);
    if (rc != 0)
        return rc;
    rows = import_index_create();
    while ((rc = import_next(ctx)) == 1) {
        rc = import_observatory_record(ctx, rows, columns, parts,
                                       part_count);
        if (rc != 0)
            break;
    }
    import_index_free(rows);
    return rc;
}

/* Read one MOBPRO record into the flow rows. */
static int
import_mobpro_record(struct import_context *ctx, struct import_index *rows,
                     const int *columns)
{
    const char *destination_text = csv_field(ctx->csv, (size_t)columns[1]);
    const char *mode = csv_field(ctx->csv, (size_t)columns[2]);
    const char *reason = NULL;
    char origin[16];
    char destination[16];
    char category[40];
    double weight;

    if (import_cell_code(ctx, (size_t)columns[0], LEVEL_COMMUNE, origin) != 0)
        return -1;
    if (strcmp(destination_text, "99999") == 0)
        strcpy(destination, "99999");
    else if (import_cell_code(ctx, (size_t)columns[1], LEVEL_COMMUNE,
                              destination) != 0)
        return -1;
    if (mode[0] < '1' || mode[0] > '6' || mode[1] != '\0')
        return import_fail(ctx,
                           "line %ld, column %d (%s): invalid transport mode "
                           "'%.20s'; expected a code from 1 to 6",
                           csv_line(ctx->csv), columns[2] + 1,
                           ctx->header[columns[2]], mode);
    if (csv_parse_number(csv_field(ctx->csv, (size_t)columns[3]), &weight,
                         &reason) != 0 ||
        weight < 0)
        return import_fail(ctx,
                           "line %ld, column %d (%s): invalid weight "
                           "'%.40s'; expected a number of 0 or more",
                           csv_line(ctx->csv), columns[3] + 1,
                           ctx->header[columns[3]],
                           csv_field(ctx->csv, (size_t)columns[3]));
    snprintf(category, sizeof category, "%s:%s", destination, mode);
    import_accumulate(ctx, rows, origin, ctx->year, category,
                      weight * ctx->factor, VALUE_PRESENT);
    return 0;
}

/*
 * Read an INSEE MOBPRO detail file, one record per sampled worker, into
 * flows: code = commune of residence, category = "DCLT:TRANS", value = sum
 * of the IPONDI weights. Only the flows are kept in memory.
 */
static int
import_mobpro(struct import_context *ctx)
{
    static const char *const names[] = {"commune", "dclt", "trans",
                                        "ipondi"};
    struct import_index *rows = NULL;
    int columns[4];
    size_t i;
    int rc;

    for (i = 0; i < 4; i++) {
        columns[i] = import_column_find(ctx, names[i]);
        if (columns[i] < 0)
            return import_missing_column(ctx, "mobpro", names[i]);
    }
    if (ctx->batch->level != LEVEL_COMMUNE)
        return import_fail(ctx, "a MOBPRO file holds commune flows; set "
                                "native_level to commune in the meta file");
    if (ctx->year == 0)
        return import_fail(ctx, "the mobpro format has no year column; set "
                                "import.year in the meta file");
    ctx->batch->flows = 1;
    rows = import_index_create();
    while ((rc = import_next(ctx)) == 1) {
        rc = import_mobpro_record(ctx, rows, columns);
        if (rc != 0)
            break;
    }
    import_index_free(rows);
    return rc;
}

int
import_format_run(struct import_context *ctx, enum import_format *format)
{
    if (*format == IMPORT_FORMAT_AUTO) {
        *format = import_detect(ctx);
        if (*format == IMPORT_FORMAT_AUTO)
            return import_fail(ctx,
                               "line 1: unrecognised header '%.60s%s...'; "
                               "expected a code column (code, code insee, "
                               "CODGEO, INSEE commune) or a MOBPRO header, "
                               "or choose the format with --format",
                               ctx->header[0],
                               ctx->column_count > 1 ? ";" : "");
    }
    switch (*format) {
    case IMPORT_FORMAT_LONG:
        return import_long(ctx);
    case IMPORT_FORMAT_WIDE:
        return import_wide(ctx, "wide", import_find_any(ctx, code_names), 0);
    case IMPORT_FORMAT_COMPARATEUR:
        return import_wide(ctx, "comparateur",
                           import_column_find(ctx, "codgeo"), 1);
    case IMPORT_FORMAT_ADEME:
        return import_wide(ctx, "ademe",
                           import_column_find(ctx, "insee commune"), 0);
    case IMPORT_FORMAT_OBSERVATORY:
        return import_observatory(ctx);
    case IMPORT_FORMAT_MOBPRO:
        return import_mobpro(ctx);
    case IMPORT_FORMAT_AUTO:
        break;
    }
    return import_fail(ctx, "unknown format");
}
