/*
 * terrish: account requests made by people without an account, their
 * decision by an administrator, and the rate limits of the request login.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Every statement binds its values as parameters: the text of a request is
 * typed by someone the server does not know yet.
 */
#include "config.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

static const char *const request_status_names[] = {
    [REQUEST_PENDING] = N_("pending"),
    [REQUEST_ACCEPTED] = N_("accepted"),
    [REQUEST_REFUSED] = N_("refused"),
};

#define REQUEST_STATUS_COUNT                                                   \
    (sizeof request_status_names / sizeof request_status_names[0])

const char *
request_status_name(enum request_status status)
{
    if ((size_t)status >= REQUEST_STATUS_COUNT)
        return "unknown";
    return request_status_names[status];
}

int
request_status_parse(const char *name, enum request_status *status)
{
    size_t i;

    for (i = 0; i < REQUEST_STATUS_COUNT; i++) {
        if (strcmp(name, request_status_names[i]) == 0) {
            *status = (enum request_status)i;
            return 0;
        }
    }
    return -1;
}

void
account_request_clear(struct account_request *request)
{
    free(request->name);
    free(request->full_name);
    free(request->email);
    free(request->organisation);
    free(request->reason);
    free(request->territory_name);
    free(request->key_type);
    free(request->key_base64);
    free(request->key_fingerprint);
    free(request->address);
    free(request->created_at);
    free(request->decided_at);
    free(request->decided_by);
    free(request->refusal_reason);
    free(request->account_name);
    memset(request, 0, sizeof *request);
}

void
account_requests_free(struct account_request *requests, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        account_request_clear(&requests[i]);
    free(requests);
}

/* Length of the valid UTF-8 sequence at s (at most len bytes), 0 when
 * the bytes there are not one. */
static size_t
utf8_sequence(const unsigned char *s, size_t len)
{
    size_t need;
    size_t i;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        need = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        need = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        need = 4;
    else
        return 0;
    if (need > len)
        return 0;
    for (i = 1; i < need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    }
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
        return 0;
    return need;
}

char *
request_text_clean(const char *text, int multiline)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    /* Each byte becomes at most the 3 bytes of U+FFFD. */
    char *out = xmalloc(len * 3 + 1);
    size_t used = 0;
    size_t i = 0;

    while (i < len) {
        size_t n = utf8_sequence(p + i, len - i);
        int control = n == 1 && (p[i] < 0x20 || p[i] == 0x7f) &&
                      !(multiline && p[i] == '\n');

        /* U+0080 to U+009F are C1 controls, such as U+009B (CSI). */
        if (n == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f)
            control = 1;
        if (n == 0 || control) {
            memcpy(out + used, "\xef\xbf\xbd", 3);
            used += 3;
            i += n == 0 ? 1 : n;
            continue;
        }
        memcpy(out + used, p + i, n);
        used += n;
        i += n;
    }
    out[used] = '\0';
    return out;
}

int
request_email_valid(const char *email)
{
    const char *at = strchr(email, '@');
    const char *dot = NULL;
    const unsigned char *p;

    if (at == NULL || at == email || strchr(at + 1, '@') != NULL ||
        strlen(email) > REQUEST_TEXT_MAX)
        return 0;
    for (p = (const unsigned char *)email; *p != '\0'; p++) {
        if (*p <= 0x20 || *p == 0x7f)
            return 0;
    }
    /* The domain needs a dot that neither starts nor ends it. */
    dot = strchr(at + 1, '.');
    if (dot == NULL || dot == at + 1 || at[strlen(at) - 1] == '.')
        return 0;
    return strstr(at, "..") == NULL;
}

void
request_address_key(const char *address, char *out, size_t size)
{
    unsigned char bytes[16];
    char text[INET6_ADDRSTRLEN];
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0xff, 0xff};

    if (inet_pton(AF_INET6, address, bytes) != 1) {
        snprintf(out, size, "%s", address);
        return;
    }
    if (memcmp(bytes, mapped, sizeof mapped) == 0) {
        inet_ntop(AF_INET, bytes + 12, text, sizeof text);
        snprintf(out, size, "%s", text);
        return;
    }
    memset(bytes + 8, 0, 8);
    inet_ntop(AF_INET6, bytes, text, sizeof text);
    snprintf(out, size, "%s/64", text);
}

