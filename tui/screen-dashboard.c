/*
 * terrish: one dashboard: its widgets in a grid, who else is looking at
 * it, and the changes the others make, shown as they are committed.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The grid has 4 columns on a wide terminal, 2 or 1 on narrower ones.
 * Widgets are placed in position order, each at the first free place of
 * its size, scanning rows from the top and columns from the left.
 *
 * Live updates: the screen watches the dashboard on the notification hub
 * (common/hub.h). When another session commits a change, the hub sends
 * the new version. The screen then reads the history since the last
 * version it saw, and reloads the widgets whose data changed. It sends
 * its own changes to the hub the same way. Without a hub, Ctrl-L reads
 * the dashboard again.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/dashboard.h"
#include "tui/strategy-view.h"

#define GLYPH_EDITING "✎"

static const struct tui_key_help dashboard_help[] = {
    {NULL, N_("Dashboard")},
    {N_("arrows, h/j/k/l"), N_("move between the widgets")},
    {N_("PgUp/PgDn, Home/End"), N_("scroll by a page, to the top or bottom")},
    {N_("Enter"), N_("loupe: open the map, chart and table of the widget's "
                     "indicator for its territory")},
    {"a", N_("act: open the sheet of the widget's indicator (what it "
             "means, where the territory stands, which levers act on it)")},
    {"S", N_("effect of the territory's strategies on the widget's "
             "indicator: today and at their target year")},
    {"s", N_("share the dashboard (its owner)")},
    {"v", N_("history of the changes, with undo and revert")},
    {"C", N_("save a copy of this dashboard that you own, and open it")},
    {N_("Ctrl-L"), N_("read the dashboard again from the store")},
    {N_("Esc, Backspace"), N_("back to the previous screen")},
    {NULL, N_("Changes (owner and editors)")},
    {"n", N_("add a widget: choose an indicator, then its representation")},
    {N_("x, Delete"), N_("remove the widget, after confirmation")},
    {"< >", N_("move the widget earlier or later in the grid")},
    {"w W", N_("make the widget wider or narrower (1 to 4 columns)")},
    {"t T", N_("make the widget taller or shorter (1 to 4 rows)")},
    {"c", N_("change the widget's representation")},
    {"r", N_("edit the widget's title (empty: the indicator's name)")},
    {"g", N_("set or clear the target of a gauge")},
    {"R", N_("rename the dashboard")},
    {"E", N_("edit the dashboard's description")},
    {"u", N_("undo your last change that is still in effect")},
    {NULL, N_("Working together")},
    {N_("top line"), N_("who is looking at this dashboard, each name in its "
                        "colour")},
    {GLYPH_EDITING, N_("a widget someone is editing, with their name: "
                       "editing it too asks first, and tells them")},
    {N_("conflict"), N_("when someone changed a field since you read it, "
                        "both values are shown and you choose which stays; "
                        "both are kept in the history")},
    {NULL, NULL},
};

struct dash_widget *
dash_view_selected(struct dash_view *view)
{
    if (view->cursor >= view->widget_count) {
        return NULL;
    }
    return &view->widgets[view->cursor];
}

struct dash_widget *
dash_view_find(struct dash_view *view, int64_t widget_id)
{
    size_t i;

    for (i = 0; i < view->widget_count; i++) {
        if (view->widgets[i].widget.id == widget_id) {
            return &view->widgets[i];
        }
    }
    return NULL;
}

/* The other session editing a widget, or NULL. */
const struct hub_peer *
dash_view_editor(const struct dash_view *view, int64_t widget_id)
{
    size_t i;

    for (i = 0; i < view->peer_count; i++) {
        const struct hub_peer *peer = &view->peers[i];

        if (peer->session != view->self && peer->widget_id == widget_id &&
            widget_id != 0) {
            return peer;
        }
    }
    return NULL;
}

