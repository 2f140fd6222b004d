/*
 * terrish: the scripted scenario of each terrish session of the fleet, and
 * the accounts and dashboards it needs.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every session logs in as its own account, which owns one dashboard made
 * in the store before the server starts: the default dashboard of the
 * theme "Population" for Saint-Étienne (four key figures). A session then
 * searches Saint-Étienne, opens the map of its population through the
 * indicator browser, opens its dashboard from the list and gives the first
 * widget a new title through the title field. Each step waits until the
 * libvterm screen shows its result in full, then until the screen is
 * quiet, and records its time and the TCP payload bytes it received.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "server/server.h"
#include "store/store.h"

/* The territory of every step and of every dashboard: Saint-Étienne. */
#define FLEET_COMMUNE "42218"
#define FLEET_THEME "Population"

/* Texts of the screens, in French (the default language). */
#define SEARCH_LABEL "Recherche :"
#define SEARCH_TEXT "st etienne"
#define SUMMARY_LABEL "Population"
#define SUMMARY_INDICATORS "Indicateurs"
#define BROWSER_HINT "/ : rechercher"
#define INDICATOR_TEXT "population municipale"
#define MAP_LEGEND "Légende"
#define LIST_TITLE "Tableaux de bord"
#define PRESENCE_LABEL "Présents"
#define TITLE_PROMPT "Titre du widget"
/* The placeholder of a widget whose values are not computed yet. */
#define WIDGET_PENDING "\xe2\x80\xa6" /* U+2026 */

/* Time allowed for one step before the session counts as failed. */
#define STEP_WAIT_MS 30000
/* Silence that ends a step when counting its bytes, and its limit. */
#define STEP_QUIET_MS 100
#define STEP_QUIET_MAX_MS 2000

static const char *const step_names[BENCH_STEP_COUNT] = {
    [BENCH_STEP_LOGIN] = "login", [BENCH_STEP_SEARCH] = "search",
    [BENCH_STEP_MAP] = "map",     [BENCH_STEP_DASHBOARD] = "dashboard",
    [BENCH_STEP_EDIT] = "edit",
};

const char *
bench_step_name(enum bench_step step)
{
    return step_names[step];
}

void
bench_fleet_account(int index, char *out, size_t size)
{
    snprintf(out, size, "fleet%05d", index);
}

/* Name of the dashboard of account index: zero-padded, so that no name
 * contains another. */
static void
fleet_dashboard_name(int index, char *out, size_t size)
{
    snprintf(out, size, "Fleet %05d", index);
}

/* Read the first line of the client's public key into its parts. */
static int
public_key_read(const struct bench_setup *setup, char **type, char **base64,
                char **comment)
{
    char path[PATH_MAX + 8];
    char line[4096];
    char *error = NULL;
    FILE *file;
    int rc;

    snprintf(path, sizeof path, "%s.pub", setup->client_key);
    file = fopen(path, "r");
    if (file == NULL || fgets(line, sizeof line, file) == NULL) {
        bench_error("cannot read the public key %s", path);
        if (file != NULL) {
            fclose(file);
        }
        return -1;
    }
    fclose(file);
    rc = auth_key_line_parse(line, type, base64, comment, &error);
    if (rc != 0) {
        bench_error("invalid public key %s: %s", path, error);
        free(error);
        return -1;
    }
    return 0;
}

/* Create a dashboard named name for account with the default widgets of
 * FLEET_THEME. */
static int
dashboard_create(struct store *store, const char *account, const char *name,
                 int64_t territory_id, const struct widget *widgets,
                 size_t count)
{
    int64_t id = 0;

    if (store_dashboard_create_with_widgets(store, account, name, territory_id,
                                            widgets, count, &id) != 0) {
        bench_error("cannot create the dashboard %s of %s: %s", name, account,
                    store_error(store));
        return -1;
    }
    return 0;
}

/* Create account index with the client key and its dashboard. */
static int
fleet_account_create(struct store *store, int index, const char *const *key,
                     int64_t territory_id, const struct widget *widgets,
                     size_t count)
{
    char account[32];
    char name[32];

    bench_fleet_account(index, account, sizeof account);
    fleet_dashboard_name(index, name, sizeof name);
    if (store_user_add(store, account, ROLE_USER, NULL) != 0 ||
        store_user_key_add(store, account, key[0], key[1], key[2]) < 0) {
        bench_error("cannot create the account %s: %s", account,
                    store_error(store));
        return -1;
    }
    return dashboard_create(store, account, name, territory_id, widgets, count);
}

