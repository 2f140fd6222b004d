/*
 * terrish: one indicator for one territory, read as a map of its units, a
 * chart or a table, alone or beside a second territory.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The screen keeps the settings (indicator, year, category, mesh, view)
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
#include "tui/analysis.h"

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
    {N_("Shift-arrows, 4 8 6 2"), N_("pan the map")},
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

/* Return the name of a category in the language of the screen. */
const char *
analysis_category_name(const struct indicator *indicator, size_t i, int french)
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

int
analysis_year(const struct analysis *analysis)
{
    if (analysis->indicator.year_count == 0) {
        return 0;
    }
    return analysis->indicator.years[analysis->year];
}

/* Returns 1 when values of the indicator add up: a count, a quantity. */
int
analysis_additive(const struct analysis *analysis)
{
    return analysis->indicator.rule == AGGREGATION_SUM;
}

/* Returns 1 when the result contains a number to draw. */
int
analysis_has_value(const struct indicator_result *result)
{
    return result->flag == RESULT_PRESENT || result->flag == RESULT_PARTIAL;
}

/* Return the finest level whose units are still meaningful for the indicator:
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

/* Return the mesh a territory opens with: départements for a région, communes
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

void
analysis_count_units(char *buf, size_t size, size_t count,
                     enum territory_level level, int french)
{
    static const char *const singular[] = {
        [LEVEL_REGION] = N_("région"),
        [LEVEL_DEPARTEMENT] = N_("département"),
        [LEVEL_EPCI] = N_("EPCI"),
        [LEVEL_COMMUNE] = N_("commune"),
    };
    char number[32];

    text_format_int(number, sizeof(number), (int64_t)count, french);
    snprintf(buf, size, "%s %s", number,
             count == 1 ? _(singular[level]) : analysis_mesh_label(level));
}

/* Return the plural label of a mesh level. */
const char *
analysis_mesh_label(enum territory_level level)
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

const char *
analysis_method_label(enum classify_method method)
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
void
analysis_format_number(char *buf, size_t size, double value, int french)
{
    tui_format_number(buf, size, value, french);
}

