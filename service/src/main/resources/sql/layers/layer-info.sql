-- Count, extent (RD and CRS84) and last load of one layer; {table} comes from the Layer whitelist.
WITH ext AS (
    SELECT count(*) AS feature_count, ST_Extent(geom)::geometry AS box FROM {table}
), wgs AS (
    SELECT CASE WHEN box IS NULL THEN NULL ELSE ST_Transform(ST_SetSRID(box, 28992), 4326) END AS box FROM ext
)
SELECT ext.feature_count,
       coalesce(s.version, 0)   AS version,
       ST_XMin(ext.box) AS rd_minx, ST_YMin(ext.box) AS rd_miny,
       ST_XMax(ext.box) AS rd_maxx, ST_YMax(ext.box) AS rd_maxy,
       ST_XMin(wgs.box) AS wgs_minx, ST_YMin(wgs.box) AS wgs_miny,
       ST_XMax(wgs.box) AS wgs_maxx, ST_YMax(wgs.box) AS wgs_maxy,
       s.last_load_id,
       h.finished_at   AS last_loaded_at,
       h.source_name   AS last_source
  FROM ext CROSS JOIN wgs
  LEFT JOIN layer_state s ON s.layer = :layer
  LEFT JOIN load_history h ON h.id = s.last_load_id
