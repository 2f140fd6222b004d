# Unit tests: one Check program per module, linked with libterrish.a.
UNIT_TESTS = \
	tests/check-text \
	tests/check-store-schema \
	tests/check-store-territory \
	tests/check-store-user \
	tests/check-store-indicator \
	tests/check-store-aggregate \
	tests/check-store-tsv \
	tests/check-cli-import

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_check_text_SOURCES = tests/check-text.c
tests_check_text_CFLAGS = $(TEST_CFLAGS)
tests_check_text_LDADD = $(TEST_LIBS)

tests_check_store_schema_SOURCES = tests/check-store-schema.c
tests_check_store_schema_CFLAGS = $(TEST_CFLAGS)
tests_check_store_schema_LDADD = $(TEST_LIBS)

tests_check_store_territory_SOURCES = tests/check-store-territory.c
tests_check_store_territory_CFLAGS = $(TEST_CFLAGS)
tests_check_store_territory_LDADD = $(TEST_LIBS)

tests_check_store_user_SOURCES = tests/check-store-user.c
tests_check_store_user_CFLAGS = $(TEST_CFLAGS)
tests_check_store_user_LDADD = $(TEST_LIBS)

tests_check_store_indicator_SOURCES = \
	tests/check-store-indicator.c \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_store_indicator_CFLAGS = $(TEST_CFLAGS)
tests_check_store_indicator_LDADD = $(TEST_LIBS)

tests_check_store_aggregate_SOURCES = \
	tests/check-store-aggregate.c \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_store_aggregate_CFLAGS = $(TEST_CFLAGS)
tests_check_store_aggregate_LDADD = $(TEST_LIBS)

# Dashboards: rights, versions, history, undo and revert, defaults.
UNIT_TESTS += tests/check-store-dashboard
tests_check_store_dashboard_SOURCES = \
	tests/check-store-dashboard.c \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_store_dashboard_CFLAGS = $(TEST_CFLAGS)
tests_check_store_dashboard_LDADD = $(TEST_LIBS)

tests_check_store_tsv_SOURCES = tests/check-store-tsv.c
tests_check_store_tsv_CFLAGS = $(TEST_CFLAGS)
tests_check_store_tsv_LDADD = $(TEST_LIBS)

# Strategy engine, its catalogue and its storage.
UNIT_TESTS += \
	tests/check-strategy-engine \
	tests/check-store-strategy
tests_check_strategy_engine_SOURCES = tests/check-strategy-engine.c
tests_check_strategy_engine_CFLAGS = $(TEST_CFLAGS)
tests_check_strategy_engine_LDADD = $(TEST_LIBS)
tests_check_store_strategy_SOURCES = tests/check-store-strategy.c
tests_check_store_strategy_CFLAGS = $(TEST_CFLAGS)
tests_check_store_strategy_LDADD = $(TEST_LIBS)

# CSV reader and import formats.
UNIT_TESTS += \
	tests/check-csv \
	tests/check-import
tests_check_csv_SOURCES = tests/check-csv.c
tests_check_csv_CFLAGS = $(TEST_CFLAGS)
tests_check_csv_LDADD = $(TEST_LIBS)
tests_check_import_SOURCES = tests/check-import.c
tests_check_import_CFLAGS = $(TEST_CFLAGS)
tests_check_import_LDADD = $(TEST_LIBS)

# Fuzzing of the CSV reader; skipped (77) when clang's libFuzzer is missing.
TESTS += tests/run-fuzz.sh
EXTRA_DIST += \
	tests/run-fuzz.sh \
	tests/fuzz-csv.c \
	tests/fixtures/import/ademe-igt-dep01.csv \
	tests/fixtures/import/commuting_flows.json \
	tests/fixtures/import/comparateur-ara.csv \
	tests/fixtures/import/dwellings.json \
	tests/fixtures/import/energy_consumption.json \
	tests/fixtures/import/ghg_emissions.json \
	tests/fixtures/import/long-bom.csv \
	tests/fixtures/import/mobpro-01001.csv \
	tests/fixtures/import/observatory-cp1252.csv \
	tests/fixtures/import/population.json \
	tests/fixtures/import/wide-dwellings.tsv

# Runs the built binary ($TERRISH_BIN) on a store of the small test data.
tests_check_cli_import_SOURCES = \
	tests/check-cli-import.c \
	tests/cli-run.c \
	tests/cli-run.h \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_cli_import_CFLAGS = $(TEST_CFLAGS)
tests_check_cli_import_LDADD = $(TEST_LIBS)

# Runs the built binary ($TERRISH_BIN): terrish group, and exports of a group.
UNIT_TESTS += tests/check-cli-group
tests_check_cli_group_SOURCES = \
	tests/check-cli-group.c \
	tests/cli-run.c \
	tests/cli-run.h \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_cli_group_CFLAGS = $(TEST_CFLAGS)
tests_check_cli_group_LDADD = $(TEST_LIBS)

# Class breaks, braille canvas, bars and axis ticks of the charts.
UNIT_TESTS += tests/check-tui-chart
tests_check_tui_chart_SOURCES = tests/check-tui-chart.c
tests_check_tui_chart_CFLAGS = $(TEST_CFLAGS)
tests_check_tui_chart_LDADD = $(TEST_LIBS)

# Map and chart drawing of draw.c, played to a libvterm screen.
UNIT_TESTS += tests/check-tui-draw
tests_check_tui_draw_SOURCES = tests/check-tui-draw.c
tests_check_tui_draw_CFLAGS = $(TEST_CFLAGS)
tests_check_tui_draw_LDADD = $(TEST_LIBS)

# Map outlines: decoding, filling, movement and labels (no terminal).
UNIT_TESTS += tests/check-tui-map
tests_check_tui_map_SOURCES = tests/check-tui-map.c
tests_check_tui_map_CFLAGS = $(TEST_CFLAGS)
tests_check_tui_map_LDADD = $(TEST_LIBS)

# Splitting of an SSH exec request's command line into words.
UNIT_TESTS += tests/check-command-split
tests_check_command_split_SOURCES = tests/check-command-split.c
tests_check_command_split_CFLAGS = $(TEST_CFLAGS)
tests_check_command_split_LDADD = $(TEST_LIBS)

# Runs the built binary ($TERRISH_BIN): terrish territories and indicators,
# the command table and its exit statuses, on a store of the bundled data.
UNIT_TESTS += tests/check-cli-query
tests_check_cli_query_SOURCES = \
	tests/check-cli-query.c \
	tests/cli-run.c \
	tests/cli-run.h
tests_check_cli_query_CFLAGS = $(TEST_CFLAGS)
tests_check_cli_query_LDADD = $(TEST_LIBS)

# Origin-destination flows of a territory, against the sample file.
UNIT_TESTS += tests/check-store-flow
tests_check_store_flow_SOURCES = \
	tests/check-store-flow.c \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_store_flow_CFLAGS = $(TEST_CFLAGS)
tests_check_store_flow_LDADD = $(TEST_LIBS)

# Account requests, the audit log and the catalogue administration.
UNIT_TESTS += tests/check-store-request
tests_check_store_request_SOURCES = \
	tests/check-store-request.c \
	tests/data-fixture.c \
	tests/data-fixture.h
tests_check_store_request_CFLAGS = $(TEST_CFLAGS)
tests_check_store_request_LDADD = $(TEST_LIBS)
