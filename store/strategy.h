/*
 * terrish: territorial strategies (the action catalogue, the impact
 * engine and their storage).
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * A strategy is a list of actions from data/actions/catalogue.json, each
 * with a yearly target per parameter. A parameter moves in a straight line
 * from its initial value at the start year to its target at the target
 * year, and stays there until 2050. The engine turns a strategy and
 * the territory's baseline (real data from the store, which the user may
 * override) into impacts year by year, each as low, central and high.
 * Nothing here calls curses.
 */
#ifndef TERRISH_STRATEGY_H
#define TERRISH_STRATEGY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STRATEGY_FIRST_YEAR 2020
#define STRATEGY_LAST_YEAR 2050
#define STRATEGY_YEARS (STRATEGY_LAST_YEAR - STRATEGY_FIRST_YEAR + 1)
#define STRATEGY_ID_MAX 32     /* bytes of an action, parameter or coefficient id */
#define STRATEGY_KEY_MAX 64    /* bytes of a baseline or input key */
#define STRATEGY_PARAMS_MAX 4  /* parameters of one action */
#define STRATEGY_COEFS_MAX 16  /* coefficients one action reads */
#define STRATEGY_ITEMS_MAX 64  /* actions in one strategy */
/* Bytes of a strategy name: room for a name typed in the application
 * (255 bytes at most) followed by a variant suffix. */
#define STRATEGY_NAME_MAX 300
#define STRATEGY_PROBLEMS_MAX 16 /* missing inputs a result lists */
#define STRATEGY_NOTES_MAX 16    /* notes of one result */

/* Low, central and high estimates of a coefficient or of a result. */
enum strategy_range {
    STRATEGY_LOW,
    STRATEGY_CENTRAL,
    STRATEGY_HIGH,
    STRATEGY_RANGES
};

/* The sectors of the ADEME territorial inventory, in its category order. */
enum strategy_sector {
    SECTOR_AGRICULTURE,
    SECTOR_OTHER_TRANSPORT,
    SECTOR_WASTE,
    SECTOR_ENERGY,
    SECTOR_INDUSTRY,
    SECTOR_RESIDENTIAL,
    SECTOR_ROAD,
    SECTOR_TERTIARY,
    STRATEGY_SECTORS
};

/* The category id of a sector in the ghg_emissions indicator. */
const char *strategy_sector_id(enum strategy_sector sector);
/* English name of a sector, a message id for gettext. */
const char *strategy_sector_name(enum strategy_sector sector);

/* Energy carriers of the final energy results. */
enum strategy_carrier {
    CARRIER_ELECTRICITY,
    CARRIER_PETROLEUM, /* petroleum products: fuels, heating oil, LPG */
    CARRIER_GAS,       /* natural gas */
    CARRIER_OTHER,     /* every other carrier: wood, heat networks... */
    STRATEGY_CARRIERS
};

/* "electricite", "produits_petroliers", "gaz_naturel", "autres". */
const char *strategy_carrier_id(enum strategy_carrier carrier);
/* English name of a carrier, a message id for gettext. */
const char *strategy_carrier_name(enum strategy_carrier carrier);

/* Air pollutants of the results. */
enum strategy_pollutant {
    POLLUTANT_NOX,
    POLLUTANT_PM10,
    POLLUTANT_PM25,
    STRATEGY_POLLUTANTS
};

/* "nox", "pm10", "pm25". */
const char *strategy_pollutant_id(enum strategy_pollutant pollutant);

/* Inputs of the engine that come from the territory's data. */
enum strategy_baseline_id {
    /* ghg_emissions of each sector, t CO2e: 0 .. STRATEGY_SECTORS - 1 */
    BASELINE_ELECTRICITY = STRATEGY_SECTORS, /* residential, GWh */
    BASELINE_EV_SHARE,                       /* plug-in share of cars, % */
    BASELINE_PV_CAPACITY,                    /* photovoltaic capacity, MW */
    BASELINE_DWELLINGS,                      /* main residences */
    /* Final energy of a sector and carrier in the reference year, GWh,
     * key "energy/<sector>/<carrier>": no bundled data gives it, so only
     * the user does. BASELINE_ENERGY + sector * STRATEGY_CARRIERS +
     * carrier; the cells that the engine derives from other baselines
     * (strategy_energy_derived()) have no key. */
    BASELINE_ENERGY,
    STRATEGY_BASELINES = BASELINE_ENERGY + STRATEGY_SECTORS * STRATEGY_CARRIERS
};

