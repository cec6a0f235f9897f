#!/usr/bin/env bash
# FlatGeobuf export of N (default 1,000,000) synthetic parcels from a service started with
# -Xmx256m, without and with the spatial index: HTTP status, seconds, bytes, the feature count
# ogrinfo reads back, the JVM's peak used heap (jstat every 200 ms) and the peak resident memory
# of the largest PostgreSQL process (ps every 200 ms; ST_AsFlatGeobuf builds the file in the
# backend). Figures in docs/benchmarks.md.
# Usage: bench/export-fgb.sh   (env: BENCH_PARCELS, BENCH_PORT; needs ogrinfo, jstat, curl)
# The parcels are the grid of bench/features-bench.sh (same database), so either script reuses
# the other's data.
set -euo pipefail
INFILL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME
# shellcheck source=../scripts/postgis.sh
. "$INFILL_HOME/scripts/postgis.sh"

N=${BENCH_PARCELS:-1000000}
PORT=${BENCH_PORT:-18091}
DB=infill_bench
JAR="$INFILL_HOME/service/target/infill-service.jar"
OUT=$(mktemp -d /tmp/infill-fgb-bench.XXXXXX)

db_up "$DB"
[ -f "$JAR" ] || (cd "$INFILL_HOME" && mvn -B -q -DskipTests package)
export PGPASSWORD="$INFILL_DB_SUPERUSER_PASSWORD"
PSQL=(psql -h 127.0.0.1 -p "$INFILL_PG_PORT" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -Atq)

java -Xmx256m -jar "$JAR" --server.port="$PORT" >"$OUT/service.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { tail -50 "$OUT/service.log"; exit 1; }

have=$("${PSQL[@]}" -c "SELECT count(*) FROM parcel")
if [ "$have" != "$N" ]; then
  log "inserting $N synthetic parcels (10 x 10 m squares on a 1000-column grid)"
  "${PSQL[@]}" <<SQL
DELETE FROM parcel;
INSERT INTO parcel (source_id, municipality, area_m2, geom)
SELECT 'B' || i, CASE WHEN i % 2 = 0 THEN 'GM0637' ELSE 'GM0599' END, 100,
       ST_Multi(ST_MakeEnvelope(100000 + 10 * (i % 1000), 400000 + 10 * (i / 1000),
                                100009 + 10 * (i % 1000), 400009 + 10 * (i / 1000), 28992))
  FROM generate_series(0, $N - 1) i;
VACUUM ANALYZE parcel;
SQL
fi
# Every 7th parcel without a municipality: the NULL-property repair (FlatGeobufNulls) runs at scale.
"${PSQL[@]}" -c "UPDATE parcel SET municipality = NULL WHERE id % 7 = 0 AND municipality IS NOT NULL"

peak_heap_mb() { # max of S0U+S1U+EU+OU over the jstat samples (KB)
  awk 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next} $1!="S0C"{u=$c["S0U"]+$c["S1U"]+$c["EU"]+$c["OU"]; if(u>m)m=u} END{printf "%.0f", m/1024}' "$1"
}
sample_postgres_rss() { # every 200 ms: the largest RSS (KB) of any postgres process
  while true; do ps -C postgres -o rss= | sort -n | tail -1; sleep 0.2; done
}

echo "== FlatGeobuf export of $N parcels, service at -Xmx256m =="
printf '%-6s %6s %9s %12s %10s %10s %12s\n' index status seconds bytes features heap_MB postgres_MB
for index in false true; do
  jstat -gc "$PID" 200 >"$OUT/jstat.$index" &
  JSTAT=$!
  sample_postgres_rss >"$OUT/rss.$index" &
  RSS=$!
  start=$(date +%s.%N)
  res=$(curl -sS -o "$OUT/parcels.fgb" -w '%{http_code} %{size_download}' \
    "http://127.0.0.1:$PORT/api/export/parcels?format=fgb&index=$index&crs=http://www.opengis.net/def/crs/EPSG/0/28992")
  end=$(date +%s.%N)
  kill "$JSTAT" "$RSS"; wait "$JSTAT" "$RSS" 2>/dev/null || true
  n=$(ogrinfo -ro -so -al "$OUT/parcels.fgb" | awk -F': ' '/Feature Count/{print $2}')
  pg=$(sort -n "$OUT/rss.$index" | tail -1)
  printf '%-6s %6s %9.1f %12s %10s %10s %12s\n' "$index" "${res% *}" "$(echo "$end - $start" | bc)" "${res#* }" \
    "$n" "$(peak_heap_mb "$OUT/jstat.$index")" "$((pg / 1024))"
  rm -f "$OUT/parcels.fgb"
done
