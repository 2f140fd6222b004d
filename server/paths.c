/*
 * terrish: default paths of the store, the bundled data and the message
 * catalogues, with the build tree preferred when the binary runs from it.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"

/* Directory holding the running binary, or NULL. */
static const char *
executable_dir(void)
{
    static char dir[PATH_MAX];
    static int done;
    ssize_t len;
    char *slash;

    if (done)
        return dir[0] != '\0' ? dir : NULL;
    done = 1;
    len = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (len <= 0) {
        dir[0] = '\0';
        return NULL;
    }
    dir[len] = '\0';
    slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    return dir;
}

/* A path beside the binary when it exists there (a build tree), or NULL. */
static const char *
build_tree_path(const char *relative, const char *probe)
{
    static char path[PATH_MAX + 64];
    char check[PATH_MAX + 128];
    const char *dir = executable_dir();
    struct stat st;

    if (dir == NULL)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", dir, relative);
    snprintf(check, sizeof check, "%s/%s", path, probe);
    if (stat(check, &st) != 0)
        return NULL;
    return path;
}

const char *
default_store_path(void)
{
    const char *env = getenv("TERRISH_STORE");

    if (env != NULL && *env != '\0')
        return env;
    return LOCALSTATEDIR "/lib/terrish/terrish.db";
}

const char *
default_data_dir(void)
{
    static char *cached;
    const char *env = getenv("TERRISH_DATA");
    const char *local;

    if (env != NULL && *env != '\0')
        return env;
    if (cached != NULL)
        return cached;
    local = build_tree_path("data", "territories/communes.tsv");
    cached = xstrdup(local != NULL ? local : PKGDATADIR "/data");
    return cached;
}

const char *
default_locale_dir(void)
{
    static char *cached;
    const char *env = getenv("TERRISH_LOCALEDIR");
    const char *local;

    if (env != NULL && *env != '\0')
        return env;
    if (cached != NULL)
        return cached;
    local = build_tree_path("locale", "fr/LC_MESSAGES/terrish.mo");
    cached = xstrdup(local != NULL ? local : LOCALEDIR);
    return cached;
}
