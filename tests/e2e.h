/*
 * terrish: helpers for the end-to-end tests.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each test starts the real server on a free loopback port with a copy of
 * a store built once per test program. It then connects real SSH clients,
 * either the terminal client of tests/term-client.h (libssh feeding a
 * libvterm screen) or OpenSSH's ssh running inside a private tmux server. tests/local.mk sets TERRISH_BIN,
 * TERRISH_DATA, TERRISH_LOCALEDIR and TERRISH_TEST_TMP for them.
 *
 * Functions return 0 on success and -1 on failure after printing the cause
 * to standard error, so that a failed assertion explains itself in the
 * test log. Set TERRISH_TEST_KEEP=1 to keep the scratch folders.
 */
#ifndef TERRISH_E2E_H
#define TERRISH_E2E_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <check.h>
#include <libssh/libssh.h>

/* Accounts created in every store, each with E2E_PASSWORD and the key. */
#define E2E_USER "alice"
#define E2E_USER2 "bob"
#define E2E_USER3 "carol"
#define E2E_PASSWORD "Terr1sh-e2e-password"

/*
 * Build the shared store and client key. Call it once in main before
 * running the suites, and e2e_cleanup after them.
 */
int e2e_init(void);
/*
 * Run the suite that make builds after e2e_init, then clean up. Returns
 * the exit status of the test program: 0 when every test passed, 1 when
 * one failed, 99 (a hard error for automake) when setting up failed.
 */
int e2e_main(Suite *(*make)(void));
void e2e_cleanup(void);

/* Path of the client private key accepted for every account. */
const char *e2e_client_key(void);

/* Timeout for a test case in seconds: at least CK_DEFAULT_TIMEOUT. */
double e2e_timeout(double seconds);

struct e2e_server {
    char dir[PATH_MAX];      /* private scratch folder */
    char store[PATH_MAX];    /* copy of the shared store */
    char host_key[PATH_MAX]; /* ed25519 host key */
    char log[PATH_MAX];      /* --log-file of the server */
    int port;
    pid_t pid; /* 0 once the server has been reaped */
};

/* Extra arguments of "terrish serve", e.g. { "--max-sessions", "2", NULL }. */
struct e2e_server_options {
    const char *const *args;
};

/*
 * Start "terrish serve --foreground" on 127.0.0.1 and wait up to 10 s
 * until its port accepts connections. options may be NULL.
 */
int e2e_server_start(struct e2e_server *server,
                     const struct e2e_server_options *options);

/*
 * Start the server again after e2e_server_stop, on the same store, host
 * key, log file (appended to) and port, so that clients reconnect to the
 * same address and find what the store kept. options may be NULL.
 */
int e2e_server_restart(struct e2e_server *server,
                       const struct e2e_server_options *options);

/*
 * Send SIGTERM and wait up to timeout_ms, then SIGKILL the process group.
 * Returns the exit code, 128 + the signal number when a signal ended the
 * server, or -1 when it could not be reaped.
 */
int e2e_server_stop(struct e2e_server *server, int timeout_ms);

/*
 * Wait up to timeout_ms for the server to exit by itself. Returns what
 * e2e_server_stop returns, or -1 when it still runs.
 */
int e2e_server_wait(struct e2e_server *server, int timeout_ms);

/* Stop the server if it still runs and remove its scratch folder. */
void e2e_server_free(struct e2e_server *server);

/* Contents of the server log, "" when missing. The caller frees it. */
char *e2e_server_log(const struct e2e_server *server);

/* Wait until the server log contains text. Returns 1, or 0 on timeout. */
int e2e_server_log_wait(const struct e2e_server *server, const char *text,
                        int timeout_ms);

/*
 * Find the pid in the last log line "session started pid=<pid>
 * account=<name> ...", waiting up to timeout_ms. Returns -1 if none.
 */
pid_t e2e_server_session_pid(const struct e2e_server *server,
                             const char *account, int timeout_ms);

/*
 * A running child of parent, such as the application process that a
 * session process forked, found in /proc within timeout_ms. Returns its
 * pid, or -1 after printing the cause.
 */
pid_t e2e_process_child(pid_t parent, int timeout_ms);

/* Wait until pid no longer runs (gone or a zombie). Returns 1, or 0 on
 * timeout after printing its state. */
int e2e_process_wait_gone(pid_t pid, int timeout_ms);

/* How a client authenticates: a password, or a private key file. */
struct e2e_auth {
    const char *password;
    const char *key_file;
};

/* Connect a libssh client session to 127.0.0.1:port, not authenticated. */
int e2e_ssh_connect(int port, const char *user, ssh_session *session_out);

/* Authenticate and return libssh's SSH_AUTH_SUCCESS, SSH_AUTH_DENIED... */
int e2e_ssh_auth(ssh_session session, const struct e2e_auth *auth);

