/*
 * terrish: start of the terminal application, the screen stack and the
 * main loop (keys, resize, signals, redraw).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The loop waits with poll(2) on the terminal and the hub socket together,
 * for at most LOOP_TIMEOUT_MS, so that it notices a SIGTERM or SIGHUP flag
 * soon and handles a key or a hub message as soon as it arrives. curses
 * then reads the keys without waiting (wtimeout 0): it still waits
 * ESCAPE_DELAY_MS after an Escape for the rest of a sequence. SIGWINCH is
 * blocked except inside ppoll(2), so a resize always interrupts the wait
 * and curses returns KEY_RESIZE at once. Each key goes
 * to the top screen, then to the global keys; each hub event goes to
 * every screen that takes them. The screen is redrawn at most once per
 * turn, and only when something changed.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* Page cache of the application's store connection, in KiB. */
#define TUI_STORE_CACHE_KIB 256
#define LOOP_TIMEOUT_MS 250
#define ESCAPE_DELAY_MS 25

static volatile sig_atomic_t stop_requested;  /* SIGTERM */
static volatile sig_atomic_t hangup_received; /* SIGHUP */
/* Signal mask while the loop waits: the one in force before SIGWINCH was
 * blocked. */
static sigset_t wait_mask;

static const struct tui_key_help global_help[] = {
    {NULL, N_("Everywhere")},
    {N_("Esc, Backspace, Left, h, Ctrl-C"), N_("go back")},
    {"?", N_("help for this screen")},
    {"L", N_("switch between French and English")},
    {"D", N_("dashboards: yours, those shared with you, the public ones "
             "and the default ones (except on the strategy screens, where "
             "D duplicates a strategy)")},
    {"q", N_("quit (except while typing)")},
    {NULL, NULL},
};

/* Record the signal so that the loop acts on it. */
static void
on_signal(int signo)
{
    if (signo == SIGTERM) {
        stop_requested = 1;
    } else if (signo == SIGHUP) {
        hangup_received = 1;
    }
}

/* Install the SIGTERM and SIGHUP handlers, keeping the previous ones. They
 * are installed before curses starts so that ncurses keeps them. */
static void
signals_install(struct sigaction *old_term, struct sigaction *old_hup)
{
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, old_term);
    sigaction(SIGHUP, &action, old_hup);
}

/* Copy a territory, duplicating its strings. */
void
tui_territory_copy(struct territory *dst, const struct territory *src)
{
    *dst = *src;
    dst->name = src->name != NULL ? xstrdup(src->name) : NULL;
    dst->kind = src->kind != NULL ? xstrdup(src->kind) : NULL;
}

/* Set the territory shown in the status bar, or none when NULL. */
void
tui_app_set_current(struct tui_app *app, const struct territory *territory)
{
    if (territory != NULL && app->current.name != NULL &&
        app->current.id == territory->id) {
        return;
    }
    territory_clear(&app->current);
    memset(&app->current, 0, sizeof(app->current));
    if (territory != NULL) {
        tui_territory_copy(&app->current, territory);
    }
}

/* Show a message in the status bar until the next key. */
void
tui_app_set_message(struct tui_app *app, int is_error, const char *fmt, ...)
{
    va_list ap;

    free(app->message);
    va_start(ap, fmt);
    app->message = xvasprintf(fmt, ap);
    va_end(ap);
    app->message_is_error = is_error;
    app->dirty = 1;
    /* An error message is most often a refusal of what the user typed,
     * written in the user's language: it goes to the debug log only. The
     * store logs its own database failures (store_set_db_error()). */
    if (is_error) {
        log_debug("user %s: message shown: %s",
                  app->user_name ? app->user_name : "-", app->message);
    }
}

/* Open a screen on top of the stack. Returns 0, or -1 when the stack is
 * full or the screen could not be created (it has set the message). */
