-- The chunks' criteria, with the walking distances this transaction computed (the workers cannot
-- see them: they are not committed yet), into analysis.parcel_criteria (params: :storeyHeight).
-- computed_at is this transaction's, as in the single-statement path.
INSERT INTO analysis.parcel_criteria
    (storey_height_m, parcel_id, data_version, computed_at, area_m2, footprint_m2, existing_floor_area_m2,
     use_mix, dominant_use, gsi, fsi, allowed_floor_area_m2, no_zoning, water_green_share,
     mean_construction_year, transformation_share, monument, hard_constraint_share, soft_constraint_share,
     neighbourhood_id, pop_65plus_pct, distance_method, snap_m, walk_supermarket_m, walk_gp_m,
     walk_pharmacy_m, walk_school_m, walk_pt_m, height_unknown_m2, dwelling_cap, unit_count, unit_floor_area_m2)
SELECT c.storey_height_m, c.parcel_id, c.data_version, now(), c.area_m2, c.footprint_m2, c.existing_floor_area_m2,
       c.use_mix, c.dominant_use, c.gsi, c.fsi, c.allowed_floor_area_m2, c.no_zoning, c.water_green_share,
       c.mean_construction_year, c.transformation_share, c.monument, c.hard_constraint_share, c.soft_constraint_share,
       c.neighbourhood_id, c.pop_65plus_pct, coalesce(w.distance_method, 'straight_line'), w.snap_m,
       w.walk_supermarket_m, w.walk_gp_m, w.walk_pharmacy_m, w.walk_school_m, w.walk_pt_m,
       c.height_unknown_m2, c.dwelling_cap, c.unit_count, c.unit_floor_area_m2
  FROM analysis.criteria_chunk c
  LEFT JOIN analysis.parcel_walk w ON w.parcel_id = c.parcel_id
 WHERE c.storey_height_m = :storeyHeight