static int
text_equal(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Returns 1 when two versions of a widget show the same data: only its
 * title, size or position differ. */
static int
widget_same_data(const struct widget *a, const struct widget *b)
{
    return text_equal(a->indicator_id, b->indicator_id) &&
           text_equal(a->category, b->category) &&
           a->territory_id == b->territory_id && a->kind == b->kind &&
           a->has_target == b->has_target &&
           (!a->has_target || a->target == b->target);
}

/*
 * Read the widgets again. With all unset, a widget whose data did not
 * change keeps what was computed for it; with all set, every widget is
 * computed again. The cursor stays on the same widget when it still
 * exists. Returns 0, or -1 with the message set.
 */
int
dash_view_reload(struct dash_view *view, int all)
{
    struct tui_app *app = view->app;
    struct widget *fresh = NULL;
    struct dash_widget *widgets;
    int64_t selected = 0;
    size_t count = 0;
    size_t i;

    if (view->theme != NULL
            ? store_dashboard_default(app->store, view->theme,
                                      view->territory.id, &fresh, &count) < 0
            : store_dashboard_widgets(app->store, view->dashboard.id, &fresh,
                                      &count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the dashboard: %s"),
                            tui_store_error(app));
        return -1;
    }
    if (view->cursor < view->widget_count && view->theme == NULL) {
        selected = view->widgets[view->cursor].widget.id;
    } else if (view->cursor < count) {
        selected = fresh[view->cursor].id;
    }
    widgets = xcalloc(count + 1, sizeof(*widgets));
    for (i = 0; i < count; i++) {
        struct dash_widget *old =
            view->theme == NULL ? dash_view_find(view, fresh[i].id) : NULL;

        if (old != NULL && !all && widget_same_data(&old->widget, &fresh[i])) {
            widgets[i] = *old;
            widget_clear(&widgets[i].widget);
            memset(old, 0, sizeof(*old));
            widgets[i].widget = fresh[i];
            continue;
        }
        widgets[i].widget = fresh[i];
        dash_widget_load(app, &widgets[i], &view->territory);
    }
    free(fresh);
    for (i = 0; i < view->widget_count; i++) {
        dash_widget_clear(&view->widgets[i]);
    }
    free(view->widgets);
    view->widgets = widgets;
    view->widget_count = count;
    if (view->theme == NULL || view->cursor >= count) {
        view->cursor = 0;
    }
    for (i = 0; i < count && view->theme == NULL; i++) {
        if (widgets[i].widget.id == selected) {
            view->cursor = i;
        }
    }
    view->compute_next = 0;
    app->idle_pending = 1;
    app->dirty = 1;
    return 0;
}

/* Stop showing a dashboard that was removed (removed 1) or that the
 * account can no longer see: nothing of it stays on screen, no change
 * reaches it, and the screen closes once it is on top. */
static void
view_close(struct dash_view *view, int removed)
{
    size_t i;

    if (view->closed) {
        return;
    }
    view->closed = 1;
    if (view->app->hub != NULL) {
        hub_watch(view->app->hub, 0);
    }
    for (i = 0; i < view->widget_count; i++) {
        dash_widget_clear(&view->widgets[i]);
    }
    view->widget_count = 0;
    view->peer_count = 0;
    if (removed) {
        tui_app_set_message(view->app, 1, _("The dashboard “%s” was removed."),
                            view->dashboard.name);
    } else {
        tui_app_set_message(view->app, 1,
                            _("You no longer have access to the dashboard "
                              "“%s”."),
                            view->dashboard.name);
    }
    tui_app_close_screen(view->app, view);
}

/* Read the dashboard's own row again (name, description, territory,
 * sharing) and what the account may do with it. Returns 1 when its
 * territory changed, 0 when not, -1 on error or when the view closed. */
static int
view_read_dashboard(struct dash_view *view)
{
    struct tui_app *app = view->app;
    struct dashboard fresh;
    enum dashboard_access access = ACCESS_NONE;
    int changed;
    int rc;

    if (view->theme != NULL || view->closed) {
        return 0;
    }
    memset(&fresh, 0, sizeof(fresh));
    rc = store_dashboard_get(app->store, view->dashboard.id, &fresh);
    /* A removed dashboard's id can be given to a new one: another owner
     * means another dashboard. */
    if (rc == 1 || (rc == 0 && view->dashboard.owner[0] != '\0' &&
                    strcmp(fresh.owner, view->dashboard.owner) != 0)) {
        dashboard_clear(&fresh);
        view_close(view, 1);
        return -1;
    }
    if (rc != 0) {
        dashboard_clear(&fresh);
        return -1;
    }
    changed = fresh.territory_id != view->dashboard.territory_id;
    dashboard_clear(&view->dashboard);
    view->dashboard = fresh;
    if (app->user_name != NULL &&
        store_dashboard_access(app->store, fresh.id, app->user_name, &access) ==
            0) {
        if (view->code != NULL && access < ACCESS_VIEW &&
            strcmp(view->code, fresh.share_code) == 0) {
            access = ACCESS_VIEW;
        }
        view->access = access;
        if (access < ACCESS_VIEW) {
            view_close(view, 0);
            return -1;
        }
    }
    if (changed) {
        territory_clear(&view->territory);
        memset(&view->territory, 0, sizeof(view->territory));
        if (store_territory_get_by_id(app->store, fresh.territory_id,
                                      &view->territory) != 0) {
            return -1;
        }
    }
    return changed;
}

/*
 * Read the changes committed since the last version seen, and reload what
 * they touched: the dashboard's row for a change of the dashboard itself,
 * the widgets for a change of a widget (those whose data changed are
 * computed again).
 */
void
dash_view_catch_up(struct dash_view *view)
{
    struct tui_app *app = view->app;
    struct dashboard_change *changes = NULL;
    size_t count = 0;
    int widgets_changed = 0;
    int territory_changed = 0;
    size_t i;

    if (view->theme != NULL) {
        return;
    }
    if (store_dashboard_history(app->store, view->dashboard.id, view->seen,
                                &changes, &count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the dashboard: %s"),
                            tui_store_error(app));
        return;
    }
    if (count == 0) {
        /* No change to read: the dashboard may be gone. */
        view_read_dashboard(view);
    }
    for (i = 0; i < count; i++) {
        if (changes[i].widget_id != 0) {
            widgets_changed = 1;
        }
        if (changes[i].version > view->seen) {
            view->seen = changes[i].version;
        }
        dashboard_change_clear(&changes[i]);
    }
    free(changes);
    if (count > 0) {
        /* The version (and maybe the name or the rights) changed. */
        territory_changed = view_read_dashboard(view) == 1;
    }
    if (widgets_changed || territory_changed) {
        dash_view_reload(view, territory_changed);
    }
    app->dirty = 1;
}

/* After a change of this session: tell the others, and read it back. */
void
dash_view_committed(struct dash_view *view, int64_t version)
{
    struct tui_app *app = view->app;

    if (app->hub != NULL &&
        hub_changed(app->hub, view->dashboard.id, version) != 0) {
        log_warn("user %s: could not tell the hub about version %lld of "
                 "dashboard %lld",
                 app->user_name ? app->user_name : "-", (long long)version,
                 (long long)view->dashboard.id);
    }
    dash_view_catch_up(view);
}

/* Columns of the grid for a body width. */
static int
grid_columns(int width)
{
    if (width >= DASH_WIDE_COLUMNS) {
        return 4;
    }
    return width >= DASH_MEDIUM_COLUMNS ? 2 : 1;
}

/* Returns 1 when the cells of a widget of width x height at (row, col)
 * are free. used has columns cells per row, rows rows. */
static int
grid_free(const unsigned char *used, int columns, int rows, int row, int col,
          int width, int height)
{
    int r;
    int c;

    if (col + width > columns) {
        return 0;
    }
    for (r = row; r < row + height && r < rows; r++) {
        for (c = col; c < col + width; c++) {
            if (used[r * columns + c]) {
                return 0;
            }
        }
    }
    return 1;
}

/* Place every widget on the grid. Returns the rows of the grid. */
static int
grid_place(struct dash_view *view, int columns)
{
    int rows = 0;
    int capacity = (int)view->widget_count * DASH_UNITS_MAX + 1;
    unsigned char *used = xcalloc((size_t)capacity * (size_t)columns, 1);
    size_t i;

    for (i = 0; i < view->widget_count; i++) {
        struct dash_widget *w = &view->widgets[i];
        int width = w->widget.width < 1 ? 1 : w->widget.width;
        int height = w->widget.height < 1 ? 1 : w->widget.height;
        int row;
        int col = 0;
        int r;
        int c;

        width = width > columns ? columns : width;
        height = height > DASH_UNITS_MAX ? DASH_UNITS_MAX : height;
        for (row = 0; row < capacity; row++) {
            for (col = 0; col < columns; col++) {
                if (grid_free(used, columns, capacity, row, col, width,
                              height)) {
                    goto found;
                }
            }
        }
        row = 0; /* not reached: the capacity fits every widget */
    found:
        for (r = row; r < row + height && r < capacity; r++) {
            for (c = col; c < col + width; c++) {
                used[r * columns + c] = 1;
            }
        }
        w->grid_row = row;
        w->grid_col = col;
        w->grid_width = width;
        w->grid_height = height;
        rows = row + height > rows ? row + height : rows;
    }
    free(used);
    return rows;
}

/* Lines above the grid: the presence line, and the description. */
static int
header_lines(const struct dash_view *view)
{
    return view->dashboard.description != NULL &&
                   view->dashboard.description[0] != '\0'
               ? 2
               : 1;
}

/* The presence line: who is here, each in their colour, and the
 * account's role on the right. */
static void
draw_presence(struct tui_app *app, struct dash_view *view, int y, int x,
              int width)
{
    const char *role = dash_access_label(view->access);
    int role_columns = tui_text_columns(role, strlen(role));
    int right = x + width - role_columns - 1;
    size_t i;

    tui_draw_text_right(y, x, width - 1, TUI_COLOUR_DIM, role);
    if (view->theme != NULL) {
        tui_draw_text(y, x + 1, right - x - 2, TUI_COLOUR_DIM,
                      _("Built from the catalogue: C saves a copy that you "
                        "can change."));
        return;
    }
    if (app->hub == NULL) {
        tui_draw_text(y, x + 1, right - x - 2, TUI_COLOUR_DIM,
                      _("Live updates are off: Ctrl-L reads the changes of "
                        "others."));
        return;
    }
    x += 1 +
         tui_draw_text(y, x + 1, right - x - 2, TUI_COLOUR_HEADING, _("Here:"));
    if (view->peer_count == 0 && app->user_name != NULL) {
        /* Until the hub sends the first presence. */
        tui_draw_text_series(y, x + 1, right - x - 2, 0, app->user_name);
    }
    for (i = 0; i < view->peer_count && x < right - 1; i++) {
        const struct hub_peer *peer = &view->peers[i];

        x += 1 + tui_draw_text_series(y, x + 1, right - x - 2, peer->colour,
                                      peer->account);
    }
}

/* The title line of a widget: its title, its representation, and who
 * else edits it. */
static void
draw_widget_title(struct tui_app *app, struct dash_view *view,
                  struct dash_widget *w, int y, int selected)
{
    const struct hub_peer *editor = dash_view_editor(view, w->widget.id);
    enum tui_colour colour =
        selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_HEADING;
    int width = w->rect.width;

    if (selected) {
        tui_draw_fill(y, w->rect.x, width, TUI_COLOUR_SELECTED);
    }
    if (editor != NULL) {
        char marker[96];
        int columns;

        snprintf(marker, sizeof(marker), "%s %s", GLYPH_EDITING,
                 editor->account);
        columns = tui_text_columns(marker, strlen(marker));
        if (columns < width / 2) {
            tui_draw_text_series(y, w->rect.x + width - columns, columns,
                                 editor->colour, marker);
            width -= columns + 1;
        }
    }
    tui_draw_text(y, w->rect.x, width, colour,
                  dash_widget_title(w, app->french));
}

/* Scroll so that the selected widget is in view after a move; else keep
 * the scroll within the grid. */
static void
grid_follow(struct dash_view *view, int grid_lines, int height)
{
    struct dash_widget *w = dash_view_selected(view);
    int last = grid_lines - height; /* scroll that shows the grid's end */

    if (w != NULL) {
        int top = w->grid_row * DASH_ROW_LINES;
        int bottom = top + w->grid_height * DASH_ROW_LINES - 1;

        /* A widget scrolled in shows at its top: one cut at the top of
         * the grid would not be drawn at all. */
        if (view->follow &&
            (bottom >= view->scroll + height || top < view->scroll)) {
            view->scroll = top;
        }
        if (top > last) {
            last = top;
        }
    }
    if (view->scroll > last) {
        view->scroll = last;
    }
    view->follow = 0;
    if (view->scroll < 0) {
        view->scroll = 0;
    }
}

/* Draw one widget, clipped to the grid area. */
static void
draw_widget(struct tui_app *app, struct dash_view *view, struct dash_widget *w,
            const struct tui_rect *grid, int column_width, int selected)
{
    int top = w->grid_row * DASH_ROW_LINES - view->scroll;
    int lines = w->grid_height * DASH_ROW_LINES - 1;
    struct tui_rect body;

    w->rect.x = grid->x + w->grid_col * (column_width + 1);
    w->rect.width = w->grid_width * column_width + (w->grid_width - 1);
    w->rect.y = grid->y + top;
    w->rect.height = lines;
    if (top < 0 || top >= grid->height) {
        /* A widget whose title is scrolled out is not drawn; one cut at
         * the bottom shows its first lines. */
        w->rect.height = 0;
        return;
    }
    if (top + lines > grid->height) {
        lines = grid->height - top;
        w->rect.height = lines;
    }
    draw_widget_title(app, view, w, w->rect.y, selected);
    body.y = w->rect.y + 1;
    body.x = w->rect.x;
    body.height = lines - 1;
    body.width = w->rect.width;
    dash_widget_draw(app, w, &body);
}

static void
dashboard_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct dash_view *view = state;
    int header = header_lines(view);
    struct tui_rect grid = {body->y + header, body->x + 1,
                            body->height - header, body->width - 2};
    int columns = grid_columns(body->width);
    int column_width = (grid.width - (columns - 1)) / columns;
    int rows;
    size_t i;

    tui_app_set_current(app, &view->territory);
    if (body->height < 3) {
        return;
    }
    if (view->closed) {
        tui_draw_text(body->y + 1, body->x + 1, body->width - 2,
                      TUI_COLOUR_ALERT,
                      _("This dashboard was removed, or you can no longer "
                        "see it. Press Esc to go back."));
        return;
    }
    draw_presence(app, view, body->y, body->x, body->width);
    if (header == 2) {
        tui_draw_text(body->y + 1, body->x + 1, body->width - 2, TUI_COLOUR_DIM,
                      view->dashboard.description);
    }
    rows = grid_place(view, columns);
    grid_follow(view, rows * DASH_ROW_LINES - 1, grid.height);
    if (view->widget_count == 0) {
        tui_draw_text(grid.y + 1, grid.x, grid.width, TUI_COLOUR_DIM,
                      view->access >= ACCESS_EDIT
                          ? _("This dashboard has no widget yet: press n to "
                              "add one.")
                          : _("This dashboard has no widget yet."));
    }
    for (i = 0; i < view->widget_count; i++) {
        draw_widget(app, view, &view->widgets[i], &grid, column_width,
                    i == view->cursor);
    }
    dash_dialog_draw(app, view, body);
}

