/*
 * terrish: the list of dashboards: those the account owns, those shared
 * with it, the public ones, and the default dashboard of each catalogue
 * theme for the current territory. From it a dashboard is opened, created,
 * opened by its share code, copied or removed.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/dashboard.h"
#include "tui/tui-internal.h"

/* Columns of the role and of the date of the last change. */
#define ROLE_COLUMNS 20
#define DATE_COLUMNS 17

/* Sections of the list, in their order. */
enum entry_section {
    SECTION_MINE,
    SECTION_SHARED,
    SECTION_PUBLIC,
    SECTION_DEFAULT,
};

/* One line: a stored dashboard, or a theme's default dashboard. */
struct entry {
    enum entry_section section;
    struct dashboard dashboard; /* id 0 for a default dashboard */
    enum dashboard_access access;
    char *theme; /* default dashboard only */
};

enum list_dialog {
    LIST_NONE,
    LIST_NEW,    /* the name of a new dashboard */
    LIST_CODE,   /* a share code */
    LIST_REMOVE, /* confirm the removal */
};

struct dashboards {
    struct entry *entries;
    size_t count;
    struct tui_list list;
    int list_height;
    enum list_dialog dialog;
    struct tui_input input;
    int stale;           /* a screen opened from the list may have changed it */
    struct tui_app *app; /* for following the hub's topic */
};

static const struct tui_key_help dashboards_help[] = {
    {NULL, N_("Dashboards")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {N_("PgUp/PgDn, Home/End"), N_("move by a page, to the first or last")},
    {N_("Enter"), N_("open the highlighted dashboard")},
    {"n", N_("create a dashboard for the current territory (asks its "
             "name)")},
    {"o", N_("open a dashboard by its share code")},
    {"c", N_("save a copy of the highlighted dashboard that you own")},
    {N_("x, Delete"), N_("remove the highlighted dashboard you own, after "
                         "confirmation")},
    {N_("Esc, Left, h, Backspace"), N_("back to the previous screen")},
    {NULL, N_("Sections")},
    {N_("mine"), N_("dashboards you own")},
    {N_("shared"), N_("dashboards others shared with you, as viewer or "
                      "editor")},
    {N_("public"), N_("dashboards an administrator made public")},
    {N_("default"), N_("one per catalogue theme, built for the current "
                       "territory; copy one to change it")},
    {NULL, NULL},
};

static const char *
section_label(enum entry_section section)
{
    switch (section) {
    case SECTION_MINE:
        return _("mine");
    case SECTION_SHARED:
        return _("shared");
    case SECTION_PUBLIC:
        return _("public");
    case SECTION_DEFAULT:
        break;
    }
    return _("default");
}

static void
entries_free(struct dashboards *screen)
{
    size_t i;

    for (i = 0; i < screen->count; i++) {
        dashboard_clear(&screen->entries[i].dashboard);
        free(screen->entries[i].theme);
    }
    free(screen->entries);
    screen->entries = NULL;
    screen->count = 0;
}

static struct entry *
entry_add(struct dashboards *screen, enum entry_section section)
{
    struct entry *entry;

    screen->entries = xrealloc(screen->entries,
                               (screen->count + 1) * sizeof(*screen->entries));
    entry = &screen->entries[screen->count++];
    memset(entry, 0, sizeof(*entry));
    entry->section = section;
    return entry;
}

static int
entry_order(const void *a, const void *b)
{
    const struct entry *ea = a;
    const struct entry *eb = b;
    char *fa;
    char *fb;
    int rc;

    if (ea->section != eb->section) {
        return (int)ea->section - (int)eb->section;
    }
    if (ea->section == SECTION_DEFAULT) {
        return 0; /* catalogue order */
    }
    fa = text_sort_key(ea->dashboard.name);
    fb = text_sort_key(eb->dashboard.name);
    rc = strcmp(fa, fb);
    free(fa);
    free(fb);
    return rc;
}

/* The stored dashboards the account may see, in their sections. */
static int
load_stored(struct tui_app *app, struct dashboards *screen)
{
    struct dashboard *list = NULL;
    size_t count = 0;
    size_t i;

    if (store_dashboard_list(app->store, app->user_name, &list, &count) != 0) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        enum dashboard_access access = ACCESS_NONE;
        enum entry_section section = SECTION_SHARED;
        struct entry *entry;

        if (store_dashboard_access(app->store, list[i].id, app->user_name,
                                   &access) != 0) {
            access = ACCESS_VIEW;
        }
        if (strcmp(list[i].owner, app->user_name) == 0) {
            section = SECTION_MINE;
        } else if (list[i].public && access <= ACCESS_VIEW) {
            section = SECTION_PUBLIC;
        }
        entry = entry_add(screen, section);
        entry->dashboard = list[i];
        entry->access = access;
    }
    free(list);
    return 0;
}

