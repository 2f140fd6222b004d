/*
 * terrish: the impact engine of territorial strategies, and the helpers
 * that edit a strategy in memory.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The pool of car emissions is the territory's road-transport emissions
 * (ADEME territorial inventory) times the passenger cars' share of them.
 * Home-to-work trips are a share of that pool. Each mobility action takes
 * a fraction of what the actions before it in the canonical order left,
 * so that no trip is removed twice. Replacement modes add back emissions
 * in proportion to the ratio of their emission factor per km to the car's,
 * both taken from the same ADEME source. A car trip moved to another mode
 * is counted as one person's trip, because only a driver who leaves the
 * car removes car-km.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/strategy.h"

#define N_(msgid) (msgid)

static const char *const sector_ids[STRATEGY_SECTORS] = {
    "agriculture", "autres_transports", "dechets",  "energie",
    "industrie",   "residentiel",       "routier",  "tertiaire",
};

static const char *const sector_names[STRATEGY_SECTORS] = {
    N_("Agriculture"), N_("Other transport"), N_("Waste"),
    N_("Energy"),      N_("Industry"),        N_("Residential"),
    N_("Road transport"), N_("Tertiary"),
};

const char *
strategy_sector_id(enum strategy_sector sector)
{
    return sector_ids[sector];
}

const char *
strategy_sector_name(enum strategy_sector sector)
{
    return sector_names[sector];
}

static const char *const baseline_keys[STRATEGY_BASELINES] = {
    "ghg_emissions/agriculture", "ghg_emissions/autres_transports",
    "ghg_emissions/dechets",     "ghg_emissions/energie",
    "ghg_emissions/industrie",   "ghg_emissions/residentiel",
    "ghg_emissions/routier",     "ghg_emissions/tertiaire",
    "electricity_residential",   "cars_electric_share",
    "production_capacity/photovoltaique", "dwellings/principales",
    /* Energy by sector, then carrier; "" for the derived cells. */
    "energy/agriculture/electricite", "energy/agriculture/produits_petroliers", "energy/agriculture/gaz_naturel", "energy/agriculture/autres",
    "energy/autres_transports/electricite", "energy/autres_transports/produits_petroliers", "energy/autres_transports/gaz_naturel", "energy/autres_transports/autres",
    "energy/dechets/electricite", "energy/dechets/produits_petroliers", "energy/dechets/gaz_naturel", "energy/dechets/autres",
    "energy/energie/electricite", "energy/energie/produits_petroliers", "energy/energie/gaz_naturel", "energy/energie/autres",
    "energy/industrie/electricite", "energy/industrie/produits_petroliers", "energy/industrie/gaz_naturel", "energy/industrie/autres",
    "", "energy/residentiel/produits_petroliers", "energy/residentiel/gaz_naturel", "energy/residentiel/autres",
    "", "", "energy/routier/gaz_naturel", "energy/routier/autres",
    "energy/tertiaire/electricite", "energy/tertiaire/produits_petroliers", "energy/tertiaire/gaz_naturel", "energy/tertiaire/autres",
};

static const char *const pollutant_ids[STRATEGY_POLLUTANTS] = {
    "nox", "pm10", "pm25",
};

/* The factors per km of each pollutant, g: exhaust of a thermal car,
 * and wear (tyres, brakes, road) of any car, NULL when none. */
static const char *const pollutant_exhaust[STRATEGY_POLLUTANTS] = {
    "car_nox_per_km", "car_pm10_exhaust_per_km", "car_pm25_exhaust_per_km",
};
static const char *const pollutant_wear[STRATEGY_POLLUTANTS] = {
    NULL, "car_pm10_wear_per_km", "car_pm25_wear_per_km",
};

const char *
strategy_pollutant_id(enum strategy_pollutant pollutant)
{
    return pollutant_ids[pollutant];
}

static const char *const carrier_ids[STRATEGY_CARRIERS] = {
    "electricite", "produits_petroliers", "gaz_naturel", "autres",
};

static const char *const carrier_names[STRATEGY_CARRIERS] = {
    N_("electricity"), N_("petroleum products"), N_("natural gas"),
    N_("other carriers"),
};

const char *
strategy_carrier_id(enum strategy_carrier carrier)
{
    return carrier_ids[carrier];
}

const char *
strategy_carrier_name(enum strategy_carrier carrier)
{
    return carrier_names[carrier];
}

int
strategy_energy_derived(enum strategy_sector sector,
                        enum strategy_carrier carrier)
{
    return (sector == SECTOR_RESIDENTIAL && carrier == CARRIER_ELECTRICITY) ||
           (sector == SECTOR_ROAD && (carrier == CARRIER_PETROLEUM ||
                                      carrier == CARRIER_ELECTRICITY));
}

const char *
strategy_baseline_key(enum strategy_baseline_id id)
{
    return baseline_keys[id];
}

const char *
strategy_baseline_name(enum strategy_baseline_id id)
{
    if ((int)id < STRATEGY_SECTORS)
        return sector_names[id];
    if (id >= BASELINE_ENERGY)
        return sector_names[(id - BASELINE_ENERGY) / STRATEGY_CARRIERS];
    switch (id) {
    case BASELINE_ELECTRICITY:
        return N_("Residential electricity");
    case BASELINE_EV_SHARE:
        return N_("Plug-in share of cars");
    case BASELINE_DWELLINGS:
        return N_("Main residences");
    default:
        return N_("Photovoltaic capacity");
    }
}

void
strategy_baseline_label(enum strategy_baseline_id id,
                        const char *(*translate)(const char *msgid),
                        char *buf, size_t size)
{
    struct strategy_language language = {translate, 0, NULL};
    struct strategy_message label;
    const char *sector = strategy_baseline_name(id);

    if (id < BASELINE_ENERGY) {
        snprintf(buf, size, "%s", translate != NULL ? translate(sector)
                                                    : sector);
        return;
    }
    /* TRANSLATORS: final energy of a sector and a carrier, such as
       "Final energy, Industry, natural gas". */
    strategy_message_start(&label, N_("Final energy, %s, %s"));
    strategy_message_text(&label, STRATEGY_ARG_SECTOR,
                          sector_ids[(id - BASELINE_ENERGY) /
                                     STRATEGY_CARRIERS]);
    strategy_message_text(&label, STRATEGY_ARG_CARRIER,
                          carrier_ids[(id - BASELINE_ENERGY) %
                                      STRATEGY_CARRIERS]);
    strategy_message_format(&label, &language, buf, size);
}

const char *
strategy_baseline_unit(enum strategy_baseline_id id)
{
    if ((int)id < STRATEGY_SECTORS)
        return "t CO2e";
    if (id >= BASELINE_ENERGY)
        return "GWh";
    switch (id) {
    case BASELINE_ELECTRICITY:
        return "GWh";
    case BASELINE_EV_SHARE:
        return "%";
    case BASELINE_DWELLINGS:
        return "dwellings";
    default:
        return "MW";
    }
}

int
strategy_baseline_parse(const char *key)
{
    int i;

    for (i = 0; i < STRATEGY_BASELINES; i++) {
        if (*baseline_keys[i] != '\0' && strcmp(baseline_keys[i], key) == 0)
            return i;
    }
    return -1;
}

void
strategy_init(struct strategy *strategy)
{
    memset(strategy, 0, sizeof *strategy);
}

void
strategy_clear(struct strategy *strategy)
{
    free(strategy->name);
    free(strategy->updated_at);
    free(strategy->baselines.items);
    free(strategy->coefficients.items);
    free(strategy->goals.items);
    strategy_init(strategy);
}

static void
values_copy(struct strategy_values *dst, const struct strategy_values *src)
{
    dst->count = src->count;
    dst->items = NULL;
    if (src->count > 0) {
        dst->items = xmalloc(src->count * sizeof *dst->items);
        memcpy(dst->items, src->items, src->count * sizeof *dst->items);
    }
}

void
strategy_copy(struct strategy *dst, const struct strategy *src)
{
    strategy_clear(dst);
    *dst = *src;
    dst->name = src->name != NULL ? xstrdup(src->name) : NULL;
    dst->updated_at = src->updated_at != NULL ? xstrdup(src->updated_at)
                                              : NULL;
    values_copy(&dst->baselines, &src->baselines);
    values_copy(&dst->coefficients, &src->coefficients);
    values_copy(&dst->goals, &src->goals);
}

