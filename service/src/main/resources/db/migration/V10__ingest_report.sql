-- Load report details beyond V1: which GeoPackage table was read, how many features the
-- mapping's row filter skipped (not an error, e.g. BAG history records), how many
-- GeometryCollections were reduced to the layer's type, and the layer version a load produced.
ALTER TABLE load_history
    ADD COLUMN source_table      text,
    ADD COLUMN features_filtered integer NOT NULL DEFAULT 0,
    ADD COLUMN features_reduced  integer NOT NULL DEFAULT 0,
    ADD COLUMN layer_version     bigint,
    ADD COLUMN problem_where     text;
CREATE INDEX load_history_started_idx ON load_history (started_at DESC, id DESC);
