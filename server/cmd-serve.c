/*
 * terrish serve: parse the server's settings and run the listener.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

static void
serve_usage(FILE *out)
{
    fprintf(out,
            "Usage: terrish serve [OPTIONS]\n\n"
            "Run the SSH server. Flags override the settings of the config "
            "file.\n\n"
            "  -f, --config FILE         sshd_config-style settings file\n"
            "  -l, --listen ADDR         address to listen on (default "
            "127.0.0.1)\n"
            "  -p, --port N              TCP port (default 2222)\n"
            "  -s, --store FILE          store (default %s)\n"
            "  -k, --host-key FILE       host private key, ed25519 or RSA; "
            "repeat for several\n"
            "  -L, --log-file FILE       append the log to FILE\n"
            "      --syslog              log to syslog (facility daemon)\n"
            "      --log-level LEVEL     error, warn, info (default) or "
            "debug\n"
            "  -m, --max-sessions N      authenticated sessions at once "
            "(default 100)\n"
            "      --max-startups N      unauthenticated connections at once: "
            "N, or S:R:F to\n"
            "                            refuse from S on with R %% chance, "
            "rising to all at F\n"
            "                            (default 10:30:100)\n"
            "      --max-auth-tries N    failed attempts per connection "
            "(default 6)\n"
            "      --login-grace-time T  time to authenticate (default 120s; "
            "0 = no limit)\n"
            "      --idle-timeout T      end a session after T without input "
            "(default 1h; 0 = never)\n"
            "      --pid-file FILE       write the server's process id\n"
            "      --locale-dir DIR      message catalogues (default %s)\n"
            "      --hub-socket PATH     Unix socket of the notification hub, "
            "at most 107\n"
            "                            bytes (default: the store + .hub; "
            "none: no hub)\n"
            "  -F, --foreground          stay in the foreground\n"
            "  -h, --help                show this help\n\n"
            "Durations take a unit: 90, 90s, 5m, 1h. Config keywords: "
            "ListenAddress, Port,\nStore, HostKey, LogFile, Syslog, "
            "LogLevel, MaxSessions, MaxStartups,\nMaxAuthTries, "
            "LoginGraceTime, IdleTimeout, ShutdownGraceTime, PidFile,\n"
            "LocaleDir, HubSocket.\n",
            default_store_path(), default_locale_dir());
}

/* Map a long option to its config keyword; flags reuse the file parser. */
static const char *
serve_option_keyword(int opt)
{
    switch (opt) {
    case 'l':
        return "ListenAddress";
    case 'p':
        return "Port";
    case 's':
        return "Store";
    case 'k':
        return "HostKey";
    case 'L':
        return "LogFile";
    case 'm':
        return "MaxSessions";
    case 1001:
        return "MaxStartups";
    case 1002:
        return "MaxAuthTries";
    case 1003:
        return "LoginGraceTime";
    case 1004:
        return "IdleTimeout";
    case 1005:
        return "PidFile";
    case 1006:
        return "LocaleDir";
    case 1007:
        return "LogLevel";
    case 1008:
        return "HubSocket";
    default:
        return NULL;
    }
}

int
cmd_serve(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'f'},
        {"listen", required_argument, NULL, 'l'},
        {"port", required_argument, NULL, 'p'},
        {"store", required_argument, NULL, 's'},
        {"host-key", required_argument, NULL, 'k'},
        {"log-file", required_argument, NULL, 'L'},
        {"syslog", no_argument, NULL, 1000},
        {"log-level", required_argument, NULL, 1007},
        {"max-sessions", required_argument, NULL, 'm'},
        {"max-startups", required_argument, NULL, 1001},
        {"max-auth-tries", required_argument, NULL, 1002},
        {"login-grace-time", required_argument, NULL, 1003},
        {"idle-timeout", required_argument, NULL, 1004},
        {"pid-file", required_argument, NULL, 1005},
        {"locale-dir", required_argument, NULL, 1006},
        {"hub-socket", required_argument, NULL, 1008},
        {"foreground", no_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char short_options[] = "f:l:p:s:k:L:m:Fh";
    struct server_config config;
    const char *config_file = NULL;
    const char *keyword = NULL;
    char *error = NULL;
    int host_keys_from_flags = 0;
    int status = EXIT_USAGE;
    int opt;

    (void)ctx;
    /* The config file is read first so that flags override it. */
    optind = 1;
    while ((opt = getopt_long(argc, argv, short_options, options, NULL)) !=
           -1) {
        if (opt == 'f')
            config_file = optarg;
        else if (opt == 'h') {
            serve_usage(stdout);
            return EXIT_OK;
        } else if (opt == '?') {
            serve_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "terrish serve: unexpected argument '%s'\n",
                argv[optind]);
        return EXIT_USAGE;
    }

    server_config_init(&config);
    if (config_file != NULL &&
        server_config_load(&config, config_file, &error) != 0)
        goto out;

    optind = 1;
    while ((opt = getopt_long(argc, argv, short_options, options, NULL)) !=
           -1) {
        if (opt == 'F') {
            config.foreground = 1;
            continue;
        }
        if (opt == 1000) {
            config.log_syslog = 1;
            continue;
        }
        keyword = serve_option_keyword(opt);
        if (keyword == NULL)
            continue;
        if (opt == 'k' && !host_keys_from_flags) {
            /* Host keys given as flags replace those of the file. */
            while (config.host_key_count > 0)
                free(config.host_keys[--config.host_key_count]);
            host_keys_from_flags = 1;
        }
        if (server_config_set(&config, keyword, optarg, &error) != 0)
            goto out;
    }
    if (config.host_key_count == 0) {
        error = xstrdup("no host key: give --host-key FILE (create one "
                        "with: ssh-keygen -t ed25519 -N '' -f FILE)");
        goto out;
    }
    status = server_run(&config);
out:
    if (error != NULL) {
        fprintf(stderr, "terrish serve: %s\n", error);
        free(error);
    }
    server_config_free(&config);
    return status;
}
