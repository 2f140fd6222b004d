/*
 * terrish: tests of "terrish territories", "terrish indicators" and the
 * command table (help, unknown commands, exit statuses), running the built
 * binary ($TERRISH_BIN) on a store of the bundled data.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/cli-run.h"

static char scratch[4096];
static char store_path[4200];
static char output[65536];
static const char *terrish_bin;

/* Run a shell command, keeping its merged output in output. */
#define run(...) cli_run(output, sizeof output, __VA_ARGS__)

/* Run "terrish ARGS --store STORE" keeping only its standard output. */
static int
query(const char *args)
{
    return run("('%s' %s --store '%s' 2>/dev/null)", terrish_bin, args,
               store_path);
}

/* Run it keeping only its standard error. */
static int
query_stderr(const char *args)
{
    return run("('%s' %s --store '%s' 2>&1 >/dev/null)", terrish_bin, args,
               store_path);
}

/* Create one store of the bundled data for every test. */
static void
store_setup(void)
{
    const char *tmp = getenv("TERRISH_TEST_TMP");
    const char *data = getenv("TERRISH_DATA");

    terrish_bin = getenv("TERRISH_BIN");
    ck_assert_ptr_nonnull(terrish_bin);
    ck_assert_ptr_nonnull(data);
    mkdir(tmp != NULL ? tmp : "/tmp", 0755);
    snprintf(scratch, sizeof scratch, "%s/cli-query-XXXXXX",
             tmp != NULL ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(scratch));
    snprintf(store_path, sizeof store_path, "%s/store.db", scratch);
    ck_assert_int_eq(run("'%s' init --quiet --store '%s' --data '%s'",
                         terrish_bin, store_path, data),
                     0);
}

static void
store_teardown(void)
{
    char command[4300];

    snprintf(command, sizeof command, "rm -rf '%s'", scratch);
    ck_assert_int_eq(system(command), 0);
}

/* Count the lines of output and check each has tabs tab characters. */
static int
check_columns(const char *text, int tabs)
{
    const char *line = text;
    int lines = 0;

    while (*line != '\0') {
        const char *end = strchr(line, '\n');
        int count = 0;
        const char *p;

        ck_assert_ptr_nonnull(end);
        for (p = line; p < end; p++)
            count += *p == '\t';
        ck_assert_msg(count == tabs, "%d tabs, expected %d: %.*s", count,
                      tabs, (int)(end - line), line);
        lines++;
        line = end + 1;
    }
    return lines;
}

START_TEST(search_finds_grenoble)
{
    ck_assert_int_eq(query("territories search grenoble"), 0);
    ck_assert_msg(strncmp(output, "commune\t38185\tGrenoble\t", 23) == 0,
                  "output: %s", output);
    ck_assert_int_ge(check_columns(output, 3), 1);
}
END_TEST

START_TEST(search_limit_applies)
{
    ck_assert_int_eq(query("territories search saint --limit 3"), 0);
    ck_assert_int_eq(check_columns(output, 3), 3);
    ck_assert_int_eq(query("territories search saint --limit 0"), 2);
    ck_assert_int_eq(query("territories search saint --limit 1001"), 2);
}
END_TEST

START_TEST(search_nothing_exits_3)
{
    ck_assert_int_eq(query("territories search zzqqxxw"), 3);
    ck_assert_str_eq(output, "");
    ck_assert_int_eq(query_stderr("territories search zzqqxxw"), 3);
    ck_assert_msg(strstr(output, "zzqqxxw") != NULL, "stderr: %s", output);
}
END_TEST

