/*
 * terrish: territory outlines drawn on a grid of terminal cells.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * This file knows nothing of curses. It decodes outlines from the store,
 * projects them, and fills a grid of pixels in which each terminal cell
 * holds two pixels, one above the other. A terminal cell is about twice as
 * high as it is wide, so these pixels are about square, and a shape keeps
 * its proportions on screen.
 *
 * Projection: equirectangular, longitudes scaled by the cosine of the
 * latitude of the middle of the map. Over a French région the error
 * against Lambert-93 stays under 2% in scale, far below one pixel.
 */
#ifndef TERRISH_TUI_MAP_H
#define TERRISH_TUI_MAP_H

#include <stddef.h>
#include <stdint.h>

/* No unit at a pixel (outside every outline). */
#define MAP_NONE (-1)

enum map_direction {
    MAP_LEFT,
    MAP_RIGHT,
    MAP_UP,
    MAP_DOWN,
};

struct map;

/* One terminal cell after rendering: the unit of its upper and lower
 * pixel (an index given by map_add_unit, or MAP_NONE) and whether each
 * pixel lies on a boundary between two units. */
struct map_cell {
    int top;
    int bottom;
    unsigned char top_edge;
    unsigned char bottom_edge;
};

/* A name placed on the map: line and column of its first cell. */
struct map_label {
    int unit;
    int row;
    int col;
    int columns; /* cells it takes */
};

struct map *map_create(void);
void map_free(struct map *map);

/*
 * Add one unit with its outline in the store's "lonlat-1e5-delta" encoding
 * (see store_territory_geometry). Returns its index (0, 1, ... in call
 * order), or -1 when data is malformed or memory runs out (the map is then
 * unchanged). Malformed means anything but that grammar with single
 * spaces, a ring of fewer than 3 points, or a point past 180 degrees of
 * longitude or 90 degrees of latitude.
 */
int map_add_unit(struct map *map, const char *encoding, const char *data);
size_t map_unit_count(const struct map *map);

/*
 * Set the view so that every unit fits in cols x rows cells, centred, at
 * zoom level 1. Call it after the last map_add_unit and whenever the size
 * changes. Without a unit, it only records the size.
 */
void map_fit(struct map *map, int cols, int rows);
/* Zoom by factor (2 = twice as close) around the centre of the view. The
 * zoom level stays between 1 and 2000. A factor that is not a positive
 * number is ignored. */
void map_zoom(struct map *map, double factor);
/* Move the view by a fraction of its width and height (0.25 = a quarter),
 * to the right and down when positive. The centre of the view stays within
 * the extent of the units. */
void map_pan(struct map *map, double dx, double dy);
/* Move the view, without zooming, as little as needed to bring the centre
 * of unit at least a fifth of the view's width from its left and right
 * sides, and a fifth of its height from its top and bottom. */
void map_show_unit(struct map *map, int unit, int cols, int rows);
/* The zoom relative to map_fit: 1 when fitted, 2 when twice as close. */
double map_zoom_level(const struct map *map);

/*
 * Render the current view into cols x rows cells, row-major, held by the
 * map until the next render or map_free. A unit smaller
 * than a pixel still gets the pixel under its centre when no other unit
 * covers that pixel, so that every unit in view can be reached and seen.
 * Edges mark pixels of a unit whose right or lower neighbour belongs to
 * another unit (an empty neighbour makes no edge). They are only set when
 * units in view are on average big enough to keep their colour visible
 * (more than 12 pixels each). When map_fit was never called with a unit,
 * it is called first. Returns the cells, or NULL when out of memory.
 */
const struct map_cell *map_render(struct map *map, int cols, int rows);

/* The unit drawn at a cell (its lower pixel first, then upper), or
 * MAP_NONE. Uses the last render. */
int map_unit_at(const struct map *map, int row, int col);

/*
 * The unit next to from in direction: the one whose centre is nearest,
 * among those in a 90 degree cone of that direction. Returns from when
 * there is none.
 */
int map_neighbour(const struct map *map, int from, enum map_direction dir);
/* The unit whose centre is nearest the centre of the view. */
int map_central_unit(const struct map *map);

/*
 * The cell of a longitude and latitude (degrees, WGS84) in the current
 * view. Returns 0, or 1 when the point is outside cols x rows. *row and
 * *col are set in both cases, unless lon or lat is not a finite number.
 */
int map_project(const struct map *map, double lon, double lat, int cols,
                int rows, int *row, int *col);
/* The unit whose outline contains a longitude and latitude (degrees,
 * WGS84), whatever the view, or MAP_NONE. */
int map_locate(const struct map *map, double lon, double lat);
/* The cell holding the centre of unit, with the same return values (1
 * for an unknown unit). The centre is a point inside the unit's largest
 * polygon, at its centroid when the centroid is inside. */
int map_unit_cell(const struct map *map, int unit, int cols, int rows,
                  int *row, int *col);

/*
 * Place labels of the given widths (columns of each unit's name, 0 for no
 * label, one entry per unit), largest units on screen first. Each label is
 * as near its unit's centre as it fits, entirely inside the unit's own
 * pixels on its line: the unit has both pixels of each of its cells. It
 * never touches another label, with one free cell between them, also on
 * the lines above and below. A label goes on the line of its unit's
 * centre, or else on the nearest line where it fits. Uses the last render.
 * Writes at most max labels, largest unit first, and returns how many.
 */
size_t map_labels(const struct map *map, const int *widths, int cols, int rows,
                  struct map_label *labels, size_t max);

#endif
