/*
 * terrish: an SSH server that gives each user a terminal application to
 * understand a French territory's energy, climate and mobility situation.
 * Copyright (C) 2026 the terrish authors.
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU Affero General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or (at your
 * option) any later version. See the LICENSE file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct subcommand subcommands[] = {
    {"serve", cmd_serve, "run the SSH server"},
    {"init", cmd_init, "create a store and load the bundled data"},
    {"user", cmd_user, "add, list and remove accounts and their keys"},
    {"ui", cmd_ui, "run the terminal application on this terminal"},
    {"import", cmd_import, "load an indicator file into the store"},
    {"export", cmd_export, "write indicator values as CSV or JSON"},
    {"group", cmd_group, "define groups of communes (parks, SCoT...)"},
};

static void
usage(FILE *out)
{
    size_t i;

    fprintf(out, "Usage: terrish COMMAND [OPTIONS]\n\n"
                 "Commands:\n");
    for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(out, "  %-6s %s\n", subcommands[i].name,
                subcommands[i].summary);
    fprintf(out, "\n"
                 "Run 'terrish COMMAND --help' for the options of a command.\n"
                 "\n"
                 "Options:\n"
                 "  -h, --help     show this help\n"
                 "  -V, --version  show the version\n");
}

int
main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("terrish %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    /* Commands other than serve report progress themselves; their log
     * shows only warnings and errors on standard error. */
    log_set_level(LOG_LEVEL_WARN);
    for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            /* getopt names the program by argv[0] in its messages. */
            char *name = xasprintf("terrish %s", argv[1]);

            argv[1] = name;
            return subcommands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr,
            "terrish: unknown command '%s'; run 'terrish --help' for the "
            "list of commands\n",
            argv[1]);
    return EXIT_USAGE;
}