int
store_territory_in_region(struct store *store, int64_t territory_id,
                          const char *region)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;

    stmt = store_statement(store,
                           "SELECT" STORE_IN_REGION_SQL("?1", "?2"));
    if (stmt == NULL) {
        store_set_db_error(store, "reading a territory failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, territory_id);
    sqlite3_bind_text(stmt, 2, region, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        rc = sqlite3_column_int(stmt, 0) != 0;
    else
        store_set_db_error(store, "reading a territory failed");
    store_statement_done(stmt);
    return rc;
}

/*
 * Run sql, which returns one integer, with text bound to ?1. Returns 0
 * with *value, or -1.
 */
static int
request_query_int(struct store *store, const char *sql, const char *text,
                  int64_t *value)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    int rc = -1;

    if (stmt == NULL) {
        store_set_db_error(store, "reading the account requests failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        *value = sqlite3_column_int64(stmt, 0);
        rc = 0;
    } else {
        store_set_db_error(store, "reading the account requests failed");
    }
    store_statement_done(stmt);
    return rc;
}

int
store_request_check_name(struct store *store, const char *name)
{
    int64_t taken = 0;

    if (!user_name_valid(name)) {
        store_set_error(store, "invalid account name: use 1 to 32 "
                               "characters a-z, 0-9, '_', '.' or '-', "
                               "starting with a letter or '_'");
        return REQUEST_NAME_INVALID;
    }
    if (user_name_reserved(name)) {
        store_set_error(store, "the name \"%s\" is reserved", name);
        return REQUEST_NAME_RESERVED;
    }
    if (request_query_int(store,
                          "SELECT EXISTS (SELECT 1 FROM account"
                          " WHERE name = ?1) OR EXISTS (SELECT 1"
                          " FROM account_request WHERE name = ?1"
                          " AND status = 'pending')",
                          name, &taken) < 0)
        return -1;
    if (taken) {
        store_set_error(store, "the name \"%s\" is already taken", name);
        return REQUEST_NAME_TAKEN;
    }
    return REQUEST_NAME_FREE;
}

int
store_request_count_recent(struct store *store, const char *address,
                           int *count)
{
    char key[64];
    int64_t value = 0;

    request_address_key(address, key, sizeof key);
    if (request_query_int(store,
                          "SELECT count(*) FROM account_request"
                          " WHERE address_key = ?1 AND created_at >="
                          " strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')",
                          key, &value) < 0)
        return -1;
    *count = (int)value;
    return 0;
}

/* Check the text fields of a new request; 0, or 1 with a message. */
static int
request_check_fields(struct store *store, const struct account_request *r)
{
    const char *texts[] = {r->full_name, r->organisation};
    const char *labels[] = {N_("full name"), N_("organisation")};
    size_t i;

    for (i = 0; i < 2; i++) {
        if (texts[i] == NULL || texts[i][strspn(texts[i], " ")] == '\0') {
            store_set_error(store, "the %s is missing", labels[i]);
            return 1;
        }
        if (strlen(texts[i]) > REQUEST_TEXT_MAX) {
            store_set_error(store, "the %s is longer than %d bytes",
                            labels[i], REQUEST_TEXT_MAX);
            return 1;
        }
    }
    if (r->email == NULL || !request_email_valid(r->email)) {
        store_set_error(store, "the e-mail address is not valid");
        return 1;
    }
    if (r->reason == NULL || r->reason[strspn(r->reason, " \n")] == '\0' ||
        strlen(r->reason) > REQUEST_REASON_MAX) {
        store_set_error(store, "the reason must have 1 to %d bytes",
                        REQUEST_REASON_MAX);
        return 1;
    }
    if (r->key_type == NULL || r->key_base64 == NULL ||
        r->key_fingerprint == NULL || r->address == NULL) {
        store_set_error(store, "the request has no key or address");
        return 1;
    }
    return 0;
}

/* Check a new request against the store: name, territory, key, limit. */
static int
request_check_store(struct store *store, const struct account_request *r)
{
    struct territory territory;
    int64_t pending = 0;
    int count = 0;
    int rc;

    rc = store_request_check_name(store, r->name);
    if (rc != REQUEST_NAME_FREE)
        return rc < 0 ? -1 : 1;
    rc = store_territory_get_by_id(store, r->territory_id, &territory);
    territory_clear(&territory);
    if (rc == 1)
        store_set_error(store, "the territory is not in the store");
    if (rc != 0)
        return rc;
    rc = store_request_count_recent(store, r->address, &count);
    if (rc < 0)
        return -1;
    if (count >= REQUEST_PER_DAY) {
        store_set_error(store, "%d requests came from this address in the "
                               "last 24 hours",
                        count);
        return STORE_LIMITED;
    }
    if (request_query_int(store,
                          "SELECT count(*) FROM account_request"
                          " WHERE key_base64 = ?1 AND status = 'pending'",
                          r->key_base64, &pending) < 0)
        return -1;
    if (pending > 0) {
        store_set_error(store, "this key already has a pending request");
        return 1;
    }
    return 0;
}

/* Insert the cleaned request and its audit row. */
static int
request_insert(struct store *store, struct account_request *r)
{
    struct audit_actor actor = {REQUEST_ACCOUNT, r->address};
    sqlite3_stmt *stmt = NULL;
    char key[64];
    const char *texts[] = {r->name,   r->full_name,  r->email,
                           r->organisation, r->reason, r->key_type,
                           r->key_base64, r->key_fingerprint, r->address,
                           r->lang, key};
    json_t *detail = NULL;
    char target[32];
    int rc = -1;
    int i;

    request_address_key(r->address, key, sizeof key);
    stmt = store_statement(store,
                           "INSERT INTO account_request (name, full_name,"
                           " email, organisation, reason, key_type,"
                           " key_base64, key_fingerprint, address, lang,"
                           " address_key, territory_id, created_at) VALUES"
                           " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                           " ?12, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                           " RETURNING id, created_at");
    if (stmt == NULL) {
        store_set_db_error(store, "recording the request failed");
        return -1;
    }
    for (i = 0; i < 11; i++)
        sqlite3_bind_text(stmt, i + 1, texts[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 12, r->territory_id);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "recording the request failed");
        goto out;
    }
    r->id = sqlite3_column_int64(stmt, 0);
    free(r->created_at);
    r->created_at = xstrdup((const char *)sqlite3_column_text(stmt, 1));
    store_statement_done(stmt);
    stmt = NULL;

    snprintf(target, sizeof target, "request:%lld", (long long)r->id);
    detail = json_pack("{s:s, s:I, s:s}", "name", r->name, "territory_id",
                       (json_int_t)r->territory_id, "key",
                       r->key_fingerprint);
    rc = store_audit(store, &actor, "account.request", target, detail);
out:
    json_decref(detail);
    store_statement_done(stmt);
    return rc;
}

/* Replace each text field by its cleaned copy. */
static void
request_clean_fields(struct account_request *r)
{
    char **fields[] = {&r->name, &r->full_name, &r->email, &r->organisation,
                       &r->key_type, &r->key_base64, &r->key_fingerprint,
                       &r->address};
    char *clean = NULL;
    size_t i;

    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (*fields[i] == NULL)
            continue;
        clean = request_text_clean(*fields[i], 0);
        free(*fields[i]);
        *fields[i] = clean;
    }
    if (r->reason != NULL) {
        clean = request_text_clean(r->reason, 1);
        free(r->reason);
        r->reason = clean;
    }
    if (strcmp(r->lang, "fr") != 0 && strcmp(r->lang, "en") != 0)
        r->lang[0] = '\0';
}

