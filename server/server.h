/*
 * terrish: command line, SSH listener, per-connection sessions, auth.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_SERVER_H
#define TERRISH_SERVER_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "common/common.h"
#include "store/store.h"

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)

/*
 * Exit statuses of every terrish command, run locally or over SSH, where
 * the client receives them as the SSH exit status.
 */
#define EXIT_OK 0
#define EXIT_FAILURE_RUN 1 /* the command ran and failed: store, I/O */
#define EXIT_USAGE 2       /* invalid command line or configuration */
#define EXIT_NOT_FOUND 3   /* a named account, file, territory... is absent */
#define EXIT_PERMISSION 4  /* the caller may not run this command or option */
#define EXIT_INVALID_INPUT 5 /* an input file or value is malformed */

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
    /* Connections not yet authenticated (MaxStartups start:rate:full):
     * from max_startups on, a new one is refused with a chance that grows
     * from max_startups_rate percent to 100 % at max_startups_full. */
    int max_startups;
    int max_startups_rate;
    int max_startups_full;
    int max_auth_tries;   /* failed attempts before disconnecting */
    int login_grace_time; /* seconds from connect to authenticated */
    int idle_timeout;     /* seconds without client input; 0 = never */
    int shutdown_grace;   /* seconds sessions get to end on SIGTERM */
    /* Unix socket of the notification hub (HubSocket): NULL for the store
     * path followed by ".hub", "none" to run without the hub. */
    char *hub_socket;
};

/*
 * Returns 1 when a new connection must be refused while starting others
 * are not authenticated yet; draw is a random number from 0 to 99.
 */
int server_startup_refused(const struct server_config *config,
                           size_t starting, unsigned int draw);

/* Origin of a command: the terrish binary, or an SSH exec request. */
enum command_origin {
    COMMAND_LOCAL,
    COMMAND_REMOTE,
};

/*
 * The caller of a command. A local caller has the file system's rights: it
 * picks the store with --store and reads every catalogue entry. A remote
 * caller is an authenticated account: it runs only the commands marked
 * remote in command.c, on the server's store, with its role's rights.
 */
struct command_context {
    enum command_origin origin;
    const char *account;    /* remote: the account name; local: NULL */
    enum user_role role;    /* remote: the account's role */
    const char *store_path; /* remote: the server's store; local: NULL */
    /* Prefix of every command a user types: "terrish", or over SSH
     * "ssh -p 2222 alice@192.0.2.1". Usage lines start with it. */
    const char *invocation;
    const char *address; /* remote: the client address, for the audit log */
    const char *region;  /* remote regional administrator: its région */
};

/*
 * Access level of a command of the table: the terrish binary may always
 * run it, and over SSH the accounts of the level named here may. A command may check more
 * itself, such as an action kept for administrators.
 */
enum command_access {
    COMMAND_LOCAL_ONLY,  /* the terrish binary only */
    COMMAND_ANY_ACCOUNT, /* every account */
    COMMAND_ADMINS,      /* administrators and regional administrators */
    COMMAND_ADMIN_ONLY,  /* administrators */
};

/* Return 1 when ctx may run a command of that access level. */
int command_access_allowed(const struct command_context *ctx,
                           enum command_access access);
/* The account and address that the audit log records for ctx: the
 * remote account, or AUDIT_LOCAL_ACCOUNT for the terrish binary. */
struct audit_actor command_actor(const struct command_context *ctx);
/*
 * Print that the caller may not run program's action (such as "terrish
 * import indicator") and who may. Returns EXIT_PERMISSION.
 */
int command_reject_role(const char *program, const char *who);

/* Maximum length of an exec request's command line, in bytes, and
 * maximum number of words in it. */
#define COMMAND_LINE_MAX 4096
#define COMMAND_ARGS_MAX 64

/*
 * Run the command named by argv[0] with its arguments (argv[argc] is
 * NULL), after checking that ctx may run it. Returns its exit status.
 * Output goes to stdout and messages to stderr.
 */
