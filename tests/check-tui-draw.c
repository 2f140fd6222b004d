/*
 * terrish: unit tests of the map and chart drawing helpers of draw.c. Each
 * case opens a curses screen for a terminal type (writing to a file), draws,
 * and feeds the output to a libvterm screen, whose cells are then compared
 * with the looks of tui_look_map_cell and tui_look_series.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <check.h>
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <vterm.h>

#include "tui/tui-internal.h"

#define ROWS 24
#define COLS 80

/* A curses screen drawing into a file, and the emulator it is played to. */
struct drawing {
    SCREEN *screen;
    FILE *output;
    FILE *input;
    VTerm *vt;
    VTermScreen *vt_screen;
};

static void
drawing_open(struct drawing *drawing, const char *term)
{
    memset(drawing, 0, sizeof(*drawing));
    ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
    setenv("LINES", "24", 1);
    setenv("COLUMNS", "80", 1);
    drawing->output = tmpfile();
    drawing->input = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(drawing->output);
    ck_assert_ptr_nonnull(drawing->input);
    drawing->screen = newterm(term, drawing->output, drawing->input);
    ck_assert_msg(drawing->screen != NULL, "newterm failed for %s", term);
    set_term(drawing->screen);
    tui_palette_init();
}

/* Send what curses drew to a fresh emulator screen. */
static void
drawing_render(struct drawing *drawing)
{
    char buf[4096];
    size_t n;

    refresh();
    fflush(drawing->output);
    drawing->vt = vterm_new(ROWS, COLS);
    vterm_set_utf8(drawing->vt, 1);
    drawing->vt_screen = vterm_obtain_screen(drawing->vt);
    vterm_screen_enable_altscreen(drawing->vt_screen, 1);
    vterm_screen_reset(drawing->vt_screen, 1);

    rewind(drawing->output);
    while ((n = fread(buf, 1, sizeof(buf), drawing->output)) > 0) {
        vterm_input_write(drawing->vt, buf, n);
    }
}

static void
drawing_close(struct drawing *drawing)
{
    endwin();
    delscreen(drawing->screen);
    if (drawing->vt != NULL) {
        vterm_free(drawing->vt);
    }
    fclose(drawing->output);
    fclose(drawing->input);
}

static VTermScreenCell
cell_at(struct drawing *drawing, int row, int col)
{
    VTermScreenCell cell;
    VTermPos pos = {.row = row, .col = col};

    ck_assert(vterm_screen_get_cell(drawing->vt_screen, pos, &cell));
    return cell;
}

/* The colour index of a cell colour, or -1 for the terminal default. */
static int
colour_index(const VTermColor *colour, int background)
{
    if (background ? VTERM_COLOR_IS_DEFAULT_BG(colour)
                   : VTERM_COLOR_IS_DEFAULT_FG(colour)) {
        return -1;
    }
    ck_assert_msg(VTERM_COLOR_IS_INDEXED(colour), "colour is not indexed");
    return colour->indexed.idx;
}

/* Check a drawn cell against a look: its character, and its colours when
 * the look has them (a space shows no foreground). */
static void
assert_cell(struct drawing *drawing, int row, int col,
            const struct tui_look *look)
{
    VTermScreenCell cell = cell_at(drawing, row, col);
    uint32_t code = cell.chars[0] == 0 ? ' ' : cell.chars[0];

    ck_assert_msg(code == look->code, "cell %d,%d is U+%04X, not U+%04X", row,
                  col, code, look->code);
    if (look->code != ' ') {
        ck_assert_int_eq(colour_index(&cell.fg, 0), look->fg);
    }
    ck_assert_int_eq(colour_index(&cell.bg, 1), look->bg);
    ck_assert_int_eq(cell.attrs.bold, (look->attrs & TUI_LOOK_BOLD) != 0);
    ck_assert_int_eq(cell.attrs.reverse, (look->attrs & TUI_LOOK_REVERSE) != 0);
}

static const int special_fills[] = {TUI_FILL_OUTSIDE, TUI_FILL_MISSING,
                                    TUI_FILL_SECRET, TUI_FILL_EDGE,
                                    TUI_FILL_CURSOR};

/* Draw a swatch of width 2 for each class of both ramps and each special
 * fill, one ramp per line, and check every cell. */
