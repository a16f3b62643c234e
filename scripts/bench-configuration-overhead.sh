#!/usr/bin/env bash
# Benchmark: what a configuration costs beyond its warm-up and measured seconds, at each of several commits,
# measured one after the other on this machine. It prints numbers; it never fails on them.
#   scripts/bench-configuration-overhead.sh [COMMIT...]      (default: main HEAD)
# For each commit it checks the commit out into a temporary worktree, runs one figure there
# (SUITE, default Figure06WeightsIT, with the suites' 6 measured + 2 warm-up seconds) and reads the figure's
# wall time from failsafe's report: per configuration, wall time / configurations - (seconds + warm-up).
# The figure's wall time includes booting and shutting down whatever a figure keeps running, so that cost
# is spread over its configurations. Each commit's results stay in /tmp/telvirt-bench-results-<commit>. Runs under flock /tmp/telvirt-bench.lock, so no two heavy runs on this
# machine overlap. Environment: SUITE, PROFILE (default mixed-workload), SECONDS_MEASURED (6), WARMUP (2),
# MAVEN_EXTRA (more Maven arguments for every commit, e.g. -Dtelvirt.calibrationFile=F to give both the same
# emulated-host calibration).
set -euo pipefail

LOCK=/tmp/telvirt-bench.lock
if [[ "${TELVIRT_BENCH_LOCKED:-}" != 1 ]]; then
    echo "waiting for $LOCK ..." >&2
    exec env TELVIRT_BENCH_LOCKED=1 flock "$LOCK" "$0" "$@"
fi

SUITE=${SUITE:-Figure06WeightsIT}
PROFILE=${PROFILE:-mixed-workload}
SECONDS_MEASURED=${SECONDS_MEASURED:-6}
WARMUP=${WARMUP:-2}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
commits=("$@")
((${#commits[@]} > 0)) || commits=(main HEAD)

results=()
for commit in "${commits[@]}"; do
    sha=$(git -C "$repo" rev-parse --short "$commit")
    tree=$(mktemp -d /tmp/telvirt-bench-XXXXXX)
    git -C "$repo" worktree add --detach "$tree" "$sha" >/dev/null
    log=/tmp/telvirt-bench-overhead-$sha.log
    echo "== $commit ($sha): $SUITE in $tree, log $log" >&2
    started=$(date +%s)
    (cd "$tree" && mvn -o -B verify -P"$PROFILE" -pl experiment-suites -am -Dit.test="$SUITE" \
        -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtelvirt.seconds="$SECONDS_MEASURED" -Dtelvirt.warmupSeconds="$WARMUP" ${MAVEN_EXTRA:-} >"$log" 2>&1) || true
    ended=$(date +%s)
    report=$(ls "$tree"/experiment-suites/target/failsafe-reports/TEST-*"$SUITE".xml 2>/dev/null || true)
    if [[ -z "$report" ]]; then
        results+=("$commit ($sha): no failsafe report; see $log")
    else
        results+=("$(python3 - "$report" "$commit ($sha)" "$SECONDS_MEASURED" "$WARMUP" "$((ended - started))" <<'EOF'
import sys
import xml.etree.ElementTree as ET
report, label, measured, warmup, maven = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
suite = ET.parse(report).getroot()
cases = suite.findall("testcase")
failed = sum(1 for case in cases if case.find("failure") is not None or case.find("error") is not None)
skipped = sum(1 for case in cases if case.find("skipped") is not None)
wall = float(suite.get("time"))
per_case = sorted(float(case.get("time")) for case in cases)
median = per_case[len(per_case) // 2]
print(f"{label}: {len(cases)} configurations ({failed} failed, {skipped} skipped) in {wall:.1f} s"
      f" (maven {maven} s): {wall / len(cases):.2f} s per configuration,"
      f" overhead {wall / len(cases) - measured - warmup:.2f} s beyond {warmup} + {measured} s;"
      f" per test median {median:.2f} s, first {float(cases[0].get('time')):.2f} s")
EOF
)")
    fi
    rm -rf "/tmp/telvirt-bench-results-$sha" && cp -r "$tree/experiment-suites/target/telvirt" \
        "/tmp/telvirt-bench-results-$sha" 2>/dev/null || true
    git -C "$repo" worktree remove --force "$tree"
done
printf '%s\n' "${results[@]}"
