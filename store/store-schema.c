/*
 * terrish: the SQL schema and its forward-only migrations.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>

#include "common/common.h"
#include "store/store.h"

/*
 * Schema version 1.
 *
 * meta: one row per fact about the loaded data: data_loaded_at (UTC,
 *   ISO 8601), population_year, and the "key=value" comments of the data
 *   files (such as simplify and unit for the outlines).
 * territory: every région (level 1), département (2), EPCI (3) and commune
 *   (4). code is the INSEE code, or the SIREN number of an EPCI. search_name
 *   is text_fold(name) and is what searches match. kind is the legal form of
 *   an EPCI. population and area_km2 of a région or département are sums
 *   over its communes whose value is known (NULL when none is), an EPCI's
 *   area is summed the same way and its population is published with it.
 *   commune_count is 1 for a commune.
 * territory_member: member_id lies inside parent_id. Each commune has a row
 *   for its département, its région and its EPCI if any, each département
 *   one for its région, and each EPCI one for the département and the région
 *   that contain all its communes, when there is one.
 * territory_geometry: the outline of a territory, as published in the data
 *   files, in the encoding that the encoding column names.
 * account: a user of the server. role is "user", "regional-admin" (with the
 *   code of its région in region) or "admin". password_hash is an Argon2id
 *   string or NULL, lang is "fr", "en" or "" for the server's default.
 * account_key: the SSH public keys of an account, as in authorized_keys.
 */
static const char store_schema_v1[] =
    "CREATE TABLE meta ("
    "    key TEXT PRIMARY KEY,"
    "    value TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE territory ("
    "    id INTEGER PRIMARY KEY,"
    "    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),"
    "    code TEXT NOT NULL,"
    "    name TEXT NOT NULL,"
    "    search_name TEXT NOT NULL,"
    "    kind TEXT,"
    "    population INTEGER,"
    "    population_year INTEGER,"
    "    area_km2 REAL,"
    "    commune_count INTEGER NOT NULL DEFAULT 0,"
    "    UNIQUE (level, code)"
    ");"
    "CREATE INDEX territory_code ON territory (code);"
    "CREATE TABLE territory_member ("
    "    member_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    parent_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    PRIMARY KEY (member_id, parent_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX territory_member_parent"
    "    ON territory_member (parent_id, member_id);"
    "CREATE TABLE territory_geometry ("
    "    territory_id INTEGER PRIMARY KEY REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    encoding TEXT NOT NULL,"
    "    data TEXT NOT NULL"
    ");"
    "CREATE TABLE account ("
    "    id INTEGER PRIMARY KEY,"
    "    name TEXT NOT NULL UNIQUE,"
    "    role TEXT NOT NULL"
    "        CHECK (role IN ('user', 'regional-admin', 'admin')),"
    "    region TEXT,"
    "    password_hash TEXT,"
    "    lang TEXT NOT NULL DEFAULT '',"
    "    created_at TEXT NOT NULL,"
    "    CHECK ((role = 'regional-admin') = (region IS NOT NULL))"
    ");"
    "CREATE TABLE account_key ("
    "    id INTEGER PRIMARY KEY,"
    "    account_id INTEGER NOT NULL REFERENCES account (id)"
    "        ON DELETE CASCADE,"
    "    type TEXT NOT NULL,"
    "    base64 TEXT NOT NULL,"
    "    comment TEXT NOT NULL DEFAULT '',"
    "    UNIQUE (account_id, type, base64)"
    ");";

/* Script that brings the schema to version i + 1, in order. */
static const char *const store_migrations[] = {
    store_schema_v1,
};

_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
                   STORE_SCHEMA_VERSION,
               "one migration per schema version");

int
store_schema_version(struct store *store)
{
    sqlite3_stmt *stmt = NULL;
    int version = -1;

    if (sqlite3_prepare_v2(store_db(store), "PRAGMA user_version", -1, &stmt,
                           NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading the schema version failed");
        goto out;
    }
    version = sqlite3_column_int(stmt, 0);

out:
    sqlite3_finalize(stmt);
    return version;
}

/*
 * Apply the migration to version target inside its own transaction. The
 * version is read again under the write lock, so that when two processes
 * migrate at once the second finds the work done and returns 0.
 */
static int
store_migrate_one(struct store *store, int target)
{
    char sql[64];
    int version;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    version = store_schema_version(store);
    if (version < 0)
        goto fail;
    if (version >= target) {
        store_exec(store, "ROLLBACK");
        return 0;
    }

    if (store_exec(store, store_migrations[target - 1]) < 0)
        goto fail;
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", target);
    if (store_exec(store, sql) < 0 || store_exec(store, "COMMIT") < 0)
        goto fail;
    log_info("database schema migrated to version %d", target);
    return 1;

fail:
    store_set_error(store, "migrating the schema to version %d failed: %s",
                    target, store_error(store));
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int
store_migrate(struct store *store)
{
    int version;
    int applied = 0;
    int target;
    int rc;

    version = store_schema_version(store);
    if (version < 0)
        return -1;
    if (version > STORE_SCHEMA_VERSION) {
        store_set_error(store,
                        "the database has schema version %d but this build "
                        "of terrish reads only up to version %d: upgrade "
                        "terrish or use another database file",
                        version, STORE_SCHEMA_VERSION);
        return -1;
    }

    for (target = version + 1; target <= STORE_SCHEMA_VERSION; target++) {
        rc = store_migrate_one(store, target);
        if (rc < 0)
            return -1;
        applied += rc;
    }
    return applied;
}
