/*
 * terrish: tests of strategy storage, sharing and baselines.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
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
        "two\nlines", "tab\tstop",
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
