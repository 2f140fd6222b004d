/*
 * terrish: end-to-end tests of several sessions editing one dashboard
 * through the real server. Five sessions see each other and a change,
 * two sessions change one title from the same version, a session is
 * killed while editing, and the server restarts on the same store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * alice owns every dashboard here, bob and carol are editors unless a
 * test says otherwise. The store is read through a handle of the test
 * process, or a read-only one for the history, as any other process would.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/common.h"
#include "store/store.h"
#include "tests/dashboard-fixture.h"
#include "tests/e2e.h"

/* Time a dead session's presence has to leave the other screens. */
#define LEAVE_MS 5000
/* Marker of a widget someone edits, before their name. */
#define EDITING "✎ "

static double
ms_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1000 +
           (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/* Occurrences of word in text. */
static int
count_in(const char *text, const char *word)
{
    const char *at = text;
    int count = 0;

    while ((at = strstr(at, word)) != NULL) {
        count++;
        at += strlen(word);
    }
    return count;
}

/* Wait until row n names account exactly count times. Returns 1, or 0 on
 * timeout after printing the screen. */
static int
wait_name_count(struct e2e_term *term, int n, const char *account, int count,
                int timeout_ms)
{
    int waited;

    for (waited = 0; waited <= timeout_ms; waited += 100) {
        const char *row = e2e_term_row(term, n);

        if (row != NULL && count_in(row, account) == count) {
            return 1;
        }
        e2e_term_drain(term, 100);
    }
    fprintf(stderr, "row %d does not name %s %d times:\n%s\n", n, account,
            count, e2e_term_screen(term));
    return 0;
}

/* Grant bob and carol a role on a dashboard of alice. */
static void
grant(int64_t id, enum dashboard_access bob, enum dashboard_access carol)
{
    ck_assert_int_eq(
        store_dashboard_grant(board_store, E2E_USER, id, E2E_USER2, bob), 0);
    ck_assert_int_eq(
        store_dashboard_grant(board_store, E2E_USER, id, E2E_USER3, carol), 0);
}

/* Add a key figure of an indicator at the end of a dashboard, as alice.
 * Returns the widget's id. */
static int64_t
widget_add(int64_t id, const char *indicator_id)
{
    struct widget widget;
    int64_t version = 0;

    memset(&widget, 0, sizeof(widget));
    widget.dashboard_id = id;
    widget.indicator_id = (char *)indicator_id;
    widget.kind = WIDGET_KPI;
    widget.title = "";
    widget.width = 1;
    widget.height = 1;
    ck_assert_int_eq(store_widget_add(board_store, E2E_USER, &widget, &version),
                     0);
    return widget.id;
}

/* The id of the widget at index in a dashboard's order. */
static int64_t
widget_id_at(int64_t id, size_t index)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    int64_t widget_id;
    size_t i;

    ck_assert_int_eq(store_dashboard_widgets(board_store, id, &widgets, &count),
                     0);
    ck_assert_uint_gt(count, index);
    widget_id = widgets[index].id;
    for (i = 0; i < count; i++) {
        widget_clear(&widgets[i]);
    }
    free(widgets);
    return widget_id;
}

/* One widget of a dashboard as the store has it now. */
static void
widget_read(int64_t id, int64_t widget_id, struct widget *out)
{
    struct widget *widgets = NULL;
    size_t count = 0;
    size_t i;
    int found = 0;

    ck_assert_int_eq(store_dashboard_widgets(board_store, id, &widgets, &count),
                     0);
    for (i = 0; i < count; i++) {
        if (widgets[i].id == widget_id && !found) {
            *out = widgets[i];
            found = 1;
            continue;
        }
        widget_clear(&widgets[i]);
    }
    free(widgets);
    ck_assert_msg(found, "widget %lld is not on dashboard %lld",
                  (long long)widget_id, (long long)id);
}

static int64_t
dashboard_version(int64_t id)
{
    struct dashboard dashboard;
    int64_t version;

    memset(&dashboard, 0, sizeof(dashboard));
    ck_assert_int_eq(store_dashboard_get(board_store, id, &dashboard), 0);
    version = dashboard.version;
    dashboard_clear(&dashboard);
    return version;
}

/* Wait until the store has a widget with that title, or, when title is
 * NULL, that width. */
