# Tests of the server layer: settings and key parsing (unit), the command
# line (the built binary on a private store), server settings end to end.
SERVER_TESTS = \
	tests/check-server-config \
	tests/check-hub \
	tests/check-cli \
	tests/check-e2e-server

check_PROGRAMS += $(SERVER_TESTS)
TESTS += $(SERVER_TESTS)

tests_check_server_config_SOURCES = tests/check-server-config.c
tests_check_server_config_CFLAGS = $(TEST_CFLAGS)
tests_check_server_config_LDADD = $(TEST_LIBS)

tests_check_cli_SOURCES = \
	tests/check-cli.c \
	tests/cli-run.c \
	tests/cli-run.h
tests_check_cli_CFLAGS = $(TEST_CFLAGS)
tests_check_cli_LDADD = $(TEST_LIBS)

tests_check_e2e_server_SOURCES = \
	tests/check-e2e-server.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_server_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_server_LDADD = $(TEST_LIBS)

# The notification hub on real Unix sockets, the hub in a forked process.
tests_check_hub_SOURCES = tests/check-hub.c
tests_check_hub_CFLAGS = $(TEST_CFLAGS)
tests_check_hub_LDADD = $(TEST_LIBS)
