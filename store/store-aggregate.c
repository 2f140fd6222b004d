/*
 * terrish: indicator values of any territory, aggregated from the native
 * level of each indicator.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * docs/data-model.md states the rules in full. In short: a territory's
 * value is computed from the native units (communes, EPCI, départements or
 * régions) that lie wholly inside it, found through its communes. A native
 * unit that straddles the territory's border is never split, so a
 * département figure is not available for a commune or an EPCI. Ratios
 * divide the aggregated numerator by the aggregated denominator. A secret
 * cell is hidden at its own level, and so is any total that contains
 * exactly one secret cell, because subtracting the other cells would give
 * it back.
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Ratios of ratios are allowed up to this depth, to stop a cycle. */
#define AGGREGATE_MAX_DEPTH 4

/* Scope of a computation: a territory or a group of communes. */
struct aggregate_scope {
    int64_t id;
    enum territory_level level; /* 0 for a group */
};

/* Running totals over the native cells of a scope. */
struct aggregate_cells {
    int units;    /* native units wholly inside the scope */
    int excluded; /* native units straddling it, and communes with none */
    int rows;     /* cells found */
    int valued;   /* cells with a value, even a lower bound */
    int secret;
    int not_estimated;
    double sum;
    double weight_sum; /* weighted_mean only */
};

static int aggregate(struct store *store, const struct indicator *indicator,
                     const struct aggregate_scope *scope, int year,
                     const char *category, int depth,
                     struct indicator_result *out);

const char *
result_flag_name(enum result_flag flag)
{
    switch (flag) {
    case RESULT_PRESENT:
        return "";
    case RESULT_PARTIAL:
        return "partial";
    case RESULT_SECRET:
        return "secret";
    case RESULT_NOT_AVAILABLE:
        break;
    }
    return "na";
}

/* The SQL that lists the communes of a scope as "communes(id)". */
static const char *
scope_communes_sql(const struct aggregate_scope *scope)
{
    if (scope->level == 0)
        return "communes(id) AS (SELECT commune_id FROM"
               " territory_group_member WHERE group_id = ?2)";
    if (scope->level == LEVEL_COMMUNE)
        return "communes(id) AS (SELECT ?2)";
    return "communes(id) AS (SELECT m.member_id FROM territory_member m"
           " JOIN territory t ON t.id = m.member_id"
           " WHERE m.parent_id = ?2 AND t.level = 4)";
}

/*
 * Build the SQL that names the native units inside the scope as
 * "units(id)" and, in "touched", every native unit with a commune in it.
 * The joins are CROSS JOIN so that SQLite walks them from the scope's
 * communes. The store has no ANALYZE statistics, and without them SQLite
 * 3.40 may start from every territory of the native level instead.
 */
static char *
scope_units_sql(const struct aggregate_scope *scope,
                enum territory_level native)
{
    if (scope->level == native)
        return xstrdup("WITH units(id) AS (SELECT ?2),"
                       " touched(id, inside, total) AS (SELECT ?2, 1, 1),"
                       " communes(id) AS (SELECT ?2)");
    if (native == LEVEL_COMMUNE)
        return xasprintf("WITH %s, units(id) AS (SELECT id FROM communes),"
                         " touched(id, inside, total) AS"
                         " (SELECT id, 1, 1 FROM communes)",
                         scope_communes_sql(scope));
    return xasprintf("WITH %s, touched(id, inside, total) AS"
                     " (SELECT p.id, count(*), p.commune_count"
                     " FROM communes c"
                     " CROSS JOIN territory_member m ON m.member_id = c.id"
                     " CROSS JOIN territory p ON p.id = m.parent_id"
                     " AND p.level = ?5 GROUP BY p.id),"
                     " units(id) AS (SELECT id FROM touched"
                     " WHERE inside = total)",
                     scope_communes_sql(scope));
}

/* Bind the parameters that every aggregation query shares. */
static void
bind_common(sqlite3_stmt *stmt, const struct indicator *indicator,
            const struct aggregate_scope *scope, int year,
            const char *category, enum territory_level native)
{
    sqlite3_bind_text(stmt, 1, indicator->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, scope->id);
    sqlite3_bind_int(stmt, 3, year);
    if (category != NULL)
        sqlite3_bind_text(stmt, 4, category, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 5, native);
    if (indicator->weight != NULL)
        sqlite3_bind_text(stmt, 6, indicator->weight, -1, SQLITE_STATIC);
}

