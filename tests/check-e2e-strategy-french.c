/*
 * terrish: end-to-end tests of the strategy screens in French through the
 * real server. Units, the origin of a baseline and typed values read as
 * a French reader expects them. A store error is shown in French, and the
 * list of strategies keeps its columns with accented names.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/e2e.h"
#include "tests/strategy-fixture.h"

#define WAIT_MS 10000
#define COLS 160
#define ROWS 40

/* Log in with LANG lang, open Lyon's summary, then its strategies. */
static struct e2e_term *
open_strategies(const char *lang)
{
    return plan_open_strategies(E2E_USER, lang, COLS, ROWS);
}

/* Select row index of the editor's list (0 is the first). */
static void
select_row(struct e2e_term *term, int index)
{
    int i;

    for (i = 0; i < 40; i++)
        plan_press(term, "k");
    for (i = 0; i < index; i++)
        plan_press(term, "j");
    e2e_term_drain(term, 300);
}

/* Fail when the screen shows text. */
static void
assert_screen_lacks(struct e2e_term *term, const char *text)
{
    ck_assert_msg(strstr(e2e_term_screen(term), text) == NULL,
                  "\"%s\" on screen:\n%s", text, e2e_term_screen(term));
}

/*
 * Units of the catalogue, the origin of a baseline and typed values read
 * in French in the editor and in the history: "jours", "MWc",
 * "(département 69)", and 0.15 as "0,15" (not rounded to "0,1").
 */
START_TEST(editor_units_and_values_in_french)
{
    struct e2e_term *term = open_strategies("LANG=fr_FR.UTF-8");

    plan_press(term, "nPlan unités\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan unités — Lyon", WAIT_MS));
    /* Lyon has no car fleet of its own: the Rhône's share is used. */
    ck_assert(e2e_term_wait_text(term, "Part des voitures rechargeables",
                                 WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "(département 69)", WAIT_MS));
    assert_screen_lacks(term, "departement");

    /* Telework, the first action: its second parameter is in days, then
     * comes the share of home-to-work trips in car-km, typed by the
     * user. */
    plan_press(term, "a");
    ck_assert(e2e_term_wait_text(term, "Télétravail", WAIT_MS));
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Jours de télétravail", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, " jours", WAIT_MS));
    select_row(term, 1);
    plan_type_value(term, "Valeur", "2025 2030 1.25");
    ck_assert(e2e_term_wait_text(term, "2025 → 2030 : 1,25 jours", WAIT_MS));
    select_row(term, 2);
    plan_type_value(term, "Valeur", "0.15");
    ck_assert(e2e_term_wait_text(term, "en voiture : 0,15 ratio", WAIT_MS));

    /* Rooftop photovoltaics, the seventh action: capacity in MWc a year
     * and a yield in kWh/kWc/an typed by the user. */
    plan_press(term, "a");
    ck_assert(e2e_term_wait_text(term, "Photovoltaïque en toiture", WAIT_MS));
    plan_press(term, "jjjjjj\r");
    ck_assert(e2e_term_wait_text(term, "Puissance ajoutée", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, " MWc", WAIT_MS));
    select_row(term, 2);
    plan_type_value(term, "Valeur", "2025 2030 12,375");
    ck_assert(e2e_term_wait_text(term, "2025 → 2030 : 12,375 MWc/an", WAIT_MS));
    /* After the share of home-to-work car-km (3) come the five optional
     * pollutant factors of the cars (4 to 8), then the yield. */
    select_row(term, 9);
    plan_type_value(term, "Valeur", "950.25");
    ck_assert(e2e_term_wait_text(term, "950,25 kWh/kWc/an", WAIT_MS));
    /* The input line starts from the value as it was typed. */
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Valeur : 950,25", WAIT_MS));
    plan_press(term, "\x1b");
    e2e_term_drain(term, 300);
    assert_screen_lacks(term, "days");
    assert_screen_lacks(term, "MWp");
    assert_screen_lacks(term, "kWp");

    /* A value out of bounds is refused with its unit in French, and
     * with every digit it was typed with, grouped by threes with a narrow
     * no-break space as the screens group numbers. */
    select_row(term, 1);
    plan_type_value(term, "Valeur", "2025 2030 1234567.25");
    ck_assert(e2e_term_wait_text(term,
                                 "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567,25 "
                                 "jours est hors des bornes 0 à 5 jours",
                                 WAIT_MS));

    plan_press(term, "H");
    ck_assert(e2e_term_wait_row(term, 0, "Historique", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "0,15 ratio", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "2025 → 2030 : 1,25 jours", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "2025 → 2030 : 12,375 MWc/an", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "950,25 kWh/kWc/an", WAIT_MS));
    assert_screen_lacks(term, "days");
    assert_screen_lacks(term, "MWp");
    e2e_term_close(term);
}
END_TEST

