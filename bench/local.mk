# The benchmark program. "make bench" builds and runs it with the default
# settings and rewrites BENCHMARKS.md; "make check" builds it for a smoke
# run with tiny numbers (tests/bench-smoke.sh). Plain "make" skips it.
check_PROGRAMS += bench/terrish-bench

bench_terrish_bench_SOURCES = \
	bench/terrish-bench.c \
	bench/bench-client.c \
	bench/bench-coedit.c \
	bench/bench-hub.c \
	bench/bench-report.c \
	bench/bench-scenario.c \
	bench/bench-server.c \
	bench/bench-store.c \
	bench/bench.h
bench_terrish_bench_CFLAGS = $(AM_CFLAGS) $(VTERM_CFLAGS)
bench_terrish_bench_LDADD = \
	tests/libtermclient.a $(TERRISH_LIBS) $(VTERM_LIBS) -lpthread

BENCH_ENVIRONMENT = \
	TERRISH_BIN='$(abs_top_builddir)/terrish' \
	TERRISH_DATA='$(abs_top_srcdir)/data' \
	TERRISH_LOCALEDIR='$(abs_top_builddir)/locale'

bench: bench/terrish-bench$(EXEEXT) terrish$(EXEEXT)
	$(BENCH_ENVIRONMENT) bench/terrish-bench \
	    --output '$(abs_top_srcdir)/BENCHMARKS.md'

TESTS += tests/bench-smoke.sh
EXTRA_DIST += tests/bench-smoke.sh BENCHMARKS.md

.PHONY: bench
