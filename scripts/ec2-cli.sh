#!/usr/bin/env bash
# The EC2 API driven by the aws CLI (issue 12): the packaged service runs inside the test namespace with its own data
# home, port, network and pool; the CLI imports a key, launches with user data and tags, waits, logs in over SSH,
# stops, changes the type (the guest then has the new memory), starts, terminates, and the domain, disk and DHCP
# reservation are then gone.
#
# Prerequisites: target/quarkus-app built (make build), the aws CLI (v1 or v2), the namespace up (scripts/testenv.sh up) and the
# test guest (make test-image). The service's output goes to target/ec2-cli/service.log.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TESTENV=${TESTENV:-scripts/testenv.sh}
PORT=${EC2_CLI_PORT:-18090}
CLI_HOME=${EC2_CLI_HOME:-$HOME/.ec2-as-service-cli${EC2_NETNS:+-$EC2_NETNS}}
IMAGE=${EC2_TEST_IMAGE:-${XDG_CACHE_HOME:-$HOME/.cache}/ec2-as-service/test-image/ec2-test-guest.qcow2}
APP=target/quarkus-app/quarkus-run.jar
BASE=http://127.0.0.1:$PORT
LOG_DIR=target/ec2-cli

die() { echo "ec2-cli: FAILED: $*" >&2; exit 1; }
say() { echo "ec2-cli: $*" >&2; }
[ -f "$APP" ] || die "$APP is missing: build it with make build"
[ -f "$IMAGE" ] || die "test guest $IMAGE is missing: make test-image"
# the namespace's PATH may not have pyenv's shims: call the CLI by its real path
AWS=${AWS:-$( (pyenv which aws 2>/dev/null || command -v aws) | head -1)}
[ -x "$AWS" ] || die "the aws CLI is missing (apt-get install awscli)"
in_ns() { "$TESTENV" exec "$@"; }
in_ns true || die "the test namespace is not up: scripts/testenv.sh up"

mkdir -p "$LOG_DIR"
rm -rf "$CLI_HOME"
WORK=$(mktemp -d)

say "starting the service on $BASE (data home $CLI_HOME)"
# as make run starts it (scripts/ec2-as-service). testenv exec, env and the launcher exec what they run, so $! is
# the JVM itself (through the in_ns function it would be a subshell that java could outlive, and testenv down could
# not delete the namespace)
"$TESTENV" exec env EC2_HOME="$CLI_HOME" EC2_HTTP_PORT="$PORT" \
    EC2_NETWORK_NAME=ec2-cli EC2_NETWORK_GATEWAY=192.168.151.1 \
    EC2_NETWORK_DHCP_START=192.168.151.10 EC2_NETWORK_DHCP_END=192.168.151.254 EC2_STORAGE_POOL_NAME=ec2-cli \
    "$ROOT/scripts/ec2-as-service" >"$LOG_DIR/service.log" 2>&1 &
SERVICE_PID=$!

ec2() {
    in_ns env AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= \
        "$AWS" --endpoint-url "$BASE" --output text ec2 "$@"
}
cleanup() {
    local status=$?
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
        for id in $(ec2 describe-instances --filters Name=instance-state-name,Values=pending,running,stopping,stopped \
                --query 'Reservations[].Instances[].InstanceId' 2>/dev/null || true); do
            say "terminating leftover $id"
            ec2 terminate-instances --instance-ids "$id" >/dev/null 2>&1 || true
        done
        kill "$SERVICE_PID" 2>/dev/null || true
        # a graceful stop of the service, then no more waiting: a java left behind keeps the namespace busy
        for _ in $(seq 1 20); do
            kill -0 "$SERVICE_PID" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$SERVICE_PID" 2>/dev/null; then
            say "the service did not stop within 20 s; killing it"
            kill -9 "$SERVICE_PID" 2>/dev/null || true
        fi
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
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

in_ns curl -sS -o "$LOG_DIR/import.json" -w "%{http_code}\n" -XPOST -H "content-type: application/json" "$BASE/api/images" -d "{\"id\":\"cli-guest\",
  \"name\":\"cli-guest\",\"os\":\"linux\",\"arch\":\"amd64\",\"default_user\":\"ubuntu\",\"path\":\"$IMAGE\"}" \
    | grep -q 201 || die "importing the test guest failed: $(cat "$LOG_DIR/import.json")"

AMI=$(ec2 describe-images --filters Name=name,Values=cli-guest --query 'Images[0].ImageId')
[[ "$AMI" == ami-* ]] || die "describe-images gave '$AMI'"
say "image $AMI"

ssh-keygen -q -t ed25519 -N '' -C cli -f "$WORK/key"
ec2 import-key-pair --key-name cli-key --public-key-material "fileb://$WORK/key.pub" >/dev/null
printf '#!/bin/sh\necho from-the-cli > /tmp/cli-user-data\n' >"$WORK/user-data"

ID=$(ec2 run-instances --image-id "$AMI" --instance-type t2.nano --count 1 --key-name cli-key \
    --user-data "file://$WORK/user-data" \
    --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=cli-vm},{Key=env,Value=cli}]' \
    --query 'Instances[0].InstanceId')
