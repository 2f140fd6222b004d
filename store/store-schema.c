/*
 * terrish: the SQL schema and its forward-only migrations.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 */
#include "config.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>

#include "common/common.h"
#include "store/store.h"

/*
 * Schema version 1.
 *
 * meta: one row per fact about the loaded data: data_loaded_at (UTC,
 *   ISO 8601), population_year, and the "key=value" comments of the data
 *   files (such as simplify and unit for the outlines).
 * territory: every région (level 1), département (2), EPCI (3) and commune
 *   (4). code is the INSEE code, or the SIREN number of an EPCI. search_name
 *   is text_fold(name) and is what searches match. kind is the legal form of
 *   an EPCI. population and area_km2 of a région or département are sums
 *   over its communes whose value is known (NULL when none is), an EPCI's
 *   area is summed the same way and its population is published with it
 *   (summed too from version 8).
 *   commune_count is 1 for a commune.
 * territory_member: member_id lies inside parent_id. Each commune has a row
 *   for its département, its région and its EPCI if any, each département
 *   one for its région, and each EPCI one for the département and the région
 *   that contain all its communes, when there is one.
 * territory_geometry: the outline of a territory, as published in the data
 *   files, in the encoding that the encoding column names.
 * account: a user of the server. role is "user", "regional-admin" (with the
 *   code of its région in region) or "admin". password_hash is an Argon2id
 *   string or NULL, lang is "fr", "en" or "" for the server's default.
 * account_key: the SSH public keys of an account, as in authorized_keys.
 */
static const char store_schema_v1[] =
    "CREATE TABLE meta ("
    "    key TEXT PRIMARY KEY,"
    "    value TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE territory ("
    "    id INTEGER PRIMARY KEY,"
    "    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),"
    "    code TEXT NOT NULL,"
    "    name TEXT NOT NULL,"
    "    search_name TEXT NOT NULL,"
    "    kind TEXT,"
    "    population INTEGER,"
    "    population_year INTEGER,"
    "    area_km2 REAL,"
    "    commune_count INTEGER NOT NULL DEFAULT 0,"
    "    UNIQUE (level, code)"
    ");"
    "CREATE INDEX territory_code ON territory (code);"
    "CREATE TABLE territory_member ("
    "    member_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    parent_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    PRIMARY KEY (member_id, parent_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX territory_member_parent"
    "    ON territory_member (parent_id, member_id);"
    "CREATE TABLE territory_geometry ("
    "    territory_id INTEGER PRIMARY KEY REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    encoding TEXT NOT NULL,"
    "    data TEXT NOT NULL"
    ");"
    "CREATE TABLE account ("
    "    id INTEGER PRIMARY KEY,"
    "    name TEXT NOT NULL UNIQUE,"
    "    role TEXT NOT NULL"
    "        CHECK (role IN ('user', 'regional-admin', 'admin')),"
    "    region TEXT,"
    "    password_hash TEXT,"
    "    lang TEXT NOT NULL DEFAULT '',"
    "    created_at TEXT NOT NULL,"
    "    CHECK ((role = 'regional-admin') = (region IS NOT NULL))"
    ");"
    "CREATE TABLE account_key ("
    "    id INTEGER PRIMARY KEY,"
    "    account_id INTEGER NOT NULL REFERENCES account (id)"
    "        ON DELETE CASCADE,"
    "    type TEXT NOT NULL,"
    "    base64 TEXT NOT NULL,"
    "    comment TEXT NOT NULL DEFAULT '',"
    "    UNIQUE (account_id, type, base64)"
    ");";

/*
 * Schema version 2: indicators, point layers and territory groups.
 *
 * indicator: one catalogue entry. native_level is the level of its data
 *   files. aggregation is "sum", "ratio" (factor * numerator / denominator,
 *   with the operands named by numerator and denominator, optionally one
 *   category of the numerator and a fixed year of the denominator) or
 *   "weighted_mean" (weight names the weight indicator). A ratio has no
 *   values of its own. confidentiality is the catalogue's rule ("none",
 *   "blank_is_secret", "blank_not_estimated"). partial is 1 when the data
 *   covers only part of what the name states, as partial_note_* explains.
 *   position keeps the catalogue order. published is 0 for an entry that
 *   an administrator has not released yet.
 */
