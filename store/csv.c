/*
 * terrish: a streaming CSV reader for the files that observatories publish.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The reader takes one record at a time from a FILE, so memory stays bounded
 * whatever the file size: a field longer than CSV_FIELD_MAX or a record
 * longer than CSV_RECORD_MAX is an error. The separator (';', ',' or tab) is
 * the one that occurs most often outside quotes on the header line.
 *
 * Encoding: a byte-order mark or a first non-ASCII record that is valid UTF-8
 * fixes the file as UTF-8, and a later invalid sequence is an error. A first
 * non-ASCII record that is not valid UTF-8 fixes it as Windows-1252, and every
 * later record is converted. The five bytes that Windows-1252 leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D) are errors, so are NUL bytes.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/common.h"
#include "store/store.h"

#define CSV_BUFFER_SIZE (64 * 1024)

/* Windows-1252 bytes 0x80-0x9F as Unicode code points; 0 is undefined. */
static const uint16_t cp1252_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017d, 0,
    0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

enum csv_state {
    CSV_FIELD_START,
    CSV_UNQUOTED,
    CSV_QUOTED,
    CSV_AFTER_QUOTE,
};

struct csv_reader {
    FILE *in;
    unsigned char buffer[CSV_BUFFER_SIZE];
    size_t pos;
    size_t len;
    int at_eof;
    uint64_t bytes;
    long line;        /* physical line of the next byte, from 1 */
    long record_line; /* line where the current record starts */
    char separator;
    enum csv_encoding encoding;
    int started;
    int failed;

    /* Fields of the current record, each ending with a NUL. */
    char *record;
    size_t record_len;
    size_t record_cap;
    char *converted;
    size_t converted_cap;
    size_t *starts;
    const char **fields;
    size_t field_count;
    size_t field_cap;

    char error[256];
};

/* Set the reader's error message and return -1. */
static int __attribute__((format(printf, 2, 3)))
csv_fail(struct csv_reader *reader, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reader->error, sizeof reader->error, fmt, ap);
    va_end(ap);
    reader->failed = 1;
    return -1;
}

struct csv_reader *
csv_reader_create(FILE *in)
{
    struct csv_reader *reader = xcalloc(1, sizeof *reader);

    reader->in = in;
    reader->line = 1;
    reader->separator = ';';
    reader->record_cap = 4096;
    reader->record = xmalloc(reader->record_cap);
    reader->field_cap = 64;
    reader->starts = xmalloc(reader->field_cap * sizeof *reader->starts);
    reader->fields = xmalloc(reader->field_cap * sizeof *reader->fields);
    return reader;
}

void
csv_reader_free(struct csv_reader *reader)
{
    if (reader == NULL)
        return;
    free(reader->record);
    free(reader->converted);
    free(reader->starts);
    free(reader->fields);
    free(reader);
}

/* Refill the buffer; returns the number of bytes now available. */
static size_t
csv_fill(struct csv_reader *reader)
{
    size_t remaining = reader->len - reader->pos;
    size_t got;

    if (reader->at_eof)
        return remaining;
    memmove(reader->buffer, reader->buffer + reader->pos, remaining);
    reader->pos = 0;
    reader->len = remaining;
    while (reader->len < sizeof reader->buffer && !reader->at_eof) {
        got = fread(reader->buffer + reader->len, 1,
                    sizeof reader->buffer - reader->len, reader->in);
        reader->len += got;
        if (got == 0)
            reader->at_eof = 1;
    }
    return reader->len;
}

/* Next byte of the input, or -1 at its end. */
static inline int
csv_getc(struct csv_reader *reader)
{
    if (reader->pos == reader->len && csv_fill(reader) == 0)
        return -1;
    reader->bytes++;
    return reader->buffer[reader->pos++];
}

static inline int
csv_peek(struct csv_reader *reader)
{
    if (reader->pos == reader->len && csv_fill(reader) == 0)
        return -1;
    return reader->buffer[reader->pos];
}

