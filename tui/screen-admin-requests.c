/*
 * terrish: the account requests section of the administration. A list of
 * the requests the account may decide on (those of its région for a
 * regional administrator), the selected one in full below it, and the
 * keys to accept it or to refuse it with a reason.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every text of a request was typed by someone without an account. It is
 * drawn only through tui_draw_text(), which shows control characters and
 * invalid UTF-8 as U+FFFD, so that no escape sequence reaches the
 * administrator's terminal.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

enum requests_mode {
    MODE_BROWSE,
    MODE_CONFIRM_ACCEPT, /* 'y' was pressed once */
    MODE_REASON,         /* typing the reason of a refusal */
};

struct requests_screen {
    struct account_request *items;
    size_t count;
    struct tui_list list;
    int all; /* decided requests too */
    enum requests_mode mode;
    struct tui_input reason;
    int list_height; /* lines of the list at the last draw */
};

static const struct tui_key_help requests_help[] = {
    {NULL, N_("Account requests")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {"y", N_("accept the request (press y again to confirm): creates the "
             "account with role user and the request's key")},
    {"r", N_("refuse the request: type the reason the requester will read, "
             "then Enter")},
    {"d", N_("show the decided requests too, or the pending ones only")},
    {NULL, NULL},
};

/* The région that limits what the account sees, or NULL for all. */
static const char *
requests_region(const struct tui_app *app)
{
    return app->role == ROLE_REGIONAL_ADMIN ? app->region : NULL;
}

/* Read the list again, keeping the selection on the same request. */
static void
requests_load(struct tui_app *app, struct requests_screen *screen)
{
    struct request_filter filter = {requests_region(app), !screen->all,
                                    NULL};
    int64_t selected = screen->count > 0
                           ? screen->items[screen->list.selected].id
                           : 0;
    size_t i;

    account_requests_free(screen->items, screen->count);
    screen->items = NULL;
    screen->count = 0;
    if (store_request_list(app->store, &filter, &screen->items,
                           &screen->count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the requests: %s"),
                            tui_store_error(app));
    }
    tui_list_reset(&screen->list, screen->count);
    for (i = 0; i < screen->count; i++) {
        if (screen->items[i].id == selected) {
            tui_list_select(&screen->list, i, screen->list_height);
        }
    }
}

static void *
requests_create(struct tui_app *app, const void *arg)
{
    struct requests_screen *screen = xcalloc(1, sizeof(*screen));

    (void)arg;
    screen->list_height = 5;
    requests_load(app, screen);
    return screen;
}

static const char *
requests_status_label(enum request_status status)
{
    switch (status) {
    case REQUEST_PENDING:
        return _("pending");
    case REQUEST_ACCEPTED:
        return _("accepted");
    case REQUEST_REFUSED:
        return _("refused");
    }
    return "";
}

static void
requests_draw_item(struct tui_app *app, void *arg, size_t index,
                   const struct tui_rect *line, int selected)
{
    struct requests_screen *screen = arg;
    const struct account_request *r = &screen->items[index];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    char head[64];
    int x = line->x + 1;

    (void)app;
    snprintf(head, sizeof(head), "%5lld %-*s", (long long)r->id,
             text_pad_bytes(requests_status_label(r->status), 9),
             requests_status_label(r->status));
    x += tui_draw_text(line->y, x, 16, colour, head) + 1;
    x += tui_draw_text(line->y, x, 20, colour, r->name) + 2;
    if (x < line->x + line->width - 1) {
        tui_draw_text(line->y, x, line->x + line->width - 1 - x, colour,
                      r->territory_name != NULL ? r->territory_name
                                                : _("(territory removed)"));
    }
}

/* Draw one "label: value" line of the details; returns the next line. */
static int
requests_draw_field(int y, const struct tui_rect *body, const char *label,
                    const char *value)
{
    int limit = body->y + body->height;
    int width = 14;

    if (y >= limit) {
        return y;
    }
    tui_draw_text(y, 1, width, TUI_COLOUR_HEADING, label);
    return tui_draw_wrapped(y, 1 + width, body->width - width - 2, limit,
                            TUI_COLOUR_NORMAL, value != NULL ? value : "");
}

/* Draw the selected request in full from line y. */
static void
requests_draw_details(const struct account_request *r,
                      const struct tui_rect *body, int y)
{
    char territory[256];
    char key[256];

    snprintf(territory, sizeof(territory), "%s %s:%s",
             r->territory_name != NULL ? r->territory_name : "-",
             r->territory_name != NULL ? territory_level_name(
                                             r->territory_level)
                                       : "",
             r->territory_code);
    snprintf(key, sizeof(key), "%s %s", r->key_type, r->key_fingerprint);
    y = requests_draw_field(y, body, _("Full name"), r->full_name);
    y = requests_draw_field(y, body, _("E-mail"), r->email);
    y = requests_draw_field(y, body, _("Organisation"), r->organisation);
    y = requests_draw_field(y, body, _("Territory"), territory);
    y = requests_draw_field(y, body, _("Reason"), r->reason);
    y = requests_draw_field(y, body, _("Key"), key);
    y = requests_draw_field(y, body, _("From"), r->address);
    y = requests_draw_field(y, body, _("Made"), r->created_at);
    if (r->status != REQUEST_PENDING) {
        y = requests_draw_field(y, body, _("Decided by"), r->decided_by);
    }
    if (r->status == REQUEST_REFUSED) {
        requests_draw_field(y, body, _("Refusal"), r->refusal_reason);
    }
}

static void
requests_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct requests_screen *screen = state;
    int list_height = body->height / 3;
    struct tui_rect area;
    struct tui_rect line;
    const char *hint;

    if (list_height < 3) {
        list_height = 3;
    }
    screen->list_height = list_height;
    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_DIM,
                  screen->all ? _("Every request, newest first (d: pending "
                                  "only)")
                              : _("Pending requests, oldest first (d: every "
                                  "request)"));
    if (screen->count == 0) {
        tui_draw_text(body->y + 2, 2, body->width - 4, TUI_COLOUR_NORMAL,
                      _("No request."));
        return;
    }
    area = (struct tui_rect){body->y + 1, body->x, list_height, body->width};
    tui_list_draw(app, &screen->list, &area, requests_draw_item, screen);

    line = (struct tui_rect){body->y + 2 + list_height, 1, 1,
                             body->width - 2};
    switch (screen->mode) {
    case MODE_REASON:
        tui_input_draw(app, &screen->reason, &line, _("Reason of refusal:"));
        break;
    case MODE_CONFIRM_ACCEPT:
        tui_draw_text(line.y, 1, body->width - 2, TUI_COLOUR_ALERT,
                      _("Press y again to accept and create the account, "
                        "any other key to cancel."));
        break;
    case MODE_BROWSE:
        hint = screen->items[screen->list.selected].status == REQUEST_PENDING
                   ? _("y: accept   r: refuse   ?: help")
                   : _("This request is decided.");
        tui_draw_text(line.y, 1, body->width - 2, TUI_COLOUR_DIM, hint);
        break;
    }
    requests_draw_details(&screen->items[screen->list.selected], body,
                          line.y + 2);
}

