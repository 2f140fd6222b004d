/*
 * terrish: the messages of the strategy engine, written in English or,
 * through a translation function that the caller gives, in another
 * language. The store does not call gettext itself: the screens pass it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/strategy.h"

#define N_(msgid) (msgid)

void
strategy_message_start(struct strategy_message *message, const char *format)
{
    memset(message, 0, sizeof *message);
    message->format = format;
}

/* The next free argument, or NULL when the message has them all. */
static struct strategy_arg *
message_next(struct strategy_message *message)
{
    if (message->arg_count == STRATEGY_MESSAGE_ARGS)
        return NULL;
    return &message->args[message->arg_count++];
}

void
strategy_message_text(struct strategy_message *message,
                      enum strategy_arg_kind kind, const char *text)
{
    struct strategy_arg *arg = message_next(message);

    if (arg == NULL)
        return;
    arg->kind = kind;
    snprintf(arg->text, sizeof arg->text, "%s", text != NULL ? text : "");
}

void
strategy_message_param(struct strategy_message *message, const char *action,
                       const char *param)
{
    struct strategy_arg *arg = message_next(message);

    if (arg == NULL)
        return;
    arg->kind = STRATEGY_ARG_PARAM;
    snprintf(arg->text, sizeof arg->text, "%s/%s", action, param);
}

void
strategy_message_number(struct strategy_message *message,
                        enum strategy_arg_kind kind, double number)
{
    struct strategy_arg *arg = message_next(message);

    if (arg == NULL)
        return;
    arg->kind = kind;
    arg->number = number;
}

static const char *
translate(const struct strategy_language *language, const char *msgid)
{
    if (language == NULL || language->translate == NULL)
        return msgid;
    return language->translate(msgid);
}

/* Append length bytes of text to buf of size, which contains used bytes,
 * and keep it terminated. A text cut short ends before a whole UTF-8
 * character. Returns the bytes buf then contains. */
static size_t
append(char *buf, size_t size, size_t used, const char *text, size_t length)
{
    if (used + 1 >= size)
        return used;
    if (length > size - used - 1) {
        length = size - used - 1;
        while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
            length--;
    }
    memcpy(buf + used, text, length);
    buf[used + length] = '\0';
    return used + length;
}

/* Group the digits of the integer part of the number written in plain
 * by threes, with separator between groups, into buf. */
static void
group_integer_digits(const char *plain, const char *separator, char *buf,
                     size_t size)
{
    size_t digits = strspn(plain + (plain[0] == '-'), "0123456789");
    const char *p = plain;
    size_t used = 0;
    size_t i;

    if (size == 0)
        return;
    if (*p == '-')
        used = append(buf, size, used, p++, 1);
    for (i = 0; i < digits; i++) {
        if (i > 0 && (digits - i) % 3 == 0)
            used = append(buf, size, used, separator, strlen(separator));
        used = append(buf, size, used, p++, 1);
    }
    append(buf, size, used, p, strlen(p));
}

/* A number with the fewest decimals, up to 6, that read back as the
 * same double, so that a typed 1234567.25 is written with every digit
 * typed. A number that needs more (a computed one) is written as %g
 * writes it. The integer part is grouped as the screens group numbers,
 * with a narrow no-break space and a decimal comma in French, a comma
 * and a decimal point in English. */
static void
number_text(double number, int french, char *buf, size_t size)
{
    char plain[64];
    char *point;
    int decimals;

    for (decimals = 0; decimals <= 6; decimals++) {
        snprintf(plain, sizeof plain, "%.*f", decimals, number);
        if (strtod(plain, NULL) == number)
            break;
    }
    if (decimals > 6 || fabs(number) >= 1e15) {
        snprintf(plain, sizeof plain, "%g", number);
        point = strchr(plain, '.');
        if (french && point != NULL)
            *point = ',';
        snprintf(buf, size, "%s", plain);
        return;
    }
    point = strchr(plain, '.');
    if (french && point != NULL)
        *point = ',';
    group_integer_digits(plain, french ? "\u202f" : ",", buf, size);
}

