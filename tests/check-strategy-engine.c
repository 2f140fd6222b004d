/*
 * terrish: tests of the strategy engine against values computed by hand
 * from the coefficients of data/actions/catalogue.json, and of that
 * catalogue's validity.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"
#include "store/strategy.h"

#define YEAR(y) ((y)-STRATEGY_FIRST_YEAR)

static struct strategy_catalogue *catalogue;
static struct strategy strategy;
static struct strategy_baseline base;
static struct strategy_result result;

static const char *
data_dir(void)
{
    const char *dir = getenv("TERRISH_DATA");

    return dir != NULL ? dir : "data";
}

/*
 * Load the real catalogue and a baseline of round numbers: road transport
 * 10,000 t CO2e, residential 5,000 t, every other sector 1,000 t, a 2 %
 * plug-in share of cars, 100 GWh of residential electricity and 50,000
 * main residences.
 */
static void
setup(void)
{
    char *error = NULL;
    int s;

    ck_assert_msg(strategy_catalogue_load_dir(data_dir(), &catalogue,
                                              &error) == 0,
                  "catalogue: %s", error);
    strategy_init(&strategy);
    memset(&base, 0, sizeof base);
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        base.value[s] = 1000;
        base.present[s] = 1;
    }
    base.value[SECTOR_ROAD] = 10000;
    base.value[SECTOR_RESIDENTIAL] = 5000;
    base.value[BASELINE_EV_SHARE] = 2;
    base.present[BASELINE_EV_SHARE] = 1;
    base.value[BASELINE_ELECTRICITY] = 100;
    base.present[BASELINE_ELECTRICITY] = 1;
    base.value[BASELINE_DWELLINGS] = 50000;
    base.present[BASELINE_DWELLINGS] = 1;
}

static void
teardown(void)
{
    strategy_clear(&strategy);
    strategy_catalogue_free(catalogue);
    catalogue = NULL;
}

/* Add an action and set one parameter from 2020 to a target in 2030. */
static void
add(const char *action, const char *choice, const char *param, double value)
{
    char err[256];

    ck_assert_msg(strategy_add_action(&strategy, catalogue, action, choice,
                                      2020, err, sizeof err) == 0,
                  "%s", err);
    ck_assert_msg(strategy_set_target(&strategy, catalogue,
                                      strategy.item_count - 1, param, 2020,
                                      2030, value, err, sizeof err) == 0,
                  "%s", err);
}

/* Set a mix parameter of the last action, constant over the years. */
static void
set_mix(const char *param, double value)
{
    char err[256];

    ck_assert_msg(strategy_set_target(&strategy, catalogue,
                                      strategy.item_count - 1, param, 2020,
                                      2020, value, err, sizeof err) == 0,
                  "%s", err);
}

static void
compute_ok(void)
{
    int rc = strategy_compute(catalogue, &strategy, &base, &result);

    ck_assert_msg(rc == 0, "compute returned %d: %s", rc, result.message);
    ck_assert_int_eq(result.complete, 1);
}

START_TEST(electrification_matches_hand_computation)
{
    /*
     * Cars emit car_share_road_ghg x road = 0.54 x 10,000 = 5,400 t
     * (central). With the plug-in share going from 2 % (baseline) to 52 %
     * in 2030, thermal car-km keep (1 - 0.52) / (1 - 0.02) = 0.489796 of
     * their emissions: road = 10,000 - 5,400 + 5,400 x 0.489796 =
     * 7,244.898 t. Electric car-km add 5,400 x 0.510204 x 19.8 / 193 =
     * 282.648 t to the energy sector. Half-way, in 2025, the share is
     * 27 %: road = 4,600 + 5,400 x 0.73 / 0.98 = 8,622.449 t. The high
     * car share, 0.565, gives road = 10,000 - 5,650 + 5,650 x 0.489796
     * = 7,117.347 t in 2030, the low end of the range.
     */
    add("electrification", "", "electric_share", 52);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD]
                                      [STRATEGY_CENTRAL],
                            7244.898, 0.001);
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ENERGY]
                                      [STRATEGY_CENTRAL],
                            1000 + 282.648, 0.001);
    ck_assert_double_eq_tol(result.ghg[YEAR(2025)][SECTOR_ROAD]
                                      [STRATEGY_CENTRAL],
                            8622.449, 0.001);
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD]
                                      [STRATEGY_LOW],
                            7117.347, 0.001);
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD]
                                      [STRATEGY_HIGH],
                            7244.898, 0.001);
    /* Held after the target year, and the baseline before any change. */
    ck_assert_double_eq_tol(result.ghg[YEAR(2050)][SECTOR_ROAD]
                                      [STRATEGY_CENTRAL],
                            7244.898, 0.001);
    ck_assert_double_eq_tol(result.ghg[YEAR(2020)][SECTOR_ROAD]
                                      [STRATEGY_CENTRAL],
                            10000, 1e-9);
}
END_TEST

START_TEST(fuel_spending_matches_hand_computation)
{
    /*
     * In 2030 thermal car emissions fall by 5,400 - 2,644.898 = 2,755.102
     * t, that is 2,755,102 kg / 2.51 kg per litre of road diesel =
     * 1,097,650 litres, at 1.7948 EUR: 1,970,063 EUR less (central).
     */
    add("electrification", "", "electric_share", 52);
    compute_ok();
    ck_assert_int_eq(result.has_fuel, 1);
    ck_assert_double_eq_tol(result.fuel[YEAR(2030)][STRATEGY_CENTRAL],
                            -1970062.6, 1);
    ck_assert(result.fuel[YEAR(2030)][STRATEGY_LOW] <=
              result.fuel[YEAR(2030)][STRATEGY_CENTRAL]);
    ck_assert(result.fuel[YEAR(2030)][STRATEGY_HIGH] >=
              result.fuel[YEAR(2030)][STRATEGY_CENTRAL]);
}
END_TEST

/*
 * The national path of the law, from the baseline total of 21,000 t in
 * 2016: 2030 is (1 - 0.40) / 0.847 of it, 14,876.03 t; 2050 is
 * 1 / 6 / 0.847 of it, 4,132.23 t; 2020 lies 4/14 of the way to 2030,
 * 21,000 - 4/14 x 6,123.97 = 19,250.29 t; 2040 halfway between 2030 and
 * 2050, 9,504.13 t. The strategy does not move it.
 */
START_TEST(national_path_matches_hand_computation)
{
    static const struct {
        int year;
        double tonnes;
    } expected[] = {
        {2020, 19250.29}, {2030, 14876.03}, {2040, 9504.13}, {2050, 4132.23}};
    size_t i;

    add("sector_reduction", "residentiel", "reduction", 50);
    compute_ok();
    ck_assert_int_eq(result.has_national_path, 1);
    for (i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const double *path = result.national_path[YEAR(expected[i].year)];

        ck_assert_double_eq_tol(path[STRATEGY_CENTRAL], expected[i].tonnes,
                                0.01);
        ck_assert_double_eq(path[STRATEGY_LOW], path[STRATEGY_CENTRAL]);
        ck_assert_double_eq(path[STRATEGY_HIGH], path[STRATEGY_CENTRAL]);
    }
}
END_TEST

