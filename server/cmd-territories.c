/*
 * terrish territories: find territories by name or code, and show one,
 * as tab-separated text or JSON for scripts.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 1000

/* Levels tried, in this order, for a code given without its level. */
static const enum territory_level territories_levels[] = {
    LEVEL_REGION,
    LEVEL_DEPARTEMENT,
    LEVEL_EPCI,
    LEVEL_COMMUNE,
};

#define LEVEL_COUNT (sizeof territories_levels / sizeof territories_levels[0])

struct territories_options {
    struct command_options common;
    long limit;
};

static void
territories_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;

    fprintf(out,
            _("Usage: %s territories search TEXT [--limit N] "
              "[--format text|json]%s\n"
              "       %s territories show CODE [--format text|json]%s\n\n"),
            ctx->invocation, local ? " [--store FILE]" : "",
            ctx->invocation, local ? " [--store FILE]" : "");
    fputs(_("search  territories whose name or code matches TEXT, best "
            "first: each word\n"
            "        starts a word of the name, without regard to case and "
            "accents, and\n"
            "        digits match the start of a code. One line per "
            "territory, with the\n"
            "        tab-separated columns level, code, name and population "
            "(empty when\n"
            "        unknown).\n"
            "show    the territory CODE: LEVEL:CODE (region:84, "
            "departement:38,\n"
            "        epci:200040715, commune:38185), or a code alone when "
            "only one level\n"
            "        has it. One line per field, NAME<tab>VALUE: level, "
            "code, name, kind\n"
            "        (legal form of an EPCI, else empty), population, "
            "population_year,\n"
            "        area_km2 and communes; then, largest first, one line "
            "per territory\n"
            "        that contains it: parent<tab>LEVEL:CODE<tab>NAME.\n\n"
            "  -n, --limit N        maximum number of results, 1 to 1000 "
            "(default 20)\n"
            "  -f, --format FORMAT  text (default) or json\n"),
          out);
    if (local)
        fprintf(out, _("  -s, --store FILE     store to read (default "
                       "%s)\n"),
                default_store_path());
    fputs(_("  -h, --help           show this help\n\n"
            "Exit status: 0 found, 1 failed, 2 usage error or a code that "
            "several levels\n"
            "have, 3 no territory found.\n"),
          out);
}

/* Print an integer column, or nothing when it is unknown (negative). */
static void
print_known_int(int64_t value)
{
    if (value >= 0)
        printf("%lld", (long long)value);
}

static json_t *
json_known_int(int64_t value)
{
    return value >= 0 ? json_integer(value) : json_null();
}

/* Print a JSON value on one line, then free it. */
static void
print_json(json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                       JSON_REAL_PRECISION(15));

    printf("%s\n", text);
    free(text);
    json_decref(value);
}

static void
search_print(const struct territory_list *list, int json)
{
    json_t *array = NULL;
    size_t i;

    if (json)
        array = json_array();
    for (i = 0; i < list->count; i++) {
        const struct territory *t = &list->items[i];

        if (json) {
            json_array_append_new(
                array, json_pack("{s:s, s:s, s:s, s:o}", "level",
                                 territory_level_name(t->level), "code",
                                 t->code, "name", t->name, "population",
                                 json_known_int(t->population)));
            continue;
        }
        printf("%s\t%s\t%s\t", territory_level_name(t->level), t->code,
               t->name);
        print_known_int(t->population);
        putchar('\n');
    }
    if (json)
        print_json(array);
}

