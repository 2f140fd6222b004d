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
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-internal.h"

#define LEN(array) (sizeof(array) / sizeof((array)[0]))

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
    ck_assert_int_eq(tui_input_insert(&input, 'y'), -2);
    ck_assert_int_eq(tui_input_insert(&input, 0xe9), -2);
    ck_assert_uint_eq(input.length, TUI_INPUT_MAX - 1);
    ck_assert_uint_eq(strlen(input.text), TUI_INPUT_MAX - 1);
}
END_TEST

/* A field with a byte limit keeps whole characters, and reports a key
 * that was not inserted because the field is full. */
START_TEST(input_limit_reports_full)
{
    struct tui_input input;
    struct tui_key key = {0, 0};
    size_t i;

    tui_input_clear(&input);
    input.max_length = 5;
    key.code = 0xe9; /* é, 2 bytes */
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(tui_input_key(&input, &key) & TUI_INPUT_FULL, 0);
    }
    ck_assert_uint_eq(input.length, 4);
    ck_assert_int_ne(tui_input_key(&input, &key) & TUI_INPUT_FULL, 0);
    ck_assert_uint_eq(input.length, 4);
    key.code = 'a';
    ck_assert_int_eq(tui_input_key(&input, &key) & TUI_INPUT_FULL, 0);
    ck_assert_str_eq(input.text, "\xc3\xa9\xc3\xa9" "a");
    ck_assert_int_ne(tui_input_key(&input, &key) & TUI_INPUT_FULL, 0);
    ck_assert_int_eq(tui_input_set(&input, "abcdef"), -1);
    ck_assert_str_eq(input.text, "\xc3\xa9\xc3\xa9" "a");
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

/* Returns 1 when two looks draw the same cell. */
static int
look_equal(const struct tui_look *a, const struct tui_look *b)
{
    return a->code == b->code && a->fg == b->fg && a->bg == b->bg &&
           a->attrs == b->attrs;
}

/* sRGB of a colour: the 8 basic colours as xterm shows them by default,
 * then the xterm 6x6x6 cube and grey ramp. */
