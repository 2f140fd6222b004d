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
import_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;

    fprintf(out,
            _("Usage: %s import indicator --meta FILE.json|- [--format "
              "FORMAT]%s\n"
              "           [--quiet] FILE.csv|-\n"
              "       %s import dashboard%s FILE.json|-\n\n"
              "Read an indicator file (- for standard input), check every "
              "line, then\n"
              "write its values in one transaction, replacing the values of "
              "the years\n"
              "it contains. A file with an error changes nothing. Over SSH "
              "only\n"
              "administrators import indicators, and both the catalogue "
              "entry and the\n"
              "data come on standard input: --meta - reads the JSON object "
              "first, and\n"
              "the data file follows it:\n"
              "  cat entry.json data.csv | %s import indicator --meta - -\n\n"
              "  -m, --meta FILE    catalogue entry of the indicator (JSON), "
              "required;\n"
              "                     - reads it from the start of standard "
              "input\n"
              "  -f, --format NAME  auto (default), long, wide, observatory,\n"
              "                     comparateur, mobpro or ademe\n"),
            ctx->invocation, local ? " [--store FILE]" : "",
            ctx->invocation, local ? " [--owner NAME] [--store FILE]" : "",
            ctx->invocation);
    if (local)
        fprintf(out, _("  -s, --store FILE   store to write (default %s)\n"),
                default_store_path());
    fputs(_("  -q, --quiet        print only errors\n"
            "  -h, --help         show this help\n\n"
            "import dashboard creates a dashboard from the JSON that export "
            "dashboard\n"
            "writes; over SSH the caller owns it, the local command needs "
            "--owner NAME.\n\n"
            "Exit status: 0 imported, 1 failure, 2 usage error, 3 file not "
            "found,\n"
            "4 permission denied, 5 invalid input (the message names the "
            "line and\n"
            "column).\n"),
          out);
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

/* Load the meta file, or with "-" the object at the start of standard
 * input; a missing file and an invalid one differ. */
static int
import_load_meta(const char *path, void **meta)
{
    char *error = NULL;
    int rc;

    if (strcmp(path, "-") == 0) {
        rc = import_meta_read(stdin, "stdin", meta, &error);
        if (rc != 0) {
            fprintf(stderr, "terrish import: %s\n", error);
            free(error);
            return EXIT_INVALID_INPUT;
        }
        return EXIT_OK;
    }
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

/* Return 1 when the array of years contains year. */
static int
import_years_contain(json_t *years, int year)
{
    json_t *item = NULL;
    size_t i;

    json_array_foreach(years, i, item) {
        if (json_integer_value(item) == year)
            return 1;
    }
    return 0;
}

/* Record the import in the audit log; a failure there is reported but
 * does not undo the import, which is committed. */
static void
import_audit(const struct command_context *ctx, struct store *store,
             const struct import_batch *batch, enum import_format format,
             const char *source)
{
    struct audit_actor actor = command_actor(ctx);
    json_t *years = json_array();
    json_t *detail = NULL;
    char *target = NULL;
    int last = 0;
    size_t i;

    for (i = 0; i < batch->count; i++) {
        if (batch->rows[i].year != last &&
            !import_years_contain(years, batch->rows[i].year))
            json_array_append_new(years, json_integer(batch->rows[i].year));
        last = batch->rows[i].year;
    }
    target = xasprintf("indicator:%s", batch->indicator_id);
    detail = json_pack("{s:I, s:s, s:s, s:o}", "values",
                       (json_int_t)batch->count, "format",
                       import_format_name(format), "source", source, "years",
                       years);
    if (store_audit(store, &actor, "indicator.import", target, detail) != 0)
        fprintf(stderr, "terrish import: %s\n", store_error(store));
    json_decref(detail);
    free(target);
}

/* Read, check and write one file; returns an exit status. */
static int
import_indicator(const struct command_context *ctx, const char *store_path,
                 const char *meta_path, enum import_format format,
                 const char *input_path, int quiet)
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
    import_audit(ctx, store, &batch, format, source);
    if (!quiet)
        printf(_("Imported %zu values of %s from %s (%s format).\n"),
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

/*
 * Over SSH, check what only the local command may do: name files of the
 * server, or another store. Returns EXIT_OK or EXIT_PERMISSION.
 */
static int
import_check_remote(const struct command_context *ctx, const char *meta_path,
                    const char *input_path, int store_given)
{
    if (ctx->origin == COMMAND_LOCAL)
        return EXIT_OK;
    if (ctx->role != ROLE_ADMIN)
        return command_reject_role("terrish import indicator",
                                   _("administrators"));
    if (store_given)
        return command_reject_store("terrish import");
    if (strcmp(meta_path, "-") != 0 || strcmp(input_path, "-") != 0) {
        fputs(_("terrish import: files of the server cannot be read over "
                "SSH: send the catalogue entry and the data on standard "
                "input with '--meta - -'\n"),
              stderr);
        return EXIT_PERMISSION;
    }
    return EXIT_OK;
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
    const char *store_path = ctx->store_path != NULL ? ctx->store_path
                                                     : default_store_path();
    const char *meta_path = NULL;
    enum import_format format = IMPORT_FORMAT_AUTO;
    int store_given = 0;
    int quiet = 0;
    int status;
    int opt;

    if (argc >= 2 && strcmp(argv[1], "dashboard") == 0)
        return cmd_import_dashboard(ctx, argc - 1, argv + 1);
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
            store_given = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            import_usage(ctx, stdout);
            return EXIT_OK;
        default:
            import_usage(ctx, stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "indicator") != 0) {
        import_usage(ctx, stderr);
        return EXIT_USAGE;
    }
    if (meta_path == NULL) {
        fputs(_("terrish import: --meta FILE.json is required\n"), stderr);
        return EXIT_USAGE;
    }
    status = import_check_remote(ctx, meta_path, argv[optind + 1],
                                 store_given);
    if (status != EXIT_OK)
        return status;
    if (strcmp(meta_path, "-") == 0 && strcmp(argv[optind + 1], "-") != 0) {
        fputs(_("terrish import: with --meta - the data must come on "
                "standard input too: give - as the data file\n"),
              stderr);
        return EXIT_USAGE;
    }
    return import_indicator(ctx, store_path, meta_path, format,
                            argv[optind + 1], quiet);
}
