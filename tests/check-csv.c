/*
 * terrish: tests of the streaming CSV reader and of cell parsing.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"

static FILE *input;
static struct csv_reader *reader;

/* Open a reader on len bytes of data. */
static void
open_bytes(const char *data, size_t len)
{
    input = fmemopen((void *)data, len, "rb");
    ck_assert_ptr_nonnull(input);
    reader = csv_reader_create(input);
}

static void
open_text(const char *text)
{
    open_bytes(text, strlen(text));
}

static void
close_reader(void)
{
    csv_reader_free(reader);
    reader = NULL;
    if (input != NULL)
        fclose(input);
    input = NULL;
}

/* Read one record and check its fields, given as a NULL-ended list. */
static void
expect_record(long line, const char *const *fields)
{
    size_t i;

    ck_assert_msg(csv_read(reader) == 1, "csv_read: %s", csv_error(reader));
    ck_assert_int_eq(csv_line(reader), line);
    for (i = 0; fields[i] != NULL; i++)
        ck_assert_str_eq(csv_field(reader, i), fields[i]);
    ck_assert_uint_eq(csv_field_count(reader), i);
}

/* Read until an error and check that its message contains needle. */
static void
expect_error(const char *needle)
{
    int rc;

    while ((rc = csv_read(reader)) == 1)
        continue;
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(csv_error(reader), needle) != NULL,
                  "error '%s' lacks '%s'", csv_error(reader), needle);
}

START_TEST(test_separator_semicolon_detected)
{
    open_text("CODGEO;P18_POP\n01001;771\n");
    expect_record(1, (const char *[]){"CODGEO", "P18_POP", NULL});
    ck_assert_int_eq(csv_separator(reader), ';');
    expect_record(2, (const char *[]){"01001", "771", NULL});
    ck_assert_int_eq(csv_read(reader), 0);
    close_reader();
}
END_TEST

START_TEST(test_separator_comma_and_tab_detected)
{
    open_text("INSEE commune,Commune,\"Agriculture;x\"\n01001,A,1.5\n");
    expect_record(1, (const char *[]){"INSEE commune", "Commune",
                                      "Agriculture;x", NULL});
    ck_assert_int_eq(csv_separator(reader), ',');
    close_reader();

    open_text("code\tyear\tvalue\n01001\t2018\t1,5\n");
    expect_record(1, (const char *[]){"code", "year", "value", NULL});
    ck_assert_int_eq(csv_separator(reader), '\t');
    expect_record(2, (const char *[]){"01001", "2018", "1,5", NULL});
    close_reader();
}
END_TEST

START_TEST(test_quoted_fields_and_line_numbers)
{
    open_text("a;b;c\r\n"
              "\"x;y\";\"say \"\"hi\"\"\";\"two\r\nlines\"\r\n"
              "\r\n"
              "1;2;3\r\n"
              "last;\"\";end");
    expect_record(1, (const char *[]){"a", "b", "c", NULL});
    expect_record(2, (const char *[]){"x;y", "say \"hi\"", "two\r\nlines",
                                      NULL});
    expect_record(5, (const char *[]){"1", "2", "3", NULL});
    expect_record(6, (const char *[]){"last", "", "end", NULL});
    ck_assert_int_eq(csv_read(reader), 0);
    close_reader();
}
END_TEST

START_TEST(test_bom_stripped)
{
    open_text("\xef\xbb\xbf"
              "code;valeur\n01001;1\n");
    expect_record(1, (const char *[]){"code", "valeur", NULL});
    ck_assert_int_eq(csv_encoding(reader), CSV_ENCODING_UTF8);
    close_reader();
}
END_TEST

START_TEST(test_cp1252_converted)
{
    /* "Année", "Électricité", 0x80 (euro sign), 0x9F (Y with diaeresis),
     * 0x92 (right single quotation mark). */
    open_text("code;Ann\xe9"
              "e\n"
              "\xc9lectricit\xe9;\x80\x9f\x92\n");
    expect_record(1, (const char *[]){"code", "Ann\xc3\xa9"
                                              "e",
                                      NULL});
    ck_assert_int_eq(csv_encoding(reader), CSV_ENCODING_CP1252);
    expect_record(2, (const char *[]){"\xc3\x89lectricit\xc3\xa9",
                                      "\xe2\x82\xac\xc5\xb8\xe2\x80\x99",
                                      NULL});
    close_reader();
}
END_TEST

START_TEST(test_utf8_kept)
{
    open_text("code;Ann\xc3\xa9"
              "e\n01001;\xe2\x80\xaf\n");
    expect_record(1, (const char *[]){"code", "Ann\xc3\xa9"
                                              "e",
                                      NULL});
    ck_assert_int_eq(csv_encoding(reader), CSV_ENCODING_UTF8);
    close_reader();
}
END_TEST

