/*
 * terrish: tests of loading the bundled data and reading territories.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The "real data" cases load $TERRISH_DATA once per suite into a temporary
 * store and check facts against the data files themselves.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"

static char *temp_dir;
static char *db_path;
static struct store *store;

/* Make a private folder under TERRISH_TEST_TMP (or /tmp). */
static char *
make_temp_dir(void)
{
    const char *base = getenv("TERRISH_TEST_TMP");
    char *dir = NULL;

    if (base == NULL || base[0] == '\0')
        base = "/tmp";
    mkdir(base, 0700);
    dir = xasprintf("%s/check-store-territory.XXXXXX", base);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    return dir;
}

/* Remove a folder made by make_temp_dir, with its files and subfolders. */
static void
remove_tree(const char *dir)
{
    char *command = xasprintf("rm -rf '%s'", dir);

    ck_assert_int_eq(system(command), 0);
    free(command);
}

static const char *
data_dir(void)
{
    const char *dir = getenv("TERRISH_DATA");

    return dir != NULL && dir[0] != '\0' ? dir : "data";
}

/* Load the real data into a new store file, once for the suite. */
static void
setup_real_store(void)
{
    struct store *loading = NULL;
    char *error = NULL;

    temp_dir = make_temp_dir();
    db_path = xasprintf("%s/terrish.db", temp_dir);
    ck_assert_msg(store_open(db_path, STORE_OPEN_CREATE, &loading, &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(loading), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(loading, data_dir(), NULL, NULL) == 0,
                  "store_load_bundled: %s", store_error(loading));
    store_close(loading);
}

static void
teardown_real_store(void)
{
    remove_tree(temp_dir);
    free(db_path);
    free(temp_dir);
}

/* Open the loaded store for one test. */
static void
setup_open(void)
{
    char *error = NULL;

    ck_assert_msg(store_open(db_path, STORE_OPEN_EXISTING, &store, &error) == 0,
                  "store_open: %s", error);
}

static void
teardown_open(void)
{
    store_close(store);
    store = NULL;
}

/* Index of a column named in the "# a\tb" header line of a data file. */
static int
header_column(const char *header, const char *name)
{
    char *copy = xstrdup(header + 2);
    char *saveptr = NULL;
    char *word;
    int index = 0;

    copy[strcspn(copy, "\n")] = '\0';
    for (word = strtok_r(copy, "\t", &saveptr); word != NULL;
         word = strtok_r(NULL, "\t", &saveptr), index++) {
        if (strcmp(word, name) == 0) {
            free(copy);
            return index;
        }
    }
    free(copy);
    ck_abort_msg("column %s not in header %s", name, header);
    return -1;
}

/* Copy field number index of a tab-separated line into a new string. */
static char *
line_field(const char *line, int index)
{
    const char *p = line;
    int i;

    for (i = 0; i < index; i++) {
        p = strchr(p, '\t');
        ck_assert_ptr_nonnull(p);
        p++;
    }
    return xstrndup(p, strcspn(p, "\t\n"));
}

/*
 * Scan communes.tsv: count the communes of a région, and copy the
 * population column of one commune.
 */
static void
scan_communes(const char *region, const char *code, int *region_count,
              char **population)
{
    char *path = xasprintf("%s/territories/communes.tsv", data_dir());
    FILE *file = fopen(path, "r");
    char *line = NULL;
    size_t capacity = 0;
    int code_column = -1, region_column = -1, population_column = -1;
    char *value = NULL;

    ck_assert_msg(file != NULL, "cannot open %s", path);
    *region_count = 0;
    *population = NULL;
    while (getline(&line, &capacity, file) > 0) {
        if (code_column < 0) {
            code_column = header_column(line, "code");
            region_column = header_column(line, "region");
            population_column = header_column(line, "population");
            continue;
        }
        if (line[0] == '#')
            continue;
        value = line_field(line, region_column);
        *region_count += strcmp(value, region) == 0;
        free(value);
        value = line_field(line, code_column);
        if (strcmp(value, code) == 0)
            *population = line_field(line, population_column);
        free(value);
    }
    free(line);
    fclose(file);
    free(path);
}

/* Get a territory that must exist. */
static void
get_territory(enum territory_level level, const char *code,
              struct territory *out)
{
    ck_assert_msg(store_territory_get(store, level, code, out) == 0,
                  "%s %s not found: %s", territory_level_name(level), code,
                  store_error(store));
}

START_TEST(region_84_has_12_departements)
{
    struct territory region;
    struct territory_list children;
    size_t i;

    get_territory(LEVEL_REGION, "84", &region);
    ck_assert_str_eq(region.name, "Auvergne-Rhône-Alpes");
    ck_assert_int_eq(store_territory_children(store, region.id, &children), 0);
    ck_assert_uint_eq(children.count, 12);
    for (i = 0; i < children.count; i++)
        ck_assert_int_eq(children.items[i].level, LEVEL_DEPARTEMENT);
    territory_list_free(&children);
    territory_clear(&region);
}
END_TEST

START_TEST(region_84_commune_count_matches_file)
{
    struct territory region;
    char *population = NULL;
    int expected;

    scan_communes("84", "69123", &expected, &population);
    free(population);
    get_territory(LEVEL_REGION, "84", &region);
    ck_assert_int_gt(expected, 0);
    ck_assert_int_eq(region.commune_count, expected);
    territory_clear(&region);
}
END_TEST

START_TEST(lyon_population_matches_file)
{
    struct territory lyon;
    char *population = NULL;
    int count;

    scan_communes("84", "69123", &count, &population);
    ck_assert_ptr_nonnull(population);
    get_territory(LEVEL_COMMUNE, "69123", &lyon);
    ck_assert_str_eq(lyon.name, "Lyon");
    ck_assert_int_eq(lyon.population, strtoll(population, NULL, 10));
    ck_assert_int_gt(lyon.population_year, 2000);
    ck_assert_int_eq(lyon.commune_count, 1);
    territory_clear(&lyon);
    free(population);
}
END_TEST

/* Sum the population column of the communes of an EPCI in communes.tsv. */
static long long
sum_epci_communes(const char *siren)
{
    char *path = xasprintf("%s/territories/communes.tsv", data_dir());
    FILE *file = fopen(path, "r");
    char *line = NULL;
    size_t capacity = 0;
    int epci_column = -1, population_column = -1;
    long long sum = 0;
    char *value = NULL;

    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (getline(&line, &capacity, file) > 0) {
        if (epci_column < 0) {
            epci_column = header_column(line, "epci");
            population_column = header_column(line, "population");
            continue;
        }
        if (line[0] == '#')
            continue;
        value = line_field(line, epci_column);
        if (strcmp(value, siren) == 0) {
            free(value);
            value = line_field(line, population_column);
            sum += strtoll(value, NULL, 10);
        }
        free(value);
    }
    free(line);
    fclose(file);
    free(path);
    return sum;
}

/*
 * An EPCI's population is the sum of its communes, of their year, and not
 * the population column of epci.tsv (407,700 for Saint-Étienne Métropole),
 * which is of another release.
 */
START_TEST(epci_population_sums_communes)
{
    struct territory epci;
    long long expected = sum_epci_communes("244200770");

    get_territory(LEVEL_EPCI, "244200770", &epci);
    ck_assert_int_gt(expected, 400000);
    ck_assert_int_eq(epci.population, expected);
    ck_assert_int_eq(epci.population_year, 2023);
    territory_clear(&epci);
}
END_TEST

/* Mayotte's figures are INSEE 2017, the overseas collectivities' of no
 * stated year, the others 2023 (data/PROVENANCE.md). */
START_TEST(population_year_per_commune)
{
    struct territory territory;

    get_territory(LEVEL_COMMUNE, "97601", &territory);
    ck_assert_int_eq(territory.population_year, 2017);
    territory_clear(&territory);
    get_territory(LEVEL_DEPARTEMENT, "976", &territory);
    ck_assert_int_eq(territory.population_year, 2017);
    territory_clear(&territory);
    get_territory(LEVEL_COMMUNE, "97502", &territory);
    ck_assert_int_gt(territory.population, 0);
    ck_assert_int_eq(territory.population_year, 0);
    territory_clear(&territory);
    get_territory(LEVEL_REGION, "84", &territory);
    ck_assert_int_eq(territory.population_year, 2023);
    territory_clear(&territory);
}
END_TEST

START_TEST(departement_totals_sum_communes)
{
    struct territory departement;
    struct territory region;

    get_territory(LEVEL_DEPARTEMENT, "69", &departement);
    get_territory(LEVEL_REGION, "84", &region);
    ck_assert_int_gt(departement.population, 1000000);
    ck_assert_int_gt(departement.area_km2, 1000);
    ck_assert_int_gt(region.population, departement.population);
    ck_assert_int_eq(region.population_year, departement.population_year);
    territory_clear(&departement);
    territory_clear(&region);
}
END_TEST

/* Search and check the level, code and position of one result. */
static void
check_search_has(const char *query, size_t position, enum territory_level level,
                 const char *code)
{
    struct territory_list found;

    ck_assert_int_eq(store_territory_search(store, query, 10, &found), 0);
    ck_assert_msg(found.count > position, "\"%s\": %zu results", query,
                  found.count);
    ck_assert_msg(found.items[position].level == level &&
                      strcmp(found.items[position].code, code) == 0,
                  "\"%s\" result %zu is %s %s, expected %s %s", query, position,
                  territory_level_name(found.items[position].level),
                  found.items[position].code, territory_level_name(level),
                  code);
    territory_list_free(&found);
}

START_TEST(search_saint_etienne_spellings)
{
    check_search_has("st etienne", 0, LEVEL_COMMUNE, "42218");
    check_search_has("Saint-Étienne", 0, LEVEL_COMMUNE, "42218");
    check_search_has("SAINT ETIENNE", 0, LEVEL_COMMUNE, "42218");
}
END_TEST

START_TEST(search_code_finds_lyon)
{
    check_search_has("69123", 0, LEVEL_COMMUNE, "69123");
    check_search_has("2A004", 0, LEVEL_COMMUNE, "2A004");
    check_search_has("2a", 0, LEVEL_DEPARTEMENT, "2A");
}
END_TEST

START_TEST(search_grenoble_finds_commune_and_epci)
{
    struct territory_list found;
    int commune = 0, epci = 0;
    size_t i;

    check_search_has("grenoble", 0, LEVEL_COMMUNE, "38185");
    ck_assert_int_eq(store_territory_search(store, "grenoble", 10, &found), 0);
    for (i = 0; i < found.count; i++) {
        commune += found.items[i].level == LEVEL_COMMUNE &&
                   strcmp(found.items[i].code, "38185") == 0;
        epci += found.items[i].level == LEVEL_EPCI &&
                strcmp(found.items[i].name, "Grenoble-Alpes-Métropole") == 0;
    }
    ck_assert_int_eq(commune, 1);
    ck_assert_int_eq(epci, 1);
    territory_list_free(&found);
}
END_TEST

START_TEST(search_matches_word_starts_only)
{
    struct territory_list found;
    size_t i;

    ck_assert_int_eq(store_territory_search(store, "tienne", 50, &found), 0);
    for (i = 0; i < found.count; i++)
        ck_assert_ptr_null(strstr(found.items[i].name, "Étienne"));
    territory_list_free(&found);

    ck_assert_int_eq(store_territory_search(store, "lyon 100%", 5, &found), 0);
    ck_assert_uint_eq(found.count, 0);
    territory_list_free(&found);
}
END_TEST

START_TEST(search_respects_limit_and_empty_query)
{
    struct territory_list found;

    ck_assert_int_eq(store_territory_search(store, "saint", 3, &found), 0);
    ck_assert_uint_eq(found.count, 3);
    territory_list_free(&found);
    ck_assert_int_eq(store_territory_search(store, " - ", 3, &found), 0);
    ck_assert_uint_eq(found.count, 0);
    territory_list_free(&found);
}
END_TEST

START_TEST(search_saint_matches_whole_word)
{
    struct territory_list found;
    size_t i;

    ck_assert_int_eq(store_territory_search(store, "saint", 50, &found), 0);
    ck_assert_uint_eq(found.count, 50);
    for (i = 0; i < found.count; i++) {
        char *folded = text_fold(found.items[i].name);

        ck_assert_msg(strncmp(folded, "st ", 3) == 0 ||
                          strstr(folded, " st ") != NULL,
                      "'saint' found %s", found.items[i].name);
        free(folded);
    }
    territory_list_free(&found);
}
END_TEST

START_TEST(departement_children_include_epci)
{
    struct territory departement;
    struct territory_list children;
    int epci = 0;
    size_t i;

    get_territory(LEVEL_DEPARTEMENT, "69", &departement);
    ck_assert_int_eq(store_territory_children(store, departement.id, &children),
                     0);
    for (i = 0; i < children.count; i++) {
        ck_assert_int_ge(children.items[i].level, LEVEL_EPCI);
        epci += strcmp(children.items[i].code, "200046977") == 0;
    }
    ck_assert_int_eq(epci, 1);
    territory_list_free(&children);
    territory_clear(&departement);
}
END_TEST

START_TEST(commune_parents_are_epci_departement_region)
{
    struct territory lyon;
    struct territory_list parents;

    get_territory(LEVEL_COMMUNE, "69123", &lyon);
    ck_assert_int_eq(store_territory_parents(store, lyon.id, &parents), 0);
    ck_assert_uint_eq(parents.count, 3);
    ck_assert_int_eq(parents.items[0].level, LEVEL_REGION);
    ck_assert_str_eq(parents.items[0].code, "84");
    ck_assert_int_eq(parents.items[1].level, LEVEL_DEPARTEMENT);
    ck_assert_str_eq(parents.items[1].code, "69");
    ck_assert_int_eq(parents.items[2].level, LEVEL_EPCI);
    ck_assert_str_eq(parents.items[2].code, "200046977");
    territory_list_free(&parents);
    territory_clear(&lyon);
}
END_TEST

START_TEST(geometry_of_lyon_is_stored)
{
    struct territory lyon;
    char *encoding = NULL;
    char *data = NULL;

    get_territory(LEVEL_COMMUNE, "69123", &lyon);
    ck_assert_int_eq(store_territory_geometry(store, lyon.id, &encoding, &data),
                     0);
    ck_assert_str_eq(encoding, "lonlat-1e5-delta");
    ck_assert_int_gt(strlen(data), 10);
    free(encoding);
    free(data);
    territory_clear(&lyon);
}
END_TEST

START_TEST(load_twice_returns_1)
{
    struct territory_list regions;
    size_t before;

    ck_assert_int_eq(store_territory_regions(store, &regions), 0);
    before = regions.count;
    territory_list_free(&regions);
    ck_assert_int_eq(store_load_bundled(store, data_dir(), NULL, NULL), 1);
    ck_assert_int_eq(store_territory_regions(store, &regions), 0);
    ck_assert_uint_eq(regions.count, before);
    territory_list_free(&regions);
}
END_TEST

START_TEST(meta_records_population_year)
{
    char *value = NULL;

    ck_assert_int_eq(store_meta_get(store, "population_year", &value), 0);
    ck_assert_int_eq(strlen(value), 4);
    free(value);
    ck_assert_int_eq(store_meta_get(store, "data_loaded_at", &value), 0);
    free(value);
}
END_TEST

/* Write a small data folder whose communes.tsv has commune_line last. */
static char *
write_small_data(const char *commune_line)
{
    char *dir = make_temp_dir();
    const char *files[][2] = {
        {"territories/regions.tsv", "# code\tname\n84\tAuvergne\n"},
        {"territories/departements.tsv",
         "# code\tname\tregion\n69\tRhône\t84\n"},
        {"territories/epci.tsv",
         "# siren\tname\tkind\tpopulation\n200046977\tMétropole\tMET69\t"
         "1000\n"},
        {"territories/communes.tsv", NULL},
        {"geometry/regions.tsv", "# code\tpolygon\n84\t1,2 3,4 -1,-1\n"},
        {"geometry/departements.tsv", "# code\tpolygon\n"},
        {"geometry/epci-84.tsv", "# code\tpolygon\n"},
        {"geometry/communes-84.tsv", "# code\tpolygon\n"},
    };
    char *path = NULL;
    FILE *file = NULL;
    size_t i;

    for (i = 0; i < 2; i++) {
        path = xasprintf("%s/%s", dir, i == 0 ? "territories" : "geometry");
        ck_assert_int_eq(mkdir(path, 0700), 0);
        free(path);
    }
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        path = xasprintf("%s/%s", dir, files[i][0]);
        file = fopen(path, "w");
        ck_assert_ptr_nonnull(file);
        if (files[i][1] != NULL) {
            fputs(files[i][1], file);
        } else {
            fputs("# code\tname\tdepartement\tregion\tepci\tpopulation\t"
                  "population_year\tarea_km2\n# population_year=2023\n"
                  "69123\tLyon\t69\t84\t200046977\t500\t2023\t47.87\n",
                  file);
            fputs(commune_line, file);
        }
        fclose(file);
        free(path);
    }
    return dir;
}

