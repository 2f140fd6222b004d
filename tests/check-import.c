/*
 * terrish: tests of reading indicator files in each published layout.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The fixtures in tests/fixtures/import/ copy real rows where they exist.
 * ademe-igt-dep01.csv has rows of ADEME/CITEPA "IGT - Pouvoir de
 * réchauffement global" 2016 for département 01. comparateur-ara.csv has
 * rows of INSEE's base_cc_comparateur.CSV (January 2022 edition).
 * mobpro-01001.csv has records of INSEE RP2021 MOBPRO, six columns kept.
 * The observatory, long and wide files are written for these tests in the
 * published layouts.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"

static struct import_batch batch;
static char *error;
static char *warning;

/* Path of a fixture, in a static buffer. */
static const char *
fixture(const char *name)
{
    static char path[4096];
    const char *srcdir = getenv("srcdir");

    snprintf(path, sizeof path, "%s/tests/fixtures/import/%s",
             srcdir != NULL ? srcdir : ".", name);
    return path;
}

static void *
load_meta(const char *name)
{
    void *meta = NULL;
    char *meta_error = NULL;

    ck_assert_msg(import_meta_load(fixture(name), &meta, &meta_error) == 0,
                  "meta: %s", meta_error);
    return meta;
}

/* Read data with the meta fixture; returns import_read's result. */
static int
read_with(FILE *in, const char *meta_name, enum import_format *format)
{
    void *meta = load_meta(meta_name);
    int rc;

    free(error);
    free(warning);
    error = NULL;
    warning = NULL;
    rc = import_read(in, "test.csv", meta, format, NULL, NULL, &batch,
                     &error, &warning);
    json_decref(meta);
    return rc;
}

/* Read a fixture file, expecting success and the given format. */
static void
read_fixture(const char *name, const char *meta_name,
             enum import_format expected)
{
    enum import_format format = IMPORT_FORMAT_AUTO;
    FILE *in = fopen(fixture(name), "rb");

    ck_assert_ptr_nonnull(in);
    ck_assert_msg(read_with(in, meta_name, &format) == 0, "%s", error);
    ck_assert_str_eq(import_format_name(format),
                     import_format_name(expected));
    fclose(in);
}

/* Read text, expecting failure with a message that contains needle. */
static void
expect_rejected(const char *text, const char *meta_name, const char *needle)
{
    enum import_format format = IMPORT_FORMAT_AUTO;
    FILE *in = fmemopen((void *)text, strlen(text), "rb");

    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(read_with(in, meta_name, &format), -1);
    ck_assert_msg(strstr(error, needle) != NULL, "error '%s' lacks '%s'",
                  error, needle);
    ck_assert_uint_eq(batch.count, 0);
    fclose(in);
}

/* Find the row (code, year, category); fails the test when absent. */
static const struct import_row *
find_row(const char *code, int year, const char *category)
{
    size_t i;

    for (i = 0; i < batch.count; i++) {
        const struct import_row *row = &batch.rows[i];

        if (strcmp(row->code, code) == 0 && row->year == year &&
            ((category == NULL && row->category == NULL) ||
             (category != NULL && row->category != NULL &&
              strcmp(row->category, category) == 0)))
            return row;
    }
    ck_abort_msg("no row %s %d %s", code, year, category ? category : "-");
    return NULL;
}

static void
expect_value(const char *code, int year, const char *category, double value)
{
    const struct import_row *row = find_row(code, year, category);

    ck_assert_int_eq(row->flag, VALUE_PRESENT);
    ck_assert_msg(fabs(row->value - value) < 1e-9 * fmax(1, fabs(value)),
                  "%s %d %s: %.17g, expected %.17g", code, year,
                  category ? category : "-", row->value, value);
}

static void
expect_flag(const char *code, int year, const char *category,
            enum value_flag flag)
{
    ck_assert_int_eq(find_row(code, year, category)->flag, flag);
}

static void
teardown(void)
{
    import_batch_clear(&batch);
    free(error);
    free(warning);
    error = NULL;
    warning = NULL;
}

