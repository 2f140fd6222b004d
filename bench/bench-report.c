/*
 * terrish: the benchmark's table on standard output and its results page.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "bench/bench.h"
#include "store/strategy.h"

/* A first screen that fits TCP's usual initial congestion window of ten
 * segments (RFC 6928) arrives in one round trip. */
#define TARGET_SCREEN_BYTES 14000.0
#define TARGET_KEY_BYTES 200.0
#define TARGET_SESSIONS 1000
#define TARGET_KEY_P99_MS 50.0
#define TARGET_PROPAGATION_P99_MS 100.0

/* One target: its goal, the measured value and the verdict. */
struct target_row {
    const char *name;
    const char *goal;
    char measured[256];
    const char *verdict; /* "pass", "fail" or "not measured" */
};

#define TARGET_COUNT 5

/* The level of result with this many sessions, or NULL. */
static const struct bench_level *
level_find(const struct bench_server_result *result, int sessions)
{
    int i;

    for (i = 0; i < result->level_count; i++) {
        if (result->levels[i].sessions == sessions &&
            result->levels[i].reached > 0) {
            return &result->levels[i];
        }
    }
    return NULL;
}

static double
pss_per_session(const struct bench_level *level)
{
    return level->reached > 0
               ? (double)level->usage.pss_kib / (double)level->reached
               : 0.0;
}

/* The largest step measured on both servers, for the memory ratio. */
static const struct bench_level *
level_largest_common(const struct bench_run *run,
                     const struct bench_level **sshd)
{
    int i;

    for (i = run->terrish.level_count - 1; i >= 0; i--) {
        const struct bench_level *level = &run->terrish.levels[i];

        *sshd = level_find(&run->sshd, level->sessions);
        if (level->reached == level->sessions && *sshd != NULL &&
            (*sshd)->reached == level->sessions) {
            return level;
        }
    }
    return NULL;
}

static void
targets_screen(const struct bench_run *run, struct target_row *row)
{
    const struct bench_screen_cost *small = &run->terrish.screen[0];
    const struct bench_screen_cost *large = &run->terrish.screen[1];
    double worst = small->screen_wire > large->screen_wire
                       ? small->screen_wire
                       : large->screen_wire;

    row->name = "first complete screen";
    row->goal = "<= 14,000 bytes";
    if (small->samples == 0 || large->samples == 0) {
        snprintf(row->measured, sizeof row->measured, "no sample");
        row->verdict = "not measured";
        return;
    }
    snprintf(row->measured, sizeof row->measured,
             "%.0f B at 80x24, %.0f B at 200x50", small->screen_wire,
             large->screen_wire);
    row->verdict = worst <= TARGET_SCREEN_BYTES ? "pass" : "fail";
}

/* The typical keystrokes: moving in a list, typing in a search field,
 * moving on a map, moving between widgets, typing in a form. */
static void
targets_key(const struct bench_run *run, struct target_row *row)
{
    const struct bench_server_result *t = &run->terrish;
    const struct bench_key_cost *keys[] = {&t->down, &t->letter, &t->map_move,
                                           &t->next_widget, &t->form_letter};
    double worst = 0;
    size_t i;

    row->name = "typical keystroke update";
    row->goal = "< 200 bytes";
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (keys[i]->samples == 0) {
            snprintf(row->measured, sizeof row->measured, "no sample");
            row->verdict = "not measured";
            return;
        }
        worst = keys[i]->wire > worst ? keys[i]->wire : worst;
    }
    snprintf(row->measured, sizeof row->measured,
             "Down %.0f B, search letter %.0f B, map cursor %.0f B, next "
             "widget %.0f B, title letter %.0f B",
             t->down.wire, t->letter.wire, t->map_move.wire,
             t->next_widget.wire, t->form_letter.wire);
    row->verdict = worst < TARGET_KEY_BYTES ? "pass" : "fail";
}

