/*
 * terrish: tell the open sessions, through the server's hub, that a
 * command run over SSH changed a dashboard or a strategy, so that they
 * show it at once (common/hub.h).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Nothing is sent without a hub: the terrish binary run locally, or a
 * server with HubSocket none. A failure is logged and otherwise ignored,
 * because the change itself is committed: the sessions then see it when
 * they read the store again.
 */
#include "config.h"

#include <poll.h>
#include <stdlib.h>

#include "common/common.h"
#include "common/hub.h"
#include "server/server.h"

/* Time to wait for the hub's reply to HELLO. */
#define NOTIFY_WELCOME_MS 1000

/* hub_event_fn: a command ignores the events the hub sends. */
static void
notify_hub_event(const struct hub_event *event, void *arg)
{
    (void)event;
    (void)arg;
}

/* Connect to the server's hub as account, or return NULL (logged). */
static struct hub_client *
notify_connect(const char *account, const char *kind, int64_t id)
{
    const char *path = server_hub_path();
    struct pollfd pollfd;
    struct hub_client *hub = NULL;
    char *error = NULL;

    if (path == NULL || account == NULL)
        return NULL;
    hub = hub_connect(path, account, &error);
    if (hub == NULL) {
        log_warn("%s %lld: notifying the open sessions failed: %s", kind,
                 (long long)id, error);
        free(error);
        return NULL;
    }
    /* The hub replies to HELLO before it reads the next message, and
     * drops a client that closed before the reply, so wait for it. */
    pollfd.fd = hub_fd(hub);
    pollfd.events = POLLIN;
    if (pollfd.fd >= 0 && poll(&pollfd, 1, NOTIFY_WELCOME_MS) == 1)
        hub_read(hub, notify_hub_event, NULL);
    return hub;
}

void
command_notify_dashboard(const char *account, int64_t id, int64_t version)
{
    struct hub_client *hub = notify_connect(account, "dashboard", id);

    if (hub == NULL)
        return;
    hub_changed(hub, id, version);
    hub_close(hub);
}

void
command_notify_strategy(const char *account, int64_t id)
{
    struct hub_client *hub = notify_connect(account, "strategy", id);

    if (hub == NULL)
        return;
    hub_strategy_changed(hub, id);
    hub_close(hub);
}
