/*
 * terrish: tests of indicator aggregation, statistical secrecy and export.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The "real" cases load $TERRISH_DATA once per suite into a temporary
 * store file, and compute every expected value from the data files
 * themselves. The "small" cases use the folder of data-fixture.c, whose
 * values are listed there. The "export" cases run $TERRISH_BIN.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/data-fixture.h"

/* A commune of territories/communes.tsv and the territories above it. */
struct commune_info {
    char code[8];
    char departement[4];
    char region[4];
    char epci[12];
};

static char *real_dir;
static char *real_path;
static struct commune_info *communes;
static size_t commune_count;
static struct store *store;

/* Split a line on tabs in place; returns the number of fields. */
static size_t
split_tabs(char *line, char **fields, size_t max)
{
    size_t count = 0;

    line[strcspn(line, "\r\n")] = '\0';
    while (count < max) {
        fields[count++] = line;
        line = strchr(line, '\t');
        if (line == NULL)
            break;
        *line++ = '\0';
    }
    return count;
}

/* Calls fn with the fields of each data line of a file of the real data. */
static void
read_tsv(const char *relative, void (*fn)(char **fields, size_t count,
                                          void *arg),
         void *arg)
{
    char *path = xasprintf("%s/%s", fixture_real_data_dir(), relative);
    FILE *file = fopen(path, "r");
    char *line = NULL;
    char *fields[12];
    size_t capacity = 0;

    ck_assert_msg(file != NULL, "cannot open %s", path);
    while (getline(&line, &capacity, file) > 0) {
        if (line[0] != '#')
            fn(fields, split_tabs(line, fields, 12), arg);
    }
    fclose(file);
    free(line);
    free(path);
}

static void
add_commune(char **fields, size_t count, void *arg)
{
    struct commune_info *info = NULL;

    (void)arg;
    ck_assert_uint_eq(count, 8);
    communes = xrealloc(communes, (commune_count + 1) * sizeof *communes);
    info = &communes[commune_count++];
    snprintf(info->code, sizeof info->code, "%s", fields[0]);
    snprintf(info->departement, sizeof info->departement, "%s", fields[2]);
    snprintf(info->region, sizeof info->region, "%s", fields[3]);
    snprintf(info->epci, sizeof info->epci, "%s", fields[4]);
}

