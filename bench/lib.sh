# Shared by the bench/*.sh scripts: sourced, not run. Sets INFILL_HOME, loads scripts/postgis.sh
# (db_up, log, the private cluster's port and password) and gives the steps several benchmarks
# repeated: building the jar and the test classpath, starting the service and waiting for it,
# the synthetic parcel grid, and the peak heap read from jstat samples.
# shellcheck shell=bash
INFILL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME
# shellcheck source=../scripts/postgis.sh
. "$INFILL_HOME/scripts/postgis.sh"

BENCH_JAR="$INFILL_HOME/service/target/infill-service.jar"

# The jar, unless it exists already and INFILL_SKIP_BUILD=1.
bench_jar() {
  [ "${INFILL_SKIP_BUILD:-}" = 1 ] && [ -f "$BENCH_JAR" ] || (cd "$INFILL_HOME" && mvn -B -q -DskipTests package)
}

# The jar and service/target/bench.classpath (test scope), for benchmarks written in Java under
# service/src/test/java/**/bench; skipped with INFILL_SKIP_BUILD=1.
bench_classpath() {
  if [ "${INFILL_SKIP_BUILD:-}" != 1 ]; then
    (cd "$INFILL_HOME" && mvn -B -q -DskipTests package \
      && mvn -B -q -pl service -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
  fi
}

# Runs a Java benchmark class with the service's test classpath, with the load average before and after.
bench_java() {
  local s="$INFILL_HOME/service/target"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$s/test-classes:$s/classes:$(cat "$s/bench.classpath")" "$@"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# psql as the superuser on database $1, in the array PSQL: "${PSQL[@]}" -c "...".
bench_psql() {
  export PGPASSWORD="$INFILL_DB_SUPERUSER_PASSWORD"
  PSQL=(psql -h 127.0.0.1 -p "$INFILL_PG_PORT" -U postgres -d "$1" -v ON_ERROR_STOP=1 -Atq)
}

# Starts the service jar on port $1 with -Xmx$2, logging to $3/service.log, and waits up to two
# minutes for its health; PID is the service's. Stops it and removes $3 when the script exits.
bench_service() {
  local port=$1 xmx=$2 out=$3
  java "-Xmx$xmx" -jar "$BENCH_JAR" --server.port="$port" >"$out/service.log" 2>&1 &
  PID=$!
  BENCH_OUT=$out
  trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$BENCH_OUT"' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && return 0
    sleep 1
  done
  tail -50 "$out/service.log"
  return 1
}

# N synthetic parcels (10 x 10 m squares on a 1000-column grid), unless the table has exactly N
# already: the export and features benchmarks share them.
bench_parcels() {
  local n=$1 have
  have=$("${PSQL[@]}" -c "SELECT count(*) FROM parcel")
  [ "$have" = "$n" ] && return 0
  log "inserting $n synthetic parcels (10 x 10 m squares on a 1000-column grid)"
  "${PSQL[@]}" <<SQL
DELETE FROM parcel;
INSERT INTO parcel (source_id, municipality, area_m2, geom)
SELECT 'B' || i, CASE WHEN i % 2 = 0 THEN 'GM0637' ELSE 'GM0599' END, 100,
       ST_Multi(ST_MakeEnvelope(100000 + 10 * (i % 1000), 400000 + 10 * (i / 1000),
                                100009 + 10 * (i % 1000), 400009 + 10 * (i / 1000), 28992))
  FROM generate_series(0, $n - 1) i;
VACUUM ANALYZE parcel;
SQL
}

# Peak used heap in MB: the largest S0U+S1U+EU+OU (KB) over the samples of `jstat -gc PID 200` in file $1.
peak_heap_mb() {
  awk 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next} $1!="S0C"{u=$c["S0U"]+$c["S1U"]+$c["EU"]+$c["OU"]; if(u>m)m=u} END{printf "%.0f", m/1024}' "$1"
}

# The setup the export and features benchmarks share: database $1, the jar (built if missing),
# PSQL, the service on port $2 at -Xmx256m logging to $3, and $4 synthetic parcels.
bench_parcel_service() {
  db_up "$1"
  [ -f "$BENCH_JAR" ] || bench_jar
  bench_psql "$1"
  bench_service "$2" 256m "$3"
  bench_parcels "$4"
}
