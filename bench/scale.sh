#!/usr/bin/env bash
# Scale: apps of the fleet pushed at once through the six real services and the simulated cluster, with one or more
# processes of each worker service: total time, runs per minute, consumer lag over time (lag.csv in the run's
# directory under target/bench/scale/), resident sets and events handled per process (lines starting with BENCH).
# Usage: bench/scale.sh [apps] [instances of each worker service] [time limit, minutes]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./mvnw -q -B -pl e2e -am install -DskipTests
mkdir -p target/bench
log=target/bench/scale.log
# The benchmark's JVM holds the Kubernetes API server, s3proxy and the clients; the services run as processes of
# their own with lean JVMs (Tuning.LEAN_JVM).
if java -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dslipway.root="$root" \
    -cp "$root/e2e/target/classes:$(cat e2e/target/launcher-classpath.txt)" \
    dev.slipway.e2e.bench.ScaleBench "${1:-200}" "${2:-1}" "${3:-60}" >"$log" 2>&1; then
    grep '^BENCH' "$log"
else
    tail -n 60 "$log"
    echo "benchmark failed; full log in $log" >&2
    exit 1
fi
