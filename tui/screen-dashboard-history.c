/*
 * terrish: the history of a dashboard, newest change first (who, when,
 * what, before and after), with undo of the account's own last change and
 * the return of the whole dashboard to an earlier state.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Undo and revert never rewrite the history: the store records them as
 * new changes, which appear at the top of the list.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/dashboard.h"

/* Columns of the version, of the date and of the account. */
#define VERSION_COLUMNS 6
#define DATE_COLUMNS 17
#define ACCOUNT_COLUMNS 12

struct history {
    int64_t id;
    int french;
    struct dashboard_change *changes; /* newest first */
    size_t count;
    struct widget *widgets; /* current widgets, for their titles */
    char **widget_names;    /* title, or the indicator's name */
    size_t widget_count;
    struct tui_list list;
    int list_height;
    int64_t confirm_to; /* version of a revert to confirm, -1 for none */
};

static const struct tui_key_help history_help[] = {
    {NULL, N_("History")},
    {N_("Up/Down, k/j, PgUp/PgDn"), N_("move in the changes, newest first")},
    {"u", N_("undo your own last change that is still in effect (recorded "
             "as a new change)")},
    {N_("Enter"), N_("return the whole dashboard to its state just after "
                     "the highlighted change: every later change is undone, "
                     "as new changes, after confirmation")},
    {"b", N_("return the whole dashboard to its state just before the "
             "highlighted change, after confirmation")},
    {N_("Esc, Left, h, Backspace"), N_("back to the dashboard")},
    {NULL, NULL},
};

static void
history_clear(struct history *history)
{
    size_t i;

    for (i = 0; i < history->count; i++) {
        dashboard_change_clear(&history->changes[i]);
    }
    free(history->changes);
    history->changes = NULL;
    history->count = 0;
    for (i = 0; i < history->widget_count; i++) {
        widget_clear(&history->widgets[i]);
        free(history->widget_names[i]);
    }
    free(history->widgets);
    history->widgets = NULL;
    free(history->widget_names);
    history->widget_names = NULL;
    history->widget_count = 0;
}

/* The name of an indicator in the language shown, or its id when the
 * store has no such indicator. The caller frees it. */
static char *
indicator_label(struct tui_app *app, const char *id)
{
    struct indicator indicator;
    char *name;

    if (id == NULL) {
        return xstrdup("");
    }
    if (store_indicator_get(app->store, id, &indicator) != 0) {
        return xstrdup(id);
    }
    name = xstrdup(tui_indicator_name(&indicator, app->french));
    indicator_clear(&indicator);
    return name;
}

static int
history_load(struct tui_app *app, struct history *history)
{
    size_t i;

    history_clear(history);
    if (store_dashboard_history(app->store, history->id, 0, &history->changes,
                                &history->count) != 0 ||
        store_dashboard_widgets(app->store, history->id, &history->widgets,
                                &history->widget_count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the history: %s"),
                            tui_store_error(app));
        return -1;
    }
    history->french = app->french;
    history->widget_names = xcalloc(history->widget_count + 1,
                                    sizeof(*history->widget_names));
    for (i = 0; i < history->widget_count; i++) {
        const struct widget *widget = &history->widgets[i];

        history->widget_names[i] =
            widget->title != NULL && widget->title[0] != '\0'
                ? xstrdup(widget->title)
                : indicator_label(app, widget->indicator_id);
    }
    for (i = 0; i < history->count / 2; i++) {
        struct dashboard_change swap = history->changes[i];

        history->changes[i] = history->changes[history->count - 1 - i];
        history->changes[history->count - 1 - i] = swap;
    }
    tui_list_reset(&history->list, history->count);
    return 0;
}

/* A JSON value of the history as short text: a string as is, a number,
 * "—" for null, and a widget as its representation and indicator. */
