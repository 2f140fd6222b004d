/*
 * terrish: run the terminal application on a pseudo-terminal and relay its
 * bytes to and from the SSH channel.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The application runs in a child process that owns the pty's slave side
 * as its controlling terminal, so ncurses gets a real terminal: the kernel
 * delivers SIGWINCH when the size changes, and with ISIG off Ctrl-C and
 * Ctrl-Z reach it as keys. The parent keeps the master side in the libssh
 * event loop.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include "server/server.h"
#include "tui/tui.h"

/* Bytes read from the pty per callback; a full 200x50 screen fits. */
#define RELAY_CHUNK 16384
/* Input kept while the pty's input queue is full (the application is
 * busy); a paste larger than this is cut, with a warning in the log. */
#define RELAY_PENDING_MAX 65536

struct relay {
    ssh_session ssh;
    ssh_channel channel;
    ssh_event event;
    int master;
    int master_in_event;
    int master_eof;
    char *pending; /* input not yet written to the pty */
    size_t pending_len;
    struct subprocess child;
};

static void
relay_stop_reading(struct relay *relay)
{
    if (relay->master_in_event) {
        ssh_event_remove_fd(relay->event, relay->master);
        relay->master_in_event = 0;
    }
    relay->master_eof = 1;
}

/*
 * Event callback: application output goes to the channel. Everything the
 * pty contains is read before one write, because each channel write becomes
 * an SSH packet with about 50 bytes of framing and MAC: a screen update
 * that ncurses flushed in pieces still leaves as one packet. Returns -1
 * once the master is removed from the event, because libssh frees the poll
 * handle of a removed fd and must not touch it after the callback.
 */
static int
relay_on_master(socket_t fd, int revents, void *userdata)
{
    struct relay *relay = userdata;
    char buffer[RELAY_CHUNK];
    size_t used = 0;
    ssize_t n;

    (void)revents;
    while (used < sizeof buffer) {
        n = read(fd, buffer + used, sizeof buffer - used);
        if (n > 0) {
            used += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            break;
        /* EIO or end of file: the application closed the terminal. */
        relay_stop_reading(relay);
        break;
    }
    if (used > 0 && ssh_channel_is_open(relay->channel))
        ssh_channel_write(relay->channel, buffer, (uint32_t)used);
    return relay->master_in_event ? 0 : -1;
}

/* Child side: make the slave the controlling terminal and run the app. */
static void
relay_exec_child(const struct relay_request *request, int master, int slave,
                 int ssh_fd)
{
    struct tui_options options;

    close(master);
    if (ssh_fd >= 0)
        close(ssh_fd);
    signal(SIGTERM, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    if (log_detach_stderr() != 0)
        _exit(1);
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) != 0) {
        log_error("cannot attach the terminal: %s", strerror(errno));
        _exit(1);
    }
    if (dup2(slave, STDIN_FILENO) < 0 || dup2(slave, STDOUT_FILENO) < 0 ||
        dup2(slave, STDERR_FILENO) < 0)
        _exit(1);
    if (slave > STDERR_FILENO)
        close(slave);
    setenv("TERM", request->term, 1);
    log_set_prefix("terrish-ui");

    memset(&options, 0, sizeof options);
    options.store_path = request->store_path;
    options.user_name = request->account;
    options.term = request->term;
    options.lang = request->lang;
    options.locale_dir = request->locale_dir;
    options.command_prefix = request->command_prefix;
    options.hub_path = server_hub_path();
    options.client_address = request->client_address;
    options.request_key_type = request->request_key_type;
    options.request_key_base64 = request->request_key_base64;
    options.request_key_fingerprint = request->request_key_fingerprint;
    _exit(tui_run(&options));
}

struct relay *
relay_start(ssh_session ssh, ssh_channel channel, ssh_event event,
            const struct relay_request *request, char **error)
{
    struct relay *relay = NULL;
    struct winsize size;
    struct termios modes;
    int master = -1;
    int slave = -1;
    pid_t pid;

    memset(&size, 0, sizeof size);
    size.ws_col = (unsigned short)request->cols;
    size.ws_row = (unsigned short)request->rows;
    if (openpty(&master, &slave, NULL, NULL, &size) != 0) {
        *error = xasprintf("openpty failed: %s", strerror(errno));
        return NULL;
    }
    /* Ctrl-C and Ctrl-Z are keys even before ncurses sets raw mode. */
    if (tcgetattr(slave, &modes) == 0) {
        modes.c_lflag &= ~(tcflag_t)ISIG;
        modes.c_iflag |= IUTF8;
        tcsetattr(slave, TCSANOW, &modes);
    }

    pid = fork();
    if (pid < 0) {
        *error = xasprintf("fork failed: %s", strerror(errno));
        close(master);
        close(slave);
        return NULL;
    }
    if (pid == 0)
        relay_exec_child(request, master, slave, ssh_get_fd(ssh));

    close(slave);
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    fcntl(master, F_SETFD, FD_CLOEXEC);
    relay = xcalloc(1, sizeof *relay);
    relay->ssh = ssh;
    relay->channel = channel;
    relay->event = event;
    relay->master = master;
    relay->child.pid = pid;
    if (ssh_event_add_fd(event, master, POLLIN, relay_on_master, relay) !=
        SSH_OK) {
        *error = xstrdup("cannot watch the terminal in the event loop");
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        close(master);
        free(relay);
        return NULL;
    }
    relay->master_in_event = 1;
    return relay;
}

