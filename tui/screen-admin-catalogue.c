/*
 * terrish: the indicator catalogue section of the administration, for
 * administrators. The list shows every indicator, published or not; the
 * lines below it show the texts of the selected one, which can be edited,
 * and its years, which can be published or withdrawn one by one.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* An editable text of an indicator: its store field and its label. */
struct catalogue_text {
    const char *field;
    const char *label; /* N_() */
};

static const struct catalogue_text catalogue_texts[] = {
    {"name_fr", N_("Name (French)")},
    {"name_en", N_("Name (English)")},
    {"description_fr", N_("Description (French)")},
    {"description_en", N_("Description (English)")},
    {"theme", N_("Theme")},
    {"unit", N_("Unit")},
    {"source", N_("Source")},
    {"licence", N_("Licence")},
    {"confidentiality", N_("Confidentiality rule")},
};

#define TEXT_COUNT (sizeof catalogue_texts / sizeof catalogue_texts[0])
/* The row after the texts: the years. */
#define ROW_YEARS TEXT_COUNT

struct catalogue_row {
    struct indicator indicator;
    struct indicator_year_state *years;
    size_t year_count;
};

struct catalogue_screen {
    struct catalogue_row *rows;
    size_t count;
    struct tui_list list;
    size_t detail; /* selected detail row: a text, or ROW_YEARS */
    size_t year;   /* selected year on the years row */
    int editing;
    struct tui_input input;
    int list_height;
};

static const struct tui_key_help catalogue_help[] = {
    {NULL, N_("Indicator catalogue")},
    {N_("Up/Down, k/j"), N_("choose the indicator")},
    {N_("Tab, Shift-Tab"), N_("choose a text or the years below the list")},
    {N_("e, Enter"), N_("edit the chosen text; Enter saves, Esc cancels")},
    {N_("Left/Right"), N_("choose a year on the years line")},
    {"p", N_("publish or withdraw the chosen year on the years line, else "
             "the indicator")},
    {NULL, N_("What is not published is hidden from every account but "
              "administrators: in the application and in exports.")},
    {NULL, NULL},
};

/* The text of field for an indicator, "" when unset. */
static const char *
catalogue_value(const struct indicator *indicator, const char *field)
{
    const char *value = NULL;

    if (strcmp(field, "name_fr") == 0) {
        value = indicator->name_fr;
    } else if (strcmp(field, "name_en") == 0) {
        value = indicator->name_en;
    } else if (strcmp(field, "description_fr") == 0) {
        value = indicator->description_fr;
    } else if (strcmp(field, "description_en") == 0) {
        value = indicator->description_en;
    } else if (strcmp(field, "theme") == 0) {
        value = indicator->theme;
    } else if (strcmp(field, "unit") == 0) {
        value = indicator->unit;
    } else if (strcmp(field, "source") == 0) {
        value = indicator->source;
    } else if (strcmp(field, "licence") == 0) {
        value = indicator->licence;
    } else if (strcmp(field, "confidentiality") == 0) {
        value = indicator->confidentiality;
    }
    return value != NULL ? value : "";
}

static void
catalogue_clear(struct catalogue_screen *screen)
{
    size_t i;

    for (i = 0; i < screen->count; i++) {
        indicator_clear(&screen->rows[i].indicator);
        free(screen->rows[i].years);
    }
    free(screen->rows);
    screen->rows = NULL;
    screen->count = 0;
}

/* Read every entry of the catalogue, keeping the selection. */
static void
catalogue_load(struct tui_app *app, struct catalogue_screen *screen)
{
    size_t selected = screen->list.selected;
    char **ids = NULL;
    size_t count = 0;
    size_t i;

    catalogue_clear(screen);
    if (store_indicator_ids(app->store, &ids, &count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the catalogue: %s"),
                            tui_store_error(app));
    }
    screen->rows = xcalloc(count > 0 ? count : 1, sizeof(*screen->rows));
    for (i = 0; i < count; i++) {
        struct catalogue_row *row = &screen->rows[screen->count];

        if (store_indicator_get(app->store, ids[i], &row->indicator) == 0 &&
            store_indicator_year_states(app->store, ids[i], &row->years,
                                        &row->year_count) == 0) {
            screen->count++;
        } else {
            indicator_clear(&row->indicator);
        }
        free(ids[i]);
    }
    free(ids);
    tui_list_reset(&screen->list, screen->count);
    tui_list_select(&screen->list, selected, screen->list_height);
}

static void *
catalogue_create(struct tui_app *app, const void *arg)
{
    struct catalogue_screen *screen;

    (void)arg;
    if (app->role != ROLE_ADMIN) {
        tui_app_set_message(app, 1, _("The catalogue is for "
                                      "administrators."));
        return NULL;
    }
    screen = xcalloc(1, sizeof(*screen));
    screen->list_height = 5;
    catalogue_load(app, screen);
    return screen;
}

