-- Results of scenario 'webmap-test' for the seeded city, used only while the analysis feature
-- is not on this branch (a real run replaces them once it is). Criterion keys are the analysis
-- feature's, so that the scenario stays valid for it. Deterministic per parcel:
-- score = (id * 37) mod 100, class = 1 + score div 20, GP distance = straight line to the GP.
INSERT INTO scenario (slug, name, description, weights, params, is_default, results_version)
VALUES ('webmap-test', 'Webkaart test', 'Seeded for the browser tests',
        '{"capacity": 0.4, "underuse": 0.2, "obsolescence": 0.2, "amenities": 0.2}',
        '{"dwellingSizeM2": 90, "storeyHeightM": 3, "decayFullM": 400, "decayZeroM": 1200}', false, 1)
ON CONFLICT (slug) DO UPDATE SET weights = EXCLUDED.weights, params = EXCLUDED.params, results_version = scenario.results_version + 1;

DELETE FROM parcel_result WHERE scenario_id = (SELECT id FROM scenario WHERE slug = 'webmap-test');
DELETE FROM neighbourhood_result WHERE scenario_id = (SELECT id FROM scenario WHERE slug = 'webmap-test');

INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
                           capacity_m2, extra_dwellings, score, score_class, contributions, walk_gp_m)
SELECT s.id, p.id, 0, e.existing, e.allowed, greatest(0, e.allowed - e.existing),
       greatest(0, e.allowed - e.existing) / 90.0, sc.score, 1 + least(4, floor(sc.score / 20))::int,
       jsonb_build_array(
         jsonb_build_object('criterion', 'capacity', 'raw', greatest(0, e.allowed - e.existing), 'scaled', sc.score / 100, 'weight', 0.4, 'contribution', 0.4 * sc.score),
         jsonb_build_object('criterion', 'underuse', 'raw', 0.5, 'scaled', sc.score / 100, 'weight', 0.2, 'contribution', 0.2 * sc.score),
         jsonb_build_object('criterion', 'obsolescence', 'raw', 40, 'scaled', sc.score / 100, 'weight', 0.2, 'contribution', 0.2 * sc.score),
         jsonb_build_object('criterion', 'amenities', 'raw', 500, 'scaled', sc.score / 100, 'weight', 0.2, 'contribution', 0.2 * sc.score)),
       ST_Distance(ST_PointOnSurface(p.geom), (SELECT geom FROM amenity WHERE type = 'gp' LIMIT 1))
  FROM scenario s
  CROSS JOIN parcel p
  CROSS JOIN LATERAL (SELECT ((p.id * 37) % 100)::double precision AS score) sc
  CROSS JOIN LATERAL (SELECT coalesce((SELECT sum(b.floor_area_m2) FROM building b WHERE ST_Intersects(b.geom, p.geom)), 0) AS existing,
                             p.area_m2 * 1.5 AS allowed) e
 WHERE s.slug = 'webmap-test';

INSERT INTO neighbourhood_result (scenario_id, neighbourhood_id, run_id, parcels, capacity_m2, extra_dwellings,
                                  mean_score, parcels_per_class, ageing_fit)
SELECT r.scenario_id, n.id, 0, count(*), sum(r.capacity_m2), sum(r.extra_dwellings), avg(r.score),
       jsonb_build_object('1', count(*) FILTER (WHERE r.score_class = 1), '2', count(*) FILTER (WHERE r.score_class = 2),
                          '3', count(*) FILTER (WHERE r.score_class = 3), '4', count(*) FILTER (WHERE r.score_class = 4),
                          '5', count(*) FILTER (WHERE r.score_class = 5)),
       n.pop_65plus_pct / 100.0 * avg(r.score) / 100.0
  FROM neighbourhood n
  JOIN parcel p ON ST_Within(ST_PointOnSurface(p.geom), n.geom)
  JOIN parcel_result r ON r.parcel_id = p.id AND r.scenario_id = (SELECT id FROM scenario WHERE slug = 'webmap-test')
 GROUP BY r.scenario_id, n.id, n.pop_65plus_pct;