/*
 * Skip a UTF-8 byte-order mark and choose the separator: the most frequent
 * of ';', tab and ',' outside quotes on the first line (';' on a tie, and
 * when the line has none).
 */
static void
csv_start(struct csv_reader *reader)
{
    size_t counts[3] = {0, 0, 0};
    int quoted = 0;
    size_t i;

    reader->started = 1;
    csv_fill(reader);
    if (reader->len >= 3 && memcmp(reader->buffer, "\xef\xbb\xbf", 3) == 0) {
        reader->pos = 3;
        reader->bytes = 3;
        reader->encoding = CSV_ENCODING_UTF8;
    }
    for (i = reader->pos; i < reader->len; i++) {
        unsigned char c = reader->buffer[i];

        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ';')
            counts[0]++;
        else if (!quoted && c == '\t')
            counts[1]++;
        else if (!quoted && c == ',')
            counts[2]++;
    }
    if (counts[1] > counts[0] && counts[1] >= counts[2])
        reader->separator = '\t';
    else if (counts[2] > counts[0] && counts[2] > counts[1])
        reader->separator = ',';
}

/* Append one byte to the current field, within the size limits. */
static inline int
csv_append(struct csv_reader *reader, int c)
{
    size_t field_len = reader->record_len -
                       reader->starts[reader->field_count];

    if (field_len >= CSV_FIELD_MAX)
        return csv_fail(reader,
                        "line %ld: field %zu is longer than %d bytes",
                        reader->line, reader->field_count + 1, CSV_FIELD_MAX);
    if (reader->record_len + 1 >= CSV_RECORD_MAX)
        return csv_fail(reader,
                        "line %ld: record is longer than %d bytes",
                        reader->line, CSV_RECORD_MAX);
    if (reader->record_len + 1 >= reader->record_cap) {
        reader->record_cap *= 2;
        reader->record = xrealloc(reader->record, reader->record_cap);
    }
    reader->record[reader->record_len++] = (char)c;
    return 0;
}

/* Close the current field and open the next one. */
static int
csv_end_field(struct csv_reader *reader)
{
    int rc;

    rc = csv_append(reader, '\0');
    if (rc != 0)
        return rc;
    reader->field_count++;
    if (reader->field_count == reader->field_cap) {
        reader->field_cap *= 2;
        reader->starts = xrealloc(reader->starts,
                                  reader->field_cap * sizeof *reader->starts);
        reader->fields = xrealloc(reader->fields,
                                  reader->field_cap * sizeof *reader->fields);
    }
    reader->starts[reader->field_count] = reader->record_len;
    return 0;
}

/* Handle one byte outside quotes; returns 1 at the end of the record. */
static int
csv_unquoted_byte(struct csv_reader *reader, int c, enum csv_state *state)
{
    if (c == reader->separator) {
        *state = CSV_FIELD_START;
        return csv_end_field(reader);
    }
    if (c == '\r' || c == '\n') {
        if (c == '\r' && csv_peek(reader) == '\n')
            csv_getc(reader);
        reader->line++;
        return 1;
    }
    if (*state == CSV_AFTER_QUOTE && c != ' ')
        return csv_fail(reader,
                        "line %ld: field %zu has text after its closing "
                        "quote; a quote inside a quoted field is written "
                        "twice (\"\")",
                        reader->line, reader->field_count + 1);
    if (*state == CSV_AFTER_QUOTE)
        return 0;
    *state = CSV_UNQUOTED;
    return csv_append(reader, c);
}

/*
 * Split the next record into NUL-terminated fields of reader->record.
 * Returns 1 for a record, 0 at the end of the input, -1 on error.
 */
