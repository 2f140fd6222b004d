/*
 * terrish: "export strategy ID", the impacts of a strategy year by year as
 * CSV or JSON, with the caller's own rights over SSH.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "server/server.h"
#include "store/strategy.h"

struct strategy_export {
    int64_t id;
    int json;
    const char *store_path;
};

/* One exported series: its name, unit and values. */
struct series {
    char name[64];
    const char *unit;
    const double (*values)[STRATEGY_RANGES]; /* one triple per year */
    /* An energy cell, read from result->energy when values is NULL;
     * -1 otherwise. */
    int sector;
    int carrier;
    /* A pollutant, read from result->pollutant when values is NULL and
     * sector is -1; -1 otherwise. */
    int pollutant;
};

/* Largest number of series of a result. They are the total and sectors
 * of emissions, residential electricity, production, car fuel and the
 * national path, then the energy cells, the four other parts and the
 * total of the bill, the jobs of renovations and the cars' pollutants. */
#define SERIES_MAX                                                            \
    (1 + STRATEGY_SECTORS + 4 + STRATEGY_SECTORS * STRATEGY_CARRIERS + 6 +   \
     STRATEGY_POLLUTANTS)

static void
strategy_export_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;

    fprintf(out,
            _("Usage: %s export strategy ID [--format csv|json]%s\n\n"
              "Write the impacts of strategy ID for each year from %d to %d,\n"
              "each as low, central and high.\n\n"
              "  -f, --format FORMAT         csv (default) or json\n"),
            ctx->invocation, local ? " [--store FILE]" : "",
            STRATEGY_FIRST_YEAR, STRATEGY_LAST_YEAR);
    if (local)
        fprintf(out,
                _("  -s, --store FILE            store to read (default "
                  "%s)\n"),
                default_store_path());
    fputs(_("  -h, --help                  show this help\n\n"
            "CSV columns: year, quantity, unit, low, central, high.\n\n"
            "Exit status: 0 written, 1 failed, 2 invalid command line, 3\n"
            "unknown strategy, 4 not shared with the account, 5 an input of\n"
            "the strategy is missing or out of bounds.\n"),
          out);
}

static int
strategy_export_parse(const struct command_context *ctx, int argc,
                      char **argv, struct strategy_export *request,
                      int *help)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"store", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "f:s:h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "json") != 0) {
                fprintf(stderr, _("terrish export: invalid format: %s\n"),
                        optarg);
                return EXIT_USAGE;
            }
            request->json = optarg[0] == 'j';
            break;
        case 's':
            if (ctx->origin == COMMAND_REMOTE)
                return command_reject_store("terrish export");
            request->store_path = optarg;
            break;
        case 'h':
            *help = 1;
            return EXIT_OK;
        default:
            strategy_export_usage(ctx, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, _("terrish export: expected one strategy ID\n"));
        return EXIT_USAGE;
    }
    errno = 0;
    request->id = strtoll(argv[optind], &end, 10);
    if (*argv[optind] == '\0' || *end != '\0' || request->id <= 0 ||
        errno == ERANGE) {
        fprintf(stderr, _("terrish export: invalid strategy ID: %s\n"),
                argv[optind]);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The series of a result, those it has values for. */
static size_t
series_list(const struct strategy_result *result, struct series out[SERIES_MAX])
{
    size_t n = 0;
    int s;
    int c;
    int p;

    out[n++] = (struct series){"ghg_total", "t CO2e",
                               (const double(*)[3])result->ghg_total, -1, -1,
                               -1};
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        if (!result->has_sector[s])
            continue;
        out[n] = (struct series){"", "t CO2e", NULL, -1, -1, -1};
        snprintf(out[n].name, sizeof out[n].name, "ghg_%s",
                 strategy_sector_id(s));
        n++;
    }
    if (result->has_electricity)
        out[n++] = (struct series){"electricity_residential", "GWh",
                                   (const double(*)[3])result->electricity,
                                   -1, -1, -1};
    if (result->has_production)
        out[n++] = (struct series){"pv_production_added", "GWh",
                                   (const double(*)[3])result->production,
                                   -1, -1, -1};
    if (result->has_fuel)
        out[n++] = (struct series){"car_fuel_spending_change", "EUR",
                                   (const double(*)[3])result->fuel, -1, -1,
                                   -1};
    if (result->has_national_path)
        out[n++] = (struct series){
            "ghg_national_path", "t CO2e",
            (const double(*)[3])result->national_path, -1, -1, -1};
    /* Residential electricity is electricity_residential above. */
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        for (c = 0; c < STRATEGY_CARRIERS; c++) {
            if (!result->has_energy[s][c] ||
                (s == SECTOR_RESIDENTIAL && c == CARRIER_ELECTRICITY))
                continue;
            out[n] = (struct series){"", "GWh", NULL, s, c, -1};
            snprintf(out[n].name, sizeof out[n].name, "energy_%s_%s",
                     strategy_sector_id(s), strategy_carrier_id(c));
            n++;
        }
    }
    if (result->has_bill_electricity)
        out[n++] = (struct series){
            "bill_electricity_residential_change", "EUR",
            (const double(*)[3])result->bill_electricity, -1, -1, -1};
    if (result->has_bill_charging)
        out[n++] = (struct series){
            "bill_car_charging_change", "EUR",
            (const double(*)[3])result->bill_charging, -1, -1, -1};
    if (result->has_bill_gas)
        out[n++] = (struct series){"bill_gas_residential_change", "EUR",
                                   (const double(*)[3])result->bill_gas, -1,
                                   -1, -1};
    if (result->has_bill_heating_oil)
        out[n++] = (struct series){
            "bill_heating_oil_residential_change", "EUR",
            (const double(*)[3])result->bill_heating_oil, -1, -1, -1};
    if (result->has_bill_total)
        out[n++] = (struct series){"bill_total_change", "EUR",
                                   (const double(*)[3])result->bill_total,
                                   -1, -1, -1};
    if (result->has_jobs)
        out[n++] = (struct series){"jobs_renovation", "FTE",
                                   (const double(*)[3])result->jobs, -1, -1,
                                   -1};
    for (p = 0; p < STRATEGY_POLLUTANTS; p++) {
        if (!result->has_pollutant[p])
            continue;
        out[n] = (struct series){"", "t", NULL, -1, -1, -1};
        out[n].pollutant = p;
        snprintf(out[n].name, sizeof out[n].name, "car_%s_change",
                 strategy_pollutant_id(p));
        n++;
    }
    return n;
}

