/*
 * terrish: the effect of the territory's strategies on one indicator of a
 * dashboard widget: its value today and at each strategy's target year.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Only the indicators that the strategy engine computes have an effect:
 * greenhouse-gas emissions (in total or by sector) and residential
 * electricity. "Today" is the engine's reference, the territory's data
 * year (2016 for emissions); the target year is the latest target year of
 * the strategy's actions.
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

/* One strategy of the territory and its effect. */
struct effect_row {
    int64_t id;
    char *name;
    int target_year;
    int status; /* 0 computed, 1 an input is missing, -1 out of bounds */
    double today;
    double at_target[STRATEGY_RANGES];
};

struct effect {
    struct territory territory;
    char *indicator_name;
    char unit[32];
    enum strategy_quantity quantity;
    int sector; /* with QUANTITY_GHG_TOTAL: one sector, or -1 for all */
    struct effect_row *rows;
    size_t count;
    struct tui_list list;
    int body_height;
};

static const struct tui_key_help effect_help[] = {
    {NULL, N_("Effect of the strategies")},
    {N_("Up/Down, k/j"), N_("move between the territory's strategies")},
    {N_("Enter"), N_("open the highlighted strategy")},
    {N_("Esc, Backspace"), N_("back to the dashboard")},
    {NULL, NULL},
};

/* Find what the engine computes for an indicator and category. Returns
 * 0, or -1 when it computes nothing for it. */
static int
effect_quantity(const char *indicator, const char *category,
                struct effect *effect)
{
    int s;

    effect->sector = -1;
    if (strcmp(indicator, "electricity_residential") == 0 && category == NULL) {
        effect->quantity = QUANTITY_ELECTRICITY;
        return 0;
    }
    if (strcmp(indicator, "ghg_emissions") != 0) {
        return -1;
    }
    effect->quantity = QUANTITY_GHG_TOTAL;
    for (s = 0; category != NULL && s < STRATEGY_SECTORS; s++) {
        if (strcmp(strategy_sector_id((enum strategy_sector)s), category) ==
            0) {
            effect->sector = s;
        }
    }
    return category != NULL && effect->sector < 0 ? -1 : 0;
}

/* The latest target year of a strategy's actions, or STRATEGY_LAST_YEAR
 * when none is set. */
static int
effect_target_year(const struct strategy *strategy)
{
    int year = 0;
    size_t i;
    size_t p;

    for (i = 0; i < strategy->item_count; i++) {
        for (p = 0; p < strategy->items[i].param_count; p++) {
            const struct strategy_target *target =
                &strategy->items[i].params[p];

            if (target->set && target->target_year > year) {
                year = target->target_year;
            }
        }
    }
    return year >= STRATEGY_FIRST_YEAR ? year : STRATEGY_LAST_YEAR;
}

/* Read one value of a result: a sector's emissions, or a quantity. */
static int
effect_value(const struct effect *effect, const struct strategy_result *result,
             int year_index, double triple[STRATEGY_RANGES], double *today)
{
    int r;

    if (effect->sector >= 0) {
        if (!result->has_sector[effect->sector]) {
            return 0;
        }
        for (r = 0; r < STRATEGY_RANGES; r++) {
            triple[r] = result->ghg[year_index][effect->sector][r];
        }
        *today = result->ghg_reference[effect->sector];
        return 1;
    }
    if (!strategy_quantity_value(result, effect->quantity, year_index,
                                 triple)) {
        return 0;
    }
    *today = effect->quantity == QUANTITY_ELECTRICITY
                 ? result->electricity_reference
                 : result->ghg_reference_total;
    return 1;
}

/* Compute the effect of one strategy. */
static void
effect_compute(struct tui_app *app, struct effect *effect,
               const struct strategy_catalogue *catalogue, int64_t id,
               struct effect_row *row)
{
    struct strategy strategy;
    struct strategy_baseline base;
    struct strategy_result *result = xcalloc(1, sizeof(*result));

    row->id = id;
    row->status = 1;
    strategy_init(&strategy);
    if (store_strategy_get(app->store, app->user_name, id, &strategy) != 0 ||
        store_strategy_baseline(app->store, strategy.territory_id, &base) !=
            0) {
        row->status = -1;
        goto out;
    }
    strategy_baseline_apply(&base, &strategy);
    row->target_year = effect_target_year(&strategy);
    row->status = strategy_compute(catalogue, &strategy, &base, result);
    if (row->status == 0 &&
        !effect_value(effect, result, row->target_year - STRATEGY_FIRST_YEAR,
                      row->at_target, &row->today)) {
        row->status = 1;
    }

out:
    strategy_clear(&strategy);
    free(result);
}

static void
effect_free(void *state)
{
    struct effect *effect = state;
    size_t i;

    for (i = 0; i < effect->count; i++) {
        free(effect->rows[i].name);
    }
    free(effect->rows);
    free(effect->indicator_name);
    territory_clear(&effect->territory);
    free(effect);
}

