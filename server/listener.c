/*
 * terrish: the listening process. It accepts connections, forks one process
 * per connection and keeps count of them. It never speaks SSH after the
 * accept, so a slow or hostile client cannot stall it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each connection process has one end of a socketpair. When its client
 * authenticates it writes 'A', and the listener replies 'Y' when a session
 * slot is free (MaxSessions) or 'N' otherwise. The listener counts as
 * "starting" every connection that has not requested a slot yet
 * (MaxStartups), and
 * kills those that outlive the login grace time.
 *
 * The listener also runs the notification hub (server/hub.c). Its
 * descriptors join the same poll, and each turn of the loop gives it one
 * non-blocking step of bounded work, so an accept waits for one such step
 * at most.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/server.h>

#include "common/hub.h"
#include "server/server.h"
#include "store/store.h"

struct child {
    pid_t pid;
    int control_fd;    /* -1 once the process closed its end */
    int authenticated; /* has a session slot */
    int killed;        /* killed for the grace time, not reaped yet */
    time_t started;
    char peer[64];
};

struct listener {
    const struct server_config *config;
    ssh_bind bind;
    struct child *children;
    size_t child_count;
    size_t child_capacity;
    int stopping;
    /* Refusals for MaxStartups since the last warning, which is written at
     * most every REFUSAL_LOG_INTERVAL seconds so a flood cannot fill the
     * log. */
    unsigned long refused_unlogged;
    time_t refused_logged_at;
    struct hub_server *hub; /* NULL with HubSocket none */
};

#define REFUSAL_LOG_INTERVAL 10
/* Descriptors of the hub in the poll set, at most. */
#define LISTENER_HUB_FDS 4

static volatile sig_atomic_t got_sigterm;
static volatile sig_atomic_t got_sighup;
static volatile sig_atomic_t got_sigchld;
static int wake_pipe[2] = {-1, -1};
/* Path of the open hub socket, inherited by the connection processes. */
static char *hub_path;

static void
listener_signal(int signo)
{
    int saved_errno = errno;
    char byte = 0;

    if (signo == SIGTERM || signo == SIGINT)
        got_sigterm = 1;
    else if (signo == SIGHUP)
        got_sighup = 1;
    else if (signo == SIGCHLD)
        got_sigchld = 1;
    if (write(wake_pipe[1], &byte, 1) < 0) {
        /* The pipe is full: the loop is awake already. */
    }
    errno = saved_errno;
}

static int
listener_install_signals(void)
{
    struct sigaction action;

    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    memset(&action, 0, sizeof action);
    action.sa_handler = listener_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGCHLD, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

/* Restore default signal handling in a forked connection process. */
static void
listener_reset_signals(void)
{
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
}

void
server_peer_address(int fd, char *out, size_t size)
{
    struct sockaddr_storage address;
    socklen_t len = sizeof address;
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;

    if (getpeername(fd, (struct sockaddr *)&address, &len) != 0) {
        snprintf(out, size, "unknown");
        return;
    }
    if (address.ss_family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&address;

        inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
        port = ntohs(v4->sin_port);
        snprintf(out, size, "%s:%d", host, port);
    } else if (address.ss_family == AF_INET6) {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;

        inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
        port = ntohs(v6->sin6_port);
        snprintf(out, size, "[%s]:%d", host, port);
    } else {
        snprintf(out, size, "unknown");
    }
}

static void
listener_count(const struct listener *listener, size_t *starting,
               size_t *sessions)
{
    size_t i;

    *starting = 0;
    *sessions = 0;
    for (i = 0; i < listener->child_count; i++) {
        if (listener->children[i].authenticated)
            (*sessions)++;
        else
            (*starting)++;
    }
}

static struct child *
listener_find_child(struct listener *listener, pid_t pid)
{
    size_t i;

    for (i = 0; i < listener->child_count; i++) {
        if (listener->children[i].pid == pid)
            return &listener->children[i];
    }
    return NULL;
}

static void
listener_remove_child(struct listener *listener, struct child *child)
{
    size_t index = (size_t)(child - listener->children);

    if (child->control_fd >= 0)
        close(child->control_fd);
    listener->children[index] = listener->children[--listener->child_count];
}

/* Collect exited connection processes and log how they ended. */
static void
listener_reap(struct listener *listener)
{
    struct child *child;
    pid_t pid;
    int status;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        child = listener_find_child(listener, pid);
        if (WIFSIGNALED(status))
            log_warn("connection process %ld from %s ended by signal %d",
                     (long)pid, child != NULL ? child->peer : "?",
                     WTERMSIG(status));
        else
            log_debug("connection process %ld exited with status %d",
                      (long)pid, WEXITSTATUS(status));
        if (child != NULL)
            listener_remove_child(listener, child);
    }
}

