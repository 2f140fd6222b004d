/*
 * terrish: unit tests of class breaks, braille canvases, bars, shares and
 * axis ticks (tui/chart.c). The expected bounds are worked out by hand in
 * the comments next to each case.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "tui/chart.h"

#define LEN(array) (sizeof(array) / sizeof((array)[0]))

static const enum classify_method all_methods[] = {
    CLASSIFY_QUANTILE,
    CLASSIFY_EQUAL,
    CLASSIFY_JENKS,
};

/* Check each bound of breaks against expected (classes + 1 of them). */
static void
assert_breaks(const double *breaks, const double *expected, int classes)
{
    int i;

    for (i = 0; i <= classes; i++) {
        ck_assert_msg(breaks[i] == expected[i], "breaks[%d] is %g, not %g", i,
                      breaks[i], expected[i]);
    }
}

START_TEST(quantile_ten_values_five_classes)
{
    /* 10 values in 5 classes: 2 per class. The classes are {1, 2}, {3, 4},
     * {5, 6}, {7, 8}, {9, 10}, so the inner bounds are the first value of
     * each class: 3, 5, 7, 9. */
    const double values[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    const double expected[] = {1, 3, 5, 7, 9, 10};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes =
        classify_breaks(values, LEN(values), 5, CLASSIFY_QUANTILE, breaks);
    ck_assert_int_eq(classes, 5);
    assert_breaks(breaks, expected, classes);
    ck_assert_int_eq(classify_index(breaks, classes, 2), 0);
    ck_assert_int_eq(classify_index(breaks, classes, 3), 1);
    ck_assert_int_eq(classify_index(breaks, classes, 10), 4);
}
END_TEST

START_TEST(quantile_ten_values_three_classes)
{
    /* Targets 10/3 = 3.33 and 6.67 values below each inner bound. Three
     * values below 4 is nearest to 3.33, seven below 8 nearest to 6.67:
     * classes {1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10}. */
    const double values[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const double expected[] = {1, 4, 8, 10};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes =
        classify_breaks(values, LEN(values), 3, CLASSIFY_QUANTILE, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
}
END_TEST

START_TEST(quantile_ties_stay_together)
{
    /* Sorted: 1, 2, 2, 2, 2, 3, 4, 5, 6; targets 3 and 6 values below.
     * Bound 1: 1 value below 2 and 5 below 3 are both 2 away from 3, so
     * the nearer-first rule keeps 2. Bound 2: 6 values below 4 hit the
     * target. Classes {1}, {2, 2, 2, 2, 3}, {4, 5, 6}: the four 2s are not
     * split although a class of exactly 3 values would need it. */
    const double values[] = {2, 5, 2, 1, 6, 2, 3, 4, 2};
    const double expected[] = {1, 2, 4, 6};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes =
        classify_breaks(values, LEN(values), 3, CLASSIFY_QUANTILE, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
    ck_assert_int_eq(classify_index(breaks, classes, 2), 1);
}
END_TEST

START_TEST(quantile_heavy_ties_no_empty_class)
{
    /* Eight 1s, then 2 and 3. Targets 3.33 and 6.67 both fall inside the
     * run of 1s, but each class keeps one distinct value: {1 x 8}, {2},
     * {3}. */
    const double values[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 3};
    const double expected[] = {1, 2, 3, 3};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes =
        classify_breaks(values, LEN(values), 3, CLASSIFY_QUANTILE, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
    ck_assert_int_eq(classify_index(breaks, classes, 1), 0);
    ck_assert_int_eq(classify_index(breaks, classes, 2), 1);
    ck_assert_int_eq(classify_index(breaks, classes, 3), 2);
}
END_TEST

START_TEST(equal_intervals_four_classes)
{
    /* Range 0..100 in 4 classes of width 25: bounds 0, 25, 50, 75, 100.
     * 0, 10 and 20 fall in class 0, 100 in class 3, classes 1 and 2 are
     * empty. */
    const double values[] = {0, 10, 20, 100};
    const double expected[] = {0, 25, 50, 75, 100};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes = classify_breaks(values, LEN(values), 4, CLASSIFY_EQUAL, breaks);
    ck_assert_int_eq(classes, 4);
    assert_breaks(breaks, expected, classes);
    ck_assert_int_eq(classify_index(breaks, classes, 20), 0);
    /* A value on a bound belongs to the class above it. */
    ck_assert_int_eq(classify_index(breaks, classes, 25), 1);
    ck_assert_int_eq(classify_index(breaks, classes, 50), 2);
    /* The last class includes the maximum. */
    ck_assert_int_eq(classify_index(breaks, classes, 100), 3);
}
END_TEST

START_TEST(equal_intervals_negative_range)
{
    /* Range -30..0 in 3 classes of width 10: -30, -20, -10, 0. */
    const double values[] = {-30, -5, -12, 0};
    const double expected[] = {-30, -20, -10, 0};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes = classify_breaks(values, LEN(values), 3, CLASSIFY_EQUAL, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
    ck_assert_int_eq(classify_index(breaks, classes, -12), 1);
}
END_TEST

START_TEST(jenks_three_clusters)
{
    /* Clusters 1-3, 10-12 and 50-52 each have a sum of squares of 2 around
     * their mean, 6 in all. Moving any value to a neighbouring cluster
     * costs far more, so the classes start at 1, 10 and 50. */
    const double values[] = {52, 1, 11, 3, 50, 10, 2, 51, 12};
    const double expected[] = {1, 10, 50, 52};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes = classify_breaks(values, LEN(values), 3, CLASSIFY_JENKS, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
    ck_assert_int_eq(classify_index(breaks, classes, 3), 0);
    ck_assert_int_eq(classify_index(breaks, classes, 12), 1);
    ck_assert_int_eq(classify_index(breaks, classes, 52), 2);
}
END_TEST

START_TEST(jenks_ties_weighted)
{
    /* Distinct values 1 (x4), 2, 9 (x2), 10 in 3 classes; the three ways
     * to cut them:
     *   {1 1 1 1} {2} {9 9 10}: 0 + 0 + 2/3         = 0.67
     *   {1 1 1 1 2} {9 9} {10}: 0.8 + 0 + 0         = 0.80
     *   {1 1 1 1} {2 9 9} {10}: 0 + 32.67 + 0       = 32.67
     * so the classes start at 1, 2 and 9. */
    const double values[] = {9, 1, 10, 1, 2, 1, 9, 1};
    const double expected[] = {1, 2, 9, 10};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes = classify_breaks(values, LEN(values), 3, CLASSIFY_JENKS, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
}
END_TEST

/* Sum of squared deviations from the class means when values are put in
 * classes by classify_index. */
static double
partition_cost(const double *values, size_t n, const double *breaks,
               int classes)
{
    double sum[CLASSIFY_MAX] = {0};
    double sum2[CLASSIFY_MAX] = {0};
    size_t count[CLASSIFY_MAX] = {0};
    double total = 0;
    size_t i;
    int c;

    for (i = 0; i < n; i++) {
        c = classify_index(breaks, classes, values[i]);
        sum[c] += values[i];
        sum2[c] += values[i] * values[i];
        count[c]++;
    }
    for (c = 0; c < classes; c++) {
        if (count[c] > 0) {
            total += sum2[c] - sum[c] * sum[c] / (double)count[c];
        }
    }
    return total;
}

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

/*
 * The minimum sum of squares over every split of the sorted values into
 * classes non-empty runs (a run may cut through equal values): Fisher's
 * recurrence in O(classes n^2), without any speed-up.
 */
static double
reference_cost(const double *values, size_t n, int classes)
{
    double *sorted = malloc(n * sizeof(*sorted));
    double *prev = malloc((n + 1) * sizeof(*prev));
    double *row = malloc((n + 1) * sizeof(*row));
    double result;
    size_t i;
    size_t j;
    int c;

    ck_assert_ptr_nonnull(sorted);
    ck_assert_ptr_nonnull(prev);
    ck_assert_ptr_nonnull(row);
    for (i = 0; i < n; i++) {
        sorted[i] = values[i];
    }
    qsort(sorted, n, sizeof(*sorted), compare_double);

    for (j = 1; j <= n; j++) {
        double s = 0;
        double s2 = 0;

        for (i = 0; i < j; i++) {
            s += sorted[i];
            s2 += sorted[i] * sorted[i];
        }
        prev[j] = s2 - s * s / (double)j;
    }
    for (c = 1; c < classes; c++) {
        for (j = (size_t)c + 1; j <= n; j++) {
            double s = 0;
            double s2 = 0;

            row[j] = DBL_MAX;
            /* Last class: sorted[i .. j - 1], grown one value at a time. */
            for (i = j - 1; i >= (size_t)c; i--) {
                double cost;

                s += sorted[i];
                s2 += sorted[i] * sorted[i];
                cost = prev[i] + s2 - s * s / (double)(j - i);
                if (cost < row[j]) {
                    row[j] = cost;
                }
            }
        }
        for (j = 0; j <= n; j++) {
            prev[j] = row[j];
        }
    }
    result = prev[n];
    free(sorted);
    free(prev);
    free(row);
    return result;
}

START_TEST(jenks_matches_plain_recurrence)
{
    double values[120];
    double breaks[CLASSIFY_MAX + 1];
    int round;

    /* Fixed seed: the same sets on every run. Half the sets are small
     * integers, so they have many ties. */
    srand(20260412);
    for (round = 0; round < 40; round++) {
        size_t n = 20 + (size_t)(rand() % 100);
        int requested =
            CLASSIFY_MIN + rand() % (CLASSIFY_MAX - CLASSIFY_MIN + 1);
        double best;
        double got;
        size_t i;
        int classes;

        for (i = 0; i < n; i++) {
            values[i] = round % 2 == 0 ? (double)(rand() % 40)
                                       : rand() / (double)RAND_MAX * 1000.0;
        }
        classes = classify_breaks(values, n, requested, CLASSIFY_JENKS, breaks);
        ck_assert_int_eq(classes, requested);
        best = reference_cost(values, n, classes);
        got = partition_cost(values, n, breaks, classes);
        ck_assert_msg(got <= best + 1e-6 * (best + 1),
                      "round %d: sum of squares %.9g, least is %.9g", round,
                      got, best);
    }
}
END_TEST

START_TEST(breaks_fewer_distinct_values)
{
    /* Two distinct values for 5 classes: one class each, [4, 7) and
     * [7, 7], whatever the method. */
    const double values[] = {7, 4, 7, 4, 7};
    const double expected[] = {4, 7, 7};
    double breaks[CLASSIFY_MAX + 1];
    size_t m;

    for (m = 0; m < LEN(all_methods); m++) {
        int classes =
            classify_breaks(values, LEN(values), 5, all_methods[m], breaks);

        ck_assert_int_eq(classes, 2);
        assert_breaks(breaks, expected, classes);
        ck_assert_int_eq(classify_index(breaks, classes, 4), 0);
        ck_assert_int_eq(classify_index(breaks, classes, 7), 1);
    }
}
END_TEST

START_TEST(breaks_distinct_equal_to_classes)
{
    /* Three distinct values in 3 classes: quantile and natural breaks give
     * one class per value. */
    const double values[] = {5, 1, 3, 5, 1};
    const double expected[] = {1, 3, 5, 5};
    double breaks[CLASSIFY_MAX + 1];
    int classes;

    classes =
        classify_breaks(values, LEN(values), 3, CLASSIFY_QUANTILE, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
    classes = classify_breaks(values, LEN(values), 3, CLASSIFY_JENKS, breaks);
    ck_assert_int_eq(classes, 3);
    assert_breaks(breaks, expected, classes);
}
END_TEST

START_TEST(breaks_all_equal_one_class)
{
    const double values[] = {2.5, 2.5, 2.5};
    double breaks[CLASSIFY_MAX + 1];
    size_t m;

    for (m = 0; m < LEN(all_methods); m++) {
        ck_assert_int_eq(
            classify_breaks(values, LEN(values), 5, all_methods[m], breaks), 1);
        ck_assert_double_eq(breaks[0], 2.5);
        ck_assert_double_eq(breaks[1], 2.5);
        ck_assert_int_eq(classify_index(breaks, 1, 2.5), 0);
    }
}
END_TEST

START_TEST(breaks_single_value)
{
    const double value = -3.25;
    double breaks[CLASSIFY_MAX + 1];
    size_t m;

    for (m = 0; m < LEN(all_methods); m++) {
        ck_assert_int_eq(classify_breaks(&value, 1, 9, all_methods[m], breaks),
                         1);
        ck_assert_double_eq(breaks[0], -3.25);
        ck_assert_double_eq(breaks[1], -3.25);
    }
}
END_TEST

START_TEST(breaks_no_values)
{
    double breaks[CLASSIFY_MAX + 1];
    size_t m;

    for (m = 0; m < LEN(all_methods); m++) {
        ck_assert_int_eq(classify_breaks(NULL, 0, 5, all_methods[m], breaks),
                         0);
    }
}
END_TEST

START_TEST(breaks_invalid_classes)
{
    const double values[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    double breaks[CLASSIFY_MAX + 2];
    size_t m;

    for (m = 0; m < LEN(all_methods); m++) {
        ck_assert_int_eq(classify_breaks(values, LEN(values), CLASSIFY_MIN - 1,
                                         all_methods[m], breaks),
                         -1);
        ck_assert_int_eq(classify_breaks(values, LEN(values), CLASSIFY_MAX + 1,
                                         all_methods[m], breaks),
                         -1);
        ck_assert_int_eq(classify_breaks(NULL, 0, 0, all_methods[m], breaks),
                         -1);
    }
    ck_assert_int_eq(classify_breaks(values, LEN(values), 5,
                                     (enum classify_method)42, breaks),
                     -1);
}
END_TEST

START_TEST(index_clamps_outside_values)
{
    const double breaks[] = {0, 10, 20, 30};

    ck_assert_int_eq(classify_index(breaks, 3, -5), 0);
    ck_assert_int_eq(classify_index(breaks, 3, 9.999), 0);
    ck_assert_int_eq(classify_index(breaks, 3, 10), 1);
    ck_assert_int_eq(classify_index(breaks, 3, 30), 2);
    ck_assert_int_eq(classify_index(breaks, 3, 1e9), 2);
}
END_TEST

START_TEST(method_names)
{
    ck_assert_str_eq(classify_method_name(CLASSIFY_QUANTILE), "quantile");
    ck_assert_str_eq(classify_method_name(CLASSIFY_EQUAL), "equal");
    ck_assert_str_eq(classify_method_name(CLASSIFY_JENKS), "jenks");
}
END_TEST

START_TEST(braille_dot_numbering)
{
    /* Dots 1, 2, 3, 7 down the left column, 4, 5, 6, 8 down the right;
     * dot k is bit k - 1 above U+2800. */
    const struct {
        int x;
        int y;
        unsigned int code;
    } dots[] = {
        {0, 0, 0x2801}, {0, 1, 0x2802}, {0, 2, 0x2804}, {0, 3, 0x2840},
        {1, 0, 0x2808}, {1, 1, 0x2810}, {1, 2, 0x2820}, {1, 3, 0x2880},
    };
    struct braille canvas;
    size_t i;

    ck_assert_int_eq(braille_init(&canvas, 1, 1), 0);
    for (i = 0; i < LEN(dots); i++) {
        braille_clear(&canvas);
        ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0);
        braille_set(&canvas, dots[i].x, dots[i].y);
        ck_assert_uint_eq(braille_char(&canvas, 0, 0), dots[i].code);
    }
    for (i = 0; i < LEN(dots); i++) {
        braille_set(&canvas, dots[i].x, dots[i].y);
    }
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0x28ff);
    braille_free(&canvas);
}
END_TEST

START_TEST(braille_cell_of_dot)
{
    /* Dot (5, 6) is in column 2 (x 4-5), row 1 (y 4-7), as its right
     * column and third row: dot 6, bit 0x20. */
    struct braille canvas;

    ck_assert_int_eq(braille_init(&canvas, 4, 3), 0);
    braille_set(&canvas, 5, 6);
    ck_assert_uint_eq(braille_char(&canvas, 1, 2), 0x2820);
    ck_assert_uint_eq(braille_char(&canvas, 0, 2), 0);
    ck_assert_uint_eq(braille_char(&canvas, 1, 1), 0);
    braille_free(&canvas);
}
END_TEST

START_TEST(braille_diagonal_line)
{
    /* (0, 0) to (3, 3) on 2 x 1 cells sets the dots (0, 0), (1, 1), (2, 2)
     * and (3, 3). Cell 0: dot 1 (0x01) + dot 5 (0x10) = U+2811. Cell 1:
     * dot 3 (0x04) + dot 8 (0x80) = U+2884. */
    struct braille canvas;

    ck_assert_int_eq(braille_init(&canvas, 2, 1), 0);
    braille_line(&canvas, 0, 0, 3, 3);
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0x2811);
    ck_assert_uint_eq(braille_char(&canvas, 0, 1), 0x2884);
    braille_free(&canvas);
}
END_TEST

START_TEST(braille_shallow_line_both_ways)
{
    /* Bresenham from (0, 0) to (3, 1): dx 3, dy 1, the error starts at 2
     * and y steps once, between x 1 and x 2. Dots (0, 0), (1, 0), (2, 1),
     * (3, 1): cell 0 = dots 1 and 4 = U+2809, cell 1 = dots 2 and 5 =
     * U+2812. Drawn backwards the line takes the same dots. */
    struct braille canvas;

    ck_assert_int_eq(braille_init(&canvas, 2, 1), 0);
    braille_line(&canvas, 0, 0, 3, 1);
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0x2809);
    ck_assert_uint_eq(braille_char(&canvas, 0, 1), 0x2812);
    braille_clear(&canvas);
    braille_line(&canvas, 3, 1, 0, 0);
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0x2809);
    ck_assert_uint_eq(braille_char(&canvas, 0, 1), 0x2812);
    braille_free(&canvas);
}
END_TEST

START_TEST(braille_vertical_line)
{
    /* x = 1 from y 0 to 7 fills the right column of both rows: dots 4, 5,
     * 6 and 8 = 0x08 + 0x10 + 0x20 + 0x80 = U+28B8. */
    struct braille canvas;

    ck_assert_int_eq(braille_init(&canvas, 1, 2), 0);
    braille_line(&canvas, 1, 7, 1, 0);
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0x28b8);
    ck_assert_uint_eq(braille_char(&canvas, 1, 0), 0x28b8);
    braille_free(&canvas);
}
END_TEST

START_TEST(braille_line_clipped)
{
    /* Only the dots inside the 2 x 4 dot canvas are set: (0, 0), (1, 0). */
    struct braille canvas;

    ck_assert_int_eq(braille_init(&canvas, 1, 1), 0);
    braille_line(&canvas, -40, 0, 30, 0);
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0x2809);
    ck_assert_uint_eq(braille_char(&canvas, 0, 1), 0);
    ck_assert_uint_eq(braille_char(&canvas, -1, 0), 0);
    braille_free(&canvas);
}
END_TEST

START_TEST(braille_init_sizes)
{
    struct braille canvas;

    ck_assert_int_eq(braille_init(&canvas, 0, 3), 0);
    braille_set(&canvas, 0, 0);
    braille_line(&canvas, 0, 0, 5, 5);
    ck_assert_uint_eq(braille_char(&canvas, 0, 0), 0);
    braille_clear(&canvas);
    braille_free(&canvas);
    ck_assert_int_eq(braille_init(&canvas, -1, 3), -1);
}
END_TEST

START_TEST(bar_half_width)
{
    /* 5 of 10 over 4 cells: 2 full cells, then spaces. */
    unsigned int out[4];

    ck_assert_int_eq(chart_bar(5, 10, 4, 0, out), 2);
    ck_assert_uint_eq(out[0], 0x2588);
    ck_assert_uint_eq(out[1], 0x2588);
    ck_assert_uint_eq(out[2], ' ');
    ck_assert_uint_eq(out[3], ' ');
}
END_TEST

START_TEST(bar_eighths_of_one_cell)
{
    /* e eighths of one cell: U+2590 - e for 1 to 7 (U+258F is one eighth,
     * U+2589 seven), the full block for 8, a space for 0. */
    unsigned int out[1];
    int e;

    for (e = 0; e <= 8; e++) {
        int touched = chart_bar(e, 8, 1, 0, out);

        ck_assert_int_eq(touched, e > 0 ? 1 : 0);
        if (e == 0) {
            ck_assert_uint_eq(out[0], ' ');
        } else if (e == 8) {
            ck_assert_uint_eq(out[0], 0x2588);
        } else {
            ck_assert_uint_eq(out[0], 0x2590u - (unsigned int)e);
        }
    }
}
END_TEST

START_TEST(bar_fraction_rounds_to_eighth)
{
    /* 0.7 of 2 cells = 11.2 eighths, rounded to 11: one full cell and
     * three eighths (U+258D). 3 of 8 over 3 cells = 9 eighths: one full
     * cell and one eighth (U+258F). */
    unsigned int out[3];

    ck_assert_int_eq(chart_bar(0.7, 1, 2, 0, out), 2);
    ck_assert_uint_eq(out[0], 0x2588);
    ck_assert_uint_eq(out[1], 0x258d);
    ck_assert_int_eq(chart_bar(3, 8, 3, 0, out), 2);
    ck_assert_uint_eq(out[0], 0x2588);
    ck_assert_uint_eq(out[1], 0x258f);
    ck_assert_uint_eq(out[2], ' ');
}
END_TEST

START_TEST(bar_tiny_value_visible)
{
    /* 1 of 1,000,000 is far below an eighth of 5 cells, but not zero. */
    unsigned int out[5];

    ck_assert_int_eq(chart_bar(1, 1e6, 5, 0, out), 1);
    ck_assert_uint_eq(out[0], 0x258f);
    ck_assert_uint_eq(out[1], ' ');
}
END_TEST

START_TEST(bar_empty_and_full)
{
    unsigned int out[3];
    int i;

    ck_assert_int_eq(chart_bar(0, 10, 3, 0, out), 0);
    ck_assert_uint_eq(out[0], ' ');
    ck_assert_int_eq(chart_bar(-4, 10, 3, 0, out), 0);
    ck_assert_uint_eq(out[0], ' ');
    ck_assert_int_eq(chart_bar(NAN, 10, 3, 0, out), 0);
    ck_assert_int_eq(chart_bar(5, 0, 3, 0, out), 0);
    ck_assert_uint_eq(out[2], ' ');
    ck_assert_int_eq(chart_bar(25, 10, 3, 0, out), 3);
    for (i = 0; i < 3; i++) {
        ck_assert_uint_eq(out[i], 0x2588);
    }
    ck_assert_int_eq(chart_bar(5, 10, 0, 0, out), 0);
}
END_TEST

START_TEST(bar_ascii_drops_fraction)
{
    /* 5 of 10 over 4 cells: "##  ". 7/8 of one cell: nothing. */
    unsigned int out[4];

    ck_assert_int_eq(chart_bar(5, 10, 4, 1, out), 2);
    ck_assert_uint_eq(out[0], '#');
    ck_assert_uint_eq(out[1], '#');
    ck_assert_uint_eq(out[2], ' ');
    ck_assert_uint_eq(out[3], ' ');
    ck_assert_int_eq(chart_bar(7, 8, 1, 1, out), 0);
    ck_assert_uint_eq(out[0], ' ');
}
END_TEST

START_TEST(shares_largest_remainder)
{
    /* 50/30/20 of 7 cells: quotas 3.5, 2.1, 1.4, floors 3 + 2 + 1 = 6.
     * The cell left goes to the largest remainder, 0.5: 4, 2, 1. */
    const double values[] = {50, 30, 20};
    int cells[3];

    chart_shares(values, 3, 7, cells);
    ck_assert_int_eq(cells[0], 4);
    ck_assert_int_eq(cells[1], 2);
    ck_assert_int_eq(cells[2], 1);
}
END_TEST

START_TEST(shares_equal_remainders_first_wins)
{
    /* Three equal parts of 10 cells: 3.33 each, floors 9, and the cell
     * left goes to the first of the equal remainders. */
    const double values[] = {1, 1, 1};
    int cells[3];

    chart_shares(values, 3, 10, cells);
    ck_assert_int_eq(cells[0], 4);
    ck_assert_int_eq(cells[1], 3);
    ck_assert_int_eq(cells[2], 3);
}
END_TEST

START_TEST(shares_tiny_part_gets_cell)
{
    /* {1e6, 1, 1} over 5 cells: quotas 4.99999, 0.000005, 0.000005. The
     * largest remainders give 5, 0, 0; each tiny part then takes a cell
     * from the first: 3, 1, 1. The zero part stays at 0. */
    const double values[] = {1e6, 1, 0, 1};
    int cells[4];

    chart_shares(values, 4, 5, cells);
    ck_assert_int_eq(cells[0], 3);
    ck_assert_int_eq(cells[1], 1);
    ck_assert_int_eq(cells[2], 0);
    ck_assert_int_eq(cells[3], 1);
}
END_TEST

START_TEST(shares_more_parts_than_cells)
{
    /* Five equal parts of 3 cells: floors 0, and the 3 cells go to the
     * first three equal remainders. */
    const double values[] = {1, 1, 1, 1, 1};
    int cells[5];

    chart_shares(values, 5, 3, cells);
    ck_assert_int_eq(cells[0], 1);
    ck_assert_int_eq(cells[1], 1);
    ck_assert_int_eq(cells[2], 1);
    ck_assert_int_eq(cells[3], 0);
    ck_assert_int_eq(cells[4], 0);
}
END_TEST

START_TEST(shares_nothing_to_split)
{
    const double zeros[] = {0, 0};
    const double negative[] = {-5, 10};
    int cells[2] = {7, 7};

    chart_shares(zeros, 2, 10, cells);
    ck_assert_int_eq(cells[0], 0);
    ck_assert_int_eq(cells[1], 0);
    chart_shares(negative, 2, 10, cells);
    ck_assert_int_eq(cells[0], 0);
    ck_assert_int_eq(cells[1], 10);
    chart_shares(negative, 2, 0, cells);
    ck_assert_int_eq(cells[0], 0);
    ck_assert_int_eq(cells[1], 0);
}
END_TEST

START_TEST(shares_always_sum_to_width)
{
    double values[12];
    int cells[12];
    int round;

    srand(7);
    for (round = 0; round < 500; round++) {
        size_t n = 1 + (size_t)(rand() % 12);
        int width = 1 + rand() % 80;
        size_t nonzero = 0;
        int sum = 0;
        size_t i;

        for (i = 0; i < n; i++) {
            /* Spread over 9 orders of magnitude, a quarter of them 0. */
            values[i] = rand() % 4 == 0 ? 0 : pow(10, rand() % 9) * rand();
            nonzero += values[i] > 0;
        }
        if (nonzero == 0) {
            values[0] = 1;
            nonzero = 1;
        }
        chart_shares(values, n, width, cells);
        for (i = 0; i < n; i++) {
            ck_assert_int_ge(cells[i], 0);
            if (values[i] == 0) {
                ck_assert_int_eq(cells[i], 0);
            } else if (nonzero <= (size_t)width) {
                ck_assert_int_ge(cells[i], 1);
            }
            sum += cells[i];
        }
        ck_assert_int_eq(sum, width);
    }
}
END_TEST

/* Check ticks[0 .. count - 1] against expected. */
static void
assert_ticks(const double *ticks, size_t count, const double *expected,
             size_t expected_count)
{
    size_t i;

    ck_assert_uint_eq(count, expected_count);
    for (i = 0; i < count; i++) {
        ck_assert_msg(ticks[i] == expected[i], "tick %zu is %.17g, not %g", i,
                      ticks[i], expected[i]);
    }
}

/* A tall chart (29 rows at 120x40, more at 400x120) requests at most
 * CHART_TICKS_MAX ticks, so they fit an axis array of that size. */
START_TEST(ticks_of_tall_chart_fit_array)
{
    double ticks[CHART_TICKS_MAX + 1];
    int rows;

    ck_assert_uint_eq(chart_tick_count(1), 2);
    ck_assert_uint_eq(chart_tick_count(6), 3);
    for (rows = 2; rows <= 200; rows++) {
        size_t count;

        ticks[CHART_TICKS_MAX] = -1;
        ck_assert_uint_le(chart_tick_count(rows), CHART_TICKS_MAX);
        count = chart_ticks(0, 2030178, chart_tick_count(rows), ticks);
        ck_assert_uint_le(count, CHART_TICKS_MAX);
        ck_assert_double_eq(ticks[CHART_TICKS_MAX], -1);
    }
}
END_TEST

START_TEST(ticks_step_of_twenty)
{
    /* 0..100 in at most 6 ticks: steps 1, 2, 2.5, 5 and 10 need 101, 51,
     * 41, 21 and 11 ticks; 20 needs 6. */
    const double expected[] = {0, 20, 40, 60, 80, 100};
    double ticks[6];

    assert_ticks(ticks, chart_ticks(0, 100, 6, ticks), expected, 6);
}
END_TEST

START_TEST(ticks_step_of_two_and_a_half)
{
    /* 0.3..9.6 in at most 5: step 2 needs 0..10, 6 ticks; step 2.5 needs
     * 0..10, 5 ticks. */
    const double expected[] = {0, 2.5, 5, 7.5, 10};
    double ticks[5];

    assert_ticks(ticks, chart_ticks(0.3, 9.6, 5, ticks), expected, 5);
}
END_TEST

START_TEST(ticks_across_zero)
{
    /* -3..7 in at most 3: step 5 needs -5..10, 4 ticks; step 10 needs
     * -10..10, 3 ticks. */
    const double expected[] = {-10, 0, 10};
    double ticks[3];

    assert_ticks(ticks, chart_ticks(-3, 7, 3, ticks), expected, 3);
    /* lo and hi given the wrong way round give the same ticks. */
    assert_ticks(ticks, chart_ticks(7, -3, 3, ticks), expected, 3);
}
END_TEST

START_TEST(ticks_decimal_steps_exact)
{
    /* 0..1 in at most 11: step 0.1, each tick the double nearest to k/10
     * (0.3, not 0.30000000000000004). */
    const double expected[] = {0,   0.1, 0.2, 0.3, 0.4, 0.5,
                               0.6, 0.7, 0.8, 0.9, 1};
    double ticks[11];

    assert_ticks(ticks, chart_ticks(0, 1, 11, ticks), expected, 11);
}
END_TEST

START_TEST(ticks_large_values)
{
    /* 1,234..98,765 in at most 6: step 20,000 covers 0..100,000. */
    const double expected[] = {0, 20000, 40000, 60000, 80000, 100000};
    double ticks[6];

    assert_ticks(ticks, chart_ticks(1234, 98765, 6, ticks), expected, 6);
}
END_TEST

START_TEST(ticks_degenerate)
{
    double ticks[4];

    ck_assert_uint_eq(chart_ticks(0, 10, 0, ticks), 0);
    ck_assert_uint_eq(chart_ticks(NAN, 10, 4, ticks), 0);
    ck_assert_uint_eq(chart_ticks(3.7, 3.7, 4, ticks), 1);
    ck_assert_double_eq(ticks[0], 3.7);
    ck_assert_uint_eq(chart_ticks(0, 10, 1, ticks), 1);
    ck_assert_double_eq(ticks[0], 0);
    /* Two multiples of a step never cover both sides of zero. */
    ck_assert_uint_eq(chart_ticks(-1, 1, 2, ticks), 2);
    ck_assert_double_eq(ticks[0], -1);
    ck_assert_double_eq(ticks[1], 1);
    /* On one side of zero two ticks suffice: 0 and 10. */
    ck_assert_uint_eq(chart_ticks(3, 9, 2, ticks), 2);
    ck_assert_double_eq(ticks[0], 0);
    ck_assert_double_eq(ticks[1], 10);
}
END_TEST

START_TEST(ticks_cover_random_ranges)
{
    double ticks[10];
    int round;

    srand(11);
    for (round = 0; round < 500; round++) {
        double lo = (rand() - RAND_MAX / 2) * pow(10, rand() % 7 - 3);
        double hi = lo + rand() * pow(10, rand() % 7 - 5);
        size_t max = 3 + (size_t)(rand() % 8);
        size_t count = chart_ticks(lo, hi, max, ticks);
        double step;
        size_t i;

        ck_assert_uint_ge(count, 2);
        ck_assert_uint_le(count, max);
        ck_assert_double_le(ticks[0], lo);
        ck_assert_double_ge(ticks[count - 1], hi);
        step = ticks[1] - ticks[0];
        for (i = 2; i < count; i++) {
            ck_assert_double_eq_tol(ticks[i] - ticks[i - 1], step, step * 1e-9);
        }
    }
}
END_TEST

static Suite *
chart_suite(void)
{
    Suite *suite = suite_create("tui-chart");
    TCase *breaks = tcase_create("breaks");
    TCase *braille = tcase_create("braille");
    TCase *bars = tcase_create("bars");
    TCase *ticks = tcase_create("ticks");

    tcase_add_test(breaks, quantile_ten_values_five_classes);
    tcase_add_test(breaks, quantile_ten_values_three_classes);
    tcase_add_test(breaks, quantile_ties_stay_together);
    tcase_add_test(breaks, quantile_heavy_ties_no_empty_class);
    tcase_add_test(breaks, equal_intervals_four_classes);
    tcase_add_test(breaks, equal_intervals_negative_range);
    tcase_add_test(breaks, jenks_three_clusters);
    tcase_add_test(breaks, jenks_ties_weighted);
    tcase_add_test(breaks, jenks_matches_plain_recurrence);
    tcase_add_test(breaks, breaks_fewer_distinct_values);
    tcase_add_test(breaks, breaks_distinct_equal_to_classes);
    tcase_add_test(breaks, breaks_all_equal_one_class);
    tcase_add_test(breaks, breaks_single_value);
    tcase_add_test(breaks, breaks_no_values);
    tcase_add_test(breaks, breaks_invalid_classes);
    tcase_add_test(breaks, index_clamps_outside_values);
    tcase_add_test(breaks, method_names);
    suite_add_tcase(suite, breaks);

    tcase_add_test(braille, braille_dot_numbering);
    tcase_add_test(braille, braille_cell_of_dot);
    tcase_add_test(braille, braille_diagonal_line);
    tcase_add_test(braille, braille_shallow_line_both_ways);
    tcase_add_test(braille, braille_vertical_line);
    tcase_add_test(braille, braille_line_clipped);
    tcase_add_test(braille, braille_init_sizes);
    suite_add_tcase(suite, braille);

    tcase_add_test(bars, bar_half_width);
    tcase_add_test(bars, bar_eighths_of_one_cell);
    tcase_add_test(bars, bar_fraction_rounds_to_eighth);
    tcase_add_test(bars, bar_tiny_value_visible);
    tcase_add_test(bars, bar_empty_and_full);
    tcase_add_test(bars, bar_ascii_drops_fraction);
    tcase_add_test(bars, shares_largest_remainder);
    tcase_add_test(bars, shares_equal_remainders_first_wins);
    tcase_add_test(bars, shares_tiny_part_gets_cell);
    tcase_add_test(bars, shares_more_parts_than_cells);
    tcase_add_test(bars, shares_nothing_to_split);
    tcase_add_test(bars, shares_always_sum_to_width);
    suite_add_tcase(suite, bars);

    tcase_add_test(ticks, ticks_step_of_twenty);
    tcase_add_test(ticks, ticks_of_tall_chart_fit_array);
    tcase_add_test(ticks, ticks_step_of_two_and_a_half);
    tcase_add_test(ticks, ticks_across_zero);
    tcase_add_test(ticks, ticks_decimal_steps_exact);
    tcase_add_test(ticks, ticks_large_values);
    tcase_add_test(ticks, ticks_degenerate);
    tcase_add_test(ticks, ticks_cover_random_ranges);
    suite_add_tcase(suite, ticks);
    return suite;
}

int
main(void)
{
    SRunner *runner;
    int failed;

    runner = srunner_create(chart_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
