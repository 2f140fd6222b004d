/*
 * terrish: libFuzzer target for the CSV reader and the import formats.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * Build and run with tests/run-fuzz.sh. Each input is read as a CSV file
 * (every cell also goes through the number, marker and code parsers) and
 * then as an indicator file with a meta that lists categories.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/common.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char meta_text[] =
    "{\"id\": \"fuzz\", \"native_level\": \"commune\", \"years\": [2020],"
    " \"categories\": [{\"id\": \"agriculture\"}, {\"id\": \"residentiel\"},"
    " {\"id\": \"routier\"}]}";

/* Read every record and parse every cell in every way. */
static void
fuzz_cells(const uint8_t *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    struct csv_reader *reader = NULL;
    const char *reason = NULL;
    char code[16];
    double value;
    size_t i;

    if (in == NULL)
        return;
    reader = csv_reader_create(in);
    while (csv_read(reader) == 1) {
        for (i = 0; i < csv_field_count(reader); i++) {
            csv_parse_number(csv_field(reader, i), &value, &reason);
            csv_parse_marker(csv_field(reader, i));
            csv_normalise_code(csv_field(reader, i), LEVEL_COMMUNE, code,
                               &reason);
            csv_normalise_code(csv_field(reader, i), LEVEL_DEPARTEMENT, code,
                               &reason);
        }
    }
    csv_reader_free(reader);
    fclose(in);
}

/* Read the input as an indicator file, format detected from its header. */
static void
fuzz_import(const uint8_t *data, size_t size)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    enum import_format format = IMPORT_FORMAT_AUTO;
    struct import_batch batch;
    json_t *meta = json_loads(meta_text, 0, NULL);
    char *error = NULL;
    char *warning = NULL;

    if (in == NULL || meta == NULL)
        abort();
    import_read(in, "fuzz", meta, &format, NULL, NULL, &batch, &error,
                &warning);
    import_batch_clear(&batch);
    free(error);
    free(warning);
    json_decref(meta);
    fclose(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    fuzz_cells(data, size);
    fuzz_import(data, size);
    return 0;
}
