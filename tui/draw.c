/*
 * terrish: the colour palette and the drawing helpers used by screens.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Text is UTF-8. It is decoded with mbrtowc, so the locale must be a UTF-8
 * one (tui_run sets C.UTF-8), and drawn with the wide-character curses
 * calls so that accented names take one column per character.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/tui-internal.h"

/* One named colour: a foreground and background for the 256 and 8 colour
 * terminals, and the attributes used on monochrome ones. */
struct palette_entry {
    short fg256;
    short bg256;
    short fg8;
    short bg8;
    attr_t extra; /* added in colour (bold for headings) */
    attr_t mono;  /* used alone without colours */
};

/* -1 is the terminal's default colour. */
static const struct palette_entry palette[TUI_COLOUR_COUNT] = {
    [TUI_COLOUR_NORMAL] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
    [TUI_COLOUR_TITLE] = {231, 24, COLOR_WHITE, COLOR_BLUE, A_BOLD,
                          A_REVERSE | A_BOLD},
    [TUI_COLOUR_STATUS] = {16, 250, COLOR_BLACK, COLOR_WHITE, A_NORMAL,
                           A_REVERSE},
    [TUI_COLOUR_SELECTED] = {16, 117, COLOR_BLACK, COLOR_CYAN, A_NORMAL,
                             A_REVERSE},
    [TUI_COLOUR_HEADING] = {33, -1, COLOR_BLUE, -1, A_BOLD, A_BOLD},
    [TUI_COLOUR_DIM] = {244, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [TUI_COLOUR_ALERT] = {196, -1, COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TUI_COLOUR_INPUT] = {16, 230, COLOR_BLACK, COLOR_YELLOW, A_NORMAL,
                          A_UNDERLINE},
};

/* Attributes of each colour on this terminal, set by tui_palette_init. */
static attr_t palette_attrs[TUI_COLOUR_COUNT];
static int palette_depth;

/* Choose the attributes of each named colour for this terminal: 256
 * colours, 8 colours, or monochrome attributes when has_colors() fails. */
void
tui_palette_init(void)
{
    int use_256;
    int default_ok;
    int i;

    palette_depth = 0;
    if (!has_colors() || start_color() == ERR) {
        for (i = 0; i < TUI_COLOUR_COUNT; i++) {
            palette_attrs[i] = palette[i].mono;
        }
        return;
    }

    default_ok = use_default_colors() == OK;
    use_256 = COLORS >= 256 && COLOR_PAIRS > TUI_COLOUR_COUNT;
    palette_depth = use_256 ? 256 : 8;
    for (i = 0; i < TUI_COLOUR_COUNT; i++) {
        short fg = use_256 ? palette[i].fg256 : palette[i].fg8;
        short bg = use_256 ? palette[i].bg256 : palette[i].bg8;

        if (!default_ok) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        if (i == TUI_COLOUR_NORMAL || init_pair((short)i, fg, bg) == ERR) {
            palette_attrs[i] =
                i == TUI_COLOUR_NORMAL ? A_NORMAL : palette[i].mono;
            continue;
        }
        palette_attrs[i] = COLOR_PAIR(i) | palette[i].extra;
    }
}

/* Returns 256, 8, or 0 for monochrome. */
int
tui_palette_colours(void)
{
    return palette_depth;
}

/*
 * Decode the next character of s (at most len bytes). Stores the character
 * and its width in columns, and returns the bytes used. A byte that does
 * not start valid UTF-8 becomes U+FFFD, one column wide.
 */
static size_t
decode_char(const char *s, size_t len, wchar_t *wc, int *columns)
{
    mbstate_t state;
    size_t used;
    int width;

    memset(&state, 0, sizeof(state));
    used = mbrtowc(wc, s, len, &state);
    if (used == (size_t)-1 || used == (size_t)-2 || used == 0) {
        *wc = 0xfffd;
        used = 1;
    }

    width = wcwidth(*wc);
    if (width < 0) {
        *wc = 0xfffd;
        width = 1;
    }
    *columns = width;
    return used;
}

/* Returns the columns taken by the first len bytes of a UTF-8 string. */
int
tui_text_columns(const char *utf8, size_t len)
{
    size_t offset = 0;
    int total = 0;

    while (offset < len && utf8[offset] != '\0') {
        wchar_t wc;
        int columns;

        offset += decode_char(utf8 + offset, len - offset, &wc, &columns);
        total += columns;
    }
    return total;
}

/* Returns how many bytes of a UTF-8 string fit in width columns, never
 * cutting a character. */
size_t
tui_text_fit(const char *utf8, int width)
{
    size_t len = strlen(utf8);
    size_t offset = 0;
    int total = 0;

    while (offset < len) {
        wchar_t wc;
        int columns;
        size_t used;

        used = decode_char(utf8 + offset, len - offset, &wc, &columns);
        if (total + columns > width) {
            break;
        }
        total += columns;
        offset += used;
    }
    return offset;
}

/*
 * Returns the bytes of text that form its next line of at most width
 * columns, cut at the last space that fits (or inside a word longer than
 * the line). Sets *next to the start of the following line, after spaces.
 */
size_t
tui_text_wrap(const char *text, int width, const char **next)
{
    size_t fit = tui_text_fit(text, width > 0 ? width : 1);
    size_t cut = fit;

    if (fit == 0 && text[0] != '\0') {
        fit = cut = 1;
    }
    if (text[fit] != '\0' && text[fit] != ' ') {
        while (cut > 0 && text[cut] != ' ') {
            cut--;
        }
        if (cut == 0) {
            cut = fit;
        }
    }

    *next = text + cut;
    while (**next == ' ') {
        (*next)++;
    }
    return cut;
}

/*
 * Returns how many bytes of a UTF-8 string to draw in width columns. When
 * the whole string does not fit, sets *ellipsis to 1: the bytes returned
 * then fit in width - 1 columns, without trailing spaces, and the caller
 * draws U+2026 after them.
 */
size_t
tui_text_fit_ellipsis(const char *utf8, int width, int *ellipsis)
{
    size_t len = strlen(utf8);
    size_t keep;

    *ellipsis = 0;
    if (tui_text_columns(utf8, len) <= width) {
        return len;
    }
    if (width < 1) {
        return 0;
    }
    keep = tui_text_fit(utf8, width - 1);
    while (keep > 0 && utf8[keep - 1] == ' ') {
        keep--;
    }
    *ellipsis = 1;
    return keep;
}

/*
 * Draw UTF-8 text at (y, x) in width columns, ending with "…" when it is
 * cut. Returns the columns drawn. Control characters and invalid bytes are
 * drawn as U+FFFD.
 */
int
tui_draw_text(int y, int x, int width, enum tui_colour colour, const char *utf8)
{
    int ellipsis;
    size_t len = tui_text_fit_ellipsis(utf8, width, &ellipsis);
    size_t offset = 0;
    int total = 0;
    wchar_t line[512];
    int count = 0;
    int capacity = (int)(sizeof(line) / sizeof(line[0])) - 1;

    while (offset < len && count < capacity) {
        wchar_t wc;
        int columns;

        offset += decode_char(utf8 + offset, len - offset, &wc, &columns);
        line[count++] = wc;
        total += columns;
    }
    if (ellipsis) {
        line[count++] = 0x2026;
        total++;
    }

    if (count > 0) {
        attrset(palette_attrs[colour]);
        mvaddnwstr(y, x, line, count);
        attrset(A_NORMAL);
    }
    return total;
}

/* Draw UTF-8 text aligned on the right edge of the width columns. */
void
tui_draw_text_right(int y, int x, int width, enum tui_colour colour,
                    const char *utf8)
{
    int columns = tui_text_columns(utf8, strlen(utf8));

    if (columns > width) {
        columns = width;
    }
    tui_draw_text(y, x + width - columns, columns, colour, utf8);
}

/* Draw UTF-8 text centred in the width columns. */
void
tui_draw_text_centred(int y, int x, int width, enum tui_colour colour,
                      const char *utf8)
{
    int columns = tui_text_columns(utf8, strlen(utf8));
    int shift = columns < width ? (width - columns) / 2 : 0;

    tui_draw_text(y, x + shift, width - shift, colour, utf8);
}

/* Fill width columns with spaces in the given colour. */
void
tui_draw_fill(int y, int x, int width, enum tui_colour colour)
{
    if (width <= 0) {
        return;
    }
    mvhline(y, x, (chtype)' ' | palette_attrs[colour], width);
}

/* Show the terminal cursor at (y, x) once this redraw is output; it is
 * hidden otherwise. */
void
tui_draw_cursor(struct tui_app *app, int y, int x)
{
    app->show_cursor = 1;
    app->cursor_y = y;
    app->cursor_x = x;
}

/*
 * Draw one territory on a line: name, level, code and population. Narrow
 * lines drop the population, then the code, so that the name keeps at
 * least NAME_MIN_COLUMNS.
 */
#define NAME_MIN_COLUMNS 20
#define NAME_MAX_COLUMNS 56
#define LEVEL_COLUMNS 18
#define LEVEL_NARROW_COLUMNS 12
#define CODE_COLUMNS 10
#define POPULATION_COLUMNS 16

void
tui_draw_territory(const struct tui_rect *line,
                   const struct territory *territory, int selected, int french)
{
    enum tui_colour text = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    enum tui_colour dim = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_DIM;
    int width = line->width - 2;
    int x = line->x + 1;
    int level_width;
    int show_population;
    int show_code;
    int name_width;
    char level[64];
    char population[64];

    /* Below 60 columns the level is cut to "EPCI (Métro" so that the
     * name keeps two thirds of the line. */
    level_width = width < 60 ? LEVEL_NARROW_COLUMNS : LEVEL_COLUMNS;
    show_population = width >= NAME_MIN_COLUMNS + level_width + CODE_COLUMNS +
                                   POPULATION_COLUMNS;
    show_code = width >= NAME_MIN_COLUMNS + level_width + CODE_COLUMNS;
    name_width = width - level_width;
    name_width -= show_code ? CODE_COLUMNS : 0;
    name_width -= show_population ? POPULATION_COLUMNS : 0;
    if (name_width > NAME_MAX_COLUMNS) {
        name_width = NAME_MAX_COLUMNS;
    }

    tui_draw_text(line->y, x, name_width - 1, text, territory->name);
    x += name_width;
    tui_format_level(level, sizeof(level), territory);
    tui_draw_text(line->y, x, level_width - 1, dim, level);
    x += level_width;
    if (show_code) {
        tui_draw_text(line->y, x, CODE_COLUMNS - 1, dim, territory->code);
        x += CODE_COLUMNS;
    }
    if (show_population) {
        tui_format_population(population, sizeof(population),
                              territory->population, french);
        tui_draw_text_right(line->y, x, POPULATION_COLUMNS, text, population);
    }
}