int
tui_app_push(struct tui_app *app, const struct tui_screen_ops *ops,
             const void *arg)
{
    void *state;

    if (app->depth == TUI_STACK_MAX) {
        tui_app_set_message(app, 1, _("Too many screens open: go back first."));
        return -1;
    }
    state = ops->create(app, arg);
    if (state == NULL) {
        return -1;
    }

    app->stack[app->depth].ops = ops;
    app->stack[app->depth].state = state;
    app->stack[app->depth].closed = 0;
    app->depth++;
    app->dirty = 1;
    app->idle_pending = 1;
    log_debug("%s: user %s opened %s", __func__,
              app->user_name ? app->user_name : "-", ops->name);
    return 0;
}

/* Close the top screen, unless it is the last one. */
static void
app_pop(struct tui_app *app)
{
    struct tui_frame *frame;

    if (app->depth <= 1) {
        return;
    }
    frame = &app->stack[--app->depth];
    frame->ops->free(frame->state);
    frame->state = NULL;
    app->dirty = 1;
    app->idle_pending = 1;
}

void
tui_app_close_screen(struct tui_app *app, const void *state)
{
    size_t i;

    for (i = 0; i < app->depth; i++) {
        if (app->stack[i].state == state) {
            app->stack[i].closed = 1;
        }
    }
    app->dirty = 1;
}

/* Pop the screens on top that were closed, keeping the first one. */
static void
app_pop_closed(struct tui_app *app)
{
    while (app->depth > 1 && app->stack[app->depth - 1].closed) {
        log_debug("%s: user %s: %s closed", __func__,
                  app->user_name ? app->user_name : "-",
                  app->stack[app->depth - 1].ops->name);
        app_pop(app);
    }
}

void
tui_app_follow(struct tui_app *app, unsigned int topic, int follow)
{
    unsigned int topics = 0;
    size_t i;

    for (i = 0; i < 2; i++) {
        if (topic == 1u << i) {
            if (follow) {
                app->followers[i]++;
            } else if (app->followers[i] > 0) {
                app->followers[i]--;
            }
        }
        if (app->followers[i] > 0) {
            topics |= 1u << i;
        }
    }
    if (app->hub != NULL) {
        hub_follow(app->hub, topics);
    }
}

void
tui_app_strategy_changed(struct tui_app *app, int64_t strategy_id)
{
    if (app->hub != NULL && hub_strategy_changed(app->hub, strategy_id) != 0) {
        log_warn("user %s: could not tell the hub that strategy %lld changed",
                 app->user_name ? app->user_name : "-", (long long)strategy_id);
    }
}

/* Select the message language: "en" or "fr". LANGUAGE is honoured by glibc
 * because LC_MESSAGES is C.UTF-8 and not plain C. */
static void
app_set_language(struct tui_app *app, const char *lang)
{
    app->french = strcmp(lang, "en") != 0;
    setenv("LANGUAGE", app->french ? "fr" : "en", 1);
    /* Setting the domain again makes gettext drop its cached translations. */
    textdomain("terrish");
}

/* Switch between French and English and save the choice for the account. */
static void
app_toggle_language(struct tui_app *app)
{
    const char *lang;
    int rc;

    lang = app->french ? "en" : "fr";
    app_set_language(app, lang);
    if (app->user_name == NULL) {
        return;
    }

    rc = store_user_set_lang(app->store, app->user_name, lang);
    if (rc != 0) {
        log_warn("user %s: could not save the language %s: %s", app->user_name,
                 lang, rc == -1 ? store_error(app->store) : "no such account");
    }
}

/* Returns 1 when key is one of the keys that go back to the previous
 * screen: Escape, Backspace, Left, h and Ctrl-C. */
static int
key_is_back(const struct tui_key *key)
{
    if (key->function) {
        return key->code == KEY_BACKSPACE || key->code == KEY_LEFT;
    }
    return key->code == TUI_ESCAPE || key->code == TUI_DELETE ||
           key->code == TUI_CTRL('H') || key->code == 'h' ||
           key->code == TUI_CTRL('C');
}

