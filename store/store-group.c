/*
 * terrish: territory groups (natural parks, SCoT, PETR, TEPOS) that an
 * administrator defines as a set of communes.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

void
territory_group_clear(struct territory_group *group)
{
    free(group->name);
    free(group->kind);
    free(group->description);
    memset(group, 0, sizeof *group);
}

int
store_group_create(struct store *store, const char *name, const char *kind,
                   const char *created_by, int64_t *id)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (name == NULL || name[0] == '\0' || kind == NULL || kind[0] == '\0') {
        store_set_error(store, "a territory group needs a name and a kind");
        return -1;
    }
    if (sqlite3_prepare_v2(store_db(store),
                           "INSERT INTO territory_group (name, kind,"
                           " created_by, created_at) VALUES (?1, ?2,"
                           " (SELECT id FROM account WHERE name = ?3),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "creating a territory group failed");
        goto out;
    }
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
    if (created_by != NULL)
        sqlite3_bind_text(stmt, 3, created_by, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "creating a territory group failed");
        goto out;
    }
    *id = sqlite3_last_insert_rowid(store_db(store));
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_group_add_commune(struct store *store, int64_t group_id,
                        const char *code)
{
    struct territory commune;
    struct territory_group group;
    sqlite3_stmt *stmt = NULL;
    int rc;

    rc = store_group_get(store, group_id, &group);
    territory_group_clear(&group);
    if (rc == 1)
        store_set_error(store, "no territory group has id %lld",
                        (long long)group_id);
    if (rc != 0)
        return -1;
    rc = store_territory_get(store, LEVEL_COMMUNE, code, &commune);
    if (rc == 1)
        store_set_error(store, "no commune has the code \"%s\"", code);
    if (rc != 0)
        return -1;

    rc = -1;
    if (sqlite3_prepare_v2(store_db(store),
                           "INSERT OR IGNORE INTO territory_group_member"
                           " (group_id, commune_id) VALUES (?, ?)",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "adding a commune to a group failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, group_id);
    sqlite3_bind_int64(stmt, 2, commune.id);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "adding a commune to a group failed");
        goto out;
    }
    rc = sqlite3_changes(store_db(store)) == 0 ? 1 : 0;

out:
    sqlite3_finalize(stmt);
    territory_clear(&commune);
    return rc;
}

/* Columns that group_read expects, in order, from table alias g. */
#define GROUP_COLUMNS                                                          \
    "g.id, g.name, g.kind, g.description, (SELECT count(*) FROM"               \
    " territory_group_member WHERE group_id = g.id)"

/* Copy the GROUP_COLUMNS of the current row into out. */
static void
group_read(sqlite3_stmt *stmt, struct territory_group *out)
{
    out->id = sqlite3_column_int64(stmt, 0);
    out->name = xstrdup((const char *)sqlite3_column_text(stmt, 1));
    out->kind = xstrdup((const char *)sqlite3_column_text(stmt, 2));
    out->description = xstrdup((const char *)sqlite3_column_text(stmt, 3));
    out->commune_count = sqlite3_column_int(stmt, 4);
}

/* Read the one group that sql selects with key bound to ?1. */
static int
group_fetch(struct store *store, const char *sql, int64_t id,
            const char *name, struct territory_group *out)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, NULL) !=
        SQLITE_OK) {
        store_set_db_error(store, "reading a territory group failed");
        goto out;
    }
    if (name != NULL)
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(stmt, 1, id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = 1;
    } else if (step == SQLITE_ROW) {
        group_read(stmt, out);
        rc = 0;
    } else {
        store_set_db_error(store, "reading a territory group failed");
    }

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_group_get(struct store *store, int64_t id, struct territory_group *out)
{
    return group_fetch(store,
                       "SELECT " GROUP_COLUMNS
                       " FROM territory_group g WHERE g.id = ?1",
                       id, NULL, out);
}

int
store_group_find(struct store *store, const char *name,
                 struct territory_group *out)
{
    return group_fetch(store,
                       "SELECT " GROUP_COLUMNS
                       " FROM territory_group g WHERE g.name = ?1",
                       0, name, out);
}

int
store_group_list(struct store *store, struct territory_group **groups,
                 size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int step;
    int rc = -1;

    *groups = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT " GROUP_COLUMNS " FROM territory_group g"
                           " ORDER BY g.name",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "listing the territory groups failed");
        goto out;
    }
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 8 : capacity * 2;
            *groups = xrealloc(*groups, capacity * sizeof **groups);
        }
        group_read(stmt, &(*groups)[(*count)++]);
    }
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "listing the territory groups failed");
        goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Run one write statement on a group id, with text bound to ?2. */
static int
group_write(struct store *store, const char *sql, int64_t group_id,
            const char *text, const char *what)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, NULL) !=
        SQLITE_OK) {
        store_set_db_error(store, what);
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, group_id);
    if (text != NULL)
        sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, what);
        goto out;
    }
    rc = 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_group_set_description(struct store *store, int64_t group_id,
                            const char *description)
{
    return group_write(store,
                       "UPDATE territory_group SET description = ?2"
                       " WHERE id = ?1",
                       group_id, description,
                       "setting the description of a group failed");
}

int
store_group_remove(struct store *store, int64_t group_id)
{
    /* Its members go with it: store_open() turns foreign keys on, and
     * territory_group_member cascades on delete. */
    if (group_write(store, "DELETE FROM territory_group WHERE id = ?1",
                    group_id, NULL, "removing a territory group failed") < 0)
        return -1;
    return sqlite3_changes(store_db(store)) == 0 ? 1 : 0;
}

int
store_group_add_territory(struct store *store, int64_t group_id,
                          enum territory_level level, const char *code,
                          int *added)
{
    struct territory territory;
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (added != NULL)
        *added = 0;
    rc = store_territory_get(store, level, code, &territory);
    if (rc != 0)
        return rc;

    rc = -1;
    if (sqlite3_prepare_v2(store_db(store),
                           "INSERT OR IGNORE INTO territory_group_member"
                           " (group_id, commune_id)"
                           " SELECT ?1, t.id FROM territory t"
                           " WHERE t.id = ?2 AND t.level = 4"
                           " UNION SELECT ?1, m.member_id"
                           " FROM territory_member m"
                           " JOIN territory c ON c.id = m.member_id"
                           " WHERE m.parent_id = ?2 AND c.level = 4",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "adding communes to a group failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, group_id);
    sqlite3_bind_int64(stmt, 2, territory.id);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "adding communes to a group failed");
        goto out;
    }
    if (added != NULL)
        *added = sqlite3_changes(store_db(store));
    rc = 0;

out:
    sqlite3_finalize(stmt);
    territory_clear(&territory);
    return rc;
}
