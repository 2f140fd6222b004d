/*
 * terrish: the results chart of strategies (ranges as shaded bands, the
 * central value as a line) and the number formats of the strategy
 * screens.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "server/server.h"
#include "tui/chart.h"
#include "tui/strategy-view.h"

/* Columns of the value axis on the left of the chart. */
#define AXIS_COLUMNS 12

const char *
strategy_quantity_name(enum strategy_quantity quantity)
{
    static _Thread_local char label[160];

    if (quantity >= QUANTITY_ENERGY && quantity < QUANTITY_PRODUCTION) {
        /* Residential electricity keeps its name of the ORE data, and
         * the names of the road cells name the cars they count. */
        if (quantity == QUANTITY_ELECTRICITY)
            return _("Residential electricity");
        if (quantity == QUANTITY_ENERGY + SECTOR_ROAD * STRATEGY_CARRIERS +
                            CARRIER_PETROLEUM)
            return _("Final energy, passenger cars, petroleum products");
        if (quantity == QUANTITY_ENERGY + SECTOR_ROAD * STRATEGY_CARRIERS +
                            CARRIER_ELECTRICITY)
            return _("Final energy, cars electrified, electricity");
        strategy_baseline_label(BASELINE_ENERGY + (quantity - QUANTITY_ENERGY),
                                tui_gettext, label, sizeof label);
        return label;
    }
    if (quantity >= QUANTITY_GHG_SECTOR && quantity < QUANTITY_ENERGY) {
        /* TRANSLATORS: the emissions of a sector, such as "Greenhouse
           gases, Industry". */
        snprintf(label, sizeof label, _("Greenhouse gases, %s"),
                 _(strategy_sector_name(
                     (enum strategy_sector)(quantity - QUANTITY_GHG_SECTOR))));
        return label;
    }
    /* The pollutants after the first, which the switch names. */
    if (quantity == QUANTITY_POLLUTANT + POLLUTANT_PM10)
        return _("Change of cars' emissions, PM10");
    if (quantity == QUANTITY_POLLUTANT + POLLUTANT_PM25)
        return _("Change of cars' emissions, PM2.5");
    switch (quantity) {
    case QUANTITY_GHG_TOTAL:
        return _("Greenhouse gases, all sectors");
    case QUANTITY_PRODUCTION:
        return _("Photovoltaic production added");
    case QUANTITY_BILL_ELECTRICITY:
        return _("Bill change, residential electricity");
    case QUANTITY_BILL_CHARGING:
        return _("Bill change, charging of the cars electrified");
    case QUANTITY_BILL_GAS:
        return _("Bill change, residential gas");
    case QUANTITY_BILL_HEATING_OIL:
        return _("Bill change, residential heating oil");
    case QUANTITY_BILL_TOTAL:
        return _("Bill change of households, total");
    case QUANTITY_JOBS:
        return _("Jobs of the renovations");
    case QUANTITY_POLLUTANT:
        return _("Change of cars' emissions, NOx");
    default:
        return _("Change of car fuel spending");
    }
}

const char *
strategy_quantity_unit(enum strategy_quantity quantity)
{
    if (quantity >= QUANTITY_ENERGY && quantity < QUANTITY_PRODUCTION)
        return "GWh";
    if (quantity > QUANTITY_POLLUTANT)
        return _("t/year");
    if (quantity < QUANTITY_ENERGY)
        return "t CO2e";
    switch (quantity) {
    case QUANTITY_PRODUCTION:
        return "GWh";
    case QUANTITY_JOBS:
        /* TRANSLATORS: full-time equivalent jobs. */
        return _("FTE");
    case QUANTITY_POLLUTANT:
        /* TRANSLATORS: tonnes a year. */
        return _("t/year");
    default:
        /* The bill and spending changes are yearly amounts. */
        return _("EUR/year");
    }
}

