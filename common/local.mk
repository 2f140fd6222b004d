libterrish_a_SOURCES += \
	common/common.h \
	common/log.c \
	common/text.c \
	common/xmalloc.c
