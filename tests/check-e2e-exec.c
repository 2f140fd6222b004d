/*
 * terrish: end-to-end tests of commands run over SSH without a terminal:
 * OpenSSH's ssh runs them on the real server, and their output, messages
 * and exit status are compared with the local terrish binary.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/e2e.h"

#define WAIT_MS 10000

/* Exit statuses that server/server.h defines for every command. */
#define STATUS_USAGE 2
#define STATUS_NOT_FOUND 3
#define STATUS_PERMISSION 4

static struct e2e_server server;

/* What a command wrote on each stream, and how it exited. */
struct run_result {
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
    int status; /* exit code, or 128 + the signal */
};

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

static void
result_free(struct run_result *result)
{
    free(result->out);
    free(result->err);
    memset(result, 0, sizeof *result);
}

static void
append(char **buf, size_t *len, const char *data, size_t n)
{
    *buf = realloc(*buf, *len + n + 1);
    ck_assert_ptr_nonnull(*buf);
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/*
 * Run argv with input (len bytes, or nothing when NULL) on its standard
 * input, and keep its standard output and error apart in result.
 */
static void
run_argv(const char *const *argv, const char *input, size_t input_len,
         struct run_result *result)
{
    int in[2];
    int out[2];
    int err[2];
    struct pollfd fds[3];
    size_t written = 0;
    char chunk[65536];
    ssize_t n;
    pid_t pid;
    int status;

    memset(result, 0, sizeof *result);
    append(&result->out, &result->out_len, "", 0);
    append(&result->err, &result->err_len, "", 0);
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    ck_assert_int_eq(pipe(err), 0);
    pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(in[1]);
        close(out[0]);
        close(err[0]);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (input == NULL) {
        close(in[1]);
        in[1] = -1;
    } else {
        fcntl(in[1], F_SETFL, O_NONBLOCK);
    }

    fds[0] = (struct pollfd){.fd = out[0], .events = POLLIN};
    fds[1] = (struct pollfd){.fd = err[0], .events = POLLIN};
    fds[2] = (struct pollfd){.fd = in[1], .events = POLLOUT};
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        ck_assert_int_ge(poll(fds, 3, WAIT_MS), 1);
        if (fds[2].fd >= 0 && fds[2].revents != 0) {
            n = write(fds[2].fd, input + written, input_len - written);
            if (n > 0)
                written += (size_t)n;
            if (n < 0 || written == input_len) {
                close(fds[2].fd);
                fds[2].fd = -1;
            }
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            n = read(fds[i].fd, chunk, sizeof chunk);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
            } else if (i == 0) {
                append(&result->out, &result->out_len, chunk, (size_t)n);
            } else {
                append(&result->err, &result->err_len, chunk, (size_t)n);
            }
        }
    }
    if (fds[2].fd >= 0)
        close(fds[2].fd);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    result->status = WIFEXITED(status) ? WEXITSTATUS(status)
                                       : 128 + WTERMSIG(status);
}

/* Fill argv with OpenSSH's ssh to the test server, then words. */
static void
ssh_argv(const char **argv, char *port, const char *user, const char *tty,
         const char *const *words)
{
    const char *fixed[] = {
        "ssh", "-F", "/dev/null", "-p", port, "-i", e2e_client_key(),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o",
        "LogLevel=ERROR"};
    size_t argc = 0;
    size_t i;

    snprintf(port, 16, "%d", server.port);
    for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[argc++] = fixed[i];
    if (tty != NULL)
        argv[argc++] = tty;
    argv[argc++] = user;
    for (i = 0; words[i] != NULL; i++)
        argv[argc++] = words[i];
    argv[argc] = NULL;
}

/* Run "ssh ... alice@127.0.0.1 LINE": ssh sends LINE as the command. */
static void
ssh_run(const char *line, const char *input, size_t input_len,
        struct run_result *result)
{
    const char *argv[32];
    const char *words[] = {line, NULL};
    char port[16];

    ssh_argv(argv, port, E2E_USER "@127.0.0.1", NULL, words);
    run_argv(argv, input, input_len, result);
}

/* Run the local terrish binary on the server's store. */
static void
local_run(const char *const *words, struct run_result *result)
{
    const char *argv[32];
    size_t argc = 0;
    size_t i;

    argv[argc++] = getenv("TERRISH_BIN");
    for (i = 0; words[i] != NULL; i++)
        argv[argc++] = words[i];
    argv[argc++] = "--store";
    argv[argc++] = server.store;
    argv[argc] = NULL;
    run_argv(argv, NULL, 0, result);
}

