/*
 * terrish audit: read the audit log of sensitive actions, newest first.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Administrators and the local command read every row. A regional
 * administrator reads only the rows about the account requests of its
 * région (made, accepted, refused), since the other rows concern accounts
 * and data outside its remit.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

struct audit_options {
    const char *store_path;
    int json;
    struct audit_filter filter;
};

static void
audit_usage(const struct command_context *ctx, FILE *out)
{
    size_t i;

    fprintf(out,
            _("Usage: %s audit [--account NAME] [--action ACTION] [--since "
              "DATE]\n"
              "           [--limit N] [--format text|json]%s\n\n"),
            ctx->invocation,
            ctx->origin == COMMAND_LOCAL ? " [--store FILE]" : "");
    fputs(_("Print the audit log, newest first, one row per line with the "
            "tab-separated\n"
            "columns at (UTC), account, address, action, target and detail "
            "(a JSON\n"
            "object). The command run on the server is recorded as account "
            "(local) from\n"
            "address local. A regional administrator reads only the rows "
            "about the\n"
            "account requests of its région.\n\n"
            "  -u, --account NAME   rows of this account\n"
            "  -a, --action ACTION  rows of this action\n"
            "  -S, --since DATE     rows from this date (2026-03-01) or time\n"
            "                       (2026-03-01T08:00:00Z), UTC\n"),
          out);
    fprintf(out, _("  -n, --limit N        at most N rows (default and "
                   "maximum %d)\n"),
            AUDIT_PAGE_MAX);
    fputs(_("  -f, --format FORMAT  text (default) or json\n"), out);
    if (ctx->origin == COMMAND_LOCAL)
        fprintf(out, _("  -s, --store FILE     store to read (default "
                       "%s)\n"),
                default_store_path());
    fputs(_("  -h, --help           show this help\n\nActions:"), out);
    for (i = 0; audit_action_names[i] != NULL; i++)
        fprintf(out, "%s%s", i % 6 == 0 ? "\n  " : " ",
                audit_action_names[i]);
    fputs(_("\n\nExit status: 0 done, 1 failed, 2 usage error, 4 permission "
            "denied.\n"),
          out);
}

static int
audit_usage_error(const char *what, const char *value)
{
    fprintf(stderr, _("terrish audit: %s '%s' (see audit --help)\n"), what,
            value);
    return EXIT_USAGE;
}

/* Return 1 for "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ". */
static int
audit_since_valid(const char *text)
{
    static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
    size_t len = strlen(text);
    size_t i;

    if (len != 10 && len != sizeof pattern - 1)
        return 0;
    for (i = 0; i < len; i++) {
        if (pattern[i] == 'd' ? !(text[i] >= '0' && text[i] <= '9')
                              : text[i] != pattern[i])
            return 0;
    }
    return 1;
}

/* Parse the options into options; EXIT_OK, a status, or -1 after --help. */
static int
audit_parse(const struct command_context *ctx, int argc, char **argv,
            struct audit_options *options)
{
    static const struct option long_options[] = {
        {"account", required_argument, NULL, 'u'},
        {"action", required_argument, NULL, 'a'},
        {"since", required_argument, NULL, 'S'},
        {"limit", required_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"store", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long limit = 0;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "u:a:S:n:f:s:h", long_options,
                              NULL)) != -1) {
        switch (opt) {
        case 'u':
            options->filter.account = optarg;
            break;
        case 'a':
            if (!audit_action_valid(optarg))
                return audit_usage_error(_("unknown action"), optarg);
            options->filter.action = optarg;
            break;
        case 'S':
            if (!audit_since_valid(optarg))
                return audit_usage_error(
                    _("invalid date (use 2026-03-01 or "
                      "2026-03-01T08:00:00Z)"),
                    optarg);
            options->filter.since = optarg;
            break;
        case 'n':
            if (parse_int_range(optarg, 1, AUDIT_PAGE_MAX, &limit) < 0)
                return audit_usage_error(_("invalid limit"), optarg);
            options->filter.limit = (size_t)limit;
            break;
        case 'f':
            if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
                return audit_usage_error(_("invalid format"), optarg);
            options->json = optarg[0] == 'j';
            break;
        case 's':
            if (ctx->origin == COMMAND_REMOTE)
                return command_reject_store("terrish audit");
            options->store_path = optarg;
            break;
        case 'h':
            audit_usage(ctx, stdout);
            return -1;
        default:
            audit_usage(ctx, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return audit_usage_error(_("unexpected argument"), argv[optind]);
    return EXIT_OK;
}

/* Print one row as escaped tab-separated columns. */
static void
audit_print_line(const struct audit_entry *entry)
{
    const char *columns[] = {entry->at,     entry->account, entry->address,
                             entry->action, entry->target,  entry->detail};
    size_t i;

    for (i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        if (i > 0)
            putchar('\t');
        command_print_text(stdout, columns[i]);
    }
    putchar('\n');
}

/* One row as a JSON object, its detail parsed back ({} if it cannot be). */
static json_t *
audit_json(const struct audit_entry *entry)
{
    json_t *detail = json_loads(entry->detail, 0, NULL);
    json_t *object = json_object();
    char *texts[5];
    const char *names[] = {"at", "account", "address", "action", "target"};
    const char *values[] = {entry->at, entry->account, entry->address,
                            entry->action, entry->target};
    size_t i;

    json_object_set_new(object, "id", json_integer(entry->id));
    for (i = 0; i < 5; i++) {
        texts[i] = request_text_clean(values[i], 0);
        json_object_set_new(object, names[i], json_string(texts[i]));
        free(texts[i]);
    }
    json_object_set_new(object, "detail",
                        detail != NULL ? detail : json_object());
    return object;
}

int
cmd_audit(const struct command_context *ctx, int argc, char **argv)
{
    struct audit_options options = {
        .store_path = ctx->store_path != NULL ? ctx->store_path
                                              : default_store_path(),
    };
    struct audit_entry *entries = NULL;
    struct store *store = NULL;
    json_t *array = NULL;
    char *error = NULL;
    char *text = NULL;
    size_t count = 0;
    size_t i;
    int status;

    status = audit_parse(ctx, argc, argv, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    options.filter.region = ctx->region;
    if (store_open(options.store_path, STORE_OPEN_READONLY, &store,
                   &error) != 0) {
        fprintf(stderr, "terrish audit: %s\n", error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    if (store_audit_list(store, &options.filter, &entries, &count) != 0) {
        fprintf(stderr, "terrish audit: %s\n", store_error(store));
        store_close(store);
        return EXIT_FAILURE_RUN;
    }
    if (options.json)
        array = json_array();
    for (i = 0; i < count; i++) {
        if (options.json)
            json_array_append_new(array, audit_json(&entries[i]));
        else
            audit_print_line(&entries[i]);
    }
    if (options.json) {
        text = json_dumps(array, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s\n", text);
        free(text);
        json_decref(array);
    }
    audit_entries_free(entries, count);
    store_close(store);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_RUN;
}