/* Load a small data folder into a new in-memory store. */
static int
load_small(const char *commune_line, struct store **out, char **dir)
{
    char *error = NULL;

    *dir = write_small_data(commune_line);
    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, out, &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(*out), STORE_SCHEMA_VERSION);
    return store_load_bundled(*out, *dir, NULL, NULL);
}

START_TEST(load_small_sums_communes)
{
    struct store *small = NULL;
    struct territory region;
    char *dir = NULL;

    ck_assert_int_eq(load_small("69001\tVille\t69\t84\t\t\t\t\n", &small, &dir),
                     0);
    ck_assert_int_eq(store_territory_get(small, LEVEL_REGION, "84", &region),
                     0);
    ck_assert_int_eq(region.commune_count, 2);
    ck_assert_int_eq(region.population, 500);
    ck_assert_int_eq(region.population_year, 2023);
    ck_assert_double_eq_tol(region.area_km2, 47.87, 0.001);
    territory_clear(&region);
    store_close(small);
    remove_tree(dir);
    free(dir);
}
END_TEST

/* Load a bad commune line and check the message and the empty store. */
static void
check_malformed(const char *line, const char *expected)
{
    struct store *small = NULL;
    struct territory_list regions;
    char *dir = NULL;
    const char *error;

    ck_assert_int_eq(load_small(line, &small, &dir), -1);
    error = store_error(small);
    ck_assert_msg(strstr(error, "territories/communes.tsv:4:") != NULL,
                  "message without file and line: %s", error);
    ck_assert_msg(strstr(error, expected) != NULL, "message without \"%s\": %s",
                  expected, error);
    ck_assert_int_eq(store_territory_regions(small, &regions), 0);
    ck_assert_uint_eq(regions.count, 0);
    territory_list_free(&regions);
    store_close(small);
    remove_tree(dir);
    free(dir);
}