START_TEST(two_actions_on_two_sectors_both_count)
{
    /* Road as in electrification_matches_hand_computation, residential
     * halved: 2,500 t; the total adds both to the five other sectors
     * (1,000 t each, energy 1,282.648 t). Without the strategy the total
     * is 10,000 + 5,000 + 6 x 1,000 = 21,000 t. */
    add("electrification", "", "electric_share", 52);
    add("sector_reduction", "residentiel", "reduction", 50);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_RESIDENTIAL]
                                      [STRATEGY_CENTRAL],
                            2500, 1e-6);
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD]
                                      [STRATEGY_CENTRAL],
                            7244.898, 0.001);
    ck_assert_double_eq_tol(result.ghg_total[YEAR(2030)][STRATEGY_CENTRAL],
                            7244.898 + 2500 + 1282.648 + 5 * 1000, 0.002);
    ck_assert_double_eq_tol(result.ghg_reference_total, 21000, 1e-9);
}
END_TEST

/* Telework then public transport, with home-to-work trips 30 % of car-km. */
static void
add_telework_and_transit(int transit_first)
{
    if (transit_first) {
        add("public_transport", "", "shift", 20);
        set_mix("train_share", 0);
    }
    add("telework", "", "share_workers", 50);
    {
        char err[256];

        ck_assert_msg(strategy_set_target(&strategy, catalogue,
                                          strategy.item_count - 1,
                                          "days_per_week", 2020, 2030, 2,
                                          err, sizeof err) == 0,
                      "%s", err);
    }
    if (!transit_first) {
        add("public_transport", "", "shift", 20);
        set_mix("train_share", 0);
    }
    strategy_values_set(&strategy.coefficients, "home_work_share_car_km",
                        0.3);
}

START_TEST(same_trips_do_not_double_count)
{
    /*
     * Home-to-work car emissions: 5,400 x 0.3 = 1,620 t. Telework: 50 %
     * of workers, 2 days of 7.3 / 2 commuting days a week, 69 % of the
     * day's travel avoided: 0.5 x (4 / 7.3) x 0.69 = 0.189041, so 1,620 x
     * 0.810959 = 1,313.753 t are left. Public transport then takes 20 % of
     * those: 262.751 t, replaced by buses at 103 / 193 of the car's
     * emissions per km: 140.224 t. Road = 10,000 - 1,620 + 1,313.753 x
     * 0.8 + 140.224 = 9,571.227 t, whichever action was added first.
     */
    struct strategy_result first;
    int y;
    int s;

    add_telework_and_transit(0);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD]
                                      [STRATEGY_CENTRAL],
                            9571.227, 0.001);
    first = result;

    strategy_clear(&strategy);
    add_telework_and_transit(1);
    compute_ok();
    for (y = 0; y < STRATEGY_YEARS; y++) {
        for (s = 0; s < STRATEGY_SECTORS; s++) {
            ck_assert_double_eq(result.ghg[y][s][STRATEGY_LOW],
                                first.ghg[y][s][STRATEGY_LOW]);
            ck_assert_double_eq(result.ghg[y][s][STRATEGY_CENTRAL],
                                first.ghg[y][s][STRATEGY_CENTRAL]);
            ck_assert_double_eq(result.ghg[y][s][STRATEGY_HIGH],
                                first.ghg[y][s][STRATEGY_HIGH]);
        }
        ck_assert_double_eq(result.fuel[y][STRATEGY_CENTRAL],
                            first.fuel[y][STRATEGY_CENTRAL]);
    }
}
END_TEST

START_TEST(combined_cut_is_less_than_sum_of_parts)
{
    /* Each action alone, then both: the combined cut of road emissions
     * must be below the sum, because transit only moves trips that
     * telework left. */
    double alone_telework;
    double alone_transit;
    double both;

    add("telework", "", "share_workers", 100);
    strategy_set_target(&strategy, catalogue, 0, "days_per_week", 2020,
                        2030, 5, NULL, 0);
    strategy_values_set(&strategy.coefficients, "home_work_share_car_km",
                        0.3);
    compute_ok();
    alone_telework = 10000 - result.ghg[YEAR(2030)][SECTOR_ROAD][1];

    strategy_clear(&strategy);
    add("public_transport", "", "shift", 100);
    set_mix("train_share", 0);
    strategy_values_set(&strategy.coefficients, "home_work_share_car_km",
                        0.3);
    compute_ok();
    alone_transit = 10000 - result.ghg[YEAR(2030)][SECTOR_ROAD][1];

    add("telework", "", "share_workers", 100);
    strategy_set_target(&strategy, catalogue, 1, "days_per_week", 2020,
                        2030, 5, NULL, 0);
    compute_ok();
    both = 10000 - result.ghg[YEAR(2030)][SECTOR_ROAD][1];

    ck_assert(alone_telework > 0);
    ck_assert(alone_transit > 0);
    ck_assert(both < alone_telework + alone_transit);
    /* Everything left after telework (31 % of 1,620 t) goes to buses,
     * so the cut is 1,620 - 1,620 x 0.31 x 103 / 193. */
    ck_assert_double_eq_tol(both, 1620 - 1620 * 0.31 * 103.0 / 193, 0.001);
}
END_TEST

START_TEST(reductions_of_90_and_100_percent)
{
    add("sector_reduction", "routier", "reduction", 90);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD][1], 1000,
                            1e-9);
    ck_assert_double_eq_tol(result.ghg[YEAR(2025)][SECTOR_ROAD][1], 5500,
                            1e-9);

    strategy_clear(&strategy);
    add("sector_reduction", "routier", "reduction", 100);
    compute_ok();
    ck_assert_double_eq(result.ghg[YEAR(2030)][SECTOR_ROAD][0], 0);
    ck_assert_double_eq(result.ghg[YEAR(2030)][SECTOR_ROAD][1], 0);
    ck_assert_double_eq(result.ghg[YEAR(2030)][SECTOR_ROAD][2], 0);
    ck_assert_double_eq(result.ghg[YEAR(2050)][SECTOR_ROAD][1], 0);
}
END_TEST

START_TEST(reduction_order_does_not_matter)
{
    /* 50 % then 20 % of 10,000 t leaves 4,000 t, in either order. */
    add("sector_reduction", "routier", "reduction", 50);
    add("sector_reduction", "routier", "reduction", 20);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD][1], 4000,
                            1e-9);
    strategy_remove_item(&strategy, 0);
    add("sector_reduction", "routier", "reduction", 50);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD][1], 4000,
                            1e-9);
}
END_TEST