START_TEST(show_lists_fields_and_parents)
{
    static const char *const names[] = {
        "level\t", "code\t", "name\t", "kind\t", "population\t",
        "population_year\t", "area_km2\t", "communes\t",
    };
    const char *line = output;
    size_t i;

    ck_assert_int_eq(query("territories show 38185"), 0);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_assert_msg(strncmp(line, names[i], strlen(names[i])) == 0,
                      "line %zu is not %s: %s", i + 1, names[i], output);
        line = strchr(line, '\n') + 1;
    }
    ck_assert(strstr(output, "code\t38185\n") != NULL);
    ck_assert(strstr(output, "name\tGrenoble\n") != NULL);
    ck_assert(strstr(output, "communes\t1\n") != NULL);
    ck_assert(strncmp(line, "parent\tregion:84\t", 17) == 0);
    ck_assert(strstr(line, "parent\tdepartement:38\t") != NULL);
    ck_assert(strstr(line, "parent\tepci:200040715\t") != NULL);
}
END_TEST

START_TEST(show_code_forms)
{
    ck_assert_int_eq(query("territories show commune:38185"), 0);
    ck_assert(strstr(output, "name\tGrenoble\n") != NULL);
    /* Leading zeros are restored, as in the data files. */
    ck_assert_int_eq(query("territories show departement:1"), 0);
    ck_assert(strstr(output, "code\t01\n") != NULL);
    ck_assert_int_eq(query("territories show 200040715"), 0);
    ck_assert(strstr(output, "level\tepci\n") != NULL);
    ck_assert_int_eq(query("territories show commune:99999"), 3);
    ck_assert_int_eq(query("territories show canton:38"), 2);
}
END_TEST

START_TEST(show_ambiguous_code_exits_2)
{
    ck_assert_int_eq(query_stderr("territories show 84"), 2);
    ck_assert_msg(strstr(output, "region:84") != NULL &&
                      strstr(output, "departement:84") != NULL,
                  "stderr: %s", output);
}
END_TEST

START_TEST(territories_json_parses)
{
    json_error_t error;
    json_t *value = NULL;

    ck_assert_int_eq(query("territories show 38185 --format json"), 0);
    value = json_loads(output, 0, &error);
    ck_assert_msg(value != NULL, "%s: %s", error.text, output);
    ck_assert_str_eq(json_string_value(json_object_get(value, "code")),
                     "38185");
    ck_assert_int_eq(json_array_size(json_object_get(value, "parents")), 3);
    json_decref(value);

    ck_assert_int_eq(query("territories search grenoble --format json"), 0);
    value = json_loads(output, 0, &error);
    ck_assert_msg(json_is_array(value), "%s", output);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(value, 0), "code")),
                     "38185");
    json_decref(value);
}
END_TEST

START_TEST(indicators_list_columns)
{
    char first[64];

    ck_assert_int_eq(query("indicators list"), 0);
    ck_assert_int_ge(check_columns(output, 7), 2);
    snprintf(first, sizeof first, "%.*s", (int)strcspn(output, "\t"),
             output);
    ck_assert_int_eq(run("('%s' indicators show '%s' --store '%s' "
                         "2>/dev/null)",
                         terrish_bin, first, store_path),
                     0);
    ck_assert_msg(strncmp(output, "id\t", 3) == 0 &&
                      strncmp(output + 3, first, strlen(first)) == 0,
                  "output: %s", output);
}
END_TEST

START_TEST(indicators_show_fields)
{
    ck_assert_int_eq(query("indicators show population"), 0);
    ck_assert(strstr(output, "level\tcommune\n") != NULL);
    ck_assert(strstr(output, "aggregation\tsum\n") != NULL);
    ck_assert(strstr(output, "published\tyes\n") != NULL);
    ck_assert_msg(strstr(output, "\nyears\t") != NULL, "output: %s", output);
    ck_assert(strstr(output, "\ncategories") != NULL);
}
END_TEST

START_TEST(indicators_unknown_exits_3)
{
    ck_assert_int_eq(query("indicators show no_such_indicator"), 3);
    ck_assert_str_eq(output, "");
    ck_assert_int_eq(query_stderr("indicators show no_such_indicator"), 3);
    ck_assert(strstr(output, "no_such_indicator") != NULL);
}
END_TEST

