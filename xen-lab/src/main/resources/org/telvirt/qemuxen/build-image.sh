#!/bin/bash
# Stage 2 of the xen-lab image: configures a copy of the stage-1 root file system as a Xen Dom0
# reachable over SSH, adds the tiny DomU initramfs, and packs everything into an ext4 disk image.
# Usage: build-image.sh ROOTFS_DIR OUT_DIR   (as root; the recipe files sit beside this script)
# Leaves in OUT_DIR: disk.img, xen.bin, vmlinuz, initrd.img, lab_key(.pub), host_ed25519.pub, guest_host_ed25519.pub,
# udp-echo, sip-server, cpu-burn, kernel-version, media-images.properties; in Dom0's /root/images the release gate's
# media images
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOTFS=$1
OUT=$2
STAGE="$OUT/rootfs.staging"
rm -rf "$STAGE"
cp -a "$ROOTFS" "$STAGE"

# SSH: the lab's client key and a fixed host key, so the framework checks the host key strictly
rm -f "$OUT"/lab_key "$OUT"/lab_key.pub "$OUT"/host_ed25519 "$OUT"/host_ed25519.pub
ssh-keygen -q -t ed25519 -N '' -C telvirt-xenlab-client -f "$OUT/lab_key"
ssh-keygen -q -t ed25519 -N '' -C telvirt-xenlab-host -f "$OUT/host_ed25519"
rm -f "$STAGE"/etc/ssh/ssh_host_*
install -m600 "$OUT/host_ed25519" "$STAGE/etc/ssh/ssh_host_ed25519_key"
install -m644 "$OUT/host_ed25519.pub" "$STAGE/etc/ssh/ssh_host_ed25519_key.pub"
rm -f "$OUT/host_ed25519"
install -d -m700 "$STAGE/root/.ssh"
install -m600 "$OUT/lab_key.pub" "$STAGE/root/.ssh/authorized_keys"
mkdir -p "$STAGE/etc/ssh/sshd_config.d"
cat > "$STAGE/etc/ssh/sshd_config.d/telvirt-lab.conf" <<'SSHD'
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
SSHD

echo xenlab > "$STAGE/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 xenlab\n' > "$STAGE/etc/hosts"
echo '/dev/vda / ext4 defaults,noatime 0 1' > "$STAGE/etc/fstab"
# xenbr0 over eth0; QEMU's user network hands out 10.0.2.15 by DHCP, guests sit on the same bridge
cat > "$STAGE/etc/network/interfaces" <<'NET'
auto lo
iface lo inet loopback

auto eth0
iface eth0 inet manual

auto xenbr0
iface xenbr0 inet dhcp
    bridge_ports eth0
    bridge_stp off
    bridge_fd 0
    bridge_maxwait 0
NET
chroot "$STAGE" systemctl enable ssh xencommons >/dev/null 2>&1 || true
# guests are created and destroyed by the framework: xendomains must not save or restore them
chroot "$STAGE" systemctl disable xendomains >/dev/null 2>&1 || true
for unit in systemd-networkd-wait-online.service e2scrub_reap.service e2scrub_all.timer apt-daily.timer \
            apt-daily-upgrade.timer fstrim.timer man-db.timer; do
  chroot "$STAGE" systemctl mask "$unit" >/dev/null 2>&1 || true
done
# guest consoles logged to /var/log/xen/console/guest-<name>.log (Debian's init script reads XENCONSOLED_ARGS)
sed -i '/^XENCONSOLED_TRACE=/d; /^XENCONSOLED_ARGS=/d' "$STAGE/etc/default/xen"
echo 'XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console"' >> "$STAGE/etc/default/xen"
mkdir -p "$STAGE/var/log/xen/console"

