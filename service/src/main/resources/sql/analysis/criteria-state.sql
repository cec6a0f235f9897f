SELECT data_version, distance_method, parcels, computed_at FROM analysis.criteria_state WHERE storey_height_m = :storeyHeight
