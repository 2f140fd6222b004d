/*
 * terrish: tests of dashboards in the store: rights, versions and
 * conflicts, history, undo and revert, sharing, copies, the migration to
 * schema version 5, default dashboards and similar territories.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The "small" cases use a store file loaded with the data of
 * data-fixture.c (région 84, communes 01001, 69001, 69002; indicator jobs_t
 * with categories a, b, c). The "real" cases load $TERRISH_DATA once.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/data-fixture.h"

static char *temp_dir;
static char *data_dir;
static char *db_path;
static struct store *store;
static int64_t region_id;  /* région 84 */
static int64_t commune_id; /* commune 69001 */

/* Accounts of the small store. olive owns the dashboards of the tests and
 * shares them with eddie (edit) and vera (view). ada is an administrator,
 * remi a regional administrator, and nora has no right. */
static const char *const accounts[] = {"olive", "ada",  "eddie",
                                       "vera",  "nora", "remi"};
#define ACCOUNT_COUNT (sizeof accounts / sizeof accounts[0])

/* Open path as a store, failing the test with the message. */
static struct store *
open_path(const char *path)
{
    struct store *opened = NULL;
    char *error = NULL;

    ck_assert_msg(store_open(path, STORE_OPEN_CREATE, &opened, &error) == 0,
                  "store_open: %s", error);
    return opened;
}

static int64_t
territory_id(struct store *target, enum territory_level level, const char *code)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(store_territory_get(target, level, code, &territory), 0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* Load the small data into a new store file with the accounts. */
static void
setup_small(void)
{
    temp_dir = fixture_temp_dir("check-store-dashboard");
    data_dir = fixture_write("check-store-dashboard-data", NULL);
    db_path = xasprintf("%s/terrish.db", temp_dir);
    store = open_path(db_path);
    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(store, data_dir, NULL, NULL) ==
                      STORE_LOAD_DONE,
                  "load: %s", store_error(store));
    ck_assert_int_eq(store_user_add(store, "olive", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "ada", ROLE_ADMIN, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "eddie", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "vera", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "nora", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "remi", ROLE_REGIONAL_ADMIN, "84"),
                     0);
    region_id = territory_id(store, LEVEL_REGION, "84");
    commune_id = territory_id(store, LEVEL_COMMUNE, "69001");
}

static void
teardown_small(void)
{
    store_close(store);
    store = NULL;
    fixture_remove(temp_dir);
    fixture_remove(data_dir);
    free(temp_dir);
    free(data_dir);
    free(db_path);
}

/* Create a dashboard of olive shared with eddie (edit) and vera (view). */
static int64_t
new_dashboard(const char *name)
{
    int64_t id = 0;

    ck_assert_msg(
        store_dashboard_create(store, "olive", name, region_id, &id) == 0,
        "create: %s", store_error(store));
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "eddie", ACCESS_EDIT), 0);
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "vera", ACCESS_VIEW), 0);
    return id;
}

/* Fill a widget of jobs_t (category a) as a 2x1 bars widget. */
static void
widget_fill(struct widget *widget, int64_t dashboard_id)
{
    memset(widget, 0, sizeof *widget);
    widget->dashboard_id = dashboard_id;
    widget->indicator_id = "jobs_t";
    widget->category = "a";
    widget->kind = WIDGET_BARS;
    widget->title = "Emplois";
    widget->width = 2;
    widget->height = 1;
}

/* Add a widget as account, failing the test on error; returns its id. */
static int64_t
add_widget(const char *account, int64_t dashboard_id)
{
    struct widget widget;
    int64_t version = 0;

    widget_fill(&widget, dashboard_id);
    ck_assert_msg(store_widget_add(store, account, &widget, &version) == 0,
                  "add: %s", store_error(store));
    return widget.id;
}

static int64_t
dashboard_version(struct store *target, int64_t id)
{
    struct dashboard dashboard;
    int64_t version;

    ck_assert_int_eq(store_dashboard_get(target, id, &dashboard), 0);
    version = dashboard.version;
    dashboard_clear(&dashboard);
    return version;
}

static char *
dashboard_name(int64_t id)
{
    struct dashboard dashboard;
    char *name;

    ck_assert_int_eq(store_dashboard_get(store, id, &dashboard), 0);
    name = xstrdup(dashboard.name);
    dashboard_clear(&dashboard);
    return name;
}

/* Read one widget of a dashboard by id; returns 0, or 1 when absent. */
static int
widget_find(int64_t dashboard_id, int64_t widget_id, struct widget *out)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;
    int rc = 1;

    memset(out, 0, sizeof *out);
    ck_assert_int_eq(
        store_dashboard_widgets(store, dashboard_id, &widgets, &count), 0);
    for (i = 0; i < count; i++) {
        if (widgets[i].id == widget_id && rc == 1) {
            *out = widgets[i];
            rc = 0;
        } else {
            widget_clear(&widgets[i]);
        }
    }
    free(widgets);
    return rc;
}

static size_t
widget_count(int64_t dashboard_id)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_widgets(store, dashboard_id, &widgets, &count), 0);
    for (i = 0; i < count; i++)
        widget_clear(&widgets[i]);
    free(widgets);
    return count;
}

static void
history_free(struct dashboard_change *changes, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        dashboard_change_clear(&changes[i]);
    free(changes);
}

static size_t
history_count(int64_t id)
{
    struct dashboard_change *changes = NULL;
    size_t count = 0;

    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    history_free(changes, count);
    return count;
}

/* Check one history row completely. */
static void
check_change(const struct dashboard_change *change, int64_t version,
             const char *account, int64_t widget_id, const char *field,
             const char *before, const char *after)
{
    ck_assert_int_eq(change->version, version);
    ck_assert_str_eq(change->account, account);
    ck_assert_int_eq(change->widget_id, widget_id);
    ck_assert_str_eq(change->field, field);
    ck_assert_str_eq(change->before, before);
    ck_assert_str_eq(change->after, after);
}

/* Check that the error message of the store contains text. */
static void
check_error(const char *text)
{
    ck_assert_msg(strstr(store_error(store), text) != NULL,
                  "message \"%s\" lacks \"%s\"", store_error(store), text);
}

START_TEST(kind_names_round_trip)
{
    const char *names[] = {"kpi",     "bars",        "series", "minimap",
                           "ranking", "modal_split", "flows",  "gauge"};
    enum widget_kind kind;
    size_t i;

    ck_assert_uint_eq(sizeof names / sizeof names[0], WIDGET_KIND_COUNT);
    for (i = 0; i < WIDGET_KIND_COUNT; i++) {
        ck_assert_str_eq(widget_kind_name((enum widget_kind)i), names[i]);
        ck_assert_int_eq(widget_kind_parse(names[i], &kind), 0);
        ck_assert_int_eq(kind, (enum widget_kind)i);
    }
    ck_assert_int_eq(widget_kind_parse("pie", &kind), -1);
    ck_assert_int_eq(widget_kind_parse("KPI", &kind), -1);
}
END_TEST

START_TEST(create_then_get)
{
    struct dashboard dashboard;
    int64_t id = 0;

    ck_assert_int_eq(
        store_dashboard_create(store, "olive", "Mobilité", region_id, &id), 0);
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(store_dashboard_get(store, id, &dashboard), 0);
    ck_assert_int_eq(dashboard.id, id);
    ck_assert_str_eq(dashboard.name, "Mobilité");
    ck_assert_str_eq(dashboard.description, "");
    ck_assert_str_eq(dashboard.owner, "olive");
    ck_assert_int_eq(dashboard.territory_id, region_id);
    ck_assert_int_eq(dashboard.public, 0);
    ck_assert_str_eq(dashboard.share_code, "");
    ck_assert_int_eq(dashboard.version, 0);
    ck_assert_uint_eq(strlen(dashboard.updated_at), 20);
    ck_assert_int_eq(dashboard.updated_at[19], 'Z');
    dashboard_clear(&dashboard);
    ck_assert_int_eq(store_dashboard_get(store, id + 1, &dashboard), 1);
    ck_assert_uint_eq(widget_count(id), 0);
    ck_assert_uint_eq(history_count(id), 0);
}
END_TEST

START_TEST(create_rejects_bad_input)
{
    int64_t id = 0;

    ck_assert_int_eq(
        store_dashboard_create(store, "ghost", "A", region_id, &id), -1);
    check_error("account \"ghost\" not found");
    ck_assert_int_eq(store_dashboard_create(store, "olive", "A", 999999, &id),
                     -1);
    check_error("no territory has id 999999");
    ck_assert_int_eq(store_dashboard_create(store, "olive", "", region_id, &id),
                     -1);
    check_error("empty");
    /* No-break, ideographic and zero-width spaces show nothing either. */
    ck_assert_int_eq(store_dashboard_create(store, "olive",
                                            "\xc2\xa0\xe3\x80\x80\xe2\x80\x8b",
                                            region_id, &id),
                     -1);
    check_error("empty");
    ck_assert_int_eq(
        store_dashboard_create(store, "olive", "a\x1b[2Jb", region_id, &id),
        -1);
    check_error("control character");
    /* U+202E and U+2067 would turn the rest of a listed line around. */
    ck_assert_int_eq(store_dashboard_create(store, "olive", "\xe2\x80\xae" "evil",
                                            region_id, &id),
                     -1);
    check_error("text direction");
    ck_assert_int_eq(store_dashboard_create(store, "olive", "x\xe2\x81\xa7" "y",
                                            region_id, &id),
                     -1);
    check_error("text direction");
    /* Other characters of the same block stay allowed: U+2014, U+2019. */
    ck_assert_int_eq(store_dashboard_create(store, "olive",
                                            "Plan \xe2\x80\x94 l\xe2\x80\x99" "an",
                                            region_id, &id),
                     0);
    ck_assert_int_eq(store_dashboard_remove(store, "olive", id), 0);
    id = 0;
}
END_TEST

