/*
 * terrish: end-to-end tests of the analysis screen: a département's
 * communes as a map, an EPCI's chart and a table, read through a real SSH
 * connection and terminal emulator, and checked against the store and
 * against reference screens kept in tests/golden.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * A reference screen is the text of the terminal, row by row. When the
 * screen is meant to change, run the test with TERRISH_GOLDEN_UPDATE=1 to
 * write the new references, and review them with git diff.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/e2e.h"

#define WAIT_MS 20000
#define LEGEND_FR "Légende"
#define EXPORT_FR "Export : "
#define CURSOR_MARK "\xe2\x96\xb8 " /* U+25B8 and a space */

static struct e2e_server server;
static struct store *store;

static void
server_setup(void)
{
    char *error = NULL;

    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
    ck_assert_msg(
        store_open(server.store, STORE_OPEN_READONLY, &store, &error) == 0,
        "cannot open %s: %s", server.store, error);
}

static void
server_teardown(void)
{
    store_close(store);
    store = NULL;
    e2e_server_free(&server);
}

static struct e2e_term *
term_open(int cols, int rows, const char *type)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, cols,
                                   rows, type, NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, "Territoires", WAIT_MS));
    return term;
}

/* Search a territory by name and open the first result's summary. */
static void
open_summary(struct e2e_term *term, const char *query, const char *name)
{
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    ck_assert_int_eq(e2e_term_send(term, query), 0);
    ck_assert(e2e_term_wait_text(term, name, WAIT_MS));
    e2e_term_drain(term, 300);
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, "Indicateurs", WAIT_MS));
}

/* From a summary, choose an indicator by its French name in the browser
 * and wait for its map and legend. */
static void
open_analysis(struct e2e_term *term, const char *indicator_name)
{
    ck_assert_int_eq(e2e_term_send(term, "i"), 0);
    e2e_term_drain(term, 300);
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    ck_assert_int_eq(e2e_term_send(term, indicator_name), 0);
    e2e_term_drain(term, 300);
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, EXPORT_FR, WAIT_MS));
}

/* Wait until the screen stops changing. */
static void
settle(struct e2e_term *term)
{
    char *before = NULL;
    int rounds;

    for (rounds = 0; rounds < 40; rounds++) {
        const char *now;

        e2e_term_drain(term, 250);
        now = e2e_term_screen(term);
        if (before != NULL && strcmp(before, now) == 0) {
            break;
        }
        free(before);
        before = xstrdup(now);
    }
    free(before);
}

/* Compare the screen with tests/golden/NAME.txt, or write it there when
 * TERRISH_GOLDEN_UPDATE is set. */
/* Copy the screen with the test server's port, which changes at every
 * run, written "PORT" in the commands it shows. The caller frees it. */
static char *
screen_without_port(struct e2e_term *term)
{
    const char *screen = e2e_term_screen(term);
    char *copy = xcalloc(1, strlen(screen) + 1);
    const char *in = screen;
    char *out = copy;

    while (*in != '\0') {
        if (strncmp(in, "ssh -p ", 7) == 0 && in[7] >= '0' && in[7] <= '9') {
            memcpy(out, "ssh -p PORT", 11);
            out += 11;
            in += 7;
            while (*in >= '0' && *in <= '9') {
                in++;
            }
            continue;
        }
        *out++ = *in++;
    }
    *out = '\0';
    return copy;
}

static void
golden_check(struct e2e_term *term, const char *name)
{
    const char *update = getenv("TERRISH_GOLDEN_UPDATE");
    char *screen = screen_without_port(term);
    char path[4096];
    char *expected;
    size_t length;
    FILE *file;

    snprintf(path, sizeof(path), "%s/../tests/golden/%s.txt",
             getenv("TERRISH_DATA"), name);
    if (update != NULL && update[0] != '\0') {
        file = fopen(path, "w");
        ck_assert_msg(file != NULL, "cannot write %s: %s", path,
                      strerror(errno));
        fprintf(file, "%s\n", screen);
        ck_assert_int_eq(fclose(file), 0);
        free(screen);
        return;
    }
    file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot read %s: %s", path, strerror(errno));
    expected = xcalloc(1, 1 << 20);
    length = fread(expected, 1, (1 << 20) - 1, file);
    fclose(file);
    if (length > 0 && expected[length - 1] == '\n') {
        expected[length - 1] = '\0';
    }
    ck_assert_msg(strcmp(expected, screen) == 0,
                  "screen differs from %s\n--- expected\n%s\n--- shown\n%s",
                  path, expected, screen);
    free(expected);
    free(screen);
}

