/*
 * terrish: run the command of an SSH exec request in a child process and
 * relay its standard streams to and from the channel.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The child gets three pipes. Its output is read only while the client's
 * channel window has room, and never more than the window. A large export
 * therefore waits in the pipe, where the child blocks, instead of piling up
 * in this process, whose memory stays bounded by one read buffer. Client
 * data goes through a buffer of EXEC_INPUT_BUFFER bytes to the child's
 * standard input. What does not fit stays in libssh, which then stops
 * growing the client's window.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include "server/server.h"

/* Bytes read from an output pipe at once. */
#define EXEC_CHUNK 32768
/* Client input held here while the child's pipe is full. */
#define EXEC_INPUT_BUFFER 65536

/* One output stream of the child: its standard output or error. */
struct exec_stream {
    int fd;      /* read end of the pipe, -1 once closed */
    int watched; /* fd is in the event loop */
    int is_stderr;
    struct exec *exec;
};

struct exec {
    ssh_channel channel;
    ssh_event event;
    struct subprocess child;
    int crlf;
    struct exec_stream out;
    struct exec_stream err;
    int in_fd; /* write end of the child's standard input, -1 once closed */
    int in_watched;
    char input[EXEC_INPUT_BUFFER];
    size_t input_len;
    unsigned long long input_total;
    int input_eof;     /* the client sent EOF */
    int input_refused; /* more than EXEC_INPUT_MAX bytes were received */
    int stopped;       /* exec_stop() ran: output is no longer read */
    unsigned long long output_bytes;
};

/* Child side: standard streams on the pipes, then the command. */
static void
exec_child(const struct exec_request *request, const int pipes[3][2],
           int ssh_fd)
{
    char **argv = NULL;
    char *error = NULL;
    int argc;
    int status;
    int i;

    if (ssh_fd >= 0)
        close(ssh_fd);
    signal(SIGTERM, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    /* A client that stops reading ends the command as it would end a
     * command writing into a closed pipe in a shell. */
    signal(SIGPIPE, SIG_DFL);
    if (log_detach_stderr() != 0)
        _exit(EXIT_FAILURE_RUN);
    if (dup2(pipes[0][0], STDIN_FILENO) < 0 ||
        dup2(pipes[1][1], STDOUT_FILENO) < 0 ||
        dup2(pipes[2][1], STDERR_FILENO) < 0)
        _exit(EXIT_FAILURE_RUN);
    for (i = 0; i < 3; i++) {
        close(pipes[i][0]);
        close(pipes[i][1]);
    }
    log_set_prefix("terrish-command");
    command_locale_init(request->locale_dir, request->lang);

    argc = command_split(request->line, &argv, &error);
    if (argc < 0) {
        /* TRANSLATORS: %s is why the command line of an SSH exec request
         * is invalid. */
        fprintf(stderr, _("terrish: %s\n"), error);
        fflush(stderr);
        _exit(EXIT_USAGE);
    }
    status = command_run(request->context, argc, argv);
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

static void
exec_close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

static int exec_on_output(socket_t fd, int revents, void *userdata);
static int exec_on_input_ready(socket_t fd, int revents, void *userdata);

static void
exec_stream_watch(struct exec_stream *stream, int watch)
{
    struct exec *exec = stream->exec;

    if (stream->fd < 0 || stream->watched == watch)
        return;
    if (watch && ssh_event_add_fd(exec->event, stream->fd, POLLIN,
                                  exec_on_output, stream) != SSH_OK) {
        log_error("cannot watch the output of command process %ld",
                  (long)exec->child.pid);
        return;
    }
    if (!watch)
        ssh_event_remove_fd(exec->event, stream->fd);
    stream->watched = watch;
}

static void
exec_stream_close(struct exec_stream *stream)
{
    exec_stream_watch(stream, 0);
    exec_close_fd(&stream->fd);
}

/* Watch the input pipe for room while buffered input waits for it. */
static void
exec_input_watch(struct exec *exec, int watch)
{
    if (exec->in_fd < 0 || exec->in_watched == watch)
        return;
    if (watch && ssh_event_add_fd(exec->event, exec->in_fd, POLLOUT,
                                  exec_on_input_ready, exec) != SSH_OK) {
        log_error("cannot watch the input of command process %ld",
                  (long)exec->child.pid);
        return;
    }
    if (!watch)
        ssh_event_remove_fd(exec->event, exec->in_fd);
    exec->in_watched = watch;
}

static void
exec_input_close(struct exec *exec)
{
    exec_input_watch(exec, 0);
    exec_close_fd(&exec->in_fd);
    exec->input_len = 0;
}

/* Copy data to out with each "\n" written "\r\n". Returns the length. */
static size_t
exec_crlf(const char *data, size_t len, char *out)
{
    size_t used = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        if (data[i] == '\n')
            out[used++] = '\r';
        out[used++] = data[i];
    }
    return used;
}

/* Bytes of output that may be read now: what the client's window takes
 * once each byte may become two with CRLF line ends. */
static size_t
exec_output_room(const struct exec *exec)
{
    size_t room = ssh_channel_window_size(exec->channel);

    if (exec->crlf)
        room /= 2;
    return room < EXEC_CHUNK ? room : EXEC_CHUNK;
}

/*
 * Move one read of a stream to the channel, at most what the client's
 * window allows. With no room, stop watching the stream until exec_poll()
 * finds that the window has grown.
 */
static void
exec_stream_forward(struct exec_stream *stream)
{
    struct exec *exec = stream->exec;
    char data[EXEC_CHUNK];
    char expanded[2 * EXEC_CHUNK];
    size_t room = exec_output_room(exec);
    const char *send = data;
    ssize_t n;
    int rc;

    if (room == 0) {
        exec_stream_watch(stream, 0);
        return;
    }
    n = read(stream->fd, data, room);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        exec_stream_close(stream);
        return;
    }
    if (exec->crlf) {
        n = (ssize_t)exec_crlf(data, (size_t)n, expanded);
        send = expanded;
    }
    if (stream->is_stderr)
        rc = ssh_channel_write_stderr(exec->channel, send, (uint32_t)n);
    else
        rc = ssh_channel_write(exec->channel, send, (uint32_t)n);
    if (rc != n) {
        /* The channel is gone: nothing more can be delivered. */
        exec_stop(exec);
        return;
    }
    exec->output_bytes += (unsigned long long)n;
}