# DomU initramfs: static busybox, xen-netfront.ko and Debian's dropbear (with the libraries it links), so the
# framework reaches each guest over SSH and copies its workload in: the static UDP echo, SIP responder and CPU burner
# built here stay in OUT_DIR, outside the guests
KVER=$(ls "$STAGE/lib/modules" | sort -V | tail -1)
WORK="$OUT/domu.work"
rm -rf "$WORK" && mkdir -p "$WORK"/initrd/{bin,sbin,proc,sys,dev,etc/dropbear,tmp,lib/modules}
gcc -O2 -static -o "$OUT/udp-echo" "$HERE/udp-echo.c"
gcc -O2 -static -o "$OUT/sip-server" "$HERE/sip-server.c"
gcc -O2 -static -o "$OUT/cpu-burn" "$HERE/cpu-burn.c"
cp /bin/busybox "$WORK/initrd/bin/busybox"
file -L "$WORK/initrd/bin/busybox" | grep -q 'statically linked' || { echo "/bin/busybox is not static: apt-get install busybox-static" >&2; exit 1; }
cp "$STAGE/lib/modules/$KVER/kernel/drivers/net/xen-netfront.ko" "$WORK/initrd/lib/modules/"
install -m755 "$HERE/domu-init.sh" "$WORK/initrd/init"
DROPBEAR=/usr/sbin/dropbear
[ -x "$DROPBEAR" ] && command -v dropbearkey >/dev/null || { echo "dropbear missing: apt-get install dropbear-bin" >&2; exit 1; }
install -D -m755 "$DROPBEAR" "$WORK/initrd$DROPBEAR"
for lib in $(ldd "$DROPBEAR" | grep -o '/[^ ]*'); do install -D -m755 "$lib" "$WORK/initrd$lib"; done
# one host key for every guest (they boot one initramfs), checked strictly like Dom0's
rm -f "$OUT/guest_host_ed25519.pub"
dropbearkey -t ed25519 -f "$WORK/initrd/etc/dropbear/dropbear_ed25519_host_key" >/dev/null
dropbearkey -y -f "$WORK/initrd/etc/dropbear/dropbear_ed25519_host_key" | grep '^ssh-ed25519 ' > "$OUT/guest_host_ed25519.pub"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$WORK/initrd/etc/passwd"
printf 'root:x:0:\n' > "$WORK/initrd/etc/group"
printf '/bin/sh\n' > "$WORK/initrd/etc/shells"
install -d -m700 "$WORK/initrd/root" "$WORK/initrd/root/.ssh"
install -m600 "$OUT/lab_key.pub" "$WORK/initrd/root/.ssh/authorized_keys"
mkdir -p "$STAGE/root/domu"
(cd "$WORK/initrd" && find . | cpio -o -H newc --quiet | gzip -1) > "$STAGE/root/domu/domu-initrd.gz"

# The release gate's two media images (QemuXenImageGateIT): the initramfs above with the echo baked in and started by
# its init, on /etc/telvirt-workload's command line. They differ only in the echo's per-packet work: none for the
# baseline; for the regressed image 4000000 rounds, 5.2-6.7 ms on the lab's emulated CPU (the timing below, in
# build.log, is this machine's): 1.3-1.7 times what one vCPU has at the gate's 250 packets/s in the lab. A 200 us
# regression (125000 rounds) measured 239 us there: 6 % of a vCPU at that load.
# udp-echo stays in /root/images to time the work in Dom0.
mkdir -p "$STAGE/root/images"
install -m755 "$OUT/udp-echo" "$STAGE/root/images/udp-echo"
: > "$OUT/media-images.properties"
for image in media-baseline=0 media-regressed=4000000; do
  name=${image%%=*}
  rounds=${image#*=}
  cp -a "$WORK/initrd" "$WORK/$name"
  install -m755 "$OUT/udp-echo" "$WORK/$name/bin/udp-echo"
  echo "/bin/udp-echo 40000 $rounds" > "$WORK/$name/etc/telvirt-workload"
  echo "$name work=$rounds" > "$WORK/$name/etc/telvirt-image"
  (cd "$WORK/$name" && find . | cpio -o -H newc --quiet | gzip -1) > "$STAGE/root/images/$name.gz"
  echo "$image" >> "$OUT/media-images.properties"
  echo "media image $name: $("$OUT/udp-echo" --time "$rounds") of work per packet on this machine"
done
rm -rf "$WORK"

cp "$STAGE/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
cp "$STAGE/boot/initrd.img-$KVER" "$OUT/initrd.img"
zcat "$STAGE"/boot/xen-4.17-amd64.gz > "$OUT/xen.bin"
echo "$KVER" > "$OUT/kernel-version"

rm -f "$OUT/disk.img"
mkfs.ext4 -q -F -L xenroot -d "$STAGE" "$OUT/disk.img" 3G
rm -rf "$STAGE"
