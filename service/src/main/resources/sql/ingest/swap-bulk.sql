-- The swap for big loads (more rows than infill.ingest.bulk-swap-rows): TRUNCATE instead of
-- DELETE (no dead tuples) and the GiST index rebuilt once after the insert instead of updated
-- row by row. Still one transaction, so a failure restores everything; but TRUNCATE and DROP
-- INDEX lock the table exclusively, so readers wait for these seconds. {table} from the Layer
-- whitelist; the index name is the one of migration V1.
TRUNCATE {table};
DROP INDEX IF EXISTS {table}_geom_idx;
INSERT INTO {table} ({columns}, geom, load_id)
SELECT {columns}, {geom}, :loadId
  FROM ingest_ready
 WHERE reason IS NULL;
CREATE INDEX {table}_geom_idx ON {table} USING gist (geom)
