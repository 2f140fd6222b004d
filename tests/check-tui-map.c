/*
 * terrish: tests of the map module: outline decoding, projection, filling
 * of pixels, edges, movement between units and label placement.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Small cases use hand-made outlines near latitude 0, where the longitude
 * factor is 1, so that their pixels can be worked out by hand. The real
 * cases read the outlines of data/geometry ($TERRISH_DATA) directly.
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/map.h"

#define ENCODING "lonlat-1e5-delta"

static const char *
data_dir(void)
{
    const char *dir = getenv("TERRISH_DATA");

    return dir != NULL && dir[0] != '\0' ? dir : "data";
}

/* The outline of an axis-aligned square, in units of 1e-5 degree. */
static char *
square(long lon, long lat, long size)
{
    return xasprintf("%ld,%ld %ld,0 0,%ld %ld,0", lon, lat, size, size, -size);
}

/* Add a square and check that it gets the expected index. */
static void
add_square(struct map *map, long lon, long lat, long size, int expected)
{
    char *data = square(lon, lat, size);

    ck_assert_int_eq(map_add_unit(map, ENCODING, data), expected);
    free(data);
}

/* The unit of pixel x, y (y counts pixel rows: two per cell row). */
static int
pixel_at(const struct map_cell *cells, int cols, int x, int y)
{
    const struct map_cell *cell = &cells[(y / 2) * cols + x];

    return y % 2 == 0 ? cell->top : cell->bottom;
}

/*
 * Compare the rendered pixels with a picture of one line per pixel row:
 * '.' for MAP_NONE, a digit for a unit.
 */
static void
assert_picture(const struct map_cell *cells, int cols, int rows,
               const char *picture)
{
    int x, y;

    ck_assert_ptr_nonnull(cells);
    ck_assert_uint_eq(strlen(picture), (size_t)(2 * rows * (cols + 1)));
    for (y = 0; y < 2 * rows; y++) {
        for (x = 0; x < cols; x++) {
            char c = picture[y * (cols + 1) + x];
            int expected = c == '.' ? MAP_NONE : c - '0';

            ck_assert_msg(pixel_at(cells, cols, x, y) == expected,
                          "pixel x=%d y=%d: unit %d, expected %d", x, y,
                          pixel_at(cells, cols, x, y), expected);
        }
    }
}

START_TEST(square_fills_fitted_grid)
{
    struct map *map = map_create();
    const struct map_cell *cells = NULL;
    int i;

    add_square(map, 0, 0, 10000, 0);
    ck_assert_uint_eq(map_unit_count(map), 1);
    map_fit(map, 10, 5);
    cells = map_render(map, 10, 5);
    ck_assert_ptr_nonnull(cells);
    for (i = 0; i < 50; i++) {
        ck_assert_int_eq(cells[i].top, 0);
        ck_assert_int_eq(cells[i].bottom, 0);
        ck_assert_int_eq(cells[i].top_edge, 0);
        ck_assert_int_eq(cells[i].bottom_edge, 0);
    }
    map_free(map);
}
END_TEST

START_TEST(square_centred_in_wide_grid)
{
    const char *picture = ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n"
                          ".....0000000000.....\n";
    struct map *map = map_create();

    add_square(map, 0, 0, 10000, 0);
    map_fit(map, 20, 5);
    assert_picture(map_render(map, 20, 5), 20, 5, picture);
    map_free(map);
}
END_TEST

/* Worked out by hand: row y contains the pixel centres x + 0.5 strictly
 * between (9.5 - y) / 2 and (10.5 + y) / 2. */
START_TEST(triangle_covers_expected_pixels)
{
    const char *picture = "..........\n"
                          "....00....\n"
                          "....00....\n"
                          "...0000...\n"
                          "...0000...\n"
                          "..000000..\n"
                          "..000000..\n"
                          ".00000000.\n"
                          ".00000000.\n"
                          "0000000000\n";
    struct map *map = map_create();

    ck_assert_int_eq(map_add_unit(map, ENCODING, "0,0 10000,0 -5000,10000"), 0);
    map_fit(map, 10, 5);
    assert_picture(map_render(map, 10, 5), 10, 5, picture);
    map_free(map);
}
END_TEST

START_TEST(hole_pixels_are_none)
{
    const char *picture = "0000000000\n"
                          "0000000000\n"
                          "0000000000\n"
                          "000....000\n"
                          "000....000\n"
                          "000....000\n"
                          "000....000\n"
                          "0000000000\n"
                          "0000000000\n"
                          "0000000000\n";
    struct map *map = map_create();

    ck_assert_int_eq(map_add_unit(map, ENCODING,
                                  "0,0 10000,0 0,10000 -10000,0;"
                                  "3000,3000 4000,0 0,4000 -4000,0"),
                     0);
    map_fit(map, 10, 5);
    assert_picture(map_render(map, 10, 5), 10, 5, picture);
    map_free(map);
}
END_TEST

/* A point in the ring is in the unit, a point in its hole or outside is
 * in none, whatever the view. Coordinates are in 1e-5 degree. */
