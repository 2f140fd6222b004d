/*
 * terrish: default dashboards of a catalogue theme, and the territories
 * that a ranking widget compares a territory with.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* A région is used for a ranking when it has at least this many peers. */
#define SIMILAR_REGION_MIN 10

/* The theme of the catalogue (its French name is its id) that has a fixed
 * layout. */
#define THEME_MOBILITY "Mobilité"

/* One widget of a fixed layout. */
struct default_widget {
    const char *indicator_id;
    const char *category; /* NULL for the total */
    enum widget_kind kind;
    int width;
    int height;
};

/*
 * The mobility dashboard on the 4-column grid. The first row has four
 * figures: road emissions per inhabitant and in total, charging points per
 * 1,000 inhabitants and the share of rechargeable cars. Jobs per 100
 * inhabitants and the transport modes of commuters follow, then their
 * flows beside the car fleet by energy. A widget whose indicator the store
 * lacks, or that the territory's level cannot show, is left out, and
 * widget_list_fill_rows() then fills the rows again.
 */
static const struct default_widget mobility_widgets[] = {
    {"ghg_road_per_inhabitant", NULL, WIDGET_KPI, 1, 1},
    {"ghg_emissions", "routier", WIDGET_KPI, 1, 1},
    {"ev_charging_points_per_1000_inhabitants", NULL, WIDGET_KPI, 1, 1},
    {"cars_electric_share", NULL, WIDGET_KPI, 1, 1},
    {"jobs_per_100_inhabitants", NULL, WIDGET_KPI, 1, 1},
    {"commuting_flows_sample", NULL, WIDGET_MODAL_SPLIT, 3, 1},
    {"commuting_flows_sample", NULL, WIDGET_FLOWS, 2, 2},
    {"cars", NULL, WIDGET_BARS, 2, 2},
};

/* Widgets being built, grown one at a time. */
struct widget_list {
    struct widget *items;
    size_t count;
};

static void
widget_list_free(struct widget_list *list)
{
    while (list->count > 0)
        widget_clear(&list->items[--list->count]);
    free(list->items);
    list->items = NULL;
}

/* Append a widget of the dashboard's territory, with no title. */
static void
widget_list_add(struct widget_list *list, const char *indicator_id,
                const char *category, enum widget_kind kind, int width,
                int height)
{
    struct widget *widget;

    list->items =
        xrealloc(list->items, (list->count + 1) * sizeof *list->items);
    widget = &list->items[list->count];
    memset(widget, 0, sizeof *widget);
    widget->position = (int)list->count;
    widget->indicator_id = xstrdup(indicator_id);
    widget->category = category != NULL ? xstrdup(category) : NULL;
    widget->kind = kind;
    widget->title = xstrdup("");
    widget->width = width;
    widget->height = height;
    list->count++;
}

/*
 * Widen widgets so that every row of the grid spans all its columns. A
 * widget that does not fit in what is left of its row starts the next
 * row, and the widget before it is widened to the end of its own row. The
 * last widget is widened the same way.
 */
static void
widget_list_fill_rows(struct widget_list *list)
{
    int used = 0;
    size_t i;

    for (i = 0; i < list->count; i++) {
        if (used > 0 && used + list->items[i].width > DASHBOARD_GRID_COLUMNS) {
            list->items[i - 1].width += DASHBOARD_GRID_COLUMNS - used;
            used = 0;
        }
        used = (used + list->items[i].width) % DASHBOARD_GRID_COLUMNS;
    }
    if (used > 0)
        list->items[list->count - 1].width += DASHBOARD_GRID_COLUMNS - used;
}

int
store_dashboard_themes(struct store *store, char ***themes, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    *themes = NULL;
    *count = 0;
    stmt = store_statement(store,
                           "SELECT theme FROM indicator"
                           " WHERE published = 1 AND native_level <> 'point'"
                           " GROUP BY theme ORDER BY min(position), theme");
    if (stmt == NULL) {
        store_set_db_error(store, "listing the themes failed");
        return -1;
    }
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        *themes = xrealloc(*themes, (*count + 1) * sizeof **themes);
        (*themes)[(*count)++] =
            xstrdup((const char *)sqlite3_column_text(stmt, 0));
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "listing the themes failed");
        while (*count > 0)
            free((*themes)[--*count]);
        free(*themes);
        *themes = NULL;
        return -1;
    }
    return 0;
}

/*
 * Returns 1 when a published indicator (and its category, when not NULL)
 * can be shown for a territory of level: its native level is the same or
 * finer. Returns 0 when not, -1 on error.
 */