/* The commune with code; communes.tsv is sorted by code. */
static const struct commune_info *
find_commune(const char *code)
{
    size_t low = 0;
    size_t high = commune_count;
    size_t middle;
    int order;

    while (low < high) {
        middle = (low + high) / 2;
        order = strcmp(communes[middle].code, code);
        if (order == 0)
            return &communes[middle];
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return NULL;
}

/* Load the real data into a new store file, once for the suite. */
static void
setup_real_store(void)
{
    struct store *loading = NULL;
    char *error = NULL;

    real_dir = fixture_temp_dir("check-store-aggregate");
    real_path = xasprintf("%s/terrish.db", real_dir);
    ck_assert_msg(store_open(real_path, STORE_OPEN_CREATE, &loading,
                             &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(loading), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(loading, fixture_real_data_dir(), NULL,
                                     NULL) == STORE_LOAD_DONE,
                  "store_load_bundled: %s", store_error(loading));
    store_close(loading);
    read_tsv("territories/communes.tsv", add_commune, NULL);
}

static void
teardown_real_store(void)
{
    fixture_remove(real_dir);
    free(real_path);
    free(real_dir);
    free(communes);
}

static void
setup_open(void)
{
    char *error = NULL;

    ck_assert_msg(store_open(real_path, STORE_OPEN_EXISTING, &store,
                             &error) == 0,
                  "store_open: %s", error);
}

static void
teardown_open(void)
{
    store_close(store);
    store = NULL;
}

/* Return the id of a territory, failing the test when there is none. */
static int64_t
territory_id(struct store *target, enum territory_level level,
             const char *code)
{
    struct territory territory;
    int64_t id;

    ck_assert_msg(store_territory_get(target, level, code, &territory) == 0,
                  "no territory %s", code);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* Compute a value, failing the test when the call fails. */
static struct indicator_result
value_of(struct store *target, const char *indicator, int64_t id, int year,
         const char *category)
{
    struct indicator_result result;

    ck_assert_msg(store_indicator_value(target, indicator, id, year,
                                        category, &result) == 0,
                  "store_indicator_value: %s", store_error(target));
    return result;
}

/* Sum of a file's values over the communes that a filter keeps. */
struct file_sum {
    int year;
    const char *category;   /* NULL: every category */
    const char *region;     /* keep communes of this région, or */
    const char *epci;       /* of this EPCI, or */
    const char *code;       /* this one commune */
    double sum;
    int rows;
    int flagged;            /* rows with a flag or no value */
};

static void
add_file_value(char **fields, size_t count, void *arg)
{
    struct file_sum *sum = arg;
    const struct commune_info *info = find_commune(fields[0]);

    ck_assert_uint_eq(count, 5);
    if (atoi(fields[1]) != sum->year ||
        (sum->category != NULL && strcmp(fields[2], sum->category) != 0) ||
        info == NULL)
        return;
    if ((sum->region != NULL && strcmp(info->region, sum->region) != 0) ||
        (sum->epci != NULL && strcmp(info->epci, sum->epci) != 0) ||
        (sum->code != NULL && strcmp(info->code, sum->code) != 0))
        return;
    sum->rows++;
    if (fields[3][0] != '\0')
        sum->sum += strtod(fields[3], NULL);
    if (fields[4][0] != '\0' || fields[3][0] == '\0')
        sum->flagged++;
}

/* Count the communes that a filter keeps. */
static int
count_communes(const char *region, const char *epci, const char *departement)
{
    size_t i;
    int count = 0;

    for (i = 0; i < commune_count; i++) {
        if ((region == NULL || strcmp(communes[i].region, region) == 0) &&
            (epci == NULL || strcmp(communes[i].epci, epci) == 0) &&
            (departement == NULL ||
             strcmp(communes[i].departement, departement) == 0))
            count++;
    }
    return count;
}

/*
 * Read the région 84 population of one year from the check that
 * data/PROVENANCE.md prints after mapping ("population 2013 7,757,484,
 * 2018 7,994,345, ..."). Returns -1 when the text is not found.
 */
static double
provenance_population(int year)
{
    char *path = xasprintf("%s/PROVENANCE.md", fixture_real_data_dir());
    FILE *file = fopen(path, "r");
    char *text = xcalloc(1, 1 << 20);
    char key[8];
    char *p = NULL;
    double value = -1;

    ck_assert_ptr_nonnull(file);
    fread(text, 1, (1 << 20) - 1, file);
    fclose(file);
    for (p = text; *p != '\0'; p++) {
        if (*p == '\n')
            *p = ' ';
    }
    p = strstr(text, "After mapping onto the 4,025 current communes:");
    snprintf(key, sizeof key, "%d ", year);
    if (p != NULL)
        p = strstr(p, key);
    if (p != NULL) {
        value = 0;
        for (p += strlen(key); (*p >= '0' && *p <= '9') || *p == ','; p++) {
            if (*p != ',')
                value = value * 10 + (*p - '0');
        }
    }
    free(text);
    free(path);
    return value;
}

START_TEST(region_population_is_sum_of_communes)
{
    struct file_sum sum = {.year = 2018, .region = "84"};
    struct indicator_result result;
    int expected_communes = count_communes("84", NULL, NULL);

    read_tsv("indicators/population.tsv", add_file_value, &sum);
    ck_assert_int_gt(sum.rows, 0);
    result = value_of(store, "population",
                      territory_id(store, LEVEL_REGION, "84"), 2018, NULL);
    ck_assert_double_eq_tol(result.value, sum.sum, 1e-6);
    ck_assert_int_eq(result.parts, sum.rows);
    ck_assert_int_eq(result.missing_parts, expected_communes - sum.rows);
    ck_assert_int_eq(result.flag, sum.rows == expected_communes
                                      ? RESULT_PRESENT
                                      : RESULT_PARTIAL);
    ck_assert_str_eq(result.unit, "hab.");
    ck_assert_int_eq(result.year, 2018);
    ck_assert_double_eq_tol(result.value, provenance_population(2018), 1e-6);
}
END_TEST

/* Return the value of one commune, year and category from a file. */
static double
file_value(const char *relative, const char *code, int year,
           const char *category)
{
    struct file_sum sum = {.year = year, .category = category, .code = code};

    read_tsv(relative, add_file_value, &sum);
    ck_assert_int_eq(sum.rows, 1);
    return sum.sum;
}

START_TEST(lyon_density_is_population_over_area)
{
    double population = file_value("indicators/population.tsv", "69123", 2018,
                                   NULL);
    double area = file_value("indicators/area_km2.tsv", "69123", 2021, NULL);
    struct indicator_result result;

    result = value_of(store, "density",
                      territory_id(store, LEVEL_COMMUNE, "69123"), 2018, NULL);
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
    ck_assert_double_eq_tol(result.value, population / area, 1e-9);
    ck_assert_str_eq(result.unit, "hab./km²");
}
END_TEST

START_TEST(epci_road_emissions_per_inhabitant)
{
    const char *epci = "200046977";
    struct file_sum road = {.year = 2016, .category = "routier",
                            .epci = epci};
    struct file_sum population = {.year = 2018, .epci = epci};
    struct indicator_result result;
    int members = count_communes(NULL, epci, NULL);

    read_tsv("indicators/ghg_emissions.tsv", add_file_value, &road);
    read_tsv("indicators/population.tsv", add_file_value, &population);
    ck_assert_int_gt(road.rows, 0);
    result = value_of(store, "ghg_road_per_inhabitant",
                      territory_id(store, LEVEL_EPCI, epci), 2016, NULL);
    ck_assert_double_eq_tol(result.value, road.sum / population.sum, 1e-12);
    ck_assert_int_eq(result.flag,
                     road.flagged == 0 && road.rows == members &&
                             population.rows == members
                         ? RESULT_PRESENT
                         : RESULT_PARTIAL);
}
END_TEST

/* store_mesh_fn: count the rows and check that none has a value. */
static int
count_not_available(const struct mesh_row *row, void *arg)
{
    int *count = arg;

    ck_assert_int_eq(row->result->flag, RESULT_NOT_AVAILABLE);
    ck_assert_int_eq(row->unit->level, LEVEL_COMMUNE);
    (*count)++;
    return 0;
}

START_TEST(departement_figure_not_split_to_communes)
{
    int count = 0;
    struct indicator_result result;

    ck_assert_int_eq(store_indicator_mesh(
                         store, "cars",
                         territory_id(store, LEVEL_DEPARTEMENT, "69"),
                         LEVEL_COMMUNE, 2022, NULL, count_not_available,
                         &count),
                     0);
    ck_assert_int_eq(count, count_communes(NULL, NULL, "69"));
    result = value_of(store, "cars", territory_id(store, LEVEL_EPCI,
                                                  "200046977"),
                      2022, NULL);
    ck_assert_int_eq(result.flag, RESULT_NOT_AVAILABLE);
    result = value_of(store, "cars",
                      territory_id(store, LEVEL_DEPARTEMENT, "69"), 2022,
                      "electrique_rechargeable");
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
}
END_TEST

/* Collect the départements of région 84 from departements.tsv. */
static void
add_departement_84(char **fields, size_t count, void *arg)
{
    char *list = arg;

    ck_assert_uint_eq(count, 3);
    if (strcmp(fields[2], "84") == 0) {
        strcat(list, fields[0]);
        strcat(list, " ");
    }
}

/* Sum the cars of the départements in list, from cars.tsv. */
static void
add_cars(char **fields, size_t count, void *arg)
{
    struct file_sum *sum = arg;
    char key[8];

    ck_assert_uint_eq(count, 5);
    snprintf(key, sizeof key, "%s ", fields[0]);
    if (strstr(sum->region, key) == NULL)
        return;
    sum->rows++;
    sum->sum += strtod(fields[3], NULL);
}

START_TEST(region_cars_sum_departements)
{
    char list[256] = " ";
    struct file_sum sum = {.region = list};
    struct indicator_result result;

    read_tsv("territories/departements.tsv", add_departement_84, list);
    read_tsv("indicators/cars.tsv", add_cars, &sum);
    result = value_of(store, "cars", territory_id(store, LEVEL_REGION, "84"),
                      2022, NULL);
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
    ck_assert_double_eq_tol(result.value, sum.sum, 1e-6);
    ck_assert_int_eq(result.parts, sum.rows);
}
END_TEST

/*
 * The small store.
 */

static struct store *small;
static char *small_dir;
static char *small_path;

static void
setup_small(void)
{
    char *data = fixture_write("check-store-aggregate", NULL);
    char *error = NULL;

    small_dir = fixture_temp_dir("check-store-aggregate");
    small_path = xasprintf("%s/small.db", small_dir);
    ck_assert_msg(store_open(small_path, STORE_OPEN_CREATE, &small,
                             &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(small), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(small, data, NULL, NULL) ==
                      STORE_LOAD_DONE,
                  "store_load_bundled: %s", store_error(small));
    fixture_remove(data);
    free(data);
}

static void
teardown_small(void)
{
    store_close(small);
    small = NULL;
    fixture_remove(small_dir);
    free(small_dir);
    free(small_path);
}

/* Check the flag and, when shown, the value of one small-store result. */
static void
check_small(const char *indicator, enum territory_level level,
            const char *code, const char *category, enum result_flag flag,
            double value)
{
    struct indicator_result result;

    result = value_of(small, indicator, territory_id(small, level, code), 2020,
                      category);
    ck_assert_msg(result.flag == flag, "%s %s %s: flag %s, expected %s",
                  indicator, code, category != NULL ? category : "(total)",
                  result_flag_name(result.flag), result_flag_name(flag));
    if (flag == RESULT_PRESENT || flag == RESULT_PARTIAL)
        ck_assert_double_eq_tol(result.value, value, 1e-9);
    else
        ck_assert_double_eq(result.value, 0);
}

START_TEST(secret_hidden_at_own_level)
{
    check_small("jobs_t", LEVEL_COMMUNE, "69001", "b", RESULT_SECRET, 0);
    check_small("jobs_t", LEVEL_COMMUNE, "01001", "b", RESULT_SECRET, 0);
    check_small("jobs_t", LEVEL_COMMUNE, "69001", "a", RESULT_PRESENT, 10);
}
END_TEST

START_TEST(total_with_one_secret_hidden)
{
    /* 69001 = a + b + c with b secret: a and c are shown, so the total
     * would give b away. */
    check_small("jobs_t", LEVEL_COMMUNE, "69001", NULL, RESULT_SECRET, 0);
    /* Département 69, category b: 69001 is secret and 69002 shown. */
    check_small("jobs_t", LEVEL_DEPARTEMENT, "69", "b", RESULT_SECRET, 0);
    check_small("jobs_t", LEVEL_COMMUNE, "69002", NULL, RESULT_PRESENT, 16);
    check_small("jobs_t", LEVEL_DEPARTEMENT, "69", "a", RESULT_PRESENT, 17);
}
END_TEST

START_TEST(total_with_two_secrets_is_lower_bound)
{
    struct indicator_result result;

    /* EPCI 200000001, category b: both cells secret, 01001 with the
     * lower bound 1 and 69001 without a value. */
    check_small("jobs_t", LEVEL_EPCI, "200000001", "b", RESULT_PARTIAL, 1);
    check_small("jobs_t", LEVEL_REGION, "84", "b", RESULT_PARTIAL, 4);
    check_small("jobs_t", LEVEL_REGION, "84", NULL, RESULT_PARTIAL, 38);
    result = value_of(small, "jobs_t", territory_id(small, LEVEL_REGION, "84"),
                      2020, NULL);
    ck_assert_int_eq(result.parts, 9);
    ck_assert_int_eq(result.secret_parts, 2);
}
END_TEST

START_TEST(not_estimated_makes_sum_partial)
{
    struct indicator_result result;

    check_small("emissions_t", LEVEL_COMMUNE, "69002", NULL,
                RESULT_NOT_AVAILABLE, 0);
    check_small("emissions_t", LEVEL_DEPARTEMENT, "69", NULL, RESULT_PARTIAL,
                10.5);
    check_small("emissions_t", LEVEL_DEPARTEMENT, "01", NULL, RESULT_PRESENT,
                4);
    result = value_of(small, "emissions_t",
                      territory_id(small, LEVEL_DEPARTEMENT, "69"), 2020,
                      NULL);
    ck_assert_int_eq(result.missing_parts, 1);
}
END_TEST

START_TEST(weighted_mean_uses_weight)
{
    check_small("price_t", LEVEL_DEPARTEMENT, "69", NULL, RESULT_PRESENT,
                (2.0 * 100 + 4.0 * 300) / 400);
    check_small("price_t", LEVEL_REGION, "84", NULL, RESULT_PRESENT,
                (1.0 * 50 + 2.0 * 100 + 4.0 * 300) / 450);
}
END_TEST

START_TEST(departement_native_not_split)
{
    check_small("cars_t", LEVEL_COMMUNE, "69001", NULL, RESULT_NOT_AVAILABLE,
                0);
    /* 200000002 lies inside 69, and is still only a part of it. */
    check_small("cars_t", LEVEL_EPCI, "200000002", NULL, RESULT_NOT_AVAILABLE,
                0);
    check_small("cars_t", LEVEL_EPCI, "200000001", NULL, RESULT_NOT_AVAILABLE,
                0);
    check_small("cars_t", LEVEL_DEPARTEMENT, "69", NULL, RESULT_PRESENT, 900);
    check_small("cars_t", LEVEL_REGION, "84", NULL, RESULT_PRESENT, 1500);
}
END_TEST

START_TEST(epci_straddling_border_left_out)
{
    /* 200000001 has communes in 01 and 69: no département gets its value. */
    check_small("elec_t", LEVEL_DEPARTEMENT, "69", NULL, RESULT_PARTIAL, 600);
    check_small("elec_t", LEVEL_DEPARTEMENT, "01", NULL, RESULT_NOT_AVAILABLE,
                0);
    check_small("elec_t", LEVEL_REGION, "84", NULL, RESULT_PRESENT, 1050);
    check_small("elec_t", LEVEL_COMMUNE, "69002", NULL, RESULT_NOT_AVAILABLE,
                0);
}
END_TEST

START_TEST(ratio_of_aggregated_operands)
{
    check_small("elec_per_pop_t", LEVEL_REGION, "84", NULL, RESULT_PRESENT,
                1000.0 * 1050 / 450);
    check_small("elec_per_pop_t", LEVEL_EPCI, "200000002", NULL,
                RESULT_PRESENT, 1000.0 * 600 / 300);
    check_small("elec_per_pop_t", LEVEL_DEPARTEMENT, "69", NULL,
                RESULT_PARTIAL, 1000.0 * 600 / 400);
}
END_TEST

START_TEST(group_value_sums_its_communes)
{
    struct indicator_result result;
    int64_t id;

    ck_assert_int_eq(store_group_create(small, "Parc", "natural park", NULL,
                                        &id),
                     0);
    ck_assert_int_eq(store_group_add_commune(small, id, "69002"), 0);
    ck_assert_int_eq(store_group_add_commune(small, id, "01001"), 0);
    ck_assert_int_eq(store_indicator_group_value(small, "pop_t", id, 2020,
                                                 NULL, &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
    ck_assert_double_eq(result.value, 350);
    ck_assert_int_eq(store_indicator_group_value(small, "elec_t", id, 2020,
                                                 NULL, &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_PARTIAL);
    ck_assert_double_eq(result.value, 600);
    ck_assert_int_eq(store_indicator_group_value(small, "pop_t", id + 1, 2020,
                                                 NULL, &result),
                     1);
}
END_TEST

/* Codes and values of a mesh walk, in order. */
struct mesh_list {
    char codes[8][16];
    double values[8];
    size_t count;
};

static int
collect_mesh(const struct mesh_row *row, void *arg)
{
    struct mesh_list *list = arg;

    ck_assert_uint_lt(list->count, 8);
    snprintf(list->codes[list->count], sizeof list->codes[0], "%s",
             row->unit->code);
    list->values[list->count++] = row->result->value;
    return 0;
}

START_TEST(mesh_lists_units_inside)
{
    struct mesh_list list = {.count = 0};
    int64_t departement = territory_id(small, LEVEL_DEPARTEMENT, "69");

    ck_assert_int_eq(store_indicator_mesh(small, "pop_t", departement,
                                          LEVEL_COMMUNE, 2020, NULL,
                                          collect_mesh, &list),
                     0);
    ck_assert_uint_eq(list.count, 2);
    ck_assert_str_eq(list.codes[0], "69001");
    ck_assert_double_eq(list.values[0], 100);
    ck_assert_str_eq(list.codes[1], "69002");
    ck_assert_double_eq(list.values[1], 300);

    list.count = 0;
    ck_assert_int_eq(store_indicator_mesh(small, "pop_t", departement,
                                          LEVEL_EPCI, 2020, NULL,
                                          collect_mesh, &list),
                     0);
    ck_assert_uint_eq(list.count, 2);
    ck_assert_str_eq(list.codes[0], "200000001");
    ck_assert_double_eq(list.values[0], 150);
    ck_assert_str_eq(list.codes[1], "200000002");
    ck_assert_int_eq(store_indicator_mesh(small, "no_such", departement,
                                          LEVEL_EPCI, 2020, NULL,
                                          collect_mesh, &list),
                     1);
}
END_TEST

/*
 * Export through the terrish binary.
 */

/* Run terrish export with arguments; returns its output and exit status. */
static char *
run_export(const char *arguments, int *status)
{
    const char *binary = getenv("TERRISH_BIN");
    char *command = NULL;
    char *output = xcalloc(1, 1 << 16);
    FILE *pipe = NULL;
    size_t len;

    ck_assert_msg(binary != NULL, "TERRISH_BIN is not set");
    command = xasprintf("'%s' export %s --store '%s' 2>/dev/null", binary,
                        arguments, small_path);
    pipe = popen(command, "r");
    ck_assert_ptr_nonnull(pipe);
    len = fread(output, 1, (1 << 16) - 1, pipe);
    output[len] = '\0';
    *status = WEXITSTATUS(pclose(pipe));
    free(command);
    return output;
}

/* Split one CSV line on separator, honouring double quotes. */
static size_t
split_csv(char *line, char separator, char **fields, size_t max)
{
    size_t count = 0;
    char *out = line;
    int quoted = 0;

    fields[count++] = out;
    for (; *line != '\0' && *line != '\n'; line++) {
        if (*line == '"' && quoted && line[1] == '"') {
            *out++ = *line++;
        } else if (*line == '"') {
            quoted = !quoted;
        } else if (*line == separator && !quoted && count < max) {
            *out++ = '\0';
            fields[count++] = out;
        } else {
            *out++ = *line;
        }
    }
    *out = '\0';
    return count;
}

/* Check one exported row against the value the store computes. */
static void
check_exported(const char *code, const char *category, const char *value,
               const char *flag, int decimal_comma)
{
    struct indicator_result result;
    char *copy = xstrdup(value);
    char *comma = strchr(copy, ',');

    result = value_of(small, "jobs_t", territory_id(small, LEVEL_COMMUNE,
                                                    code),
                      2020, category[0] != '\0' ? category : NULL);
    ck_assert_str_eq(flag, result_flag_name(result.flag));
    if (comma != NULL) {
        ck_assert(decimal_comma);
        *comma = '.';
    }
    if (result.flag == RESULT_PRESENT || result.flag == RESULT_PARTIAL)
        ck_assert_double_eq_tol(strtod(copy, NULL), result.value, 1e-9);
    else
        ck_assert_str_eq(value, "");
    free(copy);
}

/* Parse a CSV export of jobs_t for département 69 and check every row. */
static void
check_csv(char *output, char separator)
{
    char *line = NULL;
    char *save = NULL;
    char *fields[10];
    size_t rows = 0;

    line = strtok_r(output, "\n", &save);
    ck_assert_ptr_nonnull(line);
    ck_assert_uint_eq(split_csv(line, separator, fields, 10), 8);
    ck_assert_str_eq(fields[0], "code");
    ck_assert_str_eq(fields[7], "flag");
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        ck_assert_uint_eq(split_csv(line, separator, fields, 10), 8);
        ck_assert_str_eq(fields[2], "commune");
        ck_assert_str_eq(fields[3], "2020");
        ck_assert_str_eq(fields[6], "emplois");
        if (strcmp(fields[0], "69002") == 0)
            ck_assert_str_eq(fields[1], "Commune Trois; bis");
        check_exported(fields[0], fields[4], fields[5], fields[7],
                       separator == ';');
        rows++;
    }
    /* Two communes, three categories and the total. */
    ck_assert_uint_eq(rows, 8);
}

START_TEST(export_csv_semicolon_matches_store)
{
    int status;
    char *output = run_export("indicator jobs_t --territory departement:69"
                              " --mesh commune",
                              &status);

    ck_assert_int_eq(status, 0);
    ck_assert_ptr_nonnull(strstr(output, "\"Commune Trois; bis\""));
    check_csv(output, ';');
    free(output);
}
END_TEST

START_TEST(export_csv_comma_matches_store)
{
    int status;
    char *output = run_export("indicator jobs_t --territory departement:69"
                              " --mesh commune --separator , --years 2020",
                              &status);

    ck_assert_int_eq(status, 0);
    check_csv(output, ',');
    free(output);
}
END_TEST

START_TEST(export_json_matches_store)
{
    int status;
    char *output = run_export("indicator jobs_t --territory departement:69"
                              " --mesh commune --format json",
                              &status);
    json_error_t error;
    json_t *root = json_loads(output, 0, &error);
    json_t *rows = NULL;
    json_t *row = NULL;
    json_t *value = NULL;
    json_t *flag = NULL;
    json_t *category = NULL;
    char text[64];
    size_t i;

    ck_assert_int_eq(status, 0);
    ck_assert_msg(root != NULL, "invalid JSON: %s", error.text);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(root, "indicator"), "source")),
                     "test");
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(root, "indicator"), "unit")),
                     "emplois");
    ck_assert_str_eq(json_string_value(json_object_get(root, "mesh")),
                     "commune");
    rows = json_object_get(root, "rows");
    ck_assert_uint_eq(json_array_size(rows), 8);
    json_array_foreach(rows, i, row) {
        value = json_object_get(row, "value");
        flag = json_object_get(row, "flag");
        category = json_object_get(row, "category");
        text[0] = '\0';
        if (json_is_number(value))
            snprintf(text, sizeof text, "%.17g", json_number_value(value));
        check_exported(json_string_value(json_object_get(row, "code")),
                       json_is_string(category) ? json_string_value(category)
                                                : "",
                       text, json_is_string(flag) ? json_string_value(flag)
                                                  : "",
                       0);
    }
    json_decref(root);
    free(output);
}
END_TEST

