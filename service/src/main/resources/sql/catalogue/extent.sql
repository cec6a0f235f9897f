-- Feature count and extent of one collection: in EPSG:28992, the storage CRS, exactly; in CRS84
-- as a box that contains every feature. An RD box's edges curve once projected to longitude and
-- latitude: where the box spans RD's central meridian (x = 155,000) its top edge bulges north
-- between the corners (2.6 m on a 10 km box, 260 m on a 100 km one), so projecting the corners
-- alone cuts features off. The box is grown by 0.1 m (more than the 7-decimal rounding a client
-- such as the OGC test suite applies, and more than the chords of a CRS84 bbox projected back
-- to RD can stray), densified to a vertex every 100 m (there the chord is within a millimetre
-- of the curve) and projected; its extent is the box.
-- Clients also go the other way with two corners only: the OGC test suite projects the CRS84
-- box's lower-left and upper-right corners to RD and queries with that box. The RD grid is turned
-- against the meridians (up to about 2 degrees across the Netherlands), so that two-corner box is
-- narrower than the features' RD box by about W sin^2(convergence) on each side (about 2 m on a
-- 10 km city); a street lying in that sliver went missing. The box is therefore grown by 0.5 %
-- of its longer side as well, which covers a convergence up to 4 degrees.
-- {from} and {where} come from the catalogue's collection definitions, never from input.
WITH e AS (
    SELECT count(*) AS n, ST_SetSRID(ST_Extent(t.geom)::geometry, 28992) AS rd
      FROM {from}
     WHERE {where}
), w AS (
    SELECT e.n, e.rd, ST_Transform(ST_Segmentize(ST_Expand(e.rd, 0.1 + 0.005 * greatest(ST_XMax(e.rd) - ST_XMin(e.rd),
                                                                               ST_YMax(e.rd) - ST_YMin(e.rd))), 100), 4326) AS wgs
      FROM e
)
SELECT n,
       ST_XMin(rd) AS rd_minx, ST_YMin(rd) AS rd_miny, ST_XMax(rd) AS rd_maxx, ST_YMax(rd) AS rd_maxy,
       ST_XMin(wgs) AS lon_min, ST_YMin(wgs) AS lat_min, ST_XMax(wgs) AS lon_max, ST_YMax(wgs) AS lat_max
  FROM w
