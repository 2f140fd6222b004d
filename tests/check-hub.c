/*
 * terrish: tests of the notification hub (common/hub.c, server/hub.c) on
 * real Unix sockets, with the hub running in a forked process.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"
#include "common/hub-wire.h"
#include "common/hub.h"

#define WAIT_MS 5000
#define DASHBOARD 7
/* Peers of the last PRESENCE kept by a view (its peer_count is exact). */
#define VIEW_PEERS 64

/* What one client has seen of the hub. */
struct view {
    struct hub_client *client;
    uint32_t self;
    size_t presence_count;             /* PRESENCE events */
    struct hub_peer peers[VIEW_PEERS]; /* the last PRESENCE, its first */
    size_t peer_count;
    size_t changes; /* HUB_CHANGED with a version */
    int64_t last_version;
    size_t reloads; /* HUB_CHANGED with version -1 */
    size_t taken;
    struct hub_peer taker;
    size_t strategies;       /* HUB_STRATEGY_CHANGED of one strategy */
    int64_t last_strategy;   /* its id */
    size_t strategy_reloads; /* HUB_STRATEGY_CHANGED of strategy 0 */
    size_t listed;           /* HUB_DASHBOARD_LISTED of one dashboard */
    int64_t last_listed;     /* its version */
    size_t listed_reloads;   /* HUB_DASHBOARD_LISTED of dashboard 0 */
    int closed;              /* hub_read returned -1 at least once */
};

static char scratch[PATH_MAX];
static char socket_path[PATH_MAX + 16];
static pid_t server_pid;
static volatile sig_atomic_t server_stop;

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

    nanosleep(&ts, NULL);
}

static void
on_server_signal(int signo)
{
    (void)signo;
    server_stop = 1;
}

/* The hub's process: poll its descriptors and run it until SIGTERM. */
static void
server_main(const char *path, int ready_fd)
{
    struct sigaction action;
    struct hub_server *hub = NULL;
    char *error = NULL;
    int fds[4];
    struct pollfd pfds[4];
    size_t count;
    size_t i;

    memset(&action, 0, sizeof action);
    action.sa_handler = on_server_signal;
    sigaction(SIGTERM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    hub = hub_server_open(path, &error);
    if (hub == NULL) {
        fprintf(stderr, "check-hub: hub_server_open: %s\n", error);
        _exit(1);
    }
    if (write(ready_fd, "y", 1) != 1) {
        _exit(1);
    }
    close(ready_fd);
    while (!server_stop) {
        count = hub_server_fds(hub, fds, 4);
        for (i = 0; i < count; i++) {
            pfds[i].fd = fds[i];
            pfds[i].events = POLLIN;
        }
        poll(pfds, count, 100);
        hub_server_run(hub);
    }
    hub_server_close(hub);
    _exit(0);
}

/* Start the hub in a child process and wait until it listens. */
static void
server_start(void)
{
    int ready[2];
    char byte = 0;
    pid_t pid;

    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(ready[0]);
        server_main(socket_path, ready[1]);
    }
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &byte, 1), 1);
    close(ready[0]);
    server_pid = pid;
}

/* Stop the hub with signo: SIGTERM for a clean exit, SIGKILL for a
 * crash that leaves the socket file behind. */
