-- Slivers of the partition take the rules of the neighbouring face with which they share the
-- longest boundary, so that they merge into it (imro-zoning-insert.sql groups faces by their
-- rules): the partition keeps every square metre of the plan, and a Bouwvlak is not split by a
-- strip of a few cm that a Maatvoering drawn slightly smaller leaves without a height.
WITH pick AS (
    SELECT DISTINCT ON (s.face_id) s.face_id, n.enkel_id, n.use_name, n.hoofdgroep, n.bouwvlak_id,
           n.max_height_m, n.height_id, n.max_coverage, n.coverage_id, n.max_storeys, n.storeys_id,
           n.max_dwellings, n.dwellings_id
      FROM imro_face s
      JOIN imro_face n ON n.face_id <> s.face_id AND NOT n.sliver AND n.g && s.g AND ST_Intersects(n.g, s.g)
     WHERE s.sliver
     ORDER BY s.face_id, ST_Length(ST_Intersection(ST_Boundary(s.g), ST_Boundary(n.g))) DESC, n.face_id
)
UPDATE imro_face f
   SET enkel_id = p.enkel_id, use_name = p.use_name, hoofdgroep = p.hoofdgroep, bouwvlak_id = p.bouwvlak_id,
       max_height_m = p.max_height_m, height_id = p.height_id, max_coverage = p.max_coverage,
       coverage_id = p.coverage_id, max_storeys = p.max_storeys, storeys_id = p.storeys_id,
       max_dwellings = p.max_dwellings, dwellings_id = p.dwellings_id
  FROM pick p
 WHERE f.face_id = p.face_id