static void
targets_memory(const struct bench_run *run, struct target_row *row)
{
    const struct bench_level *sshd = NULL;
    const struct bench_level *level = level_largest_common(run, &sshd);
    double ours;
    double theirs;

    row->name = "memory per session";
    row->goal = "<= OpenSSH sshd";
    if (level == NULL) {
        snprintf(row->measured, sizeof row->measured,
                 "no step measured on both servers");
        row->verdict = "not measured";
        return;
    }
    ours = pss_per_session(level);
    theirs = pss_per_session(sshd);
    snprintf(row->measured, sizeof row->measured,
             "%.0f KiB vs %.0f KiB at N=%d (x%.2f)", ours, theirs,
             level->sessions, theirs > 0 ? ours / theirs : 0.0);
    row->verdict = ours <= theirs ? "pass" : "fail";
}

static void
targets_latency(const struct bench_run *run, struct target_row *row)
{
    const struct bench_level *level =
        level_find(&run->terrish, TARGET_SESSIONS);

    row->name = "keystroke p99, 1,000 sessions";
    row->goal = "< 50 ms, 10% typing";
    if (level == NULL || level->reached < TARGET_SESSIONS ||
        level->key_samples == 0) {
        const struct bench_level *last =
            run->terrish.level_count > 0
                ? &run->terrish.levels[run->terrish.level_count - 1]
                : NULL;

        snprintf(row->measured, sizeof row->measured,
                 "largest N reached: %d", last != NULL ? last->reached : 0);
        row->verdict = "not measured";
        return;
    }
    snprintf(row->measured, sizeof row->measured,
             "p99 %.1f ms (p50 %.1f ms, %d keys, %d timed out)",
             level->key_p99_ms, level->key_p50_ms, level->key_samples,
             level->key_timeouts);
    row->verdict = level->key_p99_ms < TARGET_KEY_P99_MS &&
                           level->key_timeouts == 0 &&
                           run->typing_percent == 10
                       ? "pass"
                       : "fail";
}

/* The hub level with this many watchers, or NULL. */
static const struct bench_hub_level *
hub_level_find(const struct bench_run *run, int watchers)
{
    int i;

    for (i = 0; i < run->hub.level_count; i++) {
        if (run->hub.levels[i].watchers == watchers) {
            return &run->hub.levels[i];
        }
    }
    return NULL;
}

/* The co-editing level with this many viewers, or NULL. */
static const struct bench_coedit_level *
coedit_level_find(const struct bench_run *run, int viewers)
{
    int i;

    for (i = 0; i < run->coedit.level_count; i++) {
        if (run->coedit.levels[i].viewers == viewers) {
            return &run->coedit.levels[i];
        }
    }
    return NULL;
}

/* Screen to screen: the editor's Enter to the title drawn on each of 50
 * viewers, every one of them timed. */
static void
targets_propagation(const struct bench_run *run, struct target_row *row)
{
    const struct bench_coedit_level *level = coedit_level_find(run, 50);
    const struct bench_hub_level *hub = hub_level_find(run, 50);
    char hub_text[64] = "";

    row->name = "co-editing propagation p99, 50 viewers";
    row->goal = "< 100 ms";
    row->verdict = "not measured";
    if (hub != NULL) {
        snprintf(hub_text, sizeof hub_text, "; hub alone %.2f ms", hub->p99_ms);
    }
    if (level == NULL || level->reached < 50 || level->samples == 0) {
        snprintf(row->measured, sizeof row->measured,
                 "no run with 50 viewers%s", hub_text);
        return;
    }
    snprintf(row->measured, sizeof row->measured,
             "p99 %.1f ms (p50 %.1f ms, %d screens, %d missed)%s",
             level->p99_ms, level->p50_ms, level->samples, level->missed,
             hub_text);
    row->verdict =
        level->p99_ms < TARGET_PROPAGATION_P99_MS && level->missed == 0
            ? "pass"
            : "fail";
}

static void
targets_fill(const struct bench_run *run, struct target_row *rows)
{
    memset(rows, 0, TARGET_COUNT * sizeof *rows);
    targets_screen(run, &rows[0]);
    targets_key(run, &rows[1]);
    targets_memory(run, &rows[2]);
    targets_latency(run, &rows[3]);
    targets_propagation(run, &rows[4]);
}

