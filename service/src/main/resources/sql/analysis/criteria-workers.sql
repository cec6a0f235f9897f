-- What decides the default number of criteria workers: PostgreSQL's own bound on parallel worker
-- processes (tuning guides set max_parallel_workers to the server's cores), and whether the server
-- is on this host (a loopback or socket connection: then the JVM's core count is the server's too)
SELECT current_setting('max_parallel_workers')::int AS max_parallel_workers,
       coalesce(inet_server_addr() <<= inet '127.0.0.0/8' OR inet_server_addr() = inet '::1', true) AS local_server