START_TEST(create_with_widgets_is_version_zero)
{
    struct widget widgets[2];
    struct widget *read = NULL;
    struct dashboard *list = NULL;
    size_t count = 0;
    int64_t id = 0;

    widget_fill(&widgets[0], 0);
    widget_fill(&widgets[1], 0);
    widgets[1].indicator_id = "pop_t";
    widgets[1].category = NULL;
    widgets[1].kind = WIDGET_KPI;
    widgets[1].position = 7;
    ck_assert_msg(store_dashboard_create_with_widgets(
                      store, "olive", "D", region_id, widgets, 2, &id) == 0,
                  "%s", store_error(store));
    ck_assert_uint_eq(history_count(id), 0);
    ck_assert_int_eq(dashboard_version(store, id), 0);

    /* Positions follow the array; the given position is ignored. */
    ck_assert_int_eq(store_dashboard_widgets(store, id, &read, &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert_str_eq(read[0].indicator_id, "jobs_t");
    ck_assert_int_eq(read[0].position, 0);
    ck_assert_str_eq(read[1].indicator_id, "pop_t");
    ck_assert_int_eq(read[1].position, 1);
    ck_assert_int_eq(read[1].version, 0);
    widget_clear(&read[0]);
    widget_clear(&read[1]);
    free(read);

    widgets[1].category = "zz";
    ck_assert_int_eq(store_dashboard_create_with_widgets(
                         store, "olive", "E", region_id, widgets, 2, &id),
                     -1);
    check_error("no category \"zz\"");
    ck_assert_int_eq(id, 0);
    ck_assert_int_eq(store_dashboard_list(store, "olive", &list, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(list[0].name, "D");
    dashboard_clear(&list[0]);
    free(list);
}
END_TEST

START_TEST(list_shows_owned_granted_public)
{
    struct dashboard *list = NULL;
    size_t count = 0;
    int64_t second;
    int64_t first;
    size_t i;

    second = new_dashboard("Zeta");
    first = new_dashboard("Alpha");
    ck_assert_int_eq(store_dashboard_list(store, "olive", &list, &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert_int_eq(list[0].id, first);
    ck_assert_int_eq(list[1].id, second);
    for (i = 0; i < count; i++)
        dashboard_clear(&list[i]);
    free(list);

    ck_assert_int_eq(store_dashboard_list(store, "eddie", &list, &count), 0);
    ck_assert_uint_eq(count, 2);
    for (i = 0; i < count; i++)
        dashboard_clear(&list[i]);
    free(list);

    ck_assert_int_eq(store_dashboard_list(store, "nora", &list, &count), 0);
    ck_assert_uint_eq(count, 0);
    free(list);

    ck_assert_int_eq(store_dashboard_set_public(store, "ada", second, 1), 0);
    ck_assert_int_eq(store_dashboard_list(store, "nora", &list, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(list[0].id, second);
    ck_assert_int_eq(list[0].public, 1);
    dashboard_clear(&list[0]);
    free(list);
}
END_TEST

START_TEST(access_follows_roles)
{
    const enum dashboard_access expected[ACCOUNT_COUNT] = {
        ACCESS_OWNER, ACCESS_OWNER, ACCESS_EDIT,
        ACCESS_VIEW,  ACCESS_NONE,  ACCESS_NONE,
    };
    enum dashboard_access access;
    int64_t id = new_dashboard("D");
    size_t i;

    for (i = 0; i < ACCOUNT_COUNT; i++) {
        ck_assert_int_eq(
            store_dashboard_access(store, id, accounts[i], &access), 0);
        ck_assert_msg(access == expected[i], "%s has %d, not %d", accounts[i],
                      (int)access, (int)expected[i]);
    }
    ck_assert_int_eq(store_dashboard_access(store, id, "ghost", &access), 0);
    ck_assert_int_eq(access, ACCESS_NONE);

    ck_assert_int_eq(store_dashboard_set_public(store, "ada", id, 1), 0);
    ck_assert_int_eq(store_dashboard_access(store, id, "nora", &access), 0);
    ck_assert_int_eq(access, ACCESS_VIEW);
    ck_assert_int_eq(store_dashboard_access(store, id, "ghost", &access), 0);
    ck_assert_int_eq(access, ACCESS_VIEW);
    ck_assert_int_eq(store_dashboard_access(store, id, "eddie", &access), 0);
    ck_assert_int_eq(access, ACCESS_EDIT);
    ck_assert_int_eq(store_dashboard_access(store, id + 100, "olive", &access),
                     1);
}
END_TEST

/* One mutating call, made by account on a fresh dashboard id that has one
 * widget (widget_id) and one change by olive. Returns the call's result. */
typedef int (*dashboard_call)(const char *account, int64_t id,
                              int64_t widget_id);

static int
call_set(const char *account, int64_t id, int64_t widget_id)
{
    int64_t version;

    (void)widget_id;
    return store_dashboard_set(store, account, id, "name", "New", 2, &version);
}

static int
call_widget_set(const char *account, int64_t id, int64_t widget_id)
{
    int64_t version;

    (void)id;
    return store_widget_set(store, account, widget_id, "title", "T", 2,
                            &version);
}

static int
call_widget_add(const char *account, int64_t id, int64_t widget_id)
{
    struct widget widget;
    int64_t version;

    (void)widget_id;
    widget_fill(&widget, id);
    return store_widget_add(store, account, &widget, &version);
}

static int
call_widget_remove(const char *account, int64_t id, int64_t widget_id)
{
    int64_t version;

    (void)id;
    return store_widget_remove(store, account, widget_id, &version);
}

static int
call_set_undone(const char *account, int64_t id, int64_t widget_id)
{
    int64_t version;

    return store_dashboard_set_undone(store, account, id, widget_id, "title",
                                      "T", &version);
}

static int
call_undo(const char *account, int64_t id, int64_t widget_id)
{
    int64_t version;

    (void)widget_id;
    return store_dashboard_undo(store, account, id, &version);
}

static int
call_revert(const char *account, int64_t id, int64_t widget_id)
{
    int64_t version;

    (void)widget_id;
    return store_dashboard_revert(store, account, id, 1, &version);
}

static int
call_grant(const char *account, int64_t id, int64_t widget_id)
{
    (void)widget_id;
    return store_dashboard_grant(store, account, id, "nora", ACCESS_VIEW);
}

static int
call_share(const char *account, int64_t id, int64_t widget_id)
{
    char code[DASHBOARD_CODE_LENGTH + 1];

    (void)widget_id;
    return store_dashboard_share(store, account, id, code);
}

static int
call_unshare(const char *account, int64_t id, int64_t widget_id)
{
    (void)widget_id;
    return store_dashboard_unshare(store, account, id);
}

static int
call_set_public(const char *account, int64_t id, int64_t widget_id)
{
    (void)widget_id;
    return store_dashboard_set_public(store, account, id, 1);
}

static int
call_copy(const char *account, int64_t id, int64_t widget_id)
{
    int64_t new_id;

    (void)widget_id;
    return store_dashboard_copy(store, account, id, &new_id);
}

static int
call_remove(const char *account, int64_t id, int64_t widget_id)
{
    (void)widget_id;
    return store_dashboard_remove(store, account, id);
}

/* Expected results of each call for each account of accounts[]: olive
 * (owner), ada (admin), eddie (editor), vera (viewer), nora (none), remi
 * (regional administrator). F is STORE_FORBIDDEN. Undo returns 1 for an
 * account allowed to undo but without a change of its own. */
#define F STORE_FORBIDDEN
static const struct {
    const char *name;
    dashboard_call call;
    int expected[ACCOUNT_COUNT];
} rights_table[] = {
    {"set", call_set, {0, 0, 0, F, F, F}},
    {"widget_set", call_widget_set, {0, 0, 0, F, F, F}},
    {"widget_add", call_widget_add, {0, 0, 0, F, F, F}},
    {"widget_remove", call_widget_remove, {0, 0, 0, F, F, F}},
    {"set_undone", call_set_undone, {0, 0, 0, F, F, F}},
    {"undo", call_undo, {0, 1, 1, F, F, F}},
    {"revert", call_revert, {0, 0, 0, F, F, F}},
    {"grant", call_grant, {0, 0, F, F, F, F}},
    {"share", call_share, {0, 0, F, F, F, F}},
    {"unshare", call_unshare, {0, 0, F, F, F, F}},
    {"set_public", call_set_public, {F, 0, F, F, F, F}},
    {"copy", call_copy, {0, 0, 0, 0, F, F}},
    {"remove", call_remove, {0, 0, F, F, F, F}},
};
#undef F

START_TEST(every_call_checks_rights)
{
    struct dashboard before;
    struct dashboard after;
    int64_t widget_id;
    int64_t version;
    int64_t id;
    size_t calls = sizeof rights_table / sizeof rights_table[0];
    size_t history;
    size_t i;
    size_t a;
    int rc;

    for (i = 0; i < calls; i++) {
        for (a = 0; a < ACCOUNT_COUNT; a++) {
            id = new_dashboard("Rights");
            widget_id = add_widget("olive", id);
            ck_assert_int_eq(store_dashboard_set(store, "olive", id, "name",
                                                 "Renamed", 1, &version),
                             0);
            ck_assert_int_eq(store_dashboard_get(store, id, &before), 0);
            history = history_count(id);

            rc = rights_table[i].call(accounts[a], id, widget_id);
            ck_assert_msg(rc == rights_table[i].expected[a],
                          "%s by %s returned %d, not %d: %s",
                          rights_table[i].name, accounts[a], rc,
                          rights_table[i].expected[a], store_error(store));
            if (rc == STORE_FORBIDDEN) {
                check_error(accounts[a]);
                ck_assert_int_eq(store_dashboard_get(store, id, &after), 0);
                ck_assert_int_eq(after.version, before.version);
                ck_assert_str_eq(after.name, before.name);
                ck_assert_int_eq(after.public, before.public);
                ck_assert_str_eq(after.share_code, before.share_code);
                ck_assert_uint_eq(history_count(id), history);
                ck_assert_uint_eq(widget_count(id), 1);
                dashboard_clear(&after);
            }
            dashboard_clear(&before);
        }
    }
}
END_TEST

START_TEST(public_and_code_give_view_only)
{
    char code[DASHBOARD_CODE_LENGTH + 1];
    struct dashboard found;
    int64_t id = new_dashboard("Shared");
    int64_t widget_id = add_widget("olive", id);
    int64_t copy_id = 0;
    int64_t version;

    ck_assert_int_eq(store_dashboard_share(store, "olive", id, code), 0);
    ck_assert_int_eq(store_dashboard_by_code(store, code, &found), 0);
    ck_assert_int_eq(found.id, id);
    dashboard_clear(&found);
    /* The code opens the dashboard but gives no right to change it. */
    ck_assert_int_eq(
        store_widget_set(store, "nora", widget_id, "title", "X", 1, &version),
        STORE_FORBIDDEN);
    ck_assert_int_eq(store_dashboard_copy(store, "nora", id, &copy_id),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(
        store_dashboard_copy_by_code(store, "nora", code, NULL, &copy_id), 0);
    ck_assert_int_gt(copy_id, 0);
    ck_assert_int_eq(
        store_dashboard_copy_by_code(store, "nora", "ZZZZZZZZ", NULL, &copy_id),
        1);
    ck_assert_int_eq(copy_id, 0);

    ck_assert_int_eq(store_dashboard_set_public(store, "ada", id, 1), 0);
    ck_assert_int_eq(store_dashboard_copy(store, "nora", id, &copy_id), 0);
    ck_assert_int_eq(
        store_dashboard_set(store, "nora", id, "name", "X", 1, &version),
        STORE_FORBIDDEN);
    ck_assert_int_eq(store_dashboard_undo(store, "nora", id, &version),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_dashboard_set_public(store, "olive", id, 0),
                     STORE_FORBIDDEN);
    check_error("only an administrator");
}
END_TEST

START_TEST(share_code_format_and_lookup)
{
    char first[DASHBOARD_CODE_LENGTH + 1];
    char second[DASHBOARD_CODE_LENGTH + 1];
    char lower[DASHBOARD_CODE_LENGTH + 1];
    struct dashboard found;
    int64_t id = new_dashboard("Shared");
    size_t i;

    ck_assert_int_eq(store_dashboard_share(store, "olive", id, first), 0);
    ck_assert_uint_eq(strlen(first), DASHBOARD_CODE_LENGTH);
    ck_assert_uint_eq(strspn(first, "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"),
                      DASHBOARD_CODE_LENGTH);
    for (i = 0; i <= DASHBOARD_CODE_LENGTH; i++) {
        lower[i] = first[i] >= 'A' && first[i] <= 'Z'
                       ? (char)(first[i] - 'A' + 'a')
                       : first[i];
    }
    ck_assert_int_eq(store_dashboard_by_code(store, lower, &found), 0);
    ck_assert_int_eq(found.id, id);
    ck_assert_str_eq(found.share_code, first);
    dashboard_clear(&found);

    /* A new code replaces the old one, which then opens nothing. */
    ck_assert_int_eq(store_dashboard_share(store, "olive", id, second), 0);
    ck_assert_str_ne(first, second);
    ck_assert_int_eq(store_dashboard_by_code(store, first, &found), 1);
    ck_assert_int_eq(store_dashboard_by_code(store, second, &found), 0);
    dashboard_clear(&found);
    ck_assert_int_eq(store_dashboard_unshare(store, "olive", id), 0);
    ck_assert_int_eq(store_dashboard_by_code(store, second, &found), 1);
    ck_assert_int_eq(store_dashboard_by_code(store, "SHORT", &found), 1);
}
END_TEST

START_TEST(grant_and_revoke)
{
    enum dashboard_access access;
    int64_t id = new_dashboard("D");

    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "vera", ACCESS_EDIT), 0);
    ck_assert_int_eq(store_dashboard_access(store, id, "vera", &access), 0);
    ck_assert_int_eq(access, ACCESS_EDIT);
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "eddie", ACCESS_NONE), 0);
    ck_assert_int_eq(store_dashboard_access(store, id, "eddie", &access), 0);
    ck_assert_int_eq(access, ACCESS_NONE);
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "olive", ACCESS_VIEW), -1);
    check_error("owns dashboard");
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "ghost", ACCESS_VIEW), -1);
    check_error("account \"ghost\" not found");
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "nora", ACCESS_OWNER), -1);
    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id + 100, "nora", ACCESS_VIEW),
        1);
}
END_TEST

