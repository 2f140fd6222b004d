/*
 * terrish: the audit log section of the administration: the latest
 * AUDIT_PAGE_MAX rows, newest first, filtered by account and by action.
 * A regional administrator reads only the rows about the account requests
 * of its région.
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

/* Lines under the list: the selected row's address, target and detail. */
#define DETAIL_LINES 4

struct audit_screen {
    struct audit_entry *entries;
    size_t count;
    struct tui_list list;
    int action;            /* index in audit_action_names, -1 for any */
    char account[64];      /* "" for any */
    int typing;            /* typing the account filter */
    struct tui_input input;
};

static const struct tui_key_help audit_help[] = {
    {NULL, N_("Audit log")},
    {N_("Up/Down, k/j, PgUp/PgDn"), N_("move the selection")},
    {"a", N_("show the rows of one account: type its name, then Enter")},
    {N_("t, T"), N_("show the rows of the next or previous action")},
    {"c", N_("show every row again")},
    {NULL, NULL},
};

static void
audit_load(struct tui_app *app, struct audit_screen *screen)
{
    struct audit_filter filter;

    memset(&filter, 0, sizeof(filter));
    filter.account = screen->account[0] != '\0' ? screen->account : NULL;
    filter.action = screen->action >= 0 ? audit_action_names[screen->action]
                                        : NULL;
    filter.region = app->role == ROLE_REGIONAL_ADMIN ? app->region : NULL;
    audit_entries_free(screen->entries, screen->count);
    screen->entries = NULL;
    screen->count = 0;
    if (store_audit_list(app->store, &filter, &screen->entries,
                         &screen->count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the audit log: %s"),
                            tui_store_error(app));
    }
    tui_list_reset(&screen->list, screen->count);
}

static void *
audit_create(struct tui_app *app, const void *arg)
{
    struct audit_screen *screen = xcalloc(1, sizeof(*screen));

    (void)arg;
    screen->action = -1;
    audit_load(app, screen);
    return screen;
}

static void
audit_draw_item(struct tui_app *app, void *arg, size_t index,
                const struct tui_rect *line, int selected)
{
    struct audit_screen *screen = arg;
    const struct audit_entry *entry = &screen->entries[index];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    int x = line->x + 1;
    int end = line->x + line->width - 1;

    (void)app;
    x += tui_draw_text(line->y, x, 20, colour, entry->at) + 1;
    x += tui_draw_text(line->y, x, 16, colour, entry->account) + 1;
    if (x < 38) {
        x = 38;
    }
    x += tui_draw_text(line->y, x, 18, colour, entry->action) + 1;
    if (x < 57) {
        x = 57;
    }
    if (x < end) {
        tui_draw_text(line->y, x, end - x, colour, entry->target);
    }
}

/* The filters in force, as one line. */
static void
audit_filter_text(const struct audit_screen *screen, char *buf, size_t size)
{
    snprintf(buf, size, _("Account: %s   Action: %s   (a, t, c: filters)"),
             screen->account[0] != '\0' ? screen->account : _("any"),
             screen->action >= 0 ? audit_action_names[screen->action]
                                 /* TRANSLATORS: the action filter when it
                                    keeps every action ("Action: %s"). */
                                 : _("all actions"));
}

static void
audit_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct audit_screen *screen = state;
    int list_height = body->height - 2 - DETAIL_LINES;
    struct tui_rect area = {body->y + 1, body->x, list_height, body->width};
    const struct audit_entry *entry = NULL;
    char filters[256];
    char where[160];
    int y = body->y + 1 + list_height;
    int limit = body->y + body->height;

    if (screen->typing) {
        struct tui_rect line = {body->y, 1, 1, body->width - 2};

        tui_input_draw(app, &screen->input, &line, _("Account:"));
    } else {
        audit_filter_text(screen, filters, sizeof(filters));
        tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_DIM, filters);
    }
    if (screen->count == 0) {
        tui_draw_text(body->y + 2, 2, body->width - 4, TUI_COLOUR_NORMAL,
                      _("No row."));
        return;
    }
    tui_list_draw(app, &screen->list, &area, audit_draw_item, screen);
    entry = &screen->entries[screen->list.selected];
    snprintf(where, sizeof(where), _("From %s, on %s"), entry->address,
             entry->target);
    y = tui_draw_wrapped(y + 1, 1, body->width - 2, limit, TUI_COLOUR_HEADING,
                         where);
    tui_draw_wrapped(y, 1, body->width - 2, limit, TUI_COLOUR_NORMAL,
                     entry->detail);
}

/* Step the action filter: any, then each action, then any again. */
static void
audit_next_action(struct audit_screen *screen, int delta)
{
    int count = 0;

    while (audit_action_names[count] != NULL) {
        count++;
    }
    screen->action += delta;
    if (screen->action >= count) {
        screen->action = -1;
    } else if (screen->action < -1) {
        screen->action = count - 1;
    }
}

static int
audit_typing_key(struct tui_app *app, struct audit_screen *screen,
                 const struct tui_key *key)
{
    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        screen->typing = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (tui_key_is_enter(key)) {
        snprintf(screen->account, sizeof(screen->account), "%s",
                 screen->input.text);
        screen->typing = 0;
        audit_load(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return (tui_input_key(&screen->input, key) & ~TUI_INPUT_CHANGED) |
           TUI_KEY_HANDLED;
}

static int
audit_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct audit_screen *screen = state;
    int flags;

    if (screen->typing) {
        return audit_typing_key(app, screen, key);
    }
    flags = tui_list_key(&screen->list, key,
                         app->body.height - 2 - DETAIL_LINES, 1);
    if (flags != 0 || key->function) {
        return flags;
    }
    switch (key->code) {
    case 'a':
        tui_input_clear(&screen->input);
        tui_input_set(&screen->input, screen->account);
        screen->typing = 1;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 't':
    case 'T':
        audit_next_action(screen, key->code == 't' ? 1 : -1);
        audit_load(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'c':
        screen->account[0] = '\0';
        screen->action = -1;
        audit_load(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static int
audit_typing(void *state)
{
    const struct audit_screen *screen = state;

    return screen->typing;
}

static const char *
audit_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Audit log");
}

static void
audit_free(void *state)
{
    struct audit_screen *screen = state;

    audit_entries_free(screen->entries, screen->count);
    free(screen);
}

const struct tui_screen_ops tui_screen_admin_audit = {
    .name = "admin-audit",
    .create = audit_create,
    .title = audit_title,
    .draw = audit_draw,
    .key = audit_key,
    .typing = audit_typing,
    .help = audit_help,
    .free = audit_free,
};
