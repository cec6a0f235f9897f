#!/usr/bin/env bash
# Bounded load test on loopback (docs/benchmarks.md): 64 connections of mixed reads
# (vector tiles, OGC items, parcel detail) for 60 s with wrk, while a scenario run and a data load
# happen. Passes when there is no 5xx, the run finished, the reload kept exactly the rows it was
# given, and the other layers' counts did not move.
#
# Needs a running service with the sample city (./infill run in another terminal) and an editor:
#   BENCH_USER=editor BENCH_PASSWORD=... bench/load.sh [http://127.0.0.1:8080]
# Options (env): BENCH_CONNECTIONS (64), BENCH_DURATION (60s), BENCH_SCENARIO (first scenario),
#   BENCH_LOAD_LAYER (amenities: reloaded from its own GeoJSON export).
set -euo pipefail

BASE="${1:-http://127.0.0.1:8080}"
case "$BASE" in http://127.0.0.1*|http://localhost*) ;; *) echo "loopback only: $BASE" >&2; exit 2;; esac
: "${BENCH_USER:?set BENCH_USER (an editor)}" "${BENCH_PASSWORD:?set BENCH_PASSWORD}"
CONN="${BENCH_CONNECTIONS:-64}"
DUR="${BENCH_DURATION:-60s}"
LAYER="${BENCH_LOAD_LAYER:-amenities}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; [ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null || true' EXIT
AUTH=(-u "$BENCH_USER:$BENCH_PASSWORD")
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 2; }

counts() { curl -fsS "$BASE/api/layers" | jq -r 'map("\(.id)=\(.featureCount)") | join(" ")'; }

SCENARIO="${BENCH_SCENARIO:-$(curl -fsS "$BASE/api/scenarios" | jq -r '.[0].slug')}"
echo "scenario: $SCENARIO, load layer: $LAYER"

# Paths: tiles over the city extent at z14-16, OGC item pages, parcel detail for known parcels.
curl -fsS "$BASE/ogc/collections/parcels/items?limit=200" > "$WORK/parcels.json"
jq -r '.features[].id' "$WORK/parcels.json" > "$WORK/ids"
TILEJSON=$(curl -fsS "$BASE/tiles/parcels.json")
TILE_URL=$(jq -r '.tiles[0]' <<<"$TILEJSON" | sed "s#^https\?://[^/]*##")
read -r W S E N < <(jq -r '.bounds | map(tostring) | join(" ")' <<<"$TILEJSON")
python3 "$HERE/read-paths.py" "$W" "$S" "$E" "$N" "$TILE_URL" "$SCENARIO" "$WORK/ids" > "$WORK/paths"
echo "paths: $(wc -l < "$WORK/paths")"

BEFORE=$(counts); echo "before: $BEFORE"
curl -fsS "$BASE/api/export/$LAYER?format=geojson" > "$WORK/reload.geojson"
EXPECTED=$(jq '.features | length' "$WORK/reload.geojson")

# The writes, started a few seconds into the read load.
(
  sleep 5
  curl -sS "${AUTH[@]}" -o "$WORK/run.json" -D "$WORK/run.headers" -X POST "$BASE/api/scenarios/$SCENARIO/runs"
  curl -sS "${AUTH[@]}" -o "$WORK/load.json" -w '%{http_code}' -F "file=@$WORK/reload.geojson" \
    "$BASE/api/layers/$LAYER/loads" > "$WORK/load.status"
) & LOAD_PID=$!

BENCH_PATHS="$WORK/paths" wrk -t2 -c"$CONN" -d"$DUR" --timeout 10s -s "$HERE/mixed-reads.lua" "$BASE" | tee "$WORK/wrk.out"
wait "$LOAD_PID"; LOAD_PID=""

RUN=$(grep -i '^location:' "$WORK/run.headers" | tr -d '\r' | awk '{print $2}')
for _ in $(seq 1 120); do
  STATUS=$(curl -fsS "$BASE$RUN" | jq -r .status)
  case "$STATUS" in succeeded|failed|SUCCEEDED|FAILED|done|DONE) break;; esac
  sleep 1
done
AFTER=$(counts); echo "after:  $AFTER"
LOADED=$(tr ' ' '\n' <<<"$AFTER" | grep "^$LAYER=" | cut -d= -f2)
FIVEXX=$(grep -o '5xx=[0-9]*' "$WORK/wrk.out" | cut -d= -f2)

fail=0
[ "$FIVEXX" = 0 ] || { echo "FAIL: $FIVEXX answers were 5xx"; fail=1; }
[ "$(cat "$WORK/load.status")" = 201 ] || { echo "FAIL: load answered $(cat "$WORK/load.status"): $(cat "$WORK/load.json")"; fail=1; }
[ "$LOADED" = "$EXPECTED" ] || { echo "FAIL: $LAYER has $LOADED rows, loaded $EXPECTED"; fail=1; }
[ "$(tr ' ' '\n' <<<"$BEFORE" | grep -v "^$LAYER=")" = "$(tr ' ' '\n' <<<"$AFTER" | grep -v "^$LAYER=")" ] \
  || { echo "FAIL: other layers' counts changed"; fail=1; }
case "$STATUS" in succeeded|SUCCEEDED|done|DONE) ;; *) echo "FAIL: run $RUN ended $STATUS"; fail=1;; esac
echo "run: $RUN $STATUS; load: $LAYER $LOADED/$EXPECTED rows"
[ $fail = 0 ] && echo "PASS"
exit $fail
