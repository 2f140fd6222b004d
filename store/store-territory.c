/*
 * terrish: reading territories: lookups, the browsing tree and search.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Columns that territory_read expects, in order, from table alias t. */
#define TERRITORY_COLUMNS                                                      \
    "t.id, t.level, t.code, t.name, t.kind, t.population,"                     \
    " t.population_year, t.area_km2, t.commune_count"

/*
 * Sort key of a name: its search key with "st"/"ste" spelled out again, so
 * that "Saint-Étienne" sorts among the names starting "Saint".
 */
#define TERRITORY_SORT_KEY                                                     \
    "replace(replace(' ' || t.search_name || ' ', ' st ', ' saint '),"         \
    " ' ste ', ' sainte ')"

/* Maximum number of query words a search uses; the rest are ignored. */
#define SEARCH_MAX_WORDS 8

void
territory_clear(struct territory *territory)
{
    free(territory->name);
    free(territory->kind);
    memset(territory, 0, sizeof *territory);
}

void
territory_list_free(struct territory_list *list)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        territory_clear(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

const char *
territory_level_name(enum territory_level level)
{
    switch (level) {
    case LEVEL_REGION:
        return "region";
    case LEVEL_DEPARTEMENT:
        return "departement";
    case LEVEL_EPCI:
        return "epci";
    case LEVEL_COMMUNE:
        return "commune";
    }
    return "unknown";
}

/* Copy the TERRITORY_COLUMNS of the current row into out. */
static void
territory_read(sqlite3_stmt *stmt, struct territory *out)
{
    const char *kind = (const char *)sqlite3_column_text(stmt, 4);

    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(stmt, 0);
    out->level = (enum territory_level)sqlite3_column_int(stmt, 1);
    snprintf(out->code, sizeof out->code, "%s",
             (const char *)sqlite3_column_text(stmt, 2));
    out->name = xstrdup((const char *)sqlite3_column_text(stmt, 3));
    out->kind = kind != NULL ? xstrdup(kind) : NULL;
    out->population = sqlite3_column_type(stmt, 5) == SQLITE_NULL
                          ? -1
                          : sqlite3_column_int64(stmt, 5);
    out->population_year = sqlite3_column_int(stmt, 6);
    out->area_km2 = sqlite3_column_type(stmt, 7) == SQLITE_NULL
                        ? -1
                        : sqlite3_column_double(stmt, 7);
    out->commune_count = sqlite3_column_int(stmt, 8);
}

/* Prepare sql, failing with SQLite's message. */
static int
territory_prepare(struct store *store, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(store_db(store), sql, -1, stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "reading territories failed");
        return -1;
    }
    return 0;
}

/* Step a bound statement and read its one row: 0, 1 when none, -1. */
static int
territory_fetch_one(struct store *store, sqlite3_stmt *stmt,
                    struct territory *out)
{
    int step;

    memset(out, 0, sizeof *out);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE)
        return 1;
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "reading territories failed");
        return -1;
    }
    territory_read(stmt, out);
    return 0;
}

/* Step a bound statement and read every row into out. */
static int
territory_fetch_all(struct store *store, sqlite3_stmt *stmt,
                    struct territory_list *out)
{
    size_t capacity = 0;
    int step;

    out->items = NULL;
    out->count = 0;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (out->count == capacity) {
            capacity = capacity == 0 ? 16 : capacity * 2;
            out->items = xrealloc(out->items, capacity * sizeof *out->items);
        }
        territory_read(stmt, &out->items[out->count++]);
    }
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading territories failed");
        territory_list_free(out);
        return -1;
    }
    return 0;
}

int
store_territory_get(struct store *store, enum territory_level level,
                    const char *code, struct territory *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    stmt = store_statement(store, "SELECT " TERRITORY_COLUMNS
                                  " FROM territory t"
                                  " WHERE t.level = ? AND t.code = ?");
    if (stmt == NULL) {
        store_set_db_error(store, "reading territories failed");
        return -1;
    }
    sqlite3_bind_int(stmt, 1, level);
    sqlite3_bind_text(stmt, 2, code, -1, SQLITE_STATIC);
    rc = territory_fetch_one(store, stmt, out);
    store_statement_done(stmt);
    return rc;
}

