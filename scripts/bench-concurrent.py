#!/usr/bin/env python3
"""N creates through POST /api/instances at the same moment, for scripts/bench.sh.

Usage: bench-concurrent.py PORT N IMAGE_ID OUTDIR
Every connection is open and every thread waiting at a barrier before the first request leaves, so what is timed is
the service's answer, not the start of N client processes on a small machine. Writes OUTDIR/cc-I.json (the body)
and OUTDIR/cc-I.t ("STATUS SECONDS"), as the bench reads them.
"""
import http.client
import json
import sys
import threading
import time


def main():
    port, n, image, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(n)]
    for c in conns:
        c.connect()
    barrier = threading.Barrier(n)

    def create(i):
        body = json.dumps({"name": f"bench-at-once-{i}", "instance_type": "t2.nano", "image_id": image})
        status, data, seconds = 0, b"", 60.0
        barrier.wait()
        t0 = time.perf_counter()
        try:
            conns[i].request("POST", "/api/instances", body=body, headers={"content-type": "application/json"})
            r = conns[i].getresponse()
            data = r.read()
            status, seconds = r.status, time.perf_counter() - t0
        except Exception as e:  # noqa: BLE001 - any failure is reported as status 0 with its message
            data = str(e).encode()
        finally:
            with open(f"{out}/cc-{i}.json", "wb") as f:
                f.write(data)
            with open(f"{out}/cc-{i}.t", "w") as f:
                f.write(f"{status} {seconds:.6f}\n")

    threads = [threading.Thread(target=create, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in conns:
        c.close()


if __name__ == "__main__":
    main()
