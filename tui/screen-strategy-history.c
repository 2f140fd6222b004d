/*
 * terrish: the history of a strategy, newest change first: who, when,
 * what changed, and its value before and after. The highlighted change
 * is also written in full under the list.
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
#include "tui/strategy-view.h"

/* Columns of the date and of the account. */
#define DATE_COLUMNS 17
#define ACCOUNT_COLUMNS 12
/* Lines under the list: a blank line, then the highlighted change, on
 * at least 3 lines and as many more as it needs, up to half the body. */
#define DETAIL_LINES 4

struct history {
    int64_t id;
    struct strategy_catalogue *catalogue;
    struct strategy_change *changes; /* newest first */
    size_t count;
    int complete; /* the history starts at the creation or the copy */
    struct tui_list list;
    int list_height;
    struct tui_app *app; /* set once the screen follows the hub's topic */
};

static const struct tui_key_help history_help[] = {
    {NULL, N_("History of the strategy")},
    {N_("Up/Down, k/j, PgUp/PgDn"),
     N_("move in the changes, newest first; the highlighted one is written "
        "in full below the list")},
    {N_("Esc, Left, h, Backspace"), N_("back to the strategy")},
    {NULL, NULL},
};

static int
history_load(struct tui_app *app, struct history *history)
{
    int rc;

    strategy_changes_free(history->changes, history->count);
    history->changes = NULL;
    history->count = 0;
    rc = store_strategy_history(app->store, app->user_name, history->id,
                                &history->changes, &history->count);
    if (rc == 0)
        history->complete =
            store_strategy_history_complete(app->store, history->id);
    if (rc != 0 || history->complete < 0) {
        tui_app_set_message(app, 1, _("Could not read the history: %s"),
                            tui_store_error(app));
        return -1;
    }
    /* One more line for the note on changes made before the history. */
    tui_list_reset(&history->list,
                   history->count + (history->complete ? 0 : 1));
    return 0;
}

/* Parse a JSON value of the history; NULL when it is not valid JSON. */
static json_t *
change_value(const char *text)
{
    json_error_t error;

    return json_loads(text != NULL ? text : "null", JSON_DECODE_ANY, &error);
}

/* A number of the history, as it was entered, with its unit, or none
 * for null. */
static void
format_number(struct tui_app *app, const json_t *value, const char *unit,
              const char *none, char *buf, size_t size)
{
    char number[64];

    if (!json_is_number(value)) {
        snprintf(buf, size, "%s", none);
        return;
    }
    strategy_format_input(number, sizeof number, json_number_value(value),
                          app->french);
    if (unit != NULL && *unit != '\0')
        snprintf(buf, size, "%s %s", number, strategy_view_unit(unit));
    else
        snprintf(buf, size, "%s", number);
}

/* A target of the history: "2024 → 2030: 50 %", or "missing". */
static void
format_target(struct tui_app *app, const json_t *target,
              const struct strategy_param_def *param, char *buf, size_t size)
{
    char value[128];

    if (!json_is_object(target)) {
        snprintf(buf, size, "—");
        return;
    }
    if (!json_is_true(json_object_get(target, "set"))) {
        snprintf(buf, size, "%s", _("missing"));
        return;
    }
    format_number(app, json_object_get(target, "value"),
                  param != NULL ? param->unit : NULL, "—", value, sizeof value);
    /* TRANSLATORS: start year, target year and value of a target. */
    snprintf(buf, size, _("%lld → %lld: %s"),
             (long long)json_integer_value(json_object_get(target, "start")),
             (long long)json_integer_value(json_object_get(target, "target")),
             value);
}

/* Split "action[:choice][/param]" into its parts. */
static void
item_split(const char *item, char *action, char *choice, char *param)
{
    size_t length = strcspn(item, ":/");

    snprintf(action, STRATEGY_ID_MAX, "%.*s", (int)length, item);
    *choice = '\0';
    *param = '\0';
    item += length;
    if (*item == ':') {
        item++;
        length = strcspn(item, "/");
        snprintf(choice, STRATEGY_ID_MAX, "%.*s", (int)length, item);
        item += length;
    }
    if (*item == '/')
        snprintf(param, STRATEGY_ID_MAX, "%s", item + 1);
}