/* One table row per step: terrish, then the same N on sshd. */
static void
print_level(FILE *out, const struct bench_run *run,
            const struct bench_level *level, int markdown)
{
    const struct bench_level *sshd = level_find(&run->sshd, level->sessions);
    const char *sep = markdown ? " | " : " ";
    char sshd_text[96] = "-";
    char ratio[32] = "-";

    if (sshd != NULL) {
        snprintf(sshd_text, sizeof sshd_text, "%d%s%.0f%s%.0f%s%.0f%s%.3f",
                 sshd->reached, sep, sshd->open_median_ms, sep,
                 sshd->open_p99_ms, sep, pss_per_session(sshd), sep,
                 sshd->idle_cpu_ms_per_s);
        if (pss_per_session(sshd) > 0) {
            snprintf(ratio, sizeof ratio, "%.2f",
                     pss_per_session(level) / pss_per_session(sshd));
        }
    } else {
        snprintf(sshd_text, sizeof sshd_text, "-%s-%s-%s-%s-", sep, sep, sep,
                 sep);
    }
    fprintf(out,
            markdown ? "| %d | %d | %.0f | %.0f | %.0f | %.3f | %d | %.1f | "
                       "%.1f | %d | %s | %s |\n"
                     : "%6d %6d %7.0f %7.0f %8.0f %7.3f %5d %7.1f %7.1f %4d"
                       "   %s   %s\n",
            level->sessions, level->reached, level->open_median_ms,
            level->open_p99_ms, pss_per_session(level),
            level->idle_cpu_ms_per_s, level->typers, level->key_p50_ms,
            level->key_p99_ms, level->key_timeouts, sshd_text, ratio);
}

/* The scenario steps of the sessions opened at each level, one line per
 * level and step. */
static void
print_steps(FILE *out, const struct bench_run *run, int markdown)
{
    int i;
    int step;

    for (i = 0; i < run->terrish.level_count; i++) {
        const struct bench_level *level = &run->terrish.levels[i];

        for (step = 0; step < BENCH_STEP_COUNT; step++) {
            const struct bench_step_stats *stats = &level->steps[step];

            if (stats->samples == 0) {
                continue;
            }
            fprintf(out,
                    markdown ? "| %d | %s | %d | %.1f | %.1f | %.0f |\n"
                             : "  %6d  %-10s %8d %8.1f %8.1f %8.0f\n",
                    level->sessions, bench_step_name((enum bench_step)step),
                    stats->samples, stats->p50_ms, stats->p99_ms,
                    stats->wire_median);
        }
    }
}

static void
print_hub(const struct bench_run *run)
{
    int i;

    if (run->hub_changes == 0) {
        return;
    }
    printf("\nHub propagation, hub_changed to each watcher's hub_read "
           "callback (%d changes, one at a time):\n",
           run->hub_changes);
    printf("  watchers  samples  missed   p50 ms   p99 ms   max ms\n");
    for (i = 0; i < run->hub.level_count; i++) {
        const struct bench_hub_level *level = &run->hub.levels[i];

        printf("  %8d %8d %7d %8.3f %8.3f %8.3f\n", level->watchers,
               level->samples, level->missed, level->p50_ms, level->p99_ms,
               level->max_ms);
    }
    if (run->hub.failure[0] != '\0') {
        printf("  hub stopped early: %s\n", run->hub.failure);
    }
}

/* The hub's p50 and p99 for a number of watchers, as table cells. */
static void
hub_cells(const struct bench_run *run, int watchers, const char *sep, char *out,
          size_t size)
{
    const struct bench_hub_level *hub = hub_level_find(run, watchers);

    if (hub == NULL) {
        snprintf(out, size, "-%s-", sep);
        return;
    }
    snprintf(out, size, "%.3f%s%.3f", hub->p50_ms, sep, hub->p99_ms);
}

static void
print_coedit(const struct bench_run *run)
{
    char hub[64];
    int i;

    if (run->coedit_changes == 0) {
        return;
    }
    printf("\nCo-editing propagation, the editor's Enter to the new title "
           "drawn on each viewer's screen (%d changes per level), next to "
           "the hub alone:\n",
           run->coedit_changes);
    printf("   viewers reached changes samples  missed   p50 ms   p99 ms"
           "   max ms   hub p50  hub p99\n");
    for (i = 0; i < run->coedit.level_count; i++) {
        const struct bench_coedit_level *level = &run->coedit.levels[i];

        hub_cells(run, level->viewers, "  ", hub, sizeof hub);
        printf("  %8d %7d %7d %7d %7d %8.1f %8.1f %8.1f   %s\n", level->viewers,
               level->reached, level->changes, level->samples, level->missed,
               level->p50_ms, level->p99_ms, level->max_ms, hub);
    }
    if (run->coedit.failure[0] != '\0') {
        printf("  co-editing stopped early: %s\n", run->coedit.failure);
    }
}