/* The same editor in English keeps the catalogue's English units. */
START_TEST(editor_units_in_english)
{
    struct e2e_term *term = open_strategies("LANG=en_US.UTF-8");

    plan_press(term, "nPlan units\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan units — Lyon", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "(département 69)", WAIT_MS));
    plan_press(term, "a");
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_text(term, " days", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

/* A name the store rejects is explained in French, reason included. */
START_TEST(store_error_in_french)
{
    struct e2e_term *term = open_strategies("LANG=fr_FR.UTF-8");

    plan_press(term, "n   \r");
    ck_assert(e2e_term_wait_text(term,
                                 "Échec de la création de la stratégie : "
                                 "nom de stratégie non valide : vide "
                                 "(utilisez 1 à 300 octets",
                                 WAIT_MS));
    assert_screen_lacks(term, "invalid strategy name");
    e2e_term_close(term);
}
END_TEST

/* The column of text on a screen row, counting characters (each of the
 * texts here takes one column), or -1. */
static int
text_column(const char *row, const char *text)
{
    const char *found = strstr(row, text);
    const char *p;
    int column = 0;

    if (found == NULL)
        return -1;
    for (p = row; p < found; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80)
            column++;
    }
    return column;
}

/* The strategies list pads names by display width, so that the
 * territory column starts at the same column after "Économie d'été" as
 * after "Plan ASCII". */
START_TEST(strategies_list_aligned_with_accents)
{
    struct e2e_term *term = open_strategies("LANG=fr_FR.UTF-8");
    int accented = -1;
    int plain = -1;
    int n;

    plan_press(term, "nÉconomie d'été\r");
    ck_assert(e2e_term_wait_row(term, 0, "Économie d'été — Lyon", WAIT_MS));
    plan_press(term, "\x1b");
    ck_assert(e2e_term_wait_row(term, 0, "Stratégies", WAIT_MS));
    plan_press(term, "nPlan ASCII\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan ASCII — Lyon", WAIT_MS));
    plan_press(term, "\x1b");
    ck_assert(e2e_term_wait_text(term, "[ ] Plan ASCII", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "[ ] Économie d'été", WAIT_MS));
    for (n = 0; n < ROWS; n++) {
        const char *row = e2e_term_row(term, n);

        if (strstr(row, "[ ] Économie d'été") != NULL)
            accented = text_column(row, " Lyon ");
        if (strstr(row, "[ ] Plan ASCII") != NULL)
            plain = text_column(row, " Lyon ");
    }
    ck_assert_int_gt(plain, 0);
    ck_assert_msg(accented == plain, "territory at column %d and %d:\n%s",
                  accented, plain, e2e_term_screen(term));
    e2e_term_close(term);
}
END_TEST

/* Number of audit rows of action in the server's store. */
static size_t
audit_rows(const char *action)
{
    struct audit_filter filter = {.action = action};
    struct audit_entry *entries = NULL;
    size_t count = 0;

    ck_assert_int_eq(store_audit_list(plan_store, &filter, &entries, &count),
                     0);
    audit_entries_free(entries, count);
    return count;
}

/* Taking back in the sharing screen a role that bob was never given
 * shows a message and writes no audit row. */
START_TEST(share_take_back_without_role)
{
    struct e2e_term *term = open_strategies("LANG=fr_FR.UTF-8");

    plan_press(term, "nPlan partagé\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan partagé — Lyon", WAIT_MS));
    plan_press(term, "\x1b");
    ck_assert(e2e_term_wait_text(term, "[ ] Plan partagé", WAIT_MS));
    plan_press(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Plan partagé", WAIT_MS));
    e2e_term_drain(term, 300);
    plan_press(term, "x");
    ck_assert(e2e_term_wait_text(term, "Retirer le rôle du compte", WAIT_MS));
    plan_press(term, E2E_USER2 "\r");
    ck_assert(e2e_term_wait_text(term,
                                 E2E_USER2 " n'a pas de rôle ici : rien à "
                                           "retirer.",
                                 WAIT_MS));
    ck_assert_uint_eq(audit_rows("strategy.grant"), 0);
    e2e_term_close(term);
}
END_TEST

static Suite *
strategy_french_suite(void)
{
    Suite *suite = suite_create("e2e-strategy-french");
    TCase *screens = tcase_create("screens");

    tcase_set_timeout(screens, e2e_timeout(60));
    tcase_add_checked_fixture(screens, plan_setup, plan_teardown);
    tcase_add_test(screens, editor_units_and_values_in_french);
    tcase_add_test(screens, editor_units_in_english);
    tcase_add_test(screens, store_error_in_french);
    tcase_add_test(screens, strategies_list_aligned_with_accents);
    tcase_add_test(screens, share_take_back_without_role);
    suite_add_tcase(suite, screens);
    return suite;
}

int
main(void)
{
    return e2e_main(strategy_french_suite);
}
