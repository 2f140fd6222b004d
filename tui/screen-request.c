/*
 * terrish: the account request form, the only screen of a login as
 * REQUEST_ACCOUNT. A person without an account fills it in, checks it and
 * sends it; a later login with the same key shows where the request is.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "tui/tui-internal.h"

/* Lines of the reason field, joined with line feeds when sent. */
#define REASON_LINES 4

enum request_field {
    FIELD_NAME,
    FIELD_FULL_NAME,
    FIELD_EMAIL,
    FIELD_ORGANISATION,
    FIELD_TERRITORY,
    FIELD_REASON, /* first of REASON_LINES lines */
    FIELD_COUNT = FIELD_REASON + REASON_LINES
};

enum request_stage {
    STAGE_STATUS,  /* a request made with this key: its state */
    STAGE_FORM,    /* typing the request */
    STAGE_CONFIRM, /* reading it back before sending */
    STAGE_LIMIT,   /* the address made REQUEST_PER_DAY requests today */
};

struct request_form {
    enum request_stage stage;
    char *key_type;
    char *key_base64;
    char *key_fingerprint;
    char *address;
    struct account_request existing; /* STAGE_STATUS */
    struct tui_input inputs[FIELD_COUNT]; /* FIELD_TERRITORY unused */
    struct territory territory;           /* name NULL until chosen */
    int field;                            /* focused field */
    int escape_pending; /* Esc was pressed once in the form */
};

static const char *const field_labels[FIELD_REASON + 1] = {
    [FIELD_NAME] = N_("Account name"),
    [FIELD_FULL_NAME] = N_("Full name"),
    [FIELD_EMAIL] = N_("E-mail"),
    [FIELD_ORGANISATION] = N_("Organisation"),
    [FIELD_TERRITORY] = N_("Territory"),
    [FIELD_REASON] = N_("Reason"),
};

static const struct tui_key_help request_help[] = {
    {NULL, N_("Account request")},
    {N_("Tab, Down, Enter"), N_("next field")},
    {N_("Shift-Tab, Up"), N_("previous field")},
    {N_("Enter on Territory"), N_("search the territory you work on")},
    {N_("Enter on the last line"), N_("read the request back before "
                                      "sending it")},
    {N_("Esc twice"), N_("leave without sending")},
    {NULL, N_("Before sending")},
    {N_("Enter"), N_("send the request")},
    {N_("e, Esc"), N_("back to the form")},
    {NULL, N_("Request sent")},
    {"n", N_("make a new request after a refusal")},
    {"q", N_("quit")},
    {NULL, NULL},
};

/* Read the latest request of the key; 0 when there is one, 1, -1. */
static int
request_load_existing(struct tui_app *app, struct request_form *form)
{
    int rc;

    account_request_clear(&form->existing);
    rc = store_request_for_key(app->store, form->key_type, form->key_base64,
                               &form->existing);
    if (rc < 0) {
        tui_app_set_message(app, 1, _("Could not read the requests: %s"),
                            tui_store_error(app));
    }
    return rc;
}

/* Choose the stage to open on: the state of an earlier request, the form,
 * or the notice that the address reached its limit. */
static void
request_start(struct tui_app *app, struct request_form *form)
{
    int count = 0;

    if (request_load_existing(app, form) == 0) {
        form->stage = STAGE_STATUS;
        return;
    }
    if (store_request_count_recent(app->store, form->address, &count) == 0 &&
        count >= REQUEST_PER_DAY) {
        form->stage = STAGE_LIMIT;
        return;
    }
    form->stage = STAGE_FORM;
    form->field = FIELD_NAME;
}

static void *
request_create(struct tui_app *app, const void *arg)
{
    const struct tui_options *options = arg;
    struct request_form *form = xcalloc(1, sizeof(*form));
    size_t i;

    form->key_type = xstrdup(options->request_key_type);
    form->key_base64 = xstrdup(options->request_key_base64);
    form->key_fingerprint = xstrdup(options->request_key_fingerprint != NULL
                                        ? options->request_key_fingerprint
                                        : "");
    form->address = xstrdup(app->actor.address);
    for (i = 0; i < FIELD_COUNT; i++) {
        tui_input_clear(&form->inputs[i]);
    }
    request_start(app, form);
    return form;
}

