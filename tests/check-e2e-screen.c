/*
 * terrish: end-to-end tests of what the screen shows (search, summary,
 * resizing, too small a terminal).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e.h"

#define TITLE_FR "terrish — Territoires"
#define HINT_FR "?:aide q:quitter"
#define TOO_SMALL_FR "Terminal trop petit"
#define SEARCH_FR "Recherche"
#define WAIT_MS 10000

/* UTF-8 of U+202F NARROW NO-BREAK SPACE, the French thousands separator. */
#define NNBSP "\xe2\x80\xaf"

static struct e2e_server server;

static void
server_setup(void)
{
    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
}

static void
server_teardown(void)
{
    e2e_server_free(&server);
}

/* Log in by key on a cols x rows xterm-256color terminal. */
static struct e2e_term *
term_open(int cols, int rows)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, cols,
                                   rows, "xterm-256color", NULL),
                     0);
    return term;
}

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
 * Read the population of one commune from communes.tsv, whose header line
 * "# code name ... population ..." names the tab-separated columns.
 */
static long long
commune_population(const char *code)
{
    char path[4096];
    char line[1024];
    int column = -1;
    long long population = -1;
    FILE *file;

    snprintf(path, sizeof path, "%s/territories/communes.tsv",
             getenv("TERRISH_DATA"));
    file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (population < 0 && fgets(line, sizeof line, file) != NULL) {
        char *fields[16];
        char *save = NULL;
        char *field;
        int n = 0;

        line[strcspn(line, "\n")] = '\0';
        for (field = strtok_r(line[0] == '#' ? line + 1 : line, "\t", &save);
             field != NULL && n < 16; field = strtok_r(NULL, "\t", &save)) {
            fields[n++] = field;
        }
        if (line[0] == '#') {
            for (int i = 0; i < n; i++) {
                if (strcmp(fields[i] + strspn(fields[i], " "),
                           "population") == 0) {
                    column = i;
                }
            }
        } else if (n > column && column >= 0 &&
                   strcmp(fields[0], code) == 0) {
            population = strtoll(fields[column], NULL, 10);
        }
    }
    fclose(file);
    ck_assert_msg(column >= 0, "no population column in %s", path);
    ck_assert_msg(population >= 0, "commune %s not in %s", code, path);
    return population;
}

/* Write value with U+202F between groups of three digits. */
static void
format_french(long long value, char *buf, size_t size)
{
    char digits[32];
    size_t len;
    size_t used = 0;
    size_t i;

    snprintf(digits, sizeof digits, "%lld", value);
    len = strlen(digits);
    for (i = 0; i < len && used + 5 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            memcpy(buf + used, NNBSP, 3);
            used += 3;
        }
        buf[used++] = digits[i];
    }
    buf[used] = '\0';
}

/* Index of the first row below the search field's result count. */
static int
first_result_row(struct e2e_term *term, int rows)
{
    int n;

    for (n = 0; n < rows; n++) {
        if (strstr(e2e_term_row(term, n), "résultat") != NULL) {
            break;
        }
    }
    for (n++; n < rows; n++) {
        if (e2e_term_row(term, n)[0] != '\0') {
            return n;
        }
    }
    return -1;
}

START_TEST(search_saint_etienne)
{
    struct e2e_term *term = term_open(80, 24);
    char expected[64];
    const char *row;
    int n;

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    ck_assert(e2e_term_wait_text(term, SEARCH_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "st etienne"), 0);
    ck_assert(e2e_term_wait_text(term, "Saint-Étienne", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "42218", WAIT_MS));

    n = first_result_row(term, 24);
    ck_assert_msg(n >= 0, "no result row:\n%s", e2e_term_screen(term));
    row = e2e_term_row(term, n);
    ck_assert_msg(strstr(row, "Saint-Étienne") != NULL &&
                      strstr(row, "42218") != NULL,
                  "first result is not Saint-Étienne 42218:\n%s",
                  e2e_term_screen(term));

    format_french(commune_population("42218"), expected, sizeof expected);
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, expected, WAIT_MS));
    ck_assert_msg(strstr(e2e_term_screen(term), "Saint-Étienne") != NULL,
                  "summary without the commune name");
    e2e_term_close(term);
}
END_TEST

