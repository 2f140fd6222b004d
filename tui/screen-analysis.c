/*
 * terrish: one indicator for one territory, read as a map of its units, a
 * chart or a table, alone or beside a second territory.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The screen holds the settings (indicator, year, category, mesh, view)
 * and one pane per territory. A pane loads its units and their values in
 * one step, then the outlines and the yearly values of the territory a
 * few at a time while no key waits, so that a key is never kept waiting
 * behind thousands of outlines.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/chart.h"
#include "tui/map.h"
#include "tui/tui-internal.h"

/* Columns of the legend beside a map, and the narrowest map beside it. */
#define LEGEND_COLUMNS 30
#define MAP_MIN_COLUMNS 30
/* Outlines read in one idle step. */
#define OUTLINES_PER_STEP 200
/* Widest label on a map, in columns. */
#define LABEL_MAX 24
/* Largest disc of the proportional symbols, as a share of the map's
 * smaller side in pixels. */
#define SYMBOL_SHARE 0.09

enum analysis_view {
    VIEW_MAP,
    VIEW_CHART,
    VIEW_TABLE,
    VIEW_COUNT
};

enum chart_kind {
    CHART_SERIES,     /* the territory's value over the years */
    CHART_CATEGORIES, /* one bar per category, for the year */
    CHART_SHARES,     /* one 100% bar per year, split by category */
    CHART_UNITS,      /* one bar per unit of the mesh, largest first */
    CHART_COUNT
};

enum sort_key {
    SORT_VALUE,
    SORT_NAME,
    SORT_CODE,
    SORT_COUNT
};

/* Point layers drawn over a map: an indicator of the catalogue whose
 * native level is "point", and how its symbols are sized. */
struct point_layer {
    const char *indicator_id;
    double steps[3]; /* values from which '•', '●' and '◉' are used */
};

static const struct point_layer point_layers[] = {
    /* Charging points at one location: 1, 2 to 5, 6 to 19, 20 and more. */
    {"irve_locations", {2, 6, 20}},
    /* Verified emissions of one installation in t CO2e: under 10 kt,
     * 10 to 100 kt, 100 kt to 1 Mt, 1 Mt and more. */
    {"eu_ets_emissions", {1e4, 1e5, 1e6}},
};
#define POINT_LAYER_COUNT (sizeof(point_layers) / sizeof(point_layers[0]))

static const unsigned int point_glyphs[4] = {0x00b7, 0x2022, 0x25cf, 0x25c9};

/* One unit of the mesh and its value for the current settings. */
struct unit {
    struct territory territory;
    char *key; /* folded name, for sorting */
    struct indicator_result result;
    struct indicator_result base; /* at the first year, in change mode */
    double value;                 /* what is drawn: value or change */
    int has_value;
    int map_index; /* MAP_NONE without an outline */
    int rank;      /* 1 for the largest value, 0 without a value */
};

struct pane {
    struct territory territory;
    struct unit *units;
    size_t unit_count;
    int units_ready;

    struct map *map;
    int *map_units;      /* unit of each map index */
    size_t outline_next; /* next unit whose outline is read */
    int outlines_ready;
    int fitted_cols; /* size of the last map_fit */
    int fitted_rows;
    int cursor; /* unit index */

    /* The territory's own values: year i, category c (0 for the total,
     * c + 1 for category c) at i * (categories + 1) + c. */
    struct indicator_result *series;
    size_t series_count;
    size_t series_next;

    struct tui_list table;
    size_t *order;    /* units in table order */
    size_t *by_value; /* units, largest value first */
};

struct point_hit {
    double lon;
    double lat;
    double value;
};

struct analysis {
    struct indicator indicator;
    size_t year;   /* index in indicator.years */
    int category;  /* -1 for the total, else an index */
    int change;    /* show the change since the first year */
    enum territory_level mesh;
    enum analysis_view view;
    enum chart_kind chart;
    enum classify_method method;
    int classes;
    int symbols; /* proportional symbols instead of a choropleth */
    int labels;
    int layer;   /* index in point_layers, or -1 */
    struct point_hit *points;
    size_t point_count;
    int points_year;
    int show_command; /* the export command in full, over the view */
    enum sort_key sort;
    int sort_reverse;

    double breaks[CLASSIFY_MAX + 1];
    int class_count; /* 0 when no unit has a value */

    struct pane panes[2];
    int pane_count;
    int active;
    int classified; /* breaks hold the classes of the loaded values */
    struct tui_territory_choice compare_choice;
    struct tui_indicator_choice indicator_choice;
    int failed;     /* the store failed: stop the idle work */
};

static const struct tui_key_help analysis_help[] = {
    {NULL, N_("Analysis")},
    {N_("Tab, v"), N_("switch between map, chart and table")},
    {"i", N_("choose another indicator")},
    {N_("[ ]"), N_("previous or next year")},
    {"g", N_("next category (sector, mode...), or the total")},
    {"m", N_("split into communes, EPCI or départements")},
    {"d", N_("show the change since the first year")},
    {"C", N_("compare with a second territory, or stop comparing")},
    {"o", N_("move to the other territory of a comparison")},
    {"e", N_("show the command that exports this view as CSV")},
    {N_("Esc"), N_("back to the previous screen")},
    {NULL, N_("Map")},
    {N_("arrows, h/j/k/l"), N_("move to the next unit in that direction")},
    {N_("Enter"), N_("open the unit under the cursor")},
    {N_("+ -, 0"), N_("zoom in, zoom out, show the whole territory")},
    {N_("H J K L"), N_("pan left, down, up, right")},
    {"c", N_("class method: quantiles, equal intervals, natural breaks")},
    {N_("< >"), N_("fewer or more classes (3 to 9)")},
    {"p", N_("proportional symbols instead of colours (counts)")},
    {"P", N_("point layer: charging points, industrial emitters, none")},
    {"n", N_("show or hide the names of the largest units")},
    {NULL, N_("Chart and table")},
    {"t", N_("next chart: years, categories, shares, units")},
    {N_("Up/Down, PgUp/PgDn"), N_("move in the table")},
    {"s", N_("sort the table by value, name or code")},
    {"r", N_("reverse the order of the table")},
    {NULL, NULL},
};

/* Name of a category in the language of the screen. */
static const char *
category_name(const struct indicator *indicator, size_t i, int french)
{
    const char *name = french ? indicator->category_names_fr[i]
                              : indicator->category_names_en[i];

    return name != NULL ? name : indicator->categories[i];
}

static const char *
analysis_category_id(const struct analysis *analysis)
{
    if (analysis->category < 0) {
        return NULL;
    }
    return analysis->indicator.categories[analysis->category];
}

static int
analysis_year(const struct analysis *analysis)
{
    if (analysis->indicator.year_count == 0) {
        return 0;
    }
    return analysis->indicator.years[analysis->year];
}

/* Returns 1 when values of the indicator add up: a count, a quantity. */
static int
analysis_additive(const struct analysis *analysis)
{
    return analysis->indicator.rule == AGGREGATION_SUM;
}

/* Returns 1 when the result holds a number to draw. */
static int
result_has_value(const struct indicator_result *result)
{
    return result->flag == RESULT_PRESENT || result->flag == RESULT_PARTIAL;
}

/* The finest level whose units are still meaningful for the indicator:
 * values below the native level are not available. */
static enum territory_level
native_level(const struct indicator *indicator)
{
    enum territory_level level;

    if (indicator_level_parse(indicator->native_level, &level) != 0) {
        return LEVEL_COMMUNE;
    }
    return level;
}

/* The mesh a territory opens with: départements for a région, communes
 * otherwise, but not finer than the indicator's native level. */
static enum territory_level
default_mesh(const struct territory *territory,
             const struct indicator *indicator)
{
    enum territory_level mesh =
        territory->level == LEVEL_REGION ? LEVEL_DEPARTEMENT : LEVEL_COMMUNE;
    enum territory_level native = native_level(indicator);

    if (mesh > native) {
        mesh = native;
    }
    if (mesh < territory->level) {
        mesh = territory->level;
    }
    return mesh;
}

/* Plural label of a mesh level. */
static const char *
mesh_label(enum territory_level level)
{
    switch (level) {
    case LEVEL_REGION:
        return _("régions");
    case LEVEL_DEPARTEMENT:
        return _("départements");
    case LEVEL_EPCI:
        return _("EPCI");
    case LEVEL_COMMUNE:
        break;
    }
    return _("communes");
}

static const char *
method_label(enum classify_method method)
{
    switch (method) {
    case CLASSIFY_QUANTILE:
        return _("quantiles");
    case CLASSIFY_EQUAL:
        return _("equal intervals");
    case CLASSIFY_JENKS:
        break;
    }
    return _("natural breaks");
}

/* Format a number for the screen, with decimals that suit its size. */
static void
format_number(char *buf, size_t size, double value, int french)
{
    double magnitude = fabs(value);
    int decimals = magnitude >= 100 || value == floor(value) ? 0
                   : magnitude >= 10                          ? 1
                                                              : 2;

    text_format_decimal(buf, size, value, decimals, french);
}

/* Format a unit's value as drawn: "1 234 t CO2e", "+12 hab.", "secret". */
static void
format_unit_value(const struct analysis *analysis, const struct unit *unit,
                  char *buf, size_t size, int french)
{
    char number[64];

    if (!analysis->change || !unit->has_value) {
        tui_format_indicator_value(buf, size, &unit->result, french);
        return;
    }
    format_number(number, sizeof(number), unit->value, french);
    snprintf(buf, size, "%s%s %s", unit->value > 0 ? "+" : "", number,
             unit->result.unit);
}

/* Free what a pane computed for the mesh: units, outlines, table. */
static void
pane_clear_units(struct pane *pane)
{
    size_t i;

    for (i = 0; i < pane->unit_count; i++) {
        territory_clear(&pane->units[i].territory);
        free(pane->units[i].key);
    }
    free(pane->units);
    pane->units = NULL;
    pane->unit_count = 0;
    pane->units_ready = 0;
    map_free(pane->map);
    pane->map = NULL;
    free(pane->map_units);
    pane->map_units = NULL;
    pane->outline_next = 0;
    pane->outlines_ready = 0;
    pane->fitted_cols = 0;
    pane->fitted_rows = 0;
    pane->cursor = 0;
    free(pane->order);
    pane->order = NULL;
    free(pane->by_value);
    pane->by_value = NULL;
}

