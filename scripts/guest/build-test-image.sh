#!/bin/bash
# Build a tiny bootable qcow2 test guest that behaves like a small cloud image
# (NoCloud seed, default user "ubuntu", dropbear SSH, ACPI power button,
# persistent /data on the boot partition), without any mounts or loop devices.
#
# Usage: scripts/guest/build-test-image.sh OUT_DIR
# Output: OUT_DIR/ec2-test-guest.qcow2 (its path is printed on stdout).
# Cached: OUT_DIR/.stamp holds a hash of scripts/guest/** and the kernel
# version; when it matches, nothing is rebuilt.
#
# Environment:
#   EC2_GUEST_KVER   guest kernel version (default: newest /boot/vmlinuz-* that
#                    has /lib/modules/<kver>; the host's uname -r is NOT used)
#   EC2_GUEST_CMDLINE_EXTRA  extra kernel command line arguments
#   EC2_GUEST_INITRD_COMPRESS  none|gzip|zstd (default zstd)
#
# Host packages used: busybox-static dropbear-bin linux-image-amd64 kmod cpio
# syslinux syslinux-common mtools dosfstools fdisk qemu-utils (zstd optional).
set -euo pipefail

log() { echo "build-test-image: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: $0 OUT_DIR"
OUT_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FILES=$HERE/files
IMAGE_NAME=ec2-test-guest.qcow2
DISK_MIB=64
PART_START=2048                      # sectors (1 MiB)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# ---- guest kernel -----------------------------------------------------------
if [ -n "${EC2_GUEST_KVER:-}" ]; then
    KVER=$EC2_GUEST_KVER
else
    KVER=
    for k in $(ls -1 /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -V -r); do
        if [ -d "/lib/modules/$k" ]; then KVER=$k; break; fi
    done
    [ -n "$KVER" ] || die "no /boot/vmlinuz-<kver> with /lib/modules/<kver> (apt-get install linux-image-amd64)"
fi
VMLINUZ=/boot/vmlinuz-$KVER
[ -r "$VMLINUZ" ] || die "$VMLINUZ not readable"
[ -d "/lib/modules/$KVER" ] || die "/lib/modules/$KVER missing"

# ---- tools --------------------------------------------------------------------
BUSYBOX=
for b in /bin/busybox /usr/bin/busybox; do
    if [ -x "$b" ] && ! ldd "$b" >/dev/null 2>&1; then BUSYBOX=$b; break; fi
done
[ -n "$BUSYBOX" ] || die "static busybox not found (apt-get install busybox-static)"
MBR_BIN=
for m in /usr/lib/syslinux/mbr/mbr.bin /usr/lib/syslinux/mbr.bin /usr/share/syslinux/mbr.bin; do
    [ -r "$m" ] && { MBR_BIN=$m; break; }
done
[ -n "$MBR_BIN" ] || die "syslinux mbr.bin not found (apt-get install syslinux-common)"
for t in dropbear dropbearkey modprobe cpio sfdisk mkfs.fat fsck.fat mcopy syslinux qemu-img ldd sha256sum; do
    command -v "$t" >/dev/null 2>&1 || die "missing tool: $t"
done
case "${EC2_GUEST_INITRD_COMPRESS:-zstd}" in
    none) COMPRESS=cat ;;
    gzip) COMPRESS="gzip -6 -n -c" ;;
    zstd) if command -v zstd >/dev/null 2>&1; then COMPRESS="zstd -q -9 -T0 -c"; else COMPRESS="gzip -6 -n -c"; fi ;;
    *) die "EC2_GUEST_INITRD_COMPRESS must be none, gzip or zstd" ;;
esac

# ---- cache --------------------------------------------------------------------
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
STAMP=$( {
    echo "kver=$KVER compress=$COMPRESS cmdline=${EC2_GUEST_CMDLINE_EXTRA:-}"
    (cd "$HERE" && find . -type f ! -name '*~' -print | LC_ALL=C sort | while read -r f; do
        echo "$f $(stat -c %a "$f") $(sha256sum < "$f")"; done)
} | sha256sum | cut -d' ' -f1 )
if [ -f "$OUT_DIR/$IMAGE_NAME" ] && [ -f "$OUT_DIR/.stamp" ] && [ "$(cat "$OUT_DIR/.stamp")" = "$STAMP" ]; then
    log "up to date ($KVER)"
    echo "$OUT_DIR/$IMAGE_NAME"
    exit 0
