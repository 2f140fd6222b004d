/*
 * terrish: one SSH connection, in its own process. It authenticates the
 * client, handles the channel requests (pty-req, env, window-change, shell,
 * exec) and relays the terminal application started on a pseudo-terminal,
 * or the command of an exec request.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/server.h>

#include "server/server.h"
#include "store/store.h"

/*
 * Time from the start of a password attempt to a failure reply. Every
 * failure, for a known or an unknown account, is replied to only then, so
 * the delay reveals nothing about which accounts exist.
 */
#define AUTH_FAILURE_DELAY_MS 1000

/* Largest terminal accepted; larger requests are clamped to it. */
#define TERM_COLS_MAX 500
#define TERM_ROWS_MAX 200

/* Time the client gets to close its side of the channel after ours. */
#define CLOSE_WAIT_MS 2000

/* Seconds a command gets to end after SIGTERM before SIGKILL. */
#define COMMAND_KILL_DELAY 3

struct session {
    ssh_session ssh;
    ssh_event event;
    const struct server_config *config;
    int control_fd;
    struct store *store;
    char peer[64];
    char address[64]; /* the peer's address without its port */
    struct timespec started;

    char account[64];
    char region[8]; /* région of a regional administrator, for commands */
    /* Logged in as REQUEST_ACCOUNT with request_key: the session shows the
     * account request form and runs no command. */
    int request_mode;
    struct request_key request_key;
    int authenticated;
    int slot_granted;
    int auth_failures;

    ssh_channel channel;
    struct ssh_channel_callbacks_struct channel_callbacks;
    int pty_requested;
    char term[64];
    int cols;
    int rows;
    char env_lang[16];     /* from LANG */
    char env_messages[16]; /* from LC_MESSAGES */
    char env_all[16];      /* from LC_ALL */
    const char *lang; /* "fr" or "en", chosen when the shell starts */
    int shell_requested;
    int exec_requested;
    char *exec_line; /* command of the exec request, cut after
                        COMMAND_LINE_MAX + 1 bytes */
    /* "ssh -p PORT NAME@ADDRESS": how this user reaches this server. */
    char command_prefix[192];
    int client_eof;     /* the client sent EOF: no more input */
    int channel_closed; /* the client closed the channel */
    int remote_closed;  /* the client closed the channel (close callback) */

    struct relay *relay;
    struct exec *exec;
    time_t last_input;
    const char *end_cause;
};

static volatile sig_atomic_t got_sigterm;
static volatile sig_atomic_t signal_authenticated;

/* SIGTERM: a connection not yet authenticated has nothing to save and may
 * sit in a blocking key exchange, so it ends at once. */
static void
session_on_sigterm(int signo)
{
    (void)signo;
    if (!signal_authenticated)
        _exit(0);
    got_sigterm = 1;
}

static double
elapsed_seconds(const struct timespec *since)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) +
           (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* Sleep until ms milliseconds after start. */
static void
sleep_until(const struct timespec *start, long ms)
{
    struct timespec target = *start;

    target.tv_sec += ms / 1000;
    target.tv_nsec += (ms % 1000) * 1000000L;
    if (target.tv_nsec >= 1000000000L) {
        target.tv_sec++;
        target.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL) ==
           EINTR)
        continue;
}

/* Ask the listener for a session slot; returns 1 when granted. */
static int
session_request_slot(struct session *session)
{
    char request = 'A';
    char reply = 0;

    if (write(session->control_fd, &request, 1) != 1)
        return 0;
    if (read(session->control_fd, &reply, 1) != 1)
        return 0;
    return reply == 'Y';
}

static void
session_auth_succeeded(struct session *session, const char *user,
                       const char *method)
{
    snprintf(session->account, sizeof session->account, "%s", user);
    session->authenticated = 1;
    signal_authenticated = 1;
    session->slot_granted = session_request_slot(session);
    log_info("authenticated account=%s method=%s from=%s", session->account,
             method, session->peer);
}

static void
session_auth_failed(struct session *session, const char *user,
                    const char *method)
{
    session->auth_failures++;
    log_info("authentication failed account=%.64s method=%s from=%s "
             "(attempt %d of %d)",
             user, method, session->peer, session->auth_failures,
             session->config->max_auth_tries);
}

static int
session_auth_password(ssh_session ssh, const char *user, const char *password,
                      void *userdata)
{
    struct session *session = userdata;
    struct user account;
    struct timespec start;
    const char *hash = NULL;
    int found;
    int ok;

    (void)ssh;
    clock_gettime(CLOCK_MONOTONIC, &start);
    memset(&account, 0, sizeof account);
    found = store_user_find(session->store, user, &account);
    if (found == 0)
        hash = account.password_hash;
    /* The request name has no password, even in a store that had an
     * account of that name before it was reserved. */
    ok = auth_password_check(hash, password) && found == 0 &&
         !user_name_reserved(user);
    user_clear(&account);
    if (found == 0 && user_name_reserved(user))
        log_warn("password login as %s from %s refused: %s", user,
                 session->peer, REQUEST_ACCOUNT_WARNING);
    if (ok) {
        session_auth_succeeded(session, user, "password");
        return SSH_AUTH_SUCCESS;
    }
    if (found < 0)
        log_error("account lookup failed: %s", store_error(session->store));
    sleep_until(&start, AUTH_FAILURE_DELAY_MS);
    session_auth_failed(session, user, "password");
    return SSH_AUTH_DENIED;
}

