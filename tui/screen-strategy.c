/*
 * terrish: the strategy screen. With one strategy it is the editor: the
 * actions and their yearly targets, the inputs the engine needs and the
 * territory's baseline, with the impacts recomputed after each change.
 * With two to four it compares their results: a table of each impact and
 * its difference from the first strategy in one year, or a chart.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"
#include "tui/strategy-view.h"

/* Years of the totals table. */
static const int table_years[] = {2030, 2040, 2050};
#define TABLE_YEARS (sizeof table_years / sizeof table_years[0])

enum row_kind {
    ROW_PARAM,    /* a parameter of an action */
    ROW_INPUT,    /* a coefficient the user must give */
    ROW_BASELINE, /* a baseline value, from the store or the user */
    ROW_GOAL,     /* a point of the custom target trajectory */
    ROW_GOAL_ADD,
};

struct row {
    enum row_kind kind;
    size_t item;  /* ROW_PARAM: the action; ROW_GOAL: the goal */
    size_t index; /* parameter, coefficient or baseline id */
};

enum editor_mode {
    MODE_LIST,
    MODE_EDIT,          /* typing a value into the input line */
    MODE_CHOOSE_ACTION, /* picking an action to add */
    MODE_CHOOSE_SECTOR, /* picking what sector_reduction reduces */
    MODE_RENAME,        /* typing a new name */
};

struct editor {
    struct strategy_catalogue *catalogue;
    size_t count; /* strategies: 1 edits, 2 to 4 compare */
    struct strategy strategies[STRATEGY_COMPARE_MAX];
    /* The first strategy as last read or saved: a save writes only what
     * changed since, over what another session may have saved. */
    struct strategy saved;
    struct strategy_baseline bases[STRATEGY_COMPARE_MAX];
    struct strategy_result *results[STRATEGY_COMPARE_MAX];
    enum dashboard_access access;
    struct territory territory;
    char title[STRATEGY_NAME_MAX + 200];
    struct tui_app *app; /* set once the editor follows the hub's topic */

    struct row *rows;
    size_t row_count;
    struct tui_list list;
    int list_height;

    enum editor_mode mode;
    struct tui_input input;
    struct tui_list chooser;
    const struct strategy_action_def *choosing;
    enum strategy_quantity quantity;

    /* The comparison: the table (or the chart), its years and the year
     * shown, and its first line shown. */
    int show_chart;
    int years[STRATEGY_COMPARE_YEARS];
    size_t year_count;
    size_t year;
    size_t table_top;

    /* Another session changed a strategy shown: read it again once back
     * on the list of lines (editor_reload). */
    int reload_pending;
    /* x was pressed once on an action: its id and choice, or "". A second
     * x on the same action removes it; any other key, or a reload that
     * another session caused, cancels. */
    char confirm_remove[2 * STRATEGY_ID_MAX + 2];
    int closed; /* removed, or no longer visible: tui_app_close_screen */
};

static const struct tui_key_help strategy_help[] = {
    {NULL, N_("Strategy")},
    {N_("Up/Down, k/j"), N_("move in the actions, inputs and baseline")},
    {N_("Enter"), N_("edit the highlighted line: start year, target year "
                     "and target value of a parameter, or a value")},
    {"a", N_("add an action from the catalogue")},
    {N_("x, Delete"), N_("remove the highlighted action with its settings "
                         "(press twice)")},
    {"r", N_("rename the strategy")},
    {"v", N_("show the next quantity in the chart")},
    {"D", N_("duplicate the strategy as a variant (here D does not open "
             "the dashboards)")},
    {"s", N_("share the strategy (its owner and administrators)")},
    {"H", N_("history of the changes: who, when, what, before and after")},
    {"i", N_("sources of the highlighted action: its coefficients with "
             "their values and publications, and the baseline values it "
             "reads; on another line, those of the whole strategy")},
    {NULL, N_("Comparison")},
    {N_("Tab"), N_("switch between the chart and the table of each "
                   "impact with its difference from the first strategy: "
                   "the central difference, then the smallest and largest "
                   "of the differences of the low, central and high "
                   "values")},
    {"y", N_("show the table in the next year: the latest target year, "
             "2030 or 2050")},
    {N_("Up/Down, k/j"), N_("scroll the table")},
    {"v", N_("show the next quantity in the chart")},
    {NULL, NULL},
};

static int
key_is_enter(const struct tui_key *key)
{
    return (key->function && key->code == KEY_ENTER) ||
           (!key->function && (key->code == '\r' || key->code == '\n'));
}

static const struct strategy_action_def *
item_def(const struct editor *editor, size_t item)
{
    return strategy_catalogue_action(editor->catalogue,
                                     editor->strategies[0].items[item].action);
}

static void
rows_add(struct editor *editor, enum row_kind kind, size_t item,
         size_t index)
{
    editor->rows = xrealloc(editor->rows,
                            (editor->row_count + 1) * sizeof *editor->rows);
    editor->rows[editor->row_count].kind = kind;
    editor->rows[editor->row_count].item = item;
    editor->rows[editor->row_count].index = index;
    editor->row_count++;
}

/* Returns 1 when an action of the strategy reads coefficient c. */
static int
coef_used(const struct editor *editor, size_t c)
{
    const struct strategy *strategy = &editor->strategies[0];
    size_t i;
    size_t j;

    for (i = 0; i < strategy->item_count; i++) {
        const struct strategy_action_def *def = item_def(editor, i);

        for (j = 0; def != NULL && j < def->coef_count; j++) {
            if (def->coefs[j] == c)
                return 1;
        }
    }
    return 0;
}

/* Build the editor's lines from the strategy. */
static void
rows_build(struct editor *editor)
{
    const struct strategy *strategy = &editor->strategies[0];
    size_t selected = editor->list.selected;
    size_t i;
    size_t j;

    editor->row_count = 0;
    for (i = 0; i < strategy->item_count; i++) {
        for (j = 0; j < strategy->items[i].param_count; j++)
            rows_add(editor, ROW_PARAM, i, j);
    }
    for (i = 0; i < editor->catalogue->coef_count; i++) {
        if (editor->catalogue->coefs[i].user_input && coef_used(editor, i))
            rows_add(editor, ROW_INPUT, 0, i);
    }
    for (i = 0; i < STRATEGY_BASELINES; i++) {
        /* The energy cells that the engine derives take no value. */
        if (*strategy_baseline_key((enum strategy_baseline_id)i) != '\0')
            rows_add(editor, ROW_BASELINE, 0, i);
    }
    for (i = 0; i < strategy->goals.count; i++)
        rows_add(editor, ROW_GOAL, i, 0);
    rows_add(editor, ROW_GOAL_ADD, 0, 0);
    tui_list_reset(&editor->list, editor->row_count);
    if (selected < editor->row_count)
        tui_list_select(&editor->list, selected,
                        editor->list_height > 0 ? editor->list_height : 1);
}

