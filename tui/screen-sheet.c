/*
 * terrish: the didactic sheet of an indicator for a territory ("agir").
 * It shows what the indicator means, the territory's value against its
 * parent and against similar territories, and the levers that act on it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The figures are those of a key figure widget and of a ranking widget of
 * the dashboard (dashboard-data.c), computed the same way in idle steps.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"
#include "store/strategy.h"
#include "tui/dashboard.h"
#include "tui/strategy-view.h"

/*
 * For an indicator of values, figure is a key figure (value, trend,
 * parent) and ranking ranks it among similar territories. For an
 * indicator of flows, both are modal splits: of the territory, and of
 * its parent (ranking.territory), and nothing is ranked.
 */
struct sheet {
    struct dash_widget figure;
    struct dash_widget ranking;
    int flows;
    size_t scroll;
    size_t lines; /* of the document at the last draw */
    int height;   /* of the body at the last draw */
};

/* A pass over the document; with draw unset it only counts lines. */
struct sheet_pass {
    const struct tui_rect *body;
    size_t scroll;
    size_t line;
    int draw;
};

static const struct tui_key_help sheet_help[] = {
    {NULL, N_("Sheet")},
    {N_("Up/Down, k/j, PgUp/PgDn"), N_("scroll")},
    {N_("Enter"), N_("open the map, chart and table of the indicator for "
                     "this territory")},
    {"A", N_("add the action that acts on this indicator to your strategy "
             "for this territory (made if you have none), with the "
             "catalogue's default values, and open it")},
    {N_("Esc, Left, h, Backspace"), N_("back to the previous screen")},
    {NULL, NULL},
};

static void
pass_line(struct sheet_pass *pass, enum tui_colour colour, int indent,
          const char *text)
{
    size_t offset = pass->line - pass->scroll;

    if (pass->draw && pass->line >= pass->scroll &&
        offset < (size_t)pass->body->height) {
        tui_draw_text(pass->body->y + (int)offset, pass->body->x + indent,
                      pass->body->width - indent - 1, colour, text);
    }
    pass->line++;
}

/* Text wrapped at spaces, from column indent; a second prefix indents
 * the lines after the first (for a bullet). */
static void
pass_wrapped(struct sheet_pass *pass, enum tui_colour colour, int indent,
             const char *bullet, const char *text)
{
    int width = pass->body->width - indent - 3;
    const char *prefix = bullet != NULL ? bullet : "";
    char line[1024];

    while (*text != '\0') {
        const char *next;
        size_t length = tui_text_wrap(text, width, &next);

        if (length >= sizeof(line) - 8) {
            length = sizeof(line) - 8;
        }
        snprintf(line, sizeof(line), "%s%.*s", prefix, (int)length, text);
        pass_line(pass, colour, indent, line);
        if (bullet != NULL) {
            prefix = "  "; /* the lines after a bullet's first */
        }
        if (next == text) {
            break;
        }
        text = next;
    }
}

/* What the indicator means, and its source. */
static void
sheet_meaning(struct tui_app *app, struct sheet *sheet, struct sheet_pass *pass)
{
    const struct indicator *indicator = &sheet->figure.indicator;
    const char *description =
        app->french ? indicator->description_fr : indicator->description_en;
    const char *note =
        app->french ? indicator->partial_note_fr : indicator->partial_note_en;
    char *detail;

    pass_line(pass, TUI_COLOUR_HEADING, 1, _("What it measures"));
    if (description != NULL && description[0] != '\0') {
        pass_wrapped(pass, TUI_COLOUR_NORMAL, 3, NULL, description);
    } else {
        pass_line(pass, TUI_COLOUR_DIM, 3,
                  _("The catalogue has no description of it."));
    }
    if (note != NULL && note[0] != '\0') {
        pass_wrapped(pass, TUI_COLOUR_DIM, 3, NULL, note);
    }
    detail = tui_indicator_detail(indicator);
    pass_wrapped(pass, TUI_COLOUR_DIM, 3, NULL, detail);
    free(detail);
}

