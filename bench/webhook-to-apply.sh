#!/usr/bin/env bash
# Webhook accepted (the gateway's 202) -> first object applied in staging, through the six real services and the simulated
# cluster, for a trivial app (one file in an image from scratch, rolling, no canary, backup or secrets): median and
# p95, and the stages between (lines starting with BENCH).
# Usage: bench/webhook-to-apply.sh [runs] [warm-up runs]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./mvnw -q -B -pl e2e -am install -DskipTests
mkdir -p target/bench
log=target/bench/webhook-to-apply.log
# The benchmark's JVM holds the Kubernetes API server, s3proxy and the clients; the services run as processes of
# their own with lean JVMs (Tuning.LEAN_JVM).
if java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dslipway.root="$root" \
    -cp "$root/e2e/target/classes:$(cat e2e/target/launcher-classpath.txt)" \
    dev.slipway.e2e.bench.WebhookToApplyBench "${1:-50}" "${2:-3}" >"$log" 2>&1; then
    grep '^BENCH' "$log"
else
    tail -n 60 "$log"
    echo "benchmark failed; full log in $log" >&2
    exit 1
fi
