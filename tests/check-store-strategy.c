/*
 * terrish: tests of strategy storage, sharing, history and baselines.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"

static struct store *store;
static int64_t commune_id;

/* A migrated in-memory store with three accounts and one commune. */
static void
setup_store(void)
{
    char *error = NULL;

    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, &store, &error) ==
                      0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(store_exec(store,
                                "INSERT INTO territory (level, code, name,"
                                " search_name) VALUES (4, '01001',"
                                " 'L''Abergement-Clémenciat',"
                                " 'l abergement clemenciat')"),
                     0);
    commune_id = 1;
    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "bob", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "root", ROLE_ADMIN, NULL), 0);
}

static void
teardown_store(void)
{
    store_close(store);
    store = NULL;
}

/* Create a strategy of alice with one item in its document. */
static int64_t
create_with_item(void)
{
    struct strategy strategy;
    int64_t id;

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_create(store, "alice", "Plan A",
                                           commune_id, &id),
                     0);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    strategy.item_count = 1;
    memset(&strategy.items[0], 0, sizeof strategy.items[0]);
    strcpy(strategy.items[0].action, "sector_reduction");
    strcpy(strategy.items[0].choice, "routier");
    strategy.items[0].param_count = 1;
    strcpy(strategy.items[0].params[0].param, "reduction");
    strategy.items[0].params[0].set = 1;
    strategy.items[0].params[0].start_year = 2024;
    strategy.items[0].params[0].target_year = 2030;
    strategy.items[0].params[0].value = 40;
    strategy_values_set(&strategy.baselines, "ghg_emissions/routier", 1234);
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), 0);
    strategy_clear(&strategy);
    return id;
}

START_TEST(save_then_get_keeps_document)
{
    struct strategy strategy;
    int64_t id = create_with_item();
    double value;

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    ck_assert_str_eq(strategy.name, "Plan A");
    ck_assert_str_eq(strategy.owner, "alice");
    ck_assert_int_eq(strategy.territory_id, commune_id);
    ck_assert_int_eq(strategy.item_count, 1);
    ck_assert_str_eq(strategy.items[0].choice, "routier");
    ck_assert_int_eq(strategy.items[0].params[0].start_year, 2024);
    ck_assert_double_eq(strategy.items[0].params[0].value, 40);
    ck_assert_int_eq(strategy_values_get(&strategy.baselines,
                                         "ghg_emissions/routier", &value),
                     1);
    ck_assert_double_eq(value, 1234);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(other_account_is_forbidden_until_granted)
{
    struct strategy strategy;
    struct strategy_summary *list;
    size_t count;
    int64_t id = create_with_item();

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "bob", id, &strategy),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_list(store, "bob", &list, &count), 0);
    ck_assert_int_eq(count, 0);
    free(list);

    ck_assert_int_eq(store_strategy_grant(store, "bob", id, "bob",
                                          ACCESS_EDIT),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_VIEW),
                     0);
    ck_assert_int_eq(store_strategy_get(store, "bob", id, &strategy), 0);
    ck_assert_int_eq(store_strategy_save(store, "bob", &strategy),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_list(store, "bob", &list, &count), 0);
    ck_assert_int_eq(count, 1);
    ck_assert_int_eq(list[0].access, ACCESS_VIEW);
    strategy_summary_clear(&list[0]);
    free(list);

    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_EDIT),
                     0);
    ck_assert_int_eq(store_strategy_save(store, "bob", &strategy), 0);
    ck_assert_int_eq(store_strategy_remove(store, "bob", id),
                     STORE_FORBIDDEN);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(public_only_by_administrator)
{
    struct strategy_summary *list;
    size_t count;
    int64_t id = create_with_item();

    ck_assert_int_eq(store_strategy_set_public(store, "alice", id, 1),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_set_public(store, "root", id, 1), 0);
    ck_assert_int_eq(store_strategy_list(store, "bob", &list, &count), 0);
    ck_assert_int_eq(count, 1);
    ck_assert_int_eq(list[0].public, 1);
    ck_assert_int_eq(list[0].access, ACCESS_VIEW);
    strategy_summary_clear(&list[0]);
    free(list);
}
END_TEST

