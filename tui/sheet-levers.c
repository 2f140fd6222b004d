/*
 * terrish: the levers that the didactic sheet lists for an indicator: the
 * kinds of action a local authority has to move it, in words. They are
 * qualitative on purpose and carry no figure: the sheet's figures all come
 * from the store.
 * Copyright (C) 2026 the terrish authors. AGPL-3.0-or-later.
 *
 * The texts are compiled in, as English message ids translated through
 * po/fr.po like every other message, so that they follow the language of
 * the session and need no data file at run time. An indicator without its
 * own list gets its theme's (the catalogue's French theme name).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "tui/tui-internal.h"

/* At most this many levers per list, NULL-terminated. */
#define LEVERS_MAX 7

struct lever_list {
    const char *key; /* indicator id, or "theme:" and a theme */
    const char *levers[LEVERS_MAX];
};

#define LEVER_COMMUTING_CYCLING                                                \
    N_("Make cycling a safe choice for home-to-work trips: continuous, "      \
       "separated cycle routes to the main job areas, secure bicycle "        \
       "parking at stations and workplaces, help to buy e-bikes.")
#define LEVER_COMMUTING_CARPOOL                                                \
    N_("Organise carpooling on the main commuting corridors: meeting "        \
       "points, a matching service, lanes reserved for shared cars.")
#define LEVER_COMMUTING_TELEWORK                                               \
    N_("Support telework and shared workspaces near home, which remove "      \
       "whole trips.")
#define LEVER_COMMUTING_TRANSIT                                                \
    N_("Improve public transport where the flows concentrate: frequency, "    \
       "connected timetables, park-and-ride car parks at the edge of the "    \
       "urban area.")
#define LEVER_COMMUTING_EMPLOYERS                                              \
    N_("Ask large employers and administrations for a mobility plan "         \
       "(plan de mobilité employeur), and encourage the sustainable "         \
       "mobility allowance (forfait mobilités durables).")
#define LEVER_ROAD_FLEETS                                                      \
    N_("Electrify fleets, the local authority's own first, then buses, "      \
       "taxis and delivery vans, with charging where vehicles park.")
#define LEVER_ROAD_SPEED                                                       \
    N_("Lower speed limits on urban expressways and roads, which lowers "     \
       "consumption per kilometre.")
#define LEVER_ROAD_PLANNING                                                    \
    N_("Plan for shorter distances: shops, services and jobs near homes, "    \
       "and new homes near public transport.")
#define LEVER_ROAD_FREIGHT                                                     \
    N_("Move goods differently: urban consolidation centres, cargo bikes, "   \
       "rail and waterways for long distances.")
#define LEVER_ROAD_ZFE                                                         \
    N_("A low-emission zone (zone à faibles émissions mobilité) speeds up "   \
       "the replacement of the most polluting vehicles.")
#define LEVER_EV_CHARGING                                                      \
    N_("Install public charging points where residents have no private "      \
       "parking space, and fast chargers on main roads, as planned in a "     \
       "charging infrastructure master plan (schéma directeur IRVE).")
#define LEVER_EV_PUBLIC_FLEET                                                  \
    N_("Electrify the local authority's own vehicles, and require low-"       \
       "emission vehicles in public transport and service contracts.")
#define LEVER_EV_INFORM                                                        \
    N_("Inform households and businesses about purchase aids and the full "   \
       "cost of owning an electric vehicle.")
#define LEVER_FEWER_CARS                                                       \
    N_("Make a car less necessary: car sharing, cycling, public transport.")
#define LEVER_JOBS_NEAR                                                        \
    N_("Bring jobs and homes closer: business areas served by public "        \
       "transport, mixed neighbourhoods, support for local shops and "        \
       "services.")
#define LEVER_RENOVATION                                                       \
    N_("Renovate homes thoroughly (insulation, ventilation, efficient "       \
       "heating), with the advice of the France Rénov' network.")
#define LEVER_HEAT_PUMPS                                                       \
    N_("Replace old electric convector heaters with heat pumps in "           \
       "renovated homes.")
#define LEVER_SOBRIETY                                                         \
    N_("Encourage energy sobriety: information on consumption, "              \
       "thermostats, energy advice for households and public buildings.")
#define LEVER_SOLAR                                                            \
    N_("Find suitable roofs and land for solar panels (car parks, "           \
       "industrial roofs, public buildings), within the renewable energy "    \
       "acceleration zones.")
#define LEVER_CITIZEN_ENERGY                                                   \
    N_("Support renewable projects owned by citizens and local "              \
       "authorities, which keep the income in the territory.")
#define LEVER_BIOMASS                                                          \
    N_("Develop heat networks fed by wood or recovered heat, and anaerobic "  \
       "digestion where farm and food waste exist.")
#define LEVER_SECTORS                                                          \
    N_("Find the sectors that weigh most in the territory's emissions "       \
       "(bars by category), and act on each with its own levers: "            \
       "transport, buildings, industry, agriculture, waste.")
#define LEVER_CONTEXT                                                          \
    N_("This figure describes the territory more than it sets a goal: use "   \
       "it to put the others in proportion (per inhabitant, per household, "  \
       "per job).")
