#!/usr/bin/env bash
# Cost of a map tile touching one many-vertex feature (issue 13 item 9), for the per-feature
# vertex limit (infill.ingest.max-vertices, default 100,000) in docs/security.md.
#
#   bench/vertex-tile.sh [VERTICES...]      # default: 10000 100000 1000000
#   BENCH_NOISE=0 bench/vertex-tile.sh ...  # a smooth circle (default 4: +-2 m spikes, the worst case)
#
# In a temporary table of the private PostGIS (nothing persistent is written): one polygon in
# Zoetermeer (RD) of N vertices on a 500 m circle with +-2 m seeded radial noise (so that
# simplification cannot drop most of them; radial, so the ring stays simple and valid), then the parcels tile statement (service/src/main/resources/sql/tiles/
# parcels.sql: simplify at the zoom's tolerance, transform to 3857, ST_AsMVTGeom, ST_AsMVT) for the
# z14 and z16 tiles over its boundary, 5 times each after one warm-up; prints the median in ms.
# Tolerances as TileService computes them for 4096 extent (half a pixel in RD metres at 52 N).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=$(cat .infill/port)
export PGPASSWORD=$(cat .infill/app.pass)
DB=${BENCH_DB:-infill_test}
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
echo "vertex-tile: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(psql -h localhost -p "$PORT" -U infill -d "$DB" -Atc 'SELECT postgis_lib_version()') PostGIS"
for n in "${sizes[@]}"; do
psql -q -h localhost -p "$PORT" -U infill -d "$DB" -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = notice;
SELECT setseed(0.13);
CREATE TEMP TABLE big AS
SELECT 1 AS id, ST_MakePolygon(ST_AddPoint(l, ST_StartPoint(l))) AS geom FROM (
  SELECT ST_MakeLine(ST_MakePoint(92000 + r * cos(2 * pi() * i / $n), 451000 + r * sin(2 * pi() * i / $n)) ORDER BY i) AS l
    FROM (SELECT i, 500 + ${BENCH_NOISE:-4} * (random() - 0.5) AS r FROM generate_series(0, $n - 2) i) v) s;
UPDATE big SET geom = ST_SetSRID(geom, 28992);
DO \$\$
DECLARE
  z int; tol float8; xy record; t0 timestamptz; ms float8[]; b bytea;
BEGIN
  FOREACH z IN ARRAY ARRAY[14, 16] LOOP
    tol := 0.5 * 40075016.686 / (2 ^ z) / 4096 * cos(radians(52));
    -- the tile over the circle's east edge (92500, 451000)
    SELECT floor((ST_X(p) + 20037508.34) / (40075016.686 / 2 ^ z))::int AS x,
           floor((20037508.34 - ST_Y(p)) / (40075016.686 / 2 ^ z))::int AS y INTO xy
      FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(92500, 451000), 28992), 3857) p) q;
    ms := ARRAY[]::float8[];
    FOR i IN 0..5 LOOP
      t0 := clock_timestamp();
      SELECT ST_AsMVT(f, 'parcels', 4096, 'geom', 'fid') INTO b FROM (
        SELECT t.id AS fid, ST_AsMVTGeom(ST_Transform(ST_SimplifyPreserveTopology(t.geom, tol), 3857),
               ST_TileEnvelope(z, xy.x, xy.y), 4096, 64, true) AS geom
          FROM big t WHERE t.geom && ST_Transform(ST_TileEnvelope(z, xy.x, xy.y, margin => 0.015625), 28992)) f;
      IF i > 0 THEN ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000; END IF;
    END LOOP;
    RAISE NOTICE '% vertices, z% tile %/%: median % ms (runs: %), tile % bytes', $n, z, xy.x, xy.y,
      round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM unnest(ms) v)::numeric, 1),
      (SELECT string_agg(round(v::numeric, 0)::text, ' ') FROM unnest(ms) v), length(b);
  END LOOP;
END
\$\$;
SQL
done
