/*
 * terrish: end-to-end tests of server settings: the config file, extra
 * host keys and log reopening on SIGHUP.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/e2e.h"

#define WAIT_MS 10000

static struct e2e_server server;
static char scratch[PATH_MAX];

static void
scratch_setup(void)
{
    const char *tmp = getenv("TERRISH_TEST_TMP");

    snprintf(scratch, sizeof scratch, "%s/server-XXXXXX",
             tmp != NULL ? tmp : "/tmp");
    mkdir(tmp != NULL ? tmp : "/tmp", 0755);
    ck_assert_ptr_nonnull(mkdtemp(scratch));
}

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

static void
write_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");

    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    ck_assert_int_eq(fclose(file), 0);
}

/* Run a shell command; returns its exit status. */
static int
run(const char *command)
{
    int status = system(command);

    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(sighup_reopens_log)
{
    char rotated[PATH_MAX + 8];
    struct stat st;

    server_start(NULL);
    snprintf(rotated, sizeof rotated, "%s.1", server.log);
    ck_assert_int_eq(rename(server.log, rotated), 0);
    ck_assert_int_eq(kill(server.pid, SIGHUP), 0);
    ck_assert_msg(e2e_server_log_wait(&server, "log reopened", WAIT_MS),
                  "no 'log reopened' line in a new %s after SIGHUP",
                  server.log);
    ck_assert_int_eq(stat(server.log, &st), 0);
}
END_TEST

START_TEST(rsa_host_key_offered)
{
    char rsa_key[PATH_MAX + 16];
    char command[3 * PATH_MAX];
    const char *args[] = {"--host-key", rsa_key, NULL};

    scratch_setup();
    snprintf(rsa_key, sizeof rsa_key, "%s/rsa_key", scratch);
    snprintf(command, sizeof command,
             "ssh-keygen -q -t rsa -b 2048 -N '' -f '%s'", rsa_key);
    ck_assert_int_eq(run(command), 0);
    server_start(args);

    /* ssh-keyscan prints the host key the server offers for that type;
     * compare its base64 with the public half of the key we gave. */
    snprintf(command, sizeof command,
             "ssh-keyscan -t rsa -p %d 127.0.0.1 2>/dev/null | "
             "grep -qF \"$(cut -d' ' -f2 '%s.pub')\"",
             server.port, rsa_key);
    ck_assert_msg(run(command) == 0, "the server did not offer %s", rsa_key);
    snprintf(command, sizeof command,
             "ssh-keyscan -t ed25519 -p %d 127.0.0.1 2>/dev/null | "
             "grep -qF \"$(cut -d' ' -f2 '%s.pub')\"",
             server.port, server.host_key);
    ck_assert_msg(run(command) == 0, "the ed25519 key is no longer offered");
}
END_TEST

START_TEST(config_file_applies)
{
    char config[PATH_MAX + 16];
    const char *args[] = {"-f", config, NULL};
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;
    int status = -1;

    scratch_setup();
    snprintf(config, sizeof config, "%s/terrish.conf", scratch);
    write_file(config, "# settings of the test server\n"
                       "LogLevel debug\n"
                       "IdleTimeout = 2s\n"
                       "MaxAuthTries 4\n");
    server_start(args);
    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, 80,
                                   24, "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_text(term, "sans activité", WAIT_MS));
    ck_assert(e2e_term_wait_closed(term, WAIT_MS, &status));
    e2e_term_close(term);
    ck_assert_msg(e2e_server_log_wait(&server, "debug:", WAIT_MS),
                  "LogLevel debug from the config file was not applied");
}
END_TEST

START_TEST(size_extremes_draw)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    struct e2e_term *term = NULL;

    server_start(NULL);
    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth, 400,
                                   120, "xterm-256color", NULL),
                     0);
    ck_assert(e2e_term_wait_row(term, 0, "terrish — Territoires", WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 119, "q:quitter", WAIT_MS));

    ck_assert_int_eq(e2e_term_resize(term, 40, 12), 0);
    ck_assert(e2e_term_wait_row(term, 0, "terrish", WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 11, E2E_USER, WAIT_MS));

    ck_assert_int_eq(e2e_term_resize(term, 39, 12), 0);
    ck_assert(e2e_term_wait_text(term, "Terminal trop petit", WAIT_MS));
    e2e_term_close(term);
}
END_TEST

static Suite *
server_suite(void)
{
    Suite *suite = suite_create("e2e-server");
    TCase *settings = tcase_create("settings");

    tcase_add_checked_fixture(settings, NULL, server_teardown);
    tcase_set_timeout(settings, e2e_timeout(40));
    tcase_add_test(settings, sighup_reopens_log);
    tcase_add_test(settings, rsa_host_key_offered);
    tcase_add_test(settings, config_file_applies);
    tcase_add_test(settings, size_extremes_draw);
    suite_add_tcase(suite, settings);
    return suite;
}

int
main(void)
{
    return e2e_main(server_suite);
}
