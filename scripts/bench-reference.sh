#!/usr/bin/env bash
# Our media pair against a plain C pair on the same host, in one run: what the instrument itself adds to
# the delay it measures. It measures and prints numbers; it never fails on them.
#   The C reference is ../shared/bench/rtpref.c (REFERENCE_SOURCE), built here with gcc -O2: an echo server
#   (SO_REUSEPORT threads, recvmmsg/sendmmsg) and a schedule-driven client, with no per-packet work.
#   1. ROUNDS rounds (default 3), each the same pairs one after another, so that the host's slow drifts
#      fall on every pair alike: C client / C echo, rtp-client / media-server, rtp-client / C echo,
#      C client / media-server, all STREAMS (800) streams without work, then rtp-client / media-server and
#      C client / media-server with --work-micros WORK_MICROS (10): the latter tells what the work's CPU costs the
#      client on this host, whichever client it is. Each pair: a fresh server with THREADS (2) threads, DURATION_SECONDS
#      (20) measured after WARMUP_SECONDS (5). Per pair and round: p99, p99.9, sender lateness p99, loss.
#   2. The medians over the rounds and their ratios to the C pair's (ours / C; p99, p99.9, lateness).
#   3. Capacity of the C pair and of ours, both searched the same way and step by step in turn: the most
#      streams at 0 % loss and p99 <= 2 ms, doubling from 400 (up to CAPACITY_MAX_STREAMS, 6400), then
#      bisecting to 5 %; one run of CAPACITY_SECONDS (10) after CAPACITY_WARMUP_SECONDS (3) per step.
#      Prints the ratio ours / C.
# Both clients run at normal priority. Runs under the benchmarks' lock (bench-common.sh); SKIP_CAPACITY=1
# skips step 3. Every run's files land in workloads/target/bench-reference/<time>/.
set -euo pipefail
shopt -s inherit_errexit
source "$(dirname "$0")/bench-common.sh"
bench_lock "$@"
bench_prepare
ROUNDS=${ROUNDS:-3}
STREAMS=${STREAMS:-800}
WORK_MICROS=${WORK_MICROS:-10}
THREADS=${THREADS:-2}
DURATION_SECONDS=${DURATION_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
CAPACITY_SECONDS=${CAPACITY_SECONDS:-10}
CAPACITY_WARMUP_SECONDS=${CAPACITY_WARMUP_SECONDS:-3}
CAPACITY_MAX_P99_MICROS=2000
CAPACITY_MAX_STREAMS=${CAPACITY_MAX_STREAMS:-6400}
REFERENCE_SOURCE=${REFERENCE_SOURCE:-../shared/bench/rtpref.c}
OUT=workloads/target/bench-reference/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RTPREF=$OUT/rtpref
gcc -O2 -pthread -o "$RTPREF" "$REFERENCE_SOURCE"
echo "C reference: $REFERENCE_SOURCE ($(sha256sum "$REFERENCE_SOURCE" | cut -c1-12)), $(gcc --version | head -1)"
trap bench_stop_server EXIT

# A free loopback UDP port for the C echo, which takes a port number, not 0.
free_port() {
    python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the server of kind $1 (c or java) with $2 us of work per packet (the C echo has none); files under
# prefix $3. Sets server_pid and server_address.
start_server() {
    local port
    if [[ $1 == c ]]; then
        port=$(free_port)
        "$RTPREF" server "$port" "$THREADS" >"$3.out" 2>&1 &
        server_pid=$!
        bench_await_line "$3.out" listening
        server_address=127.0.0.1:$port
    else
        bench_start_media_server "$3" "$2"
    fi
}

# Runs the client of kind $1 (c or java) with $2 streams, $3 s measured after $4 s, towards server_address;
# files under prefix $5.
run_client() {
    local port=${server_address##*:}
    if [[ $1 == c ]]; then
        "$RTPREF" client "$port" "$2" "$3" "$4" >"$5.json"
        jq -r '"\(.p99) \(.p999) \(.latenessP99) \(.lossPercent)"' "$5.json" >"$5.result"
    else
        java "${JAVA_OPTS[@]}" -jar "$JAR" rtp-client --server "$server_address" --streams "$2" --duration "${3}s" \
            --warmup "${4}s" --summary "$5.json" --histogram-log "$5.hlog" >/dev/null 2>"$5.err"
        jq -r '"\(.delayMicros.p99) \(.delayMicros.p999) \(.sendLatenessMicros.p99) \(.lossPercent)"' "$5.json" \
            >"$5.result"
    fi
}

# One pair once: client kind $1, server kind $2, work $3 us, $4 streams, $5 s after $6 s, files under $7.
# Sets p99, p999 and lateness (us) and loss (%).
measure_pair() {
    start_server "$2" "$3" "$7-server"
    run_client "$1" "$4" "$5" "$6" "$7-client"
    bench_stop_server
    read -r p99 p999 lateness loss <"$7-client.result"
}

# name client server work-micros
PAIRS=("C/C c c 0" "ours/ours java java 0" "ours/C-echo java c 0" "C/media-server c java 0"
       "ours/ours-work$WORK_MICROS java java $WORK_MICROS" "C/media-server-work$WORK_MICROS c java $WORK_MICROS")
echo "== $ROUNDS rounds of $STREAMS streams, ${DURATION_SECONDS} s after ${WARMUP_SECONDS} s warm-up each," \
     "$THREADS server threads; client/server pairs, 'ours' = rtp-client or media-server"
printf '%-5s %-24s %10s %10s %14s %9s\n' round pair p99-ms p99.9-ms lateness-p99-us loss-%
for round in $(seq "$ROUNDS"); do
    for pair in "${PAIRS[@]}"; do
        read -r name client server work <<<"$pair"
        measure_pair "$client" "$server" "$work" "$STREAMS" "$DURATION_SECONDS" "$WARMUP_SECONDS" \
            "$OUT/round$round-${name//\//-}"
        echo "$round $name $p99 $p999 $lateness $loss" >>"$OUT/rounds.txt"
        awk -v r="$round" -v n="$name" -v a="$p99" -v b="$p999" -v l="$lateness" -v x="$loss" \
            'BEGIN { printf "%-5s %-24s %10.2f %10.2f %14d %9.3f\n", r, n, a / 1000, b / 1000, l, x }'
    done
done

echo "== medians over $ROUNDS rounds, and ratio to the C pair's median"
awk 'function median(list,    n, values, i, j, t) {
         n = split(list, values, " ")
         for (i = 2; i <= n; i++) for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) {
             t = values[j]; values[j] = values[j - 1]; values[j - 1] = t }
         return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2 }
     { if (!($2 in p99)) order[++pairs] = $2
       p99[$2] = p99[$2] " " $3; p999[$2] = p999[$2] " " $4; late[$2] = late[$2] " " $5 }
     END { printf "%-24s %10s %10s %14s %8s %8s %10s\n", "pair", "p99-ms", "p99.9-ms", "lateness-p99-us",
                  "p99-x", "p99.9-x", "lateness-x"
           c99 = median(p99["C/C"]); c999 = median(p999["C/C"]); clate = median(late["C/C"])
           for (k = 1; k <= pairs; k++) { name = order[k]
               m99 = median(p99[name]); m999 = median(p999[name]); mlate = median(late[name])
               printf "%-24s %10.2f %10.2f %14d %8.2f %8.2f %10.2f\n", name, m99 / 1000, m999 / 1000, mlate,
                   m99 / c99, m999 / c999, mlate / (clate > 0 ? clate : 1) } }' "$OUT/rounds.txt"

if [[ "${SKIP_CAPACITY:-}" == 1 ]]; then
    echo "files: $OUT"
    exit 0
fi

# Capacity searches of the C pair (index 0) and ours (1), one step of each in turn. A search doubles from 400
# while steps pass, then bisects between its last pass and first failure until they are within 5 %; a start
# that fails bisects down from it. passed 0 with failed 0 means no step yet.
names=(C/C ours/ours)
clients=(c java)
servers=(c java)
next=(400 400)
passed=(0 0)
failed=(0 0)
echo "== capacity at 0 % loss and p99 <= $((CAPACITY_MAX_P99_MICROS / 1000)) ms, ${CAPACITY_SECONDS} s after" \
     "${CAPACITY_WARMUP_SECONDS} s per step"
while ((next[0] > 0 || next[1] > 0)); do
    for i in 0 1; do
        ((next[i] > 0)) || continue
        streams=${next[i]}
        measure_pair "${clients[i]}" "${servers[i]}" 0 "$streams" "$CAPACITY_SECONDS" "$CAPACITY_WARMUP_SECONDS" \
            "$OUT/capacity-${names[i]//\//-}-$streams"
        if awk -v p="$p99" -v x="$loss" -v max="$CAPACITY_MAX_P99_MICROS" 'BEGIN { exit !(x == 0 && p <= max) }'; then
            verdict=meets; passed[i]=$streams
        else
            verdict=misses; failed[i]=$streams
        fi
        awk -v n="${names[i]}" -v s="$streams" -v p="$p99" -v x="$loss" -v v="$verdict" \
            'BEGIN { printf "  %-10s %5d streams: p99 %6.2f ms, loss %.3f %% -> %s\n", n, s, p / 1000, x, v }'
        if ((failed[i] == 0)); then
            next[i]=$((streams >= CAPACITY_MAX_STREAMS ? 0 : streams * 2))
        elif (((failed[i] - passed[i]) * 100 <= 5 * passed[i] || failed[i] - passed[i] <= 1)); then
            next[i]=0
        else
            next[i]=$(((passed[i] + failed[i]) / 2))
        fi
    done
done
awk -v c="${passed[0]}" -v ours="${passed[1]}" 'BEGIN {
    printf "capacity: C/C %d streams, ours/ours %d streams, ratio ours / C %.2f\n", c, ours, (c > 0 ? ours / c : 0) }'
echo "files: $OUT"
