-- The status of one load: 'running', 'succeeded' or 'failed'.
SELECT status FROM load_history WHERE id = :id
