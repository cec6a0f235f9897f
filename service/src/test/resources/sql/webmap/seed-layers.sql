-- A small city for the browser tests: 20 x 15 parcels of 40 x 30 m in Zoetermeer (RD origin
-- 92,500 / 451,500), one building per parcel, four zoning quadrants, four neighbourhoods and
-- one amenity of each type. Replaces whatever the layer tables held (tests set up their own data;
-- units too: another test's sample city leaves BAG units whose pand ids these buildings reuse).
TRUNCATE parcel, building, zoning, amenity, neighbourhood, street, constraint_area, building_unit RESTART IDENTITY;

INSERT INTO parcel (source_id, municipality, area_m2, geom)
SELECT format('WM-%s-%s', i, j), 'GM0637', 1200,
       ST_Multi(ST_MakeEnvelope(92500 + i * 40, 451500 + j * 30, 92540 + i * 40, 451530 + j * 30, 28992))
  FROM generate_series(0, 19) i, generate_series(0, 14) j
 ORDER BY j, i;

-- Footprint 20 x 15 m = 300 m2, 1..4 storeys, built 1955..2015 in steps by column.
INSERT INTO building (source_id, construction_year, use, storeys, height_m, floor_area_m2, status, geom)
SELECT format('06371000000%s', lpad((i * 15 + j)::text, 5, '0')), 1955 + (i * 3) % 61,
       CASE WHEN (i + j) % 7 = 0 THEN 'kantoor' ELSE 'wonen' END,
       1 + (i + j) % 4, 3 * (1 + (i + j) % 4), 300 * (1 + (i + j) % 4), 'Pand in gebruik',
       ST_Multi(ST_MakeEnvelope(92510 + i * 40, 451507.5 + j * 30, 92530 + i * 40, 451522.5 + j * 30, 28992))
  FROM generate_series(0, 19) i, generate_series(0, 14) j;

INSERT INTO zoning (source_id, plan_name, function, max_height_m, max_coverage, max_fsi, geom) VALUES
  ('Z1', 'Testplan', 'wonen',    12, 0.5, NULL, ST_Multi(ST_MakeEnvelope(92500, 451500, 92900, 451725, 28992))),
  ('Z2', 'Testplan', 'gemengd',  18, 0.6, 2.0,  ST_Multi(ST_MakeEnvelope(92900, 451500, 93300, 451725, 28992))),
  ('Z3', 'Testplan', 'kantoor',  24, 0.7, 2.5,  ST_Multi(ST_MakeEnvelope(92500, 451725, 92900, 451950, 28992))),
  ('Z4', 'Testplan', 'groen',     0, 0.0, 0.0,  ST_Multi(ST_MakeEnvelope(92900, 451725, 93300, 451950, 28992)));

INSERT INTO neighbourhood (code, name, municipality, year, population, pop_0_14_pct, pop_15_24_pct,
                           pop_25_44_pct, pop_45_64_pct, pop_65plus_pct, dwellings, geom) VALUES
  ('BU06370001', 'Testbuurt Zuidwest', 'GM0637', 2024, 1200, 15, 10, 25, 22, 28, 540, ST_Multi(ST_MakeEnvelope(92500, 451500, 92900, 451725, 28992))),
  ('BU06370002', 'Testbuurt Zuidoost', 'GM0637', 2024,  900, 18, 12, 30, 24, 16, 400, ST_Multi(ST_MakeEnvelope(92900, 451500, 93300, 451725, 28992))),
  ('BU06370003', 'Testbuurt Noordwest', 'GM0637', 2024, 1500, 14, 11, 28, 25, 22, 700, ST_Multi(ST_MakeEnvelope(92500, 451725, 92900, 451950, 28992))),
  ('BU06370004', 'Testbuurt Noordoost', 'GM0637', 2024,  600, 20, 14, 32, 22, 12, 260, ST_Multi(ST_MakeEnvelope(92900, 451725, 93300, 451950, 28992)));

INSERT INTO amenity (source_id, type, name, geom) VALUES
  ('A1', 'gp', 'Huisartsenpraktijk Test', ST_SetSRID(ST_MakePoint(92700, 451600), 28992)),
  ('A2', 'supermarket', 'Supermarkt Test', ST_SetSRID(ST_MakePoint(93100, 451650), 28992)),
  ('A3', 'pharmacy', 'Apotheek Test', ST_SetSRID(ST_MakePoint(92720, 451620), 28992)),
  ('A4', 'primary_school', 'School Test', ST_SetSRID(ST_MakePoint(92650, 451850), 28992)),
  ('A5', 'pt_stop', 'Halte Test', ST_SetSRID(ST_MakePoint(92900, 451725), 28992)),
  ('A6', 'community_care', 'Buurthuis Test', ST_SetSRID(ST_MakePoint(93150, 451880), 28992));

-- Walking network: a street along every parcel row and column edge.
INSERT INTO street (source_id, class, name, walkable, geom)
SELECT 'S-row-' || j, 'minor', 'Teststraat ' || j, true,
       ST_SetSRID(ST_MakeLine(ST_MakePoint(92500, 451500 + j * 30), ST_MakePoint(93300, 451500 + j * 30)), 28992)
  FROM generate_series(0, 15) j
UNION ALL
SELECT 'S-col-' || i, 'minor', 'Testlaan ' || i, true,
       ST_SetSRID(ST_MakeLine(ST_MakePoint(92500 + i * 40, 451500), ST_MakePoint(92500 + i * 40, 451950)), 28992)
  FROM generate_series(0, 20) i;

UPDATE layer_state SET version = version + 1, changed_at = now();
