/*
 * terrish: the administration menu, opened with 'A' by administrators and
 * regional administrators. Each line opens one section; the sections of
 * the whole server (catalogue, public dashboards) are for administrators.
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

struct admin_section {
    const char *label;       /* N_() */
    const char *description; /* N_() */
    const struct tui_screen_ops *screen;
    int admin_only;
};

static const struct admin_section admin_sections[] = {
    {N_("Account requests"), N_("accept or refuse the pending requests"),
     &tui_screen_admin_requests, 0},
    {N_("Accounts and roles"), N_("roles, régions; remove an account"),
     &tui_screen_admin_accounts, 0},
    {N_("Indicator catalogue"),
     N_("names, descriptions, sources; publish or withdraw"),
     &tui_screen_admin_catalogue, 1},
    {N_("Public dashboards"), N_("choose the dashboards every account sees"),
     &tui_screen_admin_dashboards, 1},
    {N_("Audit log"), N_("who did what, newest first"),
     &tui_screen_admin_audit, 0},
};

#define ADMIN_SECTION_COUNT (sizeof admin_sections / sizeof admin_sections[0])

struct admin_menu {
    const struct admin_section *sections[ADMIN_SECTION_COUNT];
    struct tui_list list;
    int pending; /* pending requests the account may decide, -1 unknown */
};

static const struct tui_key_help admin_help[] = {
    {NULL, N_("Administration")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {N_("Enter, Right, l"), N_("open the section")},
    {NULL, NULL},
};

/* Count the pending requests that the account sees. */
static void
admin_count_pending(struct tui_app *app, struct admin_menu *menu)
{
    struct request_filter filter = {
        app->role == ROLE_REGIONAL_ADMIN ? app->region : NULL, 1, NULL};
    struct account_request *requests = NULL;
    size_t count = 0;

    menu->pending = -1;
    if (store_request_list(app->store, &filter, &requests, &count) == 0) {
        menu->pending = (int)count;
    }
    account_requests_free(requests, count);
}

static void *
admin_create(struct tui_app *app, const void *arg)
{
    struct admin_menu *menu;
    size_t count = 0;
    size_t i;

    (void)arg;
    if (!tui_admin_allowed(app)) {
        tui_app_set_message(app, 1, _("Administration is for administrators "
                                      "and regional administrators."));
        return NULL;
    }
    menu = xcalloc(1, sizeof(*menu));
    for (i = 0; i < ADMIN_SECTION_COUNT; i++) {
        if (!admin_sections[i].admin_only || app->role == ROLE_ADMIN) {
            menu->sections[count++] = &admin_sections[i];
        }
    }
    tui_list_reset(&menu->list, count);
    admin_count_pending(app, menu);
    return menu;
}

static void
admin_draw_item(struct tui_app *app, void *arg, size_t index,
                const struct tui_rect *line, int selected)
{
    struct admin_menu *menu = arg;
    const struct admin_section *section = menu->sections[index];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    char label[128];

    (void)app;
    if (section->screen == &tui_screen_admin_requests && menu->pending >= 0) {
        snprintf(label, sizeof(label), _("%s (%d pending)"), _(section->label),
                 menu->pending);
    } else {
        snprintf(label, sizeof(label), "%s", _(section->label));
    }
    tui_draw_text(line->y, line->x + 1, 34, colour, label);
    if (line->width > 38) {
        tui_draw_text(line->y, line->x + 36, line->width - 37,
                      selected ? colour : TUI_COLOUR_DIM,
                      _(section->description));
    }
}

static void
admin_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct admin_menu *menu = state;
    struct tui_rect area = {body->y + 2, body->x, body->height - 2,
                            body->width};
    char scope[160];

    if (app->role == ROLE_REGIONAL_ADMIN) {
        snprintf(scope, sizeof(scope),
                 _("Regional administrator of région %s: requests of its "
                   "territories."),
                 app->region);
    } else {
        snprintf(scope, sizeof(scope), "%s", _("Administrator: every "
                                               "request and account."));
    }
    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_DIM, scope);
    tui_list_draw(app, &menu->list, &area, admin_draw_item, menu);
}

static int
admin_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct admin_menu *menu = state;
    int flags = tui_list_key(&menu->list, key, app->body.height - 2, 1);

    if (flags != 0) {
        return flags;
    }
    if (tui_key_is_enter(key) || (key->function && key->code == KEY_RIGHT) ||
        (!key->function && key->code == 'l')) {
        if (menu->list.count > 0) {
            tui_app_push(app, menu->sections[menu->list.selected]->screen,
                         NULL);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

/* The counts may have changed in a section: read them again. */
static int
admin_idle(struct tui_app *app, void *state)
{
    struct admin_menu *menu = state;
    int before = menu->pending;

    admin_count_pending(app, menu);
    return before != menu->pending ? TUI_KEY_REDRAW : 0;
}

static const char *
admin_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Administration");
}

static void
admin_free(void *state)
{
    free(state);
}

const struct tui_screen_ops tui_screen_admin = {
    .name = "admin",
    .create = admin_create,
    .title = admin_title,
    .draw = admin_draw,
    .key = admin_key,
    .idle = admin_idle,
    .help = admin_help,
    .free = admin_free,
};
