/*
 * terrish: a small hand-made data folder for the store tests.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/common.h"
#include "tests/data-fixture.h"

/*
 * The indicators:
 * - jobs_t (commune, sum, categories a b c, 2020): 01001 b is secret with
 *   the lower bound 1, 69001 b is secret without a value.
 * - emissions_t (commune, sum, 2020): 69002 is not estimated.
 * - pop_t (commune, sum, 2020) and price_t (commune, weighted_mean by
 *   pop_t, 2020).
 * - cars_t (departement, sum, 2020), elec_t (epci, sum, 2020) and
 *   elec_per_pop_t (ratio of elec_t over pop_t, factor 1000).
 */
static const char fixture_catalogue[] =
    "[\n"
    "{\"id\": \"jobs_t\", \"name\": {\"fr\": \"Emplois\", \"en\": \"Jobs\"},"
    " \"theme\": \"T\", \"unit\": \"emplois\", \"source\": \"test\","
    " \"licence\": \"test\", \"years\": [2020], \"native_level\": \"commune\","
    " \"categories\": [{\"id\": \"a\", \"name\": {\"fr\": \"A\", \"en\": "
    "\"A\"}}, {\"id\": \"b\", \"name\": {\"fr\": \"B\", \"en\": \"B\"}},"
    " {\"id\": \"c\", \"name\": {\"fr\": \"C\", \"en\": \"C\"}}],"
    " \"aggregation\": {\"rule\": \"sum\"}, \"confidentiality\": {\"rule\":"
    " \"blank_is_secret\"}, \"file\": \"indicators/jobs_t.tsv\","
    " \"partial\": false},\n"
    "{\"id\": \"emissions_t\", \"name\": {\"fr\": \"Émissions\", \"en\":"
    " \"Emissions\"}, \"theme\": \"T\", \"unit\": \"t\", \"source\": \"test\","
    " \"licence\": \"test\", \"years\": [2020], \"native_level\": \"commune\","
    " \"categories\": [], \"aggregation\": {\"rule\": \"sum\"},"
    " \"file\": \"indicators/emissions_t.tsv\", \"partial\": false},\n"
    "{\"id\": \"pop_t\", \"name\": {\"fr\": \"Population\", \"en\":"
    " \"Population\"}, \"theme\": \"T\", \"unit\": \"hab.\", \"source\":"
    " \"test\", \"licence\": \"test\", \"years\": [2020], \"native_level\":"
    " \"commune\", \"categories\": [], \"aggregation\": {\"rule\": \"sum\"},"
    " \"file\": \"indicators/pop_t.tsv\", \"partial\": false},\n"
    "{\"id\": \"price_t\", \"name\": {\"fr\": \"Prix\", \"en\": \"Price\"},"
    " \"theme\": \"T\", \"unit\": \"EUR\", \"source\": \"test\", \"licence\":"
    " \"test\", \"years\": [2020], \"native_level\": \"commune\","
    " \"categories\": [], \"aggregation\": {\"rule\": \"weighted_mean\","
    " \"weight\": \"pop_t\"}, \"file\": \"indicators/price_t.tsv\","
    " \"partial\": false},\n"
    "{\"id\": \"cars_t\", \"name\": {\"fr\": \"Voitures\", \"en\": \"Cars\"},"
    " \"theme\": \"T\", \"unit\": \"véhicules\", \"source\": \"test\","
    " \"licence\": \"test\", \"years\": [2020], \"native_level\":"
    " \"departement\", \"categories\": [], \"aggregation\": {\"rule\":"
    " \"sum\"}, \"file\": \"indicators/cars_t.tsv\", \"partial\": false},\n"
    "{\"id\": \"elec_t\", \"name\": {\"fr\": \"Électricité\", \"en\":"
    " \"Electricity\"}, \"theme\": \"T\", \"unit\": \"MWh\", \"source\":"
    " \"test\", \"licence\": \"test\", \"years\": [2020], \"native_level\":"
    " \"epci\", \"categories\": [], \"aggregation\": {\"rule\": \"sum\"},"
    " \"file\": \"indicators/elec_t.tsv\", \"partial\": false},\n"
    "{\"id\": \"elec_per_pop_t\", \"name\": {\"fr\": \"Électricité par"
    " habitant\", \"en\": \"Electricity per inhabitant\"}, \"theme\": \"T\","
    " \"unit\": \"kWh/hab.\", \"source\": \"test\", \"licence\": \"test\","
    " \"years\": [2020], \"native_level\": \"epci\", \"categories\": [],"
    " \"aggregation\": {\"rule\": \"ratio\", \"numerator\": \"elec_t\","
    " \"denominator\": \"pop_t\", \"factor\": 1000}, \"file\": null,"
    " \"partial\": false}\n"
    "]\n";

