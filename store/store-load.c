/*
 * terrish: loading the bundled territory tables and outlines into the store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The data files are UTF-8 and tab-separated. Their first line is a comment
 * that names the columns ("# code\tname"). Other lines starting with "#" are
 * comments, and one made of "key=value" words is stored in the meta table.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/common.h"
#include "store/store.h"

/* Encoding name stored with every outline of the data files. */
#define GEOMETRY_ENCODING "lonlat-1e5-delta"

/*
 * A région, département or EPCI, kept in memory during the load so that
 * communes find their parents without a query and the totals are summed in
 * one pass. Entries do not move once their level is searched, so pointers to
 * them stay valid.
 */
struct load_parent {
    char code[16];
    int64_t id;
    struct load_parent *region;      /* a département's région */
    struct load_parent *departement; /* an EPCI's only département */
    struct load_parent *epci_region; /* an EPCI's only région */
    int64_t communes;
    int64_t population; /* sum over communes, -1 while none is known */
    double area_km2;    /* sum over communes, < 0 while none is known */
    int population_year; /* common year of the communes, 0 when they differ
                            or one is unknown, -1 before the first */
};

/* The parents of one level, sorted by code on the first search. */
struct load_index {
    struct load_parent *items;
    size_t count;
    size_t capacity;
    int sorted;
};

/* Marks an EPCI whose communes lie in more than one département or région. */
static struct load_parent load_several;

struct loader;

/* Stores one data line, split into its fields. Returns 0 or -1. */
typedef int (*load_row_fn)(struct loader *loader, char **fields);

struct load_file {
    const char *path; /* relative to the data folder */
    const char *columns[STORE_TSV_MAX_COLUMNS + 1]; /* NULL-terminated */
    load_row_fn row;
    enum territory_level level; /* territories that a geometry file covers */
};

struct loader {
    struct store *store;
    const struct load_file *file;
    struct store_tsv tsv; /* reader of the current file */
    struct load_index parents[LEVEL_EPCI + 1]; /* indexed by level */

    sqlite3_stmt *find_id;
    sqlite3_stmt *update_totals;
    sqlite3_stmt *insert_territory;
    sqlite3_stmt *insert_member;
    sqlite3_stmt *insert_geometry;
    sqlite3_stmt *insert_meta;
};

static int load_region(struct loader *loader, char **fields);
static int load_departement(struct loader *loader, char **fields);
static int load_epci(struct loader *loader, char **fields);
static int load_commune(struct loader *loader, char **fields);
static int load_geometry(struct loader *loader, char **fields);

/* The files in loading order: each one refers only to those before it. */
static const struct load_file load_files[] = {
    {"territories/regions.tsv", {"code", "name"}, load_region, 0},
    {"territories/departements.tsv",
     {"code", "name", "region"},
     load_departement,
     0},
    {"territories/epci.tsv",
     {"siren", "name", "kind", "population"},
     load_epci,
     0},
    {"territories/communes.tsv",
     {"code", "name", "departement", "region", "epci", "population",
      "population_year", "area_km2"},
     load_commune,
     0},
    {"geometry/regions.tsv", {"code", "polygon"}, load_geometry, LEVEL_REGION},
    {"geometry/departements.tsv",
     {"code", "polygon"},
     load_geometry,
     LEVEL_DEPARTEMENT},
    {"geometry/epci-84.tsv", {"code", "polygon"}, load_geometry, LEVEL_EPCI},
    {"geometry/communes-84.tsv",
     {"code", "polygon"},
     load_geometry,
     LEVEL_COMMUNE},
};

#define LOAD_FILE_COUNT (sizeof load_files / sizeof load_files[0])

/* Set the message to the current file and line, then the formatted cause. */
static int __attribute__((format(printf, 2, 3)))
load_fail(struct loader *loader, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    store_tsv_vfail(&loader->tsv, fmt, ap);
    va_end(ap);
    return -1;
}

/* Fail on field column (0-based) of the current line, quoting its value. */
static int
load_fail_field(struct loader *loader, size_t column, const char *what,
                const char *value)
{
    return store_tsv_fail_field(&loader->tsv, column, what, value);
}

