/*
 * terrish: what each dashboard widget reads from the store. A widget is
 * computed in short steps (one value, or a few outlines, per step) while
 * no key waits, so that a dashboard of many widgets never keeps a key
 * waiting.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/dashboard.h"

/*
 * Category ids of the INSEE MOBPRO transport mode (variable TRANS of the
 * 2021 census): 1 no transport (working at home), 2 walking, 3 bicycle, 4
 * powered two-wheeler, 5 car, 6 public transport. The modal split lists
 * the modes in this order, and counts "1" apart because it is no mode.
 */
static const char *const modal_order[] = {"5", "6", "3", "2", "4"};
#define MODE_NO_TRANSPORT "1"

int
dash_has_value(const struct indicator_result *result)
{
    return result->flag == RESULT_PRESENT || result->flag == RESULT_PARTIAL;
}

static void
items_clear(struct dash_item *items, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        free(items[i].label);
        free(items[i].note);
    }
    free(items);
}

static struct dash_item *
items_add(struct dash_item **items, size_t *count, const char *label)
{
    struct dash_item *item;

    *items = xrealloc(*items, (*count + 1) * sizeof(**items));
    item = &(*items)[(*count)++];
    memset(item, 0, sizeof(*item));
    item->label = xstrdup(label != NULL ? label : "");
    item->result.flag = RESULT_NOT_AVAILABLE;
    return item;
}

/* Free what was computed, so that the widget is computed again. */
void
dash_widget_reset(struct dash_widget *w)
{
    items_clear(w->items, w->item_count);
    w->items = NULL;
    w->item_count = 0;
    items_clear(w->units, w->unit_count);
    w->units = NULL;
    w->unit_count = 0;
    free(w->unit_ids);
    w->unit_ids = NULL;
    free(w->unit_fills);
    w->unit_fills = NULL;
    free(w->map_units);
    w->map_units = NULL;
    map_free(w->map);
    w->map = NULL;
    w->outline_next = 0;
    w->class_count = 0;
    w->fitted_cols = 0;
    w->fitted_rows = 0;
    territory_clear(&w->parent);
    memset(&w->parent, 0, sizeof(w->parent));
    memset(&w->value, 0, sizeof(w->value));
    memset(&w->previous, 0, sizeof(w->previous));
    memset(&w->parent_value, 0, sizeof(w->parent_value));
    w->value.flag = RESULT_NOT_AVAILABLE;
    w->previous.flag = RESULT_NOT_AVAILABLE;
    w->parent_value.flag = RESULT_NOT_AVAILABLE;
    memset(w->flow_totals, 0, sizeof(w->flow_totals));
    w->home_workers = 0;
    w->flow_count = 0;
    w->resident_flows = 0;
    w->phase = DASH_PENDING;
    w->step = 0;
}

/* Free everything the widget holds. */
void
dash_widget_clear(struct dash_widget *w)
{
    dash_widget_reset(w);
    widget_clear(&w->widget);
    if (w->has_indicator) {
        indicator_clear(&w->indicator);
    }
    territory_clear(&w->territory);
    memset(w, 0, sizeof(*w));
}

/* Read the widget's indicator and territory, ready to compute. */
void
dash_widget_load(struct tui_app *app, struct dash_widget *w,
                 const struct territory *dashboard_territory)
{
    int rc;

    if (w->has_indicator) {
        indicator_clear(&w->indicator);
    }
    w->has_indicator =
        store_indicator_get(app->store, w->widget.indicator_id,
                            &w->indicator) == 0;
    territory_clear(&w->territory);
    memset(&w->territory, 0, sizeof(w->territory));
    rc = 1;
    if (w->widget.territory_id != 0 &&
        w->widget.territory_id != dashboard_territory->id) {
        rc = store_territory_get_by_id(app->store, w->widget.territory_id,
                                       &w->territory);
    }
    if (rc != 0) {
        tui_territory_copy(&w->territory, dashboard_territory);
    }
    dash_widget_reset(w);
}

/* The category of the widget if the indicator still has it, else NULL
 * (the total). */
