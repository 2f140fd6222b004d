/*
 * terrish: allocation wrappers that abort on out of memory.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"

static void
out_of_memory(size_t size)
{
    fprintf(stderr, "terrish: out of memory (allocating %zu bytes)\n", size);
    abort();
}

void *
xmalloc(size_t size)
{
    void *ptr = malloc(size == 0 ? 1 : size);

    if (ptr == NULL)
        out_of_memory(size);
    return ptr;
}

void *
xcalloc(size_t count, size_t size)
{
    void *ptr = calloc(count == 0 ? 1 : count, size == 0 ? 1 : size);

    if (ptr == NULL)
        out_of_memory(count * size);
    return ptr;
}

void *
xrealloc(void *ptr, size_t size)
{
    void *grown = realloc(ptr, size == 0 ? 1 : size);

    if (grown == NULL)
        out_of_memory(size);
    return grown;
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = xmalloc(len + 1);

    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
    char *out = NULL;
    int rc;

    rc = vasprintf(&out, fmt, ap);
    if (rc < 0)
        out_of_memory(strlen(fmt));
    return out;
}

char *
xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *out = NULL;

    va_start(ap, fmt);
    out = xvasprintf(fmt, ap);
    va_end(ap);
    return out;
}

void
secure_wipe(void *ptr, size_t size)
{
    if (ptr == NULL)
        return;
#ifdef HAVE_EXPLICIT_BZERO
    explicit_bzero(ptr, size);
#else
    volatile unsigned char *p = ptr;

    while (size-- > 0)
        *p++ = 0;
#endif
}

void
assert_fail(const char *cond, const char *file, int line)
{
    log_error("internal error: assertion '%s' failed at %s:%d", cond, file,
              line);
    fprintf(stderr, "terrish: internal error: assertion '%s' failed at %s:%d\n",
            cond, file, line);
    abort();
}
