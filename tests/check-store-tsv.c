/*
 * terrish: tests of the reader of the bundled tab-separated data files.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

static const char *const two_columns[] = {"code", "name", NULL};

static struct store *store;

/* The rows and comments that the callbacks received, one per line. */
static char received[1024];

static void
setup(void)
{
    char *error = NULL;

    ck_assert_int_eq(store_open(":memory:", STORE_OPEN_CREATE, &store, &error),
                     0);
    received[0] = '\0';
}

static void
teardown(void)
{
    store_close(store);
    store = NULL;
}

/* Append "line: field|field" to received. */
static int
record_row(struct store_tsv *tsv, char **fields)
{
    size_t used = strlen(received);

    snprintf(received + used, sizeof received - used, "%zu: %s|%s\n",
             tsv->line_number, fields[0], fields[1]);
    return 0;
}

/* Append "line: #text" to received. */
static int
record_comment(struct store_tsv *tsv, char *text)
{
    size_t used = strlen(received);

    snprintf(received + used, sizeof received - used, "%zu: #%s\n",
             tsv->line_number, text);
    return 0;
}

/* Reject a row whose code is "bad", naming the column. */
static int
reject_bad_code(struct store_tsv *tsv, char **fields)
{
    if (strcmp(fields[0], "bad") == 0)
        return store_tsv_fail_field(tsv, 0, "invalid code", fields[0]);
    return record_row(tsv, fields);
}

/* Accept any first line that starts with "# id", naming two columns. */
static int
accept_id_header(struct store_tsv *tsv, const char *line)
{
    static const char *const id_columns[] = {"id", "label", NULL};

    if (strncmp(line, "# id", 4) != 0)
        return store_tsv_fail(tsv, "unknown header");
    tsv->column_names = id_columns;
    return 0;
}

/* Read text through a reader with the given callbacks and return its result. */
static int
read_text(const char *text, store_tsv_row_fn row, store_tsv_comment_fn comment,
          store_tsv_header_fn header)
{
    struct store_tsv tsv = {
        .store = store,
        .path = "data/test.tsv",
        .column_names = two_columns,
        .header = header,
        .row = row,
        .comment = comment,
    };
    FILE *stream = fmemopen((void *)text, strlen(text), "r");
    int rc;

    ck_assert_ptr_nonnull(stream);
    rc = store_tsv_read(&tsv, stream);
    fclose(stream);
    return rc;
}

START_TEST(tsv_rows_and_comments_read)
{
    ck_assert_int_eq(read_text("# code\tname\n"
                               "# year=2023\n"
                               "\n"
                               "84\tAuvergne-Rhône-Alpes\n"
                               "93\t\n",
                               record_row, record_comment, NULL),
                     0);
    ck_assert_str_eq(received, "2: #year=2023\n"
                               "4: 84|Auvergne-Rhône-Alpes\n"
                               "5: 93|\n");
}
END_TEST

START_TEST(tsv_crlf_and_last_line_read)
{
    ck_assert_int_eq(read_text("# code\tname\r\n84\tA\r\n\r\n11\tB",
                               record_row, NULL, NULL),
                     0);
    ck_assert_str_eq(received, "2: 84|A\n4: 11|B\n");
}
END_TEST

START_TEST(tsv_comments_skipped_without_callback)
{
    ck_assert_int_eq(read_text("# code\tname\n# a\tb\tc\n84\tA\n", record_row,
                               NULL, NULL),
                     0);
    ck_assert_str_eq(received, "3: 84|A\n");
}
END_TEST

START_TEST(tsv_wrong_header_fails)
{
    ck_assert_int_eq(read_text("# code\tnom\n84\tA\n", record_row, NULL, NULL),
                     -1);
    ck_assert_str_eq(store_error(store),
                     "data/test.tsv:1: the first line must name the columns "
                     "\"# code\tname\"");
    ck_assert_str_eq(received, "");
}
END_TEST

START_TEST(tsv_header_callback_sets_columns)
{
    ck_assert_int_eq(read_text("# id\tlabel\nx\ty\nbad\tz\n", reject_bad_code,
                               NULL, accept_id_header),
                     -1);
    ck_assert_str_eq(received, "2: x|y\n");
    ck_assert_str_eq(store_error(store),
                     "data/test.tsv:3: column 1 (id): invalid code \"bad\"");
}
END_TEST

START_TEST(tsv_header_callback_failure_kept)
{
    ck_assert_int_eq(read_text("# other\n", record_row, NULL, accept_id_header),
                     -1);
    ck_assert_str_eq(store_error(store), "data/test.tsv:1: unknown header");
}
END_TEST

START_TEST(tsv_column_count_checked)
{
    ck_assert_int_eq(read_text("# code\tname\n84\tA\n11\tB\tC\n", record_row,
                               NULL, NULL),
                     -1);
    ck_assert_str_eq(store_error(store), "data/test.tsv:3: expected 2 "
                                         "tab-separated columns, found 3");
    ck_assert_str_eq(received, "2: 84|A\n");
}
END_TEST

START_TEST(tsv_invalid_utf8_fails)
{
    ck_assert_int_eq(read_text("# code\tname\n# caf\xc3\n84\tA\n", record_row,
                               NULL, NULL),
                     -1);
    ck_assert_str_eq(store_error(store), "data/test.tsv:2: invalid UTF-8");
    ck_assert_str_eq(received, "");
}
END_TEST

START_TEST(tsv_empty_file_fails)
{
    ck_assert_int_eq(read_text("", record_row, NULL, NULL), -1);
    ck_assert_str_eq(store_error(store), "data/test.tsv:0: empty file");
}
END_TEST

static Suite *
tsv_suite(void)
{
    Suite *suite = suite_create("store-tsv");
    TCase *reading = tcase_create("reading");

    tcase_add_checked_fixture(reading, setup, teardown);
    tcase_add_test(reading, tsv_rows_and_comments_read);
    tcase_add_test(reading, tsv_crlf_and_last_line_read);
    tcase_add_test(reading, tsv_comments_skipped_without_callback);
    tcase_add_test(reading, tsv_wrong_header_fails);
    tcase_add_test(reading, tsv_header_callback_sets_columns);
    tcase_add_test(reading, tsv_header_callback_failure_kept);
    tcase_add_test(reading, tsv_column_count_checked);
    tcase_add_test(reading, tsv_invalid_utf8_fails);
    tcase_add_test(reading, tsv_empty_file_fails);
    suite_add_tcase(suite, reading);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(tsv_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