static const char store_schema_v2_indicator[] =
    "CREATE TABLE indicator ("
    "    id TEXT PRIMARY KEY,"
    "    position INTEGER NOT NULL DEFAULT 0,"
    "    name_fr TEXT NOT NULL,"
    "    name_en TEXT NOT NULL,"
    "    theme TEXT NOT NULL,"
    "    unit TEXT NOT NULL,"
    "    description_fr TEXT NOT NULL DEFAULT '',"
    "    description_en TEXT NOT NULL DEFAULT '',"
    "    source TEXT NOT NULL,"
    "    licence TEXT NOT NULL,"
    "    url TEXT,"
    "    native_level TEXT NOT NULL CHECK (native_level IN"
    "        ('commune', 'epci', 'departement', 'region', 'point')),"
    "    aggregation TEXT NOT NULL CHECK (aggregation IN"
    "        ('sum', 'ratio', 'weighted_mean')),"
    "    numerator TEXT,"
    "    numerator_category TEXT,"
    "    denominator TEXT,"
    "    denominator_year INTEGER,"
    "    factor REAL,"
    "    weight TEXT,"
    "    confidentiality TEXT NOT NULL DEFAULT 'none',"
    "    confidentiality_note_fr TEXT,"
    "    confidentiality_note_en TEXT,"
    "    representation TEXT NOT NULL DEFAULT '',"
    "    file TEXT,"
    "    partial INTEGER NOT NULL DEFAULT 0,"
    "    partial_note_fr TEXT,"
    "    partial_note_en TEXT,"
    "    published INTEGER NOT NULL DEFAULT 1,"
    "    CHECK ((aggregation = 'ratio') ="
    "        (numerator IS NOT NULL AND denominator IS NOT NULL)),"
    "    CHECK ((aggregation = 'weighted_mean') = (weight IS NOT NULL))"
    ");";

/*
 * indicator_year: the years an indicator has values for, each of which an
 *   administrator may withhold (published 0) while checking an import.
 * indicator_category: the categories of an indicator (sectors, energies),
 *   in display order. An indicator without categories has no row here and
 *   its values have the category ''.
 * indicator_value: one published cell at the native level. flag is 0 for
 *   a value, 1 for a value withheld by statistical secrecy and 2 for one
 *   not estimated. A flagged row may still hold a value: the sum of the
 *   source cells that were given, so a lower bound of the real figure.
 *   The flag check uses BETWEEN because an IN list makes SQLite (3.40)
 *   build a temporary table on every insert.
 */
static const char store_schema_v2_value[] =
    "CREATE TABLE indicator_year ("
    "    indicator_id TEXT NOT NULL REFERENCES indicator (id)"
    "        ON DELETE CASCADE,"
    "    year INTEGER NOT NULL,"
    "    published INTEGER NOT NULL DEFAULT 1,"
    "    PRIMARY KEY (indicator_id, year)"
    ") WITHOUT ROWID;"
    "CREATE TABLE indicator_category ("
    "    indicator_id TEXT NOT NULL REFERENCES indicator (id)"
    "        ON DELETE CASCADE,"
    "    id TEXT NOT NULL,"
    "    name_fr TEXT NOT NULL,"
    "    name_en TEXT NOT NULL,"
    "    position INTEGER NOT NULL,"
    "    PRIMARY KEY (indicator_id, id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE indicator_value ("
    "    indicator_id TEXT NOT NULL REFERENCES indicator (id)"
    "        ON DELETE CASCADE,"
    "    territory_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    year INTEGER NOT NULL,"
    "    category TEXT NOT NULL DEFAULT '',"
    "    value REAL,"
    "    flag INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 2),"
    "    CHECK (flag <> 0 OR value IS NOT NULL),"
    "    PRIMARY KEY (indicator_id, territory_id, year, category)"
    ") WITHOUT ROWID;";

/*
 * point: one feature of a point layer (charging location, industrial
 *   emitter) for one year. layer is the indicator it belongs to,
 *   source_id the identifier the source gives (NULL when none). commune_id
 *   and departement_id are set when the source names them. category is
 *   the sector or pollutant, medium the receiving medium (air, water, soil)
 *   of a release, and unit the unit of value.
 * indicator_flow: an origin-destination flow such as home-to-work trips.
 *   destination_code is an INSEE code, or 99999 for abroad, in which case
 *   destination_id is NULL. category is the transport mode.
 */
