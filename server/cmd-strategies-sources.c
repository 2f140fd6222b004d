/*
 * terrish: "strategies sources ID", the provenance of a strategy's
 * coefficients and baseline values as plain text, with the caller's
 * rights over SSH.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "server/server.h"
#include "store/strategy-sources.h"

/* Print the lines, two spaces of indentation per level. */
static void
sources_print(const struct strategy_sources *sources)
{
    size_t i;

    for (i = 0; i < sources->count; i++) {
        const struct strategy_sources_line *line = &sources->lines[i];

        if (line->kind == SOURCES_HEADING && i > 0)
            putchar('\n');
        fputs(line->kind == SOURCES_FIELD    ? "  "
              : line->kind == SOURCES_DETAIL ? "    "
                                             : "",
              stdout);
        command_print_text(stdout, line->text);
        putchar('\n');
    }
}

/* Read the strategy and its baseline, then print their sources. */
static int
sources_run(const struct command_context *ctx, struct store *store,
            int64_t id)
{
    struct strategy_catalogue *catalogue = NULL;
    struct strategy_language language;
    struct strategy_sources sources = {NULL, 0};
    struct strategy_baseline base;
    struct strategy strategy;
    char *error = NULL;
    int status = EXIT_FAILURE_RUN;
    int rc;

    strategy_init(&strategy);
    rc = store_strategy_get(
        store, ctx->origin == COMMAND_REMOTE ? ctx->account : NULL, id,
        &strategy);
    if (rc != 0) {
        strategy_clear(&strategy);
        return command_store_status("strategies", store, rc);
    }
    if (strategy_catalogue_load_dir(default_data_dir(), &catalogue, &error) <
        0) {
        fprintf(stderr, "terrish strategies: %s\n", error);
        goto out;
    }
    rc = store_strategy_baseline(store, strategy.territory_id, &base);
    if (rc != 0) {
        status = command_store_status("strategies", store, rc);
        goto out;
    }
    strategy_baseline_apply(&base, &strategy);
    language.translate = command_gettext;
    language.french = command_messages_french();
    language.catalogue = catalogue;
    if (strategy_sources_write(store, catalogue, &strategy, &base, -1,
                               &language, &sources) < 0) {
        status = command_store_status("strategies", store, -1);
        goto out;
    }
    sources_print(&sources);
    status = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_RUN;

out:
    strategy_sources_clear(&sources);
    strategy_catalogue_free(catalogue);
    strategy_clear(&strategy);
    free(error);
    return status;
}

int
cmd_strategies_sources(const struct command_context *ctx,
                       const struct command_options *options, int argc,
                       char **argv)
{
    struct store *store = NULL;
    int64_t id;
    int status;

    if (argc < 2)
        return command_usage_error("strategies",
                                   _("expected a number after"), argv[0]);
    if (argc > 2)
        return command_usage_error("strategies", _("unexpected argument"),
                                   argv[2]);
    if (command_parse_id(argv[1], &id) < 0)
        return command_usage_error("strategies", _("invalid number"),
                                   argv[1]);
    if (options->json)
        return command_usage_error("strategies",
                                   _("sources writes text only, found "
                                     "--format"),
                                   "json");
    status = command_store_open("strategies", options, STORE_OPEN_READONLY,
                                &store);
    if (status == EXIT_OK)
        status = sources_run(ctx, store, id);
    store_close(store);
    return status;
}