/* The row that contains text, or -1. */
static int
find_row(struct e2e_term *term, int rows, const char *text)
{
    int n;

    for (n = 0; n < rows; n++) {
        if (strstr(e2e_term_row(term, n), text) != NULL) {
            return n;
        }
    }
    return -1;
}

/* Format a value as the screen does for a whole number: French digit
 * groups, then the unit. */
static void
expected_value(const struct indicator_result *result, char *buf, size_t size)
{
    char number[64];

    ck_assert_int_eq(result->flag, RESULT_PRESENT);
    ck_assert(result->value == (double)(long long)result->value);
    text_format_int(number, sizeof(number), (long long)result->value, 1);
    snprintf(buf, size, "%s %s", number, result->unit);
}

/*
 * Read the unit under the cursor from the line "▸ NAME (CODE) : VALUE,
 * YEAR — rang R/N", and check its value against the store.
 */
static void
check_cursor_unit(struct e2e_term *term, int rows, const char *indicator,
                  enum territory_level level, char *code_out)
{
    struct territory unit;
    struct indicator_result result;
    char expected[128];
    char code[16];
    const char *row;
    const char *open;
    const char *close;
    int year;
    int n = find_row(term, rows, CURSOR_MARK);

    ck_assert_msg(n >= 0, "no unit under the cursor:\n%s",
                  e2e_term_screen(term));
    row = e2e_term_row(term, n);
    open = strrchr(row, '(');
    close = open != NULL ? strchr(open, ')') : NULL;
    ck_assert_msg(close != NULL && close - open - 1 < (int)sizeof(code),
                  "no code in %s", row);
    memcpy(code, open + 1, (size_t)(close - open - 1));
    code[close - open - 1] = '\0';
    ck_assert_msg(
        sscanf(strstr(close, ", ") != NULL ? strstr(close, ", ") + 2 : "", "%d",
               &year) == 1,
        "no year in %s", row);

    ck_assert_int_eq(store_territory_get(store, level, code, &unit), 0);
    ck_assert_msg(strstr(row, unit.name) != NULL, "%s is not %s", row,
                  unit.name);
    ck_assert_int_eq(
        store_indicator_value(store, indicator, unit.id, year, NULL, &result),
        0);
    expected_value(&result, expected, sizeof(expected));
    ck_assert_msg(strstr(row, expected) != NULL, "%s does not show %s", row,
                  expected);
    territory_clear(&unit);
    if (code_out != NULL) {
        snprintf(code_out, 16, "%s", code);
    }
}

/* Count the distinct background colours in a rectangle. */
static int
count_backgrounds(struct e2e_term *term, int top, int left, int bottom,
                  int right)
{
    int seen[64];
    int count = 0;
    int y;
    int x;

    for (y = top; y < bottom; y++) {
        for (x = left; x < right; x++) {
            struct e2e_cell cell;
            int i;

            if (e2e_term_cell(term, y, x, &cell) != 0 || cell.bg < 0) {
                continue;
            }
            for (i = 0; i < count && seen[i] != cell.bg; i++) {
            }
            if (i == count && count < 64) {
                seen[count++] = cell.bg;
            }
        }
    }
    return count;
}

/* The map of Isère's communes: reference screen, the unit under the
 * cursor against the store before and after a move, and its colours. */
