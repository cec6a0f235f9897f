#!/usr/bin/env bash
# OGC's executable test suite (ETS) for OGC API - Features 1.0, with Part 2 (CRS by reference),
# against a running Infill: prints the passed/failed/skipped counts of TestNG and each failing
# assertion with its message. Exit 0 when nothing failed, 1 when something did, 2 on wrong usage.
#
# Usage: scripts/ets.sh [LANDING_PAGE_URL]
#   LANDING_PAGE_URL  default http://localhost:${SERVER_PORT:-8080}/ogc (start the service first,
#                     e.g. ./infill run, or SERVER_PORT=18455 ./infill run)
# Environment:
#   ETS_JAR          the all-in-one jar (default .infill/ets/ets-ogcapi-features10-1.9-aio.jar)
#   ETS_COLLECTIONS  collections to test, -1 for all (default -1, as the 1,088-assertion run)
#   ETS_OUT          where TestNG writes its results (default a new directory under /tmp, kept)
#
# The jar: OGC publishes the ETS through TEAM Engine and GitHub, and Maven Central has no
# org.opengis.cite:ets-ogcapi-features10 artifact (checked 2026-12-02: no version of it resolves,
# while its parent org.opengis.cite:ets-common:14 and teamengine-spi:6.0.0-RC2 do). So it is built
# from its source, tag 1.9 of github.com/opengeospatial/ets-ogcapi-features10 (Java 17):
#   git clone --branch 1.9 https://github.com/opengeospatial/ets-ogcapi-features10 && cd ets-ogcapi-features10
#   mvn -B -DskipTests -Denforcer.skip=true package     # enforcer wants Maven 3.9; 3.8.7 builds it fine
#   cp target/ets-ogcapi-features10-1.9-aio.jar "$INFILL_HOME/.infill/ets/"
# Build from a git checkout, not an exported tree: its buildnumber-maven-plugin runs `git log`
# and fails the build outside a repository.
# This script first tries Maven Central anyway, in case the artifact appears there.
set -euo pipefail
INFILL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=1.9

if [ $# -gt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
IUT="${1:-http://localhost:${SERVER_PORT:-8080}/ogc}"
JAR="${ETS_JAR:-$INFILL_HOME/.infill/ets/ets-ogcapi-features10-$VERSION-aio.jar}"
OUT="${ETS_OUT:-$(mktemp -d /tmp/infill-ets.XXXXXX)}"

if [ ! -f "$JAR" ]; then
  mkdir -p "$(dirname "$JAR")"
  if ! mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="org.opengis.cite:ets-ogcapi-features10:$VERSION:jar:aio" \
      -DoutputDirectory="$(dirname "$JAR")" >/dev/null 2>&1 || [ ! -f "$JAR" ]; then
    echo "ets: no ETS jar at $JAR and none on Maven Central; build it from its source (see the" \
      "comment at the top of scripts/ets.sh) or point ETS_JAR at one" >&2
    exit 1
  fi
fi
if ! curl -sf -o /dev/null "$IUT"; then
  echo "ets: $IUT does not answer; start the service first (./infill run)" >&2
  exit 1
fi

mkdir -p "$OUT"
# No DOCTYPE: the ETS would fetch java.sun.com's properties.dtd, and it needs no network otherwise.
cat >"$OUT/test-run-props.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<properties version="1.0">
  <entry key="iut">$IUT</entry>
  <entry key="noofcollections">${ETS_COLLECTIONS:--1}</entry>
</properties>
XML
start=$(date +%s)
# The ETS logs every request at INFO; its results are in testng-results.xml.
java ${ETS_JAVA_OPTS:-} -jar "$JAR" -o "$OUT" "$OUT/test-run-props.xml" >"$OUT/ets.log" 2>&1 || true
seconds=$(( $(date +%s) - start ))
RESULTS=$(find "$OUT" -name testng-results.xml | head -1)
if [ -z "$RESULTS" ]; then
  echo "ets: the suite wrote no testng-results.xml; its log: $OUT/ets.log" >&2
  tail -20 "$OUT/ets.log" >&2
  exit 1
fi

python3 - "$RESULTS" "$IUT" "$seconds" <<'PY'
import sys
import xml.etree.ElementTree as ET
results, iut, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
root = ET.parse(results).getroot()
counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
failures = []
for m in root.iter("test-method"):
    if m.get("is-config") == "true":
        # a failing @Before/@After is a failure too: it stops the tests after it
        if m.get("status") == "FAIL":
            counts["FAIL"] += 1
            failures.append(m)
        continue
    counts[m.get("status")] = counts.get(m.get("status"), 0) + 1
    if m.get("status") == "FAIL":
        failures.append(m)
print(f"ETS ogcapi-features10 against {iut} ({seconds} s)")
for m in failures:
    msg = m.find("exception/message")
    text = (msg.text or "").strip().replace("\n", " ") if msg is not None else ""
    params = [p.text.strip() for p in m.iter("value") if p.text and p.text.strip()]
    where = f" [{', '.join(params)[:160]}]" if params else ""
    print(f"FAILED {m.get('name')}{where}: {text[:600]}")
print(f"ets: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
print(f"results: {results}")
sys.exit(1 if counts["FAIL"] else 0)
PY
