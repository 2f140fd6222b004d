/*
 * terrish-bench: measure terrish against OpenSSH's sshd on loopback.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * One run starts "terrish serve" with a new store, measures the cost of
 * one session (first screen, keystrokes), then opens sessions step by step
 * up to each count of --sessions and measures memory, idle CPU and
 * keystroke latency at each step, and times co-editing from one session's
 * screen to the others'. It then does the same for sshd, times the store
 * in-process, prints a table and rewrites BENCHMARKS.md.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "bench/bench.h"

#define TITLE "terrish — Territoires"
#define STATUS_HINT "?:aide q:quitter"
#define SEARCH_LABEL "Recherche :"
#define SEARCH_TEXT "st etienne"
/* The map of the keystroke measures: Isère's communes, population. */
#define MAP_TERRITORY "isere"
#define MAP_TERRITORY_NAME "Isère"
#define MAP_INDICATOR "population municipale"
#define MAP_LEGEND "Légende"
#define MAP_CURSOR_MARK "\xe2\x96\xb8 " /* U+25B8, then the unit */
#define SEARCH_CODE "42218"
#define SUMMARY_LABEL "Population"
#define TITLE_PROMPT "Titre du widget :"

/* Time allowed for one screen update before a session counts as failed. */
#define WAIT_MS 30000
/* Silence that ends an update when counting its bytes. */
#define SETTLE_QUIET_MS 150
/* Keystrokes a typing session may leave unanswered before it gives up. */
#define KEY_TIMEOUT_MS 5000
/* The hub lists at most HUB_PEERS_MAX (256) watchers of a dashboard: the
 * editor and the viewers stay within it. */
#define COEDIT_VIEWERS_MAX 255

struct options {
    int sessions[BENCH_LEVELS_MAX];
    int session_count;
    int batch;
    int keystrokes;
    int typing_percent;
    int idle_seconds;
    int samples;
    int search_runs;
    int load_runs;
    int hub_changes;
    int coedit_viewers[BENCH_COEDIT_LEVELS_MAX];
    int coedit_level_count;
    int coedit_changes;
    int sshd;
    const char *output;
    const char *tmp;
};

/* The sessions open on one server, and the counters of an opening step. */
struct fleet {
    const struct bench_target *target;
    int terrish; /* 1: scripted scenario, 0: wait for a prompt */
    struct term_client **terms;
    double *open_ms;
    struct bench_scenario_sample *samples; /* terrish only */
    int count;                             /* sessions open */
    int goal;         /* sessions wanted at the end of the step */
    int next;         /* next index to open */
    int next_account; /* next fleet account to log in as, terrish only */
    int failed;
    pthread_mutex_t lock;
};

static double
ms_since(int64_t start_ns)
{
    return (double)(bench_now_ns() - start_ns) / 1e6;
}

/* Test for the first complete picker: its title and its status bar. */
static int
screen_first_complete(struct term_client *term, const void *unused)
{
    (void)unused;
    return term_client_has_text(term, TITLE) &&
           bench_screen_last_row_has_text(term, STATUS_HINT);
}

/* Wait for the first screen of either server. */
static int
wait_first_screen(struct term_client *term, int terrish)
{
    int rc;

    if (terrish) {
        rc = term_client_wait(term, screen_first_complete, NULL, WAIT_MS);
    } else {
        rc = term_client_wait(term, bench_screen_has_prompt, NULL, WAIT_MS);
    }
    if (!rc) {
        bench_error("timed out waiting for the first screen; screen:\n%s",
                    term_client_screen(term));
    }
    return rc;
}

/* Send Down (or Up) and wait until the selection moved. Returns the time
 * it took in ms, or -1 on timeout. */
static double
key_move(struct term_client *term, VTermKey key, int timeout_ms)
{
    int before = bench_term_highlight_row(term);
    int64_t start = bench_now_ns();

    if (term_client_send_key(term, key) == -1) {
        return -1.0;
    }
    if (!term_client_wait(term, bench_screen_highlight_moved, &before,
                          timeout_ms)) {
        return -1.0;
    }
    return ms_since(start);
}

/* Open one session of the fleet at index and run its scenario. A terrish
 * session logs in as the fleet account account, an sshd one as the
 * target's user. */
static int
fleet_open_one(struct fleet *fleet, int index, int account)
{
    struct bench_target target = *fleet->target;
    struct term_client_cost cost;
    struct term_client *term = NULL;
    char user[32];

    if (fleet->terrish) {
        bench_fleet_account(account, user, sizeof user);
        target.user = user;
    }
    if (bench_term_open(&term, &target, 80, 24, &cost) == -1) {
        return -1;
    }
    if (!wait_first_screen(term, fleet->terrish)) {
        goto error;
    }
    fleet->open_ms[index] = ms_since(cost.connect_ns);
    if (fleet->terrish) {
        bench_scenario_login_record(term, &cost, &fleet->samples[index]);
        if (bench_scenario_run(term, account, &fleet->samples[index]) == -1) {
            goto error;
        }
    }
    fleet->terms[index] = term;
    return 0;

error:
    term_client_close(term);
    return -1;
}

