-- {table} is the zoning table, from the Layer whitelist.
-- The zoning layer from the partition: faces with the same sources merge into one part. Outside
-- a Bouwvlak no main building may stand (max_coverage 0, building_allowed false); inside, the
-- Maatvoering's bebouwingspercentage, or the whole Bouwvlak when the map gives none. A Bouwvlak
-- part without a height on the map is height_unknown (max_height_m stays null). imro_ids and
-- rules name the IMRO objects each value came from, for the parcel explanation.
INSERT INTO {table} (source_id, plan_name, function, max_height_m, max_coverage, max_fsi, use_name, building_allowed,
                    max_storeys, max_dwellings, height_unknown, imro_ids, rules, geom, load_id)
SELECT coalesce(enkel_id, :planId), :planName, coalesce(hoofdgroep, lower(use_name), 'geen bestemming'),
       max_height_m,
       CASE WHEN bouwvlak_id IS NULL THEN 0 ELSE coalesce(max_coverage, 1) END,
       NULL, use_name, bouwvlak_id IS NOT NULL, max_storeys, max_dwellings,
       bouwvlak_id IS NOT NULL AND max_height_m IS NULL,
       (SELECT jsonb_agg(jsonb_build_object('type', t, 'id', id) ORDER BY n)::text
          FROM (SELECT DISTINCT ON (t, id) * FROM (VALUES
                (1, 'Bestemmingsplangebied', CAST(:planId AS text)), (2, 'Enkelbestemming', enkel_id),
                (3, 'Bouwvlak', bouwvlak_id), (4, 'Maatvoering', height_id), (5, 'Maatvoering', coverage_id),
                (6, 'Maatvoering', storeys_id), (7, 'Maatvoering', dwellings_id)) v(n, t, id)
                 WHERE id IS NOT NULL ORDER BY t, id, n) ids),
       (SELECT jsonb_agg(r ORDER BY n)::text FROM (VALUES
                (1, CASE WHEN enkel_id IS NOT NULL THEN jsonb_build_object('rule', 'land_use', 'value', use_name,
                     'type', 'Enkelbestemming', 'id', enkel_id) END),
                (2, CASE WHEN bouwvlak_id IS NULL THEN jsonb_build_object('rule', 'no_main_building', 'value', 0,
                     'type', 'Enkelbestemming', 'id', enkel_id)
                     ELSE jsonb_build_object('rule', 'bouwvlak', 'value', 1, 'type', 'Bouwvlak', 'id', bouwvlak_id) END),
                (3, CASE WHEN height_id IS NOT NULL THEN jsonb_build_object('rule', 'max_height_m', 'value', max_height_m,
                     'type', 'Maatvoering', 'id', height_id)
                     WHEN bouwvlak_id IS NOT NULL THEN jsonb_build_object('rule', 'height_unknown', 'value', NULL,
                     'type', 'Bouwvlak', 'id', bouwvlak_id) END),
                (4, CASE WHEN coverage_id IS NOT NULL THEN jsonb_build_object('rule', 'max_coverage', 'value', max_coverage,
                     'type', 'Maatvoering', 'id', coverage_id) END),
                (5, CASE WHEN storeys_id IS NOT NULL THEN jsonb_build_object('rule', 'max_storeys', 'value', max_storeys,
                     'type', 'Maatvoering', 'id', storeys_id) END),
                (6, CASE WHEN dwellings_id IS NOT NULL THEN jsonb_build_object('rule', 'max_dwellings', 'value', max_dwellings,
                     'type', 'Maatvoering', 'id', dwellings_id) END)) v(n, r)
         WHERE r IS NOT NULL),
       geom, :loadId
  FROM (SELECT enkel_id, use_name, hoofdgroep, bouwvlak_id, max_height_m, height_id, max_coverage, coverage_id,
               max_storeys, storeys_id, max_dwellings, dwellings_id,
               ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(g)), 3)) AS geom
          FROM imro_face
         GROUP BY enkel_id, use_name, hoofdgroep, bouwvlak_id, max_height_m, height_id, max_coverage, coverage_id,
                  max_storeys, storeys_id, max_dwellings, dwellings_id) parts