void
bench_report_print(const struct bench_run *run)
{
    struct target_row rows[TARGET_COUNT];
    const struct bench_server_result *t = &run->terrish;
    const struct bench_server_result *s = &run->sshd;
    int i;

    printf("\nterrish-bench, %s, %.0f s\n", run->date, run->wall_seconds);
    printf("\nFirst screen, one session on an idle server (median):\n");
    printf("  size     terrish ms  handshake B  screen B (wire/channel)"
           "   sshd ms  handshake B  prompt B\n");
    for (i = 0; i < 2; i++) {
        printf("  %3dx%-3d  %10.1f  %11.0f  %10.0f / %-10.0f  %8.1f  %11.0f"
               "  %8.0f\n",
               t->screen[i].cols, t->screen[i].rows,
               t->screen[i].first_screen_ms, t->screen[i].handshake_wire,
               t->screen[i].screen_wire, t->screen[i].screen_payload,
               s->screen[i].first_screen_ms, s->screen[i].handshake_wire,
               s->screen[i].screen_wire);
    }
    printf("\nKeystrokes on an idle server (median):\n");
    printf("  Down in the picker:        %4.0f B wire, %4.0f B channel, "
           "%.1f ms (%d keys)\n",
           t->down.wire, t->down.payload, t->down.latency_ms, t->down.samples);
    printf("  letter in the search field: %4.0f B wire, %4.0f B channel, "
           "%.1f ms (%d keys)\n",
           t->letter.wire, t->letter.payload, t->letter.latency_ms,
           t->letter.samples);
    printf("  Esc closing the search:    %4.0f B wire, %4.0f B channel, "
           "%.1f ms (%d keys)\n",
           t->escape.wire, t->escape.payload, t->escape.latency_ms,
           t->escape.samples);
    printf("  cursor on a commune map:   %4.0f B wire, %4.0f B channel, "
           "%.1f ms (%d keys); the map itself %.0f B\n",
           t->map_move.wire, t->map_move.payload, t->map_move.latency_ms,
           t->map_move.samples, t->map_screen_wire);
    printf("  next widget of a dashboard: %4.0f B wire, %4.0f B channel, "
           "%.1f ms (%d keys)\n",
           t->next_widget.wire, t->next_widget.payload,
           t->next_widget.latency_ms, t->next_widget.samples);
    printf("  letter in a title field:   %4.0f B wire, %4.0f B channel, "
           "%.1f ms (%d keys)\n",
           t->form_letter.wire, t->form_letter.payload,
           t->form_letter.latency_ms, t->form_letter.samples);

    printf("\nSessions (terrish | sshd):\n");
    printf("     N reached open50  open99 PSS/sess cpu/s/s typer  key50"
           "   key99  t/o   reached open50 open99 PSS/sess cpu/s/s   "
           "PSS ratio\n");
    for (i = 0; i < t->level_count; i++) {
        print_level(stdout, run, &t->levels[i], 0);
    }
    if (t->failure[0] != '\0') {
        printf("  terrish stopped early: %s\n", t->failure);
    }
    if (s->failure[0] != '\0') {
        printf("  sshd stopped early: %s\n", s->failure);
    }
    printf("\nScenario steps of the terrish sessions opened at each N:\n");
    printf("       N  step        samples   p50 ms   p99 ms   wire B\n");
    print_steps(stdout, run, 0);
    if (run->store_ran) {
        printf("\nStore: load %.0f ms (median of %d), search \"st etienne\" "
               "%.0f us median, %.0f us p99 (%d runs)\n",
               run->store.load_ms, run->store.load_runs,
               run->store.search_median_us, run->store.search_p99_us,
               run->store.search_runs);
        printf("Store: import %ld rows %.0f ms, population to EPCI %.0f ms, "
               "région 84 population %.2f ms, density %.2f ms (medians)\n",
               run->store.import_rows, run->store.import_ms,
               run->store.mesh_ms, run->store.region_population_ms,
               run->store.region_density_ms);
        printf("Store: map of région 84's %d communes at 200x60 %.1f ms "
               "(median of %d)\n",
               run->store.map_units, run->store.map_ms, run->store.map_runs);
        printf("Store: strategy of %d actions over %d years %.3f ms "
               "(median of %d)\n",
               run->store.strategy_actions, STRATEGY_YEARS,
               run->store.strategy_ms, run->store.strategy_runs);
    }
    print_hub(run);
    print_coedit(run);
    targets_fill(run, rows);
    printf("\nTargets:\n");
    for (i = 0; i < TARGET_COUNT; i++) {
        printf("  %-40s %-22s %-50s %s\n", rows[i].name, rows[i].goal,
               rows[i].measured, rows[i].verdict);
    }
    fflush(stdout);
}

