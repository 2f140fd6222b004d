/*
 * terrish: tests of the indicator schema, catalogue, bundled load, import
 * and the migration from schema version 1.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The "real" cases load $TERRISH_DATA once per suite into a temporary
 * store file. The others use the small folder of data-fixture.c.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/data-fixture.h"

static char *real_dir;
static char *real_path;
static struct store *store;

/* Load the real data into a new store file, once for the suite. */
static void
setup_real_store(void)
{
    struct store *loading = NULL;
    char *error = NULL;

    real_dir = fixture_temp_dir("check-store-indicator");
    real_path = xasprintf("%s/terrish.db", real_dir);
    ck_assert_msg(store_open(real_path, STORE_OPEN_CREATE, &loading,
                             &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(loading), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(loading, fixture_real_data_dir(), NULL,
                                     NULL) == STORE_LOAD_DONE,
                  "store_load_bundled: %s", store_error(loading));
    store_close(loading);
}

static void
teardown_real_store(void)
{
    fixture_remove(real_dir);
    free(real_path);
    free(real_dir);
}

static void
setup_open(void)
{
    char *error = NULL;

    ck_assert_msg(store_open(real_path, STORE_OPEN_EXISTING, &store,
                             &error) == 0,
                  "store_open: %s", error);
}

static void
teardown_open(void)
{
    store_close(store);
    store = NULL;
}

/* Read one integer with a SQL query on the open store. */
static long long
query_int(struct store *target, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long value;

    ck_assert_int_eq(sqlite3_prepare_v2(store_db(target), sql, -1, &stmt,
                                        NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/*
 * Count the data lines (not starting with "#") of a file of the data, or
 * with flag set, only those whose last field is flag.
 */
static long long
count_lines_flagged(const char *relative, const char *flag)
{
    char *path = xasprintf("%s/%s", fixture_real_data_dir(), relative);
    FILE *file = fopen(path, "r");
    char *line = NULL;
    size_t capacity = 0;
    long long count = 0;

    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (getline(&line, &capacity, file) > 0) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        if (flag == NULL || strcmp(strrchr(line, '\t') + 1, flag) == 0)
            count++;
    }
    fclose(file);
    free(line);
    free(path);
    return count;
}

/* Count the data lines of a file of the data. */
static long long
count_data_lines(const char *relative)
{
    return count_lines_flagged(relative, NULL);
}

START_TEST(load_stores_every_catalogue_entry)
{
    char *path = xasprintf("%s/indicators/catalogue.json",
                           fixture_real_data_dir());
    json_error_t error;
    json_t *catalogue = json_load_file(path, 0, &error);
    char **ids = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_msg(catalogue != NULL, "%s: %s", path, error.text);
    ck_assert_int_eq(store_indicator_ids(store, &ids, &count), 0);
    ck_assert_uint_eq(count, json_array_size(catalogue));
    for (i = 0; i < count; i++) {
        ck_assert_str_eq(ids[i], json_string_value(json_object_get(
                                     json_array_get(catalogue, i), "id")));
        free(ids[i]);
    }
    free(ids);
    json_decref(catalogue);
    free(path);
}
END_TEST

/*
 * The README, in the folder above the data, must not give a count of
 * indicators other than that of the catalogue, such as "23 indicators"
 * for a catalogue of 25.
 */
START_TEST(readme_count_matches_catalogue)
{
    char *path = xasprintf("%s/../README.md", fixture_real_data_dir());
    char *catalogue_path =
        xasprintf("%s/indicators/catalogue.json", fixture_real_data_dir());
    json_error_t error;
    json_t *catalogue = json_load_file(catalogue_path, 0, &error);
    FILE *file = fopen(path, "r");
    char *text = NULL;
    size_t size = 0;
    const char *at;

    ck_assert_msg(catalogue != NULL, "%s: %s", catalogue_path, error.text);
    ck_assert_msg(file != NULL, "cannot open %s", path);
    ck_assert(getdelim(&text, &size, '\0', file) > 0);
    fclose(file);
    for (at = strstr(text, " indicators"); at != NULL;
         at = strstr(at + 1, " indicators")) {
        const char *digits = at;

        while (digits > text && digits[-1] >= '0' && digits[-1] <= '9')
            digits--;
        if (digits == at)
            continue;
        ck_assert_msg(strtoul(digits, NULL, 10) == json_array_size(catalogue),
                      "%s says %.*s indicators, the catalogue has %zu", path,
                      (int)(at - digits), digits, json_array_size(catalogue));
    }
    free(text);
    json_decref(catalogue);
    free(catalogue_path);
    free(path);
}
END_TEST

START_TEST(load_stores_every_value_line)
{
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM indicator_value"
                                      " WHERE indicator_id = 'population'"),
                     count_data_lines("indicators/population.tsv"));
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM indicator_value"
                                      " WHERE indicator_id = 'ghg_emissions'"),
                     count_data_lines("indicators/ghg_emissions.tsv"));
    ck_assert_int_eq(
        query_int(store, "SELECT count(*) FROM indicator_value"
                         " WHERE indicator_id ="
                         " 'production_capacity' AND flag = 2"),
        count_lines_flagged("indicators/production_capacity.tsv", "nd"));
}
END_TEST