static void
server_stop_with(int signo)
{
    int status = 0;

    if (server_pid <= 0) {
        return;
    }
    kill(server_pid, signo);
    ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
    server_pid = 0;
    if (signo == SIGTERM) {
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
}

static void
scratch_create(void)
{
    const char *tmp = getenv("TERRISH_TEST_TMP");

    if (tmp == NULL || tmp[0] == '\0') {
        tmp = "/tmp";
    }
    mkdir(tmp, 0700);
    snprintf(scratch, sizeof scratch, "%s/hub-XXXXXX", tmp);
    ck_assert_ptr_nonnull(mkdtemp(scratch));
    snprintf(socket_path, sizeof socket_path, "%s/hub.sock", scratch);
}

static void
scratch_remove(void)
{
    char path[PATH_MAX + 16];

    snprintf(path, sizeof path, "%s/file", scratch);
    unlink(path);
    unlink(socket_path);
    rmdir(scratch);
}

static void
hub_setup(void)
{
    scratch_create();
    server_start();
}

static void
hub_teardown(void)
{
    if (server_pid > 0) {
        kill(server_pid, SIGKILL);
        waitpid(server_pid, NULL, 0);
        server_pid = 0;
    }
    scratch_remove();
}

static void
view_event(const struct hub_event *event, void *arg)
{
    struct view *view = arg;

    view->self = event->self;
    switch (event->type) {
    case HUB_CHANGED:
        if (event->version == -1) {
            view->reloads++;
        } else {
            view->changes++;
            view->last_version = event->version;
        }
        break;
    case HUB_PRESENCE:
        view->presence_count++;
        view->peer_count = event->peer_count;
        memcpy(
            view->peers, event->peers,
            (event->peer_count < VIEW_PEERS ? event->peer_count : VIEW_PEERS) *
                sizeof *event->peers);
        break;
    case HUB_TAKEN:
        ck_assert_uint_eq(event->peer_count, 1);
        view->taken++;
        view->taker = event->peers[0];
        break;
    case HUB_DASHBOARD_LISTED:
        if (event->dashboard_id == 0) {
            ck_assert_int_eq(event->version, -1);
            view->listed_reloads++;
        } else {
            view->listed++;
            view->last_listed = event->version;
        }
        break;
    case HUB_STRATEGY_CHANGED:
        if (event->strategy_id == 0) {
            view->strategy_reloads++;
        } else {
            view->strategies++;
            view->last_strategy = event->strategy_id;
        }
        break;
    }
}

/* Connect a client as account and watch DASHBOARD. */
static void
view_open(struct view *view, const char *account)
{
    char *error = NULL;

    memset(view, 0, sizeof *view);
    view->last_version = -2;
    view->last_listed = -2;
    view->client = hub_connect(socket_path, account, &error);
    ck_assert_msg(view->client != NULL, "hub_connect: %s", error);
    ck_assert_int_eq(hub_watch(view->client, DASHBOARD), 0);
}

static void
view_close(struct view *view)
{
    hub_close(view->client);
    view->client = NULL;
}

/* Read every client once, after waiting up to wait_ms for one of them. */
static void
views_read(struct view *views, size_t count, int wait_ms)
{
    struct pollfd *pfds = xcalloc(count, sizeof *pfds);
    size_t i;

    for (i = 0; i < count; i++) {
        pfds[i].fd = views[i].client != NULL ? hub_fd(views[i].client) : -1;
        pfds[i].events = POLLIN;
    }
    poll(pfds, count, wait_ms);
    for (i = 0; i < count; i++) {
        if (views[i].client != NULL &&
            hub_read(views[i].client, view_event, &views[i]) != 0) {
            views[i].closed = 1;
        }
    }
    free(pfds);
}

typedef int (*views_test)(struct view *views, size_t count, long arg);

/* Read the clients until test passes; returns 1, or 0 on timeout. */
static int
views_wait(struct view *views, size_t count, views_test test, long arg,
           int timeout_ms)
{
    int64_t deadline = now_ms() + timeout_ms;

    while (!test(views, count, arg)) {
        if (now_ms() > deadline) {
            return 0;
        }
        views_read(views, count, 20);
    }
    return 1;
}

/* Test: every open client's last PRESENCE lists arg peers. */
static int
all_see_peers(struct view *views, size_t count, long arg)
{
    size_t i;

    for (i = 0; i < count; i++) {
        if (views[i].client != NULL && views[i].peer_count != (size_t)arg) {
            return 0;
        }
    }
    return 1;
}

/* Test: every client but the first saw version arg. */
static int
others_see_version(struct view *views, size_t count, long arg)
{
    size_t i;

    for (i = 1; i < count; i++) {
        if (views[i].last_version != arg) {
            return 0;
        }
    }
    return 1;
}

/* The peer of the last PRESENCE with this session number, or NULL. */
static const struct hub_peer *
view_peer(const struct view *view, uint32_t session)
{
    size_t i;

    for (i = 0; i < view->peer_count && i < VIEW_PEERS; i++) {
        if (view->peers[i].session == session) {
            return &view->peers[i];
        }
    }
    return NULL;
}

/* Fill a Unix socket address with socket_path. */
static void
address_set(struct sockaddr_un *address)
{
    size_t len = strlen(socket_path);

    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    ck_assert_uint_lt(len, sizeof address->sun_path);
    memcpy(address->sun_path, socket_path, len + 1);
}

/* A raw blocking client, for messages the library would never send. */
static int
raw_connect(void)
{
    struct sockaddr_un address;
    int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

    ck_assert_int_ge(fd, 0);
    address_set(&address);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&address, sizeof address),
                     0);
    return fd;
}

static void
raw_send(int fd, const void *data, size_t len)
{
    ck_assert_int_eq(send(fd, data, len, MSG_NOSIGNAL), (ssize_t)len);
}

static void
raw_hello(int fd, unsigned int protocol)
{
    unsigned char data[HUB_REQUEST_MAX];
    struct hub_writer w = {data, sizeof data, 0, 0};

    hub_put_uint(&w, HUB_MSG_HELLO, 1);
    hub_put_uint(&w, protocol, 2);
    hub_put_uint(&w, 4, 1);
    hub_put_bytes(&w, "mole", 4);
    raw_send(fd, data, w.used);
}

/* Read until the hub closes the socket. Returns 1 when it did. */
static int
raw_wait_closed(int fd, int timeout_ms)
{
    unsigned char buffer[HUB_REPLY_MAX];
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int64_t deadline = now_ms() + timeout_ms;

    while (now_ms() < deadline) {
        ssize_t n;

        if (poll(&pfd, 1, 50) <= 0) {
            continue;
        }
        n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) {
            return 1;
        }
    }
    return 0;
}

START_TEST(change_reaches_other_not_sender)
{
    struct view views[2];

    view_open(&views[0], "alice");
    view_open(&views[1], "bob");
    ck_assert(views_wait(views, 2, all_see_peers, 2, WAIT_MS));

    ck_assert_int_eq(hub_changed(views[0].client, DASHBOARD, 42), 0);
    ck_assert(views_wait(views, 2, others_see_version, 42, WAIT_MS));
    ck_assert_uint_eq(views[1].changes, 1);
    /* A message to the sender would arrive within this wait: none may. */
    views_read(views, 2, 200);
    ck_assert_uint_eq(views[0].changes, 0);
    ck_assert_int_eq(views[0].last_version, -2);
    view_close(&views[0]);
    view_close(&views[1]);
}
END_TEST

