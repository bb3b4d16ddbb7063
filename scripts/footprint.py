#!/usr/bin/env python3
"""Footprint of a running ec2-as-service: start -> health 200, resident memory idle and after N mixed requests.

Usage (inside the namespace the service runs in): footprint.py PORT PID START_EPOCH_NS [REQUESTS]
Prints one JSON object. The mix: list instances, health, stats, and every 20th request an unknown instance (404).
"""
import http.client
import json
import sys
import time


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    raise SystemExit("no VmRSS for pid %s" % pid)


def main():
    port, pid, start_ns = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    requests = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    ready = None
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/monitor/health")
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                ready = time.time_ns()
                break
        except OSError:
            pass
        time.sleep(0.02)
    if ready is None:
        raise SystemExit("the service did not answer health 200 within 120 s")
    out = {"start_to_health_s": round((ready - start_ns) / 1e9, 2), "rss_at_ready_mib": rss_mib(pid)}
    if requests == 0:
        print(json.dumps(out))
        return
    time.sleep(10)
    out["rss_idle_mib"] = rss_mib(pid)
    paths = ["/api/instances", "/api/monitor/health", "/api/monitor/stats", "/api/instances"]
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    statuses = {}
    t0 = time.time()
    for n in range(requests):
        path = "/api/instances/i-00000000" if n % 20 == 19 else paths[n % len(paths)]
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        statuses[r.status] = statuses.get(r.status, 0) + 1
    out["requests"] = requests
    out["requests_s"] = round(time.time() - t0, 1)
    out["statuses"] = statuses
    out["rss_after_requests_mib"] = rss_mib(pid)
    time.sleep(30)
    out["rss_30s_later_mib"] = rss_mib(pid)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
