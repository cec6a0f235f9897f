-- One set-based pass from staged source features to features ready for the layer:
-- reject empty geometry and coordinates outside the declared CRS's plausible range, reproject to
-- RD New (28992), reject what then lies outside RD's area of use, repair invalid geometry
-- (ST_MakeValid, counted), reduce GeometryCollections to the layer's type ({extract}, from the
-- Layer whitelist, reads valid_rd) and reject what has no part of that type left.
-- OFFSET 0 keeps each step a separate subquery, so every expensive expression runs once per row.
CREATE TEMP TABLE ingest_ready ON COMMIT DROP AS
WITH ranged AS (
    SELECT s.*,
           s.geom IS NULL OR ST_IsEmpty(s.geom) AS is_empty,
           s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)
               AND ST_XMin(s.geom) >= :srcMinX AND ST_XMax(s.geom) <= :srcMaxX
               AND ST_YMin(s.geom) >= :srcMinY AND ST_YMax(s.geom) <= :srcMaxY AS in_source_range
      FROM ingest_stage s
    OFFSET 0
), projected AS (
    SELECT ranged.*,
           CASE WHEN reason IS NULL AND in_source_range
                THEN ST_Transform(ST_SetSRID(ST_Force2D(geom), :srid), 28992) END AS rd
      FROM ranged
    OFFSET 0
), checked AS (
    SELECT projected.*,
           rd IS NOT NULL AND ST_XMin(rd) >= :rdMinX AND ST_XMax(rd) <= :rdMaxX
                          AND ST_YMin(rd) >= :rdMinY AND ST_YMax(rd) <= :rdMaxY AS in_rd_range,
           rd IS NOT NULL AND NOT ST_IsValid(rd) AS invalid,
           rd IS NOT NULL AND GeometryType(rd) = 'GEOMETRYCOLLECTION' AS collection
      FROM projected
    OFFSET 0
), repaired AS (
    SELECT checked.*,
           CASE WHEN invalid THEN ST_MakeValid(rd) ELSE rd END AS valid_rd
      FROM checked
    OFFSET 0
), fixed AS (
    SELECT repaired.*,
           CASE WHEN in_rd_range THEN {extract} END AS out_geom
      FROM repaired
    OFFSET 0
)
SELECT idx,
       out_geom AS geom,
       invalid  AS repaired,
       collection AS reduced,
       CASE
           WHEN reason IS NOT NULL THEN reason
           WHEN is_empty THEN 'empty or null geometry'
           WHEN NOT in_source_range THEN
               format('coordinates (%s %s) outside the plausible range of %s: wrong CRS or swapped axes?',
                      round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6), CAST(:crsText AS text))
           WHEN NOT in_rd_range THEN
               format('after reprojection from %s the feature lies outside the Netherlands (RD %s): wrong CRS or swapped axes?',
                      CAST(:crsName AS text), CAST(:rdText AS text))
           WHEN out_geom IS NULL OR ST_IsEmpty(out_geom) THEN
               format('no %s part left after repair and reduction (was %s)', CAST(:layerType AS text), GeometryType(rd))
       END AS reason{columns}
  FROM fixed
