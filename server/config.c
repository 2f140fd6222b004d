/*
 * terrish: server settings, from an sshd_config-style file and from flags.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "server/server.h"

/* A file line longer than this is rejected rather than truncated. */
#define CONFIG_LINE_MAX 4096

void
server_config_init(struct server_config *config)
{
    memset(config, 0, sizeof *config);
    config->listen_address = xstrdup("127.0.0.1");
    config->port = 2222;
    config->store_path = xstrdup(default_store_path());
    config->log_level = LOG_LEVEL_INFO;
    config->locale_dir = xstrdup(default_locale_dir());
    config->max_sessions = 100;
    /* OpenSSH's default, 10:30:100: in a burst of logins, fewer are
     * refused than with a hard limit of 10. */
    config->max_startups = 10;
    config->max_startups_rate = 30;
    config->max_startups_full = 100;
    config->max_auth_tries = 6;
    config->login_grace_time = 120;
    config->idle_timeout = 3600;
    config->shutdown_grace = 5;
}

void
server_config_free(struct server_config *config)
{
    size_t i;

    free(config->listen_address);
    free(config->store_path);
    for (i = 0; i < config->host_key_count; i++)
        free(config->host_keys[i]);
    free(config->log_file);
    free(config->pid_file);
    free(config->locale_dir);
    free(config->hub_socket);
    memset(config, 0, sizeof *config);
}

int
parse_int_range(const char *text, long min, long max, long *out)
{
    char *end = NULL;
    long value;

    if (text == NULL || *text == '\0')
        return -1;
    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

int
parse_duration(const char *text)
{
    char *end = NULL;
    long value;
    long unit = 1;

    if (text == NULL || !isdigit((unsigned char)*text))
        return -1;
    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0)
        return -1;
    if (*end == 's' || *end == 'S')
        end++;
    else if (*end == 'm' || *end == 'M') {
        unit = 60;
        end++;
    } else if (*end == 'h' || *end == 'H') {
        unit = 3600;
        end++;
    }
    if (*end != '\0' || value > 7L * 24 * 3600 / unit)
        return -1;
    return (int)(value * unit);
}

static void
replace_string(char **slot, const char *value)
{
    free(*slot);
    *slot = xstrdup(value);
}

/* Set an integer setting, with an error naming the keyword and the range. */
static int
set_int(int *slot, const char *keyword, const char *value, long min, long max,
        char **error)
{
    long parsed;

    if (parse_int_range(value, min, max, &parsed) != 0) {
        *error = xasprintf("invalid %s '%s': expected a whole number from "
                           "%ld to %ld",
                           keyword, value, min, max);
        return -1;
    }
    *slot = (int)parsed;
    return 0;
}

/*
 * MaxStartups: N refuses every connection beyond N; start:rate:full
 * refuses from start on with a chance of rate percent, growing linearly
 * to 100 % at full.
 */
static int
set_startups(struct server_config *config, const char *value, char **error)
{
    long start;
    long rate = 100;
    long full;
    char text[64];
    char *rate_text;
    char *full_text;

    snprintf(text, sizeof text, "%s", value);
    rate_text = strchr(text, ':');
    if (rate_text == NULL) {
        if (parse_int_range(text, 1, 100000, &start) != 0)
            goto invalid;
        full = start;
    } else {
        *rate_text++ = '\0';
        full_text = strchr(rate_text, ':');
        if (full_text == NULL)
            goto invalid;
        *full_text++ = '\0';
        if (parse_int_range(text, 1, 100000, &start) != 0 ||
            parse_int_range(rate_text, 0, 100, &rate) != 0 ||
            parse_int_range(full_text, start, 100000, &full) != 0)
            goto invalid;
    }
    config->max_startups = (int)start;
    config->max_startups_rate = (int)rate;
    config->max_startups_full = (int)full;
    return 0;

invalid:
    *error = xasprintf("invalid MaxStartups '%s': expected N, or "
                       "start:rate:full such as 10:30:100 (start and full "
                       "from 1 to 100000, full at least start, rate a "
                       "percentage)",
                       value);
    return -1;
}

int
server_startup_refused(const struct server_config *config, size_t starting,
                       unsigned int draw)
{
    size_t start = (size_t)config->max_startups;
    size_t full = (size_t)config->max_startups_full;
    unsigned int chance;

    if (starting < start)
        return 0;
    if (starting >= full)
        return 1;
    chance = (unsigned int)config->max_startups_rate +
             (unsigned int)((100 - config->max_startups_rate) *
                            (starting - start) / (full - start));
    return draw < chance;
}

static int
set_duration(int *slot, const char *keyword, const char *value,
             int allow_zero, char **error)
{
    int seconds = parse_duration(value);

    if (seconds < 0 || (seconds == 0 && !allow_zero)) {
        *error = xasprintf("invalid %s '%s': expected a duration such as "
                           "90, 90s, 5m or 1h%s",
                           keyword, value, allow_zero ? " (0 disables it)" : "");
        return -1;
    }
    *slot = seconds;
    return 0;
}

