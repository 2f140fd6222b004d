/*
 * terrish: a small hand-made data folder for the store tests.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Région 84 with départements 01 and 69 and three communes. EPCI 200000001
 * contains 69001 and 01001, so it spans both départements, and EPCI 200000002
 * contains 69002. The catalogue and values are described in data-fixture.c.
 */
#ifndef TERRISH_TESTS_DATA_FIXTURE_H
#define TERRISH_TESTS_DATA_FIXTURE_H

/* A file of the small data folder, by path relative to the folder. */
struct fixture_file {
    const char *path;
    const char *text;
};

/*
 * Write the small data folder into a new temporary folder and return its
 * path, which the caller frees after fixture_remove(). A file of
 * replacements (NULL-terminated by path, may be NULL) replaces the file of
 * the same path, and a NULL text removes it.
 */
char *fixture_write(const char *name, const struct fixture_file *replacements);
void fixture_remove(const char *dir);
/* Return the folder that real data comes from: $TERRISH_DATA or "data". */
const char *fixture_real_data_dir(void);
/* Return a new temporary folder under $TERRISH_TEST_TMP or /tmp. */
char *fixture_temp_dir(const char *name);

#endif
