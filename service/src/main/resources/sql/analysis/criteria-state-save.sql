INSERT INTO analysis.criteria_state (storey_height_m, data_version, distance_method, parcels, computed_at)
SELECT :storeyHeight, :dataVersion,
       coalesce((SELECT min(distance_method) FROM analysis.parcel_walk), 'straight_line'),
       (SELECT count(*) FROM analysis.parcel_criteria WHERE storey_height_m = :storeyHeight), now()
ON CONFLICT (storey_height_m) DO UPDATE
   SET data_version = EXCLUDED.data_version, distance_method = EXCLUDED.distance_method,
       parcels = EXCLUDED.parcels, computed_at = EXCLUDED.computed_at
