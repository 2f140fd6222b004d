/*
 * terrish: tests of the splitting of an SSH exec request's command line
 * into words (server/command-split.c).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

/*
 * Split line and check the words against expected (NULL-terminated).
 * Prints the words found when they differ.
 */
static void
check_words(const char *line, const char *const *expected)
{
    char **argv = NULL;
    char *error = NULL;
    int count = 0;
    int argc;
    int i;

    while (expected[count] != NULL)
        count++;
    argc = command_split(line, &argv, &error);
    ck_assert_msg(argc == count, "\"%s\": %d words, expected %d (%s)", line,
                  argc, count, error != NULL ? error : "no error");
    for (i = 0; i < count; i++)
        ck_assert_str_eq(argv[i], expected[i]);
    ck_assert_ptr_null(argv[count]);
    ck_assert_ptr_null(error);
    command_split_free(argv);
}

/* Check that line is rejected with a message containing text. */
static void
check_rejected(const char *line, const char *text)
{
    char **argv = NULL;
    char *error = NULL;

    ck_assert_int_eq(command_split(line, &argv, &error), -1);
    ck_assert_ptr_null(argv);
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error, text) != NULL,
                  "\"%s\": message \"%s\" lacks \"%s\"", line, error, text);
    free(error);
}

START_TEST(split_blanks)
{
    const char *words[] = {"territories", "search", "grenoble", NULL};
    const char *none[] = {NULL};

    check_words("territories search grenoble", words);
    check_words("  territories \t search   grenoble  ", words);
    check_words("territories search grenoble\n", words);
    check_words("", none);
    check_words(" \t ", none);
}
END_TEST

START_TEST(split_single_quotes)
{
    const char *words[] = {"search", "saint étienne", NULL};
    const char *literal[] = {"a \\\"b\" $x", NULL};
    const char *empty[] = {"a", "", "b", NULL};

    check_words("search 'saint étienne'", words);
    check_words("'a \\\"b\" $x'", literal);
    check_words("a '' b", empty);
}
END_TEST

START_TEST(split_double_quotes)
{
    const char *words[] = {"search", "saint étienne", NULL};
    const char *escaped[] = {"say \"hi\" \\ $ `", NULL};
    const char *kept[] = {"a\\nb", NULL};
    const char *quoted_ops[] = {"a;b|c>d", NULL};

    check_words("search \"saint étienne\"", words);
    check_words("\"say \\\"hi\\\" \\\\ \\$ \\`\"", escaped);
    check_words("\"a\\nb\"", kept);
    check_words("\"a;b|c>d\"", quoted_ops);
}
END_TEST

START_TEST(split_backslash)
{
    const char *space[] = {"saint étienne", NULL};
    const char *quote[] = {"l'isle", NULL};
    const char *joined[] = {"ab", NULL};
    const char *operator[] = {">", NULL};

    check_words("saint\\ étienne", space);
    check_words("l\\'isle", quote);
    check_words("a\\\nb", joined);
    check_words("\\>", operator);
}
END_TEST

START_TEST(split_adjacent_parts_join)
{
    const char *words[] = {"abcd", "e", NULL};
    const char *hash[] = {"a#b", NULL};

    check_words("a'b'\"c\"d e", words);
    check_words("a#b", hash);
}
END_TEST

START_TEST(split_rejects_unterminated)
{
    check_rejected("search 'saint", "'");
    check_rejected("search \"saint", "\"");
    check_rejected("search \"saint\\\"", "\"");
    check_rejected("search saint\\", "backslash");
}
END_TEST

START_TEST(split_rejects_operators)
{
    static const char *const lines[] = {
        "help; user list", "help | head", "help && serve", "help > f",
        "help < f", "help $(id)", "help `id`", "help (x)", "help #x",
    };
    size_t i;
    char text[4];

    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        snprintf(text, sizeof text, "'%c'", lines[i][strcspn(lines[i],
                                                             ";|&<>$`(#")]);
        check_rejected(lines[i], text);
    }
    check_rejected("help\nuser list", "one command");
}
END_TEST

START_TEST(split_limits)
{
    char line[COMMAND_LINE_MAX + 2];
    char words[COMMAND_ARGS_MAX * 2 + 3];
    char **argv = NULL;
    char *error = NULL;
    int i;

    memset(line, 'a', COMMAND_LINE_MAX);
    line[COMMAND_LINE_MAX] = '\0';
    ck_assert_int_eq(command_split(line, &argv, &error), 1);
    ck_assert_uint_eq(strlen(argv[0]), COMMAND_LINE_MAX);
    command_split_free(argv);
    strcat(line, "a");
    check_rejected(line, "4096");

    for (i = 0; i < COMMAND_ARGS_MAX; i++) {
        words[2 * i] = 'w';
        words[2 * i + 1] = ' ';
    }
    words[2 * COMMAND_ARGS_MAX] = '\0';
    ck_assert_int_eq(command_split(words, &argv, &error), COMMAND_ARGS_MAX);
    command_split_free(argv);
    strcat(words, "w");
    check_rejected(words, "64");
}
END_TEST

START_TEST(split_rejects_bad_bytes)
{
    check_rejected("search \xff", "UTF-8");
    check_rejected("search a\x01", "0x01");
    check_rejected("search a\x7f", "0x7f");
    check_rejected("search a\rb", "0x0d");
}
END_TEST

static Suite *
split_suite(void)
{
    Suite *suite = suite_create("command-split");
    TCase *tc = tcase_create("split");

    tcase_add_test(tc, split_blanks);
    tcase_add_test(tc, split_single_quotes);
    tcase_add_test(tc, split_double_quotes);
    tcase_add_test(tc, split_backslash);
    tcase_add_test(tc, split_adjacent_parts_join);
    tcase_add_test(tc, split_rejects_unterminated);
    tcase_add_test(tc, split_rejects_operators);
    tcase_add_test(tc, split_limits);
    tcase_add_test(tc, split_rejects_bad_bytes);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(split_suite());
    int failed;

    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