/* The baseline id of the energy of a sector and carrier. */
#define STRATEGY_BASELINE_ENERGY(sector, carrier)                             \
    (BASELINE_ENERGY + (sector) * STRATEGY_CARRIERS + (carrier))

/* Returns 1 when the engine derives the energy of a sector and carrier
 * from other baselines, so that the user cannot enter it: residential
 * electricity (BASELINE_ELECTRICITY), and the petroleum products and
 * electricity of passenger cars (from road emissions). */
int strategy_energy_derived(enum strategy_sector sector,
                            enum strategy_carrier carrier);

struct strategy_baseline {
    double value[STRATEGY_BASELINES];
    int present[STRATEGY_BASELINES];    /* the store or the user gave it */
    int overridden[STRATEGY_BASELINES]; /* the user's value replaces it */
    int year[STRATEGY_BASELINES];       /* data year, 0 when overridden */
    /* Origin of a value that is not the territory's own: "departement 01"
     * for the car fleet of a commune, or "partial" when some of its
     * communes have no value. "" otherwise. */
    char origin[STRATEGY_BASELINES][48];
};

/* "ghg_emissions/routier", "electricity_residential"... "" for a derived
 * energy cell. */
const char *strategy_baseline_key(enum strategy_baseline_id id);
/* English name, a message id for gettext, and unit (not translated). An
 * energy baseline's name is its sector's: write it with
 * strategy_baseline_label() to add the carrier. */
const char *strategy_baseline_name(enum strategy_baseline_id id);
/* The name of a baseline in a language (translate as in struct
 * strategy_language, NULL for English): "Industry, natural gas (energy)"
 * for an energy baseline. */
void strategy_baseline_label(enum strategy_baseline_id id,
                             const char *(*translate)(const char *msgid),
                             char *buf, size_t size);
const char *strategy_baseline_unit(enum strategy_baseline_id id);
/* Returns the id of a key, or -1. */
int strategy_baseline_parse(const char *key);

/* The action catalogue (strategy-catalogue.c). */
enum strategy_action_kind {
    ACTION_TELEWORK,
    ACTION_CYCLING,
    ACTION_PUBLIC_TRANSPORT,
    ACTION_CARPOOLING,
    ACTION_ELECTRIFICATION,
    ACTION_RENOVATION,
    ACTION_ROOFTOP_SOLAR,
    ACTION_SECTOR_REDUCTION,
    STRATEGY_ACTION_KINDS
};

/* Value of a parameter before its start year. */
enum strategy_initial {
    INITIAL_DEFAULT,  /* the catalogue's default (0: no change) */
    INITIAL_TARGET,   /* the target itself: a mix that does not move */
    INITIAL_BASELINE, /* today's value: the fleet share, the occupancy */
};

struct strategy_param_def {
    char id[STRATEGY_ID_MAX];
    char *name_fr;
    char *name_en;
    char *unit;
    double min;
    double max;
    int has_default;
    double default_value;
    enum strategy_initial initial;
};

struct strategy_source {
    char *publisher;
    char *title;
    int year;
    char *url;    /* "" when none */
    char *figure; /* the published figure the value comes from */
};

struct strategy_coef_def {
    char id[STRATEGY_ID_MAX];
    char *name_fr;
    char *name_en;
    char *unit;
    int user_input;                 /* no published value: the user gives it */
    /* A missing value leaves out only the outputs that need it, with a
     * note, instead of blocking the whole result ("optional": true). */
    int optional;
    /* Bounds of a value the user enters: the catalogue's "min" and "max",
     * else 0 to 1 for a ratio and 0 and up for any other unit. */
    double min;
    double max;
    double value[STRATEGY_RANGES];  /* meaningless when user_input */
    char *range;                    /* how low and high were chosen, or "" */
    char *note;                     /* "" when none */
    /* Computation of the value from the figures of several sources, ""
     * when it is a published figure itself. */
    char *derivation;
    struct strategy_source *sources;
    size_t source_count;
};

