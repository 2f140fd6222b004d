/*
 * terrish indicators: list the indicator catalogue and show one entry, as
 * tab-separated text or JSON for scripts.
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

struct indicators_options {
    struct command_options common;
    int year; /* publish and withdraw: one year, 0 for the indicator */
};

static void
indicators_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;

    fprintf(out,
            _("Usage: %s indicators list [--format text|json]%s\n"
              "       %s indicators show ID [--format text|json]%s\n"
              "       %s indicators publish|withdraw ID [--year YEAR]%s\n\n"),
            ctx->invocation, local ? " [--store FILE]" : "",
            ctx->invocation, local ? " [--store FILE]" : "",
            ctx->invocation, local ? " [--store FILE]" : "");
    fputs(_("list  the catalogue, one line per indicator, with the "
            "tab-separated columns\n"
            "      id, theme, level (native level of the data, or point), "
            "unit, first_year,\n"
            "      last_year (empty without values), name_fr and name_en.\n"
            "show  the indicator ID, one line per field, NAME<tab>VALUE: "
            "id, name_fr,\n"
            "      name_en, theme, unit, level, aggregation (sum, ratio or "
            "weighted_mean),\n"
            "      source, licence, url, partial (yes or no), published "
            "(yes or no), then\n"
            "      years and categories, each followed by one tab-separated "
            "value per\n"
            "      year or category.\n\n"
            "Entries that are not published yet are listed only for the "
            "local command and\n"
            "administrators, and so are the years not published.\n"
            "publish and withdraw release or hide an indicator, or with "
            "--year one of\n"
            "its years, for every other account: in the application and in "
            "exports\n"
            "(administrators only, recorded in the audit log).\n\n"
            "  -f, --format FORMAT  text (default) or json\n"
            "  -y, --year YEAR      publish or withdraw this year only\n"),
          out);
    if (local)
        fprintf(out, _("  -s, --store FILE     store to read (default "
                       "%s)\n"),
                default_store_path());
    fputs(_("  -h, --help           show this help\n\n"
            "Exit status: 0 done, 1 failed, 2 usage error, 3 unknown "
            "indicator or year,\n"
            "4 permission denied.\n"),
          out);
}

static const char *
aggregation_name(enum aggregation_rule rule)
{
    switch (rule) {
    case AGGREGATION_RATIO:
        return "ratio";
    case AGGREGATION_WEIGHTED_MEAN:
        return "weighted_mean";
    case AGGREGATION_SUM:
        break;
    }
    return "sum";
}

/* Print a JSON value on one line, then free it. */
static void
print_json(json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER);

    printf("%s\n", text);
    free(text);
    json_decref(value);
}

static json_t *
list_json_entry(const struct indicator *ind)
{
    int has_years = ind->year_count > 0;

    return json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "id", ind->id, "theme",
        ind->theme, "level", ind->native_level, "unit", ind->unit,
        "first_year", has_years ? json_integer(ind->years[0]) : json_null(),
        "last_year",
        has_years ? json_integer(ind->years[ind->year_count - 1])
                  : json_null(),
        "name_fr", ind->name_fr, "name_en", ind->name_en);
}

static void
list_print_text(const struct indicator *ind)
{
    printf("%s\t%s\t%s\t%s\t", ind->id, ind->theme, ind->native_level,
           ind->unit);
    if (ind->year_count > 0)
        printf("%d\t%d", ind->years[0], ind->years[ind->year_count - 1]);
    else
        putchar('\t');
    printf("\t%s\t%s\n", ind->name_fr, ind->name_en);
}