/* Read the baseline again, apply the overrides and compute. */
static void
editor_compute(struct tui_app *app, struct editor *editor, size_t i)
{
    int rc = store_strategy_baseline(app->store,
                                     editor->strategies[i].territory_id,
                                     &editor->bases[i]);

    if (rc < 0)
        tui_app_set_message(app, 1, _("Could not read the baseline: %s"),
                            tui_store_error(app));
    strategy_baseline_apply(&editor->bases[i], &editor->strategies[i]);
    strategy_compute(editor->catalogue, &editor->strategies[i],
                     &editor->bases[i], editor->results[i]);
}

/* Recompute, rebuild the lines and save when the account may edit. */
static void
editor_changed(struct tui_app *app, struct editor *editor)
{
    struct strategy merged;
    size_t replaced = 0;
    char *mine;
    char *theirs;
    int others;
    int rc;

    editor_compute(app, editor, 0);
    rows_build(editor);
    if (editor->access < ACCESS_EDIT)
        return;
    strategy_init(&merged);
    rc = store_strategy_save_merged(app->store, app->user_name,
                                    &editor->saved, &editor->strategies[0],
                                    &merged, &replaced);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Saving failed: %s"),
                            tui_store_error(app));
        strategy_clear(&merged);
        return;
    }
    mine = strategy_to_json(&editor->strategies[0]);
    theirs = strategy_to_json(&merged);
    others = strcmp(mine, theirs) != 0 ||
             strcmp(merged.name, editor->strategies[0].name) != 0;
    free(mine);
    free(theirs);
    strategy_copy(&editor->strategies[0], &merged);
    strategy_copy(&editor->saved, &merged);
    strategy_clear(&merged);
    tui_app_strategy_changed(app, editor->strategies[0].id);
    if (others) {
        editor_compute(app, editor, 0);
        rows_build(editor);
        snprintf(editor->title, sizeof editor->title, "%s — %s",
                 editor->strategies[0].name, editor->territory.name);
    }
    /* Said even when the merged strategy is this session's own: another
     * session's value was replaced, or this session's change was lost
     * with an action another session removed. */
    if (replaced > 0)
        tui_app_set_message(
            app, 1,
            ngettext("Saved, but %zu change of yours met another session's "
                     "change to the same value or action; see the history "
                     "(H).",
                     "Saved, but %zu changes of yours met another session's "
                     "changes to the same values or actions; see the "
                     "history (H).",
                     replaced),
            replaced);
    else if (others)
        tui_app_set_message(app, 0,
                            _("Saved. Changes another session saved "
                              "meanwhile were kept and are now shown."));
}

static void
editor_free(void *state)
{
    struct editor *editor = state;
    size_t i;

    if (editor->app != NULL)
        tui_app_follow(editor->app, HUB_TOPIC_STRATEGIES, 0);
    for (i = 0; i < STRATEGY_COMPARE_MAX; i++) {
        strategy_clear(&editor->strategies[i]);
        free(editor->results[i]);
    }
    strategy_clear(&editor->saved);
    territory_clear(&editor->territory);
    strategy_catalogue_free(editor->catalogue);
    free(editor->rows);
    free(editor);
}

/* The title of one strategy: its name and its territory's, each cut on a
 * character boundary when too long. */
static void
editor_set_title(struct editor *editor)
{
    char territory[160];

    text_copy_truncated(territory, sizeof territory,
                        editor->territory.name != NULL ? editor->territory.name
                                                       : "");
    snprintf(editor->title, sizeof editor->title, "%s — %s",
             editor->strategies[0].name, territory);
    if (strlen(editor->strategies[0].name) + strlen(territory) + 6 >=
        sizeof editor->title)
        text_copy_truncated(editor->title, sizeof editor->title,
                            editor->strategies[0].name);
}

static void *
editor_create(struct tui_app *app, const void *arg)
{
    const struct tui_strategy_arg *request = arg;
    struct editor *editor = xcalloc(1, sizeof *editor);
    size_t i;
    int rc;

    editor->catalogue = strategy_view_catalogue(app);
    if (editor->catalogue == NULL || request == NULL ||
        request->count == 0 || request->count > STRATEGY_COMPARE_MAX)
        goto fail;
    editor->count = request->count;
    for (i = 0; i < editor->count; i++) {
        editor->results[i] = xcalloc(1, sizeof *editor->results[i]);
        rc = store_strategy_get(app->store, app->user_name, request->ids[i],
                                &editor->strategies[i]);
        if (rc != 0) {
            tui_app_set_message(app, 1, _("Could not open strategy %lld: %s"),
                                (long long)request->ids[i],
                                rc == 1 ? _("not found")
                                        : tui_store_error(app));
            goto fail;
        }
        editor_compute(app, editor, i);
    }
    strategy_copy(&editor->saved, &editor->strategies[0]);
    if (store_strategy_access(app->store, request->ids[0], app->user_name,
                              &editor->access) != 0 ||
        store_territory_get_by_id(app->store,
                                  editor->strategies[0].territory_id,
                                  &editor->territory) != 0)
        goto fail;
    if (editor->count == 1)
        editor_set_title(editor);
    else
        snprintf(editor->title, sizeof editor->title,
                 _("Comparison of %zu strategies"), editor->count);
    editor->year_count = strategy_compare_years(
        editor->strategies, editor->count, editor->years, &editor->year);
    rows_build(editor);
    editor->app = app;
    tui_app_follow(app, HUB_TOPIC_STRATEGIES, 1);
    return editor;

fail:
    editor_free(editor);
    return NULL;
}

static const char *
editor_title(struct tui_app *app, void *state)
{
    struct editor *editor = state;

    (void)app;
    return editor->title;
}

/* The text of an action's name, with its sector for a sector reduction. */
static void
action_label(struct tui_app *app, const struct editor *editor, size_t item,
             char *buf, size_t size)
{
    const struct strategy_item *entry = &editor->strategies[0].items[item];

    strategy_view_action_label(editor->catalogue, entry->action, entry->choice,
                               app->french, buf, size);
}

static void
row_text_param(struct tui_app *app, const struct editor *editor,
               const struct row *row, char *buf, size_t size)
{
    const struct strategy_action_def *def = item_def(editor, row->item);
    const struct strategy_target *target =
        &editor->strategies[0].items[row->item].params[row->index];
    const struct strategy_param_def *param = &def->params[row->index];
    char action[96];
    char value[64];

    action_label(app, editor, row->item, action, sizeof action);
    if (!target->set) {
        /* TRANSLATORS: an action, one of its parameters and "missing". */
        snprintf(buf, size, _("%s · %s: %s"), row->index == 0 ? action : "",
                 strategy_param_name(param, app->french),
                 _("missing, press Enter"));
        return;
    }
    strategy_format_input(value, sizeof value, target->value, app->french);
    /* TRANSLATORS: an action, its parameter, the start and target years,
       the value and its unit. */
    snprintf(buf, size, _("%s · %s: %d → %d: %s %s"),
             row->index == 0 ? action : "",
             strategy_param_name(param, app->french), target->start_year,
             target->target_year, value, strategy_view_unit(param->unit));
}