/*
 * Read the latest year of one commune in indicators/population.tsv
 * ("code year category value flag"), its value, and every year of the
 * file as "2013, 2018, 2023" into years.
 */
static void
population_latest(const char *code, int *year, long long *value,
                  char *years, size_t size)
{
    char path[4096];
    char line[256];
    int seen[64];
    int seen_count = 0;
    size_t used = 0;
    FILE *file;

    *year = 0;
    snprintf(path, sizeof path, "%s/indicators/population.tsv",
             getenv("TERRISH_DATA"));
    file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (fgets(line, sizeof line, file) != NULL) {
        char row_code[16];
        int row_year;
        long long row_value;
        int known = 0;

        if (line[0] == '#' ||
            sscanf(line, "%15[^\t]\t%d\t\t%lld", row_code, &row_year,
                   &row_value) != 3) {
            continue;
        }
        for (int i = 0; i < seen_count; i++) {
            known |= seen[i] == row_year;
        }
        if (!known && seen_count < 64) {
            seen[seen_count++] = row_year;
        }
        if (strcmp(row_code, code) == 0 && row_year > *year) {
            *year = row_year;
            *value = row_value;
        }
    }
    fclose(file);
    ck_assert_msg(*year > 0, "commune %s not in %s", code, path);
    for (int i = 0; i < seen_count; i++) {
        for (int j = i + 1; j < seen_count; j++) {
            if (seen[j] < seen[i]) {
                int swap = seen[i];

                seen[i] = seen[j];
                seen[j] = swap;
            }
        }
        used += (size_t)snprintf(years + used, size - used, "%s%d",
                                 i > 0 ? ", " : "", seen[i]);
    }
}

/* Returns the row that shows text, or -1. */
static int
find_row(struct e2e_term *term, int rows, const char *text)
{
    for (int n = 0; n < rows; n++) {
        if (strstr(e2e_term_row(term, n), text) != NULL) {
            return n;
        }
    }
    return -1;
}

START_TEST(summary_indicators_lyon)
{
    struct e2e_term *term = term_open(100, 30);
    char value[64];
    char years[128];
    char expected[160];
    char detail[1024];
    long long population = 0;
    int year;
    int row = -1;
    int moves;

    population_latest("69123", &year, &population, years, sizeof years);
    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    ck_assert(e2e_term_wait_text(term, SEARCH_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "69123"), 0);
    ck_assert(e2e_term_wait_text(term, "Lyon", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, "Indicateurs", WAIT_MS));

    /* Move the highlight down to the population indicator, whose source
     * line then shows on the next row. */
    for (moves = 0; moves < 40; moves++) {
        row = find_row(term, 30, "Population municipale");
        if (row >= 0 && row + 1 < 30 &&
            strstr(e2e_term_row(term, row + 1), "Source") != NULL) {
            break;
        }
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        e2e_term_drain(term, 200);
    }
    ck_assert_msg(moves < 40, "no source line under the population:\n%s",
                  e2e_term_screen(term));

    format_french(population, value, sizeof value);
    snprintf(expected, sizeof expected, "%d", year);
    ck_assert_msg(strstr(e2e_term_row(term, row), value) != NULL,
                  "population line without %s:\n%s", value,
                  e2e_term_screen(term));
    ck_assert_msg(strstr(e2e_term_row(term, row), expected) != NULL,
                  "population line without the year %d:\n%s", year,
                  e2e_term_screen(term));
    /* The source line wraps: join its rows with single spaces. */
    detail[0] = '\0';
    for (int n = row + 1; n < row + 4 && n < 29; n++) {
        const char *text = e2e_term_row(term, n);

        strncat(detail, " ", sizeof detail - strlen(detail) - 1);
        strncat(detail, text + strspn(text, " "),
                sizeof detail - strlen(detail) - 1);
    }
    ck_assert_msg(strstr(detail, "Licence") != NULL,
                  "source line without the licence:\n%s",
                  e2e_term_screen(term));
    snprintf(expected, sizeof expected, "Années" "\xc2\xa0" ": %s", years);
    ck_assert_msg(strstr(detail, expected) != NULL,
                  "source line without \"%s\":\n%s", expected,
                  e2e_term_screen(term));
    e2e_term_close(term);
}
END_TEST