static void
map_isere(int cols, int rows, const char *golden)
{
    struct e2e_term *term = term_open(cols, rows, "xterm-256color");
    char first[16];
    char second[16];

    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    settle(term);
    golden_check(term, golden);
    check_cursor_unit(term, rows, "population", LEVEL_COMMUNE, first);
    ck_assert_msg(count_backgrounds(term, 2, 0, rows - 2, cols) >= 5,
                  "fewer than five colours on the map:\n%s",
                  e2e_term_screen(term));

    ck_assert_int_eq(e2e_term_send(term, "l"), 0);
    settle(term);
    check_cursor_unit(term, rows, "population", LEVEL_COMMUNE, second);
    ck_assert_msg(strcmp(first, second) != 0,
                  "the cursor stayed on %s after a move right", first);
    e2e_term_close(term);
}

START_TEST(map_departement_80x24)
{
    map_isere(80, 24, "map-isere-80x24");
}
END_TEST

START_TEST(map_departement_160x50)
{
    map_isere(160, 50, "map-isere-160x50");
}
END_TEST

/* The chart of an EPCI's emissions by sector: each bar's value is the
 * store's value for that sector. */
static void
chart_epci(int cols, int rows, const char *golden)
{
    struct e2e_term *term = term_open(cols, rows, "xterm-256color");
    struct territory epci;
    struct indicator indicator;
    size_t i;

    ck_assert_int_eq(store_territory_get(store, LEVEL_EPCI, "200040715", &epci),
                     0);
    ck_assert_int_eq(store_indicator_get(store, "ghg_emissions", &indicator),
                     0);
    open_summary(term, "grenoble alpes metropole", epci.name);
    open_analysis(term, "gaz a effet de serre");
    ck_assert_int_eq(e2e_term_send(term, "\t"), 0);
    ck_assert(e2e_term_wait_text(term, "Total", WAIT_MS));
    settle(term);
    golden_check(term, golden);

    for (i = 0; i < indicator.category_count; i++) {
        struct indicator_result result;
        char number[64];
        int n = find_row(term, rows, indicator.category_names_fr[i]);

        ck_assert_msg(n >= 0, "no bar for %s:\n%s",
                      indicator.category_names_fr[i], e2e_term_screen(term));
        ck_assert_int_eq(store_indicator_value(store, "ghg_emissions", epci.id,
                                               indicator.years[0],
                                               indicator.categories[i],
                                               &result),
                         0);
        if (result.flag != RESULT_PRESENT && result.flag != RESULT_PARTIAL) {
            continue;
        }
        text_format_decimal(number, sizeof(number), result.value,
                            result.value >= 100 ? 0 : 2, 1);
        ck_assert_msg(strstr(e2e_term_row(term, n), number) != NULL,
                      "bar of %s does not show %s:\n%s",
                      indicator.category_names_fr[i], number,
                      e2e_term_row(term, n));
    }
    indicator_clear(&indicator);
    territory_clear(&epci);
    e2e_term_close(term);
}

START_TEST(chart_epci_80x24)
{
    chart_epci(80, 24, "chart-grenoble-80x24");
}
END_TEST

START_TEST(chart_epci_160x50)
{
    chart_epci(160, 50, "chart-grenoble-160x50");
}
END_TEST

/* Finds the largest value of a mesh. */
struct largest {
    double value;
    char code[16];
};

static int
largest_row(const struct mesh_row *row, void *arg)
{
    struct largest *largest = arg;

    if (row->result->flag == RESULT_PRESENT &&
        row->result->value > largest->value) {
        largest->value = row->result->value;
        snprintf(largest->code, sizeof(largest->code), "%s", row->unit->code);
    }
    return 0;
}

/* The table of Isère's communes: the first row, ranked 1, is the commune
 * with the largest population in the store. */
