/*
 * terrish export: write indicator values as CSV or JSON for scripts.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Rows are written as the store computes them, one mesh unit at a time, so
 * that an export of every commune of a région does not sit in memory.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

/* Digits of a value: enough for every figure of the data files. */
#define EXPORT_DIGITS 15

enum export_format {
    EXPORT_CSV,
    EXPORT_JSON,
};

struct export_request {
    const char *indicator_id;
    enum territory_level level; /* unset for a group */
    const char *code;
    const char *group_name;     /* group:NAME, else NULL */
    enum territory_level mesh;
    int has_mesh;
    int year_first;
    int year_last;
    enum export_format format;
    char separator; /* CSV only; ';' goes with a decimal comma */
    const char *store_path;
};

/* State of one export while the store walks the mesh. */
struct export_state {
    const struct export_request *request;
    const char *category; /* "" for a total or an indicator without */
    size_t rows;
};

/* The territory or group of an export, as its rows and header name it. */
struct export_place {
    const char *level; /* region ... commune, or "group" */
    const char *code;  /* the group's name for a group */
    const char *name;
    int64_t id;
    int is_group;
};

/* One row of an export: a mesh unit or the group itself. */
struct export_row {
    const char *code;
    const char *name;
    const char *level;
    const struct indicator_result *result;
};

static void
export_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;

    fprintf(out,
            _("Usage: %s export indicator ID --territory LEVEL:CODE\n"
              "           [--mesh LEVEL] [--years A-B] [--format csv|json]\n"
              "           [--separator ';'|',']%s\n\n"
              "Write the values of indicator ID for a territory, split into\n"
              "the units of the mesh, for each year and category.\n\n"
              "  -t, --territory LEVEL:CODE  region:84, departement:69,\n"
              "                              epci:200046977, commune:69123,\n"
              "                              or group:NAME (terrish group)\n"
              "  -m, --mesh LEVEL            commune, epci, departement or\n"
              "                              region (default: the territory)\n"
              "  -y, --years A-B             years from A to B, or one year "
              "A\n"
              "                              (default: every year)\n"
              "  -f, --format FORMAT         csv (default) or json\n"
              "  -S, --separator CHAR        CSV separator: ';' with a "
              "decimal\n"
              "                              comma (default), or ',' with a\n"
              "                              decimal point\n"),
            ctx->invocation, local ? " [--store FILE]" : "");
    if (local)
        fprintf(out,
                _("  -s, --store FILE            store to read (default "
                  "%s)\n"),
                default_store_path());
    fputs(_("  -h, --help                  show this help\n\n"
            "CSV columns: code, name, level, year, category, value, unit,\n"
            "flag (empty, partial, secret or na).\n\n"
            "Exit status: 0 written, 1 failed, 2 invalid command line, 3\n"
            "unknown indicator or territory, or no year in the range.\n"),
          out);
    fputs(_("An indicator of flows between communes (such as\n"
            "commuting_flows_sample) is written as its flows that start or\n"
            "end in the territory, without --mesh: direction (internal,\n"
            "outbound or inbound), origin_code, origin_name,\n"
            "destination_code, destination_name, year, category (the\n"
            "transport mode's code), category_name (its name, in the\n"
            "language of the messages; both names in JSON), value, unit.\n"),
          out);
    if (!local)
        fputs(_("Over SSH, --store exits with 4: the server's store is "
                "used.\n"),
              out);
}

/* Parse "LEVEL:CODE" or "group:NAME" into request. Returns 0 or -1. */
static int
export_parse_territory(const char *text, struct export_request *request)
{
    const char *colon = strchr(text, ':');
    char level[16];

    if (strncmp(text, "group:", 6) == 0 && text[6] != '\0') {
        request->group_name = text + 6;
        return 0;
    }
    if (colon == NULL || (size_t)(colon - text) >= sizeof level ||
        colon[1] == '\0')
        return -1;
    memcpy(level, text, (size_t)(colon - text));
    level[colon - text] = '\0';
    request->code = colon + 1;
    return indicator_level_parse(level, &request->level);
}