static const char store_schema_v2_point[] =
    "CREATE TABLE point ("
    "    id INTEGER PRIMARY KEY,"
    "    layer TEXT NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,"
    "    source_id TEXT,"
    "    name TEXT,"
    "    commune_id INTEGER REFERENCES territory (id) ON DELETE SET NULL,"
    "    departement_id INTEGER REFERENCES territory (id)"
    "        ON DELETE SET NULL,"
    "    lon REAL NOT NULL,"
    "    lat REAL NOT NULL,"
    "    year INTEGER NOT NULL,"
    "    category TEXT NOT NULL DEFAULT '',"
    "    medium TEXT NOT NULL DEFAULT '',"
    "    value REAL,"
    "    unit TEXT NOT NULL"
    ");"
    "CREATE INDEX point_layer ON point (layer, year);"
    "CREATE TABLE indicator_flow ("
    "    indicator_id TEXT NOT NULL REFERENCES indicator (id)"
    "        ON DELETE CASCADE,"
    "    origin_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    destination_code TEXT NOT NULL,"
    "    destination_id INTEGER REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    year INTEGER NOT NULL,"
    "    category TEXT NOT NULL DEFAULT '',"
    "    value REAL NOT NULL,"
    "    PRIMARY KEY (indicator_id, origin_id, destination_code, year,"
    "        category)"
    ") WITHOUT ROWID;";

/*
 * territory_group: a grouping of communes that an administrator defines,
 *   such as a natural park, a SCoT, a PETR or a TEPOS territory. kind is
 *   free text. created_by is the account that made it, NULL when made from
 *   the command line or when that account was removed.
 * territory_group_member: the communes of a group. Values of a group are
 *   aggregated from its communes, as for an EPCI.
 */
static const char store_schema_v2_group[] =
    "CREATE TABLE territory_group ("
    "    id INTEGER PRIMARY KEY,"
    "    name TEXT NOT NULL,"
    "    kind TEXT NOT NULL,"
    "    created_by INTEGER REFERENCES account (id) ON DELETE SET NULL,"
    "    created_at TEXT NOT NULL"
    ");"
    "CREATE TABLE territory_group_member ("
    "    group_id INTEGER NOT NULL REFERENCES territory_group (id)"
    "        ON DELETE CASCADE,"
    "    commune_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    PRIMARY KEY (group_id, commune_id)"
    ") WITHOUT ROWID;";

/*
 * Schema version 3.
 *
 * commune_history: an INSEE code that is no longer a current commune and the
 *   current commune that covers it, from territories/commune-history.tsv.
 *   kind is "merged" for a delegated or associated commune (its values add
 *   to the current commune's) or "arrondissement" for a municipal
 *   arrondissement of Paris, Marseille or Lyon (its values are part of the
 *   commune's, so an import skips them when the file gives the commune).
 */
static const char store_schema_v3_history[] =
    "CREATE TABLE commune_history ("
    "    old_code TEXT PRIMARY KEY,"
    "    commune_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    kind TEXT NOT NULL CHECK (kind IN ('merged', 'arrondissement'))"
    ") WITHOUT ROWID;";

/*
 * Schema version 4.
 *
 * territory_group.description: free text shown with the group, '' when
 *   none. Group names become unique, because commands and exports name a
 *   group by its name (group:NAME). Before version 4 only the library made
 *   groups, so a store with two groups of one name is not expected; its
 *   migration fails on the index and leaves the store at version 3.
 */
static const char store_schema_v4_group[] =
    "ALTER TABLE territory_group"
    "    ADD COLUMN description TEXT NOT NULL DEFAULT '';"
    "CREATE UNIQUE INDEX territory_group_name ON territory_group (name);";

/*
 * Schema version 5: dashboards.
 *
 * dashboard: a set of widgets about one territory, owned by an account
 *   (removed with it). public is 1 when every account may view it, which
 *   only an administrator sets. share_code gives view access to any
 *   account that enters it (NULL when none). version counts the changes of
 *   its content. A change of its name, description or territory, of a
 *   widget's field, or a widget added or removed adds one, and a revert or
 *   an undo adds one for all the rows it writes. Rights, the share code and
 *   public are not versioned.
 * dashboard_right: an account other than the owner that may view
 *   ("viewer") or edit ("editor") a dashboard.
 */