static void
wait_stored(int64_t id, int64_t widget_id, const char *title, int width)
{
    const struct timespec pause = {0, 50 * 1000000};
    struct widget widget;
    int waited;

    for (waited = 0; waited <= BOARD_WAIT_MS; waited += 50) {
        int same;

        widget_read(id, widget_id, &widget);
        same = title != NULL ? strcmp(widget.title, title) == 0
                             : widget.width == width;
        widget_clear(&widget);
        if (same) {
            return;
        }
        nanosleep(&pause, NULL);
    }
    ck_abort_msg("widget %lld never got the title \"%s\" or width %d",
                 (long long)widget_id, title != NULL ? title : "-", width);
}

static void
wait_stored_title(int64_t id, int64_t widget_id, const char *title)
{
    wait_stored(id, widget_id, title, 0);
}

/*
 * Count the history rows of a dashboard after version since that set a
 * widget's title to title, reading through a new read-only handle.
 * Titles here are ASCII without quotes, so that the JSON text of the
 * value is the title in double quotes.
 */
static int
history_title_count(int64_t id, int64_t widget_id, int64_t since,
                    const char *title)
{
    struct dashboard_change *changes = NULL;
    struct store *readonly = NULL;
    char *error = NULL;
    char json[256];
    size_t count = 0;
    size_t i;
    int found = 0;

    ck_assert_msg(store_open(board_server.store, STORE_OPEN_READONLY, &readonly,
                             &error) == 0,
                  "cannot open %s read-only: %s", board_server.store, error);
    ck_assert_int_eq(
        store_dashboard_history(readonly, id, since, &changes, &count), 0);
    snprintf(json, sizeof(json), "\"%s\"", title);
    for (i = 0; i < count; i++) {
        if (changes[i].widget_id == widget_id &&
            strcmp(changes[i].field, "title") == 0 &&
            strcmp(changes[i].after, json) == 0) {
            found++;
        }
        dashboard_change_clear(&changes[i]);
    }
    free(changes);
    store_close(readonly);
    return found;
}

/* Move the cursor of a dashboard screen from the first widget to the
 * widget at index (the grid shows them left to right on one row). */
static void
select_widget(struct e2e_term *term, int index)
{
    int i;

    for (i = 0; i < index; i++) {
        board_send(term, "l");
    }
    e2e_term_drain(term, 200);
}