static void *
effect_create(struct tui_app *app, const void *arg)
{
    const struct tui_effect_arg *request = arg;
    struct strategy_catalogue *catalogue;
    struct strategy_summary *list = NULL;
    struct effect *effect;
    size_t count = 0;
    size_t i;

    effect = xcalloc(1, sizeof(*effect));
    if (effect_quantity(request->indicator->id, request->category, effect) <
        0) {
        tui_app_set_message(app, 0,
                            _("No action of the catalogue acts on this "
                              "indicator yet: strategies compute emissions "
                              "by sector and residential electricity."));
        free(effect);
        return NULL;
    }
    if (app->user_name == NULL ||
        store_strategy_list(app->store, app->user_name, &list, &count) != 0) {
        tui_app_set_message(app, 1, _("Could not read the strategies: %s"),
                            tui_store_error(app));
        free(effect);
        return NULL;
    }
    catalogue = strategy_view_catalogue(app);
    if (catalogue == NULL) {
        for (i = 0; i < count; i++) {
            strategy_summary_clear(&list[i]);
        }
        free(list);
        free(effect);
        return NULL;
    }
    tui_territory_copy(&effect->territory, request->territory);
    effect->indicator_name =
        xstrdup(tui_indicator_name(request->indicator, app->french));
    snprintf(effect->unit, sizeof(effect->unit), "%s",
             strategy_quantity_unit(effect->quantity));
    effect->rows = xcalloc(count + 1, sizeof(*effect->rows));
    for (i = 0; i < count; i++) {
        if (list[i].territory_id == request->territory->id) {
            struct effect_row *row = &effect->rows[effect->count++];

            row->name = xstrdup(list[i].name);
            effect_compute(app, effect, catalogue, list[i].id, row);
        }
        strategy_summary_clear(&list[i]);
    }
    free(list);
    strategy_catalogue_free(catalogue);
    tui_list_reset(&effect->list, effect->count);
    return effect;
}

static void
effect_draw_row(struct tui_app *app, void *arg, size_t index,
                const struct tui_rect *line, int selected)
{
    const struct effect *effect = arg;
    const struct effect_row *row = &effect->rows[index];
    enum tui_colour colour = selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL;
    int name_width = line->width / 3;
    char today[64];
    char target[128];
    char text[256];

    if (selected) {
        tui_draw_fill(line->y, line->x, line->width, colour);
    }
    tui_draw_text(line->y, line->x + 1, name_width - 2, colour, row->name);
    if (row->status != 0) {
        tui_draw_text(line->y, line->x + name_width, line->width - name_width,
                      TUI_COLOUR_DIM,
                      row->status > 0
                          ? _("an input of the strategy is missing: open it")
                          : _("the strategy has a value out of bounds: open "
                              "it"));
        return;
    }
    strategy_format(today, sizeof(today), row->today, app->french);
    strategy_format_range(target, sizeof(target), row->at_target, app->french);
    snprintf(text, sizeof(text), _("today %s → %d: %s %s"), today,
             row->target_year, target, effect->unit);
    tui_draw_text(line->y, line->x + name_width, line->width - name_width,
                  colour, text);
}

static void
effect_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct effect *effect = state;
    struct tui_rect list = {body->y + 3, body->x, body->height - 3,
                            body->width};
    char text[512];

    effect->body_height = body->height;
    snprintf(text, sizeof(text), _("%s, %s: effect of the strategies"),
             effect->indicator_name, effect->territory.name);
    tui_draw_text(body->y, body->x + 1, body->width - 2, TUI_COLOUR_HEADING,
                  text);
    tui_draw_text(body->y + 1, body->x + 1, body->width - 2, TUI_COLOUR_DIM,
                  _("Today is the year of the territory's data; the value "
                    "at the target year is central [low – high]."));
    if (effect->count == 0) {
        tui_draw_text(list.y, body->x + 1, body->width - 2, TUI_COLOUR_NORMAL,
                      _("No strategy for this territory: press s on its "
                        "summary to build one."));
        return;
    }
    tui_list_draw(app, &effect->list, &list, effect_draw_row, effect);
}

static int
effect_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct effect *effect = state;
    int visible = effect->body_height > 4 ? effect->body_height - 3 : 1;
    int flags = tui_list_key(&effect->list, key, visible, 1);

    if (flags != 0) {
        return flags;
    }
    if (effect->count > 0 &&
        ((key->function && key->code == KEY_ENTER) ||
         (!key->function && (key->code == '\r' || key->code == '\n')))) {
        struct tui_strategy_arg arg = {{effect->rows[effect->list.selected].id},
                                       1};

        tui_app_push(app, &tui_screen_strategy, &arg);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static const char *
effect_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Effect of the strategies");
}

const struct tui_screen_ops tui_screen_effect = {
    .name = "effect",
    .create = effect_create,
    .title = effect_title,
    .draw = effect_draw,
    .key = effect_key,
    .help = effect_help,
    .free = effect_free,
};
