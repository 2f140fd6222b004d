/*
 * terrish: end-to-end test of the strategy screens over SSH. From the
 * summary of Lyon it creates a strategy, adds car fleet electrification
 * and a cut of residential emissions, types their targets, and reads the
 * 2030 total on screen. The expected total is computed in this process by
 * the engine, on the baseline read from the test server's own store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tests/e2e.h"
#include "tests/strategy-fixture.h"
#include "tui/strategy-view.h"

#define WAIT_MS 10000
#define COLS 120
#define ROWS 40

/* Press j count times, then Enter. */
static void
choose(struct e2e_term *term, int count)
{
    int i;

    for (i = 0; i < count; i++) {
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        e2e_term_drain(term, 50);
    }
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
}

/* The 2030 national path of Lyon as the results show it, set by
 * expected_total(). */
static char expected_path[64];

/* The 2030 total of the same strategy, computed here on Lyon's baseline
 * in the server's store. */
static void
expected_total(char *buf, size_t size)
{
    struct strategy_baseline base;
    struct strategy_result *result;
    struct strategy strategy;

    ck_assert_int_eq(store_strategy_baseline(plan_store, plan_lyon_id, &base),
                     0);
    /* Lyon has no car fleet of its own, so the Rhône's share is used. */
    ck_assert_str_eq(base.origin[BASELINE_EV_SHARE], "departement 69");

    strategy_init(&strategy);
    plan_add_action(&strategy, "electrification", "", "electric_share", 2030,
                    50);
    plan_add_action(&strategy, "sector_reduction", "residentiel", "reduction",
                    2030, 40);
    result = plan_compute(&strategy);
    strategy_format(
        buf, size,
        result->ghg_total[2030 - STRATEGY_FIRST_YEAR][STRATEGY_CENTRAL], 0);
    /* The strategy must have changed something, or the test proves
     * nothing. */
    ck_assert(result->ghg_total[2030 - STRATEGY_FIRST_YEAR][STRATEGY_CENTRAL] <
              result->ghg_reference_total - 1000);
    ck_assert_int_eq(result->has_national_path, 1);
    strategy_format(
        expected_path, sizeof expected_path,
        result->national_path[2030 - STRATEGY_FIRST_YEAR][STRATEGY_CENTRAL],
        0);

    strategy_clear(&strategy);
    free(result);
}

/* Log in in English, open Lyon's strategies and create one named name:
 * the editor is open on it. */
static struct e2e_term *
new_strategy_of_lyon(const char *name)
{
    struct e2e_term *term =
        plan_login(E2E_USER, "LANG=en_US.UTF-8", COLS, ROWS);
    char text[128];

    plan_open_lyon(term);
    ck_assert(e2e_term_wait_row(term, 0, "terrish — Lyon", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "s"), 0);
    ck_assert(e2e_term_wait_text(term, "No strategy yet", WAIT_MS));
    snprintf(text, sizeof text, "n%s\r", name);
    ck_assert_int_eq(e2e_term_send(term, text), 0);
    snprintf(text, sizeof text, "%s — Lyon", name);
    ck_assert(e2e_term_wait_row(term, 0, text, WAIT_MS));
    return term;
}

/* The value of home_work_share_car_km in strategy 1, or -1 when the
 * strategy has none. */
static double
stored_home_work_share(void)
{
    struct strategy strategy;
    double value = -1;

    plan_read(E2E_USER, 1, &strategy);
    if (!strategy_values_get(&strategy.coefficients, "home_work_share_car_km",
                             &value))
        value = -1;
    strategy_clear(&strategy);
    return value;
}

/* An input out of its bounds is rejected when typed, and the message
 * gives the bounds. The strategy keeps its previous value, and a value
 * within the bounds is saved. */