START_TEST(five_sessions_see_presence_and_change)
{
    static const char *const accounts[] = {E2E_USER, E2E_USER, E2E_USER2,
                                           E2E_USER2, E2E_USER3};
    int64_t id = board_make("Atelier à cinq");
    struct e2e_term *terms[5];
    int marks[4];
    struct indicator jobs;
    struct timespec start;
    int presence = -1;
    int i;

    grant(id, ACCESS_EDIT, ACCESS_EDIT);
    ck_assert_int_eq(store_indicator_get(board_store, "jobs", &jobs), 0);
    for (i = 0; i < 5; i++) {
        terms[i] = board_term_open(accounts[i]);
        presence = board_open(terms[i], "Atelier à cinq");
    }

    /* Every screen names alice and bob twice and carol once. */
    for (i = 0; i < 5; i++) {
        ck_assert(
            wait_name_count(terms[i], presence, E2E_USER, 2, BOARD_WAIT_MS));
        ck_assert(
            wait_name_count(terms[i], presence, E2E_USER2, 2, BOARD_WAIT_MS));
        ck_assert(
            wait_name_count(terms[i], presence, E2E_USER3, 1, BOARD_WAIT_MS));
    }

    /* The second bob adds a widget: the four others draw it. */
    board_choose_indicator(terms[3], jobs.name_fr);
    for (i = 0; i < 5; i++) {
        if (i != 3) {
            ck_assert(e2e_term_poll_text(terms[i], jobs.name_fr, 0) == 0);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    board_send(terms[3], "\r");
    for (i = 0; i < 5; i++) {
        double left = BOARD_LIVE_MS - ms_since(&start);

        if (i == 3) {
            continue;
        }
        ck_assert_msg(e2e_term_wait_text(terms[i], jobs.name_fr,
                                         left > 0 ? (int)left : 0),
                      "session %d did not draw the new widget within %d ms "
                      "of the Enter",
                      i, BOARD_LIVE_MS);
    }
    fprintf(stderr,
            "new widget drawn by four sessions %.0f ms after the "
            "Enter\n",
            ms_since(&start));
    ck_assert_uint_eq(board_widget_count(id), 2);

    /* carol edits a title: the others see her mark on the widget. */
    board_send(terms[4], "r");
    ck_assert(e2e_term_wait_text(terms[4], "Titre du widget", BOARD_WAIT_MS));
    for (i = 0; i < 4; i++) {
        ck_assert(
            e2e_term_wait_text(terms[i], EDITING E2E_USER3, BOARD_WAIT_MS));
        marks[i] = e2e_term_find_row(terms[i], EDITING E2E_USER3);
    }

    /* carol's connection drops: her name and her mark leave. */
    e2e_term_close(terms[4]);
    for (i = 0; i < 4; i++) {
        ck_assert(wait_name_count(terms[i], presence, E2E_USER3, 0, LEAVE_MS));
        ck_assert(e2e_term_wait_row_without(terms[i], marks[i],
                                            EDITING E2E_USER3, LEAVE_MS));
    }

    /* The second alice goes back to the list, the second bob quits. */
    board_send(terms[1], "\x1b");
    ck_assert(e2e_term_wait_text(terms[1], "Tableaux de bord", BOARD_WAIT_MS));
    board_send(terms[3], "\x1b");
    ck_assert(e2e_term_wait_text(terms[3], "Tableaux de bord", BOARD_WAIT_MS));
    board_send(terms[3], "q");
    ck_assert(e2e_term_wait_closed(terms[3], BOARD_WAIT_MS, NULL));
    for (i = 0; i < 3; i += 2) {
        ck_assert(wait_name_count(terms[i], presence, E2E_USER, 1, LEAVE_MS));
        ck_assert(wait_name_count(terms[i], presence, E2E_USER2, 1, LEAVE_MS));
        ck_assert(wait_name_count(terms[i], presence, E2E_USER3, 0, LEAVE_MS));
    }
    for (i = 0; i < 4; i++) {
        e2e_term_close(terms[i]);
    }
    indicator_clear(&jobs);
}
END_TEST

/*
 * alice and bob change one title from the same version: alice opens the
 * field, bob takes the widget over (the only way the screen lets two
 * sessions edit one field at once) and both press Enter together. The one
 * the store takes second gets the conflict and chooses: in loop 0 to save
 * theirs over the other, in loop 1 to keep the current value. Both values
 * must stay in the history either way.
 */
START_TEST(same_title_from_same_version)
{
    const int save_mine = _i == 0;
    int64_t id = board_make("Conflit");
    struct e2e_term *alice = NULL;
    struct e2e_term *bob = NULL;
    struct e2e_term *loser = NULL;
    struct e2e_term *winner = NULL;
    const char *loser_title;
    const char *winner_title;
    const char *winner_account;
    struct widget widget;
    char text[256];
    int64_t widget_id;
    int64_t before;
    int conflict;
    int waited;

    grant(id, ACCESS_EDIT, ACCESS_NONE);
    widget_id = widget_add(id, "jobs");
    before = dashboard_version(id);

    alice = board_term_open(E2E_USER);
    bob = board_term_open(E2E_USER2);
    board_open(alice, "Conflit");
    board_open(bob, "Conflit");
    select_widget(alice, 1);
    select_widget(bob, 1);

    board_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, "Titre du widget", BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(bob, EDITING E2E_USER, BOARD_WAIT_MS));
    board_send(bob, "r");
    ck_assert(
        e2e_term_wait_text(bob, E2E_USER " modifie ce widget", BOARD_WAIT_MS));
    board_send(bob, "o");
    ck_assert(e2e_term_wait_text(bob, "Titre du widget", BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(alice, E2E_USER2 " a repris le widget",
                                 BOARD_WAIT_MS));
    /* Both fields are open and nothing was committed since they opened. */
    ck_assert_int_eq(dashboard_version(id), before);

    board_send(alice, "\x15"
                      "Alice title\r");
    board_send(bob, "\x15"
                    "Bob title\r");

    /* The second one the store took shows the conflict. */
    for (waited = 0; waited < BOARD_WAIT_MS && loser == NULL; waited += 200) {
        if (e2e_term_poll_text(alice, "Valeur actuelle", 100)) {
            loser = alice;
        } else if (e2e_term_poll_text(bob, "Valeur actuelle", 100)) {
            loser = bob;
        }
    }
    ck_assert_msg(loser != NULL, "neither session shows a conflict:\n%s\n%s",
                  e2e_term_screen(alice), e2e_term_screen(bob));
    winner = loser == alice ? bob : alice;
    winner_account = winner == alice ? E2E_USER : E2E_USER2;
    winner_title = winner == alice ? "Alice title" : "Bob title";
    loser_title = loser == alice ? "Alice title" : "Bob title";
    fprintf(stderr, "the store took %s's title first\n", winner_account);
    ck_assert(e2e_term_poll_text(winner, "Valeur actuelle", 1000) == 0);
    ck_assert(e2e_term_wait_text(winner, winner_title, BOARD_WAIT_MS));
    snprintf(text, sizeof(text), "%s a modifié ce champ (titre)",
             winner_account);
    ck_assert(e2e_term_wait_text(loser, text, BOARD_WAIT_MS));
    snprintf(text, sizeof(text), "Valeur actuelle : « %s »", winner_title);
    ck_assert(e2e_term_wait_text(loser, text, BOARD_WAIT_MS));
    snprintf(text, sizeof(text), "Votre valeur : « %s »", loser_title);
    ck_assert(e2e_term_wait_text(loser, text, BOARD_WAIT_MS));
    wait_stored_title(id, widget_id, winner_title);
    conflict = e2e_term_find_row(loser, "Valeur actuelle :");

    if (save_mine) {
        board_send(loser, "o");
        wait_stored_title(id, widget_id, loser_title);
        ck_assert(e2e_term_wait_text(winner, loser_title, BOARD_WAIT_MS));
    } else {
        board_send(loser, "n");
        ck_assert(e2e_term_wait_text(loser, "Valeur actuelle conservée",
                                     BOARD_WAIT_MS));
        e2e_term_drain(winner, 300);
        widget_read(id, widget_id, &widget);
        ck_assert_str_eq(widget.title, winner_title);
        widget_clear(&widget);
        ck_assert(e2e_term_poll_text(loser, loser_title, 0) == 0);
    }
    ck_assert(e2e_term_wait_row_without(loser, conflict,
                                        "Valeur actuelle :", BOARD_WAIT_MS));

    /* Both titles are in the history. */
    ck_assert_int_ge(history_title_count(id, widget_id, before, winner_title),
                     1);
    ck_assert_int_ge(history_title_count(id, widget_id, before, loser_title),
                     1);
    e2e_term_close(alice);
    e2e_term_close(bob);
}
END_TEST

/*
 * bob adds the widget, alice changes its width and then its title, and
 * bob replaces her title. In the history, alice's undo passes over her
 * replaced title and takes back her width. Her next undo finds nothing
 * of hers in effect: a message tells her, nothing changes, and no
 * conflict dialog opens, since there is no value of hers to choose.
 */
START_TEST(undo_skips_replaced_change)
{
    struct widget widget;
    struct e2e_term *alice;
    struct e2e_term *bob;
    int64_t id = 0;
    int64_t version = 0;

    ck_assert_int_eq(store_dashboard_create(board_store, E2E_USER, "Annulation",
                                            board_grenoble_id(), &id),
                     0);
    grant(id, ACCESS_EDIT, ACCESS_NONE);
    memset(&widget, 0, sizeof(widget));
    widget.dashboard_id = id;
    widget.indicator_id = "population";
    widget.kind = WIDGET_KPI;
    widget.title = "";
    widget.width = 1;
    widget.height = 1;
    ck_assert_int_eq(
        store_widget_add(board_store, E2E_USER2, &widget, &version), 0);
    ck_assert_int_eq(store_widget_set(board_store, E2E_USER, widget.id, "width",
                                      "2", version, &version),
                     0);

    alice = board_term_open(E2E_USER);
    bob = board_term_open(E2E_USER2);
    board_open(alice, "Annulation");
    board_open(bob, "Annulation");
    board_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, "Titre du widget", BOARD_WAIT_MS));
    board_send(alice, "\x15"
                      "Title of alice\r");
    wait_stored_title(id, widget.id, "Title of alice");
    ck_assert(e2e_term_wait_text(bob, "Title of alice", BOARD_WAIT_MS));
    board_send(bob, "r");
    ck_assert(e2e_term_wait_text(bob, "Titre du widget", BOARD_WAIT_MS));
    board_send(bob, "\x15"
                    "Title of bob\r");
    wait_stored_title(id, widget.id, "Title of bob");
    ck_assert(e2e_term_wait_text(alice, "Title of bob", BOARD_WAIT_MS));

    board_send(alice, "v");
    ck_assert(e2e_term_wait_text(alice, "Historique du tableau de bord",
                                 BOARD_WAIT_MS));
    board_send(alice, "u");
    ck_assert(e2e_term_wait_text(
        alice, "Votre dernière modification a été annulée.", BOARD_WAIT_MS));
    wait_stored(id, widget.id, NULL, 1);
    ck_assert_str_eq(board_first_title(id), "Title of bob");
    version = dashboard_version(id);

    board_send(alice, "u");
    ck_assert(e2e_term_wait_text(alice,
                                 "Aucune de vos modifications n'est encore "
                                 "en vigueur",
                                 BOARD_WAIT_MS));
    ck_assert(e2e_term_poll_text(alice, "cannot", 0) == 0);
    ck_assert(e2e_term_poll_text(alice, "Valeur actuelle", 500) == 0);
    ck_assert_int_eq(dashboard_version(id), version);
    ck_assert_str_eq(board_first_title(id), "Title of bob");
    e2e_term_close(alice);
    e2e_term_close(bob);
}
END_TEST

