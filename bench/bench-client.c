/*
 * terrish: the benchmark's SSH client, a libssh session feeding libvterm.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The client opens the TCP socket itself and hands it to libssh with
 * SSH_OPTIONS_FD. The kernel's count of bytes received on that socket
 * (tcp_info.tcpi_bytes_received, Linux 4.1 and later) then measures what
 * the server sent on the wire, SSH framing and MACs included.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "bench/bench.h"

struct bench_term {
    ssh_session session;
    ssh_channel channel;
    int fd;
    VTerm *vt;
    VTermScreen *screen;
    int rows;
    int cols;
    uint64_t payload_bytes;
    char *text;      /* last rendering of the screen */
    char keys[64];   /* what libvterm encoded for the last key */
    size_t keys_len;
    int collect_keys; /* 1 while encoding a key, 0 to forward replies */
};

int64_t
bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
bench_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
        continue;
    }
}

/* Last error message, for the report of a run that stopped early. */
static char last_error[512];
static pthread_mutex_t error_lock = PTHREAD_MUTEX_INITIALIZER;

void
bench_error(const char *fmt, ...)
{
    va_list ap;

    pthread_mutex_lock(&error_lock);
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    fprintf(stderr, "terrish-bench: %s\n", last_error);
    pthread_mutex_unlock(&error_lock);
}

void
bench_last_error(char *out, size_t size)
{
    pthread_mutex_lock(&error_lock);
    snprintf(out, size, "%s", last_error);
    pthread_mutex_unlock(&error_lock);
}

void *
bench_alloc(size_t size)
{
    void *ptr = calloc(1, size);

    if (ptr == NULL) {
        abort();
    }
    return ptr;
}

/* Keep the bytes libvterm encodes for a key, and send its replies to
 * terminal queries (cursor position, device attributes) to the server. */
