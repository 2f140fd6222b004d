/*
 * terrish: end-to-end tests of who may do what, on the accounts, the
 * dashboard and the strategy of tests/authz-fixture.h, with two pending
 * account requests added. A table gives, for each operation run over SSH,
 * the exit status each person must get: 0 (allowed) or 4 (permission
 * denied). After a refusal the store must be as it was, and an allowed
 * change must change it. Names with quotes, semicolons, SQL keywords,
 * control characters and invalid UTF-8 are stored as text or rejected,
 * and never reach a terminal raw. The screens are checked for the
 * administration key and for what a regional administrator sees of the
 * requests, including a request whose text holds escape sequences and
 * invalid UTF-8; tests/check-e2e-authz-screen.c checks the dashboard and
 * strategy screens of each role.
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
#include "store/strategy.h"
#include "tests/authz-fixture.h"
#include "tests/e2e.h"

#define WAIT_MS 10000

#define ALLOW 0
#define DENY 4

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
    r.territory_id = authz_territory_id(store, level, code);
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

    authz_setup();
    store = authz_store_open();
    request_84 = request_add(store, LEVEL_COMMUNE, "38185");
    request_11 = request_add(store, LEVEL_COMMUNE, "75056");
    store_close(store);
}

static void
server_teardown(void)
{
    authz_teardown();
}

/*
 * One operation: the command (with '#' for the number prepare returns),
 * its standard input, a step run before each actor tries it (so that
 * every actor finds the same state), the expected status per actor, and
 * whether an allowed run changes the store (0 for a read).
 */
struct operation {
    const char *label;
    const char *command;
    const char *input;
    int64_t (*prepare)(void);
    int expected[ACTOR_COUNT];
    int changes;
};

/* A new pending request about Grenoble, in région 84. */
static int64_t
prepare_request_84(void)
{
    struct store *store = authz_store_open();
    int64_t id = request_add(store, LEVEL_COMMUNE, "38185");

    store_close(store);
    return id;
}

/* Publish year 2018 of population again, so that withdrawing it can
 * succeed once more. */
static int64_t
prepare_publish(void)
{
    struct store *store = authz_store_open();

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
    struct store *store = authz_store_open();

    ck_assert_int_eq(store_dashboard_mark_public(store, authz_dashboard_id, 0),
                     0);
    store_close(store);
    return authz_dashboard_id;
}

static int64_t
prepare_dashboard(void)
{
    return authz_dashboard_id;
}

static int64_t
prepare_strategy(void)
{
    return authz_strategy_id;
}

