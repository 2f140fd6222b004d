/*
 * terrish: the sharing of a dashboard or a strategy by its owner. It
 * gives a named account a role (viewer or editor), sets the public mark
 * (administrators), and for a dashboard makes a share code that anyone
 * logged in can type to open it read-only.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The store keeps rights and the share code outside the dashboard's
 * versioned content. The screen lists the accounts given a role, read
 * again after each change, and the store checks every change against the
 * account's rights.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/strategy.h"
#include "tui/dashboard.h"
#include "tui/tui-internal.h"

enum share_dialog {
    SHARE_NONE,
    SHARE_GRANT,  /* account name to grant a role */
    SHARE_ROLE,   /* viewer or editor */
    SHARE_REVOKE, /* account name to revoke */
};

/* The dashboard or strategy shared, as the screen shows it. */
struct shared {
    int64_t id;
    char *name;
    char owner[64];
    int public;
    char share_code[DASHBOARD_CODE_LENGTH + 1]; /* dashboards: "" when none */
    int64_t version; /* dashboards: sent to the other sessions */
};

struct share {
    int strategy; /* 1 for a strategy, 0 for a dashboard */
    struct shared shared;
    int admin; /* the account is an administrator */
    enum share_dialog dialog;
    struct tui_input input;
    char grantee[64];
    struct store_grant *grants; /* the accounts given a role, by name */
    size_t grant_count;
    size_t grant_top;  /* the first role shown when they do not all fit */
    size_t grant_rows; /* roles shown at the last draw */
};

static const struct tui_key_help share_help[] = {
    {NULL, N_("Sharing")},
    {"g", N_("give an account a role: viewer (reads) or editor (changes)")},
    {"x", N_("take back the role of an account")},
    {"c", N_("create a share code, or replace the one there is")},
    {"C", N_("delete the share code, so that it opens nothing any more")},
    {"p", N_("make the dashboard public or private (administrators)")},
    {N_("j, k, Down, Up"), N_("scroll the roles when they do not all fit")},
    {N_("Esc, Left, h, Backspace"), N_("back to the dashboard")},
    {NULL, NULL},
};

static const struct tui_key_help strategy_share_help[] = {
    {NULL, N_("Sharing")},
    {"g", N_("give an account a role: viewer (reads) or editor (changes)")},
    {"x", N_("take back the role of an account")},
    {"p", N_("make the strategy public or private (administrators)")},
    {N_("j, k, Down, Up"), N_("scroll the roles when they do not all fit")},
    {N_("Esc, Left, h, Backspace"), N_("back to the strategy")},
    {NULL, NULL},
};

static void
shared_clear(struct shared *shared)
{
    free(shared->name);
    memset(shared, 0, sizeof(*shared));
}

/* Read what is shared into fresh: 0, 1 when it is gone, -1. */
static int
share_fetch(struct tui_app *app, const struct share *share,
            struct shared *fresh)
{
    struct dashboard dashboard;
    struct strategy strategy;
    int rc;

    fresh->id = share->shared.id;
    if (share->strategy) {
        strategy_init(&strategy);
        rc = store_strategy_get(app->store, app->user_name, fresh->id,
                                &strategy);
        if (rc == 0) {
            fresh->name = xstrdup(strategy.name);
            snprintf(fresh->owner, sizeof(fresh->owner), "%s",
                     strategy.owner);
            fresh->public = strategy.public;
        }
        strategy_clear(&strategy);
        return rc;
    }
    memset(&dashboard, 0, sizeof(dashboard));
    rc = store_dashboard_get(app->store, fresh->id, &dashboard);
    if (rc == 0) {
        fresh->name = xstrdup(dashboard.name);
        snprintf(fresh->owner, sizeof(fresh->owner), "%s", dashboard.owner);
        fresh->public = dashboard.public;
        snprintf(fresh->share_code, sizeof(fresh->share_code), "%s",
                 dashboard.share_code);
        fresh->version = dashboard.version;
    }
    dashboard_clear(&dashboard);
    return rc;
}

