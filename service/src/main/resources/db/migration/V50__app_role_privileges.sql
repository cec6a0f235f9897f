-- Least privilege for the service: the pool connects as infill_app, which may read and write rows
-- but not change the schema or roles. The role itself (LOGIN, generated password) is made by
-- scripts/postgis.sh ensure_database, since a password does not belong in a migration; on a
-- database without it (an external PostGIS run by one user) this migration grants nothing and the
-- service falls back to the owner (logged at start-up).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infill_app') THEN
    RAISE NOTICE 'role infill_app absent: the service will connect as the owner';
    RETURN;
  END IF;
  -- Every schema the owner made (public, and e.g. publish), now and later.
  EXECUTE (SELECT string_agg(format('GRANT USAGE ON SCHEMA %I TO infill_app', nspname), '; ')
             FROM pg_namespace
            WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) OR nspname = 'public');
  EXECUTE 'ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO infill_app';
  -- Rows: read and write; sequences: next values. No TRUNCATE, REFERENCES, TRIGGER.
  EXECUTE (SELECT string_agg(format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO infill_app; '
                                    'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO infill_app', nspname, nspname), '; ')
             FROM pg_namespace
            WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) OR nspname = 'public');
  EXECUTE 'ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO infill_app';
  EXECUTE 'ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO infill_app';
  -- Flyway's own history is the owner's business.
  IF to_regclass('flyway_schema_history') IS NOT NULL THEN
    EXECUTE 'REVOKE ALL ON flyway_schema_history FROM infill_app';
  END IF;
  -- Loads stage rows in temporary tables, which live in the session's own schema.
  EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO infill_app', current_database());
END
$$;
