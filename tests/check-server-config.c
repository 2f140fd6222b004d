/*
 * terrish: unit tests of the server's settings parser and key parsing.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server.h"

static struct server_config config;

static void
config_setup(void)
{
    server_config_init(&config);
}

static void
config_teardown(void)
{
    server_config_free(&config);
}

/* Write text to a temporary file and return its path (static buffer). */
static const char *
temp_config(const char *text)
{
    static char path[64];
    FILE *file = NULL;
    int fd;

    snprintf(path, sizeof path, "/tmp/terrish-conf-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    file = fdopen(fd, "w");
    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    fclose(file);
    return path;
}

START_TEST(duration_units)
{
    ck_assert_int_eq(parse_duration("90"), 90);
    ck_assert_int_eq(parse_duration("90s"), 90);
    ck_assert_int_eq(parse_duration("5m"), 300);
    ck_assert_int_eq(parse_duration("2h"), 7200);
    ck_assert_int_eq(parse_duration("0"), 0);
}
END_TEST

START_TEST(duration_invalid)
{
    ck_assert_int_eq(parse_duration(""), -1);
    ck_assert_int_eq(parse_duration("-5"), -1);
    ck_assert_int_eq(parse_duration("5x"), -1);
    ck_assert_int_eq(parse_duration("m"), -1);
    ck_assert_int_eq(parse_duration("99999999999"), -1);
    ck_assert_int_eq(parse_duration("200h"), -1);
}
END_TEST

START_TEST(defaults_are_safe)
{
    ck_assert_str_eq(config.listen_address, "127.0.0.1");
    ck_assert_int_eq(config.port, 2222);
    ck_assert_int_gt(config.max_sessions, 0);
    ck_assert_int_gt(config.max_startups, 0);
    ck_assert_int_gt(config.max_auth_tries, 0);
    ck_assert_int_gt(config.login_grace_time, 0);
    ck_assert_int_eq(config.host_key_count, 0);
    ck_assert_ptr_null(config.hub_socket);
}
END_TEST

/* MaxStartups N is a hard limit; start:rate:full refuses from start on
 * with a chance rising from rate % to every connection at full. */
START_TEST(max_startups_random_early_drop)
{
    static const char *const invalid[] = {"0", "10:30", "10:101:100",
                                          "10:30:5", "a:30:100", "10:30:100:1",
                                          "10::100"};
    char *error = NULL;
    size_t i;

    ck_assert_int_eq(config.max_startups, 10);
    ck_assert_int_eq(config.max_startups_rate, 30);
    ck_assert_int_eq(config.max_startups_full, 100);
    /* Below start, always accepted; at full, always refused. */
    ck_assert_int_eq(server_startup_refused(&config, 9, 0), 0);
    ck_assert_int_eq(server_startup_refused(&config, 100, 99), 1);
    /* At start the chance is 30 %: draws 0 to 29 refuse, 30 accepts. */
    ck_assert_int_eq(server_startup_refused(&config, 10, 29), 1);
    ck_assert_int_eq(server_startup_refused(&config, 10, 30), 0);
    /* Halfway to full: 30 + 70 x 45 / 90 = 65 %. */
    ck_assert_int_eq(server_startup_refused(&config, 55, 64), 1);
    ck_assert_int_eq(server_startup_refused(&config, 55, 65), 0);

    ck_assert_int_eq(server_config_set(&config, "MaxStartups", "3", &error),
                     0);
    ck_assert_int_eq(server_startup_refused(&config, 2, 99), 0);
    ck_assert_int_eq(server_startup_refused(&config, 3, 99), 1);
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        ck_assert_msg(server_config_set(&config, "MaxStartups", invalid[i],
                                        &error) == -1,
                      "MaxStartups %s accepted", invalid[i]);
        ck_assert_ptr_nonnull(strstr(error, "start:rate:full"));
        free(error);
        error = NULL;
    }
}
END_TEST

