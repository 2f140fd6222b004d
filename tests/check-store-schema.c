/*
 * terrish: tests of opening the store and migrating its schema.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"

static char *temp_dir;
static char *db_path;

/* Make a private folder under TERRISH_TEST_TMP (or /tmp) for one test. */
static void
setup_temp_dir(void)
{
    const char *base = getenv("TERRISH_TEST_TMP");

    if (base == NULL || base[0] == '\0')
        base = "/tmp";
    mkdir(base, 0700);
    temp_dir = xasprintf("%s/check-store-schema.XXXXXX", base);
    ck_assert_ptr_nonnull(mkdtemp(temp_dir));
    db_path = xasprintf("%s/terrish.db", temp_dir);
}

static void
teardown_temp_dir(void)
{
    char *path = NULL;
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    size_t i;

    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        path = xasprintf("%s%s", db_path, suffixes[i]);
        unlink(path);
        free(path);
    }
    rmdir(temp_dir);
    free(db_path);
    free(temp_dir);
}

/* Open db_path in mode, failing the test with the message. */
static struct store *
open_store(enum store_open_mode mode)
{
    struct store *store = NULL;
    char *error = NULL;

    ck_assert_msg(store_open(db_path, mode, &store, &error) == 0,
                  "store_open: %s", error);
    return store;
}

/* Read one integer from a SQL query of the raw file. */
static int
query_int(const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int value;

    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    value = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

START_TEST(open_existing_fails_when_missing)
{
    struct store *store = NULL;
    char *error = NULL;

    ck_assert_int_eq(store_open(db_path, STORE_OPEN_EXISTING, &store, &error),
                     -1);
    ck_assert_ptr_null(store);
    ck_assert_ptr_nonnull(strstr(error, db_path));
    free(error);
}
END_TEST

START_TEST(open_create_uses_wal)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_str_eq(store_error(store), "");
    store_close(store);
    ck_assert_int_eq(query_int("SELECT journal_mode = 'wal'"
                               " FROM pragma_journal_mode"),
                     1);
}
END_TEST

START_TEST(open_rejects_file_not_database)
{
    struct store *store = NULL;
    char *error = NULL;
    FILE *file = fopen(db_path, "w");

    ck_assert_ptr_nonnull(file);
    fputs("this is not an SQLite database, just some text long enough\n", file);
    fclose(file);
    ck_assert_int_eq(store_open(db_path, STORE_OPEN_EXISTING, &store, &error),
                     -1);
    ck_assert_ptr_nonnull(error);
    free(error);
}
END_TEST

START_TEST(migrate_creates_schema_from_empty)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_schema_version(store), 0);
    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(store_schema_version(store), STORE_SCHEMA_VERSION);
    store_close(store);

    ck_assert_int_eq(query_int("PRAGMA user_version"), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'table' AND name IN"
                               " ('meta', 'territory', 'territory_member',"
                               " 'territory_geometry', 'account',"
                               " 'account_key')"),
                     6);
    ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'table' AND name IN"
                               " ('indicator', 'indicator_year',"
                               " 'indicator_category', 'indicator_value',"
                               " 'point', 'indicator_flow',"
                               " 'territory_group',"
                               " 'territory_group_member')"),
                     8);
    ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'table' AND name IN"
                               " ('dashboard', 'dashboard_right', 'widget',"
                               " 'dashboard_change')"),
                     4);
    ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'table' AND name IN"
                               " ('account_request', 'request_connection',"
                               " 'audit_log')"),
                     3);
    ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'table' AND name IN"
                               " ('strategy', 'strategy_grant',"
                               " 'strategy_change')"),
                     3);
}
END_TEST

START_TEST(migrate_twice_applies_nothing)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(store_migrate(store), 0);
    store_close(store);
}
END_TEST

START_TEST(migrate_from_version_4_adds_dashboards)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_migrate_to(store, 4), 4);
    ck_assert_int_eq(store_schema_version(store), 4);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM dashboard"), -1);
    ck_assert_int_eq(store_migrate_to(store, 5), 1);
    ck_assert_int_eq(store_schema_version(store), 5);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM dashboard_change"), 0);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM strategy"), -1);
    ck_assert_int_eq(store_migrate_to(store, 6), 1);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM strategy_grant"), 0);
    store_close(store);
}
END_TEST

