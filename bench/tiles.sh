#!/usr/bin/env bash
# Vector tile benchmark (loopback only, bounded in time). Prints figures for docs/benchmarks.md.
#
#   bench/tiles.sh            # BENCH_DURATION=20 BENCH_SOAK=60 BENCH_PORT=18380 by default
#   BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/t%n.jfr,settings=profile' bench/tiles.sh
#                             # extra JVM options for the service (%n: 1 uncached, 2 cached), e.g. a
#                             # JFR profile of each phase
#
# 1. Brings up the private PostGIS and starts the service jar against it (building it when
#    missing). BENCH_DATA picks the data:
#      sample (default)  the generated sample city (data/target/sample-city.gpkg, generated when
#                        missing) in database infill_bench_city, loaded by the service's
#                        sample-city bootstrap and analysed by its start-up run (scenario default);
#      synthetic         bench/synthetic-city.sql in database infill_bench (scenario bench);
#      keep              whatever infill_bench holds (scenario bench).
# 2. Tile list: every tile at z12-z13 over the data and 15 seeded-random tiles per zoom at
#    z14-z16, for the collections buildings (min zoom lowered to 12 for the bench) and
#    results-{scenario}; written as a wrk Lua script and as one pgbench script per tile holding the
#    service's own SQL file with the same bound values (tolerance and min size per zoom and
#    latitude, as TileService computes them with the default settings).
# 3. Uncached (cache-max-bytes=0), after warming the service's JIT with BENCH_WARM (20) s of empty
#    tiles and a 5 s pass of each side: bench/httpget.py -c2 (service: two kept-open connections
#    fetching the tiles at random, Accept-Encoding: gzip; see its header for why not wrk) and
#    pgbench -c2 -M prepared (bare SQL: the same statement with the same bound values) on the same
#    tiles, in 4 alternating slices of BENCH_DURATION/4 s so that load from other work on the
#    machine falls on both alike; medians and their ratio (target <= 1.25). pgbench's sessions
#    run with BENCH_PGOPTIONS, by default '-c plan_cache_mode=force_generic_plan': the service
#    executes each family's statement thousands of times per pooled connection and PostgreSQL
#    settles on its generic plan (bind 0.1 ms in the server log), while each pgbench script runs
#    only a few times per session and would be planned afresh every time (0.7-1 ms per tile).
#    BENCH_PGOPTIONS= (empty) gives pgbench its custom plans back.
#    Then paired, one tile at a time (every 10th tile): wrk -c1 vs pgbench -c1 for 2 s each, both
#    on a kept-open connection as a map's browser has, and the median of the per-tile ratios.
# 4. Cached (default cache): warm-up, then wrk -c16 for BENCH_DURATION s (target >= 2,000 tiles/s).
#    wrk sends Accept-Encoding: gzip as browsers do, so cached tiles come gzipped (the uncached
#    phase has no cache, and so no gzip: both sides move the same plain bytes there).
# 5. Soak: wrk -c64 for BENCH_SOAK s over a wider list (every z16 tile of parcels, buildings,
#    results-{scenario}, mostly uncached at first): non-2xx responses and socket errors must be 0.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME="$ROOT"
# shellcheck source=../scripts/postgis.sh
. "$ROOT/scripts/postgis.sh"

DATA="${BENCH_DATA:-sample}"
case "$DATA" in
  sample) DB=infill_bench_city; SLUG=default ;;
  synthetic|keep) DB=infill_bench; SLUG=bench ;;
  *) echo "BENCH_DATA is sample, synthetic or keep" >&2; exit 2 ;;
esac
GPKG="$ROOT/data/target/sample-city.gpkg"
PORT="${BENCH_PORT:-18380}"
DUR="${BENCH_DURATION:-20}"
SOAK="${BENCH_SOAK:-60}"
JAR="${BENCH_JAR:-$ROOT/service/target/infill-service.jar}"
# pgbench binds the same cap as the service's default configuration.
MAXF=$(awk '/^ *max-features:/{print $2; exit}' "$ROOT/service/src/main/resources/config/tiles.yml")
OUT="$(mktemp -d /tmp/infill-bench-tiles.XXXXXX)"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null 2>&1 || die "wrk is missing (Debian: apt-get install -y wrk)"
JAVA_OPTS_BENCH="${BENCH_JAVA_OPTS:-}"
db_up "$DB"
PSQL=(psql_super "$INFILL_PG_PORT" -d "$DB" -At)
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
if [ "$DATA" = sample ] && [ ! -f "$GPKG" ]; then
  mkdir -p "$(dirname "$GPKG")"
  java -cp "$JAR" -Dloader.main=nl.infill.data.SampleCityGenerator \
    org.springframework.boot.loader.launch.PropertiesLauncher --out "$GPKG"
fi

