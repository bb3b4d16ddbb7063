#!/usr/bin/env bash
# Rootless mode (issue 14): the packaged service runs as an unprivileged user on qemu:///session with user-mode
# networking, inside the test namespace, and is driven over REST, SSH and the terminal WebSocket. It runs as make run
# starts it: through scripts/ec2-as-service with the class-data archive (scripts/build-cds.sh, so on the launcher's
# plain class path), with -Xshare:on, so a start that cannot use the archive fails here. Launch, running,
# SSH through the forwarded 127.0.0.1 port, a terminal session, stop, start (the forward is made again), a restart of
# the service while the instance runs (SSH still answers), terminate (domain gone, nothing listens on the port).
#
# Prerequisites: target/quarkus-app built, the namespace up (scripts/testenv.sh up), the test guest (make
# test-image), root (to create the user and to enter the namespace). The service's output goes to
# target/user-mode/service.log.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TESTENV=${TESTENV:-scripts/testenv.sh}
PORT=${EC2_USER_MODE_PORT:-18091}
RUN_AS=${EC2_USER_MODE_USER:-ec2-rootless}
IMAGE=${EC2_TEST_IMAGE:-${XDG_CACHE_HOME:-$HOME/.cache}/ec2-as-service/test-image/ec2-test-guest.qcow2}
APP=target/quarkus-app/quarkus-run.jar
BASE=http://127.0.0.1:$PORT
LOG_DIR=$ROOT/target/user-mode

