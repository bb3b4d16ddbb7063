#!/bin/bash
# Installs what ec2-as-service needs on Debian/Ubuntu, idempotently and without prompts.
#   scripts/install-deps.sh run    what `make run` needs (JDK, QEMU, libvirt, ACL tools; the seed ISO is written in process)
#   scripts/install-deps.sh test   plus what the tests need (test guest build tools, genisoimage for isoinfo and the bench,
#                                  dpkg's arm64 architecture for the arm64 test guest's packages)
# On macOS it prints the Homebrew command instead.
set -euo pipefail
mode=${1:-run}

say() { echo "install-deps: $*" >&2; }

if [ "$(uname -s)" = Darwin ]; then
  for tool in qemu-img virsh java; do
    command -v "$tool" >/dev/null || missing=1
  done
  if [ -n "${missing:-}" ]; then
    say "install the prerequisites with: brew install qemu libvirt openjdk@17 && brew services start libvirt"
    exit 1
  fi
  exit 0
fi

command -v apt-get >/dev/null || { say "not a Debian/Ubuntu system; install QEMU, libvirt, qemu-img, acl and a JDK 17 by hand"; exit 0; }

case "$(uname -m)" in
  x86_64) qemu=qemu-system-x86; kernel=linux-image-amd64 ;;
  # arm64 guests boot through UEFI: AAVMF (qemu-efi-aarch64) is their firmware
  aarch64) qemu="qemu-system-arm qemu-efi-aarch64"; kernel=linux-image-arm64 ;;
  *) qemu=qemu-system; kernel=linux-image-generic ;;
esac

packages=(qemu-utils $qemu libvirt-daemon-system libvirt-clients dnsmasq-base acl iproute2 iptables ca-certificates curl)
command -v javac >/dev/null || packages+=(openjdk-17-jdk-headless)
if [ "$mode" = test ]; then
  # genisoimage: isoinfo reads the service's seed ISO back in its test; the bench's by-hand baseline writes one
  packages+=(genisoimage busybox-static dropbear-bin "$kernel" syslinux syslinux-common mtools dosfstools fdisk kmod cpio zstd openssh-client gcc libc6-dev sqlite3 mmdebstrap grub-pc-bin e2fsprogs debian-archive-keyring)
  # the adapter test defines an arm64 UEFI domain on any host: the aarch64 emulator and AAVMF
  packages+=(qemu-system-arm qemu-efi-aarch64)
  # the arm64 test guest's disk: GPT, an EFI system partition, a standalone arm64 GRUB made by grub-mkimage
  packages+=(grub-common)
  # the console's browser tests drive Debian's Chromium (scripts/e2e.sh); never a downloaded browser
  packages+=(chromium)
fi
# The web console is built with the machine's Node and npm (Vite 8 needs Node 20.19 or newer)
command -v npm >/dev/null || say "npm not found: install Node.js 20.19+ and npm (https://nodejs.org) to build the web console"

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

# The arm64 test guest is built from Debian's arm64 packages, downloaded (apt-get download) and unpacked, never
# installed: on another host architecture dpkg must know arm64 and apt must have its package lists.
if [ "$mode" = test ]; then
  if [ "$(dpkg --print-architecture)" != arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    say "adding dpkg's arm64 architecture (package lists only: the arm64 test guest's packages are never installed)"
    $sudo dpkg --add-architecture arm64
  fi
  if ! apt-cache show --no-all-versions busybox-static:arm64 >/dev/null 2>&1; then
    say "fetching the arm64 package lists"
    $sudo apt-get update -q >/dev/null
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { say "all prerequisites present"; exit 0; }

say "installing: ${missing[*]}"
# Package scripts must not start libvirtd here: on a test machine it has to run inside our namespace.
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ] && [ "$mode" = test ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  created_policy=1
fi
trap '[ -n "$created_policy" ] && $sudo rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
say "done"