static int
default_usable(struct store *store, const char *indicator_id,
               const char *category, enum territory_level level)
{
    struct indicator indicator;
    enum territory_level native;
    size_t i;
    int usable;
    int rc;

    rc = store_indicator_get(store, indicator_id, &indicator);
    if (rc != 0) {
        indicator_clear(&indicator);
        return rc == 1 ? 0 : -1;
    }
    usable = indicator.published &&
             indicator_level_parse(indicator.native_level, &native) == 0 &&
             native >= level;
    if (usable && category != NULL) {
        usable = 0;
        for (i = 0; i < indicator.category_count; i++) {
            if (strcmp(indicator.categories[i], category) == 0)
                usable = 1;
        }
    }
    indicator_clear(&indicator);
    return usable;
}

/* Build the fixed mobility layout from the indicators that are usable. */
static int
default_mobility(struct store *store, enum territory_level level,
                 struct widget_list *list)
{
    const struct default_widget *item;
    size_t i;
    int rc;

    for (i = 0; i < sizeof mobility_widgets / sizeof *mobility_widgets; i++) {
        item = &mobility_widgets[i];
        rc = default_usable(store, item->indicator_id, item->category, level);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            widget_list_add(list, item->indicator_id, item->category,
                            item->kind, item->width, item->height);
        }
    }
    return 0;
}

/* Read the ids of the published indicators of a theme, catalogue order. */
static int
default_theme_ids(struct store *store, const char *theme, char ***ids,
                  int **has_categories, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    *ids = NULL;
    *has_categories = NULL;
    *count = 0;
    stmt = store_statement(store,
                           "SELECT i.id, EXISTS (SELECT 1 FROM"
                           " indicator_category c WHERE c.indicator_id = i.id)"
                           " FROM indicator i WHERE i.theme = ?1"
                           " AND i.published = 1 AND i.native_level <> 'point'"
                           " ORDER BY i.position, i.id");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the indicators of a theme failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, theme, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        *ids = xrealloc(*ids, (*count + 1) * sizeof **ids);
        *has_categories =
            xrealloc(*has_categories, (*count + 1) * sizeof **has_categories);
        (*ids)[*count] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        (*has_categories)[(*count)++] = sqlite3_column_int(stmt, 1);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the indicators of a theme failed");
        return -1;
    }
    return 0;
}

/*
 * Build a theme's generic layout: one kpi per usable indicator, then bars
 * (2 by 2) for each usable indicator with categories. Returns 0, 1 when
 * the theme has no indicator, -1.
 */
static int
default_generic(struct store *store, const char *theme,
                enum territory_level level, struct widget_list *list)
{
    char **ids = NULL;
    int *has_categories = NULL;
    int *usable = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    rc = default_theme_ids(store, theme, &ids, &has_categories, &count);
    if (rc == 0 && count == 0)
        rc = 1;
    if (rc == 0)
        usable = xcalloc(count, sizeof *usable);
    for (i = 0; rc == 0 && i < count; i++) {
        usable[i] = default_usable(store, ids[i], NULL, level);
        if (usable[i] < 0)
            rc = -1;
        else if (usable[i])
            widget_list_add(list, ids[i], NULL, WIDGET_KPI, 1, 1);
    }
    for (i = 0; rc == 0 && i < count; i++) {
        if (usable[i] && has_categories[i])
            widget_list_add(list, ids[i], NULL, WIDGET_BARS, 2, 2);
    }
    for (i = 0; i < count; i++)
        free(ids[i]);
    free(ids);
    free(has_categories);
    free(usable);
    return rc;
}

int
store_dashboard_default(struct store *store, const char *theme,
                        int64_t territory_id, struct widget **out,
                        size_t *count)
{
    struct widget_list list = {NULL, 0};
    struct territory territory;
    int rc;

    *out = NULL;
    *count = 0;
    rc = store_territory_get_by_id(store, territory_id, &territory);
    if (rc == 1) {
        store_set_error(store, "no territory has id %lld",
                        (long long)territory_id);
    }
    if (rc != 0)
        return rc;

    if (strcmp(theme, THEME_MOBILITY) == 0)
        rc = default_mobility(store, territory.level, &list);
    else
        rc = default_generic(store, theme, territory.level, &list);
    territory_clear(&territory);
    if (rc == 1)
        store_set_error(store, "no indicator has the theme \"%s\"", theme);
    if (rc != 0) {
        widget_list_free(&list);
        return rc;
    }
    widget_list_fill_rows(&list);
    *out = list.items;
    *count = list.count;
    return 0;
}

