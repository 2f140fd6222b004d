/*
 * terrish: declarations shared by the files of the analysis screen.
 * screen-analysis.c has the settings, loading and keys, analysis-map.c the
 * map and its legend, and analysis-chart.c the charts and the table.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_TUI_ANALYSIS_H
#define TERRISH_TUI_ANALYSIS_H

#include <stddef.h>

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
#define SYMBOL_SHARE 0.06

enum analysis_view { VIEW_MAP, VIEW_CHART, VIEW_TABLE, VIEW_COUNT };

enum chart_kind {
    CHART_SERIES,     /* the territory's value over the years */
    CHART_CATEGORIES, /* one bar per category, for the year */
    CHART_SHARES,     /* one 100% bar per year, split by category */
    CHART_UNITS,      /* one bar per unit of the mesh, largest first */
    CHART_COUNT
};

enum sort_key { SORT_VALUE, SORT_NAME, SORT_CODE, SORT_COUNT };

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
    size_t *order;       /* units in table order */
    size_t *by_value;    /* units, largest value first */
    size_t points_shown; /* features of the point layer inside the units */
    int *point_units;    /* unit of each feature, MAP_NONE outside */
};

struct point_hit {
    double lon;
    double lat;
    double value;
};

struct analysis {
    struct indicator indicator;
    size_t year;  /* index in indicator.years */
    int category; /* -1 for the total, else an index */
    int change;   /* show the change since the first year */
    enum territory_level mesh;
    enum analysis_view view;
    enum chart_kind chart;
    enum classify_method method;
    int classes;
    int symbols; /* proportional symbols instead of a choropleth */
    int labels;
    int layer; /* index in analysis_point_layers, or -1 */
    struct point_hit *points;
    size_t point_count;
    int points_year;
    struct indicator layer_indicator; /* of the points, once they are read */
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
    int failed; /* the store failed: stop the idle work */
};

/* Point layers drawn over a map: an indicator of the catalogue whose
 * native level is "point", and how its symbols are sized. */
struct point_layer {
    const char *indicator_id;
    const char *category; /* the rows kept (a pollutant), or NULL for all */
    double steps[3]; /* values from which '•', '●' and '◉' are used */
    /* The legend writes the steps in legend_unit (N_(), translated),
     * divided by divisor, when the layer's unit is data_unit; otherwise
     * as they are, in the layer's unit. NULL when there is no such unit. */
    const char *data_unit;
    const char *legend_unit;
    double divisor;
};

#define ANALYSIS_POINT_LAYERS 3
extern const struct point_layer analysis_point_layers[ANALYSIS_POINT_LAYERS];

/* Writes lines of a legend, a panel or a chart into a rectangle, and
 * stops at its last line. */
struct analysis_writer {
    const struct tui_rect *area;
    int line;
};

/* Labels, numbers and values (screen-analysis.c). */
const char *analysis_category_name(const struct indicator *indicator, size_t i,
                                   int french);
int analysis_year(const struct analysis *analysis);
int analysis_additive(const struct analysis *analysis);
int analysis_has_value(const struct indicator_result *result);
const char *analysis_mesh_label(enum territory_level level);
/* Write "1 commune", "1 202 communes"... into buf. */
void analysis_count_units(char *buf, size_t size, size_t count,
                          enum territory_level level, int french);
const char *analysis_method_label(enum classify_method method);
void analysis_format_number(char *buf, size_t size, double value, int french);
void analysis_format_unit(const struct analysis *analysis,
                          const struct unit *unit, char *buf, size_t size,
                          int french);
const struct indicator_result *
analysis_pane_series(const struct analysis *analysis, const struct pane *pane,
                     size_t year, int category);

/* Text in a rectangle, and the map view (analysis-map.c). */
unsigned int analysis_point_glyph(int size, int mono);
int analysis_writer_y(struct analysis_writer *w);
void analysis_writer_text(struct analysis_writer *w, enum tui_colour colour,
                          const char *text);
void analysis_writer_wrapped(struct analysis_writer *w, enum tui_colour colour,
                             const char *text, int max);
void analysis_writer_swatch(struct analysis_writer *w, enum tui_ramp ramp,
                            int classes, int fill, const char *text);
void analysis_message(const struct tui_rect *area, enum tui_colour colour,
                      const char *text);
void analysis_pane_heading(struct tui_app *app, struct analysis *analysis,
                           const struct pane *pane, const struct tui_rect *line,
                           int active);
void analysis_pane_map(struct tui_app *app, struct analysis *analysis,
                       struct pane *pane, const struct tui_rect *area);

/* The chart and table views (analysis-chart.c). */
int analysis_chart_available(const struct analysis *analysis,
                             enum chart_kind kind);
enum chart_kind analysis_chart_default(const struct analysis *analysis);
void analysis_pane_chart(struct tui_app *app, struct analysis *analysis,
                         struct pane *pane, const struct tui_rect *area);
void analysis_pane_table(struct tui_app *app, struct analysis *analysis,
                         struct pane *pane, const struct tui_rect *area);

#endif
