/*
 * terrish: password hashing (Argon2id through libsodium) and key parsing.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/server.h"

/*
 * Argon2id cost: libsodium's "interactive" limits (2 passes over 64 MiB,
 * libsodium 1.0.18), meant for online logins; a check takes tens of
 * milliseconds on a current core.
 */
#define AUTH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define AUTH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

/* Hash checked when the account is unknown, so a miss costs a real check. */
static char dummy_hash[crypto_pwhash_STRBYTES];

int
auth_global_init(void)
{
    unsigned char random_password[32];

    if (sodium_init() < 0)
        return -1;
    if (dummy_hash[0] != '\0')
        return 0;
    randombytes_buf(random_password, sizeof random_password);
    if (crypto_pwhash_str(dummy_hash, (const char *)random_password,
                          sizeof random_password, AUTH_OPSLIMIT,
                          AUTH_MEMLIMIT) != 0)
        return -1;
    sodium_memzero(random_password, sizeof random_password);
    return 0;
}

char *
auth_password_hash(const char *password)
{
    char hash[crypto_pwhash_STRBYTES];

    if (sodium_init() < 0)
        return NULL;
    if (crypto_pwhash_str(hash, password, strlen(password), AUTH_OPSLIMIT,
                          AUTH_MEMLIMIT) != 0)
        return NULL;
    return xstrdup(hash);
}

int
auth_password_check(const char *stored_hash, const char *password)
{
    const char *hash = stored_hash;
    int known = 1;

    if (hash == NULL || *hash == '\0' ||
        strlen(hash) >= crypto_pwhash_STRBYTES) {
        hash = dummy_hash;
        known = 0;
    }
    if (hash[0] == '\0')
        return 0;
    if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
        return 0;
    return known;
}

/* Split off the next space-separated field of *cursor. */
static char *
next_field(char **cursor)
{
    char *p = *cursor;
    char *start;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0')
        return NULL;
    start = p;
    while (*p != '\0' && *p != ' ' && *p != '\t')
        p++;
    if (*p != '\0')
        *p++ = '\0';
    *cursor = p;
    return start;
}

int
auth_key_line_parse(const char *line, char **type, char **base64,
                    char **comment, char **error)
{
    char *copy = xstrdup(line);
    char *cursor = copy;
    char *key_type = NULL;
    char *key_data = NULL;
    ssh_key key = NULL;
    size_t len;
    int rc = -1;

    len = strlen(copy);
    while (len > 0 && (copy[len - 1] == '\n' || copy[len - 1] == '\r'))
        copy[--len] = '\0';
    key_type = next_field(&cursor);
    key_data = next_field(&cursor);
    if (key_type == NULL || key_data == NULL) {
        *error = xstrdup("expected 'TYPE BASE64 [COMMENT]' as in an "
                         "authorized_keys file");
        goto out;
    }
    if (ssh_key_type_from_name(key_type) == SSH_KEYTYPE_UNKNOWN) {
        *error = xasprintf("unsupported key type '%.40s' (options before "
                           "the key type are not supported)",
                           key_type);
        goto out;
    }
    if (ssh_pki_import_pubkey_base64(key_data, ssh_key_type_from_name(key_type),
                                     &key) != SSH_OK) {
        *error = xasprintf("invalid %s public key data", key_type);
        goto out;
    }
    while (*cursor == ' ' || *cursor == '\t')
        cursor++;
    *type = xstrdup(key_type);
    *base64 = xstrdup(key_data);
    *comment = xstrdup(cursor);
    rc = 0;
out:
    ssh_key_free(key);
    free(copy);
    return rc;
}
