/*
 * terrish: the table of commands, shared by the terrish binary and the
 * commands of SSH exec requests, and the rules of who may run what.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Both callers go through command_run(), so a command parses the same
 * arguments and returns the same exit status whether it runs in a shell on
 * the server or over SSH. Over SSH an account runs the commands that its
 * role allows (the access column of the table); creating stores, accounts
 * and groups stays with the local binary.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

struct command {
    const char *name;
    int (*run)(const struct command_context *ctx, int argc, char **argv);
    const char *arguments; /* after the name, in the help */
    const char *summary;   /* marked with N_(), translated when shown */
    enum command_access access;
    /* Actions that only administrators may run, listed to them only, or
     * NULL. */
    const char *admin_arguments;
    /* The summary shown to other accounts when it differs, or NULL. */
    const char *user_summary;
};

static const struct command commands[] = {
    {"territories", cmd_territories, "search TEXT | show CODE",
     N_("find territories by name or code, and show one"),
     COMMAND_ANY_ACCOUNT, NULL, NULL},
    {"indicators", cmd_indicators, "list | show ID",
     N_("list the indicators of the catalogue, and show one"),
     COMMAND_ANY_ACCOUNT, "publish | withdraw", NULL},
    {"export", cmd_export, "indicator ID --territory LEVEL:CODE ... | "
                           "dashboard ID | strategy ID",
     N_("write indicator values or a strategy's impacts as CSV or JSON, "
        "or a dashboard as JSON"),
     COMMAND_ANY_ACCOUNT, NULL, NULL},
    {"import", cmd_import, "dashboard",
     N_("load an indicator file (administrators) or a dashboard"),
     COMMAND_ANY_ACCOUNT, "indicator --meta FILE.json FILE.csv",
     N_("load a dashboard from the JSON of export dashboard")},
    {"dashboards", cmd_dashboards,
     "list | show ID | rename ID NAME | share ID ACCOUNT viewer|editor | "
     "unshare ID ACCOUNT | remove ID",
     N_("list, show, rename, share and remove dashboards; make one public "
        "(administrators)"),
     COMMAND_ANY_ACCOUNT, "public ID yes|no",
     N_("list, show, rename, share and remove dashboards")},
    {"strategies", cmd_strategies,
     "list | show ID | sources ID | rename ID NAME | "
     "share ID ACCOUNT viewer|editor | unshare ID ACCOUNT | remove ID",
     N_("list, show, rename, share and remove strategies, and show where "
        "their figures come from; make one public (administrators)"),
     COMMAND_ANY_ACCOUNT, "public ID yes|no",
     N_("list, show, rename, share and remove strategies, and show where "
        "their figures come from")},
    {"requests", cmd_requests, "list | show ID | accept ID | refuse ID",
     N_("decide on account requests"), COMMAND_ADMINS, NULL, NULL},
    {"audit", cmd_audit, "[--account NAME] [--action A] [--since DATE]",
     N_("read the audit log of sensitive actions"), COMMAND_ADMINS, NULL, NULL},
    {"serve", cmd_serve, "[OPTIONS]", N_("run the SSH server"),
     COMMAND_LOCAL_ONLY, NULL, NULL},
    {"init", cmd_init, "[--store FILE] [--data DIR]",
     N_("create a store and load the bundled data"), COMMAND_LOCAL_ONLY, NULL, NULL},
    {"user", cmd_user, "add | list | remove | rename | key | password",
     N_("add, list, rename and remove accounts and their keys"),
     COMMAND_LOCAL_ONLY, NULL, NULL},
    {"ui", cmd_ui, "[OPTIONS]",
     N_("run the terminal application on this terminal"),
     COMMAND_LOCAL_ONLY, NULL, NULL},
    {"group", cmd_group, "add | list | show | remove",
     N_("define groups of communes (parks, SCoT...)"), COMMAND_LOCAL_ONLY, NULL, NULL},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static const struct command *
command_find(const char *name)
{
    size_t i;

    for (i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

const char *
command_known_name(const char *name)
{
    const struct command *command = command_find(name);

    if (command != NULL)
        return command->name;
    if (strcmp(name, "help") == 0)
        return "help";
    return NULL;
}

int
command_sees_unpublished(const struct command_context *ctx)
{
    return ctx->origin == COMMAND_LOCAL || ctx->role == ROLE_ADMIN;
}

int
command_access_allowed(const struct command_context *ctx,
                       enum command_access access)
{
    if (ctx->origin == COMMAND_LOCAL)
        return 1;
    switch (access) {
    case COMMAND_ANY_ACCOUNT:
        return 1;
    case COMMAND_ADMINS:
        return ctx->role == ROLE_ADMIN || ctx->role == ROLE_REGIONAL_ADMIN;
    case COMMAND_ADMIN_ONLY:
        return ctx->role == ROLE_ADMIN;
    case COMMAND_LOCAL_ONLY:
        break;
    }
    return 0;
}

struct audit_actor
command_actor(const struct command_context *ctx)
{
    struct audit_actor actor = audit_local_actor;

    if (ctx->origin == COMMAND_REMOTE) {
        actor.account = ctx->account;
        actor.address = ctx->address != NULL ? ctx->address : "unknown";
    }
    return actor;
}

int
command_reject_role(const char *program, const char *who)
{
    /* TRANSLATORS: the first %s is a command such as "terrish import
     * indicator", the second names who may run it, such as
     * "administrators". */
    fprintf(stderr, _("%s: permission denied: only %s may run this over "
                      "SSH\n"),
            program, who);
    return EXIT_PERMISSION;
}

int
command_reject_store(const char *program)
{
    fprintf(stderr,
            _("%s: --store is not available over SSH: commands read the "
              "server's store\n"),
            program);
    return EXIT_PERMISSION;
}

void
command_locale_init(const char *locale_dir, const char *lang)
{
    if (lang != NULL) {
        /* glibc reads LANGUAGE only when LC_MESSAGES is not "C". */
        if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
            log_warn("locale C.UTF-8 is missing: messages stay in English");
        setenv("LANGUAGE", lang, 1);
    } else {
        setlocale(LC_MESSAGES, "");
    }
    if (locale_dir != NULL)
        bindtextdomain("terrish", locale_dir);
    bind_textdomain_codeset("terrish", "UTF-8");
    textdomain("terrish");
}

const char *
command_gettext(const char *msgid)
{
    return gettext(msgid);
}

int
command_messages_french(void)
{
    /* gettext("") returns the header entry of the catalogue in use, or ""
     * when the messages stay in English. */
    return strstr(gettext(""), "Language: fr") != NULL;
}

/* Print the exit statuses that every command shares. */
static void
command_print_exit_statuses(FILE *out)
{
    fputs(_("Exit status: 0 done, 1 failed (store or input/output error), "
            "2 usage error,\n"
            "3 not found, 4 permission denied, 5 invalid input.\n"),
          out);
}

/* Help of the terrish binary: every command. */
static void
command_usage_local(FILE *out)
{
    size_t i;

    fputs(_("Usage: terrish COMMAND [OPTIONS]\n\nCommands:\n"), out);
    for (i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name,
                _(commands[i].summary));
    fprintf(out, "  %-12s %s\n", "help",
            _("show this help, or the options of a command"));
    fputs(_("\nRun 'terrish help COMMAND' or 'terrish COMMAND --help' for "
            "the options of a\ncommand.\n\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n\n"),
          out);
    command_print_exit_statuses(out);
}

/* Help of an SSH exec request: the commands an account may run. */
static void
command_usage_remote(const struct command_context *ctx, FILE *out)
{
    size_t i;

    fprintf(out, _("Usage: %s COMMAND [ARGUMENTS]\n\n"), ctx->invocation);
    fprintf(out, _("Commands you can run over SSH, as %s:\n"), ctx->account);
    for (i = 0; i < COMMAND_COUNT; i++) {
        if (commands[i].access == COMMAND_LOCAL_ONLY ||
            !command_access_allowed(ctx, commands[i].access))
            continue;
        if (commands[i].admin_arguments != NULL &&
            ctx->role == ROLE_ADMIN)
            fprintf(out, "  %s %s | %s\n      %s\n", commands[i].name,
                    commands[i].arguments, commands[i].admin_arguments,
                    _(commands[i].summary));
        else
            fprintf(out, "  %s %s\n      %s\n", commands[i].name,
                    commands[i].arguments,
                    _(ctx->role != ROLE_ADMIN &&
                              commands[i].user_summary != NULL
                          ? commands[i].user_summary
                          : commands[i].summary));
    }
    fprintf(out, "  help [COMMAND]\n      %s\n",
            _("show this help, or the options of a command"));
    fprintf(out,
            _("\nArguments are split as a shell would split them, with "
              "'...', \"...\" and \\\n"
              "for quoting, but nothing is expanded. Quote ; | & < > ( ) $ "
              "` to pass them as\n"
              "text. Pipes and redirections run on your side:\n"
              "  %s export indicator population --territory region:84 "
              "> population.csv\n\n"),
            ctx->invocation);
    command_print_exit_statuses(out);
}

static void
command_usage(const struct command_context *ctx, FILE *out)
{
    if (ctx->origin == COMMAND_REMOTE)
        command_usage_remote(ctx, out);
    else
        command_usage_local(out);
}

/*
 * Run a command of the table after the caller's checks. argv[0] becomes
 * "terrish NAME" while it runs, because getopt names the program by it in
 * its messages.
 */
static int
command_dispatch(const struct command_context *ctx,
                 const struct command *command, int argc, char **argv)
{
    char *saved = argv[0];
    char *program = NULL;
    int status;

    if (ctx->origin == COMMAND_REMOTE &&
        command->access == COMMAND_LOCAL_ONLY) {
        fprintf(stderr,
                _("terrish: '%s' is not available over SSH; run '%s help' "
                  "for the commands you can run\n"),
                command->name, ctx->invocation);
        return EXIT_PERMISSION;
    }
    if (!command_access_allowed(ctx, command->access)) {
        fprintf(stderr,
                _("terrish: permission denied: '%s' is for %s; run '%s "
                  "help' for the commands you can run\n"),
                command->name,
                command->access == COMMAND_ADMIN_ONLY
                    ? _("administrators")
                    : _("administrators and regional administrators"),
                ctx->invocation);
        return EXIT_PERMISSION;
    }
    program = xasprintf("terrish %s", command->name);
    argv[0] = program;
    status = command->run(ctx, argc, argv);
    argv[0] = saved;
    free(program);
    return status;
}

/* "help" alone prints the list, "help COMMAND" runs COMMAND --help. */
static int
command_help(const struct command_context *ctx, int argc, char **argv)
{
    const struct command *command = NULL;
    char *help_argv[3];

    if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--help") == 0) {
        command_usage(ctx, stdout);
        return EXIT_OK;
    }
    if (argc > 2) {
        fprintf(stderr, _("terrish help: unexpected argument '%s' (use "
                          "'help COMMAND')\n"),
                argv[2]);
        return EXIT_USAGE;
    }
    command = command_find(argv[1]);
    if (command == NULL) {
        fprintf(stderr,
                _("terrish: unknown command '%s'; run '%s help' for the list "
                  "of commands\n"),
                argv[1], ctx->invocation);
        return EXIT_USAGE;
    }
    help_argv[0] = argv[1];
    help_argv[1] = (char *)"--help";
    help_argv[2] = NULL;
    return command_dispatch(ctx, command, 2, help_argv);
}

int
command_run(const struct command_context *ctx, int argc, char **argv)
{
    const struct command *command = NULL;

    if (argc < 1) {
        command_usage(ctx, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "-h") == 0 ||
        strcmp(argv[0], "--help") == 0)
        return command_help(ctx, argc, argv);
    if (strcmp(argv[0], "-V") == 0 || strcmp(argv[0], "--version") == 0) {
        printf("terrish %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    command = command_find(argv[0]);
    if (command == NULL) {
        fprintf(stderr,
                _("terrish: unknown command '%s'; run '%s help' for the list "
                  "of commands\n"),
                argv[0], ctx->invocation);
        return EXIT_USAGE;
    }
    return command_dispatch(ctx, command, argc, argv);
}