START_TEST(copy_is_owned_and_points_to_parent)
{
    struct strategy copy;
    int64_t id = create_with_item();
    int64_t copy_id;

    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_VIEW),
                     0);
    ck_assert_int_eq(store_strategy_copy(store, "bob", id, "Plan B",
                                         &copy_id),
                     0);
    strategy_init(&copy);
    ck_assert_int_eq(store_strategy_get(store, "bob", copy_id, &copy), 0);
    ck_assert_str_eq(copy.owner, "bob");
    ck_assert_str_eq(copy.name, "Plan B");
    ck_assert_int_eq(copy.parent_id, id);
    ck_assert_int_eq(copy.item_count, 1);
    ck_assert_int_eq(store_strategy_remove(store, "bob", copy_id), 0);
    ck_assert_int_eq(store_strategy_get(store, "bob", copy_id, &copy), 1);
    strategy_clear(&copy);
}
END_TEST

START_TEST(baseline_of_empty_territory_is_absent)
{
    struct strategy_baseline base;
    int s;

    ck_assert_int_eq(store_strategy_baseline(store, commune_id, &base), 0);
    for (s = 0; s < STRATEGY_BASELINES; s++)
        ck_assert_int_eq(base.present[s], 0);
    ck_assert_int_eq(store_strategy_baseline(store, 999, &base), 1);
}
END_TEST

/* Rename needs edit access and keeps the document another session
 * saved. */
START_TEST(rename_needs_edit_and_keeps_document)
{
    struct strategy strategy;
    int64_t id = create_with_item();

    ck_assert_int_eq(store_strategy_rename(store, "bob", id, "B"),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_VIEW),
                     0);
    ck_assert_int_eq(store_strategy_rename(store, "bob", id, "B"),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_EDIT),
                     0);
    ck_assert_int_eq(store_strategy_rename(store, "bob", id,
                                           "Plan \"B\"; DROP TABLE strategy"),
                     0);
    ck_assert_int_eq(store_strategy_rename(store, "root", id + 100, "C"), 1);
    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    ck_assert_str_eq(strategy.name, "Plan \"B\"; DROP TABLE strategy");
    ck_assert_uint_eq(strategy.item_count, 1);
    strategy_clear(&strategy);
}
END_TEST

/* No stored name may hold a control character or invalid UTF-8: create,
 * save and rename reject them as dashboard names are rejected. */
START_TEST(names_with_controls_rejected)
{
    static const char *const names[] = {
        "", "   ", "esc \x1b[2J", "csi \xc2\x9b" "2J", "bad \xff",
        "two\nlines", "tab\tstop", "\xc2\xa0\xc2\xa0", "\xe2\x80\x8b",
        "\xe2\x80\xae" "evil",
    };
    struct strategy strategy;
    char long_name[STRATEGY_NAME_MAX + 2];
    int64_t id = create_with_item();
    int64_t other = 0;
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_assert_msg(store_strategy_create(store, "alice", names[i],
                                            commune_id, &other) == -1,
                      "create %zu", i);
        ck_assert_msg(store_strategy_rename(store, "alice", id, names[i]) ==
                          -1,
                      "rename %zu", i);
        ck_assert_msg(strstr(store_error(store), "invalid strategy name") !=
                          NULL,
                      "%s", store_error(store));
    }
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    ck_assert_int_eq(store_strategy_rename(store, "alice", id, long_name), -1);
    long_name[STRATEGY_NAME_MAX] = '\0';
    ck_assert_int_eq(store_strategy_rename(store, "alice", id, long_name), 0);
    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    free(strategy.name);
    strategy.name = xstrdup("esc \x1b[2J");
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), -1);
    strategy_clear(&strategy);
}
END_TEST

