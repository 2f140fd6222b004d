/*
 * terrish: the map view of the analysis screen: units filled by class,
 * proportional symbols, point layers, names, and the legend.
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

const struct point_layer analysis_point_layers[ANALYSIS_POINT_LAYERS] = {
    /* Charging points at one location: 1, 2 to 5, 6 to 19, 20 and more. */
    {"irve_locations", NULL, {2, 6, 20}, NULL, NULL, 1},
    /* Verified emissions of one installation in t CO2e: under 10 kt,
     * 10 to 100 kt, 100 kt to 1 Mt, 1 Mt and more. */
    {"eu_ets_emissions", NULL, {1e4, 1e5, 1e6}, NULL, NULL, 1},
    /* Declared CO2 releases to air in kg per year: the same bounds as the
     * EU ETS layer, 10 kt, 100 kt and 1 Mt, written in kg. The legend
     * shows them in tonnes per year (1 t = 1,000 kg, an exact division),
     * which fit its width. The other pollutants of the register are not
     * added to them. */
    {"irep_releases",
     "Dioxyde de carbone (CO2) total (d'origine biomasse et non biomasse)",
     {1e7, 1e8, 1e9}, "kg/an", N_("t/yr"), 1000},
};

/* Symbols of the four sizes of features: dots and discs, or on monochrome
 * terminals ASCII characters, because the dot there marks missing values. */
static const unsigned int point_glyphs[4] = {0x00b7, 0x2022, 0x25cf, 0x25c9};
static const unsigned int point_glyphs_mono[4] = {'+', 'o', 'O', '@'};

