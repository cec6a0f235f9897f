-- First statement of a load's transaction: the load holds its own report row locked until it
-- commits or rolls back, so that a row still 'running' but not locked is known to be cut off
-- (history-settle.sql). A crash or a lost connection ends the transaction and frees the row.
SELECT id FROM load_history WHERE id = :id FOR UPDATE