START_TEST(test_cp1252_undefined_byte_rejected)
{
    open_text("code;nom\n01001;a\x81z\n");
    expect_error("line 2, field 2: byte 0x81 is neither valid UTF-8 nor a "
                 "Windows-1252 character");
    close_reader();
}
END_TEST

START_TEST(test_invalid_utf8_after_utf8_rejected)
{
    open_text("code;nom\n01001;\xc3\xa9\n01002;\xe9t\xe9\n");
    expect_error("line 3, field 2: invalid UTF-8");
    close_reader();
}
END_TEST

START_TEST(test_nul_byte_rejected)
{
    static const char data[] = "code;valeur\n01001;1\n01002;\0\n";

    open_bytes(data, sizeof data - 1);
    expect_error("line 3: NUL byte in field 2");
    close_reader();
}
END_TEST

START_TEST(test_unclosed_quote_rejected)
{
    open_text("code;nom\n01001;\"open\n01002;x\n");
    expect_error("the quoted field opened on line 2 is not closed");
    close_reader();
}
END_TEST

START_TEST(test_text_after_quote_rejected)
{
    open_text("code;nom\n01001;\"a\"b\n");
    expect_error("line 2: field 2 has text after its closing quote");
    close_reader();
}
END_TEST

/* Write size bytes of one unbroken line to a temporary file. */
static FILE *
temp_single_line(size_t size, const char *pattern)
{
    FILE *file = tmpfile();
    char chunk[65536];
    size_t plen = strlen(pattern);
    size_t i;

    ck_assert_ptr_nonnull(file);
    for (i = 0; i < sizeof chunk; i++)
        chunk[i] = pattern[i % plen];
    fputs("code;valeur\n", file);
    for (i = 0; i < size; i += sizeof chunk)
        ck_assert_uint_eq(fwrite(chunk, 1, sizeof chunk, file),
                          sizeof chunk);
    rewind(file);
    return file;
}

/* Maximum resident set size of this process, in KiB. */
static long
max_rss_kib(void)
{
    struct rusage usage;

    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

START_TEST(test_huge_field_rejected_quickly)
{
    long before = max_rss_kib();
    clock_t start;

    input = temp_single_line((size_t)100 * 1024 * 1024, "x");
    reader = csv_reader_create(input);
    start = clock();
    expect_record(1, (const char *[]){"code", "valeur", NULL});
    expect_error("line 2: field 1 is longer than 65536 bytes");
    ck_assert_msg((double)(clock() - start) / CLOCKS_PER_SEC < 1.0,
                  "took over a second to reject the field");
    ck_assert_msg(max_rss_kib() - before < 8 * 1024,
                  "memory grew by %ld KiB", max_rss_kib() - before);
    ck_assert_uint_lt(csv_bytes_read(reader), 1024 * 1024);
    close_reader();
}
END_TEST

START_TEST(test_huge_record_rejected)
{
    input = temp_single_line((size_t)4 * 1024 * 1024, "1;");
    reader = csv_reader_create(input);
    expect_record(1, (const char *[]){"code", "valeur", NULL});
    expect_error("line 2: record is longer than 1048576 bytes");
    close_reader();
}
END_TEST

struct number_case {
    const char *text;
    double value;
};

START_TEST(test_number_formats_accepted)
{
    static const struct number_case cases[] = {
        {"0", 0},
        {"1,25", 1.25},
        {"1.25", 1.25},
        {"-3,5", -3.5},
        {"+7", 7},
        {"1 234,5", 1234.5},
        {"1\xc2\xa0"
         "234\xc2\xa0"
         "567,25",
         1234567.25},
        {"12\xe2\x80\xaf"
         "345",
         12345},
        {"1.234,5", 1234.5},
        {"1.234.567", 1234567},
        {"1,234.5", 1234.5},
        {" 42 ", 42},
        {"3711.42599095982", 3711.42599095982},
        {"1e3", 1000},
        {"2,5E-2", 0.025},
        {",5", 0.5},
        {"1e15", 1e15},
    };
    const char *reason = NULL;
    double value;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(csv_parse_number(cases[i].text, &value, &reason) == 0,
                      "'%s' rejected: %s", cases[i].text, reason);
        ck_assert_msg(value == cases[i].value, "'%s' gave %.17g",
                      cases[i].text, value);
    }
}
END_TEST

START_TEST(test_number_garbage_rejected)
{
    static const char *const cases[] = {
        "", "abc", "NaN", "nan", "inf", "-Infinity", "1,2,3,4", "12 34",
        "1 234.567,8", "1.2.3", "1,", "1e", "1e5e5", "0x10", "1 234e5",
        "--1", "12a", "1.234,5,6", "5 %",
    };
    const char *reason = NULL;
    double value;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(csv_parse_number(cases[i], &value, &reason) == -1,
                      "'%s' accepted as %g", cases[i], value);
}
END_TEST