/* Count the native units inside the scope and those left out. */
static int
count_units(struct store *store, const struct indicator *indicator,
            const struct aggregate_scope *scope, int year,
            enum territory_level native, struct aggregate_cells *cells)
{
    sqlite3_stmt *stmt = NULL;
    char *units = scope_units_sql(scope, native);
    char *sql = NULL;
    int rc = -1;

    if (scope->level == native) {
        /* The scope is itself the one native unit: no query needed. */
        free(units);
        cells->units = 1;
        cells->excluded = 0;
        return 0;
    }
    sql = xasprintf("%s SELECT coalesce(sum(inside = total), 0),"
                    " coalesce(sum(inside < total), 0),"
                    " (SELECT count(*) FROM communes)"
                    " - coalesce(sum(inside), 0) FROM touched",
                    units);
    stmt = store_statement(store, sql);
    if (stmt == NULL) {
        store_set_db_error(store, "counting the units failed");
        goto out;
    }
    bind_common(stmt, indicator, scope, year, NULL, native);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "counting the units failed");
        goto out;
    }
    cells->units = sqlite3_column_int(stmt, 0);
    cells->excluded = sqlite3_column_int(stmt, 1) + sqlite3_column_int(stmt, 2);
    if (scope->level == native)
        cells->excluded = 0;
    rc = 0;

out:
    store_statement_done(stmt);
    free(sql);
    free(units);
    return rc;
}

/* Add one cell (flag, value, weight) to the running totals. */
static void
add_cell(struct aggregate_cells *cells, const struct indicator *indicator,
         sqlite3_stmt *stmt)
{
    int flag = sqlite3_column_int(stmt, 0);
    double value = sqlite3_column_double(stmt, 1);
    double weight = 1;

    cells->rows++;
    if (flag == VALUE_SECRET)
        cells->secret++;
    else if (flag == VALUE_NOT_ESTIMATED)
        cells->not_estimated++;
    if (sqlite3_column_type(stmt, 1) == SQLITE_NULL)
        return;
    if (indicator->rule == AGGREGATION_WEIGHTED_MEAN) {
        if (sqlite3_column_type(stmt, 2) == SQLITE_NULL) {
            cells->not_estimated++;
            return;
        }
        weight = sqlite3_column_double(stmt, 2);
        cells->weight_sum += weight;
    }
    cells->valued++;
    cells->sum += value * weight;
}

/* Read the native cells of the scope into cells. */
static int
read_cells(struct store *store, const struct indicator *indicator,
           const struct aggregate_scope *scope, int year,
           const char *category, enum territory_level native,
           struct aggregate_cells *cells)
{
    sqlite3_stmt *stmt = NULL;
    char *units = scope_units_sql(scope, native);
    char *sql = NULL;
    int step;
    int rc = -1;

    /* CROSS JOIN keeps the units as the outer loop, so each unit costs one
     * primary-key search of indicator_value. Left to itself, SQLite 3.40
     * starts from indicator_value (indicator_id = ?1) and reads the rows
     * of every commune of France for the indicator. */
    sql = xasprintf("%s SELECT v.flag, v.value, w.value FROM units u"
                    " CROSS JOIN indicator_value v ON v.indicator_id = ?1"
                    " AND v.territory_id = u.id AND v.year = ?3"
                    " AND (?4 IS NULL OR v.category = ?4)"
                    " LEFT JOIN indicator_value w ON w.indicator_id = ?6"
                    " AND w.territory_id = u.id AND w.year = ?3"
                    " AND w.category = ''",
                    units);
    stmt = store_statement(store, sql);
    if (stmt == NULL) {
        store_set_db_error(store, "reading the values failed");
        goto out;
    }
    bind_common(stmt, indicator, scope, year, category, native);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
        add_cell(cells, indicator, stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the values failed");
        goto out;
    }
    rc = 0;

out:
    store_statement_done(stmt);
    free(sql);
    free(units);
    return rc;
}

/*
 * Turn the totals into a result, applying the secrecy rules: a lone
 * secret cell, or a total with exactly one secret cell, is hidden.
 */