struct strategy_action_def {
    char id[STRATEGY_ID_MAX];
    enum strategy_action_kind kind;
    char *name_fr;
    char *name_en;
    char *description_fr;
    char *description_en;
    struct strategy_param_def params[STRATEGY_PARAMS_MAX];
    size_t param_count;
    size_t coefs[STRATEGY_COEFS_MAX]; /* indexes into the catalogue's */
    size_t coef_count;
    char **baseline;                  /* indicator ids it reads */
    size_t baseline_count;
    char **choices;                   /* sector_reduction: what it reduces */
    size_t choice_count;
};

struct strategy_catalogue {
    struct strategy_coef_def *coefs;
    size_t coef_count;
    struct strategy_action_def *actions;
    size_t action_count;
};

/*
 * Read and check a catalogue file. Every action id must be one the engine
 * implements, every coefficient must have a source or be a user input, and
 * every parameter a range. Returns 0, or -1 with *error set to a message
 * that the caller frees.
 */
int strategy_catalogue_load(const char *path, struct strategy_catalogue **out,
                            char **error);
void strategy_catalogue_free(struct strategy_catalogue *catalogue);
/* The catalogue of the bundled data folder (data_dir/actions). */
int strategy_catalogue_load_dir(const char *data_dir,
                                struct strategy_catalogue **out,
                                char **error);
const struct strategy_action_def *
strategy_catalogue_action(const struct strategy_catalogue *catalogue,
                          const char *id);
/* Returns the index of a coefficient, or -1. */
int strategy_catalogue_coef(const struct strategy_catalogue *catalogue,
                            const char *id);
const char *strategy_action_name(const struct strategy_action_def *action,
                                 int french);
const char *strategy_param_name(const struct strategy_param_def *param,
                                int french);
const char *strategy_coef_name(const struct strategy_coef_def *coef,
                               int french);

/*
 * A message of the engine kept apart from its arguments, so that a screen
 * can show it in the reader's language (strategy-message.c). format is an
 * English message id, marked for gettext, in which each "%s" takes the
 * next argument; a translation may reorder them with "%1$s", "%2$s"...
 * and "%%" writes "%". Each argument keeps its kind, so that numbers get
 * the reader's decimal mark and ids become names from the catalogue.
 */
#define STRATEGY_MESSAGE_ARGS 8
#define STRATEGY_ARG_MAX (STRATEGY_KEY_MAX + STRATEGY_ID_MAX)

enum strategy_arg_kind {
    STRATEGY_ARG_TEXT,     /* written as it is */
    STRATEGY_ARG_NUMBER,   /* a decimal number */
    STRATEGY_ARG_INTEGER,  /* a year or a count, without separators */
    STRATEGY_ARG_ACTION,   /* an action id */
    STRATEGY_ARG_PARAM,    /* "action/parameter" ids */
    STRATEGY_ARG_COEF,     /* a coefficient id */
    STRATEGY_ARG_BASELINE, /* a baseline key */
    STRATEGY_ARG_SECTOR,   /* a sector id of the ghg_emissions indicator */
    STRATEGY_ARG_CARRIER,  /* a carrier id (strategy_carrier_id()) */
    STRATEGY_ARG_UNIT,     /* a unit of the catalogue: strategy_unit_text() */
};

struct strategy_arg {
    enum strategy_arg_kind kind;
    double number;               /* STRATEGY_ARG_NUMBER and _INTEGER */
    char text[STRATEGY_ARG_MAX]; /* the other kinds */
};

struct strategy_message {
    const char *format; /* NULL when there is no message */
    struct strategy_arg args[STRATEGY_MESSAGE_ARGS];
    size_t arg_count;
};

/*
 * The language that strategy_message_format() writes in. translate
 * returns the translation of an English message id, as gettext() does
 * (NULL keeps English). catalogue, when not NULL, turns the ids of actions,
 * parameters and coefficients into their names in the language that
 * french selects, which also selects the decimal comma. A NULL language
 * writes English with ids, as strategy_result.message has it.
 */
struct strategy_language {
    const char *(*translate)(const char *msgid);
    int french;
    const struct strategy_catalogue *catalogue;
};

/* Start a message with its format; the append functions add its
 * arguments in order (those past STRATEGY_MESSAGE_ARGS are dropped). */
void strategy_message_start(struct strategy_message *message,
                            const char *format);