/* One default dashboard per theme, for the current territory. */
static int
load_defaults(struct tui_app *app, struct dashboards *screen)
{
    char **themes = NULL;
    size_t count = 0;
    size_t i;

    if (app->current.name == NULL) {
        return 0;
    }
    if (store_dashboard_themes(app->store, &themes, &count) != 0) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        struct entry *entry = entry_add(screen, SECTION_DEFAULT);
        char *theme = tui_theme_name(app, themes[i]);

        entry->theme = themes[i];
        entry->access = ACCESS_VIEW;
        entry->dashboard.name =
            xasprintf(_("%s — %s (default)"), theme, app->current.name);
        free(theme);
        entry->dashboard.territory_id = app->current.id;
    }
    free(themes);
    return 0;
}

/* Read the list again, keeping the selection on the same line number. */
static int
dashboards_load(struct tui_app *app, struct dashboards *screen)
{
    size_t selected = screen->list.selected;

    entries_free(screen);
    if ((app->user_name != NULL && load_stored(app, screen) != 0) ||
        load_defaults(app, screen) != 0) {
        tui_app_set_message(app, 1, _("Could not read the dashboards: %s"),
                            tui_store_error(app));
        return -1;
    }
    if (screen->count > 1) {
        /* qsort is not stable: keep the defaults in catalogue order by
         * sorting only the stored ones. */
        size_t stored = 0;

        while (stored < screen->count &&
               screen->entries[stored].section != SECTION_DEFAULT) {
            stored++;
        }
        qsort(screen->entries, stored, sizeof(*screen->entries), entry_order);
    }
    tui_list_reset(&screen->list, screen->count);
    tui_list_select(&screen->list, selected, screen->list_height);
    return 0;
}

/* Columns of a line: the name takes what the others leave. */
static int
name_columns(int width, int *show_date)
{
    *show_date = width >= 70;
    return width - ROLE_COLUMNS - 2 - (*show_date ? DATE_COLUMNS : 0);
}

static void
draw_header(const struct tui_rect *line)
{
    int show_date;
    int x = line->x + 1;
    int name_width = name_columns(line->width, &show_date);

    tui_draw_text(line->y, x, name_width - 1, TUI_COLOUR_HEADING,
                  _("Dashboard"));
    x += name_width;
    tui_draw_text(line->y, x, ROLE_COLUMNS - 1, TUI_COLOUR_HEADING,
                  _("Kind, owner"));
    if (show_date) {
        tui_draw_text(line->y, x + ROLE_COLUMNS, DATE_COLUMNS - 1,
                      TUI_COLOUR_HEADING, _("Changed (UTC)"));
    }
}

