-- The results tiles (sql/tiles/results.sql) carry each parcel's scaled criteria for the web map's
-- live re-weighting (issue 16 part 1). They read the published view parcel_result_v, which froze
-- parcel_result's columns of V2; the scaled criteria (V21) are appended here, the existing columns
-- unchanged in name and order (CREATE OR REPLACE VIEW may only add columns at the end), so the
-- publish views made from it (V40) stay valid.
CREATE OR REPLACE VIEW parcel_result_v AS
SELECT r.scenario_id, r.parcel_id, r.run_id, r.existing_floor_area_m2, r.allowed_floor_area_m2, r.capacity_m2,
       r.extra_dwellings, r.score, r.score_class, r.excluded, r.exclusion_reason, r.no_zoning, r.distance_method,
       r.contributions, r.walk_gp_m, r.walk_supermarket_m, r.walk_pharmacy_m, r.walk_school_m, r.walk_pt_m,
       s.slug AS scenario, p.source_id, p.area_m2, p.geom,
       r.scaled
  FROM parcel_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN parcel p ON p.id = r.parcel_id;
