/*
 * terrish: the provenance of what a strategy's results are computed
 * from, as text lines that a screen wraps and the command line prints.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_STRATEGY_SOURCES_H
#define TERRISH_STRATEGY_SOURCES_H

#include <stddef.h>

#include "store/strategy.h"

/* Kind of a line, which sets its indentation level: 0 for a heading and
 * an entry, 1 for a field of an entry, 2 for a detail of a source. */
enum strategy_sources_kind {
    SOURCES_HEADING, /* "Coefficients", "Baseline of the territory" */
    SOURCES_ENTRY,   /* a coefficient or a baseline value */
    SOURCES_FIELD,   /* its unit, values, range, note, source... */
    SOURCES_DETAIL,  /* the address and the figure of one source */
};

struct strategy_sources_line {
    enum strategy_sources_kind kind;
    char *text; /* one paragraph, without line feed */
};

struct strategy_sources {
    struct strategy_sources_line *lines;
    size_t count;
};

/*
 * Write the provenance of what item of the strategy reads, or of the
 * whole strategy when item is -1, in a language (struct
 * strategy_language, whose catalogue may be NULL):
 * - each coefficient, with its unit, its low, central and high values or
 *   the value the user entered (or "to enter"), how the range was chosen,
 *   its note and derivation, and each source with its figure as read;
 * - each baseline value with its year, the source of the store's
 *   indicator, and whether the user entered it or it comes from a parent
 *   territory. For one action these are the indicators it reads; for the
 *   whole strategy, every sector and every value the user entered.
 * base is the baseline after strategy_baseline_apply(). Returns 0, or -1
 * when the store failed (store_error()); out is then cleared.
 */
int strategy_sources_write(struct store *store,
                           const struct strategy_catalogue *catalogue,
                           const struct strategy *strategy,
                           const struct strategy_baseline *base, long item,
                           const struct strategy_language *language,
                           struct strategy_sources *out);
void strategy_sources_clear(struct strategy_sources *sources);

#endif
