-- Live re-weighting in the web map (issue 16 part 1): a neighbourhood's mean score is linear in the
-- weights, mean_score = 100 x sum_k w_k x mean(v_k) over its scored parcels, so with the mean of
-- each scaled criterion the map previews the mean score of any weights exactly, without a run.
-- In score.sql's criteria order; NULL for totals written before this column.
ALTER TABLE neighbourhood_result ADD COLUMN mean_scaled double precision[];
COMMENT ON COLUMN neighbourhood_result.mean_scaled IS
    'Mean scaled criteria (score.sql order) of the neighbourhood''s scored parcels; mean_score = 100 x sum w_k x mean_scaled[k].';
