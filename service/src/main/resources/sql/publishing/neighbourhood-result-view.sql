-- Creates or replaces the publish view of one scenario's neighbourhood totals (see V95); returns its name.
SELECT infill_publish_neighbourhood_result_view(:slug) AS view_name
