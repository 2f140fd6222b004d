/*
 * terrish: the full-screen terminal application.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_TUI_H
#define TERRISH_TUI_H

struct tui_options {
    const char *store_path; /* SQLite file, opened read-only per session */
    const char *user_name;  /* account shown in the status bar */
    const char *term;       /* TERM requested by the client, may be NULL */
    const char *lang;       /* "fr", "en", or NULL for the account's */
    const char *locale_dir; /* where fr/LC_MESSAGES/terrish.mo lives */
    /* How a user runs a command such as export from a shell, shown by the
     * screens: "ssh -p 2222 alice@host" over SSH, NULL for "terrish". */
    const char *command_prefix;
    /* Unix socket of the notification hub (common/hub.h), or NULL to run
     * without live updates from other sessions. */
    const char *hub_path;
    /* Address of the SSH client, for the audit log; NULL for the local
     * terrish ui, recorded as "local". */
    const char *client_address;
    /* Set for a login as REQUEST_ACCOUNT (store/store.h): the key the
     * person offered. The application then shows only the account request
     * form, or the state of the request made with that key. */
    const char *request_key_type;
    const char *request_key_base64;
    const char *request_key_fingerprint;
};

/*
 * Run the application on standard input and output, which must be a
 * terminal (the pty of an SSH session, or a local terminal). Returns the
 * process exit status: 0 when the user quit, 1 on error, 2 when the
 * application stopped because it received SIGTERM (after telling the user
 * that the server is stopping).
 */
int tui_run(const struct tui_options *options);

#endif
