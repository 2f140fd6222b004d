/*
 * terrish: end-to-end tests of the sources of a strategy through the real
 * server. A strategy of Lyon electrifies cars and cuts industry, with a
 * fuel price and an industry gas baseline entered. A French session at
 * 80x24 opens the sources of the electrification action. It reads a
 * coefficient's values, its publisher and year, the value entered and
 * the road emissions of the baseline. "strategies sources" prints the
 * same over SSH, and "export strategy --format json" carries the
 * strategy's actions and inputs. Every expected text is built here from
 * the catalogue and the server's own store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tests/e2e.h"
#include "tests/strategy-fixture.h"

#define WAIT_MS 10000
#define COLS 80
#define ROWS 24
/* Lines of the sources of one action at 80 columns are well under this. */
#define SCROLL_MAX 200

static int64_t strategy_id;

/* Start the server and store alice's strategy of Lyon. */
static void
sources_setup(void)
{
    struct strategy strategy;

    plan_setup();
    strategy_id = plan_create("Plan sources", &strategy);
    plan_add_action(&strategy, "electrification", "", "electric_share", 2030,
                    50);
    plan_add_action(&strategy, "sector_reduction", "industrie", "reduction",
                    2030, 90);
    strategy_values_set(&strategy.coefficients, "fuel_price", 1.85);
    strategy_values_set(&strategy.baselines, "energy/industrie/gaz_naturel",
                        50);
    strategy_values_set(&strategy.goals, "2030", 1000000);
    ck_assert_int_eq(store_strategy_save(plan_store, E2E_USER, &strategy), 0);
    strategy_clear(&strategy);
}

static const struct strategy_coef_def *
coef_find(const char *id)
{
    int index = strategy_catalogue_coef(plan_catalogue, id);

    ck_assert_msg(index >= 0, "no coefficient %s in the catalogue", id);
    return &plan_catalogue->coefs[index];
}

/* A published value as the sources write it: 6 significant digits, with
 * a decimal comma in French. */
static void
published_text(double value, int french, char *buf, size_t size)
{
    char *point;

    snprintf(buf, size, "%.6g", value);
    point = strchr(buf, '.');
    if (french && point != NULL)
        *point = ',';
}

/* The values line of a published coefficient. */
static void
values_line(const struct strategy_coef_def *coef, int french, char *buf,
            size_t size)
{
    char numbers[STRATEGY_RANGES][32];
    int r;

    for (r = 0; r < STRATEGY_RANGES; r++)
        published_text(coef->value[r], french, numbers[r], sizeof numbers[r]);
    snprintf(buf, size,
             french ? "Basse %s, centrale %s, haute %s %s"
                    : "Low %s, central %s, high %s %s",
             numbers[0], numbers[1], numbers[2], coef->unit);
}

/* The screen's lines without their indentation, joined by a space: a
 * paragraph wrapped at spaces reads back whole. */
static void
screen_text(struct e2e_term *term, char *buf, size_t size)
{
    size_t used = 0;
    int n;

    buf[0] = '\0';
    for (n = 0; n < ROWS; n++) {
        const char *row = e2e_term_row(term, n);
        size_t length;

        row += strspn(row, " ");
        length = strlen(row);
        while (length > 0 && row[length - 1] == ' ')
            length--;
        if (length == 0 || used + length + 2 >= size)
            continue;
        if (used > 0)
            buf[used++] = ' ';
        memcpy(buf + used, row, length);
        used += length;
        buf[used] = '\0';
    }
}

/* Scroll the sources down one line at a time until text shows whole. */
static void
scroll_to(struct e2e_term *term, const char *text)
{
    char screen[COLS * ROWS * 4 + ROWS + 1];
    char footer[32];
    const char *lines;
    int step;
    int top;

    for (step = 0; step < SCROLL_MAX; step++) {
        screen_text(term, screen, sizeof screen);
        if (strstr(screen, text) != NULL)
            return;
        /* The footer reads "Lignes FIRST–LAST sur COUNT". */
        lines = strstr(screen, "Lignes ");
        ck_assert_msg(lines != NULL, "no footer:\n%s", e2e_term_screen(term));
        ck_assert_int_eq(sscanf(lines, "Lignes %d", &top), 1);
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
        snprintf(footer, sizeof footer, "Lignes %d–", top + 1);
        if (!e2e_term_wait_text(term, footer, WAIT_MS))
            break;
    }
    ck_assert_msg(0, "\"%s\" never shows:\n%s", text, e2e_term_screen(term));
}

