/*
 * terrish: the drawing of each dashboard widget. The kinds are a key
 * figure with its trend and its parent territory, bars by category, a
 * value over the years, a mini-map, a ranking against similar
 * territories, a modal split, the main home-to-work flows, and a gauge
 * against a target.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every number drawn is one that dashboard-data.c read from the store, or
 * a ratio of two of them (a change, a share, a gap), computed here and
 * labelled as such.
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
#include "tui/dashboard.h"

#define GLYPH_FULL 0x2588u   /* █ */
#define GLYPH_TARGET 0x2503u /* ┃ */

const char *
dash_kind_label(enum widget_kind kind)
{
    switch (kind) {
    case WIDGET_KPI:
        return _("key figure with trend");
    case WIDGET_BARS:
        return _("bars by category");
    case WIDGET_SERIES:
        return _("over the years");
    case WIDGET_MINIMAP:
        return _("mini-map");
    case WIDGET_RANKING:
        return _("ranking among similar territories");
    case WIDGET_MODAL_SPLIT:
        return _("modal split");
    case WIDGET_FLOWS:
        return _("home-to-work flows");
    case WIDGET_GAUGE:
        return _("gauge against a target");
    case WIDGET_KIND_COUNT:
        break;
    }
    return "?";
}

/* Returns 1 when the representation can show the indicator: flows only
 * for an indicator of origin-destination flows, which has no values of its
 * own, and values for every other. */
int
dash_kind_suits(struct store *store, enum widget_kind kind,
                const struct indicator *indicator)
{
    int flows = store_flows_exist(store, indicator->id) == 1;

    if (strcmp(indicator->native_level, "point") == 0) {
        return 0;
    }
    switch (kind) {
    case WIDGET_MODAL_SPLIT:
    case WIDGET_FLOWS:
        return flows;
    case WIDGET_BARS:
        return !flows && indicator->category_count >= 2;
    case WIDGET_SERIES:
        return !flows && indicator->year_count >= 2;
    case WIDGET_KPI:
    case WIDGET_MINIMAP:
    case WIDGET_RANKING:
    case WIDGET_GAUGE:
        return !flows;
    case WIDGET_KIND_COUNT:
        break;
    }
    return 0;
}

/* The size a new widget of a kind starts with, in grid units. */
void
dash_kind_size(enum widget_kind kind, int *width, int *height)
{
    switch (kind) {
    case WIDGET_KPI:
    case WIDGET_GAUGE:
        *width = 1;
        *height = 1;
        return;
    case WIDGET_MINIMAP:
        *width = 1;
        *height = 2;
        return;
    case WIDGET_MODAL_SPLIT:
        *width = 2;
        *height = 1;
        return;
    case WIDGET_BARS:
    case WIDGET_SERIES:
    case WIDGET_RANKING:
    case WIDGET_FLOWS:
    case WIDGET_KIND_COUNT:
        break;
    }
    *width = 2;
    *height = 2;
}

/* The widget's title, or the indicator's name (and category). */
const char *
dash_widget_title(const struct dash_widget *w, int french)
{
    static char buf[256];
    size_t i;

    if (w->widget.title != NULL && w->widget.title[0] != '\0') {
        return w->widget.title;
    }
    if (!w->has_indicator) {
        return w->widget.indicator_id;
    }
    for (i = 0; w->widget.category != NULL &&
                i < w->indicator.category_count;
         i++) {
        if (strcmp(w->indicator.categories[i], w->widget.category) == 0) {
            const char *name = french ? w->indicator.category_names_fr[i]
                                      : w->indicator.category_names_en[i];

            snprintf(buf, sizeof(buf), "%s — %s",
                     tui_indicator_name(&w->indicator, french),
                     name != NULL ? name : w->widget.category);
            return buf;
        }
    }
    return tui_indicator_name(&w->indicator, french);
}

/* "518 635 hab. (2023)", or the flag's word. */
static void
format_value_year(char *buf, size_t size, const struct indicator_result *r,
                  int french)
{
    char value[128];

    tui_format_indicator_value(value, sizeof(value), r, french);
    if (r->year > 0) {
        snprintf(buf, size, "%s (%d)", value, r->year);
    } else {
        snprintf(buf, size, "%s", value);
    }
}