/* Worker: open sessions until the step's goal or the first failure. */
static void *
fleet_worker(void *arg)
{
    struct fleet *fleet = arg;
    int account = 0;
    int index;

    for (;;) {
        pthread_mutex_lock(&fleet->lock);
        index = fleet->failed || fleet->next >= fleet->goal ? -1
                                                            : fleet->next++;
        if (index != -1) {
            account = fleet->next_account++;
        }
        pthread_mutex_unlock(&fleet->lock);
        if (index == -1) {
            return NULL;
        }
        if (fleet_open_one(fleet, index, account) == -1) {
            pthread_mutex_lock(&fleet->lock);
            fleet->failed = 1;
            pthread_mutex_unlock(&fleet->lock);
        }
    }
}

/*
 * Open sessions until goal are open, batch at a time, so that at most
 * batch connections are unauthenticated at once (MaxStartups). Sessions
 * that failed leave a NULL hole that fleet_compact removes.
 */
static void
fleet_grow(struct fleet *fleet, int goal, int batch)
{
    pthread_t threads[64];
    int workers = batch < 64 ? batch : 64;
    int started = 0;
    int i;

    fleet->goal = goal;
    fleet->next = fleet->count;
    fleet->failed = 0;
    for (i = 0; i < workers && i < goal - fleet->count; i++) {
        if (pthread_create(&threads[started], NULL, fleet_worker, fleet) ==
            0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
    }
}

/* Move the open sessions to the front after a failed step. */
static void
fleet_compact(struct fleet *fleet)
{
    int kept = 0;
    int i;

    for (i = 0; i < fleet->next; i++) {
        if (fleet->terms[i] != NULL) {
            fleet->terms[kept] = fleet->terms[i];
            fleet->open_ms[kept] = fleet->open_ms[i];
            if (fleet->samples != NULL) {
                fleet->samples[kept] = fleet->samples[i];
            }
            kept++;
        }
    }
    for (i = kept; i < fleet->next; i++) {
        fleet->terms[i] = NULL;
    }
    fleet->count = kept;
}

static void
fleet_close_all(struct fleet *fleet)
{
    int i;

    for (i = 0; i < fleet->count; i++) {
        term_client_close(fleet->terms[i]);
        fleet->terms[i] = NULL;
    }
    fleet->count = 0;
}

/* State of one typing session during the latency test. */
struct typist {
    struct term_client *term;
    int sent;
    int waiting;
    int before;      /* selected widget's cell before the key */
    int64_t sent_ns; /* when the key was written */
    int64_t next_ns; /* when to type the next key */
};

/* Send the next key of a typist: Right to the next widget of the
 * dashboard when the selected one is in the left half of the screen, else
 * Left to the previous one, so that every key moves the selection. */
static void
typist_send(struct typist *typist)
{
    VTermKey key;
    int cols;
    int rows;

    typist->before = bench_term_highlight_cell(typist->term);
    term_client_size(typist->term, &cols, &rows);
    key = typist->before % cols < cols / 2 ? VTERM_KEY_RIGHT : VTERM_KEY_LEFT;
    typist->sent_ns = bench_now_ns();
    if (term_client_send_key(typist->term, key) == -1) {
        typist->sent = INT32_MAX / 2;
        return;
    }
    typist->sent++;
    typist->waiting = 1;
}

/* Think time between keys: 100 to 300 ms, like a person browsing. */
static int64_t
think_ns(void)
{
    return (100 + rand() % 201) * (int64_t)1000000;
}

/* Read every session with data waiting; fds has one entry per session. */
static void
fleet_poll(struct fleet *fleet, struct pollfd *fds, int timeout_ms)
{
    int i;

    for (i = 0; i < fleet->count; i++) {
        fds[i].fd = term_client_fd(fleet->terms[i]);
        fds[i].events = POLLIN;
        fds[i].revents = 0;
    }
    if (poll(fds, (nfds_t)fleet->count, timeout_ms) <= 0) {
        return;
    }
    for (i = 0; i < fleet->count; i++) {
        if (fds[i].revents != 0) {
            term_client_pump(fleet->terms[i], 0);
        }
    }
}

/* Check the typists waiting for their screen; record the latencies. */
static void
typists_check(struct typist *typists, int count, int keystrokes,
              double *latencies, struct bench_level *level)
{
    int64_t now = bench_now_ns();
    int i;

    for (i = 0; i < count; i++) {
        struct typist *typist = &typists[i];

        if (typist->waiting &&
            bench_screen_highlight_cell_moved(typist->term, &typist->before)) {
            latencies[level->key_samples++] =
                (double)(now - typist->sent_ns) / 1e6;
            typist->waiting = 0;
            typist->next_ns = now + think_ns();
        } else if (typist->waiting &&
                   now - typist->sent_ns > KEY_TIMEOUT_MS * (int64_t)1000000) {
            level->key_timeouts++;
            typist->waiting = 0;
            typist->sent = keystrokes;
        }
        if (!typist->waiting && typist->sent < keystrokes &&
            now >= typist->next_ns) {
            typist_send(typist);
        }
    }
}

/*
 * Make typing_percent of the sessions (at least one) move between the
 * widgets of their dashboard keystrokes times each while the others stay
 * idle, reading every session. Bounded by keystrokes and by a deadline.
 */
static void
fleet_type(struct fleet *fleet, const struct options *options,
           struct bench_level *level)
{
    int count = (fleet->count * options->typing_percent + 99) / 100;
    int64_t deadline;
    struct typist *typists;
    struct pollfd *fds;
    double *latencies;
    int busy;
    int i;

    count = count < 1 ? 1 : count;
    typists = bench_alloc((size_t)count * sizeof *typists);
    fds = bench_alloc((size_t)fleet->count * sizeof *fds);
    latencies = bench_alloc((size_t)count * (size_t)options->keystrokes *
                                sizeof *latencies +
                            1);
    for (i = 0; i < count; i++) {
        typists[i].term = fleet->terms[i * fleet->count / count];
        typists[i].next_ns = bench_now_ns() + think_ns();
    }
    level->typers = count;
    deadline = bench_now_ns() +
               (int64_t)(options->keystrokes * 400 + KEY_TIMEOUT_MS + 5000) *
                   1000000;

    do {
        fleet_poll(fleet, fds, 5);
        typists_check(typists, count, options->keystrokes, latencies, level);
        busy = 0;
        for (i = 0; i < count; i++) {
            busy |= typists[i].waiting || typists[i].sent < options->keystrokes;
        }
    } while (busy && bench_now_ns() < deadline);

    level->key_p50_ms =
        bench_percentile(latencies, (size_t)level->key_samples, 0.5);
    level->key_p99_ms =
        bench_percentile(latencies, (size_t)level->key_samples, 0.99);
    free(latencies);
    free(fds);
    free(typists);
}

/* Measure memory, then idle CPU over idle_seconds, of the server tree. */
static void
level_measure_idle(struct bench_server *server, const struct options *options,
                   struct bench_level *level)
{
    struct bench_tree_usage before;
    struct bench_tree_usage after;
    long ticks_per_s = sysconf(_SC_CLK_TCK);

    bench_sleep_ms(1000);
    bench_tree_usage(server->pid, &level->usage);
    bench_tree_usage(server->pid, &before);
    bench_sleep_ms(options->idle_seconds * 1000);
    bench_tree_usage(server->pid, &after);
    if (level->reached > 0 && options->idle_seconds > 0) {
        level->idle_cpu_ms_per_s =
            (double)(after.cpu_ticks - before.cpu_ticks) * 1000.0 /
            (double)ticks_per_s / options->idle_seconds / level->reached;
    }
}

/* Percentiles of each scenario step over the sessions first to
 * fleet->count - 1. */
static void
level_steps(const struct fleet *fleet, int first, struct bench_level *level)
{
    size_t opened = (size_t)(fleet->count - first);
    double *times = bench_alloc(opened * sizeof *times + 1);
    double *wire = bench_alloc(opened * sizeof *wire + 1);
    int step;
    size_t i;

    for (step = 0; step < BENCH_STEP_COUNT; step++) {
        struct bench_step_stats *stats = &level->steps[step];

        for (i = 0; i < opened; i++) {
            times[i] = fleet->samples[first + (int)i].ms[step];
            wire[i] = fleet->samples[first + (int)i].wire[step];
        }
        stats->samples = (int)opened;
        stats->p50_ms = bench_percentile(times, opened, 0.5);
        stats->p99_ms = bench_percentile(times, opened, 0.99);
        stats->wire_median = bench_percentile(wire, opened, 0.5);
    }
    free(wire);
    free(times);
}

/* Open the step's sessions and measure it. Returns -1 when it stopped. */
static int
level_run(struct fleet *fleet, struct bench_server *server,
          const struct options *options, struct bench_level *level,
          struct bench_server_result *result)
{
    int first = fleet->count;
    double *times;
    int rc = 0;

    fprintf(stderr, "terrish-bench: %s: opening sessions %d to %d\n",
            fleet->terrish ? "terrish" : "sshd", first + 1, level->sessions);
    fleet_grow(fleet, level->sessions, options->batch);
    fleet_compact(fleet);
    level->reached = fleet->count;
    if (fleet->count < level->sessions) {
        bench_last_error(result->failure, sizeof result->failure);
        rc = -1;
    }
    if (fleet->count > first) {
        int opened = fleet->count - first;

        times = bench_alloc((size_t)opened * sizeof *times);
        memcpy(times, fleet->open_ms + first, (size_t)opened * sizeof *times);
        level->open_median_ms = bench_percentile(times, (size_t)opened, 0.5);
        level->open_p99_ms = bench_percentile(times, (size_t)opened, 0.99);
        free(times);
        if (fleet->terrish) {
            level_steps(fleet, first, level);
        }
    }
    if (fleet->count == 0) {
        return -1;
    }
    level_measure_idle(server, options, level);
    if (fleet->terrish) {
        fleet_type(fleet, options, level);
    }
    return rc;
}

/* Open and measure one unloaded session of cols x rows. Fills the
 * sample's slots of the arrays; returns the session, or NULL. */
static struct term_client *
screen_sample(const struct bench_target *target, int terrish, int cols,
              int rows, double *time_ms, double *handshake, double *wire,
              double *payload)
{
    struct term_client_cost cost;
    struct term_client *term = NULL;

    if (bench_term_open(&term, target, cols, rows, &cost) == -1) {
        return NULL;
    }
    if (!wait_first_screen(term, terrish)) {
        term_client_close(term);
        return NULL;
    }
    *time_ms = ms_since(cost.connect_ns);
    bench_term_settle(term, SETTLE_QUIET_MS * 2, 3000);
    *handshake = (double)cost.handshake_wire;
    *wire = (double)(term_client_wire_bytes(term) - cost.handshake_wire);
    *payload = (double)term_client_payload_bytes(term);
    return term;
}

/* Samples of one kind of keystroke; medians go to cost at the end. */
struct key_samples {
    double wire[64];
    double payload[64];
    double latency[64];
    int count;
};

/* Record the bytes of an update that started from the counters given. */
static void
key_record(struct key_samples *samples, struct term_client *term, uint64_t wire,
           uint64_t payload, double latency)
{
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    if (samples->count < 64) {
        samples->wire[samples->count] =
            (double)(term_client_wire_bytes(term) - wire);
        samples->payload[samples->count] =
            (double)(term_client_payload_bytes(term) - payload);
        samples->latency[samples->count] = latency;
        samples->count++;
    }
}

/* The line that names the unit under the cursor of a map, or "". */
static const char *
map_cursor_line(struct term_client *term, char *buf, size_t size)
{
    const char *screen = term_client_screen(term);
    const char *mark = strstr(screen, MAP_CURSOR_MARK);
    size_t length;

    buf[0] = '\0';
    if (mark != NULL) {
        length = strcspn(mark, "\n");
        length = length < size - 1 ? length : size - 1;
        memcpy(buf, mark, length);
        buf[length] = '\0';
    }
    return buf;
}

/* Screen test: the unit under the map cursor is no longer arg. */
static int
screen_map_cursor_moved(struct term_client *term, const void *arg)
{
    char line[512];

    map_cursor_line(term, line, sizeof line);
    return line[0] != '\0' && strcmp(line, arg) != 0;
}

/*
 * Open the map of the population of Isère's 512 communes from the
 * picker, then move the cursor right and down, recording the bytes of
 * each update: only the cells of the two units whose colour changes, the
 * line naming the unit and the status line should be sent.
 */
static void
map_costs_sample(struct term_client *term, struct key_samples *moves,
                 double *map_wire)
{
    static const char *const keys[] = {"l", "j", "l", "j", "h", "k"};
    char before[512];
    uint64_t wire;
    uint64_t payload;
    int64_t start;
    size_t i;

    if (term_client_send_text(term, "/") == -1 ||
        !bench_term_wait_text(term, SEARCH_LABEL, WAIT_MS) ||
        term_client_send_text(term, MAP_TERRITORY) == -1 ||
        !bench_term_wait_text(term, MAP_TERRITORY_NAME, WAIT_MS)) {
        return;
    }
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    term_client_send_key(term, VTERM_KEY_ENTER);
    bench_term_wait_text(term, SUMMARY_LABEL, WAIT_MS);
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    term_client_send_text(term, "i");
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    term_client_send_text(term, "/" MAP_INDICATOR);
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    wire = term_client_wire_bytes(term);
    term_client_send_key(term, VTERM_KEY_ENTER);
    if (!bench_term_wait_text(term, MAP_LEGEND, WAIT_MS)) {
        bench_error("the map did not open; screen:\n%s",
                    term_client_screen(term));
        return;
    }
    bench_term_settle(term, SETTLE_QUIET_MS * 2, 5000);
    *map_wire = (double)(term_client_wire_bytes(term) - wire);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        map_cursor_line(term, before, sizeof before);
        wire = term_client_wire_bytes(term);
        payload = term_client_payload_bytes(term);
        start = bench_now_ns();
        term_client_send_text(term, keys[i]);
        if (term_client_wait(term, screen_map_cursor_moved, before, WAIT_MS)) {
            key_record(moves, term, wire, payload, ms_since(start));
        }
    }
}