/* Apply the keys that work on every screen. Returns TUI_KEY_* flags. */
static int
app_global_key(struct tui_app *app, const struct tui_key *key)
{
    const struct tui_frame *top = &app->stack[app->depth - 1];

    if (top->ops->typing != NULL && top->ops->typing(top->state)) {
        return 0;
    }
    if (key_is_back(key)) {
        return TUI_KEY_HANDLED | TUI_KEY_BACK;
    }
    if (key->function) {
        return 0;
    }

    switch (key->code) {
    case 'q':
        return TUI_KEY_HANDLED | TUI_KEY_QUIT;
    case '?':
        if (top->ops != &tui_screen_help) {
            tui_app_push(app, &tui_screen_help, top->ops);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'L':
        app_toggle_language(app);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'D':
        if (top->ops != &tui_screen_dashboards) {
            tui_app_push(app, &tui_screen_dashboards, NULL);
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case 'A':
        return tui_admin_key(app);
    }
    return 0;
}

/* Give a key to the top screen, then to the global keys. Returns 1 when
 * the user asked to quit. */
static int
app_dispatch(struct tui_app *app, const struct tui_key *key)
{
    struct tui_frame *top = &app->stack[app->depth - 1];
    int flags;

    if (app->message != NULL) {
        free(app->message);
        app->message = NULL;
        app->dirty = 1;
    }
    /* A screen closed below the one just left takes no key. */
    app_pop_closed(app);
    top = &app->stack[app->depth - 1];

    flags = top->ops->key(app, top->state, key);
    if (!(flags & TUI_KEY_HANDLED)) {
        flags = app_global_key(app, key);
    }
    /* A key may give the screen new work (a point layer to read, another
     * year to compute): its idle step says when there is none. */
    app->idle_pending = 1;
    if (flags & TUI_KEY_REDRAW) {
        app->dirty = 1;
    }
    if (flags & TUI_KEY_BACK) {
        app_pop(app);
        app_pop_closed(app);
    }
    return (flags & TUI_KEY_QUIT) != 0;
}

/* Returns the help table of the keys that work on every screen. */
const struct tui_key_help *
tui_global_help(void)
{
    return global_help;
}

/* Lines at most that a long message takes above the status line. */
#define MESSAGE_EXTRA_LINES_MAX 4

/* Returns the lines above the status line that the pending message needs
 * to be read in full at this width: 0 when it fits on the status line
 * beside the account name. */
static int
app_message_extra_lines(const struct tui_app *app, int width, int rows)
{
    const char *text;
    int count = 0;
    int limit = rows - TUI_MIN_LINES;

    if (app->message == NULL) {
        return 0;
    }
    if (tui_text_columns(app->message, strlen(app->message)) <=
        width - width / 3 - 2) {
        return 0;
    }
    text = app->message;
    while (*text != '\0') {
        const char *next;

        tui_text_wrap(text, width - 2, &next);
        count++;
        if (next == text) {
            break;
        }
        text = next;
    }
    count--; /* the status line shows the last one */
    if (count > MESSAGE_EXTRA_LINES_MAX) {
        count = MESSAGE_EXTRA_LINES_MAX;
    }
    if (count > limit) {
        count = limit > 0 ? limit : 0;
    }
    return count;
}

/* Draw a message too long for the status line on the extra lines above
 * it and on the status line, wrapped at spaces. */
static void
app_draw_message_wrapped(const struct tui_app *app, int y, int extra,
                         int width)
{
    enum tui_colour colour =
        app->message_is_error ? TUI_COLOUR_ALERT : TUI_COLOUR_STATUS;
    const char *text = app->message;
    char line[1024];
    int row;

    for (row = y - extra; row <= y && *text != '\0'; row++) {
        const char *next;
        size_t length = tui_text_wrap(text, width - 2, &next);

        if (length >= sizeof(line)) {
            length = sizeof(line) - 1;
        }
        memcpy(line, text, length);
        line[length] = '\0';
        tui_draw_fill(row, 0, width, TUI_COLOUR_STATUS);
        /* The last line ends with an ellipsis when lines were missing. */
        tui_draw_text(row, 1, width - 2, colour,
                      row == y && *next != '\0' ? text : line);
        if (next == text) {
            break;
        }
        text = next;
    }
}

/* Draw the status line: account, current territory (unless the body
 * shows it), then the key hint or the pending message on the right. A
 * message too long for it takes extra lines above it. */
static void
app_draw_status(struct tui_app *app, int y, int extra, int width)
{
    const struct tui_frame *top = &app->stack[app->depth - 1];
    char left[256];
    char level[64];
    const char *hint;
    int hint_columns;
    int used;

    tui_draw_fill(y, 0, width, TUI_COLOUR_STATUS);
    if (app->current.name != NULL && !top->ops->body_shows_current) {
        tui_format_level(level, sizeof(level), &app->current);
        snprintf(left, sizeof(left), " %s │ %s │ %s",
                 app->user_name ? app->user_name : "-", app->current.name,
                 level);
    } else {
        snprintf(left, sizeof(left), " %s",
                 app->user_name ? app->user_name : "-");
    }

    if (extra > 0) {
        app_draw_message_wrapped(app, y, extra, width);
        return;
    }
    /* A message takes the place of the territory and the key hint. */
    if (app->message != NULL) {
        snprintf(left, sizeof(left), " %s",
                 app->user_name ? app->user_name : "-");
        used = tui_draw_text(y, 0, width / 3, TUI_COLOUR_STATUS, left);
        tui_draw_text_right(y, used + 1, width - used - 2,
                            app->message_is_error ? TUI_COLOUR_ALERT
                                                  : TUI_COLOUR_STATUS,
                            app->message);
        return;
    }

    /* TRANSLATORS: key hint of the status line; keep it short. */
    hint = tui_admin_allowed(app) ? _("A:admin ?:help q:quit")
                                  : _("?:help q:quit");
    hint_columns = tui_text_columns(hint, strlen(hint));

    tui_draw_text(y, 0, width - hint_columns - 2, TUI_COLOUR_STATUS, left);
    tui_draw_text_right(y, 0, width - 1, TUI_COLOUR_STATUS, hint);
}

/* Draw the message that replaces the screens on a too small terminal. */
static void
app_draw_too_small(int rows, int cols)
{
    char text[160];
    int y = rows / 2;

    snprintf(text, sizeof(text), _("Terminal too small (%dx%d): %dx%d minimum"),
             cols, rows, TUI_MIN_COLUMNS, TUI_MIN_LINES);
    /* Split it at the colon when it does not fit on one line. */
    if (tui_text_columns(text, strlen(text)) > cols && rows > 1) {
        char *colon = strstr(text, ": ");

        if (colon != NULL) {
            char *end = colon;

            /* French puts a space before the colon: drop it too. */
            while (end > text && end[-1] == ' ') {
                end--;
            }
            *end = '\0';
            tui_draw_text_centred(y - 1, 0, cols, TUI_COLOUR_ALERT, text);
            tui_draw_text_centred(y, 0, cols, TUI_COLOUR_ALERT, colon + 2);
            return;
        }
    }
    tui_draw_text_centred(y, 0, cols, TUI_COLOUR_ALERT, text);
}

/* Draw the whole terminal: title, top screen and status line. */
static void
app_draw(struct tui_app *app)
{
    const struct tui_frame *top = &app->stack[app->depth - 1];
    char title[512];
    int rows = LINES;
    int cols = COLS;
    int extra;

    erase();
    app->show_cursor = 0;
    if (cols < TUI_MIN_COLUMNS || rows < TUI_MIN_LINES) {
        app_draw_too_small(rows, cols);
        goto out;
    }

    snprintf(title, sizeof(title), " terrish — ");
    text_copy_truncated(title + strlen(title), sizeof(title) - strlen(title),
                        top->ops->title(app, top->state));
    tui_draw_fill(0, 0, cols, TUI_COLOUR_TITLE);
    tui_draw_text(0, 0, cols, TUI_COLOUR_TITLE, title);

    extra = app_message_extra_lines(app, cols, rows);
    app->body.y = 1;
    app->body.x = 0;
    app->body.height = rows - 2 - extra;
    app->body.width = cols;
    top->ops->draw(app, top->state, &app->body);
    app_draw_status(app, rows - 1, extra, cols);

out:
    /* A hidden cursor stays where the update left it: moving it to the
     * window's cursor would cost bytes at every update. */
    leaveok(stdscr, !app->show_cursor);
    if (app->show_cursor) {
        move(app->cursor_y, app->cursor_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

/* Returns 1 when standard input reports that the client went away. */
static int
terminal_hung_up(void)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};

    if (poll(&pfd, 1, 0) <= 0) {
        return 0;
    }
    return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* The body changed size: let every screen on the stack know. */
static void
app_resize(struct tui_app *app)
{
    size_t i;

    app->body.y = 1;
    app->body.x = 0;
    app->body.height = LINES - 2;
    app->body.width = COLS;
    for (i = 0; i < app->depth; i++) {
        const struct tui_frame *frame = &app->stack[i];

        if (frame->ops->resize != NULL) {
            frame->ops->resize(app, frame->state, &app->body);
        }
    }
    clear();
    app->dirty = 1;
}

/*
 * Handle the key just read, then every key already waiting, before the
 * next redraw: a paste or keys sent together over a slow link then cost
 * one redraw. Returns 1 when the user asked to quit.
 */
static int
app_handle_keys(struct tui_app *app, int rc, wint_t wch)
{
    int quit = 0;

    while (rc != ERR && !quit && !stop_requested && !hangup_received) {
        struct tui_key key;

        key.function = rc == KEY_CODE_YES;
        key.code = (unsigned int)wch;
        if (key.function && key.code == KEY_RESIZE) {
            app_resize(app);
        } else {
            quit = app_dispatch(app, &key);
        }
        if (!quit) {
            rc = wget_wch(stdscr, &wch);
        }
    }
    return quit;
}

/* Give the top screen one step of its idle work, if it has any left. */
static void
app_idle(struct tui_app *app)
{
    const struct tui_frame *top = &app->stack[app->depth - 1];
    int flags = 0;

    if (top->ops->idle != NULL) {
        flags = top->ops->idle(app, top->state);
    }
    if (flags & TUI_KEY_REDRAW) {
        app->dirty = 1;
    }
    app->idle_pending = flags != 0;
}

/* Give a hub event to every screen of the stack that takes them, the top
 * one last. */
static void
app_hub_event(const struct hub_event *event, void *arg)
{
    struct tui_app *app = arg;
    size_t i;

    for (i = 0; i < app->depth; i++) {
        const struct tui_frame *frame = &app->stack[i];

        if (frame->ops->hub_event != NULL) {
            frame->ops->hub_event(app, frame->state, event);
        }
    }
}

/* Join the hub when the options name one; without it the application
 * works alone, and shows others' changes only when it reloads. */
static void
app_hub_connect(struct tui_app *app, const struct tui_options *options)
{
    char *error = NULL;

    if (options->hub_path == NULL) {
        return;
    }
    if (options->user_name == NULL) {
        log_info("no account name: working without the hub %s",
                 options->hub_path);
        return;
    }
    app->hub = hub_connect(options->hub_path, options->user_name, &error);
    if (app->hub == NULL) {
        log_info("user %s: %s; working without the hub", options->user_name,
                 error);
        free(error);
        return;
    }
    log_debug("%s: user %s joined the hub %s", __func__, options->user_name,
              options->hub_path);
}

/*
 * Wait until a key or a hub message arrives, or timeout_ms passes, or a
 * signal (SIGWINCH included) interrupts. Returns 1 when the hub socket is
 * readable.
 */
static int
app_wait(struct tui_app *app, int timeout_ms)
{
    struct timespec timeout = {timeout_ms / 1000,
                               (long)(timeout_ms % 1000) * 1000000};
    struct pollfd fds[2];
    nfds_t count = 1;
    int rc;

    fds[0].fd = STDIN_FILENO;
    fds[0].events = POLLIN;
    fds[0].revents = 0;
    if (app->hub != NULL && hub_fd(app->hub) >= 0) {
        fds[1].fd = hub_fd(app->hub);
        fds[1].events = POLLIN;
        fds[1].revents = 0;
        count = 2;
    }
    rc = ppoll(fds, count, &timeout, &wait_mask);
    if (rc < 0 && errno != EINTR) {
        log_warn("user %s: poll failed: %s",
                 app->user_name ? app->user_name : "-", strerror(errno));
    }
    return count == 2 && rc > 0 && fds[1].revents != 0;
}

/* Run the loop until the user quits or a signal arrives. Returns 0 on quit
 * or hang-up, 2 on SIGTERM. While a screen has idle work, the loop does it
 * in steps between keys instead of waiting. */
static int
app_loop(struct tui_app *app)
{
    for (;;) {
        int hub_ready;
        wint_t wch;
        int rc;

        if (stop_requested) {
            return 2;
        }
        if (hangup_received) {
            return 0;
        }
        if (app->dirty) {
            app->dirty = 0;
            app_draw(app);
        }

        hub_ready = app_wait(app, app->idle_pending ? 0 : LOOP_TIMEOUT_MS);
        /* Besides its messages, hub_read sends what waited for room and
         * reconnects after a server restart, so it also runs when the
         * loop is otherwise idle. */
        if (app->hub != NULL && (hub_ready || !app->idle_pending)) {
            hub_read(app->hub, app_hub_event, app);
            app_pop_closed(app);
        }
        rc = wget_wch(stdscr, &wch);
        if (rc == ERR && app->idle_pending) {
            app_idle(app);
            continue;
        }
        if (rc == ERR) {
            if (terminal_hung_up()) {
                log_info("user %s: terminal closed",
                         app->user_name ? app->user_name : "-");
                return 0;
            }
            continue;
        }
        if (app_handle_keys(app, rc, wch)) {
            return 0;
        }
    }
}

/* Returns 1 when the terminfo entry just set up can move the cursor to
 * any position (cup), which every screen needs, and frees it. */
static int
terminal_addressable(void)
{
    const char *cup = tigetstr("cup");
    int usable = cup != NULL && cup != (const char *)-1 && cup[0] != '\0';

    del_curterm(cur_term);
    return usable;
}

/*
 * Check that the terminal type has a terminfo entry with cursor addressing
 * (TERM=dumb has none). Returns the type to use: the requested one, or
 * xterm-256color, or vt100.
 */
static const char *
terminal_pick_type(const char *requested)
{
    static const char *const fallbacks[] = {"xterm-256color", "vt100"};
    const char *problem = "no terminfo entry";
    int err = 0;
    size_t i;

    if (requested != NULL && requested[0] != '\0' &&
        setupterm(requested, STDOUT_FILENO, &err) == OK) {
        if (terminal_addressable()) {
            return requested;
        }
        problem = "no cursor addressing";
    }
    for (i = 0; i < sizeof(fallbacks) / sizeof(fallbacks[0]); i++) {
        if (setupterm(fallbacks[i], STDOUT_FILENO, &err) == OK &&
            terminal_addressable()) {
            log_warn("%s for TERM \"%s\": using %s", problem,
                     requested ? requested : "", fallbacks[i]);
            return fallbacks[i];
        }
    }
    log_error("%s for TERM \"%s\", and none for xterm-256color or vt100",
              problem, requested ? requested : "");
    return NULL;
}

/* Start curses on standard input and output. Returns the screen, or NULL. */
static SCREEN *
terminal_open(const char *requested)
{
    const char *type;
    SCREEN *screen;

    type = terminal_pick_type(requested);
    if (type == NULL) {
        return NULL;
    }
    screen = newterm(type, stdout, stdin);
    if (screen == NULL) {
        log_error("could not start curses on terminal type %s", type);
        return NULL;
    }

    set_term(screen);
    /* ncurses 6.4 writes its buffer after every cursor movement until the
     * screen was suspended once (_nc_mvcur flushes in the state
     * ewInitial), so an update reached the pty in dozens of writes and
     * often left in several SSH packets. Suspending it once, before
     * anything is drawn, makes each update one write. */
    endwin();
    refresh();
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(ESCAPE_DELAY_MS);
    /* The loop waits in poll(2); curses only reads what is there. */
    wtimeout(stdscr, 0);
    curs_set(0);
    tui_palette_init();
    /* Clear again at the first update, now that the colours are set up:
     * updating the terminal cleared before start_color wrote its blank
     * cells too (about 240 bytes more at 80x24). */
    clearok(curscr, TRUE);
    log_debug("%s: terminal %s, %dx%d, %d colours", __func__, type, COLS, LINES,
              tui_palette_colours());
    return screen;
}

/* Set the UTF-8 locale and bind the message catalogue. */
static void
locale_init(const char *locale_dir)
{
    if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
        const char *fallback = setlocale(LC_ALL, "");

        log_warn("locale C.UTF-8 is missing, using \"%s\": accented "
                 "names may be drawn wrong",
                 fallback ? fallback : "C");
    }
    if (locale_dir != NULL) {
        bindtextdomain("terrish", locale_dir);
    }
    bind_textdomain_codeset("terrish", "UTF-8");
    textdomain("terrish");
}

/* Returns the language to start with: the option, else the account's saved
 * choice, else French. */
static const char *
initial_language(const struct tui_options *options, struct store *store,
                 struct user *user)
{
    if (options->lang != NULL) {
        return options->lang;
    }
    if (options->user_name != NULL &&
        store_user_find(store, options->user_name, user) == 0 &&
        user->lang[0] != '\0') {
        return user->lang;
    }
    return "fr";
}

/* Free every screen and the application state. */
static void
app_free(struct tui_app *app)
{
    while (app->depth > 0) {
        struct tui_frame *frame = &app->stack[--app->depth];

        frame->ops->free(frame->state);
    }
    territory_clear(&app->current);
    free(app->message);
    app->message = NULL;
}

int
tui_run(const struct tui_options *options)
{
    struct tui_app app;
    struct user user;
    struct sigaction old_term;
    struct sigaction old_hup;
    sigset_t resize;
    SCREEN *screen = NULL;
    const struct tui_screen_ops *first = NULL;
    char *error = NULL;
    int status = 1;
    int rc;

    memset(&app, 0, sizeof(app));
    memset(&user, 0, sizeof(user));
    locale_init(options->locale_dir);
    /* French until the account's saved choice is read from the store. */
    app_set_language(&app, options->lang != NULL ? options->lang : "fr");
    stop_requested = 0;
    hangup_received = 0;
    signals_install(&old_term, &old_hup);

    rc = store_open(options->store_path, STORE_OPEN_EXISTING, &app.store,
                    &error);
    if (rc != 0) {
        log_error("could not open the store %s: %s", options->store_path,
                  error ? error : "unknown error");
        fprintf(stderr, _("terrish: could not open the store %s: %s\n"),
                options->store_path, error ? error : "");
        goto out;
    }
    if (store_set_cache_kib(app.store, TUI_STORE_CACHE_KIB) < 0) {
        log_warn("could not limit the store's cache: %s",
                 store_error(app.store));
    }
    app.user_name = options->user_name;
    app.command_prefix = options->command_prefix;
    app_set_language(&app, initial_language(options, app.store, &user));
    if (app.french && strcmp(_("Territories"), "Territories") == 0) {
        log_warn("no French messages in %s: showing English",
                 options->locale_dir ? options->locale_dir : "(default)");
    }

    screen = terminal_open(options->term ? options->term : getenv("TERM"));
    if (screen == NULL) {
        fprintf(stderr, "%s\n",
                _("terrish: could not start the terminal "
                  "interface (see the log)"));
        goto out;
    }
    app.body = (struct tui_rect){1, 0, LINES - 2, COLS};
    app_hub_connect(&app, options);
    first = tui_admin_setup(&app, options);
    if (tui_app_push(&app, first,
                     first == &tui_screen_request ? options : NULL) == -1) {
        endwin();
        fprintf(stderr, "terrish: %s\n", app.message ? app.message : "");
        goto out;
    }

    /* A resize is then delivered only inside the loop's ppoll. */
    sigemptyset(&resize);
    sigaddset(&resize, SIGWINCH);
    sigprocmask(SIG_BLOCK, &resize, &wait_mask);
    status = app_loop(&app);
    sigprocmask(SIG_SETMASK, &wait_mask, NULL);
    endwin();
    if (status == 2) {
        printf("%s\n", _("terrish: the server is stopping; your session "
                         "has ended."));
        fflush(stdout);
    }
    log_info("user %s: interface closed (%s)",
             app.user_name ? app.user_name : "-",
             status == 2 ? "server stopping" : "quit or hang-up");

out:
    app_free(&app);
    hub_close(app.hub);
    if (screen != NULL) {
        delscreen(screen);
    }
    if (app.store != NULL) {
        store_close(app.store);
    }
    user_clear(&user);
    free(error);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    return status;
}