static void
row_text(struct tui_app *app, const struct editor *editor,
         const struct row *row, char *buf, size_t size,
         enum tui_colour *colour)
{
    const struct strategy *strategy = &editor->strategies[0];
    const struct strategy_baseline *base = &editor->bases[0];
    char name[160];
    char value[64];
    char origin[64];
    double number;

    *colour = TUI_COLOUR_NORMAL;
    switch (row->kind) {
    case ROW_PARAM:
        row_text_param(app, editor, row, buf, size);
        break;
    case ROW_INPUT: {
        const struct strategy_coef_def *coef =
            &editor->catalogue->coefs[row->index];

        if (strategy_values_get(&strategy->coefficients, coef->id,
                                &number)) {
            strategy_format_input(value, sizeof value, number, app->french);
            snprintf(buf, size, _("Input · %s: %s %s"),
                     strategy_coef_name(coef, app->french), value,
                     strategy_view_unit(coef->unit));
        } else if (coef->optional) {
            snprintf(buf, size, _("Input · %s: optional, press Enter"),
                     strategy_coef_name(coef, app->french));
            *colour = TUI_COLOUR_DIM;
        } else {
            snprintf(buf, size, _("Input · %s: missing, press Enter"),
                     strategy_coef_name(coef, app->french));
            *colour = TUI_COLOUR_ALERT;
        }
        break;
    }
    case ROW_BASELINE:
        strategy_baseline_label(row->index, tui_gettext, name, sizeof name);
        if (!base->present[row->index]) {
            snprintf(buf, size, _("Baseline · %s: no value"), name);
            *colour = TUI_COLOUR_DIM;
            break;
        }
        if (base->overridden[row->index])
            strategy_format_input(value, sizeof value,
                                  base->value[row->index], app->french);
        else
            strategy_format(value, sizeof value, base->value[row->index],
                            app->french);
        strategy_view_origin(base->origin[row->index], origin, sizeof origin);
        /* TRANSLATORS: "Baseline", its name, value, unit and origin. */
        snprintf(buf, size, _("%s · %s: %s %s %s"), _("Baseline"),
                 name, value,
                 strategy_view_unit(strategy_baseline_unit(row->index)),
                 base->overridden[row->index] ? _("(entered)") : origin);
        if (base->overridden[row->index])
            *colour = TUI_COLOUR_HEADING;
        break;
    case ROW_GOAL:
        strategy_format_input(value, sizeof value,
                              strategy->goals.items[row->item].value,
                              app->french);
        snprintf(buf, size, _("Target · %s: %s t CO2e"),
                 strategy->goals.items[row->item].key, value);
        break;
    default:
        snprintf(buf, size, "%s", _("Target · add a point (year and t CO2e)"));
        *colour = TUI_COLOUR_DIM;
        break;
    }
}

static void
draw_row(struct tui_app *app, void *arg, size_t index,
         const struct tui_rect *line, int selected)
{
    struct editor *editor = arg;
    enum tui_colour colour;
    char text[320];

    row_text(app, editor, &editor->rows[index], text, sizeof text, &colour);
    if (selected) {
        tui_draw_fill(line->y, line->x, line->width, TUI_COLOUR_SELECTED);
        colour = TUI_COLOUR_SELECTED;
    }
    tui_draw_text(line->y, line->x + 1, line->width - 2, colour, text);
}

/* The totals table: the quantity in the table years, against the
 * reference without the strategy. */
static void
draw_table(struct tui_app *app, struct editor *editor, int y, int x,
           int width)
{
    char text[256];
    char range[96];
    double triple[STRATEGY_RANGES];
    /* Each strategy's share of the width: a range that does not fit in
     * it is shown as its central value. Columns are padded to 28. */
    int column = (width - 5) / (int)editor->count - 1;
    int pad = column < 28 ? column : 28;
    size_t i;
    size_t s;

    for (i = 0; i < TABLE_YEARS; i++) {
        int year = table_years[i] - STRATEGY_FIRST_YEAR;
        int used = snprintf(text, sizeof text, "%d ", table_years[i]);

        for (s = 0; s < editor->count; s++) {
            if (!strategy_quantity_value(editor->results[s],
                                         editor->quantity, year, triple))
                snprintf(range, sizeof range, "%s", _("n/a"));
            else
                strategy_format_range(range, sizeof range, triple,
                                      app->french);
            if (tui_text_columns(range, strlen(range)) > column)
                strategy_format(range, sizeof range, triple[STRATEGY_CENTRAL],
                                app->french);
            used += snprintf(text + used, sizeof text - (size_t)used, " %-*s",
                             text_pad_bytes(range, pad), range);
            if ((size_t)used >= sizeof text)
                break;
        }
        tui_draw_text(y + (int)i, x, width, TUI_COLOUR_NORMAL, text);
    }
}

/* The heading of the results: the quantity and, in the editor, the
 * reference without the strategy. */
static void
draw_results_heading(struct tui_app *app, struct editor *editor, int y,
                     int x, int width)
{
    const struct strategy_result *result = editor->results[0];
    char text[256];
    char value[32];

    if (editor->quantity == QUANTITY_GHG_TOTAL && result->complete &&
        editor->count == 1) {
        strategy_format(value, sizeof value, result->ghg_reference_total,
                        app->french);
        snprintf(text, sizeof text, _("%s (%s), without the strategy: %s"),
                 strategy_quantity_name(editor->quantity),
                 strategy_quantity_unit(editor->quantity), value);
    } else if (editor->quantity >= QUANTITY_ENERGY &&
               editor->quantity < QUANTITY_PRODUCTION && editor->count == 1 &&
               editor->bases[0].overridden[BASELINE_ENERGY +
                                           (editor->quantity -
                                            QUANTITY_ENERGY)]) {
        /* An energy cell that starts from a baseline the user entered. */
        snprintf(text, sizeof text, "%s (%s) %s",
                 strategy_quantity_name(editor->quantity),
                 strategy_quantity_unit(editor->quantity), _("(entered)"));
    } else {
        snprintf(text, sizeof text, "%s (%s)",
                 strategy_quantity_name(editor->quantity),
                 strategy_quantity_unit(editor->quantity));
    }
    tui_draw_text(y, x, width, TUI_COLOUR_HEADING, text);
}

/* Names of the compared strategies, in their chart colours. */
static void
draw_legend(struct editor *editor, int y, int x, int width)
{
    size_t s;
    int used = 0;

    for (s = 0; s < editor->count && used < width; s++) {
        tui_draw_series(y, x + used, 1, (int)(2 * s), 0x2588);
        used += 2;
        used += tui_draw_text(y, x + used, width - used, TUI_COLOUR_NORMAL,
                              editor->strategies[s].name);
        used += 2;
    }
}