/* Screen test: the search field is closed. */
static int
screen_search_closed(struct term_client *term, const void *unused)
{
    (void)unused;
    return !term_client_has_text(term, SEARCH_LABEL);
}

/* Press Down 10 times in the picker, then type the search one letter at
 * a time, then close it with Esc, recording the bytes of each screen
 * update. Esc alone is also the start of escape sequences, so its latency
 * includes the terminal library's wait for a following byte. */
static void
key_costs_sample(struct term_client *term, struct key_samples *down,
                 struct key_samples *letter, struct key_samples *escape)
{
    char expected[64];
    uint64_t wire;
    uint64_t payload;
    double latency;
    int64_t start;
    size_t i;

    for (i = 0; i < 10; i++) {
        wire = term_client_wire_bytes(term);
        payload = term_client_payload_bytes(term);
        latency = key_move(term, VTERM_KEY_DOWN, WAIT_MS);
        if (latency >= 0) {
            key_record(down, term, wire, payload, latency);
        }
    }
    term_client_send_text(term, "/");
    bench_term_wait_text(term, SEARCH_LABEL, WAIT_MS);
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    for (i = 0; i < strlen(SEARCH_TEXT); i++) {
        char typed[2] = {SEARCH_TEXT[i], '\0'};

        snprintf(expected, sizeof expected, "%s %.*s", SEARCH_LABEL,
                 (int)(i + 1), SEARCH_TEXT);
        if (expected[strlen(expected) - 1] == ' ') {
            /* A trailing space does not show: type it unmeasured. */
            term_client_send_text(term, typed);
            bench_term_settle(term, SETTLE_QUIET_MS, 2000);
            continue;
        }
        wire = term_client_wire_bytes(term);
        payload = term_client_payload_bytes(term);
        start = bench_now_ns();
        term_client_send_text(term, typed);
        if (term_client_wait(term, term_client_has_text, expected, WAIT_MS)) {
            key_record(letter, term, wire, payload, ms_since(start));
        }
    }
    wire = term_client_wire_bytes(term);
    payload = term_client_payload_bytes(term);
    start = bench_now_ns();
    term_client_send_text(term, "\033");
    if (term_client_wait(term, screen_search_closed, NULL, WAIT_MS))
        key_record(escape, term, wire, payload, ms_since(start));
}

