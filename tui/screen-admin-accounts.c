/*
 * terrish: the accounts section of the administration. An administrator
 * sees every account and changes its role and région or removes it. A
 * regional administrator sees, read-only, the accounts created from the
 * requests it accepted: roles are given by administrators.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

enum accounts_mode {
    MODE_BROWSE,
    MODE_ROLE,          /* choosing the new role: 1, 2 or 3 */
    MODE_REGION,        /* typing the région of a regional administrator */
    MODE_CONFIRM_REMOVE /* 'x' was pressed once */
};

struct accounts_screen {
    /* Administrators: every account. */
    struct user *users;
    size_t user_count;
    /* Regional administrators: the requests they accepted. */
    struct account_request *accepted;
    size_t accepted_count;
    struct tui_list list;
    enum accounts_mode mode;
    struct tui_input region;
    int read_only;
};

static const struct tui_key_help accounts_help[] = {
    {NULL, N_("Accounts and roles")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {"r", N_("change the role (administrators): 1 user, 2 regional "
             "administrator (then type the région code), 3 administrator")},
    {"x", N_("remove the account (press x again to confirm)")},
    {NULL, N_("A regional administrator sees the accounts made from the "
              "requests it accepted, and changes nothing here.")},
    {NULL, NULL},
};

static void
accounts_clear(struct accounts_screen *screen)
{
    size_t i;

    for (i = 0; i < screen->user_count; i++) {
        user_clear(&screen->users[i]);
    }
    free(screen->users);
    screen->users = NULL;
    screen->user_count = 0;
    account_requests_free(screen->accepted, screen->accepted_count);
    screen->accepted = NULL;
    screen->accepted_count = 0;
}

static void
accounts_load(struct tui_app *app, struct accounts_screen *screen)
{
    struct request_filter filter = {NULL, 0, app->user_name};
    size_t selected = screen->list.selected;
    int rc;

    accounts_clear(screen);
    if (screen->read_only) {
        rc = app->user_name != NULL
                 ? store_request_list(app->store, &filter, &screen->accepted,
                                      &screen->accepted_count)
                 : 0;
        tui_list_reset(&screen->list, screen->accepted_count);
    } else {
        rc = store_user_list(app->store, &screen->users, &screen->user_count);
        tui_list_reset(&screen->list, screen->user_count);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the accounts: %s"),
                            tui_store_error(app));
    }
    tui_list_select(&screen->list, selected, app->body.height - 4);
}

static void *
accounts_create(struct tui_app *app, const void *arg)
{
    struct accounts_screen *screen = xcalloc(1, sizeof(*screen));

    (void)arg;
    screen->read_only = app->role != ROLE_ADMIN;
    accounts_load(app, screen);
    return screen;
}

static const char *
accounts_role_label(enum user_role role)
{
    switch (role) {
    case ROLE_USER:
        return _("user");
    case ROLE_REGIONAL_ADMIN:
        return _("regional administrator");
    case ROLE_ADMIN:
        return _("administrator");
    }
    return "";
}

static void
accounts_draw_item(struct tui_app *app, void *arg, size_t index,
                   const struct tui_rect *line, int selected)
{
    struct accounts_screen *screen = arg;
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    char role[96];
    int x = line->x + 1;
    int end = line->x + line->width - 1;

    (void)app;
    if (screen->read_only) {
        const struct account_request *r = &screen->accepted[index];

        x += tui_draw_text(line->y, x, 24, colour, r->account_name) + 2;
        x += tui_draw_text(line->y, x, 26, colour, r->full_name) + 2;
        if (x < end) {
            tui_draw_text(line->y, x, end - x, colour,
                          r->territory_name != NULL ? r->territory_name : "");
        }
        return;
    }
    if (screen->users[index].role == ROLE_REGIONAL_ADMIN) {
        snprintf(role, sizeof(role), "%s %s",
                 accounts_role_label(screen->users[index].role),
                 screen->users[index].region);
    } else {
        snprintf(role, sizeof(role), "%s",
                 accounts_role_label(screen->users[index].role));
    }
    x += tui_draw_text(line->y, x, 32, colour, screen->users[index].name) + 2;
    if (x < end) {
        tui_draw_text(line->y, x, end - x, colour, role);
    }
}

static void
accounts_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct accounts_screen *screen = state;
    struct tui_rect area = {body->y + 1, body->x, body->height - 3,
                            body->width};
    struct tui_rect line = {body->y + body->height - 1, 1, 1,
                            body->width - 2};

    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_DIM,
                  screen->read_only
                      ? _("Accounts made from the requests you accepted "
                          "(read-only)")
                      : _("Every account: r change the role, x remove"));
    if (screen->list.count == 0) {
        tui_draw_text(body->y + 2, 2, body->width - 4, TUI_COLOUR_NORMAL,
                      _("No account."));
        return;
    }
    tui_list_draw(app, &screen->list, &area, accounts_draw_item, screen);
    switch (screen->mode) {
    case MODE_ROLE:
        tui_draw_text(line.y, 1, line.width, TUI_COLOUR_ALERT,
                      _("New role: 1 user, 2 regional administrator, 3 "
                        "administrator (Esc: cancel)"));
        break;
    case MODE_REGION:
        tui_input_draw(app, &screen->region, &line,
                       _("Région code (such as 84):"));
        break;
    case MODE_CONFIRM_REMOVE:
        tui_draw_text(line.y, 1, line.width, TUI_COLOUR_ALERT,
                      _("Press x again to remove the account and its "
                        "dashboards, any other key to cancel."));
        break;
    case MODE_BROWSE:
        break;
    }
}

