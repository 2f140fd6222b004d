/*
 * terrish: the indicator browser. It lists the published catalogue under
 * a heading per theme, filters it as the user types, and shows the
 * catalogue entry of the highlighted indicator.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Layout: from WIDE_COLUMNS on, the details are a pane on the right of
 * the list. Narrower, they are a pane below the list when the body has at
 * least SPLIT_MIN_LINES lines, and otherwise only the list shows. Tab
 * shows the details over the whole body at every size.
 *
 * The details are the catalogue entry as the store gives it: the
 * description, then one labelled line per field.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* Terminal widths from which the details sit on the right of the list. */
#define WIDE_COLUMNS 100

/* Width of the list on a wide terminal: 2/5 of the body within these. */
#define LIST_MIN_COLUMNS 40
#define LIST_MAX_COLUMNS 64

/* Body heights from which a narrow terminal shows the details below the
 * list; the list then takes at most 2/5 of the lines. */
#define SPLIT_MIN_LINES 16
#define SPLIT_LIST_MIN_LINES 4

/* Widest label column of the details, as a fraction of the pane. */
#define LABEL_MAX_DIVISOR 3

/* Maximum bytes of one wrapped line of the details, copied for drawing
 * (tui_draw_text draws at most 511 characters of it). */
#define LINE_BYTES 2048

/* One line of the list: a theme heading or an indicator. */
struct browser_line {
    int heading;
    size_t item; /* index in catalogue.items (for a heading, the first
                    indicator of its theme) */
};

/* Rectangles of the parts of the screen for one body size. */
struct browser_layout {
    struct tui_rect header;  /* search field or hint, and the count */
    struct tui_rect list;    /* height 0 when hidden */
    struct tui_rect details; /* height 0 when hidden */
    int divider;             /* 0 none, 1 vertical, 2 horizontal */
};

struct browser {
    struct tui_indicator_rows catalogue; /* sorted by theme, then name */
    char **folded;     /* per item: name, id and theme folded for the search */
    char **folded_all; /* per item: the same and the description */
    int folded_french; /* language of the names in folded */
    struct browser_line *lines;
    size_t line_count;
    size_t match_count;
    struct tui_list list; /* over lines; only indicator lines are chosen */

    int searching;
    struct tui_input input;

    int full_details;     /* Tab: the details take the whole body */
    size_t detail_scroll; /* first line of the details shown */
    size_t detail_lines;  /* lines of the details at the last draw */
    int detail_height;    /* lines of the details pane at the last draw */
    int list_height;      /* lines of the list at the last draw */

    void (*chosen)(struct tui_app *app, void *owner, const char *id);
    void *owner;
};

/* A pass over the document of the details. With draw unset it only counts
 * its lines. */
struct detail_pass {
    const struct tui_rect *area;
    size_t scroll;
    size_t line;     /* document line about to be written */
    size_t last;     /* first document line not drawn */
    int label_width; /* columns of the label column, gap included */
    int draw;
};

static const struct tui_key_help browser_help[] = {
    {NULL, N_("Indicators")},
    {N_("Up/Down, k/j"), N_("move the selection")},
    {N_("PgUp/PgDn, Home/End"), N_("move by a page, to the first or last")},
    {N_("Enter"), N_("choose the highlighted indicator: open its analysis "
                     "for the current territory, or return it to the "
                     "screen that opened this list")},
    {N_("Tab"), N_("show every detail of the highlighted indicator")},
    {"/", N_("search by name, identifier or theme")},
    {N_("Esc, Ctrl-C"), N_("clear the search, then go back")},
    {NULL, N_("Search")},
    {N_("letters, digits"),
     N_("filter the list at each key, ignoring accents and case")},
    {N_("Up/Down, PgUp/PgDn"), N_("move in the results")},
    {N_("Enter"), N_("choose the highlighted indicator")},
    {N_("Tab"), N_("leave the field and keep the filter")},
    {N_("Left/Right, Home/End"), N_("move the cursor in the text")},
    {N_("Backspace, Ctrl-U"), N_("erase one character, erase all")},
    {N_("Esc, Ctrl-C"), N_("clear the search and close the field")},
    {NULL, N_("Details")},
    {N_("Up/Down, k/j, PgUp/PgDn"), N_("scroll")},
    {N_("Tab, Esc"), N_("back to the list")},
    {NULL, NULL},
};

static int
key_is_enter(const struct tui_key *key)
{
    if (key->function) {
        return key->code == KEY_ENTER;
    }
    return key->code == '\r' || key->code == '\n';
}

static int
key_is_cancel(const struct tui_key *key)
{
    return !key->function &&
           (key->code == TUI_ESCAPE || key->code == TUI_CTRL('C'));
}

static int
key_is_tab(const struct tui_key *key)
{
    return !key->function && key->code == '\t';
}

/* Returns the indicator of the highlighted line, or NULL when the list
 * is empty. */
