#!/usr/bin/env bash
# kill -9 of a xen-lab build mid-run, then `./telvirt host restore`: starts the lab's image gate
# (QemuXenImageGateIT), waits until the run has made its media domain from the image (the Xen journal holds its
# xl create), waits until the RTP client is sending (its process is in the build's process group) for a few seconds,
# then SIGKILLs Maven, its test JVM and the clients (their
# process group; QEMU daemonized into its own session, as it does under any build). Prints what the kill left (QEMU,
# the lab's network namespace, the Xen journal), runs `./telvirt host restore`, and prints what is left after it.
# Exit 0 when the restore exits 0 and nothing is left. Needs root and the lab's image (the first -Pxen-lab run builds
# it); runs under the machine's benchmark lock.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/gate-runs-common.sh
gate_runs_lock "$0" "$@"

journal=$HOME/.cache/telvirt/xen-journal-xen-lab-image.jsonl
namespace=telvirt-xenlab
log=$(mktemp -d)/build.log
gate_runs_header "kill -9 of the xen-lab image gate mid-run, then ./telvirt host restore" "$log"

leftovers() {
  local qemu
  qemu=$(pgrep -f '^qemu-system-x86_64 .*telvirt' | tr '\n' ' ' || true)
  echo "  QEMU processes: ${qemu:-none}"
  echo "  network namespace $namespace: $(ip netns list | grep -qw "$namespace" && echo present || echo absent)"
  if [[ -f $journal ]]; then
    echo "  Xen journal $journal: $(wc -l <"$journal") step(s): $(grep -o '"kind":"[a-z-]*"' "$journal" | cut -d'"' -f4 | tr '\n' ' ')"
  else
    echo "  Xen journal $journal: absent"
  fi
  [[ -z $qemu && ! -f $journal ]] && ! ip netns list | grep -qw "$namespace"
}

setsid mvn -pl xen-lab -am verify -Pxen-lab -Dtelvirt.unitTests.skip=true -Dit.test=QemuXenImageGateIT >"$log" 2>&1 &
build=$!
deadline=$((SECONDS + 1800))
until [[ -f $journal ]] && grep -q '"kind":"domain-create"' "$journal" && pgrep -g "$build" -f ' rtp-client ' >/dev/null; do
  if ! kill -0 "$build" 2>/dev/null; then
    echo "the build ended before the run made its domain; its log: $log" >&2
    tail -20 "$log" >&2
    exit 3
  fi
  if ((SECONDS > deadline)); then
    kill -TERM -- "-$build"
    echo "no domain made within 30 min; build stopped; its log: $log" >&2
    exit 3
  fi
  sleep 2
done
sleep 5
echo "$(date -u +%T) the run made its domain, tuned it ($(wc -l <"$journal") journaled steps) and its RTP client is sending;" \
  "kill -9 of the build (process group $build):"
grep -E 'xen-lab: |gate|image' "$log" | tail -5 | sed 's/^/  | /'
kill -KILL -- "-$build"
sleep 2
echo "left by the kill:"
if leftovers; then
  echo "nothing was left: the kill did not leave what this script checks" >&2
  exit 1
fi
echo "$(date -u +%T) ./telvirt host restore:"
set +e
./telvirt host restore 2>&1 | sed 's/^/  | /'
restored=${PIPESTATUS[0]}
set -e
echo "restore exit $restored; left after it:"
leftovers && ((restored == 0))