int
store_request_add(struct store *store, struct account_request *request)
{
    int rc;

    request_clean_fields(request);
    if (request->name == NULL) {
        store_set_error(store, "the account name is missing");
        return 1;
    }
    rc = request_check_fields(store, request);
    if (rc != 0)
        return rc;
    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    rc = request_check_store(store, request);
    if (rc == 0)
        rc = request_insert(store, request);
    if (rc == 0 && store_exec(store, "COMMIT") == 0) {
        log_info("account request %lld for name %s from %s",
                 (long long)request->id, request->name, request->address);
        return 0;
    }
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc != 0 ? rc : -1;
}

/* Columns of request_read(), from account_request r and territory t. */
#define REQUEST_COLUMNS                                                        \
    "r.id, r.name, r.full_name, r.email, r.organisation, r.reason,"           \
    " r.territory_id, t.name, t.level, t.code, r.key_type, r.key_base64,"     \
    " r.key_fingerprint, r.address, r.lang, r.status, r.created_at,"          \
    " r.decided_at, r.decided_by, r.refusal_reason, r.account_name"          \
    " FROM account_request r LEFT JOIN territory t ON t.id = r.territory_id"

static char *
column_dup_or_null(sqlite3_stmt *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(stmt, column);

    return text != NULL ? xstrdup((const char *)text) : NULL;
}

