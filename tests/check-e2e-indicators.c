/*
 * terrish: end-to-end tests of the indicator browser, opened with "i"
 * from the summary of Lyon: its theme headings and names, the search,
 * and the details of the highlighted indicator, in French and English,
 * on a narrow and a wide terminal.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * What the screen must show is computed from data/indicators/catalogue.json,
 * which "terrish init" loads into the store of the test server. The load
 * publishes every entry of that file.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tests/e2e.h"

#define WAIT_MS 10000
#define ENTRIES_MAX 256
#define LINE_BYTES 1024
#define DETAILS_BYTES 16384

/* Box-drawing characters of the dividers between the list and details. */
#define VERTICAL "\xe2\x94\x82"   /* U+2502 */
#define HORIZONTAL "\xe2\x94\x80" /* U+2500 */

/* One catalogue entry, as catalogue.json gives it. */
struct entry {
    char *id;
    char *name[2];        /* English, French */
    char *description[2]; /* English, French, NULL when none */
    char *theme[2];       /* English (the French when none), French */
    char *unit[2];
    char *source;
    int years[64];
    size_t year_count;
};

struct catalogue {
    struct entry items[ENTRIES_MAX];
    size_t count;
};

/* One screen configuration and the search typed in it. */
struct browse_case {
    int cols;
    int rows;
    int french;
    const char *query;
};

static const struct browse_case cases[] = {
    {80, 24, 1, "recharge"},
    {160, 50, 1, "electrique"}, /* without the accent of "électriques" */
    /* Found in the descriptions of the sites and the mean per site too,
     * whose names do not have the word. */
    {160, 50, 1, "electricite"},
    {80, 24, 0, "charging"},
    {160, 50, 0, "CHARGING"},
};

/* Words of the screen in each language (index 0 English, 1 French). */
static const char *const title_summary[] = {"Indicators", "Indicateurs"};
static const char *const title_browser[] = {"terrish — Indicators",
                                            "terrish — Indicateurs"};
static const char *const label_other_name[] = {"In French", "En anglais"};
static const char *const label_id[] = {"Identifier", "Identifiant"};
static const char *const label_unit[] = {"Unit", "Unité"};
static const char *const label_source[] = {"Source", "Source"};
static const char *const label_years[] = {"Years", "Années"};

/* Assert cond, printing the screen to standard error when it fails: a
 * failure message as long as a 160x50 screen makes Check end the test
 * with "Early exit" and lose the message. */
#define screen_assert(term, cond, ...)                                         \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s\n", e2e_term_screen(term));                    \
            ck_abort_msg(__VA_ARGS__);                                         \
        }                                                                      \
    } while (0)

static struct e2e_server server;
static struct catalogue catalogue;

static void catalogue_read(struct catalogue *out);
static void catalogue_free(struct catalogue *list);

static void
server_setup(void)
{
    catalogue_read(&catalogue);
    ck_assert_int_eq(e2e_server_start(&server, NULL), 0);
}

static void
server_teardown(void)
{
    e2e_server_free(&server);
    catalogue_free(&catalogue);
}

static char *
json_text(json_t *object, const char *key)
{
    const char *text = json_string_value(json_object_get(object, key));

    ck_assert_msg(text != NULL, "catalogue entry without a text \"%s\"", key);
    return xstrdup(text);
}

/* Read every entry of data/indicators/catalogue.json. */
static void
catalogue_read(struct catalogue *out)
{
    char path[4096];
    json_error_t error;
    json_t *root;
    size_t i;

    snprintf(path, sizeof path, "%s/indicators/catalogue.json",
             getenv("TERRISH_DATA"));
    root = json_load_file(path, 0, &error);
    ck_assert_msg(root != NULL, "cannot read %s: %s", path, error.text);
    ck_assert(json_is_array(root));
    ck_assert_uint_le(json_array_size(root), ENTRIES_MAX);

    memset(out, 0, sizeof(*out));
    for (i = 0; i < json_array_size(root); i++) {
        json_t *object = json_array_get(root, i);
        json_t *names = json_object_get(object, "name");
        json_t *description = json_object_get(object, "description");
        json_t *years = json_object_get(object, "years");
        struct entry *entry = &out->items[out->count++];
        size_t j;

        entry->id = json_text(object, "id");
        entry->name[0] = json_text(names, "en");
        entry->name[1] = json_text(names, "fr");
        if (description != NULL) {
            entry->description[0] = json_text(description, "en");
            entry->description[1] = json_text(description, "fr");
        }
        entry->theme[1] = json_text(object, "theme");
        entry->unit[1] = json_text(object, "unit");
        entry->theme[0] = json_object_get(object, "theme_en") != NULL
                              ? json_text(object, "theme_en")
                              : xstrdup(entry->theme[1]);
        entry->unit[0] = json_object_get(object, "unit_en") != NULL
                             ? json_text(object, "unit_en")
                             : xstrdup(entry->unit[1]);
        entry->source = json_text(object, "source");
        for (j = 0; j < json_array_size(years) && j < 64; j++) {
            entry->years[entry->year_count++] =
                (int)json_integer_value(json_array_get(years, j));
        }
    }
    json_decref(root);
}

