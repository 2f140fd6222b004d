/*
 * terrish strategies: list the strategies, show one, rename, share,
 * unshare, make public and remove one, with the caller's rights.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"
#include "store/strategy.h"

static void
strategies_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;
    const char *store = local ? " [--store FILE]" : "";
    const char *prefix = ctx->invocation;

    fprintf(out,
            _("Usage: %s strategies list [--format text|json]%s\n"
              "       %s strategies show ID [--format text|json]%s\n"
              "       %s strategies sources ID%s\n"
              "       %s strategies rename ID NAME%s\n"
              "       %s strategies share ID ACCOUNT viewer|editor%s\n"
              "       %s strategies unshare ID ACCOUNT%s\n"
              "       %s strategies public ID yes|no%s\n"
              "       %s strategies remove ID%s\n"
              "       %s export strategy ID%s\n\n"),
            prefix, store, prefix, store, prefix, store, prefix, store,
            prefix, store, prefix, store, prefix, store, prefix, store,
            prefix, store);
    fputs(_("list     the strategies you own, share or that are public "
            "(administrators\n"
            "         and the local command: every strategy), one per line "
            "with the\n"
            "         tab-separated columns id, public (yes or no), owner, "
            "your access\n"
            "         (view, edit or owner), territory (LEVEL:CODE) and "
            "name.\n"
            "show     one strategy you may view, NAME<tab>VALUE lines: id, "
            "name, owner,\n"
            "         territory, public, updated_at, actions, parent (the "
            "strategy it\n"
            "         was duplicated from, 0 for none) and your access.\n"
            "sources  where the strategy's figures come from: each "
            "coefficient its\n"
            "         actions read, with its unit, values (or the one you "
            "entered),\n"
            "         range, note and published sources, and each baseline "
            "value with\n"
            "         its year, source and origin (entered by you, or taken "
            "from the\n"
            "         département).\n"
            "rename   change the name (editors and the owner).\n"
            "share    give an account the role viewer (reads) or editor "
            "(changes), or\n"
            "         change it; unshare takes it back (the owner and "
            "administrators).\n"
            "public   make a strategy public (every account may view it) "
            "or private\n"
            "         again, yes or no (on or off): administrators only.\n"
            "remove   delete a strategy with its roles (the owner and "
            "administrators).\n"
            "share, unshare, public and remove are recorded in the audit "
            "log. In text\n"
            "output a tab is written \\t, a line feed \\n, a backslash "
            "\\\\, and other\n"
            "control characters and invalid UTF-8 \\xHH.\n"
            "export strategy writes the impacts of a strategy you may "
            "view, with\n"
            "its actions, inputs and target points in JSON.\n\n"
            "Exit status: 0 done, 1 failed, 2 usage error, 3 no such "
            "strategy or\n"
            "account, 4 permission denied, 5 invalid name.\n"),
          out);
}

/* "LEVEL:CODE" of a territory, into buf; "" when it is not found. */
static void
strategies_territory_text(struct store *store, int64_t id, char *buf,
                          size_t size)
{
    struct territory territory;

    buf[0] = '\0';
    memset(&territory, 0, sizeof territory);
    if (store_territory_get_by_id(store, id, &territory) == 0)
        snprintf(buf, size, "%s:%s", territory_level_name(territory.level),
                 territory.code);
    territory_clear(&territory);
}

/* "view", "edit" or "owner" (not translated: a value of the output). */
static const char *
strategies_access_name(enum dashboard_access access)
{
    return access >= ACCESS_OWNER  ? "owner"
           : access == ACCESS_EDIT ? "edit"
                                   : "view";
}

