/*
 * terrish: end-to-end tests of who may do what. Each test starts the real
 * server on a copy of the test store, with these accounts added to the
 * three users of e2e.c:
 *   root  administrator
 *   gina  regional administrator of région 84 (Auvergne-Rhône-Alpes)
 *   ida   regional administrator of région 11 (Île-de-France)
 *   dave  user, owner of a private dashboard on Grenoble, which bob may
 *         view and carol may edit; alice has no right on it
 * and a person without an account who logs in as "request" with a key of
 * their own. A table gives, for each operation run over SSH, the exit
 * status each of them must get: 0 (allowed) or 4 (permission denied).
 * The screens are checked for the administration key and for what a
 * regional administrator sees of the requests, including a request whose
 * text holds escape sequences and invalid UTF-8.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "server/server.h"
#include "store/store.h"
#include "tests/e2e.h"

#define WAIT_MS 10000

#define ALLOW 0
#define DENY 4

static struct e2e_server server;
static char requester_key[PATH_MAX + 16];
static int64_t dashboard_id;
static int64_t request_84; /* pending request about Grenoble (84) */
static int64_t request_11; /* pending request about Paris (11) */
static int request_serial; /* makes each added request unique */

/* A catalogue entry and two values, sent by "import indicator --meta -". */
static const char import_input[] =
    "{\"id\": \"authz_t\", \"name\": {\"fr\": \"Test\", \"en\": \"Test\"},"
    " \"theme\": \"T\", \"unit\": \"u\", \"source\": \"test\", \"licence\":"
    " \"test\", \"years\": [2020], \"native_level\": \"commune\","
    " \"categories\": [], \"aggregation\": {\"rule\": \"sum\"},"
    " \"partial\": false}\n"
    "code;year;value\n38185;2020;1\n75056;2020;2\n";

static struct store *
store_open_server(void)
{
    struct store *store = NULL;
    char *error = NULL;

    ck_assert_msg(store_open(server.store, STORE_OPEN_EXISTING, &store,
                             &error) == 0,
                  "store_open: %s", error);
    return store;
}