/* Return 1 when the key is one of the account's authorized keys. */
static int
session_key_authorized(struct session *session, const char *user,
                       ssh_key offered)
{
    struct user_key *keys = NULL;
    ssh_key stored = NULL;
    size_t count = 0;
    size_t i;
    int match = 0;

    if (store_user_keys(session->store, user, &keys, &count) != 0)
        return 0;
    for (i = 0; i < count && !match; i++) {
        if (ssh_pki_import_pubkey_base64(keys[i].base64,
                                         ssh_key_type_from_name(keys[i].type),
                                         &stored) != SSH_OK)
            continue;
        match = ssh_key_cmp(stored, offered, SSH_KEY_CMP_PUBLIC) == 0;
        ssh_key_free(stored);
        stored = NULL;
    }
    user_keys_free(keys, count);
    return match;
}

/* "publickey SHA256:..." for the log, so an administrator can tell which
 * of an account's keys was used. */
static char *
session_key_fingerprint(ssh_key key)
{
    unsigned char *hash = NULL;
    char *text = NULL;
    char *method = NULL;
    size_t len = 0;

    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
                               &len) == SSH_OK)
        text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
    method = xasprintf("publickey %s %s", ssh_key_type_to_char(
                                              ssh_key_type(key)),
                       text != NULL ? text : "?");
    ssh_string_free_char(text);
    ssh_clean_pubkey_hash(&hash);
    return method;
}

/*
 * Public key authentication as REQUEST_ACCOUNT: any acceptable key may be
 * offered, and it is accepted only with a valid signature, so that the
 * requester proves to hold the private key that the account will use.
 */
static int
session_auth_request(struct session *session, ssh_key key,
                     char signature_state)
{
    if (!request_key_acceptable(key)) {
        log_info("request login from %s: %s key rejected (use Ed25519, "
                 "ECDSA or RSA of 2048 bits or more)",
                 session->peer, ssh_key_type_to_char(ssh_key_type(key)));
        session_auth_failed(session, REQUEST_ACCOUNT, "publickey");
        return SSH_AUTH_DENIED;
    }
    if (signature_state == SSH_PUBLICKEY_STATE_NONE)
        return SSH_AUTH_SUCCESS; /* a probe: the client may sign with it */
    if (signature_state != SSH_PUBLICKEY_STATE_VALID) {
        session_auth_failed(session, REQUEST_ACCOUNT, "publickey");
        return SSH_AUTH_DENIED;
    }
    request_key_clear(&session->request_key);
    if (request_key_describe(key, &session->request_key) != 0) {
        log_error("request login from %s: cannot read the key",
                  session->peer);
        session_auth_failed(session, REQUEST_ACCOUNT, "publickey");
        return SSH_AUTH_DENIED;
    }
    /* The owner of an account with the reserved name gets the request
     * form like anyone else, and the log gives the operator the reason. */
    if (session_key_authorized(session, REQUEST_ACCOUNT, key))
        log_warn("key login as %s from %s opens the request form, not the "
                 "account that has this key: %s",
                 REQUEST_ACCOUNT, session->peer, REQUEST_ACCOUNT_WARNING);
    session->request_mode = 1;
    session_auth_succeeded(session, REQUEST_ACCOUNT, "publickey request");
    log_info("request login from %s with key %s %s", session->peer,
             session->request_key.type, session->request_key.fingerprint);
    return SSH_AUTH_SUCCESS;
}

static int
session_auth_pubkey(ssh_session ssh, const char *user, struct ssh_key_struct *key,
                    char signature_state, void *userdata)
{
    struct session *session = userdata;
    int authorized;

    (void)ssh;
    if (user_name_reserved(user))
        return session_auth_request(session, key, signature_state);
    authorized = session_key_authorized(session, user, key);
    if (signature_state == SSH_PUBLICKEY_STATE_NONE) {
        /* A probe: tell the client whether signing with it is worth it. */
        if (authorized)
            return SSH_AUTH_SUCCESS;
        session_auth_failed(session, user, "publickey");
        return SSH_AUTH_DENIED;
    }
    if (signature_state == SSH_PUBLICKEY_STATE_VALID && authorized) {
        char *fingerprint = session_key_fingerprint(key);

        session_auth_succeeded(session, user, fingerprint);
        free(fingerprint);
        return SSH_AUTH_SUCCESS;
    }
    session_auth_failed(session, user, "publickey");
    return SSH_AUTH_DENIED;
}