static const struct indicator *
browser_selected(const struct browser *browser)
{
    const struct browser_line *line;

    if (browser->line_count == 0) {
        return NULL;
    }
    line = &browser->lines[browser->list.selected];
    if (line->heading) {
        return NULL;
    }
    return &browser->catalogue.items[line->item].indicator;
}

/* Read one catalogue entry and keep it when it is published. Returns 0,
 * or -1 on a store failure. */
static int
browser_add(struct store *store, const char *id,
            struct tui_indicator_rows *rows)
{
    struct tui_indicator_row row;
    int rc;

    memset(&row, 0, sizeof(row));
    rc = store_indicator_get(store, id, &row.indicator);
    if (rc != 0) {
        return rc == 1 ? 0 : -1;
    }
    if (!row.indicator.published) {
        indicator_clear(&row.indicator);
        return 0;
    }
    /* The value fields of the row stay unused: the browser shows no
     * value. */
    row.result.flag = RESULT_NOT_AVAILABLE;
    rows->items = xrealloc(rows->items, (rows->count + 1) * sizeof(row));
    rows->items[rows->count++] = row;
    return 0;
}

/* Load every published entry of the catalogue, point layers included.
 * Returns 0, or -1 with the store's message set. */
static int
browser_load(struct store *store, struct tui_indicator_rows *out)
{
    char **ids = NULL;
    size_t count = 0;
    size_t i;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store_indicator_ids(store, &ids, &count);
    for (i = 0; rc == 0 && i < count; i++) {
        rc = browser_add(store, ids[i], out);
    }
    for (i = 0; i < count; i++) {
        free(ids[i]);
    }
    free(ids);
    if (rc != 0) {
        tui_indicators_free(out);
        return -1;
    }
    return 0;
}

static void
browser_free_folded(struct browser *browser)
{
    size_t i;

    for (i = 0; browser->folded != NULL && i < browser->catalogue.count; i++) {
        free(browser->folded[i]);
        free(browser->folded_all[i]);
    }
    free(browser->folded);
    free(browser->folded_all);
    browser->folded = NULL;
    browser->folded_all = NULL;
}

/*
 * Fold the name in the language shown, the id and the theme (in French
 * and in the language shown) of each indicator into one text that the
 * search words are looked for in. folded_all adds the description in the
 * language shown.
 */
static void
browser_fold(struct browser *browser, int french)
{
    size_t i;

    browser_free_folded(browser);
    browser->folded = xcalloc(browser->catalogue.count + 1, sizeof(char *));
    browser->folded_all = xcalloc(browser->catalogue.count + 1, sizeof(char *));
    for (i = 0; i < browser->catalogue.count; i++) {
        const struct indicator *indicator =
            &browser->catalogue.items[i].indicator;
        const char *description =
            french ? indicator->description_fr : indicator->description_en;
        char *text =
            xasprintf("%s %s %s %s", tui_indicator_name(indicator, french),
                      indicator->id, indicator->theme ? indicator->theme : "",
                      tui_indicator_theme(indicator, french));
        char *text_all =
            xasprintf("%s %s", text, description != NULL ? description : "");

        browser->folded[i] = text_fold(text);
        browser->folded_all[i] = text_fold(text_all);
        free(text);
        free(text_all);
    }
    browser->folded_french = french;
}

/* Returns 1 when every word of the folded query occurs in the folded text
 * of an indicator, anywhere (not only at the start of a word). */
static int
browser_matches(const char *folded, const char *query)
{
    char *words = xstrdup(query);
    char *save = NULL;
    char *word;
    int match = 1;

    for (word = strtok_r(words, " ", &save); word != NULL && match;
         word = strtok_r(NULL, " ", &save)) {
        match = strstr(folded, word) != NULL;
    }
    free(words);
    return match;
}

static void
browser_add_line(struct browser *browser, int heading, size_t item)
{
    browser->lines = xrealloc(browser->lines, (browser->line_count + 1) *
                                                  sizeof(*browser->lines));
    browser->lines[browser->line_count].heading = heading;
    browser->lines[browser->line_count].item = item;
    browser->line_count++;
}

/* Scroll up one line when the highlighted indicator is the first line
 * shown and its theme heading is just above it. */
static void
browser_show_heading(struct browser *browser)
{
    size_t selected = browser->list.selected;

    if (selected > 0 && browser->list.top == selected &&
        browser->lines[selected - 1].heading && browser->list_height > 1) {
        browser->list.top = selected - 1;
    }
}

/* Highlight the line of indicator id, or the first indicator when id is
 * NULL or not listed. */