START_TEST(locate_respects_holes)
{
    struct map *map = map_create();

    ck_assert_int_eq(map_add_unit(map, ENCODING,
                                  "0,0 10000,0 0,10000 -10000,0;"
                                  "3000,3000 4000,0 0,4000 -4000,0"),
                     0);
    ck_assert_int_eq(
        map_add_unit(map, ENCODING, "20000,0 5000,0 0,5000 -5000,0"), 1);
    ck_assert_int_eq(map_locate(map, 0.01, 0.01), 0);
    ck_assert_int_eq(map_locate(map, 0.05, 0.05), MAP_NONE);
    ck_assert_int_eq(map_locate(map, 0.09, 0.02), 0);
    ck_assert_int_eq(map_locate(map, 0.22, 0.02), 1);
    ck_assert_int_eq(map_locate(map, 0.15, 0.02), MAP_NONE);
    ck_assert_int_eq(map_locate(map, -1.0, 0.02), MAP_NONE);
    map_zoom(map, 8);
    ck_assert_int_eq(map_locate(map, 0.22, 0.02), 1);
    map_free(map);
}
END_TEST

/* Two overlapping polygons of one unit: each is filled on its own, so
 * their overlap is no hole. */
START_TEST(polygons_of_unit_filled_separately)
{
    const char *picture = "00000000..\n"
                          "00000000..\n"
                          "00000000..\n"
                          "00000000..\n"
                          "00000000..\n"
                          "00000000..\n"
                          "0000000000\n"
                          "0000000000\n"
                          "......0000\n"
                          "......0000\n";
    struct map *map = map_create();

    ck_assert_int_eq(map_add_unit(map, ENCODING,
                                  "0,2000 8000,0 0,8000 -8000,0|"
                                  "6000,0 4000,0 0,4000 -4000,0"),
                     0);
    map_fit(map, 10, 5);
    assert_picture(map_render(map, 10, 5), 10, 5, picture);
    map_free(map);
}
END_TEST

START_TEST(adjacent_squares_have_edge)
{
    struct map *map = map_create();
    const struct map_cell *cells = NULL;
    int row, col;

    add_square(map, 0, 0, 10000, 0);
    add_square(map, 10000, 0, 10000, 1);
    map_fit(map, 20, 5);
    cells = map_render(map, 20, 5);
    ck_assert_ptr_nonnull(cells);
    for (row = 0; row < 5; row++) {
        for (col = 0; col < 20; col++) {
            const struct map_cell *cell = &cells[row * 20 + col];

            ck_assert_int_eq(cell->top, col < 10 ? 0 : 1);
            ck_assert_int_eq(cell->bottom, col < 10 ? 0 : 1);
            /* Only the last column of the left square has its right
             * neighbour in the other unit. */
            ck_assert_int_eq(cell->top_edge, col == 9);
            ck_assert_int_eq(cell->bottom_edge, col == 9);
        }
    }
    map_free(map);
}
END_TEST

START_TEST(small_units_have_no_edges)
{
    struct map *map = map_create();
    const struct map_cell *cells = NULL;
    int col;

    /* 4 x 2 pixels: 4 pixels per unit, not more than 12. */
    add_square(map, 0, 0, 10000, 0);
    add_square(map, 10000, 0, 10000, 1);
    map_fit(map, 4, 1);
    cells = map_render(map, 4, 1);
    ck_assert_ptr_nonnull(cells);
    for (col = 0; col < 4; col++) {
        ck_assert_int_eq(cells[col].top, col < 2 ? 0 : 1);
        ck_assert_int_eq(cells[col].top_edge, 0);
        ck_assert_int_eq(cells[col].bottom_edge, 0);
    }
    map_free(map);
}
END_TEST

START_TEST(tiny_unit_gets_centre_pixel)
{
    struct map *map = map_create();
    const struct map_cell *cells = NULL;
    int row, col;
    int x, y, count = 0;

    /* A 10 x 10 pixel square and, to its right, a unit of 0.01 pixel
     * whose centre is in pixel x = 17, y = 2 of a 20 x 10 grid. */
    add_square(map, 0, 0, 10000, 0);
    add_square(map, 15000, 7300, 1, 1);
    map_fit(map, 20, 5);
    cells = map_render(map, 20, 5);
    ck_assert_ptr_nonnull(cells);
    ck_assert_int_eq(pixel_at(cells, 20, 17, 2), 1);
    for (y = 0; y < 10; y++) {
        for (x = 0; x < 20; x++)
            count += pixel_at(cells, 20, x, y) == 1;
    }
    ck_assert_int_eq(count, 1);
    ck_assert_int_eq(map_unit_cell(map, 1, 20, 5, &row, &col), 0);
    ck_assert_int_eq(row, 1);
    ck_assert_int_eq(col, 17);
    ck_assert_int_eq(map_unit_at(map, 1, 17), 1);
    map_free(map);
}
END_TEST

START_TEST(tiny_unit_leaves_claimed_pixel)
{
    struct map *map = map_create();
    const struct map_cell *cells = NULL;
    int x, y;

    add_square(map, 0, 0, 10000, 0);
    add_square(map, 5300, 5300, 1, 1);
    map_fit(map, 10, 5);
    cells = map_render(map, 10, 5);
    ck_assert_ptr_nonnull(cells);
    for (y = 0; y < 10; y++) {
        for (x = 0; x < 10; x++)
            ck_assert_int_eq(pixel_at(cells, 10, x, y), 0);
    }
    map_free(map);
}
END_TEST

