/*
 * terrish: a terminal client for the tests and the benchmark. One libssh
 * session with a pty whose output feeds a libvterm screen, so that "the
 * screen shows X" means what a terminal user would see.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The client opens the TCP socket itself and hands it to libssh with
 * SSH_OPTIONS_FD, so that the kernel's count of the bytes received on it
 * (tcp_info, Linux 4.1 and later) measures what the server sent, SSH
 * framing and MACs included.
 *
 * Functions that fail give their reason to the reporter (standard error
 * by default), then return -1 or 0 as documented.
 */
#ifndef TERRISH_TERM_CLIENT_H
#define TERRISH_TERM_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <libssh/libssh.h>
#include <vterm.h>

struct term_client;

/* How a client authenticates: a password, or a private key file. */
struct term_client_auth {
    const char *password;
    const char *key_file; /* used when not NULL */
};

/* Where to log in and the pty to request. */
struct term_client_options {
    int port; /* on 127.0.0.1 */
    const char *user;
    const struct term_client_auth *auth;
    int cols;
    int rows;
    const char *term_name; /* TERM of the pty request */
    /* "NAME=value" environment requests sent before the pty request,
     * NULL-terminated, or NULL for none. A rejected one is reported but
     * does not fail the opening. */
    const char *const *env;
    long timeout_s; /* libssh's timeout of each blocking call */
};

/* Costs of opening a session, for the benchmark. */
struct term_client_cost {
    int64_t connect_ns;      /* CLOCK_MONOTONIC when connect(2) was called */
    uint64_t handshake_wire; /* TCP payload bytes received before the shell
                                request: key exchange, authentication,
                                channel and pty replies */
};

/* One cell of the screen: its first character (0 when empty), colours as
 * palette indexes (-1 the default, 256 + 0xRRGGBB a direct colour) and
 * attributes. */
struct term_client_cell {
    uint32_t code;
    int fg;
    int bg;
    int reverse;
    int bold;
};

/* Send the reasons of failures to report instead of standard error.
 * Clients of several threads may call report at once. */
void term_client_set_reporter(void (*report)(const char *message));

/* Monotonic clock in nanoseconds. */
int64_t term_client_now_ns(void);

/*
 * Connect a libssh session to 127.0.0.1:port as user, not authenticated,
 * on a socket opened here (libssh closes it when the session is freed
 * after connecting). Returns 0, or -1.
 */
int term_client_connect(int port, const char *user, long timeout_s,
                        ssh_session *session_out);

/* Authenticate and return libssh's SSH_AUTH_SUCCESS, SSH_AUTH_DENIED... */
int term_client_authenticate(ssh_session session,
                             const struct term_client_auth *auth);

/*
 * Connect, authenticate, open a session channel with the environment
 * requests and a pty, and request a shell. cost may be NULL. Returns 0,
 * or -1.
 */
int term_client_open(struct term_client **client_out,
                     const struct term_client_options *options,
                     struct term_client_cost *cost);
void term_client_close(struct term_client *client);

/* Socket of the session, for poll(2). */
int term_client_fd(const struct term_client *client);

/* Return 1 once the server closed the channel or sent EOF. */
int term_client_is_closed(struct term_client *client);

/*
 * Read what the server sent, waiting up to timeout_ms for the first bytes
 * (0: not at all), feed the standard output to the screen and keep the
 * standard error. Returns the bytes of standard output read, or -1 once
 * the channel closed.
 */
int term_client_pump(struct term_client *client, int timeout_ms);

/* A condition on the screen, tested after each read. */
typedef int (*term_client_test)(struct term_client *client, const void *arg);

/*
 * Read until test returns nonzero. Returns 1 when it did, 0 on timeout or
 * when the channel closed first.
 */
int term_client_wait(struct term_client *client, term_client_test test,
                     const void *arg, int timeout_ms);

/* Test for term_client_wait: arg is UTF-8 text that the screen shows. */
int term_client_has_text(struct term_client *client, const void *text);

/*
 * The screen as UTF-8, rows separated by "\n", each without its trailing
 * empty cells (written spaces stay). Valid until the next call on client.
 */
const char *term_client_screen(struct term_client *client);

/* Row n (0 is the top) rendered the same way, or NULL outside. */
const char *term_client_row(struct term_client *client, int n);

/* Read one cell. Returns 0, or -1 outside the screen. */
int term_client_cell(struct term_client *client, int row, int col,
                     struct term_client_cell *out);

/* Position of the terminal cursor. */
void term_client_cursor(struct term_client *client, int *row, int *col);

/* Size of the screen. */
void term_client_size(const struct term_client *client, int *cols, int *rows);

/* Everything the server sent on the standard error stream so far. */
const char *term_client_stderr(const struct term_client *client);

/* Write bytes to the channel, or text up to its NUL. Returns 0, or -1. */
int term_client_send(struct term_client *client, const char *bytes, size_t len);
int term_client_send_text(struct term_client *client, const char *text);

/* Send a key as the terminal encodes it (arrow keys follow DECCKM). */
int term_client_send_key(struct term_client *client, VTermKey key);

/* Resize the screen and send a window-change request. Returns 0, or -1. */
int term_client_resize(struct term_client *client, int cols, int rows);

/* Exit status that the server sent, or -1 when none (it waits for it up
 * to the session's timeout once the channel is at EOF). */
int term_client_exit_status(struct term_client *client);

/* Channel payload bytes read so far (what the pty produced). */
uint64_t term_client_payload_bytes(const struct term_client *client);

/* TCP payload bytes received on the socket so far (tcp_info). */
uint64_t term_client_wire_bytes(const struct term_client *client);

#endif