START_TEST(load_stores_points_and_flows)
{
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM point"
                                      " WHERE layer = 'eu_ets_emissions'"),
                     count_data_lines("points/eu_ets.tsv"));
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM point"
                                      " WHERE layer = 'irep_releases'"),
                     count_data_lines("points/irep.tsv"));
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM point"
                                      " WHERE layer = 'irve_locations'"),
                     count_data_lines("points/irve.tsv"));
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM indicator_flow"),
                     count_data_lines("indicators/commuting_flows_sample.tsv"));
}
END_TEST

START_TEST(load_twice_changes_nothing)
{
    long long before = query_int(store, "SELECT count(*) FROM indicator_value");

    ck_assert_int_eq(store_load_bundled(store, fixture_real_data_dir(), NULL,
                                        NULL),
                     STORE_LOAD_UNCHANGED);
    ck_assert_int_eq(query_int(store, "SELECT count(*) FROM indicator_value"),
                     before);
}
END_TEST

START_TEST(indicator_get_reads_ratio)
{
    struct indicator indicator;

    ck_assert_int_eq(store_indicator_get(store, "ghg_road_per_inhabitant",
                                         &indicator),
                     0);
    ck_assert_int_eq(indicator.rule, AGGREGATION_RATIO);
    ck_assert_str_eq(indicator.numerator, "ghg_emissions");
    ck_assert_str_eq(indicator.numerator_category, "routier");
    ck_assert_str_eq(indicator.denominator, "population");
    ck_assert_int_eq(indicator.denominator_year, 2018);
    ck_assert_uint_eq(indicator.year_count, 1);
    ck_assert_int_eq(indicator.years[0], 2016);
    indicator_clear(&indicator);
    ck_assert_int_eq(store_indicator_get(store, "no_such", &indicator), 1);
}
END_TEST

/* Open a new in-memory store at the current schema. */
static struct store *
open_memory(void)
{
    struct store *memory = NULL;
    char *error = NULL;

    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, &memory,
                             &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(memory), STORE_SCHEMA_VERSION);
    return memory;
}

/* Load the small folder with one file replaced; returns the load's result. */
static int
load_replaced(const char *path, const char *text, struct store **out)
{
    const struct fixture_file replacements[] = {{path, text}, {NULL, NULL}};
    char *dir = fixture_write("check-store-indicator", replacements);
    int rc;

    *out = open_memory();
    rc = store_load_bundled(*out, dir, NULL, NULL);
    fixture_remove(dir);
    free(dir);
    return rc;
}

