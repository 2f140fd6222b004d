/*
 * terrish: the list of strategies the account can see (its own, those
 * shared with it, the public ones), where it creates, opens, duplicates,
 * shares, removes and compares them. The list is read again when a
 * screen opened from it closes, since that screen may have renamed,
 * created or shared a strategy.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/strategy-view.h"

/* Groups of the list, in display order. */
enum group {
    GROUP_MINE,
    GROUP_SHARED,
    GROUP_PUBLIC,
};

struct entry {
    struct strategy_summary summary;
    enum group group;
    char *territory; /* name of its territory */
    int marked;      /* chosen for a comparison */
};

struct strategies {
    struct entry *entries;
    size_t count;
    struct tui_list list;
    int body_height;
    int naming;          /* typing the name of a new strategy */
    int confirm_remove;  /* x was pressed once on the selected line */
    int stale;           /* a screen opened from the list may change it */
    struct tui_input input;
    struct tui_app *app; /* for following the hub's topic */
};

static const struct tui_key_help strategies_help[] = {
    {NULL, N_("Strategies")},
    {N_("Up/Down, k/j"), N_("move in the list")},
    {N_("Enter"), N_("open the highlighted strategy")},
    {"n", N_("create a strategy for the current territory")},
    {"D", N_("duplicate the highlighted strategy as a variant")},
    {"s", N_("share the highlighted strategy with accounts (its owner)")},
    {N_("Space"), N_("mark for a comparison (2 to 4 strategies)")},
    {"c", N_("compare the marked strategies")},
    {"x", N_("remove the highlighted strategy (press twice; its owner "
             "and administrators)")},
    {NULL, NULL},
};

static void
entries_free(struct strategies *screen)
{
    size_t i;

    for (i = 0; i < screen->count; i++) {
        strategy_summary_clear(&screen->entries[i].summary);
        free(screen->entries[i].territory);
    }
    free(screen->entries);
    screen->entries = NULL;
    screen->count = 0;
}

static int
entry_compare(const void *a, const void *b)
{
    const struct entry *x = a;
    const struct entry *y = b;

    if (x->group != y->group)
        return (int)x->group - (int)y->group;
    return strcmp(x->summary.name, y->summary.name);
}

/* Returns 1 when the strategy id was marked in the list before. */
static int
was_marked(const int64_t *marked, size_t count, int64_t id)
{
    size_t i;

    for (i = 0; i < count; i++) {
        if (marked[i] == id)
            return 1;
    }
    return 0;
}

/* Read the list again from the store, keeping the marks and the
 * highlighted strategy. */
static int
strategies_load(struct tui_app *app, struct strategies *screen)
{
    struct strategy_summary *summaries = NULL;
    int64_t *marked = xcalloc(screen->count + 1, sizeof *marked);
    int64_t selected = 0;
    size_t marked_count = 0;
    size_t count = 0;
    size_t i;

    for (i = 0; i < screen->count; i++) {
        if (screen->entries[i].marked)
            marked[marked_count++] = screen->entries[i].summary.id;
    }
    if (screen->count > 0)
        selected = screen->entries[screen->list.selected].summary.id;
    entries_free(screen);
    if (store_strategy_list(app->store, app->user_name, &summaries, &count) <
        0) {
        tui_app_set_message(app, 1, _("Could not list the strategies: %s"),
                            tui_store_error(app));
        free(marked);
        tui_list_reset(&screen->list, 0);
        return -1;
    }
    screen->entries = xcalloc(count + 1, sizeof *screen->entries);
    for (i = 0; i < count; i++) {
        struct entry *entry = &screen->entries[i];
        struct territory territory;

        entry->summary = summaries[i];
        memset(&territory, 0, sizeof territory);
        entry->territory =
            store_territory_get_by_id(app->store, summaries[i].territory_id,
                                      &territory) == 0
                ? xstrdup(territory.name)
                : xstrdup("?");
        territory_clear(&territory);
        entry->marked = was_marked(marked, marked_count, entry->summary.id);
        if (app->user_name != NULL &&
            strcmp(entry->summary.owner, app->user_name) == 0)
            entry->group = GROUP_MINE;
        else if (entry->summary.public &&
                 entry->summary.access == ACCESS_VIEW)
            entry->group = GROUP_PUBLIC;
        else
            entry->group = GROUP_SHARED;
    }
    free(summaries);
    free(marked);
    screen->count = count;
    qsort(screen->entries, count, sizeof *screen->entries, entry_compare);
    tui_list_reset(&screen->list, count);
    for (i = 0; i < count; i++) {
        if (screen->entries[i].summary.id == selected)
            tui_list_select(&screen->list, i,
                            screen->body_height > 0 ? screen->body_height : 1);
    }
    return 0;
}