START_TEST(set_records_history_json)
{
    struct dashboard_change *changes = NULL;
    char territory[64];
    size_t count = 0;
    int64_t id = new_dashboard("Avant");
    int64_t version = 0;

    ck_assert_int_eq(store_dashboard_set(store, "eddie", id, "name",
                                         "Après \"ça\"", 0, &version),
                     0);
    ck_assert_int_eq(version, 1);
    ck_assert_int_eq(store_dashboard_set(store, "olive", id, "description",
                                         "Ligne 1\nLigne 2", 1, &version),
                     0);
    ck_assert_int_eq(version, 2);
    snprintf(territory, sizeof territory, "commune:69001");
    ck_assert_int_eq(store_dashboard_set(store, "olive", id, "territory",
                                         territory, 2, &version),
                     0);
    ck_assert_int_eq(version, 3);

    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 3);
    check_change(&changes[0], 1, "eddie", 0, "name", "\"Avant\"",
                 "\"Après \\\"ça\\\"\"");
    check_change(&changes[1], 2, "olive", 0, "description", "\"\"",
                 "\"Ligne 1\\nLigne 2\"");
    snprintf(territory, sizeof territory, "%lld", (long long)commune_id);
    ck_assert_str_eq(changes[2].field, "territory");
    ck_assert_str_eq(changes[2].after, territory);
    ck_assert_int_eq(changes[2].undo_of, 0);
    ck_assert_int_eq(changes[2].revert_to, -1);
    ck_assert_uint_eq(strlen(changes[2].at), 20);
    history_free(changes, count);

    ck_assert_int_eq(store_dashboard_history(store, id, 2, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(changes[0].version, 3);
    history_free(changes, count);
    ck_assert_int_eq(dashboard_version(store, id), 3);
}
END_TEST

START_TEST(widget_add_and_remove_record_objects)
{
    static const char object[] =
        "{\"position\":0,\"indicator\":\"jobs_t\",\"category\":\"a\","
        "\"territory\":null,\"kind\":\"bars\",\"title\":\"Emplois\","
        "\"width\":2,\"height\":1,\"target\":null}";
    struct dashboard_change *changes = NULL;
    struct widget widget;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t version = 0;

    widget_fill(&widget, id);
    widget.position = 9;
    ck_assert_int_eq(store_widget_add(store, "eddie", &widget, &version), 0);
    ck_assert_int_eq(version, 1);
    ck_assert_int_gt(widget.id, 0);
    ck_assert_int_eq(widget.position, 0);
    ck_assert_int_eq(widget.version, 1);
    ck_assert_int_eq(store_widget_set(store, "olive", widget.id, "target",
                                      "12,5", 1, &version),
                     0);
    ck_assert_int_eq(store_widget_remove(store, "olive", widget.id, &version),
                     0);
    ck_assert_int_eq(version, 3);
    ck_assert_int_eq(store_widget_remove(store, "olive", widget.id, &version),
                     1);
    ck_assert_uint_eq(widget_count(id), 0);

    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 3);
    check_change(&changes[0], 1, "eddie", widget.id, "widget", "null", object);
    check_change(&changes[1], 2, "olive", widget.id, "target", "null", "12.5");
    ck_assert_str_eq(changes[2].field, "widget");
    ck_assert_str_eq(changes[2].after, "null");
    ck_assert_msg(strstr(changes[2].before, "\"target\":12.5}") != NULL,
                  "before: %s", changes[2].before);
    history_free(changes, count);
}
END_TEST