/* The table of differences of a comparison, for the year shown. */
static void
draw_differences(struct tui_app *app, struct editor *editor,
                 const struct tui_rect *area)
{
    const struct strategy_result *results[STRATEGY_COMPARE_MAX];
    struct tui_rect table = {area->y + 1, area->x, area->height - 1,
                             area->width};
    size_t visible = table.height > 1 ? (size_t)table.height - 1 : 1;
    size_t lines;
    size_t s;

    for (s = 0; s < editor->count; s++)
        results[s] = editor->results[s];
    tui_draw_text(area->y, area->x + 1, area->width - 2, TUI_COLOUR_HEADING,
                  _("Differences from the first strategy (y: next year, "
                    "Tab: chart)"));
    lines = strategy_compare_draw(app, &table, editor->strategies, results,
                                  editor->count, editor->years[editor->year],
                                  editor->table_top);
    /* Scrolling past the end shows the last lines: draw again from the
     * last top line that fills the area. */
    if (editor->table_top + visible > lines) {
        size_t last = lines > visible ? lines - visible : 0;

        if (last != editor->table_top) {
            int y;

            editor->table_top = last;
            for (y = table.y; y < table.y + table.height; y++)
                tui_draw_fill(y, table.x, table.width, TUI_COLOUR_NORMAL);
            strategy_compare_draw(app, &table, editor->strategies, results,
                                  editor->count, editor->years[editor->year],
                                  editor->table_top);
        }
    }
}

static void
draw_results(struct tui_app *app, struct editor *editor,
             const struct tui_rect *area)
{
    const struct strategy_result *results[STRATEGY_COMPARE_MAX];
    const struct strategy_result *first = editor->results[0];
    struct strategy_language language;
    struct tui_rect chart;
    char problems[sizeof first->message];
    size_t s;
    int line = area->y;

    if (editor->count > 1 && !editor->show_chart) {
        draw_differences(app, editor, area);
        return;
    }
    draw_results_heading(app, editor, line++, area->x + 1, area->width - 2);
    if (editor->count == 1 && !first->complete) {
        const char *rest = problems;

        strategy_view_language(app, editor->catalogue, &language);
        strategy_result_problems_text(first, &language, problems,
                                      sizeof problems);

        while (*rest != '\0' && line < area->y + area->height) {
            const char *start = rest;
            size_t length = tui_text_wrap(start, area->width - 2, &rest);
            char text[256];

            if (length == 0)
                break;
            snprintf(text, sizeof text, "%.*s", (int)length, start);
            tui_draw_text(line++, area->x + 1, area->width - 2,
                          TUI_COLOUR_ALERT, text);
        }
        return;
    }
    if (editor->count > 1)
        draw_legend(editor, line++, area->x + 1, area->width - 2);
    if (editor->quantity == QUANTITY_GHG_TOTAL && first->complete &&
        first->has_national_path) {
        char at_2030[32];
        char at_2050[32];
        char text[256];

        strategy_format(at_2030, sizeof at_2030,
                        first->national_path[2030 - STRATEGY_FIRST_YEAR]
                                            [STRATEGY_CENTRAL],
                        app->french);
        strategy_format(at_2050, sizeof at_2050,
                        first->national_path[2050 - STRATEGY_FIRST_YEAR]
                                            [STRATEGY_CENTRAL],
                        app->french);
        /* TRANSLATORS: the dotted line of the chart: France's objective
           in law (-40 % from 1990 to 2030, divided by 6 by 2050) applied
           to the territory's 2016 emissions. */
        snprintf(text, sizeof text,
                 _("· national path of the law (Code de l'énergie L100-4, "
                   "2019): %s in 2030, %s in 2050"),
                 at_2030, at_2050);
        tui_draw_text(line++, area->x + 1, area->width - 2, TUI_COLOUR_DIM,
                      text);
    }
    for (s = 0; s < editor->count; s++)
        results[s] = editor->results[s];
    chart.y = line;
    chart.x = area->x;
    chart.width = area->width;
    chart.height = area->height - (line - area->y) - (int)TABLE_YEARS;
    if (chart.height >= 4)
        strategy_chart_draw(app, &chart, results, editor->count,
                            editor->quantity,
                            &editor->strategies[0].goals);
    draw_table(app, editor, area->y + area->height - (int)TABLE_YEARS,
               area->x + 1, area->width - 2);
}

static void
draw_chooser_item(struct tui_app *app, void *arg, size_t index,
                  const struct tui_rect *line, int selected)
{
    struct editor *editor = arg;
    const char *text;

    if (editor->mode == MODE_CHOOSE_ACTION) {
        text = strategy_action_name(&editor->catalogue->actions[index],
                                    app->french);
    } else {
        const char *choice = editor->choosing->choices[index];
        char key[STRATEGY_KEY_MAX];
        int id;

        snprintf(key, sizeof key, "ghg_emissions/%s", choice);
        id = strategy_baseline_parse(key);
        text = id >= 0 ? _(strategy_baseline_name(id))
                       : _(strategy_baseline_name(BASELINE_ELECTRICITY));
    }
    if (selected) {
        tui_draw_fill(line->y, line->x, line->width, TUI_COLOUR_SELECTED);
        tui_draw_text(line->y, line->x + 1, line->width - 2,
                      TUI_COLOUR_SELECTED, text);
    } else {
        tui_draw_text(line->y, line->x + 1, line->width - 2,
                      TUI_COLOUR_NORMAL, text);
    }
}

static void
draw_chooser(struct tui_app *app, struct editor *editor,
             const struct tui_rect *body)
{
    struct tui_rect area = {body->y + 1, body->x, body->height - 4,
                            body->width};
    const char *description = NULL;

    tui_draw_text(body->y, body->x + 1, body->width - 2, TUI_COLOUR_HEADING,
                  editor->mode == MODE_CHOOSE_ACTION
                      ? _("Add an action (Enter adds, Esc cancels)")
                      : _("Reduce which sector? (Enter adds, Esc cancels)"));
    tui_list_draw(app, &editor->chooser, &area, draw_chooser_item, editor);
    if (editor->mode == MODE_CHOOSE_ACTION && editor->chooser.count > 0) {
        const struct strategy_action_def *def =
            &editor->catalogue->actions[editor->chooser.selected];

        description = app->french ? def->description_fr
                                  : def->description_en;
        tui_draw_text(body->y + body->height - 2, body->x + 1,
                      body->width - 2, TUI_COLOUR_DIM, description);
    }
}

/* The last line of the body: the text field of a rename, or the keys. */
static void
draw_footer(struct tui_app *app, struct editor *editor, int y,
            const struct tui_rect *body)
{
    struct tui_rect field = {y, body->x, 1, body->width};
    const char *actions;
    char keys[320];

    if (editor->mode == MODE_RENAME) {
        tui_input_draw(app, &editor->input, &field, _("Name:"));
        return;
    }
    if (editor->count > 1) {
        tui_draw_text(y, body->x + 1, body->width - 2, TUI_COLOUR_DIM,
                      _("Tab table/chart · y year · v quantity · "
                        "j/k scroll"));
        return;
    }
    if (editor->access >= ACCESS_OWNER)
        actions = _("a add · x remove · r rename · s share · H history · "
                    "D duplicate · v quantity");
    else if (editor->access >= ACCESS_EDIT)
        actions = _("a add · x remove · r rename · H history · D duplicate · "
                    "v quantity");
    else
        actions = _("read-only · H history · D duplicate · v quantity");
    /* The key of the sources comes first, so that a narrow terminal
     * still shows it. */
    snprintf(keys, sizeof keys, "%s · %s", _("i sources"), actions);
    tui_draw_text(y, body->x + 1, body->width - 2, TUI_COLOUR_DIM, keys);
}

