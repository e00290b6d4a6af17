#!/usr/bin/env bash
# gateway-service: signed GitHub pushes from concurrent clients over loopback against a real PostgreSQL and Kafka,
# next to the same clients asking the same server for /q/health/live; then how long the outbox relay takes to put
# every accepted push on commit-pushed. Prints lines starting with BENCH.
# Usage: bench/webhook-intake.sh [deliveries] [concurrent clients] [repositories]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl gateway-service -am install -DskipTests
# The test JVM's usual -XX:TieredStopAtLevel=1 keeps short test runs cheap; a server under load runs with the
# optimising compiler, so the benchmark does too.
log=gateway-service/target/webhook-intake-bench.log
if ./mvnw -B -pl gateway-service surefire:test -Dtest=WebhookIntakeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest.jvm.args="-Xmx384m -XX:+UseSerialGC -Xss512k" \
    -Dbench.deliveries="${1:-2000}" -Dbench.concurrency="${2:-16}" -Dbench.repositories="${3:-50}" >"$log" 2>&1; then
    grep '^BENCH' "$log"
else
    tail -n 60 "$log"
    echo "benchmark failed; full log in $log" >&2
    exit 1
fi
