-- A synthetic grid city of :n parcels for benchmarks (deterministic). Parcels 20 x 25 m in rows;
-- statements are separated by a line holding only ";".
DELETE FROM parcel; DELETE FROM building; DELETE FROM building_unit; DELETE FROM zoning; DELETE FROM amenity;
DELETE FROM neighbourhood; DELETE FROM street; DELETE FROM constraint_area
;
CREATE TEMP TABLE bench_dim AS SELECT ceil(sqrt(:n::float8))::int AS side
;
INSERT INTO parcel (source_id, area_m2, geom)
SELECT 'B-' || i, 500,
       ST_Multi(ST_MakeEnvelope(100000 + (i % d.side) * 20, 450000 + (i / d.side) * 25,
                                100020 + (i % d.side) * 20, 450025 + (i / d.side) * 25, 28992))
  FROM bench_dim d, generate_series(0, :n - 1) i
;
INSERT INTO building (source_id, construction_year, use, storeys, monument, geom)
SELECT 'P-' || i, 1960 + (i * 7) % 60,
       CASE WHEN i % 13 < 9 THEN 'wonen' WHEN i % 13 < 11 THEN 'kantoor' WHEN i % 13 = 11 THEN 'winkel' ELSE 'industrie' END,
       1 + i % 4, i % 997 = 0,
       ST_Multi(ST_MakeEnvelope(100004 + (i % d.side) * 20, 450004 + (i / d.side) * 25,
                                100016 + (i % d.side) * 20, 450016 + (i / d.side) * 25, 28992))
  FROM bench_dim d, generate_series(0, :n - 1) i
 WHERE i % 10 < 7
;
-- BAG-like units in a third of the buildings, 1-3 each, the third of mixed use (the sample city has
-- two per parcel): the criteria take such a building's floor area from its units' aggregate.
INSERT INTO building_unit (source_id, building_source_id, use, usable_area_m2, status, geom)
SELECT 'U-' || i || '-' || k, 'P-' || i, CASE WHEN k = 3 THEN 'wonen,kantoor' ELSE 'wonen' END,
       55 + (i * 11 + k * 7) % 60, 'Verblijfsobject in gebruik',
       ST_SetSRID(ST_MakePoint(100006 + (i % d.side) * 20 + k * 2, 450010 + (i / d.side) * 25), 28992)
  FROM bench_dim d, generate_series(0, :n - 1) i, generate_series(1, 1 + (i / 3) % 3) k
 WHERE i % 10 < 7 AND i % 3 = 0
;
INSERT INTO zoning (function, max_fsi, max_coverage, max_height_m, geom)
SELECT CASE WHEN (bx + by) % 17 = 0 THEN 'groen' ELSE 'wonen' END,
       CASE WHEN (bx + by) % 3 = 0 THEN NULL ELSE 1.0 + ((bx * 7 + by) % 4) * 0.5 END,
       0.6, 9 + 3 * ((bx + by * 3) % 5),
       ST_Multi(ST_MakeEnvelope(100000 + bx * 200, 450000 + by * 250, 100200 + bx * 200, 450250 + by * 250, 28992))
  FROM bench_dim d, generate_series(0, (d.side - 1) / 10) bx, generate_series(0, (d.side - 1) / 10) by
;
INSERT INTO street (class, walkable, geom)
SELECT 'minor', true, ST_SetSRID(ST_MakeLine(ST_MakePoint(100000, 450000 + k * 250), ST_MakePoint(100000 + d.side * 20, 450000 + k * 250)), 28992)
  FROM bench_dim d, generate_series(0, d.side / 10 + 1) k
;
INSERT INTO street (class, walkable, geom)
SELECT 'minor', true, ST_SetSRID(ST_MakeLine(ST_MakePoint(100000 + k * 200, 450000), ST_MakePoint(100000 + k * 200, 450000 + d.side * 25)), 28992)
  FROM bench_dim d, generate_series(0, d.side / 10 + 1) k
;
SELECT setseed(0.42)
;
INSERT INTO amenity (type, name, geom)
SELECT t, t || ' ' || j,
       ST_SetSRID(ST_MakePoint(100000 + random() * d.side * 20, 450000 + random() * d.side * 25), 28992)
  FROM bench_dim d, unnest(ARRAY['supermarket', 'gp', 'pharmacy', 'primary_school', 'pt_stop']) t,
       generate_series(1, greatest(2, :n / 2000)) j
;
INSERT INTO neighbourhood (code, name, population, pop_65plus_pct, geom)
SELECT 'BU' || nx || '-' || ny, 'Buurt ' || nx || '-' || ny, 2000, 10 + ((nx * 5 + ny * 3) % 20),
       ST_Multi(ST_MakeEnvelope(100000 + nx * 1000, 450000 + ny * 1000, 101000 + nx * 1000, 451000 + ny * 1000, 28992))
  FROM bench_dim d, generate_series(0, d.side * 20 / 1000) nx, generate_series(0, d.side * 25 / 1000) ny
;
INSERT INTO constraint_area (kind, severity, geom)
SELECT 'noise', 'soft', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(100000 + d.side * 10, 450000 + k * 1500), 28992), 300))
  FROM bench_dim d, generate_series(0, d.side * 25 / 1500) k
;
UPDATE layer_state SET version = version + 1, changed_at = now()
;
DROP TABLE bench_dim
;
ANALYZE parcel; ANALYZE building; ANALYZE building_unit; ANALYZE zoning; ANALYZE amenity; ANALYZE neighbourhood; ANALYZE street; ANALYZE constraint_area
