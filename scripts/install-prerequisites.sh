#!/usr/bin/env bash
# Installs what telvirt's build and hosts need on Debian 12, once; a no-op when present.
# Usage: install-prerequisites.sh [--check] [MAVEN_ARGUMENTS...]
#   --check      installs nothing: prints what is missing and exits 1 if anything is (./telvirt runs this)
#   -P...xen-lab adds what the lab needs
# What and why:
#   openjdk-17-jdk-headless, maven  the build itself, when no JDK 17+ or Maven is on the PATH
#   openssh-server  the SSH layer's tests run a real sshd on loopback
#   ethtool         interrupt coalescing where a NIC supports it
#   iproute2        network namespaces for the lab and generator tests
#   xen-lab         QEMU to boot Xen; debootstrap, busybox-static, dropbear-bin (the guests' SSH server),
#                   gcc and libc6-dev (the guests' static programs), file, cpio, e2fsprogs to build its image
set -euo pipefail
check_only=false
if [[ ${1:-} == --check ]]; then
  check_only=true
  shift
fi
packages=(openssh-server ethtool iproute2 procps)
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' || true)
if [[ -z $java_major ]] || ((${java_major%%.*} < 17)); then
  packages+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null || packages+=(maven)
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
if $check_only; then
  echo "${missing[*]}"
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "telvirt needs these Debian packages: ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "telvirt: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
