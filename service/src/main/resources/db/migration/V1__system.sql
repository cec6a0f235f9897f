-- What every feature's baseline builds on: PostGIS (all geometry is EPSG:28992, RD New, metres),
-- pgRouting (the walking network), and the service's least-privilege role.
--
-- Least privilege: the service's pool connects as infill_app, which may read and write rows but
-- not change the schema or roles; migrations run as the owner. The default privileges below give
-- infill_app row access to every table and sequence the owner creates from here on, so the
-- feature baselines grant nothing per table; what infill_app must not touch is revoked where it is
-- made. scripts/postgis.sh gives the role LOGIN and a generated password (a password does not
-- belong in a migration). On a database where nobody made it, it is made here without LOGIN, like
-- infill_publish: the grants then hold and the service connects as the owner (logged at start-up).

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgrouting;

-- Roles are cluster-wide: a second database on the same cluster (tests, a staging copy) reuses it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'infill_app') THEN
    CREATE ROLE infill_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO infill_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO infill_app;
-- Rows: read and write; sequences: next values. No TRUNCATE, REFERENCES, TRIGGER: the few
-- schema-level steps the service takes at run time go through whitelisting owner-rights functions.
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO infill_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO infill_app;

-- Loads stage rows in temporary tables, which live in the session's own schema.
DO $$
BEGIN
  EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO infill_app', current_database());
END
$$;
