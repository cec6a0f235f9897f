SELECT status FROM analysis_run WHERE id = :id
