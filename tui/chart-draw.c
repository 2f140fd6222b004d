/*
 * terrish: charts drawn into a rectangle, shared by the analysis screen and
 * the dashboard widgets: a labelled horizontal bar, and a value over the
 * years as a line of braille dots with its axes.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "tui/chart.h"
#include "tui/tui-internal.h"

/* Columns of the value at the right of a bar, and of the value axis. */
#define BAR_VALUE_COLUMNS 16
#define AXIS_COLUMNS 12

#define GLYPH_VERTICAL 0x2502u   /* │ */
#define GLYPH_HORIZONTAL 0x2500u /* ─ */
#define GLYPH_CORNER 0x2514u     /* └ */

/* Format a number with decimals that suit its size: none from 100 on or
 * for whole numbers, one from 10 on, else two. */
void
tui_format_number(char *buf, size_t size, double value, int french)
{
    double magnitude = fabs(value);
    int decimals = magnitude >= 100 || value == floor(value) ? 0
                   : magnitude >= 10                         ? 1
                                                             : 2;

    text_format_decimal(buf, size, value, decimals, french);
}

static int
result_has_value(const struct indicator_result *result)
{
    return result->flag == RESULT_PRESENT || result->flag == RESULT_PARTIAL;
}

/* Draw a run of code points in a series colour, leaving spaces blank. */
static void
draw_cells(int y, int x, const unsigned int *cells, int count, int series)
{
    int i;

    for (i = 0; i < count; i++) {
        if (cells[i] != ' ') {
            tui_draw_series(y, x + i, 1, series, cells[i]);
        }
    }
}

/*
 * Draw one labelled horizontal bar in width columns from x: the label in
 * label_width columns, the bar of result against max, and the value on
 * the right. The value is "…" while result is NULL, has a star when it is
 * partial, and is the flag's word when it is secret or not available.
 */
void
tui_chart_bar_row(int y, int x, int width, int label_width, const char *label,
                  const struct indicator_result *result, double max,
                  int series, enum tui_colour colour, int french)
{
    int value_width = width / 3 < BAR_VALUE_COLUMNS ? width / 3
                                                    : BAR_VALUE_COLUMNS;
    int bar_width = width - label_width - value_width - 2;
    unsigned int cells[512];
    char value[96];

    tui_draw_text(y, x, label_width - 1, colour, label);
    if (bar_width > (int)(sizeof(cells) / sizeof(cells[0]))) {
        bar_width = (int)(sizeof(cells) / sizeof(cells[0]));
    }
    if (result != NULL && result_has_value(result) && bar_width > 0 &&
        max > 0 && result->value > 0) {
        chart_bar(result->value, max, bar_width, tui_palette_colours() == 0,
                  cells);
        draw_cells(y, x + label_width, cells, bar_width, series);
    }
    if (result == NULL) {
        snprintf(value, sizeof(value), "…");
    } else if (result_has_value(result)) {
        char number[64];

        tui_format_number(number, sizeof(number), result->value, french);
        snprintf(value, sizeof(value), "%s%s", number,
                 result->flag == RESULT_PARTIAL ? "*" : "");
    } else {
        tui_format_indicator_value(value, sizeof(value), result, french);
    }
    tui_draw_text_right(y, x + width - value_width, value_width, colour,
                        value);
}

/* The lowest and highest values of a series, with 0 in the range. Returns
 * 0 when no year has a value. */
static int
years_range(const struct indicator_result *const *values, size_t count,
            double *lo, double *hi)
{
    int have = 0;
    size_t i;

    for (i = 0; i < count; i++) {
        const struct indicator_result *r = values[i];

        if (r != NULL && result_has_value(r)) {
            *lo = !have || r->value < *lo ? r->value : *lo;
            *hi = !have || r->value > *hi ? r->value : *hi;
            have = 1;
        }
    }
    if (!have) {
        return 0;
    }
    if (*lo > 0) {
        *lo = 0; /* lines of amounts start at zero */
    }
    if (*hi == *lo) {
        *hi = *lo + 1;
    }
    return 1;
}

/* The column of a year's point among cols cells (dots when dots is 2). */
static int
year_column(const int *years, size_t count, size_t i, int cols)
{
    int first = years[0];
    int last = years[count - 1];

    if (last == first) {
        return 0;
    }
    return (int)lround((double)(years[i] - first) * (cols - 1) /
                       (last - first));
}

/* Plot the line of the values on the canvas, broken where a year has no
 * value. */