START_TEST(test_ademe_inventory_read)
{
    read_fixture("ademe-igt-dep01.csv", "ghg_emissions.json",
                 IMPORT_FORMAT_ADEME);
    ck_assert_str_eq(batch.indicator_id, "ghg_emissions");
    ck_assert_int_eq(batch.level, LEVEL_COMMUNE);
    /* 3 communes x 8 sectors; biomass and international are left out. */
    ck_assert_uint_eq(batch.count, 24);
    ck_assert_ptr_nonnull(warning);
    ck_assert_ptr_nonnull(strstr(warning, "CO2 biomasse hors-total"));
    expect_value("01001", 2016, "agriculture", 3711.42599095982);
    expect_value("01001", 2016, "industrie", 6.91121335068922);
    expect_value("01002", 2016, "residentiel", 104.86644432914096);
    expect_flag("01001", 2016, "autres_transports", VALUE_NOT_ESTIMATED);
    expect_flag("01026", 2016, "agriculture", VALUE_NOT_ESTIMATED);
    ck_assert_int_eq(find_row("01026", 2016, "routier")->line, 4);
}
END_TEST

START_TEST(test_comparateur_columns_read)
{
    read_fixture("comparateur-ara.csv", "population.json",
                 IMPORT_FORMAT_COMPARATEUR);
    ck_assert_uint_eq(batch.count, 6);
    expect_value("69123", 2018, NULL, 518635);
    expect_value("69123", 2013, NULL, 500715);
    expect_value("01006", 2018, NULL, 112);
}
END_TEST

START_TEST(test_mobpro_flows_summed)
{
    read_fixture("mobpro-01001.csv", "commuting_flows.json",
                 IMPORT_FORMAT_MOBPRO);
    /* 01001 to 01001 by car: lines 2, 4, 5, 8, 10, 11 and 12. */
    expect_value("01001", 2021, "01001:5",
                 4.843533072555049 * 2 + 4.760069224241159 +
                     4.801619801198707 * 2 + 4.928460389916803 * 2);
    expect_value("01001", 2021, "01004:5", 4.843533072555049);
    expect_value("01004", 2021, "99999:6", 3.618116720086704);
    expect_value("01004", 2021, "97602:5", 4.122515717380713);
}
END_TEST

START_TEST(test_observatory_cp1252_summed)
{
    read_fixture("observatory-cp1252.csv", "energy_consumption.json",
                 IMPORT_FORMAT_OBSERVATORY);
    /* GWh in the file, MWh in the store (import.factor 1000). */
    expect_value("01001", 2019, "residentiel", 1750);
    expect_value("01001", 2019, "transport_routier", 12500);
    expect_value("69123", 2019, "residentiel", 1234500);
    expect_value("69123", 2019, "transport_routier", 2345750);
    expect_flag("2A004", 2019, "residentiel", VALUE_SECRET);
    expect_value("2B033", 2019, "industrie", 1234500);
    ck_assert_uint_eq(batch.count, 6);
}
END_TEST

START_TEST(test_long_bom_read)
{
    read_fixture("long-bom.csv", "dwellings.json", IMPORT_FORMAT_LONG);
    ck_assert_uint_eq(batch.count, 5);
    expect_value("01001", 2018, "principales", 311);
    expect_value("01001", 2018, "secondaires", 16.2782608695653);
    expect_flag("01001", 2018, "vacants", VALUE_SECRET);
    expect_value("2A004", 2018, "principales", 1021);
    expect_flag("2B033", 2018, "principales", VALUE_NOT_ESTIMATED);
}
END_TEST

START_TEST(test_wide_categories_matched)
{
    read_fixture("wide-dwellings.tsv", "dwellings.json", IMPORT_FORMAT_WIDE);
    ck_assert_uint_eq(batch.count, 6);
    expect_value("01001", 2018, "vacants", 26.4521739130436);
    expect_value("01006", 2018, "principales", 53.9636363636365);
    ck_assert_ptr_null(warning);
}
END_TEST

START_TEST(test_truncated_line_rejected)
{
    expect_rejected("code;year;category;value\n"
                    "01001;2018;principales;311\n"
                    "01002;2018\n",
                    "dwellings.json",
                    "test.csv: line 3: 2 fields where the header has 4");
}
END_TEST

START_TEST(test_duplicate_key_names_both_lines)
{
    expect_rejected("code;year;category;value\n"
                    "01001;2018;principales;311\n"
                    "01002;2018;principales;12\n"
                    "1001;2018;principales;311\n",
                    "dwellings.json",
                    "line 4: duplicate value for code 01001, year 2018, "
                    "category principales, already given on line 2");
}
END_TEST

