/*
 * terrish: the benchmark's side of the terminal client (tests/term-client.h):
 * logging in as a benchmark account, screen tests and timing helpers.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench.h"

int64_t
bench_now_ns(void)
{
    return term_client_now_ns();
}

void
bench_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
        continue;
    }
}

/* Last error message, for the report of a run that stopped early. */
static char last_error[512];
static pthread_mutex_t error_lock = PTHREAD_MUTEX_INITIALIZER;

void
bench_error(const char *fmt, ...)
{
    va_list ap;

    pthread_mutex_lock(&error_lock);
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    fprintf(stderr, "terrish-bench: %s\n", last_error);
    pthread_mutex_unlock(&error_lock);
}

void
bench_last_error(char *out, size_t size)
{
    pthread_mutex_lock(&error_lock);
    snprintf(out, size, "%s", last_error);
    pthread_mutex_unlock(&error_lock);
}

void *
bench_alloc(size_t size)
{
    void *ptr = calloc(1, size);

    if (ptr == NULL) {
        abort();
    }
    return ptr;
}

/* Record the failures of the terminal client as the benchmark's own. */
static void
client_report(const char *message)
{
    bench_error("%s", message);
}

void
bench_client_init(void)
{
    term_client_set_reporter(client_report);
}

int
bench_term_open(struct term_client **term_out,
                const struct bench_target *target, int cols, int rows,
                struct term_client_cost *cost)
{
    const struct term_client_auth auth = {.key_file = target->key_file};
    const struct term_client_options options = {
        .port = target->port,
        .user = target->user,
        .auth = &auth,
        .cols = cols,
        .rows = rows,
        .term_name = BENCH_TERM_NAME,
        .timeout_s = 60,
    };

    return term_client_open(term_out, &options, cost);
}

void
bench_term_settle(struct term_client *term, int quiet_ms, int max_ms)
{
    int64_t deadline = bench_now_ns() + (int64_t)max_ms * 1000000;

    while (bench_now_ns() < deadline) {
        if (term_client_pump(term, quiet_ms) <= 0) {
            return;
        }
    }
}

int
bench_screen_last_row_has_text(struct term_client *term, const void *text)
{
    const char *row;
    int cols;
    int rows;

    term_client_size(term, &cols, &rows);
    row = term_client_row(term, rows - 1);
    return row != NULL && strstr(row, text) != NULL;
}

int
bench_screen_highlight_moved(struct term_client *term, const void *row)
{
    int highlight = bench_term_highlight_row(term);

    return highlight != -1 && highlight != *(const int *)row;
}

int
bench_screen_has_prompt(struct term_client *term, const void *unused)
{
    const char *row;
    size_t len;
    int cursor_row;
    int cursor_col;

    (void)unused;
    term_client_cursor(term, &cursor_row, &cursor_col);
    row = term_client_row(term, cursor_row);
    if (row == NULL) {
        return 0;
    }
    /* The shell writes a space after its prompt. */
    len = strlen(row);
    while (len > 0 && row[len - 1] == ' ') {
        len--;
    }
    return len > 0 && (row[len - 1] == '$' || row[len - 1] == '#');
}

int
bench_term_wait_text(struct term_client *term, const char *text, int timeout_ms)
{
    if (term_client_wait(term, term_client_has_text, text, timeout_ms)) {
        return 1;
    }
    bench_error("timed out after %d ms waiting for \"%s\"; screen:\n%s",
                timeout_ms, text, term_client_screen(term));
    return 0;
}

int
bench_term_highlight_cell(struct term_client *term)
{
    struct term_client_cell cell;
    int cols;
    int rows;
    int row;
    int col;

    term_client_size(term, &cols, &rows);
    for (row = 1; row < rows - 1; row++) {
        for (col = 0; col < cols; col++) {
            if (term_client_cell(term, row, col, &cell) == 0 &&
                (cell.bg != -1 || cell.reverse)) {
                return row * cols + col;
            }
        }
    }
    return -1;
}

int
bench_screen_highlight_cell_moved(struct term_client *term, const void *cell)
{
    int highlight = bench_term_highlight_cell(term);

    return highlight != -1 && highlight != *(const int *)cell;
}

int
bench_term_highlight_row(struct term_client *term)
{
    struct term_client_cell cell;
    int cols;
    int rows;
    int row;

    term_client_size(term, &cols, &rows);
    for (row = 1; row < rows - 1; row++) {
        if (term_client_cell(term, row, 0, &cell) == 0 &&
            (cell.bg != -1 || cell.reverse)) {
            return row;
        }
    }
    return -1;
}
