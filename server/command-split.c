/*
 * terrish: split the command line of an SSH exec request into words.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * No shell runs the command, so the words are cut the way a POSIX shell
 * would cut them (blanks, quotes, backslashes) but nothing is expanded.
 * Characters that would make a shell do more than pass text are rejected,
 * so that "export ... > file" fails with a message instead of reaching
 * the command as a stray argument.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server/server.h"

/* Characters a shell treats as operators or expansions when unquoted. */
#define SPLIT_OPERATORS ";|&<>()$`"

struct split {
    const char *line;
    size_t pos;
    char *word; /* bytes of the word being read */
    size_t word_len;
    int in_word; /* a quote makes a word even when it is empty */
    char **argv;
    int argc;
    char *error;
};

static void
split_append(struct split *split, char c)
{
    split->word[split->word_len++] = c;
    split->in_word = 1;
}

/* End the word being read, if any. Returns 0, or -1 past the word cap. */
static int
split_end_word(struct split *split)
{
    if (!split->in_word)
        return 0;
    if (split->argc == COMMAND_ARGS_MAX) {
        split->error = xasprintf(_("the command has more than %d words"),
                                 COMMAND_ARGS_MAX);
        return -1;
    }
    split->argv[split->argc++] = xstrndup(split->word, split->word_len);
    split->word_len = 0;
    split->in_word = 0;
    return 0;
}

/* Read '...' from the opening quote: every byte up to the next quote. */
static int
split_single_quoted(struct split *split)
{
    const char *line = split->line;
    size_t i = split->pos + 1;

    split->in_word = 1;
    while (line[i] != '\0' && line[i] != '\'')
        split_append(split, line[i++]);
    if (line[i] == '\0') {
        split->error = xstrdup(_("unterminated single quote: add the "
                                 "closing '"));
        return -1;
    }
    split->pos = i + 1;
    return 0;
}

/*
 * Read "..." from the opening quote. As in a POSIX shell, a backslash
 * before ", \, $ or ` keeps that character, and a backslash before a
 * newline removes both. Before any other character it stays as written.
 */
static int
split_double_quoted(struct split *split)
{
    const char *line = split->line;
    size_t i = split->pos + 1;

    split->in_word = 1;
    while (line[i] != '\0' && line[i] != '"') {
        if (line[i] == '\\' && line[i + 1] == '\n') {
            i += 2;
            continue;
        }
        if (line[i] == '\\' && line[i + 1] != '\0' &&
            strchr("\"\\$`", line[i + 1]) != NULL)
            i++;
        split_append(split, line[i++]);
    }
    if (line[i] == '\0') {
        split->error = xstrdup(_("unterminated double quote: add the "
                                 "closing \""));
        return -1;
    }
    split->pos = i + 1;
    return 0;
}

/* Return 1 when only blanks and newlines follow position pos. */
static int
split_rest_blank(const char *line, size_t pos)
{
    return line[pos + strspn(line + pos, " \t\n")] == '\0';
}

/* Read one unquoted character, or the character after a backslash. */
static int
split_unquoted(struct split *split)
{
    const char *line = split->line;
    char c = line[split->pos];

    if (c == '\\') {
        if (line[split->pos + 1] == '\0') {
            split->error = xstrdup(_("the command ends with a backslash"));
            return -1;
        }
        /* A backslash before a newline joins the two lines. */
        if (line[split->pos + 1] != '\n')
            split_append(split, line[split->pos + 1]);
        split->pos += 2;
        return 0;
    }
    if (c == '\n' && !split_rest_blank(line, split->pos)) {
        split->error = xstrdup(_("several commands on one line are not "
                                 "supported: run one command per "
                                 "connection"));
        return -1;
    }
    if (strchr(SPLIT_OPERATORS, c) != NULL || (c == '#' && !split->in_word)) {
        split->error = xasprintf(_("'%c' is not supported because no shell "
                                   "runs the command: quote it to pass it "
                                   "as text"),
                                 c);
        return -1;
    }
    split->pos++;
    if (c == ' ' || c == '\t' || c == '\n')
        return split_end_word(split);
    split_append(split, c);
    return 0;
}

/* Reject what no part of the line may contain. Returns 0 or -1. */
static int
split_check_line(struct split *split, size_t len)
{
    const unsigned char *p;

    if (len > COMMAND_LINE_MAX) {
        split->error = xasprintf(_("the command is longer than %d bytes"),
                                 COMMAND_LINE_MAX);
        return -1;
    }
    if (!text_utf8_valid(split->line, len)) {
        split->error = xstrdup(_("the command is not valid UTF-8"));
        return -1;
    }
    for (p = (const unsigned char *)split->line; *p != '\0'; p++) {
        if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f) {
            split->error = xasprintf(_("the command contains the control "
                                       "character 0x%02x"),
                                     *p);
            return -1;
        }
    }
    return 0;
}

int
command_split(const char *line, char ***argv_out, char **error)
{
    struct split split;
    size_t len = strlen(line);
    int rc = 0;

    memset(&split, 0, sizeof split);
    split.line = line;
    *argv_out = NULL;
    *error = NULL;
    if (split_check_line(&split, len) != 0) {
        *error = split.error;
        return -1;
    }

    split.word = xmalloc(len + 1);
    split.argv = xcalloc(COMMAND_ARGS_MAX + 1, sizeof *split.argv);
    while (rc == 0 && line[split.pos] != '\0') {
        if (line[split.pos] == '\'')
            rc = split_single_quoted(&split);
        else if (line[split.pos] == '"')
            rc = split_double_quoted(&split);
        else
            rc = split_unquoted(&split);
    }
    if (rc == 0)
        rc = split_end_word(&split);
    free(split.word);
    if (rc != 0) {
        command_split_free(split.argv);
        *error = split.error;
        return -1;
    }
    *argv_out = split.argv;
    return split.argc;
}

void
command_split_free(char **argv)
{
    size_t i;

    if (argv == NULL)
        return;
    for (i = 0; argv[i] != NULL; i++)
        free(argv[i]);
    free(argv);
}
