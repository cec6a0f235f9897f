-- The OGC WKT of a CRS from PostGIS's catalogue, for a GeoPackage's gpkg_spatial_ref_sys.
SELECT srtext FROM spatial_ref_sys WHERE srid = :srid