START_TEST(indicators_json_parses)
{
    json_error_t error;
    json_t *value = NULL;

    ck_assert_int_eq(query("indicators show population --format json"), 0);
    value = json_loads(output, 0, &error);
    ck_assert_msg(value != NULL, "%s: %s", error.text, output);
    ck_assert(json_is_true(json_object_get(value, "published")));
    ck_assert_int_gt(json_array_size(json_object_get(value, "years")), 0);
    json_decref(value);

    ck_assert_int_eq(query("indicators list --format json"), 0);
    value = json_loads(output, 0, &error);
    ck_assert_msg(json_is_array(value), "%s", output);
    ck_assert_int_gt(json_array_size(value), 1);
    json_decref(value);
}
END_TEST

/*
 * Count the flows of the bundled sample that start or end in commune code
 * and add up their weights, reading the TSV that the store was built from.
 */
static size_t
sample_flows(const char *code, double *total)
{
    char path[4200];
    char line[256];
    size_t rows = 0;
    FILE *file;

    snprintf(path, sizeof path, "%s/indicators/commuting_flows_sample.tsv",
             getenv("TERRISH_DATA"));
    file = fopen(path, "r");
    ck_assert_ptr_nonnull(file);
    *total = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        char origin[16];
        char destination[16];
        char mode[16];
        double weight;

        if (line[0] == '#' ||
            sscanf(line, "%15s %15s %15s %lf", origin, destination, mode,
                   &weight) != 4)
            continue;
        if (strcmp(origin, code) == 0 || strcmp(destination, code) == 0) {
            rows++;
            *total += weight;
        }
    }
    fclose(file);
    return rows;
}

/*
 * Split one CSV line at separator into fields, in place. A field in
 * double quotes may contain the separator, and "" in it is a quote.
 * Returns the number of fields, at most max.
 */
static size_t
csv_split(char *line, char separator, char **fields, size_t max)
{
    size_t count = 0;
    char *read = line;

    while (count < max) {
        /* Unquoting only shortens a field, so it is written in place. */
        char *write = read;
        int quoted = *read == '"';

        fields[count++] = write;
        if (quoted)
            read++;
        while (*read != '\0' && (quoted || *read != separator)) {
            if (quoted && read[0] == '"' && read[1] == '"') {
                *write++ = '"';
                read += 2;
            } else if (quoted && *read == '"') {
                quoted = 0;
                read++;
            } else {
                *write++ = *read++;
            }
        }
        if (*read == '\0') {
            *write = '\0';
            break;
        }
        *write = '\0';
        read++;
    }
    return count;
}

/* A flow indicator is written as flows, one row per origin, destination
 * and mode, with the weights of the source file. */
START_TEST(export_flows_rows)
{
    static const char *const codes[] = {"69123", "01004"};
    size_t i;

    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char args[256];
        double expected;
        size_t rows = sample_flows(codes[i], &expected);
        double total = 0;
        size_t lines = 0;
        char *save = NULL;
        char *line;

        snprintf(args, sizeof args,
                 "export indicator commuting_flows_sample --territory "
                 "commune:%s --separator ,",
                 codes[i]);
        ck_assert_int_eq(query(args), 0);
        ck_assert(rows > 0);
        line = strtok_r(output, "\n", &save);
        ck_assert_str_eq(line, "direction,origin_code,origin_name,"
                               "destination_code,destination_name,year,"
                               "category,category_name,value,unit");
        while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
            char copy[512];
            char *fields[12];

            /* The mode's name may contain a comma, in quotes. */
            snprintf(copy, sizeof copy, "%s", line);
            ck_assert_uint_eq(csv_split(copy, ',', fields, 12), 10);
            total += strtod(fields[8], NULL);
            lines++;
            ck_assert_msg(strncmp(line, "inbound,", 8) == 0 ||
                              strncmp(line, "outbound,", 9) == 0 ||
                              strncmp(line, "internal,", 9) == 0,
                          "%s", line);
        }
        ck_assert_uint_eq(lines, rows);
        ck_assert_double_eq_tol(total, expected, 1e-6);
    }
    ck_assert_int_eq(query_stderr("export indicator commuting_flows_sample "
                                  "--territory commune:69123 --mesh commune"),
                     2);
    ck_assert(strstr(output, "--mesh") != NULL);
}
END_TEST

