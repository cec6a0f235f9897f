-- Fresh planner statistics for the loaded layer, in the load's transaction (migration V400): the
-- run that follows a load is planned on its rows, not on those before it.
SELECT infill_analyze_layer(:table)
