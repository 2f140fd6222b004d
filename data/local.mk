# Curated territory data, installed under $(pkgdatadir)/data with the same
# subfolders. data/rebuild regenerates these files from the raw open-data
# sources, as data/PROVENANCE.md describes.
terrishdatadir = $(pkgdatadir)/data
dist_terrishdata_DATA = \
	data/PROVENANCE.md

territoriesdir = $(pkgdatadir)/data/territories
dist_territories_DATA = \
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