/* Accept the selected request. */
static void
requests_accept(struct tui_app *app, struct requests_screen *screen)
{
    const struct account_request *r = &screen->items[screen->list.selected];
    char name[64];
    int rc;

    snprintf(name, sizeof(name), "%s", r->name);
    rc = store_request_accept(app->store, r->id, &app->actor,
                              requests_region(app));
    if (rc == 0) {
        tui_app_set_message(app, 0, _("Account %s created."), name);
    } else {
        tui_app_set_message(app, 1, _("The request was not accepted: %s"),
                            tui_store_error(app));
    }
    requests_load(app, screen);
}

/* Refuse the selected request with the typed reason. */
static void
requests_refuse(struct tui_app *app, struct requests_screen *screen)
{
    const struct account_request *r = &screen->items[screen->list.selected];
    int rc;

    rc = store_request_refuse(app->store, r->id, &app->actor,
                              requests_region(app), screen->reason.text);
    if (rc == 0) {
        tui_app_set_message(app, 0, _("Request %lld refused."),
                            (long long)r->id);
    } else {
        tui_app_set_message(app, 1, _("The request was not refused: %s"),
                            tui_store_error(app));
    }
    requests_load(app, screen);
}

static int
requests_reason_key(struct tui_app *app, struct requests_screen *screen,
                    const struct tui_key *key)
{
    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        screen->mode = MODE_BROWSE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (tui_key_is_enter(key)) {
        if (screen->reason.text[strspn(screen->reason.text, " ")] == '\0') {
            tui_app_set_message(app, 1, _("Type the reason that the "
                                          "requester will read."));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        screen->mode = MODE_BROWSE;
        requests_refuse(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return (tui_input_key(&screen->reason, key) & ~TUI_INPUT_CHANGED) |
           TUI_KEY_HANDLED;
}

static int
requests_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct requests_screen *screen = state;
    int pending = screen->count > 0 &&
                  screen->items[screen->list.selected].status ==
                      REQUEST_PENDING;
    int flags;

    if (screen->mode == MODE_REASON) {
        return requests_reason_key(app, screen, key);
    }
    if (screen->mode == MODE_CONFIRM_ACCEPT) {
        screen->mode = MODE_BROWSE;
        if (!key->function && key->code == 'y' && pending) {
            requests_accept(app, screen);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_list_key(&screen->list, key, screen->list_height, 1);
    if (flags != 0 || key->function) {
        return flags;
    }
    switch (key->code) {
    case 'd':
        screen->all = !screen->all;
        requests_load(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'y':
        if (pending) {
            screen->mode = MODE_CONFIRM_ACCEPT;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'r':
        if (pending) {
            tui_input_clear(&screen->reason);
            screen->mode = MODE_REASON;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static int
requests_typing(void *state)
{
    const struct requests_screen *screen = state;

    return screen->mode == MODE_REASON;
}

static const char *
requests_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Account requests");
}

static void
requests_free(void *state)
{
    struct requests_screen *screen = state;

    account_requests_free(screen->items, screen->count);
    free(screen);
}

const struct tui_screen_ops tui_screen_admin_requests = {
    .name = "admin-requests",
    .create = requests_create,
    .title = requests_title,
    .draw = requests_draw,
    .key = requests_key,
    .typing = requests_typing,
    .help = requests_help,
    .free = requests_free,
};
