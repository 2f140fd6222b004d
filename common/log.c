/*
 * terrish: leveled logging to a file or syslog.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each line is formatted in memory and written with one write(2) to a file
 * opened with O_APPEND, so the listener and every session process can share
 * the file without interleaving lines shorter than PIPE_BUF.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"

#define LOG_LINE_MAX 2048

static int log_fd = -1;
static int log_to_syslog;
static char *log_path;
static enum log_level log_level = LOG_LEVEL_INFO;
static char log_prefix[64] = "terrish";

static const char *const log_level_names[] = {
    [LOG_LEVEL_ERROR] = "error",
    [LOG_LEVEL_WARN] = "warn",
    [LOG_LEVEL_INFO] = "info",
    [LOG_LEVEL_DEBUG] = "debug",
};

int
log_open_file(const char *path, char **error)
{
    int fd;

    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        *error = xasprintf("cannot open log file %s: %s", path,
                           strerror(errno));
        return -1;
    }
    if (log_fd >= 0)
        close(log_fd);
    log_fd = fd;
    log_to_syslog = 0;
    if (log_path != path) {
        free(log_path);
        log_path = xstrdup(path);
    }
    return 0;
}

void
log_open_syslog(void)
{
    openlog("terrish", LOG_PID | LOG_NDELAY, LOG_DAEMON);
    log_to_syslog = 1;
}

/*
 * Keep logging to the current standard error after it is redirected: a
 * process about to put a terminal on fds 0-2 calls this so that its log
 * lines go where the server's do, never onto the user's screen.
 */
int
log_detach_stderr(void)
{
    int fd;

    if (log_fd >= 0 || log_to_syslog)
        return 0;
    fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return -1;
    log_fd = fd;
    return 0;
}

/*
 * Reopen the file when it was renamed or removed since it was opened, so
 * every process follows log rotation, not only the one that got SIGHUP.
 */
static void
log_follow_rotation(void)
{
    struct stat by_path;
    struct stat by_fd;
    char *error = NULL;

    if (log_path == NULL || log_fd < 0)
        return;
    if (stat(log_path, &by_path) == 0 && fstat(log_fd, &by_fd) == 0 &&
        by_path.st_ino == by_fd.st_ino && by_path.st_dev == by_fd.st_dev)
        return;
    if (log_open_file(log_path, &error) != 0)
        free(error); /* keep writing to the old file */
}

/* Reopen the log file after rotation (SIGHUP). */
int
log_reopen(void)
{
    char *error = NULL;
    int rc;

    if (log_path == NULL)
        return 0;
    rc = log_open_file(log_path, &error);
    if (rc != 0) {
        log_error("%s", error);
        free(error);
    }
    return rc;
}

void
log_close(void)
{
    if (log_fd >= 0)
        close(log_fd);
    log_fd = -1;
    if (log_to_syslog)
        closelog();
    log_to_syslog = 0;
    free(log_path);
    log_path = NULL;
}

void
log_set_level(enum log_level level)
{
    log_level = level;
}

enum log_level
log_get_level(void)
{
    return log_level;
}

int
log_parse_level(const char *name, enum log_level *level)
{
    size_t i;

    for (i = 0; i < sizeof log_level_names / sizeof log_level_names[0]; i++) {
        if (strcmp(name, log_level_names[i]) == 0) {
            *level = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

void
log_set_prefix(const char *prefix)
{
    snprintf(log_prefix, sizeof log_prefix, "%s", prefix);
}

/* Replace control characters so that a client-sent string cannot forge
 * log lines or send escape sequences to the reader of the log. */
static void
log_sanitize(char *line)
{
    unsigned char *p;

    for (p = (unsigned char *)line; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f)
            *p = '?';
    }
}

void
log_write(enum log_level level, const char *fmt, ...)
{
    static const int syslog_priorities[] = {
        [LOG_LEVEL_ERROR] = LOG_ERR,
        [LOG_LEVEL_WARN] = LOG_WARNING,
        [LOG_LEVEL_INFO] = LOG_INFO,
        [LOG_LEVEL_DEBUG] = LOG_DEBUG,
    };
    char message[LOG_LINE_MAX];
    char line[LOG_LINE_MAX + 128];
    char stamp[32];
    struct timespec now;
    struct tm tm;
    va_list ap;
    int len;
    int saved_errno = errno;

    if (level > log_level)
        return;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    log_sanitize(message);

    if (log_to_syslog) {
        syslog(syslog_priorities[level], "%s: %s", log_level_names[level],
               message);
        errno = saved_errno;
        return;
    }

    log_follow_rotation();
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    len = snprintf(line, sizeof line, "%s.%03ldZ %s[%ld] %s: %s\n", stamp,
                   now.tv_nsec / 1000000, log_prefix, (long)getpid(),
                   log_level_names[level], message);
    if (len < 0)
        return;
    if ((size_t)len >= sizeof line)
        len = sizeof line - 1;
    if (write(log_fd >= 0 ? log_fd : STDERR_FILENO, line, (size_t)len) < 0) {
        /* Nowhere left to report a failed log write. */
    }
    errno = saved_errno;
}
