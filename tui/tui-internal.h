/*
 * terrish: declarations shared by the files of the terminal application
 * (screen operations, application context, widgets, drawing helpers).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Only tui.c and draw.c call curses functions. Screens and widgets use
 * only its KEY_* constants: they draw through the tui_draw_* helpers with
 * the named colours of enum tui_colour, and receive keys as struct tui_key.
 */
#ifndef TERRISH_TUI_INTERNAL_H
#define TERRISH_TUI_INTERNAL_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#include "common/hub.h"
#include "store/store.h"
#include "tui/tui.h"

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)

/* Smallest terminal that the screens are laid out for. */
#define TUI_MIN_COLUMNS 40
#define TUI_MIN_LINES 12

/* Deepest screen stack: picker, summaries opened from summaries, help. */
#define TUI_STACK_MAX 32

/* Named colours of the palette (see draw.c for the 256, 8 and mono sets). */
enum tui_colour {
    TUI_COLOUR_NORMAL,
    TUI_COLOUR_TITLE,    /* top line */
    TUI_COLOUR_STATUS,   /* bottom line */
    TUI_COLOUR_SELECTED, /* highlighted line of a list */
    TUI_COLOUR_HEADING,  /* section titles and labels */
    TUI_COLOUR_DIM,      /* secondary text: codes, sources, hints */
    TUI_COLOUR_ALERT,    /* errors and warnings */
    TUI_COLOUR_INPUT,    /* text field */
    TUI_COLOUR_COUNT
};

/* Flags returned by key handlers. */
enum {
    TUI_KEY_HANDLED = 1 << 0, /* the key was used */
    TUI_KEY_REDRAW = 1 << 1,  /* the screen must be drawn again */
    TUI_KEY_QUIT = 1 << 2,    /* leave the application */
    TUI_KEY_BACK = 1 << 3,    /* close the current screen */
};

/* Control characters and Escape as delivered in raw mode. */
#define TUI_CTRL(letter) ((letter)&0x1f)
#define TUI_ESCAPE 27
#define TUI_DELETE 127

/*
 * One key press: a curses function key (KEY_UP, KEY_RESIZE...) when
 * function is set, otherwise a Unicode character or control character.
 */
struct tui_key {
    int function;
    unsigned int code;
};

/* A rectangle of the terminal, in lines and columns. */
struct tui_rect {
    int y;
    int x;
    int height;
    int width;
};

/*
 * One line of a help table: the keys and what they do, both message ids
 * translated when drawn. A line with keys NULL and text set is a section
 * heading. The table ends with both NULL.
 */
struct tui_key_help {
    const char *keys;
    const char *text;
};

struct tui_app;

/*
 * Operations of one screen. The loop calls a screen only through this
 * table. create returns the screen state, or NULL after setting the
 * application message. Every other operation receives that state.
 */
struct tui_screen_ops {
    const char *name; /* for logs */
    void *(*create)(struct tui_app *app, const void *arg);
    /* Title shown after "terrish — " on the top line. */
    const char *(*title)(struct tui_app *app, void *state);
    void (*draw)(struct tui_app *app, void *state, const struct tui_rect *body);
    /* Returns TUI_KEY_* flags; 0 lets the global keys apply. */
    int (*key)(struct tui_app *app, void *state, const struct tui_key *key);
    /* Optional: the body changed size. */
    void (*resize)(struct tui_app *app, void *state,
                   const struct tui_rect *body);
    /* Optional: returns 1 while a text field takes every printable key. */
    int (*typing)(void *state);
    /* Optional: does one short step of work left (such as computing one
     * value) while no key is waiting. Returns TUI_KEY_* flags, 0 when no
     * work is left. */
    int (*idle)(struct tui_app *app, void *state);
    /* Optional: a message of the notification hub (another session
     * changed a dashboard, presence). Called for every screen of the
     * stack, the top one last; a screen that must be drawn again sets
     * app->dirty. */
    void (*hub_event)(struct tui_app *app, void *state,
                      const struct hub_event *event);
    const struct tui_key_help *help;
    void (*free)(void *state);
    /* 1 when the body shows the current territory itself, with its level
     * (the picker's highlighted line): the status line then leaves it
     * out, so that moving in the list does not redraw it too. */
    int body_shows_current;
};

