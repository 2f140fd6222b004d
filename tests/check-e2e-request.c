/*
 * terrish: end-to-end tests of account requests. A person without an
 * account logs in as "request" with a key made for the test, fills the
 * form through a real terminal (libvterm), and logs in again to read the
 * decision; then logs in with the new account. The limits per address and
 * the keys and methods that the request login refuses are checked too, and
 * so is an account named "request" from before the name was reserved: it
 * cannot be reached until the command line renames it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/common.h"
#include "server/server.h"
#include "store/store.h"
#include "tests/e2e.h"

#define WAIT_MS 10000

static struct e2e_server server;
static char key_path[PATH_MAX + 16];

/* Full name typed in the form: quotes, a semicolon and SQL keywords. */
static const char hostile_name[] = "Jo O'Hara \"JJ\"; DROP TABLE account; --";

static void
keygen(const char *path, const char *type, const char *bits)
{
    char *command = xasprintf("ssh-keygen -q -t %s -b %s -N '' -C test "
                              "-f '%s'",
                              type, bits, path);

    ck_assert_int_eq(system(command), 0);
    free(command);
}

static void
server_setup(void)
{
    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
    snprintf(key_path, sizeof(key_path), "%s/requester", server.dir);
    keygen(key_path, "ed25519", "256");
}

static void
server_teardown(void)
{
    e2e_server_free(&server);
}

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

/* Log in as request with key, on an 80x24 terminal in English. */
static struct e2e_term *
request_open(const char *key)
{
    static const char *const env[] = {"LANG=en_GB.UTF-8", NULL};
    struct e2e_auth auth = {.key_file = key};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, REQUEST_ACCOUNT, &auth,
                                   80, 24, "xterm-256color", env),
                     0);
    return term;
}

/* Add a request made with the test key, as the form would. */
static int64_t
request_add_with_key(const char *name, const char *address)
{
    char *pub_path = xasprintf("%s.pub", key_path);
    FILE *pub = fopen(pub_path, "r");
    char type[64];
    char base64[512];
    struct store *store = NULL;
    struct territory territory;
    struct account_request r;
    int64_t id;

    ck_assert_ptr_nonnull(pub);
    ck_assert_int_eq(fscanf(pub, "%63s %511s", type, base64), 2);
    fclose(pub);
    free(pub_path);
    store = store_open_server();
    ck_assert_int_eq(store_territory_get(store, LEVEL_COMMUNE, "38185",
                                         &territory),
                     0);
    memset(&r, 0, sizeof(r));
    r.name = xstrdup(name);
    r.full_name = xstrdup("Camille Durand");
    r.email = xstrdup("camille@example.org");
    r.organisation = xstrdup("Commune");
    r.reason = xstrdup("PCAET");
    r.territory_id = territory.id;
    r.key_type = xstrdup(type);
    r.key_base64 = xstrdup(base64);
    r.key_fingerprint = xstrdup("SHA256:test");
    r.address = xstrdup(address);
    ck_assert_msg(store_request_add(store, &r) == 0, "%s", store_error(store));
    id = r.id;
    account_request_clear(&r);
    territory_clear(&territory);
    store_close(store);
    return id;
}

/* Run command as the account with the test key; returns the status. */
static int
exec_with_key(const char *user, const char *command, char **err)
{
    struct e2e_auth auth = {.key_file = key_path};
    char *out = NULL;
    int status = -1;

    ck_assert_int_eq(e2e_exec_auth(server.port, user, &auth, command, NULL,
                                   &out, err, &status),
                     0);
    free(out);
    return status;
}

START_TEST(form_records_request)
{
    struct e2e_term *term = request_open(key_path);
    struct store *store = NULL;
    struct account_request r;

    ck_assert(e2e_term_wait_text(term, "Request an account", WAIT_MS));
    e2e_term_send(term, "jo_ohara\t");
    e2e_term_send(term, hostile_name);
    e2e_term_send(term, "\tjo@example.org\tMairie & co\t\r");
    ck_assert(e2e_term_wait_text(term, "Search", WAIT_MS));
    e2e_term_send(term, "grenoble");
    ck_assert(e2e_term_wait_text(term, "Grenoble-Alpes", WAIT_MS));
    e2e_term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "Grenoble (Commune)", WAIT_MS));
    e2e_term_send(term, "SELECT * FROM account;\rsecond line\r\r\r");
    ck_assert(e2e_term_wait_text(term, "Check your request", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, hostile_name, WAIT_MS));
    e2e_term_send(term, "\r");
    ck_assert(e2e_term_wait_text(term, "pending", WAIT_MS));
    e2e_term_close(term);

    store = store_open_server();
    ck_assert_int_eq(store_request_get(store, 1, &r), 0);
    ck_assert_str_eq(r.name, "jo_ohara");
    ck_assert_str_eq(r.full_name, hostile_name);
    ck_assert_str_eq(r.organisation, "Mairie & co");
    ck_assert_str_eq(r.reason, "SELECT * FROM account;\nsecond line");
    ck_assert_str_eq(r.territory_code, "38185");
    ck_assert_str_eq(r.address, "127.0.0.1");
    ck_assert_str_eq(r.lang, "en");
    ck_assert_ptr_nonnull(strstr(r.key_fingerprint, "SHA256:"));
    account_request_clear(&r);
    store_close(store);
}
END_TEST

