/*
 * terrish dashboards: list the dashboards, show one, rename, share,
 * unshare, make public and remove one, with the caller's rights.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The store's dashboard functions take an account name and check its
 * rights. The local command has every right, so it acts as the
 * dashboard's owner, and its changes of the name are recorded in the
 * dashboard's history under the owner's name (the audit log records
 * "(local)" for the other actions).
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

/* Options of the dashboards command besides the shared ones. */
struct dashboards_options {
    struct command_options common;
    int all; /* list: every dashboard */
};

void
cmd_dashboards_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;
    const char *store = local ? " [--store FILE]" : "";
    const char *prefix = ctx->invocation;

    fprintf(out,
            _("Usage: %s dashboards list [--all] [--format text|json]%s\n"
              "       %s dashboards show ID [--format text|json]%s\n"
              "       %s dashboards rename ID NAME%s\n"
              "       %s dashboards share ID ACCOUNT viewer|editor%s\n"
              "       %s dashboards unshare ID ACCOUNT%s\n"
              "       %s dashboards public ID yes|no%s\n"
              "       %s dashboards remove ID%s\n"
              "       %s export dashboard ID%s\n"
              "       %s import dashboard%s FILE.json|-\n\n"),
            prefix, store, prefix, store, prefix, store, prefix, store,
            prefix, store, prefix, store, prefix, store, prefix, store,
            prefix, local ? " --owner NAME [--store FILE]" : "");
    fputs(_("list     the dashboards you own, share or that are public, "
            "one per line with\n"
            "         the tab-separated columns id, public (yes or no), "
            "owner, version,\n"
            "         territory (LEVEL:CODE) and name; --all lists every "
            "dashboard\n"
            "         (administrators and the local command).\n"
            "show     one dashboard you may view, NAME<tab>VALUE lines: "
            "id, name, owner,\n"
            "         territory, public, version, updated_at, widgets and "
            "your access\n"
            "         (view, edit or owner).\n"
            "rename   change the name (editors and the owner; the "
            "dashboard's history\n"
            "         records it).\n"
            "share    give an account the role viewer (reads) or editor "
            "(changes), or\n"
            "         change it; unshare takes it back (the owner and "
            "administrators).\n"
            "public   make a dashboard public (every account may view it) "
            "or private\n"
            "         again, yes or no (on or off): administrators only.\n"
            "remove   delete a dashboard with its widgets, roles and "
            "history (the owner\n"
            "         and administrators).\n"
            "share, unshare, public and remove are recorded in the audit "
            "log. In text\n"
            "output a tab is written \\t, a line feed \\n, a backslash "
            "\\\\, and other\n"
            "control characters and invalid UTF-8 \\xHH.\n"
            "export dashboard writes a dashboard you may view as JSON; "
            "import dashboard\n"
            "creates a new dashboard from that JSON, owned by you (the "
            "local command\n"
            "needs --owner NAME). See the man page for the format. The "
            "local command\n"
            "acts as each dashboard's owner.\n\n"
            "Exit status: 0 done, 1 failed, 2 usage error, 3 no such "
            "dashboard or\n"
            "account, 4 permission denied, 5 invalid name or JSON.\n"),
          out);
}

/* "LEVEL:CODE" of a territory, into buf; "" when it is not found. */
static void
dashboards_territory_text(struct store *store, int64_t id, char *buf,
                          size_t size)
{
    struct territory territory;

    buf[0] = '\0';
    if (store_territory_get_by_id(store, id, &territory) == 0)
        snprintf(buf, size, "%s:%s", territory_level_name(territory.level),
                 territory.code);
    territory_clear(&territory);
}

