#!/usr/bin/env bash
# Runs telvirt's tests on real cgroups on a host whose only hierarchy is cgroup v2: a Debian 12 guest under QEMU.
# See usage() below, or run with --help.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: scripts/cgroup-v2-guest.sh [--rebuild-image] [--with-timing-tests] [--timeout-minutes N] [--help]

Runs the tests on real cgroups (hostkit's DomainCgroupTest, workloads' JournalAcrossRunsTest and
CreditEnforcerTest, framework's HostBaselineTest) as root inside a Debian 12 guest booted under
QEMU TCG (-smp 2, 4 GiB), where systemd mounts cgroup2 at /sys/fs/cgroup and no v1 hierarchy
exists, as on a stock Debian 12 host. CreditEnforcerTest's three timing tests are left out (the
run prints which and why): under TCG its scheduler cannot keep its 1 ms poll.
This machine's v1 controllers keep those tests on v1 here; the guest proves the v2 path.

Steps (as root, from this checkout):
  1. the guest image, built once with debootstrap from Debian's packages (linux-image-amd64,
     systemd, openjdk-17-jre-headless) and cached in ~/.cache/telvirt-cgroupv2/<recipe hash>/;
     changing the recipe in this script builds a new one, --rebuild-image builds it again
  2. mvn -o -pl hostkit,workloads,framework -am test-compile and the test class path, copied
     with the jars into a run directory that the guest mounts over virtio-9p (the image is
     booted with -snapshot, so it stays as built)
  3. boots the guest under nice -n 10; a systemd unit runs the tests and powers the guest off
  4. prints the guest's kernel, its cgroup mounts and controllers, each test's outcome, the
     counts "N passed, N failed, N skipped", and how long the guest ran

Exits 0 when every selected test passed, 1 when one failed or the guest did not finish.
Results stay in ~/.cache/telvirt-cgroupv2/run/ (results/tests.log, results/guest.txt, serial.log).

Options:
  --rebuild-image       build the guest image again even if it is cached
  --with-timing-tests   run CreditEnforcerTest's timing tests too (they fail under TCG)
  --timeout-minutes N   stop the guest after N minutes (default 60; TCG is ~40x slower than the host)
  --help                this text

Environment: TELVIRT_CGROUPV2_CACHE (default ~/.cache/telvirt-cgroupv2).
Needs: qemu-system-x86, debootstrap, e2fsprogs, Maven and JDK 17 (apt-get install qemu-system-x86 debootstrap).
EOF
}

REBUILD=0
WITH_TIMING=0
TIMEOUT_MINUTES=60
while (($#)); do
    case $1 in
        --rebuild-image) REBUILD=1 ;;
        --with-timing-tests) WITH_TIMING=1 ;;
        --timeout-minutes) TIMEOUT_MINUTES=${2:?--timeout-minutes needs a number}; shift ;;
        --help | -h) usage; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TELVIRT_CGROUPV2_CACHE:-$HOME/.cache/telvirt-cgroupv2}
PACKAGES=linux-image-amd64,systemd-sysv,udev,kmod,procps,openjdk-17-jre-headless

# The tests that touch real cgroups
TESTS=(
    org.telvirt.hostkit.cgroup.DomainCgroupTest
    org.telvirt.workloads.host.JournalAcrossRunsTest
    org.telvirt.workloads.host.CreditEnforcerTest#sigtermLeavesEveryDomainThawedWithItsWholeAffinityAndSigkillIsCleanedUpByTheJournal
    org.telvirt.reliability.HostBaselineTest
)
# and those left out unless --with-timing-tests: they assert CPU shares over 3 s and round trips within 200 ms,
# which an emulated CPU does not keep (on 2026-12-03 the scheduler's 1 ms poll ran 241 times in 7 s, weights 4:1
# gave 2.26:1, a datagram went unanswered); their freezes, cpuset writes and restores worked on v2 all the same
TIMING_TESTS=(
    org.telvirt.workloads.host.CreditEnforcerTest#weightsFourToOneOnOneContendedPcpuGiveRoughlyFourToOneCpu
    org.telvirt.workloads.host.CreditEnforcerTest#aCapOfThirtyPercentHolds
    org.telvirt.workloads.host.CreditEnforcerTest#aFrozenBlockedDomainIsThawedForADatagramAndAnswersIt
)
TIMING_REASON="timing-sensitive: CPU shares over 3 s and 200 ms round trips, which TCG's ~40x slower CPUs do not keep"
if [[ $WITH_TIMING == 1 ]]; then
    TESTS+=("${TIMING_TESTS[@]}")
    TIMING_TESTS=()