/* The parameter param of action in the catalogue, or NULL. */
static const struct strategy_param_def *
param_find(const struct strategy_catalogue *catalogue, const char *action,
           const char *param)
{
    const struct strategy_action_def *def =
        strategy_catalogue_action(catalogue, action);
    size_t i;

    for (i = 0; def != NULL && i < def->param_count; i++) {
        if (strcmp(def->params[i].id, param) == 0)
            return &def->params[i];
    }
    return NULL;
}

/* Write what a change of an action or of its targets did into buf. */
static void
describe_action(struct tui_app *app, const struct history *history,
                const struct strategy_change *change, const json_t *before,
                const json_t *after, char *buf, size_t size)
{
    const struct strategy_param_def *def;
    char action[STRATEGY_ID_MAX];
    char choice[STRATEGY_ID_MAX];
    char param[STRATEGY_ID_MAX];
    char label[160];
    char old_text[160];
    char new_text[160];

    item_split(change->item, action, choice, param);
    strategy_view_action_label(history->catalogue, action, choice, app->french,
                               label, sizeof label);
    if (strcmp(change->field, "action") == 0) {
        snprintf(buf, size,
                 json_is_null(before)  ? _("action added: %s")
                 : json_is_null(after) ? _("action removed: %s")
                                       : _("action changed: %s"),
                 label);
        return;
    }
    def = param_find(history->catalogue, action, param);
    format_target(app, before, def, old_text, sizeof old_text);
    format_target(app, after, def, new_text, sizeof new_text);
    /* TRANSLATORS: an action, its parameter, the target before and
     * after. */
    snprintf(buf, size, _("%s, %s: %s → %s"), label,
             def != NULL ? strategy_param_name(def, app->french) : param,
             old_text, new_text);
}

/* The name of a role, or "none". */
static const char *
role_label(const json_t *role)
{
    const char *name = json_string_value(role);

    if (name == NULL)
        return _("none");
    if (strcmp(name, "editor") == 0)
        return _("editor");
    if (strcmp(name, "viewer") == 0)
        return _("viewer");
    return name;
}

/* Write what a change of a baseline, an input or a goal did into buf. */
static void
describe_value(struct tui_app *app, const struct history *history,
               const struct strategy_change *change, const json_t *before,
               const json_t *after, char *buf, size_t size)
{
    char old_text[128];
    char new_text[128];
    char name[160];
    int index;

    if (strcmp(change->field, "baseline") == 0) {
        /* No override means the value read from the territory's data. */
        index = strategy_baseline_parse(change->item);
        format_number(app, before,
                      index >= 0 ? strategy_baseline_unit(index) : NULL,
                      _("the data's value"), old_text, sizeof old_text);
        format_number(app, after,
                      index >= 0 ? strategy_baseline_unit(index) : NULL,
                      _("the data's value"), new_text, sizeof new_text);
        if (index >= 0)
            strategy_baseline_label(index, tui_gettext, name,
                                    sizeof name);
        snprintf(buf, size, _("baseline %s: %s → %s"),
                 index >= 0 ? name : change->item, old_text, new_text);
    } else if (strcmp(change->field, "coefficient") == 0) {
        index = strategy_catalogue_coef(history->catalogue, change->item);
        format_number(app, before,
                      index >= 0 ? history->catalogue->coefs[index].unit : NULL,
                      "—", old_text, sizeof old_text);
        format_number(app, after,
                      index >= 0 ? history->catalogue->coefs[index].unit : NULL,
                      "—", new_text, sizeof new_text);
        snprintf(buf, size, _("input %s: %s → %s"),
                 index >= 0
                     ? strategy_coef_name(&history->catalogue->coefs[index],
                                          app->french)
                     : change->item,
                 old_text, new_text);
    } else {
        format_number(app, before, "t CO2e", "—", old_text, sizeof old_text);
        format_number(app, after, "t CO2e", "—", new_text, sizeof new_text);
        snprintf(buf, size, _("target path in %s: %s → %s"), change->item,
                 old_text, new_text);
    }
}