fi

WORK=$(mktemp -d "$OUT_DIR/.build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/root
log "building for kernel $KVER in $WORK"

# ---- root filesystem (becomes the initramfs) ----------------------------------
# usrmerge-like layout: everything executable lives in /usr/bin, so the
# default PATH of any program (dropbear uses /usr/bin:/bin) finds every applet.
mkdir -p "$ROOT"/usr/bin "$ROOT"/usr/lib "$ROOT"/usr/lib64 \
    "$ROOT"/{dev,proc,sys,tmp,run,mnt,data,root,home,etc,var/log,var/spool/cron/crontabs}
ln -s usr/bin "$ROOT/bin"
ln -s usr/bin "$ROOT/sbin"
ln -s bin "$ROOT/usr/sbin"
ln -s usr/lib "$ROOT/lib"
ln -s usr/lib64 "$ROOT/lib64"
ln -s ../run "$ROOT/var/run"
chmod 1777 "$ROOT/tmp"
chmod 0700 "$ROOT/root"

cp "$BUSYBOX" "$ROOT/usr/bin/busybox"
for a in $("$BUSYBOX" --list); do
    [ "$a" = busybox ] && continue
    ln -sf busybox "$ROOT/usr/bin/$a"
done

# Dynamically linked host binaries and their libraries (per ldd).
copy_with_libs() {
    local bin=$1 dest=$2 lib
    install -m 0755 "$bin" "$ROOT$dest"
    for lib in $(ldd "$bin" | awk '/=>/ { if ($3 ~ /^\//) print $3; next } $1 ~ /^\// { print $1 }'); do
        [ -e "$ROOT$lib" ] && continue
        mkdir -p "$ROOT$(dirname "$lib")"
        cp -L "$lib" "$ROOT$lib"
    done
}
copy_with_libs "$(command -v dropbear)" /usr/bin/dropbear
copy_with_libs "$(command -v dropbearkey)" /usr/bin/dropbearkey
copy_with_libs "$(command -v fsck.fat)" /usr/bin/fsck.fat
# glibc >= 2.34 has the "files" NSS backend built in; copy the stub anyway.
for l in /lib/x86_64-linux-gnu/libnss_files.so.2; do
    [ -e "$l" ] && cp -L "$l" "$ROOT$l"
done

# Password-less sudo for group "sudo" (like a cloud image's default user),
# when a C compiler with a static libc is available.
if command -v cc >/dev/null 2>&1 \
    && cc -static -Os -s -o "$WORK/sudo" "$HERE/sudo.c" 2>"$WORK/sudo.err"; then
    install -m 4755 "$WORK/sudo" "$ROOT/usr/bin/sudo"
else
    log "warning: could not build sudo (no cc/static libc): guest has no sudo"
fi

# Kernel modules, in dependency order; the guest insmods them from a list.
MODULES="virtio_pci virtio_blk virtio_net virtio_scsi virtio-rng virtio_balloon virtio_console
    ata_piix ahci sd_mod sr_mod isofs fat vfat nls_ascii nls_cp437 nls_utf8 button evdev"
: > "$ROOT/etc/modules.order"
for m in $MODULES; do
    deps=$(modprobe -S "$KVER" --show-depends "$m" 2>/dev/null) || die "module $m not found for $KVER"
    while read -r kind path _; do
        [ "$kind" = insmod ] || continue            # "builtin X" needs nothing
        rel=${path#/lib/modules/$KVER/}
        grep -qxF "$rel" "$ROOT/etc/modules.order" && continue
        mkdir -p "$ROOT/lib/modules/$KVER/$(dirname "$rel")"
        case "$path" in
            *.ko.xz)  xz -dc "$path" > "$ROOT/lib/modules/$KVER/${rel%.xz}"; rel=${rel%.xz} ;;
            *.ko.zst) zstd -q -dc "$path" > "$ROOT/lib/modules/$KVER/${rel%.zst}"; rel=${rel%.zst} ;;
            *.ko.gz)  gzip -dc "$path" > "$ROOT/lib/modules/$KVER/${rel%.gz}"; rel=${rel%.gz} ;;
            *)        cp "$path" "$ROOT/lib/modules/$KVER/$rel" ;;
        esac
        echo "$rel" >> "$ROOT/etc/modules.order"
    done <<< "$deps"
