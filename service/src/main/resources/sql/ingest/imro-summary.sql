-- Areas for the plan report: the plan area, the partition's parts, and the slivers that were
-- merged into a neighbouring part (imro-slivers.sql).
SELECT (SELECT ST_Area(ST_Union(ST_MakeValid(geom))) FROM imro_stage WHERE type = 'Bestemmingsplangebied') AS plan_m2,
       coalesce(sum(area), 0) AS parts_m2,
       count(*) FILTER (WHERE sliver) AS slivers,
       coalesce(sum(area) FILTER (WHERE sliver), 0) AS slivers_m2
  FROM imro_face