/* A change in percent, with its sign: "+3,2 %". */
static void
format_percent(char *buf, size_t size, double percent, int french)
{
    char number[32];

    text_format_decimal(number, sizeof(number), percent, 1, french);
    snprintf(buf, size, "%s%.31s %%", percent > 0 ? "+" : "", number);
}

/* The trend line of a key figure: the change since the year before. */
static void
kpi_trend(struct analysis_writer *out, const struct dash_widget *w, int french)
{
    char percent[48];
    char text[256];
    const char *arrow;
    double change;

    if (!dash_has_value(&w->value) || w->previous.year == 0) {
        /* An indicator of one year has no trend, so no line is drawn. */
        if (w->indicator.year_count > 1) {
            analysis_writer_text(out, TUI_COLOUR_DIM, _("no earlier year to compare"));
        }
        return;
    }
    if (!dash_has_value(&w->previous) || w->previous.value == 0) {
        snprintf(text, sizeof(text), _("%d: no value to compare"),
                 w->previous.year);
        analysis_writer_text(out, TUI_COLOUR_DIM, text);
        return;
    }
    change = 100.0 * (w->value.value - w->previous.value) /
             fabs(w->previous.value);
    arrow = "→";
    if (change > 0.05) {
        arrow = "↗";
    } else if (change < -0.05) {
        arrow = "↘";
    }
    format_percent(percent, sizeof(percent), change, french);
    /* TRANSLATORS: a trend: the arrow, the change in percent, the year
       it is compared with. */
    snprintf(text, sizeof(text), _("%s %s since %d"), arrow, percent,
             w->previous.year);
    analysis_writer_text(out, TUI_COLOUR_NORMAL, text);
}

/* The comparison line of a key figure: the share of the parent for an
 * amount that adds up, else the parent's value and the gap to it. */
static void
kpi_parent(struct analysis_writer *out, const struct dash_widget *w, int french)
{
    char value[128];
    char percent[48];
    char text[384];

    if (w->parent.name == NULL) {
        return;
    }
    if (!dash_has_value(&w->value) || !dash_has_value(&w->parent_value)) {
        tui_format_indicator_value(value, sizeof(value), &w->parent_value,
                                   french);
        snprintf(text, sizeof(text), _("%s: %s"), w->parent.name, value);
        analysis_writer_text(out, TUI_COLOUR_DIM, text);
        return;
    }
    if (w->indicator.rule == AGGREGATION_SUM && w->parent_value.value > 0) {
        text_format_decimal(percent, sizeof(percent),
                            100.0 * w->value.value / w->parent_value.value, 1,
                            french);
        /* TRANSLATORS: the share of the territory in its parent's total:
           the percentage, then the parent's name. */
        snprintf(text, sizeof(text), _("%s %% of %s"), percent,
                 w->parent.name);
        analysis_writer_wrapped(out, TUI_COLOUR_NORMAL, text, 2);
        return;
    }
    tui_format_indicator_value(value, sizeof(value), &w->parent_value, french);
    if (w->parent_value.value != 0) {
        format_percent(percent, sizeof(percent),
                       100.0 * (w->value.value - w->parent_value.value) /
                           fabs(w->parent_value.value),
                       french);
        /* TRANSLATORS: the parent's name and value, then how far the
           territory's value is from it in percent. */
        snprintf(text, sizeof(text), _("%s: %s (gap %s)"), w->parent.name,
                 value, percent);
    } else {
        snprintf(text, sizeof(text), _("%s: %s"), w->parent.name, value);
    }
    analysis_writer_wrapped(out, TUI_COLOUR_NORMAL, text, 2);
}

/* Returns 1, after saying so, when the indicator has no value for the
 * territory because its source is coarser than the territory. */