static void
table_isere(int cols, int rows, const char *golden)
{
    struct e2e_term *term = term_open(cols, rows, "xterm-256color");
    struct territory isere;
    struct indicator indicator;
    struct largest largest = {-1, ""};
    int n;

    ck_assert_int_eq(
        store_territory_get(store, LEVEL_DEPARTEMENT, "38", &isere), 0);
    ck_assert_int_eq(store_indicator_get(store, "population", &indicator), 0);
    ck_assert_int_eq(
        store_indicator_mesh(store, "population", isere.id, LEVEL_COMMUNE,
                             indicator.years[indicator.year_count - 1], NULL,
                             largest_row, &largest),
        0);
    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert_int_eq(e2e_term_send(term, "\t\t"), 0);
    ck_assert(e2e_term_wait_text(term, "Rang", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "dans son ensemble", WAIT_MS));
    settle(term);
    golden_check(term, golden);
    n = find_row(term, rows, "Rang");
    ck_assert_msg(
        n >= 0 && strstr(e2e_term_row(term, n + 1), largest.code) != NULL,
        "first row is not %s:\n%s", largest.code, e2e_term_screen(term));
    ck_assert_msg(strncmp(e2e_term_row(term, n + 1), "    1", 5) == 0,
                  "first row is not ranked 1: %s", e2e_term_row(term, n + 1));
    indicator_clear(&indicator);
    territory_clear(&isere);
    e2e_term_close(term);
}

START_TEST(table_departement_80x24)
{
    table_isere(80, 24, "table-isere-80x24");
}
END_TEST

START_TEST(table_departement_160x50)
{
    table_isere(160, 50, "table-isere-160x50");
}
END_TEST

/*
 * A vt100 has no colours: the classes must still differ by their
 * characters, and the legend must be there in words.
 */
START_TEST(map_vt100_readable)
{
    struct e2e_term *term = term_open(80, 24, "vt100");
    const char *screen;
    int y;
    int x;
    int shaded = 0;

    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    settle(term);
    screen = e2e_term_screen(term);
    ck_assert_msg(strstr(screen, "quantiles") != NULL,
                  "no class method in the legend:\n%s", screen);
    ck_assert_msg(strchr(screen, '\x1b') == NULL, "escape on screen");
    for (y = 2; y < 20; y++) {
        for (x = 0; x < 48; x++) {
            struct e2e_cell cell;

            if (e2e_term_cell(term, y, x, &cell) == 0 && cell.code > 0x7f) {
                shaded++;
            }
        }
    }
    ck_assert_msg(shaded > 100, "the map has no shading on vt100:\n%s", screen);
    check_cursor_unit(term, 24, "population", LEVEL_COMMUNE, NULL);
    e2e_term_close(term);
}
END_TEST

/*
 * Resize the terminal again and again while the 4,000 outlines of the
 * région's communes are read and drawn: the screen must end up laid out
 * for the last size, and the server must still accept keys.
 */
START_TEST(resize_while_drawing)
{
    static const int sizes[][2] = {
        {100, 30}, {60, 20}, {200, 60}, {41, 13}, {120, 40},
    };
    struct e2e_term *term = term_open(120, 40, "xterm-256color");
    size_t i;
    int n;

    open_summary(term, "auvergne rhone alpes", "Auvergne-Rhône-Alpes");
    open_analysis(term, "population municipale");
    /* Communes rather than départements: the heaviest map. */
    ck_assert_int_eq(e2e_term_send(term, "mm"), 0);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        ck_assert_int_eq(e2e_term_resize(term, sizes[i][0], sizes[i][1]), 0);
        e2e_term_drain(term, 150);
    }
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    settle(term);
    n = find_row(term, 40, LEGEND_FR);
    ck_assert_msg(n >= 0, "no legend:\n%s", e2e_term_screen(term));
    ck_assert_msg(strstr(e2e_term_screen(term), "communes") != NULL,
                  "not the communes mesh:\n%s", e2e_term_screen(term));
    check_cursor_unit(term, 40, "population", LEVEL_COMMUNE, NULL);
    ck_assert_int_eq(e2e_term_send(term, "q"), 0);
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, NULL));
    e2e_term_close(term);
}
END_TEST

/* Count the occurrences of needle in text. */
static int
count_text(const char *text, const char *needle)
{
    int count = 0;

    while ((text = strstr(text, needle)) != NULL) {
        count++;
        text += strlen(needle);
    }
    return count;
}

/*
 * Compare Isère with Savoie: two maps side by side, each with its legend,
 * and one set of classes for both so that colours mean the same.
 */
