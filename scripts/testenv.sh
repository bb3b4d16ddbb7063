#!/bin/bash
# Test environment for ec2-as-service: a private network namespace with its
# own virtlogd + libvirtd, so every bridge, dnsmasq, VM and packet to a guest
# stays inside that namespace.
#
# Usage: scripts/testenv.sh up|down [--force]|status|exec CMD...
#   up      create netns ${EC2_NETNS:-ec2test}, start virtlogd and libvirtd in it
#   down    destroy+undefine domains named i-* / ec2test-*, destroy active
#           networks, stop the daemons, delete the namespace (--force also
#           kills any other process still left in the namespace)
#   status  what runs, with pids and namespaces
#   exec    run CMD inside the namespace (environment passed through), e.g.
#           scripts/testenv.sh exec virsh -c qemu:///system list --all
#
# Daemon pid files and logs: /run/ec2-as-service-test/
# Note: /run/libvirt/libvirt-sock is a path shared by all namespaces, so only
# one libvirtd can serve it; a libvirtd in any other namespace is refused.
set -euo pipefail

NS=${EC2_NETNS:-ec2test}
RUN_DIR=/run/ec2-as-service-test
LIBVIRTD_PID=$RUN_DIR/libvirtd.pid
VIRTLOGD_PID=$RUN_DIR/virtlogd.pid
URI=qemu:///system
START_TIMEOUT=${EC2_TESTENV_TIMEOUT:-30}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { echo "testenv: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, libvirtd)"
[[ "$NS" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad namespace name '$NS'"

ns_exists() { [ -e "/run/netns/$NS" ]; }
ns_inode() { stat -L -c %i "/run/netns/$NS" 2>/dev/null; }
# inode of the network namespace of a pid ("" if the pid is gone)
pid_ns_inode() { stat -L -c %i "/proc/$1/ns/net" 2>/dev/null || true; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_in_ns() { ns_exists && [ "$(pid_ns_inode "$1")" = "$(ns_inode)" ]; }
pid_comm() { cat "/proc/$1/comm" 2>/dev/null || true; }
read_pid() { [ -s "$1" ] && tr -dc 0-9 < "$1" || true; }
in_ns() { ip netns exec "$NS" "$@"; }
virsh_ns() { in_ns timeout 20 virsh -q -c "$URI" "$@" < /dev/null; }

# All running libvirt daemons (name pid), wherever they run.
all_daemons() {
    local name pid
    for name in libvirtd virtqemud virtnetworkd virtlogd; do
        for pid in $(pgrep -x "$name" || true); do echo "$name $pid"; done
    done
}

# Refuse daemons that run outside our namespace (they would fight over the
# shared /run/libvirt sockets, and their VMs/bridges are not isolated).
check_foreign() {
    local name pid bad=0 where
    while read -r name pid; do
        [ -n "$pid" ] || continue
        if pid_in_ns "$pid"; then continue; fi
        if [ "$(pid_ns_inode "$pid")" = "$(pid_ns_inode $$)" ]; then
            where="the main network namespace (the one this script runs in)"
        else
            where="another network namespace (net inode $(pid_ns_inode "$pid"))"
        fi
        say "$name (pid $pid) is running in $where, not in netns '$NS'."
        say "  stop it first: kill $pid   (or: systemctl stop $name $name.socket, if systemd runs it)"
        bad=1
    done < <(all_daemons)
    [ "$bad" = 0 ] || die "refusing to start: only one libvirt can own /run/libvirt"
}

# start_daemon NAME PIDFILE READY_CHECK...
start_daemon() {
    local name=$1 pidfile=$2 pid
    pid=$(read_pid "$pidfile")
    if pid_alive "$pid" && [ "$(pid_comm "$pid")" = "$name" ]; then
        pid_in_ns "$pid" || die "$name pid $pid (from $pidfile) is not in netns '$NS'; stop it: kill $pid"
        say "$name already running in $NS (pid $pid)"
        return 0
    fi
    rm -f "$pidfile"
    # One started in our namespace without our pid file: adopt it.
    for pid in $(pgrep -x "$name" || true); do
        if pid_in_ns "$pid"; then
            echo "$pid" > "$pidfile"
            say "$name already running in $NS (pid $pid), adopted"
            return 0
        fi
    done
    # The daemons log warnings and errors to files next to their pid files.
    in_ns env LIBVIRT_LOG_OUTPUTS="3:file:$RUN_DIR/$name.log" \
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
    mkdir -p "$RUN_DIR"
    chmod 0755 "$RUN_DIR"
    if ! ns_exists; then
        ip netns add "$NS"
        say "created netns $NS"
    fi
    in_ns ip link set lo up
    check_foreign
    start_daemon virtlogd "$VIRTLOGD_PID"
    start_daemon libvirtd "$LIBVIRTD_PID"
    local deadline=$((SECONDS + START_TIMEOUT))
    until in_ns timeout 5 virsh -c "$URI" version < /dev/null > /dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            die "libvirtd does not answer on $URI after ${START_TIMEOUT}s (see $RUN_DIR/libvirtd.log)"
        fi
        pid_alive "$(read_pid "$LIBVIRTD_PID")" || die "libvirtd exited (see $RUN_DIR/libvirtd.log)"
        sleep 0.3
    done
    say "ready: netns $NS, libvirtd pid $(read_pid "$LIBVIRTD_PID"), virtlogd pid $(read_pid "$VIRTLOGD_PID")"
    say "use: ip netns exec $NS virsh -c $URI ...   (or: $0 exec CMD...)"
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
    if ns_exists && pid_alive "$pid" && pid_in_ns "$pid" \
        && in_ns timeout 5 virsh -c "$URI" version < /dev/null > /dev/null 2>&1; then
        while read -r name; do
            [ -n "$name" ] || continue
            case "$name" in
                i-* | ec2test-*)
                    virsh_ns destroy "$name" > /dev/null 2>&1 || true
                    virsh_ns undefine "$name" --managed-save --snapshots-metadata --nvram > /dev/null 2>&1 \
                        || virsh_ns undefine "$name" > /dev/null 2>&1 || true
                    say "removed domain $name"
                    ;;
            esac
        done < <(virsh_ns list --all --name 2>/dev/null || true)
        # Active networks run a dnsmasq and a bridge inside the namespace; stop
        # them (definitions are kept) so nothing outlives the namespace.
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
    rmdir "$RUN_DIR" 2>/dev/null || true
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
    while read -r name pid; do
        [ -n "$pid" ] || continue
        [ "$pid" = "$(read_pid "$RUN_DIR/$name.pid")" ] && continue
        pid_in_ns "$pid" && where="in $NS" || where="NOT in $NS"
        say "other $name: pid $pid, $where"
    done < <(all_daemons)
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
    exec ip netns exec "$NS" "$@"
}

case "${1:-}" in
    up) shift; cmd_up "$@" ;;
    down) shift; cmd_down "$@" ;;
    status) shift; cmd_status "$@" ;;
    exec) shift; cmd_exec "$@" ;;
    *) echo "usage: $0 up | down [--force] | status | exec CMD..." >&2; exit 2 ;;
esac