static int
share_read(struct tui_app *app, struct share *share)
{
    struct shared fresh;
    int rc;

    memset(&fresh, 0, sizeof(fresh));
    rc = share_fetch(app, share, &fresh);
    if (rc != 0) {
        tui_app_set_message(app, 1,
                            share->strategy
                                ? _("Could not read the strategy: %s")
                                : _("Could not read the dashboard: %s"),
                            rc == 1 ? _("it does not exist")
                                    : tui_store_error(app));
        shared_clear(&fresh);
        return -1;
    }
    shared_clear(&share->shared);
    share->shared = fresh;
    return 0;
}

/* Tell the sessions showing what is shared, and their lists, that its
 * rights changed. */
static void
share_announce(struct tui_app *app, const struct share *share)
{
    if (share->strategy) {
        tui_app_strategy_changed(app, share->shared.id);
    } else {
        dash_announce_rights(app, share->shared.id, share->shared.version);
    }
}

/* Read the accounts given a role again. */
static void
share_read_grants(struct tui_app *app, struct share *share)
{
    int rc;

    free(share->grants);
    share->grants = NULL;
    share->grant_count = 0;
    rc = share->strategy
             ? store_strategy_grants(app->store, share->shared.id,
                                     &share->grants, &share->grant_count)
             : store_dashboard_grants(app->store, share->shared.id,
                                      &share->grants, &share->grant_count);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the roles: %s"),
                            tui_store_error(app));
    }
}

/* Writes lines down the body. */
struct share_writer {
    const struct tui_rect *body;
    int line;
};

static void
write_line(struct share_writer *w, enum tui_colour colour, int indent,
           const char *text)
{
    if (w->line < w->body->height) {
        tui_draw_text(w->body->y + w->line, w->body->x + indent,
                      w->body->width - indent - 1, colour, text);
    }
    w->line++;
}