unsigned int
analysis_point_glyph(int size, int mono)
{
    return mono ? point_glyphs_mono[size] : point_glyphs[size];
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
        if (map_unit_cell(pane->map, unit->map_index, cols, rows, &row, &col) !=
            0) {
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
map_points(const struct analysis *analysis, struct pane *pane,
           const struct tui_rect *area)
{
    const struct point_layer *layer;
    unsigned char *glyphs;
    int mono = tui_palette_colours() == 0;
    size_t i;
    int y;
    int x;

    if (analysis->layer < 0 || analysis->points == NULL) {
        return;
    }
    layer = &analysis_point_layers[analysis->layer];
    /* Each feature's unit is found once per layer and mesh, by its exact
     * position, so that the count does not depend on the terminal size. */
    if (pane->point_units == NULL) {
        pane->point_units = xcalloc(analysis->point_count + 1, sizeof(int));
        pane->points_shown = 0;
        for (i = 0; i < analysis->point_count; i++) {
            pane->point_units[i] = map_locate(
                pane->map, analysis->points[i].lon, analysis->points[i].lat);
            pane->points_shown += pane->point_units[i] != MAP_NONE;
        }
    }
    glyphs = xcalloc((size_t)area->width * (size_t)area->height, 1);
    for (i = 0; i < analysis->point_count; i++) {
        const struct point_hit *point = &analysis->points[i];
        unsigned char glyph = 1;
        int row;
        int col;

        if (pane->point_units[i] == MAP_NONE ||
            map_project(pane->map, point->lon, point->lat, area->width,
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
                              analysis_point_glyph(glyph - 1, mono));
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
    placed =
        map_labels(pane->map, widths, area->width, area->height, labels, count);
    for (i = 0; i < placed; i++) {
        const struct unit *unit = &pane->units[pane->map_units[labels[i].unit]];

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
            map_show_unit(pane->map, pane->units[pane->cursor].map_index, width,
                          height);
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

int
analysis_writer_y(struct analysis_writer *w)
{
    if (w->line >= w->area->height) {
        return -1;
    }
    return w->area->y + w->line++;
}

void
analysis_writer_text(struct analysis_writer *w, enum tui_colour colour,
                     const char *text)
{
    int y = analysis_writer_y(w);

    if (y >= 0) {
        tui_draw_text(y, w->area->x, w->area->width, colour, text);
    }
}

/* Text wrapped over as many lines as it needs, at most max. */
void
analysis_writer_wrapped(struct analysis_writer *w, enum tui_colour colour,
                        const char *text, int max)
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
        analysis_writer_text(w, colour, line);
        if (next == text) {
            break;
        }
        text = next;
    }
}

/* A legend line: a key of the given fill, then text. */
void
analysis_writer_swatch(struct analysis_writer *w, enum tui_ramp ramp,
                       int classes, int fill, const char *text)
{
    int y = analysis_writer_y(w);

    if (y >= 0) {
        tui_draw_swatch(y, w->area->x, 2, ramp, classes, fill);
        tui_draw_text(y, w->area->x + 3, w->area->width - 3, TUI_COLOUR_NORMAL,
                      text);
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

/* The units of one class, over every pane. */
struct class_members {
    size_t count;
    double min;
    double max;
};

static void
class_members(const struct analysis *analysis, int class_index,
              struct class_members *out)
{
    int p;
    size_t i;

    memset(out, 0, sizeof(*out));
    for (p = 0; p < analysis->pane_count; p++) {
        const struct pane *pane = &analysis->panes[p];

        for (i = 0; i < pane->unit_count; i++) {
            const struct unit *unit = &pane->units[i];

            if (!unit->has_value ||
                classify_index(analysis->breaks, analysis->class_count,
                               unit->value) != class_index) {
                continue;
            }
            if (out->count == 0 || unit->value < out->min) {
                out->min = unit->value;
            }
            if (out->count == 0 || unit->value > out->max) {
                out->max = unit->value;
            }
            out->count++;
        }
    }
}

/* The classes, the fills without a value, symbols and points. */
static void
legend_draw(struct tui_app *app, struct analysis *analysis,
            const struct pane *pane, const struct tui_rect *area)
{
    struct analysis_writer w = {area, 0};
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

    snprintf(text, sizeof(text), "%s (%s)", _("Legend"),
             tui_indicator_unit(indicator, french));
    analysis_writer_text(&w, TUI_COLOUR_HEADING, text);
    if (analysis->symbols) {
        double max = pane_max_value(pane);

        analysis_format_number(high, sizeof(high), max, french);
        snprintf(text, sizeof(text),
                 _("disc area proportional to the value; "
                   "largest %s %s"),
                 high, tui_indicator_unit(indicator, french));
        analysis_writer_wrapped(&w, TUI_COLOUR_NORMAL, text, 3);
        analysis_writer_swatch(&w, ramp, 3, 2, _("value of the unit"));
        analysis_writer_swatch(&w, ramp, 3, 0, _("unit"));
    } else if (analysis->class_count > 0) {
        if (analysis->change) {
            snprintf(text, sizeof(text), _("change %d–%d, equal classes"),
                     indicator->years[0], analysis_year(analysis));
        } else {
            snprintf(text, sizeof(text),
                     ngettext("%s, %d class", "%s, %d classes",
                              (unsigned long)analysis->class_count),
                     analysis_method_label(analysis->method),
                     analysis->class_count);
        }
        analysis_writer_text(&w, TUI_COLOUR_DIM, text);
        for (c = analysis->class_count - 1; c >= 0; c--) {
            struct class_members members;

            /* A class shows the values of its units, which read better
             * than its bounds: the bounds of natural breaks and quantiles
             * are the first value of the next class. A change map shows
             * its equal bounds around zero. */
            class_members(analysis, c, &members);
            if (analysis->change || members.count == 0) {
                analysis_format_number(low, sizeof(low), analysis->breaks[c],
                                       french);
                analysis_format_number(high, sizeof(high),
                                       analysis->breaks[c + 1], french);
            } else {
                analysis_format_number(low, sizeof(low), members.min, french);
                analysis_format_number(high, sizeof(high), members.max, french);
            }
            snprintf(text, sizeof(text), "%s – %s (%zu)", low, high,
                     members.count);
            analysis_writer_swatch(&w, ramp, analysis->class_count, c, text);
        }
    } else {
        analysis_writer_text(&w, TUI_COLOUR_DIM, _("no unit has a value"));
    }

    pane_count_missing(analysis, &secret, &missing);
    if (secret > 0) {
        snprintf(text, sizeof(text), _("secret (%zu)"), secret);
        analysis_writer_swatch(&w, ramp, analysis->class_count, TUI_FILL_SECRET,
                               text);
    }
    if (missing > 0) {
        snprintf(text, sizeof(text), _("no value (%zu)"), missing);
        analysis_writer_swatch(&w, ramp, analysis->class_count,
                               TUI_FILL_MISSING, text);
    }
    note = french ? indicator->confidentiality_note_fr
                  : indicator->confidentiality_note_en;
    if ((secret > 0 || missing > 0) && note != NULL && note[0] != '\0') {
        analysis_writer_wrapped(&w, TUI_COLOUR_DIM, note, 4);
    }
    analysis_writer_swatch(&w, ramp, analysis->class_count, TUI_FILL_CURSOR,
                           _("unit under the cursor"));

    if (analysis->layer >= 0) {
        const struct point_layer *layer =
            &analysis_point_layers[analysis->layer];
        const struct indicator *points = &analysis->layer_indicator;

        analysis_writer_text(&w, TUI_COLOUR_NORMAL, "");
        if (analysis->points != NULL && points->id != NULL) {
            const char *unit = tui_indicator_unit(points, french);
            double divisor = 1;

            if (layer->data_unit != NULL &&
                strcmp(points->unit, layer->data_unit) == 0) {
                unit = _(layer->legend_unit);
                divisor = layer->divisor;
            }
            snprintf(text, sizeof(text), "%s (%d)",
                     tui_indicator_name(points, french), analysis->points_year);
            analysis_writer_wrapped(&w, TUI_COLOUR_HEADING, text, 3);
            for (c = 0; c < 4; c++) {
                int y = analysis_writer_y(&w);

                if (y < 0) {
                    break;
                }
                if (c == 0) {
                    analysis_format_number(high, sizeof(high),
                                           layer->steps[0] / divisor, french);
                    snprintf(text, sizeof(text), "< %s %s", high, unit);
                } else if (c == 3) {
                    analysis_format_number(low, sizeof(low),
                                           layer->steps[2] / divisor, french);
                    snprintf(text, sizeof(text), "≥ %s %s", low, unit);
                } else {
                    analysis_format_number(low, sizeof(low),
                                           layer->steps[c - 1] / divisor,
                                           french);
                    analysis_format_number(high, sizeof(high),
                                           layer->steps[c] / divisor, french);
                    snprintf(text, sizeof(text), "%s – %s %s", low, high, unit);
                }
                tui_draw_char(
                    y, area->x, TUI_COLOUR_ALERT,
                    analysis_point_glyph(c, tui_palette_colours() == 0));
                tui_draw_text(y, area->x + 3, area->width - 3,
                              TUI_COLOUR_NORMAL, text);
            }
            snprintf(text, sizeof(text), _("%zu locations on the map"),
                     pane->points_shown);
            analysis_writer_text(&w, TUI_COLOUR_DIM, text);
            snprintf(text, sizeof(text), _("Source: %s"), points->source);
            analysis_writer_wrapped(&w, TUI_COLOUR_DIM, text, 6);
        }
    }

    analysis_writer_text(&w, TUI_COLOUR_NORMAL, "");
    snprintf(text, sizeof(text), _("Source: %s"), indicator->source);
    analysis_writer_wrapped(&w, TUI_COLOUR_DIM, text, 4);
}

/* The line above a view: the territory, and the unit under the cursor
 * with its value, year and rank. */
void
analysis_pane_heading(struct tui_app *app, struct analysis *analysis,
                      const struct pane *pane, const struct tui_rect *line,
                      int active)
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
        analysis_format_unit(analysis, unit, value, sizeof(value), app->french);
        if (unit->rank > 0) {
            char rank[32];
            char total[32];

            text_format_int(rank, sizeof(rank), unit->rank, app->french);
            text_format_int(total, sizeof(total), count, app->french);
            snprintf(text, sizeof(text), _("▸ %s (%s): %s, %d — rank %s/%s"),
                     unit->territory.name, unit->territory.code, value,
                     unit->result.year, rank, total);
        } else {
            snprintf(text, sizeof(text), _("▸ %s (%s): %s"),
                     unit->territory.name, unit->territory.code, value);
        }
        tui_draw_text(line->y, x, line->x + line->width - x, TUI_COLOUR_NORMAL,
                      text);
    }
}

/* A message centred in an area (loading, nothing to show). */
void
analysis_message(const struct tui_rect *area, enum tui_colour colour,
                 const char *text)
{
    struct tui_rect inner = {area->y + area->height / 2 - 1, area->x + 1,
                             area->height, area->width - 2};
    struct analysis_writer w = {&inner, 0};

    if (inner.y < area->y) {
        inner.y = area->y;
    }
    inner.height = area->y + area->height - inner.y;
    analysis_writer_wrapped(&w, colour, text, inner.height);
}

/* The map view of a pane: the map and its legend. */
void
analysis_pane_map(struct tui_app *app, struct analysis *analysis,
                  struct pane *pane, const struct tui_rect *area)
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
        analysis_message(area, TUI_COLOUR_DIM, text);
        return;
    }
    if (map_unit_count(pane->map) == 0 &&
        pane->territory.level == LEVEL_COMMUNE) {
        analysis_message(area, TUI_COLOUR_ALERT,
                         _("No outline for this commune. terrish holds the "
                           "outlines of the communes of Auvergne-Rhône-Alpes: "
                           "see the chart or the table with Tab."));
        return;
    }
    if (map_unit_count(pane->map) == 0) {
        snprintf(text, sizeof(text),
                 _("No outline for these %s. terrish holds the outlines of "
                   "the communes and EPCI of Auvergne-Rhône-Alpes, and of "
                   "the départements and régions of mainland France: choose "
                   "another split with m, or the chart or table with Tab."),
                 analysis_mesh_label(analysis->mesh));
        analysis_message(area, TUI_COLOUR_ALERT, text);
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
