/*
 * terrish: end-to-end tests of logging in (keys, passwords, rejections,
 * exec requests, language and terminal type).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/e2e.h"

#define TITLE_FR "terrish — Territoires"
#define TITLE_EN "terrish — Territories"
#define HINT_FR "?:aide q:quitter"
#define WAIT_MS 10000

/* Each rejected attempt is timed this many times; the medians compare. */
#define AUTH_TRIES 3
/* Relative gap allowed between the two medians, plus a fixed margin. */
#define AUTH_TOLERANCE 0.30
#define AUTH_MARGIN_MS 25.0

static struct e2e_server server;

static void
server_setup(void)
{
    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
}

static void
server_teardown(void)
{
    e2e_server_free(&server);
}

static struct e2e_term *
term_open(const char *user, const struct e2e_auth *auth, const char *type,
          const char *const *env)
{
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, user, auth, 80, 24,
                                   type, env),
                     0);
    return term;
}

/* Press q and check that the session ends with exit status 0. */
static void
term_quit(struct e2e_term *term)
{
    int status = -1;

    ck_assert_int_eq(e2e_term_send(term, "q"), 0);
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, &status));
    ck_assert_int_eq(status, 0);
    e2e_term_close(term);
}

START_TEST(login_key)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = term_open(E2E_USER, &auth, "xterm-256color",
                                      NULL);
    const char *status_bar;

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_msg(strstr(e2e_term_row(term, 0), TITLE_FR) != NULL,
                  "title not on the first row:\n%s", e2e_term_screen(term));
    ck_assert(e2e_term_wait_row(term, 23, HINT_FR, WAIT_MS));
    status_bar = e2e_term_row(term, 23);
    ck_assert_msg(strstr(status_bar, E2E_USER) != NULL,
                  "account name not in the status bar: %s", status_bar);
    term_quit(term);
}
END_TEST

START_TEST(login_key_openssh)
{
    struct e2e_tmux tmux = {{0}};
    char *pane;

    ck_assert_int_eq(e2e_tmux_ssh(&tmux, server.port, E2E_USER,
                                  e2e_client_key()),
                     0);
    ck_assert(e2e_tmux_wait_text(&tmux, TITLE_FR, WAIT_MS));
    ck_assert(e2e_tmux_wait_text(&tmux, HINT_FR, WAIT_MS));
    pane = e2e_tmux_capture(&tmux);
    ck_assert_ptr_nonnull(pane);
    ck_assert_msg(strstr(pane, E2E_USER) != NULL,
                  "account name not in the pane:\n%s", pane);
    free(pane);

    ck_assert_int_eq(e2e_tmux_send(&tmux, "q"), 0);
    ck_assert(e2e_tmux_wait_text(&tmux, E2E_TMUX_EXITED, WAIT_MS));
    pane = e2e_tmux_capture(&tmux);
    ck_assert_ptr_nonnull(pane);
    ck_assert_msg(strstr(pane, E2E_TMUX_EXITED "0") != NULL,
                  "ssh failed after q:\n%s", pane);
    ck_assert_msg(strstr(pane, "closed by remote host") == NULL,
                  "server dropped the connection after q:\n%s", pane);
    free(pane);
    e2e_tmux_stop(&tmux);
}
END_TEST

START_TEST(login_password)
{
    const struct e2e_auth auth = {.password = E2E_PASSWORD};
    struct e2e_term *term = term_open(E2E_USER2, &auth, "xterm-256color",
                                      NULL);

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 23, E2E_USER2, WAIT_MS));
    term_quit(term);
}
END_TEST

/* Result, error text and duration of one password attempt. */
struct auth_attempt {
    int result;
    char error[256];
    double ms;
};

static double
elapsed_ms(const struct timespec *start, const struct timespec *end)
{
    return (double)(end->tv_sec - start->tv_sec) * 1000.0 +
           (double)(end->tv_nsec - start->tv_nsec) / 1e6;
}

/* Try one password on a new connection and time the reply. */
static void
auth_attempt_run(const char *user, const char *password,
                 struct auth_attempt *attempt)
{
    const struct e2e_auth auth = {.password = password};
    ssh_session session = NULL;
    struct timespec start;
    struct timespec end;

