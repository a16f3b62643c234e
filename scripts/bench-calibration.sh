#!/usr/bin/env bash
# Benchmark: how steady the emulated host's calibration is on this machine, and what it costs. ROUNDS times
# (default 3) it calibrates afresh into a file of its own (-Dtelvirt.calibrationFile, the stored calibration
# is left alone) by running the gate, and prints each round's outcome: a logical core's share of a CPU, the
# CPUs busy outside the domains, the work per packet, the check runs and what the last one measured, and the
# calibration's wall time (from its first line to its result). It prints numbers; it never fails on them.
# Runs under flock /tmp/telvirt-bench.lock, so no two heavy runs on this machine overlap.
#   ROUNDS=3 MVN_ARGS="-o" scripts/bench-calibration.sh
set -euo pipefail

source "$(dirname "$0")/gate-runs-common.sh"
gate_runs_lock "$0" "$@"
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
read -r -a MVN_ARGS <<<"${MVN_ARGS:--o}"
OUT=$PWD/experiment-suites/target/bench-calibration/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
gate_runs_header "$ROUNDS rounds" "$OUT"
for ((round = 1; round <= ROUNDS; round++)); do
    file="$OUT/calibration-$round.json"
    log="$OUT/round-$round.log"
    set +e
    mvn "${MVN_ARGS[@]}" verify -Pgate -pl experiment-suites -Dtelvirt.calibrationFile="$file" "$@" \
        2>&1 | while IFS= read -r line; do printf '%(%s)T %s\n' -1 "$line"; done >"$log"
    set -e
    first=$(grep -m1 'telvirt: calibrating' "$log" | cut -d' ' -f1)
    last=$(grep -m1 'telvirt: calibration (' "$log" | cut -d' ' -f1)
    checks=$(grep -c 'telvirt: calibration check' "$log" || true)
    if [[ -z "$last" ]]; then
        printf 'round %d: no calibration: %s\n' "$round" "$(grep -m1 -o 'cannot be calibrated[^"]*' "$log" | cut -c1-160)"
        continue
    fi
    python3 - "$file" "$round" "$checks" "$((last - first))" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print(f"round {sys.argv[2]}: logical core {c['cpuPerLogicalCore']:.2f} CPU, outside {c['outsideCpus']:.2f} CPUs,"
      f" relay {c['relayMicrosPerPacket']:.1f}+{c['dom0WorkMicros']} us, media {c['mediaMicrosPerPacket']:.1f}"
      f"+{c['mediaGuestWorkMicros']} us, {sys.argv[3]} check(s): Dom0 {c['dom0Cores']:.2f} cores,"
      f" Media VM {c['mediaCores']:.2f}; {sys.argv[4]} s")
PY
done