static int
session_on_data(ssh_session ssh, ssh_channel channel, void *data,
                uint32_t len, int is_stderr, void *userdata)
{
    struct session *session = userdata;

    int consumed;

    (void)ssh;
    (void)channel;
    session->last_input = time(NULL);
    /* Data sent with the exec request arrives before the command starts:
     * libssh keeps what is not taken, and exec_poll() pulls it then. */
    if (session->exec_requested && session->exec == NULL && !is_stderr)
        return 0;
    if (session->exec != NULL && !is_stderr) {
        consumed = exec_input(session->exec, data, len);
        return consumed < 0 ? (int)len : consumed;
    }
    if (session->relay == NULL)
        return (int)len; /* no application yet: input is dropped */
    return relay_input(session->relay, data, len);
}

/* The client sent EOF: it has no more input (ssh -T < /dev/null, or a
 * script), but it still reads the output, so the session goes on. */
static void
session_on_eof(ssh_session ssh, ssh_channel channel, void *userdata)
{
    struct session *session = userdata;

    (void)ssh;
    (void)channel;
    session->client_eof = 1;
    if (session->exec != NULL)
        exec_input_eof(session->exec);
}

static void
session_on_close(ssh_session ssh, ssh_channel channel, void *userdata)
{
    struct session *session = userdata;

    (void)ssh;
    (void)channel;
    session->channel_closed = 1;
    session->remote_closed = 1;
}

static void
clamp_size(int *cols, int *rows)
{
    if (*cols < 1)
        *cols = 80;
    if (*rows < 1)
        *rows = 24;
    if (*cols > TERM_COLS_MAX)
        *cols = TERM_COLS_MAX;
    if (*rows > TERM_ROWS_MAX)
        *rows = TERM_ROWS_MAX;
}

/* Accept a TERM name made of the characters terminfo names use. */
static int
term_name_valid(const char *term)
{
    size_t len = strlen(term);
    size_t i;

    if (len == 0 || len >= 64)
        return 0;
    for (i = 0; i < len; i++) {
        char c = term[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
              c == '+'))
            return 0;
    }
    return 1;
}

static int
session_on_pty_request(ssh_session ssh, ssh_channel channel, const char *term,
                       int cols, int rows, int px_width, int px_height,
                       void *userdata)
{
    struct session *session = userdata;

    (void)ssh;
    (void)channel;
    (void)px_width;
    (void)px_height;
    if (session->pty_requested)
        return -1;
    session->pty_requested = 1;
    if (term_name_valid(term)) {
        snprintf(session->term, sizeof session->term, "%s", term);
    } else {
        log_warn("invalid TERM from %s; using xterm-256color", session->peer);
        snprintf(session->term, sizeof session->term, "xterm-256color");
    }
    session->cols = cols;
    session->rows = rows;
    clamp_size(&session->cols, &session->rows);
    return 0;
}

static int
session_on_window_change(ssh_session ssh, ssh_channel channel, int cols,
                         int rows, int px_width, int px_height, void *userdata)
{
    struct session *session = userdata;

    (void)ssh;
    (void)channel;
    (void)px_width;
    (void)px_height;
    clamp_size(&cols, &rows);
    session->cols = cols;
    session->rows = rows;
    if (session->relay != NULL)
        relay_resize(session->relay, cols, rows);
    log_debug("%s account=%s window changed to %dx%d", __func__,
              session->account, cols, rows);
    return 0;
}

static int
session_on_env(ssh_session ssh, ssh_channel channel, const char *name,
               const char *value, void *userdata)
{
    struct session *session = userdata;
    char *slot = NULL;

    (void)ssh;
    (void)channel;
    if (strcmp(name, "LANG") == 0)
        slot = session->env_lang;
    else if (strcmp(name, "LC_MESSAGES") == 0)
        slot = session->env_messages;
    else if (strcmp(name, "LC_ALL") == 0)
        slot = session->env_all;
    else if (strncmp(name, "LC_", 3) == 0)
        return 0; /* accepted; other categories do not change messages */
    else
        return -1;
    snprintf(slot, sizeof session->env_lang, "%.15s", value);
    return 0;
}

static int
session_on_shell(ssh_session ssh, ssh_channel channel, void *userdata)
{
    struct session *session = userdata;

    (void)ssh;
    (void)channel;
    if (session->shell_requested || session->exec_requested)
        return -1;
    session->shell_requested = 1;
    return 0;
}

static int
session_on_exec(ssh_session ssh, ssh_channel channel, const char *command,
                void *userdata)
{
    struct session *session = userdata;

    (void)ssh;
    (void)channel;
    if (session->shell_requested || session->exec_requested)
        return -1;
    session->exec_requested = 1;
    /* One byte past the limit is enough for command_split() to reject. */
    session->exec_line = xstrndup(command, COMMAND_LINE_MAX + 1);
    return 0;
}