SVC=""
STARTS=0
start_service() {
  STARTS=$((STARTS + 1))
  port_free "$PORT" || die "port $PORT is taken (another service?); set BENCH_PORT"
  java ${JAVA_OPTS_BENCH//%n/$STARTS} -Xmx768m -jar "$JAR" --server.port="$PORT" --infill.tiles.min-zoom.buildings=12 "$@" \
    > "$OUT/service.log" 2>&1 &
  SVC=$!
  for _ in $(seq 1 120); do
    curl -sf "$BASE/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$SVC" 2>/dev/null || { tail -30 "$OUT/service.log"; die "service did not start"; }
    sleep 1
  done
  die "service not healthy after 120 s (log: $OUT/service.log)"
}
stop_service() {
  if [ -n "$SVC" ] && kill -0 "$SVC" 2>/dev/null; then kill "$SVC"; wait "$SVC" 2>/dev/null || true; fi
  SVC=""
}
trap stop_service EXIT

log "phase 1: service without tile cache (also migrates $DB)"
start_service --infill.tiles.cache-max-bytes=0 --infill.bootstrap.sample-city="$([ "$DATA" = sample ] && echo "$GPKG")"
if [ "$DATA" = sample ]; then
  # The bootstrap loads synchronously before the service is healthy; the start-up run is async.
  for _ in $(seq 1 300); do
    [ "$("${PSQL[@]}" -c "SELECT results_version > 0 FROM scenario WHERE slug = 'default'")" = t ] && break
    sleep 1
  done
  sleep 3   # the service re-reads data versions every infill.tiles.version-ttl (2 s)
elif [ "$DATA" = synthetic ] && [ "$("${PSQL[@]}" -c 'SELECT count(*) FROM parcel')" -lt 30000 ]; then
  log "loading the synthetic city (bench/synthetic-city.sql)"
  "${PSQL[@]}" -f "$ROOT/bench/synthetic-city.sql"
  sleep 3   # the service re-reads data versions every infill.tiles.version-ttl (2 s)
fi
SID=$("${PSQL[@]}" -c "SELECT id FROM scenario WHERE slug = '$SLUG' AND results_version > 0")
[ -n "$SID" ] || die "no scenario '$SLUG' with results in $DB"
EXTENT=$("${PSQL[@]}" -c "SELECT concat_ws(' ', ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b))
  FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 28992), 4326) AS b FROM parcel) e")

python3 - "$OUT" "$ROOT" "$SLUG" $EXTENT <<'PY'
import math, random, sys, os
out, root, slug, w, s, e, n = sys.argv[1], sys.argv[2], sys.argv[3], *map(float, sys.argv[4:8])
def tx(lon, z): return int((lon + 180) / 360 * 2 ** z)
def ty(lat, z):
    r = math.radians(lat)
    return int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * 2 ** z)
def tiles(z): return [(z, x, y) for x in range(tx(w, z), tx(e, z) + 1) for y in range(ty(n, z), ty(s, z) + 1)]
rnd = random.Random(42)
main = []
for z in range(12, 17):
    t = tiles(z)
    main += t if z <= 13 else rnd.sample(t, min(15, len(t)))
cols = ["buildings", "results-" + slug]
bench = [(c, *t) for t in main for c in cols][:128]  # pgbench takes at most 128 scripts
# Shuffled, so wrk (which walks the list) and pgbench (which picks at random) see the same mix
# even in a short run; otherwise the heavy z12 tiles at the head would skew wrk's median.
rnd.shuffle(bench)
soak = bench + [(c, *t) for t in tiles(16) for c in ["parcels", "buildings", "results-" + slug]]
def lua(name, items):
    with open(os.path.join(out, name), "w") as f:
        f.write("paths = {\n" + ",\n".join('  "/tiles/%s/%d/%d/%d.mvt"' % i for i in items) + "\n}\n")
        # Browsers (so Leaflet.VectorGrid and MapLibre) always send Accept-Encoding: gzip.
        f.write("local threads = 0\nfunction setup(thread) threads = threads + 1; thread:set('i', threads * 7919) end\n"
                "wrk.headers['Accept-Encoding'] = 'gzip, deflate, br'\n"
                "function request() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end\n")
lua("bench.lua", bench)
lua("soak.lua", soak)
# Tiles at z16 around Null Island: past every min zoom, so each runs its query (the whole path:
# HTTP, pool, pgjdbc, PostgreSQL), but empty and cheap, so a short pass makes thousands of requests.
lua("warm.lua", [(c, 16, 32768 + k, 32768) for k in range(50) for c in cols])
os.makedirs(os.path.join(out, "pgb"), exist_ok=True)
sql = {c: "".join(l for l in open(os.path.join(root, "service/src/main/resources/sql/tiles/%s.sql" %
        ("results" if c.startswith("results-") else c))) if not l.startswith("--")) for c in cols}