static void
catalogue_free(struct catalogue *list)
{
    size_t i;

    for (i = 0; i < list->count; i++) {
        free(list->items[i].id);
        free(list->items[i].name[0]);
        free(list->items[i].name[1]);
        free(list->items[i].description[0]);
        free(list->items[i].description[1]);
        free(list->items[i].theme[0]);
        free(list->items[i].theme[1]);
        free(list->items[i].unit[0]);
        free(list->items[i].unit[1]);
        free(list->items[i].source);
    }
    list->count = 0;
}

/* Compare two texts without accents or case. */
static int
compare_folded(const char *a, const char *b)
{
    char *folded_a = text_sort_key(a);
    char *folded_b = text_sort_key(b);
    int order = strcmp(folded_a, folded_b);

    free(folded_a);
    free(folded_b);
    return order;
}

/* Language of the names that compare_entries sorts by. */
static int sort_french;

/* The order of the browser: theme, then name, then id. */
static int
compare_entries(const void *a, const void *b)
{
    const struct entry *left = *(const struct entry *const *)a;
    const struct entry *right = *(const struct entry *const *)b;
    int order =
        compare_folded(left->theme[sort_french], right->theme[sort_french]);

    if (order == 0) {
        order =
            compare_folded(left->name[sort_french], right->name[sort_french]);
    }
    return order != 0 ? order : strcmp(left->id, right->id);
}

/* Returns 1 when the folded text contains the word. */
static int
folded_contains(const char *text, const char *word)
{
    char *folded = text_fold(text);
    int found = strstr(folded, word) != NULL;

    free(folded);
    return found;
}

/* Returns 1 when every word of the query, folded, is in the folded name
 * or description of the language shown, the id, or the theme in French or
 * in the language shown. */
static int
entry_matches(const struct entry *entry, const char *query, int french)
{
    char *words = text_fold(query);
    char *save = NULL;
    char *word;
    int match = 1;

    for (word = strtok_r(words, " ", &save); word != NULL && match;
         word = strtok_r(NULL, " ", &save)) {
        match = folded_contains(entry->name[french], word) ||
                folded_contains(entry->id, word) ||
                folded_contains(entry->theme[1], word) ||
                folded_contains(entry->theme[french], word) ||
                (entry->description[french] != NULL &&
                 folded_contains(entry->description[french], word));
    }
    free(words);
    return match;
}

/*
 * Write the lines the list must show for a query (NULL for none): each
 * theme heading followed by its names. Returns the number of lines, and
 * the number of indicators in *matches.
 */
static size_t
expected_lines(const char *query, int french, const char **lines,
               size_t *matches)
{
    const struct entry *sorted[ENTRIES_MAX];
    const char *theme = NULL;
    size_t count = 0;
    size_t used = 0;
    size_t i;

    for (i = 0; i < catalogue.count; i++) {
        if (query == NULL ||
            entry_matches(&catalogue.items[i], query, french)) {
            sorted[count++] = &catalogue.items[i];
        }
    }
    sort_french = french;
    qsort(sorted, count, sizeof(sorted[0]), compare_entries);
    for (i = 0; i < count; i++) {
        if (theme == NULL || strcmp(theme, sorted[i]->theme[french]) != 0) {
            theme = sorted[i]->theme[french];
            lines[used++] = theme;
        }
        lines[used++] = sorted[i]->name[french];
    }
    *matches = count;
    return used;
}

/* Copy text with every run of spaces made one space, without leading or
 * trailing spaces. */
