#!/usr/bin/env bash
# backup-service: backup and restore throughput (MB/s) through Slipway's path (pg_dump, SHA-256,
# AES-256-GCM, S3 multipart upload to s3proxy; download, decrypt, pg_restore) against plain
# pg_dump / pg_restore on the same database, with the ratios (lines starting with BENCH).
# The test JVM runs with the full JIT here (the test suite's JVMs stop at C1 to start faster).
# Usage: bench/backup-throughput.sh [rounds] [payload rows of 256 random hex characters]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl backup-service -am install -DskipTests
./mvnw -B -pl backup-service surefire:test -Dtest=ThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.rounds="${1:-3}" -Dbench.rows="${2:-200000}" -Dtest.jvm.args="-Xmx384m -XX:+UseSerialGC" \
    | grep '^BENCH'