START_TEST(bad_value_fails_with_file_and_line)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/pop_t.tsv",
                                   "# code\tyear\tcategory\tvalue\tflag\n"
                                   "01001\t2020\t\t50\t\n"
                                   "69001\t2020\t\t1,5\t\n",
                                   &small),
                     -1);
    ck_assert_msg(strstr(store_error(small), "indicators/pop_t.tsv:3: "
                                             "column 4 (value): invalid "
                                             "number \"1,5\"") != NULL,
                  "message: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM territory"), 0);
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator"), 0);
    store_close(small);
}
END_TEST

START_TEST(unknown_code_fails_with_file_and_line)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/cars_t.tsv",
                                   "# code\tyear\tcategory\tvalue\tflag\n"
                                   "02\t2020\t\t1\t\n",
                                   &small),
                     -1);
    ck_assert_msg(strstr(store_error(small), "indicators/cars_t.tsv:2: "
                                             "column 1 (code): unknown "
                                             "territory code \"02\"") != NULL,
                  "message: %s", store_error(small));
    store_close(small);
}
END_TEST

START_TEST(unknown_category_fails)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/jobs_t.tsv",
                                   "# code\tyear\tcategory\tvalue\tflag\n"
                                   "01001\t2020\tz\t1\t\n",
                                   &small),
                     -1);
    ck_assert_msg(strstr(store_error(small), ":2: column 3 (category): "
                                             "unknown category \"z\"") != NULL,
                  "message: %s", store_error(small));
    store_close(small);
}
END_TEST

START_TEST(year_outside_catalogue_fails)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/pop_t.tsv",
                                   "# code\tyear\tcategory\tvalue\tflag\n"
                                   "01001\t2019\t\t1\t\n",
                                   &small),
                     -1);
    ck_assert_msg(strstr(store_error(small), "pop_t.tsv:2: column 2 (year)")
                      != NULL,
                  "message: %s", store_error(small));
    store_close(small);
}
END_TEST

START_TEST(duplicate_row_fails)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/pop_t.tsv",
                                   "# code\tyear\tcategory\tvalue\tflag\n"
                                   "01001\t2020\t\t1\t\n"
                                   "01001\t2020\t\t2\t\n",
                                   &small),
                     -1);
    ck_assert_msg(strstr(store_error(small), "pop_t.tsv:3: duplicate row")
                      != NULL,
                  "message: %s", store_error(small));
    store_close(small);
}
END_TEST

START_TEST(bad_catalogue_fails)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/catalogue.json",
                                   "[{\"id\": \"x\"}]", &small),
                     -1);
    ck_assert_msg(strstr(store_error(small), "catalogue.json: entry 1: "
                                             "missing key \"name\"") != NULL,
                  "message: %s", store_error(small));
    store_close(small);
}
END_TEST

START_TEST(folder_without_catalogue_loads_territories)
{
    struct store *small = NULL;

    ck_assert_int_eq(load_replaced("indicators/catalogue.json", NULL, &small),
                     STORE_LOAD_DONE);
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM territory"), 8);
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator"), 0);
    store_close(small);
}
END_TEST

/*
 * Schema version 1 as it was released, filled the way version 1 of the
 * loader filled it: région 84, départements 01 and 69, three communes and
 * an account with a key.
 */
static const char v1_rows[] =
    "INSERT INTO territory (id, level, code, name, search_name,"
    " commune_count) VALUES"
    " (1, 1, '84', 'Auvergne-Rhône-Alpes', 'auvergne rhone alpes', 3),"
    " (2, 2, '01', 'Ain', 'ain', 1),"
    " (3, 2, '69', 'Rhône', 'rhone', 2),"
    " (4, 3, '200000001', 'CC Deux Rives', 'cc deux rives', 2),"
    " (5, 3, '200000002', 'CC Une Rive', 'cc une rive', 1),"
    " (6, 4, '01001', 'Commune Un', 'commune un', 1),"
    " (7, 4, '69001', 'Commune Deux', 'commune deux', 1),"
    " (8, 4, '69002', 'Commune Trois; bis', 'commune trois bis', 1);"
    "INSERT INTO territory_member (member_id, parent_id) VALUES"
    " (2, 1), (3, 1), (4, 1), (5, 1), (5, 3),"
    " (6, 2), (6, 1), (6, 4), (7, 3), (7, 1), (7, 4),"
    " (8, 3), (8, 1), (8, 5);"
    "INSERT INTO account (name, role, created_at)"
    " VALUES ('alice', 'admin', '2026-01-01T00:00:00Z');"
    "INSERT INTO account_key (account_id, type, base64)"
    " VALUES (1, 'ssh-ed25519', 'AAAA');";