void
strategy_values_set(struct strategy_values *values, const char *key,
                    double value)
{
    size_t i;

    for (i = 0; i < values->count; i++) {
        if (strcmp(values->items[i].key, key) == 0) {
            values->items[i].value = value;
            return;
        }
    }
    values->items = xrealloc(values->items,
                             (values->count + 1) * sizeof *values->items);
    snprintf(values->items[values->count].key, STRATEGY_KEY_MAX, "%s", key);
    values->items[values->count].value = value;
    values->count++;
}

void
strategy_values_remove(struct strategy_values *values, const char *key)
{
    size_t i;

    for (i = 0; i < values->count; i++) {
        if (strcmp(values->items[i].key, key) == 0) {
            memmove(&values->items[i], &values->items[i + 1],
                    (values->count - i - 1) * sizeof *values->items);
            values->count--;
            return;
        }
    }
}

int
strategy_values_get(const struct strategy_values *values, const char *key,
                    double *value)
{
    size_t i;

    for (i = 0; i < values->count; i++) {
        if (strcmp(values->items[i].key, key) == 0) {
            *value = values->items[i].value;
            return 1;
        }
    }
    return 0;
}

static int
choice_valid(const struct strategy_action_def *def, const char *choice)
{
    size_t i;

    if (def->choice_count == 0)
        return *choice == '\0';
    for (i = 0; i < def->choice_count; i++) {
        if (strcmp(def->choices[i], choice) == 0)
            return 1;
    }
    return 0;
}

int
strategy_add_action_message(struct strategy *strategy,
                            const struct strategy_catalogue *catalogue,
                            const char *action, const char *choice,
                            int this_year, struct strategy_message *reason)
{
    const struct strategy_action_def *def;
    struct strategy_item *item;
    size_t i;

    strategy_message_start(reason, NULL);
    def = strategy_catalogue_action(catalogue, action);
    if (def == NULL) {
        strategy_message_start(reason, N_("unknown action %s"));
        strategy_message_text(reason, STRATEGY_ARG_TEXT, action);
        return -1;
    }
    if (choice == NULL)
        choice = "";
    if (!choice_valid(def, choice)) {
        strategy_message_start(reason, N_("action %s has no choice \"%s\""));
        strategy_message_text(reason, STRATEGY_ARG_ACTION, action);
        strategy_message_text(reason, STRATEGY_ARG_TEXT, choice);
        return -1;
    }
    for (i = 0; i < strategy->item_count; i++) {
        if (def->kind != ACTION_SECTOR_REDUCTION &&
            strcmp(strategy->items[i].action, action) == 0) {
            strategy_message_start(reason, N_("action %s is already in the "
                                              "strategy"));
            strategy_message_text(reason, STRATEGY_ARG_ACTION, action);
            return -1;
        }
    }
    if (strategy->item_count == STRATEGY_ITEMS_MAX) {
        strategy_message_start(reason,
                               N_("a strategy holds at most %s actions"));
        strategy_message_number(reason, STRATEGY_ARG_INTEGER,
                                STRATEGY_ITEMS_MAX);
        return -1;
    }

    if (this_year < STRATEGY_FIRST_YEAR)
        this_year = STRATEGY_FIRST_YEAR;
    if (this_year > STRATEGY_LAST_YEAR)
        this_year = STRATEGY_LAST_YEAR;
    item = &strategy->items[strategy->item_count++];
    memset(item, 0, sizeof *item);
    snprintf(item->action, sizeof item->action, "%s", action);
    snprintf(item->choice, sizeof item->choice, "%s", choice);
    for (i = 0; i < def->param_count; i++) {
        struct strategy_target *target = &item->params[i];

        memcpy(target->param, def->params[i].id, sizeof target->param);
        target->set = def->params[i].has_default;
        target->value = def->params[i].default_value;
        target->start_year = this_year;
        target->target_year = STRATEGY_LAST_YEAR;
    }
    item->param_count = def->param_count;
    return 0;
}

int
strategy_add_action(struct strategy *strategy,
                    const struct strategy_catalogue *catalogue,
                    const char *action, const char *choice, int this_year,
                    char *err, size_t err_size)
{
    struct strategy_message reason;
    int rc = strategy_add_action_message(strategy, catalogue, action, choice,
                                         this_year, &reason);

    strategy_message_format(&reason, NULL, err, err_size);
    return rc;
}

void
strategy_remove_item(struct strategy *strategy, size_t index)
{
    if (index >= strategy->item_count)
        return;
    memmove(&strategy->items[index], &strategy->items[index + 1],
            (strategy->item_count - index - 1) * sizeof strategy->items[0]);
    strategy->item_count--;
}

/* The index of the item with the action and choice of item, or -1. */
static long
item_find(const struct strategy *strategy, const struct strategy_item *item)
{
    size_t i;

    for (i = 0; i < strategy->item_count; i++) {
        if (strcmp(strategy->items[i].action, item->action) == 0 &&
            strcmp(strategy->items[i].choice, item->choice) == 0)
            return (long)i;
    }
    return -1;
}

static int
target_equal(const struct strategy_target *a, const struct strategy_target *b)
{
    return strcmp(a->param, b->param) == 0 && a->set == b->set &&
           a->start_year == b->start_year &&
           a->target_year == b->target_year && a->value == b->value;
}

/* Apply to merged the values that mine changed from base. */
static size_t
values_merge(struct strategy_values *merged,
             const struct strategy_values *base,
             const struct strategy_values *mine)
{
    size_t replaced = 0;
    size_t i;

    for (i = 0; i < mine->count; i++) {
        const char *key = mine->items[i].key;
        double value = mine->items[i].value;
        double before;
        double stored;
        int had = strategy_values_get(base, key, &before);
        int has = strategy_values_get(merged, key, &stored);

        if (had && before == value)
            continue;
        /* Another session changed it too, to something else. */
        if (has != had || (has && stored != before))
            replaced += !(has && stored == value);
        strategy_values_set(merged, key, value);
    }
    for (i = 0; i < base->count; i++) {
        const char *key = base->items[i].key;
        double value;
        double stored;

        if (strategy_values_get(mine, key, &value))
            continue;
        if (strategy_values_get(merged, key, &stored) &&
            stored != base->items[i].value)
            replaced++;
        strategy_values_remove(merged, key);
    }
    return replaced;
}

size_t
strategy_merge(struct strategy *merged, const struct strategy *base,
               const struct strategy *mine)
{
    size_t replaced = 0;
    size_t i;
    size_t j;
    long at;

    if (mine->name != NULL &&
        (base->name == NULL || strcmp(mine->name, base->name) != 0)) {
        if (merged->name != NULL && base->name != NULL &&
            strcmp(merged->name, base->name) != 0 &&
            strcmp(merged->name, mine->name) != 0)
            replaced++;
        free(merged->name);
        merged->name = xstrdup(mine->name);
    }
    /* Actions removed, then added, then parameters changed. */
    for (i = 0; i < base->item_count; i++) {
        if (item_find(mine, &base->items[i]) < 0 &&
            (at = item_find(merged, &base->items[i])) >= 0)
            strategy_remove_item(merged, (size_t)at);
    }
    for (i = 0; i < mine->item_count; i++) {
        const struct strategy_item *item = &mine->items[i];
        long in_base = item_find(base, item);

        at = item_find(merged, item);
        if (in_base < 0) {
            if (at >= 0)
                merged->items[at] = *item;
            else if (merged->item_count < STRATEGY_ITEMS_MAX)
                merged->items[merged->item_count++] = *item;
            continue;
        }
        if (at < 0 || merged->items[at].param_count != item->param_count ||
            base->items[in_base].param_count != item->param_count) {
            /* Another session removed the action: a change of mine to
             * it is lost. */
            for (j = 0; j < item->param_count &&
                        j < base->items[in_base].param_count;
                 j++) {
                if (!target_equal(&item->params[j],
                                  &base->items[in_base].params[j]))
                    replaced++;
            }
            continue;
        }
        for (j = 0; j < item->param_count; j++) {
            const struct strategy_target *before =
                &base->items[in_base].params[j];
            struct strategy_target *stored = &merged->items[at].params[j];

            if (target_equal(&item->params[j], before))
                continue;
            if (!target_equal(stored, before) &&
                !target_equal(stored, &item->params[j]))
                replaced++;
            *stored = item->params[j];
        }
    }
    replaced +=
        values_merge(&merged->baselines, &base->baselines, &mine->baselines);
    replaced += values_merge(&merged->coefficients, &base->coefficients,
                             &mine->coefficients);
    replaced += values_merge(&merged->goals, &base->goals, &mine->goals);
    return replaced;
}

/* The definition of parameter id of an action, or NULL. */
static const struct strategy_param_def *
param_def(const struct strategy_action_def *def, const char *id)
{
    size_t i;

    for (i = 0; i < def->param_count; i++) {
        if (strcmp(def->params[i].id, id) == 0)
            return &def->params[i];
    }
    return NULL;
}

