-- An IMRO plan load's report (LoadReport.PlanReport), written in the load's transaction.
UPDATE load_history SET plan_report = CAST(:plan AS jsonb) WHERE id = :id
