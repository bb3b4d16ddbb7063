#!/bin/bash
# Build the arm64 variant of the tiny test guest: the same busybox system as
# build-test-image.sh (NoCloud seed, default user "ubuntu", dropbear SSH, ACPI
# power button, persistent /data), booted by UEFI from its own disk like an
# arm64 cloud image: GPT, one EFI system partition holding a standalone GRUB as
# EFI/BOOT/BOOTAA64.EFI (its configuration embedded), the kernel and the
# initramfs. Everything arm64 comes from Debian's arm64 archive as .debs
# (apt-get download), unpacked without installing; no mounts, no loop devices,
# no cross compiler.
#
# Usage: scripts/guest/build-test-image-arm64.sh OUT_DIR
# Output: OUT_DIR/ec2-test-guest-arm64.qcow2 (its path is printed on stdout).
# Cached: OUT_DIR/.stamp holds a hash of scripts/guest/** and the versions of
# the arm64 packages; when it matches, nothing is rebuilt (nor downloaded).
#
# Needs dpkg's arm64 architecture and its package lists
# (dpkg --add-architecture arm64 && apt-get update; scripts/install-deps.sh
# test does both). Host tools: apt-get dpkg-deb kmod cpio fdisk dosfstools
# mtools grub-common (grub-mkimage) qemu-utils (zstd optional).
#
# Environment:
#   EC2_GUEST_KERNEL_PKG     arm64 kernel package (default linux-image-cloud-arm64)
#   EC2_GUEST_CMDLINE_EXTRA  extra kernel command line arguments
set -euo pipefail

