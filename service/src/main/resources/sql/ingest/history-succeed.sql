-- Written inside the swap transaction: the report commits together with the data.
UPDATE load_history
   SET status = 'succeeded', source_format = :format, source_crs = :crs, source_table = :table,
       features_read = :read, features_filtered = :filtered, features_loaded = :loaded,
       features_repaired = :repaired, features_reduced = :reduced, features_rejected = :rejected,
       rejections = CAST(:rejections AS jsonb), message = NULL, layer_version = :version,
       finished_at = now(), duration_ms = :durationMs
 WHERE id = :id