static void
write_wrapped(struct share_writer *w, enum tui_colour colour, int indent,
              const char *text)
{
    char line[1024];

    while (*text != '\0') {
        const char *next;
        size_t length = tui_text_wrap(text, w->body->width - indent - 1, &next);

        if (length >= sizeof(line)) {
            length = sizeof(line) - 1;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        write_line(w, colour, indent, line);
        if (next == text) {
            break;
        }
        text = next;
    }
}

/* The keys the footer offers. Only an administrator may change the public
 * mark, so only an administrator is offered p. */
static const char *
share_footer_keys(const struct share *share)
{
    if (share->strategy) {
        return share->admin ? _("g give a role · x take it back · p public")
                            : _("g give a role · x take it back");
    }
    return share->admin ? _("g give a role · x take it back · c share code "
                            "· p public")
                        : _("g give a role · x take it back · c share code");
}

/* The share code, and how another person opens the dashboard with it. */
static void
draw_code(struct tui_app *app, struct share *share, struct share_writer *w)
{
    const char *code = share->shared.share_code;
    char text[1024];

    write_line(w, TUI_COLOUR_HEADING, 1, _("Share code"));
    if (code[0] == '\0') {
        write_line(w, TUI_COLOUR_DIM, 3, _("none: press c to create one"));
        return;
    }
    write_line(w, TUI_COLOUR_NORMAL, 3, code);
    if (app->command_prefix != NULL) {
        snprintf(text, sizeof(text),
                 _("Anyone with an account opens it read-only: they "
                   "connect with “%s” (with their own account name), "
                   "press D, then o, and type %s."),
                 app->command_prefix, code);
    } else {
        snprintf(text, sizeof(text),
                 _("Anyone with an account opens it read-only: in terrish, "
                   "press D, then o, and type %s."),
                 code);
    }
    write_wrapped(w, TUI_COLOUR_DIM, 3, text);
}

static void
share_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct share *share = state;
    struct tui_rect footer = {body->y + body->height - 1, body->x + 1, 1,
                              body->width - 2};
    struct share_writer w = {body, 0};
    char text[512];
    size_t i;

    snprintf(text, sizeof(text), _("Owner: %s"), share->shared.owner);
    write_line(&w, TUI_COLOUR_NORMAL, 1, text);
    write_line(&w, TUI_COLOUR_NORMAL, 0, "");
    if (!share->strategy) {
        draw_code(app, share, &w);
        write_line(&w, TUI_COLOUR_NORMAL, 0, "");
    }
    write_line(&w, TUI_COLOUR_HEADING, 1, _("Public"));
    if (share->shared.public) {
        write_line(&w, TUI_COLOUR_NORMAL, 3,
                   _("yes: every account sees it in its list"));
    } else {
        write_line(&w, TUI_COLOUR_NORMAL, 3,
                   share->strategy
                       ? _("no: only the accounts the strategy is shared "
                           "with")
                       : _("no: only the accounts it is shared with"));
    }
    write_line(&w, TUI_COLOUR_NORMAL, 0, "");
    write_line(&w, TUI_COLOUR_HEADING, 1, _("Roles"));
    if (share->grant_count == 0) {
        write_wrapped(&w, TUI_COLOUR_DIM, 3,
                      _("No account has a role yet: g gives an account a "
                        "role, x takes it back."));
    }
    {
        /* The lines left above the footer. When the roles do not fit,
         * the last line counts them and names the scroll keys. */
        int room = body->height - 1 - w.line;
        size_t visible = room > 0 ? (size_t)room : 0;

        if (share->grant_count > visible && visible > 0) {
            visible--;
        }
        if (share->grant_top + visible > share->grant_count) {
            share->grant_top = share->grant_count > visible
                                   ? share->grant_count - visible
                                   : 0;
        }
        share->grant_rows = visible;
        for (i = share->grant_top;
             i < share->grant_count && i < share->grant_top + visible; i++) {
            snprintf(text, sizeof(text), _("%s: %s"),
                     share->grants[i].account,
                     share->grants[i].role == ACCESS_EDIT ? _("editor")
                                                          : _("viewer"));
            write_line(&w, TUI_COLOUR_NORMAL, 3, text);
        }
        if (share->grant_count > visible && room > 0) {
            snprintf(text, sizeof(text),
                     _("roles %zu to %zu of %zu: j/k or arrows scroll"),
                     share->grant_top + 1, share->grant_top + visible,
                     share->grant_count);
            write_line(&w, TUI_COLOUR_DIM, 3, text);
        }
    }
    switch (share->dialog) {
    case SHARE_GRANT:
        tui_input_draw(app, &share->input, &footer, _("Account:"));
        break;
    case SHARE_REVOKE:
        tui_input_draw(app, &share->input, &footer,
                       _("Take back the role of account:"));
        break;
    case SHARE_ROLE:
        tui_draw_fill(footer.y, body->x, body->width, TUI_COLOUR_INPUT);
        snprintf(text, sizeof(text),
                 _("Role of %s: v viewer (reads), e editor (changes), Esc "
                   "cancel"),
                 share->grantee);
        tui_draw_text(footer.y, footer.x, footer.width, TUI_COLOUR_INPUT, text);
        break;
    case SHARE_NONE:
        tui_draw_text(footer.y, footer.x, footer.width, TUI_COLOUR_DIM,
                      share_footer_keys(share));
        break;
    }
}

/* Check that the typed account exists before asking for its role. */
static void
grant_name(struct tui_app *app, struct share *share)
{
    struct user user;
    int rc;

    memset(&user, 0, sizeof(user));
    rc = store_user_find(app->store, share->input.text, &user);
    user_clear(&user);
    if (rc != 0) {
        tui_app_set_message(app, 1,
                            rc > 0 ? _("No account is named “%s”.")
                                   : _("Could not read the account “%s”."),
                            share->input.text);
        return;
    }
    if (strcmp(share->input.text, share->shared.owner) == 0) {
        tui_app_set_message(app, 1,
                            share->strategy
                                ? _("%s owns this strategy already.")
                                : _("%s owns this dashboard already."),
                            share->input.text);
        return;
    }
    snprintf(share->grantee, sizeof(share->grantee), "%s", share->input.text);
    share->dialog = SHARE_ROLE;
}

