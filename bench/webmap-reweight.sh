#!/usr/bin/env bash
# Live re-weighting: repaint time of 50 weight-slider changes at zoom 16 in headless Chromium
# (see docs/benchmarks.md). Usage: bench/webmap-reweight.sh [URL] [CHANGES (default 50)]
# URL default: http://localhost:8080/#map=16/52.05800/4.49300&layers=score (a full screen of the
# sample city's parcels). Needs a running service (./infill run) and Debian chromium + chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.webmap.bench.ReweightBenchmark "${1:-http://localhost:8080/#map=16/52.05800/4.49300&layers=score}" "${2:-50}"
