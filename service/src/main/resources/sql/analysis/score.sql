-- Scores every parcel of one scenario from the stored criteria: ONE set-based statement, so that
-- re-scoring with new weights costs one pass over analysis.parcel_criteria.
-- Weighted linear combination S = 100 x sum_k w_k v_k (Malczewski 2000), weights normalised to 1;
-- each v_k in 0..1; contributions 100 x w_k x v_k are stored and sum to S.
INSERT INTO pg_temp.result_staging (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
       capacity_m2, extra_dwellings, score, score_class, excluded, exclusion_reason, no_zoning, distance_method,
       contributions, walk_gp_m, walk_supermarket_m, walk_pharmacy_m, walk_school_m, walk_pt_m,
       zoned_capacity_m2, soft_site, sentence_nl, sentence_en, data_version)
WITH c AS (
    SELECT pc.*,
           greatest(0, coalesce(pc.allowed_floor_area_m2 - pc.existing_floor_area_m2, 0)) AS zcap,
           CASE WHEN NOT :exclusions THEN NULL
                WHEN pc.water_green_share > :exclusionShare THEN 'zoning_water_green'
                WHEN pc.hard_constraint_share > :exclusionShare THEN 'hard_constraint'
                WHEN pc.monument THEN 'monument'
                WHEN pc.mean_construction_year >= :recentlyBuiltYear THEN 'recently_built'
           END AS reason,
           extract(year FROM now())::double precision - pc.mean_construction_year AS age
      FROM analysis.parcel_criteria pc
     WHERE pc.storey_height_m = :storeyHeight
), v AS (
    SELECT c.*,
           -- capacity: percentile rank among non-excluded parcels with capacity > 0 (robust to the
           -- heavy tail of a few very large sites, which would squash min-max scaling); 0 without capacity
           CASE WHEN c.reason IS NULL AND c.zcap > 0
                THEN cume_dist() OVER (PARTITION BY (c.reason IS NULL AND c.zcap > 0) ORDER BY c.zcap)
                ELSE 0 END AS v_capacity,
           CASE WHEN c.allowed_floor_area_m2 > 0
                THEN analysis.clamp01((c.allowed_floor_area_m2 - c.existing_floor_area_m2) / c.allowed_floor_area_m2)
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
           k_capacity + k_underuse + k_obsolescence + k_transformation + k_amenities + k_ageing + k_soft AS total,
           CASE WHEN distance_method = 'network' THEN 'over straat' ELSE 'hemelsbreed' END AS how_nl,
           CASE WHEN distance_method = 'network' THEN 'along streets' ELSE 'straight line' END AS how_en
      FROM k
)
SELECT :scenarioId, t.parcel_id, :runId,
       t.existing_floor_area_m2,
       t.allowed_floor_area_m2,
       CASE WHEN t.reason IS NULL THEN t.zcap ELSE 0 END,
       CASE WHEN t.reason IS NULL THEN t.zcap / :dwellingSizeM2 ELSE 0 END,
       CASE WHEN t.reason IS NULL THEN t.total END,
       CASE WHEN t.reason IS NULL THEN least(5, floor(t.total / 20) + 1) END,
       t.reason IS NOT NULL,
       t.reason,
       t.no_zoning,
       t.distance_method,
       jsonb_build_array(
           jsonb_build_object('criterion', 'capacity', 'label', 'Extra vloeroppervlak', 'label_en', 'Additional floor area',
               'raw', round(t.zcap::numeric, 1), 'unit', 'm2', 'scaled', t.v_capacity, 'weight', :wCapacity::double precision,
               'contribution', t.k_capacity,
               'sentence', CASE WHEN t.no_zoning THEN 'Geen bestemmingsplan: de toegestane vloeroppervlakte en dus de capaciteit zijn onbekend.'
                                   WHEN t.zcap <= 0 THEN 'Het bestemmingsplan laat hier geen extra vloeroppervlak toe.'
                                   ELSE format('Er past nog %s m² vloeroppervlak bij (ongeveer %s woningen van %s m²).',
                                               round(t.zcap), round((t.zcap / :dwellingSizeM2)::numeric, 1), :dwellingSizeM2::double precision) END,
               'sentence_en', CASE WHEN t.no_zoning THEN 'No zoning: allowed floor area and therefore capacity are unknown.'
                                   WHEN t.zcap <= 0 THEN 'Zoning allows no additional floor area here.'
                                   ELSE format('Room for %s m² more floor area (about %s homes of %s m²).',
                                               round(t.zcap), round((t.zcap / :dwellingSizeM2)::numeric, 1), :dwellingSizeM2::double precision) END),
           jsonb_build_object('criterion', 'underuse', 'label', 'Onderbenutting', 'label_en', 'Under-use',
               'raw', round((100 * t.v_underuse)::numeric, 1), 'unit', '%', 'scaled', t.v_underuse, 'weight', :wUnderuse::double precision,
               'contribution', t.k_underuse,
               'sentence', CASE WHEN t.allowed_floor_area_m2 IS NULL THEN 'Onderbenutting onbekend zonder bestemmingsplan.'
                                   ELSE format('%s%% van de toegestane vloeroppervlakte is niet gebouwd%s.', round((100 * t.v_underuse)::numeric),
                                               CASE WHEN t.v_underuse > 0.5 THEN ' (soft site: meer dan de helft)' ELSE '' END) END,
               'sentence_en', CASE WHEN t.allowed_floor_area_m2 IS NULL THEN 'Under-use unknown without zoning.'
                                   ELSE format('%s%% of the allowed floor area is unbuilt%s.', round((100 * t.v_underuse)::numeric),
                                               CASE WHEN t.v_underuse > 0.5 THEN ' (a soft site: more than half)' ELSE '' END) END),
           jsonb_build_object('criterion', 'obsolescence', 'label', 'Veroudering', 'label_en', 'Obsolescence',
               'raw', round(t.age::numeric), 'unit', 'jaar', 'scaled', t.v_obsolescence, 'weight', :wObsolescence::double precision,
               'contribution', t.k_obsolescence,
               'sentence', CASE WHEN t.age IS NULL THEN 'Geen bebouwing met bekend bouwjaar.'
                                   ELSE format('De bebouwing is gemiddeld %s jaar oud (renovatiecyclus %s jaar).', round(t.age), :renovationCycleYears::double precision) END,
               'sentence_en', CASE WHEN t.age IS NULL THEN 'No buildings with a known construction year.'
                                   ELSE format('The buildings are %s years old on average (renovation cycle %s years).', round(t.age), :renovationCycleYears::double precision) END),
           jsonb_build_object('criterion', 'transformation', 'label', 'Transformatie kantoor/industrie', 'label_en', 'Office/industry transformation',
               'raw', round((100 * t.v_transformation)::numeric, 1), 'unit', '%', 'scaled', t.v_transformation, 'weight', :wTransformation::double precision,
               'contribution', t.k_transformation,
               'sentence', format('%s%% van het vloeroppervlak is kantoor of industrie%s.', round((100 * t.v_transformation)::numeric),
                                     CASE WHEN t.v_transformation > 0.5 THEN ': een transformatiekandidaat' ELSE '' END),
               'sentence_en', format('%s%% of the floor area is office or industry%s.', round((100 * t.v_transformation)::numeric),
                                     CASE WHEN t.v_transformation > 0.5 THEN ': a transformation candidate' ELSE '' END)),
           jsonb_build_object('criterion', 'amenities', 'label', 'Voorzieningen op loopafstand', 'label_en', 'Amenities within walking distance',
               'raw', round((100 * t.v_amenities)::numeric, 1), 'unit', '%', 'scaled', t.v_amenities, 'weight', :wAmenities::double precision,
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
               'raw', t.pop_65plus_pct, 'unit', '% 65+', 'scaled', t.v_ageing, 'weight', :wAgeing::double precision,
               'contribution', t.k_ageing,
               'sentence', CASE WHEN t.pop_65plus_pct IS NULL THEN 'Geen buurtcijfers over 65-plussers.'
                                   ELSE format('De buurt telt %s%% 65-plussers; huisarts, supermarkt en ov-halte zijn gemiddeld voor %s%% goed bereikbaar.',
                                               round(t.pop_65plus_pct::numeric, 1), round((100 * (t.d_gp + t.d_sup + t.d_pt) / 3)::numeric)) END,
               'sentence_en', CASE WHEN t.pop_65plus_pct IS NULL THEN 'No neighbourhood figures on residents aged 65+.'
                                   ELSE format('The neighbourhood has %s%% residents aged 65+; GP, supermarket and transit stop are %s%% within easy reach on average.',
                                               round(t.pop_65plus_pct::numeric, 1), round((100 * (t.d_gp + t.d_sup + t.d_pt) / 3)::numeric)) END),
           jsonb_build_object('criterion', 'soft_constraints', 'label', 'Zachte beperkingen (kosten)', 'label_en', 'Soft constraints (cost)',
               'raw', round((100 * t.soft_constraint_share)::numeric, 1), 'unit', '%', 'scaled', t.v_soft, 'weight', :wSoft::double precision,
               'contribution', t.k_soft,
               'sentence', CASE WHEN t.soft_constraint_share > 0
                                   THEN format('%s%% van het perceel ligt in een zachte beperking (zoals geluid of overstromingsrisico); dat verlaagt de score.', round((100 * t.soft_constraint_share)::numeric))
                                   ELSE 'Geen zachte beperkingen op het perceel.' END,
               'sentence_en', CASE WHEN t.soft_constraint_share > 0
                                   THEN format('%s%% of the parcel lies in a soft constraint (such as noise or flood risk), which lowers the score.', round((100 * t.soft_constraint_share)::numeric))
                                   ELSE 'No soft constraints on the parcel.' END)
       ),
       t.walk_gp_m, t.walk_supermarket_m, t.walk_pharmacy_m, t.walk_school_m, t.walk_pt_m,
       t.zcap,
       CASE WHEN t.allowed_floor_area_m2 > 0 THEN t.v_underuse > 0.5 END,
       CASE WHEN t.reason IS NOT NULL THEN 'Uitgesloten: ' || CASE t.reason
                WHEN 'zoning_water_green' THEN 'het bestemmingsplan wijst het perceel grotendeels aan als water of groen.'
                WHEN 'hard_constraint' THEN 'het perceel ligt grotendeels in een harde beperking.'
                WHEN 'monument' THEN 'op het perceel staat een monument.'
                ELSE 'de bebouwing is recent gebouwd.' END
            ELSE format('Scoort %s (%s/100) vooral door %s.',
                        CASE WHEN t.total >= 60 THEN 'hoog' WHEN t.total >= 40 THEN 'gemiddeld' ELSE 'laag' END,
                        round(t.total::numeric), top.nl) END,
       CASE WHEN t.reason IS NOT NULL THEN 'Excluded: ' || CASE t.reason
                WHEN 'zoning_water_green' THEN 'zoning marks the parcel mostly as water or green space.'
                WHEN 'hard_constraint' THEN 'the parcel lies mostly within a hard constraint.'
                WHEN 'monument' THEN 'the parcel holds a listed monument.'
                ELSE 'its buildings are recent.' END
            ELSE format('Scores %s (%s/100) mainly because of %s.',
                        CASE WHEN t.total >= 60 THEN 'high' WHEN t.total >= 40 THEN 'medium' ELSE 'low' END,
                        round(t.total::numeric), top.en) END,
       t.data_version
  FROM t
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