int
strategy_quantity_value(const struct strategy_result *result,
                        enum strategy_quantity quantity, int year_index,
                        double triple[STRATEGY_RANGES])
{
    const double *source = NULL;

    if (!result->complete || year_index < 0 ||
        year_index >= STRATEGY_YEARS)
        return 0;
    if (quantity >= QUANTITY_ENERGY && quantity < QUANTITY_PRODUCTION) {
        int sector = (quantity - QUANTITY_ENERGY) / STRATEGY_CARRIERS;
        int carrier = (quantity - QUANTITY_ENERGY) % STRATEGY_CARRIERS;

        if (result->has_energy[sector][carrier])
            source = result->energy[year_index][sector][carrier];
    }
    if (quantity > QUANTITY_POLLUTANT &&
        result->has_pollutant[quantity - QUANTITY_POLLUTANT])
        source = result->pollutant[year_index][quantity - QUANTITY_POLLUTANT];
    if (quantity >= QUANTITY_GHG_SECTOR && quantity < QUANTITY_ENERGY &&
        result->has_sector[quantity - QUANTITY_GHG_SECTOR])
        source = result->ghg[year_index][quantity - QUANTITY_GHG_SECTOR];
    switch (quantity) {
    case QUANTITY_GHG_TOTAL:
        source = result->ghg_total[year_index];
        break;
    case QUANTITY_PRODUCTION:
        if (result->has_production)
            source = result->production[year_index];
        break;
    case QUANTITY_FUEL:
        if (result->has_fuel)
            source = result->fuel[year_index];
        break;
    case QUANTITY_BILL_ELECTRICITY:
        if (result->has_bill_electricity)
            source = result->bill_electricity[year_index];
        break;
    case QUANTITY_BILL_CHARGING:
        if (result->has_bill_charging)
            source = result->bill_charging[year_index];
        break;
    case QUANTITY_BILL_GAS:
        if (result->has_bill_gas)
            source = result->bill_gas[year_index];
        break;
    case QUANTITY_BILL_HEATING_OIL:
        if (result->has_bill_heating_oil)
            source = result->bill_heating_oil[year_index];
        break;
    case QUANTITY_BILL_TOTAL:
        if (result->has_bill_total)
            source = result->bill_total[year_index];
        break;
    case QUANTITY_JOBS:
        if (result->has_jobs)
            source = result->jobs[year_index];
        break;
    case QUANTITY_POLLUTANT:
        if (result->has_pollutant[POLLUTANT_NOX])
            source = result->pollutant[year_index][POLLUTANT_NOX];
        break;
    default:
        break;
    }
    if (source == NULL)
        return 0;
    memcpy(triple, source, STRATEGY_RANGES * sizeof *triple);
    return 1;
}

void
strategy_format(char *buf, size_t size, double value, int french)
{
    char number[64];

    /* A value too large for a 64-bit integer is written as a power of
     * ten. */
    if (!isfinite(value) || fabs(value) >= 1e15)
        snprintf(number, sizeof number, "%.3g", value);
    else if (fabs(value) < 100 && value != floor(value))
        text_format_decimal(number, sizeof number, value, 1, french);
    else
        text_format_int(number, sizeof number, (int64_t)llround(value),
                        french);
    /* U+2212 MINUS SIGN, as strategy_format_difference writes it. */
    if (number[0] == '-')
        snprintf(buf, size, "\u2212%s", number + 1);
    else
        snprintf(buf, size, "%s", number);
}

/* The minimum number of decimals, up to 15, that reads back as the same
 * double: 2 for 0.15, 0 for 1100. */
static int
input_decimals(double value)
{
    char plain[400];
    int decimals;

    for (decimals = 0; decimals < 15; decimals++) {
        snprintf(plain, sizeof plain, "%.*f", decimals, value);
        if (strtod(plain, NULL) == value)
            break;
    }
    return decimals;
}

void
strategy_format_input(char *buf, size_t size, double value, int french)
{
    text_format_decimal(buf, size, value, input_decimals(value), french);
}

void
strategy_format_typed(char *buf, size_t size, double value, int french)
{
    char *point;

    snprintf(buf, size, "%.*f", input_decimals(value), value);
    point = strchr(buf, '.');
    if (french && point != NULL)
        *point = ',';
}

void
strategy_format_range(char *buf, size_t size,
                      const double triple[STRATEGY_RANGES], int french)
{
    char low[32];
    char central[32];
    char high[32];

    strategy_format(low, sizeof low, triple[STRATEGY_LOW], french);
    strategy_format(central, sizeof central, triple[STRATEGY_CENTRAL],
                    french);
    strategy_format(high, sizeof high, triple[STRATEGY_HIGH], french);
    if (strcmp(low, high) == 0)
        snprintf(buf, size, "%s", central);
    else
        snprintf(buf, size, "%s [%s – %s]", central, low, high);
}