void strategy_message_text(struct strategy_message *message,
                           enum strategy_arg_kind kind, const char *text);
void strategy_message_param(struct strategy_message *message,
                            const char *action, const char *param);
void strategy_message_number(struct strategy_message *message,
                             enum strategy_arg_kind kind, double number);
/* A unit of the catalogue or of a baseline ("days", "MWp") in the
 * language; the unit itself when it reads the same in every language. The
 * catalogue and the store keep the English unit. */
const char *strategy_unit_text(const char *unit,
                               const struct strategy_language *language);
/* Write the message into buf, "" when it has no format. */
void strategy_message_format(const struct strategy_message *message,
                             const struct strategy_language *language,
                             char *buf, size_t size);

/* Write format, an English message id translated in the language, into
 * buf with texts[i] in place of its "%s" and "%N$s" directives, as
 * strategy_message_format() does with the arguments of a message. Texts
 * have no length limit there, unlike the arguments of a message. */
void strategy_text_format(const char *format, const char *const *texts,
                          size_t count,
                          const struct strategy_language *language, char *buf,
                          size_t size);

/* A strategy as the engine and the screens use it (strategy-engine.c). */
struct strategy_target {
    char param[STRATEGY_ID_MAX];
    int set;          /* 0 until the user gives a parameter with no default */
    int start_year;
    int target_year;
    double value;     /* in the parameter's unit */
};

struct strategy_item {
    char action[STRATEGY_ID_MAX];
    char choice[STRATEGY_ID_MAX]; /* "" unless the action has choices */
    struct strategy_target params[STRATEGY_PARAMS_MAX];
    size_t param_count;
};

/* A named number the user entered: a baseline override, a coefficient,
 * or a point of the custom target trajectory (key "2030"...). */
struct strategy_value {
    char key[STRATEGY_KEY_MAX];
    double value;
};

struct strategy_values {
    struct strategy_value *items;
    size_t count;
};

struct strategy {
    int64_t id;
    char *name;
    char owner[64];
    int64_t territory_id;
    int64_t parent_id;  /* the strategy it was duplicated from, or 0 */
    int public;
    char *updated_at;   /* ISO 8601 UTC, "" before it is stored */
    struct strategy_item items[STRATEGY_ITEMS_MAX];
    size_t item_count;
    struct strategy_values baselines;    /* key: strategy_baseline_key() */
    struct strategy_values coefficients; /* key: coefficient id */
    struct strategy_values goals;        /* key: year, value: t CO2e */
};

void strategy_init(struct strategy *strategy);
void strategy_clear(struct strategy *strategy);
/* Copy src into dst (initialised or cleared), which then owns its copy. */
void strategy_copy(struct strategy *dst, const struct strategy *src);

/*
 * Append an action with its default targets (start this_year, target
 * 2050). Returns 0, or -1 with a message in err: unknown action or choice,
 * too many actions, or an action other than sector_reduction already in
 * the strategy (each acts once on the same trips or dwellings).
 */
int strategy_add_action(struct strategy *strategy,
                        const struct strategy_catalogue *catalogue,
                        const char *action, const char *choice,
                        int this_year, char *err, size_t err_size);
void strategy_remove_item(struct strategy *strategy, size_t index);
/*
 * Set a parameter's target after checking it against the parameter's
 * bounds and the years against STRATEGY_FIRST_YEAR .. STRATEGY_LAST_YEAR.
 * Returns 0, or -1 with a message in err that names the bound.
 */
int strategy_set_target(struct strategy *strategy,
                        const struct strategy_catalogue *catalogue,
                        size_t item, const char *param, int start_year,
                        int target_year, double value, char *err,
                        size_t err_size);
/* The same two, with the reason of a refusal as a message that a screen
 * can translate (reason->format is NULL after a success). */
int strategy_add_action_message(struct strategy *strategy,
                                const struct strategy_catalogue *catalogue,
                                const char *action, const char *choice,
                                int this_year, struct strategy_message *reason);
int strategy_set_target_message(struct strategy *strategy,
                                const struct strategy_catalogue *catalogue,
                                size_t item, const char *param, int start_year,
                                int target_year, double value,
                                struct strategy_message *reason);
