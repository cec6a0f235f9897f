-- Load reports, newest first; :id NULL lists the latest :limit.
SELECT id, layer, status, source_name, source_format, preset, source_crs, source_table,
       features_read, features_filtered, features_loaded, features_repaired, features_reduced,
       features_rejected, rejections::text AS rejections, message, problem_where, layer_version,
       started_at, finished_at, duration_ms
  FROM load_history
 WHERE (CAST(:id AS bigint) IS NULL OR id = :id)
   AND (CAST(:layer AS text) IS NULL OR layer = :layer)
 ORDER BY started_at DESC, id DESC
 LIMIT :limit