static void
draw_entry(struct tui_app *app, void *arg, size_t index,
           const struct tui_rect *line, int selected)
{
    struct dashboards *screen = arg;
    const struct entry *entry = &screen->entries[index];
    enum tui_colour text = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    enum tui_colour dim = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_DIM;
    int show_date;
    int name_width = name_columns(line->width, &show_date);
    int x = line->x + 1;
    char role[64];

    (void)app;
    tui_draw_text(line->y, x, name_width - 1, text, entry->dashboard.name);
    x += name_width;
    if (entry->section == SECTION_SHARED || entry->section == SECTION_PUBLIC) {
        snprintf(role, sizeof(role), "%s", entry->dashboard.owner);
    } else {
        snprintf(role, sizeof(role), "%s", section_label(entry->section));
    }
    tui_draw_text(line->y, x, ROLE_COLUMNS - 1, dim, role);
    x += ROLE_COLUMNS;
    if (show_date && entry->dashboard.updated_at != NULL) {
        char date[DATE_COLUMNS + 1];

        /* "2026-12-04T18:55:00Z" shown as "2026-12-04 18:55". */
        snprintf(date, sizeof(date), "%.10s %.5s", entry->dashboard.updated_at,
                 strlen(entry->dashboard.updated_at) > 11
                     ? entry->dashboard.updated_at + 11
                     : "");
        tui_draw_text(line->y, x, DATE_COLUMNS - 1, dim, date);
    }
}

static void
dashboards_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct dashboards *screen = state;
    struct tui_rect header = {body->y, body->x, 1, body->width};
    struct tui_rect list = {body->y + 1, body->x, body->height - 2,
                            body->width};
    struct tui_rect footer = {body->y + body->height - 1, body->x + 1, 1,
                              body->width - 2};
    char text[256];

    if (body->height < 4) {
        return;
    }
    screen->list_height = list.height;
    draw_header(&header);
    if (screen->count == 0) {
        tui_draw_text(list.y + 1, list.x + 1, list.width - 2, TUI_COLOUR_DIM,
                      _("No dashboard yet: press n to create one, or choose "
                        "a territory to see its default dashboards."));
    }
    tui_list_draw(app, &screen->list, &list, draw_entry, screen);
    switch (screen->dialog) {
    case LIST_NEW:
        tui_input_draw(app, &screen->input, &footer, _("Name:"));
        break;
    case LIST_CODE:
        tui_input_draw(app, &screen->input, &footer, _("Share code:"));
        break;
    case LIST_REMOVE:
        tui_draw_fill(footer.y, body->x, body->width, TUI_COLOUR_INPUT);
        snprintf(text, sizeof(text),
                 _("Remove the dashboard “%s” and its history for everyone? "
                   "(y/n)"),
                 screen->entries[screen->list.selected].dashboard.name);
        tui_draw_text(footer.y, footer.x, footer.width, TUI_COLOUR_INPUT, text);
        break;
    case LIST_NONE:
        if (app->current.name != NULL) {
            snprintf(text, sizeof(text),
                     _("n: new dashboard for %s · o: open a share code"),
                     app->current.name);
        } else {
            snprintf(text, sizeof(text), "%s",
                     _("o: open a share code · choose a territory to create "
                       "dashboards"));
        }
        tui_draw_text(footer.y, footer.x, footer.width, TUI_COLOUR_DIM, text);
        break;
    }
}

static struct entry *
selected_entry(struct dashboards *screen)
{
    if (screen->count == 0 || screen->list.selected >= screen->count) {
        return NULL;
    }
    return &screen->entries[screen->list.selected];
}