/* The triple of a series in year index y. */
static const double *
series_value(const struct strategy_result *result,
             const struct series *series, int y)
{
    int s;

    if (series->values != NULL)
        return series->values[y];
    if (series->sector >= 0)
        return result->energy[y][series->sector][series->carrier];
    if (series->pollutant >= 0)
        return result->pollutant[y][series->pollutant];
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        if (strcmp(series->name + 4, strategy_sector_id(s)) == 0)
            return result->ghg[y][s];
    }
    return NULL;
}

static void
write_csv(const struct strategy_result *result)
{
    struct series series[SERIES_MAX];
    size_t count = series_list(result, series);
    size_t i;
    int y;

    printf("year;quantity;unit;low;central;high\n");
    for (y = 0; y < STRATEGY_YEARS; y++) {
        for (i = 0; i < count; i++) {
            const double *v = series_value(result, &series[i], y);

            /* + 0.0 turns a negative zero (a saving of nothing) into 0. */
            printf("%d;%s;%s;%.15g;%.15g;%.15g\n", STRATEGY_FIRST_YEAR + y,
                   series[i].name, series[i].unit, v[0] + 0.0, v[1] + 0.0,
                   v[2] + 0.0);
        }
    }
}

/* The strategy's content as the store keeps it (strategy_to_json): its
 * actions with their targets, and the coefficients, baseline values and
 * target points the user entered. */
static json_t *
content_json(const struct strategy *strategy)
{
    char *text = strategy_to_json(strategy);
    json_error_t error;
    json_t *content = json_loads(text, 0, &error);

    free(text);
    return content != NULL ? content : json_null();
}

/* "LEVEL:CODE" of the strategy's territory, or null when it is gone. */
static json_t *
territory_json(struct store *store, int64_t id)
{
    struct territory territory;
    json_t *value = json_null();

    memset(&territory, 0, sizeof territory);
    if (store_territory_get_by_id(store, id, &territory) == 0)
        value = json_sprintf("%s:%s", territory_level_name(territory.level),
                             territory.code);
    territory_clear(&territory);
    return value;
}

/* The baseline values the engine used, exact: the store's values in the
 * engine's unit, or those the user entered. */
static json_t *
baseline_json(const struct strategy_baseline *base)
{
    json_t *baseline = json_object();
    int b;

    for (b = 0; b < STRATEGY_BASELINES; b++) {
        json_t *entry;

        if (!base->present[b])
            continue;
        entry = json_pack("{s:f, s:s, s:b}", "value", base->value[b], "unit",
                          strategy_baseline_unit(b), "overridden",
                          base->overridden[b]);
        if (base->year[b] > 0)
            json_object_set_new(entry, "year", json_integer(base->year[b]));
        if (base->origin[b][0] != '\0')
            json_object_set_new(entry, "origin",
                                json_string(base->origin[b]));
        json_object_set_new(baseline, strategy_baseline_key(b), entry);
    }
    return baseline;
}