START_TEST(form_rejects_taken_name_and_bad_email)
{
    struct e2e_term *term = request_open(key_path);

    ck_assert(e2e_term_wait_text(term, "Request an account", WAIT_MS));
    e2e_term_send(term, E2E_USER "\tCamille\tnot-an-address\tOrg\t");
    /* Enter on the last reason line opens the summary. */
    e2e_term_send(term, "\t\t\t\t\r");
    ck_assert(e2e_term_wait_text(term, "already taken", WAIT_MS));
    /* Ctrl-U clears the name field, which the error focused. */
    e2e_term_send(term, "\x15" "camille\t\t\t\t\t\t\t\t\r");
    ck_assert(e2e_term_wait_text(term, "not a valid address", WAIT_MS));
    ck_assert(strstr(e2e_term_screen(term), "Check your request") == NULL);
    e2e_term_close(term);
}
END_TEST

/* In French, the form explains in French why a name is taken, because
 * the store's own message is in English. */
START_TEST(form_rejects_taken_name_in_french)
{
    static const char *const env[] = {"LANG=fr_FR.UTF-8", NULL};
    struct e2e_auth auth = {.key_file = key_path};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, REQUEST_ACCOUNT, &auth,
                                   80, 24, "xterm-256color", env),
                     0);
    ck_assert(e2e_term_wait_text(term, "Demander un compte", WAIT_MS));
    e2e_term_send(term, E2E_USER "\tCamille\tc@example.org\tOrg\t");
    e2e_term_send(term, "\t\t\t\t\r");
    ck_assert(
        e2e_term_wait_text(term, "« " E2E_USER " » est déjà pris", WAIT_MS));
    ck_assert(strstr(e2e_term_screen(term), "taken") == NULL);
    e2e_term_close(term);
}
END_TEST

START_TEST(decision_shown_at_next_login)
{
    struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct e2e_term *term = NULL;
    struct store *store = NULL;
    char command[64];
    char *out = NULL;
    char *err = NULL;
    int status = -1;
    int64_t id = request_add_with_key("camille", "192.0.2.1");

    term = request_open(key_path);
    ck_assert(e2e_term_wait_text(term, "pending", WAIT_MS));
    e2e_term_close(term);

    store = store_open_server();
    ck_assert_int_eq(store_user_set_role(store, E2E_USER, ROLE_ADMIN, NULL),
                     0);
    store_close(store);
    snprintf(command, sizeof(command), "requests accept %lld",
             (long long)id);
    ck_assert_int_eq(e2e_exec_auth(server.port, E2E_USER, &auth, command,
                                   NULL, &out, &err, &status),
                     0);
    ck_assert_msg(status == 0, "%s", err);
    free(out);
    free(err);

    term = request_open(key_path);
    ck_assert(e2e_term_wait_text(term, "accepted: log in as camille", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "camille@127.0.0.1", WAIT_MS));
    e2e_term_close(term);
    ck_assert_int_eq(exec_with_key("camille", "territories search grenoble",
                                   &err),
                     0);
    free(err);
}
END_TEST

