/*
 * terrish: the provenance of a strategy's coefficients and baseline
 * values, as text lines in the reader's language. The store does not
 * call gettext itself: the caller passes the translation function.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/strategy-sources.h"

#define N_(msgid) (msgid)

/* Bytes of one line: the longest catalogue texts are about 200 bytes. */
#define SOURCES_LINE_MAX 2048

/* The coefficients that the national path reads (strategy-engine.c). */
static const char *const national_coefs[] = {
    "national_ghg_cut_1990_2030",
    "national_ghg_factor_1990_2050",
    "national_ghg_inventory_vs_1990",
};

#define NATIONAL_COEF_COUNT (sizeof national_coefs / sizeof national_coefs[0])

void
strategy_sources_clear(struct strategy_sources *sources)
{
    size_t i;

    for (i = 0; i < sources->count; i++)
        free(sources->lines[i].text);
    free(sources->lines);
    sources->lines = NULL;
    sources->count = 0;
}

/* Append text as it is. */
static void
line_add_text(struct strategy_sources *out, enum strategy_sources_kind kind,
              const char *text)
{
    out->lines = xrealloc(out->lines, (out->count + 1) * sizeof *out->lines);
    out->lines[out->count].kind = kind;
    out->lines[out->count].text = xstrdup(text);
    out->count++;
}

/* Append the translation of format with texts in place of its "%s". */
static void
line_add(struct strategy_sources *out, enum strategy_sources_kind kind,
         const struct strategy_language *language, const char *format,
         const char *const *texts, size_t count)
{
    char buf[SOURCES_LINE_MAX];

    strategy_text_format(format, texts, count, language, buf, sizeof buf);
    line_add_text(out, kind, buf);
}

static void
line_add1(struct strategy_sources *out, enum strategy_sources_kind kind,
          const struct strategy_language *language, const char *format,
          const char *text)
{
    const char *texts[1] = {text};

    line_add(out, kind, language, format, texts, 1);
}

/*
 * Write a number with a decimal comma in French. A value the user
 * entered keeps every digit typed (up to 15 significant ones). A
 * published or stored value keeps 6 significant digits, and no decimal
 * from 1000 up.
 */
static void
number_text(double value, int exact, const struct strategy_language *language,
            char *buf, size_t size)
{
    char *point;

    if (exact)
        snprintf(buf, size, "%.15g", value);
    else if (fabs(value) >= 1000 && fabs(value) < 1e15)
        snprintf(buf, size, "%.0f", value);
    else
        snprintf(buf, size, "%.6g", value);
    point = strchr(buf, '.');
    if (point != NULL && language != NULL && language->french)
        *point = ',';
}

static const char *
translate(const struct strategy_language *language, const char *msgid)
{
    if (language == NULL || language->translate == NULL)
        return msgid;
    return language->translate(msgid);
}

/* The values of a coefficient: the user's, the published triple, or
 * "to enter". */
static void
coef_values_write(struct strategy_sources *out,
                  const struct strategy_coef_def *coef,
                  const struct strategy *strategy,
                  const struct strategy_language *language)
{
    const char *unit = strategy_unit_text(coef->unit, language);
    char numbers[STRATEGY_RANGES][64];
    const char *texts[4];
    double entered;
    int r;

    if (strategy_values_get(&strategy->coefficients, coef->id, &entered)) {
        number_text(entered, 1, language, numbers[0], sizeof numbers[0]);
        texts[0] = numbers[0];
        texts[1] = unit;
        line_add(out, SOURCES_FIELD, language, N_("Entered by you: %s %s"),
                 texts, 2);
    } else if (coef->user_input) {
        line_add(out, SOURCES_FIELD, language,
                 coef->optional
                     ? N_("To enter: no published value applies to every "
                          "territory. Without it, the results that need it "
                          "are left out.")
                     : N_("To enter: no published value applies to every "
                          "territory. The results wait for it."),
                 NULL, 0);
    }
    if (coef->user_input)
        return;
    for (r = 0; r < STRATEGY_RANGES; r++) {
        number_text(coef->value[r], 0, language, numbers[r],
                    sizeof numbers[r]);
        texts[r] = numbers[r];
    }
    texts[3] = unit;
    line_add(out, SOURCES_FIELD, language,
             strategy_values_get(&strategy->coefficients, coef->id, &entered)
                 ? N_("Published values, replaced by yours: low %s, "
                      "central %s, high %s %s")
                 : N_("Low %s, central %s, high %s %s"),
             texts, 4);
}

