/*
 * terrish: servers under benchmark (terrish serve and OpenSSH's sshd) and
 * the memory and CPU of their process trees, read from /proc.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"

#define SSHD_PATH "/usr/sbin/sshd"

/* Write dir/name into out, which has PATH_MAX bytes. */
static int
path_join(char *out, const char *dir, const char *name)
{
    int len = snprintf(out, PATH_MAX, "%s/%s", dir, name);

    if (len < 0 || len >= PATH_MAX) {
        bench_error("path too long: %s/%s", dir, name);
        return -1;
    }
    return 0;
}

/*
 * Run argv with input on its stdin, its output appended to log_path (or
 * discarded when NULL). Returns the exit code, or -1.
 */
static int
run_command(const char *const *argv, const char *input, const char *log_path)
{
    int in_pipe[2];
    int status;
    pid_t pid;
    int fd;

    if (pipe2(in_pipe, O_CLOEXEC) == -1) {
        bench_error("pipe failed: %s", strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        dup2(in_pipe[0], STDIN_FILENO);
        fd = open(log_path != NULL ? log_path : "/dev/null",
                  O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd != -1) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in_pipe[0]);
    if (input != NULL && write(in_pipe[1], input, strlen(input)) < 0) {
        bench_error("write to %s failed: %s", argv[0], strerror(errno));
    }
    close(in_pipe[1]);
    if (pid == -1 || waitpid(pid, &status, 0) == -1) {
        bench_error("cannot run %s: %s", argv[0], strerror(errno));
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Run a command that must succeed; its output goes to setup->dir/setup.log */
static int
run_checked(const struct bench_setup *setup, const char *const *argv,
            const char *input)
{
    char log_path[PATH_MAX];
    int rc;

    if (path_join(log_path, setup->dir, "setup.log") == -1) {
        return -1;
    }
    rc = run_command(argv, input, log_path);
    if (rc != 0) {
        bench_error("%s %s exited with %d; see %s", argv[0], argv[1], rc,
                    log_path);
        return -1;
    }
    return 0;
}

static int
keygen(const struct bench_setup *setup, const char *path)
{
    const char *argv[] = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                          "-C", "terrish-bench", "-f", path, NULL};

    return run_checked(setup, argv, NULL);
}

int
bench_setup_create(struct bench_setup *setup, const char *tmp)
{
    char pubkey[PATH_MAX];
    const char *init[] = {setup->terrish_bin, "init", "--store",
                          setup->store, "--data", setup->data_dir, "--quiet",
                          NULL};
    const char *add[] = {setup->terrish_bin, "user", "add", BENCH_USER,
                         "--role", "user", "--store", setup->store,
                         "--password-stdin", NULL};
    const char *key[] = {setup->terrish_bin, "user", "key", "add",
                         BENCH_USER, pubkey, "--store", setup->store, NULL};

    snprintf(setup->dir, sizeof setup->dir, "%s/terrish-bench-XXXXXX", tmp);
    if (mkdtemp(setup->dir) == NULL) {
        bench_error("mkdtemp %s failed: %s", setup->dir, strerror(errno));
        setup->dir[0] = '\0';
        return -1;
    }
    if (path_join(setup->client_key, setup->dir, "client_key") == -1 ||
        path_join(setup->store, setup->dir, "store.db") == -1 ||
        path_join(pubkey, setup->dir, "client_key.pub") == -1 ||
        keygen(setup, setup->client_key) == -1) {
        return -1;
    }

    /* Keys only: the password is never used, and Argon2id is slow. */
    if (run_checked(setup, init, NULL) == -1 ||
        run_checked(setup, add, "Bench-unused-password-8237\n") == -1) {
        return -1;
    }
    return run_checked(setup, key, NULL);
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

void
bench_setup_remove(struct bench_setup *setup)
{
    if (setup->dir[0] != '\0') {
        nftw(setup->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
}

/* Pick a free loopback port: bind port 0, read the port, close. */
static int
port_pick(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    socklen_t len = sizeof addr;
    int port = -1;
    int fd;

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

static int
port_accepts(int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    int rc;
    int fd;

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

/* Fork and exec argv in its own process group, output to server->log. */
static int
server_spawn(struct bench_server *server, const char *const *argv)
{
    pid_t parent = getpid();
    int64_t deadline;
    int status;
    int fd;

    server->pid = fork();
    if (server->pid == -1) {
        bench_error("fork failed: %s", strerror(errno));
        return -1;
    }
    if (server->pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(127);
        }
        fd = open(server->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd != -1) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
        fd = open("/dev/null", O_RDONLY);
        if (fd != -1) {
            dup2(fd, STDIN_FILENO);
        }
        execv(argv[0], (char *const *)argv);
        fprintf(stderr, "exec %s failed: %s\n", argv[0], strerror(errno));
        _exit(127);
    }

    deadline = bench_now_ns() + 10 * (int64_t)1000000000;
    while (bench_now_ns() < deadline) {
        if (waitpid(server->pid, &status, WNOHANG) == server->pid) {
            bench_error("%s exited before accepting connections; see %s",
                        argv[0], server->log);
            server->pid = 0;
            return -1;
        }
        if (port_accepts(server->port)) {
            return 0;
        }
        bench_sleep_ms(50);
    }
    bench_error("%s did not accept connections on port %d within 10 s",
                argv[0], server->port);
    return -1;
}

/* Make the server's folder and pick its port. */
static int
server_prepare(struct bench_server *server, const struct bench_setup *setup,
               const char *name)
{
    memset(server, 0, sizeof *server);
    if (path_join(server->dir, setup->dir, name) == -1 ||
        mkdir(server->dir, 0700) == -1) {
        bench_error("cannot create the folder of %s in %s", name, setup->dir);
        return -1;
    }
    if (path_join(server->log, server->dir, "server.log") == -1) {
        return -1;
    }
    server->port = port_pick();
    if (server->port == -1) {
        bench_error("no free loopback port: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int
bench_terrish_start(struct bench_server *server,
                    const struct bench_setup *setup, int max_sessions,
                    int max_startups)
{
    char host_key[PATH_MAX];
    char port[16];
    char sessions[16];
    char startups[16];
    const char *argv[32] = {setup->terrish_bin, "serve", "--foreground",
                            "--listen", "127.0.0.1", "--port", port,
                            "--store", setup->store, "--host-key", host_key,
                            "--log-file", NULL, "--max-sessions", sessions,
                            "--max-startups", startups, NULL};
    size_t argc = 17;

    if (server_prepare(server, setup, "terrish") == -1 ||
        path_join(host_key, server->dir, "host_key") == -1 ||
        keygen(setup, host_key) == -1) {
        return -1;
    }
    argv[12] = server->log;
    snprintf(port, sizeof port, "%d", server->port);
    snprintf(sessions, sizeof sessions, "%d", max_sessions);
    snprintf(startups, sizeof startups, "%d", max_startups);
    if (setup->locale_dir != NULL) {
        argv[argc++] = "--locale-dir";
        argv[argc++] = setup->locale_dir;
    }
    argv[argc] = NULL;
    return server_spawn(server, argv);
}

/* Write the private sshd_config of the reference server. */
static int
sshd_config_write(const struct bench_server *server, const char *path,
                  const char *keys, int max_startups)
{
    FILE *conf = fopen(path, "w");

    if (conf == NULL) {
        bench_error("cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(conf,
            "ListenAddress 127.0.0.1\n"
            "AuthorizedKeysFile %s\n"
            "UsePAM no\n"
            "PermitRootLogin prohibit-password\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "StrictModes no\n"
            "PrintMotd no\n"
            "PrintLastLog no\n"
            "UseDNS no\n"
            "MaxStartups %d\n"
            "LogLevel ERROR\n",
            keys, max_startups);
    (void)server;
    return fclose(conf) == 0 ? 0 : -1;
}

int
bench_sshd_start(struct bench_server *server,
                 const struct bench_setup *setup, const char *user,
                 int max_startups)
{
    char conf[PATH_MAX];
    char keys[PATH_MAX];
    char host_key[PATH_MAX];
    char pubkey[PATH_MAX];
    char pid_file[PATH_MAX + 32];
    char port[16];
    const char *argv[] = {SSHD_PATH, "-D", "-f", conf, "-p", port, "-h",
                          host_key, "-o", pid_file, "-E", server->log, NULL};
    const char *copy[] = {"cp", pubkey, keys, NULL};

    (void)user;
    if (access(SSHD_PATH, X_OK) != 0) {
        bench_error("%s not found: install the openssh-server package",
                    SSHD_PATH);
        return -1;
    }
    if (server_prepare(server, setup, "sshd") == -1 ||
        path_join(conf, server->dir, "sshd_config") == -1 ||
        path_join(keys, server->dir, "authorized_keys") == -1 ||
        path_join(host_key, server->dir, "host_key") == -1 ||
        path_join(pubkey, setup->dir, "client_key.pub") == -1 ||
        keygen(setup, host_key) == -1 ||
        run_checked(setup, copy, NULL) == -1) {
        return -1;
    }
    if (snprintf(pid_file, sizeof pid_file, "PidFile=%s/sshd.pid",
                 server->dir) >= (int)sizeof pid_file) {
        return -1;
    }
    snprintf(port, sizeof port, "%d", server->port);
    if (sshd_config_write(server, conf, keys, max_startups) == -1) {
        return -1;
    }

    /* sshd refuses to start without its privilege separation folder,
     * which the system's service manager normally creates. */
    if (geteuid() == 0 && mkdir("/run/sshd", 0755) == -1 && errno != EEXIST) {
        bench_error("cannot create /run/sshd: %s", strerror(errno));
    }
    return server_spawn(server, argv);
}

void
bench_server_stop(struct bench_server *server, int timeout_ms)
{
    int64_t deadline = bench_now_ns() + (int64_t)timeout_ms * 1000000;
    int status;

    if (server->pid <= 0) {
        return;
    }
    kill(server->pid, SIGTERM);
    while (bench_now_ns() < deadline) {
        if (waitpid(server->pid, &status, WNOHANG) == server->pid) {
            server->pid = 0;
            break;
        }
        bench_sleep_ms(20);
    }

    /* Sessions that left the server's process group with setsid (sshd's
     * do) end when their client disconnects, which the caller does first. */
    if (server->pid > 0) {
        kill(-server->pid, SIGKILL);
        waitpid(server->pid, &status, 0);
        server->pid = 0;
    }
}

/* One /proc entry: its pid and parent. */
struct proc_link {
    pid_t pid;
    pid_t ppid;
};

/* Read the pid and parent pid of every process. Caller frees *links. */
static size_t
proc_links_read(struct proc_link **links)
{
    size_t count = 0;
    size_t cap = 1024;
    struct dirent *entry;
    char path[300];
    char stat[512];
    DIR *proc;
    FILE *file;

    *links = bench_alloc(cap * sizeof **links);
    proc = opendir("/proc");
    if (proc == NULL) {
        return 0;
    }
    while ((entry = readdir(proc)) != NULL) {
        char *close_paren;
        long ppid;

        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') {
            continue;
        }
        snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        file = fopen(path, "r");
        if (file == NULL) {
            continue;
        }
        close_paren = fgets(stat, sizeof stat, file) != NULL
                          ? strrchr(stat, ')')
                          : NULL;
        fclose(file);
        if (close_paren == NULL ||
            sscanf(close_paren + 2, "%*c %ld", &ppid) != 1) {
            continue;
        }
        if (count == cap) {
            cap *= 2;
            *links = realloc(*links, cap * sizeof **links);
            if (*links == NULL) {
                abort();
            }
        }
        (*links)[count].pid = (pid_t)atol(entry->d_name);
        (*links)[count].ppid = (pid_t)ppid;
        count++;
    }
    closedir(proc);
    return count;
}

/* Collect root and its descendants into *tree. Returns their number. */
static size_t
proc_tree(pid_t root, pid_t **tree)
{
    struct proc_link *links = NULL;
    size_t count = proc_links_read(&links);
    size_t found = 1;
    size_t scan;
    size_t i;

    *tree = bench_alloc((count + 1) * sizeof **tree);
    (*tree)[0] = root;

    /* Breadth first: each pass adds the children of the ones found. */
    for (scan = 0; scan < found; scan++) {
        for (i = 0; i < count; i++) {
            if (links[i].ppid == (*tree)[scan]) {
                (*tree)[found++] = links[i].pid;
            }
        }
    }
    free(links);
    return found;
}

/* Add the Pss of one process, in KiB, from smaps_rollup. */
static uint64_t
proc_pss_kib(pid_t pid)
{
    char path[64];
    char line[256];
    unsigned long long kib = 0;
    FILE *file;

    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    file = fopen(path, "r");
    if (file == NULL) {
        return 0;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        if (sscanf(line, "Pss: %llu kB", &kib) == 1) {
            break;
        }
    }
    fclose(file);
    return kib;
}

/* utime + stime of one process, in clock ticks. */
static uint64_t
proc_cpu_ticks(pid_t pid)
{
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    char path[64];
    char stat[1024];
    char *close_paren;
    FILE *file;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    file = fopen(path, "r");
    if (file == NULL) {
        return 0;
    }
    close_paren = fgets(stat, sizeof stat, file) != NULL
                      ? strrchr(stat, ')')
                      : NULL;
    fclose(file);

    /* Fields 14 and 15 of proc(5); the scan starts at field 3. */
    if (close_paren == NULL ||
        sscanf(close_paren + 2,
               "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
               &utime, &stime) != 2) {
        return 0;
    }
    return utime + stime;
}

int
bench_tree_usage(pid_t root, struct bench_tree_usage *usage)
{
    pid_t *tree = NULL;
    size_t count;
    size_t i;

    memset(usage, 0, sizeof *usage);
    if (root <= 0) {
        return -1;
    }
    count = proc_tree(root, &tree);
    for (i = 0; i < count; i++) {
        usage->pss_kib += proc_pss_kib(tree[i]);
        usage->cpu_ticks += proc_cpu_ticks(tree[i]);
    }
    usage->processes = (int)count;
    free(tree);
    return 0;
}

int
bench_tree_wait(pid_t root, int count, int timeout_ms)
{
    int64_t deadline = bench_now_ns() + (int64_t)timeout_ms * 1000000;
    pid_t *tree = NULL;
    size_t found;

    for (;;) {
        found = proc_tree(root, &tree);
        free(tree);
        if ((int)found >= count) {
            return 0;
        }
        if (bench_now_ns() >= deadline) {
            return -1;
        }
        bench_sleep_ms(50);
    }
}
