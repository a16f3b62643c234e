#!/usr/bin/env bash
# Benchmark of the media workload on loopback. It measures and prints numbers; it never fails on them.
#   0. host-jitter: how punctual the machine itself lets a thread be (the floor under every delay below)
#   1. media-server (2 worker threads, --work-micros 10) and rtp-client with 800 streams for 20 s
#   2. capacity --work-micros 0: the largest stream count at 0 % loss and p99 <= 2 ms
# Runs under the benchmarks' lock, in a session of its own, after waiting for quiet cores (bench-common.sh).
# After the rtp-client run it prints each busy thread's time on a CPU and time runnable but waiting
# for one (/proc/<tid>/schedstat), which shows whether a stall was the scheduler's.
# Knobs (environment): SKIP_JITTER=1, STREAMS, DURATION, WARMUP, WORK_MICROS, THREADS, CAPACITY_DURATION, SKIP_CAPACITY=1.
# The same pair against a plain C pair: bench-reference.sh.
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"
bench_lock "$@"
bench_prepare
STREAMS=${STREAMS:-800}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
WORK_MICROS=${WORK_MICROS:-10}
THREADS=${THREADS:-2}
CAPACITY_DURATION=${CAPACITY_DURATION:-10s}
OUT=workloads/target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

if [[ "${SKIP_JITTER:-}" != 1 ]]; then
    echo "== host-jitter: gaps a spinning thread per CPU sees, then how late a sleeping thread wakes (200 us deadlines)"
    java "${JAVA_OPTS[@]}" -jar "$JAR" host-jitter --spin 10s --sleep 10s --summary "$OUT/host-jitter.json" 2>/dev/null
fi

trap bench_stop_server EXIT
bench_start_media_server "$OUT/media-server" "$WORK_MICROS"
address=$server_address
cat "$OUT/media-server.err"

echo "== rtp-client: $STREAMS streams, --work-micros $WORK_MICROS, $DURATION after $WARMUP warm-up"
java "${JAVA_OPTS[@]}" -jar "$JAR" rtp-client --server "$address" --streams "$STREAMS" --duration "$DURATION" --warmup "$WARMUP" \
    --summary "$OUT/summary.json" --histogram-log "$OUT/run.hlog" >/dev/null 2>"$OUT/rtp-client.err" &
client_pid=$!
# Thread times over the measured part of the run (from 1 s after the warm-up to 1 s before the end), when both are whole seconds.
if [[ "$WARMUP" =~ ^([0-9]+)s$ ]] && warmup_seconds=${BASH_REMATCH[1]} && [[ "$DURATION" =~ ^([0-9]+)s$ ]] \
        && ((BASH_REMATCH[1] >= 4)); then
    sleep $((warmup_seconds + 1))
    bench_thread_times "$server_pid" "$client_pid" >"$OUT/threads.start"
    window_start_ns=$(date +%s%N)
    sleep $((BASH_REMATCH[1] - 2))
    bench_thread_times "$server_pid" "$client_pid" >"$OUT/threads.end"
    window_ns=$(($(date +%s%N) - window_start_ns))
fi
client_status=0
wait "$client_pid" || client_status=$?
grep -v '^rtp-client  *[0-9]' "$OUT/rtp-client.err" || true
((client_status == 0)) || { echo "rtp-client exited with $client_status" >&2; exit 1; }
if [[ -s "$OUT/threads.end" ]]; then
    echo "threads over $((window_ns / 1000000)) ms of the measured run:"
    bench_print_thread_times "$OUT/threads.start" "$OUT/threads.end" "$window_ns" media-server "$server_pid" rtp-client
fi
bench_stop_server
echo "media-server counters: $(cat "$OUT/media-server.json")"

if [[ "${SKIP_CAPACITY:-}" != 1 ]]; then
    echo "== capacity --work-micros 0 --max-loss-percent 0 --max-p99-millis 2 --duration $CAPACITY_DURATION"
    java "${JAVA_OPTS[@]}" -jar "$JAR" capacity --max-loss-percent 0 --max-p99-millis 2 --duration "$CAPACITY_DURATION" \
        --work-micros 0 --threads "$THREADS" 2>"$OUT/capacity.err" | tee "$OUT/capacity.txt"
fi
echo "files: $OUT"
