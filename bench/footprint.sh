#!/usr/bin/env bash
# Each service's start-up time to ready and resident set (VmRSS) at rest, started alone, then the six together
# (lines starting with BENCH). The resident sets under load are sampled by bench/scale.sh.
# Usage: bench/footprint.sh [seconds at rest]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./mvnw -q -B -pl e2e -am install -DskipTests
mkdir -p target/bench
log=target/bench/footprint.log
# The benchmark's JVM holds the Kubernetes API server, s3proxy and the clients; the services run as processes of
# their own with lean JVMs (Tuning.LEAN_JVM).
if java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dslipway.root="$root" \
    -cp "$root/e2e/target/classes:$(cat e2e/target/launcher-classpath.txt)" \
    dev.slipway.e2e.bench.FootprintBench "${1:-20}" >"$log" 2>&1; then
    grep '^BENCH' "$log"
else
    tail -n 60 "$log"
    echo "benchmark failed; full log in $log" >&2
    exit 1
fi