static int
open_entry(struct tui_app *app, struct dashboards *screen)
{
    struct entry *entry = selected_entry(screen);
    struct tui_dashboard_arg arg = {0, NULL, NULL, 0};

    if (entry == NULL) {
        return TUI_KEY_HANDLED;
    }
    arg.id = entry->dashboard.id;
    arg.theme = entry->theme;
    arg.territory_id = entry->dashboard.territory_id;
    screen->stale = 1;
    tui_app_push(app, &tui_screen_dashboard, &arg);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Create a dashboard with the typed name, for the current territory. */
static void
create_dashboard(struct tui_app *app, struct dashboards *screen)
{
    struct tui_dashboard_arg arg = {0, NULL, NULL, 0};

    if (screen->input.length == 0) {
        tui_app_set_message(app, 1, _("A dashboard needs a name."));
        return;
    }
    if (store_dashboard_create(app->store, app->user_name, screen->input.text,
                               app->current.id, &arg.id) != 0) {
        tui_app_set_message(app, 1, _("Could not create the dashboard: %s"),
                            tui_store_error(app));
        return;
    }
    screen->dialog = LIST_NONE;
    dashboards_load(app, screen);
    screen->stale = 1;
    tui_app_push(app, &tui_screen_dashboard, &arg);
}

/* Open the dashboard of the typed share code, read-only. */
static void
open_code(struct tui_app *app, struct dashboards *screen)
{
    struct dashboard dashboard;
    struct tui_dashboard_arg arg = {0, NULL, NULL, 0};
    int rc;

    memset(&dashboard, 0, sizeof(dashboard));
    rc = store_dashboard_by_code(app->store, screen->input.text, &dashboard);
    if (rc != 0) {
        tui_app_set_message(app, 1,
                            rc == 1 ? _("No dashboard has the share code "
                                        "“%s”: check it with its owner.")
                                    : _("Could not read the share code "
                                        "“%s”."),
                            screen->input.text);
        dashboard_clear(&dashboard);
        return;
    }
    screen->dialog = LIST_NONE;
    arg.id = dashboard.id;
    arg.code = dashboard.share_code;
    screen->stale = 1;
    tui_app_push(app, &tui_screen_dashboard, &arg);
    dashboard_clear(&dashboard);
}

/* Copy the highlighted dashboard into a new one the account owns. */
static int
copy_entry(struct tui_app *app, struct dashboards *screen)
{
    struct entry *entry = selected_entry(screen);
    struct widget *widgets = NULL;
    size_t count = 0;
    int64_t id = 0;
    size_t i;
    int rc;

    if (entry == NULL) {
        return TUI_KEY_HANDLED;
    }
    if (entry->theme != NULL) {
        rc = store_dashboard_default(app->store, entry->theme,
                                     entry->dashboard.territory_id, &widgets,
                                     &count);
        if (rc == 0) {
            rc = store_dashboard_create_with_widgets(
                app->store, app->user_name, entry->dashboard.name,
                entry->dashboard.territory_id, widgets, count, &id);
        }
        for (i = 0; i < count; i++) {
            widget_clear(&widgets[i]);
        }
        free(widgets);
    } else {
        rc = store_dashboard_copy(app->store, app->user_name,
                                  entry->dashboard.id, &id);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not copy the dashboard: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    dashboards_load(app, screen);
    for (i = 0; i < screen->count; i++) {
        if (screen->entries[i].dashboard.id == id) {
            tui_list_select(&screen->list, i, screen->list_height);
        }
    }
    tui_app_set_message(app, 0, _("Saved a copy that you can change."));
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static void
remove_entry(struct tui_app *app, struct dashboards *screen)
{
    struct entry *entry = selected_entry(screen);
    int rc;

    screen->dialog = LIST_NONE;
    if (entry == NULL) {
        return;
    }
    rc =
        store_dashboard_remove(app->store, app->user_name, entry->dashboard.id);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not remove the dashboard: %s"),
                            tui_store_error(app));
        return;
    }
    tui_audit_remove(app, "dashboard", entry->dashboard.id,
                     entry->dashboard.owner);
    dash_announce_rights(app, entry->dashboard.id, entry->dashboard.version);
    tui_app_set_message(app, 0, _("The dashboard was removed."));
    dashboards_load(app, screen);
}

static int
key_is_enter(const struct tui_key *key)
{
    return (key->function && key->code == KEY_ENTER) ||
           (!key->function && (key->code == '\r' || key->code == '\n'));
}

static int
key_is_cancel(const struct tui_key *key)
{
    return !key->function &&
           (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'));
}

/* Keys while a field or a question is open. */
static int
dialog_key(struct tui_app *app, struct dashboards *screen,
           const struct tui_key *key)
{
    int flags;

    if (screen->dialog == LIST_REMOVE) {
        if (!key->function && (key->code == 'y' || key->code == 'o')) {
            remove_entry(app, screen);
        } else {
            screen->dialog = LIST_NONE;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_cancel(key)) {
        screen->dialog = LIST_NONE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_enter(key)) {
        if (screen->dialog == LIST_NEW) {
            create_dashboard(app, screen);
        } else {
            open_code(app, screen);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_input_key(&screen->input, key);
    return (flags & ~TUI_INPUT_CHANGED) | TUI_KEY_HANDLED;
}

static int
dashboards_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct dashboards *screen = state;
    struct entry *entry = selected_entry(screen);
    int flags;

    if (screen->dialog != LIST_NONE) {
        return dialog_key(app, screen, key);
    }
    flags = tui_list_key(&screen->list, key, screen->list_height, 1);
    if (flags != 0) {
        return flags;
    }
    if (key_is_enter(key)) {
        return open_entry(app, screen);
    }
    if (key->function && key->code == KEY_DC) {
        return dashboards_key(app, state, &(struct tui_key){0, 'x'});
    }
    if (key->function) {
        return 0;
    }
    switch (key->code) {
    case 'n':
        if (app->user_name == NULL || app->current.name == NULL) {
            tui_app_set_message(app, 0,
                                _("Choose a territory first: a dashboard "
                                  "shows one territory."));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        tui_input_clear(&screen->input);
        screen->dialog = LIST_NEW;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'o':
        tui_input_clear(&screen->input);
        screen->dialog = LIST_CODE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'c':
        return copy_entry(app, screen);
    case 'x':
        if (entry == NULL) {
            return TUI_KEY_HANDLED;
        }
        if (entry->access < ACCESS_OWNER || entry->theme != NULL) {
            tui_app_set_message(app, 1,
                                _("Only the owner of a dashboard can remove "
                                  "it."));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        screen->dialog = LIST_REMOVE;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static void
dashboards_free(void *state)
{
    struct dashboards *screen = state;

    if (screen->app != NULL) {
        tui_app_follow(screen->app, HUB_TOPIC_DASHBOARDS, 0);
    }
    entries_free(screen);
    free(screen);
}

static void *
dashboards_create(struct tui_app *app, const void *arg)
{
    struct dashboards *screen = xcalloc(1, sizeof(*screen));

    (void)arg;
    screen->list_height = app->body.height > 3 ? app->body.height - 2 : 1;
    if (dashboards_load(app, screen) != 0) {
        dashboards_free(screen);
        return NULL;
    }
    screen->app = app;
    tui_app_follow(app, HUB_TOPIC_DASHBOARDS, 1);
    return screen;
}

static const char *
dashboards_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Dashboards");
}

static int
dashboards_typing(void *state)
{
    const struct dashboards *screen = state;

    return screen->dialog == LIST_NEW || screen->dialog == LIST_CODE;
}

static void
dashboards_resize(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct dashboards *screen = state;

    (void)app;
    screen->list_height = body->height > 3 ? body->height - 2 : 1;
}

/* The loop runs the idle work of the top screen after a screen above it
 * closes: read the list again then, since a dashboard opened from it may
 * have been renamed, copied or removed. A dialog open on the list (a
 * removal to confirm) keeps the list as it is until it closes. */
static int
dashboards_idle(struct tui_app *app, void *state)
{
    struct dashboards *screen = state;

    if (!screen->stale || screen->dialog != LIST_NONE) {
        return 0;
    }
    screen->stale = 0;
    dashboards_load(app, screen);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Another session changed a dashboard, maybe one of the list or one that
 * joins it (shared with the account, or made public): read the list
 * again at the next idle step. */
static void
dashboards_hub_event(struct tui_app *app, void *state,
                     const struct hub_event *event)
{
    struct dashboards *screen = state;

    if (event->type != HUB_DASHBOARD_LISTED) {
        return;
    }
    screen->stale = 1;
    app->idle_pending = 1;
}

const struct tui_screen_ops tui_screen_dashboards = {
    .name = "dashboards",
    .create = dashboards_create,
    .title = dashboards_title,
    .draw = dashboards_draw,
    .key = dashboards_key,
    .resize = dashboards_resize,
    .typing = dashboards_typing,
    .idle = dashboards_idle,
    .hub_event = dashboards_hub_event,
    .help = dashboards_help,
    .free = dashboards_free,
};
