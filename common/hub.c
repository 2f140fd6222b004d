/*
 * terrish: the application's side of the notification hub (common/hub.h;
 * the protocol is described in server/hub.c).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The socket is non-blocking, so the terminal application never waits on
 * the hub. A message that does not fit in the socket is not lost: what
 * the client has to tell the hub is state (the dashboard watched, the
 * widget edited, the last version committed per dashboard), kept here and
 * sent in order by the next call once there is room. The same state is
 * sent again after a reconnection.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"
#include "common/hub-wire.h"
#include "common/hub.h"

/* Delays between reconnection attempts: doubled from the first up to
 * the last while the hub stays away. */
#define HUB_RETRY_FIRST_MS 250
#define HUB_RETRY_MAX_MS 2000
/* Time connect(2) may retry while the hub's backlog is full. */
#define HUB_CONNECT_WAIT_MS 200
/* Messages handled per hub_read, so that a flood cannot hold the loop. */
#define HUB_READS_PER_CALL 1024

/* A change not yet sent: a dashboard's committed version (type
 * HUB_MSG_CHANGE), or a strategy (type HUB_MSG_STRATEGY, version 0). */
struct hub_change {
    int type;
    int64_t id;
    int64_t version;
};

struct hub_client {
    int fd; /* -1 while the hub is away */
    char *path;
    char account[HUB_ACCOUNT_MAX + 1];
    uint32_t self;
    int refused;      /* the hub speaks another protocol: give up */
    int reload_owed;  /* reconnected: report HUB_CHANGED -1 */
    int64_t retry_at; /* monotonic ms of the next reconnection */
    int retry_delay;
    int closed_logged;

    int64_t dashboard; /* watched, 0 for none */
    int64_t widget;    /* edited, 0 for none */
    int watch_pending; /* WATCH not sent yet */
    int edit_pending;  /* EDIT not sent yet */
    int edit_take;
    unsigned int topics;        /* HUB_TOPIC_* bits followed */
    int follow_pending;         /* FOLLOW not sent yet */
    struct hub_change *changes; /* not sent yet, one per object */
    size_t change_count;
    size_t change_capacity;

    struct hub_peer peers[HUB_PEERS_MAX];
    unsigned char buffer[HUB_REPLY_MAX];
};

static int64_t
hub_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connect a non-blocking socket to path. Returns it, or -1 with errno. */
static int
hub_socket_connect(const char *path)
{
    struct sockaddr_un address;
    struct timespec pause = {0, 2 * 1000 * 1000};
    int waited = 0;
    int saved;
    int fd;

    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(address.sun_path, path, strlen(path) + 1);
    fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    /* A Unix socket connects at once or fails with EAGAIN while the
     * listener's backlog is full: retry for a moment. */
    while (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN || waited >= HUB_CONNECT_WAIT_MS) {
            saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        nanosleep(&pause, NULL);
        waited += 2;
    }
    return fd;
}

