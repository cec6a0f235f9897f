-- A synthetic city for the tile benchmark, until the generated sample city is on main:
-- 174 x 174 = 30,276 parcels of about 45 x 45 m (8 jittered vertices) in RD x 90-98 km,
-- y 448-456 km (Zoetermeer's area), one L-shaped building per parcel, and a scenario 'bench'
-- with a result per parcel. Deterministic (setseed). Replaces the parcel and building rows.
SELECT setseed(0.42);
TRUNCATE parcel, building;
DELETE FROM scenario WHERE slug = 'bench';

CREATE TEMP TABLE cell AS
SELECT i, j, 90000 + i * 46.0 AS x0, 448000 + j * 46.0 AS y0
  FROM generate_series(0, 173) i, generate_series(0, 173) j;

INSERT INTO parcel (source_id, municipality, area_m2, geom)
SELECT 'bench-' || i || '-' || j, 'GM0637', ST_Area(g), ST_Multi(g)
  FROM (SELECT c.i, c.j, ST_MakePolygon(ST_AddPoint(line.l, ST_StartPoint(line.l))) AS g
          FROM cell c,
               LATERAL (SELECT ST_SetSRID(ST_MakeLine(ARRAY[
                       ST_Point(c.x0 + 0.5 + random(), c.y0 + 0.5 + random()),
                       ST_Point(c.x0 + 23 + random(), c.y0 + 0.5 + random()),
                       ST_Point(c.x0 + 45 - random(), c.y0 + 0.5 + random()),
                       ST_Point(c.x0 + 45 - random(), c.y0 + 23 + random()),
                       ST_Point(c.x0 + 45 - random(), c.y0 + 45 - random()),
                       ST_Point(c.x0 + 23 + random(), c.y0 + 45 - random()),
                       ST_Point(c.x0 + 0.5 + random(), c.y0 + 45 - random()),
                       ST_Point(c.x0 + 0.5 + random(), c.y0 + 23 + random())]), 28992) AS l) line) p;

INSERT INTO building (source_id, construction_year, use, storeys, height_m, floor_area_m2, geom)
SELECT 'bench-b-' || i || '-' || j, 1900 + floor(random() * 124)::int,
       (ARRAY['wonen', 'wonen', 'wonen', 'kantoor', 'winkel'])[1 + floor(random() * 5)::int],
       s, s * 3.0, ST_Area(g) * s, ST_Multi(g)
  FROM (SELECT c.i, c.j, 1 + floor(random() * 5)::int AS s,
               ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[
                   ST_Point(c.x0 + 6, c.y0 + 6), ST_Point(c.x0 + 6 + d.w, c.y0 + 6),
                   ST_Point(c.x0 + 6 + d.w, c.y0 + 6 + d.h / 2), ST_Point(c.x0 + 6 + d.w / 2, c.y0 + 6 + d.h / 2),
                   ST_Point(c.x0 + 6 + d.w / 2, c.y0 + 6 + d.h), ST_Point(c.x0 + 6, c.y0 + 6 + d.h),
                   ST_Point(c.x0 + 6, c.y0 + 6)])), 28992) AS g
          FROM cell c, LATERAL (SELECT 12 + random() * 18 + 0 * c.i AS w, 10 + random() * 20 AS h) d) b;

INSERT INTO scenario (slug, name, weights, params, results_version)
VALUES ('bench', 'Benchmark', '{}', '{}', 1);
INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
                           capacity_m2, extra_dwellings, score, score_class, walk_gp_m, walk_supermarket_m, walk_pt_m)
SELECT s.id, p.id, 1, 200, 900, cap, cap / 110, sc, 1 + least(4, floor(sc / 20)::int),
       200 + random() * 1500, 100 + random() * 1200, 50 + random() * 600
  FROM scenario s, parcel p,
       LATERAL (SELECT random() * 700 + 0 * p.id AS cap, random() * 100 AS sc) r
 WHERE s.slug = 'bench';

UPDATE layer_state SET version = version + 1, changed_at = now() WHERE layer IN ('parcels', 'buildings');
ANALYZE parcel;
ANALYZE building;
ANALYZE parcel_result;
SELECT (SELECT count(*) FROM parcel) AS parcels, (SELECT count(*) FROM building) AS buildings,
       (SELECT count(*) FROM parcel_result) AS results;
