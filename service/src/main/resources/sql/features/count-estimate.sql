-- The planner's estimate of how many features a selection matches (EXPLAIN only plans; nothing is
-- read). FeatureStore counts exactly only when this is not far above the count limit.
EXPLAIN (FORMAT JSON)
SELECT 1
  FROM {from}
 WHERE {where}
