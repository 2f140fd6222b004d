/*
 * terrish: the fixture of the end-to-end tests of strategies.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tests/strategy-fixture.h"

#define LYON "69123"

/* The server that plan_setup starts. plan_server points to it after
 * plan_setup, and to the caller's server after plan_attach alone. */
static struct e2e_server own_server;

struct e2e_server *plan_server;
struct store *plan_store;
struct strategy_catalogue *plan_catalogue;
int64_t plan_lyon_id;

void
plan_attach(struct e2e_server *server, struct store *store)
{
    const char *data = getenv("TERRISH_DATA");
    struct territory lyon;
    char *error = NULL;

    plan_server = server;
    plan_store = store;
    ck_assert_msg(strategy_catalogue_load_dir(data != NULL ? data : "data",
                                              &plan_catalogue, &error) == 0,
                  "%s", error);
    memset(&lyon, 0, sizeof lyon);
    ck_assert_int_eq(store_territory_get(store, LEVEL_COMMUNE, LYON, &lyon), 0);
    plan_lyon_id = lyon.id;
    territory_clear(&lyon);
}

void
plan_detach(void)
{
    strategy_catalogue_free(plan_catalogue);
    plan_catalogue = NULL;
    plan_store = NULL;
    plan_server = NULL;
}

void
plan_setup(void)
{
    struct store *store = NULL;
    char *error = NULL;

    ck_assert_int_eq(e2e_server_start(&own_server, NULL), 0);
    ck_assert_msg(
        store_open(own_server.store, STORE_OPEN_EXISTING, &store, &error) == 0,
        "%s", error);
    plan_attach(&own_server, store);
}

void
plan_teardown(void)
{
    struct store *store = plan_store;

    plan_detach();
    store_close(store);
    e2e_server_free(&own_server);
}

void
plan_press(struct e2e_term *term, const char *keys)
{
    ck_assert_int_eq(e2e_term_send(term, keys), 0);
}

struct e2e_term *
plan_login(const char *user, const char *lang, int cols, int rows)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    const char *env[] = {lang, NULL};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, plan_server->port, user, &auth, cols,
                                   rows, "xterm-256color", env),
                     0);
    ck_assert(e2e_term_wait_row(term, rows - 1, "?:", PLAN_WAIT_MS));
    return term;
}

void
plan_open_lyon(struct e2e_term *term)
{
    plan_press(term, "/");
    e2e_term_drain(term, 200);
    plan_press(term, LYON);
    ck_assert(e2e_term_wait_text(term, "Lyon", PLAN_WAIT_MS));
    e2e_term_drain(term, 300);
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Lyon", PLAN_WAIT_MS));
}

struct e2e_term *
plan_open_strategies(const char *user, const char *lang, int cols, int rows)
{
    struct e2e_term *term = plan_login(user, lang, cols, rows);

    plan_open_lyon(term);
    plan_press(term, "s");
    /* "Strategies" in English, "Stratégies" in French. */
    ck_assert(e2e_term_wait_row(term, 0, "Strat", PLAN_WAIT_MS));
    e2e_term_drain(term, 300);
    return term;
}

struct e2e_term *
plan_open_first(const char *user, const char *lang, int cols, int rows,
                const char *name)
{
    struct e2e_term *term = plan_open_strategies(user, lang, cols, rows);
    char title[512];

    ck_assert(e2e_term_wait_text(term, name, PLAN_WAIT_MS));
    e2e_term_drain(term, 300);
    plan_press(term, "\r");
    snprintf(title, sizeof title, "%s — Lyon", name);
    ck_assert(e2e_term_wait_row(term, 0, title, PLAN_WAIT_MS));
    return term;
}

void
plan_type_value(struct e2e_term *term, const char *prompt, const char *text)
{
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_text(term, prompt, PLAN_WAIT_MS));
    plan_press(term, "\x15"); /* Ctrl-U */
    plan_press(term, text);
    plan_press(term, "\r");
    e2e_term_drain(term, 300);
}

const char *
plan_row_with(struct e2e_term *term, const char *text)
{
    int row = e2e_term_find_row(term, text);

    ck_assert_msg(row >= 0, "no row shows %s:\n%s", text,
                  e2e_term_screen(term));
    return e2e_term_row(term, row);
}

int64_t
plan_create(const char *name, struct strategy *strategy)
{
    int64_t id;

    ck_assert_int_eq(
        store_strategy_create(plan_store, E2E_USER, name, plan_lyon_id, &id),
        0);
    plan_read(E2E_USER, id, strategy);
    return id;
}

void
plan_add_action(struct strategy *strategy, const char *action,
                const char *choice, const char *param, int target_year,
                double value)
{
    char err[256];

    ck_assert_msg(strategy_add_action(strategy, plan_catalogue, action, choice,
                                      2024, err, sizeof err) == 0,
                  "%s", err);
    ck_assert_msg(strategy_set_target(strategy, plan_catalogue,
                                      strategy->item_count - 1, param, 2024,
                                      target_year, value, err, sizeof err) == 0,
                  "%s", err);
}

int64_t
plan_make(const char *name, double value)
{
    struct strategy strategy;
    int64_t id = plan_create(name, &strategy);

    plan_add_action(&strategy, "electrification", "", "electric_share", 2030,
                    value);
    ck_assert_int_eq(store_strategy_save(plan_store, E2E_USER, &strategy), 0);
    strategy_clear(&strategy);
    return id;
}

void
plan_read(const char *user, int64_t id, struct strategy *strategy)
{
    strategy_init(strategy);
    ck_assert_int_eq(store_strategy_get(plan_store, user, id, strategy), 0);
}

struct strategy_result *
plan_compute(const struct strategy *strategy)
{
    struct strategy_result *result = xcalloc(1, sizeof *result);
    struct strategy_baseline base;

    ck_assert_int_eq(store_strategy_baseline(plan_store, plan_lyon_id, &base),
                     0);
    strategy_baseline_apply(&base, strategy);
    ck_assert_msg(strategy_compute(plan_catalogue, strategy, &base, result) ==
                      0,
                  "%s", result->message);
    return result;
}