[[ "$ID" == i-* ]] || die "run-instances gave '$ID'"
say "launched $ID; waiting for instance-running"
ec2 wait instance-running --instance-ids "$ID"
[ "$(ec2 describe-instances --filters Name=tag:env,Values=cli --query 'Reservations[].Instances[].InstanceId')" = "$ID" ] \
    || die "the tag filter does not find $ID"
IP=$(ec2 describe-instances --instance-ids "$ID" --query 'Reservations[0].Instances[0].PrivateIpAddress')
say "$ID runs at $IP; logging in with the imported key"

ssh_guest() {
    in_ns ssh -i "$WORK/key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 \
        -o BatchMode=yes -o LogLevel=ERROR "ubuntu@$IP" "$@"
}
for _ in $(seq 1 60); do
    out=$(ssh_guest cat /tmp/cli-user-data 2>/dev/null || true)
    [ "$out" = from-the-cli ] && break
    sleep 3
done
[ "$out" = from-the-cli ] || die "SSH with the key did not show the user data's output (got '$out')"

mem_kb() { ssh_guest grep MemTotal /proc/meminfo 2>/dev/null | tr -dc 0-9; }
before=$(mem_kb || true)
[ -n "$before" ] && [ "$before" -lt 524288 ] || die "a t2.nano should have less than 512 MiB (MemTotal '$before' kB)"
MAC=$(in_ns curl -sS "$BASE/api/instances/$ID" | python3 -c 'import json,sys;print(json.load(sys.stdin)["mac_address"])')

say "stop, modify-instance-attribute --instance-type t2.micro, start"
ec2 stop-instances --instance-ids "$ID" >/dev/null
ec2 wait instance-stopped --instance-ids "$ID"
ec2 modify-instance-attribute --instance-id "$ID" --instance-type Value=t2.micro
type=$(ec2 describe-instance-attribute --instance-id "$ID" --attribute instanceType --query 'InstanceType.Value')
[ "$type" = t2.micro ] || die "describe-instance-attribute gave the type '$type' after the change"
ec2 start-instances --instance-ids "$ID" >/dev/null
ec2 wait instance-running --instance-ids "$ID"
after=
for _ in $(seq 1 60); do
    after=$(mem_kb || true)
    [ -n "$after" ] && break
    sleep 3
done
# 1 GiB less what the kernel keeps for itself
[ -n "$after" ] && [ "$after" -gt 786432 ] || die "after the change to t2.micro the guest has MemTotal '$after' kB (was $before)"
say "the guest has $after kB (was $before kB)"

say "terminate"
ec2 terminate-instances --instance-ids "$ID" >/dev/null
ec2 wait instance-terminated --instance-ids "$ID"

if in_ns virsh -q -c qemu:///system dominfo "$ID" >/dev/null 2>&1; then
    die "the domain $ID is still defined after termination"
fi
if in_ns virsh -q -c qemu:///system net-dumpxml ec2-cli | grep -qi "$MAC"; then
    die "the DHCP reservation of $ID ($MAC) remains after termination"
fi
left=$(find "$CLI_HOME" -path "*$ID*" -type f 2>/dev/null | grep -v '\.log$' || true)
[ -z "$left" ] || die "files of $ID remain after termination: $left"
ec2 delete-key-pair --key-name cli-key >/dev/null
say "passed: import-key-pair, run-instances (user data, tags), wait, SSH, stop, modify-instance-attribute --instance-type, start (new memory), terminate; domain, disk and reservation gone"