/* Wait for a session pid of account in the log other than previous. */
static pid_t
session_pid_after(const char *account, pid_t previous)
{
    int waited;

    for (waited = 0; waited < BOARD_WAIT_MS; waited += 100) {
        pid_t pid = e2e_server_session_pid(&board_server, account, 100);

        if (pid > 0 && pid != previous) {
            return pid;
        }
    }
    ck_abort_msg("no new session of %s in the log", account);
    return -1;
}

/* alice opens the dashboard and starts editing the title of the widget
 * at index without pressing Enter; bob sees her mark. */
static struct e2e_term *
alice_starts_editing(struct e2e_term *bob, int index, const char *typed)
{
    struct e2e_term *alice = board_term_open(E2E_USER);

    board_open(alice, "Coupure");
    select_widget(alice, index);
    board_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, "Titre du widget", BOARD_WAIT_MS));
    board_send(alice, "\x15");
    board_send(alice, typed);
    ck_assert(e2e_term_wait_text(alice, typed, BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(bob, EDITING E2E_USER, BOARD_WAIT_MS));
    return alice;
}

/* bob retitles the widget at index from his screen and the store has it. */
static void
bob_retitles(struct e2e_term *bob, int64_t id, int64_t widget_id, int index,
             const char *title)
{
    char typed[128];

    board_send(bob, "hhh"); /* back to the first widget */
    select_widget(bob, index);
    board_send(bob, "r");
    ck_assert(e2e_term_wait_text(bob, "Titre du widget", BOARD_WAIT_MS));
    snprintf(typed, sizeof(typed), "\x15%s\r", title);
    board_send(bob, typed);
    wait_stored_title(id, widget_id, title);
    ck_assert(e2e_term_wait_text(bob, title, BOARD_WAIT_MS));
}