/*
 * Sum the population and area_km2 columns of the communes of an EPCI in
 * communes.tsv, whose header line names the tab-separated columns.
 */
static void
epci_totals(const char *siren, long long *population, double *area)
{
    char path[4096];
    char line[1024];
    int epci_column = -1;
    int population_column = -1;
    int area_column = -1;
    int communes = 0;
    FILE *file;

    *population = 0;
    *area = 0;
    snprintf(path, sizeof path, "%s/territories/communes.tsv",
             getenv("TERRISH_DATA"));
    file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (fgets(line, sizeof line, file) != NULL) {
        char *fields[16];
        char *save = NULL;
        char *field;
        int n = 0;

        line[strcspn(line, "\n")] = '\0';
        for (field = strtok_r(line[0] == '#' ? line + 1 : line, "\t", &save);
             field != NULL && n < 16; field = strtok_r(NULL, "\t", &save)) {
            fields[n++] = field + strspn(field, " ");
        }
        if (line[0] == '#') {
            for (int i = 0; i < n && epci_column < 0; i++) {
                if (strcmp(fields[i], "epci") == 0) {
                    epci_column = i;
                }
            }
            for (int i = 0; i < n && population_column < 0; i++) {
                if (strcmp(fields[i], "population") == 0) {
                    population_column = i;
                }
            }
            for (int i = 0; i < n && area_column < 0; i++) {
                if (strcmp(fields[i], "area_km2") == 0) {
                    area_column = i;
                }
            }
        } else if (epci_column >= 0 && n > area_column &&
                   n > population_column &&
                   strcmp(fields[epci_column], siren) == 0) {
            *population += strtoll(fields[population_column], NULL, 10);
            *area += strtod(fields[area_column], NULL);
            communes++;
        }
    }
    fclose(file);
    ck_assert_msg(communes > 0, "no commune of EPCI %s in %s", siren, path);
}

/*
 * The summary of Saint-Étienne Métropole shows one population. The facts
 * at the top and the "Population municipale" indicator both give the sum
 * of its communes. The density of the facts is that sum over the
 * communes' area, as the density indicator computes it.
 */
START_TEST(summary_epci_one_population)
{
    struct e2e_term *term = term_open(100, 30);
    char population_text[64];
    char density_text[64];
    char *comma;
    long long population = 0;
    double area = 0;
    int row = -1;
    int moves;

    epci_totals("244200770", &population, &area);
    format_french(population, population_text, sizeof population_text);
    snprintf(density_text, sizeof density_text, "%.1f",
             (double)population / area);
    comma = strchr(density_text, '.');
    ck_assert_ptr_nonnull(comma);
    *comma = ',';

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    ck_assert(e2e_term_wait_text(term, SEARCH_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "244200770"), 0);
    ck_assert(e2e_term_wait_text(term, population_text, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, "Indicateurs", WAIT_MS));

    row = find_row(term, 30, "Population (2023)");
    ck_assert_msg(row >= 0 &&
                      strstr(e2e_term_row(term, row), population_text) != NULL,
                  "facts without the population %s of 2023:\n%s",
                  population_text, e2e_term_screen(term));
    row = find_row(term, 30, "Densité");
    ck_assert_msg(row >= 0 &&
                      strstr(e2e_term_row(term, row), density_text) != NULL,
                  "facts without the density %s:\n%s", density_text,
                  e2e_term_screen(term));

    for (moves = 0; moves < 40; moves++) {
        row = find_row(term, 30, "Population municipale");
        if (row >= 0) {
            break;
        }
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        e2e_term_drain(term, 200);
    }
    ck_assert_msg(row >= 0, "no population indicator:\n%s",
                  e2e_term_screen(term));
    ck_assert_msg(strstr(e2e_term_row(term, row), population_text) != NULL,
                  "population indicator without %s:\n%s", population_text,
                  e2e_term_screen(term));
    e2e_term_close(term);
}
END_TEST