/* Format a unit's value as drawn: "1 234 t CO2e", "+12 hab.", "secret". */
void
analysis_format_unit(const struct analysis *analysis, const struct unit *unit,
                     char *buf, size_t size, int french)
{
    char number[64];

    if (!analysis->change || !unit->has_value) {
        tui_format_indicator_value(buf, size, &unit->result, french);
        return;
    }
    analysis_format_number(number, sizeof(number), unit->value, french);
    snprintf(buf, size, "%s%s %s", unit->value > 0 ? "+" : "", number,
             tui_result_unit(&unit->result, french));
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
    free(pane->point_units);
    pane->point_units = NULL;
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
        unit->key = text_sort_key(row->unit->name);
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

        unit->has_value = analysis_has_value(&unit->result);
        unit->value = unit->result.value;
        if (analysis->change) {
            unit->has_value =
                unit->has_value && analysis_has_value(&unit->base);
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
 * of them so that the middle one contains no change. */
static void
analysis_classify(struct analysis *analysis)
{
    double *values = NULL;
    size_t count = 0;
    int p;
    size_t i;

    for (p = 0; p < analysis->pane_count; p++) {
        const struct pane *pane = &analysis->panes[p];

        values =
            xrealloc(values, (count + pane->unit_count + 1) * sizeof(*values));
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

    rc = store_indicator_mesh(
        app->store, analysis->indicator.id, pane->territory.id, analysis->mesh,
        analysis_year(analysis), analysis_category_id(analysis), unit_walk_row,
        &walk);
    if (rc == 0 && analysis->change) {
        walk.base = 1;
        walk.next = 0;
        walk.update = 1;
        rc = store_indicator_mesh(
            app->store, analysis->indicator.id, pane->territory.id,
            analysis->mesh, analysis->indicator.years[0],
            analysis_category_id(analysis), unit_walk_row, &walk);
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
    if (store_indicator_value(
            app->store, analysis->indicator.id, pane->territory.id,
            analysis->indicator.years[year],
            category == 0 ? NULL : analysis->indicator.categories[category - 1],
            result) < 0) {
        return -1;
    }
    pane->series_next++;
    return pane->series_next < pane->series_count;
}

/* Return the territory's value for year index year and category c (-1 for the
 * total), or NULL while it is not computed. */
const struct indicator_result *
analysis_pane_series(const struct analysis *analysis, const struct pane *pane,
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

/* Draw one pane: its heading and its view. */
static void
pane_draw(struct tui_app *app, struct analysis *analysis, struct pane *pane,
          const struct tui_rect *area, int active)
{
    struct tui_rect heading = {area->y, area->x, 1, area->width};
    struct tui_rect view = {area->y + 1, area->x, area->height - 1,
                            area->width};

    analysis_pane_heading(app, analysis, pane, &heading, active);
    if (view.height <= 0) {
        return;
    }
    if (!pane->units_ready) {
        analysis_message(&view, TUI_COLOUR_DIM, _("Computing the values…"));
        return;
    }
    switch (analysis->view) {
    case VIEW_MAP:
        analysis_pane_map(app, analysis, pane, &view);
        break;
    case VIEW_CHART:
        analysis_pane_chart(app, analysis, pane, &view);
        break;
    case VIEW_TABLE:
    case VIEW_COUNT:
        analysis_pane_table(app, analysis, pane, &view);
        break;
    }
}

/* Build the command that prints the current view as CSV. The caller
 * frees it. */
static char *
analysis_command(struct tui_app *app, const struct analysis *analysis)
{
    const struct pane *pane = &analysis->panes[analysis->active];
    const struct indicator *indicator = &analysis->indicator;
    int whole_years =
        analysis->view == VIEW_CHART &&
        (analysis->chart == CHART_SERIES || analysis->chart == CHART_SHARES);
    int by_unit =
        analysis->view != VIEW_CHART || analysis->chart == CHART_UNITS;
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

/* Draw the settings line at the top of the body. */
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
                     ? analysis_category_name(&analysis->indicator,
                                              (size_t)analysis->category,
                                              app->french)
                     : _("total"),
                 analysis_mesh_label(analysis->mesh));
    } else {
        snprintf(text, sizeof(text), " %s · %d · %s · %s",
                 tui_indicator_name(&analysis->indicator, app->french),
                 analysis_year(analysis),
                 analysis->category >= 0
                     ? analysis_category_name(&analysis->indicator,
                                              (size_t)analysis->category,
                                              app->french)
                     : _("total"),
                 analysis_mesh_label(analysis->mesh));
    }
    if (x < line->x + line->width) {
        tui_draw_text(line->y, x, line->x + line->width - x, TUI_COLOUR_HEADING,
                      text);
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
        tui_draw_text(body->y + body->height - 1, body->x + 1, body->width - 2,
                      TUI_COLOUR_DIM, text);
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
        struct analysis_writer w = {&box, 0};
        int y;

        for (y = box.y; y < box.y + box.height; y++) {
            tui_draw_fill(y, box.x, box.width, TUI_COLOUR_INPUT);
        }
        box.x++;
        box.width -= 2;
        analysis_writer_text(&w, TUI_COLOUR_INPUT,
                             _("This command prints the current view as CSV:"));
        analysis_writer_wrapped(&w, TUI_COLOUR_INPUT, command, 4);
    }
    free(command);
    tui_app_set_current(app, &analysis->panes[analysis->active].territory);
}

/* Switch to the indicator chosen in the indicator browser. */
static void
analysis_indicator_chosen(struct tui_app *app, void *owner, const char *id)
{
    struct analysis *analysis = owner;
    struct indicator indicator;
    int p;

    if (store_indicator_get(app->store, id, &indicator) != 0) {
        tui_app_set_message(app, 1, _("Could not read the indicator: %s"),
                            tui_store_error(app));
        return;
    }
    if (strcmp(indicator.native_level, "point") == 0) {
        tui_app_set_message(app, 0,
                            _("%s is a point layer: press P on the map to "
                              "show it."),
                            tui_indicator_name(&indicator, app->french));
        indicator_clear(&indicator);
        return;
    }
    indicator_clear(&analysis->indicator);
    analysis->indicator = indicator;
    analysis->year = indicator.year_count > 0 ? indicator.year_count - 1 : 0;
    analysis->category = -1;
    analysis->change = 0;
    if (!analysis_chart_available(analysis, analysis->chart)) {
        analysis->chart = analysis_chart_default(analysis);
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

/* Open the territory chosen in the picker beside the first one. */
static void
analysis_compare_chosen(struct tui_app *app, void *owner,
                        const struct territory *territory)
{
    struct analysis *analysis = owner;

    if (territory->id == analysis->panes[0].territory.id) {
        tui_app_set_message(app, 0,
                            _("Choose another territory than %s to "
                              "compare with."),
                            territory->name);
        return;
    }
    pane_open(analysis, &analysis->panes[1], territory);
    analysis->pane_count = 2;
    analysis->active = 1;
    /* A mesh coarser than a territory would show its parent, whole. */
    if (analysis->mesh < territory->level) {
        analysis->mesh = territory->level;
        analysis_reload(analysis, 1);
    } else {
        analysis_reload(analysis, 0);
    }
}

static int
analysis_year_key(struct tui_app *app, struct analysis *analysis, int step)
{
    size_t count = analysis->indicator.year_count;

    if (count < 2) {
        tui_app_set_message(app, 0, _("This indicator has one year only."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if ((step < 0 && analysis->year == 0) ||
        (step > 0 && analysis->year + 1 >= count)) {
        tui_app_set_message(app, 0,
                            step < 0 ? _("%d is the first year.")
                                     : _("%d is the last year."),
                            analysis_year(analysis));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    analysis->year = step < 0 ? analysis->year - 1 : analysis->year + 1;
    if (analysis->change && analysis->year == 0) {
        analysis->change = 0;
    }
    analysis_reload(analysis, 0);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Move to the next mesh, from the coarsest below the territory to
 * communes. */
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
        map_show_unit(pane->map, pane->units[unit].map_index, pane->fitted_cols,
                      pane->fitted_rows);
    }
    for (i = 0; i < pane->unit_count; i++) {
        if (pane->order[i] == (size_t)unit) {
            pane->table.selected = i;
            break;
        }
    }
}

/* Forget the features of the point layer, to read them again. */
static void
analysis_drop_points(struct analysis *analysis)
{
    int p;

    free(analysis->points);
    analysis->points = NULL;
    analysis->point_count = 0;
    indicator_clear(&analysis->layer_indicator);
    for (p = 0; p < analysis->pane_count; p++) {
        free(analysis->panes[p].point_units);
        analysis->panes[p].point_units = NULL;
        analysis->panes[p].points_shown = 0;
    }
}

static int
analysis_map_key(struct tui_app *app, struct analysis *analysis,
                 struct pane *pane, const struct tui_key *key)
{
    enum map_direction dir;
    int have_dir = 1;
    double pan_x = 0;
    double pan_y = 0;

    /* Shifted arrows, and 4 8 6 2 as on a numeric keypad, pan. */
    if (key->function) {
        pan_x = key->code == KEY_SLEFT    ? -0.25
                : key->code == KEY_SRIGHT ? 0.25
                                          : 0;
        pan_y = key->code == KEY_SR ? -0.25 : key->code == KEY_SF ? 0.25 : 0;
    } else {
        pan_x = key->code == '4' ? -0.25 : key->code == '6' ? 0.25 : 0;
        pan_y = key->code == '8' ? -0.25 : key->code == '2' ? 0.25 : 0;
    }
    if ((pan_x != 0 || pan_y != 0) && pane->outlines_ready) {
        map_pan(pane->map, pan_x, pan_y);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
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
        /* Zoom towards the unit under the cursor. */
        map_zoom(pane->map, 2);
        if (pane->units[pane->cursor].map_index != MAP_NONE) {
            map_show_unit(pane->map, pane->units[pane->cursor].map_index,
                          pane->fitted_cols, pane->fitted_rows);
        }
        break;
    case '-':
        map_zoom(pane->map, 0.5);
        break;
    case '0':
        pane->fitted_cols = 0;
        map_fit(pane->map, 1, 1);
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
        if (analysis->change) {
            tui_app_set_message(app, 0,
                                _("Proportional symbols show amounts, not "
                                  "changes: press d to leave the change."));
            analysis->symbols = 0;
        } else if (!analysis_additive(analysis)) {
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
        if (analysis->layer >= (int)ANALYSIS_POINT_LAYERS) {
            analysis->layer = -1;
        }
        analysis_drop_points(analysis);
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

    /* Any key closes the command box, and does only that. */
    if (analysis->show_command) {
        analysis->show_command = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
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
        analysis->view =
            (enum analysis_view)((analysis->view + 1) % VIEW_COUNT);
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
        tui_app_push(app, &tui_screen_indicators, &analysis->indicator_choice);
        break;
    case '[':
    case ']':
        return analysis_year_key(app, analysis, key->code == '[' ? -1 : 1);
    case 'g':
        if (analysis->indicator.category_count == 0) {
            tui_app_set_message(app, 0, _("This indicator has no categories."));
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
        if (analysis->indicator.year_count < 2) {
            tui_app_set_message(app, 0,
                                _("This indicator has one year only: there "
                                  "is no change to show."));
            break;
        }
        if (analysis->year == 0) {
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
        } while (!analysis_chart_available(analysis, analysis->chart));
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
        } else {
            tui_app_set_message(app, 0,
                                _("There is no comparison: press C to "
                                  "choose a second territory."));
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

    analysis->points =
        xrealloc(analysis->points,
                 (analysis->point_count + 1) * sizeof(*analysis->points));
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
    const char *layer = analysis_point_layers[analysis->layer].indicator_id;
    int rc;

    analysis->points = xcalloc(1, sizeof(*analysis->points));
    analysis->point_count = 0;
    /* The legend names the layer and its unit at every drawing: read them
     * once, with the points. */
    if (store_indicator_get(app->store, layer, &analysis->layer_indicator) <
        0) {
        return -1;
    }
    rc = store_point_latest_year(app->store, layer, &analysis->points_year);
    if (rc == 0) {
        rc = store_points(app->store, layer, analysis->points_year,
                          analysis_point_layers[analysis->layer].category,
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
                        tui_store_error(app));
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
    /* pane_load_values ranked the values: only the classes are left. */
    if (!analysis->classified) {
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
    indicator_clear(&analysis->layer_indicator);
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
                                tui_store_error(app));
        }
        free(analysis);
        return NULL;
    }
    if (strcmp(analysis->indicator.native_level, "point") == 0) {
        tui_app_set_message(
            app, 0,
            _("%s is a point layer: open a map of another "
              "indicator and press P to show it."),
            tui_indicator_name(&analysis->indicator, app->french));
        indicator_clear(&analysis->indicator);
        free(analysis);
        return NULL;
    }
    analysis->year = analysis->indicator.year_count > 0
                         ? analysis->indicator.year_count - 1
                         : 0;
    analysis->category = -1;
    analysis->mesh = default_mesh(request->territory, &analysis->indicator);
    analysis->view = VIEW_MAP;
    analysis->chart = analysis_chart_default(analysis);
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