/*
 * Return 1 when region is the code of a région of the store. Otherwise
 * say why in the user's language, since the store's own message is in
 * English, and return 0.
 */
static int
accounts_region_known(struct tui_app *app, const char *region)
{
    struct territory territory;
    int rc;

    if (region[strspn(region, " ")] == '\0') {
        tui_app_set_message(app, 1,
                            _("The role was not changed: a regional "
                              "administrator needs a région code, such as "
                              "84."));
        return 0;
    }
    rc = store_territory_get(app->store, LEVEL_REGION, region, &territory);
    territory_clear(&territory);
    if (rc == 1) {
        tui_app_set_message(app, 1,
                            _("The role was not changed: no région has the "
                              "code \"%s\". Give the INSEE code of a région, "
                              "such as 84."),
                            region);
    } else if (rc < 0) {
        tui_app_set_message(app, 1, _("The role was not changed: %s"),
                            tui_store_error(app));
    }
    return rc == 0;
}

/* Apply a role to the selected account. */
static void
accounts_set_role(struct tui_app *app, struct accounts_screen *screen,
                  enum user_role role, const char *region)
{
    const char *name = screen->users[screen->list.selected].name;

    if (role == ROLE_REGIONAL_ADMIN && !accounts_region_known(app, region)) {
        return;
    }
    if (store_account_set_role(app->store, name, role, region,
                               &app->actor) != 0) {
        tui_app_set_message(app, 1, _("The role was not changed: %s"),
                            tui_store_error(app));
    } else {
        tui_app_set_message(app, 0, _("%s is now %s."), name,
                            accounts_role_label(role));
    }
    accounts_load(app, screen);
}

static void
accounts_remove(struct tui_app *app, struct accounts_screen *screen)
{
    char name[64];

    snprintf(name, sizeof(name), "%s",
             screen->users[screen->list.selected].name);
    if (store_account_remove(app->store, name, &app->actor) != 0) {
        tui_app_set_message(app, 1, _("The account was not removed: %s"),
                            tui_store_error(app));
    } else {
        tui_app_set_message(app, 0, _("Account %s removed."), name);
    }
    accounts_load(app, screen);
}

/* Return 1 (with a message) when the selected account is the user's own:
 * an administrator does not lock itself out from here. */
static int
accounts_is_self(struct tui_app *app, const struct accounts_screen *screen)
{
    if (app->user_name == NULL ||
        strcmp(screen->users[screen->list.selected].name, app->user_name) !=
            0) {
        return 0;
    }
    tui_app_set_message(app, 1, _("This is your own account: ask another "
                                  "administrator, or use terrish user on "
                                  "the server."));
    return 1;
}

static int
accounts_mode_key(struct tui_app *app, struct accounts_screen *screen,
                  const struct tui_key *key)
{
    int escape = !key->function && (key->code == TUI_ESCAPE ||
                                     key->code == TUI_CTRL('C'));

    if (screen->mode == MODE_REGION) {
        if (escape) {
            screen->mode = MODE_BROWSE;
        } else if (tui_key_is_enter(key)) {
            screen->mode = MODE_BROWSE;
            accounts_set_role(app, screen, ROLE_REGIONAL_ADMIN,
                              screen->region.text);
        } else {
            return (tui_input_key(&screen->region, key) &
                    ~TUI_INPUT_CHANGED) |
                   TUI_KEY_HANDLED;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (screen->mode == MODE_ROLE) {
        screen->mode = MODE_BROWSE;
        if (!key->function && key->code == '1') {
            accounts_set_role(app, screen, ROLE_USER, NULL);
        } else if (!key->function && key->code == '3') {
            accounts_set_role(app, screen, ROLE_ADMIN, NULL);
        } else if (!key->function && key->code == '2') {
            tui_input_clear(&screen->region);
            screen->mode = MODE_REGION;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    screen->mode = MODE_BROWSE;
    if (!key->function && key->code == 'x') {
        accounts_remove(app, screen);
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
accounts_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct accounts_screen *screen = state;
    int flags;

    if (screen->mode != MODE_BROWSE) {
        return accounts_mode_key(app, screen, key);
    }
    flags = tui_list_key(&screen->list, key, app->body.height - 4, 1);
    if (flags != 0 || key->function || screen->read_only ||
        screen->list.count == 0) {
        return flags;
    }
    if (key->code == 'r' && !accounts_is_self(app, screen)) {
        screen->mode = MODE_ROLE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key->code == 'x' && !accounts_is_self(app, screen)) {
        screen->mode = MODE_CONFIRM_REMOVE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key->code == 'r' || key->code == 'x') {
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static int
accounts_typing(void *state)
{
    const struct accounts_screen *screen = state;

    return screen->mode == MODE_REGION;
}

static const char *
accounts_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Accounts and roles");
}

static void
accounts_free(void *state)
{
    struct accounts_screen *screen = state;

    accounts_clear(screen);
    free(screen);
}

const struct tui_screen_ops tui_screen_admin_accounts = {
    .name = "admin-accounts",
    .create = accounts_create,
    .title = accounts_title,
    .draw = accounts_draw,
    .key = accounts_key,
    .typing = accounts_typing,
    .help = accounts_help,
    .free = accounts_free,
};