/* Set (or with remove, delete) a value of a list. */
/*
 * Apply to merged, a copy of the stored strategy, what mine changed from
 * base, the copy it was made from: its name, the actions it added or
 * removed, the parameters, inputs, baselines and target points it
 * changed. What another session changed meanwhile and mine did not is
 * kept. Returns how many of mine's changes met another session's: they
 * replaced a different value it had saved meanwhile, or were lost with
 * an action it removed.
 */
size_t strategy_merge(struct strategy *merged, const struct strategy *base,
                      const struct strategy *mine);
void strategy_values_set(struct strategy_values *values, const char *key,
                         double value);
void strategy_values_remove(struct strategy_values *values, const char *key);
/* Returns 1 and *value when the key is set, else 0. */
int strategy_values_get(const struct strategy_values *values, const char *key,
                        double *value);

/* Apply the strategy's baseline overrides to base, flagging them. */
void strategy_baseline_apply(struct strategy_baseline *base,
                             const struct strategy *strategy);

/* Impacts of a strategy, year by year. Years are STRATEGY_FIRST_YEAR + i. */
struct strategy_result {
    /* 1 when every required input was given; otherwise message lists
     * the missing ones and no impact is set. A missing optional input
     * leaves out only the outputs that need it, with a note. */
    int complete;
    char message[768];
    /* Notes on parts that could not be computed (a baseline the territory
     * lacks), shown with complete results; "" when none. */
    char notes[1024];
    /* message and notes as the messages they were written from, for a
     * screen to translate with strategy_result_problems_text() and
     * strategy_result_notes_text(). problems are the missing inputs
     * (missing 1), or the one invalid value (missing 0). */
    struct strategy_message problems[STRATEGY_PROBLEMS_MAX];
    size_t problem_count;
    int missing;
    struct strategy_message note_list[STRATEGY_NOTES_MAX];
    size_t note_count;
    int has_sector[STRATEGY_SECTORS]; /* the baseline has the sector */
    double ghg[STRATEGY_YEARS][STRATEGY_SECTORS][STRATEGY_RANGES]; /* t */
    double ghg_total[STRATEGY_YEARS][STRATEGY_RANGES]; /* of has_sector */
    double ghg_reference[STRATEGY_SECTORS]; /* without the strategy */
    double ghg_reference_total;
    int has_electricity;   /* residential electricity, GWh */
    double electricity[STRATEGY_YEARS][STRATEGY_RANGES];
    double electricity_reference;
    int has_production;    /* photovoltaic production added, GWh */
    double production[STRATEGY_YEARS][STRATEGY_RANGES];
    /* The change of passenger cars' air pollutant emissions against the
     * territory without the strategy, t per year: NOx, PM10 and PM2.5,
     * each once its factors per km are entered. */
    int has_pollutant[STRATEGY_POLLUTANTS];
    double pollutant[STRATEGY_YEARS][STRATEGY_POLLUTANTS][STRATEGY_RANGES];
    /* Full-time equivalent jobs that the renovations of each year create
     * or maintain. */
    int has_jobs;
    double jobs[STRATEGY_YEARS][STRATEGY_RANGES];
    int has_fuel;          /* change of car fuel spending, EUR */
    double fuel[STRATEGY_YEARS][STRATEGY_RANGES];
    /* Final energy by sector and carrier, GWh. A cell is set only when
     * has_energy is 1: residential electricity is the electricity value
     * above, road petroleum products the fuel of passenger cars, road
     * electricity the cars that electrification converts, and any other
     * cell a baseline the user entered. */
    int has_energy[STRATEGY_SECTORS][STRATEGY_CARRIERS];
    double energy[STRATEGY_YEARS][STRATEGY_SECTORS][STRATEGY_CARRIERS]
                 [STRATEGY_RANGES];
    /* Change of households' yearly energy bill from the reference, EUR:
     * car fuel is the fuel value above, then residential electricity and
     * the charging of the cars electrified at the electricity price. The
     * total is set only when every part that applies is. */
    int has_bill_electricity;
    double bill_electricity[STRATEGY_YEARS][STRATEGY_RANGES];
    int has_bill_charging;
    double bill_charging[STRATEGY_YEARS][STRATEGY_RANGES];
    /* The change of residential gas and heating oil, when the user
     * entered their energy and an action changes it. */
    int has_bill_gas;
    double bill_gas[STRATEGY_YEARS][STRATEGY_RANGES];
    int has_bill_heating_oil;
    double bill_heating_oil[STRATEGY_YEARS][STRATEGY_RANGES];
    int has_bill_total;
    double bill_total[STRATEGY_YEARS][STRATEGY_RANGES];
    /* The national objective of the law applied to the territory: the
     * emissions of the baseline (2016) reduced as France must reduce its
     * own, t CO2e, the same in the three ranges. 0 in has_national_path
     * when the catalogue lacks one of its coefficients. */
    int has_national_path;
    double national_path[STRATEGY_YEARS][STRATEGY_RANGES];
};