static void
format_result(char *buf, size_t size, const struct indicator_result *result,
              int french)
{
    char value[128];

    tui_format_indicator_value(value, sizeof(value), result, french);
    if (result->year > 0) {
        snprintf(buf, size, "%s (%d)", value, result->year);
    } else {
        snprintf(buf, size, "%s", value);
    }
}

/* The rank among similar territories, and who is first and last. */
static void
sheet_rank(struct tui_app *app, struct sheet *sheet, struct sheet_pass *pass)
{
    const struct dash_widget *ranking = &sheet->ranking;
    char value[192];
    char text[512];
    int valued = 0;
    int rank = 0;
    size_t i;

    if (ranking->phase == DASH_PENDING) {
        pass_line(pass, TUI_COLOUR_DIM, 3,
                  _("Ranking among similar territories: computing…"));
        return;
    }
    if (ranking->phase == DASH_FAILED || ranking->item_count <= 1) {
        pass_line(pass, TUI_COLOUR_DIM, 3,
                  _("No similar territory to rank it with."));
        return;
    }
    for (i = 0; i < ranking->item_count; i++) {
        if (dash_has_value(&ranking->items[i].result)) {
            valued++;
            rank = ranking->items[i].own ? valued : rank;
        }
    }
    if (rank > 0) {
        snprintf(text, sizeof(text),
                 _("Rank %d of %d similar territories, from the highest "
                   "value."),
                 rank, valued);
        pass_line(pass, TUI_COLOUR_NORMAL, 3, text);
    }
    for (i = 0; i < ranking->item_count; i++) {
        if (i >= 3 && !ranking->items[i].own) {
            continue;
        }
        format_result(value, sizeof(value), &ranking->items[i].result,
                      app->french);
        snprintf(text, sizeof(text), "%zu. %s: %s", i + 1,
                 ranking->items[i].label, value);
        pass_line(pass,
                  ranking->items[i].own ? TUI_COLOUR_HEADING
                                        : TUI_COLOUR_NORMAL,
                  5, text);
    }
    pass_wrapped(pass, TUI_COLOUR_DIM, 3, NULL,
                 _("Similar territories are of the same level (an EPCI of "
                   "the same legal form), and a commune or an EPCI has a "
                   "population between half and twice its own; they come "
                   "from its région when it has at least ten, else from "
                   "France."));
}

/* The modal split of a territory as a paragraph. */
static void
sheet_modal(struct tui_app *app, const struct dash_widget *modal,
            struct sheet_pass *pass)
{
    const char *note = app->french ? modal->indicator.partial_note_fr
                                   : modal->indicator.partial_note_en;
    char summary[1024];
    char text[1280];

    if (modal->phase == DASH_PENDING) {
        pass_line(pass, TUI_COLOUR_DIM, 3, "…");
        return;
    }
    if (dash_modal_summary(modal, summary, sizeof(summary), app->french) != 0) {
        snprintf(text, sizeof(text), _("%s: no home-to-work flow in the data."),
                 modal->territory.name);
        pass_wrapped(pass, TUI_COLOUR_NORMAL, 3, NULL, text);
        if (note != NULL && note[0] != '\0') {
            pass_wrapped(pass, TUI_COLOUR_DIM, 5, NULL, note);
        }
        return;
    }
    snprintf(text, sizeof(text), _("%s: %s"), modal->territory.name, summary);
    pass_wrapped(pass, TUI_COLOUR_NORMAL, 3, NULL, text);
}

/* The territory's value, its parent's, and its rank. */
static void
sheet_position(struct tui_app *app, struct sheet *sheet,
               struct sheet_pass *pass)
{
    const struct dash_widget *figure = &sheet->figure;
    char value[192];
    char text[512];

