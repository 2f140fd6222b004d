/*
 * terrish: a one-line UTF-8 text field with a cursor.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The text is kept as UTF-8 and the cursor as a byte offset that always
 * sits at the start of a character: Backspace, Delete, Left and Right move
 * over whole characters, never single bytes.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* Returns 1 when byte is a UTF-8 continuation byte (10xxxxxx). */
static int
is_continuation(unsigned char byte)
{
    return (byte & 0xc0) == 0x80;
}

/* Encode a Unicode code point as UTF-8. Returns the bytes written (1 to 4),
 * or 0 for a surrogate or a value past U+10FFFF. */
static size_t
utf8_encode(unsigned int codepoint, char out[4])
{
    if (codepoint < 0x80) {
        out[0] = (char)codepoint;
        return 1;
    }
    if (codepoint < 0x800) {
        out[0] = (char)(0xc0 | (codepoint >> 6));
        out[1] = (char)(0x80 | (codepoint & 0x3f));
        return 2;
    }
    if (codepoint >= 0xd800 && codepoint <= 0xdfff) {
        return 0;
    }
    if (codepoint < 0x10000) {
        out[0] = (char)(0xe0 | (codepoint >> 12));
        out[1] = (char)(0x80 | ((codepoint >> 6) & 0x3f));
        out[2] = (char)(0x80 | (codepoint & 0x3f));
        return 3;
    }
    if (codepoint <= 0x10ffff) {
        out[0] = (char)(0xf0 | (codepoint >> 18));
        out[1] = (char)(0x80 | ((codepoint >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((codepoint >> 6) & 0x3f));
        out[3] = (char)(0x80 | (codepoint & 0x3f));
        return 4;
    }
    return 0;
}

/* Returns the offset of the character before offset. */
static size_t
previous_char(const struct tui_input *input, size_t offset)
{
    if (offset == 0) {
        return 0;
    }
    offset--;
    while (offset > 0 && is_continuation((unsigned char)input->text[offset])) {
        offset--;
    }
    return offset;
}

/* Returns the offset of the character after offset. */
static size_t
next_char(const struct tui_input *input, size_t offset)
{
    if (offset >= input->length) {
        return input->length;
    }
    offset++;
    while (offset < input->length &&
           is_continuation((unsigned char)input->text[offset])) {
        offset++;
    }
    return offset;
}

/* Remove the bytes between start and end. */
static void
remove_range(struct tui_input *input, size_t start, size_t end)
{
    memmove(input->text + start, input->text + end, input->length - end + 1);
    input->length -= end - start;
    input->cursor = start;
}

/* Empty the field. */
void
tui_input_clear(struct tui_input *input)
{
    input->text[0] = '\0';
    input->length = 0;
    input->cursor = 0;
}

/* Returns the bytes the field's text may have. */
static size_t
input_max_length(const struct tui_input *input)
{
    if (input->max_length == 0 || input->max_length > TUI_INPUT_MAX - 1) {
        return TUI_INPUT_MAX - 1;
    }
    return input->max_length;
}

/*
 * Insert one character at the cursor. Returns 0, -1 when it is not a
 * printable character, or -2 when the field is full (max_length bytes).
 */
int
tui_input_insert(struct tui_input *input, unsigned int codepoint)
{
    char bytes[4];
    size_t count;

    if (codepoint < 0x20 || (codepoint >= 0x7f && codepoint < 0xa0)) {
        return -1;
    }
    count = utf8_encode(codepoint, bytes);
    if (count == 0) {
        return -1;
    }
    if (input->length + count > input_max_length(input)) {
        return -2;
    }

    memmove(input->text + input->cursor + count, input->text + input->cursor,
            input->length - input->cursor + 1);
    memcpy(input->text + input->cursor, bytes, count);
    input->length += count;
    input->cursor += count;
    return 0;
}

/* Apply an editing function key. Returns TUI_KEY_* and TUI_INPUT_CHANGED
 * flags, or 0 when the key does not edit. */
static int
input_function_key(struct tui_input *input, unsigned int code)
{
    size_t before = input->length;

    switch (code) {
    case KEY_BACKSPACE:
        remove_range(input, previous_char(input, input->cursor), input->cursor);
        break;
    case KEY_DC:
        remove_range(input, input->cursor, next_char(input, input->cursor));
        break;
    case KEY_LEFT:
        input->cursor = previous_char(input, input->cursor);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case KEY_RIGHT:
        input->cursor = next_char(input, input->cursor);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case KEY_HOME:
        input->cursor = 0;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    case KEY_END:
        input->cursor = input->length;
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    default:
        return 0;
    }
    if (input->length == before) {
        return TUI_KEY_HANDLED;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW | TUI_INPUT_CHANGED;
}

/*
 * Replace the text by utf8, with the cursor at its end. Returns 0, or -1
 * (the field unchanged) when the text does not fit in the field's max_length
 * bytes, is not valid UTF-8 or has a control character.
 */
int
tui_input_set(struct tui_input *input, const char *utf8)
{
    size_t length = strlen(utf8);
    const unsigned char *p;

    if (length > input_max_length(input) || !text_utf8_valid(utf8, length)) {
        return -1;
    }
    for (p = (const unsigned char *)utf8; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 &&
                                        p[1] <= 0x9f)) {
            return -1;
        }
    }
    memcpy(input->text, utf8, length + 1);
    input->length = length;
    input->cursor = length;
    return 0;
}

/*
 * Apply one key. Printable characters are inserted, Backspace and Delete
 * remove one character, Left, Right, Home, End, Ctrl-A and Ctrl-E move the
 * cursor, and Ctrl-U clears the field. Returns 0 for any other key, so
 * that the screen can use it (Enter, Escape, Up, Down...).
 */
int
tui_input_key(struct tui_input *input, const struct tui_key *key)
{
    size_t before = input->length;

    if (key->function) {
        return input_function_key(input, key->code);
    }

    switch (key->code) {
    case TUI_DELETE:
    case TUI_CTRL('H'):
        return input_function_key(input, KEY_BACKSPACE);
    case TUI_CTRL('A'):
        return input_function_key(input, KEY_HOME);
    case TUI_CTRL('E'):
        return input_function_key(input, KEY_END);
    case TUI_CTRL('U'):
        tui_input_clear(input);
        break;
    default:
        if (key->code < 0x20) {
            return 0;
        }
        switch (tui_input_insert(input, key->code)) {
        case -1:
            return TUI_KEY_HANDLED;
        case -2:
            return TUI_KEY_HANDLED | TUI_INPUT_FULL;
        }
        break;
    }
    if (input->length == before) {
        return TUI_KEY_HANDLED;
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW | TUI_INPUT_CHANGED;
}

/*
 * Draw the prompt and the field on one line and place the terminal cursor.
 * When the text is wider than the field, it scrolls to keep the cursor in
 * view.
 */
void
tui_input_draw(struct tui_app *app, const struct tui_input *input,
               const struct tui_rect *line, const char *prompt)
{
    int prompt_columns;
    int field_x;
    int field_width;
    size_t start = 0;
    int cursor_column;

    prompt_columns = tui_draw_text(line->y, line->x, line->width,
                                   TUI_COLOUR_HEADING, prompt);
    field_x = line->x + prompt_columns + 1;
    field_width = line->width - prompt_columns - 1;
    if (field_width < 2) {
        return;
    }
    tui_draw_fill(line->y, field_x, field_width, TUI_COLOUR_INPUT);

    /* Drop leading characters until the cursor fits, leaving its cell. */
    cursor_column = tui_text_columns(input->text, input->cursor);
    while (cursor_column >= field_width && start < input->cursor) {
        start = next_char(input, start);
        cursor_column =
            tui_text_columns(input->text + start, input->cursor - start);
    }
    tui_draw_text(line->y, field_x, field_width, TUI_COLOUR_INPUT,
                  input->text + start);
    tui_draw_cursor(app, line->y, field_x + cursor_column);
}