/* Test whether the title field shows the text arg. */
static int
screen_title_field_has(struct term_client *term, const void *text)
{
    char expected[128];

    snprintf(expected, sizeof expected, "%s %s", TITLE_PROMPT,
             (const char *)text);
    return term_client_has_text(term, expected);
}

/*
 * Open BENCH_KEYS_DASHBOARD and move around its 2 x 2 grid of widgets with
 * the arrows. Then type a title in the first widget's title field one
 * letter at a time, and cancel it with Esc. The bytes of each screen
 * update are recorded: a move redraws the title lines of two widgets, and
 * a letter redraws the field.
 */
static void
dashboard_costs_sample(struct term_client *term, struct key_samples *next,
                       struct key_samples *form)
{
    static const VTermKey moves[] = {VTERM_KEY_RIGHT, VTERM_KEY_DOWN,
                                     VTERM_KEY_LEFT, VTERM_KEY_UP};
    static const char title[] = "Repere";
    char typed[sizeof title];
    uint64_t wire;
    uint64_t payload;
    int64_t start;
    int before;
    size_t i;

    if (bench_dashboard_open(term, BENCH_KEYS_DASHBOARD, WAIT_MS) == -1 ||
        !bench_dashboard_wait_ready(term, BENCH_KEYS_DASHBOARD, WAIT_MS)) {
        return;
    }
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    for (i = 0; i < 2 * sizeof moves / sizeof moves[0]; i++) {
        before = bench_term_highlight_cell(term);
        wire = term_client_wire_bytes(term);
        payload = term_client_payload_bytes(term);
        start = bench_now_ns();
        term_client_send_key(term, moves[i % (sizeof moves / sizeof moves[0])]);
        if (term_client_wait(term, bench_screen_highlight_cell_moved, &before,
                             WAIT_MS)) {
            key_record(next, term, wire, payload, ms_since(start));
        }
    }
    term_client_send_text(term, "r");
    bench_term_wait_text(term, TITLE_PROMPT, WAIT_MS);
    term_client_send_text(term, "\x15");
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
    for (i = 0; i + 1 < sizeof title; i++) {
        char letter[2] = {title[i], '\0'};

        snprintf(typed, sizeof typed, "%.*s", (int)(i + 1), title);
        wire = term_client_wire_bytes(term);
        payload = term_client_payload_bytes(term);
        start = bench_now_ns();
        term_client_send_text(term, letter);
        if (term_client_wait(term, screen_title_field_has, typed, WAIT_MS)) {
            key_record(form, term, wire, payload, ms_since(start));
        }
    }
    term_client_send_text(term, "\033");
    bench_term_settle(term, SETTLE_QUIET_MS, 2000);
}