static void
squeeze_spaces(char *out, size_t size, const char *text)
{
    size_t used = 0;

    text += strspn(text, " ");
    while (*text != '\0' && used + 1 < size) {
        if (*text == ' ') {
            text += strspn(text, " ");
            if (*text == '\0') {
                break;
            }
            out[used++] = ' ';
            continue;
        }
        out[used++] = *text++;
    }
    out[used] = '\0';
}

/* The list and the details as read from the screen. */
struct screen_parts {
    char list[64][LINE_BYTES];
    size_t list_count;
    char details[DETAILS_BYTES]; /* its lines joined by single spaces */
};

/* Append one piece of the details pane. */
static void
details_append(struct screen_parts *parts, const char *text)
{
    char squeezed[LINE_BYTES];
    size_t used = strlen(parts->details);

    squeeze_spaces(squeezed, sizeof squeezed, text);
    if (squeezed[0] == '\0') {
        return;
    }
    snprintf(parts->details + used, sizeof parts->details - used, "%s%s",
             used > 0 ? " " : "", squeezed);
}

/*
 * Split the body (rows 2 to rows - 2, below the title and the search
 * line) into the list and the details. The details are right of a
 * vertical divider, or below a horizontal one, or the whole body when
 * full is set (after Tab).
 */
static void
screen_split(struct e2e_term *term, int rows, int full,
             struct screen_parts *parts)
{
    int below = full;
    int n;

    memset(parts, 0, sizeof(*parts));
    for (n = 2; n < rows - 1; n++) {
        char line[LINE_BYTES];
        char *bar;
        char *left = line;
        const char *right = "";

        snprintf(line, sizeof line, "%s", e2e_term_row(term, n));
        if (strncmp(line + strspn(line, " "), HORIZONTAL, 3) == 0) {
            below = 1;
            continue;
        }
        bar = strstr(line, VERTICAL);
        if (bar != NULL) {
            *bar = '\0';
            right = bar + strlen(VERTICAL);
        } else if (below) {
            right = line;
            left = "";
        }
        details_append(parts, right);
        squeeze_spaces(parts->list[parts->list_count], LINE_BYTES, left);
        if (parts->list[parts->list_count][0] != '\0' &&
            parts->list_count + 1 < 64) {
            parts->list_count++;
        }
    }
}

/* Check that the list lines are consecutive expected lines, starting at
 * the expected line equal to the first list line. */
static void
check_list_window(const struct screen_parts *parts, const char **expected,
                  size_t expected_count, struct e2e_term *term)
{
    size_t first;
    size_t i;

    screen_assert(term, parts->list_count > 0, "empty list");
    for (first = 0; first < expected_count; first++) {
        if (strcmp(expected[first], parts->list[0]) == 0) {
            break;
        }
    }
    screen_assert(term, first < expected_count,
                  "\"%s\" is not in the catalogue", parts->list[0]);
    for (i = 0; i < parts->list_count; i++) {
        screen_assert(term, first + i < expected_count,
                      "list line \"%s\" past the end of the catalogue",
                      parts->list[i]);
        screen_assert(term, strcmp(parts->list[i], expected[first + i]) == 0,
                      "list line %zu is \"%s\", expected \"%s\"", i,
                      parts->list[i], expected[first + i]);
    }
}

/* Check that the list contains exactly the expected lines. */
static void
check_list_exact(const struct screen_parts *parts, const char **expected,
                 size_t expected_count, struct e2e_term *term)
{
    screen_assert(term, parts->list_count == expected_count,
                  "%zu list lines, expected %zu", parts->list_count,
                  expected_count);
    check_list_window(parts, expected, expected_count, term);
    ck_assert_str_eq(parts->list[0], expected[0]);
}

/* The count on the search line: " 2 indicateurs", " 1 indicator". */
static void
format_count(char *buf, size_t size, size_t count, int french)
{
    int plural = french ? count > 1 : count != 1;

    snprintf(buf, size, " %zu %s", count,
             french ? (plural ? "indicateurs" : "indicateur")
                    : (plural ? "indicators" : "indicator"));
}

/* Write years as the browser does: runs of consecutive years as
 * "2016–2022", others separated by ", ". */