START_TEST(migration_1_to_2_keeps_data)
{
    char *dir = fixture_write("check-store-indicator", NULL);
    struct store *old = NULL;
    struct user user;
    struct territory commune;
    struct indicator_result result;
    char *error = NULL;

    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, &old, &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate_to(old, 1), 1);
    ck_assert_int_eq(store_schema_version(old), 1);
    ck_assert_int_eq(store_exec(old, v1_rows), 0);

    ck_assert_int_eq(store_migrate_to(old, 2), 1);
    ck_assert_int_eq(store_schema_version(old), 2);
    ck_assert_int_eq(store_migrate(old), STORE_SCHEMA_VERSION - 2);
    ck_assert_int_eq(store_user_find(old, "alice", &user), 0);
    ck_assert_int_eq(user.role, ROLE_ADMIN);
    user_clear(&user);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM account_key"), 1);
    ck_assert_int_eq(store_territory_get(old, LEVEL_COMMUNE, "69002",
                                         &commune),
                     0);
    ck_assert_int_eq(commune.id, 8);

    ck_assert_int_eq(store_load_bundled(old, dir, NULL, NULL),
                     STORE_LOAD_INDICATORS);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM territory"), 8);
    ck_assert_int_eq(store_indicator_value(old, "pop_t", commune.id, 2020,
                                           NULL, &result),
                     0);
    ck_assert_double_eq(result.value, 300);
    ck_assert_int_eq(store_load_bundled(old, dir, NULL, NULL),
                     STORE_LOAD_UNCHANGED);

    territory_clear(&commune);
    store_close(old);
    fixture_remove(dir);
    free(dir);
}
END_TEST

/* A version 2 store keeps its data and gets the history on the next load. */
START_TEST(migration_2_to_3_keeps_data)
{
    char *dir = fixture_write("check-store-indicator", NULL);
    struct store *old = NULL;
    struct user user;
    char *error = NULL;

    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, &old, &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate_to(old, 2), 2);
    ck_assert_int_eq(store_exec(old, v1_rows), 0);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM sqlite_schema"
                                    " WHERE name = 'commune_history'"),
                     0);

    ck_assert_int_eq(store_migrate(old), STORE_SCHEMA_VERSION - 2);
    ck_assert_int_eq(store_schema_version(old), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM territory"), 8);
    ck_assert_int_eq(store_user_find(old, "alice", &user), 0);
    user_clear(&user);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM commune_history"),
                     0);

    ck_assert_msg(store_load_bundled(old, dir, NULL, NULL) ==
                      STORE_LOAD_INDICATORS,
                  "store_load_bundled: %s", store_error(old));
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM commune_history"),
                     3);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM territory"), 8);
    ck_assert_int_eq(store_load_bundled(old, dir, NULL, NULL),
                     STORE_LOAD_UNCHANGED);
    store_close(old);
    fixture_remove(dir);
    free(dir);
}
END_TEST

/* A store with territories and indicators but no history gets only it. */
START_TEST(load_adds_missing_history)
{
    char *dir = fixture_write("check-store-indicator", NULL);
    struct store *small = open_memory();

    ck_assert_int_eq(store_load_bundled(small, dir, NULL, NULL),
                     STORE_LOAD_DONE);
    ck_assert_int_eq(store_exec(small, "DELETE FROM commune_history"), 0);
    ck_assert_int_eq(store_load_bundled(small, dir, NULL, NULL),
                     STORE_LOAD_HISTORY);
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM commune_history"
                                      " WHERE kind = 'arrondissement'"),
                     2);
    store_close(small);
    fixture_remove(dir);
    free(dir);
}
END_TEST

