/*
 * terrish: end-to-end tests of changes that reach the other open sessions
 * through the hub, with no key pressed there. The changes are a strategy
 * edited in one session, a strategy shared, unshared and removed over
 * SSH, and a dashboard shared and removed over SSH.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * alice owns every strategy and dashboard here; bob has them open. The
 * test process sets them up through its own handle on the server's store
 * (tests/dashboard-fixture.h, tests/strategy-fixture.h), and computes the
 * expected impacts with the engine on the baseline of that store.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tests/dashboard-fixture.h"
#include "tests/e2e.h"
#include "tests/strategy-fixture.h"
#include "tui/strategy-view.h"

/* A change shows in another session within this. The first test prints
 * the delay it measures (about 20 ms on a 2-core machine): the rest is
 * margin for a loaded machine. */
#define LIVE_MS 2000

static double
ms_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1000 +
           (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/* The dashboard fixture starts the server, and the strategy fixture uses
 * that server and its store. */
static void
live_setup(void)
{
    board_setup();
    plan_attach(&board_server, board_store);
}

static void
live_teardown(void)
{
    plan_detach();
    board_teardown();
}

/* Log in as user with LANG lang, open Lyon's summary, then the list of
 * strategies. */
static struct e2e_term *
open_strategies(const char *user, const char *lang)
{
    return plan_open_strategies(user, lang, BOARD_COLS, BOARD_ROWS);
}

/* The stored target value of the first parameter of strategy id. */
static double
stored_value(int64_t id)
{
    struct strategy strategy;
    double value;

    plan_read(NULL, id, &strategy);
    ck_assert_uint_ge(strategy.item_count, 1);
    value = strategy.items[0].params[0].value;
    strategy_clear(&strategy);
    return value;
}

/*
 * The line of the results table for 2030 that the editor shows in
 * English for strategy id with its target set to value: "2030" and the
 * total GHG range, computed here with the engine.
 */
static void
expected_row(int64_t id, double value, char *buf, size_t size)
{
    struct strategy_result *result;
    struct strategy strategy;
    double triple[STRATEGY_RANGES];
    char range[96];
    char err[256];

    plan_read(NULL, id, &strategy);
    ck_assert_msg(strategy_set_target(&strategy, plan_catalogue, 0,
                                      "electric_share", 2024, 2030, value, err,
                                      sizeof err) == 0,
                  "%s", err);
    result = plan_compute(&strategy);
    ck_assert(strategy_quantity_value(result, QUANTITY_GHG_TOTAL,
                                      2030 - STRATEGY_FIRST_YEAR, triple));
    strategy_format_range(range, sizeof range, triple, 0);
    snprintf(buf, size, "2030  %s", range);
    strategy_clear(&strategy);
    free(result);
}

/* Wait until the screen shows both first and second, without sending a
 * key. Returns 1, or 0 on timeout after printing the screen. */
static int
wait_both_shown(struct e2e_term *term, const char *first, const char *second,
                int timeout_ms)
{
    struct timespec start;

    clock_gettime(CLOCK_MONOTONIC, &start);
    while (ms_since(&start) <= timeout_ms) {
        if (e2e_term_find_row(term, first) >= 0 &&
            e2e_term_find_row(term, second) >= 0)
            return 1;
        e2e_term_drain(term, 20);
    }
    fprintf(stderr, "no \"%s\" and \"%s\" on the screen:\n%s\n", first, second,
            e2e_term_screen(term));
    return 0;
}

/* alice's new target reaches bob's screen, with the impact the engine
 * computes for it, with no key pressed in his session. */
START_TEST(strategy_edit_shows_in_other_session)
{
    int64_t id = plan_make("Plan live", 50);
    struct e2e_term *alice;
    struct e2e_term *bob;
    struct timespec start;
    char before[160];
    char after[160];
    double elapsed_ms;
    int waited;

    ck_assert_int_eq(
        store_strategy_grant(board_store, E2E_USER, id, E2E_USER2, ACCESS_EDIT),
        0);
    expected_row(id, 50, before, sizeof before);
    expected_row(id, 80, after, sizeof after);
    /* The change must move the impact shown, or the test proves nothing. */
    ck_assert_str_ne(before, after);

    alice = open_strategies(E2E_USER, "LANG=en_US.UTF-8");
    plan_press(alice, "\r");
    ck_assert(e2e_term_wait_row(alice, 0, "Plan live — Lyon", BOARD_WAIT_MS));
    bob = open_strategies(E2E_USER2, "LANG=en_US.UTF-8");
    plan_press(bob, "\r");
    ck_assert(e2e_term_wait_row(bob, 0, "Plan live — Lyon", BOARD_WAIT_MS));
    ck_assert(wait_both_shown(bob, "2024 → 2030: 50 %", before, BOARD_WAIT_MS));

    /* alice types the new target on the highlighted parameter. */
    plan_press(alice, "\r");
    ck_assert(e2e_term_wait_text(alice, "Value:", BOARD_WAIT_MS));
    plan_press(alice, "\x15"); /* Ctrl-U */
    plan_press(alice, "2024 2030 80\r");
    for (waited = 0; stored_value(id) != 80 && waited < BOARD_WAIT_MS;
         waited += 10) {
        const struct timespec pause = {0, 10 * 1000000};

        nanosleep(&pause, NULL);
    }
    ck_assert_double_eq(stored_value(id), 80);
    clock_gettime(CLOCK_MONOTONIC, &start);
    ck_assert(wait_both_shown(bob, "2024 → 2030: 80 %", after, LIVE_MS));
    elapsed_ms = ms_since(&start);
    fprintf(stderr,
            "strategy change shown in the other session %.0f ms "
            "after it was stored\n",
            elapsed_ms);
    ck_assert_int_lt(e2e_term_find_row(bob, "2024 → 2030: 50 %"), 0);
    e2e_term_close(bob);
    e2e_term_close(alice);
}
END_TEST

/* The number of actions of strategy id as stored. */
static size_t
stored_actions(int64_t id)
{
    struct strategy strategy;
    size_t count;

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(board_store, E2E_USER, id, &strategy),
                     0);
    count = strategy.item_count;
    strategy_clear(&strategy);
    return count;
}

