#!/usr/bin/env bash
# Benchmarks of the features module (figures in docs/benchmarks.md):
#  1. exports of N (default 1,000,000) synthetic parcels as GeoJSON, CSV and GeoPackage from a
#     service started with -Xmx256m: HTTP status, time, size, feature count read back and the
#     peak used heap (jstat samples every 200 ms);
#  2. items pages of 1,000 features: wrk against /ogc/collections/parcels/items?limit=1000 vs
#     pgbench running the same SQL the service runs, both at 2 clients; median ratio;
#  3. items pages of 100 with CQL2 filters (attributes, an RD box, a CRS84 polygon): median latency
#     (wrk, 1 client), numberMatched, and the bounded count statement alone (pgbench).
# Usage: bench/features-bench.sh   (env: BENCH_PARCELS, BENCH_PORT, BENCH_SECONDS,
#        BENCH_SECTIONS: any of "exports items filters", default all three)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${BENCH_PARCELS:-1000000}
PORT=${BENCH_PORT:-18089}
SECONDS_PER_RUN=${BENCH_SECONDS:-30}
SECTIONS=${BENCH_SECTIONS:-exports items filters}
DB=infill_bench
OUT=$(mktemp -d /tmp/infill-features-bench.XXXXXX)

bench_parcel_service "$DB" "$PORT" "$OUT" "$N"

if [[ " $SECTIONS " == *" exports "* ]]; then
echo "== exports of $N parcels, service at -Xmx256m =="
printf '%-8s %6s %10s %12s %10s %14s\n' format status seconds bytes features peak_heap_MB
for fmt in geojson csv gpkg; do
  jstat -gc "$PID" 200 >"$OUT/jstat.$fmt" &
  JSTAT=$!
  start=$(date +%s.%N)
  res=$(curl -sS -o "$OUT/export.$fmt" -w '%{http_code} %{size_download}' "http://127.0.0.1:$PORT/api/export/parcels?format=$fmt")
  end=$(date +%s.%N)
  kill "$JSTAT"; wait "$JSTAT" 2>/dev/null || true
  case $fmt in
    geojson) n=$(grep -c '"Feature"' "$OUT/export.$fmt" || true) ;;
    csv) n=$(( $(wc -l <"$OUT/export.$fmt") - 1 )) ;;
    gpkg) n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from parcels').fetchone()[0])" "$OUT/export.$fmt") ;;
  esac
  printf '%-8s %6s %10.1f %12s %10s %14s\n' "$fmt" "${res% *}" "$(echo "$end - $start" | bc)" "${res#* }" "$n" "$(peak_heap_mb "$OUT/jstat.$fmt")"
  rm -f "$OUT/export.$fmt"
done
fi

if [[ " $SECTIONS " == *" items "* ]]; then
echo "== items pages of 1,000 features: service (wrk) vs bare SQL (pgbench), 2 clients, ${SECONDS_PER_RUN}s each =="
# The statement FeatureStore runs for the first page (features/items.sql filled in for parcels, CRS84).
cat >"$OUT/items.sql" <<'SQL'
SELECT t.id AS fid, NULL AS sortkey, json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(ST_Transform(t.geom, 4326), 8)::json, 'properties', json_build_object('source_id', t.source_id, 'municipality', t.municipality, 'area_m2', t.area_m2))::text AS feature FROM parcel t WHERE true ORDER BY t.id LIMIT 1001;
SQL
URL="http://127.0.0.1:$PORT/ogc/collections/parcels/items?limit=1000"
wrk -t1 -c2 -d5s "$URL" >/dev/null   # warm-up (JIT, connection pool)
wrk -t2 -c2 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept: application/geo+json' "$URL" | tee "$OUT/wrk.txt"
(cd "$OUT" && pgbench -h 127.0.0.1 -p "$INFILL_PG_PORT" -U postgres -n -c2 -j2 -T"$SECONDS_PER_RUN" -f items.sql -l --log-prefix=pgb "$DB" | grep -E "tps|latency")
sort -n -k3 "$OUT"/pgb.* | awk '{a[NR]=$3} END{printf "pgbench median latency: %.2f ms (%d statements)\n", a[int((NR+1)/2)]/1000, NR}' | tee "$OUT/pg.txt"
http_ms=$(awk '/ 50%/{v=$2; if(v~/ms$/){sub(/ms/,"",v)} else if(v~/us$/){sub(/us/,"",v); v=v/1000} else if(v~/s$/){sub(/s/,"",v); v=v*1000}; print v}' "$OUT/wrk.txt")
sql_ms=$(awk '{print $4}' "$OUT/pg.txt")
echo "service median ${http_ms} ms, bare SQL median ${sql_ms} ms, ratio $(echo "scale=2; $http_ms / $sql_ms" | bc)"
fi

