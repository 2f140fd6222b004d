/*
 * terrish: UTF-8 text helpers (search keys, widths, number formatting).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/common.h"

/* Code point returned by utf8_decode for a byte that starts no valid char. */
#define UTF8_INVALID (-1)

/* UTF-8 bytes of U+202F NARROW NO-BREAK SPACE, the French digit separator. */
#define NARROW_NBSP "\xe2\x80\xaf"

/*
 * ASCII base letter of each code point from U+00C0 to U+017F (Latin-1
 * Supplement letters and Latin Extended-A), lower case. A space marks a
 * sign that is no letter (U+00D7 and U+00F7). The upper-case letters stand
 * for two-letter foldings, expanded by fold_char: A is "ae", O is "oe",
 * S is "ss", T is "th" and I is "ij".
 */
/* clang-format off */
static const char fold_latin_table[] =
    "aaaaaaAceeeeiiii" /* U+00C0 */
    "dnooooo ouuuuyTS" /* U+00D0 */
    "aaaaaaAceeeeiiii" /* U+00E0 */
    "dnooooo ouuuuyTy" /* U+00F0 */
    "aaaaaaccccccccdd" /* U+0100 */
    "ddeeeeeeeeeegggg" /* U+0110 */
    "gggghhhhiiiiiiii" /* U+0120 */
    "iiIIjjkkklllllll" /* U+0130 */
    "lllnnnnnnnnnoooo" /* U+0140 */
    "ooOOrrrrrrssssss" /* U+0150 */
    "ssttttttuuuuuuuu" /* U+0160 */
    "uuuuwwyyyzzzzzzs"; /* U+0170 */
/* clang-format on */

/*
 * Decode the character at s (len bytes available) into *cp and return its
 * length. An invalid sequence (bad lead or continuation byte, overlong form,
 * surrogate, value past U+10FFFF or truncated) gives UTF8_INVALID and 1.
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
    size_t need;
    int32_t value;
    int32_t min;
    size_t i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        need = 1;
        value = s[0] & 0x1f;
        min = 0x80;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        need = 2;
        value = s[0] & 0x0f;
        min = 0x800;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        need = 3;
        value = s[0] & 0x07;
        min = 0x10000;
    } else {
        goto invalid;
    }

    if (len < need + 1)
        goto invalid;
    for (i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            goto invalid;
        value = (value << 6) | (s[i] & 0x3f);
    }
    if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        goto invalid;
    *cp = value;
    return need + 1;

invalid:
    *cp = UTF8_INVALID;
    return 1;
}

int
text_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t offset = 0;
    int32_t cp;

    while (offset < len) {
        offset += utf8_decode(p + offset, len - offset, &cp);
        if (cp == UTF8_INVALID)
            return 0;
    }
    return 1;
}

int
text_blank(const char *utf8)
{
    const unsigned char *p = (const unsigned char *)utf8;
    size_t len = strlen(utf8);
    size_t offset = 0;

    while (offset < len) {
        int32_t cp;

        offset += utf8_decode(p + offset, len - offset, &cp);
        /* U+0020, U+00A0, U+1680, U+2000 to U+200D, U+202F, U+205F,
         * U+2060, U+3000 and U+FEFF: spaces and zero-width characters. */
        if (cp == 0x20 || cp == 0xa0 || cp == 0x1680 ||
            (cp >= 0x2000 && cp <= 0x200d) || cp == 0x202f || cp == 0x205f ||
            cp == 0x2060 || cp == 0x3000 || cp == 0xfeff)
            continue;
        return 0;
    }
    return 1;
}

/*
 * Write the ASCII folding of code point cp to out (room for 2 bytes) and
 * return its length. A return of 0 means cp separates words.
 */
static size_t
fold_char(int32_t cp, char *out)
{
    char base;

    if (cp >= 'a' && cp <= 'z') {
        out[0] = (char)cp;
        return 1;
    }
    if (cp >= 'A' && cp <= 'Z') {
        out[0] = (char)(cp - 'A' + 'a');
        return 1;
    }
    if (cp >= '0' && cp <= '9') {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0xc0 || cp > 0x17f)
        return 0;

    base = fold_latin_table[cp - 0xc0];
    switch (base) {
    case ' ':
        return 0;
    case 'A':
        memcpy(out, "ae", 2);
        return 2;
    case 'O':
        memcpy(out, "oe", 2);
        return 2;
    case 'S':
        memcpy(out, "ss", 2);
        return 2;
    case 'T':
        memcpy(out, "th", 2);
        return 2;
    case 'I':
        memcpy(out, "ij", 2);
        return 2;
    default:
        out[0] = base;
        return 1;
    }
}

/*
 * Rewrite the whole words "saint" and "sainte" of a folded string (words
 * separated by one space) as "st" and "ste", in place.
 */