START_TEST(change_reaches_fifty_watchers)
{
    struct view *views = xcalloc(51, sizeof *views);
    size_t i;

    for (i = 0; i < 50; i++) {
        view_open(&views[i], i % 2 ? "bob" : "alice");
    }
    ck_assert(views_wait(views, 50, all_see_peers, 50, WAIT_MS));
    /* A client on another dashboard. */
    view_open(&views[50], "carol");
    ck_assert_int_eq(hub_watch(views[50].client, DASHBOARD + 1), 0);

    ck_assert_int_eq(hub_changed(views[0].client, DASHBOARD, 9), 0);
    ck_assert(views_wait(views, 50, others_see_version, 9, WAIT_MS));
    views_read(views, 51, 200);
    ck_assert_uint_eq(views[0].changes, 0);
    ck_assert_uint_eq(views[50].changes, 0);
    for (i = 1; i < 50; i++) {
        ck_assert_uint_eq(views[i].changes, 1);
    }
    for (i = 0; i < 51; i++) {
        view_close(&views[i]);
    }
    free(views);
}
END_TEST

/* Watch dashboard 100 + i % 100 from client i. */
static void
views_spread(struct view *views, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        ck_assert_int_eq(hub_watch(views[i].client, 100 + (int64_t)(i % 100)),
                         0);
    }
}

/* Test: the clients of dashboard 100 but the first saw version arg, and
 * no other client saw any change. */
static int
board_sees_version(struct view *views, size_t count, long arg)
{
    size_t i;

    for (i = 1; i < count; i++) {
        if (i % 100 == 0 && views[i].last_version != arg) {
            return 0;
        }
    }
    return 1;
}

START_TEST(two_thousand_clients)
{
    struct view *views = xcalloc(2000, sizeof *views);
    struct rlimit limit;
    size_t i;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    ck_assert_msg(limit.rlim_cur >= 4200,
                  "open file limit %llu is too low for 2,000 clients and "
                  "the hub's side of them: raise the hard limit (ulimit -Hn)",
                  (unsigned long long)limit.rlim_cur);
    for (i = 0; i < 2000; i++) {
        view_open(&views[i], "alice");
    }
    views_spread(views, 2000);
    ck_assert(views_wait(views, 2000, all_see_peers, 20, 4 * WAIT_MS));

    ck_assert_int_eq(hub_changed(views[0].client, 100, 77), 0);
    ck_assert(views_wait(views, 2000, board_sees_version, 77, WAIT_MS));
    views_read(views, 2000, 200);
    for (i = 0; i < 2000; i++) {
        ck_assert_uint_eq(views[i].changes, i % 100 == 0 && i > 0 ? 1 : 0);
        ck_assert(!views[i].closed);
    }
    for (i = 0; i < 2000; i++) {
        view_close(&views[i]);
    }
    free(views);
}
END_TEST

START_TEST(presence_capped_at_peers_max)
{
    size_t count = HUB_PEERS_MAX + 44;
    struct view *views = xcalloc(count, sizeof *views);
    size_t i;

    for (i = 0; i < count; i++) {
        view_open(&views[i], "alice");
    }
    ck_assert(
        views_wait(views, count, all_see_peers, HUB_PEERS_MAX, 4 * WAIT_MS));
    /* A watcher past the list still sends and receives changes. */
    ck_assert_ptr_null(view_peer(&views[0], views[count - 1].self));
    ck_assert_int_eq(hub_changed(views[count - 1].client, DASHBOARD, 8), 0);
    ck_assert(views_wait(views, count - 1, others_see_version, 8, WAIT_MS));
    ck_assert_int_eq(views[0].last_version, 8);
    for (i = 0; i < count; i++) {
        view_close(&views[i]);
    }
    free(views);
}
END_TEST

START_TEST(presence_lists_joins_and_leaves)
{
    struct view views[3];
    uint32_t carol;

    view_open(&views[0], "alice");
    view_open(&views[1], "bob");
    view_open(&views[2], "carol");
    ck_assert(views_wait(views, 3, all_see_peers, 3, WAIT_MS));
    ck_assert_uint_ne(views[0].self, 0);
    ck_assert_ptr_nonnull(view_peer(&views[0], views[0].self));
    ck_assert_ptr_nonnull(view_peer(&views[0], views[2].self));
    ck_assert_str_eq(view_peer(&views[0], views[2].self)->account, "carol");
    /* Peers are listed in the order they joined. */
    ck_assert_str_eq(views[0].peers[0].account, "alice");
    ck_assert_str_eq(views[0].peers[1].account, "bob");

    carol = views[2].self;
    view_close(&views[2]);
    ck_assert(views_wait(views, 2, all_see_peers, 2, WAIT_MS));
    ck_assert_ptr_null(view_peer(&views[0], carol));
    ck_assert_ptr_null(view_peer(&views[1], carol));

    /* Watching nothing also leaves. */
    ck_assert_int_eq(hub_watch(views[1].client, 0), 0);
    ck_assert(views_wait(views, 1, all_see_peers, 1, WAIT_MS));
    view_close(&views[0]);
    view_close(&views[1]);
}
END_TEST

START_TEST(presence_drops_killed_process)
{
    struct view view;
    int ready[2];
    char byte = 0;
    pid_t pid;

    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char *error = NULL;
        struct hub_client *client = hub_connect(socket_path, "dave", &error);

        if (client == NULL || hub_watch(client, DASHBOARD) != 0 ||
            write(ready[1], "y", 1) != 1) {
            _exit(1);
        }
        for (;;) {
            pause();
        }
    }
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &byte, 1), 1);
    close(ready[0]);

    view_open(&view, "alice");
    ck_assert(views_wait(&view, 1, all_see_peers, 2, WAIT_MS));
    ck_assert_str_eq(view.peers[0].account, "dave");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    ck_assert(views_wait(&view, 1, all_see_peers, 1, WAIT_MS));
    ck_assert_str_eq(view.peers[0].account, "alice");
    ck_assert_uint_eq(view.peers[0].session, view.self);
    view_close(&view);
}
END_TEST