static void
browser_select_id(struct browser *browser, const char *id)
{
    size_t first = browser->line_count;
    size_t target;
    size_t i;

    for (i = 0; i < browser->line_count; i++) {
        const struct browser_line *line = &browser->lines[i];

        if (line->heading) {
            continue;
        }
        if (first == browser->line_count) {
            first = i;
        }
        if (id != NULL &&
            strcmp(browser->catalogue.items[line->item].indicator.id, id) ==
                0) {
            break;
        }
    }
    target = i < browser->line_count ? i : first;
    tui_list_reset(&browser->list, browser->line_count);
    tui_list_select(&browser->list, target, browser->list_height);
    browser_show_heading(browser);
}

/*
 * Rebuild the lines from the search text, which is looked for in the
 * descriptions too. Keep the indicator id highlighted when it still
 * matches, unless only its description does and another indicator's name
 * matches: highlight the first of those.
 */
static void
browser_filter(struct browser *browser, const char *keep_id)
{
    char *query = text_fold(browser->input.text);
    const char *theme = NULL;
    const char *first_by_name = NULL;
    int keep_by_name = 0;
    size_t i;

    free(browser->lines);
    browser->lines = NULL;
    browser->line_count = 0;
    browser->match_count = 0;
    for (i = 0; i < browser->catalogue.count; i++) {
        const struct indicator *indicator =
            &browser->catalogue.items[i].indicator;

        if (!browser_matches(browser->folded_all[i], query)) {
            continue;
        }
        if (browser_matches(browser->folded[i], query)) {
            if (first_by_name == NULL) {
                first_by_name = indicator->id;
            }
            if (keep_id != NULL && strcmp(keep_id, indicator->id) == 0) {
                keep_by_name = 1;
            }
        }
        if (theme == NULL || strcmp(theme, indicator->theme) != 0) {
            theme = indicator->theme;
            browser_add_line(browser, 1, i);
        }
        browser_add_line(browser, 0, i);
        browser->match_count++;
    }
    free(query);
    browser_select_id(browser, keep_by_name || first_by_name == NULL
                                   ? keep_id
                                   : first_by_name);
    browser->detail_scroll = 0;
}

/* Sort and fold again for the language shown, and filter again, keeping
 * the same indicator highlighted. Does nothing when the language did not
 * change. */
static void
browser_set_language(struct browser *browser, int french)
{
    const struct indicator *selected;
    char *id;

    if (browser->folded != NULL && browser->folded_french == french) {
        return;
    }
    selected = browser_selected(browser);
    id = selected != NULL ? xstrdup(selected->id) : NULL;
    tui_indicators_sort(&browser->catalogue, french);
    browser_fold(browser, french);
    browser_filter(browser, id);
    free(id);
}

/* Cut the body into the header line, the list and the details. */
static void
browser_layout(const struct browser *browser, const struct tui_rect *body,
               struct browser_layout *layout)
{
    int lines = body->height - 1;
    int list_width;
    int list_lines;

    memset(layout, 0, sizeof(*layout));
    layout->header = (struct tui_rect){body->y, body->x, 1, body->width};
    if (lines <= 0) {
        return;
    }
    if (browser->full_details) {
        layout->details =
            (struct tui_rect){body->y + 1, body->x + 1, lines, body->width - 2};
        return;
    }
    if (body->width >= WIDE_COLUMNS) {
        list_width = body->width * 2 / 5;
        list_width = list_width < LIST_MIN_COLUMNS   ? LIST_MIN_COLUMNS
                     : list_width > LIST_MAX_COLUMNS ? LIST_MAX_COLUMNS
                                                     : list_width;
        layout->list =
            (struct tui_rect){body->y + 1, body->x, lines, list_width};
        layout->details =
            (struct tui_rect){body->y + 1, body->x + list_width + 2, lines,
                              body->width - list_width - 3};
        layout->divider = 1;
        return;
    }
    if (lines < SPLIT_MIN_LINES - 1) {
        layout->list =
            (struct tui_rect){body->y + 1, body->x, lines, body->width};
        return;
    }
    /* A short filtered list gives its unused lines to the details. */
    list_lines = lines * 2 / 5;
    if ((size_t)list_lines > browser->line_count) {
        list_lines = (int)browser->line_count;
    }
    if (list_lines < SPLIT_LIST_MIN_LINES) {
        list_lines = SPLIT_LIST_MIN_LINES;
    }
    layout->list =
        (struct tui_rect){body->y + 1, body->x, list_lines, body->width};
    layout->details =
        (struct tui_rect){body->y + 2 + list_lines, body->x + 1,
                          lines - list_lines - 1, body->width - 2};
    layout->divider = 2;
}

/* Returns 1 when line n of the document is in the drawn range, and sets
 * *y to its terminal line. */
static int
pass_visible(const struct detail_pass *pass, size_t n, int *y)
{
    if (!pass->draw || n < pass->scroll || n >= pass->last) {
        return 0;
    }
    *y = pass->area->y + (int)(n - pass->scroll);
    return 1;
}

/* Write text wrapped at spaces over as many lines as it needs, from
 * column offset of the pane. */