/* The owner is not granted a role on its own strategy, and an unknown
 * account is an error. */
START_TEST(grant_to_owner_rejected)
{
    int64_t id = create_with_item();

    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "alice",
                                          ACCESS_VIEW),
                     -1);
    ck_assert_msg(strstr(store_error(store), "owns strategy") != NULL, "%s",
                  store_error(store));
    ck_assert_int_eq(store_strategy_grant(store, "root", id, "ghost",
                                          ACCESS_VIEW),
                     -1);
    ck_assert_int_eq(store_strategy_grant(store, "bob", id, "root",
                                          ACCESS_VIEW),
                     STORE_FORBIDDEN);
}
END_TEST

/* The local command line (account NULL) lists every strategy and sets the
 * public mark. */
START_TEST(local_command_lists_and_publishes)
{
    struct strategy_summary *list = NULL;
    enum dashboard_access access = ACCESS_NONE;
    size_t count = 0;
    int64_t id = create_with_item();
    int64_t other = 0;

    ck_assert_int_eq(store_strategy_create(store, "bob", "Plan B", commune_id,
                                           &other),
                     0);
    ck_assert_int_eq(store_strategy_list(store, NULL, &list, &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert_int_eq(list[0].access, ACCESS_OWNER);
    ck_assert_int_eq(list[1].access, ACCESS_OWNER);
    strategy_summary_clear(&list[0]);
    strategy_summary_clear(&list[1]);
    free(list);
    ck_assert_int_eq(store_strategy_set_public(store, NULL, id, 1), 0);
    ck_assert_int_eq(store_strategy_set_public(store, NULL, id + 100, 1), 1);
    ck_assert_int_eq(store_strategy_access(store, id, "bob", &access), 0);
    ck_assert_int_eq(access, ACCESS_VIEW);
}
END_TEST

/* Read one integer with a SQL query on the open store. */
static long long
query_int(const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long value;

    ck_assert_int_eq(sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/* The history of strategy id as alice reads it, newest first. */
static struct strategy_change *
history_of(int64_t id, size_t *count)
{
    struct strategy_change *changes = NULL;

    ck_assert_int_eq(
        store_strategy_history(store, "alice", id, &changes, count), 0);
    return changes;
}

/* Check one history row. */
static void
check_change(const struct strategy_change *change, const char *account,
             const char *field, const char *item, const char *before,
             const char *after)
{
    ck_assert_str_eq(change->account, account);
    ck_assert_str_eq(change->field, field);
    ck_assert_str_eq(change->item, item);
    ck_assert_str_eq(change->before, before);
    ck_assert_str_eq(change->after, after);
    ck_assert_int_eq(strlen(change->at), 20);
}

/*
 * alice and bob edit the same strategy from copies read at the same time.
 * bob saves a baseline override, then alice a target: each save keeps the
 * other's change, and alice's history row is her target alone.
 */
START_TEST(merged_saves_keep_both_changes)
{
    struct strategy alice_base;
    struct strategy alice_mine;
    struct strategy bob_base;
    struct strategy bob_mine;
    struct strategy merged;
    struct strategy_change *changes;
    int64_t id = create_with_item();
    size_t count_before;
    size_t replaced = 99;
    size_t count;
    double value;

    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_EDIT),
                     0);
    strategy_changes_free(history_of(id, &count_before), count_before);
    strategy_init(&alice_base);
    strategy_init(&alice_mine);
    strategy_init(&bob_base);
    strategy_init(&bob_mine);
    strategy_init(&merged);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &alice_base), 0);
    ck_assert_int_eq(store_strategy_get(store, "bob", id, &bob_base), 0);
    strategy_copy(&alice_mine, &alice_base);
    strategy_copy(&bob_mine, &bob_base);

    strategy_values_set(&bob_mine.baselines, "ghg_emissions/routier", 999);
    ck_assert_int_eq(store_strategy_save_merged(store, "bob", &bob_base,
                                                &bob_mine, &merged, &replaced),
                     0);
    ck_assert_uint_eq(replaced, 0);
    alice_mine.items[0].params[0].value = 50;
    ck_assert_int_eq(store_strategy_save_merged(store, "alice", &alice_base,
                                                &alice_mine, &merged,
                                                &replaced),
                     0);
    /* Different fields: nothing of bob's was replaced. */
    ck_assert_uint_eq(replaced, 0);
    /* What alice's screen shows after her save: both changes. */
    ck_assert_double_eq(merged.items[0].params[0].value, 50);
    ck_assert_int_eq(strategy_values_get(&merged.baselines,
                                         "ghg_emissions/routier", &value),
                     1);
    ck_assert_double_eq(value, 999);
    strategy_clear(&merged);
    strategy_init(&merged);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &merged), 0);
    ck_assert_double_eq(merged.items[0].params[0].value, 50);
    ck_assert_int_eq(strategy_values_get(&merged.baselines,
                                         "ghg_emissions/routier", &value),
                     1);
    ck_assert_double_eq(value, 999);

    changes = history_of(id, &count);
    ck_assert_uint_eq(count, count_before + 2);
    ck_assert_str_eq(changes[0].account, "alice");
    ck_assert_str_eq(changes[0].field, "target");
    ck_assert_str_eq(changes[1].account, "bob");
    ck_assert_str_eq(changes[1].field, "baseline");
    strategy_changes_free(changes, count);
    strategy_clear(&merged);
    strategy_clear(&alice_base);
    strategy_clear(&alice_mine);
    strategy_clear(&bob_base);
    strategy_clear(&bob_mine);
}
END_TEST

