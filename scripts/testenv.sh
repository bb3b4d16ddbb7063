#!/bin/bash
# Test environment for ec2-as-service: a private network namespace AND a private mount namespace with their
# own virtlogd + libvirtd, so every bridge, dnsmasq, VM and packet to a guest stays inside the network
# namespace, and the test libvirtd has its own /etc/libvirt, /var/lib/libvirt, /run/libvirt, /var/log/libvirt
# and /var/cache/libvirt. A libvirtd running elsewhere on the machine (a user's real VMs) is never seen nor
# touched, and several environments (different EC2_NETNS) can run side by side.
#
# Usage: scripts/testenv.sh up|down [--force]|status|exec CMD...
#   up      create netns ${EC2_NETNS:-ec2test} and its mount namespace, start virtlogd and libvirtd in them
#   down    destroy+undefine this environment's domains, stop its networks and daemons, delete both
#           namespaces and the private libvirt state (--force also kills any process left in the namespace)
#   status  what runs, with pids and namespaces
#   exec    run CMD inside both namespaces (environment and working directory passed through), e.g.
#           scripts/testenv.sh exec virsh -c qemu:///system list --all
#
# Pid files, daemon logs and the private libvirt state: /run/ec2-as-service-test/<netns>/. Commands run by
# `exec` see EC2_NETNS and EC2_TESTENV_DIR (that folder).
set -euo pipefail

NS=${EC2_NETNS:-ec2test}
BASE_DIR=/run/ec2-as-service-test
URI=qemu:///system
START_TIMEOUT=${EC2_TESTENV_TIMEOUT:-30}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The folders libvirt keeps state, sockets, logs and caches in; each gets a private copy inside the environment.
LIBVIRT_DIRS=(/etc/libvirt /var/lib/libvirt /run/libvirt /var/log/libvirt /var/cache/libvirt)

