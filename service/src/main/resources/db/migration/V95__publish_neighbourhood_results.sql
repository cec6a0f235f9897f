-- GeoServer publishes each scenario's neighbourhood totals too, so the ageing-fit layer of the web
-- map has a WMS layer of its own (issue 15 part 3): publish.neighbourhood_results_<slug>, made
-- like the parcel results' view (V40), and dropped with its scenario like them (V80's function,
-- now for both prefixes).
CREATE FUNCTION infill_publish_neighbourhood_result_view(p_slug text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, publish, pg_temp AS
$$
DECLARE
    v_name text;
BEGIN
    IF p_slug IS NULL OR p_slug !~ '^[a-z0-9][a-z0-9-]{0,39}$' THEN
        RAISE EXCEPTION 'invalid scenario slug' USING ERRCODE = '22023';
    END IF;
    v_name := 'neighbourhood_results_' || replace(p_slug, '-', '_');
    EXECUTE format(
        'CREATE OR REPLACE VIEW publish.%I AS '
        'SELECT neighbourhood_id AS id, neighbourhood_id, code, name, population, pop_65plus_pct, dwellings, '
        '       parcels, capacity_m2, extra_dwellings, mean_score, ageing_fit, run_id, geom '
        '  FROM public.neighbourhood_result_v WHERE scenario = %L', v_name, p_slug);
    EXECUTE format('GRANT SELECT ON publish.%I TO infill_publish', v_name);
    RETURN v_name;
END
$$;
COMMENT ON FUNCTION infill_publish_neighbourhood_result_view(text) IS
    'Creates or replaces the publish view of one scenario''s neighbourhood totals; returns the view name.';

CREATE OR REPLACE FUNCTION infill_publish_drop_stale_result_views(p_live_slugs text[]) RETURNS SETOF text
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
         WHERE n.nspname = 'publish' AND c.relkind = 'v'
           AND (c.relname LIKE 'results\_%' OR c.relname LIKE 'neighbourhood\_results\_%')
           AND NOT c.relname = ANY (ARRAY(SELECT p || replace(s, '-', '_')
                                            FROM unnest(p_live_slugs) s,
                                                 unnest(ARRAY['results_', 'neighbourhood_results_']) p))
    LOOP
        EXECUTE format('DROP VIEW publish.%I', v.relname);
        RETURN NEXT v.relname;
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION infill_publish_neighbourhood_result_view(text) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill_app') THEN
    GRANT EXECUTE ON FUNCTION infill_publish_neighbourhood_result_view(text) TO infill_app;
  END IF;
END
$$;