static const char *
widget_category(const struct dash_widget *w)
{
    size_t i;

    if (w->widget.category == NULL || w->widget.category[0] == '\0') {
        return NULL;
    }
    for (i = 0; i < w->indicator.category_count; i++) {
        if (strcmp(w->indicator.categories[i], w->widget.category) == 0) {
            return w->indicator.categories[i];
        }
    }
    return NULL;
}

/*
 * The value of the latest year that has one, or, when no year has, the
 * result of the latest year (secret or not available). Returns 0, or -1
 * on a store failure.
 */
int
dash_latest_value(struct store *store, const struct indicator *indicator,
                  int64_t territory_id, const char *category,
                  struct indicator_result *out)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    out->flag = RESULT_NOT_AVAILABLE;
    for (i = indicator->year_count; i > 0; i--) {
        struct indicator_result result;
        int rc = store_indicator_value(store, indicator->id, territory_id,
                                       indicator->years[i - 1], category,
                                       &result);

        if (rc < 0) {
            return -1;
        }
        if (rc > 0) {
            break;
        }
        if (i == indicator->year_count) {
            *out = result;
        }
        if (dash_has_value(&result)) {
            *out = result;
            break;
        }
    }
    return 0;
}

/* The index of year in the indicator's years, or -1. */
static int
year_index(const struct indicator *indicator, int year)
{
    size_t i;

    for (i = 0; i < indicator->year_count; i++) {
        if (indicator->years[i] == year) {
            return (int)i;
        }
    }
    return -1;
}

/*
 * The nearest territory that contains this one: a commune's EPCI (or its
 * département when it has none), an EPCI's département, a département's
 * région. Returns 0, 1 when there is none (a région, or an EPCI across
 * départements), -1 on error.
 */
int
dash_nearest_parent(struct store *store, const struct territory *territory,
                    struct territory *out)
{
    struct territory_list parents = {NULL, 0};
    int rc;

    rc = store_territory_parents(store, territory->id, &parents);
    if (rc != 0) {
        return -1;
    }
    if (parents.count == 0) {
        territory_list_free(&parents);
        return 1;
    }
    tui_territory_copy(out, &parents.items[parents.count - 1]);
    territory_list_free(&parents);
    return 0;
}

/* KPI and gauge: the value, the year before it, and the parent's value
 * for the same year. */
static int
step_kpi(struct tui_app *app, struct dash_widget *w)
{
    const struct indicator *indicator = &w->indicator;
    const char *category = widget_category(w);
    int index;
    int rc;

    if (w->step == 0) {
        return dash_latest_value(app->store, indicator, w->territory.id,
                                 category, &w->value) < 0
                   ? -1
                   : 1;
    }
    index = year_index(indicator, w->value.year);
    if (w->widget.kind == WIDGET_GAUGE || index < 0) {
        return 0;
    }
    if (w->step == 1) {
        if (index > 0 && dash_has_value(&w->value) &&
            store_indicator_value(app->store, indicator->id, w->territory.id,
                                  indicator->years[index - 1], category,
                                  &w->previous) < 0) {
            return -1;
        }
        return 1;
    }
    rc = dash_nearest_parent(app->store, &w->territory, &w->parent);
    if (rc < 0) {
        return -1;
    }
    if (rc == 0 &&
        store_indicator_value(app->store, indicator->id, w->parent.id,
                              w->value.year, category, &w->parent_value) < 0) {
        return -1;
    }
    return 0;
}