/* A U shape whose centroid lies in the gap between its arms. */
START_TEST(concave_unit_centre_inside)
{
    struct map *map = map_create();
    int row, col;

    ck_assert_int_eq(map_add_unit(map, ENCODING,
                                  "0,0 10000,0 0,10000 -2000,0 0,-8000 "
                                  "-6000,0 0,8000 -2000,0"),
                     0);
    map_fit(map, 10, 5);
    ck_assert_ptr_nonnull(map_render(map, 10, 5));
    ck_assert_int_eq(map_unit_cell(map, 0, 10, 5, &row, &col), 0);
    ck_assert_int_eq(map_unit_at(map, row, col), 0);
    map_free(map);
}
END_TEST

START_TEST(unit_at_prefers_lower_pixel)
{
    struct map *map = map_create();

    /* Unit 0 above unit 1: one pixel row each on a 2 x 1 grid. */
    add_square(map, 0, 10000, 10000, 0);
    add_square(map, 0, 0, 10000, 1);
    map_fit(map, 1, 1);
    ck_assert_ptr_nonnull(map_render(map, 1, 1));
    ck_assert_int_eq(map_unit_at(map, 0, 0), 1);
    map_free(map);

    /* Moving the view half its height south leaves the lower pixel
     * empty, and the upper one is returned. */
    map = map_create();
    add_square(map, 0, 0, 10000, 0);
    map_fit(map, 2, 1);
    map_pan(map, 0.0, 0.5);
    ck_assert_ptr_nonnull(map_render(map, 2, 1));
    ck_assert_int_eq(map_unit_at(map, 0, 0), 0);
    ck_assert_int_eq(map_render(map, 2, 1)[0].bottom, MAP_NONE);
    ck_assert_int_eq(map_unit_at(map, 1, 0), MAP_NONE);
    ck_assert_int_eq(map_unit_at(map, 0, 2), MAP_NONE);
    ck_assert_int_eq(map_unit_at(map, -1, 0), MAP_NONE);
    map_free(map);
}
END_TEST

/* A 3 x 3 grid of squares, unit = row * 3 + col, row 0 in the north. */
static struct map *
grid_map(void)
{
    struct map *map = map_create();
    int row, col;

    for (row = 0; row < 3; row++) {
        for (col = 0; col < 3; col++)
            add_square(map, col * 10000L, (2 - row) * 10000L, 10000,
                       row * 3 + col);
    }
    return map;
}

START_TEST(neighbour_follows_direction)
{
    struct map *map = grid_map();

    ck_assert_int_eq(map_neighbour(map, 4, MAP_LEFT), 3);
    ck_assert_int_eq(map_neighbour(map, 4, MAP_RIGHT), 5);
    ck_assert_int_eq(map_neighbour(map, 4, MAP_UP), 1);
    ck_assert_int_eq(map_neighbour(map, 4, MAP_DOWN), 7);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_RIGHT), 1);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_DOWN), 3);
    ck_assert_int_eq(map_neighbour(map, 8, MAP_UP), 5);
    ck_assert_int_eq(map_neighbour(map, 8, MAP_LEFT), 7);
    map_free(map);
}
END_TEST

START_TEST(neighbour_at_border_is_self)
{
    struct map *map = grid_map();

    ck_assert_int_eq(map_neighbour(map, 0, MAP_LEFT), 0);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_UP), 0);
    ck_assert_int_eq(map_neighbour(map, 8, MAP_RIGHT), 8);
    ck_assert_int_eq(map_neighbour(map, 8, MAP_DOWN), 8);
    ck_assert_int_eq(map_neighbour(map, 99, MAP_DOWN), 99);
    ck_assert_int_eq(map_neighbour(map, -1, MAP_DOWN), -1);
    map_free(map);
}
END_TEST

/* Without a unit straight ahead, the nearest one in the cone is chosen. */
START_TEST(neighbour_uses_cone)
{
    struct map *map = map_create();

    add_square(map, 0, 0, 1000, 0);
    add_square(map, 3000, 2500, 1000, 1);  /* 40 degrees up and right */
    add_square(map, 2000, -3000, 1000, 2); /* 56 degrees down and right */
    ck_assert_int_eq(map_neighbour(map, 0, MAP_RIGHT), 1);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_UP), 0);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_DOWN), 2);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_LEFT), 0);
    map_free(map);
}
END_TEST

START_TEST(central_unit_follows_pan)
{
    struct map *map = grid_map();

    map_fit(map, 6, 3);
    ck_assert_int_eq(map_central_unit(map), 4);
    map_pan(map, 1.0 / 3.0, 0.0);
    ck_assert_int_eq(map_central_unit(map), 5);
    map_pan(map, 0.0, 1.0 / 3.0);
    ck_assert_int_eq(map_central_unit(map), 8);
    /* The view's centre stays over the map. */
    map_pan(map, -10.0, -10.0);
    ck_assert_int_eq(map_central_unit(map), 0);
    map_free(map);
}
END_TEST