/* Fail with SQLite's message for a failed statement on the current line. */
static int
load_fail_db(struct loader *loader, const char *what)
{
    return load_fail(loader, "%s: %s", what,
                     sqlite3_errmsg(store_db(loader->store)));
}

/* Return 1 when s is made only of characters from set and is not empty. */
static int
load_only(const char *s, const char *set)
{
    return *s != '\0' && strspn(s, set) == strlen(s);
}

/* Check a code against the INSEE or SIREN pattern of its level. */
static int
load_code_valid(enum territory_level level, const char *code)
{
    size_t len = strlen(code);

    switch (level) {
    case LEVEL_REGION:
        return (len == 2 || len == 3) && load_only(code, "0123456789");
    case LEVEL_DEPARTEMENT:
        if (strcmp(code, "2A") == 0 || strcmp(code, "2B") == 0)
            return 1;
        return (len == 2 || len == 3) && load_only(code, "0123456789");
    case LEVEL_EPCI:
        return len == 9 && load_only(code, "0123456789");
    case LEVEL_COMMUNE:
        if (len != 5)
            return 0;
        if (code[0] == '2' && (code[1] == 'A' || code[1] == 'B'))
            return load_only(code + 2, "0123456789");
        return load_only(code, "0123456789");
    }
    return 0;
}

/* Parse an optional count of people: digits, or "" for unknown (-1). */
static int
load_parse_population(struct loader *loader, size_t column, const char *value,
                      int64_t *population)
{
    *population = -1;
    if (*value == '\0')
        return 0;
    if (!load_only(value, "0123456789") || strlen(value) > 12)
        return load_fail_field(loader, column, "invalid population", value);
    *population = strtoll(value, NULL, 10);
    return 0;
}

/*
 * Parse an optional area in km² written "123" or "123.45", or "" for
 * unknown (-1). It is parsed by hand because strtod follows LC_NUMERIC,
 * which may want a decimal comma.
 */
static int
load_parse_area(struct loader *loader, size_t column, const char *value,
                double *area)
{
    const char *p = value;
    double scale = 1;
    int digits = 0;

    *area = -1;
    if (*value == '\0')
        return 0;

    *area = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        *area = *area * 10 + (*p - '0');
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
            scale /= 10;
            *area += (*p - '0') * scale;
        }
    }
    if (*p != '\0' || digits == 0 || digits > 15 || value[0] == '.')
        return load_fail_field(loader, column, "invalid area", value);
    return 0;
}

/* Look up the id of a territory, or 0 when there is none. -1 on error. */
static int64_t
load_find_id(struct loader *loader, enum territory_level level,
             const char *code)
{
    sqlite3_stmt *stmt = loader->find_id;
    int64_t id = 0;
    int step;

    sqlite3_bind_int(stmt, 1, level);
    sqlite3_bind_text(stmt, 2, code, -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW)
        id = sqlite3_column_int64(stmt, 0);
    else if (step != SQLITE_DONE)
        id = load_fail_db(loader, "looking up a territory failed");
    sqlite3_reset(stmt);
    return id;
}

/* Compare two index entries by code, for qsort and bsearch. */
static int
load_parent_compare(const void *a, const void *b)
{
    const struct load_parent *left = a;
    const struct load_parent *right = b;

    return strcmp(left->code, right->code);
}

/* Append a parent territory to the index of its level and return it. */
static struct load_parent *
load_parent_add(struct loader *loader, enum territory_level level,
                const char *code, int64_t id)
{
    struct load_index *index = &loader->parents[level];
    struct load_parent *parent = NULL;

    TERRISH_ASSERT(!index->sorted);
    if (index->count == index->capacity) {
        index->capacity = index->capacity == 0 ? 64 : index->capacity * 2;
        index->items =
            xrealloc(index->items, index->capacity * sizeof *index->items);
    }
    parent = &index->items[index->count++];
    memset(parent, 0, sizeof *parent);
    snprintf(parent->code, sizeof parent->code, "%s", code);
    parent->id = id;
    parent->population = -1;
    parent->area_km2 = -1;
    parent->population_year = -1;
    return parent;
}

