#!/usr/bin/env bash
# Benchmark of the media workload on loopback. It measures and prints numbers; it never fails on them.
#   0. host-jitter: how punctual the machine itself lets a thread be (the floor under every delay below)
#   1. media-server (2 worker threads, --work-micros 10) and rtp-client with 800 streams for 20 s
#   2. capacity --work-micros 0: the largest stream count at 0 % loss and p99 <= 2 ms
# Runs under flock /tmp/telvirt-bench.lock so no two measurements on this machine overlap, in a
# session of its own (setsid): Linux's autogroup scheduling shares the CPU equally between sessions
# and ignores nice across them, so a niced background job in another session (an emulator, a build)
# would still take half the machine. As root, the script gives its own session's group nice -10
# (/proc/self/autogroup; its own processes only, no system setting), which gives measurements the
# precedence over background jobs that nice alone no longer does. BENCH_AUTOGROUP_NICE=0 turns it off.
# It also waits up to QUIET_WAIT seconds (default 120) for the cores to be 90 % idle and prints how idle they were.
# After the rtp-client run it prints each busy thread's time on a CPU and time runnable but waiting
# for one (/proc/<tid>/schedstat), which shows whether a stall was the scheduler's.
# Knobs (environment): SKIP_JITTER=1, STREAMS, DURATION, WARMUP, WORK_MICROS, THREADS, CAPACITY_DURATION, SKIP_CAPACITY=1.
set -euo pipefail

LOCK=/tmp/telvirt-bench.lock
if [[ "${TELVIRT_BENCH_LOCKED:-}" != 1 ]]; then
    echo "waiting for $LOCK ..." >&2
    exec env TELVIRT_BENCH_LOCKED=1 flock "$LOCK" setsid "$0" "$@"
fi
AUTOGROUP_NICE=${BENCH_AUTOGROUP_NICE:--10}
if [[ -w /proc/self/autogroup ]] && echo "$AUTOGROUP_NICE" 2>/dev/null >/proc/self/autogroup; then
    scheduling="own session, $(cat /proc/self/autogroup)"
else
    scheduling="own session, autogroup nice unchanged"
fi

idle_percent() {
    local u n s i w q sq st t1 i1 t2
    read -r _ u n s i w q sq st _ </proc/stat; t1=$((u + n + s + i + w + q + sq + st)); i1=$i
    sleep 3
    read -r _ u n s i w q sq st _ </proc/stat; t2=$((u + n + s + i + w + q + sq + st))
    echo $((100 * (i - i1) / (t2 - t1)))
}
waited=0
idle=$(idle_percent)
while ((idle < 90 && waited < ${QUIET_WAIT:-120})); do
    idle=$(idle_percent)
    waited=$((waited + 3))
done

cd "$(dirname "$0")/.."
JAR=workloads/target/telvirt.jar
[[ -f "$JAR" ]] || mvn -B -q -pl workloads -am package -DskipTests
STREAMS=${STREAMS:-800}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
WORK_MICROS=${WORK_MICROS:-10}
THREADS=${THREADS:-2}
CAPACITY_DURATION=${CAPACITY_DURATION:-10s}
# As the framework starts the programs (and capacity its media server): one GC thread each.
read -r -a JAVA_OPTS <<<"${JAVA_OPTS:--XX:+UseSerialGC}"
OUT=workloads/target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

echo "date $(date -u +%FT%TZ); $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
     "kernel $(uname -r); $(java -version 2>&1 | head -1);" \
     "net.core.rmem_max $(cat /proc/sys/net/core/rmem_max), wmem_max $(cat /proc/sys/net/core/wmem_max);" \
     "cores ${idle} % idle before the run (waited ${waited} s); load average $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$scheduling"

if [[ "${SKIP_JITTER:-}" != 1 ]]; then
    echo "== host-jitter: gaps a spinning thread per CPU sees, then how late a sleeping thread wakes (200 us deadlines)"
    java "${JAVA_OPTS[@]}" -jar "$JAR" host-jitter --spin 10s --sleep 10s --summary "$OUT/host-jitter.json" 2>/dev/null
fi

server_pid=
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    server_pid=
}
trap stop_server EXIT

