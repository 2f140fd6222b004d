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

int
store_group_get(struct store *store, int64_t id, struct territory_group *out)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT name, kind, (SELECT count(*) FROM"
                           " territory_group_member WHERE group_id = g.id)"
                           " FROM territory_group g WHERE id = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "reading a territory group failed");
        goto out;
    }
    sqlite3_bind_int64(stmt, 1, id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = 1;
    } else if (step == SQLITE_ROW) {
        out->id = id;
        out->name = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        out->kind = xstrdup((const char *)sqlite3_column_text(stmt, 1));
        out->commune_count = sqlite3_column_int(stmt, 2);
        rc = 0;
    } else {
        store_set_db_error(store, "reading a territory group failed");
    }

out:
    sqlite3_finalize(stmt);
    return rc;
}