START_TEST(zoom_clamped_to_range)
{
    struct map *map = grid_map();

    map_fit(map, 6, 3);
    ck_assert(map_zoom_level(map) == 1.0);
    map_zoom(map, 0.5);
    ck_assert(map_zoom_level(map) == 1.0);
    map_zoom(map, 3.0);
    ck_assert(fabs(map_zoom_level(map) - 3.0) < 1e-9);
    map_zoom(map, NAN);
    map_zoom(map, -2.0);
    map_zoom(map, 0.0);
    ck_assert(fabs(map_zoom_level(map) - 3.0) < 1e-9);
    map_zoom(map, 1e12);
    ck_assert(fabs(map_zoom_level(map) - 2000.0) < 1e-6);
    map_zoom(map, INFINITY);
    ck_assert(fabs(map_zoom_level(map) - 2000.0) < 1e-6);
    map_fit(map, 6, 3);
    ck_assert(map_zoom_level(map) == 1.0);
    map_free(map);
}
END_TEST

START_TEST(zoom_keeps_view_centre)
{
    struct map *map = grid_map();
    const struct map_cell *cells = NULL;
    int i;

    /* At zoom 3 on 6 x 3 cells, the centre square fills the view. */
    map_fit(map, 6, 3);
    map_zoom(map, 3.0);
    cells = map_render(map, 6, 3);
    ck_assert_ptr_nonnull(cells);
    for (i = 0; i < 18; i++) {
        ck_assert_int_eq(cells[i].top, 4);
        ck_assert_int_eq(cells[i].bottom, 4);
    }
    map_free(map);
}
END_TEST

START_TEST(show_unit_brings_centre_in_view)
{
    struct map *map = grid_map();
    int row, col;

    map_fit(map, 30, 15);
    map_zoom(map, 3.0);
    ck_assert_int_eq(map_unit_cell(map, 0, 30, 15, &row, &col), 1);
    map_show_unit(map, 0, 30, 15);
    ck_assert_int_eq(map_unit_cell(map, 0, 30, 15, &row, &col), 0);
    /* Moved no further than needed: the centre sits on the margin of a
     * fifth of the view. */
    ck_assert_int_eq(col, 6);
    ck_assert_int_eq(row, 3);
    ck_assert(fabs(map_zoom_level(map) - 3.0) < 1e-9);
    ck_assert_ptr_nonnull(map_render(map, 30, 15));
    ck_assert_int_eq(map_unit_at(map, row, col), 0);

    /* Showing it again leaves the view alone. */
    map_show_unit(map, 0, 30, 15);
    ck_assert_int_eq(map_unit_cell(map, 0, 30, 15, &row, &col), 0);
    ck_assert_int_eq(col, 6);
    map_show_unit(map, 42, 30, 15);
    map_free(map);
}
END_TEST

START_TEST(project_outside_returns_1)
{
    struct map *map = grid_map();
    int row, col;

    map_fit(map, 6, 3);
    ck_assert_int_eq(map_project(map, 0.15, 0.15, 6, 3, &row, &col), 0);
    ck_assert_int_eq(row, 1);
    ck_assert_int_eq(col, 3);
    ck_assert_int_eq(map_project(map, 0.001, 0.299, 6, 3, &row, &col), 0);
    ck_assert_int_eq(row, 0);
    ck_assert_int_eq(col, 0);
    ck_assert_int_eq(map_project(map, 0.35, 0.15, 6, 3, &row, &col), 1);
    ck_assert_int_eq(map_project(map, 0.15, -0.01, 6, 3, &row, &col), 1);
    ck_assert_int_eq(map_project(map, NAN, 0.15, 6, 3, &row, &col), 1);
    ck_assert_int_eq(map_unit_cell(map, 9, 6, 3, &row, &col), 1);
    map_free(map);
}
END_TEST

START_TEST(malformed_encodings_rejected)
{
    const char *const cases[] = {
        "",
        "1,2 3,4",            /* two points */
        "1,2 3,4 5",          /* no latitude */
        "1,2 3,4 5,6;",       /* empty ring */
        "1,2 3,4 5,6|",       /* empty polygon */
        "1,2 3,4 5,6 ",       /* trailing space */
        "1,2  3,4 5,6",       /* two spaces */
        "a,b c,d e,f",        /* not numbers */
        "1,2 3,4 5,6\n",      /* line end */
        "1,2 +3,4 5,6",       /* plus sign */
        "1,2 -,4 5,6",        /* sign alone */
        "0,9000001 0,0 1,0",  /* latitude past 90 degrees */
        "18000000,0 1,0 0,1", /* longitude past 180 degrees */
        "1234567890,0 1,0 0,1",
        "99999999999999999999,0 1,1 1,1",
    };
    struct map *map = map_create();
    struct map_cell before[50];
    const struct map_cell *cells = NULL;
    size_t i;

    add_square(map, 0, 0, 10000, 0);
    map_fit(map, 10, 5);
    memcpy(before, map_render(map, 10, 5), sizeof before);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(map_add_unit(map, ENCODING, cases[i]) == -1,
                      "accepted \"%s\"", cases[i]);
        ck_assert_uint_eq(map_unit_count(map), 1);
    }
    ck_assert_int_eq(map_add_unit(map, "lonlat-1e6", "1,2 3,4 5,6"), -1);
    ck_assert_int_eq(map_add_unit(map, NULL, "1,2 3,4 5,6"), -1);
    ck_assert_int_eq(map_add_unit(map, ENCODING, NULL), -1);
    ck_assert_uint_eq(map_unit_count(map), 1);

    map_fit(map, 10, 5);
    cells = map_render(map, 10, 5);
    ck_assert_ptr_nonnull(cells);
    for (i = 0; i < 50; i++) {
        ck_assert_int_eq(cells[i].top, before[i].top);
        ck_assert_int_eq(cells[i].bottom, before[i].bottom);
        ck_assert_int_eq(cells[i].top_edge, before[i].top_edge);
        ck_assert_int_eq(cells[i].bottom_edge, before[i].bottom_edge);
    }
    /* The next valid unit takes the next index. */
    add_square(map, 10000, 0, 10000, 1);
    map_free(map);
}
END_TEST