int
server_config_set(struct server_config *config, const char *keyword,
                  const char *value, char **error)
{
    if (strcasecmp(keyword, "ListenAddress") == 0) {
        replace_string(&config->listen_address, value);
    } else if (strcasecmp(keyword, "Port") == 0) {
        return set_int(&config->port, "Port", value, 0, 65535, error);
    } else if (strcasecmp(keyword, "Store") == 0) {
        replace_string(&config->store_path, value);
    } else if (strcasecmp(keyword, "HostKey") == 0) {
        if (config->host_key_count == SERVER_HOST_KEYS_MAX) {
            *error = xasprintf("too many HostKey settings (at most %d)",
                               SERVER_HOST_KEYS_MAX);
            return -1;
        }
        config->host_keys[config->host_key_count++] = xstrdup(value);
    } else if (strcasecmp(keyword, "LogFile") == 0) {
        replace_string(&config->log_file, value);
        config->log_syslog = 0;
    } else if (strcasecmp(keyword, "Syslog") == 0) {
        if (strcasecmp(value, "yes") != 0 && strcasecmp(value, "no") != 0) {
            *error = xasprintf("invalid Syslog '%s': expected yes or no",
                               value);
            return -1;
        }
        config->log_syslog = strcasecmp(value, "yes") == 0;
    } else if (strcasecmp(keyword, "LogLevel") == 0) {
        if (log_parse_level(value, &config->log_level) != 0) {
            *error = xasprintf("invalid LogLevel '%s': expected error, warn, "
                               "info or debug",
                               value);
            return -1;
        }
    } else if (strcasecmp(keyword, "PidFile") == 0) {
        replace_string(&config->pid_file, value);
    } else if (strcasecmp(keyword, "LocaleDir") == 0) {
        replace_string(&config->locale_dir, value);
    } else if (strcasecmp(keyword, "HubSocket") == 0) {
        replace_string(&config->hub_socket, value);
    } else if (strcasecmp(keyword, "MaxSessions") == 0) {
        return set_int(&config->max_sessions, "MaxSessions", value, 1, 100000,
                       error);
    } else if (strcasecmp(keyword, "MaxStartups") == 0) {
        return set_startups(config, value, error);
    } else if (strcasecmp(keyword, "MaxAuthTries") == 0) {
        return set_int(&config->max_auth_tries, "MaxAuthTries", value, 1, 100,
                       error);
    } else if (strcasecmp(keyword, "LoginGraceTime") == 0) {
        return set_duration(&config->login_grace_time, "LoginGraceTime",
                            value, 1, error);
    } else if (strcasecmp(keyword, "IdleTimeout") == 0) {
        return set_duration(&config->idle_timeout, "IdleTimeout", value, 1,
                            error);
    } else if (strcasecmp(keyword, "ShutdownGraceTime") == 0) {
        return set_duration(&config->shutdown_grace, "ShutdownGraceTime",
                            value, 0, error);
    } else {
        *error = xasprintf("unknown keyword '%s'", keyword);
        return -1;
    }
    return 0;
}

/* Split a line into keyword and value in place; returns 0 for a blank or
 * comment line, 1 for a setting, -1 when the value is missing. */
static int
config_split_line(char *line, char **keyword, char **value)
{
    char *p = line;
    char *end;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    *keyword = p;
    while (*p != '\0' && !isspace((unsigned char)*p) && *p != '=')
        p++;
    if (*p != '\0')
        *p++ = '\0';
    while (isspace((unsigned char)*p) || *p == '=')
        p++;
    end = p + strlen(p);
    while (end > p && isspace((unsigned char)end[-1]))
        *--end = '\0';
    if (end > p + 1 && *p == '"' && end[-1] == '"') {
        end[-1] = '\0';
        p++;
    }
    *value = p;
    return *p == '\0' ? -1 : 1;
}

int
server_config_load(struct server_config *config, const char *path,
                   char **error)
{
    char line[CONFIG_LINE_MAX];
    char *keyword = NULL;
    char *value = NULL;
    char *cause = NULL;
    FILE *file = NULL;
    int line_number = 0;
    int rc = -1;
    int kind;

    file = fopen(path, "r");
    if (file == NULL) {
        *error = xasprintf("cannot open config file %s: %s", path,
                           strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        line_number++;
        if (strchr(line, '\n') == NULL && !feof(file)) {
            *error = xasprintf("%s:%d: line longer than %d bytes", path,
                               line_number, CONFIG_LINE_MAX - 1);
            goto out;
        }
        kind = config_split_line(line, &keyword, &value);
        if (kind == 0)
            continue;
        if (kind < 0) {
            *error = xasprintf("%s:%d: missing value for '%s'", path,
                               line_number, keyword);
            goto out;
        }
        if (server_config_set(config, keyword, value, &cause) != 0) {
            *error = xasprintf("%s:%d: %s", path, line_number, cause);
            free(cause);
            goto out;
        }
    }
    if (ferror(file)) {
        *error = xasprintf("cannot read config file %s: %s", path,
                           strerror(errno));
        goto out;
    }
    rc = 0;
out:
    fclose(file);
    return rc;
}