    ck_assert_int_eq(e2e_ssh_connect(server.port, user, &session), 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    attempt->result = e2e_ssh_auth(session, &auth);
    clock_gettime(CLOCK_MONOTONIC, &end);
    attempt->ms = elapsed_ms(&start, &end);
    snprintf(attempt->error, sizeof attempt->error, "%s",
             ssh_get_error(session));
    e2e_ssh_close(session);
}

START_TEST(login_wrong_password)
{
    struct auth_attempt attempt;

    auth_attempt_run(E2E_USER, "not-the-password", &attempt);
    ck_assert_int_eq(attempt.result, SSH_AUTH_DENIED);
}
END_TEST

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

static double
median(double *values, size_t count)
{
    qsort(values, count, sizeof values[0], compare_double);
    return values[count / 2];
}

START_TEST(login_unknown_account)
{
    struct auth_attempt wrong;
    struct auth_attempt unknown;
    double wrong_ms[AUTH_TRIES];
    double unknown_ms[AUTH_TRIES];
    double wrong_median;
    double unknown_median;
    double larger;
    double gap;
    int i;

    for (i = 0; i < AUTH_TRIES; i++) {
        auth_attempt_run(E2E_USER, "not-the-password", &wrong);
        auth_attempt_run("nosuchuser", "not-the-password", &unknown);
        ck_assert_int_eq(unknown.result, SSH_AUTH_DENIED);
        ck_assert_int_eq(unknown.result, wrong.result);
        ck_assert_str_eq(unknown.error, wrong.error);
        wrong_ms[i] = wrong.ms;
        unknown_ms[i] = unknown.ms;
    }

    wrong_median = median(wrong_ms, AUTH_TRIES);
    unknown_median = median(unknown_ms, AUTH_TRIES);
    larger = wrong_median > unknown_median ? wrong_median : unknown_median;
    gap = wrong_median > unknown_median ? wrong_median - unknown_median
                                        : unknown_median - wrong_median;
    ck_assert_msg(gap <= larger * AUTH_TOLERANCE + AUTH_MARGIN_MS,
                  "rejection delays differ: wrong password %.1f ms, "
                  "unknown account %.1f ms (medians of %d)",
                  wrong_median, unknown_median, AUTH_TRIES);
}
END_TEST

START_TEST(exec_rejected)
{
    char *out = NULL;
    char *err = NULL;
    char *newline;
    int status = -1;

    ck_assert_int_eq(e2e_exec(server.port, E2E_USER, E2E_PASSWORD, "ls -la",
                              &out, &err, &status),
                     0);
    ck_assert_msg(status > 0, "exit status %d, expected a failure", status);
    ck_assert_str_eq(out, "");
    newline = strchr(err, '\n');
    ck_assert_msg(newline != NULL && newline[1] == '\0' && newline != err,
                  "expected one line on stderr, got \"%s\"", err);
    free(out);
    free(err);
}
END_TEST

START_TEST(lang_english)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    const char *env[] = {"LANG=en_US.UTF-8", NULL};
    struct e2e_term *term = term_open(E2E_USER, &auth, "xterm-256color",
                                      env);

    ck_assert(e2e_term_wait_text(term, TITLE_EN, WAIT_MS));
    term_quit(term);
}
END_TEST

START_TEST(lang_default_french)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = term_open(E2E_USER, &auth, "xterm-256color",
                                      NULL);

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert_msg(strstr(e2e_term_screen(term), TITLE_EN) == NULL,
                  "English title on a French screen");
    term_quit(term);
}
END_TEST

START_TEST(term_unknown_fallback)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = term_open(E2E_USER, &auth, "no-such-term", NULL);
    char *log;

    ck_assert(e2e_term_wait_text(term, TITLE_FR, WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 23, HINT_FR, WAIT_MS));
    log = e2e_server_log(&server);
    ck_assert_msg(strstr(log, "\"no-such-term\"") != NULL,
                  "the log does not name the unknown TERM:\n%s", log);
    free(log);
    term_quit(term);
}
END_TEST

static Suite *
login_suite(void)
{
    Suite *suite = suite_create("e2e-login");
    TCase *tc = tcase_create("login");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(30));
    tcase_add_test(tc, login_key);
    tcase_add_test(tc, login_key_openssh);
    tcase_add_test(tc, login_password);
    tcase_add_test(tc, login_wrong_password);
    tcase_add_test(tc, login_unknown_account);
    tcase_add_test(tc, exec_rejected);
    tcase_add_test(tc, lang_english);
    tcase_add_test(tc, lang_default_french);
    tcase_add_test(tc, term_unknown_fallback);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(login_suite);
}
