-- Progress of a running harvest (a load from an OGC API - Features server): written while the
-- load runs, in transactions of their own, so that GET /api/loads/{id} shows pages and features
-- read so far; kept afterwards as part of the load's report.
-- No foreign key to load_history on purpose: a running load holds its own load_history row locked
-- (FOR UPDATE, sql/ingest/history-claim.sql), and the key check of an insert here would wait for
-- that lock, i.e. for the load that is writing its progress.
CREATE TABLE load_progress (
    load_id        bigint PRIMARY KEY,
    pages          integer     NOT NULL DEFAULT 0,
    features       bigint      NOT NULL DEFAULT 0,
    number_matched bigint,                 -- the server's numberMatched, when it gives one
    page_url       text,                   -- the page being read (the last one, once done)
    updated_at     timestamptz NOT NULL DEFAULT now()
);