static void
key_cost_finish(struct key_samples *samples, struct bench_key_cost *cost)
{
    size_t count = (size_t)samples->count;

    cost->samples = samples->count;
    cost->wire = bench_percentile(samples->wire, count, 0.5);
    cost->payload = bench_percentile(samples->payload, count, 0.5);
    cost->latency_ms = bench_percentile(samples->latency, count, 0.5);
}

/* Measure first screens at 80x24 and 200x50 and, for terrish, the bytes
 * of keystrokes, one session at a time. */
static int
screen_costs(const struct bench_target *target, int terrish, int samples,
             struct bench_server_result *result)
{
    static const int sizes[2][2] = {{80, 24}, {200, 50}};
    struct key_samples *down = bench_alloc(sizeof *down);
    struct key_samples *letter = bench_alloc(sizeof *letter);
    struct key_samples *escape = bench_alloc(sizeof *escape);
    struct key_samples *moves = bench_alloc(sizeof *moves);
    struct key_samples *next = bench_alloc(sizeof *next);
    struct key_samples *form = bench_alloc(sizeof *form);
    double map_wire[64];
    int map_count = 0;
    double values[4][64];
    struct term_client *term;
    int rc = 0;
    int s;
    int i;

    samples = samples > 64 ? 64 : samples;
    for (s = 0; s < 2 && rc == 0; s++) {
        struct bench_screen_cost *cost = &result->screen[s];

        cost->cols = sizes[s][0];
        cost->rows = sizes[s][1];
        for (i = 0; i < samples; i++) {
            term = screen_sample(target, terrish, cost->cols, cost->rows,
                                 &values[0][i], &values[1][i], &values[2][i],
                                 &values[3][i]);
            if (term == NULL) {
                rc = -1;
                break;
            }
            if (terrish && s == 0) {
                key_costs_sample(term, down, letter, escape);
                map_wire[map_count] = -1;
                map_costs_sample(term, moves, &map_wire[map_count]);
                if (map_wire[map_count] >= 0) {
                    map_count++;
                }
                dashboard_costs_sample(term, next, form);
            }
            term_client_close(term);
            cost->samples++;
        }
        cost->first_screen_ms =
            bench_percentile(values[0], (size_t)cost->samples, 0.5);
        cost->handshake_wire =
            bench_percentile(values[1], (size_t)cost->samples, 0.5);
        cost->screen_wire =
            bench_percentile(values[2], (size_t)cost->samples, 0.5);
        cost->screen_payload =
            bench_percentile(values[3], (size_t)cost->samples, 0.5);
    }
    key_cost_finish(down, &result->down);
    key_cost_finish(letter, &result->letter);
    key_cost_finish(escape, &result->escape);
    key_cost_finish(moves, &result->map_move);
    key_cost_finish(next, &result->next_widget);
    key_cost_finish(form, &result->form_letter);
    result->map_screen_wire =
        map_count > 0 ? bench_percentile(map_wire, (size_t)map_count, 0.5)
                      : 0;
    free(form);
    free(next);
    free(moves);
    free(down);
    free(letter);
    free(escape);
    return rc;
}