static void
finish_cells(const struct indicator *indicator, const char *category,
             const struct aggregate_cells *cells, struct indicator_result *out)
{
    int per_unit = 1;
    int absent;

    if (category == NULL && indicator->category_count > 0)
        per_unit = (int)indicator->category_count;
    absent = cells->units * per_unit - cells->rows;
    if (absent < 0)
        absent = 0;

    out->parts = cells->rows;
    out->secret_parts = cells->secret;
    out->missing_parts = absent + cells->not_estimated + cells->excluded;
    out->value = cells->sum;
    if (indicator->rule == AGGREGATION_WEIGHTED_MEAN)
        out->value = cells->weight_sum > 0 ? cells->sum / cells->weight_sum
                                           : 0;

    if (cells->units == 0 || cells->rows == 0)
        out->flag = RESULT_NOT_AVAILABLE;
    else if (cells->secret == 1)
        out->flag = RESULT_SECRET;
    else if (cells->valued == 0 ||
             (indicator->rule == AGGREGATION_WEIGHTED_MEAN &&
              cells->weight_sum <= 0))
        out->flag = RESULT_NOT_AVAILABLE;
    else if (cells->secret > 0 || out->missing_parts > 0)
        out->flag = RESULT_PARTIAL;
    else
        out->flag = RESULT_PRESENT;
    if (out->flag == RESULT_SECRET || out->flag == RESULT_NOT_AVAILABLE)
        out->value = 0;
}

/* Sum or weighted mean of the native cells of an indicator over a scope. */
static int
aggregate_cells(struct store *store, const struct indicator *indicator,
                const struct aggregate_scope *scope, int year,
                const char *category, struct indicator_result *out)
{
    struct aggregate_cells cells;
    enum territory_level native;

    memset(&cells, 0, sizeof cells);
    if (indicator_level_parse(indicator->native_level, &native) < 0) {
        out->flag = RESULT_NOT_AVAILABLE;
        return 0;
    }
    if (scope->level > native ||
        (scope->level == LEVEL_EPCI && native == LEVEL_DEPARTEMENT)) {
        /* A finer level than the native one: the value is never split.
         * An EPCI is not a part of one département (many straddle two),
         * so a département figure is never given for an EPCI. */
        out->flag = RESULT_NOT_AVAILABLE;
        return 0;
    }
    if (count_units(store, indicator, scope, year, native, &cells) < 0 ||
        read_cells(store, indicator, scope, year, category, native,
                   &cells) < 0)
        return -1;
    finish_cells(indicator, category, &cells, out);
    return 0;
}

/* Compute one operand of a ratio, by indicator id. */
static int
aggregate_operand(struct store *store, const char *id,
                  const struct aggregate_scope *scope, int year,
                  const char *category, int depth,
                  struct indicator_result *out)
{
    struct indicator operand;
    int rc;

    /* A published-only connection must not read a withdrawn operand
     * through the ratio either. */
    rc = store_indicator_hidden(store, id, year);
    if (rc != 0) {
        memset(out, 0, sizeof *out);
        out->year = year;
        out->flag = RESULT_NOT_AVAILABLE;
        return rc < 0 ? -1 : 0;
    }
    rc = store_indicator_get(store, id, &operand);
    if (rc == 1) {
        store_set_error(store, "the catalogue has no indicator \"%s\"", id);
        rc = -1;
    }
    if (rc == 0)
        rc = aggregate(store, &operand, scope, year, category, depth + 1, out);
    indicator_clear(&operand);
    return rc;
}

/* factor * numerator / denominator, each aggregated over the scope. */
static int
aggregate_ratio(struct store *store, const struct indicator *indicator,
                const struct aggregate_scope *scope, int year, int depth,
                struct indicator_result *out)
{
    struct indicator_result numerator;
    struct indicator_result denominator;
    int denominator_year = indicator->denominator_year > 0
                               ? indicator->denominator_year
                               : year;

    memset(&numerator, 0, sizeof numerator);
    memset(&denominator, 0, sizeof denominator);
    if (aggregate_operand(store, indicator->numerator, scope, year,
                          indicator->numerator_category, depth,
                          &numerator) < 0 ||
        aggregate_operand(store, indicator->denominator, scope,
                          denominator_year, NULL, depth, &denominator) < 0)
        return -1;

