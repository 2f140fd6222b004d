/*
 * terrish: end-to-end tests of the server's limits and of how sessions end
 * (a killed session, SIGTERM to the server, connection and idle limits).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/e2e.h"

#define TITLE_FR "terrish — Territoires"
#define SEARCH_FR "Recherche"
#define STOPPING_FR "serveur s'arrête"
#define IDLE_MESSAGE "sans activité"
#define WAIT_MS 10000

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

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Log in by key and wait for the picker. */
static struct e2e_term *
login(const char *user)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, user, &auth, 80, 24,
                                   "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    return term;
}

/*
 * Log in and return the terminal when the picker shows, or NULL when the
 * server refused (failed login, or a channel closed without the picker).
 */
static struct e2e_term *
login_try(const char *user)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    if (e2e_term_open(&term, server.port, user, &auth, 80, 24,
                      "xterm-256color", NULL) == -1) {
        return NULL;
    }
    if (e2e_term_poll_text(term, TITLE_FR, 3000)) {
        return term;
    }
    e2e_term_close(term);
    return NULL;
}

/* Retry login_try for up to timeout_ms, for a slot the server frees. */
static struct e2e_term *
login_retry(const char *user, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    struct e2e_term *term;

    do {
        term = login_try(user);
        if (term != NULL) {
            return term;
        }
        usleep(200 * 1000);
    } while (now_ms() < deadline);
    return NULL;
}

/* Open a TCP connection to the server that sends nothing. */
static int
tcp_connect(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    int fd;

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)server.port);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ne(fd, -1);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    return fd;
}

/*
 * Read from fd until the server closes it. Returns the time it took in
 * milliseconds, or -1 when it stayed open for timeout_ms.
 */
static int64_t
tcp_wait_closed(int fd, int timeout_ms)
{
    int64_t start = now_ms();
    int64_t left;
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    char buf[512];
    ssize_t n;

    while ((left = start + timeout_ms - now_ms()) > 0) {
        if (poll(&pfd, 1, (int)left) <= 0) {
            continue;
        }
        n = read(fd, buf, sizeof buf);
        if (n == 0 || (n == -1 && errno != EINTR && errno != EAGAIN)) {
            return now_ms() - start;
        }
    }
    return -1;
}

/* Return 1 when the server sent its "SSH-2.0-" banner on fd in time. */
static int
tcp_banner(int fd, int timeout_ms)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    char buf[256];
    ssize_t n;

    if (poll(&pfd, 1, timeout_ms) <= 0) {
        return 0;
    }
    n = read(fd, buf, sizeof buf - 1);
    if (n <= 0) {
        return 0;
    }
    buf[n] = '\0';
    return strncmp(buf, "SSH-2.0-", 8) == 0;
}

/*
 * Open a TCP connection that gets the banner, retrying for up to 5 s: the
 * server may still count the connection e2e_server_start used to probe
 * its port, and reject a new one until that one has ended.
 */
static int
tcp_connect_banner(void)
{
    int64_t deadline = now_ms() + 5000;
    int fd;

    for (;;) {
        fd = tcp_connect();
        if (tcp_banner(fd, 2000)) {
            return fd;
        }
        close(fd);
        ck_assert_msg(now_ms() < deadline, "no banner within 5 s");
        usleep(100 * 1000);
    }
}

START_TEST(session_kill_isolated)
{
    struct e2e_term *first;
    struct e2e_term *second;
    struct e2e_term *third;
    pid_t pid;

    server_start(NULL);
    first = login(E2E_USER);
    second = login(E2E_USER2);
    pid = e2e_server_session_pid(&server, E2E_USER, WAIT_MS);
    ck_assert_int_gt(pid, 0);
    ck_assert_int_ne(pid, server.pid);
    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    ck_assert(e2e_term_wait_closed(first, WAIT_MS, NULL));
    e2e_term_close(first);

    /* The other session still reacts to keys: "/" opens the search. */
    ck_assert_int_eq(e2e_term_send(second, "/"), 0);
    ck_assert(e2e_term_wait_text(second, SEARCH_FR, WAIT_MS));

    third = login(E2E_USER3);
    e2e_term_close(third);
    e2e_term_close(second);
    ck_assert_int_eq(e2e_server_stop(&server, WAIT_MS), 0);
}
END_TEST

START_TEST(sigterm_notifies_clients)
{
    struct e2e_term *terms[2];
    int status;
    int i;

    server_start(NULL);
    terms[0] = login(E2E_USER);
    terms[1] = login(E2E_USER2);
    ck_assert_int_eq(kill(server.pid, SIGTERM), 0);
    for (i = 0; i < 2; i++) {
        ck_assert(e2e_term_wait_text(terms[i], STOPPING_FR, WAIT_MS));
        ck_assert(e2e_term_wait_closed(terms[i], WAIT_MS, &status));
        ck_assert_msg(status >= 0, "client %d got no exit status", i);
        e2e_term_close(terms[i]);
    }
    ck_assert_int_eq(e2e_server_wait(&server, 5000), 0);
}
END_TEST

/* Ctrl-C on the terminal of "serve --foreground" sends SIGINT to its
 * whole process group: the sessions must still end with the message. */
