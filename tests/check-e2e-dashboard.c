/*
 * terrish: end-to-end tests of the dashboards through the real server.
 * They check a default dashboard's figure against the store, build,
 * rename and share a dashboard from the screens, and edit it from two
 * sessions: presence, a widget added by one shown to the other, a widget
 * taken over and a conflict settled. A viewer's edit key and a share code
 * leave the dashboard unchanged.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each session is a libssh client on a libvterm screen, in French (the
 * default language), on a 120x40 terminal so that the grid has 4 columns.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/e2e.h"

#define WAIT_MS 20000
/* A change committed in one session shows in another within this. */
#define LIVE_MS 1000
#define COLS 120
#define ROWS 40

#define GRENOBLE "38185"
#define VIEW_ONLY_FR "Vous ne pouvez que consulter ce tableau de bord"

static struct e2e_server server;
static struct store *store;

static void
server_setup(void)
{
    char *error = NULL;

    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
    ck_assert_msg(
        store_open(server.store, STORE_OPEN_EXISTING, &store, &error) == 0,
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
term_open(const char *user)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, user, &auth, COLS,
                                   ROWS, "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, "Territoires", WAIT_MS));
    return term;
}

static void
term_send(struct e2e_term *term, const char *bytes)
{
    ck_assert_int_eq(e2e_term_send(term, bytes), 0);
}

/* Search a territory and open the first result's summary. */
static void
open_summary(struct e2e_term *term, const char *query, const char *name)
{
    term_send(term, "/");
    term_send(term, query);
    ck_assert(e2e_term_wait_text(term, name, WAIT_MS));
    e2e_term_drain(term, 300);
    term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Indicateurs", WAIT_MS));
}

/* The row that contains text, or -1. */
static int
find_row(struct e2e_term *term, const char *text)
{
    int n;

    for (n = 0; n < ROWS; n++) {
        const char *row = e2e_term_row(term, n);

        if (row != NULL && strstr(row, text) != NULL) {
            return n;
        }
    }
    return -1;
}

/* On the list of dashboards, whose first entry is on row 2 and
 * highlighted, open the entry whose line contains text. */
static void
open_entry(struct e2e_term *term, const char *text)
{
    int row;
    int i;

    ck_assert(e2e_term_wait_text(term, text, WAIT_MS));
    e2e_term_drain(term, 200);
    row = find_row(term, text);
    ck_assert_int_ge(row, 2);
    for (i = 2; i < row; i++) {
        term_send(term, "j");
    }
    term_send(term, "\r");
}

/* Wait until row n no longer contains text. Returns 1, or 0 on timeout
 * after printing the screen. */
static int
wait_row_without(struct e2e_term *term, int n, const char *text,
                 int timeout_ms)
{
    int waited;

    for (waited = 0; waited <= timeout_ms; waited += 100) {
        const char *row = e2e_term_row(term, n);

        if (row != NULL && strstr(row, text) == NULL) {
            return 1;
        }
        e2e_term_drain(term, 100);
    }
    fprintf(stderr, "row %d still shows \"%s\":\n%s\n", n, text,
            e2e_term_screen(term));
    return 0;
}

/* Start adding a widget from the dashboard screen: choose the indicator
 * by its French name in the browser, and wait for the menu of the
 * representations. Enter then adds the first one, a key figure. */
static void
choose_indicator(struct e2e_term *term, const char *indicator_name)
{
    term_send(term, "n");
    ck_assert(e2e_term_wait_text(term, "Indicateurs", WAIT_MS));
    term_send(term, "/");
    term_send(term, indicator_name);
    e2e_term_drain(term, 300);
    term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Montrer l'indicateur en", WAIT_MS));
}

/* The store's value as a key figure shows it: the latest year that has
 * one, "0,86 t CO2e/hab. (2016)", with the decimals of the screens. */
static void
expected_figure(const char *indicator_id, int64_t territory_id, char *buf,
                size_t size)
{
    struct indicator indicator;
    struct indicator_result result;
    char number[64];
    double magnitude;
    int decimals;
    size_t i;

    ck_assert_int_eq(store_indicator_get(store, indicator_id, &indicator), 0);
    memset(&result, 0, sizeof(result));
    for (i = indicator.year_count; i > 0; i--) {
        ck_assert_int_eq(store_indicator_value(store, indicator_id,
                                               territory_id,
                                               indicator.years[i - 1], NULL,
                                               &result),
                         0);
        if (result.flag == RESULT_PRESENT) {
            break;
        }
    }
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
    magnitude = fabs(result.value);
    decimals = magnitude >= 100 || result.value == floor(result.value) ? 0
               : magnitude >= 10                                       ? 1
                                                                       : 2;
    text_format_decimal(number, sizeof(number), result.value, decimals, 1);
    snprintf(buf, size, "%s %s (%d)", number, result.unit, result.year);
    indicator_clear(&indicator);
}

static int64_t
grenoble_id(void)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(
        store_territory_get(store, LEVEL_COMMUNE, GRENOBLE, &territory), 0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* The id of the dashboard of an account with that name, or 0. */
static int64_t
dashboard_named(const char *account, const char *name)
{
    struct dashboard *list = NULL;
    size_t count = 0;
    int64_t id = 0;
    size_t i;

    ck_assert_int_eq(store_dashboard_list(store, account, &list, &count), 0);
    for (i = 0; i < count; i++) {
        if (strcmp(list[i].name, name) == 0) {
            id = list[i].id;
        }
        dashboard_clear(&list[i]);
    }
    free(list);
    return id;
}

static size_t
widget_count(int64_t dashboard_id)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_widgets(store, dashboard_id, &widgets, &count), 0);
    for (i = 0; i < count; i++) {
        widget_clear(&widgets[i]);
    }
    free(widgets);
    return count;
}