static void
check_swatches(const char *term, int depth)
{
    const enum tui_ramp ramps[] = {TUI_RAMP_SEQUENTIAL, TUI_RAMP_DIVERGING};
    struct drawing drawing;
    size_t r;
    size_t s;
    int i;

    drawing_open(&drawing, term);
    ck_assert_int_eq(tui_palette_colours(), depth);
    for (r = 0; r < 2; r++) {
        for (i = 0; i < 9; i++) {
            tui_draw_swatch((int)r, 3 * i, 2, ramps[r], 9, i);
        }
        for (s = 0; s < sizeof(special_fills) / sizeof(special_fills[0]); s++) {
            tui_draw_swatch((int)r, 27 + 3 * (int)s, 2, ramps[r], 9,
                            special_fills[s]);
        }
    }
    drawing_render(&drawing);

    for (r = 0; r < 2; r++) {
        struct tui_look look;

        for (i = 0; i < 9; i++) {
            tui_look_map_cell(depth, ramps[r], 9, i, i, &look);
            assert_cell(&drawing, (int)r, 3 * i, &look);
            assert_cell(&drawing, (int)r, 3 * i + 1, &look);
        }
        for (s = 0; s < sizeof(special_fills) / sizeof(special_fills[0]); s++) {
            tui_look_map_cell(depth, ramps[r], 9, special_fills[s],
                              special_fills[s], &look);
            assert_cell(&drawing, (int)r, 27 + 3 * (int)s, &look);
        }
    }
    drawing_close(&drawing);
}

START_TEST(swatches_256_colours)
{
    check_swatches("xterm-256color", 256);
}
END_TEST

START_TEST(swatches_8_colours)
{
    check_swatches("xterm", 8);
}
END_TEST

START_TEST(swatches_monochrome)
{
    check_swatches("vt100", 0);
}
END_TEST

START_TEST(map_cells_half_blocks)
{
    /* Upper and lower pixels of different fills on 256 colours. */
    const int pairs[][2] = {
        {0, 8},
        {8, 0},
        {TUI_FILL_OUTSIDE, 3},
        {TUI_FILL_MISSING, TUI_FILL_SECRET},
        {TUI_FILL_CURSOR, TUI_FILL_EDGE},
        {5, 5},
    };
    const size_t count = sizeof(pairs) / sizeof(pairs[0]);
    struct drawing drawing;
    size_t i;

    drawing_open(&drawing, "xterm-256color");
    for (i = 0; i < count; i++) {
        tui_draw_map_cell(3, (int)i, TUI_RAMP_SEQUENTIAL, 9, pairs[i][0],
                          pairs[i][1]);
    }
    drawing_render(&drawing);
    for (i = 0; i < count; i++) {
        struct tui_look look;

        tui_look_map_cell(256, TUI_RAMP_SEQUENTIAL, 9, pairs[i][0], pairs[i][1],
                          &look);
        assert_cell(&drawing, 3, (int)i, &look);
    }
    drawing_close(&drawing);
}
END_TEST

START_TEST(series_each_depth)
{
    const struct {
        const char *term;
        int depth;
    } terms[] = {{"xterm-256color", 256}, {"xterm", 8}, {"vt100", 0}};
    const unsigned int codes[] = {0x2588, 0x258c, 0x2847, ' '};
    size_t t;

    for (t = 0; t < sizeof(terms) / sizeof(terms[0]); t++) {
        struct drawing drawing;
        size_t c;
        int series;

        drawing_open(&drawing, terms[t].term);
        for (series = 0; series < 10; series++) {
            for (c = 0; c < sizeof(codes) / sizeof(codes[0]); c++) {
                tui_draw_series(series, 4 * (int)c, 3, series, codes[c]);
            }
        }
        drawing_render(&drawing);
        for (series = 0; series < 10; series++) {
            for (c = 0; c < sizeof(codes) / sizeof(codes[0]); c++) {
                struct tui_look look;

                tui_look_series(terms[t].depth, series, codes[c], &look);
                assert_cell(&drawing, series, 4 * (int)c, &look);
                assert_cell(&drawing, series, 4 * (int)c + 2, &look);
            }
        }
        drawing_close(&drawing);
    }
}
END_TEST

START_TEST(char_in_named_colour)
{
    /* The alert colour is xterm 196 on 256 colours (palette of draw.c). */
    struct drawing drawing;
    VTermScreenCell cell;

    drawing_open(&drawing, "xterm-256color");
    tui_draw_char(5, 7, TUI_COLOUR_ALERT, 0x25b2);
    drawing_render(&drawing);
    cell = cell_at(&drawing, 5, 7);
    ck_assert_uint_eq(cell.chars[0], 0x25b2);
    ck_assert_int_eq(colour_index(&cell.fg, 0), 196);
    ck_assert_int_eq(cell.attrs.bold, 1);
    drawing_close(&drawing);
}
END_TEST

