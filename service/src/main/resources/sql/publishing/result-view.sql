-- Creates or replaces the publish view of one scenario's results (V5__publishing); returns its name.
SELECT infill_publish_result_view(:slug) AS view_name