START_TEST(sources_screen_reads_coefficient_french)
{
    const struct strategy_coef_def *ratio = coef_find("ev_car_ratio");
    const struct strategy_source *source;
    const struct strategy_action_def *electrification =
        strategy_catalogue_action(plan_catalogue, "electrification");
    struct strategy_baseline base;
    struct e2e_term *term;
    char expected[1024];

    ck_assert_ptr_nonnull(electrification);
    ck_assert_uint_gt(ratio->source_count, 0);
    source = &ratio->sources[0];
    ck_assert_int_eq(store_strategy_baseline(plan_store, plan_lyon_id, &base),
                     0);
    ck_assert(base.present[SECTOR_ROAD]);

    term = plan_open_first(E2E_USER, "LANG=fr_FR.UTF-8", COLS, ROWS,
                           "Plan sources");
    ck_assert_msg(e2e_term_wait_text(term, "i sources", WAIT_MS), "%s",
                  e2e_term_screen(term));

    /* The first line is the electrification's parameter. */
    ck_assert_int_eq(e2e_term_send(term, "i"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "Sources — Plan sources", WAIT_MS));
    snprintf(expected, sizeof expected, "Sources de l'action %s",
             electrification->name_fr);
    ck_assert_msg(e2e_term_wait_text(term, expected, WAIT_MS), "%s",
                  e2e_term_screen(term));

    /* A published coefficient: its values, then its first source. */
    snprintf(expected, sizeof expected, "%s (ev_car_ratio)", ratio->name_fr);
    scroll_to(term, expected);
    values_line(ratio, 1, expected, sizeof expected);
    scroll_to(term, expected);
    snprintf(expected, sizeof expected, "Source : %s, %s (%d)",
             source->publisher, source->title, source->year);
    scroll_to(term, expected);
    snprintf(expected, sizeof expected, "Chiffre lu : %s", source->figure);
    scroll_to(term, expected);

    /* The fuel price entered replaces the published one. */
    scroll_to(term, "Valeur saisie par vous : 1,85 EUR/l");

    /* The road emissions of the inventory that electrification reads. */
    snprintf(expected, sizeof expected, "Transport routier : %.0f t CO2e",
             base.value[SECTOR_ROAD]);
    scroll_to(term, expected);
    snprintf(expected, sizeof expected, "Année : %d", base.year[SECTOR_ROAD]);
    scroll_to(term, expected);
    scroll_to(term, "(indicateur ghg_emissions)");
    /* Industry is not what electrification reads. */
    ck_assert(!e2e_term_poll_text(term, "Industrie :", 300));

    /* Escape goes back to the editor. */
    ck_assert_int_eq(e2e_term_send(term, "\033"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "Plan sources — Lyon", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

START_TEST(sources_command_over_ssh)
{
    const struct strategy_coef_def *ratio = coef_find("ev_car_ratio");
    const struct strategy_source *source = &ratio->sources[0];
    struct strategy_baseline base;
    char command[64];
    char expected[1024];
    char *out = NULL;
    char *err = NULL;
    int status;

    ck_assert_int_eq(store_strategy_baseline(plan_store, plan_lyon_id, &base),
                     0);
    snprintf(command, sizeof command, "strategies sources %lld",
             (long long)strategy_id);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              command, &out, &err, &status),
                     0);
    ck_assert_msg(status == 0, "status %d: %s", status, err);
    /* An exec request without LANG is in French. */
    ck_assert_msg(strstr(out, "Sources de la stratégie Plan sources\n") == out,
                  "%s", out);
    snprintf(expected, sizeof expected, "\n%s (ev_car_ratio)\n  Unité : ratio\n",
             ratio->name_fr);
    ck_assert_msg(strstr(out, expected) != NULL, "no \"%s\" in:\n%s", expected,
                  out);
    values_line(ratio, 1, expected, sizeof expected);
    ck_assert_msg(strstr(out, expected) != NULL, "no \"%s\"", expected);
    snprintf(expected, sizeof expected, "\n  Source : %s, %s (%d)\n",
             source->publisher, source->title, source->year);
    ck_assert_msg(strstr(out, expected) != NULL, "no \"%s\"", expected);
    snprintf(expected, sizeof expected, "\n    Adresse : %s\n", source->url);
    ck_assert_msg(strstr(out, expected) != NULL, "no \"%s\"", expected);
    ck_assert(strstr(out, "\n  Valeur saisie par vous : 1,85 EUR/l\n") !=
              NULL);
    /* The whole strategy lists the national path and every sector. */
    ck_assert(strstr(out, "\nCoefficients de la trajectoire nationale\n") !=
              NULL);
    snprintf(expected, sizeof expected,
             "\nTransport routier : %.0f t CO2e\n  Année : %d\n",
             base.value[SECTOR_ROAD], base.year[SECTOR_ROAD]);
    ck_assert_msg(strstr(out, expected) != NULL, "no \"%s\"", expected);
    ck_assert(base.present[SECTOR_INDUSTRY]);
    ck_assert(strstr(out, "\nIndustrie : ") != NULL);
    ck_assert(strstr(out,
                     "\nÉnergie finale, Industrie, gaz naturel : 50 GWh\n"
                     "  Saisie par vous : aucune donnée fournie ne la "
                     "donne.\n") != NULL);
    free(out);
    free(err);

    /* An account without a role, an unknown number and usage errors. */
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER2, E2E_PASSWORD,
                              command, &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 4);
    ck_assert_str_eq(out, "");
    free(out);
    free(err);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              "strategies sources 99", &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 3);
    free(out);
    free(err);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              "strategies sources x", &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 2);
    free(out);
    free(err);
    snprintf(command, sizeof command,
             "strategies sources %lld --format json", (long long)strategy_id);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              command, &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 2);
    free(out);
    free(err);
}
END_TEST