/*
 * Event callback: a pipe of the child has output or reached its end.
 * libssh frees the poll handle of a removed fd, so a callback that removed
 * its own fd returns -1 for libssh not to touch that handle again.
 */
static int
exec_on_output(socket_t fd, int revents, void *userdata)
{
    struct exec_stream *stream = userdata;

    (void)fd;
    (void)revents;
    exec_stream_forward(stream);
    return stream->watched ? 0 : -1;
}

/* Write buffered input to the child as far as its pipe takes it. */
static void
exec_input_flush(struct exec *exec)
{
    ssize_t n;

    while (exec->in_fd >= 0 && exec->input_len > 0) {
        n = write(exec->in_fd, exec->input, exec->input_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            break;
        if (n < 0) {
            /* EPIPE means the command closed its input: the rest is dropped. */
            exec_input_close(exec);
            return;
        }
        exec->input_len -= (size_t)n;
        memmove(exec->input, exec->input + n, exec->input_len);
    }
    exec_input_watch(exec, exec->input_len > 0);
}

/* Event callback: the input pipe has room. Returns -1 once its fd is
 * removed, as exec_on_output() does. */
static int
exec_on_input_ready(socket_t fd, int revents, void *userdata)
{
    struct exec *exec = userdata;

    (void)fd;
    (void)revents;
    exec_input_flush(exec);
    return exec->in_watched ? 0 : -1;
}

/*
 * Take the client data that libssh kept because the buffer was full. libssh
 * offers it to the data callback only when a new packet arrives, and the
 * client sends none while its window is closed.
 */
static void
exec_input_pull(struct exec *exec)
{
    size_t room = sizeof exec->input - exec->input_len;
    int n;

    if (exec->in_fd < 0 || room == 0 || !ssh_channel_is_open(exec->channel))
        return;
    /* Polling may run the data callback, which may fill or close the
     * input. */
    if (ssh_channel_poll(exec->channel, 0) <= 0 || exec->in_fd < 0)
        return;
    room = sizeof exec->input - exec->input_len;
    if (room == 0)
        return;
    n = ssh_channel_read_nonblocking(exec->channel,
                                     exec->input + exec->input_len,
                                     (uint32_t)room, 0);
    if (n <= 0)
        return;
    exec->input_len += (size_t)n;
    exec->input_total += (unsigned long long)n;
    if (exec->input_total > EXEC_INPUT_MAX) {
        exec->input_refused = 1;
        exec_stop(exec);
        return;
    }
    exec_input_flush(exec);
}

int
exec_input(struct exec *exec, const void *data, size_t len)
{
    size_t room = sizeof exec->input - exec->input_len;
    size_t take = len < room ? len : room;

    if (exec->in_fd < 0)
        return (int)len; /* the command closed its input */
    if (exec->input_total + take > EXEC_INPUT_MAX) {
        exec->input_refused = 1;
        exec_stop(exec);
        return -1;
    }
    memcpy(exec->input + exec->input_len, data, take);
    exec->input_len += take;
    exec->input_total += take;
    exec_input_flush(exec);
    return (int)take;
}

void
exec_input_eof(struct exec *exec)
{
    exec->input_eof = 1;
}

/* Collect the child's exit without blocking. */
static void
exec_reap(struct exec *exec)
{
    subprocess_reap(&exec->child);
}

void
exec_poll(struct exec *exec)
{
    int room = !exec->stopped && exec_output_room(exec) > 0;

    exec_stream_watch(&exec->out, room);
    exec_stream_watch(&exec->err, room);
    exec_input_flush(exec);
    exec_input_pull(exec);
    /* Close the input once everything the client sent was written. */
    if (exec->input_eof && exec->in_fd >= 0 && exec->input_len == 0 &&
        ssh_channel_poll(exec->channel, 0) <= 0)
        exec_input_close(exec);
    exec_reap(exec);
}

/* Make a pipe whose parent end (index parent_end) does not block. */
static int
exec_pipe(int fds[2], int parent_end)
{
    if (pipe(fds) != 0)
        return -1;
    fcntl(fds[parent_end], F_SETFL,
          fcntl(fds[parent_end], F_GETFL) | O_NONBLOCK);
    fcntl(fds[parent_end], F_SETFD, FD_CLOEXEC);
    return 0;
}

struct exec *
exec_start(ssh_session session, ssh_channel channel, ssh_event event,
           const struct exec_request *request, char **error)
{
    struct exec *exec = NULL;
    int pipes[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
    pid_t pid;
    int i;

    if (exec_pipe(pipes[0], 1) != 0 || exec_pipe(pipes[1], 0) != 0 ||
        exec_pipe(pipes[2], 0) != 0) {
        *error = xasprintf("pipe failed: %s", strerror(errno));
        goto fail;
    }
    pid = fork();
    if (pid < 0) {
        *error = xasprintf("fork failed: %s", strerror(errno));
        goto fail;
    }
    if (pid == 0)
        exec_child(request, (const int(*)[2])pipes, ssh_get_fd(session));

    exec = xcalloc(1, sizeof *exec);
    exec->channel = channel;
    exec->event = event;
    exec->child.pid = pid;
    exec->crlf = request->crlf;
    exec->in_fd = pipes[0][1];
    exec->out = (struct exec_stream){pipes[1][0], 0, 0, exec};
    exec->err = (struct exec_stream){pipes[2][0], 0, 1, exec};
    close(pipes[0][0]);
    close(pipes[1][1]);
    close(pipes[2][1]);
    exec_poll(exec);
    return exec;

fail:
    for (i = 0; i < 3; i++) {
        exec_close_fd(&pipes[i][0]);
        exec_close_fd(&pipes[i][1]);
    }
    return NULL;
}

/*
 * The output pipes stay open until the child is gone: closing them first
 * could end a child blocked in a write with SIGPIPE before SIGTERM reaches
 * it, and the log would name the wrong cause.
 */
void
exec_stop(struct exec *exec)
{
    exec->stopped = 1;
    exec_stream_watch(&exec->out, 0);
    exec_stream_watch(&exec->err, 0);
    exec_input_close(exec);
    exec_signal(exec, SIGTERM);
}

void
exec_signal(struct exec *exec, int signo)
{
    if (!exec->child.exited)
        kill(exec->child.pid, signo);
}

int
exec_done(struct exec *exec)
{
    exec_reap(exec);
    if (exec->child.exited && exec->stopped) {
        exec_stream_close(&exec->out);
        exec_stream_close(&exec->err);
    }
    return exec->child.exited && exec->out.fd < 0 && exec->err.fd < 0;
}

int
exec_input_refused(const struct exec *exec)
{
    return exec->input_refused;
}

int
exec_exit_status(const struct exec *exec)
{
    return exec->child.exit_status;
}

int
exec_term_signal(const struct exec *exec)
{
    return exec->child.term_signal;
}

unsigned long long
exec_output_bytes(const struct exec *exec)
{
    return exec->output_bytes;
}

pid_t
exec_pid(const struct exec *exec)
{
    return exec->child.pid;
}

void
exec_free(struct exec *exec)
{
    if (exec == NULL)
        return;
    exec_stream_close(&exec->out);
    exec_stream_close(&exec->err);
    exec_input_close(exec);
    if (!exec->child.exited) {
        kill(exec->child.pid, SIGKILL);
        waitpid(exec->child.pid, NULL, 0);
    }
    free(exec);
}