static ssh_channel
session_on_channel_open(ssh_session ssh, void *userdata)
{
    struct session *session = userdata;
    struct ssh_channel_callbacks_struct *callbacks =
        &session->channel_callbacks;

    if (session->channel != NULL || !session->authenticated)
        return NULL;
    session->channel = ssh_channel_new(ssh);
    if (session->channel == NULL)
        return NULL;
    memset(callbacks, 0, sizeof *callbacks);
    callbacks->userdata = session;
    callbacks->channel_data_function = session_on_data;
    callbacks->channel_eof_function = session_on_eof;
    callbacks->channel_close_function = session_on_close;
    callbacks->channel_pty_request_function = session_on_pty_request;
    callbacks->channel_pty_window_change_function = session_on_window_change;
    callbacks->channel_env_request_function = session_on_env;
    callbacks->channel_shell_request_function = session_on_shell;
    callbacks->channel_exec_request_function = session_on_exec;
    ssh_callbacks_init(callbacks);
    ssh_set_channel_callbacks(session->channel, callbacks);
    return session->channel;
}

/* "en" or "fr" from a locale name such as en_GB.UTF-8; NULL otherwise. */
static const char *
lang_from_locale(const char *locale)
{
    if (strncmp(locale, "en", 2) == 0)
        return "en";
    if (strncmp(locale, "fr", 2) == 0)
        return "fr";
    return NULL;
}

/* The account's setting wins, then LC_ALL, LC_MESSAGES, LANG; French by
 * default. */
static const char *
session_language(struct session *session)
{
    struct user account;
    const char *lang = NULL;
    static char chosen[8];

    memset(&account, 0, sizeof account);
    if (store_user_find(session->store, session->account, &account) == 0 &&
        account.lang[0] != '\0') {
        snprintf(chosen, sizeof chosen, "%s", account.lang);
        lang = chosen;
    }
    user_clear(&account);
    if (lang == NULL && session->env_all[0] != '\0')
        lang = lang_from_locale(session->env_all);
    if (lang == NULL && session->env_messages[0] != '\0')
        lang = lang_from_locale(session->env_messages);
    if (lang == NULL && session->env_lang[0] != '\0')
        lang = lang_from_locale(session->env_lang);
    return lang != NULL ? lang : "fr";
}

/*
 * Wait, at most CLOSE_WAIT_MS, for the client to close the channel after
 * ours, so that the last output and the exit status reach it before the
 * TCP connection goes away.
 */
static void
session_wait_client_close(struct session *session)
{
    struct timespec start;

    if (session->channel == NULL || session->event == NULL)
        return;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (!session->remote_closed &&
           elapsed_seconds(&start) * 1000 < CLOSE_WAIT_MS) {
        if (ssh_event_dopoll(session->event, 100) == SSH_ERROR)
            break;
    }
}

/* Pick the French or the English text by the session's language. */
static const char *
session_text(const struct session *session, const char *french,
             const char *english)
{
    if (session->lang != NULL && strcmp(session->lang, "en") == 0)
        return english;
    return french;
}

/* Send a one-line message on stderr, an exit status, and close. */
static void
session_reject_channel(struct session *session, const char *message,
                       int exit_status)
{
    ssh_channel_write_stderr(session->channel, message,
                             (uint32_t)strlen(message));
    ssh_channel_request_send_exit_status(session->channel, exit_status);
    ssh_channel_send_eof(session->channel);
    ssh_channel_close(session->channel);
}

/* Wait for authentication and a shell or exec request. */
static int
session_wait_request(struct session *session)
{
    while (!(session->channel != NULL &&
             (session->shell_requested || session->exec_requested))) {
        if (ssh_event_dopoll(session->event, 1000) == SSH_ERROR) {
            session->end_cause = "connection closed before a session started";
            return -1;
        }
        /* A request and a close can arrive in one poll: serve the request. */
        if (session->channel != NULL &&
            (session->shell_requested || session->exec_requested))
            break;
        if (session->auth_failures >= session->config->max_auth_tries) {
            log_warn("too many authentication failures from %s; "
                     "disconnecting",
                     session->peer);
            session->end_cause = "too many authentication failures";
            return -1;
        }
        if (got_sigterm) {
            session->end_cause = "server stopping";
            return -1;
        }
        if (session->channel_closed) {
            session->end_cause = "client closed the channel";
            return -1;
        }
    }
    return 0;
}

/* Tell the user, in their language, that the idle timeout ended the
 * session. */
static void
session_send_idle_message(struct session *session, int idle)
{
    int french = session->lang == NULL || strcmp(session->lang, "en") != 0;
    int minutes = idle / 60;
    char *message = NULL;

    if (idle % 60 != 0)
        message = xasprintf(french ? "\r\nterrish : session fermée après "
                                     "%d s sans activité.\r\n"
                                   : "\r\nterrish: session closed after %d s "
                                     "without input.\r\n",
                            idle);
    else
        message = xasprintf(french ? "\r\nterrish : session fermée après "
                                     "%d min sans activité.\r\n"
                                   : "\r\nterrish: session closed after %d min "
                                     "without input.\r\n",
                            minutes);
    ssh_channel_write(session->channel, message, (uint32_t)strlen(message));
    free(message);
}

