/*
 * terrish: end-to-end tests of the French messages and labels of the
 * administration screens: the refusal of an unknown région, the
 * confidentiality rule of the catalogue and the action filter of the
 * audit log. carol is made an administrator in the store of each test.
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

#define WAIT_MS 10000

static struct e2e_server server;

static void
server_setup(void)
{
    struct store *store = NULL;
    char *error = NULL;

    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
    ck_assert_msg(
        store_open(server.store, STORE_OPEN_EXISTING, &store, &error) == 0,
        "store_open: %s", error);
    ck_assert_msg(store_user_set_role(store, E2E_USER3, ROLE_ADMIN, NULL) == 0,
                  "%s", store_error(store));
    store_close(store);
}

static void
server_teardown(void)
{
    e2e_server_free(&server);
}

/* Log in as carol, in French, and open the section at index of the
 * administration menu, waiting for text. */
static struct e2e_term *
admin_open(int index, const char *text)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;
    int i;

    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER3, &auth, 120,
                                   40, "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, "A:admin", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "A"), 0);
    ck_assert(e2e_term_wait_text(term, "Comptes et rôles", WAIT_MS));
    for (i = 0; i < index; i++) {
        ck_assert_int_eq(e2e_term_send(term, "j"), 0);
    }
    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, text, WAIT_MS));
    return term;
}

/* The région code is checked before the store is asked, so that the
 * refusal is a French sentence that names the code. */
START_TEST(unknown_region_refused_in_french)
{
    struct e2e_term *term = admin_open(1, E2E_USER);

    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, "r"), 0);
    ck_assert(e2e_term_wait_text(term, "Nouveau rôle", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "2"), 0);
    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, "99\r"), 0);
    ck_assert(
        e2e_term_wait_text(term, "aucune région n'a le code « 99 »", WAIT_MS));
    ck_assert(e2e_term_poll_text(term, "not found", 0) == 0);
    e2e_term_close(term);
}
END_TEST

/* The catalogue shows what a confidentiality rule means, not its bare
 * name: the first entry, the population, has none. */
START_TEST(catalogue_rule_in_french)
{
    struct e2e_term *term = admin_open(2, "Catalogue des indicateurs");

    ck_assert(e2e_term_wait_text(term,
                                 "Règle de confidentialité  aucune "
                                 "(none)",
                                 WAIT_MS));
    e2e_term_close(term);
}
END_TEST

/* "Action" is feminine in French: the filter that keeps every action
 * reads "toutes". */
START_TEST(audit_filter_agrees_in_french)
{
    struct e2e_term *term = admin_open(4, "Compte : tous");

    ck_assert(e2e_term_wait_text(term, "Action : toutes", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

static Suite *
admin_suite(void)
{
    Suite *suite = suite_create("e2e-admin");
    TCase *tc = tcase_create("admin");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(30));
    tcase_add_test(tc, unknown_region_refused_in_french);
    tcase_add_test(tc, catalogue_rule_in_french);
    tcase_add_test(tc, audit_filter_agrees_in_french);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(admin_suite);
}
