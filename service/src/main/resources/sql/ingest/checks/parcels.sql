-- Parcels: area defaults to the planar area in RD; a given area must not be negative.
UPDATE ingest_ready SET area_m2 = ST_Area(geom) WHERE reason IS NULL AND area_m2 IS NULL;
UPDATE ingest_ready SET reason = format('area_m2 %s is negative', area_m2) WHERE reason IS NULL AND area_m2 < 0