static int
csv_split_record(struct csv_reader *reader)
{
    enum csv_state state = CSV_FIELD_START;
    long quote_line = 0;
    int c;
    int rc;

    reader->record_len = 0;
    reader->field_count = 0;
    reader->starts[0] = 0;
    reader->record_line = reader->line;
    for (;;) {
        c = csv_getc(reader);
        if (c == -1) {
            if (ferror(reader->in))
                return csv_fail(reader, "line %ld: read error",
                                reader->line);
            if (state == CSV_QUOTED)
                return csv_fail(reader,
                                "line %ld: the quoted field opened on line "
                                "%ld is not closed at the end of the file",
                                reader->line, quote_line);
            if (reader->record_len == 0 && state == CSV_FIELD_START)
                return 0;
            break;
        }
        if (c == '\0')
            return csv_fail(reader,
                            "line %ld: NUL byte in field %zu; the file is "
                            "binary or UTF-16, save it as UTF-8 or "
                            "Windows-1252 text",
                            reader->line, reader->field_count + 1);
        if (state == CSV_QUOTED) {
            if (c == '"') {
                state = CSV_AFTER_QUOTE;
                continue;
            }
            if (c == '\n')
                reader->line++;
            rc = csv_append(reader, c);
        } else if (state == CSV_AFTER_QUOTE && c == '"') {
            state = CSV_QUOTED;
            rc = csv_append(reader, c);
        } else if (state == CSV_FIELD_START && c == '"') {
            state = CSV_QUOTED;
            quote_line = reader->line;
            rc = 0;
        } else {
            rc = csv_unquoted_byte(reader, c, &state);
            if (rc == 1)
                break;
        }
        if (rc != 0)
            return rc;
    }
    return csv_end_field(reader) == 0 ? 1 : -1;
}

/* Write code point cp (below 0x10000) as UTF-8; returns its length. */
static size_t
csv_put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
}

/* Convert the record from Windows-1252 to UTF-8 in reader->converted. */
static int
csv_convert_cp1252(struct csv_reader *reader)
{
    size_t need = reader->record_len * 3 + 1;
    size_t out_len = 0;
    size_t field = 0;
    size_t i;
    char *swap;

    if (reader->converted_cap < need) {
        reader->converted_cap = need;
        reader->converted = xrealloc(reader->converted, need);
    }
    reader->starts[0] = 0;
    for (i = 0; i < reader->record_len; i++) {
        unsigned char c = (unsigned char)reader->record[i];
        unsigned cp = c;

        if (c >= 0x80 && c < 0xa0) {
            cp = cp1252_high[c - 0x80];
            if (cp == 0)
                return csv_fail(reader,
                                "line %ld, field %zu: byte 0x%02X is "
                                "neither valid UTF-8 nor a Windows-1252 "
                                "character",
                                reader->record_line, field + 1, c);
        }
        out_len += csv_put_utf8(reader->converted + out_len, cp);
        if (c == '\0')
            reader->starts[++field] = out_len;
    }
    swap = reader->record;
    reader->record = reader->converted;
    reader->converted = swap;
    i = reader->record_cap;
    reader->record_cap = reader->converted_cap;
    reader->converted_cap = i;
    reader->record_len = out_len;
    return 0;
}

/* Check or convert the encoding of a record that has a byte above 0x7F. */
static int
csv_decode_record(struct csv_reader *reader)
{
    size_t i;
    size_t len;
    const char *field;

    if (reader->encoding == CSV_ENCODING_CP1252)
        return csv_convert_cp1252(reader);
    for (i = 0; i < reader->field_count; i++) {
        field = reader->record + reader->starts[i];
        len = reader->starts[i + 1] - reader->starts[i] - 1;
        if (text_utf8_valid(field, len))
            continue;
        if (reader->encoding == CSV_ENCODING_UTF8)
            return csv_fail(reader,
                            "line %ld, field %zu: invalid UTF-8 byte "
                            "sequence, while the lines before were UTF-8",
                            reader->record_line, i + 1);
        reader->encoding = CSV_ENCODING_CP1252;
        return csv_convert_cp1252(reader);
    }
    reader->encoding = CSV_ENCODING_UTF8;
    return 0;
}

