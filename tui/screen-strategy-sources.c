/*
 * terrish: the sources of a strategy, for the action highlighted in the
 * editor or for the whole strategy. The screen lists each coefficient with
 * its values, range, note and published sources, and each baseline value
 * with its year, source and origin (strategy-sources.c). Long lines are
 * wrapped to the width of the terminal and scrolled line by line.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/strategy-sources.h"
#include "tui/strategy-view.h"

/* Bytes of one line drawn: a row is at most one terminal width. */
#define SOURCES_DRAW_MAX 2048

/* One line on screen: a part of a paragraph of the sources. */
struct wrapped_row {
    size_t paragraph;
    size_t offset; /* bytes into its text */
    size_t length;
    int indent;
};

struct sources_view {
    struct strategy_catalogue *catalogue;
    struct strategy strategy;
    struct strategy_baseline base;
    long item; /* -1: the whole strategy */
    char title[STRATEGY_NAME_MAX + 32];

    struct strategy_sources sources;
    int french; /* language of sources, -1 before it is written */

    struct wrapped_row *rows;
    size_t row_count;
    int width; /* the rows are wrapped to it, 0 before */
    size_t top;
    int height; /* rows shown at the last draw */
};

static const struct tui_key_help sources_help[] = {
    {NULL, N_("Sources of the strategy")},
    {N_("Up/Down, k/j, PgUp/PgDn, Home/End"), N_("scroll")},
    {N_("Esc, Left, h, Backspace"), N_("back to the strategy")},
    {NULL, NULL},
};

static void
view_free(void *state)
{
    struct sources_view *view = state;

    strategy_sources_clear(&view->sources);
    strategy_clear(&view->strategy);
    strategy_catalogue_free(view->catalogue);
    free(view->rows);
    free(view);
}

static void *
view_create(struct tui_app *app, const void *arg)
{
    const struct tui_strategy_sources_arg *request = arg;
    struct sources_view *view;

    if (request == NULL)
        return NULL;
    view = xcalloc(1, sizeof *view);
    view->catalogue = strategy_view_catalogue(app);
    if (view->catalogue == NULL) {
        free(view);
        return NULL;
    }
    strategy_init(&view->strategy);
    strategy_copy(&view->strategy, request->strategy);
    view->base = *request->base;
    view->item = request->item;
    view->french = -1;
    snprintf(view->title, sizeof view->title, _("Sources — %s"),
             view->strategy.name);
    return view;
}

static const char *
view_title(struct tui_app *app, void *state)
{
    struct sources_view *view = state;

    (void)app;
    return view->title;
}

/* Columns before the text of a line of each kind. */
static int
kind_indent(enum strategy_sources_kind kind)
{
    switch (kind) {
    case SOURCES_HEADING:
    case SOURCES_ENTRY:
        return 0;
    case SOURCES_FIELD:
        return 2;
    default:
        return 4;
    }
}

static void
rows_add(struct sources_view *view, size_t paragraph, size_t offset,
         size_t length, int indent)
{
    struct wrapped_row *row;

    view->rows = xrealloc(view->rows, (view->row_count + 1) * sizeof *view->rows);
    row = &view->rows[view->row_count++];
    row->paragraph = paragraph;
    row->offset = offset;
    row->length = length;
    row->indent = indent;
}

/* Wrap every paragraph to width columns, with a blank line before each
 * heading but the first. */
static void
rows_wrap(struct sources_view *view, int width)
{
    size_t i;

    view->row_count = 0;
    for (i = 0; i < view->sources.count; i++) {
        const struct strategy_sources_line *line = &view->sources.lines[i];
        int indent = kind_indent(line->kind);
        const char *text = line->text;

        if (line->kind == SOURCES_HEADING && i > 0)
            rows_add(view, i, 0, 0, 0);
        do {
            const char *next = text;
            size_t length = tui_text_wrap(text, width - indent, &next);

            rows_add(view, i, (size_t)(text - line->text), length, indent);
            text = next;
        } while (*text != '\0');
    }
    view->width = width;
}