static void
colour_rgb(int colour, int rgb[3])
{
    static const int basic[8][3] = {
        {0, 0, 0},     {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
        {0, 0, 238},   {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
    };
    static const int cube[6] = {0, 95, 135, 175, 215, 255};
    int i;

    if (colour < 8) {
        for (i = 0; i < 3; i++) {
            rgb[i] = basic[colour][i];
        }
    } else if (colour >= 232) {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (colour - 232);
    } else {
        rgb[0] = cube[(colour - 16) / 36];
        rgb[1] = cube[(colour - 16) / 6 % 6];
        rgb[2] = cube[(colour - 16) % 6];
    }
}

/* Relative luminance of a colour (sRGB, ITU-R BT.709 weights). */
static double
colour_luminance(int colour)
{
    const double weights[3] = {0.2126, 0.7152, 0.0722};
    int rgb[3];
    double total = 0;
    int i;

    colour_rgb(colour, rgb);
    for (i = 0; i < 3; i++) {
        double c = rgb[i] / 255.0;

        c = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
        total += weights[i] * c;
    }
    return total;
}

/* Mean luminance of an 8-colour cell: the share of the cell that each
 * shading character covers in the foreground colour. */
static double
cell_luminance(const struct tui_look *look)
{
    double cover;

    switch (look->code) {
    case ' ':
        cover = 0;
        break;
    case 0x2591: /* light shade */
    case 0x2597: /* one quadrant */
        cover = 0.25;
        break;
    case 0x2592: /* medium shade */
    case 0x259a: /* two quadrants */
        cover = 0.5;
        break;
    case 0x2593: /* dark shade */
    case 0x259b: /* three quadrants */
        cover = 0.75;
        break;
    default:
        ck_abort_msg("U+%04X has no known cover", look->code);
        return 0;
    }
    return cover * colour_luminance(look->fg) +
           (1 - cover) * colour_luminance(look->bg);
}

static const int depths[] = {256, 8, 0};
static const enum tui_ramp ramps[] = {TUI_RAMP_SEQUENTIAL, TUI_RAMP_DIVERGING};
static const int special_fills[] = {TUI_FILL_OUTSIDE, TUI_FILL_MISSING,
                                    TUI_FILL_SECRET, TUI_FILL_EDGE,
                                    TUI_FILL_CURSOR};

START_TEST(map_classes_distinct)
{
    size_t d;
    size_t r;
    int classes;

    for (d = 0; d < LEN(depths); d++) {
        for (r = 0; r < LEN(ramps); r++) {
            for (classes = 3; classes <= 9; classes++) {
                struct tui_look looks[9];
                struct tui_look special;
                size_t s;
                int i;
                int j;

                for (i = 0; i < classes; i++) {
                    tui_look_map_cell(depths[d], ramps[r], classes, i, i,
                                      &looks[i]);
                    for (j = 0; j < i; j++) {
                        ck_assert_msg(!look_equal(&looks[i], &looks[j]),
                                      "depth %d ramp %zu: classes %d and %d "
                                      "of %d look the same",
                                      depths[d], r, j, i, classes);
                    }
                }
                for (s = 0; s < LEN(special_fills); s++) {
                    tui_look_map_cell(depths[d], ramps[r], classes,
                                      special_fills[s], special_fills[s],
                                      &special);
                    for (i = 0; i < classes; i++) {
                        ck_assert_msg(!look_equal(&looks[i], &special),
                                      "depth %d ramp %zu: class %d of %d "
                                      "looks like fill %d",
                                      depths[d], r, i, classes,
                                      special_fills[s]);
                    }
                }
            }
        }
    }
}
END_TEST

START_TEST(map_special_fills_distinct)
{
    /* Missing, secret, cursor and outside differ at every depth; edges may
     * look like outside in monochrome. */
    const int fills[] = {TUI_FILL_OUTSIDE, TUI_FILL_MISSING, TUI_FILL_SECRET,
                         TUI_FILL_CURSOR};
    size_t d;
    size_t i;
    size_t j;

    for (d = 0; d < LEN(depths); d++) {
        struct tui_look looks[4];

        for (i = 0; i < LEN(fills); i++) {
            tui_look_map_cell(depths[d], TUI_RAMP_SEQUENTIAL, 5, fills[i],
                              fills[i], &looks[i]);
            for (j = 0; j < i; j++) {
                ck_assert_msg(!look_equal(&looks[i], &looks[j]),
                              "depth %d: fills %d and %d look the same",
                              depths[d], fills[j], fills[i]);
            }
        }
    }
}
END_TEST

START_TEST(map_mono_characters_alone)
{
    /* Without colour the character must carry the class: no two classes,
     * and no class and missing or secret value, share one, and no class is
     * blank. The cursor is reversed. */
    struct tui_look missing;
    struct tui_look secret;
    struct tui_look cursor;
    size_t r;

    tui_look_map_cell(0, TUI_RAMP_SEQUENTIAL, 9, TUI_FILL_MISSING,
                      TUI_FILL_MISSING, &missing);
    tui_look_map_cell(0, TUI_RAMP_SEQUENTIAL, 9, TUI_FILL_SECRET,
                      TUI_FILL_SECRET, &secret);
    tui_look_map_cell(0, TUI_RAMP_SEQUENTIAL, 9, TUI_FILL_CURSOR,
                      TUI_FILL_CURSOR, &cursor);
    ck_assert_uint_ne(missing.code, secret.code);
    ck_assert_int_ne(cursor.attrs & TUI_LOOK_REVERSE, 0);

    for (r = 0; r < LEN(ramps); r++) {
        unsigned int codes[9];
        int i;
        int j;

        for (i = 0; i < 9; i++) {
            struct tui_look look;

            tui_look_map_cell(0, ramps[r], 9, i, i, &look);
            codes[i] = look.code;
            ck_assert_uint_ne(codes[i], ' ');
            ck_assert_uint_ne(codes[i], missing.code);
            ck_assert_uint_ne(codes[i], secret.code);
            ck_assert_int_eq(look.fg, -1);
            ck_assert_int_eq(look.bg, -1);
            for (j = 0; j < i; j++) {
                ck_assert_uint_ne(codes[i], codes[j]);
            }
        }
    }
}
END_TEST

START_TEST(map_eight_colours_lightness)
{
    /* 8 colours: with hues set aside, each sequential class is darker than
     * the one before, and the diverging classes grow lighter up to the
     * middle and darker after it. */
    int classes;

    for (classes = 3; classes <= 9; classes++) {
        double previous = 2;
        int i;

        for (i = 0; i < classes; i++) {
            struct tui_look look;
            double luminance;

            tui_look_map_cell(8, TUI_RAMP_SEQUENTIAL, classes, i, i, &look);
            luminance = cell_luminance(&look);
            ck_assert_msg(luminance < previous,
                          "sequential class %d of %d is not darker", i,
                          classes);
            previous = luminance;
        }
    }
    for (classes = 3; classes <= 9; classes++) {
        double previous = -1;
        int i;

        for (i = 0; i < classes; i++) {
            struct tui_look look;
            double luminance;

            tui_look_map_cell(8, TUI_RAMP_DIVERGING, classes, i, i, &look);
            luminance = cell_luminance(&look);
            if (i > 0 && 2 * i <= classes - 1) {
                ck_assert_msg(luminance > previous,
                              "diverging class %d of %d is not lighter", i,
                              classes);
            } else if (i > 0 && 2 * i > classes) {
                ck_assert_msg(luminance < previous,
                              "diverging class %d of %d is not darker", i,
                              classes);
            }
            previous = luminance;
        }
    }
}
END_TEST

START_TEST(map_eight_colours_sides_differ)
{
    /* Diverging classes at the same distance from the middle differ in
     * their character, not only in hue. */
    int i;

    for (i = 0; i < 4; i++) {
        struct tui_look low;
        struct tui_look high;

        tui_look_map_cell(8, TUI_RAMP_DIVERGING, 9, i, i, &low);
        tui_look_map_cell(8, TUI_RAMP_DIVERGING, 9, 8 - i, 8 - i, &high);
        if (low.code == ' ') {
            ck_assert_int_ne(low.bg, high.bg);
        } else {
            ck_assert_uint_ne(low.code, high.code);
        }
    }
}
END_TEST

START_TEST(map_sequential_darkens)
{
    /* 256 colours: each class of the sequential ramp is darker than the
     * one before, for every number of classes. */
    int classes;

    for (classes = 3; classes <= 9; classes++) {
        double previous = 2;
        int i;

        for (i = 0; i < classes; i++) {
            struct tui_look look;
            double luminance;

            tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, classes, i, i, &look);
            ck_assert_uint_eq(look.code, ' ');
            luminance = colour_luminance(look.bg);
            ck_assert_msg(luminance < previous,
                          "class %d of %d (colour %d) is not darker", i,
                          classes, look.bg);
            previous = luminance;
        }
    }
}
END_TEST

START_TEST(map_diverging_light_middle)
{
    /* 256 colours, 9 classes: lighter up to the middle class, then
     * darker; 3 classes use the two ends and the middle of the 9. */
    struct tui_look looks[9];
    struct tui_look three[3];
    int i;

    for (i = 0; i < 9; i++) {
        tui_look_map_cell(256, TUI_RAMP_DIVERGING, 9, i, i, &looks[i]);
    }
    for (i = 1; i < 9; i++) {
        double before = colour_luminance(looks[i - 1].bg);
        double now = colour_luminance(looks[i].bg);

        if (i <= 4) {
            ck_assert_msg(now > before, "class %d is not lighter", i);
        } else {
            ck_assert_msg(now < before, "class %d is not darker", i);
        }
    }
    for (i = 0; i < 3; i++) {
        tui_look_map_cell(256, TUI_RAMP_DIVERGING, 3, i, i, &three[i]);
    }
    ck_assert(look_equal(&three[0], &looks[0]));
    ck_assert(look_equal(&three[1], &looks[4]));
    ck_assert(look_equal(&three[2], &looks[8]));
}
END_TEST

START_TEST(map_half_blocks_256)
{
    struct tui_look first;
    struct tui_look last;
    struct tui_look missing;
    struct tui_look look;

    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, 0, 0, &first);
    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, 4, 4, &last);
    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, TUI_FILL_MISSING,
                      TUI_FILL_MISSING, &missing);

    /* One fill: a space on its colour, or the fill's pattern. */
    ck_assert_uint_eq(first.code, ' ');
    ck_assert_int_ne(first.bg, -1);
    ck_assert_uint_eq(missing.code, 0xb7);

    /* Two fills: U+2580, upper pixel in the foreground. */
    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, 0, 4, &look);
    ck_assert_uint_eq(look.code, 0x2580);
    ck_assert_int_eq(look.fg, first.bg);
    ck_assert_int_eq(look.bg, last.bg);
    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, TUI_FILL_MISSING, 4,
                      &look);
    ck_assert_uint_eq(look.code, 0x2580);
    ck_assert_int_eq(look.fg, missing.bg);
    ck_assert_int_eq(look.bg, last.bg);

    /* Outside above: U+2584 keeps the terminal background on top. */
    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, TUI_FILL_OUTSIDE, 4,
                      &look);
    ck_assert_uint_eq(look.code, 0x2584);
    ck_assert_int_eq(look.fg, last.bg);
    ck_assert_int_eq(look.bg, -1);

    tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 5, TUI_FILL_OUTSIDE,
                      TUI_FILL_OUTSIDE, &look);
    ck_assert_uint_eq(look.code, ' ');
    ck_assert_int_eq(look.fg, -1);
    ck_assert_int_eq(look.bg, -1);
}
END_TEST