struct strategy_catalogue *
strategy_view_catalogue(struct tui_app *app)
{
    struct strategy_catalogue *catalogue = NULL;
    char *error = NULL;

    if (strategy_catalogue_load_dir(default_data_dir(), &catalogue, &error) <
        0) {
        tui_app_set_message(app, 1, _("Could not read the action catalogue: "
                                      "%s"),
                            error);
        free(error);
        return NULL;
    }
    return catalogue;
}

const char *
strategy_view_unit(const char *unit)
{
    const struct strategy_language language = {tui_gettext, 0, NULL};

    return strategy_unit_text(unit, &language);
}

void
strategy_view_origin(const char *origin, char *buf, size_t size)
{
    if (strcmp(origin, "partial") == 0)
        snprintf(buf, size, "%s", _("(partial)"));
    else if (strncmp(origin, "departement ", 12) == 0)
        snprintf(buf, size, _("(département %s)"), origin + 12);
    else if (*origin != '\0')
        snprintf(buf, size, "(%s)", origin);
    else
        *buf = '\0';
}

void
strategy_view_language(const struct tui_app *app,
                       const struct strategy_catalogue *catalogue,
                       struct strategy_language *out)
{
    out->translate = tui_gettext;
    out->french = app->french;
    out->catalogue = catalogue;
}

void
strategy_view_action_label(const struct strategy_catalogue *catalogue,
                           const char *action, const char *choice, int french,
                           char *buf, size_t size)
{
    const struct strategy_action_def *def =
        strategy_catalogue_action(catalogue, action);
    size_t used;
    int s;

    snprintf(buf, size, "%s",
             def != NULL ? strategy_action_name(def, french) : action);
    if (choice == NULL || *choice == '\0')
        return;
    used = strlen(buf);
    for (s = 0; s < STRATEGY_SECTORS; s++) {
        if (strcmp(choice, strategy_sector_id(s)) == 0) {
            snprintf(buf + used, size - used, " (%s)",
                     _(strategy_sector_name(s)));
            return;
        }
    }
    /* The one choice that is not a sector. */
    snprintf(buf + used, size - used, " (%s)",
             _(strategy_baseline_name(BASELINE_ELECTRICITY)));
}

void
strategy_view_variant_name(const char *name, char *buf, size_t size)
{
    char base[STRATEGY_NAME_MAX + 1];
    size_t room;

    snprintf(buf, size, _("%s (variant)"), name);
    if (strlen(buf) <= STRATEGY_NAME_MAX)
        return;
    /* The suffix, the ellipsis (3 bytes) and the cut name fit in the
     * limit: the suffix is the length of the format without "%s". */
    room = STRATEGY_NAME_MAX - (strlen(_("%s (variant)")) - 2) - 3;
    text_copy_truncated(base, room + 1 < sizeof base ? room + 1 : sizeof base,
                        name);
    strcat(base, "\u2026");
    snprintf(buf, size, _("%s (variant)"), base);
}

void
strategy_view_name_full(struct tui_app *app)
{
    tui_app_set_message(app, 1,
                        _("A strategy name has at most %d bytes (a letter "
                          "with an accent takes 2): the rest was not "
                          "added."),
                        STRATEGY_NAME_MAX);
}

void
strategy_format_difference(char *buf, size_t size, double value, int french)
{
    char number[32];

    strategy_format(number, sizeof number, fabs(value), french);
    if (strcmp(number, "0") == 0 || strcmp(number, "0,0") == 0 ||
        strcmp(number, "0.0") == 0)
        snprintf(buf, size, "0");
    else
        /* U+2212 MINUS SIGN, as wide as the plus sign. */
        snprintf(buf, size, "%s%s", value < 0 ? "\u2212" : "+", number);
}

void
strategy_format_difference_range(char *buf, size_t size,
                                 const double value[STRATEGY_RANGES],
                                 const double reference[STRATEGY_RANGES],
                                 int french)
{
    double lowest = value[0] - reference[0];
    double highest = lowest;
    char central[32];
    char low[32];
    char high[32];
    int r;

    for (r = 1; r < STRATEGY_RANGES; r++) {
        lowest = fmin(lowest, value[r] - reference[r]);
        highest = fmax(highest, value[r] - reference[r]);
    }
    strategy_format_difference(
        central, sizeof central,
        value[STRATEGY_CENTRAL] - reference[STRATEGY_CENTRAL], french);
    strategy_format_difference(low, sizeof low, lowest, french);
    strategy_format_difference(high, sizeof high, highest, french);
    if (strcmp(low, high) == 0)
        snprintf(buf, size, "%s", central);
    else
        snprintf(buf, size, "%s [%s – %s]", central, low, high);
}