/* The names of the categories of indicator id in the bundled catalogue,
 * "fr" or "en", as an object from category id to name. */
static json_t *
catalogue_category_names(const char *id, const char *lang)
{
    char path[4200];
    json_error_t error;
    json_t *catalogue;
    json_t *names = json_object();
    json_t *entry;
    size_t i;

    snprintf(path, sizeof path, "%s/indicators/catalogue.json",
             getenv("TERRISH_DATA"));
    catalogue = json_load_file(path, 0, &error);
    ck_assert_msg(catalogue != NULL, "%s: %s", path, error.text);
    json_array_foreach(catalogue, i, entry)
    {
        json_t *category;
        size_t j;

        if (strcmp(json_string_value(json_object_get(entry, "id")), id) != 0)
            continue;
        json_array_foreach(json_object_get(entry, "categories"), j, category)
        {
            json_object_set(names,
                            json_string_value(json_object_get(category, "id")),
                            json_object_get(json_object_get(category, "name"),
                                            lang));
        }
    }
    json_decref(catalogue);
    ck_assert_int_gt(json_object_size(names), 1);
    return names;
}

/*
 * Each flow row names its transport mode next to its code, in the
 * language of the messages: the catalogue's French name when they are
 * French, its English name otherwise.
 */
START_TEST(export_flows_mode_names)
{
    static const char *const langs[] = {"fr", "en"};
    size_t l;

    for (l = 0; l < 2; l++) {
        json_t *names = catalogue_category_names("commuting_flows_sample",
                                                 langs[l]);
        char *save = NULL;
        char *line;
        size_t lines = 0;

        ck_assert_int_eq(
            run("(LC_ALL=C.UTF-8 LANGUAGE=%s '%s' export indicator "
                "commuting_flows_sample --territory commune:01004 "
                "--store '%s' 2>/dev/null)",
                langs[l], terrish_bin, store_path),
            0);
        line = strtok_r(output, "\n", &save);
        ck_assert_ptr_nonnull(line);
        while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
            char copy[512];
            char *fields[12];
            const char *expected;

            snprintf(copy, sizeof copy, "%s", line);
            ck_assert_uint_eq(csv_split(copy, ';', fields, 12), 10);
            expected = json_string_value(json_object_get(names, fields[6]));
            ck_assert_msg(expected != NULL, "mode %s: %s", fields[6], line);
            ck_assert_str_eq(fields[7], expected);
            lines++;
        }
        ck_assert_uint_gt(lines, 0);
        json_decref(names);
    }
}
END_TEST

/*
 * The Enedis file leaves some power bands blank without saying why. A
 * technology with blank bands is exported with the sum of the bands
 * given, flagged partial (a lower bound), never as secret, so that the
 * technologies add up to the total of the département.
 */