START_TEST(test_bad_number_named)
{
    expect_rejected("code;year;category;value\n"
                    "01001;2018;principales;NaN\n",
                    "dwellings.json",
                    "line 2, column 4 (value): invalid value 'NaN': not a "
                    "number; expected a number");
    expect_rejected("code;year;category;value\n"
                    "01001;2018;principales;3e20\n",
                    "dwellings.json", "above 1e15");
    expect_rejected("code;year;category;value\n"
                    "01001;2018;principales;12 34\n",
                    "dwellings.json", "groups of 3");
}
END_TEST

START_TEST(test_bad_code_and_year_named)
{
    expect_rejected("code;year;category;value\n"
                    "101;2018;principales;1\n",
                    "dwellings.json",
                    "line 2, column 1 (code): invalid territory code '101'");
    expect_rejected("code;year;category;value\n"
                    "01001;18;principales;1\n",
                    "dwellings.json",
                    "line 2, column 2 (year): invalid year '18'");
}
END_TEST

START_TEST(test_unknown_category_rejected)
{
    expect_rejected("code;year;category;value\n"
                    "01001;2018;garages;1\n",
                    "dwellings.json",
                    "unknown category 'garages'; expected one of the "
                    "categories of the meta file: principales, "
                    "secondaires, vacants");
}
END_TEST

START_TEST(test_observatory_duplicate_rejected)
{
    expect_rejected("code insee;année;secteur;énergie;usage;valeur\n"
                    "1001;2019;Résidentiel;Gaz;Chauffage;1\n"
                    "1001;2019;Résidentiel;Gaz;Chauffage;2\n",
                    "energy_consumption.json",
                    "line 3: the same code, year, sector, energy and use "
                    "were already given on line 2");
}
END_TEST

START_TEST(test_mobpro_bad_mode_rejected)
{
    expect_rejected("COMMUNE;DCLT;TRANS;IPONDI\n"
                    "1001;1004;7;1,5\n",
                    "commuting_flows.json",
                    "line 2, column 3 (TRANS): invalid transport mode '7'");
}
END_TEST

START_TEST(test_unrecognised_header_rejected)
{
    expect_rejected("foo;bar\n1;2\n", "dwellings.json",
                    "line 1: unrecognised header");
    expect_rejected("", "dwellings.json", "the file is empty");
    expect_rejected("code;year;category;value\n", "dwellings.json",
                    "no value found");
}
END_TEST

START_TEST(test_meta_invalid_rejected)
{
    char path[] = "/tmp/check-import-meta.XXXXXX";
    void *meta = NULL;
    char *meta_error = NULL;
    int fd = mkstemp(path);
    FILE *file = fdopen(fd, "w");

    ck_assert_ptr_nonnull(file);
    fputs("{\"id\": \"x\", \"native_level\": \"canton\"}", file);
    fclose(file);
    ck_assert_int_eq(import_meta_load(path, &meta, &meta_error), -1);
    ck_assert_ptr_nonnull(strstr(meta_error, "native_level"));
    free(meta_error);
    unlink(path);
}
END_TEST

static Suite *
import_suite(void)
{
    Suite *suite = suite_create("import");
    TCase *formats = tcase_create("formats");
    TCase *hostile = tcase_create("hostile");

    tcase_add_checked_fixture(formats, NULL, teardown);
    tcase_add_test(formats, test_ademe_inventory_read);
    tcase_add_test(formats, test_comparateur_columns_read);
    tcase_add_test(formats, test_mobpro_flows_summed);
    tcase_add_test(formats, test_observatory_cp1252_summed);
    tcase_add_test(formats, test_long_bom_read);
    tcase_add_test(formats, test_wide_categories_matched);
    suite_add_tcase(suite, formats);

    tcase_add_checked_fixture(hostile, NULL, teardown);
    tcase_add_test(hostile, test_truncated_line_rejected);
    tcase_add_test(hostile, test_duplicate_key_names_both_lines);
    tcase_add_test(hostile, test_bad_number_named);
    tcase_add_test(hostile, test_bad_code_and_year_named);
    tcase_add_test(hostile, test_unknown_category_rejected);
    tcase_add_test(hostile, test_observatory_duplicate_rejected);
    tcase_add_test(hostile, test_mobpro_bad_mode_rejected);
    tcase_add_test(hostile, test_unrecognised_header_rejected);
    tcase_add_test(hostile, test_meta_invalid_rejected);
    suite_add_tcase(suite, hostile);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(import_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
