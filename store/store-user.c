/*
 * terrish: accounts, their roles and their SSH public keys.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

/* Names of the roles as stored in account.role, indexed by enum user_role. */
/* Words of the command line, N_() because a bare "%s" of a store message
 * writes them, translated. */
static const char *const user_role_names[] = {
    [ROLE_USER] = N_("user"),
    [ROLE_REGIONAL_ADMIN] = N_("regional-admin"),
    [ROLE_ADMIN] = N_("admin"),
};

#define USER_ROLE_COUNT (sizeof user_role_names / sizeof user_role_names[0])

void
user_clear(struct user *user)
{
    if (user->password_hash != NULL) {
        secure_wipe(user->password_hash, strlen(user->password_hash));
        free(user->password_hash);
    }
    memset(user, 0, sizeof *user);
}

const char *
user_role_name(enum user_role role)
{
    if ((size_t)role >= USER_ROLE_COUNT)
        return "unknown";
    return user_role_names[role];
}

int
user_role_parse(const char *name, enum user_role *role)
{
    size_t i;

    for (i = 0; i < USER_ROLE_COUNT; i++) {
        if (strcmp(name, user_role_names[i]) == 0) {
            *role = (enum user_role)i;
            return 0;
        }
    }
    return -1;
}

int
user_name_valid(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || len > 32)
        return 0;
    if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z')))
        return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == len;
}

int
user_name_reserved(const char *name)
{
    return strcmp(name, REQUEST_ACCOUNT) == 0;
}

/* Prepare sql, failing with SQLite's message. */
static int
user_prepare(struct store *store, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(store_db(store), sql, -1, stmt, NULL) != SQLITE_OK) {
        store_set_db_error(store, "reading accounts failed");
        return -1;
    }
    return 0;
}

/*
 * Check that a regional administrator's région is loaded, and that no other
 * role has a région.
 */
static int
user_check_region(struct store *store, enum user_role role, const char *region)
{
    struct territory territory;
    int rc;

    if (role != ROLE_REGIONAL_ADMIN) {
        if (region != NULL && region[0] != '\0') {
            store_set_error(store,
                            "only a regional-admin account has a "
                            "région, not a %s",
                            user_role_name(role));
            return -1;
        }
        return 0;
    }
    if (region == NULL || region[0] == '\0') {
        store_set_error(store, "a regional-admin account needs a région");
        return -1;
    }

    rc = store_territory_get(store, LEVEL_REGION, region, &territory);
    territory_clear(&territory);
    if (rc == 1) {
        store_set_error(store,
                        "région \"%s\" not found: give an INSEE "
                        "région code, such as 84, of the loaded data",
                        region);
    }
    return rc == 0 ? 0 : -1;
}

int
store_user_add(struct store *store, const char *name, enum user_role role,
               const char *region)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = -1;

    if (!user_name_valid(name)) {
        store_set_error(store,
                        "invalid account name \"%s\": use up to 32 "
                        "lower-case letters, digits, '_', '.' or '-', "
                        "starting with a letter or '_'",
                        name);
        return -1;
    }
    if (user_name_reserved(name)) {
        store_set_error(store,
                        "the account name \"%s\" is reserved: logging in "
                        "as it opens the account request form",
                        name);
        return -1;
    }
    if ((size_t)role >= USER_ROLE_COUNT) {
        store_set_error(store, "invalid role %d", (int)role);
        return -1;
    }
    if (user_check_region(store, role, region) < 0)
        return -1;

    if (user_prepare(store,
                     "INSERT INTO account (name, role, region, created_at)"
                     " VALUES (?, ?, ?,"
                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                     &stmt) < 0)
        goto out;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, user_role_name(role), -1, SQLITE_STATIC);
    if (role == ROLE_REGIONAL_ADMIN)
        sqlite3_bind_text(stmt, 3, region, -1, SQLITE_STATIC);

    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE)
        rc = 0;
    else if (step == SQLITE_CONSTRAINT_UNIQUE)
        store_set_error(store, "account \"%s\" already exists", name);
    else
        store_set_db_error(store, "adding an account failed");

out:
    sqlite3_finalize(stmt);
    return rc;
}

/* Copy the account row (id, name, role, region, password_hash, lang). */
static void
user_read(sqlite3_stmt *stmt, struct user *out)
{
    const char *role = (const char *)sqlite3_column_text(stmt, 2);
    const char *region = (const char *)sqlite3_column_text(stmt, 3);
    const char *hash = (const char *)sqlite3_column_text(stmt, 4);

    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(stmt, 0);
    snprintf(out->name, sizeof out->name, "%s",
             (const char *)sqlite3_column_text(stmt, 1));
    if (user_role_parse(role, &out->role) < 0)
        out->role = ROLE_USER;
    snprintf(out->region, sizeof out->region, "%s",
             region != NULL ? region : "");
    out->password_hash = hash != NULL ? xstrdup(hash) : NULL;
    snprintf(out->lang, sizeof out->lang, "%s",
             (const char *)sqlite3_column_text(stmt, 5));
}

#define USER_COLUMNS "id, name, role, region, password_hash, lang"

int
store_user_find(struct store *store, const char *name, struct user *out)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (user_prepare(store,
                     "SELECT " USER_COLUMNS " FROM account WHERE name = ?",
                     &stmt) < 0)
        goto out;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);

    step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
        user_read(stmt, out);
        rc = 0;
    } else if (step == SQLITE_DONE) {
        rc = 1;
    } else {
        store_set_db_error(store, "reading accounts failed");
    }

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_user_list(struct store *store, struct user **users, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int step;
    int rc = -1;

    *users = NULL;
    *count = 0;
    if (user_prepare(store,
                     "SELECT " USER_COLUMNS " FROM account ORDER BY name",
                     &stmt) < 0)
        goto out;

    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 16 : capacity * 2;
            *users = xrealloc(*users, capacity * sizeof **users);
        }
        user_read(stmt, &(*users)[(*count)++]);
    }
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading accounts failed");
        goto out;
    }
    rc = 0;

