/*
 * terrish: running the built binary from tests through the shell.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/cli-run.h"

int
cli_run(char *output, size_t size, const char *fmt, ...)
{
    char command[8192];
    size_t len = 0;
    va_list ap;
    FILE *pipe = NULL;
    int status;

    va_start(ap, fmt);
    vsnprintf(command, sizeof command - 8, fmt, ap);
    va_end(ap);
    strcat(command, " 2>&1");
    pipe = popen(command, "r");
    ck_assert_ptr_nonnull(pipe);
    len = fread(output, 1, size - 1, pipe);
    output[len] = '\0';
    status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