/* The territory as "Name (level)", or "" when none is chosen. */
static void
request_territory_text(const struct request_form *form, char *buf,
                       size_t size)
{
    char level[64];

    buf[0] = '\0';
    if (form->territory.name == NULL) {
        return;
    }
    tui_format_level(level, sizeof(level), &form->territory);
    snprintf(buf, size, "%s (%s)", form->territory.name, level);
}

/* The reason lines joined with line feeds, trailing empty lines left
 * out. The caller frees it. */
static char *
request_reason(const struct request_form *form)
{
    char *reason = xstrdup("");
    int last = REASON_LINES - 1;
    int i;

    while (last > 0 && form->inputs[FIELD_REASON + last].length == 0) {
        last--;
    }
    for (i = 0; i <= last; i++) {
        char *next = xasprintf("%s%s%s", reason, i > 0 ? "\n" : "",
                               form->inputs[FIELD_REASON + i].text);

        free(reason);
        reason = next;
    }
    return reason;
}

/* Width of the label column: the widest translated label and a space. */
static int
request_label_width(void)
{
    int width = 0;
    int i;

    for (i = 0; i <= FIELD_REASON; i++) {
        int columns = text_width(_(field_labels[i]));

        width = columns > width ? columns : width;
    }
    return width + 2;
}

/* Draw the form: a field per line, the reason on REASON_LINES lines. */
static void
request_draw_form(struct tui_app *app, struct request_form *form,
                  const struct tui_rect *body)
{
    int label_width = request_label_width();
    int y = body->y + 3;
    char territory[256];
    int i;

    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_HEADING,
                  _("Request an account"));
    tui_draw_text(body->y + 1, 1, body->width - 2, TUI_COLOUR_DIM,
                  _("Fill in every field; an administrator of your région "
                    "reviews the request."));
    for (i = 0; i < FIELD_COUNT && y < body->y + body->height; i++, y++) {
        struct tui_rect line = {y, 1 + label_width, 1,
                                body->width - label_width - 2};
        const char *label = i <= FIELD_REASON ? _(field_labels[i]) : "";

        tui_draw_text(y, 1, label_width, TUI_COLOUR_HEADING, label);
        if (i == FIELD_TERRITORY) {
            request_territory_text(form, territory, sizeof(territory));
            tui_draw_fill(y, line.x, line.width, TUI_COLOUR_INPUT);
            tui_draw_text(y, line.x, line.width, TUI_COLOUR_INPUT,
                          territory[0] != '\0'
                              ? territory
                              : _("(Enter: search by name or code)"));
            if (form->field == i) {
                tui_draw_cursor(app, y, line.x);
            }
            continue;
        }
        if (form->field == i) {
            tui_input_draw(app, &form->inputs[i], &line, "");
        } else {
            tui_draw_fill(y, line.x, line.width, TUI_COLOUR_INPUT);
            tui_draw_text(y, line.x, line.width, TUI_COLOUR_INPUT,
                          form->inputs[i].text);
        }
    }
    if (y + 1 < body->y + body->height) {
        tui_draw_text(y + 1, 1, body->width - 2, TUI_COLOUR_DIM,
                      _("Tab or Enter: next field. Enter on the last line: "
                        "read it back. Esc twice: leave."));
    }
}

/* Draw one "Label: value" line of the summary, wrapped; returns the next
 * line. */
static int
request_draw_pair(int y, const struct tui_rect *body, const char *label,
                  const char *value)
{
    int label_width = request_label_width();

    tui_draw_text(y, 1, label_width, TUI_COLOUR_HEADING, label);
    return tui_draw_wrapped(y, 1 + label_width, body->width - label_width - 2,
                            body->y + body->height, TUI_COLOUR_NORMAL, value);
}