int
store_territory_get_by_id(struct store *store, int64_t id,
                          struct territory *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    stmt = store_statement(store, "SELECT " TERRITORY_COLUMNS
                                  " FROM territory t WHERE t.id = ?");
    if (stmt == NULL) {
        store_set_db_error(store, "reading territories failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    rc = territory_fetch_one(store, stmt, out);
    store_statement_done(stmt);
    return rc;
}

/* Run a query, with id bound to ?1 when it has one, and read every row. */
static int
territory_query_by_id(struct store *store, const char *sql, int64_t id,
                      struct territory_list *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    out->items = NULL;
    out->count = 0;
    rc = territory_prepare(store, sql, &stmt);
    if (rc == 0) {
        if (sqlite3_bind_parameter_count(stmt) > 0)
            sqlite3_bind_int64(stmt, 1, id);
        rc = territory_fetch_all(store, stmt, out);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_territory_regions(struct store *store, struct territory_list *out)
{
    return territory_query_by_id(store,
                                 "SELECT " TERRITORY_COLUMNS
                                 " FROM territory t WHERE t.level = 1"
                                 " ORDER BY " TERRITORY_SORT_KEY ", t.name",
                                 0, out);
}

/*
 * A région's children are its départements and an EPCI's its communes. A
 * département's are the EPCI that have a commune in it and its communes
 * outside any EPCI.
 */
int
store_territory_children(struct store *store, int64_t id,
                         struct territory_list *out)
{
    static const char sql[] =
        "WITH parent AS (SELECT level FROM territory WHERE id = ?1),"
        " member AS (SELECT member_id AS id FROM territory_member"
        "            WHERE parent_id = ?1),"
        " child (id) AS ("
        "  SELECT c.id FROM parent, member"
        "  JOIN territory c ON c.id = member.id"
        "  WHERE parent.level IN (1, 3) AND c.level = parent.level + 1"
        "  UNION"
        "  SELECT e.id FROM parent, member"
        "  JOIN territory_member x ON x.member_id = member.id"
        "  JOIN territory e ON e.id = x.parent_id AND e.level = 3"
        "  WHERE parent.level = 2"
        "  UNION"
        "  SELECT c.id FROM parent, member"
        "  JOIN territory c ON c.id = member.id AND c.level = 4"
        "  WHERE parent.level = 2 AND NOT EXISTS ("
        "      SELECT 1 FROM territory_member x"
        "      JOIN territory e ON e.id = x.parent_id AND e.level = 3"
        "      WHERE x.member_id = c.id))"
        " SELECT " TERRITORY_COLUMNS " FROM territory t"
        " WHERE t.id IN child"
        " ORDER BY t.level, " TERRITORY_SORT_KEY ", t.name";

    return territory_query_by_id(store, sql, id, out);
}

int
store_group_communes(struct store *store, int64_t group_id,
                     struct territory_list *out)
{
    return territory_query_by_id(store,
                                 "SELECT " TERRITORY_COLUMNS
                                 " FROM territory_group_member g"
                                 " JOIN territory t ON t.id = g.commune_id"
                                 " WHERE g.group_id = ?1 ORDER BY t.code",
                                 group_id, out);
}

int
store_territory_parents(struct store *store, int64_t id,
                        struct territory_list *out)
{
    return territory_query_by_id(store,
                                 "SELECT " TERRITORY_COLUMNS
                                 " FROM territory_member m"
                                 " JOIN territory t ON t.id = m.parent_id"
                                 " WHERE m.member_id = ?1"
                                 " ORDER BY t.level",
                                 id, out);
}

int
store_territory_geometry(struct store *store, int64_t id, char **encoding,
                         char **data)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = -1;

    *encoding = NULL;
    *data = NULL;
    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT encoding, data FROM territory_geometry"
                           " WHERE territory_id = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "reading an outline failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, id);

    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = 1;
    } else if (step != SQLITE_ROW) {
        store_set_db_error(store, "reading an outline failed");
    } else {
        *encoding = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        *data = xstrdup((const char *)sqlite3_column_text(stmt, 1));
        rc = 0;
    }

out:
    sqlite3_finalize(stmt);
    return rc;
}

/*
 * Return the upper-case code prefix when a folded query is a code: digits,
 * or 2a/2b followed by digits. Return NULL otherwise.
 */
static char *
search_code_prefix(const char *folded)
{
    char *code = NULL;
    size_t len = strlen(folded);
    size_t i;

    if (len == 0 || len > 9)
        return NULL;
    if (strspn(folded, "0123456789") != len &&
        !(folded[0] == '2' && (folded[1] == 'a' || folded[1] == 'b') &&
          strspn(folded + 2, "0123456789") == len - 2))
        return NULL;

    code = xstrdup(folded);
    for (i = 0; i < len; i++) {
        if (code[i] == 'a' || code[i] == 'b')
            code[i] = (char)(code[i] - 'a' + 'A');
    }
    return code;
}

/*
 * Return the LIKE pattern "% word%" with LIKE wildcards escaped by "\".
 * "st" and "ste", the folded forms of "saint" and "sainte", must match a
 * whole word ("% st %"), so that "saint" does not find Strasbourg.
 */
static char *
search_word_pattern(const char *word, size_t len)
{
    int whole = (len == 2 && strncmp(word, "st", 2) == 0) ||
                (len == 3 && strncmp(word, "ste", 3) == 0);
    char *pattern = xmalloc(2 * len + 5);
    char *p = pattern;
    size_t i;

    *p++ = '%';
    *p++ = ' ';
    for (i = 0; i < len; i++) {
        if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
            *p++ = '\\';
        *p++ = word[i];
    }
    if (whole)
        *p++ = ' ';
    *p++ = '%';
    *p = '\0';
    return pattern;
}

/* Search codes by prefix: exact code first, then by population. */
static int
search_by_code(struct store *store, const char *prefix, size_t limit,
               struct territory_list *out)
{
    sqlite3_stmt *stmt = NULL;
    char *pattern = NULL;
    int rc;

    rc = territory_prepare(store,
                           "SELECT " TERRITORY_COLUMNS " FROM territory t"
                           " WHERE t.code GLOB ?1"
                           " ORDER BY t.code = ?2 DESC,"
                           " t.population DESC NULLS LAST, t.level, t.code"
                           " LIMIT ?3",
                           &stmt);
    if (rc == 0) {
        pattern = xasprintf("%s*", prefix);
        sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, prefix, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit);
        rc = territory_fetch_all(store, stmt, out);
    }
    sqlite3_finalize(stmt);
    free(pattern);
    return rc;
}

