/*
 * terrish: end-to-end tests of the notification hub in "terrish serve":
 * its socket, its settings, and the applications that join it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/hub.h"
#include "tests/cli-run.h"
#include "tests/e2e.h"

#define WAIT_MS 10000
#define TITLE_FR "terrish — Territoires"

static struct e2e_server server;

static void
server_teardown(void)
{
    e2e_server_free(&server);
}

static void
server_start(const char *const *args)
{
    const struct e2e_server_options options = {.args = args};

    ck_assert_int_eq(e2e_server_start(&server, &options), 0);
}

/* Check that path is a socket with mode 0600. */
static void
assert_private_socket(const char *path)
{
    struct stat st;

    ck_assert_msg(stat(path, &st) == 0, "no hub socket at %s", path);
    ck_assert(S_ISSOCK(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0600);
}

struct presence {
    uint32_t self;
    size_t peer_count;
    char first[64];
};

static void
on_event(const struct hub_event *event, void *arg)
{
    struct presence *presence = arg;

    if (event->type != HUB_PRESENCE) {
        return;
    }
    presence->self = event->self;
    presence->peer_count = event->peer_count;
    snprintf(presence->first, sizeof presence->first, "%s",
             event->peer_count > 0 ? event->peers[0].account : "");
}

/* Join the hub at path as alice, watch a dashboard nobody else watches
 * and wait to be listed there. */
static void
join_and_see_self(const char *path)
{
    struct presence presence = {0, 0, ""};
    struct hub_client *client = NULL;
    char *error = NULL;
    time_t deadline = time(NULL) + WAIT_MS / 1000;

    client = hub_connect(path, E2E_USER, &error);
    ck_assert_msg(client != NULL, "hub_connect: %s", error);
    ck_assert_int_eq(hub_watch(client, 999), 0);
    while (presence.peer_count == 0 && time(NULL) < deadline) {
        struct pollfd pfd = {.fd = hub_fd(client), .events = POLLIN};

        poll(&pfd, 1, 100);
        ck_assert_int_eq(hub_read(client, on_event, &presence), 0);
    }
    ck_assert_uint_eq(presence.peer_count, 1);
    ck_assert_uint_ne(presence.self, 0);
    ck_assert_str_eq(presence.first, E2E_USER);
    hub_close(client);
}

START_TEST(socket_beside_store)
{
    char path[PATH_MAX + 8];

    server_start(NULL);
    snprintf(path, sizeof path, "%s.hub", server.store);
    assert_private_socket(path);
    join_and_see_self(path);

    /* A clean stop removes it. */
    ck_assert_int_eq(e2e_server_stop(&server, WAIT_MS), 0);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(socket_at_given_path)
{
    char path[PATH_MAX + 8];
    char beside[PATH_MAX + 8];
    const char *args[] = {"--hub-socket", path, NULL};

    snprintf(path, sizeof path, "%s/h.sock",
             getenv("TERRISH_TEST_TMP") != NULL ? getenv("TERRISH_TEST_TMP")
                                                : "/tmp");
    unlink(path);
    server_start(args);
    snprintf(beside, sizeof beside, "%s.hub", server.store);
    assert_private_socket(path);
    ck_assert_int_eq(access(beside, F_OK), -1);
    join_and_see_self(path);
    ck_assert_int_eq(e2e_server_stop(&server, WAIT_MS), 0);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(socket_none)
{
    const char *args[] = {"--hub-socket", "none", NULL};
    char path[PATH_MAX + 8];

    server_start(args);
    snprintf(path, sizeof path, "%s.hub", server.store);
    ck_assert_int_eq(access(path, F_OK), -1);
    ck_assert(e2e_server_log_wait(&server, "hub: disabled", WAIT_MS));
}
END_TEST

START_TEST(application_joins_hub)
{
    const char *args[] = {"--log-level", "debug", NULL};
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    server_start(args);
    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, 80, 24,
                                   "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_msg(
        e2e_server_log_wait(&server, "connected as " E2E_USER, WAIT_MS),
        "the application did not join the hub; log:\n%s",
        e2e_server_log(&server));
    /* Keys still work with the loop waiting on the hub too. */
    ck_assert_int_eq(e2e_term_send(term, "q"), 0);
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, NULL));
    e2e_term_close(term);
}
END_TEST