START_TEST(export_json_carries_strategy)
{
    json_t *root;
    json_t *content;
    json_t *item;
    json_t *target;
    json_t *road;
    json_error_t error;
    char command[64];
    char *out = NULL;
    char *err = NULL;
    int status;

    snprintf(command, sizeof command, "export strategy %lld --format json",
             (long long)strategy_id);
    ck_assert_int_eq(e2e_exec(plan_server->port, E2E_USER, E2E_PASSWORD,
                              command, &out, &err, &status),
                     0);
    ck_assert_msg(status == 0, "status %d: %s", status, err);
    root = json_loads(out, 0, &error);
    ck_assert_msg(root != NULL, "%s: %s", error.text, out);
    ck_assert_str_eq(json_string_value(json_object_get(root, "territory")),
                     "commune:69123");
    content = json_object_get(root, "strategy");
    ck_assert_msg(json_is_object(content), "%s", out);

    ck_assert_uint_eq(json_array_size(json_object_get(content, "items")), 2);
    item = json_array_get(json_object_get(content, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(item, "action")),
                     "electrification");
    target = json_array_get(json_object_get(item, "targets"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(target, "param")),
                     "electric_share");
    ck_assert_int_eq(json_integer_value(json_object_get(target, "start")),
                     2024);
    ck_assert_int_eq(json_integer_value(json_object_get(target, "target")),
                     2030);
    ck_assert_double_eq(json_number_value(json_object_get(target, "value")),
                        50);
    item = json_array_get(json_object_get(content, "items"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(item, "action")),
                     "sector_reduction");
    ck_assert_str_eq(json_string_value(json_object_get(item, "choice")),
                     "industrie");

    ck_assert_double_eq(
        json_number_value(json_object_get(
            json_object_get(content, "coefficients"), "fuel_price")),
        1.85);
    ck_assert_double_eq(
        json_number_value(json_object_get(json_object_get(content,
                                                          "baselines"),
                                          "energy/industrie/gaz_naturel")),
        50);
    ck_assert_double_eq(
        json_number_value(
            json_object_get(json_object_get(content, "goals"), "2030")),
        1000000);

    /* The baseline used, with the year of the inventory and the
     * override marked. */
    road = json_object_get(json_object_get(root, "baseline"),
                           "ghg_emissions/routier");
    ck_assert_int_eq(json_integer_value(json_object_get(road, "year")),
                     STRATEGY_INVENTORY_YEAR);
    ck_assert(json_is_false(json_object_get(road, "overridden")));
    ck_assert(json_is_true(json_object_get(
        json_object_get(json_object_get(root, "baseline"),
                        "energy/industrie/gaz_naturel"),
        "overridden")));
    ck_assert(json_array_size(json_object_get(root, "results")) > 0);
    json_decref(root);
    free(out);
    free(err);
}
END_TEST

static Suite *
sources_suite(void)
{
    Suite *suite = suite_create("e2e-strategy-sources");
    TCase *screens = tcase_create("screens");
    TCase *commands = tcase_create("commands");

    tcase_set_timeout(screens, e2e_timeout(90));
    tcase_add_checked_fixture(screens, sources_setup, plan_teardown);
    tcase_add_test(screens, sources_screen_reads_coefficient_french);
    suite_add_tcase(suite, screens);
    tcase_set_timeout(commands, e2e_timeout(60));
    tcase_add_checked_fixture(commands, sources_setup, plan_teardown);
    tcase_add_test(commands, sources_command_over_ssh);
    tcase_add_test(commands, export_json_carries_strategy);
    suite_add_tcase(suite, commands);
    return suite;
}

int
main(void)
{
    return e2e_main(sources_suite);
}