/* Disconnect and free a session from e2e_ssh_connect. */
void e2e_ssh_close(ssh_session session);

struct e2e_term;

/*
 * Log in and open an interactive shell on a pty of cols x rows with the
 * given TERM, after sending each "NAME=value" of env (NULL-terminated, or
 * NULL for none) as an environment request.
 */
int e2e_term_open(struct e2e_term **term_out, int port, const char *user,
                  const struct e2e_auth *auth, int cols, int rows,
                  const char *term, const char *const *env);

/*
 * Read output until the screen contains the UTF-8 text. Returns 1 when it
 * does, 0 on timeout or when the channel closed, after printing the
 * screen to standard error.
 */
int e2e_term_wait_text(struct e2e_term *term, const char *text,
                       int timeout_ms);

/* Wait until row n (0 is the top) contains text, else print the screen. */
int e2e_term_wait_row(struct e2e_term *term, int n, const char *text,
                      int timeout_ms);

/* Wait until row n no longer contains text, else print the screen. */
int e2e_term_wait_row_without(struct e2e_term *term, int n, const char *text,
                              int timeout_ms);

/* The first row (0 is the top) that contains text, or -1. */
int e2e_term_find_row(struct e2e_term *term, const char *text);

/* Same as e2e_term_wait_text, but prints nothing on timeout. */
int e2e_term_poll_text(struct e2e_term *term, const char *text,
                       int timeout_ms);

/* Read output for duration_ms, to let the screen settle. */
void e2e_term_drain(struct e2e_term *term, int duration_ms);

/*
 * The screen as UTF-8, rows separated by "\n" with their trailing spaces
 * removed. Valid until the next call on term.
 */
const char *e2e_term_screen(struct e2e_term *term);

/* Row n (0 is the top) as UTF-8 without trailing spaces, or NULL. */
const char *e2e_term_row(struct e2e_term *term, int n);

/* Everything the server sent on the stderr stream so far. */
const char *e2e_term_stderr(const struct e2e_term *term);

/* One cell of the screen: its first character (0 when empty), colours as
 * palette indexes (-1 the default, 256 + 0xRRGGBB a direct colour) and
 * attributes. */
struct e2e_cell {
    uint32_t code;
    int fg;
    int bg;
    int reverse;
    int bold;
};

/* Read one cell. Returns 0, or -1 outside the screen. */
int e2e_term_cell(struct e2e_term *term, int row, int col,
                  struct e2e_cell *out);

int e2e_term_send(struct e2e_term *term, const char *bytes);

/* Resize the local screen and send a window-change request. */
int e2e_term_resize(struct e2e_term *term, int cols, int rows);

/*
 * Read until the server closes the channel or sends EOF. Returns 1 when it
 * did within timeout_ms, else 0. The exit status is stored in
 * *exit_status, or -1 when the server sent none. exit_status may be NULL.
 */
int e2e_term_wait_closed(struct e2e_term *term, int timeout_ms,
                         int *exit_status);

void e2e_term_close(struct e2e_term *term);

/*
 * Run command with an exec request. *out and *err receive what the server
 * sent on each stream (the caller frees them), *status the exit status or
 * -1 when the server sent none.
 */
int e2e_exec(int port, const char *user, const char *password,
             const char *command, char **out, char **err, int *status);
/* The same with either way of authenticating, and input (NULL for none)
 * sent on the command's standard input before EOF. */
int e2e_exec_auth(int port, const char *user, const struct e2e_auth *auth,
                  const char *command, const char *input, char **out,
                  char **err, int *status);

/* OpenSSH's ssh client inside a private tmux server. */
struct e2e_tmux {
    char socket_name[64];
};

/* Line the pane shows once ssh exited, followed by its exit status. */
#define E2E_TMUX_EXITED "ssh exited with status "

/*
 * Start "ssh -p port -i key user@127.0.0.1" in an 80x24 tmux pane. The
 * pane shows E2E_TMUX_EXITED when ssh exits and stays for 30 s.
 */
int e2e_tmux_ssh(struct e2e_tmux *tmux, int port, const char *user,
                 const char *key_file);

/* Send keys in tmux send-keys syntax, e.g. "q" or "Enter". */
int e2e_tmux_send(struct e2e_tmux *tmux, const char *keys);

/* Pane contents as text. The caller frees it. */
char *e2e_tmux_capture(struct e2e_tmux *tmux);

/* Wait until the pane contains text, else print the pane. */
int e2e_tmux_wait_text(struct e2e_tmux *tmux, const char *text,
                       int timeout_ms);

/* Kill the private tmux server. */
void e2e_tmux_stop(struct e2e_tmux *tmux);

#endif