static int
kpi_too_fine(struct analysis_writer *out, const struct dash_widget *w)
{
    enum territory_level native;
    char text[256];

    if (w->value.flag != RESULT_NOT_AVAILABLE ||
        indicator_level_parse(w->indicator.native_level, &native) != 0 ||
        native >= w->territory.level) {
        return 0;
    }
    snprintf(text, sizeof(text),
             _("The source gives it per %s only: open a larger territory."),
             tui_level_label(native));
    analysis_writer_wrapped(out, TUI_COLOUR_DIM, text, 3);
    return 1;
}

static void
draw_kpi(struct tui_app *app, const struct dash_widget *w,
         const struct tui_rect *area)
{
    struct analysis_writer out = {area, 0};
    char text[256];

    format_value_year(text, sizeof(text), &w->value, app->french);
    analysis_writer_text(&out, TUI_COLOUR_HEADING, text);
    if (kpi_too_fine(&out, w)) {
        return;
    }
    kpi_trend(&out, w, app->french);
    kpi_parent(&out, w, app->french);
    if (w->value.flag == RESULT_PARTIAL) {
        analysis_writer_text(&out, TUI_COLOUR_DIM,
                    _("partial: some parts have no value"));
    }
}

/* The gauge: the value's bar against the target, and the gap. */
static void
draw_gauge(struct tui_app *app, const struct dash_widget *w,
           const struct tui_rect *area)
{
    struct analysis_writer out = {area, 0};
    unsigned int cells[512];
    char target[64];
    char gap[64];
    char percent[48];
    char text[384];
    int width = area->width < 512 ? area->width : 512;
    double max;
    int y;
    int i;

    format_value_year(text, sizeof(text), &w->value, app->french);
    analysis_writer_text(&out, TUI_COLOUR_HEADING, text);
    if (!w->widget.has_target) {
        analysis_writer_wrapped(&out, TUI_COLOUR_DIM,
                       _("No target set: an editor sets one with g."), 2);
        return;
    }
    if (!dash_has_value(&w->value)) {
        return;
    }
    max = w->value.value > w->widget.target ? w->value.value
                                            : w->widget.target;
    y = analysis_writer_y(&out);
    if (y >= 0 && max > 0) {
        int mark = (int)lround(w->widget.target / max * (width - 1));

        chart_bar(w->value.value, max, width, tui_palette_colours() == 0,
                  cells);
        for (i = 0; i < width; i++) {
            if (cells[i] != ' ') {
                tui_draw_series(y, area->x + i, 1, 0, cells[i]);
            }
        }
        tui_draw_char(y, area->x + mark, TUI_COLOUR_ALERT, GLYPH_TARGET);
    }
    tui_format_number(target, sizeof(target), w->widget.target, app->french);
    tui_format_number(gap, sizeof(gap), w->value.value - w->widget.target,
                      app->french);
    if (w->widget.target != 0) {
        format_percent(percent, sizeof(percent),
                       100.0 * (w->value.value - w->widget.target) /
                           fabs(w->widget.target),
                       app->french);
    } else {
        snprintf(percent, sizeof(percent), "—");
    }
    /* TRANSLATORS: the target, then the value minus the target, in the
       unit and in percent of the target. */
    snprintf(text, sizeof(text), _("target %s %s, gap %s%s (%s)"), target,
             tui_result_unit(&w->value, app->french),
             w->value.value > w->widget.target ? "+" : "", gap, percent);
    analysis_writer_wrapped(&out, TUI_COLOUR_NORMAL, text, 2);
}

/* The largest value of the items. */
static double
items_max(const struct dash_item *items, size_t count)
{
    double max = 0;
    size_t i;

    for (i = 0; i < count; i++) {
        if (dash_has_value(&items[i].result) && items[i].result.value > max) {
            max = items[i].result.value;
        }
    }
    return max;
}

