#!/bin/bash
# make sandbox: the service inside the test namespace (no KVM, no internet needed), with the small test
# guest imported as image "test-guest", on 127.0.0.1:${EC2_HTTP_PORT:-8000} of that namespace.
# Ctrl-C stops the service; the namespace and its libvirtd stay (make test-env-down removes them).
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:?usage: scripts/sandbox.sh TEST_IMAGE}
home=${SANDBOX_HOME:-$HOME/.ec2-as-service-sandbox}
port=${EC2_HTTP_PORT:-8000}
in_ns() { scripts/testenv.sh exec "$@"; }

in_ns env EC2_HOME="$home" EC2_HTTP_PORT="$port" scripts/ec2-as-service &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null' EXIT INT TERM
for _ in $(seq 120); do
  # 200 comes as soon as the port opens; ready once the startup steps (libvirt last) are done
  health=$(in_ns curl -fs "http://127.0.0.1:$port/api/monitor/health") && [[ "$health" != *'"status":"starting"'* ]] && break
  sleep 1
done
in_ns curl -fs -o /dev/null -XPOST "http://127.0.0.1:$port/api/images" -H 'content-type: application/json' \
  -d "{\"id\":\"test-guest\",\"name\":\"ec2 test guest\",\"os\":\"linux\",\"arch\":\"amd64\",\"default_user\":\"ubuntu\",\"path\":\"$image\"}" \
  || echo "sandbox: test-guest already imported"
cat <<MSG
sandbox: the service runs inside namespace ${EC2_NETNS:-ec2test} on 127.0.0.1:$port (data home $home).
sandbox: from another terminal: make sandbox-shell, then for example
  curl -s 127.0.0.1:$port/api/monitor/health
  curl -s -XPOST 127.0.0.1:$port/api/ssh-key -H 'content-type: application/json' -d '{"name":"me","generate":true}'
  curl -s -XPOST 127.0.0.1:$port/api/instances -H 'content-type: application/json' \\
       -d '{"instance_type":"t2.nano","image_id":"test-guest","ssh_key_name":"me"}'
sandbox: Ctrl-C stops the service.
MSG
wait $service
