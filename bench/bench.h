/*
 * terrish: shared declarations of the benchmark program (bench/).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The benchmark drives real servers on 127.0.0.1 only: "terrish serve"
 * and, as a reference, OpenSSH's sshd. Clients are libssh sessions that
 * feed a libvterm screen, so "the screen shows X" means what a terminal
 * user would see.
 */
#ifndef TERRISH_BENCH_H
#define TERRISH_BENCH_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <vterm.h>

#include "tests/term-client.h"

/* Terminal type sent in the pty request, as a common desktop terminal. */
#define BENCH_TERM_NAME "xterm-256color"

/* Monotonic clock in nanoseconds, and a sleep that resumes after signals. */
int64_t bench_now_ns(void);
void bench_sleep_ms(int ms);

/* Print "terrish-bench: " and the message to standard error. */
void bench_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copy the last message of bench_error into out. */
void bench_last_error(char *out, size_t size);

/* Allocation that aborts on out of memory, as xmalloc does in common/. */
void *bench_alloc(size_t size);

/* Client side: terminal clients of tests/term-client.h. */

/* Login target of a client: loopback port, account and private key. */
struct bench_target {
    int port;
    const char *user;
    const char *key_file;
};

/* Send the terminal client's failures to bench_error. Call it once before
 * the first client opens. */
void bench_client_init(void);

/*
 * Connect to 127.0.0.1, authenticate with the key, open a channel with a
 * cols x rows pty of BENCH_TERM_NAME and request a shell. Returns 0, or -1
 * after printing the cause.
 */
int bench_term_open(struct term_client **term_out,
                    const struct bench_target *target, int cols, int rows,
                    struct term_client_cost *cost);

/* Read until no byte arrived for quiet_ms, at most max_ms in all. */
void bench_term_settle(struct term_client *term, int quiet_ms, int max_ms);

/* Tests for term_client_wait. */
int bench_screen_last_row_has_text(struct term_client *term, const void *text);
/* Test whether the highlighted row differs from *(const int *)row. */
int bench_screen_highlight_moved(struct term_client *term, const void *row);
/* Test whether the highlighted cell differs from *(const int *)cell. */
int bench_screen_highlight_cell_moved(struct term_client *term,
                                      const void *cell);
/* Test whether the row of the cursor ends with a shell prompt ("$", "#"). */
int bench_screen_has_prompt(struct term_client *term, const void *unused);

/* Wait until the screen contains text, and print the screen on timeout. */
int bench_term_wait_text(struct term_client *term, const char *text,
                         int timeout_ms);

/*
 * Row of the list selection: the first row between the title and the
 * status bar whose first cell has a background colour. -1 when none.
 */
int bench_term_highlight_row(struct term_client *term);

/*
 * First cell between the title and the status bar with a background
 * colour, as row * columns + column: the title of the selected widget of
 * a dashboard. -1 when none.
 */
int bench_term_highlight_cell(struct term_client *term);

/* Server side: a process started by the benchmark and its descendants. */
struct bench_server {
    char dir[PATH_MAX];    /* private scratch folder */
    char log[PATH_MAX];    /* server log */
    int port;
    pid_t pid;
};

/* Files shared by both servers: client key and the terrish store. */
struct bench_setup {
    char dir[PATH_MAX];
    char client_key[PATH_MAX];
    char store[PATH_MAX];
    const char *terrish_bin;
    const char *data_dir;
    const char *locale_dir; /* NULL for the server's default */
};

/* Account that every benchmark client of terrish logs in as. */
#define BENCH_USER "bench"

/*
 * Create the scratch folder under tmp, a client key, and a store made by
 * "terrish init" with the account BENCH_USER and that key.
 */
int bench_setup_create(struct bench_setup *setup, const char *tmp);
void bench_setup_remove(struct bench_setup *setup);

/* Start "terrish serve" in the foreground with room for max_sessions. */
int bench_terrish_start(struct bench_server *server,
                        const struct bench_setup *setup, int max_sessions,
                        int max_startups);

/*
 * Start OpenSSH's sshd on its own port with a private configuration that
 * accepts the client key for user. Returns -1 when sshd is missing.
 */
int bench_sshd_start(struct bench_server *server,
                     const struct bench_setup *setup, const char *user,
                     int max_startups);

/* SIGTERM, then SIGKILL to the process group after timeout_ms. */
void bench_server_stop(struct bench_server *server, int timeout_ms);

/* Totals over the server process and all its descendants. */
struct bench_tree_usage {
    int processes;
    uint64_t pss_kib; /* Pss of /proc/PID/smaps_rollup, summed */
    uint64_t cpu_ticks; /* utime + stime, in clock ticks */
};

int bench_tree_usage(pid_t root, struct bench_tree_usage *usage);