/* Return 1 when the record has a byte above 0x7F. */
static int
csv_record_has_high_byte(const struct csv_reader *reader)
{
    size_t i;

    for (i = 0; i < reader->record_len; i++) {
        if ((unsigned char)reader->record[i] >= 0x80)
            return 1;
    }
    return 0;
}

int
csv_read(struct csv_reader *reader)
{
    size_t i;
    int rc;

    if (reader->failed)
        return -1;
    if (!reader->started)
        csv_start(reader);
    do {
        rc = csv_split_record(reader);
        if (rc != 1)
            return rc;
        /* Skip blank lines. */
    } while (reader->field_count == 1 && reader->record_len == 1);

    if (csv_record_has_high_byte(reader)) {
        rc = csv_decode_record(reader);
        if (rc != 0)
            return rc;
    }
    for (i = 0; i < reader->field_count; i++)
        reader->fields[i] = reader->record + reader->starts[i];
    return 1;
}

size_t
csv_field_count(const struct csv_reader *reader)
{
    return reader->field_count;
}

const char *
csv_field(const struct csv_reader *reader, size_t index)
{
    return index < reader->field_count ? reader->fields[index] : "";
}

long
csv_line(const struct csv_reader *reader)
{
    return reader->record_line;
}

char
csv_separator(const struct csv_reader *reader)
{
    return reader->separator;
}

enum csv_encoding
csv_encoding(const struct csv_reader *reader)
{
    return reader->encoding;
}

uint64_t
csv_bytes_read(const struct csv_reader *reader)
{
    return reader->bytes;
}

const char *
csv_error(const struct csv_reader *reader)
{
    return reader->error;
}

/* Length of the blank (space, tab, U+00A0 or U+202F) at s, or 0. */
static size_t
csv_blank_length(const char *s)
{
    if (*s == ' ' || *s == '\t')
        return 1;
    if (strncmp(s, "\xc2\xa0", 2) == 0)
        return 2;
    if (strncmp(s, "\xe2\x80\xaf", 3) == 0)
        return 3;
    return 0;
}

/* Copy text without its leading and trailing blanks into out. */
static int
csv_trim(const char *text, char *out, size_t size)
{
    size_t len;
    size_t blank;

    while ((blank = csv_blank_length(text)) > 0)
        text += blank;
    len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    while (len >= 2 && memcmp(text + len - 2, "\xc2\xa0", 2) == 0)
        len -= 2;
    while (len >= 3 && memcmp(text + len - 3, "\xe2\x80\xaf", 3) == 0)
        len -= 3;
    if (len >= size)
        return -1;
    memcpy(out, text, len);
    out[len] = '\0';
    return 0;
}

/*
 * Rewrite the digits and separators of a number as "digits[.digits]" in out,
 * with the grouping character group (0 for none) between groups of three
 * digits and point as the decimal mark. Returns 0, or -1 with *reason.
 */
static int
csv_number_ungroup(const char *s, char group, char point, char *out,
                   const char **reason)
{
    size_t run = 0;
    int groups = 0;
    int in_fraction = 0;
    int digits = 0;

    for (; *s != '\0'; s++) {
        if (isdigit((unsigned char)*s)) {
            *out++ = *s;
            run++;
            digits++;
        } else if (*s == point && !in_fraction) {
            if (groups > 0 && run != 3)
                goto bad_group;
            in_fraction = 1;
            run = 0;
            *out++ = '.';
        } else if (*s == group && group != 0 && !in_fraction) {
            if (run == 0 || run > 3 || (groups > 0 && run != 3))
                goto bad_group;
            groups++;
            run = 0;
        } else {
            *reason = N_("not a number");
            return -1;
        }
    }
    if (groups > 0 && !in_fraction && run != 3)
        goto bad_group;
    if (digits == 0 || (in_fraction && run == 0)) {
        *reason = N_("not a number");
        return -1;
    }
    *out = '\0';
    return 0;

bad_group:
    *reason = N_("thousands separators must split the digits in groups of 3");
    return -1;
}

