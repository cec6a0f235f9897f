-- The count of parcels a spatial query matches when no scenario is asked: capacity figures
-- exist only in a scenario's results.
SELECT count(*) AS n
  FROM {from}
 WHERE {where}
