/*
 * terrish: end-to-end tests of a strategy's history, sharing and
 * comparison through the real server. Sessions change a strategy and
 * read its history on screen, share it as viewer then editor with bob,
 * compare two strategies at 80x24 against differences computed here with
 * the engine, and read an engine message in French.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The test process opens the server's store itself, as any other process
 * would, to set strategies up and to check what the screens wrote.
 */
#include "config.h"

#include <check.h>
#include <math.h>
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

/* Create alice's strategy name for Lyon with car fleet electrification
 * to value % in target_year, and with a residential cut when cut > 0. */
static int64_t
strategy_make(const char *name, int target_year, double value, double cut)
{
    struct strategy strategy;
    int64_t id = plan_create(name, &strategy);

    plan_add_action(&strategy, "electrification", "", "electric_share",
                    target_year, value);
    if (cut > 0)
        plan_add_action(&strategy, "sector_reduction", "residentiel",
                        "reduction", 2030, cut);
    ck_assert_int_eq(store_strategy_save(plan_store, E2E_USER, &strategy), 0);
    strategy_clear(&strategy);
    return id;
}

/* The document of a strategy as stored, which the caller frees. */
static char *
stored_document(int64_t id)
{
    struct strategy strategy;
    char *json;

    plan_read(NULL, id, &strategy);
    json = strategy_to_json(&strategy);
    strategy_clear(&strategy);
    return json;
}

/* The id of alice's strategy named name. */
static int64_t
strategy_named(const char *name)
{
    struct strategy_summary *list = NULL;
    int64_t id = 0;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(store_strategy_list(plan_store, E2E_USER, &list, &count),
                     0);
    for (i = 0; i < count; i++) {
        if (strcmp(list[i].name, name) == 0)
            id = list[i].id;
        strategy_summary_clear(&list[i]);
    }
    free(list);
    ck_assert_msg(id != 0, "no strategy named %s", name);
    return id;
}

static size_t
history_count(int64_t id)
{
    struct strategy_change *changes = NULL;
    size_t count = 0;

    ck_assert_int_eq(
        store_strategy_history(plan_store, NULL, id, &changes, &count), 0);
    strategy_changes_free(changes, count);
    return count;
}