static void
pass_wrapped(struct detail_pass *pass, int offset, enum tui_colour colour,
             const char *text)
{
    int width = pass->area->width - offset;
    char line[LINE_BYTES];
    const char *next;
    size_t length;
    int y;

    if (width < 1) {
        width = 1;
    }
    do {
        length = tui_text_wrap(text, width, &next);
        if (pass_visible(pass, pass->line, &y)) {
            if (length >= sizeof(line)) {
                length = sizeof(line) - 1;
            }
            memcpy(line, text, length);
            line[length] = '\0';
            tui_draw_text(y, pass->area->x + offset, width, colour, line);
        }
        pass->line++;
        text = next;
    } while (*text != '\0');
}

/* Write a label and its value, the value wrapped in its own column. */
static void
pass_field(struct detail_pass *pass, const char *label, const char *value)
{
    int y;

    if (pass_visible(pass, pass->line, &y)) {
        tui_draw_text(y, pass->area->x, pass->label_width - 1,
                      TUI_COLOUR_HEADING, label);
    }
    pass_wrapped(pass, pass->label_width, TUI_COLOUR_NORMAL,
                 value != NULL ? value : "");
}

/*
 * Write the years as ranges of consecutive years: "2016–2022" or "1990,
 * 2000, 2010–2022". Returns a string that the caller frees.
 */
static char *
format_years(const int *years, size_t count)
{
    /* At most "-2147483648–-2147483648, " per range: 11 + 3 + 11 + 2. */
    size_t size = count * 27 + 1;
    char *text = xmalloc(size);
    size_t used = 0;
    size_t i = 0;

    text[0] = '\0';
    while (i < count) {
        size_t last = i;

        while (last + 1 < count && years[last + 1] == years[last] + 1) {
            last++;
        }
        if (last > i) {
            used +=
                (size_t)snprintf(text + used, size - used, "%s%d–%d",
                                 used > 0 ? ", " : "", years[i], years[last]);
        } else {
            used += (size_t)snprintf(text + used, size - used, "%s%d",
                                     used > 0 ? ", " : "", years[i]);
        }
        i = last + 1;
    }
    return text;
}

/* Returns the text in the language shown, else the one in the other
 * language, else NULL when both are missing or empty. */
static const char *
text_in_language(const char *text_fr, const char *text_en, int french)
{
    const char *text = french ? text_fr : text_en;

    if (text == NULL || text[0] == '\0') {
        text = french ? text_en : text_fr;
    }
    return text != NULL && text[0] != '\0' ? text : NULL;
}

/* Returns the name of category i of an indicator in the language shown,
 * or its id when the store has no name for it. */
static const char *
category_name(const struct indicator *indicator, size_t i, int french)
{
    const char *name = NULL;

    if (indicator->category_names_fr != NULL &&
        indicator->category_names_en != NULL) {
        name = text_in_language(indicator->category_names_fr[i],
                                indicator->category_names_en[i], french);
    }
    return name != NULL ? name : indicator->categories[i];
}

/* Returns the category names separated by commas, which the caller
 * frees. */
static char *
format_categories(const struct indicator *indicator, int french)
{
    size_t size = 1;
    size_t used = 0;
    size_t i;
    char *text;

    for (i = 0; i < indicator->category_count; i++) {
        size += strlen(category_name(indicator, i, french)) + 2;
    }
    text = xmalloc(size);
    text[0] = '\0';
    for (i = 0; i < indicator->category_count; i++) {
        used += (size_t)snprintf(text + used, size - used, "%s%s",
                                 i > 0 ? ", " : "",
                                 category_name(indicator, i, french));
    }
    return text;
}

/* Returns the translated name of a native level: a territory level, or
 * the point layers, or the stored name itself when it is neither. */
static const char *
native_level_label(const char *native_level)
{
    enum territory_level level;

    if (native_level == NULL) {
        return _("n/a");
    }
    if (indicator_level_parse(native_level, &level) == 0) {
        return tui_level_label(level);
    }
    if (strcmp(native_level, "point") == 0) {
        return _("sites with coordinates (point layer)");
    }
    return native_level;
}

/* Returns the catalogue entry id, or NULL when it is not listed (such as
 * an unpublished entry). */
static const struct indicator *
catalogue_find(const struct browser *browser, const char *id)
{
    size_t i;

    for (i = 0; i < browser->catalogue.count; i++) {
        const struct indicator *indicator =
            &browser->catalogue.items[i].indicator;

        if (strcmp(indicator->id, id) == 0) {
            return indicator;
        }
    }
    return NULL;
}

/* Returns the name of the catalogue entry id in the language shown, or
 * id itself when it is not listed. */
static const char *
catalogue_name(const struct browser *browser, const char *id, int french)
{
    const struct indicator *indicator = catalogue_find(browser, id);

    return indicator != NULL ? tui_indicator_name(indicator, french) : id;
}

/* Returns the name of category of the catalogue entry id in the language
 * shown, or category itself when neither is listed. */