static void
write_json(struct store *store, const struct strategy *strategy,
           const struct strategy_baseline *base,
           const struct strategy_result *result)
{
    struct series series[SERIES_MAX];
    size_t count = series_list(result, series);
    json_t *rows = json_array();
    json_t *root;
    size_t i;
    int y;

    for (y = 0; y < STRATEGY_YEARS; y++) {
        for (i = 0; i < count; i++) {
            const double *v = series_value(result, &series[i], y);

            json_array_append_new(
                rows, json_pack("{s:i, s:s, s:s, s:f, s:f, s:f}", "year",
                                STRATEGY_FIRST_YEAR + y, "quantity",
                                series[i].name, "unit", series[i].unit,
                                "low", v[0], "central", v[1], "high", v[2]));
        }
    }
    root = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "id",
                     (json_int_t)strategy->id, "name", strategy->name,
                     "owner", strategy->owner, "territory",
                     territory_json(store, strategy->territory_id),
                     "strategy", content_json(strategy), "baseline",
                     baseline_json(base), "results", rows, "notes",
                     result->notes);
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
    fputc('\n', stdout);
    json_decref(root);
}

/* Read, compute and write. */
static int
strategy_export_run(struct store *store, const struct command_context *ctx,
                    const struct strategy_export *request)
{
    struct strategy_catalogue *catalogue = NULL;
    struct strategy_result *result = xcalloc(1, sizeof *result);
    struct strategy_baseline base;
    struct strategy strategy;
    char *error = NULL;
    int status = EXIT_FAILURE_RUN;
    int rc;

    strategy_init(&strategy);
    if (strategy_catalogue_load_dir(default_data_dir(), &catalogue, &error) <
        0) {
        fprintf(stderr, "terrish export: %s\n", error);
        goto out;
    }
    rc = store_strategy_get(store, ctx->account, request->id, &strategy);
    if (rc == 1) {
        fprintf(stderr, _("terrish export: no strategy %lld\n"),
                (long long)request->id);
        status = EXIT_NOT_FOUND;
        goto out;
    }
    if (rc == STORE_FORBIDDEN) {
        /* The words of "strategies show" for the same refusal. */
        fprintf(stderr,
                _("terrish export: permission denied: no strategy %lld that "
                  "you may view\n"),
                (long long)request->id);
        status = EXIT_PERMISSION;
        goto out;
    }
    if (rc != 0) {
        status = command_store_status("export", store, rc);
        goto out;
    }
    if (store_strategy_baseline(store, strategy.territory_id, &base) != 0) {
        fprintf(stderr, "terrish export: %s\n", store_error(store));
        goto out;
    }
    strategy_baseline_apply(&base, &strategy);
    if (strategy_compute(catalogue, &strategy, &base, result) != 0) {
        struct strategy_language language = {command_gettext,
                                             command_messages_french(),
                                             catalogue};
        char problems[sizeof result->message];

        strategy_result_problems_text(result, &language, problems,
                                      sizeof problems);
        fprintf(stderr, _("terrish export: strategy %lld: %s\n"),
                (long long)request->id, problems);
        status = EXIT_INVALID_INPUT;
        goto out;
    }
    if (request->json)
        write_json(store, &strategy, &base, result);
    else
        write_csv(result);
    status = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_RUN;

out:
    free(error);
    free(result);
    strategy_clear(&strategy);
    strategy_catalogue_free(catalogue);
    return status;
}

int
cmd_export_strategy(const struct command_context *ctx, int argc, char **argv)
{
    struct strategy_export request = {
        .store_path = ctx->store_path != NULL ? ctx->store_path
                                              : default_store_path(),
    };
    struct store *store = NULL;
    char *error = NULL;
    int help = 0;
    int status;

    status = strategy_export_parse(ctx, argc, argv, &request, &help);
    if (help)
        strategy_export_usage(ctx, stdout);
    if (status != EXIT_OK || help)
        return status;
    if (store_open(request.store_path, STORE_OPEN_READONLY, &store,
                   &error) != 0) {
        fprintf(stderr, _("terrish export: %s (run 'terrish init' first)\n"),
                error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    status = strategy_export_run(store, ctx, &request);
    store_close(store);
    return status;
}
