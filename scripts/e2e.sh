#!/usr/bin/env bash
# Browser tests of the web console (REQ-USE-001, REQ-USE-003, REQ-LIM-003, REQ-TERM-001): the packaged service with
# its UI runs inside the test namespace with its own data home, port, libvirt network and storage pool; Debian's
# Chromium, driven by playwright-core, launches, uses and terminates real VMs there.
#
# Prerequisites: target/quarkus-app built with the UI (make build), webui/node_modules (npm ci), /usr/bin/chromium
# (apt-get install chromium), the namespace up (scripts/testenv.sh up) and the test guest
# (EC2_TEST_IMAGE=$(scripts/guest/build-test-image.sh ~/.cache/ec2-as-service/test-image)).
# Screenshots go to target/e2e-screenshots/, the service's output to target/e2e/service.log.
# E2E_SPECS=webui/e2e/crosssite.spec.mjs runs only the named spec files.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TESTENV=${TESTENV:-scripts/testenv.sh}
PORT=${E2E_PORT:-18080}
E2E_HOME=${E2E_HOME:-$HOME/.ec2-as-service-e2e${EC2_NETNS:+-$EC2_NETNS}}
IMAGE=${EC2_TEST_IMAGE:-${XDG_CACHE_HOME:-$HOME/.cache}/ec2-as-service/test-image/ec2-test-guest.qcow2}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
APP=target/quarkus-app/quarkus-run.jar
BASE=http://127.0.0.1:$PORT
LOG_DIR=target/e2e
SHOTS=target/e2e-screenshots

die() { echo "e2e: $*" >&2; exit 1; }
say() { echo "e2e: $*" >&2; }
[ -f "$APP" ] || die "$APP is missing: build it with make build"
[ -d webui/node_modules/playwright-core ] || die "webui/node_modules is missing: (cd webui && npm ci)"
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing: apt-get install -y chromium"
[ -f "$IMAGE" ] || die "test guest $IMAGE is missing: make test-image"
in_ns() { "$TESTENV" exec "$@"; }
in_ns true || die "the test namespace is not up: scripts/testenv.sh up"

mkdir -p "$LOG_DIR"
rm -rf "$SHOTS" && mkdir -p "$SHOTS"
rm -rf "$E2E_HOME"

# Its own network and pool, so it never shares addresses with other services in the namespace. Started as make run
# starts it (scripts/ec2-as-service: the launcher's JVM flags, and the plain class path when the build recorded the
# class-data archive); testenv exec, env and the launcher exec what they run, so $! is the JVM itself
say "starting the service on $BASE (data home $E2E_HOME)"
"$TESTENV" exec env EC2_HOME="$E2E_HOME" EC2_HTTP_PORT="$PORT" \
    EC2_NETWORK_NAME=ec2-e2e EC2_NETWORK_GATEWAY=192.168.150.1 \
    EC2_NETWORK_DHCP_START=192.168.150.10 EC2_NETWORK_DHCP_END=192.168.150.254 EC2_STORAGE_POOL_NAME=ec2-e2e \
    "$ROOT/scripts/ec2-as-service" >"$LOG_DIR/service.log" 2>&1 &
SERVICE_PID=$!

api() { in_ns curl -sS -H 'content-type: application/json' "$@"; }
cleanup() {
    local status=$?
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
        # Terminate whatever the tests left running in this service's data home
        for id in $(api "$BASE/api/instances" 2>/dev/null | grep -o '"id":"i-[0-9a-f]*","[^}]*' \
                | grep -v '"status":"terminated"' | grep -o 'i-[0-9a-f]*' | sort -u); do
            say "terminating leftover $id"
            api -XDELETE "$BASE/api/instances/$id" >/dev/null || true
        done
        kill "$SERVICE_PID" 2>/dev/null || true
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    exit $status
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 120); do
    code=$(in_ns curl -s -o "$LOG_DIR/health.json" -w '%{http_code}' "$BASE/api/monitor/health" || true)
    # 200 comes as soon as the port opens; ready once the startup steps (libvirt last) are done
    [ "$code" = 200 ] && ! grep -q '"status":"starting"' "$LOG_DIR/health.json" && break
    kill -0 "$SERVICE_PID" 2>/dev/null || die "the service stopped; see $LOG_DIR/service.log"
    sleep 0.5
done
[ "$code" = 200 ] && ! grep -q '"status":"starting"' "$LOG_DIR/health.json" \
    || die "the service is not ready (HTTP $code: $(cat "$LOG_DIR/health.json" 2>/dev/null)); see $LOG_DIR/service.log"
# the launcher's start with the archive make build (or make test) recorded, as make run starts it
case $(tr '\0' ' ' 2>/dev/null <"/proc/$SERVICE_PID/cmdline") in
    *" io.quarkus.runner.GeneratedMain"*) say "the service runs on the plain class path with the class-data archive" ;;
    *) [ ! -f target/quarkus-app/app-cds.jsa ] || die "the launcher did not start with target/quarkus-app/app-cds.jsa; see $LOG_DIR/service.log"
       say "the service runs with java -jar (no class-data archive)" ;;
esac
in_ns curl -sf "$BASE/" | grep -q 'id="root"' || die "$BASE/ does not serve the console: build with the UI"

say "importing the test guest $IMAGE"
api -XPOST "$BASE/api/images" -d "{\"id\":\"test-guest\",\"name\":\"Test guest (busybox)\",\"os\":\"linux\",
  \"arch\":\"amd64\",\"default_user\":\"ubuntu\",\"path\":\"$IMAGE\"}" -o "$LOG_DIR/import.json" -w '%{http_code}\n' \
    | grep -q 201 || die "import failed: $(cat "$LOG_DIR/import.json")"

say "running the browser tests"
in_ns env E2E_BASE_URL="$BASE" E2E_SCREENSHOTS="$ROOT/$SHOTS" CHROMIUM="$CHROMIUM" E2E_IMAGE_FILE="$IMAGE" \
    node --test --test-concurrency=1 --test-reporter=spec ${E2E_SPECS:-webui/e2e/*.spec.mjs}