START_TEST(extremes_accepted)
{
    struct map *map = map_create();

    ck_assert_int_eq(
        map_add_unit(map, ENCODING, "-18000000,-9000000 36000000,0 0,18000000"),
        0);
    ck_assert_int_eq(map_add_unit(map, ENCODING, "1,1 0,0 0,0"), 1);
    map_fit(map, 80, 24);
    ck_assert_ptr_nonnull(map_render(map, 80, 24));
    ck_assert_int_eq(map_add_unit(map, ENCODING, "5,5 0,0 0,0"), 2);
    map_free(map);
}
END_TEST

START_TEST(empty_map_renders_nothing)
{
    struct map *map = map_create();
    const struct map_cell *cells = NULL;
    struct map_label labels[4];
    int widths[1] = {3};
    int row, col, i;

    map_fit(map, 10, 5);
    map_zoom(map, 2.0);
    map_pan(map, 0.5, 0.5);
    cells = map_render(map, 10, 5);
    ck_assert_ptr_nonnull(cells);
    for (i = 0; i < 50; i++) {
        ck_assert_int_eq(cells[i].top, MAP_NONE);
        ck_assert_int_eq(cells[i].bottom, MAP_NONE);
    }
    ck_assert_int_eq(map_central_unit(map), MAP_NONE);
    ck_assert_int_eq(map_neighbour(map, 0, MAP_LEFT), 0);
    ck_assert_int_eq(map_unit_at(map, 2, 2), MAP_NONE);
    ck_assert_int_eq(map_unit_cell(map, 0, 10, 5, &row, &col), 1);
    ck_assert_uint_eq(map_labels(map, widths, 10, 5, labels, 4), 0);
    ck_assert(isfinite(map_zoom_level(map)));
    map_free(map);
    map_free(NULL);
}
END_TEST