die() { echo "user-mode: FAILED: $*" >&2; exit 1; }
say() { echo "user-mode: $*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root: it creates the user $RUN_AS and enters the test namespace"
[ -f "$APP" ] || die "$APP is missing: build it with ./mvnw package -DskipTests"
[ -f "$IMAGE" ] || die "test guest $IMAGE is missing: make test-image"
in_ns() { "$TESTENV" exec "$@"; }
in_ns true || die "the test namespace is not up: scripts/testenv.sh up"

# one java records the archive and runs the service: the archive only fits the JVM that wrote it
JAVA_BIN=$(command -v "${JAVA:-java}") || die "no java on the PATH"
ARCHIVE=$ROOT/target/quarkus-app/app-cds.jsa
# the launcher itself says whether it would start with the archive (there, and newer than every jar)
if JAVA=echo EC2_JAVA_OPTS= "$ROOT/scripts/ec2-as-service" 2>/dev/null | grep -q -- '-XX:SharedArchiveFile=app-cds.jsa'; then
    # make test has just recorded it with the same java (-Xshare:on below refuses an archive of another)
    say "using the class-data archive recorded after this build"
else
    say "recording the class-data archive (scripts/build-cds.sh), as make build does"
    JAVA=$JAVA_BIN "$ROOT/scripts/build-cds.sh"
fi
[ -f "$ARCHIVE" ] || die "scripts/build-cds.sh wrote no class-data archive"

if ! id "$RUN_AS" >/dev/null 2>&1; then
    say "creating the unprivileged user $RUN_AS"
    # another run may create it at the same moment
    useradd --create-home --shell /bin/bash "$RUN_AS" || id "$RUN_AS" >/dev/null 2>&1 || die "cannot create $RUN_AS"
fi
UID_=$(id -u "$RUN_AS")
GID_=$(id -g "$RUN_AS")
USER_HOME=$(getent passwd "$RUN_AS" | cut -d: -f6)
DATA_HOME=$USER_HOME/.ec2-as-service-user${EC2_NETNS:+-$EC2_NETNS}
# the session libvirtd keeps its sockets here; private to this run
RUNTIME=$(mktemp -d /tmp/ec2-user-mode-run.XXXXXX)
# and its configuration (domains, the pool), logs and state under the XDG directories: private to this run as well,
# so runs side by side (another namespace, the same user) never share a pool definition or a domain
XDG=$DATA_HOME-xdg
WORK=$(mktemp -d)
mkdir -p "$LOG_DIR"
rm -rf "$DATA_HOME" "$XDG"
install -d -o "$UID_" -g "$GID_" -m 0700 "$DATA_HOME" "$XDG" "$XDG/config" "$XDG/cache" "$XDG/data"
chown "$UID_:$GID_" "$RUNTIME"
chmod 0700 "$RUNTIME"
# the guest must be readable by the user (root's cache is not): a copy in the user's data home
GUEST=$DATA_HOME/test-guest.qcow2
install -o "$UID_" -g "$GID_" -m 0600 "$IMAGE" "$GUEST"
# the service's log is written by the user
: >"$LOG_DIR/service.log"
chown "$UID_:$GID_" "$LOG_DIR/service.log"

as_user() {
    in_ns setpriv --reuid="$UID_" --regid="$GID_" --init-groups \
        env -i HOME="$USER_HOME" USER="$RUN_AS" LOGNAME="$RUN_AS" PATH=/usr/local/bin:/usr/bin:/bin \
        XDG_RUNTIME_DIR="$RUNTIME" XDG_CONFIG_HOME="$XDG/config" XDG_CACHE_HOME="$XDG/cache" XDG_DATA_HOME="$XDG/data" \
        "$@"
}
# the java that recorded the archive, which the user must be able to run (a JDK below /root would not be)
as_user "$JAVA_BIN" -version >/dev/null 2>&1 || die "$JAVA_BIN cannot be run by $RUN_AS"

SERVICE_PID=
start_service() {
    say "starting the service as $RUN_AS on $BASE (qemu:///session, network mode auto, data home $DATA_HOME)"
    # testenv exec, setpriv and env exec what they run, so $! is the JVM itself
    "$TESTENV" exec setpriv --reuid="$UID_" --regid="$GID_" --init-groups \
        env -i HOME="$USER_HOME" USER="$RUN_AS" LOGNAME="$RUN_AS" PATH=/usr/local/bin:/usr/bin:/bin \
        XDG_RUNTIME_DIR="$RUNTIME" XDG_CONFIG_HOME="$XDG/config" XDG_CACHE_HOME="$XDG/cache" XDG_DATA_HOME="$XDG/data" \
        EC2_HOME="$DATA_HOME" EC2_HTTP_PORT="$PORT" EC2_LIBVIRT_URI=qemu:///session JAVA="$JAVA_BIN" EC2_JAVA_OPTS=-Xshare:on \
        "$ROOT/scripts/ec2-as-service" >>"$LOG_DIR/service.log" 2>&1 &
    SERVICE_PID=$!
    local code=
    for _ in $(seq 1 120); do
        code=$(in_ns curl -s -o "$WORK/health.json" -w '%{http_code}' "$BASE/api/monitor/health" || true)
        # 200 comes as soon as the port opens; ready once the startup steps (libvirt last) are done
        [ "$code" = 200 ] && ! grep -q '"status":"starting"' "$WORK/health.json" && break
        kill -0 "$SERVICE_PID" 2>/dev/null || die "the service stopped; see $LOG_DIR/service.log"
        sleep 0.5
    done
    [ "$code" = 200 ] && ! grep -q '"status":"starting"' "$WORK/health.json" \
        || die "the service is not ready (HTTP $code: $(cat "$WORK/health.json" 2>/dev/null)); see $LOG_DIR/service.log"
    # as make run starts it: the archive, on the plain class path (-Xshare:on has made sure the JVM could use it)
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$SERVICE_PID/cmdline" 2>/dev/null) || die "the service stopped; see $LOG_DIR/service.log"
    [[ "$cmdline" == *"-XX:SharedArchiveFile=app-cds.jsa "*" io.quarkus.runner.GeneratedMain"* ]] \
        || die "the service did not start with the class-data archive on the plain class path: $cmdline"
}

stop_service() {
    [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null || return 0
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do
        kill -0 "$SERVICE_PID" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
        say "the service did not stop within 20 s; killing it"
        kill -9 "$SERVICE_PID" 2>/dev/null || true
    fi
    wait "$SERVICE_PID" 2>/dev/null || true
}

api() { in_ns curl -sS -H 'content-type: application/json' "$@"; }
# field a.0.b <json: the value at that path, numbers indexing lists ("" for null or absent: the API leaves null fields out)
field() {
    python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    if isinstance(v, list) and k.isdigit():
        v = v[int(k)] if int(k) < len(v) else None
    else:
        v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)' "$1"
}

cleanup() {
    local status=$?
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null && [ -n "${ID:-}" ]; then
        api -XDELETE "$BASE/api/instances/$ID" >/dev/null 2>&1 || true
        for _ in $(seq 1 30); do
            [ "$(api "$BASE/api/instances/$ID" 2>/dev/null | field status 2>/dev/null)" = terminated ] && break
            sleep 1
        done
    fi
    stop_service
    # the session libvirtd (and its virtlogd) the service's connection started: they would linger in the namespace
    # for their idle timeout
    local daemon
    for pidfile in "$RUNTIME"/libvirt/{libvirtd,virtqemud,virtlogd}.pid; do
        daemon=$(tr -dc 0-9 2>/dev/null <"$pidfile" || true)
        [ -n "$daemon" ] && kill "$daemon" 2>/dev/null || true
    done
    rm -rf "$WORK" "$RUNTIME"
    [ "$status" = 0 ] && rm -rf "$DATA_HOME" "$XDG"
    exit $status
}
trap cleanup EXIT INT TERM

start_service
mode=$(field network_mode.in_use <"$WORK/health.json")
uri=$(field libvirt.uri <"$WORK/health.json")
[ "$mode" = user ] || die "health says network mode '$mode' on qemu:///session (expected user): $(cat "$WORK/health.json")"
[ "$uri" = qemu:///session ] || die "health says libvirt $uri"
say "health: network mode $mode ($(field network_mode.reason <"$WORK/health.json")), libvirt $uri"

api -o "$WORK/import.json" -w '%{http_code}\n' -XPOST "$BASE/api/images" -d "{\"id\":\"rootless-guest\",
  \"name\":\"rootless-guest\",\"os\":\"linux\",\"arch\":\"amd64\",\"default_user\":\"ubuntu\",\"path\":\"$GUEST\"}" \
    | grep -q 201 || die "importing the test guest failed: $(cat "$WORK/import.json")"
# session mode as a whole: pool running in the data home, no ACLs needed, nothing to warn about
api "$BASE/api/monitor/health" >"$WORK/health.json"
[ "$(field status <"$WORK/health.json")" = ok ] || die "health is not ok in session mode: $(cat "$WORK/health.json")"
[ "$(field storage_pool.active <"$WORK/health.json")" = True ] \
    && [[ "$(field storage_pool.path <"$WORK/health.json")" == "$DATA_HOME"/* ]] \
    || die "the storage pool is not running in the data home: $(cat "$WORK/health.json")"
say "health ok: pool at $(field storage_pool.path <"$WORK/health.json"), accelerator $(field accelerator.in_use <"$WORK/health.json")"
ssh-keygen -q -t ed25519 -N '' -C rootless -f "$WORK/key"
api -o "$WORK/key.json" -w '%{http_code}\n' -XPOST "$BASE/api/ssh-key" \
    -d "{\"name\":\"rootless\",\"public_key\":\"$(cat "$WORK/key.pub")\"}" | grep -q 201 \
    || die "importing the key failed: $(cat "$WORK/key.json")"

# a port forward from the launch on: QEMU forwards it too (the guest's address is not reachable from the host)
WEB_PORT=18190
EXTRA_PORT=18191
api -o "$WORK/launch.json" -w '%{http_code}\n' -XPOST "$BASE/api/instances" -d '{"name":"rootless-vm",
  "instance_type":"t2.nano","image_id":"rootless-guest","ssh_key_name":"rootless",
  "ports":[{"host":'"$WEB_PORT"',"guest":8080,"protocol":"tcp"}]}' | grep -q 20 \
    || die "launch failed: $(cat "$WORK/launch.json")"
ID=$(field id <"$WORK/launch.json")
say "launched $ID"

wait_status() {
    local want=$1 got=
    for _ in $(seq 1 120); do
        api "$BASE/api/instances/$ID" >"$WORK/instance.json"
        got=$(field status <"$WORK/instance.json")
        [ "$got" = "$want" ] && return 0
        [ "$got" = error ] && die "$ID went to error: $(field state_reason <"$WORK/instance.json")"
        sleep 1
    done
    die "$ID is $got, not $want, after 120 s"
}
ssh_guest() {
    in_ns ssh -i "$WORK/key" -p "$SSH_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o ConnectTimeout=5 -o BatchMode=yes -o LogLevel=ERROR ubuntu@127.0.0.1 "$@"
}
await_ssh() {
    local out=
    for _ in $(seq 1 60); do
        out=$(ssh_guest echo ssh-ok 2>/dev/null || true)
        [ "$out" = ssh-ok ] && return 0
        sleep 3
    done
    die "SSH through 127.0.0.1:$SSH_PORT did not answer ($1)"
}

wait_status running
ENDPOINT=$(field ssh_endpoint <"$WORK/instance.json")
IP=$(field ip_address <"$WORK/instance.json")
[[ "$ENDPOINT" == 127.0.0.1:* ]] || die "ssh_endpoint is '$ENDPOINT', not 127.0.0.1:<port>"
[ "$IP" = 10.0.2.15 ] || die "ip_address is '$IP', not QEMU's 10.0.2.15"
SSH_PORT=${ENDPOINT#127.0.0.1:}
say "$ID runs at $IP, SSH forwarded from $ENDPOINT"
await_ssh "after the launch"
owner=$(ps -eo user:32=,args= | grep "[q]emu-system.*guest=$ID" | awk '{print $1}' | sort -u | tr -d '\n')
[ "$owner" = "$RUN_AS" ] || die "QEMU runs as '$owner', not as $RUN_AS"
say "SSH answers through the forward; QEMU runs as $owner"

say "port forwards: 127.0.0.1:$WEB_PORT to the guest's web server, one added and removed while it runs"
ssh_guest 'mkdir -p /tmp/www && echo forwarded-ok >/tmp/www/index.html && busybox httpd -p 8080 -h /tmp/www' \
    || die "starting a web server in the guest failed"
page=$(in_ns curl -fsS --max-time 10 "http://127.0.0.1:$WEB_PORT/" || true)
[ "$page" = forwarded-ok ] || die "127.0.0.1:$WEB_PORT did not reach the guest's web server (got '$page')"
api -o "$WORK/port.json" -w '%{http_code}\n' -XPOST "$BASE/api/instances/$ID/ports" \
    -d '{"host":'"$EXTRA_PORT"',"guest":22}' | grep -q 201 || die "adding a forward failed: $(cat "$WORK/port.json")"
[ "$(field listening <"$WORK/port.json")" = True ] || die "the added forward does not listen: $(cat "$WORK/port.json")"
banner=$(in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$EXTRA_PORT; head -c 7 <&3" 2>/dev/null || true)
[ "$banner" = SSH-2.0 ] || die "127.0.0.1:$EXTRA_PORT did not reach the guest's SSH (got '$banner')"
api -o /dev/null -w '%{http_code}\n' -XDELETE "$BASE/api/instances/$ID/ports/$EXTRA_PORT" | grep -q 204 \
    || die "removing the forward failed"
if in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$EXTRA_PORT" 2>/dev/null; then
    die "127.0.0.1:$EXTRA_PORT still accepts connections after its forward was removed"
fi
say "the guest's web server answers through 127.0.0.1:$WEB_PORT; a forward added and removed at run time"

say "terminal session over the WebSocket"
cat >"$WORK/terminal.mjs" <<'EOF'
// Opens the terminal, types a command whose output differs from its echo, waits for the output, exits.
const [url] = process.argv.slice(2);
const ws = new WebSocket(url);
ws.binaryType = 'arraybuffer';
let out = '';
const timer = setTimeout(() => { console.error('no output in 90 s; got: ' + out); process.exit(1); }, 90000);
ws.onopen = () => ws.send(new TextEncoder().encode('echo term-$((6*7))\n'));
ws.onmessage = (m) => {
  out += typeof m.data === 'string' ? m.data : new TextDecoder().decode(m.data);
  if (out.includes('term-42')) {
    ws.send(new TextEncoder().encode('exit\n'));
  }
};
ws.onclose = (e) => {
  clearTimeout(timer);
  if (!out.includes('term-42')) { console.error(`closed ${e.code} ${e.reason} before the output; got: ${out}`); process.exit(1); }
  console.log(`closed ${e.code} ${e.reason}`);
  process.exit(e.code === 1000 ? 0 : 1);
};
EOF
in_ns node --experimental-websocket --no-warnings "$WORK/terminal.mjs" "ws://127.0.0.1:$PORT/api/ws/terminal/$ID" \
    || die "the terminal session failed"

say "stop, start: the forward is made again"
api -XPOST "$BASE/api/instances/$ID/stop" >/dev/null
wait_status stopped
api -XPOST "$BASE/api/instances/$ID/start" >/dev/null
wait_status running
[ "$(field ssh_endpoint <"$WORK/instance.json")" = "$ENDPOINT" ] || die "the SSH endpoint changed across stop/start"
await_ssh "after stop and start"
[ "$(field ports.0.listening <"$WORK/instance.json")" = True ] \
    || die "the forward of port $WEB_PORT was not made again at start: $(cat "$WORK/instance.json")"

say "restart of the service while $ID runs"
stop_service
before=$(wc -l <"$LOG_DIR/service.log")
start_service
for _ in $(seq 1 30); do
    tail -n +"$((before + 1))" "$LOG_DIR/service.log" | grep -q "$ID: SSH forwarded from 127.0.0.1:$SSH_PORT" && break
    sleep 1
done
tail -n +"$((before + 1))" "$LOG_DIR/service.log" | grep -q "$ID: SSH forwarded from 127.0.0.1:$SSH_PORT" \
    || die "the restarted service did not make the forward of $ID again; see $LOG_DIR/service.log"
await_ssh "after a restart of the service"

say "terminate"
api -XDELETE "$BASE/api/instances/$ID" >/dev/null
wait_status terminated
[ -z "$(field ssh_endpoint <"$WORK/instance.json")" ] || die "a terminated instance still shows an SSH endpoint"
if as_user virsh -q -c qemu:///session dominfo "$ID" >/dev/null 2>&1; then
    die "the domain $ID is still defined after termination"
fi
for port in "$SSH_PORT" "$WEB_PORT"; do
    if in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
        die "something still listens on 127.0.0.1:$port after termination"
    fi
done
left=$(find "$DATA_HOME/instances" -path "*$ID*" 2>/dev/null || true)
[ -z "$left" ] || die "files of $ID remain after termination: $left"
ID=
say "passed: as $RUN_AS on qemu:///session in user mode: launch, SSH via $ENDPOINT, port forwards, terminal, stop/start, service restart, terminate"