/* Two sessions change the same target and the same input, so the second
 * save replaces both of the first's values and counts them. A value both
 * set alike, or one only the first changed, is no replacement. */
START_TEST(merge_counts_values_it_replaces)
{
    struct strategy base;
    struct strategy mine;
    struct strategy merged;

    strategy_init(&base);
    strategy_init(&mine);
    strategy_init(&merged);
    base.name = xstrdup("Plan");
    base.item_count = 1;
    strcpy(base.items[0].action, "renovation");
    base.items[0].param_count = 1;
    strcpy(base.items[0].params[0].param, "dwellings_per_year");
    base.items[0].params[0].set = 1;
    base.items[0].params[0].start_year = 2026;
    base.items[0].params[0].target_year = 2050;
    base.items[0].params[0].value = 1000;
    strategy_values_set(&base.coefficients, "pv_yield", 1000);
    strategy_copy(&mine, &base);
    strategy_copy(&merged, &base);
    /* Saved meanwhile by another session. */
    merged.items[0].params[0].value = 2222;
    strategy_values_set(&merged.coefficients, "pv_yield", 1100);
    strategy_values_set(&merged.goals, "2050", 10);
    /* Mine. */
    mine.items[0].params[0].value = 3333;
    strategy_values_set(&mine.coefficients, "pv_yield", 1200);
    strategy_values_set(&mine.goals, "2050", 10);
    ck_assert_uint_eq(strategy_merge(&merged, &base, &mine), 2);
    ck_assert_double_eq(merged.items[0].params[0].value, 3333);
    /* Another session removed the action mine changed, so that change is
     * lost and counted. The input and the target point, which it left
     * alone, take mine's values without a conflict. */
    strategy_clear(&merged);
    strategy_init(&merged);
    strategy_copy(&merged, &base);
    strategy_remove_item(&merged, 0);
    ck_assert_uint_eq(strategy_merge(&merged, &base, &mine), 1);
    ck_assert_uint_eq(merged.item_count, 0);
    strategy_clear(&base);
    strategy_clear(&mine);
    strategy_clear(&merged);
}
END_TEST