/* Copy the value of the first "key: value" line of a /proc file. */
static void
proc_field(const char *path, const char *key, char *out, size_t size)
{
    char line[512];
    size_t key_len = strlen(key);
    FILE *file = fopen(path, "r");

    snprintf(out, size, "unknown");
    if (file == NULL) {
        return;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        char *value = strchr(line, ':');

        if (strncmp(line, key, key_len) == 0 && value != NULL) {
            value += strspn(value + 1, " \t") + 1;
            value[strcspn(value, "\n")] = '\0';
            snprintf(out, size, "%s", value);
            break;
        }
    }
    fclose(file);
}

static void
write_machine(FILE *out, const struct bench_run *run)
{
    char cpu[256];
    char memory[64];
    struct utsname name;

    proc_field("/proc/cpuinfo", "model name", cpu, sizeof cpu);
    proc_field("/proc/meminfo", "MemTotal", memory, sizeof memory);
    if (uname(&name) != 0) {
        snprintf(name.release, sizeof name.release, "unknown");
    }
    fprintf(out,
            "## Run\n\n"
            "- Date: %s; the run took %.0f s.\n"
            "- Command, from the top of the build tree: `%s`\n"
            "- Machine: %ld cores (nproc), %s memory, CPU %s, Linux %s.\n"
            "- Client: libssh %s with libvterm, on the same machine; it "
            "shares the cores with the servers.\n\n",
            run->date, run->wall_seconds, run->command,
            sysconf(_SC_NPROCESSORS_ONLN), memory, cpu, name.release,
            ssh_version(0));
}