START_TEST(history_current_code_fails)
{
    static const struct fixture_file bad[] = {
        {"territories/commune-history.tsv",
         "# old_code\tcurrent_code\tkind\n69001\t01001\tmerged\n"},
        {NULL, NULL},
    };
    char *dir = fixture_write("check-store-indicator", bad);
    struct store *small = open_memory();

    ck_assert_int_eq(store_load_bundled(small, dir, NULL, NULL), -1);
    ck_assert_msg(strstr(store_error(small), "commune-history.tsv:2:") !=
                      NULL,
                  "message: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM territory"), 0);
    store_close(small);
    fixture_remove(dir);
    free(dir);
}
END_TEST

START_TEST(migrate_to_stops_at_version)
{
    struct store *old = NULL;
    char *error = NULL;

    ck_assert_int_eq(store_open(":memory:", STORE_OPEN_CREATE, &old, &error),
                     0);
    ck_assert_int_eq(store_migrate_to(old, 1), 1);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM sqlite_schema"
                                    " WHERE name = 'indicator'"),
                     0);
    ck_assert_int_eq(store_migrate_to(old, 1), 0);
    ck_assert_int_eq(store_migrate(old), STORE_SCHEMA_VERSION - 1);
    ck_assert_int_eq(query_int(old, "SELECT count(*) FROM sqlite_schema"
                                    " WHERE name = 'indicator'"),
                     1);
    store_close(old);
}
END_TEST

/* Load the small folder into a new in-memory store. */
static struct store *
open_small(void)
{
    char *dir = fixture_write("check-store-indicator", NULL);
    struct store *small = open_memory();

    ck_assert_msg(store_load_bundled(small, dir, NULL, NULL) ==
                      STORE_LOAD_DONE,
                  "store_load_bundled: %s", store_error(small));
    fixture_remove(dir);
    free(dir);
    return small;
}

/* Append a row to a batch, without the importer's helper. */
static void
batch_push(struct import_batch *batch, const char *code, double value,
           enum value_flag flag, long line)
{
    struct import_row *row = NULL;

    batch->rows =
        xrealloc(batch->rows, (batch->count + 1) * sizeof *batch->rows);
    row = &batch->rows[batch->count++];
    memset(row, 0, sizeof *row);
    snprintf(row->code, sizeof row->code, "%s", code);
    row->year = 2020;
    row->value = value;
    row->flag = flag;
    row->line = line;
}

START_TEST(import_batch_replaces_year)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};
    struct territory commune;
    struct indicator_result result;

    batch_push(&batch, "69002", 310, VALUE_PRESENT, 2);
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, NULL) == 0,
                  "store_import_batch: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator_value"
                                      " WHERE indicator_id = 'pop_t'"),
                     1);
    ck_assert_int_eq(store_territory_get(small, LEVEL_COMMUNE, "69002",
                                         &commune),
                     0);
    ck_assert_int_eq(store_indicator_value(small, "pop_t", commune.id, 2020,
                                           NULL, &result),
                     0);
    ck_assert_double_eq(result.value, 310);
    territory_clear(&commune);
    free(batch.rows);
    store_close(small);
}
END_TEST