static const char *
catalogue_category(const struct browser *browser, const char *id,
                   const char *category, int french)
{
    const struct indicator *indicator = catalogue_find(browser, id);
    size_t i;

    for (i = 0; indicator != NULL && i < indicator->category_count; i++) {
        if (strcmp(indicator->categories[i], category) == 0) {
            return category_name(indicator, i, french);
        }
    }
    return category;
}

/* Explain a ratio in words, with its factor, the category of its
 * numerator and the year of its denominator when the catalogue sets them.
 * Returns a string that the caller frees. */
static char *
explain_ratio(const struct browser *browser, const struct indicator *indicator,
              int french)
{
    const char *numerator_id = indicator->numerator ? indicator->numerator : "";
    const char *denominator_id =
        indicator->denominator ? indicator->denominator : "";
    char *numerator;
    char *denominator;
    char factor[64];
    char *text;

    if (indicator->numerator_category != NULL) {
        numerator = xasprintf(_("%s (category %s)"),
                              catalogue_name(browser, numerator_id, french),
                              catalogue_category(browser, numerator_id,
                                                 indicator->numerator_category,
                                                 french));
    } else {
        numerator = xstrdup(catalogue_name(browser, numerator_id, french));
    }
    if (indicator->denominator_year != 0) {
        /* TRANSLATORS: an indicator name and the one year it is taken
           from. */
        denominator = xasprintf(_("%s in %d"),
                                catalogue_name(browser, denominator_id, french),
                                indicator->denominator_year);
    } else {
        denominator = xstrdup(catalogue_name(browser, denominator_id, french));
    }

    if (indicator->factor == 1) {
        text = xasprintf(_("ratio: %s divided by %s, both added up over the "
                           "territory before dividing"),
                         numerator, denominator);
    } else {
        text_format_decimal(
            factor, sizeof(factor), indicator->factor,
            indicator->factor == floor(indicator->factor) ? 0 : 2, french);
        text = xasprintf(_("ratio: %s × %s divided by %s, both added up over "
                           "the territory before dividing"),
                         factor, numerator, denominator);
    }
    free(numerator);
    free(denominator);
    return text;
}

/* Explain the aggregation rule in words. Returns a string that the
 * caller frees. */
static char *
explain_rule(const struct browser *browser, const struct indicator *indicator,
             int french)
{
    switch (indicator->rule) {
    case AGGREGATION_RATIO:
        return explain_ratio(browser, indicator, french);
    case AGGREGATION_WEIGHTED_MEAN:
        return xasprintf(
            _("weighted mean: the values of the units inside the "
              "territory, weighted by %s"),
            catalogue_name(browser, indicator->weight ? indicator->weight : "",
                           french));
    case AGGREGATION_SUM:
        break;
    }
    return xstrdup(_("sum: the values of the units inside the territory are "
                     "added up"));
}

/* Labels of the details, measured to size the label column. */
static const char *const detail_labels[] = {
    N_("In English"), N_("In French"),   N_("Identifier"), N_("Theme"),
    N_("Unit"),       N_("Source"),      N_("Licence"),    N_("Years"),
    N_("Data level"), N_("Aggregation"), N_("Categories"), N_("Coverage"),
    N_("URL"),
};

/* Returns the columns of the label column, gap included, for a pane of
 * width columns. */
static int
detail_label_width(int width)
{
    int widest = 0;
    size_t i;

    for (i = 0; i < sizeof(detail_labels) / sizeof(detail_labels[0]); i++) {
        int columns = text_width(_(detail_labels[i]));

        widest = columns > widest ? columns : widest;
    }
    widest += 2;
    return widest > width / LABEL_MAX_DIVISOR ? width / LABEL_MAX_DIVISOR
                                              : widest;
}

