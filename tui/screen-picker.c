/*
 * terrish: the territory picker, the first screen. It browses région >
 * département > EPCI > commune and searches by name or code.
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

/* Région, département and EPCI above a list of communes, with room to
 * spare for groupings added later. */
#define PICKER_DEPTH_MAX 8

/* Lines of the body above the list: breadcrumb or search field, and in
 * search mode a line for the result count. */
#define BROWSE_HEADER_LINES 1
#define SEARCH_HEADER_LINES 2

/* Results fetched per search; the list scrolls through them. */
#define SEARCH_RESULTS_MAX 200

const int tui_picker_search_only = 1;

/* A territory that was entered, and the selection of the list it was
 * chosen from, to restore when going back up. */
struct picker_level {
    struct territory territory;
    size_t selected;
    size_t top;
};

struct picker {
    struct picker_level path[PICKER_DEPTH_MAX];
    size_t depth; /* 0 while the régions are listed */
    struct territory_list items;
    struct tui_list list;

    int searching;
    struct tui_input input;
    struct territory_list results;
    struct tui_list result_list;
    int search_pending; /* the text changed since the last search */
    int search_only;    /* opened from a summary: closing the search closes
                           the screen */
    const struct tui_territory_choice *choice; /* or NULL */
    int body_height; /* height of the body at the last draw or resize */
};

static const struct tui_key_help picker_help[] = {
    {NULL, N_("Browsing")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {N_("PgUp/PgDn, Home/End"), N_("move by a page, to the first or last")},
    {N_("Right, l"), N_("list the territories inside the highlighted one")},
    {N_("Left, h, Backspace"), N_("go up one level")},
    {N_("Enter"), N_("open the summary of the highlighted territory")},
    {"/", N_("search by name or code")},
    {NULL, N_("Search")},
    {N_("letters, digits"), N_("update the results at each key")},
    {N_("Up/Down, PgUp/PgDn"), N_("move in the results")},
    {N_("Enter"), N_("open the summary of the highlighted result")},
    {N_("Left/Right, Home/End"), N_("move the cursor in the text")},
    {N_("Backspace, Ctrl-U"), N_("erase one character, erase all")},
    {N_("Esc, Ctrl-C"), N_("close the search")},
    {NULL, NULL},
};

/* Returns 1 for the Enter key, whichever way the terminal sends it. */
static int
key_is_enter(const struct tui_key *key)
{
    if (key->function) {
        return key->code == KEY_ENTER;
    }
    return key->code == '\r' || key->code == '\n';
}

/* Returns the number of list lines that fit in the body. */
static int
picker_visible(const struct picker *picker)
{
    int header = picker->searching ? SEARCH_HEADER_LINES : BROWSE_HEADER_LINES;
    int visible = picker->body_height - header;

    return visible > 1 ? visible : 1;
}

/* Load the list for the current depth: the régions, or the children of
 * the last territory entered. Returns 0, or -1 after setting a message. */
static int
picker_load(struct tui_app *app, struct picker *picker,
            struct territory_list *out)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if (picker->depth == 0) {
        rc = store_territory_regions(app->store, out);
    } else {
        rc = store_territory_children(
            app->store, picker->path[picker->depth - 1].territory.id, out);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the territories: %s"),
                            tui_store_error(app));
        return -1;
    }
    return 0;
}

/* Replace the displayed list. */
static void
picker_set_items(struct picker *picker, struct territory_list *items)
{
    territory_list_free(&picker->items);
    picker->items = *items;
    memset(items, 0, sizeof(*items));
    tui_list_reset(&picker->list, picker->items.count);
}