/*
 * Compile a terminal description with 256 colours but only 64 colour
 * pairs into a scratch folder, and point TERMINFO at it.
 */
static void
few_pairs_terminfo(char *dir, size_t size)
{
    const char *tmp = getenv("TERRISH_TEST_TMP");
    char source[700];
    char command[1500];
    FILE *file;

    snprintf(dir, size, "%s/tui-draw-XXXXXX", tmp != NULL ? tmp : "/tmp");
    if (tmp != NULL) {
        ck_assert_msg(mkdir(tmp, 0700) == 0 || errno == EEXIST,
                      "cannot create %s", tmp);
    }
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(source, sizeof(source), "%s/few-pairs.ti", dir);
    file = fopen(source, "w");
    ck_assert_ptr_nonnull(file);
    fputs("terrish-few-pairs|256 colours with 64 colour pairs,\n"
          "\tcolors#256, pairs#64, use=xterm-256color,\n",
          file);
    fclose(file);
    snprintf(command, sizeof(command), "tic -o '%s' '%s'", dir, source);
    ck_assert_msg(system(command) == 0, "%s failed", command);
    setenv("TERMINFO", dir, 1);
}

START_TEST(pairs_run_out)
{
    /*
     * The 14 x 14 pairs of fills in two ramps need far more colour pairs
     * than the terminal's 64 (8 of them for the named colours). The cells
     * drawn first get their own pair; later ones reuse the nearest, so
     * each is still drawn in colours and with its own character.
     */
    int fills[9 + sizeof(special_fills) / sizeof(special_fills[0])];
    const int count = (int)(sizeof(fills) / sizeof(fills[0]));
    char dir[600];
    char command[700];
    struct drawing drawing;
    int exact = 0;
    int top;
    int bottom;
    int r;

    for (r = 0; r < count; r++) {
        fills[r] = r < 9 ? r : special_fills[r - 9];
    }
    few_pairs_terminfo(dir, sizeof(dir));
    drawing_open(&drawing, "terrish-few-pairs");
    ck_assert_int_eq(COLOR_PAIRS, 64);
    ck_assert_int_eq(tui_palette_colours(), 256);
    for (r = 0; r < 2; r++) {
        for (top = 0; top < count; top++) {
            for (bottom = 0; bottom < count; bottom++) {
                tui_draw_map_cell(top, 2 * count * r + bottom, (enum tui_ramp)r,
                                  9, fills[top], fills[bottom]);
            }
        }
    }
    drawing_render(&drawing);

    for (r = 0; r < 2; r++) {
        for (top = 0; top < count; top++) {
            for (bottom = 0; bottom < count; bottom++) {
                VTermScreenCell cell =
                    cell_at(&drawing, top, 2 * count * r + bottom);
                uint32_t code = cell.chars[0] == 0 ? ' ' : cell.chars[0];
                struct tui_look look;

                tui_look_map_cell(256, (enum tui_ramp)r, 9, fills[top],
                                  fills[bottom], &look);
                ck_assert_uint_eq(code, look.code);
                if (look.bg != -1) {
                    ck_assert_int_ne(colour_index(&cell.bg, 1), -1);
                }
                if (colour_index(&cell.bg, 1) == look.bg &&
                    (look.code == ' ' ||
                     colour_index(&cell.fg, 0) == look.fg)) {
                    exact++;
                }
            }
        }
    }
    /* Pairs 8 to 63 were made for 56 cells, and some cells reused one. */
    ck_assert_int_ge(exact, 56);
    ck_assert_int_lt(exact, 2 * count * count);
    drawing_close(&drawing);

    snprintf(command, sizeof(command), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(command), 0);
}
END_TEST

static Suite *
draw_suite(void)
{
    Suite *suite = suite_create("tui-draw");
    TCase *map = tcase_create("map");
    TCase *chart = tcase_create("chart");

    tcase_add_test(map, swatches_256_colours);
    tcase_add_test(map, swatches_8_colours);
    tcase_add_test(map, swatches_monochrome);
    tcase_add_test(map, map_cells_half_blocks);
    tcase_add_test(map, pairs_run_out);
    suite_add_tcase(suite, map);

    tcase_add_test(chart, series_each_depth);
    tcase_add_test(chart, char_in_named_colour);
    suite_add_tcase(suite, chart);
    return suite;
}

int
main(void)
{
    SRunner *runner;
    int failed;

    runner = srunner_create(draw_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