/* alice presses x once on the second of three reductions, and bob
 * removes the first. The lines move under alice's cursor, so her next x
 * requests a confirmation for the highlighted action instead of removing
 * it. */
START_TEST(pending_removal_is_asked_again_after_a_reload)
{
    static const char *const sectors[] = {"industrie", "tertiaire",
                                          "agriculture"};
    struct strategy strategy;
    struct e2e_term *alice;
    struct e2e_term *bob;
    char err[256];
    int64_t id;
    size_t i;

    ck_assert_int_eq(
        store_strategy_create(board_store, E2E_USER, "Plan x", plan_lyon_id, &id),
        0);
    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(board_store, E2E_USER, id, &strategy),
                     0);
    for (i = 0; i < 3; i++) {
        ck_assert_msg(strategy_add_action(&strategy, plan_catalogue,
                                          "sector_reduction", sectors[i], 2024,
                                          err, sizeof err) == 0,
                      "%s", err);
        ck_assert(strategy_set_target(&strategy, plan_catalogue, i, "reduction",
                                      2024, 2030, 10, err, sizeof err) == 0);
    }
    ck_assert_int_eq(store_strategy_save(board_store, E2E_USER, &strategy), 0);
    strategy_clear(&strategy);
    ck_assert_int_eq(
        store_strategy_grant(board_store, E2E_USER, id, E2E_USER2, ACCESS_EDIT),
        0);

    alice = open_strategies(E2E_USER, "LANG=en_US.UTF-8");
    plan_press(alice, "\r");
    ck_assert(e2e_term_wait_row(alice, 0, "Plan x — Lyon", BOARD_WAIT_MS));
    bob = open_strategies(E2E_USER2, "LANG=en_US.UTF-8");
    plan_press(bob, "\r");
    ck_assert(e2e_term_wait_row(bob, 0, "Plan x — Lyon", BOARD_WAIT_MS));

    plan_press(alice, "j");
    e2e_term_drain(alice, 200);
    plan_press(alice, "x");
    ck_assert(e2e_term_wait_text(alice, "Press x again", BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(alice, "Tertiary", BOARD_WAIT_MS));
    plan_press(bob, "x");
    ck_assert(e2e_term_wait_text(bob, "Press x again", BOARD_WAIT_MS));
    plan_press(bob, "x");
    for (i = 0; stored_actions(id) != 2 && i < 500; i++)
        e2e_term_drain(bob, 10);
    ck_assert_uint_eq(stored_actions(id), 2);
    /* alice's screen reads the strategy again without the industry. */
    for (i = 0; e2e_term_find_row(alice, "(Industry)") >= 0 && i < 500; i++)
        e2e_term_drain(alice, 10);
    ck_assert_int_lt(e2e_term_find_row(alice, "(Industry)"), 0);
    plan_press(alice, "x");
    e2e_term_drain(alice, 500);
    ck_assert_uint_eq(stored_actions(id), 2);
    ck_assert(e2e_term_wait_text(alice, "Press x again", BOARD_WAIT_MS));
    e2e_term_close(bob);
    e2e_term_close(alice);
}
END_TEST

/* Run command over SSH as alice; it must succeed. */
static void
exec_ok(const char *command)
{
    char *out = NULL;
    char *err = NULL;
    int status = -1;

    ck_assert_int_eq(e2e_exec(board_server.port, E2E_USER, E2E_PASSWORD,
                              command, &out, &err, &status),
                     0);
    ck_assert_msg(status == 0, "%s: status %d: %s", command, status, err);
    free(out);
    free(err);
}

/* A strategy removed over SSH closes bob's editor with a message, in
 * French by default, and bob's session goes on from the list. */
