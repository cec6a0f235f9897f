-- Written in its own transaction after the load's transaction rolled back. Never over a
-- 'succeeded': when the answer to COMMIT was lost, the load did commit and its report says so.
UPDATE load_history
   SET status = 'failed', source_format = coalesce(:format, source_format), source_crs = coalesce(:crs, source_crs),
       source_table = coalesce(:table, source_table), features_read = :read, features_filtered = :filtered,
       features_loaded = 0, features_repaired = 0, features_reduced = 0, features_rejected = :rejected,
       rejections = CAST(:rejections AS jsonb), message = :message, problem_where = :where,
       finished_at = now(), duration_ms = :durationMs
 WHERE id = :id AND status <> 'succeeded'