static void
draw_bars(struct tui_app *app, const struct dash_widget *w,
          const struct tui_rect *area)
{
    int label_width = area->width * 2 / 5;
    double max = items_max(w->items, w->item_count);
    char text[256];
    char value[128];
    size_t i;
    int y = area->y;

    if (w->item_count == 0) {
        format_value_year(text, sizeof(text), &w->value, app->french);
        tui_draw_text(y, area->x, area->width, TUI_COLOUR_HEADING, text);
        return;
    }
    for (i = 0; i < w->item_count && y < area->y + area->height - 1;
         i++, y++) {
        tui_chart_bar_row(y, area->x, area->width, label_width,
                          w->items[i].label, &w->items[i].result, max,
                          w->items[i].series, TUI_COLOUR_NORMAL, app->french);
    }
    tui_format_indicator_value(value, sizeof(value), &w->value, app->french);
    snprintf(text, sizeof(text), _("Total %d: %s"), w->value.year, value);
    tui_draw_text(y, area->x, area->width, TUI_COLOUR_DIM, text);
}

/* The values of the years on one line, when the area is too small for a
 * chart. */
static void
series_inline(struct tui_app *app, const struct dash_widget *w,
              const struct tui_rect *area)
{
    struct analysis_writer out = {area, 0};
    char text[512];
    size_t used = 0;
    size_t i;

    text[0] = '\0';
    for (i = 0; i < w->item_count && used < sizeof(text); i++) {
        char value[96];

        tui_format_indicator_value(value, sizeof(value), &w->items[i].result,
                                   app->french);
        used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s: %s",
                                 i > 0 ? " · " : "", w->items[i].label,
                                 value);
    }
    analysis_writer_wrapped(&out, TUI_COLOUR_NORMAL, text, area->height);
}

static void
draw_series(struct tui_app *app, const struct dash_widget *w,
            const struct tui_rect *area)
{
    const struct indicator_result **values;
    struct tui_rect chart = {area->y + 1, area->x, area->height - 1,
                             area->width};
    char text[256];
    size_t i;
    int rc;

    format_value_year(text, sizeof(text), &w->value, app->french);
    tui_draw_text(area->y, area->x, area->width, TUI_COLOUR_HEADING, text);
    if (w->item_count == 0) {
        return;
    }
    values = xcalloc(w->indicator.year_count + 1, sizeof(*values));
    for (i = 0; i < w->indicator.year_count; i++) {
        values[i] = i < w->item_count ? &w->items[i].result : NULL;
    }
    rc = tui_chart_years(&chart, w->indicator.years, values,
                         w->indicator.year_count, 0, app->french);
    free(values);
    if (rc == 1) {
        tui_draw_text(chart.y, chart.x, chart.width, TUI_COLOUR_DIM,
                      _("No value for these years."));
    } else if (rc < 0) {
        series_inline(app, w, &chart);
    }
}

/* The rank of the widget's territory among those with a value. */
static void
ranking_heading(struct analysis_writer *out, const struct dash_widget *w)
{
    char text[256];
    size_t i;
    int valued = 0;
    int rank = 0;

    for (i = 0; i < w->item_count; i++) {
        if (dash_has_value(&w->items[i].result)) {
            valued++;
            if (w->items[i].own) {
                rank = valued;
            }
        }
    }
    if (rank > 0) {
        snprintf(text, sizeof(text),
                 _("rank %d of %d similar territories (%d)"), rank, valued,
                 w->value.year);
    } else {
        snprintf(text, sizeof(text), _("%s has no value to rank"),
                 w->territory.name);
    }
    analysis_writer_text(out, TUI_COLOUR_HEADING, text);
}

static void
draw_ranking(struct tui_app *app, const struct dash_widget *w,
             const struct tui_rect *area)
{
    struct analysis_writer out = {area, 0};
    int label_width = area->width * 2 / 5;
    double max = items_max(w->items, w->item_count);
    size_t first = 0;
    size_t i;
    int rows = area->height - 1;

    if (w->item_count <= 1) {
        analysis_writer_text(&out, TUI_COLOUR_DIM,
                    _("No similar territory in the store."));
        return;
    }
    ranking_heading(&out, w);
    /* Keep the widget's own territory in view. */
    for (i = 0; i < w->item_count; i++) {
        if (w->items[i].own && (int)i >= rows) {
            first = i - (size_t)rows + 1;
        }
    }
    for (i = first; i < w->item_count; i++) {
        int y = analysis_writer_y(&out);
        const struct dash_item *item = &w->items[i];

        if (y < 0) {
            break;
        }
        tui_chart_bar_row(y, area->x, area->width, label_width, item->label,
                          &item->result, max, item->own ? 1 : 0,
                          item->own ? TUI_COLOUR_HEADING : TUI_COLOUR_NORMAL,
                          app->french);
    }
}

