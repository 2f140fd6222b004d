/*
 * terrish: class breaks for choropleth maps, and the cell layouts of bar
 * charts and line charts.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * This file knows nothing of curses: it computes numbers and Unicode code
 * points, and the screens draw them.
 */
#ifndef TERRISH_TUI_CHART_H
#define TERRISH_TUI_CHART_H

#include <stddef.h>
#include <stdint.h>

/* Classes of a choropleth. */
#define CLASSIFY_MIN 3
#define CLASSIFY_MAX 9

enum classify_method {
    CLASSIFY_QUANTILE, /* about as many units in each class */
    CLASSIFY_EQUAL,    /* classes of the same width */
    CLASSIFY_JENKS,    /* natural breaks: least variance inside classes */
};

/*
 * Compute class bounds for n values (any order, no NaN). breaks receives
 * classes + 1 ascending bounds: breaks[0] is the minimum, breaks[classes]
 * the maximum, and class i holds values v with breaks[i] <= v <
 * breaks[i + 1] (the last class includes its upper bound). When the values
 * have fewer distinct numbers than classes, fewer classes are made: one
 * per distinct value, each bound being that value, and the last bound
 * repeated as the maximum. Returns the number of classes (1 when every
 * value is equal), 0 when n is 0, or -1 when classes is outside
 * CLASSIFY_MIN..CLASSIFY_MAX or memory runs out.
 *
 * Quantile and natural breaks put each inner bound on a data value, the
 * smallest of its class, so equal values always share a class and no
 * class is empty. Natural breaks are exact (Fisher's dynamic programming
 * on the distinct values weighted by their counts, no sampling). Equal
 * intervals may leave classes empty.
 */
int classify_breaks(const double *values, size_t n, int classes,
                    enum classify_method method, double *breaks);
/* The class of value, 0 .. classes - 1, clamped to the first and last. */
int classify_index(const double *breaks, int classes, double value);
/* "quantile", "equal" or "jenks" (not translated). */
const char *classify_method_name(enum classify_method method);

/*
 * A canvas of braille dots: each cell holds 2 x 4 dots, so a chart of
 * cols x rows cells has 2 * cols x 4 * rows dots. Dot (0, 0) is top left.
 */
struct braille {
    int cols;
    int rows;
    uint8_t *cells; /* dot bits of each cell, row-major */
};

/* Returns 0, or -1 when a size is negative or memory runs out. A canvas
 * of zero cells is valid and draws nothing. */
int braille_init(struct braille *canvas, int cols, int rows);
void braille_free(struct braille *canvas);
void braille_clear(struct braille *canvas);
/* Dots outside the canvas are ignored, here and in braille_line. */
void braille_set(struct braille *canvas, int x, int y);
/* A straight line of dots from (x0, y0) to (x1, y1), both included. */
void braille_line(struct braille *canvas, int x0, int y0, int x1, int y1);
/* The code point of a cell: U+2800 plus its dots, or 0 when it is empty. */
unsigned int braille_char(const struct braille *canvas, int row, int col);

/*
 * A horizontal bar of value / max over width cells, drawn with the eighth
 * blocks U+2589..U+258F and the full block U+2588. Writes width code
 * points (spaces after the bar) into out, and returns the cells that the
 * bar touches. ascii uses '#' for full cells and nothing for fractions.
 * The length is rounded to the nearest eighth of a cell, a positive value
 * gets at least one eighth, and a value above max fills the width. A
 * value <= 0 or NaN, or max <= 0, gives no bar.
 */
int chart_bar(double value, double max, int width, int ascii,
              unsigned int *out);

/*
 * Split width cells into shares of total (values >= 0), largest
 * remainders first, so that the parts add up to width exactly. A part
 * whose share is not zero gets at least one cell when width allows.
 */
void chart_shares(const double *values, size_t n, int width, int *cells);

/*
 * Axis ticks: up to max "nice" values (1, 2, 2.5 or 5 times a power of
 * ten) that cover lo..hi: the first is at or below lo, the last at or
 * above hi. Returns how many were written to ticks. When lo equals hi or
 * max is 1, the one tick is lo. When no step fits (max 2 with lo < 0 < hi),
 * the two ticks are lo and hi.
 */
size_t chart_ticks(double lo, double hi, size_t max, double *ticks);

/* The maximum number of ticks an axis requests from chart_ticks(), and
 * the size of its ticks[] array. One tick every two rows of a tall chart
 * would be too many to read. */
#define CHART_TICKS_MAX 8

/* The number of ticks for an axis of rows rows: one every two rows, from 2
 * to CHART_TICKS_MAX. */
size_t chart_tick_count(int rows);

#endif