/* The smallest and largest value to draw, over every result and goal. */
static int
chart_bounds(const struct strategy_result *const *results, size_t count,
             enum strategy_quantity quantity,
             const struct strategy_values *goals, double *lo, double *hi)
{
    double triple[STRATEGY_RANGES];
    int have = 0;
    size_t i;
    int y;

    *lo = 0;
    *hi = 0;
    for (i = 0; i < count; i++) {
        for (y = 0; y < STRATEGY_YEARS; y++) {
            if (!strategy_quantity_value(results[i], quantity, y, triple))
                continue;
            *lo = fmin(*lo, triple[STRATEGY_LOW]);
            *hi = fmax(*hi, triple[STRATEGY_HIGH]);
            have = 1;
        }
    }
    if (goals != NULL && quantity == QUANTITY_GHG_TOTAL) {
        for (i = 0; i < goals->count; i++)
            *hi = fmax(*hi, goals->items[i].value);
    }
    if (*hi == *lo)
        *hi = *lo + 1;
    return have;
}

/* Dot row of a value on a canvas of rows cells. */
static int
dot_row(double value, double lo, double hi, int rows)
{
    return (int)lround((hi - value) * (4 * rows - 1) / (hi - lo));
}

/* Fill band with the low-high ranges and line with the central values of
 * one result. */
static void
chart_plot(const struct strategy_result *result,
           enum strategy_quantity quantity, double lo, double hi,
           struct braille *band, struct braille *line)
{
    double triple[STRATEGY_RANGES];
    int dots = 2 * line->cols;
    int prev_x = -1;
    int prev_y = -1;
    int x;

    for (x = 0; x < dots; x++) {
        int year = (int)lround((double)x * (STRATEGY_YEARS - 1) /
                               (dots > 1 ? dots - 1 : 1));
        int top;
        int bottom;
        int y;

        if (!strategy_quantity_value(result, quantity, year, triple)) {
            prev_x = -1;
            continue;
        }
        top = dot_row(triple[STRATEGY_HIGH], lo, hi, line->rows);
        bottom = dot_row(triple[STRATEGY_LOW], lo, hi, line->rows);
        for (y = top; y <= bottom; y++)
            braille_set(band, x, y);
        y = dot_row(triple[STRATEGY_CENTRAL], lo, hi, line->rows);
        if (prev_x >= 0)
            braille_line(line, prev_x, prev_y, x, y);
        else
            braille_set(line, x, y);
        prev_x = x;
        prev_y = y;
    }
}

/* Axis labels, frame and year labels around the canvas. */
static void
chart_axes(struct tui_app *app, const struct tui_rect *area, int cols,
           int rows, double lo, double hi)
{
    double ticks[CHART_TICKS_MAX];
    size_t count = chart_ticks(lo, hi, chart_tick_count(rows),
                               ticks);
    int first_year_x = area->x + AXIS_COLUMNS + 1;
    char label[32];
    size_t i;
    int x;

    for (i = 0; i < count; i++) {
        int ty = (int)lround((hi - ticks[i]) * (rows - 1) / (hi - lo));

        if (ty < 0 || ty >= rows)
            continue;
        strategy_format(label, sizeof label, ticks[i], app->french);
        tui_draw_text_right(area->y + ty, area->x, AXIS_COLUMNS - 1,
                            TUI_COLOUR_DIM, label);
    }
    for (x = 0; x < rows; x++)
        tui_draw_char(area->y + x, area->x + AXIS_COLUMNS, TUI_COLOUR_DIM,
                      0x2502);
    for (x = 0; x < cols; x++)
        tui_draw_char(area->y + rows, first_year_x + x, TUI_COLOUR_DIM,
                      0x2500);
    tui_draw_char(area->y + rows, area->x + AXIS_COLUMNS, TUI_COLOUR_DIM,
                  0x2514);
    snprintf(label, sizeof label, "%d", STRATEGY_FIRST_YEAR);
    tui_draw_text(area->y + rows + 1, first_year_x, 4, TUI_COLOUR_DIM, label);
    snprintf(label, sizeof label, "%d",
             (STRATEGY_FIRST_YEAR + STRATEGY_LAST_YEAR) / 2);
    tui_draw_text(area->y + rows + 1, first_year_x + cols / 2 - 2, 4,
                  TUI_COLOUR_DIM, label);
    snprintf(label, sizeof label, "%d", STRATEGY_LAST_YEAR);
    tui_draw_text(area->y + rows + 1, first_year_x + cols - 4, 4,
                  TUI_COLOUR_DIM, label);
}

