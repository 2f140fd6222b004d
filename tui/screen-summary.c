/*
 * terrish: the summary of one territory (level, code, population, area,
 * density, communes, the territories that contain it and those it
 * contains).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The body is one document that scrolls: the facts, the sources, then the
 * list of contained territories, whose highlighted line stays in view.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* Columns of the label before each value. */
#define LABEL_COLUMNS 22

struct summary {
    struct territory territory;
    struct territory_list parents;
    struct territory_list children;
    struct tui_list list;
    size_t scroll;      /* first document line shown */
    int follow;         /* scroll to the highlighted child at the next draw */
    size_t first_child; /* document line of the first child, last draw */
    int body_height;    /* at the last draw */
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
    {N_("Up/Down, k/j"), N_("move in the contained territories")},
    {N_("PgUp/PgDn, Home/End"), N_("move by a page, to the first or last")},
    {N_("Enter"), N_("open the summary of the highlighted territory")},
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

/* Write one line of text across the body. */
static void
pass_text(struct summary_pass *pass, enum tui_colour colour, const char *text)
{
    int y = pass_screen_line(pass);

    pass->line++;
    if (y >= 0) {
        tui_draw_text(y, pass->body->x + 1, pass->body->width - 2, colour,
                      text);
    }
}

/* Write text wrapped at spaces over as many lines as it needs. */
static void
pass_wrapped(struct summary_pass *pass, enum tui_colour colour,
             const char *text)
{
    char line[512];

    while (*text != '\0') {
        const char *next;
        size_t length = tui_text_wrap(text, pass->body->width - 2, &next);

        if (length >= sizeof(line)) {
            length = sizeof(line) - 1;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        pass_text(pass, colour, line);
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

    if (territory->population >= 0 && territory->population_year > 0) {
        snprintf(label, sizeof(label), _("Population (%d)"),
                 territory->population_year);
    } else {
        snprintf(label, sizeof(label), "%s", _("Population"));
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

/* Write the territories that contain this one, one per line. */
static void
summary_parents(struct summary *summary, struct summary_pass *pass)
{
    char value[256];
    char level[64];
    size_t i;

    if (summary->parents.count == 0) {
        pass_field(pass, _("Belongs to"), "France");
        return;
    }
    for (i = 0; i < summary->parents.count; i++) {
        const struct territory *parent = &summary->parents.items[i];

        tui_format_level(level, sizeof(level), parent);
        snprintf(value, sizeof(value), "%s %s", level, parent->name);
        pass_field(pass, i == 0 ? _("Belongs to") : NULL, value);
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
    pass_wrapped(pass, TUI_COLOUR_DIM, text);
    free(text);
}

/* Write the heading and the lines of the contained territories. */
static void
summary_children(struct summary *summary, struct summary_pass *pass)
{
    char heading[128];
    size_t i;

    if (summary->territory.level == LEVEL_COMMUNE) {
        return;
    }
    pass_text(pass, TUI_COLOUR_NORMAL, "");
    snprintf(heading, sizeof(heading), _("Contains (%zu)"),
             summary->children.count);
    pass_text(pass, TUI_COLOUR_HEADING, heading);

    for (i = 0; i < summary->children.count; i++) {
        int y = pass_screen_line(pass);
        struct tui_rect line = {y, pass->body->x, 1, pass->body->width};
        int selected = i == summary->list.selected;

        pass->line++;
        if (y < 0) {
            continue;
        }
        if (selected) {
            tui_draw_fill(y, line.x, line.width, TUI_COLOUR_SELECTED);
        }
        tui_draw_territory(&line, &summary->children.items[i], selected,
                           pass->app->french);
    }
}

/* Go through the whole document once. Returns its number of lines, and
 * the document line of the first contained territory in first_child. */
static size_t
summary_pass_run(struct summary *summary, struct summary_pass *pass,
                 size_t *first_child)
{
    summary_facts(summary, pass);
    summary_parents(summary, pass);
    pass_text(pass, TUI_COLOUR_NORMAL, "");
    summary_sources(pass);
    summary_children(summary, pass);
    *first_child = pass->line - summary->children.count;
    return pass->line;
}

/* Fix the scroll so that the highlighted child is in view after a move in
 * the list, and so that the document does not scroll past its end. */
static void
summary_scroll(struct summary *summary, size_t lines, size_t height)
{
    size_t selected_line = summary->first_child + summary->list.selected;

    if (summary->follow && summary->children.count > 0) {
        if (selected_line < summary->scroll) {
            summary->scroll = selected_line;
        }
        if (selected_line >= summary->scroll + height) {
            summary->scroll = selected_line - height + 1;
        }
    }
    summary->follow = 0;
    if (lines <= height) {
        summary->scroll = 0;
    } else if (summary->scroll > lines - height) {
        summary->scroll = lines - height;
    }
}

static void
summary_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct summary *summary = state;
    struct summary_pass pass = {app, body, 0, 0, 0};
    size_t first_child;
    size_t lines;

    summary->body_height = body->height;
    if (body->height <= 0) {
        return;
    }
    lines = summary_pass_run(summary, &pass, &first_child);
    summary->first_child = first_child;
    summary_scroll(summary, lines, (size_t)body->height);

    pass.scroll = summary->scroll;
    pass.line = 0;
    pass.draw = 1;
    summary_pass_run(summary, &pass, &first_child);
    tui_app_set_current(app, &summary->territory);
}

/* Scroll the document when it has no list to move in. */
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

static int
summary_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct summary *summary = state;
    int visible = summary->body_height > 1 ? summary->body_height : 1;
    size_t selected_line;
    int flags;

    if (summary->children.count == 0) {
        return summary_scroll_key(summary, key);
    }
    /* Down first scrolls the facts away until the highlighted child is in
     * view, and Up on the first child scrolls back to them. */
    selected_line = summary->first_child + summary->list.selected;
    if (key_is_down(key) &&
        selected_line >= summary->scroll + (size_t)visible) {
        summary->scroll++;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_up(key) && summary->list.selected == 0) {
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
        tui_app_push(app, &tui_screen_summary,
                     &summary->children.items[summary->list.selected].id);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

/* Load a territory, its parents and its children. arg points to the
 * territory id (int64_t). */
static void *
summary_create(struct tui_app *app, const void *arg)
{
    int64_t id = *(const int64_t *)arg;
    struct summary *summary;
    int rc;

    summary = xcalloc(1, sizeof(*summary));
    rc = store_territory_get_by_id(app->store, id, &summary->territory);
    if (rc == 0) {
        rc = store_territory_parents(app->store, id, &summary->parents);
    }
    if (rc == 0 && summary->territory.level != LEVEL_COMMUNE) {
        rc = store_territory_children(app->store, id, &summary->children);
    }
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Could not read the territory: %s"),
                            store_error(app->store));
        territory_clear(&summary->territory);
        territory_list_free(&summary->parents);
        territory_list_free(&summary->children);
        free(summary);
        return NULL;
    }

    tui_list_reset(&summary->list, summary->children.count);
    return summary;
}

static const char *
summary_title(struct tui_app *app, void *state)
{
    struct summary *summary = state;

    (void)app;
    return summary->territory.name;
}

static void
summary_free(void *state)
{
    struct summary *summary = state;

    territory_clear(&summary->territory);
    territory_list_free(&summary->parents);
    territory_list_free(&summary->children);
    free(summary);
}

const struct tui_screen_ops tui_screen_summary = {
    .name = "summary",
    .create = summary_create,
    .title = summary_title,
    .draw = summary_draw,
    .key = summary_key,
    .help = summary_help,
    .free = summary_free,
};