/*
 * Search names: each word must start a word of search_name. The exact name
 * comes first, then the most populated territory at any level.
 */
static int
search_by_name(struct store *store, const char *folded, size_t limit,
               struct territory_list *out)
{
    char *patterns[SEARCH_MAX_WORDS];
    char sql[1024];
    size_t words = 0;
    size_t used;
    size_t len;
    sqlite3_stmt *stmt = NULL;
    const char *p = folded;
    int rc;
    size_t i;

    used = (size_t)snprintf(sql, sizeof sql,
                            "SELECT " TERRITORY_COLUMNS " FROM territory t"
                            " WHERE 1");
    while (*p != '\0' && words < SEARCH_MAX_WORDS) {
        len = strcspn(p, " ");
        patterns[words++] = search_word_pattern(p, len);
        used += (size_t)snprintf(sql + used, sizeof sql - used,
                                 " AND (' ' || t.search_name || ' ')"
                                 " LIKE ?%zu ESCAPE '\\'",
                                 words + 2);
        p += len + (p[len] == ' ');
    }
    snprintf(sql + used, sizeof sql - used,
             " ORDER BY t.search_name = ?1 DESC,"
             " t.search_name LIKE ?1 || ' %%' DESC,"
             " t.population DESC NULLS LAST, t.level, t.code LIMIT ?2");

    rc = territory_prepare(store, sql, &stmt);
    if (rc == 0) {
        sqlite3_bind_text(stmt, 1, folded, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
        for (i = 0; i < words; i++)
            sqlite3_bind_text(stmt, (int)i + 3, patterns[i], -1, SQLITE_STATIC);
        rc = territory_fetch_all(store, stmt, out);
    }
    sqlite3_finalize(stmt);
    for (i = 0; i < words; i++)
        free(patterns[i]);
    return rc;
}

int
store_territory_search(struct store *store, const char *query, size_t limit,
                       struct territory_list *out)
{
    char *folded = NULL;
    char *code = NULL;
    int rc = 0;

    out->items = NULL;
    out->count = 0;
    folded = text_fold(query);
    if (folded[0] == '\0' || limit == 0)
        goto out;

    code = search_code_prefix(folded);
    if (code != NULL)
        rc = search_by_code(store, code, limit, out);
    else
        rc = search_by_name(store, folded, limit, out);

out:
    free(code);
    free(folded);
    return rc;
}
