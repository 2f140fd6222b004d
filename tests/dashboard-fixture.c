/*
 * terrish: the fixture of the end-to-end tests of dashboards.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/dashboard-fixture.h"

#define GRENOBLE "38185"

struct e2e_server board_server;
struct store *board_store;

void
board_setup(void)
{
    char *error = NULL;

    ck_assert_int_eq(e2e_server_start(&board_server, NULL), 0);
    ck_assert_msg(store_open(board_server.store, STORE_OPEN_EXISTING,
                             &board_store, &error) == 0,
                  "cannot open %s: %s", board_server.store, error);
}

void
board_teardown(void)
{
    store_close(board_store);
    board_store = NULL;
    e2e_server_free(&board_server);
}

struct e2e_term *
board_term_open(const char *user)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, board_server.port, user, &auth,
                                   BOARD_COLS, BOARD_ROWS, "xterm-256color",
                                   NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, "Territoires", BOARD_WAIT_MS));
    return term;
}

void
board_send(struct e2e_term *term, const char *bytes)
{
    ck_assert_int_eq(e2e_term_send(term, bytes), 0);
}

void
board_open_entry(struct e2e_term *term, const char *text)
{
    int row;
    int i;

    ck_assert(e2e_term_wait_text(term, text, BOARD_WAIT_MS));
    e2e_term_drain(term, 200);
    row = e2e_term_find_row(term, text);
    ck_assert_int_ge(row, 2);
    for (i = 2; i < row; i++) {
        board_send(term, "j");
    }
    board_send(term, "\r");
}

int
board_open(struct e2e_term *term, const char *name)
{
    board_send(term, "D");
    board_open_entry(term, name);
    ck_assert(e2e_term_wait_row(term, 0, name, BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "Présents", BOARD_WAIT_MS));
    return e2e_term_find_row(term, "Présents");
}

void
board_choose_indicator(struct e2e_term *term, const char *indicator_name)
{
    board_send(term, "n");
    ck_assert(e2e_term_wait_text(term, "Indicateurs", BOARD_WAIT_MS));
    board_send(term, "/");
    board_send(term, indicator_name);
    e2e_term_drain(term, 300);
    board_send(term, "\r");
    ck_assert(
        e2e_term_wait_text(term, "Montrer l'indicateur en", BOARD_WAIT_MS));
}

int64_t
board_grenoble_id(void)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(
        store_territory_get(board_store, LEVEL_COMMUNE, GRENOBLE, &territory),
        0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

int64_t
board_make(const char *name)
{
    struct widget widget;
    int64_t id = 0;
    int64_t version = 0;

    ck_assert_int_eq(store_dashboard_create(board_store, E2E_USER, name,
                                            board_grenoble_id(), &id),
                     0);
    memset(&widget, 0, sizeof(widget));
    widget.dashboard_id = id;
    widget.indicator_id = "population";
    widget.kind = WIDGET_KPI;
    widget.title = "";
    widget.width = 1;
    widget.height = 1;
    ck_assert_int_eq(store_widget_add(board_store, E2E_USER, &widget, &version),
                     0);
    return id;
}

size_t
board_widget_count(int64_t dashboard_id)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_widgets(board_store, dashboard_id, &widgets, &count),
        0);
    for (i = 0; i < count; i++) {
        widget_clear(&widgets[i]);
    }
    free(widgets);
    return count;
}

const char *
board_first_title(int64_t dashboard_id)
{
    static char title[256];
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_widgets(board_store, dashboard_id, &widgets, &count),
        0);
    ck_assert_uint_gt(count, 0);
    snprintf(title, sizeof(title), "%s", widgets[0].title);
    for (i = 0; i < count; i++) {
        widget_clear(&widgets[i]);
    }
    free(widgets);
    return title;
}
