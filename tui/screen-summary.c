/*
 * terrish: the summary of one territory (level, code, population, area,
 * density, communes, the territories that contain it, its indicators and
 * the territories it contains).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The body is one document that scrolls: the facts, the sources, the
 * indicators, then the contained territories. One highlight moves over
 * the indicators and then the contained territories, and stays in view.
 * The highlighted indicator shows its source, licence and years below it.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/strategy-view.h"
#include "tui/tui-internal.h"

/* Columns of the label before each value. */
#define LABEL_COLUMNS 22

/* Columns of an indicator line: the year on the right, and the value with
 * its unit before it (at most VALUE_COLUMNS, or 2/5 of the line). */
#define YEAR_COLUMNS 6
#define VALUE_COLUMNS 34

/*
 * The highlight moves over items: the indicators first, then the
 * contained territories. item_first and item_last are the document lines
 * of each item at the last draw (an indicator's last line is the end of
 * its source line).
 */
struct summary {
    struct territory territory;
    struct territory_list parents;
    struct territory_list children;
    struct tui_indicator_rows indicators;
    struct tui_list list;
    size_t *item_first;
    size_t *item_last;
    size_t scroll;   /* first document line shown */
    int follow;      /* scroll to the highlighted item at the next draw */
    int body_height; /* at the last draw */
    int failed;      /* computing an indicator failed: stop computing */
};

/*
 * A pass over the document. With draw unset it only counts lines, so that
 * the scroll position can be fixed before drawing.
 */
struct summary_pass {
    struct tui_app *app;
    const struct tui_rect *body;
    size_t scroll;
    size_t line; /* document line about to be written */
    int draw;
};

static const struct tui_key_help summary_help[] = {
    {NULL, N_("Summary")},
    {N_("Up/Down, k/j"),
     N_("move in the indicators and the contained territories")},
    {N_("PgUp/PgDn, Home/End"), N_("move by a page, to the first or last")},
    {N_("Enter"), N_("open the highlighted indicator as a map, chart and "
                     "table, or the summary of the highlighted territory")},
    {"/", N_("search by name or code")},
    {"i", N_("browse the indicator catalogue")},
    {"b", N_("dashboards, with the default ones of this territory")},
    {"s", N_("territorial strategies: build, compare, share")},
    {N_("Esc, Left, h, Backspace"), N_("back to the previous screen")},
    {NULL, NULL},
};

/* Returns the screen line of the current document line, or -1 when it is
 * scrolled out of the body. */
static int
pass_screen_line(const struct summary_pass *pass)
{
    size_t offset;

    if (!pass->draw || pass->line < pass->scroll) {
        return -1;
    }
    offset = pass->line - pass->scroll;
    if (offset >= (size_t)pass->body->height) {
        return -1;
    }
    return pass->body->y + (int)offset;
}

/* Write one "label  value" line of the document. */
static void
pass_field(struct summary_pass *pass, const char *label, const char *value)
{
    int y = pass_screen_line(pass);
    int x = pass->body->x + 1;
    int width = pass->body->width - 2;
    int label_width = width / 2 < LABEL_COLUMNS ? width / 2 : LABEL_COLUMNS;

    pass->line++;
    if (y < 0) {
        return;
    }
    if (label != NULL) {
        tui_draw_text(y, x, label_width - 1, TUI_COLOUR_HEADING, label);
    }
    tui_draw_text(y, x + label_width, width - label_width, TUI_COLOUR_NORMAL,
                  value);
}

/* Write one line of text from column indent to the body's last column
 * but one. */
static void
pass_indented(struct summary_pass *pass, enum tui_colour colour,
              const char *text, int indent)
{
    int y = pass_screen_line(pass);

    pass->line++;
    if (y >= 0) {
        tui_draw_text(y, pass->body->x + indent, pass->body->width - indent - 1,
                      colour, text);
    }
}

/* Write one line of text across the body. */
static void
pass_text(struct summary_pass *pass, enum tui_colour colour, const char *text)
{
    pass_indented(pass, colour, text, 1);
}

/* Write text from column indent, wrapped at spaces over as many lines as
 * it needs. */
