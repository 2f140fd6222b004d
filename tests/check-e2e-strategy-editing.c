/*
 * terrish: end-to-end tests of the strategy screens' editing and reading
 * through the real server, in English and French. They cover the roles
 * listed when the share screen opens, the second x that removes an
 * action, long messages wrapped above the status line, and the byte limit
 * of a name and how long names are cut. They also cover the width of the
 * comparison's names, the keys a viewer is offered, the format line of a
 * value, the server log and the command help of an ordinary account.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The test process opens the server's store itself, as any other process
 * would, to set strategies up and to check what the screens wrote.
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

#define WAIT_MS 10000
#define E_ACUTE "\xc3\xa9"
#define ELLIPSIS "\xe2\x80\xa6"
#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

/*
 * Log in as user with LANG lang on a screen of cols x rows, open Lyon's
 * summary, then the list of strategies, whose title is title.
 */
static struct e2e_term *
open_strategies(const char *user, const char *lang, int cols, int rows,
                const char *title)
{
    struct e2e_term *term = plan_open_strategies(user, lang, cols, rows);

    ck_assert(e2e_term_wait_row(term, 0, title, WAIT_MS));
    return term;
}

/* The number of actions of strategy id as stored. */
static size_t
stored_actions(int64_t id)
{
    struct strategy strategy;
    size_t count;

    plan_read(NULL, id, &strategy);
    count = strategy.item_count;
    strategy_clear(&strategy);
    return count;
}

/* Give bob a role from the share screen, which must be showing. */
static void
grant_bob(struct e2e_term *term, const char *role_key, const char *prompt)
{
    plan_press(term, "g");
    ck_assert(e2e_term_wait_text(term, prompt, WAIT_MS));
    plan_press(term, E2E_USER2 "\r");
    e2e_term_drain(term, 300);
    plan_press(term, role_key);
    e2e_term_drain(term, 300);
}