/* Choose the decimal mark and the grouping character of a mantissa. */
static int
csv_number_marks(const char *s, char *group, char *point,
                 const char **reason)
{
    size_t commas = 0, points = 0, spaces = 0;
    const char *last_comma = strrchr(s, ',');
    const char *last_point = strrchr(s, '.');

    for (; *s != '\0'; s++) {
        commas += *s == ',';
        points += *s == '.';
        spaces += *s == ' ';
    }
    *group = spaces > 0 ? ' ' : 0;
    *point = commas > 0 ? ',' : '.';
    if (commas > 0 && points > 0) {
        *point = last_comma > last_point ? ',' : '.';
        if ((*point == ',' ? commas : points) > 1 || spaces > 0)
            goto mixed;
        *group = *point == ',' ? '.' : ',';
    } else if (commas > 1 || points > 1) {
        if (spaces > 0)
            goto mixed;
        *group = commas > 1 ? ',' : '.';
        *point = 0;
    }
    return 0;

mixed:
    *reason = N_("it mixes several thousands separators or decimal marks");
    return -1;
}

int
csv_parse_number(const char *text, double *value, const char **reason)
{
    char trimmed[96];
    char mantissa[96];
    char clean[112];
    char *exponent = NULL;
    char *start = trimmed;
    char group, point;
    char *end = NULL;
    double number;
    size_t i, j;

    *reason = N_("not a number");
    if (csv_trim(text, trimmed, sizeof trimmed) != 0) {
        *reason = N_("too long for a number");
        return -1;
    }
    /* Fold U+00A0 and U+202F, used as thousands separators, to spaces. */
    for (i = 0, j = 0; trimmed[i] != '\0'; j++) {
        size_t blank = csv_blank_length(trimmed + i);

        mantissa[j] = blank > 0 ? ' ' : trimmed[i];
        i += blank > 0 ? blank : 1;
    }
    mantissa[j] = '\0';
    start = mantissa;
    clean[0] = '\0';
    if (*start == '-' || *start == '+') {
        clean[0] = *start == '-' ? '-' : '\0';
        clean[1] = '\0';
        start++;
    }
    exponent = strpbrk(start, "eE");
    if (exponent != NULL) {
        if (strspn(exponent + 1 + (exponent[1] == '-' ||
                                   exponent[1] == '+'),
                   "0123456789") == 0 ||
            strpbrk(exponent + 1, "eE. ,") != NULL)
            return -1;
        *exponent++ = '\0';
    }
    if (csv_number_marks(start, &group, &point, reason) != 0)
        return -1;
    if (exponent != NULL && group != 0)
        return -1;
    if (csv_number_ungroup(start, group, point, clean + strlen(clean),
                           reason) != 0)
        return -1;
    if (exponent != NULL) {
        strcat(clean, "e");
        strcat(clean, exponent);
    }
    number = strtod(clean, &end);
    if (*end != '\0')
        return -1;
    if (!isfinite(number) || fabs(number) > CSV_NUMBER_MAX) {
        *reason = N_("out of range: the absolute value is above 1e15");
        return -1;
    }
    *value = number;
    return 0;
}

enum csv_marker
csv_parse_marker(const char *text)
{
    static const char *const secret[] = {"s", "secret"};
    static const char *const missing[] = {"nd", "n.d.", "n.d", "na", "n/a",
                                          "nc", "-"};
    char trimmed[16];
    size_t i;

    if (csv_trim(text, trimmed, sizeof trimmed) != 0)
        return CSV_MARKER_NONE;
    if (trimmed[0] == '\0')
        return CSV_MARKER_EMPTY;
    /* Most cells are numbers, and no marker starts with a digit. */
    if (isdigit((unsigned char)trimmed[0]))
        return CSV_MARKER_NONE;
    for (i = 0; i < sizeof secret / sizeof secret[0]; i++) {
        if (strcasecmp(trimmed, secret[i]) == 0)
            return CSV_MARKER_SECRET;
    }
    for (i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        if (strcasecmp(trimmed, missing[i]) == 0)
            return CSV_MARKER_NOT_AVAILABLE;
    }
    return CSV_MARKER_NONE;
}