static void
years_plot(struct braille *canvas, const int *years,
           const struct indicator_result *const *values, size_t count,
           double lo, double hi)
{
    int prev_x = -1;
    int prev_y = -1;
    size_t i;

    for (i = 0; i < count; i++) {
        const struct indicator_result *r = values[i];
        int dx;
        int dy;

        if (r == NULL || !result_has_value(r)) {
            prev_x = -1;
            continue;
        }
        dx = year_column(years, count, i, 2 * canvas->cols);
        dy = (int)lround((hi - r->value) * (4 * canvas->rows - 1) / (hi - lo));
        if (prev_x >= 0) {
            braille_line(canvas, prev_x, prev_y, dx, dy);
        } else {
            braille_set(canvas, dx, dy);
        }
        prev_x = dx;
        prev_y = dy;
    }
}

/* The value axis with its ticks, and the year axis with the years under
 * their points, skipping those that would touch. */
static void
years_axes(const struct tui_rect *area, const int *years, size_t count,
           const double *ticks, size_t tick_count, double lo, double hi,
           int french)
{
    int cols = area->width - AXIS_COLUMNS - 1;
    int rows = area->height - 2;
    int right = -1;
    size_t i;
    int x;

    for (i = 0; i < tick_count; i++) {
        char label[32];
        int ty = (int)lround((hi - ticks[i]) * (rows - 1) / (hi - lo));

        tui_format_number(label, sizeof(label), ticks[i], french);
        tui_draw_text_right(area->y + ty, area->x, AXIS_COLUMNS - 1,
                            TUI_COLOUR_DIM, label);
    }
    for (x = 0; x < cols; x++) {
        tui_draw_char(area->y + rows, area->x + AXIS_COLUMNS + 1 + x,
                      TUI_COLOUR_DIM, GLYPH_HORIZONTAL);
    }
    tui_draw_char(area->y + rows, area->x + AXIS_COLUMNS, TUI_COLOUR_DIM,
                  GLYPH_CORNER);
    for (i = 0; i < count; i++) {
        char label[16];
        int start = area->x + AXIS_COLUMNS + 1 +
                    year_column(years, count, i, cols) - 2;

        if (start + 4 > area->x + area->width) {
            start = area->x + area->width - 4;
        }
        if (start <= right) {
            continue;
        }
        snprintf(label, sizeof(label), "%d", years[i]);
        tui_draw_text(area->y + rows + 1, start, 4, TUI_COLOUR_DIM, label);
        right = start + 4;
    }
}

/*
 * A value over the years (ascending, count of them) as a line of braille
 * dots, with a value axis on the left and the years below. values[i] is
 * NULL while year i is not computed. Returns 0 when drawn, 1 when no year
 * has a value (nothing is drawn), -1 when the area is too small.
 */
int
tui_chart_years(const struct tui_rect *area, const int *years,
                const struct indicator_result *const *values, size_t count,
                int series, int french)
{
    int cols = area->width - AXIS_COLUMNS - 1;
    int rows = area->height - 2;
    double lo = 0;
    double hi = 0;
    double ticks[CHART_TICKS_MAX];
    size_t tick_count;
    struct braille canvas;
    int y;
    int x;

    if (cols < 8 || rows < 2 || count == 0) {
        return -1;
    }
    if (!years_range(values, count, &lo, &hi)) {
        return 1;
    }
    tick_count =
        chart_ticks(lo, hi, chart_tick_count(rows), ticks);
    if (tick_count > 0) {
        lo = ticks[0] < lo ? ticks[0] : lo;
        hi = ticks[tick_count - 1] > hi ? ticks[tick_count - 1] : hi;
    }
    if (braille_init(&canvas, cols, rows) != 0) {
        return -1;
    }
    years_plot(&canvas, years, values, count, lo, hi);
    for (y = 0; y < rows; y++) {
        for (x = 0; x < cols; x++) {
            unsigned int code = braille_char(&canvas, y, x);

            if (code != 0) {
                tui_draw_series(area->y + y, area->x + AXIS_COLUMNS + 1 + x, 1,
                                series, code);
            }
        }
        tui_draw_char(area->y + y, area->x + AXIS_COLUMNS, TUI_COLOUR_DIM,
                      GLYPH_VERTICAL);
    }
    braille_free(&canvas);
    years_axes(area, years, count, ticks, tick_count, lo, hi, french);
    return 0;
}