START_TEST(export_capacity_lower_bounds)
{
    char path[4096];
    char line[256];
    char expected[256];
    double categories = 0;
    double total = -1;
    int partial = 0;
    char *save = NULL;
    char *row;
    FILE *file;

    ck_assert_int_eq(query("export indicator production_capacity --territory "
                           "departement:42"),
                     0);
    ck_assert_msg(strstr(output, "secret") == NULL, "%s", output);
    snprintf(path, sizeof path, "%s/indicators/production_capacity.tsv",
             getenv("TERRISH_DATA"));
    file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (fgets(line, sizeof line, file) != NULL) {
        char category[64] = "";
        char value[64] = "";
        char flag[8] = "";
        char *comma;

        if (strncmp(line, "42\t2020\t", 8) != 0)
            continue;
        line[strcspn(line, "\n")] = '\0';
        ck_assert_int_ge(
            sscanf(line + 8, "%63[^\t]\t%63[^\t]\t%7s", category, value, flag),
            2);
        if (strcmp(flag, "nd") != 0 || value[0] == '\0')
            continue;
        comma = strchr(value, '.');
        if (comma != NULL)
            *comma = ',';
        snprintf(expected, sizeof expected, ";%s;%s;MW;partial\n", category,
                 value);
        ck_assert_msg(strstr(output, expected) != NULL, "no %s in:\n%s",
                      expected, output);
        partial++;
    }
    fclose(file);
    ck_assert_int_gt(partial, 0);

    for (row = strtok_r(output, "\n", &save); row != NULL;
         row = strtok_r(NULL, "\n", &save)) {
        char fields[8][64];
        int n = 0;
        const char *start = row;

        while (n < 8) {
            size_t length = strcspn(start, ";");

            snprintf(fields[n++], sizeof fields[0], "%.*s", (int)length, start);
            if (start[length] == '\0')
                break;
            start += length + 1;
        }
        if (n < 8 || strcmp(fields[0], "42") != 0 || fields[5][0] == '\0')
            continue;
        if (strchr(fields[5], ',') != NULL)
            *strchr(fields[5], ',') = '.';
        if (fields[4][0] == '\0')
            total = strtod(fields[5], NULL);
        else
            categories += strtod(fields[5], NULL);
    }
    ck_assert_double_ge(total, 0);
    ck_assert_double_eq_tol(categories, total, 1e-6);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
    static const char *const args[] = {
        "territories",
        "territories frob x",
        "territories search",
        "territories search a b",
        "territories search ''",
        "territories search x --format xml",
        "indicators",
        "indicators list extra",
        "indicators show",
        "indicators list --format csv",
    };
    size_t i;

    for (i = 0; i < sizeof args / sizeof args[0]; i++)
        ck_assert_msg(query_stderr(args[i]) == 2 && output[0] != '\0',
                      "terrish %s: %s", args[i], output);
}
END_TEST

START_TEST(help_lists_commands)
{
    ck_assert_int_eq(run("'%s' help", terrish_bin), 0);
    ck_assert(strstr(output, "territories") != NULL);
    ck_assert(strstr(output, "indicators") != NULL);
    ck_assert(strstr(output, "4 permission denied") != NULL);
    ck_assert(strstr(output, "5 invalid input") != NULL);
    ck_assert_int_eq(run("'%s' help territories", terrish_bin), 0);
    ck_assert(strstr(output, "Usage: terrish territories") != NULL);
    ck_assert(strstr(output, "population_year") != NULL);
    ck_assert_int_eq(run("'%s' indicators --help", terrish_bin), 0);
    ck_assert(strstr(output, "first_year") != NULL);
    ck_assert_int_eq(run("'%s' help nothing", terrish_bin), 2);
    ck_assert_int_eq(run("'%s' help export extra", terrish_bin), 2);
    ck_assert_int_eq(run("'%s'", terrish_bin), 2);
}
END_TEST

static Suite *
query_suite(void)
{
    Suite *suite = suite_create("cli-query");
    TCase *tc = tcase_create("query");

    tcase_add_unchecked_fixture(tc, store_setup, store_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, search_finds_grenoble);
    tcase_add_test(tc, export_flows_rows);
    tcase_add_test(tc, export_flows_mode_names);
    tcase_add_test(tc, export_capacity_lower_bounds);
    tcase_add_test(tc, search_limit_applies);
    tcase_add_test(tc, search_nothing_exits_3);
    tcase_add_test(tc, show_lists_fields_and_parents);
    tcase_add_test(tc, show_code_forms);
    tcase_add_test(tc, show_ambiguous_code_exits_2);
    tcase_add_test(tc, territories_json_parses);
    tcase_add_test(tc, indicators_list_columns);
    tcase_add_test(tc, indicators_show_fields);
    tcase_add_test(tc, indicators_unknown_exits_3);
    tcase_add_test(tc, indicators_json_parses);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_test(tc, help_lists_commands);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(query_suite());
    int failed;

    /* The help text is checked in English, the language of the C locale. */
    setenv("LC_ALL", "C", 1);
    unsetenv("LANGUAGE");
    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
