/*
 * terrish: end-to-end tests of the dashboard and strategy screens of each
 * role, on the accounts, dashboard and strategy of tests/authz-fixture.h.
 * A table gives one row per role: whether dave's dashboard and strategy
 * are listed (and so open), whether an edit key, the sharing screen and
 * removing are allowed. Each row logs in through the real server and
 * tries them all. A refused action shows its message and leaves the store
 * as it was. An allowed one makes the change in the store. Names that
 * contain escape sequences are drawn as text.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tests/authz-fixture.h"
#include "tests/e2e.h"

#define WAIT_MS 15000
#define COLS 120
#define ROWS 32
/* Row of the first entry of a list screen: the title, then a heading. */
#define LIST_FIRST_ROW 2

/* What one role may do on dave's dashboard and strategy in the screens. */
struct screen_case {
    enum authz_actor actor;
    int dashboard_listed; /* it opens from the list */
    int dashboard_edit;   /* E changes its description */
    int dashboard_owner;  /* s shares it, x removes it */
    int strategy_listed;
    int strategy_edit;    /* a adds an action */
    int strategy_owner;   /* s shares it, x removes it */
};

/* An administrator opens and removes any dashboard from the
 * administration, since the list of D holds only its own and shared
 * ones. */
static const struct screen_case cases[] = {
    {ACTOR_REQUESTER, 0, 0, 0, 0, 0, 0},
    {ACTOR_USER, 0, 0, 0, 0, 0, 0},
    {ACTOR_VIEWER, 1, 0, 0, 1, 0, 0},
    {ACTOR_EDITOR, 1, 1, 0, 1, 1, 0},
    {ACTOR_OWNER, 1, 1, 1, 1, 1, 1},
    {ACTOR_REGIONAL, 0, 0, 0, 0, 0, 0},
    {ACTOR_REGIONAL_2, 0, 0, 0, 0, 0, 0},
    {ACTOR_ADMIN, 1, 1, 1, 1, 1, 1},
};

#define CASE_COUNT (sizeof(cases) / sizeof(cases[0]))

/* Log in as actor on an English terminal and wait for the first screen. */
static struct e2e_term *
term_open(enum authz_actor actor)
{
    static const char *const env[] = {"LANG=en_GB.UTF-8", NULL};
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct e2e_term *term = NULL;

    if (actor == ACTOR_REQUESTER) {
        auth.password = NULL;
        auth.key_file = authz_requester_key;
    }
    ck_assert_int_eq(e2e_term_open(&term, authz_server.port,
                                   authz_actor_names[actor], &auth, COLS,
                                   ROWS, "xterm-256color", env),
                     0);
    ck_assert(e2e_term_wait_text(term,
                                 actor == ACTOR_REQUESTER
                                     ? "Request an account"
                                     : "Territories",
                                 WAIT_MS));
    return term;
}

static void
type_keys(struct e2e_term *term, const char *bytes)
{
    ck_assert_int_eq(e2e_term_send(term, bytes), 0);
}

/* Move the selection of a list, whose selected line is on row first, to
 * the line that contains text. */
static void
select_line(struct e2e_term *term, const char *text, int first)
{
    int row;
    int i;

    ck_assert(e2e_term_wait_text(term, text, WAIT_MS));
    e2e_term_drain(term, 200);
    row = e2e_term_find_row(term, text);
    ck_assert_msg(row >= first, "%s on row %d, before row %d:\n%s", text, row,
                  first, e2e_term_screen(term));
    for (i = first; i < row; i++) {
        type_keys(term, "j");
        e2e_term_drain(term, 50);
    }
}

/* Wait until text shows, then check that the store is still before. */
static void
expect_refused(struct e2e_term *term, const char *message, const char *before,
               const char *what)
{
    char *after = NULL;

    ck_assert_msg(e2e_term_wait_text(term, message, WAIT_MS),
                  "%s: no message \"%s\"", what, message);
    e2e_term_drain(term, 300);
    after = authz_store_snapshot();
    ck_assert_msg(strcmp(before, after) == 0, "%s was refused but changed "
                                              "the store",
                  what);
    free(after);
}

/* The state of the store that the screens change, read again each time. */
static char *
dashboard_description(void)
{
    struct store *store = authz_store_open();
    struct dashboard dashboard;
    char *text = NULL;

    memset(&dashboard, 0, sizeof(dashboard));
    if (store_dashboard_get(store, authz_dashboard_id, &dashboard) == 0)
        text = xstrdup(dashboard.description);
    dashboard_clear(&dashboard);
    store_close(store);
    return text;
}

static int
dashboard_exists(void)
{
    char *description = dashboard_description();
    int exists = description != NULL;

    free(description);
    return exists;
}