/* Write the sources again when the language changed ('L'), and wrap
 * them again when the width changed. */
static void
view_prepare(struct tui_app *app, struct sources_view *view, int width)
{
    struct strategy_language language;

    if (view->french != app->french) {
        strategy_sources_clear(&view->sources);
        strategy_view_language(app, view->catalogue, &language);
        if (strategy_sources_write(app->store, view->catalogue,
                                   &view->strategy, &view->base, view->item,
                                   &language, &view->sources) < 0)
            tui_app_set_message(app, 1, _("Could not read the sources: %s"),
                                tui_store_error(app));
        view->french = app->french;
        view->width = 0;
    }
    if (view->width != width)
        rows_wrap(view, width);
}

static enum tui_colour
kind_colour(enum strategy_sources_kind kind)
{
    switch (kind) {
    case SOURCES_HEADING:
        return TUI_COLOUR_HEADING;
    case SOURCES_DETAIL:
        return TUI_COLOUR_DIM;
    default:
        return TUI_COLOUR_NORMAL;
    }
}

/* The largest first row that still fills the screen. */
static size_t
view_top_max(const struct sources_view *view)
{
    size_t height = view->height > 0 ? (size_t)view->height : 1;

    return view->row_count > height ? view->row_count - height : 0;
}

static void
view_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct sources_view *view = state;
    int width = body->width - 2;
    char line[SOURCES_DRAW_MAX];
    char footer[160];
    int y;

    if (width < 10)
        return;
    view_prepare(app, view, width);
    view->height = body->height - 1;
    if (view->top > view_top_max(view))
        view->top = view_top_max(view);
    for (y = 0; y < view->height && view->top + (size_t)y < view->row_count;
         y++) {
        const struct wrapped_row *row = &view->rows[view->top + (size_t)y];
        const struct strategy_sources_line *paragraph =
            &view->sources.lines[row->paragraph];
        size_t length = row->length < sizeof line ? row->length
                                                   : sizeof line - 1;

        memcpy(line, paragraph->text + row->offset, length);
        line[length] = '\0';
        tui_draw_text(body->y + y, body->x + 1 + row->indent,
                      width - row->indent, kind_colour(paragraph->kind), line);
    }
    /* TRANSLATORS: the lines shown of the sources, and how many there
     * are. */
    snprintf(footer, sizeof footer, _("Lines %zu–%zu of %zu · j/k scroll · "
                                      "Esc back"),
             view->row_count > 0 ? view->top + 1 : 0,
             view->top + (size_t)y, view->row_count);
    tui_draw_text(body->y + body->height - 1, body->x + 1, body->width - 2,
                  TUI_COLOUR_DIM, footer);
}

static int
view_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct sources_view *view = state;
    size_t page = view->height > 1 ? (size_t)view->height - 1 : 1;
    size_t top = view->top;

    (void)app;
    if (key->function) {
        switch (key->code) {
        case KEY_UP:
            top = top > 0 ? top - 1 : 0;
            break;
        case KEY_DOWN:
            top++;
            break;
        case KEY_PPAGE:
            top = top > page ? top - page : 0;
            break;
        case KEY_NPAGE:
            top += page;
            break;
        case KEY_HOME:
            top = 0;
            break;
        case KEY_END:
            top = view_top_max(view);
            break;
        default:
            return 0;
        }
    } else if (key->code == 'k') {
        top = top > 0 ? top - 1 : 0;
    } else if (key->code == 'j') {
        top++;
    } else if (key->code == ' ') {
        top += page;
    } else {
        return 0;
    }
    if (top > view_top_max(view))
        top = view_top_max(view);
    view->top = top;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

const struct tui_screen_ops tui_screen_strategy_sources = {
    .name = "strategy-sources",
    .create = view_create,
    .title = view_title,
    .draw = view_draw,
    .key = view_key,
    .help = sources_help,
    .free = view_free,
};
