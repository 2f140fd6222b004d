/*
 * terrish: co-editing propagation from screen to screen. One session
 * retitles a widget of a dashboard through the screen's keys while V
 * others show the same dashboard. Each change is timed from the editor's
 * Enter to the new title drawn on each viewer's screen (libvterm).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The dashboard is made in the store before the server starts, owned by
 * BENCH_USER, and every session logs in as that account. Sessions stay
 * open from one number of viewers to the next, so each level adds
 * sessions. Changes go one at a time: the editor opens the title field
 * ("r"), the viewers' screens settle after the editor's mark appears on
 * them, the editor types the title, and the clock starts when Enter is
 * written. The next change starts once every viewer drew the title, or
 * BENCH_COEDIT_WAIT_MS passed, which counts the viewers left as missed.
 */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "store/store.h"

/* The dashboard of the measure, for the commune of Grenoble. */
#define COEDIT_NAME "Propagation"
#define COEDIT_COMMUNE "38185"
/* Texts of the screens, in French (the default language). */
#define FIRST_SCREEN_HINT "?:aide q:quitter"
#define TITLE_PROMPT "Titre du widget"
/* Time allowed for a screen step while opening the sessions. */
#define OPEN_WAIT_MS 30000
/* Time every viewer has to draw one title before it counts missed. */
#define BENCH_COEDIT_WAIT_MS 5000
/* Silence of every viewer that ends the settling before an Enter, and
 * the longest settling. */
#define SETTLE_QUIET_MS 30
#define SETTLE_MAX_MS 2000
#define OPEN_THREADS_MAX 64

int
bench_coedit_prepare(const struct bench_setup *setup)
{
    struct territory territory;
    struct store *store = NULL;
    struct widget widget;
    char *error = NULL;
    int64_t id = 0;
    int64_t version = 0;
    int rc = -1;

    if (store_open(setup->store, STORE_OPEN_EXISTING, &store, &error) != 0) {
        bench_error("cannot open %s: %s", setup->store, error);
        free(error);
        return -1;
    }
    memset(&territory, 0, sizeof territory);
    if (store_territory_get(store, LEVEL_COMMUNE, COEDIT_COMMUNE, &territory) !=
            0 ||
        store_dashboard_create(store, BENCH_USER, COEDIT_NAME, territory.id,
                               &id) != 0) {
        bench_error("cannot create the dashboard of the co-editing "
                    "measure: %s",
                    store_error(store));
        goto out;
    }
    memset(&widget, 0, sizeof widget);
    widget.dashboard_id = id;
    widget.indicator_id = "population";
    widget.kind = WIDGET_KPI;
    widget.title = "";
    widget.width = 1;
    widget.height = 1;
    if (store_widget_add(store, BENCH_USER, &widget, &version) != 0) {
        bench_error("cannot add the widget of the co-editing measure: %s",
                    store_error(store));
        goto out;
    }
    rc = 0;
out:
    territory_clear(&territory);
    store_close(store);
    return rc;
}

/* Log in, open the list of dashboards with D, then the dashboard of the
 * measure. Returns the session, or NULL after printing the cause. */
static struct term_client *
session_open(const struct bench_target *target)
{
    struct term_client_cost cost;
    struct term_client *term = NULL;

    if (bench_term_open(&term, target, 80, 24, &cost) == -1) {
        return NULL;
    }
    if (!bench_term_wait_text(term, FIRST_SCREEN_HINT, OPEN_WAIT_MS) ||
        bench_dashboard_open(term, COEDIT_NAME, OPEN_WAIT_MS) == -1) {
        term_client_close(term);
        return NULL;
    }
    return term;
}

static int
screen_lacks_text(struct term_client *term, const void *text)
{
    return !term_client_has_text(term, text);
}

/* Sessions of the measure: terms[0] is the editor, the others viewers. */
struct coedit_fleet {
    const struct bench_target *target;
    struct term_client **terms;
    int count; /* sessions open */
    int goal;
    int next;
    int failed;
    pthread_mutex_t lock;
};