/* Parse "A-B" or "A" into the year range. Returns 0 or -1. */
static int
export_parse_years(const char *text, struct export_request *request)
{
    long first = 0;
    long last = 0;
    const char *dash = strchr(text, '-');
    char *copy = NULL;
    int rc = 0;

    copy = xstrdup(text);
    if (dash != NULL)
        copy[dash - text] = '\0';
    if (parse_int_range(copy, 1800, 2200, &first) < 0 ||
        parse_int_range(dash != NULL ? dash + 1 : copy, 1800, 2200,
                        &last) < 0 ||
        last < first)
        rc = -1;
    free(copy);
    request->year_first = (int)first;
    request->year_last = (int)last;
    return rc;
}

/* Print a usage error and return EXIT_USAGE. */
static int
export_usage_error(const char *what, const char *value)
{
    fprintf(stderr, _("terrish export: %s '%s' (see export --help)\n"),
            what, value);
    return EXIT_USAGE;
}

/* Parse the command line into request. Returns EXIT_OK or an exit status. */
static int
export_parse(const struct command_context *ctx, int argc, char **argv,
             struct export_request *request, int *help)
{
    static const struct option options[] = {
        {"territory", required_argument, NULL, 't'},
        {"mesh", required_argument, NULL, 'm'},
        {"years", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'f'},
        {"separator", required_argument, NULL, 'S'},
        {"store", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *territory = NULL;
    const char *separator = NULL;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "t:m:y:f:S:s:h", options, NULL)) !=
           -1) {
        switch (opt) {
        case 't':
            territory = optarg;
            break;
        case 'm':
            if (indicator_level_parse(optarg, &request->mesh) < 0)
                return export_usage_error(_("invalid mesh"), optarg);
            request->has_mesh = 1;
            break;
        case 'y':
            if (export_parse_years(optarg, request) < 0)
                return export_usage_error(_("invalid years (use A-B)"),
                                          optarg);
            break;
        case 'f':
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "json") != 0)
                return export_usage_error(_("invalid format"), optarg);
            request->format = optarg[0] == 'j' ? EXPORT_JSON : EXPORT_CSV;
            break;
        case 'S':
            separator = optarg;
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
            export_usage(ctx, stderr);
            return EXIT_USAGE;
        }
    }

    if (optind >= argc || strcmp(argv[optind], "indicator") != 0)
        return export_usage_error(_("expected 'indicator ID', found"),
                                  optind < argc ? argv[optind] : "");
    if (optind + 2 != argc)
        return export_usage_error(_("expected one indicator ID after"),
                                  "indicator");
    request->indicator_id = argv[optind + 1];
    if (territory == NULL)
        return export_usage_error(_("missing option"), "--territory");
    if (export_parse_territory(territory, request) < 0)
        return export_usage_error(_("invalid territory (use LEVEL:CODE)"),
                                  territory);
    if (separator != NULL) {
        if (request->format != EXPORT_CSV)
            return export_usage_error(
                _("--separator applies to CSV only, not"), "json");
        if (strcmp(separator, ";") != 0 && strcmp(separator, ",") != 0)
            return export_usage_error(_("invalid separator (use ';' or ',')"),
                                      separator);
        request->separator = separator[0];
    }
    if (request->group_name != NULL)
        return EXIT_OK;
    if (!request->has_mesh)
        request->mesh = request->level;
    if (request->mesh < request->level ||
        (request->level == LEVEL_EPCI && request->mesh == LEVEL_DEPARTEMENT))
        return export_usage_error(_("the mesh must be as fine as the "
                                    "territory or finer, not"),
                                  territory_level_name(request->mesh));
    return EXIT_OK;
}

