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

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
                 "Options:\n"
                 "  -h, --help     show this help\n"
                 "  -V, --version  show the version\n");
}

/* Directory holding the running binary, or NULL. */
static const char *
executable_dir(void)
{
    static char dir[PATH_MAX];
    static int done;
    ssize_t len;
    char *slash;

    if (done)
        return dir[0] != '\0' ? dir : NULL;
    done = 1;
    len = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (len <= 0) {
        dir[0] = '\0';
        return NULL;
    }
    dir[len] = '\0';
    slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    return dir;
}

/* A path beside the binary when it exists there (a build tree), or NULL. */
static const char *
build_tree_path(const char *relative, const char *probe)
{
    static char path[PATH_MAX + 64];
    char check[PATH_MAX + 128];
    const char *dir = executable_dir();
    struct stat st;

    if (dir == NULL)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", dir, relative);
    snprintf(check, sizeof check, "%s/%s", path, probe);
    if (stat(check, &st) != 0)
        return NULL;
    return path;
}

const char *
default_store_path(void)
{
    const char *env = getenv("TERRISH_STORE");

    if (env != NULL && *env != '\0')
        return env;
    return LOCALSTATEDIR "/lib/terrish/terrish.db";
}

const char *
default_data_dir(void)
{
    static char *cached;
    const char *env = getenv("TERRISH_DATA");
    const char *local;

    if (env != NULL && *env != '\0')
        return env;
    if (cached != NULL)
        return cached;
    local = build_tree_path("data", "territories/communes.tsv");
    cached = xstrdup(local != NULL ? local : PKGDATADIR "/data");
    return cached;
}

const char *
default_locale_dir(void)
{
    static char *cached;
    const char *env = getenv("TERRISH_LOCALEDIR");
    const char *local;

    if (env != NULL && *env != '\0')
        return env;
    if (cached != NULL)
        return cached;
    local = build_tree_path("locale", "fr/LC_MESSAGES/terrish.mo");
    cached = xstrdup(local != NULL ? local : LOCALEDIR);
    return cached;
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
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr,
            "terrish: unknown command '%s'; run 'terrish --help' for the "
            "list of commands\n",
            argv[1]);
    return EXIT_USAGE;
}
