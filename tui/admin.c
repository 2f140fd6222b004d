/*
 * terrish: who uses the terminal application, and the key that opens the
 * administration screens for administrators and regional administrators.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

const struct tui_screen_ops *
tui_admin_setup(struct tui_app *app, const struct tui_options *options)
{
    struct user account;

    app->actor.account = AUDIT_LOCAL_ACCOUNT;
    app->actor.address = options->client_address != NULL
                             ? options->client_address
                             : AUDIT_LOCAL_ADDRESS;
    app->role = ROLE_USER;
    app->region[0] = '\0';
    if (options->request_key_base64 != NULL) {
        /* No account yet: nothing to show in the status bar or to save
         * the language to. */
        app->user_name = NULL;
        store_set_published_only(app->store, 1);
        return &tui_screen_request;
    }
    if (options->user_name == NULL) {
        /* terrish ui without --user: the operator of the server, who has
         * the file system's rights over the store. */
        app->role = ROLE_ADMIN;
        return &tui_screen_picker;
    }
    app->actor.account = options->user_name;
    memset(&account, 0, sizeof(account));
    if (store_user_find(app->store, options->user_name, &account) == 0) {
        app->role = account.role;
        snprintf(app->region, sizeof(app->region), "%s", account.region);
    }
    user_clear(&account);
    /* A regional administrator without a région has nothing to manage. */
    if (app->role == ROLE_REGIONAL_ADMIN && app->region[0] == '\0') {
        app->role = ROLE_USER;
    }
    store_set_published_only(app->store, app->role != ROLE_ADMIN);
    return &tui_screen_picker;
}

int
tui_admin_allowed(const struct tui_app *app)
{
    return app->role == ROLE_ADMIN || app->role == ROLE_REGIONAL_ADMIN;
}

int
tui_admin_key(struct tui_app *app)
{
    size_t i;

    if (!tui_admin_allowed(app)) {
        return 0;
    }
    for (i = 0; i < app->depth; i++) {
        if (app->stack[i].ops == &tui_screen_admin) {
            tui_app_set_message(app, 0,
                                _("The administration is already open: go "
                                  "back to it."));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
    }
    tui_app_push(app, &tui_screen_admin, NULL);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

void
tui_audit_remove(struct tui_app *app, const char *kind, int64_t id,
                 const char *owner)
{
    json_t *detail = json_pack("{s:s}", "owner", owner);
    char action[32];
    char target[48];

    snprintf(action, sizeof(action), "%s.remove", kind);
    snprintf(target, sizeof(target), "%s:%lld", kind, (long long)id);
    if (store_audit(app->store, &app->actor, action, target, detail) != 0) {
        log_warn("could not write %s of %s to the audit log: %s", action,
                 target, store_error(app->store));
    }
    json_decref(detail);
}

int
tui_key_is_enter(const struct tui_key *key)
{
    if (key->function) {
        return key->code == KEY_ENTER;
    }
    return key->code == '\r' || key->code == '\n';
}

int
tui_draw_wrapped(int y, int x, int width, int limit, enum tui_colour colour,
                 const char *text)
{
    char line[512];

    if (width < 1) {
        return y;
    }
    do {
        const char *next = text;
        size_t length = tui_text_wrap(text, width, &next);
        const char *newline = memchr(text, '\n', length);

        if (newline != NULL) {
            length = (size_t)(newline - text);
            next = newline + 1;
        }
        if (length >= sizeof(line)) {
            length = sizeof(line) - 1;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        if (y < limit) {
            tui_draw_text(y, x, width, colour, line);
        }
        y++;
        text = next;
    } while (*text != '\0');
    return y;
}