int command_run(const struct command_context *ctx, int argc, char **argv);
/*
 * Bind the message catalogue of locale_dir. lang "fr" or "en" selects the
 * language of the messages, NULL takes it from the environment (LC_ALL,
 * LC_MESSAGES, LANG, LANGUAGE), in English when it names none.
 */
void command_locale_init(const char *locale_dir, const char *lang);
/* Return 1 when the messages are in French, that is when the header
 * entry of the catalogue that gettext uses contains "Language: fr". */
int command_messages_french(void);
/* Translate a message id with gettext, for the strategy messages and
 * texts that take a translation function. */
const char *command_gettext(const char *msgid);
/* Return the table's name for a command name, or NULL when unknown. */
const char *command_known_name(const char *name);
/* Return 1 when ctx may read catalogue entries that are not published. */
int command_sees_unpublished(const struct command_context *ctx);
/*
 * Print that --store is not available over SSH for the command named
 * program ("terrish export"). Returns EXIT_PERMISSION.
 */
int command_reject_store(const char *program);

/*
 * Split a command line into words as a POSIX shell would, without any
 * expansion: blanks separate words, '...' keeps its text as is, "..."
 * keeps it but for \" and \\, and a backslash outside quotes keeps the
 * next character. A character that a shell would treat as an operator
 * (; | & < > ( ) $ `, a newline, # starting a word) is rejected unless
 * quoted, since no shell runs the command. So are an unterminated quote, a
 * line longer than COMMAND_LINE_MAX bytes or of more than COMMAND_ARGS_MAX
 * words, invalid UTF-8 and control characters other than tab and newline.
 * On success *argv_out is a NULL-terminated array that
 * command_split_free() frees. Returns the word count, or -1 with *error
 * set to a translated message that the caller frees.
 */
int command_split(const char *line, char ***argv_out, char **error);
void command_split_free(char **argv);

/*
 * Parsing shared by the commands territories, indicators, dashboards,
 * strategies and requests (command-options.c). A command names its own
 * options in a parser; command_options_parse() adds --format text|json,
 * --store FILE (the local command only: over SSH it exits with 4) and
 * --help (which prints the usage to standard output and returns -1). The
 * command's option callback gets each of its own options with getopt's
 * optarg and returns EXIT_OK or an exit status after printing the error.
 * On EXIT_OK, optind is the first operand.
 */
struct option;
struct command_parser {
    const char *name; /* "dashboards": messages start with "terrish NAME" */
    const char *short_options; /* the command's own, getopt syntax, or NULL */
    const struct option *long_options; /* its own, NULL name ends, or NULL */
    int (*option)(const struct command_context *ctx, int key,
                  const char *value, void *arg);
    void (*usage)(const struct command_context *ctx, FILE *out);
    void *arg; /* passed to option */
};
struct command_options {
    /* --store of the local command, else the server's store or the
     * default store when the parser leaves it NULL. */
    const char *store_path;
    int json; /* --format json */
};
int command_options_parse(const struct command_context *ctx, int argc,
                          char **argv, const struct command_parser *parser,
                          struct command_options *options);
/* Print "terrish NAME: WHAT 'VALUE' (see NAME --help)". Returns
 * EXIT_USAGE. */
int command_usage_error(const char *name, const char *what,
                        const char *value);
/* Open the store of options; EXIT_OK, or EXIT_FAILURE_RUN after printing
 * the error. */
int command_store_open(const char *name, const struct command_options *options,
                       enum store_open_mode mode, struct store **store);
/* Parse a dashboard, strategy or request number (1 to 2^31 - 1): 0, or
 * -1. */
int command_parse_id(const char *text, int64_t *id);
/*
 * Turn the result of a store function into an exit status, printing the
 * store's message in the language of the messages: 0 is EXIT_OK, 1
 * EXIT_NOT_FOUND, STORE_FORBIDDEN EXIT_PERMISSION, anything else
 * EXIT_FAILURE_RUN.
 */
int command_store_status(const char *name, struct store *store, int rc);
/* A JSON string of text cleaned with request_text_clean() (JSON cannot
 * carry invalid UTF-8, and a store written by another tool may hold it),
 * or null for NULL. */