START_TEST(colours_distinct_up_to_eight)
{
    struct view views[9];
    int seen[8] = {0};
    int first_colours[8];
    int freed;
    size_t i;

    for (i = 0; i < 8; i++) {
        view_open(&views[i], "alice");
    }
    ck_assert(views_wait(views, 8, all_see_peers, 8, WAIT_MS));
    for (i = 0; i < 8; i++) {
        const struct hub_peer *peer = view_peer(&views[0], views[i].self);

        ck_assert_ptr_nonnull(peer);
        ck_assert_int_ge(peer->colour, 0);
        ck_assert_int_le(peer->colour, 7);
        ck_assert_int_eq(seen[peer->colour], 0);
        seen[peer->colour] = 1;
        first_colours[i] = peer->colour;
    }

    /* A ninth peer gets the free colour of one that left. */
    freed = first_colours[3];
    view_close(&views[3]);
    views[3] = views[7];
    memset(&views[7], 0, sizeof views[7]);
    ck_assert(views_wait(views, 7, all_see_peers, 7, WAIT_MS));
    view_open(&views[8], "bob");
    ck_assert(views_wait(&views[8], 1, all_see_peers, 8, WAIT_MS));
    ck_assert_int_eq(view_peer(&views[8], views[8].self)->colour, freed);
    /* The others kept theirs. */
    ck_assert(views_wait(views, 7, all_see_peers, 8, WAIT_MS));
    ck_assert_int_eq(view_peer(&views[8], views[0].self)->colour,
                     first_colours[0]);
    ck_assert_int_eq(view_peer(&views[8], views[3].self)->colour,
                     first_colours[7]);
    for (i = 0; i < 9; i++) {
        if (views[i].client != NULL) {
            view_close(&views[i]);
        }
    }
}
END_TEST

/* Test: the last PRESENCE of views[0] shows session arg on widget 5. */
static int
first_sees_on_widget(struct view *views, size_t count, long arg)
{
    const struct hub_peer *peer = view_peer(&views[0], (uint32_t)arg);

    (void)count;
    return peer != NULL && peer->widget_id == 5;
}

/* Test: views[0] received HUB_TAKEN. */
static int
first_taken(struct view *views, size_t count, long arg)
{
    (void)count;
    (void)arg;
    return views[0].taken > 0;
}

START_TEST(take_over_sends_taken)
{
    struct view views[2];

    view_open(&views[0], "alice");
    view_open(&views[1], "bob");
    ck_assert(views_wait(views, 2, all_see_peers, 2, WAIT_MS));

    ck_assert_int_eq(hub_editing(views[0].client, 5, 0), 0);
    ck_assert(
        views_wait(views, 2, first_sees_on_widget, views[0].self, WAIT_MS));
    /* Without take, both are shown on the widget, and nobody loses it. */
    ck_assert_int_eq(hub_editing(views[1].client, 5, 0), 0);
    ck_assert(
        views_wait(views, 2, first_sees_on_widget, views[1].self, WAIT_MS));
    ck_assert_int_eq(view_peer(&views[0], views[0].self)->widget_id, 5);
    ck_assert_uint_eq(views[0].taken, 0);

    /* With take, the first receives HUB_TAKEN and is on no widget. */
    ck_assert_int_eq(hub_editing(views[1].client, 5, 1), 0);
    ck_assert(views_wait(views, 2, first_taken, 0, WAIT_MS));
    ck_assert_uint_eq(views[0].taken, 1);
    ck_assert_uint_eq(views[0].taker.session, views[1].self);
    ck_assert_str_eq(views[0].taker.account, "bob");
    ck_assert_int_eq(views[0].taker.widget_id, 5);
    views_read(views, 2, 200);
    ck_assert_int_eq(view_peer(&views[0], views[0].self)->widget_id, 0);
    ck_assert_int_eq(view_peer(&views[0], views[1].self)->widget_id, 5);
    ck_assert_uint_eq(views[1].taken, 0);
    view_close(&views[0]);
    view_close(&views[1]);
}
END_TEST

START_TEST(bad_clients_dropped_alone)
{
    unsigned char big[4096];
    unsigned char reply[64];
    struct view views[2];
    int before_hello;
    int oversized;
    int bad_length;
    int old_protocol;
    ssize_t n;

    view_open(&views[0], "alice");
    view_open(&views[1], "bob");
    ck_assert(views_wait(views, 2, all_see_peers, 2, WAIT_MS));

    before_hello = raw_connect();
    raw_send(before_hello, "W1234567", 9);
    oversized = raw_connect();
    raw_hello(oversized, HUB_PROTOCOL);
    memset(big, 'W', sizeof big);
    raw_send(oversized, big, sizeof big);
    bad_length = raw_connect();
    raw_hello(bad_length, HUB_PROTOCOL);
    raw_send(bad_length, "W12", 3);
    old_protocol = raw_connect();
    raw_hello(old_protocol, 99);

    /* The hub names its protocol before closing an older client. */
    n = recv(old_protocol, reply, sizeof reply, 0);
    ck_assert_int_eq(n, 7);
    ck_assert_int_eq(reply[0], HUB_MSG_WELCOME);
    ck_assert_int_eq(reply[1] | reply[2] << 8, HUB_PROTOCOL);
    ck_assert_int_eq(reply[3] | reply[4] | reply[5] | reply[6], 0);
    ck_assert(raw_wait_closed(old_protocol, WAIT_MS));
    ck_assert(raw_wait_closed(before_hello, WAIT_MS));
    ck_assert(raw_wait_closed(oversized, WAIT_MS));
    ck_assert(raw_wait_closed(bad_length, WAIT_MS));

    /* The others still work. */
    ck_assert_int_eq(hub_changed(views[0].client, DASHBOARD, 3), 0);
    ck_assert(views_wait(views, 2, others_see_version, 3, WAIT_MS));
    ck_assert_uint_eq(views[0].peer_count, 2);
    ck_assert(!views[0].closed);
    ck_assert(!views[1].closed);
    close(before_hello);
    close(oversized);
    close(bad_length);
    close(old_protocol);
    view_close(&views[0]);
    view_close(&views[1]);
}
END_TEST