fi

[[ $(id -u) == 0 ]] || { echo "needs root (debootstrap, and the guest's tests run as root on its cgroups)" >&2; exit 1; }
for tool in qemu-system-x86_64 debootstrap mkfs.ext4 mvn javac; do
    command -v "$tool" >/dev/null || { echo "$tool missing (see --help)" >&2; exit 1; }
done

# The guest image: Debian 12 as debootstrap installs it, plus a unit that runs /payload/in-guest.sh and powers off.
build_image() {
    local out=$1 root=$1/rootfs mirror
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [[ -n $mirror ]] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [[ -n $mirror ]] || { echo "no Debian mirror in this machine's apt sources" >&2; return 1; }
    rm -rf "$root"
    debootstrap --variant=minbase --include="$PACKAGES" bookworm "$root" "$mirror"
    echo '/dev/vda / ext4 defaults,noatime 0 1' > "$root/etc/fstab"
    echo cgroupv2 > "$root/etc/hostname"
    printf '127.0.0.1 localhost\n127.0.1.1 cgroupv2\n' > "$root/etc/hosts"
    cat > "$root/usr/local/sbin/telvirt-guest-run" <<'RUN'
#!/bin/sh
# The run's files come over virtio-9p, so the image needs no rebuild when the tests change.
modprobe -a 9pnet_virtio 9p
mkdir -p /payload
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 payload /payload && sh /payload/in-guest.sh
systemctl --no-block poweroff
RUN
    chmod 755 "$root/usr/local/sbin/telvirt-guest-run"
    cat > "$root/etc/systemd/system/telvirt-guest-run.service" <<'UNIT'
[Unit]
Description=telvirt tests on cgroup v2
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/telvirt-guest-run
StandardOutput=journal+console
StandardError=journal+console

[Install]
WantedBy=multi-user.target
UNIT
    chroot "$root" systemctl enable telvirt-guest-run.service
    # nothing but the tests should compete for the emulated CPUs
    for unit in serial-getty@ttyS0.service getty@tty1.service apt-daily.timer apt-daily-upgrade.timer \
                e2scrub_reap.service e2scrub_all.timer fstrim.timer; do
        chroot "$root" systemctl mask "$unit" >/dev/null 2>&1 || true
    done
    cp "$root"/boot/vmlinuz-* "$out/vmlinuz"
    cp "$root"/boot/initrd.img-* "$out/initrd.img"
    basename "$root"/lib/modules/* > "$out/kernel-version"
    mkfs.ext4 -q -F -L cgroupv2 -d "$root" "$out/disk.img" 3G
    rm -rf "$root"
}

mkdir -p "$CACHE"
KEY=$( { declare -f build_image; echo "$PACKAGES"; } | sha256sum | cut -c1-16)
IMAGE=$CACHE/$KEY
exec 9>"$CACHE/.lock"
flock 9
if [[ $REBUILD == 1 || ! -f $IMAGE/COMPLETE ]]; then
    echo "cgroup-v2-guest: building the guest image with debootstrap (minutes); log $IMAGE/build.log"
    rm -rf "$IMAGE" && mkdir -p "$IMAGE"
    start=$SECONDS
    # in the background so that set -e holds inside build_image (it is off in a function tested with ||)
    build_image "$IMAGE" > "$IMAGE/build.log" 2>&1 &
    wait $! || { tail -20 "$IMAGE/build.log" >&2; exit 1; }
    echo "built in $((SECONDS - start)) s" > "$IMAGE/COMPLETE"
fi
echo "cgroup-v2-guest: image $IMAGE (kernel $(cat "$IMAGE/kernel-version"))"

RUN=$CACHE/run
PAYLOAD=$RUN/payload
rm -rf "$RUN" && mkdir -p "$PAYLOAD/cp" "$PAYLOAD/results"

echo "cgroup-v2-guest: compiling hostkit, workloads and framework with their tests (mvn -o)"
(cd "$REPO" && mvn -o -q -B -pl hostkit,workloads,framework -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt) > "$RUN/mvn.log" 2>&1 \
    || { cat "$RUN/mvn.log" >&2; exit 1; }
# the guest sees copies under /payload: the host's paths are not there
guest_cp=()
copy_entry() {
    local entry=$1 name
    if [[ -d $entry ]]; then
        name=$(basename "$(dirname "$(dirname "$entry")")")-$(basename "$entry")
        cp -r "$entry" "$PAYLOAD/cp/$name"
    else
        name=$(basename "$entry")
        cp "$entry" "$PAYLOAD/cp/$name"
    fi
    guest_cp+=("/payload/cp/$name")
}
# framework's test class path holds the other modules' but not workloads' test classes
for entry in "$REPO/framework/target/test-classes" "$REPO/framework/target/classes" \
             "$REPO/workloads/target/test-classes" $(tr ':' ' ' < "$REPO/framework/target/test-classpath.txt"); do
    copy_entry "$entry"
done
javac --release 17 -cp "$(cat "$REPO/framework/target/test-classpath.txt")" -d "$PAYLOAD/launcher" \
    "$REPO/scripts/cgroup-v2-guest/GuestTestRun.java"
guest_cp+=(/payload/launcher)
(IFS=:; echo "${guest_cp[*]}") > "$PAYLOAD/classpath.txt"
echo "${TESTS[*]}" > "$PAYLOAD/tests.txt"
cp "$REPO/scripts/cgroup-v2-guest/in-guest.sh" "$PAYLOAD/in-guest.sh"

echo "cgroup-v2-guest: booting the guest under QEMU TCG (-smp 2, 4 GiB), timeout $TIMEOUT_MINUTES min; serial log $RUN/serial.log"
start=$SECONDS
# niced for the builds beside it; measurements on this machine guard themselves (bench-workloads.sh)
timeout --kill-after=30 "$((TIMEOUT_MINUTES * 60))" nice -n 10 \
    qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 4096 -display none -vga none -no-reboot \
    -kernel "$IMAGE/vmlinuz" -initrd "$IMAGE/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 panic=-1 systemd.show_status=0" \
    -drive "file=$IMAGE/disk.img,format=raw,if=virtio,snapshot=on" \
    -virtfs "local,path=$PAYLOAD,mount_tag=payload,security_model=none,id=payload" \
    -nic none -serial "file:$RUN/serial.log" -monitor none < /dev/null > "$RUN/qemu.log" 2>&1 || true
elapsed=$((SECONDS - start))

echo
echo "== guest ($(printf '%dm%02ds' $((elapsed / 60)) $((elapsed % 60))) from boot to power-off)"
cat "$PAYLOAD/results/guest.txt" 2>/dev/null || { echo "the guest wrote nothing; see $RUN/serial.log" >&2; exit 1; }
echo "== tests"
grep -E '^(PASSED|FAILED|SKIPPED) ' "$PAYLOAD/results/tests.log" || true
for test in "${TIMING_TESTS[@]}"; do
    echo "LEFT OUT ${test##*.}: $TIMING_REASON"
done
tail -1 "$PAYLOAD/results/tests.log"
[[ $(cat "$PAYLOAD/results/exit-code" 2>/dev/null) == 0 ]] || {
    echo "some tests failed or did not finish: $PAYLOAD/results/tests.log" >&2
    exit 1
}
