# Unit tests of the terminal application's widgets (no terminal needed).
check_PROGRAMS += tests/check-tui-widget
TESTS += tests/check-tui-widget

tests_check_tui_widget_SOURCES = tests/check-tui-widget.c
tests_check_tui_widget_CFLAGS = $(TEST_CFLAGS)
tests_check_tui_widget_LDADD = $(TEST_LIBS)