/* Changes on screen, the list refreshed after the editor closes. */
START_TEST(history_lists_changes_newest_first)
{
    struct e2e_term *term =
        plan_open_strategies(E2E_USER, "LANG=en_US.UTF-8", 120, 40);
    struct strategy_change *changes = NULL;
    size_t count = 0;
    char date[32];
    int renamed;
    int target;
    int added;
    int created;

    plan_press(term, "nPlan hist\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan hist — Lyon", WAIT_MS));
    /* Car fleet electrification is the fifth action of the catalogue. */
    plan_press(term, "a");
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    plan_press(term, "jjjj\r");
    ck_assert(e2e_term_wait_text(term, "Car fleet electrification", WAIT_MS));
    plan_type_value(term, "Value:", "2024 2030 50");
    ck_assert(e2e_term_wait_text(term, "2024 → 2030: 50 %", WAIT_MS));
    plan_press(term, "r");
    ck_assert(e2e_term_wait_text(term, "Name:", WAIT_MS));
    plan_press(term, "\x15Plan renamed\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan renamed — Lyon", WAIT_MS));

    plan_press(term, "H");
    ck_assert(e2e_term_wait_row(term, 0, "History of the strategy", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "created as “Plan hist”", WAIT_MS));
    renamed = e2e_term_find_row(term, "name: “Plan hist” → “Plan renamed”");
    target = e2e_term_find_row(term, "Car fleet electrification, Share of "
                                     "plug-in cars: missing → 2024 → 2030: "
                                     "50 %");
    added = e2e_term_find_row(term, "action added: Car fleet electrification");
    created = e2e_term_find_row(term, "created as “Plan hist”");
    ck_assert_msg(renamed > 0 && renamed < target && target < added &&
                      added < created,
                  "rows %d %d %d %d:\n%s", renamed, target, added, created,
                  e2e_term_screen(term));

    /* Each row shows who made it and when, as the store recorded it. */
    ck_assert_int_eq(store_strategy_history(plan_store, NULL,
                                            strategy_named("Plan renamed"),
                                            &changes, &count),
                     0);
    ck_assert_int_eq(count, 4);
    ck_assert_str_eq(changes[0].field, "name");
    ck_assert_str_eq(changes[0].account, E2E_USER);
    snprintf(date, sizeof date, "%.10s %.5s", changes[0].at,
             changes[0].at + 11);
    ck_assert_ptr_nonnull(strstr(e2e_term_row(term, renamed), date));
    ck_assert_ptr_nonnull(strstr(e2e_term_row(term, renamed), E2E_USER));
    strategy_changes_free(changes, count);

    /* Back in the editor, a duplicate; then the list shows both new
     * names without being opened again. */
    plan_press(term, "h");
    ck_assert(e2e_term_wait_row(term, 0, "Plan renamed — Lyon", WAIT_MS));
    plan_press(term, "D");
    ck_assert(
        e2e_term_wait_row(term, 0, "Plan renamed (variant) — Lyon", WAIT_MS));
    plan_press(term, "h");
    ck_assert(e2e_term_wait_row(term, 0, "Plan renamed — Lyon", WAIT_MS));
    plan_press(term, "h");
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "Plan renamed (variant)", WAIT_MS));
    ck_assert_int_ge(e2e_term_find_row(term, "Plan renamed   "), 0);
    ck_assert_int_lt(e2e_term_find_row(term, "Plan hist"), 0);
    e2e_term_close(term);
}
END_TEST

/* The history of a strategy older than schema version 9 shows a note. */
START_TEST(history_of_older_strategy_says_so)
{
    int64_t id = strategy_make("Plan older", 2030, 50, 0);
    struct e2e_term *term;
    char sql[128];

    /* As a strategy made before schema version 9 would be. */
    snprintf(sql, sizeof sql,
             "DELETE FROM strategy_change WHERE strategy_id = %lld",
             (long long)id);
    ck_assert_int_eq(store_exec(plan_store, sql), 0);
    term = plan_open_strategies(E2E_USER, "LANG=en_US.UTF-8", 120, 40);
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan older — Lyon", WAIT_MS));
    plan_press(term, "H");
    ck_assert(e2e_term_wait_text(term,
                                 "No history before this version of "
                                 "terrish",
                                 WAIT_MS));
    e2e_term_close(term);
}
END_TEST

/* Give bob a role from alice's share screen, which must be showing. */
static void
share_with_bob(struct e2e_term *alice, const char *role_key, const char *role)
{
    plan_press(alice, "g");
    ck_assert(e2e_term_wait_text(alice, "Account:", WAIT_MS));
    plan_press(alice, E2E_USER2 "\r");
    ck_assert(e2e_term_wait_text(alice, "Role of bob", WAIT_MS));
    plan_press(alice, role_key);
    ck_assert(e2e_term_wait_text(alice, role, WAIT_MS));
    e2e_term_drain(alice, 300);
}

/* Check the newest audit row of action on strategy id. */
static void
check_audit(int64_t id, const char *action, const char *change)
{
    struct audit_filter filter = {NULL, action, NULL, NULL, 0, 1};
    struct audit_entry *entries = NULL;
    char target[48];
    size_t count = 0;

    snprintf(target, sizeof target, "strategy:%lld", (long long)id);
    ck_assert_int_eq(store_audit_list(plan_store, &filter, &entries, &count),
                     0);
    ck_assert_int_eq(count, 1);
    ck_assert_str_eq(entries[0].account, E2E_USER);
    ck_assert_str_eq(entries[0].target, target);
    ck_assert_msg(strstr(entries[0].detail, change) != NULL, "%s",
                  entries[0].detail);
    audit_entries_free(entries, count);
}