START_TEST(out_of_bounds_target_names_bound)
{
    char err[256];

    add("telework", "", "share_workers", 10);
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0,
                                         "share_workers", 2020, 2030, 120,
                                         err, sizeof err),
                     -1);
    ck_assert_msg(strstr(err, "0 to 100") != NULL, "%s", err);
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0,
                                         "days_per_week", 2020, 2030, -1,
                                         err, sizeof err),
                     -1);
    ck_assert_msg(strstr(err, "0 to 5") != NULL, "%s", err);
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0,
                                         "share_workers", 2030, 2025, 10,
                                         err, sizeof err),
                     -1);
    ck_assert_msg(strstr(err, "start (2030) <= target (2025)") != NULL, "%s",
                  err);
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0,
                                         "share_workers", 2020, 2051, 10,
                                         err, sizeof err),
                     -1);
    ck_assert_msg(strstr(err, "<= 2050") != NULL, "%s", err);
}
END_TEST

/* A translation that moves the arguments, as a translator may, and
 * keeps every other message in English. */
static const char *
translate_test(const char *msgid)
{
    if (strcmp(msgid, "%s, %s: %s %s is outside the bounds %s to %s %s") == 0)
        return "%2$s (%1$s) : %3$s %4$s hors des bornes %5$s à %6$s %7$s";
    if (strcmp(msgid, "missing input: %s") == 0)
        return "saisie manquante : %s";
    return msgid;
}

START_TEST(bound_message_translates_with_names)
{
    const struct strategy_language french = {translate_test, 1, catalogue};
    const struct strategy_language english = {NULL, 0, catalogue};
    struct strategy_message reason;
    char text[512];

    add("telework", "", "share_workers", 10);
    ck_assert_int_eq(strategy_set_target_message(&strategy, catalogue, 0,
                                                 "share_workers", 2020, 2030,
                                                 120.5, &reason),
                     -1);
    strategy_message_format(&reason, NULL, text, sizeof text);
    ck_assert_str_eq(text, "telework, share_workers: 120.5 % is outside the "
                           "bounds 0 to 100 %");
    strategy_message_format(&reason, &english, text, sizeof text);
    ck_assert_str_eq(text, "Telework, Share of workers who telework: 120.5 % "
                           "is outside the bounds 0 to 100 %");
    strategy_message_format(&reason, &french, text, sizeof text);
    ck_assert_str_eq(text, "Part des actifs qui télétravaillent "
                           "(Télétravail) : 120,5 % hors des bornes 0 à "
                           "100 %");
    /* The value was not applied, and a valid one clears the message. */
    ck_assert_double_eq(strategy.items[0].params[0].value, 10);
    ck_assert_int_eq(strategy_set_target_message(&strategy, catalogue, 0,
                                                 "share_workers", 2020, 2030,
                                                 20, &reason),
                     0);
    ck_assert_ptr_null(reason.format);
}
END_TEST

START_TEST(missing_inputs_translate_with_names)
{
    const struct strategy_language french = {translate_test, 1, catalogue};
    char text[1024];

    add("telework", "", "share_workers", 50);
    base.present[SECTOR_AGRICULTURE] = 0;
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result), 1);
    ck_assert_int_eq(result.missing, 1);
    ck_assert_int_eq(result.problem_count, 1);
    ck_assert_str_eq(result.message, "missing input: home_work_share_car_km");
    strategy_result_problems_text(&result, &french, text, sizeof text);
    ck_assert_str_eq(text, "saisie manquante : Part des trajets "
                           "domicile-travail dans les kilomètres parcourus "
                           "en voiture");
    ck_assert_int_eq(result.note_count, 1);
    ck_assert_str_eq(result.notes, "The territory has no agriculture "
                                   "emissions value: the total leaves the "
                                   "sector out.");
    strategy_result_notes_text(&result, &french, text, sizeof text);
    ck_assert_str_eq(text, "The territory has no Agriculture emissions "
                           "value: the total leaves the sector out.");
}
END_TEST

START_TEST(message_format_handles_odd_formats)
{
    struct strategy_message message;
    char text[64];
    char small[7];

    strategy_message_start(&message, "%s%% of %s, %d, %3$s.");
    strategy_message_number(&message, STRATEGY_ARG_NUMBER, 12.5);
    strategy_message_text(&message, STRATEGY_ARG_TEXT, "été");
    strategy_message_format(&message, NULL, text, sizeof text);
    /* %d is not a directive of these messages, and argument 3 is
     * missing. */
    ck_assert_str_eq(text, "12.5% of été, %d, .");

    /* A text cut short keeps whole UTF-8 characters. */
    strategy_message_start(&message, "%s");
    strategy_message_text(&message, STRATEGY_ARG_TEXT, "abcdeé");
    strategy_message_format(&message, NULL, small, sizeof small);
    ck_assert_str_eq(small, "abcde");
    strategy_message_start(&message, NULL);
    strategy_message_format(&message, NULL, text, sizeof text);
    ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(target_below_current_share_is_rejected)
{
    /* The plug-in share cannot go below today's 2 %. */
    add("electrification", "", "electric_share", 1);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "current share of 2 %") != NULL,
                  "%s", result.message);
    ck_assert_int_eq(result.complete, 0);
}
END_TEST

START_TEST(shifts_above_all_trips_are_rejected)
{
    add("public_transport", "", "shift", 80);
    set_mix("train_share", 50);
    add("cycling", "", "shift_lt5", 100);
    set_mix("ebike_share", 50);
    strategy_values_set(&strategy.coefficients, "home_work_share_car_km",
                        0.3);
    strategy_values_set(&strategy.coefficients, "band_share_lt5", 0.4);
    strategy_values_set(&strategy.coefficients, "band_share_5_10", 0.2);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "maximum of 100 %") != NULL, "%s",
                  result.message);
}
END_TEST

/* An input out of its bounds is rejected and named, even while another
 * input is still missing; so is a value that is not finite. */
START_TEST(input_out_of_bounds_rejected)
{
    static const struct {
        const char *id;
        double value;
    } cases[] = {
        {"electricity_price", -0.1},  {"thermal_car_consumption", -1},
        {"home_work_share_car_km", 1.5}, {"pv_yield", 9000},
        {"occupancy_home_work", 0.5},  {"occupancy_home_work", 12},
        {"home_work_share_car_km", HUGE_VAL},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strategy_clear(&strategy);
        /* Telework lacks home_work_share_car_km unless a case sets it. */
        add("telework", "", "share_workers", 50);
        strategy_values_set(&strategy.coefficients, cases[i].id,
                            cases[i].value);
        ck_assert_int_eq(
            strategy_compute(catalogue, &strategy, &base, &result), -1);
        ck_assert_msg(strstr(result.message, cases[i].id) != NULL,
                      "%s: %s", cases[i].id, result.message);
    }
    /* Within the bounds, the missing input is what is reported. */
    strategy_clear(&strategy);
    add("telework", "", "share_workers", 50);
    strategy_values_set(&strategy.coefficients, "occupancy_home_work", 1.2);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     1);
}
END_TEST