static void
format_years(char *buf, size_t size, const int *years, size_t count)
{
    size_t used = 0;
    size_t i = 0;

    buf[0] = '\0';
    while (i < count && used < size) {
        size_t last = i;

        while (last + 1 < count && years[last + 1] == years[last] + 1) {
            last++;
        }
        if (last > i) {
            used += (size_t)snprintf(buf + used, size - used, "%s%d–%d",
                                     i > 0 ? ", " : "", years[i], years[last]);
        } else {
            used += (size_t)snprintf(buf + used, size - used, "%s%d",
                                     i > 0 ? ", " : "", years[i]);
        }
        i = last + 1;
    }
}

/* Returns the entry whose "Identifier <id>" line the details show. */
static const struct entry *
details_entry(const struct screen_parts *parts, int french,
              struct e2e_term *term)
{
    char expected[LINE_BYTES];
    size_t i;

    for (i = 0; i < catalogue.count; i++) {
        snprintf(expected, sizeof expected, "%s %s ", label_id[french],
                 catalogue.items[i].id);
        if (strstr(parts->details, expected) != NULL) {
            return &catalogue.items[i];
        }
    }
    screen_assert(term, 0, "no catalogue id in the details");
    return NULL;
}

/* Check that the details contain "label value", spaces squeezed. */
static void
check_field(const struct screen_parts *parts, const char *label,
            const char *value, struct e2e_term *term)
{
    char field[4096];
    char expected[4096];

    snprintf(field, sizeof field, "%s %s", label, value);
    squeeze_spaces(expected, sizeof expected, field);
    screen_assert(term, strstr(parts->details, expected) != NULL,
                  "details without \"%s\"", expected);
}

/* Log in with the case's language and open the browser from the summary
 * of Lyon (commune 69123). */
static struct e2e_term *
browser_open(const struct browse_case *test)
{
    const struct e2e_auth auth = {.key_file = e2e_client_key()};
    const char *env_en[] = {"LANG=en_US.UTF-8", NULL};
    struct e2e_term *term = NULL;

    ck_assert_int_eq(e2e_term_open(&term, server.port, E2E_USER, &auth,
                                   test->cols, test->rows, "xterm-256color",
                                   test->french ? NULL : env_en),
                     0);
    ck_assert(e2e_term_wait_row(term, test->rows - 1, "?:", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, "69123"), 0);
    ck_assert(e2e_term_wait_text(term, "Lyon", WAIT_MS));
    ck_assert_int_eq(e2e_term_send(term, "\r"), 0);
    ck_assert(e2e_term_wait_text(term, title_summary[test->french], WAIT_MS));
    ck_assert(e2e_term_wait_row(term, 0, "terrish — Lyon", WAIT_MS));

    ck_assert_int_eq(e2e_term_send(term, "i"), 0);
    ck_assert(e2e_term_wait_row(term, 0, title_browser[test->french], WAIT_MS));
    return term;
}

/* The whole catalogue under its theme headings: all of it on a tall
 * terminal, a run of it from a heading on a short one. */
static void
check_catalogue(struct e2e_term *term, const struct browse_case *test)
{
    const char *expected[2 * ENTRIES_MAX];
    struct screen_parts *parts = xcalloc(1, sizeof(*parts));
    char count[64];
    size_t matches;
    size_t lines = expected_lines(NULL, test->french, expected, &matches);

    format_count(count, sizeof count, matches, test->french);
    ck_assert(e2e_term_wait_row(term, 1, count, WAIT_MS));
    e2e_term_drain(term, 300);
    screen_split(term, test->rows, 0, parts);
    /* A wide terminal gives the list every line of the body but the
     * search line. */
    if (test->cols >= 100 && (size_t)test->rows - 3 >= lines) {
        check_list_exact(parts, expected, lines, term);
    } else {
        check_list_window(parts, expected, lines, term);
        ck_assert_str_eq(parts->list[0], expected[0]);
    }
    free(parts);
}

/* When the pane below the list cuts the details, show them over the
 * whole body: the first Tab leaves the search field, the second one
 * shows the details. Returns 1 when it did. */
static int
details_expand(struct e2e_term *term, const struct browse_case *test,
               const struct entry *highlighted, struct screen_parts *parts)
{
    if (strstr(parts->details, "… Tab") == NULL) {
        return 0;
    }
    ck_assert_int_eq(e2e_term_send(term, "\t"), 0);
    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, "\t"), 0);
    ck_assert(
        e2e_term_wait_row(term, 2, highlighted->name[test->french], WAIT_MS));
    e2e_term_drain(term, 200);
    screen_split(term, test->rows, 1, parts);
    return 1;
}

