/*
 * terrish: declarations shared by the files of the dashboard screen.
 * screen-dashboard.c has the grid, the navigation and the live updates,
 * dashboard-edit.c the changes, dialogs and conflicts, dashboard-data.c
 * what each widget reads from the store, and dashboard-widgets.c how it
 * is drawn.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#ifndef TERRISH_TUI_DASHBOARD_H
#define TERRISH_TUI_DASHBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "tui/chart.h"
#include "tui/map.h"
#include "tui/tui-internal.h"

/* Lines of one row of the grid: a widget of height h takes
 * h * DASH_ROW_LINES - 1 lines, and one blank line separates rows. */
#define DASH_ROW_LINES 6
/* Body widths from which the grid has 4 columns, or 2; below, 1. */
#define DASH_WIDE_COLUMNS 120
#define DASH_MEDIUM_COLUMNS 60
/* Largest width and height of a widget, in grid units. */
#define DASH_UNITS_MAX 4
/* Outlines of a mini-map read in one idle step. */
#define DASH_OUTLINES_PER_STEP 40
/* Classes of a mini-map. */
#define DASH_MAP_CLASSES 5
/* Territories ranked against the widget's own. */
#define DASH_SIMILAR_MAX 10
/* Flows listed per direction. */
#define DASH_FLOWS_LISTED 5

/* A labelled value of a widget: a category, a year, a territory of a
 * ranking, a transport mode, or a flow. */
struct dash_item {
    char *label;
    char *note; /* code, direction or NULL */
    struct indicator_result result;
    int series; /* colour of its bar */
    int own;    /* the widget's territory, in a ranking */
};

enum dash_phase {
    DASH_PENDING, /* values not all computed yet */
    DASH_READY,
    DASH_FAILED, /* the store failed: the widget shows an error */
};

/* One widget of the grid, with what was computed for it. */
struct dash_widget {
    struct widget widget;       /* as the store returns it */
    struct indicator indicator; /* has_indicator unset when unknown */
    int has_indicator;
    struct territory territory; /* the widget's, or the dashboard's */
    enum dash_phase phase;
    size_t step; /* computation steps done */

    /* KPI and gauge: the latest year with a value, the year before it,
     * and the nearest territory that contains this one. */
    struct indicator_result value;
    struct indicator_result previous;
    struct territory parent; /* name NULL when there is none */
    struct indicator_result parent_value;

    /* Bars, series, ranking, modal split and flows. */
    struct dash_item *items;
    size_t item_count;
    double flow_totals[3]; /* by enum flow_direction */
    double home_workers;   /* modal split: people with no transport */
    int flow_count;        /* flows read, 0 when the territory has none */
    int resident_flows;    /* of them, flows of people living here */

    /* Mini-map: the units around the territory, their classes and
     * outlines read so far. */
    struct map *map;
    struct dash_item *units; /* own is set for the widget's territory */
    int64_t *unit_ids;
    int *unit_fills;
    int *map_units; /* unit of each map index */
    size_t unit_count;
    size_t outline_next;
    double breaks[DASH_MAP_CLASSES + 1];
    int class_count;
    int fitted_cols;
    int fitted_rows;

    /* Grid placement in units, and the screen rectangle at the last draw
     * (height 0 when scrolled out of view). */
    int grid_row;
    int grid_col;
    int grid_width;
    int grid_height;
    struct tui_rect rect;
};

/* Open dialogs of the dashboard screen: one at a time. */
enum dash_dialog {
    DIALOG_NONE,
    DIALOG_PROMPT,    /* a text field for a field of the dashboard */
    DIALOG_CONFIRM,   /* a yes/no question */
    DIALOG_MENU,      /* the representations to choose from */
    DIALOG_CONFLICT,  /* someone changed the field first */
};

/* The change that a yes/no question, a prompt or a menu is for. */
enum dash_action {
    ACTION_NONE,
    ACTION_REMOVE,        /* remove the widget */
    ACTION_TAKE_OVER,     /* edit a widget someone else is editing */
    ACTION_TITLE,         /* the widget's title */
    ACTION_TARGET,        /* the gauge's target */
    ACTION_NAME,          /* the dashboard's name */
    ACTION_DESCRIPTION,   /* the dashboard's description */
    ACTION_ADD,           /* menu: the kind of a new widget */
    ACTION_KIND,          /* menu: the kind of the widget */
};

