/*
 * terrish: class breaks for choropleth maps, and the cell layouts of bar
 * charts and line charts (see chart.h).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/chart.h"

/* The sorted distinct values of a data set, each with its count. */
struct distinct {
    double *values;
    size_t *counts;
    size_t size;
    size_t total; /* sum of counts */
};

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Sort a copy of values and fold equal ones. Returns -1 when memory runs
 * out. */
static int
distinct_build(const double *values, size_t n, struct distinct *out)
{
    double *sorted = NULL;
    size_t i;

    memset(out, 0, sizeof(*out));
    sorted = malloc(n * sizeof(*sorted));
    out->counts = malloc(n * sizeof(*out->counts));
    if (sorted == NULL || out->counts == NULL) {
        free(sorted);
        free(out->counts);
        out->counts = NULL;
        return -1;
    }
    memcpy(sorted, values, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), compare_double);

    /* Fold in place: sorted[size] is the next distinct value. */
    for (i = 0; i < n; i++) {
        if (out->size > 0 && sorted[i] == sorted[out->size - 1]) {
            out->counts[out->size - 1]++;
            continue;
        }
        sorted[out->size] = sorted[i];
        out->counts[out->size] = 1;
        out->size++;
    }
    out->values = sorted;
    out->total = n;
    return 0;
}

static void
distinct_free(struct distinct *set)
{
    free(set->values);
    free(set->counts);
}

/*
 * One class per distinct value, used when there are fewer distinct values
 * than classes. Every bound is the value of its class, and the last class
 * [last, last] contains the maximum.
 */
static int
breaks_per_value(const struct distinct *set, double *breaks)
{
    size_t i;

    for (i = 0; i < set->size; i++) {
        breaks[i] = set->values[i];
    }
    breaks[set->size] = set->values[set->size - 1];
    return (int)set->size;
}

/* Classes of the same width between the minimum and the maximum. Some
 * of them may hold no value. */
static void
breaks_equal(const struct distinct *set, int classes, double *breaks)
{
    double lo = set->values[0];
    double hi = set->values[set->size - 1];
    int i;

    for (i = 0; i < classes; i++) {
        breaks[i] = lo + (hi - lo) * i / classes;
    }
    breaks[classes] = hi;
}

/*
 * Quantile classes: inner bound k starts its class at the distinct value
 * whose count of smaller values is nearest to k * n / classes (the smaller
 * value on a tie). Equal values are never split between two classes, and
 * every class keeps at least one distinct value, so heavy ties give uneven
 * classes rather than empty ones.
 */
static void
breaks_quantile(const struct distinct *set, int classes, double *breaks)
{
    size_t below = 0; /* values smaller than set->values[j] */
    size_t j = 0;
    int k;

    breaks[0] = set->values[0];
    for (k = 1; k < classes; k++) {
        double target = (double)set->total * k / classes;
        size_t last = set->size - (size_t)(classes - k);

        /* Start of class k: at least one distinct value after the start of
         * class k - 1, and room left for the classes after it. */
        below += set->counts[j];
        j++;
        while (j < last && fabs((double)(below + set->counts[j]) - target) <
                               fabs((double)below - target)) {
            below += set->counts[j];
            j++;
        }
        breaks[k] = set->values[j];
    }
    breaks[classes] = set->values[set->size - 1];
}

/*
 * Natural breaks (Jenks): the partition of the sorted values into classes
 * that has the least total sum of squared deviations from the class means,
 * found by Fisher's dynamic programming. It runs on the distinct values
 * weighted by their counts, which gives the same classes as running on
 * every value because equal values always share a class.
 *
 * cost[c][j] is the least sum of squares of the first j distinct values in
 * c + 1 classes, and start[c][j] the first value of the last class of that
 * partition. For sorted values the within-class sum of squares satisfies
 * the quadrangle inequality, so start[c][j] never decreases as j grows.
 * Each row is therefore filled by divide and conquer in O(m log m) instead
 * of O(m^2), and tests/check-tui-chart.c compares the result with the
 * plain O(classes m^2) recurrence.
 */
