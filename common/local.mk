libterrish_a_SOURCES += \
	common/common.h \
	common/hub.h \
	common/hub-wire.h \
	common/hub.c \
	common/log.c \
	common/text.c \
	common/xmalloc.c