/* Return 1 when s is made of count digits. */
static int
csv_all_digits(const char *s, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
    }
    return s[count] == '\0';
}

/* Normalise a commune code: 5 characters, Corsica as 2A/2B. */
static int
csv_commune_code(const char *s, char *out, const char **reason)
{
    size_t len = strlen(s);

    if (len == 4 && csv_all_digits(s, 4)) {
        out[0] = '0';
        memcpy(out + 1, s, 5);
    } else if (len == 5 && s[0] == '2' &&
               (s[1] == 'A' || s[1] == 'a' || s[1] == 'B' || s[1] == 'b') &&
               csv_all_digits(s + 2, 3)) {
        out[0] = '2';
        out[1] = (char)toupper((unsigned char)s[1]);
        memcpy(out + 2, s + 2, 4);
    } else if (len == 5 && csv_all_digits(s, 5)) {
        memcpy(out, s, 6);
    } else {
        *reason = "a commune code has 5 characters, such as 01001 or 2A004";
        return -1;
    }
    if (memcmp(out, "00", 2) == 0) {
        *reason = "no département is numbered 00";
        return -1;
    }
    if (memcmp(out, "20", 2) == 0) {
        *reason = "communes of Corsica are coded 2A or 2B, not 20";
        return -1;
    }
    return 0;
}

/* Normalise a département code: 01 to 95, 2A, 2B or 971 to 976. */
static int
csv_departement_code(const char *s, char *out, const char **reason)
{
    size_t len = strlen(s);
    long number;

    if ((len == 1 || len == 2) && csv_all_digits(s, len)) {
        number = strtol(s, NULL, 10);
        if (number >= 1 && number <= 95 && number != 20) {
            snprintf(out, 16, "%02ld", number);
            return 0;
        }
    } else if (len == 2 && s[0] == '2' && strchr("AaBb", s[1]) != NULL) {
        out[0] = '2';
        out[1] = (char)toupper((unsigned char)s[1]);
        out[2] = '\0';
        return 0;
    } else if (len == 3 && csv_all_digits(s, 3)) {
        number = strtol(s, NULL, 10);
        if (number >= 971 && number <= 976) {
            memcpy(out, s, 4);
            return 0;
        }
    }
    *reason = "a département code is 01 to 95, 2A, 2B or 971 to 976";
    return -1;
}

int
csv_normalise_code(const char *text, enum territory_level level, char *out,
                   const char **reason)
{
    char trimmed[16];
    size_t len;

    *reason = "too long for a territory code";
    if (csv_trim(text, trimmed, sizeof trimmed) != 0)
        return -1;
    len = strlen(trimmed);
    switch (level) {
    case LEVEL_COMMUNE:
        return csv_commune_code(trimmed, out, reason);
    case LEVEL_DEPARTEMENT:
        return csv_departement_code(trimmed, out, reason);
    case LEVEL_REGION:
        if ((len == 1 || len == 2) && csv_all_digits(trimmed, len)) {
            snprintf(out, 16, "%02ld", strtol(trimmed, NULL, 10));
            return 0;
        }
        *reason = "a région code has 2 digits, such as 84";
        return -1;
    case LEVEL_EPCI:
        if (len == 9 && csv_all_digits(trimmed, 9)) {
            memcpy(out, trimmed, 10);
            return 0;
        }
        *reason = "an EPCI code is its SIREN number of 9 digits";
        return -1;
    }
    *reason = "unknown territory level";
    return -1;
}
