/*
 * terrish: command line, SSH listener, per-connection sessions, auth.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_SERVER_H
#define TERRISH_SERVER_H

#include <stddef.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "common/common.h"

/* Exit statuses of the terrish command. */
#define EXIT_OK 0
#define EXIT_FAILURE_RUN 1 /* the command ran and failed */
#define EXIT_USAGE 2       /* invalid command line or configuration */
#define EXIT_NOT_FOUND 3   /* a named account or file does not exist */
#define EXIT_INVALID_INPUT 4 /* an input file is malformed */

#define SERVER_HOST_KEYS_MAX 4

/* Settings of `terrish serve`, from defaults, the config file, then flags. */
struct server_config {
    char *listen_address;
    int port;
    char *store_path;
    char *host_keys[SERVER_HOST_KEYS_MAX];
    size_t host_key_count;
    char *log_file;      /* NULL: standard error in the foreground */
    int log_syslog;      /* log to syslog instead of a file */
    enum log_level log_level;
    char *pid_file;
    char *locale_dir;
    int foreground;
    int max_sessions;     /* authenticated sessions at once */
    int max_startups;     /* connections not yet authenticated at once */
    int max_auth_tries;   /* failed attempts before disconnecting */
    int login_grace_time; /* seconds from connect to authenticated */
    int idle_timeout;     /* seconds without client input; 0 = never */
    int shutdown_grace;   /* seconds sessions get to end on SIGTERM */
};

/* Subcommands; each parses its own arguments and returns an exit status. */
int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_ui(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_group(int argc, char **argv);

/* Paths that default to the build tree when run from it. */
const char *default_store_path(void);
const char *default_data_dir(void);
const char *default_locale_dir(void);

/* config.c */
void server_config_init(struct server_config *config);
void server_config_free(struct server_config *config);
/* Read an sshd_config-style file; returns -1 with *error set. */
int server_config_load(struct server_config *config, const char *path,
                       char **error);
/* Apply one "Keyword value" setting; used by the file and by flags. */
int server_config_set(struct server_config *config, const char *keyword,
                      const char *value, char **error);
/* Parse "90", "90s", "5m", "1h" into seconds; -1 when invalid. */
int parse_duration(const char *text);
/* Parse a decimal integer within [min, max]; -1 when invalid. */
int parse_int_range(const char *text, long min, long max, long *out);

/* auth.c: account passwords and keys. */
int auth_global_init(void);
/* Hash a password with Argon2id; the caller frees the result. */
char *auth_password_hash(const char *password);
/*
 * Check a password against an account's stored hash. An unknown account or
 * one without a password is checked against a dummy hash so that every
 * failure costs the same time. Returns 1 when it matches.
 */
int auth_password_check(const char *stored_hash, const char *password);
/* Parse one authorized_keys line into its parts; returns -1 with *error. */
int auth_key_line_parse(const char *line, char **type, char **base64,
                        char **comment, char **error);

/* listener.c */
int server_run(struct server_config *config);
/* Format a socket's peer as ADDRESS:PORT ([ADDRESS]:PORT for IPv6). */
void server_peer_address(int fd, char *out, size_t size);

/* session.c: runs in the forked connection process, never returns. */
void session_run(ssh_session session, ssh_bind bind,
                 const struct server_config *config, int control_fd)
    __attribute__((noreturn));

/* relay.c: the application on a pseudo-terminal, relayed to a channel. */
struct relay;
struct relay_request {
    const char *account;
    const char *term;
    const char *lang;
    const char *store_path;
    const char *locale_dir;
    int cols;
    int rows;
};
struct relay *relay_start(ssh_session session, ssh_channel channel,
                          ssh_event event, const struct relay_request *request,
                          char **error);
/* Write client input to the application. Returns bytes taken. */
int relay_input(struct relay *relay, const void *data, size_t len);
void relay_resize(struct relay *relay, int cols, int rows);
/* Ask the application to end: SIGTERM (server stop) or SIGHUP (quiet). */
void relay_signal(struct relay *relay, int signo);
/* Return 1 once the application exited and its output was all sent. */
int relay_done(struct relay *relay);
/* Exit status of the application (valid once done); -1 when killed. */
int relay_exit_status(const struct relay *relay);
int relay_term_signal(const struct relay *relay);
void relay_free(struct relay *relay);

#endif
