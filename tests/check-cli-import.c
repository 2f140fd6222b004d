/*
 * terrish: tests of "terrish import indicator" end to end, running the built
 * binary ($TERRISH_BIN) on a store made from the small test data folder.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/common.h"
#include "tests/data-fixture.h"
#include "tests/cli-run.h"

/* Catalogue entry of pop_t as the small data folder has it. */
static const char pop_meta[] =
    "{\"id\": \"pop_t\", \"name\": {\"fr\": \"Population\", \"en\":"
    " \"Population\"}, \"theme\": \"T\", \"unit\": \"hab.\", \"source\":"
    " \"test\", \"licence\": \"test\", \"years\": [2020, 2021],"
    " \"native_level\": \"commune\", \"categories\": [], \"aggregation\":"
    " {\"rule\": \"sum\"}, \"partial\": false}\n";

static const char *terrish_bin;
static char *dir;
static char *store_path;
static char output[8192];

/* Run a shell command, keeping its merged output in output. */
#define run(...) cli_run(output, sizeof output, __VA_ARGS__)

/* Write text to a file of the test folder and return its path. */
static char *
write_file(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *file = fopen(path, "w");

    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    ck_assert_int_eq(fclose(file), 0);
    return path;
}

/* Read one integer from the test store with a SQL query. */
static double
query_number(const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    double value;

    ck_assert_int_eq(sqlite3_open_v2(store_path, &db, SQLITE_OPEN_READONLY,
                                     NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    value = sqlite3_column_double(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

/* The stored pop_t value of one commune and year, -1 when none. */
static double
pop_value(const char *code, int year)
{
    char *sql = xasprintf("SELECT coalesce((SELECT v.value FROM"
                          " indicator_value v JOIN territory t ON t.id ="
                          " v.territory_id WHERE v.indicator_id = 'pop_t'"
                          " AND t.code = '%s' AND v.year = %d), -1)",
                          code, year);
    double value = query_number(sql);

    free(sql);
    return value;
}

/* Import a CSV text as pop_t; returns the exit status. */
static int
import_pop(const char *csv)
{
    char *meta = write_file("pop.json", pop_meta);
    char *data = write_file("pop.csv", csv);
    int status;

    status = run("'%s' import indicator --quiet --meta '%s' --store '%s' '%s'",
                 terrish_bin, meta, store_path, data);
    free(meta);
    free(data);
    return status;
}

static void
setup(void)
{
    terrish_bin = getenv("TERRISH_BIN");
    ck_assert_ptr_nonnull(terrish_bin);
    dir = fixture_write("check-cli-import", NULL);
    store_path = xasprintf("%s/store.db", dir);
    ck_assert_int_eq(run("'%s' init --quiet --store '%s' --data '%s'",
                         terrish_bin, store_path, dir),
                     0);
}

static void
teardown(void)
{
    fixture_remove(dir);
    free(dir);
    free(store_path);
}

START_TEST(import_valid_file_exits_0)
{
    ck_assert_msg(import_pop("code;year;value\n69002;2020;310\n") == 0,
                  "output: %s", output);
    ck_assert_double_eq(pop_value("69002", 2020), 310);
}
END_TEST

START_TEST(import_bad_last_line_changes_nothing)
{
    double before = query_number("SELECT count(*) FROM indicator_value");
    double sum = query_number("SELECT total(value) FROM indicator_value");

    ck_assert_int_eq(import_pop("code;year;value\n69002;2020;310\n"
                                "01001;2020;51\n69001;2020;1,2,3\n"),
                     5);
    ck_assert_msg(strstr(output, "pop.csv") != NULL &&
                      strstr(output, "line 4") != NULL,
                  "output: %s", output);
    ck_assert_double_eq(query_number("SELECT count(*) FROM indicator_value"),
                        before);
    ck_assert_double_eq(query_number("SELECT total(value) FROM"
                                     " indicator_value"),
                        sum);
}
END_TEST

START_TEST(import_year_replaces_only_that_year)
{
    ck_assert_int_eq(import_pop("code;year;value\n69002;2021;400\n"
                                "01001;2021;60\n"),
                     0);
    ck_assert_int_eq(import_pop("code;year;value\n69002;2021;410\n"), 0);
    ck_assert_double_eq(pop_value("69002", 2021), 410);
    ck_assert_double_eq(pop_value("01001", 2021), -1);
    ck_assert_double_eq(pop_value("69002", 2020), 300);
    ck_assert_double_eq(pop_value("01001", 2020), 50);
}
END_TEST

START_TEST(import_merged_codes_summed)
{
    ck_assert_int_eq(import_pop("code;year;value\n01001;2021;60\n"
                                "01002;2021;5\n69381;2021;100\n"
                                "69382;2021;200\n"),
                     0);
    ck_assert_double_eq(pop_value("01001", 2021), 65);
    ck_assert_double_eq(pop_value("69002", 2021), 300);
    ck_assert_msg(strstr(output, "3 values of 3 former commune codes") !=
                      NULL,
                  "output: %s", output);
}
END_TEST

START_TEST(import_commune_and_arrondissements_once)
{
    ck_assert_int_eq(import_pop("code;year;value\n69002;2021;300\n"
                                "69381;2021;100\n69382;2021;200\n"),
                     0);
    ck_assert_double_eq(pop_value("69002", 2021), 300);
    ck_assert_msg(strstr(output, "2 values of municipal arrondissements "
                                 "skipped") != NULL,
                  "output: %s", output);
}
END_TEST

START_TEST(import_unknown_code_exits_5)
{
    ck_assert_int_eq(import_pop("code;year;value\n69002;2021;300\n"
                                "99998;2021;1\n"),
                     5);
    ck_assert_msg(strstr(output, "pop.csv:3: unknown territory code") != NULL,
                  "output: %s", output);
}
END_TEST

START_TEST(import_usage_error_exits_2)
{
    ck_assert_int_eq(run("'%s' import indicator --store '%s' x.csv",
                         terrish_bin, store_path),
                     2);
}
END_TEST

START_TEST(import_missing_file_exits_3)
{
    char *meta = write_file("pop.json", pop_meta);

    ck_assert_int_eq(run("'%s' import indicator --meta '%s' --store '%s'"
                         " '%s/absent.csv'",
                         terrish_bin, meta, store_path, dir),
                     3);
    free(meta);
}
END_TEST

static Suite *
cli_import_suite(void)
{
    Suite *suite = suite_create("cli-import");
    TCase *imports = tcase_create("import");

    tcase_add_checked_fixture(imports, setup, teardown);
    tcase_set_timeout(imports, 60);
    tcase_add_test(imports, import_valid_file_exits_0);
    tcase_add_test(imports, import_bad_last_line_changes_nothing);
    tcase_add_test(imports, import_year_replaces_only_that_year);
    tcase_add_test(imports, import_merged_codes_summed);
    tcase_add_test(imports, import_commune_and_arrondissements_once);
    tcase_add_test(imports, import_unknown_code_exits_5);
    tcase_add_test(imports, import_usage_error_exits_2);
    tcase_add_test(imports, import_missing_file_exits_3);
    suite_add_tcase(suite, imports);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(cli_import_suite());
    int failed;

    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
