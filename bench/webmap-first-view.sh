#!/usr/bin/env bash
# First interactive view of the web map in headless Chromium (see docs/benchmarks.md).
# Usage: bench/webmap-first-view.sh [URL (default http://localhost:8080/)] [RUNS (default 10)]
# Needs a running service (./infill run) and Debian chromium + chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
# -am builds web-map and data too; each module writes its classpath to its own target/bench.classpath
mvn -B -q -pl service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.webmap.bench.FirstViewBenchmark "${1:-http://localhost:8080/}" "${2:-10}"
