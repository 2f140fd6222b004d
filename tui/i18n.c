/*
 * terrish: translated territory labels and number formats for the screens.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every value that the store does not know is written "n/a" ("n.d." in
 * French), never estimated.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

const char *
tui_gettext(const char *msgid)
{
    return gettext(msgid);
}

const char *
tui_store_error(struct tui_app *app)
{
    return store_error_translated(app->store, tui_gettext);
}

/* Returns the translated name of a territory level. */
const char *
tui_level_label(enum territory_level level)
{
    switch (level) {
    case LEVEL_REGION:
        return _("Region");
    case LEVEL_DEPARTEMENT:
        return _("Department");
    case LEVEL_EPCI:
        return _("EPCI");
    case LEVEL_COMMUNE:
        return _("Commune");
    }
    return _("Territory");
}

/* Returns the short label of an EPCI legal form, or NULL when unknown. */
static const char *
epci_kind_label(const char *kind)
{
    if (kind == NULL || kind[0] == '\0') {
        return NULL;
    }
    if (strcmp(kind, "METRO") == 0 || strcmp(kind, "MET69") == 0) {
        return _("Metropolis");
    }
    return kind;
}

/*
 * Return 1 for an overseas collectivity (COM: Saint-Pierre-et-Miquelon,
 * Saint-Barthélemy, Saint-Martin, TAAF, Wallis et Futuna, Polynésie,
 * Nouvelle-Calédonie, Clipperton). The administrative divisions list them
 * at both the région and the département level, but they are neither.
 */
static int
is_overseas_collectivity(const struct territory *territory)
{
    static const char *const codes[] = {"975", "977", "978", "984",
                                        "986", "987", "988", "989"};
    size_t i;

    if (territory->level != LEVEL_REGION &&
        territory->level != LEVEL_DEPARTEMENT)
        return 0;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (strcmp(territory->code, codes[i]) == 0)
            return 1;
    }
    return 0;
}

/* Format the level of a territory, with the legal form of an EPCI:
 * "EPCI (CA)", "EPCI (Métropole)". */
void
tui_format_level(char *buf, size_t size, const struct territory *territory)
{
    const char *kind = NULL;

    if (is_overseas_collectivity(territory)) {
        snprintf(buf, size, "%s", _("Overseas coll."));
        return;
    }

    if (territory->level == LEVEL_EPCI) {
        kind = epci_kind_label(territory->kind);
    }
    if (kind != NULL) {
        snprintf(buf, size, "%s (%s)", tui_level_label(territory->level), kind);
    } else {
        snprintf(buf, size, "%s", tui_level_label(territory->level));
    }
}

/* Format a population as "765 634 hab." ("765,634 inh." in English). */
void
tui_format_population(char *buf, size_t size, int64_t population, int french)
{
    char number[64];

    if (population < 0) {
        snprintf(buf, size, "%s", _("n/a"));
        return;
    }
    text_format_int(number, sizeof(number), population, french);
    /* TRANSLATORS: a number of inhabitants, where %s is the grouped number. */
    snprintf(buf, size, _("%s inh."), number);
}

/* Format an area in square kilometres with one decimal. */
void
tui_format_area(char *buf, size_t size, double area_km2, int french)
{
    char number[64];

    if (area_km2 < 0) {
        snprintf(buf, size, "%s", _("n/a"));
        return;
    }
    text_format_decimal(number, sizeof(number), area_km2, 1, french);
    snprintf(buf, size, "%s km²", number);
}

/* Format the density in inhabitants per square kilometre with one decimal,
 * or "n/a" when the population or a positive area is missing. */
void
tui_format_density(char *buf, size_t size, int64_t population, double area_km2,
                   int french)
{
    char number[64];

    if (population < 0 || area_km2 <= 0) {
        snprintf(buf, size, "%s", _("n/a"));
        return;
    }
    text_format_decimal(number, sizeof(number), (double)population / area_km2,
                        1, french);
    /* TRANSLATORS: a density, where %s is the inhabitants per km². */
    snprintf(buf, size, _("%s inh./km²"), number);
}
