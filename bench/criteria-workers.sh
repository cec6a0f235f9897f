#!/usr/bin/env bash
# Parallel criteria benchmark (issue 18 part 3; loopback only, bounded by the data size).
# Prints, for one synthetic grid city (service/src/test/resources/bench/synthetic-city.sql: parcels
# 20 x 25 m, buildings on 70 %, zoning blocks, streets, amenities, neighbourhoods, noise contours),
# the criteria stage time with each number of workers and the hash of its rows (every column of
# analysis.parcel_criteria but computed_at, in parcel order): all hashes must be equal, or it fails.
#
#   bench/criteria-workers.sh                       # 1,000,000 parcels, 1 and 2 workers
#   BENCH_PARCELS=100000 BENCH_WORKERS=1,2,4 bench/criteria-workers.sh
#
# How: the harness CriteriaWorkersBench (service/src/test/java/nl/infill/analysis) runs in the test
# database of ./infill test. It generates the city, computes the walking network and distances once
# and commits them (a run does that before its criteria, the same for any number of workers), then
# per configuration, in its own transaction as a run's criteria stage: lock, delete, compute (1: the
# single criteria-compute.sql; N: CriteriaChunks' stripes on N connections + merge), save the
# state; timed; hashed; rolled back. Configurations run one after the other, so the machine's load
# falls on each at a different time: the load averages are printed next to each figure.
# Runs under the shared benchmark lock (/tmp/infill-bench.lock) when it gets it within 10 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PARCELS="${BENCH_PARCELS:-1000000}"
WORKERS="${BENCH_WORKERS:-1,2}"
uptime
cd "$ROOT"
run() {
  # its own database, so that a ./infill test meanwhile does not drop it (it recreates infill_test)
  INFILL_TEST_DB_NAME="${BENCH_DB:-infill_bench_workers}" ./infill test -pl service -am -Dtest=CriteriaWorkersBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.parcels="$PARCELS" -Dbench.workers="$WORKERS"
}
# the cluster first: a PostgreSQL started under the lock would inherit its descriptor and hold it
./infill db >/dev/null
exec 9>/tmp/infill-bench.lock
if ! flock -w 600 9; then
  echo "benchmark lock busy for 10 minutes: running without it (figures share the machine)" >&2
fi
run 9>&- 2>&1 | tee /tmp/criteria-workers.$$.log | grep -E '^\||generated|network and walks|kept the|same rows|ROWS DIFFER|Tests run|ERROR' || true
uptime
grep -q 'same rows in every configuration' /tmp/criteria-workers.$$.log