/* Write what a change did, in words, into buf. */
static void
describe_change(struct tui_app *app, const struct history *history,
                const struct strategy_change *change, char *buf, size_t size)
{
    json_t *before = change_value(change->before);
    json_t *after = change_value(change->after);
    const char *field = change->field;

    if (before == NULL || after == NULL) {
        snprintf(buf, size, _("%s %s: %s → %s"), field, change->item,
                 change->before, change->after);
    } else if (strcmp(field, "create") == 0) {
        snprintf(buf, size, _("created as “%s”"),
                 json_string_value(json_object_get(after, "name")) != NULL
                     ? json_string_value(json_object_get(after, "name"))
                     : "");
    } else if (strcmp(field, "copy") == 0) {
        snprintf(buf, size, _("duplicated from “%s” as “%s”"),
                 json_is_string(before) ? json_string_value(before) : "",
                 json_is_string(after) ? json_string_value(after) : "");
    } else if (strcmp(field, "name") == 0) {
        snprintf(buf, size, _("name: “%s” → “%s”"),
                 json_is_string(before) ? json_string_value(before) : "",
                 json_is_string(after) ? json_string_value(after) : "");
    } else if (strcmp(field, "action") == 0 || strcmp(field, "target") == 0) {
        describe_action(app, history, change, before, after, buf, size);
    } else if (strcmp(field, "grant") == 0) {
        snprintf(buf, size, _("role of %s: %s → %s"), change->item,
                 role_label(before), role_label(after));
    } else if (strcmp(field, "public") == 0) {
        snprintf(buf, size, _("public: %s → %s"),
                 json_is_true(before) ? _("yes") : _("no"),
                 json_is_true(after) ? _("yes") : _("no"));
    } else if (strcmp(field, "baseline") == 0 ||
               strcmp(field, "coefficient") == 0 ||
               strcmp(field, "goal") == 0) {
        describe_value(app, history, change, before, after, buf, size);
    } else {
        snprintf(buf, size, _("%s %s: %s → %s"), field, change->item,
                 change->before, change->after);
    }
    json_decref(before);
    json_decref(after);
}

static const char *
older_note(void)
{
    return _("No history before this version of terrish: earlier changes "
             "were not recorded.");
}

static void
draw_change(struct tui_app *app, void *arg, size_t index,
            const struct tui_rect *line, int selected)
{
    struct history *history = arg;
    const struct strategy_change *change;
    enum tui_colour text = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    enum tui_colour dim = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_DIM;
    int x = line->x + 1;
    char cell[1024];

    if (selected)
        tui_draw_fill(line->y, line->x, line->width, TUI_COLOUR_SELECTED);
    if (index >= history->count) {
        tui_draw_text(line->y, x, line->width - 2, dim, older_note());
        return;
    }
    change = &history->changes[index];
    /* "2026-03-01T10:22:05Z" is shown as "2026-03-01 10:22". */
    snprintf(cell, sizeof cell, "%.10s %.5s", change->at,
             strlen(change->at) > 11 ? change->at + 11 : "");
    tui_draw_text(line->y, x, DATE_COLUMNS - 1, dim, cell);
    x += DATE_COLUMNS;
    tui_draw_text(line->y, x, ACCOUNT_COLUMNS - 1, text, change->account);
    x += ACCOUNT_COLUMNS;
    describe_change(app, history, change, cell, sizeof cell);
    tui_draw_text(line->y, x, line->x + line->width - x - 1, text, cell);
}

/* Write the highlighted change in full into text: when and who, then
 * what changed. */
static void
detail_text(struct tui_app *app, const struct history *history, char *text,
            size_t size)
{
    const struct strategy_change *change;
    size_t used;

    if (history->list.selected >= history->count) {
        snprintf(text, size, "%s", older_note());
        return;
    }
    change = &history->changes[history->list.selected];
    used = (size_t)snprintf(text, size, "%.10s %.8s, %s: ", change->at,
                            strlen(change->at) > 11 ? change->at + 11 : "",
                            change->account);
    if (used < size)
        describe_change(app, history, change, text + used, size - used);
}