START_TEST(migrate_from_version_6_adds_requests_and_audit)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_migrate_to(store, 6), 6);
    ck_assert_int_eq(store_exec(store, "INSERT INTO account (name, role,"
                                       " created_at) VALUES ('olive', 'user',"
                                       " '2026-01-01T00:00:00Z')"),
                     0);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM audit_log"), -1);
    ck_assert_int_eq(store_migrate_to(store, 7), 1);
    ck_assert_int_eq(store_schema_version(store), 7);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM account_request"), 0);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM request_connection"), 0);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM audit_log"), 0);
    store_close(store);
    ck_assert_int_eq(query_int("SELECT count(*) FROM account"
                               " WHERE name = 'olive'"),
                     1);
}
END_TEST

/*
 * A version 7 store had the population column of epci.tsv for each EPCI.
 * Version 8 sums its communes instead, and an EPCI of which no commune
 * has a population gets none and no year.
 */
START_TEST(migrate_from_version_7_sums_epci_population)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_migrate_to(store, 7), 7);
    ck_assert_int_eq(
        store_exec(store,
                   "INSERT INTO territory (id, level, code, name, search_name,"
                   " population, population_year) VALUES"
                   " (1, 3, '200000001', 'CC A', 'cc a', 999, 2023),"
                   " (2, 3, '200000002', 'CC B', 'cc b', 500, 2023),"
                   " (3, 4, '01001', 'Un', 'un', 50, 2023),"
                   " (4, 4, '01002', 'Deux', 'deux', 100, 2023),"
                   " (5, 4, '01003', 'Trois', 'trois', NULL, NULL),"
                   " (6, 2, '01', 'Ain', 'ain', 150, 2023);"
                   "INSERT INTO territory_member (member_id, parent_id) VALUES"
                   " (3, 1), (4, 1), (5, 2), (3, 6), (4, 6), (1, 6)"),
        0);
    ck_assert_int_eq(store_migrate_to(store, 8), 1);
    ck_assert_int_eq(store_schema_version(store), 8);
    store_close(store);

    ck_assert_int_eq(query_int("SELECT population FROM territory WHERE id = 1"),
                     150);
    ck_assert_int_eq(
        query_int("SELECT population_year FROM territory WHERE id = 1"), 2023);
    ck_assert_int_eq(
        query_int("SELECT population IS NULL FROM territory WHERE id = 2"), 1);
    ck_assert_int_eq(
        query_int("SELECT population_year IS NULL FROM territory WHERE id = 2"),
        1);
    ck_assert_int_eq(query_int("SELECT population FROM territory WHERE id = 6"),
                     150);
    ck_assert_int_eq(query_int("SELECT population FROM territory WHERE id = 3"),
                     50);
}
END_TEST

/* A version 8 store keeps its strategies, which get an empty history. */
START_TEST(migrate_from_version_8_adds_strategy_history)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_migrate_to(store, 8), 8);
    ck_assert_int_eq(
        store_exec(store,
                   "INSERT INTO account (name, role, created_at) VALUES"
                   " ('olive', 'user', '2026-01-01T00:00:00Z');"
                   "INSERT INTO territory (level, code, name, search_name)"
                   " VALUES (4, '01001', 'Abergement', 'abergement');"
                   "INSERT INTO strategy (name, owner_id, territory_id,"
                   " document, created_at, updated_at) VALUES ('Plan',"
                   " 1, 1, '{\"items\":[]}', '2026-01-01T00:00:00Z',"
                   " '2026-01-01T00:00:00Z')"),
        0);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM strategy_change"), -1);
    ck_assert_int_eq(store_migrate_to(store, 9), 1);
    ck_assert_int_eq(store_schema_version(store), 9);
    ck_assert_int_eq(store_exec(store, "SELECT * FROM strategy_change"), 0);
    store_close(store);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy"
                               " WHERE name = 'Plan'"),
                     1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy_change"), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'index'"
                               " AND name = 'strategy_change_strategy'"),
                     1);
}
END_TEST