START_TEST(refusal_reason_shown)
{
    struct store *store = NULL;
    struct e2e_term *term = NULL;
    int64_t id = request_add_with_key("camille", "192.0.2.2");

    store = store_open_server();
    ck_assert_int_eq(store_request_refuse(store, id, &audit_local_actor, NULL,
                                          "Ask your EPCI for an account"),
                     0);
    store_close(store);
    term = request_open(key_path);
    ck_assert(e2e_term_wait_text(term, "refused", WAIT_MS));
    ck_assert(e2e_term_wait_text(term, "Ask your EPCI for an account",
                                 WAIT_MS));
    e2e_term_send(term, "n");
    ck_assert(e2e_term_wait_text(term, "Request an account", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

START_TEST(command_refused_for_request_login)
{
    char *err = NULL;

    ck_assert_int_eq(exec_with_key(REQUEST_ACCOUNT, "help", &err), 4);
    ck_assert_msg(strstr(err, "'request'") != NULL, "%s", err);
    free(err);
}
END_TEST

START_TEST(logins_limited_per_hour)
{
    struct e2e_term *term = NULL;
    char *err = NULL;
    int i;

    /* Every login counts, a refused command included. */
    for (i = 0; i < REQUEST_LOGINS_PER_HOUR; i++) {
        ck_assert_int_eq(exec_with_key(REQUEST_ACCOUNT, "help", &err), 4);
        free(err);
    }
    term = request_open(key_path);
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, NULL));
    ck_assert_msg(strstr(e2e_term_stderr(term), "too many account request "
                                                "logins") != NULL,
                  "%s", e2e_term_stderr(term));
    e2e_term_close(term);
}
END_TEST

START_TEST(requests_limited_per_day)
{
    struct e2e_term *term = NULL;
    int i;

    for (i = 0; i < REQUEST_PER_DAY; i++) {
        char name[16];
        struct store *store = store_open_server();
        struct account_request r;
        struct territory territory;

        snprintf(name, sizeof(name), "asker%d", i);
        ck_assert_int_eq(store_territory_get(store, LEVEL_REGION, "84",
                                             &territory),
                         0);
        memset(&r, 0, sizeof(r));
        r.name = xstrdup(name);
        r.full_name = xstrdup("A");
        r.email = xstrdup("a@example.org");
        r.organisation = xstrdup("O");
        r.reason = xstrdup("R");
        r.territory_id = territory.id;
        r.key_type = xstrdup("ssh-ed25519");
        r.key_base64 = xasprintf("AAAAother%d", i);
        r.key_fingerprint = xstrdup("SHA256:other");
        r.address = xstrdup("127.0.0.1");
        ck_assert_int_eq(store_request_add(store, &r), 0);
        account_request_clear(&r);
        territory_clear(&territory);
        store_close(store);
    }
    term = request_open(key_path);
    ck_assert(e2e_term_wait_text(term, "in the last 24 hours", WAIT_MS));
    ck_assert(strstr(e2e_term_screen(term), "Account name") == NULL);
    e2e_term_close(term);
}
END_TEST

START_TEST(password_and_weak_key_refused)
{
    struct e2e_auth password = {.password = E2E_PASSWORD};
    ssh_session session = NULL;
    char rsa_path[PATH_MAX + 16];
    char *command = NULL;
    int status;

    ck_assert_int_eq(e2e_ssh_connect(server.port, REQUEST_ACCOUNT, &session),
                     0);
    ck_assert_int_eq(e2e_ssh_auth(session, &password), SSH_AUTH_DENIED);
    e2e_ssh_close(session);

    /* OpenSSH's client offers an RSA key of 1024 bits, which libssh's
     * client keeps to itself. */
    snprintf(rsa_path, sizeof(rsa_path), "%s/rsa1024", server.dir);
    keygen(rsa_path, "rsa", "1024");
    command = xasprintf("ssh -p %d -o BatchMode=yes -o IdentitiesOnly=yes "
                        "-o StrictHostKeyChecking=no "
                        "-o UserKnownHostsFile=/dev/null -o LogLevel=QUIET "
                        "-F /dev/null -i '%s' " REQUEST_ACCOUNT
                        "@127.0.0.1 help < /dev/null > /dev/null 2>&1",
                        server.port, rsa_path);
    status = system(command);
    free(command);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 255);
    ck_assert(e2e_server_log_wait(&server, "ssh-rsa key rejected", WAIT_MS));
}
END_TEST

/* Add an account named "request" with role admin, E2E_PASSWORD and the
 * requester's key, as a store made before the name was reserved contains
 * it. store_user_add() rejects that name now. */