/*
 * Find the parent territory named in field column of the current line,
 * failing with the value when there is none.
 */
static struct load_parent *
load_parent_find(struct loader *loader, enum territory_level level,
                 char **fields, size_t column)
{
    struct load_index *index = &loader->parents[level];
    struct load_parent key;
    struct load_parent *found = NULL;

    if (!index->sorted && index->count > 0) {
        qsort(index->items, index->count, sizeof *index->items,
              load_parent_compare);
    }
    index->sorted = 1;

    snprintf(key.code, sizeof key.code, "%s", fields[column]);
    if (strlen(fields[column]) < sizeof key.code) {
        found = bsearch(&key, index->items, index->count, sizeof *index->items,
                        load_parent_compare);
    }
    if (found == NULL)
        load_fail_field(loader, column, "unknown code", fields[column]);
    return found;
}

/* Add a commune's figures to the totals of a parent. */
static void
load_parent_count(struct load_parent *parent, int64_t population,
                  int population_year, double area)
{
    parent->communes++;
    if (population >= 0) {
        if (parent->population_year < 0)
            parent->population_year = population_year;
        else if (parent->population_year != population_year)
            parent->population_year = 0;
        if (parent->population < 0)
            parent->population = 0;
        parent->population += population;
    }
    if (area >= 0) {
        if (parent->area_km2 < 0)
            parent->area_km2 = 0;
        parent->area_km2 += area;
    }
}

/* Note that an EPCI has a commune in parent, at the département or région. */
static void
load_parent_note(struct load_parent **only, struct load_parent *parent)
{
    if (*only == NULL)
        *only = parent;
    else if (*only != parent)
        *only = &load_several;
}

/* Insert a territory and return its id, or -1. */
static int64_t
load_insert_territory(struct loader *loader, enum territory_level level,
                      char **fields, const char *kind, int64_t population,
                      int population_year, double area)
{
    sqlite3_stmt *stmt = loader->insert_territory;
    char *search_name = NULL;
    int64_t id = -1;
    int step;

    if (!load_code_valid(level, fields[0]))
        return load_fail_field(loader, 0, "invalid code", fields[0]);
    if (fields[1][0] == '\0')
        return load_fail_field(loader, 1, "empty name", fields[1]);

    search_name = text_fold(fields[1]);
    sqlite3_bind_int(stmt, 1, level);
    sqlite3_bind_text(stmt, 2, fields[0], -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, fields[1], -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, search_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, kind, -1, SQLITE_STATIC);
    if (population >= 0)
        sqlite3_bind_int64(stmt, 6, population);
    if (population >= 0 && population_year > 0)
        sqlite3_bind_int(stmt, 7, population_year);
    if (area >= 0)
        sqlite3_bind_double(stmt, 8, area);
    sqlite3_bind_int(stmt, 9, level == LEVEL_COMMUNE);

    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE)
        id = sqlite3_last_insert_rowid(store_db(loader->store));
    else if (step == SQLITE_CONSTRAINT_UNIQUE)
        load_fail_field(loader, 0, "duplicate code", fields[0]);
    else
        load_fail_db(loader, "inserting a territory failed");
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    free(search_name);
    return id;
}

/* Record that member lies inside parent. */
static int
load_insert_member(struct loader *loader, int64_t member, int64_t parent)
{
    sqlite3_stmt *stmt = loader->insert_member;
    int rc = 0;

    sqlite3_bind_int64(stmt, 1, member);
    sqlite3_bind_int64(stmt, 2, parent);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = load_fail_db(loader, "inserting a membership failed");
    sqlite3_reset(stmt);
    return rc;
}

static int
load_region(struct loader *loader, char **fields)
{
    int64_t id;

    id = load_insert_territory(loader, LEVEL_REGION, fields, NULL, -1, 0,
                               -1);
    if (id < 0)
        return -1;
    load_parent_add(loader, LEVEL_REGION, fields[0], id);
    return 0;
}

