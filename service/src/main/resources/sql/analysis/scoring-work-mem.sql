-- Raises work_mem for the run's scoring transaction only (is_local = true: it ends with the
-- transaction and never reaches the next user of the pooled connection). See scoring-work-mem in
-- config/analysis.yml for why.
SELECT set_config('work_mem', :workMem, true)