struct tui_frame {
    const struct tui_screen_ops *ops;
    void *state;
    int closed; /* tui_app_close_screen: popped once it is on top */
};

/* State of one running application (one per session process). */
struct tui_app {
    struct store *store;
    const char *user_name; /* may be NULL */
    int french;            /* 1 for French messages and number formats */
    const char *command_prefix; /* see struct tui_options */
    struct hub_client *hub;     /* NULL without a hub */

    struct tui_frame stack[TUI_STACK_MAX];
    size_t depth;

    struct territory current; /* shown in the status bar; name NULL if none */
    char *message;            /* one-shot status message, or NULL */
    int message_is_error;

    struct tui_rect body; /* area between the title and the status line */
    int show_cursor;      /* set by tui_draw_cursor during a redraw */
    int cursor_y;
    int cursor_x;
    int dirty;
    int idle_pending; /* the top screen may have idle work left */
    /* Screens that follow each hub topic (bit 0: HUB_TOPIC_DASHBOARDS,
     * bit 1: HUB_TOPIC_STRATEGIES), for tui_app_follow. */
    unsigned int followers[2];

    /* The user of the application (admin.c): the account's role and
     * région, and the actor that the audit log records for its actions.
     * The local terrish ui without --user is the server's operator, with
     * ROLE_ADMIN. */
    enum user_role role;
    char region[8];
    struct audit_actor actor;
};

/* Screens. */
extern const struct tui_screen_ops tui_screen_picker;
extern const struct tui_screen_ops tui_screen_summary;
extern const struct tui_screen_ops tui_screen_help;
extern const struct tui_screen_ops tui_screen_indicators;
extern const struct tui_screen_ops tui_screen_analysis;
extern const struct tui_screen_ops tui_screen_dashboards;
extern const struct tui_screen_ops tui_screen_dashboard;
extern const struct tui_screen_ops tui_screen_dashboard_share;
extern const struct tui_screen_ops tui_screen_strategy_share;
extern const struct tui_screen_ops tui_screen_dashboard_history;
extern const struct tui_screen_ops tui_screen_sheet;
/* The account request form of a login as REQUEST_ACCOUNT; create takes
 * the struct tui_options of the session. */
extern const struct tui_screen_ops tui_screen_request;
/* Administration (screen-admin*.c), for administrators and regional
 * administrators: a menu and one screen per section. */
extern const struct tui_screen_ops tui_screen_admin;
extern const struct tui_screen_ops tui_screen_admin_requests;
extern const struct tui_screen_ops tui_screen_admin_accounts;
extern const struct tui_screen_ops tui_screen_admin_catalogue;
extern const struct tui_screen_ops tui_screen_admin_dashboards;
extern const struct tui_screen_ops tui_screen_admin_audit;

/*
 * Administration access (admin.c). tui_admin_setup() reads the role and
 * région of options->user_name, fills app->actor, and makes the store
 * connection published-only for every role but ROLE_ADMIN. It returns the
 * first screen: tui_screen_request for a login as REQUEST_ACCOUNT, else
 * tui_screen_picker. tui_admin_allowed() is 1 for administrators and
 * regional administrators; tui_admin_key() opens the menu for them
 * (the 'A' key) and returns TUI_KEY_* flags, 0 for everybody else.
 */
const struct tui_screen_ops *tui_admin_setup(struct tui_app *app,
                                             const struct tui_options *options);
int tui_admin_allowed(const struct tui_app *app);
int tui_admin_key(struct tui_app *app);
/* Write the audit row KIND.remove ("dashboard" or "strategy") of an
 * object just removed, with its owner, as app->actor; a failure is
 * logged (admin.c). */
void tui_audit_remove(struct tui_app *app, const char *kind, int64_t id,
                      const char *owner);