done
echo "$KVER" > "$ROOT/etc/kernel-version"

# Static files (init scripts, udhcpc script, NoCloud reader, acpi handler).
cp -a "$FILES/." "$ROOT/"
chmod 0755 "$ROOT/etc/init.d/"* "$ROOT/etc/udhcpc/default.script" \
    "$ROOT/etc/acpi/PWRF/00000080" "$ROOT/usr/lib/ec2-guest/"*.sh

# Users: root and the default cloud user "ubuntu". "*" = no password login
# possible, but not "locked" ("!"), so public key login works.
cat > "$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$ROOT/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
tty:x:5:
disk:x:6:
adm:x:4:ubuntu
sudo:x:27:ubuntu
ubuntu:x:1000:
nogroup:x:65534:
EOF
cat > "$ROOT/etc/shadow" <<'EOF'
root:*:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
ubuntu:*:19000:0:99999:7:::
nobody:*:19000:0:99999:7:::
EOF
chmod 0640 "$ROOT/etc/shadow"
printf '/bin/sh\n/bin/ash\n/usr/bin/sh\n' > "$ROOT/etc/shells"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
echo localhost > "$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$ROOT/etc/hosts"
: > "$ROOT/etc/resolv.conf"
printf 'ec2-as-service test guest (busybox) \\n \\l\n\n' > "$ROOT/etc/issue"
cat > "$ROOT/etc/profile" <<'EOF'
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
export HOME=${HOME:-/}
[ "$(id -u)" = 0 ] && PS1='\u@\h:\w# ' || PS1='\u@\h:\w$ '
export PS1
EOF
mkdir -p "$ROOT/home/ubuntu"      # ownership fixed at boot (cpio is root-owned)

# /dev/console for the kernel before devtmpfs is mounted (the kernel's built-in
# initramfs has one too; only creatable as root).
if [ "$(id -u)" = 0 ]; then mknod -m 0600 "$ROOT/dev/console" c 5 1; fi

(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner 0:0 --quiet) \
    | $COMPRESS > "$WORK/initrd.img"

# ---- boot disk: MBR + one active FAT partition at 1 MiB --------------------------
DISK=$WORK/disk.raw
truncate -s "${DISK_MIB}M" "$DISK"
printf 'label: dos\nstart=%s, type=e, bootable\n' "$PART_START" | sfdisk -q --no-reread --no-tell-kernel "$DISK"
dd if="$MBR_BIN" of="$DISK" bs=440 count=1 conv=notrunc status=none
PART_SECTORS=$(( DISK_MIB * 2048 - PART_START ))
mkfs.fat -F 16 -n EC2DATA -h "$PART_START" --offset="$PART_START" "$DISK" $(( PART_SECTORS / 2 )) >/dev/null
cat > "$WORK/syslinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL vmlinuz
  INITRD initrd.img
  APPEND console=ttyS0,115200n8 rdinit=/sbin/init panic=10 ${EC2_GUEST_CMDLINE_EXTRA:-}
EOF
export MTOOLS_SKIP_CHECK=1
IMG="$DISK@@$(( PART_START * 512 ))"
mcopy -i "$IMG" "$VMLINUZ" ::vmlinuz
mcopy -i "$IMG" "$WORK/initrd.img" ::initrd.img
mcopy -i "$IMG" "$WORK/syslinux.cfg" ::syslinux.cfg
syslinux --install --offset $(( PART_START * 512 )) "$DISK"

qemu-img convert -f raw -O qcow2 "$DISK" "$WORK/$IMAGE_NAME"
chmod 0644 "$WORK/$IMAGE_NAME"
mv -f "$WORK/$IMAGE_NAME" "$OUT_DIR/$IMAGE_NAME"
echo "$STAMP" > "$OUT_DIR/.stamp"
log "built $(du -k "$OUT_DIR/$IMAGE_NAME" | cut -f1) KiB (initrd $(du -k "$WORK/initrd.img" | cut -f1) KiB)"
echo "$OUT_DIR/$IMAGE_NAME"