/* A removal from base is applied; an action another session added stays. */
START_TEST(merge_removes_and_keeps_added_actions)
{
    struct strategy base;
    struct strategy mine;
    struct strategy merged;

    strategy_init(&base);
    strategy_init(&mine);
    strategy_init(&merged);
    base.item_count = 1;
    strcpy(base.items[0].action, "sector_reduction");
    strcpy(base.items[0].choice, "routier");
    strategy_copy(&mine, &base);
    mine.item_count = 0;
    /* Stored meanwhile: the same action and another one. */
    strategy_copy(&merged, &base);
    merged.item_count = 2;
    memset(&merged.items[1], 0, sizeof merged.items[1]);
    strcpy(merged.items[1].action, "sector_reduction");
    strcpy(merged.items[1].choice, "industrie");
    strategy_merge(&merged, &base, &mine);
    ck_assert_uint_eq(merged.item_count, 1);
    ck_assert_str_eq(merged.items[0].choice, "industrie");
    strategy_clear(&base);
    strategy_clear(&mine);
    strategy_clear(&merged);
}
END_TEST

START_TEST(create_writes_create_row)
{
    struct strategy_change *changes;
    size_t count;
    int64_t id;

    ck_assert_int_eq(
        store_strategy_create(store, "alice", "Plan A", commune_id, &id), 0);
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 1);
    check_change(&changes[0], "alice", "create", "", "null",
                 "{\"name\":\"Plan A\",\"territory\":1}");
    strategy_changes_free(changes, count);
    ck_assert_int_eq(store_strategy_history_complete(store, id), 1);
}
END_TEST

/* create_with_item() writes the create row, then one save with an action
 * and a baseline override. */
START_TEST(save_writes_row_per_difference)
{
    struct strategy_change *changes;
    struct strategy strategy;
    size_t count;
    int64_t id = create_with_item();

    changes = history_of(id, &count);
    ck_assert_int_eq(count, 3);
    check_change(&changes[0], "alice", "baseline", "ghg_emissions/routier",
                 "null", "1234.0");
    check_change(&changes[1], "alice", "action", "sector_reduction:routier",
                 "null",
                 "{\"action\":\"sector_reduction\",\"choice\":\"routier\","
                 "\"targets\":[{\"param\":\"reduction\",\"set\":true,"
                 "\"start\":2024,\"target\":2030,\"value\":40.0}]}");
    ck_assert_str_eq(changes[2].field, "create");
    strategy_changes_free(changes, count);

    /* Rename, a new target, another override value, a coefficient and a
     * goal, all in one save. */
    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    free(strategy.name);
    strategy.name = xstrdup("Plan A2");
    strategy.items[0].params[0].value = 55;
    strategy.items[0].params[0].target_year = 2035;
    strategy_values_set(&strategy.baselines, "ghg_emissions/routier", 1500);
    strategy_values_set(&strategy.coefficients, "pv_yield", 1100);
    strategy_values_set(&strategy.goals, "2030", 900);
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), 0);
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 8);
    check_change(&changes[0], "alice", "goal", "2030", "null", "900.0");
    check_change(&changes[1], "alice", "coefficient", "pv_yield", "null",
                 "1100.0");
    check_change(&changes[2], "alice", "baseline", "ghg_emissions/routier",
                 "1234.0", "1500.0");
    check_change(&changes[3], "alice", "target",
                 "sector_reduction:routier/reduction",
                 "{\"set\":true,\"start\":2024,\"target\":2030,"
                 "\"value\":40.0}",
                 "{\"set\":true,\"start\":2024,\"target\":2035,"
                 "\"value\":55.0}");
    check_change(&changes[4], "alice", "name", "", "\"Plan A\"", "\"Plan A2\"");
    strategy_changes_free(changes, count);

    /* Clear the override and the goal, remove the action. */
    strategy_values_remove(&strategy.baselines, "ghg_emissions/routier");
    strategy_values_remove(&strategy.goals, "2030");
    strategy_remove_item(&strategy, 0);
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), 0);
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 11);
    check_change(&changes[0], "alice", "goal", "2030", "900.0", "null");
    check_change(&changes[1], "alice", "baseline", "ghg_emissions/routier",
                 "1500.0", "null");
    ck_assert_str_eq(changes[2].field, "action");
    ck_assert_str_eq(changes[2].item, "sector_reduction:routier");
    ck_assert_ptr_nonnull(strstr(changes[2].before, "\"value\":55.0"));
    ck_assert_str_eq(changes[2].after, "null");
    strategy_changes_free(changes, count);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(invalid_names_are_rejected)
{
    static const char *const names[] = {"", "   ", "Plan\x1b[2J", "Plan\n",
                                        "\xc2\x9b", "\xff"};
    struct strategy strategy;
    int64_t id = create_with_item();
    int64_t other;
    size_t i;

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_assert_int_eq(store_strategy_create(store, "alice", names[i],
                                               commune_id, &other),
                         -1);
        ck_assert_int_eq(store_strategy_copy(store, "alice", id, names[i],
                                             &other),
                         -1);
        free(strategy.name);
        strategy.name = xstrdup(names[i]);
        ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), -1);
    }
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy"
                               " WHERE name = 'Plan A'"),
                     1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy_change"), 3);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(rename_writes_name_row)
{
    struct strategy_change *changes;
    size_t count;
    int64_t id = create_with_item();

    ck_assert_int_eq(store_strategy_rename(store, "bob", id, "Plan B"),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_grant(store, "alice", id, "bob",
                                          ACCESS_EDIT),
                     0);
    ck_assert_int_eq(store_strategy_rename(store, "bob", id, "Plan B"), 0);
    /* The same name again changes nothing. */
    ck_assert_int_eq(store_strategy_rename(store, "bob", id, "Plan B"), 0);
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 5);
    check_change(&changes[0], "bob", "name", "", "\"Plan A\"",
                 "\"Plan B\"");
    ck_assert_str_eq(changes[1].field, "grant");
    strategy_changes_free(changes, count);
}
END_TEST