/* alice's access to the dashboard (strategy 0) or the strategy (1). */
static enum dashboard_access
alice_access(int strategy)
{
    struct store *store = authz_store_open();
    enum dashboard_access access = ACCESS_NONE;

    if (strategy)
        store_strategy_access(store, authz_strategy_id, E2E_USER, &access);
    else
        store_dashboard_access(store, authz_dashboard_id, E2E_USER, &access);
    store_close(store);
    return access;
}

/* The number of actions of the strategy, -1 once it is removed. */
static long
strategy_actions(void)
{
    struct store *store = authz_store_open();
    struct strategy plan;
    long count = -1;

    strategy_init(&plan);
    if (store_strategy_get(store, NULL, authz_strategy_id, &plan) == 0)
        count = (long)plan.item_count;
    strategy_clear(&plan);
    store_close(store);
    return count;
}

/* Wait up to WAIT_MS until check() returns expected. */
static int
wait_store(struct e2e_term *term, long (*check)(void), long expected)
{
    int waited;

    for (waited = 0; waited < WAIT_MS; waited += 100) {
        if (check() == expected)
            return 1;
        e2e_term_drain(term, 100);
    }
    return check() == expected;
}

static long
check_description_set(void)
{
    char *description = dashboard_description();
    long set = description != NULL && strcmp(description, "Note") == 0;

    free(description);
    return set;
}

static long
check_dashboard_alice(void)
{
    return alice_access(0);
}

static long
check_strategy_alice(void)
{
    return alice_access(1);
}

static long
check_dashboard_exists(void)
{
    return dashboard_exists();
}

/* Open the dashboard as the row allows: from the list of D, or for an
 * administrator from the administration. Returns 0 when it is not
 * listed, after checking that the store did not change. */
static int
dashboard_open(struct e2e_term *term, const struct screen_case *c)
{
    char *before = authz_store_snapshot();
    char *after = NULL;

    if (c->actor == ACTOR_ADMIN) {
        type_keys(term, "A");
        ck_assert(e2e_term_wait_text(term, "Administration", WAIT_MS));
        select_line(term, "Public dashboards",
                    e2e_term_find_row(term, "Account requests"));
        type_keys(term, "\r");
        ck_assert(e2e_term_wait_text(term, "Every dashboard", WAIT_MS));
    } else {
        type_keys(term, "D");
        ck_assert(e2e_term_wait_row(term, 0, "Dashboards", WAIT_MS));
    }
    if (!c->dashboard_listed) {
        e2e_term_drain(term, 500);
        ck_assert_msg(strstr(e2e_term_screen(term), AUTHZ_DASHBOARD_NAME) ==
                          NULL,
                      "%s sees the dashboard:\n%s",
                      authz_actor_names[c->actor], e2e_term_screen(term));
        after = authz_store_snapshot();
        ck_assert_str_eq(before, after);
        free(before);
        free(after);
        return 0;
    }
    free(before);
    select_line(term, AUTHZ_DASHBOARD_NAME, LIST_FIRST_ROW);
    type_keys(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, AUTHZ_DASHBOARD_NAME, WAIT_MS));
    e2e_term_drain(term, 300);
    return 1;
}

/* E on the dashboard: a new description, or the viewer's message. */
static void
dashboard_edit(struct e2e_term *term, const struct screen_case *c)
{
    char *before = authz_store_snapshot();

    type_keys(term, "E");
    if (!c->dashboard_edit) {
        expect_refused(term, "You can only view this dashboard", before,
                       "E on the dashboard");
        free(before);
        return;
    }
    free(before);
    ck_assert(e2e_term_wait_text(term, "Description:", WAIT_MS));
    type_keys(term, "\x15Note\r");
    ck_assert_msg(wait_store(term, check_description_set, 1),
                  "%s: the description was not saved",
                  authz_actor_names[c->actor]);
}

/* s on the dashboard: the sharing screen gives alice the viewer role, or
 * the message that only the owner shares. */
static void
dashboard_share(struct e2e_term *term, const struct screen_case *c)
{
    char *before = authz_store_snapshot();

    type_keys(term, "s");
    if (!c->dashboard_owner) {
        expect_refused(term, "Only the owner of this dashboard (dave)",
                       before, "s on the dashboard");
        free(before);
        return;
    }
    free(before);
    ck_assert(e2e_term_wait_row(term, 0, "Sharing: " AUTHZ_DASHBOARD_NAME,
                                WAIT_MS));
    type_keys(term, "g");
    ck_assert(e2e_term_wait_text(term, "Account:", WAIT_MS));
    type_keys(term, E2E_USER "\r");
    ck_assert(e2e_term_wait_text(term, "Role of " E2E_USER, WAIT_MS));
    type_keys(term, "v");
    ck_assert_msg(wait_store(term, check_dashboard_alice, ACCESS_VIEW),
                  "%s: alice did not become a viewer",
                  authz_actor_names[c->actor]);
    type_keys(term, "\x1b");
    ck_assert(e2e_term_wait_row(term, 0, AUTHZ_DASHBOARD_NAME, WAIT_MS));
}

