/*
 * terrish: the actions that the commands dashboards and strategies share
 * on one object that an account owns and shares: show it, rename it,
 * share it with an account, take that back, make it public, remove it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every action runs with the caller's rights: the store's functions
 * check them and the command reports their refusal with exit status 4.
 * The command checks the caller's right first only to order its own
 * input checks (a new name, an account to share with) after it, so that
 * a caller without the right learns nothing from them.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/store.h"

/* The operands each action takes after the object's number. */
static const struct {
    const char *action;
    int operands; /* after the number */
} object_actions[] = {
    {"show", 0},   {"rename", 1}, {"share", 2},
    {"unshare", 1}, {"public", 1}, {"remove", 0},
};

#define OBJECT_ACTION_COUNT (sizeof object_actions / sizeof object_actions[0])

int
command_object_action(const char *action)
{
    size_t i;

    for (i = 0; i < OBJECT_ACTION_COUNT; i++) {
        if (strcmp(object_actions[i].action, action) == 0)
            return 1;
    }
    return 0;
}

/* Parse "yes", "on", "no" or "off": 1, 0, or -1. */
static int
object_parse_switch(const char *text)
{
    if (strcmp(text, "yes") == 0 || strcmp(text, "on") == 0)
        return 1;
    if (strcmp(text, "no") == 0 || strcmp(text, "off") == 0)
        return 0;
    return -1;
}

int
command_object_parse(const struct command_object *object, int argc,
                     char **argv, struct command_object_request *request)
{
    const char *action = argv[0];
    size_t i;

    memset(request, 0, sizeof *request);
    request->action = action;
    for (i = 0; i < OBJECT_ACTION_COUNT; i++) {
        if (strcmp(object_actions[i].action, action) == 0)
            break;
    }
    if (i == OBJECT_ACTION_COUNT)
        return command_usage_error(object->command, _("unknown action"),
                                   action);
    if (argc != 2 + object_actions[i].operands)
        return command_usage_error(
            object->command,
            object_actions[i].operands == 0
                ? _("expected a number after")
                : object_actions[i].operands == 1
                      ? _("expected a number and one argument after")
                      : _("expected a number and two arguments after"),
            action);
    if (command_parse_id(argv[1], &request->id) < 0)
        return command_usage_error(object->command, _("invalid number"),
                                   argv[1]);
    request->text = argc > 2 ? argv[2] : NULL;
    if (strcmp(action, "share") == 0) {
        if (strcmp(argv[3], "viewer") == 0)
            request->role = ACCESS_VIEW;
        else if (strcmp(argv[3], "editor") == 0)
            request->role = ACCESS_EDIT;
        else
            return command_usage_error(object->command,
                                       _("expected viewer or editor, found"),
                                       argv[3]);
    }
    if (strcmp(action, "public") == 0) {
        request->public = object_parse_switch(argv[2]);
        if (request->public < 0)
            return command_usage_error(object->command,
                                       _("expected yes or no, found"),
                                       argv[2]);
    }
    if (request->text != NULL && request->text[0] == '\0')
        return command_usage_error(object->command, _("empty argument after"),
                                   action);
    return EXIT_OK;
}

int
command_object_check(const struct command_context *ctx,
                     const struct command_object *object, struct store *store,
                     int64_t id, enum dashboard_access need,
                     enum dashboard_access *access)
{
    int rc;

