/*
 * terrish: the indicators of one territory for its summary screen: the
 * latest value of each catalogue entry, sorted by theme and name, and the
 * text of its value and of its source line.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Values come from store_indicator_value(), so they follow the aggregation
 * and secrecy rules of docs/data-model.md: a native level finer than the
 * territory's is aggregated, a coarser one gives "not available". The
 * catalogue is read when the screen opens, and the values one indicator at
 * a time while the screen waits for keys, because one value of a région
 * can take a few hundred milliseconds.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* Returns the name of an indicator in the language shown. */
const char *
tui_indicator_name(const struct indicator *indicator, int french)
{
    const char *name = french ? indicator->name_fr : indicator->name_en;

    if (name == NULL || name[0] == '\0') {
        name = french ? indicator->name_en : indicator->name_fr;
    }
    return name != NULL ? name : indicator->id;
}

/* Returns the theme of an indicator in the language shown. */
const char *
tui_indicator_theme(const struct indicator *indicator, int french)
{
    if (!french && indicator->theme_en != NULL &&
        indicator->theme_en[0] != '\0') {
        return indicator->theme_en;
    }
    return indicator->theme != NULL ? indicator->theme : "";
}

/* Returns the unit of an indicator in the language shown. */
const char *
tui_indicator_unit(const struct indicator *indicator, int french)
{
    if (!french && indicator->unit_en != NULL &&
        indicator->unit_en[0] != '\0') {
        return indicator->unit_en;
    }
    return indicator->unit != NULL ? indicator->unit : "";
}

char *
tui_theme_name(struct tui_app *app, const char *theme)
{
    char *english = NULL;

    if (!app->french && store_theme_english(app->store, theme, &english) == 0) {
        return english;
    }
    return xstrdup(theme);
}

/* Returns the unit of a result in the language shown. */
const char *
tui_result_unit(const struct indicator_result *result, int french)
{
    return !french && result->unit_en[0] != '\0' ? result->unit_en
                                                 : result->unit;
}

/*
 * Compute the value of the latest year that has one, trying the years of
 * the catalogue from the last. A territory without a value in any year
 * keeps "not available" with year 0.
 */
static int
indicator_latest(struct store *store, const struct territory *territory,
                 struct tui_indicator_row *row)
{
    const struct indicator *indicator = &row->indicator;
    size_t i;
    int rc;

    memset(&row->result, 0, sizeof(row->result));
    row->result.flag = RESULT_NOT_AVAILABLE;
    for (i = indicator->year_count; i > 0; i--) {
        rc = store_indicator_value(store, indicator->id, territory->id,
                                   indicator->years[i - 1], NULL,
                                   &row->result);
        if (rc != 0) {
            return -1;
        }
        if (row->result.flag != RESULT_NOT_AVAILABLE) {
            return 0;
        }
    }
    row->result.year = 0;
    return 0;
}

/* Read one catalogue entry into rows when it has a territory level and is
 * published. Returns 0, or -1 on a store failure. */
static int
indicators_add(struct store *store, const char *id,
               struct tui_indicator_rows *rows)
{
    struct tui_indicator_row row;
    enum territory_level native;
    int rc;

    memset(&row, 0, sizeof(row));
    rc = store_indicator_get(store, id, &row.indicator);
    if (rc != 0) {
        return rc == 1 ? 0 : -1;
    }
    /* Point layers (charging points, ETS installations, IREP releases)
     * have no value per territory. */
    if (!row.indicator.published ||
        indicator_level_parse(row.indicator.native_level, &native) != 0) {
        indicator_clear(&row.indicator);
        return 0;
    }
    row.result.flag = RESULT_NOT_AVAILABLE;
    row.state = TUI_INDICATOR_PENDING;
    rows->items = xrealloc(rows->items, (rows->count + 1) * sizeof(row));
    rows->items[rows->count++] = row;
    return 0;
}

/*
 * Load every published catalogue indicator that has a territory level,
 * sorted for the language shown, with no value computed yet. Returns 0,
 * or -1 with the store's message set.
 */
int
tui_indicators_load(struct store *store, int french,
                    struct tui_indicator_rows *out)
{
    char **ids = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store_indicator_ids(store, &ids, &count);
    for (i = 0; rc == 0 && i < count; i++) {
        rc = indicators_add(store, ids[i], out);
    }
    for (i = 0; i < count; i++) {
        free(ids[i]);
    }
    free(ids);
    if (rc != 0) {
        tui_indicators_free(out);
        return -1;
    }
    tui_indicators_sort(out, french);
    return 0;
}

/*
 * Compute the value of the first row, in display order, that has none yet.
 * Returns 1 after computing one, 0 when every row has its value, -1 when
 * the store failed (the row is then marked failed).
 */