START_TEST(compare_two_departements)
{
    struct e2e_term *term = term_open(160, 50, "xterm-256color");
    const char *screen;
    const char *first_class;
    char line[128];
    int n;

    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "C"), 0);
    ck_assert_int_eq(e2e_term_send(term, "savoie"), 0);
    ck_assert(e2e_term_wait_text(term, "Haute-Savoie", WAIT_MS));
    e2e_term_drain(term, 300);
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, "Savoie  ", WAIT_MS));
    settle(term);
    screen = e2e_term_screen(term);
    ck_assert_msg(count_text(screen, LEGEND_FR) == 2, "not two legends:\n%s",
                  screen);
    /* The highest class of the first legend is shown in both. */
    n = find_row(term, 50, "quantiles");
    ck_assert_msg(n >= 0, "no class method:\n%s", screen);
    first_class = e2e_term_row(term, n + 1);
    snprintf(line, sizeof(line), "%s", strrchr(first_class, ' ') + 1);
    ck_assert_msg(count_text(e2e_term_screen(term), line) >= 2,
                  "the legends differ (%s):\n%s", line, e2e_term_screen(term));
    ck_assert_int_eq(e2e_term_send(term, "C"), 0);
    settle(term);
    ck_assert_int_eq(count_text(e2e_term_screen(term), LEGEND_FR), 1);
    e2e_term_close(term);
}
END_TEST

/* Charging points over the map, then proportional symbols. */
START_TEST(points_and_symbols)
{
    struct e2e_term *term = term_open(160, 50, "xterm-256color");
    struct indicator layer;
    const char *row;
    long shown = 0;
    int year = 0;
    int glyphs = 0;
    int n;
    int y;
    int x;

    ck_assert_int_eq(store_indicator_get(store, "irve_locations", &layer), 0);
    ck_assert_int_eq(store_point_latest_year(store, "irve_locations", &year),
                     0);
    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "P"), 0);
    ck_assert(e2e_term_wait_text(term, "sites sur la carte", WAIT_MS));
    settle(term);
    n = find_row(term, 50, "sites sur la carte");
    row = e2e_term_row(term, n);
    {
        /* The legend is on the right of the map: read the number just
         * before the words. */
        const char *words = strstr(row, " sites sur la carte");
        const char *digits = words;

        while (digits > row && digits[-1] >= '0' && digits[-1] <= '9') {
            digits--;
        }
        shown = strtol(digits, NULL, 10);
    }
    ck_assert_msg(shown > 0, "no charging location in Isère: %s", row);
    ck_assert_msg(strstr(e2e_term_screen(term), layer.name_fr) != NULL,
                  "the layer is not named:\n%s", e2e_term_screen(term));
    for (y = 3; y < 47; y++) {
        for (x = 0; x < 128; x++) {
            struct e2e_cell cell;

            if (e2e_term_cell(term, y, x, &cell) == 0 &&
                (cell.code == 0x00b7 || cell.code == 0x2022 ||
                 cell.code == 0x25cf || cell.code == 0x25c9)) {
                glyphs++;
            }
        }
    }
    ck_assert_msg(glyphs > 0 && glyphs <= shown,
                  "%d point glyphs for %ld locations", glyphs, shown);
    (void)year;

    ck_assert_int_eq(e2e_term_send(term, "p"), 0);
    ck_assert(e2e_term_wait_text(term, "proportionnelle", WAIT_MS));
    indicator_clear(&layer);
    e2e_term_close(term);
}
END_TEST

/*
 * The layer of industrial releases names its year and its source, like
 * the others, and writes its thresholds in tonnes per year, the kg of the
 * data divided by 1,000, so that each line fits the legend.
 */
