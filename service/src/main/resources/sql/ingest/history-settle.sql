-- Marks failed the loads still 'running' whose transaction is gone: a live load holds its row
-- locked (history-claim.sql), so SKIP LOCKED passes it by. A load that committed already says
-- 'succeeded' (its report commits with its data), so what is settled here never changed a layer.
-- :id NULL settles every such load (at start-up: loads cut off by a crash or a killed CLI).
UPDATE load_history
   SET status = 'failed', message = :message, finished_at = now()
 WHERE id IN (SELECT id
                FROM load_history
               WHERE status = 'running' AND (CAST(:id AS bigint) IS NULL OR id = :id)
                 FOR UPDATE SKIP LOCKED)