/* Relay the application until it ends or the client goes away. */
static void
session_relay_loop(struct session *session)
{
    int idle = session->config->idle_timeout;
    int sent_term = 0;
    int sent_hup = 0;
    int idle_expired = 0;
    time_t hup_at = 0;

    while (!relay_done(session->relay)) {
        int wait_ms = relay_flush(session->relay) ? 5 : 100;

        /* libssh may close a socket that the peer shut down without
         * failing the poll: check the connection itself too. */
        if ((ssh_event_dopoll(session->event, wait_ms) == SSH_ERROR ||
             !ssh_is_connected(session->ssh)) &&
            !sent_hup) {
            session->end_cause = "connection lost";
            session->channel_closed = 1;
        }
        if (got_sigterm && !sent_term) {
            relay_signal(session->relay, SIGTERM);
            sent_term = 1;
            session->end_cause = "server stopping";
        }
        if (session->channel_closed && !sent_hup) {
            relay_signal(session->relay, SIGHUP);
            sent_hup = 1;
            hup_at = time(NULL);
            if (session->end_cause == NULL)
                session->end_cause = "client closed the connection";
        }
        if (idle > 0 && !sent_hup && time(NULL) - session->last_input > idle) {
            relay_signal(session->relay, SIGHUP);
            sent_hup = 1;
            hup_at = time(NULL);
            idle_expired = 1;
            session->end_cause = "idle timeout";
        }
        if (sent_hup && time(NULL) - hup_at > 3) {
            relay_signal(session->relay, SIGKILL);
            hup_at = time(NULL);
        }
    }
    if (idle_expired && !session->channel_closed)
        session_send_idle_message(session, idle);
    if (session->end_cause == NULL)
        session->end_cause =
            relay_term_signal(session->relay) != 0 ? "application crashed"
                                                   : "user quit";
}

/* Start the application and relay it; returns when the session is over. */
static void
session_run_shell(struct session *session)
{
    struct relay_request request;
    char *error = NULL;
    int status;

    if (!session->pty_requested) {
        session_reject_channel(
            session,
            session_text(session,
                         "terrish : un terminal est nécessaire ; connectez-"
                         "vous avec 'ssh -t'.\r\n",
                         "terrish: a terminal is required; connect with "
                         "'ssh -t'.\r\n"),
            2);
        session->end_cause = "no terminal requested";
        return;
    }
    memset(&request, 0, sizeof request);
    request.account = session->account;
    request.term = session->term;
    request.lang = session->lang;
    request.store_path = session->config->store_path;
    request.locale_dir = session->config->locale_dir;
    request.command_prefix = session->command_prefix;
    request.client_address = session->address;
    if (session->request_mode) {
        request.request_key_type = session->request_key.type;
        request.request_key_base64 = session->request_key.base64;
        request.request_key_fingerprint = session->request_key.fingerprint;
    }
    request.cols = session->cols;
    request.rows = session->rows;
    /* The application opens its own connection to the store. */
    store_close(session->store);
    session->store = NULL;

    session->relay = relay_start(session->ssh, session->channel,
                                 session->event, &request, &error);
    if (session->relay == NULL) {
        log_error("cannot start the application for account=%s: %s",
                  session->account, error);
        free(error);
        session_reject_channel(
            session,
            session_text(session,
                         "terrish : l'application n'a pas pu démarrer ; "
                         "l'erreur est dans le journal du serveur.\r\n",
                         "terrish: the application could not start; the "
                         "error is in the server log.\r\n"),
            1);
        session->end_cause = "application failed to start";
        return;
    }
    log_info("session started pid=%ld account=%s from=%s term=%s size=%dx%d "
             "lang=%s",
             (long)getpid(), session->account, session->peer, session->term,
             session->cols, session->rows, request.lang);
    session->last_input = time(NULL);
    session_relay_loop(session);

    status = relay_exit_status(session->relay);
    if (!session->channel_closed) {
        ssh_channel_request_send_exit_status(session->channel,
                                             status < 0 ? 1 : status);
        ssh_channel_send_eof(session->channel);
        ssh_channel_close(session->channel);
    }
}

/*
 * Fill session->command_prefix with what the user types to run a command:
 * "ssh -p PORT NAME@ADDRESS", ADDRESS being the local address of this
 * connection. ssh takes an IPv6 address without brackets after '@', and
 * an IPv4 client of a dual-stack socket gets its IPv4 form.
 */