START_TEST(input_out_of_bounds_rejected_when_typed)
{
    struct e2e_term *term = new_strategy_of_lyon("Plan ratio");
    int i;

    /* Telework is the first action: two parameters, then the share of
     * home-to-work trips in car-km, which the user gives. */
    ck_assert_int_eq(e2e_term_send(term, "a"), 0);
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    choose(term, 0);
    ck_assert(e2e_term_wait_text(term, "missing input", WAIT_MS));
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(e2e_term_send(term, "k"), 0);
        e2e_term_drain(term, 50);
    }
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        e2e_term_drain(term, 50);
    }
    plan_type_value(term, "Value:", "40");
    ck_assert(e2e_term_wait_text(term, "Rejected", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "outside the bounds 0 to 1", WAIT_MS));
    ck_assert_double_eq(stored_home_work_share(), -1);
    /* Not a decimal number, or something after it: not a number. */
    plan_type_value(term, "Value:", "0x10");
    ck_assert(e2e_term_wait_text(term, "Not a number: 0x10", WAIT_MS));
    plan_type_value(term, "Value:", "0.3 extra");
    ck_assert(e2e_term_wait_text(term, "Not a number: 0.3 extra", WAIT_MS));
    ck_assert_double_eq(stored_home_work_share(), -1);
    plan_type_value(term, "Value:", "0.3");
    e2e_term_drain(term, 300);
    ck_assert_double_eq_tol(stored_home_work_share(), 0.3, 1e-12);
    e2e_term_close(term);
}
END_TEST

/* The custom target point of 2050 in strategy 1, or -1 when it has
 * none. */
static double
stored_goal_2050(void)
{
    struct strategy strategy;
    double value = -1;

    plan_read(E2E_USER, 1, &strategy);
    if (!strategy_values_get(&strategy.goals, "2050", &value))
        value = -1;
    strategy_clear(&strategy);
    return value;
}

/* A target point is kept when the value typed after its year is not a
 * number, and refused below zero; the year alone removes it. */
START_TEST(target_point_refuses_text_and_negative_values)
{
    struct e2e_term *term = new_strategy_of_lyon("Plan target");
    int i;

    /* The last row adds a point of the target path. */
    for (i = 0; i < 60; i++) {
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        e2e_term_drain(term, 20);
    }
    ck_assert(e2e_term_wait_text(term, "add a point", WAIT_MS));
    plan_type_value(term, "Value:", "2050 300000");
    ck_assert_double_eq_tol(stored_goal_2050(), 300000, 1e-9);
    plan_type_value(term, "Value:", "2050 abc");
    ck_assert(e2e_term_wait_text(term, "Not a number: abc", WAIT_MS));
    ck_assert_double_eq_tol(stored_goal_2050(), 300000, 1e-9);
    plan_type_value(term, "Value:", "2050 -5");
    ck_assert(e2e_term_wait_text(term, "outside the bounds", WAIT_MS));
    ck_assert_double_eq_tol(stored_goal_2050(), 300000, 1e-9);
    plan_type_value(term, "Value:", "2050.5 10");
    ck_assert(e2e_term_wait_text(term, "Type a year from 2020 to 2050",
                                 WAIT_MS));
    plan_type_value(term, "Value:", "2050");
    e2e_term_drain(term, 300);
    ck_assert_double_eq(stored_goal_2050(), -1);
    e2e_term_close(term);
}
END_TEST