static const char store_schema_v5_dashboard[] =
    "CREATE TABLE dashboard ("
    "    id INTEGER PRIMARY KEY,"
    "    name TEXT NOT NULL,"
    "    description TEXT NOT NULL DEFAULT '',"
    "    owner_id INTEGER NOT NULL REFERENCES account (id)"
    "        ON DELETE CASCADE,"
    "    territory_id INTEGER NOT NULL REFERENCES territory (id),"
    "    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),"
    "    share_code TEXT UNIQUE,"
    "    version INTEGER NOT NULL DEFAULT 0,"
    "    created_at TEXT NOT NULL,"
    "    updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX dashboard_owner ON dashboard (owner_id);"
    "CREATE INDEX dashboard_public ON dashboard (public) WHERE public = 1;"
    "CREATE TABLE dashboard_right ("
    "    dashboard_id INTEGER NOT NULL REFERENCES dashboard (id)"
    "        ON DELETE CASCADE,"
    "    account_id INTEGER NOT NULL REFERENCES account (id)"
    "        ON DELETE CASCADE,"
    "    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),"
    "    PRIMARY KEY (dashboard_id, account_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX dashboard_right_account"
    "    ON dashboard_right (account_id, dashboard_id);";

/*
 * widget: one tile of a dashboard, in reading order of (position, id).
 *   indicator_id is not a foreign key, so that reloading the catalogue
 *   never removes a widget, and the store checks it when the widget is
 *   written. territory_id NULL is the dashboard's territory, category NULL
 *   the total over the categories, target NULL no target. width and
 *   height are columns and rows of a 4-column grid. removed is 1 for a
 *   widget taken off the dashboard: the row stays, so that an undo or a
 *   revert brings it back with the same id. version is the dashboard
 *   version of its last change.
 * dashboard_change: the history, one row per field changed. widget_id is
 *   0 for a field of the dashboard itself. account is the name as text, so
 *   the history outlives the account. before and after are JSON. Field
 *   "widget" records an addition (before null, after the widget as an
 *   object) or a removal (the reverse). undo_of is the version that an
 *   undo reversed, revert_to the version that a revert went back to.
 *   Several rows share a version when one operation wrote them.
 */
static const char store_schema_v5_widget[] =
    "CREATE TABLE widget ("
    "    id INTEGER PRIMARY KEY,"
    "    dashboard_id INTEGER NOT NULL REFERENCES dashboard (id)"
    "        ON DELETE CASCADE,"
    "    position INTEGER NOT NULL CHECK (position >= 0),"
    "    indicator_id TEXT NOT NULL,"
    "    category TEXT,"
    "    territory_id INTEGER REFERENCES territory (id),"
    "    kind TEXT NOT NULL CHECK (kind IN ('kpi', 'bars', 'series',"
    "        'minimap', 'ranking', 'modal_split', 'flows', 'gauge')),"
    "    title TEXT NOT NULL DEFAULT '',"
    "    width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 4),"
    "    height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 4),"
    "    target REAL,"
    "    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),"
    "    version INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX widget_dashboard ON widget (dashboard_id, position, id);"
    "CREATE TABLE dashboard_change ("
    "    id INTEGER PRIMARY KEY,"
    "    dashboard_id INTEGER NOT NULL REFERENCES dashboard (id)"
    "        ON DELETE CASCADE,"
    "    version INTEGER NOT NULL,"
    "    account TEXT NOT NULL,"
    "    at TEXT NOT NULL,"
    "    widget_id INTEGER NOT NULL DEFAULT 0,"
    "    field TEXT NOT NULL,"
    "    before TEXT NOT NULL,"
    "    after TEXT NOT NULL,"
    "    undo_of INTEGER,"
    "    revert_to INTEGER"
    ");"
    "CREATE INDEX dashboard_change_version"
    "    ON dashboard_change (dashboard_id, version);"
    "CREATE INDEX dashboard_change_field"
    "    ON dashboard_change (dashboard_id, widget_id, field, version);"
    "CREATE INDEX dashboard_change_account"
    "    ON dashboard_change (dashboard_id, account, version);"
    "CREATE INDEX dashboard_change_undo"
    "    ON dashboard_change (dashboard_id, undo_of)"
    "    WHERE undo_of IS NOT NULL;";