static void
catalogue_draw_item(struct tui_app *app, void *arg, size_t index,
                    const struct tui_rect *line, int selected)
{
    struct catalogue_screen *screen = arg;
    const struct indicator *indicator = &screen->rows[index].indicator;
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    int x = line->x + 1;
    int end = line->x + line->width - 1;

    x += tui_draw_text(line->y, x, 12,
                       selected ? colour
                       : indicator->published ? TUI_COLOUR_DIM
                                              : TUI_COLOUR_ALERT,
                       indicator->published ? _("published")
                                            : _("withdrawn")) +
         1;
    /* Fixed columns, so that the ids and names line up. */
    x = line->x + 14;
    tui_draw_text(line->y, x, 30, colour, indicator->id);
    x += 31;
    if (x < end) {
        tui_draw_text(line->y, x, end - x, colour,
                      tui_indicator_name(indicator, app->french));
    }
}

/* Draw the years of the selected indicator on one line from x. */
static void
catalogue_draw_years(const struct catalogue_screen *screen,
                     const struct catalogue_row *row, int y, int x, int end)
{
    size_t i;

    for (i = 0; i < row->year_count && x < end; i++) {
        char text[32];
        enum tui_colour colour = row->years[i].published ? TUI_COLOUR_NORMAL
                                                         : TUI_COLOUR_ALERT;

        snprintf(text, sizeof(text), "%d%s", row->years[i].year,
                 row->years[i].published ? "" : _(" (withdrawn)"));
        if (screen->detail == ROW_YEARS && screen->year == i) {
            colour = TUI_COLOUR_SELECTED;
        }
        x += tui_draw_text(y, x, end - x, colour, text) + 2;
    }
    if (row->year_count == 0) {
        tui_draw_text(y, x, end - x, TUI_COLOUR_DIM, _("no year"));
    }
}

/* Draw the texts and years of the selected indicator from line y. */
/*
 * Write a confidentiality rule as its meaning in the user's language,
 * followed by its name, which is what the field takes when edited.
 */
static void
catalogue_rule_text(char *buf, size_t size, const char *rule)
{
    const char *meaning = NULL;

    if (rule == NULL || strcmp(rule, "none") == 0) {
        meaning = _("none");
    } else if (strcmp(rule, "blank_is_secret") == 0) {
        meaning = _("a blank cell is withheld (secret)");
    } else if (strcmp(rule, "blank_not_estimated") == 0) {
        meaning = _("a blank cell is not estimated or not available");
    }
    if (meaning == NULL) {
        snprintf(buf, size, "%s", rule);
    } else {
        snprintf(buf, size, "%s (%s)", meaning, rule != NULL ? rule : "none");
    }
}

static void
catalogue_draw_details(struct tui_app *app, struct catalogue_screen *screen,
                       const struct tui_rect *body, int y)
{
    const struct catalogue_row *row = &screen->rows[screen->list.selected];
    /* "Règle de confidentialité", the longest label, and a space. */
    int label_width = 26;
    int x = 1 + label_width;
    int end = body->width - 1;
    size_t i;

    for (i = 0; i <= ROW_YEARS && y < body->y + body->height; i++, y++) {
        int chosen = screen->detail == i;
        const char *label = i < TEXT_COUNT ? _(catalogue_texts[i].label)
                                           : _("Years");

        tui_draw_text(y, 1, label_width - 1,
                      chosen ? TUI_COLOUR_SELECTED : TUI_COLOUR_HEADING,
                      label);
        if (i == ROW_YEARS) {
            catalogue_draw_years(screen, row, y, x, end);
        } else if (chosen && screen->editing) {
            struct tui_rect line = {y, x, 1, end - x};

            tui_input_draw(app, &screen->input, &line, "");
        } else if (strcmp(catalogue_texts[i].field, "confidentiality") == 0) {
            char rule[160];

            catalogue_rule_text(rule, sizeof(rule),
                                row->indicator.confidentiality);
            tui_draw_text(y, x, end - x, TUI_COLOUR_NORMAL, rule);
        } else {
            tui_draw_text(y, x, end - x, TUI_COLOUR_NORMAL,
                          catalogue_value(&row->indicator,
                                          catalogue_texts[i].field));
        }
    }
}

static void
catalogue_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct catalogue_screen *screen = state;
    int list_height = body->height - (int)ROW_YEARS - 4;
    struct tui_rect area;

    if (list_height < 3) {
        list_height = 3;
    }
    screen->list_height = list_height;
    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_DIM,
                  _("Tab: choose a text or the years. e: edit. p: publish "
                    "or withdraw. ?: help"));
    if (screen->count == 0) {
        tui_draw_text(body->y + 2, 2, body->width - 4, TUI_COLOUR_NORMAL,
                      _("The catalogue is empty."));
        return;
    }
    area = (struct tui_rect){body->y + 1, body->x, list_height, body->width};
    tui_list_draw(app, &screen->list, &area, catalogue_draw_item, screen);
    catalogue_draw_details(app, screen, body, body->y + 2 + list_height);
}

