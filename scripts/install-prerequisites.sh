#!/usr/bin/env bash
# Installs the Debian 12 packages telvirt's build and hosts use, once; a no-op when present.
# Usage: install-prerequisites.sh [MAVEN_ARGUMENTS...]   (./telvirt passes its own: -Pxen-lab adds the lab's)
#   openjdk-17-jdk-headless, maven  the build itself
#   openssh-server  the SSH layer's tests run a real sshd on loopback
#   ethtool         interrupt coalescing where a NIC supports it
#   iproute2        network namespaces for the lab and generator tests
#   xen-lab         QEMU to boot Xen; debootstrap, busybox-static, dropbear-bin (the guests' SSH server),
#                   gcc and libc6-dev (the guests' static programs), file, cpio, e2fsprogs to build its image
set -euo pipefail
packages=(openjdk-17-jdk-headless maven openssh-server ethtool iproute2 procps)
for argument in "$@"; do
  if [[ $argument =~ ^-P.*xen-lab ]]; then
    packages+=(qemu-system-x86 debootstrap busybox-static dropbear-bin openssh-client gcc libc6-dev file cpio e2fsprogs)
  fi
done
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "telvirt needs these Debian packages: ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "telvirt: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