static void *
strategies_create(struct tui_app *app, const void *arg)
{
    struct strategies *screen = xcalloc(1, sizeof *screen);

    (void)arg;
    strategies_load(app, screen);
    screen->app = app;
    tui_app_follow(app, HUB_TOPIC_STRATEGIES, 1);
    return screen;
}

static void
strategies_free(void *state)
{
    struct strategies *screen = state;

    tui_app_follow(screen->app, HUB_TOPIC_STRATEGIES, 0);
    entries_free(screen);
    free(screen);
}

static const char *
strategies_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Strategies");
}

static const char *
group_label(enum group group)
{
    switch (group) {
    case GROUP_MINE:
        return _("mine");
    case GROUP_SHARED:
        return _("shared with me");
    default:
        return _("public");
    }
}

/* Columns of a line of the list: "[x]", the name, the territory, the
 * owner and the group. The name takes what the others leave. */
#define MARK_COLUMNS 3
#define OWNER_COLUMNS 12
#define GROUP_COLUMNS 18
#define NAME_COLUMNS_MIN 16
#define TERRITORY_COLUMNS_MAX 28

struct entry_columns {
    int name;
    int territory;
};

static void
entry_columns_measure(int width, struct entry_columns *columns)
{
    int rest = width - 2 - (MARK_COLUMNS + 1) - (OWNER_COLUMNS + 1) -
               GROUP_COLUMNS - 2;

    columns->territory = rest / 3;
    if (columns->territory > TERRITORY_COLUMNS_MAX)
        columns->territory = TERRITORY_COLUMNS_MAX;
    columns->name = rest - columns->territory;
    if (columns->name < NAME_COLUMNS_MIN)
        columns->name = NAME_COLUMNS_MIN;
}

static void
draw_entry(struct tui_app *app, void *arg, size_t index,
           const struct tui_rect *line, int selected)
{
    struct strategies *screen = arg;
    const struct entry *entry = &screen->entries[index];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED
                                      : TUI_COLOUR_NORMAL;
    struct entry_columns columns;
    int x = line->x + 1;

    (void)app;
    entry_columns_measure(line->width, &columns);
    if (selected)
        tui_draw_fill(line->y, line->x, line->width, TUI_COLOUR_SELECTED);
    tui_draw_text(line->y, x, MARK_COLUMNS, colour,
                  entry->marked ? "[x]" : "[ ]");
    x += MARK_COLUMNS + 1;
    /* Each cell is cut with an ellipsis on a character boundary, so that
     * a long name never pushes the next columns. */
    tui_draw_text(line->y, x, columns.name, colour, entry->summary.name);
    x += columns.name + 1;
    tui_draw_text(line->y, x, columns.territory, colour, entry->territory);
    x += columns.territory + 1;
    tui_draw_text(line->y, x, OWNER_COLUMNS, colour, entry->summary.owner);
    x += OWNER_COLUMNS + 1;
    tui_draw_text(line->y, x, line->x + line->width - 1 - x, colour,
                  group_label(entry->group));
}

