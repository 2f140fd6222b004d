/*
 * terrish: store operations timed in-process through libterrish.a.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tui/map.h"

/* Query typed in the picker's search field by the scripted scenario. */
#define SEARCH_QUERY "st etienne"
/* Results the picker requests on an 80x24 screen (its visible lines). */
#define SEARCH_LIMIT 20
/* Id of the indicator that the import timing writes. */
#define IMPORT_ID "bench_import"
/* Région whose values the aggregation timing computes and whose
 * communes the map timing draws. */
#define REGION_CODE "84"
/* Size of the map timing's screen, in cells. */
#define MAP_COLS 200
#define MAP_ROWS 60

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

double
bench_percentile(double *values, size_t count, double fraction)
{
    size_t index;

    if (count == 0) {
        return 0.0;
    }
    qsort(values, count, sizeof *values, compare_double);

    /* Nearest rank: the smallest value with at least fraction of the
     * samples at or below it. */
    index = (size_t)(fraction * (double)count + 0.999999);
    if (index > 0) {
        index--;
    }
    return values[index < count ? index : count - 1];
}

/* Return "dir/name" in a new string that the caller frees. */
static char *
path_join(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = bench_alloc(size);

    snprintf(path, size, "%s/%s", dir, name);
    return path;
}

/* Time store_load_bundled into a new in-memory store. Returns ms or -1. */
static double
store_load_once(const char *data_dir)
{
    struct store *store = NULL;
    char *error = NULL;
    double elapsed = -1.0;
    int64_t start;
    int rc;

    rc = store_open(":memory:", STORE_OPEN_CREATE, &store, &error);
    if (rc != 0) {
        bench_error("cannot open an in-memory store: %s", error);
        free(error);
        return -1.0;
    }
    if (store_migrate(store) < 0) {
        bench_error("store migration failed: %s", store_error(store));
        goto out;
    }
    start = bench_now_ns();
    rc = store_load_bundled(store, data_dir, NULL, NULL);
    if (rc != 0) {
        bench_error("store_load_bundled %s failed: %s", data_dir,
                    store_error(store));
        goto out;
    }
    elapsed = (double)(bench_now_ns() - start) / 1e6;

out:
    store_close(store);
    return elapsed;
}

/* Time runs searches on the benchmark's store, in microseconds. */
static int
store_search_times(const char *path, double *times, int runs,
                   int *result_count)
{
    struct territory_list results;
    struct store *store = NULL;
    char *error = NULL;
    int64_t start;
    int rc;
    int i;

    rc = store_open(path, STORE_OPEN_READONLY, &store, &error);
    if (rc != 0) {
        bench_error("cannot open %s: %s", path, error);
        free(error);
        return -1;
    }
    for (i = 0; i < runs; i++) {
        memset(&results, 0, sizeof results);
        start = bench_now_ns();
        rc = store_territory_search(store, SEARCH_QUERY, SEARCH_LIMIT,
                                    &results);
        times[i] = (double)(bench_now_ns() - start) / 1e3;
        *result_count = (int)results.count;
        territory_list_free(&results);
        if (rc != 0) {
            bench_error("search \"%s\" failed: %s", SEARCH_QUERY,
                        store_error(store));
            break;
        }
    }
    store_close(store);
    return rc == 0 ? 0 : -1;
}

/*
 * Write the import file: one row per commune of territories/communes.tsv
 * and category, with a synthetic value (benchmark load, never shown), and
 * its meta file. Returns the number of rows, or -1.
 */