    out->parts = numerator.parts;
    out->secret_parts = numerator.secret_parts + denominator.secret_parts;
    out->missing_parts = numerator.missing_parts + denominator.missing_parts;
    if (numerator.flag == RESULT_SECRET || denominator.flag == RESULT_SECRET)
        out->flag = RESULT_SECRET;
    else if (numerator.flag == RESULT_NOT_AVAILABLE ||
             denominator.flag == RESULT_NOT_AVAILABLE ||
             denominator.value == 0)
        out->flag = RESULT_NOT_AVAILABLE;
    else if (numerator.flag == RESULT_PARTIAL ||
             denominator.flag == RESULT_PARTIAL)
        out->flag = RESULT_PARTIAL;
    else
        out->flag = RESULT_PRESENT;
    out->value = 0;
    if (out->flag == RESULT_PRESENT || out->flag == RESULT_PARTIAL)
        out->value = indicator->factor * numerator.value / denominator.value;
    return 0;
}

/* Copy the units of an indicator into a result, French and English. */
static void
result_set_units(struct indicator_result *out,
                 const struct indicator *indicator)
{
    snprintf(out->unit, sizeof out->unit, "%s", indicator->unit);
    snprintf(out->unit_en, sizeof out->unit_en, "%s",
             indicator->unit_en != NULL ? indicator->unit_en : indicator->unit);
}

static int
aggregate(struct store *store, const struct indicator *indicator,
          const struct aggregate_scope *scope, int year, const char *category,
          int depth, struct indicator_result *out)
{
    memset(out, 0, sizeof *out);
    result_set_units(out, indicator);
    out->year = year;
    if (depth > AGGREGATE_MAX_DEPTH) {
        store_set_error(store, "indicator %s: ratios nest deeper than %d "
                        "levels, or refer to each other",
                        indicator->id, AGGREGATE_MAX_DEPTH);
        return -1;
    }
    if (indicator->rule == AGGREGATION_RATIO)
        return aggregate_ratio(store, indicator, scope, year, depth, out);
    return aggregate_cells(store, indicator, scope, year, category, out);
}

/*
 * aggregate() for a caller's request: a published-only connection gets
 * RESULT_NOT_AVAILABLE for an indicator or year that is not published.
 */
static int
aggregate_visible(struct store *store, const struct indicator *indicator,
                  const struct aggregate_scope *scope, int year,
                  const char *category, struct indicator_result *out)
{
    int hidden = store_indicator_hidden(store, indicator->id, year);

    if (hidden < 0)
        return -1;
    if (hidden) {
        memset(out, 0, sizeof *out);
        result_set_units(out, indicator);
        out->year = year;
        out->flag = RESULT_NOT_AVAILABLE;
        return 0;
    }
    return aggregate(store, indicator, scope, year, category, 0, out);
}

int
store_indicator_value(struct store *store, const char *indicator_id,
                      int64_t territory_id, int year, const char *category,
                      struct indicator_result *out)
{
    struct indicator indicator;
    struct territory territory;
    struct aggregate_scope scope;
    int rc;

    memset(out, 0, sizeof *out);
    out->flag = RESULT_NOT_AVAILABLE;
    rc = store_territory_get_by_id(store, territory_id, &territory);
    if (rc != 0)
        return rc;
    scope.id = territory.id;
    scope.level = territory.level;
    territory_clear(&territory);

    rc = store_indicator_get(store, indicator_id, &indicator);
    if (rc == 0)
        rc = aggregate_visible(store, &indicator, &scope, year, category,
                               out);
    indicator_clear(&indicator);
    return rc;
}

int
store_indicator_group_value(struct store *store, const char *indicator_id,
                            int64_t group_id, int year, const char *category,
                            struct indicator_result *out)
{
    struct indicator indicator;
    struct territory_group group;
    struct aggregate_scope scope = {.id = group_id, .level = 0};
    int rc;

    memset(out, 0, sizeof *out);
    out->flag = RESULT_NOT_AVAILABLE;
    rc = store_group_get(store, group_id, &group);
    territory_group_clear(&group);
    if (rc != 0)
        return rc;

    rc = store_indicator_get(store, indicator_id, &indicator);
    if (rc == 0)
        rc = aggregate_visible(store, &indicator, &scope, year, category,
                               out);
    indicator_clear(&indicator);
    return rc;
}