struct jenks {
    size_t m;      /* distinct values */
    double *count; /* prefix sums over the first j values: weights, */
    double *sum;   /* values centred on their mean, */
    double *sum2;  /* and their squares */
    double *prev;  /* cost row of c classes */
    double *row;   /* cost row of c + 1 classes */
    size_t *start; /* classes x (m + 1) first values of last classes */
};

/* Sum of squared deviations of distinct values a .. b - 1 from their
 * weighted mean. */
static double
jenks_cost(const struct jenks *dp, size_t a, size_t b)
{
    double w = dp->count[b] - dp->count[a];
    double s = dp->sum[b] - dp->sum[a];
    double ss = dp->sum2[b] - dp->sum2[a] - s * s / w;

    return ss > 0 ? ss : 0;
}

/*
 * Fill row[j] for j in lo..hi with c + 1 classes, knowing that the best
 * start of the last class lies in first..last.
 */
static void
jenks_fill(struct jenks *dp, size_t *start_row, size_t c, size_t lo, size_t hi,
           size_t first, size_t last)
{
    size_t j = lo + (hi - lo) / 2;
    size_t s = first > c ? first : c;
    size_t end = last < j - 1 ? last : j - 1;
    size_t best_start = s;
    double best = DBL_MAX;

    /* The first c classes need at least c values before the last class. */
    for (; s <= end; s++) {
        double total = dp->prev[s] + jenks_cost(dp, s, j);

        if (total < best) {
            best = total;
            best_start = s;
        }
    }
    dp->row[j] = best;
    start_row[j] = best_start;

    if (j > lo) {
        jenks_fill(dp, start_row, c, lo, j - 1, first, best_start);
    }
    if (j < hi) {
        jenks_fill(dp, start_row, c, j + 1, hi, best_start, last);
    }
}

static int
breaks_jenks(const struct distinct *set, int classes, double *breaks)
{
    struct jenks dp;
    size_t m = set->size;
    double mean = 0;
    double *swap;
    size_t c;
    size_t j;
    int rc = -1;

    memset(&dp, 0, sizeof(dp));
    dp.m = m;
    dp.count = malloc((m + 1) * sizeof(double));
    dp.sum = malloc((m + 1) * sizeof(double));
    dp.sum2 = malloc((m + 1) * sizeof(double));
    dp.prev = malloc((m + 1) * sizeof(double));
    dp.row = malloc((m + 1) * sizeof(double));
    dp.start = malloc((size_t)classes * (m + 1) * sizeof(size_t));
    if (dp.count == NULL || dp.sum == NULL || dp.sum2 == NULL ||
        dp.prev == NULL || dp.row == NULL || dp.start == NULL) {
        goto out;
    }

    /* Centring on the mean keeps the prefix sums of squares small, so the
     * difference in jenks_cost loses fewer digits. */
    for (j = 0; j < m; j++) {
        mean += set->values[j] * (double)set->counts[j];
    }
    mean /= (double)set->total;
    dp.count[0] = dp.sum[0] = dp.sum2[0] = 0;
    for (j = 0; j < m; j++) {
        double w = (double)set->counts[j];
        double v = set->values[j] - mean;

        dp.count[j + 1] = dp.count[j] + w;
        dp.sum[j + 1] = dp.sum[j] + w * v;
        dp.sum2[j + 1] = dp.sum2[j] + w * v * v;
    }

    /* One class: everything from the first value. */
    for (j = 1; j <= m; j++) {
        dp.prev[j] = jenks_cost(&dp, 0, j);
        dp.start[j] = 0;
    }
    for (c = 1; c < (size_t)classes; c++) {
        /* c + 1 classes need at least c + 1 values. */
        jenks_fill(&dp, dp.start + c * (m + 1), c, c + 1, m, c, m - 1);
        swap = dp.prev;
        dp.prev = dp.row;
        dp.row = swap;
    }

    /* Walk back from the last class. */
    j = m;
    for (c = (size_t)classes - 1; c > 0; c--) {
        j = dp.start[c * (m + 1) + j];
        breaks[c] = set->values[j];
    }
    breaks[0] = set->values[0];
    breaks[classes] = set->values[m - 1];
    rc = 0;

out:
    free(dp.count);
    free(dp.sum);
    free(dp.sum2);
    free(dp.prev);
    free(dp.row);
    free(dp.start);
    return rc;
}

