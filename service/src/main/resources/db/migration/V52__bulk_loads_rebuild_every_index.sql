-- Bulk loads without index upkeep per row. Inserting a million rows into a table that keeps its
-- GiST index and its other indexes costs several times what the same insert costs into the bare
-- table plus one build of each index (docs/benchmarks.md, "Loading"). So the bulk swap now takes
-- every index but the primary key off the layer table and puts each back from its saved
-- definition once the rows are in. Still all inside the load's transaction: a failure rolls the
-- drops, the rows and the rebuilds back together.

-- The layer tables' foreign keys from load_id to load_history go. Checked row by row they made a
-- million-row insert take 6.4 s instead of 1.6 s (psql, 2026-11-28), and taking them off for a
-- load and back would lock load_history exclusively for the whole load (dropping a foreign key
-- locks the referenced table), blocking the layer catalogue and every other load meanwhile.
-- load_id is written by the loader only, always with the id of the load_history row it created
-- and committed before the load's transaction began, and load_history rows are never deleted.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
            WHERE contype = 'f' AND confrelid = 'load_history'::regclass
              AND conrelid::regclass::text IN ('parcel', 'building', 'zoning', 'amenity', 'neighbourhood', 'street', 'constraint_area')
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    EXECUTE format('COMMENT ON COLUMN %s.load_id IS %L', r.tbl,
                   'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V52).');
  END LOOP;
END
$$;

-- The saved definitions, written and read only by the owner-rights functions below: the app role
-- gets no privilege on this table (it could otherwise make the owner run DDL of its choosing).
CREATE TABLE bulk_swap_saved_ddl (
    tbl   text    NOT NULL,
    ord   integer NOT NULL,
    ddl   text    NOT NULL
);
COMMENT ON TABLE bulk_swap_saved_ddl IS
  'Index definitions of a layer table during its bulk load (rows live only inside that transaction).';

-- The whitelist both owner-rights functions check first: only the layer tables.
CREATE FUNCTION infill_require_layer_table(p_table text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_temp AS $$
BEGIN
  IF p_table IS NULL OR p_table NOT IN ('parcel', 'building', 'zoning', 'amenity', 'neighbourhood', 'street', 'constraint_area') THEN
    RAISE EXCEPTION 'not a layer table: %', p_table USING ERRCODE = '42501';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION infill_bulk_swap_begin(p_table text) RETURNS void
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
CREATE OR REPLACE FUNCTION infill_bulk_swap_end(p_table text) RETURNS void
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

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill_app') THEN
    REVOKE ALL ON bulk_swap_saved_ddl FROM infill_app;
  END IF;
END
$$;