struct json_t;
struct json_t *command_json_text(const char *text);

/*
 * An object that an account owns and shares with others, a dashboard or a
 * strategy, and the actions that the commands dashboards and strategies
 * share on it (command-object.c):
 *   show ID, rename ID NAME, share ID ACCOUNT viewer|editor,
 *   unshare ID ACCOUNT, public ID yes|no (or on|off), remove ID.
 * Store functions take the account of a remote caller, or NULL for the
 * local command, which has every right.
 */
enum command_object_event {
    OBJECT_NOT_FOUND,   /* there is no such object */
    OBJECT_NOT_VISIBLE, /* the caller may not view it */
    OBJECT_RENAMED,
    OBJECT_GRANTED,
    OBJECT_REVOKED,
    OBJECT_NO_ROLE, /* unshare of an account that was given no role */
    OBJECT_MADE_PUBLIC,
    OBJECT_MADE_PRIVATE,
    OBJECT_REMOVED,
};
struct command_object {
    const char *command; /* "dashboards": messages start "terrish NAME" */
    const char *kind;    /* "dashboard": audit actions and targets */
    int name_max;        /* bytes of a name */
    int (*access)(struct store *store, int64_t id, const char *account,
                  enum dashboard_access *out);
    /* The owner's name into owner: 0, 1 when there is no such object. */
    int (*owner)(struct store *store, int64_t id, char *owner, size_t size);
    /* NULL when name may be stored, else the reason (English). */
    const char *(*name_problem)(const char *name);
    int (*rename)(struct store *store, const char *account, int64_t id,
                  const char *name);
    int (*grant)(struct store *store, const char *account, int64_t id,
                 const char *grantee, enum dashboard_access role);
    /* The role grantee was given: 0, or -1 (store_dashboard_role()). */
    int (*role)(struct store *store, int64_t id, const char *grantee,
                enum dashboard_access *role);
    int (*set_public)(struct store *store, const char *account, int64_t id,
                      int public);
    int (*remove)(struct store *store, const char *account, int64_t id);
    /* Print the object the caller may view with access. */
    int (*show)(const struct command_context *ctx, struct store *store,
                int64_t id, enum dashboard_access access, int json);
    /* Print what happened: an error on standard error, a change done on
     * standard output. account and role are those of a share. */
    void (*report)(enum command_object_event event, int64_t id,
                   const char *account, const char *role);
};
/* One action and its operands, as command_object_parse() read them. */
struct command_object_request {
    const char *action;
    int64_t id;
    const char *text; /* rename: the name; share, unshare: the account */
    enum dashboard_access role; /* share: ACCESS_VIEW or ACCESS_EDIT */
    int public;                 /* public: 1 or 0 */
    int json;                   /* show: --format json */
};
/* Return 1 when action is one of the shared actions above. */
int command_object_action(const char *action);
/* Read argv[0] (the action) and its operands. Returns EXIT_OK, or
 * EXIT_USAGE after printing the error. */
int command_object_parse(const struct command_object *object, int argc,
                         char **argv, struct command_object_request *request);
/*
 * Check that object id exists (else EXIT_NOT_FOUND) and that the caller
 * has at least need on it (else EXIT_PERMISSION), printing the error.
 * *access receives the caller's access (ACCESS_OWNER for the local
 * command).
 */
int command_object_check(const struct command_context *ctx,
                         const struct command_object *object,
                         struct store *store, int64_t id,
                         enum dashboard_access need,
                         enum dashboard_access *access);
/* Run the request on an open store with the caller's rights, writing the
 * audit row of a share, unshare, public or remove. Returns an exit
 * status. */
int command_object_run(const struct command_context *ctx,
                       const struct command_object *object,
                       struct store *store,
                       const struct command_object_request *request);