/* Units of the catalogue and of the baselines that read differently in
 * another language; the others ("%", "GWh", "t CO2e"...) read the same. */
static const char *const translated_units[] = {
    N_("days"),        N_("persons/car"),  N_("trips/week"), N_("MWp"),
    N_("kWh/kWp/year"), N_("factor"),      N_("dwellings"),
    N_("dwellings/year"), N_("MWp/year"),  N_("FTE/dwelling"),
};

const char *
strategy_unit_text(const char *unit, const struct strategy_language *language)
{
    size_t i;

    if (unit == NULL)
        return "";
    for (i = 0; i < sizeof translated_units / sizeof translated_units[0];
         i++) {
        if (strcmp(unit, translated_units[i]) == 0)
            return translate(language, translated_units[i]);
    }
    return unit;
}

/* The name of an action parameter given as "action/param", or NULL. */
static const char *
param_name(const struct strategy_language *language, const char *text)
{
    const struct strategy_action_def *def;
    char action[STRATEGY_ID_MAX];
    const char *slash = strchr(text, '/');
    size_t i;

    if (slash == NULL || (size_t)(slash - text) >= sizeof action)
        return NULL;
    memcpy(action, text, (size_t)(slash - text));
    action[slash - text] = '\0';
    def = strategy_catalogue_action(language->catalogue, action);
    for (i = 0; def != NULL && i < def->param_count; i++) {
        if (strcmp(def->params[i].id, slash + 1) == 0)
            return strategy_param_name(&def->params[i], language->french);
    }
    return NULL;
}

/* The name of a catalogue id in the language, or NULL to write the id. */
static const char *
arg_name(const struct strategy_arg *arg,
         const struct strategy_language *language)
{
    const struct strategy_action_def *def;
    int index;
    int s;

    if (language == NULL)
        return NULL;
    if (language->catalogue == NULL && arg->kind != STRATEGY_ARG_SECTOR &&
        arg->kind != STRATEGY_ARG_CARRIER && arg->kind != STRATEGY_ARG_BASELINE)
        return NULL;
    switch (arg->kind) {
    case STRATEGY_ARG_ACTION:
        def = strategy_catalogue_action(language->catalogue, arg->text);
        return def != NULL ? strategy_action_name(def, language->french) : NULL;
    case STRATEGY_ARG_PARAM:
        return param_name(language, arg->text);
    case STRATEGY_ARG_COEF:
        index = strategy_catalogue_coef(language->catalogue, arg->text);
        return index >= 0
                   ? strategy_coef_name(&language->catalogue->coefs[index],
                                        language->french)
                   : NULL;
    case STRATEGY_ARG_BASELINE:
        index = strategy_baseline_parse(arg->text);
        return index >= 0 ? translate(language, strategy_baseline_name(index))
                          : NULL;
    case STRATEGY_ARG_SECTOR:
        for (s = 0; s < STRATEGY_SECTORS; s++) {
            if (strcmp(strategy_sector_id(s), arg->text) == 0)
                return translate(language, strategy_sector_name(s));
        }
        return NULL;
    case STRATEGY_ARG_CARRIER:
        for (s = 0; s < STRATEGY_CARRIERS; s++) {
            if (strcmp(strategy_carrier_id(s), arg->text) == 0)
                return translate(language, strategy_carrier_name(s));
        }
        return NULL;
    default:
        return NULL;
    }
}

/* Write one argument; the ids of a parameter become the parameter's id
 * alone without a catalogue. */
