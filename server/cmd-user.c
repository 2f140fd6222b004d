/*
 * terrish user: manage accounts and their SSH keys from the shell.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "store/store.h"

/* Maximum length of a password read from standard input, in bytes. */
#define PASSWORD_MAX 1024
/* Maximum length of an authorized_keys line (an RSA 16384-bit key fits). */
#define KEY_LINE_MAX 16384

static void
user_usage(FILE *out)
{
    fprintf(out,
            "Usage: terrish user add NAME --role ROLE [--region CODE] "
            "[--key FILE] [--password-stdin]\n"
            "       terrish user list\n"
            "       terrish user remove NAME [--force]\n"
            "       terrish user rename NAME NEW_NAME\n"
            "       terrish user key add NAME FILE\n"
            "       terrish user password NAME --password-stdin\n\n"
            "Common option: -s, --store FILE (default %s)\n\n"
            "  --role ROLE       user, regional-admin or admin\n"
            "  --region CODE     region of a regional-admin (INSEE code, "
            "e.g. 84)\n"
            "  --key FILE        public keys to add, one OpenSSH "
            "authorized_keys line each ('-' reads standard input)\n"
            "  --password-stdin  read the password from the first line of "
            "standard input\n"
            "  --force           remove an account that owns dashboards or "
            "strategies,\n"
            "                    which are removed with it\n\n"
            "rename keeps the account's keys, password, role, dashboards "
            "and strategies.\n"
            "The name 'request' is reserved: logging in as it opens the "
            "account request form.\n"
            "An account named 'request' made before that cannot log in "
            "until it is\n"
            "renamed: terrish user rename request NEW_NAME.\n"
            "Each change is recorded in the audit log as account (local).\n",
            default_store_path());
}

/* Write the audit row of a change made by the local command; a failure
 * is reported, and the change stays. */
static void
user_audit(struct store *store, const char *action, const char *name,
           json_t *detail)
{
    char *target = xasprintf("account:%s", name);

    if (store_audit(store, &audit_local_actor, action, target, detail) != 0)
        fprintf(stderr, "terrish user: %s\n", store_error(store));
    json_decref(detail);
    free(target);
}

/* Read the first line of standard input as a password. */
static char *
read_password_stdin(void)
{
    char buffer[PASSWORD_MAX + 2];
    size_t len;

    if (fgets(buffer, sizeof buffer, stdin) == NULL) {
        fprintf(stderr, "terrish user: no password on standard input\n");
        return NULL;
    }
    len = strlen(buffer);
    if (len > PASSWORD_MAX) {
        secure_wipe(buffer, sizeof buffer);
        fprintf(stderr, "terrish user: password longer than %d bytes\n",
                PASSWORD_MAX);
        return NULL;
    }
    while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
        buffer[--len] = '\0';
    if (len == 0) {
        fprintf(stderr, "terrish user: empty password\n");
        return NULL;
    }
    return xstrdup(buffer);
}

/* Hash and store a password read from standard input. */
static int
user_set_password(struct store *store, const char *name)
{
    char *password = read_password_stdin();
    char *hash = NULL;
    int rc = -1;

    if (password == NULL)
        return -1;
    hash = auth_password_hash(password);
    secure_wipe(password, strlen(password));
    free(password);
    if (hash == NULL) {
        fprintf(stderr, "terrish user: password hashing failed\n");
        return -1;
    }
    if (store_user_set_password_hash(store, name, hash) != 0)
        fprintf(stderr, "terrish user: %s\n", store_error(store));
    else
        rc = 0;
    free(hash);
    return rc;
}

