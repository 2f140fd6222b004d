/*
 * terrish: `terrish ui`, the terminal application on the current terminal,
 * for local use and for tests.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "tui/tui.h"

static void
ui_usage(FILE *out)
{
    fprintf(out,
            "Usage: terrish ui --store FILE [--user NAME] [--lang fr|en]\n"
            "                  [--locale-dir DIR] [--log FILE]\n"
            "                  [--hub-socket PATH]\n"
            "\n"
            "Run the terminal application on this terminal.\n"
            "\n"
            "Options:\n"
            "  --store FILE       store created by 'terrish init' (required)\n"
            "  --user NAME        account shown in the status bar, whose\n"
            "                     language choice is read and saved\n"
            "  --lang fr|en       language of the messages (default: the\n"
            "                     account's choice, else fr)\n"
            "  --locale-dir DIR   directory holding fr/LC_MESSAGES/"
            "terrish.mo\n"
            "                     (default: $TERRISH_LOCALEDIR, else %s)\n"
            "  --log FILE         append the log to FILE (default: syslog,\n"
            "                     because the terminal shows the "
            "application)\n"
            "  --hub-socket PATH  notification hub of a running 'terrish "
            "serve', to see\n"
            "                     other sessions' changes live (default: "
            "the store path\n"
            "                     + \".hub\" when that socket exists; none: "
            "no hub)\n"
            "  -h, --help         show this help\n",
            LOCALEDIR);
}

/* The hub socket to join: the option, else the store path + ".hub" when
 * a socket is there (a server runs on that store). NULL for none. The
 * caller frees the result. */
static char *
ui_hub_path(const char *option, const char *store_path)
{
    struct stat st;
    char *path;

    if (option != NULL) {
        return strcmp(option, "none") == 0 ? NULL : xstrdup(option);
    }
    path = xasprintf("%s.hub", store_path);
    if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        free(path);
        return NULL;
    }
    return path;
}

int
cmd_ui(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option long_options[] = {
        {"store", required_argument, NULL, 's'},
        {"user", required_argument, NULL, 'u'},
        {"lang", required_argument, NULL, 'l'},
        {"locale-dir", required_argument, NULL, 'd'},
        {"log", required_argument, NULL, 'g'},
        {"hub-socket", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct tui_options options;
    const char *log_file = NULL;
    const char *hub_option = NULL;
    char *hub_path = NULL;
    char *error = NULL;
    int status;
    int opt;

    (void)ctx;
    memset(&options, 0, sizeof(options));
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        switch (opt) {
        case 's':
            options.store_path = optarg;
            break;
        case 'u':
            options.user_name = optarg;
            break;
        case 'l':
            options.lang = optarg;
            break;
        case 'd':
            options.locale_dir = optarg;
            break;
        case 'g':
            log_file = optarg;
            break;
        case 'b':
            hub_option = optarg;
            break;
        case 'h':
            ui_usage(stdout);
            return EXIT_OK;
        case ':':
            fprintf(stderr, "terrish ui: option '%s' requires a value\n",
                    argv[optind - 1]);
            return EXIT_USAGE;
        default:
            fprintf(stderr,
                    "terrish ui: invalid option '%s'; run 'terrish ui "
                    "--help' for the options\n",
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }

    if (optind < argc) {
        fprintf(stderr, "terrish ui: unexpected argument '%s'\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (options.store_path == NULL) {
        fprintf(stderr, "terrish ui: missing --store FILE (create one with "
                        "'terrish init --store FILE')\n");
        return EXIT_USAGE;
    }
    if (options.lang != NULL && strcmp(options.lang, "fr") != 0 &&
        strcmp(options.lang, "en") != 0) {
        fprintf(stderr, "terrish ui: invalid --lang '%s': use fr or en\n",
                options.lang);
        return EXIT_USAGE;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "terrish ui: standard input and output must be a "
                        "terminal\n");
        return EXIT_FAILURE_RUN;
    }

    if (log_file == NULL) {
        log_open_syslog();
    } else if (log_open_file(log_file, &error) != 0) {
        fprintf(stderr, "terrish ui: could not open the log file %s: %s\n",
                log_file, error ? error : "unknown error");
        free(error);
        return EXIT_FAILURE_RUN;
    }
    if (options.locale_dir == NULL) {
        options.locale_dir = default_locale_dir();
    }
    hub_path = ui_hub_path(hub_option, options.store_path);
    options.hub_path = hub_path;
    status = tui_run(&options);
    free(hub_path);
    return status;
}
