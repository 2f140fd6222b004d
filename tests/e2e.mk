# End-to-end tests: each program starts "terrish serve" on a free loopback
# port and drives it with real SSH clients (libssh with libvterm, and
# OpenSSH's ssh inside tmux).
E2E_TESTS = \
	tests/check-e2e-login \
	tests/check-e2e-screen \
	tests/check-e2e-limits \
	tests/check-e2e-indicators \
	tests/check-e2e-analysis \
	tests/check-e2e-exec \
	tests/check-e2e-hub \
	tests/check-e2e-strategy

check_PROGRAMS += $(E2E_TESTS)
TESTS += $(E2E_TESTS)

tests_check_e2e_login_SOURCES = \
	tests/check-e2e-login.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_login_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_login_LDADD = $(TEST_LIBS)

# Dashboards: a default one against the store, building, sharing, two
# sessions editing together, a viewer, a share code.
E2E_TESTS += tests/check-e2e-dashboard
tests_check_e2e_dashboard_SOURCES = \
	tests/check-e2e-dashboard.c \
	tests/dashboard-fixture.c \
	tests/dashboard-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_dashboard_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_dashboard_LDADD = $(TEST_LIBS)

# Changes that reach the other open sessions through the hub: a strategy
# edited, strategies and dashboards shared and removed over SSH.
E2E_TESTS += tests/check-e2e-live
tests_check_e2e_live_SOURCES = \
	tests/check-e2e-live.c \
	tests/dashboard-fixture.c \
	tests/dashboard-fixture.h \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_live_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_live_LDADD = $(TEST_LIBS)

# Co-editing: five sessions on one dashboard, a conflict from the same
# version, a session killed while editing, a server restart.
E2E_TESTS += tests/check-e2e-coedit
tests_check_e2e_coedit_SOURCES = \
	tests/check-e2e-coedit.c \
	tests/dashboard-fixture.c \
	tests/dashboard-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_coedit_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_coedit_LDADD = $(TEST_LIBS)

tests_check_e2e_screen_SOURCES = \
	tests/check-e2e-screen.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_screen_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_screen_LDADD = $(TEST_LIBS)

tests_check_e2e_limits_SOURCES = \
	tests/check-e2e-limits.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_limits_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_limits_LDADD = $(TEST_LIBS)

tests_check_e2e_indicators_SOURCES = \
	tests/check-e2e-indicators.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_indicators_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_indicators_LDADD = $(TEST_LIBS)

tests_check_e2e_analysis_SOURCES = \
	tests/check-e2e-analysis.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_analysis_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_analysis_LDADD = $(TEST_LIBS)

tests_check_e2e_exec_SOURCES = \
	tests/check-e2e-exec.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_exec_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_exec_LDADD = $(TEST_LIBS)

tests_check_e2e_hub_SOURCES = \
	tests/check-e2e-hub.c \
	tests/cli-run.c \
	tests/cli-run.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_hub_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_hub_LDADD = $(TEST_LIBS)

# Reference screens of tests/check-e2e-analysis.c.
EXTRA_DIST += \
	tests/golden/chart-grenoble-160x50.txt \
	tests/golden/chart-grenoble-80x24.txt \
	tests/golden/map-isere-160x50.txt \
	tests/golden/map-isere-80x24.txt \
	tests/golden/table-isere-160x50.txt \
	tests/golden/table-isere-80x24.txt

tests_check_e2e_strategy_SOURCES = \
	tests/check-e2e-strategy.c \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_strategy_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_strategy_LDADD = $(TEST_LIBS)

# The final energy and bill of a strategy on screen (links the store and
# the engine to compute the expected values).
E2E_TESTS += tests/check-e2e-strategy-energy
tests_check_e2e_strategy_energy_SOURCES = \
	tests/check-e2e-strategy-energy.c \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_strategy_energy_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_strategy_energy_LDADD = $(TEST_LIBS)

# The sources of a strategy on screen and over SSH, and its JSON export
# (links the store to build the expected texts).
E2E_TESTS += tests/check-e2e-strategy-sources
tests_check_e2e_strategy_sources_SOURCES = \
	tests/check-e2e-strategy-sources.c \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_strategy_sources_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_strategy_sources_LDADD = $(TEST_LIBS)

# A strategy's history, sharing and comparison (links the store and the
# engine to set strategies up and compute the expected differences).
E2E_TESTS += tests/check-e2e-strategy-share
tests_check_e2e_strategy_share_SOURCES = \
	tests/check-e2e-strategy-share.c \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_strategy_share_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_strategy_share_LDADD = $(TEST_LIBS)

# The strategy screens' editing and reading, in English and French: roles
# of the share screen, removing an action, long messages and names, the
# comparison's names, a viewer's keys and the help of an account.
E2E_TESTS += tests/check-e2e-strategy-editing
tests_check_e2e_strategy_editing_SOURCES = \
	tests/check-e2e-strategy-editing.c \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_strategy_editing_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_strategy_editing_LDADD = $(TEST_LIBS)

# The strategy screens in French: units, typed values, a store error and
# the list's columns.
E2E_TESTS += tests/check-e2e-strategy-french
tests_check_e2e_strategy_french_SOURCES = \
	tests/check-e2e-strategy-french.c \
	tests/strategy-fixture.c \
	tests/strategy-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_strategy_french_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_strategy_french_LDADD = $(TEST_LIBS)

# Who may do what, over SSH and in the screens (links the store to set up
# accounts, dashboards and requests).
E2E_TESTS += tests/check-e2e-authz
tests_check_e2e_authz_SOURCES = \
	tests/check-e2e-authz.c \
	tests/authz-fixture.c \
	tests/authz-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_authz_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_authz_LDADD = $(TEST_LIBS)

# The dashboard and strategy screens of each role: opening, an edit key,
# sharing and removing, against the store.
E2E_TESTS += tests/check-e2e-authz-screen
tests_check_e2e_authz_screen_SOURCES = \
	tests/check-e2e-authz-screen.c \
	tests/authz-fixture.c \
	tests/authz-fixture.h \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_authz_screen_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_authz_screen_LDADD = $(TEST_LIBS)

# Account requests through the "request" login.
E2E_TESTS += tests/check-e2e-request
tests_check_e2e_request_SOURCES = \
	tests/check-e2e-request.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_request_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_request_LDADD = $(TEST_LIBS)

# Administration screens in French: an unknown région, the
# confidentiality rule of the catalogue, the audit log's filter.
E2E_TESTS += tests/check-e2e-admin
tests_check_e2e_admin_SOURCES = \
	tests/check-e2e-admin.c \
	tests/e2e.c \
	tests/e2e.h
tests_check_e2e_admin_CFLAGS = $(TEST_CFLAGS)
tests_check_e2e_admin_LDADD = $(TEST_LIBS)
