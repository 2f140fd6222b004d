libterrish_a_SOURCES += \
	tui/tui.h \
	tui/tui-internal.h \
	tui/tui.c \
	tui/draw.c \
	tui/chart.h \
	tui/chart.c \
	tui/map.h \
	tui/map.c \
	tui/i18n.c \
	tui/widget-list.c \
	tui/widget-input.c \
	tui/screen-picker.c \
	tui/screen-summary.c \
	tui/analysis.h \
	tui/screen-analysis.c \
	tui/analysis-map.c \
	tui/analysis-chart.c \
	tui/summary-indicators.c \
	tui/screen-indicators.c \
	tui/screen-help.c