static void
legacy_account_insert(void)
{
    char *pub_path = xasprintf("%s.pub", key_path);
    FILE *pub = fopen(pub_path, "r");
    char *hash = auth_password_hash(E2E_PASSWORD);
    struct store *store = NULL;
    sqlite3 *db = NULL;
    char type[64];
    char base64[512];

    ck_assert_ptr_nonnull(pub);
    ck_assert_int_eq(fscanf(pub, "%63s %511s", type, base64), 2);
    fclose(pub);
    free(pub_path);
    ck_assert_int_eq(sqlite3_open(server.store, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    ck_assert_int_eq(sqlite3_exec(db,
                                  "INSERT INTO account (name, role,"
                                  " created_at) VALUES ('request', 'admin',"
                                  " '2025-01-01T00:00:00Z')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    store = store_open_server();
    ck_assert_ptr_nonnull(hash);
    ck_assert_int_eq(store_user_set_password_hash(store, REQUEST_ACCOUNT,
                                                  hash),
                     0);
    ck_assert_int_eq(store_user_key_add(store, REQUEST_ACCOUNT, type, base64,
                                        "legacy"),
                     0);
    store_close(store);
    free(hash);
}

/* Run the terrish binary with arguments on the server's store; the
 * output (standard error included) goes to out. Returns the exit status. */
static int
terrish_run(char *out, size_t size, const char *arguments)
{
    char *command = xasprintf("'%s' %s --store '%s' 2>&1",
                              getenv("TERRISH_BIN"), arguments, server.store);
    FILE *pipe = popen(command, "r");
    size_t length;
    int status;

    ck_assert_ptr_nonnull(pipe);
    length = fread(out, 1, size - 1, pipe);
    out[length] = '\0';
    status = pclose(pipe);
    free(command);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* A requester who has the key of an old account named "request" gets the
 * request form, never that administrator account; its password opens
 * nothing. The server logs the reason at start and at each such login,
 * and the account logs in again once the command line renames it. */
START_TEST(legacy_request_account_renamed)
{
    struct e2e_auth password = {.password = E2E_PASSWORD};
    struct e2e_auth key = {.key_file = key_path};
    ssh_session session = NULL;
    char output[4096];
    char *out = NULL;
    char *err = NULL;
    int status = -1;

    legacy_account_insert();
    ck_assert_int_ge(e2e_server_stop(&server, 10000), 0);
    ck_assert_int_eq(e2e_server_restart(&server, NULL), 0);
    ck_assert(e2e_server_log_wait(&server, "cannot log in until it is "
                                           "renamed",
                                  WAIT_MS));

    ck_assert_int_eq(e2e_ssh_connect(server.port, REQUEST_ACCOUNT, &session),
                     0);
    ck_assert_int_eq(e2e_ssh_auth(session, &password), SSH_AUTH_DENIED);
    e2e_ssh_close(session);
    ck_assert(e2e_server_log_wait(&server, "password login as request",
                                  WAIT_MS));
    ck_assert_int_eq(exec_with_key(REQUEST_ACCOUNT, "audit", &err), 4);
    free(err);
    ck_assert(e2e_server_log_wait(&server, "opens the request form, not the "
                                           "account",
                                  WAIT_MS));

    ck_assert_int_eq(terrish_run(output, sizeof(output),
                                 "user add request --role user"),
                     2);
    ck_assert_msg(strstr(output, "reserved") != NULL, "%s", output);
    ck_assert_int_eq(terrish_run(output, sizeof(output), "user list"), 0);
    ck_assert_msg(strstr(output, "user rename request NEW_NAME") != NULL,
                  "%s", output);
    ck_assert_int_eq(terrish_run(output, sizeof(output),
                                 "user rename request legacy"),
                     0);
    ck_assert_int_eq(terrish_run(output, sizeof(output),
                                 "user rename legacy request"),
                     2);

    /* The same key and password now reach the renamed account. */
    ck_assert_int_eq(e2e_exec_auth(server.port, "legacy", &key,
                                   "audit --action account.rename", NULL,
                                   &out, &err, &status),
                     0);
    ck_assert_msg(status == 0, "%s", err);
    ck_assert_msg(strstr(out, "account:legacy") != NULL, "%s", out);
    free(out);
    free(err);
    ck_assert_int_eq(e2e_ssh_connect(server.port, "legacy", &session), 0);
    ck_assert_int_eq(e2e_ssh_auth(session, &password), SSH_AUTH_SUCCESS);
    e2e_ssh_close(session);
}
END_TEST

static Suite *
request_suite(void)
{
    Suite *suite = suite_create("e2e-request");
    TCase *tc = tcase_create("request");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(60));
    tcase_add_test(tc, form_records_request);
    tcase_add_test(tc, form_rejects_taken_name_and_bad_email);
    tcase_add_test(tc, form_rejects_taken_name_in_french);
    tcase_add_test(tc, decision_shown_at_next_login);
    tcase_add_test(tc, refusal_reason_shown);
    tcase_add_test(tc, command_refused_for_request_login);
    tcase_add_test(tc, logins_limited_per_hour);
    tcase_add_test(tc, requests_limited_per_day);
    tcase_add_test(tc, password_and_weak_key_refused);
    tcase_add_test(tc, legacy_request_account_renamed);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(request_suite);
}