START_TEST(sigint_to_process_group_notifies_clients)
{
    struct e2e_term *terms[2];
    int status;
    int i;

    server_start(NULL);
    terms[0] = login(E2E_USER);
    terms[1] = login(E2E_USER2);
    ck_assert_int_eq(kill(-server.pid, SIGINT), 0);
    for (i = 0; i < 2; i++) {
        ck_assert(e2e_term_wait_text(terms[i], STOPPING_FR, WAIT_MS));
        ck_assert(e2e_term_wait_closed(terms[i], WAIT_MS, &status));
        e2e_term_close(terms[i]);
    }
    ck_assert_int_eq(e2e_server_wait(&server, 5000), 0);
}
END_TEST

START_TEST(max_auth_tries)
{
    const char *args[] = {"--max-auth-tries", "3", NULL};
    const struct e2e_auth wrong = {.password = "not-the-password"};
    ssh_session session = NULL;
    int rc;
    int i;

    server_start(args);
    ck_assert_int_eq(e2e_ssh_connect(server.port, E2E_USER, &session), 0);
    for (i = 1; i < 3; i++) {
        rc = e2e_ssh_auth(session, &wrong);
        ck_assert_msg(rc == SSH_AUTH_DENIED, "attempt %d returned %d", i,
                      rc);
    }

    /* The third failure ends the connection: the next attempt fails. */
    e2e_ssh_auth(session, &wrong);
    rc = e2e_ssh_auth(session, &wrong);
    ck_assert_msg(rc == SSH_AUTH_ERROR,
                  "attempt 4 returned %d, expected a closed connection", rc);
    e2e_ssh_close(session);
}
END_TEST

START_TEST(login_grace_time)
{
    const char *args[] = {"--login-grace-time", "2", NULL};
    int64_t ms;
    int fd;

    server_start(args);
    fd = tcp_connect();
    ms = tcp_wait_closed(fd, 8000);
    close(fd);
    ck_assert_msg(ms >= 0, "idle connection still open after 8 s");
    ck_assert_msg(ms >= 1500, "connection closed after %lld ms, before the "
                  "grace time of 2 s", (long long)ms);
}
END_TEST

START_TEST(max_sessions)
{
    const char *args[] = {"--max-sessions", "2", NULL};
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *first;
    struct e2e_term *second;
    struct e2e_term *third;
    int status;

    server_start(args);
    first = login(E2E_USER);
    second = login(E2E_USER2);
    ck_assert_int_eq(e2e_term_open(&third, server.port, E2E_USER3, &auth,
                                   80, 24, "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_closed(third, WAIT_MS, &status));
    ck_assert_msg(status > 0, "refused session got exit status %d", status);
    ck_assert_msg(strstr(e2e_term_stderr(third), "maximal de sessions (2)") != NULL,
                  "no refusal message on stderr: \"%s\"",
                  e2e_term_stderr(third));
    ck_assert_msg(strstr(e2e_term_screen(third), TITLE_FR) == NULL,
                  "refused session shows the picker");
    e2e_term_close(third);

    ck_assert_int_eq(e2e_term_send(first, "q"), 0);
    ck_assert(e2e_term_wait_closed(first, WAIT_MS, &status));
    e2e_term_close(first);
    third = login_retry(E2E_USER3, 5000);
    ck_assert_msg(third != NULL, "no session accepted after one ended");
    e2e_term_close(third);
    e2e_term_close(second);
}
END_TEST

START_TEST(max_startups)
{
    const char *args[] = {"--max-startups", "2", "--login-grace-time", "30",
                          NULL};
    struct e2e_term *term;
    int fds[2];
    int extra;
    int i;

    server_start(args);
    for (i = 0; i < 2; i++) {
        fds[i] = tcp_connect_banner();
    }
    extra = tcp_connect();
    ck_assert_msg(tcp_wait_closed(extra, 5000) >= 0,
                  "third unauthenticated connection kept open with "
                  "--max-startups 2");
    close(extra);

    for (i = 0; i < 2; i++) {
        close(fds[i]);
    }
    term = login_retry(E2E_USER, 5000);
    ck_assert_msg(term != NULL, "no login accepted once the others left");
    e2e_term_close(term);
}
END_TEST

START_TEST(idle_timeout)
{
    const char *args[] = {"--idle-timeout", "2", NULL};
    struct e2e_term *term;
    int status;

    server_start(args);
    term = login(E2E_USER);
    ck_assert(e2e_term_wait_text(term, IDLE_MESSAGE, WAIT_MS));
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, &status));
    e2e_term_close(term);
}
END_TEST

static Suite *
limits_suite(void)
{
    Suite *suite = suite_create("e2e-limits");
    TCase *sessions = tcase_create("sessions");
    TCase *limits = tcase_create("limits");

    tcase_add_checked_fixture(sessions, NULL, server_teardown);
    tcase_set_timeout(sessions, e2e_timeout(40));
    tcase_add_test(sessions, session_kill_isolated);
    tcase_add_test(sessions, sigterm_notifies_clients);
    tcase_add_test(sessions, sigint_to_process_group_notifies_clients);
    suite_add_tcase(suite, sessions);

    tcase_add_checked_fixture(limits, NULL, server_teardown);
    tcase_set_timeout(limits, e2e_timeout(40));
    tcase_add_test(limits, max_auth_tries);
    tcase_add_test(limits, login_grace_time);
    tcase_add_test(limits, max_sessions);
    tcase_add_test(limits, max_startups);
    tcase_add_test(limits, idle_timeout);
    suite_add_tcase(suite, limits);
    return suite;
}

int
main(void)
{
    return e2e_main(limits_suite);
}
