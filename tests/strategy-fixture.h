/*
 * terrish: what the end-to-end tests of strategies share: a server with a
 * writable handle on its store, the action catalogue, the id of Lyon
 * (commune 69123), sessions on Lyon's strategies, and strategies made in
 * the store. The prefix plan_ marks this fixture.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The strategies made here belong to E2E_USER (alice). The functions fail
 * the running Check test on error.
 */
#ifndef TERRISH_TESTS_STRATEGY_FIXTURE_H
#define TERRISH_TESTS_STRATEGY_FIXTURE_H

#include <stdint.h>

#include "store/store.h"
#include "store/strategy.h"
#include "tests/e2e.h"

/* The fixture waits up to this for each text it expects on screen. It
 * is BOARD_WAIT_MS of tests/dashboard-fixture.h, because
 * tests/check-e2e-live.c runs its strategy sessions on that fixture's
 * server. */
#define PLAN_WAIT_MS 20000

/* The server of the running test, a writable handle on its store, the
 * catalogue of data/ (or of $TERRISH_DATA) and the store's id of Lyon. */
extern struct e2e_server *plan_server;
extern struct store *plan_store;
extern struct strategy_catalogue *plan_catalogue;
extern int64_t plan_lyon_id;

/* Check fixture: plan_setup starts a server, opens its store and calls
 * plan_attach. plan_teardown calls plan_detach, closes the store, stops
 * the server and removes its folder. */
void plan_setup(void);
void plan_teardown(void);

/* Use a server and store that the caller started and opened: load the
 * catalogue and find Lyon. plan_detach frees the catalogue, and the
 * caller closes the store and stops the server. */
void plan_attach(struct e2e_server *server, struct store *store);
void plan_detach(void);

void plan_press(struct e2e_term *term, const char *keys);

/* Log in as user with the test key and the environment variable lang
 * (such as "LANG=fr_FR.UTF-8") on a screen of cols x rows, and wait for
 * the key hint on the last row. */
struct e2e_term *plan_login(const char *user, const char *lang, int cols,
                            int rows);

/* From the first screen, search for 69123 and open Lyon's summary. */
void plan_open_lyon(struct e2e_term *term);

/* Log in and open Lyon's summary as plan_login and plan_open_lyon do,
 * then open the list of Lyon's strategies. */
struct e2e_term *plan_open_strategies(const char *user, const char *lang,
                                      int cols, int rows);

/* Open the list as plan_open_strategies does, then its highlighted first
 * entry, which must be the strategy named name. */
struct e2e_term *plan_open_first(const char *user, const char *lang, int cols,
                                 int rows, const char *name);

/* Edit the highlighted row: Enter, wait for prompt, clear the input line
 * with Ctrl-U, type text, Enter. */
void plan_type_value(struct e2e_term *term, const char *prompt,
                     const char *text);

/* Return the text of the first row that shows text, which must be on
 * screen. */
const char *plan_row_with(struct e2e_term *term, const char *text);

/* Create alice's strategy name for Lyon in the store and read it into
 * strategy, which the caller saves and clears. Returns its id. */
int64_t plan_create(const char *name, struct strategy *strategy);

/* Add an action to a strategy in memory, with one target from 2024 to
 * target_year. */
void plan_add_action(struct strategy *strategy, const char *action,
                     const char *choice, const char *param, int target_year,
                     double value);

/* Store alice's strategy name for Lyon with car fleet electrification to
 * value % in 2030. Returns its id. */
int64_t plan_make(const char *name, double value);

/* Read strategy id from the store as user into strategy, which the
 * caller clears. A NULL user reads it without checking rights. */
void plan_read(const char *user, int64_t id, struct strategy *strategy);

/* Compute the results of strategy in this process, on Lyon's baseline in
 * the store with the strategy's overrides applied. The caller frees
 * them. */
struct strategy_result *plan_compute(const struct strategy *strategy);

#endif