/* The title of the first widget of a dashboard (a static copy). */
static const char *
first_title(int64_t dashboard_id)
{
    static char title[256];
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_widgets(store, dashboard_id, &widgets, &count), 0);
    ck_assert_uint_gt(count, 0);
    snprintf(title, sizeof(title), "%s", widgets[0].title);
    for (i = 0; i < count; i++) {
        widget_clear(&widgets[i]);
    }
    free(widgets);
    return title;
}

/* A dashboard of alice for Grenoble with one key figure, made in the
 * store. */
static int64_t
dashboard_make(const char *name)
{
    struct widget widget;
    int64_t id = 0;
    int64_t version = 0;

    ck_assert_int_eq(store_dashboard_create(store, E2E_USER, name,
                                            grenoble_id(), &id),
                     0);
    memset(&widget, 0, sizeof(widget));
    widget.dashboard_id = id;
    widget.indicator_id = "population";
    widget.kind = WIDGET_KPI;
    widget.title = "";
    widget.width = 1;
    widget.height = 1;
    ck_assert_int_eq(store_widget_add(store, E2E_USER, &widget, &version), 0);
    return id;
}

START_TEST(default_mobility_figure_matches_store)
{
    struct e2e_term *term = term_open(E2E_USER);
    struct indicator indicator;
    char expected[128];
    char title[24];
    char *line;
    int row;

    expected_figure("ghg_road_per_inhabitant", grenoble_id(), expected,
                    sizeof(expected));
    ck_assert_int_eq(
        store_indicator_get(store, "ghg_road_per_inhabitant", &indicator), 0);
    open_summary(term, "Grenoble", "Grenoble");
    term_send(term, "b");
    open_entry(term, "Mobilité — Grenoble (par défaut)");
    /* The first widget, top left: its title (cut to the column) and its
     * figure below it. */
    ck_assert(e2e_term_wait_text(term, expected, WAIT_MS));
    row = find_row(term, expected);
    ck_assert_int_ge(row, 1);
    snprintf(title, sizeof(title), "%.20s", indicator.name_fr);
    ck_assert_ptr_nonnull(strstr(e2e_term_row(term, row - 1), title));
    line = xstrdup(e2e_term_row(term, row));
    ck_assert_msg(strncmp(line + 1, expected, strlen(expected)) == 0,
                  "the first figure is not at the left: %s", line);
    free(line);
    /* A default dashboard is read-only until copied. */
    term_send(term, "x");
    ck_assert(e2e_term_wait_text(term, "Un tableau de bord par défaut ne se "
                                       "modifie pas",
                                 WAIT_MS));
    indicator_clear(&indicator);
    e2e_term_close(term);
}
END_TEST

