-- Same transaction as the swap: readers see the new rows and the new version together.
UPDATE layer_state
   SET version = version + 1, last_load_id = :loadId, changed_at = now()
 WHERE layer = :layer
RETURNING version
