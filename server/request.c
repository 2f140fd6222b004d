/*
 * terrish: the login as REQUEST_ACCOUNT, through which someone without an
 * account asks for one with the SSH key they will use: which keys are
 * accepted, and the hourly limit of such logins per address.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <sodium.h>

#include "server/server.h"
#include "store/store.h"

/* Smallest RSA key accepted for a request, in bits: a policy choice that
 * keeps the 1024-bit keys of old clients out. */
#define REQUEST_RSA_BITS_MIN 2048

void
server_client_address(int fd, char *out, size_t size)
{
    struct sockaddr_storage address;
    socklen_t len = sizeof address;
    char host[INET6_ADDRSTRLEN] = "";

    if (getpeername(fd, (struct sockaddr *)&address, &len) != 0) {
        snprintf(out, size, "unknown");
        return;
    }
    if (address.ss_family == AF_INET) {
        inet_ntop(AF_INET, &((struct sockaddr_in *)&address)->sin_addr, host,
                  sizeof host);
    } else if (address.ss_family == AF_INET6) {
        struct in6_addr *v6 = &((struct sockaddr_in6 *)&address)->sin6_addr;

        if (IN6_IS_ADDR_V4MAPPED(v6))
            inet_ntop(AF_INET, &v6->s6_addr[12], host, sizeof host);
        else
            inet_ntop(AF_INET6, v6, host, sizeof host);
    }
    snprintf(out, size, "%s", host[0] != '\0' ? host : "unknown");
}

/* Read one SSH wire string (a 32-bit length, then the bytes) at *p. */
static int
wire_string(const unsigned char **p, const unsigned char *end,
            const unsigned char **data, size_t *len)
{
    size_t n;

    if (end - *p < 4)
        return -1;
    n = ((size_t)(*p)[0] << 24) | ((size_t)(*p)[1] << 16) |
        ((size_t)(*p)[2] << 8) | (size_t)(*p)[3];
    *p += 4;
    if ((size_t)(end - *p) < n)
        return -1;
    *data = *p;
    *len = n;
    *p += n;
    return 0;
}

/*
 * Bits of the modulus of an RSA public key, read from its blob: the
 * strings "ssh-rsa", the exponent e and the modulus n. The libssh 0.10.6
 * headers declare no call that returns it. Returns 0 when the blob cannot
 * be read.
 */
static size_t
rsa_modulus_bits(ssh_key key)
{
    unsigned char blob[4096];
    const unsigned char *p = blob;
    const unsigned char *end = NULL;
    const unsigned char *field = NULL;
    char *base64 = NULL;
    size_t len = 0;
    size_t bits = 0;
    int i;

    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK)
        return 0;
    if (sodium_base642bin(blob, sizeof blob, base64, strlen(base64), NULL,
                          &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        len = 0;
    ssh_string_free_char(base64);
    end = blob + len;
    for (i = 0; i < 3; i++) {
        if (wire_string(&p, end, &field, &len) != 0)
            return 0;
    }
    while (len > 0 && field[0] == 0) {
        field++;
        len--;
    }
    if (len == 0)
        return 0;
    bits = (len - 1) * 8;
    for (i = field[0]; i != 0; i >>= 1)
        bits++;
    return bits;
}

int
request_key_acceptable(ssh_key key)
{
    switch (ssh_key_type(key)) {
    case SSH_KEYTYPE_ED25519:
    case SSH_KEYTYPE_ECDSA_P256:
    case SSH_KEYTYPE_ECDSA_P384:
    case SSH_KEYTYPE_ECDSA_P521:
    case SSH_KEYTYPE_SK_ED25519:
    case SSH_KEYTYPE_SK_ECDSA:
        return 1;
    case SSH_KEYTYPE_RSA:
        return rsa_modulus_bits(key) >= REQUEST_RSA_BITS_MIN;
    default:
        /* DSA, certificates and unknown types. */
        return 0;
    }
}

int
request_key_describe(ssh_key key, struct request_key *out)
{
    unsigned char *hash = NULL;
    char *base64 = NULL;
    char *fingerprint = NULL;
    size_t len = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK ||
        ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
                               &len) != SSH_OK)
        goto out;
    fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
                                           len);
    if (fingerprint == NULL)
        goto out;
    out->type = xstrdup(ssh_key_type_to_char(ssh_key_type(key)));
    out->base64 = xstrdup(base64);
    out->fingerprint = xstrdup(fingerprint);
    rc = 0;
out:
    ssh_string_free_char(base64);
    ssh_string_free_char(fingerprint);
    ssh_clean_pubkey_hash(&hash);
    return rc;
}

void
request_key_clear(struct request_key *key)
{
    free(key->type);
    free(key->base64);
    free(key->fingerprint);
    memset(key, 0, sizeof *key);
}

int
request_login_record(const char *store_path, const char *address,
                     int *count)
{
    struct store *store = NULL;
    char *error = NULL;
    int rc;

    if (store_open(store_path, STORE_OPEN_EXISTING, &store, &error) != 0) {
        log_error("cannot open store %s to count request logins: %s",
                  store_path, error);
        free(error);
        return -1;
    }
    rc = store_request_login_record(store, address, count);
    if (rc != 0)
        log_error("cannot count the request logins from %s: %s", address,
                  store_error(store));
    store_close(store);
    return rc;
}