START_TEST(releases_legend_in_tonnes)
{
    struct e2e_term *term = term_open(120, 40, "xterm-256color");
    char text[64];
    int year = 0;
    int n;

    ck_assert_int_eq(store_point_latest_year(store, "irep_releases", &year), 0);
    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    /* The layers come in turn: charging points, EU ETS, then releases. */
    ck_assert_int_eq(e2e_term_send(term, "PPP"), 0);
    ck_assert(e2e_term_wait_text(term, "sites sur la carte", WAIT_MS));
    settle(term);
    /* The screen is too large for a Check message: it goes to the log. */
    fprintf(stderr, "%s\n", e2e_term_screen(term));
    snprintf(text, sizeof(text), "(%d)", year);
    ck_assert_msg(strstr(e2e_term_screen(term), text) != NULL,
                  "the layer has no year %s", text);
    n = find_row(term, 40, "sites sur la carte");
    ck_assert_msg(n >= 0 &&
                      strstr(e2e_term_row(term, n + 1), "Source") != NULL &&
                      strstr(e2e_term_row(term, n + 1), "Ministère") != NULL,
                  "no source under the layer");
    ck_assert_int_eq(count_text(e2e_term_screen(term), " t/an"), 4);
    ck_assert_msg(strstr(e2e_term_screen(term), "kg/an") == NULL,
                  "thresholds in kg/an");
    ck_assert_msg(strstr(e2e_term_screen(term), "100\xe2\x80\xaf"
                                                "000 – 1\xe2\x80\xaf"
                                                "000\xe2\x80\xaf"
                                                "000 t/an") != NULL,
                  "a threshold line is cut");
    e2e_term_close(term);
}
END_TEST

/*
 * Sorted by name, the communes of Saint-Étienne Métropole keep "Saint-" as
 * written: every "Saint-..." comes before "Sorbiers". In reverse order,
 * which shows the end of the alphabet first, Sorbiers is above them.
 */
START_TEST(table_sorts_saint_as_written)
{
    struct e2e_term *term = term_open(160, 60, "xterm-256color");
    int sorbiers;
    int saint;

    open_summary(term, "244200770", "Saint-Étienne Métropole");
    open_analysis(term, "population municipale");
    ck_assert_int_eq(e2e_term_send(term, "\t\t"), 0);
    ck_assert(e2e_term_wait_text(term, "Rang", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "s"), 0);
    settle(term);
    ck_assert_int_eq(e2e_term_send(term, "r"), 0);
    ck_assert(e2e_term_wait_text(term, "Sorbiers", WAIT_MS));
    settle(term);
    sorbiers = find_row(term, 60, "Sorbiers");
    saint = find_row(term, 60, "Saint-Chamond");
    /* The screen is too large for a Check message: name the rows. */
    ck_assert_msg(saint >= 0, "Saint-Chamond not shown");
    ck_assert_msg(sorbiers < saint,
                  "Sorbiers (row %d) is not after Saint-Chamond (row %d) by "
                  "name",
                  sorbiers, saint);
    e2e_term_close(term);
}
END_TEST

/*
 * Back from an analysis chosen with a search of the indicator browser,
 * the list has the keyboard again: '?' opens the help instead of being
 * typed into the search field, which keeps its text.
 */
START_TEST(browser_search_left_after_choice)
{
    struct e2e_term *term = term_open(120, 40, "xterm-256color");

    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert_int_eq(e2e_term_send(term, "\x1b"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "terrish — Indicateurs", WAIT_MS));
    e2e_term_drain(term, 300);
    ck_assert_int_eq(e2e_term_send(term, "?"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "Aide", WAIT_MS));
    ck_assert_msg(strstr(e2e_term_screen(term), "municipale?") == NULL,
                  "'?' was typed into the search field");
    e2e_term_close(term);
}
END_TEST

/* A map of one unit has one class, written in the singular. */
START_TEST(one_class_singular)
{
    struct e2e_term *term = term_open(120, 40, "xterm-256color");

    open_summary(term, "38185", "Grenoble");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "1 classe", WAIT_MS));
    ck_assert_msg(strstr(e2e_term_screen(term), "1 classes") == NULL,
                  "the legend reads \"1 classes\"");
    e2e_term_close(term);
}
END_TEST

/* Copy the ASCII characters of columns from .. to - 1 of a row, without
 * the spaces at the end. */
static void
ascii_columns(struct e2e_term *term, int row, int from, int to, char *out,
              size_t size)
{
    size_t length = 0;
    int col;

    for (col = from; col < to && length + 1 < size; col++) {
        struct e2e_cell cell;

        ck_assert_int_eq(e2e_term_cell(term, row, col, &cell), 0);
        out[length++] =
            cell.code > 0 && cell.code < 0x80 ? (char)cell.code : ' ';
    }
    while (length > 0 && out[length - 1] == ' ') {
        length--;
    }
    out[length] = '\0';
}