static void
write_screens(FILE *out, const struct bench_run *run)
{
    const struct bench_server_result *t = &run->terrish;
    const struct bench_server_result *s = &run->sshd;
    int i;

    fprintf(out,
            "## First screen\n\n"
            "One session at a time on an idle server, median of %d. Time "
            "runs from connect(2) to the first complete screen (terrish: "
            "title and status bar drawn; sshd: the shell prompt). Bytes are "
            "TCP payload received by the client, so SSH framing and MACs "
            "count: the handshake is everything before the shell request "
            "(key exchange, authentication, channel and pty replies), the "
            "screen is everything after it until 300 ms of silence. "
            "Channel bytes are what the pty produced.\n\n"
            "| size | terrish ms | terrish handshake B | terrish screen B "
            "(wire) | terrish screen B (channel) | sshd ms | sshd "
            "handshake B | sshd prompt B (wire) |\n"
            "|---|---|---|---|---|---|---|---|\n",
            t->screen[0].samples);
    for (i = 0; i < 2; i++) {
        fprintf(out, "| %dx%d | %.1f | %.0f | %.0f | %.0f | %.1f | %.0f | "
                     "%.0f |\n",
                t->screen[i].cols, t->screen[i].rows,
                t->screen[i].first_screen_ms, t->screen[i].handshake_wire,
                t->screen[i].screen_wire, t->screen[i].screen_payload,
                s->screen[i].first_screen_ms, s->screen[i].handshake_wire,
                s->screen[i].screen_wire);
    }
    fprintf(out,
            "\n## Keystrokes\n\n"
            "Same sessions at 80x24, median. Bytes are counted from the "
            "key until 150 ms of silence; latency runs from writing the key "
            "to the screen showing its effect (the selection moved, the "
            "letter shown in its field, or the search field closed). Esc "
            "latency includes the application's wait for a "
            "byte that would make it the start of an escape sequence "
            "(25 ms, `set_escdelay`); the target is 50 ms.\n\n"
            "| key | samples | wire B | channel B | latency ms |\n"
            "|---|---|---|---|---|\n"
            "| Down in the picker | %d | %.0f | %.0f | %.1f |\n"
            "| a letter in the search field | %d | %.0f | %.0f | %.1f |\n"
            "| Esc closing the search field | %d | %.0f | %.0f | %.1f |\n"
            "| cursor to the next commune on the map of Isère | %d | %.0f "
            "| %.0f | %.1f |\n"
            "| arrow to the next widget of a dashboard | %d | %.0f | %.0f "
            "| %.1f |\n"
            "| a letter in a widget's title field | %d | %.0f | %.0f | "
            "%.1f |\n\n"
            "Drawing that map (512 communes at 80x24, after Enter in the "
            "indicator browser) took %.0f bytes on the wire. A cursor move "
            "redraws only the two communes whose colour changes and the "
            "line that names the unit under the cursor. The dashboard is "
            "`%s` of the benchmark account, four key figures of "
            "Saint-Étienne on a 2 x 2 grid: the arrows go round it, and the "
            "letters are typed after `r` and Ctrl-U, then cancelled with "
            "Esc.\n\n",
            t->down.samples, t->down.wire, t->down.payload, t->down.latency_ms,
            t->letter.samples, t->letter.wire, t->letter.payload,
            t->letter.latency_ms, t->escape.samples, t->escape.wire,
            t->escape.payload, t->escape.latency_ms, t->map_move.samples,
            t->map_move.wire, t->map_move.payload, t->map_move.latency_ms,
            t->next_widget.samples, t->next_widget.wire, t->next_widget.payload,
            t->next_widget.latency_ms, t->form_letter.samples,
            t->form_letter.wire, t->form_letter.payload,
            t->form_letter.latency_ms, t->map_screen_wire,
            BENCH_KEYS_DASHBOARD);
}

static void
write_levels(FILE *out, const struct bench_run *run)
{
    int i;

    fprintf(out,
            "## Concurrent sessions\n\n"
            "Sessions are opened %d at a time and stay open; each step adds "
            "sessions up to N. Each terrish session logs in as its own "
            "account, which owns one dashboard made in the store before the "
            "server starts (the default dashboard of the theme Population "
            "for Saint-Étienne: four key figures), and runs the scenario of "
            "the table under Scenario steps: log in to the first screen; "
            "\"/\" and \"st etienne\" until 42218 shows, then Enter until "
            "the summary shows (search); `i`, \"/population municipale\" "
            "and Enter until the map of Saint-Étienne's population shows "
            "its legend (map); `D`, then Enter on its dashboard until every "
            "widget is computed (dashboard); `r`, Ctrl-U, a new title and "
            "Enter until the first widget shows it (edit). An sshd session "
            "waits for its shell prompt. \"open\" is connect to first "
            "screen for the sessions opened at that step, while up to %d "
            "others open at the same time. PSS is the Pss of "
            "/proc/PID/smaps_rollup summed over the server and all its "
            "descendants (listener, connection processes, applications; "
            "sshd, its privilege-separated children and the shells), "
            "divided by N. CPU is the utime + stime of the same processes "
            "over %d s idle, per session and per second. Then %d%% of the "
            "sessions (at least one) press Right and Left by turns, %d keys "
            "each (the next widget of their dashboard, then the previous "
            "one), 100 to 300 ms apart, and key p50/p99 are their "
            "keystroke-to-screen latencies (until the selected widget "
            "moved); t/o counts keys with no screen change within 5 s.\n\n"
            "| N | reached | open p50 ms | open p99 ms | PSS KiB/session | "
            "idle CPU ms/s/session | typing | key p50 ms | key p99 ms | t/o "
            "| sshd reached | sshd open p50 ms | sshd open p99 ms | sshd PSS "
            "KiB/session | sshd idle CPU ms/s/session | PSS terrish/sshd |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
            "---|\n",
            run->batch, run->batch - 1, run->idle_seconds, run->typing_percent,
            run->keystrokes);
    for (i = 0; i < run->terrish.level_count; i++) {
        print_level(out, run, &run->terrish.levels[i], 1);
    }
    if (run->terrish.failure[0] != '\0') {
        fprintf(out, "\nterrish stopped early: `%s`\n",
                run->terrish.failure);
    }
    if (run->sshd.failure[0] != '\0') {
        fprintf(out, "\nsshd stopped early: `%s`\n", run->sshd.failure);
    }
    if (!run->sshd.ran && run->sshd.failure[0] == '\0') {
        fprintf(out, "\nThe sshd reference was skipped (--no-sshd).\n");
    }
    fprintf(out,
            "\n### Scenario steps\n\n"
            "The terrish sessions opened at each N, while the others opened "
            "at the same step run theirs. A step ends when the libvterm "
            "screen shows its result in full; its time runs from its first "
            "key (connect(2) for the login) to then. Its bytes are the TCP "
            "payload received from its first key until 100 ms of silence "
            "after it ended (the handshake included for the login).\n\n"
            "| N | step | sessions | p50 ms | p99 ms | median wire B |\n"
            "|---|---|---|---|---|---|\n");
    print_steps(out, run, 1);
    fputc('\n', out);
}

