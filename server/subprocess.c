/*
 * terrish: collect the exit of a session's child process (the terminal
 * application or an exec command).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include "server/server.h"

int
subprocess_reap(struct subprocess *child)
{
    int status;

    if (child->exited || waitpid(child->pid, &status, WNOHANG) != child->pid)
        return 0;
    child->exited = 1;
    if (WIFEXITED(status)) {
        child->exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        child->exit_status = -1;
        child->term_signal = WTERMSIG(status);
    }
    return 1;
}