START_TEST(zero_size_grid)
{
    struct map *map = grid_map();
    struct map_label labels[9];
    int widths[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    int row, col;

    map_fit(map, 0, 0);
    ck_assert_ptr_nonnull(map_render(map, 0, 0));
    ck_assert_ptr_nonnull(map_render(map, -3, -1));
    ck_assert_int_eq(map_unit_at(map, 0, 0), MAP_NONE);
    ck_assert_uint_eq(map_labels(map, widths, 0, 0, labels, 9), 0);
    ck_assert_int_eq(map_unit_cell(map, 4, 0, 0, &row, &col), 1);
    map_zoom(map, 4.0);
    map_pan(map, 0.3, 0.3);
    ck_assert(isfinite(map_zoom_level(map)));

    /* Fitting to a real size afterwards shows the whole grid again. */
    map_fit(map, 6, 3);
    ck_assert_ptr_nonnull(map_render(map, 6, 3));
    ck_assert_int_eq(map_unit_at(map, 0, 0), 0);
    ck_assert_int_eq(map_unit_at(map, 2, 5), 8);
    map_free(map);
}
END_TEST

START_TEST(render_without_fit_fits)
{
    struct map *map = grid_map();

    ck_assert_ptr_nonnull(map_render(map, 6, 3));
    ck_assert_int_eq(map_unit_at(map, 1, 2), 4);
    ck_assert(map_zoom_level(map) == 1.0);
    map_free(map);
}
END_TEST

START_TEST(label_centred_on_unit)
{
    struct map *map = map_create();
    struct map_label labels[2];
    int widths[2] = {4, 11};

    /* The left square spans columns 0-9 and rows 0-4, and its centre is
     * column 5, row 2. The right one is too narrow for 11 columns. */
    add_square(map, 0, 0, 10000, 0);
    add_square(map, 10000, 0, 10000, 1);
    map_fit(map, 20, 5);
    ck_assert_ptr_nonnull(map_render(map, 20, 5));
    ck_assert_uint_eq(map_labels(map, widths, 20, 5, labels, 2), 1);
    ck_assert_int_eq(labels[0].unit, 0);
    ck_assert_int_eq(labels[0].row, 2);
    ck_assert_int_eq(labels[0].col, 3);
    ck_assert_int_eq(labels[0].columns, 4);

    widths[1] = 10;
    ck_assert_uint_eq(map_labels(map, widths, 20, 5, labels, 2), 2);
    ck_assert_int_eq(labels[1].unit, 1);
    ck_assert_int_eq(labels[1].row, 2);
    ck_assert_int_eq(labels[1].col, 10);
    /* max bounds the output. */
    ck_assert_uint_eq(map_labels(map, widths, 20, 5, labels, 1), 1);
    map_free(map);
}
END_TEST

/* Two labels must not touch: the second moves to another line. */
START_TEST(label_moves_off_neighbour)
{
    struct map *map = map_create();
    struct map_label labels[2];
    int widths[2] = {10, 10};

    /* Two squares of 10 columns side by side, the right one a pixel
     * shorter. Its label cannot go on the line of the first, nor on the
     * lines next to it where it would touch the first at a corner, so it
     * goes two lines up. */
    add_square(map, 0, 0, 10000, 0);
    ck_assert_int_eq(
        map_add_unit(map, ENCODING, "10000,1000 10000,0 0,9000 -10000,0"), 1);
    map_fit(map, 20, 5);
    ck_assert_ptr_nonnull(map_render(map, 20, 5));
    ck_assert_uint_eq(map_labels(map, widths, 20, 5, labels, 2), 2);
    ck_assert_int_eq(labels[0].unit, 0);
    ck_assert_int_eq(labels[0].row, 2);
    ck_assert_int_eq(labels[0].col, 0);
    ck_assert_int_eq(labels[1].unit, 1);
    ck_assert_int_eq(labels[1].row, 0);
    ck_assert_int_eq(labels[1].col, 10);
    map_free(map);
}
END_TEST

/* One outline row of a data/geometry file. */
struct outline {
    char code[16];
    char *data;
};

/* Read the outlines whose code starts with prefix. */
static size_t
outlines_read(const char *file, const char *prefix, struct outline **out)
{
    char *path = xasprintf("%s/geometry/%s", data_dir(), file);
    FILE *stream = fopen(path, "r");
    struct outline *outlines = NULL;
    size_t count = 0, capacity = 0;
    char *line = NULL;
    size_t size = 0;
    ssize_t length;

    ck_assert_msg(stream != NULL, "cannot open %s", path);
    while ((length = getline(&line, &size, stream)) > 0) {
        char *tab = strchr(line, '\t');

        if (line[0] == '#' || tab == NULL ||
            strncmp(line, prefix, strlen(prefix)) != 0)
            continue;
        if (line[length - 1] == '\n')
            line[length - 1] = '\0';
        *tab = '\0';
        ck_assert_uint_lt(strlen(line), sizeof outlines->code);
        if (count == capacity) {
            capacity = capacity == 0 ? 64 : 2 * capacity;
            outlines = xrealloc(outlines, capacity * sizeof *outlines);
        }
        strcpy(outlines[count].code, line);
        outlines[count].data = xstrdup(tab + 1);
        count++;
    }
    free(line);
    fclose(stream);
    free(path);
    *out = outlines;
    return count;
}

static void
outlines_free(struct outline *outlines, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        free(outlines[i].data);
    free(outlines);
}

/* A map of the communes of one département, in file order. */
static struct map *
communes_map(const char *departement, struct outline **outlines, size_t *count)
{
    struct map *map = map_create();
    size_t i;

    *count = outlines_read("communes-84.tsv", departement, outlines);
    ck_assert_uint_gt(*count, 100);
    for (i = 0; i < *count; i++)
        ck_assert_int_eq(map_add_unit(map, ENCODING, (*outlines)[i].data),
                         (int)i);
    return map;
}

/* Set widths[i] to the columns of the name of commune outlines[i]. */
static void
names_widths(const struct outline *outlines, size_t count, int *widths)
{
    char *path = xasprintf("%s/territories/communes.tsv", data_dir());
    FILE *stream = fopen(path, "r");
    char *line = NULL;
    size_t size = 0, i, found = 0;

    ck_assert_msg(stream != NULL, "cannot open %s", path);
    while (getline(&line, &size, stream) > 0) {
        char *name = strchr(line, '\t');
        char *end = NULL;

        if (line[0] == '#' || name == NULL)
            continue;
        *name++ = '\0';
        end = strchr(name, '\t');
        ck_assert_ptr_nonnull(end);
        *end = '\0';
        for (i = 0; i < count; i++) {
            if (strcmp(outlines[i].code, line) == 0) {
                widths[i] = text_width(name);
                found++;
            }
        }
    }
    ck_assert_uint_eq(found, count);
    free(line);
    fclose(stream);
    free(path);
}

/* Check the labels of the last render against every placement rule. */
static void
assert_labels_valid(struct map *map, const struct map_cell *cells,
                    const int *widths, int cols, int rows,
                    const struct map_label *labels, size_t count)
{
    size_t units = map_unit_count(map);
    size_t *pixels = xcalloc(units, sizeof *pixels);
    unsigned char *seen = xcalloc(units, 1);
    size_t i, j;
    int c;

    for (i = 0; i < (size_t)(cols * rows); i++) {
        if (cells[i].top != MAP_NONE)
            pixels[cells[i].top]++;
        if (cells[i].bottom != MAP_NONE)
            pixels[cells[i].bottom]++;
    }
    for (i = 0; i < count; i++) {
        const struct map_label *label = &labels[i];

        ck_assert_int_ge(label->unit, 0);
        ck_assert_uint_lt((size_t)label->unit, units);
        ck_assert_int_eq(seen[label->unit], 0);
        seen[label->unit] = 1;
        ck_assert_int_eq(label->columns, widths[label->unit]);
        ck_assert_int_ge(label->row, 0);
        ck_assert_int_lt(label->row, rows);
        ck_assert_int_ge(label->col, 0);
        ck_assert_int_le(label->col + label->columns, cols);
        /* Both pixels of every cell belong to the unit. */
        for (c = label->col; c < label->col + label->columns; c++) {
            ck_assert_int_eq(cells[label->row * cols + c].top, label->unit);
            ck_assert_int_eq(cells[label->row * cols + c].bottom, label->unit);
        }
        /* Largest units on screen first. */
        if (i > 0)
            ck_assert_uint_le(pixels[label->unit], pixels[labels[i - 1].unit]);
        for (j = 0; j < i; j++) {
            const struct map_label *other = &labels[j];
            int apart = abs(label->row - other->row) > 1 ||
                        label->col + label->columns < other->col ||
                        other->col + other->columns < label->col;

            ck_assert_msg(apart,
                          "labels of units %d and %d touch: row %d col %d "
                          "width %d, row %d col %d width %d",
                          label->unit, other->unit, label->row, label->col,
                          label->columns, other->row, other->col,
                          other->columns);
        }
    }
    free(pixels);
    free(seen);
}

START_TEST(labels_never_touch)
{
    const char *const departements[] = {"38", "69"};
    const double zooms[] = {1.0, 3.0, 8.0};
    struct outline *outlines = NULL;
    struct map_label *labels = NULL;
    size_t count, placed, d, z;
    int *widths = NULL;

    setlocale(LC_ALL, "C.UTF-8");
    for (d = 0; d < 2; d++) {
        struct map *map = communes_map(departements[d], &outlines, &count);

        widths = xcalloc(count, sizeof *widths);
        labels = xcalloc(count, sizeof *labels);
        names_widths(outlines, count, widths);
        map_fit(map, 200, 60);
        for (z = 0; z < sizeof zooms / sizeof zooms[0]; z++) {
            const struct map_cell *cells = NULL;

            map_zoom(map, zooms[z]);
            cells = map_render(map, 200, 60);
            ck_assert_ptr_nonnull(cells);
            placed = map_labels(map, widths, 200, 60, labels, count);
            ck_assert_msg(placed >= 5, "%s zoom %g: %zu labels",
                          departements[d], zooms[z], placed);
            assert_labels_valid(map, cells, widths, 200, 60, labels, placed);
        }
        map_free(map);
        outlines_free(outlines, count);
        free(widths);
        free(labels);
    }
}
END_TEST

/* Decode the extent of an outline, independently of the module. */
static void
outline_extent(const char *data, double extent[4])
{
    long lon = 0, lat = 0, dx, dy;
    int first = 1, used;

    extent[0] = extent[2] = 1e9;
    extent[1] = extent[3] = -1e9;
    while (sscanf(data, "%ld,%ld%n", &dx, &dy, &used) == 2) {
        lon = first ? dx : lon + dx;
        lat = first ? dy : lat + dy;
        extent[0] = fmin(extent[0], lon / 1e5);
        extent[1] = fmax(extent[1], lon / 1e5);
        extent[2] = fmin(extent[2], lat / 1e5);
        extent[3] = fmax(extent[3], lat / 1e5);
        data += used;
        first = *data == ';' || *data == '|';
        if (*data == '\0')
            break;
        data++;
    }
}

/* Great-circle distance between two points given in degrees, as an angle
 * in radians (the distance on a sphere of radius 1). */
static double
great_circle(double lon1, double lat1, double lon2, double lat2)
{
    double to_radians = M_PI / 180.0;
    double dlat = (lat2 - lat1) * to_radians;
    double dlon = (lon2 - lon1) * to_radians;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * to_radians) * cos(lat2 * to_radians) * sin(dlon / 2) *
                   sin(dlon / 2);

    return 2.0 * asin(sqrt(a));
}

