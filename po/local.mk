# Message catalogues. The English message ids are in the code; po/fr.po
# holds the French translations. It is compiled into the build tree as
# locale/fr/LC_MESSAGES/terrish.mo, where the terrish binary of the build
# tree and the tests find it (TERRISH_LOCALEDIR), and installed under
# $(localedir).
CATALOG_FILES = locale/fr/LC_MESSAGES/terrish.mo
MESSAGE_FILES = \
	$(srcdir)/tui/*.c \
	$(srcdir)/server/cmd-audit.c \
	$(srcdir)/server/cmd-dashboard-json.c \
	$(srcdir)/server/cmd-dashboards.c \
	$(srcdir)/server/cmd-export.c \
	$(srcdir)/server/cmd-export-strategy.c \
	$(srcdir)/store/*.c \
	$(srcdir)/server/cmd-import.c \
	$(srcdir)/server/cmd-indicators.c \
	$(srcdir)/server/cmd-requests.c \
	$(srcdir)/server/cmd-strategies.c \
	$(srcdir)/server/cmd-strategies-sources.c \
	$(srcdir)/server/cmd-territories.c \
	$(srcdir)/server/cmd-ui.c \
	$(srcdir)/server/command-object.c \
	$(srcdir)/server/command-options.c \
	$(srcdir)/server/command-split.c \
	$(srcdir)/server/command.c \
	$(srcdir)/server/exec.c

noinst_DATA = $(CATALOG_FILES)
CLEANFILES += $(CATALOG_FILES)
EXTRA_DIST += \
	po/fr.po \
	po/terrish.pot

locale/fr/LC_MESSAGES/terrish.mo: $(srcdir)/po/fr.po
	$(AM_V_GEN)$(MKDIR_P) locale/fr/LC_MESSAGES && \
	$(MSGFMT) -c -o $@ $(srcdir)/po/fr.po

install-data-local: $(CATALOG_FILES)
	$(MKDIR_P) '$(DESTDIR)$(localedir)/fr/LC_MESSAGES'
	$(INSTALL_DATA) locale/fr/LC_MESSAGES/terrish.mo \
	    '$(DESTDIR)$(localedir)/fr/LC_MESSAGES/terrish.mo'

uninstall-local:
	rm -f '$(DESTDIR)$(localedir)/fr/LC_MESSAGES/terrish.mo'

# Run by hand after changing messages: regenerate the template from the
# sources and merge it into fr.po, then translate the new entries.
update-po:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	    --keyword=store_set_error:2 --keyword=store_set_db_error:2 \
	    --add-comments=TRANSLATORS: --package-name=terrish \
	    --package-version=$(PACKAGE_VERSION) --no-location --sort-output \
	    -o $(srcdir)/po/terrish.pot $(MESSAGE_FILES)
	msgmerge --update --backup=none --no-location --sort-output \
	    $(srcdir)/po/fr.po $(srcdir)/po/terrish.pot

.PHONY: update-po