START_TEST(file_sets_every_keyword)
{
    char *error = NULL;
    const char *path = temp_config(
        "# comment\n"
        "\n"
        "ListenAddress ::1\n"
        "Port=2300\n"
        "Store \"/var/lib/terrish/t.db\"\n"
        "HostKey /etc/a\n"
        "hostkey /etc/b\n"
        "LogFile /var/log/t.log\n"
        "LogLevel debug\n"
        "MaxSessions 7\n"
        "MaxStartups 3\n"
        "MaxAuthTries 2\n"
        "LoginGraceTime 1m\n"
        "IdleTimeout 2h\n"
        "ShutdownGraceTime 3\n"
        "PidFile /run/t.pid\n"
        "LocaleDir /usr/share/locale\n"
        "HubSocket /run/terrish/hub\n");

    ck_assert_int_eq(server_config_load(&config, path, &error), 0);
    unlink(path);
    ck_assert_str_eq(config.listen_address, "::1");
    ck_assert_int_eq(config.port, 2300);
    ck_assert_str_eq(config.store_path, "/var/lib/terrish/t.db");
    ck_assert_int_eq(config.host_key_count, 2);
    ck_assert_str_eq(config.host_keys[1], "/etc/b");
    ck_assert_str_eq(config.log_file, "/var/log/t.log");
    ck_assert_int_eq(config.log_level, LOG_LEVEL_DEBUG);
    ck_assert_int_eq(config.max_sessions, 7);
    ck_assert_int_eq(config.max_startups, 3);
    ck_assert_int_eq(config.max_auth_tries, 2);
    ck_assert_int_eq(config.login_grace_time, 60);
    ck_assert_int_eq(config.idle_timeout, 7200);
    ck_assert_int_eq(config.shutdown_grace, 3);
    ck_assert_str_eq(config.pid_file, "/run/t.pid");
    ck_assert_str_eq(config.locale_dir, "/usr/share/locale");
    ck_assert_str_eq(config.hub_socket, "/run/terrish/hub");
}
END_TEST

START_TEST(file_errors_name_line)
{
    static const struct {
        const char *text;
        const char *expected;
    } cases[] = {
        {"Port 2222\nPort 70000\n", ":2: invalid Port '70000'"},
        {"Bogus 1\n", ":1: unknown keyword 'Bogus'"},
        {"\n\nMaxSessions\n", ":3: missing value for 'MaxSessions'"},
        {"IdleTimeout soon\n", ":1: invalid IdleTimeout 'soon'"},
        {"LogLevel loud\n", ":1: invalid LogLevel 'loud'"},
        {"Syslog maybe\n", ":1: invalid Syslog 'maybe'"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *error = NULL;
        const char *path = temp_config(cases[i].text);

        ck_assert_int_eq(server_config_load(&config, path, &error), -1);
        unlink(path);
        ck_assert_ptr_nonnull(error);
        ck_assert_msg(strstr(error, cases[i].expected) != NULL,
                      "case %zu: '%s' lacks '%s'", i, error,
                      cases[i].expected);
        free(error);
    }
}
END_TEST

START_TEST(zero_disables_timeouts)
{
    char *error = NULL;

    ck_assert_int_eq(
        server_config_set(&config, "LoginGraceTime", "0", &error), 0);
    ck_assert_int_eq(server_config_set(&config, "IdleTimeout", "0", &error),
                     0);
    ck_assert_int_eq(config.login_grace_time, 0);
    ck_assert_int_eq(config.idle_timeout, 0);
}
END_TEST

START_TEST(file_missing)
{
    char *error = NULL;

    ck_assert_int_eq(
        server_config_load(&config, "/nonexistent/terrish.conf", &error), -1);
    ck_assert_ptr_nonnull(strstr(error, "/nonexistent/terrish.conf"));
    free(error);
}
END_TEST

START_TEST(too_many_host_keys)
{
    char *error = NULL;
    int i;

    for (i = 0; i < SERVER_HOST_KEYS_MAX; i++)
        ck_assert_int_eq(server_config_set(&config, "HostKey", "/k", &error),
                         0);
    ck_assert_int_eq(server_config_set(&config, "HostKey", "/k", &error), -1);
    ck_assert_ptr_nonnull(strstr(error, "too many HostKey"));
    free(error);
}
END_TEST

START_TEST(key_line_parsed)
{
    /* A real ed25519 public key (generated for this test). */
    const char *line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMUIOxqtMG1hO+fj"
                       "5ZesRhhhVTNHkwzoG9xNvcIbPpDf alice@laptop\n";
    char *type = NULL;
    char *base64 = NULL;
    char *comment = NULL;
    char *error = NULL;

    ck_assert_int_eq(
        auth_key_line_parse(line, &type, &base64, &comment, &error), 0);
    ck_assert_str_eq(type, "ssh-ed25519");
    ck_assert_str_eq(comment, "alice@laptop");
    ck_assert_int_eq(strncmp(base64, "AAAAC3Nza", 9), 0);
    free(type);
    free(base64);
    free(comment);
}
END_TEST

START_TEST(key_line_rejected)
{
    static const char *const lines[] = {
        "",
        "ssh-ed25519",
        "ssh-ed25519 !!!notbase64",
        "no-pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMUIOxqtMG1hO+fj5ZesRhhh"
        "VTNHkwzoG9xNvcIbPpDf",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
    };
    size_t i;

    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char *type = NULL;
        char *base64 = NULL;
        char *comment = NULL;
        char *error = NULL;

        ck_assert_msg(auth_key_line_parse(lines[i], &type, &base64, &comment,
                                          &error) == -1,
                      "accepted line %zu", i);
        ck_assert_ptr_nonnull(error);
        free(error);
    }
}
END_TEST

