/*
 * terrish: tests of accounts, roles and SSH keys in the store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "store/store.h"

static struct store *store;

/* Open a migrated in-memory store with région 84 for each test. */
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
                                " search_name) VALUES (1, '84',"
                                " 'Auvergne-Rhône-Alpes',"
                                " 'auvergne rhone alpes')"),
                     0);
}

static void
teardown_store(void)
{
    store_close(store);
    store = NULL;
}

START_TEST(name_valid_accepts_unix_names)
{
    ck_assert_int_eq(user_name_valid("alice"), 1);
    ck_assert_int_eq(user_name_valid("_svc"), 1);
    ck_assert_int_eq(user_name_valid("j.doe-2"), 1);
    ck_assert_int_eq(user_name_valid("a2345678901234567890123456789012"), 1);
}
END_TEST

START_TEST(name_valid_rejects_others)
{
    ck_assert_int_eq(user_name_valid(""), 0);
    ck_assert_int_eq(user_name_valid("Alice"), 0);
    ck_assert_int_eq(user_name_valid("1alice"), 0);
    ck_assert_int_eq(user_name_valid("-alice"), 0);
    ck_assert_int_eq(user_name_valid("al ice"), 0);
    ck_assert_int_eq(user_name_valid("élise"), 0);
    ck_assert_int_eq(user_name_valid("a23456789012345678901234567890123"), 0);
}
END_TEST

START_TEST(role_names_round_trip)
{
    enum user_role role;
    enum user_role roles[] = {ROLE_USER, ROLE_REGIONAL_ADMIN, ROLE_ADMIN};
    size_t i;

    ck_assert_str_eq(user_role_name(ROLE_USER), "user");
    ck_assert_str_eq(user_role_name(ROLE_REGIONAL_ADMIN), "regional-admin");
    ck_assert_str_eq(user_role_name(ROLE_ADMIN), "admin");
    for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        ck_assert_int_eq(user_role_parse(user_role_name(roles[i]), &role), 0);
        ck_assert_int_eq(role, roles[i]);
    }
    ck_assert_int_eq(user_role_parse("root", &role), -1);
    ck_assert_int_eq(user_role_parse("Admin", &role), -1);
}
END_TEST

START_TEST(add_then_find)
{
    struct user user;

    ck_assert_int_eq(store_user_add(store, "alice", ROLE_ADMIN, NULL), 0);
    ck_assert_int_eq(store_user_find(store, "alice", &user), 0);
    ck_assert_str_eq(user.name, "alice");
    ck_assert_int_eq(user.role, ROLE_ADMIN);
    ck_assert_str_eq(user.region, "");
    ck_assert_ptr_null(user.password_hash);
    ck_assert_str_eq(user.lang, "");
    user_clear(&user);
}
END_TEST

START_TEST(find_missing_returns_1)
{
    struct user user;

    ck_assert_int_eq(store_user_find(store, "nobody", &user), 1);
    user_clear(&user);
}
END_TEST

START_TEST(add_duplicate_fails)
{
    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "alice", ROLE_ADMIN, NULL), -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "already exists"));
}
END_TEST

START_TEST(add_invalid_name_fails)
{
    ck_assert_int_eq(store_user_add(store, "Bad Name", ROLE_USER, NULL), -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "\"Bad Name\""));
}
END_TEST

START_TEST(regional_admin_needs_known_region)
{
    struct user user;

    ck_assert_int_eq(store_user_add(store, "bob", ROLE_REGIONAL_ADMIN, NULL),
                     -1);
    ck_assert_int_eq(store_user_add(store, "bob", ROLE_REGIONAL_ADMIN, "99"),
                     -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "\"99\" not found"));
    ck_assert_int_eq(store_user_add(store, "bob", ROLE_USER, "84"), -1);
    ck_assert_int_eq(store_user_add(store, "bob", ROLE_REGIONAL_ADMIN, "84"),
                     0);
    ck_assert_int_eq(store_user_find(store, "bob", &user), 0);
    ck_assert_int_eq(user.role, ROLE_REGIONAL_ADMIN);
    ck_assert_str_eq(user.region, "84");
    user_clear(&user);
}
END_TEST