/* Check one target against its parameter's bounds and the years. */
static int
target_check(const struct strategy_action_def *def,
             const struct strategy_target *target,
             struct strategy_message *reason)
{
    const struct strategy_param_def *param = param_def(def, target->param);

    if (param == NULL) {
        strategy_message_start(reason, N_("action %s has no parameter %s"));
        strategy_message_text(reason, STRATEGY_ARG_ACTION, def->id);
        strategy_message_text(reason, STRATEGY_ARG_TEXT, target->param);
        return -1;
    }
    if (!(target->value >= param->min && target->value <= param->max)) {
        strategy_message_start(reason, N_("%s, %s: %s %s is outside the bounds "
                                          "%s to %s %s"));
        strategy_message_text(reason, STRATEGY_ARG_ACTION, def->id);
        strategy_message_param(reason, def->id, param->id);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, target->value);
        strategy_message_text(reason, STRATEGY_ARG_UNIT, param->unit);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, param->min);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, param->max);
        strategy_message_text(reason, STRATEGY_ARG_UNIT, param->unit);
        return -1;
    }
    if (target->start_year < STRATEGY_FIRST_YEAR ||
        target->target_year > STRATEGY_LAST_YEAR ||
        target->start_year > target->target_year) {
        strategy_message_start(reason,
                               N_("%s, %s: the years must satisfy %s <= "
                                  "start (%s) <= target (%s) <= %s"));
        strategy_message_text(reason, STRATEGY_ARG_ACTION, def->id);
        strategy_message_param(reason, def->id, param->id);
        strategy_message_number(reason, STRATEGY_ARG_INTEGER,
                                STRATEGY_FIRST_YEAR);
        strategy_message_number(reason, STRATEGY_ARG_INTEGER,
                                target->start_year);
        strategy_message_number(reason, STRATEGY_ARG_INTEGER,
                                target->target_year);
        strategy_message_number(reason, STRATEGY_ARG_INTEGER,
                                STRATEGY_LAST_YEAR);
        return -1;
    }
    return 0;
}

int
strategy_set_target_message(struct strategy *strategy,
                            const struct strategy_catalogue *catalogue,
                            size_t item, const char *param, int start_year,
                            int target_year, double value,
                            struct strategy_message *reason)
{
    const struct strategy_action_def *def;
    struct strategy_target candidate;
    struct strategy_item *entry;
    size_t i;

    strategy_message_start(reason, NULL);
    if (item >= strategy->item_count) {
        strategy_message_start(reason, N_("no action number %s"));
        strategy_message_number(reason, STRATEGY_ARG_INTEGER, (double)item + 1);
        return -1;
    }
    entry = &strategy->items[item];
    def = strategy_catalogue_action(catalogue, entry->action);
    if (def == NULL) {
        strategy_message_start(reason, N_("unknown action %s"));
        strategy_message_text(reason, STRATEGY_ARG_TEXT, entry->action);
        return -1;
    }
    memset(&candidate, 0, sizeof candidate);
    snprintf(candidate.param, sizeof candidate.param, "%s", param);
    candidate.set = 1;
    candidate.start_year = start_year;
    candidate.target_year = target_year;
    candidate.value = value;
    if (target_check(def, &candidate, reason) < 0)
        return -1;

    for (i = 0; i < entry->param_count; i++) {
        if (strcmp(entry->params[i].param, param) == 0) {
            entry->params[i] = candidate;
            return 0;
        }
    }
    strategy_message_start(reason, N_("action %s has no parameter %s"));
    strategy_message_text(reason, STRATEGY_ARG_ACTION, def->id);
    strategy_message_text(reason, STRATEGY_ARG_TEXT, param);
    return -1;
}

int
strategy_set_target(struct strategy *strategy,
                    const struct strategy_catalogue *catalogue, size_t item,
                    const char *param, int start_year, int target_year,
                    double value, char *err, size_t err_size)
{
    struct strategy_message reason;
    int rc =
        strategy_set_target_message(strategy, catalogue, item, param,
                                    start_year, target_year, value, &reason);

    strategy_message_format(&reason, NULL, err, err_size);
    return rc;
}

void
strategy_baseline_apply(struct strategy_baseline *base,
                        const struct strategy *strategy)
{
    size_t i;

    for (i = 0; i < strategy->baselines.count; i++) {
        int id = strategy_baseline_parse(strategy->baselines.items[i].key);

        if (id < 0)
            continue;
        base->value[id] = strategy->baselines.items[i].value;
        base->present[id] = 1;
        base->overridden[id] = 1;
        base->year[id] = 0;
        base->origin[id][0] = '\0';
    }
}

double
strategy_target_value(const struct strategy_target *target, double initial,
                      int year)
{
    double span;

    if (year <= target->start_year)
        return year == target->target_year ? target->value : initial;
    if (year >= target->target_year)
        return target->value;
    span = (double)(target->target_year - target->start_year);
    return initial + (target->value - initial) *
                         (double)(year - target->start_year) / span;
}

/*
 * The engine's view of one strategy: the items resolved against the
 * catalogue, the coefficients of each range and what is missing.
 */
struct engine {
    const struct strategy_catalogue *catalogue;
    const struct strategy *strategy;
    const struct strategy_baseline *base;
    const struct strategy_item *by_kind[STRATEGY_ACTION_KINDS];
    const struct strategy_action_def *defs[STRATEGY_ITEMS_MAX];
    double coef[STRATEGY_RANGES][64];
    int coef_missing[64];
    struct strategy_result *out;
    size_t missing;
    struct strategy_message dropped; /* written past the lists' ends */
    /* By year from STRATEGY_FIRST_YEAR, summed from the first year: the
     * dwellings renovated, their energy gains as ratios (each year's
     * dwellings keep the gain aimed at in that year) and the solar
     * capacity added, MWp. */
    double renovated[STRATEGY_YEARS];
    double gained[STRATEGY_YEARS];
    double capacity[STRATEGY_YEARS];
};

/* Start one more missing input of the list, with its format. Inputs
 * past STRATEGY_PROBLEMS_MAX are counted but not listed. */
static struct strategy_message *
engine_missing(struct engine *engine, const char *format)
{
    struct strategy_result *out = engine->out;
    struct strategy_message *message = &engine->dropped;

    engine->missing++;
    out->missing = 1;
    if (out->problem_count < STRATEGY_PROBLEMS_MAX)
        message = &out->problems[out->problem_count++];
    strategy_message_start(message, format);
    return message;
}

/* Start one more note (dropped past STRATEGY_NOTES_MAX). */
static struct strategy_message *
engine_note(struct engine *engine, const char *format)
{
    struct strategy_result *out = engine->out;
    struct strategy_message *message = &engine->dropped;

    if (out->note_count < STRATEGY_NOTES_MAX)
        message = &out->note_list[out->note_count++];
    strategy_message_start(message, format);
    return message;
}

/* Replace the problems with the one that stops the computation. */
static struct strategy_message *
engine_failure(struct engine *engine)
{
    struct strategy_result *out = engine->out;

    out->missing = 0;
    out->problem_count = 1;
    strategy_message_start(&out->problems[0], NULL);
    return &out->problems[0];
}

/* Returns 1 when an item has the parameters of its action, in order. */
static int
params_match(const struct strategy_action_def *def,
             const struct strategy_item *item)
{
    size_t i;

    if (item->param_count != def->param_count)
        return 0;
    for (i = 0; i < item->param_count; i++) {
        if (strcmp(item->params[i].param, def->params[i].id) != 0)
            return 0;
    }
    return 1;
}

/* Fill the coefficient table: published values, or the user's, which
 * replace a published one too. */