/*
 * Every inner bound that quantile and natural breaks produce is a data
 * value: the smallest value of the class it starts. Equal intervals put
 * their bounds at equal steps instead.
 */
int
classify_breaks(const double *values, size_t n, int classes,
                enum classify_method method, double *breaks)
{
    struct distinct set;
    int rc;

    if (classes < CLASSIFY_MIN || classes > CLASSIFY_MAX) {
        return -1;
    }
    if (n == 0) {
        return 0;
    }
    if (distinct_build(values, n, &set) == -1) {
        return -1;
    }

    if (set.size < (size_t)classes) {
        rc = breaks_per_value(&set, breaks);
        goto out;
    }
    rc = classes;
    switch (method) {
    case CLASSIFY_QUANTILE:
        breaks_quantile(&set, classes, breaks);
        break;
    case CLASSIFY_EQUAL:
        breaks_equal(&set, classes, breaks);
        break;
    case CLASSIFY_JENKS:
        rc = breaks_jenks(&set, classes, breaks) == 0 ? classes : -1;
        break;
    default:
        rc = -1;
        break;
    }

out:
    distinct_free(&set);
    return rc;
}

int
classify_index(const double *breaks, int classes, double value)
{
    int i = 0;

    while (i + 1 < classes && value >= breaks[i + 1]) {
        i++;
    }
    return i;
}

const char *
classify_method_name(enum classify_method method)
{
    switch (method) {
    case CLASSIFY_QUANTILE:
        return "quantile";
    case CLASSIFY_EQUAL:
        return "equal";
    case CLASSIFY_JENKS:
        return "jenks";
    }
    return "unknown";
}

int
braille_init(struct braille *canvas, int cols, int rows)
{
    canvas->cols = 0;
    canvas->rows = 0;
    canvas->cells = NULL;
    if (cols < 0 || rows < 0) {
        return -1;
    }
    if (cols > 0 && rows > 0) {
        canvas->cells = calloc((size_t)cols * (size_t)rows, 1);
        if (canvas->cells == NULL) {
            return -1;
        }
    }
    canvas->cols = cols;
    canvas->rows = rows;
    return 0;
}

void
braille_free(struct braille *canvas)
{
    free(canvas->cells);
    canvas->cells = NULL;
    canvas->cols = 0;
    canvas->rows = 0;
}

void
braille_clear(struct braille *canvas)
{
    if (canvas->cells != NULL) {
        memset(canvas->cells, 0, (size_t)canvas->cols * (size_t)canvas->rows);
    }
}

/*
 * Dot bits of a braille cell (Unicode 3.0, block U+2800). The left column
 * contains dots 1, 2, 3 and 7 from top to bottom, and the right column
 * dots 4, 5, 6 and 8. Dot k is bit k - 1 of the offset from U+2800.
 */
static const uint8_t braille_bits[4][2] = {
    {0x01, 0x08},
    {0x02, 0x10},
    {0x04, 0x20},
    {0x40, 0x80},
};

/* Set dot (x, y). Dots outside the canvas are ignored. */
void
braille_set(struct braille *canvas, int x, int y)
{
    if (x < 0 || y < 0 || x >= 2 * canvas->cols || y >= 4 * canvas->rows) {
        return;
    }
    canvas->cells[(y / 4) * canvas->cols + x / 2] |= braille_bits[y % 4][x % 2];
}

/* Bresenham's algorithm in all eight octants, with the error term kept in
 * long so that far-away end points cannot overflow it. */