START_TEST(load_malformed_population_fails)
{
    check_malformed("69002\tVille\t69\t84\t\t12a\t\t\n",
                    "column 6 (population): invalid population \"12a\"");
}
END_TEST

START_TEST(load_malformed_column_count_fails)
{
    check_malformed("69002\tVille\t69\t84\n",
                    "expected 8 tab-separated columns, found 4");
}
END_TEST

START_TEST(load_unknown_departement_fails)
{
    check_malformed("01001\tVille\t01\t84\t\t1\t2023\t1.5\n",
                    "column 3 (departement): unknown code \"01\"");
}
END_TEST

START_TEST(load_duplicate_code_fails)
{
    check_malformed("69123\tLyon\t69\t84\t\t1\t2023\t1.5\n",
                    "column 1 (code): duplicate code \"69123\"");
}
END_TEST

START_TEST(load_invalid_area_fails)
{
    check_malformed("69002\tVille\t69\t84\t\t1\t2023\t1,5\n",
                    "column 8 (area_km2): invalid area \"1,5\"");
}
END_TEST

START_TEST(load_invalid_population_year_fails)
{
    check_malformed("69002\tVille\t69\t84\t\t1\t23\t1.5\n",
                    "column 7 (population_year): invalid population year "
                    "\"23\"");
}
END_TEST

