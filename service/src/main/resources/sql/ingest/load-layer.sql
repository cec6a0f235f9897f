-- One set-based pass from the staged source features into the layer table, inside the load's
-- transaction after the layer was cleared (clear-layer.sql, or bulk-begin.sql for big loads):
-- reject empty geometry and coordinates outside the declared CRS's plausible range, reproject to
-- RD New (28992), reject what then lies outside RD's area of use, repair invalid geometry
-- (ST_MakeValid), reduce GeometryCollections to the layer's type ({extract}, from the Layer
-- whitelist, reads rd and invalid) and reject what has no part of that type left, then the
-- layer's own rules ({checks}: checks/<layer>.sql). Usable features are inserted; every feature
-- that was rejected, repaired or reduced is noted in ingest_notes by infill_ingest_note, which
-- the CASE calls for those rows only. {table}, {columns}, {values} and {geom} come from the Layer
-- whitelist ({geom} dumps multi-parts for the LineString and Point layers).
-- Steps that would only copy a geometry are skipped where they change nothing (2D already, RD
-- already, of the layer's type already): a million copies cost about a second.
-- OFFSET 0 keeps each step a separate subquery, so every expensive expression runs once per row.
-- Range checks use the bounding-box operator @ (the float box PostGIS keeps or computes once)
-- rather than ST_XMin and friends, which each compute the box of a derived geometry anew.
INSERT INTO {table} ({columns}, geom, load_id)
SELECT {values}, {geom}, :loadId
  FROM (
    SELECT fixed.*,
           CASE
               WHEN reason IS NOT NULL THEN reason
               WHEN geom IS NULL OR ST_IsEmpty(geom) THEN 'empty or null geometry'
               WHEN NOT in_source_range THEN
                   format('coordinates (%s %s) outside the plausible range of %s: wrong CRS or swapped axes?',
                          round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6), CAST(:crsText AS text))
               WHEN NOT in_rd_range THEN
                   format('after reprojection from %s the feature lies outside the Netherlands (RD %s): wrong CRS or swapped axes?',
                          CAST(:crsName AS text), CAST(:rdText AS text))
               WHEN out_geom IS NULL OR ST_IsEmpty(out_geom) THEN
                   format('no %s part left after repair and reduction (was %s)', CAST(:layerType AS text), GeometryType(rd))
               {checks}
           END AS why
      FROM (
        SELECT checked.*,
               CASE WHEN in_rd_range THEN {extract} END AS out_geom
          FROM (
            SELECT projected.*,
                   COALESCE(rd @ ST_MakeEnvelope(:rdMinX, :rdMinY, :rdMaxX, :rdMaxY, 28992), false) AS in_rd_range,
                   rd IS NOT NULL AND NOT (CASE WHEN :srid = 28992 THEN valid ELSE ST_IsValid(rd) END) AS invalid,
                   rd IS NOT NULL AND GeometryType(rd) = 'GEOMETRYCOLLECTION' AS collection
              FROM (
                SELECT s.*,
                       COALESCE(s.geom @ ST_MakeEnvelope(:srcMinX, :srcMinY, :srcMaxX, :srcMaxY), false) AS in_source_range,
                       CASE WHEN s.reason IS NULL AND NOT ST_IsEmpty(s.geom)
                                 AND s.geom @ ST_MakeEnvelope(:srcMinX, :srcMinY, :srcMaxX, :srcMaxY)
                            THEN CASE WHEN :srid = 28992 THEN ST_SetSRID(s.flat, 28992)
                                      ELSE ST_Transform(ST_SetSRID(s.flat, :srid), 28992) END END AS rd
                  FROM (SELECT *, CASE WHEN ST_NDims(geom) = 2 THEN geom ELSE ST_Force2D(geom) END AS flat
                          FROM ingest_stage) s
                OFFSET 0) projected
            OFFSET 0) checked
        OFFSET 0) fixed
  ) prepared
 WHERE CASE WHEN why IS NULL AND NOT invalid AND NOT collection THEN true
            ELSE infill_ingest_note(idx, why, invalid, collection) END
