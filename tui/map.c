/*
 * terrish: territory outlines decoded, projected and filled into pixels.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Outlines stay in degrees once decoded. A render maps them to pixels with
 * one scale and one offset per axis, then fills the pixel rows in a single
 * scanline pass. Every edge that crosses the centre line of a pixel row
 * adds a crossing to that row. The crossings of each polygon are sorted by
 * x, and the pixels between each pair of crossings are filled (even-odd
 * rule), so that holes, the other rings of a polygon, stay empty.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/map.h"

/* The only outline encoding of the store, in units of 1e-5 degree. */
#define MAP_ENCODING "lonlat-1e5-delta"
#define MAP_UNITS_PER_DEGREE 1e5
#define MAP_LON_LIMIT (180 * 100000LL)
#define MAP_LAT_LIMIT (90 * 100000LL)
/* Maximum digits of a number in an outline: 9 digits cannot overflow a
 * long long sum and are more than 360 degrees in 1e-5 degree units. */
#define MAP_DIGITS_MAX 9
/* Closest zoom, relative to the fitted view. */
#define MAP_ZOOM_MAX 2000.0
/* Edges are drawn only when the units in view have more pixels each. */
#define MAP_EDGE_MIN_PIXELS 12
/* map_show_unit keeps a unit's centre this fraction of the view inside. */
#define MAP_SHOW_MARGIN 0.2
/* Smallest longitude factor, so that a map near a pole keeps a width. */
#define MAP_COS_MIN 0.01
/* Crossings of one polygon on one row sorted by insertion up to this. */
#define MAP_INSERTION_SORT_MAX 16

struct map_point {
    double lon; /* degrees */
    double lat;
};

struct map_ring {
    size_t first; /* index of its first point */
    size_t count;
};

/* A polygon: its exterior ring, then its holes. */
struct map_polygon {
    size_t first_ring;
    size_t ring_count;
    int unit;
};

struct map_unit {
    size_t first_polygon;
    size_t polygon_count;
    double min_lon, min_lat, max_lon, max_lat;
    /* A point inside its largest polygon, near that polygon's centroid. */
    double centre_lon, centre_lat;
    /* From the last render: whether its extent meets the view, how many
     * pixels it took and their bounding box. */
    int visible;
    size_t pixels;
    int min_x, max_x, min_y, max_y;
};

/* One edge crossing the centre line of a pixel row. */
struct map_crossing {
    double x;
    int polygon;
};

/* Pixel position of a point: x = lon * sx + ox, y = oy - lat * sy. */
struct map_transform {
    double sx, sy;
    double ox, oy;
};

struct map {
    struct map_point *points;
    size_t point_count, point_size;
    struct map_ring *rings;
    size_t ring_count, ring_size;
    struct map_polygon *polygons;
    size_t polygon_count, polygon_size;
    struct map_unit *units;
    size_t unit_count, unit_size;

    /* Extent of every unit, and the longitude factor of its middle. */
    double min_lon, min_lat, max_lon, max_lat;
    double cos_lat;

    /* The view: its centre and pixels per degree of latitude. */
    double centre_lon, centre_lat;
    double scale;
    double fit_scale;
    int fitted;
    int cols, rows; /* size of the view, for map_pan */

    /* The last render, and buffers kept between renders. */
    int render_cols, render_rows;
    struct map_transform render_transform;
    int *pixels;
    size_t pixel_size;
    struct map_cell *cells;
    size_t cell_size;
    struct map_crossing *crossings;
    size_t crossing_size;
    size_t *row_start; /* rows + 1 offsets into crossings, then rows cursors */
    size_t row_size;
};

/*
 * Make room for need items of item bytes in array, which has room for *size.
 * Returns array or its moved copy, or NULL when memory runs out (array is
 * then left as it was).
 */
static void *
array_grow(void *array, size_t *size, size_t need, size_t item)
{
    void *grown = NULL;
    size_t capacity = *size;

    if (need <= capacity && array != NULL)
        return array;
    if (capacity < 16)
        capacity = 16;
    while (capacity < need) {
        if (capacity > ((size_t)-1) / 2)
            return NULL;
        capacity *= 2;
    }
    if (capacity > ((size_t)-1) / item)
        return NULL;
    grown = realloc(array, capacity * item);
    if (grown != NULL)
        *size = capacity;
    return grown;
}

/*
 * The helpers below stand for fmin, fmax, floor, ceil and cos, so that
 * map.c calls nothing from libm and links whether or not a program is
 * linked with -lm.
 */
static double
min_double(double a, double b)
{
    return a < b ? a : b;
}

static double
max_double(double a, double b)
{
    return a > b ? a : b;
}

/* The value bounded to [low, high], then rounded down or up. The bounds
 * keep the result within a long. */
static long
floor_bounded(double value, double low, double high)
{
    double bounded = min_double(max_double(value, low), high);
    long integer = (long)bounded; /* rounds toward zero */

    return (double)integer > bounded ? integer - 1 : integer;
}

static long
ceil_bounded(double value, double low, double high)
{
    double bounded = min_double(max_double(value, low), high);
    long integer = (long)bounded;

    return (double)integer < bounded ? integer + 1 : integer;
}

/*
 * Cosine of a latitude in degrees, by its Taylor series up to x^12. On
 * [-90, 90] degrees the terms shrink and alternate, so the error is below
 * the first term left out, x^14 / 14!, at most 6.4e-9.
 */