/* The key of a modal split: each mode's colour, name and share. */
static void
modal_key(struct tui_app *app, const struct dash_widget *w,
          struct analysis_writer *out, double total)
{
    int y = -1;
    int x = out->area->x;
    size_t i;

    for (i = 0; i < w->item_count; i++) {
        const struct dash_item *item = &w->items[i];
        char percent[48];
        char text[256];
        int columns;

        text_format_decimal(percent, sizeof(percent),
                            total > 0 ? 100.0 * item->result.value / total : 0,
                            0, app->french);
        snprintf(text, sizeof(text), "%s %s %%", item->label, percent);
        columns = 2 + tui_text_columns(text, strlen(text));
        if (y < 0 || x + columns > out->area->x + out->area->width) {
            y = analysis_writer_y(out);
            x = out->area->x;
            if (y < 0) {
                return;
            }
        }
        tui_draw_series(y, x, 1, item->series, GLYPH_FULL);
        tui_draw_text(y, x + 2, out->area->x + out->area->width - x - 2,
                      TUI_COLOUR_NORMAL, text);
        x += columns + 2;
    }
}

/* A modal split as one sentence: the commuters, then each mode's share.
 * Returns 0, or 1 when the territory has no flow. */
int
dash_modal_summary(const struct dash_widget *w, char *buf, size_t size,
                   int french)
{
    char number[64];
    double total = 0;
    size_t used;
    size_t i;

    if (w->resident_flows == 0 || w->item_count == 0) {
        return 1;
    }
    for (i = 0; i < w->item_count; i++) {
        total += w->items[i].result.value;
    }
    text_format_int(number, sizeof(number), (int64_t)llround(total), french);
    used = (size_t)snprintf(buf, size, _("%s commuters living here (%d)"),
                            number, w->items[0].result.year);
    for (i = 0; i < w->item_count && used < size; i++) {
        char percent[32];

        text_format_decimal(percent, sizeof(percent),
                            total > 0 ? 100.0 * w->items[i].result.value / total
                                      : 0,
                            0, french);
        used += (size_t)snprintf(buf + used, size - used, "%s%s %s %%",
                                 i == 0 ? ": " : ", ", w->items[i].label,
                                 percent);
    }
    return 0;
}

/* The message of a flow widget for a territory without flows. */
static void
flows_missing(struct tui_app *app, const struct dash_widget *w,
              struct analysis_writer *out)
{
    const char *note = app->french ? w->indicator.partial_note_fr
                                   : w->indicator.partial_note_en;
    char text[256];

    if (w->flow_count > 0) {
        snprintf(text, sizeof(text),
                 _("No home-to-work flow of people living in %s in the "
                   "data."),
                 w->territory.name);
    } else {
        snprintf(text, sizeof(text),
                 _("No home-to-work flow of %s in the data."),
                 w->territory.name);
    }
    analysis_writer_wrapped(out, TUI_COLOUR_NORMAL, text, 2);
    if (note != NULL && note[0] != '\0') {
        analysis_writer_wrapped(out, TUI_COLOUR_DIM, note, out->area->height);
    }
}

