/*
 * terrish: the changes made on the dashboard screen (adding, removing,
 * moving and resizing widgets, titles, targets, the dashboard's name and
 * description, undo), their dialogs, and the handling of a conflict.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every change names the version of the field it was made against. When
 * another session changed that field since, the store refuses it with
 * STORE_CONFLICT: the screen then reads the current value and shows it
 * beside the user's. The user either applies theirs over it (a new
 * change, against the current version) or keeps the current one, which
 * records theirs as a change undone at once. Either way both values stay
 * in the history.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/dashboard.h"

/* Columns of the menu of representations. */
#define MENU_COLUMNS 44

void
dash_announce_rights(struct tui_app *app, int64_t dashboard_id, int64_t version)
{
    /* Rights are not versioned: a version past the last one makes the
     * watchers read the dashboard again, and finding no new change they
     * only check that they may still see it. */
    if (app->hub != NULL &&
        hub_changed(app->hub, dashboard_id, version + 1) != 0) {
        log_warn("could not tell the hub that dashboard %lld changed rights",
                 (long long)dashboard_id);
    }
}

const char *
dash_access_label(enum dashboard_access access)
{
    switch (access) {
    case ACCESS_OWNER:
        return _("owner");
    case ACCESS_EDIT:
        return _("editor");
    case ACCESS_VIEW:
        return _("viewer");
    case ACCESS_NONE:
        break;
    }
    return _("no access");
}

/* The translated name of a field of a dashboard or of a widget. */
const char *
dash_field_label(const char *field)
{
    static const struct {
        const char *field;
        const char *label;
    } labels[] = {
        {"name", N_("name")},           {"description", N_("description")},
        {"territory", N_("territory")}, {"title", N_("title")},
        {"indicator", N_("indicator")}, {"category", N_("category")},
        {"kind", N_("representation")}, {"width", N_("width")},
        {"height", N_("height")},       {"target", N_("target")},
        {"position", N_("position")},   {"widget", N_("widget")},
    };
    size_t i;

    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (strcmp(labels[i].field, field) == 0) {
            return _(labels[i].label);
        }
    }
    return field;
}

/* Close the open dialog, and tell the hub this session edits nothing. */
void
dash_dialog_close(struct dash_view *view)
{
    struct tui_app *app = view->app;

    if (view->editing != 0 && app->hub != NULL) {
        hub_editing(app->hub, 0, 0);
    }
    view->editing = 0;
    view->dialog = DIALOG_NONE;
    view->action = ACTION_NONE;
    view->action_widget = 0;
    free(view->question);
    view->question = NULL;
    free(view->new_indicator);
    view->new_indicator = NULL;
    free(view->conflict_field);
    view->conflict_field = NULL;
    free(view->conflict_current);
    view->conflict_current = NULL;
    free(view->conflict_mine);
    view->conflict_mine = NULL;
}

/* Another session took over the widget this one was editing. */
void
dash_edit_taken(struct dash_view *view, const struct hub_peer *taker)
{
    if (view->editing == 0) {
        return;
    }
    view->editing = 0;
    tui_app_set_message(view->app, 1, _("%s took over the widget"),
                        taker->account);
}

/* Returns 1 when the account may change the dashboard, else sets a
 * message that gives the reason. */
static int
may_edit(struct tui_app *app, struct dash_view *view)
{
    if (view->theme != NULL) {
        tui_app_set_message(app, 1,
                            _("A default dashboard cannot be changed: save "
                              "a copy with C, then change the copy."));
        return 0;
    }
    if (view->access >= ACCESS_EDIT) {
        return 1;
    }
    tui_app_set_message(app, 1,
                        _("You can only view this dashboard: ask its owner "
                          "(%s) to make you an editor."),
                        view->dashboard.owner);
    return 0;
}

/* The selected widget, or NULL after telling that there is none. */
static struct dash_widget *
selected_widget(struct tui_app *app, struct dash_view *view)
{
    struct dash_widget *w = dash_view_selected(view);

    if (w == NULL) {
        tui_app_set_message(app, 0, _("This dashboard has no widget yet."));
    }
    return w;
}