static void
session_set_command_prefix(struct session *session)
{
    struct sockaddr_storage address;
    socklen_t len = sizeof address;
    char host[80]; /* an IPv6 address with a scope fits */
    char port[16];
    const char *host_text = host;

    if (getsockname(ssh_get_fd(session->ssh), (struct sockaddr *)&address,
                    &len) != 0 ||
        getnameinfo((struct sockaddr *)&address, len, host, sizeof host, port,
                    sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(host, sizeof host, "%s", session->config->listen_address);
        snprintf(port, sizeof port, "%d", session->config->port);
    }
    if (strncmp(host, "::ffff:", 7) == 0 && strchr(host, '.') != NULL)
        host_text = host + 7;
    if (strcmp(port, "22") == 0)
        snprintf(session->command_prefix, sizeof session->command_prefix,
                 "ssh %s@%s", session->account, host_text);
    else
        snprintf(session->command_prefix, sizeof session->command_prefix,
                 "ssh -p %s %s@%s", port, session->account, host_text);
}

/* Return the command name of line as the table spells it, for the log.
 * The log never gets the arguments: they may be long, or name what a user
 * looked up. */
static const char *
session_command_name(const char *line)
{
    const char *name = "(invalid)";
    char **argv = NULL;
    char *error = NULL;
    int argc;

    argc = command_split(line, &argv, &error);
    if (argc == 0)
        name = "(none)";
    else if (argc > 0)
        name = command_known_name(argv[0]);
    command_split_free(argv);
    free(error);
    return name != NULL ? name : "(unknown)";
}

/* Map a signal to its name in an SSH exit-signal request (RFC 4254). */
static const char *
session_signal_name(int signo)
{
    switch (signo) {
    case SIGABRT:
        return "ABRT";
    case SIGALRM:
        return "ALRM";
    case SIGFPE:
        return "FPE";
    case SIGHUP:
        return "HUP";
    case SIGILL:
        return "ILL";
    case SIGINT:
        return "INT";
    case SIGKILL:
        return "KILL";
    case SIGPIPE:
        return "PIPE";
    case SIGQUIT:
        return "QUIT";
    case SIGSEGV:
        return "SEGV";
    case SIGTERM:
        return "TERM";
    default:
        return NULL;
    }
}

/*
 * Relay the command until it ends. A client that closes the channel, the
 * server stopping, too much input or the idle timeout stop the command
 * with SIGTERM, then SIGKILL after COMMAND_KILL_DELAY seconds.
 */
static void
session_exec_loop(struct session *session)
{
    struct exec *exec = session->exec;
    int idle = session->config->idle_timeout;
    unsigned long long sent = 0;
    time_t last_output = time(NULL);
    time_t kill_at = 0;
    int stopped = 0;

    while (!exec_done(exec)) {
        if (session->channel_closed)
            poll(NULL, 0, 50);
        else if (ssh_event_dopoll(session->event, 100) == SSH_ERROR)
            session->channel_closed = 1;
        exec_poll(exec);
        if (exec_output_bytes(exec) != sent) {
            sent = exec_output_bytes(exec);
            last_output = time(NULL);
        }
        if (!stopped && session->channel_closed)
            session->end_cause = "client closed the connection";
        else if (!stopped && got_sigterm)
            session->end_cause = "server stopping";
        else if (!stopped && idle > 0 &&
                 time(NULL) - last_output > idle &&
                 time(NULL) - session->last_input > idle)
            session->end_cause = "idle timeout";
        else if (!stopped && exec_input_refused(exec))
            session->end_cause = "too much input";
        if (!stopped && session->end_cause != NULL) {
            exec_stop(exec);
            stopped = 1;
            kill_at = time(NULL) + COMMAND_KILL_DELAY;
        }
        if (kill_at != 0 && time(NULL) > kill_at) {
            exec_signal(exec, SIGKILL);
            kill_at = 0;
        }
    }
}

/*
 * Send a message on the stderr stream when the client's window has room
 * for it. A client that stopped reading would otherwise block the write,
 * and with it the end of the session.
 */
static void
session_exec_message(struct session *session, const char *message)
{
    size_t len = strlen(message);

    if (ssh_channel_window_size(session->channel) >= len)
        ssh_channel_write_stderr(session->channel, message, (uint32_t)len);
    else
        log_info("account=%s: a message on stderr was not sent because the "
                 "client's window is full",
                 session->account);
}

/* Send the end of a command to a client that still listens. */
static void
session_exec_report(struct session *session, int status, int signo)
{
    const char *name = NULL;
    int french = session->lang == NULL || strcmp(session->lang, "en") != 0;
    char *message = NULL;

    if (session->channel_closed)
        return;
    name = session_signal_name(signo);
    if (exec_input_refused(session->exec)) {
        message = xasprintf(french ? "terrish : plus de %d Mio reçus sur "
                                     "l'entrée standard ; la commande est "
                                     "arrêtée.\n"
                                   : "terrish: more than %d MiB received on "
                                     "standard input; the command was "
                                     "stopped.\n",
                            EXEC_INPUT_MAX / (1024 * 1024));
        session_exec_message(session, message);
        free(message);
        status = EXIT_INVALID_INPUT;
        signo = 0;
    } else if (got_sigterm) {
        session_exec_message(
            session, french ? "terrish : le serveur s'arrête ; la commande "
                              "est interrompue.\n"
                            : "terrish: the server is stopping; the command "
                              "was interrupted.\n");
    }
    if (signo != 0 && name != NULL)
        ssh_channel_request_send_exit_signal(session->channel, name, 0, "",
                                             "");
    else
        ssh_channel_request_send_exit_status(
            session->channel, status < 0 ? EXIT_FAILURE_RUN : status);
    ssh_channel_send_eof(session->channel);
    ssh_channel_close(session->channel);
}

/* Run the command of the exec request as the account, on the server's
 * store, and relay it; returns when the command is over. */
static void
session_run_exec(struct session *session)
{
    struct command_context context;
    struct exec_request request;
    struct timespec started;
    struct user account;
    const char *name = session_command_name(session->exec_line);
    char *error = NULL;
    int status;
    int rc;

    memset(&account, 0, sizeof account);
    rc = store_user_find(session->store, session->account, &account);
    if (rc == 0 && account.role == ROLE_REGIONAL_ADMIN)
        snprintf(session->region, sizeof session->region, "%s",
                 account.region);
    context = (struct command_context){
        .origin = COMMAND_REMOTE,
        .account = session->account,
        .role = account.role,
        .store_path = session->config->store_path,
        .invocation = session->command_prefix,
        .address = session->address,
        .region = session->region[0] != '\0' ? session->region : NULL,
    };
    user_clear(&account);
    /* A regional administrator's commands are scoped by its région: one
     * without a région (which the schema forbids) gets no command. */
    if (rc == 0 && context.role == ROLE_REGIONAL_ADMIN &&
        context.region == NULL)
        rc = -1;
    if (rc != 0) {
        log_error("account=%s cannot run a command: %s", session->account,
                  rc < 0 ? store_error(session->store)
                         : "the account was removed");
        session_reject_channel(
            session,
            session_text(session,
                         "terrish : le compte n'a pas pu être lu ; l'erreur "
                         "est dans le journal du serveur.\n",
                         "terrish: the account could not be read; the error "
                         "is in the server log.\n"),
            rc < 0 ? EXIT_FAILURE_RUN : EXIT_PERMISSION);
        session->end_cause = "account not found";
        return;
    }
    /* The command opens its own connection to the store. */
    store_close(session->store);
    session->store = NULL;

    memset(&request, 0, sizeof request);
    request.line = session->exec_line;
    request.context = &context;
    request.lang = session->lang;
    request.locale_dir = session->config->locale_dir;
    request.crlf = session->pty_requested;
    clock_gettime(CLOCK_MONOTONIC, &started);
    session->exec = exec_start(session->ssh, session->channel, session->event,
                               &request, &error);
    if (session->exec == NULL) {
        log_error("cannot start command %s for account=%s: %s", name,
                  session->account, error);
        free(error);
        session_reject_channel(
            session,
            session_text(session,
                         "terrish : la commande n'a pas pu démarrer ; "
                         "l'erreur est dans le journal du serveur.\n",
                         "terrish: the command could not start; the error "
                         "is in the server log.\n"),
            EXIT_FAILURE_RUN);
        session->end_cause = "command failed to start";
        return;
    }
    if (session->client_eof)
        exec_input_eof(session->exec);
    log_info("command started pid=%ld child=%ld account=%s from=%s name=%s",
             (long)getpid(), (long)exec_pid(session->exec), session->account,
             session->peer, name);
    session->last_input = time(NULL);
    session_exec_loop(session);

    status = exec_exit_status(session->exec);
    session_exec_report(session, status, exec_term_signal(session->exec));
    if (exec_term_signal(session->exec) != 0)
        log_info("command ended account=%s name=%s signal=%d "
                 "duration=%.2fs output=%llu bytes",
                 session->account, name, exec_term_signal(session->exec),
                 elapsed_seconds(&started), exec_output_bytes(session->exec));
    else
        log_info("command ended account=%s name=%s status=%d "
                 "duration=%.2fs output=%llu bytes",
                 session->account, name, status, elapsed_seconds(&started),
                 exec_output_bytes(session->exec));
    if (session->end_cause == NULL)
        session->end_cause = "command done";
}

/*
 * Serve a login as REQUEST_ACCOUNT: count it against the hourly limit of
 * its address, refuse a command, then show the request form.
 */
static void
session_run_request(struct session *session)
{
    char *message = NULL;
    int count = 0;

    if (request_login_record(session->config->store_path, session->address,
                             &count) != 0) {
        session_reject_channel(
            session,
            session_text(session,
                         "terrish : la demande de compte n'est pas "
                         "disponible ; l'erreur est dans le journal du "
                         "serveur.\r\n",
                         "terrish: account requests are not available; the "
                         "error is in the server log.\r\n"),
            EXIT_FAILURE_RUN);
        session->end_cause = "request logins not counted";
        return;
    }
    if (session->exec_requested) {
        session_reject_channel(
            session,
            session_text(session,
                         "terrish : le compte 'request' sert à demander un "
                         "compte dans l'application ; connectez-vous avec "
                         "'ssh -t' sans commande.\n",
                         "terrish: the 'request' login is for asking for an "
                         "account in the application; connect with 'ssh -t' "
                         "and no command.\n"),
            EXIT_PERMISSION);
        session->end_cause = "command refused for a request login";
        return;
    }
    if (count > REQUEST_LOGINS_PER_HOUR) {
        if (session->lang != NULL && strcmp(session->lang, "en") == 0)
            message = xasprintf("terrish: too many account request logins "
                                "from your address in the last hour (at "
                                "most %d); try again later.\r\n",
                                REQUEST_LOGINS_PER_HOUR);
        else
            message = xasprintf("terrish : trop de connexions de demande de "
                                "compte depuis votre adresse dans la "
                                "dernière heure (maximum %d) ; réessayez "
                                "plus tard.\r\n",
                                REQUEST_LOGINS_PER_HOUR);
        session_reject_channel(session, message, EXIT_PERMISSION);
        free(message);
        log_warn("request login from %s refused: %d logins in the last "
                 "hour (limit %d)",
                 session->address, count, REQUEST_LOGINS_PER_HOUR);
        session->end_cause = "request login limit reached";
        return;
    }
    session_run_shell(session);
}

static void
session_install_signals(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof action);
    action.sa_handler = session_on_sigterm;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
}