out:
    if (rc < 0) {
        while (*count > 0)
            user_clear(&(*users)[--*count]);
        free(*users);
        *users = NULL;
    }
    sqlite3_finalize(stmt);
    return rc;
}

/*
 * Run an UPDATE or DELETE on one account, with name bound to ?1 and value
 * (NULL for SQL NULL) to ?2. Returns 0, 1 when no account has that name,
 * -1 on error.
 */
static int
user_change(struct store *store, const char *sql, const char *name,
            const char *value)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if (user_prepare(store, sql, &stmt) < 0)
        goto out;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count(stmt) >= 2)
        sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);

    if (sqlite3_step(stmt) != SQLITE_DONE) {
        store_set_db_error(store, "changing an account failed");
        goto out;
    }
    rc = sqlite3_changes(store_db(store)) == 0 ? 1 : 0;

out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_user_remove(struct store *store, const char *name)
{
    return user_change(store, "DELETE FROM account WHERE name = ?1", name,
                       NULL);
}

/* Turn user_change's 1 (no such account) into an error with a message. */
static int
user_require(struct store *store, const char *name, int rc)
{
    if (rc == 1) {
        store_set_error(store, "account \"%s\" not found", name);
        return -1;
    }
    return rc;
}

int
store_user_set_password_hash(struct store *store, const char *name,
                             const char *hash)
{
    int rc;

    rc = user_change(store,
                     "UPDATE account SET password_hash = ?2 WHERE name = ?1",
                     name, hash);
    return user_require(store, name, rc);
}

int
store_user_set_role(struct store *store, const char *name,
                    enum user_role role, const char *region)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    if ((size_t)role >= USER_ROLE_COUNT) {
        store_set_error(store, "invalid role %d", (int)role);
        return -1;
    }
    if (user_check_region(store, role, region) < 0)
        return -1;
    if (user_prepare(store,
                     "UPDATE account SET role = ?2, region = ?3"
                     " WHERE name = ?1",
                     &stmt) < 0)
        return -1;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, user_role_name(role), -1, SQLITE_STATIC);
    if (role == ROLE_REGIONAL_ADMIN)
        sqlite3_bind_text(stmt, 3, region, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        store_set_db_error(store, "changing an account failed");
    else
        rc = sqlite3_changes(store_db(store)) == 0 ? 1 : 0;
    sqlite3_finalize(stmt);
    return rc;
}

int
store_user_set_lang(struct store *store, const char *name, const char *lang)
{
    int rc;

    if (strcmp(lang, "") != 0 && strcmp(lang, "fr") != 0 &&
        strcmp(lang, "en") != 0) {
        store_set_error(store,
                        "invalid language \"%s\": use fr, en or an "
                        "empty string for the server's default",
                        lang);
        return -1;
    }
    rc = user_change(store, "UPDATE account SET lang = ?2 WHERE name = ?1",
                     name, lang);
    return user_require(store, name, rc);
}

int
store_user_key_add(struct store *store, const char *name, const char *key_type,
                   const char *key_base64, const char *comment)
{
    sqlite3_stmt *stmt = NULL;
    int step;
    int rc = -1;

    if (user_prepare(store,
                     "INSERT INTO account_key (account_id, type, base64,"
                     " comment) SELECT id, ?2, ?3, ?4 FROM account"
                     " WHERE name = ?1",
                     &stmt) < 0)
        goto out;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, key_type, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, key_base64, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, comment != NULL ? comment : "", -1,
                      SQLITE_STATIC);

    step = sqlite3_step(stmt);
    if (step == SQLITE_CONSTRAINT_UNIQUE) {
        rc = 1;
    } else if (step != SQLITE_DONE) {
        store_set_db_error(store, "adding a key failed");
    } else if (sqlite3_changes(store_db(store)) == 0) {
        store_set_error(store, "account \"%s\" not found", name);
    } else {
        rc = 0;
    }

out:
    sqlite3_finalize(stmt);
    return rc;
}

/*
 * Returns 0, 1 when no account has that name (with no keys), -1 on error.
 * Keys come in the order they were added.
 */
int
store_user_keys(struct store *store, const char *name, struct user_key **keys,
                size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    struct user_key *key = NULL;
    struct user user;
    int step;
    int rc;

    *keys = NULL;
    *count = 0;
    rc = store_user_find(store, name, &user);
    user_clear(&user);
    if (rc != 0)
        return rc;

    rc = -1;
    if (user_prepare(store,
                     "SELECT k.type, k.base64, k.comment FROM account_key k"
                     " JOIN account a ON a.id = k.account_id"
                     " WHERE a.name = ? ORDER BY k.id",
                     &stmt) < 0)
        goto out;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);

    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 4 : capacity * 2;
            *keys = xrealloc(*keys, capacity * sizeof **keys);
        }
        key = &(*keys)[(*count)++];
        key->type = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        key->base64 = xstrdup((const char *)sqlite3_column_text(stmt, 1));
        key->comment = xstrdup((const char *)sqlite3_column_text(stmt, 2));
    }
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading keys failed");
        goto out;
    }
    rc = 0;

out:
    if (rc < 0) {
        user_keys_free(*keys, *count);
        *keys = NULL;
        *count = 0;
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
user_keys_free(struct user_key *keys, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        free(keys[i].type);
        free(keys[i].base64);
        free(keys[i].comment);
    }
    free(keys);
}
