#!/bin/bash
# Stage 1 of the xen-lab image: a Debian bookworm root file system holding Xen 4.17 and its tools.
# Usage: build-rootfs.sh ROOTFS_DIR   (as root). Slow (minutes), so it is cached on its own,
# keyed by this file's hash: changing the Dom0 configuration (build-image.sh) does not redo it.
set -euo pipefail
ROOTFS=$1
# the Debian mirror this machine's apt already uses
MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$MIRROR" ] || { echo "no Debian mirror found in this machine's apt sources" >&2; exit 1; }
rm -rf "$ROOTFS.partial"
debootstrap --variant=minbase \
  --include=xen-system-amd64,linux-image-amd64,systemd-sysv,udev,kmod,openssh-server,iproute2,bridge-utils,ethtool,ifupdown,procps,isc-dhcp-client,iptables,netcat-openbsd \
  bookworm "$ROOTFS.partial" "$MIRROR"
mv "$ROOTFS.partial" "$ROOTFS"
