/*
 * terrish group: define territory groups (natural parks, SCoT, PETR,
 * TEPOS...) as sets of communes, from the shell.
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

/* Maximum length of a group name and of a description, in bytes. */
#define GROUP_NAME_MAX 64
#define GROUP_DESCRIPTION_MAX 1000

/* Options of the group command, shared by its actions. */
struct group_options {
    const char *kind;
    const char *description;
};

static void
group_usage(FILE *out)
{
    fprintf(out,
            "Usage: terrish group add NAME --kind KIND [--description TEXT]"
            " CODE...\n"
            "       terrish group list\n"
            "       terrish group show NAME\n"
            "       terrish group remove NAME\n\n"
            "A group is a set of communes, such as a natural park or a SCoT,\n"
            "whose indicators are aggregated as for any territory\n"
            "(terrish export indicator ID --territory group:NAME).\n\n"
            "  CODE                    INSEE code of a commune (69123), or\n"
            "                          epci:SIREN for all the communes of an\n"
            "                          EPCI (epci:200046977)\n"
            "  -k, --kind KIND         kind of group: natural park, SCoT,\n"
            "                          PETR, TEPOS or any other text\n"
            "  -d, --description TEXT  text shown with the group\n"
            "  -s, --store FILE        store to use (default %s)\n"
            "  -h, --help              show this help\n\n"
            "Exit status: 0 done, 1 failed (such as a name already taken),\n"
            "2 invalid command line, 3 unknown group, 5 invalid or unknown\n"
            "commune or EPCI code.\n",
            default_store_path());
}

/* Return 1 when text is 1 to max bytes long with no control character. */
static int
group_text_valid(const char *text, size_t max)
{
    size_t len = strlen(text);
    size_t i;

    if (len == 0 || len > max)
        return 0;
    for (i = 0; i < len; i++) {
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return 0;
    }
    return 1;
}

/*
 * Add the communes that one CODE argument names to a group. Returns
 * EXIT_OK, or EXIT_INVALID_INPUT with a message naming the code.
 */
static int
group_add_code(struct store *store, int64_t group_id, const char *argument)
{
    enum territory_level level = LEVEL_COMMUNE;
    const char *code = argument;
    const char *reason = NULL;
    char normalised[16];
    int rc;

    if (strncmp(argument, "epci:", 5) == 0) {
        level = LEVEL_EPCI;
        code = argument + 5;
    }
    if (csv_normalise_code(code, level, normalised, &reason) < 0) {
        fprintf(stderr, "terrish group: invalid %s code '%s': %s\n",
                level == LEVEL_EPCI ? "EPCI" : "commune", argument, reason);
        return EXIT_INVALID_INPUT;
    }
    rc = store_group_add_territory(store, group_id, level, normalised, NULL);
    if (rc < 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        fprintf(stderr, "terrish group: no %s has the code '%s'\n",
                level == LEVEL_EPCI ? "EPCI" : "commune", argument);
        return EXIT_INVALID_INPUT;
    }
    return EXIT_OK;
}

/* Write the audit row of a change, made by the local command. */
static int
group_audit(struct store *store, const char *action, const char *name,
            const char *kind)
{
    json_t *detail = kind != NULL ? json_pack("{s:s}", "kind", kind) : NULL;
    char *target = xasprintf("group:%s", name);
    int rc;

    rc = store_audit(store, &audit_local_actor, action, target, detail);
    json_decref(detail);
    free(target);
    return rc;
}