START_TEST(map_one_pixel_below_256)
{
    /* 8 colours and monochrome show the lower pixel; the cursor, and a
     * unit over an outside or edge pixel, win over it. */
    const int low_depths[] = {8, 0};
    size_t d;

    for (d = 0; d < LEN(low_depths); d++) {
        int depth = low_depths[d];
        struct tui_look first;
        struct tui_look last;
        struct tui_look cursor;
        struct tui_look look;

        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, 0, 0, &first);
        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, 4, 4, &last);
        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, TUI_FILL_CURSOR,
                          TUI_FILL_CURSOR, &cursor);

        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, 0, 4, &look);
        ck_assert(look_equal(&look, &last));
        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, 0, TUI_FILL_OUTSIDE,
                          &look);
        ck_assert(look_equal(&look, &first));
        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, 0, TUI_FILL_EDGE,
                          &look);
        ck_assert(look_equal(&look, &first));
        tui_look_map_cell(depth, TUI_RAMP_SEQUENTIAL, 5, TUI_FILL_CURSOR, 4,
                          &look);
        ck_assert(look_equal(&look, &cursor));
    }
}
END_TEST

START_TEST(series_colours_distinct)
{
    /* 256 colours: 7 colours; 8 colours: the 6 that are neither black nor
     * white. After them, full blocks turn to shades. */
    struct tui_look looks[7];
    struct tui_look look;
    int i;
    int j;

    for (i = 0; i < 7; i++) {
        tui_look_series(256, i, 0x2588, &looks[i]);
        ck_assert_uint_eq(looks[i].code, 0x2588);
        ck_assert_int_ne(looks[i].fg, -1);
        for (j = 0; j < i; j++) {
            ck_assert_int_ne(looks[i].fg, looks[j].fg);
        }
    }
    tui_look_series(256, 7, 0x2588, &look);
    ck_assert_int_eq(look.fg, looks[0].fg);
    ck_assert_uint_ne(look.code, 0x2588);

    for (i = 0; i < 6; i++) {
        tui_look_series(8, i, 0x2588, &looks[i]);
        ck_assert_int_ne(looks[i].fg, COLOR_BLACK);
        ck_assert_int_ne(looks[i].fg, COLOR_WHITE);
        for (j = 0; j < i; j++) {
            ck_assert_int_ne(looks[i].fg, looks[j].fg);
        }
    }
    tui_look_series(8, 6, 0x2588, &look);
    ck_assert_uint_ne(look.code, 0x2588);

    /* Eighth blocks and braille keep their character. */
    tui_look_series(8, 6, 0x258c, &look);
    ck_assert_uint_eq(look.code, 0x258c);
    tui_look_series(256, 2, 0x2811, &look);
    ck_assert_uint_eq(look.code, 0x2811);
}
END_TEST

