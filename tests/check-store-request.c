/*
 * terrish: tests of account requests, the audit log and the catalogue
 * administration in the store (store-request.c, store-audit.c,
 * store-catalogue.c, store-admin.c), on the small data folder of
 * data-fixture.c with a second région added: 11, with département 75 and
 * commune 75056.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/data-fixture.h"

static struct store *store;
static const struct audit_actor admin = {"root", "192.0.2.7"};

/* A second région, so that a regional administrator has one to miss. */
static const char second_region[] =
    "INSERT INTO territory (level, code, name, search_name, commune_count)"
    " VALUES (1, '11', 'Île-de-France', 'ile de france', 1),"
    " (2, '75', 'Paris', 'paris', 1), (4, '75056', 'Paris', 'paris', 1);"
    "INSERT INTO territory_member (member_id, parent_id)"
    " SELECT c.id, p.id FROM territory c, territory p"
    " WHERE c.code = '75056' AND p.code IN ('75', '11') AND p.level < 4;"
    "INSERT INTO territory_member (member_id, parent_id)"
    " SELECT d.id, r.id FROM territory d, territory r"
    " WHERE d.level = 2 AND d.code = '75' AND r.level = 1 AND r.code = '11';";

static void
setup(void)
{
    char *dir = fixture_write("check-store-request", NULL);
    char *error = NULL;

    ck_assert_msg(store_open(":memory:", STORE_OPEN_CREATE, &store, &error) ==
                      0,
                  "store_open: %s", error);
    ck_assert_int_eq(store_migrate(store), STORE_SCHEMA_VERSION);
    ck_assert_msg(store_load_bundled(store, dir, NULL, NULL) == 0, "load: %s",
                  store_error(store));
    fixture_remove(dir);
    free(dir);
    ck_assert_int_eq(store_exec(store, second_region), 0);
    ck_assert_int_eq(store_user_add(store, "root", ROLE_ADMIN, NULL), 0);
}

static void
teardown(void)
{
    store_close(store);
    store = NULL;
}

/* Id of the territory at level with code. */
static int64_t
territory_id(enum territory_level level, const char *code)
{
    struct territory territory;
    int64_t id;

    ck_assert_int_eq(store_territory_get(store, level, code, &territory), 0);
    id = territory.id;
    territory_clear(&territory);
    return id;
}

