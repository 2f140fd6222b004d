/*
 * terrish: the notification hub, in the listener process. It tells the
 * application processes watching a dashboard what the others committed
 * and who else is there, and those following a topic which dashboards and
 * strategies changed (common/hub.h).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Protocol 2. The hub listens on a Unix SOCK_SEQPACKET socket (mode 0600,
 * so only processes of the server's user connect, and the hub trusts the
 * account they name). Each message is one packet, whose first byte is its
 * type; integers are little-endian, i64 signed, u8/u16/u32 unsigned.
 *
 *   client to hub                      hub to client
 *   'H' u16 protocol, u8 n, account    'w' u16 protocol, u32 session
 *   'W' i64 dashboard (0: none)        'c' i64 dashboard, i64 version,
 *   'C' i64 dashboard, i64 version         u32 sender
 *   'E' i64 widget (0: none), u8 take  'p' i64 dashboard, u16 count, peers
 *   'F' u8 topics                      't' i64 dashboard, peer (the taker)
 *   'S' i64 strategy                   'r' i64 dashboard
 *                                      'l' i64 dashboard, i64 version
 *                                      's' i64 strategy
 *
 * A peer is u32 session, u8 colour (0..7), i64 widget, u8 n, account (n is
 * 1..63 bytes of UTF-8 without control characters).
 *
 * The first message is HELLO. The hub replies WELCOME with the session
 * number or, when the protocol numbers differ, WELCOME with its own number
 * and session 0 before it closes the connection. WATCH leaves the previous
 * dashboard (and stops editing) and joins the new one, which gets the least
 * used colour of that dashboard. CHANGE goes to every other watcher of the
 * dashboard as CHANGED, at once. EDIT sets the widget the session edits. With
 * take 0 on a widget that others edit, they keep it and presence lists every
 * one of them on that widget: a screen sees the widget as locked while another
 * peer is on it. With take 1 the others stop editing it and receive TAKEN.
 * Whenever someone joins, leaves (also when its socket closes), or changes
 * widget, every watcher of that dashboard receives PRESENCE, once per
 * hub_server_run, listing the first HUB_PEERS_MAX watchers in the order
 * they joined; watchers past that number still receive changes.
 *
 * FOLLOW sets the topics (HUB_TOPIC_* bits) the session follows. A CHANGE
 * also goes to every other follower of HUB_TOPIC_DASHBOARDS as LISTED,
 * whether it watches that dashboard or not, and STRATEGY goes to every
 * other follower of HUB_TOPIC_STRATEGIES as STRATEGY_CHANGED ('s'). These
 * carry ids only: the receiver reads the store, with its own rights.
 *
 * A client that sends anything else (unknown type, wrong length, a second
 * HELLO, a message before HELLO, an invalid account, negative ids, more
 * than HUB_REQUEST_MAX bytes) is disconnected. The hub never blocks on a
 * client: when a send would block, the message is dropped and the client
 * is marked for reload. It then receives nothing more until its socket
 * has room again, when it gets RELOAD (reload the dashboard from the
 * store, since changes were missed), LISTED with dashboard 0 and version
 * -1 and STRATEGY_CHANGED with strategy 0 for the topics it follows, a
 * pending TAKEN if one was dropped, and the current PRESENCE. A client still
 * without room HUB_STALL_MS later is disconnected; it reconnects by itself and
 * reloads then.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"
#include "common/hub-wire.h"
#include "common/hub.h"

/* Time a client marked for reload has to make room before it is dropped. */
#define HUB_STALL_MS 5000
/* Work per hub_server_run, so that the listener's other work interleaves. */
#define HUB_EVENTS_PER_RUN 256
#define HUB_ACCEPTS_PER_RUN 64
#define HUB_READS_PER_CLIENT 32
/* Pause of accept(2) when the process is out of descriptors. */
#define HUB_ACCEPT_PAUSE_MS 1000
/* At most one warning about clients per this interval, with a count. */
#define HUB_WARN_INTERVAL_MS 10000
#define HUB_COLOURS 8

struct hub_board;

