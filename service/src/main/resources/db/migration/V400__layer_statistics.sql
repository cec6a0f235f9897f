-- Statistics the planner needs for the layer tables right after a load (docs/scaling.md, "A plan
-- that repeats the units aggregate").
--
-- The parallel criteria give each connection the parcels whose bounding-box centre x lies in one
-- stripe (CriteriaChunks). Without statistics on that expression the planner takes the default
-- selectivity of a range (a stripe of 4,338 parcels estimated at 149), joins building parts to the
-- per-building units aggregate in a nested loop and recomputes the aggregate per part: 12.5 s for
-- a stripe that takes 0.7 s with the estimate right. The expression must stay the one the chunk
-- statement filters on (CriteriaChunks.chunkStatement); a bulk load's TRUNCATE keeps the object.
CREATE STATISTICS parcel_centre_x ON (coalesce((ST_XMin(geom) + ST_XMax(geom)) / 2, 0)) FROM parcel;

-- Every load ends with ANALYZE of its table, inside the load's transaction: a run started right
-- after a load (the sample city's, a harvest's) would otherwise be planned on the statistics of the
-- rows before it, or on none, until autovacuum comes by. ANALYZE is the owner's; the DML-only app
-- role reaches it through this function, which accepts only the layer tables (V3).
CREATE FUNCTION infill_analyze_layer(p_table text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM infill_require_layer_table(p_table);
  EXECUTE format('ANALYZE public.%I', p_table);
END
$$;
COMMENT ON FUNCTION infill_analyze_layer(text) IS
  'Owner-rights ANALYZE of one layer table, at the end of its load (in the load''s transaction).';
REVOKE EXECUTE ON FUNCTION infill_analyze_layer(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION infill_analyze_layer(text) TO infill_app;