/* A version 9 strategy with the former renovation and solar parameters
 * gets the per-year ones to fill in, its entered saving as the energy
 * gain, and history rows that keep the values dropped. Other actions and
 * a strategy without them stay as they were. */
START_TEST(migrate_from_version_9_moves_renovation_and_solar)
{
    static const char old_plan[] =
        "{\"baselines\":{},\"coefficients\":{\"renovation_saving\":0.35,"
        "\"pv_yield\":1100},\"goals\":{},\"items\":["
        "{\"action\":\"telework\",\"choice\":\"\",\"targets\":["
        "{\"param\":\"share_workers\",\"set\":true,\"start\":2026,"
        "\"target\":2035,\"value\":30.0}]},"
        "{\"action\":\"renovation\",\"choice\":\"\",\"targets\":["
        "{\"param\":\"dwellings_share\",\"set\":true,\"start\":2026,"
        "\"target\":2040,\"value\":20.0}]},"
        "{\"action\":\"rooftop_solar\",\"choice\":\"\",\"targets\":["
        "{\"param\":\"capacity\",\"set\":true,\"start\":2027,"
        "\"target\":2045,\"value\":12.5}]}]}";
    struct store *store = open_store(STORE_OPEN_CREATE);
    char sql[2048];

    ck_assert_int_eq(STORE_SCHEMA_VERSION, 10);
    ck_assert_int_eq(store_migrate_to(store, 9), 9);
    snprintf(sql, sizeof sql,
             "INSERT INTO account (name, role, created_at) VALUES"
             " ('olive', 'user', '2026-01-01T00:00:00Z');"
             "INSERT INTO territory (level, code, name, search_name)"
             " VALUES (4, '01001', 'Abergement', 'abergement');"
             "INSERT INTO strategy (name, owner_id, territory_id, document,"
             " created_at, updated_at) VALUES ('Old', 1, 1, '%s',"
             " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
             " ('Other', 1, 1, '{\"items\":[]}', '2026-01-01T00:00:00Z',"
             " '2026-01-01T00:00:00Z')",
             old_plan);
    ck_assert_int_eq(store_exec(store, sql), 0);
    ck_assert_int_eq(store_migrate(store), 1);
    ck_assert_int_eq(store_schema_version(store), 10);
    store_close(store);

    /* The telework action is untouched and the order is kept. */
    ck_assert_int_eq(
        query_int("SELECT json_extract(document, '$.items[0].targets[0].value')"
                  " = 30 AND json_extract(document, '$.items[1].action')"
                  " = 'renovation' FROM strategy WHERE name = 'Old'"),
        1);
    ck_assert_int_eq(
        query_int("SELECT json_extract(document, '$.items[1].targets[0].param')"
                  " = 'dwellings_per_year' AND json_extract(document,"
                  " '$.items[1].targets[0].set') = 0 AND json_extract(document,"
                  " '$.items[1].targets[1].param') = 'energy_gain' AND"
                  " json_extract(document, '$.items[1].targets[1].set') = 1"
                  " AND abs(json_extract(document,"
                  " '$.items[1].targets[1].value') - 35) < 1e-9"
                  " FROM strategy WHERE name = 'Old'"),
        1);
    ck_assert_int_eq(
        query_int("SELECT json_extract(document, '$.items[2].targets[0].param')"
                  " = 'capacity_per_year' AND json_extract(document,"
                  " '$.items[2].targets[0].start') = 2027"
                  " FROM strategy WHERE name = 'Old'"),
        1);
    ck_assert_int_eq(
        query_int("SELECT json_type(document,"
                  " '$.coefficients.renovation_saving') IS NULL AND"
                  " json_extract(document, '$.coefficients.pv_yield') = 1100"
                  " FROM strategy WHERE name = 'Old'"),
        1);
    /* The history keeps what was dropped. */
    ck_assert_int_eq(
        query_int("SELECT count(*) FROM strategy_change WHERE account ="
                  " '(terrish)' AND item = 'renovation/dwellings_share' AND"
                  " json_extract(before, '$.value') = 20"),
        1);
    ck_assert_int_eq(
        query_int("SELECT count(*) FROM strategy_change WHERE item ="
                  " 'rooftop_solar/capacity' AND"
                  " json_extract(before, '$.value') = 12.5"),
        1);
    ck_assert_int_eq(
        query_int("SELECT count(*) FROM strategy_change WHERE field ="
                  " 'coefficient' AND before = '0.35'"),
        1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy_change"), 3);
    ck_assert_int_eq(
        query_int("SELECT document = '{\"items\":[]}' FROM strategy"
                  " WHERE name = 'Other'"),
        1);
}
END_TEST

START_TEST(migrate_rejects_newer_version)
{
    struct store *store = open_store(STORE_OPEN_CREATE);
    const char *error;

    ck_assert_int_eq(store_exec(store, "PRAGMA user_version = 99"), 0);
    ck_assert_int_eq(store_migrate(store), -1);
    error = store_error(store);
    ck_assert_msg(strstr(error, "99") != NULL, "message: %s", error);
    ck_assert_msg(strstr(error, "upgrade terrish") != NULL, "message: %s",
                  error);
    ck_assert_int_eq(store_schema_version(store), 99);
    store_close(store);
}
END_TEST

START_TEST(migrate_fails_on_readonly_store)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    store_close(store);
    store = open_store(STORE_OPEN_READONLY);
    ck_assert_int_eq(store_migrate(store), -1);
    ck_assert_int_eq(store_schema_version(store), 0);
    store_close(store);
}
END_TEST

