libterrish_a_SOURCES += \
	store/store.h \
	store/store.c \
	store/store-message.c \
	store/store-aggregate.c \
	store/store-dashboard.c \
	store/store-dashboard-default.c \
	store/store-dashboard-edit.c \
	store/store-dashboard-history.c \
	store/store-group.c \
	store/store-point.c \
	store/store-import-flow.c \
	store/store-indicator.c \
	store/store-load.c \
	store/store-load-history.c \
	store/store-flow.c \
	store/store-load-indicator.c \
	store/store-schema.c \
	store/store-territory.c \
	store/store-tsv.c \
	store/store-user.c \
	store/strategy.h \
	store/strategy-catalogue.c \
	store/strategy-engine.c \
	store/strategy-message.c \
	store/strategy-sources.h \
	store/strategy-sources.c \
	store/store-strategy.c \
	store/store-strategy-history.c \
	store/store-audit.c \
	store/store-request.c \
	store/store-admin.c \
	store/store-catalogue.c \
	store/csv.c \
	store/import.c \
	store/import-formats.c

EXTRA_DIST += docs/data-model.md