static int
engine_coefs(struct engine *engine)
{
    const struct strategy_catalogue *catalogue = engine->catalogue;
    size_t i;
    int r;

    for (i = 0; i < catalogue->coef_count && i < 64; i++) {
        const struct strategy_coef_def *coef = &catalogue->coefs[i];
        double value;
        int entered = strategy_values_get(&engine->strategy->coefficients,
                                          coef->id, &value);

        /* Checked first, so that a value out of bounds is named even
         * while another input is still missing. */
        if (entered && !(isfinite(value) && value >= coef->min &&
                         value <= coef->max)) {
            struct strategy_message *reason = engine_failure(engine);

            if (isfinite(coef->max)) {
                strategy_message_start(reason, N_("%s: %s %s is outside the "
                                                  "bounds %s to %s %s"));
                strategy_message_text(reason, STRATEGY_ARG_COEF, coef->id);
                strategy_message_number(reason, STRATEGY_ARG_NUMBER, value);
                strategy_message_text(reason, STRATEGY_ARG_UNIT, coef->unit);
                strategy_message_number(reason, STRATEGY_ARG_NUMBER,
                                        coef->min);
                strategy_message_number(reason, STRATEGY_ARG_NUMBER,
                                        coef->max);
                strategy_message_text(reason, STRATEGY_ARG_UNIT, coef->unit);
            } else {
                strategy_message_start(reason, N_("%s: %s %s must be %s %s "
                                                  "or more"));
                strategy_message_text(reason, STRATEGY_ARG_COEF, coef->id);
                strategy_message_number(reason, STRATEGY_ARG_NUMBER, value);
                strategy_message_text(reason, STRATEGY_ARG_UNIT, coef->unit);
                strategy_message_number(reason, STRATEGY_ARG_NUMBER,
                                        coef->min);
                strategy_message_text(reason, STRATEGY_ARG_UNIT, coef->unit);
            }
            return -1;
        }

        engine->coef_missing[i] = coef->user_input && !entered;
        for (r = 0; r < STRATEGY_RANGES; r++)
            engine->coef[r][i] = entered ? value : coef->value[r];
    }
    return 0;
}

/* Check what each item needs and list what is missing. Returns -1 on an
 * invalid item (the message gives the cause). */
static int
engine_resolve(struct engine *engine)
{
    const struct strategy *strategy = engine->strategy;
    size_t i;
    size_t j;

    for (i = 0; i < strategy->item_count; i++) {
        const struct strategy_item *item = &strategy->items[i];
        const struct strategy_action_def *def =
            strategy_catalogue_action(engine->catalogue, item->action);

        if (def == NULL || !choice_valid(def, item->choice) ||
            !params_match(def, item)) {
            struct strategy_message *reason = engine_failure(engine);

            strategy_message_start(reason,
                                   N_("action %s is not in the catalogue "
                                      "as stored"));
            strategy_message_text(reason, STRATEGY_ARG_TEXT, item->action);
            return -1;
        }
        engine->defs[i] = def;
        if (def->kind != ACTION_SECTOR_REDUCTION)
            engine->by_kind[def->kind] = item;
        for (j = 0; j < item->param_count; j++) {
            struct strategy_message *reason;

            if (!item->params[j].set) {
                /* TRANSLATORS: an action and its parameter. */
                reason = engine_missing(engine, N_("%s, %s"));
                strategy_message_text(reason, STRATEGY_ARG_ACTION, def->id);
                strategy_message_param(reason, def->id, item->params[j].param);
            } else if (target_check(def, &item->params[j], &engine->dropped) <
                       0) {
                *engine_failure(engine) = engine->dropped;
                return -1;
            }
        }
        for (j = 0; j < def->coef_count; j++) {
            size_t c = def->coefs[j];

            if (c < 64 && engine->coef_missing[c] &&
                !engine->catalogue->coefs[c].optional) {
                engine->coef_missing[c] = 0; /* list each once */
                strategy_message_text(engine_missing(engine, "%s"),
                                      STRATEGY_ARG_COEF,
                                      engine->catalogue->coefs[c].id);
            }
        }
    }
    return 0;
}

/* Coefficient id in range r; the catalogue is checked at load time, so an
 * unknown id is an internal error. */
static double
coef(const struct engine *engine, const char *id, int r)
{
    int index = strategy_catalogue_coef(engine->catalogue, id);

    TERRISH_ASSERT(index >= 0 && index < 64);
    return engine->coef[r][index];
}

/* Value of parameter id of the item in a year, or fallback when the
 * strategy has no such item. */
static double
param_at(const struct strategy_item *item, const char *id, double initial,
         int year)
{
    size_t i;

    for (i = 0; i < item->param_count; i++) {
        if (strcmp(item->params[i].param, id) == 0)
            return strategy_target_value(&item->params[i], initial, year);
    }
    return initial;
}

/* Initial value of a parameter that starts from its default. */
static double
param_default(const struct engine *engine, enum strategy_action_kind kind,
              const char *id)
{
    const struct strategy_item *item = engine->by_kind[kind];
    const struct strategy_action_def *def =
        strategy_catalogue_action(engine->catalogue, item->action);
    const struct strategy_param_def *param = param_def(def, id);

    return param->default_value;
}

/* Initial value of a mix parameter: the target itself. */
static double
param_target(const struct strategy_item *item, const char *id)
{
    size_t i;

    for (i = 0; i < item->param_count; i++) {
        if (strcmp(item->params[i].param, id) == 0)
            return item->params[i].value;
    }
    return 0;
}

/* Emissions of one year and range, by sector, after the mobility actions. */
struct year_state {
    double sector[STRATEGY_SECTORS];
    double car_before;   /* t CO2e of cars without the strategy */
    double car_after;    /* t CO2e of thermal car-km left */
    double car_electrified; /* t CO2e of thermal car-km made electric */
    int mobility;        /* a mobility action acted */
};

/*
 * Home-to-work car emissions after telework, modal shift and carpooling
 * (in that order). Adds the replacement modes' emissions to state.
 */
static int
engine_home_work(struct engine *engine, double home_work, int year, int r,
                 struct year_state *state, double *left)
{
    struct strategy_message *reason;
    const struct strategy_item *item;
    double shift_cycle = 0;
    double shift_transit = 0;

    item = engine->by_kind[ACTION_TELEWORK];
    if (item != NULL) {
        double share = param_at(item, "share_workers",
                                param_default(engine, ACTION_TELEWORK,
                                              "share_workers"),
                                year) / 100;
        double days = param_at(item, "days_per_week",
                               param_default(engine, ACTION_TELEWORK,
                                             "days_per_week"),
                               year);
        double trips = coef(engine, "commute_trips_per_week", r);
        double days_share = fmin(1, 2 * days / trips);

        home_work *= 1 - share * days_share *
                             coef(engine, "telework_day_reduction", r);
    }

    item = engine->by_kind[ACTION_CYCLING];
    if (item != NULL) {
        double lt5 = coef(engine, "band_share_lt5", r);
        double mid = coef(engine, "band_share_5_10", r);

        if (lt5 < 0 || mid < 0 || lt5 + mid > 1) {
            reason = engine_failure(engine);
            strategy_message_start(reason, N_("%s (%s) and %s (%s) must be "
                                              "shares adding up to at most 1"));
            strategy_message_text(reason, STRATEGY_ARG_COEF, "band_share_lt5");
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, lt5);
            strategy_message_text(reason, STRATEGY_ARG_COEF, "band_share_5_10");
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, mid);
            return -1;
        }
        shift_cycle = param_at(item, "shift_lt5",
                               param_default(engine, ACTION_CYCLING,
                                             "shift_lt5"),
                               year) / 100 * lt5 +
                      param_at(item, "shift_5_10",
                               param_default(engine, ACTION_CYCLING,
                                             "shift_5_10"),
                               year) / 100 * mid;
    }
    item = engine->by_kind[ACTION_PUBLIC_TRANSPORT];
    if (item != NULL) {
        shift_transit = param_at(item, "shift",
                                 param_default(engine,
                                               ACTION_PUBLIC_TRANSPORT,
                                               "shift"),
                                 year) / 100;
    }
    if (shift_cycle + shift_transit > 1 + 1e-9) {
        reason = engine_failure(engine);
        strategy_message_start(reason, N_("in %s the cycling and public "
                                          "transport shifts add up to %s %% of "
                                          "home-to-work car-km, above the "
                                          "maximum of 100 %%"));
        strategy_message_number(reason, STRATEGY_ARG_INTEGER, year);
        /* One decimal, rounded as %.1f would. */
        strategy_message_number(reason, STRATEGY_ARG_NUMBER,
                                round(1000 * (shift_cycle + shift_transit)) /
                                    10);
        return -1;
    }

    if (engine->by_kind[ACTION_CYCLING] != NULL) {
        item = engine->by_kind[ACTION_CYCLING];
        state->sector[SECTOR_ENERGY] +=
            home_work * shift_cycle *
            param_at(item, "ebike_share", param_target(item, "ebike_share"),
                     year) / 100 * coef(engine, "ebike_car_ratio", r);
    }
    if (engine->by_kind[ACTION_PUBLIC_TRANSPORT] != NULL) {
        double train;

        item = engine->by_kind[ACTION_PUBLIC_TRANSPORT];
        train = param_at(item, "train_share",
                         param_target(item, "train_share"), year) / 100;
        state->sector[SECTOR_ROAD] += home_work * shift_transit *
                                      (1 - train) *
                                      coef(engine, "bus_car_ratio", r);
        state->sector[SECTOR_OTHER_TRANSPORT] +=
            home_work * shift_transit * train *
            coef(engine, "train_car_ratio", r);
    }
    home_work *= 1 - shift_cycle - shift_transit;

    item = engine->by_kind[ACTION_CARPOOLING];
    if (item != NULL) {
        double now = coef(engine, "occupancy_home_work", r);
        double target = param_at(item, "occupancy", now, year);

        if (now < 1) {
            reason = engine_failure(engine);
            strategy_message_start(reason, N_("%s (%s) is below the minimum of "
                                              "1 person per car"));
            strategy_message_text(reason, STRATEGY_ARG_COEF,
                                  "occupancy_home_work");
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, now);
            return -1;
        }
        if (target < now - 1e-9) {
            reason = engine_failure(engine);
            strategy_message_start(reason, N_("%s, %s: %s in %s is below the "
                                              "current occupancy of %s, the "
                                              "minimum"));
            strategy_message_text(reason, STRATEGY_ARG_ACTION, item->action);
            strategy_message_param(reason, item->action, "occupancy");
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, target);
            strategy_message_number(reason, STRATEGY_ARG_INTEGER, year);
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, now);
            return -1;
        }
        home_work *= now / target;
    }
    *left = home_work;
    return 0;
}

