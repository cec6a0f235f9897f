#!/usr/bin/env bash
# Harvest benchmark: N generated buildings loaded from a GeoJSON file and harvested from a local
# OGC API - Features server (pages of 1,000), in a fresh CLI JVM and in a running service, plus the
# service harvesting its own /ogc; prints both speeds, their ratio and the peak heap. Target: the
# harvest at least half as fast as the file load, with -Xmx256m. See docs/benchmarks.md.
# Usage: bench/harvest.sh [XMX] [N]   (uses the private cluster's database "infill_bench")
set -euo pipefail
INFILL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFILL_HOME
. "$INFILL_HOME/scripts/postgis.sh"
db_up "${INFILL_BENCH_DB_NAME:-infill_bench}"
cd "$INFILL_HOME"
mvn -B -q -DskipTests package
mvn -B -q -pl service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p service/target/bench/harvest
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.ingest.bench.HarvestBenchmark \
  "$INFILL_HOME/service/target/infill-service.jar" "$INFILL_HOME/service/target/bench/harvest" \
  "${1:-256m}" "${2:-100000}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
