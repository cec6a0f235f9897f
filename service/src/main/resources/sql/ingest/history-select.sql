-- Load reports, newest first; :id NULL lists the latest :limit. A harvest's progress comes along
-- (load_progress; none for a file load).
SELECT h.id, h.layer, h.status, h.source_name, h.source_format, h.preset, h.source_crs, h.source_table,
       h.features_read, h.features_filtered, h.features_loaded, h.features_repaired, h.features_reduced,
       h.features_rejected, h.rejections::text AS rejections, h.message, h.problem_where, h.layer_version,
       h.started_at, h.finished_at, h.duration_ms, h.plan_report::text AS plan_report,
       p.load_id AS progress_id, p.pages AS progress_pages, p.features AS progress_features,
       p.number_matched AS progress_number_matched, p.page_url AS progress_page_url,
       p.updated_at AS progress_updated_at
  FROM load_history h
  LEFT JOIN load_progress p ON p.load_id = h.id
 WHERE (CAST(:id AS bigint) IS NULL OR h.id = :id)
   AND (CAST(:layer AS text) IS NULL OR h.layer = :layer)
 ORDER BY h.started_at DESC, h.id DESC
 LIMIT :limit