static const struct operation operations[] = {
    {"accept an account request of région 84", "requests accept #", NULL,
     prepare_request_84,
     {DENY, DENY, DENY, DENY, DENY, ALLOW, DENY, ALLOW}, 1},
    {"import an indicator", "import indicator --meta - -", import_input, NULL,
     {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}, 1},
    {"withdraw an indicator year", "indicators withdraw population --year 2018",
     NULL, prepare_publish, {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW},
     1},
    {"read the audit log", "audit --limit 5", NULL, NULL,
     {DENY, DENY, DENY, DENY, DENY, ALLOW, ALLOW, ALLOW}, 0},
    {"list account requests", "requests list", NULL, NULL,
     {DENY, DENY, DENY, DENY, DENY, ALLOW, ALLOW, ALLOW}, 0},
    {"export data", "export indicator population --territory commune:38185",
     NULL, NULL, {DENY, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW}, 0},

    {"list every dashboard", "dashboards list --all", NULL, NULL,
     {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}, 0},
    {"view a private dashboard", "dashboards show #", NULL, prepare_dashboard,
     {DENY, DENY, ALLOW, ALLOW, ALLOW, DENY, DENY, ALLOW}, 0},
    {"export a private dashboard", "export dashboard #", NULL,
     prepare_dashboard,
     {DENY, DENY, ALLOW, ALLOW, ALLOW, DENY, DENY, ALLOW}, 0},
    {"rename a dashboard", "dashboards rename # 'Mobilité 2030'", NULL,
     authz_dashboard_make,
     {DENY, DENY, DENY, ALLOW, ALLOW, DENY, DENY, ALLOW}, 1},
    {"share a dashboard", "dashboards share # alice viewer", NULL,
     authz_dashboard_make,
     {DENY, DENY, DENY, DENY, ALLOW, DENY, DENY, ALLOW}, 1},
    {"unshare a dashboard", "dashboards unshare # bob", NULL,
     authz_dashboard_make,
     {DENY, DENY, DENY, DENY, ALLOW, DENY, DENY, ALLOW}, 1},
    {"make a dashboard public", "dashboards public # yes", NULL,
     prepare_private, {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}, 1},
    {"remove a dashboard", "dashboards remove #", NULL, authz_dashboard_make,
     {DENY, DENY, DENY, DENY, ALLOW, DENY, DENY, ALLOW}, 1},

    {"list strategies", "strategies list", NULL, NULL,
     {DENY, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW}, 0},
    {"view a private strategy", "strategies show #", NULL, prepare_strategy,
     {DENY, DENY, ALLOW, ALLOW, ALLOW, DENY, DENY, ALLOW}, 0},
    {"export a private strategy", "export strategy #", NULL,
     prepare_strategy, {DENY, DENY, ALLOW, ALLOW, ALLOW, DENY, DENY, ALLOW},
     0},
    {"rename a strategy", "strategies rename # 'Plan 2030'", NULL,
     authz_strategy_make,
     {DENY, DENY, DENY, ALLOW, ALLOW, DENY, DENY, ALLOW}, 1},
    {"share a strategy", "strategies share # alice editor", NULL,
     authz_strategy_make,
     {DENY, DENY, DENY, DENY, ALLOW, DENY, DENY, ALLOW}, 1},
    {"unshare a strategy", "strategies unshare # carol", NULL,
     authz_strategy_make,
     {DENY, DENY, DENY, DENY, ALLOW, DENY, DENY, ALLOW}, 1},
    {"make a strategy public", "strategies public # on", NULL,
     authz_strategy_make,
     {DENY, DENY, DENY, DENY, DENY, DENY, DENY, ALLOW}, 1},
    {"remove a strategy", "strategies remove #", NULL, authz_strategy_make,
     {DENY, DENY, DENY, DENY, ALLOW, DENY, DENY, ALLOW}, 1},
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

/* Run command as actor; returns the exit status. out may be NULL. */
static int
run_as_out(enum authz_actor actor, const char *command, const char *input,
           char **out, char **err)
{
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    char *text = NULL;
    int status = -1;

    if (actor == ACTOR_REQUESTER) {
        auth.password = NULL;
        auth.key_file = authz_requester_key;
    }
    ck_assert_int_eq(e2e_exec_auth(authz_server.port,
                                   authz_actor_names[actor], &auth, command,
                                   input, &text, err, &status),
                     0);
    if (out != NULL)
        *out = text;
    else
        free(text);
    return status;
}

static int
run_as(enum authz_actor actor, const char *command, const char *input,
       char **err)
{
    return run_as_out(actor, command, input, NULL, err);
}

START_TEST(operations_allowed_by_role)
{
    const struct operation *op = &operations[_i];
    char command[256];
    int actor;

    for (actor = 0; actor < ACTOR_COUNT; actor++) {
        int64_t number = op->prepare != NULL ? op->prepare() : 0;
        char *before = authz_store_snapshot();
        char *after = NULL;
        char *err = NULL;
        int status;

        command_fill(command, sizeof(command), op->command, number);
        status = run_as((enum authz_actor)actor, command, op->input, &err);
        ck_assert_msg(status == op->expected[actor],
                      "%s as %s: exit %d, expected %d; stderr: %s", op->label,
                      authz_actor_names[actor], status, op->expected[actor],
                      err);
        after = authz_store_snapshot();
        if (status == DENY) {
            ck_assert_msg(err[0] != '\0', "%s as %s: no message", op->label,
                          authz_actor_names[actor]);
            ck_assert_msg(strcmp(before, after) == 0,
                          "%s as %s was refused but changed the store:\n"
                          "before:\n%s\nafter:\n%s",
                          op->label, authz_actor_names[actor], before, after);
        } else if (op->changes) {
            ck_assert_msg(strcmp(before, after) != 0,
                          "%s as %s was allowed but changed nothing",
                          op->label, authz_actor_names[actor]);
        } else {
            ck_assert_msg(strcmp(before, after) == 0,
                          "%s as %s only reads, but changed the store",
                          op->label, authz_actor_names[actor]);
        }
        free(before);
        free(after);
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

    store = authz_store_open();
    ck_assert_int_eq(store_request_get(store, request_11, &r), 0);
    ck_assert_int_eq(r.status, REQUEST_PENDING);
    account_request_clear(&r);
    store_close(store);
}
END_TEST

/* help lists the actions an account may run: a user does not see the
 * administrators' ones, an administrator does. */
START_TEST(help_lists_allowed_actions)
{
    static const char *const admin_only[] = {"publish | withdraw",
                                             "indicator --meta",
                                             "public ID yes|no"};
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    char *out = NULL;
    char *err = NULL;
    int status = -1;
    size_t i;

    ck_assert_int_eq(e2e_exec_auth(authz_server.port, "dave", &auth, "help",
                                   NULL, &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 0);
    for (i = 0; i < sizeof admin_only / sizeof admin_only[0]; i++)
        ck_assert_msg(strstr(out, admin_only[i]) == NULL,
                      "a user sees \"%s\":\n%s", admin_only[i], out);
    free(out);
    free(err);
    ck_assert_int_eq(e2e_exec_auth(authz_server.port, "root", &auth, "help",
                                   NULL, &out, &err, &status),
                     0);
    ck_assert_int_eq(status, 0);
    for (i = 0; i < sizeof admin_only / sizeof admin_only[0]; i++)
        ck_assert_msg(strstr(out, admin_only[i]) != NULL,
                      "an administrator does not see \"%s\":\n%s",
                      admin_only[i], out);
    free(out);
    free(err);
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
    ck_assert_int_eq(e2e_exec_auth(authz_server.port, "root", &auth,
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
    ck_assert_int_eq(e2e_exec_auth(authz_server.port, "ida", &auth, "audit", NULL,
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
    struct store *store = authz_store_open();
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
    widget.dashboard_id = authz_dashboard_id;
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
             (long long)authz_dashboard_id);
    ck_assert_int_eq(e2e_exec_auth(authz_server.port, E2E_USER2, &auth, command,
                                   NULL, &json, &err, &status),
                     0);
    ck_assert_msg(status == 0, "%s", err);
    free(err);
    ck_assert_int_eq(e2e_exec_auth(authz_server.port, E2E_USER2, &auth,
                                   "import dashboard -", json, &out, &err,
                                   &status),
                     0);
    ck_assert_msg(status == 0, "%s", err);
    free(json);
    free(out);
    free(err);

    store = authz_store_open();
    ck_assert_int_eq(store_dashboard_list(store, E2E_USER2, &list, &count), 0);
    ck_assert_uint_eq(count, 2); /* the shared one and bob's copy */
    copy = strcmp(list[0].owner, E2E_USER2) == 0 ? 0 : 1;
    ck_assert_str_eq(list[copy].owner, E2E_USER2);
    ck_assert_str_eq(list[copy].name, AUTHZ_DASHBOARD_NAME);
    ck_assert_int_ne(list[copy].id, authz_dashboard_id);
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

/* Quote text for the command line of an exec request, as a POSIX shell
 * would read it: in '...', with each ' written '\''. */
static char *
shell_quote(const char *text)
{
    char *quoted = xstrdup("'");
    const char *p;

    for (p = text; *p != '\0'; p++) {
        char *next = *p == '\''
                         ? xasprintf("%s'\\''", quoted)
                         : xasprintf("%s%c", quoted, *p);

        free(quoted);
        quoted = next;
    }
    p = quoted;
    quoted = xasprintf("%s'", p);
    free((char *)p);
    return quoted;
}

/* The name of dave's dashboard or strategy in the store (a copy). */
static char *
stored_name(int strategy)
{
    struct store *store = authz_store_open();
    struct dashboard dashboard;
    struct strategy plan;
    char *name = NULL;

    if (strategy) {
        strategy_init(&plan);
        ck_assert_int_eq(
            store_strategy_get(store, NULL, authz_strategy_id, &plan), 0);
        name = xstrdup(plan.name);
        strategy_clear(&plan);
    } else {
        memset(&dashboard, 0, sizeof(dashboard));
        ck_assert_int_eq(
            store_dashboard_get(store, authz_dashboard_id, &dashboard), 0);
        name = xstrdup(dashboard.name);
        dashboard_clear(&dashboard);
    }
    store_close(store);
    return name;
}

/* Run "KIND rename ID NAME" as dave; returns the exit status. */
static int
rename_as_owner(int strategy, const char *name)
{
    char *quoted = shell_quote(name);
    char *command = xasprintf(
        "%s rename %lld %s", strategy ? "strategies" : "dashboards",
        (long long)(strategy ? authz_strategy_id : authz_dashboard_id),
        quoted);
    char *err = NULL;
    int status = run_as(ACTOR_OWNER, command, NULL, &err);

    free(err);
    free(command);
    free(quoted);
    return status;
}

/* Quotes, semicolons and SQL keywords are text: each is stored as typed,
 * and the store keeps every table and account. */
START_TEST(names_with_sql_stored_as_text)
{
    static const char *const names[] = {
        "Plan \"A\"; DROP TABLE dashboard; --",
        "Robert'); DELETE FROM account; --",
        "1' OR '1'='1",
        "x\\y; SELECT * FROM audit_log",
    };
    char *before = authz_store_snapshot();
    size_t accounts = 0;
    size_t i;
    int strategy;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        for (strategy = 0; strategy < 2; strategy++) {
            char *name = NULL;

            ck_assert_msg(rename_as_owner(strategy, names[i]) == ALLOW,
                          "rename to %s", names[i]);
            name = stored_name(strategy);
            ck_assert_str_eq(name, names[i]);
            free(name);
        }
    }
    free(before);
    before = authz_store_snapshot();
    for (i = 0; before[i] != '\0'; i++)
        accounts += strncmp(before + i, "account ", 8) == 0 &&
                    (i == 0 || before[i - 1] == '\n');
    /* alice, bob, carol, root, gina, ida and dave. */
    ck_assert_uint_eq(accounts, 7);
    free(before);
}
END_TEST

/* A name the store refuses (control characters) exits with 5, and one
 * that the command line refuses (escape, invalid UTF-8) with 2; neither
 * changes the store. */
START_TEST(names_with_controls_rejected)
{
    static const struct {
        const char *name;
        int status;
    } cases[] = {
        {"CSI \xc2\x9b" "2J", EXIT_INVALID_INPUT},
        {"tab\there", EXIT_INVALID_INPUT},
        {"line\nfeed", EXIT_INVALID_INPUT},
        {"  ", EXIT_INVALID_INPUT},
        {"ESC \x1b[2J", EXIT_USAGE},
        {"bad \xff\xfe", EXIT_USAGE},
    };
    size_t i;
    int strategy;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (strategy = 0; strategy < 2; strategy++) {
            char *before = authz_store_snapshot();
            char *after = NULL;
            int status = rename_as_owner(strategy, cases[i].name);

            ck_assert_msg(status == cases[i].status,
                          "case %zu (%s): exit %d, expected %d", i,
                          strategy ? "strategy" : "dashboard", status,
                          cases[i].status);
            after = authz_store_snapshot();
            ck_assert_msg(strcmp(before, after) == 0,
                          "case %zu changed the store", i);
            free(before);
            free(after);
        }
    }
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

/* Names holding escape sequences reach another account's output escaped:
 * no ESC, BEL or invalid byte is sent. */
START_TEST(raw_names_escaped_in_output)
{
    static const char hostile[] = "Evil \x1b]0;owned\x07 \x1b[2J \xff end";
    /* Each command ('#' for the number), and 1 when that number is the
     * strategy's. */
    static const struct {
        const char *format;
        int strategy;
    } commands[] = {
        {"dashboards list", 0},
        {"dashboards list --format json", 0},
        {"dashboards show #", 0},
        {"dashboards show # --format json", 0},
        {"strategies list", 1},
        {"strategies list --format json", 1},
        {"strategies show #", 1},
        {"strategies show # --format json", 1},
    };
    size_t i;

    name_insert_raw("dashboard", authz_dashboard_id, hostile);
    name_insert_raw("strategy", authz_strategy_id, hostile);
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        int64_t id = commands[i].strategy ? authz_strategy_id
                                          : authz_dashboard_id;
        char command[128];
        char *out = NULL;
        char *err = NULL;
        const char *p;

        command_fill(command, sizeof(command), commands[i].format, id);
        ck_assert_msg(run_as_out(ACTOR_VIEWER, command, NULL, &out, &err) ==
                          ALLOW,
                      "%s: %s", command, err);
        for (p = out; *p != '\0'; p++) {
            ck_assert_msg(*p != '\x1b' && *p != '\x07' && *p != '\xff',
                          "%s sent byte 0x%02x raw: %s", command,
                          (unsigned char)*p, out);
        }
        ck_assert_msg(strstr(out, "Evil ") != NULL, "%s: %s", command, out);
        ck_assert_msg(strstr(out, " end") != NULL, "%s: %s", command, out);
        if (strstr(command, "json") == NULL)
            ck_assert_msg(strstr(out, "\\x1b]0;owned\\x07") != NULL,
                          "%s: %s", command, out);
        free(out);
        free(err);
    }
}
END_TEST

/* Log in on a 100x30 terminal, in English. */
static struct e2e_term *
term_open(const char *user)
{
    static const char *const env[] = {"LANG=en_GB.UTF-8", NULL};
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, authz_server.port, user, &auth, 100, 30,
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

    ck_assert_int_eq(sqlite3_open(authz_server.store, &db), SQLITE_OK);
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
    struct store *store = authz_store_open();
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
    ck_assert_int_eq(e2e_exec_auth(authz_server.port, "root", &auth, command, NULL,
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
    struct store *store = authz_store_open();
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
    tcase_set_timeout(matrix, e2e_timeout(180));
    tcase_add_loop_test(matrix, operations_allowed_by_role, 0,
                        (int)OPERATION_COUNT);
    tcase_add_test(matrix, regional_admin_decides_only_own_region);
    tcase_add_test(matrix, audit_records_remote_actions);
    tcase_add_test(matrix, help_lists_allowed_actions);
    tcase_add_test(matrix, dashboard_json_round_trip);
    tcase_add_test(matrix, names_with_sql_stored_as_text);
    tcase_add_test(matrix, names_with_controls_rejected);
    tcase_add_test(matrix, raw_names_escaped_in_output);
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