static long
import_files_write(const struct bench_setup *setup, const char *csv_path,
                   const char *meta_path)
{
    char *communes = path_join(setup->data_dir,
                                     "territories/communes.tsv");
    FILE *in = fopen(communes, "r");
    FILE *csv = fopen(csv_path, "w");
    FILE *meta = fopen(meta_path, "w");
    char line[1024];
    long rows = -1;
    int c;

    if (in == NULL || csv == NULL || meta == NULL) {
        bench_error("cannot write the import files from %s", communes);
        goto out;
    }
    rows = 0;
    fprintf(csv, "code;year;category;value\n");
    while (fgets(line, sizeof line, in) != NULL) {
        size_t len = strcspn(line, "\t\n");

        if (line[0] == '#' || len == 0)
            continue;
        line[len] = '\0';
        for (c = 0; c < BENCH_IMPORT_CATEGORIES; c++, rows++)
            fprintf(csv, "%s;2020;c%d;%ld.5\n", line, c, rows % 1000);
    }
    fprintf(meta, "{\"id\": \"" IMPORT_ID "\", \"name\": {\"fr\": \"Banc\","
                  " \"en\": \"Bench\"}, \"theme\": \"bench\", \"unit\": \"u\","
                  " \"source\": \"synthetic\", \"licence\": \"none\","
                  " \"years\": [2020], \"native_level\": \"commune\","
                  " \"aggregation\": {\"rule\": \"sum\"}, \"partial\": false,"
                  " \"categories\": [");
    for (c = 0; c < BENCH_IMPORT_CATEGORIES; c++)
        fprintf(meta, "%s{\"id\": \"c%d\", \"name\": {\"fr\": \"C%d\","
                      " \"en\": \"C%d\"}}",
                c > 0 ? ", " : "", c, c, c);
    fprintf(meta, "]}\n");

out:
    if (in != NULL)
        fclose(in);
    if (csv != NULL && fclose(csv) != 0)
        rows = -1;
    if (meta != NULL && fclose(meta) != 0)
        rows = -1;
    free(communes);
    return rows;
}

/* Copy the benchmark's store to path, so that each import starts alike. */
static int
store_copy(const char *from, const char *to)
{
    char buffer[65536];
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    size_t n;
    int rc = 0;

    if (in == NULL || out == NULL)
        rc = -1;
    while (rc == 0 && (n = fread(buffer, 1, sizeof buffer, in)) > 0) {
        if (fwrite(buffer, 1, n, out) != n)
            rc = -1;
    }
    if (in != NULL)
        fclose(in);
    if (out != NULL && fclose(out) != 0)
        rc = -1;
    if (rc != 0)
        bench_error("cannot copy %s to %s", from, to);
    return rc;
}

/* Read and write the import file once into a copy of the store. Returns
 * ms, or -1. */
static double
import_once(const struct bench_setup *setup, const char *csv_path,
            const char *meta_path, const char *store_path)
{
    struct import_batch batch;
    enum import_format format = IMPORT_FORMAT_AUTO;
    struct store *store = NULL;
    void *meta = NULL;
    char *error = NULL;
    FILE *in = NULL;
    double elapsed = -1.0;
    int64_t start;

    import_batch_init(&batch);
    remove(store_path);
    if (store_copy(setup->store, store_path) < 0)
        return -1.0;
    if (store_open(store_path, STORE_OPEN_EXISTING, &store, &error) != 0)
        goto out;

    start = bench_now_ns();
    if (import_meta_load(meta_path, &meta, &error) < 0)
        goto out;
    in = fopen(csv_path, "r");
    if (in == NULL ||
        import_read(in, csv_path, meta, &format, NULL, NULL, &batch, &error,
                    NULL) < 0)
        goto out;
    if (store_import_batch(store, &batch, NULL, NULL, NULL) != 0) {
        bench_error("store_import_batch failed: %s", store_error(store));
        goto out;
    }
    elapsed = (double)(bench_now_ns() - start) / 1e6;

out:
    if (error != NULL)
        bench_error("import of %s failed: %s", csv_path, error);
    free(error);
    if (in != NULL)
        fclose(in);
    import_batch_clear(&batch);
    json_decref((json_t *)meta);
    store_close(store);
    remove(store_path);
    return elapsed;
}

/* Time runs imports of the generated file into result. */
static int
store_import_times(const struct bench_setup *setup, int runs,
                   struct bench_store_result *result)
{
    char *csv_path = path_join(setup->dir, "import.csv");
    char *meta_path = path_join(setup->dir, "import.json");
    char *store_path = path_join(setup->dir, "import.db");
    double *times = bench_alloc((size_t)runs * sizeof *times);
    int rc = -1;
    int i;

    result->import_rows = import_files_write(setup, csv_path, meta_path);
    if (result->import_rows < 0)
        goto out;
    for (i = 0; i < runs; i++) {
        times[i] = import_once(setup, csv_path, meta_path, store_path);
        if (times[i] < 0)
            goto out;
    }
    result->import_runs = runs;
    result->import_ms = bench_percentile(times, (size_t)runs, 0.5);
    rc = 0;

out:
    remove(csv_path);
    remove(meta_path);
    free(csv_path);
    free(meta_path);
    free(store_path);
    free(times);
    return rc;
}

/* Return the latest year of an indicator, or -1. */
static int
indicator_latest_year(struct store *store, const char *id)
{
    struct indicator indicator;
    int year = -1;

    if (store_indicator_get(store, id, &indicator) == 0 &&
        indicator.year_count > 0)
        year = indicator.years[indicator.year_count - 1];
    indicator_clear(&indicator);
    if (year < 0)
        bench_error("the store has no year of indicator %s", id);
    return year;
}