START_TEST(missing_user_input_gives_no_result)
{
    int s;

    add("telework", "", "share_workers", 50);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     1);
    ck_assert_int_eq(result.complete, 0);
    ck_assert_msg(strstr(result.message, "home_work_share_car_km") != NULL,
                  "%s", result.message);
    for (s = 0; s < STRATEGY_SECTORS; s++)
        ck_assert_double_eq(result.ghg[YEAR(2030)][s][STRATEGY_CENTRAL], 0);
    ck_assert_double_eq(result.ghg_total[YEAR(2030)][STRATEGY_CENTRAL], 0);

    /* A parameter without a default is missing too until it is set. */
    strategy_clear(&strategy);
    add("cycling", "", "shift_lt5", 50);
    strategy_values_set(&strategy.coefficients, "home_work_share_car_km",
                        0.3);
    strategy_values_set(&strategy.coefficients, "band_share_lt5", 0.4);
    strategy_values_set(&strategy.coefficients, "band_share_5_10", 0.2);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     1);
    ck_assert_msg(strstr(result.message, "cycling, ebike_share") != NULL,
                  "%s", result.message);
}
END_TEST

START_TEST(missing_baseline_of_acted_sector_is_required)
{
    base.present[SECTOR_ROAD] = 0;
    add("electrification", "", "electric_share", 52);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     1);
    ck_assert_msg(strstr(result.message, "ghg_emissions/routier") != NULL,
                  "%s", result.message);

    /* Overriding it makes the results complete, and flags it. */
    strategy_values_set(&strategy.baselines, "ghg_emissions/routier", 10000);
    strategy_baseline_apply(&base, &strategy);
    ck_assert_int_eq(base.overridden[SECTOR_ROAD], 1);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2030)][SECTOR_ROAD][1],
                            7244.898, 0.001);
}
END_TEST

START_TEST(duplicate_action_is_rejected)
{
    char err[256];

    add("telework", "", "share_workers", 10);
    ck_assert_int_eq(strategy_add_action(&strategy, catalogue, "telework",
                                         "", 2020, err, sizeof err),
                     -1);
    ck_assert_msg(strstr(err, "already") != NULL, "%s", err);
    ck_assert_int_eq(strategy_add_action(&strategy, catalogue,
                                         "sector_reduction", "nuclear", 2020,
                                         err, sizeof err),
                     -1);
}
END_TEST

START_TEST(json_round_trip_keeps_content)
{
    struct strategy copy;
    char err[128];
    char *json;
    double value;

    add("electrification", "", "electric_share", 52);
    add("sector_reduction", "residentiel", "reduction", 50);
    strategy_values_set(&strategy.coefficients, "pv_yield", 1150);
    strategy_values_set(&strategy.goals, "2030", 15000);
    json = strategy_to_json(&strategy);

    strategy_init(&copy);
    ck_assert_msg(strategy_from_json(&copy, json, err, sizeof err) == 0,
                  "%s", err);
    free(json);
    ck_assert_int_eq(copy.item_count, 2);
    ck_assert_str_eq(copy.items[1].choice, "residentiel");
    ck_assert_double_eq(copy.items[0].params[0].value, 52);
    ck_assert_int_eq(copy.items[0].params[0].target_year, 2030);
    ck_assert_int_eq(strategy_values_get(&copy.goals, "2030", &value), 1);
    ck_assert_double_eq(value, 15000);
    strategy_clear(&copy);
}
END_TEST

START_TEST(catalogue_coefficients_are_sourced)
{
    size_t i;

    ck_assert(catalogue->coef_count > 0);
    for (i = 0; i < catalogue->coef_count; i++) {
        const struct strategy_coef_def *coef = &catalogue->coefs[i];

        if (coef->user_input) {
            ck_assert_msg(*coef->note != '\0', "%s has no note", coef->id);
            continue;
        }
        ck_assert_msg(coef->source_count > 0, "%s has no source", coef->id);
        ck_assert_msg(*coef->range != '\0', "%s has no range note",
                      coef->id);
        ck_assert_msg(*coef->sources[0].url != '\0', "%s has no address",
                      coef->id);
    }
}
END_TEST

START_TEST(catalogue_baselines_are_indicators)
{
    char *path = xasprintf("%s/indicators/catalogue.json", data_dir());
    json_error_t error;
    json_t *indicators = json_load_file(path, 0, &error);
    size_t i;
    size_t j;

    ck_assert_msg(indicators != NULL, "%s: %s", path, error.text);
    for (i = 0; i < catalogue->action_count; i++) {
        const struct strategy_action_def *action = &catalogue->actions[i];

        ck_assert_msg(action->baseline_count > 0, "%s reads no baseline",
                      action->id);
        for (j = 0; j < action->baseline_count; j++) {
            json_t *entry;
            size_t k;
            int found = 0;

            json_array_foreach(indicators, k, entry) {
                const char *id =
                    json_string_value(json_object_get(entry, "id"));

                if (id != NULL && strcmp(id, action->baseline[j]) == 0)
                    found = 1;
            }
            ck_assert_msg(found, "%s reads unknown indicator %s",
                          action->id, action->baseline[j]);
        }
    }
    json_decref(indicators);
    free(path);
}
END_TEST

/* Write text to a temporary catalogue and try to load it. */
static int
load_text(const char *text, char **error)
{
    char path[] = "/tmp/terrish-catalogue-XXXXXX";
    struct strategy_catalogue *loaded = NULL;
    int fd = mkstemp(path);
    FILE *f;
    int rc;

    ck_assert_int_ge(fd, 0);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    rc = strategy_catalogue_load(path, &loaded, error);
    unlink(path);
    strategy_catalogue_free(loaded);
    return rc;
}

START_TEST(catalogue_rejects_unsourced_coefficient)
{
    char *error = NULL;

    ck_assert_int_eq(
        load_text("{\"coefficients\": [{\"id\": \"x\", \"name\": {\"fr\":"
                  " \"x\", \"en\": \"x\"}, \"unit\": \"ratio\", \"low\": 1,"
                  " \"central\": 1, \"high\": 1, \"range\": \"none\"}],"
                  " \"actions\": []}",
                  &error),
        -1);
    ck_assert_msg(strstr(error, "sources") != NULL, "%s", error);
    free(error);
    error = NULL;
    ck_assert_int_eq(
        load_text("{\"coefficients\": [{\"id\": \"x\", \"name\": {\"fr\":"
                  " \"x\", \"en\": \"x\"}, \"unit\": \"ratio\","
                  " \"user_input\": true, \"value\": 0.5,"
                  " \"note\": \"n\"}], \"actions\": []}",
                  &error),
        -1);
    ck_assert_msg(strstr(error, "null") != NULL, "%s", error);
    free(error);
}
END_TEST

/* Set a value the user enters for a coefficient. */
static void
enter(const char *id, double value)
{
    strategy_values_set(&strategy.coefficients, id, value);
}