static void
write_store(FILE *out, const struct bench_run *run)
{
    fprintf(out, "## Store, in-process\n\n");
    if (!run->store_ran) {
        fprintf(out, "The store timings failed; see the run's output.\n\n");
        return;
    }
    fprintf(out,
            "| operation | runs | median | p99 |\n"
            "|---|---|---|---|\n"
            "| `store_load_bundled` into an in-memory store | %d | %.0f ms "
            "| - |\n"
            "| `store_territory_search(\"st etienne\", 20)` (%d results) | "
            "%d | %.0f us | %.0f us |\n",
            run->store.load_runs, run->store.load_ms,
            run->store.search_results, run->store.search_runs,
            run->store.search_median_us, run->store.search_p99_us);
    if (run->store.import_runs == 0) {
        fputc('\n', out);
        return;
    }
    fprintf(out,
            "| import of %ld rows (every commune x %d categories, long CSV) "
            "with `import_read` and `store_import_batch` into a copy of the "
            "store | %d | %.0f ms | - |\n"
            "| `store_indicator_mesh` of population %d to EPCI, over each "
            "of the %s (%ld rows) | %d | %.0f ms | - |\n"
            "| `store_indicator_value` of région 84, population %d | %d | "
            "%.2f ms | - |\n"
            "| `store_indicator_value` of région 84, density %d | %d | "
            "%.2f ms | - |\n"
            "| `map_fit` and `map_render` of the outlines of région 84's %d "
            "communes at 200x60 cells | %d | %.1f ms | - |\n"
            "| `strategy_compute` of %d actions on région 84, %d years | "
            "%d | %.3f ms | 10 ms |\n\n"
            "The imported values are synthetic (the row number modulo "
            "1,000), generated on each run as a load for the importer; the "
            "commune codes are those of `data/territories/communes.tsv`.\n\n",
            run->store.import_rows, BENCH_IMPORT_CATEGORIES,
            run->store.import_runs,
            run->store.import_ms, run->store.mesh_year, "régions",
            run->store.mesh_rows, run->store.mesh_runs, run->store.mesh_ms,
            run->store.region_year, run->store.region_runs,
            run->store.region_population_ms, run->store.region_year,
            run->store.region_runs, run->store.region_density_ms,
            run->store.map_units, run->store.map_runs, run->store.map_ms,
            run->store.strategy_actions, STRATEGY_YEARS,
            run->store.strategy_runs, run->store.strategy_ms);
}