/* Reply to a connection process that requests a session slot. */
static void
listener_read_control(struct listener *listener, struct child *child)
{
    size_t starting;
    size_t sessions;
    char request;
    char reply;
    ssize_t n;

    n = read(child->control_fd, &request, 1);
    if (n <= 0) {
        close(child->control_fd);
        child->control_fd = -1;
        return;
    }
    if (request != 'A' || child->authenticated)
        return;
    listener_count(listener, &starting, &sessions);
    if (sessions < (size_t)listener->config->max_sessions) {
        child->authenticated = 1;
        reply = 'Y';
    } else {
        log_warn("session rejected for %s: %zu sessions open (MaxSessions "
                 "%d)",
                 child->peer, sessions, listener->config->max_sessions);
        reply = 'N';
    }
    if (write(child->control_fd, &reply, 1) != 1)
        log_warn("cannot answer connection process %ld: %s",
                 (long)child->pid, strerror(errno));
}

/* Kill connections that did not authenticate within the grace time. */
static void
listener_enforce_grace(struct listener *listener)
{
    int grace = listener->config->login_grace_time;
    time_t now = time(NULL);
    size_t i;

    if (grace <= 0)
        return;
    for (i = 0; i < listener->child_count; i++) {
        struct child *child = &listener->children[i];

        if (child->authenticated || child->killed ||
            now - child->started < grace)
            continue;
        log_info("connection from %s closed: not authenticated within the "
                 "login grace time of %d s",
                 child->peer, grace);
        kill(child->pid, SIGKILL);
        child->killed = 1;
    }
}

/* Log a MaxStartups refusal, rate-limited with a count of those skipped. */
static void
listener_log_refusal(struct listener *listener, const char *peer,
                     size_t starting)
{
    time_t now = time(NULL);

    listener->refused_unlogged++;
    if (now - listener->refused_logged_at < REFUSAL_LOG_INTERVAL)
        return;
    log_warn("connection from %s refused: %zu connections are not "
             "authenticated yet (MaxStartups %d:%d:%d); %lu refused since "
             "the last such message",
             peer, starting, listener->config->max_startups,
             listener->config->max_startups_rate,
             listener->config->max_startups_full,
             listener->refused_unlogged);
    listener->refused_unlogged = 0;
    listener->refused_logged_at = now;
}