static double
cos_latitude(double degrees)
{
    double x = degrees * M_PI / 180.0;
    double term = 1.0, sum = 1.0;
    int n;

    for (n = 2; n <= 12; n += 2) {
        term *= -x * x / (double)((n - 1) * n);
        sum += term;
    }
    return sum;
}

struct map *
map_create(void)
{
    struct map *map = calloc(1, sizeof *map);

    if (map == NULL)
        return NULL;
    map->cos_lat = 1.0;
    map->scale = 1.0;
    map->fit_scale = 1.0;
    return map;
}

void
map_free(struct map *map)
{
    if (map == NULL)
        return;
    free(map->points);
    free(map->rings);
    free(map->polygons);
    free(map->units);
    free(map->pixels);
    free(map->cells);
    free(map->crossings);
    free(map->row_start);
    free(map);
}

size_t
map_unit_count(const struct map *map)
{
    return map->unit_count;
}

/* Parse a decimal integer with an optional minus sign. */
static int
parse_integer(const char **cursor, long long *value)
{
    const char *s = *cursor;
    long long result = 0;
    int negative = 0;
    int digits = 0;

    if (*s == '-') {
        negative = 1;
        s++;
    }
    while (*s >= '0' && *s <= '9') {
        if (++digits > MAP_DIGITS_MAX)
            return -1;
        result = result * 10 + (*s - '0');
        s++;
    }
    if (digits == 0)
        return -1;
    *value = negative ? -result : result;
    *cursor = s;
    return 0;
}

/* Decode one ring "x,y dx,dy ..." of at least three points. */
static int
parse_ring(struct map *map, const char **cursor)
{
    const char *s = *cursor;
    struct map_ring ring = {map->point_count, 0};
    struct map_point *points = NULL;
    struct map_ring *rings = NULL;
    long long lon = 0, lat = 0;
    long long dx, dy;

    for (;;) {
        if (parse_integer(&s, &dx) < 0 || *s++ != ',' ||
            parse_integer(&s, &dy) < 0)
            return -1;
        lon += dx;
        lat += dy;
        if (lon < -MAP_LON_LIMIT || lon > MAP_LON_LIMIT ||
            lat < -MAP_LAT_LIMIT || lat > MAP_LAT_LIMIT)
            return -1;
        points = array_grow(map->points, &map->point_size, map->point_count + 1,
                            sizeof *points);
        if (points == NULL)
            return -1;
        map->points = points;
        map->points[map->point_count].lon = (double)lon / MAP_UNITS_PER_DEGREE;
        map->points[map->point_count].lat = (double)lat / MAP_UNITS_PER_DEGREE;
        map->point_count++;
        ring.count++;
        if (*s != ' ')
            break;
        s++;
    }
    if (ring.count < 3)
        return -1;
    rings = array_grow(map->rings, &map->ring_size, map->ring_count + 1,
                       sizeof *rings);
    if (rings == NULL)
        return -1;
    map->rings = rings;
    map->rings[map->ring_count++] = ring;
    *cursor = s;
    return 0;
}

/* Decode polygons separated by "|", each of rings separated by ";". */
static int
parse_outline(struct map *map, const char *data, int unit)
{
    const char *s = data;
    struct map_polygon *polygons = NULL;
    struct map_polygon polygon;

    for (;;) {
        polygon.first_ring = map->ring_count;
        polygon.unit = unit;
        for (;;) {
            if (parse_ring(map, &s) < 0)
                return -1;
            if (*s != ';')
                break;
            s++;
        }
        polygon.ring_count = map->ring_count - polygon.first_ring;
        polygons = array_grow(map->polygons, &map->polygon_size,
                              map->polygon_count + 1, sizeof *polygons);
        if (polygons == NULL)
            return -1;
        map->polygons = polygons;
        map->polygons[map->polygon_count++] = polygon;
        if (*s != '|')
            break;
        s++;
    }
    return *s == '\0' ? 0 : -1;
}

/*
 * Add a ring's signed area and first moments to the sums, with the sign
 * forced to sign (1 for an exterior, -1 for a hole). Coordinates are taken
 * relative to origin, so that the products stay small.
 */
static void
ring_moments(const struct map *map, const struct map_ring *ring,
             const struct map_point *origin, int sign, double sums[3])
{
    const struct map_point *points = map->points + ring->first;
    double area = 0.0, moment_x = 0.0, moment_y = 0.0;
    size_t i;

    for (i = 0; i < ring->count; i++) {
        const struct map_point *a = &points[i];
        const struct map_point *b = &points[(i + 1) % ring->count];
        double ax = a->lon - origin->lon, ay = a->lat - origin->lat;
        double bx = b->lon - origin->lon, by = b->lat - origin->lat;
        double cross = ax * by - bx * ay;

        area += cross;
        moment_x += (ax + bx) * cross;
        moment_y += (ay + by) * cross;
    }
    if ((area < 0.0) != (sign < 0)) {
        area = -area;
        moment_x = -moment_x;
        moment_y = -moment_y;
    }
    sums[0] += area / 2.0;
    sums[1] += moment_x / 6.0;
    sums[2] += moment_y / 6.0;
}

/*
 * Collect in xs the longitudes where the rings of a polygon cross the
 * parallel lat, counting a vertex on it once (the lower end of each edge
 * is included, the upper end is not). Returns how many.
 */