/* List the territories inside the highlighted one. */
static int
picker_descend(struct tui_app *app, struct picker *picker)
{
    struct territory_list children;
    struct picker_level *level;
    const struct territory *chosen;
    int rc;

    if (picker->items.count == 0) {
        return TUI_KEY_HANDLED;
    }
    chosen = &picker->items.items[picker->list.selected];
    if (chosen->level == LEVEL_COMMUNE) {
        tui_app_set_message(app, 0, _("A commune contains no territory."));
        return TUI_KEY_HANDLED;
    }
    if (picker->depth == PICKER_DEPTH_MAX) {
        return TUI_KEY_HANDLED;
    }

    level = &picker->path[picker->depth];
    tui_territory_copy(&level->territory, chosen);
    level->selected = picker->list.selected;
    level->top = picker->list.top;
    picker->depth++;
    rc = picker_load(app, picker, &children);
    if (rc == 0 && children.count == 0) {
        tui_app_set_message(app, 0, _("No territory below %s."),
                            level->territory.name);
    }
    if (rc != 0 || children.count == 0) {
        territory_list_free(&children);
        picker->depth--;
        territory_clear(&level->territory);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    picker_set_items(picker, &children);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Go back to the list that contains the last territory entered. Returns
 * 0 at the régions, so that the key falls to the global keys. */
static int
picker_ascend(struct tui_app *app, struct picker *picker)
{
    struct territory_list items;
    struct picker_level *level;

    if (picker->depth == 0) {
        return 0;
    }
    picker->depth--;
    level = &picker->path[picker->depth];
    if (picker_load(app, picker, &items) == -1) {
        picker->depth++;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }

    picker_set_items(picker, &items);
    picker->list.top = level->top;
    tui_list_select(&picker->list, level->selected, picker_visible(picker));
    territory_clear(&level->territory);
    memset(&level->territory, 0, sizeof(level->territory));
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Run the search for the text of the field, keeping the first
 * SEARCH_RESULTS_MAX results. */
static void
picker_search(struct tui_app *app, struct picker *picker)
{
    struct territory_list results;
    int rc;

    memset(&results, 0, sizeof(results));
    if (picker->input.length > 0) {
        rc = store_territory_search(app->store, picker->input.text,
                                    SEARCH_RESULTS_MAX, &results);
        if (rc != 0) {
            tui_app_set_message(app, 1, _("Search failed: %s"),
                                tui_store_error(app));
            territory_list_free(&results);
            return;
        }
    }
    territory_list_free(&picker->results);
    picker->results = results;
    tui_list_reset(&picker->result_list, results.count);
    picker->search_pending = 0;
}

/* Open the summary of a territory, or hand it to the screen that asked
 * for a choice. */
static int
picker_open(struct tui_app *app, const struct picker *picker,
            const struct territory_list *items, const struct tui_list *list)
{
    if (items->count == 0) {
        return TUI_KEY_HANDLED;
    }
    if (picker->choice != NULL) {
        picker->choice->chosen(app, picker->choice->owner,
                               &items->items[list->selected]);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW | TUI_KEY_BACK;
    }
    tui_app_push(app, &tui_screen_summary, &items->items[list->selected].id);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Keys while the search field is open: every printable key is text. */
static int
picker_search_key(struct tui_app *app, struct picker *picker,
                  const struct tui_key *key)
{
    int flags;

    if ((!key->function && key->code == TUI_ESCAPE) ||
        (!key->function && key->code == TUI_CTRL('C'))) {
        picker->searching = 0;
        if (picker->search_only) {
            return TUI_KEY_HANDLED | TUI_KEY_BACK;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    /* Typed text is searched when it is drawn, so that keys that arrive
     * together (a paste, a slow link) cost one search. */
    flags = tui_input_key(&picker->input, key);
    if (flags & TUI_INPUT_CHANGED) {
        picker->search_pending = 1;
    }
    if (flags != 0) {
        return flags & ~TUI_INPUT_CHANGED;
    }

    if (picker->search_pending) {
        picker_search(app, picker);
    }
    if (key_is_enter(key)) {
        return picker_open(app, picker, &picker->results, &picker->result_list);
    }
    flags = tui_list_key(&picker->result_list, key, picker_visible(picker), 0);
    return flags | TUI_KEY_HANDLED;
}

/* Keys while browsing the tree. */
static int
picker_browse_key(struct tui_app *app, struct picker *picker,
                  const struct tui_key *key)
{
    int flags;

    flags = tui_list_key(&picker->list, key, picker_visible(picker), 1);
    if (flags != 0) {
        return flags;
    }
    if (key_is_enter(key)) {
        return picker_open(app, picker, &picker->items, &picker->list);
    }

    if (key->function) {
        switch (key->code) {
        case KEY_RIGHT:
            return picker_descend(app, picker);
        case KEY_LEFT:
        case KEY_BACKSPACE:
            return picker_ascend(app, picker);
        }
        return 0;
    }
    switch (key->code) {
    case 'l':
        return picker_descend(app, picker);
    case 'h':
    case TUI_DELETE:
    case TUI_CTRL('H'):
    case TUI_ESCAPE:
    case TUI_CTRL('C'):
        return picker_ascend(app, picker);
    case '/':
        picker->searching = 1;
        tui_input_clear(&picker->input);
        territory_list_free(&picker->results);
        tui_list_reset(&picker->result_list, 0);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static int
picker_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct picker *picker = state;

    if (picker->searching) {
        return picker_search_key(app, picker, key);
    }
    return picker_browse_key(app, picker, key);
}

/* Build "France › Auvergne-Rhône-Alpes › Loire" into buf. When it is wider
 * than width, the first names are replaced by "…". */
static void
picker_breadcrumb(const struct picker *picker, char *buf, size_t size,
                  int width)
{
    size_t first;
    size_t i;
    size_t used;

    for (first = 0; first <= picker->depth; first++) {
        used = (size_t)snprintf(buf, size, "%s", first == 0 ? "France" : "…");
        for (i = first; i < picker->depth && used < size; i++) {
            used += (size_t)snprintf(buf + used, size - used, " › %s",
                                     picker->path[i].territory.name);
        }
        if (tui_text_columns(buf, strlen(buf)) <= width) {
            return;
        }
    }
}

static void
picker_draw_item(struct tui_app *app, void *arg, size_t index,
                 const struct tui_rect *line, int selected)
{
    const struct territory_list *items = arg;

    tui_draw_territory(line, &items->items[index], selected, app->french);
}

/* Draw the search field, the result count and the results. */
static void
picker_draw_search(struct tui_app *app, struct picker *picker,
                   const struct tui_rect *body)
{
    struct tui_rect field = {body->y, body->x + 1, 1, body->width - 2};
    struct tui_rect area = {body->y + SEARCH_HEADER_LINES, body->x,
                            body->height - SEARCH_HEADER_LINES, body->width};
    char count[128];

    if (picker->search_pending) {
        picker_search(app, picker);
    }
    tui_input_draw(app, &picker->input, &field, _("Search:"));
    if (picker->input.length == 0) {
        snprintf(count, sizeof(count), "%s",
                 _("Type a name or an INSEE or SIREN code."));
    } else if (picker->results.count == 0) {
        snprintf(count, sizeof(count), "%s", _("No territory found."));
    } else if (picker->results.count >= SEARCH_RESULTS_MAX) {
        /* The search stops at SEARCH_RESULTS_MAX, so more may match. */
        snprintf(count, sizeof(count),
                 ngettext("First %zu result", "First %zu results",
                          picker->results.count),
                 picker->results.count);
    } else {
        snprintf(count, sizeof(count),
                 ngettext("%zu result", "%zu results", picker->results.count),
                 picker->results.count);
    }
    tui_draw_text(body->y + 1, body->x + 1, body->width - 2, TUI_COLOUR_DIM,
                  count);
    tui_list_draw(app, &picker->result_list, &area, picker_draw_item,
                  &picker->results);
    if (picker->results.count > 0) {
        tui_app_set_current(
            app, &picker->results.items[picker->result_list.selected]);
    }
}

static void
picker_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct picker *picker = state;
    struct tui_rect area = {body->y + BROWSE_HEADER_LINES, body->x,
                            body->height - BROWSE_HEADER_LINES, body->width};
    char path[1024];

    picker->body_height = body->height;
    if (picker->searching) {
        picker_draw_search(app, picker, body);
        return;
    }

    picker_breadcrumb(picker, path, sizeof(path), body->width - 2);
    tui_draw_text(body->y, body->x + 1, body->width - 2, TUI_COLOUR_HEADING,
                  path);
    if (picker->items.count == 0) {
        tui_draw_text(area.y + 1, body->x + 1, body->width - 2,
                      TUI_COLOUR_ALERT,
                      _("No territories: load the data with "
                        "\"terrish init\"."));
        tui_app_set_current(app, NULL);
        return;
    }
    tui_list_draw(app, &picker->list, &area, picker_draw_item, &picker->items);
    tui_app_set_current(app, &picker->items.items[picker->list.selected]);
}

/* Keep the selections visible. */
static void
picker_resize(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct picker *picker = state;

    (void)app;
    picker->body_height = body->height;
    tui_list_select(&picker->list, picker->list.selected,
                    picker_visible(picker));
    tui_list_select(&picker->result_list, picker->result_list.selected,
                    picker_visible(picker));
}

/* arg is NULL to browse from the régions, &tui_picker_search_only to open
 * on the search field and close the screen with the search, or a struct
 * tui_territory_choice to choose a territory by searching. */
static void *
picker_create(struct tui_app *app, const void *arg)
{
    struct picker *picker;
    struct territory_list regions;

    picker = xcalloc(1, sizeof(*picker));
    picker->body_height =
        app->body.height > 0 ? app->body.height : TUI_MIN_LINES - 2;
    if (arg != NULL) {
        if (arg != &tui_picker_search_only) {
            picker->choice = arg;
        }
        picker->searching = 1;
        picker->search_only = 1;
        tui_input_clear(&picker->input);
        return picker;
    }
    if (picker_load(app, picker, &regions) == 0) {
        picker_set_items(picker, &regions);
    }
    return picker;
}

static const char *
picker_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Territories");
}

static int
picker_typing(void *state)
{
    const struct picker *picker = state;

    return picker->searching;
}

static void
picker_free(void *state)
{
    struct picker *picker = state;
    size_t i;

    for (i = 0; i < picker->depth; i++) {
        territory_clear(&picker->path[i].territory);
    }
    territory_list_free(&picker->items);
    territory_list_free(&picker->results);
    free(picker);
}

const struct tui_screen_ops tui_screen_picker = {
    .name = "picker",
    .create = picker_create,
    .title = picker_title,
    .draw = picker_draw,
    .key = picker_key,
    .resize = picker_resize,
    .typing = picker_typing,
    .help = picker_help,
    .free = picker_free,
    .body_shows_current = 1,
};