/* Test: views[0] saw the hub close, then reconnect with a reload. */
static int
first_closed(struct view *views, size_t count, long arg)
{
    (void)count;
    (void)arg;
    return views[0].closed;
}

static int
first_reloaded(struct view *views, size_t count, long arg)
{
    (void)count;
    return views[0].reloads >= (size_t)arg;
}

static int
first_sees_version(struct view *views, size_t count, long arg)
{
    (void)count;
    return views[0].last_version == arg;
}

/*
 * Number of changes that surely fill the socket of a client that does not
 * read: the hub's send buffer is net.core.wmem_default bytes, and each
 * queued message costs it more than 64 bytes (the 21 bytes of a change
 * plus the kernel's buffer header).
 */
static long
flood_count(void)
{
    FILE *file = fopen("/proc/sys/net/core/wmem_default", "r");
    long bytes = 212992;

    if (file != NULL) {
        if (fscanf(file, "%ld", &bytes) != 1) {
            bytes = 212992;
        }
        fclose(file);
    }
    return bytes / 64 + 1000;
}

/* Send changes from views[1] while views[0] does not read, until its
 * socket is surely full; views[2] must still get each burst at once. */
static long
flood_past_slow_reader(struct view *views)
{
    long total = flood_count();
    int64_t start;
    int64_t slowest = 0;
    long version;

    view_open(&views[0], "slow");
    view_open(&views[1], "alice");
    view_open(&views[2], "bob");
    ck_assert(views_wait(&views[1], 2, all_see_peers, 3, WAIT_MS));
    for (version = 1; version <= total; version++) {
        ck_assert_int_eq(hub_changed(views[1].client, DASHBOARD, version), 0);
        if (version % 50 != 0 && version != total) {
            continue;
        }
        start = now_ms();
        ck_assert(
            views_wait(&views[1], 2, others_see_version, version, WAIT_MS));
        if (now_ms() - start > slowest) {
            slowest = now_ms() - start;
        }
    }
    ck_assert_int_lt(slowest, 1000);
    ck_assert_uint_eq(views[2].changes, (size_t)total);
    return total;
}

START_TEST(lagging_reader_gets_reload)
{
    struct view views[3];
    long total = flood_past_slow_reader(views);

    /* Reading again in time: the missed changes become one reload. */
    ck_assert(views_wait(views, 1, first_reloaded, 1, WAIT_MS));
    views_read(views, 1, 200);
    ck_assert(!views[0].closed);
    ck_assert_uint_lt(views[0].changes, (size_t)total);
    ck_assert_uint_eq(views[0].peer_count, 3);
    /* And it receives changes again. */
    ck_assert_int_eq(hub_changed(views[2].client, DASHBOARD, total + 1), 0);
    ck_assert(views_wait(views, 1, first_sees_version, total + 1, WAIT_MS));
    view_close(&views[0]);
    view_close(&views[1]);
    view_close(&views[2]);
}
END_TEST

START_TEST(stalled_reader_dropped)
{
    struct view views[3];
    long total = flood_past_slow_reader(views);

    /* Still not reading 5 s later: the hub drops it. It then reconnects
     * and reloads. */
    sleep_ms(6500);
    ck_assert(views_wait(views, 1, first_closed, 0, WAIT_MS));
    ck_assert_uint_lt(views[0].changes, (size_t)total);
    ck_assert_uint_eq(views[0].reloads, 0);
    ck_assert(views_wait(views, 1, first_reloaded, 1, WAIT_MS));
    ck_assert(views_wait(&views[1], 2, all_see_peers, 3, WAIT_MS));
    view_close(&views[0]);
    view_close(&views[1]);
    view_close(&views[2]);
}
END_TEST