/* Read the stored value and flag of pop_t 2020 for one commune. */
static void
pop_cell(struct store *target, const char *code, double *value, int *flag)
{
    sqlite3_stmt *stmt = NULL;

    ck_assert_int_eq(sqlite3_prepare_v2(store_db(target),
                                        "SELECT coalesce(v.value, -1), v.flag"
                                        " FROM indicator_value v JOIN"
                                        " territory t ON t.id = v.territory_id"
                                        " WHERE v.indicator_id = 'pop_t'"
                                        " AND v.year = 2020 AND t.code = ?",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    *value = sqlite3_column_double(stmt, 0);
    *flag = sqlite3_column_int(stmt, 1);
    sqlite3_finalize(stmt);
}

START_TEST(import_merged_code_is_summed)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};
    struct import_summary summary;
    double value;
    int flag;

    batch_push(&batch, "01002", 7, VALUE_PRESENT, 2);
    batch_push(&batch, "01001", 50, VALUE_PRESENT, 3);
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, &summary) ==
                      0,
                  "store_import_batch: %s", store_error(small));
    pop_cell(small, "01001", &value, &flag);
    ck_assert_double_eq(value, 57);
    ck_assert_int_eq(flag, VALUE_PRESENT);
    ck_assert_uint_eq(summary.mapped, 1);
    ck_assert_uint_eq(summary.mapped_codes, 1);
    ck_assert_uint_eq(summary.skipped, 0);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_merged_secret_part_is_secret)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};
    double value;
    int flag;

    batch_push(&batch, "01001", 50, VALUE_PRESENT, 2);
    batch_push(&batch, "01002", 0, VALUE_SECRET, 3);
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, NULL) == 0,
                  "store_import_batch: %s", store_error(small));
    pop_cell(small, "01001", &value, &flag);
    ck_assert_int_eq(flag, VALUE_SECRET);
    ck_assert_double_eq(value, 50);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_merged_not_estimated_part_is_nd)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};
    double value;
    int flag;

    batch_push(&batch, "01002", 0, VALUE_NOT_ESTIMATED, 2);
    batch_push(&batch, "01001", 50, VALUE_PRESENT, 3);
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, NULL) == 0,
                  "store_import_batch: %s", store_error(small));
    pop_cell(small, "01001", &value, &flag);
    ck_assert_int_eq(flag, VALUE_NOT_ESTIMATED);
    ck_assert_double_eq(value, 50);
    free(batch.rows);
    store_close(small);
}
END_TEST

/* A file with a commune and its arrondissements counts them once. */
START_TEST(import_arrondissements_skipped_with_commune)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};
    struct import_summary summary;
    double value;
    int flag;

    batch_push(&batch, "69381", 100, VALUE_PRESENT, 2);
    batch_push(&batch, "69002", 300, VALUE_PRESENT, 3);
    batch_push(&batch, "69382", 200, VALUE_PRESENT, 4);
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, &summary) ==
                      0,
                  "store_import_batch: %s", store_error(small));
    pop_cell(small, "69002", &value, &flag);
    ck_assert_double_eq(value, 300);
    ck_assert_uint_eq(summary.skipped, 2);
    ck_assert_uint_eq(summary.mapped, 0);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_arrondissements_summed_alone)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};
    struct import_summary summary;
    double value;
    int flag;

    batch_push(&batch, "69381", 100, VALUE_PRESENT, 2);
    batch_push(&batch, "69382", 200, VALUE_PRESENT, 3);
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, &summary) ==
                      0,
                  "store_import_batch: %s", store_error(small));
    pop_cell(small, "69002", &value, &flag);
    ck_assert_double_eq(value, 300);
    ck_assert_int_eq(flag, VALUE_PRESENT);
    ck_assert_uint_eq(summary.mapped, 2);
    ck_assert_uint_eq(summary.mapped_codes, 2);
    ck_assert_uint_eq(summary.skipped, 0);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_category_outside_catalogue_fails)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "jobs_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "jobs.csv"};

    batch_push(&batch, "69002", 1, VALUE_PRESENT, 2);
    batch.rows[0].category = xstrdup("a");
    batch_push(&batch, "69001", 1, VALUE_PRESENT, 4);
    batch.rows[1].category = xstrdup("z");
    ck_assert_int_eq(store_import_batch(small, &batch, NULL, NULL, NULL), 1);
    ck_assert_msg(strstr(store_error(small), "jobs.csv:4: category \"z\"") !=
                      NULL,
                  "message: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator_value"
                                      " WHERE indicator_id = 'jobs_t'"),
                     9);
    free(batch.rows[0].category);
    free(batch.rows[1].category);
    free(batch.rows);
    store_close(small);
}
END_TEST