static int
load_departement(struct loader *loader, char **fields)
{
    struct load_parent *region = NULL;
    struct load_parent *departement = NULL;
    int64_t id;

    region = load_parent_find(loader, LEVEL_REGION, fields, 2);
    if (region == NULL)
        return -1;
    id = load_insert_territory(loader, LEVEL_DEPARTEMENT, fields, NULL, -1, 0,
                               -1);
    if (id < 0)
        return -1;
    departement = load_parent_add(loader, LEVEL_DEPARTEMENT, fields[0], id);
    departement->region = region;
    return load_insert_member(loader, id, region->id);
}

static int
load_epci(struct loader *loader, char **fields)
{
    int64_t population;
    int64_t id;

    if (!load_only(fields[2], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        return load_fail_field(loader, 2, "invalid legal form", fields[2]);
    /*
     * The population column is checked but not stored: like a région or a
     * département, an EPCI gets the sum of its communes' populations, of
     * their year, in load_totals(). The column is the DGCL figure of the
     * Etalab file, of a release that the file does not name, so showing it
     * would give an EPCI two different populations.
     */
    if (load_parse_population(loader, 3, fields[3], &population) < 0)
        return -1;
    id =
        load_insert_territory(loader, LEVEL_EPCI, fields, fields[2], -1, 0, -1);
    if (id < 0)
        return -1;
    load_parent_add(loader, LEVEL_EPCI, fields[0], id);
    return 0;
}

/* Find the parents of a commune line, checking that they agree. */
static int
load_commune_parents(struct loader *loader, char **fields,
                     struct load_parent **parents)
{
    parents[0] = load_parent_find(loader, LEVEL_DEPARTEMENT, fields, 2);
    if (parents[0] == NULL)
        return -1;
    parents[1] = load_parent_find(loader, LEVEL_REGION, fields, 3);
    if (parents[1] == NULL)
        return -1;
    if (parents[0]->region != parents[1]) {
        return load_fail(loader,
                         "column 4 (region): \"%s\" but département "
                         "%s is in région %s",
                         fields[3], fields[2], parents[0]->region->code);
    }
    parents[2] = NULL;
    if (fields[4][0] != '\0') {
        parents[2] = load_parent_find(loader, LEVEL_EPCI, fields, 4);
        if (parents[2] == NULL)
            return -1;
    }
    return 0;
}

/* Parse an optional year of a population figure, or "" for unknown (0). */
static int
load_parse_year(struct loader *loader, size_t column, const char *value,
                int *year)
{
    *year = 0;
    if (*value == '\0')
        return 0;
    if (strlen(value) != 4 || !load_only(value, "0123456789") ||
        atoi(value) < 1800)
        return load_fail_field(loader, column, "invalid population year",
                               value);
    *year = atoi(value);
    return 0;
}

static int
load_commune(struct loader *loader, char **fields)
{
    struct load_parent *parents[3];
    int64_t population;
    int population_year;
    double area;
    int64_t id;
    size_t i;

    if (load_parse_population(loader, 5, fields[5], &population) < 0 ||
        load_parse_year(loader, 6, fields[6], &population_year) < 0 ||
        load_parse_area(loader, 7, fields[7], &area) < 0 ||
        load_commune_parents(loader, fields, parents) < 0)
        return -1;
    if (population < 0)
        population_year = 0;
    id = load_insert_territory(loader, LEVEL_COMMUNE, fields, NULL, population,
                               population_year, area);
    if (id < 0)
        return -1;

    for (i = 0; i < 3 && parents[i] != NULL; i++) {
        if (load_insert_member(loader, id, parents[i]->id) < 0)
            return -1;
        load_parent_count(parents[i], population, population_year, area);
    }
    if (parents[2] != NULL) {
        load_parent_note(&parents[2]->departement, parents[0]);
        load_parent_note(&parents[2]->epci_region, parents[1]);
    }
    return 0;
}

static int
load_geometry(struct loader *loader, char **fields)
{
    sqlite3_stmt *stmt = loader->insert_geometry;
    int64_t id;
    int step;
    int rc = -1;

    if (!load_only(fields[1], "0123456789-, ;|"))
        return load_fail_field(loader, 1, "invalid polygon", fields[1]);
    id = load_find_id(loader, loader->file->level, fields[0]);
    if (id == 0)
        return load_fail_field(loader, 0, "unknown code", fields[0]);
    if (id < 0)
        return -1;

    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, GEOMETRY_ENCODING, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, fields[1], -1, SQLITE_STATIC);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE)
        rc = 0;
    else if (step == SQLITE_CONSTRAINT_PRIMARYKEY)
        load_fail_field(loader, 0, "duplicate code", fields[0]);
    else
        load_fail_db(loader, "inserting a polygon failed");
    sqlite3_reset(stmt);
    return rc;
}

