/*
 * terrish: propagation through the notification hub of "terrish serve",
 * without SSH or screens: the time from hub_changed in one process to the
 * hub_read callback in each of N watcher processes.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Each watcher is a forked process with its own hub connection, as each
 * application is. The sender sends one change, waits until every watcher
 * recorded it (or BENCH_HUB_WAIT_MS passed), pauses BENCH_HUB_GAP_US and
 * sends the next, so each change is timed on an otherwise idle hub. The
 * watchers write the CLOCK_MONOTONIC time of each arrival to memory shared
 * with the sender.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "common/hub.h"

/* Dashboard number the sender and the watchers use. */
#define BENCH_HUB_DASHBOARD 1
/* Time every watcher has to record one change before it counts missed. */
#define BENCH_HUB_WAIT_MS 1000
/* Pause between one change and the next. */
#define BENCH_HUB_GAP_US 200
/* Time the server has to open its hub socket, and the watchers to join. */
#define BENCH_HUB_JOIN_MS 10000

/* Arrival times of one watcher, indexed by version - 1; 0 until then. */
struct watcher_view {
    volatile int64_t *arrivals;
    int changes;
};

static void
watcher_event(const struct hub_event *event, void *arg)
{
    struct watcher_view *view = arg;

    if (event->type == HUB_CHANGED && event->version >= 1 &&
        event->version <= view->changes) {
        view->arrivals[event->version - 1] = bench_now_ns();
    }
}

/* Body of a watcher process: record arrivals until killed. */
static void
watcher_main(const char *path, volatile int64_t *arrivals, int changes)
{
    struct watcher_view view = {arrivals, changes};
    struct hub_client *client = NULL;
    char *error = NULL;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    client = hub_connect(path, BENCH_USER, &error);
    if (client == NULL || hub_watch(client, BENCH_HUB_DASHBOARD) != 0) {
        _exit(1);
    }
    for (;;) {
        struct pollfd pfd = {.fd = hub_fd(client), .events = POLLIN};

        poll(&pfd, 1, 250);
        if (hub_read(client, watcher_event, &view) != 0) {
            _exit(1);
        }
    }
}

/* Presence seen by the sender: the number of watchers listed. */
static void
sender_event(const struct hub_event *event, void *arg)
{
    size_t *peers = arg;

    if (event->type == HUB_PRESENCE) {
        *peers = event->peer_count;
    }
}

/* Connect the sender, retrying while the server opens its socket. */
static struct hub_client *
sender_connect(const char *path)
{
    int64_t deadline = bench_now_ns() + (int64_t)BENCH_HUB_JOIN_MS * 1000000;
    struct hub_client *client = NULL;
    char *error = NULL;

    for (;;) {
        client = hub_connect(path, BENCH_USER, &error);
        if (client != NULL) {
            return client;
        }
        if (bench_now_ns() > deadline) {
            bench_error("%s", error);
            free(error);
            return NULL;
        }
        free(error);
        error = NULL;
        bench_sleep_ms(50);
    }
}

/* Read the sender's messages until presence lists count peers. */
static int
sender_wait_peers(struct hub_client *client, size_t count)
{
    int64_t deadline = bench_now_ns() + (int64_t)BENCH_HUB_JOIN_MS * 1000000;
    size_t peers = 0;

    while (peers != count) {
        struct pollfd pfd = {.fd = hub_fd(client), .events = POLLIN};

        if (bench_now_ns() > deadline) {
            bench_error("hub: %zu of %zu watchers joined in %d ms", peers,
                        count, BENCH_HUB_JOIN_MS);
            return -1;
        }
        poll(&pfd, 1, 100);
        if (hub_read(client, sender_event, &peers) != 0) {
            bench_error("hub: the server closed the hub");
            return -1;
        }
    }
    return 0;
}

/* Returns 1 once every watcher recorded version. */
static int
all_arrived(volatile int64_t *arrivals, int watchers, int changes, int version)
{
    int w;

    for (w = 0; w < watchers; w++) {
        if (arrivals[(size_t)w * (size_t)changes + (size_t)version - 1] == 0) {
            return 0;
        }
    }
    return 1;
}