START_TEST(target_round_trips_as_number)
{
    struct dashboard_change *changes = NULL;
    struct widget widget;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;

    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "target", "30",
                                      1, &version),
                     0);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_int_eq(widget.has_target, 1);
    ck_assert_double_eq(widget.target, 30);
    widget_clear(&widget);
    ck_assert_int_eq(store_dashboard_history(store, id, 1, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 1);
    check_change(&changes[0], 2, "olive", widget_id, "target", "null", "30.0");
    history_free(changes, count);

    /* The stored 30.0 equals the history's, so the change is in effect. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 0);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_int_eq(widget.has_target, 0);
    widget_clear(&widget);
}
END_TEST

START_TEST(widget_values_are_checked)
{
    static const struct {
        const char *field;
        const char *value;
        const char *message;
    } cases[] = {
        {"width", "5", "invalid width"},
        {"width", "0", "invalid width"},
        {"height", "2x", "invalid height"},
        {"kind", "pie", "invalid kind"},
        {"indicator", "nope", "\"nope\" not found"},
        {"territory", "999999", "no territory has id 999999"},
        {"territory", "commune:99999", "LEVEL:CODE"},
        {"category", "z", "no category \"z\""},
        {"target", "abc", "invalid target"},
        {"position", "-1", "invalid position"},
        {"colour", "red", "unknown widget field"},
    };
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(store_widget_set(store, "olive", widget_id,
                                       cases[i].field, cases[i].value, 1,
                                       &version) == -1,
                      "%s = %s accepted", cases[i].field, cases[i].value);
        check_error(cases[i].message);
    }
    ck_assert_int_eq(dashboard_version(store, id), 1);
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "owner", "x", 1, &version), -1);
    check_error("unknown dashboard field");

    /* Valid forms of the same fields. */
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "territory",
                                      "commune:69002", 1, &version),
                     0);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "territory",
                                      "", 2, &version),
                     0);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "kind",
                                      "gauge", 3, &version),
                     0);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "category", "",
                                      4, &version),
                     0);
    ck_assert_int_eq(version, 5);
}
END_TEST

START_TEST(texts_are_checked)
{
    static const struct {
        const char *field;
        const char *value;
        const char *message;
    } cases[] = {
        {"name", "bad \xff utf-8", "not valid UTF-8"},
        {"name", "\xc3", "not valid UTF-8"},
        {"name", "red \x1b[31m", "control character"},
        {"name", "two\nlines", "control character"},
        {"name",
         "csi \xc2\x9b"
         "2J",
         "control character"},
        {"name", "del \x7f", "control character"},
        {"name", "   ", "empty"},
        {"description", "tab\there", "control character"},
        {"description", "cr\r\n", "control character"},
        {"description", "esc \x1b]0;x\x07", "control character"},
        {"description", "\xe2\x28\xa1", "not valid UTF-8"},
    };
    struct widget widget;
    char *long_text = NULL;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(store_dashboard_set(store, "olive", id, cases[i].field,
                                          cases[i].value, 1, &version) == -1,
                      "case %zu accepted", i);
        check_error(cases[i].message);
    }
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      "a\x1b[1mb", 1, &version),
                     -1);
    check_error("control character");
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      "a\xc2\x85"
                                      "b",
                                      1, &version),
                     -1);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      "\xed\xa0\x80", 1, &version),
                     -1);
    check_error("not valid UTF-8");

    widget_fill(&widget, id);
    widget.title = "\x1b]52;c;cGF5bG9hZA==\x07";
    ck_assert_int_eq(store_widget_add(store, "olive", &widget, &version), -1);
    check_error("control character");
    ck_assert_uint_eq(widget_count(id), 1);

    long_text = xmalloc(DASHBOARD_DESCRIPTION_MAX + 2);
    memset(long_text, 'x', DASHBOARD_DESCRIPTION_MAX + 1);
    long_text[DASHBOARD_NAME_MAX + 1] = '\0';
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "name", long_text, 1, &version),
        -1);
    check_error("too long");
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      long_text, 1, &version),
                     -1);
    check_error("too long");
    long_text[DASHBOARD_NAME_MAX] = '\0';
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "name", long_text, 1, &version),
        0);
    memset(long_text, 'x', DASHBOARD_DESCRIPTION_MAX + 1);
    long_text[DASHBOARD_DESCRIPTION_MAX + 1] = '\0';
    ck_assert_int_eq(store_dashboard_set(store, "olive", id, "description",
                                         long_text, 2, &version),
                     -1);
    check_error("too long");
    long_text[DASHBOARD_DESCRIPTION_MAX] = '\0';
    ck_assert_int_eq(store_dashboard_set(store, "olive", id, "description",
                                         long_text, 2, &version),
                     0);
    free(long_text);
    ck_assert_int_eq(store_dashboard_set(store, "olive", id, "name",
                                         "Évolution — 2024 ✓", 3, &version),
                     0);
    ck_assert_int_eq(version, 4);
}
END_TEST

START_TEST(conflict_only_on_same_field)
{
    char *name = NULL;
    int64_t id = new_dashboard("D");
    int64_t first = add_widget("olive", id);
    int64_t second = add_widget("olive", id);
    int64_t seen = dashboard_version(store, id);
    int64_t version = 0;

    /* eddie changes the title of the first widget after version seen. */
    ck_assert_int_eq(
        store_widget_set(store, "eddie", first, "title", "E", seen, &version),
        0);
    ck_assert_int_eq(
        store_widget_set(store, "olive", first, "title", "O", seen, &version),
        STORE_CONFLICT);
    check_error("changed by eddie");
    ck_assert_int_eq(dashboard_version(store, id), seen + 1);

    /* Other fields, other widgets and the dashboard do not conflict. */
    ck_assert_int_eq(
        store_widget_set(store, "olive", first, "width", "4", seen, &version),
        0);
    ck_assert_int_eq(
        store_widget_set(store, "olive", second, "title", "O", seen, &version),
        0);
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "name", "N", seen, &version),
        0);
    ck_assert_int_eq(version, seen + 4);

    /* Knowing the latest version, the same change goes through. */
    ck_assert_int_eq(store_widget_set(store, "olive", first, "title", "O",
                                      seen + 1, &version),
                     0);
    ck_assert_int_eq(
        store_dashboard_set(store, "eddie", id, "name", "M", seen, &version),
        STORE_CONFLICT);
    name = dashboard_name(id);
    ck_assert_str_eq(name, "N");
    free(name);

    /* Setting the value a field already has writes nothing. */
    ck_assert_int_eq(
        store_dashboard_set(store, "eddie", id, "name", "N", 0, &version), 0);
    ck_assert_int_eq(version, seen + 5);
    ck_assert_int_eq(dashboard_version(store, id), seen + 5);
}
END_TEST

START_TEST(indicator_change_clears_category)
{
    struct dashboard_change *changes = NULL;
    struct widget widget;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;

    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "indicator",
                                      "pop_t", 1, &version),
                     0);
    ck_assert_int_eq(version, 2);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.indicator_id, "pop_t");
    ck_assert_ptr_null(widget.category);
    ck_assert_int_eq(widget.version, 2);
    widget_clear(&widget);

    ck_assert_int_eq(store_dashboard_history(store, id, 1, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 2);
    check_change(&changes[0], 2, "olive", widget_id, "indicator", "\"jobs_t\"",
                 "\"pop_t\"");
    check_change(&changes[1], 2, "olive", widget_id, "category", "\"a\"",
                 "null");
    history_free(changes, count);

    /* pop_t has no categories, so none can be chosen. */
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "category",
                                      "a", 2, &version),
                     -1);
    /* One undo reverses both rows of version 2. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 0);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.indicator_id, "jobs_t");
    ck_assert_str_eq(widget.category, "a");
    widget_clear(&widget);
}
END_TEST

START_TEST(removed_widget_changes)
{
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;

    ck_assert_int_eq(store_widget_remove(store, "eddie", widget_id, &version),
                     0);
    ck_assert_int_eq(
        store_widget_set(store, "olive", widget_id, "title", "X", 1, &version),
        STORE_CONFLICT);
    check_error("changed by eddie");
    ck_assert_int_eq(
        store_widget_set(store, "olive", widget_id, "title", "X", 2, &version),
        1);
    check_error("was removed");
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id + 99, "title",
                                      "X", 2, &version),
                     1);
}
END_TEST

START_TEST(undo_reverses_own_last_change)
{
    struct dashboard_change *changes = NULL;
    struct widget widget;
    char *name = NULL;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;

    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      "Mine", 1, &version),
                     0);
    ck_assert_int_eq(
        store_dashboard_set(store, "eddie", id, "name", "Eddie", 2, &version),
        0);
    /* olive's last change is the title, not eddie's name. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 0);
    ck_assert_int_eq(version, 4);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.title, "Emplois");
    widget_clear(&widget);
    name = dashboard_name(id);
    ck_assert_str_eq(name, "Eddie");
    free(name);

    ck_assert_int_eq(store_dashboard_history(store, id, 3, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 1);
    check_change(&changes[0], 4, "olive", widget_id, "title", "\"Mine\"",
                 "\"Emplois\"");
    ck_assert_int_eq(changes[0].undo_of, 2);
    history_free(changes, count);

    /* The next undo goes further back: the widget added at version 1. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 0);
    ck_assert_uint_eq(widget_count(id), 0);
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 1);
    check_error("no change left to undo");
    ck_assert_int_eq(version, 5);

    /* eddie's own undo restores the name. */
    ck_assert_int_eq(store_dashboard_undo(store, "eddie", id, &version), 0);
    name = dashboard_name(id);
    ck_assert_str_eq(name, "D");
    free(name);
}
END_TEST

/* A value given up after a conflict is in the history, the field keeps
 * its value, and undo passes over it. */
