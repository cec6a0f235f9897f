SELECT r.parcel_id, p.source_id, p.area_m2, r.existing_floor_area_m2, r.allowed_floor_area_m2,
       r.capacity_m2, r.zoned_capacity_m2, r.extra_dwellings, r.score, r.score_class, r.excluded,
       r.exclusion_reason, r.no_zoning, r.soft_site, r.distance_method, r.contributions::text AS contributions,
       r.sentence_nl, r.sentence_en, r.walk_supermarket_m, r.walk_gp_m, r.walk_pharmacy_m, r.walk_school_m,
       r.walk_pt_m, r.data_version, r.run_id,
       pc.footprint_m2, pc.gsi, pc.fsi, pc.use_mix::text AS use_mix, pc.dominant_use,
       pc.mean_construction_year, pc.neighbourhood_id, pc.pop_65plus_pct, pc.computed_at AS criteria_computed_at
  FROM parcel_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN parcel p ON p.id = r.parcel_id
  LEFT JOIN analysis.parcel_criteria pc
         ON pc.parcel_id = r.parcel_id AND pc.storey_height_m = (s.params ->> 'storeyHeightM')::double precision
 WHERE s.slug = :slug AND r.parcel_id = :parcelId
