#!/usr/bin/env bash
# Load benchmark: our loader (CLI, -Xmx256m) against ogr2ogr -f PostgreSQL on the OSM buildings
# of Zoetermeer (57,607) and a generated 1,000,000-building GeoPackage. See docs/benchmarks.md.
# Usage: bench/ingest.sh [XMX]   (uses the private cluster's database "infill_bench")
set -euo pipefail
INFILL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME
. "$INFILL_HOME/scripts/postgis.sh"
ensure_test_tools   # ogr2ogr (gdal-bin) is the yardstick
db_up "${INFILL_BENCH_DB_NAME:-infill_bench}"
cd "$INFILL_HOME"
mvn -B -q -DskipTests package
mvn -B -q -pl service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p service/target/bench
java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.ingest.bench.IngestBenchmark \
  "$INFILL_HOME/service/target/infill-service.jar" \
  "$INFILL_HOME/../shared/data/zoetermeer/osm_zoetermeer_2021_rd.gpkg" \
  "$INFILL_HOME/service/target/bench/buildings-1m.gpkg" \
  "$INFILL_HOME/service/target/bench" "${1:-256m}"
