-- Drops publish views of scenarios that no longer exist.
SELECT infill_publish_drop_stale_result_views() AS view_name