static void
format_json(char *buf, size_t size, const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text != NULL ? text : "null",
                               JSON_DECODE_ANY, &error);

    if (value == NULL) {
        snprintf(buf, size, "%s", text != NULL ? text : "");
    } else if (json_is_string(value)) {
        /* TRANSLATORS: a text value of the history, in quotation marks. */
        snprintf(buf, size, _("“%s”"), json_string_value(value));
    } else if (json_is_integer(value)) {
        snprintf(buf, size, "%lld", (long long)json_integer_value(value));
    } else if (json_is_real(value)) {
        snprintf(buf, size, "%g", json_real_value(value));
    } else if (json_is_object(value)) {
        const char *kind = json_string_value(json_object_get(value, "kind"));
        const char *indicator =
            json_string_value(json_object_get(value, "indicator"));
        enum widget_kind parsed;

        snprintf(buf, size, "%s %s",
                 kind != NULL && widget_kind_parse(kind, &parsed) == 0
                     ? dash_kind_label(parsed)
                     : "?",
                 indicator != NULL ? indicator : "");
    } else {
        snprintf(buf, size, "—");
    }
    json_decref(value);
}

/* The widget a change applies to, by its current title or indicator. */
static const char *
widget_name(const struct history *history, int64_t widget_id)
{
    size_t i;

    for (i = 0; i < history->widget_count; i++) {
        if (history->widgets[i].id == widget_id) {
            return history->widget_names[i];
        }
    }
    return NULL;
}

/* What a change did, in words. */
static void
describe_change(const struct history *history,
                const struct dashboard_change *change, char *buf,
                size_t size)
{
    char before[256];
    char after[256];
    char what[256];
    const char *name = widget_name(history, change->widget_id);

    format_json(before, sizeof(before), change->before);
    format_json(after, sizeof(after), change->after);
    if (change->widget_id == 0) {
        snprintf(what, sizeof(what), "%s", dash_field_label(change->field));
    } else if (name != NULL) {
        snprintf(what, sizeof(what), _("%s of widget “%s”"),
                 dash_field_label(change->field), name);
    } else {
        snprintf(what, sizeof(what), _("%s of widget #%lld"),
                 dash_field_label(change->field),
                 (long long)change->widget_id);
    }
    if (strcmp(change->field, "widget") == 0) {
        snprintf(buf, size, "%s %s",
                 strcmp(change->before != NULL ? change->before : "null",
                        "null") == 0
                     ? _("added")
                     : strcmp(change->after != NULL ? change->after : "null",
                              "null") == 0
                           ? _("removed")
                           : _("restored"),
                 strcmp(after, "—") != 0 ? after : before);
    } else {
        /* TRANSLATORS: what changed, its value before, its value after. */
        snprintf(buf, size, _("%s: %s → %s"), what, before, after);
    }
}

static void
draw_change(struct tui_app *app, void *arg, size_t index,
            const struct tui_rect *line, int selected)
{
    struct history *history = arg;
    const struct dashboard_change *change = &history->changes[index];
    enum tui_colour text = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    enum tui_colour dim = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_DIM;
    int x = line->x + 1;
    char cell[1024];

    (void)app;
    snprintf(cell, sizeof(cell), "v%lld", (long long)change->version);
    tui_draw_text(line->y, x, VERSION_COLUMNS - 1, dim, cell);
    x += VERSION_COLUMNS;
    snprintf(cell, sizeof(cell), "%.10s %.5s", change->at != NULL ? change->at
                                                                  : "",
             change->at != NULL && strlen(change->at) > 11 ? change->at + 11
                                                           : "");
    tui_draw_text(line->y, x, DATE_COLUMNS - 1, dim, cell);
    x += DATE_COLUMNS;
    tui_draw_text(line->y, x, ACCOUNT_COLUMNS - 1, text, change->account);
    x += ACCOUNT_COLUMNS;
    describe_change(history, change, cell, sizeof(cell));
    tui_draw_text(line->y, x, line->x + line->width - x - 1, text, cell);
}

static void
history_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct history *history = state;
    struct tui_rect list = {body->y, body->x, body->height - 1, body->width};
    struct tui_rect footer = {body->y + body->height - 1, body->x + 1, 1,
                              body->width - 2};
    char text[256];

    history->list_height = list.height;
    if (history->count == 0) {
        tui_draw_text(body->y + 1, body->x + 1, body->width - 2,
                      TUI_COLOUR_DIM, _("No change yet."));
    }
    tui_list_draw(app, &history->list, &list, draw_change, history);
    if (history->confirm_to >= 0) {
        tui_draw_fill(footer.y, body->x, body->width, TUI_COLOUR_INPUT);
        snprintf(text, sizeof(text),
                 _("Return the dashboard to its state at version %lld? "
                   "(y/n)"),
                 (long long)history->confirm_to);
        tui_draw_text(footer.y, footer.x, footer.width, TUI_COLOUR_INPUT,
                      text);
    } else {
        tui_draw_text(footer.y, footer.x, footer.width, TUI_COLOUR_DIM,
                      _("u undo your last change · Enter back to just after "
                        "this change · b to just before it"));
    }
}

