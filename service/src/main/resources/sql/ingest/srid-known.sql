-- Whether PostGIS knows a CRS (and can transform from it).
SELECT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = :srid)
