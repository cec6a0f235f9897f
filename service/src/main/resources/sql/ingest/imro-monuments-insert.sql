-- {table} is the constraints table, from the Layer whitelist.
-- Monument Bouwaanduidingen (specifieke bouwaanduiding - rijksmonument / gemeentelijk monument /
-- provinciaal monument) as hard constraints: DOMAIN.md excludes monuments from redevelopment.
INSERT INTO {table} (source_id, kind, severity, name, geom, load_id)
SELECT :planId || '/' || gml_id, 'monument', 'hard', naam,
       ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)), :loadId
  FROM imro_stage
 WHERE monument