int
bench_fleet_prepare(const struct bench_setup *setup, int accounts)
{
    struct territory territory;
    struct store *store = NULL;
    struct widget *widgets = NULL;
    size_t count = 0;
    char *key[3] = {NULL, NULL, NULL};
    char *error = NULL;
    int rc = -1;
    int i;

    memset(&territory, 0, sizeof territory);
    if (public_key_read(setup, &key[0], &key[1], &key[2]) == -1) {
        return -1;
    }
    if (store_open(setup->store, STORE_OPEN_EXISTING, &store, &error) != 0) {
        bench_error("cannot open %s: %s", setup->store, error);
        free(error);
        goto out;
    }
    if (store_territory_get(store, LEVEL_COMMUNE, FLEET_COMMUNE, &territory)) {
        bench_error("commune %s not found in %s: %s", FLEET_COMMUNE,
                    setup->store, store_error(store));
        goto out;
    }
    if (store_dashboard_default(store, FLEET_THEME, territory.id, &widgets,
                                &count) != 0 ||
        count < 2) {
        bench_error("no default dashboard \"%s\" of commune %s with two "
                    "widgets or more: %s",
                    FLEET_THEME, FLEET_COMMUNE, store_error(store));
        goto out;
    }
    if (dashboard_create(store, BENCH_USER, BENCH_KEYS_DASHBOARD, territory.id,
                         widgets, count) == -1) {
        goto out;
    }
    for (i = 0; i < accounts; i++) {
        if (fleet_account_create(store, i, (const char *const *)key,
                                 territory.id, widgets, count) == -1) {
            goto out;
        }
    }
    rc = 0;

out:
    for (i = 0; i < (int)count; i++) {
        widget_clear(&widgets[i]);
    }
    free(widgets);
    territory_clear(&territory);
    store_close(store);
    free(key[0]);
    free(key[1]);
    free(key[2]);
    return rc;
}

/* Row of the screen (0 is the top) whose line contains text, or -1. */
static int
screen_row_of(struct term_client *term, const char *text)
{
    const char *screen = term_client_screen(term);
    const char *found = strstr(screen, text);
    int row = 0;

    if (found == NULL) {
        return -1;
    }
    for (; screen < found; screen++) {
        row += *screen == '\n';
    }
    return row;
}

/* Two texts that the screen must show together. */
struct text_pair {
    const char *first;
    const char *second;
};

static int
screen_has_both(struct term_client *term, const void *arg)
{
    const struct text_pair *pair = arg;

    return term_client_has_text(term, pair->first) &&
           term_client_has_text(term, pair->second);
}

/* Wait until the screen shows both texts, else report the screen. */
static int
wait_both(struct term_client *term, const char *first, const char *second,
          int timeout_ms)
{
    const struct text_pair pair = {first, second};

    if (term_client_wait(term, screen_has_both, &pair, timeout_ms)) {
        return 1;
    }
    bench_error("timed out after %d ms waiting for \"%s\" and \"%s\"; "
                "screen:\n%s",
                timeout_ms, first, second, term_client_screen(term));
    return 0;
}

int
bench_dashboard_open(struct term_client *term, const char *name, int timeout_ms)
{
    int highlight;
    int row;
    int i;

    if (term_client_send_text(term, "D") == -1 ||
        !wait_both(term, LIST_TITLE, name, timeout_ms)) {
        return -1;
    }
    highlight = bench_term_highlight_row(term);
    row = screen_row_of(term, name);
    for (i = highlight; i >= 0 && i < row; i++) {
        if (term_client_send_key(term, VTERM_KEY_DOWN) == -1) {
            return -1;
        }
    }
    if (term_client_send_key(term, VTERM_KEY_ENTER) == -1 ||
        !bench_term_wait_text(term, PRESENCE_LABEL, timeout_ms)) {
        return -1;
    }
    return 0;
}

/*
 * Test whether the dashboard named arg is drawn in full: its name in the
 * title, and no widget showing the placeholder of values still being
 * computed. The placeholder is alone, where an ellipsis that cuts a text
 * follows a letter.
 */
static int
screen_dashboard_ready(struct term_client *term, const void *name)
{
    const char *screen = term_client_screen(term);
    const char *found = screen;
    const char *title_end = strchr(screen, '\n');
    const char *in_title = strstr(screen, name);

    if (in_title == NULL || title_end == NULL || in_title > title_end ||
        strstr(screen, PRESENCE_LABEL) == NULL) {
        return 0;
    }
    while ((found = strstr(found, WIDGET_PENDING)) != NULL) {
        if (found == screen || found[-1] == ' ' || found[-1] == '\n') {
            return 0;
        }
        found += strlen(WIDGET_PENDING);
    }
    return 1;
}

