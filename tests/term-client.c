/*
 * terrish: a terminal client for the tests and the benchmark (libssh
 * session, pty, libvterm screen).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/term-client.h"

struct term_client {
    ssh_session session;
    ssh_channel channel;
    int fd;
    VTerm *vt;
    VTermScreen *screen;
    int rows;
    int cols;
    uint64_t payload_bytes;
    char *text; /* last rendering of the screen */
    char *row;  /* last rendering of one row */
    char *err;  /* bytes received on the stderr stream */
    size_t err_len;
    char keys[64]; /* what libvterm encoded for the last key */
    size_t keys_len;
    int collect_keys; /* 1 while encoding a key, 0 to forward replies */
};

static void (*reporter)(const char *message);

void
term_client_set_reporter(void (*report)(const char *message))
{
    reporter = report;
}

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Give one message to the reporter, or print it to standard error. */
static void
report(const char *fmt, ...)
{
    char message[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (reporter != NULL) {
        reporter(message);
    } else {
        fprintf(stderr, "%s\n", message);
    }
}

static void *
client_alloc(size_t size)
{
    void *ptr = calloc(1, size);

    if (ptr == NULL) {
        abort();
    }
    return ptr;
}

int64_t
term_client_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
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

/* Connect a TCP socket to 127.0.0.1:port. Returns the fd, or -1. */
static int
socket_connect(int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    int fd;

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)port);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        report("socket failed: %s", strerror(errno));
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
        report("connect to 127.0.0.1:%d failed: %s", port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Start a libssh session on the connected socket fd. libssh owns fd from
 * ssh_connect on, even when it fails. */
static int
session_start(int fd, int port, const char *user, long timeout_s,
              ssh_session *session_out)
{
    bool process_config = false;
    ssh_session session;

    *session_out = NULL;
    session = ssh_new();
    if (session == NULL) {
        report("ssh_new failed");
        close(fd);
        return -1;
    }
    ssh_options_set(session, SSH_OPTIONS_FD, &fd);
    ssh_options_set(session, SSH_OPTIONS_HOST, "127.0.0.1");
    ssh_options_set(session, SSH_OPTIONS_USER, user);
    ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &process_config);
    ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout_s);

    /* The host key is not checked: each test or run makes new servers. */
    if (ssh_connect(session) != SSH_OK) {
        report("ssh connect to port %d failed: %s", port,
               ssh_get_error(session));
        ssh_free(session);
        return -1;
    }
    *session_out = session;
    return 0;
}

int
term_client_connect(int port, const char *user, long timeout_s,
                    ssh_session *session_out)
{
    int fd = socket_connect(port);

    *session_out = NULL;
    if (fd == -1) {
        return -1;
    }
    return session_start(fd, port, user, timeout_s, session_out);
}

int
term_client_authenticate(ssh_session session,
                         const struct term_client_auth *auth)
{
    ssh_key key = NULL;
    int rc;

    if (auth->key_file == NULL) {
        return ssh_userauth_password(session, NULL, auth->password);
    }
    rc = ssh_pki_import_privkey_file(auth->key_file, NULL, NULL, NULL, &key);
    if (rc != SSH_OK) {
        report("cannot read the private key %s", auth->key_file);
        return SSH_AUTH_ERROR;
    }
    rc = ssh_userauth_publickey(session, NULL, key);
    ssh_key_free(key);
    return rc;
}

/* Keep the bytes libvterm encodes for a key, and send its replies to
 * terminal queries (cursor position, device attributes) to the server. */
static void
screen_output(const char *bytes, size_t len, void *user)
{
    struct term_client *client = user;

    if (client->collect_keys) {
        if (client->keys_len + len <= sizeof client->keys) {
            memcpy(client->keys + client->keys_len, bytes, len);
            client->keys_len += len;
        }
        return;
    }
    if (client->channel != NULL && ssh_channel_is_open(client->channel)) {
        ssh_channel_write(client->channel, bytes, (uint32_t)len);
    }
}

static void
screen_create(struct term_client *client, int cols, int rows)
{
    client->rows = rows;
    client->cols = cols;
    client->vt = vterm_new(rows, cols);
    vterm_set_utf8(client->vt, 1);
    vterm_output_set_callback(client->vt, screen_output, client);
    client->screen = vterm_obtain_screen(client->vt);
    vterm_screen_enable_altscreen(client->screen, 1);
    vterm_screen_reset(client->screen, 1);
}