/* The centre of a widget on the grid, in half units so that it is an
 * integer. */
static void
widget_centre(const struct dash_widget *w, int *row, int *col)
{
    *row = 2 * w->grid_row + w->grid_height;
    *col = 2 * w->grid_col + w->grid_width;
}

/* Move the cursor to the nearest widget in a direction: among those
 * whose centre lies that way, the nearest by centre distance, with the
 * distance across the direction counted twice. */
static int
cursor_move(struct dash_view *view, int dy, int dx)
{
    struct dash_widget *from = dash_view_selected(view);
    long best_distance = -1;
    size_t best = view->cursor;
    int row;
    int col;
    size_t i;

    if (from == NULL) {
        return TUI_KEY_HANDLED;
    }
    widget_centre(from, &row, &col);
    for (i = 0; i < view->widget_count; i++) {
        int r;
        int c;
        long along;
        long across;
        long distance;

        if (i == view->cursor) {
            continue;
        }
        widget_centre(&view->widgets[i], &r, &c);
        along = dy != 0 ? (long)(r - row) * dy : (long)(c - col) * dx;
        across = dy != 0 ? labs((long)(c - col)) : labs((long)(r - row));
        if (along <= 0) {
            continue;
        }
        distance = along + 2 * across;
        if (best_distance < 0 || distance < best_distance) {
            best_distance = distance;
            best = i;
        }
    }
    view->cursor = best;
    view->follow = 1;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Arrows and h/j/k/l move between widgets; pages scroll. */
static int
navigation_key(struct tui_app *app, struct dash_view *view,
               const struct tui_key *key)
{
    int page = app->body.height > 4 ? app->body.height - 3 : 1;

    if (key->function) {
        switch (key->code) {
        case KEY_UP:
            return cursor_move(view, -1, 0);
        case KEY_DOWN:
            return cursor_move(view, 1, 0);
        case KEY_LEFT:
            return cursor_move(view, 0, -1);
        case KEY_RIGHT:
            return cursor_move(view, 0, 1);
        case KEY_PPAGE:
            view->scroll -= page;
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        case KEY_NPAGE:
            view->scroll += page;
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        case KEY_HOME:
            view->cursor = 0;
            view->follow = 1;
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        case KEY_END:
            view->cursor = view->widget_count > 0 ? view->widget_count - 1 : 0;
            view->follow = 1;
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        return 0;
    }
    switch (key->code) {
    case 'k':
        return cursor_move(view, -1, 0);
    case 'j':
        return cursor_move(view, 1, 0);
    case 'h':
        return cursor_move(view, 0, -1);
    case 'l':
        return cursor_move(view, 0, 1);
    }
    return 0;
}

static int
key_is_enter(const struct tui_key *key)
{
    return (key->function && key->code == KEY_ENTER) ||
           (!key->function && (key->code == '\r' || key->code == '\n'));
}

/* Enter and a on the selected widget: its analysis, or its sheet. */
static int
widget_open(struct tui_app *app, struct dash_view *view, int sheet)
{
    struct dash_widget *w = dash_view_selected(view);

    if (w == NULL) {
        tui_app_set_message(app, 0, _("This dashboard has no widget yet."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!w->has_indicator) {
        tui_app_set_message(app, 1, _("No indicator %s in the store."),
                            w->widget.indicator_id);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (sheet) {
        struct tui_sheet_arg arg = {&w->territory, w->indicator.id};

        tui_app_push(app, &tui_screen_sheet, &arg);
    } else {
        struct tui_analysis_arg arg = {&w->territory, w->indicator.id};

        tui_app_push(app, &tui_screen_analysis, &arg);
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Open the effect of the territory's strategies on the selected widget. */
static int
widget_effect(struct tui_app *app, struct dash_view *view)
{
    struct dash_widget *w = dash_view_selected(view);
    struct tui_effect_arg arg;

    if (w == NULL || !w->has_indicator) {
        tui_app_set_message(app, 0, _("This dashboard has no widget yet."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    arg.territory = &w->territory;
    arg.indicator = &w->indicator;
    arg.category = w->widget.category;
    tui_app_push(app, &tui_screen_effect, &arg);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/*
 * Save a copy that the account owns, and open it: a default dashboard is
 * created with its widgets, a stored one copied with the store's copy.
 * Returns 0, or -1 with the message set.
 */
int
dash_view_copy(struct tui_app *app, struct dash_view *view)
{
    struct tui_dashboard_arg arg = {0, NULL, NULL, 0};
    int rc;

    if (app->user_name == NULL) {
        tui_app_set_message(app, 1,
                            _("Log in with an account to save "
                              "dashboards."));
        return -1;
    }
    if (view->theme != NULL) {
        struct widget *widgets = NULL;
        size_t count = 0;
        size_t i;

        rc = store_dashboard_default(app->store, view->theme,
                                     view->territory.id, &widgets, &count);
        if (rc == 0) {
            rc = store_dashboard_create_with_widgets(
                app->store, app->user_name, view->dashboard.name,
                view->territory.id, widgets, count, &arg.id);
        }
        for (i = 0; i < count; i++) {
            widget_clear(&widgets[i]);
        }
        free(widgets);
    } else if (view->code != NULL && view->access <= ACCESS_VIEW) {
        rc = store_dashboard_copy_by_code(app->store, app->user_name,
                                          view->code, NULL, &arg.id);
    } else {
        rc = store_dashboard_copy(app->store, app->user_name,
                                  view->dashboard.id, &arg.id);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not copy the dashboard: %s"),
                            tui_store_error(app));
        return -1;
    }
    tui_app_set_message(app, 0, _("Saved a copy that you can change."));
    return tui_app_push(app, &tui_screen_dashboard, &arg);
}

static int
dashboard_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct dash_view *view = state;
    int flags;

    if (view->closed) {
        return 0; /* only the keys that go back, or quit, apply */
    }
    if (view->dialog != DIALOG_NONE) {
        return dash_dialog_key(app, view, key);
    }
    flags = navigation_key(app, view, key);
    if (flags != 0) {
        return flags;
    }
    if (key_is_enter(key)) {
        return widget_open(app, view, 0);
    }
    if (key->function) {
        return dash_edit_key(app, view, key);
    }
    switch (key->code) {
    case 'a':
        return widget_open(app, view, 1);
    case 'S':
        return widget_effect(app, view);
    case 'C':
        dash_view_copy(app, view);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 's':
    case 'v':
        if (view->theme != NULL) {
            tui_app_set_message(app, 0,
                                _("A default dashboard has no history and "
                                  "cannot be shared: save a copy with C."));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        if (key->code == 'v') {
            tui_app_push(app, &tui_screen_dashboard_history,
                         &view->dashboard.id);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        if (view->access < ACCESS_OWNER) {
            tui_app_set_message(app, 0,
                                _("Only the owner of this dashboard (%s) can "
                                  "share it."),
                                view->dashboard.owner);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        tui_app_push(app, &tui_screen_dashboard_share, &view->dashboard.id);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case TUI_CTRL('L'):
        view_read_dashboard(view);
        dash_view_reload(view, 1);
        view->seen = view->dashboard.version;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return dash_edit_key(app, view, key);
}

/* Compute the next step of a widget, those in view first. */
static int
dashboard_idle(struct tui_app *app, void *state)
{
    struct dash_view *view = state;
    struct dash_widget *target = NULL;
    size_t i;

    for (i = 0; i < view->widget_count && target == NULL; i++) {
        struct dash_widget *w = &view->widgets[i];

        if (w->phase == DASH_PENDING && w->rect.height > 0) {
            target = w;
        }
    }
    for (i = 0; i < view->widget_count && target == NULL; i++) {
        if (view->widgets[i].phase == DASH_PENDING) {
            target = &view->widgets[i];
        }
    }
    if (target == NULL) {
        return 0;
    }
    dash_widget_step(app, target);
    return target->rect.height > 0 ? TUI_KEY_HANDLED | TUI_KEY_REDRAW
                                   : TUI_KEY_HANDLED;
}

static void
view_set_peers(struct dash_view *view, const struct hub_event *event)
{
    free(view->peers);
    view->peers = NULL;
    view->peer_count = event->peer_count;
    view->self = event->self;
    if (event->peer_count > 0) {
        view->peers = xcalloc(event->peer_count, sizeof(*view->peers));
        memcpy(view->peers, event->peers,
               event->peer_count * sizeof(*view->peers));
    }
}

static void
dashboard_hub_event(struct tui_app *app, void *state,
                    const struct hub_event *event)
{
    struct dash_view *view = state;

    if (view->closed) {
        return;
    }
    if (event->dashboard_id != view->dashboard.id &&
        !(event->type == HUB_TAKEN && event->dashboard_id == 0)) {
        return;
    }
    switch (event->type) {
    case HUB_CHANGED:
        if (event->version < 0) {
            view_read_dashboard(view);
            dash_view_reload(view, 1);
            view->seen = view->dashboard.version;
        } else if (event->version > view->seen) {
            dash_view_catch_up(view);
        }
        break;
    case HUB_PRESENCE:
        view_set_peers(view, event);
        break;
    case HUB_TAKEN:
        if (event->peer_count > 0) {
            dash_edit_taken(view, &event->peers[0]);
        }
        break;
    case HUB_DASHBOARD_LISTED:
    case HUB_STRATEGY_CHANGED:
        return; /* the topics of the lists, not of a dashboard */
    }
    app->dirty = 1;
    app->idle_pending = 1;
}

/* Watch the dashboard shown by the highest dashboard screen left on the
 * stack, or none; that screen then reads what it missed. */
static void
rewatch_below(struct tui_app *app)
{
    size_t i;

    for (i = app->depth; i > 0; i--) {
        const struct tui_frame *frame = &app->stack[i - 1];

        if (frame->ops == &tui_screen_dashboard) {
            struct dash_view *below = frame->state;

            hub_watch(app->hub, below->dashboard.id);
            dash_view_catch_up(below);
            return;
        }
    }
    hub_watch(app->hub, 0);
}

static void
dashboard_free(void *state)
{
    struct dash_view *view = state;
    struct tui_app *app = view->app;
    size_t i;

    if (app->hub != NULL && view->watching) {
        if (view->editing != 0) {
            hub_editing(app->hub, 0, 0);
        }
        rewatch_below(app);
    }
    dash_dialog_close(view);
    for (i = 0; i < view->widget_count; i++) {
        dash_widget_clear(&view->widgets[i]);
    }
    free(view->widgets);
    free(view->peers);
    free(view->code);
    free(view->theme);
    dashboard_clear(&view->dashboard);
    territory_clear(&view->territory);
    free(view);
}

/* Set up the default dashboard of a theme for a territory. Returns 0, or
 * -1 with the message set. */
static int
view_open_default(struct tui_app *app, struct dash_view *view,
                  const struct tui_dashboard_arg *request)
{
    char *theme;
    int rc;

    view->theme = xstrdup(request->theme);
    rc = store_territory_get_by_id(app->store, request->territory_id,
                                   &view->territory);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the territory: %s"),
                            rc > 0 ? _("it does not exist")
                                   : tui_store_error(app));
        return -1;
    }
    /* TRANSLATORS: name of a default dashboard: the catalogue theme, then
       the territory. */
    theme = tui_theme_name(app, request->theme);
    view->dashboard.name =
        xasprintf(_("%s — %s (default)"), theme, view->territory.name);
    free(theme);
    view->dashboard.description = xstrdup("");
    view->dashboard.territory_id = view->territory.id;
    view->access = ACCESS_VIEW;
    return dash_view_reload(view, 1);
}

static void *
dashboard_create(struct tui_app *app, const void *arg)
{
    const struct tui_dashboard_arg *request = arg;
    struct dash_view *view = xcalloc(1, sizeof(*view));
    int rc;

    view->app = app;
    if (request->theme != NULL) {
        if (view_open_default(app, view, request) != 0) {
            dashboard_free(view);
            return NULL;
        }
        return view;
    }
    view->code = request->code != NULL ? xstrdup(request->code) : NULL;
    rc = store_dashboard_get(app->store, request->id, &view->dashboard);
    if (rc == 0) {
        view->territory.id = -1; /* so that it is read */
        view->dashboard.territory_id = -1;
        view->dashboard.id = request->id;
        rc = view_read_dashboard(view) < 0 ? -1 : 0;
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the dashboard: %s"),
                            rc > 0 ? _("it does not exist")
                                   : tui_store_error(app));
        dashboard_free(view);
        return NULL;
    }
    if (view->access < ACCESS_VIEW) {
        tui_app_set_message(app, 1,
                            _("You may not see the dashboard “%s”: ask its "
                              "owner (%s) to share it with you."),
                            view->dashboard.name, view->dashboard.owner);
        dashboard_free(view);
        return NULL;
    }
    view->seen = view->dashboard.version;
    if (dash_view_reload(view, 1) != 0) {
        dashboard_free(view);
        return NULL;
    }
    if (app->hub != NULL) {
        view->watching = 1;
        if (hub_watch(app->hub, view->dashboard.id) != 0) {
            log_warn("user %s: could not watch dashboard %lld on the hub",
                     app->user_name ? app->user_name : "-",
                     (long long)view->dashboard.id);
        }
    }
    return view;
}

static const char *
dashboard_title(struct tui_app *app, void *state)
{
    struct dash_view *view = state;

    (void)app;
    return view->dashboard.name;
}

static int
dashboard_typing(void *state)
{
    const struct dash_view *view = state;

    return view->dialog == DIALOG_PROMPT;
}

static void
dashboard_resize(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct dash_view *view = state;
    size_t i;

    (void)app;
    (void)body;
    for (i = 0; i < view->widget_count; i++) {
        view->widgets[i].fitted_cols = 0;
    }
    view->follow = 1;
}

const struct tui_screen_ops tui_screen_dashboard = {
    .name = "dashboard",
    .create = dashboard_create,
    .title = dashboard_title,
    .draw = dashboard_draw,
    .key = dashboard_key,
    .resize = dashboard_resize,
    .typing = dashboard_typing,
    .idle = dashboard_idle,
    .hub_event = dashboard_hub_event,
    .help = dashboard_help,
    .free = dashboard_free,
};