/* Return the hint above the value being typed: the format it expects. */
static const char *
edit_hint(const struct editor *editor)
{
    switch (editor->rows[editor->list.selected].kind) {
    case ROW_PARAM:
        return _("Format: start year, target year, value (such as 2025 "
                 "2030 40). Enter saves, Esc cancels.");
    case ROW_GOAL:
    case ROW_GOAL_ADD:
        return _("Format: year, t CO2e (such as 2030 120000). Enter saves, "
                 "Esc cancels.");
    default:
        return _("Format: one number, with a decimal point or comma. Enter "
                 "saves, Esc cancels.");
    }
}

static void
editor_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct editor *editor = state;
    struct strategy_language language;
    struct tui_rect list;
    struct tui_rect results;
    char notes[sizeof editor->results[0]->notes];
    int list_height = body->height * 2 / 5;

    if (editor->mode == MODE_CHOOSE_ACTION ||
        editor->mode == MODE_CHOOSE_SECTOR) {
        draw_chooser(app, editor, body);
        return;
    }
    draw_footer(app, editor, body->y + body->height - 1, body);
    if (editor->count > 1)
        list_height = 0;
    if (list_height < 4 && editor->count == 1)
        list_height = 4;
    list.y = body->y;
    list.x = body->x;
    list.width = body->width;
    list.height = list_height - (editor->mode == MODE_EDIT ? 2 : 0);
    editor->list_height = list.height;
    if (editor->count == 1)
        tui_list_draw(app, &editor->list, &list, draw_row, editor);
    if (editor->mode == MODE_EDIT) {
        struct tui_rect field = {body->y + list.height + 1, body->x, 1,
                                 body->width};

        tui_draw_text(field.y - 1, body->x + 1, body->width - 2,
                      TUI_COLOUR_DIM, edit_hint(editor));
        tui_input_draw(app, &editor->input, &field, _("Value:"));
    }
    results.y = body->y + list_height;
    results.x = body->x;
    results.width = body->width;
    results.height = body->height - list_height - 1;
    if (editor->count == 1 && editor->results[0]->note_count > 0 &&
        results.height > 8) {
        strategy_view_language(app, editor->catalogue, &language);
        const char *rest = notes;
        int lines = 0;
        /* Up to three lines, leaving the chart at least eight. */
        int max_lines = results.height - 8 < 3 ? results.height - 8 : 3;

        strategy_result_notes_text(editor->results[0], &language, notes,
                                   sizeof notes);
        while (*rest != '\0' && lines < max_lines) {
            tui_text_wrap(rest, results.width - 2, &rest);
            lines++;
        }
        tui_draw_wrapped(results.y + results.height - lines, results.x + 1,
                         results.width - 2, results.y + results.height,
                         TUI_COLOUR_DIM, notes);
        results.height -= lines;
    }
    draw_results(app, editor, &results);
}

/* Parse a number written with a decimal point or comma. */
static int
parse_number(const char *text, double *value, const char **end)
{
    char copy[TUI_INPUT_MAX + 1];
    char *stop;
    size_t i;

    /* Longer than a typed line: not a number cut short. */
    if (strlen(text) >= sizeof copy)
        return -1;
    snprintf(copy, sizeof copy, "%s", text);
    for (i = 0; copy[i] != '\0'; i++) {
        if (copy[i] == ',')
            copy[i] = '.';
    }
    /* Decimal numbers only: strtod() would also read "0x10", "inf" and
     * "nan", and a value too large for a double comes back infinite. */
    for (i = 0; copy[i] == ' '; i++)
        ;
    if (copy[i] != '\0' && strchr("+-.0123456789", copy[i]) == NULL)
        return -1;
    *value = strtod(copy, &stop);
    if (stop == copy || !isfinite(*value) ||
        strcspn(copy, "xX") < (size_t)(stop - copy))
        return -1;
    if (end != NULL) {
        *end = text + (stop - copy);
        return 0;
    }
    /* A lone number: nothing but spaces may follow it. */
    while (*stop == ' ')
        stop++;
    return *stop == '\0' ? 0 : -1;
}

/* Prefill the input line with the current value of the selected row. */
static void
edit_start(struct tui_app *app, struct editor *editor)
{
    const struct row *row = &editor->rows[editor->list.selected];
    const struct strategy *strategy = &editor->strategies[0];
    char text[160] = "";
    char number[64];
    double value;
    const char *p;

    switch (row->kind) {
    case ROW_PARAM: {
        const struct strategy_target *target =
            &strategy->items[row->item].params[row->index];

        strategy_format_typed(number, sizeof number, target->value,
                              app->french);
        snprintf(text, sizeof text, "%d %d %s", target->start_year,
                 target->target_year, number);
        break;
    }
    case ROW_INPUT:
        if (strategy_values_get(&strategy->coefficients,
                                editor->catalogue->coefs[row->index].id,
                                &value)) {
            strategy_format_typed(number, sizeof number, value, app->french);
            snprintf(text, sizeof text, "%s", number);
        }
        break;
    case ROW_BASELINE:
        if (editor->bases[0].present[row->index]) {
            strategy_format_typed(number, sizeof number,
                                  editor->bases[0].value[row->index],
                                  app->french);
            snprintf(text, sizeof text, "%s", number);
        }
        break;
    case ROW_GOAL:
        strategy_format_typed(number, sizeof number,
                              strategy->goals.items[row->item].value,
                              app->french);
        snprintf(text, sizeof text, "%s %s",
                 strategy->goals.items[row->item].key, number);
        break;
    default:
        snprintf(text, sizeof text, "%d ", STRATEGY_LAST_YEAR);
        break;
    }
    tui_input_clear(&editor->input);
    editor->input.max_length = 0;
    for (p = text; *p != '\0'; p++)
        tui_input_insert(&editor->input, (unsigned char)*p);
    editor->mode = MODE_EDIT;
}

/* Apply "start target value" to a parameter. */
/* Returns 1 when a typed year is a whole number of the strategies' span. */
static int
year_valid(double year)
{
    return year == floor(year) && year >= STRATEGY_FIRST_YEAR &&
           year <= STRATEGY_LAST_YEAR;
}