/* Subcommands; each parses its own arguments and returns an exit status. */
int cmd_serve(const struct command_context *ctx, int argc, char **argv);
int cmd_init(const struct command_context *ctx, int argc, char **argv);
int cmd_user(const struct command_context *ctx, int argc, char **argv);
int cmd_ui(const struct command_context *ctx, int argc, char **argv);
int cmd_export(const struct command_context *ctx, int argc, char **argv);
/* export strategy ID (cmd-export-strategy.c); argv[0] is "strategy". */
int cmd_export_strategy(const struct command_context *ctx, int argc,
                        char **argv);
int cmd_import(const struct command_context *ctx, int argc, char **argv);
int cmd_group(const struct command_context *ctx, int argc, char **argv);
int cmd_territories(const struct command_context *ctx, int argc,
                    char **argv);
int cmd_indicators(const struct command_context *ctx, int argc, char **argv);
int cmd_requests(const struct command_context *ctx, int argc, char **argv);
int cmd_audit(const struct command_context *ctx, int argc, char **argv);
int cmd_dashboards(const struct command_context *ctx, int argc, char **argv);
int cmd_strategies(const struct command_context *ctx, int argc, char **argv);
/* strategies sources ID (cmd-strategies-sources.c): argv[0] is "sources",
 * options those that cmd_strategies parsed. */
int cmd_strategies_sources(const struct command_context *ctx,
                           const struct command_options *options, int argc,
                           char **argv);
/* The help of the dashboards command, which also describes export
 * dashboard and import dashboard. */
void cmd_dashboards_usage(const struct command_context *ctx, FILE *out);
/* export dashboard ID and import dashboard (cmd-dashboard-json.c); argv[0]
 * is "dashboard". */
int cmd_export_dashboard(const struct command_context *ctx, int argc,
                         char **argv);
int cmd_import_dashboard(const struct command_context *ctx, int argc,
                         char **argv);

/*
 * Write text for a terminal or a tab-separated line: a line feed as \n, a
 * tab as \t, a backslash as \\, other control characters (C0, DEL, C1) and
 * invalid UTF-8 bytes as \xHH, so that text typed by another person never
 * sends an escape sequence to the reader's terminal nor breaks a line
 * (cmd-requests.c).
 */
void command_print_text(FILE *out, const char *text);

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
/* Absolute path of the hub socket the listener opened, or NULL without a
 * hub. Forked connection processes pass it to the application. */
const char *server_hub_path(void);

/* Tell the sessions that watch dashboard id that version was committed,
 * or those that follow strategies that strategy id changed, through the
 * server's hub (server/command-notify.c). account is the caller's; the
 * local command (NULL) and a server without a hub send nothing. */
void command_notify_dashboard(const char *account, int64_t id, int64_t version);
void command_notify_strategy(const char *account, int64_t id);

/* Format a socket's peer address alone, an IPv4-mapped IPv6 address in
 * its IPv4 form; "unknown" when it has none (server/request.c). */
void server_client_address(int fd, char *out, size_t size);

/*
 * request.c: the login as REQUEST_ACCOUNT. A key is acceptable for a
 * request when it is Ed25519, ECDSA (security keys included) or RSA of at
 * least 2048 bits; DSA and certificates are not.
 */
struct request_key {
    char *type;        /* "ssh-ed25519"... */
    char *base64;      /* as in an authorized_keys line */
    char *fingerprint; /* "SHA256:..." */
};
int request_key_acceptable(ssh_key key);
/*
 * The warning logged and printed when the store has an account named
 * REQUEST_ACCOUNT, made before that name was reserved. A key login as that
 * name opens the request form and a password login fails, so no requester
 * can reach the account. Renaming it gives it back to its owner.
 */
#define REQUEST_ACCOUNT_WARNING                                                \
    "an account is named \"" REQUEST_ACCOUNT "\", a name now reserved for "    \
    "account requests: it cannot log in until it is renamed with "             \
    "'terrish user rename " REQUEST_ACCOUNT " NEW_NAME'"
/* Fill out from a public key; returns 0, or -1. */
int request_key_describe(ssh_key key, struct request_key *out);
void request_key_clear(struct request_key *key);
/*
 * Record a login as REQUEST_ACCOUNT from address in the store at
 * store_path, and set *count to the logins from that address (or its
 * IPv6 /64) in the last hour, this one included. Returns 0, or -1 after
 * logging the error.
 */
