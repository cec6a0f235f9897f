#!/usr/bin/env bash
# Failed sign-in time, known vs unknown account name (issue 13 item 4): prints medians for docs/security.md.
#
#   bench/signin-timing.sh [TRIES=50] [BCRYPT_COST=12]
#
# Runs nl.infill.system.security.bench.SignInTimingBench: the service's own authentication
# (DaoAuthenticationProvider over VerifiedPasswords/BCrypt and the user lookup), once with Spring's
# plain user lookup (before) and once with ConstantTimeUsers (after), tries interleaved. No
# database and no HTTP: what differs between the two names is only this step. Run it under the
# shared bench lock on a shared machine: flock -o /tmp/infill-bench.lock bench/signin-timing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)" \
  nl.infill.system.security.bench.SignInTimingBench "${1:-50}" "${2:-12}"