    *access = ACCESS_NONE;
    rc = object->access(store, id,
                        ctx->origin == COMMAND_REMOTE ? ctx->account : NULL,
                        access);
    if (rc < 0) {
        fprintf(stderr, "terrish %s: %s\n", object->command,
                store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        object->report(OBJECT_NOT_FOUND, id, NULL, NULL);
        return EXIT_NOT_FOUND;
    }
    if (ctx->origin == COMMAND_LOCAL)
        *access = ACCESS_OWNER;
    if (need != ACCESS_NONE && *access < need) {
        object->report(OBJECT_NOT_VISIBLE, id, NULL, NULL);
        return EXIT_PERMISSION;
    }
    return EXIT_OK;
}

/* Write the audit row of a change; a failure is reported and the change
 * stays, as the other commands do. */
static void
object_audit(const struct command_context *ctx,
             const struct command_object *object, struct store *store,
             const char *what, int64_t id, json_t *detail)
{
    struct audit_actor actor = command_actor(ctx);
    char action[32];
    char target[48];

    snprintf(action, sizeof action, "%s.%s", object->kind, what);
    snprintf(target, sizeof target, "%s:%lld", object->kind, (long long)id);
    if (store_audit(store, &actor, action, target, detail) != 0)
        fprintf(stderr, "terrish %s: %s\n", object->command,
                store_error(store));
    json_decref(detail);
}

/* Check the account to share with: it exists (else 3) and does not own
 * the object (else 5). */
static int
object_check_grantee(const struct command_object *object, struct store *store,
                     int64_t id, const char *grantee)
{
    struct user user;
    char owner[64];
    int rc;

    memset(&user, 0, sizeof user);
    rc = store_user_find(store, grantee, &user);
    user_clear(&user);
    if (rc < 0) {
        fprintf(stderr, "terrish %s: %s\n", object->command,
                store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        fprintf(stderr, _("terrish %s: no account named '%s'\n"),
                object->command, grantee);
        return EXIT_NOT_FOUND;
    }
    if (object->owner(store, id, owner, sizeof owner) == 0 &&
        strcmp(owner, grantee) == 0) {
        fprintf(stderr, _("terrish %s: '%s' owns it already\n"),
                object->command, grantee);
        return EXIT_INVALID_INPUT;
    }
    return EXIT_OK;
}

/* Rename: edit access, then a name the store accepts (else 5). */
static int
object_rename(const struct command_context *ctx,
              const struct command_object *object, struct store *store,
              const struct command_object_request *request,
              const char *account, enum dashboard_access access)
{
    const char *problem = NULL;
    int rc;

    if (access >= ACCESS_EDIT) {
        problem = object->name_problem(request->text);
        if (problem != NULL) {
            fprintf(stderr,
                    _("terrish %s: invalid name: %s (use 1 to %d bytes of "
                      "UTF-8 text on one line, without control "
                      "characters)\n"),
                    object->command, problem, object->name_max);
            return EXIT_INVALID_INPUT;
        }
    }
    rc = object->rename(store, account, request->id, request->text);
    if (rc != 0)
        return command_store_status(object->command, store, rc);
    (void)ctx;
    object->report(OBJECT_RENAMED, request->id, NULL, NULL);
    return EXIT_OK;
}

/* Share or unshare: owner access, then a valid account (else 3 or 5),
 * which for unshare must have been given a role (else 3, and nothing is
 * written to the audit log). */
static int
object_grant(const struct command_context *ctx,
             const struct command_object *object, struct store *store,
             const struct command_object_request *request,
             const char *account, enum dashboard_access access)
{
    int share = strcmp(request->action, "share") == 0;
    enum dashboard_access role = share ? request->role : ACCESS_NONE;
    /* English in the audit log, translated in the message of the share. */
    const char *role_name = role == ACCESS_EDIT   ? N_("editor")
                            : role == ACCESS_VIEW ? N_("viewer")
                                                  : "none";
    int status;
    int rc;

    if (access >= ACCESS_OWNER) {
        status = object_check_grantee(object, store, request->id,
                                      request->text);
        if (status != EXIT_OK)
            return status;
    }
    if (!share && access >= ACCESS_OWNER) {
        enum dashboard_access given = ACCESS_NONE;

        if (object->role(store, request->id, request->text, &given) != 0)
            return command_store_status(object->command, store, -1);
        if (given == ACCESS_NONE) {
            object->report(OBJECT_NO_ROLE, request->id, request->text, NULL);
            return EXIT_NOT_FOUND;
        }
    }
    rc = object->grant(store, account, request->id, request->text, role);
    if (rc != 0)
        return command_store_status(object->command, store, rc);
    object_audit(ctx, object, store, "grant", request->id,
                 json_pack("{s:s, s:s}", "account", request->text, "change",
                           role_name));
    object->report(share ? OBJECT_GRANTED : OBJECT_REVOKED, request->id,
                   request->text, role_name);
    return EXIT_OK;
}

static int
object_public(const struct command_context *ctx,
              const struct command_object *object, struct store *store,
              const struct command_object_request *request,
              const char *account)
{
    int rc = object->set_public(store, account, request->id,
                                request->public);

    if (rc != 0)
        return command_store_status(object->command, store, rc);
    object_audit(ctx, object, store, "public", request->id,
                 json_pack("{s:b}", "public", request->public));
    object->report(request->public ? OBJECT_MADE_PUBLIC : OBJECT_MADE_PRIVATE,
                   request->id, NULL, NULL);
    return EXIT_OK;
}

static int
object_remove(const struct command_context *ctx,
              const struct command_object *object, struct store *store,
              const struct command_object_request *request,
              const char *account)
{
    char owner[64] = "";
    int rc;

    object->owner(store, request->id, owner, sizeof owner);
    rc = object->remove(store, account, request->id);
    if (rc != 0)
        return command_store_status(object->command, store, rc);
    object_audit(ctx, object, store, "remove", request->id,
                 json_pack("{s:s}", "owner", owner));
    object->report(OBJECT_REMOVED, request->id, NULL, NULL);
    return EXIT_OK;
}

int
command_object_run(const struct command_context *ctx,
                   const struct command_object *object, struct store *store,
                   const struct command_object_request *request)
{
    const char *account =
        ctx->origin == COMMAND_REMOTE ? ctx->account : NULL;
    enum dashboard_access access = ACCESS_NONE;
    int status;

    /* Any action on an object the caller may not even view is refused
     * before the store is asked to change it. */
    status = command_object_check(ctx, object, store, request->id,
                                  ACCESS_VIEW, &access);
    if (status != EXIT_OK)
        return status;
    if (strcmp(request->action, "rename") == 0)
        return object_rename(ctx, object, store, request, account, access);
    if (strcmp(request->action, "share") == 0 ||
        strcmp(request->action, "unshare") == 0)
        return object_grant(ctx, object, store, request, account, access);
    if (strcmp(request->action, "public") == 0)
        return object_public(ctx, object, store, request, account);
    if (strcmp(request->action, "remove") == 0)
        return object_remove(ctx, object, store, request, account);
    return object->show(ctx, store, request->id, access, request->json);
}