void
session_run(ssh_session ssh, ssh_bind bind, const struct server_config *config,
            int control_fd)
{
    struct ssh_server_callbacks_struct server_callbacks;
    struct session session;
    char *error = NULL;
    int exit_code = 1;

    memset(&session, 0, sizeof session);
    session.ssh = ssh;
    session.config = config;
    session.control_fd = control_fd;
    clock_gettime(CLOCK_MONOTONIC, &session.started);
    ssh_bind_free(bind);
    log_set_prefix("terrish-session");
    session_install_signals();

    server_peer_address(ssh_get_fd(ssh), session.peer, sizeof session.peer);
    server_client_address(ssh_get_fd(ssh), session.address,
                          sizeof session.address);

    if (store_open(config->store_path, STORE_OPEN_READONLY, &session.store,
                   &error) != 0) {
        log_error("cannot open store %s: %s", config->store_path, error);
        free(error);
        goto out;
    }

    memset(&server_callbacks, 0, sizeof server_callbacks);
    server_callbacks.userdata = &session;
    server_callbacks.auth_password_function = session_auth_password;
    server_callbacks.auth_pubkey_function = session_auth_pubkey;
    server_callbacks.channel_open_request_session_function =
        session_on_channel_open;
    ssh_callbacks_init(&server_callbacks);
    ssh_set_server_callbacks(ssh, &server_callbacks);
    ssh_set_auth_methods(ssh, SSH_AUTH_METHOD_PASSWORD |
                                  SSH_AUTH_METHOD_PUBLICKEY);

    if (ssh_handle_key_exchange(ssh) != SSH_OK) {
        log_info("key exchange with %s failed: %s", session.peer,
                 ssh_get_error(ssh));
        session.end_cause = "key exchange failed";
        goto out;
    }
    session.event = ssh_event_new();
    if (session.event == NULL || ssh_event_add_session(session.event, ssh) !=
                                     SSH_OK) {
        log_error("cannot create the event loop");
        goto out;
    }
    if (session_wait_request(&session) != 0)
        goto out;
    session.lang = session_language(&session);
    session_set_command_prefix(&session);

    if (!session.slot_granted) {
        char *message = NULL;

        if (session.lang != NULL && strcmp(session.lang, "en") == 0)
            message = xasprintf("terrish: the server has reached its maximum "
                                "number of sessions (%d); try again "
                                "later.\r\n",
                                config->max_sessions);
        else
            message = xasprintf("terrish : le serveur a atteint son nombre "
                                "maximal de sessions (%d) ; réessayez plus "
                                "tard.\r\n",
                                config->max_sessions);
        session_reject_channel(&session, message, 1);
        free(message);
        session.end_cause = "maximum sessions reached";
        goto out;
    }
    /* The slot is held until this process exits; the listener needs
     * nothing more from it. */
    close(session.control_fd);
    session.control_fd = -1;
    if (session.request_mode)
        session_run_request(&session);
    else if (session.exec_requested)
        session_run_exec(&session);
    else
        session_run_shell(&session);
    exit_code = 0;
out:
    session_wait_client_close(&session);
    if (session.authenticated)
        log_info("session ended account=%s from=%s duration=%.1fs cause=%s",
                 session.account, session.peer,
                 elapsed_seconds(&session.started),
                 session.end_cause != NULL ? session.end_cause : "error");
    else
        log_info("connection from %s ended before authentication "
                 "(%.1fs): %s",
                 session.peer, elapsed_seconds(&session.started),
                 session.end_cause != NULL ? session.end_cause : "error");
    if (session.relay != NULL)
        relay_free(session.relay);
    exec_free(session.exec);
    free(session.exec_line);
    request_key_clear(&session.request_key);
    if (session.event != NULL)
        ssh_event_free(session.event);
    store_close(session.store);
    ssh_disconnect(ssh);
    ssh_free(ssh);
    if (session.control_fd >= 0)
        close(session.control_fd);
    _exit(exit_code);
}
