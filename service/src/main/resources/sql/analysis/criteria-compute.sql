-- Criteria per parcel for one storey height, set-based (params: :storeyHeight, :dataVersion).
-- Existing floor area: every building clipped to the parcel (ST_Intersection area) x its storeys.
-- Allowed floor area: per zone part, min(FSImax x A, coverage x A x floor(Hmax / storey height)),
-- area-weighted by summing the parts (DOMAIN.md; UrbanSim zoned capacity). Parcels with less than
-- 1 % of their area zoned get no_zoning and a null allowed floor area, never 0.
-- Plan rules (IMRO, docs/imro.md): a part outside a Bouwvlak allows no floor area; max storeys cap
-- the floors; a Bouwvlak part without a height on the map adds its footprint to height_unknown_m2
-- instead (its floor area is unknown, never 0); dwelling caps are shared by area (dwelling_cap).
-- A building with BAG units (layer units, joined by pand id) takes its gross floor area and use mix
-- from them: usable area x analysis.unit_gross_factor(), a unit of several uses split evenly
-- among them, the building's share on the parcel by footprint; without units, footprint x storeys.
INSERT INTO analysis.parcel_criteria
WITH p AS (
    SELECT id, area_m2, geom, greatest(ST_Area(geom), 1e-9) AS geo_m2 FROM parcel
), units AS (
    SELECT building_source_id, count(*) AS n,
           sum(coalesce(usable_area_m2, 0)) * analysis.unit_gross_factor() AS gross_m2
      FROM building_unit WHERE building_source_id IS NOT NULL GROUP BY building_source_id
), unit_use AS (
    SELECT u.building_source_id, x.use,
           sum(coalesce(u.usable_area_m2, 0) / x.n) * analysis.unit_gross_factor() AS gross_m2
      FROM building_unit u
     CROSS JOIN LATERAL (SELECT coalesce(nullif(trim(s), ''), 'onbekend') AS use,
                                count(*) OVER () AS n
                           FROM unnest(string_to_array(coalesce(u.use, 'onbekend'), ',')) s) x
     WHERE u.building_source_id IS NOT NULL
     GROUP BY 1, 2
), bpart AS (
    SELECT p.id AS parcel_id, b.source_id, b.use, b.construction_year, b.monument,
           ST_Area(b.geom) AS full_m2,
           CASE WHEN ST_CoveredBy(b.geom, p.geom) THEN ST_Area(b.geom)
                ELSE ST_Area(ST_Intersection(b.geom, p.geom)) END AS part_m2,
           b.storeys, b.height_m, b.floor_area_m2, ut.n AS unit_count, ut.gross_m2 AS unit_gross_m2
      FROM p JOIN building b ON b.geom && p.geom AND ST_Intersects(b.geom, p.geom)
      LEFT JOIN units ut ON ut.building_source_id = b.source_id AND ut.gross_m2 > 0
), bfloor AS (
    SELECT parcel_id, source_id, use, construction_year, monument, full_m2, part_m2, unit_count,
           unit_gross_m2 IS NOT NULL AS from_units,
           CASE WHEN unit_gross_m2 IS NOT NULL THEN part_m2 / full_m2 * unit_gross_m2
                ELSE part_m2 * analysis.storeys(storeys, height_m, floor_area_m2, full_m2, :storeyHeight) END AS floor_m2
      FROM bpart WHERE part_m2 > 0.01
), bagg AS (
    SELECT parcel_id,
           sum(part_m2) AS footprint_m2,
           sum(floor_m2) AS floor_m2,
           sum(construction_year * floor_m2) FILTER (WHERE construction_year IS NOT NULL)
               / nullif(sum(floor_m2) FILTER (WHERE construction_year IS NOT NULL), 0) AS mean_year,
           -- a monument counts for the parcel that holds at least a quarter of its footprint
           bool_or(monument AND part_m2 >= 0.25 * full_m2) AS monument,
           coalesce(sum(unit_count) FILTER (WHERE from_units), 0) AS unit_count,
           coalesce(sum(floor_m2) FILTER (WHERE from_units), 0) AS unit_floor_m2
      FROM bfloor GROUP BY parcel_id
), buse AS (
    -- floor area per use: a building's own use, or its units' uses
    SELECT parcel_id, coalesce(use, 'onbekend') AS use, floor_m2 FROM bfloor WHERE NOT from_units
    UNION ALL
    SELECT bf.parcel_id, uu.use, bf.part_m2 / bf.full_m2 * uu.gross_m2
      FROM bfloor bf JOIN unit_use uu ON uu.building_source_id = bf.source_id
     WHERE bf.from_units
), umix AS (
    SELECT parcel_id, jsonb_object_agg(use, round(floor_m2::numeric, 1)) AS mix,
           (array_agg(use ORDER BY floor_m2 DESC))[1] AS dominant,
           coalesce(sum(floor_m2) FILTER (WHERE use IN ('kantoor', 'industrie')), 0) AS transf_m2
      FROM (SELECT parcel_id, use, sum(floor_m2) AS floor_m2 FROM buse GROUP BY 1, 2) u
     GROUP BY parcel_id
), zpart AS (
    SELECT p.id AS parcel_id, z.function, z.max_fsi, z.max_coverage, z.max_height_m, z.building_allowed,
           z.max_storeys, z.max_dwellings, coalesce(z.height_unknown, false) AS height_unknown,
           -- the part's share of the parcel, applied to the parcel's (cadastral) area
           (CASE WHEN ST_CoveredBy(p.geom, z.geom) THEN p.geo_m2
                 ELSE ST_Area(ST_Intersection(z.geom, p.geom)) END) / p.geo_m2 * p.area_m2 AS part_m2
      FROM p JOIN zoning z ON z.geom && p.geom AND ST_Intersects(z.geom, p.geom)
), zagg AS (
    SELECT parcel_id,
           sum(part_m2) AS zoned_m2,
           sum(CASE WHEN building_allowed IS FALSE THEN 0
                    WHEN height_unknown AND max_storeys IS NULL THEN 0
                    ELSE analysis.allowed_floor_area(part_m2, max_fsi, max_coverage, max_height_m, :storeyHeight,
                                                     max_storeys) END) AS allowed_m2,
           coalesce(sum(max_coverage * part_m2) FILTER (WHERE building_allowed IS NOT FALSE AND height_unknown
                                                           AND max_storeys IS NULL), 0) AS height_unknown_m2,
           bool_and(building_allowed IS FALSE OR max_dwellings IS NOT NULL) AND bool_or(max_dwellings IS NOT NULL)
               AS capped,
           coalesce(sum(part_m2) FILTER (WHERE function IN ('water', 'groen')), 0) AS water_green_m2
      FROM zpart GROUP BY parcel_id
), dcap AS (
    -- dwelling caps, from the few zoning parts that carry one: each Maatvoering's cap shared over
    -- the parcels by the share of its whole area (it may span several parts and parcels)
    SELECT z.geom, z.max_dwellings, r ->> 'id' AS cap_id,
           sum(ST_Area(z.geom)) OVER (PARTITION BY r ->> 'id') AS cap_area_m2
      FROM zoning z, jsonb_array_elements(z.rules::jsonb) r
     WHERE z.max_dwellings IS NOT NULL AND r ->> 'rule' = 'max_dwellings'
), dagg AS (
    SELECT p.id AS parcel_id,
           sum(d.max_dwellings * ST_Area(ST_Intersection(d.geom, p.geom)) / nullif(d.cap_area_m2, 0)) AS dwelling_cap
      FROM dcap d JOIN p ON d.geom && p.geom AND ST_Intersects(d.geom, p.geom)
     GROUP BY p.id
), cagg AS (
    SELECT p.id AS parcel_id,
           least(1, coalesce(sum(ST_Area(ST_Intersection(c.geom, p.geom))) FILTER (WHERE c.severity = 'hard'), 0) / p.geo_m2) AS hard_share,
           least(1, coalesce(sum(ST_Area(ST_Intersection(c.geom, p.geom))) FILTER (WHERE c.severity = 'soft'), 0) / p.geo_m2) AS soft_share
      FROM p JOIN constraint_area c ON c.geom && p.geom AND ST_Intersects(c.geom, p.geom)
     GROUP BY p.id, p.geo_m2
), nb AS (
    -- the neighbourhood with the largest overlap
    SELECT DISTINCT ON (p.id) p.id AS parcel_id, n.id AS neighbourhood_id, n.pop_65plus_pct
      FROM p JOIN neighbourhood n ON n.geom && p.geom AND ST_Intersects(n.geom, p.geom)
     ORDER BY p.id,
              CASE WHEN ST_CoveredBy(p.geom, n.geom) THEN p.geo_m2
                   ELSE ST_Area(ST_Intersection(n.geom, p.geom)) END DESC,
              n.id
)
SELECT :storeyHeight, p.id, :dataVersion, now(),
       p.area_m2,
       coalesce(b.footprint_m2, 0),
       coalesce(b.floor_m2, 0),
       coalesce(u.mix, '{}'::jsonb),
       u.dominant,
       coalesce(b.footprint_m2, 0) / nullif(p.area_m2, 0),
       coalesce(b.floor_m2, 0) / nullif(p.area_m2, 0),
       CASE WHEN coalesce(z.zoned_m2, 0) < 0.01 * p.area_m2 THEN NULL ELSE z.allowed_m2 END,
       coalesce(z.zoned_m2, 0) < 0.01 * p.area_m2,
       coalesce(z.water_green_m2, 0) / nullif(p.area_m2, 0),
       b.mean_year,
       coalesce(u.transf_m2 / nullif(b.floor_m2, 0), 0),
       coalesce(b.monument, false),
       coalesce(c.hard_share, 0),
       coalesce(c.soft_share, 0),
       nb.neighbourhood_id,
       nb.pop_65plus_pct,
       coalesce(w.distance_method, 'straight_line'),
       w.snap_m,
       w.walk_supermarket_m, w.walk_gp_m, w.walk_pharmacy_m, w.walk_school_m, w.walk_pt_m,
       coalesce(z.height_unknown_m2, 0),
       CASE WHEN z.capped THEN coalesce(dg.dwelling_cap, 0) END,
       coalesce(b.unit_count, 0),
       coalesce(b.unit_floor_m2, 0)
  FROM p
  LEFT JOIN bagg b ON b.parcel_id = p.id
  LEFT JOIN umix u ON u.parcel_id = p.id
  LEFT JOIN zagg z ON z.parcel_id = p.id
  LEFT JOIN dagg dg ON dg.parcel_id = p.id
  LEFT JOIN cagg c ON c.parcel_id = p.id
  LEFT JOIN nb ON nb.parcel_id = p.id
  LEFT JOIN analysis.parcel_walk w ON w.parcel_id = p.id
