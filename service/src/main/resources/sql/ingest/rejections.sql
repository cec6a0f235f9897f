-- The first rejected features in file order, for the load report, each with where it lies (WGS84
-- lon/lat of the middle of its bounding box) when its geometry is there and its coordinates are
-- in the plausible range of the source CRS: the web map zooms to it. A feature without geometry,
-- or with coordinates outside that range (wrong CRS, swapped axes), has no location (nulls): a
-- place computed from them would be somewhere else entirely. The box's middle, not a point on the
-- surface, because a rejected geometry may be invalid.
SELECT n.idx, n.reason,
       CASE WHEN located THEN ST_X(p) END AS lon,
       CASE WHEN located THEN ST_Y(p) END AS lat
  FROM ingest_notes n
  LEFT JOIN LATERAL (
      SELECT s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)
               AND s.geom @ ST_MakeEnvelope(:srcMinX, :srcMinY, :srcMaxX, :srcMaxY) AS located,
             CASE WHEN s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)
                       AND s.geom @ ST_MakeEnvelope(:srcMinX, :srcMinY, :srcMaxX, :srcMaxY)
                  THEN ST_Transform(ST_SetSRID(ST_Centroid(Box2D(s.geom)::geometry), :srid), 4326) END AS p
        FROM ingest_stage s WHERE s.idx = n.idx LIMIT 1) g ON true
 WHERE n.reason IS NOT NULL
 ORDER BY n.idx
 LIMIT :limit
