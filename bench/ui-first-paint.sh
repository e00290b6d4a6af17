#!/usr/bin/env bash
# gateway-service web UI: first paint of the run list with 1,000 runs stored, in real headless Chromium (Debian's
# chromium and chromium-driver), cold and warm, next to the /api/runs call it makes. Prints lines starting with BENCH.
# Usage: bench/ui-first-paint.sh [runs] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl gateway-service -am install -DskipTests
log=gateway-service/target/ui-first-paint-bench.log
# The optimising compiler, as a server runs; the test JVM's usual TieredStopAtLevel=1 is for short test runs.
if ./mvnw -B -pl gateway-service surefire:test -Dtest=RunListPaintBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest.jvm.args="-Xmx384m -XX:+UseSerialGC -Xss512k" \
    -Dbench.runs="${1:-1000}" -Dbench.rounds="${2:-20}" >"$log" 2>&1; then
    grep '^BENCH' "$log"
else
    tail -n 60 "$log"
    echo "benchmark failed; full log in $log" >&2
    exit 1
fi