/*
 * The bounding box of a département on screen, in pixels, has the
 * width / height ratio of its extent on the ground: east-west along its
 * middle parallel, north-south along a meridian.
 */
START_TEST(departement_proportions_match_km)
{
    const char *const codes[] = {"38", "69", "74", "2A", "59", "29"};
    struct outline *outlines = NULL;
    size_t count, c;

    count = outlines_read("departements.tsv", "", &outlines);
    ck_assert_uint_ge(count, 96);
    for (c = 0; c < sizeof codes / sizeof codes[0]; c++) {
        struct map *map = map_create();
        const struct map_cell *cells = NULL;
        double extent[4], middle, ground, screen;
        int min_x = 1000, max_x = -1, min_y = 1000, max_y = -1;
        int x, y;
        size_t i;

        for (i = 0; i < count && strcmp(outlines[i].code, codes[c]) != 0; i++)
            ;
        ck_assert_msg(i < count, "no outline of %s", codes[c]);
        ck_assert_int_eq(map_add_unit(map, ENCODING, outlines[i].data), 0);
        map_fit(map, 200, 60);
        cells = map_render(map, 200, 60);
        ck_assert_ptr_nonnull(cells);
        for (y = 0; y < 120; y++) {
            for (x = 0; x < 200; x++) {
                if (pixel_at(cells, 200, x, y) == MAP_NONE)
                    continue;
                min_x = x < min_x ? x : min_x;
                max_x = x > max_x ? x : max_x;
                min_y = y < min_y ? y : min_y;
                max_y = y > max_y ? y : max_y;
            }
        }
        outline_extent(outlines[i].data, extent);
        middle = (extent[2] + extent[3]) / 2.0;
        ground = great_circle(extent[0], middle, extent[1], middle) /
                 great_circle(extent[0], extent[2], extent[0], extent[3]);
        screen = (double)(max_x - min_x + 1) / (double)(max_y - min_y + 1);
        ck_assert_msg(fabs(screen / ground - 1.0) < 0.05,
                      "%s: %d x %d pixels, ratio %.3f, on the ground %.3f",
                      codes[c], max_x - min_x + 1, max_y - min_y + 1, screen,
                      ground);
        map_free(map);
    }
    outlines_free(outlines, count);
}
END_TEST