START_TEST(car_fuel_energy_matches_hand_computation)
{
    /*
     * Without any action, cars emit 0.54 x 10,000 = 5,400 t CO2e
     * (central). 5,400,000 kg / 2.51 kg per litre of diesel = 2,151,394
     * litres, x 10.30 kWh/l = 22.159 GWh. The low run burns petrol:
     * 5,400,000 / 2.22 x 9.05 = 22.014 GWh; the high run has the 0.565
     * car share: 5,650,000 / 2.51 x 10.30 = 23.185 GWh.
     */
    compute_ok();
    ck_assert_int_eq(result.has_energy[SECTOR_ROAD][CARRIER_PETROLEUM], 1);
    ck_assert_double_eq_tol(result.energy[YEAR(2020)][SECTOR_ROAD]
                                         [CARRIER_PETROLEUM][STRATEGY_CENTRAL],
                            22.159363, 1e-6);
    ck_assert_double_eq_tol(result.energy[YEAR(2020)][SECTOR_ROAD]
                                         [CARRIER_PETROLEUM][STRATEGY_LOW],
                            22.013514, 1e-6);
    ck_assert_double_eq_tol(result.energy[YEAR(2020)][SECTOR_ROAD]
                                         [CARRIER_PETROLEUM][STRATEGY_HIGH],
                            23.185259, 1e-6);
    /* No action electrifies cars, and no other cell has a value. */
    ck_assert_int_eq(result.has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY], 0);
    ck_assert_int_eq(result.has_energy[SECTOR_INDUSTRY][CARRIER_GAS], 0);
    ck_assert_int_eq(result.has_energy[SECTOR_RESIDENTIAL]
                                      [CARRIER_ELECTRICITY],
                     1);
    ck_assert_int_eq(result.has_bill_total, 0);
}
END_TEST

START_TEST(electric_cars_energy_and_bill_match_hand_computation)
{
    /*
     * The plug-in share goes from 2 % to 52 % in 2030: thermal car
     * emissions keep 0.48 / 0.98 of 5,400 t = 2,644.898 t, which burn
     * 2,644,898 / 2.51 x 10.30 = 10.8536 GWh of diesel. The 2,755.102 t
     * electrified were 1,097,650 litres; at 6 l/100 km that is
     * 18,294,170 km, which at 17 kWh/100 km take 3.110009 GWh. At
     * 0.2 EUR/kWh charging costs 622,001.79 EUR, and the litres no
     * longer bought save 1,097,650 x 1.7948 = 1,970,062.61 EUR.
     */
    add("electrification", "", "electric_share", 52);
    enter("thermal_car_consumption", 6);
    enter("electric_car_consumption", 17);
    enter("electricity_price", 0.2);
    compute_ok();
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_ROAD]
                                         [CARRIER_PETROLEUM][STRATEGY_CENTRAL],
                            10.853565, 1e-6);
    ck_assert_int_eq(result.has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY], 1);
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_ROAD]
                                         [CARRIER_ELECTRICITY]
                                         [STRATEGY_CENTRAL],
                            3.110009, 1e-6);
    ck_assert_double_eq_tol(result.energy[YEAR(2020)][SECTOR_ROAD]
                                         [CARRIER_ELECTRICITY]
                                         [STRATEGY_CENTRAL],
                            0, 1e-9);
    ck_assert_int_eq(result.has_bill_charging, 1);
    ck_assert_double_eq_tol(result.bill_charging[YEAR(2030)]
                                                [STRATEGY_CENTRAL],
                            622001.79, 0.01);
    ck_assert_double_eq_tol(result.fuel[YEAR(2030)][STRATEGY_CENTRAL],
                            -1970062.61, 0.01);
    /* Residential electricity does not change: it is no part. */
    ck_assert_int_eq(result.has_bill_electricity, 0);
    ck_assert_int_eq(result.has_bill_total, 1);
    ck_assert_double_eq_tol(result.bill_total[YEAR(2030)][STRATEGY_CENTRAL],
                            622001.79 - 1970062.61, 0.02);
    ck_assert(result.bill_total[YEAR(2030)][STRATEGY_LOW] <=
              result.bill_total[YEAR(2030)][STRATEGY_CENTRAL]);
    ck_assert(result.bill_total[YEAR(2030)][STRATEGY_HIGH] >=
              result.bill_total[YEAR(2030)][STRATEGY_CENTRAL]);
}
END_TEST

/* Replace the catalogue by the bundled one in which the coefficients ids
 * (NULL-terminated) are optional inputs with no value, as a coefficient
 * without a published figure is. */
static void
catalogue_with_optional(const char *const *ids)
{
    char path[512];
    char tmp[] = "/tmp/terrish-catalogue-XXXXXX";
    json_error_t json_error;
    json_t *root;
    json_t *coefs;
    json_t *coef;
    char *error = NULL;
    size_t i;
    int fd;

    snprintf(path, sizeof path, "%s/actions/catalogue.json", data_dir());
    root = json_load_file(path, 0, &json_error);
    ck_assert_msg(root != NULL, "%s", json_error.text);
    coefs = json_object_get(root, "coefficients");
    json_array_foreach(coefs, i, coef) {
        const char *const *id;

        for (id = ids; *id != NULL; id++) {
            if (strcmp(json_string_value(json_object_get(coef, "id")), *id))
                continue;
            json_object_del(coef, "sources");
            json_object_del(coef, "low");
            json_object_del(coef, "central");
            json_object_del(coef, "high");
            json_object_del(coef, "range");
            json_object_set_new(coef, "value", json_null());
            json_object_set_new(coef, "user_input", json_true());
            json_object_set_new(coef, "optional", json_true());
        }
    }
    fd = mkstemp(tmp);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(json_dump_file(root, tmp, 0), 0);
    json_decref(root);
    strategy_catalogue_free(catalogue);
    catalogue = NULL;
    ck_assert_msg(strategy_catalogue_load(tmp, &catalogue, &error) == 0,
                  "%s", error);
    unlink(tmp);
}

START_TEST(missing_optional_input_gives_note)
{
    static const char *const optional[] = {
        "thermal_car_consumption", "electric_car_consumption",
        "electricity_price", NULL};

    /* Without the car consumptions and the price the result is still
     * complete: only the outputs that need them are left out. */
    catalogue_with_optional(optional);
    add("electrification", "", "electric_share", 52);
    compute_ok();
    ck_assert_int_eq(result.has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY], 0);
    ck_assert_int_eq(result.has_energy[SECTOR_ROAD][CARRIER_PETROLEUM], 1);
    ck_assert_int_eq(result.has_fuel, 1);
    ck_assert_int_eq(result.has_bill_charging, 0);
    ck_assert_int_eq(result.has_bill_total, 0);
    ck_assert_msg(strstr(result.notes, "thermal_car_consumption") != NULL,
                  "%s", result.notes);
    ck_assert_msg(strstr(result.notes, "electric_car_consumption") != NULL,
                  "%s", result.notes);
    ck_assert_msg(strstr(result.notes, "electricity_price") != NULL, "%s",
                  result.notes);
    /* The car consumptions alone give the energy, not its cost. */
    enter("thermal_car_consumption", 6);
    enter("electric_car_consumption", 17);
    compute_ok();
    ck_assert_int_eq(result.has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY], 1);
    ck_assert_int_eq(result.has_bill_charging, 0);
    ck_assert_int_eq(result.has_bill_total, 0);
    ck_assert(strstr(result.notes, "thermal_car_consumption") == NULL);
    /* A thermal car that burns nothing would divide by zero. */
    enter("thermal_car_consumption", 0);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "thermal_car_consumption") != NULL,
                  "%s", result.message);
}
END_TEST

