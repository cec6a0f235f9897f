-- Creates or replaces the publish view of one scenario's neighbourhood totals (V5__publishing); returns its name.
SELECT infill_publish_neighbourhood_result_view(:slug) AS view_name
