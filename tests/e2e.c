/*
 * terrish: helpers for the end-to-end tests (servers, SSH clients, screens).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/e2e.h"
#include "tests/term-client.h"

/* libssh's timeout of each blocking call of the test clients, in s. */
#define E2E_SSH_TIMEOUT_S 10

/* Store, client key and tmux configuration shared by every server. */
static char shared_dir[PATH_MAX];
static char shared_store[PATH_MAX];
static char shared_key[PATH_MAX];
static char shared_tmux_conf[PATH_MAX];
static int tmux_count;

/* A terminal session: the shared client, which keeps the screen. */
struct e2e_term {
    struct term_client *client;
};

static void
e2e_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print one line to stderr, where Check leaves it in the test log. */
static void
e2e_error(const char *fmt, ...)
{
    va_list ap;

    fputs("e2e: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Print the failures of the terminal client as the other messages. */
static void
e2e_report(const char *message)
{
    e2e_error("%s", message);
}

static void *
e2e_alloc(size_t size)
{
    void *ptr = calloc(1, size);

    if (ptr == NULL) {
        abort();
    }
    return ptr;
}

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
        continue;
    }
}

/* Append len bytes to a NUL-terminated heap buffer of *len_io bytes. */
static void
buffer_append(char **buf, size_t *len_io, const char *data, size_t len)
{
    char *grown = realloc(*buf, *len_io + len + 1);

    if (grown == NULL) {
        abort();
    }
    memcpy(grown + *len_io, data, len);
    *len_io += len;
    grown[*len_io] = '\0';
    *buf = grown;
}

/* Read a whole file; returns NULL when it cannot be opened. */
static char *
file_read(const char *path)
{
    char chunk[4096];
    char *buf = NULL;
    size_t len = 0;
    ssize_t n;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return NULL;
    }
    buffer_append(&buf, &len, "", 0);
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
        buffer_append(&buf, &len, chunk, (size_t)n);
    }
    close(fd);
    return buf;
}

/* Write dir/name into out, which has PATH_MAX bytes. */
static int
path_join(char *out, const char *dir, const char *name)
{
    int len = snprintf(out, PATH_MAX, "%s/%s", dir, name);

    if (len < 0 || len >= PATH_MAX) {
        e2e_error("path too long: %s/%s", dir, name);
        return -1;
    }
    return 0;
}