static int
territories_search(struct store *store, const char *text,
                   const struct territories_options *options)
{
    struct territory_list list = {NULL, 0};
    int status = EXIT_OK;

    if (store_territory_search(store, text, (size_t)options->limit,
                               &list) != 0) {
        fprintf(stderr, "terrish territories: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (list.count == 0) {
        fprintf(stderr, _("terrish territories: no territory matches "
                          "'%s'\n"),
                text);
        status = EXIT_NOT_FOUND;
    } else {
        search_print(&list, options->common.json);
    }
    territory_list_free(&list);
    return status;
}

/*
 * Find the territory at level with a code as a user writes it (1001 for
 * 01001, 2a004 for 2A004). Returns 0, 1 when there is none, -1 on error.
 */
static int
territories_get(struct store *store, enum territory_level level,
                const char *text, struct territory *out)
{
    const char *reason = NULL;
    char code[16];

    if (csv_normalise_code(text, level, code, &reason) != 0)
        return 1;
    return store_territory_get(store, level, code, out);
}

/* Print the candidates of a code that several levels have. */
static void
territories_print_ambiguous(const char *text, const struct territory *found,
                            size_t count)
{
    size_t i;

    fprintf(stderr,
            _("terrish territories: several territories have the code '%s'; "
              "write one of:\n"),
            text);
    for (i = 0; i < count; i++)
        fprintf(stderr, "  %s:%s\t%s\n", territory_level_name(found[i].level),
                found[i].code, found[i].name);
}

/*
 * Resolve CODE, with or without its level, into *out. Returns EXIT_OK or
 * an exit status, with the message printed.
 */
static int
territories_resolve(struct store *store, const char *text,
                    struct territory *out)
{
    struct territory found[LEVEL_COUNT];
    const char *colon = strchr(text, ':');
    enum territory_level level;
    size_t count = 0;
    size_t i;
    int status = EXIT_OK;
    int rc;

    if (colon != NULL) {
        char *name = xstrndup(text, (size_t)(colon - text));

        rc = indicator_level_parse(name, &level);
        free(name);
        if (rc != 0)
            return command_usage_error("territories", _("invalid level in"), text);
        rc = territories_get(store, level, colon + 1, out);
    } else {
        memset(found, 0, sizeof found);
        for (i = 0, rc = 0; i < LEVEL_COUNT && rc >= 0; i++) {
            rc = territories_get(store, territories_levels[i], text,
                                 &found[count]);
            if (rc == 0)
                count++;
        }
        if (rc >= 0)
            rc = count == 0 ? 1 : 0;
    }
    if (rc < 0) {
        fprintf(stderr, "terrish territories: %s\n", store_error(store));
        status = EXIT_FAILURE_RUN;
    } else if (rc == 1) {
        fprintf(stderr, _("terrish territories: no territory has the code "
                          "'%s'\n"),
                text);
        status = EXIT_NOT_FOUND;
    } else if (colon == NULL && count > 1) {
        territories_print_ambiguous(text, found, count);
        status = EXIT_USAGE;
    } else if (colon == NULL) {
        *out = found[0];
        found[0].name = NULL;
        found[0].kind = NULL;
    }
    for (i = 0; colon == NULL && i < count; i++)
        territory_clear(&found[i]);
    return status;
}

static void
show_print_text(const struct territory *t, const struct territory_list *up)
{
    size_t i;

    printf("level\t%s\n", territory_level_name(t->level));
    printf("code\t%s\n", t->code);
    printf("name\t%s\n", t->name);
    printf("kind\t%s\n", t->kind != NULL ? t->kind : "");
    fputs("population\t", stdout);
    print_known_int(t->population);
    fputs("\npopulation_year\t", stdout);
    if (t->population >= 0 && t->population_year > 0)
        printf("%d", t->population_year);
    fputs("\narea_km2\t", stdout);
    if (t->area_km2 >= 0)
        printf("%.2f", t->area_km2);
    printf("\ncommunes\t%d\n", t->commune_count);
    for (i = 0; i < up->count; i++)
        printf("parent\t%s:%s\t%s\n", territory_level_name(up->items[i].level),
               up->items[i].code, up->items[i].name);
}

static void
show_print_json(const struct territory *t, const struct territory_list *up)
{
    json_t *parents = json_array();
    size_t i;

    for (i = 0; i < up->count; i++)
        json_array_append_new(
            parents, json_pack("{s:s, s:s, s:s}", "level",
                               territory_level_name(up->items[i].level),
                               "code", up->items[i].code, "name",
                               up->items[i].name));
    print_json(json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:i, s:o}", "level",
        territory_level_name(t->level), "code", t->code, "name", t->name,
        "kind", t->kind != NULL ? json_string(t->kind) : json_null(),
        "population", json_known_int(t->population), "population_year",
        t->population >= 0 && t->population_year > 0
            ? json_integer(t->population_year)
            : json_null(),
        "area_km2", t->area_km2 >= 0 ? json_real(t->area_km2) : json_null(),
        "communes", t->commune_count, "parents", parents));
}