/*
 * Schema version 6: territorial strategies.
 *
 * strategy: a set of actions with their yearly targets, for a territory.
 *   document is the JSON of its content (actions and their targets,
 *   baseline overrides, user-given coefficients, custom target path), as
 *   strategy_to_json() writes it. parent_id is the strategy it was
 *   duplicated from (NULL when none or removed). public is set by an
 *   administrator.
 * strategy_grant: an account the owner shared it with, as viewer or
 *   editor.
 */
static const char store_schema_v6_strategy[] =
    "CREATE TABLE strategy ("
    "    id INTEGER PRIMARY KEY,"
    "    name TEXT NOT NULL,"
    "    owner_id INTEGER NOT NULL REFERENCES account (id)"
    "        ON DELETE CASCADE,"
    "    territory_id INTEGER NOT NULL REFERENCES territory (id)"
    "        ON DELETE CASCADE,"
    "    parent_id INTEGER REFERENCES strategy (id) ON DELETE SET NULL,"
    "    public INTEGER NOT NULL DEFAULT 0,"
    "    document TEXT NOT NULL DEFAULT '{}',"
    "    created_at TEXT NOT NULL,"
    "    updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX strategy_owner ON strategy (owner_id);"
    "CREATE TABLE strategy_grant ("
    "    strategy_id INTEGER NOT NULL REFERENCES strategy (id)"
    "        ON DELETE CASCADE,"
    "    account_id INTEGER NOT NULL REFERENCES account (id)"
    "        ON DELETE CASCADE,"
    "    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),"
    "    PRIMARY KEY (strategy_id, account_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX strategy_grant_account ON strategy_grant (account_id);";

/*
 * Schema version 7: account requests and the audit log.
 *
 * account_request: a request for an account, made by someone without one
 *   who logged in as "request" with the SSH key they want to use. name is
 *   the account name asked for, territory_id the territory they work on
 *   (NULL once that territory is removed). key_type, key_base64 and
 *   key_fingerprint (SHA256:...) are the key, address the client address
 *   it came from and address_key what the rate limit counts by: the IPv4
 *   address, or the /64 prefix of an IPv6 one. status is "pending", then
 *   "accepted" (account_name is the account created) or "refused"
 *   (refusal_reason is shown to the requester). decided_by is the
 *   deciding account's name as text, kept when that account is removed.
 *   Text is stored as received, with invalid UTF-8 and control characters
 *   replaced by U+FFFD (the reason keeps its line feeds). A key and a name
 *   have at most one pending request each.
 * request_connection: one row per login as "request", by address_key, for
 *   the hourly limit. Rows older than a day are deleted as new ones
 *   arrive.
 * audit_log: one row per sensitive action: at (UTC, ISO 8601), account
 *   (the name as text, kept when the account is removed; "(local)" for
 *   the terrish command run on the server), address ("local" for that
 *   command), action (a word of the fixed list of store-audit.c), target
 *   (what was acted on, such as "request:12", "account:alice",
 *   "indicator:population", "dashboard:3") and detail (a JSON object).
 */
static const char store_schema_v7_request[] =
    "CREATE TABLE account_request ("
    "    id INTEGER PRIMARY KEY,"
    "    name TEXT NOT NULL,"
    "    full_name TEXT NOT NULL,"
    "    email TEXT NOT NULL,"
    "    organisation TEXT NOT NULL,"
    "    territory_id INTEGER REFERENCES territory (id) ON DELETE SET NULL,"
    "    reason TEXT NOT NULL,"
    "    key_type TEXT NOT NULL,"
    "    key_base64 TEXT NOT NULL,"
    "    key_fingerprint TEXT NOT NULL,"
    "    address TEXT NOT NULL,"
    "    address_key TEXT NOT NULL,"
    "    lang TEXT NOT NULL DEFAULT '',"
    "    status TEXT NOT NULL DEFAULT 'pending'"
    "        CHECK (status IN ('pending', 'accepted', 'refused')),"
    "    created_at TEXT NOT NULL,"
    "    decided_at TEXT,"
    "    decided_by TEXT,"
    "    refusal_reason TEXT,"
    "    account_name TEXT,"
    "    CHECK ((status = 'pending') = (decided_at IS NULL))"
    ");"
    "CREATE INDEX account_request_key"
    "    ON account_request (key_type, key_base64, id);"
    "CREATE INDEX account_request_address"
    "    ON account_request (address_key, created_at);"
    "CREATE UNIQUE INDEX account_request_pending_key"
    "    ON account_request (key_type, key_base64) WHERE status = 'pending';"
    "CREATE UNIQUE INDEX account_request_pending_name"
    "    ON account_request (name) WHERE status = 'pending';"
    "CREATE TABLE request_connection ("
    "    address_key TEXT NOT NULL,"
    "    at TEXT NOT NULL"
    ");"
    "CREATE INDEX request_connection_address"
    "    ON request_connection (address_key, at);";