START_TEST(viewer_reads_only_and_editor_changes)
{
    int64_t id = strategy_make("Plan shared", 2030, 50, 0);
    struct e2e_term *alice;
    struct e2e_term *bob;
    enum dashboard_access access;
    char *before;
    char *after;
    size_t rows;
    struct strategy strategy;

    alice = plan_open_strategies(E2E_USER, "LANG=en_US.UTF-8", 120, 40);
    plan_press(alice, "s");
    ck_assert(e2e_term_wait_row(alice, 0, "Sharing: Plan shared", WAIT_MS));
    share_with_bob(alice, "v", "bob: viewer");
    ck_assert_int_eq(store_strategy_access(plan_store, id, E2E_USER2, &access),
                     0);
    ck_assert_int_eq(access, ACCESS_VIEW);
    check_audit(id, "strategy.grant", "\"change\":\"viewer\"");
    /* Making it public is for administrators. */
    plan_press(alice, "p");
    ck_assert(e2e_term_wait_text(alice, "Only an administrator", WAIT_MS));

    /* bob finds it among the strategies shared with him, read-only. */
    before = stored_document(id);
    rows = history_count(id);
    bob = plan_open_strategies(E2E_USER2, "LANG=en_US.UTF-8", 120, 40);
    ck_assert(e2e_term_wait_text(bob, "Plan shared", WAIT_MS));
    ck_assert_ptr_nonnull(
        strstr(plan_row_with(bob, "Plan shared"), "shared with me"));
    plan_press(bob, "\r");
    ck_assert(e2e_term_wait_row(bob, 0, "Plan shared — Lyon", WAIT_MS));
    plan_press(bob, "a");
    ck_assert(e2e_term_wait_text(bob, "read-only for you", WAIT_MS));
    plan_press(bob, "\r");
    e2e_term_drain(bob, 300);
    ck_assert_int_lt(e2e_term_find_row(bob, "Value:"), 0);
    plan_press(bob, "r");
    e2e_term_drain(bob, 300);
    ck_assert_int_lt(e2e_term_find_row(bob, "Name:"), 0);
    plan_press(bob, "x");
    e2e_term_drain(bob, 300);
    plan_press(bob, "s");
    ck_assert(
        e2e_term_wait_text(bob, "Only the owner of this strategy", WAIT_MS));
    after = stored_document(id);
    ck_assert_str_eq(after, before);
    ck_assert_int_eq(history_count(id), rows);
    free(after);

    /* As an editor, bob's change is stored, with his name in the
     * history. */
    share_with_bob(alice, "e", "bob: editor");
    check_audit(id, "strategy.grant", "\"change\":\"editor\"");
    plan_press(bob, "h");
    ck_assert(e2e_term_wait_row(bob, 0, "Strategies", WAIT_MS));
    plan_press(bob, "\r");
    ck_assert(e2e_term_wait_row(bob, 0, "Plan shared — Lyon", WAIT_MS));
    plan_type_value(bob, "Value:", "2024 2035 60");
    ck_assert(e2e_term_wait_text(bob, "2024 → 2035: 60 %", WAIT_MS));
    plan_read(NULL, id, &strategy);
    ck_assert_double_eq(strategy.items[0].params[0].value, 60);
    ck_assert_int_eq(strategy.items[0].params[0].target_year, 2035);
    strategy_clear(&strategy);
    ck_assert_int_eq(history_count(id), rows + 2);
    plan_press(bob, "H");
    ck_assert(e2e_term_wait_text(bob, "2024 → 2030: 50 % → 2024 → 2035: 60 %",
                                 WAIT_MS));
    ck_assert_ptr_nonnull(
        strstr(plan_row_with(bob, "→ 2024 → 2035: 60 %"), E2E_USER2));

    /* Taking the role back leaves bob without access. */
    plan_press(alice, "x");
    ck_assert(e2e_term_wait_text(alice, "Take back the role of account:",
                                 WAIT_MS));
    plan_press(alice, E2E_USER2 "\r");
    ck_assert(e2e_term_wait_text(alice, "bob has no role any more.", WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(alice, "bob: editor"), 0);
    check_audit(id, "strategy.grant", "\"change\":\"none\"");
    ck_assert_int_eq(store_strategy_access(plan_store, id, E2E_USER2, &access),
                     0);
    ck_assert_int_eq(access, ACCESS_NONE);
    free(before);
    e2e_term_close(bob);
    e2e_term_close(alice);
}
END_TEST

/* Add the administrator root, who logs in with the test key. */
static void
admin_add(void)
{
    char *pub_path = xasprintf("%s.pub", e2e_client_key());
    FILE *pub = fopen(pub_path, "r");
    char type[64];
    char base64[512];

    ck_assert_ptr_nonnull(pub);
    ck_assert_int_eq(fscanf(pub, "%63s %511s", type, base64), 2);
    fclose(pub);
    free(pub_path);
    ck_assert_int_eq(store_user_add(plan_store, "root", ROLE_ADMIN, NULL), 0);
    ck_assert_int_eq(store_user_key_add(plan_store, "root", type, base64, ""),
                     0);
}

START_TEST(administrator_makes_strategy_public)
{
    int64_t id = strategy_make("Plan public", 2030, 50, 0);
    struct audit_filter filter = {NULL, "strategy.public", NULL, NULL, 0, 1};
    struct audit_entry *entries = NULL;
    struct strategy_change *changes = NULL;
    struct strategy strategy;
    struct e2e_term *term;
    const char *owner;
    size_t count = 0;

    admin_add();
    term = plan_open_strategies("root", "LANG=en_US.UTF-8", 120, 40);
    ck_assert(e2e_term_wait_text(term, "Plan public", WAIT_MS));
    plan_press(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Sharing: Plan public", WAIT_MS));
    plan_press(term, "p");
    ck_assert(e2e_term_wait_text(term, "yes: every account sees it", WAIT_MS));

    plan_read(NULL, id, &strategy);
    ck_assert_int_eq(strategy.public, 1);
    strategy_clear(&strategy);
    ck_assert_int_eq(store_audit_list(plan_store, &filter, &entries, &count),
                     0);
    ck_assert_int_eq(count, 1);
    ck_assert_str_eq(entries[0].account, "root");
    ck_assert_msg(strstr(entries[0].detail, "\"change\":\"public\"") != NULL,
                  "%s", entries[0].detail);
    audit_entries_free(entries, count);
    ck_assert_int_eq(
        store_strategy_history(plan_store, NULL, id, &changes, &count), 0);
    ck_assert_str_eq(changes[0].field, "public");
    ck_assert_str_eq(changes[0].account, "root");
    strategy_changes_free(changes, count);
    e2e_term_close(term);

    /* Every account now finds it among the public strategies. */
    term = plan_open_strategies(E2E_USER3, "LANG=en_US.UTF-8", 120, 40);
    ck_assert(e2e_term_wait_text(term, "Plan public", WAIT_MS));
    /* The group comes after the owner on the line. */
    owner = strstr(plan_row_with(term, "Plan public"), E2E_USER);
    ck_assert_ptr_nonnull(owner);
    ck_assert_ptr_nonnull(strstr(owner, "public"));
    e2e_term_close(term);
}
END_TEST

/* Results of a strategy computed here, on Lyon's baseline read from the
 * server's store. The caller frees it. */
static struct strategy_result *
engine_result(int64_t id)
{
    struct strategy_result *result;
    struct strategy strategy;

    plan_read(NULL, id, &strategy);
    result = plan_compute(&strategy);
    strategy_clear(&strategy);
    return result;
}

/*
 * Check that the table shows, under the heading of quantity in year, the
 * difference of b from a that the engine's results give.
 */
static void
check_difference(struct e2e_term *term, const struct strategy_result *a,
                 const struct strategy_result *b,
                 enum strategy_quantity quantity, const char *next, int year)
{
    double va[STRATEGY_RANGES];
    double vb[STRATEGY_RANGES];
    char heading[160];
    char expected[160];
    int heading_row;
    int row;
    int end;

    ck_assert(
        strategy_quantity_value(a, quantity, year - STRATEGY_FIRST_YEAR, va));
    ck_assert(
        strategy_quantity_value(b, quantity, year - STRATEGY_FIRST_YEAR, vb));
    /* The strategies must differ there, or the check proves nothing. */
    ck_assert(fabs(vb[STRATEGY_CENTRAL] - va[STRATEGY_CENTRAL]) > 100);
    strategy_format_difference_range(expected, sizeof expected, vb, va, 0);
    snprintf(heading, sizeof heading, "%s (%s), %d",
             strategy_quantity_name(quantity), strategy_quantity_unit(quantity),
             year);
    ck_assert(e2e_term_wait_text(term, heading, WAIT_MS));
    ck_assert(e2e_term_wait_text(term, expected, WAIT_MS));
    heading_row = e2e_term_find_row(term, heading);
    row = e2e_term_find_row(term, expected);
    end = e2e_term_find_row(term, next);
    ck_assert_msg(heading_row < row && (end < 0 || row < end),
                  "%s not under %s:\n%s", expected, heading,
                  e2e_term_screen(term));
}

/* Press j until the comparison table shows the heading of quantity in
 * year. */
static void
scroll_to(struct e2e_term *term, enum strategy_quantity quantity, int year)
{
    char heading[160];
    int i;

    snprintf(heading, sizeof heading, "%s (%s), %d",
             strategy_quantity_name(quantity), strategy_quantity_unit(quantity),
             year);
    for (i = 0; i < 200 && e2e_term_find_row(term, heading) < 0; i++) {
        plan_press(term, "j");
        e2e_term_drain(term, 30);
    }
    /* And the lines under it: its values and differences. */
    plan_press(term, "jjjj");
    e2e_term_drain(term, 300);
}

/* Check that the line of a strategy shows its total GHG of the engine. */
static void
check_value(struct e2e_term *term, const struct strategy_result *result,
            const char *line, int year)
{
    double value[STRATEGY_RANGES];
    char expected[160];

    ck_assert(strategy_quantity_value(result, QUANTITY_GHG_TOTAL,
                                      year - STRATEGY_FIRST_YEAR, value));
    strategy_format_range(expected, sizeof expected, value, 0);
    ck_assert_msg(strstr(plan_row_with(term, line), expected) != NULL,
                  "%s not on the line of %s:\n%s", expected, line,
                  e2e_term_screen(term));
}

START_TEST(comparison_shows_engine_differences)
{
    int64_t a = strategy_make("Compare A", 2030, 50, 0);
    int64_t b = strategy_make("Compare B", 2040, 80, 40);
    struct strategy_result *result_a = engine_result(a);
    struct strategy_result *result_b = engine_result(b);
    struct e2e_term *term =
        plan_open_strategies(E2E_USER, "LANG=en_US.UTF-8", 80, 24);
    int i;

    ck_assert(e2e_term_wait_text(term, "Compare B", WAIT_MS));
    plan_press(term, " j ");
    e2e_term_drain(term, 300);
    plan_press(term, "c");
    ck_assert(
        e2e_term_wait_row(term, 0, "Comparison of 2 strategies", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "Differences from the first strategy",
                                 WAIT_MS));
    /* The latest target year of the actions comes first: 2040. */
    check_difference(term, result_a, result_b, QUANTITY_GHG_TOTAL,
                     "Greenhouse gases, Agriculture", 2040);
    check_value(term, result_a, "█ Compare A", 2040);
    check_value(term, result_b, "█ Compare B", 2040);
    /* Every sector follows: road transport comes before tertiary. */
    scroll_to(term, QUANTITY_GHG_ROAD, 2040);
    check_difference(term, result_a, result_b, QUANTITY_GHG_ROAD,
                     "Greenhouse gases, Tertiary", 2040);
    for (i = 0; i < 200; i++)
        plan_press(term, "k");
    e2e_term_drain(term, 300);
    plan_press(term, "y");
    check_difference(term, result_a, result_b, QUANTITY_GHG_TOTAL,
                     "Greenhouse gases, Agriculture", 2050);
    plan_press(term, "y");
    check_difference(term, result_a, result_b, QUANTITY_GHG_TOTAL,
                     "Greenhouse gases, Agriculture", 2030);
    /* Scrolling brings the later quantities into view. */
    scroll_to(term, QUANTITY_FUEL, 2030);
    check_difference(term, result_a, result_b, QUANTITY_FUEL, "\x01", 2030);
    /* Tab shows the chart, with the legend of the strategies. */
    plan_press(term, "\t");
    ck_assert(e2e_term_wait_row_without(term, 1, "Differences", WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 1,
                                "Greenhouse gases, all sectors (t "
                                "CO2e)",
                                WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 2, "█ Compare A", WAIT_MS));
    /* A tall chart has more room for ticks than its axis keeps: at
     * 120x40 and 200x60 it must still draw, with its year labels. */
    ck_assert_int_eq(e2e_term_resize(term, 120, 40), 0);
    ck_assert(e2e_term_wait_text(term, "2035", WAIT_MS));
    ck_assert_int_eq(e2e_term_resize(term, 200, 60), 0);
    ck_assert(e2e_term_wait_row(term, 2, "█ Compare A", WAIT_MS));
    plan_press(term, "v");
    ck_assert(e2e_term_wait_row(term, 1, "Greenhouse gases, Agriculture",
                                WAIT_MS));
    free(result_a);
    free(result_b);
    e2e_term_close(term);
}
END_TEST

/* The engine's messages reach the screen in French. */
START_TEST(engine_messages_in_french)
{
    struct e2e_term *term =
        plan_open_strategies(E2E_USER, "LANG=fr_FR.UTF-8", 160, 40);

    plan_press(term, "nPlan fr\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan fr — Lyon", WAIT_MS));
    plan_press(term, "a");
    e2e_term_drain(term, 300);
    plan_press(term, "jjjj\r");
    ck_assert(e2e_term_wait_text(term,
                                 "donnée manquante : Électrification "
                                 "du parc de voitures, Part des "
                                 "voitures rechargeables",
                                 WAIT_MS));
    plan_type_value(term, "Valeur", "2024 2030 140,5");
    ck_assert(e2e_term_wait_text(term,
                                 "Refusé : Électrification du parc de "
                                 "voitures, Part des voitures "
                                 "rechargeables : 140,5 % est hors des "
                                 "bornes 0 à 100 %",
                                 WAIT_MS));
    e2e_term_close(term);
}
END_TEST

static Suite *
strategy_share_suite(void)
{
    Suite *suite = suite_create("e2e-strategy-share");
    TCase *screens = tcase_create("screens");

    tcase_set_timeout(screens, e2e_timeout(90));
    tcase_add_checked_fixture(screens, plan_setup, plan_teardown);
    tcase_add_test(screens, history_lists_changes_newest_first);
    tcase_add_test(screens, history_of_older_strategy_says_so);
    tcase_add_test(screens, viewer_reads_only_and_editor_changes);
    tcase_add_test(screens, administrator_makes_strategy_public);
    tcase_add_test(screens, comparison_shows_engine_differences);
    tcase_add_test(screens, engine_messages_in_french);
    suite_add_tcase(suite, screens);
    return suite;
}

int
main(void)
{
    return e2e_main(strategy_share_suite);
}
