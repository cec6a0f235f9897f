-- One parcel's result with the facts of its explanation. Runs store numbers only; each
-- criterion comes with the case its sentence describes and the values the sentence needs, taken
-- from those numbers, the parcel's criteria and the weights and parameters the run used, so the
-- text always matches the score it explains. The words are the presentation source's
-- (presentation/presentation.json), filled in by analysis.Explanations.
WITH r AS (
    SELECT r.*, p.source_id, p.area_m2, ar.settings,
           pc.footprint_m2, pc.gsi, pc.fsi, pc.use_mix, pc.dominant_use, pc.mean_construction_year,
           pc.neighbourhood_id, pc.pop_65plus_pct, pc.transformation_share, pc.soft_constraint_share,
           pc.computed_at AS criteria_computed_at, pc.height_unknown_m2, pc.unit_count, pc.unit_floor_area_m2
      FROM parcel_result r
      JOIN scenario s ON s.id = r.scenario_id
      JOIN parcel p ON p.id = r.parcel_id
      LEFT JOIN analysis_run_settings ar ON ar.run_id = r.run_id
      LEFT JOIN analysis.parcel_criteria pc
             ON pc.parcel_id = r.parcel_id AND pc.storey_height_m = (s.params ->> 'storeyHeightM')::double precision
     WHERE s.slug = :slug AND r.parcel_id = :parcelId
), t AS (
    SELECT r.*,
           ARRAY(SELECT jsonb_array_elements_text(r.settings -> 'weights')::double precision) AS w,
           (r.settings ->> 'dwellingSizeM2')::double precision AS dwelling_size_m2,
           (r.settings ->> 'renovationCycleYears')::double precision AS renovation_cycle_years,
           CASE WHEN r.height_unknown_m2 > 0 THEN (r.settings ->> 'assumedHeightM')::double precision END AS assumed_height_m,
           r.zoned_capacity_m2 AS zcap,
           r.scaled[1] AS v_capacity, r.scaled[2] AS v_underuse, r.scaled[3] AS v_obsolescence,
           r.scaled[4] AS v_transformation, r.scaled[5] AS v_amenities, r.scaled[6] AS v_ageing, r.scaled[7] AS v_soft,
           r.points[1] AS k_capacity, r.points[2] AS k_underuse, r.points[3] AS k_obsolescence,
           r.points[4] AS k_transformation, r.points[5] AS k_amenities, r.points[6] AS k_ageing, r.points[7] AS k_soft,
           r.score AS total,
           r.exclusion_reason AS reason,
           extract(year FROM now())::double precision - r.mean_construction_year AS age,
           analysis.decay(r.walk_supermarket_m, (r.settings ->> 'decayFullM')::double precision, (r.settings ->> 'decayZeroM')::double precision) AS d_sup,
           analysis.decay(r.walk_gp_m, (r.settings ->> 'decayFullM')::double precision, (r.settings ->> 'decayZeroM')::double precision) AS d_gp,
           analysis.decay(r.walk_pt_m, (r.settings ->> 'decayFullM')::double precision, (r.settings ->> 'decayZeroM')::double precision) AS d_pt,
           analysis.unit_gross_factor() AS unit_gross_factor
      FROM r
)
SELECT t.parcel_id, t.source_id, t.area_m2, t.existing_floor_area_m2, t.allowed_floor_area_m2,
       t.capacity_m2, t.zoned_capacity_m2, t.extra_dwellings, t.score, t.score_class, t.excluded,
       t.exclusion_reason, t.no_zoning, t.soft_site, t.distance_method,
       jsonb_build_array(
           jsonb_build_object('criterion', 'capacity', 'raw', round(t.zcap::numeric, 1), 'scaled', t.v_capacity,
               'weight', t.w[1], 'contribution', t.k_capacity,
               'case', CASE WHEN t.no_zoning THEN 'noZoning' WHEN t.allowed_floor_area_m2 IS NULL THEN 'heightUnknown'
                            WHEN t.zcap <= 0 THEN 'none' ELSE 'room' END,
               -- appended sentences: the scenario's assumed height, where the existing floor area
               -- comes from when BAG units gave all or some of it
               'notes', to_jsonb(array_remove(ARRAY[
                   CASE WHEN t.assumed_height_m IS NOT NULL THEN 'assumedHeight' END,
                   CASE WHEN coalesce(t.unit_count, 0) = 0 THEN NULL
                        WHEN t.unit_floor_area_m2 >= t.existing_floor_area_m2 - 0.5 THEN 'unitsAll'
                        ELSE 'unitsSome' END], NULL)),
               'values', jsonb_build_object('capacityM2', t.zcap, 'dwellings', t.zcap / t.dwelling_size_m2,
                                            'dwellingSizeM2', t.dwelling_size_m2, 'assumedHeightM', t.assumed_height_m,
                                            'existingFloorAreaM2', t.existing_floor_area_m2,
                                            'unitFloorAreaM2', t.unit_floor_area_m2, 'unitCount', t.unit_count,
                                            'unitGrossFactor', t.unit_gross_factor)),
           jsonb_build_object('criterion', 'underuse', 'raw', round((100 * t.v_underuse)::numeric, 1), 'scaled', t.v_underuse,
               'weight', t.w[2], 'contribution', t.k_underuse,
               'case', CASE WHEN t.allowed_floor_area_m2 IS NULL AND NOT t.no_zoning THEN 'heightUnknown'
                            WHEN t.allowed_floor_area_m2 IS NULL THEN 'noZoning' WHEN t.v_underuse > 0.5 THEN 'softSite'
                            ELSE 'unbuilt' END,
               'values', jsonb_build_object('unbuiltPct', 100 * t.v_underuse)),
           jsonb_build_object('criterion', 'obsolescence', 'raw', round(t.age::numeric), 'scaled', t.v_obsolescence,
               'weight', t.w[3], 'contribution', t.k_obsolescence,
               'case', CASE WHEN t.age IS NULL THEN 'unknown' ELSE 'age' END,
               'values', jsonb_build_object('ageYears', t.age, 'renovationCycleYears', t.renovation_cycle_years)),
           jsonb_build_object('criterion', 'transformation', 'raw', round((100 * t.v_transformation)::numeric, 1),
               'scaled', t.v_transformation, 'weight', t.w[4], 'contribution', t.k_transformation,
               'case', CASE WHEN t.v_transformation > 0.5 THEN 'candidate' ELSE 'share' END,
               'values', jsonb_build_object('sharePct', 100 * t.v_transformation)),
           jsonb_build_object('criterion', 'amenities', 'raw', round((100 * t.v_amenities)::numeric, 1), 'scaled', t.v_amenities,
               'weight', t.w[5], 'contribution', t.k_amenities,
               'case', 'walks',
               'values', jsonb_build_object('distanceMethod', CASE WHEN t.distance_method = 'network' THEN 'network'
                                                                   ELSE 'straight_line' END,
                                            'supermarket', t.walk_supermarket_m, 'gp', t.walk_gp_m,
                                            'pharmacy', t.walk_pharmacy_m, 'primarySchool', t.walk_school_m,
                                            'ptStop', t.walk_pt_m)),
           jsonb_build_object('criterion', 'ageing', 'raw', t.pop_65plus_pct, 'scaled', t.v_ageing,
               'weight', t.w[6], 'contribution', t.k_ageing,
               'case', CASE WHEN t.pop_65plus_pct IS NULL THEN 'unknown' ELSE 'share' END,
               'values', jsonb_build_object('pop65plusPct', t.pop_65plus_pct,
                                            'reachPct', 100 * (t.d_gp + t.d_sup + t.d_pt) / 3)),
           jsonb_build_object('criterion', 'soft_constraints', 'raw', round((100 * t.soft_constraint_share)::numeric, 1),
               'scaled', t.v_soft, 'weight', t.w[7], 'contribution', t.k_soft,
               'case', CASE WHEN t.soft_constraint_share > 0 THEN 'share' ELSE 'none' END,
               'values', jsonb_build_object('sharePct', 100 * t.soft_constraint_share))
       )::text AS contributions,
       t.walk_supermarket_m, t.walk_gp_m, t.walk_pharmacy_m, t.walk_school_m,
       t.walk_pt_m, t.data_version, t.run_id,
       t.footprint_m2, t.gsi, t.fsi, t.use_mix::text AS use_mix, t.dominant_use,
       t.mean_construction_year, t.neighbourhood_id, t.pop_65plus_pct, t.criteria_computed_at,
       zr.zoning::text AS zoning
  FROM t
  -- the zoning parts on the parcel with their rules and the plan objects they came from (IMRO
  -- plans: rules holds {rule, value, type, id}; other zoning: its columns). Facts only: the
  -- sentence per part is the presentation source's, rendered by analysis.Explanations.
  CROSS JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object(
                 'function', zz.function, 'use', zz.use_name, 'areaM2', round(zz.area::numeric, 1),
                 'buildingAllowed', zz.building_allowed, 'heightUnknown', coalesce(zz.height_unknown, false),
                 'maxHeightM', zz.max_height_m, 'maxCoverage', zz.max_coverage, 'maxFsi', zz.max_fsi,
                 'maxStoreys', zz.max_storeys, 'maxDwellings', zz.max_dwellings,
                 'rules', coalesce(zz.rules::jsonb, '[]'::jsonb), 'planRules', zz.rules IS NOT NULL,
                 'assumedHeightM', t.assumed_height_m)
                 ORDER BY zz.area DESC) AS zoning
        FROM (SELECT zn.*, ST_Area(ST_Intersection(zn.geom, p.geom)) AS area
                FROM parcel p
                JOIN zoning zn ON zn.geom && p.geom AND ST_Intersects(zn.geom, p.geom)
               WHERE p.id = t.parcel_id) zz
       WHERE zz.area > 0.01
  ) zr