START_TEST(strategy_removed_over_ssh_closes_editor)
{
    int64_t id = plan_make("Plan parti", 50);
    struct e2e_term *bob;
    char command[64];

    ck_assert_int_eq(
        store_strategy_grant(board_store, E2E_USER, id, E2E_USER2, ACCESS_VIEW),
        0);
    bob = open_strategies(E2E_USER2, "LANG=fr_FR.UTF-8");
    plan_press(bob, "\r");
    ck_assert(e2e_term_wait_row(bob, 0, "Plan parti — Lyon", BOARD_WAIT_MS));

    snprintf(command, sizeof command, "strategies remove %lld", (long long)id);
    exec_ok(command);
    ck_assert(e2e_term_wait_text(
        bob, "La stratégie « Plan parti » a été supprimée.", LIVE_MS));
    ck_assert(e2e_term_wait_row(bob, 0, "Stratégies", LIVE_MS));
    /* The list was read again: the strategy is gone from it. */
    ck_assert(e2e_term_wait_text(bob, "Aucune stratégie", LIVE_MS));
    /* The session goes on. */
    plan_press(bob, "h");
    ck_assert(e2e_term_wait_row(bob, 0, "Lyon", BOARD_WAIT_MS));
    e2e_term_close(bob);
}
END_TEST

/* A share over SSH adds the strategy to bob's open list, and taking it
 * back closes his editor with its own message. */
START_TEST(strategy_unshared_over_ssh_closes_editor)
{
    int64_t id = plan_make("Plan retiré", 50);
    struct e2e_term *bob;
    char command[64];

    bob = open_strategies(E2E_USER2, "LANG=en_US.UTF-8");
    ck_assert(e2e_term_wait_text(bob, "No strategy yet", BOARD_WAIT_MS));
    snprintf(command, sizeof command, "strategies share %lld bob viewer",
             (long long)id);
    exec_ok(command);
    ck_assert(e2e_term_wait_text(bob, "Plan retiré", LIVE_MS));
    plan_press(bob, "\r");
    ck_assert(e2e_term_wait_row(bob, 0, "Plan retiré — Lyon", BOARD_WAIT_MS));

    snprintf(command, sizeof command, "strategies unshare %lld bob",
             (long long)id);
    exec_ok(command);
    ck_assert(e2e_term_wait_text(
        bob, "You no longer have access to the strategy “Plan retiré”.",
        LIVE_MS));
    ck_assert(e2e_term_wait_row(bob, 0, "Strategies", LIVE_MS));
    ck_assert(e2e_term_wait_text(bob, "No strategy yet", LIVE_MS));
    e2e_term_close(bob);
}
END_TEST

/* A dashboard shared over SSH joins bob's open list. Removed over SSH
 * while bob shows it, his screen shows a message and goes back to the
 * list. */
START_TEST(dashboard_removed_over_ssh_closes_screen)
{
    int64_t id = board_make("Tableau parti");
    struct e2e_term *bob = board_term_open(E2E_USER2);
    char command[64];

    board_send(bob, "D");
    ck_assert(e2e_term_wait_row(bob, 0, "Tableaux de bord", BOARD_WAIT_MS));
    e2e_term_drain(bob, 300);
    ck_assert_int_lt(e2e_term_find_row(bob, "Tableau parti"), 0);
    snprintf(command, sizeof command, "dashboards share %lld bob viewer",
             (long long)id);
    exec_ok(command);
    ck_assert(e2e_term_wait_text(bob, "Tableau parti", LIVE_MS));
    board_open_entry(bob, "Tableau parti");
    ck_assert(e2e_term_wait_row(bob, 0, "Tableau parti", BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(bob, "Présents", BOARD_WAIT_MS));

    snprintf(command, sizeof command, "dashboards remove %lld", (long long)id);
    exec_ok(command);
    ck_assert(e2e_term_wait_text(
        bob, "Le tableau de bord « Tableau parti » a été supprimé.", LIVE_MS));
    ck_assert(e2e_term_wait_row(bob, 0, "Tableaux de bord", LIVE_MS));
    ck_assert(e2e_term_wait_row_without(bob, 2, "Tableau parti", LIVE_MS));
    e2e_term_close(bob);
}
END_TEST

static Suite *
live_suite(void)
{
    Suite *suite = suite_create("e2e-live");
    TCase *tc = tcase_create("live");

    tcase_add_checked_fixture(tc, live_setup, live_teardown);
    tcase_set_timeout(tc, e2e_timeout(90));
    tcase_add_test(tc, strategy_edit_shows_in_other_session);
    tcase_add_test(tc, strategy_removed_over_ssh_closes_editor);
    tcase_add_test(tc, strategy_unshared_over_ssh_closes_editor);
    tcase_add_test(tc, dashboard_removed_over_ssh_closes_screen);
    tcase_add_test(tc, pending_removal_is_asked_again_after_a_reload);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(live_suite);
}
