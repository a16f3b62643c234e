# Helpers shared by the workload benchmarks (bench-workloads.sh, bench-reference.sh); sourced, not run.
#
# bench_lock "$@" must come first: it re-runs the calling script under flock /tmp/telvirt-bench.lock, so no
# two measurements on this machine overlap, in a session of its own (setsid): Linux's autogroup scheduling
# shares the CPU equally between sessions and ignores nice across them, so a niced background job in another
# session (an emulator, a build) would still take half the machine. bench_prepare then gives, as root, its own
# session's group nice -10 (/proc/self/autogroup; its own processes only, no system setting), which gives
# measurements the precedence over background jobs that nice alone no longer does (BENCH_AUTOGROUP_NICE=0
# turns it off), waits up to QUIET_WAIT seconds (default 120) for the cores to be 90 % idle, builds the jar if
# it is missing and prints one line about the machine and how idle it was.

BENCH_LOCK=/tmp/telvirt-bench.lock

bench_lock() {
    if [[ "${TELVIRT_BENCH_LOCKED:-}" != 1 ]]; then
        echo "waiting for $BENCH_LOCK ..." >&2
        exec env TELVIRT_BENCH_LOCKED=1 flock "$BENCH_LOCK" setsid "$0" "$@"
    fi
}

bench_idle_percent() {
    local u n s i w q sq st t1 i1 t2
    read -r _ u n s i w q sq st _ </proc/stat; t1=$((u + n + s + i + w + q + sq + st)); i1=$i
    sleep 3
    read -r _ u n s i w q sq st _ </proc/stat; t2=$((u + n + s + i + w + q + sq + st))
    echo $((100 * (i - i1) / (t2 - t1)))
}

# Sets JAR and JAVA_OPTS (as the framework starts the programs: one GC thread each) and prints the machine line.
bench_prepare() {
    local nice=${BENCH_AUTOGROUP_NICE:--10} scheduling idle waited=0
    if [[ -w /proc/self/autogroup ]] && echo "$nice" 2>/dev/null >/proc/self/autogroup; then
        scheduling="own session, $(cat /proc/self/autogroup)"
    else
        scheduling="own session, autogroup nice unchanged"
    fi
    idle=$(bench_idle_percent)
    while ((idle < 90 && waited < ${QUIET_WAIT:-120})); do
        idle=$(bench_idle_percent)
        waited=$((waited + 3))
    done
    cd "$(dirname "$0")/.."
    JAR=workloads/target/telvirt.jar
    [[ -f "$JAR" ]] || mvn -B -q -pl workloads -am package -DskipTests
    read -r -a JAVA_OPTS <<<"${JAVA_OPTS:--XX:+UseSerialGC}"
    echo "date $(date -u +%FT%TZ); $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
         "kernel $(uname -r); $(java -version 2>&1 | head -1); commit $(git rev-parse --short HEAD 2>/dev/null);" \
         "net.core.rmem_max $(cat /proc/sys/net/core/rmem_max), wmem_max $(cat /proc/sys/net/core/wmem_max);" \
         "cores ${idle} % idle before the run (waited ${waited} s); load average $(cut -d' ' -f1-3 /proc/loadavg);" \
         "$scheduling"
}

# Starts `media-server` on a free loopback port with THREADS workers and the given work per packet; its stdout
# (the counters at exit) and stderr go to $1.json and $1.err. Sets server_pid and server_address.
bench_start_media_server() {
    local prefix=$1 work_micros=$2
    java "${JAVA_OPTS[@]}" -jar "$JAR" media-server --bind 127.0.0.1:0 --threads "$THREADS" \
        --work-micros "$work_micros" >"$prefix.json" 2>"$prefix.err" &
    server_pid=$!
    bench_await_line "$prefix.err" 'listening on'
    server_address=$(sed -n 's/.*listening on \([^,]*\),.*/\1/p' "$prefix.err")
    [[ -n "$server_address" ]] || { cat "$prefix.err" >&2; exit 1; }
}

# Waits up to 20 s for a line matching $2 in file $1 (a server saying it listens).
bench_await_line() {
    local _
    for _ in $(seq 100); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    cat "$1" >&2
    echo "no '$2' in $1 after 20 s" >&2
    exit 1
}

server_pid=
bench_stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    server_pid=
}

# One line per thread of the given processes: pid tid name cpu-ns run-queue-wait-ns (/proc/<tid>/schedstat).
bench_thread_times() {
    local pid task run wait
    for pid in "$@"; do
        for task in /proc/"$pid"/task/*; do
            read -r run wait _ 2>/dev/null <"$task/schedstat" || continue
            echo "$pid ${task##*/} $(tr ' ' _ <"$task/comm") $run $wait"
        done
    done
}

# Each busy thread's share of a window of $3 ns on a CPU and waiting for one, between the snapshots $1 and $2
# (bench_thread_times); $4 names the process whose pid is $5, others are named $6. A thread that waits while it
# is runnable is the scheduler's doing, not the program's.
bench_print_thread_times() {
    awk -v window_ns="$3" -v first_name="$4" -v first_pid="$5" -v other_name="$6" \
        'NR == FNR { run[$2] = $4; wait[$2] = $5; next }
        ($2 in run) { cpu = 100 * ($4 - run[$2]) / window_ns; waiting = 100 * ($5 - wait[$2]) / window_ns
            if (cpu >= 1 || waiting >= 1) printf "  %-16s %-12s: on a CPU %5.1f %%, runnable but waiting %5.1f %%\n", $3, ($1 == first_pid ? first_name : other_name), cpu, waiting }' \
        "$1" "$2"
}