static void
write_hub(FILE *out, const struct bench_run *run)
{
    int i;

    if (run->hub_changes == 0) {
        return;
    }
    fprintf(out,
            "## Hub propagation\n\n"
            "The notification hub of a fresh `terrish serve`, without SSH or "
            "screens. N watcher processes each connect to the hub socket "
            "and watch one dashboard; one more process sends %d changes "
            "with `hub_changed`, one at a time: it waits until every "
            "watcher recorded a change (or 1 s passed, which counts as "
            "missed) and 0.2 ms more before the next. Time runs from "
            "`hub_changed` to each watcher's `hub_read` callback "
            "(CLOCK_MONOTONIC); the percentiles are over every delivery. "
            "All processes share the machine's cores.\n\n"
            "| watchers | deliveries | missed | p50 ms | p99 ms | max ms |\n"
            "|---|---|---|---|---|---|\n",
            run->hub_changes);
    for (i = 0; i < run->hub.level_count; i++) {
        const struct bench_hub_level *level = &run->hub.levels[i];

        fprintf(out, "| %d | %d | %d | %.3f | %.3f | %.3f |\n",
                level->watchers, level->samples, level->missed,
                level->p50_ms, level->p99_ms, level->max_ms);
    }
    if (run->hub.failure[0] != '\0') {
        fprintf(out, "\nThe hub measurement stopped early: `%s`\n",
                run->hub.failure);
    }
    fputc('\n', out);
}

static void
write_coedit(FILE *out, const struct bench_run *run)
{
    char hub[64];
    int i;

    if (run->coedit_changes == 0) {
        return;
    }
    fprintf(out,
            "## Co-editing propagation\n\n"
            "Screen to screen, through `terrish serve` and SSH. A dashboard "
            "with one key figure is made in the store before the server "
            "starts; V + 1 sessions of the same account open it at 80x24 "
            "(the list with `D`, then Enter) and stay open from one level "
            "to the next. One of them changes the widget's title %d times "
            "through the screen's keys: `r`, Ctrl-U, the title, then Enter "
            "once every viewer's screen was quiet for 30 ms. Time runs from "
            "writing Enter to the libvterm screen of each viewer showing "
            "the new title, and the next change waits until every viewer "
            "drew it or 5 s passed (missed). One client thread reads every "
            "session, so with many viewers a time also includes reading "
            "the sessions before it. Each change gives one sample per "
            "viewer, so p99 is close to the slowest change or two. The hub "
            "columns are the same number of watchers under Hub "
            "propagation.\n\n"
            "| viewers | reached | changes | screens timed | missed | p50 ms "
            "| p99 ms | max ms | hub alone p50 ms | hub alone p99 ms |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n",
            run->coedit_changes);
    for (i = 0; i < run->coedit.level_count; i++) {
        const struct bench_coedit_level *level = &run->coedit.levels[i];

        hub_cells(run, level->viewers, " | ", hub, sizeof hub);
        fprintf(out, "| %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %s |\n",
                level->viewers, level->reached, level->changes, level->samples,
                level->missed, level->p50_ms, level->p99_ms, level->max_ms,
                hub);
    }
    if (run->coedit.failure[0] != '\0') {
        fprintf(out, "\nThe co-editing measurement stopped early: `%s`\n",
                run->coedit.failure);
    }
    fputc('\n', out);
}

static void
write_targets(FILE *out, const struct bench_run *run)
{
    struct target_row rows[TARGET_COUNT];
    int i;

    targets_fill(run, rows);
    fprintf(out, "## Targets\n\n"
                 "| target | goal | measured | result |\n"
                 "|---|---|---|---|\n");
    for (i = 0; i < TARGET_COUNT; i++) {
        fprintf(out, "| %s | %s | %s | %s |\n", rows[i].name, rows[i].goal,
                rows[i].measured, rows[i].verdict);
    }
    fputc('\n', out);
}

int
bench_report_write(const struct bench_run *run, const char *path)
{
    FILE *out = fopen(path, "w");

    if (out == NULL) {
        bench_error("cannot write %s", path);
        return -1;
    }
    fprintf(out,
            "# Benchmarks\n\n"
            "Written by `bench/terrish-bench` (`make bench`); every number "
            "below comes from the run described under Run. It starts "
            "`terrish serve` and OpenSSH's `sshd` on 127.0.0.1 with a "
            "temporary store made by `terrish init`, and logs in with an "
            "ed25519 key.\n\n");
    write_machine(out, run);
    write_targets(out, run);
    write_screens(out, run);
    write_levels(out, run);
    write_store(out, run);
    write_hub(out, run);
    write_coedit(out, run);
    return fclose(out) == 0 ? 0 : -1;
}