static void
pane_clear(struct pane *pane)
{
    pane_clear_units(pane);
    territory_clear(&pane->territory);
    free(pane->series);
    memset(pane, 0, sizeof(*pane));
}

/* Reset the territory's yearly values, to compute again. */
static void
pane_reset_series(struct analysis *analysis, struct pane *pane)
{
    size_t count = analysis->indicator.year_count *
                   (analysis->indicator.category_count + 1);

    free(pane->series);
    pane->series = xcalloc(count + 1, sizeof(*pane->series));
    pane->series_count = count;
    pane->series_next = 0;
}

/* Collects the units of a mesh walk. */
struct unit_walk {
    struct pane *pane;
    int update;  /* set values of the units already there */
    int base;    /* the walk is for the first year, in change mode */
    size_t next; /* next unit to match, when updating */
};

static int
unit_walk_row(const struct mesh_row *row, void *arg)
{
    struct unit_walk *walk = arg;
    struct pane *pane = walk->pane;
    struct unit *unit;

    if (!walk->update) {
        pane->units = xrealloc(pane->units,
                               (pane->unit_count + 1) * sizeof(*pane->units));
        unit = &pane->units[pane->unit_count++];
        memset(unit, 0, sizeof(*unit));
        tui_territory_copy(&unit->territory, row->unit);
        unit->key = text_fold(row->unit->name);
        unit->map_index = MAP_NONE;
        unit->result = *row->result;
        return 0;
    }
    /* Both walks are sorted by code, and a mesh has the same units every
     * year; look ahead in case one was added since. */
    while (walk->next < pane->unit_count &&
           pane->units[walk->next].territory.id != row->unit->id) {
        walk->next++;
    }
    if (walk->next == pane->unit_count) {
        walk->next = 0;
        return 0;
    }
    unit = &pane->units[walk->next++];
    if (walk->base) {
        unit->base = *row->result;
    } else {
        unit->result = *row->result;
    }
    return 0;
}

static int
unit_compare_value(const void *a, const void *b, const struct unit *units)
{
    const struct unit *ua = &units[*(const size_t *)a];
    const struct unit *ub = &units[*(const size_t *)b];

    if (ua->has_value != ub->has_value) {
        return ua->has_value ? -1 : 1;
    }
    if (ua->has_value && ua->value != ub->value) {
        return ua->value > ub->value ? -1 : 1;
    }
    return strcmp(ua->territory.code, ub->territory.code);
}

/* qsort has no argument for the array being sorted. */
static const struct unit *sort_units;
static enum sort_key sort_by;

static int
unit_order(const void *a, const void *b)
{
    const struct unit *ua = &sort_units[*(const size_t *)a];
    const struct unit *ub = &sort_units[*(const size_t *)b];
    int rc;

    switch (sort_by) {
    case SORT_NAME:
        rc = strcmp(ua->key, ub->key);
        if (rc != 0) {
            return rc;
        }
        break;
    case SORT_CODE:
        break;
    case SORT_VALUE:
    case SORT_COUNT:
        return unit_compare_value(a, b, sort_units);
    }
    return strcmp(ua->territory.code, ub->territory.code);
}

/* Set the drawn values and the ranks, and sort the table. */
static void
pane_rank(struct analysis *analysis, struct pane *pane)
{
    size_t i;
    int rank = 0;

    for (i = 0; i < pane->unit_count; i++) {
        struct unit *unit = &pane->units[i];

        unit->has_value = result_has_value(&unit->result);
        unit->value = unit->result.value;
        if (analysis->change) {
            unit->has_value = unit->has_value && result_has_value(&unit->base);
            unit->value = unit->result.value - unit->base.value;
        }
        unit->rank = 0;
    }
    free(pane->order);
    pane->order = xcalloc(pane->unit_count + 1, sizeof(size_t));
    for (i = 0; i < pane->unit_count; i++) {
        pane->order[i] = i;
    }
    sort_units = pane->units;
    sort_by = SORT_VALUE;
    qsort(pane->order, pane->unit_count, sizeof(size_t), unit_order);
    for (i = 0; i < pane->unit_count; i++) {
        struct unit *unit = &pane->units[pane->order[i]];

        if (unit->has_value) {
            unit->rank = ++rank;
        }
    }
    free(pane->by_value);
    pane->by_value = xcalloc(pane->unit_count + 1, sizeof(size_t));
    memcpy(pane->by_value, pane->order, pane->unit_count * sizeof(size_t));
    sort_by = analysis->sort;
    qsort(pane->order, pane->unit_count, sizeof(size_t), unit_order);
    if (analysis->sort_reverse) {
        for (i = 0; i < pane->unit_count / 2; i++) {
            size_t swap = pane->order[i];

            pane->order[i] = pane->order[pane->unit_count - 1 - i];
            pane->order[pane->unit_count - 1 - i] = swap;
        }
    }
    if (pane->table.count != pane->unit_count) {
        tui_list_reset(&pane->table, pane->unit_count);
    }
}

/* Class bounds over the values of every pane, so that a comparison uses
 * one legend. A change map uses equal classes around zero, an odd number
 * of them so that the middle one holds no change. */
static void
analysis_classify(struct analysis *analysis)
{
    double *values = NULL;
    size_t count = 0;
    int p;
    size_t i;

    for (p = 0; p < analysis->pane_count; p++) {
        const struct pane *pane = &analysis->panes[p];

        values = xrealloc(values, (count + pane->unit_count + 1) *
                                      sizeof(*values));
        for (i = 0; i < pane->unit_count; i++) {
            if (pane->units[i].has_value) {
                values[count++] = pane->units[i].value;
            }
        }
    }
    analysis->class_count = 0;
    if (count > 0 && analysis->change) {
        double bound = 0;
        int classes = analysis->classes | 1;
        int c;

        if (classes > CLASSIFY_MAX) {
            classes = CLASSIFY_MAX;
        }
        for (i = 0; i < count; i++) {
            bound = fabs(values[i]) > bound ? fabs(values[i]) : bound;
        }
        if (bound == 0) {
            bound = 1;
        }
        for (c = 0; c <= classes; c++) {
            analysis->breaks[c] = -bound + 2 * bound * c / classes;
        }
        analysis->class_count = classes;
    } else if (count > 0) {
        int rc = classify_breaks(values, count, analysis->classes,
                                 analysis->method, analysis->breaks);

        analysis->class_count = rc > 0 ? rc : 0;
    }
    free(values);
}

/* Walk the mesh of a pane for the current settings. Returns 0 or -1. */
static int
pane_load_values(struct tui_app *app, struct analysis *analysis,
                 struct pane *pane)
{
    struct unit_walk walk = {pane, pane->units != NULL, 0, 0};
    int rc;

    rc = store_indicator_mesh(app->store, analysis->indicator.id,
                              pane->territory.id, analysis->mesh,
                              analysis_year(analysis),
                              analysis_category_id(analysis), unit_walk_row,
                              &walk);
    if (rc == 0 && analysis->change) {
        walk.base = 1;
        walk.next = 0;
        walk.update = 1;
        rc = store_indicator_mesh(app->store, analysis->indicator.id,
                                  pane->territory.id, analysis->mesh,
                                  analysis->indicator.years[0],
                                  analysis_category_id(analysis),
                                  unit_walk_row, &walk);
    }
    if (rc != 0) {
        return -1;
    }
    pane->units_ready = 1;
    pane_rank(analysis, pane);
    if (pane->map == NULL) {
        /* A new mesh: the cursor starts on the largest value. */
        pane->map = map_create();
        pane->map_units = xcalloc(pane->unit_count + 1, sizeof(int));
        pane->cursor = pane->unit_count > 0 ? (int)pane->by_value[0] : 0;
        pane->table.selected = 0;
        pane->table.top = 0;
    }
    return 0;
}

/* Read the next outlines of a pane. Returns 1 while some are left. */
static int
pane_load_outlines(struct tui_app *app, struct pane *pane)
{
    size_t end = pane->outline_next + OUTLINES_PER_STEP;

    if (end > pane->unit_count) {
        end = pane->unit_count;
    }
    for (; pane->outline_next < end; pane->outline_next++) {
        struct unit *unit = &pane->units[pane->outline_next];
        char *encoding = NULL;
        char *data = NULL;
        int rc = store_territory_geometry(app->store, unit->territory.id,
                                          &encoding, &data);

        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            int index = map_add_unit(pane->map, encoding, data);

            if (index >= 0) {
                unit->map_index = index;
                pane->map_units[index] = (int)pane->outline_next;
            } else {
                log_warn("outline of %s %s is malformed",
                         territory_level_name(unit->territory.level),
                         unit->territory.code);
            }
        }
        free(encoding);
        free(data);
    }
    if (pane->outline_next < pane->unit_count) {
        return 1;
    }
    pane->outlines_ready = 1;
    pane->fitted_cols = 0;
    return 0;
}

/* Compute one more yearly value of the territory. Returns 1 while some
 * are left, 0 when done, -1 on error. */
static int
pane_load_series(struct tui_app *app, struct analysis *analysis,
                 struct pane *pane)
{
    size_t stride = analysis->indicator.category_count + 1;
    size_t year;
    size_t category;
    struct indicator_result *result;

    if (pane->series_next >= pane->series_count) {
        return 0;
    }
    year = pane->series_next / stride;
    category = pane->series_next % stride;
    result = &pane->series[pane->series_next];
    if (store_indicator_value(app->store, analysis->indicator.id,
                              pane->territory.id,
                              analysis->indicator.years[year],
                              category == 0
                                  ? NULL
                                  : analysis->indicator.categories[category - 1],
                              result) < 0) {
        return -1;
    }
    pane->series_next++;
    return pane->series_next < pane->series_count;
}

/* The territory's value for year index year and category c (-1 for the
 * total), or NULL while it is not computed. */
static const struct indicator_result *
pane_series(const struct analysis *analysis, const struct pane *pane,
            size_t year, int category)
{
    size_t stride = analysis->indicator.category_count + 1;
    size_t index = year * stride + (size_t)(category + 1);

    if (pane->series == NULL || index >= pane->series_next) {
        return NULL;
    }
    return &pane->series[index];
}