static size_t
polygon_crossings(const struct map *map, const struct map_polygon *polygon,
                  double lat, double *xs)
{
    size_t count = 0;
    size_t r, i;

    for (r = 0; r < polygon->ring_count; r++) {
        const struct map_ring *ring = &map->rings[polygon->first_ring + r];
        const struct map_point *points = map->points + ring->first;

        for (i = 0; i < ring->count; i++) {
            const struct map_point *a = &points[i];
            const struct map_point *b = &points[(i + 1) % ring->count];

            if ((a->lat <= lat) == (b->lat <= lat))
                continue;
            xs[count++] =
                a->lon + (lat - a->lat) * (b->lon - a->lon) / (b->lat - a->lat);
        }
    }
    return count;
}

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

/*
 * Move *lon, on the parallel *lat, into the polygon when it is outside (a
 * concave polygon can have its centroid outside): to the middle of the
 * widest stretch of the parallel inside the polygon. Returns 0 or -1.
 */
static int
polygon_move_inside(const struct map *map, const struct map_polygon *polygon,
                    double *lon, double lat)
{
    size_t points = 0;
    size_t count, i, left = 0;
    double *xs = NULL;
    double widest = -1.0;

    for (i = 0; i < polygon->ring_count; i++)
        points += map->rings[polygon->first_ring + i].count;
    xs = malloc(points * sizeof *xs);
    if (xs == NULL)
        return -1;
    count = polygon_crossings(map, polygon, lat, xs);
    qsort(xs, count, sizeof *xs, compare_double);

    for (i = 0; i + 1 < count; i += 2) {
        if (xs[i] <= *lon && *lon < xs[i + 1])
            goto out;
    }
    for (i = 0; i + 1 < count; i += 2) {
        if (xs[i + 1] - xs[i] > widest) {
            widest = xs[i + 1] - xs[i];
            left = i;
        }
    }
    if (widest >= 0.0)
        *lon = (xs[left] + xs[left + 1]) / 2.0;

out:
    free(xs);
    return 0;
}

/* Set the unit's centre: a point inside its largest polygon by area. */
static int
unit_find_centre(struct map *map, struct map_unit *unit)
{
    const struct map_polygon *largest = NULL;
    const struct map_point *origin = NULL;
    double largest_area = -1.0;
    double centre_lon = 0.0, centre_lat = 0.0;
    size_t p, r;

    for (p = 0; p < unit->polygon_count; p++) {
        const struct map_polygon *polygon =
            &map->polygons[unit->first_polygon + p];
        double sums[3] = {0.0, 0.0, 0.0};

        origin = &map->points[map->rings[polygon->first_ring].first];
        for (r = 0; r < polygon->ring_count; r++)
            ring_moments(map, &map->rings[polygon->first_ring + r], origin,
                         r == 0 ? 1 : -1, sums);
        if (sums[0] <= largest_area)
            continue;
        largest = polygon;
        largest_area = sums[0];
        if (sums[0] > 0.0) {
            centre_lon = origin->lon + sums[1] / sums[0];
            centre_lat = origin->lat + sums[2] / sums[0];
        } else {
            /* No area (all points on a line): its first point. */
            centre_lon = origin->lon;
            centre_lat = origin->lat;
        }
    }
    if (largest_area > 0.0 &&
        polygon_move_inside(map, largest, &centre_lon, centre_lat) < 0)
        return -1;
    unit->centre_lon = centre_lon;
    unit->centre_lat = centre_lat;
    return 0;
}

/* Set the unit's extent from its points, the last ones decoded. */
static void
unit_find_extent(struct map *map, struct map_unit *unit)
{
    const struct map_ring *first =
        &map->rings[map->polygons[unit->first_polygon].first_ring];
    const struct map_point *point = &map->points[first->first];
    const struct map_point *end = map->points + map->point_count;

    unit->min_lon = unit->max_lon = point->lon;
    unit->min_lat = unit->max_lat = point->lat;
    for (; point < end; point++) {
        unit->min_lon = min_double(unit->min_lon, point->lon);
        unit->max_lon = max_double(unit->max_lon, point->lon);
        unit->min_lat = min_double(unit->min_lat, point->lat);
        unit->max_lat = max_double(unit->max_lat, point->lat);
    }
}

/* Widen the map's extent to the unit and update the longitude factor. */
static void
map_extend(struct map *map, const struct map_unit *unit)
{
    double middle;

    if (map->unit_count == 0) {
        map->min_lon = unit->min_lon;
        map->max_lon = unit->max_lon;
        map->min_lat = unit->min_lat;
        map->max_lat = unit->max_lat;
    } else {
        map->min_lon = min_double(map->min_lon, unit->min_lon);
        map->max_lon = max_double(map->max_lon, unit->max_lon);
        map->min_lat = min_double(map->min_lat, unit->min_lat);
        map->max_lat = max_double(map->max_lat, unit->max_lat);
    }
    middle = (map->min_lat + map->max_lat) / 2.0;
    map->cos_lat = max_double(cos_latitude(middle), MAP_COS_MIN);
}

