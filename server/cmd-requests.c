/*
 * terrish requests: list the account requests, accept or refuse one.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * A regional administrator sees and decides only the requests whose
 * territory lies in its région; an administrator and the local command
 * see them all. The text of a request was typed by someone without an
 * account, so text output escapes what could drive a terminal.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

struct requests_options {
    struct command_options common;
    int all;            /* list: decided requests too */
    const char *reason; /* refuse */
};

void
command_print_text(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    size_t i = 0;

    while (i < len) {
        size_t n = 1;

        if (p[i] >= 0xc2 && p[i] <= 0xf4) {
            if (p[i] >= 0xf0)
                n = 4;
            else if (p[i] >= 0xe0)
                n = 3;
            else
                n = 2;
            if (i + n > len || !text_utf8_valid(text + i, n) ||
                (n == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f))
                n = 0;
        } else if (p[i] >= 0x80 || p[i] < 0x20 || p[i] == 0x7f) {
            n = 0;
        }
        if (n == 0 && (p[i] == '\n' || p[i] == '\t')) {
            fputs(p[i] == '\n' ? "\\n" : "\\t", out);
            i++;
            continue;
        }
        if (n == 0) {
            fprintf(out, "\\x%02x", p[i]);
            i++;
            continue;
        }
        if (p[i] == '\\')
            fputc('\\', out);
        fwrite(p + i, 1, n, out);
        i += n;
    }
}

static void
requests_usage(const struct command_context *ctx, FILE *out)
{
    int local = ctx->origin == COMMAND_LOCAL;
    const char *store = local ? " [--store FILE]" : "";

    fprintf(out,
            _("Usage: %s requests list [--all] [--format text|json]%s\n"
              "       %s requests show ID [--format text|json]%s\n"
              "       %s requests accept ID%s\n"
              "       %s requests refuse ID --reason TEXT%s\n\n"),
            ctx->invocation, store, ctx->invocation, store, ctx->invocation,
            store, ctx->invocation, store);
    fputs(_("Account requests come from people who logged in as 'request' "
            "with the key\n"
            "they want to use. list shows the pending ones, oldest first "
            "(--all: every\n"
            "request, newest first), one per line with the tab-separated "
            "columns id,\n"
            "status, created_at, name, full_name, email, organisation, "
            "territory,\n"
            "key fingerprint and address. show prints one request, "
            "NAME<tab>VALUE.\n"
            "In text, a line feed appears as \\n, a tab as \\t, a "
            "backslash as \\\\, other\n"
            "control characters and invalid UTF-8 as \\xHH.\n"
            "accept creates the account with role user and the request's "
            "key; refuse\n"
            "records the reason, which the requester reads at the next "
            "login. Both are\n"
            "recorded in the audit log. A regional administrator sees and "
            "decides only\n"
            "the requests about a territory of its région.\n\n"
            "  -a, --all            list: decided requests too\n"
            "  -r, --reason TEXT    refuse: the reason shown to the "
            "requester\n"
            "  -f, --format FORMAT  text (default) or json\n"),
          out);
    if (local)
        fprintf(out, _("  -s, --store FILE     store to use (default %s)\n"),
                default_store_path());
    fputs(_("  -h, --help           show this help\n\n"
            "Exit status: 0 done, 1 failed or already decided, 2 usage "
            "error, 3 no such\n"
            "request, 4 permission denied (another région).\n"),
          out);
}

/* "level:code name" of the request's territory, "" once it was removed. */
static char *
requests_territory_text(const struct account_request *r)
{
    if (r->territory_name == NULL)
        return xstrdup("");
    return xasprintf("%s:%s %s", territory_level_name(r->territory_level),
                     r->territory_code, r->territory_name);
}