/* Write the catalogue entry of one indicator. */
static void
detail_run(const struct browser *browser, const struct indicator *indicator,
           int french, struct detail_pass *pass)
{
    /* TRANSLATORS: no years, no categories or no URL (all feminine in
       French). */
    const char *none = _("none");
    const char *description = text_in_language(
        indicator->description_fr, indicator->description_en, french);
    const char *note = text_in_language(indicator->partial_note_fr,
                                        indicator->partial_note_en, french);
    const char *coverage;
    char *text = NULL;

    pass_wrapped(pass, 0, TUI_COLOUR_HEADING,
                 tui_indicator_name(indicator, french));
    if (description != NULL) {
        pass_wrapped(pass, 0, TUI_COLOUR_NORMAL, description);
    }
    if (french) {
        pass_field(pass, _("In English"), indicator->name_en);
    } else {
        pass_field(pass, _("In French"), indicator->name_fr);
    }
    pass_field(pass, _("Identifier"), indicator->id);
    pass_field(pass, _("Theme"), tui_indicator_theme(indicator, french));
    pass_field(pass, _("Unit"), tui_indicator_unit(indicator, french));
    pass_field(pass, _("Source"), indicator->source);
    pass_field(pass, _("Licence"), indicator->licence);

    text = format_years(indicator->years, indicator->year_count);
    pass_field(pass, _("Years"), text[0] != '\0' ? text : none);
    free(text);
    pass_field(pass, _("Data level"),
               native_level_label(indicator->native_level));
    text = explain_rule(browser, indicator, french);
    pass_field(pass, _("Aggregation"), text);
    free(text);

    text = format_categories(indicator, french);
    pass_field(pass, _("Categories"), text[0] != '\0' ? text : none);
    free(text);
    text = NULL;
    if (indicator->partial && note != NULL) {
        /* TRANSLATORS: the coverage of an indicator's data, then the
           catalogue's note on what it covers. */
        text = xasprintf(_("partial: %s"), note);
        coverage = text;
    } else if (indicator->partial) {
        coverage = _("partial: the data covers only part of what the name "
                     "states");
    } else {
        /* TRANSLATORS: the coverage of an indicator's data (feminine in
           French). */
        coverage = _("complete");
    }
    pass_field(pass, _("Coverage"), coverage);
    free(text);
    pass_field(pass, _("URL"), indicator->url ? indicator->url : none);
}

/* Draw the details of the highlighted indicator in area. In the pane next
 * to the list, a last line shows a hint when more lines follow. */
static void
browser_draw_details(struct tui_app *app, struct browser *browser,
                     const struct tui_rect *area)
{
    const struct indicator *indicator = browser_selected(browser);
    struct detail_pass pass = {area, 0, 0, 0, 0, 0};
    size_t height = (size_t)area->height;
    int cut;

    browser->detail_height = area->height;
    if (indicator == NULL || area->height <= 0 || area->width <= 0) {
        browser->detail_lines = 0;
        return;
    }
    pass.label_width = detail_label_width(area->width);
    detail_run(browser, indicator, app->french, &pass);
    browser->detail_lines = pass.line;

    if (!browser->full_details) {
        browser->detail_scroll = 0;
    } else if (browser->detail_scroll + height > pass.line) {
        browser->detail_scroll = pass.line > height ? pass.line - height : 0;
    }
    cut = !browser->full_details && pass.line > height;
    pass.scroll = browser->detail_scroll;
    pass.last = pass.scroll + height - (cut ? 1 : 0);
    pass.line = 0;
    pass.draw = 1;
    detail_run(browser, indicator, app->french, &pass);
    if (cut) {
        tui_draw_text(area->y + area->height - 1, area->x, area->width,
                      TUI_COLOUR_DIM, _("… Tab: every detail"));
    }
}

static void
browser_draw_line(struct tui_app *app, void *arg, size_t index,
                  const struct tui_rect *line, int selected)
{
    const struct browser *browser = arg;
    const struct browser_line *entry = &browser->lines[index];
    const struct indicator *indicator =
        &browser->catalogue.items[entry->item].indicator;

    if (entry->heading) {
        tui_draw_text(line->y, line->x + 1, line->width - 2, TUI_COLOUR_HEADING,
                      tui_indicator_theme(indicator, app->french));
        return;
    }
    tui_draw_text(line->y, line->x + 3, line->width - 4,
                  selected ? TUI_COLOUR_SELECTED : TUI_COLOUR_NORMAL,
                  tui_indicator_name(indicator, app->french));
}

/* Draw the search field, or a hint while no search is set, and the
 * number of indicators listed. */
static void
browser_draw_header(struct tui_app *app, struct browser *browser,
                    const struct tui_rect *header)
{
    char count[64];
    const char *hint;
    int count_columns;
    int used;
    struct tui_rect field;

    snprintf(count, sizeof(count),
             ngettext("%zu indicator", "%zu indicators", browser->match_count),
             browser->match_count);
    count_columns = text_width(count);
    if (count_columns > header->width / 3) {
        count_columns = 0;
    } else {
        tui_draw_text_right(header->y, header->x, header->width - 1,
                            TUI_COLOUR_DIM, count);
    }

    field = (struct tui_rect){header->y, header->x + 1, 1,
                              header->width - count_columns - 3};
    if (browser->searching) {
        tui_input_draw(app, &browser->input, &field, _("Search:"));
        return;
    }
    if (browser->input.length > 0) {
        /* The field is closed but its filter still applies. */
        used = tui_draw_text(field.y, field.x, field.width, TUI_COLOUR_HEADING,
                             _("Search:"));
        tui_draw_text(field.y, field.x + used + 1, field.width - used - 1,
                      TUI_COLOUR_NORMAL, browser->input.text);
        return;
    }
    /* TRANSLATORS: key hint above the indicator list; keep it short. */
    hint = _("/: search   Tab: details");
    tui_draw_text(field.y, field.x, field.width, TUI_COLOUR_DIM, hint);
}

