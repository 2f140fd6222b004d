/*
 * terrish export dashboard and import dashboard: move a dashboard in and
 * out as JSON.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The JSON of a dashboard (the man page describes it for users):
 *   {"terrish_dashboard": 1, "id": 3, "owner": "alice", "public": false,
 *    "version": 12, "name": "...", "description": "...",
 *    "territory": {"level": "epci", "code": "200046977"},
 *    "widgets": [{"indicator": "cars", "category": null,
 *                 "territory": null, "kind": "bars", "title": "",
 *                 "width": 2, "height": 2, "target": null}, ...]}
 * Import reads terrish_dashboard, name, description, territory and
 * widgets, and ignores the other keys: the new dashboard belongs to the
 * caller, at version 0, private and without share code.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

/* Version of the JSON format written and read. */
#define DASHBOARD_FORMAT 1
/* Largest JSON file import dashboard reads. */
#define DASHBOARD_JSON_MAX (4 * 1024 * 1024)

/* {"level": ..., "code": ...} of a territory, or null. */
static json_t *
dashboards_territory_json(struct store *store, int64_t id)
{
    struct territory territory;
    json_t *value = json_null();

    if (id != 0 && store_territory_get_by_id(store, id, &territory) == 0)
        value = json_pack("{s:s, s:s}", "level",
                          territory_level_name(territory.level), "code",
                          territory.code);
    if (id != 0)
        territory_clear(&territory);
    return value;
}

/* 1 when text is NULL or valid UTF-8, which JSON needs. */
static int
dashboards_text_valid(const char *text)
{
    return text == NULL || text_utf8_valid(text, strlen(text));
}

/* The English name (a message id) of the first text of a dashboard that
 * is not valid UTF-8, or NULL when every one is valid. The store checks
 * every text it writes, but another program may write into the file. */
static const char *
dashboards_invalid_text(const struct dashboard *dashboard,
                        const struct widget *widgets, size_t count)
{
    size_t i;

    if (!dashboards_text_valid(dashboard->name))
        return N_("name");
    if (!dashboards_text_valid(dashboard->description))
        return N_("description");
    for (i = 0; i < count; i++) {
        if (!dashboards_text_valid(widgets[i].title))
            return N_("widget title");
        if (!dashboards_text_valid(widgets[i].indicator_id) ||
            !dashboards_text_valid(widgets[i].category))
            return N_("widget indicator");
    }
    return NULL;
}

/* The JSON of a dashboard and its widgets, or NULL on a store failure or
 * with *invalid set to the text that is not valid UTF-8. */
static json_t *
dashboards_to_json(struct store *store, const struct dashboard *dashboard,
                   const char **invalid)
{
    struct widget *widgets = NULL;
    json_t *array = NULL;
    json_t *root = NULL;
    size_t count = 0;
    size_t i;

    *invalid = NULL;
    if (store_dashboard_widgets(store, dashboard->id, &widgets, &count) != 0)
        return NULL;
    *invalid = dashboards_invalid_text(dashboard, widgets, count);
    if (*invalid != NULL) {
        for (i = 0; i < count; i++)
            widget_clear(&widgets[i]);
        free(widgets);
        return NULL;
    }
    array = json_array();
    for (i = 0; i < count; i++) {
        const struct widget *w = &widgets[i];

        json_array_append_new(
            array,
            json_pack("{s:s, s:o, s:o, s:s, s:s, s:i, s:i, s:o}", "indicator",
                      w->indicator_id, "category",
                      w->category != NULL ? json_string(w->category)
                                          : json_null(),
                      "territory",
                      dashboards_territory_json(store, w->territory_id),
                      "kind", widget_kind_name(w->kind), "title", w->title,
                      "width", w->width, "height", w->height, "target",
                      w->has_target ? json_real(w->target) : json_null()));
        widget_clear(&widgets[i]);
    }
    free(widgets);
    root = json_pack("{s:i, s:I, s:s, s:b, s:I, s:s, s:s, s:o, s:o}",
                     "terrish_dashboard", DASHBOARD_FORMAT, "id",
                     (json_int_t)dashboard->id, "owner", dashboard->owner,
                     "public", dashboard->public, "version",
                     (json_int_t)dashboard->version, "name", dashboard->name,
                     "description", dashboard->description, "territory",
                     dashboards_territory_json(store,
                                               dashboard->territory_id),
                     "widgets", array);
    return root;
}