static void *
open_worker(void *arg)
{
    struct coedit_fleet *fleet = arg;
    struct term_client *term;
    int index;

    for (;;) {
        pthread_mutex_lock(&fleet->lock);
        index =
            fleet->failed || fleet->next >= fleet->goal ? -1 : fleet->next++;
        pthread_mutex_unlock(&fleet->lock);
        if (index == -1) {
            return NULL;
        }
        term = session_open(fleet->target);
        pthread_mutex_lock(&fleet->lock);
        fleet->terms[index] = term;
        fleet->failed |= term == NULL;
        pthread_mutex_unlock(&fleet->lock);
    }
}

/* Open sessions up to goal, batch at a time. Returns 0, or -1 when one
 * failed (the sessions opened stay, in order, in fleet->terms). */
static int
fleet_grow(struct coedit_fleet *fleet, int goal, int batch)
{
    pthread_t threads[OPEN_THREADS_MAX];
    int workers = batch < OPEN_THREADS_MAX ? batch : OPEN_THREADS_MAX;
    int started = 0;
    int kept = 0;
    int i;

    fleet->goal = goal;
    fleet->next = fleet->count;
    fleet->failed = 0;
    for (i = 0; i < workers && i < goal - fleet->count; i++) {
        if (pthread_create(&threads[started], NULL, open_worker, fleet) == 0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
    }
    for (i = 0; i < fleet->next; i++) {
        if (fleet->terms[i] != NULL) {
            fleet->terms[kept++] = fleet->terms[i];
        }
    }
    fleet->count = kept;
    return fleet->count == goal ? 0 : -1;
}

/* Read every session with data waiting, for up to timeout_ms. Sets
 * ready[i] for the sessions read. Returns the number read. */
static int
fleet_poll(struct coedit_fleet *fleet, struct pollfd *fds, char *ready,
           int timeout_ms)
{
    int read = 0;
    int i;

    for (i = 0; i < fleet->count; i++) {
        fds[i].fd = term_client_fd(fleet->terms[i]);
        fds[i].events = POLLIN;
        fds[i].revents = 0;
        ready[i] = 0;
    }
    if (poll(fds, (nfds_t)fleet->count, timeout_ms) <= 0) {
        return 0;
    }
    for (i = 0; i < fleet->count; i++) {
        if (fds[i].revents != 0 && term_client_pump(fleet->terms[i], 0) > 0) {
            ready[i] = 1;
            read++;
        }
    }
    return read;
}

/* Read every session until none sent anything for SETTLE_QUIET_MS. */
static void
fleet_settle(struct coedit_fleet *fleet, struct pollfd *fds, char *ready)
{
    int64_t deadline = bench_now_ns() + (int64_t)SETTLE_MAX_MS * 1000000;

    while (fleet_poll(fleet, fds, ready, SETTLE_QUIET_MS) > 0 &&
           bench_now_ns() < deadline) {
        continue;
    }
}

/*
 * Commit one title from the editor and time its arrival on each viewer.
 * latencies receives one value per viewer that drew it. Returns the
 * number of viewers that did not draw it in time, or -1 when the editor
 * failed.
 */
static int
change_once(struct coedit_fleet *fleet, const char *title, struct pollfd *fds,
            char *ready, char *arrived, double *latencies, int *samples)
{
    struct term_client *editor = fleet->terms[0];
    int viewers = fleet->count - 1;
    int waiting = viewers;
    int shown;
    int64_t deadline;
    int64_t start;
    int i;

    if (term_client_send_text(editor, "r") == -1 ||
        !bench_term_wait_text(editor, TITLE_PROMPT, OPEN_WAIT_MS) ||
        term_client_send_text(editor, "\x15") == -1 ||
        term_client_send_text(editor, title) == -1 ||
        !bench_term_wait_text(editor, title, OPEN_WAIT_MS)) {
        return -1;
    }
    fleet_settle(fleet, fds, ready);
    memset(arrived, 0, (size_t)fleet->count);

    start = bench_now_ns();
    if (term_client_send_key(editor, VTERM_KEY_ENTER) == -1) {
        return -1;
    }
    deadline = start + (int64_t)BENCH_COEDIT_WAIT_MS * 1000000;
    while (waiting > 0 && bench_now_ns() < deadline) {
        fleet_poll(fleet, fds, ready, 5);
        for (i = 1; i < fleet->count; i++) {
            if (ready[i] && !arrived[i] &&
                term_client_has_text(fleet->terms[i], title)) {
                latencies[(*samples)++] =
                    (double)(bench_now_ns() - start) / 1e6;
                arrived[i] = 1;
                waiting--;
            }
        }
    }
    /* Print the first screens that lack the title: what each viewer
     * drew last. */
    for (i = 1, shown = 0; i < fleet->count && shown < 3; i++) {
        if (!arrived[i]) {
            shown++;
            bench_error("viewer %d did not draw \"%s\" within %d ms; "
                        "screen:\n%s",
                        i, title, BENCH_COEDIT_WAIT_MS,
                        term_client_screen(fleet->terms[i]));
        }
    }
    /* The field closes once the editor's application committed. */
    if (!term_client_wait(editor, screen_lacks_text, TITLE_PROMPT,
                          OPEN_WAIT_MS)) {
        bench_error("the title field stayed open after Enter; screen:\n%s",
                    term_client_screen(editor));
        return -1;
    }
    return waiting;
}

/* Measure one level with fleet->count - 1 viewers open. */
static int
level_measure(struct coedit_fleet *fleet, int level_index, int changes,
              struct bench_coedit_level *level)
{
    double *latencies =
        bench_alloc((size_t)changes * (size_t)fleet->count * sizeof *latencies);
    struct pollfd *fds = bench_alloc((size_t)fleet->count * sizeof *fds);
    char *ready = bench_alloc((size_t)fleet->count);
    char *arrived = bench_alloc((size_t)fleet->count);
    char title[64];
    int rc = 0;
    int c;

    for (c = 1; c <= changes && rc == 0; c++) {
        int missed;

        /* Unique at every level, and never part of another title. */
        snprintf(title, sizeof title, "Titre %d-%04d", level_index + 1, c);
        missed = change_once(fleet, title, fds, ready, arrived, latencies,
                             &level->samples);
        if (missed < 0) {
            rc = -1;
            break;
        }
        level->missed += missed;
        level->changes = c;
    }
    level->p50_ms = bench_percentile(latencies, (size_t)level->samples, 0.5);
    level->p99_ms = bench_percentile(latencies, (size_t)level->samples, 0.99);
    level->max_ms = bench_percentile(latencies, (size_t)level->samples, 1.0);
    free(arrived);
    free(ready);
    free(fds);
    free(latencies);
    return rc;
}

int
bench_coedit_run(const struct bench_target *target, const int *viewers,
                 int level_count, int changes, int batch,
                 struct bench_coedit_result *result)
{
    struct coedit_fleet fleet = {.target = target};
    int max = viewers[level_count - 1] + 1;
    int rc = 0;
    int i;

    memset(result, 0, sizeof *result);
    fleet.terms = bench_alloc((size_t)max * sizeof *fleet.terms);
    pthread_mutex_init(&fleet.lock, NULL);
    for (i = 0; i < level_count && rc == 0; i++) {
        struct bench_coedit_level *level = &result->levels[i];

        level->viewers = viewers[i];
        result->level_count = i + 1;
        fprintf(stderr, "terrish-bench: co-editing: %d viewers, %d changes\n",
                viewers[i], changes);
        rc = fleet_grow(&fleet, viewers[i] + 1, batch);
        level->reached = fleet.count > 0 ? fleet.count - 1 : 0;
        if (rc == 0) {
            rc = level_measure(&fleet, i, changes, level);
        }
        if (rc != 0) {
            bench_last_error(result->failure, sizeof result->failure);
        }
    }
    fprintf(stderr, "terrish-bench: co-editing: closing %d sessions\n",
            fleet.count);
    for (i = 0; i < fleet.count; i++) {
        term_client_close(fleet.terms[i]);
    }
    pthread_mutex_destroy(&fleet.lock);
    free(fleet.terms);
    return rc;
}