static void
term_output(const char *bytes, size_t len, void *user)
{
    struct bench_term *term = user;

    if (term->collect_keys) {
        if (term->keys_len + len <= sizeof term->keys) {
            memcpy(term->keys + term->keys_len, bytes, len);
            term->keys_len += len;
        }
        return;
    }
    if (term->channel != NULL && ssh_channel_is_open(term->channel)) {
        ssh_channel_write(term->channel, bytes, (uint32_t)len);
    }
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
        bench_error("socket failed: %s", strerror(errno));
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
        bench_error("connect to 127.0.0.1:%d failed: %s", port,
                    strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Start the SSH session on the connected socket and authenticate. */
static int
session_login(struct bench_term *term, const struct bench_target *target)
{
    bool process_config = false;
    long timeout = 60;
    ssh_key key = NULL;
    int rc;

    term->session = ssh_new();
    if (term->session == NULL) {
        bench_error("ssh_new failed");
        return -1;
    }
    ssh_options_set(term->session, SSH_OPTIONS_FD, &term->fd);
    ssh_options_set(term->session, SSH_OPTIONS_HOST, "127.0.0.1");
    ssh_options_set(term->session, SSH_OPTIONS_USER, target->user);
    ssh_options_set(term->session, SSH_OPTIONS_PROCESS_CONFIG,
                    &process_config);
    ssh_options_set(term->session, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    ssh_options_set(term->session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
                    "/dev/null");
    ssh_options_set(term->session, SSH_OPTIONS_TIMEOUT, &timeout);

    /* The host key is not checked: each run makes new servers. */
    rc = ssh_connect(term->session);
    if (rc != SSH_OK) {
        bench_error("SSH connect failed: %s", ssh_get_error(term->session));
        return -1;
    }
    rc = ssh_pki_import_privkey_file(target->key_file, NULL, NULL, NULL,
                                     &key);
    if (rc != SSH_OK) {
        bench_error("cannot read the private key %s", target->key_file);
        return -1;
    }
    rc = ssh_userauth_publickey(term->session, NULL, key);
    ssh_key_free(key);
    if (rc != SSH_AUTH_SUCCESS) {
        bench_error("key authentication of %s failed (%d): %s", target->user,
                    rc, ssh_get_error(term->session));
        return -1;
    }
    return 0;
}

/* Open the session channel and request a pty of the screen's size. */
static int
channel_open_pty(struct bench_term *term)
{
    term->channel = ssh_channel_new(term->session);
    if (term->channel == NULL ||
        ssh_channel_open_session(term->channel) != SSH_OK) {
        bench_error("channel open failed: %s", ssh_get_error(term->session));
        return -1;
    }
    if (ssh_channel_request_pty_size(term->channel, BENCH_TERM_NAME,
                                     term->cols, term->rows) != SSH_OK) {
        bench_error("pty request failed: %s", ssh_get_error(term->session));
        return -1;
    }
    return 0;
}

int
bench_term_open(struct bench_term **term_out,
                const struct bench_target *target, int cols, int rows,
                struct bench_open_cost *cost)
{
    struct bench_term *term = bench_alloc(sizeof *term);

    *term_out = NULL;
    term->fd = -1;
    term->rows = rows;
    term->cols = cols;
    term->vt = vterm_new(rows, cols);
    vterm_set_utf8(term->vt, 1);
    vterm_output_set_callback(term->vt, term_output, term);
    term->screen = vterm_obtain_screen(term->vt);
    vterm_screen_enable_altscreen(term->screen, 1);
    vterm_screen_reset(term->screen, 1);

    cost->connect_ns = bench_now_ns();
    term->fd = socket_connect(target->port);
    if (term->fd == -1 || session_login(term, target) == -1 ||
        channel_open_pty(term) == -1) {
        goto error;
    }
    cost->handshake_wire = bench_term_wire_bytes(term);
    if (ssh_channel_request_shell(term->channel) != SSH_OK) {
        bench_error("shell request failed: %s", ssh_get_error(term->session));
        goto error;
    }
    *term_out = term;
    return 0;

error:
    bench_term_close(term);
    return -1;
}

void
bench_term_close(struct bench_term *term)
{
    if (term == NULL) {
        return;
    }
    if (term->channel != NULL) {
        ssh_channel_free(term->channel);
    }
    if (term->session != NULL) {
        /* libssh closes the socket it was given on disconnect. */
        ssh_disconnect(term->session);
        ssh_free(term->session);
    } else if (term->fd != -1) {
        close(term->fd);
    }
    vterm_free(term->vt);
    free(term->text);
    free(term);
}

int
bench_term_fd(const struct bench_term *term)
{
    return term->fd;
}

int
bench_term_pump(struct bench_term *term, int timeout_ms)
{
    char buf[16384];
    int total = 0;
    int n;

    if (ssh_channel_is_closed(term->channel) ||
        ssh_channel_is_eof(term->channel)) {
        return -1;
    }
    if (timeout_ms > 0) {
        n = ssh_channel_read_timeout(term->channel, buf, sizeof buf, 0,
                                     timeout_ms);
    } else {
        n = ssh_channel_read_nonblocking(term->channel, buf, sizeof buf, 0);
    }
    for (;;) {
        while (n > 0) {
            vterm_input_write(term->vt, buf, (size_t)n);
            term->payload_bytes += (uint64_t)n;
            total += n;
            n = ssh_channel_read_nonblocking(term->channel, buf, sizeof buf, 0);
        }
        while (ssh_channel_read_nonblocking(term->channel, buf, sizeof buf, 1) >
               0) {
            continue;
        }
        /* Reading stderr makes libssh read the socket, which may bring
         * stdout data too. poll(2) on the socket no longer reports what
         * libssh holds, so read stdout again until both are empty. */
        if (n == SSH_ERROR || ssh_channel_poll(term->channel, 0) <= 0) {
            break;
        }
        n = ssh_channel_read_nonblocking(term->channel, buf, sizeof buf, 0);
    }
    if (n == SSH_ERROR && total == 0) {
        return -1;
    }
    return total;
}

void
bench_term_settle(struct bench_term *term, int quiet_ms, int max_ms)
{
    int64_t deadline = bench_now_ns() + (int64_t)max_ms * 1000000;

    while (bench_now_ns() < deadline) {
        if (bench_term_pump(term, quiet_ms) <= 0) {
            return;
        }
    }
}

int
bench_term_wait(struct bench_term *term, bench_screen_test test,
                const void *arg, int timeout_ms)
{
    int64_t deadline = bench_now_ns() + (int64_t)timeout_ms * 1000000;
    int64_t left;

    for (;;) {
        if (test(term, arg)) {
            return 1;
        }
        left = (deadline - bench_now_ns()) / 1000000;
        if (left <= 0) {
            return 0;
        }
        if (bench_term_pump(term, left < 50 ? (int)left : 50) < 0) {
            return test(term, arg);
        }
    }
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

/* Render row n at out (room for cols * 4 * VTERM_MAX_CHARS_PER_CELL
 * bytes) without trailing spaces. Returns the length. */
static size_t
row_render(struct bench_term *term, int n, char *out)
{
    VTermScreenCell cell;
    VTermPos pos = {.row = n};
    size_t len = 0;
    size_t end = 0;
    int i;

    for (pos.col = 0; pos.col < term->cols; pos.col++) {
        if (!vterm_screen_get_cell(term->screen, pos, &cell) ||
            cell.chars[0] == (uint32_t)-1) {
            continue;
        }
        if (cell.chars[0] == 0) {
            out[len++] = ' ';
            continue;
        }
        for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++) {
            len += utf8_encode(cell.chars[i], out + len);
        }
        if (cell.chars[0] != ' ') {
            end = len;
        }
    }
    return end;
}

const char *
bench_term_screen(struct bench_term *term)
{
    size_t row_cap = (size_t)term->cols * 4 * VTERM_MAX_CHARS_PER_CELL;
    size_t len = 0;
    int n;

    free(term->text);
    term->text = bench_alloc((row_cap + 1) * (size_t)term->rows + 1);
    for (n = 0; n < term->rows; n++) {
        len += row_render(term, n, term->text + len);
        term->text[len++] = '\n';
    }
    term->text[len] = '\0';
    return term->text;
}

int
bench_screen_has_text(struct bench_term *term, const void *text)
{
    return strstr(bench_term_screen(term), text) != NULL;
}

int
bench_screen_last_row_has_text(struct bench_term *term, const void *text)
{
    size_t row_cap = (size_t)term->cols * 4 * VTERM_MAX_CHARS_PER_CELL;
    char *row = bench_alloc(row_cap + 1);
    int found;

    row[row_render(term, term->rows - 1, row)] = '\0';
    found = strstr(row, text) != NULL;
    free(row);
    return found;
}

int
bench_screen_highlight_moved(struct bench_term *term, const void *row)
{
    int highlight = bench_term_highlight_row(term);

    return highlight != -1 && highlight != *(const int *)row;
}

int
bench_screen_has_prompt(struct bench_term *term, const void *unused)
{
    size_t row_cap = (size_t)term->cols * 4 * VTERM_MAX_CHARS_PER_CELL;
    VTermState *state = vterm_obtain_state(term->vt);
    char *row = bench_alloc(row_cap + 1);
    VTermPos cursor;
    size_t len;
    int found;

    (void)unused;
    vterm_state_get_cursorpos(state, &cursor);
    len = row_render(term, cursor.row, row);
    found = len > 0 && (row[len - 1] == '$' || row[len - 1] == '#');
    free(row);
    return found;
}

int
bench_term_wait_text(struct bench_term *term, const char *text,
                     int timeout_ms)
{
    if (bench_term_wait(term, bench_screen_has_text, text, timeout_ms)) {
        return 1;
    }
    bench_error("timed out after %d ms waiting for \"%s\"; screen:\n%s",
                timeout_ms, text, bench_term_screen(term));
    return 0;
}

int
bench_term_highlight_row(struct bench_term *term)
{
    VTermScreenCell cell;
    VTermPos pos = {.col = 0};

    for (pos.row = 1; pos.row < term->rows - 1; pos.row++) {
        if (vterm_screen_get_cell(term->screen, pos, &cell) &&
            (!VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) || cell.attrs.reverse)) {
            return pos.row;
        }
    }
    return -1;
}

/* Write bytes to the channel. Returns 0, or -1 when it failed. */
static int
channel_send(struct bench_term *term, const char *bytes, size_t len)
{
    int rc = ssh_channel_write(term->channel, bytes, (uint32_t)len);

    if (rc != (int)len) {
        bench_error("channel write failed: %s", ssh_get_error(term->session));
        return -1;
    }
    return 0;
}

int
bench_term_send_key(struct bench_term *term, VTermKey key)
{
    term->keys_len = 0;
    term->collect_keys = 1;
    vterm_keyboard_key(term->vt, key, VTERM_MOD_NONE);
    term->collect_keys = 0;
    return channel_send(term, term->keys, term->keys_len);
}

int
bench_term_send_text(struct bench_term *term, const char *text)
{
    return channel_send(term, text, strlen(text));
}

uint64_t
bench_term_payload_bytes(const struct bench_term *term)
{
    return term->payload_bytes;
}

uint64_t
bench_term_wire_bytes(const struct bench_term *term)
{
    struct tcp_info info;
    socklen_t len = sizeof info;

    memset(&info, 0, sizeof info);
    if (getsockopt(term->fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1) {
        return 0;
    }
    return info.tcpi_bytes_received;
}