/* Returns 1 when the strategy has a mobility action, which acts on cars'
 * emissions, fuel and pollutants. */
static int
engine_has_mobility(const struct engine *engine)
{
    return engine->by_kind[ACTION_TELEWORK] != NULL ||
           engine->by_kind[ACTION_CYCLING] != NULL ||
           engine->by_kind[ACTION_PUBLIC_TRANSPORT] != NULL ||
           engine->by_kind[ACTION_CARPOOLING] != NULL ||
           engine->by_kind[ACTION_ELECTRIFICATION] != NULL;
}

/* Road-transport emissions of one year and range after every mobility
 * action. */
static int
engine_mobility(struct engine *engine, int year, int r,
                struct year_state *state)
{
    const struct strategy_baseline *base = engine->base;
    struct strategy_message *reason;
    const struct strategy_item *item;
    double road = base->value[SECTOR_ROAD];
    double cars = road * coef(engine, "car_share_road_ghg", r);
    double home_work = 0;
    double other;

    state->car_before = cars;
    state->car_after = cars;
    if (!engine_has_mobility(engine))
        return 0;
    state->mobility = 1;

    other = cars;
    if (engine->by_kind[ACTION_TELEWORK] != NULL ||
        engine->by_kind[ACTION_CYCLING] != NULL ||
        engine->by_kind[ACTION_PUBLIC_TRANSPORT] != NULL ||
        engine->by_kind[ACTION_CARPOOLING] != NULL) {
        home_work = cars * coef(engine, "home_work_share_car_km", r);
        if (home_work < 0 || home_work > cars) {
            reason = engine_failure(engine);
            strategy_message_start(reason, N_("%s must be between 0 and 1"));
            strategy_message_text(reason, STRATEGY_ARG_COEF,
                                  "home_work_share_car_km");
            return -1;
        }
        other = cars - home_work;
        if (engine_home_work(engine, home_work, year, r, state,
                             &home_work) < 0)
            return -1;
    }
    cars = other + home_work;

    item = engine->by_kind[ACTION_ELECTRIFICATION];
    if (item != NULL) {
        double now = base->value[BASELINE_EV_SHARE] / 100;
        double target = param_at(item, "electric_share", 100 * now, year) /
                        100;
        double thermal = now < 1 ? (1 - target) / (1 - now) : 1;

        if (target < now - 1e-9) {
            reason = engine_failure(engine);
            strategy_message_start(reason,
                                   N_("%s, %s: %s %% in %s is below the "
                                      "territory's current share of "
                                      "%s %%, the minimum"));
            strategy_message_text(reason, STRATEGY_ARG_ACTION, item->action);
            strategy_message_param(reason, item->action, "electric_share");
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, 100 * target);
            strategy_message_number(reason, STRATEGY_ARG_INTEGER, year);
            strategy_message_number(reason, STRATEGY_ARG_NUMBER, 100 * now);
            return -1;
        }
        state->sector[SECTOR_ENERGY] +=
            cars * (1 - thermal) * coef(engine, "ev_car_ratio", r);
        state->car_electrified = cars * (1 - thermal);
        cars *= thermal;
    }
    state->car_after = cars;
    state->sector[SECTOR_ROAD] += road - state->car_before + cars;
    return 0;
}

/* Sum the renovations and the solar capacity added year by year. */
static void
engine_accumulate(struct engine *engine)
{
    const struct strategy_item *renovation =
        engine->by_kind[ACTION_RENOVATION];
    const struct strategy_item *solar = engine->by_kind[ACTION_ROOFTOP_SOLAR];
    double dwellings = 0;
    double gained = 0;
    double capacity = 0;
    int y;

    for (y = 0; y < STRATEGY_YEARS; y++) {
        int year = STRATEGY_FIRST_YEAR + y;

        if (renovation != NULL) {
            double count = param_at(renovation, "dwellings_per_year",
                                    param_default(engine, ACTION_RENOVATION,
                                                  "dwellings_per_year"),
                                    year);

            dwellings += count;
            gained += count *
                      param_at(renovation, "energy_gain",
                               param_target(renovation, "energy_gain"),
                               year) /
                      100;
        }
        if (solar != NULL)
            capacity += param_at(solar, "capacity_per_year",
                                 param_default(engine, ACTION_ROOFTOP_SOLAR,
                                               "capacity_per_year"),
                                 year);
        engine->renovated[y] = dwellings;
        engine->gained[y] = gained;
        engine->capacity[y] = capacity;
    }
}

/* Refuse more dwellings renovated than the territory has, naming the
 * first year that passes the bound. Returns 0 or -1. */
static int
engine_check_renovation(struct engine *engine)
{
    double stock = engine->base->value[BASELINE_DWELLINGS];
    int y;

    if (engine->by_kind[ACTION_RENOVATION] == NULL)
        return 0;
    for (y = 0; y < STRATEGY_YEARS; y++) {
        struct strategy_message *reason;

        if (engine->renovated[y] <= stock + 1e-6)
            continue;
        reason = engine_failure(engine);
        /* TRANSLATORS: "Residential renovation: 12,000 dwellings renovated
           by 2040, more than the territory's 10,500 main residences". */
        strategy_message_start(reason, N_("%s: %s dwellings renovated by %s, "
                                          "more than the territory's %s "
                                          "main residences"));
        strategy_message_text(reason, STRATEGY_ARG_ACTION, "renovation");
        /* Whole dwellings: the census counts are weighted sums. */
        strategy_message_number(reason, STRATEGY_ARG_NUMBER,
                                round(engine->renovated[y]));
        strategy_message_number(reason, STRATEGY_ARG_INTEGER,
                                STRATEGY_FIRST_YEAR + y);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, floor(stock));
        return -1;
    }
    return 0;
}

/* Apply renovation and the sector reductions, and the energy results:
 * residential electricity, photovoltaic production and the energy cells
 * that the user entered (energy, GWh by sector and carrier). */
static void
engine_energy(struct engine *engine, int year, int r,
              struct year_state *state, double *electricity,
              double *production,
              double energy[STRATEGY_SECTORS][STRATEGY_CARRIERS])
{
    const struct strategy *strategy = engine->strategy;
    const struct strategy_item *item;
    size_t i;
    int c;

    item = engine->by_kind[ACTION_RENOVATION];
    if (item != NULL) {
        /* The dwellings renovated so far, each with the gain aimed at in
         * its year, over the territory's main residences (checked to be
         * at least as many: none renovated when there are none). */
        double stock = engine->base->value[BASELINE_DWELLINGS];
        double cut = stock > 0
                         ? engine->gained[year - STRATEGY_FIRST_YEAR] / stock
                         : 0;

        state->sector[SECTOR_RESIDENTIAL] *= 1 - cut;
        *electricity *= 1 - cut;
        for (c = 0; c < STRATEGY_CARRIERS; c++)
            energy[SECTOR_RESIDENTIAL][c] *= 1 - cut;
    }
    item = engine->by_kind[ACTION_ROOFTOP_SOLAR];
    if (item != NULL) {
        /* The capacity added so far, MWp, x kWh/kWp = MWh per year; /
         * 1000 gives GWh. */
        *production = engine->capacity[year - STRATEGY_FIRST_YEAR] *
                      coef(engine, "pv_yield", r) / 1000;
    }

    for (i = 0; i < strategy->item_count; i++) {
        const struct strategy_item *reduction = &strategy->items[i];
        double keep;
        int s;

        if (engine->defs[i]->kind != ACTION_SECTOR_REDUCTION)
            continue;
        keep = 1 - param_at(reduction, "reduction", 0, year) / 100;
        if (strcmp(reduction->choice, "electricity_residential") == 0) {
            *electricity *= keep;
            continue;
        }
        for (s = 0; s < STRATEGY_SECTORS; s++) {
            if (strcmp(reduction->choice, sector_ids[s]) != 0)
                continue;
            state->sector[s] *= keep;
            for (c = 0; c < STRATEGY_CARRIERS; c++)
                energy[s][c] *= keep;
        }
    }
}