/* Write what the pty accepts of data. Returns the bytes written, or -1
 * when the terminal is gone. */
static ssize_t
relay_write_master(struct relay *relay, const char *data, size_t len)
{
    ssize_t n;

    do {
        n = write(relay->master, data, len);
    } while (n < 0 && errno == EINTR);
    if (n >= 0)
        return n;
    return errno == EAGAIN ? 0 : -1;
}

int
relay_flush(struct relay *relay)
{
    ssize_t n;

    if (relay->pending_len == 0)
        return 0;
    if (relay->master_eof) {
        relay->pending_len = 0;
        return 0;
    }
    n = relay_write_master(relay, relay->pending, relay->pending_len);
    if (n < 0) {
        relay->pending_len = 0; /* the terminal is gone; drop the input */
        return 0;
    }
    memmove(relay->pending, relay->pending + n, relay->pending_len - (size_t)n);
    relay->pending_len -= (size_t)n;
    return relay->pending_len > 0;
}

/*
 * Take all of the client's input. What the pty cannot take now waits in
 * the relay, because libssh calls again with unconsumed data only when
 * more arrives, and a key that waits for the next one looks lost.
 */
int
relay_input(struct relay *relay, const void *data, size_t len)
{
    ssize_t n = 0;
    size_t room;

    if (relay->master_eof)
        return (int)len;
    if (relay_flush(relay) == 0) {
        n = relay_write_master(relay, data, len);
        if (n < 0)
            return (int)len; /* the terminal is gone; drop the input */
    }
    if ((size_t)n == len)
        return (int)len;
    if (relay->pending == NULL)
        relay->pending = xmalloc(RELAY_PENDING_MAX);
    room = RELAY_PENDING_MAX - relay->pending_len;
    if (len - (size_t)n > room) {
        log_warn("the application is not reading its input: %zu bytes "
                 "dropped",
                 len - (size_t)n - room);
    }
    if (room > len - (size_t)n)
        room = len - (size_t)n;
    memcpy(relay->pending + relay->pending_len, (const char *)data + n, room);
    relay->pending_len += room;
    return (int)len;
}

void
relay_resize(struct relay *relay, int cols, int rows)
{
    struct winsize size;

    memset(&size, 0, sizeof size);
    size.ws_col = (unsigned short)cols;
    size.ws_row = (unsigned short)rows;
    if (ioctl(relay->master, TIOCSWINSZ, &size) != 0)
        log_warn("cannot resize the terminal: %s", strerror(errno));
}

void
relay_signal(struct relay *relay, int signo)
{
    if (!relay->child.exited)
        kill(relay->child.pid, signo);
}

/* Collect the application's exit without blocking. */
static void
relay_poll_child(struct relay *relay)
{
    if (subprocess_reap(&relay->child) && relay->child.term_signal != 0) {
        log_warn("application process %ld ended by signal %d",
                 (long)relay->child.pid, relay->child.term_signal);
    }
}

int
relay_done(struct relay *relay)
{
    relay_poll_child(relay);
    if (relay->child.exited && !relay->master_eof &&
        !ssh_channel_is_open(relay->channel))
        relay_stop_reading(relay);
    return relay->child.exited && relay->master_eof;
}

int
relay_exit_status(const struct relay *relay)
{
    return relay->child.exit_status;
}

int
relay_term_signal(const struct relay *relay)
{
    return relay->child.term_signal;
}

void
relay_free(struct relay *relay)
{
    if (relay == NULL)
        return;
    if (!relay->child.exited) {
        kill(relay->child.pid, SIGKILL);
        waitpid(relay->child.pid, NULL, 0);
    }
    if (relay->master_in_event)
        ssh_event_remove_fd(relay->event, relay->master);
    close(relay->master);
    free(relay->pending);
    free(relay);
}
