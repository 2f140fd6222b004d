/*
 * terrish: what the commands territories, indicators, dashboards,
 * strategies and requests share: the options --format, --store and
 * --help, usage errors, opening the store, numbers given as arguments,
 * and the exit status of a store result.
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

/* The options every parser adds to the command's own. */
static const struct option shared_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"store", required_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},
};

#define SHARED_COUNT (sizeof shared_options / sizeof shared_options[0])

int
command_usage_error(const char *name, const char *what, const char *value)
{
    /* TRANSLATORS: "terrish dashboards: invalid format 'xml' (see
     * dashboards --help)"; the first and last %s are the command name. */
    fprintf(stderr, _("terrish %s: %s '%s' (see %s --help)\n"), name, what,
            value, name);
    return EXIT_USAGE;
}

/* Apply one of the shared options. Returns EXIT_OK, an exit status, or -1
 * after the help. */
static int
command_shared_option(const struct command_context *ctx,
                      const struct command_parser *parser, int key,
                      struct command_options *options)
{
    char *program = NULL;
    int status;

    switch (key) {
    case 'f':
        if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
            return command_usage_error(parser->name, _("invalid format"),
                                       optarg);
        options->json = optarg[0] == 'j';
        return EXIT_OK;
    case 's':
        if (ctx->origin == COMMAND_REMOTE) {
            program = xasprintf("terrish %s", parser->name);
            status = command_reject_store(program);
            free(program);
            return status;
        }
        options->store_path = optarg;
        return EXIT_OK;
    case 'h':
        parser->usage(ctx, stdout);
        return -1;
    default:
        parser->usage(ctx, stderr);
        return EXIT_USAGE;
    }
}

int
command_options_parse(const struct command_context *ctx, int argc,
                      char **argv, const struct command_parser *parser,
                      struct command_options *options)
{
    const char *own_short = parser->short_options != NULL
                                ? parser->short_options
                                : "";
    struct option *long_options = NULL;
    char *short_options = NULL;
    size_t own = 0;
    int status = EXIT_OK;
    int key;

    if (options->store_path == NULL)
        options->store_path = ctx->store_path != NULL ? ctx->store_path
                                                      : default_store_path();
    while (parser->long_options != NULL &&
           parser->long_options[own].name != NULL)
        own++;
    long_options = xcalloc(own + SHARED_COUNT + 1, sizeof *long_options);
    if (own > 0)
        memcpy(long_options, parser->long_options,
               own * sizeof *long_options);
    memcpy(long_options + own, shared_options, sizeof shared_options);
    short_options = xasprintf("%sf:s:h", own_short);

    optind = 1;
    while (status == EXIT_OK &&
           (key = getopt_long(argc, argv, short_options, long_options,
                              NULL)) != -1) {
        if (key != '?' && key != 'f' && key != 's' && key != 'h' &&
            parser->option != NULL)
            status = parser->option(ctx, key, optarg, parser->arg);
        else
            status = command_shared_option(ctx, parser, key, options);
    }
    free(short_options);
    free(long_options);
    return status;
}

int
command_store_open(const char *name, const struct command_options *options,
                   enum store_open_mode mode, struct store **store)
{
    char *error = NULL;

    if (store_open(options->store_path, mode, store, &error) != 0) {
        fprintf(stderr, "terrish %s: %s\n", name, error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

int
command_parse_id(const char *text, int64_t *id)
{
    long value = 0;

    if (parse_int_range(text, 1, 2147483647L, &value) < 0)
        return -1;
    *id = value;
    return 0;
}

int
command_store_status(const char *name, struct store *store, int rc)
{
    const char *message = store_error_translated(store, command_gettext);

    switch (rc) {
    case 0:
        return EXIT_OK;
    case 1:
        /* TRANSLATORS: a command, such as "strategies", and the store's
         * message. */
        fprintf(stderr, _("terrish %s: %s\n"), name, message);
        return EXIT_NOT_FOUND;
    case STORE_FORBIDDEN:
        fprintf(stderr, _("terrish %s: permission denied: %s\n"), name,
                message);
        return EXIT_PERMISSION;
    default:
        fprintf(stderr, _("terrish %s: %s\n"), name, message);
        return EXIT_FAILURE_RUN;
    }
}

json_t *
command_json_text(const char *text)
{
    char *clean = NULL;
    json_t *value = NULL;

    if (text == NULL)
        return json_null();
    clean = request_text_clean(text, 1);
    value = json_string(clean);
    free(clean);
    return value;
}