START_TEST(list_sorted_by_name)
{
    struct user *users = NULL;
    size_t count;
    size_t i;

    ck_assert_int_eq(store_user_add(store, "zoe", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_add(store, "alice", ROLE_ADMIN, NULL), 0);
    ck_assert_int_eq(store_user_list(store, &users, &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert_str_eq(users[0].name, "alice");
    ck_assert_str_eq(users[1].name, "zoe");
    for (i = 0; i < count; i++)
        user_clear(&users[i]);
    free(users);
}
END_TEST

START_TEST(set_password_hash_and_lang)
{
    struct user user;

    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(
        store_user_set_password_hash(store, "alice", "$argon2id$v=19$x"), 0);
    ck_assert_int_eq(store_user_set_lang(store, "alice", "fr"), 0);
    ck_assert_int_eq(store_user_find(store, "alice", &user), 0);
    ck_assert_str_eq(user.password_hash, "$argon2id$v=19$x");
    ck_assert_str_eq(user.lang, "fr");
    user_clear(&user);

    ck_assert_int_eq(store_user_set_password_hash(store, "alice", NULL), 0);
    ck_assert_int_eq(store_user_find(store, "alice", &user), 0);
    ck_assert_ptr_null(user.password_hash);
    user_clear(&user);
}
END_TEST

START_TEST(set_on_missing_account_fails)
{
    ck_assert_int_eq(store_user_set_lang(store, "nobody", "en"), -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "not found"));
    ck_assert_int_eq(store_user_set_password_hash(store, "nobody", "x"), -1);
}
END_TEST

START_TEST(set_lang_rejects_unknown)
{
    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_set_lang(store, "alice", "de"), -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "\"de\""));
}
END_TEST

START_TEST(keys_add_list_and_dedupe)
{
    struct user_key *keys = NULL;
    size_t count;

    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_key_add(store, "alice", "ssh-ed25519",
                                        "AAAAC3Nz1", "alice@laptop"),
                     0);
    ck_assert_int_eq(store_user_key_add(store, "alice", "ssh-ed25519",
                                        "AAAAC3Nz1", "other comment"),
                     1);
    ck_assert_int_eq(
        store_user_key_add(store, "alice", "ssh-rsa", "AAAAB3Nz2", NULL), 0);
    ck_assert_int_eq(store_user_keys(store, "alice", &keys, &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert_str_eq(keys[0].type, "ssh-ed25519");
    ck_assert_str_eq(keys[0].base64, "AAAAC3Nz1");
    ck_assert_str_eq(keys[0].comment, "alice@laptop");
    ck_assert_str_eq(keys[1].type, "ssh-rsa");
    ck_assert_str_eq(keys[1].comment, "");
    user_keys_free(keys, count);
}
END_TEST

START_TEST(keys_of_missing_account)
{
    struct user_key *keys = NULL;
    size_t count = 5;

    ck_assert_int_eq(store_user_keys(store, "nobody", &keys, &count), 1);
    ck_assert_ptr_null(keys);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(
        store_user_key_add(store, "nobody", "ssh-ed25519", "AAAA", NULL), -1);
}
END_TEST

START_TEST(remove_deletes_keys)
{
    struct user_key *keys = NULL;
    size_t count;

    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(
        store_user_key_add(store, "alice", "ssh-ed25519", "AAAA", NULL), 0);
    ck_assert_int_eq(store_user_remove(store, "alice"), 0);
    ck_assert_int_eq(store_user_remove(store, "alice"), 1);
    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_user_keys(store, "alice", &keys, &count), 0);
    ck_assert_uint_eq(count, 0);
    user_keys_free(keys, count);
}
END_TEST

/* Renaming keeps the account's id and keys, renames its author name in
 * the dashboard history, writes the audit row, and frees a reserved name
 * that an old store holds. */