/* One source of a coefficient: who published what and when, its address
 * and the figure as read. */
static void
source_write(struct strategy_sources *out, const struct strategy_source *source,
             const struct strategy_language *language)
{
    char year[16];
    const char *texts[3];

    snprintf(year, sizeof year, "%d", source->year);
    texts[0] = source->publisher;
    texts[1] = source->title;
    texts[2] = year;
    /* TRANSLATORS: publisher, title and year of a source. */
    line_add(out, SOURCES_FIELD, language, N_("Source: %s, %s (%s)"), texts,
             3);
    if (source->url != NULL && *source->url != '\0')
        line_add1(out, SOURCES_DETAIL, language, N_("Address: %s"),
                  source->url);
    if (source->figure != NULL && *source->figure != '\0')
        line_add1(out, SOURCES_DETAIL, language, N_("Figure as read: %s"),
                  source->figure);
}

static void
coef_write(struct strategy_sources *out, const struct strategy_coef_def *coef,
           const struct strategy *strategy,
           const struct strategy_language *language)
{
    char name[SOURCES_LINE_MAX];
    size_t i;

    /* The id is the key of the value in the exported strategy. */
    snprintf(name, sizeof name, "%s (%s)",
             strategy_coef_name(coef, language != NULL && language->french),
             coef->id);
    line_add_text(out, SOURCES_ENTRY, name);
    line_add1(out, SOURCES_FIELD, language, N_("Unit: %s"),
              strategy_unit_text(coef->unit, language));
    coef_values_write(out, coef, strategy, language);
    /* The catalogue writes these texts in English only. */
    if (coef->range != NULL && *coef->range != '\0')
        line_add1(out, SOURCES_FIELD, language, N_("Range: %s"), coef->range);
    if (coef->derivation != NULL && *coef->derivation != '\0')
        line_add1(out, SOURCES_FIELD, language, N_("Derivation: %s"),
                  coef->derivation);
    if (coef->note != NULL && *coef->note != '\0')
        line_add1(out, SOURCES_FIELD, language, N_("Note: %s"), coef->note);
    for (i = 0; i < coef->source_count; i++)
        source_write(out, &coef->sources[i], language);
}

/* Returns 1 when the action of item reads coefficient c. */
static int
item_reads_coef(const struct strategy_catalogue *catalogue,
                const struct strategy_item *item, size_t c)
{
    const struct strategy_action_def *def =
        strategy_catalogue_action(catalogue, item->action);
    size_t i;

    for (i = 0; def != NULL && i < def->coef_count; i++) {
        if (def->coefs[i] == c)
            return 1;
    }
    return 0;
}

static int
coef_is_national(const struct strategy_coef_def *coef)
{
    size_t i;

    for (i = 0; i < NATIONAL_COEF_COUNT; i++) {
        if (strcmp(coef->id, national_coefs[i]) == 0)
            return 1;
    }
    return 0;
}

/* The coefficients of one action in its order, or of every action of
 * the strategy in catalogue order, then those of the national path. */
static void
coefs_write(struct strategy_sources *out,
            const struct strategy_catalogue *catalogue,
            const struct strategy *strategy, long item,
            const struct strategy_language *language)
{
    const struct strategy_action_def *def;
    size_t written = 0;
    size_t c;
    size_t i;

    line_add(out, SOURCES_HEADING, language, N_("Coefficients"), NULL, 0);
    if (item >= 0) {
        def = strategy_catalogue_action(catalogue,
                                        strategy->items[item].action);
        for (i = 0; def != NULL && i < def->coef_count; i++) {
            coef_write(out, &catalogue->coefs[def->coefs[i]], strategy,
                       language);
            written++;
        }
    } else {
        for (c = 0; c < catalogue->coef_count; c++) {
            for (i = 0; i < strategy->item_count; i++) {
                if (item_reads_coef(catalogue, &strategy->items[i], c))
                    break;
            }
            if (i == strategy->item_count)
                continue;
            coef_write(out, &catalogue->coefs[c], strategy, language);
            written++;
        }
    }
    if (written == 0)
        line_add(out, SOURCES_FIELD, language,
                 N_("No action reads a coefficient."), NULL, 0);
    if (item >= 0)
        return;
    written = 0;
    for (c = 0; c < catalogue->coef_count; c++) {
        if (!coef_is_national(&catalogue->coefs[c]))
            continue;
        if (written++ == 0)
            line_add(out, SOURCES_HEADING, language,
                     N_("Coefficients of the national path"), NULL, 0);
        coef_write(out, &catalogue->coefs[c], strategy, language);
    }
}