/* Add every key line of path (or standard input for "-"). */
static int
user_add_keys(struct store *store, const char *name, const char *path)
{
    char line[KEY_LINE_MAX];
    char *type = NULL;
    char *base64 = NULL;
    char *comment = NULL;
    char *error = NULL;
    FILE *file = NULL;
    struct stat st;
    int line_number = 0;
    int added = 0;
    int rc = -1;
    int result;

    file = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "terrish user: cannot open key file %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    if (file != stdin &&
        (fstat(fileno(file), &st) != 0 || !S_ISREG(st.st_mode))) {
        fprintf(stderr,
                "terrish user: %s is not a regular file; give the "
                "public key file (such as ~/.ssh/id_ed25519.pub)\n",
                path);
        fclose(file);
        return -1;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        line_number++;
        if (strchr(line, '\n') == NULL && !feof(file)) {
            fprintf(stderr, "terrish user: %s:%d: line longer than %d bytes\n",
                    path, line_number, KEY_LINE_MAX - 1);
            goto out;
        }
        if (line[strspn(line, " \t\r\n")] == '\0' || line[0] == '#')
            continue;
        if (strncmp(line, "-----BEGIN", 10) == 0) {
            fprintf(stderr,
                    "terrish user: %s:%d: this is a private key; "
                    "give the public key instead (the .pub file)\n",
                    path, line_number);
            goto out;
        }
        if (auth_key_line_parse(line, &type, &base64, &comment, &error) != 0) {
            fprintf(stderr, "terrish user: %s:%d: %s\n", path, line_number,
                    error);
            free(error);
            goto out;
        }
        result = store_user_key_add(store, name, type, base64, comment);
        free(type);
        free(base64);
        free(comment);
        if (result < 0) {
            fprintf(stderr, "terrish user: %s\n", store_error(store));
            goto out;
        }
        if (result == 1)
            fprintf(stderr,
                    "terrish user: %s:%d: account %s already has "
                    "this key\n",
                    path, line_number, name);
        else
            added++;
    }
    if (added == 0) {
        fprintf(stderr, "terrish user: no new public key in %s\n", path);
        goto out;
    }
    rc = 0;
out:
    if (file != stdin)
        fclose(file);
    return rc;
}

