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

#include <stddef.h>
#include <stdint.h>

struct store;

/* Schema version that this build writes and reads. */
#define STORE_SCHEMA_VERSION 1

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
void store_close(struct store *store);
/* Return the message of the last failure, or "" when none failed yet. */
const char *store_error(const struct store *store);

/*
 * For the store-*.c files only: the SQLite connection, and the message that
 * store_error() returns next.
 */
struct sqlite3;
struct sqlite3 *store_db(struct store *store);
void store_set_error(struct store *store, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Set the message to "what: " followed by SQLite's last error message. */
void store_set_db_error(struct store *store, const char *what);
/* Run one SQL statement that returns no row, such as "BEGIN IMMEDIATE". */
int store_exec(struct store *store, const char *sql);

/*
 * Create the schema when the file is empty and apply forward migrations.
 * Returns the number of migrations applied, or -1.
 */
int store_migrate(struct store *store);
int store_schema_version(struct store *store);

/* Progress of a long load: what is loaded, how far, out of how many. */
typedef void (*store_progress_fn)(const char *what, size_t done, size_t total,
                                  void *arg);

/*
 * Load the bundled territorial data from data_dir in one transaction. Returns
 * 1 when the store already held data (and nothing was changed), 0 when it was
 * loaded, -1 on error (the store is left as it was). A malformed line fails
 * with its file, line, column and value in the message. progress, when not
 * NULL, is called after each file with the file's path relative to data_dir
 * and the bytes read so far out of the total of all files.
 */
int store_load_bundled(struct store *store, const char *data_dir,
                       store_progress_fn progress, void *arg);
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
 * Indicator values as an import produces them, before they are written.
 * Codes are territory codes at the batch's level (INSEE for communes,
 * départements and régions, SIREN for EPCI), already normalised (leading
 * zeros restored, Corsica as 2A/2B).
 */
enum value_flag {
    VALUE_PRESENT = 0,       /* value holds a number */
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

/*
 * Write a batch in one transaction: create or update the indicator's
 * catalogue entry from batch->meta, replace every value of the years the
 * batch contains, and insert its rows. An unknown territory code, or a
 * duplicate (code, year, category), fails the whole batch with a message
 * naming the source file, line and value; the store is then unchanged.
 */
int store_import_batch(struct store *store, const struct import_batch *batch,
                       store_progress_fn progress, void *arg);

#endif