/* The roles given before the share screen opened are listed at once. */
START_TEST(share_screen_lists_roles_at_open)
{
    int64_t id = plan_make("Plan roles", 50);
    struct e2e_term *term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 100,
                                            30, "Strategies");
    enum dashboard_access access;

    plan_press(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Sharing: Plan roles", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "No account has a role yet", WAIT_MS));
    grant_bob(term, "v", "Account:");
    ck_assert(e2e_term_wait_text(term, "bob: viewer", WAIT_MS));
    grant_bob(term, "e", "Account:");
    ck_assert(e2e_term_wait_text(term, "bob: editor", WAIT_MS));
    ck_assert_int_eq(store_strategy_access(plan_store, id, E2E_USER2, &access),
                     0);
    ck_assert_int_eq(access, ACCESS_EDIT);

    /* Leave, open it again: the role is read from the store. */
    plan_press(term, "h");
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    plan_press(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Sharing: Plan roles", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "bob: editor", WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(term, "No account has a role"), 0);
    ck_assert(e2e_term_wait_text(
        term, "no: only the accounts the strategy is shared with", WAIT_MS));
    e2e_term_close(term);

    /* A role given elsewhere is listed too, in French. */
    ck_assert_int_eq(
        store_strategy_grant(plan_store, E2E_USER, id, E2E_USER3, ACCESS_VIEW),
        0);
    term = open_strategies(E2E_USER, "LANG=fr_FR.UTF-8", 100, 30,
                           "Stratégies");
    plan_press(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Plan roles", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "bob : éditeur", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "carol : lecteur", WAIT_MS));
    /* By account name. */
    ck_assert_int_lt(e2e_term_find_row(term, "bob : éditeur"),
                     e2e_term_find_row(term, "carol : lecteur"));
    ck_assert(e2e_term_wait_text(
        term, "non : seulement les comptes avec qui elle est partagée",
        WAIT_MS));
    /* Taking a role back removes its line. */
    plan_press(term, "x");
    e2e_term_drain(term, 300);
    plan_press(term, E2E_USER3 "\r");
    ck_assert(e2e_term_wait_text(term, "carol n'a plus de rôle.", WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(term, "carol : lecteur"), 0);
    ck_assert(e2e_term_wait_text(term, "bob : éditeur", WAIT_MS));
    e2e_term_close(term);

    /* bob's list writes "partagée" (singular) for this one strategy. */
    term = open_strategies(E2E_USER2, "LANG=fr_FR.UTF-8", 120, 30,
                           "Stratégies");
    ck_assert(e2e_term_wait_text(term, "Plan roles", WAIT_MS));
    ck_assert_ptr_nonnull(
        strstr(plan_row_with(term, "Plan roles"), "partagée avec moi"));
    e2e_term_close(term);
}
END_TEST

/* With more roles than the screen fits, the last line counts them and j
 * scrolls to the last role. */
START_TEST(share_screen_scrolls_many_roles)
{
    int64_t id = plan_make("Plan many", 50);
    struct e2e_term *term;
    char name[16];
    int i;

    for (i = 10; i < 33; i++) {
        snprintf(name, sizeof name, "w%d", i);
        ck_assert_int_eq(store_user_add(plan_store, name, ROLE_USER, NULL), 0);
        ck_assert_int_eq(
            store_strategy_grant(plan_store, E2E_USER, id, name, ACCESS_VIEW),
            0);
    }
    term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 100, 16,
                           "Strategies");
    plan_press(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Sharing: Plan many", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "w10: viewer", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "of 23: j/k or arrows scroll",
                                 WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(term, "w32: viewer"), 0);
    for (i = 0; i < 30; i++)
        plan_press(term, "j");
    ck_assert(e2e_term_wait_text(term, "w32: viewer", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "to 23 of 23", WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(term, "w10: viewer"), 0);
    for (i = 0; i < 30; i++)
        plan_press(term, "k");
    ck_assert(e2e_term_wait_text(term, "w10: viewer", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

/* The first x on an action names what it would remove, and only a
 * second x removes it. */
START_TEST(editor_removes_action_on_second_x)
{
    int64_t id = plan_make("Plan remove", 50);
    struct e2e_term *term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 120,
                                            40, "Strategies");

    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan remove — Lyon", WAIT_MS));
    plan_press(term, "x");
    ck_assert(e2e_term_wait_text(term,
                                 "Press x again to remove the action “Car "
                                 "fleet electrification” with its 1 setting.",
                                 WAIT_MS));
    e2e_term_drain(term, 300);
    ck_assert_uint_eq(stored_actions(id), 1);
    /* Another key cancels, so the next x requests confirmation again. */
    plan_press(term, "v");
    e2e_term_drain(term, 300);
    plan_press(term, "x");
    ck_assert(e2e_term_wait_text(term, "Press x again", WAIT_MS));
    ck_assert_uint_eq(stored_actions(id), 1);
    plan_press(term, "x");
    ck_assert(e2e_term_wait_text(
        term, "The action “Car fleet electrification” was removed.",
        WAIT_MS));
    ck_assert_uint_eq(stored_actions(id), 0);
    e2e_term_close(term);

    id = plan_make("Plan retrait", 50);
    term = open_strategies(E2E_USER, "LANG=fr_FR.UTF-8", 120, 40,
                           "Stratégies");
    plan_press(term, "j");
    e2e_term_drain(term, 300);
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan retrait — Lyon", WAIT_MS));
    plan_press(term, "x");
    ck_assert(e2e_term_wait_text(term, "Appuyez encore sur x pour retirer",
                                 WAIT_MS));
    ck_assert_uint_eq(stored_actions(id), 1);
    plan_press(term, "x");
    ck_assert(e2e_term_wait_text(term, "a été retirée", WAIT_MS));
    ck_assert_uint_eq(stored_actions(id), 0);
    e2e_term_close(term);
}
END_TEST

/*
 * The rows from first to last of the screen, each without its trailing
 * spaces, joined with one space, into buf.
 */
static void
rows_joined(struct e2e_term *term, int first, int last, char *buf,
            size_t size)
{
    size_t used = 0;
    int row;

    buf[0] = '\0';
    for (row = first; row <= last; row++) {
        const char *text = e2e_term_row(term, row);
        size_t length = strlen(text);

        while (length > 0 && text[length - 1] == ' ')
            length--;
        while (length > 0 && *text == ' ') {
            text++;
            length--;
        }
        if (used + length + 2 >= size)
            break;
        if (used > 0)
            buf[used++] = ' ';
        memcpy(buf + used, text, length);
        used += length;
        buf[used] = '\0';
    }
}

/* A refusal longer than the status line is read in full at 80 columns,
 * with its numbers grouped, and is not logged as a server fault. */
START_TEST(long_refusal_wraps_above_status_line)
{
    struct e2e_term *term;
    char bottom[1024];
    char *log;

    plan_make("Plan bounds", 50);
    term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 80, 24,
                           "Strategies");
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan bounds — Lyon", WAIT_MS));
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_text(term,
                                 "Format: start year, target year, value",
                                 WAIT_MS));
    plan_press(term, "\x15" "2024 2030 1000000\r");
    ck_assert(e2e_term_wait_row(term, 23, "0 to 100 %", WAIT_MS));
    rows_joined(term, 19, 23, bottom, sizeof bottom);
    ck_assert_msg(strstr(bottom, "Rejected: Car fleet electrification, Share "
                                 "of plug-in cars: 1,000,000 % is outside "
                                 "the bounds 0 to 100 %") != NULL,
                  "%s", e2e_term_screen(term));
    /* The next key clears it, and the footer is back on the last line of
     * the body. */
    plan_press(term, "v");
    ck_assert(e2e_term_wait_row_without(term, 23, "0 to 100", WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 22, "a add · x remove", WAIT_MS));
    log = e2e_server_log(plan_server);
    ck_assert_msg(strstr(log, "warn: user " E2E_USER) == NULL, "%s", log);
    free(log);
    e2e_term_close(term);

    /* In French, with the numbers grouped as the screens group them. */
    term = open_strategies(E2E_USER, "LANG=fr_FR.UTF-8", 80, 24,
                           "Stratégies");
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan bounds — Lyon", WAIT_MS));
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Format : année de départ, année cible",
                                 WAIT_MS));
    plan_press(term, "\x15" "2024 2030 1000000\r");
    ck_assert(e2e_term_wait_row(term, 23, "100 %", WAIT_MS));
    rows_joined(term, 19, 23, bottom, sizeof bottom);
    ck_assert_msg(strstr(bottom, "1\xe2\x80\xaf" "000\xe2\x80\xaf" "000 % est "
                                 "hors des bornes 0 à 100 %") != NULL,
                  "%s", e2e_term_screen(term));
    e2e_term_close(term);
}
END_TEST

/* The column where text starts on row, counting one column per
 * character, as every character of these rows takes one. */
static int
column_of(const char *row, const char *text)
{
    const char *found = strstr(row, text);
    int column = 0;
    const char *p;

    ck_assert_ptr_nonnull(found);
    for (p = row; p < found; p++) {
        if (((unsigned char)*p & 0xc0) != 0x80)
            column++;
    }
    return column;
}

/* A name over STRATEGY_NAME_MAX bytes is refused as it is typed, and a
 * long name is cut on a character with an ellipsis. */
START_TEST(long_name_refused_and_cut_on_character)
{
    char expected[STRATEGY_NAME_MAX + 1];
    struct strategy strategy;
    struct e2e_term *term;
    const char *row;
    const char *lyon;
    int64_t id;
    int i;

    id = plan_make("Plan long", 50);
    plan_make("Plan short", 50);
    term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 120, 30,
                           "Strategies");
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan long — Lyon", WAIT_MS));
    plan_press(term, "r");
    ck_assert(e2e_term_wait_text(term, "Name:", WAIT_MS));
    plan_press(term, "\x15");
    for (i = 0; i < 160; i++)
        plan_press(term, E_ACUTE);
    ck_assert(e2e_term_wait_text(term, "at most 300 bytes", WAIT_MS));
    plan_press(term, "\r");
    e2e_term_drain(term, 500);

    expected[0] = '\0';
    for (i = 0; i < 150; i++)
        strcat(expected, E_ACUTE);
    plan_read(NULL, id, &strategy);
    ck_assert_str_eq(strategy.name, expected);
    strategy_clear(&strategy);

    ck_assert(e2e_term_wait_row(term, 0, E_ACUTE E_ACUTE ELLIPSIS, WAIT_MS));
    ck_assert_ptr_null(strstr(e2e_term_row(term, 0), REPLACEMENT_CHARACTER));

    /* In the list, the territory and the owner stay in their columns. */
    plan_press(term, "h");
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    e2e_term_drain(term, 300);
    row = plan_row_with(term, E_ACUTE E_ACUTE E_ACUTE);
    ck_assert_ptr_nonnull(strstr(row, ELLIPSIS " Lyon"));
    ck_assert_ptr_null(strstr(row, REPLACEMENT_CHARACTER));
    lyon = strstr(row, "Lyon");
    ck_assert_ptr_nonnull(lyon);
    ck_assert_ptr_nonnull(strstr(lyon, E2E_USER));
    ck_assert_ptr_nonnull(strstr(lyon, "mine"));
    /* "Lyon" starts in the same column as on a short name's line. */
    ck_assert_int_eq(column_of(row, "Lyon"),
                     column_of(plan_row_with(term, "Plan short"), "Lyon"));
    e2e_term_close(term);
}
END_TEST

