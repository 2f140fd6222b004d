/*
 * terrish: tests of "terrish group" and of exports of a group, running the
 * built binary ($TERRISH_BIN) on a store made from the small test data
 * folder (tests/data-fixture.c).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/common.h"
#include "tests/data-fixture.h"
#include "tests/cli-run.h"

/* A catalogue entry named population, as "terrish group show" reads it. */
static const char population_meta[] =
    "{\"id\": \"population\", \"name\": {\"fr\": \"Population\", \"en\":"
    " \"Population\"}, \"theme\": \"T\", \"unit\": \"hab.\", \"source\":"
    " \"test\", \"licence\": \"test\", \"years\": [2020],"
    " \"native_level\": \"commune\", \"categories\": [], \"aggregation\":"
    " {\"rule\": \"sum\"}, \"partial\": false}\n";

static const char *terrish_bin;
static char *dir;
static char *store_path;
static char output[8192];

/* Run a shell command, keeping its merged output in output. */
#define run(...) cli_run(output, sizeof output, __VA_ARGS__)

/* Run "terrish group ARGS --store STORE"; returns the exit status. */
static int
group(const char *args)
{
    return run("'%s' group %s --store '%s'", terrish_bin, args, store_path);
}

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

static void
setup(void)
{
    terrish_bin = getenv("TERRISH_BIN");
    ck_assert_ptr_nonnull(terrish_bin);
    dir = fixture_write("check-cli-group", NULL);
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

START_TEST(group_add_then_list)
{
    ck_assert_int_eq(group("add Parc --kind 'natural park'"
                           " --description 'Test park' 01001 69002"),
                     0);
    ck_assert_msg(strstr(output, "2 communes") != NULL, "output: %s", output);
    ck_assert_int_eq(group("list"), 0);
    ck_assert_msg(strstr(output, "Parc") != NULL, "output: %s", output);
    ck_assert_msg(strstr(output, "natural park") != NULL, "output: %s",
                  output);
    ck_assert_msg(strstr(output, "Test park") != NULL, "output: %s", output);
}
END_TEST

/* Columns of characters before the first "|" of each line of text, -1
 * for a line without one; the lines here hold two-byte letters only. */
static void
bar_columns(const char *text, int *columns, size_t max, size_t *count)
{
    int column = 0;
    int found = 0;

    *count = 0;
    for (; *text != '\0' && *count < max; text++) {
        if (*text == '\n') {
            columns[(*count)++] = found ? column : -1;
            column = 0;
            found = 0;
            continue;
        }
        if (found)
            continue;
        if (*text == '|')
            found = 1;
        else if (((unsigned char)*text & 0xC0) != 0x80)
            column++;
    }
}

/* group list pads names and kinds by display width: the communes
 * column starts at the same column after "Vallée de l'Isère" as after
 * an ASCII name. The descriptions start with "|" to find it. */
START_TEST(group_list_aligned_with_accents)
{
    int columns[8];
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(group("add 'Vallée de l'\\''Isère' --kind 'périmètre'"
                           " --description '|a' 01001"),
                     0);
    ck_assert_int_eq(group("add Rives --kind SCoT --description '|b' 69002"),
                     0);
    ck_assert_int_eq(group("list"), 0);
    ck_assert_msg(strstr(output, "Vallée de l'Isère") != NULL, "%s", output);
    bar_columns(output, columns, 8, &count);
    /* A header line, then one line per group. */
    ck_assert_uint_eq(count, 3);
    ck_assert_int_eq(columns[0], -1);
    for (i = 1; i < count; i++)
        ck_assert_msg(columns[i] == columns[1], "line %zu at %d, not %d:\n%s",
                      i, columns[i], columns[1], output);
}
END_TEST

START_TEST(group_epci_code_adds_its_communes)
{
    ck_assert_int_eq(group("add Rives --kind SCoT epci:200000001"), 0);
    ck_assert_int_eq(group("show Rives"), 0);
    ck_assert_msg(strstr(output, "01001") != NULL, "output: %s", output);
    ck_assert_msg(strstr(output, "69001") != NULL, "output: %s", output);
    ck_assert_msg(strstr(output, "69002") == NULL, "output: %s", output);
}
END_TEST

START_TEST(group_short_code_is_normalised)
{
    ck_assert_int_eq(group("add Ain --kind PETR 1001"), 0);
    ck_assert_int_eq(group("show Ain"), 0);
    ck_assert_msg(strstr(output, "01001") != NULL, "output: %s", output);
}
END_TEST

START_TEST(group_unknown_commune_exits_5)
{
    ck_assert_int_eq(group("add Parc --kind SCoT 69001 99998"), 5);
    ck_assert_msg(strstr(output, "'99998'") != NULL, "output: %s", output);
    ck_assert_int_eq(group("show Parc"), 3);
}
END_TEST

START_TEST(group_unknown_epci_exits_5)
{
    ck_assert_int_eq(group("add Parc --kind SCoT epci:200000009"), 5);
    ck_assert_msg(strstr(output, "'epci:200000009'") != NULL, "output: %s",
                  output);
}
END_TEST

START_TEST(group_invalid_code_exits_5)
{
    ck_assert_int_eq(group("add Parc --kind SCoT 69001 6900x"), 5);
    ck_assert_msg(strstr(output, "'6900x'") != NULL, "output: %s", output);
    ck_assert_int_eq(group("list"), 0);
    ck_assert_msg(strstr(output, "Parc") == NULL, "output: %s", output);
}
END_TEST

START_TEST(group_taken_name_exits_1)
{
    ck_assert_int_eq(group("add Parc --kind SCoT 69001"), 0);
    ck_assert_int_eq(group("add Parc --kind PETR 69002"), 1);
    ck_assert_msg(strstr(output, "already exists") != NULL, "output: %s",
                  output);
    ck_assert_int_eq(group("show Parc"), 0);
    ck_assert_msg(strstr(output, "69002") == NULL, "output: %s", output);
}
END_TEST

START_TEST(group_usage_errors_exit_2)
{
    ck_assert_int_eq(group("add Parc 69001"), 2);
    ck_assert_msg(strstr(output, "--kind") != NULL, "output: %s", output);
    ck_assert_int_eq(group("add Parc --kind SCoT"), 2);
    ck_assert_int_eq(group("rename Parc"), 2);
    ck_assert_int_eq(group("add '' --kind SCoT 69001"), 2);
}
END_TEST

START_TEST(group_unknown_name_exits_3)
{
    ck_assert_int_eq(group("show Absent"), 3);
    ck_assert_msg(strstr(output, "'Absent'") != NULL, "output: %s", output);
    ck_assert_int_eq(group("remove Absent"), 3);
}
END_TEST

START_TEST(group_remove_deletes_it)
{
    ck_assert_int_eq(group("add Parc --kind SCoT 69001"), 0);
    ck_assert_int_eq(group("remove Parc"), 0);
    ck_assert_int_eq(group("show Parc"), 3);
    ck_assert_int_eq(group("add Parc --kind SCoT 69002"), 0);
}
END_TEST

START_TEST(group_show_sums_population)
{
    char *meta = write_file("population.json", population_meta);
    char *data = write_file("population.csv",
                            "code;year;value\n01001;2020;50\n"
                            "69001;2020;100\n69002;2020;300\n");

    ck_assert_int_eq(run("'%s' import indicator --quiet --meta '%s'"
                         " --store '%s' '%s'",
                         terrish_bin, meta, store_path, data),
                     0);
    ck_assert_int_eq(group("add Parc --kind SCoT 69001 69002"), 0);
    ck_assert_int_eq(group("show Parc"), 0);
    ck_assert_msg(strstr(output, "Population   400 hab. (2020)") != NULL,
                  "output: %s", output);
    ck_assert_msg(strstr(output, "Communes     2") != NULL, "output: %s",
                  output);
    free(meta);
    free(data);
}
END_TEST

START_TEST(export_group_writes_its_total)
{
    ck_assert_int_eq(group("add Parc --kind SCoT 01001 69002"), 0);
    ck_assert_int_eq(run("'%s' export indicator pop_t --territory group:Parc"
                         " --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_msg(strstr(output, "\nParc;Parc;group;2020;;350;hab.;\n") !=
                      NULL,
                  "output: %s", output);
}
END_TEST

START_TEST(export_group_mesh_lists_units)
{
    ck_assert_int_eq(group("add Parc --kind SCoT 01001 69002"), 0);
    ck_assert_int_eq(run("'%s' export indicator pop_t --territory group:Parc"
                         " --mesh commune --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_msg(strstr(output, "\n01001;Commune Un;commune;2020;;50;") !=
                      NULL,
                  "output: %s", output);
    ck_assert_msg(strstr(output, "69001") == NULL, "output: %s", output);
    ck_assert_msg(strstr(output, "\n69002;") != NULL, "output: %s", output);
}
END_TEST

START_TEST(export_unknown_group_exits_3)
{
    ck_assert_int_eq(run("'%s' export indicator pop_t --territory group:None"
                         " --store '%s'",
                         terrish_bin, store_path),
                     3);
    ck_assert_msg(strstr(output, "'None'") != NULL, "output: %s", output);
}
END_TEST

static Suite *
cli_group_suite(void)
{
    Suite *suite = suite_create("cli-group");
    TCase *groups = tcase_create("group");

    tcase_add_checked_fixture(groups, setup, teardown);
    tcase_set_timeout(groups, 60);
    tcase_add_test(groups, group_add_then_list);
    tcase_add_test(groups, group_list_aligned_with_accents);
    tcase_add_test(groups, group_epci_code_adds_its_communes);
    tcase_add_test(groups, group_short_code_is_normalised);
    tcase_add_test(groups, group_unknown_commune_exits_5);
    tcase_add_test(groups, group_unknown_epci_exits_5);
    tcase_add_test(groups, group_invalid_code_exits_5);
    tcase_add_test(groups, group_taken_name_exits_1);
    tcase_add_test(groups, group_usage_errors_exit_2);
    tcase_add_test(groups, group_unknown_name_exits_3);
    tcase_add_test(groups, group_remove_deletes_it);
    tcase_add_test(groups, group_show_sums_population);
    tcase_add_test(groups, export_group_writes_its_total);
    tcase_add_test(groups, export_group_mesh_lists_units);
    tcase_add_test(groups, export_unknown_group_exits_3);
    suite_add_tcase(suite, groups);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(cli_group_suite());
    int failed;

    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