z0 = 2 * math.pi * 6378137.0 / 256
for k, (c, z, x, y) in enumerate(bench):
    lat = math.atan(math.sinh(math.pi * (1 - 2 * (y + 0.5) / 2 ** z)))
    px = z0 / 2 ** z * math.cos(lat)
    with open(os.path.join(out, "pgb", "t%04d.sql" % k), "w") as f:
        f.write("\\set z %d\n\\set x %d\n\\set y %d\n\\set tolerance %.9f\n\\set min_size %.9f\n%s"
                % (z, x, y, 0.25 * px, 0.5 * px, sql[c]))
print("tiles: %d bench (z12-z16 x %d collections), %d soak" % (len(bench), len(cols), len(soak)))
PY

wrk_run() { # name connections duration script
  wrk -t2 -c"$2" -d"$3"s --latency -s "$OUT/$4" "$BASE" > "$OUT/wrk-$1.txt" 2>&1 || true
  printf '%-9s ' "$1"; grep -E 'Requests/sec' "$OUT/wrk-$1.txt" | tr -s ' ' | tr '\n' ' '
  printf 'median %s ' "$(awk '/Latency Distribution/{f=1;next} f&&/50%/{print $2; exit}' "$OUT/wrk-$1.txt")"
  printf 'requests %s ' "$(grep -Eo '[0-9]+ requests in' "$OUT/wrk-$1.txt" | cut -d' ' -f1)"
  printf 'non2xx %s ' "$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' "$OUT/wrk-$1.txt" | grep -Eo '[0-9]+$' || echo 0)"
  printf 'socketerrors %s\n' "$(grep -Eo 'Socket errors:.*' "$OUT/wrk-$1.txt" || echo none)"
}
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("${PSQL[@]}" -c 'SELECT version()' | cut -d, -f1), PostGIS $("${PSQL[@]}" -c 'SELECT postgis_lib_version()')"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); data $DATA, jar $JAR, max-features $MAXF"
"${PSQL[@]}" -c "SELECT 'data: ' || (SELECT count(*) FROM parcel) || ' parcels, ' || (SELECT count(*) FROM building) || ' buildings'"

