/*
 * terrish: what the end-to-end tests of who may do what share: a server
 * whose store has, besides the three users of e2e.c,
 *   root  administrator
 *   gina  regional administrator of région 84 (Auvergne-Rhône-Alpes)
 *   ida   regional administrator of région 11 (Île-de-France)
 *   dave  user, owner of a private dashboard and a private strategy on
 *         Grenoble (région 84), which bob may view and carol may edit;
 *         alice has no right on them
 * and a person without an account who logs in as "request" with a key of
 * their own. The prefix authz_ marks this fixture; its functions fail the
 * running Check test on error.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_TESTS_AUTHZ_FIXTURE_H
#define TERRISH_TESTS_AUTHZ_FIXTURE_H

#include <limits.h>
#include <stdint.h>

#include "store/store.h"
#include "tests/e2e.h"

#define AUTHZ_DASHBOARD_NAME "Tableau de Dave"
#define AUTHZ_STRATEGY_NAME "Plan de Dave"

/* The people of the tables, and how each logs in. */
enum authz_actor {
    ACTOR_REQUESTER,
    ACTOR_USER,       /* alice: no right on dave's dashboard and strategy */
    ACTOR_VIEWER,     /* bob */
    ACTOR_EDITOR,     /* carol */
    ACTOR_OWNER,      /* dave */
    ACTOR_REGIONAL,   /* gina, région 84 */
    ACTOR_REGIONAL_2, /* ida, région 11 */
    ACTOR_ADMIN,      /* root */
    ACTOR_COUNT
};

extern const char *const authz_actor_names[ACTOR_COUNT];

extern struct e2e_server authz_server;
/* Private key of the requester, made by authz_setup(). */
extern char authz_requester_key[PATH_MAX + 16];
/* dave's dashboard and strategy of the fixture. */
extern int64_t authz_dashboard_id;
extern int64_t authz_strategy_id;

/* Check fixture: start the server and fill its store as above; then stop
 * the server and remove its folder. */
void authz_setup(void);
void authz_teardown(void);

/* A writable handle on the server's store; close it with store_close(). */
struct store *authz_store_open(void);
int64_t authz_territory_id(struct store *store, enum territory_level level,
                           const char *code);

/* A new private dashboard and strategy of dave on Grenoble, with bob as
 * viewer and carol as editor, as the fixture's. Returns its id. */
int64_t authz_dashboard_make(void);
int64_t authz_strategy_make(void);

/*
 * The rows that an action of the tests may change, as text: dashboards,
 * their roles, widgets and history size, strategies and their roles,
 * accounts, request decisions, the published marks of the catalogue and
 * the size of the audit log. Logins as "request" are left out, since
 * each one is counted. The caller frees it.
 */
char *authz_store_snapshot(void);

#endif