/*
 * The peers of a territory: same level, same EPCI legal form, a population
 * between half and twice its own for a commune or an EPCI. ?1 is the
 * territory, ?2 a région id to keep only its members (0 for all France),
 * ?3 the limit. The population ratio max/min orders them by closeness.
 */
#define SIMILAR_PEERS                                                          \
    "WITH ref AS (SELECT id, level, population,"                               \
    "    CASE kind WHEN 'MET69' THEN 'METRO' ELSE kind END AS family"          \
    "    FROM territory WHERE id = ?1)"                                        \
    " SELECT t.id, max(t.population, ref.population) * 1.0"                    \
    "    / min(t.population, ref.population) AS ratio"                         \
    " FROM territory t, ref"                                                   \
    " WHERE t.level = ref.level AND t.id <> ref.id AND t.population > 0"       \
    " AND (ref.level <> 3 OR (CASE t.kind WHEN 'MET69' THEN 'METRO'"           \
    "    ELSE t.kind END) IS ref.family)"                                      \
    " AND (ref.level < 3 OR t.population BETWEEN ref.population / 2.0"         \
    "    AND ref.population * 2.0)"                                            \
    " AND (?2 = 0 OR EXISTS (SELECT 1 FROM territory_member m"                 \
    "    WHERE m.member_id = t.id AND m.parent_id = ?2))"

/* Count the peers of a territory inside a région. */
static int
similar_count(struct store *store, int64_t territory_id, int64_t region_id,
              int64_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int step;

    stmt = store_statement(store, "SELECT count(*) FROM (" SIMILAR_PEERS ")");
    if (stmt == NULL) {
        store_set_db_error(store, "finding similar territories failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, territory_id);
    sqlite3_bind_int64(stmt, 2, region_id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        *count = sqlite3_column_int64(stmt, 0);
    store_statement_done(stmt);
    if (step != SQLITE_ROW) {
        store_set_db_error(store, "finding similar territories failed");
        return -1;
    }
    return 0;
}

/* Read the peers of a territory, closest first, into out. */
static int
similar_read(struct store *store, int64_t territory_id, int64_t region_id,
             size_t limit, struct territory_list *out)
{
    sqlite3_stmt *stmt = NULL;
    int64_t *ids = NULL;
    size_t count = 0;
    size_t i;
    int step;
    int rc = 0;

    stmt = store_statement(store, "SELECT p.id FROM (" SIMILAR_PEERS ") p"
                                  " JOIN territory t ON t.id = p.id"
                                  " ORDER BY p.ratio, t.code LIMIT ?3");
    if (stmt == NULL) {
        store_set_db_error(store, "finding similar territories failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, territory_id);
    sqlite3_bind_int64(stmt, 2, region_id);
    sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        ids = xrealloc(ids, (count + 1) * sizeof *ids);
        ids[count++] = sqlite3_column_int64(stmt, 0);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "finding similar territories failed");
        rc = -1;
    }

    out->items = count > 0 ? xcalloc(count, sizeof *out->items) : NULL;
    for (i = 0; rc == 0 && i < count; i++) {
        rc = store_territory_get_by_id(store, ids[i], &out->items[i]) == 0 ? 0
                                                                           : -1;
        if (rc == 0)
            out->count++;
    }
    free(ids);
    if (rc < 0)
        territory_list_free(out);
    return rc;
}

int
store_similar_territories(struct store *store, int64_t territory_id,
                          size_t limit, struct territory_list *out)
{
    struct territory territory;
    int64_t region_id = 0;
    int64_t count = 0;
    int rc;

    out->items = NULL;
    out->count = 0;
    rc = store_territory_get_by_id(store, territory_id, &territory);
    if (rc == 1) {
        store_set_error(store, "no territory has id %lld",
                        (long long)territory_id);
    }
    if (rc != 0)
        return rc;
    if (territory.population <= 0 || limit == 0) {
        territory_clear(&territory);
        return 0;
    }

    if (territory.level != LEVEL_REGION) {
        rc = dashboard_query_int(store,
                                 "SELECT m.parent_id FROM territory_member m"
                                 " JOIN territory r ON r.id = m.parent_id"
                                 " WHERE m.member_id = ?1 AND r.level = 1",
                                 territory_id, NULL, NULL, &region_id);
        if (rc == 1)
            region_id = 0;
        else if (rc < 0)
            goto out;
    }
    rc = 0;
    if (region_id != 0)
        rc = similar_count(store, territory_id, region_id, &count);
    if (rc == 0 && count < SIMILAR_REGION_MIN)
        region_id = 0;
    if (rc == 0)
        rc = similar_read(store, territory_id, region_id, limit, out);

out:
    territory_clear(&territory);
    return rc;
}