static void
request_read(sqlite3_stmt *stmt, struct account_request *out)
{
    const unsigned char *code = sqlite3_column_text(stmt, 9);
    const unsigned char *lang = sqlite3_column_text(stmt, 14);

    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(stmt, 0);
    out->name = column_dup_or_null(stmt, 1);
    out->full_name = column_dup_or_null(stmt, 2);
    out->email = column_dup_or_null(stmt, 3);
    out->organisation = column_dup_or_null(stmt, 4);
    out->reason = column_dup_or_null(stmt, 5);
    out->territory_id = sqlite3_column_int64(stmt, 6);
    out->territory_name = column_dup_or_null(stmt, 7);
    out->territory_level = (enum territory_level)sqlite3_column_int(stmt, 8);
    snprintf(out->territory_code, sizeof out->territory_code, "%s",
             code != NULL ? (const char *)code : "");
    out->key_type = column_dup_or_null(stmt, 10);
    out->key_base64 = column_dup_or_null(stmt, 11);
    out->key_fingerprint = column_dup_or_null(stmt, 12);
    out->address = column_dup_or_null(stmt, 13);
    snprintf(out->lang, sizeof out->lang, "%s",
             lang != NULL ? (const char *)lang : "");
    if (request_status_parse((const char *)sqlite3_column_text(stmt, 15),
                             &out->status) < 0)
        out->status = REQUEST_PENDING;
    out->created_at = column_dup_or_null(stmt, 16);
    out->decided_at = column_dup_or_null(stmt, 17);
    out->decided_by = column_dup_or_null(stmt, 18);
    out->refusal_reason = column_dup_or_null(stmt, 19);
    out->account_name = column_dup_or_null(stmt, 20);
}

/* Step a statement that returns at most one request. Same returns as
 * store_request_get(). */
static int
request_read_one(struct store *store, sqlite3_stmt *stmt,
                 struct account_request *out)
{
    int step = sqlite3_step(stmt);
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (step == SQLITE_ROW) {
        request_read(stmt, out);
        rc = 0;
    } else if (step == SQLITE_DONE) {
        rc = 1;
    } else {
        store_set_db_error(store, "reading an account request failed");
    }
    store_statement_done(stmt);
    return rc;
}

int
store_request_get(struct store *store, int64_t id,
                  struct account_request *out)
{
    sqlite3_stmt *stmt = store_statement(
        store, "SELECT " REQUEST_COLUMNS " WHERE r.id = ?1");