/* Load a new mesh, or new values, on every pane at the next idle step. */
static void
analysis_reload(struct analysis *analysis, int mesh_changed)
{
    int p;

    for (p = 0; p < analysis->pane_count; p++) {
        if (mesh_changed) {
            pane_clear_units(&analysis->panes[p]);
        }
        analysis->panes[p].units_ready = 0;
    }
    analysis->class_count = 0;
    analysis->classified = 0;
}

/* Set up a pane for a territory. */
static void
pane_open(struct analysis *analysis, struct pane *pane,
          const struct territory *territory)
{
    pane_clear(pane);
    tui_territory_copy(&pane->territory, territory);
    pane_reset_series(analysis, pane);
}

/* The fill of a unit on a choropleth. */
static int
unit_fill(const struct analysis *analysis, const struct pane *pane,
          int unit_index)
{
    const struct unit *unit = &pane->units[unit_index];

    if (unit_index == pane->cursor) {
        return TUI_FILL_CURSOR;
    }
    if (analysis->symbols) {
        return 0; /* land, under the discs */
    }
    if (unit->has_value && analysis->class_count > 0) {
        return classify_index(analysis->breaks, analysis->class_count,
                              unit->value);
    }
    if (unit->result.flag == RESULT_SECRET) {
        return TUI_FILL_SECRET;
    }
    return TUI_FILL_MISSING;
}

/* The fill of one pixel: its unit's, or an edge, or the background. */
static int
pixel_fill(const struct analysis *analysis, const struct pane *pane,
           int map_index, int edge)
{
    int unit;

    if (map_index == MAP_NONE) {
        return TUI_FILL_OUTSIDE;
    }
    unit = pane->map_units[map_index];
    if (unit == pane->cursor) {
        return TUI_FILL_CURSOR;
    }
    if (edge) {
        return TUI_FILL_EDGE;
    }
    return unit_fill(analysis, pane, unit);
}

/* Largest value of the units, for the proportional symbols. */
static double
pane_max_value(const struct pane *pane)
{
    double max = 0;
    size_t i;

    for (i = 0; i < pane->unit_count; i++) {
        if (pane->units[i].has_value && pane->units[i].value > max) {
            max = pane->units[i].value;
        }
    }
    return max;
}

/* Draw a disc of radius r pixels centred on pixel (px, py) of a grid of
 * width x height pixels. */
static void
fills_disc(int *fills, int width, int height, double px, double py, double r,
           int fill)
{
    int x0 = (int)floor(px - r);
    int x1 = (int)ceil(px + r);
    int y0 = (int)floor(py - r);
    int y1 = (int)ceil(py + r);
    int x;
    int y;

    for (y = y0 < 0 ? 0 : y0; y <= y1 && y < height; y++) {
        for (x = x0 < 0 ? 0 : x0; x <= x1 && x < width; x++) {
            double dx = x + 0.5 - px;
            double dy = y + 0.5 - py;

            if (dx * dx + dy * dy <= r * r) {
                fills[y * width + x] = fill;
            }
        }
    }
}

/* Discs sized by value (area proportional to it) at each unit's centre,
 * largest first so that small ones stay on top. */
static void
map_symbols(const struct analysis *analysis, const struct pane *pane,
            int *fills, int cols, int rows)
{
    double max = pane_max_value(pane);
    double radius = SYMBOL_SHARE * (cols < 2 * rows ? cols : 2 * rows);
    size_t i;

    if (max <= 0) {
        return;
    }
    for (i = 0; i < pane->unit_count; i++) {
        const struct unit *unit = &pane->units[pane->by_value[i]];
        int index = (int)pane->by_value[i];
        int row;
        int col;

        if (!unit->has_value || unit->value <= 0 ||
            unit->map_index == MAP_NONE) {
            continue;
        }
        if (map_unit_cell(pane->map, unit->map_index, cols, rows, &row,
                          &col) != 0) {
            continue;
        }
        fills_disc(fills, cols, rows * 2, col + 0.5, row * 2 + 1.0,
                   radius * sqrt(unit->value / max) + 0.5,
                   index == pane->cursor ? TUI_FILL_CURSOR : 2);
    }
    (void)analysis;
}

/* Keeps the largest glyph of the points falling in each cell. */
struct point_cells {
    unsigned char *glyph; /* 0 none, else 1 + index in point_glyphs */
    int cols;
    int rows;
};

/* Draw the point layer over the map. */
static void
map_points(const struct analysis *analysis, const struct pane *pane,
           const struct tui_rect *area)
{
    const struct point_layer *layer;
    unsigned char *glyphs;
    size_t i;
    int y;
    int x;

    if (analysis->layer < 0 || analysis->points == NULL) {
        return;
    }
    layer = &point_layers[analysis->layer];
    glyphs = xcalloc((size_t)area->width * (size_t)area->height, 1);
    for (i = 0; i < analysis->point_count; i++) {
        const struct point_hit *point = &analysis->points[i];
        unsigned char glyph = 1;
        int row;
        int col;

        if (map_project(pane->map, point->lon, point->lat, area->width,
                        area->height, &row, &col) != 0) {
            continue;
        }
        while (glyph < 4 && point->value >= layer->steps[glyph - 1]) {
            glyph++;
        }
        if (glyph > glyphs[row * area->width + col]) {
            glyphs[row * area->width + col] = glyph;
        }
    }
    for (y = 0; y < area->height; y++) {
        for (x = 0; x < area->width; x++) {
            unsigned char glyph = glyphs[y * area->width + x];

            if (glyph != 0) {
                tui_draw_char(area->y + y, area->x + x, TUI_COLOUR_ALERT,
                              point_glyphs[glyph - 1]);
            }
        }
    }
    free(glyphs);
}

/* Names of the largest units, where they fit inside their unit. */
static void
map_names(const struct pane *pane, const struct tui_rect *area)
{
    size_t count = map_unit_count(pane->map);
    int *widths;
    struct map_label *labels;
    size_t placed;
    size_t i;

    if (count == 0) {
        return;
    }
    widths = xcalloc(count, sizeof(int));
    labels = xcalloc(count, sizeof(*labels));
    for (i = 0; i < count; i++) {
        const struct unit *unit = &pane->units[pane->map_units[i]];
        int width = text_width(unit->territory.name);

        widths[i] = width <= LABEL_MAX ? width : 0;
    }
    placed = map_labels(pane->map, widths, area->width, area->height, labels,
                        count);
    for (i = 0; i < placed; i++) {
        const struct unit *unit =
            &pane->units[pane->map_units[labels[i].unit]];

        tui_draw_text(area->y + labels[i].row, area->x + labels[i].col,
                      labels[i].columns, TUI_COLOUR_NORMAL,
                      unit->territory.name);
    }
    free(widths);
    free(labels);
}

/* Draw the map of a pane into area. */
static void
map_draw(struct analysis *analysis, struct pane *pane,
         const struct tui_rect *area)
{
    const struct map_cell *cells;
    int *fills;
    int width = area->width;
    int height = area->height;
    int ramp_classes;
    enum tui_ramp ramp;
    int y;
    int x;

    if (width <= 0 || height <= 0) {
        return;
    }
    if (pane->fitted_cols != width || pane->fitted_rows != height) {
        double zoom = map_zoom_level(pane->map);

        map_fit(pane->map, width, height);
        if (pane->fitted_cols != 0 && zoom > 1) {
            map_zoom(pane->map, zoom);
        }
        pane->fitted_cols = width;
        pane->fitted_rows = height;
        if (pane->units[pane->cursor].map_index != MAP_NONE) {
            map_show_unit(pane->map, pane->units[pane->cursor].map_index,
                          width, height);
        }
    }
    cells = map_render(pane->map, width, height);
    if (cells == NULL) {
        tui_draw_text(area->y, area->x, width, TUI_COLOUR_ALERT,
                      _("Out of memory while drawing the map."));
        return;
    }
    fills = xcalloc((size_t)width * (size_t)height * 2, sizeof(int));
    for (y = 0; y < height; y++) {
        for (x = 0; x < width; x++) {
            const struct map_cell *cell = &cells[y * width + x];

            fills[(2 * y) * width + x] =
                pixel_fill(analysis, pane, cell->top, cell->top_edge);
            fills[(2 * y + 1) * width + x] =
                pixel_fill(analysis, pane, cell->bottom, cell->bottom_edge);
        }
    }
    if (analysis->symbols) {
        map_symbols(analysis, pane, fills, width, height);
    }
    ramp = analysis->change ? TUI_RAMP_DIVERGING : TUI_RAMP_SEQUENTIAL;
    ramp_classes = analysis->symbols ? 3 : analysis->class_count;
    for (y = 0; y < height; y++) {
        for (x = 0; x < width; x++) {
            tui_draw_map_cell(area->y + y, area->x + x, ramp, ramp_classes,
                              fills[(2 * y) * width + x],
                              fills[(2 * y + 1) * width + x]);
        }
    }
    free(fills);
    if (analysis->labels) {
        map_names(pane, area);
    }
    map_points(analysis, pane, area);
}

/* Writes lines of a legend, a panel or a chart into a rectangle, and
 * stops at its last line. */
struct writer {
    const struct tui_rect *area;
    int line;
};

static int
writer_y(struct writer *w)
{
    if (w->line >= w->area->height) {
        return -1;
    }
    return w->area->y + w->line++;
}

static void
writer_text(struct writer *w, enum tui_colour colour, const char *text)
{
    int y = writer_y(w);

    if (y >= 0) {
        tui_draw_text(y, w->area->x, w->area->width, colour, text);
    }
}