/* Returns 1 when text has a hyphen-minus written before a digit as a
 * sign, that is after a space or "[". */
static int
has_hyphen_minus(const char *text)
{
    const char *p;

    for (p = text + 1; *p != '\0'; p++) {
        if (*p == '-' && (p[-1] == ' ' || p[-1] == '[') && p[1] >= '0' &&
            p[1] <= '9')
            return 1;
    }
    return 0;
}

/* The comparison's name column grows with the terminal. */
START_TEST(comparison_names_grow_with_width)
{
    const char *first = "Plan A with a rather long descriptive name";
    const char *second = "Plan B with a rather long descriptive name";
    struct e2e_term *term;

    plan_make(first, 50);
    plan_make(second, 50);
    term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 200, 40,
                           "Strategies");
    ck_assert(e2e_term_wait_text(term, second, WAIT_MS));
    plan_press(term, " j ");
    e2e_term_drain(term, 300);
    plan_press(term, "c");
    ck_assert(
        e2e_term_wait_row(term, 0, "Comparison of 2 strategies", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, first, WAIT_MS));
    ck_assert(e2e_term_wait_text(term, second, WAIT_MS));
    /* The money quantities are yearly, and every negative number has the
     * same minus sign, U+2212, never a hyphen. */
    plan_press(term, "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj");
    ck_assert(e2e_term_wait_text(term, "(EUR/year)", WAIT_MS));
    ck_assert_msg(!has_hyphen_minus(e2e_term_screen(term)), "%s",
                  e2e_term_screen(term));
    /* At 80 columns the names are cut, with an ellipsis. */
    ck_assert_int_eq(e2e_term_resize(term, 80, 24), 0);
    ck_assert(e2e_term_wait_text(term, ELLIPSIS " ", WAIT_MS));
    ck_assert_ptr_nonnull(
        strstr(plan_row_with(term, "Plan A with a rather"), ELLIPSIS));
    ck_assert_int_lt(e2e_term_find_row(term, first), 0);
    e2e_term_close(term);
}
END_TEST