int
map_add_unit(struct map *map, const char *encoding, const char *data)
{
    size_t points = map->point_count;
    size_t rings = map->ring_count;
    size_t polygons = map->polygon_count;
    struct map_unit *units = NULL;
    struct map_unit unit;
    int index = (int)map->unit_count;

    if (encoding == NULL || data == NULL ||
        strcmp(encoding, MAP_ENCODING) != 0 || map->unit_count >= INT_MAX)
        return -1;
    memset(&unit, 0, sizeof unit);
    unit.first_polygon = map->polygon_count;
    if (parse_outline(map, data, index) < 0)
        goto error;
    unit.polygon_count = map->polygon_count - polygons;
    unit_find_extent(map, &unit);
    if (unit_find_centre(map, &unit) < 0)
        goto error;
    units = array_grow(map->units, &map->unit_size, map->unit_count + 1,
                       sizeof *units);
    if (units == NULL)
        goto error;
    map->units = units;
    map_extend(map, &unit);
    map->units[map->unit_count++] = unit;
    return index;

error:
    map->point_count = points;
    map->ring_count = rings;
    map->polygon_count = polygons;
    return -1;
}

/* The pixel transform of the view for a grid of cols x rows cells. */
static void
transform_get(const struct map *map, int cols, int rows,
              struct map_transform *t)
{
    t->sx = map->scale * map->cos_lat;
    t->sy = map->scale;
    t->ox = (double)cols / 2.0 - map->centre_lon * t->sx;
    t->oy = (double)rows + map->centre_lat * t->sy;
}

/* Keep the view's centre over the map, so that panning cannot lose it. */
static void
view_clamp(struct map *map)
{
    if (map->unit_count == 0)
        return;
    map->centre_lon =
        min_double(max_double(map->centre_lon, map->min_lon), map->max_lon);
    map->centre_lat =
        min_double(max_double(map->centre_lat, map->min_lat), map->max_lat);
}

void
map_fit(struct map *map, int cols, int rows)
{
    double width, height, fit = 0.0;
    double pixels_x = cols > 0 ? (double)cols : 0.0;
    double pixels_y = rows > 0 ? 2.0 * rows : 0.0;

    map->cols = cols > 0 ? cols : 0;
    map->rows = rows > 0 ? rows : 0;
    if (map->unit_count == 0)
        return;
    width = (map->max_lon - map->min_lon) * map->cos_lat;
    height = map->max_lat - map->min_lat;
    if (pixels_x > 0.0 && width > 0.0)
        fit = pixels_x / width;
    if (pixels_y > 0.0 && height > 0.0 &&
        (fit == 0.0 || pixels_y / height < fit))
        fit = pixels_y / height;
    if (fit == 0.0) {
        /* A map without extent, or no grid: one pixel per 1e-5 degree. */
        fit = MAP_UNITS_PER_DEGREE;
    }
    map->centre_lon = (map->min_lon + map->max_lon) / 2.0;
    map->centre_lat = (map->min_lat + map->max_lat) / 2.0;
    map->scale = fit;
    map->fit_scale = fit;
    map->fitted = 1;
}

void
map_zoom(struct map *map, double factor)
{
    if (!isfinite(factor) || factor <= 0.0)
        return;
    map->scale = min_double(max_double(map->scale * factor, map->fit_scale),
                            map->fit_scale * MAP_ZOOM_MAX);
}

void
map_pan(struct map *map, double dx, double dy)
{
    if (!isfinite(dx) || !isfinite(dy))
        return;
    map->centre_lon += dx * map->cols / (map->scale * map->cos_lat);
    map->centre_lat -= dy * 2.0 * map->rows / map->scale;
    view_clamp(map);
}

void
map_show_unit(struct map *map, int unit, int cols, int rows)
{
    const struct map_unit *u = NULL;
    struct map_transform t;
    double width, height, x, y, margin;

    if (unit < 0 || (size_t)unit >= map->unit_count)
        return;
    map->cols = cols > 0 ? cols : 0;
    map->rows = rows > 0 ? rows : 0;
    width = map->cols;
    height = 2.0 * map->rows;
    u = &map->units[unit];
    transform_get(map, map->cols, map->rows, &t);
    x = u->centre_lon * t.sx + t.ox;
    y = t.oy - u->centre_lat * t.sy;

    margin = width * MAP_SHOW_MARGIN;
    if (x < margin)
        map->centre_lon -= (margin - x) / t.sx;
    else if (x > width - margin)
        map->centre_lon += (x - (width - margin)) / t.sx;
    margin = height * MAP_SHOW_MARGIN;
    if (y < margin)
        map->centre_lat += (margin - y) / t.sy;
    else if (y > height - margin)
        map->centre_lat -= (y - (height - margin)) / t.sy;
    view_clamp(map);
}

double
map_zoom_level(const struct map *map)
{
    return map->scale / map->fit_scale;
}

/* Mark the units whose extent meets the width x height pixels. */
static void
units_cull(struct map *map, const struct map_transform *t, double width,
           double height)
{
    size_t u;

    for (u = 0; u < map->unit_count; u++) {
        struct map_unit *unit = &map->units[u];
        double left = unit->min_lon * t->sx + t->ox;
        double right = unit->max_lon * t->sx + t->ox;
        double top = t->oy - unit->max_lat * t->sy;
        double bottom = t->oy - unit->min_lat * t->sy;

        unit->visible =
            right >= 0.0 && left <= width && bottom >= 0.0 && top <= height;
        unit->pixels = 0;
    }
}

/*
 * Count the crossings of an edge with the centre lines of the pixel rows
 * (place == 0), or store them at the cursors of the rows (place == 1). An
 * edge covers the rows whose centre y satisfies top <= y < bottom, so that
 * a vertex on a centre line counts once.
 */