/* Run every measurement against one started server. */
static void
server_measure(struct bench_server *server, const struct bench_target *target,
               int terrish, const struct options *options,
               struct bench_server_result *result)
{
    int max = options->sessions[options->session_count - 1];
    struct fleet fleet = {.target = target, .terrish = terrish};
    int i;

    result->ran = 1;
    fprintf(stderr, "terrish-bench: %s: first screens and keystrokes\n",
            terrish ? "terrish" : "sshd");
    if (screen_costs(target, terrish, options->samples, result) == -1) {
        bench_last_error(result->failure, sizeof result->failure);
        return;
    }

    fleet.terms = bench_alloc((size_t)max * sizeof *fleet.terms);
    if (terrish) {
        fleet.samples = bench_alloc((size_t)max * sizeof *fleet.samples);
    }
    fleet.open_ms = bench_alloc((size_t)max * sizeof *fleet.open_ms);
    pthread_mutex_init(&fleet.lock, NULL);
    for (i = 0; i < options->session_count; i++) {
        struct bench_level *level = &result->levels[i];

        level->sessions = options->sessions[i];
        result->level_count = i + 1;
        if (level_run(&fleet, server, options, level, result) == -1) {
            break;
        }
    }
    fprintf(stderr, "terrish-bench: closing %d sessions\n", fleet.count);
    fleet_close_all(&fleet);
    pthread_mutex_destroy(&fleet.lock);
    free(fleet.terms);
    free(fleet.samples);
    free(fleet.open_ms);
}

/* Raise the open file limit to its hard maximum for the sessions. */
static void
files_limit_raise(int sessions)
{
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) == -1) {
        return;
    }
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) == -1 ||
        limit.rlim_cur < (rlim_t)sessions * 4 + 64) {
        bench_error("open file limit %llu may be too low for %d sessions",
                    (unsigned long long)limit.rlim_cur, sessions);
    }
}

static void
usage(FILE *out)
{
    fputs("Usage: terrish-bench [OPTIONS]\n"
          "\n"
          "Measure terrish serve, and OpenSSH's sshd as a reference, on\n"
          "127.0.0.1, print a table and rewrite the results page.\n"
          "\n"
          "  --sessions LIST     session counts, ascending (default "
          "1,10,100,500,1000)\n"
          "  --batch N           sessions opened at once (default 20)\n"
          "  --keystrokes N      keys per typing session (default 20)\n"
          "  --typing PERCENT    sessions typing during the latency test "
          "(default 10)\n"
          "  --idle-seconds N    idle time over which CPU is measured "
          "(default 10)\n"
          "  --samples N         unloaded sessions per screen size "
          "(default 5)\n"
          "  --search-runs N     timed store searches (default 100)\n"
          "  --load-runs N       timed loads of the bundled data "
          "(default 3)\n"
          "  --hub-changes N     changes sent per hub measurement, 0 to "
          "skip it\n"
          "                      (default 500)\n"
          "  --coedit-viewers LIST  viewers of the co-editing measure, "
          "ascending\n"
          "                      (default 2,10,50,200)\n"
          "  --coedit-changes N  titles changed per number of viewers, 0 to "
          "skip it\n"
          "                      (default 50)\n"
          "  --no-sshd           skip the OpenSSH reference\n"
          "  --terrish FILE      terrish binary (default $TERRISH_BIN or "
          "./terrish)\n"
          "  --data DIR          bundled data (default $TERRISH_DATA or "
          "./data)\n"
          "  --locale-dir DIR    message catalogues (default "
          "$TERRISH_LOCALEDIR)\n"
          "  --tmp DIR           scratch folder parent (default $TMPDIR or "
          "/tmp)\n"
          "  --output FILE       results page to rewrite (default "
          "BENCHMARKS.md; - for none)\n"
          "  -h, --help          show this help\n",
          out);
}

/* Parse "1,10,100" into at most max ascending counts of 1 to limit.
 * Returns 0, or -1. */
static int
counts_parse(const char *name, const char *text, int limit, int *values,
             int max, int *count)
{
    const char *cursor = text;
    char *end;
    long value;

    *count = 0;
    while (*cursor != '\0') {
        errno = 0;
        value = strtol(cursor, &end, 10);
        if (errno != 0 || end == cursor || value < 1 || value > limit ||
            *count == max || (*count > 0 && value <= values[*count - 1]) ||
            (*end != ',' && *end != '\0')) {
            fprintf(stderr,
                    "terrish-bench: invalid %s '%s': expected up to %d "
                    "ascending counts from 1 to %d, such as 1,10,100\n",
                    name, text, max, limit);
            return -1;
        }
        values[(*count)++] = (int)value;
        cursor = *end == ',' ? end + 1 : end;
    }
    return *count > 0 ? 0 : -1;
}

