/*
 * terrish: the notification hub that tells the sessions showing a
 * dashboard or a strategy what the others changed, and who else is on a
 * dashboard.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The store stays the single truth: a session commits a change to SQLite,
 * then tells the hub the dashboard's new version; the hub forwards it to
 * the other sessions watching that dashboard, which read what changed from
 * the store's history. The hub runs in the listener process ("terrish
 * serve") on a Unix socket; each application process connects to it.
 * Messages carry no data but versions and presence, so a session that
 * misses some (or reconnects) loses nothing: it catches up from the
 * history.
 */
#ifndef TERRISH_COMMON_HUB_H
#define TERRISH_COMMON_HUB_H

#include <stddef.h>
#include <stdint.h>

/* Sessions watching one dashboard that the hub tracks, at most. */
#define HUB_PEERS_MAX 256

/* Topics a session may follow with hub_follow: every change of any
 * dashboard, or of any strategy, whether it watches it or not. The lists
 * of dashboards and strategies follow them to stay current. */
#define HUB_TOPIC_DASHBOARDS 1u
#define HUB_TOPIC_STRATEGIES 2u
#define HUB_TOPICS_ALL (HUB_TOPIC_DASHBOARDS | HUB_TOPIC_STRATEGIES)

/* Someone on the same dashboard. */
struct hub_peer {
    uint32_t session; /* unique per connection to the hub */
    char account[64];
    int colour;        /* 0 .. 7, stable while it watches the dashboard */
    int64_t widget_id; /* the widget it is editing, 0 for none */
};

enum hub_event_type {
    /* A session committed a change: version is the new one. Version -1
     * means that changes may have been missed (the hub came back, or
     * dropped messages this session read too slowly): reload everything
     * from the store. */
    HUB_CHANGED,
    /* Who watches the dashboard now (peers, self included, in the order
     * they joined, the first HUB_PEERS_MAX). Several peers may show the
     * same widget_id: the widget is locked for every one of them. */
    HUB_PRESENCE,
    /* A peer took over the widget this session was editing: the hub now
     * counts this session on no widget. peers is the taker, whose
     * widget_id is the widget. */
    HUB_TAKEN,
    /* With HUB_TOPIC_DASHBOARDS followed: another session changed the
     * dashboard dashboard_id (its content, name, rights, or removed it),
     * at version. Dashboard 0 with version -1 means that changes may have
     * been missed: read every dashboard shown again. */
    HUB_DASHBOARD_LISTED,
    /* With HUB_TOPIC_STRATEGIES followed: another session saved, renamed,
     * shared or removed the strategy strategy_id, or changed who may see
     * it. Strategy 0 means that changes may have been missed: read every
     * strategy shown again. */
    HUB_STRATEGY_CHANGED,
};

struct hub_event {
    enum hub_event_type type;
    int64_t dashboard_id;
    int64_t version;              /* HUB_CHANGED, HUB_DASHBOARD_LISTED */
    int64_t strategy_id;          /* HUB_STRATEGY_CHANGED */
    const struct hub_peer *peers; /* HUB_PRESENCE; HUB_TAKEN: the taker */
    size_t peer_count;
    uint32_t self; /* this session's number (0 at first) */
};

struct hub_client;

/*
 * Connect to the hub at path as account. Returns NULL with *error set
 * (the caller frees it) when there is no hub there: the application then
 * works alone, and sees others' changes only when it reloads.
 */
struct hub_client *hub_connect(const char *path, const char *account,
                               char **error);
void hub_close(struct hub_client *client);
/* The socket to poll for reading, or -1 while the hub is away. */
int hub_fd(const struct hub_client *client);

/*
 * The calls below never block and return 0, or -1 for a negative id (or
 * a dashboard 0 given to hub_changed, a strategy 0 given to
 * hub_strategy_changed, unknown topics given to hub_follow). A message
 * that does not fit in the socket, or that is given while the hub is
 * away, is kept (the last state of each kind, the last version per
 * dashboard, each strategy once) and sent by a later call, hub_read
 * included. At most HUB_PENDING_MAX changes wait so: past that, the
 * oldest is dropped with a warning in the log.
 */
#define HUB_PENDING_MAX 1024
/* Watch one dashboard (0 for none): its changes and presence arrive.
 * Watching another dashboard also stops editing. */
int hub_watch(struct hub_client *client, int64_t dashboard_id);
/* Tell the other watchers of a dashboard that version was committed. */
int hub_changed(struct hub_client *client, int64_t dashboard_id,
                int64_t version);
/* Say which widget of the watched dashboard this session edits (0 for
 * none). Without take, a widget that others edit stays theirs, and
 * presence shows everyone on it. With take set, this session takes it
 * over and each of them receives HUB_TAKEN. */
int hub_editing(struct hub_client *client, int64_t widget_id, int take);
/* Follow the topics (HUB_TOPIC_* bits, 0 for none): their events arrive
 * besides those of the watched dashboard. */
int hub_follow(struct hub_client *client, unsigned int topics);
/* Tell the followers of HUB_TOPIC_STRATEGIES that a strategy changed:
 * saved, renamed, shared, made public or private, or removed. */
int hub_strategy_changed(struct hub_client *client, int64_t strategy_id);

typedef void (*hub_event_fn)(const struct hub_event *event, void *arg);
/*
 * Send what earlier calls kept, then handle the messages waiting (at most
 * 1,024), calling fn for each event about the watched dashboard or the
 * topics followed. Returns 0, or -1 while the hub is away. Each call then
 * tries to reconnect, at most every 2 s, and once connected it watches
 * the same dashboard and follows the same topics again, and reports
 * HUB_CHANGED with version -1 and the topics' events of id 0. Call it
 * whenever hub_fd is readable and, for the reconnection, every few
 * hundred milliseconds.
 */
int hub_read(struct hub_client *client, hub_event_fn fn, void *arg);

/* The hub itself, in the listener (server/hub.c). */
struct hub_server;

/* Listen on a Unix socket at path, mode 0600. A socket file nobody
 * listens on (left by a crashed server) is replaced; a live one, or a
 * file of another type, is an error. */
struct hub_server *hub_server_open(const char *path, char **error);
/* Close the hub and remove its socket file. In a process forked from the
 * one that opened it, only close the inherited descriptors. */
void hub_server_close(struct hub_server *hub);
/* Store the descriptors to poll for reading, at most max; returns how
 * many there are, which may exceed max. */
size_t hub_server_fds(const struct hub_server *hub, int *fds, size_t max);
/* Accept, read and forward whatever is ready; never blocks. */
void hub_server_run(struct hub_server *hub);

#endif