START_TEST(set_undone_keeps_value_in_history)
{
    struct dashboard_change *changes = NULL;
    struct widget widget;
    char *name = NULL;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t other = new_dashboard("Other");
    int64_t version = 0;

    ck_assert_int_eq(store_widget_set(store, "eddie", widget_id, "title",
                                      "Eddie", 1, &version),
                     0);
    ck_assert_int_eq(store_dashboard_set_undone(store, "olive", id, widget_id,
                                                "title", "Olive", &version),
                     0);
    ck_assert_int_eq(version, 4);
    ck_assert_int_eq(dashboard_version(store, id), 4);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.title, "Eddie");
    ck_assert_int_eq(widget.version, 4);
    widget_clear(&widget);
    ck_assert_int_eq(store_dashboard_history(store, id, 2, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 2);
    check_change(&changes[0], 3, "olive", widget_id, "title", "\"Eddie\"",
                 "\"Olive\"");
    ck_assert_int_eq(changes[0].undo_of, 0);
    check_change(&changes[1], 4, "olive", widget_id, "title", "\"Olive\"",
                 "\"Eddie\"");
    ck_assert_int_eq(changes[1].undo_of, 3);
    history_free(changes, count);

    /* A field of the dashboard itself works the same way. */
    ck_assert_int_eq(store_dashboard_set_undone(store, "eddie", id, 0, "name",
                                                "Gone", &version),
                     0);
    ck_assert_int_eq(version, 6);
    name = dashboard_name(id);
    ck_assert_str_eq(name, "D");
    free(name);

    /* Undo passes over both versions: olive's last change left is the
     * widget she added at version 1. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 0);
    ck_assert_uint_eq(widget_count(id), 0);

    /* The current value writes nothing; a widget of another dashboard
     * or a bad value is rejected without a row. */
    ck_assert_int_eq(store_dashboard_set_undone(store, "olive", id, 0, "name",
                                                "D", &version),
                     0);
    ck_assert_int_eq(version, 7);
    ck_assert_int_eq(store_dashboard_set_undone(store, "olive", other,
                                                widget_id, "title", "X",
                                                &version),
                     1);
    check_error("is not on dashboard");
    ck_assert_int_eq(
        store_dashboard_set_undone(store, "olive", id, 0, "name", "", &version),
        -1);
    ck_assert_int_eq(
        store_dashboard_set_undone(store, "olive", id, 0, "nom", "X", &version),
        -1);
    check_error("unknown dashboard field");
    ck_assert_uint_eq(history_count(id), 7);
}
END_TEST

/*
 * Undo passes over olive's changes that eddie replaced since and takes
 * back her latest one still in effect. When only replaced ones are left,
 * it writes nothing and returns STORE_CONFLICT.
 */
START_TEST(undo_skips_overwritten_change)
{
    struct dashboard_change *changes = NULL;
    struct widget widget;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("eddie", id);
    int64_t version = 0;

    ck_assert_int_eq(
        store_widget_set(store, "olive", widget_id, "height", "3", 1, &version),
        0);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      "Olive", 2, &version),
                     0);
    ck_assert_int_eq(store_widget_set(store, "eddie", widget_id, "title",
                                      "Eddie", 3, &version),
                     0);

    ck_assert_msg(store_dashboard_undo(store, "olive", id, &version) == 0,
                  "undo: %s", store_error(store));
    ck_assert_int_eq(version, 5);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_int_eq(widget.height, 1);
    ck_assert_str_eq(widget.title, "Eddie");
    widget_clear(&widget);
    ck_assert_int_eq(store_dashboard_history(store, id, 4, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 1);
    check_change(&changes[0], 5, "olive", widget_id, "height", "3", "1");
    ck_assert_int_eq(changes[0].undo_of, 2);
    history_free(changes, count);

    /* Only the replaced title is left. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version),
                     STORE_CONFLICT);
    check_error("no change left in effect");
    ck_assert_int_eq(version, 5);
    ck_assert_int_eq(dashboard_version(store, id), 5);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.title, "Eddie");
    widget_clear(&widget);

    /* A field of a widget that someone else removed is not in effect. */
    ck_assert_int_eq(
        store_widget_set(store, "olive", widget_id, "width", "3", 5, &version),
        0);
    ck_assert_int_eq(store_widget_remove(store, "eddie", widget_id, &version),
                     0);
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version),
                     STORE_CONFLICT);
    ck_assert_int_eq(dashboard_version(store, id), 7);
}
END_TEST

START_TEST(undo_of_removal_restores_id)
{
    struct widget widget;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;

    ck_assert_int_eq(
        store_widget_set(store, "olive", widget_id, "height", "3", 1, &version),
        0);
    ck_assert_int_eq(store_widget_remove(store, "eddie", widget_id, &version),
                     0);
    ck_assert_int_eq(store_dashboard_undo(store, "eddie", id, &version), 0);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_int_eq(widget.height, 3);
    ck_assert_int_eq(widget.version, version);
    widget_clear(&widget);
}
END_TEST

START_TEST(revert_restores_removed_widget)
{
    struct dashboard_change *changes = NULL;
    struct widget widget;
    char *name = NULL;
    size_t count = 0;
    int64_t id = new_dashboard("Start");
    int64_t first_widget = add_widget("olive", id);
    int64_t widget_id = add_widget("olive", id);
    int64_t version = 0;
    size_t i;

    /* Versions: 1 and 2 add, 3 title, 4 removal, 5 name, 6 a third. */
    ck_assert_int_eq(store_widget_set(store, "eddie", widget_id, "title",
                                      "Three", 2, &version),
                     0);
    ck_assert_int_eq(store_widget_remove(store, "eddie", widget_id, &version),
                     0);
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "name", "Later", 4, &version),
        0);
    add_widget("eddie", id);
    ck_assert_uint_eq(widget_count(id), 2);

    ck_assert_int_eq(store_dashboard_revert(store, "vera", id, 3, &version),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_dashboard_revert(store, "olive", id, 3, &version),
                     0);
    ck_assert_int_eq(version, 7);
    ck_assert_uint_eq(widget_count(id), 2);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.title, "Three");
    ck_assert_int_eq(widget.version, 7);
    widget_clear(&widget);
    ck_assert_int_eq(widget_find(id, first_widget, &widget), 0);
    widget_clear(&widget);
    name = dashboard_name(id);
    ck_assert_str_eq(name, "Start");
    free(name);

    /* One version, three rows, all marked as a revert to 3. */
    ck_assert_int_eq(store_dashboard_history(store, id, 6, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 3);
    for (i = 0; i < count; i++) {
        ck_assert_int_eq(changes[i].version, 7);
        ck_assert_int_eq(changes[i].revert_to, 3);
    }
    ck_assert_str_eq(changes[0].field, "name");
    ck_assert_str_eq(changes[1].field, "widget");
    ck_assert_int_eq(changes[1].widget_id, widget_id);
    ck_assert_str_eq(changes[1].before, "null");
    ck_assert_str_eq(changes[2].after, "null");
    history_free(changes, count);

    /* Reverting to 2 keeps the widget but with its first title. */
    ck_assert_int_eq(store_dashboard_revert(store, "eddie", id, 2, &version),
                     0);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.title, "Emplois");
    widget_clear(&widget);

    /* Version 0 had no widget. The history is kept, never rewritten. */
    ck_assert_int_eq(store_dashboard_revert(store, "olive", id, 0, &version),
                     0);
    ck_assert_uint_eq(widget_count(id), 0);
    ck_assert_int_eq(
        store_dashboard_revert(store, "olive", id, version, &version), 0);
    ck_assert_int_eq(version, 9);
    ck_assert_int_eq(store_dashboard_revert(store, "olive", id, 10, &version),
                     -1);
    check_error("invalid version 10");
    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    ck_assert_int_eq(changes[count - 1].version, 9);
    ck_assert_str_eq(changes[0].field, "widget");
    ck_assert_int_eq(changes[0].version, 1);
    history_free(changes, count);

    /* Undoing the last revert brings the widgets back. */
    ck_assert_int_eq(store_dashboard_undo(store, "olive", id, &version), 0);
    ck_assert_uint_eq(widget_count(id), 2);
}
END_TEST

START_TEST(two_connections_interleave)
{
    struct store *other = open_path(db_path);
    struct widget widget;
    int64_t id = new_dashboard("D");
    int64_t widget_id = add_widget("olive", id);
    int64_t seen_here = dashboard_version(store, id);
    int64_t seen_there = dashboard_version(other, id);
    int64_t version = 0;

    ck_assert_int_eq(seen_here, seen_there);
    ck_assert_int_eq(store_widget_set(other, "eddie", widget_id, "title",
                                      "There", seen_there, &version),
                     0);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "title",
                                      "Here", seen_here, &version),
                     STORE_CONFLICT);
    ck_assert_int_eq(store_widget_set(store, "olive", widget_id, "width", "1",
                                      seen_here, &version),
                     0);
    ck_assert_int_eq(version, seen_here + 2);
    ck_assert_int_eq(store_widget_set(other, "eddie", widget_id, "width", "3",
                                      seen_there + 1, &version),
                     STORE_CONFLICT);
    ck_assert_int_eq(dashboard_version(other, id), seen_here + 2);
    ck_assert_int_eq(widget_find(id, widget_id, &widget), 0);
    ck_assert_str_eq(widget.title, "There");
    ck_assert_int_eq(widget.width, 1);
    widget_clear(&widget);
    store_close(other);
}
END_TEST

/* Changes each process tries in two_processes_lose_nothing. */
#define RACE_ROUNDS 40

/* A change a process made: the name it read, and the one it wrote. */
struct race_record {
    char seen[32];
    char written[32];
};