/* The emissions sector an action reads, or -1 when it is not one. */
static int
item_sector(const struct strategy_action_def *def,
            const struct strategy_item *item)
{
    int s;

    switch (def->kind) {
    case ACTION_TELEWORK:
    case ACTION_CYCLING:
    case ACTION_PUBLIC_TRANSPORT:
    case ACTION_CARPOOLING:
    case ACTION_ELECTRIFICATION:
        return SECTOR_ROAD;
    case ACTION_RENOVATION:
        return SECTOR_RESIDENTIAL;
    case ACTION_SECTOR_REDUCTION:
        for (s = 0; s < STRATEGY_SECTORS; s++) {
            if (strcmp(strategy_sector_id((enum strategy_sector)s),
                       item->choice) == 0)
                return s;
        }
        return -1;
    default:
        return -1;
    }
}

/* The indicator id of a baseline key: the part before its '/'. */
static void
baseline_indicator(enum strategy_baseline_id id, char *buf, size_t size)
{
    const char *key = strategy_baseline_key(id);

    snprintf(buf, size, "%.*s", (int)strcspn(key, "/"), key);
}

/* Returns 1 when action def of item reads baseline b. */
static int
action_reads_baseline(const struct strategy_action_def *def,
                      const struct strategy_item *item,
                      enum strategy_baseline_id b)
{
    char indicator[STRATEGY_KEY_MAX];
    size_t i;

    baseline_indicator(b, indicator, sizeof indicator);
    for (i = 0; i < def->baseline_count; i++) {
        if (strcmp(def->baseline[i], indicator) != 0)
            continue;
        if ((int)b < STRATEGY_SECTORS) {
            int sector = item_sector(def, item);

            return sector < 0 || sector == (int)b;
        }
        return 1;
    }
    return 0;
}

/*
 * Returns 1 when the sources list baseline b. For one item, that is when
 * its action reads it. For the whole strategy, it is every emissions
 * sector (the totals and the national path add them all), what an action
 * reads, and every value the user entered.
 */
static int
baseline_listed(const struct strategy_catalogue *catalogue,
                const struct strategy *strategy,
                const struct strategy_baseline *base, long item,
                enum strategy_baseline_id b)
{
    const struct strategy_action_def *def;
    size_t i;

    if (*strategy_baseline_key(b) == '\0')
        return 0;
    if (item >= 0) {
        def = strategy_catalogue_action(catalogue,
                                        strategy->items[item].action);
        return def != NULL &&
               action_reads_baseline(def, &strategy->items[item], b);
    }
    if ((int)b < STRATEGY_SECTORS || base->overridden[b])
        return 1;
    for (i = 0; i < strategy->item_count; i++) {
        def = strategy_catalogue_action(catalogue, strategy->items[i].action);
        if (def != NULL && action_reads_baseline(def, &strategy->items[i], b))
            return 1;
    }
    return 0;
}

/* Where a stored baseline value comes from: the indicator's source,
 * licence and address. */
static int
baseline_source_write(struct store *store, struct strategy_sources *out,
                      enum strategy_baseline_id b,
                      const struct strategy_language *language)
{
    char id[STRATEGY_KEY_MAX];
    struct indicator indicator;
    const char *texts[2];
    int rc;

    if (b >= BASELINE_ENERGY) {
        line_add(out, SOURCES_FIELD, language,
                 N_("Source: no bundled data gives it, only you can enter "
                    "it."),
                 NULL, 0);
        return 0;
    }
    baseline_indicator(b, id, sizeof id);
    memset(&indicator, 0, sizeof indicator);
    rc = store_indicator_get(store, id, &indicator);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        line_add1(out, SOURCES_FIELD, language,
                  N_("Source: the indicator %s is not in the store."), id);
        return 0;
    }
    texts[0] = indicator.source;
    texts[1] = id;
    /* TRANSLATORS: the source of an indicator and its id. */
    line_add(out, SOURCES_FIELD, language, N_("Source: %s (indicator %s)"),
             texts, 2);
    if (indicator.licence != NULL && *indicator.licence != '\0')
        line_add1(out, SOURCES_DETAIL, language, N_("Licence: %s"),
                  indicator.licence);
    if (indicator.url != NULL && *indicator.url != '\0')
        line_add1(out, SOURCES_DETAIL, language, N_("Address: %s"),
                  indicator.url);
    indicator_clear(&indicator);
    return 0;
}