/* A viewer is offered only what a viewer can do; D is explained. */
START_TEST(viewer_footer_and_help)
{
    int64_t id = plan_make("Plan viewed", 50);
    struct e2e_term *term;

    ck_assert_int_eq(
        store_strategy_grant(plan_store, E2E_USER, id, E2E_USER2, ACCESS_VIEW),
        0);
    term = open_strategies(E2E_USER2, "LANG=en_US.UTF-8", 120, 30,
                           "Strategies");
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan viewed — Lyon", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "read-only · H history · D duplicate",
                                 WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(term, "a add"), 0);
    ck_assert_int_lt(e2e_term_find_row(term, "r rename"), 0);
    plan_press(term, "?");
    ck_assert(e2e_term_wait_text(term, "here D does not open the dashboards",
                                 WAIT_MS));
    e2e_term_close(term);

    term = open_strategies(E2E_USER2, "LANG=fr_FR.UTF-8", 120, 30,
                           "Stratégies");
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Plan viewed — Lyon", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "lecture seule · H historique",
                                 WAIT_MS));
    ck_assert_int_lt(e2e_term_find_row(term, "a ajouter"), 0);
    e2e_term_close(term);
}
END_TEST

static void
remove_spaces(char *text)
{
    char *out = text;
    const char *p;

    for (p = text; *p != '\0'; p++) {
        if (*p != ' ')
            *out++ = *p;
    }
    *out = '\0';
}