START_TEST(second_server_rejected)
{
    char output[4096];
    char path[PATH_MAX + 8];
    int status;

    server_start(NULL);
    snprintf(path, sizeof path, "%s.hub", server.store);
    status = cli_run(output, sizeof output,
                     "'%s' serve --foreground --port 0 --store '%s' "
                     "--host-key '%s'",
                     getenv("TERRISH_BIN"), server.store, server.host_key);
    ck_assert_int_eq(status, 1);
    ck_assert_msg(strstr(output, "another server's hub is running") != NULL,
                  "%s", output);
    ck_assert_msg(strstr(output, "--hub-socket") != NULL, "%s", output);
    /* The running server keeps its socket. */
    assert_private_socket(path);
    join_and_see_self(path);
}
END_TEST

START_TEST(long_path_rejected)
{
    char output[4096];
    char path[200];
    int status;

    server_start(NULL);
    memset(path, 'h', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    status =
        cli_run(output, sizeof output,
                "'%s' serve --foreground --port 0 --store '%s' "
                "--host-key '%s' --hub-socket '%s'",
                getenv("TERRISH_BIN"), server.store, server.host_key, path);
    ck_assert_int_eq(status, 1);
    ck_assert_msg(strstr(output, "at most 107") != NULL, "%s", output);
    ck_assert_msg(strstr(output, "--hub-socket PATH") != NULL, "%s", output);
}
END_TEST

START_TEST(ssh_accepted_with_busy_hub)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct hub_client **clients = NULL;
    struct e2e_term *term = NULL;
    struct rlimit limit;
    char path[PATH_MAX + 8];
    char *error = NULL;
    size_t i;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    ck_assert_msg(limit.rlim_cur >= 2200,
                  "open file limit %llu is too low for 2,000 hub clients: "
                  "raise the hard limit (ulimit -Hn)",
                  (unsigned long long)limit.rlim_cur);
    server_start(NULL);
    snprintf(path, sizeof path, "%s.hub", server.store);

    /* 2,000 clients that never read, 100 per dashboard: each join makes
     * the hub send presence to the others on that dashboard. */
    clients = calloc(2000, sizeof *clients);
    ck_assert_ptr_nonnull(clients);
    for (i = 0; i < 2000; i++) {
        clients[i] = hub_connect(path, E2E_USER2, &error);
        ck_assert_msg(clients[i] != NULL, "client %zu: %s", i, error);
        ck_assert_int_eq(hub_watch(clients[i], (int64_t)(i % 20) + 1), 0);
    }

    /* The listener still accepts and serves an SSH session. */
    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, 80, 24,
                                   "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "q"), 0);
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, NULL));
    e2e_term_close(term);

    /* And the hub still serves a new client. */
    join_and_see_self(path);
    for (i = 0; i < 2000; i++) {
        hub_close(clients[i]);
    }
    free(clients);
}
END_TEST

static Suite *
hub_suite(void)
{
    Suite *suite = suite_create("e2e-hub");
    TCase *hub = tcase_create("hub");

    tcase_add_checked_fixture(hub, NULL, server_teardown);
    tcase_set_timeout(hub, e2e_timeout(40));
    tcase_add_test(hub, socket_beside_store);
    tcase_add_test(hub, socket_at_given_path);
    tcase_add_test(hub, socket_none);
    tcase_add_test(hub, application_joins_hub);
    tcase_add_test(hub, second_server_rejected);
    tcase_add_test(hub, long_path_rejected);
    tcase_add_test(hub, ssh_accepted_with_busy_hub);
    suite_add_tcase(suite, hub);
    return suite;
}

int
main(void)
{
    struct rlimit limit;

    /* Room for the 2,000 hub clients of ssh_accepted_with_busy_hub. */
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    return e2e_main(hub_suite);
}