START_TEST(rename_keeps_keys_and_frees_reserved_name)
{
    struct audit_entry *entries = NULL;
    struct audit_filter filter = {NULL, "account.rename", NULL, NULL, 0, 0};
    struct user_key *keys = NULL;
    struct user before;
    struct user after;
    size_t count = 0;
    int64_t authored = 0;

    ck_assert_int_eq(store_exec(store,
                                "INSERT INTO account (name, role, created_at)"
                                " VALUES ('request', 'admin',"
                                " '2025-01-01T00:00:00Z')"),
                     0);
    ck_assert_int_eq(store_account_reserved_exists(store), 1);
    ck_assert_int_eq(store_user_key_add(store, REQUEST_ACCOUNT, "ssh-ed25519",
                                        "AAAAC3NzaC1lZDI1NTE5AAAAIold", ""),
                     0);
    ck_assert_int_eq(store_exec(store,
                                "INSERT INTO dashboard (name, owner_id,"
                                " territory_id, created_at, updated_at)"
                                " SELECT 'D', id, 1, 'x', 'x' FROM account"
                                " WHERE name = 'request';"
                                "INSERT INTO dashboard_change (dashboard_id,"
                                " version, account, at, widget_id, field,"
                                " before, after) VALUES (1, 1, 'request',"
                                " 'x', 0, 'name', '\"C\"', '\"D\"')"),
                     0);
    ck_assert_int_eq(store_user_find(store, REQUEST_ACCOUNT, &before), 0);

    ck_assert_int_eq(store_user_add(store, "alice", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_account_rename(store, REQUEST_ACCOUNT, "alice",
                                          &audit_local_actor),
                     -1);
    ck_assert_int_eq(store_account_rename(store, REQUEST_ACCOUNT, "Bad Name",
                                          &audit_local_actor),
                     -1);
    ck_assert_int_eq(store_account_rename(store, "nobody", "olga",
                                          &audit_local_actor),
                     1);
    ck_assert_int_eq(store_account_rename(store, "alice", REQUEST_ACCOUNT,
                                          &audit_local_actor),
                     -1);
    ck_assert_msg(strstr(store_error(store), "reserved") != NULL, "%s",
                  store_error(store));

    ck_assert_int_eq(store_account_rename(store, REQUEST_ACCOUNT, "olga",
                                          &audit_local_actor),
                     0);
    ck_assert_int_eq(store_account_reserved_exists(store), 0);
    ck_assert_int_eq(store_user_find(store, "olga", &after), 0);
    ck_assert_int_eq(after.id, before.id);
    ck_assert_int_eq(after.role, ROLE_ADMIN);
    ck_assert_int_eq(store_user_keys(store, "olga", &keys, &count), 0);
    ck_assert_uint_eq(count, 1);
    user_keys_free(keys, count);
    ck_assert_int_eq(dashboard_query_int(store,
                                         "SELECT count(*) FROM"
                                         " dashboard_change WHERE account = ?2",
                                         0, "olga", NULL, &authored),
                     0);
    ck_assert_int_eq(authored, 1);
    ck_assert_int_eq(store_audit_list(store, &filter, &entries, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(entries[0].target, "account:olga");
    ck_assert_str_eq(entries[0].detail, "{\"before\":\"request\"}");
    audit_entries_free(entries, count);
    user_clear(&before);
    user_clear(&after);
}
END_TEST

static Suite *
user_suite(void)
{
    Suite *suite = suite_create("store-user");
    TCase *names = tcase_create("names");
    TCase *accounts = tcase_create("accounts");
    TCase *keys = tcase_create("keys");

    tcase_add_test(names, name_valid_accepts_unix_names);
    tcase_add_test(names, name_valid_rejects_others);
    tcase_add_test(names, role_names_round_trip);
    suite_add_tcase(suite, names);

    tcase_add_checked_fixture(accounts, setup_store, teardown_store);
    tcase_add_test(accounts, add_then_find);
    tcase_add_test(accounts, find_missing_returns_1);
    tcase_add_test(accounts, add_duplicate_fails);
    tcase_add_test(accounts, add_invalid_name_fails);
    tcase_add_test(accounts, regional_admin_needs_known_region);
    tcase_add_test(accounts, list_sorted_by_name);
    tcase_add_test(accounts, set_password_hash_and_lang);
    tcase_add_test(accounts, set_on_missing_account_fails);
    tcase_add_test(accounts, set_lang_rejects_unknown);
    tcase_add_test(accounts, rename_keeps_keys_and_frees_reserved_name);
    suite_add_tcase(suite, accounts);

    tcase_add_checked_fixture(keys, setup_store, teardown_store);
    tcase_add_test(keys, keys_add_list_and_dedupe);
    tcase_add_test(keys, keys_of_missing_account);
    tcase_add_test(keys, remove_deletes_keys);
    suite_add_tcase(suite, keys);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(user_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
