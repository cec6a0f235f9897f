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
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${BENCH_PARCELS:-1000000}
PORT=${BENCH_PORT:-18091}
DB=infill_bench
OUT=$(mktemp -d /tmp/infill-fgb-bench.XXXXXX)

bench_parcel_service "$DB" "$PORT" "$OUT" "$N"
# Every 7th parcel without a municipality: the NULL-property repair (FlatGeobufNulls) runs at scale.
"${PSQL[@]}" -c "UPDATE parcel SET municipality = NULL WHERE id % 7 = 0 AND municipality IS NOT NULL"

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