/* Write one CSV field, quoted when it contains the separator or a quote. */
static void
export_csv_field(const char *text, char separator)
{
    const char *p;

    if (strchr(text, separator) == NULL && strpbrk(text, "\"\r\n") == NULL) {
        fputs(text, stdout);
        return;
    }
    putchar('"');
    for (p = text; *p != '\0'; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
}

/* Format a value with a "." point, or a decimal comma when asked. */
static void
format_value(char *buf, size_t size, double value, int decimal_comma)
{
    char *point = NULL;

    snprintf(buf, size, "%.*g", EXPORT_DIGITS, value);
    point = strchr(buf, '.');
    if (point != NULL && decimal_comma)
        *point = ',';
}

/* Write one row of a CSV export. */
static void
export_csv_row(const struct export_state *state, const struct export_row *row)
{
    char separator = state->request->separator;
    const struct indicator_result *result = row->result;
    char value[64] = "";

    if (result->flag == RESULT_PRESENT || result->flag == RESULT_PARTIAL)
        format_value(value, sizeof value, result->value, separator == ';');
    export_csv_field(row->code, separator);
    putchar(separator);
    export_csv_field(row->name, separator);
    printf("%c%s%c%d%c", separator, row->level, separator, result->year,
           separator);
    export_csv_field(state->category, separator);
    printf("%c%s%c", separator, value, separator);
    export_csv_field(result->unit, separator);
    printf("%c%s\n", separator, result_flag_name(result->flag));
}

/* Write one row of a JSON export, after a comma unless it is the first. */
static void
export_json_row(const struct export_state *state, const struct export_row *row)
{
    const struct indicator_result *result = row->result;
    json_t *object = NULL;
    char *text = NULL;
    int has_value = result->flag == RESULT_PRESENT ||
                    result->flag == RESULT_PARTIAL;

    object = json_pack(
        "{s:s, s:s, s:s, s:i, s:o, s:o, s:s, s:o}", "code", row->code,
        "name", row->name, "level", row->level, "year", result->year,
        "category",
        state->category[0] != '\0' ? json_string(state->category)
                                   : json_null(),
        "value", has_value ? json_real(result->value) : json_null(), "unit",
        result->unit, "flag",
        result->flag != RESULT_PRESENT
            ? json_string(result_flag_name(result->flag))
            : json_null());
    text = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                  JSON_REAL_PRECISION(EXPORT_DIGITS));
    printf("%s\n    %s", state->rows > 0 ? "," : "", text);
    free(text);
    json_decref(object);
}

/* Write one row in the requested format. */
static int
export_write_row(struct export_state *state, const struct export_row *row)
{
    if (state->request->format == EXPORT_CSV)
        export_csv_row(state, row);
    else
        export_json_row(state, row);
    state->rows++;
    return ferror(stdout) ? -1 : 0;
}

/* store_mesh_fn: write one unit of the mesh. */
static int
export_mesh_row(const struct mesh_row *mesh, void *arg)
{
    struct export_row row = {
        .code = mesh->unit->code,
        .name = mesh->unit->name,
        .level = territory_level_name(mesh->unit->level),
        .result = mesh->result,
    };

    return export_write_row(arg, &row);
}

/*
 * Write the rows of one year and category: the mesh's units, or the
 * group's own value for a group without --mesh. Returns 0, or what the
 * store or the writer returned.
 */
static int
export_year_category(struct store *store, struct export_state *state,
                     const struct indicator *indicator,
                     const struct export_place *place, int year)
{
    const struct export_request *request = state->request;
    const char *category = state->category[0] != '\0' ? state->category
                                                       : NULL;
    struct indicator_result result;
    struct export_row row = {place->code, place->name, place->level,
                             &result};
    int rc;

    if (!place->is_group)
        return store_indicator_mesh(store, indicator->id, place->id,
                                    request->mesh, year, category,
                                    export_mesh_row, state);
    if (request->has_mesh)
        return store_indicator_group_mesh(store, indicator->id, place->id,
                                          request->mesh, year, category,
                                          export_mesh_row, state);
    rc = store_indicator_group_value(store, indicator->id, place->id, year,
                                     category, &result);
    if (rc == 0)
        rc = export_write_row(state, &row);
    return rc;
}

