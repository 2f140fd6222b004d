/*
 * terrish: tests of store_flows(), the origin-destination flows that start
 * or end in a territory, against the bundled sample file read directly.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/data-fixture.h"

#define FLOWS_ID "commuting_flows_sample"
#define FLOWS_FILE "indicators/commuting_flows_sample.tsv"
#define FLOWS_YEAR 2021

static char *dir;
static char *path;
static struct store *store;

/* Load the real data into a new store file, once for the suite. */
static void
setup_store(void)
{
    char *error = NULL;

    dir = fixture_temp_dir("check-store-flow");
    path = xasprintf("%s/terrish.db", dir);
    ck_assert_msg(store_open(path, STORE_OPEN_CREATE, &store, &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(store, fixture_real_data_dir(), NULL,
                                     NULL) == STORE_LOAD_DONE,
                  "store_load_bundled: %s", store_error(store));
}

static void
teardown_store(void)
{
    store_close(store);
    store = NULL;
    fixture_remove(dir);
    free(path);
    free(dir);
}

/* Sums of the sample file's weights for the flows with an end in a set of
 * communes, by direction, read without the store. */
struct file_sums {
    double by_direction[3];
    size_t rows[3];
};

static int
code_in(const char *code, const char *const *codes)
{
    size_t i;

    for (i = 0; codes[i] != NULL; i++) {
        if (strcmp(code, codes[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void
file_sums(const char *const *codes, struct file_sums *sums)
{
    char *file = xasprintf("%s/%s", fixture_real_data_dir(), FLOWS_FILE);
    FILE *in = fopen(file, "r");
    char line[256];

    ck_assert_msg(in != NULL, "cannot open %s", file);
    memset(sums, 0, sizeof(*sums));
    while (fgets(line, sizeof(line), in) != NULL) {
        char origin[16];
        char destination[16];
        char mode[8];
        double weight;
        int from;
        int to;
        enum flow_direction direction;

        if (line[0] == '#' ||
            sscanf(line, "%15s %15s %7s %lf", origin, destination, mode,
                   &weight) != 4) {
            continue;
        }
        from = code_in(origin, codes);
        to = code_in(destination, codes);
        if (!from && !to) {
            continue;
        }
        direction = from && to ? FLOW_INTERNAL
                    : from     ? FLOW_OUTBOUND
                               : FLOW_INBOUND;
        sums->by_direction[direction] += weight;
        sums->rows[direction]++;
    }
    fclose(in);
    free(file);
}

/* What a walk saw. */
struct walk {
    double by_direction[3];
    size_t rows[3];
    double previous; /* to check the order */
    int ordered;
    int abroad_named; /* a flow abroad came with a destination name */
    size_t calls;
    size_t stop_after; /* 0: never stop */
};

static int
walk_flow(const struct store_flow *flow, void *arg)
{
    struct walk *walk = arg;

    ck_assert_int_ge(flow->direction, FLOW_INTERNAL);
    ck_assert_int_le(flow->direction, FLOW_INBOUND);
    walk->by_direction[flow->direction] += flow->value;
    walk->rows[flow->direction]++;
    if (walk->calls > 0 && flow->value > walk->previous) {
        walk->ordered = 0;
    }
    if (strcmp(flow->destination_code, "99999") == 0 &&
        flow->destination_name != NULL) {
        walk->abroad_named = 1;
    }
    ck_assert_ptr_nonnull(flow->origin_code);
    ck_assert_ptr_nonnull(flow->category);
    walk->previous = flow->value;
    walk->calls++;
    return walk->stop_after != 0 && walk->calls == walk->stop_after ? 7 : 0;
}

static int64_t
territory_id(enum territory_level level, const char *code)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(store_territory_get(store, level, code, &territory), 0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* Walk the flows of a territory and compare them with the file. */
static void
check_against_file(enum territory_level level, const char *code,
                   const char *const *communes)
{
    struct walk walk = {.ordered = 1};
    struct file_sums sums;
    int d;

    file_sums(communes, &sums);
    ck_assert_int_eq(store_flows(store, FLOWS_ID, territory_id(level, code),
                                 FLOWS_YEAR, walk_flow, &walk),
                     0);
    for (d = FLOW_INTERNAL; d <= FLOW_INBOUND; d++) {
        ck_assert_uint_eq(walk.rows[d], sums.rows[d]);
        ck_assert_msg(fabs(walk.by_direction[d] - sums.by_direction[d]) <
                          1e-6,
                      "direction %d: store %f, file %f", d,
                      walk.by_direction[d], sums.by_direction[d]);
    }
    ck_assert_msg(walk.ordered, "flows are not largest first");
    ck_assert_msg(!walk.abroad_named, "a flow abroad has a name");
}

START_TEST(flows_of_commune_match_file)
{
    static const char *const communes[] = {"01004", NULL};

    check_against_file(LEVEL_COMMUNE, "01004", communes);
}
END_TEST

START_TEST(flows_of_destination_only_commune)
{
    /* Lyon is no origin of the sample: its flows all come in. */
    static const char *const communes[] = {"69123", NULL};
    struct file_sums sums;

    file_sums(communes, &sums);
    ck_assert_uint_gt(sums.rows[FLOW_INBOUND], 0);
    ck_assert_uint_eq(sums.rows[FLOW_OUTBOUND], 0);
    check_against_file(LEVEL_COMMUNE, "69123", communes);
}
END_TEST

START_TEST(flows_without_data_are_empty)
{
    struct walk walk = {.ordered = 1};

    /* Grenoble has no flow in the sample. */
    ck_assert_int_eq(store_flows(store, FLOWS_ID,
                                 territory_id(LEVEL_COMMUNE, "38185"),
                                 FLOWS_YEAR, walk_flow, &walk),
                     0);
    ck_assert_uint_eq(walk.calls, 0);
    ck_assert_int_eq(store_flows(store, FLOWS_ID,
                                 territory_id(LEVEL_COMMUNE, "01004"), 1999,
                                 walk_flow, &walk),
                     0);
    ck_assert_uint_eq(walk.calls, 0);
}
END_TEST

START_TEST(flows_stop_when_callback_returns)
{
    struct walk walk = {.ordered = 1, .stop_after = 3};

    ck_assert_int_eq(store_flows(store, FLOWS_ID,
                                 territory_id(LEVEL_COMMUNE, "01004"),
                                 FLOWS_YEAR, walk_flow, &walk),
                     7);
    ck_assert_uint_eq(walk.calls, 3);
}
END_TEST

START_TEST(flows_of_departement_are_internal_or_out)
{
    struct walk walk = {.ordered = 1};
    struct territory_list communes = {NULL, 0};
    struct territory ain;
    const char **codes;
    struct file_sums sums;
    size_t count = 0;
    size_t i;
    int d;

    /* Every commune of the Ain, as the store lists them through its
     * EPCI and communes outside any EPCI, is one end of the file's view. */
    ck_assert_int_eq(store_territory_get(store, LEVEL_DEPARTEMENT, "01",
                                         &ain),
                     0);
    ck_assert_int_eq(store_territory_search(store, "01", 1000, &communes), 0);
    codes = xcalloc(communes.count + 1, sizeof(*codes));
    for (i = 0; i < communes.count; i++) {
        if (communes.items[i].level == LEVEL_COMMUNE &&
            strncmp(communes.items[i].code, "01", 2) == 0) {
            codes[count++] = communes.items[i].code;
        }
    }
    file_sums(codes, &sums);
    ck_assert_int_eq(store_flows(store, FLOWS_ID, ain.id, FLOWS_YEAR,
                                 walk_flow, &walk),
                     0);
    for (d = FLOW_INTERNAL; d <= FLOW_INBOUND; d++) {
        ck_assert_uint_eq(walk.rows[d], sums.rows[d]);
    }
    ck_assert_uint_gt(walk.rows[FLOW_INTERNAL], 0);
    free(codes);
    territory_list_free(&communes);
    territory_clear(&ain);
}
END_TEST

START_TEST(flows_exist_only_for_flow_indicators)
{
    ck_assert_int_eq(store_flows_exist(store, FLOWS_ID), 1);
    ck_assert_int_eq(store_flows_exist(store, "population"), 0);
    ck_assert_int_eq(store_flows_exist(store, "no_such_indicator"), 0);
}
END_TEST

static Suite *
flow_suite(void)
{
    Suite *suite = suite_create("store-flow");
    TCase *tc = tcase_create("real data");

    tcase_add_unchecked_fixture(tc, setup_store, teardown_store);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, flows_of_commune_match_file);
    tcase_add_test(tc, flows_of_destination_only_commune);
    tcase_add_test(tc, flows_without_data_are_empty);
    tcase_add_test(tc, flows_stop_when_callback_returns);
    tcase_add_test(tc, flows_of_departement_are_internal_or_out);
    tcase_add_test(tc, flows_exist_only_for_flow_indicators);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(flow_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