static void
draw_modal_split(struct tui_app *app, const struct dash_widget *w,
                 const struct tui_rect *area)
{
    struct analysis_writer out = {area, 0};
    double values[8];
    int cells[8];
    double total = 0;
    char number[64];
    char text[256];
    size_t count = w->item_count < 8 ? w->item_count : 8;
    size_t i;
    int y;
    int x;

    /* The split is the residents' one: flows coming in do not tell it. */
    if (w->resident_flows == 0) {
        flows_missing(app, w, &out);
        return;
    }
    for (i = 0; i < count; i++) {
        values[i] = w->items[i].result.value;
        total += values[i];
    }
    text_format_int(number, sizeof(number), (int64_t)llround(total),
                    app->french);
    snprintf(text, sizeof(text), _("%s commuters living here (%d)"), number,
             w->items[0].result.year);
    analysis_writer_text(&out, TUI_COLOUR_DIM, text);
    y = analysis_writer_y(&out);
    if (y >= 0 && total > 0) {
        chart_shares(values, count, area->width, cells);
        x = area->x;
        for (i = 0; i < count; i++) {
            tui_draw_series(y, x, cells[i], w->items[i].series, GLYPH_FULL);
            x += cells[i];
        }
    }
    modal_key(app, w, &out, total);
    if (w->home_workers > 0) {
        text_format_int(number, sizeof(number),
                        (int64_t)llround(w->home_workers), app->french);
        snprintf(text, sizeof(text), _("and %s working without transport"),
                 number);
        analysis_writer_text(&out, TUI_COLOUR_DIM, text);
    }
}

static void
draw_flows(struct tui_app *app, const struct dash_widget *w,
           const struct tui_rect *area)
{
    struct analysis_writer out = {area, 0};
    int label_width = area->width * 3 / 5;
    double max = items_max(w->items, w->item_count);
    char outbound[32];
    char inbound[32];
    char internal[32];
    char text[256];
    size_t i;

    if (w->flow_count == 0) {
        flows_missing(app, w, &out);
        return;
    }
    /* Without a flow of its residents, what leaves the territory and
     * what stays inside are unknown, not zero. */
    if (w->resident_flows == 0) {
        snprintf(outbound, sizeof(outbound), "%s", _("n/a"));
        snprintf(internal, sizeof(internal), "%s", _("n/a"));
    } else {
        text_format_int(outbound, sizeof(outbound),
                        (int64_t)llround(w->flow_totals[FLOW_OUTBOUND]),
                        app->french);
        text_format_int(internal, sizeof(internal),
                        (int64_t)llround(w->flow_totals[FLOW_INTERNAL]),
                        app->french);
    }
    text_format_int(inbound, sizeof(inbound),
                    (int64_t)llround(w->flow_totals[FLOW_INBOUND]),
                    app->french);
    /* TRANSLATORS: totals of home-to-work flows: leaving the territory
       (→), coming in (←) and staying inside (↻). */
    snprintf(text, sizeof(text), _("→ out %s · ← in %s · ↻ inside %s"),
             outbound, inbound, internal);
    analysis_writer_text(&out, TUI_COLOUR_DIM, text);
    for (i = 0; i < w->item_count; i++) {
        int y = analysis_writer_y(&out);

        if (y < 0) {
            break;
        }
        tui_chart_bar_row(y, area->x, area->width, label_width,
                          w->items[i].label, &w->items[i].result, max,
                          w->items[i].series, TUI_COLOUR_NORMAL, app->french);
    }
}

/* Fill the cells of the mini-map. */
static void
minimap_cells(struct dash_widget *w, const struct tui_rect *area,
              const struct map_cell *cells)
{
    int y;
    int x;

    for (y = 0; y < area->height; y++) {
        for (x = 0; x < area->width; x++) {
            const struct map_cell *cell = &cells[y * area->width + x];
            int fills[2];
            int pixel;

            for (pixel = 0; pixel < 2; pixel++) {
                int index = pixel == 0 ? cell->top : cell->bottom;
                int edge = pixel == 0 ? cell->top_edge : cell->bottom_edge;
                int unit;

                if (index == MAP_NONE) {
                    fills[pixel] = TUI_FILL_OUTSIDE;
                    continue;
                }
                unit = w->map_units[index];
                if (w->units[unit].own) {
                    fills[pixel] = TUI_FILL_CURSOR;
                } else {
                    fills[pixel] = edge ? TUI_FILL_EDGE : w->unit_fills[unit];
                }
            }
            tui_draw_map_cell(area->y + y, area->x + x, TUI_RAMP_SEQUENTIAL,
                              w->class_count, fills[0], fills[1]);
        }
    }
}

