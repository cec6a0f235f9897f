-- Publishing (module publishing): what GeoServer (or any other map server) may read, and nothing
-- else. GeoServer connects as the least-privilege role infill_publish, which can only SELECT the
-- views in schema publish. Views run with their owner's rights, so the role never needs (and never
-- gets) access to the base tables. The view maintenance and the GeoServer login are owner's work
-- the service starts: functions with the owner's rights (SECURITY DEFINER) that only the service's
-- role may call.

-- Roles are cluster-wide, hence IF NOT EXISTS: a second database on the same cluster (tests, a
-- staging copy) reuses the role.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'infill_publish') THEN
        -- NOLOGIN until the sync (or an admin) gives it a password: a role nobody can log in
        -- as is the safe default for a fresh install.
        CREATE ROLE infill_publish NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;

CREATE SCHEMA publish;
REVOKE ALL ON SCHEMA publish FROM PUBLIC;
GRANT USAGE ON SCHEMA publish TO infill_publish;
-- Views the service adds later (a scenario's results) are readable without a separate GRANT.
ALTER DEFAULT PRIVILEGES IN SCHEMA publish GRANT SELECT ON TABLES TO infill_publish;

-- One view per source layer, named by the layer id (nl.infill.layers.Layer). Stable names:
-- GeoServer feature types point at them, so they are never renamed.
CREATE VIEW publish.parcels AS
SELECT id, source_id, municipality, area_m2, geom FROM public.parcel;

-- construction_decade saves every style and WMS filter from repeating the arithmetic.
CREATE VIEW publish.buildings AS
SELECT id, source_id, construction_year, (construction_year / 10) * 10 AS construction_decade,
       use, storeys, height_m, floor_area_m2, status, monument, geom, roof_type
  FROM public.building;

CREATE VIEW publish.zoning AS
SELECT id, source_id, plan_name, function, max_height_m, max_coverage, max_fsi, geom FROM public.zoning;

CREATE VIEW publish.amenities AS
SELECT id, source_id, type, name, geom FROM public.amenity;

CREATE VIEW publish.neighbourhoods AS
SELECT id, code, name, municipality, year, population, pop_0_14_pct, pop_15_24_pct, pop_25_44_pct,
       pop_45_64_pct, pop_65plus_pct, dwellings, geom
  FROM public.neighbourhood;

CREATE VIEW publish.streets AS
SELECT id, source_id, class, name, walkable, geom FROM public.street;

CREATE VIEW publish.constraints AS
SELECT id, source_id, kind, severity, name, geom FROM public.constraint_area;

CREATE VIEW publish.units AS
SELECT id, source_id, building_source_id, use, usable_area_m2, status, geom FROM public.building_unit;

-- (Re)creates publish.results_<slug with underscores> for one scenario. The slug is checked
-- against the scenario.slug rule again here, and only reaches the statement through %I / %L,
-- so the caller binds it as a plain value.
CREATE FUNCTION infill_publish_result_view(p_slug text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, publish, pg_temp AS
$$
DECLARE
    v_name text;
BEGIN
    IF p_slug IS NULL OR p_slug !~ '^[a-z0-9][a-z0-9-]{0,39}$' THEN
        RAISE EXCEPTION 'invalid scenario slug' USING ERRCODE = '22023';
    END IF;
    v_name := 'results_' || replace(p_slug, '-', '_');
    EXECUTE format(
        'CREATE OR REPLACE VIEW publish.%I AS '
        'SELECT parcel_id AS id, parcel_id, source_id, area_m2, score, score_class, capacity_m2, '
        '       extra_dwellings, existing_floor_area_m2, allowed_floor_area_m2, excluded, '
        '       exclusion_reason, no_zoning, distance_method, walk_gp_m, walk_supermarket_m, '
        '       walk_pharmacy_m, walk_school_m, walk_pt_m, run_id, geom '
        '  FROM public.parcel_result_v WHERE scenario = %L', v_name, p_slug);
    EXECUTE format('GRANT SELECT ON publish.%I TO infill_publish', v_name);
    RETURN v_name;
END
$$;
COMMENT ON FUNCTION infill_publish_result_view(text) IS
    'Creates or replaces the publish view of one scenario''s parcel results; returns the view name.';

-- The same for a scenario's neighbourhood totals (publish.neighbourhood_results_<slug>), so the
-- ageing-fit layer of the web map has a WMS layer of its own.
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

-- Drops the result views of scenarios that no longer exist; returns their names. Which scenarios
-- live is the service's to say (analysis's public API lists their slugs): publishing does not read
-- analysis's table scenario; the view naming rule stays here, beside the functions above.
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
COMMENT ON FUNCTION infill_publish_drop_stale_result_views(text[]) IS
    'Drops the publish views of scenarios not among p_live_slugs; returns their names (owner''s rights).';

-- Gives the read-only role LOGIN with a password. ALTER ROLE cannot take bind parameters, so the
-- password is quoted here with %L and the caller binds it as a value.
CREATE FUNCTION infill_publish_enable_login(p_password text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
    IF p_password IS NULL OR length(p_password) < 8 THEN
        RAISE EXCEPTION 'the publish role password must have at least 8 characters' USING ERRCODE = '22023';
    END IF;
    EXECUTE format('ALTER ROLE infill_publish LOGIN PASSWORD %L', p_password);
END
$$;

-- Functions are executable by PUBLIC by default; these are the service's alone.
REVOKE EXECUTE ON FUNCTION infill_publish_result_view(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION infill_publish_neighbourhood_result_view(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION infill_publish_drop_stale_result_views(text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION infill_publish_enable_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION infill_publish_result_view(text) TO infill_app;
GRANT EXECUTE ON FUNCTION infill_publish_neighbourhood_result_view(text) TO infill_app;
GRANT EXECUTE ON FUNCTION infill_publish_drop_stale_result_views(text[]) TO infill_app;
GRANT EXECUTE ON FUNCTION infill_publish_enable_login(text) TO infill_app;