/* Write what comes before the rows: the CSV header or the JSON metadata. */
static void
export_begin(const struct export_request *request,
             const struct indicator *indicator,
             const struct export_place *territory)
{
    json_t *meta = NULL;
    json_t *place = NULL;
    char *meta_text = NULL;
    char *place_text = NULL;
    char s = request->separator;

    if (request->format == EXPORT_CSV) {
        printf("code%cname%clevel%cyear%ccategory%cvalue%cunit%cflag\n", s, s,
               s, s, s, s, s);
        return;
    }
    meta = json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:o, s:b}", "id",
                     indicator->id, "name", "fr", indicator->name_fr, "en",
                     indicator->name_en, "unit", indicator->unit, "source",
                     indicator->source, "licence", indicator->licence, "url",
                     indicator->url != NULL ? json_string(indicator->url)
                                            : json_null(),
                     "partial", indicator->partial);
    place = json_pack("{s:s, s:s, s:s}", "level", territory->level, "code",
                      territory->code, "name", territory->name);
    meta_text = json_dumps(meta, JSON_COMPACT | JSON_PRESERVE_ORDER);
    place_text = json_dumps(place, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("{\n  \"indicator\": %s,\n  \"territory\": %s,\n"
           "  \"mesh\": \"%s\",\n  \"rows\": [",
           meta_text, place_text,
           request->group_name != NULL && !request->has_mesh
               ? "group"
               : territory_level_name(request->mesh));
    free(meta_text);
    free(place_text);
    json_decref(meta);
    json_decref(place);
}

/* The name of a flow's direction in an export. */
static const char *
flow_direction_name(enum flow_direction direction)
{
    switch (direction) {
    case FLOW_INTERNAL:
        return "internal";
    case FLOW_OUTBOUND:
        return "outbound";
    case FLOW_INBOUND:
        return "inbound";
    }
    return "";
}

/* State of a flow export while the store walks the flows of one year. */
struct export_flows {
    const struct export_request *request;
    const struct indicator *indicator;
    int french; /* the CSV category_name in French, else English */
    int year;
    size_t rows;
};

/* The name of a category of the indicator in French or English, or NULL
 * for the total or a category the catalogue does not name. */
static const char *
flow_category_name(const struct indicator *indicator, const char *category,
                   int french)
{
    size_t i;

    for (i = 0; i < indicator->category_count; i++) {
        if (strcmp(indicator->categories[i], category) == 0)
            return french ? indicator->category_names_fr[i]
                          : indicator->category_names_en[i];
    }
    return NULL;
}

/* {"fr": ..., "en": ...} of a category, or null. */
static json_t *
flow_category_json(const struct indicator *indicator, const char *category)
{
    const char *fr = flow_category_name(indicator, category, 1);
    const char *en = flow_category_name(indicator, category, 0);

    if (fr == NULL || en == NULL)
        return json_null();
    return json_pack("{s:s, s:s}", "fr", fr, "en", en);
}

/* store_flow_fn: write one flow. */
static int
export_flow_row(const struct store_flow *flow, void *arg)
{
    struct export_flows *state = arg;
    const char *unit = state->indicator->unit;
    const char *label =
        flow_category_name(state->indicator, flow->category, state->french);
    char s = state->request->separator;
    char value[64];

    if (state->request->format == EXPORT_CSV) {
        format_value(value, sizeof value, flow->value, s == ';');
        printf("%s%c", flow_direction_name(flow->direction), s);
        export_csv_field(flow->origin_code, s);
        putchar(s);
        export_csv_field(flow->origin_name != NULL ? flow->origin_name : "",
                         s);
        putchar(s);
        export_csv_field(flow->destination_code, s);
        putchar(s);
        export_csv_field(
            flow->destination_name != NULL ? flow->destination_name : "", s);
        printf("%c%d%c", s, state->year, s);
        export_csv_field(flow->category, s);
        putchar(s);
        export_csv_field(label != NULL ? label : "", s);
        printf("%c%s%c", s, value, s);
        export_csv_field(unit, s);
        putchar('\n');
    } else {
        json_t *object = json_pack(
            "{s:s, s:s, s:o, s:s, s:o, s:i, s:o, s:o, s:f, s:s}",
            "direction",
            flow_direction_name(flow->direction), "origin_code",
            flow->origin_code, "origin_name",
            flow->origin_name != NULL ? json_string(flow->origin_name)
                                      : json_null(),
            "destination_code", flow->destination_code, "destination_name",
            flow->destination_name != NULL
                ? json_string(flow->destination_name)
                : json_null(),
            "year", state->year, "category",
            flow->category[0] != '\0' ? json_string(flow->category)
                                      : json_null(),
            "category_name",
            flow_category_json(state->indicator, flow->category), "value",
            flow->value, "unit", unit);
        char *text = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                            JSON_REAL_PRECISION(EXPORT_DIGITS));

        printf("%s\n    %s", state->rows > 0 ? "," : "", text);
        free(text);
        json_decref(object);
    }
    state->rows++;
    return ferror(stdout) ? -1 : 0;
}