/* Wait until the tree of root has at least count processes. */
int bench_tree_wait(pid_t root, int count, int timeout_ms);

/* Steps of the scenario of each terrish session of the fleet
 * (bench-scenario.c). */
enum bench_step {
    BENCH_STEP_LOGIN,     /* connect(2) to the first complete screen */
    BENCH_STEP_SEARCH,    /* "/" to the summary of the territory found */
    BENCH_STEP_MAP,       /* the indicator browser to the map drawn */
    BENCH_STEP_DASHBOARD, /* "D" to the account's dashboard computed */
    BENCH_STEP_EDIT,      /* "r" to a widget's new title committed */
    BENCH_STEP_COUNT
};

/* Time in ms and TCP payload bytes of each step of one session. */
struct bench_scenario_sample {
    double ms[BENCH_STEP_COUNT];
    double wire[BENCH_STEP_COUNT];
};

/* Name of a step in the report, such as "search". */
const char *bench_step_name(enum bench_step step);

/* Dashboard of BENCH_USER for the keystroke measures of the dashboard
 * screen, with the widgets of the fleet's dashboards. */
#define BENCH_KEYS_DASHBOARD "Touches"

/* Account of the fleet session with this index (0, 1, ...). */
void bench_fleet_account(int index, char *out, size_t size);

/*
 * Create, in the store of setup, accounts fleet accounts with the client
 * key, each owning one dashboard of the default widgets of the theme
 * "Population" for Saint-Étienne, and BENCH_KEYS_DASHBOARD for BENCH_USER.
 * Call it before the server starts. Returns 0, or -1 after printing the
 * cause.
 */
int bench_fleet_prepare(const struct bench_setup *setup, int accounts);

/* Record the login step of a session whose first screen just completed. */
void bench_scenario_login_record(struct term_client *term,
                                 const struct term_client_cost *cost,
                                 struct bench_scenario_sample *sample);

/*
 * Run the steps after the login on the first screen of the session of
 * fleet account index, filling sample. The session ends on its dashboard
 * with the first widget selected. Returns 0, or -1 after printing the
 * cause.
 */
int bench_scenario_run(struct term_client *term, int index,
                       struct bench_scenario_sample *sample);

/* Open the dashboard named name from any screen that is not typing: "D",
 * then the name in the list. Returns 0 once its screen shows, or -1. */
int bench_dashboard_open(struct term_client *term, const char *name,
                         int timeout_ms);

/* Wait until the dashboard named name shows every widget computed. */
int bench_dashboard_wait_ready(struct term_client *term, const char *name,
                               int timeout_ms);

/* Categories of the generated import file, for every commune. */
#define BENCH_IMPORT_CATEGORIES 10

/* Store timings, in-process through libterrish.a. */
struct bench_store_result {
    double load_ms;          /* median store_load_bundled */
    int load_runs;
    double search_median_us; /* store_territory_search("st etienne") */
    double search_p99_us;
    int search_runs;
    int search_results;
    /* Import of a generated long-format file (real commune codes,
     * synthetic values) through import_read and store_import_batch. */
    double import_ms;        /* median, reading and writing */
    int import_runs;
    long import_rows;
    /* store_indicator_mesh of population to EPCI, over every région. */
    double mesh_ms;          /* median */
    int mesh_runs;
    long mesh_rows;
    int mesh_year;
    /* store_indicator_value of région 84, latest year of each indicator. */
    double region_population_ms; /* median */
    double region_density_ms;    /* median */
    int region_runs;
    int region_year;
    /* map_fit and map_render of région 84's commune outlines. */
    double map_ms;           /* median */
    int map_runs;
    int map_units;
    /* strategy_compute of a strategy of every catalogue action (sector
     * reductions filling it up to 20 actions) on région 84's baseline,
     * from STRATEGY_FIRST_YEAR to STRATEGY_LAST_YEAR. */
    double strategy_ms;      /* median */
    int strategy_runs;
    int strategy_actions;
};

int bench_store_run(const struct bench_setup *setup, int load_runs,
                    int search_runs, struct bench_store_result *result);

/* Sort values in place and return the nearest-rank percentile (0.5 for
 * the median), or 0 when count is 0. */
double bench_percentile(double *values, size_t count, double fraction);

/* Results of a run, filled by terrish-bench.c and printed by
 * bench-report.c. Times are in milliseconds, sizes in bytes. */

/* Opening one session on an unloaded server, median of samples. */
struct bench_screen_cost {
    int cols;
    int rows;
    int samples;
    double first_screen_ms; /* TCP connect to first complete screen */
    double handshake_wire;  /* TCP payload before the shell request */
    double screen_wire;     /* TCP payload from shell request to settled */
    double screen_payload;  /* channel payload of the same */
};