/* Check that a command failed with status, a message and no output. */
static void
check_failure(const char *line, int status)
{
    struct run_result result;

    ssh_run(line, NULL, 0, &result);
    ck_assert_msg(result.status == status,
                  "'%s' exited with %d, expected %d; stderr: %s", line,
                  result.status, status, result.err);
    ck_assert_msg(result.out_len == 0, "'%s' wrote on stdout: %s", line,
                  result.out);
    ck_assert_msg(result.err_len > 0, "'%s' gave no message on stderr",
                  line);
    result_free(&result);
}

/* Compare the output of an export over SSH with the local one. */
static void
check_export_identical(const char *const *words)
{
    struct run_result remote;
    struct run_result local;
    char line[512] = "";
    size_t i;

    for (i = 0; words[i] != NULL; i++) {
        strncat(line, words[i], sizeof line - strlen(line) - 2);
        strcat(line, " ");
    }
    ssh_run(line, NULL, 0, &remote);
    local_run(words, &local);
    ck_assert_msg(remote.status == 0, "remote export exited with %d: %s",
                  remote.status, remote.err);
    ck_assert_int_eq(local.status, 0);
    ck_assert_str_eq(remote.err, "");
    ck_assert_msg(local.out_len > 1000, "local export wrote %zu bytes",
                  local.out_len);
    ck_assert_msg(remote.out_len == local.out_len,
                  "remote export: %zu bytes, local: %zu", remote.out_len,
                  local.out_len);
    ck_assert(memcmp(remote.out, local.out, local.out_len) == 0);
    result_free(&remote);
    result_free(&local);
}

START_TEST(export_csv_matches_local)
{
    const char *words[] = {"export", "indicator", "population",
                           "--territory", "region:84", "--mesh", "commune",
                           NULL};

    check_export_identical(words);
}
END_TEST

/*
 * The JSON export of every commune of région 84 is 5.4 MB of the bundled
 * data. That is more than the channel window of OpenSSH's client (about
 * 2 MiB, measured with OpenSSH 9.2), so the server must wait for the
 * window to grow.
 */
START_TEST(export_beyond_window_matches_local)
{
    const char *words[] = {"export", "indicator", "ghg_emissions",
                           "--territory", "region:84", "--mesh", "commune",
                           "--format", "json", NULL};

    check_export_identical(words);
}
END_TEST