static int64_t
territory_id(struct store *store, enum territory_level level,
             const char *code)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(store_territory_get(store, level, code, &territory), 0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* Add an account with E2E_PASSWORD. */
static void
account_add(struct store *store, const char *name, enum user_role role,
            const char *region)
{
    char *hash = auth_password_hash(E2E_PASSWORD);

    ck_assert_ptr_nonnull(hash);
    ck_assert_msg(store_user_add(store, name, role, region) == 0, "%s",
                  store_error(store));
    ck_assert_int_eq(store_user_set_password_hash(store, name, hash), 0);
    free(hash);
}

/* Add a pending request about a territory; returns its id. */
static int64_t
request_add(struct store *store, enum territory_level level, const char *code)
{
    struct account_request r;
    int64_t id;

    request_serial++;
    memset(&r, 0, sizeof(r));
    r.name = xasprintf("asker%d", request_serial);
    r.full_name = xstrdup("Camille Durand");
    r.email = xstrdup("camille@example.org");
    r.organisation = xstrdup("Commune");
    r.reason = xstrdup("PCAET");
    r.territory_id = territory_id(store, level, code);
    r.key_type = xstrdup("ssh-ed25519");
    r.key_base64 = xasprintf("AAAAC3NzaC1lZDI1NTE5AAAAIauthz%08d",
                             request_serial);
    r.key_fingerprint = xasprintf("SHA256:authz%d", request_serial);
    /* Documentation addresses (RFC 5737), one per request, so that the
     * daily limit of one address is never reached. */
    r.address = xasprintf("192.0.2.%d", request_serial);
    ck_assert_msg(store_request_add(store, &r) == 0, "%s",
                  store_error(store));
    id = r.id;
    account_request_clear(&r);
    return id;
}

static void
server_setup(void)
{
    struct store *store = NULL;
    char *command = NULL;

    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
    store = store_open_server();
    account_add(store, "root", ROLE_ADMIN, NULL);
    account_add(store, "gina", ROLE_REGIONAL_ADMIN, "84");
    account_add(store, "ida", ROLE_REGIONAL_ADMIN, "11");
    account_add(store, "dave", ROLE_USER, NULL);
    ck_assert_int_eq(store_dashboard_create(store, "dave", "Mobilité",
                                            territory_id(store, LEVEL_COMMUNE,
                                                         "38185"),
                                            &dashboard_id),
                     0);
    ck_assert_int_eq(store_dashboard_grant(store, "dave", dashboard_id,
                                           E2E_USER2, ACCESS_VIEW),
                     0);
    ck_assert_int_eq(store_dashboard_grant(store, "dave", dashboard_id,
                                           E2E_USER3, ACCESS_EDIT),
                     0);
    request_84 = request_add(store, LEVEL_COMMUNE, "38185");
    request_11 = request_add(store, LEVEL_COMMUNE, "75056");
    store_close(store);

    snprintf(requester_key, sizeof(requester_key), "%s/requester",
             server.dir);
    command = xasprintf("ssh-keygen -q -t ed25519 -N '' -C requester -f '%s'",
                        requester_key);
    ck_assert_int_eq(system(command), 0);
    free(command);
}

static void
server_teardown(void)
{
    e2e_server_free(&server);
}

/* The people of the table, and how each logs in. */
enum actor {
    ACTOR_REQUESTER,
    ACTOR_USER,       /* alice: no right on the dashboard */
    ACTOR_VIEWER,     /* bob */
    ACTOR_EDITOR,     /* carol */
    ACTOR_OWNER,      /* dave */
    ACTOR_REGIONAL,   /* gina, région 84 */
    ACTOR_REGIONAL_2, /* ida, région 11 */
    ACTOR_ADMIN,      /* root */
    ACTOR_COUNT
};

static const char *const actor_names[ACTOR_COUNT] = {
    REQUEST_ACCOUNT, E2E_USER, E2E_USER2, E2E_USER3,
    "dave",          "gina",   "ida",     "root",
};

/*
 * One operation: the command (with '#' for the number prepare returns),
 * its standard input, a step run before each actor tries it (so that
 * every actor finds the same state), and the expected status per actor.
 */
struct operation {
    const char *label;
    const char *command;
    const char *input;
    int64_t (*prepare)(void);
    int expected[ACTOR_COUNT];
};

/* A new pending request about Grenoble, in région 84. */
static int64_t
prepare_request_84(void)
{
    struct store *store = store_open_server();
    int64_t id = request_add(store, LEVEL_COMMUNE, "38185");

    store_close(store);
    return id;
}

/* Publish year 2018 of population again, so that withdrawing it can
 * succeed once more. */
static int64_t
prepare_publish(void)
{
    struct store *store = store_open_server();

    ck_assert_int_eq(store_indicator_set_published(store, "population", 2018,
                                                   1, &audit_local_actor),
                     0);
    store_close(store);
    return 0;
}

/* Make the dashboard private again. */
static int64_t
prepare_private(void)
{
    struct store *store = store_open_server();

    ck_assert_int_eq(store_dashboard_mark_public(store, dashboard_id, 0), 0);
    store_close(store);
    return dashboard_id;
}

static int64_t
prepare_dashboard(void)
{
    return dashboard_id;
}

static const struct operation operations[] = {
    {"accept an account request of région 84", "requests accept #", NULL,
     prepare_request_84,
     {DENY, DENY, DENY, DENY, DENY, ALLOW, DENY, ALLOW}},
    {"import an indicator", "import indicator --meta - -", import_input, NULL,
     {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}},
    {"withdraw an indicator year", "indicators withdraw population --year 2018",
     NULL, prepare_publish, {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}},
    {"read the audit log", "audit --limit 5", NULL, NULL,
     {DENY, DENY, DENY, DENY, DENY, ALLOW, ALLOW, ALLOW}},
    {"list account requests", "requests list", NULL, NULL,
     {DENY, DENY, DENY, DENY, DENY, ALLOW, ALLOW, ALLOW}},
    {"export data", "export indicator population --territory commune:38185",
     NULL, NULL, {DENY, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW}},
    {"make a dashboard public", "dashboards public # yes", NULL,
     prepare_private, {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}},
    {"view a private dashboard", "export dashboard #", NULL,
     prepare_dashboard,
     {DENY, DENY, ALLOW, ALLOW, ALLOW, DENY, DENY, ALLOW}},
};

#define OPERATION_COUNT (sizeof operations / sizeof operations[0])

/* Copy template into out with '#' replaced by number. */
static void
command_fill(char *out, size_t size, const char *template, int64_t number)
{
    const char *mark = strchr(template, '#');

    if (mark == NULL) {
        snprintf(out, size, "%s", template);
        return;
    }
    snprintf(out, size, "%.*s%lld%s", (int)(mark - template), template,
             (long long)number, mark + 1);
}

/* Run command as actor; returns the exit status. */
static int
run_as(enum actor actor, const char *command, const char *input, char **err)
{
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    char *out = NULL;
    int status = -1;

    if (actor == ACTOR_REQUESTER) {
        auth.password = NULL;
        auth.key_file = requester_key;
    }
    ck_assert_int_eq(e2e_exec_auth(server.port, actor_names[actor], &auth,
                                   command, input, &out, err, &status),
                     0);
    free(out);
    return status;
}

START_TEST(operations_allowed_by_role)
{
    const struct operation *op = &operations[_i];
    char command[256];
    int actor;

    for (actor = 0; actor < ACTOR_COUNT; actor++) {
        int64_t number = op->prepare != NULL ? op->prepare() : 0;
        char *err = NULL;
        int status;

        command_fill(command, sizeof(command), op->command, number);
        status = run_as((enum actor)actor, command, op->input, &err);
        ck_assert_msg(status == op->expected[actor],
                      "%s as %s: exit %d, expected %d; stderr: %s", op->label,
                      actor_names[actor], status, op->expected[actor], err);
        if (status == DENY) {
            ck_assert_msg(err[0] != '\0', "%s as %s: no message", op->label,
                          actor_names[actor]);
        }
        free(err);
    }
}
END_TEST

START_TEST(regional_admin_decides_only_own_region)
{
    char *err = NULL;
    char command[64];
    struct store *store = NULL;
    struct account_request r;

    snprintf(command, sizeof(command), "requests accept %lld",
             (long long)request_11);
    ck_assert_int_eq(run_as(ACTOR_REGIONAL, command, NULL, &err), DENY);
    ck_assert_msg(strstr(err, "région 84") != NULL, "%s", err);
    free(err);
    snprintf(command, sizeof(command), "requests refuse %lld --reason no",
             (long long)request_11);
    ck_assert_int_eq(run_as(ACTOR_REGIONAL, command, NULL, &err), DENY);
    free(err);
    snprintf(command, sizeof(command), "requests show %lld",
             (long long)request_11);
    ck_assert_int_eq(run_as(ACTOR_REGIONAL, command, NULL, &err), DENY);
    free(err);
    ck_assert_int_eq(run_as(ACTOR_REGIONAL_2, command, NULL, &err), ALLOW);
    free(err);

    store = store_open_server();
    ck_assert_int_eq(store_request_get(store, request_11, &r), 0);
    ck_assert_int_eq(r.status, REQUEST_PENDING);
    account_request_clear(&r);
    store_close(store);
}
END_TEST

START_TEST(audit_records_remote_actions)
{
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    char command[64];
    char *out = NULL;
    char *err = NULL;
    int status = -1;

    snprintf(command, sizeof(command), "requests accept %lld",
             (long long)request_84);
    ck_assert_int_eq(run_as(ACTOR_REGIONAL, command, NULL, &err), ALLOW);
    free(err);
    ck_assert_int_eq(e2e_exec_auth(server.port, "root", &auth,
                                   "audit --action account.accept", NULL,
                                   &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(strstr(out, "\tgina\t127.0.0.1\taccount.accept\t"
                              "request:") != NULL,
                  "%s", out);
    free(out);
    free(err);
    /* ida, of région 11, reads nothing of région 84's requests. */
    ck_assert_int_eq(e2e_exec_auth(server.port, "ida", &auth, "audit", NULL,
                                   &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(strstr(out, "account.accept") == NULL, "%s", out);
    free(out);
    free(err);
}
END_TEST

START_TEST(dashboard_json_round_trip)
{
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct dashboard *list = NULL;
    struct widget *widgets = NULL;
    struct store *store = store_open_server();
    struct widget widget;
    char command[64];
    char *json = NULL;
    char *out = NULL;
    char *err = NULL;
    size_t count = 0;
    size_t copy;
    int64_t version = 0;
    int status = -1;

    memset(&widget, 0, sizeof(widget));
    widget.dashboard_id = dashboard_id;
    widget.indicator_id = xstrdup("population");
    widget.kind = WIDGET_KPI;
    widget.title = xstrdup("Habitants \"2023\"");
    widget.width = 2;
    widget.height = 1;
    ck_assert_msg(store_widget_add(store, "dave", &widget, &version) == 0,
                  "%s", store_error(store));
    widget_clear(&widget);
    store_close(store);

    snprintf(command, sizeof(command), "export dashboard %lld",
             (long long)dashboard_id);
    ck_assert_int_eq(e2e_exec_auth(server.port, E2E_USER2, &auth, command,
                                   NULL, &json, &err, &status),
                     0);
    ck_assert_msg(status == 0, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_exec_auth(server.port, E2E_USER2, &auth,
                                   "import dashboard -", json, &out, &err,
                                   &status),
                     0);
    ck_assert_msg(status == 0, "%s", err);
    free(json);
    free(out);
    free(err);

    store = store_open_server();
    ck_assert_int_eq(store_dashboard_list(store, E2E_USER2, &list, &count), 0);
    ck_assert_uint_eq(count, 2); /* the shared one and bob's copy */
    copy = strcmp(list[0].owner, E2E_USER2) == 0 ? 0 : 1;
    ck_assert_str_eq(list[copy].owner, E2E_USER2);
    ck_assert_str_eq(list[copy].name, "Mobilité");
    ck_assert_int_ne(list[copy].id, dashboard_id);
    ck_assert_int_eq(store_dashboard_widgets(store, list[copy].id, &widgets,
                                             &count),
                     0);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(widgets[0].title, "Habitants \"2023\"");
    widget_clear(&widgets[0]);
    free(widgets);
    dashboard_clear(&list[0]);
    dashboard_clear(&list[1]);
    free(list);
    store_close(store);
}
END_TEST

/* Log in on a 100x30 terminal, in English. */
static struct e2e_term *
term_open(const char *user)
{
    static const char *const env[] = {"LANG=en_GB.UTF-8", NULL};
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, user, &auth, 100, 30,
                                   "xterm-256color", env),
                     0);
    ck_assert(e2e_term_wait_text(term, "Territories", WAIT_MS));
    return term;
}

START_TEST(admin_key_only_for_administrators)
{
    struct e2e_term *term = term_open(E2E_USER);

    ck_assert_msg(strstr(e2e_term_screen(term), "A:admin") == NULL, "%s",
                  e2e_term_screen(term));
    e2e_term_send(term, "A");
    e2e_term_drain(term, 500);
    ck_assert_msg(strstr(e2e_term_screen(term), "Administration") == NULL,
                  "%s", e2e_term_screen(term));
    e2e_term_close(term);

    term = term_open("root");
    ck_assert(e2e_term_wait_text(term, "A:admin", WAIT_MS));
    e2e_term_send(term, "A");
    ck_assert(e2e_term_wait_text(term, "Indicator catalogue", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "Public dashboards", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

START_TEST(regional_admin_sees_own_region_requests)
{
    struct e2e_term *term = term_open("gina");
    const char *screen;
    char other[32];

    e2e_term_send(term, "A");
    ck_assert(e2e_term_wait_text(term, "Account requests (1 pending)",
                                 WAIT_MS));
    screen = e2e_term_screen(term);
    ck_assert_msg(strstr(screen, "Indicator catalogue") == NULL, "%s", screen);
    e2e_term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Grenoble", WAIT_MS));
    snprintf(other, sizeof(other), "asker%d", 2); /* request_11's name */
    screen = e2e_term_screen(term);
    ck_assert_msg(strstr(screen, "asker1") != NULL, "%s", screen);
    ck_assert_msg(strstr(screen, other) == NULL, "%s", screen);
    ck_assert_msg(strstr(screen, "Paris") == NULL, "%s", screen);
    e2e_term_close(term);
}
END_TEST

/* Write a request straight into the store with text that no form lets
 * through, as a store written by another tool could hold it. */
static int64_t
request_insert_raw(const char *full_name, const char *reason)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int64_t id;

    ck_assert_int_eq(sqlite3_open(server.store, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    ck_assert_int_eq(
        sqlite3_prepare_v2(
            db,
            "INSERT INTO account_request (name, full_name, email,"
            " organisation, reason, territory_id, key_type, key_base64,"
            " key_fingerprint, address, address_key, created_at)"
            " SELECT 'hostile', ?1, 'h@example.org', 'Org', ?2, id,"
            " 'ssh-ed25519', 'AAAAhostile', 'SHA256:hostile', '192.0.2.99',"
            " '192.0.2.99', '2026-01-01T00:00:00Z' FROM territory"
            " WHERE level = 4 AND code = '69123'",
            -1, &stmt, NULL),
        SQLITE_OK);
    sqlite3_bind_text(stmt, 1, full_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_DONE);
    id = sqlite3_last_insert_rowid(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return id;
}

/* Find text on the screen; returns 1 with its row and column. */
static int
screen_find(struct e2e_term *term, const char *text, int rows, int *row,
            int *col)
{
    int y;

    for (y = 0; y < rows; y++) {
        const char *line = e2e_term_row(term, y);
        const char *at = line != NULL ? strstr(line, text) : NULL;

        if (at != NULL) {
            *row = y;
            /* Columns before it: one per character (all are one wide). */
            *col = 0;
            for (line = e2e_term_row(term, y); line < at; line++) {
                if (((unsigned char)*line & 0xc0) != 0x80) {
                    (*col)++;
                }
            }
            return 1;
        }
    }
    return 0;
}

START_TEST(escape_sequences_not_sent_to_terminal)
{
    struct store *store = store_open_server();
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct e2e_term *term = NULL;
    struct e2e_cell cell;
    char command[64];
    char *out = NULL;
    char *err = NULL;
    int status = -1;
    int64_t id;
    int row = 0;
    int col = 0;

    /* Only the hostile request stays pending in région 84. */
    ck_assert_int_eq(store_request_refuse(store, request_84,
                                          &audit_local_actor, NULL, "test"),
                     0);
    store_close(store);
    id = request_insert_raw("Eve \x1b]0;owned\x07 \xff\xfe Name",
                            "Look \x1b[7mINVERSE\x1b[0m and \xc2\x9b" "1;1H "
                            "there \x1b[2J");

    term = term_open("gina");
    e2e_term_send(term, "A");
    ck_assert(e2e_term_wait_text(term, "Account requests", WAIT_MS));
    e2e_term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "INVERSE", WAIT_MS));
    e2e_term_drain(term, 300);
    /* Each ESC, C1 control and invalid byte shows as U+FFFD, so the
     * sequences after it show as text. */
    ck_assert_msg(screen_find(term, "\xef\xbf\xbd[7mINVERSE", 30, &row,
                              &col),
                  "%s", e2e_term_screen(term));
    ck_assert_int_eq(e2e_term_cell(term, row, col + 4, &cell), 0);
    ck_assert_int_eq(cell.code, 'I');
    ck_assert_int_eq(cell.reverse, 0);
    ck_assert_msg(strstr(e2e_term_screen(term), "\xef\xbf\xbd" "1;1H") != NULL,
                  "%s", e2e_term_screen(term));
    ck_assert_msg(strstr(e2e_term_screen(term), "]0;owned") != NULL, "%s",
                  e2e_term_screen(term));
    /* The title and the rest of the screen were not cleared. */
    ck_assert(strstr(e2e_term_screen(term), "terrish") != NULL);
    e2e_term_close(term);

    /* Over SSH, the command shows them escaped. */
    snprintf(command, sizeof(command), "requests show %lld", (long long)id);
    ck_assert_int_eq(e2e_exec_auth(server.port, "root", &auth, command, NULL,
                                   &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(strchr(out, 0x1b) == NULL, "raw ESC in: %s", out);
    ck_assert_msg(strstr(out, "\\x1b[7mINVERSE") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "\\xff\\xfe") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "\\xc2\\x9b") != NULL, "%s", out);
    free(out);
    free(err);
}
END_TEST

/* Open the summary of Grenoble and page down to its population line;
 * returns that line. */
static const char *
summary_population_line(struct e2e_term *term)
{
    int row = 0;
    int col = 0;
    int page;

    e2e_term_send(term, "/grenoble");
    ck_assert(e2e_term_wait_text(term, "Grenoble-Alpes", WAIT_MS));
    e2e_term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Indicators", WAIT_MS));
    for (page = 0; page < 6 && !screen_find(term, "Municipal population", 30,
                                            &row, &col);
         page++) {
        e2e_term_send(term, "\x1b[6~"); /* Page Down */
        e2e_term_drain(term, 300);
    }
    ck_assert_msg(screen_find(term, "Municipal population", 30, &row, &col),
                  "%s", e2e_term_screen(term));
    return e2e_term_row(term, row);
}

START_TEST(withdrawn_year_hidden_from_users)
{
    struct store *store = store_open_server();
    struct e2e_term *term = NULL;
    const char *line;

    ck_assert_int_eq(store_indicator_set_published(store, "population", 2023,
                                                   0, &audit_local_actor),
                     0);
    store_close(store);

    term = term_open(E2E_USER);
    line = summary_population_line(term);
    ck_assert_msg(strstr(line, "2018") != NULL, "%s", line);
    ck_assert_msg(strstr(line, "2023") == NULL, "%s", line);
    e2e_term_close(term);

    term = term_open("root");
    line = summary_population_line(term);
    ck_assert_msg(strstr(line, "2023") != NULL, "%s", line);
    e2e_term_close(term);
}
END_TEST

static Suite *
authz_suite(void)
{
    Suite *suite = suite_create("e2e-authz");
    TCase *matrix = tcase_create("matrix");
    TCase *screens = tcase_create("screens");

    tcase_add_checked_fixture(matrix, server_setup, server_teardown);
    tcase_set_timeout(matrix, e2e_timeout(90));
    tcase_add_loop_test(matrix, operations_allowed_by_role, 0,
                        (int)OPERATION_COUNT);
    tcase_add_test(matrix, regional_admin_decides_only_own_region);
    tcase_add_test(matrix, audit_records_remote_actions);
    tcase_add_test(matrix, dashboard_json_round_trip);
    suite_add_tcase(suite, matrix);

    tcase_add_checked_fixture(screens, server_setup, server_teardown);
    tcase_set_timeout(screens, e2e_timeout(60));
    tcase_add_test(screens, admin_key_only_for_administrators);
    tcase_add_test(screens, regional_admin_sees_own_region_requests);
    tcase_add_test(screens, escape_sequences_not_sent_to_terminal);
    tcase_add_test(screens, withdrawn_year_hidden_from_users);
    suite_add_tcase(suite, screens);
    return suite;
}

int
main(void)
{
    return e2e_main(authz_suite);
}