/* Back on the list, x removes the dashboard, or shows who may. y
 * confirms it, or a second x on the administrator's list. */
static void
dashboard_remove(struct e2e_term *term, const struct screen_case *c)
{
    char *before = NULL;

    type_keys(term, "\x1b");
    ck_assert(e2e_term_wait_row(term, 0,
                                c->actor == ACTOR_ADMIN ? "Public dashboards"
                                                        : "Dashboards",
                                WAIT_MS));
    select_line(term, AUTHZ_DASHBOARD_NAME, LIST_FIRST_ROW);
    before = authz_store_snapshot();
    type_keys(term, "x");
    if (!c->dashboard_owner) {
        expect_refused(term, "Only the owner of a dashboard can remove it",
                       before, "x on the list");
        free(before);
        return;
    }
    free(before);
    if (c->actor == ACTOR_ADMIN) {
        ck_assert(e2e_term_wait_text(term, "Press x again", WAIT_MS));
        type_keys(term, "x");
    } else {
        ck_assert(e2e_term_wait_text(term, "(y/n)", WAIT_MS));
        type_keys(term, "y");
    }
    ck_assert_msg(wait_store(term, check_dashboard_exists, 0),
                  "%s: the dashboard was not removed",
                  authz_actor_names[c->actor]);
    ck_assert(e2e_term_wait_text(term, "The dashboard was removed", WAIT_MS));
}

/* From the summary of Grenoble, s opens the list of strategies. Returns 0
 * when dave's is not listed, after checking that the store did not
 * change. */
static int
strategy_open(struct e2e_term *term, const struct screen_case *c)
{
    char *before = authz_store_snapshot();
    char *after = NULL;

    type_keys(term, "/");
    e2e_term_drain(term, 200);
    type_keys(term, "38185");
    ck_assert(e2e_term_wait_text(term, "Grenoble", WAIT_MS));
    type_keys(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Grenoble", WAIT_MS));
    type_keys(term, "s");
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    if (!c->strategy_listed) {
        ck_assert(e2e_term_wait_text(term, "No strategy yet", WAIT_MS));
        ck_assert(strstr(e2e_term_screen(term), AUTHZ_STRATEGY_NAME) == NULL);
        after = authz_store_snapshot();
        ck_assert_str_eq(before, after);
        free(before);
        free(after);
        return 0;
    }
    free(before);
    select_line(term, AUTHZ_STRATEGY_NAME, LIST_FIRST_ROW);
    type_keys(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, AUTHZ_STRATEGY_NAME, WAIT_MS));
    e2e_term_drain(term, 300);
    return 1;
}

/* a on the strategy adds the first action of the catalogue, or shows
 * that the strategy is read-only. */
static void
strategy_edit(struct e2e_term *term, const struct screen_case *c)
{
    char *before = authz_store_snapshot();

    type_keys(term, "a");
    if (!c->strategy_edit) {
        expect_refused(term, "This strategy is read-only for you", before,
                       "a on the strategy");
        free(before);
        return;
    }
    free(before);
    ck_assert(e2e_term_wait_text(term, "Add an action", WAIT_MS));
    type_keys(term, "\r");
    ck_assert_msg(wait_store(term, strategy_actions, 1),
                  "%s: the action was not saved",
                  authz_actor_names[c->actor]);
}

static void
strategy_share(struct e2e_term *term, const struct screen_case *c)
{
    char *before = authz_store_snapshot();

    type_keys(term, "s");
    if (!c->strategy_owner) {
        expect_refused(term, "Only the owner of this strategy (dave)",
                       before, "s on the strategy");
        free(before);
        return;
    }
    free(before);
    ck_assert(e2e_term_wait_row(term, 0, "Sharing: " AUTHZ_STRATEGY_NAME,
                                WAIT_MS));
    type_keys(term, "g");
    ck_assert(e2e_term_wait_text(term, "Account:", WAIT_MS));
    type_keys(term, E2E_USER "\r");
    ck_assert(e2e_term_wait_text(term, "Role of " E2E_USER, WAIT_MS));
    type_keys(term, "v");
    ck_assert_msg(wait_store(term, check_strategy_alice, ACCESS_VIEW),
                  "%s: alice did not become a viewer",
                  authz_actor_names[c->actor]);
    type_keys(term, "\x1b");
    ck_assert(e2e_term_wait_row(term, 0, AUTHZ_STRATEGY_NAME, WAIT_MS));
}