struct dash_view {
    struct tui_app *app; /* for the hub in the free operation */
    struct dashboard dashboard;
    enum dashboard_access access;
    char *code;   /* share code it was opened with, or NULL */
    int closed;   /* removed, or no longer visible to the account */
    char *theme;  /* theme of a default dashboard (id 0), or NULL */
    int watching; /* the hub was asked to watch it */
    struct territory territory;
    struct dash_widget *widgets;
    size_t widget_count;
    size_t cursor;
    int scroll;          /* first line of the grid shown */
    int follow;          /* bring the cursor into view at the next draw */
    int64_t seen;        /* last version read from the store */
    size_t compute_next; /* next widget the idle work looks at */

    struct hub_peer *peers; /* HUB_PRESENCE, self included */
    size_t peer_count;
    uint32_t self;
    int64_t editing; /* widget id sent to the hub as edited, or 0 */

    enum dash_dialog dialog;
    enum dash_action action;
    enum dash_action after_take_over; /* the prompt to open then */
    int64_t action_widget;  /* widget id the dialog applies to */
    int64_t action_version; /* version shown when a prompt opened */
    char *question;        /* of DIALOG_CONFIRM */
    struct tui_input input;
    struct tui_list menu;
    enum widget_kind menu_kinds[WIDGET_KIND_COUNT];
    char *new_indicator; /* chosen for a widget being added */
    struct tui_indicator_choice choice;

    /* DIALOG_CONFLICT: the field, the value now in the store, the user's. */
    char *conflict_field;
    char *conflict_current;
    char *conflict_mine;
    int64_t conflict_version;
};

/* Grid, data and live updates (screen-dashboard.c). */
struct dash_widget *dash_view_selected(struct dash_view *view);
struct dash_widget *dash_view_find(struct dash_view *view, int64_t widget_id);
const struct hub_peer *dash_view_editor(const struct dash_view *view,
                                        int64_t widget_id);
int dash_view_reload(struct dash_view *view, int all);
void dash_view_catch_up(struct dash_view *view);
void dash_view_committed(struct dash_view *view, int64_t version);

int dash_view_copy(struct tui_app *app, struct dash_view *view);

/* Changes and dialogs (dashboard-edit.c). */
int dash_edit_key(struct tui_app *app, struct dash_view *view,
                  const struct tui_key *key);
int dash_dialog_key(struct tui_app *app, struct dash_view *view,
                    const struct tui_key *key);
void dash_dialog_draw(struct tui_app *app, struct dash_view *view,
                      const struct tui_rect *body);
void dash_dialog_close(struct dash_view *view);
void dash_edit_taken(struct dash_view *view, const struct hub_peer *taker);
const char *dash_access_label(enum dashboard_access access);
/* Tell the sessions on a dashboard that its rights changed or that it was
 * removed, so that each checks it may still see it. version is the
 * dashboard's last one. */
void dash_announce_rights(struct tui_app *app, int64_t dashboard_id,
                          int64_t version);
const char *dash_field_label(const char *field);

/* Widgets (dashboard-widgets.c). */
const char *dash_kind_label(enum widget_kind kind);
int dash_kind_suits(struct store *store, enum widget_kind kind,
                    const struct indicator *indicator);
void dash_kind_size(enum widget_kind kind, int *width, int *height);
void dash_widget_load(struct tui_app *app, struct dash_widget *w,
                      const struct territory *dashboard_territory);
void dash_widget_reset(struct dash_widget *w);
void dash_widget_clear(struct dash_widget *w);
int dash_widget_step(struct tui_app *app, struct dash_widget *w);
void dash_widget_draw(struct tui_app *app, struct dash_widget *w,
                      const struct tui_rect *area);
const char *dash_widget_title(const struct dash_widget *w, int french);
int dash_modal_summary(const struct dash_widget *w, char *buf, size_t size,
                       int french);
int dash_has_value(const struct indicator_result *result);
int dash_latest_value(struct store *store, const struct indicator *indicator,
                      int64_t territory_id, const char *category,
                      struct indicator_result *out);
int dash_nearest_parent(struct store *store, const struct territory *territory,
                        struct territory *out);

#endif
