-- Constraint areas: kind is required, severity hard or soft. WHEN branches of the rejection
-- reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN kind IS NULL THEN 'required attribute kind is missing'
WHEN severity IS NULL OR severity NOT IN ('hard', 'soft') THEN format('severity ''%s'' is not hard or soft', severity)
