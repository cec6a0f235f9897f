SELECT current_setting('server_version') AS postgresql,
       postgis_lib_version()             AS postgis,
       (SELECT extversion FROM pg_extension WHERE extname = 'pgrouting') AS pgrouting
