/*
 * terrish: the public dashboards section of the administration, for
 * administrators: every dashboard of the server, keys that make the
 * selected one public (every account may view it) or private again, open
 * it, or remove it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

struct dashboards_screen {
    struct dashboard *items;
    size_t count;
    struct tui_list list;
    int confirm_remove; /* x was pressed once on the selected line */
    int stale;          /* a dashboard was opened: read the list again */
};

static const struct tui_key_help dashboards_help[] = {
    {NULL, N_("Public dashboards")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {N_("p, Space"), N_("make the dashboard public, or private again")},
    {N_("Enter"), N_("open the dashboard, with the rights of its owner")},
    {"x", N_("remove the dashboard with its history (press twice)")},
    {NULL, NULL},
};

static void
dashboards_clear(struct dashboards_screen *screen)
{
    size_t i;

    for (i = 0; i < screen->count; i++) {
        dashboard_clear(&screen->items[i]);
    }
    free(screen->items);
    screen->items = NULL;
    screen->count = 0;
}

static void
dashboards_load(struct tui_app *app, struct dashboards_screen *screen)
{
    size_t selected = screen->list.selected;

    dashboards_clear(screen);
    if (store_dashboard_list_all(app->store, &screen->items, &screen->count) !=
        0) {
        tui_app_set_message(app, 1, _("Could not read the dashboards: %s"),
                            tui_store_error(app));
    }
    tui_list_reset(&screen->list, screen->count);
    tui_list_select(&screen->list, selected, app->body.height - 2);
}

static void *
dashboards_create(struct tui_app *app, const void *arg)
{
    struct dashboards_screen *screen;

    (void)arg;
    if (app->role != ROLE_ADMIN) {
        tui_app_set_message(app, 1, _("Public dashboards are chosen by "
                                      "administrators."));
        return NULL;
    }
    screen = xcalloc(1, sizeof(*screen));
    dashboards_load(app, screen);
    return screen;
}

static void
dashboards_draw_item(struct tui_app *app, void *arg, size_t index,
                     const struct tui_rect *line, int selected)
{
    struct dashboards_screen *screen = arg;
    const struct dashboard *dashboard = &screen->items[index];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    char number[24];
    int x = line->x + 1;
    int end = line->x + line->width - 1;

    (void)app;
    snprintf(number, sizeof(number), "%5lld", (long long)dashboard->id);
    x += tui_draw_text(line->y, x, 6, colour, number) + 1;
    x += tui_draw_text(line->y, x, 10,
                       selected            ? colour
                       : dashboard->public ? TUI_COLOUR_HEADING
                                           : TUI_COLOUR_DIM,
                       dashboard->public ? _("public") : _("private")) +
         1;
    if (x < 19) {
        x = 19;
    }
    x += tui_draw_text(line->y, x, 20, colour, dashboard->owner) + 2;
    if (x < end) {
        tui_draw_text(line->y, x, end - x, colour, dashboard->name);
    }
}

static void
dashboards_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct dashboards_screen *screen = state;
    struct tui_rect area = {body->y + 1, body->x, body->height - 1,
                            body->width};

    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_DIM,
                  _("Every dashboard: p makes it public or private, Enter "
                    "opens it, x removes it"));
    if (screen->count == 0) {
        tui_draw_text(body->y + 2, 2, body->width - 4, TUI_COLOUR_NORMAL,
                      _("No dashboard yet."));
        return;
    }
    tui_list_draw(app, &screen->list, &area, dashboards_draw_item, screen);
}

/* Make the selected dashboard public or private, with its audit row. */
static void
dashboards_toggle(struct tui_app *app, struct dashboards_screen *screen)
{
    const struct dashboard *dashboard = &screen->items[screen->list.selected];
    int64_t id = dashboard->id;
    int public = !dashboard->public;
    json_t *detail = NULL;
    char target[48];
    int rc;

    if (app->user_name != NULL) {
        rc = store_dashboard_set_public(app->store, app->user_name, id,
                                        public);
    } else {
        rc = store_dashboard_mark_public(app->store, id, public);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Not changed: %s"),
                            tui_store_error(app));
        return;
    }
    snprintf(target, sizeof(target), "dashboard:%lld", (long long)id);
    detail = json_pack("{s:b}", "public", public);
    if (store_audit(app->store, &app->actor, "dashboard.public", target,
                    detail) != 0) {
        tui_app_set_message(app, 1, _("Changed, but the audit log failed: "
                                      "%s"),
                            tui_store_error(app));
    } else {
        tui_app_set_message(app, 0,
                            public ? _("Dashboard %lld is public.")
                                   : _("Dashboard %lld is private."),
                            (long long)id);
    }
    json_decref(detail);
    dashboards_load(app, screen);
}

/* Remove the selected dashboard at the second x, with its audit row. */
static void
dashboards_remove(struct tui_app *app, struct dashboards_screen *screen)
{
    const struct dashboard *dashboard = &screen->items[screen->list.selected];
    int rc;

    if (!screen->confirm_remove) {
        screen->confirm_remove = 1;
        tui_app_set_message(app, 0,
                            _("Press x again to remove “%s” of %s, with its "
                              "history."),
                            dashboard->name, dashboard->owner);
        return;
    }
    screen->confirm_remove = 0;
    rc = store_dashboard_remove(app->store, app->user_name, dashboard->id);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not remove the dashboard: %s"),
                            tui_store_error(app));
        return;
    }
    tui_audit_remove(app, "dashboard", dashboard->id, dashboard->owner);
    tui_app_set_message(app, 0, _("The dashboard was removed."));
    dashboards_load(app, screen);
}

static int
dashboards_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct dashboards_screen *screen = state;
    int remove = !key->function && key->code == 'x';
    int flags;

    if (!remove) {
        screen->confirm_remove = 0;
    }
    if (screen->count > 0 && tui_key_is_enter(key)) {
        struct tui_dashboard_arg arg = {
            screen->items[screen->list.selected].id, NULL, NULL, 0};

        screen->stale = 1;
        tui_app_push(app, &tui_screen_dashboard, &arg);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_list_key(&screen->list, key, app->body.height - 2, 1);
    if (flags != 0 || key->function) {
        return flags;
    }
    if ((key->code == 'p' || key->code == ' ') && screen->count > 0) {
        dashboards_toggle(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (remove && screen->count > 0) {
        dashboards_remove(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

/* The loop runs the idle work of the top screen after a screen above it
 * closes: read the list again then, since a dashboard opened from it may
 * have been renamed or removed. */
static int
dashboards_idle(struct tui_app *app, void *state)
{
    struct dashboards_screen *screen = state;

    if (!screen->stale) {
        return 0;
    }
    screen->stale = 0;
    dashboards_load(app, screen);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static const char *
dashboards_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Public dashboards");
}

static void
dashboards_free(void *state)
{
    struct dashboards_screen *screen = state;

    dashboards_clear(screen);
    free(screen);
}

const struct tui_screen_ops tui_screen_admin_dashboards = {
    .name = "admin-dashboards",
    .create = dashboards_create,
    .title = dashboards_title,
    .draw = dashboards_draw,
    .key = dashboards_key,
    .idle = dashboards_idle,
    .help = dashboards_help,
    .free = dashboards_free,
};