/* Write a sharing action to the audit log: what is "grant", "share" or
 * "public", prefixed with the kind of what is shared. */
static void
share_audit(struct tui_app *app, const struct share *share, const char *what,
            const char *change, const char *grantee)
{
    const char *kind = share->strategy ? "strategy" : "dashboard";
    json_t *detail = json_pack("{s:s}", "change", change);
    char action[32];
    char target[48];

    if (grantee != NULL) {
        json_object_set_new(detail, "account", json_string(grantee));
    }
    snprintf(action, sizeof(action), "%s.%s", kind, what);
    snprintf(target, sizeof(target), "%s:%lld", kind,
             (long long)share->shared.id);
    if (store_audit(app->store, &app->actor, action, target, detail) != 0) {
        log_warn("could not write %s of %s to the audit log: %s", action,
                 target, store_error(app->store));
    }
    json_decref(detail);
}

/* Give grantee a role, or take it back with ACCESS_NONE. */
static void
grant(struct tui_app *app, struct share *share, const char *grantee,
      enum dashboard_access role)
{
    enum dashboard_access given = ACCESS_NONE;
    int rc;

    share->dialog = SHARE_NONE;
    if (role == ACCESS_NONE) {
        /* Taking back a role that was never given changes nothing, so it
         * writes no audit row. */
        rc = share->strategy ? store_strategy_role(app->store,
                                                   share->shared.id, grantee,
                                                   &given)
                             : store_dashboard_role(app->store,
                                                    share->shared.id, grantee,
                                                    &given);
        if (rc != 0) {
            tui_app_set_message(app, 1, _("The role was not changed: %s"),
                                tui_store_error(app));
            return;
        }
        if (given == ACCESS_NONE) {
            tui_app_set_message(app, 1,
                                _("%s has no role here: nothing to take "
                                  "back."),
                                grantee);
            return;
        }
    }
    if (share->strategy) {
        rc = store_strategy_grant(app->store, app->user_name,
                                  share->shared.id, grantee, role);
    } else {
        rc = store_dashboard_grant(app->store, app->user_name,
                                   share->shared.id, grantee, role);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("The role was not changed: %s"),
                            tui_store_error(app));
        return;
    }
    share_audit(app, share, "grant",
                role == ACCESS_NONE   ? "none"
                : role == ACCESS_EDIT ? "editor"
                                      : "viewer",
                grantee);
    /* A new or changed role changes what the grantee's lists and open
     * screens offer, as taking it back does. */
    share_announce(app, share);
    share_read_grants(app, share);
    if (role == ACCESS_NONE) {
        tui_app_set_message(app, 0, _("%s has no role any more."), grantee);
    } else {
        tui_app_set_message(app, 0,
                            role == ACCESS_EDIT ? _("%s is now an editor.")
                                                : _("%s is now a viewer."),
                            grantee);
    }
}

static void
share_code(struct tui_app *app, struct share *share, int create)
{
    char code[DASHBOARD_CODE_LENGTH + 1];
    int rc;

    rc = create ? store_dashboard_share(app->store, app->user_name,
                                        share->shared.id, code)
                : store_dashboard_unshare(app->store, app->user_name,
                                          share->shared.id);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("The share code was not changed: %s"),
                            tui_store_error(app));
        return;
    }
    share_audit(app, share, "share", create ? "code" : "no code", NULL);
    share_announce(app, share);
    share_read(app, share);
}

static void
share_public(struct tui_app *app, struct share *share)
{
    int rc;

    if (!share->admin) {
        tui_app_set_message(app, 1,
                            share->strategy
                                ? _("Only an administrator can make a "
                                    "strategy public.")
                                : _("Only an administrator can make a "
                                    "dashboard public."));
        return;
    }
    if (share->strategy) {
        rc = store_strategy_set_public(app->store, app->user_name,
                                       share->shared.id,
                                       !share->shared.public);
    } else {
        rc = store_dashboard_set_public(app->store, app->user_name,
                                        share->shared.id,
                                        !share->shared.public);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1,
                            share->strategy
                                ? _("The strategy was not changed: %s")
                                : _("The dashboard was not changed: %s"),
                            tui_store_error(app));
        return;
    }
    share_audit(app, share, "public",
                share->shared.public ? "private" : "public", NULL);
    share_announce(app, share);
    share_read(app, share);
}