/* Returns 1 for the Enter key, whichever way the terminal sends it. */
int tui_key_is_enter(const struct tui_key *key);
/*
 * Draw text wrapped at spaces to width columns from line y, a line feed
 * starting a new line, drawing nothing on line limit and below. Returns
 * the line after the text. Text from another person is safe here, since
 * tui_draw_text() draws control characters as U+FFFD.
 */
int tui_draw_wrapped(int y, int x, int width, int limit, enum tui_colour colour,
                     const char *text);

/* Create argument of tui_screen_indicators. With chosen NULL, Enter opens
 * the analysis screen of the indicator for the current territory. */
struct tui_indicator_choice {
    const char *selected; /* id to select first, or NULL */
    void (*chosen)(struct tui_app *app, void *owner, const char *id);
    void *owner;
};

/* Create argument of tui_screen_analysis. */
struct tui_analysis_arg {
    const struct territory *territory;
    const char *indicator_id;
};

/* Create argument of tui_screen_sheet: what an indicator means, where the
 * territory stands and which levers act on it. */
struct tui_sheet_arg {
    const struct territory *territory;
    const char *indicator_id;
};

/*
 * Create argument of tui_screen_dashboard: a stored dashboard by id, or
 * with theme set the default dashboard of a catalogue theme for a
 * territory, built from the catalogue and read-only until copied. A
 * dashboard opened by its share code (code set) is shown read-only to
 * anyone who has the code.
 */
struct tui_dashboard_arg {
    int64_t id;
    const char *code;     /* the share code typed, or NULL */
    const char *theme;    /* a default dashboard's theme, or NULL */
    int64_t territory_id; /* the default dashboard's territory */
};

/* Create argument of tui_screen_dashboard_share and
 * tui_screen_dashboard_history: the dashboard's id (int64_t, by address).
 * tui_screen_strategy_share takes a strategy's id the same way. */

/* Create argument of tui_screen_picker (by address): open on the search
 * field, and close the screen when the search is closed. */
extern const int tui_picker_search_only;
/* Create argument of tui_screen_picker to choose a territory: the picker
 * opens on the search field, and Enter calls chosen and closes it. */
struct tui_territory_choice {
    void (*chosen)(struct tui_app *app, void *owner,
                   const struct territory *territory);
    void *owner;
};

/* Application (tui.c). */
int tui_app_push(struct tui_app *app, const struct tui_screen_ops *ops,
                 const void *arg);
