#!/bin/busybox sh
# PID 1 of the lab's DomU guests: network and an SSH server; the framework copies the workload in over SSH.
# Kernel argument: telvirt.ip=ADDRESS
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
IP=10.0.2.50
for arg in $(cat /proc/cmdline); do
  case $arg in
    telvirt.ip=*) IP=${arg#telvirt.ip=} ;;
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
echo "TELVIRT-DOMU-READY ip=$IP uptime=$(cut -d' ' -f1 /proc/uptime)"
# PID 1 must never exit: an end of file on the console would otherwise panic the guest
while true; do sh </dev/hvc0 >/dev/hvc0 2>&1; sleep 1; done