/* The value of a field of a widget as text, as the store takes it. */
static char *
widget_field_text(const struct widget *widget, const char *field)
{
    if (strcmp(field, "title") == 0) {
        return xstrdup(widget->title != NULL ? widget->title : "");
    }
    if (strcmp(field, "width") == 0) {
        return xasprintf("%d", widget->width);
    }
    if (strcmp(field, "height") == 0) {
        return xasprintf("%d", widget->height);
    }
    if (strcmp(field, "position") == 0) {
        return xasprintf("%d", widget->position);
    }
    if (strcmp(field, "kind") == 0) {
        return xstrdup(widget_kind_name(widget->kind));
    }
    if (strcmp(field, "target") == 0) {
        return widget->has_target ? xasprintf("%.15g", widget->target)
                                  : xstrdup("");
    }
    return xstrdup("");
}

static char *
dashboard_field_text(const struct dashboard *dashboard, const char *field)
{
    if (strcmp(field, "name") == 0) {
        return xstrdup(dashboard->name);
    }
    return xstrdup(dashboard->description != NULL ? dashboard->description
                                                  : "");
}

/* The account that made the last change of a field since version, or
 * NULL. The caller frees it. */
static char *
last_author(struct tui_app *app, struct dash_view *view, int64_t since,
            int64_t widget_id, const char *field)
{
    struct dashboard_change *changes = NULL;
    size_t count = 0;
    char *author = NULL;
    size_t i;

    if (store_dashboard_history(app->store, view->dashboard.id, since, &changes,
                                &count) != 0) {
        return NULL;
    }
    for (i = 0; i < count; i++) {
        if (changes[i].widget_id == widget_id &&
            strcmp(changes[i].field, field) == 0) {
            free(author);
            author = xstrdup(changes[i].account);
        }
        dashboard_change_clear(&changes[i]);
    }
    free(changes);
    return author;
}

/* Open the conflict dialog for a change the store refused. */
static void
open_conflict(struct tui_app *app, struct dash_view *view, int64_t widget_id,
              const char *field, const char *mine, int64_t expected)
{
    char *author = last_author(app, view, expected, widget_id, field);
    struct dash_widget *w;

    dash_view_catch_up(view);
    dash_dialog_close(view);
    w = widget_id != 0 ? dash_view_find(view, widget_id) : NULL;
    if (widget_id != 0 && w == NULL) {
        tui_app_set_message(app, 1,
                            _("Someone removed this widget while you were "
                              "changing it; your change was not saved."));
        free(author);
        return;
    }
    view->dialog = DIALOG_CONFLICT;
    view->action_widget = widget_id;
    view->conflict_field = xstrdup(field);
    view->conflict_mine = xstrdup(mine);
    view->conflict_current =
        w != NULL ? widget_field_text(&w->widget, field)
                  : dashboard_field_text(&view->dashboard, field);
    view->question = xasprintf(
        _("%s changed the %s while you were editing it."),
        author != NULL ? author : _("Someone"), dash_field_label(field));
    free(author);
}

/* Act on what the store returned for a change. */
static void
change_result(struct tui_app *app, struct dash_view *view, int rc,
              int64_t version, int64_t widget_id, const char *field,
              const char *value, int64_t expected)
{
    switch (rc) {
    case 0:
        dash_view_committed(view, version);
        return;
    case STORE_CONFLICT:
        open_conflict(app, view, widget_id, field, value, expected);
        return;
    case STORE_FORBIDDEN:
        tui_app_set_message(app, 1,
                            _("You may no longer change this dashboard."));
        dash_view_catch_up(view);
        return;
    case 1:
        tui_app_set_message(app, 1,
                            _("Someone removed this widget; your change was "
                              "not saved."));
        dash_view_catch_up(view);
        return;
    default:
        tui_app_set_message(app, 1, _("The change was not saved: %s"),
                            tui_store_error(app));
        return;
    }
}

/*
 * Change one field of a widget against the version expected: the one the
 * screen showed when the user started the change (a prompt keeps it while
 * the user types), or with CURRENT the one the screen shows now.
 */
#define CURRENT (-1)

static void
set_widget(struct tui_app *app, struct dash_view *view, int64_t widget_id,
           const char *field, const char *value, int64_t expected)
{
    struct dash_widget *w = dash_view_find(view, widget_id);
    int64_t version = 0;
    int rc;

    if (w == NULL) {
        return;
    }
    if (expected == CURRENT) {
        expected = w->widget.version;
    }
    rc = store_widget_set(app->store, app->user_name, widget_id, field, value,
                          expected, &version);
    change_result(app, view, rc, version, widget_id, field, value, expected);
}