/* Text wrapped over as many lines as it needs, at most max. */
static void
writer_wrapped(struct writer *w, enum tui_colour colour, const char *text,
               int max)
{
    char line[512];

    while (*text != '\0' && max-- > 0) {
        const char *next;
        size_t length = tui_text_wrap(text, w->area->width, &next);

        if (length >= sizeof(line)) {
            length = sizeof(line) - 1;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        writer_text(w, colour, line);
        if (next == text) {
            break;
        }
        text = next;
    }
}

/* A legend line: a key of the given fill, then text. */
static void
writer_swatch(struct writer *w, enum tui_ramp ramp, int classes, int fill,
              const char *text)
{
    int y = writer_y(w);

    if (y >= 0) {
        tui_draw_swatch(y, w->area->x, 2, ramp, classes, fill);
        tui_draw_text(y, w->area->x + 3, w->area->width - 3,
                      TUI_COLOUR_NORMAL, text);
    }
}

/* Count units without a value, by flag. */
static void
pane_count_missing(const struct analysis *analysis, size_t *secret,
                   size_t *missing)
{
    int p;
    size_t i;

    *secret = 0;
    *missing = 0;
    for (p = 0; p < analysis->pane_count; p++) {
        const struct pane *pane = &analysis->panes[p];

        for (i = 0; i < pane->unit_count; i++) {
            if (pane->units[i].has_value) {
                continue;
            }
            if (pane->units[i].result.flag == RESULT_SECRET) {
                (*secret)++;
            } else {
                (*missing)++;
            }
        }
    }
}

/* The classes, the fills without a value, symbols and points. */
static void
legend_draw(struct tui_app *app, struct analysis *analysis,
            const struct pane *pane, const struct tui_rect *area)
{
    struct writer w = {area, 0};
    const struct indicator *indicator = &analysis->indicator;
    enum tui_ramp ramp =
        analysis->change ? TUI_RAMP_DIVERGING : TUI_RAMP_SEQUENTIAL;
    int french = app->french;
    const char *note;
    char text[256];
    char low[64];
    char high[64];
    size_t secret;
    size_t missing;
    int c;

    snprintf(text, sizeof(text), "%s (%s)", _("Legend"), indicator->unit);
    writer_text(&w, TUI_COLOUR_HEADING, text);
    if (analysis->symbols) {
        double max = pane_max_value(pane);

        format_number(high, sizeof(high), max, french);
        snprintf(text, sizeof(text), _("disc area proportional to the value; "
                                       "largest %s %s"),
                 high, indicator->unit);
        writer_wrapped(&w, TUI_COLOUR_NORMAL, text, 3);
        writer_swatch(&w, ramp, 3, 2, _("value of the unit"));
        writer_swatch(&w, ramp, 3, 0, _("unit"));
    } else if (analysis->class_count > 0) {
        if (analysis->change) {
            snprintf(text, sizeof(text), _("change %d–%d, equal classes"),
                     indicator->years[0], analysis_year(analysis));
        } else {
            snprintf(text, sizeof(text), _("%s, %d classes"),
                     method_label(analysis->method), analysis->class_count);
        }
        writer_text(&w, TUI_COLOUR_DIM, text);
        for (c = analysis->class_count - 1; c >= 0; c--) {
            format_number(low, sizeof(low), analysis->breaks[c], french);
            format_number(high, sizeof(high), analysis->breaks[c + 1],
                          french);
            snprintf(text, sizeof(text), "%s – %s", low, high);
            writer_swatch(&w, ramp, analysis->class_count, c, text);
        }
    } else {
        writer_text(&w, TUI_COLOUR_DIM, _("no unit has a value"));
    }

    pane_count_missing(analysis, &secret, &missing);
    if (secret > 0) {
        snprintf(text, sizeof(text), _("secret (%zu)"), secret);
        writer_swatch(&w, ramp, analysis->class_count, TUI_FILL_SECRET, text);
    }
    if (missing > 0) {
        snprintf(text, sizeof(text), _("no value (%zu)"), missing);
        writer_swatch(&w, ramp, analysis->class_count, TUI_FILL_MISSING,
                      text);
    }
    note = french ? indicator->confidentiality_note_fr
                  : indicator->confidentiality_note_en;
    if ((secret > 0 || missing > 0) && note != NULL && note[0] != '\0') {
        writer_wrapped(&w, TUI_COLOUR_DIM, note, 4);
    }
    writer_swatch(&w, ramp, analysis->class_count, TUI_FILL_CURSOR,
                  _("unit under the cursor"));

    if (analysis->layer >= 0) {
        const struct point_layer *layer = &point_layers[analysis->layer];
        struct indicator points;

        writer_text(&w, TUI_COLOUR_NORMAL, "");
        if (store_indicator_get(app->store, layer->indicator_id, &points) ==
            0) {
            snprintf(text, sizeof(text), "%s (%d)",
                     tui_indicator_name(&points, french),
                     analysis->points_year);
            writer_wrapped(&w, TUI_COLOUR_HEADING, text, 2);
            for (c = 0; c < 4; c++) {
                int y = writer_y(&w);

                if (y < 0) {
                    break;
                }
                if (c == 0) {
                    format_number(high, sizeof(high), layer->steps[0], french);
                    snprintf(text, sizeof(text), "< %s %s", high, points.unit);
                } else if (c == 3) {
                    format_number(low, sizeof(low), layer->steps[2], french);
                    snprintf(text, sizeof(text), "≥ %s %s", low, points.unit);
                } else {
                    format_number(low, sizeof(low), layer->steps[c - 1],
                                  french);
                    format_number(high, sizeof(high), layer->steps[c], french);
                    snprintf(text, sizeof(text), "%s – %s %s", low, high,
                             points.unit);
                }
                tui_draw_char(y, area->x, TUI_COLOUR_ALERT, point_glyphs[c]);
                tui_draw_text(y, area->x + 3, area->width - 3,
                              TUI_COLOUR_NORMAL, text);
            }
            snprintf(text, sizeof(text), _("%zu locations"),
                     analysis->point_count);
            writer_text(&w, TUI_COLOUR_DIM, text);
            indicator_clear(&points);
        }
    }

    writer_text(&w, TUI_COLOUR_NORMAL, "");
    snprintf(text, sizeof(text), _("Source: %s"), indicator->source);
    writer_wrapped(&w, TUI_COLOUR_DIM, text, 4);
}

/* The line above a view: the territory, and the unit under the cursor
 * with its value, year and rank. */
static void
pane_heading(struct tui_app *app, struct analysis *analysis,
             const struct pane *pane, const struct tui_rect *line, int active)
{
    char value[128];
    char text[512];
    int x = line->x;
    int used;

    used = tui_draw_text(line->y, x, line->width,
                         active ? TUI_COLOUR_HEADING : TUI_COLOUR_DIM,
                         pane->territory.name);
    x += used + 2;
    if (!pane->units_ready || pane->unit_count == 0 ||
        analysis->view == VIEW_CHART || x >= line->x + line->width) {
        return;
    }
    {
        const struct unit *unit = &pane->units[pane->cursor];
        int count = 0;
        size_t i;

        for (i = 0; i < pane->unit_count; i++) {
            count += pane->units[i].has_value;
        }
        format_unit_value(analysis, unit, value, sizeof(value), app->french);
        if (unit->rank > 0) {
            snprintf(text, sizeof(text), _("▸ %s (%s): %s, %d — rank %d/%d"),
                     unit->territory.name, unit->territory.code, value,
                     unit->result.year, unit->rank, count);
        } else {
            snprintf(text, sizeof(text), _("▸ %s (%s): %s"),
                     unit->territory.name, unit->territory.code, value);
        }
        tui_draw_text(line->y, x, line->x + line->width - x, TUI_COLOUR_NORMAL,
                      text);
    }
}

/* A message centred in an area (loading, nothing to show). */
static void
area_message(const struct tui_rect *area, enum tui_colour colour,
             const char *text)
{
    struct tui_rect inner = {area->y + area->height / 2 - 1, area->x + 1,
                             area->height, area->width - 2};
    struct writer w = {&inner, 0};

    if (inner.y < area->y) {
        inner.y = area->y;
    }
    inner.height = area->y + area->height - inner.y;
    writer_wrapped(&w, colour, text, inner.height);
}

/* The map view of a pane: the map and its legend. */
static void
pane_map(struct tui_app *app, struct analysis *analysis, struct pane *pane,
         const struct tui_rect *area)
{
    struct tui_rect map = *area;
    struct tui_rect legend = *area;
    char text[256];

    if (!pane->outlines_ready) {
        char done[32];
        char total[32];

        text_format_int(done, sizeof(done), (int64_t)pane->outline_next,
                        app->french);
        text_format_int(total, sizeof(total), (int64_t)pane->unit_count,
                        app->french);
        snprintf(text, sizeof(text), _("Reading outlines: %s of %s…"), done,
                 total);
        area_message(area, TUI_COLOUR_DIM, text);
        return;
    }
    if (map_unit_count(pane->map) == 0) {
        snprintf(text, sizeof(text),
                 _("No outline for these %s. terrish holds the outlines of "
                   "the communes and EPCI of Auvergne-Rhône-Alpes, and of "
                   "the départements and régions of mainland France: choose "
                   "another split with m, or the chart or table with Tab."),
                 mesh_label(analysis->mesh));
        area_message(area, TUI_COLOUR_ALERT, text);
        return;
    }
    if (area->width >= MAP_MIN_COLUMNS + LEGEND_COLUMNS + 1) {
        map.width = area->width - LEGEND_COLUMNS - 1;
        legend.x = area->x + map.width + 1;
        legend.width = LEGEND_COLUMNS;
    } else {
        int lines = area->height / 3;

        map.height = area->height - lines;
        legend.y = area->y + map.height;
        legend.height = lines;
    }
    map_draw(analysis, pane, &map);
    legend_draw(app, analysis, pane, &legend);
}

/* Returns 1 when the chart kind can be drawn for the indicator. */
static int
chart_available(const struct analysis *analysis, enum chart_kind kind)
{
    switch (kind) {
    case CHART_SERIES:
        return analysis->indicator.year_count >= 2;
    case CHART_CATEGORIES:
    case CHART_SHARES:
        return analysis->indicator.category_count >= 2;
    case CHART_UNITS:
    case CHART_COUNT:
        break;
    }
    return 1;
}

/* The chart that suits the indicator best. */
static enum chart_kind
chart_default(const struct analysis *analysis)
{
    if (chart_available(analysis, CHART_CATEGORIES)) {
        return CHART_CATEGORIES;
    }
    if (chart_available(analysis, CHART_SERIES)) {
        return CHART_SERIES;
    }
    return CHART_UNITS;
}

static const char *
chart_label(enum chart_kind kind)
{
    switch (kind) {
    case CHART_SERIES:
        return _("over the years");
    case CHART_CATEGORIES:
        return _("by category");
    case CHART_SHARES:
        return _("shares by year");
    case CHART_UNITS:
    case CHART_COUNT:
        break;
    }
    return _("by unit");
}

/* Draw a run of code points in a series colour. */
static void
draw_bar(int y, int x, const unsigned int *cells, int count, int series)
{
    int i;

    for (i = 0; i < count; i++) {
        if (cells[i] != ' ') {
            tui_draw_series(y, x + i, 1, series, cells[i]);
        }
    }
}

/* One labelled horizontal bar: label, bar, value. */
static void
chart_bar_line(struct tui_app *app, int y, const struct tui_rect *area,
               int label_width, const char *label,
               const struct indicator_result *result, double max, int series,
               const char *unit)
{
    int value_width = 16;
    int bar_width = area->width - label_width - value_width - 2;
    unsigned int cells[512];
    char value[96];

    tui_draw_text(y, area->x, label_width - 1, TUI_COLOUR_NORMAL, label);
    if (bar_width > (int)(sizeof(cells) / sizeof(cells[0]))) {
        bar_width = (int)(sizeof(cells) / sizeof(cells[0]));
    }
    if (result != NULL && result_has_value(result) && bar_width > 0 &&
        max > 0 && result->value > 0) {
        chart_bar(result->value, max, bar_width, tui_palette_colours() == 0,
                  cells);
        draw_bar(y, area->x + label_width, cells, bar_width, series);
    }
    if (result == NULL) {
        snprintf(value, sizeof(value), "…");
    } else if (result_has_value(result)) {
        char number[64];

        format_number(number, sizeof(number), result->value, app->french);
        snprintf(value, sizeof(value), "%s%s", number,
                 result->flag == RESULT_PARTIAL ? "*" : "");
    } else {
        tui_format_indicator_value(value, sizeof(value), result, app->french);
    }
    (void)unit;
    tui_draw_text_right(y, area->x + area->width - value_width, value_width,
                        TUI_COLOUR_NORMAL, value);
}

/* Bars of the categories for the year. */
static void
draw_categories(struct tui_app *app, struct analysis *analysis,
                 const struct pane *pane, const struct tui_rect *area)
{
    const struct indicator *indicator = &analysis->indicator;
    int label_width = area->width / 3 < 28 ? area->width / 3 : 28;
    double max = 0;
    size_t c;
    int y = area->y;

    for (c = 0; c < indicator->category_count; c++) {
        const struct indicator_result *r =
            pane_series(analysis, pane, analysis->year, (int)c);

        if (r != NULL && result_has_value(r) && r->value > max) {
            max = r->value;
        }
    }
    for (c = 0; c < indicator->category_count && y < area->y + area->height;
         c++, y++) {
        chart_bar_line(app, y, area, label_width,
                       category_name(indicator, c, app->french),
                       pane_series(analysis, pane, analysis->year, (int)c),
                       max, (int)c, indicator->unit);
    }
    if (y < area->y + area->height) {
        const struct indicator_result *total =
            pane_series(analysis, pane, analysis->year, -1);
        char value[96];
        char text[160];

        if (total != NULL) {
            tui_format_indicator_value(value, sizeof(value), total,
                                       app->french);
            snprintf(text, sizeof(text), _("Total: %s"), value);
            tui_draw_text(y + 1 < area->y + area->height ? y + 1 : y, area->x,
                          area->width, TUI_COLOUR_HEADING, text);
        }
    }
}

/* One 100% bar per year, split by category, and the key of colours. */
static void
draw_shares(struct tui_app *app, struct analysis *analysis,
             const struct pane *pane, const struct tui_rect *area)
{
    const struct indicator *indicator = &analysis->indicator;
    size_t count = indicator->category_count;
    double *values = xcalloc(count + 1, sizeof(double));
    int *cells = xcalloc(count + 1, sizeof(int));
    int bar_width = area->width - 8;
    int y = area->y;
    size_t year;
    size_t c;

    for (year = 0; year < indicator->year_count &&
                   y < area->y + area->height - (int)count / 2 - 1;
         year++, y++) {
        char label[16];
        int x = area->x + 6;
        int complete = 1;
        double sum = 0;

        snprintf(label, sizeof(label), "%d", indicator->years[year]);
        tui_draw_text(y, area->x, 5, TUI_COLOUR_NORMAL, label);
        for (c = 0; c < count; c++) {
            const struct indicator_result *r =
                pane_series(analysis, pane, year, (int)c);

            if (r == NULL) {
                complete = 0;
                break;
            }
            values[c] = result_has_value(r) && r->value > 0 ? r->value : 0;
            sum += values[c];
        }
        if (!complete) {
            tui_draw_text(y, x, bar_width, TUI_COLOUR_DIM, "…");
            continue;
        }
        if (sum <= 0) {
            tui_draw_text(y, x, bar_width, TUI_COLOUR_DIM, _("no value"));
            continue;
        }
        chart_shares(values, count, bar_width, cells);
        for (c = 0; c < count; c++) {
            tui_draw_series(y, x, cells[c], (int)c, 0x2588);
            x += cells[c];
        }
    }
    /* The key: two categories per line when there is room. */
    y++;
    for (c = 0; c < count && y < area->y + area->height; c++) {
        int half = area->width / 2;
        int x = area->x + (c % 2 == 1 && half >= 20 ? half : 0);
        const struct indicator_result *r =
            pane_series(analysis, pane, analysis->year, (int)c);
        const struct indicator_result *total =
            pane_series(analysis, pane, analysis->year, -1);
        char text[160];

        tui_draw_series(y, x, 2, (int)c, 0x2588);
        if (r != NULL && total != NULL && result_has_value(r) &&
            result_has_value(total) && total->value > 0) {
            char share[32];

            text_format_decimal(share, sizeof(share),
                                100.0 * r->value / total->value, 1,
                                app->french);
            snprintf(text, sizeof(text), "%s %s %%",
                     category_name(indicator, c, app->french), share);
        } else {
            snprintf(text, sizeof(text), "%s",
                     category_name(indicator, c, app->french));
        }
        tui_draw_text(y, x + 3, (half >= 20 ? half : area->width) - 4,
                      TUI_COLOUR_NORMAL, text);
        if (c % 2 == 1 || half < 20) {
            y++;
        }
    }
    free(values);
    free(cells);
}

/* The territory's value (or the category's) over the years, as a line of
 * braille dots with a value axis on the left and the years below. */
static void
draw_years(struct tui_app *app, struct analysis *analysis,
             const struct pane *pane, const struct tui_rect *area)
{
    const struct indicator *indicator = &analysis->indicator;
    int axis = 12;
    int cols = area->width - axis - 1;
    int rows = area->height - 2;
    double lo = 0;
    double hi = 0;
    double ticks[8];
    size_t tick_count;
    struct braille canvas;
    int first = indicator->years[0];
    int last = indicator->years[indicator->year_count - 1];
    int have = 0;
    int prev_x = -1;
    int prev_y = -1;
    size_t i;
    int y;
    int x;

    if (cols < 8 || rows < 3) {
        return;
    }
    for (i = 0; i < indicator->year_count; i++) {
        const struct indicator_result *r =
            pane_series(analysis, pane, i, analysis->category);

        if (r != NULL && result_has_value(r)) {
            lo = !have || r->value < lo ? r->value : lo;
            hi = !have || r->value > hi ? r->value : hi;
            have = 1;
        }
    }
    if (!have) {
        area_message(area, TUI_COLOUR_DIM, _("No value for these years."));
        return;
    }
    if (lo > 0) {
        lo = 0; /* bars and lines of amounts start at zero */
    }
    if (hi == lo) {
        hi = lo + 1;
    }
    tick_count = chart_ticks(lo, hi, (size_t)(rows / 2 > 1 ? rows / 2 : 2),
                             ticks);
    if (tick_count > 0) {
        lo = ticks[0] < lo ? ticks[0] : lo;
        hi = ticks[tick_count - 1] > hi ? ticks[tick_count - 1] : hi;
    }
    if (braille_init(&canvas, cols, rows) != 0) {
        return;
    }
    for (i = 0; i < indicator->year_count; i++) {
        const struct indicator_result *r =
            pane_series(analysis, pane, i, analysis->category);
        int dx;
        int dy;

        if (r == NULL || !result_has_value(r)) {
            prev_x = -1;
            continue;
        }
        dx = last == first ? 0
                           : (int)lround((double)(indicator->years[i] - first) *
                                         (2 * cols - 1) / (last - first));
        dy = (int)lround((hi - r->value) * (4 * rows - 1) / (hi - lo));
        if (prev_x >= 0) {
            braille_line(&canvas, prev_x, prev_y, dx, dy);
        } else {
            braille_set(&canvas, dx, dy);
        }
        prev_x = dx;
        prev_y = dy;
    }
    for (y = 0; y < rows; y++) {
        for (x = 0; x < cols; x++) {
            unsigned int code = braille_char(&canvas, y, x);

            if (code != 0) {
                tui_draw_series(area->y + y, area->x + axis + 1 + x, 1,
                                analysis->category < 0 ? 0
                                                       : analysis->category,
                                code);
            }
        }
        tui_draw_char(area->y + y, area->x + axis, TUI_COLOUR_DIM, 0x2502);
    }
    for (i = 0; i < tick_count; i++) {
        char label[32];
        int ty = (int)lround((hi - ticks[i]) * (rows - 1) / (hi - lo));

        format_number(label, sizeof(label), ticks[i], app->french);
        tui_draw_text_right(area->y + ty, area->x, axis - 1, TUI_COLOUR_DIM,
                            label);
    }
    for (x = 0; x < cols; x++) {
        tui_draw_char(area->y + rows, area->x + axis + 1 + x, TUI_COLOUR_DIM,
                      0x2500);
    }
    tui_draw_char(area->y + rows, area->x + axis, TUI_COLOUR_DIM, 0x2514);
    /* Year labels under their points, skipping those that would touch. */
    x = -1;
    for (i = 0; i < indicator->year_count; i++) {
        char label[16];
        int column = last == first
                         ? 0
                         : (int)lround((double)(indicator->years[i] - first) *
                                       (cols - 1) / (last - first));
        int start = area->x + axis + 1 + column - 2;

        if (start + 4 > area->x + area->width) {
            start = area->x + area->width - 4;
        }
        if (start <= x) {
            continue;
        }
        snprintf(label, sizeof(label), "%d", indicator->years[i]);
        tui_draw_text(area->y + rows + 1, start, 4, TUI_COLOUR_DIM, label);
        x = start + 4;
    }
    braille_free(&canvas);
}

/* Bars of the units, largest first. */
static void
draw_units(struct tui_app *app, struct analysis *analysis,
            const struct pane *pane, const struct tui_rect *area)
{
    int label_width = area->width / 3 < 28 ? area->width / 3 : 28;
    double max = pane->unit_count > 0 && pane->units[pane->by_value[0]].has_value
                     ? pane->units[pane->by_value[0]].value
                     : 0;
    size_t i;

    for (i = 0; i < pane->unit_count && (int)i < area->height; i++) {
        const struct unit *unit = &pane->units[pane->by_value[i]];
        struct indicator_result shown = unit->result;

        shown.value = unit->value;
        if (analysis->change && !unit->has_value) {
            shown.flag = RESULT_NOT_AVAILABLE;
        }
        chart_bar_line(app, area->y + (int)i, area, label_width,
                       unit->territory.name, &shown, max, 0,
                       analysis->indicator.unit);
    }
}

/* The chart view of a pane. */
static void
pane_chart(struct tui_app *app, struct analysis *analysis, struct pane *pane,
           const struct tui_rect *area)
{
    struct tui_rect inner = *area;
    char text[256];

    snprintf(text, sizeof(text), "%s — %s (%s)", chart_label(analysis->chart),
             tui_indicator_name(&analysis->indicator, app->french),
             analysis->indicator.unit);
    tui_draw_text(area->y, area->x, area->width, TUI_COLOUR_DIM, text);
    inner.y++;
    inner.height--;
    if (inner.height <= 0) {
        return;
    }
    switch (analysis->chart) {
    case CHART_SERIES:
        draw_years(app, analysis, pane, &inner);
        break;
    case CHART_CATEGORIES:
        draw_categories(app, analysis, pane, &inner);
        break;
    case CHART_SHARES:
        draw_shares(app, analysis, pane, &inner);
        break;
    case CHART_UNITS:
    case CHART_COUNT:
        draw_units(app, analysis, pane, &inner);
        break;
    }
}

/* What the table's draw callback needs. */
struct table_draw {
    struct tui_app *app;
    struct analysis *analysis;
    struct pane *pane;
    double sum; /* of the values in the table, for the shares */
};

/* Column widths of the table: rank, code, value, share; the name takes
 * what is left. */
#define TABLE_RANK 6
#define TABLE_CODE 11
#define TABLE_VALUE 20
#define TABLE_SHARE 8

static void
table_columns(const struct tui_rect *line, int *name, int *share)
{
    *share = line->width >= 60 ? TABLE_SHARE : 0;
    *name = line->width - TABLE_RANK - TABLE_CODE - TABLE_VALUE - *share - 1;
}

static void
table_draw_row(struct tui_app *app, void *arg, size_t index,
               const struct tui_rect *line, int selected)
{
    struct table_draw *table = arg;
    const struct unit *unit = &table->pane->units[table->pane->order[index]];
    enum tui_colour colour =
        selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    int name_width;
    int share_width;
    int x = line->x;
    char text[128];

    table_columns(line, &name_width, &share_width);
    if (selected) {
        tui_draw_fill(line->y, line->x, line->width, colour);
    }
    if (unit->rank > 0) {
        snprintf(text, sizeof(text), "%d", unit->rank);
        tui_draw_text_right(line->y, x, TABLE_RANK - 1, colour, text);
    }
    x += TABLE_RANK;
    tui_draw_text(line->y, x, name_width - 1, colour, unit->territory.name);
    x += name_width;
    tui_draw_text(line->y, x, TABLE_CODE - 1, colour, unit->territory.code);
    x += TABLE_CODE;
    format_unit_value(table->analysis, unit, text, sizeof(text), app->french);
    tui_draw_text_right(line->y, x, TABLE_VALUE - 1, colour, text);
    x += TABLE_VALUE;
    if (share_width > 0 && unit->has_value && table->sum > 0 &&
        analysis_additive(table->analysis) && !table->analysis->change) {
        char number[32];

        text_format_decimal(number, sizeof(number),
                            100.0 * unit->value / table->sum, 1, app->french);
        snprintf(text, sizeof(text), "%s %%", number);
        tui_draw_text_right(line->y, x, share_width, colour, text);
    }
}

static const char *
sort_label(enum sort_key key)
{
    switch (key) {
    case SORT_NAME:
        return _("name");
    case SORT_CODE:
        return _("code");
    case SORT_VALUE:
    case SORT_COUNT:
        break;
    }
    return _("value");
}

/* The table view of a pane: the units with rank, value and share, and
 * the territory's own value below. */
static void
pane_table(struct tui_app *app, struct analysis *analysis, struct pane *pane,
           const struct tui_rect *area)
{
    struct table_draw draw = {app, analysis, pane, 0};
    struct tui_rect header = {area->y, area->x, 1, area->width};
    struct tui_rect rows = {area->y + 1, area->x, area->height - 3,
                            area->width};
    const struct indicator_result *total;
    int name_width;
    int share_width;
    char text[256];
    char value[96];
    size_t i;

    if (rows.height <= 0) {
        return;
    }
    for (i = 0; i < pane->unit_count; i++) {
        if (pane->units[i].has_value) {
            draw.sum += pane->units[i].value;
        }
    }
    table_columns(&header, &name_width, &share_width);
    tui_draw_text_right(header.y, header.x, TABLE_RANK - 1, TUI_COLOUR_HEADING,
                        _("Rank"));
    tui_draw_text(header.y, header.x + TABLE_RANK, name_width - 1,
                  TUI_COLOUR_HEADING, _("Name"));
    tui_draw_text(header.y, header.x + TABLE_RANK + name_width, TABLE_CODE - 1,
                  TUI_COLOUR_HEADING, _("Code"));
    snprintf(text, sizeof(text), "%s (%s)",
             analysis->change ? _("Change") : _("Value"),
             analysis->indicator.unit);
    tui_draw_text_right(header.y, header.x + TABLE_RANK + name_width +
                                      TABLE_CODE,
                        TABLE_VALUE - 1, TUI_COLOUR_HEADING, text);
    if (share_width > 0) {
        tui_draw_text_right(header.y, area->x + area->width - share_width,
                            share_width, TUI_COLOUR_HEADING, _("Share"));
    }
    tui_list_draw(app, &pane->table, &rows, table_draw_row, &draw);

    total = pane_series(analysis, pane, analysis->year, analysis->category);
    if (total != NULL) {
        tui_format_indicator_value(value, sizeof(value), total, app->french);
    } else {
        snprintf(value, sizeof(value), "…");
    }
    snprintf(text, sizeof(text), _("%s as a whole: %s (%d) — %zu %s, sorted by %s%s"),
             pane->territory.name, value, analysis_year(analysis),
             pane->unit_count, mesh_label(analysis->mesh),
             sort_label(analysis->sort),
             analysis->sort_reverse ? _(", reversed") : "");
    tui_draw_text(area->y + area->height - 1, area->x, area->width,
                  TUI_COLOUR_DIM, text);
}

/* Draw one pane: its heading and its view. */
static void
pane_draw(struct tui_app *app, struct analysis *analysis, struct pane *pane,
          const struct tui_rect *area, int active)
{
    struct tui_rect heading = {area->y, area->x, 1, area->width};
    struct tui_rect view = {area->y + 1, area->x, area->height - 1,
                            area->width};

    pane_heading(app, analysis, pane, &heading, active);
    if (view.height <= 0) {
        return;
    }
    if (!pane->units_ready) {
        area_message(&view, TUI_COLOUR_DIM, _("Computing the values…"));
        return;
    }
    switch (analysis->view) {
    case VIEW_MAP:
        pane_map(app, analysis, pane, &view);
        break;
    case VIEW_CHART:
        pane_chart(app, analysis, pane, &view);
        break;
    case VIEW_TABLE:
    case VIEW_COUNT:
        pane_table(app, analysis, pane, &view);
        break;
    }
}

/* The command that prints the current view as CSV, which the caller
 * frees. */
static char *
analysis_command(struct tui_app *app, const struct analysis *analysis)
{
    const struct pane *pane = &analysis->panes[analysis->active];
    const struct indicator *indicator = &analysis->indicator;
    int whole_years = analysis->view == VIEW_CHART &&
                      (analysis->chart == CHART_SERIES ||
                       analysis->chart == CHART_SHARES);
    int by_unit = analysis->view != VIEW_CHART ||
                  analysis->chart == CHART_UNITS;
    char mesh[64] = "";
    char years[32];

    if (by_unit && analysis->mesh != pane->territory.level) {
        snprintf(mesh, sizeof(mesh), " --mesh %s",
                 territory_level_name(analysis->mesh));
    }
    if (whole_years && indicator->year_count > 1) {
        snprintf(years, sizeof(years), "%d-%d", indicator->years[0],
                 indicator->years[indicator->year_count - 1]);
    } else if (analysis->change) {
        snprintf(years, sizeof(years), "%d-%d", indicator->years[0],
                 analysis_year(analysis));
    } else {
        snprintf(years, sizeof(years), "%d", analysis_year(analysis));
    }
    return xasprintf("%s export indicator %s --territory %s:%s%s --years %s"
                     " --format csv",
                     app->command_prefix != NULL ? app->command_prefix
                                                 : "terrish",
                     indicator->id, territory_level_name(pane->territory.level),
                     pane->territory.code, mesh, years);
}

/* The settings line at the top of the body. */
static void
analysis_settings(struct tui_app *app, struct analysis *analysis,
                  const struct tui_rect *line)
{
    static const char *const views[VIEW_COUNT] = {
        N_("Map"),
        N_("Chart"),
        N_("Table"),
    };
    char text[512];
    int x = line->x;
    int v;

    for (v = 0; v < VIEW_COUNT && x < line->x + line->width; v++) {
        snprintf(text, sizeof(text), " %s ", _(views[v]));
        x += tui_draw_text(line->y, x, line->x + line->width - x,
                           v == (int)analysis->view ? TUI_COLOUR_SELECTED
                                                    : TUI_COLOUR_DIM,
                           text);
    }
    if (analysis->change) {
        snprintf(text, sizeof(text), _(" %s · change %d–%d · %s · %s"),
                 tui_indicator_name(&analysis->indicator, app->french),
                 analysis->indicator.years[0], analysis_year(analysis),
                 analysis->category >= 0
                     ? category_name(&analysis->indicator,
                                     (size_t)analysis->category, app->french)
                     : _("total"),
                 mesh_label(analysis->mesh));
    } else {
        snprintf(text, sizeof(text), " %s · %d · %s · %s",
                 tui_indicator_name(&analysis->indicator, app->french),
                 analysis_year(analysis),
                 analysis->category >= 0
                     ? category_name(&analysis->indicator,
                                     (size_t)analysis->category, app->french)
                     : _("total"),
                 mesh_label(analysis->mesh));
    }
    if (x < line->x + line->width) {
        tui_draw_text(line->y, x, line->x + line->width - x,
                      TUI_COLOUR_HEADING, text);
    }
}

static void
analysis_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct analysis *analysis = state;
    struct tui_rect settings = {body->y, body->x, 1, body->width};
    struct tui_rect panes = {body->y + 1, body->x, body->height - 1,
                             body->width};
    char *command;
    char text[1024];

    if (body->height < 3) {
        return;
    }
    analysis_settings(app, analysis, &settings);
    command = analysis_command(app, analysis);
    if (body->height >= 8) {
        snprintf(text, sizeof(text), _("Export: %s"), command);
        panes.height--;
        tui_draw_text(body->y + body->height - 1, body->x + 1,
                      body->width - 2, TUI_COLOUR_DIM, text);
    }
    if (analysis->pane_count == 2 && panes.width >= 81) {
        struct tui_rect left = panes;
        struct tui_rect right = panes;

        left.width = (panes.width - 1) / 2;
        right.x = left.x + left.width + 1;
        right.width = panes.width - left.width - 1;
        pane_draw(app, analysis, &analysis->panes[0], &left,
                  analysis->active == 0);
        pane_draw(app, analysis, &analysis->panes[1], &right,
                  analysis->active == 1);
    } else if (analysis->pane_count == 2) {
        struct tui_rect top = panes;
        struct tui_rect bottom = panes;

        top.height = panes.height / 2;
        bottom.y = top.y + top.height;
        bottom.height = panes.height - top.height;
        pane_draw(app, analysis, &analysis->panes[0], &top,
                  analysis->active == 0);
        pane_draw(app, analysis, &analysis->panes[1], &bottom,
                  analysis->active == 1);
    } else {
        pane_draw(app, analysis, &analysis->panes[0], &panes, 1);
    }
    if (analysis->show_command) {
        struct tui_rect box = {body->y + body->height / 2 - 3, body->x + 2, 6,
                               body->width - 4};
        struct writer w = {&box, 0};
        int y;

        for (y = box.y; y < box.y + box.height; y++) {
            tui_draw_fill(y, box.x, box.width, TUI_COLOUR_INPUT);
        }
        box.x++;
        box.width -= 2;
        writer_text(&w, TUI_COLOUR_INPUT,
                    _("This command prints the current view as CSV:"));
        writer_wrapped(&w, TUI_COLOUR_INPUT, command, 4);
    }
    free(command);
    tui_app_set_current(app, &analysis->panes[analysis->active].territory);
}

