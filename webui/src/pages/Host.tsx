import { api, must, type Health, type Stats } from "../api/client";
import { Bar, StatusBadge } from "../components/Status";
import { bytes, percent } from "../lib/format";
import { useLive } from "../lib/events";

export function HostPage({ health }: { health?: Health }) {
  // host samples carry the very body of GET /api/monitor/stats, every few seconds while the console listens
  const { data: stats } = useLive(
    () => must(api.GET("/api/monitor/stats")),
    (m) => m.type === "host",
    [],
    (m) => m.data as Stats,
  );
  const mem = stats?.memory;
  const disk = stats?.disk;
  const memPct = percent(mem?.used_bytes, mem?.total_bytes);
  const diskUsed = (disk?.total_bytes ?? 0) - (disk?.free_bytes ?? 0);
  const diskPct = percent(diskUsed, disk?.total_bytes);
  const cpuPct = stats?.cpu?.usage_percent ?? 0;

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Host</h1>
          <p className="muted">
            What this machine has left for instances (REQ-LIM-003), and the service's health.
          </p>
        </div>
      </div>

      <div className="metric-grid">
        <div className="card metric" data-testid="metric-cpu">
          <div className="metric-label">CPU</div>
          <div className="metric-value">{cpuPct.toFixed(0)}%</div>
          <Bar value={cpuPct} label="CPU use" />
          <div className="muted small">{stats?.cpu?.count ?? "–"} logical CPUs</div>
        </div>
        <div className="card metric" data-testid="metric-memory">
          <div className="metric-label">Memory</div>
          <div className="metric-value">
            {bytes(mem?.used_bytes)} <span className="muted">/ {bytes(mem?.total_bytes)}</span>
          </div>
          <Bar value={memPct} label="Memory use" />
          <div className="muted small">
            {bytes(mem?.available_bytes)} available · launches need 4 GiB free
          </div>
        </div>
        <div className="card metric" data-testid="metric-disk">
          <div className="metric-label">Disk</div>
          <div className="metric-value">
            {bytes(diskUsed)} <span className="muted">/ {bytes(disk?.total_bytes)}</span>
          </div>
          <Bar value={diskPct} label="Disk use" />
          <div className="muted small mono" title={disk?.path}>
            {bytes(disk?.free_bytes)} free on {disk?.path}
          </div>
        </div>
        <div className="card metric">
          <div className="metric-label">Instances</div>
          <div className="instance-counts">
            {Object.entries(stats?.instances ?? {})
              .filter(([s, n]) => n > 0 || s === "running")
              .map(([s, n]) => (
                <div key={s} className="count-row">
                  <StatusBadge status={s} /> <strong>{n}</strong>
                </div>
              ))}
          </div>
        </div>
      </div>

      <div className="card">
        <div className="chart-head">
          <h2>CPU and memory, last minutes</h2>
          <div className="legend">
            <span className="legend-cpu">CPU %</span>
            <span className="legend-mem">Memory %</span>
          </div>
        </div>
        <Chart stats={stats} />
      </div>

      <HealthCard health={health} />
    </section>
  );
}

function Chart({ stats }: { stats?: Stats }) {
  const history = stats?.history ?? [];
  const total = stats?.memory?.total_bytes ?? 0;
  const W = 600;
  const H = 140;
  if (history.length < 2) return <p className="muted">Collecting samples…</p>;
  const t0 = new Date(history[0].at!).getTime();
  const t1 = new Date(history[history.length - 1].at!).getTime();
  const span = Math.max(1, t1 - t0);
  const line = (value: (s: (typeof history)[number]) => number) =>
    history
      .map((s) => {
        const x = ((new Date(s.at!).getTime() - t0) / span) * W;
        const y = H - (Math.min(100, Math.max(0, value(s))) / 100) * H;
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      })
      .join(" ");
  const minutes = Math.round(span / 60000);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label="CPU and memory history"
      >
        {[25, 50, 75].map((g) => (
          <line key={g} x1={0} x2={W} y1={H - (g / 100) * H} y2={H - (g / 100) * H} className="grid" />
        ))}
        <polyline points={line((s) => percent(s.memory_used_bytes, total))} className="line-mem" />
        <polyline points={line((s) => s.cpu_percent ?? 0)} className="line-cpu" />
      </svg>
      <figcaption className="muted small">
        {history.length} samples over {minutes < 1 ? "less than a minute" : `${minutes} min`}; 0–100%
      </figcaption>
    </figure>
  );
}

/** What the service's last attempt to start its network or pool ran into, and when it tries again. */
function lastError(o: { last_error?: string; next_attempt_at?: string }): string {
  if (!o.last_error) return "";
  const next = o.next_attempt_at ? `; next try ${new Date(o.next_attempt_at).toLocaleTimeString()}` : "";
  return ` — start failed: ${o.last_error}${next}`;
}

function HealthCard({ health }: { health?: Health }) {
  if (!health) return null;
  const lv = health.libvirt;
  const rows: [string, React.ReactNode][] = [
    ["Overall", <StatusBadge key="s" status={health.status} />],
    [
      "libvirt",
      lv?.connected ? (
        <span key="l">
          connected to <code>{lv.uri}</code> — libvirt {lv.libvirt_version}, {lv.hypervisor}{" "}
          {lv.hypervisor_version}
        </span>
      ) : (
        <span key="l" className="error-text">
          unavailable: {lv?.error ?? "not connected"}
        </span>
      ),
    ],
    [
      "Accelerator",
      `${health.accelerator?.in_use ?? "–"} (configured ${health.accelerator?.configured ?? "–"})${
        health.accelerator?.reason ? ` — ${health.accelerator.reason}` : ""
      }`,
    ],
    [
      "Network mode",
      `${health.network_mode?.in_use ?? "–"} (configured ${health.network_mode?.configured ?? "–"})${
        health.network_mode?.reason ? ` — ${health.network_mode.reason}` : ""
      }`,
    ],
    [
      "Network",
      health.network
        ? `${health.network.name}: ${health.network.active ? "active" : "inactive"}, ${health.network.gateway}/${health.network.prefix}, DHCP ${health.network.dhcp_start}–${health.network.dhcp_end}${lastError(health.network)}`
        : health.network_mode?.in_use === "user"
          ? "none: QEMU user-mode networking per instance, SSH forwarded from 127.0.0.1"
          : "–",
    ],
    [
      "Storage pool",
      health.storage_pool
        ? `${health.storage_pool.name}: ${health.storage_pool.active ? "active" : "inactive"} at ${health.storage_pool.path}${lastError(health.storage_pool)}`
        : "–",
    ],
    [
      "Database",
      health.database?.ok
        ? `ok, schema v${health.database.schema_version}`
        : `error: ${health.database?.error ?? "unknown"}`,
    ],
  ];
  return (
    <div className="card">
      <h2>Health</h2>
      <dl className="fields health-fields">
        {rows.map(([k, v]) => (
          <div className="field-item" key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {!!health.warnings?.length && (
        <div className="callout callout-warn">
          <strong>Warnings</strong>
          <ul>
            {health.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
