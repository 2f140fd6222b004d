/*
 * terrish: the fixture of the end-to-end tests of who may do what.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "server/server.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tests/authz-fixture.h"

#define GRENOBLE "38185"

const char *const authz_actor_names[ACTOR_COUNT] = {
    REQUEST_ACCOUNT, E2E_USER, E2E_USER2, E2E_USER3,
    "dave",          "gina",   "ida",     "root",
};

struct e2e_server authz_server;
char authz_requester_key[PATH_MAX + 16];
int64_t authz_dashboard_id;
int64_t authz_strategy_id;

struct store *
authz_store_open(void)
{
    struct store *store = NULL;
    char *error = NULL;

    ck_assert_msg(store_open(authz_server.store, STORE_OPEN_EXISTING, &store,
                             &error) == 0,
                  "store_open: %s", error);
    return store;
}

int64_t
authz_territory_id(struct store *store, enum territory_level level,
                   const char *code)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(store_territory_get(store, level, code, &territory), 0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* Add an account with E2E_PASSWORD. */
static void
account_add(struct store *store, const char *name, enum user_role role,
            const char *region)
{
    char *hash = auth_password_hash(E2E_PASSWORD);

    ck_assert_ptr_nonnull(hash);
    ck_assert_msg(store_user_add(store, name, role, region) == 0, "%s",
                  store_error(store));
    ck_assert_int_eq(store_user_set_password_hash(store, name, hash), 0);
    free(hash);
}

int64_t
authz_dashboard_make(void)
{
    struct store *store = authz_store_open();
    int64_t id = 0;

    ck_assert_int_eq(store_dashboard_create(
                         store, "dave", AUTHZ_DASHBOARD_NAME,
                         authz_territory_id(store, LEVEL_COMMUNE, GRENOBLE),
                         &id),
                     0);
    ck_assert_int_eq(
        store_dashboard_grant(store, "dave", id, E2E_USER2, ACCESS_VIEW), 0);
    ck_assert_int_eq(
        store_dashboard_grant(store, "dave", id, E2E_USER3, ACCESS_EDIT), 0);
    store_close(store);
    return id;
}

int64_t
authz_strategy_make(void)
{
    struct store *store = authz_store_open();
    int64_t id = 0;

    ck_assert_msg(store_strategy_create(
                      store, "dave", AUTHZ_STRATEGY_NAME,
                      authz_territory_id(store, LEVEL_COMMUNE, GRENOBLE),
                      &id) == 0,
                  "%s", store_error(store));
    ck_assert_int_eq(
        store_strategy_grant(store, "dave", id, E2E_USER2, ACCESS_VIEW), 0);
    ck_assert_int_eq(
        store_strategy_grant(store, "dave", id, E2E_USER3, ACCESS_EDIT), 0);
    store_close(store);
    return id;
}

void
authz_setup(void)
{
    struct store *store = NULL;
    char *command = NULL;

    ck_assert_int_eq(e2e_server_start(&authz_server, NULL), 0);
    store = authz_store_open();
    account_add(store, "root", ROLE_ADMIN, NULL);
    account_add(store, "gina", ROLE_REGIONAL_ADMIN, "84");
    account_add(store, "ida", ROLE_REGIONAL_ADMIN, "11");
    account_add(store, "dave", ROLE_USER, NULL);
    store_close(store);
    authz_dashboard_id = authz_dashboard_make();
    authz_strategy_id = authz_strategy_make();

    snprintf(authz_requester_key, sizeof(authz_requester_key),
             "%s/requester", authz_server.dir);
    command = xasprintf("ssh-keygen -q -t ed25519 -N '' -C requester -f '%s'",
                        authz_requester_key);
    ck_assert_int_eq(system(command), 0);
    free(command);
}

void
authz_teardown(void)
{
    e2e_server_free(&authz_server);
}

/* Append every row of sql to text, columns quoted by SQLite. */
static void
snapshot_append(sqlite3 *db, const char *sql, char **text)
{
    sqlite3_stmt *stmt = NULL;
    char *joined = NULL;

    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK,
                  "%s: %s", sql, sqlite3_errmsg(db));
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        joined = xasprintf("%s%s\n", *text,
                           (const char *)sqlite3_column_text(stmt, 0));
        free(*text);
        *text = joined;
    }
    sqlite3_finalize(stmt);
}

char *
authz_store_snapshot(void)
{
    static const char *const queries[] = {
        "SELECT 'dashboard ' || quote(id) || quote(name) || quote(description)"
        " || quote(owner_id) || quote(public) || quote(share_code)"
        " || quote(version) FROM dashboard ORDER BY id",
        "SELECT 'right ' || quote(dashboard_id) || quote(account_id)"
        " || quote(role) FROM dashboard_right ORDER BY 1",
        "SELECT 'widget ' || quote(id) || quote(title) || quote(removed)"
        " || quote(version) FROM widget ORDER BY id",
        "SELECT 'changes ' || count(*) FROM dashboard_change",
        "SELECT 'strategy ' || quote(id) || quote(name) || quote(owner_id)"
        " || quote(public) || quote(document) FROM strategy ORDER BY id",
        "SELECT 'grant ' || quote(strategy_id) || quote(account_id)"
        " || quote(role) FROM strategy_grant ORDER BY 1",
        "SELECT 'account ' || quote(id) || quote(name) || quote(role)"
        " || quote(region) FROM account ORDER BY id",
        "SELECT 'request ' || quote(id) || quote(status)"
        " FROM account_request ORDER BY id",
        "SELECT 'indicator ' || quote(id) || quote(published)"
        " FROM indicator ORDER BY id",
        "SELECT 'year ' || quote(indicator_id) || quote(year)"
        " || quote(published) FROM indicator_year ORDER BY 1",
        "SELECT 'audit ' || count(*) FROM audit_log",
    };
    sqlite3 *db = NULL;
    char *text = xstrdup("");
    size_t i;

    ck_assert_int_eq(sqlite3_open_v2(authz_server.store, &db,
                                     SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
        snapshot_append(db, queries[i], &text);
    sqlite3_close(db);
    return text;
}