/* Write the rows of one year: each category's then the total's, or the
 * flows of that year. Returns 0, or what the store or the writer
 * returned. */
static int
export_year(struct store *store, struct export_state *state,
            struct export_flows *flows, const struct indicator *indicator,
            const struct export_place *place, int year)
{
    size_t c;
    int rc = 0;

    if (flows != NULL) {
        flows->year = year;
        return store_flows(store, indicator->id, place->id, year,
                           export_flow_row, flows);
    }
    for (c = 0; c <= indicator->category_count && rc == 0; c++) {
        state->category =
            c < indicator->category_count ? indicator->categories[c] : "";
        rc = export_year_category(store, state, indicator, place, year);
    }
    return rc;
}

/*
 * Write the rows of each year in range: the mesh for each category then
 * the total over categories, or, for an indicator of flows between
 * communes, the flows that start or end in the territory (a mesh does not
 * apply to them). Returns EXIT_OK or an exit status.
 */
static int
export_rows(struct store *store, const struct export_request *request,
            const struct indicator *indicator,
            const struct export_place *territory, int is_flows)
{
    struct export_state state = {.request = request};
    struct export_flows flows = {request, indicator,
                                 command_messages_french(), 0, 0};
    char s = request->separator;
    size_t years = 0;
    size_t i;
    int rc;

    if (is_flows && (territory->is_group || request->has_mesh)) {
        fprintf(stderr,
                _("terrish export: %s holds flows between communes; export "
                  "it for one territory, without --mesh\n"),
                indicator->id);
        return EXIT_USAGE;
    }
    for (i = 0; i < indicator->year_count; i++) {
        if (indicator->years[i] < request->year_first ||
            indicator->years[i] > request->year_last)
            continue;
        if (years++ == 0 && is_flows && request->format == EXPORT_CSV) {
            printf("direction%corigin_code%corigin_name%c"
                   "destination_code%cdestination_name%cyear%c"
                   "category%ccategory_name%cvalue%cunit\n",
                   s, s, s, s, s, s, s, s, s);
        } else if (years == 1) {
            /* The CSV header of values, or the JSON of either. */
            export_begin(request, indicator, territory);
        }
        rc = export_year(store, &state, is_flows ? &flows : NULL, indicator,
                         territory, indicator->years[i]);
        if (rc != 0) {
            fprintf(stderr, "terrish export: %s\n",
                    rc < 0 ? store_error(store) : _("writing failed"));
            return EXIT_FAILURE_RUN;
        }
    }
    if (years == 0) {
        fprintf(stderr,
                _("terrish export: indicator %s has no value between %d and "
                  "%d\n"),
                indicator->id, request->year_first, request->year_last);
        return EXIT_NOT_FOUND;
    }
    if (request->format == EXPORT_JSON)
        printf("\n  ]\n}\n");
    return EXIT_OK;
}

/*
 * Find the territory or group that the request names. Returns EXIT_OK or
 * an exit status, with the message printed.
 */
static int
export_find_place(struct store *store, const struct export_request *request,
                  struct territory *territory, struct territory_group *group,
                  struct export_place *place)
{
    int rc;