/* After a change made here: tell the hub, and update the dashboard
 * screen below, which the hub does not tell about this session's own
 * changes. */
static void
history_committed(struct tui_app *app, struct history *history,
                  int64_t version)
{
    size_t i;

    if (app->hub != NULL) {
        hub_changed(app->hub, history->id, version);
    }
    for (i = app->depth; i > 0; i--) {
        const struct tui_frame *frame = &app->stack[i - 1];

        if (frame->ops == &tui_screen_dashboard) {
            struct dash_view *view = frame->state;

            if (view->dashboard.id == history->id) {
                dash_view_catch_up(view);
            }
            break;
        }
    }
    history_load(app, history);
}

/* What the store returned for an undo or a revert. */
static void
history_result(struct tui_app *app, struct history *history, int rc,
               int64_t version, const char *done)
{
    switch (rc) {
    case 0:
        history_committed(app, history, version);
        tui_app_set_message(app, 0, "%s", done);
        return;
    case 1:
        tui_app_set_message(app, 0, _("There is nothing to undo."));
        return;
    case STORE_FORBIDDEN:
        tui_app_set_message(app, 1,
                            _("You can only view this dashboard: ask its "
                              "owner to make you an editor."));
        return;
    default:
        /* A conflict names who changed what since. */
        tui_app_set_message(app, 1, _("Nothing was changed: %s"),
                            tui_store_error(app));
        return;
    }
}

static int
history_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct history *history = state;
    int64_t version = 0;
    int flags;
    int rc;

    if (history->confirm_to >= 0) {
        int64_t to = history->confirm_to;

        history->confirm_to = -1;
        if (!key->function && (key->code == 'y' || key->code == 'o')) {
            rc = store_dashboard_revert(app->store, app->user_name,
                                        history->id, to, &version);
            history_result(app, history, rc, version,
                           _("The dashboard is back to that state."));
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_list_key(&history->list, key, history->list_height, 1);
    if (flags != 0) {
        return flags;
    }
    if (history->count > 0 &&
        ((key->function && key->code == KEY_ENTER) ||
         (!key->function &&
          (key->code == '\r' || key->code == '\n' || key->code == 'b')))) {
        const struct dashboard_change *change =
            &history->changes[history->list.selected];

        history->confirm_to =
            key->code == 'b' ? change->version - 1 : change->version;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'u') {
        rc = store_dashboard_undo(app->store, app->user_name, history->id,
                                  &version);
        if (rc == STORE_CONFLICT) {
            tui_app_set_message(
                app, 1, "%s",
                _("None of your changes is still in effect: other "
                  "editors have replaced them since."));
            history_load(app, history);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        history_result(app, history, rc, version,
                       _("Your last change was undone."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

/* Another session changed the dashboard: list its change too. */
static void
history_hub_event(struct tui_app *app, void *state,
                  const struct hub_event *event)
{
    struct history *history = state;

    if (event->type == HUB_CHANGED && event->dashboard_id == history->id) {
        history_load(app, history);
        app->dirty = 1;
    }
}

static void
history_free(void *state)
{
    struct history *history = state;

    history_clear(history);
    free(history);
}

static void *
history_create(struct tui_app *app, const void *arg)
{
    struct history *history = xcalloc(1, sizeof(*history));

    history->id = *(const int64_t *)arg;
    history->confirm_to = -1;
    history->list_height = app->body.height > 2 ? app->body.height - 1 : 1;
    if (history_load(app, history) != 0) {
        history_free(history);
        return NULL;
    }
    return history;
}

static const char *
history_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("History of the dashboard");
}

const struct tui_screen_ops tui_screen_dashboard_history = {
    .name = "dashboard-history",
    .create = history_create,
    .title = history_title,
    .draw = history_draw,
    .key = history_key,
    .hub_event = history_hub_event,
    .help = history_help,
    .free = history_free,
};
