# Curated territory data, installed under $(pkgdatadir)/data with the same
# subfolders. data/rebuild regenerates these files from the raw open-data
# sources, as data/PROVENANCE.md describes.
terrishdatadir = $(pkgdatadir)/data
dist_terrishdata_DATA = \
	data/PROVENANCE.md

territoriesdir = $(pkgdatadir)/data/territories
dist_territories_DATA = \
	data/territories/commune-history.tsv \
	data/territories/communes.tsv \
	data/territories/departements.tsv \
	data/territories/epci.tsv \
	data/territories/regions.tsv

geometrydir = $(pkgdatadir)/data/geometry
dist_geometry_DATA = \
	data/geometry/communes-84.tsv \
	data/geometry/departements.tsv \
	data/geometry/epci-84.tsv \
	data/geometry/regions.tsv

EXTRA_DIST += \
	data/rebuild \
	data/PROVENANCE.md

actionsdir = $(pkgdatadir)/data/actions
dist_actions_DATA = \
	data/actions/PROVENANCE.md \
	data/actions/catalogue.json

indicatorsdir = $(pkgdatadir)/data/indicators
dist_indicators_DATA = \
	data/indicators/area_km2.tsv \
	data/indicators/cars.tsv \
	data/indicators/catalogue.json \
	data/indicators/co2_biomass.tsv \
	data/indicators/commuting_flows_sample.tsv \
	data/indicators/dwellings.tsv \
	data/indicators/electricity_residential.tsv \
	data/indicators/electricity_residential_sites.tsv \
	data/indicators/establishments.tsv \
	data/indicators/ev_charging_points.tsv \
	data/indicators/ghg_emissions.tsv \
	data/indicators/ghg_international_transport.tsv \
	data/indicators/households.tsv \
	data/indicators/jobs.tsv \
	data/indicators/population.tsv \
	data/indicators/production_capacity.tsv \
	data/indicators/production_installations.tsv

pointsdir = $(pkgdatadir)/data/points
dist_points_DATA = \
	data/points/eu_ets.tsv \
	data/points/irep.tsv \
	data/points/irve.tsv

EXTRA_DIST += \
	data/rebuild-indicators