static void
edit_param(struct tui_app *app, struct editor *editor, const struct row *row,
           const char *text)
{
    struct strategy *strategy = &editor->strategies[0];
    struct strategy_language language;
    struct strategy_message reason;
    const char *rest = text;
    char err[512];
    double start;
    double target;
    double value;

    if (parse_number(rest, &start, &rest) < 0 ||
        parse_number(rest, &target, &rest) < 0 ||
        parse_number(rest, &value, &rest) < 0 ||
        rest[strspn(rest, " ")] != '\0') {
        tui_app_set_message(app, 1,
                            _("Type the start year, the target year and the "
                              "target value, such as 2025 2030 40."));
        return;
    }
    if (!year_valid(start) || !year_valid(target)) {
        tui_app_set_message(app, 1, _("Years are whole numbers from %d to %d."),
                            STRATEGY_FIRST_YEAR, STRATEGY_LAST_YEAR);
        return;
    }
    if (strategy_set_target_message(
            strategy, editor->catalogue, row->item,
            strategy->items[row->item].params[row->index].param, (int)start,
            (int)target, value, &reason) < 0) {
        strategy_view_language(app, editor->catalogue, &language);
        strategy_message_format(&reason, &language, err, sizeof err);
        tui_app_set_message(app, 1, _("Rejected: %s"), err);
        return;
    }
    editor_changed(app, editor);
}

/*
 * Check a typed input or baseline by computing the strategy with it. A
 * value out of its bounds (a share of 40 for a ratio from 0 to 1) is
 * rejected with the engine's message, and the previous value is kept.
 * Returns 1 when rejected.
 */
static int
input_rejected(struct tui_app *app, struct editor *editor,
               struct strategy_values *values, const char *key,
               double value)
{
    struct strategy *strategy = &editor->strategies[0];
    struct strategy_result *trial = xcalloc(1, sizeof *trial);
    /* The baseline as last read, with the overrides applied again: a
     * typed baseline override replaces its value. */
    struct strategy_baseline base = editor->bases[0];
    struct strategy_language language;
    char problems[sizeof trial->message];
    double previous = 0;
    int had = strategy_values_get(values, key, &previous);
    int rc;

    strategy_values_set(values, key, value);
    strategy_baseline_apply(&base, strategy);
    rc = strategy_compute(editor->catalogue, strategy, &base, trial);
    if (had)
        strategy_values_set(values, key, previous);
    else
        strategy_values_remove(values, key);
    if (rc < 0) {
        strategy_view_language(app, editor->catalogue, &language);
        strategy_result_problems_text(trial, &language, problems,
                                      sizeof problems);
        tui_app_set_message(app, 1, _("Rejected: %s"), problems);
    }
    free(trial);
    return rc < 0;
}

/* Apply the typed text to the selected row. */
static void
edit_apply(struct tui_app *app, struct editor *editor)
{
    const struct row row = editor->rows[editor->list.selected];
    struct strategy *strategy = &editor->strategies[0];
    const char *text = editor->input.text;
    const char *rest;
    double value;
    double year;

    while (*text == ' ')
        text++;
    switch (row.kind) {
    case ROW_PARAM:
        edit_param(app, editor, &row, text);
        return;
    case ROW_INPUT:
    case ROW_BASELINE: {
        struct strategy_values *values =
            row.kind == ROW_INPUT ? &strategy->coefficients
                                  : &strategy->baselines;
        const char *key =
            row.kind == ROW_INPUT
                ? editor->catalogue->coefs[row.index].id
                : strategy_baseline_key((enum strategy_baseline_id)row.index);

        if (*text == '\0')
            strategy_values_remove(values, key);
        else if (parse_number(text, &value, NULL) < 0) {
            tui_app_set_message(app, 1, _("Not a number: %s"), text);
            return;
        } else if (input_rejected(app, editor, values, key, value))
            return;
        else
            strategy_values_set(values, key, value);
        break;
    }
    default:
        if (parse_number(text, &year, &rest) < 0 || !year_valid(year)) {
            tui_app_set_message(app, 1,
                                _("Type a year from %d to %d and a value in "
                                  "t CO2e, or the year alone to remove it."),
                                STRATEGY_FIRST_YEAR, STRATEGY_LAST_YEAR);
            return;
        }
        {
            char key[16];

            snprintf(key, sizeof key, "%d", (int)year);
            /* The year alone removes its point; anything else must be a
             * value within the bounds. */
            if (rest[strspn(rest, " ")] == '\0')
                strategy_values_remove(&strategy->goals, key);
            else if (parse_number(rest, &value, NULL) < 0) {
                tui_app_set_message(app, 1, _("Not a number: %s"),
                                    rest + strspn(rest, " "));
                return;
            } else if (input_rejected(app, editor, &strategy->goals, key,
                                      value))
                return;
            else
                strategy_values_set(&strategy->goals, key, value);
        }
        break;
    }
    editor_changed(app, editor);
}

static int
edit_key(struct tui_app *app, struct editor *editor,
         const struct tui_key *key)
{
    int flags;

    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        editor->mode = MODE_LIST;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_enter(key)) {
        editor->mode = MODE_LIST;
        edit_apply(app, editor);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_input_key(&editor->input, key);
    return (flags & ~TUI_INPUT_CHANGED) | TUI_KEY_HANDLED;
}

/* Add the chosen action, with choice for a sector reduction. */
static void
chooser_add(struct tui_app *app, struct editor *editor,
            const struct strategy_action_def *def, const char *choice)
{
    struct strategy_language language;
    struct strategy_message reason;
    char err[512];
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    editor->mode = MODE_LIST;
    if (strategy_add_action_message(&editor->strategies[0], editor->catalogue,
                                    def->id, choice, tm.tm_year + 1900,
                                    &reason) < 0) {
        strategy_view_language(app, editor->catalogue, &language);
        strategy_message_format(&reason, &language, err, sizeof err);
        tui_app_set_message(app, 1, _("Rejected: %s"), err);
        return;
    }
    editor_changed(app, editor);
    /* Select the new action's first parameter. */
    tui_list_select(&editor->list, 0, editor->list_height);
    {
        size_t i;

        for (i = 0; i < editor->row_count; i++) {
            if (editor->rows[i].kind == ROW_PARAM &&
                editor->rows[i].item ==
                    editor->strategies[0].item_count - 1) {
                tui_list_select(&editor->list, i,
                                editor->list_height > 0
                                    ? editor->list_height
                                    : 1);
                break;
            }
        }
    }
}