START_TEST(save_without_change_writes_nothing)
{
    struct strategy strategy;
    int64_t id = create_with_item();

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy_change"), 3);
    strategy_clear(&strategy);
}
END_TEST

/* Of two reductions of one sector, removing the first is recorded as
 * that one removed, not as the second changed and removed. */
START_TEST(save_pairs_identical_actions)
{
    struct strategy_change *changes;
    struct strategy strategy;
    size_t count;
    int64_t id = create_with_item();

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "alice", id, &strategy), 0);
    strategy.items[1] = strategy.items[0];
    strategy.items[1].params[0].value = 10;
    strategy.item_count = 2;
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), 0);
    strategy_remove_item(&strategy, 0);
    ck_assert_int_eq(store_strategy_save(store, "alice", &strategy), 0);
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 5);
    ck_assert_str_eq(changes[0].field, "action");
    ck_assert_ptr_nonnull(strstr(changes[0].before, "\"value\":40.0"));
    ck_assert_str_eq(changes[0].after, "null");
    ck_assert_str_eq(changes[1].field, "action");
    ck_assert_str_eq(changes[1].before, "null");
    ck_assert_ptr_nonnull(strstr(changes[1].after, "\"value\":10.0"));
    strategy_changes_free(changes, count);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(grant_and_public_write_rows)
{
    struct strategy_change *changes;
    size_t count;
    int64_t id = create_with_item();

    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "bob", ACCESS_VIEW), 0);
    /* The same role again changes nothing. */
    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "bob", ACCESS_VIEW), 0);
    ck_assert_int_eq(
        store_strategy_grant(store, "root", id, "bob", ACCESS_EDIT), 0);
    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "bob", ACCESS_NONE), 0);
    ck_assert_int_eq(store_strategy_set_public(store, "root", id, 1), 0);
    ck_assert_int_eq(store_strategy_set_public(store, "root", id, 1), 0);
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 7);
    check_change(&changes[0], "root", "public", "", "false", "true");
    check_change(&changes[1], "alice", "grant", "bob", "\"editor\"", "null");
    check_change(&changes[2], "root", "grant", "bob", "\"viewer\"",
                 "\"editor\"");
    check_change(&changes[3], "alice", "grant", "bob", "null", "\"viewer\"");
    strategy_changes_free(changes, count);
}
END_TEST

