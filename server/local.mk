libterrish_a_SOURCES += \
	server/server.h \
	server/auth.c \
	server/cmd-audit.c \
	server/cmd-dashboards.c \
	server/cmd-export.c \
	server/cmd-export-strategy.c \
	server/cmd-group.c \
	server/cmd-import.c \
	server/cmd-indicators.c \
	server/cmd-init.c \
	server/cmd-requests.c \
	server/cmd-serve.c \
	server/cmd-ui.c \
	server/cmd-territories.c \
	server/cmd-user.c \
	server/command-split.c \
	server/command.c \
	server/config.c \
	server/exec.c \
	server/hub.c \
	server/listener.c \
	server/paths.c \
	server/relay.c \
	server/subprocess.c \
	server/request.c \
	server/session.c
