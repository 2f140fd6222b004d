/*
 * terrish: end-to-end test of the final energy and households' bill of a
 * strategy through the real server. A strategy of Lyon electrifies cars,
 * renovates dwellings and cuts industry by 90 %, with an industry gas
 * baseline overridden and the published car consumptions and electricity
 * price. A
 * session at 80x24 steps through the quantities and reads each energy
 * row, each part of the bill and the jobs in 2030, against values computed here by
 * the engine on the baseline of the server's own store.
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
#define COLS 80
#define ROWS 24
#define YEAR_2030 (2030 - STRATEGY_FIRST_YEAR)

/* Store alice's strategy and return its content in strategy. */
static void
strategy_make(struct strategy *strategy)
{
    plan_create("Plan energy", strategy);
    plan_add_action(strategy, "electrification", "", "electric_share", 2030,
                    50);
    plan_add_action(strategy, "sector_reduction", "industrie", "reduction",
                    2030, 90);
    plan_add_action(strategy, "renovation", "", "dwellings_per_year", 2030,
                    1000);
    ck_assert_int_eq(
        strategy_set_target(strategy, plan_catalogue, strategy->item_count - 1,
                            "energy_gain", 2024, 2024, 40, NULL, 0),
        0);
    strategy_values_set(&strategy->baselines, "energy/industrie/gaz_naturel",
                        50);
    /* Air pollutant factors of the user's fleet (no published factor is
     * bundled): the NOx of the cars electrified. */
    strategy_values_set(&strategy->coefficients, "car_nox_per_km", 0.5);
    ck_assert_int_eq(store_strategy_save(plan_store, E2E_USER, strategy), 0);
}

/* Press v until the heading of the results names the quantity. */
static void
show_quantity(struct e2e_term *term, const char *heading)
{
    int i;

    for (i = 0; i < STRATEGY_QUANTITIES; i++) {
        if (e2e_term_poll_text(term, heading, 300))
            return;
        ck_assert_int_eq(e2e_term_send(term, "v"), 0);
    }
    ck_assert_msg(0, "no quantity %s:\n%s", heading, e2e_term_screen(term));
}

/* The 2030 line of the totals table of a quantity, as the screen writes
 * it in English. */
static void
expected_line(const struct strategy_result *result,
              enum strategy_quantity quantity, char *buf, size_t size)
{
    double triple[STRATEGY_RANGES];
    char range[96];

    ck_assert_msg(strategy_quantity_value(result, quantity, YEAR_2030, triple),
                  "the result has no %s", strategy_quantity_name(quantity));
    strategy_format_range(range, sizeof range, triple, 0);
    snprintf(buf, size, "2030  %s", range);
}

START_TEST(energy_rows_and_bill_read_on_screen)
{
    static const enum strategy_quantity quantities[] = {
        QUANTITY_ENERGY + SECTOR_INDUSTRY * STRATEGY_CARRIERS + CARRIER_GAS,
        QUANTITY_ELECTRICITY,
        QUANTITY_ENERGY + SECTOR_ROAD * STRATEGY_CARRIERS +
            CARRIER_ELECTRICITY,
        QUANTITY_ENERGY + SECTOR_ROAD * STRATEGY_CARRIERS + CARRIER_PETROLEUM,
        QUANTITY_FUEL,
        QUANTITY_BILL_CHARGING,
        QUANTITY_BILL_TOTAL,
        QUANTITY_JOBS,
        QUANTITY_POLLUTANT + POLLUTANT_NOX,
    };
    struct strategy_result *result;
    struct strategy strategy;
    struct e2e_term *term;
    char heading[192];
    char line[160];
    size_t i;

    strategy_make(&strategy);
    result = plan_compute(&strategy);
    /* The cut of industry gas and the cars electrified must show, or the
     * test proves nothing: 50 GWh cut by 90 %, and some electricity. */
    ck_assert_double_eq_tol(
        result->energy[YEAR_2030][SECTOR_INDUSTRY][CARRIER_GAS]
                      [STRATEGY_CENTRAL],
        5, 1e-9);
    ck_assert(result->energy[YEAR_2030][SECTOR_ROAD][CARRIER_ELECTRICITY]
                            [STRATEGY_CENTRAL] > 1);
    ck_assert(result->has_bill_total);
    /* Electrified cars emit no NOx: the change is a fall. */
    ck_assert(result->has_pollutant[POLLUTANT_NOX]);
    ck_assert(result->pollutant[YEAR_2030][POLLUTANT_NOX][STRATEGY_CENTRAL] <
              -1);
    /* 1,000 dwellings renovated in 2030 keep 340 jobs. */
    ck_assert_double_eq_tol(result->jobs[YEAR_2030][STRATEGY_CENTRAL], 340,
                            1e-9);

    term = plan_open_first(E2E_USER, "LANG=en_US.UTF-8", COLS, ROWS,
                           "Plan energy");
    for (i = 0; i < sizeof quantities / sizeof quantities[0]; i++) {
        double triple[STRATEGY_RANGES];

        /* The test data has no residential electricity for Lyon. */
        if (quantities[i] == QUANTITY_ELECTRICITY &&
            !strategy_quantity_value(result, quantities[i], YEAR_2030, triple))
            continue;
        snprintf(heading, sizeof heading, "%s (%s)",
                 strategy_quantity_name(quantities[i]),
                 strategy_quantity_unit(quantities[i]));
        show_quantity(term, heading);
        expected_line(result, quantities[i], line, sizeof line);
        ck_assert_msg(e2e_term_wait_text(term, line, WAIT_MS),
                      "%s: no \"%s\":\n%s", heading, line,
                      e2e_term_screen(term));
    }
    /* The industry gas starts from the baseline entered, marked so. */
    show_quantity(term, "Final energy, Industry, natural gas (GWh) (entered)");
    /* Without residential electricity its part of the bill does not
     * apply: v skips it. */
    if (!result->has_electricity)
        ck_assert(!e2e_term_poll_text(term,
                                      "Bill change, residential "
                                      "electricity",
                                      300));
    e2e_term_close(term);

    /* In a French session the energy rows have French names. */
    term = plan_open_first(E2E_USER, "LANG=fr_FR.UTF-8", COLS, ROWS,
                           "Plan energy");
    show_quantity(term, "Énergie finale, Industrie, gaz naturel (GWh)");
    e2e_term_close(term);
    strategy_clear(&strategy);
    free(result);
}
END_TEST

static Suite *
energy_suite(void)
{
    Suite *suite = suite_create("e2e-strategy-energy");
    TCase *screens = tcase_create("screens");

    tcase_set_timeout(screens, e2e_timeout(90));
    tcase_add_checked_fixture(screens, plan_setup, plan_teardown);
    tcase_add_test(screens, energy_rows_and_bill_read_on_screen);
    suite_add_tcase(suite, screens);
    return suite;
}

int
main(void)
{
    return e2e_main(energy_suite);
}
