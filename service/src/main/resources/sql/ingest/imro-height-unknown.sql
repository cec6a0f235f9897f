-- Bouwvlakken with a part whose maximum height is not on the map (no Maatvoering 'maximum
-- bouwhoogte (m)' covers it): their height is in the plan's text, so their capacity is unknown.
SELECT DISTINCT bouwvlak_id FROM imro_face
 WHERE bouwvlak_id IS NOT NULL AND max_height_m IS NULL
 ORDER BY bouwvlak_id