/* The legend line: lowest value, the class keys, highest value. */
static void
minimap_legend(struct tui_app *app, const struct dash_widget *w, int y,
               const struct tui_rect *area)
{
    char low[32];
    char high[32];
    int x = area->x;
    int c;

    if (w->class_count == 0) {
        tui_draw_text(y, x, area->width, TUI_COLOUR_DIM,
                      _("no unit has a value"));
        return;
    }
    tui_format_number(low, sizeof(low), w->breaks[0], app->french);
    tui_format_number(high, sizeof(high), w->breaks[w->class_count],
                      app->french);
    x += tui_draw_text(y, x, area->width / 3, TUI_COLOUR_DIM, low) + 1;
    for (c = 0; c < w->class_count && x < area->x + area->width; c++) {
        tui_draw_swatch(y, x++, 1, TUI_RAMP_SEQUENTIAL, w->class_count, c);
    }
    x += 1 + tui_draw_text(y, x + 1, area->x + area->width - x - 1,
                           TUI_COLOUR_DIM, high);
    if (x + 3 < area->x + area->width) {
        tui_draw_swatch(y, x + 1, 1, TUI_RAMP_SEQUENTIAL, w->class_count,
                        TUI_FILL_CURSOR);
        tui_draw_text(y, x + 3, area->x + area->width - x - 3, TUI_COLOUR_DIM,
                      w->territory.name);
    }
}

static void
draw_minimap(struct tui_app *app, struct dash_widget *w,
             const struct tui_rect *area)
{
    struct tui_rect map = {area->y, area->x, area->height - 1, area->width};
    const struct map_cell *cells;

    if (area->height < 3) {
        draw_kpi(app, w, area);
        return;
    }
    if (w->map == NULL || map_unit_count(w->map) == 0) {
        tui_draw_text(area->y, area->x, area->width, TUI_COLOUR_DIM,
                      _("No outline for these units."));
        return;
    }
    if (w->fitted_cols != map.width || w->fitted_rows != map.height) {
        map_fit(w->map, map.width, map.height);
        w->fitted_cols = map.width;
        w->fitted_rows = map.height;
    }
    cells = map_render(w->map, map.width, map.height);
    if (cells == NULL) {
        return;
    }
    minimap_cells(w, &map, cells);
    minimap_legend(app, w, area->y + area->height - 1, area);
}

/* Draw the body of a widget (below its title line). */
void
dash_widget_draw(struct tui_app *app, struct dash_widget *w,
                 const struct tui_rect *area)
{
    char text[256];

    if (area->height <= 0 || area->width <= 0) {
        return;
    }
    if (!w->has_indicator) {
        snprintf(text, sizeof(text), _("No indicator %s in the store."),
                 w->widget.indicator_id);
        tui_draw_text(area->y, area->x, area->width, TUI_COLOUR_ALERT, text);
        return;
    }
    if (w->phase == DASH_FAILED) {
        tui_draw_text(area->y, area->x, area->width, TUI_COLOUR_ALERT,
                      _("Could not read the values (see the log)."));
        return;
    }
    if (w->phase == DASH_PENDING && w->widget.kind != WIDGET_SERIES) {
        tui_draw_text(area->y, area->x, area->width, TUI_COLOUR_DIM, "…");
        return;
    }
    switch (w->widget.kind) {
    case WIDGET_KPI:
        draw_kpi(app, w, area);
        break;
    case WIDGET_BARS:
        draw_bars(app, w, area);
        break;
    case WIDGET_SERIES:
        draw_series(app, w, area);
        break;
    case WIDGET_MINIMAP:
        draw_minimap(app, w, area);
        break;
    case WIDGET_RANKING:
        draw_ranking(app, w, area);
        break;
    case WIDGET_MODAL_SPLIT:
        draw_modal_split(app, w, area);
        break;
    case WIDGET_FLOWS:
        draw_flows(app, w, area);
        break;
    case WIDGET_GAUGE:
        draw_gauge(app, w, area);
        break;
    case WIDGET_KIND_COUNT:
        break;
    }
}
