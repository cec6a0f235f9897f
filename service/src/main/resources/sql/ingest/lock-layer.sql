-- Serialises loads of one layer: the second waits until the first has committed or rolled back.
SELECT version FROM layer_state WHERE layer = :layer FOR UPDATE