/* Open the session channel and send the environment and pty requests. */
static int
channel_open_pty(struct term_client *client,
                 const struct term_client_options *options)
{
    char name[256];
    size_t i;

    client->channel = ssh_channel_new(client->session);
    if (client->channel == NULL ||
        ssh_channel_open_session(client->channel) != SSH_OK) {
        report("channel open failed: %s", ssh_get_error(client->session));
        return -1;
    }
    for (i = 0; options->env != NULL && options->env[i] != NULL; i++) {
        const char *entry = options->env[i];
        const char *equal = strchr(entry, '=');

        if (equal == NULL || (size_t)(equal - entry) >= sizeof name) {
            report("env entry without NAME=value: %s", entry);
            return -1;
        }
        snprintf(name, sizeof name, "%.*s", (int)(equal - entry), entry);
        if (ssh_channel_request_env(client->channel, name, equal + 1) !=
            SSH_OK) {
            report("env request %s rejected: %s", entry,
                   ssh_get_error(client->session));
        }
    }
    if (ssh_channel_request_pty_size(client->channel, options->term_name,
                                     client->cols, client->rows) != SSH_OK) {
        report("pty request failed: %s", ssh_get_error(client->session));
        return -1;
    }
    return 0;
}

int
term_client_open(struct term_client **client_out,
                 const struct term_client_options *options,
                 struct term_client_cost *cost)
{
    struct term_client *client = client_alloc(sizeof *client);
    int rc;

    *client_out = NULL;
    client->fd = -1;
    screen_create(client, options->cols, options->rows);

    if (cost != NULL) {
        cost->connect_ns = term_client_now_ns();
    }
    client->fd = socket_connect(options->port);
    if (client->fd == -1 ||
        session_start(client->fd, options->port, options->user,
                      options->timeout_s, &client->session) == -1) {
        client->fd = -1; /* closed by session_start */
        goto error;
    }
    rc = term_client_authenticate(client->session, options->auth);
    if (rc != SSH_AUTH_SUCCESS) {
        report("authentication of %s failed (%d): %s", options->user, rc,
               ssh_get_error(client->session));
        goto error;
    }
    if (channel_open_pty(client, options) == -1) {
        goto error;
    }
    if (cost != NULL) {
        cost->handshake_wire = term_client_wire_bytes(client);
    }
    if (ssh_channel_request_shell(client->channel) != SSH_OK) {
        report("shell request failed: %s", ssh_get_error(client->session));
        goto error;
    }
    *client_out = client;
    return 0;

error:
    term_client_close(client);
    return -1;
}

void
term_client_close(struct term_client *client)
{
    if (client == NULL) {
        return;
    }
    if (client->channel != NULL) {
        ssh_channel_free(client->channel);
    }
    if (client->session != NULL) {
        /* libssh closes the socket it was given. */
        ssh_disconnect(client->session);
        ssh_free(client->session);
    }
    vterm_free(client->vt);
    free(client->text);
    free(client->row);
    free(client->err);
    free(client);
}

int
term_client_fd(const struct term_client *client)
{
    return client->fd;
}

int
term_client_is_closed(struct term_client *client)
{
    return client->channel == NULL || ssh_channel_is_closed(client->channel) ||
           ssh_channel_is_eof(client->channel);
}

/* Append what the stderr stream contains, without waiting. */
static void
stderr_drain(struct term_client *client)
{
    char buf[4096];
    int n;

    while ((n = ssh_channel_read_nonblocking(client->channel, buf, sizeof buf,
                                             1)) > 0) {
        buffer_append(&client->err, &client->err_len, buf, (size_t)n);
    }
}

int
term_client_pump(struct term_client *client, int timeout_ms)
{
    char buf[16384];
    int total = 0;
    int n;

    if (term_client_is_closed(client)) {
        return -1;
    }
    if (timeout_ms > 0) {
        n = ssh_channel_read_timeout(client->channel, buf, sizeof buf, 0,
                                     timeout_ms);
    } else {
        n = ssh_channel_read_nonblocking(client->channel, buf, sizeof buf, 0);
    }
    for (;;) {
        while (n > 0) {
            vterm_input_write(client->vt, buf, (size_t)n);
            client->payload_bytes += (uint64_t)n;
            total += n;
            n = ssh_channel_read_nonblocking(client->channel, buf, sizeof buf,
                                             0);
        }
        stderr_drain(client);
        /* Reading stderr makes libssh read the socket, which may bring
         * stdout data too. poll(2) on the socket no longer reports what
         * libssh holds, so read stdout again until both are empty. */
        if (n == SSH_ERROR || ssh_channel_poll(client->channel, 0) <= 0) {
            break;
        }
        n = ssh_channel_read_nonblocking(client->channel, buf, sizeof buf, 0);
    }
    if (total == 0 && (n == SSH_ERROR || term_client_is_closed(client))) {
        return -1;
    }
    return total;
}

int
term_client_wait(struct term_client *client, term_client_test test,
                 const void *arg, int timeout_ms)
{
    int64_t deadline = term_client_now_ns() + (int64_t)timeout_ms * 1000000;
    int64_t left;

    for (;;) {
        if (test(client, arg)) {
            return 1;
        }
        left = (deadline - term_client_now_ns()) / 1000000;
        if (left <= 0) {
            return 0;
        }
        if (term_client_pump(client, left < 50 ? (int)left : 50) < 0) {
            return test(client, arg);
        }
    }
}

int
term_client_has_text(struct term_client *client, const void *text)
{
    return strstr(term_client_screen(client), text) != NULL;
}