START_TEST(foreign_keys_are_enforced)
{
    struct store *store = open_store(STORE_OPEN_CREATE);

    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(store_exec(store, "INSERT INTO account_key"
                                       " (account_id, type, base64)"
                                       " VALUES (42, 'ssh-ed25519', 'AAAA')"),
                     -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "FOREIGN KEY"));
    store_close(store);
}
END_TEST

START_TEST(meta_get_reports_missing_key)
{
    struct store *store = open_store(STORE_OPEN_CREATE);
    char *value = NULL;

    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(store_meta_get(store, "population_year", &value), 1);
    ck_assert_ptr_null(value);
    ck_assert_int_eq(store_exec(store, "INSERT INTO meta VALUES"
                                       " ('population_year', '2023')"),
                     0);
    ck_assert_int_eq(store_meta_get(store, "population_year", &value), 0);
    ck_assert_str_eq(value, "2023");
    free(value);
    store_close(store);
}
END_TEST

static Suite *
schema_suite(void)
{
    Suite *suite = suite_create("store-schema");
    TCase *open = tcase_create("open");
    TCase *migrate = tcase_create("migrate");

    tcase_add_checked_fixture(open, setup_temp_dir, teardown_temp_dir);
    tcase_add_test(open, open_existing_fails_when_missing);
    tcase_add_test(open, open_create_uses_wal);
    tcase_add_test(open, open_rejects_file_not_database);
    suite_add_tcase(suite, open);

    tcase_add_checked_fixture(migrate, setup_temp_dir, teardown_temp_dir);
    tcase_add_test(migrate, migrate_creates_schema_from_empty);
    tcase_add_test(migrate, migrate_twice_applies_nothing);
    tcase_add_test(migrate, migrate_from_version_4_adds_dashboards);
    tcase_add_test(migrate, migrate_from_version_6_adds_requests_and_audit);
    tcase_add_test(migrate, migrate_from_version_7_sums_epci_population);
    tcase_add_test(migrate, migrate_from_version_8_adds_strategy_history);
    tcase_add_test(migrate, migrate_from_version_9_moves_renovation_and_solar);
    tcase_add_test(migrate, migrate_rejects_newer_version);
    tcase_add_test(migrate, migrate_fails_on_readonly_store);
    tcase_add_test(migrate, foreign_keys_are_enforced);
    tcase_add_test(migrate, meta_get_reports_missing_key);
    suite_add_tcase(suite, migrate);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(schema_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
