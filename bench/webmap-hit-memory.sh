#!/usr/bin/env bash
# Click hit-testing (right parcel at a fractional zoom, handler time) and JS heap after panning, in
# headless Chromium (see docs/benchmarks.md). Usage: bench/webmap-hit-memory.sh [URL] [CLICKS (default 40)] [ZOOM (default 16.5)]
# URL default: http://localhost:8080/#map=16/52.05800/4.49300&layers=score&scenario=default. Needs a running service (./infill run) and Debian chromium + chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.webmap.bench.HitMemoryBenchmark "${1:-http://localhost:8080/#map=16/52.05800/4.49300&layers=score&scenario=default}" "${2:-40}" "${3:-16.5}"