/* Check that the caller may view dashboard id; EXIT_OK or a status. */
static int
dashboards_check_view(const struct command_context *ctx, struct store *store,
                      int64_t id)
{
    enum dashboard_access access = ACCESS_NONE;
    int rc;

    if (ctx->origin == COMMAND_LOCAL)
        return EXIT_OK;
    rc = store_dashboard_access(store, id, ctx->account, &access);
    if (rc < 0) {
        fprintf(stderr, "terrish export: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1 || access < ACCESS_VIEW) {
        /* A dashboard the caller may not view is reported as absent, so
         * that its number reveals nothing. */
        fprintf(stderr, _("terrish export: no dashboard %lld that you may "
                          "view\n"),
                (long long)id);
        return rc == 1 ? EXIT_NOT_FOUND : EXIT_PERMISSION;
    }
    return EXIT_OK;
}

int
cmd_export_dashboard(const struct command_context *ctx, int argc,
                     char **argv)
{
    const struct command_parser parser = {
        .name = "dashboards",
        .usage = cmd_dashboards_usage,
    };
    struct command_options options = {NULL, 0};
    struct dashboard dashboard;
    struct store *store = NULL;
    const char *invalid = NULL;
    json_t *root = NULL;
    char *text = NULL;
    int64_t id = 0;
    int status;
    int rc;

    status = command_options_parse(ctx, argc, argv, &parser, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (argc - optind != 1 || command_parse_id(argv[optind], &id) < 0)
        return command_usage_error("dashboards",
                                   _("expected one dashboard number, found"),
                                   optind < argc ? argv[optind] : "");
    status = command_store_open("dashboards", &options, STORE_OPEN_READONLY,
                                &store);
    if (status != EXIT_OK)
        return status;
    memset(&dashboard, 0, sizeof dashboard);
    status = dashboards_check_view(ctx, store, id);
    if (status == EXIT_OK) {
        rc = store_dashboard_get(store, id, &dashboard);
        if (rc == 0)
            root = dashboards_to_json(store, &dashboard, &invalid);
        if (rc == 1) {
            fprintf(stderr, _("terrish export: no dashboard %lld\n"),
                    (long long)id);
            status = EXIT_NOT_FOUND;
        } else if (invalid != NULL) {
            fprintf(stderr,
                    _("terrish export: dashboard %lld cannot be written as "
                      "JSON: its %s is not valid UTF-8 (another program "
                      "wrote it into the store); correct it, for a name "
                      "with 'dashboards rename %lld NAME'\n"),
                    (long long)id, _(invalid), (long long)id);
            status = EXIT_FAILURE_RUN;
        } else if (root == NULL) {
            fprintf(stderr, "terrish export: %s\n", store_error(store));
            status = EXIT_FAILURE_RUN;
        }
    }
    if (root != NULL) {
        text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", text);
        free(text);
        json_decref(root);
    }
    dashboard_clear(&dashboard);
    store_close(store);
    return status;
}

/* Read the whole JSON input: a file, or standard input for "-". */
static json_t *
dashboards_read_json(const char *path, int *status)
{
    json_error_t error;
    json_t *root = NULL;
    FILE *in = stdin;

    if (strcmp(path, "-") != 0) {
        in = fopen(path, "rb");
        if (in == NULL) {
            fprintf(stderr, "terrish import: %s: %s\n", path,
                    strerror(errno));
            *status = errno == ENOENT ? EXIT_NOT_FOUND : EXIT_FAILURE_RUN;
            return NULL;
        }
    }
    root = json_loadf(in, JSON_REJECT_DUPLICATES, &error);
    if (in != stdin)
        fclose(in);
    if (root == NULL) {
        /* error.text is jansson's English message, quoted as a detail. */
        fprintf(stderr,
                _("terrish import: %s: line %d: not a dashboard in JSON: "
                  "%s\n"),
                path, error.line, error.text);
    } else if (!json_is_object(root)) {
        fprintf(stderr,
                _("terrish import: %s: not a dashboard: the JSON text is not "
                  "an object\n"),
                path);
    }
    if (root == NULL || !json_is_object(root)) {
        json_decref(root);
        *status = EXIT_INVALID_INPUT;
        return NULL;
    }
    return root;
}

/* Find the territory of a {"level", "code"} object; 0 with *id, or 1. */
static int
dashboards_territory_id(struct store *store, json_t *value, int64_t *id)
{
    struct territory territory;
    enum territory_level level;
    const char *level_name = json_string_value(json_object_get(value, "level"));
    const char *code = json_string_value(json_object_get(value, "code"));
    int rc;

    if (level_name == NULL || code == NULL ||
        indicator_level_parse(level_name, &level) < 0)
        return 1;
    rc = store_territory_get(store, level, code, &territory);
    if (rc == 0)
        *id = territory.id;
    territory_clear(&territory);
    return rc == 0 ? 0 : 1;
}

/* Fill one widget from its JSON object; 0, or 1 with *what set. */
static int
dashboards_widget_from_json(struct store *store, json_t *item,
                            struct widget *w, const char **what)
{
    json_t *category = json_object_get(item, "category");
    json_t *territory = json_object_get(item, "territory");
    json_t *target = json_object_get(item, "target");
    const char *kind = json_string_value(json_object_get(item, "kind"));
    const char *title = json_string_value(json_object_get(item, "title"));

    memset(w, 0, sizeof *w);
    *what = "indicator";
    if (!json_is_string(json_object_get(item, "indicator")))
        return 1;
    w->indicator_id = xstrdup(
        json_string_value(json_object_get(item, "indicator")));
    *what = "kind";
    if (kind == NULL || widget_kind_parse(kind, &w->kind) < 0)
        return 1;
    *what = "category";
    if (json_is_string(category))
        w->category = xstrdup(json_string_value(category));
    else if (category != NULL && !json_is_null(category))
        return 1;
    *what = "territory";
    if (territory != NULL && !json_is_null(territory) &&
        dashboards_territory_id(store, territory, &w->territory_id) != 0)
        return 1;
    *what = "width or height";
    w->width = (int)json_integer_value(json_object_get(item, "width"));
    w->height = (int)json_integer_value(json_object_get(item, "height"));
    if (w->width < 1 || w->height < 1)
        return 1;
    *what = "target";
    if (json_is_number(target)) {
        w->has_target = 1;
        w->target = json_number_value(target);
    } else if (target != NULL && !json_is_null(target)) {
        return 1;
    }
    w->title = xstrdup(title != NULL ? title : "");
    return 0;
}

/*
 * Check a text of the dashboard as the store will, to say what is wrong in
 * the user's language. what is its JSON key. Returns 0, or 1 after the
 * message.
 */
static int
dashboards_text_check(const char *what, const char *text, size_t max,
                      int multiline)
{
    const char *problem = dashboard_text_problem(text, max, multiline);

    if (problem == NULL)
        return 0;
    fprintf(stderr,
            _("terrish import: invalid \"%s\" in the dashboard: %s (use at "
              "most %zu bytes of UTF-8 text)\n"),
            what, _(problem), max);
    return 1;
}

/* Create the dashboard that root describes; EXIT_OK or a status. */
static int
dashboards_create(struct store *store, json_t *root, const char *owner,
                  int64_t *id)
{
    json_t *widgets = json_object_get(root, "widgets");
    const char *name = json_string_value(json_object_get(root, "name"));
    const char *description =
        json_string_value(json_object_get(root, "description"));
    struct widget *list = NULL;
    const char *what = "name";
    int64_t territory_id = 0;
    int64_t version = 0;
    size_t count = 0;
    size_t i;
    int reported = 0;
    int rc = 1;

    if (json_integer_value(json_object_get(root, "terrish_dashboard")) !=
        DASHBOARD_FORMAT) {
        what = "terrish_dashboard (format version)";
        goto out;
    }
    if (name == NULL || name[strspn(name, " ")] == '\0')
        goto out;
    if (dashboards_text_check("name", name, DASHBOARD_NAME_MAX, 0) != 0 ||
        (description != NULL &&
         dashboards_text_check("description", description,
                               DASHBOARD_DESCRIPTION_MAX, 1) != 0)) {
        reported = 1;
        goto out;
    }
    what = "territory";
    if (dashboards_territory_id(store, json_object_get(root, "territory"),
                                &territory_id) != 0)
        goto out;
    what = "widgets";
    if (widgets != NULL && !json_is_array(widgets))
        goto out;
    count = json_array_size(widgets);
    list = xcalloc(count > 0 ? count : 1, sizeof *list);
    for (i = 0; i < count; i++) {
        if (dashboards_widget_from_json(store, json_array_get(widgets, i),
                                        &list[i], &what) != 0)
            goto out;
        if (dashboards_text_check("title", list[i].title, WIDGET_TITLE_MAX,
                                  0) != 0) {
            reported = 1;
            goto out;
        }
    }
    rc = store_dashboard_create_with_widgets(store, owner, name,
                                             territory_id, list, count, id);
    if (rc == 0 && description != NULL && description[0] != '\0')
        rc = store_dashboard_set(store, owner, *id, "description",
                                 description, 0, &version);
out:
    for (i = 0; list != NULL && i < count; i++)
        widget_clear(&list[i]);
    free(list);
    if (reported)
        return EXIT_INVALID_INPUT;
    if (rc == 1) {
        fprintf(stderr, _("terrish import: invalid or missing \"%s\" in the "
                          "dashboard\n"),
                what);
        return EXIT_INVALID_INPUT;
    }
    if (rc != 0) {
        fprintf(stderr, "terrish import: %s\n", store_error(store));
        return EXIT_INVALID_INPUT;
    }
    return EXIT_OK;
}

/* --owner NAME of import dashboard, for the local command only. */
static int
import_owner_option(const struct command_context *ctx, int key,
                    const char *value, void *arg)
{
    (void)key;
    if (ctx->origin == COMMAND_REMOTE) {
        fputs(_("terrish dashboards: --owner is for the local "
                "command: over SSH you own what you import\n"),
              stderr);
        return EXIT_PERMISSION;
    }
    *(const char **)arg = value;
    return EXIT_OK;
}

int
cmd_import_dashboard(const struct command_context *ctx, int argc,
                     char **argv)
{
    static const struct option owner_option[] = {
        {"owner", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *owner_given = NULL;
    const struct command_parser parser = {
        .name = "dashboards",
        .short_options = "o:",
        .long_options = owner_option,
        .option = import_owner_option,
        .usage = cmd_dashboards_usage,
        .arg = &owner_given,
    };
    struct command_options options = {NULL, 0};
    struct audit_actor actor = command_actor(ctx);
    struct store *store = NULL;
    json_t *root = NULL;
    json_t *detail = NULL;
    const char *owner = ctx->account;
    char target[48];
    int64_t id = 0;
    int status;

    status = command_options_parse(ctx, argc, argv, &parser, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (ctx->origin == COMMAND_LOCAL)
        owner = owner_given;
    if (owner == NULL)
        return command_usage_error("dashboards", _("missing option"),
                                   "--owner");
    if (argc - optind != 1)
        return command_usage_error("dashboards",
                                   _("expected one file (or -) after"),
                                   "dashboard");
    if (ctx->origin == COMMAND_REMOTE && strcmp(argv[optind], "-") != 0) {
        fputs(_("terrish import: files of the server cannot be read over "
                "SSH: send the dashboard on standard input with '-'\n"),
              stderr);
        return EXIT_PERMISSION;
    }
    root = dashboards_read_json(argv[optind], &status);
    if (root == NULL)
        return status;
    status = command_store_open("dashboards", &options, STORE_OPEN_EXISTING,
                                &store);
    if (status == EXIT_OK)
        status = dashboards_create(store, root, owner, &id);
    if (status == EXIT_OK) {
        snprintf(target, sizeof target, "dashboard:%lld", (long long)id);
        detail = json_pack("{s:s}", "owner", owner);
        if (store_audit(store, &actor, "dashboard.import", target, detail))
            fprintf(stderr, "terrish import: %s\n", store_error(store));
        json_decref(detail);
        printf(_("Dashboard %lld created.\n"), (long long)id);
    }
    json_decref(root);
    store_close(store);
    return status;
}
