-- Re-scoring must be fast enough to try weights live. A run therefore stores per parcel only the
-- numbers (scaled value and score points per criterion, in the fixed order of
-- analysis.criteria_order) and the weights and parameters it used; the explanation (labels,
-- sentences in Dutch and English) is rendered when one parcel is read. Writing ~2.5 kB of JSON
-- text per parcel made a 50,000-parcel re-score take ~5.7 s; numbers alone are a fraction of that.
ALTER TABLE parcel_result
    ADD COLUMN scaled double precision[],   -- v_k in 0..1, order: capacity, underuse, obsolescence, transformation, amenities, ageing, soft_constraints
    ADD COLUMN points double precision[];   -- 100 x w_k x v_k, same order; sums to score
-- The weights and parameters a run scored with. A table of its own rather than a column of
-- analysis_run: the scoring transaction writes it while the run's progress is updated on that
-- row from another transaction.
CREATE TABLE analysis_run_settings (
    run_id    bigint PRIMARY KEY REFERENCES analysis_run (id) ON DELETE CASCADE,
    settings  jsonb NOT NULL
);

COMMENT ON COLUMN parcel_result.contributions IS
    'Legacy full explanation; runs since V21 leave it empty and store scaled/points instead (rendered on read by sql/analysis/parcel-result.sql).';
