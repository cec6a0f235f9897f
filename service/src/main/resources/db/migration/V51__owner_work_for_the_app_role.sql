-- The few schema-level steps the service legitimately takes at run time, done with the owner's
-- rights through SECURITY DEFINER functions that accept only whitelisted tables, so the DML-only
-- app role never holds TRUNCATE, DROP or CREATE itself.

-- Bulk layer swap (ingest, loads over infill.ingest.bulk-swap-rows): empty the layer and drop its
-- GiST index before the insert, rebuild the index after; all inside the load's transaction.
CREATE FUNCTION infill_bulk_swap_begin(p_table text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_table NOT IN ('parcel', 'building', 'zoning', 'amenity', 'neighbourhood', 'street', 'constraint_area') THEN
    RAISE EXCEPTION 'not a layer table: %', p_table USING ERRCODE = '42501';
  END IF;
  EXECUTE format('TRUNCATE %I', p_table);
  EXECUTE format('DROP INDEX IF EXISTS %I', p_table || '_geom_idx');
END
$$;

CREATE FUNCTION infill_bulk_swap_end(p_table text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_table NOT IN ('parcel', 'building', 'zoning', 'amenity', 'neighbourhood', 'street', 'constraint_area') THEN
    RAISE EXCEPTION 'not a layer table: %', p_table USING ERRCODE = '42501';
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I USING gist (geom)', p_table || '_geom_idx', p_table);
END
$$;

COMMENT ON FUNCTION infill_bulk_swap_begin(text) IS
  'Owner-rights TRUNCATE + DROP INDEX of one layer table for a bulk load (app role may call it).';
COMMENT ON FUNCTION infill_bulk_swap_end(text) IS
  'Owner-rights CREATE INDEX of one layer table''s GiST index after a bulk load.';

REVOKE EXECUTE ON FUNCTION infill_bulk_swap_begin(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION infill_bulk_swap_end(text) FROM PUBLIC;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill_app') THEN
    RETURN;
  END IF;
  GRANT EXECUTE ON FUNCTION infill_bulk_swap_begin(text) TO infill_app;
  GRANT EXECUTE ON FUNCTION infill_bulk_swap_end(text) TO infill_app;
  -- Publishing's view maintenance (V40, when present) creates and drops views in schema publish
  -- and enables the GeoServer login: owner's work, so it runs with the owner's rights.
  IF to_regprocedure('infill_publish_result_view(text)') IS NOT NULL THEN
    ALTER FUNCTION infill_publish_result_view(text) SECURITY DEFINER SET search_path = public, publish, pg_temp;
    GRANT EXECUTE ON FUNCTION infill_publish_result_view(text) TO infill_app;
  END IF;
  IF to_regprocedure('infill_publish_drop_stale_result_views()') IS NOT NULL THEN
    ALTER FUNCTION infill_publish_drop_stale_result_views() SECURITY DEFINER SET search_path = public, publish, pg_temp;
    GRANT EXECUTE ON FUNCTION infill_publish_drop_stale_result_views() TO infill_app;
  END IF;
  -- Analysis rebuilds its walking network and distances (V20, when present) with TRUNCATE.
  IF to_regprocedure('analysis.build_network(double precision)') IS NOT NULL THEN
    ALTER FUNCTION analysis.build_network(double precision) SECURITY DEFINER SET search_path = analysis, public, pg_temp;
    GRANT EXECUTE ON FUNCTION analysis.build_network(double precision) TO infill_app;
  END IF;
  IF to_regprocedure('analysis.compute_walks(double precision)') IS NOT NULL THEN
    ALTER FUNCTION analysis.compute_walks(double precision) SECURITY DEFINER SET search_path = analysis, public, pg_temp;
    GRANT EXECUTE ON FUNCTION analysis.compute_walks(double precision) TO infill_app;
  END IF;
  IF to_regprocedure('infill_publish_enable_login(text)') IS NOT NULL THEN
    ALTER FUNCTION infill_publish_enable_login(text) SECURITY DEFINER SET search_path = public, pg_temp;
    GRANT EXECUTE ON FUNCTION infill_publish_enable_login(text) TO infill_app;
  END IF;
END
$$;