/* MOBPRO rows go to indicator_flow; a former origin adds to its commune. */
START_TEST(import_flows_written_to_flow_table)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "mobpro.csv",
                                 .flows = 1};

    batch_push(&batch, "01001", 2.5, VALUE_PRESENT, 2);
    batch.rows[0].category = xstrdup("69001:5");
    batch_push(&batch, "01002", 1.5, VALUE_PRESENT, 3);
    batch.rows[1].category = xstrdup("69001:5");
    batch_push(&batch, "69002", 4, VALUE_PRESENT, 4);
    batch.rows[2].category = xstrdup("99999:6");
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, NULL) == 0,
                  "store_import_batch: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator_flow"
                                      " WHERE indicator_id = 'pop_t'"),
                     2);
    ck_assert_int_eq(query_int(small, "SELECT value FROM indicator_flow f"
                                      " JOIN territory t ON t.id ="
                                      " f.origin_id WHERE t.code = '01001'"
                                      " AND f.destination_code = '69001'"
                                      " AND f.category = '5'"),
                     4);
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator_value"
                                      " WHERE indicator_id = 'pop_t'"),
                     3);
    free(batch.rows[0].category);
    free(batch.rows[1].category);
    free(batch.rows[2].category);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_flow_unknown_destination_fails)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "mobpro.csv",
                                 .flows = 1};

    batch_push(&batch, "01001", 2.5, VALUE_PRESENT, 5);
    batch.rows[0].category = xstrdup("75056:5");
    ck_assert_int_eq(store_import_batch(small, &batch, NULL, NULL, NULL), 1);
    ck_assert_msg(strstr(store_error(small), "mobpro.csv:5: unknown "
                                             "destination code") != NULL,
                  "message: %s", store_error(small));
    free(batch.rows[0].category);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_batch_duplicate_fails_unchanged)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};

    batch_push(&batch, "69002", 310, VALUE_PRESENT, 2);
    batch_push(&batch, "69002", 320, VALUE_PRESENT, 3);
    ck_assert_int_eq(store_import_batch(small, &batch, NULL, NULL, NULL), 1);
    ck_assert_msg(strstr(store_error(small), "pop.csv:3: duplicate") != NULL,
                  "message: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT count(*) FROM indicator_value"
                                      " WHERE indicator_id = 'pop_t'"),
                     3);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_batch_unknown_code_fails)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "pop_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "pop.csv"};

    batch_push(&batch, "99999", 1, VALUE_PRESENT, 7);
    ck_assert_int_eq(store_import_batch(small, &batch, NULL, NULL, NULL), 1);
    ck_assert_msg(strstr(store_error(small), "pop.csv:7: unknown territory "
                                             "code \"99999\"") != NULL,
                  "message: %s", store_error(small));
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(import_batch_new_indicator_needs_meta)
{
    struct store *small = open_small();
    struct import_batch batch = {.indicator_id = "new_t",
                                 .level = LEVEL_COMMUNE,
                                 .source_name = "new.csv"};
    json_t *meta = json_pack(
        "{s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:[i], s:s, s:[],"
        " s:{s:s}}",
        "id", "new_t", "name", "fr", "Nouveau", "en", "New", "theme", "T",
        "unit", "u", "source", "test", "licence", "test", "years", 2020,
        "native_level", "commune", "categories", "aggregation", "rule", "sum");

    batch_push(&batch, "69001", 5, VALUE_SECRET, 2);
    ck_assert_int_eq(store_import_batch(small, &batch, NULL, NULL, NULL), 1);
    ck_assert_ptr_nonnull(strstr(store_error(small), "unknown indicator"));
    batch.meta = meta;
    ck_assert_msg(store_import_batch(small, &batch, NULL, NULL, NULL) == 0,
                  "store_import_batch: %s", store_error(small));
    ck_assert_int_eq(query_int(small, "SELECT flag FROM indicator_value"
                                      " WHERE indicator_id = 'new_t'"),
                     VALUE_SECRET);
    ck_assert_int_eq(query_int(small, "SELECT value IS NULL FROM"
                                      " indicator_value"
                                      " WHERE indicator_id = 'new_t'"),
                     1);
    json_decref(meta);
    free(batch.rows);
    store_close(small);
}
END_TEST