static void
set_dashboard(struct tui_app *app, struct dash_view *view, const char *field,
              const char *value, int64_t expected)
{
    int64_t version = 0;
    int rc;

    if (expected == CURRENT) {
        expected = view->dashboard.version;
    }
    rc = store_dashboard_set(app->store, app->user_name, view->dashboard.id,
                             field, value, expected, &version);
    change_result(app, view, rc, version, 0, field, value, expected);
}

/* Width or height one unit larger or smaller, within 1..4. */
static int
resize_widget(struct tui_app *app, struct dash_view *view, const char *field,
              int step)
{
    struct dash_widget *w = selected_widget(app, view);
    int size;
    char value[16];

    if (w == NULL) {
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    size = strcmp(field, "width") == 0 ? w->widget.width : w->widget.height;
    if (size + step < 1 || size + step > DASH_UNITS_MAX) {
        tui_app_set_message(app, 0,
                            _("A widget is 1 to 4 units wide and high."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    snprintf(value, sizeof(value), "%d", size + step);
    set_widget(app, view, w->widget.id, field, value, CURRENT);
    view->follow = 1;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/*
 * Move the widget one place earlier or later: the store orders widgets by
 * (position, id), so the two widgets exchange their positions, or, when
 * they share one, every widget gets its index as position. Each position
 * set is one change of the history.
 *
 * NOTE: a move is then two or more changes, and undo takes back only the
 * last of them.
 */
static int
move_widget(struct tui_app *app, struct dash_view *view, int step)
{
    struct dash_widget *w = selected_widget(app, view);
    int64_t moved;
    size_t other;
    size_t i;

    if (w == NULL) {
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if ((step < 0 && view->cursor == 0) ||
        (step > 0 && view->cursor + 1 >= view->widget_count)) {
        return TUI_KEY_HANDLED;
    }
    moved = w->widget.id;
    other = step < 0 ? view->cursor - 1 : view->cursor + 1;
    if (view->widgets[other].widget.position != w->widget.position) {
        int64_t other_id = view->widgets[other].widget.id;
        char mine[16];
        char theirs[16];

        snprintf(mine, sizeof(mine), "%d",
                 view->widgets[other].widget.position);
        snprintf(theirs, sizeof(theirs), "%d", w->widget.position);
        set_widget(app, view, moved, "position", mine, CURRENT);
        if (view->dialog == DIALOG_NONE) {
            set_widget(app, view, other_id, "position", theirs, CURRENT);
        }
    } else {
        int64_t *order = xcalloc(view->widget_count, sizeof(int64_t));
        size_t count = view->widget_count;

        for (i = 0; i < count; i++) {
            order[i] = view->widgets[i].widget.id;
        }
        order[view->cursor] = view->widgets[other].widget.id;
        order[other] = moved;
        for (i = 0; i < count && view->dialog == DIALOG_NONE; i++) {
            struct dash_widget *target = dash_view_find(view, order[i]);
            char value[32];

            if (target != NULL && target->widget.position != (int)i) {
                snprintf(value, sizeof(value), "%zu", i);
                set_widget(app, view, order[i], "position", value, CURRENT);
            }
        }
        free(order);
    }
    for (i = 0; i < view->widget_count; i++) {
        if (view->widgets[i].widget.id == moved) {
            view->cursor = i;
        }
    }
    view->follow = 1;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Open a text field, filled with the current value, and keep the version
 * it was read at for the change. */
static void
open_prompt(struct dash_view *view, enum dash_action action, const char *value,
            int64_t version)
{
    view->dialog = DIALOG_PROMPT;
    view->action = action;
    view->action_version = version;
    tui_input_clear(&view->input);
    snprintf(view->input.text, sizeof(view->input.text), "%s",
             value != NULL ? value : "");
    view->input.length = strlen(view->input.text);
    view->input.cursor = view->input.length;
}

static void
open_confirm(struct dash_view *view, enum dash_action action, char *question)
{
    free(view->question);
    view->question = question;
    view->dialog = DIALOG_CONFIRM;
    view->action = action;
}

/* Open the prompt of a widget's field, telling the hub that this session
 * edits the widget (take set to take it over). */
static void
open_widget_prompt(struct tui_app *app, struct dash_view *view,
                   struct dash_widget *w, enum dash_action action, int take)
{
    char *value = widget_field_text(
        &w->widget, action == ACTION_TITLE ? "title" : "target");

    if (app->hub != NULL) {
        hub_editing(app->hub, w->widget.id, take);
    }
    view->editing = w->widget.id;
    view->action_widget = w->widget.id;
    open_prompt(view, action, value, w->widget.version);
    free(value);
}

/* Edit a widget's field, asking first when someone else edits it. */
static int
edit_widget(struct tui_app *app, struct dash_view *view,
            enum dash_action action)
{
    struct dash_widget *w = selected_widget(app, view);
    const struct hub_peer *editor;

    if (w == NULL) {
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (action == ACTION_TARGET && w->widget.kind != WIDGET_GAUGE) {
        tui_app_set_message(app, 0,
                            _("Only a gauge has a target: change the "
                              "representation with c."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    editor = dash_view_editor(view, w->widget.id);
    if (editor != NULL) {
        view->action_widget = w->widget.id;
        view->after_take_over = action;
        open_confirm(view, ACTION_TAKE_OVER,
                     xasprintf(_("%s is editing this widget. Edit it "
                                 "anyway? They will be told."),
                               editor->account));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    open_widget_prompt(app, view, w, action, 0);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Open the menu of the representations that suit an indicator. Returns
 * 0, or -1 when none does. */
static int
open_menu(struct tui_app *app, struct dash_view *view,
          const struct indicator *indicator, enum dash_action action,
          enum widget_kind current)
{
    size_t count = 0;
    size_t selected = 0;
    int kind;

    for (kind = 0; kind < WIDGET_KIND_COUNT; kind++) {
        if (dash_kind_suits(app->store, (enum widget_kind)kind, indicator)) {
            if (kind == (int)current) {
                selected = count;
            }
            view->menu_kinds[count++] = (enum widget_kind)kind;
        }
    }
    if (count == 0) {
        tui_app_set_message(app, 1,
                            _("No representation of a dashboard suits %s."),
                            tui_indicator_name(indicator, app->french));
        return -1;
    }
    tui_list_reset(&view->menu, count);
    view->menu.selected = selected;
    view->dialog = DIALOG_MENU;
    view->action = action;
    return 0;
}

/* Called by the indicator browser with the indicator of a new widget. */
static void
indicator_chosen(struct tui_app *app, void *owner, const char *id)
{
    struct dash_view *view = owner;
    struct indicator indicator;

    if (store_indicator_get(app->store, id, &indicator) != 0) {
        tui_app_set_message(app, 1, _("Could not read the indicator: %s"),
                            tui_store_error(app));
        return;
    }
    dash_dialog_close(view);
    view->new_indicator = xstrdup(id);
    if (open_menu(app, view, &indicator, ACTION_ADD, WIDGET_KPI) != 0) {
        free(view->new_indicator);
        view->new_indicator = NULL;
    }
    indicator_clear(&indicator);
}

/* Add a widget of the chosen kind at the end of the dashboard. */
static void
add_widget(struct tui_app *app, struct dash_view *view, enum widget_kind kind)
{
    struct widget widget;
    int64_t version = 0;
    size_t i;
    int rc;

    memset(&widget, 0, sizeof(widget));
    widget.dashboard_id = view->dashboard.id;
    widget.indicator_id = view->new_indicator;
    widget.kind = kind;
    widget.title = "";
    dash_kind_size(kind, &widget.width, &widget.height);
    rc = store_widget_add(app->store, app->user_name, &widget, &version);
    if (rc != 0) {
        change_result(app, view, rc, version, 0, "widget", "", 0);
        return;
    }
    dash_view_committed(view, version);
    for (i = 0; i < view->widget_count; i++) {
        if (view->widgets[i].widget.id == widget.id) {
            view->cursor = i;
            view->follow = 1;
        }
    }
}

static void
remove_widget(struct tui_app *app, struct dash_view *view, int64_t widget_id)
{
    int64_t version = 0;
    int rc;

    rc = store_widget_remove(app->store, app->user_name, widget_id, &version);
    if (rc == 0) {
        dash_view_committed(view, version);
        return;
    }
    change_result(app, view, rc, version, widget_id, "widget", "", 0);
}

static int
undo(struct tui_app *app, struct dash_view *view)
{
    int64_t version = 0;
    int rc;

    rc = store_dashboard_undo(app->store, app->user_name, view->dashboard.id,
                              &version);
    if (rc == 0) {
        dash_view_committed(view, version);
        tui_app_set_message(app, 0, _("Your last change was undone."));
    } else if (rc == 1) {
        tui_app_set_message(app, 0, _("You have no change left to undo."));
    } else if (rc == STORE_CONFLICT) {
        /* Every change of the user's that is left was replaced by others:
         * there is no value of theirs to choose, so no conflict dialog. */
        tui_app_set_message(app, 1, "%s",
                            _("None of your changes is still in effect: other "
                              "editors have replaced them since."));
        dash_view_catch_up(view);
    } else {
        change_result(app, view, rc, version, 0, "undo", "", 0);
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* The keys that change the dashboard. Returns 0 for other keys. */
int
dash_edit_key(struct tui_app *app, struct dash_view *view,
              const struct tui_key *key)
{
    struct dash_widget *w;
    unsigned int code = key->code;

    if (key->function && key->code == KEY_DC) {
        code = 'x';
    } else if (key->function) {
        return 0;
    }
    if (strchr("nx<>wWtTcrgREu", (int)code) == NULL || code == 0) {
        return 0;
    }
    if (!may_edit(app, view)) {
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    switch (code) {
    case 'n':
        view->choice.selected = NULL;
        view->choice.chosen = indicator_chosen;
        view->choice.owner = view;
        tui_app_push(app, &tui_screen_indicators, &view->choice);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'x':
        w = selected_widget(app, view);
        if (w != NULL) {
            view->action_widget = w->widget.id;
            open_confirm(view, ACTION_REMOVE,
                         xasprintf(_("Remove the widget “%s”?"),
                                   dash_widget_title(w, app->french)));
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case '<':
    case '>':
        return move_widget(app, view, code == '<' ? -1 : 1);
    case 'w':
    case 'W':
        return resize_widget(app, view, "width", code == 'w' ? 1 : -1);
    case 't':
    case 'T':
        return resize_widget(app, view, "height", code == 't' ? 1 : -1);
    case 'c':
        w = selected_widget(app, view);
        if (w != NULL && w->has_indicator) {
            view->action_widget = w->widget.id;
            open_menu(app, view, &w->indicator, ACTION_KIND, w->widget.kind);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'r':
        return edit_widget(app, view, ACTION_TITLE);
    case 'g':
        return edit_widget(app, view, ACTION_TARGET);
    case 'R':
        open_prompt(view, ACTION_NAME, view->dashboard.name,
                    view->dashboard.version);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'E':
        open_prompt(view, ACTION_DESCRIPTION, view->dashboard.description,
                    view->dashboard.version);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'u':
        return undo(app, view);
    }
    return 0;
}

/* Check and save the text of the prompt. */
static void
prompt_commit(struct tui_app *app, struct dash_view *view)
{
    enum dash_action action = view->action;
    int64_t widget_id = view->action_widget;
    int64_t expected = view->action_version;
    char *text = xstrdup(view->input.text);
    char value[64];

    if (action == ACTION_TARGET && text[0] != '\0') {
        const char *reason = NULL;
        double target;

        if (csv_parse_number(text, &target, &reason) != 0) {
            tui_app_set_message(app, 1, _("Invalid target “%s”: %s"), text,
                                reason);
            free(text);
            return;
        }
        snprintf(value, sizeof(value), "%.15g", target);
        free(text);
        text = xstrdup(value);
    }
    if (action == ACTION_NAME && text[0] == '\0') {
        tui_app_set_message(app, 1, _("A dashboard needs a name."));
        free(text);
        return;
    }
    dash_dialog_close(view);
    switch (action) {
    case ACTION_TITLE:
        set_widget(app, view, widget_id, "title", text, expected);
        break;
    case ACTION_TARGET:
        set_widget(app, view, widget_id, "target", text, expected);
        break;
    case ACTION_NAME:
        set_dashboard(app, view, "name", text, expected);
        break;
    case ACTION_DESCRIPTION:
        set_dashboard(app, view, "description", text, expected);
        break;
    default:
        break;
    }
    free(text);
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

/* y (or o, for "oui") confirms; n, Esc and Ctrl-C cancel. */
static int
confirm_key(struct tui_app *app, struct dash_view *view,
            const struct tui_key *key)
{
    int64_t widget_id = view->action_widget;
    enum dash_action action = view->action;
    struct dash_widget *w;

    if (key->function || (key->code != 'y' && key->code != 'o' &&
                          key->code != 'Y' && key->code != 'O')) {
        if (key_is_cancel(key) ||
            (!key->function && (key->code == 'n' || key->code == 'N'))) {
            dash_dialog_close(view);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    dash_dialog_close(view);
    if (action == ACTION_REMOVE) {
        remove_widget(app, view, widget_id);
    } else if (action == ACTION_TAKE_OVER) {
        w = dash_view_find(view, widget_id);
        if (w != NULL) {
            open_widget_prompt(app, view, w, view->after_take_over, 1);
        }
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Keep the current value of a field, and record the user's value in the
 * history, written and undone at once, so that both stay there. */
static void
keep_current(struct tui_app *app, struct dash_view *view, int64_t widget_id,
             const char *field, const char *mine)
{
    int64_t version = 0;
    int rc;

    rc = store_dashboard_set_undone(app->store, app->user_name,
                                    view->dashboard.id, widget_id, field, mine,
                                    &version);
    if (rc != 0) {
        tui_app_set_message(app, 1,
                            _("Kept the current value, but yours could not "
                              "be added to the history: %s"),
                            tui_store_error(app));
        dash_view_catch_up(view);
        return;
    }
    dash_view_committed(view, version);
    tui_app_set_message(app, 0,
                        _("Kept the current value; yours is in the history."));
}

/* Apply the user's value over the current one, or keep the current. */
static int
conflict_key(struct tui_app *app, struct dash_view *view,
             const struct tui_key *key)
{
    int64_t widget_id = view->action_widget;
    int keep;
    char *field;
    char *mine;

    if (key->function) {
        return TUI_KEY_HANDLED;
    }
    keep = key->code == 'n' || key->code == 'N' || key_is_cancel(key);
    if (!keep && key->code != 'y' && key->code != 'o' && key->code != 'Y' &&
        key->code != 'O') {
        return TUI_KEY_HANDLED;
    }
    field = view->conflict_field;
    mine = view->conflict_mine;
    view->conflict_field = NULL;
    view->conflict_mine = NULL;
    dash_dialog_close(view);
    if (keep) {
        keep_current(app, view, widget_id, field, mine);
    } else if (widget_id != 0) {
        set_widget(app, view, widget_id, field, mine, CURRENT);
    } else {
        set_dashboard(app, view, field, mine, CURRENT);
    }
    free(field);
    free(mine);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
menu_key(struct tui_app *app, struct dash_view *view, const struct tui_key *key)
{
    enum widget_kind kind;
    int flags;

    if (key_is_cancel(key)) {
        dash_dialog_close(view);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_list_key(&view->menu, key, (int)view->menu.count, 1);
    if (flags != 0) {
        return flags;
    }
    if (!key_is_enter(key)) {
        return TUI_KEY_HANDLED;
    }
    kind = view->menu_kinds[view->menu.selected];
    if (view->action == ACTION_ADD) {
        add_widget(app, view, kind);
        dash_dialog_close(view);
    } else {
        int64_t widget_id = view->action_widget;

        dash_dialog_close(view);
        set_widget(app, view, widget_id, "kind", widget_kind_name(kind),
                   CURRENT);
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Keys while a dialog is open: it takes them all. */
int
dash_dialog_key(struct tui_app *app, struct dash_view *view,
                const struct tui_key *key)
{
    int flags;

    switch (view->dialog) {
    case DIALOG_PROMPT:
        if (key_is_cancel(key)) {
            dash_dialog_close(view);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        if (key_is_enter(key)) {
            prompt_commit(app, view);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        flags = tui_input_key(&view->input, key);
        return (flags & ~TUI_INPUT_CHANGED) | TUI_KEY_HANDLED;
    case DIALOG_CONFIRM:
        return confirm_key(app, view, key);
    case DIALOG_CONFLICT:
        return conflict_key(app, view, key);
    case DIALOG_MENU:
        return menu_key(app, view, key);
    case DIALOG_NONE:
        break;
    }
    return 0;
}

static const char *
prompt_label(enum dash_action action)
{
    switch (action) {
    case ACTION_TITLE:
        return _("Widget title:");
    case ACTION_TARGET:
        return _("Target (empty for none):");
    case ACTION_NAME:
        return _("Dashboard name:");
    case ACTION_DESCRIPTION:
        return _("Description:");
    default:
        break;
    }
    return "";
}

/* Fill a box of lines in the input colour. */
static void
draw_box(const struct tui_rect *box)
{
    int y;

    for (y = box->y; y < box->y + box->height; y++) {
        tui_draw_fill(y, box->x, box->width, TUI_COLOUR_INPUT);
    }
}

static void
draw_menu_item(struct tui_app *app, void *arg, size_t index,
               const struct tui_rect *line, int selected)
{
    struct dash_view *view = arg;

    (void)app;
    tui_draw_text(line->y, line->x + 1, line->width - 2,
                  selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_INPUT,
                  dash_kind_label(view->menu_kinds[index]));
}

static void
draw_menu(struct tui_app *app, struct dash_view *view,
          const struct tui_rect *body)
{
    int width = body->width - 4 < MENU_COLUMNS ? body->width - 4 : MENU_COLUMNS;
    struct tui_rect box = {body->y + 2, body->x + (body->width - width) / 2,
                           (int)view->menu.count + 2, width};
    struct tui_rect items = {box.y + 1, box.x, (int)view->menu.count,
                             box.width};

    if (box.height > body->height - 2) {
        box.height = body->height - 2;
        items.height = box.height - 2;
    }
    draw_box(&box);
    tui_draw_text(box.y, box.x + 1, box.width - 2, TUI_COLOUR_INPUT,
                  view->action == ACTION_ADD ? _("Show the indicator as:")
                                             : _("Show the widget as:"));
    tui_list_draw(app, &view->menu, &items, draw_menu_item, view);
}

static void
draw_conflict(struct dash_view *view, const struct tui_rect *body)
{
    struct tui_rect box = {body->y + body->height - 5, body->x, 5, body->width};
    char text[1024];

    draw_box(&box);
    tui_draw_text(box.y, box.x + 1, box.width - 2, TUI_COLOUR_INPUT,
                  view->question);
    snprintf(text, sizeof(text), _("Current value: “%s”"),
             view->conflict_current);
    tui_draw_text(box.y + 1, box.x + 3, box.width - 4, TUI_COLOUR_INPUT, text);
    snprintf(text, sizeof(text), _("Your value: “%s”"), view->conflict_mine);
    tui_draw_text(box.y + 2, box.x + 3, box.width - 4, TUI_COLOUR_INPUT, text);
    tui_draw_text(box.y + 4, box.x + 1, box.width - 2, TUI_COLOUR_INPUT,
                  _("y: save yours over it · n: keep the current value "
                    "(both stay in the history)"));
}

/* Draw the open dialog over the bottom of the body. */
void
dash_dialog_draw(struct tui_app *app, struct dash_view *view,
                 const struct tui_rect *body)
{
    struct tui_rect line = {body->y + body->height - 1, body->x + 1, 1,
                            body->width - 2};
    char text[512];

    switch (view->dialog) {
    case DIALOG_PROMPT:
        tui_draw_fill(line.y, body->x, body->width, TUI_COLOUR_NORMAL);
        tui_input_draw(app, &view->input, &line, prompt_label(view->action));
        break;
    case DIALOG_CONFIRM:
        snprintf(text, sizeof(text), _("%s (y/n)"), view->question);
        tui_draw_fill(line.y, body->x, body->width, TUI_COLOUR_INPUT);
        tui_draw_text(line.y, line.x, line.width, TUI_COLOUR_INPUT, text);
        break;
    case DIALOG_MENU:
        draw_menu(app, view, body);
        break;
    case DIALOG_CONFLICT:
        draw_conflict(view, body);
        break;
    case DIALOG_NONE:
        break;
    }
}
