#!/bin/bash
# Benchmark: one t2.nano created through ec2-as-service versus the same steps
# done by hand (qemu-img, genisoimage, virsh), both on the small test guest.
#
# Usage: scripts/bench.sh          (as root; make bench calls it)
#
# Measures, from the request (service) or from the first command (by hand):
#   running   the instance is `running` (GET /api/instances/{id}) / virsh domstate running
#   address   the reserved address is known AND dnsmasq has leased it to the MAC
#   ssh       `ssh ubuntu@IP true` succeeds with the instance's key
# and prints a table (medians when BENCH_RUNS > 1). Then, on the same service:
#   API answers   POST /api/instances and RunInstances (each terminated after its answer), BENCH_CONCURRENT
#                 creates fired at once, GET /api/instances and DescribeInstances with 1,000 rows; p50/p95/p99,
#                 after an unrecorded warm-up (a service serving a desktop's web console is warm)
#   start         restarts of the service on a quiet machine: start -> health 200 (median)
#   memory        VmRSS 10 s after health and after BENCH_MIX_REQUESTS mixed requests (scripts/footprint.py)
# Every figure goes to target/bench.json; scripts/bench-terminal.sh adds the terminal's, scripts/bench-summary.py
# prints them against the goals (make bench runs all three).
#
# Everything that touches a VM runs inside the test network namespace
# (scripts/testenv.sh, default ec2test): the script re-executes itself there.
# It never stops the namespace; it removes only what it created (its service,
# its instances, its by-hand domain `ec2test-bench-<pid>-<run>`, the DHCP host
# entries of its MACs and instances, its files), on every exit.
#
# Environment:
#   BENCH_RUNS=N      creates through the service and by hand, each N times, medians printed (default 5: issue 13
#                     measured 3, but the same guest's boot varies by up to 2 s from one start to the next; each
#                     pair boots two guests, ~30 s)
#   BENCH_KEEP=1      keep the bench data home afterwards
#   BENCH_HOME=DIR    service data home (default ~/.ec2-as-service-bench)
#   BENCH_PORT=PORT   service HTTP port inside the namespace (default 18000)
#   BENCH_TIMEOUT=S   bound for each wait for a VM (default 180)
#   BENCH_WARMUP=N    creates through each API before the recorded ones (default 2; lists: 100, then 20 at 1,000 rows;
#                     launches to `running` before the create runs: as many, at least one)
#   BENCH_CREATE_SAMPLES=N   recorded creates through POST /api/instances (default 20; RunInstances, which has no
#                            goal of its own, half as many): each one starts a VM and waits for its termination,
#                            2-4 s here, so more would cost the bench minutes
#   BENCH_API_SAMPLES=N      recorded lists through each API (default 50)
#   BENCH_CONCURRENT=N       creates fired at once (default 10)
#   BENCH_RESTARTS=N         service restarts for start -> health 200 (default 3)
#   BENCH_MIX_REQUESTS=N     mixed requests before the second memory reading (default 10000)
#   BENCH_MIX_SECONDS=S      bound for those requests (default 180)
#   EC2_NETNS         namespace name (default ec2test)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=$ROOT/scripts/bench.sh
NS=${EC2_NETNS:-ec2test}
BENCH_HOME=${BENCH_HOME:-$HOME/.ec2-as-service-bench}
BENCH_PORT=${BENCH_PORT:-18000}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-180}
BENCH_KEEP=${BENCH_KEEP:-}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_CREATE_SAMPLES=${BENCH_CREATE_SAMPLES:-20}
BENCH_API_SAMPLES=${BENCH_API_SAMPLES:-50}
BENCH_CONCURRENT=${BENCH_CONCURRENT:-10}
BENCH_RESTARTS=${BENCH_RESTARTS:-3}
BENCH_MIX_REQUESTS=${BENCH_MIX_REQUESTS:-10000}
BENCH_MIX_SECONDS=${BENCH_MIX_SECONDS:-180}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ec2-as-service
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
URI=qemu:///system
NET=ec2-as-service
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

