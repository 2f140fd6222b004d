/*
 * terrish: the SQLite store (schema, territories, accounts).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * One struct store wraps one SQLite connection. Each session process opens
 * its own connection; SQLite's WAL mode lets readers and a writer share the
 * file. Functions return 0 on success and -1 on failure, with a message
 * that store_error() returns until the next failure.
 */
#ifndef TERRISH_STORE_H
#define TERRISH_STORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;

/* Schema version that this build writes and reads. */
#define STORE_SCHEMA_VERSION 10

enum store_open_mode {
    STORE_OPEN_EXISTING, /* fail when the file is missing */
    STORE_OPEN_CREATE,   /* create the file when missing */
    STORE_OPEN_READONLY, /* open read-only, fail when missing */
};

/*
 * Open the SQLite file at path (":memory:" for a private in-memory store).
 * A writable store uses WAL journaling. On failure *error is set to a message
 * that the caller frees.
 */
int store_open(const char *path, enum store_open_mode mode,
               struct store **store_out, char **error);
/*
 * Cap the memory of the connection's page cache, in KiB. The terminal
 * application keeps it small because there is one application process per
 * session, and the operating system caches the file for all of them.
 */
int store_set_cache_kib(struct store *store, int kib);
void store_close(struct store *store);
/* Marks an English message id for xgettext (po/local.mk) without
 * translating it: the store does not call gettext, its callers do. */
#define N_(msgid) (msgid)

/* Return the message of the last failure, or "" when none failed yet. */
const char *store_error(const struct store *store);
/*
 * The same message in the reader's language. translate (gettext) turns
 * its English format into the translated one. Each argument that a bare
 * "%s" writes goes through translate too, because it is a word of the
 * code such as "too long" or the action of store_set_db_error(). Quoted
 * arguments, names and numbers are written as they are. The text stays
 * valid until the next call on store. Without a translation it is
 * store_error().
 */
const char *store_error_translated(struct store *store,
                                   const char *(*translate)(const char *msgid));

/*
 * For the store-*.c files only: the SQLite connection, and the message that
 * store_error() returns next.
 */
