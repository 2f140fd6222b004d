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
static int palette_default_ok; /* -1 may be used in colour pairs */

static void pairs_reset(void);

/* Choose the attributes of each named colour for this terminal: 256
 * colours, 8 colours, or monochrome attributes when has_colors() fails. */
void
tui_palette_init(void)
{
    int use_256;
    int default_ok;
    int i;

    palette_depth = 0;
    palette_default_ok = 0;
    pairs_reset();
    if (!has_colors() || start_color() == ERR) {
        for (i = 0; i < TUI_COLOUR_COUNT; i++) {
            palette_attrs[i] = palette[i].mono;
        }
        return;
    }

    default_ok = use_default_colors() == OK;
    use_256 = COLORS >= 256 && COLOR_PAIRS > TUI_COLOUR_COUNT;
    palette_depth = use_256 ? 256 : 8;
    palette_default_ok = default_ok;
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
static int
draw_text_attrs(int y, int x, int width, attr_t attrs, short pair,
                const char *utf8)
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
        attr_set(attrs, pair, NULL);
        mvaddnwstr(y, x, line, count);
        attrset(A_NORMAL);
    }
    return total;
}

int
tui_draw_text(int y, int x, int width, enum tui_colour colour, const char *utf8)
{
    attr_t attrs = palette_attrs[colour];

    return draw_text_attrs(y, x, width, attrs & ~A_COLOR,
                           (short)PAIR_NUMBER(attrs), utf8);
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
    /* The level and the code share one run of the dim colour, gap
     * included: redrawing the line then changes colour twice, not four
     * times. */
    tui_draw_fill(line->y, x, level_width - 1 + (show_code ? CODE_COLUMNS : 0),
                  dim);
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

/*
 * Map and chart colours. The ramps have 9 steps, and k classes use the
 * steps i * 8 / (k - 1) rounded, so 5 classes take steps 0, 2, 4, 6 and 8.
 * A diverging ramp with an odd number of classes thus keeps the light
 * middle step 4 for its middle class.
 */
#define RAMP_STEPS 9

#define GLYPH_UPPER_HALF 0x2580u  /* ▀ */
#define GLYPH_LOWER_HALF 0x2584u  /* ▄ */
#define GLYPH_FULL 0x2588u        /* █ */
#define GLYPH_LIGHT 0x2591u       /* ░ */
#define GLYPH_MEDIUM 0x2592u      /* ▒ */
#define GLYPH_DARK 0x2593u        /* ▓ */
#define GLYPH_QUADRANT_1 0x2597u  /* ▗ */
#define GLYPH_QUADRANTS_2 0x259au /* ▚ */
#define GLYPH_QUADRANTS_3 0x259bu /* ▛ */
#define GLYPH_DOT 0x00b7u         /* · */
#define GLYPH_HATCH 0x2571u       /* ╱ */

/*
 * 256 colours: xterm indexes picked from the 6x6x6 cube and the grey ramp.
 * The sequential ramp goes from pale yellow through green and cyan to dark
 * blue, with CIELAB lightness 99, 96, 82, 78, 65, 52, 40, 20 and 8. It
 * darkens at each step, along the yellow-to-blue axis that red-green
 * colour blindness keeps. The diverging ramp runs from dark orange to a
 * light grey middle to dark purple, lightness 49, 63, 78, 88, 94, 87, 73,
 * 58 and 24.
 */
static const short ramp256[][RAMP_STEPS] = {
    [TUI_RAMP_SEQUENTIAL] = {230, 193, 151, 44, 37, 31, 25, 19, 17},
    [TUI_RAMP_DIVERGING] = {130, 172, 215, 223, 255, 189, 146, 103, 54},
};

/* Grey fills, each distinct from the other fills and from the ramps. */
#define MISSING256_BG 250 /* light grey under a middle dot */
#define MISSING256_FG 240
#define SECRET256_BG 246 /* mid grey under a hatch */
#define SECRET256_FG 235
#define EDGE256 238 /* dark grey */

/* Cursor: a saturated hue that the ramp does not contain. */
static const short cursor256[] = {
    [TUI_RAMP_SEQUENTIAL] = 196, /* red */
    [TUI_RAMP_DIVERGING] = 46,   /* green */
};

/* A shading character over a background, for 8 colours. */
struct shade {
    unsigned int code;
    short fg;
    short bg;
};

/*
 * 8 colours: a shading character over a background, so that the share of
 * the darker colour in the cell grows by steps and each class has its own
 * lightness even where hues are hard to tell apart. The sequential ramp
 * darkens from white through cyan to blue. The diverging one goes from red
 * to a white middle to blue, with stippled shades on the red side and
 * quadrant blocks on the blue side, so the two sides also differ in
 * texture.
 */
static const struct shade ramp8[][RAMP_STEPS] = {
    [TUI_RAMP_SEQUENTIAL] =
        {
            {GLYPH_LIGHT, COLOR_CYAN, COLOR_WHITE},
            {GLYPH_MEDIUM, COLOR_CYAN, COLOR_WHITE},
            {GLYPH_DARK, COLOR_CYAN, COLOR_WHITE},
            {' ', COLOR_BLACK, COLOR_CYAN},
            {GLYPH_LIGHT, COLOR_BLUE, COLOR_CYAN},
            {GLYPH_MEDIUM, COLOR_BLUE, COLOR_CYAN},
            {GLYPH_DARK, COLOR_BLUE, COLOR_CYAN},
            {' ', COLOR_BLACK, COLOR_BLUE},
            {GLYPH_MEDIUM, COLOR_BLACK, COLOR_BLUE},
        },
    [TUI_RAMP_DIVERGING] =
        {
            {' ', COLOR_BLACK, COLOR_RED},
            {GLYPH_DARK, COLOR_RED, COLOR_WHITE},
            {GLYPH_MEDIUM, COLOR_RED, COLOR_WHITE},
            {GLYPH_LIGHT, COLOR_RED, COLOR_WHITE},
            {' ', COLOR_BLACK, COLOR_WHITE},
            {GLYPH_QUADRANT_1, COLOR_BLUE, COLOR_WHITE},
            {GLYPH_QUADRANTS_2, COLOR_BLUE, COLOR_WHITE},
            {GLYPH_QUADRANTS_3, COLOR_BLUE, COLOR_WHITE},
            {' ', COLOR_BLACK, COLOR_BLUE},
        },
};

/*
 * Monochrome: characters alone. The sequential ramp gains ink at about
 * each step, from ASCII to the shade blocks. The diverging one uses the
 * blocks on its low side and ASCII on its high side, around '-' in the
 * middle.
 */
static const unsigned int ramp_mono[][RAMP_STEPS] = {
    [TUI_RAMP_SEQUENTIAL] = {'-', '=', '+', '*', '#', GLYPH_LIGHT, GLYPH_MEDIUM,
                             GLYPH_DARK, GLYPH_FULL},
    [TUI_RAMP_DIVERGING] = {GLYPH_FULL, GLYPH_DARK, GLYPH_MEDIUM, GLYPH_LIGHT,
                            '-', ':', '+', '#', '@'},
};

/*
 * Chart series on 256 colours: the Okabe-Ito set without its black
 * (orange, sky blue, bluish green, blue, vermillion, reddish purple,
 * yellow), each as its nearest xterm index in CIELAB. The set was made to
 * stay apart under the common colour blindnesses. Yellow comes last
 * because it fades on light backgrounds.
 */
static const short series256[] = {214, 74, 36, 32, 166, 175, 227};
static const short series8[] = {COLOR_BLUE, COLOR_YELLOW,  COLOR_RED,
                                COLOR_CYAN, COLOR_MAGENTA, COLOR_GREEN};
/* Full blocks of series past the colours: the next turns get shades. */
static const unsigned int series_turn_shades[] = {GLYPH_DARK, GLYPH_MEDIUM,
                                                  GLYPH_LIGHT};
static const unsigned int series_mono[] = {
    GLYPH_FULL, GLYPH_LIGHT, GLYPH_DARK, GLYPH_MEDIUM, '#', '=', '+', ':'};

#define LEN(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* The ramp step of class fill out of classes. */
static int
ramp_step(int classes, int fill)
{
    if (classes <= 1) {
        return RAMP_STEPS / 2;
    }
    if (classes > RAMP_STEPS) {
        classes = RAMP_STEPS;
    }
    if (fill >= classes) {
        fill = classes - 1;
    }
    return (fill * (RAMP_STEPS - 1) + (classes - 1) / 2) / (classes - 1);
}

static enum tui_ramp
ramp_checked(enum tui_ramp ramp)
{
    return ramp == TUI_RAMP_DIVERGING ? TUI_RAMP_DIVERGING
                                      : TUI_RAMP_SEQUENTIAL;
}

static void
look_set(struct tui_look *look, unsigned int code, short fg, short bg,
         int attrs)
{
    look->code = code;
    look->fg = fg;
    look->bg = bg;
    look->attrs = attrs;
}

/* A cell wholly covered by one fill. */
static void
look_fill(int depth, enum tui_ramp ramp, int classes, int fill,
          struct tui_look *look)
{
    ramp = ramp_checked(ramp);
    if (fill >= 0) {
        int step = ramp_step(classes, fill);

        if (depth >= 256) {
            look_set(look, ' ', -1, ramp256[ramp][step], 0);
        } else if (depth >= 8) {
            const struct shade *shade = &ramp8[ramp][step];

            look_set(look, shade->code, shade->fg, shade->bg, 0);
        } else {
            look_set(look, ramp_mono[ramp][step], -1, -1, 0);
        }
        return;
    }

    switch (fill) {
    case TUI_FILL_MISSING:
        if (depth >= 256) {
            look_set(look, GLYPH_DOT, MISSING256_FG, MISSING256_BG, 0);
        } else if (depth >= 8) {
            look_set(look, GLYPH_DOT, COLOR_BLACK, COLOR_WHITE, 0);
        } else {
            look_set(look, GLYPH_DOT, -1, -1, 0);
        }
        break;
    case TUI_FILL_SECRET:
        if (depth >= 256) {
            look_set(look, GLYPH_HATCH, SECRET256_FG, SECRET256_BG, 0);
        } else if (depth >= 8) {
            look_set(look, GLYPH_HATCH, COLOR_BLACK, COLOR_WHITE, 0);
        } else {
            look_set(look, GLYPH_HATCH, -1, -1, 0);
        }
        break;
    case TUI_FILL_EDGE:
        if (depth >= 256) {
            look_set(look, ' ', -1, EDGE256, 0);
        } else if (depth >= 8) {
            look_set(look, ' ', -1, COLOR_BLACK, 0);
        } else {
            look_set(look, ' ', -1, -1, 0);
        }
        break;
    case TUI_FILL_CURSOR:
        if (depth >= 256) {
            look_set(look, ' ', -1, cursor256[ramp], 0);
        } else if (depth >= 8) {
            look_set(look, ' ', -1, COLOR_YELLOW, 0);
        } else {
            look_set(look, 'X', -1, -1, TUI_LOOK_REVERSE | TUI_LOOK_BOLD);
        }
        break;
    default: /* TUI_FILL_OUTSIDE and unknown fills */
        look_set(look, ' ', -1, -1, 0);
        break;
    }
}

/* Returns 1 for a fill that belongs to a unit (a class, missing, secret or
 * the cursor), 0 for outside and edges. */
static int
fill_is_unit(int fill)
{
    return fill >= 0 || fill == TUI_FILL_MISSING || fill == TUI_FILL_SECRET ||
           fill == TUI_FILL_CURSOR;
}

/*
 * On 256 colours a cell is a half block: the upper pixel's colour over the
 * lower one's. A cell of one fill is drawn as that fill (a space, or its
 * pattern), and an outside upper pixel uses the lower half block so that
 * it keeps the terminal background. On fewer colours the cell shows one
 * pixel: the cursor if either pixel has it, else the lower pixel unless it
 * is outside or an edge under a unit.
 */
void
tui_look_map_cell(int depth, enum tui_ramp ramp, int classes, int top,
                  int bottom, struct tui_look *look)
{
    struct tui_look upper;
    struct tui_look lower;

    if (depth < 256) {
        int pixel = bottom;

        if (top == TUI_FILL_CURSOR ||
            (!fill_is_unit(bottom) && fill_is_unit(top))) {
            pixel = top;
        }
        look_fill(depth, ramp, classes, pixel, look);
        return;
    }

    look_fill(depth, ramp, classes, top, &upper);
    look_fill(depth, ramp, classes, bottom, &lower);
    if (top == bottom ||
        (upper.code == ' ' && lower.code == ' ' && upper.bg == lower.bg)) {
        *look = lower;
    } else if (upper.bg == -1) {
        look_set(look, GLYPH_LOWER_HALF, lower.bg, -1, 0);
    } else {
        look_set(look, GLYPH_UPPER_HALF, upper.bg, lower.bg, 0);
    }
}

/*
 * Series n takes colour n modulo the colours of the depth. Past them, its
 * full blocks become shades so that series n and n + 7 (n + 6 on 8
 * colours) differ. In monochrome full blocks become the series' own
 * character, and other characters (braille dots, eighth blocks) are bold
 * for odd series.
 */
void
tui_look_series(int depth, int series, unsigned int code, struct tui_look *look)
{
    const short *colours = depth >= 256 ? series256 : series8;
    int count = depth >= 256 ? LEN(series256) : LEN(series8);
    int turn;

    if (series < 0) {
        series = 0;
    }
    if (depth < 8) {
        if (code == GLYPH_FULL) {
            look_set(look, series_mono[series % LEN(series_mono)], -1, -1, 0);
        } else {
            look_set(look, code, -1, -1, series % 2 ? TUI_LOOK_BOLD : 0);
        }
        return;
    }

    turn = series / count;
    if (turn > 0 && code == GLYPH_FULL) {
        code = series_turn_shades[(turn - 1) % LEN(series_turn_shades)];
    }
    look_set(look, code, colours[series % count], -1, 0);
}

/* Colour pairs made on first use, indexed by foreground and background
 * plus one (so that -1, the default colour, is index 0). 0 is not made
 * yet. The pairs of the named colours come first. */
static short pair_cache[257][257];
static int pair_next;
static int pair_limit;

static void
pairs_reset(void)
{
    memset(pair_cache, 0, sizeof(pair_cache));
    pair_next = TUI_COLOUR_COUNT;
    pair_limit = 0;
}

/* sRGB of a colour index: the xterm 6x6x6 cube and grey ramp, and for
 * the 16 basic colours an approximation with 205 (255 when bright) in each
 * of their red, green and blue bits. -1 counts as black. */
static void
colour_rgb(int colour, int rgb[3])
{
    static const int cube[6] = {0, 95, 135, 175, 215, 255};
    int i;

    if (colour >= 232) {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (colour - 232);
    } else if (colour >= 16) {
        rgb[0] = cube[(colour - 16) / 36];
        rgb[1] = cube[(colour - 16) / 6 % 6];
        rgb[2] = cube[(colour - 16) % 6];
    } else if (colour >= 0) {
        int level = colour >= 8 ? 255 : 205;

        for (i = 0; i < 3; i++) {
            rgb[i] = (colour & (1 << i)) ? level : 0;
        }
    } else {
        rgb[0] = rgb[1] = rgb[2] = 0;
    }
}

static long
colour_distance(int a, int b)
{
    int x[3];
    int y[3];
    long total = 0;
    int i;

    colour_rgb(a, x);
    colour_rgb(b, y);
    for (i = 0; i < 3; i++) {
        total += (long)(x[i] - y[i]) * (x[i] - y[i]);
    }
    return total;
}

/* The made pair nearest to fg on bg, or -1 when there is none. A colour
 * is never replaced by the terminal default or the reverse, so a unit
 * cannot turn into the outside of the map. */
static int
pair_nearest(short fg, short bg)
{
    long best_distance = -1;
    int best = -1;
    int pair;

    for (pair = TUI_COLOUR_COUNT; pair < pair_next; pair++) {
        short pair_fg;
        short pair_bg;
        long distance;

        if (pair_content((short)pair, &pair_fg, &pair_bg) == ERR ||
            (fg < 0) != (pair_fg < 0) || (bg < 0) != (pair_bg < 0)) {
            continue;
        }
        distance = colour_distance(fg, pair_fg) + colour_distance(bg, pair_bg);
        if (best == -1 || distance < best_distance) {
            best = pair;
            best_distance = distance;
        }
    }
    return best;
}

/*
 * The colour pair of fg on bg, made with init_pair on first use and kept.
 * When the terminal has no pair left, the nearest pair made so far is used
 * instead. Returns -1 when no pair can be had.
 */
static int
pair_get(short fg, short bg)
{
    short *cached;
    int pair;

    if (!palette_default_ok) {
        fg = fg < 0 ? COLOR_WHITE : fg;
        bg = bg < 0 ? COLOR_BLACK : bg;
    }
    if (fg == -1 && bg == -1) {
        return 0;
    }
    if (fg < -1 || fg > 255 || bg < -1 || bg > 255) {
        return -1;
    }
    cached = &pair_cache[fg + 1][bg + 1];
    if (*cached != 0) {
        return *cached;
    }

    /* init_pair takes a short pair number. */
    if (pair_limit == 0) {
        pair_limit = COLOR_PAIRS < 32767 ? COLOR_PAIRS : 32767;
    }
    pair = -1;
    if (pair_next < pair_limit && init_pair((short)pair_next, fg, bg) == OK) {
        pair = pair_next++;
    } else {
        pair = pair_nearest(fg, bg);
    }
    if (pair > 0) {
        *cached = (short)pair;
    }
    return pair;
}

/*
 * Draw count copies of a look from (y, x). Returns -1, drawing nothing,
 * when the look needs a colour pair that cannot be had.
 */
static int
look_draw(int y, int x, int count, const struct tui_look *look)
{
    cchar_t cell;
    wchar_t text[2];
    attr_t attrs = A_NORMAL;
    int pair = 0;

    if (count <= 0) {
        return 0;
    }
    if (palette_depth > 0) {
        pair = pair_get(look->fg, look->bg);
        if (pair < 0) {
            return -1;
        }
    }
    if (look->attrs & TUI_LOOK_BOLD) {
        attrs |= A_BOLD;
    }
    if (look->attrs & TUI_LOOK_REVERSE) {
        attrs |= A_REVERSE;
    }

    text[0] = (wchar_t)look->code;
    text[1] = L'\0';
    if (setcchar(&cell, text, attrs, (short)pair, NULL) == ERR) {
        return -1;
    }
    mvhline_set(y, x, &cell, count);
    return 0;
}

void
tui_draw_map_cell(int y, int x, enum tui_ramp ramp, int classes, int top,
                  int bottom)
{
    struct tui_look look;

    tui_look_map_cell(palette_depth, ramp, classes, top, bottom, &look);
    if (look_draw(y, x, 1, &look) == -1) {
        tui_look_map_cell(0, ramp, classes, top, bottom, &look);
        look_draw(y, x, 1, &look);
    }
}

void
tui_draw_swatch(int y, int x, int width, enum tui_ramp ramp, int classes,
                int fill)
{
    struct tui_look look;

    tui_look_map_cell(palette_depth, ramp, classes, fill, fill, &look);
    if (look_draw(y, x, width, &look) == -1) {
        tui_look_map_cell(0, ramp, classes, fill, fill, &look);
        look_draw(y, x, width, &look);
    }
}

void
tui_draw_char(int y, int x, enum tui_colour colour, unsigned int code)
{
    cchar_t cell;
    wchar_t text[2];
    attr_t attrs = palette_attrs[colour];

    text[0] = (wchar_t)code;
    text[1] = L'\0';
    if (setcchar(&cell, text, attrs & ~A_COLOR, (short)PAIR_NUMBER(attrs),
                 NULL) == ERR) {
        return;
    }
    mvhline_set(y, x, &cell, 1);
}

/* Draw width copies of code in the colour of a series. A space stays a
 * space, so the padding after a bar from chart_bar stays blank. */
void
tui_draw_series(int y, int x, int width, int series, unsigned int code)
{
    struct tui_look look;

    tui_look_series(palette_depth, series, code, &look);
    if (look_draw(y, x, width, &look) == -1) {
        tui_look_series(0, series, code, &look);
        look_draw(y, x, width, &look);
    }
}

/* The text is bold, in the series' colour where the terminal has colours,
 * so that a name stands out from the text around it. */
int
tui_draw_text_series(int y, int x, int width, int series, const char *utf8)
{
    struct tui_look look;
    int pair = 0;

    tui_look_series(palette_depth, series, 'x', &look);
    if (palette_depth > 0) {
        pair = pair_get(look.fg, look.bg);
        if (pair < 0) {
            pair = 0;
        }
    }
    return draw_text_attrs(y, x, width, A_BOLD, (short)pair, utf8);
}
