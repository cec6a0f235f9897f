#!/bin/bash
# First start of the primary (docker-entrypoint-initdb.d): let the streaming standby of the
# compose profile "cluster" connect for replication as the owner, with its password.
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