/* Crosses at the custom target points. */
static void
chart_goals(const struct tui_rect *area, int cols, int rows, double lo,
            double hi, const struct strategy_values *goals)
{
    size_t i;

    for (i = 0; i < goals->count; i++) {
        int year = atoi(goals->items[i].key);
        int x;
        int y;

        if (year < STRATEGY_FIRST_YEAR || year > STRATEGY_LAST_YEAR)
            continue;
        x = (int)lround((double)(year - STRATEGY_FIRST_YEAR) * (cols - 1) /
                        (STRATEGY_YEARS - 1));
        y = (int)lround((hi - goals->items[i].value) * (rows - 1) /
                        (hi - lo));
        if (y >= 0 && y < rows)
            tui_draw_char(area->y + y, area->x + AXIS_COLUMNS + 1 + x,
                          TUI_COLOUR_ALERT, 0x00D7);
    }
}

/* The national path of the first result as a dotted line, drawn before
 * the strategies so that their lines stay on top. */
static void
chart_national_path(const struct strategy_result *result,
                    const struct tui_rect *area, int cols, int rows,
                    double lo, double hi)
{
    int x;

    for (x = 0; x < cols; x++) {
        int year = (int)lround((double)x * (STRATEGY_YEARS - 1) /
                               (cols > 1 ? cols - 1 : 1));
        double value = result->national_path[year][STRATEGY_CENTRAL];
        int y = (int)lround((hi - value) * (rows - 1) / (hi - lo));

        if (y >= 0 && y < rows)
            tui_draw_char(area->y + y, area->x + AXIS_COLUMNS + 1 + x,
                          TUI_COLOUR_ALERT, 0x00B7);
    }
}

void
strategy_chart_draw(struct tui_app *app, const struct tui_rect *area,
                    const struct strategy_result *const *results,
                    size_t count, enum strategy_quantity quantity,
                    const struct strategy_values *goals)
{
    int cols = area->width - AXIS_COLUMNS - 1;
    int rows = area->height - 2;
    struct braille band;
    struct braille line;
    double lo;
    double hi;
    size_t i;
    int path;
    int y;
    int x;

    if (cols < 8 || rows < 2)
        return;
    if (!chart_bounds(results, count, quantity, goals, &lo, &hi)) {
        tui_draw_text(area->y, area->x + 1, area->width - 2, TUI_COLOUR_DIM,
                      _("No value to draw for this quantity."));
        return;
    }
    path = quantity == QUANTITY_GHG_TOTAL && results[0]->has_national_path;
    if (path) {
        for (y = 0; y < STRATEGY_YEARS; y++)
            hi = fmax(hi, results[0]->national_path[y][STRATEGY_CENTRAL]);
    }
    if (braille_init(&band, cols, rows) != 0)
        return;
    if (braille_init(&line, cols, rows) != 0) {
        braille_free(&band);
        return;
    }
    if (path)
        chart_national_path(results[0], area, cols, rows, lo, hi);
    for (i = 0; i < count; i++) {
        braille_clear(&band);
        braille_clear(&line);
        chart_plot(results[i], quantity, lo, hi, &band, &line);
        /* The band in the result's second colour, the line over it in
         * its first, so that shading and line stay apart on 8 colours
         * and monochrome too. */
        for (y = 0; y < rows; y++) {
            for (x = 0; x < cols; x++) {
                unsigned int shade = braille_char(&band, y, x);
                unsigned int dots = braille_char(&line, y, x);
                int cx = area->x + AXIS_COLUMNS + 1 + x;

                if (dots != 0)
                    tui_draw_series(area->y + y, cx, 1, (int)(2 * i),
                                    dots | shade);
                else if (shade != 0 && count == 1)
                    tui_draw_series(area->y + y, cx, 1, (int)(2 * i + 1),
                                    shade);
            }
        }
    }
    chart_axes(app, area, cols, rows, lo, hi);
    if (goals != NULL && quantity == QUANTITY_GHG_TOTAL)
        chart_goals(area, cols, rows, lo, hi, goals);
    braille_free(&band);
    braille_free(&line);
}