static int
indicators_list(const struct command_context *ctx, struct store *store,
                const struct indicators_options *options)
{
    struct indicator ind;
    json_t *array = NULL;
    char **ids = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    if (store_indicator_ids(store, &ids, &count) != 0) {
        fprintf(stderr, "terrish indicators: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (options->common.json)
        array = json_array();
    for (i = 0, rc = 0; i < count && rc >= 0; i++) {
        rc = store_indicator_get(store, ids[i], &ind);
        if (rc != 0)
            continue;
        if (ind.published || command_sees_unpublished(ctx)) {
            if (options->common.json)
                json_array_append_new(array, list_json_entry(&ind));
            else
                list_print_text(&ind);
        }
        indicator_clear(&ind);
    }
    for (i = 0; i < count; i++)
        free(ids[i]);
    free(ids);
    if (rc < 0) {
        json_decref(array);
        fprintf(stderr, "terrish indicators: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (options->common.json)
        print_json(array);
    return EXIT_OK;
}

/* Print "name" and a tab before each of the values, on one line. */
static void
show_print_list(const char *name, const int *years, char *const *texts,
                size_t count)
{
    size_t i;

    fputs(name, stdout);
    for (i = 0; i < count; i++) {
        if (years != NULL)
            printf("\t%d", years[i]);
        else
            printf("\t%s", texts[i]);
    }
    putchar('\n');
}

static void
show_print_text(const struct indicator *ind)
{
    printf("id\t%s\n", ind->id);
    printf("name_fr\t%s\n", ind->name_fr);
    printf("name_en\t%s\n", ind->name_en);
    printf("theme\t%s\n", ind->theme);
    printf("unit\t%s\n", ind->unit);
    printf("level\t%s\n", ind->native_level);
    printf("aggregation\t%s\n", aggregation_name(ind->rule));
    printf("source\t%s\n", ind->source);
    printf("licence\t%s\n", ind->licence);
    printf("url\t%s\n", ind->url != NULL ? ind->url : "");
    printf("partial\t%s\n", ind->partial ? "yes" : "no");
    printf("published\t%s\n", ind->published ? "yes" : "no");
    show_print_list("years", ind->years, NULL, ind->year_count);
    show_print_list("categories", NULL, ind->categories,
                    ind->category_count);
}

static void
show_print_json(const struct indicator *ind)
{
    json_t *years = json_array();
    json_t *categories = json_array();
    size_t i;

    for (i = 0; i < ind->year_count; i++)
        json_array_append_new(years, json_integer(ind->years[i]));
    for (i = 0; i < ind->category_count; i++)
        json_array_append_new(categories, json_string(ind->categories[i]));
    print_json(json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:o,"
        " s:o}",
        "id", ind->id, "name_fr", ind->name_fr, "name_en", ind->name_en,
        "theme", ind->theme, "unit", ind->unit, "level", ind->native_level,
        "aggregation", aggregation_name(ind->rule), "source", ind->source,
        "licence", ind->licence, "url",
        ind->url != NULL ? json_string(ind->url) : json_null(), "partial",
        ind->partial, "published", ind->published, "years", years,
        "categories", categories));
}

static int
indicators_show(const struct command_context *ctx, struct store *store,
                const char *id, const struct indicators_options *options)
{
    struct indicator ind;
    int rc;

    rc = store_indicator_get(store, id, &ind);
    if (rc == 0 && !ind.published && !command_sees_unpublished(ctx)) {
        indicator_clear(&ind);
        rc = 1;
    }
    if (rc < 0) {
        fprintf(stderr, "terrish indicators: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        fprintf(stderr, _("terrish indicators: unknown indicator '%s' (see "
                          "indicators list)\n"),
                id);
        return EXIT_NOT_FOUND;
    }
    if (options->common.json)
        show_print_json(&ind);
    else
        show_print_text(&ind);
    indicator_clear(&ind);
    return EXIT_OK;
}

/* Publish or withdraw an indicator or one of its years. */
static int
indicators_set_published(const struct command_context *ctx,
                         const struct indicators_options *options,
                         const char *id, int published)
{
    struct audit_actor actor = command_actor(ctx);
    struct store *store = NULL;
    char *error = NULL;
    int status = EXIT_FAILURE_RUN;
    int rc;

    if (ctx->origin == COMMAND_REMOTE && ctx->role != ROLE_ADMIN)
        return command_reject_role(published ? "terrish indicators publish"
                                             : "terrish indicators withdraw",
                                   _("administrators"));
    if (store_open(options->common.store_path, STORE_OPEN_EXISTING, &store,
                   &error) != 0) {
        fprintf(stderr, "terrish indicators: %s\n", error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    rc = store_indicator_set_published(store, id, options->year, published,
                                       &actor);
    if (rc == 0) {
        if (options->year > 0)
            printf(published ? _("Year %d of %s published.\n")
                             : _("Year %d of %s withdrawn.\n"),
                   options->year, id);
        else
            printf(published ? _("Indicator %s published.\n")
                             : _("Indicator %s withdrawn.\n"),
                   id);
        status = EXIT_OK;
    } else {
        fprintf(stderr, "terrish indicators: %s\n", store_error(store));
        if (rc == 1)
            status = EXIT_NOT_FOUND;
    }
    store_close(store);
    return status;
}

/* Return 1 when action is one of those that change the catalogue. */
static int
indicators_action_writes(const char *action)
{
    return strcmp(action, "publish") == 0 || strcmp(action, "withdraw") == 0;
}

/* --year, the option of indicators besides the shared ones. */
static int
indicators_option(const struct command_context *ctx, int key,
                  const char *value, void *arg)
{
    struct indicators_options *options = arg;
    long year = 0;

    (void)ctx;
    (void)key;
    if (parse_int_range(value, 1800, 2200, &year) < 0)
        return command_usage_error("indicators", _("invalid year"), value);
    options->year = (int)year;
    return EXIT_OK;
}

/* Parse the options; returns EXIT_OK, or an exit status (-1 for --help). */
static int
indicators_parse(const struct command_context *ctx, int argc, char **argv,
                 struct indicators_options *options)
{
    static const struct option long_options[] = {
        {"year", required_argument, NULL, 'y'},
        {NULL, 0, NULL, 0},
    };
    const struct command_parser parser = {
        .name = "indicators",
        .short_options = "y:",
        .long_options = long_options,
        .option = indicators_option,
        .usage = indicators_usage,
        .arg = options,
    };
    int expected;
    int status;

    status = command_options_parse(ctx, argc, argv, &parser,
                                   &options->common);
    if (status != EXIT_OK)
        return status;
    if (optind >= argc || (strcmp(argv[optind], "list") != 0 &&
                           strcmp(argv[optind], "show") != 0 &&
                           !indicators_action_writes(argv[optind])))
        return command_usage_error(
            "indicators", _("expected list, show, publish or withdraw, found"),
            optind < argc ? argv[optind] : "");
    if (options->year != 0 && !indicators_action_writes(argv[optind]))
        return command_usage_error(
            "indicators", _("--year applies to publish and withdraw, not"),
            argv[optind]);
    expected = strcmp(argv[optind], "list") == 0 ? 1 : 2;
    if (argc - optind != expected)
        return command_usage_error("indicators",
                                   expected == 2
                                       ? _("expected one indicator ID after")
                                       : _("unexpected argument after"),
                                   argv[optind]);
    return EXIT_OK;
}

int
cmd_indicators(const struct command_context *ctx, int argc, char **argv)
{
    struct indicators_options options;
    struct store *store = NULL;
    int status;

    memset(&options, 0, sizeof options);
    status = indicators_parse(ctx, argc, argv, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (indicators_action_writes(argv[optind]))
        return indicators_set_published(ctx, &options, argv[optind + 1],
                                        strcmp(argv[optind], "publish") == 0);

    status = command_store_open("indicators", &options.common,
                                STORE_OPEN_READONLY, &store);
    if (status != EXIT_OK)
        return status;
    store_set_published_only(store, !command_sees_unpublished(ctx));
    if (strcmp(argv[optind], "list") == 0)
        status = indicators_list(ctx, store, &options);
    else
        status = indicators_show(ctx, store, argv[optind + 1], &options);
    if (status == EXIT_OK && fflush(stdout) != 0) {
        fputs(_("terrish indicators: writing failed\n"), stderr);
        status = EXIT_FAILURE_RUN;
    }
    store_close(store);
    return status;
}