/* Create a group with its communes in one transaction. */
static int
group_add(struct store *store, const char *name,
          const struct group_options *options, int code_count,
          char **codes)
{
    struct territory_group group;
    int64_t id = 0;
    int status = EXIT_FAILURE_RUN;
    int i;

    memset(&group, 0, sizeof group);
    if (!group_text_valid(name, GROUP_NAME_MAX)) {
        fprintf(stderr, "terrish group: invalid group name '%s': use 1 to %d "
                        "bytes without control characters\n",
                name, GROUP_NAME_MAX);
        return EXIT_USAGE;
    }
    if (options->kind == NULL ||
        !group_text_valid(options->kind, GROUP_NAME_MAX)) {
        fprintf(stderr, "terrish group: a group needs --kind KIND (1 to %d "
                        "bytes), such as 'natural park'\n",
                GROUP_NAME_MAX);
        return EXIT_USAGE;
    }
    if (options->description != NULL &&
        !group_text_valid(options->description, GROUP_DESCRIPTION_MAX)) {
        fprintf(stderr, "terrish group: invalid --description: use 1 to %d "
                        "bytes without control characters\n",
                GROUP_DESCRIPTION_MAX);
        return EXIT_USAGE;
    }
    if (code_count == 0) {
        fprintf(stderr, "terrish group: give at least one commune code or "
                        "epci:SIREN after the name\n");
        return EXIT_USAGE;
    }

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        goto fail;
    if (store_group_find(store, name, &group) == 0) {
        fprintf(stderr, "terrish group: a group named '%s' already exists; "
                        "remove it first to redefine it\n",
                name);
        goto rollback;
    }
    if (store_group_create(store, name, options->kind, NULL, &id) < 0 ||
        (options->description != NULL &&
         store_group_set_description(store, id, options->description) < 0))
        goto fail;
    for (i = 0; i < code_count; i++) {
        status = group_add_code(store, id, codes[i]);
        if (status != EXIT_OK)
            goto rollback;
    }
    if (group_audit(store, "group.add", name, options->kind) < 0 ||
        store_exec(store, "COMMIT") < 0)
        goto fail;
    territory_group_clear(&group);
    store_group_get(store, id, &group);
    printf("Group %s created (%s, %d communes).\n", name, options->kind,
           group.commune_count);
    territory_group_clear(&group);
    return EXIT_OK;

fail:
    fprintf(stderr, "terrish group: %s\n", store_error(store));
    status = EXIT_FAILURE_RUN;
rollback:
    store_exec(store, "ROLLBACK");
    territory_group_clear(&group);
    fprintf(stderr, "terrish group: group %s not created\n", name);
    return status;
}