/* Accept one connection and hand it to a new process. */
static void
listener_accept(struct listener *listener)
{
    ssh_session session = NULL;
    struct child *child = NULL;
    size_t starting;
    size_t sessions;
    char peer[64];
    int pair[2];
    pid_t listener_pid;
    pid_t pid;

    session = ssh_new();
    if (session == NULL) {
        log_error("cannot allocate an SSH session");
        return;
    }
    if (ssh_bind_accept(listener->bind, session) != SSH_OK) {
        log_warn("accept failed: %s", ssh_get_error(listener->bind));
        ssh_free(session);
        return;
    }
    server_peer_address(ssh_get_fd(session), peer, sizeof peer);
    listener_count(listener, &starting, &sessions);
    if (server_startup_refused(listener->config, starting,
                               (unsigned int)(random() % 100))) {
        listener_log_refusal(listener, peer, starting);
        ssh_free(session);
        return;
    }
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        log_error("socketpair failed: %s", strerror(errno));
        ssh_free(session);
        return;
    }

    listener_pid = getpid();
    pid = fork();
    if (pid < 0) {
        log_error("fork failed for connection from %s: %s", peer,
                  strerror(errno));
        close(pair[0]);
        close(pair[1]);
        ssh_free(session);
        return;
    }
    if (pid == 0) {
        size_t i;

        /* Leave the listener's process group: Ctrl-C on the terminal that
         * runs "serve --foreground" reaches the listener only, which then
         * ends the sessions the way SIGTERM does, with their message. */
        if (setpgid(0, 0) != 0)
            log_warn("setpgid failed: %s", strerror(errno));
#ifdef __linux__
        /* Out of its group, a connection would outlive a listener killed
         * with SIGKILL: have that end it as SIGTERM does. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != listener_pid)
            _exit(0);
#endif
        close(pair[0]);
        close(wake_pipe[0]);
        close(wake_pipe[1]);
        for (i = 0; i < listener->child_count; i++) {
            if (listener->children[i].control_fd >= 0)
                close(listener->children[i].control_fd);
        }
        /* Not shared with the sessions; hub_server_close in a forked
         * process leaves the listener's socket file in place. */
        hub_server_close(listener->hub);
        listener->hub = NULL;
        listener_reset_signals();
        session_run(session, listener->bind, listener->config, pair[1]);
    }

    close(pair[1]);
    ssh_free(session);
    if (listener->child_count == listener->child_capacity) {
        listener->child_capacity = listener->child_capacity * 2 + 16;
        listener->children =
            xrealloc(listener->children,
                     listener->child_capacity * sizeof *listener->children);
    }
    child = &listener->children[listener->child_count++];
    memset(child, 0, sizeof *child);
    child->pid = pid;
    child->control_fd = pair[0];
    child->started = time(NULL);
    snprintf(child->peer, sizeof child->peer, "%s", peer);
    log_info("connection from %s handed to process %ld", peer, (long)pid);
}

static int
listener_open(struct listener *listener, struct server_config *config)
{
    int verbosity = SSH_LOG_NOLOG;
    ssh_key key = NULL;
    size_t i;

    listener->bind = ssh_bind_new();
    if (listener->bind == NULL) {
        log_error("cannot allocate the SSH listener");
        return -1;
    }
    for (i = 0; i < config->host_key_count; i++) {
        if (ssh_pki_import_privkey_file(config->host_keys[i], NULL, NULL,
                                        NULL, &key) != SSH_OK) {
            log_error("cannot read host key %s: missing, unreadable, "
                      "encrypted or not a private key",
                      config->host_keys[i]);
            return -1;
        }
        ssh_key_free(key);
        key = NULL;
        if (ssh_bind_options_set(listener->bind, SSH_BIND_OPTIONS_HOSTKEY,
                                 config->host_keys[i]) != SSH_OK) {
            log_error("cannot use host key %s: %s", config->host_keys[i],
                      ssh_get_error(listener->bind));
            return -1;
        }
    }
    ssh_bind_options_set(listener->bind, SSH_BIND_OPTIONS_LOG_VERBOSITY,
                         &verbosity);
    ssh_bind_options_set(listener->bind, SSH_BIND_OPTIONS_BINDADDR,
                         config->listen_address);
    ssh_bind_options_set(listener->bind, SSH_BIND_OPTIONS_BINDPORT,
                         &config->port);
    if (ssh_bind_listen(listener->bind) != SSH_OK) {
        log_error("cannot listen on %s port %d: %s", config->listen_address,
                  config->port, ssh_get_error(listener->bind));
        return -1;
    }
    /* libssh listens with a queue of 10 connections. In a larger burst of
     * logins the kernel dropped connections, and each client waited a
     * second before sending its SYN again. With the system's limit,
     * MaxStartups decides instead. */
    if (listen(ssh_bind_get_fd(listener->bind), SOMAXCONN) != 0)
        log_warn("cannot lengthen the queue of connections: %s",
                 strerror(errno));
    return 0;
}