struct hub_conn {
    int fd; /* -1 once dropped */
    uint32_t session;
    int hello; /* HELLO received */
    char account[HUB_ACCOUNT_MAX + 1];
    struct hub_board *board; /* watched dashboard, or NULL */
    int colour;
    int64_t widget;
    unsigned int topics;  /* HUB_TOPIC_* bits followed */
    int reload;           /* a message was dropped: RELOAD owed */
    int64_t reload_since; /* monotonic ms */
    int taken_pending;    /* a TAKEN was dropped: send it with RELOAD */
    struct hub_peer taker;
    int64_t taken_board;
    size_t index; /* position in hub->conns */
    int dead;     /* dropped; freed at the end of the run */
};

/* The watchers of one dashboard, in the order they joined. */
struct hub_board {
    int64_t id;
    struct hub_conn **watchers;
    size_t count;
    size_t capacity;
    int dirty; /* presence to send at the end of the run */
};

struct hub_server {
    char *path;
    pid_t owner; /* process that bound the socket and may remove it */
    int listen_fd;
    int epoll_fd;
    uint32_t next_session;
    struct hub_conn **conns;
    size_t conn_count;
    size_t conn_capacity;
    struct hub_board **boards; /* sorted by id */
    size_t board_count;
    size_t board_capacity;
    size_t dirty_count;
    size_t reload_count;
    struct hub_conn **dead;
    size_t dead_count;
    size_t dead_capacity;
    int accept_paused;
    int64_t accept_resume_at;
    int64_t warned_at;
    unsigned long warn_suppressed;
    unsigned char reply[HUB_REPLY_MAX];
};

/* Tag of the listening socket in epoll; connections carry their own. */
static int hub_listen_tag;

static int64_t
hub_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Log why a client was dropped, at most once per interval, because a
 * broken client that reconnects in a loop must not fill the log. */
static void
hub_warn_client(struct hub_server *hub, const struct hub_conn *conn,
                const char *why)
{
    int64_t now = hub_now_ms();

    if (hub->warned_at != 0 && now - hub->warned_at < HUB_WARN_INTERVAL_MS) {
        hub->warn_suppressed++;
        return;
    }
    log_warn("hub: session %u (account %s) disconnected: %s; %lu similar "
             "message(s) skipped",
             conn->session, conn->hello ? conn->account : "-", why,
             hub->warn_suppressed);
    hub->warned_at = now;
    hub->warn_suppressed = 0;
}