struct sqlite3;
struct sqlite3 *store_db(struct store *store);
void store_set_error(struct store *store, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The failure message taken apart for store_error_translated()
 * (store-message.c); store_message_new() reads the arguments of format
 * from ap without consuming them. */
struct store_message;
struct store_message *store_message_new(const char *format, va_list ap);
/* The message with translate applied, which the caller frees, or NULL
 * when the message could not be taken apart. */
char *store_message_translate(const struct store_message *message,
                              const char *(*translate)(const char *msgid));
void store_message_free(struct store_message *message);
/* Set the message to "what: " followed by SQLite's last error message. */
void store_set_db_error(struct store *store, const char *what);
/*
 * Return the statement for sql, prepared on the first call and kept until
 * store_close(), reset and with its bindings cleared; NULL when preparing
 * fails (store_set_db_error() then gives SQLite's message). The cache keeps
 * a bounded number of statements. A caller steps it to the end or calls
 * store_statement_done(), never sqlite3_finalize(), and must not ask for
 * the same sql again while it still steps it.
 */
struct sqlite3_stmt;
struct sqlite3_stmt *store_statement(struct store *store, const char *sql);
/* Reset a statement of store_statement() so that it holds no lock. */
void store_statement_done(struct sqlite3_stmt *stmt);
/* Run one SQL statement that returns no row, such as "BEGIN IMMEDIATE". */
int store_exec(struct store *store, const char *sql);

/*
 * For the store-*.c files only (store-tsv.c): the reader of the bundled
 * tab-separated UTF-8 data files. store_tsv_read() strips LF or CRLF line
 * ends and rejects invalid UTF-8 and an empty file. It checks the first
 * line with the header callback, or without one against "# " and the
 * column names joined by tabs. It passes each later "#" line, without its
 * leading "#" and spaces, to the comment callback, skips empty lines and
 * splits every other line into one field per column for the row callback.
 * Callbacks report errors with store_tsv_fail(), so that the message starts
 * with "path:line: ". store_tsv_read() and the callbacks return 0 or -1.
 */
#define STORE_TSV_MAX_COLUMNS 10
struct store_tsv;
typedef int (*store_tsv_header_fn)(struct store_tsv *tsv, const char *line);
typedef int (*store_tsv_row_fn)(struct store_tsv *tsv, char **fields);
typedef int (*store_tsv_comment_fn)(struct store_tsv *tsv, char *text);
struct store_tsv {
    struct store *store; /* receives the error message */
    const char *path;    /* file name for messages */
    /* At most STORE_TSV_MAX_COLUMNS names, NULL-terminated when fewer. The
     * header callback may set them. */
    const char *const *column_names;
    store_tsv_header_fn header;   /* NULL: compare with column_names */
    store_tsv_row_fn row;
    store_tsv_comment_fn comment; /* NULL: skip comment lines */
    void *arg;                    /* for the callbacks */
    size_t line_number;           /* 1-based, of the line being read */
};
int store_tsv_read(struct store_tsv *tsv, FILE *stream);
/* Set the message to "path:line: " and the formatted cause. Returns -1. */
int store_tsv_fail(struct store_tsv *tsv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int store_tsv_vfail(struct store_tsv *tsv, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Fail on a field of column (0-based), naming the column and the value. */
int store_tsv_fail_field(struct store_tsv *tsv, size_t column,
                         const char *what, const char *value);

/*
 * Create the schema when the file is empty and apply forward migrations.
 * Returns the number of migrations applied, or -1.
 */
int store_migrate(struct store *store);
/*
 * Apply the migrations up to version target only (at most
 * STORE_SCHEMA_VERSION), so that tests can build an older store. Returns
 * the number of migrations applied, or -1.
 */
int store_migrate_to(struct store *store, int target);
int store_schema_version(struct store *store);

/* Progress of a long load: what is loaded, how far, out of how many. */
typedef void (*store_progress_fn)(const char *what, size_t done, size_t total,
                                  void *arg);

/* Results of store_load_bundled(). */
enum store_load_result {
    STORE_LOAD_DONE = 0,       /* territories and indicators were loaded */
    STORE_LOAD_UNCHANGED = 1,  /* the store held everything already */
    STORE_LOAD_INDICATORS = 2, /* indicators were added (upgrade), and
                                  the commune history when it was empty */
    STORE_LOAD_HISTORY = 3,    /* only the commune history was added */
};

/*
 * Load the bundled data from data_dir in one transaction: the territory
 * tables and outlines when the store has no territory, then the indicator
 * catalogue (indicators/catalogue.json), its value files and point layers
 * when the store has no indicator. A data folder without a catalogue loads
 * territories only. The commune history (territories/commune-history.tsv,
 * optional) is loaded whenever the store has none. Returns a
 * store_load_result, or -1 on error (the store
 * is left as it was). A malformed line fails with its file, line, column
 * and value in the message. progress, when not NULL, is called after each
 * file with the file's path relative to data_dir and the bytes read so far
 * out of the total of all files to load.
 */
int store_load_bundled(struct store *store, const char *data_dir,
                       store_progress_fn progress, void *arg);
/*
 * For store-load.c only: the indicator part of the bundled load
 * (store-load-indicator.c). open reads the catalogue and adds up the sizes
 * of the files it names into *bytes; it returns 1 when data_dir has no
 * catalogue. run loads them inside the caller's transaction, adding the
 * bytes read to *done.
 */
struct indicator_load;
int store_load_indicators_open(struct store *store, const char *data_dir,
                               struct indicator_load **out, size_t *bytes);
int store_load_indicators_run(struct indicator_load *load,
                              store_progress_fn progress, void *arg,
                              size_t *done, size_t total);
void store_load_indicators_free(struct indicator_load *load);
/* Returns 1 when the store has an indicator, 0 when not, -1 on error. */
int store_has_indicators(struct store *store);
/*
 * For store-load.c only (store-load-history.c): load
 * territories/commune-history.tsv of data_dir into commune_history inside
 * the caller's transaction, once the communes are loaded. Returns 0, 1 when
 * the folder has no such file, -1 on an invalid line or a failure.
 */
int store_load_history(struct store *store, const char *data_dir);
/* Returns 1 when commune_history has no row, 0 when it has, -1 on error. */
int store_history_is_empty(struct store *store);

/*
 * Copy the value of a meta key (data_loaded_at, population_year, ...) into
 * *value, which the caller frees. Returns 0, 1 when the key is not set, -1
 * on error.
 */
int store_meta_get(struct store *store, const char *key, char **value);

/* Territories. */
enum territory_level {
    LEVEL_REGION = 1,
    LEVEL_DEPARTEMENT = 2,
    LEVEL_EPCI = 3,
    LEVEL_COMMUNE = 4,
};

struct territory {
    int64_t id;
    enum territory_level level;
    char code[16];      /* INSEE code, or SIREN for an EPCI */
    char *name;         /* UTF-8, as published */
    char *kind;         /* EPCI legal form (CC, CA, CU, METRO, MET69) or NULL */
    int64_t population; /* municipal population, -1 when unknown */
    int population_year;
    double area_km2;    /* < 0 when unknown */
    int commune_count;  /* communes it contains (1 for a commune) */
};

struct territory_list {
    struct territory *items;
    size_t count;
};

void territory_clear(struct territory *territory);
void territory_list_free(struct territory_list *list);
/* Return "region", "departement", "epci" or "commune" (not translated). */
const char *territory_level_name(enum territory_level level);

/*
 * Find one territory. Both return 0 when found, 1 when there is no such
 * territory, -1 on error. The caller frees out with territory_clear().
 */
int store_territory_get(struct store *store, enum territory_level level,
                        const char *code, struct territory *out);
int store_territory_get_by_id(struct store *store, int64_t id,
                              struct territory *out);
/*
 * Copy the outline of a territory into *encoding and *data, which the caller
 * frees. The encoding "lonlat-1e5-delta" is polygons separated by "|", each
 * made of rings separated by ";". A ring is "x,y dx,dy ...": the first point
 * in units of 1e-5 degree (longitude, latitude, WGS84), then each point as
 * the difference from the one before, and the ring closes on its first
 * point. The first ring of a polygon is its exterior, the others are holes.
 * Returns 0, 1 when the territory has no outline, -1 on error.
 */
int store_territory_geometry(struct store *store, int64_t id,
                             char **encoding, char **data);
/* Regions, sorted by name. */
int store_territory_regions(struct store *store, struct territory_list *out);
/*
 * Territories directly below one in the browsing tree: a région's
 * départements, a département's EPCI (those with a member commune in it)
 * and its communes outside any EPCI, an EPCI's communes. Sorted by level,
 * then by name (EPCI before communes).
 */
int store_territory_children(struct store *store, int64_t id,
                             struct territory_list *out);
/* Every territory that contains this one, largest first. */
int store_territory_parents(struct store *store, int64_t id,
                            struct territory_list *out);
/*
 * Search by name or code, accent- and case-insensitive, each word of the
 * query matching the start of a word of the name. A query made of digits
 * (or 2A/2B) matches codes by prefix. Best matches first: exact name, then
 * population. At most limit results.
 */
int store_territory_search(struct store *store, const char *query,
                           size_t limit, struct territory_list *out);

/* Accounts. */
enum user_role {
    ROLE_USER = 0,
    ROLE_REGIONAL_ADMIN = 1,
    ROLE_ADMIN = 2,
};

struct user {
    int64_t id;
    char name[64];
    enum user_role role;
    char region[8];       /* region code for a regional administrator */
    char *password_hash;  /* Argon2id string, or NULL */
    char lang[8];         /* "fr", "en" or "" for the default */
};

void user_clear(struct user *user);
const char *user_role_name(enum user_role role);
/* Parse "user", "regional-admin" or "admin". Returns 0, or -1. */
int user_role_parse(const char *name, enum user_role *role);
/* Return 1 when name is a valid account name: [a-z_][a-z0-9_.-]{0,31}. */
int user_name_valid(const char *name);

/*
 * Add an account. A regional administrator needs the code of a loaded région
 * in region, other roles take NULL or "". A name already taken is an error.
 */
int store_user_add(struct store *store, const char *name,
                   enum user_role role, const char *region);
/* Returns 0 when found, 1 when there is no such account, -1 on error. */
int store_user_find(struct store *store, const char *name, struct user *out);
/* All accounts, sorted by name. Free each with user_clear(), then the array. */
int store_user_list(struct store *store, struct user **users, size_t *count);
/* Returns 0, 1 when there is no such account, -1 on error. */
int store_user_remove(struct store *store, const char *name);
/*
 * Set or clear (hash NULL) the password hash, or set the language ("fr", "en"
 * or "" for the default). A missing account is an error.
 */
int store_user_set_password_hash(struct store *store, const char *name,
                                 const char *hash);
int store_user_set_lang(struct store *store, const char *name,
                        const char *lang);
/*
 * Add a public key given as one OpenSSH authorized_keys line ("type base64
 * [comment]"). The caller has validated it. Returns 0, 1 when the account
 * already has that key, -1 on error.
 */
int store_user_key_add(struct store *store, const char *name,
                       const char *key_type, const char *key_base64,
                       const char *comment);
struct user_key {
    char *type;
    char *base64;
    char *comment;
};
/*
 * The keys of an account, oldest first, comment "" when none. Returns 0, 1
 * when there is no such account (with no keys), -1 on error. Free them with
 * user_keys_free().
 */
int store_user_keys(struct store *store, const char *name,
                    struct user_key **keys, size_t *count);
void user_keys_free(struct user_key *keys, size_t count);

/*
 * Account name that no account may take: logging in as it with any SSH
 * key opens the account request form instead of an account.
 */
#define REQUEST_ACCOUNT "request"
/* Return 1 when name is reserved (REQUEST_ACCOUNT): store_user_add()
 * rejects it. */
int user_name_reserved(const char *name);
/*
 * Change the role of an account; region is the région code of a regional
 * administrator, NULL or "" for another role. Returns 0, 1 when there is
 * no such account, -1 (an unknown région, or a failure).
 */
int store_user_set_role(struct store *store, const char *name,
                        enum user_role role, const char *region);
struct audit_actor; /* the audit log, below */

/*
 * Change the role of an account, or remove it, with the audit row
 * (account.role, account.remove) in the same transaction
 * (store-admin.c). Same returns as store_user_set_role() and
 * store_user_remove(), with a message for 1.
 */
int store_account_set_role(struct store *store, const char *name,
                           enum user_role role, const char *region,
                           const struct audit_actor *actor);
int store_account_remove(struct store *store, const char *name,
                         const struct audit_actor *actor);
/*
 * Rename an account, keeping its id, so that its keys, password, rights,
 * dashboards and strategies stay its own, and rename its author name in
 * the dashboard history (which undo reads), with the account.rename audit
 * row in the same transaction. The old name may be reserved, which is how
 * an account named REQUEST_ACCOUNT from before account requests existed
 * can log in again. The new one must be valid, not reserved and free.
 * Returns 0, 1 when there is no such account, -1 (with the reason).
 */
int store_account_rename(struct store *store, const char *name,
                         const char *new_name,
                         const struct audit_actor *actor);
/*
 * Return 1 when an account has the reserved name REQUEST_ACCOUNT, which
 * it got before that name was reserved: it cannot log in until it is
 * renamed. 0 when there is none, -1 on error.
 */
int store_account_reserved_exists(struct store *store);
/*
 * Return 1 when the territory is the région with code region or lies in
 * it: a département or commune of it, or an EPCI with a commune in it.
 * 0 when not, -1 on error.
 */
int store_territory_in_region(struct store *store, int64_t territory_id,
                              const char *region);
/*
 * For the store-*.c files only: an SQL condition that is true when the
 * territory id given by the SQL expression territory lies in the région
 * whose code the SQL expression region gives, as
 * store_territory_in_region() defines it. Both are string literals.
 */
#define STORE_IN_REGION_SQL(territory, region)                                 \
    " EXISTS (SELECT 1 FROM territory p WHERE p.level = 1"                     \
    " AND p.code = " region " AND (" territory " = p.id"                      \
    " OR EXISTS (SELECT 1 FROM territory_member m"                             \
    " WHERE m.member_id = " territory " AND m.parent_id = p.id)"              \
    " OR EXISTS (SELECT 1 FROM territory_member c"                             \
    " JOIN territory_member m ON m.member_id = c.member_id"                    \
    " WHERE c.parent_id = " territory " AND m.parent_id = p.id)))"

/*
 * Audit log (store-audit.c): one row per sensitive action, written by
 * store_audit() and never changed afterwards. The action is one of a fixed
 * list of words (account.request, account.accept, account.refuse,
 * account.add, account.remove, account.role, account.key,
 * account.password, account.rename, indicator.import, indicator.edit,
 * indicator.publish, indicator.withdraw, group.add, group.remove,
 * dashboard.public, dashboard.share, dashboard.grant, dashboard.import,
 * dashboard.remove, strategy.grant, strategy.public, strategy.remove).
 */
#define AUDIT_LOCAL_ACCOUNT "(local)" /* the terrish command on the server */
#define AUDIT_LOCAL_ADDRESS "local"
#define AUDIT_PAGE_MAX 1000 /* rows store_audit_list() returns at most */

/* The author of an action: an account name and its client address. */
struct audit_actor {
    const char *account;
    const char *address;
};

/* The actor of the terrish command run on the server. */
extern const struct audit_actor audit_local_actor;

/* The actions, NULL-terminated, in the order of the list above. */
extern const char *const audit_action_names[];
/* Return 1 when action is one of audit_action_names. */
int audit_action_valid(const char *action);

/*
 * Write one row. target is "" when the action has none. detail is a
 * jansson json_t * object (NULL for {}), borrowed. Returns 0, or -1 (an
 * unknown action is an error). Inside the caller's transaction when one
 * is open.
 */
int store_audit(struct store *store, const struct audit_actor *actor,
                const char *action, const char *target, const void *detail);

struct audit_entry {
    int64_t id;
    char *at;      /* ISO 8601 UTC */
    char *account;
    char *address;
    char *action;
    char *target;
    char *detail;  /* JSON object as text */
};

/*
 * The filter of store_audit_list(), which returns rows newest first. Every
 * field that is not NULL (or 0) must match. since is a date or time in ISO
 * 8601 ("2026-03-01" or "2026-03-01T08:00:00Z"), compared as text with at.
 * region keeps only the rows about the account requests of that région
 * (account.request, account.accept, account.refuse), the view of a
 * regional administrator. before_id keeps rows older than that id, for
 * paging. limit is at most AUDIT_PAGE_MAX, 0 meaning AUDIT_PAGE_MAX.
 */
struct audit_filter {
    const char *account;
    const char *action;
    const char *since;
    const char *region;
    int64_t before_id;
    size_t limit;
};

int store_audit_list(struct store *store, const struct audit_filter *filter,
                     struct audit_entry **out, size_t *count);
void audit_entries_free(struct audit_entry *entries, size_t count);

/*
 * Account requests (store-request.c). Someone without an account logs in
 * as REQUEST_ACCOUNT with the key they want, fills a form, and an
 * administrator, or a regional administrator of the request's région,
 * accepts it (which creates the account with that key) or refuses it with
 * a reason that the requester sees at the next login.
 */
#define STORE_LIMITED 4 /* return value: a rate limit was reached */

/*
 * Rate limits, per client address (an IPv4 address or the /64 prefix of an
 * IPv6 one, since one host often has a whole /64): requests made in the
 * last 24 hours, and logins as REQUEST_ACCOUNT in the last hour. A person
 * needs one request and a few logins to follow it; the limits only stop a
 * script that fills the queue of the administrators.
 */
#define REQUEST_PER_DAY 3
#define REQUEST_LOGINS_PER_HOUR 10

#define REQUEST_TEXT_MAX 200    /* bytes of a full name, e-mail, organisation */
#define REQUEST_REASON_MAX 2000 /* bytes of the reason, line feeds included */

enum request_status {
    REQUEST_PENDING = 0,
    REQUEST_ACCEPTED = 1,
    REQUEST_REFUSED = 2,
};

struct account_request {
    int64_t id;
    char *name;          /* account name asked for */
    char *full_name;
    char *email;
    char *organisation;
    char *reason;        /* may contain line feeds */
    int64_t territory_id; /* 0 when the territory was removed */
    char *territory_name; /* NULL when removed */
    enum territory_level territory_level;
    char territory_code[16];
    char *key_type;      /* "ssh-ed25519", "ecdsa-sha2-nistp256"... */
    char *key_base64;
    char *key_fingerprint; /* "SHA256:..." */
    char *address;       /* client address it came from */
    char lang[8];        /* "fr", "en" or "": the account's language */
    enum request_status status;
    char *created_at;    /* ISO 8601 UTC */
    char *decided_at;    /* NULL while pending */
    char *decided_by;    /* account name, NULL while pending */
    char *refusal_reason; /* NULL unless refused */
    char *account_name;  /* the account created, NULL unless accepted */
};

void account_request_clear(struct account_request *request);
void account_requests_free(struct account_request *requests, size_t count);
/* "pending", "accepted" or "refused"; parse returns 0, or -1. */
const char *request_status_name(enum request_status status);
int request_status_parse(const char *name, enum request_status *status);
/*
 * Return 1 when email looks like an address: one '@' with text before it,
 * a domain after it that has a dot inside, no space or control character,
 * at most REQUEST_TEXT_MAX bytes.
 */
int request_email_valid(const char *email);
/*
 * Return a copy of text that is safe to store and show: invalid UTF-8 and
 * control characters (C0, DEL, C1) become U+FFFD, except line feeds when
 * multiline is 1. The caller frees it.
 */
char *request_text_clean(const char *text, int multiline);

/* Whether an account name may be asked for, and why not. */
enum request_name_check {
    REQUEST_NAME_FREE = 0,
    REQUEST_NAME_INVALID = 1,  /* not a valid account name */
    REQUEST_NAME_RESERVED = 2, /* such as "request" or "root" */
    REQUEST_NAME_TAKEN = 3,    /* an account or a pending request has it */
};

/*
 * Check that name may be asked for: a valid account name, not reserved,
 * not an account, not the name of a pending request. Returns one of enum
 * request_name_check, with an English message in store_error() when the
 * name is not free, or -1 on error.
 */
int store_request_check_name(struct store *store, const char *name);
/*
 * Record a request from its fields (name, full_name, email, organisation,
 * reason, territory_id, key_*, address, lang); request->id and
 * request->created_at receive their values. Text is cleaned with
 * request_text_clean(). Writes the account.request audit row in the same
 * transaction. Returns 0, 1 for invalid input or when the key already has
 * a pending request (the message names the cause), STORE_LIMITED when the
 * address made REQUEST_PER_DAY requests in the last 24 hours, -1.
 */
int store_request_add(struct store *store, struct account_request *request);
/* Returns 0, 1 when there is no such request, -1. */
int store_request_get(struct store *store, int64_t id,
                      struct account_request *out);
/* The latest request made with a key. Same returns. */
int store_request_for_key(struct store *store, const char *key_type,
                          const char *key_base64,
                          struct account_request *out);
/* The filter of store_request_list(). */
struct request_filter {
    const char *region;      /* NULL, or only the requests of this région */
    int pending_only;        /* oldest first; otherwise newest first */
    const char *accepted_by; /* NULL, or only those this account accepted */
};
int store_request_list(struct store *store, const struct request_filter *filter,
                       struct account_request **out, size_t *count);
/*
 * Accept a pending request: in one transaction, create the account with
 * role user, the request's key and language, mark the request accepted
 * and write the account.accept audit row. region, when not NULL, is the
 * région of a regional administrator, who may decide only on the requests
 * of that région. Returns 0, 1 when there is no such request,
 * STORE_FORBIDDEN (another région), STORE_CONFLICT (already decided, or
 * the name was taken since: the message names the cause), -1.
 */
int store_request_accept(struct store *store, int64_t id,
                         const struct audit_actor *actor, const char *region);
/* Refuse a pending request with a reason (1 to REQUEST_REASON_MAX bytes,
 * cleaned as a multiline text). Same returns. */
int store_request_refuse(struct store *store, int64_t id,
                         const struct audit_actor *actor, const char *region,
                         const char *reason);
/*
 * Write into out (at least 48 bytes) what the rate limits count an address
 * by: an IPv4 address as it is (an IPv4-mapped IPv6 address as IPv4), the
 * /64 prefix of an IPv6 address ("2001:db8:1:2::/64"), any other text as
 * it is.
 */
void request_address_key(const char *address, char *out, size_t size);
/* Count the requests that address made in the last 24 hours. */
int store_request_count_recent(struct store *store, const char *address,
                               int *count);
/*
 * Record a login as REQUEST_ACCOUNT from address and set *count to the
 * logins from it in the last hour, this one included. Deletes the rows
 * older than a day. Returns 0, or -1.
 */
int store_request_login_record(struct store *store, const char *address,
                               int *count);

/*
 * Catalogue administration (store-catalogue.c). Each change writes its
 * audit row in the same transaction.
 *
 * Edit one text of an indicator: field is "name_fr", "name_en",
 * "description_fr", "description_en", "theme", "unit", "source",
 * "licence" or "confidentiality" (a rule: "none", "blank_is_secret" or
 * "blank_not_estimated"). Names, theme, unit, source and licence are 1 to
 * REQUEST_TEXT_MAX bytes on one line, descriptions up to
 * REQUEST_REASON_MAX bytes, without control characters but line feeds.
 * Returns 0, 1 when there is no such indicator, -1 (an invalid value: the
 * message gives the reason).
 */
int store_indicator_set_text(struct store *store, const char *id,
                             const char *field, const char *value,
                             const struct audit_actor *actor);
/*
 * Publish (published 1) or withdraw (0) an indicator, or with year > 0
 * one of its years. Returns 0, 1 when there is no such indicator or year,
 * -1.
 */
int store_indicator_set_published(struct store *store, const char *id,
                                  int year, int published,
                                  const struct audit_actor *actor);
/* Every year of an indicator and whether it is published. */
struct indicator_year_state {
    int year;
    int published;
};
int store_indicator_year_states(struct store *store, const char *id,
                                struct indicator_year_state **out,
                                size_t *count);

/*
 * Visibility of the catalogue for one connection. With published_only
 * set (the connection of an account that is not an administrator),
 * store_indicator_get() leaves out the years not published, and
 * store_indicator_value(), store_indicator_mesh(), their group forms and
 * store_points() give nothing (RESULT_NOT_AVAILABLE, no feature) for an
 * indicator or a year that is not published, nor for a ratio with such an
 * operand. Entries not published are still returned by
 * store_indicator_get() with published 0: listing code checks that flag.
 */
void store_set_published_only(struct store *store, int published_only);
int store_published_only(const struct store *store);
/*
 * For the store-*.c files only: return 1 when this connection is
 * published-only and indicator id is not published, or year (when not 0)
 * is one of its years that is not published; 0 otherwise, -1 on error.
 */
int store_indicator_hidden(struct store *store, const char *id, int year);

/*
 * Indicator values as an import produces them, before they are written.
 * Codes are territory codes at the batch's level (INSEE for communes,
 * départements and régions, SIREN for EPCI), already normalised (leading
 * zeros restored, Corsica as 2A/2B).
 */
enum value_flag {
    VALUE_PRESENT = 0,       /* value contains a number */
    VALUE_SECRET = 1,        /* withheld by statistical secrecy ("s") */
    VALUE_NOT_ESTIMATED = 2, /* not estimated or not available ("nd") */
};

struct import_row {
    char code[16];
    int year;
    char *category; /* NULL when the indicator has no categories */
    double value;   /* meaningful only when flag is VALUE_PRESENT */
    enum value_flag flag;
    long line;      /* line of the source file, for error messages */
};

struct import_batch {
    char *indicator_id;
    /* Catalogue entry, with the keys of data/indicators/catalogue.json;
     * a jansson json_t *, kept opaque here. */
    void *meta;
    enum territory_level level;
    char *source_name; /* file name shown in error messages */
    /* 1 when the rows are origin-destination flows (MOBPRO): code is the
     * origin commune and category "DESTINATION:MODE". They are written to
     * indicator_flow, as the bundled flow files are. */
    int flows;
    struct import_row *rows;
    size_t count;
    size_t capacity;
};

void import_batch_init(struct import_batch *batch);
void import_batch_clear(struct import_batch *batch);
/* Append a row; the batch copies category. */
void import_batch_add(struct import_batch *batch, const char *code, int year,
                      const char *category, double value,
                      enum value_flag flag, long line);

/* Counts of the former codes that store_import_batch() mapped or skipped. */
struct import_summary {
    size_t mapped;       /* rows of former codes added to a current commune */
    size_t mapped_codes; /* distinct former codes among them */
    size_t skipped;      /* arrondissement rows whose commune the batch gives */
};

/*
 * Write a batch in one transaction: create or update the indicator's
 * catalogue entry from batch->meta, replace every value of the years the
 * batch contains, and insert its rows. A commune code that is no longer
 * current is mapped through the commune history: rows that map to the same
 * (commune, year, category) are summed (a secret part makes the sum secret,
 * else a not-estimated part makes it not estimated), and arrondissement rows
 * are skipped when the batch gives their commune's own cell. An unknown
 * territory code, a category that the catalogue entry does not list (when
 * it lists categories), or a duplicate (code, year, category) fails the
 * whole batch with a message naming the source file, line and value; the
 * store is then unchanged. summary, when not NULL, receives the counts of
 * mapped and skipped rows. Returns 0, 1 for such invalid input (also an
 * invalid catalogue entry, an unknown indicator, or a ratio, which takes no
 * values), -1 on a database failure.
 */
int store_import_batch(struct store *store, const struct import_batch *batch,
                       store_progress_fn progress, void *arg,
                       struct import_summary *summary);

/*
 * For store-indicator.c only (store-import-flow.c): replace the flows of the
 * years of a flow batch in indicator_flow, mapping former commune codes
 * through the commune history. Returns 0, 1 for invalid input, -1.
 */
struct indicator;
int store_import_flows(struct store *store, const struct import_batch *batch,
                       const struct indicator *indicator,
                       struct import_summary *summary);
/*
 * Run sql once per year of the batch, with the indicator id bound to ?1
 * and the year to ?2 (store-*.c only). Returns 0, or -1 with what as the
 * error.
 */
int store_import_run_per_year(struct store *store,
                              const struct import_batch *batch,
                              const char *sql, const char *what);

/* Indicators (store-indicator.c). */
enum aggregation_rule {
    AGGREGATION_SUM = 0,
    AGGREGATION_RATIO = 1,         /* factor * numerator / denominator */
    AGGREGATION_WEIGHTED_MEAN = 2, /* sum(value * weight) / sum(weight) */
};

/* A catalogue entry, with the names in both languages. */
struct indicator {
    char *id;
    char *name_fr;
    char *name_en;
    char *theme;    /* French; also the key of the default dashboards */
    char *unit;     /* French */
    char *theme_en; /* NULL when the catalogue gives no English text */
    char *unit_en;
    char *source;
    char *licence;
    char *url;          /* NULL when the source has none */
    char *native_level; /* commune, epci, departement, region or point */
    enum aggregation_rule rule;
    char *numerator;          /* ratio operands, else NULL */
    char *numerator_category; /* NULL: every category of the numerator */
    char *denominator;
    int denominator_year;     /* 0: the numerator's year */
    double factor;
    char *weight;             /* weighted_mean weight indicator, else NULL */
    int partial;              /* the source covers only part of the data */
    int published;
    int *years;               /* sorted */
    size_t year_count;
    char **categories;        /* category ids, in catalogue order */
    char **category_names_fr; /* names of the categories, same order */
    char **category_names_en;
    size_t category_count;
    char *description_fr;     /* "" when the catalogue has none */
    char *description_en;
    char *confidentiality;    /* rule name, "none" when there is none */
    char *confidentiality_note_fr; /* NULL when none */
    char *confidentiality_note_en;
    char *partial_note_fr;    /* what part the source covers, or NULL */
    char *partial_note_en;
    char *representation;     /* "stacked", "map"... or "" */
};

void indicator_clear(struct indicator *indicator);
/*
 * Set *english to a copy of the English text of a catalogue theme, given
 * in French, which the caller frees. Returns 0, 1 with *english NULL when
 * no entry of that theme has one, -1 on error.
 */
int store_theme_english(struct store *store, const char *theme, char **english);
/* Returns 0 when found, 1 when there is no such indicator, -1 on error. */
int store_indicator_get(struct store *store, const char *id,
                        struct indicator *out);
/* The ids of every indicator in catalogue order; free with free() each. */
int store_indicator_ids(struct store *store, char ***ids, size_t *count);
/*
 * Parse a native level name into a territory level. Returns 0, or -1 for
 * "point" and unknown names.
 */
int indicator_level_parse(const char *name, enum territory_level *level);

/*
 * Write one catalogue entry (an object with the keys of
 * data/indicators/catalogue.json, as a jansson json_t *) with its years and
 * categories, replacing an entry with the same id. where prefixes the
 * messages of an invalid entry.
 */
int store_indicator_write_meta(struct store *store, const void *entry,
                               const char *where);

/* Territory groups defined by an administrator (store-group.c). */
struct territory_group {
    int64_t id;
    char *name;        /* unique in the store */
    char *kind;        /* "natural park", "SCoT", "PETR", "TEPOS" or another */
    char *description; /* "" when none */
    int commune_count;
};

void territory_group_clear(struct territory_group *group);
/*
 * Create a group. created_by is an account name, or NULL for one made by
 * the command line. Returns 0 with *id set, or -1.
 */
int store_group_create(struct store *store, const char *name,
                       const char *kind, const char *created_by,
                       int64_t *id);
/*
 * Add the commune with INSEE code to a group. Returns 0, 1 when it was
 * already a member, -1 on error (unknown group or commune).
 */
int store_group_add_commune(struct store *store, int64_t group_id,
                            const char *code);
/*
 * Add the communes of the territory at level with code: the commune itself,
 * or every commune of an EPCI, département or région. *added, when not
 * NULL, receives the number of communes that were not members yet.
 * Returns 0, 1 when no territory has that code at that level, -1 on error.
 */
int store_group_add_territory(struct store *store, int64_t group_id,
                              enum territory_level level, const char *code,
                              int *added);
/* Set the description ("" for none). Returns 0, or -1. */
int store_group_set_description(struct store *store, int64_t group_id,
                                const char *description);
/*
 * Find a group by id or by name. Both return 0 when found, 1 when there is
 * no such group, -1 on error. The caller frees out with
 * territory_group_clear().
 */
int store_group_get(struct store *store, int64_t id,
                    struct territory_group *out);
int store_group_find(struct store *store, const char *name,
                     struct territory_group *out);
/* Every group, sorted by name. Free each with territory_group_clear(). */
int store_group_list(struct store *store, struct territory_group **groups,
                     size_t *count);
/* The communes of a group, sorted by code. */
int store_group_communes(struct store *store, int64_t group_id,
                         struct territory_list *out);
/* Remove a group and its member list. Returns 0, 1 when not found, -1. */
int store_group_remove(struct store *store, int64_t group_id);

/* Aggregated values (store-aggregate.c). */
enum result_flag {
    RESULT_PRESENT = 0,       /* value is complete */
    RESULT_PARTIAL = 1,       /* value is a lower bound or misses parts */
    RESULT_SECRET = 2,        /* withheld by statistical secrecy */
    RESULT_NOT_AVAILABLE = 3, /* no value at this level */
};

struct indicator_result {
    double value;          /* meaningful for RESULT_PRESENT and _PARTIAL */
    enum result_flag flag;
    char unit[48];         /* the catalogue's unit, in French */
    char unit_en[48];      /* in English, or as unit when there is none */
    int year;
    int parts;             /* native cells (unit x category) summed */
    int secret_parts;      /* of which withheld */
    int missing_parts;     /* not estimated, without a row, or outside */
};

/* Return "", "partial", "secret" or "na" (not translated). */
const char *result_flag_name(enum result_flag flag);

/*
 * Compute an indicator for a territory and a year, for one category or
 * (category NULL) the total over its categories, following the rules of
 * docs/data-model.md. Returns 0, 1 when the indicator or territory does not
 * exist, -1 on error.
 */
int store_indicator_value(struct store *store, const char *indicator_id,
                          int64_t territory_id, int year, const char *category,
                          struct indicator_result *out);
/* The same for the communes of a territory group. */
int store_indicator_group_value(struct store *store, const char *indicator_id,
                                int64_t group_id, int year,
                                const char *category,
                                struct indicator_result *out);

/* One unit of a mesh and its value, passed to a store_mesh_fn. */
struct mesh_row {
    const struct territory *unit;
    const struct indicator_result *result;
};

/* Receives each row of a mesh; a non-zero return stops the walk. */
typedef int (*store_mesh_fn)(const struct mesh_row *row, void *arg);

/*
 * Walk the units of level mesh_level that have a commune inside the
 * territory (the territory itself when mesh_level is its level), sorted by
 * code, and pass each with its value to fn. A unit that spans the
 * territory's border gets its whole value. Returns 0, 1 when the indicator
 * or territory does not exist, the non-zero value fn returned, or -1.
 */
int store_indicator_mesh(struct store *store, const char *indicator_id,
                         int64_t territory_id, enum territory_level mesh_level,
                         int year, const char *category, store_mesh_fn fn,
                         void *arg);
/*
 * The same over the communes of a territory group: the units of mesh_level
 * with a commune in the group. Returns 0, 1 when the indicator or group
 * does not exist, the non-zero value fn returned, or -1.
 */
int store_indicator_group_mesh(struct store *store, const char *indicator_id,
                               int64_t group_id,
                               enum territory_level mesh_level, int year,
                               const char *category, store_mesh_fn fn,
                               void *arg);

/*
 * Dashboards (store-dashboard.c, store-dashboard-edit.c,
 * store-dashboard-history.c, store-dashboard-default.c). A dashboard
 * belongs to an account and shows widgets for a territory. Every change of
 * its content is recorded in its
 * history (who, when, what, before and after) and bumps the dashboard's
 * version. A change names the version of the field it was made against,
 * and is refused with STORE_CONFLICT when that field changed since:
 * changes to other fields or other widgets since then do not conflict.
 * Each change runs in one BEGIN IMMEDIATE transaction, so that changes
 * from several processes are applied one after the other and none is
 * lost. Rights, the share code and the public mark are not part of the
 * versioned content: changing them adds no history row.
 *
 * Rights: the owner and every administrator (role "admin") have
 * ACCESS_OWNER, an editor ACCESS_EDIT, a viewer ACCESS_VIEW, and so does
 * everybody on a public dashboard. A regional administrator has no
 * special right. An account that opens a dashboard with its share code is
 * a viewer, which the caller of store_dashboard_by_code() enforces.
 * Changing a field or a widget, undo and revert need ACCESS_EDIT. Grant,
 * share, unshare and remove need ACCESS_OWNER, and set_public an
 * administrator. Copy needs ACCESS_VIEW, or the share code
 * (store_dashboard_copy_by_code()). Without the right, a function returns
 * STORE_FORBIDDEN with a message.
 *
 * Names and titles are valid UTF-8 of at most DASHBOARD_NAME_MAX and
 * WIDGET_TITLE_MAX bytes without control characters (bytes below 0x20,
 * 0x7f, and U+0080 to U+009F), so that no stored text can send an escape
 * sequence to another user's terminal. A description may also contain
 * "\n". Other values are rejected with -1 and a message.
 */
#define STORE_CONFLICT 2    /* return value: the field changed since */
#define STORE_FORBIDDEN 3   /* return value: the account lacks the right */
#define DASHBOARD_CODE_LENGTH 8 /* characters of a share code */
#define DASHBOARD_NAME_MAX 200 /* bytes of a name, at least 1 */
#define DASHBOARD_DESCRIPTION_MAX 2000 /* bytes of a description */
#define WIDGET_TITLE_MAX 200   /* bytes of a widget title */
#define DASHBOARD_GRID_COLUMNS 4 /* columns of the grid, and maximum height */

enum dashboard_access {
    ACCESS_NONE = 0,
    ACCESS_VIEW = 1,  /* a viewer, a share code, a public dashboard */
    ACCESS_EDIT = 2,  /* an editor */
    ACCESS_OWNER = 3, /* the owner, or an administrator */
};

struct dashboard {
    int64_t id;
    char *name;
    char *description;     /* "" when none */
    char owner[64];        /* account name */
    int64_t territory_id;
    int public;
    char share_code[DASHBOARD_CODE_LENGTH + 1]; /* "" when none */
    int64_t version;       /* of the last change, 0 for a new dashboard */
    char *updated_at;      /* ISO 8601 UTC, of the last change */
};

/* Widget representations. */
enum widget_kind {
    WIDGET_KPI,         /* value, trend, comparison to the parent */
    WIDGET_BARS,        /* bars by category */
    WIDGET_SERIES,      /* value over the years */
    WIDGET_MINIMAP,     /* small choropleth of the territory's units */
    WIDGET_RANKING,     /* against similar territories */
    WIDGET_MODAL_SPLIT, /* one bar of the shares of transport modes */
    WIDGET_FLOWS,       /* main origin-destination flows */
    WIDGET_GAUGE,       /* value against a target */
    WIDGET_KIND_COUNT
};

struct widget {
    int64_t id;
    int64_t dashboard_id;
    int position;          /* 0, 1, ...: widgets are read by (position, id) */
    char *indicator_id;
    char *category;        /* NULL for the total */
    int64_t territory_id;  /* 0: the dashboard's territory */
    enum widget_kind kind;
    char *title;           /* "" for the indicator's name */
    int width;             /* 1 to 4 columns of the dashboard grid */
    int height;            /* 1 to 4 rows of the grid */
    int has_target;
    double target;         /* gauge target, in the indicator's unit */
    int64_t version;       /* dashboard version of its last change */
};

/*
 * One change of a dashboard's history. before and after are JSON: a
 * string, a number or null for a field (a territory is its id, null for
 * the dashboard's territory); for field "widget", null and the widget as
 * an object whose keys are the widget field names, such as
 * {"position":0,"indicator":"cars","category":null,"territory":null,
 * "kind":"bars","title":"","width":2,"height":2,"target":null}.
 */
struct dashboard_change {
    int64_t version;       /* the dashboard's version after it */
    char account[64];
    char *at;              /* ISO 8601 UTC */
    int64_t widget_id;     /* 0 for the dashboard itself */
    char *field;           /* "name", "title", "widget" (added/removed)... */
    char *before;          /* JSON text, "null" when there was none */
    char *after;
    int64_t undo_of;       /* version this change undid, 0 when none */
    int64_t revert_to;     /* version a revert went back to, -1 when none */
};

void dashboard_clear(struct dashboard *dashboard);
void widget_clear(struct widget *widget);
void dashboard_change_clear(struct dashboard_change *change);
/* "kpi", "bars", "series", "minimap", "ranking", "modal_split", "flows",
 * "gauge"; widget_kind_parse() returns 0, or -1 for another name. */
const char *widget_kind_name(enum widget_kind kind);
int widget_kind_parse(const char *name, enum widget_kind *kind);
/*
 * Check a text before storing it: a name or title (multiline 0, max
 * DASHBOARD_NAME_MAX or WIDGET_TITLE_MAX) or a description (multiline 1,
 * max DASHBOARD_DESCRIPTION_MAX). Returns NULL when it may be stored,
 * else the reason, such as "too long": a static English message that is
 * in the message catalogue, so that a caller may show gettext(reason). A
 * dashboard name must also contain a character other than a space.
 */
const char *dashboard_text_problem(const char *text, size_t max,
                                   int multiline);

/*
 * Create an empty dashboard owned by account, at version 0. Returns 0 with
 * *id, or -1 (unknown account or territory, invalid name).
 */
int store_dashboard_create(struct store *store, const char *account,
                           const char *name, int64_t territory_id,
                           int64_t *id);
/*
 * The same with widgets, checked as store_widget_add() checks them and
 * placed in array order: they are part of version 0, so no history row
 * records them. For a default dashboard (store_dashboard_default()).
 */
int store_dashboard_create_with_widgets(struct store *store,
                                        const char *account,
                                        const char *name,
                                        int64_t territory_id,
                                        const struct widget *widgets,
                                        size_t count, int64_t *id);
/* Returns 0, 1 when there is no such dashboard, -1. */
int store_dashboard_get(struct store *store, int64_t id,
                        struct dashboard *out);
/* The code is matched without regard to case. Same returns. */
int store_dashboard_by_code(struct store *store, const char *code,
                            struct dashboard *out);
/*
 * What account may do with a dashboard (an unknown account: ACCESS_VIEW
 * on a public dashboard, else ACCESS_NONE). Returns 0, 1 when there is no
 * such dashboard, -1.
 */
int store_dashboard_access(struct store *store, int64_t id,
                           const char *account, enum dashboard_access *out);
/*
 * Dashboards account owns, is granted, or that are public, by name. An
 * administrator gets the same list, not every dashboard. Free each with
 * dashboard_clear(), then the array.
 */
int store_dashboard_list(struct store *store, const char *account,
                         struct dashboard **out, size_t *count);
/* The widgets, by position (removed ones left out). Free each with
 * widget_clear(), then the array. */
int store_dashboard_widgets(struct store *store, int64_t id,
                            struct widget **out, size_t *count);

/*
 * Change one field of a dashboard ("name", "description", "territory")
 * or of a widget ("title", "indicator", "category", "territory", "kind",
 * "width", "height", "target", "position"), value as text. A territory is
 * its id or "LEVEL:CODE" ("commune:69123"). An empty value sets a widget
 * to the dashboard's territory, the total (no category), no target, or
 * the indicator's name as title. A category must be one of those of the
 * widget's indicator, and changing the indicator clears a category that
 * the new one lacks, in the same version. Setting the value a field has
 * already writes nothing and
 * returns 0 with the current version. expected is the version the caller
 * saw for that field (the dashboard's or the widget's version will do).
 * Returns 0 (with *version the new dashboard version), STORE_CONFLICT
 * (nothing written), STORE_FORBIDDEN, 1 when the dashboard or widget does
 * not exist, or -1 (bad value: the message gives the reason). Changing a removed
 * widget is STORE_CONFLICT when it was removed after expected, else 1.
 */
int store_dashboard_set(struct store *store, const char *account,
                        int64_t dashboard_id, const char *field,
                        const char *value, int64_t expected,
                        int64_t *version);
int store_widget_set(struct store *store, const char *account,
                     int64_t widget_id, const char *field, const char *value,
                     int64_t expected, int64_t *version);
/*
 * Record in the history a value that account gave up after a conflict,
 * and leave the field as it is: the value is written at one version and
 * undone at the next, in one transaction. widget_id 0 names a field of
 * the dashboard itself. Undo passes over both versions. Returns 0 with
 * *version the second version (nothing is written for a value equal to
 * the current one), STORE_FORBIDDEN, 1 when the widget is not present on
 * that dashboard, or -1 (bad value: the message gives the reason).
 */
int store_dashboard_set_undone(struct store *store, const char *account,
                               int64_t dashboard_id, int64_t widget_id,
                               const char *field, const char *value,
                               int64_t *version);
/*
 * Add a widget at the end of widget->dashboard_id; widget->id,
 * widget->position and widget->version receive their values. Same
 * returns (never STORE_CONFLICT).
 */
int store_widget_add(struct store *store, const char *account,
                     struct widget *widget, int64_t *version);
/* Remove a widget; undo or revert brings it back with its id. Returns 1
 * when it does not exist or is already removed. */
int store_widget_remove(struct store *store, const char *account,
                        int64_t widget_id, int64_t *version);

/* Sharing, by the owner (or an administrator). role ACCESS_VIEW or
 * ACCESS_EDIT, ACCESS_NONE to revoke; the grantee must exist and not be
 * the owner. Returns 0, STORE_FORBIDDEN, 1 when there is no such
 * dashboard, -1. */
int store_dashboard_grant(struct store *store, const char *account,
                          int64_t id, const char *grantee,
                          enum dashboard_access role);
/*
 * The role that grantee was given on dashboard id: ACCESS_VIEW,
 * ACCESS_EDIT, or ACCESS_NONE when none was given (owning the dashboard,
 * its public mark or the admin role are not given roles). Returns 0, or
 * -1 with a message.
 */
int store_dashboard_role(struct store *store, int64_t id, const char *grantee,
                         enum dashboard_access *role);
/* An account given a role on a dashboard or a strategy. */
struct store_grant {
    char account[64];
    enum dashboard_access role; /* ACCESS_VIEW or ACCESS_EDIT */
};
/*
 * The accounts given a role on dashboard id, by account name, into a new
 * array (free() it). Returns 0 (also for none), or -1.
 */
int store_dashboard_grants(struct store *store, int64_t id,
                           struct store_grant **out, size_t *count);
/* For store-*.c: read the rows of sql, which binds ?1 to id and returns
 * the account name and the role, into a new array. */
int store_grants_read(struct store *store, const char *sql, int64_t id,
                      struct store_grant **out, size_t *count);
/* For store-*.c: read the role ("viewer" or "editor") of the first row of
 * sql, which binds ?1 to id and ?2 to grantee, into *role (ACCESS_NONE
 * when there is no row). Returns 0, or -1 with a message. */
int store_role_read(struct store *store, const char *sql, int64_t id,
                    const char *grantee, enum dashboard_access *role);
/* Create (or replace) the share code: DASHBOARD_CODE_LENGTH characters of
 * "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" (no 0, 1, I or O), drawn with
 * libsodium's randombytes_uniform(). Same returns. */
int store_dashboard_share(struct store *store, const char *account,
                          int64_t id, char code[DASHBOARD_CODE_LENGTH + 1]);
/* Remove the share code, so that it opens nothing any more. */
int store_dashboard_unshare(struct store *store, const char *account,
                            int64_t id);
/* Administrators only. Same returns. */
int store_dashboard_set_public(struct store *store, const char *account,
                               int64_t id, int public);
/*
 * Copy a dashboard account can see into a new one it owns, at version 0:
 * the same description, territory and widgets, without history, rights,
 * share code or public mark. The copy is named name, or when name is NULL
 * the original name followed by " (2)" (shortened to fit). The _by_code
 * form copies the dashboard of a share code for any existing account.
 * Returns 0 with *new_id, STORE_FORBIDDEN, 1 when there is no such
 * dashboard (or code), -1.
 */
int store_dashboard_copy(struct store *store, const char *account,
                         int64_t id, int64_t *new_id);
int store_dashboard_copy_named(struct store *store, const char *account,
                               int64_t id, const char *name,
                               int64_t *new_id);
int store_dashboard_copy_by_code(struct store *store, const char *account,
                                 const char *code, const char *name,
                                 int64_t *new_id);
/* Remove a dashboard with its widgets, rights and history. */
int store_dashboard_remove(struct store *store, const char *account,
                           int64_t id);

/* Changes after version since, oldest first (rows of one version in the
 * order they were written). Free each with dashboard_change_clear(). */
int store_dashboard_history(struct store *store, int64_t id, int64_t since,
                            struct dashboard_change **out, size_t *count);
/*
 * Undo account's own last change that is still in effect; revert the
 * whole dashboard to its state at an earlier version. Both are recorded
 * as new changes, all rows of one undo or revert under one new version,
 * and history is never rewritten.
 *
 * Undo takes the account's latest version that is neither an undo nor
 * already undone, and whose values are all still in place, so repeated
 * undos go further back (there is no redo). It writes back the before
 * value of each row of that version. A version of which another change
 * has replaced a value since (or removed the widget) is passed over and
 * never undone. Revert to V recomputes the state at V from the history
 * and writes the fields that differ, restoring removed widgets with their
 * ids. A revert to the current version writes nothing. Both return as
 * store_dashboard_set does. Undo also returns 1 when the account has no
 * change left to undo. When later changes replaced all those that are
 * left, it writes nothing and returns STORE_CONFLICT.
 */
int store_dashboard_undo(struct store *store, const char *account,
                         int64_t id, int64_t *version);
int store_dashboard_revert(struct store *store, const char *account,
                           int64_t id, int64_t to_version, int64_t *version);

/*
 * Default dashboards (store-dashboard-default.c), built in memory. themes
 * are the distinct catalogue themes, in catalogue order, that have a
 * published indicator with values per territory (point layers left out).
 * Free each theme, then the array.
 */
int store_dashboard_themes(struct store *store, char ***themes,
                           size_t *count);
/*
 * The widgets of the default dashboard of a theme for a territory, using
 * only published indicators of the store that the territory's level can
 * show (native level the same or finer). "Mobilité" has a fixed layout,
 * and another theme gets a kpi per indicator, then bars for each indicator
 * with categories. Widths are adjusted so that every row spans the
 * DASHBOARD_GRID_COLUMNS. Widgets have id 0 and the dashboard's
 * territory. Free each with widget_clear(), then the array. Returns 0, 1
 * when the theme or the territory does not exist, -1.
 */
int store_dashboard_default(struct store *store, const char *theme,
                            int64_t territory_id, struct widget **out,
                            size_t *count);
/*
 * Territories like territory_id for a ranking: the same level, for an
 * EPCI the same legal form (METRO and MET69 count as one), for a commune
 * or an EPCI a population between half and twice its own. They come from
 * its région when the région has at least 10 of them, else from all of
 * France, closest population ratio first, at most limit, itself left
 * out. A territory of unknown population gets an empty list. Returns 0,
 * 1 when there is no such territory, -1.
 */
int store_similar_territories(struct store *store, int64_t territory_id,
                              size_t limit, struct territory_list *out);

/*
 * For the store-dashboard*.c files only. dashboard_begin() starts a
 * BEGIN IMMEDIATE transaction. dashboard_end() commits it when rc is 0,
 * else rolls it back keeping the message, and returns rc (-1 when the
 * commit fails). dashboard_query_int() runs sql, which returns at most one
 * integer, with id bound to ?1 and text and text2 to ?2 and ?3 when sql
 * has them: 0 with *value, 1 when there is no row, -1.
 * dashboard_access_check() returns 0 when account has at least need on a
 * dashboard, 1 when there is no such dashboard, STORE_FORBIDDEN with a
 * message naming action, or -1. dashboard_widget_check() checks every
 * field of a widget, its category against its indicator included.
 * dashboard_widget_insert() writes a checked widget at version and sets
 * widget->id.
 */
int dashboard_begin(struct store *store);
int dashboard_end(struct store *store, int rc);
int dashboard_query_int(struct store *store, const char *sql, int64_t id,
                        const char *text, const char *text2, int64_t *value);
int dashboard_access_check(struct store *store, const char *account,
                           int64_t id, enum dashboard_access need,
                           const char *action);
int dashboard_widget_check(struct store *store, const struct widget *widget);
int dashboard_widget_insert(struct store *store, struct widget *widget,
                            int64_t version);

/*
 * For the store-dashboard*.c files only: one versioned edit of a
 * dashboard, inside the caller's transaction (store-dashboard-edit.c).
 * dashboard_edit_open() checks that account may edit and reads the
 * version: 0, 1, STORE_FORBIDDEN or -1. Every row written then gets
 * version, at, undo_of and revert_to. dashboard_edit_finish() stores the
 * new version when rows were written, ends the transaction as
 * dashboard_end() does and sets *version to the dashboard's version.
 * dashboard_edit_conflict() returns STORE_CONFLICT with a message when a
 * change to field of the dashboard (widget_id 0) or of a widget has a
 * version after expected, else 0 or -1.
 *
 * Values are jansson json_t *, kept opaque here, as in the history.
 * dashboard_edit_get() returns a new reference to the current value of a
 * field, or NULL with a message on error. For "widget" the value is the
 * widget's object, or null when it is removed. With widget_id 0 and field
 * NULL it is an object of every dashboard field. dashboard_edit_put()
 * checks and writes a value with its history row. For "widget", null
 * removes the widget and an object restores it. A value equal to the
 * current one writes nothing.
 */
struct dashboard_edit {
    struct store *store;
    const char *account;
    int64_t dashboard_id;
    int64_t current;   /* the dashboard's version before the edit */
    int64_t version;   /* version of the rows written: current + 1 */
    int64_t undo_of;   /* the version an undo reverses, else 0 */
    int64_t revert_to; /* the version a revert goes back to, else -1 */
    char at[32];       /* time of every row, ISO 8601 UTC */
    size_t rows;       /* history rows written so far */
};

int dashboard_edit_open(struct dashboard_edit *edit, struct store *store,
                        const char *account, int64_t dashboard_id);
int dashboard_edit_finish(struct dashboard_edit *edit, int rc,
                          int64_t *version);
int dashboard_edit_conflict(struct dashboard_edit *edit, int64_t widget_id,
                            const char *field, int64_t expected);
void *dashboard_edit_get(struct dashboard_edit *edit, int64_t widget_id,
                         const char *field);
int dashboard_edit_put(struct dashboard_edit *edit, int64_t widget_id,
                       const char *field, const void *value);
/* Write back the before values of every row of version target, with
 * undo_of set to it (store-dashboard-history.c). Returns 0,
 * STORE_CONFLICT when one of them was replaced since, or -1. */
int dashboard_edit_undo(struct dashboard_edit *edit, int64_t target);

/*
 * Every dashboard of the store, of every owner, by name then id: the list
 * in which an administrator chooses the public ones (store-admin.c).
 * Free each with dashboard_clear(), then the array.
 */
int store_dashboard_list_all(struct store *store, struct dashboard **out,
                             size_t *count);
/*
 * Make a dashboard public or private for the operator of the server (the
 * local terrish command, which has no account). Accounts go through
 * store_dashboard_set_public(), which checks the role. Returns 0, 1 when
 * there is no such dashboard, -1.
 */
int store_dashboard_mark_public(struct store *store, int64_t id, int public);

/* Point layers (store-point.c). */
struct store_point {
    const char *name; /* "" when the source gives none */
    double lon;       /* degrees, WGS84 */
    double lat;
    double value;     /* summed over the rows of one feature */
    const char *unit;
};

/* Receives each feature; a non-zero return stops the walk. */
typedef int (*store_point_fn)(const struct store_point *point, void *arg);

/* The latest year of a layer. Returns 0, 1 when it has no feature, -1. */
int store_point_latest_year(struct store *store, const char *layer,
                            int *year);
/*
 * Walk the features of a layer for one year inside bounds (west, south,
 * east, north in degrees), largest value first, keeping only the rows of
 * category (a sector or pollutant) unless it is NULL. Returns 0, the
 * non-zero value fn returned, or -1.
 */
int store_points(struct store *store, const char *layer, int year,
                 const char *category, const double bounds[4],
                 store_point_fn fn, void *arg);

/* Origin-destination flows (store-flow.c). */
enum flow_direction {
    FLOW_INTERNAL = 0, /* both ends inside the territory */
    FLOW_OUTBOUND = 1, /* from inside to outside, abroad included */
    FLOW_INBOUND = 2,  /* from outside to inside */
};

/* One flow between two communes for one category (transport mode). */
struct store_flow {
    enum flow_direction direction;
    const char *origin_code;      /* INSEE code of the commune */
    const char *origin_name;
    const char *destination_code; /* INSEE code, "99999" for abroad */
    const char *destination_name; /* NULL for abroad */
    const char *category;         /* "" when the indicator has none */
    double value;
};

/* Receives each flow; a non-zero return stops the walk. */
typedef int (*store_flow_fn)(const struct store_flow *flow, void *arg);

/*
 * Walk the flows of a flow indicator (such as commuting_flows_sample) for
 * one year that start or end in a commune of the territory, largest first,
 * one call per origin, destination and category. Returns 0, the non-zero
 * value fn returned, or -1.
 */
int store_flows(struct store *store, const char *indicator_id,
                int64_t territory_id, int year, store_flow_fn fn, void *arg);
/* Returns 1 when the indicator has flows, 0 when not, -1 on error. */
int store_flows_exist(struct store *store, const char *indicator_id);

/*
 * Streaming CSV reader (csv.c). It reads one record at a time, so a file of
 * any size takes bounded memory. The separator (';', ',' or tab) is the most
 * frequent one on the header line. Text comes out as UTF-8: a file is taken
 * as UTF-8 until a record is not valid UTF-8, and is then converted from
 * Windows-1252. A byte-order mark is skipped.
 */
#define CSV_FIELD_MAX (64 * 1024)    /* bytes in one field */
#define CSV_RECORD_MAX (1024 * 1024) /* bytes in one record */
#define CSV_NUMBER_MAX 1e15          /* largest absolute value accepted */

enum csv_encoding {
    CSV_ENCODING_UNKNOWN, /* only ASCII so far */
    CSV_ENCODING_UTF8,
    CSV_ENCODING_CP1252,
};

enum csv_marker {
    CSV_MARKER_NONE,          /* not a marker: a number or garbage */
    CSV_MARKER_EMPTY,         /* empty or blank cell */
    CSV_MARKER_SECRET,        /* "s", "secret" */
    CSV_MARKER_NOT_AVAILABLE, /* "nd", "n.d.", "NA", "n/a", "nc", "-" */
};

struct csv_reader;

/* The reader does not close in. */
struct csv_reader *csv_reader_create(FILE *in);
void csv_reader_free(struct csv_reader *reader);
/*
 * Read the next record, skipping blank lines. Returns 1 for a record, 0 at
 * the end of the input, -1 on error (csv_error() names the line).
 */
int csv_read(struct csv_reader *reader);
size_t csv_field_count(const struct csv_reader *reader);
/* Field index of the current record, "" when the record is shorter. */
const char *csv_field(const struct csv_reader *reader, size_t index);
/* Line where the current record starts, from 1. */
long csv_line(const struct csv_reader *reader);
char csv_separator(const struct csv_reader *reader);
enum csv_encoding csv_encoding(const struct csv_reader *reader);
uint64_t csv_bytes_read(const struct csv_reader *reader);
const char *csv_error(const struct csv_reader *reader);

/*
 * Parse a number written with a decimal comma or point, and optional
 * thousands separators (space, U+00A0, U+202F, or '.' or ',' when the other
 * is the decimal mark and groups have 3 digits). A single '.' or ',' is the
 * decimal mark. Returns 0, or -1 with *reason set to a static message.
 */
int csv_parse_number(const char *text, double *value, const char **reason);
/* Classify a cell as empty, a secrecy or availability marker, or neither. */
enum csv_marker csv_parse_marker(const char *text);
/*
 * Write the normalised code of a territory at level into out (16 bytes):
 * leading zeros restored ("1001" gives "01001", "1" gives "01" for a
 * département) and Corsica in upper case ("2a004" gives "2A004"). Returns 0,
 * or -1 with *reason set to a static message.
 */
int csv_normalise_code(const char *text, enum territory_level level,
                       char *out, const char **reason);

/*
 * Reading of indicator files (import.c, import-formats.c). A meta file is a
 * JSON object with the keys of a catalogue entry (id, native_level,
 * categories, confidentiality, years...) and an optional "import" object:
 *   "year": year of files without a year column (default: the single
 *           element of "years");
 *   "columns": {"COLUMN": "category" or null, or {"category": ...,
 *           "year": ...}} to choose the value columns of a wide,
 *           comparateur or ADEME file;
 *   "category": "secteur" or "secteur/énergie", the columns of an
 *           observatory file that form the category;
 *   "factor": number every value is multiplied by (default 1);
 *   "blank": "not_estimated" or "secret", the meaning of an empty cell
 *           (default: "secret" when confidentiality.rule is
 *           "blank_is_secret", else "not_estimated").
 * A MOBPRO file gives flow rows (batch->flows set) whose code is the
 * commune of residence and whose category is "DESTINATION:MODE", such as
 * "01004:5" (99999 is abroad).
 */
enum import_format {
    IMPORT_FORMAT_AUTO,
    IMPORT_FORMAT_LONG,        /* code;year;[category;]value[;flag] */
    IMPORT_FORMAT_WIDE,        /* code;[year;]one column per category */
    IMPORT_FORMAT_OBSERVATORY, /* code insee;année;secteur;énergie;... */
    IMPORT_FORMAT_COMPARATEUR, /* INSEE comparateur: CODGEO;P18_POP;... */
    IMPORT_FORMAT_MOBPRO,      /* INSEE MOBPRO: COMMUNE;DCLT;TRANS;IPONDI */
    IMPORT_FORMAT_ADEME,       /* ADEME IGT: INSEE commune,Commune,... */
};

/* Progress of a read: records read and bytes consumed so far. */
typedef void (*import_progress_fn)(long records, uint64_t bytes, void *arg);

/* Parse a --format name; returns 0, or -1 when unknown. */
int import_format_parse(const char *name, enum import_format *format);
const char *import_format_name(enum import_format format);
/*
 * Load and check a meta file into *meta (a json_t *). Returns 0, or -1 with
 * *error set to a message that the caller frees.
 */
int import_meta_load(const char *path, void **meta, char **error);
/*
 * The same from the start of a stream: read one JSON object, then skip the
 * blanks and line ends after it, so that the data that follows can be read
 * from the same stream. name is used in messages.
 */
int import_meta_read(FILE *in, const char *name, void **meta, char **error);
/*
 * Read a whole indicator file into batch, which takes a reference to meta.
 * *format is the format to use (AUTO to detect it from the header) and is
 * set to the one used. Returns 0, or -1 with *error set to a message naming
 * the line, column, value and what was expected, which the caller frees.
 * *warning, when not NULL, receives a note to show (such as skipped
 * columns), which the caller frees.
 */
int import_read(FILE *in, const char *source_name, void *meta,
                enum import_format *format, import_progress_fn progress,
                void *arg, struct import_batch *batch, char **error,
                char **warning);

/*
 * For import.c and import-formats.c only: the state of one read. The header
 * is kept as read and folded (text_fold) for matching column names.
 */
struct import_index;
struct import_context {
    struct csv_reader *csv;
    struct import_batch *batch;
    char **header;
    char **header_folded;
    size_t column_count;
    int year;               /* year of files without a year column, or 0 */
    double factor;          /* every value is multiplied by it */
    enum value_flag blank;  /* meaning of an empty cell */
    struct import_index *keys;      /* code, year, category -> line */
    struct import_index *category_cache; /* cell text -> category id */
    char **category_ids;
    size_t category_id_count;
    import_progress_fn progress;
    void *arg;
    long records;           /* records read after the header */
    char *error;
    char *warning;
};

int import_fail(struct import_context *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Column whose folded header equals folded_name, or -1. */
int import_column_find(const struct import_context *ctx,
                       const char *folded_name);
/* Read the next record and check its field count against the header. */
int import_next(struct import_context *ctx);
int import_cell_code(struct import_context *ctx, size_t column,
                     enum territory_level level, char *out);
int import_cell_year(struct import_context *ctx, size_t column, int *year);
int import_cell_value(struct import_context *ctx, size_t column,
                      double *value, enum value_flag *flag);
/*
 * Map the text of a category (a cell or a column name) to a category id of
 * the meta: the id itself, or the id whose French or English name folds to
 * the same words. With no category in the meta, the id is the text folded
 * with '_' between words. Returns 0, or -1 when the meta lists categories
 * and none matches.
 */
int import_category(struct import_context *ctx, size_t column,
                    const char *text, const char **id);
/* Append a row, rejecting a second row with the same code, year, category. */
int import_add(struct import_context *ctx, const char *code, int year,
               const char *category, double value, enum value_flag flag);
/*
 * A string-keyed hash table of long values. import_index_put() stores value
 * under key when it is new and returns -1, or returns the value already
 * stored.
 */
struct import_index *import_index_create(void);
void import_index_free(struct import_index *index);
long import_index_put(struct import_index *index, const char *key,
                      long value);
/* Detect the format (when *format is AUTO) and read the records. */
int import_format_run(struct import_context *ctx, enum import_format *format);

#endif