static void
edge_add(struct map *map, size_t height, const double from[2],
         const double to[2], int polygon, int place)
{
    size_t *count = map->row_start;
    size_t *cursor = map->row_start + height + 1;
    double limit = (double)height;
    long top = ceil_bounded(min_double(from[1], to[1]) - 0.5, -1.0, limit);
    long bottom =
        ceil_bounded(max_double(from[1], to[1]) - 0.5, -1.0, limit) - 1;
    double slope;
    size_t row;

    if (top < 0)
        top = 0;
    if (bottom > (long)height - 1)
        bottom = (long)height - 1;
    if (from[1] == to[1] || top > bottom)
        return;
    if (!place) {
        for (row = (size_t)top; row <= (size_t)bottom; row++)
            count[row]++;
        return;
    }
    slope = (to[0] - from[0]) / (to[1] - from[1]);
    for (row = (size_t)top; row <= (size_t)bottom; row++) {
        struct map_crossing *crossing = &map->crossings[cursor[row]++];

        crossing->x = from[0] + ((double)row + 0.5 - from[1]) * slope;
        crossing->polygon = polygon;
    }
}

/* Pass every edge of the visible units to edge_add, polygon by polygon. */
static void
edges_scan(struct map *map, const struct map_transform *t, size_t height,
           int place)
{
    size_t p, r, i;

    for (p = 0; p < map->polygon_count; p++) {
        const struct map_polygon *polygon = &map->polygons[p];

        if (!map->units[polygon->unit].visible)
            continue;
        for (r = 0; r < polygon->ring_count; r++) {
            const struct map_ring *ring = &map->rings[polygon->first_ring + r];
            const struct map_point *points = map->points + ring->first;
            const struct map_point *last = &points[ring->count - 1];
            double from[2], to[2];

            from[0] = last->lon * t->sx + t->ox;
            from[1] = t->oy - last->lat * t->sy;
            for (i = 0; i < ring->count; i++) {
                to[0] = points[i].lon * t->sx + t->ox;
                to[1] = t->oy - points[i].lat * t->sy;
                edge_add(map, height, from, to, (int)p, place);
                from[0] = to[0];
                from[1] = to[1];
            }
        }
    }
}

static int
compare_crossing(const void *a, const void *b)
{
    double x = ((const struct map_crossing *)a)->x;
    double y = ((const struct map_crossing *)b)->x;

    return (x > y) - (x < y);
}

/* Sort the crossings of one polygon on one row by x. */
static void
crossings_sort(struct map_crossing *crossings, size_t count)
{
    struct map_crossing moving;
    size_t i, j;

    if (count > MAP_INSERTION_SORT_MAX) {
        qsort(crossings, count, sizeof *crossings, compare_crossing);
        return;
    }
    for (i = 1; i < count; i++) {
        moving = crossings[i];
        for (j = i; j > 0 && crossings[j - 1].x > moving.x; j--)
            crossings[j] = crossings[j - 1];
        crossings[j] = moving;
    }
}

/* Fill the pixels of a row whose centre x satisfies left <= x < right. */
static void
span_fill(int *row, size_t width, double left, double right, int unit)
{
    long first = ceil_bounded(left - 0.5, -1.0, (double)width);
    long last = ceil_bounded(right - 0.5, -1.0, (double)width) - 1;
    size_t x;

    if (first < 0)
        first = 0;
    if (last > (long)width - 1)
        last = (long)width - 1;
    if (first > last)
        return;
    for (x = (size_t)first; x <= (size_t)last; x++)
        row[x] = unit;
}

/*
 * Fill every pixel row from its crossings. Crossings were stored polygon
 * by polygon, so those of one polygon are next to each other in a row.
 */
static void
rows_fill(struct map *map, size_t width, size_t height)
{
    size_t row, i, j, k;

    for (row = 0; row < height; row++) {
        struct map_crossing *crossings = map->crossings + map->row_start[row];
        size_t count = map->row_start[row + 1] - map->row_start[row];
        int *pixels = map->pixels + row * width;

        for (i = 0; i < count; i = j) {
            int polygon = crossings[i].polygon;
            int unit = map->polygons[polygon].unit;

            for (j = i + 1; j < count && crossings[j].polygon == polygon; j++)
                ;
            crossings_sort(crossings + i, j - i);
            for (k = i; k + 1 < j; k += 2)
                span_fill(pixels, width, crossings[k].x, crossings[k + 1].x,
                          unit);
        }
    }
}

/* Count each unit's pixels and their bounding box. */
static void
units_measure(struct map *map, size_t width, size_t height)
{
    size_t x, y;

    for (y = 0; y < height; y++) {
        for (x = 0; x < width; x++) {
            int u = map->pixels[y * width + x];
            struct map_unit *unit = NULL;

            if (u == MAP_NONE)
                continue;
            unit = &map->units[u];
            if (unit->pixels == 0) {
                unit->min_x = unit->max_x = (int)x;
                unit->min_y = unit->max_y = (int)y;
            }
            unit->pixels++;
            unit->min_x = unit->min_x < (int)x ? unit->min_x : (int)x;
            unit->max_x = unit->max_x > (int)x ? unit->max_x : (int)x;
            unit->max_y = (int)y;
        }
    }
}

