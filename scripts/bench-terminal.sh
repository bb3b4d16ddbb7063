#!/bin/bash
# Benchmark of the web terminal: echo round-trip latency through WS /api/ws/terminal/{id}
# beside a direct SSH session (PTY + shell) to the same VM in the same run, and the
# output throughput of both in MB/s. One t2.micro test guest, terminated afterwards.
#
# Usage: scripts/bench-terminal.sh      (as root; make bench can call it)
#
# Runs the JUnit benchmark TerminalBench (tagged `bench`, excluded from normal test
# runs) inside the test network namespace (scripts/testenv.sh exec), with its own data
# home (removed afterwards). The table is printed and kept in target/bench-terminal.txt; the figures
# go into target/bench.json under "terminal" (next to scripts/bench.sh's), for scripts/bench-summary.py.
# Maven's test phase only: the package phase would replace make build's jar (and its class-data archive).
#
# Environment:
#   BENCH_TERM_HOME=DIR   data home (default ~/.ec2-as-service-bench-terminal)
#   BENCH_KEEP=1          keep the data home afterwards
#   EC2_TEST_IMAGE=FILE   test guest (default ~/.cache/ec2-as-service/test-image/ec2-test-guest.qcow2)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
IMAGE=${EC2_TEST_IMAGE:-$HOME/.cache/ec2-as-service/test-image/ec2-test-guest.qcow2}
HOME_DIR=${BENCH_TERM_HOME:-$HOME/.ec2-as-service-bench-terminal}

[ -r "$IMAGE" ] || scripts/guest/build-test-image.sh "$(dirname "$IMAGE")" >/dev/null
scripts/testenv.sh up >/dev/null

case "$HOME_DIR" in /?*) ;; *) echo "bench-terminal: BENCH_TERM_HOME must be absolute" >&2; exit 1 ;; esac
[ "$HOME_DIR" != "$HOME" ] || { echo "bench-terminal: BENCH_TERM_HOME is not a dedicated directory" >&2; exit 1; }
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$HOME_DIR"' EXIT

mkdir -p target
LOG=target/bench-terminal.log
rm -f target/bench-terminal.json target/bench-terminal.txt
if ! scripts/testenv.sh exec env EC2_TEST_IMAGE="$IMAGE" EC2_TEST_HOME="$HOME_DIR" \
        timeout 900 ./mvnw -B -o test -Dtest=TerminalBench -Dtest.excluded.groups=none -Dsurefire.failIfNoSpecifiedTests=false \
        >"$LOG" 2>&1; then
    tail -n 60 "$LOG" >&2
    echo "bench-terminal: failed; full log in $LOG" >&2
    exit 1
fi
cat target/bench-terminal.txt
terminal=$(jq -c --arg when "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '. + {measured_at: $when}' target/bench-terminal.json)
if [ -s target/bench.json ] && jq -e 'type == "object"' target/bench.json >/dev/null 2>&1; then
    jq --argjson t "$terminal" '.terminal = $t' target/bench.json >target/bench.json.new
else
    jq -n --argjson t "$terminal" '{terminal: $t}' >target/bench.json.new
fi
mv target/bench.json.new target/bench.json
echo "bench-terminal: figures added to target/bench.json"
