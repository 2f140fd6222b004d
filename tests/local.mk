# Unit tests (one Check program per module) and end-to-end tests.
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(VTERM_CFLAGS)
TEST_LIBS = tests/libtermclient.a $(TERRISH_LIBS) $(CHECK_LIBS) $(VTERM_LIBS)

# The terminal client (libssh with libvterm) of the end-to-end tests and of
# the benchmark program.
check_LIBRARIES = tests/libtermclient.a
tests_libtermclient_a_SOURCES = \
	tests/term-client.c \
	tests/term-client.h
tests_libtermclient_a_CFLAGS = $(AM_CFLAGS) $(VTERM_CFLAGS)

AM_TESTS_ENVIRONMENT = \
	TERRISH_BIN='$(abs_top_builddir)/terrish'; \
	TERRISH_DATA='$(abs_top_srcdir)/data'; \
	TERRISH_LOCALEDIR='$(abs_top_builddir)/locale'; \
	TERRISH_TEST_TMP='$(abs_top_builddir)/tests/tmp'; \
	export TERRISH_BIN TERRISH_DATA TERRISH_LOCALEDIR TERRISH_TEST_TMP;

include $(srcdir)/tests/unit.mk
include $(srcdir)/tests/e2e.mk
include $(srcdir)/tests/tui.mk
include $(srcdir)/tests/server.mk
clean-local:
	rm -rf tests/tmp