START_TEST(residential_electricity_and_bill_match_hand_computation)
{
    /*
     * Renovations rise from 0 a year in 2020 to 1,000 a year in 2030:
     * 0 + 100 + ... + 1,000 = 5,500 dwellings by 2030, each 40 % more
     * frugal, so 5,500 x 0.4 / 50,000 = 4.4 % less. A 10 % reduction of
     * residential electricity applies after it: 100 x 0.956 x 0.9 =
     * 86.04 GWh. At 0.2016 EUR/kWh (regulated tariff of 2025) the bill
     * changes by (86.04 - 100) x 10^6 x 0.2016 = -2,814,336 EUR; at
     * 0.2516 (2024), -3,512,336 EUR, the low end. The 1,000 dwellings of
     * 2030 keep 1,000 x 0.34 = 340 jobs (417 at the high ratio).
     */
    add("renovation", "", "dwellings_per_year", 1000);
    set_mix("energy_gain", 40);
    add("sector_reduction", "electricity_residential", "reduction", 10);
    compute_ok();
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_RESIDENTIAL]
                                         [CARRIER_ELECTRICITY]
                                         [STRATEGY_CENTRAL],
                            86.04, 1e-9);
    ck_assert_double_eq_tol(result.electricity[YEAR(2030)][STRATEGY_CENTRAL],
                            86.04, 1e-9);
    ck_assert_int_eq(result.has_bill_electricity, 1);
    ck_assert_double_eq_tol(result.bill_electricity[YEAR(2030)]
                                                   [STRATEGY_CENTRAL],
                            -2814336, 1e-3);
    ck_assert_double_eq_tol(result.bill_electricity[YEAR(2030)]
                                                   [STRATEGY_LOW],
                            -3512336, 1e-3);
    ck_assert_int_eq(result.has_fuel, 0);
    ck_assert_int_eq(result.has_bill_charging, 0);
    ck_assert_int_eq(result.has_bill_total, 1);
    ck_assert_double_eq_tol(result.bill_total[YEAR(2030)][STRATEGY_CENTRAL],
                            -2814336, 1e-3);
    ck_assert_int_eq(result.has_jobs, 1);
    ck_assert_double_eq_tol(result.jobs[YEAR(2030)][STRATEGY_CENTRAL], 340,
                            1e-9);
    ck_assert_double_eq_tol(result.jobs[YEAR(2030)][STRATEGY_HIGH], 417,
                            1e-9);
    ck_assert_double_eq_tol(result.jobs[YEAR(2025)][STRATEGY_CENTRAL], 170,
                            1e-9);
    /* A price the user enters replaces the published one. */
    enter("electricity_price", 0.2);
    compute_ok();
    ck_assert_double_eq_tol(result.bill_electricity[YEAR(2030)]
                                                   [STRATEGY_HIGH],
                            -2792000, 1e-3);
}
END_TEST

START_TEST(car_pollutants_match_hand_computation)
{
    /*
     * Electrification to 52 % in 2030 makes 2,755.102 t of car emissions
     * electric: 2,755,102 / 2.51 = 1,097,650 litres, 16,681,614 km at
     * 6.58 l/100 km. With 0.5 g of NOx and 0.04 g of PM10 exhaust per km,
     * NOx falls by 8.3408 t and PM10 by 0.6673 t: an electric car still
     * wears its tyres and brakes, so the 0.026 g of wear stay.
     */
    add("electrification", "", "electric_share", 52);
    compute_ok();
    ck_assert_int_eq(result.has_pollutant[POLLUTANT_NOX], 0);
    ck_assert_msg(strstr(result.notes, "pollutants") != NULL, "%s",
                  result.notes);
    enter("car_nox_per_km", 0.5);
    enter("car_pm10_exhaust_per_km", 0.04);
    enter("car_pm10_wear_per_km", 0.026);
    compute_ok();
    ck_assert_int_eq(result.has_pollutant[POLLUTANT_NOX], 1);
    ck_assert_int_eq(result.has_pollutant[POLLUTANT_PM10], 1);
    ck_assert_int_eq(result.has_pollutant[POLLUTANT_PM25], 0);
    ck_assert_double_eq_tol(result.pollutant[YEAR(2030)][POLLUTANT_NOX]
                                            [STRATEGY_CENTRAL],
                            -8.340807, 1e-5);
    ck_assert_double_eq_tol(result.pollutant[YEAR(2030)][POLLUTANT_PM10]
                                            [STRATEGY_CENTRAL],
                            -0.667265, 1e-5);
    ck_assert_double_eq_tol(result.pollutant[YEAR(2020)][POLLUTANT_NOX]
                                            [STRATEGY_CENTRAL],
                            0, 1e-9);

    /* Car-km moved to public transport stop their wear as well: PM10
     * falls by 0.04 + 0.026 g for every 0.5 g of NOx. */
    strategy_clear(&strategy);
    add("public_transport", "", "shift", 50);
    set_mix("train_share", 0);
    enter("home_work_share_car_km", 0.3);
    enter("car_nox_per_km", 0.5);
    enter("car_pm10_exhaust_per_km", 0.04);
    enter("car_pm10_wear_per_km", 0.026);
    compute_ok();
    ck_assert(result.pollutant[YEAR(2030)][POLLUTANT_NOX][STRATEGY_CENTRAL] <
              -1);
    ck_assert_double_eq_tol(
        result.pollutant[YEAR(2030)][POLLUTANT_PM10][STRATEGY_CENTRAL] /
            result.pollutant[YEAR(2030)][POLLUTANT_NOX][STRATEGY_CENTRAL],
        0.066 / 0.5, 1e-9);
}
END_TEST

