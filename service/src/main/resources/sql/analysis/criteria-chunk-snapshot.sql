-- The run transaction's snapshot, for the chunk workers to read exactly the layers it reads
SELECT pg_export_snapshot()