START_TEST(two_action_strategy_shows_engine_total)
{
    struct e2e_term *term =
        plan_login(E2E_USER, "LANG=en_US.UTF-8", COLS, ROWS);
    char total[64];
    char line[96];

    plan_open_lyon(term);
    ck_assert(e2e_term_wait_row(term, 0, "terrish — Lyon", WAIT_MS));

    ck_assert_int_eq(e2e_term_send(term, "s"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "No strategy yet", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "n"), 0);
    ck_assert(e2e_term_wait_text(term, "Name:", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "Plan e2e\r"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "Plan e2e — Lyon", WAIT_MS));

    /* Electrification is the fifth action of the catalogue. */
    ck_assert_int_eq(e2e_term_send(term, "a"), 0);
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    choose(term, 4);
    ck_assert(e2e_term_wait_text(term, "Car fleet electrification", WAIT_MS));
    /* Its target has no default: no result until it is given. */
    ck_assert(e2e_term_wait_text(term, "missing input", WAIT_MS));
    plan_type_value(term, "Value:", "2024 2030 50");
    ck_assert(e2e_term_wait_text(term, "2024 → 2030: 50 %", WAIT_MS));

    /* The sector reduction is the eighth; residential is its sixth
     * choice. */
    ck_assert_int_eq(e2e_term_send(term, "a"), 0);
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    choose(term, 7);
    ck_assert(e2e_term_wait_text(term, "Reduce which sector?", WAIT_MS));
    choose(term, 5);
    ck_assert(e2e_term_wait_text(term,
                                 "Reduction of one sector "
                                 "(Residential)",
                                 WAIT_MS));
    plan_type_value(term, "Value:", "2024 2030 40");
    ck_assert(e2e_term_wait_text(term, "2024 → 2030: 40 %", WAIT_MS));

    expected_total(total, sizeof total);
    snprintf(line, sizeof line, "2030  %s [", total);
    ck_assert(e2e_term_wait_text(term, line, WAIT_MS));
    /* The national path under the chart, with its 2030 level. */
    snprintf(line, sizeof line, "2019): %s in 2030", expected_path);
    ck_assert(e2e_term_wait_text(term, line, WAIT_MS));
    snprintf(line, sizeof line, "2030  %s [", total);

    /* An out-of-bounds target is rejected with its bounds. */
    plan_type_value(term, "Value:", "2024 2030 140");
    ck_assert(e2e_term_wait_text(term, "0 to 100", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, line, WAIT_MS));
    e2e_term_close(term);
}
END_TEST

/* Build the strategy of the first test through the screens. */
static void
strategy_build(void)
{
    struct e2e_term *term = new_strategy_of_lyon("Plan e2e");

    ck_assert_int_eq(e2e_term_send(term, "a"), 0);
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    choose(term, 4);
    plan_type_value(term, "Value:", "2024 2030 50");
    ck_assert_int_eq(e2e_term_send(term, "a"), 0);
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    choose(term, 7);
    ck_assert(e2e_term_wait_text(term, "Reduce which sector?", WAIT_MS));
    choose(term, 5);
    plan_type_value(term, "Value:", "2024 2030 40");
    ck_assert(e2e_term_wait_text(term, "2024 → 2030: 40 %", WAIT_MS));
    e2e_term_close(term);
}

START_TEST(export_gives_engine_total_and_checks_rights)
{
    char *out = NULL;
    char *err = NULL;
    char total[64];
    char expected[128];
    double central = 0;
    const char *row;
    int status;

    strategy_build();
    expected_total(total, sizeof total);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              "export strategy 1 --format csv", &out, &err,
                              &status),
                     0);
    ck_assert_msg(status == 0, "status %d: %s", status, err);
    ck_assert(strstr(out, "year;quantity;unit;low;central;high\n") == out);
    /* Before the actions start, car fuel spending changes by 0, not by a
     * negative zero. */
    ck_assert_msg(strstr(out, "\n2020;car_fuel_spending_change;EUR;0;0;0\n") !=
                      NULL,
                  "%s", out);
    ck_assert(strstr(out, ";-0") == NULL);
    row = strstr(out, "\n2030;ghg_total;t CO2e;");
    ck_assert_msg(row != NULL, "%s", out);
    ck_assert_int_eq(
        sscanf(row, "\n2030;ghg_total;t CO2e;%*[^;];%lf", &central), 1);
    /* The same number as on screen, rounded the same way. */
    strategy_format(expected, sizeof expected, central, 0);
    ck_assert_str_eq(expected, total);
    /* The national path: the law's 2050 level (1990 / 6) is the 2030
     * one (1990 x 0.6) times 1 / 3.6, whatever the territory. */
    {
        double path_2030 = 0;
        double path_2050 = 0;

        row = strstr(out, "\n2030;ghg_national_path;t CO2e;");
        ck_assert_msg(row != NULL, "%s", out);
        ck_assert_int_eq(sscanf(row, "\n2030;ghg_national_path;t CO2e;%*[^;];%lf",
                                &path_2030),
                         1);
        row = strstr(out, "\n2050;ghg_national_path;t CO2e;");
        ck_assert_ptr_nonnull(row);
        ck_assert_int_eq(sscanf(row, "\n2050;ghg_national_path;t CO2e;%*[^;];%lf",
                                &path_2050),
                         1);
        ck_assert(path_2030 > 0);
        ck_assert_double_eq_tol(path_2050 / path_2030, 1 / 3.6, 1e-9);
    }
    free(out);
    free(err);

    /* Another account may not read it until it is shared. */
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER2, E2E_PASSWORD,
                              "export strategy 1", &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 4);
    free(out);
    free(err);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              "export strategy 99", &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 3);
    free(out);
    free(err);
}
END_TEST