/* One kind of keystroke on an unloaded server, medians. */
struct bench_key_cost {
    int samples;
    double wire;
    double payload;
    double latency_ms;
};

/* One scenario step over the sessions opened at one level. */
struct bench_step_stats {
    int samples;
    double p50_ms;
    double p99_ms;
    double wire_median;
};

/* One step of the sweep: the server with sessions open. */
struct bench_level {
    int sessions;        /* requested */
    int reached;         /* open when measured */
    double open_median_ms; /* connect to first screen, this step's opens */
    double open_p99_ms;
    struct bench_tree_usage usage; /* idle, before typing */
    double idle_cpu_ms_per_s;  /* server CPU per session per second idle */
    int typers;
    int key_samples;
    int key_timeouts;
    double key_p50_ms;
    double key_p99_ms;
    /* terrish: the scenario of the sessions opened at this level. */
    struct bench_step_stats steps[BENCH_STEP_COUNT];
};

#define BENCH_LEVELS_MAX 16

/* Results of one server over the whole sweep. */
struct bench_server_result {
    int ran;                  /* 0 when the server could not start */
    char failure[512];        /* why the sweep stopped early, or "" */
    struct bench_screen_cost screen[2]; /* 80x24 and 200x50 */
    struct bench_key_cost down;         /* Down in the picker */
    struct bench_key_cost letter;       /* a letter in the search field */
    struct bench_key_cost escape;       /* Esc closing the search field */
    struct bench_key_cost map_move;     /* cursor to the next unit of a map */
    struct bench_key_cost next_widget;  /* arrow to the next widget */
    struct bench_key_cost form_letter;  /* a letter in a widget title field */
    double map_screen_wire;             /* drawing the map, after Enter */
    int level_count;
    struct bench_level levels[BENCH_LEVELS_MAX];
};

/* Hub propagation at one number of watchers (bench-hub.c): time from
 * hub_changed in the sender to the hub_read callback of each watcher. */
struct bench_hub_level {
    int watchers;
    int changes;
    int samples; /* deliveries timed: watchers x changes, less missed */
    int missed;  /* deliveries not seen within a second */
    double p50_ms;
    double p99_ms;
    double max_ms;
};

#define BENCH_HUB_LEVELS 4

struct bench_hub_result {
    int level_count;
    struct bench_hub_level levels[BENCH_HUB_LEVELS];
    char failure[512]; /* why it stopped early, or "" */
};

/* Measure 2, 10, 50 and 200 watcher processes on the hub socket at
 * hub_path, changes each. Returns 0, or -1 with result->failure set. */
int bench_hub_run(const char *hub_path, int changes,
                  struct bench_hub_result *result);

/* Co-editing propagation at one number of viewers (bench-coedit.c):
 * time from the editor's Enter to the new title on each viewer's
 * screen. */
struct bench_coedit_level {
    int viewers;
    int reached; /* viewers open when measured */
    int changes; /* titles committed */
    int samples; /* screens timed: reached x changes, less missed */
    int missed;  /* screens without the title within 5 s */
    double p50_ms;
    double p99_ms;
    double max_ms;
};

#define BENCH_COEDIT_LEVELS_MAX 8

struct bench_coedit_result {
    int level_count;
    struct bench_coedit_level levels[BENCH_COEDIT_LEVELS_MAX];
    char failure[512]; /* why it stopped early, or "" */
};

/* Create the dashboard of the co-editing measure, owned by BENCH_USER
 * with one key figure, in the store of setup. Call it before the server
 * starts. Returns 0, or -1 after printing the cause. */
int bench_coedit_prepare(const struct bench_setup *setup);

/* Measure each number of viewers of viewers (ascending, level_count of
 * them), changes titles each, opening batch sessions at a time. Returns
 * 0, or -1 with result->failure set. */
int bench_coedit_run(const struct bench_target *target, const int *viewers,
                     int level_count, int changes, int batch,
                     struct bench_coedit_result *result);

struct bench_run {
    char command[2048]; /* the command line, as run */
    char date[64];
    int keystrokes;     /* per typing session */
    int typing_percent;
    int idle_seconds;
    int batch;
    double wall_seconds;
    struct bench_server_result terrish;
    struct bench_server_result sshd;
    int store_ran;
    struct bench_store_result store;
    int hub_changes; /* changes per hub level; 0 when not measured */
    struct bench_hub_result hub;
    int coedit_changes; /* titles per co-editing level; 0: not measured */
    struct bench_coedit_result coedit;
};

/* Print the results as a table on standard output. */
void bench_report_print(const struct bench_run *run);

/* Rewrite path as a Markdown page with the results and the machine. */
int bench_report_write(const struct bench_run *run, const char *path);

#endif