/* Give each visible unit without a pixel the free pixel under its centre. */
static void
units_claim_centres(struct map *map, const struct map_transform *t,
                    size_t width, size_t height)
{
    size_t u;

    for (u = 0; u < map->unit_count; u++) {
        struct map_unit *unit = &map->units[u];
        long x = floor_bounded(unit->centre_lon * t->sx + t->ox, -1.0,
                               (double)width);
        long y = floor_bounded(t->oy - unit->centre_lat * t->sy, -1.0,
                               (double)height);
        size_t index;

        if (!unit->visible || unit->pixels > 0 || x < 0 || y < 0 ||
            x >= (long)width || y >= (long)height)
            continue;
        index = (size_t)y * width + (size_t)x;
        if (map->pixels[index] != MAP_NONE)
            continue;
        map->pixels[index] = (int)u;
        unit->pixels = 1;
        unit->min_x = unit->max_x = (int)x;
        unit->min_y = unit->max_y = (int)y;
    }
}

/* Whether the pixel's right or lower neighbour is another unit. */
static unsigned char
pixel_is_edge(const int *pixels, size_t width, size_t height, size_t x,
              size_t y)
{
    const int *pixel = pixels + y * width + x;

    if (*pixel == MAP_NONE)
        return 0;
    if (x + 1 < width && pixel[1] != MAP_NONE && pixel[1] != *pixel)
        return 1;
    if (y + 1 < height && pixel[width] != MAP_NONE && pixel[width] != *pixel)
        return 1;
    return 0;
}

/* Whether the units in view have more than MAP_EDGE_MIN_PIXELS each. */
static int
units_large_enough(const struct map *map)
{
    size_t pixels = 0, units = 0;
    size_t u;

    for (u = 0; u < map->unit_count; u++) {
        if (map->units[u].pixels > 0) {
            pixels += map->units[u].pixels;
            units++;
        }
    }
    return units > 0 && pixels > MAP_EDGE_MIN_PIXELS * units;
}

/* Pair the pixel rows into cells, with edges when units are big enough. */
static void
cells_build(struct map *map, size_t cols, size_t rows)
{
    size_t height = 2 * rows;
    int edges = units_large_enough(map);
    size_t row, col;

    for (row = 0; row < rows; row++) {
        for (col = 0; col < cols; col++) {
            struct map_cell *cell = &map->cells[row * cols + col];

            cell->top = map->pixels[2 * row * cols + col];
            cell->bottom = map->pixels[(2 * row + 1) * cols + col];
            cell->top_edge = 0;
            cell->bottom_edge = 0;
            if (!edges)
                continue;
            cell->top_edge =
                pixel_is_edge(map->pixels, cols, height, col, 2 * row);
            cell->bottom_edge =
                pixel_is_edge(map->pixels, cols, height, col, 2 * row + 1);
        }
    }
}

/* Size the pixel, cell and row buffers for width x height pixels. */
static int
buffers_reserve(struct map *map, size_t width, size_t height)
{
    int *pixels = NULL;
    struct map_cell *cells = NULL;
    size_t *row_start = NULL;
    size_t count;

    if (height != 0 && width > ((size_t)-1) / height)
        return -1;
    count = width * height;
    /* One more item than needed, so that an empty grid still has a
     * buffer to return. */
    pixels =
        array_grow(map->pixels, &map->pixel_size, count + 1, sizeof *pixels);
    if (pixels == NULL)
        return -1;
    map->pixels = pixels;
    cells =
        array_grow(map->cells, &map->cell_size, count / 2 + 1, sizeof *cells);
    if (cells == NULL)
        return -1;
    map->cells = cells;
    row_start = array_grow(map->row_start, &map->row_size, 2 * height + 2,
                           sizeof *row_start);
    if (row_start == NULL)
        return -1;
    map->row_start = row_start;
    return 0;
}

/* Count the crossings of each row, size the buffer and store them. */
static int
crossings_collect(struct map *map, const struct map_transform *t, size_t height)
{
    struct map_crossing *crossings = NULL;
    size_t *start = map->row_start;
    size_t total = 0;
    size_t row, count;

    memset(start, 0, (height + 1) * sizeof *start);
    edges_scan(map, t, height, 0);
    for (row = 0; row <= height; row++) {
        count = start[row];
        start[row] = total;
        total += count;
    }
    crossings = array_grow(map->crossings, &map->crossing_size, total + 1,
                           sizeof *crossings);
    if (crossings == NULL)
        return -1;
    map->crossings = crossings;
    memcpy(start + height + 1, start, height * sizeof *start);
    edges_scan(map, t, height, 1);
    return 0;
}

const struct map_cell *
map_render(struct map *map, int cols, int rows)
{
    size_t width = cols > 0 ? (size_t)cols : 0;
    size_t height = rows > 0 ? 2 * (size_t)rows : 0;
    struct map_transform t;
    size_t i;

    map->render_cols = 0;
    map->render_rows = 0;
    if (!map->fitted)
        map_fit(map, cols, rows);
    map->cols = (int)width;
    map->rows = (int)(height / 2);
    if (buffers_reserve(map, width, height) < 0)
        return NULL;

    transform_get(map, (int)width, (int)(height / 2), &t);
    units_cull(map, &t, (double)width, (double)height);
    if (crossings_collect(map, &t, height) < 0)
        return NULL;
    for (i = 0; i < width * height; i++)
        map->pixels[i] = MAP_NONE;
    rows_fill(map, width, height);

    units_measure(map, width, height);
    units_claim_centres(map, &t, width, height);
    cells_build(map, width, height / 2);
    map->render_transform = t;
    map->render_cols = (int)width;
    map->render_rows = (int)(height / 2);
    return map->cells;
}