static void
request_draw_confirm(struct request_form *form, const struct tui_rect *body)
{
    char territory[256];
    char *reason = request_reason(form);
    char key[256];
    int y = body->y + 2;

    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_HEADING,
                  _("Check your request"));
    request_territory_text(form, territory, sizeof(territory));
    snprintf(key, sizeof(key), "%s %s", form->key_type,
             form->key_fingerprint);
    y = request_draw_pair(y, body, _("Account name"),
                          form->inputs[FIELD_NAME].text);
    y = request_draw_pair(y, body, _("Full name"),
                          form->inputs[FIELD_FULL_NAME].text);
    y = request_draw_pair(y, body, _("E-mail"), form->inputs[FIELD_EMAIL].text);
    y = request_draw_pair(y, body, _("Organisation"),
                          form->inputs[FIELD_ORGANISATION].text);
    y = request_draw_pair(y, body, _("Territory"), territory);
    y = request_draw_pair(y, body, _("Reason"), reason);
    y = request_draw_pair(y, body, _("Key"), key);
    if (y + 1 < body->y + body->height) {
        tui_draw_text(y + 1, 1, body->width - 2, TUI_COLOUR_DIM,
                      _("Enter: send the request. e or Esc: back to the "
                        "form."));
    }
    free(reason);
}

/* The command that logs in as name: the session's prefix with name in
 * place of the request login. */
static char *
request_login_command(const struct tui_app *app, const char *name)
{
    const char *prefix = app->command_prefix != NULL ? app->command_prefix
                                                     : "ssh";
    const char *at = strstr(prefix, REQUEST_ACCOUNT "@");

    if (at == NULL) {
        return xasprintf("ssh %s@...", name);
    }
    return xasprintf("%.*s%s@%s", (int)(at - prefix), prefix, name,
                     at + strlen(REQUEST_ACCOUNT "@"));
}

static void
request_draw_status(struct tui_app *app, struct request_form *form,
                    const struct tui_rect *body)
{
    const struct account_request *r = &form->existing;
    char *login = NULL;
    char *text = NULL;
    int y = body->y + 2;

    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_HEADING,
                  _("Your account request"));
    text = xasprintf(_("Request %lld of %s for the name %s"), (long long)r->id,
                     r->created_at, r->name);
    y = request_draw_pair(y, body, "", text);
    free(text);
    y++;
    switch (r->status) {
    case REQUEST_PENDING:
        y = request_draw_pair(y, body, _("Status"),
                              _("pending: an administrator will review it. "
                                "Log in again with this key to see the "
                                "decision."));
        break;
    case REQUEST_REFUSED:
        y = request_draw_pair(y, body, _("Status"), _("refused"));
        y = request_draw_pair(y, body, _("Reason"),
                              r->refusal_reason != NULL ? r->refusal_reason
                                                        : "");
        y = request_draw_pair(y + 1, body, "",
                              _("Press n to make a new request."));
        break;
    case REQUEST_ACCEPTED:
        login = request_login_command(app, r->account_name != NULL
                                               ? r->account_name
                                               : r->name);
        text = xasprintf(_("accepted: log in as %s with this key: %s"),
                         r->account_name != NULL ? r->account_name : r->name,
                         login);
        y = request_draw_pair(y, body, _("Status"), text);
        free(text);
        free(login);
        break;
    }
    if (y + 1 < body->y + body->height) {
        tui_draw_text(y + 1, 1, body->width - 2, TUI_COLOUR_DIM,
                      _("q: quit"));
    }
}

static void
request_draw_limit(const struct tui_rect *body)
{
    char *text = xasprintf(_("%d account requests came from your address "
                             "in the last 24 hours, the most that is "
                             "accepted. Try again tomorrow, or ask the "
                             "administrators of the server."),
                           REQUEST_PER_DAY);

    tui_draw_text(body->y, 1, body->width - 2, TUI_COLOUR_HEADING,
                  _("Request an account"));
    request_draw_pair(body->y + 2, body, "", text);
    free(text);
}

static void
request_draw(struct tui_app *app, void *state, const struct tui_rect *body)
{
    struct request_form *form = state;

    switch (form->stage) {
    case STAGE_STATUS:
        request_draw_status(app, form, body);
        break;
    case STAGE_FORM:
        request_draw_form(app, form, body);
        break;
    case STAGE_CONFIRM:
        request_draw_confirm(form, body);
        break;
    case STAGE_LIMIT:
        request_draw_limit(body);
        break;
    }
}

