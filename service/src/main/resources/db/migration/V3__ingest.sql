-- Ingest (module ingest): the report of every load, the data version per layer, a harvest's
-- progress, and the owner-rights functions a bulk load runs through.

-- One row per load attempt, successful or not: the load report users see from CLI and API.
CREATE TABLE load_history (
    id                bigserial PRIMARY KEY,
    layer             text        NOT NULL,
    source_name       text,                  -- file name as given by the user
    source_format     text,                  -- geojson | gpkg
    preset            text,                  -- attribute mapping preset or 'mapping-file'
    source_crs        text,                  -- e.g. EPSG:4326
    status            text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    features_read     integer     NOT NULL DEFAULT 0,
    features_loaded   integer     NOT NULL DEFAULT 0,
    features_repaired integer     NOT NULL DEFAULT 0,
    features_rejected integer     NOT NULL DEFAULT 0,
    rejections        jsonb       NOT NULL DEFAULT '[]'::jsonb,  -- [{index, reason}], capped
    message           text,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    duration_ms       bigint,
    source_table      text,                  -- the GeoPackage table that was read
    features_filtered integer     NOT NULL DEFAULT 0,  -- skipped by the mapping's row filter (e.g. BAG history records): not an error
    features_reduced  integer     NOT NULL DEFAULT 0,  -- GeometryCollections reduced to the layer's type
    layer_version     bigint,                -- the layer version the load produced
    problem_where     text,                  -- where in the input a failed load failed
    plan_report       jsonb                  -- a plan load's report per IMRO type (read, used, ignored with the reason, unknown)
);
CREATE INDEX load_history_layer_idx ON load_history (layer, started_at DESC);
CREATE INDEX load_history_started_idx ON load_history (started_at DESC, id DESC);

-- Data version per layer: bumped in the same transaction that swaps a layer's rows, so that
-- derived results (criteria, tiles, GeoServer caches) can tell exactly when data changed.
CREATE TABLE layer_state (
    layer        text PRIMARY KEY,
    version      bigint      NOT NULL DEFAULT 0,
    last_load_id bigint REFERENCES load_history (id),
    changed_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO layer_state (layer) SELECT layer FROM layer_table;

-- Progress of a running harvest (a load from an OGC API - Features server): written while the
-- load runs, in transactions of their own, so that GET /api/loads/{id} shows pages and features
-- read so far; kept afterwards as part of the load's report.
-- No foreign key to load_history on purpose: a running load holds its own load_history row locked
-- (FOR UPDATE, sql/ingest/history-claim.sql), and the key check of an insert here would wait for
-- that lock, i.e. for the load that is writing its progress.
CREATE TABLE load_progress (
    load_id        bigint PRIMARY KEY,
    pages          integer     NOT NULL DEFAULT 0,
    features       bigint      NOT NULL DEFAULT 0,
    number_matched bigint,                 -- the server's numberMatched, when it gives one
    page_url       text,                   -- the page being read (the last one, once done)
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Bulk loads without index upkeep per row. Inserting a million rows into a table that keeps its
-- GiST index and its other indexes costs several times what the same insert costs into the bare
-- table plus one build of each index (docs/benchmarks.md, "Loading"). So a bulk swap (loads over
-- infill.ingest.bulk-swap-rows) takes every index but the primary key off the layer table and puts
-- each back from its saved definition once the rows are in, all inside the load's transaction: a
-- failure rolls the drops, the rows and the rebuilds back together. TRUNCATE, DROP and CREATE INDEX
-- are the owner's: the DML-only app role reaches them only through these SECURITY DEFINER
-- functions, which accept only the layer tables.

-- The saved definitions, written and read only by the owner-rights functions below: the app role
-- gets no privilege on this table (it could otherwise make the owner run DDL of its choosing).
CREATE TABLE bulk_swap_saved_ddl (
    tbl   text    NOT NULL,
    ord   integer NOT NULL,
    ddl   text    NOT NULL
);
REVOKE ALL ON bulk_swap_saved_ddl FROM infill_app;
COMMENT ON TABLE bulk_swap_saved_ddl IS
  'Index definitions of a layer table during its bulk load (rows live only inside that transaction).';

-- The check both owner-rights functions make first: only the tables of the layer whitelist (V2).
CREATE FUNCTION infill_require_layer_table(p_table text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_temp AS $$
BEGIN
  IF p_table IS NULL OR NOT EXISTS (SELECT FROM public.layer_table WHERE table_name = p_table) THEN
    RAISE EXCEPTION 'not a layer table: %', p_table USING ERRCODE = '42501';
  END IF;
END
$$;

CREATE FUNCTION infill_bulk_swap_begin(p_table text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
BEGIN
  PERFORM infill_require_layer_table(p_table);
  EXECUTE format('TRUNCATE %I', p_table);
  DELETE FROM public.bulk_swap_saved_ddl WHERE tbl = p_table;
  -- Indexes that back no constraint (the primary key stays: appending ascending ids is cheap).
  FOR r IN SELECT c.relname, pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = format('public.%I', p_table)::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
  LOOP
    INSERT INTO public.bulk_swap_saved_ddl VALUES (p_table, 1, r.def);
    EXECUTE format('DROP INDEX public.%I', r.relname);
  END LOOP;
END
$$;

-- maintenance_work_mem for the index builds of this call only (a sorted GiST build of a million
-- footprints fits in it; the server default of 64 MB spills to disk).
CREATE FUNCTION infill_bulk_swap_end(p_table text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '512MB' AS $$
DECLARE
  r record;
BEGIN
  PERFORM infill_require_layer_table(p_table);
  FOR r IN SELECT ddl FROM public.bulk_swap_saved_ddl WHERE tbl = p_table ORDER BY ord LOOP
    EXECUTE r.ddl;
  END LOOP;
  DELETE FROM public.bulk_swap_saved_ddl WHERE tbl = p_table;
  -- A table whose definitions were never saved (end without begin) still gets its spatial index.
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON public.%I USING gist (geom)', p_table || '_geom_idx', p_table);
END
$$;

COMMENT ON FUNCTION infill_bulk_swap_begin(text) IS
  'Owner-rights TRUNCATE of one layer table for a bulk load, taking off its indexes but the primary key.';
COMMENT ON FUNCTION infill_bulk_swap_end(text) IS
  'Owner-rights rebuild of the indexes infill_bulk_swap_begin took off one layer table.';

-- Functions are executable by PUBLIC by default; these are the service's alone.
REVOKE EXECUTE ON FUNCTION infill_bulk_swap_begin(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION infill_bulk_swap_end(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION infill_bulk_swap_begin(text) TO infill_app;
GRANT EXECUTE ON FUNCTION infill_bulk_swap_end(text) TO infill_app;

-- Notes one staged feature that did not load as it came (rejected, repaired or reduced) in the
-- load's own temporary table ingest_notes. The load's single INSERT ... SELECT calls it only for
-- those rows (CASE guards the call), so the ordinary rows pay nothing and the report needs no
-- second pass over the staged features. Runs with the caller's rights: the table is the caller's.
CREATE FUNCTION infill_ingest_note(p_idx bigint, p_reason text, p_repaired boolean, p_reduced boolean)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SET search_path = pg_temp AS $$
BEGIN
  INSERT INTO pg_temp.ingest_notes (idx, reason, repaired, reduced) VALUES (p_idx, p_reason, p_repaired, p_reduced);
  RETURN p_reason IS NULL;
END
$$;