/*
 * Store one "key=value" word of a comment in meta. A key that an earlier
 * file set to another value is an error.
 */
static int
load_meta_word(struct loader *loader, const char *word)
{
    sqlite3_stmt *stmt = loader->insert_meta;
    const char *equals = strchr(word, '=');
    int rc = 0;

    sqlite3_bind_text(stmt, 1, word, (int)(equals - word), SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, equals + 1, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        rc = load_fail_db(loader, "storing a comment failed");
    } else if (sqlite3_changes(store_db(loader->store)) == 0) {
        rc = load_fail(loader,
                       "\"%s\" differs from the value that an "
                       "earlier file set",
                       word);
    }
    sqlite3_reset(stmt);
    return rc;
}

/*
 * Read a comment line (after "# "). When it is made of "key=value" words,
 * store them in meta, checking the form of a population year.
 */
static int
load_comment(struct store_tsv *tsv, char *text)
{
    struct loader *loader = tsv->arg;
    char *copy = NULL;
    char *word = NULL;
    char *saveptr = NULL;
    const char *value = NULL;
    int rc = -1;

    copy = xstrdup(text);
    for (word = strtok_r(copy, " ", &saveptr); word != NULL;
         word = strtok_r(NULL, " ", &saveptr)) {
        if (strchr(word, '=') == NULL ||
            strspn(word, "abcdefghijklmnopqrstuvwxyz_") != strcspn(word, "="))
            goto done;
    }

    strcpy(copy, text);
    for (word = strtok_r(copy, " ", &saveptr); word != NULL;
         word = strtok_r(NULL, " ", &saveptr)) {
        if (load_meta_word(loader, word) < 0)
            goto out;
        if (strncmp(word, "population_year=", 16) != 0)
            continue;
        value = word + 16;
        if (strlen(value) != 4 || !load_only(value, "0123456789")) {
            load_fail(loader, "invalid population year \"%s\"", value);
            goto out;
        }
    }

done:
    rc = 0;
out:
    free(copy);
    return rc;
}

/* Store one data line with the row function of the current file. */
static int
load_row(struct store_tsv *tsv, char **fields)
{
    struct loader *loader = tsv->arg;

    return loader->file->row(loader, fields);
}

/* Prepare one statement of the loader, failing with SQLite's message. */
static int
load_prepare(struct loader *loader, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(store_db(loader->store), sql, -1, stmt, NULL) !=
        SQLITE_OK) {
        store_set_db_error(loader->store, "preparing the load failed");
        return -1;
    }
    return 0;
}