/* Start editing the chosen text, unless it is too long for the field. */
static int
catalogue_edit(struct tui_app *app, struct catalogue_screen *screen)
{
    const struct catalogue_row *row = &screen->rows[screen->list.selected];
    const char *value =
        catalogue_value(&row->indicator, catalogue_texts[screen->detail].field);

    if (tui_input_set(&screen->input, value) != 0) {
        tui_app_set_message(app, 1, _("This text is longer than the field "
                                      "(%d bytes) or has several lines: "
                                      "change it with terrish import."),
                            TUI_INPUT_MAX - 1);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    screen->editing = 1;
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Save the edited text. */
static void
catalogue_save(struct tui_app *app, struct catalogue_screen *screen)
{
    const struct catalogue_row *row = &screen->rows[screen->list.selected];
    const char *field = catalogue_texts[screen->detail].field;

    if (store_indicator_set_text(app->store, row->indicator.id, field,
                                 screen->input.text, &app->actor) != 0) {
        tui_app_set_message(app, 1, _("Not saved: %s"),
                            tui_store_error(app));
        return;
    }
    tui_app_set_message(app, 0, _("Saved."));
    screen->editing = 0;
    catalogue_load(app, screen);
}

/* Publish or withdraw the chosen year, or the indicator. */
static void
catalogue_toggle(struct tui_app *app, struct catalogue_screen *screen)
{
    const struct catalogue_row *row = &screen->rows[screen->list.selected];
    int year = 0;
    int published = !row->indicator.published;
    int rc;

    if (screen->detail == ROW_YEARS && row->year_count > 0) {
        year = row->years[screen->year].year;
        published = !row->years[screen->year].published;
    }
    rc = store_indicator_set_published(app->store, row->indicator.id, year,
                                       published, &app->actor);
    if (rc != 0) {
        tui_app_set_message(app, 1, _("Not changed: %s"),
                            tui_store_error(app));
    } else if (year > 0) {
        tui_app_set_message(app, 0,
                            published ? _("Year %d published.")
                                      : _("Year %d withdrawn."),
                            year);
    } else {
        tui_app_set_message(app, 0,
                            published ? _("Indicator %s published.")
                                      : _("Indicator %s withdrawn."),
                            row->indicator.id);
    }
    catalogue_load(app, screen);
}

static int
catalogue_edit_key(struct tui_app *app, struct catalogue_screen *screen,
                   const struct tui_key *key)
{
    if (!key->function &&
        (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'))) {
        screen->editing = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (tui_key_is_enter(key)) {
        catalogue_save(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return (tui_input_key(&screen->input, key) & ~TUI_INPUT_CHANGED) |
           TUI_KEY_HANDLED;
}

/* Move the chosen year on the years line. */
static int
catalogue_year_key(struct catalogue_screen *screen, int delta)
{
    const struct catalogue_row *row = &screen->rows[screen->list.selected];

    if (delta < 0 && screen->year > 0) {
        screen->year--;
    } else if (delta > 0 && screen->year + 1 < row->year_count) {
        screen->year++;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
catalogue_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct catalogue_screen *screen = state;
    size_t before = screen->list.selected;
    int flags;

    if (screen->editing) {
        return catalogue_edit_key(app, screen, key);
    }
    if (screen->count == 0) {
        return 0;
    }
    if (screen->detail == ROW_YEARS && key->function &&
        (key->code == KEY_LEFT || key->code == KEY_RIGHT)) {
        return catalogue_year_key(screen, key->code == KEY_LEFT ? -1 : 1);
    }
    flags = tui_list_key(&screen->list, key, screen->list_height, 1);
    if (flags != 0) {
        if (screen->list.selected != before) {
            screen->year = 0;
        }
        return flags;
    }
    if ((!key->function && key->code == '\t') ||
        (key->function && key->code == KEY_BTAB)) {
        int forward = !key->function;

        screen->detail = forward ? (screen->detail + 1) % (ROW_YEARS + 1)
                                 : (screen->detail + ROW_YEARS) %
                                       (ROW_YEARS + 1);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == 'p') {
        catalogue_toggle(app, screen);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if ((tui_key_is_enter(key) || (!key->function && key->code == 'e')) &&
        screen->detail < ROW_YEARS) {
        return catalogue_edit(app, screen);
    }
    return 0;
}

static int
catalogue_typing(void *state)
{
    const struct catalogue_screen *screen = state;

    return screen->editing;
}

static const char *
catalogue_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Indicator catalogue");
}

static void
catalogue_free(void *state)
{
    struct catalogue_screen *screen = state;

    catalogue_clear(screen);
    free(screen);
}

const struct tui_screen_ops tui_screen_admin_catalogue = {
    .name = "admin-catalogue",
    .create = catalogue_create,
    .title = catalogue_title,
    .draw = catalogue_draw,
    .key = catalogue_key,
    .typing = catalogue_typing,
    .help = catalogue_help,
    .free = catalogue_free,
};