START_TEST(refused_changes_write_nothing)
{
    struct strategy strategy;
    int64_t id = create_with_item();

    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "bob", ACCESS_VIEW), 0);
    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, "bob", id, &strategy), 0);
    free(strategy.name);
    strategy.name = xstrdup("Taken over");
    ck_assert_int_eq(store_strategy_save(store, "bob", &strategy),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(
        store_strategy_grant(store, "bob", id, "root", ACCESS_EDIT),
        STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_set_public(store, "bob", id, 1),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_strategy_set_public(store, "alice", id, 1),
                     STORE_FORBIDDEN);
    /* The owner already has every right, and roles are viewer or editor. */
    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "alice", ACCESS_VIEW), -1);
    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "ghost", ACCESS_VIEW), -1);
    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "bob", ACCESS_OWNER), -1);
    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id + 10, "bob", ACCESS_VIEW), 1);
    ck_assert_int_eq(store_strategy_set_public(store, "root", id + 10, 1), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy_change"), 4);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy"
                               " WHERE name = 'Plan A' AND public = 0"),
                     1);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(copy_writes_one_copy_row)
{
    struct strategy_change *changes = NULL;
    size_t count;
    int64_t id = create_with_item();
    int64_t copy_id;
    char item[32];

    ck_assert_int_eq(
        store_strategy_grant(store, "alice", id, "bob", ACCESS_VIEW), 0);
    ck_assert_int_eq(store_strategy_copy(store, "bob", id, "Plan B", &copy_id),
                     0);
    ck_assert_int_eq(
        store_strategy_history(store, "bob", copy_id, &changes, &count), 0);
    ck_assert_int_eq(count, 1);
    snprintf(item, sizeof item, "%lld", (long long)id);
    check_change(&changes[0], "bob", "copy", item, "\"Plan A\"", "\"Plan B\"");
    strategy_changes_free(changes, count);
    ck_assert_int_eq(store_strategy_history_complete(store, copy_id), 1);
    /* The original's history is unchanged. */
    changes = history_of(id, &count);
    ck_assert_int_eq(count, 4);
    ck_assert_str_eq(changes[0].field, "grant");
    strategy_changes_free(changes, count);
}
END_TEST

START_TEST(history_needs_read_right)
{
    struct strategy_change *changes = NULL;
    size_t count = 1;
    int64_t id = create_with_item();

    ck_assert_int_eq(store_strategy_history(store, "bob", id, &changes, &count),
                     STORE_FORBIDDEN);
    ck_assert_ptr_null(changes);
    ck_assert_int_eq(count, 0);
    ck_assert_int_eq(
        store_strategy_history(store, "bob", id + 5, &changes, &count), 1);
    ck_assert_int_eq(store_strategy_history(store, NULL, id, &changes, &count),
                     0);
    ck_assert_int_eq(count, 3);
    strategy_changes_free(changes, count);
}
END_TEST

START_TEST(local_save_is_recorded_as_local)
{
    struct strategy_change *changes;
    struct strategy strategy;
    size_t count;
    int64_t id = create_with_item();

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(store, NULL, id, &strategy), 0);
    strategy_values_set(&strategy.goals, "2050", 0);
    ck_assert_int_eq(store_strategy_save(store, NULL, &strategy), 0);
    changes = history_of(id, &count);
    check_change(&changes[0], "(local)", "goal", "2050", "null", "0.0");
    strategy_changes_free(changes, count);
    strategy_clear(&strategy);
}
END_TEST

