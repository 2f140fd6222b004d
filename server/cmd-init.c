/*
 * terrish init: create a store and load the bundled territorial data.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "store/store.h"

static void
init_usage(FILE *out)
{
    fprintf(out,
            "Usage: terrish init [--store FILE] [--data DIR] [--quiet]\n\n"
            "Create the store (SQLite file) with its schema and load the\n"
            "bundled territorial data and indicators. On a store that has\n"
            "territories but no indicators, only the indicators are loaded.\n"
            "On a store that already holds both, nothing changes.\n\n"
            "  -s, --store FILE  store to create (default %s)\n"
            "  -d, --data DIR    bundled data folder (default %s)\n"
            "  -q, --quiet       print only errors\n"
            "  -h, --help        show this help\n",
            default_store_path(), default_data_dir());
}

/* Print load progress: one updating line on a terminal, else a line per
 * file. done and total count bytes of the data files. */
static void
init_progress(const char *what, size_t done, size_t total, void *arg)
{
    int quiet = *(int *)arg;
    size_t percent = total > 0 ? done * 100 / total : 100;

    if (quiet)
        return;
    if (isatty(STDERR_FILENO)) {
        fprintf(stderr, "\r  loading data: %3zu%% (%s)\033[K", percent, what);
        if (done == total)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, "  loaded %s (%zu%%)\n", what, percent);
    }
}

/* Create the folder that will hold the store when it is missing. */
static int
ensure_parent_dir(const char *path)
{
    char *copy = xstrdup(path);
    char *slash = strrchr(copy, '/');
    int rc = 0;

    if (slash != NULL && slash != copy) {
        *slash = '\0';
        if (mkdir(copy, 0750) != 0 && errno != EEXIST) {
            fprintf(stderr, "terrish init: cannot create folder %s: %s\n",
                    copy, strerror(errno));
            rc = -1;
        }
    }
    free(copy);
    return rc;
}

/* Remove a store that init created and could not fill, with its WAL
 * files, so that no half-made store is left for serve to open. */
static void
remove_store_files(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    size_t i;

    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *file = xasprintf("%s%s", path, suffixes[i]);

        unlink(file);
        free(file);
    }
    fprintf(stderr, "terrish init: removed the incomplete store %s\n", path);
}

int
cmd_init(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {
        {"store", required_argument, NULL, 's'},
        {"data", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store_path = default_store_path();
    const char *data_dir = default_data_dir();
    struct store *store = NULL;
    char *error = NULL;
    int quiet = 0;
    int created = 0;
    int status = EXIT_FAILURE_RUN;
    int opt;
    int rc;

    (void)ctx;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "s:d:qh", options, NULL)) != -1) {
        switch (opt) {
        case 's':
            store_path = optarg;
            break;
        case 'd':
            data_dir = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            init_usage(stdout);
            return EXIT_OK;
        default:
            init_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "terrish init: unexpected argument '%s'\n",
                argv[optind]);
        return EXIT_USAGE;
    }

    if (ensure_parent_dir(store_path) != 0)
        return EXIT_FAILURE_RUN;
    created = access(store_path, F_OK) != 0;
    rc = store_open(store_path, STORE_OPEN_CREATE, &store, &error);
    if (rc != 0) {
        fprintf(stderr, "terrish init: %s\n", error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    rc = store_migrate(store);
    if (rc < 0) {
        fprintf(stderr, "terrish init: %s\n", store_error(store));
        goto out;
    }
    rc = store_load_bundled(store, data_dir, init_progress, &quiet);
    if (rc < 0) {
        fprintf(stderr, "terrish init: %s\n", store_error(store));
        goto out;
    }
    if (rc == STORE_LOAD_UNCHANGED) {
        if (!quiet)
            printf("Store %s already holds the bundled data; nothing "
                   "changed.\n",
                   store_path);
    } else if (rc == STORE_LOAD_INDICATORS) {
        if (!quiet)
            printf("Store %s held territories but no indicators; loaded "
                   "the indicators from %s.\n",
                   store_path, data_dir);
    } else if (rc == STORE_LOAD_HISTORY) {
        if (!quiet)
            printf("Store %s had no commune code history; loaded it from "
                   "%s.\n",
                   store_path, data_dir);
    } else if (!quiet) {
        printf("Created store %s from %s.\n", store_path, data_dir);
    }
    if (store_account_reserved_exists(store) == 1)
        fprintf(stderr, "terrish init: warning: %s\n",
                REQUEST_ACCOUNT_WARNING);
    status = EXIT_OK;
out:
    store_close(store);
    if (status != EXIT_OK && created)
        remove_store_files(store_path);
    return status;
}
