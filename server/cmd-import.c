/*
 * terrish import: load an indicator file into the store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The whole file is read and checked before the store is touched, then
 * written in one transaction, so a bad file changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "store/store.h"

/* Records between two progress lines when standard error is no terminal. */
#define IMPORT_REPORT_EVERY 100000

struct import_report {
    int quiet;
    int terminal;
    uint64_t total_bytes; /* 0 when unknown (a pipe) */
    long last_records;
};

static void
import_usage(FILE *out)
{
    fprintf(out,
            "Usage: terrish import indicator --meta FILE.json [--format "
            "FORMAT]\n"
            "                       [--store FILE] [--quiet] FILE.csv|-\n\n"
            "Read an indicator file (- for standard input), check every "
            "line, then\n"
            "write its values in one transaction, replacing the values of "
            "the years\n"
            "it contains. A file with an error changes nothing.\n\n"
            "  -m, --meta FILE    catalogue entry of the indicator (JSON), "
            "required\n"
            "  -f, --format NAME  auto (default), long, wide, observatory,\n"
            "                     comparateur, mobpro or ademe\n"
            "  -s, --store FILE   store to write (default %s)\n"
            "  -q, --quiet        print only errors\n"
            "  -h, --help         show this help\n\n"
            "Exit status: 0 imported, 1 failure, 2 usage error, 3 file not "
            "found,\n"
            "5 invalid input (the message names the line and column).\n",
            default_store_path());
}

/* Print reading progress: a percentage on a terminal, else a line per
 * IMPORT_REPORT_EVERY records. */
static void
import_read_progress(long records, uint64_t bytes, void *arg)
{
    struct import_report *report = arg;

    if (report->quiet)
        return;
    if (report->terminal && report->total_bytes > 0) {
        fprintf(stderr, "\r  reading: %3u%% (%ld lines)\033[K",
                (unsigned)(bytes * 100 / report->total_bytes), records);
        return;
    }
    if (report->terminal) {
        fprintf(stderr, "\r  reading: %ld lines\033[K", records);
        return;
    }
    if (records / IMPORT_REPORT_EVERY > report->last_records /
                                            IMPORT_REPORT_EVERY) {
        fprintf(stderr, "  read %ld lines\n", records);
        report->last_records = records;
    }
}

/* Print writing progress, as the store reports it. */
static void
import_write_progress(const char *what, size_t done, size_t total, void *arg)
{
    struct import_report *report = arg;

    if (report->quiet || !report->terminal || total == 0)
        return;
    fprintf(stderr, "\r  writing %s: %3zu%%\033[K", what,
            done * 100 / total);
    if (done == total)
        fputc('\n', stderr);
}

/* Open the input file, or standard input for "-". */
static int
import_open_input(const char *path, FILE **in, uint64_t *size)
{
    struct stat st;

    *size = 0;
    if (strcmp(path, "-") == 0) {
        *in = stdin;
    } else {
        *in = fopen(path, "rb");
        if (*in == NULL) {
            fprintf(stderr, "terrish import: cannot open %s: %s\n", path,
                    strerror(errno));
            return errno == ENOENT ? EXIT_NOT_FOUND : EXIT_FAILURE_RUN;
        }
    }
    if (fstat(fileno(*in), &st) == 0 && S_ISREG(st.st_mode))
        *size = (uint64_t)st.st_size;
    return EXIT_OK;
}

/* Load the meta file; a missing file and an invalid one differ. */
static int
import_load_meta(const char *path, void **meta)
{
    char *error = NULL;
    int rc;

    if (access(path, R_OK) != 0) {
        fprintf(stderr, "terrish import: cannot read the meta file %s: %s\n",
                path, strerror(errno));
        return errno == ENOENT ? EXIT_NOT_FOUND : EXIT_FAILURE_RUN;
    }
    rc = import_meta_load(path, meta, &error);
    if (rc != 0) {
        fprintf(stderr, "terrish import: %s\n", error);
        free(error);
        return EXIT_INVALID_INPUT;
    }
    return EXIT_OK;
}