/* Store one value of a run into the low/central/high triple: the central
 * run gives central, and low and high keep the extremes of the runs. */
static void
range_store(double triple[STRATEGY_RANGES], int r, double value)
{
    if (r == STRATEGY_CENTRAL)
        triple[STRATEGY_CENTRAL] = value;
    if (r == 0 || value < triple[STRATEGY_LOW])
        triple[STRATEGY_LOW] = value;
    if (r == 0 || value > triple[STRATEGY_HIGH])
        triple[STRATEGY_HIGH] = value;
}

/* Index of a coefficient that has a value (published or entered), or -1
 * when the catalogue lacks it or an optional input is not entered. */
static int
coef_given(const struct engine *engine, const char *id)
{
    int index = strategy_catalogue_coef(engine->catalogue, id);

    if (index < 0 || index >= 64 || engine->coef_missing[index])
        return -1;
    return index;
}

/* Litres of road fuel that a mass of car emissions (t CO2e) burns:
 * t x 1000 gives kg, / kg CO2e per litre gives litres. */
static double
car_litres(const struct engine *engine, int r, double emissions)
{
    return emissions * 1000 / coef(engine, "fuel_combustion_factor", r);
}

/* The petroleum products of passenger cars and the electricity of the
 * cars that electrification converts, GWh. An electric car-km replaces
 * a thermal one: the litres it no longer burns, / l per 100 km of a
 * thermal car, x kWh per 100 km of an electric car, give its kWh. */
static void
engine_cars_energy(const struct engine *engine, int r,
                   const struct year_state *state,
                   double energy[STRATEGY_SECTORS][STRATEGY_CARRIERS])
{
    const struct strategy_result *out = engine->out;
    int thermal = coef_given(engine, "thermal_car_consumption");
    int electric = coef_given(engine, "electric_car_consumption");
    int energy_per_litre = coef_given(engine, "fuel_energy_per_litre");

    /* Litres x kWh per litre give kWh, / 10^6 gives GWh. */
    if (out->has_energy[SECTOR_ROAD][CARRIER_PETROLEUM])
        energy[SECTOR_ROAD][CARRIER_PETROLEUM] =
            car_litres(engine, r, state->car_after) *
            engine->coef[r][energy_per_litre] / 1e6;
    if (out->has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY])
        energy[SECTOR_ROAD][CARRIER_ELECTRICITY] =
            car_litres(engine, r, state->car_electrified) /
            engine->coef[r][thermal] * engine->coef[r][electric] / 1e6;
}

/* The change of households' energy bill, EUR: the parts that the result
 * has, and their total when it has every part that applies. */
static void
engine_bill(struct engine *engine, int y, int r, double fuel,
            double energy[STRATEGY_SECTORS][STRATEGY_CARRIERS])
{
    struct strategy_result *out = engine->out;
    int price = coef_given(engine, "electricity_price");
    double total = fuel;

    if (out->has_bill_electricity) {
        /* GWh x 10^6 = kWh, x EUR per kWh. */
        double change = (energy[SECTOR_RESIDENTIAL][CARRIER_ELECTRICITY] -
                         engine->base->value[BASELINE_ELECTRICITY]) *
                        1e6 * engine->coef[r][price];

        range_store(out->bill_electricity[y], r, change);
        total += change;
    }
    if (out->has_bill_charging) {
        double cost = energy[SECTOR_ROAD][CARRIER_ELECTRICITY] * 1e6 *
                      engine->coef[r][price];

        range_store(out->bill_charging[y], r, cost);
        total += cost;
    }
    if (out->has_bill_gas) {
        /* GWh x 10^6 = kWh, x EUR per kWh. */
        int gas = STRATEGY_BASELINE_ENERGY(SECTOR_RESIDENTIAL, CARRIER_GAS);
        double change = (energy[SECTOR_RESIDENTIAL][CARRIER_GAS] -
                         engine->base->value[gas]) *
                        1e6 * coef(engine, "gas_price", r);

        range_store(out->bill_gas[y], r, change);
        total += change;
    }
    if (out->has_bill_heating_oil) {
        /* kWh / kWh per litre = litres, x EUR per litre. */
        int oil =
            STRATEGY_BASELINE_ENERGY(SECTOR_RESIDENTIAL, CARRIER_PETROLEUM);
        double change = (energy[SECTOR_RESIDENTIAL][CARRIER_PETROLEUM] -
                         engine->base->value[oil]) *
                        1e6 /
                        coef(engine, "heating_oil_energy_per_litre", r) *
                        coef(engine, "heating_oil_price", r);

        range_store(out->bill_heating_oil[y], r, change);
        total += change;
    }
    if (out->has_bill_total)
        range_store(out->bill_total[y], r, total);
}

/* The change of cars' pollutants in a year: the thermal car-km that the
 * mobility actions remove or electrify stop their exhaust, and the car-km
 * they remove (not those electrified) stop their wear too. Car-km are
 * the litres their emissions burn / l per 100 km x 100; g / 10^6 = t. */
static void
engine_pollutants(struct engine *engine, int y, int r,
                  const struct year_state *state)
{
    struct strategy_result *out = engine->out;
    double per_km = coef(engine, "thermal_car_consumption", r) / 100;
    double before;
    double thermal;
    double cars;
    int p;

    if (!state->mobility || per_km <= 0)
        return;
    before = car_litres(engine, r, state->car_before) / per_km;
    thermal = car_litres(engine, r, state->car_after) / per_km - before;
    cars = car_litres(engine, r, state->car_after + state->car_electrified) /
               per_km -
           before;
    for (p = 0; p < STRATEGY_POLLUTANTS; p++) {
        double change;

        if (!out->has_pollutant[p])
            continue;
        change = thermal * coef(engine, pollutant_exhaust[p], r);
        if (pollutant_wear[p] != NULL)
            change += cars * coef(engine, pollutant_wear[p], r);
        range_store(out->pollutant[y][p], r, change / 1e6);
    }
}

/* One year of one run. */
static int
engine_year(struct engine *engine, int y, int r)
{
    const struct strategy_baseline *base = engine->base;
    struct strategy_result *out = engine->out;
    struct year_state state;
    double electricity = base->value[BASELINE_ELECTRICITY];
    double production = 0;
    double energy[STRATEGY_SECTORS][STRATEGY_CARRIERS];
    double fuel = 0;
    double total = 0;
    int year = STRATEGY_FIRST_YEAR + y;
    int s;
    int c;

    memset(&state, 0, sizeof state);
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        if (s != SECTOR_ROAD)
            state.sector[s] = base->value[s];
        for (c = 0; c < STRATEGY_CARRIERS; c++) {
            int id = STRATEGY_BASELINE_ENERGY(s, c);

            energy[s][c] = base->present[id] ? base->value[id] : 0;
        }
    }
    if (engine_mobility(engine, year, r, &state) < 0)
        return -1;
    if (!state.mobility)
        state.sector[SECTOR_ROAD] += base->value[SECTOR_ROAD];
    engine_energy(engine, year, r, &state, &electricity, &production, energy);

    for (s = 0; s < STRATEGY_SECTORS; s++) {
        range_store(out->ghg[y][s], r, state.sector[s]);
        if (out->has_sector[s])
            total += state.sector[s];
    }
    range_store(out->ghg_total[y], r, total);
    range_store(out->electricity[y], r, electricity);
    range_store(out->production[y], r, production);
    if (out->has_jobs)
        range_store(out->jobs[y], r,
                    param_at(engine->by_kind[ACTION_RENOVATION],
                             "dwellings_per_year",
                             param_default(engine, ACTION_RENOVATION,
                                           "dwellings_per_year"),
                             year) *
                        coef(engine, "renovation_jobs_per_dwelling", r));
    if (state.mobility) {
        /* Fewer thermal car emissions mean fewer litres burnt. */
        double litres =
            car_litres(engine, r, state.car_before - state.car_after);

        fuel = -litres * coef(engine, "fuel_price", r);
        range_store(out->fuel[y], r, fuel);
    }
    engine_pollutants(engine, y, r, &state);
    engine_cars_energy(engine, r, &state, energy);
    energy[SECTOR_RESIDENTIAL][CARRIER_ELECTRICITY] = electricity;
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        for (c = 0; c < STRATEGY_CARRIERS; c++)
            range_store(out->energy[y][s][c], r, energy[s][c]);
    }
    engine_bill(engine, y, r, fuel, energy);
    return 0;
}