/* The row that shows text, or -1. */
static int
row_of(struct e2e_term *term, const char *text)
{
    int n;

    for (n = 0; n < ROWS; n++) {
        if (strstr(e2e_term_row(term, n), text) != NULL) {
            return n;
        }
    }
    return -1;
}

/*
 * Log in as user in English, open Lyon's summary, then the default
 * dashboard of the theme whose list line starts with theme. Returns the
 * terminal showing that dashboard.
 */
static struct e2e_term *
open_lyon_default_dashboard(const char *user, const char *theme)
{
    struct e2e_term *term = plan_login(user, "LANG=en_US.UTF-8", COLS, ROWS);
    int first;
    int wanted;
    int i;

    plan_open_lyon(term);
    e2e_term_drain(term, 500);
    ck_assert_int_eq(e2e_term_send(term, "b"), 0);
    ck_assert(e2e_term_wait_text(term, "(default)", WAIT_MS));
    e2e_term_drain(term, 300);
    first = row_of(term, "(default)");
    wanted = row_of(term, theme);
    ck_assert_msg(first >= 0 && wanted >= first, "no default dashboard %s:\n%s",
                  theme, e2e_term_screen(term));
    for (i = first; i < wanted; i++) {
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
    }
    e2e_term_drain(term, 300);
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    e2e_term_drain(term, 1000);
    return term;
}

/*
 * The greenhouse-gas key figure of Lyon's default dashboard shows, with
 * S, the strategy's 2030 total computed by the engine.
 */
START_TEST(dashboard_widget_shows_strategy_effect)
{
    struct e2e_term *term;
    char total[64];
    char line[96];

    strategy_build();
    expected_total(total, sizeof total);
    term = open_lyon_default_dashboard(E2E_USER, "GHG emissions — ");
    ck_assert_int_eq(e2e_term_send(term, "S"), 0);
    ck_assert(e2e_term_wait_text(term, "Plan e2e", WAIT_MS));
    snprintf(line, sizeof line, "→ 2030: %s [", total);
    ck_assert(e2e_term_wait_text(term, line, WAIT_MS));
    e2e_term_close(term);
}
END_TEST

/*
 * From the sheet of the road-emissions-per-inhabitant widget of Lyon's
 * default mobility dashboard, A makes bob's first strategy for Lyon with
 * the fleet electrification action, and opens it.
 */
START_TEST(sheet_adds_action_to_strategy)
{
    struct e2e_term *term =
        open_lyon_default_dashboard(E2E_USER2, "Mobility — ");

    ck_assert_int_eq(e2e_term_send(term, "a"), 0);
    e2e_term_drain(term, 1000);
    ck_assert_int_eq(e2e_term_send(term, "A"), 0);
    ck_assert(e2e_term_wait_text(term, "Strategy for Lyon", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "Car fleet electrification", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

static Suite *
strategy_suite(void)
{
    Suite *suite = suite_create("e2e-strategy");
    TCase *screens = tcase_create("screens");

    tcase_set_timeout(screens, e2e_timeout(60));
    tcase_add_checked_fixture(screens, plan_setup, plan_teardown);
    tcase_add_test(screens, two_action_strategy_shows_engine_total);
    tcase_add_test(screens, export_gives_engine_total_and_checks_rights);
    tcase_add_test(screens, dashboard_widget_shows_strategy_effect);
    tcase_add_test(screens, sheet_adds_action_to_strategy);
    tcase_add_test(screens, input_out_of_bounds_rejected_when_typed);
    tcase_add_test(screens, target_point_refuses_text_and_negative_values);
    suite_add_tcase(suite, screens);
    return suite;
}

int
main(void)
{
    return e2e_main(strategy_suite);
}
