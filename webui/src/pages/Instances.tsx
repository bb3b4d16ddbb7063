import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must, type Instance, type InstanceStatus } from "../api/client";
import { Empty, StatusBadge } from "../components/Status";
import { ago, dateTime } from "../lib/format";
import { memoryLabel } from "../lib/instanceTypes";
import { ActionButtons, useInstanceActions } from "../lib/instanceActions";
import { aboutInstance, applyToInstance, useLive } from "../lib/events";
import { onRovingKeyDown } from "../lib/roving";

const STATUSES: InstanceStatus[] = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "shutting-down",
  "error",
  "terminated",
];
type Filter = "active" | "all" | InstanceStatus;
const FILTERS: Filter[] = ["active", "all", ...STATUSES];

export function InstancesPage() {
  const { data, error, loading, reload } = useLive(
    () => must(api.GET("/api/instances")),
    (m) => aboutInstance(m),
    [],
    // a known instance is updated from the message itself; a new one is fetched with the list
    (m, list) => {
      const at = list.findIndex((i) => i.id === m.id);
      if (at < 0) return undefined;
      const next = [...list];
      next[at] = applyToInstance(m, list[at])!;
      return next;
    },
  );
  const [filter, setFilter] = useState<Filter>("active");
  const run = useInstanceActions(() => void reload());
  const navigate = useNavigate();

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const i of data ?? []) c[i.status ?? "?"] = (c[i.status ?? "?"] ?? 0) + 1;
    return c;
  }, [data]);
  const rows = useMemo(() => {
    const all = [...(data ?? [])].reverse(); // newest first
    if (filter === "all") return all;
    if (filter === "active") return all.filter((i) => i.status !== "terminated");
    return all.filter((i) => i.status === filter);
  }, [data, filter]);
  const activeCount = (data ?? []).filter((i) => i.status !== "terminated").length;

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Instances</h1>
          <p className="muted">Virtual machines on this host, updated as they change.</p>
        </div>
        <Link className="button primary" to="/launch">
          Launch instance
        </Link>
      </div>

      <div
        className="chips"
        role="radiogroup"
        aria-label="Filter by status"
        onKeyDown={(e) =>
          onRovingKeyDown(e, '[role="radio"]', (i) => setFilter(FILTERS[i]), { vertical: true })
        }
      >
        {FILTERS.map((f) => {
          const n = f === "active" ? activeCount : f === "all" ? (data?.length ?? 0) : (counts[f] ?? 0);
          return (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={filter === f}
              tabIndex={filter === f ? 0 : -1}
              className={`chip${filter === f ? " selected" : ""}${f !== "active" && f !== "all" ? ` chip-${f}` : ""}`}
              onClick={() => setFilter(f)}
            >
              {f} <span className="chip-count">{n}</span>
            </button>
          );
        })}
      </div>

      {error != null && !data && <div className="inline-error">Could not load instances.</div>}
      <div className="table-wrap card">
        <table className="table" aria-label="Instances">
          <thead>
            <tr>
              <th>Instance</th>
              <th>Type</th>
              <th>Status</th>
              <th>Address</th>
              <th>Key pair</th>
              <th>Image</th>
              <th>Launched</th>
              <th className="right">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <Row key={i.id} i={i} run={run} open={() => navigate(`/instances/${i.id}`)} />
            ))}
          </tbody>
        </table>
        {!loading && rows.length === 0 && (
          <Empty>
            {data?.length ? (
              <>No instance is {filter}.</>
            ) : (
              <>
                No instances yet. <Link to="/launch">Launch one</Link> from an available image.
              </>
            )}
          </Empty>
        )}
      </div>
    </section>
  );
}

function Row({
  i,
  run,
  open,
}: {
  i: Instance;
  run: ReturnType<typeof useInstanceActions>;
  open: () => void;
}) {
  return (
    <tr data-instance-id={i.id} className="clickable" onDoubleClick={open}>
      <td>
        <Link to={`/instances/${i.id}`} className="mono strong">
          {i.id}
        </Link>
        <div className="muted small">{i.name || "—"}</div>
      </td>
      <td>
        <span className="mono">{i.instance_type}</span>
        <div className="muted small">
          {i.vcpus} vCPU · {memoryLabel(i.memory_mb)}
        </div>
      </td>
      <td>
        <StatusBadge status={i.status} />
        {i.state_reason && (
          <div className="muted small reason" title={i.state_reason}>
            {i.state_reason}
          </div>
        )}
      </td>
      <td className="mono">{i.ip_address ?? "–"}</td>
      <td>{i.ssh_key_name ?? <span className="muted">none</span>}</td>
      <td className="mono small">{i.image_id}</td>
      <td title={dateTime(i.launched_at ?? i.created_at)}>{ago(i.launched_at ?? i.created_at)}</td>
      <td className="right">
        {i.status !== "terminated" && <ActionButtons instance={i} run={run} compact />}
      </td>
    </tr>
  );
}