START_TEST(dashboard_built_shared_and_edited_together)
{
    struct e2e_term *alice = term_open(E2E_USER);
    struct e2e_term *bob;
    enum dashboard_access access = ACCESS_NONE;
    struct indicator jobs;
    struct timespec start;
    struct timespec end;
    char expected[128];
    int64_t id;
    int presence;
    double elapsed_ms;

    /* Create, add a widget, rename. */
    open_summary(alice, "Grenoble", "Grenoble");
    term_send(alice, "b");
    ck_assert(e2e_term_wait_text(alice, "Tableaux de bord", WAIT_MS));
    term_send(alice, "n");
    term_send(alice, "Atelier");
    term_send(alice, "\r");
    ck_assert(e2e_term_wait_text(alice, "n'a pas encore de widget", WAIT_MS));
    choose_indicator(alice, "Population municipale");
    term_send(alice, "\r");
    expected_figure("population", grenoble_id(), expected, sizeof(expected));
    ck_assert(e2e_term_wait_text(alice, expected, WAIT_MS));
    term_send(alice, "R");
    term_send(alice, "\x15"); /* Ctrl-U empties the field */
    term_send(alice, "Atelier vélo\r");
    ck_assert(e2e_term_wait_row(alice, 0, "Atelier vélo", WAIT_MS));
    id = dashboard_named(E2E_USER, "Atelier vélo");
    ck_assert_int_ne(id, 0);
    ck_assert_uint_eq(widget_count(id), 1);

    /* Make bob an editor from the sharing screen. */
    term_send(alice, "s");
    ck_assert(e2e_term_wait_text(alice, "Code de partage", WAIT_MS));
    term_send(alice, "g");
    term_send(alice, E2E_USER2 "\r");
    ck_assert(e2e_term_wait_text(alice, "Rôle de " E2E_USER2, WAIT_MS));
    term_send(alice, "e");
    ck_assert(e2e_term_wait_text(alice, E2E_USER2 " : éditeur", WAIT_MS));
    ck_assert_int_eq(store_dashboard_access(store, id, E2E_USER2, &access), 0);
    ck_assert_int_eq(access, ACCESS_EDIT);
    term_send(alice, "\x1b");
    ck_assert(e2e_term_wait_text(alice, "Présents", WAIT_MS));

    /* bob opens it: both see both names on the presence line. */
    bob = term_open(E2E_USER2);
    term_send(bob, "D");
    open_entry(bob, "Atelier vélo");
    ck_assert(e2e_term_wait_text(bob, "Présents", WAIT_MS));
    presence = find_row(bob, "Présents");
    ck_assert(e2e_term_wait_row(bob, presence, E2E_USER, WAIT_MS));
    ck_assert(e2e_term_wait_row(bob, presence, E2E_USER2, WAIT_MS));
    ck_assert(e2e_term_wait_row(alice, presence, E2E_USER2, WAIT_MS));

    /* alice adds a widget: bob's screen shows it within a second of her
     * Enter. */
    ck_assert_int_eq(store_indicator_get(store, "jobs", &jobs), 0);
    choose_indicator(alice, jobs.name_fr);
    ck_assert(e2e_term_poll_text(bob, jobs.name_fr, 300) == 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    term_send(alice, "\r");
    ck_assert(e2e_term_wait_text(bob, jobs.name_fr, LIVE_MS));
    clock_gettime(CLOCK_MONOTONIC, &end);
    elapsed_ms = (double)(end.tv_sec - start.tv_sec) * 1000 +
                 (double)(end.tv_nsec - start.tv_nsec) / 1e6;
    fprintf(stderr, "widget shown to the second session %.0f ms after the "
                    "first one's Enter\n",
            elapsed_ms);
    ck_assert(e2e_term_wait_text(alice, jobs.name_fr, WAIT_MS));
    ck_assert_uint_eq(widget_count(id), 2);

    /* bob edits the first widget's title: alice sees his mark on it, takes
     * it over, and bob's late change meets a conflict that he settles. */
    term_send(bob, "r");
    ck_assert(e2e_term_wait_text(bob, "Titre du widget", WAIT_MS));
    term_send(alice, "h");
    ck_assert(e2e_term_wait_text(alice, "✎ " E2E_USER2, WAIT_MS));
    term_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, E2E_USER2 " modifie ce widget",
                                 WAIT_MS));
    term_send(alice, "o");
    ck_assert(e2e_term_wait_text(bob, E2E_USER " a repris le widget",
                                 WAIT_MS));
    term_send(alice, "\x15Titre d'Alice\r");
    ck_assert(e2e_term_wait_text(bob, "Titre d'Alice", WAIT_MS));
    term_send(bob, "\x15Titre de Bob\r");
    ck_assert(e2e_term_wait_text(bob, "Valeur actuelle : « Titre d'Alice »",
                                 WAIT_MS));
    ck_assert(e2e_term_wait_text(bob, "Votre valeur : « Titre de Bob »",
                                 WAIT_MS));
    term_send(bob, "n");
    ck_assert(e2e_term_wait_text(bob, "Valeur actuelle conservée", WAIT_MS));
    ck_assert_str_eq(first_title(id), "Titre d'Alice");

    /* alice leaves: the presence line of bob drops her. */
    term_send(alice, "\x1b");
    ck_assert(e2e_term_wait_text(alice, "Tableaux de bord", WAIT_MS));
    ck_assert(wait_row_without(bob, presence, E2E_USER, 5000));
    ck_assert(e2e_term_wait_row(bob, presence, E2E_USER2, WAIT_MS));
    indicator_clear(&jobs);
    e2e_term_close(bob);
    e2e_term_close(alice);
}
END_TEST