START_TEST(restart_reconnects_and_reloads)
{
    struct view views[2];

    view_open(&views[0], "alice");
    ck_assert(views_wait(views, 1, all_see_peers, 1, WAIT_MS));
    ck_assert_uint_eq(views[0].reloads, 0);

    /* A crash leaves the socket file: the next hub replaces it. */
    server_stop_with(SIGKILL);
    ck_assert(views_wait(views, 1, first_closed, 0, WAIT_MS));
    ck_assert_int_eq(hub_fd(views[0].client), -1);
    ck_assert_int_eq(hub_read(views[0].client, view_event, &views[0]), -1);
    /* A change committed while the hub is away goes out after. */
    ck_assert_int_eq(hub_changed(views[0].client, DASHBOARD, 99), 0);
    server_start();

    view_open(&views[1], "bob");
    ck_assert(views_wait(&views[1], 1, all_see_peers, 1, WAIT_MS));
    ck_assert(views_wait(views, 2, first_reloaded, 1, WAIT_MS));
    ck_assert_int_ge(hub_fd(views[0].client), 0);
    ck_assert(views_wait(views, 2, all_see_peers, 2, WAIT_MS));
    ck_assert(views_wait(views, 2, others_see_version, 99, WAIT_MS));
    ck_assert_uint_eq(views[0].reloads, 1);

    /* A clean stop removes the socket file. */
    server_stop_with(SIGTERM);
    ck_assert_int_eq(access(socket_path, F_OK), -1);
    view_close(&views[0]);
    view_close(&views[1]);
}
END_TEST

/* Test: views[1] saw strategy arg last. */
static int
second_sees_strategy(struct view *views, size_t count, long arg)
{
    (void)count;
    return views[1].last_strategy == arg;
}

static int
view_sees_listed(struct view *views, size_t count, long arg)
{
    (void)count;
    return views[arg].last_listed == arg + 40;
}

/* A strategy's change reaches the followers of the strategies but its
 * sender, and a dashboard's change the followers of the dashboards,
 * watching it or not. */
START_TEST(topics_reach_followers_only)
{
    struct view views[4];

    view_open(&views[0], "alice");
    view_open(&views[1], "bob");
    view_open(&views[2], "carol");
    view_open(&views[3], "dave");
    ck_assert_int_eq(hub_follow(views[0].client, HUB_TOPIC_STRATEGIES), 0);
    ck_assert_int_eq(hub_follow(views[1].client, HUB_TOPIC_STRATEGIES), 0);
    ck_assert_int_eq(hub_follow(views[2].client, HUB_TOPIC_DASHBOARDS), 0);
    ck_assert_int_eq(hub_watch(views[2].client, DASHBOARD + 1), 0);
    ck_assert(views_wait(views, 2, all_see_peers, 3, WAIT_MS));

    ck_assert_int_eq(hub_strategy_changed(views[0].client, 1001), 0);
    ck_assert(views_wait(views, 4, second_sees_strategy, 1001, WAIT_MS));
    /* carol watches another dashboard: LISTED reaches her, CHANGED not. */
    ck_assert_int_eq(hub_changed(views[1].client, DASHBOARD, 42), 0);
    ck_assert(views_wait(views, 4, view_sees_listed, 2, WAIT_MS));
    views_read(views, 4, 200);
    ck_assert_uint_eq(views[1].strategies, 1);
    ck_assert_uint_eq(views[0].strategies, 0);
    ck_assert_uint_eq(views[2].strategies, 0);
    ck_assert_uint_eq(views[3].strategies, 0);
    ck_assert_uint_eq(views[2].listed, 1);
    ck_assert_uint_eq(views[2].changes, 0);
    ck_assert_uint_eq(views[0].listed, 0);
    ck_assert_uint_eq(views[3].listed, 0);
    ck_assert_int_eq(views[3].last_version, 42);

    /* Following nothing any more: no event of the topic arrives. */
    ck_assert_int_eq(hub_follow(views[1].client, 0), 0);
    views_read(views, 4, 100);
    ck_assert_int_eq(hub_strategy_changed(views[0].client, 1002), 0);
    views_read(views, 4, 300);
    ck_assert_uint_eq(views[1].strategies, 1);
    ck_assert_int_eq(hub_follow(views[0].client, 4), -1);
    ck_assert_int_eq(hub_strategy_changed(views[0].client, 0), -1);
    view_close(&views[0]);
    view_close(&views[1]);
    view_close(&views[2]);
    view_close(&views[3]);
}
END_TEST

/* A follower that does not read misses strategy changes without
 * slowing the other follower, then gets one reload of every strategy. */
START_TEST(lagging_follower_gets_strategy_reload)
{
    long total = flood_count();
    struct view views[3];
    int64_t slowest = 0;
    long i;

    view_open(&views[0], "slow");
    view_open(&views[1], "alice");
    view_open(&views[2], "bob");
    ck_assert_int_eq(hub_follow(views[0].client, HUB_TOPIC_STRATEGIES), 0);
    ck_assert_int_eq(hub_follow(views[2].client, HUB_TOPIC_STRATEGIES), 0);
    ck_assert(views_wait(&views[1], 2, all_see_peers, 3, WAIT_MS));
    for (i = 1; i <= total; i++) {
        int64_t start;

        ck_assert_int_eq(hub_strategy_changed(views[1].client, 1000 + i), 0);
        if (i % 50 != 0 && i != total) {
            continue;
        }
        start = now_ms();
        ck_assert(
            views_wait(&views[1], 2, second_sees_strategy, 1000 + i, WAIT_MS));
        if (now_ms() - start > slowest) {
            slowest = now_ms() - start;
        }
    }
    ck_assert_int_lt(slowest, 1000);
    ck_assert_uint_eq(views[2].strategies, (size_t)total);
    ck_assert_uint_eq(views[0].strategy_reloads, 0);
    views_read(views, 1, 0);
    while (views[0].strategy_reloads == 0 && !views[0].closed) {
        views_read(views, 1, 50);
    }
    ck_assert(!views[0].closed);
    ck_assert_uint_eq(views[0].strategy_reloads, 1);
    ck_assert_uint_lt(views[0].strategies, (size_t)total);
    view_close(&views[0]);
    view_close(&views[1]);
    view_close(&views[2]);
}
END_TEST