/* Send the changes one at a time; sent[v - 1] is when v left. */
static void
sender_run(struct hub_client *client, volatile int64_t *arrivals, int watchers,
           int changes, int64_t *sent)
{
    struct timespec gap = {0, BENCH_HUB_GAP_US * 1000};
    int version;

    for (version = 1; version <= changes; version++) {
        int64_t deadline;

        sent[version - 1] = bench_now_ns();
        hub_changed(client, BENCH_HUB_DASHBOARD, version);
        deadline = sent[version - 1] + (int64_t)BENCH_HUB_WAIT_MS * 1000000;
        while (!all_arrived(arrivals, watchers, changes, version) &&
               bench_now_ns() < deadline) {
            struct timespec pause = {0, 20 * 1000};

            nanosleep(&pause, NULL);
        }
        nanosleep(&gap, NULL);
    }
}

/* Turn arrivals into latencies and fill the level. */
static void
level_fill(struct bench_hub_level *level, volatile int64_t *arrivals,
           const int64_t *sent)
{
    size_t total = (size_t)level->watchers * (size_t)level->changes;
    double *ms = bench_alloc(total * sizeof *ms);
    size_t count = 0;
    size_t i;

    for (i = 0; i < total; i++) {
        int64_t arrived = arrivals[i];

        if (arrived == 0) {
            level->missed++;
            continue;
        }
        ms[count++] =
            (double)(arrived - sent[i % (size_t)level->changes]) / 1e6;
    }
    level->samples = (int)count;
    level->p50_ms = bench_percentile(ms, count, 0.5);
    level->p99_ms = bench_percentile(ms, count, 0.99);
    level->max_ms = bench_percentile(ms, count, 1.0);
    free(ms);
}

/* Measure one level: fork the watchers, send, collect, kill them. */
static int
level_measure(const char *path, struct bench_hub_level *level)
{
    size_t total = (size_t)level->watchers * (size_t)level->changes;
    size_t bytes = total * sizeof(int64_t);
    int64_t *sent = bench_alloc((size_t)level->changes * sizeof *sent);
    volatile int64_t *arrivals = NULL;
    struct hub_client *client = NULL;
    pid_t *pids = bench_alloc((size_t)level->watchers * sizeof *pids);
    int started = 0;
    int rc = -1;
    int w;

    arrivals = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (arrivals == MAP_FAILED) {
        bench_error("mmap failed: %s", strerror(errno));
        arrivals = NULL;
        goto out;
    }
    client = sender_connect(path);
    if (client == NULL || hub_watch(client, BENCH_HUB_DASHBOARD) != 0) {
        goto out;
    }
    for (w = 0; w < level->watchers; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            hub_close(client); /* the sender's copy, in this process */
            watcher_main(path, arrivals + (size_t)w * (size_t)level->changes,
                         level->changes);
        }
        if (pids[w] < 0) {
            bench_error("fork failed: %s", strerror(errno));
            goto out;
        }
        started++;
    }
    if (sender_wait_peers(client, (size_t)level->watchers + 1) != 0) {
        goto out;
    }
    sender_run(client, arrivals, level->watchers, level->changes, sent);
    level_fill(level, arrivals, sent);
    rc = 0;
out:
    for (w = 0; w < started; w++) {
        kill(pids[w], SIGKILL);
        waitpid(pids[w], NULL, 0);
    }
    hub_close(client);
    if (arrivals != NULL) {
        munmap((void *)arrivals, bytes);
    }
    free(pids);
    free(sent);
    return rc;
}

int
bench_hub_run(const char *hub_path, int changes,
              struct bench_hub_result *result)
{
    static const int watchers[] = {2, 10, 50, 200};
    size_t i;

    memset(result, 0, sizeof *result);
    for (i = 0; i < sizeof watchers / sizeof watchers[0]; i++) {
        struct bench_hub_level *level = &result->levels[i];

        fprintf(stderr, "terrish-bench: hub: %d watchers, %d changes\n",
                watchers[i], changes);
        level->watchers = watchers[i];
        level->changes = changes;
        if (level_measure(hub_path, level) != 0) {
            bench_last_error(result->failure, sizeof result->failure);
            return -1;
        }
        result->level_count = (int)i + 1;
    }
    return 0;
}