static int
file_copy(const char *from, const char *to)
{
    char chunk[65536];
    ssize_t n;
    int in = -1;
    int out = -1;
    int rc = -1;

    in = open(from, O_RDONLY | O_CLOEXEC);
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (in == -1 || out == -1) {
        e2e_error("copy %s to %s failed: %s", from, to, strerror(errno));
        goto out;
    }
    while ((n = read(in, chunk, sizeof chunk)) > 0) {
        if (write(out, chunk, (size_t)n) != n) {
            e2e_error("write %s failed: %s", to, strerror(errno));
            goto out;
        }
    }
    rc = n == 0 ? 0 : -1;

out:
    if (in != -1) {
        close(in);
    }
    if (out != -1) {
        close(out);
    }
    return rc;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
             struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Remove a scratch folder unless TERRISH_TEST_KEEP is 1. */
static void
dir_remove(const char *dir)
{
    const char *keep = getenv("TERRISH_TEST_KEEP");

    if (dir[0] == '\0' || (keep != NULL && strcmp(keep, "1") == 0)) {
        return;
    }
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Exit status in the shell's way: the code, or 128 + the signal. */
static int
status_code(int status)
{
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

/*
 * Run argv with input on its stdin (or /dev/null when NULL). Its stdout and
 * stderr go to *output (the caller frees it) when output is not NULL, and
 * to our stderr otherwise. Returns the exit code, or -1.
 */
static int
run_command(const char *const *argv, const char *input, char **output)
{
    int in_pipe[2] = {-1, -1};
    int out_pipe[2] = {-1, -1};
    size_t len = 0;
    char chunk[4096];
    ssize_t n;
    pid_t pid;
    int status;

    if (pipe2(in_pipe, O_CLOEXEC) == -1 || pipe2(out_pipe, O_CLOEXEC) == -1) {
        e2e_error("pipe failed: %s", strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(in_pipe[0], STDIN_FILENO);
        dup2(output != NULL ? out_pipe[1] : STDERR_FILENO, STDOUT_FILENO);
        dup2(output != NULL ? out_pipe[1] : STDERR_FILENO, STDERR_FILENO);
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "e2e: exec %s failed: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    if (input != NULL) {
        n = write(in_pipe[1], input, strlen(input));
        (void)n;
    }
    close(in_pipe[1]);

    if (output != NULL) {
        *output = NULL;
        buffer_append(output, &len, "", 0);
    }
    while ((n = read(out_pipe[0], chunk, sizeof chunk)) > 0) {
        if (output != NULL) {
            buffer_append(output, &len, chunk, (size_t)n);
        }
    }
    close(out_pipe[0]);

    if (pid == -1 || waitpid(pid, &status, 0) == -1) {
        e2e_error("cannot run %s: %s", argv[0], strerror(errno));
        return -1;
    }
    return status_code(status);
}

/* Run a command that must succeed; print its output when it fails. */
static int
run_checked(const char *const *argv, const char *input)
{
    char *output = NULL;
    int rc;

    rc = run_command(argv, input, &output);
    if (rc != 0) {
        e2e_error("%s %s exited with %d: %s", argv[0],
                  argv[1] != NULL ? argv[1] : "", rc, output);
    }
    free(output);
    return rc == 0 ? 0 : -1;
}

static const char *
env_required(const char *name)
{
    const char *value = getenv(name);

    if (value == NULL || value[0] == '\0') {
        e2e_error("%s is not set: run the tests with make check", name);
    }
    return value;
}

/* Create a folder under TERRISH_TEST_TMP with mkdtemp. */
static int
scratch_dir_create(char *dir, size_t size, const char *prefix)
{
    const char *tmp = env_required("TERRISH_TEST_TMP");

    if (tmp == NULL) {
        return -1;
    }
    if (mkdir(tmp, 0700) == -1 && errno != EEXIST) {
        e2e_error("cannot create %s: %s", tmp, strerror(errno));
        return -1;
    }
    snprintf(dir, size, "%s/%s-XXXXXX", tmp, prefix);
    if (mkdtemp(dir) == NULL) {
        e2e_error("mkdtemp %s failed: %s", dir, strerror(errno));
        dir[0] = '\0';
        return -1;
    }
    return 0;
}

static int
keygen(const char *path)
{
    const char *argv[] = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                          "-C", "terrish-e2e", "-f", path, NULL};

    return run_checked(argv, NULL);
}

/* Add one account with E2E_PASSWORD and the shared client key. */
static int
account_add(const char *bin, const char *store, const char *name)
{
    char pubkey[PATH_MAX];
    const char *add[] = {bin,       "user",  "add",           name,
                         "--role",  "user",  "--store",       store,
                         "--password-stdin", NULL};
    const char *key[] = {bin, "user", "key",     "add", name,
                         pubkey, "--store", store, NULL};

    if (path_join(pubkey, shared_dir, "client_key.pub") == -1 ||
        run_checked(add, E2E_PASSWORD "\n") == -1) {
        return -1;
    }
    return run_checked(key, NULL);
}

int
e2e_init(void)
{
    const char *bin = env_required("TERRISH_BIN");
    const char *data = env_required("TERRISH_DATA");
    const char *users[] = {E2E_USER, E2E_USER2, E2E_USER3};
    const char *init[] = {bin,    "init", "--store", shared_store,
                          "--data", data, NULL};
    FILE *conf;
    size_t i;

    if (bin == NULL || data == NULL) {
        return -1;
    }
    term_client_set_reporter(e2e_report);
    signal(SIGPIPE, SIG_IGN);
    unsetenv("TMUX");
    if (scratch_dir_create(shared_dir, sizeof shared_dir, "shared") == -1) {
        return -1;
    }
    if (path_join(shared_store, shared_dir, "store.db") == -1 ||
        path_join(shared_key, shared_dir, "client_key") == -1 ||
        path_join(shared_tmux_conf, shared_dir, "tmux.conf") == -1 ||
        keygen(shared_key) == -1) {
        return -1;
    }

    if (run_checked(init, NULL) == -1) {
        return -1;
    }
    for (i = 0; i < sizeof users / sizeof users[0]; i++) {
        if (account_add(bin, shared_store, users[i]) == -1) {
            return -1;
        }
    }

    conf = fopen(shared_tmux_conf, "w");
    if (conf == NULL) {
        e2e_error("cannot write %s: %s", shared_tmux_conf, strerror(errno));
        return -1;
    }
    fputs("set -g default-terminal screen-256color\n"
          "set -g status off\n",
          conf);
    fclose(conf);
    return 0;
}

void
e2e_cleanup(void)
{
    dir_remove(shared_dir);
}

const char *
e2e_client_key(void)
{
    return shared_key;
}

double
e2e_timeout(double seconds)
{
    const char *value = getenv("CK_DEFAULT_TIMEOUT");
    double from_env;

    if (value == NULL) {
        return seconds;
    }
    from_env = strtod(value, NULL);
    return from_env > seconds ? from_env : seconds;
}

/* Pick a free loopback port: bind port 0, read the port, close. */
static int
port_pick(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    socklen_t len = sizeof addr;
    int fd;
    int port = -1;

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    close(fd);
    return port;
}

/* Return 1 when a TCP connection to 127.0.0.1:port succeeds. */
static int
port_accepts(int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    int fd;
    int rc;

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)port);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return 0;
    }
    rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
    close(fd);
    return rc == 0;
}