/* Read one integer with a SQL query on the test store. */
static int64_t
query_int(const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    int64_t value;

    ck_assert_int_eq(sqlite3_prepare_v2(store_db(store), sql, -1, &stmt, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/* Fill a request for name with key number key from address. */
static void
request_fill(struct account_request *r, const char *name, int key,
             const char *address, int64_t territory)
{
    memset(r, 0, sizeof(*r));
    r->name = xstrdup(name);
    r->full_name = xstrdup("Camille Durand");
    r->email = xstrdup("camille@example.org");
    r->organisation = xstrdup("Commune");
    r->reason = xstrdup("PCAET");
    r->territory_id = territory;
    r->key_type = xstrdup("ssh-ed25519");
    r->key_base64 = xasprintf("AAAAC3NzaC1lZDI1NTE5AAAAI%020d", key);
    r->key_fingerprint = xasprintf("SHA256:key%d", key);
    r->address = xstrdup(address);
    snprintf(r->lang, sizeof(r->lang), "en");
}

/* Add a request and return its id, failing the test on an error. */
static int64_t
request_add(const char *name, int key, const char *address, int64_t territory)
{
    struct account_request r;
    int64_t id;
    int rc;

    request_fill(&r, name, key, address, territory);
    rc = store_request_add(store, &r);
    ck_assert_msg(rc == 0, "store_request_add: %d %s", rc,
                  store_error(store));
    id = r.id;
    account_request_clear(&r);
    return id;
}

START_TEST(text_clean_replaces_controls)
{
    char *clean = request_text_clean("a\x1b[31mb\xc2\x9b" "c\nd\xff" "é", 0);

    ck_assert_str_eq(clean, "a\xef\xbf\xbd[31mb\xef\xbf\xbd" "c\xef\xbf\xbd"
                            "d\xef\xbf\xbd" "é");
    free(clean);
    clean = request_text_clean("line one\nline two\r", 1);
    ck_assert_str_eq(clean, "line one\nline two\xef\xbf\xbd");
    free(clean);
    clean = request_text_clean("\xed\xa0\x80\xc0\xaf", 0);
    ck_assert_str_eq(clean, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                            "\xef\xbf\xbd\xef\xbf\xbd");
    free(clean);
}
END_TEST

START_TEST(email_syntax_checked)
{
    static const struct {
        const char *email;
        int valid;
    } cases[] = {
        {"camille@example.org", 1},  {"c.d+pcaet@mairie.fr", 1},
        {"camille", 0},              {"@example.org", 0},
        {"camille@", 0},             {"camille@localhost", 0},
        {"camille@example.", 0},     {"camille@.org", 0},
        {"a@b@example.org", 0},      {"camille @example.org", 0},
        {"camille@exa..mple.org", 0}, {"ca\x1bmille@example.org", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(request_email_valid(cases[i].email) == cases[i].valid,
                      "%s", cases[i].email);
}
END_TEST

START_TEST(address_key_groups_ipv6_by_64)
{
    char key[64];

    request_address_key("192.0.2.1", key, sizeof(key));
    ck_assert_str_eq(key, "192.0.2.1");
    request_address_key("::ffff:192.0.2.1", key, sizeof(key));
    ck_assert_str_eq(key, "192.0.2.1");
    request_address_key("2001:db8:1:2:aaaa::1", key, sizeof(key));
    ck_assert_str_eq(key, "2001:db8:1:2::/64");
    request_address_key("unknown", key, sizeof(key));
    ck_assert_str_eq(key, "unknown");
}
END_TEST

START_TEST(request_name_reserved)
{
    ck_assert_int_eq(user_name_reserved(REQUEST_ACCOUNT), 1);
    ck_assert_int_eq(store_user_add(store, REQUEST_ACCOUNT, ROLE_USER, NULL),
                     -1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "reserved"));
    ck_assert_int_eq(store_request_check_name(store, REQUEST_ACCOUNT),
                     REQUEST_NAME_RESERVED);
    /* root is an account of the fixture. */
    ck_assert_int_eq(store_request_check_name(store, "root"),
                     REQUEST_NAME_TAKEN);
    ck_assert_int_eq(store_request_check_name(store, "Bad Name"),
                     REQUEST_NAME_INVALID);
    ck_assert_int_eq(store_request_check_name(store, "camille"),
                     REQUEST_NAME_FREE);
    request_add("camille", 1, "192.0.2.1", territory_id(LEVEL_COMMUNE,
                                                        "69001"));
    ck_assert_int_eq(store_request_check_name(store, "camille"),
                     REQUEST_NAME_TAKEN);
    ck_assert_ptr_nonnull(strstr(store_error(store), "taken"));
}
END_TEST

START_TEST(hostile_text_stored_as_typed)
{
    static const char sql_text[] =
        "O'Brien\"; DROP TABLE account; -- SELECT * FROM audit_log";
    struct account_request r;
    struct account_request read;

    request_fill(&r, "obrien", 2, "192.0.2.2",
                 territory_id(LEVEL_COMMUNE, "69002"));
    free(r.full_name);
    r.full_name = xstrdup(sql_text);
    free(r.reason);
    r.reason = xstrdup("first line\nsecond \x1b[2J line \xff end");
    ck_assert_int_eq(store_request_add(store, &r), 0);
    ck_assert_int_eq(store_request_get(store, r.id, &read), 0);
    ck_assert_str_eq(read.full_name, sql_text);
    ck_assert_str_eq(read.reason, "first line\nsecond \xef\xbf\xbd[2J line "
                                  "\xef\xbf\xbd end");
    ck_assert_int_eq(query_int("SELECT count(*) FROM account"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM audit_log WHERE action ="
                               " 'account.request' AND account = 'request'"
                               " AND address = '192.0.2.2'"),
                     1);
    account_request_clear(&r);
    account_request_clear(&read);
}
END_TEST

START_TEST(requests_limited_per_address)
{
    int64_t commune = territory_id(LEVEL_COMMUNE, "69001");
    struct account_request r;
    int count = 0;

    request_add("one", 11, "2001:db8:1:2::10", commune);
    request_add("two", 12, "2001:db8:1:2::11", commune);
    request_add("three", 13, "2001:db8:1:2::12", commune);
    ck_assert_int_eq(store_request_count_recent(store, "2001:db8:1:2::99",
                                                &count),
                     0);
    ck_assert_int_eq(count, REQUEST_PER_DAY);
    request_fill(&r, "four", 14, "2001:db8:1:2::13", commune);
    ck_assert_int_eq(store_request_add(store, &r), STORE_LIMITED);
    account_request_clear(&r);
    /* Another /64 is another address. */
    request_add("five", 15, "2001:db8:1:3::10", commune);
}
END_TEST

START_TEST(one_pending_request_per_key)
{
    int64_t commune = territory_id(LEVEL_COMMUNE, "69001");
    struct account_request r;

    request_add("first", 21, "192.0.2.3", commune);
    request_fill(&r, "second", 21, "192.0.2.4", commune);
    ck_assert_int_eq(store_request_add(store, &r), 1);
    ck_assert_ptr_nonnull(strstr(store_error(store), "pending"));
    account_request_clear(&r);
}
END_TEST

START_TEST(accept_creates_account_with_key)
{
    int64_t id = request_add("camille", 31, "192.0.2.5",
                             territory_id(LEVEL_COMMUNE, "69001"));
    struct account_request r;
    struct user_key *keys = NULL;
    struct user user;
    size_t count = 0;

    ck_assert_int_eq(store_request_accept(store, id, &admin, NULL), 0);
    ck_assert_int_eq(store_user_find(store, "camille", &user), 0);
    ck_assert_int_eq(user.role, ROLE_USER);
    ck_assert_str_eq(user.lang, "en");
    user_clear(&user);
    ck_assert_int_eq(store_user_keys(store, "camille", &keys, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(keys[0].type, "ssh-ed25519");
    user_keys_free(keys, count);
    ck_assert_int_eq(store_request_get(store, id, &r), 0);
    ck_assert_int_eq(r.status, REQUEST_ACCEPTED);
    ck_assert_str_eq(r.decided_by, "root");
    ck_assert_str_eq(r.account_name, "camille");
    account_request_clear(&r);
    ck_assert_int_eq(query_int("SELECT count(*) FROM audit_log WHERE action ="
                               " 'account.accept' AND account = 'root'"
                               " AND address = '192.0.2.7'"),
                     1);
    ck_assert_int_eq(store_request_accept(store, id, &admin, NULL),
                     STORE_CONFLICT);
    ck_assert_int_eq(store_request_accept(store, id + 100, &admin, NULL), 1);
}
END_TEST

START_TEST(accept_rolls_back_when_name_taken)
{
    int64_t id = request_add("camille", 41, "192.0.2.6",
                             territory_id(LEVEL_COMMUNE, "69001"));
    struct account_request r;

    ck_assert_int_eq(store_user_add(store, "camille", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_request_accept(store, id, &admin, NULL),
                     STORE_CONFLICT);
    ck_assert_int_eq(store_request_get(store, id, &r), 0);
    ck_assert_int_eq(r.status, REQUEST_PENDING);
    account_request_clear(&r);
    ck_assert_int_eq(query_int("SELECT count(*) FROM account_key"), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM audit_log WHERE action ="
                               " 'account.accept'"),
                     0);
}
END_TEST

START_TEST(regional_admin_limited_to_region)
{
    int64_t lyon = request_add("lyon", 51, "192.0.2.8",
                               territory_id(LEVEL_EPCI, "200000001"));
    int64_t paris = request_add("paris", 52, "192.0.2.9",
                                territory_id(LEVEL_COMMUNE, "75056"));
    struct request_filter filter = {"84", 1, NULL};
    struct account_request *list = NULL;
    struct account_request r;
    size_t count = 0;

    ck_assert_int_eq(store_request_list(store, &filter, &list, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(list[0].id, lyon);
    account_requests_free(list, count);
    filter.region = "11";
    ck_assert_int_eq(store_request_list(store, &filter, &list, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(list[0].id, paris);
    account_requests_free(list, count);

    ck_assert_int_eq(store_request_accept(store, paris, &admin, "84"),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_request_refuse(store, paris, &admin, "84", "no"),
                     STORE_FORBIDDEN);
    ck_assert_int_eq(store_request_get(store, paris, &r), 0);
    ck_assert_int_eq(r.status, REQUEST_PENDING);
    account_request_clear(&r);
    ck_assert_int_eq(store_request_accept(store, lyon, &admin, "84"), 0);
    ck_assert_int_eq(store_territory_in_region(
                         store, territory_id(LEVEL_DEPARTEMENT, "69"), "84"),
                     1);
    ck_assert_int_eq(store_territory_in_region(
                         store, territory_id(LEVEL_REGION, "11"), "84"),
                     0);
}
END_TEST

START_TEST(refuse_keeps_reason)
{
    int64_t id = request_add("camille", 61, "192.0.2.10",
                             territory_id(LEVEL_REGION, "84"));
    struct account_request r;

    ck_assert_int_eq(store_request_refuse(store, id, &admin, NULL, "  \n"),
                     -1);
    ck_assert_int_eq(store_request_refuse(store, id, &admin, NULL,
                                          "Use the account of your "
                                          "\x1b[1mcommune"),
                     0);
    ck_assert_int_eq(store_request_for_key(store, "ssh-ed25519",
                                           "AAAAC3NzaC1lZDI1NTE5AAAAI"
                                           "00000000000000000061",
                                           &r),
                     0);
    ck_assert_int_eq(r.status, REQUEST_REFUSED);
    ck_assert_str_eq(r.refusal_reason,
                     "Use the account of your \xef\xbf\xbd[1mcommune");
    account_request_clear(&r);
    ck_assert_int_eq(store_user_find(store, "camille", &(struct user){0}), 1);
    /* A refused key may ask again. */
    request_add("camille", 61, "192.0.2.10", territory_id(LEVEL_REGION, "84"));
}
END_TEST

START_TEST(login_count_by_hour)
{
    int count = 0;
    int i;

    ck_assert_int_eq(store_exec(store, "INSERT INTO request_connection"
                                       " (address_key, at) VALUES"
                                       " ('192.0.2.11',"
                                       " '2000-01-01T00:00:00Z'),"
                                       " ('192.0.2.11', strftime("
                                       "'%Y-%m-%dT%H:%M:%SZ', 'now',"
                                       " '-2 hours'))"),
                     0);
    for (i = 1; i <= 3; i++) {
        ck_assert_int_eq(store_request_login_record(store, "192.0.2.11",
                                                    &count),
                         0);
        ck_assert_int_eq(count, i);
    }
    /* The row of 2000 was deleted, the one of two hours ago kept. */
    ck_assert_int_eq(query_int("SELECT count(*) FROM request_connection"),
                     4);
}
END_TEST

START_TEST(audit_filters)
{
    static const struct audit_actor other = {"gina", "198.51.100.1"};
    struct audit_filter filter;
    struct audit_entry *entries = NULL;
    json_t *detail = json_pack("{s:s}", "note", "a \"quoted\" value");
    size_t count = 0;

    ck_assert_int_eq(store_audit(store, &admin, "indicator.edit",
                                 "indicator:pop_t", detail),
                     0);
    json_decref(detail);
    ck_assert_int_eq(store_audit(store, &other, "dashboard.public",
                                 "dashboard:1", NULL),
                     0);
    ck_assert_int_eq(store_audit(store, &admin, "no.such.action", "", NULL),
                     -1);
    request_add("paris", 71, "192.0.2.12", territory_id(LEVEL_COMMUNE,
                                                        "75056"));
    request_add("lyon", 72, "192.0.2.13", territory_id(LEVEL_COMMUNE,
                                                       "69001"));

    memset(&filter, 0, sizeof(filter));
    ck_assert_int_eq(store_audit_list(store, &filter, &entries, &count), 0);
    ck_assert_uint_eq(count, 4);
    ck_assert_str_eq(entries[0].action, "account.request"); /* newest */
    ck_assert_str_eq(entries[3].detail,
                     "{\"note\":\"a \\\"quoted\\\" value\"}");
    audit_entries_free(entries, count);

    filter.account = "gina";
    ck_assert_int_eq(store_audit_list(store, &filter, &entries, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(entries[0].address, "198.51.100.1");
    audit_entries_free(entries, count);

    memset(&filter, 0, sizeof(filter));
    filter.action = "indicator.edit";
    ck_assert_int_eq(store_audit_list(store, &filter, &entries, &count), 0);
    ck_assert_uint_eq(count, 1);
    audit_entries_free(entries, count);

    filter.action = NULL;
    filter.since = "2999-01-01";
    ck_assert_int_eq(store_audit_list(store, &filter, &entries, &count), 0);
    ck_assert_uint_eq(count, 0);
    audit_entries_free(entries, count);

    filter.since = NULL;
    filter.region = "84";
    ck_assert_int_eq(store_audit_list(store, &filter, &entries, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert_ptr_nonnull(strstr(entries[0].detail, "\"lyon\""));
    audit_entries_free(entries, count);
}
END_TEST

START_TEST(catalogue_text_checked)
{
    struct indicator indicator;

    ck_assert_int_eq(store_indicator_set_text(store, "pop_t", "name_en",
                                              "Residents", &admin),
                     0);
    ck_assert_int_eq(store_indicator_get(store, "pop_t", &indicator), 0);
    ck_assert_str_eq(indicator.name_en, "Residents");
    indicator_clear(&indicator);
    ck_assert_int_eq(store_indicator_set_text(store, "pop_t", "name_en", " ",
                                              &admin),
                     -1);
    ck_assert_int_eq(store_indicator_set_text(store, "pop_t", "unit",
                                              "a\x1b[1mb", &admin),
                     -1);
    ck_assert_int_eq(store_indicator_set_text(store, "pop_t", "aggregation",
                                              "ratio", &admin),
                     -1);
    ck_assert_int_eq(store_indicator_set_text(store, "pop_t",
                                              "confidentiality", "maybe",
                                              &admin),
                     -1);
    ck_assert_int_eq(store_indicator_set_text(store, "pop_t",
                                              "confidentiality",
                                              "blank_is_secret", &admin),
                     0);
    ck_assert_int_eq(store_indicator_set_text(store, "nope", "unit", "x",
                                              &admin),
                     1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM audit_log WHERE action ="
                               " 'indicator.edit' AND detail LIKE"
                               " '%\"before\":\"Population\"%'"),
                     1);
}
END_TEST

START_TEST(withdrawn_year_hidden_when_published_only)
{
    int64_t commune = territory_id(LEVEL_COMMUNE, "69001");
    struct indicator_result result;
    struct indicator indicator;

    ck_assert_int_eq(store_exec(store, "INSERT INTO indicator_year"
                                       " (indicator_id, year) VALUES"
                                       " ('pop_t', 2021)"),
                     0);
    ck_assert_int_eq(store_indicator_set_published(store, "pop_t", 2020, 0,
                                                   &admin),
                     0);
    ck_assert_int_eq(store_indicator_set_published(store, "pop_t", 1999, 0,
                                                   &admin),
                     1);

    /* An administrator's connection sees every year and value. */
    ck_assert_int_eq(store_indicator_get(store, "pop_t", &indicator), 0);
    ck_assert_uint_eq(indicator.year_count, 2);
    indicator_clear(&indicator);
    ck_assert_int_eq(store_indicator_value(store, "pop_t", commune, 2020, NULL,
                                           &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_PRESENT);

    store_set_published_only(store, 1);
    ck_assert_int_eq(store_indicator_get(store, "pop_t", &indicator), 0);
    ck_assert_uint_eq(indicator.year_count, 1);
    ck_assert_int_eq(indicator.years[0], 2021);
    indicator_clear(&indicator);
    ck_assert_int_eq(store_indicator_value(store, "pop_t", commune, 2020, NULL,
                                           &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_NOT_AVAILABLE);
    /* A ratio would reveal its withdrawn operand, so it is hidden too. */
    ck_assert_int_eq(store_indicator_value(store, "elec_per_pop_t",
                                           territory_id(LEVEL_EPCI,
                                                        "200000001"),
                                           2020, NULL, &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_NOT_AVAILABLE);
    store_set_published_only(store, 0);
    ck_assert_int_eq(store_indicator_value(store, "elec_per_pop_t",
                                           territory_id(LEVEL_EPCI,
                                                        "200000001"),
                                           2020, NULL, &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_PRESENT);
    store_set_published_only(store, 1);

    store_set_published_only(store, 0);
    ck_assert_int_eq(store_indicator_set_published(store, "pop_t", 0, 0,
                                                   &admin),
                     0);
    store_set_published_only(store, 1);
    ck_assert_int_eq(store_indicator_value(store, "pop_t", commune, 2021, NULL,
                                           &result),
                     0);
    ck_assert_int_eq(result.flag, RESULT_NOT_AVAILABLE);
    ck_assert_int_eq(query_int("SELECT count(*) FROM audit_log WHERE action ="
                               " 'indicator.withdraw'"),
                     2);
}
END_TEST

START_TEST(role_change_audited)
{
    ck_assert_int_eq(store_user_add(store, "gina", ROLE_USER, NULL), 0);
    ck_assert_int_eq(store_account_set_role(store, "gina",
                                            ROLE_REGIONAL_ADMIN, "99",
                                            &admin),
                     -1);
    ck_assert_int_eq(store_account_set_role(store, "gina",
                                            ROLE_REGIONAL_ADMIN, "84",
                                            &admin),
                     0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM account WHERE name ="
                               " 'gina' AND role = 'regional-admin'"
                               " AND region = '84'"),
                     1);
    ck_assert_int_eq(store_account_set_role(store, "nobody", ROLE_USER, NULL,
                                            &admin),
                     1);
    ck_assert_int_eq(store_account_remove(store, "gina", &admin), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM audit_log WHERE target ="
                               " 'account:gina'"),
                     2);
}
END_TEST

static Suite *
request_suite(void)
{
    Suite *suite = suite_create("store-request");
    TCase *text = tcase_create("text");
    TCase *requests = tcase_create("requests");
    TCase *admin_case = tcase_create("administration");

    tcase_add_test(text, text_clean_replaces_controls);
    tcase_add_test(text, email_syntax_checked);
    tcase_add_test(text, address_key_groups_ipv6_by_64);
    suite_add_tcase(suite, text);

    tcase_add_checked_fixture(requests, setup, teardown);
    tcase_add_test(requests, request_name_reserved);
    tcase_add_test(requests, hostile_text_stored_as_typed);
    tcase_add_test(requests, requests_limited_per_address);
    tcase_add_test(requests, one_pending_request_per_key);
    tcase_add_test(requests, accept_creates_account_with_key);
    tcase_add_test(requests, accept_rolls_back_when_name_taken);
    tcase_add_test(requests, regional_admin_limited_to_region);
    tcase_add_test(requests, refuse_keeps_reason);
    tcase_add_test(requests, login_count_by_hour);
    suite_add_tcase(suite, requests);

    tcase_add_checked_fixture(admin_case, setup, teardown);
    tcase_add_test(admin_case, audit_filters);
    tcase_add_test(admin_case, catalogue_text_checked);
    tcase_add_test(admin_case, withdrawn_year_hidden_when_published_only);
    tcase_add_test(admin_case, role_change_audited);
    suite_add_tcase(suite, admin_case);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(request_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