/* store_mesh_fn: count the rows. */
static int
mesh_count(const struct mesh_row *row, void *arg)
{
    (void)row;
    (*(long *)arg)++;
    return 0;
}

/* Aggregate population to the EPCI of every région, runs times. */
static int
store_mesh_times(struct store *store, int runs,
                 struct bench_store_result *result)
{
    struct territory_list regions = {NULL, 0};
    double *times = bench_alloc((size_t)runs * sizeof *times);
    int64_t start;
    size_t r;
    int rc = -1;
    int i;

    result->mesh_year = indicator_latest_year(store, "population");
    if (result->mesh_year < 0 ||
        store_territory_regions(store, &regions) != 0)
        goto out;
    for (i = 0; i < runs; i++) {
        result->mesh_rows = 0;
        start = bench_now_ns();
        for (r = 0; r < regions.count; r++) {
            if (store_indicator_mesh(store, "population",
                                     regions.items[r].id, LEVEL_EPCI,
                                     result->mesh_year, NULL, mesh_count,
                                     &result->mesh_rows) != 0) {
                bench_error("store_indicator_mesh failed: %s",
                            store_error(store));
                goto out;
            }
        }
        times[i] = (double)(bench_now_ns() - start) / 1e6;
    }
    result->mesh_runs = runs;
    result->mesh_ms = bench_percentile(times, (size_t)runs, 0.5);
    rc = 0;

out:
    territory_list_free(&regions);
    free(times);
    return rc;
}

/* Median ms of runs store_indicator_value calls for one territory. */
static double
region_value_ms(struct store *store, const char *id, int64_t territory_id,
                int year, int runs)
{
    struct indicator_result value;
    double *times = bench_alloc((size_t)runs * sizeof *times);
    double median = -1.0;
    int64_t start;
    int i;

    for (i = 0; i < runs; i++) {
        start = bench_now_ns();
        if (store_indicator_value(store, id, territory_id, year, NULL,
                                  &value) != 0) {
            bench_error("store_indicator_value %s failed: %s", id,
                        store_error(store));
            goto out;
        }
        times[i] = (double)(bench_now_ns() - start) / 1e6;
    }
    median = bench_percentile(times, (size_t)runs, 0.5);

out:
    free(times);
    return median;
}

/* Time the aggregations on the benchmark's store. */
static int
store_aggregate_times(const struct bench_setup *setup, int mesh_runs,
                      int value_runs, struct bench_store_result *result)
{
    struct territory region;
    struct store *store = NULL;
    char *error = NULL;
    int rc = -1;

    memset(&region, 0, sizeof region);
    if (store_open(setup->store, STORE_OPEN_READONLY, &store, &error) != 0) {
        bench_error("cannot open %s: %s", setup->store, error);
        free(error);
        return -1;
    }
    if (store_mesh_times(store, mesh_runs, result) < 0)
        goto out;
    if (store_territory_get(store, LEVEL_REGION, REGION_CODE, &region) != 0) {
        bench_error("the store has no région %s", REGION_CODE);
        goto out;
    }
    result->region_year = indicator_latest_year(store, "density");
    if (result->region_year < 0)
        goto out;
    result->region_population_ms = region_value_ms(
        store, "population", region.id, result->region_year, value_runs);
    result->region_density_ms = region_value_ms(
        store, "density", region.id, result->region_year, value_runs);
    if (result->region_population_ms < 0 || result->region_density_ms < 0)
        goto out;
    result->region_runs = value_runs;
    rc = 0;

out:
    territory_clear(&region);
    store_close(store);
    return rc;
}

/* Commune ids collected while walking the territory tree. */
struct id_list {
    int64_t *ids;
    size_t count;
    size_t size;
};

static int
compare_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a;
    int64_t y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Append the communes below territory id to list, at any depth. An EPCI
 * across two départements is walked twice, so list may contain duplicates. */