    memset(out, 0, sizeof *out);
    if (stmt == NULL) {
        store_set_db_error(store, "reading an account request failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    return request_read_one(store, stmt, out);
}

int
store_request_for_key(struct store *store, const char *key_type,
                      const char *key_base64, struct account_request *out)
{
    sqlite3_stmt *stmt = store_statement(
        store, "SELECT " REQUEST_COLUMNS " WHERE r.key_type = ?1"
               " AND r.key_base64 = ?2 ORDER BY r.id DESC LIMIT 1");

    memset(out, 0, sizeof *out);
    if (stmt == NULL) {
        store_set_db_error(store, "reading an account request failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, key_type, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, key_base64, -1, SQLITE_STATIC);
    return request_read_one(store, stmt, out);
}

int
store_request_list(struct store *store, const struct request_filter *filter,
                   struct account_request **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int step;

    *out = NULL;
    *count = 0;
    stmt = store_statement(
        store,
        "SELECT " REQUEST_COLUMNS " WHERE (?1 IS NULL OR"
        STORE_IN_REGION_SQL("r.territory_id", "?1") ")"
        " AND (?2 = 0 OR r.status = 'pending')"
        " AND (?3 IS NULL OR (r.status = 'accepted' AND r.decided_by = ?3))"
        " ORDER BY CASE WHEN ?2 THEN r.id ELSE -r.id END");
    if (stmt == NULL) {
        store_set_db_error(store, "reading the account requests failed");
        return -1;
    }
    if (filter->region != NULL)
        sqlite3_bind_text(stmt, 1, filter->region, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, filter->pending_only != 0);
    if (filter->accepted_by != NULL)
        sqlite3_bind_text(stmt, 3, filter->accepted_by, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 16 : capacity * 2;
            *out = xrealloc(*out, capacity * sizeof **out);
        }
        request_read(stmt, &(*out)[(*count)++]);
    }
    store_statement_done(stmt);
    if (step != SQLITE_DONE) {
        store_set_db_error(store, "reading the account requests failed");
        account_requests_free(*out, *count);
        *out = NULL;
        *count = 0;
        return -1;
    }
    return 0;
}

/*
 * Read a request for a decision inside the caller's transaction and check
 * that it is pending and, with region set, in that région. Returns 0, 1,
 * STORE_FORBIDDEN, STORE_CONFLICT or -1, as store_request_accept().
 */
static int
request_open_decision(struct store *store, int64_t id, const char *region,
                      struct account_request *out)
{
    int rc;

    rc = store_request_get(store, id, out);
    if (rc == 1)
        store_set_error(store, "no account request has the number %lld",
                        (long long)id);
    if (rc != 0)
        return rc;
    if (region != NULL) {
        rc = out->territory_id != 0
                 ? store_territory_in_region(store, out->territory_id, region)
                 : 0;
        if (rc < 0)
            return -1;
        if (rc == 0) {
            store_set_error(store, "request %lld is not about a territory "
                                   "of région %s",
                            (long long)id, region);
            return STORE_FORBIDDEN;
        }
    }
    if (out->status != REQUEST_PENDING) {
        store_set_error(store, "request %lld was already %s", (long long)id,
                        request_status_name(out->status));
        return STORE_CONFLICT;
    }
    return 0;
}

/* Mark the request decided; refusal is NULL for an acceptance. */
static int
request_mark(struct store *store, int64_t id, const char *by,
             const char *refusal, const char *account_name)
{
    sqlite3_stmt *stmt = store_statement(
        store, "UPDATE account_request SET status = ?2,"
               " decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
               " decided_by = ?3, refusal_reason = ?4, account_name = ?5"
               " WHERE id = ?1 AND status = 'pending'");
    int rc = -1;

    if (stmt == NULL) {
        store_set_db_error(store, "recording the decision failed");
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, refusal != NULL ? "refused" : "accepted", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, by, -1, SQLITE_STATIC);
    if (refusal != NULL)
        sqlite3_bind_text(stmt, 4, refusal, -1, SQLITE_STATIC);
    if (account_name != NULL)
        sqlite3_bind_text(stmt, 5, account_name, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_DONE)
        rc = 0;
    else
        store_set_db_error(store, "recording the decision failed");
    store_statement_done(stmt);
    return rc;
}

/* Create the account of an accepted request, with its key and language. */
static int
request_create_account(struct store *store, const struct account_request *r)
{
    struct user existing;
    int rc;

    rc = store_user_find(store, r->name, &existing);
    user_clear(&existing);
    if (rc == 0) {
        store_set_error(store, "an account named \"%s\" was created since "
                               "the request: refuse it, so that the person "
                               "asks for another name",
                        r->name);
        return STORE_CONFLICT;
    }
    if (rc < 0 || store_user_add(store, r->name, ROLE_USER, NULL) != 0)
        return -1;
    rc = store_user_key_add(store, r->name, r->key_type, r->key_base64,
                            r->full_name);
    if (rc == 1) {
        store_set_error(store, "the key was added twice");
        return -1;
    }
    if (rc == 0 && r->lang[0] != '\0')
        rc = store_user_set_lang(store, r->name, r->lang);
    return rc;
}

/* Write the audit row of a decision. */
static int
request_audit_decision(struct store *store, const struct audit_actor *actor,
                       const struct account_request *r, const char *refusal)
{
    json_t *detail = NULL;
    char target[32];
    int rc;

    snprintf(target, sizeof target, "request:%lld", (long long)r->id);
    detail = json_pack("{s:s, s:s}", "name", r->name, "key",
                       r->key_fingerprint);
    if (refusal != NULL)
        json_object_set_new(detail, "reason", json_string(refusal));
    rc = store_audit(store, actor,
                     refusal != NULL ? "account.refuse" : "account.accept",
                     target, detail);
    json_decref(detail);
    return rc;
}

/* End a decision's transaction: commit when rc is 0, else roll back. */
static int
request_end(struct store *store, int rc)
{
    if (rc == 0 && store_exec(store, "COMMIT") == 0)
        return 0;
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return rc != 0 ? rc : -1;
}

int
store_request_accept(struct store *store, int64_t id,
                     const struct audit_actor *actor, const char *region)
{
    struct account_request request;
    int rc;

    memset(&request, 0, sizeof request);
    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    rc = request_open_decision(store, id, region, &request);
    if (rc == 0)
        rc = request_create_account(store, &request);
    if (rc == 0)
        rc = request_mark(store, id, actor->account, NULL, request.name);
    if (rc == 0)
        rc = request_audit_decision(store, actor, &request, NULL);
    rc = request_end(store, rc);
    if (rc == 0)
        log_info("account request %lld accepted by %s: account %s created",
                 (long long)id, actor->account, request.name);
    account_request_clear(&request);
    return rc;
}

int
store_request_refuse(struct store *store, int64_t id,
                     const struct audit_actor *actor, const char *region,
                     const char *reason)
{
    struct account_request request;
    char *clean = request_text_clean(reason, 1);
    int rc;

    memset(&request, 0, sizeof request);
    if (clean[strspn(clean, " \n")] == '\0' ||
        strlen(clean) > REQUEST_REASON_MAX) {
        store_set_error(store, "the reason of a refusal must have 1 to %d "
                               "bytes",
                        REQUEST_REASON_MAX);
        free(clean);
        return -1;
    }
    if (store_exec(store, "BEGIN IMMEDIATE") < 0) {
        free(clean);
        return -1;
    }
    rc = request_open_decision(store, id, region, &request);
    if (rc == 0)
        rc = request_mark(store, id, actor->account, clean, NULL);
    if (rc == 0)
        rc = request_audit_decision(store, actor, &request, clean);
    rc = request_end(store, rc);
    if (rc == 0)
        log_info("account request %lld refused by %s", (long long)id,
                 actor->account);
    account_request_clear(&request);
    free(clean);
    return rc;
}

/* Run sql, which returns no row, with text (unless NULL) bound to ?1. */
static int
request_run(struct store *store, const char *sql, const char *text)
{
    sqlite3_stmt *stmt = store_statement(store, sql);
    int rc = -1;

    if (stmt == NULL) {
        store_set_db_error(store, "recording a login failed");
        return -1;
    }
    if (text != NULL)
        sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_DONE)
        rc = 0;
    else
        store_set_db_error(store, "recording a login failed");
    store_statement_done(stmt);
    return rc;
}

int
store_request_login_record(struct store *store, const char *address,
                           int *count)
{
    char key[64];
    int64_t value = 0;
    int rc = -1;

    request_address_key(address, key, sizeof key);
    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    if (request_run(store,
                    "DELETE FROM request_connection WHERE at <"
                    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')",
                    NULL) < 0 ||
        request_run(store,
                    "INSERT INTO request_connection (address_key, at)"
                    " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    key) < 0 ||
        request_query_int(store,
                          "SELECT count(*) FROM request_connection"
                          " WHERE address_key = ?1 AND at >="
                          " strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour')",
                          key, &value) < 0)
        goto out;
    *count = (int)value;
    rc = 0;
out:
    return request_end(store, rc);
}