/* The year of the emissions inventory the baseline reads, from which the
 * national path starts. */
#define STRATEGY_INVENTORY_YEAR 2016

/*
 * Compute the impacts. Mobility actions act in a fixed order on one pool
 * of car emissions, whatever the order of the items. Telework removes
 * home-to-work trips first. Cycling and public transport then move part of
 * what is left, and carpooling divides the remaining home-to-work car-km.
 * Electrification applies last, to every remaining car-km. Sector reductions
 * come last, as factors, so their order does not matter either. Low and
 * high are the smallest and largest result of the three runs with every
 * coefficient at its low, central and high value.
 *
 * Returns 0 when the results are complete, 1 when an input is missing
 * (out->message names each, nothing is computed), or -1 when a value is
 * out of bounds (out->message names the bound).
 */
int strategy_compute(const struct strategy_catalogue *catalogue,
                     const struct strategy *strategy,
                     const struct strategy_baseline *base,
                     struct strategy_result *out);

/* Write the problems of a result (what is missing, or the invalid value)
 * or its notes into buf in a language. Both write "" when there is none. */
void strategy_result_problems_text(const struct strategy_result *result,
                                   const struct strategy_language *language,
                                   char *buf, size_t size);
void strategy_result_notes_text(const struct strategy_result *result,
                                const struct strategy_language *language,
                                char *buf, size_t size);

/* Parameter value in a year, from its target and initial value. */
double strategy_target_value(const struct strategy_target *target,
                             double initial, int year);

/* The JSON document of a strategy's content (items, inputs, goals), as
 * stored and exported. to_json returns a string the caller frees. */
char *strategy_to_json(const struct strategy *strategy);
int strategy_from_json(struct strategy *strategy, const char *json,
                       char *err, size_t err_size);

/*
 * Storage (store-strategy.c, store-strategy-history.c). A strategy
 * belongs to an account and to a territory. Its owner may share it with
 * accounts as viewer or editor; an administrator may make it public.
 * Functions return 0, 1 when the strategy does not exist, STORE_FORBIDDEN
 * when the account lacks the right, or -1 on error (store_error() returns
 * the cause). An account NULL is the local command line, which has the
 * rights of an administrator.
 *
 * Rights: the owner and every administrator (role "admin") have
 * ACCESS_OWNER, an editor ACCESS_EDIT, a viewer ACCESS_VIEW, and so does
 * every account on a public strategy. A regional administrator has no
 * special right. Reading and copying need ACCESS_VIEW, saving and
 * renaming ACCESS_EDIT, sharing and removing ACCESS_OWNER, and the public
 * mark an administrator. A name is checked as a dashboard name is
 * (dashboard_text_problem()), with at most STRATEGY_NAME_MAX bytes, so
 * that no stored name can send an escape sequence to a terminal.
 *
 * Every change made through these functions (create, copy, save, rename,
 * grant, set_public) writes its history rows in the same transaction:
 * see struct strategy_change. Removing a strategy removes its history.
 */
struct strategy_summary {
    int64_t id;
    char *name;
    char owner[64];
    int64_t territory_id;
    int public;
    enum dashboard_access access; /* what the listing account may do */
    char *updated_at;
};

void strategy_summary_clear(struct strategy_summary *summary);
int store_strategy_create(struct store *store, const char *account,
                          const char *name, int64_t territory_id,
                          int64_t *id);
int store_strategy_get(struct store *store, const char *account, int64_t id,
                       struct strategy *out);
/* Write name and content; the account must own or edit it. One history
 * row is written per difference from the stored strategy. */
int store_strategy_save(struct store *store, const char *account,
                        const struct strategy *strategy);