    pass_line(pass, TUI_COLOUR_NORMAL, 0, "");
    snprintf(text, sizeof(text), _("Where %s stands"), figure->territory.name);
    pass_line(pass, TUI_COLOUR_HEADING, 1, text);
    if (sheet->flows) {
        sheet_modal(app, &sheet->figure, pass);
        if (sheet->ranking.territory.id != sheet->figure.territory.id) {
            sheet_modal(app, &sheet->ranking, pass);
        }
        return;
    }
    if (figure->phase == DASH_PENDING) {
        pass_line(pass, TUI_COLOUR_DIM, 3, "…");
        return;
    }
    format_result(value, sizeof(value), &figure->value, app->french);
    snprintf(text, sizeof(text), _("%s: %s"), figure->territory.name, value);
    pass_line(pass, TUI_COLOUR_NORMAL, 3, text);
    if (figure->parent.name != NULL) {
        format_result(value, sizeof(value), &figure->parent_value, app->french);
        snprintf(text, sizeof(text), _("%s: %s"), figure->parent.name, value);
        pass_line(pass, TUI_COLOUR_NORMAL, 3, text);
    }
    if (dash_has_value(&figure->previous)) {
        format_result(value, sizeof(value), &figure->previous, app->french);
        snprintf(text, sizeof(text), _("%s in %d: %s"), figure->territory.name,
                 figure->previous.year, value);
        pass_line(pass, TUI_COLOUR_NORMAL, 3, text);
    }
    sheet_rank(app, sheet, pass);
}

static void
sheet_levers(struct sheet *sheet, struct sheet_pass *pass)
{
    const char *const *levers = NULL;
    size_t count = tui_sheet_levers(&sheet->figure.indicator, &levers);
    size_t i;

    pass_line(pass, TUI_COLOUR_NORMAL, 0, "");
    pass_line(pass, TUI_COLOUR_HEADING, 1, _("Levers that act on it"));
    if (count == 0) {
        pass_line(pass, TUI_COLOUR_DIM, 3,
                  _("No lever is described for this indicator yet."));
        return;
    }
    for (i = 0; i < count; i++) {
        pass_wrapped(pass, TUI_COLOUR_NORMAL, 3, "• ", _(levers[i]));
    }
}

static size_t
sheet_pass_run(struct tui_app *app, struct sheet *sheet,
               struct sheet_pass *pass)
{
    char text[512];

    snprintf(text, sizeof(text), "%s (%s)",
             tui_indicator_name(&sheet->figure.indicator, app->french),
             tui_indicator_unit(&sheet->figure.indicator, app->french));
    pass_line(pass, TUI_COLOUR_HEADING, 1, text);
    pass_line(pass, TUI_COLOUR_NORMAL, 0, "");
    sheet_meaning(app, sheet, pass);
    sheet_position(app, sheet, pass);
    sheet_levers(sheet, pass);
    return pass->line;
}

static void
sheet_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct sheet *sheet = state;
    struct sheet_pass pass = {body, 0, 0, 0};

    tui_app_set_current(app, &sheet->figure.territory);
    sheet->height = body->height;
    sheet->lines = sheet_pass_run(app, sheet, &pass);
    if (sheet->lines <= (size_t)body->height) {
        sheet->scroll = 0;
    } else if (sheet->scroll > sheet->lines - (size_t)body->height) {
        sheet->scroll = sheet->lines - (size_t)body->height;
    }
    pass.scroll = sheet->scroll;
    pass.line = 0;
    pass.draw = 1;
    sheet_pass_run(app, sheet, &pass);
}

static int sheet_add_action(struct tui_app *app, struct sheet *sheet);

