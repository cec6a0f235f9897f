-- Publishing no longer reads analysis's table scenario (issue 14: only analysis reads it). Which
-- result views are stale is now decided from the scenario slugs the service passes in, as listed
-- by analysis's public API; the view naming rule stays here, beside infill_publish_result_view.
DROP FUNCTION infill_publish_drop_stale_result_views();

CREATE FUNCTION infill_publish_drop_stale_result_views(p_live_slugs text[]) RETURNS SETOF text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, publish, pg_temp AS
$$
DECLARE
    v record;
BEGIN
    -- NULL would keep nothing: refuse it rather than drop every result view by mistake.
    IF p_live_slugs IS NULL THEN
        RAISE EXCEPTION 'the live scenario slugs are required' USING ERRCODE = '22023';
    END IF;
    FOR v IN
        SELECT c.relname
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'publish' AND c.relkind = 'v' AND c.relname LIKE 'results\_%'
           AND NOT c.relname = ANY (ARRAY(SELECT 'results_' || replace(s, '-', '_') FROM unnest(p_live_slugs) s))
    LOOP
        EXECUTE format('DROP VIEW publish.%I', v.relname);
        RETURN NEXT v.relname;
    END LOOP;
END
$$;
COMMENT ON FUNCTION infill_publish_drop_stale_result_views(text[]) IS
    'Drops the publish views of scenarios not among p_live_slugs; returns their names (owner''s rights).';

REVOKE EXECUTE ON FUNCTION infill_publish_drop_stale_result_views(text[]) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill_app') THEN
    GRANT EXECUTE ON FUNCTION infill_publish_drop_stale_result_views(text[]) TO infill_app;
  END IF;
END
$$;
