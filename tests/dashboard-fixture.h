/*
 * terrish: what the end-to-end tests of dashboards share: a server with a
 * writable handle on its store, terminals on the dashboard screens, and
 * dashboards made in the store. The prefix board_ marks this fixture.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each terminal is a libssh client on a libvterm screen of BOARD_COLS x
 * BOARD_ROWS, so that the grid has 4 columns, in French (the default
 * language). The functions fail the running Check test on error.
 */
#ifndef TERRISH_TESTS_DASHBOARD_FIXTURE_H
#define TERRISH_TESTS_DASHBOARD_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "tests/e2e.h"

#define BOARD_WAIT_MS 20000
/* A change committed in one session shows in another within this. */
#define BOARD_LIVE_MS 1000
#define BOARD_COLS 120
#define BOARD_ROWS 40

/* The message of an edit key pressed by a viewer. */
#define BOARD_VIEW_ONLY_FR "Vous ne pouvez que consulter ce tableau de bord"

/* The server of the running test, and a writable handle on its store. */
extern struct e2e_server board_server;
extern struct store *board_store;

/* Check fixture: start the server and open its store, then close the
 * store, stop the server and remove its folder. */
void board_setup(void);
void board_teardown(void);

/* Log in with the test key and wait for the first screen. */
struct e2e_term *board_term_open(const char *user);
void board_send(struct e2e_term *term, const char *bytes);

/* On the list of dashboards, whose first entry is on row 2 and
 * highlighted, open the entry whose line contains text. */
void board_open_entry(struct e2e_term *term, const char *text);

/* Open the list with the global key D, then the dashboard named name,
 * and wait for its presence line. Returns the row of that line. */
int board_open(struct e2e_term *term, const char *name);

/* Start adding a widget from the dashboard screen: choose the indicator
 * by its French name in the browser, and wait for the menu of the
 * representations. Enter then adds the first one, a key figure. */
void board_choose_indicator(struct e2e_term *term, const char *indicator_name);

/* The store's id of the commune of Grenoble. */
int64_t board_grenoble_id(void);

/* A dashboard of E2E_USER for Grenoble with one key figure of the
 * population, made in the store. Returns its id. */
int64_t board_make(const char *name);

size_t board_widget_count(int64_t dashboard_id);

/* The title of the first widget of a dashboard (a static copy). */
const char *board_first_title(int64_t dashboard_id);

#endif
