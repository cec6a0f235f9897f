#!/usr/bin/env bash
# CityJSON benchmark: the real 3D BAG tile and a large CityJSON made of it (default 200 MB, the tile
# repeated side by side with shifted ids, CityObjects before vertices), each loaded with preset 3dbag
# by the CLI in a fresh JVM at -Xmx256m; prints buildings/s and the peak heap. See docs/benchmarks.md.
# Usage: bench/cityjson.sh [XMX] [MB] [TILE]   (uses the private cluster's database "infill_bench")
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TILE="${3:-$INFILL_HOME/../shared/data/3dbag/3dbag_delft_tile_5910_v210908.city.json}"
[ -f "$TILE" ] || { echo "no 3D BAG tile at $TILE (../shared/data is absent in a fresh clone)" >&2; exit 1; }
db_up "${INFILL_BENCH_DB_NAME:-infill_bench}"
cd "$INFILL_HOME"
bench_classpath
mkdir -p service/target/bench/cityjson
bench_java nl.infill.ingest.bench.CityJsonBenchmark \
  "$INFILL_HOME/service/target/infill-service.jar" "$(realpath "$TILE")" "$INFILL_HOME/service/target/bench/cityjson" \
  "${1:-256m}" "${2:-200}"
