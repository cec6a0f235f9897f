-- Streets: a class is required; walkable defaults to true like the table's default.
UPDATE ingest_ready SET reason = 'required attribute class is missing' WHERE reason IS NULL AND class IS NULL;
UPDATE ingest_ready SET walkable = true WHERE walkable IS NULL