START_TEST(password_hash_round_trip)
{
    char *hash = auth_password_hash("correct horse");

    ck_assert_ptr_nonnull(hash);
    ck_assert_int_eq(strncmp(hash, "$argon2id$", 10), 0);
    ck_assert_int_eq(auth_password_check(hash, "correct horse"), 1);
    ck_assert_int_eq(auth_password_check(hash, "correct horsE"), 0);
    ck_assert_int_eq(auth_password_check(hash, ""), 0);
    free(hash);
}
END_TEST

START_TEST(password_unknown_account_fails)
{
    ck_assert_int_eq(auth_global_init(), 0);
    ck_assert_int_eq(auth_password_check(NULL, "anything"), 0);
    ck_assert_int_eq(auth_password_check("", "anything"), 0);
    ck_assert_int_eq(auth_password_check("not-a-hash", "anything"), 0);
}
END_TEST

static Suite *
server_config_suite(void)
{
    Suite *suite = suite_create("server-config");
    TCase *settings = tcase_create("settings");
    TCase *auth = tcase_create("auth");

    tcase_add_checked_fixture(settings, config_setup, config_teardown);
    tcase_add_test(settings, duration_units);
    tcase_add_test(settings, duration_invalid);
    tcase_add_test(settings, defaults_are_safe);
    tcase_add_test(settings, max_startups_random_early_drop);
    tcase_add_test(settings, file_sets_every_keyword);
    tcase_add_test(settings, file_errors_name_line);
    tcase_add_test(settings, zero_disables_timeouts);
    tcase_add_test(settings, file_missing);
    tcase_add_test(settings, too_many_host_keys);
    suite_add_tcase(suite, settings);

    tcase_set_timeout(auth, 30);
    tcase_add_test(auth, key_line_parsed);
    tcase_add_test(auth, key_line_rejected);
    tcase_add_test(auth, password_hash_round_trip);
    tcase_add_test(auth, password_unknown_account_fails);
    suite_add_tcase(suite, auth);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(server_config_suite());
    int failed;

    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