/* The history writes the highlighted change in full, however long. */
START_TEST(history_shows_long_change_in_full)
{
    char before[201];
    char after[251];
    char bottom[2048];
    struct e2e_term *term;
    int64_t id;

    memset(before, 'b', sizeof before - 1);
    before[sizeof before - 1] = '\0';
    memset(after, 'a', sizeof after - 1);
    after[sizeof after - 1] = '\0';
    memcpy(after + sizeof after - 4, "END", 3);
    id = plan_make(before, 50);
    ck_assert_int_eq(store_strategy_rename(plan_store, E2E_USER, id, after), 0);
    term = open_strategies(E2E_USER, "LANG=en_US.UTF-8", 120, 30,
                           "Strategies");
    plan_press(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "aaaa", WAIT_MS));
    plan_press(term, "H");
    ck_assert(e2e_term_wait_row(term, 0, "History of the strategy", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "aaEND”", WAIT_MS));
    /* The list line is cut, the detail under it is not: without the
     * spaces of its wrapping, it contains both names whole. */
    rows_joined(term, 4, 28, bottom, sizeof bottom);
    remove_spaces(bottom);
    ck_assert_msg(strstr(bottom, before) != NULL, "%s",
                  e2e_term_screen(term));
    ck_assert_msg(strstr(bottom, after) != NULL, "%s",
                  e2e_term_screen(term));
    e2e_term_close(term);
}
END_TEST

/* help over SSH shows an account without administration rights only
 * what it may import. */
START_TEST(help_import_line_for_user)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    char *out = NULL;
    char *err = NULL;
    int status = -1;

    ck_assert_int_eq(e2e_exec_auth(plan_server->port, E2E_USER, &auth, "help",
                                   NULL, &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 0);
    /* The server's default language is French. */
    ck_assert_msg(strstr(out, "charger un tableau de bord depuis le JSON "
                              "d'export dashboard") != NULL,
                  "%s", out);
    ck_assert_msg(strstr(out, "fichier d'indicateur") == NULL, "%s", out);
    ck_assert_msg(strstr(out, "(administrateurs)") == NULL, "%s", out);
    free(out);
    free(err);
}
END_TEST

static Suite *
strategy_editing_suite(void)
{
    Suite *suite = suite_create("e2e-strategy-editing");
    TCase *screens = tcase_create("screens");

    tcase_set_timeout(screens, e2e_timeout(120));
    tcase_add_checked_fixture(screens, plan_setup, plan_teardown);
    tcase_add_test(screens, share_screen_lists_roles_at_open);
    tcase_add_test(screens, share_screen_scrolls_many_roles);
    tcase_add_test(screens, editor_removes_action_on_second_x);
    tcase_add_test(screens, long_refusal_wraps_above_status_line);
    tcase_add_test(screens, long_name_refused_and_cut_on_character);
    tcase_add_test(screens, comparison_names_grow_with_width);
    tcase_add_test(screens, viewer_footer_and_help);
    tcase_add_test(screens, history_shows_long_change_in_full);
    tcase_add_test(screens, help_import_line_for_user);
    suite_add_tcase(suite, screens);
    return suite;
}

int
main(void)
{
    return e2e_main(strategy_editing_suite);
}