/* Send one message. Returns 0, 1 when the socket is full, -1 on error. */
static int
hub_client_write(struct hub_client *client, const struct hub_writer *w)
{
    ssize_t n;

    do {
        n = send(client->fd, w->data, w->used, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n == (ssize_t)w->used) {
        return 0;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return 1;
    }
    return -1;
}

/* The hub went away: close the socket and plan a reconnection. */
static void
hub_client_lost(struct hub_client *client, const char *why)
{
    if (client->fd >= 0) {
        close(client->fd);
        client->fd = -1;
    }
    if (client->refused) {
        return;
    }
    if (!client->closed_logged) {
        log_info("hub %s closed (%s); reconnecting", client->path, why);
        client->closed_logged = 1;
    }
    client->self = 0;
    client->retry_at = hub_now_ms();
    client->retry_delay = HUB_RETRY_FIRST_MS;
    if (client->dashboard != 0) {
        client->watch_pending = 1;
    }
    if (client->widget != 0) {
        client->edit_pending = 1;
    }
    if (client->topics != 0) {
        client->follow_pending = 1;
    }
}

/*
 * Send the state waiting to go out, in the order the hub must see it:
 * the watch, then the topics followed, then the edit (which applies to
 * the watched dashboard), then the changes. Returns 0 (some may still wait for
 * room), -1 when the hub went away.
 */
static int
hub_client_flush(struct hub_client *client)
{
    unsigned char data[32];
    struct hub_writer w = {data, sizeof data, 0, 0};
    int rc;

    if (client->fd < 0) {
        return -1;
    }
    if (client->watch_pending) {
        hub_put_uint(&w, HUB_MSG_WATCH, 1);
        hub_put_uint(&w, (uint64_t)client->dashboard, 8);
        rc = hub_client_write(client, &w);
        if (rc != 0) {
            goto out;
        }
        client->watch_pending = 0;
    }
    if (client->follow_pending) {
        w.used = 0;
        hub_put_uint(&w, HUB_MSG_FOLLOW, 1);
        hub_put_uint(&w, client->topics, 1);
        rc = hub_client_write(client, &w);
        if (rc != 0) {
            goto out;
        }
        client->follow_pending = 0;
    }
    if (client->edit_pending) {
        w.used = 0;
        hub_put_uint(&w, HUB_MSG_EDIT, 1);
        hub_put_uint(&w, (uint64_t)client->widget, 8);
        hub_put_uint(&w, (uint64_t)client->edit_take, 1);
        rc = hub_client_write(client, &w);
        if (rc != 0) {
            goto out;
        }
        client->edit_pending = 0;
        client->edit_take = 0;
    }
    while (client->change_count > 0) {
        w.used = 0;
        hub_put_uint(&w, (uint64_t)client->changes[0].type, 1);
        hub_put_uint(&w, (uint64_t)client->changes[0].id, 8);
        if (client->changes[0].type == HUB_MSG_CHANGE) {
            hub_put_uint(&w, (uint64_t)client->changes[0].version, 8);
        }
        rc = hub_client_write(client, &w);
        if (rc != 0) {
            goto out;
        }
        client->change_count--;
        memmove(&client->changes[0], &client->changes[1],
                client->change_count * sizeof *client->changes);
    }
    rc = 0;
out:
    if (rc < 0) {
        hub_client_lost(client, strerror(errno));
        return -1;
    }
    return 0;
}

/* Open the socket and send HELLO. Returns 0, or -1 with errno set. */
static int
hub_client_open(struct hub_client *client)
{
    unsigned char data[HUB_REQUEST_MAX];
    struct hub_writer w = {data, sizeof data, 0, 0};
    size_t len = strlen(client->account);
    int saved;

    client->fd = hub_socket_connect(client->path);
    if (client->fd < 0) {
        return -1;
    }
    hub_put_uint(&w, HUB_MSG_HELLO, 1);
    hub_put_uint(&w, HUB_PROTOCOL, 2);
    hub_put_uint(&w, len, 1);
    hub_put_bytes(&w, client->account, len);
    if (hub_client_write(client, &w) != 0) {
        saved = errno;
        close(client->fd);
        client->fd = -1;
        errno = saved;
        return -1;
    }
    return 0;
}

struct hub_client *
hub_connect(const char *path, const char *account, char **error)
{
    struct hub_client *client = NULL;

    if (!hub_account_valid(account, strlen(account))) {
        *error = xasprintf("invalid account name for the hub: 1 to %zu "
                           "bytes of UTF-8 without control characters",
                           HUB_ACCOUNT_MAX);
        return NULL;
    }
    client = xcalloc(1, sizeof *client);
    client->path = xstrdup(path);
    snprintf(client->account, sizeof client->account, "%s", account);
    if (hub_client_open(client) != 0) {
        *error = xasprintf("cannot connect to the hub at %s: %s", path,
                           strerror(errno));
        free(client->path);
        free(client);
        return NULL;
    }
    return client;
}

void
hub_close(struct hub_client *client)
{
    if (client == NULL) {
        return;
    }
    if (client->fd >= 0) {
        close(client->fd);
    }
    free(client->changes);
    free(client->path);
    free(client);
}

int
hub_fd(const struct hub_client *client)
{
    return client->fd;
}

/* Send what waits, unless the hub is away (it goes after reconnecting). */
static int
hub_client_kick(struct hub_client *client)
{
    if (client->fd >= 0) {
        hub_client_flush(client);
    }
    return 0;
}

int
hub_watch(struct hub_client *client, int64_t dashboard_id)
{
    if (dashboard_id < 0) {
        return -1;
    }
    if (dashboard_id == client->dashboard && !client->watch_pending) {
        return 0;
    }
    /* The hub resets the edited widget to none when the dashboard
     * changes. */
    client->dashboard = dashboard_id;
    client->widget = 0;
    client->edit_pending = 0;
    client->edit_take = 0;
    client->watch_pending = 1;
    return hub_client_kick(client);
}

/* Queue a change of type for id, or raise the version of the one that
 * waits for the same object, then try to send. */
static int
hub_client_queue(struct hub_client *client, int type, int64_t id,
                 int64_t version)
{
    size_t i;

    /* The receivers read what changed from the store, so the last version
     * of an object is all that a message waiting for room has to carry. */
    for (i = 0; i < client->change_count; i++) {
        if (client->changes[i].type == type && client->changes[i].id == id) {
            if (version > client->changes[i].version) {
                client->changes[i].version = version;
            }
            return hub_client_kick(client);
        }
    }
    if (client->change_count == HUB_PENDING_MAX) {
        log_warn("hub %s: %d changes wait for room: dropping the oldest, "
                 "of %s %lld",
                 client->path, HUB_PENDING_MAX,
                 client->changes[0].type == HUB_MSG_CHANGE ? "dashboard"
                                                           : "strategy",
                 (long long)client->changes[0].id);
        client->change_count--;
        memmove(&client->changes[0], &client->changes[1],
                client->change_count * sizeof *client->changes);
    }
    if (client->change_count == client->change_capacity) {
        client->change_capacity = client->change_capacity * 2 + 4;
        client->changes = xrealloc(
            client->changes, client->change_capacity * sizeof *client->changes);
    }
    client->changes[client->change_count].type = type;
    client->changes[client->change_count].id = id;
    client->changes[client->change_count].version = version;
    client->change_count++;
    return hub_client_kick(client);
}

int
hub_changed(struct hub_client *client, int64_t dashboard_id, int64_t version)
{
    if (dashboard_id <= 0 || version < 0) {
        return -1;
    }
    return hub_client_queue(client, HUB_MSG_CHANGE, dashboard_id, version);
}

int
hub_strategy_changed(struct hub_client *client, int64_t strategy_id)
{
    if (strategy_id <= 0) {
        return -1;
    }
    return hub_client_queue(client, HUB_MSG_STRATEGY, strategy_id, 0);
}

int
hub_follow(struct hub_client *client, unsigned int topics)
{
    if ((topics & ~HUB_TOPICS_ALL) != 0) {
        return -1;
    }
    if (topics == client->topics && !client->follow_pending) {
        return 0;
    }
    client->topics = topics;
    client->follow_pending = 1;
    return hub_client_kick(client);
}

int
hub_editing(struct hub_client *client, int64_t widget_id, int take)
{
    if (widget_id < 0) {
        return -1;
    }
    if (widget_id != client->widget) {
        client->edit_take = 0;
    }
    client->widget = widget_id;
    client->edit_take |= take != 0 && widget_id != 0;
    client->edit_pending = 1;
    return hub_client_kick(client);
}

/* Try to reconnect when the delay has passed. Returns 0 once connected. */
static int
hub_client_reconnect(struct hub_client *client)
{
    int64_t now = hub_now_ms();

    if (client->refused || now < client->retry_at) {
        return -1;
    }
    if (hub_client_open(client) != 0) {
        client->retry_at = now + client->retry_delay;
        client->retry_delay *= 2;
        if (client->retry_delay > HUB_RETRY_MAX_MS) {
            client->retry_delay = HUB_RETRY_MAX_MS;
        }
        return -1;
    }
    log_info("hub %s: reconnected", client->path);
    client->closed_logged = 0;
    client->reload_owed = client->dashboard != 0 || client->topics != 0;
    return 0;
}

static void
hub_event_init(const struct hub_client *client, struct hub_event *event,
               enum hub_event_type type, int64_t dashboard)
{
    memset(event, 0, sizeof *event);
    event->type = type;
    event->dashboard_id = dashboard;
    event->self = client->self;
}

/* WELCOME: the session number, or another protocol. Returns -1 when the
 * hub refused this client. */
static int
hub_on_welcome(struct hub_client *client, struct hub_reader *r, hub_event_fn fn,
               void *arg)
{
    unsigned int protocol = (unsigned int)hub_get_uint(r, 2);
    uint32_t session = (uint32_t)hub_get_uint(r, 4);
    struct hub_event event;

    if (r->failed || r->used != r->size) {
        return -1;
    }
    if (protocol != HUB_PROTOCOL || session == 0) {
        log_error("hub %s speaks protocol %u, this program %d: working "
                  "without the hub",
                  client->path, protocol, HUB_PROTOCOL);
        client->refused = 1;
        return -1;
    }
    client->self = session;
    if (!client->reload_owed) {
        return 0;
    }
    client->reload_owed = 0;
    if (client->dashboard != 0) {
        hub_event_init(client, &event, HUB_CHANGED, client->dashboard);
        event.version = -1;
        fn(&event, arg);
    }
    if (client->topics & HUB_TOPIC_DASHBOARDS) {
        hub_event_init(client, &event, HUB_DASHBOARD_LISTED, 0);
        event.version = -1;
        fn(&event, arg);
    }
    if (client->topics & HUB_TOPIC_STRATEGIES) {
        hub_event_init(client, &event, HUB_STRATEGY_CHANGED, 0);
        event.version = -1;
        fn(&event, arg);
    }
    return 0;
}

/* LISTED or STRATEGY_CHANGED: report it when the topic is still
 * followed. Returns -1 when it is malformed. */
static int
hub_on_topic(struct hub_client *client, struct hub_reader *r, int type,
             hub_event_fn fn, void *arg)
{
    struct hub_event event;
    int64_t id = hub_get_i64(r);

    if (type == HUB_MSG_LISTED) {
        hub_event_init(client, &event, HUB_DASHBOARD_LISTED, id);
        event.version = hub_get_i64(r);
    } else {
        hub_event_init(client, &event, HUB_STRATEGY_CHANGED, 0);
        event.strategy_id = id;
        event.version = id == 0 ? -1 : 0;
    }
    if (r->failed || r->used != r->size || id < 0) {
        return -1;
    }
    if ((type == HUB_MSG_LISTED && (client->topics & HUB_TOPIC_DASHBOARDS)) ||
        (type == HUB_MSG_STRATEGY_CHANGED &&
         (client->topics & HUB_TOPIC_STRATEGIES))) {
        fn(&event, arg);
    }
    return 0;
}

/* Decode one message from the hub and report it. Returns -1 when it is
 * malformed or the hub refused this client. */
static int
hub_client_dispatch(struct hub_client *client, const unsigned char *data,
                    size_t len, hub_event_fn fn, void *arg)
{
    struct hub_reader r = {data, len, 0, 0};
    int type = (int)hub_get_uint(&r, 1);
    struct hub_event event;
    size_t i;

    if (type == HUB_MSG_WELCOME) {
        return hub_on_welcome(client, &r, fn, arg);
    }
    if (type == HUB_MSG_LISTED || type == HUB_MSG_STRATEGY_CHANGED) {
        return hub_on_topic(client, &r, type, fn, arg);
    }
    hub_event_init(client, &event, HUB_CHANGED, hub_get_i64(&r));
    switch (type) {
    case HUB_MSG_CHANGED:
        event.version = hub_get_i64(&r);
        hub_get_uint(&r, 4); /* the sender's session */
        break;
    case HUB_MSG_RELOAD:
        event.version = -1;
        break;
    case HUB_MSG_PRESENCE:
        event.type = HUB_PRESENCE;
        event.peer_count = (size_t)hub_get_uint(&r, 2);
        if (event.peer_count > HUB_PEERS_MAX) {
            return -1;
        }
        for (i = 0; i < event.peer_count && !r.failed; i++) {
            hub_get_peer(&r, &client->peers[i]);
        }
        event.peers = client->peers;
        break;
    case HUB_MSG_TAKEN:
        event.type = HUB_TAKEN;
        hub_get_peer(&r, &client->peers[0]);
        event.peers = client->peers;
        event.peer_count = 1;
        break;
    default:
        return -1;
    }
    if (r.failed || r.used != len) {
        return -1;
    }
    if (event.type == HUB_TAKEN && event.dashboard_id == client->dashboard &&
        client->peers[0].widget_id == client->widget) {
        /* The hub no longer counts this session on the widget. */
        client->widget = 0;
        client->edit_pending = 0;
    }
    if (event.dashboard_id == 0 || event.dashboard_id != client->dashboard) {
        return 0; /* about a dashboard this session has left since */
    }
    fn(&event, arg);
    return 0;
}

int
hub_read(struct hub_client *client, hub_event_fn fn, void *arg)
{
    struct iovec iov = {client->buffer, sizeof client->buffer};
    struct msghdr msg;
    ssize_t n;
    int i;

    if (client->fd < 0 && hub_client_reconnect(client) != 0) {
        return -1;
    }
    if (hub_client_flush(client) != 0) {
        return -1;
    }
    for (i = 0; i < HUB_READS_PER_CALL; i++) {
        memset(&msg, 0, sizeof msg);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        n = recvmsg(client->fd, &msg, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return 0;
        }
        if (n <= 0) {
            hub_client_lost(client, n == 0 ? "end of file" : strerror(errno));
            return -1;
        }
        if ((msg.msg_flags & MSG_TRUNC) ||
            hub_client_dispatch(client, client->buffer, (size_t)n, fn, arg) !=
                0) {
            if (!client->refused) {
                log_warn("hub %s sent an invalid message: disconnecting",
                         client->path);
            }
            hub_client_lost(client, "invalid message");
            return -1;
        }
        /* A callback may have sent something; the socket may be gone. */
        if (client->fd < 0) {
            return -1;
        }
    }
    return 0;
}