static int
user_add(struct store *store, const char *name, const char *role_name,
         const char *region, const char *key_file, int password_stdin)
{
    enum user_role role;
    struct user existing;
    int rc;

    if (!user_name_valid(name)) {
        fprintf(stderr,
                "terrish user: invalid account name '%s': use 1 to "
                "32 characters a-z, 0-9, '_', '.', '-', starting "
                "with a letter or '_'\n",
                name);
        return EXIT_USAGE;
    }
    if (user_name_reserved(name)) {
        fprintf(stderr,
                "terrish user: the name '%s' is reserved: logging in as it "
                "opens the account request form; choose another name\n",
                name);
        return EXIT_USAGE;
    }
    if (role_name == NULL || user_role_parse(role_name, &role) != 0) {
        fprintf(stderr, "terrish user: --role must be user, regional-admin "
                        "or admin\n");
        return EXIT_USAGE;
    }
    if (role == ROLE_REGIONAL_ADMIN && region == NULL) {
        fprintf(stderr, "terrish user: a regional-admin needs --region "
                        "CODE\n");
        return EXIT_USAGE;
    }
    if (role != ROLE_REGIONAL_ADMIN && region != NULL) {
        fprintf(stderr, "terrish user: --region applies only to "
                        "regional-admin\n");
        return EXIT_USAGE;
    }
    memset(&existing, 0, sizeof existing);
    rc = store_user_find(store, name, &existing);
    user_clear(&existing);
    if (rc == 0) {
        fprintf(stderr, "terrish user: account %s already exists\n", name);
        return EXIT_FAILURE_RUN;
    }
    if (store_user_add(store, name, role, region) != 0) {
        fprintf(stderr, "terrish user: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if ((password_stdin && user_set_password(store, name) != 0) ||
        (key_file != NULL && user_add_keys(store, name, key_file) != 0)) {
        store_user_remove(store, name);
        fprintf(stderr, "terrish user: account %s not created\n", name);
        return EXIT_FAILURE_RUN;
    }
    user_audit(store, "account.add", name,
               json_pack("{s:s, s:s, s:b, s:b}", "role", user_role_name(role),
                         "region", region != NULL ? region : "", "password",
                         password_stdin, "key", key_file != NULL));
    printf("Account %s created (%s%s%s).\n", name, user_role_name(role),
           region != NULL ? ", region " : "", region != NULL ? region : "");
    return EXIT_OK;
}

static int
user_list(struct store *store)
{
    struct user *users = NULL;
    struct user_key *keys = NULL;
    size_t count = 0;
    size_t key_count = 0;
    size_t i;
    int reserved = 0;

    if (store_user_list(store, &users, &count) != 0) {
        fprintf(stderr, "terrish user: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    printf("%-32s %-15s %-6s %-8s %s\n", "NAME", "ROLE", "REGION", "PASSWORD",
           "KEYS");
    for (i = 0; i < count; i++) {
        key_count = 0;
        if (store_user_keys(store, users[i].name, &keys, &key_count) == 0)
            user_keys_free(keys, key_count);
        printf("%-32s %-15s %-6s %-8s %zu\n", users[i].name,
               user_role_name(users[i].role),
               users[i].region[0] != '\0' ? users[i].region : "-",
               users[i].password_hash != NULL ? "yes" : "no", key_count);
        if (user_name_reserved(users[i].name))
            reserved = 1;
        user_clear(&users[i]);
    }
    free(users);
    if (reserved)
        fprintf(stderr, "terrish user: warning: %s\n",
                REQUEST_ACCOUNT_WARNING);
    return EXIT_OK;
}

static int
user_require_existing(struct store *store, const char *name)
{
    struct user user;
    int rc;

    memset(&user, 0, sizeof user);
    rc = store_user_find(store, name, &user);
    user_clear(&user);
    if (rc < 0) {
        fprintf(stderr, "terrish user: %s\n", store_error(store));
        return EXIT_FAILURE_RUN;
    }
    if (rc == 1) {
        fprintf(stderr, "terrish user: no account named %s\n", name);
        return EXIT_NOT_FOUND;
    }
    return EXIT_OK;
}

/* Count what an account owns: its dashboards, those of them that other
 * accounts can see (granted, public or with a share code), and its
 * strategies. Returns 0, or -1. */
static int
user_owned(struct store *store, const char *name, int64_t *dashboards,
           int64_t *shared, int64_t *strategies)
{
    struct sqlite3_stmt *stmt;
    int rc = -1;

    stmt = store_statement(
        store,
        "SELECT (SELECT count(*) FROM dashboard d WHERE d.owner_id = a.id),"
        " (SELECT count(*) FROM dashboard d WHERE d.owner_id = a.id"
        "  AND (d.public = 1 OR d.share_code IS NOT NULL OR EXISTS"
        "  (SELECT 1 FROM dashboard_right r WHERE r.dashboard_id = d.id))),"
        " (SELECT count(*) FROM strategy s WHERE s.owner_id = a.id)"
        " FROM account a WHERE a.name = ?");
    if (stmt == NULL) {
        store_set_db_error(store, "reading what the account owns failed");
        return -1;
    }
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        *dashboards = sqlite3_column_int64(stmt, 0);
        *shared = sqlite3_column_int64(stmt, 1);
        *strategies = sqlite3_column_int64(stmt, 2);
        rc = 0;
    } else {
        store_set_db_error(store, "reading what the account owns failed");
    }
    store_statement_done(stmt);
    return rc;
}

/* Rename an account, as the way out for an account that has the
 * reserved name. */
static int
user_rename(struct store *store, const char *name, const char *new_name)
{
    int status;
    int rc;

    if (!user_name_valid(new_name)) {
        fprintf(stderr,
                "terrish user: invalid account name '%s': use 1 to "
                "32 characters a-z, 0-9, '_', '.', '-', starting "
                "with a letter or '_'\n",
                new_name);
        return EXIT_USAGE;
    }
    if (user_name_reserved(new_name)) {
        fprintf(stderr,
                "terrish user: the name '%s' is reserved: logging in as it "
                "opens the account request form; choose another name\n",
                new_name);
        return EXIT_USAGE;
    }
    status = user_require_existing(store, name);
    if (status != EXIT_OK)
        return status;
    rc = store_account_rename(store, name, new_name, &audit_local_actor);
    if (rc != 0) {
        fprintf(stderr, "terrish user: %s\n", store_error(store));
        return rc == 1 ? EXIT_NOT_FOUND : EXIT_FAILURE_RUN;
    }
    printf("Account %s renamed to %s.\n", name, new_name);
    return EXIT_OK;
}

/* Run one action on an open store; argv starts at the action name. */
static int
user_dispatch(struct store *store, int argc, char **argv, const char *role,
              const char *region, const char *key_file, int password_stdin,
              int force)
{
    int64_t dashboards = 0;
    int64_t shared = 0;
    int64_t strategies = 0;

    const char *action = argv[0];
    int status;

    if (strcmp(action, "add") == 0 && argc == 2)
        return user_add(store, argv[1], role, region, key_file, password_stdin);
    if (strcmp(action, "list") == 0 && argc == 1)
        return user_list(store);
    if (strcmp(action, "remove") == 0 && argc == 2) {
        status = user_require_existing(store, argv[1]);
        if (status != EXIT_OK)
            return status;
        if (user_owned(store, argv[1], &dashboards, &shared, &strategies) !=
            0) {
            fprintf(stderr, "terrish user: %s\n", store_error(store));
            return EXIT_FAILURE_RUN;
        }
        /* Dashboards and strategies are removed with their owner, editors'
         * work included, so the command names them and waits for --force. */
        if ((dashboards > 0 || strategies > 0) && !force) {
            fprintf(stderr,
                    "terrish user: %s owns %lld dashboard(s), %lld of them "
                    "seen by other accounts, and %lld strategy(ies); "
                    "removing the account removes them and their history. "
                    "Run again with --force to remove them.\n",
                    argv[1], (long long)dashboards, (long long)shared,
                    (long long)strategies);
            return EXIT_INVALID_INPUT;
        }
        if (store_user_remove(store, argv[1]) != 0) {
            fprintf(stderr, "terrish user: %s\n", store_error(store));
            return EXIT_FAILURE_RUN;
        }
        user_audit(store, "account.remove", argv[1], NULL);
        printf("Account %s removed.\n", argv[1]);
        return EXIT_OK;
    }
    if (strcmp(action, "rename") == 0 && argc == 3)
        return user_rename(store, argv[1], argv[2]);
    if (strcmp(action, "key") == 0 && argc == 4 &&
        strcmp(argv[1], "add") == 0) {
        status = user_require_existing(store, argv[2]);
        if (status != EXIT_OK)
            return status;
        if (user_add_keys(store, argv[2], argv[3]) != 0)
            return EXIT_FAILURE_RUN;
        user_audit(store, "account.key", argv[2], NULL);
        printf("Key added to account %s.\n", argv[2]);
        return EXIT_OK;
    }
    if (strcmp(action, "password") == 0 && argc == 2 && password_stdin) {
        status = user_require_existing(store, argv[1]);
        if (status != EXIT_OK)
            return status;
        if (user_set_password(store, argv[1]) != 0)
            return EXIT_FAILURE_RUN;
        user_audit(store, "account.password", argv[1], NULL);
        printf("Password of account %s changed.\n", argv[1]);
        return EXIT_OK;
    }
    user_usage(stderr);
    return EXIT_USAGE;
}

int
cmd_user(const struct command_context *ctx, int argc, char **argv)
{
    static const struct option options[] = {
        {"store", required_argument, NULL, 's'},
        {"role", required_argument, NULL, 'r'},
        {"region", required_argument, NULL, 'g'},
        {"key", required_argument, NULL, 'k'},
        {"password-stdin", no_argument, NULL, 'p'},
        {"force", no_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store_path = default_store_path();
    const char *role = NULL;
    const char *region = NULL;
    const char *key_file = NULL;
    struct store *store = NULL;
    char *error = NULL;
    int password_stdin = 0;
    int force = 0;
    int status;
    int opt;

    (void)ctx;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "s:r:g:k:pFh", options, NULL)) !=
           -1) {
        switch (opt) {
        case 's':
            store_path = optarg;
            break;
        case 'r':
            role = optarg;
            break;
        case 'g':
            region = optarg;
            break;
        case 'k':
            key_file = optarg;
            break;
        case 'p':
            password_stdin = 1;
            break;
        case 'F':
            force = 1;
            break;
        case 'h':
            user_usage(stdout);
            return EXIT_OK;
        default:
            user_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        user_usage(stderr);
        return EXIT_USAGE;
    }
    if (store_open(store_path, STORE_OPEN_EXISTING, &store, &error) != 0) {
        fprintf(stderr, "terrish user: %s (run 'terrish init' first)\n", error);
        free(error);
        return EXIT_FAILURE_RUN;
    }
    if (store_migrate(store) < 0) {
        fprintf(stderr, "terrish user: %s\n", store_error(store));
        store_close(store);
        return EXIT_FAILURE_RUN;
    }
    status = user_dispatch(store, argc - optind, argv + optind, role, region,
                           key_file, password_stdin, force);
    store_close(store);
    return status;
}