static void
fold_abbreviate_saint(char *folded)
{
    char *read = folded;
    char *write = folded;
    size_t word_len;

    while (*read != '\0') {
        word_len = strcspn(read, " ");
        if (word_len == 5 && memcmp(read, "saint", 5) == 0) {
            memcpy(write, "st", 2);
            write += 2;
        } else if (word_len == 6 && memcmp(read, "sainte", 6) == 0) {
            memcpy(write, "ste", 3);
            write += 3;
        } else {
            memmove(write, read, word_len);
            write += word_len;
        }
        read += word_len;
        if (*read == ' ')
            *write++ = *read++;
    }
    *write = '\0';
}

/* Fold a UTF-8 name as text_fold() does, without the abbreviations. */
static char *
fold_letters(const char *utf8)
{
    const unsigned char *p = (const unsigned char *)utf8;
    size_t len = strlen(utf8);
    size_t offset = 0;
    size_t out_len = 0;
    size_t n;
    char *out = NULL;
    char letters[2];
    int32_t cp;
    int pending_space = 0;

    /* No character folds to more bytes than it takes in UTF-8. */
    out = xmalloc(len + 1);
    while (offset < len) {
        offset += utf8_decode(p + offset, len - offset, &cp);
        n = fold_char(cp, letters);
        if (n == 0) {
            pending_space = out_len > 0;
            continue;
        }
        if (pending_space) {
            out[out_len++] = ' ';
            pending_space = 0;
        }
        memcpy(out + out_len, letters, n);
        out_len += n;
    }
    out[out_len] = '\0';
    return out;
}

char *
text_fold(const char *utf8)
{
    char *folded = fold_letters(utf8);

    fold_abbreviate_saint(folded);
    return folded;
}

char *
text_sort_key(const char *utf8)
{
    return fold_letters(utf8);
}

/*
 * Columns depend on the LC_CTYPE locale, as wcwidth does: the caller sets a
 * UTF-8 locale. An invalid byte, or a printable character that the locale
 * does not know, counts as one column. Control characters count as none.
 */
int
text_width(const char *utf8)
{
    const unsigned char *p = (const unsigned char *)utf8;
    size_t len = strlen(utf8);
    size_t offset = 0;
    int32_t cp;
    int width = 0;
    int w;

    while (offset < len) {
        offset += utf8_decode(p + offset, len - offset, &cp);
        if (cp == UTF8_INVALID) {
            width++;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            continue;
        w = wcwidth((wchar_t)cp);
        width += w < 0 ? 1 : w;
    }
    return width;
}

int
text_pad_bytes(const char *utf8, int width)
{
    return width + (int)strlen(utf8) - text_width(utf8);
}

void
text_copy_truncated(char *buf, size_t size, const char *src)
{
    size_t len = strlen(src);

    if (size == 0)
        return;
    if (len >= size) {
        len = size - 1;
        while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(buf, src, len);
    buf[len] = '\0';
}

/*
 * Append the decimal digits of magnitude to out, with sep between groups of
 * three, and return the new end of out. out has room for 20 digits and 6
 * separators of up to 3 bytes.
 */
static char *
group_digits(char *out, uint64_t magnitude, const char *sep)
{
    char digits[24];
    size_t count;
    size_t sep_len = strlen(sep);
    size_t i;

    count = (size_t)snprintf(digits, sizeof digits, "%llu",
                             (unsigned long long)magnitude);
    for (i = 0; i < count; i++) {
        if (i > 0 && (count - i) % 3 == 0) {
            memcpy(out, sep, sep_len);
            out += sep_len;
        }
        *out++ = digits[i];
    }
    *out = '\0';
    return out;
}

void
text_format_int(char *buf, size_t size, int64_t value, int french)
{
    char text[64];
    char *end = text;
    uint64_t magnitude;

    if (value < 0) {
        *end++ = '-';
        magnitude = (uint64_t)(-(value + 1)) + 1;
    } else {
        magnitude = (uint64_t)value;
    }
    group_digits(end, magnitude, french ? NARROW_NBSP : ",");
    text_copy_truncated(buf, size, text);
}

/*
 * Not-a-number, infinities and magnitudes of 1e19 or more are written as
 * printf writes them, without grouping. The number of decimals is clamped to
 * 0..15, and a value that rounds to zero has no minus sign.
 */
void
text_format_decimal(char *buf, size_t size, double value, int decimals,
                    int french)
{
    char plain[400];
    char text[512];
    char *digits = plain;
    char *point = NULL;
    char *end = text;
    unsigned long long integer_part;

    if (decimals < 0)
        decimals = 0;
    if (decimals > 15)
        decimals = 15;
    snprintf(plain, sizeof plain, "%.*f", decimals, value);
    if (*digits == '-')
        digits++;
    if (strspn(digits, "0123456789.") != strlen(digits) ||
        strcspn(digits, ".") > 19) {
        text_copy_truncated(buf, size, plain);
        return;
    }

    if (digits != plain && strspn(digits, "0.") != strlen(digits))
        *end++ = '-';
    point = strchr(digits, '.');
    integer_part = strtoull(digits, NULL, 10);
    end = group_digits(end, integer_part, french ? NARROW_NBSP : ",");
    if (point != NULL) {
        *end++ = french ? ',' : '.';
        strcpy(end, point + 1);
    }
    text_copy_truncated(buf, size, text);
}