/* Print the server's own output and log, to explain a failed start. */
static void
server_dump(const struct e2e_server *server)
{
    char path[PATH_MAX];
    char *text = NULL;

    if (path_join(path, server->dir, "server.out") == 0) {
        text = file_read(path);
    }
    e2e_error("server output:\n%s", text != NULL ? text : "(none)");
    free(text);
    text = e2e_server_log(server);
    e2e_error("server log:\n%s", text);
    free(text);
}

/* Fork and exec "terrish serve" with its output in DIR/server.out. */
static pid_t
server_spawn(const struct e2e_server *server, const char *const *argv)
{
    char out_path[PATH_MAX];
    pid_t parent = getpid();
    pid_t pid;
    int fd;

    if (path_join(out_path, server->dir, "server.out") == -1) {
        return -1;
    }
    pid = fork();
    if (pid != 0) {
        return pid;
    }

    /* Own process group, so a last-resort SIGKILL reaches the sessions. */
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) {
        _exit(127);
    }
    signal(SIGPIPE, SIG_DFL);
    fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd != -1) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
    }
    fd = open("/dev/null", O_RDONLY);
    if (fd != -1) {
        dup2(fd, STDIN_FILENO);
    }
    execv(argv[0], (char *const *)argv);
    fprintf(stderr, "e2e: exec %s failed: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static int
server_wait_ready(struct e2e_server *server, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    int status;

    while (now_ms() < deadline) {
        if (waitpid(server->pid, &status, WNOHANG) == server->pid) {
            server->pid = 0;
            e2e_error("server exited with %d before accepting connections",
                      status_code(status));
            server_dump(server);
            return -1;
        }
        if (port_accepts(server->port)) {
            return 0;
        }
        sleep_ms(50);
    }
    e2e_error("server did not accept connections on port %d within %d ms",
              server->port, timeout_ms);
    server_dump(server);
    return -1;
}

/* Fill argv (E2E_ARGV_MAX entries) with the "terrish serve" command. */
#define E2E_ARGV_MAX 64
static int
server_argv(const struct e2e_server *server,
            const struct e2e_server_options *options, char *port,
            const char **argv)
{
    const char *locale_dir = getenv("TERRISH_LOCALEDIR");
    const char *fixed[] = {getenv("TERRISH_BIN"), "serve", "--foreground",
                           "--listen", "127.0.0.1", "--port", port,
                           "--store", server->store,
                           "--host-key", server->host_key,
                           "--log-file", server->log};
    size_t argc = 0;
    size_t i;

    snprintf(port, 16, "%d", server->port);
    for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        argv[argc++] = fixed[i];
    }
    if (locale_dir != NULL && locale_dir[0] != '\0') {
        argv[argc++] = "--locale-dir";
        argv[argc++] = locale_dir;
    }
    for (i = 0; options != NULL && options->args != NULL &&
                options->args[i] != NULL;
         i++) {
        if (argc + 1 >= E2E_ARGV_MAX) {
            e2e_error("too many server arguments");
            return -1;
        }
        argv[argc++] = options->args[i];
    }
    argv[argc] = NULL;
    return 0;
}