void
braille_line(struct braille *canvas, int x0, int y0, int x1, int y1)
{
    long dx = labs((long)x1 - x0);
    long dy = -labs((long)y1 - y0);
    int sx = x0 < x1 ? 1 : -1;
    int sy = y0 < y1 ? 1 : -1;
    long err = dx + dy;

    for (;;) {
        long twice = 2 * err;

        braille_set(canvas, x0, y0);
        if (x0 == x1 && y0 == y1) {
            break;
        }
        if (twice >= dy) {
            err += dy;
            x0 += sx;
        }
        if (twice <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

unsigned int
braille_char(const struct braille *canvas, int row, int col)
{
    uint8_t bits;

    if (row < 0 || col < 0 || row >= canvas->rows || col >= canvas->cols) {
        return 0;
    }
    bits = canvas->cells[row * canvas->cols + col];
    return bits == 0 ? 0 : 0x2800u + bits;
}

/*
 * The bar length is rounded to the nearest eighth of a cell, and a
 * positive value below one sixteenth of a cell still gets one eighth so
 * that it differs from zero. In ASCII the fraction is dropped.
 */
int
chart_bar(double value, double max, int width, int ascii, unsigned int *out)
{
    double fraction = 0;
    long eighths = 0;
    int full;
    int part;
    int i;

    if (width <= 0) {
        return 0;
    }
    if (max > 0 && value > 0) {
        fraction = value >= max ? 1 : value / max;
        eighths = lround(fraction * width * 8);
        if (eighths == 0) {
            eighths = 1;
        }
    }
    full = (int)(eighths / 8);
    part = ascii ? 0 : (int)(eighths % 8);

    for (i = 0; i < width; i++) {
        out[i] = ' ';
    }
    for (i = 0; i < full; i++) {
        out[i] = ascii ? '#' : 0x2588;
    }
    if (part > 0) {
        /* U+2589 is seven eighths wide, U+258F one eighth. */
        out[full] = 0x2590u - (unsigned int)part;
        return full + 1;
    }
    return full;
}

/* Exact share of part i in width cells; negative and NaN values are 0. */
static double
shares_quota(const double *values, size_t i, double total, int width)
{
    return values[i] > 0 ? values[i] / total * width : 0;
}

/*
 * Part that should take the next leftover cell: the largest remainder
 * among the parts that have not taken one yet (cells still equal to the
 * floor of their quota), the lowest index on ties. Returns n when none is
 * left.
 */
static size_t
shares_next(const double *values, size_t n, double total, int width,
            const int *cells)
{
    size_t best = n;
    double best_rest = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        double quota = shares_quota(values, i, total, width);
        double rest = quota - cells[i];

        if (quota > 0 && cells[i] == (int)floor(quota) &&
            (best == n || rest > best_rest)) {
            best = i;
            best_rest = rest;
        }
    }
    return best;
}

/* Part whose cells exceed its quota the most among those with two cells
 * or more, or n when there is none. */
static size_t
shares_donor(const double *values, size_t n, double total, int width,
             const int *cells)
{
    size_t best = n;
    double best_excess = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        double excess = cells[i] - shares_quota(values, i, total, width);

        if (cells[i] >= 2 && (best == n || excess > best_excess)) {
            best = i;
            best_excess = excess;
        }
    }
    return best;
}

/*
 * Hamilton's method (largest remainders): each part gets the floor of its
 * quota, and the cells left go to the largest remainders. Then each
 * non-zero part left with no cell takes one from the part that exceeds its
 * quota the most, when there are at least as many cells as such parts.
 */
void
chart_shares(const double *values, size_t n, int width, int *cells)
{
    double total = 0;
    size_t nonzero = 0;
    int assigned = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        cells[i] = 0;
        if (values[i] > 0) {
            total += values[i];
            nonzero++;
        }
    }
    if (width <= 0 || !(total > 0) || !isfinite(total)) {
        return;
    }

    for (i = 0; i < n; i++) {
        cells[i] = (int)floor(shares_quota(values, i, total, width));
        assigned += cells[i];
    }
    while (assigned < width) {
        size_t next = shares_next(values, n, total, width, cells);

        /* Only rounding errors leave more than one cell per part. */
        if (next == n) {
            next = 0;
            while (!(values[next] > 0)) {
                next++;
            }
        }
        cells[next]++;
        assigned++;
    }

    if (nonzero > (size_t)width) {
        return;
    }
    for (i = 0; i < n; i++) {
        size_t donor;

        if (!(values[i] > 0) || cells[i] > 0) {
            continue;
        }
        donor = shares_donor(values, n, total, width, cells);
        if (donor == n) {
            break;
        }
        cells[donor]--;
        cells[i] = 1;
    }
}