static json_t *
requests_json(const struct account_request *r)
{
    json_t *object = json_object();
    json_t *territory = json_null();
    const char *names[] = {"created_at", "name", "full_name", "email",
                           "organisation", "reason", "key_type",
                           "key_fingerprint", "address", "lang",
                           "decided_at", "decided_by", "refusal_reason",
                           "account"};
    const char *values[] = {r->created_at, r->name, r->full_name, r->email,
                            r->organisation, r->reason, r->key_type,
                            r->key_fingerprint, r->address, r->lang,
                            r->decided_at, r->decided_by, r->refusal_reason,
                            r->account_name};
    size_t i;

    if (r->territory_name != NULL) {
        territory = json_object();
        json_object_set_new(
            territory, "level",
            json_string(territory_level_name(r->territory_level)));
        json_object_set_new(territory, "code",
                            command_json_text(r->territory_code));
        json_object_set_new(territory, "name",
                            command_json_text(r->territory_name));
    }
    json_object_set_new(object, "id", json_integer(r->id));
    json_object_set_new(object, "status",
                        json_string(request_status_name(r->status)));
    json_object_set_new(object, "territory", territory);
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        json_object_set_new(object, names[i], command_json_text(values[i]));
    return object;
}

/* Print one request as a line of tab-separated, escaped columns. */
static void
requests_print_line(const struct account_request *r)
{
    char *territory = requests_territory_text(r);
    const char *columns[] = {request_status_name(r->status), r->created_at,
                             r->name, r->full_name, r->email,
                             r->organisation, territory, r->key_fingerprint,
                             r->address};
    size_t i;

    printf("%lld", (long long)r->id);
    for (i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        putchar('\t');
        command_print_text(stdout, columns[i]);
    }
    putchar('\n');
    free(territory);
}

/* Print one request, one escaped NAME<tab>VALUE line per field. */
static void
requests_print_fields(const struct account_request *r)
{
    char *territory = requests_territory_text(r);
    const char *names[] = {"status",     "created_at",   "name",
                           "full_name",  "email",        "organisation",
                           "territory",  "reason",       "key_type",
                           "key_fingerprint", "address", "lang",
                           "decided_at", "decided_by",   "refusal_reason",
                           "account"};
    const char *values[] = {
        request_status_name(r->status), r->created_at, r->name,
        r->full_name, r->email, r->organisation, territory, r->reason,
        r->key_type, r->key_fingerprint, r->address, r->lang,
        r->decided_at, r->decided_by, r->refusal_reason, r->account_name};
    size_t i;

    printf("id\t%lld\n", (long long)r->id);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        printf("%s\t", names[i]);
        command_print_text(stdout, values[i] != NULL ? values[i] : "");
        putchar('\n');
    }
    free(territory);
}

static void
print_json(json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER);

    printf("%s\n", text);
    free(text);
    json_decref(value);
}

