/*
 * terrish: the origin-destination flows (home-to-work trips) that start
 * or end in a territory, read from indicator_flow.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "store/store.h"

/*
 * The communes of the territory ?2 are "communes(id)". Flows that leave
 * from them are found through the primary key (indicator, origin, ...).
 * indicator_flow has no index on the destination, so the second part,
 * the flows that arrive from outside, reads every flow of the indicator
 * and year.
 */
static const char flows_sql[] =
    "WITH communes(id) AS (SELECT ?2 FROM territory WHERE id = ?2"
    "  AND level = 4 UNION SELECT m.member_id FROM territory_member m"
    "  JOIN territory t ON t.id = m.member_id"
    "  WHERE m.parent_id = ?2 AND t.level = 4)"
    " SELECT CASE WHEN f.destination_id IN (SELECT id FROM communes)"
    "  THEN 0 ELSE 1 END, o.code, o.name, f.destination_code, d.name,"
    "  f.category, f.value"
    " FROM communes c CROSS JOIN indicator_flow f"
    "  ON f.indicator_id = ?1 AND f.origin_id = c.id AND f.year = ?3"
    " JOIN territory o ON o.id = f.origin_id"
    " LEFT JOIN territory d ON d.id = f.destination_id"
    " UNION ALL"
    " SELECT 2, o.code, o.name, f.destination_code, d.name, f.category,"
    "  f.value"
    " FROM indicator_flow f"
    " JOIN territory o ON o.id = f.origin_id"
    " JOIN territory d ON d.id = f.destination_id"
    " WHERE f.indicator_id = ?1 AND f.year = ?3"
    "  AND f.destination_id IN (SELECT id FROM communes)"
    "  AND f.origin_id NOT IN (SELECT id FROM communes)"
    " ORDER BY 7 DESC, 2, 4, 6";

static const char *
column_text(sqlite3_stmt *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(stmt, column);

    return text != NULL ? (const char *)text : NULL;
}

int
store_flows(struct store *store, const char *indicator_id,
            int64_t territory_id, int year, store_flow_fn fn, void *arg)
{
    sqlite3_stmt *stmt;
    int step;
    int rc = 0;

    stmt = store_statement(store, flows_sql);
    if (stmt == NULL) {
        store_set_db_error(store, "reading the flows failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, indicator_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, territory_id);
    sqlite3_bind_int(stmt, 3, year);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_flow flow;
        const char *category = column_text(stmt, 5);

        flow.direction = (enum flow_direction)sqlite3_column_int(stmt, 0);
        flow.origin_code = column_text(stmt, 1);
        flow.origin_name = column_text(stmt, 2);
        flow.destination_code = column_text(stmt, 3);
        flow.destination_name = column_text(stmt, 4);
        flow.category = category != NULL ? category : "";
        flow.value = sqlite3_column_double(stmt, 6);
        rc = fn(&flow, arg);
        if (rc != 0) {
            break;
        }
    }
    if (rc == 0 && step != SQLITE_DONE) {
        store_set_db_error(store, "reading the flows failed");
        rc = -1;
    }
    store_statement_done(stmt);
    return rc;
}

int
store_flows_exist(struct store *store, const char *indicator_id)
{
    sqlite3_stmt *stmt;
    int step;

    stmt = store_statement(store, "SELECT 1 FROM indicator_flow"
                                  " WHERE indicator_id = ? LIMIT 1");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the flows failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, indicator_id, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        store_set_db_error(store, "reading the flows failed");
    }
    store_statement_done(stmt);
    if (step == SQLITE_ROW || step == SQLITE_DONE) {
        return step == SQLITE_ROW;
    }
    return -1;
}
