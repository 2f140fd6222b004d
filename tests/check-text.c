/*
 * terrish: tests of the text helpers (folding, UTF-8, widths, numbers).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"

/* Fold s and compare with expected, freeing the result. */
static void
check_fold(const char *s, const char *expected)
{
    char *folded = text_fold(s);

    ck_assert_msg(strcmp(folded, expected) == 0,
                  "text_fold(\"%s\") = \"%s\", expected \"%s\"", s, folded,
                  expected);
    free(folded);
}

START_TEST(fold_removes_accents_and_case)
{
    check_fold("Évian-les-Bains", "evian les bains");
    check_fold("ÇA ÊTRE ÀÉÎÕÜ", "ca etre aeiou");
    check_fold("Ÿ ÿ", "y y");
    check_fold("Łódź", "lodz");
}
END_TEST

START_TEST(fold_expands_ligatures)
{
    check_fold("Œuvre cœur", "oeuvre coeur");
    check_fold("Æsir", "aesir");
    check_fold("Straße", "strasse");
}
END_TEST

START_TEST(fold_collapses_separators)
{
    check_fold("  L'Abergement--Clémenciat  ", "l abergement clemenciat");
    check_fold("a\u2019b", "a b");
    check_fold("---", "");
    check_fold("", "");
}
END_TEST

START_TEST(fold_abbreviates_saint_words)
{
    check_fold("Saint-Étienne", "st etienne");
    check_fold("SAINT ETIENNE", "st etienne");
    check_fold("Sainte-Foy-lès-Lyon", "ste foy les lyon");
    check_fold("Saint", "st");
    check_fold("Saintes", "saintes");
    check_fold("Toussaint", "toussaint");
    check_fold("Le Puy-Sainte-Réparade", "le puy ste reparade");
}
END_TEST

START_TEST(fold_treats_invalid_bytes_as_separators)
{
    check_fold("ab\xff"
               "cd",
               "ab cd");
    check_fold("\xc3", "");
    check_fold("x\xe2\x82", "x");
    check_fold("\xc0\xaf"
               "a",
               "a");
}
END_TEST

START_TEST(utf8_valid_accepts_wellformed)
{
    ck_assert_int_eq(text_utf8_valid("", 0), 1);
    ck_assert_int_eq(text_utf8_valid("abc", 3), 1);
    ck_assert_int_eq(text_utf8_valid("é", 2), 1);
    ck_assert_int_eq(text_utf8_valid("\xe2\x80\xaf", 3), 1);
    ck_assert_int_eq(text_utf8_valid("\xf0\x9f\x98\x80", 4), 1);
}
END_TEST

START_TEST(utf8_valid_rejects_malformed)
{
    ck_assert_int_eq(text_utf8_valid("\xff", 1), 0);
    ck_assert_int_eq(text_utf8_valid("\xc3", 1), 0);
    ck_assert_int_eq(text_utf8_valid("\xc0\xaf", 2), 0);
    ck_assert_int_eq(text_utf8_valid("\xed\xa0\x80", 3), 0);
    ck_assert_int_eq(text_utf8_valid("\xf4\x90\x80\x80", 4), 0);
    ck_assert_int_eq(text_utf8_valid("\xe9t\xe9", 3), 0);
}
END_TEST

START_TEST(width_counts_columns)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
    ck_assert_int_eq(text_width(""), 0);
    ck_assert_int_eq(text_width("Lyon"), 4);
    ck_assert_int_eq(text_width("Rhône"), 5);
    ck_assert_int_eq(text_width("\xe6\x97\xa5"), 2);
    ck_assert_int_eq(text_width("a\xff"), 2);
}
END_TEST

START_TEST(format_int_groups_digits)
{
    char buf[64];

    text_format_int(buf, sizeof buf, 518635, 0);
    ck_assert_str_eq(buf, "518,635");
    text_format_int(buf, sizeof buf, 518635, 1);
    ck_assert_str_eq(buf, "518\xe2\x80\xaf"
                          "635");
    text_format_int(buf, sizeof buf, 999, 1);
    ck_assert_str_eq(buf, "999");
    text_format_int(buf, sizeof buf, -1234567, 0);
    ck_assert_str_eq(buf, "-1,234,567");
    text_format_int(buf, sizeof buf, 0, 0);
    ck_assert_str_eq(buf, "0");
    text_format_int(buf, sizeof buf, INT64_MIN, 0);
    ck_assert_str_eq(buf, "-9,223,372,036,854,775,808");
}
END_TEST

START_TEST(format_int_truncates_at_char_boundary)
{
    char buf[5];

    text_format_int(buf, sizeof buf, 518635, 1);
    ck_assert_str_eq(buf, "518");
    text_format_int(buf, sizeof buf, 518635, 0);
    ck_assert_str_eq(buf, "518,");
}
END_TEST

START_TEST(format_decimal_uses_locale_separators)
{
    char buf[64];

    text_format_decimal(buf, sizeof buf, 1234.567, 2, 1);
    ck_assert_str_eq(buf, "1\xe2\x80\xaf"
                          "234,57");
    text_format_decimal(buf, sizeof buf, 1234.567, 2, 0);
    ck_assert_str_eq(buf, "1,234.57");
    text_format_decimal(buf, sizeof buf, 47.87, 0, 1);
    ck_assert_str_eq(buf, "48");
    text_format_decimal(buf, sizeof buf, -0.001, 2, 0);
    ck_assert_str_eq(buf, "0.00");
    text_format_decimal(buf, sizeof buf, -12345.5, 1, 1);
    ck_assert_str_eq(buf, "-12\xe2\x80\xaf"
                          "345,5");
}
END_TEST

static Suite *
text_suite(void)
{
    Suite *suite = suite_create("text");
    TCase *fold = tcase_create("fold");
    TCase *utf8 = tcase_create("utf8");
    TCase *format = tcase_create("format");

    tcase_add_test(fold, fold_removes_accents_and_case);
    tcase_add_test(fold, fold_expands_ligatures);
    tcase_add_test(fold, fold_collapses_separators);
    tcase_add_test(fold, fold_abbreviates_saint_words);
    tcase_add_test(fold, fold_treats_invalid_bytes_as_separators);
    suite_add_tcase(suite, fold);

    tcase_add_test(utf8, utf8_valid_accepts_wellformed);
    tcase_add_test(utf8, utf8_valid_rejects_malformed);
    tcase_add_test(utf8, width_counts_columns);
    suite_add_tcase(suite, utf8);

    tcase_add_test(format, format_int_groups_digits);
    tcase_add_test(format, format_int_truncates_at_char_boundary);
    tcase_add_test(format, format_decimal_uses_locale_separators);
    suite_add_tcase(suite, format);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(text_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