void tui_app_set_message(struct tui_app *app, int is_error, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
/* Close the screen whose state is given, which can no longer show what it
 * showed (removed, or no longer visible to the account). The loop pops it
 * as soon as it is on top: at once when it is, else when the user comes
 * back to it. Screens above it stay open. */
void tui_app_close_screen(struct tui_app *app, const void *state);
/* Start (follow 1) or stop (follow 0) following a hub topic
 * (HUB_TOPIC_DASHBOARDS or HUB_TOPIC_STRATEGIES) for one screen: the
 * application follows a topic while at least one screen does. */
void tui_app_follow(struct tui_app *app, unsigned int topic, int follow);
/* Tell the other sessions, through the hub, that this session changed a
 * strategy (saved, renamed, shared, made public or private, removed). */
void tui_app_strategy_changed(struct tui_app *app, int64_t strategy_id);
void tui_app_set_current(struct tui_app *app,
                         const struct territory *territory);
void tui_territory_copy(struct territory *dst, const struct territory *src);
const struct tui_key_help *tui_global_help(void);

/* Translated labels and number formats (i18n.c). */
/* Translate a message id with gettext, for the store and strategy code
 * that takes a translation function. */
const char *tui_gettext(const char *msgid);
const char *tui_level_label(enum territory_level level);
void tui_format_level(char *buf, size_t size,
                      const struct territory *territory);
void tui_format_population(char *buf, size_t size, int64_t population,
                           int french);
void tui_format_area(char *buf, size_t size, double area_km2, int french);
void tui_format_density(char *buf, size_t size, int64_t population,
                        double area_km2, int french);
/* The store's last failure message in the application's language, for
 * the screens (logs keep store_error(), in English). */
const char *tui_store_error(struct tui_app *app);

/* The indicators of a territory for its summary (summary-indicators.c). */
enum tui_indicator_state {
    TUI_INDICATOR_PENDING, /* value not computed yet */
    TUI_INDICATOR_DONE,
    TUI_INDICATOR_FAILED, /* the store failed while computing it */
};

struct tui_indicator_row {
    struct indicator indicator;
    struct indicator_result result; /* latest year with a value, else n/a */
    enum tui_indicator_state state;
};

struct tui_indicator_rows {
    struct tui_indicator_row *items;
    size_t count;
    int french; /* language of the names they are sorted by */
};

int tui_indicators_load(struct store *store, int french,
                        struct tui_indicator_rows *out);
int tui_indicators_compute_next(struct store *store,
                                const struct territory *territory,
                                struct tui_indicator_rows *rows);
void tui_indicators_sort(struct tui_indicator_rows *rows, int french);
void tui_indicators_free(struct tui_indicator_rows *rows);
const char *tui_indicator_name(const struct indicator *indicator, int french);
/* The theme and the unit of an indicator, and the unit of a result, in
 * English when french is 0 and the catalogue has the English text. */
const char *tui_indicator_theme(const struct indicator *indicator, int french);
const char *tui_indicator_unit(const struct indicator *indicator, int french);
const char *tui_result_unit(const struct indicator_result *result, int french);
/* A copy of a catalogue theme, given in French, in the language shown: in
 * French, or in English when the catalogue has it. The caller frees it. */
char *tui_theme_name(struct tui_app *app, const char *theme);
void tui_format_indicator_value(char *buf, size_t size,
                                const struct indicator_result *result,
                                int french);
char *tui_indicator_detail(const struct indicator *indicator);

/* Charts drawn into a rectangle (chart-draw.c). */
void tui_format_number(char *buf, size_t size, double value, int french);
void tui_chart_bar_row(int y, int x, int width, int label_columns,
                       const char *label, const struct indicator_result *result,
                       double max, int series, enum tui_colour colour,
                       int french);
int tui_chart_years(const struct tui_rect *area, const int *years,
                    const struct indicator_result *const *values, size_t count,
                    int series, int french);

/* The levers of the didactic sheet (sheet-levers.c). */
size_t tui_sheet_levers(const struct indicator *indicator,
                        const char *const **levers);

/* Palette and drawing (draw.c). */
void tui_palette_init(void);
int tui_palette_colours(void);
int tui_draw_text(int y, int x, int width, enum tui_colour colour,
                  const char *utf8);
void tui_draw_text_right(int y, int x, int width, enum tui_colour colour,
                         const char *utf8);
void tui_draw_text_centred(int y, int x, int width, enum tui_colour colour,
                           const char *utf8);
void tui_draw_fill(int y, int x, int width, enum tui_colour colour);
void tui_draw_cursor(struct tui_app *app, int y, int x);
void tui_draw_territory(const struct tui_rect *line,
                        const struct territory *territory, int selected,
                        int french);
int tui_text_columns(const char *utf8, size_t len);
size_t tui_text_fit(const char *utf8, int width);
size_t tui_text_fit_ellipsis(const char *utf8, int width, int *ellipsis);
size_t tui_text_wrap(const char *text, int width, const char **next);

/*
 * Map and chart colours (draw.c). A fill is a class of a ramp, 0 ..
 * classes - 1, or one of the special fills below. On 256 colours a map
 * cell is a half block, its upper pixel in the foreground colour and its
 * lower pixel in the background colour. On 8 colours and monochrome each
 * class is also given a shading character, so classes stay apart without
 * colour. A cell then shows its lower pixel only, with two exceptions: the
 * cursor shows from either pixel, and a unit in the upper pixel shows over
 * an outside or edge lower pixel.
 */
enum tui_ramp {
    TUI_RAMP_SEQUENTIAL, /* colour-blind-safe, light (low) to dark (high) */
    TUI_RAMP_DIVERGING,  /* for changes: two hues apart from a light middle */
};

enum {
    TUI_FILL_OUTSIDE = -1, /* no unit: the terminal background */
    TUI_FILL_MISSING = -2, /* no value for this unit */
    TUI_FILL_SECRET = -3,  /* withheld by statistical secrecy */
    TUI_FILL_EDGE = -4,    /* boundary between two units */
    TUI_FILL_CURSOR = -5,  /* the unit under the cursor */
};

void tui_draw_map_cell(int y, int x, enum tui_ramp ramp, int classes, int top,
                       int bottom);
/* A legend key of width cells for one fill. */
void tui_draw_swatch(int y, int x, int width, enum tui_ramp ramp, int classes,
                     int fill);
/* One character (a Unicode code point) in a named colour. */
void tui_draw_char(int y, int x, enum tui_colour colour, unsigned int code);
/* The n-th colour of a series in charts (bars, stacked shares, lines),
 * with a shading character for 8 colours and monochrome, n >= 0. */
void tui_draw_series(int y, int x, int width, int series, unsigned int code);
/* UTF-8 text in the colour of a series, as tui_draw_text draws it; used
 * for the names of the people present on a dashboard. */
int tui_draw_text_series(int y, int x, int width, int series,
                         const char *utf8);

/*
 * How the helpers above draw one cell at a colour depth: 256, 8, or 0 for
 * monochrome, as tui_palette_colours returns. A look is a code point,
 * foreground and background colours, and TUI_LOOK_* attributes. Colours
 * are xterm indexes on 256 colours and curses COLOR_* numbers on 8, with
 * -1 for the terminal default. These functions call no curses, so tests
 * can check the looks.
 */
enum {
    TUI_LOOK_BOLD = 1 << 0,
    TUI_LOOK_REVERSE = 1 << 1,
};

struct tui_look {
    unsigned int code;
    short fg;
    short bg;
    int attrs;
};

void tui_look_map_cell(int depth, enum tui_ramp ramp, int classes, int top,
                       int bottom, struct tui_look *look);
void tui_look_series(int depth, int series, unsigned int code,
                     struct tui_look *look);

/* Scrollable selectable list (widget-list.c). */
struct tui_list {
    size_t count;
    size_t selected; /* meaningless when count is 0 */
    size_t top;      /* first visible item */
};

/* Draws item index on one line; selected is 1 for the highlighted item. */
typedef void (*tui_list_draw_fn)(struct tui_app *app, void *arg, size_t index,
                                 const struct tui_rect *line, int selected);

void tui_list_reset(struct tui_list *list, size_t count);
void tui_list_select(struct tui_list *list, size_t index, int visible);
int tui_list_key(struct tui_list *list, const struct tui_key *key, int visible,
                 int vi_keys);
void tui_list_draw(struct tui_app *app, struct tui_list *list,
                   const struct tui_rect *area, tui_list_draw_fn draw_item,
                   void *arg);

/* One-line UTF-8 text field (widget-input.c). */
#define TUI_INPUT_MAX 512

struct tui_input {
    char text[TUI_INPUT_MAX]; /* UTF-8, NUL-terminated */
    size_t length;            /* bytes */
    size_t cursor;            /* byte offset, always at a character start */
    /* Bytes the text may have, or 0 for TUI_INPUT_MAX - 1. A character
     * that would go over it is not inserted (TUI_INPUT_FULL). */
    size_t max_length;
};

/* Flags returned by tui_input_key besides TUI_KEY_HANDLED. */
#define TUI_INPUT_CHANGED (1 << 8)
/* A character was not inserted because the field is full. */
#define TUI_INPUT_FULL (1 << 9)

void tui_input_clear(struct tui_input *input);
int tui_input_insert(struct tui_input *input, unsigned int codepoint);
int tui_input_set(struct tui_input *input, const char *utf8);
int tui_input_key(struct tui_input *input, const struct tui_key *key);
void tui_input_draw(struct tui_app *app, const struct tui_input *input,
                    const struct tui_rect *line, const char *prompt);

#endif