static int
territories_show(struct store *store, const char *text,
                 const struct territories_options *options)
{
    struct territory territory;
    struct territory_list parents = {NULL, 0};
    int status;

    memset(&territory, 0, sizeof territory);
    status = territories_resolve(store, text, &territory);
    if (status != EXIT_OK)
        goto out;
    if (store_territory_parents(store, territory.id, &parents) != 0) {
        fprintf(stderr, "terrish territories: %s\n", store_error(store));
        status = EXIT_FAILURE_RUN;
        goto out;
    }
    if (options->common.json)
        show_print_json(&territory, &parents);
    else
        show_print_text(&territory, &parents);

out:
    territory_list_free(&parents);
    territory_clear(&territory);
    return status;
}

/* --limit, the option of territories besides the shared ones. */
static int
territories_option(const struct command_context *ctx, int key,
                   const char *value, void *arg)
{
    struct territories_options *options = arg;

    (void)ctx;
    (void)key;
    if (parse_int_range(value, 1, SEARCH_LIMIT_MAX, &options->limit) < 0)
        return command_usage_error("territories",
                                   _("invalid limit (use 1 to 1000)"), value);
    return EXIT_OK;
}

/* Parse the options; returns EXIT_OK, or an exit status (-1 for --help). */
static int
territories_parse(const struct command_context *ctx, int argc, char **argv,
                  struct territories_options *options)
{
    static const struct option long_options[] = {
        {"limit", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const struct command_parser parser = {
        .name = "territories",
        .short_options = "n:",
        .long_options = long_options,
        .option = territories_option,
        .usage = territories_usage,
        .arg = options,
    };
    int status;

    status = command_options_parse(ctx, argc, argv, &parser,
                                   &options->common);
    if (status != EXIT_OK)
        return status;
    if (optind >= argc)
        return command_usage_error("territories",
                                   _("expected search or show, found"), "");
    if (strcmp(argv[optind], "search") != 0 &&
        strcmp(argv[optind], "show") != 0)
        return command_usage_error("territories",
                                   _("expected search or show, found"),
                                   argv[optind]);
    if (optind + 2 != argc)
        return command_usage_error("territories",
                                   _("expected one argument after"),
                                   argv[optind]);
    if (argv[optind + 1][0] == '\0')
        return command_usage_error("territories", _("empty argument after"),
                                   argv[optind]);
    return EXIT_OK;
}

int
cmd_territories(const struct command_context *ctx, int argc, char **argv)
{
    struct territories_options options;
    struct store *store = NULL;
    const char *action;
    int status;

    memset(&options, 0, sizeof options);
    options.limit = SEARCH_LIMIT_DEFAULT;
    status = territories_parse(ctx, argc, argv, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    action = argv[optind];

    status = command_store_open("territories", &options.common,
                                STORE_OPEN_READONLY, &store);
    if (status != EXIT_OK)
        return status;
    if (strcmp(action, "search") == 0)
        status = territories_search(store, argv[optind + 1], &options);
    else
        status = territories_show(store, argv[optind + 1], &options);
    if (status == EXIT_OK && fflush(stdout) != 0) {
        fputs(_("terrish territories: writing failed\n"), stderr);
        status = EXIT_FAILURE_RUN;
    }
    store_close(store);
    return status;
}