/* Index of the first board whose id is >= id. */
static size_t
hub_board_position(const struct hub_server *hub, int64_t id)
{
    size_t low = 0;
    size_t high = hub->board_count;

    while (low < high) {
        size_t middle = low + (high - low) / 2;

        if (hub->boards[middle]->id < id) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low;
}

static struct hub_board *
hub_board_find(const struct hub_server *hub, int64_t id)
{
    size_t at = hub_board_position(hub, id);

    if (at < hub->board_count && hub->boards[at]->id == id) {
        return hub->boards[at];
    }
    return NULL;
}

static struct hub_board *
hub_board_get(struct hub_server *hub, int64_t id)
{
    size_t at = hub_board_position(hub, id);
    struct hub_board *board;

    if (at < hub->board_count && hub->boards[at]->id == id) {
        return hub->boards[at];
    }
    if (hub->board_count == hub->board_capacity) {
        hub->board_capacity = hub->board_capacity * 2 + 16;
        hub->boards =
            xrealloc(hub->boards, hub->board_capacity * sizeof *hub->boards);
    }
    memmove(&hub->boards[at + 1], &hub->boards[at],
            (hub->board_count - at) * sizeof *hub->boards);
    board = xcalloc(1, sizeof *board);
    board->id = id;
    hub->boards[at] = board;
    hub->board_count++;
    return board;
}

static void
hub_board_mark(struct hub_server *hub, struct hub_board *board)
{
    if (!board->dirty) {
        board->dirty = 1;
        hub->dirty_count++;
    }
}

/* Free the boards that nobody watches any more. This waits for the end of
 * a run, so that the loops sending to a board never see it freed. */
static void
hub_boards_release(struct hub_server *hub)
{
    size_t kept = 0;
    size_t b;

    for (b = 0; b < hub->board_count; b++) {
        struct hub_board *board = hub->boards[b];

        if (board->count > 0) {
            hub->boards[kept++] = board;
            continue;
        }
        if (board->dirty) {
            hub->dirty_count--;
        }
        free(board->watchers);
        free(board);
    }
    hub->board_count = kept;
}

/* The least used colour among the watchers, the lowest on a tie. */
static int
hub_board_colour(const struct hub_board *board)
{
    size_t uses[HUB_COLOURS] = {0};
    int best = 0;
    size_t i;
    int c;

    for (i = 0; i < board->count; i++) {
        uses[board->watchers[i]->colour]++;
    }
    for (c = 1; c < HUB_COLOURS; c++) {
        if (uses[c] < uses[best]) {
            best = c;
        }
    }
    return best;
}

static void
hub_board_join(struct hub_server *hub, struct hub_conn *conn, int64_t id)
{
    struct hub_board *board = hub_board_get(hub, id);

    conn->colour = hub_board_colour(board);
    if (board->count == board->capacity) {
        board->capacity = board->capacity * 2 + 8;
        board->watchers = xrealloc(board->watchers,
                                   board->capacity * sizeof *board->watchers);
    }
    board->watchers[board->count++] = conn;
    conn->board = board;
    hub_board_mark(hub, board);
}

/* Leave the watched dashboard, keeping the join order of the others. */
static void
hub_board_leave(struct hub_server *hub, struct hub_conn *conn)
{
    struct hub_board *board = conn->board;
    size_t i;

    if (board == NULL) {
        return;
    }
    for (i = 0; i < board->count && board->watchers[i] != conn; i++) {
        continue;
    }
    TERRISH_ASSERT(i < board->count);
    memmove(&board->watchers[i], &board->watchers[i + 1],
            (board->count - i - 1) * sizeof *board->watchers);
    board->count--;
    conn->board = NULL;
    conn->widget = 0;
    hub_board_mark(hub, board);
}

static void
hub_conn_peer(const struct hub_conn *conn, struct hub_peer *peer)
{
    memset(peer, 0, sizeof *peer);
    peer->session = conn->session;
    snprintf(peer->account, sizeof peer->account, "%s", conn->account);
    peer->colour = conn->colour;
    peer->widget_id = conn->widget;
}

/* Change the epoll interest of a connection: EPOLLOUT while it owes a
 * reload, so that the hub learns when its socket has room again. */
static void
hub_conn_interest(struct hub_server *hub, struct hub_conn *conn)
{
    struct epoll_event event;

    memset(&event, 0, sizeof event);
    event.events = EPOLLIN | (conn->reload ? EPOLLOUT : 0);
    event.data.ptr = conn;
    if (epoll_ctl(hub->epoll_fd, EPOLL_CTL_MOD, conn->fd, &event) != 0) {
        log_error("hub: epoll_ctl failed for session %u: %s", conn->session,
                  strerror(errno));
    }
}

/* Disconnect a client. Its memory stays until the end of the run, because
 * events of the same batch may still point to it. */
static void
hub_conn_drop(struct hub_server *hub, struct hub_conn *conn)
{
    struct hub_conn *last;

    if (conn->dead) {
        return;
    }
    hub_board_leave(hub, conn);
    if (conn->reload) {
        hub->reload_count--;
    }
    /* Removing it first matters: a forked process may still hold a copy
     * of the descriptor, which would keep it registered. */
    epoll_ctl(hub->epoll_fd, EPOLL_CTL_DEL, conn->fd, NULL);
    close(conn->fd);
    conn->fd = -1;
    conn->dead = 1;

    last = hub->conns[--hub->conn_count];
    hub->conns[conn->index] = last;
    last->index = conn->index;
    if (hub->dead_count == hub->dead_capacity) {
        hub->dead_capacity = hub->dead_capacity * 2 + 16;
        hub->dead = xrealloc(hub->dead, hub->dead_capacity * sizeof *hub->dead);
    }
    hub->dead[hub->dead_count++] = conn;
    if (hub->accept_paused) {
        hub->accept_resume_at = 0;
    }
}

/* Mark a client that could not take a message: it owes a reload. */
static void
hub_conn_lagging(struct hub_server *hub, struct hub_conn *conn)
{
    if (conn->reload) {
        return;
    }
    conn->reload = 1;
    conn->reload_since = hub_now_ms();
    hub->reload_count++;
    hub_conn_interest(hub, conn);
    log_debug("%s: session %u (account %s) lags behind: reload owed", __func__,
              conn->session, conn->account);
}

/*
 * Send one message without blocking. Returns 0 when sent, 1 when the
 * socket was full, -1 when the client was dropped.
 */
static int
hub_conn_write(struct hub_server *hub, struct hub_conn *conn, const void *data,
               size_t len)
{
    ssize_t n;

    if (conn->dead) {
        return -1;
    }
    do {
        n = send(conn->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n == (ssize_t)len) {
        return 0;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return 1;
    }
    log_debug("%s: session %u: send failed: %s", __func__, conn->session,
              n < 0 ? strerror(errno) : "short write");
    hub_conn_drop(hub, conn);
    return -1;
}

/* Send a message that the client may miss: when its socket is full, the
 * message is dropped and the client is marked for reload. */
static void
hub_conn_send(struct hub_server *hub, struct hub_conn *conn, const void *data,
              size_t len)
{
    if (conn->dead || conn->reload) {
        return;
    }
    if (hub_conn_write(hub, conn, data, len) == 1) {
        hub_conn_lagging(hub, conn);
    }
}

static size_t
hub_encode_presence(struct hub_server *hub, const struct hub_board *board)
{
    struct hub_writer w = {hub->reply, sizeof hub->reply, 0, 0};
    size_t count = board->count < HUB_PEERS_MAX ? board->count : HUB_PEERS_MAX;
    struct hub_peer peer;
    size_t i;

    hub_put_uint(&w, HUB_MSG_PRESENCE, 1);
    hub_put_uint(&w, (uint64_t)board->id, 8);
    hub_put_uint(&w, count, 2);
    for (i = 0; i < count; i++) {
        hub_conn_peer(board->watchers[i], &peer);
        hub_put_peer(&w, &peer);
    }
    TERRISH_ASSERT(!w.overflow);
    return w.used;
}

/* Send a message to every watcher of a board but one (except may be
 * NULL). A watcher dropped on the way leaves the board, and the next one
 * then takes its index. */
static void
hub_board_send(struct hub_server *hub, struct hub_board *board,
               const struct hub_conn *except, const void *data, size_t len)
{
    size_t i = 0;

    while (i < board->count) {
        struct hub_conn *watcher = board->watchers[i];

        if (watcher != except) {
            hub_conn_send(hub, watcher, data, len);
        }
        if (!watcher->dead) {
            i++;
        }
    }
}

/* Send PRESENCE of every dashboard whose watchers changed in this run. */
static void
hub_flush_presence(struct hub_server *hub)
{
    int rounds;
    size_t b;

    /* A send that fails drops its client and marks the board again, so
     * repeat, a few times at most: the next run sends what is left. */
    for (rounds = 0; rounds < 4 && hub->dirty_count > 0; rounds++) {
        for (b = 0; b < hub->board_count; b++) {
            struct hub_board *board = hub->boards[b];
            size_t len;

            if (!board->dirty) {
                continue;
            }
            board->dirty = 0;
            hub->dirty_count--;
            len = hub_encode_presence(hub, board);
            hub_board_send(hub, board, NULL, hub->reply, len);
        }
    }
}

/* Try to send what a lagging client owes: RELOAD, a dropped TAKEN, and
 * the current PRESENCE. Returns 1 when all of it went out. */
static int
hub_conn_catch_up(struct hub_server *hub, struct hub_conn *conn)
{
    struct hub_writer w = {hub->reply, sizeof hub->reply, 0, 0};

    if (conn->board != NULL) {
        hub_put_uint(&w, HUB_MSG_RELOAD, 1);
        hub_put_uint(&w, (uint64_t)conn->board->id, 8);
        if (hub_conn_write(hub, conn, w.data, w.used) != 0) {
            return 0;
        }
    }
    if (conn->topics & HUB_TOPIC_DASHBOARDS) {
        w.used = 0;
        hub_put_uint(&w, HUB_MSG_LISTED, 1);
        hub_put_uint(&w, 0, 8);
        hub_put_uint(&w, (uint64_t)(int64_t)-1, 8);
        if (hub_conn_write(hub, conn, w.data, w.used) != 0) {
            return 0;
        }
    }
    if (conn->topics & HUB_TOPIC_STRATEGIES) {
        w.used = 0;
        hub_put_uint(&w, HUB_MSG_STRATEGY_CHANGED, 1);
        hub_put_uint(&w, 0, 8);
        if (hub_conn_write(hub, conn, w.data, w.used) != 0) {
            return 0;
        }
    }
    if (conn->taken_pending) {
        w.used = 0;
        hub_put_uint(&w, HUB_MSG_TAKEN, 1);
        hub_put_uint(&w, (uint64_t)conn->taken_board, 8);
        hub_put_peer(&w, &conn->taker);
        if (hub_conn_write(hub, conn, w.data, w.used) != 0) {
            return 0;
        }
        conn->taken_pending = 0;
    }
    if (conn->board != NULL) {
        size_t len = hub_encode_presence(hub, conn->board);

        if (hub_conn_write(hub, conn, hub->reply, len) != 0) {
            return 0;
        }
    }
    conn->reload = 0;
    hub->reload_count--;
    hub_conn_interest(hub, conn);
    log_debug("%s: session %u caught up", __func__, conn->session);
    return 1;
}

/* Drop the lagging clients that did not make room in time. */
static void
hub_drop_stalled(struct hub_server *hub)
{
    int64_t now = hub_now_ms();
    size_t i = 0;

    while (hub->reload_count > 0 && i < hub->conn_count) {
        struct hub_conn *conn = hub->conns[i];

        if (conn->reload && now - conn->reload_since > HUB_STALL_MS) {
            hub_warn_client(hub, conn, "it did not read its messages");
            hub_conn_drop(hub, conn);
            continue; /* the last connection moved to index i */
        }
        i++;
    }
}

static void
hub_on_hello(struct hub_server *hub, struct hub_conn *conn,
             struct hub_reader *r)
{
    struct hub_writer w = {hub->reply, sizeof hub->reply, 0, 0};
    unsigned int protocol = (unsigned int)hub_get_uint(r, 2);
    size_t len = (size_t)hub_get_uint(r, 1);

    if (r->failed || r->size - r->used != len ||
        !hub_account_valid((const char *)r->data + r->used, len)) {
        r->failed = 1;
        return;
    }
    memcpy(conn->account, r->data + r->used, len);
    conn->account[len] = '\0';
    r->used += len;
    conn->hello = 1;

    hub_put_uint(&w, HUB_MSG_WELCOME, 1);
    hub_put_uint(&w, HUB_PROTOCOL, 2);
    hub_put_uint(&w, protocol == HUB_PROTOCOL ? conn->session : 0, 4);
    if (hub_conn_write(hub, conn, w.data, w.used) != 0) {
        hub_conn_drop(hub, conn);
        return;
    }
    if (protocol != HUB_PROTOCOL) {
        log_warn("hub: account %s speaks protocol %u, this hub %d: "
                 "disconnected, so that application works without the hub",
                 conn->account, protocol, HUB_PROTOCOL);
        hub_conn_drop(hub, conn);
        return;
    }
    log_debug("%s: session %u connected as %s", __func__, conn->session,
              conn->account);
}

static void
hub_on_watch(struct hub_server *hub, struct hub_conn *conn, int64_t id)
{
    if (conn->board != NULL && conn->board->id == id) {
        return;
    }
    hub_board_leave(hub, conn);
    conn->widget = 0;
    if (id != 0) {
        hub_board_join(hub, conn, id);
    }
}

/* Send a message to every follower of topic but one (except). A
 * follower dropped on the way leaves hub->conns, and the last one then
 * takes its index. */
static void
hub_topic_send(struct hub_server *hub, unsigned int topic,
               const struct hub_conn *except, const void *data, size_t len)
{
    size_t i = 0;

    while (i < hub->conn_count) {
        struct hub_conn *follower = hub->conns[i];

        if (follower != except && (follower->topics & topic)) {
            hub_conn_send(hub, follower, data, len);
        }
        if (!follower->dead) {
            i++;
        }
    }
}

static void
hub_on_change(struct hub_server *hub, struct hub_conn *conn, int64_t id,
              int64_t version)
{
    struct hub_writer w = {hub->reply, sizeof hub->reply, 0, 0};
    struct hub_board *board = hub_board_find(hub, id);

    if (board != NULL) {
        hub_put_uint(&w, HUB_MSG_CHANGED, 1);
        hub_put_uint(&w, (uint64_t)id, 8);
        hub_put_uint(&w, (uint64_t)version, 8);
        hub_put_uint(&w, conn->session, 4);
        hub_board_send(hub, board, conn, w.data, w.used);
    }
    w.used = 0;
    hub_put_uint(&w, HUB_MSG_LISTED, 1);
    hub_put_uint(&w, (uint64_t)id, 8);
    hub_put_uint(&w, (uint64_t)version, 8);
    hub_topic_send(hub, HUB_TOPIC_DASHBOARDS, conn, w.data, w.used);
}

static void
hub_on_strategy(struct hub_server *hub, struct hub_conn *conn, int64_t id)
{
    struct hub_writer w = {hub->reply, sizeof hub->reply, 0, 0};

    hub_put_uint(&w, HUB_MSG_STRATEGY_CHANGED, 1);
    hub_put_uint(&w, (uint64_t)id, 8);
    hub_topic_send(hub, HUB_TOPIC_STRATEGIES, conn, w.data, w.used);
}

/* Tell a watcher that conn took its widget over. */
static void
hub_send_taken(struct hub_server *hub, struct hub_conn *from,
               struct hub_conn *to)
{
    struct hub_writer w = {hub->reply, sizeof hub->reply, 0, 0};
    struct hub_peer taker;

    hub_conn_peer(from, &taker);
    if (to->reload) {
        to->taken_pending = 1;
        to->taker = taker;
        to->taken_board = from->board->id;
        return;
    }
    hub_put_uint(&w, HUB_MSG_TAKEN, 1);
    hub_put_uint(&w, (uint64_t)from->board->id, 8);
    hub_put_peer(&w, &taker);
    if (hub_conn_write(hub, to, w.data, w.used) == 1) {
        to->taken_pending = 1;
        to->taker = taker;
        to->taken_board = from->board->id;
        hub_conn_lagging(hub, to);
    }
}

static void
hub_on_edit(struct hub_server *hub, struct hub_conn *conn, int64_t widget,
            int take)
{
    struct hub_board *board = conn->board;
    size_t i;

    if (conn->widget == widget && !take) {
        return;
    }
    conn->widget = widget;
    if (board == NULL) {
        return;
    }
    hub_board_mark(hub, board);
    if (widget == 0 || !take) {
        return;
    }
    i = 0;
    while (i < board->count) {
        struct hub_conn *other = board->watchers[i];

        if (other != conn && other->widget == widget) {
            other->widget = 0;
            log_debug("%s: session %u took widget %lld from session %u",
                      __func__, conn->session, (long long)widget,
                      other->session);
            hub_send_taken(hub, conn, other);
        }
        if (!other->dead) {
            i++;
        }
    }
}

/* Decode and apply one message. Returns -1 when it is invalid. */
static int
hub_conn_handle(struct hub_server *hub, struct hub_conn *conn,
                const unsigned char *data, size_t len)
{
    struct hub_reader r = {data, len, 0, 0};
    int type = (int)hub_get_uint(&r, 1);
    int64_t a;
    int64_t b;

    if (r.failed) {
        return -1;
    }
    if (!conn->hello) {
        if (type != HUB_MSG_HELLO) {
            return -1;
        }
        hub_on_hello(hub, conn, &r);
        return r.failed ? -1 : 0;
    }
    switch (type) {
    case HUB_MSG_WATCH:
        a = hub_get_i64(&r);
        if (r.failed || r.used != len || a < 0) {
            return -1;
        }
        hub_on_watch(hub, conn, a);
        return 0;
    case HUB_MSG_CHANGE:
        a = hub_get_i64(&r);
        b = hub_get_i64(&r);
        if (r.failed || r.used != len || a <= 0 || b < 0) {
            return -1;
        }
        hub_on_change(hub, conn, a, b);
        return 0;
    case HUB_MSG_EDIT:
        a = hub_get_i64(&r);
        b = (int64_t)hub_get_uint(&r, 1);
        if (r.failed || r.used != len || a < 0 || b > 1) {
            return -1;
        }
        hub_on_edit(hub, conn, a, (int)b);
        return 0;
    case HUB_MSG_FOLLOW:
        a = (int64_t)hub_get_uint(&r, 1);
        if (r.failed || r.used != len || (a & ~(int64_t)HUB_TOPICS_ALL) != 0) {
            return -1;
        }
        conn->topics = (unsigned int)a;
        return 0;
    case HUB_MSG_STRATEGY:
        a = hub_get_i64(&r);
        if (r.failed || r.used != len || a <= 0) {
            return -1;
        }
        hub_on_strategy(hub, conn, a);
        return 0;
    default:
        return -1;
    }
}

/* Read the messages waiting on one connection, a bounded number. */
static void
hub_conn_read(struct hub_server *hub, struct hub_conn *conn)
{
    unsigned char buffer[HUB_REQUEST_MAX];
    struct iovec iov = {buffer, sizeof buffer};
    struct msghdr msg;
    ssize_t n;
    int i;

    for (i = 0; i < HUB_READS_PER_CLIENT && !conn->dead; i++) {
        memset(&msg, 0, sizeof msg);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        n = recvmsg(conn->fd, &msg, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n <= 0) {
            log_debug("%s: session %u closed: %s", __func__, conn->session,
                      n == 0 ? "end of file" : strerror(errno));
            hub_conn_drop(hub, conn);
            return;
        }
        if (msg.msg_flags & MSG_TRUNC) {
            hub_warn_client(hub, conn, "message too long");
            hub_conn_drop(hub, conn);
            return;
        }
        if (hub_conn_handle(hub, conn, buffer, (size_t)n) != 0) {
            hub_warn_client(hub, conn, "invalid message");
            hub_conn_drop(hub, conn);
            return;
        }
    }
}

static void
hub_accept_pause(struct hub_server *hub, int paused)
{
    struct epoll_event event;

    memset(&event, 0, sizeof event);
    event.events = paused ? 0 : EPOLLIN;
    event.data.ptr = &hub_listen_tag;
    epoll_ctl(hub->epoll_fd, EPOLL_CTL_MOD, hub->listen_fd, &event);
    hub->accept_paused = paused;
    hub->accept_resume_at = hub_now_ms() + HUB_ACCEPT_PAUSE_MS;
}

static void
hub_conn_add(struct hub_server *hub, int fd)
{
    struct hub_conn *conn = xcalloc(1, sizeof *conn);
    struct epoll_event event;

    conn->fd = fd;
    conn->session = hub->next_session++;
    if (hub->next_session == 0) {
        hub->next_session = 1;
    }
    memset(&event, 0, sizeof event);
    event.events = EPOLLIN;
    event.data.ptr = conn;
    if (epoll_ctl(hub->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
        log_error("hub: epoll_ctl failed: %s", strerror(errno));
        close(fd);
        free(conn);
        return;
    }
    if (hub->conn_count == hub->conn_capacity) {
        hub->conn_capacity = hub->conn_capacity * 2 + 64;
        hub->conns =
            xrealloc(hub->conns, hub->conn_capacity * sizeof *hub->conns);
    }
    conn->index = hub->conn_count;
    hub->conns[hub->conn_count++] = conn;
}

static void
hub_accept(struct hub_server *hub)
{
    int fd;
    int i;

    for (i = 0; i < HUB_ACCEPTS_PER_RUN; i++) {
        fd = accept4(hub->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            hub_conn_add(hub, fd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED) {
            continue;
        }
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
            errno == ENOMEM) {
            /* The socket stays readable: stop polling it for a while
             * rather than spin. */
            log_error("hub: accept failed: %s; %zu clients connected; "
                      "retrying in %d ms",
                      strerror(errno), hub->conn_count, HUB_ACCEPT_PAUSE_MS);
            hub_accept_pause(hub, 1);
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            log_error("hub: accept failed: %s", strerror(errno));
        }
        return;
    }
}

/* Check a path that exists before binding: a socket nobody listens on is
 * left from a crashed server and is removed; anything else is an error. */
static int
hub_clear_stale(const char *path, const struct sockaddr_un *address,
                char **error)
{
    struct stat st;
    int fd;
    int rc;

    if (lstat(path, &st) != 0) {
        return 0;
    }
    if (!S_ISSOCK(st.st_mode)) {
        *error = xasprintf("%s exists and is not a socket: remove it or "
                           "choose another hub socket path",
                           path);
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = xasprintf("cannot create a socket: %s", strerror(errno));
        return -1;
    }
    rc = connect(fd, (const struct sockaddr *)address, sizeof *address);
    if (rc == 0 || errno == EAGAIN) {
        close(fd);
        *error = xasprintf("another server's hub is running on %s: stop "
                           "that server or choose another hub socket path",
                           path);
        return -1;
    }
    close(fd);
    if (errno != ECONNREFUSED) {
        *error = xasprintf("cannot check the existing socket %s: %s", path,
                           strerror(errno));
        return -1;
    }
    log_info("hub: removing the stale socket %s", path);
    if (unlink(path) != 0 && errno != ENOENT) {
        *error = xasprintf("cannot remove the stale socket %s: %s", path,
                           strerror(errno));
        return -1;
    }
    return 0;
}

/* Create, bind (mode 0600) and listen on the socket. Returns its fd. */
static int
hub_listen(const char *path, char **error)
{
    struct sockaddr_un address;
    mode_t old_mask;
    int fd;
    int rc;

    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) {
        *error = xasprintf("hub socket path %s is %zu bytes long, but a Unix "
                           "socket path takes at most %zu",
                           path, strlen(path), sizeof address.sun_path - 1);
        return -1;
    }
    memcpy(address.sun_path, path, strlen(path) + 1);
    if (hub_clear_stale(path, &address, error) != 0) {
        return -1;
    }

    fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = xasprintf("cannot create a socket: %s", strerror(errno));
        return -1;
    }
    old_mask = umask(0177);
    rc = bind(fd, (const struct sockaddr *)&address, sizeof address);
    umask(old_mask);
    if (rc != 0) {
        *error = xasprintf("cannot bind the hub socket %s: %s", path,
                           strerror(errno));
        close(fd);
        return -1;
    }
    if (listen(fd, SOMAXCONN) != 0) {
        *error = xasprintf("cannot listen on the hub socket %s: %s", path,
                           strerror(errno));
        close(fd);
        unlink(path);
        return -1;
    }
    return fd;
}

struct hub_server *
hub_server_open(const char *path, char **error)
{
    struct hub_server *hub = NULL;
    struct epoll_event event;
    int fd;

    fd = hub_listen(path, error);
    if (fd < 0) {
        return NULL;
    }
    hub = xcalloc(1, sizeof *hub);
    hub->path = xstrdup(path);
    hub->owner = getpid();
    hub->listen_fd = fd;
    hub->next_session = 1;
    hub->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    memset(&event, 0, sizeof event);
    event.events = EPOLLIN;
    event.data.ptr = &hub_listen_tag;
    if (hub->epoll_fd < 0 ||
        epoll_ctl(hub->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
        *error =
            xasprintf("cannot create the hub's epoll set: %s", strerror(errno));
        hub_server_close(hub);
        return NULL;
    }
    log_info("hub: listening on %s (protocol %d)", path, HUB_PROTOCOL);
    return hub;
}

void
hub_server_close(struct hub_server *hub)
{
    int owner;
    size_t i;

    if (hub == NULL) {
        return;
    }
    owner = getpid() == hub->owner;
    for (i = 0; i < hub->conn_count; i++) {
        close(hub->conns[i]->fd);
        free(hub->conns[i]);
    }
    for (i = 0; i < hub->dead_count; i++) {
        free(hub->dead[i]);
    }
    for (i = 0; i < hub->board_count; i++) {
        free(hub->boards[i]->watchers);
        free(hub->boards[i]);
    }
    if (hub->epoll_fd >= 0) {
        close(hub->epoll_fd);
    }
    close(hub->listen_fd);
    if (owner) {
        unlink(hub->path);
        log_info("hub: closed %s", hub->path);
    }
    free(hub->conns);
    free(hub->dead);
    free(hub->boards);
    free(hub->path);
    free(hub);
}

size_t
hub_server_fds(const struct hub_server *hub, int *fds, size_t max)
{
    if (max > 0) {
        fds[0] = hub->epoll_fd;
    }
    return 1;
}

void
hub_server_run(struct hub_server *hub)
{
    struct epoll_event events[HUB_EVENTS_PER_RUN];
    int count;
    int i;

    if (hub->accept_paused && hub_now_ms() >= hub->accept_resume_at) {
        hub_accept_pause(hub, 0);
    }
    do {
        count = epoll_wait(hub->epoll_fd, events, HUB_EVENTS_PER_RUN, 0);
    } while (count < 0 && errno == EINTR);
    for (i = 0; i < count; i++) {
        struct hub_conn *conn = events[i].data.ptr;

        if (events[i].data.ptr == &hub_listen_tag) {
            hub_accept(hub);
            continue;
        }
        if (conn->dead) {
            continue;
        }
        if ((events[i].events & EPOLLOUT) && conn->reload) {
            hub_conn_catch_up(hub, conn);
        }
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            hub_conn_read(hub, conn);
        }
    }
    if (hub->reload_count > 0) {
        hub_drop_stalled(hub);
    }
    hub_flush_presence(hub);
    hub_boards_release(hub);
    for (i = 0; i < (int)hub->dead_count; i++) {
        free(hub->dead[i]);
    }
    hub->dead_count = 0;
}
