-- The swap for big loads (more rows than infill.ingest.bulk-swap-rows): TRUNCATE instead of
-- DELETE (no dead tuples) and the GiST index rebuilt once after the insert instead of updated
-- row by row. Still one transaction, so a failure restores everything; but TRUNCATE and DROP
-- INDEX lock the table exclusively, so readers wait for these seconds. {table} from the Layer
-- whitelist; the index name is the one of migration V1.
-- TRUNCATE and the index need the table's owner: the service's DML-only role gets them through
-- the whitelisting owner-rights functions of migration V51 (docs/security.md).
DO $$ BEGIN PERFORM infill_bulk_swap_begin('{table}'); END $$;
INSERT INTO {table} ({columns}, geom, load_id)
SELECT {columns}, {geom}, :loadId
  FROM ingest_ready
 WHERE reason IS NULL;
DO $$ BEGIN PERFORM infill_bulk_swap_end('{table}'); END $$