static void
strategies_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct strategies *screen = state;
    struct tui_rect area = {body->y + 1, body->x, body->height - 1,
                            body->width};

    screen->body_height = area.height;
    tui_draw_text(body->y, body->x + 1, body->width - 2, TUI_COLOUR_HEADING,
                  _("Strategies: n new, Enter open, D duplicate, s share, "
                    "Space mark, c compare"));
    if (screen->naming) {
        struct tui_rect field = {body->y + body->height - 1, body->x, 1,
                                 body->width};

        area.height--;
        tui_input_draw(app, &screen->input, &field, _("Name:"));
    }
    if (screen->count == 0) {
        tui_draw_text(area.y + 1, body->x + 1, body->width - 2,
                      TUI_COLOUR_DIM,
                      _("No strategy yet: press n to create one for the "
                        "current territory."));
        return;
    }
    tui_list_draw(app, &screen->list, &area, draw_entry, screen);
}

static int
key_is_enter(const struct tui_key *key)
{
    return (key->function && key->code == KEY_ENTER) ||
           (!key->function && (key->code == '\r' || key->code == '\n'));
}

static int
open_ids(struct tui_app *app, struct strategies *screen, const int64_t *ids,
         size_t count)
{
    struct tui_strategy_arg arg;

    memset(&arg, 0, sizeof arg);
    memcpy(arg.ids, ids, count * sizeof *ids);
    arg.count = count;
    if (tui_app_push(app, &tui_screen_strategy, &arg) == 0)
        screen->stale = 1;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Create a strategy named by the input for the current territory. */
static int
strategies_new(struct tui_app *app, struct strategies *screen)
{
    int64_t id;

    screen->naming = 0;
    if (screen->input.length == 0)
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    if (store_strategy_create(app->store, app->user_name, screen->input.text,
                              app->current.id, &id) != 0) {
        tui_app_set_message(app, 1, _("Creating the strategy failed: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    tui_app_strategy_changed(app, id);
    strategies_load(app, screen);
    return open_ids(app, screen, &id, 1);
}

static int
naming_key(struct tui_app *app, struct strategies *screen,
           const struct tui_key *key)
{
    int flags;

    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        screen->naming = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_enter(key))
        return strategies_new(app, screen);
    flags = tui_input_key(&screen->input, key);
    if (flags & TUI_INPUT_FULL) {
        strategy_view_name_full(app);
        flags |= TUI_KEY_REDRAW;
    }
    return (flags & ~(TUI_INPUT_CHANGED | TUI_INPUT_FULL)) | TUI_KEY_HANDLED;
}

static int
strategies_compare(struct tui_app *app, struct strategies *screen)
{
    int64_t ids[STRATEGY_COMPARE_MAX];
    size_t count = 0;
    size_t i;

    for (i = 0; i < screen->count; i++) {
        if (!screen->entries[i].marked)
            continue;
        if (count == STRATEGY_COMPARE_MAX) {
            tui_app_set_message(app, 1, _("Mark at most %d strategies."),
                                STRATEGY_COMPARE_MAX);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        ids[count++] = screen->entries[i].summary.id;
    }
    if (count < 2) {
        tui_app_set_message(app, 1, _("Mark 2 to %d strategies with Space "
                                      "first."),
                            STRATEGY_COMPARE_MAX);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return open_ids(app, screen, ids, count);
}

static int
strategies_remove(struct tui_app *app, struct strategies *screen)
{
    const struct entry *entry = &screen->entries[screen->list.selected];
    int rc;

    if (entry->summary.access < ACCESS_OWNER) {
        screen->confirm_remove = 0;
        tui_app_set_message(app, 1,
                            _("Only the owner of a strategy (%s) can "
                              "remove it."),
                            entry->summary.owner);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!screen->confirm_remove) {
        screen->confirm_remove = 1;
        tui_app_set_message(app, 0, _("Press x again to remove \"%s\"."),
                            entry->summary.name);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    screen->confirm_remove = 0;
    rc = store_strategy_remove(app->store, app->user_name, entry->summary.id);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Removing failed: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    tui_audit_remove(app, "strategy", entry->summary.id,
                     entry->summary.owner);
    tui_app_strategy_changed(app, entry->summary.id);
    tui_app_set_message(app, 0, _("The strategy was removed."));
    strategies_load(app, screen);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
strategies_duplicate(struct tui_app *app, struct strategies *screen)
{
    const struct entry *entry = &screen->entries[screen->list.selected];
    char name[STRATEGY_NAME_MAX + 1];
    int64_t id;

    strategy_view_variant_name(entry->summary.name, name, sizeof name);
    if (store_strategy_copy(app->store, app->user_name, entry->summary.id,
                            name, &id) != 0) {
        tui_app_set_message(app, 1, _("Duplicating failed: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    tui_app_strategy_changed(app, id);
    strategies_load(app, screen);
    return open_ids(app, screen, &id, 1);
}

/* Open the sharing of the highlighted strategy, for its owner or an
 * administrator. */
static int
strategies_share(struct tui_app *app, struct strategies *screen)
{
    const struct entry *entry = &screen->entries[screen->list.selected];

    if (entry->summary.access < ACCESS_OWNER) {
        tui_app_set_message(app, 1,
                            _("Only the owner of this strategy (%s) "
                              "can share it."),
                            entry->summary.owner);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (tui_app_push(app, &tui_screen_strategy_share, &entry->summary.id) == 0)
        screen->stale = 1;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
strategies_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct strategies *screen = state;
    int visible = screen->body_height > 1 ? screen->body_height : 1;
    int remove = !key->function && key->code == 'x';

    if (screen->naming)
        return naming_key(app, screen, key);
    if (!remove)
        screen->confirm_remove = 0;
    if (!key->function && key->code == 'n') {
        if (app->current.name == NULL) {
            tui_app_set_message(app, 1, _("Choose a territory first."));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        tui_input_clear(&screen->input);
        screen->input.max_length = STRATEGY_NAME_MAX;
        screen->naming = 1;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (screen->count == 0)
        return 0;
    if (remove)
        return strategies_remove(app, screen);
    if (!key->function && key->code == ' ') {
        screen->entries[screen->list.selected].marked ^= 1;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'c')
        return strategies_compare(app, screen);
    if (!key->function && key->code == 'D')
        return strategies_duplicate(app, screen);
    if (!key->function && key->code == 's')
        return strategies_share(app, screen);
    if (key_is_enter(key))
        return open_ids(app, screen,
                        &screen->entries[screen->list.selected].summary.id, 1);
    return tui_list_key(&screen->list, key, visible, 1);
}

/* The loop runs the idle work of the top screen after a screen above it
 * closes: read the list again then. */
static int
strategies_idle(struct tui_app *app, void *state)
{
    struct strategies *screen = state;

    if (!screen->stale)
        return 0;
    screen->stale = 0;
    strategies_load(app, screen);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* A strategy changed in another session: one of the list, or one that
 * may join it (shared with the account, or made public). The list is
 * read again at its next idle step, so that a burst of changes costs one
 * reading. */
static void
strategies_hub_event(struct tui_app *app, void *state,
                     const struct hub_event *event)
{
    struct strategies *screen = state;

    if (event->type != HUB_STRATEGY_CHANGED)
        return;
    screen->stale = 1;
    app->idle_pending = 1;
}

static int
strategies_typing(void *state)
{
    const struct strategies *screen = state;

    return screen->naming;
}

const struct tui_screen_ops tui_screen_strategies = {
    .name = "strategies",
    .create = strategies_create,
    .title = strategies_title,
    .draw = strategies_draw,
    .key = strategies_key,
    .typing = strategies_typing,
    .idle = strategies_idle,
    .hub_event = strategies_hub_event,
    .help = strategies_help,
    .free = strategies_free,
};