/* Append the UTF-8 encoding of one code point. */
static size_t
utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Render row n into a new string without its trailing empty cells. */
static char *
row_render(struct term_client *client, int n)
{
    size_t cap = (size_t)client->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1;
    char *line = client_alloc(cap);
    VTermScreenCell cell;
    VTermPos pos = {.row = n};
    size_t len = 0;
    size_t end = 0;
    int i;

    for (pos.col = 0; pos.col < client->cols; pos.col++) {
        if (!vterm_screen_get_cell(client->screen, pos, &cell) ||
            cell.chars[0] == (uint32_t)-1) {
            continue;
        }
        if (cell.chars[0] == 0) {
            line[len++] = ' ';
            continue;
        }
        for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++) {
            len += utf8_encode(cell.chars[i], line + len);
        }
        end = len;
        if (cell.width == 2) {
            pos.col++;
        }
    }
    line[end] = '\0';
    return line;
}

const char *
term_client_screen(struct term_client *client)
{
    size_t len = 0;
    char *line;
    int n;

    free(client->text);
    client->text = NULL;
    buffer_append(&client->text, &len, "", 0);
    for (n = 0; n < client->rows; n++) {
        line = row_render(client, n);
        buffer_append(&client->text, &len, line, strlen(line));
        if (n + 1 < client->rows) {
            buffer_append(&client->text, &len, "\n", 1);
        }
        free(line);
    }
    return client->text;
}

const char *
term_client_row(struct term_client *client, int n)
{
    if (n < 0 || n >= client->rows) {
        return NULL;
    }
    free(client->row);
    client->row = row_render(client, n);
    return client->row;
}

/* Encode a libvterm colour: its palette index, -1 for the default. */
static int
colour_code(const VTermColor *colour, int background)
{
    if (background ? VTERM_COLOR_IS_DEFAULT_BG(colour)
                   : VTERM_COLOR_IS_DEFAULT_FG(colour)) {
        return -1;
    }
    if (VTERM_COLOR_IS_INDEXED(colour)) {
        return colour->indexed.idx;
    }
    return 256 + ((colour->rgb.red << 16) | (colour->rgb.green << 8) |
                  colour->rgb.blue);
}

int
term_client_cell(struct term_client *client, int row, int col,
                 struct term_client_cell *out)
{
    VTermScreenCell cell;
    VTermPos pos = {.row = row, .col = col};

    if (row < 0 || row >= client->rows || col < 0 || col >= client->cols ||
        !vterm_screen_get_cell(client->screen, pos, &cell)) {
        return -1;
    }
    out->code = cell.chars[0] == (uint32_t)-1 ? 0 : cell.chars[0];
    out->fg = colour_code(&cell.fg, 0);
    out->bg = colour_code(&cell.bg, 1);
    out->reverse = cell.attrs.reverse;
    out->bold = cell.attrs.bold;
    return 0;
}

void
term_client_cursor(struct term_client *client, int *row, int *col)
{
    VTermState *state = vterm_obtain_state(client->vt);
    VTermPos cursor;

    vterm_state_get_cursorpos(state, &cursor);
    *row = cursor.row;
    *col = cursor.col;
}

void
term_client_size(const struct term_client *client, int *cols, int *rows)
{
    *cols = client->cols;
    *rows = client->rows;
}

const char *
term_client_stderr(const struct term_client *client)
{
    return client->err != NULL ? client->err : "";
}

int
term_client_send(struct term_client *client, const char *bytes, size_t len)
{
    int rc = ssh_channel_write(client->channel, bytes, (uint32_t)len);

    if (rc != (int)len) {
        report("channel write failed: %s", ssh_get_error(client->session));
        return -1;
    }
    return 0;
}

int
term_client_send_text(struct term_client *client, const char *text)
{
    return term_client_send(client, text, strlen(text));
}

int
term_client_send_key(struct term_client *client, VTermKey key)
{
    client->keys_len = 0;
    client->collect_keys = 1;
    vterm_keyboard_key(client->vt, key, VTERM_MOD_NONE);
    client->collect_keys = 0;
    return term_client_send(client, client->keys, client->keys_len);
}

int
term_client_resize(struct term_client *client, int cols, int rows)
{
    client->cols = cols;
    client->rows = rows;
    vterm_set_size(client->vt, rows, cols);
    if (ssh_channel_change_pty_size(client->channel, cols, rows) != SSH_OK) {
        report("window-change request failed: %s",
               ssh_get_error(client->session));
        return -1;
    }
    return 0;
}

int
term_client_exit_status(struct term_client *client)
{
    return ssh_channel_get_exit_status(client->channel);
}

uint64_t
term_client_payload_bytes(const struct term_client *client)
{
    return client->payload_bytes;
}

uint64_t
term_client_wire_bytes(const struct term_client *client)
{
    struct tcp_info info;
    socklen_t len = sizeof info;

    memset(&info, 0, sizeof info);
    if (client->fd == -1 ||
        getsockopt(client->fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1) {
        return 0;
    }
    return info.tcpi_bytes_received;
}