static int
group_list(struct store *store)
{
    struct territory_group *groups = NULL;
    size_t count = 0;
    size_t i;

    if (store_group_list(store, &groups, &count) != 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    printf("%-32s %-20s %8s  %s\n", "NAME", "KIND", "COMMUNES",
           "DESCRIPTION");
    for (i = 0; i < count; i++) {
        printf("%-*s %-*s %8d  %s\n", text_pad_bytes(groups[i].name, 32),
               groups[i].name, text_pad_bytes(groups[i].kind, 20),
               groups[i].kind, groups[i].commune_count,
               groups[i].description);
        territory_group_clear(&groups[i]);
    }
    free(groups);
    return EXIT_OK;
}

/* Find a group by name, printing why when it cannot. */
static int
group_require(struct store *store, const char *name,
              struct territory_group *group)
{
    int rc = store_group_find(store, name, group);

    if (rc < 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        fprintf(stderr, "terrish group: no group named '%s' (see terrish "
                        "group list)\n",
                name);
        return EXIT_NOT_FOUND;
    }
    return EXIT_OK;
}

/*
 * Print one aggregated indicator of a group for the latest year of the
 * indicator, or nothing when the store has no such indicator.
 */
static int
group_show_indicator(struct store *store, int64_t group_id, const char *id,
                     const char *label)
{
    struct indicator indicator;
    struct indicator_result result;
    int rc;

    rc = store_indicator_get(store, id, &indicator);
    if (rc == 0 && indicator.year_count > 0)
        rc = store_indicator_group_value(
            store, id, group_id, indicator.years[indicator.year_count - 1],
            NULL, &result);
    else if (rc == 0)
        rc = 1;
    indicator_clear(&indicator);
    if (rc < 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        return -1;
    }
    if (rc == 1)
        return 0;
    if (result.flag == RESULT_PRESENT || result.flag == RESULT_PARTIAL)
        printf("%-12s %.15g %s (%d)%s\n", label, result.value, result.unit,
               result.year,
               result.flag == RESULT_PARTIAL ? ", partial" : "");
    else
        printf("%-12s %s (%d)\n", label, result_flag_name(result.flag),
               result.year);
    return 0;
}

static int
group_show(struct store *store, const char *name)
{
    struct territory_group group;
    struct territory_list communes = {NULL, 0};
    size_t i;
    int status;

    memset(&group, 0, sizeof group);
    status = group_require(store, name, &group);
    if (status != EXIT_OK)
        goto out;
    status = EXIT_FAILURE_RUN;
    printf("%-12s %s\n%-12s %s\n", "Name", group.name, "Kind", group.kind);
    if (group.description[0] != '\0')
        printf("%-12s %s\n", "Description", group.description);
    printf("%-12s %d\n", "Communes", group.commune_count);
    if (group_show_indicator(store, group.id, "population", "Population") <
            0 ||
        group_show_indicator(store, group.id, "area_km2", "Area") < 0)
        goto out;
    if (store_group_communes(store, group.id, &communes) != 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        goto out;
    }
    printf("\n%-6s %s\n", "CODE", "NAME");
    for (i = 0; i < communes.count; i++)
        printf("%-6s %s\n", communes.items[i].code, communes.items[i].name);
    status = EXIT_OK;

out:
    territory_list_free(&communes);
    territory_group_clear(&group);
    return status;
}

static int
group_remove(struct store *store, const char *name)
{
    struct territory_group group;
    int status;

    memset(&group, 0, sizeof group);
    status = group_require(store, name, &group);
    if (status == EXIT_OK && store_group_remove(store, group.id) < 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        status = EXIT_FAILURE_RUN;
    }
    if (status == EXIT_OK &&
        group_audit(store, "group.remove", name, NULL) < 0)
        fprintf(stderr, "terrish group: %s\n", store_error(store));
    if (status == EXIT_OK)
        printf("Group %s removed.\n", name);
    territory_group_clear(&group);
    return status;
}

/* Run one action on an open store; argv starts at the action name. */
static int
group_dispatch(struct store *store, int argc, char **argv,
               const struct group_options *options)
{
    const char *action = argv[0];

    if (strcmp(action, "add") == 0 && argc >= 2)
        return group_add(store, argv[1], options, argc - 2, argv + 2);
    if (strcmp(action, "list") == 0 && argc == 1)
        return group_list(store);
    if (strcmp(action, "show") == 0 && argc == 2)
        return group_show(store, argv[1]);
    if (strcmp(action, "remove") == 0 && argc == 2)
        return group_remove(store, argv[1]);
    group_usage(stderr);
    return EXIT_USAGE;
}

int
cmd_group(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option long_options[] = {
        {"store", required_argument, NULL, 's'},
        {"kind", required_argument, NULL, 'k'},
        {"description", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct group_options options = {NULL, NULL};
    const char *store_path = default_store_path();
    struct store *store = NULL;
    char *error = NULL;
    int status;
    int opt;

    (void)ctx;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "s:k:d:h", long_options, NULL)) !=
           -1) {
        switch (opt) {
        case 's':
            store_path = optarg;
            break;
        case 'k':
            options.kind = optarg;
            break;
        case 'd':
            options.description = optarg;
            break;
        case 'h':
            group_usage(stdout);
            return EXIT_OK;
        default:
            group_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        group_usage(stderr);
        return EXIT_USAGE;
    }
    if (store_open(store_path, STORE_OPEN_EXISTING, &store, &error) != 0) {
        fprintf(stderr, "terrish group: %s (run 'terrish init' first)\n",
                error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    if (store_migrate(store) < 0) {
        fprintf(stderr, "terrish group: %s\n", store_error(store));
        store_close(store);
        return EXIT_FAILURE_RUN;
    }
    status = group_dispatch(store, argc - optind, argv + optind, &options);
    store_close(store);
    return status;
}
