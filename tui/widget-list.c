/*
 * terrish: a scrollable list with one selected item, shared by screens.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The list only tracks positions. The screen owns the items and draws each
 * line through a callback.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>

#include "tui/tui-internal.h"

/* Empty the selection and scroll position for a list of count items. */
void
tui_list_reset(struct tui_list *list, size_t count)
{
    list->count = count;
    list->selected = 0;
    list->top = 0;
}

/* Scroll so that the selected item is one of the visible lines. */
static void
list_scroll(struct tui_list *list, int visible)
{
    size_t lines = visible > 0 ? (size_t)visible : 1;

    if (list->selected < list->top) {
        list->top = list->selected;
    }
    if (list->selected >= list->top + lines) {
        list->top = list->selected - lines + 1;
    }
    if (list->count <= lines) {
        list->top = 0;
    } else if (list->top > list->count - lines) {
        list->top = list->count - lines;
    }
}

/* Select item index (clamped to the last item) and keep it visible. */
void
tui_list_select(struct tui_list *list, size_t index, int visible)
{
    if (list->count == 0) {
        list->selected = 0;
        list->top = 0;
        return;
    }
    list->selected = index < list->count ? index : list->count - 1;
    list_scroll(list, visible);
}

/*
 * Move the selection for Up, Down, PgUp, PgDn, Home and End, and for k and
 * j when vi_keys is set. Returns TUI_KEY_HANDLED | TUI_KEY_REDRAW for a
 * movement key, 0 for any other key.
 */
int
tui_list_key(struct tui_list *list, const struct tui_key *key, int visible,
             int vi_keys)
{
    size_t page = visible > 1 ? (size_t)visible - 1 : 1;
    size_t target = list->selected;

    if (key->function) {
        switch (key->code) {
        case KEY_UP:
            target = target > 0 ? target - 1 : 0;
            break;
        case KEY_DOWN:
            target = target + 1;
            break;
        case KEY_PPAGE:
            target = target > page ? target - page : 0;
            break;
        case KEY_NPAGE:
            target = target + page;
            break;
        case KEY_HOME:
            target = 0;
            break;
        case KEY_END:
            target = list->count > 0 ? list->count - 1 : 0;
            break;
        default:
            return 0;
        }
    } else if (vi_keys && key->code == 'k') {
        target = target > 0 ? target - 1 : 0;
    } else if (vi_keys && key->code == 'j') {
        target = target + 1;
    } else {
        return 0;
    }

    tui_list_select(list, target, visible);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Draw the visible items in area, one per line, highlighting the selected
 * one. Also fixes the scroll position for the current area height. */
void
tui_list_draw(struct tui_app *app, struct tui_list *list,
              const struct tui_rect *area, tui_list_draw_fn draw_item,
              void *arg)
{
    size_t index;
    int row;

    if (area->height <= 0 || list->count == 0) {
        return;
    }
    tui_list_select(list, list->selected, area->height);

    for (row = 0; row < area->height; row++) {
        struct tui_rect line = {area->y + row, area->x, 1, area->width};
        int selected;

        index = list->top + (size_t)row;
        if (index >= list->count) {
            break;
        }
        selected = index == list->selected;
        if (selected) {
            tui_draw_fill(line.y, line.x, line.width, TUI_COLOUR_SELECTED);
        }
        draw_item(app, arg, index, &line, selected);
    }
}