/* The same for a copy mine made from base while another session may have
 * saved: only what mine changed from base is written over the stored
 * strategy (strategy_merge), and merged receives the result. *replaced,
 * when not NULL, receives how many of mine's changes replaced another
 * session's. */
int store_strategy_save_merged(struct store *store, const char *account,
                               const struct strategy *base,
                               const struct strategy *mine,
                               struct strategy *merged, size_t *replaced);
/* Change the name only, leaving the content as another session saved it.
 * An invalid name is -1 with the reason. */
int store_strategy_rename(struct store *store, const char *account,
                          int64_t id, const char *name);
/* Copy a strategy the account can see into a new one it owns, named
 * new_name, with parent_id pointing at the original. */
int store_strategy_copy(struct store *store, const char *account, int64_t id,
                        const char *new_name, int64_t *new_id);
int store_strategy_remove(struct store *store, const char *account,
                          int64_t id);
int store_strategy_access(struct store *store, int64_t id,
                          const char *account, enum dashboard_access *out);
/* Share with grantee as ACCESS_VIEW or ACCESS_EDIT, ACCESS_NONE revokes;
 * owner or administrator only. The grantee must exist and not be the
 * owner (-1 with a message). */
int store_strategy_grant(struct store *store, const char *account,
                         int64_t id, const char *grantee,
                         enum dashboard_access role);
/* The role that grantee was given on strategy id, as
 * store_dashboard_role() reads it for a dashboard. */
int store_strategy_role(struct store *store, int64_t id, const char *grantee,
                        enum dashboard_access *role);
/* The accounts given a role on strategy id, as store_dashboard_grants()
 * reads them for a dashboard. */
int store_strategy_grants(struct store *store, int64_t id,
                          struct store_grant **out, size_t *count);
/* Administrators (and the command line) only. */
int store_strategy_set_public(struct store *store, const char *account,
                              int64_t id, int public);
/* The strategies account owns, is granted, or that are public, by name;
 * for an administrator and the local command line, every strategy. */
int store_strategy_list(struct store *store, const char *account,
                        struct strategy_summary **out, size_t *count);

/*
 * One row of a strategy's history (see strategy_change in
 * store-schema.c): field is "create", "copy", "name", "action",
 * "target", "baseline", "coefficient", "goal", "grant" or "public",
 * item the part changed, before and after JSON text ("null" when none).
 * A target is {"set":true,"start":2024,"target":2030,"value":50}, an
 * action the object of the strategy's document, a role "viewer" or
 * "editor".
 */
struct strategy_change {
    int64_t id;
    char account[64];
    char *at; /* ISO 8601 UTC */
    char *field;
    char *item; /* "" when none */
    char *before;
    char *after;
};

void strategy_change_clear(struct strategy_change *change);
void strategy_changes_free(struct strategy_change *changes, size_t count);
/* The history of a strategy the account may read, newest first. */
int store_strategy_history(struct store *store, const char *account, int64_t id,
                           struct strategy_change **out, size_t *count);
/* Returns 1 when the history starts at the strategy's creation or copy,
 * 0 when the strategy is older than the history (schema version 9), -1. */
int store_strategy_history_complete(struct store *store, int64_t id);

/*
 * For the store-strategy*.c files only (store-strategy-history.c).
 * strategy_item_json() returns the JSON object of an action as the
 * document stores it (a json_t *). strategy_change_write() writes one
 * history row of strategy id by account (NULL for the command line).
 * Its before and after are json_t * references that it takes, and NULL
 * means JSON null. strategy_diff_write() writes a row per difference
 * between two contents of a strategy. Both return 0, or -1.
 */
void *strategy_item_json(const struct strategy_item *item);
int strategy_change_write(struct store *store, int64_t id, const char *account,
                          const char *field, const char *item, void *before,
                          void *after);
int strategy_diff_write(struct store *store, int64_t id, const char *account,
                        const struct strategy *before,
                        const struct strategy *after);

/*
 * Read the baseline of a territory: its 2016 emissions by sector, its
 * residential electricity and the plug-in share of cars (from the
 * département that contains it when the territory has no value of its
 * own), and its photovoltaic capacity. A value the store lacks is left
 * absent. Returns 0, 1 when the territory does not exist, -1.
 */
int store_strategy_baseline(struct store *store, int64_t territory_id,
                            struct strategy_baseline *out);

#endif