say() { echo "testenv: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (namespaces, libvirtd)"
[[ "$NS" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad namespace name '$NS'"

RUN_DIR=$BASE_DIR/$NS
MNT_NS=$RUN_DIR/mnt            # the mount namespace, bind-mounted here while it exists
MNT_ID=$RUN_DIR/mnt.id         # its inode, to recognise it from inside
PRIVATE=$RUN_DIR/root          # private copies of LIBVIRT_DIRS
LIBVIRTD_PID=$RUN_DIR/libvirtd.pid
VIRTLOGD_PID=$RUN_DIR/virtlogd.pid

ns_exists() { [ -e "/run/netns/$NS" ]; }
ns_inode() { stat -L -c %i "/run/netns/$NS" 2>/dev/null; }
# inode of the network namespace of a pid ("" if the pid is gone)
pid_ns_inode() { stat -L -c %i "/proc/$1/ns/net" 2>/dev/null || true; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_in_ns() { ns_exists && [ "$(pid_ns_inode "$1")" = "$(ns_inode)" ]; }
pid_comm() { cat "/proc/$1/comm" 2>/dev/null || true; }
read_pid() { [ -s "$1" ] && tr -dc 0-9 < "$1" || true; }

# From outside, the bind-mounted namespace file shows the namespace's inode; from inside it is a plain file.
inside_mnt_ns() { [ -s "$MNT_ID" ] && [ "$(stat -L -c %i /proc/self/ns/mnt)" = "$(cat "$MNT_ID")" ]; }
mnt_ns_exists() { [ -s "$MNT_ID" ] && [ "$(stat -L -c %i "$MNT_NS" 2>/dev/null)" = "$(cat "$MNT_ID")" ]; }

# The command that runs its arguments inside both namespaces, keeping the working directory (entering a mount
# namespace resets it). nsenter and env exec what they run, so the command keeps the caller's pid.
env_cmd() {
    if inside_mnt_ns; then
        ENV_CMD=(nsenter --net="/run/netns/$NS" -- env EC2_NETNS="$NS" EC2_TESTENV_DIR="$RUN_DIR")
    else
        mnt_ns_exists || die "the mount namespace of $NS does not exist (run: $0 up)"
        ENV_CMD=(nsenter --net="/run/netns/$NS" --mount="$MNT_NS" --wd="$PWD" -- \
            env EC2_NETNS="$NS" EC2_TESTENV_DIR="$RUN_DIR")
    fi
}
in_env() {
    env_cmd
    "${ENV_CMD[@]}" "$@"
}
virsh_ns() { in_env timeout 20 virsh -q -c "$URI" "$@" < /dev/null; }

# Empty private copies of libvirt's folders: the directory tree with owners and modes, the configuration
# files, but no definitions of domains, networks or pools (those belong to the machine's own libvirtd).
make_private_dirs() {
    local dir copy
    for dir in "${LIBVIRT_DIRS[@]}"; do
        mkdir -p "$dir"
        copy=$PRIVATE$dir
        mkdir -p "$copy"
        (cd "$dir" && find . -xdev -type d -print0) | while IFS= read -r -d '' d; do
            mkdir -p "$copy/$d"
            chown --reference="$dir/$d" "$copy/$d"
            chmod --reference="$dir/$d" "$copy/$d"
        done
    done
    # configuration files only; nothing that defines or autostarts objects
    (cd /etc/libvirt && find . -maxdepth 1 -type f -name '*.conf' -print0) | while IFS= read -r -d '' f; do
        cp -p "/etc/libvirt/$f" "$PRIVATE/etc/libvirt/$f"
    done
    [ -d /etc/libvirt/nwfilter ] && cp -rp /etc/libvirt/nwfilter/. "$PRIVATE/etc/libvirt/nwfilter/"
    rm -rf "$PRIVATE/etc/libvirt/qemu/networks/autostart" "$PRIVATE/etc/libvirt/qemu/autostart" \
        "$PRIVATE/etc/libvirt/storage/autostart"
    find "$PRIVATE/etc/libvirt/qemu" "$PRIVATE/etc/libvirt/storage" -name '*.xml' -delete 2>/dev/null || true
}

make_mnt_ns() {
    if mnt_ns_exists || inside_mnt_ns; then return 0; fi
    mkdir -p "$RUN_DIR"
    chmod 0755 "$RUN_DIR"
    # a persistent namespace is kept by bind-mounting it onto a file in a folder of private propagation
    if ! findmnt -n "$RUN_DIR" > /dev/null 2>&1; then
        mount --bind "$RUN_DIR" "$RUN_DIR"
    fi
    mount --make-private "$RUN_DIR"
    rm -rf "$PRIVATE"
    make_private_dirs
    : > "$MNT_NS"
    local binds="" dir
    for dir in "${LIBVIRT_DIRS[@]}"; do binds+="mount --bind '$PRIVATE$dir' '$dir' && "; done
    # Inside the new network namespace, a fresh sysfs shows its own interfaces (libvirt reads bridges there),
    # as `ip netns exec` does.
    nsenter --net="/run/netns/$NS" -- unshare --mount="$MNT_NS" --propagation private \
        sh -c "umount -l /sys && mount -t sysfs sysfs /sys && $binds stat -L -c %i /proc/self/ns/mnt > '$MNT_ID'" \
        || die "could not create the mount namespace of $NS"
    mnt_ns_exists || die "the mount namespace of $NS did not persist"
    say "created the mount namespace of $NS (private libvirt state in $PRIVATE)"
}

drop_mnt_ns() {
    if mnt_ns_exists; then
        umount "$MNT_NS" 2>/dev/null || umount -l "$MNT_NS" 2>/dev/null || true
    fi
    if findmnt -n "$RUN_DIR" > /dev/null 2>&1; then
        umount "$RUN_DIR" 2>/dev/null || umount -l "$RUN_DIR" 2>/dev/null || true
    fi
    rm -rf "$RUN_DIR"
    rmdir "$BASE_DIR" 2>/dev/null || true
}

# start_daemon NAME PIDFILE
start_daemon() {
    local name=$1 pidfile=$2 pid
    pid=$(read_pid "$pidfile")
    if pid_alive "$pid" && [ "$(pid_comm "$pid")" = "$name" ]; then
        pid_in_ns "$pid" || die "$name pid $pid (from $pidfile) is not in netns '$NS'; stop it: kill $pid"
        say "$name already running in $NS (pid $pid)"
        return 0
    fi
    rm -f "$pidfile"
    # The daemons log warnings and errors to files next to their pid files.
    in_env env LIBVIRT_LOG_OUTPUTS="3:file:$RUN_DIR/$name.log" \
        "$name" -d -p "$pidfile" < /dev/null > /dev/null 2>> "$RUN_DIR/$name.log" \
        || die "$name failed to start (see $RUN_DIR/$name.log)"
    local i
    for ((i = 0; i < 50; i++)); do
        pid=$(read_pid "$pidfile")
        pid_alive "$pid" && break
        sleep 0.1
    done
    pid_alive "$pid" || die "$name did not start (see $RUN_DIR/$name.log)"
    pid_in_ns "$pid" || die "$name pid $pid is not in netns '$NS' (unexpected), stopping"
    say "started $name in $NS (pid $pid)"
}

cmd_up() {
    if ! ns_exists; then
        ip netns add "$NS"
        say "created netns $NS"
    fi
    ip netns exec "$NS" ip link set lo up
    make_mnt_ns
    start_daemon virtlogd "$VIRTLOGD_PID"
    start_daemon libvirtd "$LIBVIRTD_PID"
    local deadline=$((SECONDS + START_TIMEOUT))
    until in_env timeout 5 virsh -c "$URI" version < /dev/null > /dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            die "libvirtd does not answer on $URI after ${START_TIMEOUT}s (see $RUN_DIR/libvirtd.log)"
        fi
        pid_alive "$(read_pid "$LIBVIRTD_PID")" || die "libvirtd exited (see $RUN_DIR/libvirtd.log)"
        sleep 0.3
    done
    say "ready: netns $NS, libvirtd pid $(read_pid "$LIBVIRTD_PID"), virtlogd pid $(read_pid "$VIRTLOGD_PID")"
    say "use: $0 exec CMD...   (e.g. $0 exec virsh -c $URI list --all)"
}

# stop_daemon NAME PIDFILE
stop_daemon() {
    local name=$1 pidfile=$2 pid i
    pid=$(read_pid "$pidfile")
    if ! pid_alive "$pid" || [ "$(pid_comm "$pid")" != "$name" ]; then
        rm -f "$pidfile"
        return 0
    fi
    if ! pid_in_ns "$pid" && ns_exists; then
        say "warning: $name pid $pid from $pidfile is not in netns $NS; leaving it alone"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        pid_alive "$pid" || break
        sleep 0.1
    done
    if pid_alive "$pid"; then
        say "$name pid $pid ignores SIGTERM, killing"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
    fi
    rm -f "$pidfile"
    say "stopped $name (pid $pid)"
}

cmd_down() {
    local force=0 pid name net
    [ "${1:-}" = --force ] && force=1
    pid=$(read_pid "$LIBVIRTD_PID")
    if ns_exists && mnt_ns_exists && pid_alive "$pid" && pid_in_ns "$pid" \
        && in_env timeout 5 virsh -c "$URI" version < /dev/null > /dev/null 2>&1; then
        # every domain here is ours: the libvirt state is private to this environment
        while read -r name; do
            [ -n "$name" ] || continue
            virsh_ns destroy "$name" > /dev/null 2>&1 || true
            virsh_ns undefine "$name" --managed-save --snapshots-metadata --nvram > /dev/null 2>&1 \
                || virsh_ns undefine "$name" > /dev/null 2>&1 || true
            say "removed domain $name"
        done < <(virsh_ns list --all --name 2>/dev/null || true)
        # A libvirtd that stops with an active network leaves its dnsmasq running: stop the networks first.
        while read -r net; do
            [ -n "$net" ] || continue
            virsh_ns net-destroy "$net" > /dev/null 2>&1 && say "stopped network $net" || true
        done < <(virsh_ns net-list --name 2>/dev/null || true)
    fi
    stop_daemon libvirtd "$LIBVIRTD_PID"
    stop_daemon virtlogd "$VIRTLOGD_PID"
    if ns_exists; then
        local left
        left=$(ip netns pids "$NS" 2>/dev/null | tr '\n' ' ' || true)
        if [ -n "${left// /}" ] && [ "$force" = 1 ]; then
            say "killing processes left in $NS: $left"
            # shellcheck disable=SC2086
            kill -TERM $left 2>/dev/null || true
            sleep 1
            left=$(ip netns pids "$NS" 2>/dev/null | tr '\n' ' ' || true)
            # shellcheck disable=SC2086
            [ -z "${left// /}" ] || kill -KILL $left 2>/dev/null || true
            sleep 0.2
            left=$(ip netns pids "$NS" 2>/dev/null | tr '\n' ' ' || true)
        fi
        if [ -n "${left// /}" ]; then
            for pid in $left; do say "  still in $NS: pid $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-100)"; done
            die "namespace $NS kept: processes still run in it (use: $0 down --force)"
        fi
        ip netns delete "$NS"
        say "deleted netns $NS"
    fi
    drop_mnt_ns
    say "down"
}

cmd_status() {
    local name pid where rc=0
    if ns_exists; then
        say "netns $NS: present (inode $(ns_inode))"
    else
        say "netns $NS: absent"
        rc=1
    fi
    if mnt_ns_exists || inside_mnt_ns; then
        say "mount namespace: present (inode $(cat "$MNT_ID")), private libvirt state in $PRIVATE"
    else
        say "mount namespace: absent"
        rc=1
    fi
    for name in virtlogd libvirtd; do
        pid=$(read_pid "$RUN_DIR/$name.pid")
        if pid_alive "$pid"; then
            pid_in_ns "$pid" && where="in $NS" || where="NOT in $NS"
            say "$name: running, pid $pid, $where"
        else
            say "$name: not running (from $RUN_DIR/$name.pid)"
            rc=1
        fi
    done
    if ns_exists; then
        say "processes in $NS: $(ip netns pids "$NS" 2>/dev/null | tr '\n' ' ')"
        pid=$(read_pid "$LIBVIRTD_PID")
        if pid_alive "$pid" && pid_in_ns "$pid"; then
            say "domains:"
            virsh_ns list --all 2>&1 | sed 's/^/testenv:   /' >&2 || true
            say "networks:"
            virsh_ns net-list --all 2>&1 | sed 's/^/testenv:   /' >&2 || true
        fi
    fi
    return $rc
}

cmd_exec() {
    [ $# -gt 0 ] || die "usage: $0 exec CMD [ARGS...]"
    ns_exists || die "netns $NS does not exist (run: $0 up)"
    env_cmd
    # exec: a caller that runs this in the background and later kills $! must reach the command itself
    exec "${ENV_CMD[@]}" "$@"
}

case "${1:-}" in
    up) shift; cmd_up "$@" ;;
    down) shift; cmd_down "$@" ;;
    status) shift; cmd_status "$@" ;;
    exec) shift; cmd_exec "$@" ;;
    *) echo "usage: $0 up | down [--force] | status | exec CMD..." >&2; exit 2 ;;
esac
