/*
 * terrish: reading and checking the action catalogue of the strategy
 * module (data/actions/catalogue.json).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/strategy.h"

/* Action ids the engine implements, in enum strategy_action_kind order. */
static const char *const action_kind_ids[STRATEGY_ACTION_KINDS] = {
    "telework",     "cycling",    "public_transport", "carpooling",
    "electrification", "renovation", "rooftop_solar", "sector_reduction",
};

struct catalogue_reader {
    struct strategy_catalogue *catalogue;
    char *error;
};

static int
reader_fail(struct catalogue_reader *reader, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
reader_fail(struct catalogue_reader *reader, const char *fmt, ...)
{
    va_list ap;

    if (reader->error == NULL) {
        va_start(ap, fmt);
        reader->error = xvasprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* A copy of a string member, or NULL when it is missing or not a string. */
static char *
member_dup(json_t *object, const char *key)
{
    const char *value = json_string_value(json_object_get(object, key));

    return value != NULL ? xstrdup(value) : NULL;
}

/* Copy the "fr" and "en" strings of a member such as "name". */
static int
read_names(struct catalogue_reader *reader, json_t *object, const char *key,
           const char *where, char **fr, char **en)
{
    json_t *names = json_object_get(object, key);

    *fr = member_dup(names, "fr");
    *en = member_dup(names, "en");
    if (*fr == NULL || *en == NULL)
        return reader_fail(reader, "%s: %s must have \"fr\" and \"en\"",
                           where, key);
    return 0;
}

/* Copy an id into a fixed buffer, rejecting a missing or long one. */
static int
read_id(struct catalogue_reader *reader, json_t *object, const char *where,
        char id[STRATEGY_ID_MAX])
{
    const char *value = json_string_value(json_object_get(object, "id"));

    if (value == NULL || *value == '\0' || strlen(value) >= STRATEGY_ID_MAX)
        return reader_fail(reader, "%s: missing or invalid \"id\"", where);
    memcpy(id, value, strlen(value) + 1);
    return 0;
}

static int
read_sources(struct catalogue_reader *reader, json_t *array,
             struct strategy_coef_def *coef)
{
    json_t *item;
    size_t i;

    if (!json_is_array(array) || json_array_size(array) == 0)
        return reader_fail(reader,
                           "coefficient %s: a published value needs "
                           "\"sources\"",
                           coef->id);
    coef->sources = xcalloc(json_array_size(array), sizeof *coef->sources);
    coef->source_count = json_array_size(array);
    json_array_foreach(array, i, item) {
        struct strategy_source *source = &coef->sources[i];

        source->publisher = member_dup(item, "publisher");
        source->title = member_dup(item, "title");
        source->url = member_dup(item, "url");
        source->figure = member_dup(item, "figure");
        source->year = (int)json_integer_value(json_object_get(item, "year"));
        if (source->url == NULL)
            source->url = xstrdup("");
        if (source->publisher == NULL || source->title == NULL ||
            source->figure == NULL || source->year <= 0)
            return reader_fail(reader,
                               "coefficient %s: source %zu needs a "
                               "publisher, a title, a year and the figure",
                               coef->id, i + 1);
    }
    return 0;
}

/* Read the published values low <= central <= high of a coefficient. */
static int
read_values(struct catalogue_reader *reader, json_t *item,
            struct strategy_coef_def *coef)
{
    static const char *const keys[STRATEGY_RANGES] = {"low", "central",
                                                      "high"};
    json_t *derivation;
    int r;

    for (r = 0; r < STRATEGY_RANGES; r++) {
        json_t *value = json_object_get(item, keys[r]);

        if (!json_is_number(value))
            return reader_fail(reader, "coefficient %s: \"%s\" is missing",
                               coef->id, keys[r]);
        coef->value[r] = json_number_value(value);
    }
    if (!(coef->value[0] <= coef->value[1] &&
          coef->value[1] <= coef->value[2]))
        return reader_fail(reader,
                           "coefficient %s: low, central and high must be "
                           "in increasing order",
                           coef->id);
    coef->range = member_dup(item, "range");
    if (coef->range == NULL)
        return reader_fail(reader,
                           "coefficient %s: \"range\" must say how low and "
                           "high were chosen",
                           coef->id);
    /* A value computed from the figures of its sources gives the
     * computation. */
    derivation = json_object_get(item, "derivation");
    if (derivation != NULL && (!json_is_string(derivation) ||
                               *json_string_value(derivation) == '\0'))
        return reader_fail(reader,
                           "coefficient %s: \"derivation\" must be a text "
                           "saying how the value follows from the figures",
                           coef->id);
    coef->derivation = xstrdup(derivation != NULL
                                   ? json_string_value(derivation)
                                   : "");
    return read_sources(reader, json_object_get(item, "sources"), coef);
}

static int
read_coef(struct catalogue_reader *reader, json_t *item,
          struct strategy_coef_def *coef)
{
    if (read_id(reader, item, "coefficient", coef->id) < 0 ||
        read_names(reader, item, "name", coef->id, &coef->name_fr,
                   &coef->name_en) < 0)
        return -1;
    coef->unit = member_dup(item, "unit");
    coef->note = member_dup(item, "note");
    if (coef->note == NULL)
        coef->note = xstrdup("");
    if (coef->unit == NULL)
        return reader_fail(reader, "coefficient %s: missing \"unit\"",
                           coef->id);

    coef->user_input = json_is_true(json_object_get(item, "user_input"));
    coef->optional = json_is_true(json_object_get(item, "optional"));
    coef->min = 0;
    coef->max = strcmp(coef->unit, "ratio") == 0 ? 1 : HUGE_VAL;
    if (json_is_number(json_object_get(item, "min")))
        coef->min = json_number_value(json_object_get(item, "min"));
    if (json_is_number(json_object_get(item, "max")))
        coef->max = json_number_value(json_object_get(item, "max"));
    if (!(coef->min <= coef->max))
        return reader_fail(reader, "coefficient %s: min above max", coef->id);
    if (!coef->user_input)
        return read_values(reader, item, coef);
    if (!json_is_null(json_object_get(item, "value")) ||
        *coef->note == '\0')
        return reader_fail(reader,
                           "coefficient %s: a user input has \"value\" null "
                           "and a note saying why",
                           coef->id);
    coef->range = xstrdup("");
    coef->derivation = xstrdup("");
    return 0;
}

static int
read_param(struct catalogue_reader *reader, json_t *item,
           const char *action, struct strategy_param_def *param)
{
    const char *initial = json_string_value(json_object_get(item, "initial"));
    json_t *def = json_object_get(item, "default");

    if (read_id(reader, item, action, param->id) < 0 ||
        read_names(reader, item, "name", param->id, &param->name_fr,
                   &param->name_en) < 0)
        return -1;
    param->unit = member_dup(item, "unit");
    param->min = json_number_value(json_object_get(item, "min"));
    param->max = json_number_value(json_object_get(item, "max"));
    if (param->unit == NULL || !(param->min < param->max))
        return reader_fail(reader,
                           "action %s, parameter %s: needs a unit and "
                           "min < max",
                           action, param->id);
    param->has_default = json_is_number(def);
    param->default_value = json_number_value(def);
    if (param->has_default && (param->default_value < param->min ||
                               param->default_value > param->max))
        return reader_fail(reader,
                           "action %s, parameter %s: default outside "
                           "min..max",
                           action, param->id);

    if (initial == NULL || strcmp(initial, "default") == 0)
        param->initial = INITIAL_DEFAULT;
    else if (strcmp(initial, "target") == 0)
        param->initial = INITIAL_TARGET;
    else if (strcmp(initial, "baseline") == 0)
        param->initial = INITIAL_BASELINE;
    else
        return reader_fail(reader,
                           "action %s, parameter %s: unknown initial "
                           "\"%s\"",
                           action, param->id, initial);
    if (param->initial == INITIAL_DEFAULT && !param->has_default)
        return reader_fail(reader,
                           "action %s, parameter %s: starts from its "
                           "default but has none",
                           action, param->id);
    return 0;
}

/* Copy an array of strings. */
static int
read_strings(struct catalogue_reader *reader, json_t *array,
             const char *what, const char *action, char ***out,
             size_t *count)
{
    json_t *item;
    size_t i;

    *count = 0;
    if (array == NULL)
        return 0;
    if (!json_is_array(array))
        return reader_fail(reader, "action %s: \"%s\" must be an array",
                           action, what);
    *out = xcalloc(json_array_size(array) + 1, sizeof **out);
    json_array_foreach(array, i, item) {
        if (!json_is_string(item))
            return reader_fail(reader,
                               "action %s: \"%s\" must hold strings", action,
                               what);
        (*out)[i] = xstrdup(json_string_value(item));
        (*count)++;
    }
    return 0;
}

static int
read_action_kind(struct catalogue_reader *reader,
                 struct strategy_action_def *action)
{
    int kind;

    for (kind = 0; kind < STRATEGY_ACTION_KINDS; kind++) {
        if (strcmp(action->id, action_kind_ids[kind]) == 0) {
            action->kind = (enum strategy_action_kind)kind;
            return 0;
        }
    }
    return reader_fail(reader, "action %s: the engine has no such action",
                       action->id);
}

static int
read_action(struct catalogue_reader *reader, json_t *item,
            struct strategy_action_def *action)
{
    json_t *params = json_object_get(item, "parameters");
    json_t *coefs = json_object_get(item, "coefficients");
    json_t *value;
    size_t i;

    if (read_id(reader, item, "action", action->id) < 0 ||
        read_action_kind(reader, action) < 0 ||
        read_names(reader, item, "name", action->id, &action->name_fr,
                   &action->name_en) < 0 ||
        read_names(reader, item, "description", action->id,
                   &action->description_fr, &action->description_en) < 0)
        return -1;

    if (!json_is_array(params) || json_array_size(params) == 0 ||
        json_array_size(params) > STRATEGY_PARAMS_MAX)
        return reader_fail(reader,
                           "action %s: 1 to %d \"parameters\" expected",
                           action->id, STRATEGY_PARAMS_MAX);
    json_array_foreach(params, i, value) {
        if (read_param(reader, value, action->id, &action->params[i]) < 0)
            return -1;
        action->param_count++;
    }

    if (!json_is_array(coefs) || json_array_size(coefs) > STRATEGY_COEFS_MAX)
        return reader_fail(reader,
                           "action %s: at most %d \"coefficients\" expected",
                           action->id, STRATEGY_COEFS_MAX);
    json_array_foreach(coefs, i, value) {
        int index = strategy_catalogue_coef(reader->catalogue,
                                            json_string_value(value));

        if (index < 0)
            return reader_fail(reader, "action %s: unknown coefficient %s",
                               action->id,
                               json_string_value(value) != NULL
                                   ? json_string_value(value)
                                   : "(not a string)");
        action->coefs[action->coef_count++] = (size_t)index;
    }
    if (read_strings(reader, json_object_get(item, "baseline"), "baseline",
                     action->id, &action->baseline,
                     &action->baseline_count) < 0)
        return -1;
    return read_strings(reader, json_object_get(item, "choices"), "choices",
                        action->id, &action->choices, &action->choice_count);
}

static int
read_catalogue(struct catalogue_reader *reader, json_t *root)
{
    struct strategy_catalogue *catalogue = reader->catalogue;
    json_t *coefs = json_object_get(root, "coefficients");
    json_t *actions = json_object_get(root, "actions");
    json_t *item;
    size_t i;

    if (!json_is_array(coefs) || !json_is_array(actions))
        return reader_fail(reader,
                           "\"coefficients\" and \"actions\" must be arrays");
    catalogue->coefs = xcalloc(json_array_size(coefs) + 1,
                               sizeof *catalogue->coefs);
    json_array_foreach(coefs, i, item) {
        if (read_coef(reader, item, &catalogue->coefs[i]) < 0)
            return -1;
        catalogue->coef_count++;
        if (strategy_catalogue_coef(catalogue, catalogue->coefs[i].id) !=
            (int)i)
            return reader_fail(reader, "coefficient %s: listed twice",
                               catalogue->coefs[i].id);
    }

    catalogue->actions = xcalloc(json_array_size(actions) + 1,
                                 sizeof *catalogue->actions);
    json_array_foreach(actions, i, item) {
        if (read_action(reader, item, &catalogue->actions[i]) < 0)
            return -1;
        catalogue->action_count++;
    }
    return 0;
}

int
strategy_catalogue_load(const char *path, struct strategy_catalogue **out,
                        char **error)
{
    struct catalogue_reader reader = {NULL, NULL};
    json_error_t json_error;
    json_t *root = NULL;
    int rc = -1;

    *out = NULL;
    *error = NULL;
    root = json_load_file(path, JSON_REJECT_DUPLICATES, &json_error);
    if (root == NULL) {
        *error = xasprintf("%s:%d: %s", path, json_error.line,
                           json_error.text);
        return -1;
    }
    reader.catalogue = xcalloc(1, sizeof *reader.catalogue);
    if (read_catalogue(&reader, root) < 0) {
        *error = xasprintf("%s: %s", path, reader.error);
        free(reader.error);
        strategy_catalogue_free(reader.catalogue);
        goto out;
    }
    *out = reader.catalogue;
    rc = 0;

out:
    json_decref(root);
    return rc;
}

int
strategy_catalogue_load_dir(const char *data_dir,
                            struct strategy_catalogue **out, char **error)
{
    char *path = xasprintf("%s/actions/catalogue.json", data_dir);
    int rc = strategy_catalogue_load(path, out, error);

    free(path);
    return rc;
}

static void
free_strings(char **strings, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        free(strings[i]);
    free(strings);
}

static void
coef_free(struct strategy_coef_def *coef)
{
    size_t i;

    free(coef->name_fr);
    free(coef->name_en);
    free(coef->unit);
    free(coef->range);
    free(coef->note);
    free(coef->derivation);
    for (i = 0; i < coef->source_count; i++) {
        free(coef->sources[i].publisher);
        free(coef->sources[i].title);
        free(coef->sources[i].url);
        free(coef->sources[i].figure);
    }
    free(coef->sources);
}

static void
action_free(struct strategy_action_def *action)
{
    size_t i;

    free(action->name_fr);
    free(action->name_en);
    free(action->description_fr);
    free(action->description_en);
    for (i = 0; i < STRATEGY_PARAMS_MAX; i++) {
        free(action->params[i].name_fr);
        free(action->params[i].name_en);
        free(action->params[i].unit);
    }
    free_strings(action->baseline, action->baseline_count);
    free_strings(action->choices, action->choice_count);
}

void
strategy_catalogue_free(struct strategy_catalogue *catalogue)
{
    size_t i;

    if (catalogue == NULL)
        return;
    /* A catalogue that failed half-way still has its counts right, but
     * the entry being read may hold allocations too: free one more. */
    if (catalogue->coefs != NULL) {
        for (i = 0; i <= catalogue->coef_count; i++)
            coef_free(&catalogue->coefs[i]);
    }
    if (catalogue->actions != NULL) {
        for (i = 0; i <= catalogue->action_count; i++)
            action_free(&catalogue->actions[i]);
    }
    free(catalogue->coefs);
    free(catalogue->actions);
    free(catalogue);
}

const struct strategy_action_def *
strategy_catalogue_action(const struct strategy_catalogue *catalogue,
                          const char *id)
{
    size_t i;

    for (i = 0; i < catalogue->action_count; i++) {
        if (strcmp(catalogue->actions[i].id, id) == 0)
            return &catalogue->actions[i];
    }
    return NULL;
}

int
strategy_catalogue_coef(const struct strategy_catalogue *catalogue,
                        const char *id)
{
    size_t i;

    if (id == NULL)
        return -1;
    for (i = 0; i < catalogue->coef_count; i++) {
        if (strcmp(catalogue->coefs[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

const char *
strategy_action_name(const struct strategy_action_def *action, int french)
{
    return french ? action->name_fr : action->name_en;
}

const char *
strategy_param_name(const struct strategy_param_def *param, int french)
{
    return french ? param->name_fr : param->name_en;
}

const char *
strategy_coef_name(const struct strategy_coef_def *coef, int french)
{
    return french ? coef->name_fr : coef->name_en;
}
