libterrish_a_SOURCES += \
	store/store.h \
	store/store.c \
	store/store-load.c \
	store/store-schema.c \
	store/store-territory.c \
	store/store-user.c