/* Run a command line and return what it printed, which the caller frees. */
static char *
run_local(const char *command)
{
    FILE *pipe = popen(command, "r");
    char *out = xcalloc(1, 1 << 22);
    size_t length;

    ck_assert_msg(pipe != NULL, "cannot run %s", command);
    length = fread(out, 1, (1 << 22) - 1, pipe);
    out[length] = '\0';
    ck_assert_int_eq(pclose(pipe), 0);
    return out;
}

/*
 * The command that "e" shows prints the current view: run it over SSH as
 * shown, and compare with the local export of the same store.
 */
START_TEST(export_command_runs)
{
    struct e2e_term *term = term_open(100, 30, "xterm-256color");
    char prefix[128];
    char command[1024] = "";
    char local[8192];
    char *out = NULL;
    char *err = NULL;
    char *expected;
    int status = -1;
    int n;
    int i;

    open_summary(term, "isere", "Isère");
    open_analysis(term, "population municipale");
    ck_assert(e2e_term_wait_text(term, LEGEND_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "e"), 0);
    ck_assert(e2e_term_wait_text(term, "en CSV :", WAIT_MS));
    /* The box's heading may arrive before the lines of the command. */
    settle(term);
    n = find_row(term, 30, "en CSV :");
    /* The command is wrapped at spaces over the next lines of the box. */
    for (i = n + 1; i < 30; i++) {
        char row[128];
        const char *text;

        ascii_columns(term, i, 3, 97, row, sizeof(row));
        text = row + strspn(row, " ");
        if (*text == '\0') {
            break;
        }
        if (command[0] != '\0') {
            strncat(command, " ", sizeof(command) - strlen(command) - 1);
        }
        strncat(command, text, sizeof(command) - strlen(command) - 1);
    }
    snprintf(prefix, sizeof(prefix), "ssh -p %d %s@127.0.0.1 ", server.port,
             E2E_USER);
    ck_assert_msg(strncmp(command, prefix, strlen(prefix)) == 0,
                  "the command does not start with %s: %s", prefix, command);
    ck_assert_msg(strstr(command, "--mesh commune") != NULL &&
                      strstr(command, "--territory departement:38") != NULL,
                  "not the view's command: %s", command);

    ck_assert_int_eq(e2e_exec(server.port, E2E_USER, E2E_PASSWORD,
                              command + strlen(prefix), &out, &err, &status),
                     0);
    ck_assert_msg(status == 0, "exit %d: %s", status, err);
    snprintf(local, sizeof(local), "'%s' %s --store '%s'",
             getenv("TERRISH_BIN"), command + strlen(prefix), server.store);
    expected = run_local(local);
    ck_assert_msg(strlen(out) > 1000, "short export: %s", out);
    ck_assert_str_eq(out, expected);
    free(expected);
    free(out);
    free(err);
    e2e_term_close(term);
}
END_TEST

static Suite *
analysis_suite(void)
{
    Suite *suite = suite_create("e2e-analysis");
    TCase *tc = tcase_create("analysis");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(120));
    tcase_add_test(tc, map_departement_80x24);
    tcase_add_test(tc, map_departement_160x50);
    tcase_add_test(tc, chart_epci_80x24);
    tcase_add_test(tc, chart_epci_160x50);
    tcase_add_test(tc, table_departement_80x24);
    tcase_add_test(tc, table_departement_160x50);
    tcase_add_test(tc, map_vt100_readable);
    tcase_add_test(tc, resize_while_drawing);
    tcase_add_test(tc, compare_two_departements);
    tcase_add_test(tc, points_and_symbols);
    tcase_add_test(tc, releases_legend_in_tonnes);
    tcase_add_test(tc, one_class_singular);
    tcase_add_test(tc, browser_search_left_after_choice);
    tcase_add_test(tc, table_sorts_saint_as_written);
    tcase_add_test(tc, export_command_runs);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(analysis_suite);
}
