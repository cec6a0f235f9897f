-- Empties the layer for a big load (infill.ingest.bulk-swap-rows or more features): TRUNCATE (no
-- dead tuples; and with wal_level minimal the new rows skip the WAL) and every index but the
-- primary key taken off, so the insert maintains none of them row by row.
-- TRUNCATE and DROP need the table's owner: the service's DML-only role gets them through the
-- whitelisting owner-rights functions of migration V3__ingest (docs/security.md). Readers of the
-- layer wait from here until the load commits.
SELECT infill_bulk_swap_begin(:table)