int
e2e_server_start(struct e2e_server *server,
                 const struct e2e_server_options *options)
{
    const char *argv[E2E_ARGV_MAX];
    char port[16];

    memset(server, 0, sizeof *server);
    if (shared_store[0] == '\0') {
        e2e_error("e2e_init was not called");
        return -1;
    }
    if (scratch_dir_create(server->dir, sizeof server->dir, "server") == -1) {
        return -1;
    }
    if (path_join(server->store, server->dir, "store.db") == -1 ||
        path_join(server->host_key, server->dir, "host_key") == -1 ||
        path_join(server->log, server->dir, "server.log") == -1 ||
        file_copy(shared_store, server->store) == -1 ||
        keygen(server->host_key) == -1) {
        return -1;
    }
    server->port = port_pick();
    if (server->port == -1) {
        e2e_error("no free loopback port: %s", strerror(errno));
        return -1;
    }
    if (server_argv(server, options, port, argv) == -1) {
        return -1;
    }

    server->pid = server_spawn(server, argv);
    if (server->pid == -1) {
        e2e_error("fork failed: %s", strerror(errno));
        server->pid = 0;
        return -1;
    }
    return server_wait_ready(server, 10000);
}

int
e2e_server_restart(struct e2e_server *server,
                   const struct e2e_server_options *options)
{
    const char *argv[E2E_ARGV_MAX];
    char port[16];

    if (server->pid > 0 || server->dir[0] == '\0') {
        e2e_error("e2e_server_restart needs a server that was started and "
                  "then stopped");
        return -1;
    }
    if (server_argv(server, options, port, argv) == -1) {
        return -1;
    }
    server->pid = server_spawn(server, argv);
    if (server->pid == -1) {
        e2e_error("fork failed: %s", strerror(errno));
        server->pid = 0;
        return -1;
    }
    return server_wait_ready(server, 10000);
}

int
e2e_server_wait(struct e2e_server *server, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    int status;

    if (server->pid <= 0) {
        return -1;
    }
    for (;;) {
        if (waitpid(server->pid, &status, WNOHANG) == server->pid) {
            server->pid = 0;
            return status_code(status);
        }
        if (now_ms() >= deadline) {
            return -1;
        }
        sleep_ms(20);
    }
}

