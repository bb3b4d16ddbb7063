#!/bin/bash
# Benchmark of the web terminal: echo round-trip latency through WS /api/ws/terminal/{id}
# beside a direct SSH session (PTY + shell) to the same VM in the same run, and the
# output throughput of both in MB/s. One t2.micro test guest, terminated afterwards.
#
# Usage: scripts/bench-terminal.sh      (as root; make bench can call it)
#
# Runs the JUnit benchmark TerminalBench (tagged `bench`, excluded from normal test
# runs) inside the test network namespace (scripts/testenv.sh exec), with its own data
# home. The table is printed and kept in target/bench-terminal.txt.
#
# Environment:
#   BENCH_TERM_HOME=DIR   data home (default ~/.ec2-as-service-bench-terminal)
#   EC2_TEST_IMAGE=FILE   test guest (default ~/.cache/ec2-as-service/test-image/ec2-test-guest.qcow2)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
IMAGE=${EC2_TEST_IMAGE:-$HOME/.cache/ec2-as-service/test-image/ec2-test-guest.qcow2}
HOME_DIR=${BENCH_TERM_HOME:-$HOME/.ec2-as-service-bench-terminal}

[ -r "$IMAGE" ] || scripts/guest/build-test-image.sh "$(dirname "$IMAGE")" >/dev/null
scripts/testenv.sh up >/dev/null

mkdir -p target
LOG=target/bench-terminal.log
if ! scripts/testenv.sh exec env EC2_TEST_IMAGE="$IMAGE" EC2_TEST_HOME="$HOME_DIR" \
        ./mvnw -B -o verify -Dtest=TerminalBench -Dtest.excluded.groups=none -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
        >"$LOG" 2>&1; then
    tail -n 60 "$LOG" >&2
    echo "bench-terminal: failed; full log in $LOG" >&2
    exit 1
fi
cat target/bench-terminal.txt