int request_login_record(const char *store_path, const char *address,
                         int *count);

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
    const char *command_prefix; /* see struct tui_options */
    const char *client_address; /* see struct tui_options */
    /* Login as REQUEST_ACCOUNT: the key offered, else NULL. */
    const char *request_key_type;
    const char *request_key_base64;
    const char *request_key_fingerprint;
    int cols;
    int rows;
};
struct relay *relay_start(ssh_session session, ssh_channel channel,
                          ssh_event event, const struct relay_request *request,
                          char **error);

/* A child process of a session and how it ended (subprocess.c). */
struct subprocess {
    pid_t pid;
    int exited;
    int exit_status; /* -1 when a signal ended it */
    int term_signal; /* the signal that ended it, else 0 */
};

/* Collect the child's exit without blocking. Returns 1 when it has just
 * ended, else 0. */
int subprocess_reap(struct subprocess *child);

/* Write client input to the application. Returns bytes taken. */
int relay_input(struct relay *relay, const void *data, size_t len);
/* Write input kept while the pty was full. Returns 1 while some is left,
 * so that the caller polls again soon. */
int relay_flush(struct relay *relay);
void relay_resize(struct relay *relay, int cols, int rows);
/* Ask the application to end: SIGTERM (server stop) or SIGHUP (quiet). */
void relay_signal(struct relay *relay, int signo);
/* Return 1 once the application exited and its output was all sent. */
int relay_done(struct relay *relay);
/* Exit status of the application (valid once done); -1 when killed. */
int relay_exit_status(const struct relay *relay);
int relay_term_signal(const struct relay *relay);
void relay_free(struct relay *relay);

/*
 * exec.c: the command of an exec request, run in a child process without a
 * terminal. Its standard output and error are relayed to the channel's
 * data and stderr streams, never more than the client's window allows, and
 * client data goes to its standard input.
 */
struct exec;
struct exec_request {
    const char *line; /* as the client sent it; command_split() checks it */
    const struct command_context *context;
    const char *lang; /* "fr" or "en" */
    const char *locale_dir;
    int crlf; /* the client asked for a pty: end output lines with CRLF */
};
/*
 * Bytes of standard input a command may receive; more stops it. It bounds
 * import indicator and import dashboard over SSH. NOTE: the bound is
 * chosen, not measured against the largest files that observatories
 * publish.
 */
#define EXEC_INPUT_MAX (64 * 1024 * 1024)
struct exec *exec_start(ssh_session session, ssh_channel channel,
                        ssh_event event, const struct exec_request *request,
                        char **error);
/*
 * Take client data for the command's standard input. Returns the bytes
 * taken (libssh keeps the rest and offers it again), or -1 once the input
 * passed EXEC_INPUT_MAX: the command is then stopped.
 */
int exec_input(struct exec *exec, const void *data, size_t len);
/* Return 1 when the command was stopped for too much input. */
int exec_input_refused(const struct exec *exec);
/* The client sent EOF: close standard input once the data is written. */
void exec_input_eof(struct exec *exec);
/*
 * Resume the output that waited for the channel window, write buffered
 * input, and collect the command's exit. Call after each event poll.
 */
void exec_poll(struct exec *exec);
/* Stop relaying (the client went away or sent too much): stop reading the
 * output, close the input and send SIGTERM. */
void exec_stop(struct exec *exec);
void exec_signal(struct exec *exec, int signo);
/* Return 1 once the command exited and its output was sent or dropped. */
int exec_done(struct exec *exec);
/* Exit status of the command (valid once done); -1 when a signal ended it. */
int exec_exit_status(const struct exec *exec);
int exec_term_signal(const struct exec *exec);
/* Bytes of output relayed so far, both streams. */
unsigned long long exec_output_bytes(const struct exec *exec);
pid_t exec_pid(const struct exec *exec);
void exec_free(struct exec *exec);

#endif
