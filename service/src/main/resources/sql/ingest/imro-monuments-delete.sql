-- {table} is the constraints table, from the Layer whitelist.
-- Monument constraints of an earlier load of the same plan (source_id '<plan id>/<object id>'):
-- replaced, constraints of other plans and other loads stay.
DELETE FROM {table} WHERE source_id LIKE :planPrefix ESCAPE '\'