START_TEST(residential_gas_and_oil_bill_match_hand_computation)
{
    /*
     * 20 GWh of gas and 10 GWh of heating oil entered for the homes.
     * 5,500 dwellings renovated by 2030 at a 40 % gain cut 4.4 %: gas
     * falls by 0.88 GWh, at 0.10282 EUR/kWh -90,481.6 EUR; heating oil
     * falls by 0.44 GWh, 440,000 / 10.3 kWh per litre x 1.183 EUR/l =
     * -50,535.92 EUR; electricity falls by 4.4 GWh, at 0.2016 EUR/kWh
     * -887,040 EUR. Total -1,028,057.52 EUR.
     */
    strategy_values_set(&strategy.baselines, "energy/residentiel/gaz_naturel",
                        20);
    strategy_values_set(&strategy.baselines,
                        "energy/residentiel/produits_petroliers", 10);
    strategy_baseline_apply(&base, &strategy);
    add("renovation", "", "dwellings_per_year", 1000);
    set_mix("energy_gain", 40);
    compute_ok();
    ck_assert_int_eq(result.has_bill_gas, 1);
    ck_assert_int_eq(result.has_bill_heating_oil, 1);
    ck_assert_double_eq_tol(result.bill_gas[YEAR(2030)][STRATEGY_CENTRAL],
                            -90481.6, 1e-3);
    ck_assert_double_eq_tol(result.bill_heating_oil[YEAR(2030)]
                                                   [STRATEGY_CENTRAL],
                            -50535.92, 1e-2);
    ck_assert_double_eq_tol(result.bill_electricity[YEAR(2030)]
                                                   [STRATEGY_CENTRAL],
                            -887040, 1e-3);
    ck_assert_int_eq(result.has_bill_total, 1);
    ck_assert_double_eq_tol(result.bill_total[YEAR(2030)][STRATEGY_CENTRAL],
                            -1028057.52, 1e-2);
    /* An industry reduction changes no household's bill. */
    strategy_clear(&strategy);
    strategy_values_set(&strategy.baselines, "energy/residentiel/gaz_naturel",
                        20);
    add("sector_reduction", "industrie", "reduction", 50);
    compute_ok();
    ck_assert_int_eq(result.has_bill_gas, 0);
    ck_assert_int_eq(result.has_bill_total, 0);
    /* A reduction of the residential sector does. */
    add("sector_reduction", "residentiel", "reduction", 50);
    compute_ok();
    ck_assert_int_eq(result.has_bill_gas, 1);
    ck_assert_double_eq_tol(result.bill_gas[YEAR(2030)][STRATEGY_CENTRAL],
                            -10e6 * 0.10282, 1e-3);
}
END_TEST

START_TEST(renovations_accumulate_up_to_the_stock)
{
    /*
     * 1,000 a year reached in 2030 and held: 5,500 dwellings by 2030,
     * then 1,000 more each year, 25,500 by 2050; at a 50 % gain that is
     * 25,500 x 0.5 / 50,000 = 25.5 % of residential emissions: 5,000 x
     * 0.745 = 3,725 t. In 2031, 6,500 x 0.5 / 50,000 = 6.5 %: 4,675 t.
     */
    add("renovation", "", "dwellings_per_year", 1000);
    set_mix("energy_gain", 50);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2050)][SECTOR_RESIDENTIAL]
                                      [STRATEGY_CENTRAL],
                            3725, 1e-6);
    ck_assert_double_eq_tol(result.ghg[YEAR(2031)][SECTOR_RESIDENTIAL]
                                      [STRATEGY_CENTRAL],
                            4675, 1e-6);
    /* 3,000 a year pass the 50,000 main residences in 2042: 16,500 by
     * 2030, then 3,000 a year, 49,500 in 2041 and 52,500 in 2042. */
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0,
                                         "dwellings_per_year", 2020, 2030,
                                         3000, NULL, 0),
                     0);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "2042") != NULL &&
                      strstr(result.message, "52") != NULL,
                  "%s", result.message);
    ck_assert_int_eq(result.has_jobs, 0);
    /* A territory without main residences renovates none, and its
     * results stay numbers. */
    base.value[BASELINE_DWELLINGS] = 0;
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0,
                                         "dwellings_per_year", 2020, 2030, 0,
                                         NULL, 0),
                     0);
    compute_ok();
    ck_assert_double_eq_tol(result.ghg[YEAR(2050)][SECTOR_RESIDENTIAL]
                                      [STRATEGY_CENTRAL],
                            5000, 1e-9);
    /* Without the stock of main residences nothing is computed. */
    base.present[BASELINE_DWELLINGS] = 0;
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     1);
    ck_assert_msg(strstr(result.message, "dwellings/principales") != NULL,
                  "%s", result.message);
}
END_TEST

START_TEST(solar_capacity_accumulates)
{
    /*
     * 0 MWp added in 2020 rising to 10 MWp a year in 2030: 55 MWp by
     * 2030, 65 by 2031. At 1,150 kWh per kWp: 63.25 and 74.75 GWh. No
     * ratio gives the jobs of solar, and a note reports it.
     */
    add("rooftop_solar", "", "capacity_per_year", 10);
    enter("pv_yield", 1150);
    compute_ok();
    ck_assert_double_eq_tol(result.production[YEAR(2030)][STRATEGY_CENTRAL],
                            63.25, 1e-9);
    ck_assert_double_eq_tol(result.production[YEAR(2031)][STRATEGY_CENTRAL],
                            74.75, 1e-9);
    ck_assert_int_eq(result.has_jobs, 0);
    ck_assert_msg(strstr(result.notes, "rooftop solar") != NULL, "%s",
                  result.notes);
}
END_TEST

START_TEST(user_energy_baseline_reduced_by_sector)
{
    /* 50 GWh of gas in industry, entered by the user, cut by 90 % by
     * 2030: 5 GWh, half-way in 2025: 50 x (1 - 0.45) = 27.5 GWh. A
     * residential gas value is cut by renovation, not by the industry
     * reduction: 1,800 renovations a year reached in 2030 make 9,900
     * dwellings by then, 40 % more frugal, of 50,000: 20 x (1 - 9,900 x
     * 0.4 / 50,000) = 18.416 GWh. */
    strategy_values_set(&strategy.baselines, "energy/industrie/gaz_naturel",
                        50);
    strategy_values_set(&strategy.baselines, "energy/residentiel/gaz_naturel",
                        20);
    strategy_baseline_apply(&base, &strategy);
    ck_assert_int_eq(base.overridden[STRATEGY_BASELINE_ENERGY(SECTOR_INDUSTRY,
                                                              CARRIER_GAS)],
                     1);
    add("sector_reduction", "industrie", "reduction", 90);
    add("renovation", "", "dwellings_per_year", 1800);
    set_mix("energy_gain", 40);
    compute_ok();
    ck_assert_int_eq(result.has_energy[SECTOR_INDUSTRY][CARRIER_GAS], 1);
    ck_assert_int_eq(result.has_energy[SECTOR_INDUSTRY][CARRIER_ELECTRICITY],
                     0);
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_INDUSTRY]
                                         [CARRIER_GAS][STRATEGY_CENTRAL],
                            5, 1e-9);
    ck_assert_double_eq_tol(result.energy[YEAR(2025)][SECTOR_INDUSTRY]
                                         [CARRIER_GAS][STRATEGY_CENTRAL],
                            27.5, 1e-9);
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_RESIDENTIAL]
                                         [CARRIER_GAS][STRATEGY_CENTRAL],
                            18.416, 1e-9);
    /* 100 %: nothing left, and still a value. */
    ck_assert_int_eq(strategy_set_target(&strategy, catalogue, 0, "reduction",
                                         2020, 2030, 100, NULL, 0),
                     0);
    compute_ok();
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_INDUSTRY]
                                         [CARRIER_GAS][STRATEGY_CENTRAL],
                            0, 1e-12);
    ck_assert_double_eq_tol(result.energy[YEAR(2050)][SECTOR_INDUSTRY]
                                         [CARRIER_GAS][STRATEGY_HIGH],
                            0, 1e-12);
    /* The order of the actions does not change it. */
    strategy_remove_item(&strategy, 0);
    add("sector_reduction", "industrie", "reduction", 90);
    compute_ok();
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_INDUSTRY]
                                         [CARRIER_GAS][STRATEGY_CENTRAL],
                            5, 1e-9);
    ck_assert_double_eq_tol(result.energy[YEAR(2030)][SECTOR_RESIDENTIAL]
                                         [CARRIER_GAS][STRATEGY_CENTRAL],
                            18.416, 1e-9);
}
END_TEST