START_TEST(viewer_edit_key_is_refused)
{
    int64_t id = dashboard_make("Revue");
    struct e2e_term *carol;

    ck_assert_int_eq(
        store_dashboard_grant(store, E2E_USER, id, E2E_USER3, ACCESS_VIEW), 0);
    carol = term_open(E2E_USER3);
    term_send(carol, "D");
    open_entry(carol, "Revue");
    ck_assert(e2e_term_wait_text(carol, "lecteur", WAIT_MS));
    term_send(carol, "x");
    ck_assert(e2e_term_wait_text(carol, VIEW_ONLY_FR, WAIT_MS));
    term_send(carol, "n");
    ck_assert(e2e_term_wait_text(carol, VIEW_ONLY_FR, WAIT_MS));
    ck_assert(e2e_term_poll_text(carol, "Indicateurs", 500) == 0);
    ck_assert_uint_eq(widget_count(id), 1);
    e2e_term_close(carol);
}
END_TEST

START_TEST(share_code_opens_read_only)
{
    int64_t id = dashboard_make("Partagé par code");
    struct e2e_term *alice = term_open(E2E_USER);
    struct e2e_term *carol;
    enum dashboard_access access = ACCESS_NONE;
    struct dashboard dashboard;
    char typed[64];
    int waited;

    /* alice creates the code on the sharing screen. */
    term_send(alice, "D");
    open_entry(alice, "Partagé par code");
    ck_assert(e2e_term_wait_text(alice, "propriétaire", WAIT_MS));
    term_send(alice, "s");
    ck_assert(e2e_term_wait_text(alice, "aucun : c en crée un", WAIT_MS));
    term_send(alice, "c");
    memset(&dashboard, 0, sizeof(dashboard));
    for (waited = 0; waited < WAIT_MS; waited += 100) {
        dashboard_clear(&dashboard);
        ck_assert_int_eq(store_dashboard_get(store, id, &dashboard), 0);
        if (dashboard.share_code[0] != '\0') {
            break;
        }
        e2e_term_drain(alice, 100);
    }
    ck_assert_uint_eq(strlen(dashboard.share_code), DASHBOARD_CODE_LENGTH);
    ck_assert(e2e_term_wait_text(alice, dashboard.share_code, WAIT_MS));

    /* carol has no role: the code opens it, read-only. */
    ck_assert_int_eq(store_dashboard_access(store, id, E2E_USER3, &access), 0);
    ck_assert_int_eq(access, ACCESS_NONE);
    carol = term_open(E2E_USER3);
    term_send(carol, "D");
    ck_assert(e2e_term_wait_text(carol, "Tableaux de bord", WAIT_MS));
    term_send(carol, "o");
    snprintf(typed, sizeof(typed), "%s\r", dashboard.share_code);
    term_send(carol, typed);
    ck_assert(e2e_term_wait_row(carol, 0, "Partagé par code", WAIT_MS));
    ck_assert(e2e_term_wait_text(carol, "lecteur", WAIT_MS));
    term_send(carol, "r");
    ck_assert(e2e_term_wait_text(carol, VIEW_ONLY_FR, WAIT_MS));
    ck_assert_uint_eq(widget_count(id), 1);
    dashboard_clear(&dashboard);
    e2e_term_close(carol);
    e2e_term_close(alice);
}
END_TEST

static Suite *
dashboard_suite(void)
{
    Suite *suite = suite_create("e2e-dashboard");
    TCase *tc = tcase_create("dashboard");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(120));
    tcase_add_test(tc, default_mobility_figure_matches_store);
    tcase_add_test(tc, dashboard_built_shared_and_edited_together);
    tcase_add_test(tc, viewer_edit_key_is_refused);
    tcase_add_test(tc, share_code_opens_read_only);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(dashboard_suite);
}