/* A territory's population year is its communes' year when they agree. */
START_TEST(load_mixed_population_years_give_0)
{
    struct store *small = NULL;
    struct territory region;
    struct territory commune;
    char *dir = NULL;

    ck_assert_int_eq(load_small("69002\tVille\t69\t84\t\t40\t2017\t1\n",
                                &small, &dir),
                     0);
    ck_assert_int_eq(store_territory_get(small, LEVEL_COMMUNE, "69002",
                                         &commune),
                     0);
    ck_assert_int_eq(commune.population_year, 2017);
    ck_assert_int_eq(store_territory_get(small, LEVEL_REGION, "84", &region),
                     0);
    ck_assert_int_eq(region.population, 540);
    ck_assert_int_eq(region.population_year, 0);
    territory_clear(&commune);
    territory_clear(&region);
    store_close(small);
    remove_tree(dir);
    free(dir);
}
END_TEST

/* A commune with a population of unknown year makes its parents' year 0. */
START_TEST(load_unknown_population_year_gives_0)
{
    struct store *small = NULL;
    struct territory departement;
    char *dir = NULL;

    ck_assert_int_eq(load_small("69002\tVille\t69\t84\t\t40\t\t1\n",
                                &small, &dir),
                     0);
    ck_assert_int_eq(store_territory_get(small, LEVEL_DEPARTEMENT, "69",
                                         &departement),
                     0);
    ck_assert_int_eq(departement.population_year, 0);
    territory_clear(&departement);
    store_close(small);
    remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(load_missing_data_dir_fails)
{
    struct store *small = NULL;
    char *error = NULL;

    ck_assert_int_eq(store_open(":memory:", STORE_OPEN_CREATE, &small, &error),
                     0);
    ck_assert_int_eq(store_migrate(small), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(store_load_bundled(small, "/nonexistent", NULL, NULL), -1);
    ck_assert_ptr_nonnull(strstr(store_error(small), "/nonexistent/"));
    store_close(small);
}
END_TEST

static Suite *
territory_suite(void)
{
    Suite *suite = suite_create("store-territory");
    TCase *real = tcase_create("real data");
    TCase *load = tcase_create("load");

    tcase_add_unchecked_fixture(real, setup_real_store, teardown_real_store);
    tcase_add_checked_fixture(real, setup_open, teardown_open);
    tcase_set_timeout(real, 60);
    tcase_add_test(real, region_84_has_12_departements);
    tcase_add_test(real, population_year_per_commune);
    tcase_add_test(real, region_84_commune_count_matches_file);
    tcase_add_test(real, lyon_population_matches_file);
    tcase_add_test(real, epci_population_sums_communes);
    tcase_add_test(real, departement_totals_sum_communes);
    tcase_add_test(real, search_saint_etienne_spellings);
    tcase_add_test(real, search_saint_matches_whole_word);
    tcase_add_test(real, search_code_finds_lyon);
    tcase_add_test(real, search_grenoble_finds_commune_and_epci);
    tcase_add_test(real, search_matches_word_starts_only);
    tcase_add_test(real, search_respects_limit_and_empty_query);
    tcase_add_test(real, departement_children_include_epci);
    tcase_add_test(real, commune_parents_are_epci_departement_region);
    tcase_add_test(real, geometry_of_lyon_is_stored);
    tcase_add_test(real, load_twice_returns_1);
    tcase_add_test(real, meta_records_population_year);
    suite_add_tcase(suite, real);

    tcase_add_test(load, load_small_sums_communes);
    tcase_add_test(load, load_malformed_population_fails);
    tcase_add_test(load, load_malformed_column_count_fails);
    tcase_add_test(load, load_unknown_departement_fails);
    tcase_add_test(load, load_duplicate_code_fails);
    tcase_add_test(load, load_invalid_area_fails);
    tcase_add_test(load, load_invalid_population_year_fails);
    tcase_add_test(load, load_mixed_population_years_give_0);
    tcase_add_test(load, load_unknown_population_year_gives_0);
    tcase_add_test(load, load_missing_data_dir_fails);
    suite_add_tcase(suite, load);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(territory_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
