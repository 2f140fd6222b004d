/*
 * terrish: tests of the command line (init, user, serve argument checks),
 * running the built binary on a private store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/common.h"
#include "store/store.h"
#include "store/strategy.h"
#include "tests/cli-run.h"

static char scratch[4096];
static char store_path[4200];
static char output[8192];
static const char *terrish_bin;
static const char *data_dir;

/* Run a shell command, keeping its merged output in output. */
#define run(...) cli_run(output, sizeof output, __VA_ARGS__)

static void
cli_setup(void)
{
    const char *tmp = getenv("TERRISH_TEST_TMP");

    terrish_bin = getenv("TERRISH_BIN");
    data_dir = getenv("TERRISH_DATA");
    ck_assert_ptr_nonnull(terrish_bin);
    ck_assert_ptr_nonnull(data_dir);
    mkdir(tmp != NULL ? tmp : "/tmp", 0755);
    snprintf(scratch, sizeof scratch, "%s/cli-XXXXXX",
             tmp != NULL ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(scratch));
    snprintf(store_path, sizeof store_path, "%s/store.db", scratch);
}

static void
cli_teardown(void)
{
    char command[4200];

    snprintf(command, sizeof command, "rm -rf '%s'", scratch);
    ck_assert_int_eq(system(command), 0);
}

/* Create the shared store once for the tests that need accounts. */
static void
init_store(void)
{
    ck_assert_int_eq(run("'%s' init --quiet --store '%s' --data '%s'",
                         terrish_bin, store_path, data_dir),
                     0);
}

START_TEST(init_twice_changes_nothing)
{
    init_store();
    ck_assert_int_eq(run("'%s' init --store '%s' --data '%s'", terrish_bin,
                         store_path, data_dir),
                     0);
    ck_assert_msg(strstr(output, "nothing changed") != NULL, "output: %s",
                  output);
}
END_TEST

START_TEST(init_missing_data_fails)
{
    ck_assert_int_eq(run("'%s' init --store '%s' --data '%s/nowhere'",
                         terrish_bin, store_path, scratch),
                     1);
    ck_assert_msg(strstr(output, "nowhere") != NULL, "output: %s", output);
}
END_TEST