/* Port actually bound (differs from the setting when it is 0). */
static int
listener_port(const struct listener *listener)
{
    struct sockaddr_storage address;
    socklen_t len = sizeof address;
    int fd = ssh_bind_get_fd(listener->bind);

    if (getsockname(fd, (struct sockaddr *)&address, &len) != 0)
        return -1;
    if (address.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return -1;
}

/* Tell every connection process to end, then wait for them, bounded. */
static void
listener_shutdown(struct listener *listener)
{
    struct timespec pause = {0, 50 * 1000 * 1000};
    time_t deadline;
    size_t i;

    log_info("stopping: %zu connection(s) open", listener->child_count);
    ssh_bind_free(listener->bind);
    listener->bind = NULL;
    for (i = 0; i < listener->child_count; i++)
        kill(listener->children[i].pid, SIGTERM);
    deadline = time(NULL) + listener->config->shutdown_grace + 1;
    while (listener->child_count > 0 && time(NULL) < deadline) {
        nanosleep(&pause, NULL);
        listener_reap(listener);
    }
    for (i = 0; i < listener->child_count; i++) {
        log_warn("connection process %ld did not end in time; killing it",
                 (long)listener->children[i].pid);
        kill(listener->children[i].pid, SIGKILL);
    }
    while (listener->child_count > 0 && waitpid(-1, NULL, 0) > 0)
        listener_reap(listener);
}

/* Add the hub's descriptors to the poll set from fds[count] on. */
static size_t
listener_poll_hub(struct listener *listener, struct pollfd *fds, size_t count,
                  size_t room)
{
    int hub_fds[LISTENER_HUB_FDS];
    size_t n;
    size_t i;

    if (listener->hub == NULL) {
        return count;
    }
    n = hub_server_fds(listener->hub, hub_fds, LISTENER_HUB_FDS);
    TERRISH_ASSERT(n <= LISTENER_HUB_FDS && count + n <= room);
    for (i = 0; i < n; i++) {
        fds[count].fd = hub_fds[i];
        fds[count].events = POLLIN;
        count++;
    }
    return count;
}

static void
listener_loop(struct listener *listener)
{
    struct pollfd *fds = NULL;
    size_t capacity = 0;
    size_t children_end;
    size_t count;
    size_t i;
    char drain[64];
    int rc;

    while (!got_sigterm) {
        if (capacity < listener->child_count + 2 + LISTENER_HUB_FDS) {
            capacity = listener->child_count + 18 + LISTENER_HUB_FDS;
            fds = xrealloc(fds, capacity * sizeof *fds);
        }
        fds[0].fd = ssh_bind_get_fd(listener->bind);
        fds[0].events = POLLIN;
        fds[1].fd = wake_pipe[0];
        fds[1].events = POLLIN;
        count = 2;
        for (i = 0; i < listener->child_count; i++) {
            fds[count].fd = listener->children[i].control_fd;
            fds[count].events = POLLIN;
            count++;
        }
        children_end = count;
        count = listener_poll_hub(listener, fds, count, capacity);

        rc = poll(fds, count, 1000);
        if (rc < 0 && errno != EINTR) {
            log_error("poll failed: %s", strerror(errno));
            break;
        }
        if (rc > 0 && (fds[1].revents & POLLIN)) {
            while (read(wake_pipe[0], drain, sizeof drain) > 0)
                continue;
        }
        if (got_sighup) {
            got_sighup = 0;
            log_reopen();
            log_info("log reopened on SIGHUP");
        }
        /* Handle control requests before reaping reorders the table. */
        for (i = 2; rc > 0 && i < children_end; i++) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP))) {
                struct child *child = &listener->children[i - 2];

                if (child->control_fd == fds[i].fd)
                    listener_read_control(listener, child);
            }
        }
        if (got_sigchld) {
            got_sigchld = 0;
            listener_reap(listener);
        }
        listener_enforce_grace(listener);
        /* Every turn, not only when readable: the hub also drops the
         * clients that stopped reading, which needs a clock. */
        if (listener->hub != NULL)
            hub_server_run(listener->hub);
        if (rc > 0 && (fds[0].revents & POLLIN) && !got_sigterm)
            listener_accept(listener);
    }
    free(fds);
}