START_TEST(group_collects_communes)
{
    struct store *small = open_small();
    struct territory_group group;
    int64_t id;

    ck_assert_int_eq(store_group_create(small, "Parc test", "natural park",
                                        NULL, &id),
                     0);
    ck_assert_int_eq(store_group_add_commune(small, id, "69002"), 0);
    ck_assert_int_eq(store_group_add_commune(small, id, "01001"), 0);
    ck_assert_int_eq(store_group_add_commune(small, id, "01001"), 1);
    ck_assert_int_eq(store_group_add_commune(small, id, "99999"), -1);
    ck_assert_int_eq(store_group_add_commune(small, id + 1, "01001"), -1);
    ck_assert_int_eq(store_group_get(small, id, &group), 0);
    ck_assert_str_eq(group.kind, "natural park");
    ck_assert_int_eq(group.commune_count, 2);
    territory_group_clear(&group);
    store_close(small);
}
END_TEST

static Suite *
indicator_suite(void)
{
    Suite *suite = suite_create("store-indicator");
    TCase *real = tcase_create("real");
    TCase *small = tcase_create("small");

    tcase_add_unchecked_fixture(real, setup_real_store, teardown_real_store);
    tcase_add_checked_fixture(real, setup_open, teardown_open);
    tcase_set_timeout(real, 60);
    tcase_add_test(real, load_stores_every_catalogue_entry);
    tcase_add_test(real, readme_count_matches_catalogue);
    tcase_add_test(real, load_stores_every_value_line);
    tcase_add_test(real, load_stores_points_and_flows);
    tcase_add_test(real, load_twice_changes_nothing);
    tcase_add_test(real, indicator_get_reads_ratio);
    suite_add_tcase(suite, real);

    tcase_add_test(small, bad_value_fails_with_file_and_line);
    tcase_add_test(small, unknown_code_fails_with_file_and_line);
    tcase_add_test(small, unknown_category_fails);
    tcase_add_test(small, year_outside_catalogue_fails);
    tcase_add_test(small, duplicate_row_fails);
    tcase_add_test(small, bad_catalogue_fails);
    tcase_add_test(small, folder_without_catalogue_loads_territories);
    tcase_add_test(small, migration_1_to_2_keeps_data);
    tcase_add_test(small, migrate_to_stops_at_version);
    tcase_add_test(small, migration_2_to_3_keeps_data);
    tcase_add_test(small, load_adds_missing_history);
    tcase_add_test(small, history_current_code_fails);
    tcase_add_test(small, import_merged_code_is_summed);
    tcase_add_test(small, import_merged_secret_part_is_secret);
    tcase_add_test(small, import_merged_not_estimated_part_is_nd);
    tcase_add_test(small, import_arrondissements_skipped_with_commune);
    tcase_add_test(small, import_arrondissements_summed_alone);
    tcase_add_test(small, import_category_outside_catalogue_fails);
    tcase_add_test(small, import_flows_written_to_flow_table);
    tcase_add_test(small, import_flow_unknown_destination_fails);
    tcase_add_test(small, import_batch_replaces_year);
    tcase_add_test(small, import_batch_duplicate_fails_unchanged);
    tcase_add_test(small, import_batch_unknown_code_fails);
    tcase_add_test(small, import_batch_new_indicator_needs_meta);
    tcase_add_test(small, group_collects_communes);
    suite_add_tcase(suite, small);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(indicator_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
