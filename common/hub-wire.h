/*
 * terrish: the notification hub's wire format, shared by the client
 * (common/hub.c) and the hub (server/hub.c). The protocol itself is
 * described at the top of server/hub.c.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_COMMON_HUB_WIRE_H
#define TERRISH_COMMON_HUB_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/common.h"
#include "common/hub.h"

/* Protocol number sent in HELLO and WELCOME; bump it on any change. */
#define HUB_PROTOCOL 2

/* Message types: the first byte of every packet. */
enum {
    /* Client to hub. */
    HUB_MSG_HELLO = 'H',    /* u16 protocol, u8 length, account */
    HUB_MSG_WATCH = 'W',    /* i64 dashboard (0: none) */
    HUB_MSG_CHANGE = 'C',   /* i64 dashboard, i64 version */
    HUB_MSG_EDIT = 'E',     /* i64 widget (0: none), u8 take */
    HUB_MSG_FOLLOW = 'F',   /* u8 topics */
    HUB_MSG_STRATEGY = 'S', /* i64 strategy */
    /* Hub to client. */
    HUB_MSG_WELCOME = 'w',          /* u16 protocol, u32 session */
    HUB_MSG_CHANGED = 'c',          /* i64 dashboard, i64 version, u32 sender */
    HUB_MSG_PRESENCE = 'p',         /* i64 dashboard, u16 count, count peers */
    HUB_MSG_TAKEN = 't',            /* i64 dashboard, one peer: the taker */
    HUB_MSG_RELOAD = 'r',           /* i64 dashboard */
    HUB_MSG_LISTED = 'l',           /* i64 dashboard (0: all), i64 version */
    HUB_MSG_STRATEGY_CHANGED = 's', /* i64 strategy (0: all) */
};

/* Maximum length in bytes of an account name on the wire (struct hub_peer
 * keeps room for a NUL). */
#define HUB_ACCOUNT_MAX (sizeof(((struct hub_peer *)0)->account) - 1)

/* A peer on the wire: u32 session, u8 colour, i64 widget, u8 length,
 * account. */
#define HUB_PEER_WIRE_MAX (4 + 1 + 8 + 1 + HUB_ACCOUNT_MAX)

/* Largest message a client sends (HELLO with the longest account); the
 * hub drops a client that sends more. */
#define HUB_REQUEST_MAX 128

/* Largest message the hub sends: PRESENCE with HUB_PEERS_MAX peers. */
#define HUB_REPLY_MAX (1 + 8 + 2 + HUB_PEERS_MAX * HUB_PEER_WIRE_MAX)

/* Appends values in little-endian order to a buffer of known size. */
struct hub_writer {
    unsigned char *data;
    size_t size;
    size_t used;
    int overflow;
};

/* Reads values back; failed is set when the message is too short. */
struct hub_reader {
    const unsigned char *data;
    size_t size;
    size_t used;
    int failed;
};

static inline void
hub_put_bytes(struct hub_writer *w, const void *bytes, size_t len)
{
    if (w->overflow || w->size - w->used < len) {
        w->overflow = 1;
        return;
    }
    memcpy(w->data + w->used, bytes, len);
    w->used += len;
}

static inline void
hub_put_uint(struct hub_writer *w, uint64_t value, size_t len)
{
    unsigned char bytes[8];
    size_t i;

    for (i = 0; i < len; i++) {
        bytes[i] = (unsigned char)(value >> (8 * i));
    }
    hub_put_bytes(w, bytes, len);
}

static inline uint64_t
hub_get_uint(struct hub_reader *r, size_t len)
{
    uint64_t value = 0;
    size_t i;

    if (r->failed || r->size - r->used < len) {
        r->failed = 1;
        return 0;
    }
    for (i = 0; i < len; i++) {
        value |= (uint64_t)r->data[r->used + i] << (8 * i);
    }
    r->used += len;
    return value;
}

static inline int64_t
hub_get_i64(struct hub_reader *r)
{
    return (int64_t)hub_get_uint(r, 8);
}

/* Return 1 when an account name of len bytes may go on the wire: 1 to
 * HUB_ACCOUNT_MAX bytes of UTF-8 without control characters. */
static inline int
hub_account_valid(const char *account, size_t len)
{
    size_t i;

    if (len == 0 || len > HUB_ACCOUNT_MAX) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)account[i];

        if (c < 0x20 || c == 0x7f) {
            return 0;
        }
    }
    return text_utf8_valid(account, len);
}

/* Write a peer record. */
static inline void
hub_put_peer(struct hub_writer *w, const struct hub_peer *peer)
{
    size_t len = strlen(peer->account);

    hub_put_uint(w, peer->session, 4);
    hub_put_uint(w, (uint64_t)peer->colour, 1);
    hub_put_uint(w, (uint64_t)peer->widget_id, 8);
    hub_put_uint(w, len, 1);
    hub_put_bytes(w, peer->account, len);
}

/* Read a peer record; the reader fails on a bad colour or length. */
static inline void
hub_get_peer(struct hub_reader *r, struct hub_peer *peer)
{
    size_t len;

    peer->session = (uint32_t)hub_get_uint(r, 4);
    peer->colour = (int)hub_get_uint(r, 1);
    peer->widget_id = hub_get_i64(r);
    len = (size_t)hub_get_uint(r, 1);
    if (r->failed || peer->colour > 7 || len > HUB_ACCOUNT_MAX ||
        r->size - r->used < len) {
        r->failed = 1;
        peer->account[0] = '\0';
        return;
    }
    memcpy(peer->account, r->data + r->used, len);
    peer->account[len] = '\0';
    r->used += len;
}

#endif