/* n * mantissa * 10^exponent, divided rather than multiplied by a negative
 * power of ten so that 3 * 0.1 gives 0.3 and not 0.30000000000000004. */
static double
tick_value(long n, double mantissa, int exponent)
{
    if (exponent < 0) {
        return n * mantissa / pow(10, -exponent);
    }
    return n * mantissa * pow(10, exponent);
}

/*
 * Tries steps of 1, 2, 2.5 and 5 times growing powers of ten, starting
 * from a tenth of (hi - lo) / (max - 1). The first step kept is the one
 * whose multiples, from the one at or below lo to the one at or above hi,
 * number at most max.
 */
size_t
chart_tick_count(int rows)
{
    if (rows / 2 < 2)
        return 2;
    return rows / 2 > CHART_TICKS_MAX ? CHART_TICKS_MAX : (size_t)(rows / 2);
}

size_t
chart_ticks(double lo, double hi, size_t max, double *ticks)
{
    static const double mantissas[] = {1, 2, 2.5, 5};
    double raw;
    int exponent;
    size_t m;

    if (max == 0 || !isfinite(lo) || !isfinite(hi)) {
        return 0;
    }
    if (lo > hi) {
        double swap = lo;

        lo = hi;
        hi = swap;
    }
    if (lo == hi || max == 1) {
        ticks[0] = lo;
        return 1;
    }

    /* Ranges too small or too large for a power of ten in a double, and
     * max 2 with lo < 0 < hi, find no step: the ticks are then lo and hi. */
    raw = (hi - lo) / (double)(max - 1);
    exponent = isfinite(raw) && raw > 1e-290 ? (int)floor(log10(raw)) - 1 : 0;
    for (; raw > 1e-290 && exponent < 300; exponent++) {
        for (m = 0; m < sizeof(mantissas) / sizeof(mantissas[0]); m++) {
            double step = tick_value(1, mantissas[m], exponent);
            double first = floor(lo / step);
            double last = ceil(hi / step);
            long k;
            size_t count;
            size_t i;

            /* Below 2^53 a double represents every integer exactly. */
            if (last - first + 1 > (double)max + 2 || fabs(first) > 1e15 ||
                fabs(last) > 1e15) {
                continue;
            }
            /* The quotients may be rounded, so the ends are settled on the
             * tick values themselves: the last one at or below lo, and the
             * first one at or above hi. */
            k = (long)first;
            while (tick_value(k, mantissas[m], exponent) > lo) {
                k--;
            }
            while (tick_value(k + 1, mantissas[m], exponent) <= lo) {
                k++;
            }
            first = (double)k;
            k = (long)last;
            while (tick_value(k, mantissas[m], exponent) < hi) {
                k++;
            }
            while (tick_value(k - 1, mantissas[m], exponent) >= hi) {
                k--;
            }
            last = (double)k;
            if (last - first + 1 > (double)max) {
                continue;
            }
            count = (size_t)(last - first) + 1;
            for (i = 0; i < count; i++) {
                ticks[i] =
                    tick_value((long)first + (long)i, mantissas[m], exponent);
            }
            return count;
        }
    }
    ticks[0] = lo;
    ticks[1] = hi;
    return 2;
}