/* Returns the lines text takes wrapped in width columns. */
static int
wrapped_lines(const char *text, int width)
{
    int count = 0;

    while (*text != '\0') {
        const char *next;

        tui_text_wrap(text, width, &next);
        count++;
        if (next == text)
            break;
        text = next;
    }
    return count;
}

static void
history_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct history *history = state;
    int detail_lines = DETAIL_LINES;
    struct tui_rect list = {body->y, body->x, body->height, body->width};
    int detail_y;
    char text[1024];

    text[0] = '\0';
    if (history->list.count > 0) {
        detail_text(app, history, text, sizeof text);
        /* The change is written in full when half the body allows. */
        if (wrapped_lines(text, body->width - 2) + 1 > detail_lines)
            detail_lines = wrapped_lines(text, body->width - 2) + 1;
        if (detail_lines > body->height / 2 &&
            body->height / 2 >= DETAIL_LINES)
            detail_lines = body->height / 2;
    }
    list.height = body->height - detail_lines;
    detail_y = body->y + list.height + 1;
    if (list.height < 1) {
        list.height = body->height;
        detail_y = body->y + body->height;
    }
    history->list_height = list.height;
    if (history->count == 0 && history->complete)
        tui_draw_text(body->y + 1, body->x + 1, body->width - 2, TUI_COLOUR_DIM,
                      _("No change yet."));
    tui_list_draw(app, &history->list, &list, draw_change, history);
    if (history->list.count == 0 || detail_y >= body->y + body->height)
        return;
    tui_draw_wrapped(detail_y, body->x + 1, body->width - 2,
                     body->y + body->height, TUI_COLOUR_NORMAL, text);
}

static int
history_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct history *history = state;

    (void)app;
    return tui_list_key(&history->list, key,
                        history->list_height > 0 ? history->list_height : 1, 1);
}

static void
history_free(void *state)
{
    struct history *history = state;

    if (history->app != NULL)
        tui_app_follow(history->app, HUB_TOPIC_STRATEGIES, 0);
    strategy_changes_free(history->changes, history->count);
    strategy_catalogue_free(history->catalogue);
    free(history);
}

static void *
history_create(struct tui_app *app, const void *arg)
{
    struct history *history = xcalloc(1, sizeof *history);

    history->id = *(const int64_t *)arg;
    history->list_height =
        app->body.height > DETAIL_LINES ? app->body.height - DETAIL_LINES : 1;
    history->catalogue = strategy_view_catalogue(app);
    if (history->catalogue == NULL || history_load(app, history) != 0) {
        history_free(history);
        return NULL;
    }
    history->app = app;
    tui_app_follow(app, HUB_TOPIC_STRATEGIES, 1);
    return history;
}

/* Another session changed the strategy: list its change too, or close
 * when the strategy is gone for this account (the editor below shows
 * why). */
static void
history_hub_event(struct tui_app *app, void *state,
                  const struct hub_event *event)
{
    struct history *history = state;
    enum dashboard_access access = ACCESS_NONE;
    size_t selected = history->list.selected;
    int rc;

    if (event->type != HUB_STRATEGY_CHANGED ||
        (event->strategy_id != 0 && event->strategy_id != history->id))
        return;
    rc =
        store_strategy_access(app->store, history->id, app->user_name, &access);
    if (rc == 1 || (rc == 0 && access < ACCESS_VIEW)) {
        tui_app_close_screen(app, history);
        return;
    }
    if (rc == 0 && history_load(app, history) == 0 && selected < history->count)
        tui_list_select(&history->list, selected,
                        history->list_height > 0 ? history->list_height : 1);
    app->dirty = 1;
}

static const char *
history_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("History of the strategy");
}

const struct tui_screen_ops tui_screen_strategy_history = {
    .name = "strategy-history",
    .create = history_create,
    .title = history_title,
    .draw = history_draw,
    .key = history_key,
    .hub_event = history_hub_event,
    .help = history_help,
    .free = history_free,
};
