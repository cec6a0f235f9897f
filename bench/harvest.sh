#!/usr/bin/env bash
# Harvest benchmark: N generated buildings loaded from a GeoJSON file and harvested from a local
# OGC API - Features server (pages of 1,000), in a fresh CLI JVM and in a running service, plus the
# service harvesting its own /ogc; prints both speeds, their ratio and the peak heap. Target: the
# harvest at least half as fast as the file load, with -Xmx256m. See docs/benchmarks.md.
# Usage: bench/harvest.sh [XMX] [N]   (uses the private cluster's database "infill_bench")
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
db_up "${INFILL_BENCH_DB_NAME:-infill_bench}"
cd "$INFILL_HOME"
bench_classpath
mkdir -p service/target/bench/harvest
bench_java nl.infill.ingest.bench.HarvestBenchmark \
  "$INFILL_HOME/service/target/infill-service.jar" "$INFILL_HOME/service/target/bench/harvest" \
  "${1:-256m}" "${2:-100000}"