static int
load_prepare_all(struct loader *loader)
{
    if (load_prepare(loader,
                     "SELECT id FROM territory WHERE level = ? AND code = ?",
                     &loader->find_id) < 0 ||
        load_prepare(loader,
                     "UPDATE territory SET commune_count = ?1,"
                     " population = coalesce(?2, population),"
                     " area_km2 = round(?3, 2),"
                     " population_year = CASE WHEN coalesce(?2, population)"
                     " IS NULL THEN NULL ELSE ?4 END"
                     " WHERE id = ?5",
                     &loader->update_totals) < 0 ||
        load_prepare(loader,
                     "INSERT INTO territory (level, code, name,"
                     " search_name, kind, population, population_year,"
                     " area_km2, commune_count)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &loader->insert_territory) < 0 ||
        load_prepare(loader,
                     "INSERT INTO territory_member (member_id, parent_id)"
                     " VALUES (?, ?)",
                     &loader->insert_member) < 0 ||
        load_prepare(loader,
                     "INSERT INTO territory_geometry (territory_id,"
                     " encoding, data) VALUES (?, ?, ?)",
                     &loader->insert_geometry) < 0)
        return -1;

    /* The update applies only to an equal value, so 0 changes means a
     * conflicting value. */
    return load_prepare(loader,
                        "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                        " ON CONFLICT (key) DO UPDATE SET value = ?2"
                        " WHERE value = ?2",
                        &loader->insert_meta);
}

/* Finalize the statements and free the parent indexes. */
static void
load_finalize_all(struct loader *loader)
{
    sqlite3_stmt **stmts[] = {
        &loader->find_id,          &loader->update_totals,
        &loader->insert_territory, &loader->insert_member,
        &loader->insert_geometry,  &loader->insert_meta,
    };
    size_t i;

    for (i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
        sqlite3_finalize(*stmts[i]);
        *stmts[i] = NULL;
    }
    for (i = 0; i < sizeof loader->parents / sizeof loader->parents[0]; i++) {
        free(loader->parents[i].items);
        memset(&loader->parents[i], 0, sizeof loader->parents[i]);
    }
}

/* Store the totals of one région, département or EPCI. */
static int
load_store_parent_totals(struct loader *loader,
                         const struct load_parent *parent)
{
    sqlite3_stmt *stmt = loader->update_totals;
    int rc = 0;

    sqlite3_bind_int64(stmt, 1, parent->communes);
    if (parent->population >= 0)
        sqlite3_bind_int64(stmt, 2, parent->population);
    if (parent->area_km2 >= 0)
        sqlite3_bind_double(stmt, 3, parent->area_km2);
    if (parent->population_year > 0)
        sqlite3_bind_int(stmt, 4, parent->population_year);
    sqlite3_bind_int64(stmt, 5, parent->id);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(loader->store, "storing the totals failed");
        rc = -1;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc;
}

/*
 * Store the commune counts and sums of every région, département and EPCI,
 * and link each EPCI to the département and région holding all its
 * communes, when there is one.
 */
static int
load_totals(struct loader *loader)
{
    struct load_parent *parent = NULL;
    enum territory_level level;
    size_t i;

    for (level = LEVEL_REGION; level <= LEVEL_EPCI; level++) {
        for (i = 0; i < loader->parents[level].count; i++) {
            parent = &loader->parents[level].items[i];
            if (load_store_parent_totals(loader, parent) < 0)
                return -1;
            if (level != LEVEL_EPCI)
                continue;
            if (parent->departement != NULL &&
                parent->departement != &load_several &&
                load_insert_member(loader, parent->id,
                                   parent->departement->id) < 0)
                return -1;
            if (parent->epci_region != NULL &&
                parent->epci_region != &load_several &&
                load_insert_member(loader, parent->id,
                                   parent->epci_region->id) < 0)
                return -1;
        }
    }
    return store_exec(loader->store, "INSERT INTO meta (key, value) VALUES"
                                     " ('data_loaded_at',"
                                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
}

/* Return 1 when the territory table has a row, 0 when not, -1 on error. */
static int
load_is_done(struct store *store)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (sqlite3_prepare_v2(store_db(store),
                           "SELECT EXISTS (SELECT 1 FROM territory)", -1, &stmt,
                           NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading the territories failed");
        goto out;
    }
    rc = sqlite3_column_int(stmt, 0);

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Add up the sizes of the data files, failing on the first missing one. */
static int
load_total_size(struct store *store, const char *data_dir, size_t *total)
{
    struct stat st;
    char *path = NULL;
    size_t i;

    *total = 0;
    for (i = 0; i < LOAD_FILE_COUNT; i++) {
        path = xasprintf("%s/%s", data_dir, load_files[i].path);
        if (stat(path, &st) < 0) {
            store_set_error(store, "%s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        *total += (size_t)st.st_size;
        free(path);
    }
    return 0;
}

/*
 * Read every territory file in order (when load_territories is set), then
 * the indicator files (when indicators is not NULL), reporting progress
 * after each file.
 */
static int
load_all_files(struct loader *loader, const char *data_dir,
               int load_territories, struct indicator_load *indicators,
               size_t indicator_bytes, store_progress_fn progress, void *arg)
{
    size_t total = 0;
    size_t done = 0;
    char *path = NULL;
    FILE *stream = NULL;
    struct stat st;
    size_t i;
    int rc;

    if (load_territories && load_total_size(loader->store, data_dir,
                                            &total) < 0)
        return -1;
    total += indicator_bytes;

    for (i = 0; load_territories && i < LOAD_FILE_COUNT; i++) {
        loader->file = &load_files[i];
        path = xasprintf("%s/%s", data_dir, load_files[i].path);
        stream = fopen(path, "r");
        if (stream == NULL) {
            store_set_error(loader->store, "%s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        loader->tsv = (struct store_tsv){
            .store = loader->store,
            .path = path,
            .column_names = load_files[i].columns,
            .row = load_row,
            .comment = load_comment,
            .arg = loader,
        };
        rc = store_tsv_read(&loader->tsv, stream);
        if (rc == 0 && fstat(fileno(stream), &st) == 0)
            done += (size_t)st.st_size;
        fclose(stream);
        free(path);
        loader->tsv.path = NULL;
        if (rc < 0)
            return -1;
        if (progress != NULL)
            progress(load_files[i].path, done < total ? done : total, total,
                     arg);
    }
    if (load_territories && load_totals(loader) < 0)
        return -1;
    if (indicators == NULL)
        return 0;
    return store_load_indicators_run(indicators, progress, arg, &done, total);
}

int
store_load_bundled(struct store *store, const char *data_dir,
                   store_progress_fn progress, void *arg)
{
    struct loader loader = {.store = store};
    struct indicator_load *indicators = NULL;
    size_t indicator_bytes = 0;
    int has_territories;
    int has_indicators;
    int history_empty;
    int history = 1;
    int indicators_loaded;
    int version;
    int rc = -1;

    version = store_schema_version(store);
    if (version < 0)
        return -1;
    if (version != STORE_SCHEMA_VERSION) {
        store_set_error(store,
                        "the database has schema version %d, not %d: "
                        "migrate it before loading data",
                        version, STORE_SCHEMA_VERSION);
        return -1;
    }
    /* Every reference the load writes comes from a lookup, so foreign key
     * checks only slow it down: they took a quarter of the CPU time of the
     * bundled load when measured. They can change only outside a
     * transaction. */
    if (store_exec(store, "PRAGMA foreign_keys = OFF") < 0)
        return -1;
    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        goto restore;

    has_territories = load_is_done(store);
    has_indicators = store_has_indicators(store);
    history_empty = store_history_is_empty(store);
    if (has_territories < 0 || has_indicators < 0 || history_empty < 0)
        goto out;
    if (!has_indicators) {
        rc = store_load_indicators_open(store, data_dir, &indicators,
                                        &indicator_bytes);
        if (rc < 0)
            goto out;
    }
    if (has_territories && indicators == NULL && !history_empty) {
        rc = STORE_LOAD_UNCHANGED;
        goto out;
    }

    rc = -1;
    if (load_prepare_all(&loader) < 0 ||
        load_all_files(&loader, data_dir, !has_territories, indicators,
                       indicator_bytes, progress, arg) < 0)
        goto out;
    if (history_empty) {
        history = store_load_history(store, data_dir);
        if (history < 0)
            goto out;
    }
    if (has_territories && indicators == NULL && history == 1) {
        rc = STORE_LOAD_UNCHANGED;
        goto out;
    }
    load_finalize_all(&loader);
    indicators_loaded = indicators != NULL;
    store_load_indicators_free(indicators);
    indicators = NULL;
    if (store_exec(store, "COMMIT") < 0)
        goto out;
    log_info("%s loaded from %s",
             has_territories ? "indicators or commune history"
                             : "territorial data",
             data_dir);
    rc = !has_territories     ? STORE_LOAD_DONE
         : indicators_loaded ? STORE_LOAD_INDICATORS
                             : STORE_LOAD_HISTORY;
    goto restore;

out:
    load_finalize_all(&loader);
    store_load_indicators_free(indicators);
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
restore:
    if (store_exec(store, "PRAGMA foreign_keys = ON") < 0)
        rc = -1;
    return rc;
}