/* At the closest zoom, in every corner of the map, cells stay valid. */
START_TEST(closest_zoom_renders_valid_cells)
{
    const double moves[][2] = {{0, 0},    {-10, -10}, {10, -10}, {10, 10},
                               {-10, 10}, {0.5, 0},   {0, 0.5}};
    struct outline *outlines = NULL;
    struct map *map = NULL;
    size_t count, m;
    int i, row, col;

    map = communes_map("69", &outlines, &count);
    map_fit(map, 200, 60);
    map_zoom(map, 1e9);
    ck_assert(fabs(map_zoom_level(map) - 2000.0) < 1e-6);
    for (m = 0; m < sizeof moves / sizeof moves[0]; m++) {
        const struct map_cell *cells = NULL;

        map_pan(map, moves[m][0], moves[m][1]);
        cells = map_render(map, 200, 60);
        ck_assert_ptr_nonnull(cells);
        for (i = 0; i < 200 * 60; i++) {
            ck_assert_int_ge(cells[i].top, MAP_NONE);
            ck_assert_int_lt(cells[i].top, (int)count);
            ck_assert_int_ge(cells[i].bottom, MAP_NONE);
            ck_assert_int_lt(cells[i].bottom, (int)count);
        }
    }

    /* Lyon fills the view once shown, and the cursor can find it. */
    for (i = 0; i < (int)count && strcmp(outlines[i].code, "69123") != 0; i++)
        ;
    ck_assert_int_lt(i, (int)count);
    map_show_unit(map, i, 200, 60);
    ck_assert_int_eq(map_unit_cell(map, i, 200, 60, &row, &col), 0);
    ck_assert_ptr_nonnull(map_render(map, 200, 60));
    ck_assert_int_eq(map_unit_at(map, row, col), i);
    ck_assert_int_eq(map_central_unit(map), i);
    map_free(map);
    outlines_free(outlines, count);
}
END_TEST

static Suite *
map_suite(void)
{
    Suite *suite = suite_create("tui-map");
    TCase *fill = tcase_create("fill");
    TCase *view = tcase_create("view");
    TCase *input = tcase_create("input");
    TCase *labels = tcase_create("labels");
    TCase *real = tcase_create("real");

    tcase_add_test(fill, square_fills_fitted_grid);
    tcase_add_test(fill, square_centred_in_wide_grid);
    tcase_add_test(fill, triangle_covers_expected_pixels);
    tcase_add_test(fill, hole_pixels_are_none);
    tcase_add_test(fill, locate_respects_holes);
    tcase_add_test(fill, polygons_of_unit_filled_separately);
    tcase_add_test(fill, adjacent_squares_have_edge);
    tcase_add_test(fill, small_units_have_no_edges);
    tcase_add_test(fill, tiny_unit_gets_centre_pixel);
    tcase_add_test(fill, tiny_unit_leaves_claimed_pixel);
    tcase_add_test(fill, concave_unit_centre_inside);
    tcase_add_test(fill, unit_at_prefers_lower_pixel);
    suite_add_tcase(suite, fill);

    tcase_add_test(view, neighbour_follows_direction);
    tcase_add_test(view, neighbour_at_border_is_self);
    tcase_add_test(view, neighbour_uses_cone);
    tcase_add_test(view, central_unit_follows_pan);
    tcase_add_test(view, zoom_clamped_to_range);
    tcase_add_test(view, zoom_keeps_view_centre);
    tcase_add_test(view, show_unit_brings_centre_in_view);
    tcase_add_test(view, project_outside_returns_1);
    tcase_add_test(view, render_without_fit_fits);
    suite_add_tcase(suite, view);

    tcase_add_test(input, malformed_encodings_rejected);
    tcase_add_test(input, extremes_accepted);
    tcase_add_test(input, empty_map_renders_nothing);
    tcase_add_test(input, zero_size_grid);
    suite_add_tcase(suite, input);

    tcase_add_test(labels, label_centred_on_unit);
    tcase_add_test(labels, label_moves_off_neighbour);
    suite_add_tcase(suite, labels);

    tcase_add_test(real, labels_never_touch);
    tcase_add_test(real, departement_proportions_match_km);
    tcase_add_test(real, closest_zoom_renders_valid_cells);
    tcase_set_timeout(real, 60);
    suite_add_tcase(suite, real);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(map_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