static void
pass_wrapped(struct summary_pass *pass, enum tui_colour colour,
             const char *text, int indent)
{
    int width = pass->body->width - indent - 1;
    char line[512];

    while (*text != '\0') {
        const char *next;
        size_t length = tui_text_wrap(text, width, &next);

        if (length >= sizeof(line)) {
            length = sizeof(line) - 1;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        pass_indented(pass, colour, line, indent);
        text = next;
    }
}

/* Write the facts: level, code, population, area, density, communes. */
static void
summary_facts(struct summary *summary, struct summary_pass *pass)
{
    const struct territory *territory = &summary->territory;
    int french = pass->app->french;
    char label[64];
    char value[128];

    tui_format_level(value, sizeof(value), territory);
    pass_field(pass, _("Level"), value);
    pass_field(pass, _("Code"),
               territory->code[0] ? territory->code : _("n/a"));

    /* The store gives year 0 for a territory whose communes were counted
     * in different years. */
    if (territory->population < 0) {
        snprintf(label, sizeof(label), "%s", _("Population"));
    } else if (territory->population_year > 0) {
        snprintf(label, sizeof(label), _("Population (%d)"),
                 territory->population_year);
    } else {
        snprintf(label, sizeof(label), "%s", _("Population (mixed years)"));
    }
    tui_format_population(value, sizeof(value), territory->population, french);
    pass_field(pass, label, value);

    tui_format_area(value, sizeof(value), territory->area_km2, french);
    pass_field(pass, _("Area"), value);
    tui_format_density(value, sizeof(value), territory->population,
                       territory->area_km2, french);
    pass_field(pass, _("Density"), value);

    if (territory->level != LEVEL_COMMUNE) {
        if (territory->commune_count > 0) {
            text_format_int(value, sizeof(value), territory->commune_count,
                            french);
        } else {
            snprintf(value, sizeof(value), "%s", _("n/a"));
        }
        pass_field(pass, _("Communes"), value);
    }
}

/* Returns 1 when parent i repeats an earlier one: an overseas
 * collectivity is listed both as a région and as a département, with the
 * same code and name. */
static int
parent_is_repeated(const struct territory_list *parents, size_t i)
{
    const struct territory *parent = &parents->items[i];
    size_t j;

    for (j = 0; j < i; j++) {
        const struct territory *earlier = &parents->items[j];

        if (strcmp(earlier->code, parent->code) == 0 &&
            strcmp(earlier->name, parent->name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Write the territories that contain this one, one per line. */
static void
summary_parents(struct summary *summary, struct summary_pass *pass)
{
    char value[256];
    char level[64];
    int first = 1;
    size_t i;

    if (summary->parents.count == 0) {
        pass_field(pass, _("Belongs to"), "France");
        return;
    }
    for (i = 0; i < summary->parents.count; i++) {
        const struct territory *parent = &summary->parents.items[i];

        if (parent_is_repeated(&summary->parents, i)) {
            continue;
        }
        tui_format_level(level, sizeof(level), parent);
        snprintf(value, sizeof(value), "%s %s", level, parent->name);
        pass_field(pass, first ? _("Belongs to") : NULL, value);
        first = 0;
    }
}

/* Write the sources of the figures. */
static void
summary_sources(struct summary_pass *pass)
{
    char *text;

    /* TRANSLATORS: in French, put a no-break space before ":" and ";" so
       that wrapping never starts a line with them. */
    text = xasprintf(_("Sources: population %s; area %s; geography %s."),
                     "INSEE, populations légales",
                     "INSEE, Comparateur de territoires (COG 2021)",
                     "Etalab, découpage administratif (COG 2026)");
    pass_wrapped(pass, TUI_COLOUR_DIM, text, 1);
    free(text);
}

/* Start the highlighted line of an item: fill it when it is in view. */
static int
pass_item(struct summary *summary, struct summary_pass *pass, size_t item,
          int *selected)
{
    int y = pass_screen_line(pass);

    *selected = item == summary->list.selected;
    if (item < summary->list.count) {
        summary->item_first[item] = pass->line;
        summary->item_last[item] = pass->line;
    }
    if (y >= 0 && *selected) {
        tui_draw_fill(y, pass->body->x, pass->body->width,
                      TUI_COLOUR_SELECTED);
    }
    return y;
}

/* Format the value of a row, or a mark while it is computed. */
static void
summary_indicator_value(const struct tui_indicator_row *row, char *buf,
                        size_t size, int french)
{
    if (row->state == TUI_INDICATOR_PENDING) {
        snprintf(buf, size, "…");
    } else if (row->state == TUI_INDICATOR_FAILED) {
        snprintf(buf, size, "%s", _("read error"));
    } else {
        tui_format_indicator_value(buf, size, &row->result, french);
    }
}

/* Write one indicator: name, value with its unit, year; and below the
 * highlighted one, its source, licence and years. */
static void
summary_indicator(struct summary *summary, struct summary_pass *pass,
                  size_t item)
{
    const struct tui_indicator_row *row = &summary->indicators.items[item];
    int french = pass->app->french;
    int width = pass->body->width - 4;
    int value_width = width * 2 / 5 < VALUE_COLUMNS ? width * 2 / 5
                                                     : VALUE_COLUMNS;
    int name_width = width - value_width - YEAR_COLUMNS;
    int x = pass->body->x + 3;
    int selected;
    int y = pass_item(summary, pass, item, &selected);
    enum tui_colour text = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    enum tui_colour dim = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_DIM;
    char value[160];
    char year[16];
    char *detail;

    pass->line++;
    if (y >= 0) {
        summary_indicator_value(row, value, sizeof(value), french);
        snprintf(year, sizeof(year), "%d", row->result.year);
        tui_draw_text(y, x, name_width - 1, text,
                      tui_indicator_name(&row->indicator, french));
        tui_draw_text_right(y, x + name_width, value_width, text, value);
        if (row->result.year > 0) {
            tui_draw_text_right(y, x + name_width + value_width, YEAR_COLUMNS,
                                dim, year);
        }
    }
    if (!selected) {
        return;
    }
    detail = tui_indicator_detail(&row->indicator);
    pass_wrapped(pass, TUI_COLOUR_DIM, detail, 4);
    free(detail);
    summary->item_last[item] = pass->line - 1;
}

/* Write the indicators under a heading per theme. */
static void
summary_indicators(struct summary *summary, struct summary_pass *pass)
{
    const char *theme = NULL;
    size_t i;

    if (summary->indicators.count == 0) {
        return;
    }
    pass_text(pass, TUI_COLOUR_NORMAL, "");
    pass_text(pass, TUI_COLOUR_HEADING, _("Indicators"));
    for (i = 0; i < summary->indicators.count; i++) {
        const struct indicator *indicator =
            &summary->indicators.items[i].indicator;

        if (theme == NULL || strcmp(theme, indicator->theme) != 0) {
            theme = indicator->theme;
            pass_indented(pass, TUI_COLOUR_HEADING,
                          tui_indicator_theme(indicator, pass->app->french), 2);
        }
        summary_indicator(summary, pass, i);
    }
}

/* Write the heading and the lines of the contained territories. */
static void
summary_children(struct summary *summary, struct summary_pass *pass)
{
    char heading[128];
    size_t first = summary->indicators.count;
    size_t i;

    if (summary->territory.level == LEVEL_COMMUNE) {
        return;
    }
    pass_text(pass, TUI_COLOUR_NORMAL, "");
    snprintf(heading, sizeof(heading), _("Contains (%zu)"),
             summary->children.count);
    pass_text(pass, TUI_COLOUR_HEADING, heading);

    for (i = 0; i < summary->children.count; i++) {
        int selected;
        int y = pass_item(summary, pass, first + i, &selected);
        struct tui_rect line = {y, pass->body->x, 1, pass->body->width};

        pass->line++;
        if (y >= 0) {
            tui_draw_territory(&line, &summary->children.items[i], selected,
                               pass->app->french);
        }
    }
}

/* Go through the whole document once. Returns its number of lines. */
static size_t
summary_pass_run(struct summary *summary, struct summary_pass *pass)
{
    summary_facts(summary, pass);
    summary_parents(summary, pass);
    pass_text(pass, TUI_COLOUR_NORMAL, "");
    summary_sources(pass);
    summary_indicators(summary, pass);
    summary_children(summary, pass);
    return pass->line;
}

/* Fix the scroll so that the highlighted item is in view after a move,
 * and so that the document does not scroll past its end. */
static void
summary_scroll(struct summary *summary, size_t lines, size_t height)
{
    size_t item = summary->list.selected;

    if (summary->follow && summary->list.count > 0) {
        if (summary->item_last[item] >= summary->scroll + height) {
            summary->scroll = summary->item_last[item] - height + 1;
        }
        if (summary->item_first[item] < summary->scroll) {
            summary->scroll = summary->item_first[item];
        }
    }
    summary->follow = 0;
    if (lines <= height) {
        summary->scroll = 0;
    } else if (summary->scroll > lines - height) {
        summary->scroll = lines - height;
    }
}

/* Sort the indicators again after a change of language, keeping the
 * same one highlighted. */
static void
summary_sort_indicators(struct summary *summary, int french)
{
    size_t selected = summary->list.selected;
    char *id = NULL;
    size_t i;

    if (summary->indicators.french == french) {
        return;
    }
    if (selected < summary->indicators.count) {
        id = xstrdup(summary->indicators.items[selected].indicator.id);
    }
    tui_indicators_sort(&summary->indicators, french);
    for (i = 0; id != NULL && i < summary->indicators.count; i++) {
        if (strcmp(summary->indicators.items[i].indicator.id, id) == 0) {
            summary->list.selected = i;
        }
    }
    free(id);
}

static void
summary_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct summary *summary = state;
    struct summary_pass pass = {app, body, 0, 0, 0};
    size_t lines;

    summary->body_height = body->height;
    if (body->height <= 0) {
        return;
    }
    summary_sort_indicators(summary, app->french);
    lines = summary_pass_run(summary, &pass);
    summary_scroll(summary, lines, (size_t)body->height);

    pass.scroll = summary->scroll;
    pass.line = 0;
    pass.draw = 1;
    summary_pass_run(summary, &pass);
    tui_app_set_current(app, &summary->territory);
}

/* Scroll the document when it has no item to move to. */
static int
summary_scroll_key(struct summary *summary, const struct tui_key *key)
{
    size_t page = summary->body_height > 1 ? summary->body_height - 1 : 1;

    if (key->function && key->code == KEY_UP) {
        summary->scroll = summary->scroll > 0 ? summary->scroll - 1 : 0;
    } else if (key->function && key->code == KEY_DOWN) {
        summary->scroll++;
    } else if (key->function && key->code == KEY_PPAGE) {
        summary->scroll = summary->scroll > page ? summary->scroll - page : 0;
    } else if (key->function && key->code == KEY_NPAGE) {
        summary->scroll += page;
    } else if (key->function && key->code == KEY_HOME) {
        summary->scroll = 0;
    } else if (key->function && key->code == KEY_END) {
        summary->scroll = (size_t)-1 / 2;
    } else {
        return 0;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
key_is_down(const struct tui_key *key)
{
    return key->function ? key->code == KEY_DOWN : key->code == 'j';
}

static int
key_is_up(const struct tui_key *key)
{
    return key->function ? key->code == KEY_UP : key->code == 'k';
}

/* Open the highlighted indicator as a map, chart and table of this
 * territory, or the summary of the highlighted contained territory. */
static int
summary_open(struct tui_app *app, struct summary *summary)
{
    size_t item = summary->list.selected;

    if (item < summary->indicators.count) {
        struct tui_analysis_arg arg = {
            &summary->territory,
            summary->indicators.items[item].indicator.id};

        tui_app_push(app, &tui_screen_analysis, &arg);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    item -= summary->indicators.count;
    tui_app_push(app, &tui_screen_summary, &summary->children.items[item].id);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
summary_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct summary *summary = state;
    int visible = summary->body_height > 1 ? summary->body_height : 1;
    size_t item = summary->list.selected;
    int flags;

    if (!key->function && key->code == '/') {
        tui_app_push(app, &tui_screen_picker, &tui_picker_search_only);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'i') {
        /* Start on the highlighted indicator, if the highlight is on one. */
        struct tui_indicator_choice choice = {NULL, NULL, NULL};

        if (item < summary->indicators.count) {
            choice.selected = summary->indicators.items[item].indicator.id;
        }
        tui_app_push(app, &tui_screen_indicators, &choice);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'b') {
        tui_app_set_current(app, &summary->territory);
        tui_app_push(app, &tui_screen_dashboards, NULL);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 's') {
        tui_app_set_current(app, &summary->territory);
        tui_app_push(app, &tui_screen_strategies, NULL);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (summary->list.count == 0) {
        return summary_scroll_key(summary, key);
    }
    /* Down first scrolls the facts away until the highlighted item is in
     * view, and Up on the first item scrolls back to them. */
    if (key_is_down(key) &&
        summary->item_last[item] >= summary->scroll + (size_t)visible) {
        summary->scroll++;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_up(key) && item == 0) {
        return summary_scroll_key(summary, &(struct tui_key){1, KEY_UP});
    }
    flags = tui_list_key(&summary->list, key, visible, 1);
    if (flags != 0) {
        summary->follow = 1;
        if (key->function && key->code == KEY_HOME) {
            summary->scroll = 0;
        }
        return flags;
    }

    if ((key->function && key->code == KEY_ENTER) ||
        (!key->function && (key->code == '\r' || key->code == '\n'))) {
        return summary_open(app, summary);
    }
    return 0;
}

static void
summary_free(void *state)
{
    struct summary *summary = state;

    territory_clear(&summary->territory);
    territory_list_free(&summary->parents);
    territory_list_free(&summary->children);
    tui_indicators_free(&summary->indicators);
    free(summary->item_first);
    free(summary->item_last);
    free(summary);
}

/* Load a territory, its parents, its indicators and its children. arg
 * points to the territory id (int64_t). */
static void *
summary_create(struct tui_app *app, const void *arg)
{
    int64_t id = *(const int64_t *)arg;
    struct summary *summary;
    size_t items;
    int rc;

    summary = xcalloc(1, sizeof(*summary));
    rc = store_territory_get_by_id(app->store, id, &summary->territory);
    if (rc == 0) {
        rc = store_territory_parents(app->store, id, &summary->parents);
    }
    if (rc == 0 && summary->territory.level != LEVEL_COMMUNE) {
        rc = store_territory_children(app->store, id, &summary->children);
    }
    if (rc == 0) {
        rc = tui_indicators_load(app->store, app->french,
                                 &summary->indicators);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the territory: %s"),
                            tui_store_error(app));
        summary_free(summary);
        return NULL;
    }

    items = summary->indicators.count + summary->children.count;
    summary->item_first = xcalloc(items + 1, sizeof(size_t));
    summary->item_last = xcalloc(items + 1, sizeof(size_t));
    tui_list_reset(&summary->list, items);
    return summary;
}

/* Compute the next indicator value. A failure is shown once and stops the
 * computation for this screen. */
static int
summary_idle(struct tui_app *app, void *state)
{
    struct summary *summary = state;
    int rc;

    if (summary->failed) {
        return 0;
    }
    rc = tui_indicators_compute_next(app->store, &summary->territory,
                                     &summary->indicators);
    if (rc < 0) {
        summary->failed = 1;
        tui_app_set_message(app, 1, _("Could not compute an indicator: %s"),
                            tui_store_error(app));
    }
    return rc != 0 ? TUI_KEY_HANDLED | TUI_KEY_REDRAW : 0;
}

static const char *
summary_title(struct tui_app *app, void *state)
{
    struct summary *summary = state;

    (void)app;
    return summary->territory.name;
}

const struct tui_screen_ops tui_screen_summary = {
    .name = "summary",
    .create = summary_create,
    .title = summary_title,
    .draw = summary_draw,
    .key = summary_key,
    .idle = summary_idle,
    .help = summary_help,
    .free = summary_free,
};