static int
listener_write_pid_file(const char *path)
{
    FILE *file = fopen(path, "w");

    if (file == NULL) {
        log_error("cannot write pid file %s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(file, "%ld\n", (long)getpid());
    fclose(file);
    return 0;
}

/* Open the log as configured; standard error in the foreground by default. */
static int
listener_open_log(struct server_config *config)
{
    char *error = NULL;

    log_set_level(config->log_level);
    if (config->log_syslog) {
        log_open_syslog();
        return 0;
    }
    if (config->log_file != NULL) {
        if (log_open_file(config->log_file, &error) != 0) {
            fprintf(stderr, "terrish serve: %s\n", error);
            free(error);
            return -1;
        }
        return 0;
    }
    if (!config->foreground)
        log_open_syslog();
    return 0;
}

/* Check that the store opens, so a missing file fails at start. */
static int
listener_check_store(const char *path)
{
    struct territory_list regions = {NULL, 0};
    struct store *store = NULL;
    char *error = NULL;

    if (store_open(path, STORE_OPEN_READONLY, &store, &error) != 0) {
        log_error("cannot open store %s: %s (create it with 'terrish init "
                  "--store %s')",
                  path, error, path);
        fprintf(stderr, "terrish serve: cannot open store %s: %s (create it "
                        "with 'terrish init --store %s')\n",
                path, error, path);
        free(error);
        return -1;
    }
    if (store_territory_regions(store, &regions) != 0 || regions.count == 0) {
        log_error("store %s contains no territories: run 'terrish init --store "
                  "%s'",
                  path, path);
        fprintf(stderr, "terrish serve: store %s contains no territories: run "
                        "'terrish init --store %s'\n",
                path, path);
        territory_list_free(&regions);
        store_close(store);
        return -1;
    }
    territory_list_free(&regions);
    if (store_schema_version(store) != STORE_SCHEMA_VERSION) {
        log_error("store %s has schema version %d, this build needs %d: "
                  "run 'terrish init --store %s'",
                  path, store_schema_version(store), STORE_SCHEMA_VERSION,
                  path);
        store_close(store);
        return -1;
    }
    if (store_account_reserved_exists(store) == 1) {
        log_warn("store %s: %s", path, REQUEST_ACCOUNT_WARNING);
        fprintf(stderr, "terrish serve: warning: %s\n",
                REQUEST_ACCOUNT_WARNING);
    }
    store_close(store);
    return 0;
}

const char *
server_hub_path(void)
{
    return hub_path;
}

/* The hub socket path of the settings, made absolute because daemon(3)
 * changes to "/" and the applications connect to it from there. NULL for
 * HubSocket none. */
static char *
listener_hub_socket(const struct server_config *config)
{
    char cwd[PATH_MAX];

    if (config->hub_socket != NULL && strcmp(config->hub_socket, "none") == 0)
        return NULL;
    if (config->hub_socket != NULL && config->hub_socket[0] == '/')
        return xstrdup(config->hub_socket);
    if (config->hub_socket == NULL && config->store_path[0] == '/')
        return xasprintf("%s.hub", config->store_path);
    if (getcwd(cwd, sizeof cwd) == NULL) {
        log_warn("cannot read the current directory: %s", strerror(errno));
        snprintf(cwd, sizeof cwd, ".");
    }
    if (config->hub_socket != NULL)
        return xasprintf("%s/%s", cwd, config->hub_socket);
    return xasprintf("%s/%s.hub", cwd, config->store_path);
}

/* Open the notification hub at hub_path, unless it is NULL (HubSocket
 * none). */
static int
listener_open_hub(struct listener *listener)
{
    char *error = NULL;

    if (hub_path == NULL) {
        log_info("hub: disabled (HubSocket none): sessions do not see each "
                 "other's changes live");
        return 0;
    }
    listener->hub = hub_server_open(hub_path, &error);
    if (listener->hub == NULL) {
        log_error("cannot open the hub: %s", error);
        fprintf(stderr, "terrish serve: cannot open the hub: %s (set another "
                        "path with --hub-socket PATH or HubSocket, or none "
                        "to run without the hub)\n",
                error);
        free(error);
        return -1;
    }
    return 0;
}

/* Raise the open file limit to its hard maximum: each session costs the
 * listener a control socket and a hub connection. */
static void
listener_raise_file_limit(void)
{
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 ||
        limit.rlim_cur == limit.rlim_max)
        return;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
        log_warn("cannot raise the open file limit: %s", strerror(errno));
}

int
server_run(struct server_config *config)
{
    struct listener listener;
    int status = EXIT_FAILURE_RUN;

    memset(&listener, 0, sizeof listener);
    listener.config = config;
    /* Only to pick which surplus connections MaxStartups refuses. */
    srandom((unsigned int)time(NULL) ^ (unsigned int)getpid());
    if (listener_open_log(config) != 0)
        return EXIT_FAILURE_RUN;
    if (auth_global_init() != 0) {
        log_error("cannot initialise libsodium");
        goto out;
    }
    if (listener_check_store(config->store_path) != 0)
        goto out;
    if (ssh_init() != SSH_OK) {
        log_error("cannot initialise libssh");
        goto out;
    }
    if (listener_install_signals() != 0) {
        log_error("cannot install signal handlers: %s", strerror(errno));
        goto out;
    }
    listener_raise_file_limit();
    if (listener_open(&listener, config) != 0) {
        if (config->log_file != NULL || config->log_syslog)
            fprintf(stderr, "terrish serve: cannot start; see the log\n");
        goto out;
    }
    hub_path = listener_hub_socket(config);
    if (listener_open_hub(&listener) != 0)
        goto out;
    if (!config->foreground && daemon(0, 0) != 0) {
        log_error("cannot detach from the terminal: %s", strerror(errno));
        goto out;
    }
    if (!config->foreground && listener.hub != NULL) {
        /* The hub was opened before detaching so that its errors reach
         * the terminal. The detached process opens it again, so that it
         * owns the socket file and removes it at exit. */
        hub_server_close(listener.hub);
        listener.hub = NULL;
        unlink(hub_path);
        if (listener_open_hub(&listener) != 0)
            goto out;
    }
    if (config->pid_file != NULL &&
        listener_write_pid_file(config->pid_file) != 0)
        goto out;
    log_info("terrish %s listening on %s port %d (store %s, max %d "
             "sessions)",
             PACKAGE_VERSION, config->listen_address, listener_port(&listener),
             config->store_path, config->max_sessions);

    listener_loop(&listener);
    /* The socket file goes first, so that a new server may start while
     * the sessions end. */
    hub_server_close(listener.hub);
    listener.hub = NULL;
    listener_shutdown(&listener);
    if (config->pid_file != NULL)
        unlink(config->pid_file);
    log_info("stopped");
    status = EXIT_OK;
out:
    hub_server_close(listener.hub);
    free(hub_path);
    hub_path = NULL;
    if (listener.bind != NULL)
        ssh_bind_free(listener.bind);
    free(listener.children);
    ssh_finalize();
    log_close();
    return status;
}
