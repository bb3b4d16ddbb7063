#!/usr/bin/env bash
# Makes target/quarkus-app/app-cds.jsa, the class-data archive scripts/ec2-as-service starts with: a JDK dynamic
# archive (-XX:ArchiveClassesAtExit) of the classes a real start of the service loads, taken from one start through
# the launcher itself (same JVM, same flags, same class path: EC2_CDS_RECORD) that answers a few requests and is then
# stopped.
#
# Why not Quarkus's own (quarkus.package.jar.appcds.enabled): it is recorded from a start that stops before the
# runtime initialisation, so the classes Hibernate, Jackson, Vert.x and the service load while starting are not in
# it (about 5,900 of the classes of a start came from it).
#
# The launcher records and starts on a plain class path of the app directory's jars, not through Quarkus's class
# loader: JDK 17 archives the classes of its own class loaders whole (linked at the dump, their lambdas too), and
# serves them without reading their jars. Of the ~13,000 classes of a start, ~12,700 come from the archive.
#
# That start touches nothing of the machine's: its data home is a fresh temporary directory, it listens on a free
# loopback port, and its libvirt URI names a socket that does not exist (no daemon is reached, no network or pool is
# made; the service only reports libvirt as unreachable). Without a JDK that can write the archive the service
# simply starts without one: the script warns and exits 0.
#
# Before recording, the jars are rewritten with stored entries (scripts/StoreJars.java).
#
# Usage: scripts/build-cds.sh      (make build runs it after ./mvnw package)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP=$ROOT/target/quarkus-app
ARCHIVE=$APP/app-cds.jsa
say() { echo "build-cds: $*" >&2; }

[ -f "$APP/quarkus-run.jar" ] || { say "$APP/quarkus-run.jar is missing: run ./mvnw package first"; exit 1; }
rm -f "$ARCHIVE" "$ARCHIVE.part"

TMP=$(mktemp -d)
PID=
cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
        kill -9 "$PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
    rm -f "$ARCHIVE.part"
}
trap cleanup EXIT

# first the jars' entries stored, not deflated (scripts/StoreJars.java says why); before the recording, because the
# archive checks the size and time of the jars on the JVM's own class path
# (a failure may leave some jars deflated, each one whole: the service then starts as before, a little slower)
if "${JAVA:-java}" "$ROOT/scripts/StoreJars.java" "$APP" >"$TMP/store.log" 2>&1; then
    say "$(tail -n 1 "$TMP/store.log")"
else
    tail -n 5 "$TMP/store.log" >&2
    say "warning: some jars may stay deflated (scripts/StoreJars.java failed)"
fi

mkdir -p "$TMP/home"
# port 0: the JVM takes a free one and Quarkus names it in its start line
# (Quarkus's own port and host settings, should the environment carry them, would win over these)
# (and the launcher's own flags only: flags of the caller's EC2_JAVA_OPTS would be recorded into the archive too)
env -u QUARKUS_HTTP_PORT -u QUARKUS_HTTP_HOST -u EC2_JAVA_OPTS EC2_APP="$APP" \
    EC2_HOME=$TMP/home EC2_HTTP_HOST=127.0.0.1 EC2_HTTP_PORT=0 \
    EC2_LIBVIRT_URI="qemu:///system?socket=$TMP/no-libvirtd.sock" \
    EC2_CDS_RECORD="$ARCHIVE.part" \
    "$ROOT/scripts/ec2-as-service" >"$TMP/service.log" 2>&1 </dev/null &
PID=$!

ready=
BASE=
for _ in $(seq 1 600); do
    kill -0 "$PID" 2>/dev/null || break
    [ -n "$BASE" ] || BASE=$(grep -o 'Listening on: http://127\.0\.0\.1:[0-9]*' "$TMP/service.log" | head -n 1 | cut -d' ' -f3 || true)
    if [ -n "$BASE" ] && curl -s -m 5 -o "$TMP/health.json" "$BASE/api/monitor/health" && ! grep -q '"status":"starting"' "$TMP/health.json"; then
        ready=1
        break
    fi
    sleep 0.1
done
if [ -z "$ready" ]; then
    tail -n 30 "$TMP/service.log" >&2
    say "warning: the service did not come up for recording; it will start without a class-data archive"
    exit 0
fi

# what a first visit does besides health (asked above): the console, the lists it shows, the API document, an
# unknown instance, a bad request
for path in / /api/instances /api/images /api/ssh-key /api/instance-types /api/limits /api/monitor/stats \
    /docs/ /openapi /api/instances/i-00000000; do
    curl -s -m 10 -o /dev/null "$BASE$path" || true
done
curl -s -m 10 -o /dev/null -H 'content-type: application/json' -d '{"instance_type":"none"}' "$BASE/api/instances" || true

# the archive is written while the JVM exits
kill "$PID" 2>/dev/null || true
for _ in $(seq 1 600); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$PID" 2>/dev/null; then
    say "warning: the recording start did not stop within 60 s; the service will start without a class-data archive"
    exit 0   # the trap kills it and removes the partial archive
fi
wait "$PID" 2>/dev/null || true
PID=
if [ -s "$ARCHIVE.part" ]; then
    mv -f "$ARCHIVE.part" "$ARCHIVE"
    say "wrote $ARCHIVE ($(du -m "$ARCHIVE" | cut -f1) MiB)"
else
    grep -i 'cds\|archive' "$TMP/service.log" | tail -n 5 >&2 || true
    say "warning: the JVM wrote no archive; the service will start without one"
fi