int
tui_indicators_compute_next(struct store *store,
                            const struct territory *territory,
                            struct tui_indicator_rows *rows)
{
    size_t i;

    for (i = 0; i < rows->count; i++) {
        struct tui_indicator_row *row = &rows->items[i];

        if (row->state != TUI_INDICATOR_PENDING) {
            continue;
        }
        if (indicator_latest(store, territory, row) != 0) {
            row->state = TUI_INDICATOR_FAILED;
            return -1;
        }
        row->state = TUI_INDICATOR_DONE;
        return 1;
    }
    return 0;
}

/* Compare two folded texts. */
static int
compare_folded(const char *a, const char *b)
{
    char *folded_a = text_sort_key(a != NULL ? a : "");
    char *folded_b = text_sort_key(b != NULL ? b : "");
    int order = strcmp(folded_a, folded_b);

    free(folded_a);
    free(folded_b);
    return order;
}

/* Language of the names that compare_rows sorts by, kept here because
 * qsort passes no argument to the comparison. */
static int sort_french;

/* qsort order: theme, then name, each without accents or case. */
static int
compare_rows(const void *a, const void *b)
{
    const struct tui_indicator_row *row_a = a;
    const struct tui_indicator_row *row_b = b;
    const struct indicator *left = &row_a->indicator;
    const struct indicator *right = &row_b->indicator;
    int order = compare_folded(tui_indicator_theme(left, sort_french),
                               tui_indicator_theme(right, sort_french));

    if (order != 0) {
        return order;
    }
    order = compare_folded(tui_indicator_name(left, sort_french),
                           tui_indicator_name(right, sort_french));
    return order != 0 ? order : strcmp(left->id, right->id);
}

/* Sort the rows by theme, then by name in the language shown. */
void
tui_indicators_sort(struct tui_indicator_rows *rows, int french)
{
    sort_french = french;
    if (rows->count > 1) {
        qsort(rows->items, rows->count, sizeof(rows->items[0]), compare_rows);
    }
    rows->french = french;
}

void
tui_indicators_free(struct tui_indicator_rows *rows)
{
    size_t i;

    for (i = 0; i < rows->count; i++) {
        indicator_clear(&rows->items[i].indicator);
    }
    free(rows->items);
    memset(rows, 0, sizeof(*rows));
}

/* Digits after the decimal mark: none for whole numbers and from 100 on,
 * so that a figure keeps about three significant digits. */
static int
value_decimals(double value)
{
    double magnitude = fabs(value);

    if (magnitude >= 100 || value == floor(value)) {
        return 0;
    }
    return magnitude >= 10 ? 1 : 2;
}

/*
 * Format a result as "518 635 hab.", "12,5 % (partiel)", "secret" or
 * "n.d." ("518,635 hab.", "12.5 % (partial)", "secret", "n/a" in English).
 * The unit is the one the store gives with the result, in the language
 * shown.
 */
void
tui_format_indicator_value(char *buf, size_t size,
                           const struct indicator_result *result, int french)
{
    char number[64];

    if (result->flag == RESULT_NOT_AVAILABLE) {
        snprintf(buf, size, "%s", _("n/a"));
        return;
    }
    if (result->flag == RESULT_SECRET) {
        /* TRANSLATORS: a value withheld by statistical secrecy. */
        snprintf(buf, size, "%s", _("secret"));
        return;
    }
    text_format_decimal(number, sizeof(number), result->value,
                        value_decimals(result->value), french);
    if (result->flag == RESULT_PARTIAL) {
        /* TRANSLATORS: a value that misses some of its parts. The first
           %s is the number and the second its unit. */
        snprintf(buf, size, _("%s %s (partial)"), number,
                 tui_result_unit(result, french));
    } else {
        snprintf(buf, size, "%s %s", number, tui_result_unit(result, french));
    }
}

/*
 * Returns the source line of an indicator, "Source: INSEE — Licence:
 * Licence Ouverte — Years: 2013, 2018", which the caller frees.
 */
char *
tui_indicator_detail(const struct indicator *indicator)
{
    char years[256];
    size_t used = 0;
    size_t i;

    years[0] = '\0';
    for (i = 0; i < indicator->year_count && used < sizeof(years); i++) {
        used += (size_t)snprintf(years + used, sizeof(years) - used, "%s%d",
                                 i > 0 ? ", " : "", indicator->years[i]);
    }
    if (indicator->year_count == 0) {
        snprintf(years, sizeof(years), "%s", _("n/a"));
    }
    /* TRANSLATORS: in French, put a no-break space before each ":". */
    return xasprintf(ngettext("Source: %s — Licence: %s — Year: %s",
                              "Source: %s — Licence: %s — Years: %s",
                              indicator->year_count),
                     indicator->source ? indicator->source : "",
                     indicator->licence ? indicator->licence : "", years);
}