static int
strategies_list(const struct command_context *ctx, struct store *store,
                int json)
{
    struct strategy_summary *list = NULL;
    json_t *array = json ? json_array() : NULL;
    char territory[48];
    size_t count = 0;
    size_t i;

    if (store_strategy_list(store,
                            ctx->origin == COMMAND_REMOTE ? ctx->account
                                                          : NULL,
                            &list, &count) != 0) {
        fprintf(stderr, "terrish strategies: %s\n", store_error(store));
        json_decref(array);
        return EXIT_FAILURE_RUN;
    }
    for (i = 0; i < count; i++) {
        const struct strategy_summary *s = &list[i];

        strategies_territory_text(store, s->territory_id, territory,
                                  sizeof territory);
        if (json) {
            json_array_append_new(
                array,
                json_pack("{s:I, s:b, s:s, s:s, s:s, s:o}", "id",
                          (json_int_t)s->id, "public", s->public, "owner",
                          s->owner, "access",
                          strategies_access_name(s->access), "territory",
                          territory, "name", command_json_text(s->name)));
        } else {
            printf("%lld\t%s\t%s\t%s\t%s\t", (long long)s->id,
                   s->public ? "yes" : "no", s->owner,
                   strategies_access_name(s->access), territory);
            command_print_text(stdout, s->name);
            putchar('\n');
        }
        strategy_summary_clear(&list[i]);
    }
    free(list);
    if (json) {
        char *text = json_dumps(array, JSON_COMPACT | JSON_PRESERVE_ORDER);

        printf("%s\n", text);
        free(text);
        json_decref(array);
    }
    return EXIT_OK;
}

static int
strategies_show(const struct command_context *ctx, struct store *store,
                int64_t id, enum dashboard_access access, int json)
{
    struct strategy strategy;
    char territory[48];
    int rc;

    strategy_init(&strategy);
    rc = store_strategy_get(
        store, ctx->origin == COMMAND_REMOTE ? ctx->account : NULL, id,
        &strategy);
    if (rc != 0) {
        strategy_clear(&strategy);
        return command_store_status("strategies", store, rc);
    }
    strategies_territory_text(store, strategy.territory_id, territory,
                              sizeof territory);
    if (json) {
        json_t *root = json_pack(
            "{s:I, s:o, s:s, s:s, s:b, s:s, s:I, s:I, s:s}", "id",
            (json_int_t)id, "name", command_json_text(strategy.name),
            "owner", strategy.owner, "territory", territory, "public",
            strategy.public, "updated_at", strategy.updated_at, "actions",
            (json_int_t)strategy.item_count, "parent",
            (json_int_t)strategy.parent_id, "access",
            strategies_access_name(access));
        char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);

        printf("%s\n", text);
        free(text);
        json_decref(root);
    } else {
        printf("id\t%lld\nname\t", (long long)id);
        command_print_text(stdout, strategy.name);
        printf("\nowner\t%s\nterritory\t%s\npublic\t%s\nupdated_at\t%s\n"
               "actions\t%zu\nparent\t%lld\naccess\t%s\n",
               strategy.owner, territory, strategy.public ? "yes" : "no",
               strategy.updated_at, strategy.item_count,
               (long long)strategy.parent_id,
               strategies_access_name(access));
    }
    strategy_clear(&strategy);
    return EXIT_OK;
}

static int
strategies_owner(struct store *store, int64_t id, char *owner, size_t size)
{
    struct strategy strategy;
    int rc;

    strategy_init(&strategy);
    rc = store_strategy_get(store, NULL, id, &strategy);
    if (rc == 0)
        snprintf(owner, size, "%s", strategy.owner);
    strategy_clear(&strategy);
    return rc;
}

static const char *
strategies_name_problem(const char *name)
{
    if (name[strspn(name, " ")] == '\0')
        return "empty";
    return dashboard_text_problem(name, STRATEGY_NAME_MAX, 0);
}