static int
key_is_enter(const struct tui_key *key)
{
    return (key->function && key->code == KEY_ENTER) ||
           (!key->function && (key->code == '\r' || key->code == '\n'));
}

static int
dialog_key(struct tui_app *app, struct share *share, const struct tui_key *key)
{
    int flags;

    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        share->dialog = SHARE_NONE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (share->dialog == SHARE_ROLE) {
        if (!key->function && (key->code == 'v' || key->code == 'e')) {
            grant(app, share, share->grantee,
                  key->code == 'e' ? ACCESS_EDIT : ACCESS_VIEW);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_enter(key)) {
        if (share->dialog == SHARE_GRANT) {
            grant_name(app, share);
        } else {
            grant(app, share, share->input.text, ACCESS_NONE);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_input_key(&share->input, key);
    return (flags & ~TUI_INPUT_CHANGED) | TUI_KEY_HANDLED;
}

static int
share_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct share *share = state;

    if (share->dialog != SHARE_NONE) {
        return dialog_key(app, share, key);
    }
    if ((key->function && key->code == KEY_DOWN) ||
        (!key->function && key->code == 'j')) {
        if (share->grant_top + share->grant_rows < share->grant_count) {
            share->grant_top++;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if ((key->function && key->code == KEY_UP) ||
        (!key->function && key->code == 'k')) {
        if (share->grant_top > 0) {
            share->grant_top--;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key->function) {
        return 0;
    }
    switch (key->code) {
    case 'g':
    case 'x':
        tui_input_clear(&share->input);
        share->dialog = key->code == 'g' ? SHARE_GRANT : SHARE_REVOKE;
        break;
    case 'c':
    case 'C':
        if (share->strategy) {
            return 0;
        }
        share_code(app, share, key->code == 'c');
        break;
    case 'p':
        share_public(app, share);
        break;
    default:
        return 0;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static void
share_free(void *state)
{
    struct share *share = state;

    free(share->grants);
    shared_clear(&share->shared);
    free(share);
}

static void *
share_open(struct tui_app *app, const void *arg, int strategy)
{
    struct share *share = xcalloc(1, sizeof(*share));
    struct user user;

    share->strategy = strategy;
    share->shared.id = *(const int64_t *)arg;
    if (share_read(app, share) != 0) {
        share_free(share);
        return NULL;
    }
    share_read_grants(app, share);
    memset(&user, 0, sizeof(user));
    if (app->user_name != NULL &&
        store_user_find(app->store, app->user_name, &user) == 0) {
        share->admin = user.role == ROLE_ADMIN;
    }
    user_clear(&user);
    return share;
}

static void *
share_create(struct tui_app *app, const void *arg)
{
    return share_open(app, arg, 0);
}

static void *
strategy_share_create(struct tui_app *app, const void *arg)
{
    return share_open(app, arg, 1);
}

static const char *
share_title(struct tui_app *app, void *state)
{
    struct share *share = state;
    static char title[256];

    (void)app;
    snprintf(title, sizeof(title), _("Sharing: %s"), share->shared.name);
    return title;
}

static int
share_typing(void *state)
{
    const struct share *share = state;

    return share->dialog == SHARE_GRANT || share->dialog == SHARE_REVOKE;
}

const struct tui_screen_ops tui_screen_dashboard_share = {
    .name = "dashboard-share",
    .create = share_create,
    .title = share_title,
    .draw = share_draw,
    .key = share_key,
    .typing = share_typing,
    .help = share_help,
    .free = share_free,
};

const struct tui_screen_ops tui_screen_strategy_share = {
    .name = "strategy-share",
    .create = strategy_share_create,
    .title = share_title,
    .draw = share_draw,
    .key = share_key,
    .typing = share_typing,
    .help = strategy_share_help,
    .free = share_free,
};