say() { echo "bench: $*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (network namespace, libvirt)"
[[ "$BENCH_RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ "$BENCH_PORT" =~ ^[0-9]+$ ]] || die "BENCH_PORT must be a port number"
[[ "$BENCH_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "BENCH_TIMEOUT must be seconds"
# bounded counts: every create starts a VM, every restart a JVM
bounded() { [[ "${!1}" =~ ^[0-9]+$ ]] && [ "${!1}" -ge "$2" ] && [ "${!1}" -le "$3" ] || die "$1 must be a whole number from $2 to $3"; }
bounded BENCH_WARMUP 0 50; bounded BENCH_CREATE_SAMPLES 1 500; bounded BENCH_API_SAMPLES 1 5000
bounded BENCH_CONCURRENT 1 20; bounded BENCH_RESTARTS 1 10; bounded BENCH_MIX_REQUESTS 0 100000
bounded BENCH_MIX_SECONDS 1 1800
case "$BENCH_HOME" in /* ) ;; *) die "BENCH_HOME must be absolute" ;; esac
[ "$BENCH_HOME" != / ] && [ "$BENCH_HOME" != "$HOME" ] || die "BENCH_HOME=$BENCH_HOME is not a dedicated directory"

# ============================================================================
# Phase 1 (main namespace): environment, test image, jar; then re-exec inside.
# ============================================================================
if [ -z "${BENCH_INSIDE:-}" ]; then
    cd "$ROOT"
    missing=()
    for pair in sqlite3:sqlite3 genisoimage:genisoimage qemu-img:qemu-utils jq:jq curl:curl \
        ssh:openssh-client ssh-keygen:openssh-client setfacl:acl flock:util-linux timeout:coreutils; do
        command -v "${pair%%:*}" > /dev/null 2>&1 || missing+=("${pair#*:}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" < /dev/null > /dev/null \
            || die "apt-get install ${missing[*]} failed"
    fi
    scripts/testenv.sh up
    image=$(scripts/guest/build-test-image.sh "$CACHE/test-image" | tail -n 1)
    [ -r "$image" ] || die "test image not found at '$image'"
    if [ ! -f "$JAR" ]; then
        say "building the service (./mvnw -B -q package -DskipTests)"
        ./mvnw -B -q package -DskipTests < /dev/null
    fi
    [ -f "$JAR" ] || die "$JAR missing after the build"
    exec scripts/testenv.sh exec env BENCH_INSIDE=1 BENCH_IMAGE="$image" BENCH_HOME="$BENCH_HOME" \
        BENCH_PORT="$BENCH_PORT" BENCH_RUNS="$BENCH_RUNS" BENCH_TIMEOUT="$BENCH_TIMEOUT" \
        BENCH_KEEP="$BENCH_KEEP" BENCH_WARMUP="$BENCH_WARMUP" BENCH_CREATE_SAMPLES="$BENCH_CREATE_SAMPLES" \
        BENCH_API_SAMPLES="$BENCH_API_SAMPLES" BENCH_CONCURRENT="$BENCH_CONCURRENT" BENCH_RESTARTS="$BENCH_RESTARTS" \
        BENCH_MIX_REQUESTS="$BENCH_MIX_REQUESTS" BENCH_MIX_SECONDS="$BENCH_MIX_SECONDS" EC2_NETNS="$NS" bash "$SELF" "$@"
fi

# ============================================================================
# Phase 2 (inside the namespace): the measurements.
# ============================================================================
[ "$(ip netns identify $$ 2>/dev/null)" = "$NS" ] || die "phase 2 must run inside netns $NS"
IMAGE=${BENCH_IMAGE:?}
BASE=http://127.0.0.1:$BENCH_PORT
MAN_ROOT=/var/lib/libvirt/images/ec2-bench-$$
KEY=$BENCH_HOME/bench-key
SVC_PID=
POLLERS=()
SVC_IDS=()        # every instance id created through the service
SVC_MACS=()
MAN_DOMAINS=()    # every by-hand domain defined
MAN_MACS=()
TMP=

virsh_() { timeout 30 virsh -q -c "$URI" "$@" < /dev/null; }
now() { echo "$EPOCHREALTIME"; }
# elapsed T0 T1 -> seconds with 2 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2> /dev/null; }

# One bash-only HTTP GET (no fork: cheap enough to poll every 50 ms on 2 cores).
# Sets HTTP_CODE and HTTP_BODY.
http_get() {
    local fd resp=
    HTTP_CODE=000 HTTP_BODY=
    { exec {fd}<> "/dev/tcp/127.0.0.1/$BENCH_PORT"; } 2> /dev/null || return 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nAccept: application/json\r\nConnection: close\r\n\r\n' \
        "$1" "$BENCH_PORT" >&"$fd"
    IFS= read -r -d '' -t 5 -u "$fd" resp || true
    exec {fd}>&-
    [[ "$resp" =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] || return 1
    HTTP_CODE=${BASH_REMATCH[1]}
    HTTP_BODY=${resp#*$'\r\n\r\n'}
}

# json_field BODY NAME -> string value of a top-level "name":"value" (our ids, statuses, addresses)
json_field() {
    local re="\"$2\":\"([^\"]*)\""
    [[ "$1" =~ $re ]] && echo "${BASH_REMATCH[1]}" || true
}

# The <host .../> element of MAC in the network, as libvirt prints it ("" if none).
net_host_of() { virsh_ net-dumpxml "$NET" 2> /dev/null | grep -i "<host mac='$1'" | sed 's/^ *//' || true; }

net_host_del() {
    local h
    h=$(net_host_of "$1")
    [ -n "$h" ] || return 0
    virsh_ net-update "$NET" delete ip-dhcp-host "$h" --live --config > /dev/null 2>&1 \
        || virsh_ net-update "$NET" delete ip-dhcp-host "$h" --live > /dev/null 2>&1 \
        || say "warning: could not remove DHCP host entry $h"
}

remove_domain() {
    local name=$1 mac
    virsh_ dominfo "$name" > /dev/null 2>&1 || return 0
    mac=$(virsh_ dumpxml "$name" 2> /dev/null | sed -n "s/.*<mac address='\([^']*\)'.*/\1/p" | head -n 1)
    virsh_ destroy "$name" > /dev/null 2>&1 || true
    virsh_ undefine "$name" > /dev/null 2>&1 || say "warning: could not undefine $name"
    [ -z "$mac" ] || net_host_del "$mac"
}

stop_pollers() {
    local p
    for p in "${POLLERS[@]}"; do kill "$p" 2> /dev/null || true; done
    for p in "${POLLERS[@]}"; do wait "$p" 2> /dev/null || true; done
    POLLERS=()
}

# Terminates a service instance through the API and waits (bounded) for `terminated`.
svc_terminate() {
    pid_alive "$SVC_PID" || return 1
    curl -s -o /dev/null -m 30 -X DELETE "$BASE/api/instances/$1" || return 1
    svc_await_terminated "$1"
}

# Waits (60 s at most) until the instance shows `terminated`.
svc_await_terminated() {
    local id=$1 i st
    for ((i = 0; i < 600; i++)); do
        http_get "/api/instances/$id" || true
        st=$(json_field "$HTTP_BODY" status)
        [ "$st" = terminated ] && return 0
        [ "$st" = error ] && [ "$i" -gt 20 ] && return 1
        sleep 0.1
    done
    return 1
}

# Stops the service (SIGTERM, SIGKILL after 20 s) and waits for it.
stop_service() {
    local i
    pid_alive "$SVC_PID" || return 0
    kill -TERM "$SVC_PID" 2> /dev/null
    for ((i = 0; i < 200; i++)); do pid_alive "$SVC_PID" || break; sleep 0.1; done
    pid_alive "$SVC_PID" && kill -KILL "$SVC_PID" 2> /dev/null
    wait "$SVC_PID" 2> /dev/null || true
    SVC_PID=
}

# Starts the service through the launcher make run uses; SVC_START_NS is the epoch ns just before.
start_service() {
    SVC_START_NS=${EPOCHREALTIME/./}000
    EC2_HOME=$BENCH_HOME EC2_HTTP_PORT=$BENCH_PORT "$ROOT/scripts/ec2-as-service" >> "$BENCH_HOME/service.out" 2>&1 < /dev/null &
    SVC_PID=$!
}

# Removes every domain whose disk lives in the bench's data home.
remove_home_domains() {
    local name
    for name in $(virsh_ list --all --name 2> /dev/null); do
        case "$name" in
            i-*)
                if virsh_ dumpxml --inactive "$name" 2> /dev/null | grep -q "file='$BENCH_HOME/"; then
                    say "removing domain $name (its disk is in $BENCH_HOME)"
                    remove_domain "$name"
                fi
                ;;
        esac
    done
}

# Removes the DHCP host entries named after an instance or a spare address of the bench's database: the service
# writes the entry before the domain exists (a spare's long before), so a stop among creates may leave one without
# a domain to find it by.
remove_home_dhcp_hosts() {
    local db=$BENCH_HOME/ec2service.db mac name
    [ -f "$db" ] || return 0
    virsh_ net-dumpxml "$NET" 2> /dev/null | sed -n "s/.*<host mac='\([^']*\)' name='\(i-[0-9a-f]*\)'.*/\1 \2/p" \
        | while read -r mac name; do
            [ -n "$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT 1 FROM instances WHERE id = '$name'
                UNION SELECT 1 FROM spare_addresses WHERE instance_id = '$name';" 2> /dev/null)" ] \
                && net_host_del "$mac"
        done
    return 0
}

cleanup() {
    local rc=$? id i name mac
    trap - EXIT INT TERM
    set +e
    stop_pollers
    for id in "${SVC_IDS[@]}"; do
        if http_get "/api/instances/$id" && [ "$(json_field "$HTTP_BODY" status)" != terminated ]; then
            svc_terminate "$id" || say "warning: $id did not terminate through the service; removing it by hand"
        fi
    done
    for name in "${MAN_DOMAINS[@]}"; do remove_domain "$name"; done
    stop_service
    # Safety net: domains we made that are still defined (also those of creates whose answer never came, e.g. an
    # interrupt among the ones fired at once), DHCP entries of our MACs.
    for id in "${SVC_IDS[@]}"; do remove_domain "$id"; done
    remove_home_domains
    for mac in "${SVC_MACS[@]}" "${MAN_MACS[@]}"; do net_host_del "$mac"; done
    remove_home_dhcp_hosts
    rm -rf "$MAN_ROOT"
    [ -z "$TMP" ] || rm -rf "$TMP"
    if [ -n "$BENCH_KEEP" ]; then
        say "kept $BENCH_HOME (BENCH_KEEP=1)"
    else
        rm -rf "$BENCH_HOME"
    fi
    [ "$rc" = 0 ] || say "failed (exit $rc); cleaned up"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- one bench at a time; leftovers of a killed run ----------------------------
exec 9> "$([ -d /run/lock ] && echo /run/lock || echo /tmp)/ec2-as-service-bench-$NS.lock"
flock -n 9 || die "another scripts/bench.sh is running in $NS"
if (exec 3<> "/dev/tcp/127.0.0.1/$BENCH_PORT") 2> /dev/null; then
    die "something already listens on 127.0.0.1:$BENCH_PORT in $NS (set BENCH_PORT)"
fi
for name in $(virsh_ list --all --name 2> /dev/null); do
    case "$name" in
        ec2test-bench-*)
            p=${name#ec2test-bench-}; p=${p%%-*}
            pid_alive "$p" || { say "removing leftover domain $name"; remove_domain "$name"; rm -rf "/var/lib/libvirt/images/ec2-bench-$p"; }
            ;;
    esac
done
remove_home_domains   # an earlier bench's in the same data home
rm -rf "$BENCH_HOME"

# ---- lease source: libvirt's lease file for the network (what net-dhcp-leases reads) -
BRIDGE=$(virsh_ net-info "$NET" 2> /dev/null | awk '$1 == "Bridge:" { print $2 }' || true)
LEASE_FILE=
[ -n "$BRIDGE" ] && [ -r "/var/lib/libvirt/dnsmasq/$BRIDGE.status" ] && LEASE_FILE=/var/lib/libvirt/dnsmasq/$BRIDGE.status

# lease_of MAC: sets LEASE_IP to the address dnsmasq leased to MAC now; fails if none.
lease_of() {
    local c= pat
    LEASE_IP=
    if [ -n "$LEASE_FILE" ]; then
        IFS= read -r -d '' c < "$LEASE_FILE" || true
        pat="\"ip-address\":[[:space:]]*\"([0-9.]+)\",[[:space:]]*\"mac-address\":[[:space:]]*\"$1\""
        [[ "$c" =~ $pat ]] && LEASE_IP=${BASH_REMATCH[1]}
    else
        LEASE_IP=$(virsh_ net-dhcp-leases "$NET" --mac "$1" 2> /dev/null \
            | grep -oE '([0-9]+\.){3}[0-9]+/' | head -n 1 | tr -d / || true)
    fi
    [ -n "$LEASE_IP" ]
}

# Background pollers write "EPOCH [IP]" of what they saw into files.
# lease_poller MAC OUTFILE DEADLINE: the first lease for MAC (whatever its address)
lease_poller() {
    local mac=$1 out=$2 deadline=$3 pause=0.05
    [ -n "$LEASE_FILE" ] || pause=0.2
    while ((${EPOCHREALTIME%.*} < deadline)); do
        if lease_of "$mac"; then echo "$EPOCHREALTIME $LEASE_IP" > "$out"; return 0; fi
        sleep "$pause"
    done
}

# ssh_poller LEASEFILE OUTFILE DEADLINE: once the guest has its lease (so ARP
# answers at once), probe port 22 of the leased address every 50 ms, then ssh.
ssh_poller() {
    local lease=$1 out=$2 deadline=$3 ip
    while [ ! -s "$lease" ]; do
        ((${EPOCHREALTIME%.*} < deadline)) || return 0
        sleep 0.05
    done
    read -r _ ip < "$lease"
    while ((${EPOCHREALTIME%.*} < deadline)); do
        if timeout 1 bash -c "exec 3<> /dev/tcp/$ip/22" 2> /dev/null \
            && ssh -n -q -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
                -o UserKnownHostsFile=/dev/null -o ConnectTimeout=2 -o LogLevel=ERROR -i "$KEY" \
                "ubuntu@$ip" true 2> /dev/null; then
            echo "$EPOCHREALTIME $ip" > "$out"
            return 0
        fi
        sleep 0.05
    done
}

start_pollers() { # MAC DIR DEADLINE
    : > "$2/lease"
    : > "$2/ssh"
    lease_poller "$1" "$2/lease" "$3" &
    POLLERS+=($!)
    ssh_poller "$2/lease" "$2/ssh" "$3" &
    POLLERS+=($!)
}

# wait_pollers DIR DEADLINE CONSOLE_LOG: until both files are written or the deadline passes
wait_pollers() {
    while [ ! -s "$1/lease" ] || [ ! -s "$1/ssh" ]; do
        ((${EPOCHREALTIME%.*} < $2)) || break
        sleep 0.1
    done
    stop_pollers
    if [ ! -s "$1/lease" ] || [ ! -s "$1/ssh" ]; then
        [ -r "$3" ] && { say "last lines of $3:"; tail -n 15 "$3" | tr -d '\r' | sed 's/^/  | /' >&2; }
        [ -s "$1/lease" ] || die "no DHCP lease within ${BENCH_TIMEOUT}s"
        die "SSH did not answer within ${BENCH_TIMEOUT}s (lease: $(< "$1/lease"))"
    fi
}
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }
# cpu_secs PID: user+system CPU seconds used so far by PID
cpu_secs() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat" 2> /dev/null || echo 0; }
# cpu_busy: the share (%) of all CPUs busy over the next second, from /proc/stat
cpu_busy() {
    local u n s i w q sq st u2 n2 s2 i2 w2 q2 sq2 st2 busy
    read -r _ u n s i w q sq st _ < /proc/stat
    sleep 1
    read -r _ u2 n2 s2 i2 w2 q2 sq2 st2 _ < /proc/stat
    busy=$(((u2 + n2 + s2 + q2 + sq2 + st2) - (u + n + s + q + sq + st)))
    echo $((100 * busy / (busy + (i2 + w2) - (i + w) + 1)))
}
# settle_cpus: until the CPUs were at most 15% busy over one second, for at most 60 s; BUSY is the last share and
# QUIET says how it went. Each side of a comparison starts on a quiet machine: the other side's guests shutting
# down, or the service refilling its spare after a termination, must not count against either.
settle_cpus() {
    local t0=$SECONDS
    BUSY=$(cpu_busy)
    while [ "$BUSY" -gt 15 ] && ((SECONDS - t0 < 60)); do BUSY=$(cpu_busy); done
    QUIET="${BUSY}% busy in the second before, after $((SECONDS - t0)) s of waiting"
}
# settle_service: the service idle as on a desktop between two launches: its spare refilled after the last
# termination (the next reconcile makes it, within 10 s, once instances have been left alone for a second; the
# prepared QEMU is the one paused domain), for at most 30 s, then settle_cpus
settle_service() {
    local t0=$SECONDS prepared
    while prepared=$(virsh_ list --state-paused --name 2> /dev/null | grep '^i-' || true)
        [ -z "$prepared" ] && ((SECONDS - t0 < 30)); do
        sleep 0.5
    done
    settle_cpus
    [ -n "$prepared" ] || QUIET="$QUIET; the prepared QEMU was not back after 30 s"
}

# ---- data home, image, key, service ---------------------------------------------
TMP=$(mktemp -d /tmp/ec2-bench.XXXXXX)
mkdir -p "$BENCH_HOME/images"
chmod 0700 "$BENCH_HOME"
# Copied before the service starts: it grants QEMU read access to images/ at startup.
cp "$IMAGE" "$BENCH_HOME/images/ec2-test-guest.qcow2"
ssh-keygen -q -t ed25519 -N '' -C ec2-bench -f "$KEY" < /dev/null
PUBKEY=$(< "$KEY.pub")

say "starting the service in $NS on 127.0.0.1:$BENCH_PORT (data home $BENCH_HOME)"
start_service
deadline=$((SECONDS + 120))
# 200 comes as soon as the port opens; ready once the startup steps (libvirt last) are done
until http_get /api/monitor/health && [ "$HTTP_CODE" = 200 ] && [[ "$HTTP_BODY" != *'"status":"starting"'* ]]; do
    pid_alive "$SVC_PID" || { tail -n 20 "$BENCH_HOME/service.out" >&2; die "the service exited"; }
    ((SECONDS < deadline)) || die "health did not answer 200 within 120 s (last: $HTTP_CODE)"
    sleep 0.2
done
say "service healthy (pid $SVC_PID)"

IMAGE_ID=ec2-bench-guest
KEY_NAME=ec2-bench-key
NOW_ISO=$(date -u +%Y-%m-%dT%H:%M:%SZ)
DB=$BENCH_HOME/ec2service.db
sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

code=$(curl -s -o "$TMP/img.json" -w '%{http_code}' -m 60 -X POST "$BASE/api/images" -H 'content-type: application/json' \
    -d "$(jq -nc --arg id "$IMAGE_ID" --arg p "$BENCH_HOME/images/ec2-test-guest.qcow2" \
        '{id: $id, name: "ec2 bench guest", os: "linux", arch: "amd64", default_user: "ubuntu", path: $p}')" || true)
if [ "$code" = 201 ]; then
    IMAGE_ID=$(jq -r '.id // empty' "$TMP/img.json" 2> /dev/null || true); IMAGE_ID=${IMAGE_ID:-ec2-bench-guest}
    say "image registered through POST /api/images ($IMAGE_ID)"
else
    sqlite3 -bail "$DB" "PRAGMA busy_timeout=5000; INSERT INTO images (id, name, description, os, arch, file_path, created_at, default_user, source)
        VALUES ($(sql_quote "$IMAGE_ID"), 'ec2 bench guest', 'test guest for scripts/bench.sh', 'linux', 'amd64',
        $(sql_quote "$BENCH_HOME/images/ec2-test-guest.qcow2"), $(sql_quote "$NOW_ISO"), 'ubuntu', 'imported');" > /dev/null
    say "image registered in SQLite (POST /api/images answered $code)"
fi

code=$(curl -s -o "$TMP/key.json" -w '%{http_code}' -m 60 -X POST "$BASE/api/ssh-key" -H 'content-type: application/json' \
    -d "$(jq -nc --arg n "$KEY_NAME" --arg k "$PUBKEY" '{name: $n, public_key: $k}')" || true)
if [ "$code" = 201 ]; then
    say "key registered through POST /api/ssh-key"
else
    fp_md5=$(ssh-keygen -l -E md5 -f "$KEY.pub" | awk '{ sub(/^MD5:/, "", $2); print $2 }')
    fp_sha=$(ssh-keygen -l -E sha256 -f "$KEY.pub" | awk '{ print $2 }')
    sqlite3 -bail "$DB" "PRAGMA busy_timeout=5000; INSERT INTO ssh_keys (name, public_key, fingerprint, created_at, key_type, fingerprint_sha256)
        VALUES ($(sql_quote "$KEY_NAME"), $(sql_quote "$PUBKEY"), $(sql_quote "$fp_md5"), $(sql_quote "$NOW_ISO"),
        'ed25519', $(sql_quote "$fp_sha"));" > /dev/null
    say "key registered in SQLite (POST /api/ssh-key answered $code)"
fi

# ---- one create through the service ------------------------------------------------
DOMTYPE=qemu
NOTES=()
S_MARK=
M_MARK=
# Sets R_POST (the 201's latency), R_RUN, R_ADDR, R_SSH (seconds since the request).
# poll_instance: one GET of bench_service's instance (its locals, by bash's dynamic scope): sets t_run once it is
# running, follows the address the API shows (t_since: since when), and t_match once that address is the lease's.
poll_instance() {
    http_get "/api/instances/$id" && [ "$HTTP_CODE" = 200 ] || return 0
    st=$(json_field "$HTTP_BODY" status)
    [ "$st" != error ] || die "$id went to error: $(json_field "$HTTP_BODY" state_reason)"
    [ "$st" != running ] || [ -n "$t_run" ] || t_run=$(now)
    ip=$(json_field "$HTTP_BODY" ip_address)
    [ "$ip" = "$api_ip" ] || { api_ip=$ip; t_since=$(now); }
    if [ -z "$t_match" ] && [ -n "$api_ip" ] && [ -s "$dir/lease" ]; then
        read -r l_t l_ip < "$dir/lease"
        [ "$l_ip" != "$api_ip" ] || t_match=$(max "$t_since" "$l_t")
    fi
}

bench_service() {
    local run=$1 dir=$TMP/svc-$1 host cpu0 t0 t_post t_run= t_match= t_since= api_ip= ip st deadline body id mac l_t l_ip
    mkdir -p "$dir"
    cpu0=$(cpu_secs "$SVC_PID")
    t0=$(now)
    code=$(curl -s -o "$dir/create.json" -w '%{http_code}' -m 60 -X POST "$BASE/api/instances" \
        -H 'content-type: application/json' \
        -d "{\"name\":\"bench-$run\",\"instance_type\":\"t2.nano\",\"image_id\":\"$IMAGE_ID\",\"ssh_key_name\":\"$KEY_NAME\"}" || true)
    t_post=$(now)
    body=$(< "$dir/create.json")
    id=$(json_field "$body" id)
    [ -z "$id" ] || SVC_IDS+=("$id")
    [ "$code" = 201 ] || die "POST /api/instances answered $code: $body"
    mac=$(json_field "$body" mac_address)
    [ -n "$mac" ] || die "no mac_address in the 201: $body"
    SVC_MACS+=("$mac")
    api_ip=$(json_field "$body" ip_address)
    [ -z "$api_ip" ] || t_since=$t_post
    ! lease_of "$mac" || say "warning: a lease for $mac existed before the request"
    deadline=$((${t0%.*} + BENCH_TIMEOUT))
    start_pollers "$mac" "$dir" "$deadline"
    # The API polled every 50 ms until `running`, as by hand polls virsh domstate. Then the guest boots, and by hand
    # nothing else polls than the lease and SSH pollers both sides have: polling the API on (about 20 answers and
    # 60 forks a second) took CPU from this guest only, whose boot to its lease took 10.2-10.8 s in G against
    # 8.9-9.1 s by hand. So the address is asked once the lease is there, and polled for again only while the API
    # shows another one.
    while [ -z "$t_run" ]; do
        ((${EPOCHREALTIME%.*} < deadline)) || break
        poll_instance
        sleep 0.05
    done
    while [ ! -s "$dir/lease" ] && ((${EPOCHREALTIME%.*} < deadline)); do sleep 0.05; done
    while [ -n "$t_run" ] && [ -z "$t_match" ] && [ ! -s "$dir/ssh" ] && ((${EPOCHREALTIME%.*} < deadline)); do
        poll_instance
        [ -n "$t_match" ] || sleep 0.05
    done
    [ -n "$t_run" ] || die "$id not running within ${BENCH_TIMEOUT}s"
    DOMTYPE=$(virsh_ dumpxml "$id" 2> /dev/null | sed -n "s/^<domain type='\([a-z]*\)'.*/\1/p" | head -n 1)
    DOMTYPE=${DOMTYPE:-qemu}
    wait_pollers "$dir" "$deadline" "$BENCH_HOME/instances/$id/console.log"
    read -r l_t l_ip < "$dir/lease"
    virsh_ net-dhcp-leases "$NET" --mac "$mac" | grep -qF " $l_ip/" \
        || die "virsh net-dhcp-leases does not show $mac -> $l_ip"
    R_CPU=$(awk -v a="$cpu0" -v b="$(cpu_secs "$SVC_PID")" 'BEGIN { printf "%.2f", b - a }')
    R_POST=$(elapsed "$t0" "$t_post")
    R_RUN=$(elapsed "$t0" "$t_run")
    R_SSH=$(elapsed "$t0" "$(cut -d' ' -f1 "$dir/ssh")")
    if [ -n "$t_match" ]; then
        R_ADDR=$(elapsed "$t0" "$t_match")
    else
        R_ADDR=$(elapsed "$t0" "$l_t")*
        S_MARK='*'
        NOTES+=("* service run $run: the API shows $id at ${api_ip:-no address}, but dnsmasq leased $l_ip to $mac (time shown: the lease)")
    fi
    say "service run $run: $id (api ${api_ip:-none}, lease $l_ip, $mac, $DOMTYPE): 201 after ${R_POST}s, running ${R_RUN}s, address ${R_ADDR}s, ssh ${R_SSH}s; service JVM ${R_CPU} CPU-s; load $(cut -d' ' -f1-3 /proc/loadavg)"
    svc_terminate "$id" || die "$id did not terminate"
    host=$(net_host_of "$mac")
    if [ -n "$host" ]; then
        NOTES+=("! service run $run: terminating $id left its DHCP reservation $host in the network (removed by the bench)")
        net_host_del "$mac"
    fi
}

# ---- the same by hand ------------------------------------------------------------------
# A free address from the top of the range (the service allocates from the bottom).
free_ip() {
    local taken i
    taken=$(virsh_ net-dumpxml "$NET" | grep -o "ip='[0-9.]*'" | tr -d "ip='" ; \
        virsh_ net-dhcp-leases "$NET" | grep -oE '192\.168\.100\.[0-9]+' || true)
    for ((i = 254; i >= 10; i--)); do
        grep -qx "192.168.100.$i" <<< "$taken" || { echo "192.168.100.$i"; return 0; }
    done
    return 1
}

random_mac() {
    local m
    while :; do
        m=$(printf '52:54:fe:%02x:%02x:%02x' $((RANDOM % 256)) $((RANDOM % 256)) $((RANDOM % 256)))
        [ -z "$(net_host_of "$m")" ] && ! lease_of "$m" && { echo "$m"; return 0; }
    done
}

domain_xml() { # NAME MAC DIR
    local tcg=
    [ "$DOMTYPE" = qemu ] && tcg="<tcg><tb-cache unit='MiB'>128</tb-cache></tcg>"
    cat << EOF
<domain type='$DOMTYPE'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/>$tcg</features>
  $([ "$DOMTYPE" = qemu ] || echo "<cpu mode='host-passthrough'/>")
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/><source file='$3/disk.qcow2'/><target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/><source file='$3/seed.iso'/><target dev='hdc' bus='ide'/><readonly/>
    </disk>
    <interface type='network'><mac address='$2'/><source network='$NET'/><model type='virtio'/></interface>
    <serial type='pty'><log file='$3/console.log' append='on'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='none'/>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
  </devices>
</domain>
EOF
}

bench_manual() {
    local run=$1 dir=$TMP/man-$1 vmdir=$MAN_ROOT/$1 name=ec2test-bench-$$-$1 t0 t_run= mac ip deadline host l_t l_ip
    mkdir -p "$dir" "$vmdir"
    chmod 0755 "$MAN_ROOT" "$vmdir"
    [ -f "$MAN_ROOT/base.qcow2" ] || cp "$IMAGE" "$MAN_ROOT/base.qcow2"   # QEMU reads it here without ACLs
    printf 'instance-id: %s\nlocal-hostname: %s\npublic-keys:\n- %s\n' "$name" "$name" "$PUBKEY" > "$vmdir/meta-data"
    printf '#cloud-config\n{}\n' > "$vmdir/user-data"
    mac=$(random_mac)
    MAN_MACS+=("$mac")

    t0=$(now)
    ip=$(free_ip) || die "no free address in the network"
    host="<host mac='$mac' name='$name' ip='$ip'/>"
    virsh_ net-update "$NET" add ip-dhcp-host "$host" --live --config > /dev/null
    deadline=$((${t0%.*} + BENCH_TIMEOUT))
    start_pollers "$mac" "$dir" "$deadline"
    qemu-img create -q -f qcow2 -F qcow2 -b "$MAN_ROOT/base.qcow2" "$vmdir/disk.qcow2" 8G
    genisoimage -quiet -output "$vmdir/seed.iso" -volid cidata -joliet -rock "$vmdir/user-data" "$vmdir/meta-data"
    domain_xml "$name" "$mac" "$vmdir" > "$vmdir/domain.xml"
    MAN_DOMAINS+=("$name")
    virsh_ define "$vmdir/domain.xml" > /dev/null
    virsh_ start "$name" > /dev/null
    until [ "$(virsh_ domstate "$name" 2> /dev/null)" = running ]; do
        ((${EPOCHREALTIME%.*} < deadline)) || die "$name not running within ${BENCH_TIMEOUT}s"
        sleep 0.05
    done
    t_run=$(now)
    wait_pollers "$dir" "$deadline" "$vmdir/console.log"
    read -r l_t l_ip < "$dir/lease"
    virsh_ net-dhcp-leases "$NET" --mac "$mac" | grep -qF " $l_ip/" \
        || die "virsh net-dhcp-leases does not show $mac -> $l_ip"
    M_RUN=$(elapsed "$t0" "$t_run")
    M_ADDR=$(elapsed "$t0" "$l_t")
    if [ "$l_ip" != "$ip" ]; then
        M_ADDR=$M_ADDR*
        M_MARK='*'
        NOTES+=("* by hand run $run: reserved $ip for $mac, but dnsmasq leased $l_ip")
    fi
    M_SSH=$(elapsed "$t0" "$(cut -d' ' -f1 "$dir/ssh")")
    say "by hand run $run: $name (reserved $ip, lease $l_ip, $mac): running ${M_RUN}s, lease ${M_ADDR}s, ssh ${M_SSH}s; load $(cut -d' ' -f1-3 /proc/loadavg)"
    remove_domain "$name"
    rm -rf "$vmdir"
}

# The service's first launch runs its launch path for the first time: the JVM interprets and compiles it, and
# libvirt's and JNA's bindings are looked up. virsh, qemu-img and genisoimage are compiled programs, so the by-hand
# runs pay nothing like it; as for the API answers below, BENCH_WARMUP launches (at least one) run to `running` and
# are terminated, unrecorded, before the recorded ones.
warm_launch() {
    local id st i
    code=$(curl -s -o "$TMP/warm.json" -w '%{http_code}' -m 60 -X POST "$BASE/api/instances" \
        -H 'content-type: application/json' \
        -d "{\"name\":\"bench-warm\",\"instance_type\":\"t2.nano\",\"image_id\":\"$IMAGE_ID\",\"ssh_key_name\":\"$KEY_NAME\"}" || true)
    id=$(json_field "$(< "$TMP/warm.json")" id)
    [ "$code" = 201 ] && [ -n "$id" ] || die "warm-up POST /api/instances answered $code: $(head -c 300 "$TMP/warm.json")"
    SVC_IDS+=("$id")
    for ((i = 0; i < BENCH_TIMEOUT * 10; i++)); do
        http_get "/api/instances/$id" || true
        st=$(json_field "$HTTP_BODY" status)
        [ "$st" != error ] || die "warm-up $id went to error: $(json_field "$HTTP_BODY" state_reason)"
        [ "$st" != running ] || break
        sleep 0.1
    done
    [ "$st" = running ] || die "warm-up $id not running within ${BENCH_TIMEOUT}s"
    svc_terminate "$id" || die "warm-up $id did not terminate"
}
for ((w = 0; w < (BENCH_WARMUP > 0 ? BENCH_WARMUP : 1); w++)); do
    warm_launch
done
say "$w launch(es) through the service unrecorded (warm-up)"

# ---- runs and report ---------------------------------------------------------------------
: > "$TMP/results"
for ((run = 1; run <= BENCH_RUNS; run++)); do
    settle_service
    bench_service "$run"
    settle_cpus
    bench_manual "$run"
    echo "$R_POST $R_RUN $R_ADDR $R_SSH $M_RUN $M_ADDR $M_SSH $R_CPU $(elapsed "$R_RUN" "$R_SSH") $(elapsed "$M_RUN" "$M_SSH")" \
        >> "$TMP/results"
done

median() { # column
    awk -v c="$1" '{ gsub(/\*/, "", $c); print $c }' "$TMP/results" | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
post=$(median 1); s_run=$(median 2); s_addr=$(median 3); s_ssh=$(median 4)
m_run=$(median 5); m_addr=$(median 6); m_ssh=$(median 7)
s_cpu=$(median 8); s_boot=$(median 9); m_boot=$(median 10)
label=$([ "$BENCH_RUNS" = 1 ] && echo "1 run" || echo "median of $BENCH_RUNS runs")

echo
echo "create t2.nano, test guest, $DOMTYPE ($label)"
printf '%-31s | %11s | %11s | %s\n' step "service (s)" "by hand (s)" "ratio service/by-hand"
printf '%-31s-+-%11s-+-%11s-+-%s\n' "$(printf '%.0s-' {1..31})" "-----------" "-----------" "---------------------"
printf '%-31s | %11s | %11s | %s\n' "request -> running" "$s_run" "$m_run" "$(ratio "$s_run" "$m_run")"
printf '%-31s | %11s | %11s | %s\n' "request -> address (lease seen)" "$s_addr$S_MARK" "$m_addr$M_MARK" "$(ratio "$s_addr" "$m_addr")"
printf '%-31s | %11s | %11s | %s\n' "request -> SSH answering" "$s_ssh" "$m_ssh" "$(ratio "$s_ssh" "$m_ssh")"
# the guest's own part: QEMU runs the same domain in both, so this shows how much of the row is the guest's boot
printf '%-31s | %11s | %11s | %s\n' "running -> SSH (guest boot)" "$s_boot" "$m_boot" "$(ratio "$s_boot" "$m_boot")"
echo "(service: 201 after ${post} s, its JVM used ${s_cpu} CPU-s per create including the 50 ms polls until running;" \
    "load average now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs)"
[ ${#NOTES[@]} -eq 0 ] || printf '%s\n' "${NOTES[@]}"
echo "bench: create t2.nano: running $s_run s, address $s_addr s, ssh $s_ssh s" \
    "(by hand: running $m_run s, address $m_addr s, ssh $m_ssh s)"

# ---- answer times of the APIs ------------------------------------------------------------------------------------
# The answers, not the VMs: creates through REST and RunInstances through the EC2 API (each instance terminated right
# after its answer), ten creates fired at once, then lists of 1,000 instance rows (terminated a moment ago, so
# DescribeInstances still shows them) through both APIs. A service that sits on a desktop serving the web console
# is warm, so each kind of call is first made a few times unrecorded (the JIT compiles the paths it takes).
pct() { # P FILE: the P-th percentile (nearest rank) of the numbers (seconds) in FILE, in ms
    sort -g "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int((p / 100) * NR + 0.999); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }'
}
# rest_create [FILE]: one POST /api/instances, its time appended to FILE, the instance terminated after
rest_create() {
    local t id
    t=$(curl -s -o "$TMP/c.json" -w '%{time_total}' -m 60 -X POST "$BASE/api/instances" -H 'content-type: application/json' \
        -d "$(jq -nc --arg img "$IMAGE_ID" '{instance_type: "t2.nano", image_id: $img}')")
    id=$(jq -r '.id // empty' "$TMP/c.json")
    [ -n "$id" ] || die "create answered $(head -c 300 "$TMP/c.json")"
    SVC_IDS+=("$id")
    [ -z "${1:-}" ] || echo "$t" >> "$1"
    svc_terminate "$id" || NOTES+=("could not terminate $id")
}
# ec2_run [FILE]: the same through RunInstances
ec2_run() {
    local t id
    t=$(curl -s -o "$TMP/r.xml" -w '%{time_total}' -m 60 -X POST "$BASE/" \
        --data "Action=RunInstances&Version=2016-11-15&ImageId=$IMAGE_ID&InstanceType=t2.nano&MinCount=1&MaxCount=1")
    id=$(grep -o '<instanceId>[^<]*' "$TMP/r.xml" | head -n 1 | sed 's/<instanceId>//')
    [ -n "$id" ] || die "RunInstances answered $(head -c 300 "$TMP/r.xml")"
    SVC_IDS+=("$id")
    [ -z "${1:-}" ] || echo "$t" >> "$1"
    svc_terminate "$id" || NOTES+=("could not terminate $id")
}
# lists [REST_FILE EC2_FILE]: one GET /api/instances and one DescribeInstances
lists() {
    curl -s -o /dev/null -w '%{time_total}\n' -m 60 "$BASE/api/instances" >> "${1:-/dev/null}"
    curl -s -o /dev/null -w '%{time_total}\n' -m 60 -X POST "$BASE/" \
        --data "Action=DescribeInstances&Version=2016-11-15" >> "${2:-/dev/null}"
}
t_api=$SECONDS
say "warm-up: $BENCH_WARMUP creates through each API and 100 lists, unrecorded"
for ((i = 0; i < BENCH_WARMUP; i++)); do rest_create; ec2_run; done
for ((i = 0; i < 100; i++)); do lists; done
: > "$TMP/rest-create"; : > "$TMP/ec2-run"; : > "$TMP/rest-list"; : > "$TMP/ec2-describe"; : > "$TMP/concurrent"
EC2_SAMPLES=$(((BENCH_CREATE_SAMPLES + 1) / 2))
say "$BENCH_CREATE_SAMPLES creates through POST /api/instances, $EC2_SAMPLES through RunInstances"
for ((i = 0; i < BENCH_CREATE_SAMPLES; i++)); do
    rest_create "$TMP/rest-create"
    [ "$i" -ge "$EC2_SAMPLES" ] || ec2_run "$TMP/ec2-run"
done

# Ten creates at once (scripts/bench-concurrent.py: connections open and threads at a barrier first, so ten client
# processes starting on two cores are not timed); every answer's time, then all terminated. Fired on a quiet machine,
# as the starts below are: right after the last termination libvirt and the guest's QEMU are still winding down.
settle_service
CC_QUIET=$QUIET
CC_BUSY=$BUSY
say "$BENCH_CONCURRENT creates at once ($CC_QUIET)"
python3 "$ROOT/scripts/bench-concurrent.py" "$BENCH_PORT" "$BENCH_CONCURRENT" "$IMAGE_ID" "$TMP" &
POLLERS+=($!)   # killed by cleanup if the bench stops here
wait "${POLLERS[-1]}" || say "warning: bench-concurrent.py failed"
POLLERS=()
cc_bad=0
for ((i = 0; i < BENCH_CONCURRENT; i++)); do
    id=$(jq -r '.id // empty' "$TMP/cc-$i.json" 2> /dev/null || true)
    [ -z "$id" ] || SVC_IDS+=("$id")
    read -r c t < "$TMP/cc-$i.t" || { c=000; t=60; }
    [ "$c" = 201 ] || { cc_bad=$((cc_bad + 1)); say "create $i of $BENCH_CONCURRENT at once answered $c: $(head -c 300 "$TMP/cc-$i.json" 2> /dev/null)"; }
    echo "$t" >> "$TMP/concurrent"
done
for ((i = 0; i < BENCH_CONCURRENT; i++)); do
    id=$(jq -r '.id // empty' "$TMP/cc-$i.json" 2> /dev/null || true)
    [ -z "$id" ] || curl -s -o /dev/null -m 30 -X DELETE "$BASE/api/instances/$id" || true
done
for ((i = 0; i < BENCH_CONCURRENT; i++)); do
    id=$(jq -r '.id // empty' "$TMP/cc-$i.json" 2> /dev/null || true)
    [ -z "$id" ] || svc_await_terminated "$id" || NOTES+=("could not terminate $id")
done
cc_all=$(awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 * 1000 }' "$TMP/concurrent")

say "inserting 1,000 terminated instance rows"
now_iso=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
prefix=$(printf '%04x' $((RANDOM)))  # a kept data home (BENCH_KEEP) may hold an earlier run's rows
{
    echo "PRAGMA busy_timeout=5000; BEGIN;"
    for ((i = 0; i < 1000; i++)); do
        printf "INSERT INTO instances (id, name, instance_type, status, memory_mb, disk_gb, vcpus, created_at, terminated_at, image_id, state_reason) VALUES ('i-%s%06x', 'bench-%d', 't2.nano', 'TERMINATED', 512, 8, 1, '%s', '%s', %s, 'bench row');\n" \
            "$prefix" "$i" "$i" "$now_iso" "$now_iso" "$(sql_quote "$IMAGE_ID")"
    done
    echo "COMMIT;"
} | sqlite3 -bail "$DB" > /dev/null
rows=$(curl -s -m 60 "$BASE/api/instances" | jq 'if type == "array" then length else error("the list answered \(.)") end') \
    || die "GET /api/instances did not answer a list"
say "$BENCH_API_SAMPLES lists through each API ($rows rows) after 20 unrecorded"
for ((i = 0; i < 20; i++)); do lists; done
for ((i = 0; i < BENCH_API_SAMPLES; i++)); do lists "$TMP/rest-list" "$TMP/ec2-describe"; done
t_api=$((SECONDS - t_api))

echo
echo "API answers, ms (after a warm-up; $BENCH_CREATE_SAMPLES REST creates, $EC2_SAMPLES RunInstances, $BENCH_API_SAMPLES lists each with $rows instances)"
printf '%-36s | %8s | %8s | %8s | %8s\n' answer "p50" "p95" "p99" "max"
for pair in "POST /api/instances:rest-create" "EC2 RunInstances:ec2-run" "GET /api/instances:rest-list" \
    "EC2 DescribeInstances:ec2-describe" "$BENCH_CONCURRENT POST /api/instances at once:concurrent"; do
    printf '%-36s | %8s | %8s | %8s | %8s\n' "${pair%%:*}" "$(pct 50 "$TMP/${pair#*:}")" "$(pct 95 "$TMP/${pair#*:}")" \
        "$(pct 99 "$TMP/${pair#*:}")" "$(pct 100 "$TMP/${pair#*:}")"
done
echo "($BENCH_CONCURRENT at once on a quiet machine, $CC_QUIET; each: $cc_all ms; load average $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- start -> health 200, resident memory ------------------------------------------------------------------------
# The service restarted BENCH_RESTARTS times on this data home (1,000+ instance rows, the image, the key): start ->
# health 200 each time (median). After the last start: VmRSS 10 s after health (idle), then after
# BENCH_MIX_REQUESTS mixed requests (lists of all rows, health, stats, unknown instances), bounded by BENCH_MIX_SECONDS.
# Each start waits for a quiet machine first (await_quiet): a service is started on a desktop, not while the bench's
# terminated guests, a stopped service's last steps and libvirt's firewall rebuilds still take the two cores.
await_quiet() {
    settle_cpus
    echo "$BUSY" >> "$TMP/quiet"
}
t_foot=$SECONDS
: > "$TMP/starts"
: > "$TMP/started"
: > "$TMP/quiet"
for ((r = 1; r <= BENCH_RESTARTS; r++)); do
    stop_service
    await_quiet
    start_service
    if [ "$r" -lt "$BENCH_RESTARTS" ]; then
        python3 "$ROOT/scripts/footprint.py" "$BENCH_PORT" "$SVC_PID" "$SVC_START_NS" 0 > "$TMP/foot.json" \
            || die "restart $r: no health 200 (see $BENCH_HOME/service.out)"
    else
        say "restart $r of $BENCH_RESTARTS, then 10 s idle and $BENCH_MIX_REQUESTS mixed requests (at most ${BENCH_MIX_SECONDS}s)"
        python3 "$ROOT/scripts/footprint.py" "$BENCH_PORT" "$SVC_PID" "$SVC_START_NS" "$BENCH_MIX_REQUESTS" --later 0 \
            --max-seconds "$BENCH_MIX_SECONDS" > "$TMP/foot.json" || die "restart $r: footprint.py failed"
    fi
    jq -r .start_to_health_s "$TMP/foot.json" >> "$TMP/starts"
    jq -r .start_to_started_s "$TMP/foot.json" >> "$TMP/started"
    say "restart $r: health 200 after $(jq -r .start_to_health_s "$TMP/foot.json") s, RSS $(jq -r .rss_at_ready_mib "$TMP/foot.json") MiB; CPUs $QUIET"
done
starts=$(sort -g "$TMP/starts" | paste -sd ' ')
start_med=$(sort -g "$TMP/starts" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
t_foot=$((SECONDS - t_foot))
echo
echo "service start and memory (scripts/ec2-as-service, data home with $rows instance rows)"
echo "start -> health 200: median $start_med s of $BENCH_RESTARTS restarts ($starts s)"
echo "start -> startup steps done (health no longer 'starting'): $(sort -g "$TMP/started" | paste -sd ' ') s"
jq -r '"resident memory (VmRSS): \(.rss_at_ready_mib) MiB at health 200, \(.rss_idle_mib) MiB idle 10 s later, \(.rss_after_requests_mib) MiB after \(.requests) mixed requests (\(.requests_s) s; statuses \(.statuses | to_entries | map("\(.key): \(.value)") | join(", ")))"' "$TMP/foot.json"

# ---- target/bench.json (scripts/bench-terminal.sh adds the terminal's figures) -----------------------------------------
mkdir -p "$ROOT/target"
ms() { jq -Rs 'split("\n") | map(select(length > 0) | tonumber * 1000 | . * 10 | round / 10)' < "$1"; }
jq -n --arg runs "$BENCH_RUNS" --arg run "$s_run" --arg addr "$s_addr" --arg ssh "$s_ssh" --arg mrun "$m_run" \
    --arg maddr "$m_addr" --arg mssh "$m_ssh" --arg post "$post" --arg rows "$rows" --arg sboot "$s_boot" --arg mboot "$m_boot" \
    --arg rc50 "$(pct 50 "$TMP/rest-create")" --arg rc95 "$(pct 95 "$TMP/rest-create")" --arg rc99 "$(pct 99 "$TMP/rest-create")" \
    --arg er50 "$(pct 50 "$TMP/ec2-run")" --arg er95 "$(pct 95 "$TMP/ec2-run")" --arg er99 "$(pct 99 "$TMP/ec2-run")" \
    --arg rl50 "$(pct 50 "$TMP/rest-list")" --arg rl95 "$(pct 95 "$TMP/rest-list")" --arg rl99 "$(pct 99 "$TMP/rest-list")" \
    --arg ed50 "$(pct 50 "$TMP/ec2-describe")" --arg ed95 "$(pct 95 "$TMP/ec2-describe")" --arg ed99 "$(pct 99 "$TMP/ec2-describe")" \
    --argjson cc "$(ms "$TMP/concurrent")" --arg cc_bad "$cc_bad" --arg cc_busy "$CC_BUSY" --argjson starts "$(jq -R 'tonumber' < "$TMP/starts" | jq -s .)" --argjson started "$(jq -R 'tonumber' < "$TMP/started" | jq -s .)" --argjson quiet "$(jq -R 'tonumber' < "$TMP/quiet" | jq -s .)" \
    --slurpfile foot "$TMP/foot.json" --arg csamples "$BENCH_CREATE_SAMPLES" --arg esamples "$EC2_SAMPLES" --arg lsamples "$BENCH_API_SAMPLES" \
    --arg warm "$BENCH_WARMUP" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg cpus "$(nproc)" \
    --arg domtype "$DOMTYPE" --arg when "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown)" \
    '{measured_at: $when, commit: $commit, machine: {cpus: ($cpus | tonumber), load_average: $load, guests: $domtype},
      create: {runs: ($runs | tonumber), service_s: {running: ($run | tonumber), address: ($addr | tonumber),
       ssh: ($ssh | tonumber), answer: ($post | tonumber), running_to_ssh: ($sboot | tonumber)},
       by_hand_s: {running: ($mrun | tonumber), address: ($maddr | tonumber), ssh: ($mssh | tonumber),
       running_to_ssh: ($mboot | tonumber)}},
      api_ms: {warm_up_creates: ($warm | tonumber),
       rest_create: {samples: ($csamples | tonumber), p50: ($rc50 | tonumber), p95: ($rc95 | tonumber), p99: ($rc99 | tonumber)},
       ec2_run_instances: {samples: ($esamples | tonumber), p50: ($er50 | tonumber), p95: ($er95 | tonumber), p99: ($er99 | tonumber)},
       rest_create_concurrent: {count: ($cc | length), failed: ($cc_bad | tonumber), each: $cc, max: ($cc | max), cpu_busy_before_pct: ($cc_busy | tonumber)},
       rest_list: {rows: ($rows | tonumber), samples: ($lsamples | tonumber), p50: ($rl50 | tonumber), p95: ($rl95 | tonumber), p99: ($rl99 | tonumber)},
       ec2_describe_instances: {rows: ($rows | tonumber), samples: ($lsamples | tonumber), p50: ($ed50 | tonumber), p95: ($ed95 | tonumber), p99: ($ed99 | tonumber)}},
      start_to_health_s: {median: ($starts | sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end),
       each: $starts, quiet_busy_pct: $quiet},
      start_to_started_s: {each: $started},
      memory_mib: ($foot[0] | {at_health: .rss_at_ready_mib, idle: .rss_idle_mib, after_requests: .rss_after_requests_mib,
       requests: .requests, requests_s: .requests_s, statuses: .statuses})}' \
    > "$ROOT/target/bench.json"
say "figures written to target/bench.json (API answers took ${t_api}s, restarts and memory ${t_foot}s)"
