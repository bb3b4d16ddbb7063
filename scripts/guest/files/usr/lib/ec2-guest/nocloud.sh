#!/bin/sh
# NoCloud datasource reader: finds the seed (CD-ROM or disk labelled "cidata"
# holding meta-data/user-data), sets the hostname, installs SSH keys for the
# default user "ubuntu" (and root), stages a #! user-data script.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
STATE=/run/ec2-guest
SEED=/mnt/cidata
YAML=/usr/lib/ec2-guest/yaml.awk
DEFAULT_USER=ubuntu
say() { echo "ec2-guest: $*"; }
mkdir -p "$STATE" "$SEED"

try_mount() {
    [ -b "$1" ] || return 1
    mount -o ro -t iso9660 "$1" "$SEED" 2>/dev/null || mount -o ro -t vfat "$1" "$SEED" 2>/dev/null || return 1
    [ -f "$SEED/meta-data" ] && return 0
    umount "$SEED"
    return 1
}

# The CD-ROM shows up a moment after the ATA driver loads: poll up to 6 s.
found=
n=0
while [ $n -lt 60 ]; do
    for d in $(findfs LABEL=cidata 2>/dev/null) $(findfs LABEL=CIDATA 2>/dev/null) \
             /dev/sr0 /dev/sr1 /dev/vd[b-z] /dev/sd[a-z] /dev/hd[a-d]; do
        if try_mount "$d"; then found=$d; break 2; fi
    done
    n=$((n + 1))
    usleep 100000
done

if [ -z "$found" ]; then
    say "no NoCloud seed (cidata) found"
    : > "$STATE/meta-data"
else
    cp "$SEED/meta-data" "$STATE/meta-data"
    [ -f "$SEED/user-data" ] && cp "$SEED/user-data" "$STATE/user-data"
    umount "$SEED"
    say "NoCloud seed found on $found"
fi

awk -f "$YAML" "$STATE/meta-data" > "$STATE/meta-data.tsv" 2>/dev/null
get() { awk -F '\t' -v k="$1" '$1 == k { sub(/^[^\t]*\t/, ""); print; exit }' "$STATE/meta-data.tsv"; }

IID=$(get instance-id)
[ -n "$IID" ] || IID=nocloud
echo "$IID" > "$STATE/instance-id"
HN=$(get local-hostname)
[ -n "$HN" ] || HN=$(get hostname)
[ -n "$HN" ] || HN=$IID
HN=$(echo "$HN" | tr -cd 'A-Za-z0-9.-' | cut -c1-63)
[ -n "$HN" ] || HN=localhost
hostname "$HN"
echo "$HN" > /etc/hostname
printf '127.0.0.1 localhost\n127.0.1.1 %s %s\n::1 localhost\n' "$HN" "${HN%%.*}" > /etc/hosts
say "instance-id=$IID hostname=$HN"

# Keys: meta-data public-keys (ubuntu + root); cloud-config
# ssh_authorized_keys (ubuntu).
awk -F '\t' '$1 == "public-keys" { sub(/^[^\t]*\t/, ""); print }' "$STATE/meta-data.tsv" > "$STATE/keys.meta"
: > "$STATE/keys.cc"
UD_KIND=none
if [ -s "$STATE/user-data" ]; then
    first=$(head -c 64 "$STATE/user-data" | head -n 1 | tr -d '\r')
    case "$first" in
        '#!'*)
            UD_KIND=script
            tr -d '\r' < "$STATE/user-data" > "$STATE/user-data.sh"
            chmod 0700 "$STATE/user-data.sh"
            ;;
        '#cloud-config'*)
            UD_KIND=cloud-config
            awk -f "$YAML" "$STATE/user-data" 2>/dev/null \
                | awk -F '\t' '$1 == "ssh_authorized_keys" { sub(/^[^\t]*\t/, ""); print }' > "$STATE/keys.cc"
            ;;
        *) UD_KIND=unsupported ;;
    esac
fi
say "user-data: $UD_KIND"

install_keys() { # USER HOME GROUP FILES...
    u=$1; h=$2; g=$3; shift 3
    mkdir -p "$h/.ssh"
    cat "$@" | tr -d '\r' | grep -E '^[ \t]*[^ \t#]' | sed 's/^[ \t]*//' > "$h/.ssh/authorized_keys"
    chown -R "$u:$g" "$h/.ssh"
    chmod 0700 "$h/.ssh"
    chmod 0600 "$h/.ssh/authorized_keys"
    wc -l < "$h/.ssh/authorized_keys"
}
mkdir -p /home/$DEFAULT_USER
chown $DEFAULT_USER:$DEFAULT_USER /home/$DEFAULT_USER
chmod 0755 /home/$DEFAULT_USER
N=$(install_keys $DEFAULT_USER /home/$DEFAULT_USER $DEFAULT_USER "$STATE/keys.meta" "$STATE/keys.cc")
R=$(install_keys root /root root "$STATE/keys.meta")
say "installed $N keys for $DEFAULT_USER, $R for root"
exit 0