START_TEST(user_add_and_list)
{
    init_store();
    ck_assert_int_eq(run("printf 'pw\\n' | '%s' user add alice --role user "
                         "--password-stdin --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_int_eq(run("'%s' user add rita --role regional-admin "
                         "--region 84 --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_int_eq(
        run("'%s' user list --store '%s'", terrish_bin, store_path), 0);
    ck_assert_msg(strstr(output, "alice") != NULL, "output: %s", output);
    ck_assert_msg(strstr(output, "regional-admin") != NULL, "output: %s",
                  output);
}
END_TEST

START_TEST(user_add_rejects_bad_input)
{
    init_store();
    ck_assert_int_eq(run("'%s' user add 'bad name' --role user --store '%s'",
                         terrish_bin, store_path),
                     2);
    ck_assert_int_eq(run("'%s' user add eve --role root --store '%s'",
                         terrish_bin, store_path),
                     2);
    ck_assert_int_eq(run("'%s' user add rita --role regional-admin "
                         "--store '%s'",
                         terrish_bin, store_path),
                     2);
    ck_assert_int_eq(run("'%s' user add dup --role user --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_int_eq(run("'%s' user add dup --role user --store '%s'",
                         terrish_bin, store_path),
                     1);
    ck_assert_msg(strstr(output, "already exists") != NULL, "output: %s",
                  output);
}
END_TEST

START_TEST(user_key_add_validates)
{
    char key_path[4300];

    init_store();
    ck_assert_int_eq(run("'%s' user add kim --role user --store '%s'",
                         terrish_bin, store_path),
                     0);
    snprintf(key_path, sizeof key_path, "%s/bad.pub", scratch);
    ck_assert_int_eq(run("printf 'ssh-ed25519 not-base64\\n' > '%s'", key_path),
                     0);
    ck_assert_int_eq(run("'%s' user key add kim '%s' --store '%s'", terrish_bin,
                         key_path, store_path),
                     1);
    ck_assert_msg(strstr(output, ":1:") != NULL, "output: %s", output);

    snprintf(key_path, sizeof key_path, "%s/good", scratch);
    ck_assert_int_eq(run("ssh-keygen -q -t ed25519 -N '' -f '%s'", key_path),
                     0);
    ck_assert_int_eq(run("'%s' user key add kim '%s.pub' --store '%s'",
                         terrish_bin, key_path, store_path),
                     0);
    ck_assert_int_eq(run("'%s' user key add kim '%s.pub' --store '%s'",
                         terrish_bin, key_path, store_path),
                     1);
    ck_assert_msg(strstr(output, "already has this key") != NULL, "output: %s",
                  output);
}
END_TEST

START_TEST(user_remove_unknown_not_found)
{
    init_store();
    ck_assert_int_eq(
        run("'%s' user remove nobody --store '%s'", terrish_bin, store_path),
        3);
}
END_TEST

/* Removing an account that owns a shared dashboard is refused without
 * --force, which then removes the dashboard with it. */
START_TEST(user_remove_owner_needs_force)
{
    struct store *store = NULL;
    struct territory lyon;
    char *error = NULL;
    char code[DASHBOARD_CODE_LENGTH + 1];
    int64_t id = 0;

    init_store();
    ck_assert_int_eq(run("'%s' user add olive --role user --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_msg(store_open(store_path, STORE_OPEN_EXISTING, &store, &error) ==
                      0,
                  "%s", error);
    ck_assert_int_eq(store_territory_get(store, LEVEL_COMMUNE, "69123", &lyon),
                     0);
    ck_assert_int_eq(
        store_dashboard_create(store, "olive", "Plan", lyon.id, &id), 0);
    ck_assert_int_eq(store_dashboard_share(store, "olive", id, code), 0);
    territory_clear(&lyon);
    store_close(store);

    ck_assert_int_eq(
        run("'%s' user remove olive --store '%s'", terrish_bin, store_path), 5);
    ck_assert_msg(strstr(output, "1 dashboard(s), 1 of them seen by other "
                                 "accounts") != NULL &&
                      strstr(output, "--force") != NULL,
                  "output: %s", output);
    ck_assert_int_eq(
        run("'%s' user list --store '%s'", terrish_bin, store_path), 0);
    ck_assert_msg(strstr(output, "olive") != NULL, "output: %s", output);

    ck_assert_int_eq(run("'%s' user remove olive --force --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_int_eq(
        run("'%s' user list --store '%s'", terrish_bin, store_path), 0);
    ck_assert_msg(strstr(output, "olive") == NULL, "output: %s", output);
}
END_TEST

/* Make olive's dashboard and strategy on Lyon in the store; ids out. */
static void
objects_make(int64_t *dashboard, int64_t *strategy)
{
    struct store *store = NULL;
    struct territory lyon;
    char *error = NULL;

    ck_assert_int_eq(run("'%s' user add olive --role user --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_int_eq(run("'%s' user add nora --role user --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_msg(store_open(store_path, STORE_OPEN_EXISTING, &store, &error) ==
                      0,
                  "%s", error);
    ck_assert_int_eq(store_territory_get(store, LEVEL_COMMUNE, "69123", &lyon),
                     0);
    ck_assert_int_eq(
        store_dashboard_create(store, "olive", "Plan", lyon.id, dashboard),
        0);
    ck_assert_int_eq(
        store_strategy_create(store, "olive", "Plan", lyon.id, strategy), 0);
    territory_clear(&lyon);
    store_close(store);
}

/* The local command has every right on dashboards and strategies. Its
 * usage errors exit with 2, unknown numbers and accounts with 3 and
 * invalid names with 5. Sharing changes are in the audit log as
 * (local). */
START_TEST(local_dashboards_and_strategies)
{
    static const char *const commands[] = {"dashboards", "strategies"};
    /* Arguments after the command name. */
    static const char *const usage[] = {
        "",         "frob 1",     "show",
        "show x",   "show 0",     "rename 1",
        "share 1 nora owner",     "public 1 maybe",
        "remove 1 2", "list extra", "show 1 --format xml",
    };
    int64_t ids[2] = {0, 0};
    size_t i;
    size_t k;

    init_store();
    objects_make(&ids[0], &ids[1]);
    for (k = 0; k < 2; k++) {
        const char *name = commands[k];
        long long id = (long long)ids[k];

        for (i = 0; i < sizeof usage / sizeof usage[0]; i++) {
            ck_assert_msg(run("'%s' %s %s --store '%s'", terrish_bin, name,
                              usage[i], store_path) == 2,
                          "%s %s: %s", name, usage[i], output);
        }
        ck_assert_int_eq(run("'%s' %s show 999 --store '%s'", terrish_bin,
                             name, store_path),
                         3);
        ck_assert_int_eq(run("'%s' %s share %lld ghost viewer --store '%s'",
                             terrish_bin, name, id, store_path),
                         3);
        ck_assert_int_eq(run("'%s' %s share %lld olive viewer --store '%s'",
                             terrish_bin, name, id, store_path),
                         5);
        ck_assert_int_eq(run("'%s' %s rename %lld \"$(printf 'a\\033[2Jb')\" "
                             "--store '%s'",
                             terrish_bin, name, id, store_path),
                         5);
        ck_assert_int_eq(run("'%s' %s rename %lld \"$(printf 'a\\377b')\" "
                             "--store '%s'",
                             terrish_bin, name, id, store_path),
                         5);
        ck_assert_int_eq(run("'%s' %s rename %lld 'Plan \"B\"; --' --store "
                             "'%s'",
                             terrish_bin, name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s share %lld nora editor --store '%s'",
                             terrish_bin, name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s public %lld on --store '%s'",
                             terrish_bin, name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s show %lld --store '%s'", terrish_bin,
                             name, id, store_path),
                         0);
        ck_assert_msg(strstr(output, "name\tPlan \"B\"; --\n") != NULL &&
                          strstr(output, "public\tyes") != NULL,
                      "%s", output);
        ck_assert_int_eq(run("'%s' %s unshare %lld nora --store '%s'",
                             terrish_bin, name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s remove %lld --store '%s'", terrish_bin,
                             name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s show %lld --store '%s'", terrish_bin,
                             name, id, store_path),
                         3);
    }
    ck_assert_int_eq(run("'%s' audit --account '(local)' --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_msg(strstr(output, "dashboard.grant") != NULL &&
                      strstr(output, "dashboard.remove") != NULL &&
                      strstr(output, "strategy.grant") != NULL &&
                      strstr(output, "strategy.public") != NULL &&
                      strstr(output, "strategy.remove") != NULL,
                  "%s", output);
}
END_TEST

/* Number of times needle occurs in haystack. */
static size_t
count_occurrences(const char *haystack, const char *needle)
{
    size_t count = 0;
    const char *p = haystack;

    while ((p = strstr(p, needle)) != NULL) {
        count++;
        p += strlen(needle);
    }
    return count;
}

/*
 * Taking back a role that the account was never given exits with 3 (not
 * found) with a message, and writes no audit row. Taking back a given
 * role writes exactly one.
 */
START_TEST(unshare_without_role_not_found)
{
    static const char *const commands[] = {"dashboards", "strategies"};
    static const char *const actions[] = {"dashboard.grant",
                                          "strategy.grant"};
    int64_t ids[2] = {0, 0};
    size_t k;

    init_store();
    objects_make(&ids[0], &ids[1]);
    for (k = 0; k < 2; k++) {
        const char *name = commands[k];
        long long id = (long long)ids[k];

        ck_assert_int_eq(run("'%s' %s unshare %lld nora --store '%s'",
                             terrish_bin, name, id, store_path),
                         3);
        ck_assert_msg(strstr(output, "nora has no role on") != NULL &&
                          strstr(output, "nothing to take back") != NULL,
                      "%s", output);
        ck_assert_int_eq(run("'%s' audit --action %s --store '%s'",
                             terrish_bin, actions[k], store_path),
                         0);
        ck_assert_msg(strstr(output, actions[k]) == NULL, "%s", output);

        ck_assert_int_eq(run("'%s' %s share %lld nora viewer --store '%s'",
                             terrish_bin, name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s unshare %lld nora --store '%s'",
                             terrish_bin, name, id, store_path),
                         0);
        ck_assert_int_eq(run("'%s' %s unshare %lld nora --store '%s'",
                             terrish_bin, name, id, store_path),
                         3);
        ck_assert_int_eq(run("'%s' audit --action %s --store '%s'",
                             terrish_bin, actions[k], store_path),
                         0);
        ck_assert_uint_eq(count_occurrences(output, "\"change\":\"none\""),
                          1);
        ck_assert_uint_eq(count_occurrences(output, "\"change\":\"viewer\""),
                          1);
    }
}
END_TEST

/* Add a pending account request for Lyon and return its id. */
static int64_t
request_make(void)
{
    struct store *store = NULL;
    struct account_request request;
    struct territory lyon;
    char *error = NULL;
    int64_t id;

    ck_assert_msg(store_open(store_path, STORE_OPEN_EXISTING, &store, &error) ==
                      0,
                  "%s", error);
    ck_assert_int_eq(store_territory_get(store, LEVEL_COMMUNE, "69123", &lyon),
                     0);
    memset(&request, 0, sizeof request);
    request.name = xstrdup("camille");
    request.full_name = xstrdup("Camille Durand");
    request.email = xstrdup("camille@example.org");
    request.organisation = xstrdup("Commune");
    request.reason = xstrdup("PCAET");
    request.territory_id = lyon.id;
    request.key_type = xstrdup("ssh-ed25519");
    request.key_base64 = xstrdup("AAAAC3NzaC1lZDI1NTE5AAAAIcliFrench");
    request.key_fingerprint = xstrdup("SHA256:clifrench");
    /* A documentation address (RFC 5737). */
    request.address = xstrdup("192.0.2.7");
    ck_assert_msg(store_request_add(store, &request) == 0, "%s",
                  store_error(store));
    id = request.id;
    account_request_clear(&request);
    territory_clear(&lyon);
    store_close(store);
    return id;
}

/*
 * In French, a refusal of the store and the message of a share read in
 * French: the bare words of the store's format ("accepted") and the role
 * ("editor", "viewer") are translated too. LANGUAGE under C.UTF-8
 * chooses the catalogue, so the fr_FR.UTF-8 locale need not be installed.
 */
START_TEST(french_store_refusal_and_share)
{
    int64_t ids[2] = {0, 0};
    char expected[128];
    long long request;

    init_store();
    objects_make(&ids[0], &ids[1]);
    request = (long long)request_make();

    ck_assert_int_eq(run("LC_ALL=C.UTF-8 LANGUAGE=fr '%s' requests accept "
                         "%lld --store '%s'",
                         terrish_bin, request, store_path),
                     0);
    ck_assert_int_eq(run("LC_ALL=C.UTF-8 LANGUAGE=fr '%s' requests accept "
                         "%lld --store '%s'",
                         terrish_bin, request, store_path),
                     1);
    snprintf(expected, sizeof expected,
             "terrish requests : la demande %lld a déjà été acceptée\n",
             request);
    ck_assert_msg(strstr(output, expected) != NULL, "%s", output);
    ck_assert_msg(strstr(output, "already") == NULL, "%s", output);
    ck_assert_msg(strstr(output, "accepted") == NULL, "%s", output);

    ck_assert_int_eq(run("LC_ALL=C.UTF-8 LANGUAGE=fr '%s' strategies share "
                         "%lld nora editor --store '%s'",
                         terrish_bin, (long long)ids[1], store_path),
                     0);
    snprintf(expected, sizeof expected,
             "Stratégie %lld : nora est désormais éditeur.\n",
             (long long)ids[1]);
    ck_assert_str_eq(output, expected);

    ck_assert_int_eq(run("LC_ALL=C.UTF-8 LANGUAGE=fr '%s' dashboards share "
                         "%lld nora viewer --store '%s'",
                         terrish_bin, (long long)ids[0], store_path),
                     0);
    snprintf(expected, sizeof expected,
             "Tableau de bord %lld : nora est désormais lecteur.\n",
             (long long)ids[0]);
    ck_assert_str_eq(output, expected);

    /* The audit log keeps the role as the English word of the command. */
    ck_assert_int_eq(run("'%s' audit --action strategy.grant --store '%s'",
                         terrish_bin, store_path),
                     0);
    ck_assert_msg(strstr(output, "\"change\":\"editor\"") != NULL, "%s",
                  output);
}
END_TEST

/* Write text into one column of the dashboard id as another program
 * would, without the store's checks. */
static void
dashboard_write_raw(int64_t id, const char *column, const char *bytes,
                    int length)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    char sql[128];

    ck_assert_int_eq(sqlite3_open(store_path, &db), SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE dashboard SET %s = ?1 WHERE id = ?2",
             column);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    sqlite3_bind_text(stmt, 1, bytes, length, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, id);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

/* A dashboard whose name or description is not valid UTF-8 (written by
 * another program) is not exported, with a message that names the field
 * and the way to correct a name. */
START_TEST(export_dashboard_invalid_utf8)
{
    int64_t ids[2] = {0, 0};
    long long id;

    init_store();
    objects_make(&ids[0], &ids[1]);
    id = (long long)ids[0];
    ck_assert_int_eq(run("'%s' export dashboard %lld --store '%s'",
                         terrish_bin, id, store_path),
                     0);
    /* "Plan" followed by the first byte of a two-byte character. */
    dashboard_write_raw(ids[0], "name", "Plan\xc3", 5);
    ck_assert_int_eq(run("'%s' export dashboard %lld --store '%s'",
                         terrish_bin, id, store_path),
                     1);
    ck_assert_msg(strstr(output, "its name is not valid UTF-8") != NULL,
                  "%s", output);
    ck_assert_msg(strstr(output, "dashboards rename") != NULL, "%s", output);
    ck_assert_int_eq(run("'%s' dashboards rename %lld 'Plan été' --store '%s'",
                         terrish_bin, id, store_path),
                     0);
    dashboard_write_raw(ids[0], "description", "\xff", 1);
    ck_assert_int_eq(run("'%s' export dashboard %lld --store '%s'",
                         terrish_bin, id, store_path),
                     1);
    ck_assert_msg(strstr(output, "its description is not valid UTF-8") !=
                      NULL,
                  "%s", output);
    dashboard_write_raw(ids[0], "description", "", 0);
    ck_assert_int_eq(run("'%s' export dashboard %lld --store '%s'",
                         terrish_bin, id, store_path),
                     0);
    ck_assert_msg(strstr(output, "\"name\": \"Plan été\"") != NULL, "%s",
                  output);
}
END_TEST

START_TEST(serve_without_host_key)
{
    init_store();
    ck_assert_int_eq(
        run("'%s' serve --foreground --store '%s'", terrish_bin, store_path),
        2);
    ck_assert_msg(strstr(output, "no host key") != NULL, "output: %s", output);
}
END_TEST

START_TEST(serve_config_error_names_line)
{
    char config[4300];

    snprintf(config, sizeof config, "%s/bad.conf", scratch);
    ck_assert_int_eq(
        run("printf 'Port 2222\\nMaxSessions lots\\n' > '%s'", config), 0);
    ck_assert_int_eq(run("'%s' serve -f '%s'", terrish_bin, config), 2);
    ck_assert_msg(strstr(output, "bad.conf:2: invalid MaxSessions 'lots'") !=
                      NULL,
                  "output: %s", output);
    ck_assert_int_eq(run("printf 'Colour blue\\n' > '%s'", config), 0);
    ck_assert_int_eq(run("'%s' serve -f '%s'", terrish_bin, config), 2);
    ck_assert_msg(strstr(output, "unknown keyword 'Colour'") != NULL,
                  "output: %s", output);
}
END_TEST

START_TEST(serve_missing_store_fails)
{
    char key_path[4300];

    snprintf(key_path, sizeof key_path, "%s/hk", scratch);
    ck_assert_int_eq(run("ssh-keygen -q -t ed25519 -N '' -f '%s'", key_path),
                     0);
    ck_assert_int_eq(run("'%s' serve --foreground --port 0 --store "
                         "'%s/absent.db' --host-key '%s'",
                         terrish_bin, scratch, key_path),
                     1);
    ck_assert_msg(strstr(output, "terrish init") != NULL, "output: %s", output);
}
END_TEST

START_TEST(help_for_every_command)
{
    static const char *const commands[] = {
        "",           "serve",      "init",       "user",
        "ui",         "import",     "export",     "group",
        "territories", "indicators", "dashboards", "strategies",
        "help"};
    size_t i;

    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        ck_assert_int_eq(run("'%s' %s --help", terrish_bin, commands[i]), 0);
        ck_assert_msg(strstr(output, "Usage") != NULL, "%s: %s", commands[i],
                      output);
    }
    ck_assert_int_eq(run("'%s' frobnicate", terrish_bin), 2);
    ck_assert_msg(strstr(output, "unknown command") != NULL, "output: %s",
                  output);
}
END_TEST

static Suite *
cli_suite(void)
{
    Suite *suite = suite_create("cli");
    TCase *commands = tcase_create("commands");

    tcase_add_checked_fixture(commands, cli_setup, cli_teardown);
    tcase_set_timeout(commands, 60);
    tcase_add_test(commands, init_twice_changes_nothing);
    tcase_add_test(commands, init_missing_data_fails);
    tcase_add_test(commands, user_add_and_list);
    tcase_add_test(commands, user_add_rejects_bad_input);
    tcase_add_test(commands, user_key_add_validates);
    tcase_add_test(commands, user_remove_unknown_not_found);
    tcase_add_test(commands, user_remove_owner_needs_force);
    tcase_add_test(commands, local_dashboards_and_strategies);
    tcase_add_test(commands, unshare_without_role_not_found);
    tcase_add_test(commands, export_dashboard_invalid_utf8);
    tcase_add_test(commands, french_store_refusal_and_share);
    tcase_add_test(commands, serve_without_host_key);
    tcase_add_test(commands, serve_config_error_names_line);
    tcase_add_test(commands, serve_missing_store_fails);
    tcase_add_test(commands, help_for_every_command);
    suite_add_tcase(suite, commands);
    return suite;
}

int
main(void)
{
    SRunner *runner = srunner_create(cli_suite());
    int failed;

    srunner_run_all(runner, CK_ENV);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