/* Read, check and write one file; returns an exit status. */
static int
import_indicator(const char *store_path, const char *meta_path,
                 enum import_format format, const char *input_path,
                 int quiet)
{
    struct import_report report;
    struct import_batch batch;
    struct import_summary summary;
    struct store *store = NULL;
    const char *source = strcmp(input_path, "-") == 0 ? "stdin"
                                                      : input_path;
    void *meta = NULL;
    FILE *in = NULL;
    char *error = NULL;
    char *warning = NULL;
    int status;
    int rc;

    memset(&report, 0, sizeof report);
    import_batch_init(&batch);
    report.quiet = quiet;
    report.terminal = isatty(STDERR_FILENO);
    status = import_load_meta(meta_path, &meta);
    if (status != EXIT_OK)
        goto out;
    status = import_open_input(input_path, &in, &report.total_bytes);
    if (status != EXIT_OK)
        goto out;
    status = EXIT_FAILURE_RUN;
    rc = store_open(store_path, STORE_OPEN_EXISTING, &store, &error);
    if (rc != 0) {
        fprintf(stderr, "terrish import: %s\n", error);
        goto out;
    }

    rc = import_read(in, source, meta, &format, import_read_progress,
                     &report, &batch, &error, &warning);
    if (report.terminal && !quiet)
        fputc('\n', stderr);
    if (warning != NULL)
        fprintf(stderr, "terrish import: warning: %s\n", warning);
    if (rc != 0) {
        fprintf(stderr, "terrish import: %s\n", error);
        status = EXIT_INVALID_INPUT;
        goto out;
    }

    rc = store_import_batch(store, &batch, import_write_progress, &report,
                            &summary);
    if (rc != 0) {
        fprintf(stderr, "terrish import: %s\n", store_error(store));
        status = rc > 0 ? EXIT_INVALID_INPUT : EXIT_FAILURE_RUN;
        goto out;
    }
    if (summary.mapped > 0 || summary.skipped > 0)
        fprintf(stderr,
                "terrish import: %zu values of %zu former commune codes "
                "added to their current commune; %zu values of municipal "
                "arrondissements skipped because the file gives their "
                "commune\n",
                summary.mapped, summary.mapped_codes, summary.skipped);
    if (!quiet)
        printf("Imported %zu values of %s from %s (%s format).\n",
               batch.count, batch.indicator_id, source,
               import_format_name(format));
    status = EXIT_OK;
out:
    import_batch_clear(&batch);
    if (store != NULL)
        store_close(store);
    if (in != NULL && in != stdin)
        fclose(in);
    if (meta != NULL)
        json_decref((json_t *)meta);
    free(error);
    free(warning);
    return status;
}

int
cmd_import(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {
        {"meta", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'},
        {"store", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store_path = default_store_path();
    const char *meta_path = NULL;
    enum import_format format = IMPORT_FORMAT_AUTO;
    int quiet = 0;
    int opt;

    (void)ctx;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "m:f:s:qh", options, NULL)) != -1) {
        switch (opt) {
        case 'm':
            meta_path = optarg;
            break;
        case 'f':
            if (import_format_parse(optarg, &format) != 0) {
                fprintf(stderr, "terrish import: unknown format '%s'; "
                                "expected auto, long, wide, observatory, "
                                "comparateur, mobpro or ademe\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 's':
            store_path = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            import_usage(stdout);
            return EXIT_OK;
        default:
            import_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "indicator") != 0) {
        import_usage(stderr);
        return EXIT_USAGE;
    }
    if (meta_path == NULL) {
        fprintf(stderr, "terrish import: --meta FILE.json is required\n");
        return EXIT_USAGE;
    }
    return import_indicator(store_path, meta_path, format, argv[optind + 1],
                            quiet);
}