/*
 * alice's session dies while she edits a title: first its session process
 * (the SSH side), then, in a new session, its application process. Each
 * time her process tree ends, bob's presence line drops her, and bob
 * goes on editing. What she committed stays, what she typed does not.
 */
START_TEST(killed_session_leaves_others_working)
{
    int64_t id = board_make("Coupure");
    struct e2e_term *alice;
    struct e2e_term *bob;
    int64_t first_id;
    int64_t second_id;
    pid_t session;
    pid_t application;
    int presence;

    grant(id, ACCESS_EDIT, ACCESS_NONE);
    first_id = widget_id_at(id, 0);
    second_id = widget_add(id, "jobs");
    bob = board_term_open(E2E_USER2);
    presence = board_open(bob, "Coupure");

    /* alice commits one title, then starts another. */
    alice = board_term_open(E2E_USER);
    board_open(alice, "Coupure");
    board_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, "Titre du widget", BOARD_WAIT_MS));
    board_send(alice, "\x15"
                      "Committed by alice\r");
    wait_stored_title(id, first_id, "Committed by alice");
    ck_assert(e2e_term_wait_text(bob, "Committed by alice", BOARD_WAIT_MS));
    e2e_term_close(alice);
    ck_assert(wait_name_count(bob, presence, E2E_USER, 0, LEAVE_MS));
    alice = alice_starts_editing(bob, 1, "Typed by alice");

    /* SIGKILL of the session process: its application ends with it. */
    session = session_pid_after(E2E_USER, 0);
    application = e2e_process_child(session, BOARD_WAIT_MS);
    ck_assert_int_gt(application, 0);
    ck_assert_int_eq(kill(session, SIGKILL), 0);
    ck_assert(e2e_term_wait_closed(alice, BOARD_WAIT_MS, NULL));
    ck_assert(e2e_process_wait_gone(application, LEAVE_MS));
    ck_assert(wait_name_count(bob, presence, E2E_USER, 0, LEAVE_MS));
    ck_assert_int_eq(e2e_term_find_row(bob, EDITING E2E_USER), -1);
    e2e_term_close(alice);
    bob_retitles(bob, id, second_id, 1, "Bob after the first kill");

    /* SIGKILL of the application process: its session process ends. */
    alice = alice_starts_editing(bob, 0, "Typed again by alice");
    session = session_pid_after(E2E_USER, session);
    application = e2e_process_child(session, BOARD_WAIT_MS);
    ck_assert_int_gt(application, 0);
    ck_assert_int_eq(kill(application, SIGKILL), 0);
    ck_assert(e2e_term_wait_closed(alice, BOARD_WAIT_MS, NULL));
    ck_assert(e2e_process_wait_gone(session, LEAVE_MS));
    ck_assert(wait_name_count(bob, presence, E2E_USER, 0, LEAVE_MS));
    ck_assert_int_eq(e2e_term_find_row(bob, EDITING E2E_USER), -1);
    e2e_term_close(alice);
    bob_retitles(bob, id, first_id, 0, "Bob after the second kill");

    /* alice's commit is in the history; what she typed is nowhere. */
    ck_assert_int_eq(history_title_count(id, first_id, 0, "Committed by alice"),
                     1);
    ck_assert_int_eq(history_title_count(id, second_id, 0, "Typed by alice"),
                     0);
    ck_assert_int_eq(
        history_title_count(id, first_id, 0, "Typed again by alice"), 0);
    ck_assert_int_eq(
        history_title_count(id, second_id, 0, "Bob after the first kill"), 1);
    e2e_term_close(bob);
}
END_TEST