/* Note the outputs that a missing baseline leaves out, and list the
 * baselines that are required. */
/* Returns 1 when an action of the strategy acts on sector s. */
static int
engine_acts_on(const struct engine *engine, int s)
{
    size_t i;

    for (i = 0; i < engine->strategy->item_count; i++) {
        const struct strategy_action_def *def = engine->defs[i];

        if (def->kind == ACTION_SECTOR_REDUCTION &&
            strcmp(engine->strategy->items[i].choice, sector_ids[s]) == 0)
            return 1;
        if (s == SECTOR_ROAD && def->kind <= ACTION_ELECTRIFICATION)
            return 1;
        if (s == SECTOR_RESIDENTIAL && def->kind == ACTION_RENOVATION)
            return 1;
        /* Where the replacement modes' emissions go. */
        if (s == SECTOR_ENERGY && (def->kind == ACTION_CYCLING ||
                                   def->kind == ACTION_ELECTRIFICATION))
            return 1;
        if (s == SECTOR_OTHER_TRANSPORT &&
            def->kind == ACTION_PUBLIC_TRANSPORT)
            return 1;
    }
    return 0;
}

/* List the baselines that the actions need and are missing, and note the
 * outputs that a missing baseline leaves out. */
static void
engine_baselines(struct engine *engine)
{
    const struct strategy_baseline *base = engine->base;
    struct strategy_result *out = engine->out;
    int s;

    for (s = 0; s < STRATEGY_SECTORS; s++) {
        out->has_sector[s] = base->present[s];
        if (base->present[s])
            continue;
        if (engine_acts_on(engine, s)) {
            strategy_message_text(engine_missing(engine, N_("baseline %s")),
                                  STRATEGY_ARG_BASELINE, baseline_keys[s]);
        } else {
            strategy_message_text(
                engine_note(engine, N_("The territory has no %s emissions "
                                       "value: the total leaves the sector "
                                       "out.")),
                STRATEGY_ARG_SECTOR, sector_ids[s]);
        }
    }
    if (engine->by_kind[ACTION_RENOVATION] != NULL &&
        !base->present[BASELINE_DWELLINGS])
        strategy_message_text(engine_missing(engine, N_("baseline %s")),
                              STRATEGY_ARG_BASELINE,
                              baseline_keys[BASELINE_DWELLINGS]);
    if (engine->by_kind[ACTION_ELECTRIFICATION] != NULL &&
        !base->present[BASELINE_EV_SHARE])
        strategy_message_text(engine_missing(engine, N_("baseline %s")),
                              STRATEGY_ARG_BASELINE,
                              baseline_keys[BASELINE_EV_SHARE]);

    out->has_electricity = base->present[BASELINE_ELECTRICITY];
    if (!out->has_electricity)
        engine_note(engine, N_("The territory has no residential electricity "
                               "value: enter a baseline to see it."));
    out->has_production = engine->by_kind[ACTION_ROOFTOP_SOLAR] != NULL;
    out->has_jobs = engine->by_kind[ACTION_RENOVATION] != NULL;
    if (out->has_production)
        engine_note(engine, N_("Jobs of rooftop solar are not computed: no "
                               "published ratio per MW was found."));
    if (out->has_jobs)
        engine_note(engine, N_("Jobs count the dwellings renovated each "
                               "year; no published ratio gives the value "
                               "added."));
    out->has_fuel = engine_has_mobility(engine);
}

/* Returns 1 when renovation or a reduction of choice is in the strategy:
 * what changes residential energy, choice being "residentiel" for the
 * cells the user entered or "electricity_residential" for electricity. */
static int
engine_changes_homes(const struct engine *engine, const char *choice)
{
    size_t i;

    if (engine->by_kind[ACTION_RENOVATION] != NULL)
        return 1;
    for (i = 0; i < engine->strategy->item_count; i++) {
        if (engine->defs[i]->kind == ACTION_SECTOR_REDUCTION &&
            strcmp(engine->strategy->items[i].choice, choice) == 0)
            return 1;
    }
    return 0;
}

/* Set which pollutants the result has: with a mobility action, the road
 * baseline and every factor of the pollutant entered. One note lists the
 * pollutants left out. */
static void
engine_pollutant_outputs(struct engine *engine)
{
    struct strategy_result *out = engine->out;
    int missing = 0;
    int p;

    if (!engine_has_mobility(engine) || !engine->base->present[SECTOR_ROAD] ||
        coef_given(engine, "thermal_car_consumption") < 0)
        return;
    for (p = 0; p < STRATEGY_POLLUTANTS; p++) {
        out->has_pollutant[p] =
            coef_given(engine, pollutant_exhaust[p]) >= 0 &&
            (pollutant_wear[p] == NULL ||
             coef_given(engine, pollutant_wear[p]) >= 0);
        missing += !out->has_pollutant[p];
    }
    if (missing > 0)
        engine_note(engine, N_("Air pollutants of cars are shown once their "
                               "factors per km are entered: no published "
                               "factor of French cars was read."));
}

/* Set which energy cells and bill parts the result has, and note those
 * that an optional input left out. */
static void
engine_energy_outputs(struct engine *engine)
{
    const struct strategy_baseline *base = engine->base;
    struct strategy_result *out = engine->out;
    int electrification = engine->by_kind[ACTION_ELECTRIFICATION] != NULL;
    int price = coef_given(engine, "electricity_price") >= 0;
    int cars = coef_given(engine, "thermal_car_consumption") >= 0 &&
               coef_given(engine, "electric_car_consumption") >= 0;
    int electricity_changes =
        out->has_electricity &&
        engine_changes_homes(engine, baseline_keys[BASELINE_ELECTRICITY]);
    int homes_change =
        engine_changes_homes(engine, sector_ids[SECTOR_RESIDENTIAL]);
    int applies = 0;
    int given = 1;
    int s;
    int c;

    for (s = 0; s < STRATEGY_SECTORS; s++) {
        for (c = 0; c < STRATEGY_CARRIERS; c++)
            out->has_energy[s][c] =
                base->present[STRATEGY_BASELINE_ENERGY(s, c)];
    }
    engine_pollutant_outputs(engine);
    out->has_energy[SECTOR_RESIDENTIAL][CARRIER_ELECTRICITY] =
        out->has_electricity;
    out->has_energy[SECTOR_ROAD][CARRIER_PETROLEUM] =
        base->present[SECTOR_ROAD] &&
        coef_given(engine, "fuel_energy_per_litre") >= 0;
    out->has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY] =
        electrification && base->present[SECTOR_ROAD] && cars;
    if (electrification && !cars) {
        struct strategy_message *note = engine_note(
            engine, N_("Enter %s and %s to see the electricity of the cars "
                       "electrified."));

        strategy_message_text(note, STRATEGY_ARG_COEF,
                              "thermal_car_consumption");
        strategy_message_text(note, STRATEGY_ARG_COEF,
                              "electric_car_consumption");
    }

    /* The parts of the bill: car fuel, residential electricity, the
     * charging of the cars electrified. */
    if (out->has_fuel)
        applies = 1;
    if (electricity_changes) {
        applies = 1;
        out->has_bill_electricity = price;
        given = given && price;
    }
    if (electrification && base->present[SECTOR_ROAD]) {
        applies = 1;
        out->has_bill_charging =
            price && out->has_energy[SECTOR_ROAD][CARRIER_ELECTRICITY];
        given = given && out->has_bill_charging;
    }
    /* Residential gas and heating oil, entered by the user, change with
     * renovation and with a reduction of the residential sector. */
    if (homes_change) {
        if (out->has_energy[SECTOR_RESIDENTIAL][CARRIER_GAS] &&
            coef_given(engine, "gas_price") >= 0) {
            applies = 1;
            out->has_bill_gas = 1;
        }
        if (out->has_energy[SECTOR_RESIDENTIAL][CARRIER_PETROLEUM] &&
            coef_given(engine, "heating_oil_price") >= 0 &&
            coef_given(engine, "heating_oil_energy_per_litre") >= 0) {
            applies = 1;
            out->has_bill_heating_oil = 1;
        }
    }
    out->has_bill_total = applies && given;
    if (applies && !price && (electricity_changes || electrification))
        strategy_message_text(
            engine_note(engine, N_("Enter %s to see the electricity part and "
                                   "the total of the households' energy "
                                   "bill.")),
            STRATEGY_ARG_COEF, "electricity_price");
    if (out->has_bill_total && homes_change &&
        out->has_energy[SECTOR_RESIDENTIAL][CARRIER_OTHER])
        engine_note(engine, N_("The households' energy bill leaves out "
                               "residential carriers other than "
                               "electricity, gas and heating oil: the "
                               "catalogue has no price for them."));
}