#define LEVER_VACANT                                                           \
    N_("Bring vacant homes back into use before building new ones, which "    \
       "limits the land taken from farms and nature.")
#define LEVER_AIR                                                              \
    N_("Road traffic and wood burning in old stoves and fireplaces are "      \
       "major sources of fine particles and nitrogen oxides: low-emission "   \
       "zones and help to replace old wood heaters act on them.")

static const struct lever_list lever_lists[] = {
    {"commuting_flows_sample",
     {LEVER_COMMUTING_CYCLING, LEVER_COMMUTING_CARPOOL,
      LEVER_COMMUTING_TELEWORK, LEVER_COMMUTING_TRANSIT,
      LEVER_COMMUTING_EMPLOYERS, NULL}},
    {"ghg_road_per_inhabitant",
     {LEVER_COMMUTING_CYCLING, LEVER_COMMUTING_TRANSIT, LEVER_ROAD_FLEETS,
      LEVER_ROAD_SPEED, LEVER_ROAD_PLANNING, LEVER_ROAD_FREIGHT,
      LEVER_ROAD_ZFE}},
    {"ghg_emissions", {LEVER_SECTORS, LEVER_ROAD_PLANNING, LEVER_RENOVATION,
                       LEVER_ROAD_FLEETS, LEVER_BIOMASS, NULL}},
    {"cars", {LEVER_EV_CHARGING, LEVER_EV_PUBLIC_FLEET, LEVER_EV_INFORM,
              LEVER_FEWER_CARS, NULL}},
    {"cars_electric_share",
     {LEVER_EV_CHARGING, LEVER_EV_PUBLIC_FLEET, LEVER_EV_INFORM, NULL}},
    {"ev_charging_points", {LEVER_EV_CHARGING, LEVER_EV_PUBLIC_FLEET, NULL}},
    {"ev_charging_points_per_1000_inhabitants",
     {LEVER_EV_CHARGING, LEVER_EV_PUBLIC_FLEET, NULL}},
    {"irve_locations", {LEVER_EV_CHARGING, NULL}},
    {"jobs", {LEVER_JOBS_NEAR, LEVER_COMMUTING_TELEWORK, NULL}},
    {"jobs_per_100_inhabitants",
     {LEVER_JOBS_NEAR, LEVER_COMMUTING_TELEWORK, LEVER_COMMUTING_TRANSIT,
      NULL}},
    {"dwellings", {LEVER_VACANT, LEVER_RENOVATION, NULL}},
    {"electricity_residential",
     {LEVER_RENOVATION, LEVER_HEAT_PUMPS, LEVER_SOBRIETY, NULL}},
    {"electricity_residential_per_site",
     {LEVER_RENOVATION, LEVER_HEAT_PUMPS, LEVER_SOBRIETY, NULL}},
    {"production_capacity", {LEVER_SOLAR, LEVER_CITIZEN_ENERGY, LEVER_BIOMASS,
                             NULL}},
    {"production_installations",
     {LEVER_SOLAR, LEVER_CITIZEN_ENERGY, LEVER_BIOMASS, NULL}},
    {"theme:Mobilité",
     {LEVER_COMMUTING_CYCLING, LEVER_COMMUTING_TRANSIT,
      LEVER_COMMUTING_CARPOOL, LEVER_FEWER_CARS, LEVER_EV_CHARGING, NULL}},
    {"theme:Émissions de GES",
     {LEVER_SECTORS, LEVER_ROAD_PLANNING, LEVER_RENOVATION, NULL}},
    {"theme:Consommation d'énergie",
     {LEVER_RENOVATION, LEVER_SOBRIETY, NULL}},
    {"theme:Production d'énergie",
     {LEVER_SOLAR, LEVER_CITIZEN_ENERGY, LEVER_BIOMASS, NULL}},
    {"theme:Polluants atmosphériques", {LEVER_AIR, LEVER_ROAD_ZFE, NULL}},
    {"theme:Population", {LEVER_CONTEXT, NULL}},
    {"theme:Économie et société", {LEVER_CONTEXT, LEVER_JOBS_NEAR, NULL}},
};

/*
 * The levers of an indicator as message ids to translate with _(), its
 * own list or else its theme's. Returns how many, 0 when none is known.
 */
size_t
tui_sheet_levers(const struct indicator *indicator,
                 const char *const **levers)
{
    size_t theme = (size_t)-1;
    size_t count;
    size_t i;

    for (i = 0; i < sizeof(lever_lists) / sizeof(lever_lists[0]); i++) {
        const char *key = lever_lists[i].key;

        if (strcmp(key, indicator->id) == 0) {
            theme = i;
            break;
        }
        if (strncmp(key, "theme:", 6) == 0 && indicator->theme != NULL &&
            strcmp(key + 6, indicator->theme) == 0) {
            theme = i;
        }
    }
    if (theme == (size_t)-1) {
        *levers = NULL;
        return 0;
    }
    *levers = lever_lists[theme].levers;
    count = 0;
    while (count < LEVERS_MAX && lever_lists[theme].levers[count] != NULL) {
        count++;
    }
    return count;
}
