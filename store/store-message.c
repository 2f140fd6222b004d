/*
 * terrish: the store's failure messages kept as their printf format and
 * the text of each argument, so that a screen can show them in the
 * reader's language. The store does not call gettext itself: the caller
 * of store_error_translated() passes it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "common/common.h"
#include "store/store.h"

#define MESSAGE_ARGS 8

struct store_message {
    const char *format; /* an English message id, as store_set_error() got it */
    char *args[MESSAGE_ARGS];
    /* 1 for an argument that a bare "%s" writes: a word of the code, such
     * as "too long" or "view", which is translated too. A quoted "\"%s\""
     * writes a value (a name, a code) that is never translated. */
    int words[MESSAGE_ARGS];
    size_t count;
};

/* One conversion of a printf format, as spec_read() parsed it. */
struct spec {
    char text[32];      /* the conversion without its "N$" */
    size_t length;      /* bytes it takes in the format */
    int position;       /* N of "%N$", or 0 */
    int star_width;     /* 1 for a "*" width, read from an int argument */
    int star_precision; /* 1 for a "*" precision, likewise */
    char size[3];   /* "hh", "h", "l", "ll", "z", "j", "t", "L" or "" */
    char conversion;
};

/* Parse the conversion that starts at format[0] == '%'. Returns 0, or -1
 * for a conversion that this file does not handle. */
static int
spec_read(const char *format, struct spec *spec)
{
    const char *p = format + 1;
    const char *digits = p;

    memset(spec, 0, sizeof *spec);
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '$' && p > digits) {
        spec->position = atoi(digits);
        p++;
    } else {
        p = digits;
    }
    digits = p;
    while (*p != '\0' && strchr("-+ #0'", *p) != NULL)
        p++;
    if (*p == '*') {
        spec->star_width = 1;
        p++;
    }
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        if (*p == '*') {
            spec->star_precision = 1;
            p++;
        }
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l')) {
        memcpy(spec->size, p, 2);
        p += 2;
    } else if (*p != '\0' && strchr("hlzjtL", *p) != NULL) {
        spec->size[0] = *p++;
    }
    if (*p == '\0' || strchr("diouxXcsfFeEgGaAp", *p) == NULL)
        return -1;
    spec->conversion = *p++;
    spec->length = (size_t)(p - format);
    if ((size_t)(p - digits) + 2 > sizeof spec->text)
        return -1;
    spec->text[0] = '%';
    memcpy(spec->text + 1, digits, (size_t)(p - digits));
    spec->text[p - digits + 1] = '\0';
    return 0;
}

/* Write the next argument of ap as spec converts it. Returns the text, or
 * NULL for a conversion that spec_read() accepts but this does not. */
static char *
spec_format(const struct spec *spec, va_list *ap)
{
    int width = spec->star_width ? va_arg(*ap, int) : 0;
    int precision = spec->star_precision ? va_arg(*ap, int) : 0;
    const char *s = spec->size;
    char format[40];
    char *star;

    /* A "*" becomes the number that it took. */
    snprintf(format, sizeof format, "%s", spec->text);
    star = strchr(format, '*');
    if (star != NULL) {
        char rest[40];

        snprintf(rest, sizeof rest, "%s", star + 1);
        snprintf(star, sizeof format - (size_t)(star - format), "%d%s",
                 spec->star_width ? width : precision, rest);
        star = strchr(format, '*');
        if (star != NULL) {
            snprintf(rest, sizeof rest, "%s", star + 1);
            snprintf(star, sizeof format - (size_t)(star - format), "%d%s",
                     precision, rest);
        }
    }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    switch (spec->conversion) {
    case 'd':
    case 'i':
        if (strcmp(s, "l") == 0)
            return xasprintf(format, va_arg(*ap, long));
        if (strcmp(s, "ll") == 0)
            return xasprintf(format, va_arg(*ap, long long));
        if (strcmp(s, "z") == 0)
            return xasprintf(format, va_arg(*ap, ssize_t));
        if (strcmp(s, "j") == 0)
            return xasprintf(format, va_arg(*ap, intmax_t));
        if (strcmp(s, "t") == 0)
            return xasprintf(format, va_arg(*ap, ptrdiff_t));
        return xasprintf(format, va_arg(*ap, int));
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        if (strcmp(s, "l") == 0)
            return xasprintf(format, va_arg(*ap, unsigned long));
        if (strcmp(s, "ll") == 0)
            return xasprintf(format, va_arg(*ap, unsigned long long));
        if (strcmp(s, "z") == 0)
            return xasprintf(format, va_arg(*ap, size_t));
        if (strcmp(s, "j") == 0)
            return xasprintf(format, va_arg(*ap, uintmax_t));
        return xasprintf(format, va_arg(*ap, unsigned int));
    case 'c':
        return xasprintf(format, va_arg(*ap, int));
    case 's':
        return xasprintf(format, va_arg(*ap, const char *));
    case 'p':
        return xasprintf(format, va_arg(*ap, void *));
    default:
        if (strcmp(s, "L") == 0)
            return NULL;
        return xasprintf(format, va_arg(*ap, double));
    }
#pragma GCC diagnostic pop
}

