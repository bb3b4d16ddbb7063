#!/bin/bash
# Build a real Debian 12 (bookworm) cloud image with cloud-init, as a qcow2
# that ec2-as-service can boot as an instance: NoCloud seed (meta-data
# public-keys, user-data), default user "ubuntu" like the catalogue's images,
# OpenSSH with ed25519/ecdsa host keys only, GRUB (i386-pc) on a BIOS disk,
# serial console. No mounts and no loop devices: the root filesystem is
# written with mkfs.ext4 -d, GRUB's boot.img/core.img with dd.
#
# Usage: scripts/guest/build-cloudinit-image.sh OUT_DIR      (as root)
# Output: OUT_DIR/debian-cloudinit.qcow2 (its path is printed on stdout).
# Cached: OUT_DIR/debian-cloudinit.qcow2.stamp holds a hash of this script
# (and of scripts/guest/cloudinit/**, if present); when it matches, nothing is
# rebuilt.
#
# Environment:
#   EC2_DEBIAN_MIRROR  Debian mirror (default: the bookworm mirror of this
#                      host's apt sources, else http://deb.debian.org/debian)
#
# Host packages used: mmdebstrap grub-pc-bin (grub-common) e2fsprogs fdisk
# qemu-utils debian-archive-keyring; network access to the Debian mirror.
set -euo pipefail