/*
 * Prepare the list of the mesh's units, sorted by code, walking from the
 * scope's communes (CROSS JOIN, as in scope_units_sql()).
 */
static int
mesh_prepare(struct store *store, const struct aggregate_scope *scope,
             enum territory_level mesh_level, sqlite3_stmt **stmt)
{
    char *sql = NULL;
    int rc = 0;

    if (mesh_level == scope->level)
        sql = xstrdup("SELECT ?2");
    else if (mesh_level == LEVEL_COMMUNE)
        sql = xasprintf("WITH %s SELECT t.id FROM communes c"
                        " CROSS JOIN territory t ON t.id = c.id"
                        " ORDER BY t.code",
                        scope_communes_sql(scope));
    else
        sql = xasprintf("WITH %s SELECT DISTINCT p.id, p.code FROM communes c"
                        " CROSS JOIN territory_member m ON m.member_id = c.id"
                        " CROSS JOIN territory p ON p.id = m.parent_id"
                        " AND p.level = ?5 ORDER BY p.code",
                        scope_communes_sql(scope));
    if (sqlite3_prepare_v2(store_db(store), sql, -1, stmt, NULL) !=
        SQLITE_OK) {
        store_set_db_error(store, "listing the mesh failed");
        rc = -1;
    } else {
        sqlite3_bind_int64(*stmt, 2, scope->id);
        sqlite3_bind_int(*stmt, 5, mesh_level);
    }
    free(sql);
    return rc;
}

/* Compute the value of one unit of a mesh and pass it to fn. */
static int
mesh_visit(struct store *store, const struct indicator *indicator,
           int64_t unit_id, int year, const char *category, store_mesh_fn fn,
           void *arg)
{
    struct territory unit;
    struct aggregate_scope scope;
    struct indicator_result result;
    struct mesh_row row = {.unit = &unit, .result = &result};
    int rc;

    rc = store_territory_get_by_id(store, unit_id, &unit);
    if (rc != 0)
        return -1;
    scope.id = unit.id;
    scope.level = unit.level;
    rc = aggregate_visible(store, indicator, &scope, year, category,
                           &result);
    if (rc == 0)
        rc = fn(&row, arg);
    territory_clear(&unit);
    return rc;
}

/* Walk the units of mesh_level inside scope and pass each to fn. */
static int
mesh_walk(struct store *store, const char *indicator_id,
          const struct aggregate_scope *scope,
          enum territory_level mesh_level, int year, const char *category,
          store_mesh_fn fn, void *arg)
{
    struct indicator indicator;
    sqlite3_stmt *stmt = NULL;
    int step = SQLITE_DONE;
    int rc;

    rc = store_indicator_get(store, indicator_id, &indicator);
    if (rc != 0)
        goto out;

    rc = mesh_prepare(store, scope, mesh_level, &stmt);
    while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW)
        rc = mesh_visit(store, &indicator, sqlite3_column_int64(stmt, 0),
                        year, category, fn, arg);
    if (rc == 0 && step != SQLITE_DONE) {
        store_set_db_error(store, "listing the mesh failed");
        rc = -1;
    }

out:
    sqlite3_finalize(stmt);
    indicator_clear(&indicator);
    return rc;
}

int
store_indicator_mesh(struct store *store, const char *indicator_id,
                     int64_t territory_id, enum territory_level mesh_level,
                     int year, const char *category, store_mesh_fn fn,
                     void *arg)
{
    struct territory territory;
    struct aggregate_scope scope;
    int rc;

    rc = store_territory_get_by_id(store, territory_id, &territory);
    if (rc != 0)
        return rc;
    scope.id = territory.id;
    scope.level = territory.level;
    territory_clear(&territory);
    return mesh_walk(store, indicator_id, &scope, mesh_level, year, category,
                     fn, arg);
}

int
store_indicator_group_mesh(struct store *store, const char *indicator_id,
                           int64_t group_id, enum territory_level mesh_level,
                           int year, const char *category, store_mesh_fn fn,
                           void *arg)
{
    struct territory_group group;
    struct aggregate_scope scope = {.id = group_id, .level = 0};
    int rc;

    rc = store_group_get(store, group_id, &group);
    territory_group_clear(&group);
    if (rc != 0)
        return rc;
    return mesh_walk(store, indicator_id, &scope, mesh_level, year, category,
                     fn, arg);
}