/*
 * In a child process: RACE_ROUNDS times, read the name and version, then
 * set the name against that version. Writes a race_record to fd for each
 * change made; exits 0, or 1 on an unexpected result.
 */
static void
race_child(int child, int64_t id, int fd)
{
    struct race_record record;
    struct dashboard dashboard;
    struct store *own = NULL;
    char *error = NULL;
    int64_t version;
    int rc;
    int i;

    if (store_open(db_path, STORE_OPEN_EXISTING, &own, &error) < 0)
        _exit(1);
    for (i = 0; i < RACE_ROUNDS; i++) {
        if (store_dashboard_get(own, id, &dashboard) != 0)
            _exit(1);
        memset(&record, 0, sizeof record);
        snprintf(record.seen, sizeof record.seen, "%s", dashboard.name);
        snprintf(record.written, sizeof record.written, "c%d-%d", child, i);
        rc =
            store_dashboard_set(own, child == 0 ? "olive" : "eddie", id, "name",
                                record.written, dashboard.version, &version);
        dashboard_clear(&dashboard);
        if (rc != 0 && rc != STORE_CONFLICT)
            _exit(1);
        if (rc == 0 && write(fd, &record, sizeof record) != sizeof record)
            _exit(1);
    }
    store_close(own);
    _exit(0);
}

/* Return the history row that wrote value as the name, or NULL. */
static const struct dashboard_change *
race_find(const struct dashboard_change *changes, size_t count,
          const char *value)
{
    char *json = xasprintf("\"%s\"", value);
    const struct dashboard_change *found = NULL;
    size_t i;

    for (i = 0; i < count && found == NULL; i++) {
        if (strcmp(changes[i].after, json) == 0)
            found = &changes[i];
    }
    free(json);
    return found;
}

START_TEST(two_processes_lose_nothing)
{
    struct dashboard_change *changes = NULL;
    const struct dashboard_change *change;
    struct race_record records[2][RACE_ROUNDS];
    char *seen = NULL;
    pid_t children[2];
    size_t made[2] = {0, 0};
    int fds[2][2];
    int status;
    size_t count = 0;
    int64_t id = new_dashboard("Race");
    ssize_t got;
    size_t i;
    int child;

    for (child = 0; child < 2; child++) {
        ck_assert_int_eq(pipe(fds[child]), 0);
        children[child] = fork();
        ck_assert_int_ge(children[child], 0);
        if (children[child] == 0) {
            close(fds[child][0]);
            race_child(child, id, fds[child][1]);
        }
        close(fds[child][1]);
    }
    for (child = 0; child < 2; child++) {
        while ((got = read(fds[child][0], &records[child][made[child]],
                           sizeof records[child][0])) > 0) {
            ck_assert_int_eq(got, sizeof records[child][0]);
            made[child]++;
            ck_assert_uint_le(made[child], RACE_ROUNDS);
        }
        close(fds[child][0]);
        ck_assert_int_eq(waitpid(children[child], &status, 0), children[child]);
        ck_assert(WIFEXITED(status));
        ck_assert_int_eq(WEXITSTATUS(status), 0);
    }

    /* Every change made is one version and one row, and started from the
     * value its process had read: no process wrote over a change it had
     * not seen. */
    ck_assert_uint_ge(made[0], 1);
    ck_assert_uint_ge(made[1], 1);
    ck_assert_int_eq(dashboard_version(store, id), made[0] + made[1]);
    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    ck_assert_uint_eq(count, made[0] + made[1]);
    for (i = 0; i < count; i++) {
        ck_assert_int_eq(changes[i].version, (int64_t)i + 1);
        if (i > 0)
            ck_assert_str_eq(changes[i].before, changes[i - 1].after);
    }
    for (child = 0; child < 2; child++) {
        for (i = 0; i < made[child]; i++) {
            change = race_find(changes, count, records[child][i].written);
            ck_assert_ptr_nonnull(change);
            ck_assert_str_eq(change->account, child == 0 ? "olive" : "eddie");
            seen = xasprintf("\"%s\"", records[child][i].seen);
            ck_assert_str_eq(change->before, seen);
            free(seen);
        }
    }
    history_free(changes, count);
}
END_TEST

START_TEST(copy_keeps_widgets_not_history)
{
    struct dashboard copy;
    char *name = NULL;
    char long_name[DASHBOARD_NAME_MAX + 1];
    int64_t id = new_dashboard("Source");
    int64_t copy_id = 0;
    int64_t version = 0;
    size_t i;

    add_widget("olive", id);
    add_widget("olive", id);
    ck_assert_int_eq(store_dashboard_set(store, "olive", id, "description",
                                         "Notes", 2, &version),
                     0);
    ck_assert_int_eq(store_dashboard_copy(store, "vera", id, &copy_id), 0);
    ck_assert_int_eq(store_dashboard_get(store, copy_id, &copy), 0);
    ck_assert_str_eq(copy.name, "Source (2)");
    ck_assert_str_eq(copy.owner, "vera");
    ck_assert_str_eq(copy.description, "Notes");
    ck_assert_int_eq(copy.territory_id, region_id);
    ck_assert_int_eq(copy.version, 0);
    dashboard_clear(&copy);
    ck_assert_uint_eq(widget_count(copy_id), 2);
    ck_assert_uint_eq(history_count(copy_id), 0);

    ck_assert_int_eq(
        store_dashboard_copy_named(store, "vera", id, "Mine", &copy_id), 0);
    name = dashboard_name(copy_id);
    ck_assert_str_eq(name, "Mine");
    free(name);

    /* A name at the limit is cut before a whole character, "é" here. */
    for (i = 0; i + 2 <= DASHBOARD_NAME_MAX; i += 2)
        memcpy(long_name + i, "\xc3\xa9", 2);
    long_name[DASHBOARD_NAME_MAX] = '\0';
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "name", long_name, 3, &version),
        0);
    ck_assert_int_eq(store_dashboard_copy(store, "olive", id, &copy_id), 0);
    name = dashboard_name(copy_id);
    ck_assert_uint_eq(strlen(name), DASHBOARD_NAME_MAX);
    ck_assert_str_eq(name + DASHBOARD_NAME_MAX - 4, " (2)");
    ck_assert_int_eq(text_utf8_valid(name, strlen(name)), 1);
    free(name);
}
END_TEST

START_TEST(remove_takes_widgets_and_history)
{
    int64_t id = new_dashboard("Gone");
    int64_t version;
    struct dashboard dashboard;

    add_widget("olive", id);
    ck_assert_int_eq(
        store_dashboard_set(store, "olive", id, "name", "X", 1, &version), 0);
    ck_assert_int_eq(store_dashboard_remove(store, "olive", id), 0);
    ck_assert_int_eq(store_dashboard_get(store, id, &dashboard), 1);
    ck_assert_uint_eq(widget_count(id), 0);
    ck_assert_uint_eq(history_count(id), 0);
    ck_assert_int_eq(store_dashboard_remove(store, "olive", id), 1);
}
END_TEST

START_TEST(history_outlives_editor_account)
{
    struct dashboard_change *changes = NULL;
    struct dashboard dashboard;
    size_t count = 0;
    int64_t id = new_dashboard("D");
    int64_t version;

    ck_assert_int_eq(
        store_dashboard_set(store, "eddie", id, "name", "E", 0, &version), 0);
    ck_assert_int_eq(store_user_remove(store, "eddie"), 0);
    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(changes[0].account, "eddie");
    history_free(changes, count);

    /* Removing the owner removes the dashboard. */
    ck_assert_int_eq(store_user_remove(store, "olive"), 0);
    ck_assert_int_eq(store_dashboard_get(store, id, &dashboard), 1);
}
END_TEST

START_TEST(similar_territories_small)
{
    struct territory_list list;

    /* 69001 has 100 inhabitants: 01001 (50) is within a factor of 2,
     * 69002 (300) is not. */
    ck_assert_int_eq(store_similar_territories(store, commune_id, 10, &list),
                     0);
    ck_assert_uint_eq(list.count, 1);
    ck_assert_str_eq(list.items[0].code, "01001");
    territory_list_free(&list);
    ck_assert_int_eq(store_similar_territories(store, commune_id, 0, &list), 0);
    ck_assert_uint_eq(list.count, 0);
    ck_assert_int_eq(store_similar_territories(store, 999999, 10, &list), 1);
}
END_TEST

/* Build a version 4 store with data, then migrate it. */
START_TEST(migration_from_4_keeps_data)
{
    char *path = xasprintf("%s/old.db", temp_dir);
    struct store *old = open_path(path);
    struct user user;
    int64_t group_id = 0;
    int64_t id = 0;

    ck_assert_int_eq(store_migrate_to(old, 4), 4);
    ck_assert_int_eq(store_schema_version(old), 4);
    ck_assert_int_eq(store_exec(old, "INSERT INTO territory (level, code, name,"
                                     " search_name) VALUES (1, '84',"
                                     " 'Auvergne-Rhône-Alpes',"
                                     " 'auvergne rhone alpes')"),
                     0);
    ck_assert_int_eq(store_user_add(old, "olive", ROLE_USER, NULL), 0);
    ck_assert_int_eq(
        store_group_create(old, "Parc", "natural park", "olive", &group_id), 0);
    ck_assert_int_eq(store_exec(old, "SELECT * FROM dashboard"), -1);
    store_close(old);

    old = open_path(path);
    ck_assert_int_eq(store_migrate_to(old, 5), 1);
    ck_assert_int_eq(store_schema_version(old), 5);
    ck_assert_int_eq(store_user_find(old, "olive", &user), 0);
    user_clear(&user);
    ck_assert_int_gt(territory_id(old, LEVEL_REGION, "84"), 0);
    ck_assert_int_eq(store_exec(old, "SELECT 1 FROM territory_group"
                                     " WHERE name = 'Parc'"),
                     0);
    ck_assert_msg(store_dashboard_create(old, "olive", "After",
                                         territory_id(old, LEVEL_REGION, "84"),
                                         &id) == 0,
                  "%s", store_error(old));
    ck_assert_int_gt(id, 0);
    store_close(old);
    free(path);
}
END_TEST