log() { echo "build-cloudinit-image: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: $0 OUT_DIR"
[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap --mode=root)"
OUT_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")
IMAGE_NAME=debian-cloudinit.qcow2
SUITE=bookworm
DISK_MIB=2048
PART_START=2048                      # sectors (1 MiB); core.img lives in sectors 1..2047
DEFAULT_USER=ubuntu
GRUB_DIR=/usr/lib/grub/i386-pc
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C.UTF-8

PACKAGES="cloud-init openssh-server linux-image-cloud-amd64 systemd systemd-sysv udev dbus
    ifupdown isc-dhcp-client iproute2 sudo cloud-guest-utils fdisk e2fsprogs locales ca-certificates"

# ---- tools --------------------------------------------------------------------
for t in mmdebstrap grub-mkimage mkfs.ext4 sfdisk qemu-img sha256sum; do
    command -v "$t" >/dev/null 2>&1 || die "missing tool: $t (apt-get install mmdebstrap grub-pc-bin e2fsprogs fdisk qemu-utils)"
done
[ -r "$GRUB_DIR/boot.img" ] || die "$GRUB_DIR/boot.img not found (apt-get install grub-pc-bin)"

# ---- mirror: the host's bookworm source (deb822 or one-line), else deb.debian.org
host_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        # one stanza per paragraph; print the URI of a "deb" stanza whose Suites has exactly $SUITE
        awk -v suite="$SUITE" '
            function flush() { if (deb && ok && uri != "") { print uri; found = 1; exit } deb = ok = 0; uri = "" }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]*#/ { next }
            tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
            tolower($1) == "uris:" { uri = $2 }
            tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
            tolower($1) == "enabled:" && tolower($2) == "no" { deb = 0 }
            END { if (!found) flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk -v suite="$SUITE" '$1 == "deb" {
            i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
            if ($(i + 1) == suite) print $i }' "$f"
    done
}
MIRROR=${EC2_DEBIAN_MIRROR:-$(host_mirror | grep -m1 -E '^https?://' || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

# ---- cache --------------------------------------------------------------------
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
STAMP_FILE=$OUT_DIR/$IMAGE_NAME.stamp
STAMP=$( {
    echo "suite=$SUITE disk=$DISK_MIB user=$DEFAULT_USER"
    echo "./$(basename "$SELF") $(sha256sum < "$SELF")"
    if [ -d "$HERE/cloudinit" ]; then
        (cd "$HERE" && find cloudinit -type f ! -name '*~' -print | LC_ALL=C sort | while read -r f; do
            echo "$f $(stat -c %a "$f") $(sha256sum < "$f")"; done)
    fi
} | sha256sum | cut -d' ' -f1 )
if [ -f "$OUT_DIR/$IMAGE_NAME" ] && [ -f "$STAMP_FILE" ] && [ "$(cat "$STAMP_FILE")" = "$STAMP" ]; then
    log "up to date"
    echo "$OUT_DIR/$IMAGE_NAME"
    exit 0
fi

WORK=$(mktemp -d "$OUT_DIR/.build-cloudinit.XXXXXX")
trap 'rm -rf --one-file-system "$WORK"' EXIT
ROOT=$WORK/rootfs
ROOT_UUID=$(cat /proc/sys/kernel/random/uuid)
log "building $SUITE from $MIRROR in $WORK"
START=$(date +%s)

# ---- root filesystem ------------------------------------------------------------
# Documentation, man pages and translations are left out (smaller, faster).
mmdebstrap --mode=root --variant=minbase --format=directory \
    --include="$(echo $PACKAGES | tr ' ' ',')" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook='echo "en_US.UTF-8 UTF-8" > "$1/etc/locale.gen" && chroot "$1" locale-gen >/dev/null' \
    --customize-hook='echo "LANG=en_US.UTF-8" > "$1/etc/default/locale"' \
    "$SUITE" "$ROOT" "$MIRROR" >&2
[ -d "$ROOT/etc/cloud" ] || die "mmdebstrap produced no root filesystem"

# cloud-init configuration: NoCloud (the service's seed ISO) then None; the
# catalogue's default user "ubuntu"; no RSA host key (≈14 s under TCG).
cat > "$ROOT/etc/cloud/cloud.cfg.d/99-ec2-as-service.cfg" <<EOF
# Written by ec2-as-service scripts/guest/build-cloudinit-image.sh
datasource_list: [ NoCloud, None ]
ssh_genkeytypes: [ ed25519, ecdsa ]
ssh_deletekeys: true
system_info:
  default_user:
    name: $DEFAULT_USER
    lock_passwd: true
    gecos: Ubuntu
    groups: [ adm, sudo ]
    sudo: [ "ALL=(ALL) NOPASSWD:ALL" ]
    shell: /bin/bash
EOF
cat > "$ROOT/etc/fstab" <<EOF
UUID=$ROOT_UUID / ext4 defaults,errors=remount-ro 0 1
EOF

# Per-instance identity is made at first boot: SSH host keys (cloud-init),
# machine id (systemd), hostname (cloud-init).
rm -f "$ROOT"/etc/ssh/ssh_host_*
: > "$ROOT/etc/machine-id"
rm -f "$ROOT/var/lib/dbus/machine-id"
echo localhost > "$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' > "$ROOT/etc/hosts"
rm -f "$ROOT/etc/resolv.conf"
# Interfaces come from cloud-init's rendering in /etc/network/interfaces.d.
cat > "$ROOT/etc/network/interfaces" <<'EOF'
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
EOF
rm -rf "$ROOT"/var/lib/cloud/* "$ROOT"/var/log/*.log "$ROOT"/var/cache/apt/*.bin

KVER=$(ls -1 "$ROOT"/boot/vmlinuz-* | sed 's|.*/vmlinuz-||' | sort -V | tail -n1)
[ -n "$KVER" ] && [ -f "$ROOT/boot/initrd.img-$KVER" ] || die "no kernel/initrd in the root filesystem"

# GRUB reads this from the root filesystem; its modules are all in core.img.
mkdir -p "$ROOT/boot/grub"
cat > "$ROOT/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set default=0
set timeout=0
menuentry "Debian GNU/Linux $SUITE ($KVER)" {
    search --no-floppy --fs-uuid --set=root $ROOT_UUID
    linux /boot/vmlinuz-$KVER root=UUID=$ROOT_UUID ro console=ttyS0,115200n8
    initrd /boot/initrd.img-$KVER
}
EOF

# ---- disk: MBR (boot.img) + core.img from sector 1 + one ext4 partition at 1 MiB
DISK=$WORK/disk.raw
truncate -s "${DISK_MIB}M" "$DISK"
printf 'label: dos\nstart=%s, type=83, bootable\n' "$PART_START" | sfdisk -q --no-reread --no-tell-kernel "$DISK"
PART_KIB=$(( (DISK_MIB * 2048 - PART_START) / 2 ))
mkfs.ext4 -q -F -L rootfs -U "$ROOT_UUID" -E offset=$(( PART_START * 512 )) -d "$ROOT" "$DISK" "${PART_KIB}k"

grub-mkimage -O i386-pc -o "$WORK/core.img" -p '(hd0,msdos1)/boot/grub' \
    biosdisk part_msdos ext2 search search_fs_uuid normal configfile linux boot serial terminal echo test
CORE_BYTES=$(stat -c %s "$WORK/core.img")
[ "$CORE_BYTES" -le $(( (PART_START - 1) * 512 )) ] || die "core.img ($CORE_BYTES bytes) does not fit before the partition"
# boot.img's code only (440 bytes): the partition table and signature stay.
# Its default kernel sector is 1, and grub-mkimage fills in core.img's own
# block list length, so no grub-install/grub-bios-setup is needed.
dd if="$GRUB_DIR/boot.img" of="$DISK" bs=440 count=1 conv=notrunc status=none
dd if="$WORK/core.img" of="$DISK" bs=512 seek=1 conv=notrunc status=none

qemu-img convert -f raw -O qcow2 "$DISK" "$WORK/$IMAGE_NAME"
chmod 0644 "$WORK/$IMAGE_NAME"
mv -f "$WORK/$IMAGE_NAME" "$OUT_DIR/$IMAGE_NAME"
echo "$STAMP" > "$STAMP_FILE"
log "built $(du -k "$OUT_DIR/$IMAGE_NAME" | cut -f1) KiB (kernel $KVER, root fs $(du -sm "$ROOT" | cut -f1) MiB) in $(( $(date +%s) - START )) s"
echo "$OUT_DIR/$IMAGE_NAME"
