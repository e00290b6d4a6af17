#!/usr/bin/env bash
# Full image build against a code-only rebuild, through build-service's whole stage against a
# real registry. Prints the medians and their ratio (lines starting with BENCH).
# Usage: bench/build-rebuild.sh [rounds] [dependency MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl build-service -am install -DskipTests -Dformat.formatter.goal=validate
./mvnw -B -pl build-service surefire:test -Dtest=RebuildBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.rounds="${1:-7}" -Dbench.dependencyMiB="${2:-24}" | grep '^BENCH'