/* One baseline value with its year, origin and source. */
static int
baseline_write(struct store *store, struct strategy_sources *out,
               const struct strategy_baseline *base,
               enum strategy_baseline_id b,
               const struct strategy_language *language)
{
    const char *origin = base->origin[b];
    char label[128];
    char value[64];
    char year[16];
    const char *texts[3];

    strategy_baseline_label(b, language != NULL ? language->translate : NULL,
                            label, sizeof label);
    texts[0] = label;
    if (!base->present[b]) {
        line_add(out, SOURCES_ENTRY, language,
                 N_("%s: no value for this territory"), texts, 1);
    } else {
        number_text(base->value[b], base->overridden[b], language, value,
                    sizeof value);
        texts[1] = value;
        texts[2] = strategy_unit_text(strategy_baseline_unit(b), language);
        line_add(out, SOURCES_ENTRY, language, N_("%s: %s %s"), texts, 3);
    }
    if (base->overridden[b]) {
        line_add(out, SOURCES_FIELD, language,
                 b >= BASELINE_ENERGY
                     ? N_("Entered by you: no bundled data gives it.")
                     : N_("Entered by you, in place of the territory's "
                          "data."),
                 NULL, 0);
        return 0;
    }
    if (base->present[b] && base->year[b] > 0) {
        snprintf(year, sizeof year, "%d", base->year[b]);
        line_add1(out, SOURCES_FIELD, language, N_("Year: %s"), year);
    }
    if (strncmp(origin, "departement ", 12) == 0)
        line_add1(out, SOURCES_FIELD, language,
                  N_("Taken from the département %s, since the territory "
                     "has no value of its own."),
                  origin + 12);
    else if (strcmp(origin, "partial") == 0)
        line_add(out, SOURCES_FIELD, language,
                 N_("Partial: some of the territory's communes have no "
                    "value."),
                 NULL, 0);
    return baseline_source_write(store, out, b, language);
}

/* The heading: the action and what it reduces, or the strategy. */
static void
heading_write(struct strategy_sources *out,
              const struct strategy_catalogue *catalogue,
              const struct strategy *strategy, long item,
              const struct strategy_language *language)
{
    const struct strategy_item *it;
    const struct strategy_action_def *def;
    const char *texts[2];
    int s;

    if (item < 0) {
        line_add1(out, SOURCES_HEADING, language,
                  N_("Sources of the strategy %s"), strategy->name);
        return;
    }
    it = &strategy->items[item];
    def = strategy_catalogue_action(catalogue, it->action);
    texts[0] = def != NULL
                   ? strategy_action_name(def, language != NULL &&
                                                   language->french)
                   : it->action;
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        if (*it->choice != '\0' &&
            strcmp(strategy_sector_id((enum strategy_sector)s), it->choice) ==
                0)
            break;
    }
    if (s < STRATEGY_SECTORS) {
        texts[1] = translate(language,
                             strategy_sector_name((enum strategy_sector)s));
        line_add(out, SOURCES_HEADING, language,
                 N_("Sources of the action %s (%s)"), texts, 2);
    } else {
        line_add(out, SOURCES_HEADING, language, N_("Sources of the action %s"),
                 texts, 1);
    }
}

int
strategy_sources_write(struct store *store,
                       const struct strategy_catalogue *catalogue,
                       const struct strategy *strategy,
                       const struct strategy_baseline *base, long item,
                       const struct strategy_language *language,
                       struct strategy_sources *out)
{
    int b;

    out->lines = NULL;
    out->count = 0;
    if (item >= (long)strategy->item_count)
        item = -1;
    heading_write(out, catalogue, strategy, item, language);
    coefs_write(out, catalogue, strategy, item, language);
    line_add(out, SOURCES_HEADING, language,
             N_("Baseline of the territory"), NULL, 0);
    for (b = 0; b < STRATEGY_BASELINES; b++) {
        if (!baseline_listed(catalogue, strategy, base, item,
                             (enum strategy_baseline_id)b))
            continue;
        if (baseline_write(store, out, base, (enum strategy_baseline_id)b,
                           language) < 0) {
            strategy_sources_clear(out);
            return -1;
        }
    }
    return 0;
}
