/*
 * terrish: the features of a point layer (charging locations, industrial
 * emitters), read for drawing over a map.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "store/store.h"

int
store_point_latest_year(struct store *store, const char *layer, int *year)
{
    sqlite3_stmt *stmt;
    int rc = 1;

    rc = store_indicator_hidden(store, layer, 0);
    if (rc != 0)
        return rc;
    rc = 1;
    /* A published-only connection skips the years not published. */
    stmt = store_statement(store,
                           "SELECT max(year) FROM point"
                           " WHERE layer = ?1 AND (?2 = 0 OR year NOT IN"
                           " (SELECT year FROM indicator_year"
                           " WHERE indicator_id = ?1 AND NOT published))");
    if (stmt == NULL) {
        store_set_db_error(store, "reading a point layer failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, layer, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, store_published_only(store));
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading a point layer failed");
        rc = -1;
    } else if (sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        *year = sqlite3_column_int(stmt, 0);
        rc = 0;
    }
    store_statement_done(stmt);
    return rc;
}

int
store_points(struct store *store, const char *layer, int year,
             const char *category, const double bounds[4], store_point_fn fn,
             void *arg)
{
    sqlite3_stmt *stmt;
    int step;
    int rc = 0;

    rc = store_indicator_hidden(store, layer, year);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    /* Features of one source id are summed: the EU ETS layer has one row
     * per installation and year, IREP one per pollutant and medium. */
    stmt = store_statement(store,
                           "SELECT max(name), lon, lat, sum(value), max(unit)"
                           " FROM point WHERE layer = ?1 AND year = ?2"
                           " AND lon BETWEEN ?3 AND ?5"
                           " AND lat BETWEEN ?4 AND ?6 AND value IS NOT NULL"
                           " AND (?7 IS NULL OR category = ?7)"
                           " GROUP BY coalesce(source_id, id), lon, lat"
                           " ORDER BY 4 DESC");
    if (stmt == NULL) {
        store_set_db_error(store, "reading a point layer failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, layer, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, year);
    sqlite3_bind_double(stmt, 3, bounds[0]);
    sqlite3_bind_double(stmt, 4, bounds[1]);
    sqlite3_bind_double(stmt, 5, bounds[2]);
    sqlite3_bind_double(stmt, 6, bounds[3]);
    if (category != NULL)
        sqlite3_bind_text(stmt, 7, category, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_point point;
        const unsigned char *name = sqlite3_column_text(stmt, 0);
        const unsigned char *unit = sqlite3_column_text(stmt, 4);

        point.name = name != NULL ? (const char *)name : "";
        point.lon = sqlite3_column_double(stmt, 1);
        point.lat = sqlite3_column_double(stmt, 2);
        point.value = sqlite3_column_double(stmt, 3);
        point.unit = unit != NULL ? (const char *)unit : "";
        rc = fn(&point, arg);
        if (rc != 0) {
            break;
        }
    }
    if (rc == 0 && step != SQLITE_DONE) {
        store_set_db_error(store, "reading a point layer failed");
        rc = -1;
    }
    store_statement_done(stmt);
    return rc;
}