/* The real data, loaded once for the "real" cases. */
static char *real_dir;
static char *real_path;

static void
setup_real(void)
{
    struct store *loading = NULL;

    real_dir = fixture_temp_dir("check-store-dashboard-real");
    real_path = xasprintf("%s/terrish.db", real_dir);
    loading = open_path(real_path);
    ck_assert_int_eq(store_migrate(loading), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(loading, fixture_real_data_dir(), NULL,
                                     NULL) == STORE_LOAD_DONE,
                  "load: %s", store_error(loading));
    ck_assert_int_eq(store_user_add(loading, "olive", ROLE_USER, NULL), 0);
    store_close(loading);
}

static void
teardown_real(void)
{
    fixture_remove(real_dir);
    free(real_path);
    free(real_dir);
}

static void
setup_real_open(void)
{
    store = open_path(real_path);
}

static void
teardown_real_open(void)
{
    store_close(store);
    store = NULL;
}

/* Return the catalogue entry of id in data/indicators/catalogue.json, or
 * NULL; the caller decrefs catalogue. */
static json_t *
catalogue_entry(json_t *catalogue, const char *id)
{
    json_t *entry;
    size_t i;

    json_array_foreach(catalogue, i, entry)
    {
        if (strcmp(json_string_value(json_object_get(entry, "id")), id) == 0)
            return entry;
    }
    return NULL;
}

static json_t *
catalogue_load(void)
{
    char *path =
        xasprintf("%s/indicators/catalogue.json", fixture_real_data_dir());
    json_error_t error;
    json_t *catalogue = json_load_file(path, 0, &error);

    ck_assert_msg(catalogue != NULL, "%s: %s", path, error.text);
    free(path);
    return catalogue;
}

/* Check that widgets fill the rows of the grid exactly, in order. */
static void
check_rows_full(const struct widget *widgets, size_t count)
{
    int row_width = 0;
    size_t i;

    for (i = 0; i < count; i++) {
        ck_assert_int_eq(widgets[i].position, (int)i);
        ck_assert_int_ge(widgets[i].width, 1);
        ck_assert_int_le(widgets[i].width, DASHBOARD_GRID_COLUMNS);
        ck_assert_int_ge(widgets[i].height, 1);
        ck_assert_int_le(widgets[i].height, DASHBOARD_GRID_COLUMNS);
        row_width += widgets[i].width;
        ck_assert_msg(row_width <= DASHBOARD_GRID_COLUMNS,
                      "widget %zu overflows its row", i);
        if (row_width == DASHBOARD_GRID_COLUMNS)
            row_width = 0;
    }
    ck_assert_int_eq(row_width, 0);
}

static void
widgets_free(struct widget *widgets, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        widget_clear(&widgets[i]);
    free(widgets);
}

START_TEST(themes_in_catalogue_order)
{
    json_t *catalogue = catalogue_load();
    char **themes = NULL;
    size_t count = 0;
    size_t i;
    int mobility = 0;

    ck_assert_int_eq(store_dashboard_themes(store, &themes, &count), 0);
    ck_assert_uint_ge(count, 4);
    ck_assert_str_eq(themes[0], json_string_value(json_object_get(
                                    json_array_get(catalogue, 0), "theme")));
    for (i = 0; i < count; i++) {
        mobility |= strcmp(themes[i], "Mobilité") == 0;
        /* Only point layers have this theme, so it has no dashboard. */
        ck_assert_str_ne(themes[i], "Polluants atmosphériques");
        free(themes[i]);
    }
    free(themes);
    ck_assert(mobility);
    json_decref(catalogue);
}
END_TEST

START_TEST(mobility_default_uses_existing_indicators)
{
    static const struct {
        const char *indicator;
        const char *category;
        enum widget_kind kind;
        int width;
    } expected[] = {
        {"ghg_road_per_inhabitant", NULL, WIDGET_KPI, 1},
        {"ghg_emissions", "routier", WIDGET_KPI, 1},
        {"ev_charging_points_per_1000_inhabitants", NULL, WIDGET_KPI, 1},
        {"cars_electric_share", NULL, WIDGET_KPI, 1},
        {"jobs_per_100_inhabitants", NULL, WIDGET_KPI, 1},
        {"commuting_flows_sample", NULL, WIDGET_MODAL_SPLIT, 3},
        {"commuting_flows_sample", NULL, WIDGET_FLOWS, 2},
        {"cars", NULL, WIDGET_BARS, 2},
    };
    json_t *catalogue = catalogue_load();
    json_t *entry;
    json_t *category;
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;
    size_t j;
    int found;
    int64_t id = 0;

    ck_assert_int_eq(
        store_dashboard_default(store, "Mobilité",
                                territory_id(store, LEVEL_REGION, "84"),
                                &widgets, &count),
        0);
    ck_assert_uint_eq(count, sizeof expected / sizeof expected[0]);
    for (i = 0; i < count; i++) {
        entry = catalogue_entry(catalogue, widgets[i].indicator_id);
        ck_assert_msg(entry != NULL, "%s is not in catalogue.json",
                      widgets[i].indicator_id);
        ck_assert_str_eq(widgets[i].indicator_id, expected[i].indicator);
        ck_assert_int_eq(widgets[i].kind, expected[i].kind);
        ck_assert_int_eq(widgets[i].width, expected[i].width);
        ck_assert_int_eq(widgets[i].territory_id, 0);
        if (expected[i].category == NULL) {
            ck_assert_ptr_null(widgets[i].category);
        } else {
            ck_assert_str_eq(widgets[i].category, expected[i].category);
            found = 0;
            json_array_foreach(json_object_get(entry, "categories"), j,
                               category)
            {
                found |=
                    strcmp(json_string_value(json_object_get(category, "id")),
                           widgets[i].category) == 0;
            }
            ck_assert_msg(found, "%s has no category %s",
                          widgets[i].indicator_id, widgets[i].category);
        }
    }
    check_rows_full(widgets, count);

    /* The store accepts it as a dashboard. */
    ck_assert_msg(store_dashboard_create_with_widgets(
                      store, "olive", "Mobilité",
                      territory_id(store, LEVEL_REGION, "84"), widgets, count,
                      &id) == 0,
                  "%s", store_error(store));
    widgets_free(widgets, count);
    json_decref(catalogue);
}
END_TEST

START_TEST(mobility_default_for_commune_skips_departement_data)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_default(store, "Mobilité",
                                territory_id(store, LEVEL_COMMUNE, "69123"),
                                &widgets, &count),
        0);
    ck_assert_uint_eq(count, 6);
    for (i = 0; i < count; i++) {
        ck_assert_str_ne(widgets[i].indicator_id, "cars");
        ck_assert_str_ne(widgets[i].indicator_id, "cars_electric_share");
    }
    /* The modal split and the flows widen to fill their rows. */
    check_rows_full(widgets, count);
    ck_assert_int_eq(widgets[3].width, 1);
    ck_assert_int_eq(widgets[4].kind, WIDGET_MODAL_SPLIT);
    ck_assert_int_eq(widgets[4].width, 4);
    ck_assert_int_eq(widgets[5].kind, WIDGET_FLOWS);
    ck_assert_int_eq(widgets[5].width, 4);
    widgets_free(widgets, count);
    ck_assert_int_eq(
        store_dashboard_default(store, "Nope", 1, &widgets, &count), 1);
    ck_assert_int_eq(
        store_dashboard_default(store, "Mobilité", 99999999, &widgets, &count),
        1);
}
END_TEST

START_TEST(generic_default_has_kpi_and_bars)
{
    static const char theme[] = "Émissions de GES";
    json_t *catalogue = catalogue_load();
    json_t *entry;
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t kpis = 0;
    size_t bars = 0;
    size_t i;

    ck_assert_int_eq(
        store_dashboard_default(store, theme,
                                territory_id(store, LEVEL_DEPARTEMENT, "69"),
                                &widgets, &count),
        0);
    json_array_foreach(catalogue, i, entry)
    {
        if (strcmp(json_string_value(json_object_get(entry, "theme")), theme) !=
                0 ||
            strcmp(json_string_value(json_object_get(entry, "native_level")),
                   "point") == 0)
            continue;
        ck_assert_uint_lt(kpis, count);
        ck_assert_str_eq(widgets[kpis].indicator_id,
                         json_string_value(json_object_get(entry, "id")));
        ck_assert_int_eq(widgets[kpis].kind, WIDGET_KPI);
        kpis++;
        if (json_array_size(json_object_get(entry, "categories")) > 0)
            bars++;
    }
    ck_assert_uint_eq(count, kpis + bars);
    for (i = kpis; i < count; i++) {
        ck_assert_int_eq(widgets[i].kind, WIDGET_BARS);
        ck_assert_str_eq(widgets[i].indicator_id, "ghg_emissions");
    }
    check_rows_full(widgets, count);
    widgets_free(widgets, count);
    json_decref(catalogue);
}
END_TEST

