/*
 * terrish: an SSH server that gives each user a terminal application to
 * understand a French territory's energy, climate and mobility situation.
 * Copyright (C) 2026 the terrish authors.
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU Affero General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or (at your
 * option) any later version. See the LICENSE file.
 */
#include "config.h"

#include "server/server.h"

int
main(int argc, char **argv)
{
    const struct command_context ctx = {
        .origin = COMMAND_LOCAL,
        .invocation = "terrish",
    };

    /* Commands other than serve report progress themselves; their log
     * shows only warnings and errors on standard error. serve sets the
     * level of its settings. */
    log_set_level(LOG_LEVEL_WARN);
    command_locale_init(default_locale_dir(), NULL);
    return command_run(&ctx, argc - 1, argv + 1);
}
