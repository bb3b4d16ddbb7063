#!/usr/bin/env python3
"""The last table of `make bench`: every figure of issue 13's table beside its goal, from target/bench.json.

Usage: scripts/bench-summary.py [target/bench.json]
A figure the run did not measure (e.g. scripts/bench-terminal.sh failed or was not run) shows as "not measured".
Exits 0 whether goals are met or not: the bench reports, it does not gate.
"""
import json
import sys


def get(d, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/bench.json"
    try:
        with open(path) as f:
            b = json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"bench-summary: cannot read {path}: {e}")
    rows = []

    def row(figure, measured, goal, met):
        # a goal whose figure is missing is not met
        rows.append((figure, measured if measured is not None else "not measured", goal,
                     "-" if not goal else ("yes" if met else "NO")))

    def ms(v):
        return f"{v:.1f} ms"

    rc = get(b, "api_ms", "rest_create")
    row("POST /api/instances answer", rc and f"p50 {ms(rc['p50'])}, p99 {ms(rc['p99'])} ({rc.get('samples', '?')})",
        "p50 <= 30 ms, p99 <= 100 ms", rc and rc["p50"] <= 30 and rc["p99"] <= 100)
    cc = get(b, "api_ms", "rest_create_concurrent")
    row(f"{cc['count'] if cc else 10} creates at once", cc and (
        f"max {ms(cc['max'])} (each: {' '.join(f'{v:.0f}' for v in cc['each'])} ms)"
        + (f"; {cc['failed']} failed" if cc.get("failed") else "")),
        "all <= 100 ms", cc and cc["max"] <= 100 and not cc.get("failed"))
    er = get(b, "api_ms", "ec2_run_instances")
    row("RunInstances answer", er and f"p50 {ms(er['p50'])}, p99 {ms(er['p99'])}", "", None)
    c = get(b, "create")
    for key, figure, goal, limit in (("running", "create -> running", "<= 1.0x by hand", 1.0),
                                     ("address", "create -> address leased", "", None),
                                     ("ssh", "create -> SSH answering", "<= 0.9x by hand", 0.9),
                                     ("running_to_ssh", "running -> SSH (guest boot)", "", None)):
        if c and key in c["service_s"]:
            s, m = c["service_s"][key], c["by_hand_s"][key]
            ratio = s / m if m else float("inf")
            row(figure, f"{s:.2f} s vs {m:.2f} s by hand ({ratio:.2f}x)", goal,
                None if limit is None else ratio <= limit)
        else:
            row(figure, None, goal, None if limit is None else False)
    rl = get(b, "api_ms", "rest_list")
    row(f"GET /api/instances, {rl['rows'] if rl else 1000} rows",
        rl and f"p50 {ms(rl['p50'])}, p95 {ms(rl['p95'])}, p99 {ms(rl['p99'])} ({rl.get('samples', '?')})",
        "p50 <= 5 ms, p95 <= 15 ms", rl and rl["p50"] <= 5 and rl["p95"] <= 15)
    ed = get(b, "api_ms", "ec2_describe_instances")
    row("DescribeInstances, same rows", ed and f"p50 {ms(ed['p50'])}, p95 {ms(ed['p95'])}", "", None)
    st = get(b, "start_to_health_s")
    row("start -> health 200", st and (
        f"median {st['median']:.2f} s ({' '.join(f'{v:.2f}' for v in st['each'])})"
        + (f"; CPUs {'/'.join(str(v) for v in st['quiet_busy_pct'])} % busy before" if "quiet_busy_pct" in st else "")),
        "<= 2.0 s", st and st["median"] <= 2.0)
    mem = get(b, "memory_mib")
    row("resident memory", mem and (
        f"{mem['idle']:.0f} MiB idle, {mem['after_requests']:.0f} MiB after {mem['requests']} mixed requests"),
        "<= 200 MiB after 10,000 mixed", mem and mem["after_requests"] <= 200 and mem["requests"] >= 10000)
    t = get(b, "terminal")
    row("web terminal echo", t and (
        f"{t['added_ms']['p50']:+.2f} ms p50 over direct SSH ({t['web_terminal_ms']['p50']:.2f} vs "
        f"{t['direct_ssh_ms']['p50']:.2f} ms; paired {t['added_ms']['paired_p50']:+.2f})"),
        "<= +1 ms p50", t and t["added_ms"]["p50"] <= 1.0)
    row("web terminal output", t and (
        f"{t['web_terminal_mb_s']:.1f} MB/s vs {t['direct_ssh_mb_s']:.1f} MB/s direct SSH"), "", None)

    widths = [max(len(r[i]) for r in rows + [("figure", "measured", "goal", "met?")]) for i in range(4)]
    line = " | ".join("{:<%d}" % w for w in widths)
    machine = b.get("machine", {})
    print()
    print(f"summary (issue 13), {b.get('measured_at', '?')} at {b.get('commit', '?')}, "
          f"{machine.get('cpus', '?')} CPUs, load average {machine.get('load_average', '?')}, guests {machine.get('guests', '?')}"
          + (f"; terminal measured {t['measured_at']}" if t and t.get("measured_at") else ""))
    print(line.format("figure", "measured", "goal", "met?"))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(line.format(*r))
    goals = [r for r in rows if r[3] != "-"]
    print(f"{sum(1 for r in goals if r[3] == 'yes')} of {len(goals)} goals met")


if __name__ == "__main__":
    main()