static const char store_schema_v7_audit[] =
    "CREATE TABLE audit_log ("
    "    id INTEGER PRIMARY KEY,"
    "    at TEXT NOT NULL,"
    "    account TEXT NOT NULL,"
    "    address TEXT NOT NULL,"
    "    action TEXT NOT NULL,"
    "    target TEXT NOT NULL DEFAULT '',"
    "    detail TEXT NOT NULL DEFAULT '{}'"
    ");"
    "CREATE INDEX audit_log_account ON audit_log (account, id);"
    "CREATE INDEX audit_log_action ON audit_log (action, id);"
    "CREATE INDEX audit_log_target ON audit_log (target, id);";

/*
 * Schema version 8.
 *
 * indicator: theme_en and unit_en, the English theme and unit of the
 *   catalogue, NULL when it has none (the screens then show the French).
 *   They stay NULL in a store loaded before, until the entry is imported
 *   again.
 * territory: an EPCI's population becomes the sum of its communes'
 *   populations, as for a région or a département. Stores loaded before
 *   kept the populationMunicipale column of epci.tsv there, which is of
 *   another release than the communes' figure and its year. An EPCI of
 *   which no commune has a population gets none, and no year.
 */
static const char store_schema_v8_indicator[] =
    "ALTER TABLE indicator ADD COLUMN theme_en TEXT;"
    "ALTER TABLE indicator ADD COLUMN unit_en TEXT;";
static const char store_schema_v8_epci_population[] =
    "UPDATE territory SET population ="
    "    (SELECT sum(commune.population) FROM territory_member member"
    "     JOIN territory commune ON commune.id = member.member_id"
    "     WHERE member.parent_id = territory.id AND commune.level = 4)"
    "    WHERE level = 3;"
    "UPDATE territory SET population_year = NULL"
    "    WHERE level = 3 AND population IS NULL;";

/*
 * Schema version 9: the history of strategies.
 *
 * strategy_change: one row per change that the store made to a strategy,
 *   removed with it. account is the name as text, kept when the account
 *   is removed ("(local)" for the terrish command run on the server). at
 *   is UTC, ISO 8601. field is what changed: "create", "copy", "name",
 *   "action" (added, or removed), "target" (a parameter's years and
 *   value), "baseline" (an override), "coefficient" (a value the user
 *   gave), "goal" (a point of the target path), "grant" or "public".
 *   item names the part changed: the action ("electrification",
 *   "sector_reduction:residentiel"), the action and its parameter
 *   ("electrification/electric_share"), the baseline key, the
 *   coefficient id, the goal's year, the account granted, or the
 *   original's id for a copy; "" when none. before and after are JSON,
 *   null when there was or is none. Strategies created before version 9
 *   have no row for what happened to them before it.
 */
static const char store_schema_v9_strategy_change[] =
    "CREATE TABLE strategy_change ("
    "    id INTEGER PRIMARY KEY,"
    "    strategy_id INTEGER NOT NULL REFERENCES strategy (id)"
    "        ON DELETE CASCADE,"
    "    account TEXT NOT NULL,"
    "    at TEXT NOT NULL,"
    "    field TEXT NOT NULL,"
    "    item TEXT NOT NULL DEFAULT '',"
    "    before TEXT NOT NULL,"
    "    after TEXT NOT NULL"
    ");"
    "CREATE INDEX strategy_change_strategy"
    "    ON strategy_change (strategy_id, id);";