START_TEST(series_mono_shades)
{
    /* Monochrome: full blocks of 8 series become 8 distinct characters;
     * other characters stay and alternate normal and bold. */
    struct tui_look looks[8];
    struct tui_look even;
    struct tui_look odd;
    int i;
    int j;

    for (i = 0; i < 8; i++) {
        tui_look_series(0, i, 0x2588, &looks[i]);
        ck_assert_uint_ne(looks[i].code, ' ');
        for (j = 0; j < i; j++) {
            ck_assert_uint_ne(looks[i].code, looks[j].code);
        }
    }
    tui_look_series(0, 0, 0x2847, &even);
    tui_look_series(0, 1, 0x2847, &odd);
    ck_assert_uint_eq(even.code, 0x2847);
    ck_assert_uint_eq(odd.code, 0x2847);
    ck_assert_int_ne(even.attrs, odd.attrs);
}
END_TEST

static Suite *
widget_suite(void)
{
    Suite *suite = suite_create("tui-widget");
    TCase *input = tcase_create("input");
    TCase *list = tcase_create("list");
    TCase *text = tcase_create("text");
    TCase *looks = tcase_create("looks");

    tcase_add_test(input, input_encodes_utf8);
    tcase_add_test(input, input_backspace_whole_character);
    tcase_add_test(input, input_delete_ascii_backspace);
    tcase_add_test(input, input_backspace_at_start);
    tcase_add_test(input, input_cursor_moves_by_character);
    tcase_add_test(input, input_insert_and_delete_mid_text);
    tcase_add_test(input, input_ctrl_u_clears);
    tcase_add_test(input, input_rejects_control_characters);
    tcase_add_test(input, input_full_field_rejects);
    tcase_add_test(input, input_limit_reports_full);
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

    tcase_add_test(looks, map_classes_distinct);
    tcase_add_test(looks, map_special_fills_distinct);
    tcase_add_test(looks, map_mono_characters_alone);
    tcase_add_test(looks, map_eight_colours_lightness);
    tcase_add_test(looks, map_eight_colours_sides_differ);
    tcase_add_test(looks, map_sequential_darkens);
    tcase_add_test(looks, map_diverging_light_middle);
    tcase_add_test(looks, map_half_blocks_256);
    tcase_add_test(looks, map_one_pixel_below_256);
    tcase_add_test(looks, series_colours_distinct);
    tcase_add_test(looks, series_mono_shades);
    suite_add_tcase(suite, looks);
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
