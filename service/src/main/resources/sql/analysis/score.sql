-- Scores every parcel of one scenario from the stored criteria: ONE set-based statement, so that
-- re-scoring with new weights costs one pass over analysis.parcel_criteria.
-- Weighted linear combination S = 100 x sum_k w_k v_k (Malczewski 2000), weights normalised to 1;
-- each v_k in 0..1; contributions 100 x w_k x v_k are stored and sum to S. Only numbers are
-- written (scaled, points, the run's settings); parcel-result.sql renders the explanation.
-- Written straight into parcel_result in the run's transaction: readers keep seeing the previous
-- results until that transaction commits (MVCC), so a staging copy would only write every row
-- twice. Rows are updated in place (heap-only updates, see parcel_result's fillfactor in V4__analysis); results-delete-stale.sql
-- then removes the rows of parcels this run did not score. Answers the run's summary, taken from
-- the rows as they are written.
WITH run_settings AS (
    -- the weights and parameters this run scores with, so that an explanation read later shows
    -- the numbers the score was made of even after the scenario was edited
    INSERT INTO analysis_run_settings (run_id, settings)
    VALUES (:runId, jsonb_build_object(
        'weights', jsonb_build_array(:wCapacity::double precision, :wUnderuse::double precision,
                                     :wObsolescence::double precision, :wTransformation::double precision,
                                     :wAmenities::double precision, :wAgeing::double precision, :wSoft::double precision),
        'dwellingSizeM2', :dwellingSizeM2::double precision,
        'assumedHeightM', CAST(:assumedHeightM AS double precision),
        'renovationCycleYears', :renovationCycleYears::double precision,
        'decayFullM', :decayFullM::double precision,
        'decayZeroM', :decayZeroM::double precision))
    ON CONFLICT (run_id) DO UPDATE SET settings = EXCLUDED.settings
    RETURNING 1
), a AS (
    -- a Bouwvlak's height not on the map: its floor area is unknown (allowed null) unless the
    -- scenario assumes a height (docs/imro.md)
    SELECT pc.*,
           CASE WHEN pc.height_unknown_m2 <= 0 THEN pc.allowed_floor_area_m2
                WHEN CAST(:assumedHeightM AS double precision) IS NULL THEN NULL
                ELSE pc.allowed_floor_area_m2
                     + pc.height_unknown_m2 * floor(CAST(:assumedHeightM AS double precision) / :storeyHeight) END
               AS allowed_m2
      FROM analysis.parcel_criteria pc
     WHERE pc.storey_height_m = :storeyHeight
), c AS (
    SELECT pc.*,
           greatest(0, coalesce(pc.allowed_m2 - pc.existing_floor_area_m2, 0)) AS zcap,
           CASE WHEN NOT :exclusions THEN NULL
                WHEN pc.water_green_share > :exclusionShare THEN 'zoning_water_green'
                WHEN pc.hard_constraint_share > :exclusionShare THEN 'hard_constraint'
                WHEN pc.monument THEN 'monument'
                WHEN pc.mean_construction_year >= :recentlyBuiltYear THEN 'recently_built'
           END AS reason,
           extract(year FROM now())::double precision - pc.mean_construction_year AS age
      FROM a pc
), v AS (
    SELECT c.*,
           -- capacity: percentile rank among non-excluded parcels with capacity > 0 (robust to the
           -- heavy tail of a few very large sites, which would squash min-max scaling); 0 without capacity
           CASE WHEN c.reason IS NULL AND c.zcap > 0
                THEN cume_dist() OVER (PARTITION BY (c.reason IS NULL AND c.zcap > 0) ORDER BY c.zcap)
                ELSE 0 END AS v_capacity,
           CASE WHEN c.allowed_m2 > 0
                THEN analysis.clamp01((c.allowed_m2 - c.existing_floor_area_m2) / c.allowed_m2)
                ELSE 0 END AS v_underuse,
           analysis.clamp01(c.age / :renovationCycleYears) AS v_obsolescence,
           analysis.clamp01(c.transformation_share) AS v_transformation,
           analysis.decay(c.walk_supermarket_m, :decayFullM, :decayZeroM) AS d_sup,
           analysis.decay(c.walk_gp_m, :decayFullM, :decayZeroM) AS d_gp,
           analysis.decay(c.walk_pharmacy_m, :decayFullM, :decayZeroM) AS d_ph,
           analysis.decay(c.walk_school_m, :decayFullM, :decayZeroM) AS d_sc,
           analysis.decay(c.walk_pt_m, :decayFullM, :decayZeroM) AS d_pt
      FROM c
), s AS (
    SELECT v.*,
           (d_sup + d_gp + d_ph + d_sc + d_pt) / 5 AS v_amenities,
           analysis.clamp01(v.pop_65plus_pct / :ageingSharePct) * (d_gp + d_sup + d_pt) / 3 AS v_ageing,
           1 - analysis.clamp01(v.soft_constraint_share) AS v_soft
      FROM v
), k AS (
    SELECT s.*,
           100 * :wCapacity * v_capacity AS k_capacity,
           100 * :wUnderuse * v_underuse AS k_underuse,
           100 * :wObsolescence * v_obsolescence AS k_obsolescence,
           100 * :wTransformation * v_transformation AS k_transformation,
           100 * :wAmenities * v_amenities AS k_amenities,
           100 * :wAgeing * v_ageing AS k_ageing,
           100 * :wSoft * v_soft AS k_soft
      FROM s
), t AS (
    SELECT k.*,
           k_capacity + k_underuse + k_obsolescence + k_transformation + k_amenities + k_ageing + k_soft AS total
      FROM k
), scored AS (
INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
       capacity_m2, extra_dwellings, score, score_class, excluded, exclusion_reason, no_zoning, distance_method,
       scaled, points, walk_gp_m, walk_supermarket_m, walk_pharmacy_m, walk_school_m, walk_pt_m,
       zoned_capacity_m2, soft_site, data_version)
SELECT :scenarioId, t.parcel_id, :runId,
       t.existing_floor_area_m2,
       t.allowed_m2,
       CASE WHEN t.reason IS NULL THEN t.zcap ELSE 0 END,
       -- a plan's dwelling cap bounds the homes (least() skips a null cap)
       CASE WHEN t.reason IS NULL THEN least(t.zcap / :dwellingSizeM2, t.dwelling_cap) ELSE 0 END,
       CASE WHEN t.reason IS NULL THEN t.total END,
       CASE WHEN t.reason IS NULL THEN least(5, floor(t.total / 20) + 1) END,
       t.reason IS NOT NULL,
       t.reason,
       t.no_zoning,
       t.distance_method,
       ARRAY[t.v_capacity, t.v_underuse, t.v_obsolescence, t.v_transformation, t.v_amenities, t.v_ageing, t.v_soft],
       ARRAY[t.k_capacity, t.k_underuse, t.k_obsolescence, t.k_transformation, t.k_amenities, t.k_ageing, t.k_soft],
       t.walk_gp_m, t.walk_supermarket_m, t.walk_pharmacy_m, t.walk_school_m, t.walk_pt_m,
       t.zcap,
       CASE WHEN t.allowed_m2 > 0 THEN t.v_underuse > 0.5 END,
       t.data_version
  FROM t
ON CONFLICT (scenario_id, parcel_id) DO UPDATE
    SET run_id = EXCLUDED.run_id, existing_floor_area_m2 = EXCLUDED.existing_floor_area_m2,
        allowed_floor_area_m2 = EXCLUDED.allowed_floor_area_m2, capacity_m2 = EXCLUDED.capacity_m2,
        extra_dwellings = EXCLUDED.extra_dwellings, score = EXCLUDED.score,
        score_class = EXCLUDED.score_class, excluded = EXCLUDED.excluded,
        exclusion_reason = EXCLUDED.exclusion_reason, no_zoning = EXCLUDED.no_zoning,
        distance_method = EXCLUDED.distance_method, scaled = EXCLUDED.scaled,
        points = EXCLUDED.points, walk_gp_m = EXCLUDED.walk_gp_m,
        walk_supermarket_m = EXCLUDED.walk_supermarket_m,
        walk_pharmacy_m = EXCLUDED.walk_pharmacy_m, walk_school_m = EXCLUDED.walk_school_m,
        walk_pt_m = EXCLUDED.walk_pt_m, zoned_capacity_m2 = EXCLUDED.zoned_capacity_m2,
        soft_site = EXCLUDED.soft_site, data_version = EXCLUDED.data_version
RETURNING excluded, no_zoning, capacity_m2, extra_dwellings, score, score_class, distance_method
)
-- the run's summary from the rows as they are written: no second pass over them
SELECT count(*) AS parcels,
       count(*) FILTER (WHERE excluded) AS excluded,
       count(*) FILTER (WHERE no_zoning) AS no_zoning,
       coalesce(sum(capacity_m2), 0) AS capacity_m2,
       coalesce(sum(extra_dwellings), 0) AS dwellings,
       avg(score) AS mean_score,
       count(*) FILTER (WHERE score_class = 1) AS class1,
       count(*) FILTER (WHERE score_class = 2) AS class2,
       count(*) FILTER (WHERE score_class = 3) AS class3,
       count(*) FILTER (WHERE score_class = 4) AS class4,
       count(*) FILTER (WHERE score_class = 5) AS class5,
       coalesce(min(distance_method), 'network') AS distance_method
  FROM scored
