-- One parcel's result with its explanation. Runs store numbers only (V21); the labels and
-- sentences are rendered here from those numbers, the parcel's criteria and the weights and
-- parameters the run used, so the text always matches the score it explains.
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
           CASE WHEN r.distance_method = 'network' THEN 'over straat' ELSE 'hemelsbreed' END AS how_nl,
           CASE WHEN r.distance_method = 'network' THEN 'along streets' ELSE 'straight line' END AS how_en,
           -- where the existing floor area comes from when BAG units gave (some of) it
           CASE WHEN coalesce(r.unit_count, 0) = 0 THEN ''
                WHEN r.unit_floor_area_m2 >= r.existing_floor_area_m2 - 0.5
                THEN format(' Bestaand vloeroppervlak %s m², uit %s BAG-verblijfsobjecten (gebruiksoppervlakte x %s).',
                            round(r.existing_floor_area_m2), r.unit_count, analysis.unit_gross_factor())
                ELSE format(' Bestaand vloeroppervlak %s m², waarvan %s m² uit %s BAG-verblijfsobjecten (gebruiksoppervlakte x %s).',
                            round(r.existing_floor_area_m2), round(r.unit_floor_area_m2), r.unit_count, analysis.unit_gross_factor()) END AS units_nl,
           CASE WHEN coalesce(r.unit_count, 0) = 0 THEN ''
                WHEN r.unit_floor_area_m2 >= r.existing_floor_area_m2 - 0.5
                THEN format(' Existing floor area %s m², from %s BAG units (usable area x %s).',
                            round(r.existing_floor_area_m2), r.unit_count, analysis.unit_gross_factor())
                ELSE format(' Existing floor area %s m², of which %s m² from %s BAG units (usable area x %s).',
                            round(r.existing_floor_area_m2), round(r.unit_floor_area_m2), r.unit_count, analysis.unit_gross_factor()) END AS units_en
      FROM r
)
SELECT t.parcel_id, t.source_id, t.area_m2, t.existing_floor_area_m2, t.allowed_floor_area_m2,
       t.capacity_m2, t.zoned_capacity_m2, t.extra_dwellings, t.score, t.score_class, t.excluded,
       t.exclusion_reason, t.no_zoning, t.soft_site, t.distance_method,
       CASE WHEN t.points IS NULL OR t.settings IS NULL THEN t.contributions ELSE
       jsonb_build_array(
           jsonb_build_object('criterion', 'capacity', 'label', 'Extra vloeroppervlak', 'label_en', 'Additional floor area',
               'raw', round(t.zcap::numeric, 1), 'unit', 'm2', 'scaled', t.v_capacity, 'weight', t.w[1],
               'contribution', t.k_capacity,
               'sentence', CASE WHEN t.no_zoning THEN 'Geen bestemmingsplan: de toegestane vloeroppervlakte en dus de capaciteit zijn onbekend.'
                                   WHEN t.allowed_floor_area_m2 IS NULL THEN 'Hoogte onbekend: een bouwvlak op het perceel heeft geen maximale hoogte op de kaart (die staat in de regels), dus de capaciteit is onbekend.'
                                   WHEN t.zcap <= 0 THEN 'Het bestemmingsplan laat hier geen extra vloeroppervlak toe.'
                                   ELSE format('Er past nog %s m² vloeroppervlak bij (ongeveer %s woningen van %s m²).',
                                               round(t.zcap), round((t.zcap / t.dwelling_size_m2)::numeric, 1), t.dwelling_size_m2) END
                           || CASE WHEN t.assumed_height_m IS NOT NULL THEN format(' Aanname van het scenario: %s m hoogte voor bouwvlakken zonder hoogte op de kaart.', t.assumed_height_m) ELSE '' END
                           || t.units_nl,
               'sentence_en', CASE WHEN t.no_zoning THEN 'No zoning: allowed floor area and therefore capacity are unknown.'
                                   WHEN t.allowed_floor_area_m2 IS NULL THEN 'Height unknown: a building plane (bouwvlak) on the parcel has no maximum height on the map (it is in the plan''s text), so capacity is unknown.'
                                   WHEN t.zcap <= 0 THEN 'Zoning allows no additional floor area here.'
                                   ELSE format('Room for %s m² more floor area (about %s homes of %s m²).',
                                               round(t.zcap), round((t.zcap / t.dwelling_size_m2)::numeric, 1), t.dwelling_size_m2) END
                           || CASE WHEN t.assumed_height_m IS NOT NULL THEN format(' The scenario assumes a height of %s m for building planes without a height on the map.', t.assumed_height_m) ELSE '' END
                           || t.units_en),
           jsonb_build_object('criterion', 'underuse', 'label', 'Onderbenutting', 'label_en', 'Under-use',
               'raw', round((100 * t.v_underuse)::numeric, 1), 'unit', '%', 'scaled', t.v_underuse, 'weight', t.w[2],
               'contribution', t.k_underuse,
               'sentence', CASE WHEN t.allowed_floor_area_m2 IS NULL AND NOT t.no_zoning THEN 'Onderbenutting onbekend: de hoogte van een bouwvlak staat niet op de kaart.'
                                   WHEN t.allowed_floor_area_m2 IS NULL THEN 'Onderbenutting onbekend zonder bestemmingsplan.'
                                   ELSE format('%s%% van de toegestane vloeroppervlakte is niet gebouwd%s.', round((100 * t.v_underuse)::numeric),
                                               CASE WHEN t.v_underuse > 0.5 THEN ' (soft site: meer dan de helft)' ELSE '' END) END,
               'sentence_en', CASE WHEN t.allowed_floor_area_m2 IS NULL AND NOT t.no_zoning THEN 'Under-use unknown: the height of a building plane is not on the map.'
                                   WHEN t.allowed_floor_area_m2 IS NULL THEN 'Under-use unknown without zoning.'
                                   ELSE format('%s%% of the allowed floor area is unbuilt%s.', round((100 * t.v_underuse)::numeric),
                                               CASE WHEN t.v_underuse > 0.5 THEN ' (a soft site: more than half)' ELSE '' END) END),
           jsonb_build_object('criterion', 'obsolescence', 'label', 'Veroudering', 'label_en', 'Obsolescence',
               'raw', round(t.age::numeric), 'unit', 'jaar', 'scaled', t.v_obsolescence, 'weight', t.w[3],
               'contribution', t.k_obsolescence,
               'sentence', CASE WHEN t.age IS NULL THEN 'Geen bebouwing met bekend bouwjaar.'
                                   ELSE format('De bebouwing is gemiddeld %s jaar oud (renovatiecyclus %s jaar).', round(t.age), t.renovation_cycle_years) END,
               'sentence_en', CASE WHEN t.age IS NULL THEN 'No buildings with a known construction year.'
                                   ELSE format('The buildings are %s years old on average (renovation cycle %s years).', round(t.age), t.renovation_cycle_years) END),
           jsonb_build_object('criterion', 'transformation', 'label', 'Transformatie kantoor/industrie', 'label_en', 'Office/industry transformation',
               'raw', round((100 * t.v_transformation)::numeric, 1), 'unit', '%', 'scaled', t.v_transformation, 'weight', t.w[4],
               'contribution', t.k_transformation,
               'sentence', format('%s%% van het vloeroppervlak is kantoor of industrie%s.', round((100 * t.v_transformation)::numeric),
                                     CASE WHEN t.v_transformation > 0.5 THEN ': een transformatiekandidaat' ELSE '' END),
               'sentence_en', format('%s%% of the floor area is office or industry%s.', round((100 * t.v_transformation)::numeric),
                                     CASE WHEN t.v_transformation > 0.5 THEN ': a transformation candidate' ELSE '' END)),
           jsonb_build_object('criterion', 'amenities', 'label', 'Voorzieningen op loopafstand', 'label_en', 'Amenities within walking distance',
               'raw', round((100 * t.v_amenities)::numeric, 1), 'unit', '%', 'scaled', t.v_amenities, 'weight', t.w[5],
               'contribution', t.k_amenities,
               'sentence', format('Lopen (%s) naar supermarkt %s, huisarts %s, apotheek %s, basisschool %s, ov-halte %s.', t.how_nl,
                                     analysis.fmt_m(t.walk_supermarket_m, 'onbekend'), analysis.fmt_m(t.walk_gp_m, 'onbekend'),
                                     analysis.fmt_m(t.walk_pharmacy_m, 'onbekend'), analysis.fmt_m(t.walk_school_m, 'onbekend'),
                                     analysis.fmt_m(t.walk_pt_m, 'onbekend')),
               'sentence_en', format('Walking (%s) to supermarket %s, GP %s, pharmacy %s, primary school %s, transit stop %s.', t.how_en,
                                     analysis.fmt_m(t.walk_supermarket_m, 'unknown'), analysis.fmt_m(t.walk_gp_m, 'unknown'),
                                     analysis.fmt_m(t.walk_pharmacy_m, 'unknown'), analysis.fmt_m(t.walk_school_m, 'unknown'),
                                     analysis.fmt_m(t.walk_pt_m, 'unknown'))),
           jsonb_build_object('criterion', 'ageing', 'label', 'Vergrijzing en nabijheid zorg', 'label_en', 'Ageing fit',
               'raw', t.pop_65plus_pct, 'unit', '% 65+', 'scaled', t.v_ageing, 'weight', t.w[6],
               'contribution', t.k_ageing,
               'sentence', CASE WHEN t.pop_65plus_pct IS NULL THEN 'Geen buurtcijfers over 65-plussers.'
                                   ELSE format('De buurt telt %s%% 65-plussers; huisarts, supermarkt en ov-halte zijn gemiddeld voor %s%% goed bereikbaar.',
                                               round(t.pop_65plus_pct::numeric, 1), round((100 * (t.d_gp + t.d_sup + t.d_pt) / 3)::numeric)) END,
               'sentence_en', CASE WHEN t.pop_65plus_pct IS NULL THEN 'No neighbourhood figures on residents aged 65+.'
                                   ELSE format('The neighbourhood has %s%% residents aged 65+; GP, supermarket and transit stop are %s%% within easy reach on average.',
                                               round(t.pop_65plus_pct::numeric, 1), round((100 * (t.d_gp + t.d_sup + t.d_pt) / 3)::numeric)) END),
           jsonb_build_object('criterion', 'soft_constraints', 'label', 'Zachte beperkingen (kosten)', 'label_en', 'Soft constraints (cost)',
               'raw', round((100 * t.soft_constraint_share)::numeric, 1), 'unit', '%', 'scaled', t.v_soft, 'weight', t.w[7],
               'contribution', t.k_soft,
               'sentence', CASE WHEN t.soft_constraint_share > 0
                                   THEN format('%s%% van het perceel ligt in een zachte beperking (zoals geluid of overstromingsrisico); dat verlaagt de score.', round((100 * t.soft_constraint_share)::numeric))
                                   ELSE 'Geen zachte beperkingen op het perceel.' END,
               'sentence_en', CASE WHEN t.soft_constraint_share > 0
                                   THEN format('%s%% of the parcel lies in a soft constraint (such as noise or flood risk), which lowers the score.', round((100 * t.soft_constraint_share)::numeric))
                                   ELSE 'No soft constraints on the parcel.' END)
       )
       END::text AS contributions,
       CASE WHEN t.points IS NULL OR t.settings IS NULL THEN t.sentence_nl ELSE
       CASE WHEN t.reason IS NOT NULL THEN 'Uitgesloten: ' || CASE t.reason
                WHEN 'zoning_water_green' THEN 'het bestemmingsplan wijst het perceel grotendeels aan als water of groen.'
                WHEN 'hard_constraint' THEN 'het perceel ligt grotendeels in een harde beperking.'
                WHEN 'monument' THEN 'op het perceel staat een monument.'
                ELSE 'de bebouwing is recent gebouwd.' END
            ELSE format('Scoort %s (%s/100) vooral door %s.',
                        CASE WHEN t.total >= 60 THEN 'hoog' WHEN t.total >= 40 THEN 'gemiddeld' ELSE 'laag' END,
                        round(t.total::numeric), top.nl) END
       END AS sentence_nl,
       CASE WHEN t.points IS NULL OR t.settings IS NULL THEN t.sentence_en ELSE
       CASE WHEN t.reason IS NOT NULL THEN 'Excluded: ' || CASE t.reason
                WHEN 'zoning_water_green' THEN 'zoning marks the parcel mostly as water or green space.'
                WHEN 'hard_constraint' THEN 'the parcel lies mostly within a hard constraint.'
                WHEN 'monument' THEN 'the parcel holds a listed monument.'
                ELSE 'its buildings are recent.' END
            ELSE format('Scores %s (%s/100) mainly because of %s.',
                        CASE WHEN t.total >= 60 THEN 'high' WHEN t.total >= 40 THEN 'medium' ELSE 'low' END,
                        round(t.total::numeric), top.en) END
       END AS sentence_en,
       t.walk_supermarket_m, t.walk_gp_m, t.walk_pharmacy_m, t.walk_school_m,
       t.walk_pt_m, t.data_version, t.run_id,
       t.footprint_m2, t.gsi, t.fsi, t.use_mix::text AS use_mix, t.dominant_use,
       t.mean_construction_year, t.neighbourhood_id, t.pop_65plus_pct, t.criteria_computed_at,
       zr.zoning::text AS zoning
  FROM t
  -- the zoning parts on the parcel with their rules and the plan objects they came from (IMRO
  -- plans: rules holds {rule, value, type, id}; other zoning: its columns)
  CROSS JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object(
                 'function', zz.function, 'use', zz.use_name, 'areaM2', round(zz.area::numeric, 1),
                 'buildingAllowed', zz.building_allowed, 'heightUnknown', coalesce(zz.height_unknown, false),
                 'maxHeightM', zz.max_height_m, 'maxCoverage', zz.max_coverage, 'maxFsi', zz.max_fsi,
                 'maxStoreys', zz.max_storeys, 'maxDwellings', zz.max_dwellings,
                 'rules', coalesce(zz.rules::jsonb, '[]'::jsonb),
                 'sentence', format('%s m² %s: %s', round(zz.area), coalesce(zz.use_name, zz.function), zz.nl),
                 'sentenceEn', format('%s m² %s: %s', round(zz.area), coalesce(zz.use_name, zz.function), zz.en))
                 ORDER BY zz.area DESC) AS zoning
        FROM (SELECT zn.*, ST_Area(ST_Intersection(zn.geom, p.geom)) AS area, txt.nl, txt.en
                FROM parcel p
                JOIN zoning zn ON zn.geom && p.geom AND ST_Intersects(zn.geom, p.geom)
                CROSS JOIN LATERAL (
                    SELECT coalesce(string_agg(x.nl, '; ' ORDER BY x.n), '') AS nl,
                           coalesce(string_agg(x.en, '; ' ORDER BY x.n), '') AS en
                      FROM (SELECT o.n, CASE o.r ->> 'rule'
                                   WHEN 'land_use' THEN format('bestemming %s (Enkelbestemming %s)', o.r ->> 'value', o.r ->> 'id')
                                   WHEN 'no_main_building' THEN 'buiten een bouwvlak: geen hoofdgebouw'
                                   WHEN 'bouwvlak' THEN format('binnen Bouwvlak %s', o.r ->> 'id')
                                   WHEN 'max_height_m' THEN format('max %s m uit Maatvoering %s', o.r ->> 'value', o.r ->> 'id')
                                   WHEN 'height_unknown' THEN format('hoogte onbekend: niet op de kaart (Bouwvlak %s; zie de regels)%s', o.r ->> 'id',
                                        CASE WHEN t.assumed_height_m IS NOT NULL THEN format(', aangenomen %s m (aanname van het scenario)', t.assumed_height_m) ELSE '' END)
                                   WHEN 'max_coverage' THEN format('max %s%% bebouwd uit Maatvoering %s', round(100 * (o.r ->> 'value')::numeric), o.r ->> 'id')
                                   WHEN 'max_storeys' THEN format('max %s bouwlagen uit Maatvoering %s', o.r ->> 'value', o.r ->> 'id')
                                   WHEN 'max_dwellings' THEN format('max %s woningen uit Maatvoering %s', o.r ->> 'value', o.r ->> 'id')
                                   END AS nl,
                                   CASE o.r ->> 'rule'
                                   WHEN 'land_use' THEN format('land use %s (Enkelbestemming %s)', o.r ->> 'value', o.r ->> 'id')
                                   WHEN 'no_main_building' THEN 'outside a building plane: no main building'
                                   WHEN 'bouwvlak' THEN format('inside Bouwvlak %s', o.r ->> 'id')
                                   WHEN 'max_height_m' THEN format('max %s m from Maatvoering %s', o.r ->> 'value', o.r ->> 'id')
                                   WHEN 'height_unknown' THEN format('height unknown: not on the map (Bouwvlak %s; see the plan''s text)%s', o.r ->> 'id',
                                        CASE WHEN t.assumed_height_m IS NOT NULL THEN format(', assumed %s m (an assumption of the scenario)', t.assumed_height_m) ELSE '' END)
                                   WHEN 'max_coverage' THEN format('max %s%% built from Maatvoering %s', round(100 * (o.r ->> 'value')::numeric), o.r ->> 'id')
                                   WHEN 'max_storeys' THEN format('max %s storeys from Maatvoering %s', o.r ->> 'value', o.r ->> 'id')
                                   WHEN 'max_dwellings' THEN format('max %s homes from Maatvoering %s', o.r ->> 'value', o.r ->> 'id')
                                   END AS en
                              FROM jsonb_array_elements(zn.rules::jsonb) WITH ORDINALITY o(r, n)
                            UNION ALL
                            SELECT 1, concat_ws(', ', 'max ' || zn.max_height_m || ' m', 'max ' || round(100 * zn.max_coverage::numeric) || '% bebouwd',
                                                'FSI ' || zn.max_fsi),
                                      concat_ws(', ', 'max ' || zn.max_height_m || ' m', 'max ' || round(100 * zn.max_coverage::numeric) || '% built',
                                                'FSI ' || zn.max_fsi)
                             WHERE zn.rules IS NULL) x) txt
               WHERE p.id = t.parcel_id) zz
       WHERE zz.area > 0.01
  ) zr
  CROSS JOIN LATERAL (
      SELECT string_agg(format('%s (+%s)', lower(x.nl), round(x.k::numeric, 1)), ' en ' ORDER BY x.k DESC) AS nl,
             string_agg(format('%s (+%s)', lower(x.en), round(x.k::numeric, 1)), ' and ' ORDER BY x.k DESC) AS en
        FROM (SELECT * FROM (VALUES ('extra vloeroppervlak', 'additional floor area', t.k_capacity),
                                    ('onderbenutting', 'under-use', t.k_underuse),
                                    ('veroudering', 'obsolescence', t.k_obsolescence),
                                    ('transformatiepotentieel', 'transformation potential', t.k_transformation),
                                    ('voorzieningen op loopafstand', 'amenities within walking distance', t.k_amenities),
                                    ('vergrijzing en nabijheid zorg', 'ageing fit', t.k_ageing),
                                    ('weinig beperkingen', 'few constraints', t.k_soft)) a(nl, en, k)
               ORDER BY a.k DESC LIMIT 2) x
  ) top