static int
sheet_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct sheet *sheet = state;
    size_t page = sheet->height > 2 ? (size_t)sheet->height - 1 : 1;

    if ((key->function && key->code == KEY_ENTER) ||
        (!key->function && (key->code == '\r' || key->code == '\n'))) {
        struct tui_analysis_arg arg = {&sheet->figure.territory,
                                       sheet->figure.indicator.id};

        tui_app_push(app, &tui_screen_analysis, &arg);
    } else if ((key->function && key->code == KEY_UP) ||
               (!key->function && key->code == 'k')) {
        sheet->scroll = sheet->scroll > 0 ? sheet->scroll - 1 : 0;
    } else if ((key->function && key->code == KEY_DOWN) ||
               (!key->function && key->code == 'j')) {
        sheet->scroll++;
    } else if (key->function && key->code == KEY_PPAGE) {
        sheet->scroll = sheet->scroll > page ? sheet->scroll - page : 0;
    } else if (key->function && key->code == KEY_NPAGE) {
        sheet->scroll += page;
    } else if (!key->function && key->code == 'A') {
        return sheet_add_action(app, sheet);
    } else {
        return 0;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* The action of the catalogue that acts on an indicator, and its choice
 * (a sector). Returns 0, or -1 when no action acts on it. */
static int
sheet_action(const char *indicator, const char *category, const char **action,
             const char **choice)
{
    static const struct {
        const char *indicator;
        const char *action;
        const char *choice;
    } levers[] = {
        {"ghg_road_per_inhabitant", "electrification", ""},
        {"cars", "electrification", ""},
        {"cars_electric_share", "electrification", ""},
        {"ev_charging_points", "electrification", ""},
        {"ev_charging_points_per_1000_inhabitants", "electrification", ""},
        {"electricity_residential", "sector_reduction",
         "electricity_residential"},
        {"commuting_flows_sample", "telework", ""},
        {"jobs", "telework", ""},
        {"jobs_per_100_inhabitants", "telework", ""},
        {"production_capacity", "rooftop_solar", ""},
        {"production_installations", "rooftop_solar", ""},
        {"dwellings", "renovation", ""},
        {"households", "renovation", ""},
    };
    size_t i;

    if (strcmp(indicator, "ghg_emissions") == 0 && category != NULL) {
        *action = strcmp(category, "residentiel") == 0 ? "renovation"
                  : strcmp(category, "routier") == 0   ? "electrification"
                                                       : "sector_reduction";
        *choice = strcmp(*action, "sector_reduction") == 0 ? category : "";
        return 0;
    }
    for (i = 0; i < sizeof(levers) / sizeof(levers[0]); i++) {
        if (strcmp(levers[i].indicator, indicator) == 0) {
            *action = levers[i].action;
            *choice = levers[i].choice;
            return 0;
        }
    }
    return -1;
}

/*
 * Add the action acting on the sheet's indicator to the account's
 * strategy for the territory, made when there is none, and open it.
 */
static int
sheet_add_action(struct tui_app *app, struct sheet *sheet)
{
    const struct territory *territory = &sheet->figure.territory;
    struct strategy_summary *list = NULL;
    struct strategy_catalogue *catalogue;
    struct tui_strategy_arg arg = {{0}, 1};
    struct strategy_language language;
    struct strategy_message reason;
    struct strategy strategy;
    const char *action;
    const char *choice;
    time_t now = time(NULL);
    struct tm utc;
    char err[512];
    size_t count = 0;
    size_t i;

    if (sheet_action(sheet->figure.indicator.id, sheet->figure.widget.category,
                     &action, &choice) != 0) {
        tui_app_set_message(app, 0,
                            _("No action of the catalogue acts on this "
                              "indicator yet."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (app->user_name == NULL ||
        store_strategy_list(app->store, app->user_name, &list, &count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the strategies: %s"),
                            tui_store_error(app));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    for (i = 0; i < count; i++) {
        if (arg.ids[0] == 0 && list[i].territory_id == territory->id &&
            strcmp(list[i].owner, app->user_name) == 0) {
            arg.ids[0] = list[i].id;
        }
        strategy_summary_clear(&list[i]);
    }
    free(list);
    if (arg.ids[0] == 0) {
        char *name = xasprintf(_("Strategy for %s"), territory->name);
        int rc = store_strategy_create(app->store, app->user_name, name,
                                       territory->id, &arg.ids[0]);

        free(name);
        if (rc != 0) {
            tui_app_set_message(app, 1, _("Could not create the strategy: %s"),
                                tui_store_error(app));
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
    }
    catalogue = strategy_view_catalogue(app);
    if (catalogue == NULL) {
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    gmtime_r(&now, &utc);
    strategy_init(&strategy);
    if (store_strategy_get(app->store, app->user_name, arg.ids[0], &strategy) !=
        0) {
        tui_app_set_message(app, 1, _("Could not read the strategy: %s"),
                            tui_store_error(app));
    } else if (strategy_add_action_message(&strategy, catalogue, action, choice,
                                           utc.tm_year + 1900, &reason) != 0) {
        /* Already there, most often: open the strategy all the same. */
        strategy_view_language(app, catalogue, &language);
        strategy_message_format(&reason, &language, err, sizeof(err));
        tui_app_set_message(app, 0, "%s", err);
        tui_app_push(app, &tui_screen_strategy, &arg);
    } else if (store_strategy_save(app->store, app->user_name, &strategy) !=
               0) {
        tui_app_set_message(app, 1, _("Could not save the strategy: %s"),
                            tui_store_error(app));
    } else {
        tui_app_push(app, &tui_screen_strategy, &arg);
    }
    strategy_clear(&strategy);
    strategy_catalogue_free(catalogue);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

static int
sheet_idle(struct tui_app *app, void *state)
{
    struct sheet *sheet = state;

    if (sheet->figure.phase == DASH_PENDING) {
        dash_widget_step(app, &sheet->figure);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (sheet->ranking.phase == DASH_PENDING) {
        dash_widget_step(app, &sheet->ranking);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static void
sheet_free(void *state)
{
    struct sheet *sheet = state;

    dash_widget_clear(&sheet->figure);
    dash_widget_clear(&sheet->ranking);
    free(sheet);
}

/* Set up one of the sheet's widgets for the indicator. */
static void
sheet_widget(struct tui_app *app, struct dash_widget *w,
             const struct tui_sheet_arg *request, enum widget_kind kind)
{
    w->widget.indicator_id = xstrdup(request->indicator_id);
    w->widget.title = xstrdup("");
    w->widget.kind = kind;
    dash_widget_load(app, w, request->territory);
}

static void *
sheet_create(struct tui_app *app, const void *arg)
{
    const struct tui_sheet_arg *request = arg;
    struct sheet *sheet = xcalloc(1, sizeof(*sheet));
    struct territory parent;

    sheet->flows = store_flows_exist(app->store, request->indicator_id) == 1;
    if (sheet->flows) {
        memset(&parent, 0, sizeof(parent));
        sheet_widget(app, &sheet->figure, request, WIDGET_MODAL_SPLIT);
        if (dash_nearest_parent(app->store, request->territory, &parent) == 0) {
            struct tui_sheet_arg above = {&parent, request->indicator_id};

            sheet_widget(app, &sheet->ranking, &above, WIDGET_MODAL_SPLIT);
        } else {
            sheet_widget(app, &sheet->ranking, request, WIDGET_MODAL_SPLIT);
        }
        territory_clear(&parent);
    } else {
        sheet_widget(app, &sheet->figure, request, WIDGET_KPI);
        sheet_widget(app, &sheet->ranking, request, WIDGET_RANKING);
    }
    if (!sheet->figure.has_indicator) {
        tui_app_set_message(app, 1, _("No indicator %s in the store."),
                            request->indicator_id);
        sheet_free(sheet);
        return NULL;
    }
    return sheet;
}

static const char *
sheet_title(struct tui_app *app, void *state)
{
    struct sheet *sheet = state;
    static char title[256];

    snprintf(title, sizeof(title), _("Act on it: %s"),
             tui_indicator_name(&sheet->figure.indicator, app->french));
    return title;
}

const struct tui_screen_ops tui_screen_sheet = {
    .name = "sheet",
    .create = sheet_create,
    .title = sheet_title,
    .draw = sheet_draw,
    .key = sheet_key,
    .idle = sheet_idle,
    .help = sheet_help,
    .free = sheet_free,
};