static int
requests_list(const struct command_context *ctx, struct store *store,
              const struct requests_options *options)
{
    struct request_filter filter = {ctx->region, !options->all, NULL};
    struct account_request *requests = NULL;
    json_t *array = NULL;
    size_t count = 0;
    size_t i;

    if (store_request_list(store, &filter, &requests, &count) != 0) {
        fprintf(stderr, "terrish requests: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (options->common.json)
        array = json_array();
    for (i = 0; i < count; i++) {
        if (options->common.json)
            json_array_append_new(array, requests_json(&requests[i]));
        else
            requests_print_line(&requests[i]);
    }
    if (options->common.json)
        print_json(array);
    account_requests_free(requests, count);
    return EXIT_OK;
}

static int
requests_show(const struct command_context *ctx, struct store *store,
              int64_t id, const struct requests_options *options)
{
    struct account_request request;
    int rc;

    rc = store_request_get(store, id, &request);
    if (rc == 1)
        store_set_error(store, "no account request has the number %lld",
                        (long long)id);
    if (rc == 0 && ctx->region != NULL) {
        rc = request.territory_id != 0
                 ? store_territory_in_region(store, request.territory_id,
                                             ctx->region)
                 : 0;
        if (rc == 0) {
            store_set_error(store, "request %lld is not about a territory "
                                   "of région %s",
                            (long long)id, ctx->region);
            rc = STORE_FORBIDDEN;
        } else if (rc == 1) {
            rc = 0;
        }
    }
    if (rc == 0 && options->common.json)
        print_json(requests_json(&request));
    else if (rc == 0)
        requests_print_fields(&request);
    account_request_clear(&request);
    return command_store_status("requests", store, rc);
}

static int
requests_decide(const struct command_context *ctx, struct store *store,
                const char *action, int64_t id,
                const struct requests_options *options)
{
    struct audit_actor actor = command_actor(ctx);
    int rc;

    if (strcmp(action, "accept") == 0) {
        rc = store_request_accept(store, id, &actor, ctx->region);
        if (rc == 0)
            printf(_("Request %lld accepted.\n"), (long long)id);
    } else {
        rc = store_request_refuse(store, id, &actor, ctx->region,
                                  options->reason);
        if (rc == 0)
            printf(_("Request %lld refused.\n"), (long long)id);
    }
    return command_store_status("requests", store, rc);
}

/* --all and --reason, the options of requests besides the shared ones. */
static int
requests_option(const struct command_context *ctx, int key, const char *value,
                void *arg)
{
    struct requests_options *options = arg;

    (void)ctx;
    if (key == 'a')
        options->all = 1;
    else
        options->reason = value;
    return EXIT_OK;
}

/* Parse the options and check the action and its arguments. Returns
 * EXIT_OK, an exit status, or -1 after --help. */
static int
requests_parse(const struct command_context *ctx, int argc, char **argv,
               struct requests_options *options)
{
    static const struct option long_options[] = {
        {"all", no_argument, NULL, 'a'},
        {"reason", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    const struct command_parser parser = {
        .name = "requests",
        .short_options = "ar:",
        .long_options = long_options,
        .option = requests_option,
        .usage = requests_usage,
        .arg = options,
    };
    const char *action = NULL;
    int status;

    status = command_options_parse(ctx, argc, argv, &parser,
                                   &options->common);
    if (status != EXIT_OK)
        return status;
    action = optind < argc ? argv[optind] : "";
    if (strcmp(action, "list") == 0)
        return argc - optind == 1
                   ? EXIT_OK
                   : command_usage_error("requests",
                                         _("unexpected argument after"),
                                         action);
    if (strcmp(action, "show") != 0 && strcmp(action, "accept") != 0 &&
        strcmp(action, "refuse") != 0)
        return command_usage_error(
            "requests", _("expected list, show, accept or refuse, found"),
            action);
    if (argc - optind != 2)
        return command_usage_error("requests",
                                   _("expected one request number after"),
                                   action);
    if (strcmp(action, "refuse") == 0 && options->reason == NULL)
        return command_usage_error("requests", _("missing option"),
                                   "--reason");
    return EXIT_OK;
}

int
cmd_requests(const struct command_context *ctx, int argc, char **argv)
{
    struct requests_options options;
    struct store *store = NULL;
    const char *action;
    int64_t id = 0;
    int status;

    memset(&options, 0, sizeof options);
    status = requests_parse(ctx, argc, argv, &options);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    action = argv[optind];
    if (strcmp(action, "list") != 0 &&
        command_parse_id(argv[optind + 1], &id) < 0)
        return command_usage_error("requests", _("invalid request number"),
                                   argv[optind + 1]);
    status = command_store_open("requests", &options.common,
                                STORE_OPEN_EXISTING, &store);
    if (status != EXIT_OK)
        return status;
    if (strcmp(action, "list") == 0)
        status = requests_list(ctx, store, &options);
    else if (strcmp(action, "show") == 0)
        status = requests_show(ctx, store, id, &options);
    else
        status = requests_decide(ctx, store, action, id, &options);
    store_close(store);
    return status;
}