int
map_unit_at(const struct map *map, int row, int col)
{
    const struct map_cell *cell = NULL;

    if (row < 0 || col < 0 || row >= map->render_rows ||
        col >= map->render_cols)
        return MAP_NONE;
    cell = &map->cells[(size_t)row * (size_t)map->render_cols + (size_t)col];
    return cell->bottom != MAP_NONE ? cell->bottom : cell->top;
}

/* Squared distance on the map from one point to another, and the offset
 * (x to the east, y to the south) in degrees of latitude. */
static double
map_distance(const struct map *map, double from_lon, double from_lat,
             double to_lon, double to_lat, double *dx, double *dy)
{
    *dx = (to_lon - from_lon) * map->cos_lat;
    *dy = from_lat - to_lat;
    return *dx * *dx + *dy * *dy;
}

int
map_neighbour(const struct map *map, int from, enum map_direction dir)
{
    const struct map_unit *origin = NULL;
    double best = INFINITY;
    int found = from;
    size_t u;

    if (from < 0 || (size_t)from >= map->unit_count)
        return from;
    origin = &map->units[from];
    for (u = 0; u < map->unit_count; u++) {
        const struct map_unit *unit = &map->units[u];
        double dx, dy, along, across, distance;

        distance = map_distance(map, origin->centre_lon, origin->centre_lat,
                                unit->centre_lon, unit->centre_lat, &dx, &dy);
        switch (dir) {
        case MAP_RIGHT:
            along = dx;
            across = dy;
            break;
        case MAP_LEFT:
            along = -dx;
            across = dy;
            break;
        case MAP_DOWN:
            along = dy;
            across = dx;
            break;
        default:
            along = -dy;
            across = dx;
            break;
        }
        /* The 90 degree cone: at most 45 degrees off the direction. */
        if (along <= 0.0 || fabs(across) > along || distance >= best)
            continue;
        best = distance;
        found = (int)u;
    }
    return found;
}

int
map_central_unit(const struct map *map)
{
    double best = INFINITY;
    int found = MAP_NONE;
    size_t u;

    for (u = 0; u < map->unit_count; u++) {
        const struct map_unit *unit = &map->units[u];
        double dx, dy, distance;

        distance = map_distance(map, map->centre_lon, map->centre_lat,
                                unit->centre_lon, unit->centre_lat, &dx, &dy);
        if (distance < best) {
            best = distance;
            found = (int)u;
        }
    }
    return found;
}

/* Convert a pixel coordinate to a cell index, bounded to stay an int. */
static int
cell_index(double pixel)
{
    return (int)floor_bounded(pixel, -1e9, 1e9);
}

int
map_project(const struct map *map, double lon, double lat, int cols, int rows,
            int *row, int *col)
{
    struct map_transform t;
    double x, y;

    if (!isfinite(lon) || !isfinite(lat))
        return 1;
    transform_get(map, cols, rows, &t);
    x = lon * t.sx + t.ox;
    y = t.oy - lat * t.sy;
    *col = cell_index(x);
    *row = cell_index(y / 2.0);
    return *col >= 0 && *col < cols && *row >= 0 && *row < rows ? 0 : 1;
}

int
map_unit_cell(const struct map *map, int unit, int cols, int rows, int *row,
              int *col)
{
    if (unit < 0 || (size_t)unit >= map->unit_count)
        return 1;
    return map_project(map, map->units[unit].centre_lon,
                       map->units[unit].centre_lat, cols, rows, row, col);
}

/* A unit waiting for its label, ordered by pixels on screen. */
struct label_candidate {
    size_t pixels;
    int unit;
};