static void
strategy_remove(struct e2e_term *term, const struct screen_case *c)
{
    char *before = NULL;

    type_keys(term, "\x1b");
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    select_line(term, AUTHZ_STRATEGY_NAME, LIST_FIRST_ROW);
    before = authz_store_snapshot();
    type_keys(term, "x");
    if (!c->strategy_owner) {
        expect_refused(term, "Only the owner of a strategy (dave)", before,
                       "x on the list of strategies");
        free(before);
        return;
    }
    free(before);
    ck_assert(e2e_term_wait_text(term, "Press x again", WAIT_MS));
    type_keys(term, "x");
    ck_assert_msg(wait_store(term, strategy_actions, -1),
                  "%s: the strategy was not removed",
                  authz_actor_names[c->actor]);
    ck_assert(e2e_term_wait_text(term, "The strategy was removed", WAIT_MS));
}

/* The requester reaches the request form only: neither name shows and
 * nothing changes. */
static void
requester_sees_form_only(void)
{
    char *before = authz_store_snapshot();
    struct e2e_term *term = term_open(ACTOR_REQUESTER);
    char *after = NULL;

    e2e_term_drain(term, 500);
    ck_assert(strstr(e2e_term_screen(term), AUTHZ_DASHBOARD_NAME) == NULL);
    ck_assert(strstr(e2e_term_screen(term), AUTHZ_STRATEGY_NAME) == NULL);
    e2e_term_close(term);
    after = authz_store_snapshot();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
}

START_TEST(screens_allowed_by_role)
{
    const struct screen_case *c = &cases[_i];
    struct e2e_term *term = NULL;

    if (c->actor == ACTOR_REQUESTER) {
        requester_sees_form_only();
        return;
    }
    term = term_open(c->actor);
    if (dashboard_open(term, c)) {
        dashboard_edit(term, c);
        dashboard_share(term, c);
        dashboard_remove(term, c);
    }
    e2e_term_close(term);

    term = term_open(c->actor);
    if (strategy_open(term, c)) {
        strategy_edit(term, c);
        strategy_share(term, c);
        strategy_remove(term, c);
    }
    e2e_term_close(term);
}
END_TEST

/* Write a name straight into the store, as a store written by another
 * tool could hold it. */
static void
name_insert_raw(const char *table, int64_t id, const char *name)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    char *sql = xasprintf("UPDATE %s SET name = ?1 WHERE id = ?2", table);

    ck_assert_int_eq(sqlite3_open(authz_server.store, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, id);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    free(sql);
}

/* A name with escape sequences shows in another account's lists with
 * each ESC as U+FFFD: the screen is neither cleared nor retitled, and
 * the text after ESC shows as text. */
START_TEST(raw_names_drawn_as_text)
{
    static const char hostile[] = "Evil \x1b]0;owned\x07 \x1b[2J end";
    struct e2e_term *term = NULL;

    name_insert_raw("dashboard", authz_dashboard_id, hostile);
    name_insert_raw("strategy", authz_strategy_id, hostile);
    term = term_open(ACTOR_VIEWER);
    type_keys(term, "D");
    ck_assert(e2e_term_wait_text(term, "\xef\xbf\xbd]0;owned", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "\xef\xbf\xbd[2J end", WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 0, "Dashboards", WAIT_MS));
    e2e_term_close(term);

    term = term_open(ACTOR_VIEWER);
    type_keys(term, "/");
    e2e_term_drain(term, 200);
    type_keys(term, "38185");
    ck_assert(e2e_term_wait_text(term, "Grenoble", WAIT_MS));
    type_keys(term, "\r");
    ck_assert(e2e_term_wait_row(term, 0, "Grenoble", WAIT_MS));
    type_keys(term, "s");
    ck_assert(e2e_term_wait_text(term, "\xef\xbf\xbd]0;owned", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "\xef\xbf\xbd[2J end", WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 0, "Strategies", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

static Suite *
authz_screen_suite(void)
{
    Suite *suite = suite_create("e2e-authz-screen");
    TCase *roles = tcase_create("roles");

    tcase_add_checked_fixture(roles, authz_setup, authz_teardown);
    tcase_set_timeout(roles, e2e_timeout(120));
    tcase_add_loop_test(roles, screens_allowed_by_role, 0, (int)CASE_COUNT);
    tcase_add_test(roles, raw_names_drawn_as_text);
    suite_add_tcase(suite, roles);
    return suite;
}

int
main(void)
{
    return e2e_main(authz_screen_suite);
}
