/*
 * terrish: the notification hub that tells the sessions showing a
 * dashboard what the others changed, and who else is there.
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

/* Someone on the same dashboard. */
struct hub_peer {
    uint32_t session;  /* unique per connection to the hub */
    char account[64];
    int colour;        /* 0 .. 7, stable for the session */
    int64_t widget_id; /* the widget it is editing, 0 for none */
};

enum hub_event_type {
    HUB_CHANGED,  /* a session committed a change: version is the new one */
    HUB_PRESENCE, /* who watches the dashboard now (peers, self included) */
    HUB_TAKEN,    /* peer took over the widget this session was editing */
};

struct hub_event {
    enum hub_event_type type;
    int64_t dashboard_id;
    int64_t version;             /* HUB_CHANGED */
    const struct hub_peer *peers; /* HUB_PRESENCE; HUB_TAKEN: the taker */
    size_t peer_count;
    uint32_t self;               /* this session's number */
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
/* The socket to poll for reading; hub_read never blocks. */
int hub_fd(const struct hub_client *client);

/* Watch one dashboard (0 for none): its changes and presence arrive. */
int hub_watch(struct hub_client *client, int64_t dashboard_id);
/* Tell the watchers of a dashboard that version was committed. */
int hub_changed(struct hub_client *client, int64_t dashboard_id,
                int64_t version);
/* Say which widget this session edits (0 for none). take set takes it
 * over from whoever edits it, who then receives HUB_TAKEN. */
int hub_editing(struct hub_client *client, int64_t widget_id, int take);

typedef void (*hub_event_fn)(const struct hub_event *event, void *arg);
/* Handle every message waiting. Returns 0, or -1 when the hub closed. */
int hub_read(struct hub_client *client, hub_event_fn fn, void *arg);

/* The hub itself, in the listener (server/hub.c). */
struct hub_server;

/* Listen on a Unix socket at path (replacing a stale one), mode 0600. */
struct hub_server *hub_server_open(const char *path, char **error);
void hub_server_close(struct hub_server *hub);
/* The descriptors to poll for reading, at most max; returns the count. */
size_t hub_server_fds(const struct hub_server *hub, int *fds, size_t max);
/* Accept, read and forward whatever is ready; never blocks. */
void hub_server_run(struct hub_server *hub);

#endif