int
bench_dashboard_wait_ready(struct term_client *term, const char *name,
                           int timeout_ms)
{
    if (term_client_wait(term, screen_dashboard_ready, name, timeout_ms)) {
        return 1;
    }
    bench_error("dashboard \"%s\" not complete after %d ms; screen:\n%s", name,
                timeout_ms, term_client_screen(term));
    return 0;
}

/* Test whether the title field closed and the screen shows the title. */
static int
screen_title_committed(struct term_client *term, const void *title)
{
    return !term_client_has_text(term, TITLE_PROMPT) &&
           term_client_has_text(term, title);
}

/* The end of a step: wait for quiet, then record its time and bytes. */
static void
step_record(struct term_client *term, struct bench_scenario_sample *sample,
            enum bench_step step, int64_t start_ns, uint64_t wire_start)
{
    sample->ms[step] = (double)(bench_now_ns() - start_ns) / 1e6;
    bench_term_settle(term, STEP_QUIET_MS, STEP_QUIET_MAX_MS);
    sample->wire[step] = (double)(term_client_wire_bytes(term) - wire_start);
}

void
bench_scenario_login_record(struct term_client *term,
                            const struct term_client_cost *cost,
                            struct bench_scenario_sample *sample)
{
    step_record(term, sample, BENCH_STEP_LOGIN, cost->connect_ns, 0);
}

/* "/" and the name until Saint-Étienne's code shows, then Enter until
 * its summary shows. */
static int
step_search(struct term_client *term)
{
    return term_client_send_text(term, "/") == 0 &&
           bench_term_wait_text(term, SEARCH_LABEL, STEP_WAIT_MS) &&
           term_client_send_text(term, SEARCH_TEXT) == 0 &&
           bench_term_wait_text(term, FLEET_COMMUNE, STEP_WAIT_MS) &&
           term_client_send_key(term, VTERM_KEY_ENTER) == 0 &&
           wait_both(term, SUMMARY_LABEL, SUMMARY_INDICATORS, STEP_WAIT_MS);
}

/* The indicator browser, the population indicator, then Enter until its
 * map shows with its legend, which is drawn once the outlines are read. */
static int
step_map(struct term_client *term)
{
    return term_client_send_text(term, "i") == 0 &&
           bench_term_wait_text(term, BROWSER_HINT, STEP_WAIT_MS) &&
           term_client_send_text(term, "/" INDICATOR_TEXT) == 0 &&
           bench_term_wait_text(term, SEARCH_LABEL " " INDICATOR_TEXT,
                                STEP_WAIT_MS) &&
           term_client_send_key(term, VTERM_KEY_ENTER) == 0 &&
           bench_term_wait_text(term, MAP_LEGEND, STEP_WAIT_MS);
}

/* "r", the title (after Ctrl-U empties the field), then Enter until the
 * field closes and the widget shows the title. */
static int
step_edit(struct term_client *term, const char *title)
{
    if (term_client_send_text(term, "r") == -1 ||
        !bench_term_wait_text(term, TITLE_PROMPT, STEP_WAIT_MS) ||
        term_client_send_text(term, "\x15") == -1 ||
        term_client_send_text(term, title) == -1 ||
        !bench_term_wait_text(term, title, STEP_WAIT_MS) ||
        term_client_send_key(term, VTERM_KEY_ENTER) == -1) {
        return 0;
    }
    if (!term_client_wait(term, screen_title_committed, title, STEP_WAIT_MS)) {
        bench_error("the title \"%s\" was not committed; screen:\n%s", title,
                    term_client_screen(term));
        return 0;
    }
    return 1;
}

int
bench_scenario_run(struct term_client *term, int index,
                   struct bench_scenario_sample *sample)
{
    char name[32];
    char title[32];
    enum bench_step step;
    uint64_t wire;
    int64_t start;
    int done = 1;

    fleet_dashboard_name(index, name, sizeof name);
    snprintf(title, sizeof title, "Edited %05d", index);
    for (step = BENCH_STEP_SEARCH; step < BENCH_STEP_COUNT && done; step++) {
        wire = term_client_wire_bytes(term);
        start = bench_now_ns();
        switch (step) {
        case BENCH_STEP_SEARCH:
            done = step_search(term);
            break;
        case BENCH_STEP_MAP:
            done = step_map(term);
            break;
        case BENCH_STEP_DASHBOARD:
            done = bench_dashboard_open(term, name, STEP_WAIT_MS) == 0 &&
                   bench_dashboard_wait_ready(term, name, STEP_WAIT_MS);
            break;
        case BENCH_STEP_EDIT:
            done = step_edit(term, title);
            break;
        case BENCH_STEP_LOGIN:
        case BENCH_STEP_COUNT:
            break;
        }
        if (done) {
            step_record(term, sample, step, start, wire);
        }
    }
    return done ? 0 : -1;
}
