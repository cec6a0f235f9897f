-- Areas for the plan report: the plan area, the partition's parts (faces of :sliver m2 and more)
-- and the slivers dropped.
SELECT (SELECT ST_Area(ST_Union(ST_MakeValid(geom))) FROM imro_stage WHERE type = 'Bestemmingsplangebied') AS plan_m2,
       coalesce(sum(area) FILTER (WHERE area >= :sliver), 0) AS parts_m2,
       count(*) FILTER (WHERE area < :sliver) AS slivers,
       coalesce(sum(area) FILTER (WHERE area < :sliver), 0) AS slivers_m2
  FROM imro_face
