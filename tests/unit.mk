# Unit tests: one Check program per module, linked with libterrish.a.
UNIT_TESTS = \
	tests/check-text \
	tests/check-store-schema \
	tests/check-store-territory \
	tests/check-store-user

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