START_TEST(search_finds_grenoble)
{
    struct run_result result;

    ssh_run("territories search grenoble", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    ck_assert_str_eq(result.err, "");
    ck_assert_msg(strncmp(result.out, "commune\t38185\tGrenoble\t", 23) == 0,
                  "first line is not Grenoble: %s", result.out);
    result_free(&result);
}
END_TEST

START_TEST(quoted_words_reach_command)
{
    const char *words[] = {"territories", "search", "saint étienne",
                           "--limit", "1", NULL};
    struct run_result result;
    struct run_result local;

    ssh_run("territories search 'saint étienne' --limit 1", NULL, 0,
            &result);
    local_run(words, &local);
    ck_assert_msg(result.status == 0, "status %d: %s", result.status,
                  result.err);
    ck_assert(strncmp(result.out, "commune\t42218\tSaint-Étienne\t", 29) ==
              0);
    ck_assert_str_eq(result.out, local.out);
    result_free(&result);
    result_free(&local);

    ssh_run("territories show \"commune:38185\"", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    ck_assert_msg(strstr(result.out, "parent\tepci:200040715\t") != NULL,
                  "no EPCI among the parents: %s", result.out);
    result_free(&result);
}
END_TEST

START_TEST(unknown_indicator_exits_3)
{
    check_failure("indicators show no_such_indicator", STATUS_NOT_FOUND);
    check_failure("territories show commune:99999", STATUS_NOT_FOUND);
}
END_TEST

START_TEST(forbidden_commands_exit_4)
{
    static const char *const lines[] = {
        "user list", "serve", "init", "group list", "ui",
        "import indicator --meta m.json -",
        "export indicator population --territory region:84 --store /tmp/x",
        "territories search lyon -s /tmp/x",
    };
    size_t i;

    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        check_failure(lines[i], STATUS_PERMISSION);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
    static const char *const lines[] = {
        "territories",
        "territories search",
        "indicators list --format xml",
        "export indicator population",
        "frobnicate",
        "territories show 84", /* région 84 and département 84 */
    };
    size_t i;

    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        check_failure(lines[i], STATUS_USAGE);
}
END_TEST

START_TEST(bad_quoting_exits_2)
{
    struct run_result result;

    check_failure("territories search 'saint", STATUS_USAGE);
    check_failure("territories search \"saint", STATUS_USAGE);
    check_failure("territories search lyon\\", STATUS_USAGE);
    check_failure("help; user list", STATUS_USAGE);
    check_failure("export indicator population --territory region:84 "
                  "> /tmp/out.csv",
                  STATUS_USAGE);

    ssh_run("territories search 'saint", NULL, 0, &result);
    ck_assert_msg(strstr(result.err, "'") != NULL &&
                      strstr(result.err, "terrish") != NULL,
                  "message does not name the quote: %s", result.err);
    result_free(&result);
}
END_TEST

START_TEST(long_command_rejected)
{
    char line[5000];
    char *log;

    memset(line, 'a', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    memcpy(line, "help ", 5);
    check_failure(line, STATUS_USAGE);
    ck_assert(e2e_server_log_wait(&server, "name=(invalid) status=2",
                                  WAIT_MS));
    log = e2e_server_log(&server);
    ck_assert_msg(strstr(log, "aaaaaaaa") == NULL,
                  "the log holds the command line:\n%s", log);
    free(log);
}
END_TEST

START_TEST(help_names_connection)
{
    struct run_result result;
    char prefix[64];

    snprintf(prefix, sizeof prefix, "ssh -p %d " E2E_USER "@127.0.0.1 ",
             server.port);
    ssh_run("help", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    ck_assert_msg(strstr(result.out, prefix) != NULL,
                  "help does not show \"%s\":\n%s", prefix, result.out);
    ck_assert_msg(strstr(result.out, "\n  serve") == NULL &&
                      strstr(result.out, "\n  user") == NULL,
                  "help lists a command that SSH refuses:\n%s", result.out);
    result_free(&result);
}
END_TEST

START_TEST(log_records_command)
{
    struct run_result result;
    char *log;

    ssh_run("territories search grenoble", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    result_free(&result);
    ck_assert(e2e_server_log_wait(&server,
                                  "command ended account=" E2E_USER
                                  " name=territories status=0 duration=",
                                  WAIT_MS));
    log = e2e_server_log(&server);
    ck_assert_msg(strstr(log, "grenoble") == NULL,
                  "the log holds the arguments:\n%s", log);
    free(log);
}
END_TEST

/* Input sent to a command that does not read it changes nothing. */
START_TEST(input_to_command_ignored)
{
    struct run_result plain;
    struct run_result fed;
    size_t len = 4 * 1024 * 1024;
    char *input = malloc(len);

    ck_assert_ptr_nonnull(input);
    memset(input, 'x', len);
    ssh_run("indicators list", NULL, 0, &plain);
    ssh_run("indicators list", input, len, &fed);
    ck_assert_int_eq(plain.status, 0);
    ck_assert_int_eq(fed.status, 0);
    ck_assert_str_eq(fed.out, plain.out);
    free(input);
    result_free(&plain);
    result_free(&fed);
}
END_TEST

/* A client that reads 100 bytes and closes leaves a server that serves
 * the next command. */
START_TEST(early_close_keeps_serving)
{
    struct run_result result;
    char *pipeline = NULL;
    const char *sh[] = {"sh", "-c", NULL, NULL};

    pipeline = malloc(4096);
    ck_assert_ptr_nonnull(pipeline);
    snprintf(pipeline, 4096,
             "ssh -F /dev/null -p %d -i '%s' -o StrictHostKeyChecking=no "
             "-o UserKnownHostsFile=/dev/null -o BatchMode=yes "
             "-o IdentitiesOnly=yes -o LogLevel=ERROR %s@127.0.0.1 "
             "export indicator ghg_emissions --territory region:84 "
             "--mesh commune --format json | head -c 100",
             server.port, e2e_client_key(), E2E_USER);
    sh[2] = pipeline;
    run_argv(sh, NULL, 0, &result);
    ck_assert_int_eq(result.out_len, 100);
    ck_assert(strncmp(result.out, "{\n  \"indicator\"", 15) == 0);
    result_free(&result);
    free(pipeline);

    ssh_run("territories search grenoble", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    ck_assert(strstr(result.out, "38185") != NULL);
    result_free(&result);
}
END_TEST

/* Pid of the command in the last "command started" line, or -1. */
static pid_t
command_child_pid(void)
{
    char *log = e2e_server_log(&server);
    char *line = NULL;
    char *p;
    pid_t pid = -1;

    for (p = strstr(log, "command started"); p != NULL;
         p = strstr(p + 1, "command started"))
        line = p;
    if (line != NULL && (p = strstr(line, " child=")) != NULL)
        pid = (pid_t)strtol(p + 7, NULL, 10);
    free(log);
    return pid;
}

/*
 * Start an ssh that runs a large export and whose output is never read,
 * so the channel window fills and the command waits with most of its
 * output unsent. Returns the pid of ssh, with the command's in *child and
 * the read end of ssh's output in *out_fd.
 */
static pid_t
stalled_export_start(pid_t *child, int *out_fd)
{
    const char *argv[32];
    const char *words[] = {"export indicator ghg_emissions --territory "
                           "region:84 --mesh commune --format json",
                           NULL};
    char port[16];
    int out[2];
    pid_t ssh_pid;

    ssh_argv(argv, port, E2E_USER "@127.0.0.1", NULL, words);
    ck_assert_int_eq(pipe(out), 0);
    ssh_pid = fork();
    ck_assert_int_ne(ssh_pid, -1);
    if (ssh_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    ck_assert(e2e_server_log_wait(&server, "command started", WAIT_MS));
    *child = command_child_pid();
    ck_assert_int_gt(*child, 0);
    /* The window closes after about 2 MiB, and the command then blocks
     * on its full pipe, so it still runs. */
    sleep(1);
    ck_assert_msg(kill(*child, 0) == 0, "command %d ended early",
                  (int)*child);
    *out_fd = out[0];
    return ssh_pid;
}

/* Wait up to WAIT_MS for a process to be gone. */
static void
check_process_gone(pid_t pid)
{
    int i;

    for (i = 0; i < WAIT_MS / 100 && kill(pid, 0) == 0; i++)
        usleep(100000);
    ck_assert_msg(kill(pid, 0) == -1 && errno == ESRCH,
                  "command process %d still exists", (int)pid);
}

/* Killing a client whose command waits for the window must end the
 * command process and keep the server serving. */
START_TEST(killed_client_ends_command)
{
    struct run_result result;
    pid_t ssh_pid;
    pid_t child;
    int out;

    ssh_pid = stalled_export_start(&child, &out);
    kill(ssh_pid, SIGKILL);
    waitpid(ssh_pid, NULL, 0);
    close(out);
    ck_assert(e2e_server_log_wait(&server,
                                  "command ended account=" E2E_USER
                                  " name=export",
                                  WAIT_MS));
    check_process_gone(child);

    ssh_run("help", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    result_free(&result);
}
END_TEST

/* SIGTERM to the server stops a command that waits for the window, and
 * the server exits in time with status 0. */
START_TEST(server_stop_ends_stalled_command)
{
    pid_t ssh_pid;
    pid_t child;
    int out;

    ssh_pid = stalled_export_start(&child, &out);
    ck_assert_int_eq(e2e_server_stop(&server, WAIT_MS), 0);
    check_process_gone(child);
    ck_assert(e2e_server_log_wait(&server, "signal=15", WAIT_MS));
    ck_assert(e2e_server_log_wait(&server, "cause=server stopping", WAIT_MS));
    kill(ssh_pid, SIGKILL);
    waitpid(ssh_pid, NULL, 0);
    close(out);
}
END_TEST

/* With ssh -tt the client's terminal is raw, so lines end with CRLF. */
START_TEST(pty_output_uses_crlf)
{
    const char *argv[32];
    const char *words[] = {"territories search grenoble", NULL};
    const char *local_words[] = {"territories", "search", "grenoble", NULL};
    struct run_result result;
    struct run_result local;
    char *expected = NULL;
    char port[16];
    size_t len = 0;
    size_t i;

    ssh_argv(argv, port, E2E_USER "@127.0.0.1", "-tt", words);
    run_argv(argv, NULL, 0, &result);
    local_run(local_words, &local);
    ck_assert_int_eq(result.status, 0);
    append(&expected, &len, "", 0);
    for (i = 0; i < local.out_len; i++) {
        if (local.out[i] == '\n')
            append(&expected, &len, "\r", 1);
        append(&expected, &len, local.out + i, 1);
    }
    ck_assert_str_eq(result.out, expected);
    free(expected);
    result_free(&result);
    result_free(&local);
}
END_TEST

/* Mark indicator id as not published in the server's store. */
static void
unpublish(const char *id)
{
    sqlite3 *db = NULL;
    char *sql = NULL;

    ck_assert_int_eq(sqlite3_open(server.store, &db), SQLITE_OK);
    sql = sqlite3_mprintf("UPDATE indicator SET published = 0 WHERE id = %Q",
                          id);
    ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_changes(db), 1);
    sqlite3_free(sql);
    sqlite3_close(db);
}

START_TEST(unpublished_hidden_from_user)
{
    const char *show[] = {"indicators", "show", "jobs", NULL};
    struct run_result result;

    unpublish("jobs");
    check_failure("indicators show jobs", STATUS_NOT_FOUND);
    check_failure("export indicator jobs --territory region:84",
                  STATUS_NOT_FOUND);
    ssh_run("indicators list", NULL, 0, &result);
    ck_assert_int_eq(result.status, 0);
    ck_assert(strstr(result.out, "population\t") != NULL);
    ck_assert_msg(strstr(result.out, "\njobs\t") == NULL &&
                      strncmp(result.out, "jobs\t", 5) != 0,
                  "an unpublished indicator is listed:\n%s", result.out);
    result_free(&result);

    /* The local command has the file's rights, so it shows the entry. */
    local_run(show, &result);
    ck_assert_int_eq(result.status, 0);
    ck_assert(strstr(result.out, "published\tno\n") != NULL);
    result_free(&result);
}
END_TEST

/* Run line over SSH and check its exit status and that its standard
 * error contains message. */
static void
check_message(const char *line, const char *input, int status,
              const char *message)
{
    struct run_result result;

    ssh_run(line, input, input != NULL ? strlen(input) : 0, &result);
    ck_assert_msg(result.status == status,
                  "'%s' exited with %d, expected %d; stderr: %s", line,
                  result.status, status, result.err);
    ck_assert_msg(result.err != NULL && strstr(result.err, message) != NULL,
                  "'%s' did not say \"%s\": %s", line, message,
                  result.err != NULL ? result.err : "");
    result_free(&result);
}

/*
 * In French, errors are French sentences: an export names the territory
 * or indicator it does not know, and an import names what is wrong with
 * a dashboard, quoting the JSON reader's own English message as a detail.
 */
START_TEST(errors_in_french_name_the_value)
{
    check_message("export indicator population --territory region:99", NULL,
                  STATUS_NOT_FOUND,
                  "terrish export : territoire inconnu « region:99 »");
    check_message("export indicator no_such --territory region:84", NULL,
                  STATUS_NOT_FOUND,
                  "terrish export : indicateur inconnu « no_such »");
    check_message("import dashboard -",
                  "{\"terrish_dashboard\": 1, \"name\": \"red \\u001b[31m\"}",
                  5,
                  "terrish import : « name » non valide dans le tableau de "
                  "bord : contient un caractère de contrôle");
    check_message("import dashboard -", "{\"name\": not JSON}", 5,
                  "ce n'est pas un tableau de bord en JSON (message du "
                  "lecteur JSON, en anglais : « ");
    check_message("import dashboard -", "[1, 2]", 5,
                  "ce n'est pas un tableau de bord : le texte JSON n'est pas "
                  "un objet");
}
END_TEST

static Suite *
exec_suite(void)
{
    Suite *suite = suite_create("e2e-exec");
    TCase *tc = tcase_create("exec");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(60));
    tcase_add_test(tc, export_csv_matches_local);
    tcase_add_test(tc, export_beyond_window_matches_local);
    tcase_add_test(tc, search_finds_grenoble);
    tcase_add_test(tc, quoted_words_reach_command);
    tcase_add_test(tc, unknown_indicator_exits_3);
    tcase_add_test(tc, forbidden_commands_exit_4);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_test(tc, bad_quoting_exits_2);
    tcase_add_test(tc, long_command_rejected);
    tcase_add_test(tc, help_names_connection);
    tcase_add_test(tc, log_records_command);
    tcase_add_test(tc, input_to_command_ignored);
    tcase_add_test(tc, early_close_keeps_serving);
    tcase_add_test(tc, killed_client_ends_command);
    tcase_add_test(tc, server_stop_ends_stalled_command);
    tcase_add_test(tc, pty_output_uses_crlf);
    tcase_add_test(tc, unpublished_hidden_from_user);
    tcase_add_test(tc, errors_in_french_name_the_value);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(exec_suite);
}