static const struct fixture_file fixture_files[] = {
    {"territories/regions.tsv", "# code\tname\n84\tAuvergne-Rhône-Alpes\n"},
    {"territories/departements.tsv",
     "# code\tname\tregion\n01\tAin\t84\n69\tRhône\t84\n"},
    {"territories/epci.tsv",
     "# siren\tname\tkind\tpopulation\n200000001\tCC Deux Rives\tCC\t150\n"
     "200000002\tCC Une Rive\tCC\t300\n"},
    {"territories/communes.tsv",
     "# code\tname\tdepartement\tregion\tepci\tpopulation\t"
     "population_year\tarea_km2\n"
     "# population_year=2023\n"
     "01001\tCommune Un\t01\t84\t200000001\t50\t2023\t10\n"
     "69001\tCommune Deux\t69\t84\t200000001\t100\t2023\t20\n"
     "69002\tCommune Trois; bis\t69\t84\t200000002\t300\t2023\t30\n"},
    {"territories/commune-history.tsv",
     "# old_code\tcurrent_code\tkind\n"
     "01002\t01001\tmerged\n"
     "69381\t69002\tarrondissement\n"
     "69382\t69002\tarrondissement\n"},
    {"geometry/regions.tsv", "# code\tpolygon\n"},
    {"geometry/departements.tsv", "# code\tpolygon\n"},
    {"geometry/epci-84.tsv", "# code\tpolygon\n"},
    {"geometry/communes-84.tsv", "# code\tpolygon\n"},
    {"indicators/catalogue.json", fixture_catalogue},
    {"indicators/jobs_t.tsv",
     "# code\tyear\tcategory\tvalue\tflag\n"
     "01001\t2020\ta\t4\t\n01001\t2020\tb\t1\ts\n01001\t2020\tc\t2\t\n"
     "69001\t2020\ta\t10\t\n69001\t2020\tb\t\ts\n69001\t2020\tc\t5\t\n"
     "69002\t2020\ta\t7\t\n69002\t2020\tb\t3\t\n69002\t2020\tc\t6\t\n"},
    {"indicators/emissions_t.tsv",
     "# code\tyear\tcategory\tvalue\tflag\n"
     "01001\t2020\t\t4\t\n69001\t2020\t\t10.5\t\n69002\t2020\t\t\tnd\n"},
    {"indicators/pop_t.tsv",
     "# code\tyear\tcategory\tvalue\tflag\n"
     "01001\t2020\t\t50\t\n69001\t2020\t\t100\t\n69002\t2020\t\t300\t\n"},
    {"indicators/price_t.tsv",
     "# code\tyear\tcategory\tvalue\tflag\n"
     "01001\t2020\t\t1\t\n69001\t2020\t\t2\t\n69002\t2020\t\t4\t\n"},
    {"indicators/cars_t.tsv",
     "# code\tyear\tcategory\tvalue\tflag\n"
     "01\t2020\t\t600\t\n69\t2020\t\t900\t\n"},
    {"indicators/elec_t.tsv",
     "# code\tyear\tcategory\tvalue\tflag\n"
     "200000001\t2020\t\t450\t\n200000002\t2020\t\t600\t\n"},
};

const char *
fixture_real_data_dir(void)
{
    const char *dir = getenv("TERRISH_DATA");

    return dir != NULL && dir[0] != '\0' ? dir : "data";
}

char *
fixture_temp_dir(const char *name)
{
    const char *base = getenv("TERRISH_TEST_TMP");
    char *dir = NULL;

    if (base == NULL || base[0] == '\0')
        base = "/tmp";
    mkdir(base, 0700);
    dir = xasprintf("%s/%s.XXXXXX", base, name);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    return dir;
}

/* Return the replacement for path: 1 with *text set, or 0 when none. */
static int
fixture_replacement(const struct fixture_file *replacements, const char *path,
                    const char **text)
{
    for (; replacements != NULL && replacements->path != NULL;
         replacements++) {
        if (strcmp(replacements->path, path) == 0) {
            *text = replacements->text;
            return 1;
        }
    }
    return 0;
}

char *
fixture_write(const char *name, const struct fixture_file *replacements)
{
    const char *folders[] = {"territories", "geometry", "indicators"};
    char *dir = fixture_temp_dir(name);
    char *path = NULL;
    const char *text = NULL;
    FILE *file = NULL;
    size_t i;

    for (i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        path = xasprintf("%s/%s", dir, folders[i]);
        ck_assert_int_eq(mkdir(path, 0700), 0);
        free(path);
    }
    for (i = 0; i < sizeof fixture_files / sizeof fixture_files[0]; i++) {
        text = fixture_files[i].text;
        fixture_replacement(replacements, fixture_files[i].path, &text);
        if (text == NULL)
            continue;
        path = xasprintf("%s/%s", dir, fixture_files[i].path);
        file = fopen(path, "w");
        ck_assert_ptr_nonnull(file);
        fputs(text, file);
        ck_assert_int_eq(fclose(file), 0);
        free(path);
    }
    return dir;
}

void
fixture_remove(const char *dir)
{
    char *command = xasprintf("rm -rf '%s'", dir);

    ck_assert_int_eq(system(command), 0);
    free(command);
}