static int
sessions_parse(const char *text, struct options *options)
{
    return counts_parse("--sessions", text, 100000, options->sessions,
                        BENCH_LEVELS_MAX, &options->session_count);
}

/* Parse a count option between min and max. Returns 0, or -1. */
static int
count_parse(const char *name, const char *text, int min, int max, int *out)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min ||
        value > max) {
        fprintf(stderr,
                "terrish-bench: invalid %s '%s': expected a number from %d "
                "to %d\n",
                name, text, min, max);
        return -1;
    }
    *out = (int)value;
    return 0;
}

static const char *
env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);

    return value != NULL && value[0] != '\0' ? value : fallback;
}

/* Parse the command line into options and setup. Returns 0, 1 for
 * --help, or -1. */
static int
options_parse(int argc, char **argv, struct options *options,
              struct bench_setup *setup)
{
    static const struct option longs[] = {
        {"sessions", required_argument, NULL, 's'},
        {"batch", required_argument, NULL, 'b'},
        {"keystrokes", required_argument, NULL, 'k'},
        {"typing", required_argument, NULL, 'y'},
        {"idle-seconds", required_argument, NULL, 'i'},
        {"samples", required_argument, NULL, 'n'},
        {"search-runs", required_argument, NULL, 'r'},
        {"load-runs", required_argument, NULL, 'l'},
        {"hub-changes", required_argument, NULL, 'H'},
        {"coedit-viewers", required_argument, NULL, 'V'},
        {"coedit-changes", required_argument, NULL, 'C'},
        {"no-sshd", no_argument, NULL, 'N'},
        {"terrish", required_argument, NULL, 't'},
        {"data", required_argument, NULL, 'd'},
        {"locale-dir", required_argument, NULL, 'L'},
        {"tmp", required_argument, NULL, 'T'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    int rc = 0;

    sessions_parse("1,10,100,500,1000", options);
    options->batch = 20;
    options->keystrokes = 20;
    options->typing_percent = 10;
    options->idle_seconds = 10;
    options->samples = 5;
    options->search_runs = 100;
    options->load_runs = 3;
    options->hub_changes = 500;
    counts_parse("--coedit-viewers", "2,10,50,200", COEDIT_VIEWERS_MAX,
                 options->coedit_viewers, BENCH_COEDIT_LEVELS_MAX,
                 &options->coedit_level_count);
    options->coedit_changes = 50;
    options->sshd = 1;
    options->output = "BENCHMARKS.md";
    options->tmp = env_or("TMPDIR", "/tmp");
    setup->terrish_bin = env_or("TERRISH_BIN", "./terrish");
    setup->data_dir = env_or("TERRISH_DATA", "./data");
    setup->locale_dir = env_or("TERRISH_LOCALEDIR", NULL);

    while (rc == 0 &&
           (opt = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (opt) {
        case 's':
            rc = sessions_parse(optarg, options);
            break;
        case 'b':
            rc = count_parse("--batch", optarg, 1, 64, &options->batch);
            break;
        case 'k':
            rc = count_parse("--keystrokes", optarg, 1, 1000,
                             &options->keystrokes);
            break;
        case 'y':
            rc = count_parse("--typing", optarg, 1, 100,
                             &options->typing_percent);
            break;
        case 'i':
            rc = count_parse("--idle-seconds", optarg, 0, 600,
                             &options->idle_seconds);
            break;
        case 'n':
            rc = count_parse("--samples", optarg, 1, 64, &options->samples);
            break;
        case 'r':
            rc = count_parse("--search-runs", optarg, 1, 100000,
                             &options->search_runs);
            break;
        case 'l':
            rc = count_parse("--load-runs", optarg, 0, 100,
                             &options->load_runs);
            break;
        case 'H':
            rc = count_parse("--hub-changes", optarg, 0, 100000,
                             &options->hub_changes);
            break;
        case 'V':
            rc = counts_parse("--coedit-viewers", optarg, COEDIT_VIEWERS_MAX,
                              options->coedit_viewers, BENCH_COEDIT_LEVELS_MAX,
                              &options->coedit_level_count);
            break;
        case 'C':
            rc = count_parse("--coedit-changes", optarg, 0, 9999,
                             &options->coedit_changes);
            break;
        case 'N':
            options->sshd = 0;
            break;
        case 't':
            setup->terrish_bin = optarg;
            break;
        case 'd':
            setup->data_dir = optarg;
            break;
        case 'L':
            setup->locale_dir = optarg;
            break;
        case 'T':
            options->tmp = optarg;
            break;
        case 'o':
            options->output = optarg;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            usage(stderr);
            return -1;
        }
    }
    if (rc == 0 && optind != argc) {
        fprintf(stderr, "terrish-bench: unexpected argument '%s'\n",
                argv[optind]);
        rc = -1;
    }
    return rc;
}

/* Record the command line and the date of the run. */
static void
run_describe(struct bench_run *run, int argc, char **argv)
{
    size_t len = 0;
    time_t now = time(NULL);
    int i;

    for (i = 0; i < argc && len < sizeof run->command; i++) {
        len += (size_t)snprintf(run->command + len, sizeof run->command - len,
                                "%s%s", i > 0 ? " " : "", argv[i]);
    }
    strftime(run->date, sizeof run->date, "%Y-%m-%d %H:%M %Z",
             localtime(&now));
}

/* Time propagation through the hub of the started terrish alone, before
 * any session opens. */
static void
hub_run(const struct bench_setup *setup, const struct options *options,
        struct bench_run *run)
{
    char path[PATH_MAX + 8];

    run->hub_changes = options->hub_changes;
    if (options->hub_changes == 0) {
        return;
    }
    /* terrish serve's default hub socket: the store path + ".hub". */
    snprintf(path, sizeof path, "%s.hub", setup->store);
    bench_hub_run(path, options->hub_changes, &run->hub);
}

/* Time co-editing from screen to screen on the started terrish, after
 * the other sessions closed. */
static void
coedit_run(const struct bench_target *target, const struct options *options,
           struct bench_run *run)
{
    if (run->coedit_changes == 0 || run->coedit.failure[0] != '\0') {
        return;
    }
    bench_coedit_run(target, options->coedit_viewers,
                     options->coedit_level_count, options->coedit_changes,
                     options->batch, &run->coedit);
}

/* Start terrish, measure it, stop it. */
static void
terrish_run(const struct bench_setup *setup, const struct options *options,
            struct bench_run *run)
{
    int max = options->sessions[options->session_count - 1];
    int coedit_max =
        options->coedit_viewers[options->coedit_level_count - 1] + 1;
    struct bench_target target = {.user = BENCH_USER,
                                  .key_file = setup->client_key};
    struct bench_server server;

    fprintf(stderr,
            "terrish-bench: creating %d accounts with a dashboard "
            "each\n",
            max);
    if (bench_fleet_prepare(setup, max) == -1) {
        bench_last_error(run->terrish.failure, sizeof run->terrish.failure);
        return;
    }
    run->coedit_changes = options->coedit_changes;
    if (run->coedit_changes > 0 && bench_coedit_prepare(setup) == -1) {
        bench_last_error(run->coedit.failure, sizeof run->coedit.failure);
    }
    if (run->coedit_changes > 0 && coedit_max > max) {
        max = coedit_max;
    }
    if (bench_terrish_start(&server, setup, max + options->samples + 10,
                            options->batch * 2 + 10) == -1) {
        bench_last_error(run->terrish.failure, sizeof run->terrish.failure);
        return;
    }
    target.port = server.port;
    hub_run(setup, options, run);
    server_measure(&server, &target, 1, options, &run->terrish);
    coedit_run(&target, options, run);
    bench_server_stop(&server, 10000);
}

/* Start sshd, measure it, stop it. The client logs in as the user who
 * runs the benchmark. */
static void
sshd_run(const struct bench_setup *setup, const struct options *options,
         struct bench_run *run)
{
    struct passwd *account = getpwuid(geteuid());
    struct bench_target target = {.key_file = setup->client_key};
    struct bench_server server;

    if (account == NULL) {
        snprintf(run->sshd.failure, sizeof run->sshd.failure,
                 "no account name for uid %d", (int)geteuid());
        return;
    }
    target.user = account->pw_name;
    if (bench_sshd_start(&server, setup, target.user,
                         options->batch * 2 + 10) == -1) {
        bench_last_error(run->sshd.failure, sizeof run->sshd.failure);
        return;
    }
    target.port = server.port;
    server_measure(&server, &target, 0, options, &run->sshd);
    bench_server_stop(&server, 10000);
}

int
main(int argc, char **argv)
{
    struct bench_setup setup;
    struct options options;
    struct bench_run *run = bench_alloc(sizeof *run);
    int64_t start = bench_now_ns();
    int status = 1;
    int rc;

    memset(&setup, 0, sizeof setup);
    memset(&options, 0, sizeof options);
    rc = options_parse(argc, argv, &options, &setup);
    if (rc != 0) {
        free(run);
        return rc == 1 ? 0 : 2;
    }
    signal(SIGPIPE, SIG_IGN);
    srand((unsigned int)time(NULL));
    bench_client_init();
    files_limit_raise(options.sessions[options.session_count - 1]);
    ssh_init();
    run_describe(run, argc, argv);
    run->keystrokes = options.keystrokes;
    run->typing_percent = options.typing_percent;
    run->idle_seconds = options.idle_seconds;
    run->batch = options.batch;

    fprintf(stderr, "terrish-bench: creating the store with %s init\n",
            setup.terrish_bin);
    if (bench_setup_create(&setup, options.tmp) == -1) {
        goto out;
    }
    terrish_run(&setup, &options, run);
    if (options.sshd) {
        sshd_run(&setup, &options, run);
    }
    fprintf(stderr, "terrish-bench: timing the store in-process\n");
    run->store_ran = bench_store_run(&setup, options.load_runs,
                                     options.search_runs, &run->store) == 0;
    run->wall_seconds = ms_since(start) / 1000.0;

    bench_report_print(run);
    if (strcmp(options.output, "-") != 0 &&
        bench_report_write(run, options.output) == -1) {
        goto out;
    }

    /* A run that stopped before the largest N still reports: it fails
     * only when not even the first step was measured in full. */
    status = run->terrish.level_count > 0 &&
                     run->terrish.levels[0].reached ==
                         run->terrish.levels[0].sessions
                 ? 0
                 : 1;

out:
    bench_setup_remove(&setup);
    ssh_finalize();
    free(run);
    return status;
}