START_TEST(export_exit_statuses)
{
    int status;

    free(run_export("indicator no_such --territory departement:69", &status));
    ck_assert_int_eq(status, 3);
    free(run_export("indicator jobs_t --territory departement:99", &status));
    ck_assert_int_eq(status, 3);
    free(run_export("indicator jobs_t --territory departement:69"
                    " --years 2001-2005",
                    &status));
    ck_assert_int_eq(status, 3);
    free(run_export("indicator jobs_t --territory 69", &status));
    ck_assert_int_eq(status, 2);
    free(run_export("indicator jobs_t --territory commune:69001"
                    " --mesh departement",
                    &status));
    ck_assert_int_eq(status, 2);
    free(run_export("indicator jobs_t --territory departement:69"
                    " --format json --separator ,",
                    &status));
    ck_assert_int_eq(status, 2);
}
END_TEST

static Suite *
aggregate_suite(void)
{
    Suite *suite = suite_create("store-aggregate");
    TCase *real = tcase_create("real");
    TCase *tiny = tcase_create("small");
    TCase *export = tcase_create("export");

    tcase_add_unchecked_fixture(real, setup_real_store, teardown_real_store);
    tcase_add_checked_fixture(real, setup_open, teardown_open);
    tcase_set_timeout(real, 60);
    tcase_add_test(real, region_population_is_sum_of_communes);
    tcase_add_test(real, lyon_density_is_population_over_area);
    tcase_add_test(real, epci_road_emissions_per_inhabitant);
    tcase_add_test(real, departement_figure_not_split_to_communes);
    tcase_add_test(real, region_cars_sum_departements);
    suite_add_tcase(suite, real);

    tcase_add_checked_fixture(tiny, setup_small, teardown_small);
    tcase_add_test(tiny, secret_hidden_at_own_level);
    tcase_add_test(tiny, total_with_one_secret_hidden);
    tcase_add_test(tiny, total_with_two_secrets_is_lower_bound);
    tcase_add_test(tiny, not_estimated_makes_sum_partial);
    tcase_add_test(tiny, weighted_mean_uses_weight);
    tcase_add_test(tiny, departement_native_not_split);
    tcase_add_test(tiny, epci_straddling_border_left_out);
    tcase_add_test(tiny, ratio_of_aggregated_operands);
    tcase_add_test(tiny, group_value_sums_its_communes);
    tcase_add_test(tiny, mesh_lists_units_inside);
    suite_add_tcase(suite, tiny);

    tcase_add_checked_fixture(export, setup_small, teardown_small);
    tcase_add_test(export, export_csv_semicolon_matches_store);
    tcase_add_test(export, export_csv_comma_matches_store);
    tcase_add_test(export, export_json_matches_store);
    tcase_add_test(export, export_exit_statuses);
    suite_add_tcase(suite, export);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(aggregate_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
