/*
 * terrish: declarations shared by the strategy screens (the list, the
 * editor with its results, and the comparison) and their chart helpers.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_TUI_STRATEGY_VIEW_H
#define TERRISH_TUI_STRATEGY_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "store/strategy.h"
#include "tui/tui-internal.h"

#define STRATEGY_COMPARE_MAX 4

extern const struct tui_screen_ops tui_screen_strategies;
extern const struct tui_screen_ops tui_screen_strategy;
extern const struct tui_screen_ops tui_screen_effect;
/* The history of one strategy; create takes its id (int64_t, by
 * address). */
extern const struct tui_screen_ops tui_screen_strategy_history;
/* The sources of a strategy's coefficients and baseline; create takes a
 * struct tui_strategy_sources_arg, which it copies. */
extern const struct tui_screen_ops tui_screen_strategy_sources;

/* Create argument of tui_screen_effect: a dashboard widget's indicator,
 * category (NULL for the total) and territory. */
struct tui_effect_arg {
    const struct territory *territory;
    const struct indicator *indicator;
    const char *category;
};

/* Create argument of tui_screen_strategy: one id opens the editor, two to
 * four open the comparison. */
struct tui_strategy_arg {
    int64_t ids[STRATEGY_COMPARE_MAX];
    size_t count;
};

/* Create argument of tui_screen_strategy_sources. */
struct tui_strategy_sources_arg {
    const struct strategy *strategy;
    const struct strategy_baseline *base; /* after strategy_baseline_apply */
    long item; /* the action whose sources to show, -1 for the strategy */
};

/* Quantities the results chart shows, in the order of the v key. */
enum strategy_quantity {
    QUANTITY_GHG_TOTAL,
    /* Emissions of each sector, t CO2e: QUANTITY_GHG_SECTOR + sector. */
    QUANTITY_GHG_SECTOR,
    /* Final energy of each sector and carrier, GWh:
     * QUANTITY_ENERGY + sector * STRATEGY_CARRIERS + carrier. */
    QUANTITY_ENERGY = QUANTITY_GHG_SECTOR + STRATEGY_SECTORS,
    QUANTITY_PRODUCTION = QUANTITY_ENERGY + STRATEGY_SECTORS * STRATEGY_CARRIERS,
    QUANTITY_FUEL,             /* the car fuel part of the bill */
    QUANTITY_BILL_ELECTRICITY, /* the residential electricity part */
    QUANTITY_BILL_CHARGING,    /* the electric cars' charging part */
    QUANTITY_BILL_GAS,         /* the residential gas part */
    QUANTITY_BILL_HEATING_OIL, /* the residential heating oil part */
    QUANTITY_BILL_TOTAL,
    QUANTITY_JOBS,             /* jobs of the year's renovations, FTE */
    /* The change of cars' pollutants, t: QUANTITY_POLLUTANT + pollutant. */
    QUANTITY_POLLUTANT,
    STRATEGY_QUANTITIES = QUANTITY_POLLUTANT + STRATEGY_POLLUTANTS
};

/* The emissions of road transport and of the residential sector. */
#define QUANTITY_GHG_ROAD                                                     \
    ((enum strategy_quantity)(QUANTITY_GHG_SECTOR + SECTOR_ROAD))
#define QUANTITY_GHG_RESIDENTIAL                                              \
    ((enum strategy_quantity)(QUANTITY_GHG_SECTOR + SECTOR_RESIDENTIAL))

/* Residential electricity, the energy cell of the ORE baseline. */
#define QUANTITY_ELECTRICITY                                                  \
    ((enum strategy_quantity)(QUANTITY_ENERGY +                               \
                              SECTOR_RESIDENTIAL * STRATEGY_CARRIERS +        \
                              CARRIER_ELECTRICITY))

/* Translated name and unit of a quantity. The name of an energy cell is
 * written in a buffer of the calling thread, valid until its next call. */
const char *strategy_quantity_name(enum strategy_quantity quantity);
const char *strategy_quantity_unit(enum strategy_quantity quantity);
/* Returns 1 and the low, central and high of a year (index from
 * STRATEGY_FIRST_YEAR) when the result has that quantity, else 0. */