/* Called by the indicator browser. */
static void
analysis_indicator_chosen(struct tui_app *app, void *owner, const char *id)
{
    struct analysis *analysis = owner;
    struct indicator indicator;
    int p;

    if (store_indicator_get(app->store, id, &indicator) != 0) {
        tui_app_set_message(app, 1, _("Could not read the indicator: %s"),
                            store_error(app->store));
        return;
    }
    indicator_clear(&analysis->indicator);
    analysis->indicator = indicator;
    analysis->year = indicator.year_count > 0 ? indicator.year_count - 1 : 0;
    analysis->category = -1;
    analysis->change = 0;
    if (!chart_available(analysis, analysis->chart)) {
        analysis->chart = chart_default(analysis);
    }
    if (analysis->mesh > native_level(&indicator) &&
        native_level(&indicator) >= analysis->panes[0].territory.level) {
        analysis->mesh = native_level(&indicator);
        analysis_reload(analysis, 1);
    } else {
        analysis_reload(analysis, 0);
    }
    for (p = 0; p < analysis->pane_count; p++) {
        pane_reset_series(analysis, &analysis->panes[p]);
    }
}

/* Called by the picker when a territory to compare with is chosen. */
static void
analysis_compare_chosen(struct tui_app *app, void *owner,
                        const struct territory *territory)
{
    struct analysis *analysis = owner;

    (void)app;
    pane_open(analysis, &analysis->panes[1], territory);
    analysis->pane_count = 2;
    analysis->active = 1;
    analysis_reload(analysis, 0);
}

