/*
 * terrish: the comparison table of two to four strategies: for one year,
 * each impact of each strategy with its range, and its difference from
 * the first strategy.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The engine keeps, for each year, the smallest, central and largest of
 * its three runs (every coefficient at its low, central, then high
 * value). The difference shown is the central difference, with the
 * smallest and largest of the differences between the two strategies'
 * low, central and high values.
 * NOTE: that is not the range of the differences run by run, which the
 * results do not keep, since the extremes of two strategies may come
 * from different runs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/strategy-view.h"

/* Columns of the strategy names that the values and differences may
 * narrow them to, at least (less on a narrow terminal: a fifth of it). */
#define NAME_COLUMNS_MIN 18

size_t
strategy_compare_years(const struct strategy *strategies, size_t count,
                       int years[STRATEGY_COMPARE_YEARS], size_t *target)
{
    int latest = 0;
    size_t n = 0;
    size_t s;
    size_t i;
    size_t p;

    for (s = 0; s < count; s++) {
        for (i = 0; i < strategies[s].item_count; i++) {
            const struct strategy_item *item = &strategies[s].items[i];

            for (p = 0; p < item->param_count; p++) {
                if (item->params[p].set && item->params[p].target_year > latest)
                    latest = item->params[p].target_year;
            }
        }
    }
    if (latest != 0 && latest < 2030)
        years[n++] = latest;
    years[n++] = 2030;
    if (latest > 2030 && latest < 2050)
        years[n++] = latest;
    years[n++] = 2050;
    *target = 0;
    for (i = 0; i < n; i++) {
        if (years[i] == (latest != 0 ? latest : 2030))
            *target = i;
    }
    return n;
}

/* Returns 1 when one of the results has the quantity. */
static int
quantity_shown(const struct strategy_result *const *results, size_t count,
               enum strategy_quantity quantity)
{
    double triple[STRATEGY_RANGES];
    size_t s;

    for (s = 0; s < count; s++) {
        if (strategy_quantity_value(results[s], quantity, 0, triple))
            return 1;
    }
    return 0;
}

/* The texts of one strategy's line of a quantity. */
struct compare_cell {
    char value[128];
    char difference[128];
    int has_value;      /* value is a number, not "n/a" */
    int has_difference; /* difference is a number */
};

/* The table as text: each shown quantity with one cell per strategy. */
struct compare_table {
    enum strategy_quantity quantities[STRATEGY_QUANTITIES];
    struct compare_cell cells[STRATEGY_QUANTITIES][STRATEGY_COMPARE_MAX];
    size_t quantity_count;
    int value_columns;      /* widest value */
    int difference_columns; /* widest difference */
    int name_columns;       /* widest strategy name */
};

static void
cell_fill(struct tui_app *app, struct compare_cell *cell,
          const struct strategy_result *result,
          const struct strategy_result *first, size_t index,
          enum strategy_quantity quantity, int year_index)
{
    double value[STRATEGY_RANGES];
    double reference[STRATEGY_RANGES];

    cell->has_value =
        strategy_quantity_value(result, quantity, year_index, value);
    if (cell->has_value)
        strategy_format_range(cell->value, sizeof cell->value, value,
                              app->french);
    else
        snprintf(cell->value, sizeof cell->value, "%s",
                 result->complete ? _("n/a") : _("incomplete"));
    cell->has_difference =
        index > 0 && cell->has_value &&
        strategy_quantity_value(first, quantity, year_index, reference);
    if (cell->has_difference)
        strategy_format_difference_range(cell->difference,
                                         sizeof cell->difference, value,
                                         reference, app->french);
    else
        snprintf(cell->difference, sizeof cell->difference, "%s",
                 index == 0 ? _("reference") : "—");
}

static void
table_fill(struct tui_app *app, struct compare_table *table,
           const struct strategy_result *const *results, size_t count, int year)
{
    size_t s;
    int q;

    memset(table, 0, sizeof *table);
    /* The value column is at least as wide as its heading. */
    table->value_columns = tui_text_columns(_("central [low – high]"),
                                            strlen(_("central [low – high]")));
    for (q = 0; q < STRATEGY_QUANTITIES; q++) {
        enum strategy_quantity quantity = (enum strategy_quantity)q;
        struct compare_cell *cells = table->cells[table->quantity_count];

        if (!quantity_shown(results, count, quantity))
            continue;
        table->quantities[table->quantity_count++] = quantity;
        for (s = 0; s < count; s++) {
            int columns;

            cell_fill(app, &cells[s], results[s], results[0], s, quantity,
                      year - STRATEGY_FIRST_YEAR);
            columns = tui_text_columns(cells[s].value, strlen(cells[s].value));
            if (columns > table->value_columns)
                table->value_columns = columns;
            columns = tui_text_columns(cells[s].difference,
                                       strlen(cells[s].difference));
            if (columns > table->difference_columns)
                table->difference_columns = columns;
        }
    }
}

/* Start and width of each column of a row. With split set, the
 * differences do not fit beside the values, so each takes a line of its
 * own under its strategy's line (the first strategy has none). */
struct compare_columns {
    int name_x;
    int name_width;
    int value_x;
    int value_width;
    int difference_x;
    int difference_width;
    int split;
};