/* The picker chose the territory. */
static void
request_territory_chosen(struct tui_app *app, void *owner,
                         const struct territory *territory)
{
    struct request_form *form = owner;

    territory_clear(&form->territory);
    tui_territory_copy(&form->territory, territory);
    form->field = FIELD_TERRITORY + 1;
    app->dirty = 1;
}

/* Open the picker to choose the territory. */
static int
request_choose_territory(struct tui_app *app, struct request_form *form)
{
    /* The picker keeps the pointer while it is open, above this screen. */
    static struct tui_territory_choice choice;

    choice.chosen = request_territory_chosen;
    choice.owner = form;
    tui_app_push(app, &tui_screen_picker, &choice);
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Return 1 when a text field is blank. */
static int
request_blank(const struct tui_input *input)
{
    return input->text[strspn(input->text, " ")] == '\0';
}

/* Say why name cannot be asked for, from store_request_check_name(). */
static void
request_name_message(struct tui_app *app, int check, const char *name)
{
    switch (check) {
    case REQUEST_NAME_INVALID:
        tui_app_set_message(app, 1,
                            _("Account name: use 1 to 32 characters a-z, "
                              "0-9, '_', '.' or '-', starting with a letter "
                              "or '_'."));
        return;
    case REQUEST_NAME_RESERVED:
        tui_app_set_message(app, 1,
                            _("Account name: \"%s\" is reserved, choose "
                              "another one."),
                            name);
        return;
    case REQUEST_NAME_TAKEN:
        tui_app_set_message(app, 1,
                            _("Account name: \"%s\" is already taken, "
                              "choose another one."),
                            name);
        return;
    default:
        tui_app_set_message(app, 1, _("Could not check the account name: %s"),
                            tui_store_error(app));
        return;
    }
}

/* Check the form before reading it back; moves to the first wrong field
 * and returns -1 with a message. */
static int
request_check(struct tui_app *app, struct request_form *form)
{
    char *reason = NULL;
    int rc;
    int i;

    for (i = 0; i < FIELD_TERRITORY; i++) {
        if (request_blank(&form->inputs[i])) {
            form->field = i;
            tui_app_set_message(app, 1, _("%s: this field is required."),
                                _(field_labels[i]));
            return -1;
        }
    }
    rc = store_request_check_name(app->store, form->inputs[FIELD_NAME].text);
    if (rc != REQUEST_NAME_FREE) {
        form->field = FIELD_NAME;
        request_name_message(app, rc, form->inputs[FIELD_NAME].text);
        return -1;
    }
    if (!request_email_valid(form->inputs[FIELD_EMAIL].text)) {
        form->field = FIELD_EMAIL;
        tui_app_set_message(app, 1, _("E-mail: not a valid address."));
        return -1;
    }
    if (form->territory.name == NULL) {
        form->field = FIELD_TERRITORY;
        tui_app_set_message(app, 1, _("Territory: choose the territory you "
                                      "work on."));
        return -1;
    }
    reason = request_reason(form);
    rc = reason[strspn(reason, " \n")] == '\0';
    free(reason);
    if (rc) {
        form->field = FIELD_REASON;
        tui_app_set_message(app, 1, _("Reason: say why you need an "
                                      "account."));
        return -1;
    }
    return 0;
}

/* Send the request; on success show its state. */
static int
request_send(struct tui_app *app, struct request_form *form)
{
    struct account_request request;
    int rc;

    memset(&request, 0, sizeof(request));
    request.name = xstrdup(form->inputs[FIELD_NAME].text);
    request.full_name = xstrdup(form->inputs[FIELD_FULL_NAME].text);
    request.email = xstrdup(form->inputs[FIELD_EMAIL].text);
    request.organisation = xstrdup(form->inputs[FIELD_ORGANISATION].text);
    request.reason = request_reason(form);
    request.territory_id = form->territory.id;
    request.key_type = xstrdup(form->key_type);
    request.key_base64 = xstrdup(form->key_base64);
    request.key_fingerprint = xstrdup(form->key_fingerprint);
    request.address = xstrdup(form->address);
    snprintf(request.lang, sizeof(request.lang), "%s",
             app->french ? "fr" : "en");
    rc = store_request_add(app->store, &request);
    account_request_clear(&request);
    if (rc == STORE_LIMITED) {
        form->stage = STAGE_LIMIT;
    } else if (rc != 0) {
        form->stage = STAGE_FORM;
        tui_app_set_message(app, 1, _("The request was not sent: %s"),
                            tui_store_error(app));
    } else if (request_load_existing(app, form) == 0) {
        form->stage = STAGE_STATUS;
        tui_app_set_message(app, 0, _("Your request was sent."));
    }
    return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
}

/* Move the focus by delta fields, within the form. */
static void
request_move(struct request_form *form, int delta)
{
    int field = form->field + delta;

    if (field < 0) {
        field = 0;
    }
    if (field >= FIELD_COUNT) {
        field = FIELD_COUNT - 1;
    }
    form->field = field;
}

static int
request_form_key(struct tui_app *app, struct request_form *form,
                 const struct tui_key *key)
{
    int escape = !key->function && (key->code == TUI_ESCAPE ||
                                     key->code == TUI_CTRL('C'));
    int flags;

    if (escape && form->escape_pending) {
        return TUI_KEY_HANDLED | TUI_KEY_QUIT;
    }
    form->escape_pending = escape;
    if (escape) {
        tui_app_set_message(app, 0, _("Press Esc again to leave without "
                                      "sending the request."));
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if ((key->function && (key->code == KEY_DOWN)) ||
        (!key->function && key->code == '\t')) {
        request_move(form, 1);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (key->function && (key->code == KEY_UP || key->code == KEY_BTAB)) {
        request_move(form, -1);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (form->field == FIELD_TERRITORY &&
        (tui_key_is_enter(key) || (!key->function && key->code >= 0x20))) {
        return request_choose_territory(app, form);
    }
    if (tui_key_is_enter(key) && form->field == FIELD_COUNT - 1) {
        if (request_check(app, form) == 0) {
            form->stage = STAGE_CONFIRM;
        }
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    if (tui_key_is_enter(key)) {
        request_move(form, 1);
        return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
    }
    flags = tui_input_key(&form->inputs[form->field], key);
    /* Every other key is taken, so that no letter reaches the global
     * keys while typing. */
    return (flags & ~TUI_INPUT_CHANGED) | TUI_KEY_HANDLED;
}

static int
request_key(struct tui_app *app, void *state, const struct tui_key *key)
{
    struct request_form *form = state;

    switch (form->stage) {
    case STAGE_FORM:
        return request_form_key(app, form, key);
    case STAGE_CONFIRM:
        if (tui_key_is_enter(key)) {
            return request_send(app, form);
        }
        if (!key->function &&
            (key->code == 'e' || key->code == TUI_ESCAPE)) {
            form->stage = STAGE_FORM;
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        return 0;
    case STAGE_STATUS:
        if (!key->function && key->code == 'n' &&
            form->existing.status == REQUEST_REFUSED) {
            account_request_clear(&form->existing);
            form->stage = STAGE_FORM;
            form->field = FIELD_NAME;
            return TUI_KEY_HANDLED | TUI_KEY_REDRAW;
        }
        return 0;
    case STAGE_LIMIT:
        break;
    }
    return 0;
}

static const char *
request_title(struct tui_app *app, void *state)
{
    (void)app;
    (void)state;
    return _("Account request");
}

static int
request_typing(void *state)
{
    const struct request_form *form = state;

    return form->stage == STAGE_FORM;
}

static void
request_free(void *state)
{
    struct request_form *form = state;

    free(form->key_type);
    free(form->key_base64);
    free(form->key_fingerprint);
    free(form->address);
    account_request_clear(&form->existing);
    territory_clear(&form->territory);
    free(form);
}

const struct tui_screen_ops tui_screen_request = {
    .name = "request",
    .create = request_create,
    .title = request_title,
    .draw = request_draw,
    .key = request_key,
    .typing = request_typing,
    .help = request_help,
    .free = request_free,
};
