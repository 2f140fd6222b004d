/*
 * terrish: the help screen, listing the keys of the screen it was opened
 * from and the keys that work everywhere.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* The key column is as wide as the longest key label plus a space, but
 * at most half of the width, and never narrower than its longest word. */
#define KEYS_GAP 2

struct help {
    const struct tui_screen_ops *target; /* screen whose keys are listed */
    size_t scroll;
    size_t lines;    /* document lines at the last draw */
    int body_height; /* at the last draw */
};

static const struct tui_key_help help_help[] = {
    {NULL, N_("Help")},
    {N_("Up/Down, k/j, PgUp/PgDn"), N_("scroll")},
    {N_("Esc, Left, h, Backspace"), N_("back to the previous screen")},
    {NULL, NULL},
};

/* Draw one document line if it is scrolled into view. */
static void
help_draw_line(const struct help *help, const struct tui_rect *body, size_t row,
               int x, int width, enum tui_colour colour, const char *text,
               size_t length)
{
    char line[512];

    if (row < help->scroll || row - help->scroll >= (size_t)body->height) {
        return;
    }
    if (length >= sizeof(line)) {
        length = sizeof(line) - 1;
    }
    memcpy(line, text, length);
    line[length] = '\0';
    tui_draw_text(body->y + (int)(row - help->scroll), x, width, colour, line);
}

/* Returns the columns of the longest word of text (words end at spaces). */
static int
longest_word(const char *text)
{
    int longest = 0;

    while (*text != '\0') {
        size_t length = strcspn(text, " ");
        int columns = tui_text_columns(text, length);

        longest = columns > longest ? columns : longest;
        text += length;
        text += strspn(text, " ");
    }
    return longest;
}

/* Grow *label and *word to the widest translated key label of a table and
 * its widest word. */
static void
measure_keys(const struct tui_key_help *table, int *label, int *word)
{
    size_t i;

    for (i = 0; table[i].keys != NULL || table[i].text != NULL; i++) {
        const char *keys;
        int columns;

        if (table[i].keys == NULL) {
            continue;
        }
        keys = _(table[i].keys);
        columns = text_width(keys);
        *label = columns > *label ? columns : *label;
        columns = longest_word(keys);
        *word = columns > *word ? columns : *word;
    }
}

/* Returns the columns of the key column, gap included, for the tables
 * shown on a line of width columns. */
static int
help_keys_width(const struct help *help, int width)
{
    int label = 0;
    int word = 0;
    int keys_width;

    if (help->target->help != NULL) {
        measure_keys(help->target->help, &label, &word);
    }
    measure_keys(tui_global_help(), &label, &word);
    measure_keys(help_help, &label, &word);
    keys_width = label + KEYS_GAP;
    if (keys_width > width / 2) {
        keys_width = width / 2;
    }
    if (keys_width < word + KEYS_GAP) {
        keys_width = word + KEYS_GAP;
    }
    return keys_width;
}

/* Draw one table of keys from document line *line on, wrapping the keys
 * and their description in two columns. */
static void
help_draw_table(const struct help *help, const struct tui_rect *body,
                const struct tui_key_help *table, size_t *line)
{
    int x = body->x + 2;
    int width = body->width - 3;
    int keys_width = help_keys_width(help, width);
    size_t i;

    for (i = 0; table[i].keys != NULL || table[i].text != NULL; i++) {
        const char *keys = table[i].keys ? _(table[i].keys) : "";
        const char *text = _(table[i].text);

        if (table[i].keys == NULL) {
            /* A blank line before each section heading but the first. */
            if (*line > 0) {
                (*line)++;
            }
            help_draw_line(help, body, (*line)++, x - 1, width + 1,
                           TUI_COLOUR_HEADING, text, strlen(text));
            continue;
        }
        while (*keys != '\0' || *text != '\0') {
            const char *next_keys = keys;
            const char *next_text = text;
            size_t keys_length = 0;
            size_t text_length = 0;

            if (*keys != '\0') {
                keys_length = tui_text_wrap(keys, keys_width - 1, &next_keys);
            }
            if (*text != '\0') {
                text_length =
                    tui_text_wrap(text, width - keys_width, &next_text);
            }
            help_draw_line(help, body, *line, x, keys_width - 1,
                           TUI_COLOUR_HEADING, keys, keys_length);
            help_draw_line(help, body, *line, x + keys_width,
                           width - keys_width, TUI_COLOUR_NORMAL, text,
                           text_length);
            (*line)++;
            keys = next_keys;
            text = next_text;
        }
    }
}

static void
help_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct help *help = state;
    size_t line = 0;

    (void)app;
    help->body_height = body->height;
    if (help->target->help != NULL) {
        help_draw_table(help, body, help->target->help, &line);
    }
    help_draw_table(help, body, tui_global_help(), &line);
    help_draw_table(help, body, help_help, &line);
    help->lines = line;
}

static int
help_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct help *help = state;
    size_t height = help->body_height > 1 ? (size_t)help->body_height : 1;
    size_t last = help->lines > height ? help->lines - height : 0;

    (void)app;
    if (!key->function && key->code == '?') {
        return TUI_KEY_HANDLED;
    }
    if ((key->function && key->code == KEY_UP) ||
        (!key->function && key->code == 'k')) {
        help->scroll = help->scroll > 0 ? help->scroll - 1 : 0;
    } else if ((key->function && key->code == KEY_DOWN) ||
               (!key->function && key->code == 'j')) {
        help->scroll++;
    } else if (key->function && key->code == KEY_PPAGE) {
        help->scroll = help->scroll > height ? help->scroll - height : 0;
    } else if (key->function && key->code == KEY_NPAGE) {
        help->scroll += height;
    } else if (key->function && key->code == KEY_HOME) {
        help->scroll = 0;
    } else if (key->function && key->code == KEY_END) {
        help->scroll = last;
    } else {
        return 0;
    }
    if (help->scroll > last) {
        help->scroll = last;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* arg is the operations table of the screen whose keys are listed. */
static void *
help_create(struct tui_app *app, const void *arg)
{
    struct help *help;

    (void)app;
    help = xcalloc(1, sizeof(*help));
    help->target = arg;
    return help;
}

static const char *
help_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Help");
}

static void
help_free(void *state)
{
    free(state);
}

const struct tui_screen_ops tui_screen_help = {
    .name = "help",
    .create = help_create,
    .title = help_title,
    .draw = help_draw,
    .key = help_key,
    .help = help_help,
    .free = help_free,
};
