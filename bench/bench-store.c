/*
 * terrish: store operations timed in-process through libterrish.a.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "store/store.h"

/* Query typed in the picker's search field by the scripted scenario. */
#define SEARCH_QUERY "st etienne"
/* Results the picker asks for on an 80x24 screen (its visible lines). */
#define SEARCH_LIMIT 20

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
    rc = 0;

out:
    free(loads);
    free(searches);
    return rc;
}