/* Counts of what a snapshot covers. */
struct snapshot_counts {
    size_t dashboards;
    size_t rights;
    size_t widgets;
    size_t changes;
};

static int
id_compare(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a;
    int64_t y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/* The ids of the dashboards the three accounts can open, sorted, without
 * duplicates. The caller frees them. */
static int64_t *
dashboard_ids(struct store *store, size_t *count)
{
    static const char *const accounts[] = {E2E_USER, E2E_USER2, E2E_USER3};
    int64_t *ids = NULL;
    size_t total = 0;
    size_t kept = 0;
    size_t a;
    size_t i;

    for (a = 0; a < 3; a++) {
        struct dashboard *list = NULL;
        size_t n = 0;

        ck_assert_int_eq(store_dashboard_list(store, accounts[a], &list, &n),
                         0);
        ids = xrealloc(ids, (total + n + 1) * sizeof(*ids));
        for (i = 0; i < n; i++) {
            ids[total++] = list[i].id;
            dashboard_clear(&list[i]);
        }
        free(list);
    }
    qsort(ids, total, sizeof(*ids), id_compare);
    for (i = 0; i < total; i++) {
        if (kept == 0 || ids[kept - 1] != ids[i]) {
            ids[kept++] = ids[i];
        }
    }
    *count = kept;
    return ids;
}

/* Write one dashboard, the role of each account, its widgets and its
 * history to out. */
static void
snapshot_dashboard(struct store *store, int64_t id, FILE *out,
                   struct snapshot_counts *counts)
{
    static const char *const accounts[] = {E2E_USER, E2E_USER2, E2E_USER3};
    struct dashboard_change *changes = NULL;
    struct widget *widgets = NULL;
    struct dashboard dashboard;
    size_t count = 0;
    size_t i;

    memset(&dashboard, 0, sizeof(dashboard));
    ck_assert_int_eq(store_dashboard_get(store, id, &dashboard), 0);
    fprintf(out, "dashboard %lld|%s|%s|%s|%lld|%d|%s|%lld|%s\n", (long long)id,
            dashboard.name, dashboard.description, dashboard.owner,
            (long long)dashboard.territory_id, dashboard.public,
            dashboard.share_code, (long long)dashboard.version,
            dashboard.updated_at);
    for (i = 0; i < 3; i++) {
        enum dashboard_access access = ACCESS_NONE;

        ck_assert_int_eq(
            store_dashboard_access(store, id, accounts[i], &access), 0);
        fprintf(out, "  right %s %d\n", accounts[i], (int)access);
        if (strcmp(accounts[i], dashboard.owner) != 0 &&
            (access == ACCESS_VIEW || access == ACCESS_EDIT)) {
            counts->rights++;
        }
    }
    ck_assert_int_eq(store_dashboard_widgets(store, id, &widgets, &count), 0);
    for (i = 0; i < count; i++) {
        const struct widget *w = &widgets[i];

        fprintf(out, "  widget %lld|%d|%s|%s|%lld|%d|%s|%d|%d|%d|%.17g|%lld\n",
                (long long)w->id, w->position, w->indicator_id,
                w->category != NULL ? w->category : "-",
                (long long)w->territory_id, (int)w->kind, w->title, w->width,
                w->height, w->has_target, w->target, (long long)w->version);
        widget_clear(&widgets[i]);
    }
    counts->widgets += count;
    free(widgets);
    ck_assert_int_eq(store_dashboard_history(store, id, 0, &changes, &count),
                     0);
    for (i = 0; i < count; i++) {
        const struct dashboard_change *c = &changes[i];

        fprintf(out, "  change %lld|%s|%s|%lld|%s|%s|%s|%lld|%lld\n",
                (long long)c->version, c->account, c->at,
                (long long)c->widget_id, c->field, c->before, c->after,
                (long long)c->undo_of, (long long)c->revert_to);
        dashboard_change_clear(&changes[i]);
    }
    counts->changes += count;
    free(changes);
    counts->dashboards++;
    dashboard_clear(&dashboard);
}

/* Everything the store returns about the dashboards of the three
 * accounts, as text, read through a new read-only handle. The caller
 * frees it. */
static char *
snapshot(struct snapshot_counts *counts)
{
    struct store *readonly = NULL;
    char *error = NULL;
    char *text = NULL;
    size_t length = 0;
    int64_t *ids;
    size_t count = 0;
    FILE *out;
    size_t i;

    memset(counts, 0, sizeof(*counts));
    ck_assert_msg(store_open(board_server.store, STORE_OPEN_READONLY, &readonly,
                             &error) == 0,
                  "cannot open %s read-only: %s", board_server.store, error);
    out = open_memstream(&text, &length);
    ck_assert_ptr_nonnull(out);
    ids = dashboard_ids(readonly, &count);
    for (i = 0; i < count; i++) {
        snapshot_dashboard(readonly, ids[i], out, counts);
    }
    ck_assert_int_eq(fclose(out), 0);
    free(ids);
    store_close(readonly);
    return text;
}

/*
 * Two sessions change a dashboard, the server stops and a new one starts
 * on the same store file: every dashboard, right, widget and history row
 * reads the same, and sessions that reconnect see the latest state and
 * each other's changes again.
 */
START_TEST(restart_keeps_dashboards)
{
    int64_t id = board_make("Reprise");
    int64_t other = board_make("Autre");
    struct snapshot_counts before_counts;
    struct snapshot_counts after_counts;
    char code[DASHBOARD_CODE_LENGTH + 1];
    struct e2e_term *alice;
    struct e2e_term *bob;
    struct timespec start;
    char *before;
    char *after;
    int64_t widget_id;
    int64_t version = 0;
    int presence;

    grant(id, ACCESS_EDIT, ACCESS_VIEW);
    ck_assert_int_eq(store_dashboard_grant(board_store, E2E_USER, other,
                                           E2E_USER3, ACCESS_EDIT),
                     0);
    ck_assert_int_eq(store_dashboard_share(board_store, E2E_USER, id, code), 0);
    widget_id = widget_add(id, "jobs");

    /* alice retitles, bob widens: both commit from their screens. */
    alice = board_term_open(E2E_USER);
    bob = board_term_open(E2E_USER2);
    presence = board_open(alice, "Reprise");
    board_open(bob, "Reprise");
    board_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, "Titre du widget", BOARD_WAIT_MS));
    board_send(alice, "\x15"
                      "Before the restart\r");
    ck_assert(e2e_term_wait_text(bob, "Before the restart", BOARD_WAIT_MS));
    select_widget(bob, 1);
    board_send(bob, "w");
    wait_stored(id, widget_id, NULL, 2);

    before = snapshot(&before_counts);
    ck_assert_uint_eq(before_counts.dashboards, 2);
    ck_assert_uint_eq(before_counts.rights, 3);
    ck_assert_uint_eq(before_counts.widgets, 3);
    /* Three widgets added, one title, one width. */
    ck_assert_uint_eq(before_counts.changes, 5);

    /* The server stops: the sessions end with it. */
    ck_assert_int_eq(e2e_server_stop(&board_server, 10000), 0);
    ck_assert(e2e_term_wait_closed(alice, BOARD_WAIT_MS, NULL));
    ck_assert(e2e_term_wait_closed(bob, BOARD_WAIT_MS, NULL));
    e2e_term_close(alice);
    e2e_term_close(bob);
    ck_assert_int_eq(e2e_server_restart(&board_server, NULL), 0);

    after = snapshot(&after_counts);
    ck_assert_uint_eq(after_counts.dashboards, before_counts.dashboards);
    ck_assert_uint_eq(after_counts.rights, before_counts.rights);
    ck_assert_uint_eq(after_counts.widgets, before_counts.widgets);
    ck_assert_uint_eq(after_counts.changes, before_counts.changes);
    ck_assert_str_eq(after, before);
    free(before);
    free(after);

    /* A change made in the store while nobody watches, then bob
     * reconnects: he sees it. */
    ck_assert_int_eq(store_widget_set(board_store, E2E_USER, widget_id, "title",
                                      "Set by a script", dashboard_version(id),
                                      &version),
                     0);
    bob = board_term_open(E2E_USER2);
    board_open(bob, "Reprise");
    ck_assert(e2e_term_wait_text(bob, "Before the restart", BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_text(bob, "Set by a script", BOARD_WAIT_MS));

    /* alice reconnects: both see each other, and her next change reaches
     * bob live through the new server's hub. */
    alice = board_term_open(E2E_USER);
    board_open(alice, "Reprise");
    ck_assert(e2e_term_wait_row(alice, presence, E2E_USER2, BOARD_WAIT_MS));
    ck_assert(e2e_term_wait_row(bob, presence, E2E_USER, BOARD_WAIT_MS));
    board_send(alice, "r");
    ck_assert(e2e_term_wait_text(alice, "Titre du widget", BOARD_WAIT_MS));
    board_send(alice, "\x15"
                      "After the restart");
    e2e_term_drain(alice, 200);
    clock_gettime(CLOCK_MONOTONIC, &start);
    board_send(alice, "\r");
    ck_assert(e2e_term_wait_text(bob, "After the restart", BOARD_LIVE_MS));
    fprintf(stderr,
            "after the restart, a title reached the other session "
            "%.0f ms after the Enter\n",
            ms_since(&start));
    e2e_term_close(alice);
    e2e_term_close(bob);
}
END_TEST

static Suite *
coedit_suite(void)
{
    Suite *suite = suite_create("e2e-coedit");
    TCase *tc = tcase_create("coedit");

    tcase_add_checked_fixture(tc, board_setup, board_teardown);
    tcase_set_timeout(tc, e2e_timeout(180));
    tcase_add_test(tc, five_sessions_see_presence_and_change);
    tcase_add_loop_test(tc, same_title_from_same_version, 0, 2);
    tcase_add_test(tc, undo_skips_replaced_change);
    tcase_add_test(tc, killed_session_leaves_others_working);
    tcase_add_test(tc, restart_keeps_dashboards);
    suite_add_tcase(suite, tc);
    return suite;
}

int
main(void)
{
    return e2e_main(coedit_suite);
}
