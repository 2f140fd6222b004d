/*
 * terrish: the chart and table views of the analysis screen: bars by
 * category, shares by year, the value over the years in braille dots,
 * bars by unit, and the ranked table of the units.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
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

/* Returns 1 when the chart kind can be drawn for the indicator. */
int
analysis_chart_available(const struct analysis *analysis, enum chart_kind kind)
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
enum chart_kind
analysis_chart_default(const struct analysis *analysis)
{
    if (analysis_chart_available(analysis, CHART_CATEGORIES)) {
        return CHART_CATEGORIES;
    }
    if (analysis_chart_available(analysis, CHART_SERIES)) {
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

/* One labelled horizontal bar: label, bar, value. */
static void
chart_bar_line(struct tui_app *app, int y, const struct tui_rect *area,
               int label_width, const char *label,
               const struct indicator_result *result, double max, int series)
{
    tui_chart_bar_row(y, area->x, area->width, label_width, label, result, max,
                      series, TUI_COLOUR_NORMAL, app->french);
}

/* Returns 1 when a category of the year has a partial value. */
static int
analysis_series_partial(const struct analysis *analysis,
                        const struct pane *pane)
{
    size_t c;

    for (c = 0; c < analysis->indicator.category_count; c++) {
        const struct indicator_result *r =
            analysis_pane_series(analysis, pane, analysis->year, (int)c);

        if (r != NULL && r->flag == RESULT_PARTIAL) {
            return 1;
        }
    }
    return 0;
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
            analysis_pane_series(analysis, pane, analysis->year, (int)c);

        if (r != NULL && analysis_has_value(r) && r->value > max) {
            max = r->value;
        }
    }
    for (c = 0; c < indicator->category_count && y < area->y + area->height;
         c++, y++) {
        chart_bar_line(
            app, y, area, label_width,
            analysis_category_name(indicator, c, app->french),
            analysis_pane_series(analysis, pane, analysis->year, (int)c), max,
            (int)c);
    }
    if (y < area->y + area->height) {
        const struct indicator_result *total =
            analysis_pane_series(analysis, pane, analysis->year, -1);
        char value[96];
        char text[160];

        if (total != NULL) {
            tui_format_indicator_value(value, sizeof(value), total,
                                       app->french);
            snprintf(text, sizeof(text), _("Total: %s"), value);
            tui_draw_text(y + 1 < area->y + area->height ? y + 1 : y, area->x,
                          area->width, TUI_COLOUR_HEADING, text);
        }
        if (y + 2 < area->y + area->height &&
            analysis_series_partial(analysis, pane)) {
            tui_draw_text(y + 2, area->x, area->width, TUI_COLOUR_DIM,
                          _("* partial: some of its parts are secret or "
                            "missing in the source"));
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
                analysis_pane_series(analysis, pane, year, (int)c);

            if (r == NULL) {
                complete = 0;
                break;
            }
            values[c] = analysis_has_value(r) && r->value > 0 ? r->value : 0;
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
            analysis_pane_series(analysis, pane, analysis->year, (int)c);
        const struct indicator_result *total =
            analysis_pane_series(analysis, pane, analysis->year, -1);
        char text[160];

        tui_draw_series(y, x, 2, (int)c, 0x2588);
        if (r != NULL && total != NULL && analysis_has_value(r) &&
            analysis_has_value(total) && total->value > 0) {
            char share[32];

            text_format_decimal(share, sizeof(share),
                                100.0 * r->value / total->value, 1,
                                app->french);
            snprintf(text, sizeof(text), "%s %s %%",
                     analysis_category_name(indicator, c, app->french), share);
        } else {
            snprintf(text, sizeof(text), "%s",
                     analysis_category_name(indicator, c, app->french));
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
    const struct indicator_result **values;
    size_t i;
    int rc;

    if (area->height < 5 || indicator->year_count == 0) {
        return;
    }
    values = xcalloc(indicator->year_count, sizeof(*values));
    for (i = 0; i < indicator->year_count; i++) {
        values[i] =
            analysis_pane_series(analysis, pane, i, analysis->category);
    }
    rc = tui_chart_years(area, indicator->years, values,
                         indicator->year_count,
                         analysis->category < 0 ? 0 : analysis->category,
                         app->french);
    if (rc == 1) {
        analysis_message(area, TUI_COLOUR_DIM, _("No value for these years."));
    }
    free(values);
}

/* Bars of the units, largest first. */
static void
draw_units(struct tui_app *app, struct analysis *analysis,
           const struct pane *pane, const struct tui_rect *area)
{
    int label_width = area->width / 3 < 28 ? area->width / 3 : 28;
    double max =
        pane->unit_count > 0 && pane->units[pane->by_value[0]].has_value
            ? pane->units[pane->by_value[0]].value
            : 0;
    size_t lines = (size_t)(area->height > 0 ? area->height : 0);
    size_t i;

    /* When the units do not all fit, the last line says how many more
     * the table lists. */
    if (pane->unit_count > lines && lines > 0) {
        lines--;
    }
    for (i = 0; i < pane->unit_count && i < lines; i++) {
        const struct unit *unit = &pane->units[pane->by_value[i]];
        struct indicator_result shown = unit->result;

        shown.value = unit->value;
        if (analysis->change && !unit->has_value) {
            shown.flag = RESULT_NOT_AVAILABLE;
        }
        chart_bar_line(app, area->y + (int)i, area, label_width,
                       unit->territory.name, &shown, max, 0);
    }
    if (i < pane->unit_count && area->height > 0) {
        char more[64];
        char text[160];

        analysis_count_units(more, sizeof(more), pane->unit_count - i,
                             analysis->mesh, app->french);
        snprintf(text, sizeof(text), _("… and %s more: see the table (Tab)"),
                 more);
        tui_draw_text(area->y + (int)i, area->x, area->width, TUI_COLOUR_DIM,
                      text);
    }
}

/* The chart view of a pane. */
void
analysis_pane_chart(struct tui_app *app, struct analysis *analysis,
                    struct pane *pane, const struct tui_rect *area)
{
    struct tui_rect inner = *area;
    char text[256];

    snprintf(text, sizeof(text), "%s — %s (%s)", chart_label(analysis->chart),
             tui_indicator_name(&analysis->indicator, app->french),
             tui_indicator_unit(&analysis->indicator, app->french));
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

/* Context of the table's draw callback. */
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

/* The share column is shown for amounts that add up, on wide lines. */
static void
table_columns(const struct analysis *analysis, const struct tui_rect *line,
              int *name, int *share)
{
    *share =
        line->width >= 60 && analysis_additive(analysis) && !analysis->change
            ? TABLE_SHARE
            : 0;
    *name = line->width - TABLE_RANK - TABLE_CODE - TABLE_VALUE - *share - 1;
}

static void
table_draw_row(struct tui_app *app, void *arg, size_t index,
               const struct tui_rect *line, int selected)
{
    struct table_draw *table = arg;
    const struct unit *unit = &table->pane->units[table->pane->order[index]];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    int name_width;
    int share_width;
    int x = line->x;
    char text[128];

    table_columns(table->analysis, line, &name_width, &share_width);
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
    analysis_format_unit(table->analysis, unit, text, sizeof(text),
                         app->french);
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
void
analysis_pane_table(struct tui_app *app, struct analysis *analysis,
                    struct pane *pane, const struct tui_rect *area)
{
    struct table_draw draw = {app, analysis, pane, 0};
    struct tui_rect header = {area->y, area->x, 1, area->width};
    struct tui_rect rows = {area->y + 1, area->x, area->height - 3,
                            area->width};
    const struct indicator_result *total;
    int name_width;
    int share_width;
    char text[256];
    char units[64];
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
    table_columns(analysis, &header, &name_width, &share_width);
    tui_draw_text_right(header.y, header.x, TABLE_RANK - 1, TUI_COLOUR_HEADING,
                        _("Rank"));
    tui_draw_text(header.y, header.x + TABLE_RANK, name_width - 1,
                  TUI_COLOUR_HEADING, _("Name"));
    tui_draw_text(header.y, header.x + TABLE_RANK + name_width, TABLE_CODE - 1,
                  TUI_COLOUR_HEADING, _("Code"));
    snprintf(text, sizeof(text), "%s (%s)",
             analysis->change ? _("Change") : _("Value"),
             tui_indicator_unit(&analysis->indicator, app->french));
    tui_draw_text_right(header.y,
                        header.x + TABLE_RANK + name_width + TABLE_CODE,
                        TABLE_VALUE - 1, TUI_COLOUR_HEADING, text);
    if (share_width > 0) {
        tui_draw_text_right(header.y, area->x + area->width - share_width,
                            share_width, TUI_COLOUR_HEADING, _("% rows"));
    }
    tui_list_draw(app, &pane->table, &rows, table_draw_row, &draw);

    total = analysis_pane_series(analysis, pane, analysis->year,
                                 analysis->category);
    if (total != NULL) {
        tui_format_indicator_value(value, sizeof(value), total, app->french);
    } else {
        snprintf(value, sizeof(value), "…");
    }
    analysis_count_units(units, sizeof(units), pane->unit_count, analysis->mesh,
                         app->french);
    snprintf(text, sizeof(text),
             _("%s as a whole: %s (%d) — %s, sorted by %s%s"),
             pane->territory.name, value, analysis_year(analysis), units,
             sort_label(analysis->sort),
             analysis->sort_reverse ? _(", reversed") : "");
    tui_draw_text(area->y + area->height - 1, area->x, area->width,
                  TUI_COLOUR_DIM, text);
}