static int
analysis_year_key(struct tui_app *app, struct analysis *analysis, int step)
{
    size_t count = analysis->indicator.year_count;

    if (count < 2) {
        tui_app_set_message(app, 0, _("This indicator has one year only."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (step < 0 && analysis->year == 0) {
        return TUI_KEY_HANDLED;
    }
    if (step > 0 && analysis->year + 1 >= count) {
        return TUI_KEY_HANDLED;
    }
    analysis->year = step < 0 ? analysis->year - 1 : analysis->year + 1;
    if (analysis->change && analysis->year == 0) {
        analysis->change = 0;
    }
    analysis_reload(analysis, 0);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* The next mesh, from the coarsest below the territory to communes. */
static void
analysis_next_mesh(struct analysis *analysis)
{
    enum territory_level first = analysis->panes[0].territory.level;
    int p;

    for (p = 1; p < analysis->pane_count; p++) {
        if (analysis->panes[p].territory.level > first) {
            first = analysis->panes[p].territory.level;
        }
    }
    if (first < LEVEL_COMMUNE) {
        first = (enum territory_level)(first + 1);
    }
    if (analysis->mesh >= LEVEL_COMMUNE || analysis->mesh < first) {
        analysis->mesh = first;
    } else {
        analysis->mesh = (enum territory_level)(analysis->mesh + 1);
    }
}

/* Open the unit under the cursor: its own analysis, or the summary of a
 * commune. */
static int
analysis_open_unit(struct tui_app *app, struct analysis *analysis,
                   struct pane *pane)
{
    const struct unit *unit;

    if (!pane->units_ready || pane->unit_count == 0) {
        return TUI_KEY_HANDLED;
    }
    unit = &pane->units[pane->cursor];
    if (unit->territory.level == LEVEL_COMMUNE ||
        unit->territory.id == pane->territory.id) {
        tui_app_push(app, &tui_screen_summary, &unit->territory.id);
    } else {
        struct tui_analysis_arg arg = {&unit->territory,
                                       analysis->indicator.id};

        tui_app_push(app, &tui_screen_analysis, &arg);
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Move the cursor to a unit and keep it in view. */
static void
pane_move_cursor(struct pane *pane, int unit)
{
    size_t i;

    pane->cursor = unit;
    if (pane->units[unit].map_index != MAP_NONE && pane->fitted_cols > 0) {
        map_show_unit(pane->map, pane->units[unit].map_index,
                      pane->fitted_cols, pane->fitted_rows);
    }
    for (i = 0; i < pane->unit_count; i++) {
        if (pane->order[i] == (size_t)unit) {
            pane->table.selected = i;
            break;
        }
    }
}

static int
analysis_map_key(struct tui_app *app, struct analysis *analysis,
                 struct pane *pane, const struct tui_key *key)
{
    enum map_direction dir;
    int have_dir = 1;

    if (key->function) {
        switch (key->code) {
        case KEY_LEFT:
            dir = MAP_LEFT;
            break;
        case KEY_RIGHT:
            dir = MAP_RIGHT;
            break;
        case KEY_UP:
            dir = MAP_UP;
            break;
        case KEY_DOWN:
            dir = MAP_DOWN;
            break;
        default:
            return 0;
        }
    } else {
        switch (key->code) {
        case 'h':
            dir = MAP_LEFT;
            break;
        case 'l':
            dir = MAP_RIGHT;
            break;
        case 'k':
            dir = MAP_UP;
            break;
        case 'j':
            dir = MAP_DOWN;
            break;
        default:
            have_dir = 0;
            dir = MAP_LEFT;
            break;
        }
    }
    if (!pane->outlines_ready || map_unit_count(pane->map) == 0) {
        return have_dir ? TUI_KEY_HANDLED : 0;
    }
    if (have_dir) {
        int from = pane->units[pane->cursor].map_index;
        int to;

        if (from == MAP_NONE) {
            from = map_central_unit(pane->map);
        }
        to = map_neighbour(pane->map, from, dir);
        pane_move_cursor(pane, pane->map_units[to]);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    switch (key->code) {
    case '+':
    case '=':
        map_zoom(pane->map, 2);
        break;
    case '-':
        map_zoom(pane->map, 0.5);
        break;
    case '0':
        pane->fitted_cols = 0;
        map_fit(pane->map, 1, 1);
        break;
    case 'H':
        map_pan(pane->map, -0.25, 0);
        break;
    case 'L':
        map_pan(pane->map, 0.25, 0);
        break;
    case 'K':
        map_pan(pane->map, 0, -0.25);
        break;
    case 'J':
        map_pan(pane->map, 0, 0.25);
        break;
    case 'c':
        analysis->method = (enum classify_method)((analysis->method + 1) % 3);
        analysis->classified = 0;
        if (analysis->change) {
            tui_app_set_message(app, 0,
                                _("A change map keeps equal classes around "
                                  "zero."));
        }
        break;
    case '<':
    case '>':
        analysis->classes += key->code == '<' ? -1 : 1;
        if (analysis->classes < CLASSIFY_MIN) {
            analysis->classes = CLASSIFY_MIN;
        }
        if (analysis->classes > CLASSIFY_MAX) {
            analysis->classes = CLASSIFY_MAX;
        }
        analysis->classified = 0;
        break;
    case 'p':
        if (!analysis_additive(analysis) || analysis->change) {
            tui_app_set_message(app, 0,
                                _("Proportional symbols show amounts that "
                                  "add up; this indicator is a ratio."));
            analysis->symbols = 0;
        } else {
            analysis->symbols = !analysis->symbols;
        }
        break;
    case 'P':
        analysis->layer++;
        if (analysis->layer >= (int)POINT_LAYER_COUNT) {
            analysis->layer = -1;
        }
        free(analysis->points);
        analysis->points = NULL;
        analysis->point_count = 0;
        break;
    case 'n':
        analysis->labels = !analysis->labels;
        break;
    default:
        return 0;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
analysis_table_key(struct tui_app *app, struct analysis *analysis,
                   struct pane *pane, const struct tui_key *key)
{
    int visible = app->body.height > 8 ? app->body.height - 8 : 1;
    int flags;
    int p;

    if (!key->function && (key->code == 's' || key->code == 'r')) {
        if (key->code == 's') {
            analysis->sort = (enum sort_key)((analysis->sort + 1) % SORT_COUNT);
        } else {
            analysis->sort_reverse = !analysis->sort_reverse;
        }
        for (p = 0; p < analysis->pane_count; p++) {
            if (analysis->panes[p].units_ready) {
                pane_rank(analysis, &analysis->panes[p]);
                pane_move_cursor(&analysis->panes[p],
                                 analysis->panes[p].cursor);
            }
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!pane->units_ready || pane->unit_count == 0) {
        return 0;
    }
    flags = tui_list_key(&pane->table, key, visible, 1);
    if (flags != 0) {
        pane->cursor = (int)pane->order[pane->table.selected];
    }
    return flags;
}

static int
key_is_enter(const struct tui_key *key)
{
    return (key->function && key->code == KEY_ENTER) ||
           (!key->function && (key->code == '\r' || key->code == '\n'));
}

static int
analysis_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct analysis *analysis = state;
    struct pane *pane = &analysis->panes[analysis->active];
    int flags;

    if (analysis->show_command) {
        analysis->show_command = 0;
        if (!key->function && (key->code == 'e' || key->code == TUI_ESCAPE)) {
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        app->dirty = 1;
    }
    if (analysis->view == VIEW_MAP) {
        flags = analysis_map_key(app, analysis, pane, key);
        if (flags != 0) {
            return flags;
        }
    } else if (analysis->view == VIEW_TABLE) {
        flags = analysis_table_key(app, analysis, pane, key);
        if (flags != 0) {
            return flags;
        }
    }
    if (key_is_enter(key) && analysis->view != VIEW_CHART) {
        return analysis_open_unit(app, analysis, pane);
    }
    if (key->function) {
        return 0;
    }
    switch (key->code) {
    case '\t':
    case 'v':
        analysis->view = (enum analysis_view)((analysis->view + 1) % VIEW_COUNT);
        if (analysis->view == VIEW_TABLE) {
            int p;

            for (p = 0; p < analysis->pane_count; p++) {
                if (analysis->panes[p].units_ready) {
                    pane_move_cursor(&analysis->panes[p],
                                     analysis->panes[p].cursor);
                    analysis->panes[p].table.top = 0;
                }
            }
        }
        break;
    case 'i':
        analysis->indicator_choice.selected = analysis->indicator.id;
        analysis->indicator_choice.chosen = analysis_indicator_chosen;
        analysis->indicator_choice.owner = analysis;
        tui_app_push(app, &tui_screen_indicators,
                     &analysis->indicator_choice);
        break;
    case '[':
    case ']':
        return analysis_year_key(app, analysis, key->code == '[' ? -1 : 1);
    case 'g':
        if (analysis->indicator.category_count == 0) {
            tui_app_set_message(app, 0,
                                _("This indicator has no categories."));
            break;
        }
        analysis->category++;
        if (analysis->category >= (int)analysis->indicator.category_count) {
            analysis->category = -1;
        }
        analysis_reload(analysis, 0);
        break;
    case 'm':
        analysis_next_mesh(analysis);
        analysis_reload(analysis, 1);
        break;
    case 'd':
        if (analysis->indicator.year_count < 2 || analysis->year == 0) {
            tui_app_set_message(app, 0,
                                _("A change needs a later year than the "
                                  "first: choose one with ]."));
            break;
        }
        analysis->change = !analysis->change;
        analysis->symbols = 0;
        analysis_reload(analysis, 0);
        break;
    case 't':
        do {
            analysis->chart =
                (enum chart_kind)((analysis->chart + 1) % CHART_COUNT);
        } while (!chart_available(analysis, analysis->chart));
        analysis->view = VIEW_CHART;
        break;
    case 'C':
        if (analysis->pane_count == 2) {
            pane_clear(&analysis->panes[1]);
            analysis->pane_count = 1;
            analysis->active = 0;
            analysis->classified = 0;
        } else {
            analysis->compare_choice.chosen = analysis_compare_chosen;
            analysis->compare_choice.owner = analysis;
            tui_app_push(app, &tui_screen_picker, &analysis->compare_choice);
        }
        break;
    case 'o':
        if (analysis->pane_count == 2) {
            analysis->active = 1 - analysis->active;
        }
        break;
    case 'e':
        analysis->show_command = 1;
        break;
    default:
        return 0;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Read the features of the point layer. */
static int
point_collect(const struct store_point *point, void *arg)
{
    struct analysis *analysis = arg;
    struct point_hit *hit;

    analysis->points = xrealloc(analysis->points,
                                (analysis->point_count + 1) *
                                    sizeof(*analysis->points));
    hit = &analysis->points[analysis->point_count++];
    hit->lon = point->lon;
    hit->lat = point->lat;
    hit->value = point->value;
    return 0;
}

static int
analysis_load_points(struct tui_app *app, struct analysis *analysis)
{
    static const double everywhere[4] = {-180, -90, 180, 90};
    const char *layer = point_layers[analysis->layer].indicator_id;
    int rc;

    analysis->points = xcalloc(1, sizeof(*analysis->points));
    analysis->point_count = 0;
    rc = store_point_latest_year(app->store, layer, &analysis->points_year);
    if (rc == 0) {
        rc = store_points(app->store, layer, analysis->points_year,
                          everywhere, point_collect, analysis);
    } else if (rc == 1) {
        rc = 0;
    }
    return rc;
}

/* Fail once: tell the user and stop the idle work of this screen. */
static int
analysis_fail(struct tui_app *app, struct analysis *analysis)
{
    analysis->failed = 1;
    tui_app_set_message(app, 1, _("Could not read the values: %s"),
                        store_error(app->store));
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
analysis_idle(struct tui_app *app, void *state)
{
    struct analysis *analysis = state;
    int p;

    if (analysis->failed) {
        return 0;
    }
    for (p = 0; p < analysis->pane_count; p++) {
        if (!analysis->panes[p].units_ready) {
            if (pane_load_values(app, analysis, &analysis->panes[p]) != 0) {
                return analysis_fail(app, analysis);
            }
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
    }
    if (!analysis->classified) {
        for (p = 0; p < analysis->pane_count; p++) {
            pane_rank(analysis, &analysis->panes[p]);
        }
        analysis_classify(analysis);
        analysis->classified = 1;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (analysis->view == VIEW_MAP) {
        for (p = 0; p < analysis->pane_count; p++) {
            if (!analysis->panes[p].outlines_ready) {
                if (pane_load_outlines(app, &analysis->panes[p]) < 0) {
                    return analysis_fail(app, analysis);
                }
                return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
            }
        }
        if (analysis->layer >= 0 && analysis->points == NULL) {
            if (analysis_load_points(app, analysis) != 0) {
                return analysis_fail(app, analysis);
            }
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
    }
    for (p = 0; p < analysis->pane_count; p++) {
        struct pane *pane = &analysis->panes[p];

        if (pane->series_next < pane->series_count) {
            if (pane_load_series(app, analysis, pane) < 0) {
                return analysis_fail(app, analysis);
            }
            /* The map does not show these values: keep it as it is. */
            return analysis->view == VIEW_MAP
                       ? TUI_KEY_HANDLED
                       : TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
    }
    return 0;
}

static void
analysis_free(void *state)
{
    struct analysis *analysis = state;
    int p;

    for (p = 0; p < 2; p++) {
        pane_clear(&analysis->panes[p]);
    }
    indicator_clear(&analysis->indicator);
    free(analysis->points);
    free(analysis);
}

static void *
analysis_create(struct tui_app *app, const void *arg)
{
    const struct tui_analysis_arg *request = arg;
    struct analysis *analysis;
    int rc;

    analysis = xcalloc(1, sizeof(*analysis));
    rc = store_indicator_get(app->store, request->indicator_id,
                             &analysis->indicator);
    if (rc != 0) {
        if (rc > 0) {
            tui_app_set_message(app, 1, _("No indicator %s in the store."),
                                request->indicator_id);
        } else {
            tui_app_set_message(app, 1, _("Could not read the indicator: %s"),
                                store_error(app->store));
        }
        free(analysis);
        return NULL;
    }
    analysis->year = analysis->indicator.year_count > 0
                         ? analysis->indicator.year_count - 1
                         : 0;
    analysis->category = -1;
    analysis->mesh = default_mesh(request->territory, &analysis->indicator);
    analysis->view = VIEW_MAP;
    analysis->chart = chart_default(analysis);
    analysis->method = CLASSIFY_QUANTILE;
    analysis->classes = 5;
    analysis->labels = 1;
    analysis->layer = -1;
    analysis->pane_count = 1;
    pane_open(analysis, &analysis->panes[0], request->territory);
    return analysis;
}

static const char *
analysis_title(struct tui_app *app, void *state)
{
    struct analysis *analysis = state;

    (void)app;
    return analysis->panes[analysis->active].territory.name;
}

const struct tui_screen_ops tui_screen_analysis = {
    .name = "analysis",
    .create = analysis_create,
    .title = analysis_title,
    .draw = analysis_draw,
    .key = analysis_key,
    .idle = analysis_idle,
    .help = analysis_help,
    .free = analysis_free,
};