/*
 * In English, the themes, the units and the names of the default
 * dashboards are in English too: the catalogue gives their English texts.
 */
START_TEST(summary_in_english)
{
    static const char *const env[] = {"LANG=en_GB.UTF-8", NULL};
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;
    int moves;

    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, 100, 40,
                                   "xterm-256color", env),
                     0);
    ck_assert(e2e_term_wait_text(term, "Territories", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    ck_assert_int_eq(e2e_term_send(term, "69123"), 0);
    ck_assert(e2e_term_wait_text(term, "Lyon", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, "Indicators", WAIT_MS));
    for (moves = 0; moves < 60; moves++) {
        if (e2e_term_poll_text(term, "Economy and society", 0)) {
            break;
        }
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        e2e_term_drain(term, 100);
    }
    ck_assert_msg(moves < 60, "no English theme heading:\n%s",
                  e2e_term_screen(term));
    ck_assert(e2e_term_wait_text(term, " jobs", WAIT_MS));
    ck_assert_msg(strstr(e2e_term_screen(term), "Économie") == NULL,
                  "a French theme heading:\n%s", e2e_term_screen(term));
    ck_assert_msg(strstr(e2e_term_screen(term), " emplois") == NULL,
                  "a French unit:\n%s", e2e_term_screen(term));

    ck_assert_int_eq(e2e_term_send(term, "D"), 0);
    ck_assert(e2e_term_wait_text(term, "Economy and society — Lyon (default)",
                                 WAIT_MS));
    e2e_term_close(term);
}
END_TEST

START_TEST(resize_larger)
{
    struct e2e_term *term = term_open(80, 24);
    const char *screen;
    const char *old_bottom;

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 23, HINT_FR, WAIT_MS));

    ck_assert_int_eq(e2e_term_resize(term, 120, 40), 0);
    ck_assert(e2e_term_wait_row(term, 39, HINT_FR, WAIT_MS));
    e2e_term_drain(term, 300);
    ck_assert_msg(strstr(e2e_term_row(term, 39), E2E_USER) != NULL,
                  "account name not in the new status bar:\n%s",
                  e2e_term_screen(term));
    old_bottom = e2e_term_row(term, 23);
    ck_assert_msg(strstr(old_bottom, HINT_FR) == NULL,
                  "row 24 still holds the status bar:\n%s",
                  e2e_term_screen(term));
    ck_assert_msg(strstr(e2e_term_row(term, 0), TITLE_FR) != NULL,
                  "title not on the first row:\n%s", e2e_term_screen(term));

    screen = e2e_term_screen(term);
    ck_assert_msg(count_text(screen, HINT_FR) == 1,
                  "key hint shown more than once:\n%s", screen);
    ck_assert_msg(count_text(screen, TITLE_FR) == 1,
                  "title shown more than once:\n%s", screen);
    e2e_term_close(term);
}
END_TEST

START_TEST(too_small_then_grow)
{
    struct e2e_term *term = term_open(30, 8);

    ck_assert(e2e_term_wait_text(term, TOO_SMALL_FR, WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "30x8", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "40x12 minimum", WAIT_MS));

    ck_assert_int_eq(e2e_term_resize(term, 80, 24), 0);
    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 23, HINT_FR, WAIT_MS));
    ck_assert_msg(strstr(e2e_term_screen(term), TOO_SMALL_FR) == NULL,
                  "too-small message left on the picker:\n%s",
                  e2e_term_screen(term));
    e2e_term_close(term);
}
END_TEST

static Suite *
screen_suite(void)
{
    Suite *suite = suite_create("e2e-screen");
    TCase *tc = tcase_create("screen");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(30));
    tcase_add_test(tc, search_saint_etienne);
    tcase_add_test(tc, summary_indicators_lyon);
    tcase_add_test(tc, summary_epci_one_population);
    tcase_add_test(tc, summary_in_english);
    tcase_add_test(tc, resize_larger);
    tcase_add_test(tc, too_small_then_grow);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(screen_suite);
}
