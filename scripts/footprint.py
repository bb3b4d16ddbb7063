#!/usr/bin/env python3
"""Footprint of a running ec2-as-service: start -> health 200, resident memory idle and after N mixed requests.

Usage (inside the namespace the service runs in):
    footprint.py PORT PID START_EPOCH_NS [REQUESTS] [--idle-wait S] [--later S] [--max-seconds S]

Prints one JSON object: start_to_health_s and rss_at_ready_mib; with REQUESTS > 0 (default 10000) also
rss_idle_mib (--idle-wait seconds after health, default 10), the requests' statuses and time, rss_after_requests_mib
and rss_30s_later_mib (--later seconds after them, default 30, names the key; 0 leaves it out). --max-seconds bounds the requests
(default: none); the object then says how many were sent. scripts/bench.sh calls it for `make bench`.
The mix, one keep-alive connection: list instances, health, stats, and every 20th request an unknown instance (404).
"""
import argparse
import http.client
import json
import time


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    raise SystemExit("no VmRSS for pid %s" % pid)


def wait_health(port, timeout_s=120, ready=False):
    """Epoch ns of the first health 200 (with ready: whose status is no longer "starting"), polled every 20 ms."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/monitor/health")
            r = c.getresponse()
            body = r.read()
            c.close()
            if r.status == 200 and not (ready and json.loads(body).get("status") == "starting"):
                return time.time_ns()
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"the service did not answer health 200 within {timeout_s} s")


def mixed_requests(port, requests, max_seconds=None):
    """Sends the mix; returns (sent, seconds, statuses)."""
    paths = ["/api/instances", "/api/monitor/health", "/api/monitor/stats", "/api/instances"]
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    statuses = {}
    t0 = time.time()
    sent = 0
    for n in range(requests):
        if max_seconds is not None and time.time() - t0 > max_seconds:
            break
        path = "/api/instances/i-00000000" if n % 20 == 19 else paths[n % len(paths)]
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        statuses[r.status] = statuses.get(r.status, 0) + 1
        sent += 1
    c.close()
    return sent, round(time.time() - t0, 1), statuses


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("port", type=int)
    p.add_argument("pid", type=int)
    p.add_argument("start_ns", type=int)
    p.add_argument("requests", type=int, nargs="?", default=10000)
    p.add_argument("--idle-wait", type=float, default=10)
    p.add_argument("--later", type=float, default=30)
    p.add_argument("--max-seconds", type=float, default=None)
    a = p.parse_args()
    ready = wait_health(a.port)
    out = {"start_to_health_s": round((ready - a.start_ns) / 1e9, 2), "rss_at_ready_mib": rss_mib(a.pid)}
    # the startup steps (image checks, grants, libvirt) finish after the port opens; health says when
    out["start_to_started_s"] = round((wait_health(a.port, ready=True) - a.start_ns) / 1e9, 2)
    if a.requests > 0:
        time.sleep(a.idle_wait)
        out["rss_idle_mib"] = rss_mib(a.pid)
        sent, seconds, statuses = mixed_requests(a.port, a.requests, a.max_seconds)
        out["requests"] = sent
        out["requests_s"] = seconds
        out["statuses"] = statuses
        out["rss_after_requests_mib"] = rss_mib(a.pid)
        if a.later > 0:
            time.sleep(a.later)
            out[f"rss_{a.later:g}s_later_mib"] = rss_mib(a.pid)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
