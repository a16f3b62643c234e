# Sourced by the scripts that run the gate again and again (gate-steadiness.sh, bench-calibration.sh): the lock
# that keeps their runs alone on this machine, and the line that says where and when they ran.

# Runs the calling script again under flock /tmp/telvirt-bench.lock, unless it already holds it.
#   gate_runs_lock "$0" "$@"
gate_runs_lock() {
    local lock=/tmp/telvirt-bench.lock
    if [[ "${TELVIRT_BENCH_LOCKED:-}" != 1 ]]; then
        echo "waiting for $lock ..." >&2
        exec env TELVIRT_BENCH_LOCKED=1 flock "$lock" "$@"
    fi
}

# Prints the machine, the commit and the load, then what runs and where its results go.
#   gate_runs_header "20 runs" "$OUT"
gate_runs_header() {
    echo "date $(date -u +%FT%TZ); $(nproc) CPUs; kernel $(uname -r); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
         "load average $(cut -d' ' -f1-3 /proc/loadavg); $1; results in $2"
}
