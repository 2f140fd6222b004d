/*
 * terrish: unit tests of the text field and list widgets (no terminal
 * needed: only their editing and movement logic is exercised).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <check.h>
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-internal.h"

static const struct tui_key key_backspace = {1, KEY_BACKSPACE};
static const struct tui_key key_delete = {1, KEY_DC};
static const struct tui_key key_left = {1, KEY_LEFT};
static const struct tui_key key_right = {1, KEY_RIGHT};
static const struct tui_key key_home = {1, KEY_HOME};
static const struct tui_key key_end = {1, KEY_END};
static const struct tui_key key_up = {1, KEY_UP};
static const struct tui_key key_down = {1, KEY_DOWN};
static const struct tui_key key_page_down = {1, KEY_NPAGE};
static const struct tui_key key_page_up = {1, KEY_PPAGE};

/* Type each code point of a zero-terminated array into the field. */
static void
type_codepoints(struct tui_input *input, const unsigned int *codepoints)
{
    size_t i;

    for (i = 0; codepoints[i] != 0; i++) {
        struct tui_key key = {0, codepoints[i]};

        ck_assert_int_ne(tui_input_key(input, &key) & TUI_INPUT_CHANGED, 0);
    }
}

START_TEST(input_encodes_utf8)
{
    /* "Sé€😀": 1, 2, 3 and 4 bytes. */
    const unsigned int text[] = {'S', 0xe9, 0x20ac, 0x1f600, 0};
    struct tui_input input;

    tui_input_clear(&input);
    type_codepoints(&input, text);
    ck_assert_str_eq(input.text, "S\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    ck_assert_uint_eq(input.length, 10);
    ck_assert_uint_eq(input.cursor, 10);
}
END_TEST

START_TEST(input_backspace_whole_character)
{
    const unsigned int text[] = {'S', 0xe9, 0x20ac, 0x1f600, 0};
    struct tui_input input;
    int flags;

    tui_input_clear(&input);
    type_codepoints(&input, text);

    flags = tui_input_key(&input, &key_backspace);
    ck_assert_int_ne(flags & TUI_INPUT_CHANGED, 0);
    ck_assert_str_eq(input.text, "S\xc3\xa9\xe2\x82\xac");
    tui_input_key(&input, &key_backspace);
    ck_assert_str_eq(input.text, "S\xc3\xa9");
    tui_input_key(&input, &key_backspace);
    ck_assert_str_eq(input.text, "S");
    ck_assert_uint_eq(input.cursor, 1);
}
END_TEST

START_TEST(input_delete_ascii_backspace)
{
    const unsigned int text[] = {'a', 0xe8, 0};
    const struct tui_key del = {0, TUI_DELETE};
    struct tui_input input;

    tui_input_clear(&input);
    type_codepoints(&input, text);
    tui_input_key(&input, &del);
    ck_assert_str_eq(input.text, "a");
}
END_TEST

START_TEST(input_backspace_at_start)
{
    struct tui_input input;
    int flags;

    tui_input_clear(&input);
    flags = tui_input_key(&input, &key_backspace);
    ck_assert_int_eq(flags, TUI_KEY_HANDLED);
    ck_assert_uint_eq(input.length, 0);
}
END_TEST

START_TEST(input_cursor_moves_by_character)
{
    const unsigned int text[] = {0xc9, 't', 0xe9, 0};
    struct tui_input input;

    tui_input_clear(&input);
    type_codepoints(&input, text);
    tui_input_key(&input, &key_left);
    ck_assert_uint_eq(input.cursor, 3);
    tui_input_key(&input, &key_left);
    ck_assert_uint_eq(input.cursor, 2);
    tui_input_key(&input, &key_left);
    ck_assert_uint_eq(input.cursor, 0);
    tui_input_key(&input, &key_left);
    ck_assert_uint_eq(input.cursor, 0);
    tui_input_key(&input, &key_right);
    ck_assert_uint_eq(input.cursor, 2);
    tui_input_key(&input, &key_end);
    ck_assert_uint_eq(input.cursor, 5);
    tui_input_key(&input, &key_home);
    ck_assert_uint_eq(input.cursor, 0);
}
END_TEST

START_TEST(input_insert_and_delete_mid_text)
{
    const unsigned int text[] = {'a', 'c', 0};
    struct tui_input input;
    struct tui_key b = {0, 'b'};

    tui_input_clear(&input);
    type_codepoints(&input, text);
    tui_input_key(&input, &key_left);
    tui_input_key(&input, &b);
    ck_assert_str_eq(input.text, "abc");
    ck_assert_uint_eq(input.cursor, 2);
    tui_input_key(&input, &key_delete);
    ck_assert_str_eq(input.text, "ab");
    ck_assert_uint_eq(input.cursor, 2);
}
END_TEST

START_TEST(input_ctrl_u_clears)
{
    const unsigned int text[] = {'s', 't', ' ', 0xe9, 0};
    const struct tui_key ctrl_u = {0, TUI_CTRL('U')};
    struct tui_input input;
    int flags;

    tui_input_clear(&input);
    type_codepoints(&input, text);
    flags = tui_input_key(&input, &ctrl_u);
    ck_assert_int_ne(flags & TUI_INPUT_CHANGED, 0);
    ck_assert_str_eq(input.text, "");
    ck_assert_uint_eq(input.length, 0);
    ck_assert_uint_eq(input.cursor, 0);
}
END_TEST

START_TEST(input_rejects_control_characters)
{
    const struct tui_key escape = {0, TUI_ESCAPE};
    const struct tui_key enter = {0, '\r'};
    const struct tui_key up = {1, KEY_UP};
    struct tui_input input;

    tui_input_clear(&input);
    ck_assert_int_eq(tui_input_key(&input, &escape), 0);
    ck_assert_int_eq(tui_input_key(&input, &enter), 0);
    ck_assert_int_eq(tui_input_key(&input, &up), 0);
    ck_assert_int_eq(tui_input_insert(&input, 0x85), -1);
    ck_assert_int_eq(tui_input_insert(&input, 0xd800), -1);
    ck_assert_uint_eq(input.length, 0);
}
END_TEST

START_TEST(input_full_field_rejects)
{
    struct tui_input input;
    size_t i;

    tui_input_clear(&input);
    for (i = 0; i < TUI_INPUT_MAX - 1; i++) {
        ck_assert_int_eq(tui_input_insert(&input, 'x'), 0);
    }
    ck_assert_int_eq(tui_input_insert(&input, 'y'), -1);
    ck_assert_int_eq(tui_input_insert(&input, 0xe9), -1);
    ck_assert_uint_eq(input.length, TUI_INPUT_MAX - 1);
    ck_assert_uint_eq(strlen(input.text), TUI_INPUT_MAX - 1);
}
END_TEST

START_TEST(list_moves_within_bounds)
{
    struct tui_list list;

    tui_list_reset(&list, 3);
    tui_list_key(&list, &key_up, 10, 0);
    ck_assert_uint_eq(list.selected, 0);
    tui_list_key(&list, &key_down, 10, 0);
    tui_list_key(&list, &key_down, 10, 0);
    tui_list_key(&list, &key_down, 10, 0);
    ck_assert_uint_eq(list.selected, 2);
    tui_list_key(&list, &key_home, 10, 0);
    ck_assert_uint_eq(list.selected, 0);
    tui_list_key(&list, &key_end, 10, 0);
    ck_assert_uint_eq(list.selected, 2);
}
END_TEST

START_TEST(list_pages_and_scrolls)
{
    struct tui_list list;

    tui_list_reset(&list, 100);
    tui_list_key(&list, &key_page_down, 10, 0);
    ck_assert_uint_eq(list.selected, 9);
    ck_assert_uint_eq(list.top, 0);
    tui_list_key(&list, &key_down, 10, 0);
    ck_assert_uint_eq(list.selected, 10);
    ck_assert_uint_eq(list.top, 1);
    tui_list_key(&list, &key_end, 10, 0);
    ck_assert_uint_eq(list.selected, 99);
    ck_assert_uint_eq(list.top, 90);
    tui_list_key(&list, &key_page_up, 10, 0);
    ck_assert_uint_eq(list.selected, 90);
    ck_assert_uint_eq(list.top, 90);
    tui_list_key(&list, &key_up, 10, 0);
    ck_assert_uint_eq(list.top, 89);
}
END_TEST

START_TEST(list_vi_keys_optional)
{
    const struct tui_key j = {0, 'j'};
    const struct tui_key k = {0, 'k'};
    struct tui_list list;

    tui_list_reset(&list, 5);
    ck_assert_int_eq(tui_list_key(&list, &j, 10, 0), 0);
    ck_assert_uint_eq(list.selected, 0);
    ck_assert_int_ne(tui_list_key(&list, &j, 10, 1), 0);
    ck_assert_uint_eq(list.selected, 1);
    ck_assert_int_ne(tui_list_key(&list, &k, 10, 1), 0);
    ck_assert_uint_eq(list.selected, 0);
}
END_TEST

START_TEST(list_empty_stays_at_zero)
{
    struct tui_list list;

    tui_list_reset(&list, 0);
    tui_list_key(&list, &key_down, 10, 0);
    tui_list_key(&list, &key_end, 10, 0);
    ck_assert_uint_eq(list.selected, 0);
    ck_assert_uint_eq(list.top, 0);
}
END_TEST

START_TEST(list_select_clamps)
{
    struct tui_list list;

    tui_list_reset(&list, 20);
    tui_list_select(&list, 50, 5);
    ck_assert_uint_eq(list.selected, 19);
    ck_assert_uint_eq(list.top, 15);
    tui_list_select(&list, 3, 5);
    ck_assert_uint_eq(list.selected, 3);
    ck_assert_uint_eq(list.top, 3);
}
END_TEST

START_TEST(ellipsis_whole_text_fits)
{
    int ellipsis = -1;

    ck_assert_uint_eq(tui_text_fit_ellipsis("Saint-\xc3\x89tienne", 13,
                                            &ellipsis),
                      14);
    ck_assert_int_eq(ellipsis, 0);
}
END_TEST

START_TEST(ellipsis_cut_counts_columns)
{
    /* "Éti" is 3 columns and 4 bytes; the fourth column is the "…". */
    int ellipsis = 0;

    ck_assert_uint_eq(tui_text_fit_ellipsis("\xc3\x89tienne", 4, &ellipsis),
                      4);
    ck_assert_int_eq(ellipsis, 1);
}
END_TEST

START_TEST(ellipsis_drops_trailing_space)
{
    int ellipsis = 0;

    ck_assert_uint_eq(tui_text_fit_ellipsis("Le Puy-en-Velay", 4, &ellipsis),
                      2);
    ck_assert_int_eq(ellipsis, 1);
}
END_TEST

START_TEST(ellipsis_zero_width)
{
    int ellipsis = 1;

    ck_assert_uint_eq(tui_text_fit_ellipsis("Lyon", 0, &ellipsis), 0);
    ck_assert_int_eq(ellipsis, 0);
}
END_TEST

START_TEST(indicator_value_present)
{
    struct indicator_result result = {.value = 518635, .flag = RESULT_PRESENT,
                                      .unit = "inh."};
    char text[64];

    tui_format_indicator_value(text, sizeof text, &result, 0);
    ck_assert_str_eq(text, "518,635 inh.");
    tui_format_indicator_value(text, sizeof text, &result, 1);
    ck_assert_str_eq(text, "518\xe2\x80\xaf" "635 inh.");
}
END_TEST

START_TEST(indicator_value_decimals)
{
    struct indicator_result result = {.value = 4.0812, .flag = RESULT_PRESENT,
                                      .unit = "MWh/site"};
    char text[64];

    tui_format_indicator_value(text, sizeof text, &result, 1);
    ck_assert_str_eq(text, "4,08 MWh/site");
    result.value = 12.54;
    tui_format_indicator_value(text, sizeof text, &result, 0);
    ck_assert_str_eq(text, "12.5 MWh/site");
}
END_TEST

START_TEST(indicator_value_flags)
{
    struct indicator_result result = {.value = 75.6, .flag = RESULT_PARTIAL,
                                      .unit = "t"};
    char text[64];

    tui_format_indicator_value(text, sizeof text, &result, 0);
    ck_assert_str_eq(text, "75.6 t (partial)");
    result.flag = RESULT_SECRET;
    tui_format_indicator_value(text, sizeof text, &result, 0);
    ck_assert_str_eq(text, "secret");
    result.flag = RESULT_NOT_AVAILABLE;
    tui_format_indicator_value(text, sizeof text, &result, 0);
    ck_assert_str_eq(text, "n/a");
}
END_TEST

START_TEST(indicator_detail_lists_years)
{
    int years[] = {2013, 2018};
    struct indicator indicator = {.source = "INSEE",
                                  .licence = "Licence Ouverte",
                                  .years = years,
                                  .year_count = 2};
    char *detail = tui_indicator_detail(&indicator);

    ck_assert_str_eq(detail, "Source: INSEE \xe2\x80\x94 Licence: Licence "
                             "Ouverte \xe2\x80\x94 Years: 2013, 2018");
    free(detail);
}
END_TEST

static Suite *
widget_suite(void)
{
    Suite *suite = suite_create("tui-widget");
    TCase *input = tcase_create("input");
    TCase *list = tcase_create("list");
    TCase *text = tcase_create("text");

    tcase_add_test(input, input_encodes_utf8);
    tcase_add_test(input, input_backspace_whole_character);
    tcase_add_test(input, input_delete_ascii_backspace);
    tcase_add_test(input, input_backspace_at_start);
    tcase_add_test(input, input_cursor_moves_by_character);
    tcase_add_test(input, input_insert_and_delete_mid_text);
    tcase_add_test(input, input_ctrl_u_clears);
    tcase_add_test(input, input_rejects_control_characters);
    tcase_add_test(input, input_full_field_rejects);
    suite_add_tcase(suite, input);

    tcase_add_test(list, list_moves_within_bounds);
    tcase_add_test(list, list_pages_and_scrolls);
    tcase_add_test(list, list_vi_keys_optional);
    tcase_add_test(list, list_empty_stays_at_zero);
    tcase_add_test(list, list_select_clamps);
    suite_add_tcase(suite, list);

    tcase_add_test(text, ellipsis_whole_text_fits);
    tcase_add_test(text, ellipsis_cut_counts_columns);
    tcase_add_test(text, ellipsis_drops_trailing_space);
    tcase_add_test(text, ellipsis_zero_width);
    tcase_add_test(text, indicator_value_present);
    tcase_add_test(text, indicator_value_decimals);
    tcase_add_test(text, indicator_value_flags);
    tcase_add_test(text, indicator_detail_lists_years);
    suite_add_tcase(suite, text);
    return suite;
}

int
main(void)
{
    SRunner *runner;
    int failed;

    /* Text widths are measured with mbrtowc, as in the application. */
    setlocale(LC_ALL, "C.UTF-8");
    runner = srunner_create(widget_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