/* Draw the line between the list and the details. */
static void
browser_draw_divider(const struct browser_layout *layout)
{
    char line[LINE_BYTES];
    size_t used = 0;
    int i;

    if (layout->divider == 1) {
        for (i = 0; i < layout->list.height; i++) {
            tui_draw_text(layout->list.y + i,
                          layout->list.x + layout->list.width, 1,
                          TUI_COLOUR_DIM, "│");
        }
        return;
    }
    for (i = 0; i < layout->list.width && used + 4 < sizeof(line); i++) {
        memcpy(line + used, "─", 3);
        used += 3;
    }
    line[used] = '\0';
    tui_draw_text(layout->list.y + layout->list.height, layout->list.x,
                  layout->list.width, TUI_COLOUR_DIM, line);
}

/* Draw the list, or why it is empty. */
static void
browser_draw_list(struct tui_app *app, struct browser *browser,
                  const struct tui_rect *area)
{
    const char *empty;

    browser->list_height = area->height;
    if (area->height <= 0) {
        return;
    }
    if (browser->line_count > 0) {
        tui_list_draw(app, &browser->list, area, browser_draw_line, browser);
        return;
    }
    empty = browser->catalogue.count == 0
                ? _("No indicators: load the data with \"terrish init\".")
                : _("No indicator matches the search.");
    tui_draw_text(area->y, area->x + 1, area->width - 2, TUI_COLOUR_ALERT,
                  empty);
}

static void
browser_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct browser *browser = state;
    struct browser_layout layout;

    if (body->height <= 0) {
        return;
    }
    browser_set_language(browser, app->french);
    browser_layout(browser, body, &layout);
    browser_draw_header(app, browser, &layout.header);
    browser_draw_list(app, browser, &layout.list);
    if (layout.divider != 0) {
        browser_draw_divider(&layout);
    }
    browser_draw_details(app, browser, &layout.details);
}

/* Move the highlight off a theme heading, on to the nearest indicator in
 * the direction of the move (or the other way at either end). */
static void
browser_skip_heading(struct browser *browser, size_t before)
{
    size_t target = browser->list.selected;
    size_t i;

    if (browser->line_count == 0 || !browser->lines[target].heading) {
        return;
    }
    /* browser_filter adds a heading only before an indicator, so the
     * search down always succeeds when the search up does not. */
    if (target < before) {
        i = target;
        while (i > 0 && browser->lines[i].heading) {
            i--;
        }
        if (!browser->lines[i].heading) {
            target = i;
        }
    }
    while (browser->lines[target].heading) {
        target++;
    }
    tui_list_select(&browser->list, target, browser->list_height);
}

/* Move the highlight for Up, Down, PgUp, PgDn, Home, End (and k, j when
 * vi_keys is set). Returns 0 for any other key. */
static int
browser_move(struct browser *browser, const struct tui_key *key, int vi_keys)
{
    size_t before = browser->list.selected;
    int flags;

    flags = tui_list_key(&browser->list, key, browser->list_height, vi_keys);
    if (flags == 0) {
        return 0;
    }
    browser_skip_heading(browser, before);
    browser_show_heading(browser);
    if (browser->list.selected != before) {
        browser->detail_scroll = 0;
    }
    return flags;
}

/* Choose the highlighted indicator: give it to the screen that opened
 * this one, or open its analysis for the current territory. */
