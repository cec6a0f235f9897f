#!/usr/bin/env bash
# Where the web map spends its time: a Chromium CPU profile of the first view or of 20 slider
# changes, printed as the functions with the most self time (see docs/benchmarks.md). Profiling
# slows the page: the figures to compare with targets come from webmap-first-view.sh and
# webmap-reweight.sh. Usage: bench/webmap-profile.sh first-view|reweight|timeline [URL]
# Needs a running service (./infill run) and Debian chromium + chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.webmap.bench.WebMapProfile "${1:-reweight}" ${2:+"$2"}