/* Check that the details start with the name, then the description when
 * the catalogue has one. */
static void
check_heading(const struct screen_parts *parts, const struct entry *entry,
              int french, struct e2e_term *term)
{
    const char *description = entry->description[french];
    char text[4096];
    char expected[4096];

    if (description == NULL || description[0] == '\0') {
        description = entry->description[!french];
    }
    snprintf(text, sizeof text, "%s %s", entry->name[french],
             description != NULL ? description : "");
    squeeze_spaces(expected, sizeof expected, text);
    screen_assert(term, strstr(parts->details, expected) == parts->details,
                  "details do not start with \"%s\"", expected);
}

/* Type the query, then check the list of matches and the details of the
 * highlighted one. Returns 1 when the details were left over the whole
 * body. */
static int
check_search(struct e2e_term *term, const struct browse_case *test)
{
    const char *expected[2 * ENTRIES_MAX];
    struct screen_parts *parts = xcalloc(1, sizeof(*parts));
    const struct entry *highlighted;
    char count[64];
    char years[512];
    size_t matches;
    size_t lines;
    size_t i;
    int listed = 0;
    int expanded;

    lines = expected_lines(test->query, test->french, expected, &matches);
    screen_assert(term, matches > 0 && matches < catalogue.count,
                  "query \"%s\" selects %zu of %zu entries: choose another",
                  test->query, matches, catalogue.count);
    ck_assert_int_eq(e2e_term_send(term, "/"), 0);
    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, test->query), 0);
    format_count(count, sizeof count, matches, test->french);
    ck_assert(e2e_term_wait_row(term, 1, count, WAIT_MS));
    e2e_term_drain(term, 300);

    screen_split(term, test->rows, 0, parts);
    check_list_exact(parts, expected, lines, term);

    highlighted = details_entry(parts, test->french, term);
    for (i = 0; i < lines; i++) {
        listed |= strcmp(expected[i], highlighted->name[test->french]) == 0;
    }
    screen_assert(term, listed, "details of %s, which is not in the list",
                  highlighted->id);

    expanded = details_expand(term, test, highlighted, parts);
    check_heading(parts, highlighted, test->french, term);
    check_field(parts, label_other_name[test->french],
                highlighted->name[!test->french], term);
    check_field(parts, label_unit[test->french],
                highlighted->unit[test->french], term);
    check_field(parts, label_source[test->french], highlighted->source, term);
    format_years(years, sizeof years, highlighted->years,
                 highlighted->year_count);
    check_field(parts, label_years[test->french], years, term);
    free(parts);
    return expanded;
}

/* Esc clears the search and lists everything again, and a second Esc
 * goes back to the summary. With the details over the whole body, Tab
 * first goes back to the list. */
static void
check_escape(struct e2e_term *term, const struct browse_case *test,
             int expanded)
{
    char count[64];

    if (expanded) {
        ck_assert_int_eq(e2e_term_send(term, "\t"), 0);
        ck_assert(e2e_term_wait_text(
            term, test->cols >= 100 ? VERTICAL : HORIZONTAL, WAIT_MS));
    }

    format_count(count, sizeof count, catalogue.count, test->french);
    ck_assert_int_eq(e2e_term_send(term, "\x1b"), 0);
    ck_assert(e2e_term_wait_row(term, 1, count, WAIT_MS));
    screen_assert(term, strstr(e2e_term_row(term, 1), test->query) == NULL,
                  "search text left after Esc");
    e2e_term_drain(term, 200);
    ck_assert_int_eq(e2e_term_send(term, "\x1b"), 0);
    ck_assert(e2e_term_wait_row(term, 0, "terrish — Lyon", WAIT_MS));
}

START_TEST(browse_search_details)
{
    const struct browse_case *test = &cases[_i];
    struct e2e_term *term = browser_open(test);
    int expanded;

    check_catalogue(term, test);
    expanded = check_search(term, test);
    check_escape(term, test, expanded);
    e2e_term_close(term);
}
END_TEST

static Suite *
indicators_suite(void)
{
    Suite *suite = suite_create("e2e-indicators");
    TCase *tc = tcase_create("indicators");

    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, e2e_timeout(40));
    tcase_add_loop_test(tc, browse_search_details, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(indicators_suite);
}
