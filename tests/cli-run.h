/*
 * terrish: running the built binary from tests through the shell.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_CLI_RUN_H
#define TERRISH_CLI_RUN_H

#include <stddef.h>

/*
 * Run a shell command built from fmt with standard error merged into
 * standard output, keep that output (truncated to size - 1 bytes) in
 * output, and return the exit status (-1 when it did not exit normally).
 */
int cli_run(char *output, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