static int
communes_below(struct store *store, int64_t id, struct id_list *list)
{
    struct territory_list children = {NULL, 0};
    int64_t *grown = NULL;
    size_t i;
    int rc = -1;

    if (store_territory_children(store, id, &children) != 0) {
        bench_error("store_territory_children failed: %s", store_error(store));
        return -1;
    }
    for (i = 0; i < children.count; i++) {
        if (children.items[i].level != LEVEL_COMMUNE) {
            if (communes_below(store, children.items[i].id, list) < 0)
                goto out;
            continue;
        }
        if (list->count == list->size) {
            list->size = list->size == 0 ? 1024 : 2 * list->size;
            grown = realloc(list->ids, list->size * sizeof *list->ids);
            if (grown == NULL) {
                bench_error("out of memory");
                goto out;
            }
            list->ids = grown;
        }
        list->ids[list->count++] = children.items[i].id;
    }
    rc = 0;

out:
    territory_list_free(&children);
    return rc;
}

/* Add the outline of each distinct commune of list to map. */
static int
map_add_communes(struct store *store, struct id_list *list, struct map *map)
{
    char *encoding = NULL;
    char *data = NULL;
    size_t i;
    int rc;

    qsort(list->ids, list->count, sizeof *list->ids, compare_id);
    for (i = 0; i < list->count; i++) {
        if (i > 0 && list->ids[i] == list->ids[i - 1])
            continue;
        rc = store_territory_geometry(store, list->ids[i], &encoding, &data);
        if (rc < 0) {
            bench_error("store_territory_geometry failed: %s",
                        store_error(store));
            return -1;
        }
        if (rc == 0 && map_add_unit(map, encoding, data) < 0) {
            bench_error("invalid outline of territory %lld",
                        (long long)list->ids[i]);
            rc = -1;
        }
        free(encoding);
        free(data);
        encoding = NULL;
        data = NULL;
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Load the région's commune outlines once, then time runs renders. */
static int
store_map_times(const struct bench_setup *setup, int runs,
                struct bench_store_result *result)
{
    struct id_list communes = {NULL, 0, 0};
    struct territory region;
    struct store *store = NULL;
    struct map *map = map_create();
    double *times = bench_alloc((size_t)runs * sizeof *times);
    char *error = NULL;
    int64_t start;
    int rc = -1;
    int i;

    memset(&region, 0, sizeof region);
    if (map == NULL) {
        bench_error("map_create failed: out of memory");
        goto out;
    }
    if (store_open(setup->store, STORE_OPEN_READONLY, &store, &error) != 0) {
        bench_error("cannot open %s: %s", setup->store, error);
        goto out;
    }
    if (store_territory_get(store, LEVEL_REGION, REGION_CODE, &region) != 0) {
        bench_error("the store has no région %s", REGION_CODE);
        goto out;
    }
    if (communes_below(store, region.id, &communes) < 0 ||
        map_add_communes(store, &communes, map) < 0)
        goto out;
    for (i = 0; i < runs; i++) {
        start = bench_now_ns();
        map_fit(map, MAP_COLS, MAP_ROWS);
        if (map_render(map, MAP_COLS, MAP_ROWS) == NULL) {
            bench_error("map_render failed: out of memory");
            goto out;
        }
        times[i] = (double)(bench_now_ns() - start) / 1e6;
    }
    result->map_units = (int)map_unit_count(map);
    result->map_runs = runs;
    result->map_ms = bench_percentile(times, (size_t)runs, 0.5);
    rc = 0;

out:
    free(error);
    free(communes.ids);
    free(times);
    map_free(map);
    territory_clear(&region);
    store_close(store);
    return rc;
}

/* Actions of the timed strategy: each catalogue action once, then sector
 * reductions up to 20. */
#define STRATEGY_BENCH_ACTIONS 20

/*
 * Add every action with a target, and give the user inputs. The user
 * inputs are arbitrary values inside their bounds: the engine does the
 * same work whatever they are, and nothing shows them.
 */
static int
strategy_bench_build(const struct strategy_catalogue *catalogue,
                     struct strategy *strategy)
{
    static const char *const inputs[] = {
        "home_work_share_car_km", "band_share_lt5", "band_share_5_10",
        "occupancy_home_work", "pv_yield",
    };
    static const double input_values[] = {0.3, 0.3, 0.2, 1.1, 1000};
    char err[256];
    size_t i;
    size_t p;

    for (i = 0; i < catalogue->action_count; i++) {
        const struct strategy_action_def *def = &catalogue->actions[i];

        if (strategy_add_action(strategy, catalogue, def->id,
                                def->choice_count > 0 ? def->choices[0] : "",
                                2024, err, sizeof err) < 0) {
            bench_error("strategy: %s", err);
            return -1;
        }
    }
    while (strategy->item_count < STRATEGY_BENCH_ACTIONS) {
        if (strategy_add_action(strategy, catalogue, "sector_reduction",
                                "tertiaire", 2024, err, sizeof err) < 0) {
            bench_error("strategy: %s", err);
            return -1;
        }
    }
    for (i = 0; i < strategy->item_count; i++) {
        const struct strategy_action_def *def =
            strategy_catalogue_action(catalogue, strategy->items[i].action);

        for (p = 0; p < def->param_count; p++) {
            const struct strategy_param_def *param = &def->params[p];
            /* A tenth of the range keeps every mix below 100 %, and the
             * occupancy and plug-in share above today's values. */
            double value = param->initial == INITIAL_BASELINE
                               ? param->max
                               : param->min + (param->max - param->min) / 10;

            if (strategy_set_target(strategy, catalogue, i, param->id, 2025,
                                    2040, value, err, sizeof err) < 0) {
                bench_error("strategy: %s", err);
                return -1;
            }
        }
    }
    for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        strategy_values_set(&strategy->coefficients, inputs[i],
                            input_values[i]);
    return 0;
}

/* Median time of strategy_compute on région 84's baseline. */
static int
store_strategy_times(const struct bench_setup *setup, int runs,
                     struct bench_store_result *result)
{
    struct strategy_catalogue *catalogue = NULL;
    struct strategy_baseline base;
    struct strategy_result *out = bench_alloc(sizeof *out);
    struct strategy strategy;
    struct territory region;
    struct store *store = NULL;
    double *times = bench_alloc((size_t)runs * sizeof *times);
    char *error = NULL;
    int64_t start;
    int rc = -1;
    int i;

    strategy_init(&strategy);
    memset(&region, 0, sizeof region);
    if (strategy_catalogue_load_dir(setup->data_dir, &catalogue, &error) <
        0) {
        bench_error("%s", error);
        goto out;
    }
    if (store_open(setup->store, STORE_OPEN_READONLY, &store, &error) != 0) {
        bench_error("cannot open %s: %s", setup->store, error);
        goto out;
    }
    if (store_territory_get(store, LEVEL_REGION, REGION_CODE, &region) != 0 ||
        store_strategy_baseline(store, region.id, &base) != 0) {
        bench_error("no baseline for région %s: %s", REGION_CODE,
                    store_error(store));
        goto out;
    }
    if (strategy_bench_build(catalogue, &strategy) < 0)
        goto out;
    for (i = 0; i < runs; i++) {
        int computed;

        start = bench_now_ns();
        computed = strategy_compute(catalogue, &strategy, &base, out);
        times[i] = (double)(bench_now_ns() - start) / 1e6;
        if (computed != 0) {
            bench_error("strategy_compute: %s", out->message);
            goto out;
        }
    }
    result->strategy_actions = (int)strategy.item_count;
    result->strategy_runs = runs;
    result->strategy_ms = bench_percentile(times, (size_t)runs, 0.5);
    rc = 0;

out:
    free(error);
    free(times);
    free(out);
    strategy_clear(&strategy);
    strategy_catalogue_free(catalogue);
    territory_clear(&region);
    store_close(store);
    return rc;
}

int
bench_store_run(const struct bench_setup *setup, int load_runs,
                int search_runs, struct bench_store_result *result)
{
    double *loads = bench_alloc((size_t)load_runs * sizeof *loads);
    double *searches = bench_alloc((size_t)search_runs * sizeof *searches);
    int rc = -1;
    int i;

    memset(result, 0, sizeof *result);
    for (i = 0; i < load_runs; i++) {
        loads[i] = store_load_once(setup->data_dir);
        if (loads[i] < 0) {
            goto out;
        }
    }
    result->load_runs = load_runs;
    result->load_ms = bench_percentile(loads, (size_t)load_runs, 0.5);

    if (store_search_times(setup->store, searches, search_runs,
                           &result->search_results) == -1) {
        goto out;
    }
    result->search_runs = search_runs;
    result->search_median_us =
        bench_percentile(searches, (size_t)search_runs, 0.5);
    result->search_p99_us =
        bench_percentile(searches, (size_t)search_runs, 0.99);

    /* The import and the mesh take seconds each, so they run as often as
     * the bundled load; a région value or a map takes milliseconds. */
    if (load_runs > 0 &&
        (store_import_times(setup, load_runs, result) < 0 ||
         store_aggregate_times(setup, load_runs, search_runs, result) < 0 ||
         store_map_times(setup, search_runs, result) < 0 ||
         store_strategy_times(setup, search_runs, result) < 0))
        goto out;
    rc = 0;

out:
    free(loads);
    free(searches);
    return rc;
}