int
e2e_server_stop(struct e2e_server *server, int timeout_ms)
{
    pid_t pid = server->pid;
    int status;
    int code;

    if (pid <= 0) {
        return -1;
    }
    kill(pid, SIGTERM);
    code = e2e_server_wait(server, timeout_ms);
    if (server->pid == 0) {
        return code;
    }
    e2e_error("server pid %d still runs %d ms after SIGTERM: SIGKILL", pid,
              timeout_ms);
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    server->pid = 0;
    if (waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return status_code(status);
}

void
e2e_server_free(struct e2e_server *server)
{
    if (server->pid > 0) {
        e2e_server_stop(server, 5000);
    }
    dir_remove(server->dir);
    server->dir[0] = '\0';
}

char *
e2e_server_log(const struct e2e_server *server)
{
    char *text = file_read(server->log);

    if (text == NULL) {
        text = e2e_alloc(1);
    }
    return text;
}

int
e2e_server_log_wait(const struct e2e_server *server, const char *text,
                    int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    char *log;
    int found;

    for (;;) {
        log = e2e_server_log(server);
        found = strstr(log, text) != NULL;
        free(log);
        if (found || now_ms() >= deadline) {
            return found;
        }
        sleep_ms(50);
    }
}

/* Parse the pid of the last "session started" line for account. */
static pid_t
session_pid_parse(const char *log, const char *account)
{
    const char *marker = "session started pid=";
    const char *line = log;
    size_t account_len = strlen(account);
    pid_t pid = -1;

    while ((line = strstr(line, marker)) != NULL) {
        const char *end = strchr(line, '\n');
        const char *field = strstr(line, " account=");
        long value = strtol(line + strlen(marker), NULL, 10);

        if (end == NULL) {
            end = line + strlen(line);
        }
        if (field != NULL && field < end) {
            field += strlen(" account=");
            if (strncmp(field, account, account_len) == 0 &&
                (field[account_len] == ' ' || field + account_len == end)) {
                pid = (pid_t)value;
            }
        }
        line = end;
    }
    return pid;
}

pid_t
e2e_server_session_pid(const struct e2e_server *server, const char *account,
                       int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    pid_t pid;
    char *log;

    for (;;) {
        log = e2e_server_log(server);
        pid = session_pid_parse(log, account);
        if (pid > 0 || now_ms() >= deadline) {
            break;
        }
        free(log);
        sleep_ms(50);
    }
    if (pid <= 0) {
        e2e_error("no \"session started pid=... account=%s\" in the log:\n%s",
                  account, log);
    }
    free(log);
    return pid;
}

/*
 * Read the parent pid and the state letter of a process from
 * /proc/PID/stat. Returns 0, or -1 when the process does not exist.
 */
static int
process_stat(pid_t pid, pid_t *parent, char *state)
{
    char path[64];
    char buf[1024];
    const char *end;
    FILE *file;
    size_t len;
    long ppid = 0;

    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    file = fopen(path, "r");
    if (file == NULL) {
        return -1;
    }
    len = fread(buf, 1, sizeof buf - 1, file);
    fclose(file);
    buf[len] = '\0';
    /* The command name may contain spaces and parentheses: the fields
     * that follow start after the last ')'. */
    end = strrchr(buf, ')');
    if (end == NULL || sscanf(end + 1, " %c %ld", state, &ppid) != 2) {
        return -1;
    }
    *parent = (pid_t)ppid;
    return 0;
}

pid_t
e2e_process_child(pid_t parent, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;

    for (;;) {
        DIR *proc = opendir("/proc");
        struct dirent *entry;
        pid_t found = -1;

        if (proc == NULL) {
            e2e_error("cannot read /proc: %s", strerror(errno));
            return -1;
        }
        while (found == -1 && (entry = readdir(proc)) != NULL) {
            char *end;
            long pid = strtol(entry->d_name, &end, 10);
            pid_t ppid;
            char state;

            if (*end == '\0' && pid > 0 &&
                process_stat((pid_t)pid, &ppid, &state) == 0 &&
                ppid == parent && state != 'Z') {
                found = (pid_t)pid;
            }
        }
        closedir(proc);
        if (found != -1 || now_ms() >= deadline) {
            if (found == -1) {
                e2e_error("process %ld has no child after %d ms", (long)parent,
                          timeout_ms);
            }
            return found;
        }
        sleep_ms(50);
    }
}

int
e2e_process_wait_gone(pid_t pid, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    pid_t parent;
    char state = '?';

    for (;;) {
        if (process_stat(pid, &parent, &state) == -1 || state == 'Z' ||
            state == 'X') {
            return 1;
        }
        if (now_ms() >= deadline) {
            e2e_error("process %ld still runs (state %c) after %d ms",
                      (long)pid, state, timeout_ms);
            return 0;
        }
        sleep_ms(50);
    }
}

int
e2e_ssh_connect(int port, const char *user, ssh_session *session_out)
{
    return term_client_connect(port, user, E2E_SSH_TIMEOUT_S, session_out);
}

int
e2e_ssh_auth(ssh_session session, const struct e2e_auth *auth)
{
    const struct term_client_auth client_auth = {auth->password,
                                                 auth->key_file};

    return term_client_authenticate(session, &client_auth);
}

void
e2e_ssh_close(ssh_session session)
{
    if (session == NULL) {
        return;
    }
    ssh_disconnect(session);
    ssh_free(session);
}

int
e2e_term_open(struct e2e_term **term_out, int port, const char *user,
              const struct e2e_auth *auth, int cols, int rows,
              const char *term_name, const char *const *env)
{
    const struct term_client_auth client_auth = {auth->password,
                                                 auth->key_file};
    const struct term_client_options options = {
        .port = port,
        .user = user,
        .auth = &client_auth,
        .cols = cols,
        .rows = rows,
        .term_name = term_name,
        .env = env,
        .timeout_s = E2E_SSH_TIMEOUT_S,
    };
    struct e2e_term *term = e2e_alloc(sizeof *term);

    *term_out = NULL;
    if (term_client_open(&term->client, &options, NULL) == -1) {
        free(term);
        return -1;
    }
    *term_out = term;
    return 0;
}

/* Read what arrives within timeout_ms. Returns the bytes read, or -1 once
 * the channel closed. */
static int
term_pump(struct e2e_term *term, int timeout_ms)
{
    return term_client_pump(term->client, timeout_ms);
}

static int
term_is_closed(struct e2e_term *term)
{
    return term_client_is_closed(term->client);
}

int
e2e_term_cell(struct e2e_term *term, int row, int col,
              struct e2e_cell *out)
{
    struct term_client_cell cell;

    if (term_client_cell(term->client, row, col, &cell) == -1) {
        return -1;
    }
    out->code = cell.code;
    out->fg = cell.fg;
    out->bg = cell.bg;
    out->reverse = cell.reverse;
    out->bold = cell.bold;
    return 0;
}

const char *
e2e_term_screen(struct e2e_term *term)
{
    return term_client_screen(term->client);
}

const char *
e2e_term_row(struct e2e_term *term, int n)
{
    return term_client_row(term->client, n);
}

const char *
e2e_term_stderr(const struct e2e_term *term)
{
    return term_client_stderr(term->client);
}

int
e2e_term_poll_text(struct e2e_term *term, const char *text, int timeout_ms)
{
    return term_client_wait(term->client, term_client_has_text, text,
                            timeout_ms);
}

int
e2e_term_wait_text(struct e2e_term *term, const char *text, int timeout_ms)
{
    int cols;
    int rows;

    if (e2e_term_poll_text(term, text, timeout_ms)) {
        return 1;
    }
    term_client_size(term->client, &cols, &rows);
    e2e_error("\"%s\" not on the %dx%d screen after %d ms%s:\n%s\n"
              "stderr: %s",
              text, cols, rows, timeout_ms,
              term_is_closed(term) ? " (channel closed)" : "",
              e2e_term_screen(term), e2e_term_stderr(term));
    return 0;
}

/* Test whether row n contains text (want_found 1) or lacks it
 * (want_found 0). */
static int
row_matches(struct e2e_term *term, int n, const char *text, int want_found)
{
    const char *row = e2e_term_row(term, n);

    return row != NULL && (strstr(row, text) != NULL) == want_found;
}

/* Read until row_matches, or timeout_ms. Returns 1 when it matched. */
static int
row_wait(struct e2e_term *term, int n, const char *text, int want_found,
         int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    int64_t left;

    for (;;) {
        if (row_matches(term, n, text, want_found)) {
            return 1;
        }
        left = deadline - now_ms();
        if (left <= 0 || term_pump(term, left < 100 ? (int)left : 100) == -1) {
            break;
        }
    }
    return row_matches(term, n, text, want_found);
}

int
e2e_term_wait_row(struct e2e_term *term, int n, const char *text,
                  int timeout_ms)
{
    int cols;
    int rows;

    if (row_wait(term, n, text, 1, timeout_ms)) {
        return 1;
    }
    term_client_size(term->client, &cols, &rows);
    e2e_error("\"%s\" not on row %d of the %dx%d screen after %d ms:\n%s", text,
              n, cols, rows, timeout_ms, e2e_term_screen(term));
    return 0;
}

int
e2e_term_find_row(struct e2e_term *term, const char *text)
{
    int cols;
    int rows;
    int n;

    term_client_size(term->client, &cols, &rows);
    for (n = 0; n < rows; n++) {
        const char *row = e2e_term_row(term, n);

        if (strstr(row, text) != NULL) {
            return n;
        }
    }
    return -1;
}

int
e2e_term_wait_row_without(struct e2e_term *term, int n, const char *text,
                          int timeout_ms)
{
    int cols;
    int rows;

    if (row_wait(term, n, text, 0, timeout_ms)) {
        return 1;
    }
    term_client_size(term->client, &cols, &rows);
    e2e_error("row %d of the %dx%d screen still shows \"%s\" after %d ms:"
              "\n%s",
              n, cols, rows, text, timeout_ms, e2e_term_screen(term));
    return 0;
}

void
e2e_term_drain(struct e2e_term *term, int duration_ms)
{
    int64_t deadline = now_ms() + duration_ms;
    int64_t left;

    while ((left = deadline - now_ms()) > 0) {
        if (term_pump(term, left < 100 ? (int)left : 100) == -1) {
            return;
        }
    }
}

int
e2e_term_send(struct e2e_term *term, const char *bytes)
{
    return term_client_send_text(term->client, bytes);
}

int
e2e_term_resize(struct e2e_term *term, int cols, int rows)
{
    return term_client_resize(term->client, cols, rows);
}

int
e2e_term_wait_closed(struct e2e_term *term, int timeout_ms, int *exit_status)
{
    int64_t deadline = now_ms() + timeout_ms;
    int64_t left;

    if (exit_status != NULL) {
        *exit_status = -1;
    }
    while (!term_is_closed(term)) {
        left = deadline - now_ms();
        if (left <= 0) {
            e2e_error("channel still open after %d ms:\n%s", timeout_ms,
                      e2e_term_screen(term));
            return 0;
        }
        term_pump(term, left < 100 ? (int)left : 100);
    }

    /*
     * The exit-status request may follow EOF, so this waits for it or for
     * the close, at most the session timeout E2E_SSH_TIMEOUT_S.
     */
    if (exit_status != NULL) {
        *exit_status = term_client_exit_status(term->client);
    }
    return 1;
}

void
e2e_term_close(struct e2e_term *term)
{
    if (term == NULL) {
        return;
    }
    term_client_close(term->client);
    free(term);
}

/* Read both streams of an exec channel until EOF or timeout_ms. */
static int
exec_read(ssh_channel channel, char **out, char **err, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    size_t out_len = 0;
    size_t err_len = 0;
    char buf[4096];
    int n;

    buffer_append(out, &out_len, "", 0);
    buffer_append(err, &err_len, "", 0);
    while (now_ms() < deadline) {
        n = ssh_channel_read_timeout(channel, buf, sizeof buf, 0, 100);
        if (n > 0) {
            buffer_append(out, &out_len, buf, (size_t)n);
        }
        while ((n = ssh_channel_read_nonblocking(channel, buf, sizeof buf,
                                                 1)) > 0) {
            buffer_append(err, &err_len, buf, (size_t)n);
        }
        if (ssh_channel_is_eof(channel) || ssh_channel_is_closed(channel)) {
            return 0;
        }
    }
    e2e_error("exec output not finished after %d ms", timeout_ms);
    return -1;
}

int
e2e_exec(int port, const char *user, const char *password,
         const char *command, char **out, char **err, int *status)
{
    const struct e2e_auth auth = {.password = password};

    return e2e_exec_auth(port, user, &auth, command, NULL, out, err, status);
}

int
e2e_exec_auth(int port, const char *user, const struct e2e_auth *auth,
              const char *command, const char *input, char **out, char **err,
              int *status)
{
    ssh_session session = NULL;
    ssh_channel channel = NULL;
    int rc = -1;

    *out = NULL;
    *err = NULL;
    *status = -1;
    if (e2e_ssh_connect(port, user, &session) == -1) {
        return -1;
    }
    if (e2e_ssh_auth(session, auth) != SSH_AUTH_SUCCESS) {
        e2e_error("authentication of %s failed: %s", user,
                  ssh_get_error(session));
        goto out;
    }
    channel = ssh_channel_new(session);
    if (channel == NULL || ssh_channel_open_session(channel) != SSH_OK) {
        e2e_error("channel open failed: %s", ssh_get_error(session));
        goto out;
    }
    if (ssh_channel_request_exec(channel, command) != SSH_OK) {
        e2e_error("exec request rejected: %s", ssh_get_error(session));
        goto out;
    }
    if (input != NULL &&
        (ssh_channel_write(channel, input, (uint32_t)strlen(input)) !=
             (int)strlen(input) ||
         ssh_channel_send_eof(channel) != SSH_OK)) {
        e2e_error("sending standard input failed: %s",
                  ssh_get_error(session));
        goto out;
    }
    if (exec_read(channel, out, err, 10000) == -1) {
        goto out;
    }
    *status = ssh_channel_get_exit_status(channel);
    rc = 0;

out:
    if (channel != NULL) {
        ssh_channel_free(channel);
    }
    e2e_ssh_close(session);
    return rc;
}

/*
 * Seconds the pane stays after ssh exits, so that the test can read how it
 * ended. Then the tmux server exits by itself, even when a failed test
 * never called e2e_tmux_stop.
 */
#define TMUX_LINGER_S 30

static int
tmux_run(struct e2e_tmux *tmux, const char *const *args, char **output)
{
    const char *argv[16] = {"tmux", "-L", tmux->socket_name, "-f",
                            shared_tmux_conf};
    size_t argc = 5;
    size_t i;

    for (i = 0; args[i] != NULL && argc < 15; i++) {
        argv[argc++] = args[i];
    }
    argv[argc] = NULL;
    return run_command(argv, NULL, output);
}

int
e2e_tmux_ssh(struct e2e_tmux *tmux, int port, const char *user,
             const char *key_file)
{
    char command[PATH_MAX + 512];
    const char *args[] = {"new-session", "-d", "-s", "e2e", "-x", "80",
                          "-y", "24", command, NULL};
    char *output = NULL;
    int rc;

    snprintf(tmux->socket_name, sizeof tmux->socket_name,
             "terrish-e2e-%d-%d", (int)getpid(), tmux_count++);
    snprintf(command, sizeof command,
             "ssh -F /dev/null -p %d -i '%s' -o StrictHostKeyChecking=no "
             "-o UserKnownHostsFile=/dev/null -o BatchMode=yes "
             "-o IdentitiesOnly=yes -o LogLevel=ERROR %s@127.0.0.1; "
             "echo \"" E2E_TMUX_EXITED "$?\"; sleep %d",
             port, key_file, user, TMUX_LINGER_S);
    rc = tmux_run(tmux, args, &output);
    if (rc != 0) {
        e2e_error("tmux new-session exited with %d: %s", rc, output);
    }
    free(output);
    return rc == 0 ? 0 : -1;
}

int
e2e_tmux_send(struct e2e_tmux *tmux, const char *keys)
{
    const char *args[] = {"send-keys", "-t", "e2e", keys, NULL};

    return tmux_run(tmux, args, NULL) == 0 ? 0 : -1;
}

char *
e2e_tmux_capture(struct e2e_tmux *tmux)
{
    const char *args[] = {"capture-pane", "-p", "-t", "e2e", NULL};
    char *output = NULL;

    tmux_run(tmux, args, &output);
    return output;
}

int
e2e_tmux_wait_text(struct e2e_tmux *tmux, const char *text, int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;
    char *pane;
    int found;

    for (;;) {
        pane = e2e_tmux_capture(tmux);
        found = pane != NULL && strstr(pane, text) != NULL;
        if (found || now_ms() >= deadline) {
            break;
        }
        free(pane);
        sleep_ms(100);
    }
    if (!found) {
        e2e_error("\"%s\" not in the tmux pane after %d ms:\n%s", text,
                  timeout_ms, pane != NULL ? pane : "(no pane)");
    }
    free(pane);
    return found;
}

void
e2e_tmux_stop(struct e2e_tmux *tmux)
{
    const char *args[] = {"kill-server", NULL};
    char *output = NULL;

    if (tmux->socket_name[0] == '\0') {
        return;
    }
    tmux_run(tmux, args, &output);
    free(output);
    tmux->socket_name[0] = '\0';
}

int
e2e_main(Suite *(*make)(void))
{
    SRunner *runner;
    int failed;

    if (e2e_init() == -1) {
        return 99;
    }
    runner = srunner_create(make());
    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    e2e_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
