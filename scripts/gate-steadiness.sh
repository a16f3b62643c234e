#!/usr/bin/env bash
# How steady the release gate is: runs `mvn verify -Pgate` RUNS times back to back (default 20) on the
# selected host and prints, per run, its exit code (0 pass, 1 SLO not met, 3 infrastructure error such
# as "host disturbed"), loss, p99 and wall time, then the pass count. It measures and prints; it never
# fails on the numbers. The gate's own criterion (issue 21): at least 19 of 20 on a quiet machine.
# Runs under flock /tmp/telvirt-bench.lock so it never overlaps another measurement.
#   RUNS=20 MVN_ARGS="-o" scripts/gate-steadiness.sh [extra mvn arguments, e.g. -Dtelvirt.host=emulated]
set -euo pipefail

source "$(dirname "$0")/gate-runs-common.sh"
gate_runs_lock "$0" "$@"
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
read -r -a MVN_ARGS <<<"${MVN_ARGS:--o}"
OUT=experiment-suites/target/gate-steadiness/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
gate_runs_header "$RUNS runs" "$OUT"
passed=0
for ((run = 1; run <= RUNS; run++)); do
    started=$(date +%s)
    set +e
    mvn "${MVN_ARGS[@]}" verify -Pgate -pl experiment-suites "$@" >"$OUT/run-$run.log" 2>&1
    set -e
    seconds=$(($(date +%s) - started))
    code=$(cat experiment-suites/target/telvirt/exit-code 2>/dev/null || echo 4)
    headline=$(grep -ho '[0-9]* streams, loss [0-9.]* %, p50 [^,]*, p99 [^ ]* [a-z]*' "$OUT/run-$run.log" | tail -1 || true)
    reason=$(grep -ho 'host disturbed:[^"]*' "$OUT/run-$run.log" | head -1 | cut -c1-160 || true)
    ((code == 0)) && passed=$((passed + 1))
    printf 'run %2d: exit %s, %3d s, %s %s\n' "$run" "$code" "$seconds" "${headline:-no measurement}" "$reason"
done
echo "passed $passed of $RUNS"
