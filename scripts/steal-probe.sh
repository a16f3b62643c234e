#!/usr/bin/env bash
# How much steal this machine's hypervisor charges, for loads that never halt and for loads that sleep and wake, with
# the guest's halt polling off and on (docs/emulated-host.md, "A disturbed host"). Needs root (it writes the haltpoll
# parameter and puts the machine's own value back), gcc, and the machine to itself: run it under the benchmark lock.
#   ROUNDS=3 SECONDS_EACH=5 scripts/steal-probe.sh
set -euo pipefail
cd "$(dirname "$0")/steal-probe"
rounds=${ROUNDS:-2}
seconds=${SECONDS_EACH:-5}
parameter=/sys/module/haltpoll/parameters/guest_halt_poll_ns
build=$(mktemp -d)
trap 'rm -rf "$build"; [[ -n ${original:-} ]] && echo "$original" > "$parameter"' EXIT
gcc -O2 -o "$build/pingpong" pingpong.c
gcc -O2 -o "$build/sleeper" sleeper.c

# steal and idle in percent of all CPU time while the command runs, from /proc/stat's first line
measure() {
  local label=$1; shift
  local before after
  before=$(grep '^cpu ' /proc/stat)
  local output; output=$("$@")
  after=$(grep '^cpu ' /proc/stat)
  awk -v label="$label" -v output="$output" -v before="$before" -v after="$after" 'BEGIN {
    split(before, b); split(after, a); total = 0
    for (i = 2; i <= 9; i++) total += a[i] - b[i]
    printf "%-36s steal %6.2f %%  idle %5.1f %%  %s\n", label, 100 * (a[9] - b[9]) / total, 100 * (a[5] - b[5]) / total, output
  }'
}

busy() { for _ in 1 2; do timeout "$seconds" sh -c 'while :; do :; done' & done; wait; }

if [[ -f $parameter ]]; then
  original=$(<"$parameter")
  settings=(0 200000)
else
  echo "no $parameter: not a KVM guest with the haltpoll driver; measuring the machine as it is"
  settings=(as-is)
fi
for ((round = 1; round <= rounds; round++)); do
  measure "round $round busy loops (never halt)" busy
  for poll in "${settings[@]}"; do
    [[ $poll != as-is ]] && echo "$poll" > "$parameter"
    measure "round $round poll $poll, ping-pong" "$build/pingpong" "$seconds"
    measure "round $round poll $poll, 2 x sleep 20us" "$build/sleeper" "$seconds" 20
  done
done