/* Bars: every category for the latest year with a total. */
static int
step_bars(struct tui_app *app, struct dash_widget *w)
{
    const struct indicator *indicator = &w->indicator;
    size_t c;

    if (dash_latest_value(app->store, indicator, w->territory.id, NULL,
                          &w->value) < 0) {
        return -1;
    }
    for (c = 0; c < indicator->category_count; c++) {
        const char *name = app->french ? indicator->category_names_fr[c]
                                       : indicator->category_names_en[c];
        struct dash_item *item =
            items_add(&w->items, &w->item_count,
                      name != NULL ? name : indicator->categories[c]);

        item->series = (int)c;
        if (w->value.year > 0 &&
            store_indicator_value(app->store, indicator->id, w->territory.id,
                                  w->value.year, indicator->categories[c],
                                  &item->result) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Series: one year per step. */
static int
step_series(struct tui_app *app, struct dash_widget *w)
{
    const struct indicator *indicator = &w->indicator;
    struct dash_item *item;
    char label[16];
    int year;

    if (w->step >= indicator->year_count) {
        return 0;
    }
    year = indicator->years[w->step];
    snprintf(label, sizeof(label), "%d", year);
    item = items_add(&w->items, &w->item_count, label);
    if (store_indicator_value(app->store, indicator->id, w->territory.id, year,
                              widget_category(w), &item->result) < 0) {
        return -1;
    }
    if (dash_has_value(&item->result)) {
        w->value = item->result;
    }
    return w->step + 1 < indicator->year_count;
}

/* Ranking: the similar territories first, then one value per step, then
 * the order. */
static int
ranking_order(const void *a, const void *b)
{
    const struct dash_item *ia = a;
    const struct dash_item *ib = b;
    int va = dash_has_value(&ia->result);
    int vb = dash_has_value(&ib->result);

    if (va != vb) {
        return va ? -1 : 1;
    }
    if (va && ia->result.value != ib->result.value) {
        return ia->result.value > ib->result.value ? -1 : 1;
    }
    return strcmp(ia->label, ib->label);
}

static int
step_ranking_list(struct tui_app *app, struct dash_widget *w)
{
    struct territory_list similar = {NULL, 0};
    struct dash_item *item;
    size_t i;

    if (dash_latest_value(app->store, &w->indicator, w->territory.id,
                          widget_category(w), &w->value) < 0 ||
        store_similar_territories(app->store, w->territory.id,
                                  DASH_SIMILAR_MAX, &similar) != 0) {
        return -1;
    }
    w->unit_ids = xcalloc(similar.count + 1, sizeof(int64_t));
    item = items_add(&w->items, &w->item_count, w->territory.name);
    item->own = 1;
    item->result = w->value;
    w->unit_ids[0] = w->territory.id;
    for (i = 0; i < similar.count; i++) {
        if (similar.items[i].id == w->territory.id) {
            continue;
        }
        item = items_add(&w->items, &w->item_count, similar.items[i].name);
        item->note = xstrdup(similar.items[i].code);
        w->unit_ids[w->item_count - 1] = similar.items[i].id;
    }
    territory_list_free(&similar);
    return w->item_count > 1;
}

static int
step_ranking(struct tui_app *app, struct dash_widget *w)
{
    struct dash_item *item;

    if (w->step == 0) {
        return step_ranking_list(app, w);
    }
    if (w->step < w->item_count) {
        item = &w->items[w->step];
        if (w->value.year > 0 &&
            store_indicator_value(app->store, w->indicator.id,
                                  w->unit_ids[w->step], w->value.year,
                                  widget_category(w), &item->result) < 0) {
            return -1;
        }
        if (w->step + 1 < w->item_count) {
            return 1;
        }
    }
    qsort(w->items, w->item_count, sizeof(*w->items), ranking_order);
    return 0;
}

/* The level of the units of a mini-map, and the territory they are
 * inside: a commune is shown among the communes of its EPCI or
 * département, an EPCI and a département by their communes, a région by
 * its EPCI. Never finer than the indicator's native level. */
static void
minimap_scope(struct tui_app *app, struct dash_widget *w,
              struct territory *scope, enum territory_level *level)
{
    enum territory_level native = LEVEL_COMMUNE;

    indicator_level_parse(w->indicator.native_level, &native);
    *level = w->territory.level == LEVEL_REGION ? LEVEL_EPCI : LEVEL_COMMUNE;
    if (w->territory.level != LEVEL_COMMUNE ||
        dash_nearest_parent(app->store, &w->territory, scope) != 0) {
        tui_territory_copy(scope, &w->territory);
    }
    if (*level > native) {
        *level = native;
    }
    if (*level < scope->level) {
        *level = scope->level;
    }
}

static int
minimap_row(const struct mesh_row *row, void *arg)
{
    struct dash_widget *w = arg;
    struct dash_item *item;

    item = items_add(&w->units, &w->unit_count, row->unit->name);
    item->result = *row->result;
    item->own = row->unit->id == w->territory.id;
    w->unit_ids = xrealloc(w->unit_ids, w->unit_count * sizeof(int64_t));
    w->unit_ids[w->unit_count - 1] = row->unit->id;
    return 0;
}

/* Five quantile classes of the units' values. */
static void
minimap_classify(struct dash_widget *w)
{
    double *values = xcalloc(w->unit_count + 1, sizeof(double));
    size_t count = 0;
    size_t i;
    int rc;

    for (i = 0; i < w->unit_count; i++) {
        if (dash_has_value(&w->units[i].result)) {
            values[count++] = w->units[i].result.value;
        }
    }
    rc = classify_breaks(values, count, DASH_MAP_CLASSES, CLASSIFY_QUANTILE,
                         w->breaks);
    w->class_count = rc > 0 ? rc : 0;
    w->unit_fills = xcalloc(w->unit_count + 1, sizeof(int));
    for (i = 0; i < w->unit_count; i++) {
        const struct indicator_result *r = &w->units[i].result;

        if (dash_has_value(r) && w->class_count > 0) {
            w->unit_fills[i] = classify_index(w->breaks, w->class_count,
                                              r->value);
        } else {
            w->unit_fills[i] = r->flag == RESULT_SECRET ? TUI_FILL_SECRET
                                                        : TUI_FILL_MISSING;
        }
    }
    free(values);
}

static int
step_minimap_units(struct tui_app *app, struct dash_widget *w)
{
    struct territory scope;
    enum territory_level level;
    int rc;

    memset(&scope, 0, sizeof(scope));
    if (dash_latest_value(app->store, &w->indicator, w->territory.id,
                          widget_category(w), &w->value) < 0) {
        return -1;
    }
    minimap_scope(app, w, &scope, &level);
    rc = store_indicator_mesh(app->store, w->indicator.id, scope.id, level,
                              w->value.year, widget_category(w), minimap_row,
                              w);
    territory_clear(&scope);
    if (rc < 0) {
        return -1;
    }
    minimap_classify(w);
    w->map = map_create();
    w->map_units = xcalloc(w->unit_count + 1, sizeof(int));
    return w->unit_count > 0;
}

/* Read the next outlines. */
static int
step_minimap_outlines(struct tui_app *app, struct dash_widget *w)
{
    size_t end = w->outline_next + DASH_OUTLINES_PER_STEP;

    if (end > w->unit_count) {
        end = w->unit_count;
    }
    for (; w->outline_next < end; w->outline_next++) {
        char *encoding = NULL;
        char *data = NULL;
        int rc = store_territory_geometry(
            app->store, w->unit_ids[w->outline_next], &encoding, &data);

        if (rc < 0) {
            return -1;
        }
        if (rc == 0) {
            int index = map_add_unit(w->map, encoding, data);

            if (index >= 0) {
                w->map_units[index] = (int)w->outline_next;
            }
        }
        free(encoding);
        free(data);
    }
    return w->outline_next < w->unit_count;
}

static int
step_minimap(struct tui_app *app, struct dash_widget *w)
{
    if (w->step == 0) {
        return step_minimap_units(app, w);
    }
    return step_minimap_outlines(app, w);
}

/* The latest year of a flow indicator, 0 when it has none. */
static int
flow_year(const struct indicator *indicator)
{
    return indicator->year_count > 0
               ? indicator->years[indicator->year_count - 1]
               : 0;
}

/* Sums the residents' flows (internal and outbound) by mode. */
static int
modal_flow(const struct store_flow *flow, void *arg)
{
    struct dash_widget *w = arg;
    size_t i;

    w->flow_count++;
    w->flow_totals[flow->direction] += flow->value;
    if (flow->direction == FLOW_INBOUND) {
        return 0;
    }
    w->resident_flows++;
    if (strcmp(flow->category, MODE_NO_TRANSPORT) == 0) {
        w->home_workers += flow->value;
        return 0;
    }
    for (i = 0; i < w->item_count; i++) {
        if (strcmp(w->items[i].note, flow->category) == 0) {
            w->items[i].result.value += flow->value;
            w->items[i].result.flag = RESULT_PRESENT;
        }
    }
    return 0;
}

/* Add the mode with category id to the modal split, named as the
 * catalogue names it. */
static void
modal_add(struct dash_widget *w, const char *id, int french)
{
    const struct indicator *indicator = &w->indicator;
    size_t c;

    for (c = 0; c < indicator->category_count; c++) {
        const char *name = french ? indicator->category_names_fr[c]
                                  : indicator->category_names_en[c];
        struct dash_item *item;

        if (strcmp(indicator->categories[c], id) != 0) {
            continue;
        }
        item = items_add(&w->items, &w->item_count,
                         name != NULL ? name : id);
        /* A modal split is one line: "Voiture, camion, fourgonnette"
         * is shown as "Voiture", "Vélo (y compris...)" as "Vélo". */
        item->label[strcspn(item->label, ",(")] = '\0';
        while (item->label[0] != '\0' &&
               item->label[strlen(item->label) - 1] == ' ') {
            item->label[strlen(item->label) - 1] = '\0';
        }
        item->note = xstrdup(id);
        item->series = (int)w->item_count - 1;
        item->result.year = flow_year(indicator);
        snprintf(item->result.unit, sizeof(item->result.unit), "%s",
                 indicator->unit);
        snprintf(item->result.unit_en, sizeof(item->result.unit_en), "%s",
                 tui_indicator_unit(indicator, 0));
        item->result.flag = RESULT_PRESENT;
        return;
    }
}

static int
step_modal_split(struct tui_app *app, struct dash_widget *w)
{
    size_t i;

    for (i = 0; i < sizeof(modal_order) / sizeof(modal_order[0]); i++) {
        modal_add(w, modal_order[i], app->french);
    }
    return store_flows(app->store, w->indicator.id, w->territory.id,
                       flow_year(&w->indicator), modal_flow, w) < 0
               ? -1
               : 0;
}

/* One origin-destination pair of the flows table, all modes summed. */
struct flow_pair {
    enum flow_direction direction;
    char *origin;
    char *destination;
    double value;
};

struct flow_walk {
    struct dash_widget *widget;
    struct flow_pair *pairs;
    size_t count;
};

static int
flow_pair_compare_ends(const void *a, const void *b)
{
    const struct flow_pair *pa = a;
    const struct flow_pair *pb = b;
    int rc = strcmp(pa->origin, pb->origin);

    return rc != 0 ? rc : strcmp(pa->destination, pb->destination);
}

static int
flow_pair_compare_value(const void *a, const void *b)
{
    const struct flow_pair *pa = a;
    const struct flow_pair *pb = b;

    if (pa->value != pb->value) {
        return pa->value > pb->value ? -1 : 1;
    }
    return flow_pair_compare_ends(a, b);
}

static int
flows_collect(const struct store_flow *flow, void *arg)
{
    struct flow_walk *walk = arg;
    struct flow_pair *pair;

    walk->widget->flow_count++;
    if (flow->direction != FLOW_INBOUND) {
        walk->widget->resident_flows++;
    }
    walk->widget->flow_totals[flow->direction] += flow->value;
    walk->pairs =
        xrealloc(walk->pairs, (walk->count + 1) * sizeof(*walk->pairs));
    pair = &walk->pairs[walk->count++];
    pair->direction = flow->direction;
    pair->origin = xstrdup(flow->origin_name != NULL ? flow->origin_name
                                                     : flow->origin_code);
    if (flow->destination_name != NULL) {
        pair->destination = xstrdup(flow->destination_name);
    } else {
        /* TRANSLATORS: the destination of a flow that leaves France. */
        pair->destination = xstrdup(_("abroad"));
    }
    pair->value = flow->value;
    return 0;
}

/* Sum the modes of each pair, then keep the largest pairs.
 *
 * NOTE: every flow of the territory is held in memory until it is ranked;
 * the memory this takes for a région after a full MOBPRO import has not
 * been measured. */
static void
flows_rank(struct dash_widget *w, struct flow_walk *walk)
{
    static const char *const arrows[] = {"↻", "→", "←"};
    size_t merged = 0;
    size_t i;

    qsort(walk->pairs, walk->count, sizeof(*walk->pairs),
          flow_pair_compare_ends);
    for (i = 0; i < walk->count; i++) {
        struct flow_pair *pair = &walk->pairs[i];

        if (merged > 0 &&
            flow_pair_compare_ends(&walk->pairs[merged - 1], pair) == 0) {
            walk->pairs[merged - 1].value += pair->value;
            free(pair->origin);
            free(pair->destination);
            continue;
        }
        walk->pairs[merged++] = *pair;
    }
    qsort(walk->pairs, merged, sizeof(*walk->pairs), flow_pair_compare_value);
    for (i = 0; i < merged; i++) {
        struct flow_pair *pair = &walk->pairs[i];

        if (w->item_count < 3 * DASH_FLOWS_LISTED) {
            char *label;

            /* A commune is one end of each of its flows: name the other.
             * Otherwise the end inside the territory comes first, and
             * the arrow points the way people travel. */
            if (w->territory.level != LEVEL_COMMUNE &&
                pair->direction == FLOW_INBOUND) {
                label = xasprintf("%s %s %s", pair->destination,
                                  arrows[pair->direction], pair->origin);
            } else if (w->territory.level != LEVEL_COMMUNE) {
                label = xasprintf("%s %s %s", pair->origin,
                                  arrows[pair->direction], pair->destination);
            } else if (pair->direction == FLOW_INBOUND) {
                label = xasprintf("%s %s", arrows[pair->direction],
                                  pair->origin);
            } else {
                label = xasprintf("%s %s", arrows[pair->direction],
                                  pair->destination);
            }
            struct dash_item *item = items_add(&w->items, &w->item_count,
                                               label);

            item->series = (int)pair->direction;
            item->result.value = pair->value;
            item->result.flag = RESULT_PRESENT;
            item->result.year = flow_year(&w->indicator);
            free(label);
        }
        free(pair->origin);
        free(pair->destination);
    }
}

static int
step_flows(struct tui_app *app, struct dash_widget *w)
{
    struct flow_walk walk = {w, NULL, 0};
    int rc;

    rc = store_flows(app->store, w->indicator.id, w->territory.id,
                     flow_year(&w->indicator), flows_collect, &walk);
    if (rc == 0) {
        flows_rank(w, &walk);
    } else {
        size_t i;

        for (i = 0; i < walk.count; i++) {
            free(walk.pairs[i].origin);
            free(walk.pairs[i].destination);
        }
    }
    free(walk.pairs);
    return rc < 0 ? -1 : 0;
}

/*
 * Do one step of the widget's computation. Returns 1 while steps are
 * left, 0 when the widget is ready or failed.
 */
int
dash_widget_step(struct tui_app *app, struct dash_widget *w)
{
    int rc = 0;

    if (w->phase != DASH_PENDING) {
        return 0;
    }
    if (!w->has_indicator) {
        w->phase = DASH_READY;
        return 0;
    }
    switch (w->widget.kind) {
    case WIDGET_KPI:
    case WIDGET_GAUGE:
        rc = step_kpi(app, w);
        break;
    case WIDGET_BARS:
        rc = step_bars(app, w);
        break;
    case WIDGET_SERIES:
        rc = step_series(app, w);
        break;
    case WIDGET_RANKING:
        rc = step_ranking(app, w);
        break;
    case WIDGET_MINIMAP:
        rc = step_minimap(app, w);
        break;
    case WIDGET_MODAL_SPLIT:
        rc = step_modal_split(app, w);
        break;
    case WIDGET_FLOWS:
        rc = step_flows(app, w);
        break;
    case WIDGET_KIND_COUNT:
        break;
    }
    if (rc < 0) {
        log_warn("user %s: widget %lld (%s): %s",
                 app->user_name ? app->user_name : "-",
                 (long long)w->widget.id, w->widget.indicator_id,
                 store_error(app->store));
        w->phase = DASH_FAILED;
        return 0;
    }
    w->step++;
    if (rc == 0) {
        w->phase = DASH_READY;
    }
    return rc;
}