pgb() { # pgbench against the bench database with the values the service binds
  PGPASSWORD="$INFILL_DB_SUPERUSER_PASSWORD" PGOPTIONS="${BENCH_PGOPTIONS--c plan_cache_mode=force_generic_plan}" "$(pg_bindir)/pgbench" -n -h 127.0.0.1 \
    -p "$INFILL_PG_PORT" -U postgres -M prepared -D max_features="$MAXF" -D scenario_id="$SID" \
    -D layer="results-$SLUG" "$@" "$DB"
}
median_ms() { awk '{print $3}' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The JIT first: at the 40-70 tiles/s of uncached tiles, the request path reaches the C2
# compiler's thresholds only after minutes, and until then the C2 thread takes a third to half a
# core from the two PostgreSQL backends (JFR of a run with only the 5 s pass: 0.25 of the
# measured window's CPU in "C2 CompilerThread0", 1 s compiles of Spring's ResolvableType). A
# service that has been up for a while has compiled it; 20 s of empty tiles (thousands of
# requests through the same code) gets it there.
log "uncached: warm the JIT (${BENCH_WARM:-20} s of empty tiles), then the pool's sessions and PostgreSQL's buffers with a short pass of each side"
mapfile -t FILES < <(ls "$OUT"/pgb/t*.sql)
ARGS=(); for f in "${FILES[@]}"; do ARGS+=(-f "$f"); done
wrk_run warm 2 "${BENCH_WARM:-20}" warm.lua
python3 "$ROOT/bench/httpget.py" "$OUT/bench.lua" "$PORT" 2 5 "$OUT/warm-http.log" >/dev/null
pgb -c 2 -j 2 -T 5 "${ARGS[@]}" >/dev/null 2>&1

# Both sides run in alternating slices, so load from other work on the machine falls on both alike.
SLICES=4; SL=$(( (DUR + SLICES - 1) / SLICES ))
log "uncached: $SLICES alternating slices of $SL s: bench/httpget.py -c2 (service) and pgbench -c2 -M prepared (bare SQL)"
SVC_MEDS=(); PGB_MEDS=(); SLICE_RATIOS=()
for k in $(seq 1 $SLICES); do
  printf 'http%-5s %s\n' "$k" "$(python3 "$ROOT/bench/httpget.py" "$OUT/bench.lua" "$PORT" 2 "$SL" "$OUT/http$k.log")"
  sm=$(sort -n "$OUT/http$k.log" | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}')
  rm -f "$OUT"/pgblog.*
  pgb -c 2 -j 2 -T "$SL" -l --log-prefix="$OUT/pgblog" "${ARGS[@]}" > "$OUT/pgbench$k.txt" 2>&1
  cat "$OUT"/pgblog.* >> "$OUT/pgbench-all.log"
  pm=$(median_ms "$OUT"/pgblog.*)
  tps=$(grep -Eo '^tps = [0-9.]+' "$OUT/pgbench$k.txt" | cut -d' ' -f3)
  pmean=$(awk '{s += $3; n++} END {printf "%.2f", s / n / 1000}' "$OUT"/pgblog.*)
  printf 'pgbench%-2s requests %s  tiles/s %.1f  median %s ms  mean %s ms  little %.2f\n' "$k" \
    "$(cat "$OUT"/pgblog.* | wc -l)" "$tps" "$pm" "$pmean" "$(awk -v t="$tps" -v m="$pmean" 'BEGIN{print t * m / 1000}')"
  SVC_MEDS+=("$sm"); PGB_MEDS+=("$pm"); SLICE_RATIOS+=("$(awk -v a="$sm" -v b="$pm" 'BEGIN{printf "%.2f", a/b}')")
done
SVC_MED=$(printf '%s\n' "${SVC_MEDS[@]}" | median); PGB_MED=$(printf '%s\n' "${PGB_MEDS[@]}" | median)
echo "== uncached median (median of the slices' medians): service ${SVC_MED} ms, bare SQL ${PGB_MED} ms, ratio $(awk -v a="$SVC_MED" -v b="$PGB_MED" 'BEGIN{printf "%.2f", a/b}'); per-slice ratios ${SLICE_RATIOS[*]} (target <= 1.25)"

log "paired: one tile at a time (every 10th tile), wrk -c1 vs pgbench -c1, 2 s each, both on a kept-open connection"
PAIRED=()
for f in $(printf '%s\n' "${FILES[@]}" | awk 'NR % 10 == 1'); do
  z=$(awk '/^\\set z /{print $3}' "$f"); x=$(awk '/^\\set x /{print $3}' "$f"); y=$(awk '/^\\set y /{print $3}' "$f")
  c=$(grep -q ':scenario_id' "$f" && echo "results-$SLUG" || echo buildings)
  url="$BASE/tiles/$c/$z/$x/$y.mvt"
  wrk -t1 -c1 -d2s --latency -H 'Accept-Encoding: gzip, deflate, br' "$url" > "$OUT/paired-wrk.txt" 2>&1 || true
  svc=$(awk '/Latency Distribution/{f=1;next} f&&/50%/{print $2; exit}' "$OUT/paired-wrk.txt" | to_ms)
  rm -f "$OUT"/paired.*
  pgb -c 1 -T 2 -l --log-prefix="$OUT/paired" -f "$f" >/dev/null 2>&1
  bare=$(median_ms "$OUT"/paired.*)
  ratio=$(awk -v a="$svc" -v b="$bare" 'BEGIN{printf "%.2f", a / b}')
  PAIRED+=("$ratio")
  printf 'paired    %-16s %-18s service %8s ms  bare %8s ms  ratio %s\n' "$c" "$z/$x/$y" "$svc" "$bare" "$ratio"
done
echo "== paired: median of per-tile ratios $(printf '%s\n' "${PAIRED[@]}" | median) (target <= 1.25)"
stop_service

log "cached: restart with the tile cache, warm it, then wrk -c16 for $DUR s"
start_service
wrk -t2 -c8 -d10s -s "$OUT/bench.lua" "$BASE" >/dev/null 2>&1 || true
wrk_run cached 16 "$DUR" bench.lua
echo "== cached: $(grep -Eo 'Requests/sec: *[0-9.]+' "$OUT/wrk-cached.txt" | grep -Eo '[0-9.]+$') tiles/s (target >= 2000)"
grep -Eo '"/tiles/[^"]+"' "$OUT/bench.lua" | tr -d '"' | while read -r p; do
  printf '%s %s %s\n' "$p" "$(curl -s -o /dev/null -w '%{size_download}' "$BASE$p")" \
    "$(curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$BASE$p")"
done | awk '{split($1, a, "/"); k = a[3] " z" a[4]; n[k]++; s[k] += $2; g[k] += $3; if ($2 > m[k]) m[k] = $2; t += $2; tg += $3; c++}
  END {for (k in n) printf "size      %-22s %3d tiles  mean %8.0f B  max %8d B  gzip mean %8.0f B\n", k, n[k], s[k] / n[k], m[k], g[k] / n[k] | "sort";
       close("sort"); printf "== tile sizes: mean %.0f B, gzip %.0f B (as served from the cache) over %d tiles\n", t / c, tg / c, c}'

log "soak: wrk -c64 for $SOAK s over every z16 tile of three collections"
wrk_run soak64 64 "$SOAK" soak.lua
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== raw output: $OUT"
