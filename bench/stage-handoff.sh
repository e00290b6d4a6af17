#!/usr/bin/env bash
# Stage handoff: emit in one stage -> handler start in the next, through a real service (chart-service, a process of
# its own, taking image-built), against plain kafka-clients produce -> consume on the same broker in the same run with
# the same record (CloudEvents binary headers, JSON string value, keyed by the application). Prints p50, p99 and their
# ratios (lines starting with BENCH).
# Usage: bench/stage-handoff.sh [events] [warm-up events] [pause between events, ms]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./mvnw -q -B -pl e2e -am install -DskipTests
mkdir -p target/bench
log=target/bench/stage-handoff.log
# The benchmark's JVM plays build-service and the baseline's clients; the full JIT, as a server runs.
if java -Xmx384m -XX:+UseSerialGC -Dslipway.root="$root" \
    -cp "$root/e2e/target/classes:$(cat e2e/target/launcher-classpath.txt)" \
    dev.slipway.e2e.bench.StageHandoffBench "${1:-500}" "${2:-50}" "${3:-20}" >"$log" 2>&1; then
    grep '^BENCH' "$log"
else
    tail -n 60 "$log"
    echo "benchmark failed; full log in $log" >&2
    exit 1
fi