/* The largest value a user may enter for a baseline: bounds that keep
 * every result a finite number, well above any French territory's value
 * and not estimates of it. */
#define GHG_MAX 1e9 /* t CO2e */

static double
baseline_max(int id)
{
    if (id < STRATEGY_SECTORS)
        return GHG_MAX;
    if (id >= BASELINE_ENERGY)
        return 1e7; /* GWh */
    switch (id) {
    case BASELINE_ELECTRICITY:
        return 1e7; /* GWh */
    case BASELINE_EV_SHARE:
        return 100; /* % */
    case BASELINE_DWELLINGS:
        return 1e8;
    default:
        return 1e6; /* MW */
    }
}

/* Check the baselines the user entered: 0 or more, up to baseline_max(),
 * finite. */
static int
engine_check_baselines(struct engine *engine)
{
    const struct strategy_baseline *base = engine->base;
    size_t i;
    int id;

    for (id = 0; id < STRATEGY_BASELINES; id++) {
        const char *unit = strategy_baseline_unit(id);
        double max = baseline_max(id);
        struct strategy_message *reason;

        if (!base->overridden[id] ||
            (isfinite(base->value[id]) && base->value[id] >= 0 &&
             base->value[id] <= max))
            continue;
        reason = engine_failure(engine);
        strategy_message_start(reason, N_("%s: %s %s is outside the bounds "
                                          "%s to %s %s"));
        strategy_message_text(reason, STRATEGY_ARG_BASELINE,
                              baseline_keys[id]);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, base->value[id]);
        strategy_message_text(reason, STRATEGY_ARG_UNIT, unit);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, 0);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, max);
        strategy_message_text(reason, STRATEGY_ARG_UNIT, unit);
        return -1;
    }
    for (i = 0; i < engine->strategy->goals.count; i++) {
        const struct strategy_value *goal = &engine->strategy->goals.items[i];
        struct strategy_message *reason;

        if (isfinite(goal->value) && goal->value >= 0 &&
            goal->value <= GHG_MAX)
            continue;
        reason = engine_failure(engine);
        /* TRANSLATORS: a year of the target path and its value. */
        strategy_message_start(reason, N_("target %s: %s t CO2e is outside "
                                          "the bounds %s to %s t CO2e"));
        strategy_message_text(reason, STRATEGY_ARG_TEXT, goal->key);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, goal->value);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, 0);
        strategy_message_number(reason, STRATEGY_ARG_NUMBER, GHG_MAX);
        return -1;
    }
    return 0;
}

/* Check the optional inputs that divide: a thermal car's consumption. */
static int
engine_check_optional(struct engine *engine)
{
    int thermal = coef_given(engine, "thermal_car_consumption");
    struct strategy_message *reason;

    if (thermal < 0 || engine->coef[STRATEGY_LOW][thermal] > 0)
        return 0;
    reason = engine_failure(engine);
    strategy_message_start(reason, N_("%s must be more than 0"));
    strategy_message_text(reason, STRATEGY_ARG_COEF,
                          "thermal_car_consumption");
    return -1;
}

/*
 * The national path: France must cut its emissions by a share from 1990
 * to 2030 and divide them by a factor from 1990 to 2050; its emissions of
 * the inventory year stood at a known ratio of 1990's. The territory's
 * path starts from its baseline total in the inventory year and keeps the
 * same ratios: a straight line to 2030, then another to 2050. The three
 * figures are catalogue coefficients with their sources; without one of
 * them no path is drawn.
 */
static void
engine_national_path(struct engine *engine)
{
    struct strategy_result *out = engine->out;
    int cut = strategy_catalogue_coef(engine->catalogue,
                                      "national_ghg_cut_1990_2030");
    int factor = strategy_catalogue_coef(engine->catalogue,
                                         "national_ghg_factor_1990_2050");
    int level = strategy_catalogue_coef(engine->catalogue,
                                        "national_ghg_inventory_vs_1990");
    double start;
    double at_2030;
    double at_2050;
    int y;

    out->has_national_path = 0;
    if (cut < 0 || factor < 0 || level < 0 || cut >= 64 || factor >= 64 ||
        level >= 64)
        return;
    start = engine->coef[STRATEGY_CENTRAL][level];
    if (start <= 0 || engine->coef[STRATEGY_CENTRAL][factor] <= 0 ||
        out->ghg_reference_total <= 0)
        return;
    at_2030 = (1.0 - engine->coef[STRATEGY_CENTRAL][cut]) / start;
    at_2050 = 1.0 / engine->coef[STRATEGY_CENTRAL][factor] / start;
    for (y = 0; y < STRATEGY_YEARS; y++) {
        int year = STRATEGY_FIRST_YEAR + y;
        double ratio;

        if (year <= STRATEGY_INVENTORY_YEAR)
            ratio = 1.0;
        else if (year <= 2030)
            ratio = 1.0 + (at_2030 - 1.0) * (year - STRATEGY_INVENTORY_YEAR) /
                              (2030.0 - STRATEGY_INVENTORY_YEAR);
        else
            ratio = at_2030 + (at_2050 - at_2030) * (year - 2030) / 20.0;
        out->national_path[y][STRATEGY_LOW] =
            out->national_path[y][STRATEGY_CENTRAL] =
                out->national_path[y][STRATEGY_HIGH] =
                    out->ghg_reference_total * ratio;
    }
    out->has_national_path = 1;
}

/* Clear the outputs of a result that a value out of bounds stopped. */
static void
result_drop(struct strategy_result *out)
{
    out->has_electricity = 0;
    out->has_production = 0;
    out->has_jobs = 0;
    out->has_fuel = 0;
    memset(out->has_energy, 0, sizeof out->has_energy);
    out->has_bill_electricity = 0;
    out->has_bill_charging = 0;
    out->has_bill_gas = 0;
    out->has_bill_heating_oil = 0;
    out->has_bill_total = 0;
    memset(out->has_pollutant, 0, sizeof out->has_pollutant);
}

/* strategy_compute() but for its message and notes. */
static int
compute_results(const struct strategy_catalogue *catalogue,
                const struct strategy *strategy,
                const struct strategy_baseline *base,
                struct strategy_result *out)
{
    struct engine engine;
    int r;
    int y;
    int s;

    memset(out, 0, sizeof *out);
    memset(&engine, 0, sizeof engine);
    engine.catalogue = catalogue;
    engine.strategy = strategy;
    engine.base = base;
    engine.out = out;
    TERRISH_ASSERT(catalogue->coef_count <= 64);

    if (engine_coefs(&engine) < 0 || engine_check_baselines(&engine) < 0 ||
        engine_check_optional(&engine) < 0)
        return -1;
    if (engine_resolve(&engine) < 0)
        return -1;
    engine_baselines(&engine);
    if (engine.missing > 0)
        return 1;
    engine_accumulate(&engine);
    if (engine_check_renovation(&engine) < 0) {
        result_drop(out);
        return -1;
    }
    engine_energy_outputs(&engine);

    for (s = 0; s < STRATEGY_SECTORS; s++) {
        out->ghg_reference[s] = base->value[s];
        if (out->has_sector[s])
            out->ghg_reference_total += base->value[s];
    }
    out->electricity_reference = base->value[BASELINE_ELECTRICITY];
    engine_national_path(&engine);
    for (r = 0; r < STRATEGY_RANGES; r++) {
        for (y = 0; y < STRATEGY_YEARS; y++) {
            if (engine_year(&engine, y, r) < 0) {
                result_drop(out);
                return -1;
            }
        }
    }
    out->complete = 1;
    return 0;
}

int
strategy_compute(const struct strategy_catalogue *catalogue,
                 const struct strategy *strategy,
                 const struct strategy_baseline *base,
                 struct strategy_result *out)
{
    int rc = compute_results(catalogue, strategy, base, out);

    strategy_result_problems_text(out, NULL, out->message, sizeof out->message);
    strategy_result_notes_text(out, NULL, out->notes, sizeof out->notes);
    return rc;
}