void
store_message_free(struct store_message *message)
{
    size_t i;

    if (message == NULL)
        return;
    for (i = 0; i < message->count; i++)
        free(message->args[i]);
    free(message);
}

struct store_message *
store_message_new(const char *format, va_list ap)
{
    struct store_message *message = xcalloc(1, sizeof *message);
    struct spec spec;
    const char *p;
    va_list args;

    message->format = format;
    va_copy(args, ap);
    for (p = format; *p != '\0'; p++) {
        char *text;

        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        /* Arguments by position are not used in the store's messages. */
        if (spec_read(p, &spec) < 0 || spec.position != 0 ||
            message->count == MESSAGE_ARGS)
            break;
        text = spec_format(&spec, &args);
        if (text == NULL)
            break;
        message->words[message->count] =
            spec.conversion == 's' && strcmp(spec.text, "%s") == 0 &&
            (p == format || p[-1] != '"');
        message->args[message->count++] = text;
        p += spec.length - 1;
    }
    va_end(args);
    if (*p != '\0') {
        /* A format this file cannot take apart stays in English. */
        message->format = NULL;
    }
    return message;
}

/* Append length bytes of text to *out, a buffer of *size bytes whose
 * first *used bytes are taken, growing it when needed. */
static void
append(char **out, size_t *size, size_t *used, const char *text,
       size_t length)
{
    if (*used + length + 1 > *size) {
        *size = 2 * (*used + length + 1);
        *out = xrealloc(*out, *size);
    }
    memcpy(*out + *used, text, length);
    *used += length;
    (*out)[*used] = '\0';
}

char *
store_message_translate(const struct store_message *message,
                        const char *(*translate)(const char *msgid))
{
    const char *format;
    const char *p;
    struct spec spec;
    size_t next = 0;
    size_t size = 128;
    size_t used = 0;
    char *out;

    if (message == NULL || message->format == NULL)
        return NULL;
    format = translate != NULL ? translate(message->format) : message->format;
    out = xmalloc(size);
    *out = '\0';
    for (p = format; *p != '\0'; p++) {
        const char *text;
        size_t index;

        if (*p != '%' || p[1] == '%') {
            append(&out, &size, &used, p, 1);
            p += *p == '%';
            continue;
        }
        if (spec_read(p, &spec) < 0) {
            append(&out, &size, &used, p, 1);
            continue;
        }
        p += spec.length - 1;
        index = spec.position > 0 ? (size_t)spec.position - 1 : next++;
        if (index >= message->count)
            continue;
        text = message->args[index];
        if (message->words[index] && *text != '\0' && translate != NULL)
            text = translate(text);
        append(&out, &size, &used, text, strlen(text));
    }
    return out;
}
