#!/bin/bash
# Proves that the test environment never sees nor touches the machine's own libvirt (`make test` must not destroy
# a user's real instances). When the machine runs no libvirtd of its own, a stand-in for the user's runs with the
# machine's /etc/libvirt, /var/lib/libvirt and /run/libvirt (only its network namespace is separate, so nothing it
# could start leaves a namespace of ours) and holds a domain named like ours (i-…), a network and a pool named like
# the service's. When the machine does run one, it is the user's: it is only read, before and after.
# Then a whole test environment comes up beside it, does to its own libvirt what `make test` does (defines and
# starts the same names, resets the network, tears everything down), and the user's objects must be untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# One check at a time on a machine: the stand-in owns the machine's libvirt socket and the names below are fixed, so
# a second `make test` running beside this one (another clone, another EC2_NETNS) waits here instead of colliding.
mkdir -p /run/ec2-as-service-test
exec 9> /run/ec2-as-service-test/isolation.lock
if ! flock -w 600 9; then
    echo "test-isolation: another isolation check held the lock for 10 minutes" >&2
    exit 1
fi

USER_NS=ec2iso-user
export EC2_NETNS=ec2iso-test
URI=qemu:///system
DOMAIN=i-0000beef
WORK=$(mktemp -d /tmp/ec2-isolation.XXXXXX)
USER_PID=

say() { echo "test-isolation: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
host_virsh() { timeout 20 virsh -q -c "$URI" "$@" < /dev/null; }
user_virsh() { ip netns exec "$USER_NS" timeout 20 virsh -q -c "$URI" "$@" < /dev/null; }
env_virsh() { scripts/testenv.sh exec timeout 20 virsh -q -c "$URI" "$@" < /dev/null; }
snapshot() { { host_virsh list --all --uuid; host_virsh net-list --all --uuid; host_virsh pool-list --all --uuid; } | sort; }

cleanup() {
    local status=$?
    scripts/testenv.sh down --force > /dev/null 2>&1 || true
    if [ -n "$USER_PID" ] && kill -0 "$USER_PID" 2> /dev/null; then
        user_virsh undefine "$DOMAIN" > /dev/null 2>&1 || true
        user_virsh net-undefine ec2-as-service > /dev/null 2>&1 || true
        user_virsh pool-undefine ec2-as-service > /dev/null 2>&1 || true
        kill "$USER_PID" 2> /dev/null || true
        for _ in $(seq 100); do kill -0 "$USER_PID" 2> /dev/null || break; sleep 0.1; done
    fi
    ip netns delete "$USER_NS" 2> /dev/null || true
    rm -rf "$WORK"
    [ "$status" = 0 ] && say "passed" || say "failed"
    exit "$status"
}
trap cleanup EXIT INT TERM

cat > "$WORK/domain.xml" << EOF
<domain type='qemu'><name>$DOMAIN</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type></os></domain>
EOF
cat > "$WORK/network.xml" << EOF
<network><name>ec2-as-service</name><bridge name='virbr77'/><ip address='192.168.177.1' netmask='255.255.255.0'/></network>
EOF
mkdir -p "$WORK/pool"
cat > "$WORK/pool.xml" << EOF
<pool type='dir'><name>ec2-as-service</name><target><path>$WORK/pool</path></target></pool>
EOF

if [ -S /run/libvirt/libvirt-sock ] && host_virsh version > /dev/null 2>&1; then
    say "the machine's own libvirtd answers: checking the test environment against it, read-only"
    snapshot > "$WORK/before"
else
    ip netns add "$USER_NS"
    ip netns exec "$USER_NS" ip link set lo up
    ip netns exec "$USER_NS" libvirtd -d -p "$WORK/libvirtd.pid" < /dev/null > /dev/null 2> "$WORK/libvirtd.log" \
        || fail "the stand-in libvirtd did not start: $(cat "$WORK/libvirtd.log")"
    for _ in $(seq 100); do USER_PID=$(cat "$WORK/libvirtd.pid" 2> /dev/null || true); [ -n "$USER_PID" ] && break; sleep 0.1; done
    for _ in $(seq 100); do user_virsh version > /dev/null 2>&1 && break; sleep 0.2; done
    user_virsh version > /dev/null || fail "the stand-in libvirtd does not answer"
    user_virsh define "$WORK/domain.xml" > /dev/null
    user_virsh net-define "$WORK/network.xml" > /dev/null
    user_virsh pool-define "$WORK/pool.xml" > /dev/null
    say "the user's libvirtd (pid $USER_PID) holds domain $DOMAIN, network and pool ec2-as-service"
fi

# a whole test environment beside it, doing to its own libvirt what make test does
scripts/testenv.sh up 2> "$WORK/testenv.log" || fail "testenv up refused to run beside another libvirtd: $(cat "$WORK/testenv.log")"
[ -z "$(env_virsh list --all --name)" ] || fail "the test environment sees the user's domains: $(env_virsh list --all --name)"
env_virsh net-info ec2-as-service > /dev/null 2>&1 && fail "the test environment sees the user's network"
env_virsh define "$WORK/domain.xml" > /dev/null
env_virsh net-define "$WORK/network.xml" > /dev/null
env_virsh net-start ec2-as-service > /dev/null
env_virsh net-destroy ec2-as-service > /dev/null
env_virsh net-undefine ec2-as-service > /dev/null
scripts/testenv.sh down 2> "$WORK/testenv.log" || fail "testenv down failed: $(cat "$WORK/testenv.log")"

if [ -z "$USER_PID" ]; then
    snapshot > "$WORK/after"
    diff "$WORK/before" "$WORK/after" > /dev/null || fail "the machine's libvirt objects changed: $(diff "$WORK/before" "$WORK/after" || true)"
    say "the machine's own domains, networks and pools are untouched"
    exit 0
fi
kill -0 "$USER_PID" 2> /dev/null || fail "the user's libvirtd is gone"
[ "$(user_virsh list --all --name | grep -cx "$DOMAIN")" = 1 ] || fail "the user's domain $DOMAIN is gone"
user_virsh net-info ec2-as-service > /dev/null || fail "the user's network is gone"
user_virsh pool-info ec2-as-service > /dev/null || fail "the user's pool is gone"
say "the user's libvirtd, domain, network and pool are untouched"
