/*
 * terrish: shared helpers used by every layer (allocation, logging, text).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_COMMON_H
#define TERRISH_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation wrappers: they abort with a message on out of memory. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* Overwrite a secret before it is freed. */
void secure_wipe(void *ptr, size_t size);

/* Abort with the file and line when an internal invariant is broken. */
#define TERRISH_ASSERT(cond)                                                   \
    do {                                                                       \
        if (!(cond))                                                           \
            assert_fail(#cond, __FILE__, __LINE__);                            \
    } while (0)
void assert_fail(const char *cond, const char *file, int line)
    __attribute__((noreturn));

/* Log levels, most severe first. */
enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO,
                 LOG_LEVEL_DEBUG };

/*
 * The log goes to a file (appended, one line per call, written with a single
 * write so lines from several processes never interleave), to syslog, or to
 * standard error before either is opened.
 */
int log_open_file(const char *path, char **error);
void log_open_syslog(void);
int log_reopen(void);
int log_detach_stderr(void);
void log_close(void);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
int log_parse_level(const char *name, enum log_level *level);
void log_set_prefix(const char *prefix);
void log_write(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_error(...) log_write(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_write(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)                                                          \
    do {                                                                       \
        if (log_get_level() >= LOG_LEVEL_INFO)                                 \
            log_write(LOG_LEVEL_INFO, __VA_ARGS__);                            \
    } while (0)
#define log_debug(...)                                                         \
    do {                                                                       \
        if (log_get_level() >= LOG_LEVEL_DEBUG)                                \
            log_write(LOG_LEVEL_DEBUG, __VA_ARGS__);                           \
    } while (0)

/*
 * Fold a UTF-8 name to its search key: lower case, accents removed, every
 * run of other characters (hyphens, apostrophes, spaces) turned into one
 * space, and the words "saint"/"sainte" written "st"/"ste" as French place
 * names often are. "Saint-Étienne" gives "st etienne". The caller frees it.
 */
char *text_fold(const char *utf8);
/*
 * Fold a UTF-8 name to a key that sorts names in French order closely
 * enough for lists: as text_fold(), but with "saint" kept as written, so
 * that "Saint-Chamond" comes before "Sorbiers". Compare keys with
 * strcmp(). The caller frees it.
 */
char *text_sort_key(const char *utf8);

/* Return 1 when s is valid UTF-8, 0 otherwise. */
int text_utf8_valid(const char *s, size_t len);

/* Return 1 when the UTF-8 string shows nothing: empty, or only spaces,
 * no-break and other Unicode spaces and zero-width characters. */
int text_blank(const char *utf8);

/* Number of terminal columns the UTF-8 string takes (wcwidth per char). */
int text_width(const char *utf8);
/*
 * The field width in bytes that pads utf8 to width terminal columns
 * with printf's "%-*s": width plus the bytes that take no column of
 * their own, so that "Économie" and "Economie" end at the same column.
 */
int text_pad_bytes(const char *utf8, int width);
/*
 * Copy src to buf of the given size, cutting at a character boundary when
 * it does not fit, so that the result is valid UTF-8 (when src is) and
 * always terminated.
 */
void text_copy_truncated(char *buf, size_t size, const char *src);

/*
 * Format an integer with French or English digit grouping ("518 635" with a
 * narrow no-break space, or "518,635") into buf.
 */
void text_format_int(char *buf, size_t size, int64_t value, int french);

/* Format a decimal number with the given digits after the separator. */
void text_format_decimal(char *buf, size_t size, double value, int decimals,
                         int french);

#endif
