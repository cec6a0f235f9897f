-- The planar partition of an IMRO plan, set-based in one statement: the boundaries of every
-- object that shapes zoning (Bestemmingsplangebied, Enkelbestemmingen, Bouwvlakken, Maatvoeringen
-- with a used value), snapped to :grid and noded together (ST_UnaryUnion), are polygonised; the
-- faces whose interior point lies in the plan area are the partition (they cannot overlap, and
-- together they are the plan area). Each face gets the objects covering its interior point: the
-- Enkelbestemming (land use), the Bouwvlak, and per Maatvoering value type the most restrictive
-- value with the object it came from. A face narrower than :sliverWidth (2 x area / perimeter) or
-- smaller than :sliverArea is a sliver: two boundaries drawn a few cm apart (imro-slivers.sql).
CREATE TEMP TABLE imro_face ON COMMIT DROP AS
WITH obj AS (
    SELECT idx, gml_id, type, naam, hoofdgroep, max_height_m, max_coverage, max_storeys, max_dwellings,
           ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(geom, :grid)), 3) AS g
      FROM imro_stage
     WHERE shapes
), plan AS (
    SELECT ST_Union(g) AS g FROM obj WHERE type = 'Bestemmingsplangebied'
), edges AS (
    SELECT ST_UnaryUnion(ST_Collect(ST_Boundary(g)), :grid) AS g FROM obj WHERE NOT ST_IsEmpty(g)
), faces AS (
    SELECT (ST_Dump(ST_Polygonize(g))).geom AS g FROM edges
), inside AS (
    SELECT f.g, ST_PointOnSurface(f.g) AS pt
      FROM faces f, plan
     WHERE ST_Intersects(plan.g, ST_PointOnSurface(f.g))
)
SELECT row_number() OVER () AS face_id, i.g, ST_Area(i.g) AS area,
       ST_Area(i.g) < :sliverArea OR 2 * ST_Area(i.g) / ST_Perimeter(i.g) < :sliverWidth AS sliver,
       e.gml_id AS enkel_id, e.naam AS use_name, e.hoofdgroep,
       b.gml_id AS bouwvlak_id,
       h.max_height_m, h.gml_id AS height_id,
       c.max_coverage, c.gml_id AS coverage_id,
       s.max_storeys, s.gml_id AS storeys_id,
       d.max_dwellings, d.gml_id AS dwellings_id
  FROM inside i
  LEFT JOIN LATERAL (SELECT gml_id, naam, hoofdgroep FROM obj o
                      WHERE o.type = 'Enkelbestemming' AND o.g && i.pt AND ST_Intersects(o.g, i.pt)
                      ORDER BY o.idx LIMIT 1) e ON true
  LEFT JOIN LATERAL (SELECT gml_id FROM obj o
                      WHERE o.type = 'Bouwvlak' AND o.g && i.pt AND ST_Intersects(o.g, i.pt)
                      ORDER BY o.idx LIMIT 1) b ON true
  LEFT JOIN LATERAL (SELECT gml_id, max_height_m FROM obj o
                      WHERE o.max_height_m IS NOT NULL AND o.g && i.pt AND ST_Intersects(o.g, i.pt)
                      ORDER BY o.max_height_m, o.idx LIMIT 1) h ON true
  LEFT JOIN LATERAL (SELECT gml_id, max_coverage FROM obj o
                      WHERE o.max_coverage IS NOT NULL AND o.g && i.pt AND ST_Intersects(o.g, i.pt)
                      ORDER BY o.max_coverage, o.idx LIMIT 1) c ON true
  LEFT JOIN LATERAL (SELECT gml_id, max_storeys FROM obj o
                      WHERE o.max_storeys IS NOT NULL AND o.g && i.pt AND ST_Intersects(o.g, i.pt)
                      ORDER BY o.max_storeys, o.idx LIMIT 1) s ON true
  LEFT JOIN LATERAL (SELECT gml_id, max_dwellings FROM obj o
                      WHERE o.max_dwellings IS NOT NULL AND o.g && i.pt AND ST_Intersects(o.g, i.pt)
                      ORDER BY o.max_dwellings, o.idx LIMIT 1) d ON true
