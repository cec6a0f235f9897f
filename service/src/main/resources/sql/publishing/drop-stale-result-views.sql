-- Drops publish views of scenarios that no longer exist; :slugs are the live ones (text[]).
SELECT infill_publish_drop_stale_result_views(CAST(:slugs AS text[])) AS view_name