    if (request->group_name != NULL) {
        rc = store_group_find(store, request->group_name, group);
        if (rc == 0)
            *place = (struct export_place){"group", group->name, group->name,
                                           group->id, 1};
    } else {
        rc = store_territory_get(store, request->level, request->code,
                                 territory);
        if (rc == 0)
            *place = (struct export_place){
                territory_level_name(territory->level), territory->code,
                territory->name, territory->id, 0};
    }
    if (rc < 0) {
        fprintf(stderr, "terrish export: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        if (request->group_name != NULL)
            fprintf(stderr,
                    _("terrish export: no group named '%s' (see terrish "
                      "group list)\n"),
                    request->group_name);
        else
            fprintf(stderr,
                    _("terrish export: unknown territory '%s:%s' (see "
                      "territories search)\n"),
                    territory_level_name(request->level), request->code);
        return EXIT_NOT_FOUND;
    }
    return EXIT_OK;
}

/*
 * Find the indicator and the territory, then write the export. An entry
 * that is not published is unknown to a caller who may not see it.
 */
static int
export_run(const struct command_context *ctx, struct store *store,
           const struct export_request *request)
{
    struct indicator indicator;
    struct territory territory;
    struct territory_group group;
    struct export_place place = {"", "", "", 0, 0};
    int status = EXIT_FAILURE_RUN;
    int rc;

    memset(&territory, 0, sizeof territory);
    memset(&group, 0, sizeof group);
    rc = store_indicator_get(store, request->indicator_id, &indicator);
    if (rc == 0 && !indicator.published && !command_sees_unpublished(ctx))
        rc = 1;
    if (rc < 0) {
        fprintf(stderr, "terrish export: %s\n", store_error(store));
        goto out;
    }
    if (rc == 1) {
        fprintf(stderr,
                _("terrish export: unknown indicator '%s' (see indicators "
                  "list)\n"),
                request->indicator_id);
        status = EXIT_NOT_FOUND;
        goto out;
    }
    if (strcmp(indicator.native_level, "point") == 0) {
        fprintf(stderr,
                _("terrish export: %s is a point layer; export writes "
                  "indicators with values by territory\n"),
                indicator.id);
        status = EXIT_USAGE;
        goto out;
    }
    status = export_find_place(store, request, &territory, &group, &place);
    if (status != EXIT_OK)
        goto out;

    rc = store_flows_exist(store, indicator.id);
    if (rc < 0) {
        fprintf(stderr, "terrish export: %s\n", store_error(store));
        status = EXIT_FAILURE_RUN;
        goto out;
    }
    status = export_rows(store, request, &indicator, &place, rc == 1);
    if (status == EXIT_OK && fflush(stdout) != 0) {
        fputs(_("terrish export: writing failed\n"), stderr);
        status = EXIT_FAILURE_RUN;
    }

out:
    indicator_clear(&indicator);
    territory_clear(&territory);
    territory_group_clear(&group);
    return status;
}

int
cmd_export(const struct command_context *ctx, int argc, char **argv)
{
    struct export_request request = {
        .year_first = 0,
        .year_last = 9999,
        .format = EXPORT_CSV,
        .separator = ';',
        .store_path = ctx->store_path != NULL ? ctx->store_path
                                              : default_store_path(),
    };
    struct store *store = NULL;
    char *error = NULL;
    int help = 0;
    int status;

    if (argc >= 2 && strcmp(argv[1], "strategy") == 0)
        return cmd_export_strategy(ctx, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "dashboard") == 0)
        return cmd_export_dashboard(ctx, argc - 1, argv + 1);
    status = export_parse(ctx, argc, argv, &request, &help);
    if (help)
        export_usage(ctx, stdout);
    if (status != EXIT_OK || help)
        return status;

    if (store_open(request.store_path, STORE_OPEN_READONLY, &store,
                   &error) != 0) {
        fprintf(stderr, _("terrish export: %s (run 'terrish init' first)\n"),
                error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    if (store_schema_version(store) != STORE_SCHEMA_VERSION) {
        fprintf(stderr,
                _("terrish export: %s has schema version %d, not %d: run "
                  "'terrish init --store %s' to upgrade it\n"),
                request.store_path, store_schema_version(store),
                STORE_SCHEMA_VERSION, request.store_path);
        store_close(store);
        return EXIT_FAILURE_RUN;
    }
    store_set_published_only(store, !command_sees_unpublished(ctx));
    status = export_run(ctx, store, &request);
    store_close(store);
    return status;
}