static void
arg_text(const struct strategy_arg *arg,
         const struct strategy_language *language, char *buf, size_t size)
{
    const char *name;
    const char *slash;

    switch (arg->kind) {
    case STRATEGY_ARG_NUMBER:
        number_text(arg->number, language != NULL && language->french, buf,
                    size);
        return;
    case STRATEGY_ARG_INTEGER:
        snprintf(buf, size, "%.0f", arg->number);
        return;
    case STRATEGY_ARG_UNIT:
        snprintf(buf, size, "%s", strategy_unit_text(arg->text, language));
        return;
    default:
        break;
    }
    if (arg->kind == STRATEGY_ARG_BASELINE && language != NULL) {
        int index = strategy_baseline_parse(arg->text);

        if (index >= BASELINE_ENERGY) {
            strategy_baseline_label(index, language->translate, buf, size);
            return;
        }
    }
    name = arg_name(arg, language);
    if (name != NULL) {
        snprintf(buf, size, "%s", name);
        return;
    }
    slash = strchr(arg->text, '/');
    if (arg->kind == STRATEGY_ARG_PARAM && slash != NULL)
        snprintf(buf, size, "%s", slash + 1);
    else
        snprintf(buf, size, "%s", arg->text);
}

/*
 * Write format into buf with texts[i] in place of its directives: "%s"
 * takes the next text, "%N$s" text N, and "%%" writes "%". Another "%"
 * is written as it is, and a directive past count writes nothing.
 */
static void
format_texts(const char *format, const char *const *texts, size_t count,
             char *buf, size_t size)
{
    const char *p;
    size_t next = 0;
    size_t used = 0;

    *buf = '\0';
    for (p = format; *p != '\0'; p++) {
        size_t index;

        if (*p != '%') {
            size_t span = strcspn(p, "%");

            used = append(buf, size, used, p, span);
            p += span - 1;
            continue;
        }
        if (p[1] == '%') {
            used = append(buf, size, used, "%", 1);
            p++;
            continue;
        }
        if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's') {
            index = (size_t)(p[1] - '1');
            p += 3;
        } else if (p[1] == 's') {
            index = next++;
            p++;
        } else {
            used = append(buf, size, used, p, 1);
            continue;
        }
        if (index < count)
            used = append(buf, size, used, texts[index], strlen(texts[index]));
    }
}

void
strategy_message_format(const struct strategy_message *message,
                        const struct strategy_language *language, char *buf,
                        size_t size)
{
    char texts[STRATEGY_MESSAGE_ARGS][256];
    const char *pointers[STRATEGY_MESSAGE_ARGS];
    size_t i;

    if (size == 0)
        return;
    *buf = '\0';
    if (message->format == NULL)
        return;
    for (i = 0; i < message->arg_count; i++) {
        arg_text(&message->args[i], language, texts[i], sizeof texts[i]);
        pointers[i] = texts[i];
    }
    format_texts(translate(language, message->format), pointers,
                 message->arg_count, buf, size);
}

void
strategy_text_format(const char *format, const char *const *texts,
                     size_t count, const struct strategy_language *language,
                     char *buf, size_t size)
{
    if (size == 0)
        return;
    format_texts(translate(language, format), texts, count, buf, size);
}

/* Join the messages with separator into buf. */
static void
messages_join(const struct strategy_message *messages, size_t count,
              const char *separator, const struct strategy_language *language,
              char *buf, size_t size)
{
    char text[512];
    size_t used = 0;
    size_t i;

    *buf = '\0';
    for (i = 0; i < count; i++) {
        strategy_message_format(&messages[i], language, text, sizeof text);
        if (i > 0)
            used = append(buf, size, used, separator, strlen(separator));
        used = append(buf, size, used, text, strlen(text));
    }
}

void
strategy_result_problems_text(const struct strategy_result *result,
                              const struct strategy_language *language,
                              char *buf, size_t size)
{
    char list[sizeof result->message];
    const char *texts[1] = {list};

    if (size == 0)
        return;
    if (!result->missing) {
        messages_join(result->problems, result->problem_count, " ", language,
                      buf, size);
        return;
    }
    /* French puts a no-break space before a semicolon. */
    messages_join(result->problems, result->problem_count,
                  language != NULL && language->french ? "\u00a0; " : "; ",
                  language, list, sizeof list);
    format_texts(translate(language, N_("missing input: %s")), texts, 1, buf,
                 size);
}

void
strategy_result_notes_text(const struct strategy_result *result,
                           const struct strategy_language *language, char *buf,
                           size_t size)
{
    if (size == 0)
        return;
    messages_join(result->note_list, result->note_count, " ", language, buf,
                  size);
}