START_TEST(remove_removes_history)
{
    int64_t id = create_with_item();

    ck_assert_int_gt(query_int("SELECT count(*) FROM strategy_change"), 0);
    ck_assert_int_eq(store_strategy_remove(store, "alice", id), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM strategy_change"), 0);
}
END_TEST

/* A strategy made before schema version 9 has no row, and its history
 * starts with the first change after the migration. */
START_TEST(strategy_of_version_8_has_partial_history)
{
    struct strategy_change *changes = NULL;
    struct strategy strategy;
    struct store *old = NULL;
    char *error = NULL;
    size_t count;

    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, &old, &error) == 0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate_to(old, 8), 8);
    ck_assert_int_eq(
        store_exec(old, "INSERT INTO account (name, role, created_at) VALUES"
                        " ('olive', 'user', '2026-01-01T00:00:00Z');"
                        "INSERT INTO territory (level, code, name, search_name)"
                        " VALUES (4, '01001', 'Abergement', 'abergement');"
                        "INSERT INTO strategy (name, owner_id, territory_id,"
                        " created_at, updated_at) VALUES ('Old plan', 1, 1,"
                        " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"),
        0);
    ck_assert_int_eq(store_migrate(old), STORE_SCHEMA_VERSION - 8);
    ck_assert_int_eq(store_strategy_history(old, "olive", 1, &changes, &count),
                     0);
    ck_assert_int_eq(count, 0);
    ck_assert_int_eq(store_strategy_history_complete(old, 1), 0);

    strategy_init(&strategy);
    ck_assert_int_eq(store_strategy_get(old, "olive", 1, &strategy), 0);
    ck_assert_str_eq(strategy.name, "Old plan");
    free(strategy.name);
    strategy.name = xstrdup("Renamed plan");
    ck_assert_int_eq(store_strategy_save(old, "olive", &strategy), 0);
    ck_assert_int_eq(store_strategy_history(old, "olive", 1, &changes, &count),
                     0);
    ck_assert_int_eq(count, 1);
    check_change(&changes[0], "olive", "name", "", "\"Old plan\"",
                 "\"Renamed plan\"");
    ck_assert_int_eq(store_strategy_history_complete(old, 1), 0);
    strategy_changes_free(changes, count);
    strategy_clear(&strategy);
    store_close(old);
}
END_TEST

static Suite *
strategy_suite(void)
{
    Suite *suite = suite_create("store-strategy");
    TCase *storage = tcase_create("storage");

    tcase_add_checked_fixture(storage, setup_store, teardown_store);
    tcase_add_test(storage, save_then_get_keeps_document);
    tcase_add_test(storage, other_account_is_forbidden_until_granted);
    tcase_add_test(storage, public_only_by_administrator);
    tcase_add_test(storage, copy_is_owned_and_points_to_parent);
    tcase_add_test(storage, baseline_of_empty_territory_is_absent);
    tcase_add_test(storage, rename_needs_edit_and_keeps_document);
    tcase_add_test(storage, names_with_controls_rejected);
    tcase_add_test(storage, grant_to_owner_rejected);
    tcase_add_test(storage, local_command_lists_and_publishes);
    tcase_add_test(storage, create_writes_create_row);
    tcase_add_test(storage, merged_saves_keep_both_changes);
    tcase_add_test(storage, merge_removes_and_keeps_added_actions);
    tcase_add_test(storage, merge_counts_values_it_replaces);
    tcase_add_test(storage, save_writes_row_per_difference);
    tcase_add_test(storage, save_without_change_writes_nothing);
    tcase_add_test(storage, rename_writes_name_row);
    tcase_add_test(storage, invalid_names_are_rejected);
    tcase_add_test(storage, save_pairs_identical_actions);
    tcase_add_test(storage, grant_and_public_write_rows);
    tcase_add_test(storage, refused_changes_write_nothing);
    tcase_add_test(storage, copy_writes_one_copy_row);
    tcase_add_test(storage, history_needs_read_right);
    tcase_add_test(storage, local_save_is_recorded_as_local);
    tcase_add_test(storage, remove_removes_history);
    tcase_add_test(storage, strategy_of_version_8_has_partial_history);
    suite_add_tcase(suite, storage);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(strategy_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