/* Check a ratio of the catalogue against factor * numerator / denominator
 * computed from its operands for one commune and year. */
static void
check_ratio(const char *ratio, const char *numerator, const char *denominator,
            double factor, const char *code, int year)
{
    struct indicator_result result;
    struct indicator_result top;
    struct indicator_result bottom;
    int64_t id = territory_id(store, LEVEL_COMMUNE, code);

    ck_assert_int_eq(
        store_indicator_value(store, ratio, id, year, NULL, &result), 0);
    ck_assert_int_eq(
        store_indicator_value(store, numerator, id, year, NULL, &top), 0);
    ck_assert_int_eq(
        store_indicator_value(store, denominator, id, year, NULL, &bottom), 0);
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
    ck_assert_int_eq(top.flag, RESULT_PRESENT);
    ck_assert_int_eq(bottom.flag, RESULT_PRESENT);
    ck_assert_double_gt(bottom.value, 0);
    ck_assert_double_eq_tol(result.value, factor * top.value / bottom.value,
                            1e-9 * result.value);
}

START_TEST(new_ratios_follow_their_formula)
{
    check_ratio("ev_charging_points_per_1000_inhabitants", "ev_charging_points",
                "population", 1000, "69123", 2023);
    check_ratio("jobs_per_100_inhabitants", "jobs", "population", 100, "69123",
                2018);
    check_ratio("jobs_per_100_inhabitants", "jobs", "population", 100, "38185",
                2013);
}
END_TEST

/* Return the région id of a territory, 0 when it has none. */
static int64_t
region_of(int64_t id)
{
    struct territory_list parents;
    int64_t region = 0;
    size_t i;

    ck_assert_int_eq(store_territory_parents(store, id, &parents), 0);
    for (i = 0; i < parents.count; i++) {
        if (parents.items[i].level == LEVEL_REGION)
            region = parents.items[i].id;
    }
    territory_list_free(&parents);
    return region;
}

/* Check the rules of store_similar_territories on one territory. */
static void
check_similar(enum territory_level level, const char *code, int regional)
{
    struct territory_list list;
    struct territory self;
    double ratio;
    double last = 1;
    int64_t region;
    size_t i;
    int outside = 0;

    ck_assert_int_eq(store_territory_get(store, level, code, &self), 0);
    region = region_of(self.id);
    ck_assert_int_eq(store_similar_territories(store, self.id, 25, &list), 0);
    ck_assert_uint_gt(list.count, 0);
    ck_assert_uint_le(list.count, 25);
    for (i = 0; i < list.count; i++) {
        ck_assert_int_ne(list.items[i].id, self.id);
        ck_assert_int_eq(list.items[i].level, level);
        ratio = list.items[i].population > self.population
                    ? (double)list.items[i].population / self.population
                    : (double)self.population / list.items[i].population;
        ck_assert_double_ge(ratio, last);
        last = ratio;
        if (level >= LEVEL_EPCI)
            ck_assert_double_le(ratio, 2.0);
        if (level == LEVEL_EPCI)
            ck_assert_str_eq(list.items[i].kind, self.kind);
        if (level != LEVEL_REGION)
            outside |= region_of(list.items[i].id) != region;
    }
    if (level != LEVEL_REGION)
        ck_assert_int_eq(outside, !regional);
    territory_list_free(&list);
    territory_clear(&self);
}

START_TEST(similar_territories_real)
{
    /* A small commune of the Rhône has many peers in its région. */
    check_similar(LEVEL_COMMUNE, "69001", 1);
    /* Lyon has fewer than 10 communes of its size in its région. */
    check_similar(LEVEL_COMMUNE, "69123", 0);
    /* Grenoble-Alpes Métropole (METRO) compared with metropolises. */
    check_similar(LEVEL_EPCI, "200040715", 0);
    /* A communauté d'agglomération of the région. */
    check_similar(LEVEL_EPCI, "200071082", 1);
    /* Départements: population ratio only, within the région. */
    check_similar(LEVEL_DEPARTEMENT, "69", 1);
    /* Régions: every other one, closest population first. */
    check_similar(LEVEL_REGION, "84", 0);
}
END_TEST

/* A translation of the few message ids that the next tests read, as a
 * message catalogue would give it; other ids stay as they are. */
static const char *
translate_test(const char *msgid)
{
    static const char *const pairs[][2] = {
        {"account \"%s\" may not %s dashboard %lld: that needs %s access "
         "and it has %s access",
         "le compte « %s » ne peut pas %s le tableau %lld (accès requis : "
         "%s, accès actuel : %s)"},
        {"share", "partager"},
        {"owner", "propriétaire"},
        {"view", "lecture"},
        {"invalid dashboard name: %s (use 1 to %d bytes of UTF-8 text on "
         "one line)",
         "nom non valide : %s (1 à %d octets)"},
        {"too long", "trop long"},
        {"account \"%s\" not found", "compte « %s » introuvable"},
    };
    size_t i;

    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (strcmp(pairs[i][0], msgid) == 0)
            return pairs[i][1];
    }
    return msgid;
}

/*
 * A failure message is translated with its words (an action, an access,
 * a reason) and keeps its numbers and quoted values as they are, even a
 * value that is also a word: the account here is named "view".
 */
START_TEST(error_translated_keeps_values)
{
    char long_name[DASHBOARD_NAME_MAX + 2];
    char expected[256];
    int64_t id = new_dashboard("Plan");
    int64_t other = 0;

    ck_assert_int_eq(store_user_add(store, "view", ROLE_USER, NULL), 0);
    ck_assert_int_eq(
        store_dashboard_grant(store, "view", id, "nora", ACCESS_VIEW),
        STORE_FORBIDDEN);
    snprintf(expected, sizeof expected,
             "account \"view\" may not share dashboard %lld: that needs "
             "owner access and it has no access",
             (long long)id);
    ck_assert_str_eq(store_error(store), expected);
    snprintf(expected, sizeof expected,
             "le compte « view » ne peut pas partager le tableau %lld "
             "(accès requis : propriétaire, accès actuel : no)",
             (long long)id);
    ck_assert_str_eq(store_error_translated(store, translate_test), expected);

    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    ck_assert_int_eq(store_dashboard_create(store, "olive", long_name,
                                            commune_id, &other),
                     -1);
    ck_assert_str_eq(store_error_translated(store, translate_test),
                     "nom non valide : trop long (1 à 200 octets)");

    ck_assert_int_eq(
        store_dashboard_grant(store, "olive", id, "ghost", ACCESS_VIEW), -1);
    ck_assert_str_eq(store_error_translated(store, translate_test),
                     "compte « ghost » introuvable");
    /* Without a translation the message is the English one. */
    ck_assert_str_eq(store_error_translated(store, NULL),
                     "account \"ghost\" not found");
}
END_TEST

static Suite *
dashboard_suite(void)
{
    Suite *suite = suite_create("store-dashboard");
    TCase *small = tcase_create("small");
    TCase *real = tcase_create("real");

    tcase_add_checked_fixture(small, setup_small, teardown_small);
    tcase_set_timeout(small, 60);
    tcase_add_test(small, kind_names_round_trip);
    tcase_add_test(small, create_then_get);
    tcase_add_test(small, create_rejects_bad_input);
    tcase_add_test(small, create_with_widgets_is_version_zero);
    tcase_add_test(small, list_shows_owned_granted_public);
    tcase_add_test(small, access_follows_roles);
    tcase_add_test(small, every_call_checks_rights);
    tcase_add_test(small, public_and_code_give_view_only);
    tcase_add_test(small, share_code_format_and_lookup);
    tcase_add_test(small, grant_and_revoke);
    tcase_add_test(small, error_translated_keeps_values);
    tcase_add_test(small, set_records_history_json);
    tcase_add_test(small, widget_add_and_remove_record_objects);
    tcase_add_test(small, target_round_trips_as_number);
    tcase_add_test(small, widget_values_are_checked);
    tcase_add_test(small, texts_are_checked);
    tcase_add_test(small, conflict_only_on_same_field);
    tcase_add_test(small, indicator_change_clears_category);
    tcase_add_test(small, removed_widget_changes);
    tcase_add_test(small, undo_reverses_own_last_change);
    tcase_add_test(small, set_undone_keeps_value_in_history);
    tcase_add_test(small, undo_skips_overwritten_change);
    tcase_add_test(small, undo_of_removal_restores_id);
    tcase_add_test(small, revert_restores_removed_widget);
    tcase_add_test(small, two_connections_interleave);
    tcase_add_test(small, two_processes_lose_nothing);
    tcase_add_test(small, copy_keeps_widgets_not_history);
    tcase_add_test(small, remove_takes_widgets_and_history);
    tcase_add_test(small, history_outlives_editor_account);
    tcase_add_test(small, similar_territories_small);
    tcase_add_test(small, migration_from_4_keeps_data);
    suite_add_tcase(suite, small);

    tcase_add_unchecked_fixture(real, setup_real, teardown_real);
    tcase_add_checked_fixture(real, setup_real_open, teardown_real_open);
    tcase_set_timeout(real, 60);
    tcase_add_test(real, themes_in_catalogue_order);
    tcase_add_test(real, mobility_default_uses_existing_indicators);
    tcase_add_test(real, mobility_default_for_commune_skips_departement_data);
    tcase_add_test(real, generic_default_has_kpi_and_bars);
    tcase_add_test(real, new_ratios_follow_their_formula);
    tcase_add_test(real, similar_territories_real);
    suite_add_tcase(suite, real);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(dashboard_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