/* Changes given while the hub is away wait in a bounded queue: the
 * oldest go, and the last HUB_PENDING_MAX are sent once a hub is back.
 * A plain socket replaces the hub, so that every message the client
 * sends is counted, and none is lost to a slow reader. */
START_TEST(pending_changes_bounded)
{
    unsigned char buffer[HUB_REQUEST_MAX];
    struct sockaddr_un address;
    struct view view;
    int64_t first = 0;
    int64_t last = 0;
    int64_t deadline;
    size_t count = 0;
    int listener;
    int conn = -1;
    int64_t id;

    view_open(&view, "alice");
    ck_assert(views_wait(&view, 1, all_see_peers, 1, WAIT_MS));
    server_stop_with(SIGKILL);
    ck_assert(views_wait(&view, 1, first_closed, 0, WAIT_MS));
    for (id = 1001; id <= 2500; id++) {
        ck_assert_int_eq(hub_strategy_changed(view.client, id), 0);
    }

    ck_assert_int_eq(unlink(socket_path), 0);
    listener = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    ck_assert_int_ge(listener, 0);
    address_set(&address);
    ck_assert_int_eq(
        bind(listener, (struct sockaddr *)&address, sizeof address), 0);
    ck_assert_int_eq(listen(listener, 4), 0);
    /* Read until nothing more comes for 300 ms after the last one. */
    deadline = now_ms() + 3 * WAIT_MS;
    while (now_ms() < deadline) {
        struct pollfd pfd = {.fd = conn >= 0 ? conn : listener,
                             .events = POLLIN};
        ssize_t n;

        hub_read(view.client, view_event, &view);
        if (poll(&pfd, 1, 20) <= 0) {
            if (last == 2500) {
                deadline =
                    now_ms() + 300 < deadline ? now_ms() + 300 : deadline;
            }
            continue;
        }
        if (conn < 0) {
            conn = accept(listener, NULL, NULL);
            ck_assert_int_ge(conn, 0);
            continue;
        }
        n = recv(conn, buffer, sizeof buffer, MSG_DONTWAIT);
        ck_assert_int_gt(n, 0);
        if (buffer[0] == HUB_MSG_STRATEGY) {
            struct hub_reader r = {buffer, (size_t)n, 1, 0};

            last = hub_get_i64(&r);
            if (count++ == 0) {
                first = last;
            }
        }
    }
    ck_assert_uint_eq(count, HUB_PENDING_MAX);
    ck_assert_int_eq(first, 2500 - HUB_PENDING_MAX + 1);
    ck_assert_int_eq(last, 2500);
    close(conn);
    close(listener);
    view_close(&view);
}
END_TEST

/* Topic messages with a bad value drop their sender, and only it. */
START_TEST(bad_topic_messages_dropped_alone)
{
    unsigned char data[32];
    struct hub_writer w = {data, sizeof data, 0, 0};
    struct view views[2];
    int bad_topics;
    int no_strategy;

    view_open(&views[0], "alice");
    view_open(&views[1], "bob");
    ck_assert_int_eq(hub_follow(views[1].client, HUB_TOPIC_STRATEGIES), 0);
    ck_assert(views_wait(views, 2, all_see_peers, 2, WAIT_MS));

    bad_topics = raw_connect();
    raw_hello(bad_topics, HUB_PROTOCOL);
    hub_put_uint(&w, HUB_MSG_FOLLOW, 1);
    hub_put_uint(&w, 8, 1);
    raw_send(bad_topics, data, w.used);
    no_strategy = raw_connect();
    raw_hello(no_strategy, HUB_PROTOCOL);
    w.used = 0;
    hub_put_uint(&w, HUB_MSG_STRATEGY, 1);
    hub_put_uint(&w, 0, 8);
    raw_send(no_strategy, data, w.used);
    ck_assert(raw_wait_closed(bad_topics, WAIT_MS));
    ck_assert(raw_wait_closed(no_strategy, WAIT_MS));

    ck_assert_int_eq(hub_strategy_changed(views[0].client, 1001), 0);
    ck_assert(views_wait(views, 2, second_sees_strategy, 1001, WAIT_MS));
    ck_assert(!views[0].closed);
    ck_assert(!views[1].closed);
    close(bad_topics);
    close(no_strategy);
    view_close(&views[0]);
    view_close(&views[1]);
}
END_TEST

START_TEST(client_rejects_bad_arguments)
{
    struct view view;
    char *error = NULL;
    char missing[PATH_MAX + 16];

    ck_assert_ptr_null(hub_connect(socket_path, "", &error));
    ck_assert_ptr_nonnull(strstr(error, "account"));
    free(error);
    error = NULL;
    ck_assert_ptr_null(hub_connect(socket_path, "bad\nname", &error));
    free(error);
    error = NULL;
    snprintf(missing, sizeof missing, "%s/missing", scratch);
    ck_assert_ptr_null(hub_connect(missing, "alice", &error));
    ck_assert_ptr_nonnull(strstr(error, missing));
    free(error);

    view_open(&view, "alice");
    ck_assert_int_eq(hub_watch(view.client, -1), -1);
    ck_assert_int_eq(hub_changed(view.client, 0, 1), -1);
    ck_assert_int_eq(hub_changed(view.client, DASHBOARD, -1), -1);
    ck_assert_int_eq(hub_editing(view.client, -3, 0), -1);
    view_close(&view);
}
END_TEST

