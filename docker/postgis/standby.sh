#!/bin/bash
# Hot standby of the compose profile "cluster": on its first start, copies the primary with
# pg_basebackup (-R writes primary_conninfo and standby.signal), then runs PostgreSQL on that
# copy, which replays the primary's WAL and answers read-only queries.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres "$PGDATA" && chmod 700 "$PGDATA"
  until gosu postgres pg_basebackup -h "$PRIMARY_HOST" -U "$PRIMARY_USER" -D "$PGDATA" -X stream -R -P; do
    echo "primary not ready for a base backup yet; retrying in 5 s" >&2
    rm -rf "${PGDATA:?}"/*
    sleep 5
  done
fi
exec docker-entrypoint.sh postgres -c hot_standby=on