static int
dashboards_list(const struct command_context *ctx, struct store *store,
                const struct dashboards_options *options)
{
    struct dashboard *list = NULL;
    json_t *array = NULL;
    char territory[48];
    size_t count = 0;
    size_t i;
    int rc;

    if (options->all && ctx->origin == COMMAND_REMOTE &&
        ctx->role != ROLE_ADMIN)
        return command_reject_role("terrish dashboards list --all",
                                   _("administrators"));
    if (options->all || ctx->origin == COMMAND_LOCAL)
        rc = store_dashboard_list_all(store, &list, &count);
    else
        rc = store_dashboard_list(store, ctx->account, &list, &count);
    if (rc != 0) {
        fprintf(stderr, "terrish dashboards: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (options->common.json)
        array = json_array();
    for (i = 0; i < count; i++) {
        dashboards_territory_text(store, list[i].territory_id, territory,
                                  sizeof territory);
        if (options->common.json) {
            json_array_append_new(
                array, json_pack("{s:I, s:b, s:s, s:I, s:s, s:o}", "id",
                                 (json_int_t)list[i].id, "public",
                                 list[i].public, "owner", list[i].owner,
                                 "version", (json_int_t)list[i].version,
                                 "territory", territory, "name",
                                 command_json_text(list[i].name)));
        } else {
            printf("%lld\t%s\t%s\t%lld\t%s\t", (long long)list[i].id,
                   list[i].public ? "yes" : "no", list[i].owner,
                   (long long)list[i].version, territory);
            command_print_text(stdout, list[i].name);
            putchar('\n');
        }
        dashboard_clear(&list[i]);
    }
    free(list);
    if (options->common.json) {
        char *text = json_dumps(array, JSON_COMPACT | JSON_PRESERVE_ORDER);

        printf("%s\n", text);
        free(text);
        json_decref(array);
    }
    return EXIT_OK;
}

/* "view", "edit" or "owner" (not translated: a value of the output). */
static const char *
dashboards_access_name(enum dashboard_access access)
{
    return access >= ACCESS_OWNER  ? "owner"
           : access == ACCESS_EDIT ? "edit"
                                   : "view";
}

static int
dashboards_show(const struct command_context *ctx, struct store *store,
                int64_t id, enum dashboard_access access, int json)
{
    struct dashboard dashboard;
    struct widget *widgets = NULL;
    char territory[48];
    size_t count = 0;
    size_t i;
    int rc;

    (void)ctx;
    memset(&dashboard, 0, sizeof dashboard);
    rc = store_dashboard_get(store, id, &dashboard);
    if (rc == 0)
        rc = store_dashboard_widgets(store, id, &widgets, &count);
    if (rc != 0) {
        dashboard_clear(&dashboard);
        return command_store_status("dashboards", store, rc < 0 ? -1 : rc);
    }
    for (i = 0; i < count; i++)
        widget_clear(&widgets[i]);
    free(widgets);
    dashboards_territory_text(store, dashboard.territory_id, territory,
                              sizeof territory);
    if (json) {
        json_t *root = json_pack(
            "{s:I, s:o, s:s, s:s, s:b, s:I, s:s, s:I, s:s}", "id",
            (json_int_t)id, "name", command_json_text(dashboard.name),
            "owner", dashboard.owner, "territory", territory, "public",
            dashboard.public, "version", (json_int_t)dashboard.version,
            "updated_at", dashboard.updated_at, "widgets",
            (json_int_t)count, "access", dashboards_access_name(access));
        char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);

        printf("%s\n", text);
        free(text);
        json_decref(root);
    } else {
        printf("id\t%lld\nname\t", (long long)id);
        command_print_text(stdout, dashboard.name);
        printf("\nowner\t%s\nterritory\t%s\npublic\t%s\nversion\t%lld\n"
               "updated_at\t%s\nwidgets\t%zu\naccess\t%s\n",
               dashboard.owner, territory, dashboard.public ? "yes" : "no",
               (long long)dashboard.version, dashboard.updated_at, count,
               dashboards_access_name(access));
    }
    dashboard_clear(&dashboard);
    return EXIT_OK;
}

/* The store's functions need an account: the local command (NULL) acts
 * as the owner. Returns account, or the owner's name in buf. */
static const char *
dashboards_actor(struct store *store, int64_t id, const char *account,
                 char *buf, size_t size)
{
    struct dashboard dashboard;

    if (account != NULL)
        return account;
    memset(&dashboard, 0, sizeof dashboard);
    buf[0] = '\0';
    if (store_dashboard_get(store, id, &dashboard) == 0)
        snprintf(buf, size, "%s", dashboard.owner);
    dashboard_clear(&dashboard);
    return buf;
}

static int
dashboards_owner(struct store *store, int64_t id, char *owner, size_t size)
{
    struct dashboard dashboard;
    int rc;

    memset(&dashboard, 0, sizeof dashboard);
    rc = store_dashboard_get(store, id, &dashboard);
    if (rc == 0)
        snprintf(owner, size, "%s", dashboard.owner);
    dashboard_clear(&dashboard);
    return rc;
}

static const char *
dashboards_name_problem(const char *name)
{
    if (name[strspn(name, " ")] == '\0')
        return "empty";
    return dashboard_text_problem(name, DASHBOARD_NAME_MAX, 0);
}

/* The version of dashboard id, or -1 when it cannot be read. */
static int64_t
dashboards_version(struct store *store, int64_t id)
{
    struct dashboard dashboard;
    int64_t version = -1;

    memset(&dashboard, 0, sizeof dashboard);
    if (store_dashboard_get(store, id, &dashboard) == 0)
        version = dashboard.version;
    dashboard_clear(&dashboard);
    return version;
}

/* Tell the sessions showing dashboard id that its rights changed, or
 * that it was removed. Rights are not versioned: a version past the one
 * read before the change makes them read the dashboard again, and
 * finding no new change there they only check that they may still see
 * it. */
static void
dashboards_announce(const char *account, int64_t id, int64_t version)
{
    if (version >= 0)
        command_notify_dashboard(account, id, version + 1);
}

/* Rename against the version read just before, so that only a rename
 * made in between conflicts (exit status 1). */
static int
dashboards_rename(struct store *store, const char *account, int64_t id,
                  const char *name)
{
    struct dashboard dashboard;
    char owner[64];
    int64_t version = 0;
    int rc;

    memset(&dashboard, 0, sizeof dashboard);
    rc = store_dashboard_get(store, id, &dashboard);
    if (rc == 0)
        rc = store_dashboard_set(
            store, dashboards_actor(store, id, account, owner, sizeof owner),
            id, "name", name, dashboard.version, &version);
    dashboard_clear(&dashboard);
    if (rc == 0)
        command_notify_dashboard(account, id, version);
    return rc;
}

static int
dashboards_grant(struct store *store, const char *account, int64_t id,
                 const char *grantee, enum dashboard_access role)
{
    char owner[64];
    int64_t version = dashboards_version(store, id);
    int rc;

    rc = store_dashboard_grant(
        store, dashboards_actor(store, id, account, owner, sizeof owner), id,
        grantee, role);
    if (rc == 0)
        dashboards_announce(account, id, version);
    return rc;
}

static int
dashboards_set_public(struct store *store, const char *account, int64_t id,
                      int public)
{
    int64_t version = dashboards_version(store, id);
    int rc;

    if (account == NULL)
        return store_dashboard_mark_public(store, id, public);
    rc = store_dashboard_set_public(store, account, id, public);
    if (rc == 0)
        dashboards_announce(account, id, version);
    return rc;
}

static int
dashboards_remove(struct store *store, const char *account, int64_t id)
{
    char owner[64];
    int64_t version = dashboards_version(store, id);
    int rc;

    rc = store_dashboard_remove(
        store, dashboards_actor(store, id, account, owner, sizeof owner), id);
    if (rc == 0)
        dashboards_announce(account, id, version);
    return rc;
}

static void
dashboards_report(enum command_object_event event, int64_t id,
           const char *account, const char *role)
{
    long long number = (long long)id;

    switch (event) {
    case OBJECT_NOT_FOUND:
        fprintf(stderr, _("terrish dashboards: no dashboard %lld\n"), number);
        break;
    case OBJECT_NOT_VISIBLE:
        fprintf(stderr,
                _("terrish dashboards: permission denied: no dashboard %lld "
                  "that you may view\n"),
                number);
        break;
    case OBJECT_RENAMED:
        printf(_("Dashboard %lld renamed.\n"), number);
        break;
    case OBJECT_GRANTED:
        /* TRANSLATORS: "Dashboard 3: bob is now editor." The last %s is
         * the role, "viewer" or "editor", translated on its own. */
        printf(_("Dashboard %lld: %s is now %s.\n"), number, account, _(role));
        break;
    case OBJECT_REVOKED:
        printf(_("Dashboard %lld: %s has no role any more.\n"), number,
               account);
        break;
    case OBJECT_NO_ROLE:
        fprintf(stderr,
                _("terrish dashboards: %s has no role on dashboard %lld: "
                  "nothing to take back\n"),
                account, number);
        break;
    case OBJECT_MADE_PUBLIC:
        printf(_("Dashboard %lld is public.\n"), number);
        break;
    case OBJECT_MADE_PRIVATE:
        printf(_("Dashboard %lld is private.\n"), number);
        break;
    case OBJECT_REMOVED:
        printf(_("Dashboard %lld removed.\n"), number);
        break;
    }
}

static const struct command_object dashboard_object = {
    .command = "dashboards",
    .kind = "dashboard",
    .name_max = DASHBOARD_NAME_MAX,
    .access = store_dashboard_access,
    .owner = dashboards_owner,
    .name_problem = dashboards_name_problem,
    .rename = dashboards_rename,
    .grant = dashboards_grant,
    .role = store_dashboard_role,
    .set_public = dashboards_set_public,
    .remove = dashboards_remove,
    .show = dashboards_show,
    .report = dashboards_report,
};

static int
dashboards_option(const struct command_context *ctx, int key,
                  const char *value, void *arg)
{
    struct dashboards_options *options = arg;

    (void)ctx;
    (void)key;
    (void)value;
    options->all = 1; /* --all, the only option of its own */
    return EXIT_OK;
}

int
cmd_dashboards(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option all_option[] = {
        {"all", no_argument, NULL, 'a'},
        {NULL, 0, NULL, 0},
    };
    struct dashboards_options options;
    const struct command_parser parser = {
        .name = "dashboards",
        .short_options = "a",
        .long_options = all_option,
        .option = dashboards_option,
        .usage = cmd_dashboards_usage,
        .arg = &options,
    };
    struct command_object_request request;
    struct store *store = NULL;
    const char *action;
    int status;

    memset(&options, 0, sizeof options);
    status = command_options_parse(ctx, argc, argv, &parser, &options.common);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    action = optind < argc ? argv[optind] : "";
    if (strcmp(action, "list") == 0) {
        if (argc - optind != 1)
            return command_usage_error("dashboards",
                                       _("unexpected argument after"),
                                       action);
        status = command_store_open("dashboards", &options.common,
                                    STORE_OPEN_READONLY, &store);
        if (status == EXIT_OK)
            status = dashboards_list(ctx, store, &options);
        store_close(store);
        return status;
    }
    if (!command_object_action(action))
        return command_usage_error(
            "dashboards",
            _("expected list, show, rename, share, unshare, public or "
              "remove, found"),
            action);
    if (options.all)
        return command_usage_error("dashboards",
                                   _("--all applies to list, not"), action);
    status = command_object_parse(&dashboard_object, argc - optind,
                                  argv + optind, &request);
    if (status != EXIT_OK)
        return status;
    request.json = options.common.json;
    status = command_store_open("dashboards", &options.common,
                                strcmp(action, "show") == 0
                                    ? STORE_OPEN_READONLY
                                    : STORE_OPEN_EXISTING,
                                &store);
    if (status == EXIT_OK)
        status = command_object_run(ctx, &dashboard_object, store, &request);
    store_close(store);
    return status;
}