/* Run an in-process hub for ms, serving the clients that connect. */
static void
hub_serve(struct hub_server *hub, int ms)
{
    int64_t deadline = now_ms() + ms;
    struct pollfd pfd = {.events = POLLIN};
    int fd;

    while (now_ms() < deadline) {
        hub_server_fds(hub, &fd, 1);
        pfd.fd = fd;
        poll(&pfd, 1, 10);
        hub_server_run(hub);
    }
}

START_TEST(open_sets_mode_0600)
{
    struct hub_server *hub = NULL;
    char *error = NULL;
    struct stat st;

    hub = hub_server_open(socket_path, &error);
    ck_assert_msg(hub != NULL, "%s", error);
    ck_assert_int_eq(stat(socket_path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    hub_server_close(hub);
    ck_assert_int_eq(access(socket_path, F_OK), -1);
}
END_TEST

START_TEST(open_replaces_stale_socket)
{
    struct sockaddr_un address;
    struct hub_server *hub = NULL;
    char *error = NULL;
    int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

    address_set(&address);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&address, sizeof address), 0);
    close(fd);
    ck_assert_int_eq(access(socket_path, F_OK), 0);

    hub = hub_server_open(socket_path, &error);
    ck_assert_msg(hub != NULL, "%s", error);
    hub_server_close(hub);
}
END_TEST

START_TEST(open_rejects_live_socket)
{
    struct hub_server *first = NULL;
    struct hub_server *second = NULL;
    char *error = NULL;

    first = hub_server_open(socket_path, &error);
    ck_assert_msg(first != NULL, "%s", error);
    second = hub_server_open(socket_path, &error);
    ck_assert_ptr_null(second);
    ck_assert_ptr_nonnull(strstr(error, "another server's hub is running"));
    free(error);
    /* The live socket is left alone. */
    ck_assert_int_eq(access(socket_path, F_OK), 0);
    hub_server_close(first);
}
END_TEST

START_TEST(open_rejects_other_files)
{
    char path[PATH_MAX + 16];
    char long_path[200];
    char *error = NULL;
    FILE *file = NULL;

    snprintf(path, sizeof path, "%s/file", scratch);
    file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    fclose(file);
    ck_assert_ptr_null(hub_server_open(path, &error));
    ck_assert_ptr_nonnull(strstr(error, "is not a socket"));
    free(error);
    error = NULL;
    ck_assert_int_eq(access(path, F_OK), 0);

    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    ck_assert_ptr_null(hub_server_open(long_path, &error));
    ck_assert_ptr_nonnull(strstr(error, "at most 107"));
    free(error);
}
END_TEST

START_TEST(close_in_fork_keeps_socket)
{
    struct hub_server *hub = NULL;
    struct view view;
    char *error = NULL;
    int status = 0;
    pid_t pid;

    hub = hub_server_open(socket_path, &error);
    ck_assert_msg(hub != NULL, "%s", error);
    view_open(&view, "alice");
    hub_serve(hub, 50);

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        hub_server_close(hub);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(access(socket_path, F_OK), 0);

    /* The client stays connected to the hub of this process. */
    hub_serve(hub, 50);
    ck_assert_int_eq(hub_read(view.client, view_event, &view), 0);
    ck_assert_uint_eq(view.peer_count, 1);
    ck_assert_int_eq(hub_watch(view.client, 0), 0);
    view_close(&view);
    hub_server_close(hub);
    ck_assert_int_eq(access(socket_path, F_OK), -1);
}
END_TEST

/* Raise the open file limit for the 2,000 clients and the hub's side of
 * them, which the forked hub inherits. */
static void
files_limit_raise(void)
{
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

static Suite *
hub_suite(void)
{
    Suite *suite = suite_create("hub");
    TCase *live = tcase_create("live");
    TCase *open = tcase_create("open");

    tcase_add_checked_fixture(live, hub_setup, hub_teardown);
    tcase_set_timeout(live, 60);
    tcase_add_test(live, change_reaches_other_not_sender);
    tcase_add_test(live, change_reaches_fifty_watchers);
    tcase_add_test(live, two_thousand_clients);
    tcase_add_test(live, presence_capped_at_peers_max);
    tcase_add_test(live, presence_lists_joins_and_leaves);
    tcase_add_test(live, presence_drops_killed_process);
    tcase_add_test(live, colours_distinct_up_to_eight);
    tcase_add_test(live, take_over_sends_taken);
    tcase_add_test(live, bad_clients_dropped_alone);
    tcase_add_test(live, lagging_reader_gets_reload);
    tcase_add_test(live, stalled_reader_dropped);
    tcase_add_test(live, restart_reconnects_and_reloads);
    tcase_add_test(live, client_rejects_bad_arguments);
    tcase_add_test(live, topics_reach_followers_only);
    tcase_add_test(live, lagging_follower_gets_strategy_reload);
    tcase_add_test(live, pending_changes_bounded);
    tcase_add_test(live, bad_topic_messages_dropped_alone);
    suite_add_tcase(suite, live);

    tcase_add_checked_fixture(open, scratch_create, scratch_remove);
    tcase_add_test(open, open_sets_mode_0600);
    tcase_add_test(open, open_replaces_stale_socket);
    tcase_add_test(open, open_rejects_live_socket);
    tcase_add_test(open, open_rejects_other_files);
    tcase_add_test(open, close_in_fork_keeps_socket);
    suite_add_tcase(suite, open);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(hub_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);
    files_limit_raise();
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