static int
browser_choose(struct tui_app *app, struct browser *browser)
{
    const struct indicator *indicator = browser_selected(browser);
    struct tui_analysis_arg arg;

    if (indicator == NULL) {
        return TUI_KEY_HANDLED;
    }
    if (browser->chosen != NULL) {
        browser->chosen(app, browser->owner, indicator->id);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW | TUI_KEY_BACK;
    }
    if (app->current.name == NULL) {
        tui_app_set_message(app, 0,
                            _("Choose a territory first, then open the "
                              "indicators from its summary."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    arg.territory = &app->current;
    arg.indicator_id = indicator->id;
    tui_app_push(app, &tui_screen_analysis, &arg);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Empty the search field and list the whole catalogue again. */
static void
browser_clear_search(struct browser *browser)
{
    const struct indicator *selected = browser_selected(browser);
    char *id = selected != NULL ? xstrdup(selected->id) : NULL;

    browser->searching = 0;
    tui_input_clear(&browser->input);
    browser_filter(browser, id);
    free(id);
}

/* Keys while the search field is open: every printable key is text. */
static int
browser_search_key(struct tui_app *app, struct browser *browser,
                   const struct tui_key *key)
{
    const struct indicator *selected;
    char *id;
    int flags;

    if (key_is_cancel(key)) {
        browser_clear_search(browser);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_tab(key)) {
        browser->searching = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_enter(key)) {
        /* Leave the field, keeping the filter, so that the list has the
         * keyboard when the user comes back from the chosen screen. */
        browser->searching = 0;
        return browser_choose(app, browser);
    }
    flags = tui_input_key(&browser->input, key);
    if (flags & TUI_INPUT_CHANGED) {
        selected = browser_selected(browser);
        id = selected != NULL ? xstrdup(selected->id) : NULL;
        browser_filter(browser, id);
        free(id);
    }
    if (flags != 0) {
        return flags & ~TUI_INPUT_CHANGED;
    }
    return browser_move(browser, key, 0) | TUI_KEY_HANDLED;
}

/* Scroll the details shown over the whole body. */
static int
browser_details_key(struct browser *browser, const struct tui_key *key)
{
    size_t page =
        browser->detail_height > 1 ? (size_t)browser->detail_height - 1 : 1;
    size_t *scroll = &browser->detail_scroll;

    if (key_is_tab(key) || key_is_cancel(key)) {
        browser->full_details = 0;
    } else if ((key->function && key->code == KEY_UP) ||
               (!key->function && key->code == 'k')) {
        *scroll = *scroll > 0 ? *scroll - 1 : 0;
    } else if ((key->function && key->code == KEY_DOWN) ||
               (!key->function && key->code == 'j')) {
        (*scroll)++;
    } else if (key->function && key->code == KEY_PPAGE) {
        *scroll = *scroll > page ? *scroll - page : 0;
    } else if (key->function && key->code == KEY_NPAGE) {
        *scroll += page;
    } else if (key->function && key->code == KEY_HOME) {
        *scroll = 0;
    } else if (key->function && key->code == KEY_END) {
        *scroll = browser->detail_lines;
    } else {
        return 0;
    }
    /* The next draw brings a scroll past the end back to the last page. */
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Keys while the list has the keyboard. */
static int
browser_list_key(struct tui_app *app, struct browser *browser,
                 const struct tui_key *key)
{
    int flags;

    flags = browser_move(browser, key, 1);
    if (flags != 0) {
        return flags;
    }
    if (key_is_enter(key)) {
        return browser_choose(app, browser);
    }
    if (key_is_tab(key)) {
        browser->full_details = 1;
        browser->detail_scroll = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key_is_cancel(key) && browser->input.length > 0) {
        browser_clear_search(browser);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (!key->function && key->code == '/') {
        browser->searching = 1;
        browser->input.cursor = browser->input.length;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    return 0;
}

static int
browser_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct browser *browser = state;
    int flags;

    if (browser->searching) {
        return browser_search_key(app, browser, key);
    }
    if (browser->full_details) {
        flags = browser_details_key(browser, key);
        if (flags != 0) {
            return flags;
        }
        if (key_is_enter(key)) {
            return browser_choose(app, browser);
        }
        return 0;
    }
    return browser_list_key(app, browser, key);
}

/* Keep the highlight in view at the new list height. */
static void
browser_resize(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct browser *browser = state;
    struct browser_layout layout;

    (void)app;
    browser_layout(browser, body, &layout);
    if (layout.list.height <= 0) {
        /* The details take the whole body: the list keeps its place. */
        return;
    }
    browser->list_height = layout.list.height;
    if (browser->line_count > 0) {
        tui_list_select(&browser->list, browser->list.selected,
                        browser->list_height);
    }
}

static void
browser_free(void *state)
{
    struct browser *browser = state;

    browser_free_folded(browser);
    tui_indicators_free(&browser->catalogue);
    free(browser->lines);
    free(browser);
}

/* Load the catalogue. arg is a struct tui_indicator_choice, or NULL to
 * open the analysis of the indicator chosen. */
static void *
browser_create(struct tui_app *app, const void *arg)
{
    const struct tui_indicator_choice *choice = arg;
    struct browser *browser;
    struct browser_layout layout;

    browser = xcalloc(1, sizeof(*browser));
    if (browser_load(app->store, &browser->catalogue) != 0) {
        tui_app_set_message(app, 1, _("Could not read the indicators: %s"),
                            tui_store_error(app));
        browser_free(browser);
        return NULL;
    }
    if (choice != NULL) {
        browser->chosen = choice->chosen;
        browser->owner = choice->owner;
    }
    tui_input_clear(&browser->input);
    browser_layout(browser, &app->body, &layout);
    browser->list_height = layout.list.height > 0 ? layout.list.height : 1;

    tui_indicators_sort(&browser->catalogue, app->french);
    browser_fold(browser, app->french);
    browser_filter(browser, choice != NULL ? choice->selected : NULL);
    return browser;
}

static const char *
browser_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Indicators");
}

static int
browser_typing(void *state)
{
    const struct browser *browser = state;

    return browser->searching;
}

const struct tui_screen_ops tui_screen_indicators = {
    .name = "indicators",
    .create = browser_create,
    .title = browser_title,
    .draw = browser_draw,
    .key = browser_key,
    .resize = browser_resize,
    .typing = browser_typing,
    .help = browser_help,
    .free = browser_free,
};