/*
 * Schema version 10: the renovation and rooftop solar actions count
 * dwellings and capacity added per year, and the energy gain of a
 * renovation is a parameter of the action rather than an input.
 *
 * A stored renovation's share of dwellings and a stored solar action's
 * total capacity have no per-year equivalent, so they become parameters
 * to fill in again (a strategy shows them as missing). The energy saving
 * the user entered becomes the energy gain, in percent. Each value
 * dropped or moved gets a history row by "(terrish)", which keeps it.
 */
static const char store_schema_v10_history[] =
    "INSERT INTO strategy_change"
    "    (strategy_id, account, at, field, item, before, after)"
    " SELECT s.id, '(terrish)', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
    "        'target', json_extract(i.value, '$.action') || '/' ||"
    "        json_extract(t.value, '$.param'),"
    "        json_object('set', json(CASE WHEN json_extract(t.value, '$.set')"
    "                                THEN 'true' ELSE 'false' END),"
    "                    'start', json_extract(t.value, '$.start'),"
    "                    'target', json_extract(t.value, '$.target'),"
    "                    'value', json_extract(t.value, '$.value')),"
    "        'null'"
    "   FROM strategy s, json_each(s.document, '$.items') i,"
    "        json_each(i.value, '$.targets') t"
    "  WHERE json_valid(s.document)"
    "    AND ((json_extract(i.value, '$.action') = 'renovation'"
    "          AND json_extract(t.value, '$.param') = 'dwellings_share')"
    "      OR (json_extract(i.value, '$.action') = 'rooftop_solar'"
    "          AND json_extract(t.value, '$.param') = 'capacity'));"
    "INSERT INTO strategy_change"
    "    (strategy_id, account, at, field, item, before, after)"
    " SELECT s.id, '(terrish)', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
    "        'coefficient', 'renovation_saving',"
    "        json_extract(s.document, '$.coefficients.renovation_saving'),"
    "        'null'"
    "   FROM strategy s"
    "  WHERE json_valid(s.document)"
    "    AND json_type(s.document, '$.coefficients.renovation_saving')"
    "        IN ('integer', 'real');"
    "UPDATE strategy SET document = json_set(document, '$.items', ("
    "    SELECT json_group_array(CASE"
    "      WHEN json_extract(i.value, '$.action') = 'renovation'"
    "       AND json_extract(i.value, '$.targets[0].param') = 'dwellings_share'"
    "      THEN json_set(i.value, '$.targets', json_array("
    "        json_object('param', 'dwellings_per_year', 'set', json('false'),"
    "          'start', json_extract(i.value, '$.targets[0].start'),"
    "          'target', json_extract(i.value, '$.targets[0].target'),"
    "          'value', 0.0),"
    "        json_object('param', 'energy_gain',"
    "          'set', json(CASE WHEN json_type(document,"
    "                        '$.coefficients.renovation_saving')"
    "                        IN ('integer', 'real') THEN 'true'"
    "                      ELSE 'false' END),"
    "          'start', json_extract(i.value, '$.targets[0].start'),"
    "          'target', json_extract(i.value, '$.targets[0].start'),"
    "          'value', 100.0 * ifnull(json_extract(document,"
    "                   '$.coefficients.renovation_saving'), 0))))"
    "      WHEN json_extract(i.value, '$.action') = 'rooftop_solar'"
    "       AND json_extract(i.value, '$.targets[0].param') = 'capacity'"
    "      THEN json_set(i.value, '$.targets', json_array("
    "        json_object('param', 'capacity_per_year', 'set', json('false'),"
    "          'start', json_extract(i.value, '$.targets[0].start'),"
    "          'target', json_extract(i.value, '$.targets[0].target'),"
    "          'value', 0.0)))"
    "      ELSE json(i.value) END)"
    "    FROM json_each(document, '$.items') i)),"
    "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    " WHERE json_valid(document)"
    "   AND EXISTS (SELECT 1 FROM json_each(document, '$.items') i"
    "               WHERE (json_extract(i.value, '$.action') = 'renovation'"
    "                      AND json_extract(i.value, '$.targets[0].param')"
    "                          = 'dwellings_share')"
    "                  OR (json_extract(i.value, '$.action') = 'rooftop_solar'"
    "                      AND json_extract(i.value, '$.targets[0].param')"
    "                          = 'capacity'));"
    "UPDATE strategy"
    "   SET document = json_remove(document,"
    "                              '$.coefficients.renovation_saving')"
    " WHERE json_valid(document)"
    "   AND json_type(document, '$.coefficients.renovation_saving')"
    "       IS NOT NULL;";