START_TEST(energy_baseline_bounds_and_keys)
{
    char label[160];

    /* The derived cells take no value from the user. */
    ck_assert_int_eq(strategy_baseline_parse("energy/routier/produits_petroliers"),
                     -1);
    ck_assert_int_eq(strategy_baseline_parse("energy/residentiel/electricite"),
                     -1);
    ck_assert_int_eq(strategy_baseline_parse("energy/industrie/autres"),
                     STRATEGY_BASELINE_ENERGY(SECTOR_INDUSTRY, CARRIER_OTHER));
    strategy_baseline_label(STRATEGY_BASELINE_ENERGY(SECTOR_INDUSTRY,
                                                     CARRIER_GAS),
                            NULL, label, sizeof label);
    ck_assert_str_eq(label, "Final energy, Industry, natural gas");
    strategy_values_set(&strategy.baselines, "energy/industrie/gaz_naturel",
                        -3);
    strategy_baseline_apply(&base, &strategy);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "outside the bounds 0 to") != NULL,
                  "%s", result.message);
    /* So is a value that would make the results infinite, for any
     * baseline, and a target point below zero. */
    strategy_values_remove(&strategy.baselines, "energy/industrie/gaz_naturel");
    strategy_values_set(&strategy.baselines, "electricity_residential", 1e308);
    strategy_baseline_apply(&base, &strategy);
    base.overridden[STRATEGY_BASELINE_ENERGY(SECTOR_INDUSTRY, CARRIER_GAS)] =
        0;
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "electricity_residential") != NULL,
                  "%s", result.message);
    strategy_values_set(&strategy.baselines, "electricity_residential", 80);
    strategy_values_set(&strategy.baselines, "ghg_emissions/tertiaire",
                        -99999999);
    strategy_baseline_apply(&base, &strategy);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "tertiaire") != NULL, "%s",
                  result.message);
    strategy_values_set(&strategy.baselines, "ghg_emissions/tertiaire", 900);
    strategy_baseline_apply(&base, &strategy);
    compute_ok();
    strategy_values_set(&strategy.goals, "2045", -5);
    ck_assert_int_eq(strategy_compute(catalogue, &strategy, &base, &result),
                     -1);
    ck_assert_msg(strstr(result.message, "2045") != NULL, "%s",
                  result.message);
}
END_TEST

START_TEST(catalogue_fuel_energy_is_derived)
{
    int index = strategy_catalogue_coef(catalogue, "fuel_energy_per_litre");
    const struct strategy_coef_def *coef;

    ck_assert_int_ge(index, 0);
    coef = &catalogue->coefs[index];
    ck_assert_int_eq((int)coef->source_count, 2);
    ck_assert(*coef->derivation != '\0');
    /* 11.8333 MWh per t of diesel / 1149 l per t, 12.2222 MWh per t of
     * petrol / 1351 l per t, rounded to two decimals. */
    ck_assert_double_eq_tol(coef->value[STRATEGY_CENTRAL],
                            11833.3 / 1149, 0.005);
    ck_assert_double_eq_tol(coef->value[STRATEGY_LOW], 12222.2 / 1351, 0.005);
    /* The regulated price per kWh, option base: 0.2016 EUR from
     * February 2025, 0.2516 EUR the year before. */
    index = strategy_catalogue_coef(catalogue, "electricity_price");
    ck_assert_int_ge(index, 0);
    ck_assert_int_eq(catalogue->coefs[index].user_input, 0);
    ck_assert_double_eq(catalogue->coefs[index].value[STRATEGY_CENTRAL],
                        0.2016);
    ck_assert_double_eq(catalogue->coefs[index].value[STRATEGY_HIGH], 0.2516);
}
END_TEST

static Suite *
engine_suite(void)
{
    Suite *suite = suite_create("strategy-engine");
    TCase *engine = tcase_create("engine");
    TCase *catalogue_case = tcase_create("catalogue");

    tcase_add_checked_fixture(engine, setup, teardown);
    tcase_add_test(engine, electrification_matches_hand_computation);
    tcase_add_test(engine, fuel_spending_matches_hand_computation);
    tcase_add_test(engine, two_actions_on_two_sectors_both_count);
    tcase_add_test(engine, national_path_matches_hand_computation);
    tcase_add_test(engine, same_trips_do_not_double_count);
    tcase_add_test(engine, combined_cut_is_less_than_sum_of_parts);
    tcase_add_test(engine, reductions_of_90_and_100_percent);
    tcase_add_test(engine, reduction_order_does_not_matter);
    tcase_add_test(engine, out_of_bounds_target_names_bound);
    tcase_add_test(engine, bound_message_translates_with_names);
    tcase_add_test(engine, missing_inputs_translate_with_names);
    tcase_add_test(engine, message_format_handles_odd_formats);
    tcase_add_test(engine, target_below_current_share_is_rejected);
    tcase_add_test(engine, shifts_above_all_trips_are_rejected);
    tcase_add_test(engine, missing_user_input_gives_no_result);
    tcase_add_test(engine, input_out_of_bounds_rejected);
    tcase_add_test(engine, missing_baseline_of_acted_sector_is_required);
    tcase_add_test(engine, duplicate_action_is_rejected);
    tcase_add_test(engine, json_round_trip_keeps_content);
    tcase_add_test(engine, car_fuel_energy_matches_hand_computation);
    tcase_add_test(engine,
                   electric_cars_energy_and_bill_match_hand_computation);
    tcase_add_test(engine, missing_optional_input_gives_note);
    tcase_add_test(engine,
                   residential_electricity_and_bill_match_hand_computation);
    tcase_add_test(engine, user_energy_baseline_reduced_by_sector);
    tcase_add_test(engine, renovations_accumulate_up_to_the_stock);
    tcase_add_test(engine, car_pollutants_match_hand_computation);
    tcase_add_test(engine,
                   residential_gas_and_oil_bill_match_hand_computation);
    tcase_add_test(engine, solar_capacity_accumulates);
    tcase_add_test(engine, energy_baseline_bounds_and_keys);
    suite_add_tcase(suite, engine);

    tcase_add_checked_fixture(catalogue_case, setup, teardown);
    tcase_add_test(catalogue_case, catalogue_coefficients_are_sourced);
    tcase_add_test(catalogue_case, catalogue_baselines_are_indicators);
    tcase_add_test(catalogue_case, catalogue_rejects_unsourced_coefficient);
    tcase_add_test(catalogue_case, catalogue_fuel_energy_is_derived);
    suite_add_tcase(suite, catalogue_case);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(engine_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