static int
compare_candidate(const void *a, const void *b)
{
    const struct label_candidate *x = a;
    const struct label_candidate *y = b;

    if (x->pixels != y->pixels)
        return x->pixels < y->pixels ? 1 : -1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

/* The cells where labels may be placed, and those labels occupy. */
struct label_grid {
    const struct map *map;
    int cols, rows;
    unsigned char *occupied;
};

/*
 * Whether a label of width cells fits at row, start: the unit owns both
 * pixels of each of its cells, and no label is in or next to them.
 */
static int
label_fits(const struct label_grid *grid, int unit, int row, int start,
           int width)
{
    const int *pixels = grid->map->pixels;
    size_t stride = (size_t)grid->map->render_cols;
    int r, c;

    for (c = start; c < start + width; c++) {
        if (pixels[2 * (size_t)row * stride + (size_t)c] != unit ||
            pixels[(2 * (size_t)row + 1) * stride + (size_t)c] != unit)
            return 0;
    }
    for (r = row - 1; r <= row + 1; r++) {
        if (r < 0 || r >= grid->rows)
            continue;
        for (c = start - 1; c <= start + width; c++) {
            if (c >= 0 && c < grid->cols &&
                grid->occupied[(size_t)r * (size_t)grid->cols + (size_t)c])
                return 0;
        }
    }
    return 1;
}

/* Find the free position in [first, last] nearest start (which is in it)
 * on row, or return -1. */
static int
label_find_in_row(const struct label_grid *grid, int unit, int row, int start,
                  int first, int last, int width)
{
    int distance;

    for (distance = 0; start - distance >= first || start + distance <= last;
         distance++) {
        if (start - distance >= first &&
            label_fits(grid, unit, row, start - distance, width))
            return start - distance;
        if (distance > 0 && start + distance <= last &&
            label_fits(grid, unit, row, start + distance, width))
            return start + distance;
    }
    return -1;
}

/* Place the label on row, as near start as it fits. Returns 0 or -1. */
static int
label_try_row(struct label_grid *grid, int unit, int row, int start, int first,
              int last, int width, struct map_label *label)
{
    int col, c;

    if (row < 0 || row >= grid->rows)
        return -1;
    col = label_find_in_row(grid, unit, row, start, first, last, width);
    if (col < 0)
        return -1;
    for (c = col; c < col + width; c++)
        grid->occupied[(size_t)row * (size_t)grid->cols + (size_t)c] = 1;
    label->unit = unit;
    label->row = row;
    label->col = col;
    label->columns = width;
    return 0;
}

/*
 * Place the label of unit on the line of its centre, or else on the
 * nearest line of the unit where it fits. Returns 0 or -1.
 */
static int
label_place(struct label_grid *grid, int unit, int width,
            struct map_label *label)
{
    const struct map_unit *u = &grid->map->units[unit];
    const struct map_transform *t = &grid->map->render_transform;
    int top = u->min_y / 2, bottom = u->max_y / 2;
    int first = u->min_x, last = u->max_x - width + 1;
    int centre_row, start, distance;

    if (bottom >= grid->rows)
        bottom = grid->rows - 1;
    if (last > grid->cols - width)
        last = grid->cols - width;
    if (last < first || top > bottom)
        return -1;
    centre_row = cell_index((t->oy - u->centre_lat * t->sy) / 2.0);
    if (centre_row < top)
        centre_row = top;
    if (centre_row > bottom)
        centre_row = bottom;
    start = cell_index(u->centre_lon * t->sx + t->ox) - width / 2;
    if (start < first)
        start = first;
    if (start > last)
        start = last;

    for (distance = 0;
         centre_row - distance >= top || centre_row + distance <= bottom;
         distance++) {
        if (centre_row - distance >= top &&
            label_try_row(grid, unit, centre_row - distance, start, first, last,
                          width, label) == 0)
            return 0;
        if (distance > 0 && centre_row + distance <= bottom &&
            label_try_row(grid, unit, centre_row + distance, start, first, last,
                          width, label) == 0)
            return 0;
    }
    return -1;
}

size_t
map_labels(const struct map *map, const int *widths, int cols, int rows,
           struct map_label *labels, size_t max)
{
    struct label_candidate *candidates = NULL;
    struct label_grid grid = {map, cols, rows, NULL};
    size_t count = 0, placed = 0;
    size_t u, i;

    if (grid.cols > map->render_cols)
        grid.cols = map->render_cols;
    if (grid.rows > map->render_rows)
        grid.rows = map->render_rows;
    if (grid.cols <= 0 || grid.rows <= 0 || widths == NULL || max == 0 ||
        map->unit_count == 0)
        return 0;
    candidates = malloc(map->unit_count * sizeof *candidates);
    grid.occupied = calloc((size_t)grid.cols * (size_t)grid.rows, 1);
    if (candidates == NULL || grid.occupied == NULL)
        goto out;

    for (u = 0; u < map->unit_count; u++) {
        if (widths[u] > 0 && widths[u] <= grid.cols &&
            map->units[u].pixels > 0) {
            candidates[count].pixels = map->units[u].pixels;
            candidates[count].unit = (int)u;
            count++;
        }
    }
    qsort(candidates, count, sizeof *candidates, compare_candidate);
    for (i = 0; i < count && placed < max; i++) {
        int unit = candidates[i].unit;

        if (label_place(&grid, unit, widths[unit], &labels[placed]) == 0)
            placed++;
    }

out:
    free(candidates);
    free(grid.occupied);
    return placed;
}

/* Returns 1 when the point is inside the polygon (even-odd over its
 * rings, so a hole excludes it). */
static int
polygon_contains(const struct map *map, const struct map_polygon *polygon,
                 double lon, double lat)
{
    int inside = 0;
    size_t r, i;

    for (r = 0; r < polygon->ring_count; r++) {
        const struct map_ring *ring = &map->rings[polygon->first_ring + r];
        const struct map_point *points = map->points + ring->first;

        for (i = 0; i < ring->count; i++) {
            const struct map_point *a = &points[i];
            const struct map_point *b = &points[(i + 1) % ring->count];

            if ((a->lat <= lat) == (b->lat <= lat))
                continue;
            if (lon <
                a->lon + (lat - a->lat) * (b->lon - a->lon) / (b->lat - a->lat))
                inside = !inside;
        }
    }
    return inside;
}

int
map_locate(const struct map *map, double lon, double lat)
{
    size_t u, p;

    if (!isfinite(lon) || !isfinite(lat))
        return MAP_NONE;
    for (u = 0; u < map->unit_count; u++) {
        const struct map_unit *unit = &map->units[u];

        if (lon < unit->min_lon || lon > unit->max_lon || lat < unit->min_lat ||
            lat > unit->max_lat)
            continue;
        for (p = 0; p < unit->polygon_count; p++) {
            if (polygon_contains(map, &map->polygons[unit->first_polygon + p],
                                 lon, lat))
                return (int)u;
        }
    }
    return MAP_NONE;
}
