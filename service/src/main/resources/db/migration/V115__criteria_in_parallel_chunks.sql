-- Parallel criteria (docs/scaling.md): each worker connection computes the criteria of one chunk
-- of parcels (a stripe of parcel centres) into this table and commits; the run's own transaction
-- then copies them, with its own walking distances, into analysis.parcel_criteria and empties it.
-- UNLOGGED: rows are scratch that live for one run (no WAL, not on standbys, emptied by a crash).
-- Same columns, in the same order, as analysis.parcel_criteria: the chunk statement is
-- criteria-compute.sql itself with its target renamed (a column added there must be added here).
CREATE UNLOGGED TABLE analysis.criteria_chunk (LIKE analysis.parcel_criteria INCLUDING DEFAULTS);
COMMENT ON TABLE analysis.criteria_chunk IS
    'Scratch rows of parallel criteria chunks, copied into parcel_criteria by the run''s transaction';