/* The scripts of each migration, NULL-terminated. */
static const char *const store_migration_v1[] = {store_schema_v1, NULL};
static const char *const store_migration_v2[] = {
    store_schema_v2_indicator,
    store_schema_v2_value,
    store_schema_v2_point,
    store_schema_v2_group,
    NULL,
};
static const char *const store_migration_v3[] = {store_schema_v3_history,
                                                 NULL};
static const char *const store_migration_v4[] = {store_schema_v4_group,
                                                 NULL};
static const char *const store_migration_v5[] = {
    store_schema_v5_dashboard,
    store_schema_v5_widget,
    NULL,
};
static const char *const store_migration_v6[] = {store_schema_v6_strategy,
                                                 NULL};
static const char *const store_migration_v7[] = {
    store_schema_v7_request,
    store_schema_v7_audit,
    NULL,
};
static const char *const store_migration_v8[] = {
    store_schema_v8_indicator,
    store_schema_v8_epci_population,
    NULL,
};
static const char *const store_migration_v9[] = {
    store_schema_v9_strategy_change,
    NULL,
};
static const char *const store_migration_v10[] = {
    store_schema_v10_history,
    NULL,
};

/* Scripts that bring the schema to version i + 1, in order. */
static const char *const *const store_migrations[] = {
    store_migration_v1,
    store_migration_v2,
    store_migration_v3,
    store_migration_v4,
    store_migration_v5,
    store_migration_v6,
    store_migration_v7,
    store_migration_v8,
    store_migration_v9,
    store_migration_v10,
};

_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
                   STORE_SCHEMA_VERSION,
               "one migration per schema version");

int
store_schema_version(struct store *store)
{
    sqlite3_stmt *stmt = NULL;
    int version = -1;

    if (sqlite3_prepare_v2(store_db(store), "PRAGMA user_version", -1, &stmt,
                           NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        store_set_db_error(store, "reading the schema version failed");
        goto out;
    }
    version = sqlite3_column_int(stmt, 0);

out:
    sqlite3_finalize(stmt);
    return version;
}

/*
 * Apply the migration to version target inside its own transaction. The
 * version is read again under the write lock, so that when two processes
 * migrate at once the second finds the work done and returns 0.
 */
static int
store_migrate_one(struct store *store, int target)
{
    char sql[64];
    const char *const *script;
    int version;

    if (store_exec(store, "BEGIN IMMEDIATE") < 0)
        return -1;
    version = store_schema_version(store);
    if (version < 0)
        goto fail;
    if (version >= target) {
        store_exec(store, "ROLLBACK");
        return 0;
    }

    for (script = store_migrations[target - 1]; *script != NULL; script++) {
        if (store_exec(store, *script) < 0)
            goto fail;
    }
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", target);
    if (store_exec(store, sql) < 0 || store_exec(store, "COMMIT") < 0)
        goto fail;
    log_info("database schema migrated to version %d", target);
    return 1;

fail:
    store_set_error(store, "migrating the schema to version %d failed: %s",
                    target, store_error(store));
    sqlite3_exec(store_db(store), "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int
store_migrate(struct store *store)
{
    return store_migrate_to(store, STORE_SCHEMA_VERSION);
}

int
store_migrate_to(struct store *store, int last)
{
    int version;
    int applied = 0;
    int target;
    int rc;

    version = store_schema_version(store);
    if (version < 0)
        return -1;
    if (version > STORE_SCHEMA_VERSION) {
        store_set_error(store,
                        "the database has schema version %d but this build "
                        "of terrish reads only up to version %d: upgrade "
                        "terrish or use another database file",
                        version, STORE_SCHEMA_VERSION);
        return -1;
    }

    TERRISH_ASSERT(last <= STORE_SCHEMA_VERSION);
    for (target = version + 1; target <= last; target++) {
        rc = store_migrate_one(store, target);
        if (rc < 0)
            return -1;
        applied += rc;
    }
    return applied;
}
