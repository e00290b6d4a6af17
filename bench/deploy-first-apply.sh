#!/usr/bin/env bash
# deploy-service: chart-published received → recorded in the cluster → first apply, with the
# chart rendered by real Helm from a real registry and applied to the mock API server.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl deploy-service -am install -DskipTests
./mvnw -B -pl deploy-service surefire:test -Dtest=FirstApplyLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    | grep '^chart-published'
