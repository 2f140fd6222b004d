/*
 * terrish: the reader of the bundled tab-separated data files.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * A data file is UTF-8, with LF or CRLF line ends. Its first line names the
 * columns ("# code\tname"). Every later line is a comment when it starts
 * with "#", is skipped when empty, and otherwise contains exactly one field
 * per column, separated by tabs.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "common/common.h"
#include "store/store.h"

int
store_tsv_vfail(struct store_tsv *tsv, const char *fmt, va_list ap)
{
    char *cause = NULL;

    cause = xvasprintf(fmt, ap);
    store_set_error(tsv->store, "%s:%zu: %s", tsv->path, tsv->line_number,
                    cause);
    free(cause);
    return -1;
}

int
store_tsv_fail(struct store_tsv *tsv, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    store_tsv_vfail(tsv, fmt, ap);
    va_end(ap);
    return -1;
}

int
store_tsv_fail_field(struct store_tsv *tsv, size_t column, const char *what,
                     const char *value)
{
    return store_tsv_fail(tsv, "column %zu (%s): %s \"%s\"", column + 1,
                          tsv->column_names[column], what, value);
}

/*
 * Check the first line through the header callback, or without one against
 * the column names.
 */
static int
tsv_check_header(struct store_tsv *tsv, const char *line)
{
    const char *const *names = tsv->column_names;
    char expected[256] = "#";
    size_t i;

    if (tsv->header != NULL)
        return tsv->header(tsv, line);
    for (i = 0; i < STORE_TSV_MAX_COLUMNS && names[i] != NULL; i++) {
        strcat(expected, i == 0 ? " " : "\t");
        strcat(expected, names[i]);
    }
    if (strcmp(line, expected) != 0) {
        return store_tsv_fail(tsv,
                              "the first line must name the columns "
                              "\"%s\"",
                              expected);
    }
    return 0;
}

/* Split a data line on tabs into fields and pass them to the row callback. */
static int
tsv_line(struct store_tsv *tsv, char *line)
{
    char *fields[STORE_TSV_MAX_COLUMNS];
    size_t expected = 0;
    size_t count = 1;
    size_t i;
    char *p;

    while (expected < STORE_TSV_MAX_COLUMNS &&
           tsv->column_names[expected] != NULL)
        expected++;
    for (p = line; *p != '\0'; p++)
        count += *p == '\t';
    if (count != expected) {
        return store_tsv_fail(tsv,
                              "expected %zu tab-separated columns, "
                              "found %zu",
                              expected, count);
    }

    p = line;
    for (i = 0; i < count; i++) {
        fields[i] = p;
        p += strcspn(p, "\t");
        if (*p != '\0')
            *p++ = '\0';
    }
    return tsv->row(tsv, fields);
}

int
store_tsv_read(struct store_tsv *tsv, FILE *stream)
{
    char *line = NULL;
    size_t capacity = 0;
    ssize_t len;
    int rc = -1;

    tsv->line_number = 0;
    while ((len = getline(&line, &capacity, stream)) >= 0) {
        tsv->line_number++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!text_utf8_valid(line, (size_t)len)) {
            store_tsv_fail(tsv, "invalid UTF-8");
            goto out;
        }

        if (tsv->line_number == 1) {
            if (tsv_check_header(tsv, line) < 0)
                goto out;
        } else if (line[0] == '#') {
            if (tsv->comment != NULL &&
                tsv->comment(tsv, line + strspn(line, "# ")) < 0)
                goto out;
        } else if (len > 0 && tsv_line(tsv, line) < 0) {
            goto out;
        }
    }
    if (ferror(stream)) {
        store_tsv_fail(tsv, "reading failed: %s", strerror(errno));
        goto out;
    }
    if (tsv->line_number == 0) {
        store_tsv_fail(tsv, "empty file");
        goto out;
    }
    rc = 0;

out:
    free(line);
    return rc;
}