log() { echo "build-test-image-arm64: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: $0 OUT_DIR"
OUT_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FILES=$HERE/files
IMAGE_NAME=ec2-test-guest-arm64.qcow2
DISK_MIB=128                         # the arm64 kernel Image is uncompressed (~27 MB)
PART_START=2048                      # sectors (1 MiB)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

for t in apt-get apt-cache dpkg-deb depmod modprobe cpio sfdisk mkfs.fat mcopy grub-mkimage qemu-img sha256sum; do
    command -v "$t" >/dev/null 2>&1 || die "missing tool: $t"
done
[ "$(dpkg --print-architecture)" = arm64 ] || dpkg --print-foreign-architectures | grep -qx arm64 \
    || die "dpkg has no arm64 architecture (scripts/install-deps.sh test, or: dpkg --add-architecture arm64 && apt-get update)"
if command -v zstd >/dev/null 2>&1; then COMPRESS="zstd -q -9 -T0 -c"; else COMPRESS="gzip -6 -n -c"; fi

# ---- arm64 packages (resolved from the local package lists, offline) ---------
KERNEL_META=${EC2_GUEST_KERNEL_PKG:-linux-image-cloud-arm64}
KERNEL_PKG=$(apt-cache depends "$KERNEL_META:arm64" 2>/dev/null | awk '/Depends: linux-image-/ { sub(/:arm64$/, "", $2); print $2; exit }')
[ -n "$KERNEL_PKG" ] || die "no arm64 kernel behind $KERNEL_META (apt-get update after dpkg --add-architecture arm64?)"
KVER=${KERNEL_PKG#linux-image-}
# dropbear-bin and dosfstools are dynamically linked: their libraries come along
PACKAGES="$KERNEL_PKG busybox-static dropbear-bin dosfstools libc6 libcrypt1 libtomcrypt1 libtommath1 libgmp10 zlib1g grub-efi-arm64-bin"
VERSIONS=
for p in $PACKAGES; do
    v=$(apt-cache show --no-all-versions "$p:arm64" 2>/dev/null | awk '/^Version:/ { print $2; exit }')
    [ -n "$v" ] || die "arm64 package $p not known to apt (apt-get update?)"
    VERSIONS="$VERSIONS $p=$v"
done

# ---- cache --------------------------------------------------------------------
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
STAMP=$( {
    echo "arm64 $VERSIONS compress=$COMPRESS cmdline=${EC2_GUEST_CMDLINE_EXTRA:-}"
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
log "building for arm64 kernel $KVER in $WORK"

# apt-get download writes into the current directory; as root it warns that the
# _apt user cannot write there, which is harmless for a download.
DEBS=$WORK/debs
SYSROOT=$WORK/sysroot
mkdir -p "$DEBS" "$SYSROOT"
chmod 0755 "$WORK" "$DEBS"
(cd "$DEBS" && apt-get download -q $(for p in $PACKAGES; do printf '%s:arm64 ' "$p"; done) >/dev/null 2>"$WORK/download.log") \
    || { cat "$WORK/download.log" >&2; die "apt-get download failed"; }
for d in "$DEBS"/*.deb; do dpkg-deb -x "$d" "$SYSROOT"; done
MODDIR=$SYSROOT/lib/modules/$KVER
[ -d "$MODDIR" ] || MODDIR=$SYSROOT/usr/lib/modules/$KVER
[ -d "$MODDIR" ] || die "no modules for $KVER in $KERNEL_PKG"
SYSROOT_MODBASE=${MODDIR%/lib/modules/$KVER}
depmod -b "$SYSROOT_MODBASE" "$KVER"
BUSYBOX=$SYSROOT/bin/busybox
[ -x "$BUSYBOX" ] || BUSYBOX=$SYSROOT/usr/bin/busybox
[ -x "$BUSYBOX" ] || die "busybox missing from busybox-static:arm64"

# ---- root filesystem (becomes the initramfs) ----------------------------------
ROOT=$WORK/root
mkdir -p "$ROOT"/usr/bin "$ROOT"/usr/lib \
    "$ROOT"/{dev,proc,sys,tmp,run,mnt,data,root,home,etc,var/log,var/spool/cron/crontabs}
ln -s usr/bin "$ROOT/bin"
ln -s usr/bin "$ROOT/sbin"
ln -s bin "$ROOT/usr/sbin"
ln -s usr/lib "$ROOT/lib"
ln -s ../run "$ROOT/var/run"
chmod 1777 "$ROOT/tmp"
chmod 0700 "$ROOT/root"

cp "$BUSYBOX" "$ROOT/usr/bin/busybox"
# the applet list of an arm64 busybox cannot be asked for on this host: the x86
# build's list is the same package's, else a fixed set the guest scripts use
APPLETS=$(busybox --list 2>/dev/null || true)
[ -n "$APPLETS" ] || APPLETS="sh ash acpid awk cat chmod chown cp cut date dd echo env findfs fsck getty grep hostname id init insmod ip kill ln ls mkdir mount mv poweroff ps reboot rm sed sh sleep sync syslogd tail test touch tr udhcpc umount uname usleep vi wc"
for a in $APPLETS; do
    [ "$a" = busybox ] && continue
    ln -sf busybox "$ROOT/usr/bin/$a"
done

# dropbear, dropbearkey and fsck.fat with every shared library of the unpacked
# arm64 packages (ldd cannot run arm64 binaries here), and the dynamic loader
for b in dropbear dropbearkey; do install -m 0755 "$SYSROOT/usr/sbin/$b" "$ROOT/usr/bin/$b" 2>/dev/null \
    || install -m 0755 "$SYSROOT/usr/bin/$b" "$ROOT/usr/bin/$b"; done
install -m 0755 "$SYSROOT/sbin/fsck.fat" "$ROOT/usr/bin/fsck.fat" 2>/dev/null \
    || install -m 0755 "$SYSROOT/usr/sbin/fsck.fat" "$ROOT/usr/bin/fsck.fat"
mkdir -p "$ROOT/usr/lib/aarch64-linux-gnu"
for dir in "$SYSROOT/lib/aarch64-linux-gnu" "$SYSROOT/usr/lib/aarch64-linux-gnu"; do
    [ -d "$dir" ] || continue
    find "$dir" -maxdepth 1 -name '*.so*' \( -type f -o -type l \) -exec cp -a {} "$ROOT/usr/lib/aarch64-linux-gnu/" \;
done
LOADER=$(find "$ROOT/usr/lib/aarch64-linux-gnu" -name 'ld-linux-aarch64.so.1' | head -1)
[ -n "$LOADER" ] || die "ld-linux-aarch64.so.1 missing from libc6:arm64"
ln -sf aarch64-linux-gnu/ld-linux-aarch64.so.1 "$ROOT/usr/lib/ld-linux-aarch64.so.1"
log "warning: no sudo in the arm64 guest (it would need an arm64 C compiler)"

# Kernel modules, in dependency order; the guest insmods them from a list.
# No ata_piix/ahci (the virt board has no IDE/SATA): the seed CD is on virtio-scsi.
MODULES="virtio_pci virtio_mmio virtio_blk virtio_net virtio_scsi virtio-rng virtio_balloon virtio_console
    sd_mod sr_mod isofs fat vfat nls_ascii nls_cp437 nls_utf8 button evdev"
: > "$ROOT/etc/modules.order"
for m in $MODULES; do
    deps=$(modprobe -d "$SYSROOT_MODBASE" -S "$KVER" --show-depends "$m" 2>/dev/null) || die "module $m not found for $KVER"
    while read -r kind path _; do
        [ "$kind" = insmod ] || continue            # "builtin X" needs nothing
        rel=${path#"$MODDIR"/}
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

# Static files shared with the x86 guest; the console is the PL011 (ttyAMA0).
cp -a "$FILES/." "$ROOT/"
sed -i 's/ttyS0/ttyAMA0/g' "$ROOT/etc/inittab"
chmod 0755 "$ROOT/etc/init.d/"* "$ROOT/etc/udhcpc/default.script" \
    "$ROOT/etc/acpi/PWRF/00000080" "$ROOT/usr/lib/ec2-guest/"*.sh

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
printf 'ec2-as-service test guest (busybox, arm64) \\n \\l\n\n' > "$ROOT/etc/issue"
cat > "$ROOT/etc/profile" <<'EOF'
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
export HOME=${HOME:-/}
[ "$(id -u)" = 0 ] && PS1='\u@\h:\w# ' || PS1='\u@\h:\w$ '
export PS1
EOF
mkdir -p "$ROOT/home/ubuntu"
if [ "$(id -u)" = 0 ]; then mknod -m 0600 "$ROOT/dev/console" c 5 1; fi

(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner 0:0 --quiet) \
    | $COMPRESS > "$WORK/initrd.img"

# ---- bootloader: a standalone GRUB for arm64 UEFI -----------------------------
# Its embedded configuration boots the kernel from the partition GRUB was loaded
# from; no menu, no timeout.
cat > "$WORK/grub.cfg" <<EOF
set timeout=0
linux /vmlinuz console=ttyAMA0,115200n8 rdinit=/sbin/init panic=10 ${EC2_GUEST_CMDLINE_EXTRA:-}
initrd /initrd.img
boot
EOF
grub-mkimage -O arm64-efi -d "$SYSROOT/usr/lib/grub/arm64-efi" -p /EFI/BOOT -c "$WORK/grub.cfg" \
    -o "$WORK/BOOTAA64.EFI" part_gpt fat linux normal echo

# ---- boot disk: GPT + one EFI system partition (FAT16, label EC2DATA) ------------
DISK=$WORK/disk.raw
truncate -s "${DISK_MIB}M" "$DISK"
PART_SECTORS=$(( DISK_MIB * 2048 - PART_START - 2048 ))   # the backup GPT needs the last sectors
printf 'label: gpt\nstart=%s, size=%s, type=uefi, name="EFI system"\n' "$PART_START" "$PART_SECTORS" \
    | sfdisk -q --no-reread --no-tell-kernel "$DISK"
mkfs.fat -F 16 -n EC2DATA -h "$PART_START" --offset="$PART_START" "$DISK" $(( PART_SECTORS / 2 )) >/dev/null
export MTOOLS_SKIP_CHECK=1
IMG="$DISK@@$(( PART_START * 512 ))"
mmd -i "$IMG" ::EFI ::EFI/BOOT
mcopy -i "$IMG" "$WORK/BOOTAA64.EFI" ::EFI/BOOT/BOOTAA64.EFI
mcopy -i "$IMG" "$SYSROOT/boot/vmlinuz-$KVER" ::vmlinuz
mcopy -i "$IMG" "$WORK/initrd.img" ::initrd.img

qemu-img convert -f raw -O qcow2 "$DISK" "$WORK/$IMAGE_NAME"
chmod 0644 "$WORK/$IMAGE_NAME"
mv -f "$WORK/$IMAGE_NAME" "$OUT_DIR/$IMAGE_NAME"
echo "$STAMP" > "$OUT_DIR/.stamp"
log "built $(du -k "$OUT_DIR/$IMAGE_NAME" | cut -f1) KiB (initrd $(du -k "$WORK/initrd.img" | cut -f1) KiB)"
echo "$OUT_DIR/$IMAGE_NAME"
