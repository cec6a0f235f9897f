UPDATE analysis_run SET stage = :stage, percent = :percent WHERE id = :id AND status = 'running' AND owner = :owner
