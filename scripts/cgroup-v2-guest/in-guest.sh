#!/bin/sh
# Runs inside the cgroup v2 guest (started by its telvirt-guest-run unit, /payload mounted): records what the
# guest is, then runs the tests that /payload/tests.txt names; everything lands in /payload/results.
R=/payload/results
{
    echo "kernel $(uname -r)"
    echo "cpus $(nproc), memory $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) MiB"
    echo "/sys/fs/cgroup is $(stat -fc %T /sys/fs/cgroup)"
    echo "cgroup mounts: $(awk '{for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) ~ /^cgroup/) printf "%s (%s) ", $5, $(i + 1); break }}' /proc/self/mountinfo)"
    echo "cgroup.controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
    echo "cgroup.subtree_control: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
    echo "java: $(java -version 2>&1 | head -1)"
} > $R/guest.txt 2>&1
cat $R/guest.txt
start=$(date +%s)
# shellcheck disable=SC2046 # one test selector per word
# framework's class path brings the Allure listener, which would write into the current directory
java -Dallure.results.directory=/tmp/allure-results -cp "$(cat /payload/classpath.txt)" GuestTestRun $(cat /payload/tests.txt) > $R/tests.log 2>&1
echo $? > $R/exit-code
echo "tests ran $(($(date +%s) - start)) s" >> $R/guest.txt
tail -1 $R/tests.log
sync
