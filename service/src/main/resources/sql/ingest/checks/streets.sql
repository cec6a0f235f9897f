-- Streets: a class is required (walkable defaults to true while mapping).
UPDATE ingest_ready SET reason = 'required attribute class is missing' WHERE reason IS NULL AND class IS NULL
