#!/bin/busybox sh
# PID 1 of the lab's DomU guests: network and an SSH server; the framework copies the workload in over SSH, unless
# the image bakes its own in: /etc/telvirt-workload, a command line started here (a media image's echo).
# Kernel arguments: telvirt.ip=ADDRESS, telvirt.image.version=VERSION (only shown on the console)
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
IP=10.0.2.50
VERSION=none
for arg in $(cat /proc/cmdline); do
  case $arg in
    telvirt.ip=*) IP=${arg#telvirt.ip=} ;;
    telvirt.image.version=*) VERSION=${arg#telvirt.image.version=} ;;
  esac
done
insmod /lib/modules/xen-netfront.ko
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /sys/class/net/eth0 ] && break; sleep 1; done
ip link set lo up
ip link set eth0 up
ip addr add "$IP/24" dev eth0
ip route add default via 10.0.2.2
# -s -j -k: keys only, no port forwarding
/usr/sbin/dropbear -F -E -s -j -k -p 22 -r /etc/dropbear/dropbear_ed25519_host_key &
if [ -f /etc/telvirt-workload ]; then
  setsid $(cat /etc/telvirt-workload) </dev/null >/dev/hvc0 2>&1 &
  echo "TELVIRT-IMAGE $(cat /etc/telvirt-image) version=$VERSION runs: $(cat /etc/telvirt-workload)"
fi
echo "TELVIRT-DOMU-READY ip=$IP uptime=$(cut -d' ' -f1 /proc/uptime)"
# PID 1 must never exit: an end of file on the console would otherwise panic the guest
while true; do sh </dev/hvc0 >/dev/hvc0 2>&1; sleep 1; done