static int
chooser_key(struct tui_app *app, struct editor *editor,
            const struct tui_key *key)
{
    int flags;

    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        editor->mode = MODE_LIST;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_enter(key) && editor->chooser.count > 0) {
        if (editor->mode == MODE_CHOOSE_SECTOR) {
            chooser_add(app, editor, editor->choosing,
                        editor->choosing->choices[editor->chooser.selected]);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        editor->choosing =
            &editor->catalogue->actions[editor->chooser.selected];
        if (editor->choosing->choice_count > 0) {
            editor->mode = MODE_CHOOSE_SECTOR;
            tui_list_reset(&editor->chooser, editor->choosing->choice_count);
        } else {
            chooser_add(app, editor, editor->choosing, "");
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_list_key(&editor->chooser, key, 10, 1);
    return flags | TUI_KEY_HANDLED;
}

/* Copy the strategy as a variant owned by the user, and open it. */
static int
editor_duplicate(struct tui_app *app, struct editor *editor)
{
    struct tui_strategy_arg arg = {{0}, 1};
    char name[STRATEGY_NAME_MAX + 1];
    int rc;

    strategy_view_variant_name(editor->strategies[0].name, name, sizeof name);
    rc = store_strategy_copy(app->store, app->user_name,
                             editor->strategies[0].id, name, &arg.ids[0]);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Duplicating failed: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    tui_app_strategy_changed(app, arg.ids[0]);
    tui_app_set_message(app, 0, _("Created \"%s\"."), name);
    tui_app_push(app, &tui_screen_strategy, &arg);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Keys of the comparison: the table, its year and its scrolling. */
static int
compare_key(struct editor *editor, const struct tui_key *key)
{
    if (!key->function && key->code == '\t') {
        editor->show_chart = !editor->show_chart;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (editor->show_chart)
        return 0;
    if (!key->function && key->code == 'y') {
        editor->year = (editor->year + 1) % editor->year_count;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    /* The drawing clamps the top line to the table's length. */
    if ((key->function && key->code == KEY_DOWN) ||
        (!key->function && key->code == 'j')) {
        editor->table_top++;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if ((key->function && key->code == KEY_UP) ||
        (!key->function && key->code == 'k')) {
        if (editor->table_top > 0)
            editor->table_top--;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

/* Start typing a new name, prefilled with the current one. */
static int
rename_start(struct tui_app *app, struct editor *editor)
{
    (void)app;
    tui_input_clear(&editor->input);
    editor->input.max_length = STRATEGY_NAME_MAX;
    tui_input_set(&editor->input, editor->strategies[0].name);
    editor->mode = MODE_RENAME;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
rename_key(struct tui_app *app, struct editor *editor,
           const struct tui_key *key)
{
    struct strategy *strategy = &editor->strategies[0];
    int flags;

    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        editor->mode = MODE_LIST;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key_is_enter(key)) {
        flags = tui_input_key(&editor->input, key);
        if (flags & TUI_INPUT_FULL) {
            strategy_view_name_full(app);
            flags |= TUI_KEY_REDRAW;
        }
        return (flags & ~(TUI_INPUT_CHANGED | TUI_INPUT_FULL)) |
               TUI_KEY_HANDLED;
    }
    editor->mode = MODE_LIST;
    if (editor->input.length == 0 ||
        strcmp(editor->input.text, strategy->name) == 0)
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    /* The name alone, so that the rename keeps the content as stored. */
    if (store_strategy_rename(app->store, app->user_name, strategy->id,
                              editor->input.text) != 0) {
        tui_app_set_message(app, 1, _("Renaming failed: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    tui_app_strategy_changed(app, strategy->id);
    free(strategy->name);
    strategy->name = xstrdup(editor->input.text);
    free(editor->saved.name);
    editor->saved.name = xstrdup(editor->input.text);
    editor_set_title(editor);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Show the next quantity that a result has: the sectors, energy cells
 * and bill parts that no result has are skipped. The total of emissions
 * is always shown. */
static void
editor_next_quantity(struct editor *editor)
{
    double triple[STRATEGY_RANGES];
    int q = (int)editor->quantity;
    size_t s;

    for (;;) {
        q = (q + 1) % STRATEGY_QUANTITIES;
        if (q == QUANTITY_GHG_TOTAL)
            break;
        for (s = 0; s < editor->count; s++) {
            if (strategy_quantity_value(editor->results[s],
                                        (enum strategy_quantity)q, 0, triple))
                break;
        }
        if (s < editor->count)
            break;
    }
    editor->quantity = (enum strategy_quantity)q;
}

/* Remove the action of row at the second x (or Delete) on it. The first
 * press names the action that would be removed. */
static int
remove_key(struct tui_app *app, struct editor *editor, const struct row *row)
{
    const struct strategy_item *item;
    char identity[sizeof editor->confirm_remove];
    char action[160];
    size_t settings;

    if (row->kind != ROW_PARAM) {
        editor->confirm_remove[0] = '\0';
        tui_app_set_message(app, 1,
                            _("Only an action can be removed: move to one "
                              "of its lines first."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    action_label(app, editor, row->item, action, sizeof action);
    item = &editor->strategies[0].items[row->item];
    snprintf(identity, sizeof identity, "%s:%s", item->action, item->choice);
    if (strcmp(editor->confirm_remove, identity) != 0) {
        snprintf(editor->confirm_remove, sizeof editor->confirm_remove, "%s",
                 identity);
        settings = item->param_count;
        tui_app_set_message(app, 0,
                            ngettext("Press x again to remove the action "
                                     "“%s” with its %zu setting.",
                                     "Press x again to remove the action "
                                     "“%s” with its %zu settings.",
                                     settings),
                            action, settings);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    editor->confirm_remove[0] = '\0';
    strategy_remove_item(&editor->strategies[0], row->item);
    editor_changed(app, editor);
    tui_app_set_message(app, 0, _("The action “%s” was removed."), action);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Open the sources of the highlighted action, or of the whole strategy
 * when the highlighted line is not an action's. */
static int
editor_sources(struct tui_app *app, struct editor *editor)
{
    struct tui_strategy_sources_arg arg = {
        &editor->strategies[0], &editor->bases[0], -1};

    if (editor->row_count > 0 &&
        editor->rows[editor->list.selected].kind == ROW_PARAM)
        arg.item = (long)editor->rows[editor->list.selected].item;
    tui_app_push(app, &tui_screen_strategy_sources, &arg);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
editor_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct editor *editor = state;
    const struct row *row;
    int visible = editor->list_height > 0 ? editor->list_height : 1;

    if (editor->mode == MODE_EDIT)
        return edit_key(app, editor, key);
    if (editor->mode == MODE_RENAME)
        return rename_key(app, editor, key);
    if (editor->mode != MODE_LIST)
        return chooser_key(app, editor, key);
    if (!((!key->function && key->code == 'x') ||
          (key->function && key->code == KEY_DC)))
        editor->confirm_remove[0] = '\0';
    if (!key->function && key->code == 'v') {
        editor_next_quantity(editor);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (editor->count > 1)
        return compare_key(editor, key);
    if (!key->function && key->code == 'D')
        return editor_duplicate(app, editor);
    if (!key->function && key->code == 's') {
        if (editor->access < ACCESS_OWNER) {
            tui_app_set_message(app, 1,
                                _("Only the owner of this strategy (%s) "
                                  "can share it."),
                                editor->strategies[0].owner);
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        tui_app_push(app, &tui_screen_strategy_share,
                     &editor->strategies[0].id);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'H') {
        tui_app_push(app, &tui_screen_strategy_history,
                     &editor->strategies[0].id);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'i')
        return editor_sources(app, editor);
    if (editor->access < ACCESS_EDIT &&
        ((!key->function &&
          (key->code == 'a' || key->code == 'x' || key->code == 'r')) ||
         key_is_enter(key))) {
        tui_app_set_message(app, 1, _("This strategy is read-only for you: "
                                      "press D to duplicate it."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'r')
        return rename_start(app, editor);
    if (!key->function && key->code == 'a') {
        editor->mode = MODE_CHOOSE_ACTION;
        tui_list_reset(&editor->chooser, editor->catalogue->action_count);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (editor->row_count == 0)
        return 0;
    row = &editor->rows[editor->list.selected];
    if ((!key->function && key->code == 'x') ||
        (key->function && key->code == KEY_DC))
        return remove_key(app, editor, row);
    if (key_is_enter(key)) {
        edit_start(app, editor);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return tui_list_key(&editor->list, key, visible, 1);
}

static int
editor_typing(void *state)
{
    const struct editor *editor = state;

    return editor->mode == MODE_EDIT || editor->mode == MODE_RENAME;
}

/* Stop showing the strategies: the one named went away for this account
 * (removed is 1 when it no longer exists). */
static void
editor_close(struct tui_app *app, struct editor *editor, const char *name,
             int removed)
{
    editor->closed = 1;
    editor->reload_pending = 0;
    editor->mode = MODE_LIST;
    if (removed)
        tui_app_set_message(app, 1, _("The strategy “%s” was removed."), name);
    else
        tui_app_set_message(app, 1,
                            _("You no longer have access to the strategy "
                              "“%s”."),
                            name);
    tui_app_close_screen(app, editor);
}

/*
 * Check that strategy i still exists for the account, with the same
 * owner (a removed strategy's id may be given to a new one), and read
 * the account's access to it. Returns 0, or -1 after closing the editor,
 * or -2 on a store error (the message set).
 */
static int
editor_check(struct tui_app *app, struct editor *editor, size_t i,
             enum dashboard_access *access)
{
    const struct strategy *shown = &editor->strategies[i];
    int rc;

    rc = store_strategy_access(app->store, shown->id, app->user_name, access);
    if (rc < 0) {
        tui_app_set_message(app, 1, _("Could not read the strategy: %s"),
                            store_error(app->store));
        return -2;
    }
    if (rc == 1) {
        editor_close(app, editor, shown->name, 1);
        return -1;
    }
    if (*access < ACCESS_VIEW) {
        editor_close(app, editor, shown->name, 0);
        return -1;
    }
    return 0;
}

/*
 * Read strategy i again as stored, after another session changed it.
 * The editor applies over it what this session changed since it last
 * read or saved (nothing, since each change is saved at once, unless the
 * save failed), as a save does, then recomputes.
 */
static void
editor_reload_one(struct tui_app *app, struct editor *editor, size_t i)
{
    struct strategy fresh;
    struct strategy merged;
    enum dashboard_access access = ACCESS_NONE;
    int rc;

    /* The lines may move, so a pending removal is cancelled. */
    editor->confirm_remove[0] = '\0';
    if (editor_check(app, editor, i, &access) != 0)
        return;
    strategy_init(&fresh);
    rc = store_strategy_get(app->store, app->user_name,
                            editor->strategies[i].id, &fresh);
    if (rc != 0) {
        if (rc < 0)
            tui_app_set_message(app, 1, _("Could not read the strategy: %s"),
                                store_error(app->store));
        else
            editor_close(app, editor, editor->strategies[i].name, rc == 1);
        strategy_clear(&fresh);
        return;
    }
    if (strcmp(fresh.owner, editor->strategies[i].owner) != 0) {
        editor_close(app, editor, editor->strategies[i].name, 1);
        strategy_clear(&fresh);
        return;
    }
    if (i == 0 && editor->count == 1) {
        strategy_init(&merged);
        strategy_copy(&merged, &fresh);
        strategy_merge(&merged, &editor->saved, &editor->strategies[0]);
        strategy_copy(&editor->strategies[0], &merged);
        strategy_copy(&editor->saved, &fresh);
        strategy_clear(&merged);
        if (access != editor->access && access < ACCESS_EDIT)
            tui_app_set_message(app, 0,
                                _("The strategy “%s” is now read-only for "
                                  "you."),
                                fresh.name);
        else if (access != editor->access && editor->access < ACCESS_EDIT)
            tui_app_set_message(
                app, 0, _("You may now change the strategy “%s”."), fresh.name);
        editor->access = access;
        snprintf(editor->title, sizeof editor->title, "%s — %s",
                 editor->strategies[0].name, editor->territory.name);
    } else {
        strategy_copy(&editor->strategies[i], &fresh);
    }
    strategy_clear(&fresh);
    editor_compute(app, editor, i);
}

/* Read again every strategy shown that another session changed. */
static void
editor_reload(struct tui_app *app, struct editor *editor, int64_t id)
{
    size_t i;

    for (i = 0; i < editor->count && !editor->closed; i++) {
        if (id == 0 || editor->strategies[i].id == id)
            editor_reload_one(app, editor, i);
    }
    if (editor->closed)
        return;
    editor->year_count = strategy_compare_years(
        editor->strategies, editor->count, editor->years, &editor->year);
    rows_build(editor);
    app->dirty = 1;
}

/* A strategy shown here changed in another session: read it again at
 * once. While a value or a name is typed, only its removal or a lost
 * access closes the editor at once. The rest waits for editor_idle, so
 * that the line typed on stays the same. */
static void
editor_hub_event(struct tui_app *app, void *state,
                 const struct hub_event *event)
{
    struct editor *editor = state;
    enum dashboard_access access;
    int shown = 0;
    size_t i;

    if (event->type != HUB_STRATEGY_CHANGED || editor->closed)
        return;
    for (i = 0; i < editor->count; i++) {
        if (event->strategy_id == 0 ||
            editor->strategies[i].id == event->strategy_id)
            shown = 1;
    }
    if (!shown)
        return;
    if (editor->mode == MODE_LIST) {
        editor_reload(app, editor, event->strategy_id);
        return;
    }
    for (i = 0; i < editor->count && !editor->closed; i++) {
        if (event->strategy_id == 0 ||
            editor->strategies[i].id == event->strategy_id)
            editor_check(app, editor, i, &access);
    }
    editor->reload_pending = !editor->closed;
    app->idle_pending = 1;
    app->dirty = 1;
}

static int
editor_idle(struct tui_app *app, void *state)
{
    struct editor *editor = state;

    if (!editor->reload_pending || editor->mode != MODE_LIST)
        return 0;
    editor->reload_pending = 0;
    editor_reload(app, editor, 0);
    return TUI_KEY_REDRAW;
}

const struct tui_screen_ops tui_screen_strategy = {
    .name = "strategy",
    .create = editor_create,
    .title = editor_title,
    .draw = editor_draw,
    .key = editor_key,
    .typing = editor_typing,
    .idle = editor_idle,
    .hub_event = editor_hub_event,
    .help = strategy_help,
    .free = editor_free,
};