START_TEST(test_number_overflow_rejected)
{
    static const char *const cases[] = {
        "1e16", "-2e15", "1000000000000001", "1e400",
        "99999999999999999999999",
    };
    const char *reason = NULL;
    double value;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(csv_parse_number(cases[i], &value, &reason), -1);
        ck_assert_msg(strstr(reason, "above 1e15") != NULL, "%s: %s",
                      cases[i], reason);
    }
}
END_TEST

START_TEST(test_markers_classified)
{
    ck_assert_int_eq(csv_parse_marker(""), CSV_MARKER_EMPTY);
    ck_assert_int_eq(csv_parse_marker("  "), CSV_MARKER_EMPTY);
    ck_assert_int_eq(csv_parse_marker("s"), CSV_MARKER_SECRET);
    ck_assert_int_eq(csv_parse_marker("Secret"), CSV_MARKER_SECRET);
    ck_assert_int_eq(csv_parse_marker("nd"), CSV_MARKER_NOT_AVAILABLE);
    ck_assert_int_eq(csv_parse_marker("n.d."), CSV_MARKER_NOT_AVAILABLE);
    ck_assert_int_eq(csv_parse_marker("NA"), CSV_MARKER_NOT_AVAILABLE);
    ck_assert_int_eq(csv_parse_marker("12"), CSV_MARKER_NONE);
    ck_assert_int_eq(csv_parse_marker("sec"), CSV_MARKER_NONE);
}
END_TEST

struct code_case {
    enum territory_level level;
    const char *text;
    const char *code; /* NULL when invalid */
};

START_TEST(test_codes_normalised)
{
    static const struct code_case cases[] = {
        {LEVEL_COMMUNE, "1001", "01001"},
        {LEVEL_COMMUNE, "01001", "01001"},
        {LEVEL_COMMUNE, " 69123 ", "69123"},
        {LEVEL_COMMUNE, "2A004", "2A004"},
        {LEVEL_COMMUNE, "2b033", "2B033"},
        {LEVEL_COMMUNE, "97101", "97101"},
        {LEVEL_COMMUNE, "101", NULL},
        {LEVEL_COMMUNE, "20004", NULL},
        {LEVEL_COMMUNE, "00123", NULL},
        {LEVEL_COMMUNE, "2C004", NULL},
        {LEVEL_COMMUNE, "010011", NULL},
        {LEVEL_COMMUNE, "", NULL},
        {LEVEL_DEPARTEMENT, "1", "01"},
        {LEVEL_DEPARTEMENT, "69", "69"},
        {LEVEL_DEPARTEMENT, "2a", "2A"},
        {LEVEL_DEPARTEMENT, "974", "974"},
        {LEVEL_DEPARTEMENT, "20", NULL},
        {LEVEL_DEPARTEMENT, "96", NULL},
        {LEVEL_REGION, "84", "84"},
        {LEVEL_REGION, "1", "01"},
        {LEVEL_REGION, "840", NULL},
        {LEVEL_EPCI, "200071314", "200071314"},
        {LEVEL_EPCI, "20007131", NULL},
    };
    const char *reason = NULL;
    char code[16];
    size_t i;
    int rc;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc = csv_normalise_code(cases[i].text, cases[i].level, code,
                                &reason);
        if (cases[i].code == NULL) {
            ck_assert_msg(rc == -1, "'%s' accepted as %s", cases[i].text,
                          code);
            continue;
        }
        ck_assert_msg(rc == 0, "'%s' rejected: %s", cases[i].text, reason);
        ck_assert_str_eq(code, cases[i].code);
    }
}
END_TEST

static Suite *
csv_suite(void)
{
    Suite *suite = suite_create("csv");
    TCase *reading = tcase_create("reading");
    TCase *cells = tcase_create("cells");

    tcase_add_test(reading, test_separator_semicolon_detected);
    tcase_add_test(reading, test_separator_comma_and_tab_detected);
    tcase_add_test(reading, test_quoted_fields_and_line_numbers);
    tcase_add_test(reading, test_bom_stripped);
    tcase_add_test(reading, test_cp1252_converted);
    tcase_add_test(reading, test_utf8_kept);
    tcase_add_test(reading, test_cp1252_undefined_byte_rejected);
    tcase_add_test(reading, test_invalid_utf8_after_utf8_rejected);
    tcase_add_test(reading, test_nul_byte_rejected);
    tcase_add_test(reading, test_unclosed_quote_rejected);
    tcase_add_test(reading, test_text_after_quote_rejected);
    tcase_add_test(reading, test_huge_field_rejected_quickly);
    tcase_add_test(reading, test_huge_record_rejected);
    tcase_set_timeout(reading, 30);
    suite_add_tcase(suite, reading);

    tcase_add_test(cells, test_number_formats_accepted);
    tcase_add_test(cells, test_number_garbage_rejected);
    tcase_add_test(cells, test_number_overflow_rejected);
    tcase_add_test(cells, test_markers_classified);
    tcase_add_test(cells, test_codes_normalised);
    suite_add_tcase(suite, cells);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(csv_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