/* The names take the columns the values and differences leave, up to
 * the widest name, and at least NAME_COLUMNS_MIN. */
static void
columns_layout(const struct tui_rect *area, const struct compare_table *table,
               struct compare_columns *columns)
{
    int rest;
    int least = area->width / 5;

    if (least > NAME_COLUMNS_MIN)
        least = NAME_COLUMNS_MIN;
    columns->name_x = area->x + 2;
    columns->name_width = area->width - 4 - table->value_columns - 2 -
                          table->difference_columns - 1;
    if (columns->name_width > table->name_columns)
        columns->name_width = table->name_columns;
    if (columns->name_width < least)
        columns->name_width = least;
    columns->value_x = columns->name_x + columns->name_width + 1;
    rest = area->x + area->width - 1 - columns->value_x;
    columns->split =
        table->value_columns + 2 + table->difference_columns > rest;
    if (columns->split) {
        columns->value_width = rest;
        columns->difference_x = columns->value_x;
        columns->difference_width = rest;
        return;
    }
    columns->value_width = table->value_columns;
    columns->difference_x = columns->value_x + table->value_columns + 2;
    columns->difference_width =
        area->x + area->width - 1 - columns->difference_x;
}

static size_t
table_lines(const struct compare_table *table,
            const struct compare_columns *columns, size_t count)
{
    size_t per_quantity = 1 + count;

    if (columns->split)
        per_quantity += count - 1;
    return table->quantity_count * per_quantity;
}

/* Position of the drawing: the table's lines from line top go to the
 * rows of area, one by one. */
struct table_writer {
    const struct tui_rect *area;
    size_t top;
    size_t line; /* line of the table */
    int y;       /* next row of the screen */
};

/* Returns the row to draw the next line of the table on, or -1 when that
 * line is scrolled out. */
static int
writer_next(struct table_writer *w)
{
    size_t line = w->line++;

    if (line < w->top || w->y >= w->area->y + w->area->height)
        return -1;
    return w->y++;
}

static void
draw_cell(int y, const struct compare_columns *columns,
          const struct strategy *strategy, const struct compare_cell *cell,
          size_t index, struct table_writer *w)
{
    if (y >= 0) {
        tui_draw_series(y, columns->name_x - 2, 1, (int)(2 * index), 0x2588);
        tui_draw_text(y, columns->name_x, columns->name_width,
                      TUI_COLOUR_NORMAL, strategy->name);
        tui_draw_text(y, columns->value_x, columns->value_width,
                      cell->has_value ? TUI_COLOUR_NORMAL : TUI_COLOUR_DIM,
                      cell->value);
    }
    if (columns->split) {
        /* The first strategy is the reference: no line of its own. */
        if (index == 0)
            return;
        y = writer_next(w);
        if (y < 0)
            return;
    }
    if (y >= 0)
        tui_draw_text(y, columns->difference_x, columns->difference_width,
                      cell->has_difference ? TUI_COLOUR_HEADING
                                           : TUI_COLOUR_DIM,
                      cell->difference);
}

size_t
strategy_compare_draw(struct tui_app *app, const struct tui_rect *area,
                      const struct strategy *strategies,
                      const struct strategy_result *const *results,
                      size_t count, int year, size_t top)
{
    struct compare_table *table = xmalloc(sizeof *table);
    struct compare_columns columns;
    struct tui_rect rows = {area->y + 1, area->x, area->height - 1,
                            area->width};
    struct table_writer w = {&rows, top, 0, rows.y};
    char text[256];
    size_t lines;
    size_t q;
    size_t s;
    int y;

    table_fill(app, table, results, count, year);
    table->name_columns = 0;
    for (s = 0; s < count; s++) {
        int columns_taken = tui_text_columns(strategies[s].name,
                                             strlen(strategies[s].name));

        if (columns_taken > table->name_columns)
            table->name_columns = columns_taken;
    }
    columns_layout(area, table, &columns);
    if (columns.split) {
        snprintf(text, sizeof text,
                 _("central [low – high], then the difference from “%s”"),
                 strategies[0].name);
        tui_draw_text(area->y, columns.value_x, columns.value_width,
                      TUI_COLOUR_DIM, text);
    } else {
        tui_draw_text(area->y, columns.value_x, columns.value_width,
                      TUI_COLOUR_DIM, _("central [low – high]"));
        snprintf(text, sizeof text, _("difference from “%s”"),
                 strategies[0].name);
        tui_draw_text(area->y, columns.difference_x, columns.difference_width,
                      TUI_COLOUR_DIM, text);
    }
    for (q = 0; q < table->quantity_count; q++) {
        y = writer_next(&w);
        if (y >= 0) {
            snprintf(text, sizeof text, "%s (%s), %d",
                     strategy_quantity_name(table->quantities[q]),
                     strategy_quantity_unit(table->quantities[q]), year);
            tui_draw_text(y, area->x + 1, area->width - 2, TUI_COLOUR_HEADING,
                          text);
        }
        for (s = 0; s < count; s++)
            draw_cell(writer_next(&w), &columns, &strategies[s],
                      &table->cells[q][s], s, &w);
    }
    lines = table_lines(table, &columns, count);
    free(table);
    return lines;
}