java "${JAVA_OPTS[@]}" -jar "$JAR" media-server --bind 127.0.0.1:0 --threads "$THREADS" --work-micros "$WORK_MICROS" \
    >"$OUT/media-server.json" 2>"$OUT/media-server.err" &
server_pid=$!
for _ in $(seq 100); do
    grep -q 'listening on' "$OUT/media-server.err" && break
    sleep 0.2
done
address=$(sed -n 's/.*listening on \([^,]*\),.*/\1/p' "$OUT/media-server.err")
[[ -n "$address" ]] || { cat "$OUT/media-server.err" >&2; exit 1; }
cat "$OUT/media-server.err"

# One line per thread of the given processes: pid tid name cpu-ns run-queue-wait-ns (/proc/<tid>/schedstat).
thread_times() {
    local pid task run wait
    for pid in "$@"; do
        for task in /proc/"$pid"/task/*; do
            read -r run wait _ 2>/dev/null <"$task/schedstat" || continue
            echo "$pid ${task##*/} $(tr ' ' _ <"$task/comm") $run $wait"
        done
    done
}

# Each thread's share of the measured window on a CPU and waiting for one: a thread that waits
# while it is runnable is the scheduler's doing, not the program's.
print_thread_times() {
    awk -v window_ns="$3" 'NR == FNR { run[$2] = $4; wait[$2] = $5; next }
        ($2 in run) { cpu = 100 * ($4 - run[$2]) / window_ns; waiting = 100 * ($5 - wait[$2]) / window_ns
            if (cpu >= 1 || waiting >= 1) printf "  %-16s %s: on a CPU %5.1f %%, runnable but waiting %5.1f %%\n", $3, ($1 == server ? "media-server" : "rtp-client  "), cpu, waiting }' \
        server="$server_pid" "$1" "$2"
}

echo "== rtp-client: $STREAMS streams, --work-micros $WORK_MICROS, $DURATION after $WARMUP warm-up"
java "${JAVA_OPTS[@]}" -jar "$JAR" rtp-client --server "$address" --streams "$STREAMS" --duration "$DURATION" --warmup "$WARMUP" \
    --summary "$OUT/summary.json" --histogram-log "$OUT/run.hlog" >/dev/null 2>"$OUT/rtp-client.err" &
client_pid=$!
# Thread times over the measured part of the run (from 1 s after the warm-up to 1 s before the end), when both are whole seconds.
if [[ "$WARMUP" =~ ^([0-9]+)s$ ]] && warmup_seconds=${BASH_REMATCH[1]} && [[ "$DURATION" =~ ^([0-9]+)s$ ]] \
        && ((BASH_REMATCH[1] >= 4)); then
    sleep $((warmup_seconds + 1))
    thread_times "$server_pid" "$client_pid" >"$OUT/threads.start"
    window_start_ns=$(date +%s%N)
    sleep $((BASH_REMATCH[1] - 2))
    thread_times "$server_pid" "$client_pid" >"$OUT/threads.end"
    window_ns=$(($(date +%s%N) - window_start_ns))
fi
client_status=0
wait "$client_pid" || client_status=$?
grep -v '^rtp-client  *[0-9]' "$OUT/rtp-client.err" || true
((client_status == 0)) || { echo "rtp-client exited with $client_status" >&2; exit 1; }
if [[ -s "$OUT/threads.end" ]]; then
    echo "threads over $((window_ns / 1000000)) ms of the measured run:"
    print_thread_times "$OUT/threads.start" "$OUT/threads.end" "$window_ns"
fi
stop_server
echo "media-server counters: $(cat "$OUT/media-server.json")"

if [[ "${SKIP_CAPACITY:-}" != 1 ]]; then
    echo "== capacity --work-micros 0 --max-loss-percent 0 --max-p99-millis 2 --duration $CAPACITY_DURATION"
    java "${JAVA_OPTS[@]}" -jar "$JAR" capacity --max-loss-percent 0 --max-p99-millis 2 --duration "$CAPACITY_DURATION" \
        --work-micros 0 --threads "$THREADS" 2>"$OUT/capacity.err" | tee "$OUT/capacity.txt"
fi
echo "files: $OUT"