static void
strategies_report(enum command_object_event event, int64_t id,
           const char *account, const char *role)
{
    long long number = (long long)id;

    switch (event) {
    case OBJECT_NOT_FOUND:
        fprintf(stderr, _("terrish strategies: no strategy %lld\n"), number);
        break;
    case OBJECT_NOT_VISIBLE:
        fprintf(stderr,
                _("terrish strategies: permission denied: no strategy %lld "
                  "that you may view\n"),
                number);
        break;
    case OBJECT_RENAMED:
        printf(_("Strategy %lld renamed.\n"), number);
        break;
    case OBJECT_GRANTED:
        /* TRANSLATORS: "Strategy 3: bob is now editor." The last %s is
         * the role, "viewer" or "editor", translated on its own. */
        printf(_("Strategy %lld: %s is now %s.\n"), number, account, _(role));
        break;
    case OBJECT_REVOKED:
        printf(_("Strategy %lld: %s has no role any more.\n"), number,
               account);
        break;
    case OBJECT_NO_ROLE:
        fprintf(stderr,
                _("terrish strategies: %s has no role on strategy %lld: "
                  "nothing to take back\n"),
                account, number);
        break;
    case OBJECT_MADE_PUBLIC:
        printf(_("Strategy %lld is public.\n"), number);
        break;
    case OBJECT_MADE_PRIVATE:
        printf(_("Strategy %lld is private.\n"), number);
        break;
    case OBJECT_REMOVED:
        printf(_("Strategy %lld removed.\n"), number);
        break;
    }
}

/* The store's changes, each followed by a message to the open sessions
 * through the hub when it succeeded (command_notify_strategy). */
static int
strategies_rename(struct store *store, const char *account, int64_t id,
                  const char *name)
{
    int rc = store_strategy_rename(store, account, id, name);

    if (rc == 0)
        command_notify_strategy(account, id);
    return rc;
}

static int
strategies_grant(struct store *store, const char *account, int64_t id,
                 const char *grantee, enum dashboard_access role)
{
    int rc = store_strategy_grant(store, account, id, grantee, role);

    if (rc == 0)
        command_notify_strategy(account, id);
    return rc;
}

static int
strategies_set_public(struct store *store, const char *account, int64_t id,
                      int public)
{
    int rc = store_strategy_set_public(store, account, id, public);

    if (rc == 0)
        command_notify_strategy(account, id);
    return rc;
}

static int
strategies_remove(struct store *store, const char *account, int64_t id)
{
    int rc = store_strategy_remove(store, account, id);

    if (rc == 0)
        command_notify_strategy(account, id);
    return rc;
}

static const struct command_object strategy_object = {
    .command = "strategies",
    .kind = "strategy",
    .name_max = STRATEGY_NAME_MAX,
    .access = store_strategy_access,
    .owner = strategies_owner,
    .name_problem = strategies_name_problem,
    .rename = strategies_rename,
    .grant = strategies_grant,
    .role = store_strategy_role,
    .set_public = strategies_set_public,
    .remove = strategies_remove,
    .show = strategies_show,
    .report = strategies_report,
};

int
cmd_strategies(const struct command_context *ctx, int argc, char **argv)
{
    const struct command_parser parser = {
        .name = "strategies",
        .usage = strategies_usage,
    };
    struct command_options options = {NULL, 0};
    struct command_object_request request;
    struct store *store = NULL;
    const char *action;
    int status;

    status = command_options_parse(ctx, argc, argv, &parser, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    action = optind < argc ? argv[optind] : "";
    if (strcmp(action, "list") == 0) {
        if (argc - optind != 1)
            return command_usage_error("strategies",
                                       _("unexpected argument after"),
                                       action);
        status = command_store_open("strategies", &options,
                                    STORE_OPEN_READONLY, &store);
        if (status == EXIT_OK)
            status = strategies_list(ctx, store, options.json);
        store_close(store);
        return status;
    }
    if (strcmp(action, "sources") == 0)
        return cmd_strategies_sources(ctx, &options, argc - optind,
                                      argv + optind);
    if (!command_object_action(action))
        return command_usage_error(
            "strategies",
            _("expected list, show, sources, rename, share, unshare, "
              "public or remove, found"),
            action);
    status = command_object_parse(&strategy_object, argc - optind,
                                  argv + optind, &request);
    if (status != EXIT_OK)
        return status;
    request.json = options.json;
    status = command_store_open("strategies", &options,
                                strcmp(action, "show") == 0
                                    ? STORE_OPEN_READONLY
                                    : STORE_OPEN_EXISTING,
                                &store);
    if (status == EXIT_OK)
        status = command_object_run(ctx, &strategy_object, store, &request);
    store_close(store);
    return status;
}