int strategy_quantity_value(const struct strategy_result *result,
                            enum strategy_quantity quantity, int year_index,
                            double triple[STRATEGY_RANGES]);

/*
 * Draw a chart of the quantity over the years in area, with a value axis
 * on the left and the years below. Each result's central value is a line.
 * A single result also shows its low-high range as a shaded band. goals,
 * when not NULL, are crosses (year, t CO2e) on the total GHG chart.
 */
void strategy_chart_draw(struct tui_app *app, const struct tui_rect *area,
                         const struct strategy_result *const *results,
                         size_t count, enum strategy_quantity quantity,
                         const struct strategy_values *goals);

/* Format a number with thousands separators and no decimal, or with one
 * decimal below 100. */
void strategy_format(char *buf, size_t size, double value, int french);
/* A value the user entered, with every decimal it was typed with (up to
 * 15) and digit grouping: "0,15", "1 100". */
void strategy_format_input(char *buf, size_t size, double value, int french);
/* The same without digit grouping, as the input line reads it back. */
void strategy_format_typed(char *buf, size_t size, double value, int french);
/* "central [low – high]". */
void strategy_format_range(char *buf, size_t size,
                           const double triple[STRATEGY_RANGES], int french);

/* Load the action catalogue of the data folder, or set the application
 * message and return NULL. */
struct strategy_catalogue *strategy_view_catalogue(struct tui_app *app);

/* The language of the application for the engine's messages: gettext,
 * and the catalogue's names in French or English. */
void strategy_view_language(const struct tui_app *app,
                            const struct strategy_catalogue *catalogue,
                            struct strategy_language *out);
/* A unit of the catalogue or of a baseline in the application's
 * language ("jours" for "days"). */
const char *strategy_view_unit(const char *unit);
/* The origin of a baseline value (struct strategy_baseline) as the
 * screens show it: "(département 38)", "(partial)", or "" for none. */
void strategy_view_origin(const char *origin, char *buf, size_t size);
/* The name of an action in the language, followed by what it reduces for
 * a sector reduction: "Reduction of one sector (Residential)". */
void strategy_view_action_label(const struct strategy_catalogue *catalogue,
                                const char *action, const char *choice,
                                int french, char *buf, size_t size);

/* Write the name of a duplicate of the strategy named name: "NAME
 * (variant)", with NAME cut on a character boundary (and an ellipsis) so
 * that the whole stays within STRATEGY_NAME_MAX bytes. buf has at least
 * STRATEGY_NAME_MAX + 1 bytes. */
void strategy_view_variant_name(const char *name, char *buf, size_t size);
/* Tell the user that a typed strategy name reached STRATEGY_NAME_MAX. */
void strategy_view_name_full(struct tui_app *app);

/* A difference with its sign, as strategy_format writes the number:
 * "+1 234", "−56.5", "0". */
void strategy_format_difference(char *buf, size_t size, double value,
                                int french);
/*
 * The difference of a result's low, central and high values (value) from
 * another's (reference), range by range: "central [lowest – highest]" of
 * the three differences, or the central alone when they are equal.
 */
void strategy_format_difference_range(char *buf, size_t size,
                                      const double value[STRATEGY_RANGES],
                                      const double reference[STRATEGY_RANGES],
                                      int french);

/*
 * The comparison table (strategy-compare.c): for one year, each quantity
 * that a result has, and for each strategy its value and its difference
 * from the first strategy. strategy_compare_years() fills years (at most
 * 3) with the latest target year of the strategies' actions, 2030 and
 * 2050, each once, in order, and returns how many; *target receives the
 * index of the latest target year. strategy_compare_draw() draws the
 * table from its line top, under a line of column headings, and returns
 * how many lines the whole table has. When a value and its difference do
 * not fit on one line, the difference takes the next one.
 */
#define STRATEGY_COMPARE_YEARS 3
size_t strategy_compare_years(const struct strategy *strategies, size_t count,
                              int years[STRATEGY_COMPARE_YEARS],
                              size_t *target);
size_t strategy_compare_draw(struct tui_app *app, const struct tui_rect *area,
                             const struct strategy *strategies,
                             const struct strategy_result *const *results,
                             size_t count, int year, size_t top);

#endif