if [[ " $SECTIONS " == *" filters "* ]]; then
echo "== items pages of 100 with CQL2 filters, 1 client, ${SECONDS_PER_RUN}s each (count-limit 100,000) =="
# The grid: parcel i is the 9 x 9 m square at RD (100000 + 10 (i mod 1000), 400000 + 10 (i div 1000)).
RD_URI="http://www.opengis.net/def/crs/EPSG/0/28992"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
# CRS84 corners of the RD box 100000..100500 x 400000..400500, as PostGIS projects them.
lonlat=$("${PSQL[@]}" -c "SELECT concat_ws(' ', ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)) FROM (SELECT ST_Transform(ST_MakeEnvelope(100000, 400000, 100500, 400500, 28992), 4326)::box2d AS b) x")
read -r x0 y0 x1 y1 <<<"$lonlat"
printf '%-44s %10s %14s %14s\n' case requests median_ms numberMatched
while IFS='|' read -r name query; do
  URL="http://127.0.0.1:$PORT/ogc/collections/parcels/items?limit=100$query"
  matched=$(curl -sS -H 'Accept: application/geo+json' "$URL" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("numberMatched", "-"))')
  wrk -t1 -c1 -d5s "$URL" >/dev/null
  wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept: application/geo+json' "$URL" >"$OUT/wrk.f"
  ms=$(awk '/ 50%/{v=$2; if(v~/ms$/){sub(/ms/,"",v)} else if(v~/us$/){sub(/us/,"",v); v=v/1000} else if(v~/s$/){sub(/s/,"",v); v=v*1000}; print v}' "$OUT/wrk.f")
  reqs=$(awk '/requests in/{print $1}' "$OUT/wrk.f")
  printf '%-44s %10s %14s %14s\n' "$name" "$reqs" "$ms" "$matched"
done <<CASES
no filter (estimate 1,000,000: not counted)|
municipality = 'GM0637' (500,000: not counted)|&filter=$(enc "municipality = 'GM0637'")
RD box of 151 rows (151,000: counted to 100,001)|&filter-crs=$(enc "$RD_URI")&filter=$(enc "S_INTERSECTS(geometry, BBOX(100000, 400000, 110000, 401500))")
area_m2 < 100 (none: the page counts itself)|&filter=$(enc "area_m2 < 100")
S_INTERSECTS RD box of 100 x 100 m|&filter-crs=$(enc "$RD_URI")&filter=$(enc "S_INTERSECTS(geometry, BBOX(100000, 400000, 100100, 400100))")
S_WITHIN CRS84 polygon of ~500 x 500 m|&filter=$(enc "S_WITHIN(geometry, POLYGON(($x0 $y0, $x1 $y0, $x1 $y1, $x0 $y1, $x0 $y0)))")
score-like JSON: area_m2 BETWEEN 50 AND 150 AND box|&filter-lang=cql2-json&filter-crs=$(enc "$RD_URI")&filter=$(enc '{"op":"and","args":[{"op":"between","args":[{"property":"area_m2"},50,150]},{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[100000,400000,101000,401000]}]}]}')
CASES
# The most a count costs: it stops at count-limit + 1 matches.
echo "SELECT count(*) FROM (SELECT 1 FROM parcel t WHERE true LIMIT 100001) m;" >"$OUT/count.sql"
(cd "$OUT" && pgbench -h 127.0.0.1 -p "$INFILL_PG_PORT" -U postgres -n -c1 -j1 -T"$SECONDS_PER_RUN" -f count.sql -l --log-prefix=cnt "$DB" >/dev/null)
sort -n -k3 "$OUT"/cnt.* | awk '{a[NR]=$3} END{printf "bounded count of 100,001 rows (pgbench, 1 client): median %.2f ms (%d statements)\n", a[int((NR+1)/2)]/1000, NR}'
fi
